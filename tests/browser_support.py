"""Support for tests/test_browser.py: a private JupyterLab server and the in-page probes.

The browser test starts JupyterLab from the project's own environment on 127.0.0.1 with a
random token, serves a *copy* of the notebooks (autosave off as well, so nothing is ever written
back), opens every notebook in headless Chromium through Playwright, runs all cells and inspects
the page. The JavaScript probes below read JupyterLab's own notebook model through
``window.jupyterapp`` (``--LabApp.expose_app_in_browser=True``), so "which output is a widget"
comes from the kernel's messages, not from guessing at the DOM.

Nothing here imports Playwright at module level: the module must import (doctest collection
runs over tests/) on machines without a browser.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "test-artifacts"
#: Debian's Chromium (Playwright's own browser download is not used); override with
#: NORMGRAD_CHROMIUM=/path/to/chromium.
CHROMIUM = Path(os.environ.get("NORMGRAD_CHROMIUM", "/usr/bin/chromium"))

#: Flags that let Chromium run headless as root in a container with the network closed.
#: (Playwright adds ``--headless`` and a fresh ``--user-data-dir`` itself.)
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

#: The slider check's limit: a key press on a slider must change a plot within this time.
SLIDER_LIMIT_MS = 1000.0

#: Name of the notebook the test writes next to the copied notebooks (never committed):
#: one FloatSlider wired to an ipympl figure, so the slider path is always exercised.
FIXTURE_NAME = "_browser_fixture.ipynb"

INSTALL_HINT = (
    "install Chromium with `apt-get install chromium` (Debian/Ubuntu; or point "
    "NORMGRAD_CHROMIUM at a Chromium binary) and the test extra with `make test`; "
    "Playwright's own browser download (`playwright install`) is not needed"
)

def widget_repr_pattern() -> str:
    """Regex (valid in Python and JavaScript) for a widget's repr shown instead of the widget.

    A widget's ``text/plain`` is its class name and arguments: ``IntSlider(value=0)``,
    ``VBox(children=(...))``, ipympl's ``Canvas(toolbar=Toolbar(...))``. The names come from
    ipywidgets itself (plus ipympl's), so a dataclass repr like ``Point(x=1)`` does not match.
    """
    import ipywidgets

    names = {
        name
        for name, obj in vars(ipywidgets).items()
        if isinstance(obj, type) and issubclass(obj, ipywidgets.Widget)
    }
    names |= {"Canvas", "Toolbar", "interactive"}
    return r"^\s*(?:" + "|".join(sorted(names, key=lambda n: (-len(n), n))) + r")\("


def widget_repr_like(text: str) -> bool:
    """Whether ``text`` looks like an ipywidgets/ipympl repr shown instead of the widget.

    Examples
    --------
    >>> widget_repr_like("VBox(children=(FloatSlider(value=1.0),))")
    True
    >>> widget_repr_like("Canvas(toolbar=Toolbar(toolitems=[]))")
    True
    >>> widget_repr_like("Output()")
    True
    >>> widget_repr_like("ValueAndGradient(value=1.0, gradient=array([1., 0.]))")
    False
    >>> widget_repr_like("Matrix([[1, 0], [0, 1]])")
    False
    """
    return re.match(widget_repr_pattern(), text) is not None


def chromium_problem() -> str | None:
    """Say why the browser test cannot run here, or return ``None`` when it can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no browser at {CHROMIUM}; {INSTALL_HINT}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"the Python package playwright is not installed; {INSTALL_HINT}"
    return None


def require_chromium() -> None:
    """Skip the calling test when Chromium cannot run here; under CI (``CI=true``) fail instead."""
    import pytest

    problem = chromium_problem()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the browser test cannot run: {problem}")
        pytest.skip(problem)


def block_remote_requests(page, blocked: list[str]) -> None:
    """Abort every request that leaves the machine (anything but file:, data:, blob: and
    127.0.0.1/localhost), recording its URL in ``blocked``: the page must work offline."""
    local = re.compile(r"^(file:|data:|blob:|https?://(127\.0\.0\.1|localhost)(:\d+)?/)")

    def handle(route) -> None:
        url = route.request.url
        if local.match(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", handle)


def notebooks_to_test() -> list[Path]:
    """Every notebook in notebooks/, sorted by name."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def write_fixture_notebook(path: Path) -> Path:
    """Write the slider fixture: one FloatSlider redrawing an ipympl figure.

    Examples
    --------
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     nb = json.loads(write_fixture_notebook(Path(tmp) / "f.ipynb").read_text())
    >>> [cell["cell_type"] for cell in nb["cells"]]
    ['markdown', 'code', 'code']
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.cells = [
        new_markdown_cell("# Browser-test fixture: one slider redrawing an ipympl figure"),
        new_code_cell(
            "%matplotlib widget\n"
            "import ipywidgets as widgets\n"
            "import matplotlib.pyplot as plt\n"
            "import numpy as np"
        ),
        new_code_cell(
            "x = np.linspace(0, 2 * np.pi, 200)\n"
            "slider = widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.1, "
            "description='k')\n"
            "with plt.ioff():\n"
            "    fig, ax = plt.subplots(figsize=(4, 3))\n"
            "(line,) = ax.plot(x, np.sin(slider.value * x))\n"
            "\n"
            "def redraw(change):\n"
            "    line.set_ydata(np.sin(change['new'] * x))\n"
            "    fig.canvas.draw_idle()\n"
            "\n"
            "slider.observe(redraw, names='value')\n"
            "widgets.VBox([slider, fig.canvas])"
        ),
    ]
    nbformat.write(nb, path)
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))


