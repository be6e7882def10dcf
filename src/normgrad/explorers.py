"""Interactive explorers: sliders wired to the pure functions and the figures of normgrad.

Three explorers, each a small class whose ``.widget`` is displayed in a notebook:

* :class:`GradientFieldExplorer` — move ``x`` over the gradient field of ‖x‖₂, ‖x‖₂², ‖x‖₁ or
  ‖x‖∞ and read ``f(x)`` and ``∇f(x)`` (or the set of subgradients where there is no derivative).
* :class:`DirectionalDerivativeExplorer` — the secant of ``f`` along ``x + s h`` and its slope
  approaching ``⟨∇f(x), h⟩`` as the step ``s`` shrinks, with the error on a log scale.
* :class:`DroneExplorer` — the drone ``p(t) = (t, t²)``, its velocity, its speed ``√(1 + 4t²)``
  and the rate of change of the speed ``4t/√(1 + 4t²)`` as the slope of a tangent.

The numbers come from :mod:`normgrad.fields` and :mod:`normgrad.norms` (plus two short private
formulas here: the one-sided slope f′(x; h) of the four functions and the drone's curve), all
drawing from :mod:`normgrad.plotting`; an explorer only connects controls to them, so its logic
can be tested without a browser by setting ``slider.value`` and looking at the artists and the
readout.

Speed. With the ipympl backend (``%matplotlib widget``) the parts that do not move (the arrows of
the field, the level curves, the axes) are drawn once, the picture is cached, and a slider move
redraws only the moving artists over the cached picture (*blitting*: ``restore_region`` +
``draw_artist`` + ``blit``), so ipympl sends only the changed pixels. With any other backend
(inline) the explorer keeps one figure and re-renders it into an ``ipywidgets.Image``.

For readers of a rendered notebook (GitHub, nbviewer), where live widgets are not shown,
:meth:`Explorer.snapshot` returns a static PNG of the current picture.
"""

from __future__ import annotations

import html
import io
import itertools
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import NDArray

from normgrad import fields, plotting
from normgrad._validation import as_real_number, as_vector, check_choice
from normgrad.norms import directional_derivative_l2_norm

__all__ = [
    "DirectionalDerivativeExplorer",
    "DroneExplorer",
    "Explorer",
    "GradientFieldExplorer",
    "widget_backend_active",
]

Backend = Literal["auto", "ipympl", "inline"]
_IPYMPL_NAMES = {"widget", "ipympl", "module://ipympl.backend_nbagg"}
_MINUS = "\u2212"
_figure_numbers = itertools.count(1)

#: Grid points per axis for the level curves (finer than the arrows, so the curves are smooth).
CONTOUR_POINTS = 161


def widget_backend_active() -> bool:
    """Return True if matplotlib's backend is ipympl (``%matplotlib widget``).

    Examples
    --------
    >>> widget_backend_active() in (True, False)
    True
    """
    return matplotlib.get_backend().lower() in _IPYMPL_NAMES


def _resolve_backend(backend: str) -> str:
    check_choice(backend, ("auto", "ipympl", "inline"), "backend")
    if backend == "auto":
        return "ipympl" if widget_backend_active() else "inline"
    if backend == "ipympl":
        _import_ipympl()
    return backend


def _import_ipympl() -> Any:
    """Import ``ipympl.backend_nbagg`` without changing matplotlib's backend.

    Importing ipympl makes it matplotlib's backend (its ``__init__`` calls ``matplotlib.use``).
    An explorer only needs ipympl's canvas class, so a backend chosen before is put back.
    """
    previous = matplotlib.get_backend(auto_select=False)
    try:
        import ipympl.backend_nbagg as nbagg
    except ImportError as error:  # pragma: no cover - ipympl is a dependency
        raise ValueError(
            "backend='ipympl' needs the ipympl package (pip install ipympl)."
        ) from error
    if previous is not None and matplotlib.get_backend(auto_select=False) != previous:
        matplotlib.use(previous)
    return nbagg


def _num(value: float, digits: int = 3) -> str:
    """Format a number with ``digits`` decimals, a Unicode minus and no negative zero."""
    text = f"{float(value) + 0.0:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", _MINUS)


def _vec(values: Sequence[float] | NDArray[np.float64], digits: int = 3) -> str:
    return "(" + ", ".join(_num(v, digits) for v in values) + ")"


def _snap(value: float) -> float:
    """Round a slider value to 10 decimals, so 0.1 + 0.2 − 0.3 reads as the exact 0 it means.

    Sliders step by binary approximations of decimals; without this, a student who puts ``x`` on
    an axis might get ``x₂ = 5.6e-17`` and miss the kink of ‖x‖₁.
    """
    return round(float(value), 10) + 0.0


def _short_set(description: str) -> str:
    return description.split(" — ")[0]


