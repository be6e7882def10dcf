"""Every notebook, run in JupyterLab in a real (headless) browser.

For each notebook in notebooks/ (and a small fixture notebook with one slider wired to an ipympl
figure, written by the test, so the slider path is always exercised) the test starts from a
fresh kernel, runs all cells through JupyterLab and checks that

- every code cell ran (has an execution count) and nothing reported an error or wrote to stderr,
  neither in a cell's output nor on the kernel's channel (widget callbacks report there);
- every widget output was rendered as a widget: no "Error displaying widget", no widget shown as
  its plain-text repr (``VBox(children=...)``), no ipympl figure left blank;
- every slider, nudged with an arrow key, changes its value and redraws a plot within
  ``SLIDER_LIMIT_MS`` (1 s). The key-press-to-new-pixels times are printed in the terminal
  summary ("slider key press -> new pixels") and written to test-artifacts/slider-latency.json.

JupyterLab serves a temporary copy of notebooks/ with autosave off, so the notebooks are never
written to. On failure a screenshot and notes go to test-artifacts/.

Needs Chromium at /usr/bin/chromium (``apt-get install chromium``). Without it the test is
skipped, except under CI (``CI=true``) where it fails.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict

import pytest

from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURE_NAME,
    SLIDER_LIMIT_MS,
    NotebookResult,
    check_notebook,
    chromium_problem,
    copy_notebooks,
    lab_server,
    notebooks_to_test,
    save_failure_artifacts,
)

pytestmark = pytest.mark.browser

NOTEBOOK_NAMES = [path.name for path in notebooks_to_test()] + [FIXTURE_NAME]
VIEWPORT = {"width": 1280, "height": 900}


class SliderLatencySummary:
    """pytest plugin object: prints the measured slider latencies in the terminal summary."""

    name = "normgrad-slider-latency"

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, float | None]] = []

    def add(self, result: NotebookResult) -> None:
        for slider in result.sliders:
            self.rows.append((result.name, slider.label or "(no label)", slider.latency_ms))
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "slider-latency.json").write_text(
            json.dumps(
                [{"notebook": n, "slider": s, "latency_ms": ms} for n, s, ms in self.rows],
                indent=2,
            )
        )

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.rows:
            return
        terminalreporter.section("slider key press -> new pixels (headless Chromium)")
        for notebook, slider, ms in self.rows:
            shown = "no redraw" if ms is None else f"{ms:7.1f} ms"
            terminalreporter.write_line(f"{shown}  {notebook}: {slider}")
        measured = sorted(ms for _, _, ms in self.rows if ms is not None)
        if measured:
            terminalreporter.write_line(
                f"median {measured[len(measured) // 2]:.1f} ms, max {measured[-1]:.1f} ms over "
                f"{len(measured)} slider(s); limit {SLIDER_LIMIT_MS:.0f} ms"
            )


@pytest.fixture(scope="module")
def latency_summary(request: pytest.FixtureRequest) -> SliderLatencySummary:
    manager = request.config.pluginmanager
    plugin = manager.get_plugin(SliderLatencySummary.name)
    if plugin is None:
        plugin = SliderLatencySummary()
        manager.register(plugin, SliderLatencySummary.name)
    return plugin


@pytest.fixture(scope="module")
def browser():
    problem = chromium_problem()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the browser test cannot run: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab on 127.0.0.1 with a token, serving a temporary copy of notebooks/."""
    work = tmp_path_factory.mktemp("jupyterlab")
    root = copy_notebooks(work / "notebooks")
    with lab_server(root, work) as server:
        yield server


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_notebook_runs_in_jupyterlab(name, browser, lab, latency_summary, record_property):
    served = lab.root / name
    before = served.read_bytes()
    page = browser.new_page(viewport=VIEWPORT)
    stem = name.removesuffix(".ipynb")
    try:
        result = check_notebook(page, lab, name, workspace=f"test-{stem}")
        latency_summary.add(result)
        record_property(
            "slider_latency_ms", [round(s.latency_ms or -1, 1) for s in result.sliders]
        )
        failures = list(result.problems)
        for slider in result.sliders:
            where = f"slider {slider.label!r} ({slider.key})"
            if slider.value_after == slider.value_before:
                failures.append(
                    f"{where}: the key press did not change its value ({slider.note})"
                )
            elif slider.latency_ms is None:
                failures.append(f"{where}: no plot changed after the key press")
            elif slider.latency_ms > SLIDER_LIMIT_MS:
                failures.append(
                    f"{where}: plot changed after {slider.latency_ms:.0f} ms "
                    f"(limit {SLIDER_LIMIT_MS:.0f} ms)"
                )
        if name == FIXTURE_NAME and (result.counts["sliders"], result.counts["figures"]) != (1, 1):
            # The fixture exists to exercise the slider path: it must have been exercised.
            failures.append(f"fixture: expected 1 slider and 1 figure, saw {result.counts}")
        if served.read_bytes() != before:
            failures.append("the notebook was written to while the test ran (autosave?)")
        if failures:
            report = "\n".join(failures)
            details = json.dumps(asdict(result), indent=2)
            saved = save_failure_artifacts(page, lab, stem, f"{report}\n\n{details}")
            pytest.fail(
                f"{name} in JupyterLab:\n{report}\n(see {', '.join(map(str, saved))})",
                pytrace=False,
            )
    except Exception as exc:
        save_failure_artifacts(page, lab, stem, f"{type(exc).__name__}: {exc}")
        raise
    finally:
        page.close()
        lab.shutdown_kernels()
