"""normgrad.explorers without a browser: set the controls, check what is drawn and read out."""

import math

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest

from normgrad import fields, plotting
from normgrad.explorers import (
    DirectionalDerivativeExplorer,
    DroneExplorer,
    GradientFieldExplorer,
    _one_sided_slope,
    widget_backend_active,
)

BACKENDS = ["ipympl", "inline"]


@pytest.fixture(autouse=True, scope="module")
def keep_matplotlib_backend():
    """Leave matplotlib's backend as it was for the rest of the test session."""
    previous = matplotlib.get_backend()
    yield
    matplotlib.use(previous)


def connect_frontend(explorer):
    """Replay what JupyterLab sends when it shows an ipympl canvas: initialized, refresh, draw."""
    canvas = explorer.canvas
    for message in ({"type": "initialized"}, {"type": "refresh"}, {"type": "draw"}):
        canvas._handle_message(canvas, message, [])


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def gradient_explorer(backend):
    explorer = GradientFieldExplorer("l2", x=(1.0, 0.5), backend=backend)
    if backend == "ipympl":
        connect_frontend(explorer)
    yield explorer
    explorer.close()


def drawn_point(explorer):
    """(x, gradient or NaNs) as the arrows on the figure show them."""
    vector = explorer.point_artists["vector"]
    grad = explorer.point_artists["gradient"]
    assert vector.get_offsets().tolist() == [[0.0, 0.0]]
    x = np.concatenate(plotting.arrow_components(vector))
    tail = grad.get_offsets()[0]
    np.testing.assert_array_equal(tail, x)  # the gradient starts at the tip of x
    return x, np.concatenate(plotting.arrow_components(grad))


def set_x(explorer, x1, x2):
    explorer.x1_slider.value = x1
    explorer.x2_slider.value = x2


# --------------------------------------------------------------------------------------------
# Gradient field


def test_field_arrows_are_the_gradient_field(gradient_explorer):
    explorer = gradient_explorer
    U, V = plotting.arrow_components(explorer.field_quiver)
    _, U_true, V_true = fields.gradient_field("l2", *fields.symmetric_grid(2.5, 41))
    np.testing.assert_array_equal(U, U_true.ravel())
    np.testing.assert_array_equal(V, V_true.ravel())
    assert U.size == 41 * 41
    assert np.isnan(U).sum() == 1  # no arrow at 0
    assert len(explorer.contours.labelTexts) > 0  # labelled level curves


def test_moving_x_moves_x_and_its_gradient(gradient_explorer):
    explorer = gradient_explorer
    set_x(explorer, 1.5, -2.0)
    x, grad = drawn_point(explorer)
    assert x.tolist() == [1.5, -2.0]
    assert grad.tolist() == [0.6, -0.8]
    assert explorer.readout_lines() == [
        "x = (1.50, −2.00)",
        "f(x) = ‖x‖₂ = 2.500",
        "∇f(x) = (0.600, −0.800)",
    ]
    assert "∇f(x) = (0.600, −0.800)" in explorer.readout.value
    assert not explorer.point_artists["subdifferential"].get_visible()


def test_l2_at_zero_says_no_gradient_and_draws_the_unit_disc(gradient_explorer):
    explorer = gradient_explorer
    set_x(explorer, 0.0, 0.0)
    x, grad = drawn_point(explorer)
    assert x.tolist() == [0.0, 0.0] and np.isnan(grad).all()
    lines = explorer.readout_lines()
    assert lines[1] == "f(x) = ‖x‖₂ = 0.000"
    assert lines[2] == "∇f(x) does not exist here: ‖x‖₂ has the tip of a cone at x = 0."
    assert lines[3].startswith("∂f(x) = the closed unit disc {g : ‖g‖₂ ≤ 1}")
    assert "does not exist" in explorer.readout.value
    disc = explorer.point_artists["subdifferential"]
    assert disc.get_visible()
    assert np.allclose(np.hypot(*disc.get_xy().T), 1.0, rtol=0, atol=1e-15)


def test_l1_on_an_axis_and_at_zero(gradient_explorer):
    explorer = gradient_explorer
    explorer.function_selector.value = "l1"
    set_x(explorer, 1.0, 0.0)
    x, grad = drawn_point(explorer)
    assert x.tolist() == [1.0, 0.0] and np.isnan(grad).all()
    assert explorer.readout_lines()[3].startswith(
        "∂f(x) = {1} × [−1, 1] — sign(xᵢ) for nonzero components, any value in [−1, 1]"
    )
    segment = explorer.point_artists["subdifferential"].get_xy()[:2]
    assert segment.tolist() == [[2.0, -1.0], [2.0, 1.0]]  # {(1, t)} drawn at the tip of x
    set_x(explorer, 0.0, 0.0)
    square = explorer.point_artists["subdifferential"].get_xy()[:4]
    assert square.tolist() == [[1, 1], [-1, 1], [-1, -1], [1, -1]]
    set_x(explorer, 1.0, -0.5)
    assert drawn_point(explorer)[1].tolist() == [1.0, -1.0]
    assert not explorer.point_artists["subdifferential"].get_visible()