def _lab_settings(settings_dir: Path) -> None:
    """User settings for the private server: no autosave, no network, no prompts."""
    _write_json(
        settings_dir / "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings",
        {"autosave": False},
    )
    _write_json(
        settings_dir / "@jupyterlab/apputils-extension/notification.jupyterlab-settings",
        {"fetchNews": "false", "checkForUpdates": False},
    )


@dataclass
class LabServer:
    """A running private JupyterLab server (see :func:`lab_server`)."""

    base_url: str
    token: str
    root: Path
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def lab_url(self, notebook: str, workspace: str) -> str:
        """URL opening ``notebook`` in a fresh, named workspace (no restored tabs)."""
        path = urllib.parse.quote(notebook)
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call the REST API with the token; return the decoded JSON (or None)."""
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every kernel the server has started (between notebooks)."""
        for kernel in self.api("GET", "/api/kernels") or []:  # type: ignore[union-attr]
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.HTTPError:
                pass

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log (kernel stderr included)."""
        return self.log_path.read_text(errors="replace")[-chars:]


@contextmanager
def lab_server(root: Path, workdir: Path, timeout: float = 60.0) -> Iterator[LabServer]:
    """Run JupyterLab from this environment on 127.0.0.1 with a random token, serving ``root``.

    Config, data, runtime and IPython directories point into ``workdir`` so the user's own
    Jupyter setup can neither leak in nor be touched. The server is terminated on exit.
    """
    jupyter = Path(sys.executable).parent / "jupyter"
    token = secrets.token_hex(24)
    port = free_port()
    settings_dir = workdir / "lab-user-settings"
    _lab_settings(settings_dir)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(workdir / "jupyter-config"),
        JUPYTER_DATA_DIR=str(workdir / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(workdir / "jupyter-runtime"),
        IPYTHONDIR=str(workdir / "ipython"),
    )
    # The token goes in the environment, not on the command line where `ps` shows it.
    env["JUPYTER_TOKEN"] = token
    command = [
        str(jupyter),
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--LabApp.workspaces_dir={workdir / 'lab-workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.terminals_enabled=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    # On a fresh machine the first `import matplotlib` builds the font cache and says so on
    # stderr, which would show in the first notebook's output: build it before any kernel runs.
    subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True, timeout=300
    )
    log_path = workdir / "jupyter-server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = LabServer(f"http://127.0.0.1:{port}", token, root, log_path, process)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {process.returncode}:\n{server.log_tail()}"
                )
            try:
                server.api("GET", "/api/status")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"JupyterLab did not answer within {timeout:.0f} s:\n{server.log_tail()}"
                    ) from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def copy_notebooks(destination: Path) -> Path:
    """Copy notebooks/ (checkpoints left out) and add the fixture notebook; return the copy."""
    shutil.copytree(
        NOTEBOOKS, destination, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    )
    write_fixture_notebook(destination / FIXTURE_NAME)
    return destination


# --------------------------------------------------------------------------------------------
# In-page probes. Each is an arrow function for ``page.evaluate``. ``window.__nb`` holds the
# notebook panel under test and what was seen on the kernel's iopub channel.

JS_ATTACH = r"""
async (path) => {
  const app = window.jupyterapp;
  let panel = null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path) { panel = w; }
  }
  if (!panel) { throw new Error('no notebook panel for ' + path); }
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  const state = { panel, kernelErrors: [], running: false, runDone: false, runResult: null,
                  ignored: [] };
  kernel.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type;
    const benign = type === 'stream'
      && /^No such comm(: [0-9a-f-]+| target registered: jupyter\.widget\.control)\s*$/
        .test(msg.content.text);
    if (!state.running || benign) {
      // Before Run All the notebook has run nothing. The widget manager probes the kernel for
      // existing widgets on connecting; before ipywidgets is imported the kernel answers
      // "No such comm target registered: jupyter.widget.control" on stderr: not an error.
      if (type === 'error' || type === 'stream') { state.ignored.push(msg.content); }
      return;
    }
    // Output of a cell's own execution shows in that cell (checked there); this catches the
    // rest, e.g. exceptions raised in widget callbacks, which JupyterLab puts in its log console.
    if (msg.parent_header && msg.parent_header.msg_type === 'execute_request') { return; }
    if (type === 'error') {
      state.kernelErrors.push(`${msg.content.ename}: ${msg.content.evalue}`);
    } else if (type === 'stream' && msg.content.name === 'stderr') {
      state.kernelErrors.push('stderr: ' + msg.content.text.trim());
    }
  });
  window.__nb = state;
  return kernel.name;
}
"""

JS_KERNEL_IDLE = """
() => {
  const kernel = window.__nb.panel.sessionContext.session.kernel;
  return kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}
