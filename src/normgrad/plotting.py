"""Figures for the lessons, and the shared style every figure uses.

The style is colour-blind safe (the Okabe–Ito palette) and readable on a projector (large fonts,
thick lines). Use it for a block of plots with ``with style(): ...`` or for a whole notebook with
:func:`apply_style`. Each colour has one meaning in every figure (:data:`COLORS`): a vector ``x`` is
black, a gradient is vermillion, a subgradient set is green, and so on.

Every figure function takes its data (arrays, callables, never sympy) and an optional ``ax``; it
draws on ``ax`` (or on a new figure) and returns the matplotlib objects it made, in a dict, so a
caller (a lesson, a test, an explorer) can inspect or update them.

Building blocks used by the explorers (they draw on a given ``ax`` and return artists that can be
moved later without redrawing the rest): :func:`draw_gradient_field`, :func:`draw_level_curves`,
:func:`draw_point_vectors` / :func:`update_point_vectors`, :func:`draw_readout`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.contour import QuadContourSet
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.quiver import Quiver
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike, NDArray

from normgrad import fields
from normgrad._validation import as_count, as_real_array, as_real_number, as_vector

__all__ = [
    "COLORS",
    "OKABE_ITO",
    "STYLE",
    "apply_style",
    "arrow_components",
    "default_levels",
    "draw_gradient_field",
    "draw_level_curves",
    "draw_point_vectors",
    "draw_readout",
    "move_arrow",
    "plot_cone_and_paraboloid",
    "plot_convergence",
    "plot_descent_path",
    "plot_level_curves",
    "plot_tangent",
    "plot_unit_balls",
    "style",
    "update_point_vectors",
]

#: The Okabe–Ito palette: eight colours that stay distinct under the common colour-vision
#: deficiencies.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: One meaning, one colour, in every figure of the lessons.
COLORS: dict[str, str] = {
    "vector": OKABE_ITO["black"],  # the point x, drawn as an arrow from 0
    "gradient": OKABE_ITO["vermillion"],  # ∇f(x), drawn at the tip of x
    "subgradient": OKABE_ITO["green"],  # ∂f(x) where there is no gradient
    "field": OKABE_ITO["sky_blue"],  # the arrows of a gradient field
    "levels": OKABE_ITO["blue"],  # level curves
    "curve": OKABE_ITO["blue"],  # a function's graph or a path
    "tangent": OKABE_ITO["vermillion"],  # tangent lines (slope = derivative)
    "secant": OKABE_ITO["orange"],  # secant lines (slope = difference quotient)
    "path": OKABE_ITO["purple"],  # iterates of an algorithm
    "l1": OKABE_ITO["orange"],
    "l2": OKABE_ITO["blue"],
    "linf": OKABE_ITO["purple"],
}

#: rcParams of the shared style: big text and thick lines for a projector, Okabe–Ito cycle,
#: opaque white background (the widget canvas sends only changed pixels, which needs opacity).
STYLE: dict[str, Any] = {
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 15,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "legend.framealpha": 0.9,
    "lines.linewidth": 2.5,
    "lines.markersize": 8,
    "axes.linewidth": 1.2,
    "axes.prop_cycle": cycler(
        color=[
            OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky_blue")
        ]
    ),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100,
    "image.cmap": "cividis",
}


@contextmanager
def style() -> Iterator[None]:
    """Use the shared style inside a ``with`` block (restores the previous rcParams after).

    Examples
    --------
    >>> with style():
    ...     fig, ax = plt.subplots()
    >>> fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)
    True
    >>> plt.close(fig)
    """
    with mpl.rc_context(STYLE):
        yield


def apply_style() -> None:
    """Use the shared style for every figure from now on (e.g. once at the top of a notebook).

    Examples
    --------
    >>> with mpl.rc_context():
    ...     apply_style()
    ...     mpl.rcParams["font.size"]
    14.0
    """
    mpl.rcParams.update(STYLE)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (e.g. from plt.subplots()), got {ax!r}.")
    return ax


def _point2(value: ArrayLike | None, what: str) -> NDArray[np.float64] | None:
    return None if value is None else as_vector(value, name=what, allow_complex=False, size=2)


def default_levels(name: str, limit: float) -> NDArray[np.float64]:
    """Return level values for ``f`` over ``[−limit, limit]²``: multiples of a round step.

    The step is 0.5 for ``limit`` up to about 3 and grows with ``limit``; only values that ``f``
    takes inside the square are kept. For ``l2sq`` the levels are the squares of the ``l2``
    levels, so both pictures show the same circles, labelled ``r`` for ‖x‖₂ and ``r²`` for ‖x‖₂².

    Examples
    --------
    >>> default_levels("l2", 2.0)
    array([0.5, 1. , 1.5, 2. , 2.5])
    >>> default_levels("l2sq", 1.0)
    array([0.25, 1.  ])
    >>> default_levels("linf", 2.0)
    array([0.5, 1. , 1.5])
    """
    fields.check_name(name)
    limit = as_real_number(limit, "limit")
    if limit <= 0:
        raise ValueError(f"limit must be positive, got {limit}.")
    step = 0.5 * max(1, round(limit / 3))
    top = {"l2": np.sqrt(2) * limit, "l2sq": np.sqrt(2) * limit, "l1": 2 * limit, "linf": limit}
    radii = step * np.arange(1, int(np.ceil(top[name] / step)))
    return radii * radii if name == "l2sq" else radii


def arrow_components(
    quiver: Quiver,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the ``(U, V)`` of a quiver's arrows as float arrays, NaN where no arrow is drawn.

    matplotlib keeps masked arrows as ``U = V = 1`` plus a mask; this undoes that, so the result
    can be compared with the field that was drawn.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> arrows = ax.quiver([0, 1], [0, 0], [np.nan, 2.0], [np.nan, 3.0])
    >>> arrow_components(arrows)
    (array([nan,  2.]), array([nan,  3.]))
    >>> plt.close(fig)
    """
    mask = np.ma.getmaskarray(np.ma.array(quiver.U, mask=quiver.Umask))
    U = np.where(mask, np.nan, np.asarray(quiver.U, dtype=float))
    V = np.where(mask, np.nan, np.asarray(quiver.V, dtype=float))
    return U, V