class Explorer:
    """Base class: a figure, its canvas, the controls and a readout, kept in ``.widget``.

    Subclasses build their figure, list their moving artists with :meth:`_set_moving`, and call
    :meth:`refresh` after moving them (fast) or :meth:`redraw` after changing anything else.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The explorer's own figure (not registered with pyplot).
    canvas : FigureCanvas
        An ipympl ``Canvas`` widget (backend ``"ipympl"``) or an Agg canvas (``"inline"``).
    backend : {"ipympl", "inline"}
        How the picture reaches the notebook.
    readout : ipywidgets.HTML
        The numbers, as text beside the controls (CSS class ``normgrad-readout``).
    controls : list of ipywidgets.Widget
        The menu and sliders, in order; each has a ``description`` (``"x₁"``, ``"t"``, ...).
    view : ipywidgets.DOMWidget
        What shows the figure: the ipympl canvas, or an ``ipywidgets.Image`` (CSS class
        ``normgrad-figure``).
    widget : ipywidgets.Box
        Everything, ready to display (CSS classes ``normgrad-explorer`` and
        ``normgrad-explorer-<kind>``).
    """

    #: CSS class of the explorer's outer box (for browser tests and styling).
    css_class = "normgrad-explorer"

    def __init__(self, *, figsize: tuple[float, float], dpi: float, backend: Backend) -> None:
        self.backend = _resolve_backend(backend)
        with plotting.style():
            self.figure = Figure(figsize=figsize, dpi=dpi, facecolor="white")
        self.figure.patch.set_alpha(1.0)  # opaque: ipympl then sends only the changed pixels
        self._moving: list[Artist] = []
        self._snapshot_only: list[Artist] = []
        self._background: Any = None
        self._background_size: tuple[int, int] | None = None
        self._capture_background = True
        self.readout = widgets.HTML(value="")
        self.readout.add_class("normgrad-readout")
        if self.backend == "ipympl":
            nbagg = _import_ipympl()
            self.canvas = nbagg.Canvas(self.figure)
            with warnings.catch_warnings():  # ipympl 0.10's Toolbar trips a traitlets warning
                warnings.filterwarnings(
                    "ignore", "Passing unrecognized arguments", DeprecationWarning
                )
                nbagg.FigureManager(self.canvas, next(_figure_numbers))
            self.canvas.header_visible = False
            self.canvas.footer_visible = False
            self.canvas.toolbar_visible = False
            self.canvas.resizable = False
            self.canvas.capture_scroll = False
            self.canvas.mpl_connect("draw_event", self._on_draw)
            self.view: widgets.DOMWidget = self.canvas
        else:
            self.canvas = FigureCanvasAgg(self.figure)
            width = int(round(figsize[0] * dpi))
            self.view = widgets.Image(format="png", width=width)
        self.view.add_class("normgrad-figure")

    # -- layout ---------------------------------------------------------------------------

    def _build_widget(self, controls: Sequence[widgets.Widget]) -> None:
        """Lay out controls, readout and figure: side by side for a narrow figure, the figure
        below for a wide one (so it fits a notebook's width)."""
        self.controls = list(controls)
        width_px = self.figure.get_figwidth() * self.figure.dpi
        column = widgets.VBox(self.controls, layout=widgets.Layout(min_width="320px"))
        if width_px <= 600:
            self._boxes = [widgets.VBox([column, self.readout])]
            self.widget = widgets.HBox([self._boxes[0], self.view])
        else:
            self.readout.layout = widgets.Layout(margin="0 0 0 24px")
            self._boxes = [column, widgets.HBox([column, self.readout])]
            self.widget = widgets.VBox([self._boxes[1], self.view])
        self.widget.add_class(self.css_class)
        self.widget.add_class(f"{self.css_class}-{self.kind}")

    kind = "base"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle = dict(bundle)
            bundle["text/plain"] = (
                f"{type(self).__name__}: a live widget; run the notebook in Jupyter to use it."
            )
        return bundle

    # -- drawing --------------------------------------------------------------------------

    def _set_moving(self, artists: Sequence[Artist], snapshot_only: Sequence[Artist] = ()) -> None:
        """Declare the artists that move on every update (animated with ipympl, for blitting).

        ``snapshot_only`` artists (the in-figure copy of the readout) are hidden in the live
        view, where the readout beside the sliders shows the same numbers and drawing text would
        cost more than everything else a move draws; :meth:`png` shows them.
        """
        self._moving = list(artists)
        self._snapshot_only = list(snapshot_only)
        for artist in self._moving:
            artist.set_animated(self.backend == "ipympl")
        for artist in self._snapshot_only:
            artist.set_visible(False)

    def _draw_moving(self) -> None:
        for artist in self._moving:
            if artist.get_visible():
                self.figure.draw_artist(artist)

    def _on_draw(self, event: Any) -> None:
        """After every full draw (ours, a resize, the frontend's refresh): cache the background
        without the moving artists, then draw them so the picture sent is complete."""
        if not self._capture_background:
            return
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._background_size = self.canvas.get_width_height(physical=True)
        self._draw_moving()

    def _render_png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.figure.dpi, facecolor="white")
        return buffer.getvalue()

    @property
    def frontend_connected(self) -> bool:
        """True once a browser shows the ipympl canvas (always True for the inline backend).

        Until then nothing is drawn on the canvas: there is nobody to send pixels to, and a
        drawing made before the browser connects would reach it as ipympl's ``_data_url``, which
        ipympl 0.10 stores without its ``data:image/png;base64,`` prefix; the browser then fails
        to load it and leaves the figure blank. When the browser connects it asks for a full
        draw, which shows the current state.
        """
        return self.backend != "ipympl" or not self.canvas.syncing_data_url

    def redraw(self) -> None:
        """Draw everything again (after changing a static part, e.g. the function)."""
        if self.backend != "ipympl":
            self.view.value = self._render_png()
        elif self.frontend_connected:
            self.canvas.draw()
        else:
            self._background = None

    def refresh(self) -> None:
        """Show the moving artists at their new place: blit over the cached background."""
        if self.backend != "ipympl":
            self.view.value = self._render_png()
            return
        if not self.frontend_connected:
            return
        if self._background is None or self._background_size != self.canvas.get_width_height(
            physical=True
        ):
            self.canvas.draw()  # also caches the background (see _on_draw)
            return
        self.canvas.restore_region(self._background)
        self._draw_moving()
        self.canvas.blit(self.figure.bbox)

    def png(self) -> bytes:
        """Return a PNG of the whole current picture (moving artists included).

        Examples
        --------
        >>> explorer = DroneExplorer(backend="inline")
        >>> explorer.png()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
        True
        >>> explorer.close()
        """
        self._capture_background = False
        try:
            for artist in self._moving:
                artist.set_animated(False)
            for artist in self._snapshot_only:
                artist.set_visible(True)
            return self._render_png()
        finally:
            for artist in self._moving:
                artist.set_animated(self.backend == "ipympl")
            for artist in self._snapshot_only:
                artist.set_visible(False)
            self._capture_background = True

    def snapshot(self) -> Any:
        """Return the current picture as an ``IPython.display.Image``: a static copy for readers
        who see the notebook without a running kernel (GitHub, nbviewer).

        Examples
        --------
        >>> explorer = DroneExplorer(backend="inline")
        >>> type(explorer.snapshot()).__name__
        'Image'
        >>> explorer.close()
        """
        from IPython.display import Image

        return Image(data=self.png(), format="png")

    def close(self) -> None:
        """Close the widgets (and the canvas)."""
        for child in [*self.controls, self.readout, *self._boxes, self.view, self.widget]:
            child.close()


