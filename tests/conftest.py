import os

from hypothesis import HealthCheck, settings

# Shared machines are slow and noisy: correctness, not timing, is what the tests assert.
# `make test` runs the default profile (CI, with CI=true, runs more examples); `make test-fast`,
# the edit loop, sets NORMGRAD_TEST_FAST=1 and draws fewer examples per property.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300
)
settings.register_profile(
    "fast", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=30
)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")
elif os.environ.get("NORMGRAD_TEST_FAST") == "1":
    settings.load_profile("fast")
else:
    settings.load_profile("default")
