"""normgrad.plotting: the shared style and the lesson figures draw exactly the data given."""

import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from normgrad import fields, plotting


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_colors_come_from_the_okabe_ito_palette():
    palette = {c.lower() for c in plotting.OKABE_ITO.values()}
    assert len(palette) == 8
    for role, color in plotting.COLORS.items():
        assert color.lower() in palette, role
    cycle = [to_hex(c["color"]) for c in plotting.STYLE["axes.prop_cycle"]]
    assert set(cycle) <= palette


def test_style_is_a_context_and_apply_style_sets_rcparams():
    before = matplotlib.rcParams["font.size"]
    with plotting.style():
        assert matplotlib.rcParams["font.size"] == 14
        assert matplotlib.rcParams["lines.linewidth"] == 2.5
    assert matplotlib.rcParams["font.size"] == before
    with matplotlib.rc_context():
        plotting.apply_style()
        assert matplotlib.rcParams["legend.fontsize"] == 12
    assert matplotlib.rcParams["font.size"] == before


def test_default_levels():
    assert plotting.default_levels("l2", 2.0).tolist() == [0.5, 1.0, 1.5, 2.0, 2.5]
    assert plotting.default_levels("l2sq", 2.0).tolist() == [0.25, 1.0, 2.25, 4.0, 6.25]
    assert plotting.default_levels("l1", 1.0).tolist() == [0.5, 1.0, 1.5]
    assert plotting.default_levels("linf", 2.5).tolist() == [0.5, 1.0, 1.5, 2.0]
    with pytest.raises(ValueError):
        plotting.default_levels("l2", -1.0)


@pytest.mark.parametrize("name", fields.FUNCTION_NAMES)
def test_level_curves_draw_the_field_exactly(name):
    fig, ax = plt.subplots()
    artists = plotting.plot_level_curves(name, x=[1.25, 0.5], n=9, ax=ax)
    X1, X2 = fields.symmetric_grid(2.0, 9)
    F, U, V = fields.gradient_field(name, X1, X2)
    drawn_U, drawn_V = plotting.arrow_components(artists["field"])
    np.testing.assert_array_equal(drawn_U, U.ravel())
    np.testing.assert_array_equal(drawn_V, V.ravel())
    np.testing.assert_array_equal(artists["contours"].levels, plotting.default_levels(name, 2.0))
    assert len(artists["contours"].labelTexts) > 0
    grad = fields.value_and_gradient(name, [1.25, 0.5]).gradient
    assert artists["vector"].get_offsets().tolist() == [[0.0, 0.0]]
    assert plotting.arrow_components(artists["vector"])[0].tolist() == [1.25]
    assert artists["gradient"].get_offsets().tolist() == [[1.25, 0.5]]
    gu, gv = plotting.arrow_components(artists["gradient"])
    assert [gu[0], gv[0]] == grad.tolist()
    assert not artists["subdifferential"].get_visible()


def test_level_curves_at_a_kink_show_the_subdifferential_at_the_tip():
    fig, ax = plt.subplots()
    artists = plotting.plot_level_curves("l1", x=[1.0, 0.0], ax=ax)
    assert np.isnan(plotting.arrow_components(artists["gradient"])[0]).all()
    patch = artists["subdifferential"]
    assert patch.get_visible()
    assert patch.get_xy()[:2].tolist() == [[2.0, -1.0], [2.0, 1.0]]  # (1, t) moved to the tip


def test_level_curves_without_a_point_or_arrows():
    fig, ax = plt.subplots()
    artists = plotting.plot_level_curves("linf", arrows=False, levels=[1.0], ax=ax)
    assert artists["field"] is None and "gradient" not in artists
    assert artists["contours"].levels.tolist() == [1.0]
    assert ax.get_title() == "level curves of ‖x‖∞"


@pytest.mark.parametrize(
    ("arrows", "x", "title"),
    [
        (True, None, "level curves and gradient of ‖x‖₁"),
        (True, [1.0, 0.5], "level curves and gradient of ‖x‖₁"),
        (True, [1.0, 0.0], "level curves and gradient of ‖x‖₁"),  # the field is still drawn
        (False, None, "level curves of ‖x‖₁"),
        (False, [1.0, 0.5], "level curves and gradient of ‖x‖₁"),  # ∇f(x) drawn at x
        (False, [1.0, 0.0], "level curves and subgradients of ‖x‖₁"),  # only ∂f(x) drawn
    ],
)
def test_level_curves_title_names_only_what_is_drawn(arrows, x, title):
    fig, ax = plt.subplots()
    artists = plotting.plot_level_curves("l1", x=x, arrows=arrows, ax=ax)
    assert ax.get_title() == title
    gradient_drawn = artists["field"] is not None or (
        x is not None and not np.isnan(plotting.arrow_components(artists["gradient"])[0]).all()
    )
    assert ("and gradient of" in title) == gradient_drawn