# ----------------------------------------------------------------------------------------------
# 1. Gradient field
# ----------------------------------------------------------------------------------------------

_KINK_REASON = {
    "l2": "‖x‖₂ has the tip of a cone at x = 0",
    "l1": "‖x‖₁ has a crease where a component of x is 0",
    "linf": "‖x‖∞ has a crease where the largest |xᵢ| are tied",
}


def _slider_point(value: Sequence[float], name: str, limit: float) -> NDArray[np.float64]:
    """``value`` as a point of the plane inside the sliders' range ``[−limit, limit]²``."""
    point = as_vector(value, name=name, allow_complex=False, size=2)
    if np.max(np.abs(point)) > limit:
        raise ValueError(
            f"{name} = {tuple(point.tolist())} is outside the sliders' range "
            f"[−{limit}, {limit}]²; pick a nearer point."
        )
    return point


class _FunctionAndPoint:
    """The state shared by explorers with a function menu and sliders ``x₁``, ``x₂``."""

    function_selector: Any
    x1_slider: Any
    x2_slider: Any

    def _add_function_and_x(
        self, name: str, x: NDArray[np.float64], limit: float, step: float = 0.1
    ) -> None:
        """Make the function menu and the sliders ``x₁``, ``x₂`` over ``[−limit, limit]``."""
        self.function_selector = widgets.Dropdown(
            options=[(fields.FUNCTION_LABELS[k], k) for k in fields.FUNCTION_NAMES],
            value=name,
            description="f",
        )
        slider = {"min": -limit, "max": limit, "step": step, "readout_format": ".1f"}
        self.x1_slider = widgets.FloatSlider(value=float(x[0]), description="x₁", **slider)
        self.x2_slider = widgets.FloatSlider(value=float(x[1]), description="x₂", **slider)

    @property
    def name(self) -> str:
        """The current function's name."""
        return self.function_selector.value

    @property
    def x(self) -> NDArray[np.float64]:
        """The current point (slider values rounded to 10 decimals)."""
        return np.array([_snap(self.x1_slider.value), _snap(self.x2_slider.value)])


