"""The explorers app of ``make app`` (Voilà), run on a free port and opened in headless Chromium.

The test starts ``classroom/voila_app.py``'s Voilà on 127.0.0.1 with a random token and checks

- a request without the token is refused (a redirect to the login page, or 401/403), for the page
  and for the REST API;
- the page, opened with the token and with every non-local request aborted, renders the three
  explorers: widgets and ipympl canvases, no "Error displaying widget", no traceback or error
  output, no JavaScript error, nothing asked of the network (Voilà's Font Awesome CDN link is
  dropped by our template);
- an arrow key on the gradient-field explorer's first slider changes the slider's value and the
  picture's pixels (the time is printed, never asserted: see benchmarks/bench_latency.py);
- at the end the server and every kernel it started are stopped.

Without Chromium the test is skipped, except under CI (``CI=true``) where it fails.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    block_remote_requests,
    free_port,
    require_chromium,
    time_explorer_key,
)

sys.path.insert(0, str(REPO / "classroom"))
import voila_app  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.classroom]

FIELD = ".normgrad-explorer-gradient-field"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(url: str) -> tuple[int, str]:
    """HTTP status and Location of a GET without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    require_chromium()
    import psutil

    work = tmp_path_factory.mktemp("voila")
    port, token = free_port(), secrets.token_urlsafe(24)
    log_path = work / "voila.log"
    with open(log_path, "wb") as log:
        process = voila_app.start(voila_app.NOTEBOOK, port, token, work, log=log)
    base = f"http://127.0.0.1:{port}"
    state = {"base": base, "token": token, "log": log_path, "process": process}

    def stop() -> dict:
        """Stop Voila and everything it started (its kernels); report what was left."""
        if "stopped" in state:
            return state["stopped"]
        try:  # Voila's children (the kernels), found before it stops
            children = psutil.Process(process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        _, alive = psutil.wait_procs(children, timeout=15)
        for leftover in alive:
            leftover.kill()
        state["stopped"] = {
            "children": len(children),
            "left": [p.pid for p in alive],
            "returncode": process.returncode,
        }
        return state["stopped"]

    state["stop"] = stop
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"Voila exited ({process.returncode}):\n{log_path.read_text()}")
            try:
                _status(f"{base}/")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"Voila did not answer in 120 s:\n{log_path.read_text()}")
                time.sleep(0.3)
        yield state
    finally:
        stop()


def test_request_without_token_is_refused(app):
    for path in ["/", "/voila/render/06_explorers.ipynb", "/api/kernels"]:
        status, location = _status(app["base"] + path)
        refused = status in (401, 403) or (status in (302, 303) and "/login" in location)
        assert refused, f"GET {path} without a token answered {status} {location!r}"
    status, location = _status(f"{app['base']}/?token=wrong-{app['token']}")
    assert status in (401, 403) or "/login" in location, (status, location)


def test_explorers_render_and_slider_redraws(app):
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        block_remote_requests(page, blocked)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        page.on(
            "console",
            lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None,
        )
        try:
            page.goto(f"{app['base']}/?token={app['token']}", timeout=120_000)
            # Voila renders cell by cell; wait for the three explorers and a painted canvas.
            page.wait_for_function(
                """() => document.querySelectorAll('.normgrad-explorer').length >= 3
                    && [...document.querySelectorAll('.jupyter-matplotlib-canvas-div canvas')]
                       .some((c) => c.width > 0 && c.height > 0)""",
                timeout=180_000,
                polling=250,
            )
            page.wait_for_timeout(1500)
            text = page.inner_text("body")
            for bad in ["Error displaying widget", "Traceback (most recent call last)"]:
                if bad in text:
                    problems.append(f"the page shows {bad!r}")
            stderr = page.locator(
                '[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-error'
            ).count()
            if stderr:
                problems.append(f"{stderr} error/stderr output(s) on the page")
            counts = page.evaluate(
                """() => ({sliders: document.querySelectorAll('.widget-slider').length,
                           canvases: document.querySelectorAll(
                             '.jupyter-matplotlib-canvas-div').length,
                           code: document.querySelectorAll('.jp-InputArea-editor').length})"""
            )
            if counts["sliders"] < 3 or counts["canvases"] < 3:
                problems.append(f"too few widgets rendered: {counts}")
            if counts["code"]:
                problems.append(f"{counts['code']} code cell(s) shown (app mode hides code)")
            result = time_explorer_key(page, FIELD)
            if result["valueAfter"] == result["valueBefore"]:
                problems.append(f"the slider did not move: {result}")
            if not result["changedPixels"]:
                problems.append(f"the picture did not change after the key press: {result}")
            print(
                f"Voila: key press -> changed canvas {result['latencyMs']} ms, "
                f"{result['changedPixels']} pixels changed"
            )
            problems += errors
            problems += [f"asked the network for {url}" for url in blocked]
        finally:
            browser.close()
    assert not problems, (
        "\n".join(problems) + f"\n--- voila log ---\n{app['log'].read_text()[-3000:]}"
    )


def test_zz_server_and_kernels_stop(app):
    """Runs last in this module: stopping the app stops its kernels too."""
    assert app["process"].poll() is None, "Voila died during the tests"
    stopped = app["stop"]()
    assert stopped["children"] >= 1, "Voila started no kernel"
    assert not stopped["left"], f"processes left running after Voila stopped: {stopped}"