def test_point_vectors_move_and_hide():
    fig, ax = plt.subplots()
    artists = plotting.draw_point_vectors(ax, [1, 2], [3, 4], animated=True)
    assert all(a.get_animated() for a in artists.values())
    plotting.update_point_vectors(artists, [0, 0], None, [[1, 0], [0, 1], [-1, 0], [0, -1]])
    assert plotting.arrow_components(artists["vector"])[0].tolist() == [0.0]
    assert np.isnan(plotting.arrow_components(artists["gradient"])[1]).all()
    assert artists["subdifferential"].get_xy()[:4].tolist() == [[1, 0], [0, 1], [-1, 0], [0, -1]]
    plotting.update_point_vectors(artists, [1, 1], [0.5, 0.5])
    assert not artists["subdifferential"].get_visible()
    with pytest.raises(ValueError, match="x must be 2 numbers"):
        plotting.update_point_vectors(artists, [1, 2, 3], None)


def test_cone_and_paraboloid():
    artists = plotting.plot_cone_and_paraboloid(limit=1.0, n=11)
    cone_ax, para_ax = artists["axes"]
    assert cone_ax.name == para_ax.name == "3d"
    assert artists["cone"] in cone_ax.collections
    assert artists["paraboloid"] in para_ax.collections
    fig, ax = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="3-D"):
        plotting.plot_cone_and_paraboloid(axes=ax)


def _shown_tick_label_boxes(axis, renderer):
    """Text and screen box of each tick label inside the axis' range, as drawn in 3-D."""
    axis.get_tightbbox(renderer)  # moves the 3-D tick labels to where they are drawn
    low, high = sorted(axis.get_view_interval())
    return [
        (tick.label1.get_text(), tick.label1.get_window_extent(renderer))
        for tick, loc in zip(axis.get_major_ticks(), axis.get_majorticklocs(), strict=False)
        if low - 1e-9 <= loc <= high + 1e-9
    ]


@pytest.mark.parametrize("limit", [1.0, 1.5, 3.0])
def test_cone_and_paraboloid_tick_labels_do_not_run_into_each_other(limit):
    with plotting.style():
        artists = plotting.plot_cone_and_paraboloid(limit=limit, n=11)
        fig = artists["axes"][0].figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for ax, z_top in zip(artists["axes"], (limit, limit * limit), strict=True):
            assert ax.get_xticks().tolist() == [-limit, 0.0, limit]
            assert ax.get_yticks().tolist() == [-limit, 0.0, limit]
            assert 2 <= sum(0 <= t <= z_top for t in ax.get_zticks()) <= 5
            for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
                shown = _shown_tick_label_boxes(axis, renderer)
                assert len(shown) >= 2
                for (text_a, box_a), (text_b, box_b) in zip(shown, shown[1:], strict=False):
                    assert not box_a.overlaps(box_b), (text_a, text_b)


def test_default_3d_ticks_would_overlap():
    """The check above does detect the problem that was fixed (matplotlib's default ticks)."""
    with plotting.style():
        fig = plt.figure(figsize=(11, 5))
        ax = fig.add_subplot(1, 2, 1, projection="3d")
        radius, angle = np.meshgrid(np.linspace(0, 1.5, 11), np.linspace(0, 2 * np.pi, 22))
        ax.plot_surface(radius * np.cos(angle), radius * np.sin(angle), radius)
        fig.canvas.draw()
        shown = _shown_tick_label_boxes(ax.xaxis, fig.canvas.get_renderer())
        assert any(a.overlaps(b) for (_, a), (_, b) in zip(shown, shown[1:], strict=False))


def test_convergence_plot_is_log_log_and_leaves_out_zeros():
    s = np.logspace(-4, 0, 5)
    errors = np.array([0.0, 1e-3, 1e-2, 1e-1, 1.0])
    fig, ax = plt.subplots()
    artists = plotting.plot_convergence(s, errors, ax=ax)
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    y = artists["errors"].get_ydata()
    assert np.isnan(y[0]) and y[1:].tolist() == [1e-3, 1e-2, 1e-1, 1.0]
    ref = artists["reference"].get_ydata()
    assert ref[-1] == 1.0 and ref[-2] == pytest.approx(0.1)  # slope 1 through the largest step
    with pytest.raises(ValueError, match="positive"):
        plotting.plot_convergence([0.0, 1.0], [1.0, 1.0], ax=ax)
    with pytest.raises(ValueError, match="same length"):
        plotting.plot_convergence([1.0, 2.0], [1.0], ax=ax)
    assert plotting.plot_convergence(s, s, reference_order=None, ax=ax)["reference"] is None


