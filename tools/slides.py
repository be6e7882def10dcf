"""Slide metadata for the lessons, and reveal.js decks built from them (``make slides``).

Two commands:

``python tools/slides.py metadata [--check] [NOTEBOOK ...]``
    Give every cell of every lesson a ``slideshow.slide_type`` (the field JupyterLab's property
    inspector edits as "Slide Type") by the rules below, keeping every value an author set by
    hand. ``make nav`` (and so ``make execute``) runs it; ``--check`` changes nothing and exits 1
    if a notebook is out of date (a test runs it).

``python tools/slides.py build [--out build/slides] [NOTEBOOK ...]``
    One reveal.js deck per lesson, ``<out>/NN_name.slides.html``, with reveal.js, require.js
    and MathJax 2 copied from ``node_modules/`` (``npm ci``) beside the decks, so a deck opens
    from disk or a local server with no network.

The rules, in order (the first that applies wins):

* a cell tagged ``solution``, the navigation cell (``<!-- nav -->``), a set-up cell (only
  imports, ``%matplotlib ...`` and ``plotting.apply_style()``-like calls) and a live widget
  (tagged ``nbval-ignore-output`` or with a widget output) → ``skip``; the explorers appear
  through their ``snapshot()`` cells instead;
* an exercise hint (``<details><summary>Hint``) → ``fragment``: it appears on the next key
  press, after the class has tried, and stays folded until the presenter clicks it;
* the title (``#``) and each section (``##``) → ``slide``; a sub-section (``###``) and each
  ``**Exercise N.**`` → ``subslide``;
* otherwise ``-`` (continue), except where the estimated height would overflow a 1280×720
  slide: there the cell starts a ``subslide``. A markdown cell, the code cells after it and a
  figure's ``*Figure: ...*`` caption are kept together when they fit.

Set by hand (property inspector, or ``"slideshow": {"slide_type": ...}`` in the cell's metadata)
a value is kept: the tool records the values it chose itself in the notebook's metadata
(``normgrad.slides``, by cell id), and a value that differs from its record, or that it never
recorded, was set by an author.

In a deck, the source of a code cell whose output is a picture (a figure, an explorer's
snapshot) is hidden: on a projector the picture is the point and plotting code is noise. Every
other code cell keeps its source: those are the short checks the lesson reads aloud. The tags
``hide-input`` and ``show-input`` override this.
"""

from __future__ import annotations

import argparse
import ast
import base64
import copy
import math
import re
import shutil
import struct
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
NODE_MODULES = REPO / "node_modules"
START = "00_start_here.ipynb"
NAV_MARK = "<!-- nav -->"
META_KEY = "slides"  # under notebook metadata["normgrad"]

#: The projector: reveal.js lays every slide out on this canvas and scales it to the screen.
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
#: Height the packing rule fills (px): the slide less reveal's padding and a safety margin
#: for the estimate's error (the browser test measures the real thing).
BUDGET = 600

SKIP, SLIDE, SUBSLIDE, FRAGMENT, CONTINUE = "skip", "slide", "subslide", "fragment", "-"

# --------------------------------------------------------------------------------------------
# Typography of the decks (CSS below) and the height model that mirrors it.
TEXT_PX, CODE_PX = 26, 19  # font sizes
TEXT_LINE, CODE_LINE = 1.45 * TEXT_PX, 1.32 * CODE_PX  # line heights
TEXT_CHARS = 82  # characters per line of text across the slide
CODE_CHARS = 100
IMAGE_MAX_HEIGHT = 520  # CSS max-height of an output picture
HEADING_PX = {1: 84, 2: 70, 3: 56, 4: 48}  # heading incl. margins

