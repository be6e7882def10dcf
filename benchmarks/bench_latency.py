"""Key press -> new canvas pixels for the gradient-field explorer, in Voilà and in JupyterLab.

Usage: ``python benchmarks/bench_latency.py [--presses 15] [--only voila|lab]``

For each front end the script opens ``notebooks/06_explorers.ipynb`` in headless Chromium (no
network), focuses the first slider (x₁) of the gradient-field explorer and presses an arrow key
``--presses`` times, each after the previous frame has settled. One press is timed in the page's
clock from the key-down event to the first paint (``drawImage``/``putImageData``, which ipympl
draws each frame with) that changed the canvas's pixels. It prints every time and the median.
Goal (issue 8): median <= 100 ms in both. Speed is never asserted by a test.

* Voilà: ``classroom/voila_app.py`` (the ``make app`` server) on a free port.
* JupyterLab: the browser test's private server (``tests/browser_support.lab_server``) on a
  temporary copy of notebooks/; the notebook is run with Run All first.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "classroom"))

import voila_app  # noqa: E402

import browser_support as bs  # noqa: E402

FIELD = ".normgrad-explorer-gradient-field"
NOTEBOOK = "06_explorers.ipynb"
CANVAS_READY = """() => [...document.querySelectorAll(
  '.normgrad-explorer-gradient-field .jupyter-matplotlib-canvas-div canvas')]
  .some((c) => c.width > 0 && c.height > 0 && c.checkVisibility())"""


# Every websocket frame, in and out, with its time and size: where a key press's time goes.
JS_RECORD_WEBSOCKETS = """
window.__ws = [];
const NativeWebSocket = window.WebSocket;
const size = (d) => d.byteLength ?? d.size ?? d.length ?? 0;
const nativeSend = NativeWebSocket.prototype.send;
NativeWebSocket.prototype.send = function (data) {
  window.__ws.push({ t: performance.now(), out: true, size: size(data) });
  return nativeSend.call(this, data);
};
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message',
      (e) => window.__ws.push({ t: performance.now(), out: false, size: size(e.data) }));
  }
};
"""

# For the last key press: key -> first frame sent (the front end's widget work), -> first
# frame received of more than IMAGE_BYTES (server + kernel: the callback, Agg drawing, PNG
# encoding), -> the canvas changed (decoding the PNG and painting).
IMAGE_BYTES = 2000
JS_BREAKDOWN = """
(imageBytes) => {
  const p = window.__probe;
  const frames = window.__ws.filter((f) => f.t >= p.keyAt && f.t <= p.changeAt);
  const sent = frames.find((f) => f.out);
  const image = frames.find((f) => !f.out && f.size > imageBytes && (!sent || f.t >= sent.t));
  return { send: sent ? sent.t - p.keyAt : null,
           image: image && sent ? image.t - sent.t : null,
           paint: image ? p.changeAt - image.t : null,
           imageBytes: image ? image.size : null };
}
"""


def press_many(page, presses: int) -> tuple[list[float], list[dict]]:
    times, parts = [], []
    page.wait_for_timeout(1500)
    for _ in range(presses):
        result = bs.time_explorer_key(page, FIELD, settle_ms=300)
        if result["latencyMs"] is None:
            print(f"  no change of pixels after a key press: {result}")
            continue
        times.append(result["latencyMs"])
        part = page.evaluate(JS_BREAKDOWN, IMAGE_BYTES)
        parts.append(part)
        shown = " ".join(
            f"{k} {v:5.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in part.items()
        )
        print(
            f"  {result['latencyMs']:6.1f} ms  (x1 {result['valueBefore']} -> "
            f"{result['valueAfter']}, {result['changedPixels']} pixels changed; {shown})"
        )
    return times, parts


def _median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def measure_voila(browser, presses: int) -> tuple[list, list]:
    work = Path(tempfile.mkdtemp(prefix="bench-voila-"))
    port, token = bs.free_port(), secrets.token_urlsafe(16)
    process = voila_app.start(voila_app.NOTEBOOK, port, token, work, log=open(work / "log", "wb"))
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=5)
                break  # answering (the login page)
            except urllib.error.HTTPError:
                break  # answering (403 without a token)
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise RuntimeError("Voila did not start") from None
                time.sleep(0.3)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(JS_RECORD_WEBSOCKETS)
        bs.block_remote_requests(page, [])
        page.goto(f"http://127.0.0.1:{port}/?token={token}", timeout=120_000)
        page.wait_for_function(CANVAS_READY, timeout=180_000, polling=250)
        return press_many(page, presses)
    finally:
        process.terminate()
        process.wait(timeout=30)


# Diagnostic (--readout-last): in the JupyterLab kernel, send the explorer's picture before its
# readout (the text beside the sliders), to see what the readout's update costs the picture.
READOUT_LAST = """
_explorer = field_explorer
_shown_readout = _explorer.readout