# --------------------------------------------------------------------------------------------
# Building blocks (used by the explorers)
# --------------------------------------------------------------------------------------------


def draw_level_curves(
    ax: Axes,
    X1: ArrayLike,
    X2: ArrayLike,
    F: ArrayLike,
    levels: ArrayLike,
    *,
    labels: bool = True,
) -> QuadContourSet:
    """Draw labelled level curves ``F = c`` for each ``c`` in ``levels`` and return the contours.

    Examples
    --------
    >>> X1, X2 = fields.symmetric_grid(2.0, 21)
    >>> fig, ax = plt.subplots()
    >>> contours = draw_level_curves(ax, X1, X2, np.hypot(X1, X2), [0.5, 1.0])
    >>> [float(v) for v in contours.levels], len(contours.labelTexts) > 0
    ([0.5, 1.0], True)
    >>> plt.close(fig)
    """
    levels = as_real_array(levels, "levels", ndim=1)
    contours = ax.contour(X1, X2, F, levels=levels, colors=COLORS["levels"], linewidths=1.8)
    if labels:
        ax.clabel(contours, inline=True, fmt="%g", fontsize=11, inline_spacing=6)
    return contours


def draw_gradient_field(
    ax: Axes, X1: ArrayLike, X2: ArrayLike, U: ArrayLike, V: ArrayLike
) -> Quiver:
    """Draw the arrows ``(U, V)`` at the grid points; NaN arrows (no derivative) are left out.

    All arrows share one scale: the longest is drawn 0.85 grid spacings long, so their relative
    lengths are true (all equal for ‖x‖₂, growing like ``2x`` for ‖x‖₂²).

    Examples
    --------
    >>> X1, X2 = fields.symmetric_grid(2.0, 5)
    >>> F, U, V = fields.gradient_field("l2", X1, X2)
    >>> fig, ax = plt.subplots()
    >>> arrows = draw_gradient_field(ax, X1, X2, U, V)
    >>> U_drawn, V_drawn = arrow_components(arrows)
    >>> int(np.isnan(U_drawn).sum())        # 25 points, no arrow at 0
    1
    >>> plt.close(fig)
    """
    X1 = as_real_array(X1, "X1")
    X2 = as_real_array(X2, "X2")
    U = as_real_array(U, "U", check_finite=False)
    V = as_real_array(V, "V", check_finite=False)
    spacing = float(np.min(np.diff(np.unique(X1)))) if np.unique(X1).size > 1 else 1.0
    lengths = np.hypot(U, V)
    longest = float(np.nanmax(lengths)) if np.any(np.isfinite(lengths)) else 0.0
    scale = longest / (0.85 * spacing) if longest > 0 else 1.0
    return ax.quiver(
        X1,
        X2,
        U,
        V,
        color=COLORS["field"],
        angles="xy",
        scale_units="xy",
        scale=scale,
        width=0.004,
        alpha=0.9,
    )