DECK_CSS = f"""
:root {{
  --jp-content-font-size1: {TEXT_PX}px;
  --jp-ui-font-size1: {TEXT_PX}px;
  --jp-code-font-size: {CODE_PX}px;
  --jp-content-line-height: 1.45;
  --jp-code-line-height: 1.32;
}}
.reveal .slides section {{ padding: 12px 0 0; }}
.reveal .slides section .jp-Cell {{ margin: 0 24px; }}
.reveal pre {{ box-sizing: border-box; max-width: 100%; }}
/* Top-aligned slides: every slide's text starts at the same place on the screen. */
.reveal .slides > section, .reveal .slides > section > section {{ top: 0 !important; }}
.reveal .jp-RenderedHTMLCommon {{ padding-right: 0; }}
.reveal .jp-RenderedHTMLCommon h1 {{ font-size: 52px; margin: 0 0 16px; }}
.reveal .jp-RenderedHTMLCommon h2 {{ font-size: 42px; margin: 0 0 12px; }}
.reveal .jp-RenderedHTMLCommon h3 {{ font-size: 34px; margin: 0 0 10px; }}
.reveal .jp-RenderedHTMLCommon h4 {{ font-size: 30px; margin: 0 0 8px; }}
.reveal .jp-RenderedHTMLCommon p,
.reveal .jp-RenderedHTMLCommon li {{ font-size: {TEXT_PX}px; line-height: 1.45; }}
.reveal .jp-RenderedHTMLCommon p {{ margin: 0 0 10px; }}
.reveal .jp-RenderedHTMLCommon details {{ font-size: {TEXT_PX}px; }}
.reveal .jp-OutputArea-output img {{ max-height: {IMAGE_MAX_HEIGHT}px; width: auto; }}
.reveal .jp-OutputArea-output pre,
.reveal .jp-InputArea-editor pre {{ font-size: {CODE_PX}px; line-height: 1.32; }}
.reveal .jp-Cell {{ padding: 2px 0; }}
"""

# A cell taller than the slide cannot be split by the rules: shrink that slide to fit (not below
# MIN_ZOOM) on the projector, rather than cut it off. `tools/slides.py metadata` notes cells
# too tall even for that.
MIN_ZOOM = 0.7
FIT_JS = """
require(["reveal.js/dist/reveal.js"], function (Reveal) {
  function fit(slide) {
    if (!slide) { return; }
    slide.style.zoom = "";
    var height = Reveal.getConfig().height, content = slide.scrollHeight;
    if (content > height) {
      slide.style.zoom = Math.max(height / content, MIN_ZOOM);
    }
    Reveal.layout();
  }
  function fitLater() {
    var refit = function () { fit(Reveal.getCurrentSlide()); };
    MathJax.Hub.Queue(refit);
    // MathJax re-renders a slide's formulas after it is shown: fit again once that is done.
    setTimeout(function () { MathJax.Hub.Queue(refit); }, 300);
  }
  Reveal.on("ready", fitLater);
  Reveal.on("slidechanged", fitLater);
  if (Reveal.isReady()) { fitLater(); }
});
""".replace("MIN_ZOOM", str(MIN_ZOOM))

# The reveal template of nbconvert 7.17, made to work offline: no jQuery (only its "scroll"
# option uses it, off here), no mermaid (no lesson has a diagram), and our CSS.
TEMPLATE = (
    "{%- extends 'index.html.j2' -%}\n"
    "{%- block html_head_js_jquery -%}{%- endblock html_head_js_jquery -%}\n"
    "{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}\n"
    '{%- block html_head_css -%}\n<style type="text/css">\n' + DECK_CSS + "</style>\n"
    "{%- endblock html_head_css -%}\n"
    "{% block footer_js %}{{ super() }}\n<script>\n" + FIT_JS + "</script>\n"
    "{% endblock footer_js %}\n"
)

#: What to copy from node_modules/ (MathJax: only the CommonHTML output with the TeX input and
#: its fonts, about 8 MB of its 73 MB).
ASSETS = {
    "reveal.js": ["dist", "plugin", "LICENSE"],
    "requirejs": ["require.js"],
    "mathjax": [
        "MathJax.js",
        "LICENSE",
        "config/TeX-AMS_CHTML-full.js",
        "config/Safe.js",
        "extensions",
        "jax/input/TeX",
        "jax/output/CommonHTML",
        "jax/element",
        "fonts/HTML-CSS/TeX/woff",
    ],
}
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"


# --------------------------------------------------------------------------------------------
# Rules


def lessons() -> list[Path]:
    """The lesson notebooks (the start page is no lesson and gets no deck)."""
    return [p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) if p.name != START]


def _first_line(cell) -> str:
    lines = [line.strip() for line in cell.source.splitlines() if line.strip()]
    return lines[0] if lines else ""


def heading_level(cell) -> int:
    """The level of the heading the markdown cell starts with (0 if none).

    >>> heading_level(nbformat.v4.new_markdown_cell("## 2. The formula"))
    2
    >>> heading_level(nbformat.v4.new_markdown_cell("**Exercise 1.** ..."))
    0
    """
    if cell.cell_type != "markdown":
        return 0
    match = re.match(r"^(#{1,6})\s", _first_line(cell))
    return len(match.group(1)) if match else 0


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


_SETUP_CALLS = {"apply_style", "init_printing", "set_printoptions", "filterwarnings", "seed"}


