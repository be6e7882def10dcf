"""The reveal.js decks of ``make slides``, built and shown in headless Chromium with no network.

For each lesson the test builds the deck with ``tools/slides.py`` into a temporary folder (assets
copied from node_modules/, as ``make slides`` does), opens it from disk (``file://``) with every
non-local request aborted, and checks that

- nothing was asked of the network and no script failed;
- the maths is typeset: MathJax produced its elements, none reports an error, and no visible
  text outside code still holds raw TeX (``$...$``, ``$$``, ``\\(``);
- the arrow keys alone reach every slide (Down while a slide has a subslide below it, Right
  otherwise, as a presenter does; fragments are stepped through on the way);
- no slide overflows the 1280×720 canvas (the content's box, after MathJax and the deck's
  shrink-to-fit, lies within the slide area).

A separate fast test (no browser) checks that every lesson carries up-to-date slide metadata
(``python tools/slides.py metadata --check``).

Needs Chromium and ``npm ci``. Without Chromium the browser tests are skipped, except under CI
(``CI=true``) where they fail.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    block_remote_requests,
    require_chromium,
)

sys.path.insert(0, str(REPO / "tools"))
import slides  # noqa: E402

LESSONS = [path.name for path in slides.lessons()]
VIEWPORT = {"width": slides.SLIDE_WIDTH, "height": slides.SLIDE_HEIGHT}

JS_READY = """
() => new Promise((ok, fail) => {
  if (!window.require || !window.MathJax || !MathJax.Hub || !MathJax.isReady) {
    ok(false); return;
  }
  require(['reveal.js/dist/reveal.js'], (R) => {
    window.__reveal = R;
    if (!R.isReady()) { ok(false); return; }
    MathJax.Hub.Queue(() => ok(true));
  }, fail);
})
"""

# Wait until MathJax has finished (re-rendering after a slide change included) and the deck's
# shrink-to-fit ran, then describe the current slide.
JS_CURRENT = r"""
() => new Promise((ok) => {
  // Settled: MathJax idle, and every formula of the slide rendered (a re-render after the
  // slide change removes and rebuilds them), twice in a row 30 ms apart; at most 5 s.
  const started = performance.now();
  let calm = 0;
  const settled = () => {
    const slide = (window.__reveal || require('reveal.js/dist/reveal.js')).getCurrentSlide();
    const q = MathJax.Hub.queue;
    return q.pending === 0 && !q.running
      && slide.querySelectorAll('script[type^="math/tex"]').length
         === slide.querySelectorAll('[id^="MathJax-Element-"][id$="-Frame"]').length;
  };
  const poll = () => {
    calm = settled() ? calm + 1 : 0;
    // The deck fits a slide again 300 ms after it is shown (tools/slides.py): wait past it.
    const elapsed = performance.now() - started;
    if ((calm >= 2 && elapsed > 350) || elapsed > 5000) {
      requestAnimationFrame(() => requestAnimationFrame(measure));
    } else {
      setTimeout(poll, 30);
    }
  };
  setTimeout(poll, 30);
  function measure() {
    // window.__reveal is set by JS_READY; if the page's window was replaced since, ask
  // RequireJS again (the module is loaded, so the synchronous form returns it).
  const R = window.__reveal || require('reveal.js/dist/reveal.js');
    const slide = R.getCurrentSlide();
    const idx = R.getIndices(slide);
    const box = document.querySelector('.reveal .slides').getBoundingClientRect();
    const scale = R.getScale();
    let top = Infinity, bottom = -Infinity, left = Infinity, right = -Infinity;
    for (const child of slide.children) {
      const r = child.getBoundingClientRect();
      if (r.height === 0) { continue; }
      top = Math.min(top, r.top); bottom = Math.max(bottom, r.bottom);
    }
    // Widest visible line: every element's box (wide maths or code can stick out sideways).
    for (const el of slide.querySelectorAll('p, li, pre, img, .MathJax_CHTML, table, h1, h2, h3')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) { continue; }
      left = Math.min(left, r.left); right = Math.max(right, r.right);
    }
    // Raw TeX left in the visible text (code, MathJax's own elements and scripts excluded).
    const raw = [];
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    const tex = /\$\$|\\\(|\\\[|\$[^$\s][^$]*\$/;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('pre, code, script, style, .MathJax_CHTML, .MathJax_Preview,'
          + ' .jp-InputArea-editor')) { continue; }
      if (!parent.checkVisibility({visibilityProperty: false})) { continue; }
      if (tex.test(node.textContent)) { raw.push(node.textContent.trim().slice(0, 80)); }
    }
    // Code wider than its box scrolls sideways on a projector: count those lines' boxes.
    const cutCode = [...slide.querySelectorAll('pre')]
      .filter((pre) => pre.checkVisibility() && pre.scrollWidth > pre.clientWidth + 1)
      .map((pre) => pre.textContent.split('\n').reduce((a, b) => (b.length > a.length ? b : a))
        .trim().slice(0, 60));
    ok({
      h: idx.h, v: idx.v, f: idx.f === undefined ? null : idx.f, cutCode,
      overflowPx: Math.round(Math.max(bottom - box.bottom, box.top - top, 0) / scale),
      overflowXPx: Math.round(Math.max(right - box.right, box.left - left, 0) / scale),
      heightPx: Math.round((bottom - top) / scale),
      zoom: slide.style.zoom || '1',
      raw,
      mathErrors: slide.querySelectorAll(
        '.MathJax_Error, .mjx-merror, merror, .mjx-noError, .noError').length,
      heading: (slide.querySelector('h1, h2, h3, p') || {textContent: ''}).textContent
        .trim().slice(0, 60),
    });
  }
});
"""

JS_ROUTES = """
() => {
  // window.__reveal is set by JS_READY; if the page's window was replaced since, ask
  // RequireJS again (the module is loaded, so the synchronous form returns it).
  const R = window.__reveal || require('reveal.js/dist/reveal.js');
  const routes = R.availableRoutes();
  const fragments = R.availableFragments();
  return {down: routes.down, right: routes.right, nextFragment: fragments.next,
          last: R.isLastSlide()};
}
"""

JS_ALL_SLIDES = """
() => {
  // window.__reveal is set by JS_READY; if the page's window was replaced since, ask
  // RequireJS again (the module is loaded, so the synchronous form returns it).
  const R = window.__reveal || require('reveal.js/dist/reveal.js');
  return {total: R.getTotalSlides(),
          indices: R.getSlides().map((s) => { const i = R.getIndices(s); return [i.h, i.v || 0]; }),
          mathjax: document.querySelectorAll('.MathJax_CHTML, mjx-container').length};
}
"""


def test_slide_metadata_up_to_date():
    """Every lesson cell has a slide type by the rules (``make nav`` writes them)."""
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "slides.py"), "metadata", "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory):
    require_chromium()
    if not (slides.NODE_MODULES / "reveal.js").is_dir():
        pytest.fail("node_modules/ is missing: run `npm ci` (make test does)")
    out = tmp_path_factory.mktemp("slides")
    built = slides.build(slides.lessons(), out)
    return {deck.notebook.name: deck for deck in built}


@pytest.fixture(scope="module")
def browser(decks):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        yield chromium
        chromium.close()


@pytest.mark.browser
@pytest.mark.classroom
@pytest.mark.parametrize("name", LESSONS)
def test_deck_offline_typeset_navigable_and_fits(name, decks, browser):
    deck = decks[name]
    page = browser.new_page(viewport=VIEWPORT)
    blocked: list[str] = []
    errors: list[str] = []
    block_remote_requests(page, blocked)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on(
        "console",
        lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}"))
    try:
        page.goto(deck.html.as_uri())
        # Ready means reveal.js and MathJax both settled in the window we then inspect: if the
        # deck's window was replaced meanwhile (seen once under load), wait for it again.
        for _ in range(3):
            page.wait_for_function(JS_READY, timeout=60_000, polling=200)
            if page.evaluate("() => window.__reveal !== undefined"):
                break
        info = page.evaluate(JS_ALL_SLIDES)
        problems: list[str] = []

        # Walk the deck with the arrow keys only, from the first slide.
        page.keyboard.press("Home")
        seen: dict[tuple[int, int], dict] = {}
        for _ in range(20 * info["total"] + 50):
            state = page.evaluate(JS_CURRENT)
            key = (state["h"], state["v"] or 0)
            if key not in seen or state["f"] is None:
                seen[key] = state
            routes = page.evaluate(JS_ROUTES)
            if routes["last"] and not routes["nextFragment"]:
                break
            page.keyboard.press("ArrowDown" if routes["down"] else "ArrowRight")
        else:
            problems.append("the arrow keys never reached the last slide")

        if page.evaluate(JS_ALL_SLIDES)["mathjax"] == 0:
            problems.append("no MathJax element in the deck: the maths was not typeset")
        every = {tuple(i) for i in info["indices"]}
        missed = sorted(every - set(seen))
        if missed:
            problems.append(f"slides the arrow keys never reached (h, v): {missed[:10]}")
        if len(every) != info["total"]:
            problems.append(f"Reveal counts {info['total']} slides, the deck has {len(every)}")
        for (h, v), state in sorted(seen.items()):
            where = f"slide {h}.{v} ({state['heading']!r})"
            if state["overflowPx"] > 1:
                problems.append(
                    f"{where} overflows 1280x720 by {state['overflowPx']} px "
                    f"(content {state['heightPx']} px at zoom {state['zoom']})"
                )
            if state["overflowXPx"] > 1:
                problems.append(f"{where} is {state['overflowXPx']} px wider than the slide")
            if state["cutCode"]:
                problems.append(f"{where}: code or output wider than the slide: {state['cutCode']}")
            if state["raw"]:
                problems.append(f"{where} shows raw TeX: {state['raw'][:3]}")
            if state["mathErrors"]:
                problems.append(f"{where} has {state['mathErrors']} MathJax error(s)")
        problems += [f"asked the network for {url}" for url in blocked]
        problems += errors
        assert not problems, f"{name} ({len(seen)} slides):\n" + "\n".join(problems)
    finally:
        page.close()
