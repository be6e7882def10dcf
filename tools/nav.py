"""Generate navigation for the notebooks (``make nav``; ``make execute`` runs it first).

* In every notebook, the markdown cell whose first line is ``<!-- nav -->`` gets links to the
  start page and to the previous and next notebooks, in file-name order.
* In ``00_start_here.ipynb``, the markdown cell whose first line is ``<!-- contents -->`` gets a
  table of the lessons: title and the one-line summary each notebook keeps in its metadata
  (``metadata["normgrad"]["summary"]``) or, failing that, the first paragraph of its first cell.

``python tools/nav.py --check`` exits 1 if any notebook is out of date (the tests use it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAV_MARK = "<!-- nav -->"
CONTENTS_MARK = "<!-- contents -->"
START = "00_start_here.ipynb"


# Titles go into links and a markdown table, where LaTeX is fragile (a "|" ends a table cell):
# write the little LaTeX they use in Unicode instead.
_PLAIN = [("$", ""), ("\\|", "‖"), ("\\nabla", "∇"), ("_2", "₂"), ("^2", "²")]


def plain(text: str) -> str:
    """``text`` with the LaTeX of a title (``$\\|x\\|_2^2$``) written in Unicode (``‖x‖₂²``)."""
    for latex, unicode in _PLAIN:
        text = text.replace(latex, unicode)
    return text


def title_and_summary(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """Return the notebook's title (its first heading) and its one-line summary."""
    first = next(c for c in nb.cells if c.cell_type == "markdown")
    lines = [line.strip() for line in first.source.splitlines()]
    title = plain(next(line.lstrip("#").strip() for line in lines if line.startswith("#")))
    summary = nb.metadata.get("normgrad", {}).get("summary", "")
    if not summary:
        body = [ln for ln in lines if ln and not ln.startswith("#")]
        summary = body[0] if body else ""
    return title, summary


def nav_source(paths: list[Path], index: int, titles: list[str]) -> str:
    """The markdown of the navigation cell of ``paths[index]``."""
    parts = []
    if index > 0:
        parts.append(f"← Previous: [{titles[index - 1]}]({paths[index - 1].name})")
    if paths[index].name != START:
        parts.append(f"[Start page]({START})")
    if index + 1 < len(paths):
        parts.append(f"Next: [{titles[index + 1]}]({paths[index + 1].name}) →")
    return NAV_MARK + "\n\n---\n\n" + " · ".join(parts)


def contents_source(paths: list[Path], notebooks: list[nbformat.NotebookNode]) -> str:
    """The markdown table of lessons for the start page."""
    rows = ["| # | Notebook | What it teaches |", "|---|---|---|"]
    for path, nb in zip(paths, notebooks, strict=True):
        if path.name == START:
            continue
        title, summary = title_and_summary(nb)
        rows.append(f"| {path.name[:2]} | [{title}]({path.name}) | {summary} |")
    return CONTENTS_MARK + "\n\n" + "\n".join(rows)


def generate(check: bool = False) -> list[Path]:
    """Update (or, with ``check``, only compare) every notebook; return the stale ones."""
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    notebooks = [nbformat.read(p, as_version=4) for p in paths]
    titles = [title_and_summary(nb)[0] for nb in notebooks]
    stale = []
    for i, (path, nb) in enumerate(zip(paths, notebooks, strict=True)):
        changed = False
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            if cell.source.startswith(NAV_MARK):
                new = nav_source(paths, i, titles)
            elif cell.source.startswith(CONTENTS_MARK):
                new = contents_source(paths, notebooks)
            else:
                continue
            if cell.source != new:
                cell.source = new
                changed = True
        if changed:
            stale.append(path)
            if not check:
                nbformat.write(nb, path)
    return stale


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = generate(check=check)
    for path in stale:
        print(("out of date: " if check else "updated: ") + str(path))
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