def draw_point_vectors(
    ax: Axes,
    x: ArrayLike,
    gradient: ArrayLike | None,
    subgradients: ArrayLike | None = None,
    *,
    animated: bool = False,
) -> dict[str, Any]:
    """Draw ``x`` as an arrow from 0, ``∇f(x)`` at its tip, or the set ∂f(x) at its tip.

    Parameters
    ----------
    ax : Axes
        Where to draw (equal aspect recommended: the arrows are in data units).
    x : array_like, shape (2,)
        The point.
    gradient : array_like, shape (2,), or None
        ``∇f(x)``; ``None`` where it does not exist (nothing is drawn for it).
    subgradients : array_like, shape (k, 2), or None
        Vertices of ∂f(x) (e.g. ``fields.value_and_gradient(name, x).subgradients``), drawn as a
        shaded polygon (a segment when ``k = 2``) translated to the tip of ``x``.
    animated : bool
        Mark the artists as animated (drawn only on request), for blitting.

    Returns
    -------
    dict
        ``"vector"`` and ``"gradient"`` (one-arrow :class:`~matplotlib.quiver.Quiver`, true length)
        and ``"subdifferential"`` (:class:`~matplotlib.patches.Polygon`, hidden when not given).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> artists = draw_point_vectors(ax, [3, 4], [0.6, 0.8])
    >>> artists["gradient"].get_offsets().tolist(), artists["gradient"].U.tolist()
    ([[3.0, 4.0]], [0.6])
    >>> artists["subdifferential"].get_visible()
    False
    >>> plt.close(fig)
    """
    common = {"angles": "xy", "scale_units": "xy", "scale": 1.0, "animated": animated}
    vector = ax.quiver(
        [0.0],
        [0.0],
        [0.0],
        [0.0],
        color=COLORS["vector"],
        width=0.012,
        zorder=5,
        label="x",
        **common,
    )
    grad = ax.quiver(
        [0.0],
        [0.0],
        [0.0],
        [0.0],
        color=COLORS["gradient"],
        width=0.012,
        zorder=6,
        label="∇f(x)",
        **common,
    )
    patch = Polygon(
        np.zeros((2, 2)),
        closed=True,
        facecolor=COLORS["subgradient"],
        edgecolor=COLORS["subgradient"],
        alpha=0.45,
        linewidth=4,
        zorder=4,
        animated=animated,
        label="∂f(x)",
    )
    ax.add_patch(patch)
    artists = {"vector": vector, "gradient": grad, "subdifferential": patch}
    update_point_vectors(artists, x, gradient, subgradients)
    return artists


def move_arrow(quiver: Quiver, tail: ArrayLike, vector: ArrayLike) -> None:
    """Move a one-arrow quiver: its tail to ``tail`` and its components to ``vector``.

    A NaN ``vector`` hides the arrow.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> arrow = ax.quiver([0.0], [0.0], [1.0], [0.0], angles="xy", scale_units="xy", scale=1)
    >>> move_arrow(arrow, [1.0, 2.0], [0.5, -1.0])
    >>> arrow.get_offsets().tolist(), arrow_components(arrow)
    ([[1.0, 2.0]], (array([0.5]), array([-1.])))
    >>> plt.close(fig)
    """
    tail = np.asarray(tail, dtype=np.float64).reshape(2)
    vector = np.asarray(vector, dtype=np.float64).reshape(2)
    quiver.X = tail[:1].copy()
    quiver.Y = tail[1:].copy()
    quiver.XY = tail[None, :].copy()
    quiver.set_offsets(quiver.XY)
    quiver.set_UVC(vector[:1], vector[1:])


