import os

from hypothesis import HealthCheck, settings

# Shared machines are slow and noisy: correctness, not timing, is what the tests assert.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300
)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")