def test_tangent_of_the_drone_speed():
    t = np.linspace(0, 2, 101)
    fig, ax = plt.subplots()
    speed = lambda t: np.sqrt(1 + 4 * t**2)  # noqa: E731
    lines = plotting.plot_tangent(t, speed, 1.0, 4 / np.sqrt(5), ax=ax, halfwidth=0.5)
    assert lines["point"].get_xydata().tolist() == [[1.0, math.sqrt(5)]]
    (t0, t1), (y0, y1) = lines["tangent"].get_data()
    assert (t0, t1) == (0.5, 1.5)
    assert (y1 - y0) / (t1 - t0) == pytest.approx(4 / math.sqrt(5), rel=1e-15)
    np.testing.assert_array_equal(lines["curve"].get_ydata(), np.sqrt(1 + 4 * t**2))


def test_tangent_from_arrays_needs_the_value():
    t = np.array([0.0, 1.0, 2.0])
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="value="):
        plotting.plot_tangent(t, t**2, 1.0, 2.0, ax=ax)
    lines = plotting.plot_tangent(t, t**2, 1.0, 2.0, value=1.0, ax=ax)
    assert lines["point"].get_xydata().tolist() == [[1.0, 1.0]]
    with pytest.raises(ValueError, match="one value per t"):
        plotting.plot_tangent(t, [1.0, 2.0], 1.0, 2.0, value=1.0, ax=ax)
    with pytest.raises(TypeError, match="Axes"):
        plotting.plot_tangent(t, t**2, 1.0, 2.0, value=1.0, ax="left")


def test_unit_balls_and_subgradients_at_the_corner():
    fig, ax = plt.subplots()
    artists = plotting.plot_unit_balls(ax=ax)
    U, V = plotting.arrow_components(artists["subgradients"])
    assert U.tolist() == [1.0] * 5
    assert V.tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert artists["subgradients"].get_offsets().tolist() == [[1.0, 0.0]] * 5
    x, y = artists["l1"].get_data()
    assert np.array_equal(np.abs(x) + np.abs(y), np.ones(5))
    x, y = artists["linf"].get_data()
    assert np.array_equal(np.maximum(np.abs(x), np.abs(y)), np.ones(5))
    x, y = artists["l2"].get_data()
    assert np.allclose(np.hypot(x, y), 1.0, rtol=0, atol=1e-15)
    # Every drawn subgradient g satisfies ‖y‖₁ >= ‖kink‖₁ + <g, y - kink>.
    rng = np.random.default_rng(1)
    for g in np.column_stack([U, V]):
        for point in rng.uniform(-2, 2, size=(200, 2)):
            assert np.abs(point).sum() >= 1 + g @ (point - [1, 0]) - 1e-12


def test_unit_balls_at_the_origin_spread_over_the_square():
    fig, ax = plt.subplots()
    artists = plotting.plot_unit_balls(kink=(0.0, 0.0), n_subgradients=4, ax=ax)
    U, V = plotting.arrow_components(artists["subgradients"])
    assert np.column_stack([U, V]).tolist() == [[1, 1], [-1, 1], [-1, -1], [1, -1]]
    with pytest.raises(ValueError):
        plotting.plot_unit_balls(n_subgradients=1, ax=ax)


def test_descent_path():
    path = np.array([[2.0, 2.0], [1.0, 1.5], [0.5, 1.2]])
    fig, ax = plt.subplots()
    artists = plotting.plot_descent_path(path, [[1, 0], [0, 2]], [0, 2], ax=ax)
    assert artists["path"].get_xydata().tolist() == path.tolist()
    assert artists["start"].get_xydata().tolist() == [[2.0, 2.0]]
    assert artists["end"].get_xydata().tolist() == [[0.5, 1.2]]
    assert len(artists["contours"].levels) == 12
    # the level curves are those of ‖Aw − b‖²
    levels = artists["contours"].levels
    A, b = np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([0.0, 2.0])
    for level, segments in zip(levels, artists["contours"].allsegs, strict=True):
        for segment in segments:
            residuals = segment @ A.T - b
            np.testing.assert_allclose(np.sum(residuals**2, axis=1), level, rtol=1e-2)
    with pytest.raises(ValueError, match="k × 2"):
        plotting.plot_descent_path([[1.0, 2.0, 3.0]], [[1, 0], [0, 2]], [0, 2], ax=ax)
    with pytest.raises(ValueError, match="m × 2"):
        plotting.plot_descent_path(path, [[1, 0, 1]], [0], ax=ax)
    with pytest.raises(ValueError, match="m entries"):
        plotting.plot_descent_path(path, [[1, 0], [0, 2]], [0, 2, 3], ax=ax)


def test_move_arrow():
    fig, ax = plt.subplots()
    arrow = ax.quiver([0.0], [0.0], [1.0], [0.0], angles="xy", scale_units="xy", scale=1)
    plotting.move_arrow(arrow, [1.0, 2.0], [np.nan, np.nan])
    assert arrow.get_offsets().tolist() == [[1.0, 2.0]]
    assert np.isnan(plotting.arrow_components(arrow)[0]).all()