def update_point_vectors(
    artists: dict[str, Any],
    x: ArrayLike,
    gradient: ArrayLike | None,
    subgradients: ArrayLike | None = None,
) -> None:
    """Move the artists of :func:`draw_point_vectors` to a new ``x`` (nothing else is redrawn).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> artists = draw_point_vectors(ax, [1, 0], [1, 0])
    >>> update_point_vectors(artists, [0, 0], None, [[1, 1], [-1, 1], [-1, -1], [1, -1]])
    >>> arrow_components(artists["gradient"]), artists["subdifferential"].get_visible()
    ((array([nan]), array([nan])), True)
    >>> plt.close(fig)
    """
    x = _point2(x, "x")
    g = _point2(gradient, "gradient")
    move_arrow(artists["vector"], np.zeros(2), x)
    move_arrow(artists["gradient"], x, g if g is not None else np.array([np.nan, np.nan]))
    patch = artists["subdifferential"]
    if subgradients is None:
        patch.set_visible(False)
    else:
        vertices = as_real_array(subgradients, "subgradients", ndim=2)
        patch.set_xy(vertices + x)
        patch.set_visible(True)


def draw_readout(
    ax: Axes, *, animated: bool = False, loc: tuple[float, float] = (0.02, 0.98)
) -> Text:
    """Add an (empty) text box in the top-left corner of ``ax`` for a live readout.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> text = draw_readout(ax)
    >>> text.set_text("f(x) = 1"); text.get_text()
    'f(x) = 1'
    >>> plt.close(fig)
    """
    return ax.text(
        *loc,
        "",
        transform=ax.transAxes,
        va="top",
        ha="left",
        fontsize=11,
        zorder=10,
        animated=animated,
        bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.6", "alpha": 0.92},
    )


# --------------------------------------------------------------------------------------------
# Figures for the lessons
# --------------------------------------------------------------------------------------------