def test_linf_on_a_diagonal(gradient_explorer):
    explorer = gradient_explorer
    explorer.function_selector.value = "linf"
    set_x(explorer, 1.0, -1.0)
    assert np.isnan(drawn_point(explorer)[1]).all()
    assert explorer.readout_lines()[3].startswith("∂f(x) = conv{(1, 0), (0, −1)} — ")
    segment = explorer.point_artists["subdifferential"].get_xy()[:2]
    assert segment.tolist() == [[2.0, -1.0], [1.0, -2.0]]
    set_x(explorer, 1.0, -0.5)
    assert drawn_point(explorer)[1].tolist() == [1.0, 0.0]


def test_a_slider_value_off_by_rounding_still_lands_on_the_kink(gradient_explorer):
    explorer = gradient_explorer
    explorer.function_selector.value = "l1"
    set_x(explorer, 1.0, 0.1 + 0.2 - 0.3)  # 5.55e-17, what a slider may send for 0
    assert explorer.x.tolist() == [1.0, 0.0]
    assert explorer.info.gradient is None


@pytest.mark.parametrize("name", ["l2sq", "l1", "linf", "l2"])
def test_switching_the_function_redraws_the_field(gradient_explorer, name):
    explorer = gradient_explorer
    old_quiver, old_contours = explorer.field_quiver, explorer.contours
    explorer.function_selector.value = name
    if name == "l2":  # no change: nothing happened
        assert explorer.field_quiver is old_quiver
        return
    assert explorer.field_quiver is not old_quiver and old_quiver.axes is None
    assert old_contours not in explorer.ax.collections
    U, V = plotting.arrow_components(explorer.field_quiver)
    _, U_true, V_true = fields.gradient_field(name, *fields.symmetric_grid(2.5, 41))
    np.testing.assert_array_equal(U, U_true.ravel())
    np.testing.assert_array_equal(V, V_true.ravel())
    np.testing.assert_array_equal(explorer.contours.levels, plotting.default_levels(name, 2.5))
    x, grad = drawn_point(explorer)
    assert grad.tolist() == fields.value_and_gradient(name, [1.0, 0.5]).gradient.tolist()
    assert explorer.ax.get_title().startswith(f"f(x) = {fields.FUNCTION_LABELS[name]}")


def test_l2sq_arrows_are_2x(gradient_explorer):
    explorer = gradient_explorer
    explorer.function_selector.value = "l2sq"
    set_x(explorer, -0.75, 1.25)
    assert drawn_point(explorer)[1].tolist() == [-1.5, 2.5]
    assert explorer.readout_lines()[1] == "f(x) = ‖x‖₂² = 2.125"


def test_controls_for_browser_tests(gradient_explorer):
    explorer = gradient_explorer
    assert explorer.x1_slider.description == "x₁"
    assert explorer.x2_slider.description == "x₂"
    assert explorer.function_selector.description == "f"
    assert isinstance(explorer.widget, widgets.HBox)
    assert "normgrad-explorer" in explorer.widget._dom_classes
    assert "normgrad-explorer-gradient-field" in explorer.widget._dom_classes
    assert "normgrad-readout" in explorer.readout._dom_classes
    if explorer.backend == "ipympl":
        from ipympl.backend_nbagg import Canvas

        assert isinstance(explorer.canvas, Canvas) and explorer.view is explorer.canvas
    else:
        assert isinstance(explorer.view, widgets.Image)
    assert explorer.view in explorer.widget.children
    assert explorer.controls == [
        explorer.function_selector,
        explorer.x1_slider,
        explorer.x2_slider,
    ]


def test_repr_shows_the_widget_and_a_plain_text_without_addresses(gradient_explorer):
    bundle = gradient_explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == (
        "GradientFieldExplorer: a live widget; run the notebook in Jupyter to use it."
    )
    assert " at 0x" not in bundle["text/plain"]


