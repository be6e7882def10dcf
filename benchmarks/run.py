"""Run every benchmark and print its ratios (``make bench``).

Each benchmark module in this folder exposes ``main()``, prints what it measured against a
baseline measured in the same run, and returns a true value when its targets are met.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_core", "bench_explorers"]


def main() -> int:
    sys.path.insert(0, str(HERE))
    failed = []
    for name in BENCHMARKS:
        print(f"== {name}")
        module = importlib.import_module(name)
        result = module.main()
        ok = result if isinstance(result, bool) else bool(getattr(result, "ok", result))
        if not ok:
            failed.append(name)
    if failed:
        print("targets missed: " + ", ".join(failed))
        return 1
    print("all benchmark targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