def plot_level_curves(
    name: str = "l2",
    x: ArrayLike | None = None,
    *,
    limit: float = 2.0,
    n: int = 17,
    levels: ArrayLike | None = None,
    arrows: bool = True,
    ax: Axes | None = None,
) -> dict[str, Any]:
    """Level curves of ``f`` with its gradient arrows, and optionally ``x`` with ``∇f(x)``.

    Parameters
    ----------
    name : {"l2", "l2sq", "l1", "linf"}
        The function ‖x‖₂, ‖x‖₂², ‖x‖₁ or ‖x‖∞.
    x : array_like, shape (2,), optional
        A point to draw as an arrow from 0, with ``∇f(x)`` at its tip (or the set ∂f(x) where
        ``f`` has no derivative).
    limit : float
        The picture shows ``[−limit, limit]²``.
    n : int
        Grid points per axis for the arrows.
    levels : array_like, optional
        Values of the level curves (default :func:`default_levels`).
    arrows : bool
        Draw the gradient field.
    ax : Axes, optional
        Where to draw; a new figure if not given.

    Returns
    -------
    dict
        ``"contours"``, ``"field"`` (or None), and when ``x`` is given ``"vector"``,
        ``"gradient"``, ``"subdifferential"`` (see :func:`draw_point_vectors`).

    The title says what is drawn: it mentions the gradient only when one is (the field, or
    ``∇f(x)`` at ``x``), and the subgradients when only the set ∂f(x) is.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> artists = plot_level_curves("l2", x=[1.2, 0.9], ax=ax)
    >>> artists["gradient"].U.tolist(), artists["gradient"].V.tolist()
    ([0.8], [0.6])
    >>> ax.get_title()
    'level curves and gradient of ‖x‖₂'
    >>> _ = plot_level_curves("l2", arrows=False, ax=ax)
    >>> ax.get_title()
    'level curves of ‖x‖₂'
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    limit = as_real_number(limit, "limit")
    X1, X2 = fields.symmetric_grid(limit, n)
    F, U, V = fields.gradient_field(name, X1, X2)
    fine1, fine2 = fields.symmetric_grid(limit, 201)
    Ffine = fields.gradient_field(name, fine1, fine2)[0]
    levels = default_levels(name, limit) if levels is None else levels
    result: dict[str, Any] = {
        "contours": draw_level_curves(ax, fine1, fine2, Ffine, levels),
        "field": draw_gradient_field(ax, X1, X2, U, V) if arrows else None,
    }
    shown = "gradient" if arrows else ""
    if x is not None:
        info = fields.value_and_gradient(name, x)
        result.update(draw_point_vectors(ax, x, info.gradient, info.subgradients))
        if not arrows and info.gradient is not None:
            shown = "gradient"
        elif not arrows and info.subgradients is not None:
            shown = "subgradients"
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    label = fields.FUNCTION_LABELS[name]
    ax.set_title(f"level curves and {shown} of {label}" if shown else f"level curves of {label}")
    return result


def plot_cone_and_paraboloid(
    *, limit: float = 1.5, n: int = 41, axes: Sequence[Axes] | None = None
) -> dict[str, Any]:
    """Draw the cone ``z = ‖x‖₂`` beside the paraboloid ``z = ‖x‖₂²`` (3-D surfaces).

    The cone has a sharp tip at 0 (no derivative there); the paraboloid is smooth with a flat
    bottom (gradient 0).

    Parameters
    ----------
    limit : float
        The surfaces are drawn over the disc ``‖x‖₂ ≤ limit``.
    n : int
        Grid points along a radius (twice as many around the circle).
    axes : pair of 3-D Axes, optional
        Where to draw (``projection="3d"``); a new figure with two panels if not given.

    Returns
    -------
    dict
        ``"cone"`` and ``"paraboloid"`` (the surfaces), ``"axes"`` (the two Axes).

    Examples
    --------
    >>> fig = plt.figure()
    >>> axes = [fig.add_subplot(1, 2, k, projection="3d") for k in (1, 2)]
    >>> artists = plot_cone_and_paraboloid(axes=axes)
    >>> sorted(artists)
    ['axes', 'cone', 'paraboloid']
    >>> plt.close(fig)
    """
    limit = as_real_number(limit, "limit")
    if axes is None:
        fig = plt.figure(figsize=(11, 5))
        axes = [fig.add_subplot(1, 2, k, projection="3d") for k in (1, 2)]
    if len(axes) != 2 or any(getattr(a, "name", None) != "3d" for a in axes):
        raise ValueError(
            "axes must be two 3-D Axes, e.g. "
            "[fig.add_subplot(1, 2, k, projection='3d') for k in (1, 2)]."
        )
    # A polar grid, so the surfaces end on a circle and the cone looks like a cone.
    radius, angle = np.meshgrid(np.linspace(0.0, limit, n), np.linspace(0.0, 2 * np.pi, 2 * n))
    X1, X2 = radius * np.cos(angle), radius * np.sin(angle)
    result: dict[str, Any] = {"axes": list(axes)}
    for ax, key, title in zip(
        axes,
        ("cone", "paraboloid"),
        ("cone  $z = \\|x\\|_2$", "paraboloid  $z = \\|x\\|_2^2$"),
        strict=True,
    ):
        name = "l2" if key == "cone" else "l2sq"
        Z = radius if name == "l2" else radius * radius
        result[key] = ax.plot_surface(
            X1,
            X2,
            Z,
            cmap="cividis",
            linewidth=0,
            antialiased=True,
            rstride=1,
            cstride=1,
            alpha=0.95,
        )
        ax.set_title(title)
        # Three ticks a horizontal axis (-limit, 0, limit) and a few on z, so that the labels do
        # not run into each other in the foreshortened 3-D view.
        ax.set_xticks([-limit, 0.0, limit])
        ax.set_yticks([-limit, 0.0, limit])
        ax.zaxis.set_major_locator(MaxNLocator(4, steps=[1, 5, 10]))
        ax.set_xlabel("$x_1$", labelpad=8)
        ax.set_ylabel("$x_2$", labelpad=8)
    return result


def plot_convergence(
    steps: ArrayLike,
    errors: ArrayLike,
    *,
    label: str = "error",
    reference_order: float | None = 1.0,
    ax: Axes | None = None,
) -> dict[str, Any]:
    """Plot the error of a difference quotient against the step ``s`` on log-log axes.

    Parameters
    ----------
    steps : array_like, shape (k,)
        Positive steps ``s``.
    errors : array_like, shape (k,)
        The errors (absolute values are plotted; exact zeros cannot be shown on a log scale
        and are left out).
    label : str
        Legend label of the error curve.
    reference_order : float or None
        Also draw a dashed reference line ``∝ s^order`` through the point with the largest step
        (None: no line).
    ax : Axes, optional
        Where to draw; a new figure if not given.

    Returns
    -------
    dict
        ``"errors"`` (Line2D) and ``"reference"`` (Line2D or None).

    Examples
    --------
    >>> s = np.logspace(-6, 0, 7)
    >>> fig, ax = plt.subplots()
    >>> artists = plot_convergence(s, 3 * s, ax=ax)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    steps = as_real_array(steps, "steps", ndim=1)
    errors = as_real_array(errors, "errors", ndim=1, check_finite=False)
    if steps.shape != errors.shape:
        raise ValueError(
            f"steps and errors must have the same length, got {steps.size} and {errors.size}."
        )
    if not np.all(steps > 0):
        raise ValueError("every step must be positive (log scale).")
    shown = np.abs(errors)
    shown = np.where(shown > 0, shown, np.nan)
    (line,) = ax.loglog(steps, shown, "o-", color=COLORS["secant"], label=label, markersize=5)
    reference = None
    if reference_order is not None:
        order = as_real_number(reference_order, "reference_order")
        finite = np.flatnonzero(np.isfinite(shown))
        if finite.size:
            k = finite[np.argmax(steps[finite])]  # the largest step: truncation error rules
            ref = shown[k] * (steps / steps[k]) ** order
            (reference,) = ax.loglog(
                steps,
                ref,
                "--",
                color="0.4",
                linewidth=1.8,
                label=f"slope {order:g} (error ∝ s^{order:g})",
            )
    ax.set_xlabel("step $s$")
    ax.set_ylabel("error")
    ax.legend(loc="best")
    return {"errors": line, "reference": reference}