class GradientFieldExplorer(_FunctionAndPoint, Explorer):
    """Move ``x`` with two sliders over the gradient field of ``f``; read ``f(x)`` and ``∇f(x)``.

    The picture shows the gradient field of ``f`` as arrows on an ``n × n`` grid (all drawn to
    one scale), labelled level curves, ``x`` as a black arrow from 0 and ``∇f(x)`` as a vermillion
    arrow at its tip, at true length. Where ``f`` has no derivative the readout says so and the
    set ∂f(x) of subgradients is drawn, shaded green, at the tip of ``x``.

    Parameters
    ----------
    name : {"l2", "l2sq", "l1", "linf"}
        The starting function (a menu switches between them).
    x : pair of float
        The starting point.
    limit : float
        The picture shows ``[−limit, limit]²``.
    n : int
        Grid points per axis for the arrows.
    slider_limit : float
        The sliders go from ``−slider_limit`` to ``slider_limit``.
    step : float
        Slider step.
    backend : {"auto", "ipympl", "inline"}
        ``"auto"``: ipympl with blitting if ``%matplotlib widget`` is active, else inline.
    figsize, dpi
        Size of the figure.

    Examples
    --------
    >>> explorer = GradientFieldExplorer("l2", x=(3 / 5, 4 / 5), backend="inline")
    >>> explorer.info.gradient
    array([0.6, 0.8])
    >>> explorer.x1_slider.value = 0.0; explorer.x2_slider.value = 0.0
    >>> explorer.info.gradient is None
    True
    >>> explorer.close()
    """

    kind = "gradient-field"

    def __init__(
        self,
        name: str = "l2",
        x: Sequence[float] = (1.0, 0.5),
        *,
        limit: float = 2.5,
        n: int = 41,
        slider_limit: float = 2.0,
        step: float = 0.1,
        backend: Backend = "auto",
        figsize: tuple[float, float] = (5.0, 5.0),
        dpi: float = 100,
    ) -> None:
        fields.check_name(name)
        start = _slider_point(x, "x", slider_limit)
        super().__init__(figsize=figsize, dpi=dpi, backend=backend)
        self.limit = float(limit)
        self.n = int(n)
        self.grid = fields.symmetric_grid(self.limit, self.n)
        self._fine_grid = fields.symmetric_grid(self.limit, CONTOUR_POINTS)

        self._add_function_and_x(name, start, slider_limit, step)

        with plotting.style():
            self.ax: Axes = self.figure.add_axes((0.13, 0.1, 0.84, 0.84))
            ax = self.ax
            ax.set_xlim(-self.limit, self.limit)
            ax.set_ylim(-self.limit, self.limit)
            ax.set_aspect("equal")
            ax.set_xlabel("$x_1$")
            ax.set_ylabel("$x_2$", labelpad=0)
            self.point_artists = plotting.draw_point_vectors(ax, self.x, None, None)
            self.readout_text = plotting.draw_readout(ax)
        self.field_quiver: Any = None
        self.contours: Any = None
        self._set_moving([*self.point_artists.values()], snapshot_only=[self.readout_text])
        self._draw_static()
        self._update_point()
        self.redraw()

        self.function_selector.observe(self._on_function, names="value")
        self.x1_slider.observe(self._on_x, names="value")
        self.x2_slider.observe(self._on_x, names="value")
        self._build_widget([self.function_selector, self.x1_slider, self.x2_slider])

    # -- state ----------------------------------------------------------------------------

    @property
    def info(self) -> fields.PointInfo:
        """``fields.value_and_gradient(name, x)`` at the current point."""
        return fields.value_and_gradient(self.name, self.x)

    @property
    def field(self) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """``(F, U, V)`` of the current function on the grid (NaN where there is no gradient)."""
        return fields.gradient_field(self.name, *self.grid)

    def readout_lines(self) -> list[str]:
        """The readout beside the sliders, one line a list entry."""
        info = self.info
        label = fields.FUNCTION_LABELS[self.name]
        lines = [f"x = {_vec(self.x, 2)}", f"f(x) = {label} = {_num(info.value)}"]
        if info.gradient is not None:
            lines.append(f"∇f(x) = {_vec(info.gradient)}")
        else:
            lines.append(f"∇f(x) does not exist here: {_KINK_REASON[self.name]}.")
            lines.append(f"∂f(x) = {info.subdifferential} (shaded green at the tip of x)")
        return lines

    def figure_lines(self) -> list[str]:
        """The shorter readout written into the picture (shown by :meth:`snapshot`)."""
        info = self.info
        lines = self.readout_lines()[:2]
        if info.gradient is not None:
            lines.append(f"∇f(x) = {_vec(info.gradient)}")
        else:
            lines.append(f"no ∇f(x); ∂f(x) = {_short_set(info.subdifferential)} (green)")
        return lines

    # -- drawing --------------------------------------------------------------------------

    def _draw_static(self) -> None:
        if self.field_quiver is not None:
            self.field_quiver.remove()
        if self.contours is not None:
            self.contours.remove()
        with plotting.style():
            F, U, V = self.field
            self.field_quiver = plotting.draw_gradient_field(self.ax, *self.grid, U, V)
            fine_F = fields.gradient_field(self.name, *self._fine_grid)[0]
            levels = plotting.default_levels(self.name, self.limit)
            self.contours = plotting.draw_level_curves(self.ax, *self._fine_grid, fine_F, levels)
        self.ax.set_title(
            f"f(x) = {fields.FUNCTION_LABELS[self.name]} and its gradient", fontsize=13
        )

    def _update_point(self) -> None:
        info = self.info
        plotting.update_point_vectors(self.point_artists, self.x, info.gradient, info.subgradients)
        self.readout_text.set_text("\n".join(self.figure_lines()))
        self.readout.value = _html_lines(self.readout_lines())

    def _on_x(self, change: dict[str, Any]) -> None:
        self._update_point()
        self.refresh()

    def _on_function(self, change: dict[str, Any]) -> None:
        self._draw_static()
        self._update_point()
        self.redraw()