def is_setup(cell) -> bool:
    """A code cell that only imports or configures: nothing to show a class.

    >>> is_setup(nbformat.v4.new_code_cell("%matplotlib widget\\nimport numpy as np"))
    True
    >>> is_setup(nbformat.v4.new_code_cell("import numpy as np\\nnp.sqrt(2)"))
    False
    """
    if cell.cell_type != "code" or not cell.source.strip():
        return False
    lines = [ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return False
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute | ast.Name)
            and getattr(node.value.func, "attr", getattr(node.value.func, "id", "")) in _SETUP_CALLS
        ):
            continue
        return False
    return True


def is_widget(cell) -> bool:
    """A live widget: tagged ``nbval-ignore-output`` or showing a widget view."""
    if cell.cell_type != "code":
        return False
    if "nbval-ignore-output" in _tags(cell) or "# NBVAL_IGNORE_OUTPUT" in cell.source:
        return True
    return any(
        "application/vnd.jupyter.widget-view+json" in out.get("data", {})
        for out in cell.get("outputs", [])
    )


def is_hint(cell) -> bool:
    return cell.cell_type == "markdown" and bool(
        re.match(r"<details>\s*<summary>\s*Hint", cell.source.strip(), re.IGNORECASE)
    )


def is_exercise(cell) -> bool:
    return cell.cell_type == "markdown" and bool(
        re.match(r"\*\*Exercise\s+\d+", cell.source.strip())
    )


def is_caption(cell) -> bool:
    return cell.cell_type == "markdown" and cell.source.strip().startswith(("*Figure", "_Figure"))


def fixed_type(cell) -> str | None:
    """The slide type a rule fixes for this cell, or None (the packing decides)."""
    if "solution" in _tags(cell) or (
        cell.cell_type == "markdown" and cell.source.lstrip().startswith(NAV_MARK)
    ):
        return SKIP
    if is_setup(cell) or is_widget(cell):
        return SKIP
    if cell.cell_type == "raw":
        return SKIP
    if is_hint(cell):
        return FRAGMENT
    level = heading_level(cell)
    if level in (1, 2):
        return SLIDE
    if level == 3 or is_exercise(cell):
        return SUBSLIDE
    return None


# --------------------------------------------------------------------------------------------
# Height model: a deliberately simple estimate of a cell's rendered height (px) in a deck.


def _png_size(data: str) -> tuple[int, int]:
    raw = base64.b64decode(data[:64])
    width, height = struct.unpack(">II", raw[16:24])
    return width, height


def _text_lines(text: str, chars: int) -> int:
    return sum(max(1, math.ceil(len(line) / chars)) for line in text.splitlines()) or 1


def markdown_height(source: str) -> float:
    """Estimated height of a rendered markdown cell (a folded ``<details>`` is one line)."""
    folded = len(re.findall(r"<details>", source))
    source = re.sub(r"<details>.*?(</details>|$)", "", source, flags=re.DOTALL)
    height = folded * (TEXT_LINE + 12)
    # display maths first: its rows, a fraction or sum making a row taller
    for block in re.findall(r"\$\$(.*?)\$\$", source, flags=re.DOTALL):
        rows = block.count("\\\\") + 1
        tall = 1.6 if re.search(r"\\(d?frac|sum|int|lim|begin|boxed)", block) else 1.15
        height += rows * tall * TEXT_LINE + 14
    source = re.sub(r"\$\$.*?\$\$", "", source, flags=re.DOTALL)
    for block in re.split(r"\n\s*\n", source.strip()):
        stripped = block.strip()
        if not stripped:
            continue
        level = re.match(r"^(#{1,6})\s", stripped)
        if level:
            height += HEADING_PX.get(len(level.group(1)), 44)
            stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
            if not stripped.strip():
                continue
        height += _paragraph_height(stripped)
    return height


def _paragraph_height(text: str) -> float:
    # Inline maths renders narrower than its source; links show their text only.
    visible = re.sub(r"\]\([^)]*\)", "]", text)
    visible = re.sub(r"\\[a-zA-Z]+", "x", visible)
    visible = re.sub(r"[{}^_$*`]", "", visible)
    items = re.split(r"\n(?=\s*(?:[-*+]|\d+\.)\s)", visible)
    lines = 0
    for item in items:
        joined = " ".join(item.split())
        lines += max(1, math.ceil(len(joined) / TEXT_CHARS))
    tall = 0.2 * TEXT_LINE * len(re.findall(r"\\(frac|sum|sqrt|tfrac|dfrac)", text))
    return lines * TEXT_LINE + 8 * len(items) + 6 + tall


