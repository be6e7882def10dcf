"""``make bench`` (benchmarks/run.py) exits 0 only when every benchmark meets its targets."""

import sys
import types
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import run  # noqa: E402


@pytest.mark.parametrize(("results", "status"), [((True, True), 0), ((True, False), 1)])
def test_exit_status_says_whether_every_target_was_met(monkeypatch, results, status):
    names = [f"fake_bench_{k}" for k in range(len(results))]
    for name, ok in zip(names, results, strict=True):
        module = types.ModuleType(name)
        module.main = lambda ok=ok: types.SimpleNamespace(ok=ok)  # like bench_core's Result
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(run, "BENCHMARKS", names)
    assert run.main() == status