def _html_lines(lines: Sequence[str]) -> str:
    body = "<br>".join(html.escape(line) for line in lines)
    return f'<div style="font-family: monospace; font-size: 14px; line-height: 1.5">{body}</div>'


# ----------------------------------------------------------------------------------------------
# 2. Directional derivative
# ----------------------------------------------------------------------------------------------


def _one_sided_slope(name: str, x: NDArray[np.float64], h: NDArray[np.float64]) -> float:
    """``f′(x; h) = lim_{s→0⁺} (f(x + sh) − f(x))/s`` for the four functions.

    All four are convex, so the limit exists everywhere: ``⟨∇f(x), h⟩`` where the gradient
    exists, else the largest ``⟨g, h⟩`` over the subgradients ``g``. Plain float arithmetic,
    for the sliders' moderate values.
    """
    if name == "l2":  # ⟨x/‖x‖, h⟩, and ‖h‖ at x = 0
        return directional_derivative_l2_norm(x, h)
    if name == "l2sq":  # ⟨2x, h⟩
        return 2.0 * float(np.sum(x * h))
    if name == "l1":  # sign(xᵢ)hᵢ where xᵢ ≠ 0, |hᵢ| where xᵢ = 0
        return float(np.sum(np.where(x == 0, np.abs(h), np.sign(x) * h)))
    top = np.max(np.abs(x))  # linf: the largest sign(xᵢ)hᵢ over the tied i (‖h‖∞ at x = 0)
    if top == 0:
        return float(np.max(np.abs(h)))
    tied = np.abs(x) == top
    return float(np.max(np.sign(x[tied]) * h[tied]))


