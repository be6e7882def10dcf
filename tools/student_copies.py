"""Write the students' copies of the notebooks: no solutions, no outputs (``make student``).

Usage: python tools/student_copies.py [--output build/student] [notebooks/*.ipynb ...]

Each copy is the lesson run through nbconvert's ``TagRemovePreprocessor`` (every cell tagged
``solution`` is removed; with ``--to notebook`` nbconvert leaves it disabled unless told, so it is
enabled here explicitly) and ``ClearOutputPreprocessor`` (outputs and execution counts); the
saved widget state is dropped too, as it is output. Cell ids, the kernelspec and every other
cell stay as they are, and all the copies land in one folder, so the navigation links between
notebooks (relative, e.g. ``02_derivative_of_the_norm.ipynb``) still resolve.

Hand the folder out as it is (zip it, or commit it to a separate repository for nbgitpuller);
the lessons with their solutions stay in ``notebooks/``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from traitlets.config import Config

REPO = Path(__file__).resolve().parent.parent
SOLUTION_TAG = "solution"
SOLUTION_MARK = re.compile(r"<details>\s*<summary>\s*Solution", re.IGNORECASE)


def exporter() -> NotebookExporter:
    config = Config()
    config.TagRemovePreprocessor.enabled = True  # off by default with --to notebook
    config.TagRemovePreprocessor.remove_cell_tags = {SOLUTION_TAG}
    config.ClearOutputPreprocessor.enabled = True
    return NotebookExporter(config=config)


def student_copy(path: Path, output: Path) -> Path:
    """Write the student's copy of the notebook at ``path`` into the folder ``output``."""
    body, _ = exporter().from_filename(str(path))
    nb = nbformat.reads(body, as_version=4)
    nb.metadata.pop("widgets", None)  # saved widget views are outputs too
    nbformat.validate(nb)
    target = output / path.name
    nbformat.write(nb, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--output", type=Path, default=REPO / "build" / "student")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((REPO / "notebooks").glob("*.ipynb"))
    args.output.mkdir(parents=True, exist_ok=True)
    leaks = []
    for path in paths:
        before = nbformat.read(path, as_version=4)
        removed = sum(SOLUTION_TAG in c.metadata.get("tags", []) for c in before.cells)
        target = student_copy(path, args.output)
        print(f"{target}  ({removed} solution cell{'s' * (removed != 1)} removed)")
        after = nbformat.read(target, as_version=4)
        leaks += [f"{target}: cell {c.id}" for c in after.cells if SOLUTION_MARK.search(c.source)]
    if leaks:
        print(
            "error: these cells of the copies still hold a <details><summary>Solution (tag the "
            f"lesson's solution cell {SOLUTION_TAG!r}, with the solution alone in it):\n  "
            + "\n  ".join(leaks),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