def plot_tangent(
    t: ArrayLike,
    f: Callable[[NDArray[np.float64]], ArrayLike] | ArrayLike,
    t0: float,
    slope: float,
    *,
    value: float | None = None,
    halfwidth: float | None = None,
    label: str = "f(t)",
    ax: Axes | None = None,
) -> dict[str, Line2D]:
    """Plot a function of one variable and its tangent line at ``t0``.

    Parameters
    ----------
    t : array_like, shape (k,)
        Sample points.
    f : callable or array_like
        The function (called on the array ``t`` and on ``t0``) or its values at ``t``.
    t0 : float
        Where the tangent touches.
    slope : float
        The derivative at ``t0`` (the tangent's slope).
    value : float, optional
        ``f(t0)``; required when ``f`` is an array.
    halfwidth : float, optional
        The tangent is drawn over ``[t0 − halfwidth, t0 + halfwidth]`` (default: a quarter of
        the range of ``t``).
    label : str
        Legend label of the curve.
    ax : Axes, optional
        Where to draw; a new figure if not given.

    Returns
    -------
    dict
        ``"curve"``, ``"tangent"`` and ``"point"`` (Line2D).

    Examples
    --------
    The drone's speed ``√(1 + 4t²)`` and its tangent at ``t = 1`` (slope ``4/√5``):

    >>> t = np.linspace(0, 2, 101)
    >>> fig, ax = plt.subplots()
    >>> lines = plot_tangent(t, lambda t: np.sqrt(1 + 4 * t**2), 1.0, 4 / np.sqrt(5), ax=ax)
    >>> lines["point"].get_xydata().tolist() == [[1.0, np.sqrt(5)]]
    True
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    t = as_real_array(t, "t", ndim=1)
    t0 = as_real_number(t0, "t0")
    slope = as_real_number(slope, "slope")
    if callable(f):
        values = as_real_array(f(t), "f(t)", check_finite=False)
        f0 = as_real_number(float(np.asarray(f(np.float64(t0)))), "f(t0)")
    else:
        values = as_real_array(f, "f", check_finite=False)
        if value is None:
            raise ValueError("when f is an array of values, also pass value=f(t0).")
        f0 = as_real_number(value, "value")
    if values.shape != t.shape:
        raise ValueError(f"f(t) must have one value per t ({t.size}), got shape {values.shape}.")
    if halfwidth is None:
        halfwidth = (float(np.max(t)) - float(np.min(t))) / 4 or 1.0
    halfwidth = as_real_number(halfwidth, "halfwidth")
    (curve,) = ax.plot(t, values, color=COLORS["curve"], label=label)
    tt = np.array([t0 - halfwidth, t0 + halfwidth])
    (tangent,) = ax.plot(
        tt,
        f0 + slope * (tt - t0),
        "--",
        color=COLORS["tangent"],
        label=f"tangent, slope {slope:.4g}",
    )
    (point,) = ax.plot([t0], [f0], "o", color=COLORS["tangent"], markersize=9, zorder=5)
    ax.set_xlabel("$t$")
    ax.legend(loc="best")
    return {"curve": curve, "tangent": tangent, "point": point}


def plot_unit_balls(
    *, kink: ArrayLike = (1.0, 0.0), n_subgradients: int = 5, ax: Axes | None = None
) -> dict[str, Any]:
    """Draw the unit circles of ‖·‖₁, ‖·‖₂, ‖·‖∞ and the subgradients of ‖·‖₁ at a point.

    At a corner of the L1 ball such as ``(1, 0)`` the L1 norm has no gradient; every vector of
    ∂‖x‖₁ (here ``(1, t)`` for ``t ∈ [−1, 1]``) is drawn as an arrow from the corner: each is
    the normal of a line that touches the ball there without cutting it.

    Parameters
    ----------
    kink : array_like, shape (2,)
        The point where the subgradients of ‖·‖₁ are drawn.
    n_subgradients : int
        How many subgradients to draw (evenly spread over the set), ``>= 2``.
    ax : Axes, optional
        Where to draw; a new figure if not given.

    Returns
    -------
    dict
        ``"l1"``, ``"l2"``, ``"linf"`` (Line2D), ``"subgradients"`` (Quiver), ``"kink"`` (Line2D).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> artists = plot_unit_balls(ax=ax, n_subgradients=3)
    >>> artists["subgradients"].U.tolist(), artists["subgradients"].V.tolist()
    ([1.0, 1.0, 1.0], [-1.0, 0.0, 1.0])
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    kink = _point2(kink, "kink")
    n_subgradients = as_count(n_subgradients, "n_subgradients", 2)
    angle = np.linspace(0, 2 * np.pi, 241)
    (l2,) = ax.plot(np.cos(angle), np.sin(angle), color=COLORS["l2"], label="$\\|x\\|_2 = 1$")
    (l1,) = ax.plot([1, 0, -1, 0, 1], [0, 1, 0, -1, 0], color=COLORS["l1"], label="$\\|x\\|_1 = 1$")
    (linf,) = ax.plot(
        [1, -1, -1, 1, 1], [1, 1, -1, -1, 1], color=COLORS["linf"], label="$\\|x\\|_\\infty = 1$"
    )
    info = fields.value_and_gradient("l1", kink)
    if info.gradient is not None:
        g = info.gradient[None, :]
    else:
        vertices = info.subgradients
        # Spread points along the boundary of the set (a segment or a square's edges).
        closed = np.vstack([vertices, vertices[:1]]) if len(vertices) > 2 else vertices
        edges = np.diff(closed, axis=0)
        cumulative = np.concatenate([[0.0], np.cumsum(np.hypot(*edges.T))])
        stops = np.linspace(0.0, cumulative[-1], n_subgradients, endpoint=len(vertices) == 2)
        g = np.column_stack([np.interp(stops, cumulative, closed[:, k]) for k in (0, 1)])
    subgradients = ax.quiver(
        np.full(len(g), kink[0]),
        np.full(len(g), kink[1]),
        g[:, 0],
        g[:, 1],
        color=COLORS["subgradient"],
        angles="xy",
        scale_units="xy",
        scale=1.0,
        width=0.008,
        label="subgradients of $\\|x\\|_1$",
    )
    (point,) = ax.plot([kink[0]], [kink[1]], "o", color=COLORS["vector"], zorder=5)
    ax.set_aspect("equal")
    ax.set_xlim(-1.6, 2.4)
    ax.set_ylim(-1.6, 1.6)
    ax.axhline(0, color="0.8", linewidth=1, zorder=0)
    ax.axvline(0, color="0.8", linewidth=1, zorder=0)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper left", fontsize=10)
    return {"l1": l1, "l2": l2, "linf": linf, "subgradients": subgradients, "kink": point}


