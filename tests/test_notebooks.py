"""The shape every notebook shares (strict nbval checks their outputs; this checks the rest)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if p.name != "00_start_here.ipynb"]


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _markdown(nb):
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_there_are_notebooks_and_a_start_page():
    names = [p.name for p in NOTEBOOKS]
    assert names[0] == "00_start_here.ipynb"
    assert len(names) >= 7


def test_navigation_is_generated_and_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "nav.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, "run `python tools/nav.py`: " + result.stdout


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_executed_top_to_bottom(path):
    nb = _load(path)
    counts = [c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "re-run `make execute`"
    outputs = json.dumps([c.get("outputs", []) for c in nb["cells"] if c["cell_type"] == "code"])
    assert not re.search(r" at 0x[0-9a-f]{6,}", outputs), "memory address in an output"
    assert '"output_type": "error"' not in outputs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_links_back_and_on(path):
    text = _markdown(_load(path))
    assert "<!-- nav -->" in text


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_template(path):
    text = _markdown(_load(path))
    for heading in ["What you will learn", "Summary", "Exercise"]:
        assert heading in text, f"{path.name} lacks a '{heading}' section"
    assert "<details>" in text, f"{path.name}: worked solutions belong folded in <details>"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_output_is_ignored_only_for_live_widgets(path):
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        if "NBVAL_IGNORE_OUTPUT" in source or "nbval-ignore-output" in tags:
            mimes = {m for o in cell.get("outputs", []) for m in o.get("data", {})}
            assert "application/vnd.jupyter.widget-view+json" in mimes, (
                f"{path.name}: a cell ignores its output but shows no live widget:\n{source}"
            )


def test_readme_names_every_notebook_and_the_start_page_links_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = _markdown(_load(ROOT / "notebooks" / "00_start_here.ipynb"))
    for path in NOTEBOOKS:
        assert path.stem in readme, f"README does not describe {path.name}"
        if path.name != "00_start_here.ipynb":
            assert f"]({path.name})" in start, f"the start page does not link {path.name}"