def test_snapshot_is_a_png_with_the_readout_and_leaves_the_live_view_alone(gradient_explorer):
    explorer = gradient_explorer
    set_x(explorer, 0.0, 0.0)
    image = explorer.snapshot()
    assert image.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert not explorer.readout_text.get_visible()  # in the picture only, not the live view
    assert explorer.readout_text.get_text().splitlines()[-1].startswith("no ∇f(x); ∂f(x) = ")
    if explorer.backend == "ipympl":
        assert all(a.get_animated() for a in explorer.point_artists.values())


def test_bad_arguments():
    with pytest.raises(ValueError, match="'l2', 'l2sq', 'l1', 'linf'"):
        GradientFieldExplorer("l3", backend="inline")
    with pytest.raises(ValueError, match="x must be 2 numbers"):
        GradientFieldExplorer("l2", x=(1.0, 2.0, 3.0), backend="inline")
    with pytest.raises(ValueError, match="outside the sliders' range"):
        GradientFieldExplorer("l2", x=(3.0, 0.0), backend="inline")
    with pytest.raises(ValueError, match=r"h = \(2.0, 0.0\) is outside the sliders' range"):
        DirectionalDerivativeExplorer(h=(2.0, 0.0), backend="inline")
    with pytest.raises(TypeError):
        GradientFieldExplorer("l2", x="ab", backend="inline")
    with pytest.raises(ValueError, match="backend must be one of 'auto', 'ipympl', 'inline'"):
        GradientFieldExplorer("l2", backend="qt")


def test_an_ipympl_explorer_leaves_the_chosen_backend_alone():
    matplotlib.use("agg")
    explorer = GradientFieldExplorer(backend="ipympl", n=5)
    assert matplotlib.get_backend() == "agg"
    explorer.close()


def test_auto_backend_follows_matplotlib():
    explorer = GradientFieldExplorer(backend="auto", n=5)
    assert explorer.backend == ("ipympl" if widget_backend_active() else "inline")
    explorer.close()


# --------------------------------------------------------------------------------------------
# Blitting (ipympl)


def test_a_move_blits_only_the_changed_pixels_and_matches_a_full_draw():
    explorer = GradientFieldExplorer("l1", x=(1.0, 0.5), backend="ipympl")
    connect_frontend(explorer)
    canvas = explorer.canvas
    assert not canvas.syncing_data_url
    background = explorer._background
    assert background is not None
    calls = []
    original_draw = canvas.draw
    canvas.draw = lambda: calls.append("draw") or original_draw()
    set_x(explorer, 0.0, 0.5)  # on the axis: the kink, subdifferential segment drawn
    assert calls == []  # no full draw: restore_region + draw_artist + blit
    assert explorer._background is background
    assert canvas._current_image_mode == "diff"  # ipympl sends only the changed pixels
    blitted = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
    canvas.draw = original_draw
    canvas.draw()  # a full draw of the same state
    full = np.asarray(canvas.get_renderer().buffer_rgba())
    np.testing.assert_array_equal(blitted, full)
    # the snapshot did not leave the moving artists drawn into the cached background
    explorer.snapshot()
    set_x(explorer, 1.0, 0.5)
    blitted = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
    canvas.draw()
    np.testing.assert_array_equal(blitted, np.asarray(canvas.get_renderer().buffer_rgba()))
    explorer.close()


def test_a_resize_refreshes_the_cached_background():
    explorer = GradientFieldExplorer("l2", backend="ipympl")
    connect_frontend(explorer)
    old = explorer._background
    explorer.canvas._handle_message(
        explorer.canvas, {"type": "resize", "width": 400, "height": 400}, []
    )
    explorer.canvas._handle_message(explorer.canvas, {"type": "draw"}, [])
    assert explorer._background is not old
    assert explorer._background_size == (400, 400)
    set_x(explorer, 0.5, 0.5)
    blitted = np.asarray(explorer.canvas.get_renderer().buffer_rgba()).copy()
    explorer.canvas.draw()
    np.testing.assert_array_equal(blitted, np.asarray(explorer.canvas.get_renderer().buffer_rgba()))
    explorer.close()


def test_nothing_is_drawn_on_the_canvas_before_a_browser_connects():
    explorer = GradientFieldExplorer("l2", backend="ipympl")
    assert not explorer.frontend_connected
    set_x(explorer, 0.25, 0.5)
    explorer.function_selector.value = "l1"
    assert explorer._background is None
    assert explorer.canvas._data_url is None  # ipympl would store it without its data: prefix
    assert explorer.snapshot().data[:4] == b"\x89PNG"  # snapshots do not need the canvas
    assert explorer.canvas._data_url is None
    connect_frontend(explorer)  # the browser's "draw" request draws the current state
    assert explorer.frontend_connected and explorer._background is not None
    x, grad = drawn_point(explorer)
    assert x.tolist() == [0.25, 0.5] and grad.tolist() == [1.0, 1.0]
    explorer.close()