"""

JS_RUN_ALL = """
async () => {
  const app = window.jupyterapp;
  const state = window.__nb;
  app.shell.activateById(state.panel.id);
  await app.commands.execute('notebook:clear-all-cell-outputs');
  state.running = true;
  app.commands.execute('notebook:run-all-cells').then(
    (ok) => { state.runResult = ok; state.runDone = true; },
    (err) => { state.runResult = String(err); state.runDone = true; });
}
"""

# Indices of ipympl figures whose canvas is still zero-sized or one flat colour. ipympl sizes
# and paints a canvas only after the kernel answers the browser's first resize request, which
# can be a second or more after the cell finished.
JS_BLANK_FIGURES = """
() => {
  const out = [];
  const divs = window.__nb.panel.content.node.querySelectorAll('.jupyter-matplotlib-canvas-div');
  divs.forEach((div, i) => {
    const canvas = div.querySelector('canvas');  // the figure; the next one is an overlay
    if (!canvas || !canvas.width || !canvas.height) { out.push(i); return; }
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let same = true;
    for (let k = 4; k < d.length && same; k += 4) {
      same = d[k] === d[0] && d[k + 1] === d[1] && d[k + 2] === d[2] && d[k + 3] === d[3];
    }
    if (same) { out.push(i); }
  });
  return out;
}
"""

JS_WIDGETS_SETTLED = """
() => {
  const MIME = 'application/vnd.jupyter.widget-view+json';
  for (const cell of window.__nb.panel.content.widgets) {
    if (cell.model.type !== 'code') { continue; }
    const outputs = cell.model.outputs.toJSON();
    outputs.forEach((out, i) => {
      if (!(out.data && out.data[MIME])) { return; }
      const child = cell.outputArea.widgets[i];
      const node = child && child.node;
      // Settled: rendered, failed visibly, or fell back to the plain-text repr.
      if (!node || !(node.querySelector('.jupyter-widgets, [data-mime-type="text/plain"]')
                     || node.textContent.includes('Error displaying widget'))) {
        throw new Error('pending');
      }
    });
  }
  return true;
}
"""

# Collects every problem on the page after the run. Returns {problems: [...], counts: {...}}.
JS_PROBLEMS = r"""
(widgetRepr) => {
  const MIME = 'application/vnd.jupyter.widget-view+json';
  const repr = new RegExp(widgetRepr);
  const state = window.__nb;
  const nb = state.panel.content;
  const problems = [];
  const reported = new Set();
  let widgetOutputs = 0, codeCells = 0;
  nb.widgets.forEach((cell, c) => {
    const where = `cell ${c + 1}`;
    if (cell.model.type !== 'code') { return; }
    codeCells += 1;
    if (cell.model.executionCount === null) {
      problems.push(`${where}: no execution count (not run)`);
    }
    const outputs = cell.model.outputs.toJSON();
    outputs.forEach((out, i) => {
      if (out.output_type === 'error') {
        problems.push(`${where}: error output ${out.ename}: ${out.evalue}`);
      }
      if (out.output_type === 'stream' && out.name === 'stderr') {
        problems.push(`${where}: stderr output: ${out.text.trim().slice(0, 300)}`);
      }
      if (!(out.data && out.data[MIME])) { return; }
      widgetOutputs += 1;
      const child = cell.outputArea.widgets[i];
      const node = child && child.node;
      const rendered = node && node.querySelector('.jupyter-widgets');
      const asText = node && node.querySelector('[data-mime-type="text/plain"]');
      if (asText && !rendered) {
        reported.add(asText);
        problems.push(`${where}: widget shown as text: ${asText.textContent.slice(0, 120)}`);
      } else if (!rendered) {
        problems.push(`${where}: widget output not rendered`);
      } else {
        const box = rendered.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) {
          problems.push(`${where}: widget rendered with zero size`);
        }
      }
    });
  });
  // Output nested in Output widgets is not in the notebook model: check the DOM.
  for (const node of nb.node.querySelectorAll('.jupyter-widgets .jp-OutputArea-output')) {
    const mime = node.getAttribute('data-mime-type');
    const text = node.textContent;
    if (mime === 'application/vnd.jupyter.stderr') {
      problems.push(`stderr/error shown in an Output widget: ${text.trim().slice(0, 300)}`);
    }
  }
  // A widget's repr printed or returned instead of the widget itself.
  for (const node of nb.node.querySelectorAll('.jp-OutputArea-output')) {
    const mime = node.getAttribute('data-mime-type');
    if ((mime === 'text/plain' || mime === 'application/vnd.jupyter.stdout')
        && repr.test(node.textContent) && !reported.has(node)) {
      problems.push(`widget shown as text: ${node.textContent.slice(0, 120)}`);
    }
  }
  if (nb.node.textContent.includes('Error displaying widget')) {
    problems.push('"Error displaying widget" on the page');
  }
  for (const err of state.kernelErrors) { problems.push(`kernel reported ${err.slice(0, 300)}`); }
  const figures = nb.node.querySelectorAll('.jupyter-matplotlib-figure').length;
  // Sliders a reader can reach (not in a closed accordion or a hidden tab): each gets nudged.
  const handles = [...nb.node.querySelectorAll('.widget-slider .noUi-handle[data-handle="0"]')];
  const sliders = handles.filter((h) => h.checkVisibility()).length;
  const hiddenSliders = handles.length - sliders;
  return { problems, counts: { codeCells, widgetOutputs, figures, sliders, hiddenSliders } };
}
"""

# Fingerprint of everything a slider could redraw: ipympl canvases (pixels) and images
# inside widget outputs (their sources). ``window.__fp()`` returns an array of strings.
JS_INSTALL_FINGERPRINT = """
() => {
  window.__fp = () => {
    const root = window.__nb.panel.content.node;
    const prints = [];
    for (const canvas of root.querySelectorAll('.jp-OutputArea-output canvas')) {
      let h = 2166136261 >>> 0;
      if (canvas.width && canvas.height) {
        const ctx = canvas.getContext('2d');
        const px = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
        for (let i = 0; i < px.length; i++) { h = Math.imul(h ^ px[i], 16777619) >>> 0; }
      }
      prints.push(`c${canvas.width}x${canvas.height}:${h}`);
    }
    for (const img of root.querySelectorAll('.jupyter-widgets img, .widget-output img')) {
      prints.push('i' + img.src);  // data: URLs change with the picture, blob: URLs per update
    }
    return prints;
  };
  window.__fpDiffers = (a, b) => a.length !== b.length || a.some((x, i) => x !== b[i]);
  return window.__fp().length;
}
"""

# Wait until the fingerprint has not changed for ``quietMs`` (or ``maxMs`` passed).
JS_WAIT_STILL = """
async ([quietMs, maxMs]) => {
  const t0 = performance.now();
  let last = window.__fp(), since = performance.now();
  while (performance.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, 25));
    const now = window.__fp();
    if (window.__fpDiffers(now, last)) { last = now; since = performance.now(); }
    else if (performance.now() - since >= quietMs) { return true; }
  }
  return false;
}
"""

# Bring slider ``index`` (counting visible sliders) into view and focus its handle. Scrolling
# can make cells render and figures resize and redraw, so the caller waits for stillness after.
JS_FOCUS_SLIDER = """
(index) => {
  const root = window.__nb.panel.content.node;
  const handle = [...root.querySelectorAll('.widget-slider .noUi-handle[data-handle="0"]')]
    .filter((h) => h.checkVisibility())[index];
  handle.scrollIntoView({ block: 'center' });
  handle.focus();
  window.__handle = handle;
  const label = handle.closest('.widget-slider').querySelector('.widget-label');
  const atMax = Number(handle.getAttribute('aria-valuenow'))
    >= Number(handle.getAttribute('aria-valuemax'));
  return { key: atMax ? 'ArrowLeft' : 'ArrowRight', label: label ? label.textContent : '' };
}
"""

# Arm the probe on the focused handle: take the fingerprint now, record the key-down time,
# then poll the fingerprint until it changes or ``maxMs`` passes.
JS_ARM_SLIDER = """
(maxMs) => {
  const handle = window.__handle;
  const probe = { before: handle.getAttribute('aria-valuenow'), after: null,
                  keyAt: null, changeAt: null, done: false, handle };
  window.__probe = probe;
  const baseline = window.__fp();
  handle.addEventListener('keydown', () => {
    probe.keyAt = performance.now();
    const poll = () => {
      if (window.__fpDiffers(window.__fp(), baseline)) {
        probe.changeAt = performance.now(); probe.done = true;
      } else if (performance.now() - probe.keyAt > maxMs) {
        probe.done = true;
      } else {
        setTimeout(poll, 2);
      }
    };
    setTimeout(poll, 0);
  }, { once: true, capture: true });
  return document.activeElement === handle;
}
"""

JS_PROBE_RESULT = """
() => {
  const p = window.__probe;
  const slider = p.handle.closest('.widget-slider');
  const readout = slider ? slider.querySelector('.widget-readout') : null;
  p.after = p.handle.getAttribute('aria-valuenow');
  return { before: p.before, after: p.after, readout: readout ? readout.textContent : '',
           stillFocused: document.activeElement === p.handle,
           latencyMs: p.changeAt === null ? null : p.changeAt - p.keyAt };
}
"""


@dataclass
class SliderResult:
    """One keyboard nudge of one slider."""

    label: str
    key: str
    value_before: str
    value_after: str
    latency_ms: float | None  # None: no plot changed within the probe's time limit
    note: str = ""  # what else was seen, for the failure report


@dataclass
class NotebookResult:
    """What the browser saw for one notebook."""

    name: str
    problems: list[str]
    counts: dict[str, int]
    sliders: list[SliderResult]
    seconds: dict[str, float]  # wall-clock seconds per phase


def check_notebook(page, server: LabServer, name: str, workspace: str) -> NotebookResult:
    """Open ``name`` in JupyterLab, run all cells, inspect outputs, nudge every slider."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    start = time.monotonic()
    phases: dict[str, float] = {}

    def lap(phase: str) -> None:
        phases[phase] = round(time.monotonic() - start - sum(phases.values()), 2)

    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(server.lab_url(name, workspace))
    page.wait_for_selector(".jp-NotebookPanel", timeout=60_000)
    page.wait_for_function(
        "(path) => { const app = window.jupyterapp; if (!app) return false;"
        " for (const w of app.shell.widgets('main'))"
        "   if (w.context && w.context.path === path) return true; return false; }",
        arg=name,
        timeout=60_000,
    )
    lap("open JupyterLab and the notebook")
    page.evaluate(JS_ATTACH, name)
    page.wait_for_function(JS_KERNEL_IDLE, timeout=60_000)
    lap("kernel ready")
    page.evaluate(JS_RUN_ALL)
    page.wait_for_function("() => window.__nb.runDone", timeout=120_000, polling=100)
    page.wait_for_function(JS_KERNEL_IDLE, timeout=60_000, polling=100)
    lap("run all cells")
    settled = (
        f"() => {{ try {{ return ({JS_WIDGETS_SETTLED})() && ({JS_BLANK_FIGURES})().length === 0;"
        " } catch (e) { return false; } }"
    )
    try:
        page.wait_for_function(settled, timeout=30_000, polling=100)
    except PlaywrightTimeout:  # what is still wrong is reported precisely below
        pass
    page.evaluate(JS_INSTALL_FINGERPRINT)
    page.evaluate(JS_WAIT_STILL, [300, 10_000])
    lap("widgets and figures drawn")
    report = page.evaluate(JS_PROBLEMS, widget_repr_pattern())
    problems: list[str] = list(report["problems"])
    run_result = page.evaluate("() => window.__nb.runResult")
    if isinstance(run_result, str):
        problems.append(f"Run All failed in JupyterLab: {run_result}")
    blank = page.evaluate(JS_BLANK_FIGURES)
    problems += [f"ipympl figure {i + 1} is blank or zero-sized (never drawn)" for i in blank]
    seen = page.evaluate("() => window.__nb.kernelErrors.length")
    sliders: list[SliderResult] = []
    for index in range(report["counts"]["sliders"]):
        sliders.append(nudge_slider(page, index))
        page.wait_for_function(JS_KERNEL_IDLE, timeout=30_000, polling=50)
    lap("nudge sliders")
    # Slider callbacks report their exceptions on the kernel's channel: collect those too.
    late = page.evaluate("(n) => window.__nb.kernelErrors.slice(n)", seen)
    problems += [f"kernel reported (after moving sliders) {e[:300]}" for e in late]
    problems += [f"uncaught JavaScript error: {e[:300]}" for e in page_errors]
    return NotebookResult(name, problems, report["counts"], sliders, phases)


