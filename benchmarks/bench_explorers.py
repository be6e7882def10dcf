"""How long one slider move of the gradient-field explorer takes in the kernel.

Compares, in the same run and on the same drawing (a 5 × 5 in figure at 100 dpi, the 41 × 41
gradient field, labelled level curves, the vector x, ∇f(x) at its tip, a readout):

- **naive**: what an ``ipywidgets.interact`` callback with the inline backend does on every
  move: build a new figure, draw everything, encode it as a PNG with ``bbox_inches="tight"``
  (IPython's inline formatter) and send it;
- **ours**: :class:`normgrad.explorers.GradientFieldExplorer` under the ipympl backend
  (``module://ipympl.backend_nbagg``, what ``%matplotlib widget`` selects): the field and the
  level curves are drawn once, a move restores the cached background, draws the few moving
  artists and blits; ipympl then computes the changed pixels and encodes them as a PNG;
- for information, the explorer's inline fallback (one figure re-rendered to PNG each move).

There is no browser here, so the comm messages go nowhere; everything the kernel does for a move
still happens (the ipympl canvas is told a frontend connected, so it encodes only the diff image,
as it does in a live notebook). Medians over many moves along a drag path.

Targets: ours ≤ 25 ms per move and at least 8× faster than naive. Run as a script (exit status 1
if missed) or through ``benchmarks/run.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")

from IPython.core.pylabtools import print_figure  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from normgrad import fields, plotting  # noqa: E402
from normgrad.explorers import CONTOUR_POINTS, GradientFieldExplorer  # noqa: E402

TARGET_MS = 25.0
TARGET_RATIO = 8.0
NAME = "l2"
LIMIT = 2.5
N = 41


@dataclass
class Result:
    """Medians in milliseconds per slider move, and whether the targets are met."""

    naive_ms: float
    ours_ms: float
    inline_fallback_ms: float
    ratio: float
    ok: bool


def drag_path(moves: int) -> list[float]:
    """Slider values of a drag of x₁ back and forth, on the slider's 0.1 grid."""
    values = [round(-2.0 + 0.1 * k, 1) for k in range(41)]
    path = values + values[::-1]
    return [path[k % len(path)] for k in range(moves)]


def naive_update(x: tuple[float, float]) -> bytes:
    """One move the naive way: a new figure, drawn in full, sent as an inline PNG."""
    with plotting.style():
        fig = Figure(figsize=(5, 5), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        X1, X2 = fields.symmetric_grid(LIMIT, N)
        F, U, V = fields.gradient_field(NAME, X1, X2)
        plotting.draw_gradient_field(ax, X1, X2, U, V)
        fine1, fine2 = fields.symmetric_grid(LIMIT, CONTOUR_POINTS)
        Ffine = fields.gradient_field(NAME, fine1, fine2)[0]
        plotting.draw_level_curves(ax, fine1, fine2, Ffine, plotting.default_levels(NAME, LIMIT))
        info = fields.value_and_gradient(NAME, x)
        plotting.draw_point_vectors(ax, x, info.gradient, info.subgradients)
        text = plotting.draw_readout(ax)
        text.set_text(f"f(x) = {info.value:.3f}\n∇f(x) = {info.gradient}")
        ax.set_xlim(-LIMIT, LIMIT)
        ax.set_ylim(-LIMIT, LIMIT)
        ax.set_aspect("equal")
        return print_figure(fig, "png", bbox_inches="tight", base64=True)


def connect_frontend(explorer: GradientFieldExplorer) -> None:
    """Replay what a browser sends when it shows the canvas: initialized, refresh, draw."""
    canvas = explorer.canvas
    for message in ({"type": "initialized"}, {"type": "refresh"}, {"type": "draw"}):
        canvas._handle_message(canvas, message, [])
    assert not canvas.syncing_data_url  # a frontend is "there": only diffs get encoded


def time_moves(explorer: GradientFieldExplorer, values: list[float]) -> list[float]:
    """Milliseconds for each slider move (the observer runs synchronously on assignment)."""
    times = []
    for value in values:
        start = time.perf_counter()
        explorer.x1_slider.value = value
        times.append((time.perf_counter() - start) * 1e3)
    return times


def main(moves: int = 80, naive_moves: int = 15) -> Result:
    """Measure, print and return the medians; ``ok`` says whether the targets are met."""
    values = drag_path(moves + 5)

    ours = GradientFieldExplorer(NAME, x=(values[0], 0.5), limit=LIMIT, n=N, backend="auto")
    assert ours.backend == "ipympl", ours.backend
    connect_frontend(ours)
    time_moves(ours, values[:5])  # warm-up
    ours_ms = statistics.median(time_moves(ours, values[5:]))

    fallback = GradientFieldExplorer(NAME, x=(values[0], 0.5), limit=LIMIT, n=N, backend="inline")
    fallback_ms = statistics.median(time_moves(fallback, values[5 : 5 + naive_moves]))

    naive_update((values[0], 0.5))  # warm-up
    naive = []
    for value in values[5 : 5 + naive_moves]:
        start = time.perf_counter()
        naive_update((value, 0.5))
        naive.append((time.perf_counter() - start) * 1e3)
    naive_ms = statistics.median(naive)

    ratio = naive_ms / ours_ms
    ok = ours_ms <= TARGET_MS and ratio >= TARGET_RATIO
    print(f"gradient-field explorer, {N}x{N} arrows, 5x5 in at 100 dpi, median per slider move:")
    print(f"  naive interact (new figure + inline PNG, tight bbox): {naive_ms:7.1f} ms")
    print(f"  ours, inline fallback (one figure re-rendered):        {fallback_ms:7.1f} ms")
    print(
        f"  ours, ipympl + blitting:                              {ours_ms:7.1f} ms "
        f"(target <= {TARGET_MS:.0f} ms)"
    )
    print(
        f"  speed-up over naive: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x)  "
        f"{'OK' if ok else 'MISSED'}"
    )
    for explorer in (ours, fallback):
        explorer.close()
    return Result(naive_ms, ours_ms, fallback_ms, ratio, ok)


if __name__ == "__main__":
    sys.exit(0 if main().ok else 1)