class _HeldReadout:
    value = None


_explorer.readout = _HeldReadout()


def _refresh_then_readout(_refresh=type(_explorer).refresh.__get__(_explorer)):
    _refresh()
    _shown_readout.value = _explorer.readout.value


_explorer.refresh = _refresh_then_readout
"""

# Diagnostic (always on in JupyterLab): the kernel's own time per key press, from the comm
# message's arrival in the explorer's update to the picture handed to ipympl (both timed by
# wrapping the explorer's _update_point and refresh on the instance).
KERNEL_TIMER = """
import time as _time

_explorer = field_explorer
_kernel_ms = []


def _timed_update(_update=type(_explorer)._update_point.__get__(_explorer)):
    _explorer._t0 = _time.perf_counter()
    _update()


def _timed_refresh(_refresh=_explorer.refresh):
    _refresh()
    _kernel_ms.append(1000 * (_time.perf_counter() - _explorer._t0))


_explorer._update_point = _timed_update
_explorer.refresh = _timed_refresh
"""

JS_EXECUTE = """
async (code) => {
  const kernel = window.__nb.panel.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, silent: true });
  const reply = await future.done;
  return reply.content.status;
}
"""


JS_KERNEL_MEDIAN = """
async () => {
  const kernel = window.__nb.panel.sessionContext.session.kernel;
  let text = '';
  const future = kernel.requestExecute({
    code: 'print(round(sorted(_kernel_ms)[len(_kernel_ms) // 2], 1))', silent: false });
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === 'stream') { text += msg.content.text; }
  };
  await future.done;
  return text.trim();
}
"""


def measure_lab(browser, presses: int, readout_last: bool = False) -> tuple[list, list]:
    work = Path(tempfile.mkdtemp(prefix="bench-lab-"))
    root = bs.copy_notebooks(work / "notebooks")
    with bs.lab_server(root, work) as lab:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(JS_RECORD_WEBSOCKETS)
        bs.block_remote_requests(page, [])
        page.goto(lab.lab_url(NOTEBOOK, "bench"), timeout=120_000)
        page.wait_for_function(
            "(path) => { const app = window.jupyterapp; if (!app) return false;"
            " for (const w of app.shell.widgets('main'))"
            "   if (w.context && w.context.path === path) return true; return false; }",
            arg=NOTEBOOK,
            timeout=120_000,
        )
        page.evaluate(bs.JS_ATTACH, NOTEBOOK)
        page.wait_for_function(bs.JS_KERNEL_IDLE, timeout=120_000, polling=200)
        page.evaluate(bs.JS_RUN_ALL)
        page.wait_for_function("() => window.__nb.runDone", timeout=300_000, polling=500)
        page.wait_for_function(bs.JS_KERNEL_IDLE, timeout=120_000, polling=200)
        page.wait_for_function(CANVAS_READY, timeout=120_000, polling=250)
        if readout_last:
            print("  (picture sent before the readout)", page.evaluate(JS_EXECUTE, READOUT_LAST))
        page.evaluate(JS_EXECUTE, KERNEL_TIMER)
        times, parts = press_many(page, presses)
        kernel = page.evaluate(JS_KERNEL_MEDIAN)
        print(f"  kernel: update + blit + PNG, median {kernel} ms per key press")
        return times, parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--only", choices=["voila", "lab"])
    parser.add_argument(
        "--readout-last",
        action="store_true",
        help="JupyterLab: send the picture before the readout (a diagnostic)",
    )
    args = parser.parse_args(argv)
    problem = bs.chromium_problem()
    if problem:
        print(f"cannot run: {problem}")
        return 2
    from playwright.sync_api import sync_playwright

    medians: dict[str, tuple] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(bs.CHROMIUM), args=list(bs.CHROMIUM_ARGS), headless=True
        )
        for name, measure in [("voila", measure_voila), ("lab", measure_lab)]:
            if args.only and args.only != name:
                continue
            print(f"{name}: gradient-field explorer, slider x1, {args.presses} key presses")
            if name == "lab":
                times, parts = measure_lab(browser, args.presses, args.readout_last)
            else:
                times, parts = measure(browser, args.presses)
            if times:
                medians[name] = (
                    statistics.median(times),
                    {k: _median([p[k] for p in parts]) for k in ("send", "image", "paint")},
                    _median([p["imageBytes"] for p in parts]),
                )
        browser.close()
    for name, (median, split, image_bytes) in medians.items():
        verdict = "met" if median <= 100 else "missed"
        print(
            f"{name:6s} medians: key -> frame sent {split['send']} ms, sent -> image frame "
            f"received {split['image']} ms ({image_bytes} bytes), received -> new pixels "
            f"{split['paint']} ms"
        )
        print(
            f"{name:6s} median key press -> new canvas pixels: {median:6.1f} ms "
            f"(goal <= 100 ms: {verdict})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