def nudge_slider(page, index: int) -> SliderResult:
    """Press an arrow key on visible slider ``index``; time the first change of a plot's pixels.

    The time runs in the page's clock from the key-down event on the slider handle to the
    first poll (every few ms) that finds a canvas's pixels or a widget image changed.
    """
    focused = page.evaluate(JS_FOCUS_SLIDER, index)
    page.evaluate(JS_WAIT_STILL, [300, 10_000])
    if not page.evaluate(JS_ARM_SLIDER, 5 * SLIDER_LIMIT_MS):
        page.evaluate("() => window.__handle.focus()")
    page.keyboard.press(focused["key"])
    page.wait_for_function("() => window.__probe.done", timeout=30_000, polling=20)
    result = page.evaluate(JS_PROBE_RESULT)
    return SliderResult(
        focused["label"],
        focused["key"],
        result["before"],
        result["after"],
        result["latencyMs"],
        note=f"readout {result['readout']!r}, handle focused after: {result['stillFocused']}",
    )


def save_failure_artifacts(page, server: LabServer | None, stem: str, text: str) -> list[Path]:
    """Screenshot the page and write the problems (and server log tail) to test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    saved = []
    shot = ARTIFACTS / f"browser-{stem}.png"
    try:
        # JupyterLab scrolls inside the notebook panel, so a "full page" shot shows one screen:
        # grow the window to the notebook's height (capped) to get every cell in the picture.
        height = page.evaluate(
            "() => window.__nb ? Math.max(...[window.__nb.panel.content.node, ...window.__nb"
            ".panel.content.node.querySelectorAll('.jp-WindowedPanel-outer')]"
            ".map((n) => n.scrollHeight)) : 0"
        )
        width = (page.viewport_size or {}).get("width", 1280)
        page.set_viewport_size({"width": width, "height": max(900, min(int(height) + 200, 16000))})
        page.wait_for_timeout(500)
        page.screenshot(path=str(shot))
        saved.append(shot)
    except Exception as exc:  # a dead page must not hide the real failure
        text += f"\n(screenshot failed: {exc})"
    notes = ARTIFACTS / f"browser-{stem}.txt"
    log = server.log_tail() if server else ""
    notes.write_text(f"{text}\n\n--- JupyterLab server log (tail) ---\n{log}\n")
    saved.append(notes)
    return saved


# --------------------------------------------------------------------------------------------
# Key press -> first paint of an explorer's ipympl canvas (tests/test_app.py and
# benchmarks/bench_latency.py; works in Voila and in JupyterLab alike).
#
# The paint is timed exactly by wrapping the 2-D canvas calls ipympl draws each frame with
# (drawImage / putImageData), not by polling pixels, which loads the page's main thread and
# delays the very redraw being timed. Pixels are compared once, after the paint.

JS_EXPLORER_PROBE = """
([selector, index]) => {
  if (!window.__paintWrapped) {
    window.__paintWrapped = true;
    window.__paints = [];
    const proto = CanvasRenderingContext2D.prototype;
    for (const name of ['drawImage', 'putImageData']) {
      const original = proto[name];
      proto[name] = function (...args) {
        const t = performance.now();
        const result = original.apply(this, args);
        window.__paints.push({ t, canvas: this.canvas });
        const probe = window.__probe;
        if (probe && probe.keyAt !== null && probe.changeAt === null
            && this.canvas === probe.canvas && probe.differs()) {
          probe.changeAt = t;  // the first paint after the key press that changed pixels
        }
        return result;
      };
    }
  }
  const root = [...document.querySelectorAll(selector)].filter((e) => e.checkVisibility())[0];
  if (!root) { return { error: 'no visible ' + selector }; }
  const handle = [...root.querySelectorAll('.widget-slider .noUi-handle[data-handle="0"]')]
    .filter((h) => h.checkVisibility())[index];
  const canvas = root.querySelector('.jupyter-matplotlib-canvas-div canvas');
  if (!handle || !canvas) { return { error: 'no slider handle or no ipympl canvas' }; }
  handle.scrollIntoView({ block: 'center' });
  handle.focus();
  const atMax = Number(handle.getAttribute('aria-valuenow'))
    >= Number(handle.getAttribute('aria-valuemax'));
  const pixels = () => canvas.width && canvas.height
    ? canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data : null;
  const before = pixels();
  const differs = () => {
    const after = pixels();
    if (!after || !before || after.length !== before.length) { return true; }
    for (let i = 0; i < after.length; i += 4) {
      if (after[i] !== before[i] || after[i + 1] !== before[i + 1]
          || after[i + 2] !== before[i + 2]) { return true; }
    }
    return false;
  };
  const probe = { keyAt: null, changeAt: null, value: handle.getAttribute('aria-valuenow'),
                  canvas, handle, before, pixels, differs };
  window.__probe = probe;
  window.__paints = [];
  handle.addEventListener('keydown', () => { probe.keyAt = performance.now(); },
                          { once: true, capture: true });
  return { key: atMax ? 'ArrowLeft' : 'ArrowRight', focused: document.activeElement === handle,
           width: canvas.width, height: canvas.height };
}
"""

JS_EXPLORER_PAINTED = """
() => {
  const probe = window.__probe;
  if (probe.keyAt === null) { return false; }
  return probe.changeAt !== null
    || performance.now() - probe.keyAt > 10000;  // no change: reported, not waited for
}
"""

JS_EXPLORER_RESULT = """
() => {
  const probe = window.__probe;
  const paints = window.__paints.filter((p) => p.t >= probe.keyAt && p.canvas === probe.canvas);
  const after = probe.pixels();
  let changed = 0;
  if (after && probe.before && after.length === probe.before.length) {
    for (let i = 0; i < after.length; i += 4) {
      if (after[i] !== probe.before[i] || after[i + 1] !== probe.before[i + 1]
          || after[i + 2] !== probe.before[i + 2]) { changed += 1; }
    }
  }
  return { latencyMs: probe.changeAt === null ? null : probe.changeAt - probe.keyAt,
           firstPaintMs: paints.length ? paints[0].t - probe.keyAt : null,
           paints: paints.length, changedPixels: changed,
           valueBefore: probe.value, valueAfter: probe.handle.getAttribute('aria-valuenow') };
}
"""


def time_explorer_key(page, selector: str, index: int = 0, settle_ms: int = 400) -> dict:
    """Press an arrow key on slider ``index`` of the explorer matching ``selector``; return
    ``latencyMs`` (key-down to the first paint of its canvas that changed its pixels, or None),
    ``firstPaintMs``, ``changedPixels`` (after ``settle_ms``) and the slider's values."""
    armed = page.evaluate(JS_EXPLORER_PROBE, [selector, index])
    if "error" in armed:
        raise AssertionError(armed["error"])
    page.keyboard.press(armed["key"])
    page.wait_for_function(JS_EXPLORER_PAINTED, timeout=30_000, polling=10)
    page.wait_for_timeout(settle_ms)  # let the frame finish before comparing pixels
    return {**page.evaluate(JS_EXPLORER_RESULT), "key": armed["key"]}
