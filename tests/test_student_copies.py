"""The students' copies (``make student``): no solutions, no outputs, and each one still runs.

The copies are built into a temporary folder with ``tools/student_copies.py`` (what
``make student`` runs), then each is executed top to bottom in a fresh kernel. A last check reads
the real lessons: a worked solution must sit alone in a cell tagged ``solution``, or removing
the tagged cells would take a hint or the next exercise with it (or leave the solution in).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.classroom

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
NAMES = [path.name for path in NOTEBOOKS]
SOLUTION_TAG = "solution"
SOLUTION_MARK = re.compile(r"<details>\s*<summary>\s*Solution", re.IGNORECASE)
LINK = re.compile(r"\]\(([^)\s]+)\)|(?:src|href)=\"([^\"]+)\"")


def is_solution(cell) -> bool:
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("student")
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "student_copies.py"), "--output", str(output)],
        check=True,
        cwd=REPO,
    )
    return output


def read(folder: Path, name: str) -> nbformat.NotebookNode:
    return nbformat.read(folder / name, as_version=4)


def test_one_copy_per_notebook(copies):
    assert sorted(p.name for p in copies.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_copy_keeps_every_other_cell_its_id_and_the_kernelspec(copies, name):
    lesson, copy = read(REPO / "notebooks", name), read(copies, name)
    kept = [(c.id, c.cell_type, c.source) for c in lesson.cells if not is_solution(c)]
    assert [(c.id, c.cell_type, c.source) for c in copy.cells] == kept
    assert copy.metadata.kernelspec == lesson.metadata.kernelspec
    exercise_cells = [c.id for c in lesson.cells if "exercises.check(" in c.source]
    assert [c.id for c in copy.cells if "exercises.check(" in c.source] == exercise_cells
    nbformat.validate(copy)


@pytest.mark.parametrize("name", NAMES)
def test_copy_has_no_solution_and_no_output(copies, name):
    lesson, copy = read(REPO / "notebooks", name), read(copies, name)
    for cell in copy.cells:
        assert not is_solution(cell), cell.id
        assert not SOLUTION_MARK.search(cell.source), f"solution left in cell {cell.id}"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.id
    assert "widgets" not in copy.metadata
    # No line of 30 characters or more that only a solution cell holds (not a hint, a statement
    # or any other cell) is left anywhere in the copy.
    elsewhere = {
        line.strip() for c in lesson.cells if not is_solution(c) for line in c.source.splitlines()
    }
    solution_lines = {
        line.strip()
        for c in lesson.cells
        if is_solution(c)
        for line in c.source.splitlines()
        if len(line.strip()) >= 30 and line.strip() not in elsewhere
    }
    text = "\n".join(c.source for c in copy.cells)
    left = sorted(line for line in solution_lines if line in text)
    assert not left, f"solution text left in the copy: {left[:3]}"


@pytest.mark.parametrize("name", NAMES)
def test_links_between_copies_resolve(copies, name):
    for cell in read(copies, name).cells:
        if cell.cell_type != "markdown":
            continue
        for match in LINK.finditer(cell.source):
            target = (match.group(1) or match.group(2)).split("#")[0]
            if not target or re.match(r"[a-z]+:", target):
                continue  # an anchor in the same notebook, or an absolute URL
            assert (copies / target).exists(), f"{name}, cell {cell.id}: {target} is missing"


@pytest.mark.parametrize("name", NAMES)
def test_copy_runs_top_to_bottom_in_a_fresh_kernel(copies, name):
    """Exercise cells hold a sample answer (or a wrong attempt): they give feedback, not errors."""
    nb = read(copies, name)
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(copies)}},
    ).execute()
    errors = [
        (cell.id, output.get("ename"))
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors


# --- the real lessons: a solution sits alone in a cell tagged "solution" ---------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_solution_is_alone_in_a_cell_tagged_solution(name):
    lesson = read(REPO / "notebooks", name)
    problems = []
    for cell in lesson.cells:
        marked = bool(SOLUTION_MARK.search(cell.source))
        if not marked and not is_solution(cell):
            continue
        source = cell.source.strip()
        if marked and not is_solution(cell):
            problems.append(f"{cell.id}: holds a solution but is not tagged {SOLUTION_TAG!r}")
        elif is_solution(cell) and not marked:
            problems.append(f"{cell.id}: tagged {SOLUTION_TAG!r} but holds no solution")
        elif cell.cell_type != "markdown":
            problems.append(f"{cell.id}: a solution cell must be markdown")
        elif not (
            SOLUTION_MARK.match(source)
            and source.endswith("</details>")
            and source.count("<details") == 1
        ):
            problems.append(
                f"{cell.id}: holds more than the solution (a hint, a statement or text "
                "outside <details><summary>Solution</summary> ... </details>)"
            )
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_make_student_fails_when_a_copy_would_keep_a_solution(tmp_path):
    lesson = nbformat.v4.new_notebook()
    lesson.cells = [
        nbformat.v4.new_markdown_cell("**Exercise 1.** Differentiate $x^2$."),
        nbformat.v4.new_markdown_cell("<details><summary>Hint</summary>Power rule.</details>"),
        nbformat.v4.new_markdown_cell(
            "<details><summary>Solution</summary>$2x$.</details>", metadata={"tags": ["solution"]}
        ),
        nbformat.v4.new_markdown_cell("<details><summary>Solution</summary>untagged</details>"),
    ]
    source = tmp_path / "lesson.ipynb"
    nbformat.write(lesson, source)
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "student_copies.py"), str(source),
         "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert f"cell {lesson.cells[3].id}" in proc.stderr
    copy = read(tmp_path / "out", "lesson.ipynb")
    assert [c.id for c in copy.cells] == [lesson.cells[i].id for i in (0, 1, 3)]