def output_height(output) -> float:
    kind = output.get("output_type")
    if kind == "stream":
        return _text_lines(output.get("text", ""), CODE_CHARS) * CODE_LINE + 8
    if kind == "error":
        return 12 * CODE_LINE
    data = output.get("data", {})
    if "image/png" in data:
        width, height = _png_size(data["image/png"])
        meta = output.get("metadata", {}).get("image/png", {})
        width, height = meta.get("width", width), meta.get("height", height)
        scale = min(1.0, (SLIDE_WIDTH - 40) / width) if width else 1.0
        return min(IMAGE_MAX_HEIGHT, height * scale) + 8
    if "text/markdown" in data:
        return markdown_height(data["text/markdown"]) + 8
    if "text/latex" in data:
        latex = data["text/latex"]
        rows = latex.count("\\\\") + 1
        tall = 1.3 if re.search(r"\\(frac|sqrt)", latex) else 0.9
        return rows * tall * TEXT_LINE + 4
    if "text/html" in data:
        return _text_lines(data["text/html"], CODE_CHARS) * CODE_LINE + 8
    if "text/plain" in data:
        return _text_lines(data["text/plain"], CODE_CHARS) * CODE_LINE + 8
    return 0.0


def input_hidden(cell) -> bool:
    """In a deck, does this code cell show its output only?"""
    tags = _tags(cell)
    if "show-input" in tags:
        return False
    if "hide-input" in tags:
        return True
    return any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def cell_height(cell) -> float:
    """Estimated height (px) of a cell in a deck."""
    if cell.cell_type == "markdown":
        return markdown_height(cell.source)
    height = 6.0
    if not input_hidden(cell):
        height += _text_lines(cell.source, CODE_CHARS) * CODE_LINE + 24
    height += sum(output_height(out) for out in cell.get("outputs", []))
    return height


# --------------------------------------------------------------------------------------------
# Applying the rules


def _blocks(cells: list, types: list[str | None]) -> list[list[int]]:
    """Group visible cells that should stay on one slide: a markdown cell with the code cells
    after it, and a caption with the cell before it; a fixed slide break starts a block."""
    blocks: list[list[int]] = []
    for i, cell in enumerate(cells):
        kind = types[i]
        if kind == SKIP:
            continue
        starts = (
            not blocks
            or kind in (SLIDE, SUBSLIDE)
            or (cell.cell_type == "markdown" and not is_caption(cell) and kind != FRAGMENT)
        )
        if starts:
            blocks.append([i])
        else:
            blocks[-1].append(i)
    return blocks


def auto_types(nb, keep: dict[int, str]) -> list[str]:
    """The slide type of every cell: ``keep`` (index → type set by hand) wins, rules next, and
    the packing rule splits what would overflow a slide."""
    cells = nb.cells
    types: list[str | None] = [keep.get(i) or fixed_type(c) for i, c in enumerate(cells)]
    heights = [cell_height(c) for c in cells]
    result = [t if t is not None else CONTINUE for t in types]
    used = 0.0
    for block in _blocks(cells, types):
        size = sum(heights[i] for i in block)
        first = block[0]
        if result[first] in (SLIDE, SUBSLIDE):
            used = 0.0
        elif used + size > BUDGET and used > 0 and types[first] is None:
            result[first] = SUBSLIDE
            used = 0.0
        # A block taller than a slide is split between its cells.
        for i in block:
            if i != first and types[i] is None and used > 0 and used + heights[i] > BUDGET:
                result[i] = SUBSLIDE
                used = 0.0
            elif i != first and result[i] in (SLIDE, SUBSLIDE):
                used = 0.0
            used += heights[i]
    return result


def apply_metadata(nb) -> bool:
    """Set every cell's slide type (keeping those set by hand); return True if anything changed."""
    record: dict[str, str] = nb.metadata.get("normgrad", {}).get(META_KEY, {})
    keep: dict[int, str] = {}
    for i, cell in enumerate(nb.cells):
        current = cell.metadata.get("slideshow", {}).get("slide_type")
        if current is None:
            continue
        if record.get(cell.get("id", "")) != current:
            keep[i] = current  # not what the tool chose last time: an author's choice
    types = auto_types(nb, keep)
    changed = False
    new_record: dict[str, str] = {}
    for i, (cell, kind) in enumerate(zip(nb.cells, types, strict=True)):
        if i not in keep:
            new_record[cell.get("id", str(i))] = kind
        if cell.metadata.get("slideshow", {}).get("slide_type") != kind:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
            changed = True
    meta = nb.metadata.setdefault("normgrad", {})
    if meta.get(META_KEY) != new_record:
        meta[META_KEY] = new_record
        changed = True
    return changed