def test_without_a_cached_background_a_move_draws_in_full():
    explorer = GradientFieldExplorer("l2", backend="ipympl")
    connect_frontend(explorer)
    explorer._background = None
    set_x(explorer, 0.25, 0.5)
    assert explorer._background is not None
    explorer.close()


# --------------------------------------------------------------------------------------------
# Directional derivative


@pytest.fixture
def directional(backend):
    explorer = DirectionalDerivativeExplorer(
        "l2", x=(1.5, 2.0), h=(1.0, 0.0), s=0.5, backend=backend
    )
    if backend == "ipympl":
        connect_frontend(explorer)
    yield explorer
    explorer.close()


def test_secant_slope_is_the_difference_quotient(directional):
    explorer = directional
    for s in (0.5, 1e-3, 1e-8):
        explorer.s_slider.value = s
        quotient = (math.hypot(1.5 + explorer.s, 2.0) - 2.5) / explorer.s
        assert explorer.secant_slope == quotient
        (s0, s1), (y0, y1) = explorer.secant.get_data()
        assert (y1 - y0) / (s1 - s0) == pytest.approx(quotient, rel=1e-15)
        assert explorer.secant_point.get_xydata().tolist() == [[explorer.s, quotient * explorer.s]]
        assert f"secant slope (f(x+sh) − f(x))/s = {quotient:.10f}" in explorer.readout.value
    assert explorer.directional_derivative == 0.6
    (t0, t1), (y0, y1) = explorer.tangent.get_data()
    assert (y1 - y0) / (t1 - t0) == pytest.approx(0.6, rel=1e-15)


def test_left_panel_is_f_along_the_line(directional):
    explorer = directional
    sigma, change = explorer.curve.get_data()
    expected = np.hypot(1.5 + sigma, 2.0) - 2.5
    np.testing.assert_allclose(change, expected, rtol=0, atol=1e-15)
    explorer.h2_slider.value = 0.5
    sigma, change = explorer.curve.get_data()
    np.testing.assert_allclose(change, np.hypot(1.5 + sigma, 2.0 + 0.5 * sigma) - 2.5, atol=1e-15)
    low, high = explorer.line_ax.get_ylim()
    assert low <= change.min() and change.max() <= high


def test_error_curve_and_marker(directional):
    explorer = directional
    explorer.s_slider.value = 1e-4
    steps, errors = explorer.error_curve.get_data()
    along = fields.values_along_line("l2", [1.5, 2.0], [1.0, 0.0], steps)
    np.testing.assert_array_equal(errors, np.abs((along - 2.5) / steps - 0.6))
    moderate = (steps >= 1e-6) & (steps <= 1e-2)  # error = curvature term s·0.128 + O(s²)
    np.testing.assert_allclose(errors[moderate] / steps[moderate], 0.128, rtol=0.01)
    assert explorer.error_ax.get_xscale() == explorer.error_ax.get_yscale() == "log"
    marker = explorer.error_point.get_xydata()[0]
    assert marker.tolist() == [explorer.s, abs(explorer.secant_slope - 0.6)]


def test_directional_at_a_kink_uses_the_one_sided_limit(directional):
    explorer = directional
    explorer.x1_slider.value = 0.0
    explorer.x2_slider.value = 0.0
    explorer.h1_slider.value = 0.6
    explorer.h2_slider.value = -0.8
    assert explorer.directional_derivative == 1.0  # ‖h‖₂
    lines = explorer.readout_lines()
    assert lines[2] == "no ∇f(x); one-sided limit f′(x; h) = 1.0000000000"
    tangent_sigma = explorer.tangent.get_xdata()
    assert tangent_sigma[0] == 0.0  # a half-line: only s > 0 has a limit
    explorer.function_selector.value = "l1"
    explorer.x1_slider.value = 1.0
    explorer.h1_slider.value = 0.5
    explorer.h2_slider.value = -0.75
    assert explorer.directional_derivative == 1.25  # sign(1)·0.5 + |−0.75|
    assert explorer.readout_lines()[-1] == "error = 0 exactly"  # piecewise linear
    assert np.isnan(explorer.error_point.get_ydata()).all()  # 0 is not on a log scale