def plot_descent_path(
    path: ArrayLike,
    A: ArrayLike,
    b: ArrayLike,
    *,
    n_levels: int = 12,
    margin: float = 0.5,
    ax: Axes | None = None,
) -> dict[str, Any]:
    """Draw a gradient-descent path over the level curves of ``‖Aw − b‖₂²``.

    Parameters
    ----------
    path : array_like, shape (k, 2)
        The iterates ``w₀, w₁, …`` of gradient descent.
    A : array_like, shape (m, 2)
        The matrix (two unknowns, so the picture is a plane).
    b : array_like, shape (m,)
        The right-hand side.
    n_levels : int
        Number of level curves (spaced evenly in the square root of the objective).
    margin : float
        Extra room around the path, in data units.
    ax : Axes, optional
        Where to draw; a new figure if not given.

    Returns
    -------
    dict
        ``"contours"``, ``"path"``, ``"start"``, ``"end"``.

    Examples
    --------
    >>> path = np.array([[2.0, 2.0], [1.0, 1.5], [0.5, 1.2]])
    >>> fig, ax = plt.subplots()
    >>> artists = plot_descent_path(path, [[1, 0], [0, 2]], [0, 2], ax=ax)
    >>> artists["path"].get_xydata().tolist() == path.tolist()
    True
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    path = as_real_array(path, "path", ndim=2)
    if path.shape[1] != 2 or path.shape[0] == 0:
        raise ValueError(f"path must be k × 2 finite points, got shape {path.shape}.")
    A = as_real_array(A, "A", ndim=2)
    b = as_real_array(b, "b", ndim=1)
    if A.shape[1] != 2 or b.shape != (A.shape[0],):
        raise ValueError(
            f"A must be an m × 2 matrix (two unknowns: a plane) and b have m entries, got "
            f"shapes {A.shape} and {b.shape}."
        )
    margin = as_real_number(margin, "margin")
    low = path.min(axis=0) - margin
    high = path.max(axis=0) + margin
    g1 = np.linspace(low[0], high[0], 161)
    g2 = np.linspace(low[1], high[1], 161)
    W1, W2 = np.meshgrid(g1, g2)
    residuals = A[:, :1, None] * W1 + A[:, 1:, None] * W2 - b[:, None, None]  # Aw − b, rows first
    F = np.sum(residuals * residuals, axis=0)
    roots = np.linspace(np.sqrt(F.min()), np.sqrt(F.max()), n_levels + 2)[1:-1]
    contours = ax.contour(W1, W2, F, levels=roots**2, colors=COLORS["levels"], linewidths=1.6)
    (line,) = ax.plot(
        path[:, 0], path[:, 1], "o-", color=COLORS["path"], markersize=5, label="gradient descent"
    )
    (start,) = ax.plot(*path[0], "s", color=COLORS["vector"], markersize=9, label="start")
    (end,) = ax.plot(*path[-1], "*", color=COLORS["gradient"], markersize=14, label="last")
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.legend(loc="best")
    return {"contours": contours, "path": line, "start": start, "end": end}