class DirectionalDerivativeExplorer(_FunctionAndPoint, Explorer):
    """The directional derivative as a limit: secants of ``f`` along ``x + s h`` as ``s → 0``.

    Left: the change ``f(x + σh) − f(x)`` along the line through ``x`` in direction ``h``, the
    secant through ``σ = 0`` and ``σ = s`` (its slope is the difference quotient
    ``(f(x + sh) − f(x))/s``) and the tangent of slope ``f′(x; h)`` (``= ⟨∇f(x), h⟩`` where the
    gradient exists). Right: the error ``|difference quotient − f′(x; h)|`` against ``s`` on
    log-log axes, with the current ``s`` marked: it falls like ``s`` and then, for tiny ``s``,
    grows again from rounding error.

    Parameters
    ----------
    name : {"l2", "l2sq", "l1", "linf"}
        The starting function.
    x, h : pair of float
        The starting point and direction.
    s : float
        The starting step, in ``[1e-12, 1]``.
    backend : {"auto", "ipympl", "inline"}
        As for :class:`GradientFieldExplorer`.
    figsize, dpi
        Size of the figure.

    Examples
    --------
    >>> explorer = DirectionalDerivativeExplorer("l2", x=(1.5, 2.0), h=(1.0, 0.0), s=0.5,
    ...                                          backend="inline")
    >>> explorer.directional_derivative
    0.6
    >>> round(explorer.secant_slope, 12)      # (‖(2, 2)‖ − 2.5) / 0.5
    0.656854249492
    >>> explorer.close()
    """

    kind = "directional-derivative"
    #: The error curve is drawn for these steps.
    steps = np.logspace(-12, 0, 97)
    #: The left panel shows σ in this range.
    sigma = np.linspace(-1.25, 1.25, 201)

    def __init__(
        self,
        name: str = "l2",
        x: Sequence[float] = (1.5, 2.0),
        h: Sequence[float] = (1.0, 0.0),
        s: float = 0.5,
        *,
        backend: Backend = "auto",
        figsize: tuple[float, float] = (8.4, 4.4),
        dpi: float = 100,
    ) -> None:
        fields.check_name(name)
        x0 = _slider_point(x, "x", 2.0)
        h0 = _slider_point(h, "h", 1.0)
        if not 1e-12 <= as_real_number(s, "s") <= 1:
            raise ValueError(f"s must be between 1e-12 and 1, got {s}.")
        super().__init__(figsize=figsize, dpi=dpi, backend=backend)

        self._add_function_and_x(name, x0, 2.0)
        hs = {"min": -1.0, "max": 1.0, "step": 0.1, "readout_format": ".1f"}
        self.h1_slider = widgets.FloatSlider(value=float(h0[0]), description="h₁", **hs)
        self.h2_slider = widgets.FloatSlider(value=float(h0[1]), description="h₂", **hs)
        self.s_slider = widgets.FloatLogSlider(
            value=float(s),
            base=10,
            min=-12,
            max=0,
            step=0.25,
            description="s",
            readout_format=".1e",
        )

        with plotting.style():
            self.line_ax = self.figure.add_axes((0.11, 0.13, 0.36, 0.63))
            self.error_ax = self.figure.add_axes((0.62, 0.13, 0.34, 0.63))
            ax = self.line_ax
            ax.axhline(0, color="0.8", linewidth=1, zorder=0)
            ax.axvline(0, color="0.8", linewidth=1, zorder=0)
            ax.set_xlim(self.sigma[0], self.sigma[-1])
            ax.set_xlabel("σ  (the point x + σh)")
            ax.set_ylabel("f(x + σh) − f(x)")
            ax.set_title("f along the line through x", fontsize=13)
            (self.curve,) = ax.plot([], [], color=plotting.COLORS["curve"], label="f along line")
            (self.tangent,) = ax.plot(
                [], [], "--", color=plotting.COLORS["tangent"], label="slope f′(x; h)", zorder=4
            )
            (self.secant,) = ax.plot([], [], color=plotting.COLORS["secant"], label="secant")
            (self.secant_point,) = ax.plot([], [], "o", color=plotting.COLORS["secant"])
            ax.legend(loc="lower right", fontsize=10)
            ax = self.error_ax
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlim(self.steps[0], self.steps[-1])
            ax.set_ylim(1e-18, 1e2)
            ax.set_xlabel("step s")
            ax.set_ylabel("|secant slope − f′(x; h)|")
            ax.set_title("error of the secant slope", fontsize=13)
            (self.error_curve,) = ax.plot([], [], color=plotting.COLORS["secant"])
            (self.error_point,) = ax.plot(
                [], [], "o", color=plotting.COLORS["tangent"], markersize=9
            )
            self.readout_text = self.figure.text(0.01, 0.99, "", va="top", ha="left", fontsize=10)
        self._set_moving(
            [
                self.curve,
                self.tangent,
                self.secant,
                self.secant_point,
                self.error_curve,
                self.error_point,
            ],
            snapshot_only=[self.readout_text],
        )
        self._update()
        self.redraw()
        for control in (
            self.x1_slider,
            self.x2_slider,
            self.h1_slider,
            self.h2_slider,
            self.s_slider,
            self.function_selector,
        ):
            control.observe(self._on_change, names="value")
        self._build_widget(
            [
                self.function_selector,
                self.x1_slider,
                self.x2_slider,
                self.h1_slider,
                self.h2_slider,
                self.s_slider,
            ]
        )

    # -- state ----------------------------------------------------------------------------

    @property
    def h(self) -> NDArray[np.float64]:
        """The current direction."""
        return np.array([_snap(self.h1_slider.value), _snap(self.h2_slider.value)])

    @property
    def s(self) -> float:
        """The current step."""
        return float(self.s_slider.value)

    def secant_slopes(self, steps: NDArray[np.float64]) -> NDArray[np.float64]:
        """The difference quotients ``(f(x + sh) − f(x)) / s`` for the steps ``s`` (vectorised)."""
        name, x, h = self.name, self.x, self.h
        at_x = fields.values_along_line(name, x, h, 0.0)
        return (fields.values_along_line(name, x, h, steps) - at_x) / steps

    @property
    def secant_slope(self) -> float:
        """The difference quotient ``(f(x + sh) − f(x)) / s`` at the current step."""
        return float(self.secant_slopes(np.array([self.s]))[0])

    @property
    def directional_derivative(self) -> float:
        """``f′(x; h)`` (``= ⟨∇f(x), h⟩`` where ``f`` is differentiable)."""
        return _one_sided_slope(self.name, self.x, self.h)

    def readout_lines(self) -> list[str]:
        """The readout, one line a list entry."""
        info = fields.value_and_gradient(self.name, self.x)
        slope, limit = self.secant_slope, self.directional_derivative
        label = fields.FUNCTION_LABELS[self.name]
        lines = [
            f"f = {label},  x = {_vec(self.x, 1)},  h = {_vec(self.h, 2)},  s = {self.s:.1e}",
            f"secant slope (f(x+sh) − f(x))/s = {_num(slope, 10)}",
        ]
        if info.gradient is not None:
            lines.append(f"⟨∇f(x), h⟩ = {_num(limit, 10)}")
        else:
            lines.append(f"no ∇f(x); one-sided limit f′(x; h) = {_num(limit, 10)}")
        error = abs(slope - limit)
        lines.append("error = 0 exactly" if error == 0 else f"error = {error:.2e}")
        return lines

    # -- drawing --------------------------------------------------------------------------

    def _update(self) -> bool:
        """Move every moving artist; return True if the left panel's y-range had to change."""
        name, x, h, s = self.name, self.x, self.h, self.s
        change = fields.values_along_line(name, x, h, self.sigma) - fields.values_along_line(
            name, x, h, 0.0
        )
        limit = self.directional_derivative
        slope = self.secant_slope
        info = fields.value_and_gradient(name, x)
        self.curve.set_data(self.sigma, change)
        if info.gradient is not None:
            tangent_sigma = self.sigma[[0, -1]]
        else:  # only the one-sided limit exists: draw the half-line σ ≥ 0
            tangent_sigma = np.array([0.0, self.sigma[-1]])
        self.tangent.set_data(tangent_sigma, limit * tangent_sigma)
        self.secant.set_data(self.sigma[[0, -1]], slope * self.sigma[[0, -1]])
        self.secant_point.set_data([s], [slope * s])
        errors = np.abs(self.secant_slopes(self.steps) - limit)
        self.error_curve.set_data(self.steps, np.where(errors > 0, errors, np.nan))
        error = abs(slope - limit)
        self.error_point.set_data([s], [error if error > 0 else np.nan])
        lines = self.readout_lines()
        self.readout_text.set_text("\n".join(lines))
        self.readout.value = _html_lines(lines)
        return self._fit_ylim(change)

    def _fit_ylim(self, change: NDArray[np.float64]) -> bool:
        """Keep the left y-range unless the curve leaves it or fills under a quarter of it."""
        low, high = float(np.min(change)), float(np.max(change))
        span = max(high - low, 0.5)
        current = self.line_ax.get_ylim()
        inside = current[0] <= low and high <= current[1]
        if inside and span >= 0.25 * (current[1] - current[0]):
            return False
        self.line_ax.set_ylim(low - 0.15 * span, high + 0.15 * span)
        return True

    def _on_change(self, change: dict[str, Any]) -> None:
        if self._update():
            self.redraw()
        else:
            self.refresh()