@pytest.mark.parametrize(
    "name,x,h,expected",
    [
        ("l2", [3, 4], [1, 0], 0.6),
        ("l2", [0, 0], [3, 4], 5.0),  # ‖h‖₂: no gradient, still a one-sided limit
        ("l2sq", [1, 2], [3, -1], 2.0),
        ("l2sq", [1, 1], [1, -1], 0.0),  # an exact cancellation stays exact
        ("l1", [2, 0], [1, -1], 2.0),  # sign(2)·1 + |−1|
        ("l1", [0, 0], [-1, 0.5], 1.5),
        ("linf", [1, 1], [-0.5, 0.25], 0.25),
        ("linf", [0, 0], [-0.5, 0.25], 0.5),
    ],
)
def test_one_sided_slope_exact_values(name, x, h, expected):
    assert _one_sided_slope(name, np.array(x, float), np.array(h, float)) == expected


@pytest.mark.parametrize("name", fields.FUNCTION_NAMES)
def test_one_sided_slope_is_gradient_dot_h_where_differentiable(name):
    x, h = np.array([1.25, -0.5]), np.array([0.75, 2.0])
    grad = fields.value_and_gradient(name, x).gradient
    assert _one_sided_slope(name, x, h) == pytest.approx(grad @ h, rel=1e-15)


@pytest.mark.parametrize(
    "name,x",
    [("l2", [0, 0]), ("l1", [2, 0]), ("l1", [0, 0]), ("linf", [1, 1]), ("linf", [0, 0])],
)
def test_one_sided_slope_at_a_kink_is_the_largest_subgradient_product(name, x):
    x = np.array(x, float)
    vertices = fields.value_and_gradient(name, x).subgradients
    for h in np.random.default_rng(0).uniform(-1, 1, size=(20, 2)):
        support = max(g @ h for g in vertices)  # max ⟨g, h⟩ over ∂f(x)
        assert _one_sided_slope(name, x, h) == pytest.approx(support, abs=2e-3)


def test_directional_sliders():
    explorer = DirectionalDerivativeExplorer(backend="inline")
    labels = [c.description for c in explorer.controls]
    assert labels == ["f", "x₁", "x₂", "h₁", "h₂", "s"]
    assert isinstance(explorer.s_slider, widgets.FloatLogSlider)
    with pytest.raises(ValueError, match="between 1e-12 and 1"):
        DirectionalDerivativeExplorer(s=2.0, backend="inline")
    explorer.close()


# --------------------------------------------------------------------------------------------
# Drone


@pytest.fixture
def drone(backend):
    explorer = DroneExplorer(t=0.0, backend=backend)
    if backend == "ipympl":
        connect_frontend(explorer)
    yield explorer
    explorer.close()


def test_drone_at_t_1(drone):
    explorer = drone
    explorer.t_slider.value = 1.0
    assert explorer.speed == math.sqrt(5)
    assert explorer.speed_rate == 4 / math.sqrt(5)  # not the slip 8/√5
    assert explorer.position.tolist() == [1.0, 1.0]
    assert explorer.velocity_vector.tolist() == [1.0, 2.0]
    assert explorer.drone.get_xydata().tolist() == [[1.0, 1.0]]
    assert explorer.velocity.get_offsets().tolist() == [[1.0, 1.0]]
    u, v = plotting.arrow_components(explorer.velocity)
    assert [u[0], v[0]] == [1.0, 2.0]
    assert explorer.speed_point.get_xydata().tolist() == [[1.0, math.sqrt(5)]]
    (t0, t1), (y0, y1) = explorer.tangent.get_data()
    assert (y1 - y0) / (t1 - t0) == pytest.approx(4 / math.sqrt(5), rel=1e-14)
    assert explorer.readout_lines() == [
        "t = 1.00:  p(t) = (1.000, 1.000),  v(t) = (1.00, 2.00)",
        "speed ‖v(t)‖₂ = √(1 + 4t²) = 2.2361",
        "rate of change 4t/√(1 + 4t²) = 1.7889",
    ]
    assert "1.7889" in explorer.readout.value and "3.5777" not in explorer.readout.value


def test_drone_at_negative_time(drone):
    explorer = drone
    explorer.t_slider.value = -0.5
    assert explorer.speed == math.sqrt(2)
    assert explorer.speed_rate == -2 / math.sqrt(2)
    assert explorer.readout_lines()[2] == "rate of change 4t/√(1 + 4t²) = −1.4142"
    assert explorer.t_slider.description == "t"


def test_drone_snapshot_and_bad_time():
    explorer = DroneExplorer(t=1.0, backend="ipympl")
    assert explorer.snapshot().data[:4] == b"\x89PNG"
    explorer.close()
    with pytest.raises(ValueError, match="between"):
        DroneExplorer(t=5.0, backend="inline")
    with pytest.raises(TypeError, match="t must be a real number"):
        DroneExplorer(t="1", backend="inline")
