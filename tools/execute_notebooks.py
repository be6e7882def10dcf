"""Re-execute notebooks in place, top to bottom, each in a fresh kernel (``make execute``).

Usage: python tools/execute_notebooks.py notebooks/01_*.ipynb ...

Outputs are stored so the notebooks read well on the web and strict nbval checks them. No
timing metadata is recorded, so re-running an unchanged notebook leaves it unchanged.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> float:
    """Execute the notebook at ``path`` in place and return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(Path("notebooks").glob("*.ipynb"))
    for path in paths:
        seconds = execute(path)
        print(f"executed {path} ({seconds:.1f} s including kernel start)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