# ----------------------------------------------------------------------------------------------
# 3. Drone
# ----------------------------------------------------------------------------------------------


def _drone_speed(t: float | NDArray[np.float64]) -> float | NDArray[np.float64]:
    """The drone's speed ``‖(1, 2t)‖₂ = √(1 + 4t²)``."""
    return np.sqrt(1.0 + 4.0 * t * t)


class DroneExplorer(Explorer):
    """The drone ``p(t) = (t, t²)``: velocity, speed ``√(1 + 4t²)`` and its rate ``4t/√(1+4t²)``.

    Left: the path, the drone at ``p(t)`` and its velocity ``v(t) = (1, 2t)`` drawn at true
    length. Right: the speed ``‖v(t)‖₂ = √(1 + 4t²)`` against ``t`` with the tangent at the
    current ``t``: its slope is the rate of change of the speed, ``4t/√(1 + 4t²)`` (at
    ``t = 1``: ``4/√5 ≈ 1.789``, not the ``8/√5`` you get by dropping the ½ of the square root's
    chain rule).

    Parameters
    ----------
    t : float
        The starting time.
    t_max : float
        The slider goes from ``−t_max`` to ``t_max``.
    backend : {"auto", "ipympl", "inline"}
        As for :class:`GradientFieldExplorer`.
    figsize, dpi
        Size of the figure.

    Examples
    --------
    >>> explorer = DroneExplorer(t=1.0, backend="inline")
    >>> round(explorer.speed, 4), round(explorer.speed_rate, 4)  # √5 and 4/√5
    (2.2361, 1.7889)
    >>> explorer.close()
    """

    kind = "drone"

    def __init__(
        self,
        t: float = 1.0,
        *,
        t_max: float = 1.5,
        backend: Backend = "auto",
        figsize: tuple[float, float] = (8.4, 4.4),
        dpi: float = 100,
    ) -> None:
        if not -t_max <= as_real_number(t, "t") <= t_max:
            raise ValueError(f"t must be between −t_max and t_max ({t_max}), got {t}.")
        super().__init__(figsize=figsize, dpi=dpi, backend=backend)
        self.t_max = float(t_max)
        self.t_slider = widgets.FloatSlider(
            value=float(t),
            min=-self.t_max,
            max=self.t_max,
            step=0.1,
            description="t",
            readout_format=".1f",
        )
        times = np.linspace(-self.t_max, self.t_max, 241)
        with plotting.style():
            self.path_ax = self.figure.add_axes((0.07, 0.12, 0.36, 0.8))
            self.speed_ax = self.figure.add_axes((0.57, 0.12, 0.41, 0.68))
            ax = self.path_ax
            ax.plot(times, times**2, color=plotting.COLORS["curve"], label="path p(t)")
            ax.set_aspect("equal")
            ax.set_xlim(-self.t_max - 0.4, self.t_max + 1.3)
            ax.set_ylim(-1.0, self.t_max**2 + 2 * self.t_max + 0.3)
            ax.set_xlabel("$p_1$")
            ax.set_ylabel("$p_2$", labelpad=0)
            ax.set_title("p(t) = (t, t²)", fontsize=13)
            self.velocity = ax.quiver(
                [0.0],
                [0.0],
                [1.0],
                [0.0],
                color=plotting.COLORS["gradient"],
                angles="xy",
                scale_units="xy",
                scale=1.0,
                width=0.02,
                zorder=5,
                label="velocity v(t)",
            )
            (self.drone,) = ax.plot(
                [], [], "o", color=plotting.COLORS["vector"], markersize=11, zorder=6, label="drone"
            )
            ax.legend(loc="upper left", fontsize=10)
            ax = self.speed_ax
            ax.plot(
                times,
                _drone_speed(times),
                color=plotting.COLORS["curve"],
                label="speed √(1 + 4t²)",
            )
            ax.set_xlim(-self.t_max, self.t_max)
            top = float(_drone_speed(self.t_max))
            ax.set_ylim(0.0, top + 0.6)
            ax.set_xlabel("t")
            ax.set_ylabel("speed ‖v(t)‖₂")
            ax.set_title("the speed and its tangent at t", fontsize=13)
            (self.tangent,) = ax.plot(
                [], [], "--", color=plotting.COLORS["tangent"], label="tangent, slope 4t/√(1 + 4t²)"
            )
            (self.speed_point,) = ax.plot(
                [], [], "o", color=plotting.COLORS["tangent"], markersize=9
            )
            ax.legend(loc="lower left", fontsize=10)
            self.readout_text = self.figure.text(0.5, 0.99, "", va="top", ha="left", fontsize=10)
        self._set_moving(
            [self.velocity, self.drone, self.tangent, self.speed_point],
            snapshot_only=[self.readout_text],
        )
        self._update()
        self.redraw()
        self.t_slider.observe(self._on_t, names="value")
        self._build_widget([self.t_slider])

    @property
    def t(self) -> float:
        """The current time."""
        return _snap(self.t_slider.value)

    @property
    def position(self) -> NDArray[np.float64]:
        """``p(t) = (t, t²)``."""
        return np.array([self.t, self.t * self.t])

    @property
    def velocity_vector(self) -> NDArray[np.float64]:
        """``v(t) = p′(t) = (1, 2t)``."""
        return np.array([1.0, 2.0 * self.t])

    @property
    def speed(self) -> float:
        """``‖v(t)‖₂ = √(1 + 4t²)``."""
        return float(_drone_speed(self.t))

    @property
    def speed_rate(self) -> float:
        """``d‖v(t)‖₂/dt = 4t/√(1 + 4t²)``."""
        return 4.0 * self.t / self.speed

    def readout_lines(self) -> list[str]:
        """The readout, one line a list entry."""
        t = self.t
        return [
            f"t = {_num(t, 2)}:  p(t) = {_vec(self.position, 3)},"
            f"  v(t) = {_vec(self.velocity_vector, 2)}",
            f"speed ‖v(t)‖₂ = √(1 + 4t²) = {_num(self.speed, 4)}",
            f"rate of change 4t/√(1 + 4t²) = {_num(self.speed_rate, 4)}",
        ]

    def _update(self) -> None:
        t = self.t
        position, velocity = self.position, self.velocity_vector
        self.drone.set_data([position[0]], [position[1]])
        plotting.move_arrow(self.velocity, position, velocity)
        half = 0.6
        tt = np.array([t - half, t + half])
        self.tangent.set_data(tt, self.speed + self.speed_rate * (tt - t))
        self.speed_point.set_data([t], [self.speed])
        lines = self.readout_lines()
        self.readout_text.set_text("\n".join(lines))
        self.readout.value = _html_lines(lines)

    def _on_t(self, change: dict[str, Any]) -> None:
        self._update()
        self.refresh()