def tall_cells(nb) -> list[tuple[str, int]]:
    """Shown cells whose estimated height exceeds what the deck can shrink to fit a slide
    (``MIN_ZOOM``): split them (the estimate errs on the tall side; the browser test decides)."""
    return [
        (cell.get("id", "?"), round(cell_height(cell)))
        for cell in nb.cells
        if cell.metadata.get("slideshow", {}).get("slide_type") not in (SKIP, "notes")
        and cell_height(cell) > SLIDE_HEIGHT / MIN_ZOOM
    ]


def metadata_command(paths: list[Path], check: bool) -> int:
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for cell_id, height in tall_cells(nb):
            print(
                f"note: {path.name}, cell {cell_id}: about {height} px, may not fit a "
                f"{SLIDE_HEIGHT} px slide even shrunk; consider splitting it"
            )
        if apply_metadata(nb):
            stale.append(path)
            if not check:
                nbformat.write(nb, path)
    for path in stale:
        print(f"{'out of date' if check else 'updated'}: {path}")
    if check and stale:
        print("run `make nav` (or `python tools/slides.py metadata`) and commit the result")
        return 1
    return 0


# --------------------------------------------------------------------------------------------
# Building the decks


@dataclass
class Deck:
    notebook: Path
    html: Path
    seconds: float
    slides: int


def copy_assets(out: Path) -> None:
    """Copy reveal.js, require.js and MathJax 2 from node_modules/ into ``out``."""
    missing = [name for name in ASSETS if not (NODE_MODULES / name).is_dir()]
    if missing:
        raise SystemExit(
            f"node_modules/{missing[0]} is missing: run `npm ci` (make slides does) first"
        )
    for package, parts in ASSETS.items():
        for part in parts:
            source = NODE_MODULES / package / part
            target = out / package / part
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)


def make_exporter():
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        extra_loaders=[DictLoader({"normgrad_deck.html.j2": TEMPLATE})],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.template_file = "normgrad_deck.html.j2"
    exporter.reveal_url_prefix = "reveal.js"
    exporter.reveal_theme = "white"
    exporter.reveal_transition = "none"  # nothing moves on a projector but the content
    exporter.reveal_number = "c/t"
    exporter.reveal_width = str(SLIDE_WIDTH)
    exporter.reveal_height = str(SLIDE_HEIGHT)
    exporter.require_js_url = "requirejs/require.js"
    exporter.mathjax_url = MATHJAX_URL
    exporter.jquery_url = ""
    return exporter


def deck_notebook(nb):
    """A copy of ``nb`` prepared for the deck: sources of picture cells hidden."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and input_hidden(cell):
            cell.metadata["transient"] = {"remove_source": True}
    return nb


def build(paths: list[Path], out: Path, exporter=None) -> list[Deck]:
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    exporter = exporter or make_exporter()
    decks = []
    for path in paths:
        start = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        missing = [
            c.get("id") for c in nb.cells if "slide_type" not in c.metadata.get("slideshow", {})
        ]
        if missing:
            print(
                f"warning: {path.name}: {len(missing)} cells lack slide metadata "
                "(run `make nav`); the rules are applied to this build only"
            )
            apply_metadata(nb)
        body, _ = exporter.from_notebook_node(
            deck_notebook(nb), resources={"metadata": {"name": path.stem}}
        )
        html = out / f"{path.stem}.slides.html"
        html.write_text(body, encoding="utf-8")
        seconds = time.perf_counter() - start
        count = sum(
            1
            for c in nb.cells
            if c.metadata.get("slideshow", {}).get("slide_type") in (SLIDE, SUBSLIDE)
        )
        decks.append(Deck(path, html, seconds, count))
    return decks


def build_command(paths: list[Path], out: Path) -> int:
    start = time.perf_counter()
    decks = build(paths, out)
    for deck in decks:
        print(f"{deck.html}  ({deck.slides} slides, {deck.seconds:.2f} s)")
    print(
        f"{len(decks)} decks in {time.perf_counter() - start:.1f} s; open "
        f"{out / decks[0].html.name if decks else out} in a browser (no network needed)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    meta = sub.add_parser("metadata", help="set slide metadata by the rules")
    meta.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    meta.add_argument("notebooks", nargs="*", type=Path)
    deck = sub.add_parser("build", help="build the reveal.js decks")
    deck.add_argument("--out", type=Path, default=REPO / "build" / "slides")
    deck.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or lessons()
    if args.command == "metadata":
        return metadata_command(paths, args.check)
    return build_command(paths, args.out.resolve())


if __name__ == "__main__":
    sys.exit(main())
