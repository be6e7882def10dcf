"""normgrad.fields: gradient fields on grids, one-point readouts, subdifferentials."""

import math

import numpy as np
import pytest

from normgrad import fields

NAMES = fields.FUNCTION_NAMES


def f_exact(name, x):
    x = np.asarray(x, dtype=float)
    return {
        "l2": math.hypot(*x),
        "l2sq": float(x @ x),
        "l1": float(np.sum(np.abs(x))),
        "linf": float(np.max(np.abs(x))),
    }[name]


# --------------------------------------------------------------------------------------------
# Grids


def test_symmetric_grid_is_exactly_symmetric_and_contains_zero():
    X1, X2 = fields.symmetric_grid(2.5, 41)
    assert X1.shape == X2.shape == (41, 41)
    row = X1[0]
    assert np.array_equal(row, -row[::-1])
    assert row[20] == 0.0
    assert row[0] == -2.5 and row[-1] == 2.5
    assert np.array_equal(X2, X1.T)


@pytest.mark.parametrize(
    "args,error",
    [
        ((0.0, 5), ValueError),
        ((1.0, 1), ValueError),
        ((1.0, 2.5), TypeError),
        ((float("nan"), 5), ValueError),
        (("2", 5), TypeError),
        ((1.0, True), TypeError),
    ],
)
def test_symmetric_grid_rejects_bad_input(args, error):
    with pytest.raises(error):
        fields.symmetric_grid(*args)


# --------------------------------------------------------------------------------------------
# Fields


@pytest.fixture
def grid5():
    return fields.symmetric_grid(2.0, 5)  # coordinates -2, -1, 0, 1, 2


def test_l2_field_unit_arrows_and_nan_only_at_zero(grid5):
    X1, X2 = grid5
    F, U, V = fields.gradient_field("l2", X1, X2)
    assert np.array_equal(F, np.hypot(X1, X2))
    undefined = np.isnan(U)
    assert np.array_equal(undefined, np.isnan(V))
    assert np.array_equal(undefined, (X1 == 0) & (X2 == 0))
    lengths = np.hypot(U[~undefined], V[~undefined])
    assert np.allclose(lengths, 1.0, rtol=0, atol=2e-16)
    F, U, V = fields.gradient_field("l2", [[3.0]], [[4.0]])
    assert (F[0, 0], U[0, 0], V[0, 0]) == (5.0, 0.6, 0.8)


def test_l2sq_field_is_2x_everywhere(grid5):
    X1, X2 = grid5
    F, U, V = fields.gradient_field("l2sq", X1, X2)
    assert np.array_equal(F, X1**2 + X2**2)
    assert np.array_equal(U, 2 * X1)
    assert np.array_equal(V, 2 * X2)
    assert not np.isnan(U).any()


def test_l1_field_is_signs_off_the_axes(grid5):
    X1, X2 = grid5
    F, U, V = fields.gradient_field("l1", X1, X2)
    assert np.array_equal(F, np.abs(X1) + np.abs(X2))
    on_axes = (X1 == 0) | (X2 == 0)
    assert np.array_equal(np.isnan(U), on_axes)
    assert np.array_equal(np.isnan(V), on_axes)
    assert int(on_axes.sum()) == 9
    assert np.array_equal(U[~on_axes], np.sign(X1[~on_axes]))
    assert np.array_equal(V[~on_axes], np.sign(X2[~on_axes]))


def test_linf_field_is_a_signed_basis_vector_off_the_diagonals(grid5):
    X1, X2 = grid5
    F, U, V = fields.gradient_field("linf", X1, X2)
    assert np.array_equal(F, np.maximum(np.abs(X1), np.abs(X2)))
    ties = np.abs(X1) == np.abs(X2)
    assert int(ties.sum()) == 9  # both diagonals, 0 counted once
    assert np.array_equal(np.isnan(U), ties)
    first = np.abs(X1) > np.abs(X2)
    assert np.array_equal(U[first], np.sign(X1[first]))
    assert np.array_equal(V[first], np.zeros(first.sum()))
    second = np.abs(X2) > np.abs(X1)
    assert np.array_equal(V[second], np.sign(X2[second]))
    assert np.array_equal(U[second], np.zeros(second.sum()))


def test_linf_field_finds_every_diagonal_point_of_a_41_grid():
    X1, X2 = fields.symmetric_grid(2.5, 41)
    _, U, _ = fields.gradient_field("linf", X1, X2)
    assert int(np.isnan(U).sum()) == 81
    assert np.isnan(np.diag(U)).all() and np.isnan(np.diag(U[:, ::-1])).all()


@pytest.mark.parametrize("name", NAMES)
def test_field_agrees_with_the_single_point_readout(name):
    X1, X2 = fields.symmetric_grid(2.5, 11)
    F, U, V = fields.gradient_field(name, X1, X2)
    for i in range(11):
        for j in range(11):
            info = fields.value_and_gradient(name, [X1[i, j], X2[i, j]])
            assert F[i, j] == pytest.approx(info.value, rel=1e-15)
            if info.gradient is None:
                assert np.isnan(U[i, j]) and np.isnan(V[i, j])
            else:
                assert [U[i, j], V[i, j]] == pytest.approx(list(info.gradient), rel=1e-15)


@pytest.mark.parametrize(
    "args,error",
    [
        (("l3", [1.0], [1.0]), ValueError),
        ((2, [1.0], [1.0]), TypeError),
        (("l2", [1.0, 2.0], [1.0]), ValueError),
        (("l2", "ab", [1.0]), TypeError),
        (("l2", [np.nan], [1.0]), ValueError),
        (("l2", [1j], [1.0]), TypeError),
        (("l2", [True], [1.0]), TypeError),
    ],
)
def test_gradient_field_rejects_bad_input(args, error):
    with pytest.raises(error):
        fields.gradient_field(*args)


def test_unknown_name_message_lists_the_choices():
    with pytest.raises(ValueError, match="'l2', 'l2sq', 'l1', 'linf'"):
        fields.gradient_field("L2", [1.0], [1.0])


# --------------------------------------------------------------------------------------------
# One point


def test_value_and_gradient_l2_and_l2sq_exact():
    info = fields.value_and_gradient("l2", [3, 4])
    assert info.value == 5.0
    assert info.gradient.tolist() == [0.6, 0.8]
    assert info.subdifferential is None and info.subgradients is None
    info = fields.value_and_gradient("l2sq", [3, -4])
    assert info.value == 25.0 and info.gradient.tolist() == [6.0, -8.0]
    assert fields.value_and_gradient("l2sq", [0, 0]).gradient.tolist() == [0.0, 0.0]


def test_l2_at_zero_is_the_unit_disc():
    info = fields.value_and_gradient("l2", [0.0, 0.0])
    assert info.value == 0.0 and info.gradient is None
    assert info.subdifferential == "the closed unit disc {g : ‖g‖₂ ≤ 1}"
    assert info.subgradients.shape == (64, 2)
    assert np.allclose(np.hypot(*info.subgradients.T), 1.0, rtol=0, atol=1e-15)
    info = fields.value_and_gradient("l2", [0.0, 0.0, 0.0])
    assert info.subdifferential == "the closed unit ball {g : ‖g‖₂ ≤ 1}"
    assert info.subgradients is None
    assert fields.value_and_gradient("l2", [0.0]).subdifferential == "the interval [−1, 1]"


def test_l2_readout_is_accurate_for_huge_and_tiny_vectors():
    big, tiny = 2.0**600, 2.0**-1070  # 3·tiny and 4·tiny are subnormal
    assert fields.value_and_gradient("l2", [3 * big, 4 * big]).value == 5 * big
    assert fields.value_and_gradient("l2", [3 * big, 4 * big]).gradient.tolist() == [0.6, 0.8]
    assert fields.value_and_gradient("l2", [3 * tiny, 4 * tiny]).value == 5 * tiny
    assert fields.value_and_gradient("l2", [3 * tiny, 4 * tiny]).gradient.tolist() == [0.6, 0.8]


def test_l1_on_an_axis_and_at_zero():
    info = fields.value_and_gradient("l1", [2, 0])
    assert info.value == 2.0 and info.gradient is None
    assert info.subdifferential == (
        "{1} × [−1, 1] — sign(xᵢ) for nonzero components, any value in [−1, 1] for zero ones"
    )
    assert info.subgradients.tolist() == [[1.0, -1.0], [1.0, 1.0]]
    info = fields.value_and_gradient("l1", [0, -3])
    assert info.subdifferential.startswith("[−1, 1] × {−1} — ")
    assert info.subgradients.tolist() == [[-1.0, -1.0], [1.0, -1.0]]
    info = fields.value_and_gradient("l1", [0, 0])
    assert info.subdifferential.startswith("[−1, 1] × [−1, 1] — ")
    assert info.subgradients.tolist() == [[1, 1], [-1, 1], [-1, -1], [1, -1]]
    info = fields.value_and_gradient("l1", [1, 0, -2])
    assert info.subdifferential.startswith("{1} × [−1, 1] × {−1} — ")
    assert info.subgradients is None
    assert fields.value_and_gradient("l1", [1, -2]).gradient.tolist() == [1.0, -1.0]


def test_linf_ties_and_zero():
    info = fields.value_and_gradient("linf", [1, -1])
    assert info.gradient is None
    assert info.subdifferential == (
        "conv{(1, 0), (0, −1)} — the convex hull of sign(xᵢ)eᵢ over the tied components i = 1, 2"
    )
    assert info.subgradients.tolist() == [[1.0, 0.0], [0.0, -1.0]]
    info = fields.value_and_gradient("linf", [0, 0])
    assert info.subdifferential == (
        "conv{(±1, 0), (0, ±1)} — the closed L1 unit ball {g : ‖g‖₁ ≤ 1}"
    )
    assert info.subgradients.tolist() == [[1, 0], [0, 1], [-1, 0], [0, -1]]
    info = fields.value_and_gradient("linf", [-2, 1, 2])
    assert info.subdifferential.startswith("conv{(−1, 0, 0), (0, 0, 1)} — ")
    assert info.subdifferential.endswith("i = 1, 3")
    info = fields.value_and_gradient("linf", [3, -1])
    assert info.value == 3.0 and info.gradient.tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    "name,x",
    [
        ("l2", [0, 0]),
        ("l1", [2, 0]),
        ("l1", [0, -1.5]),
        ("l1", [0, 0]),
        ("linf", [1, 1]),
        ("linf", [-2, 2]),
        ("linf", [0, 0]),
    ],
)
def test_every_vertex_is_a_subgradient(name, x):
    info = fields.value_and_gradient(name, x)
    rng = np.random.default_rng(0)
    ys = rng.uniform(-3, 3, size=(300, 2))
    for g in info.subgradients:
        for y in ys:  # f(y) >= f(x) + <g, y - x>
            assert f_exact(name, y) >= info.value + g @ (y - np.asarray(x)) - 1e-12


def test_value_and_gradient_rejects_bad_input():
    with pytest.raises(ValueError):
        fields.value_and_gradient("l2", [])
    with pytest.raises(TypeError):
        fields.value_and_gradient("l2", "34")
    with pytest.raises(ValueError):
        fields.value_and_gradient("l2", [1.0, float("inf")])
    with pytest.raises(TypeError):
        fields.value_and_gradient("l2", [1 + 2j, 0])
    with pytest.raises(ValueError):
        fields.value_and_gradient("lp", [1, 2])


# --------------------------------------------------------------------------------------------
# Along a line


def test_values_along_line():
    assert fields.values_along_line("linf", [1, -2], [1, 1], [0.0, 1.0, 4.0]).tolist() == [
        2.0,
        2.0,
        5.0,
    ]
    s = np.array([[0.0, 1.0], [-1.0, 0.5]])  # any shape of steps
    values = fields.values_along_line("l2", [3, 0], [0, 4], s)
    assert values.shape == (2, 2) and values[0].tolist() == [3.0, 5.0]
    with pytest.raises(ValueError, match="h must be 2 numbers"):
        fields.values_along_line("l2", [1, 2], [1, 2, 3], [0.0])


# --------------------------------------------------------------------------------------------
# Agreement with normgrad.norms (the single-point reference implementation)


def test_readouts_agree_with_normgrad_norms():
    from normgrad import norms

    value = {
        "l2": norms.l2_norm,
        "l2sq": norms.squared_l2_norm,
        "l1": norms.l1_norm,
        "linf": norms.linf_norm,
    }
    grad = {
        "l2": lambda x: norms.grad_l2_norm(x),
        "l2sq": lambda x: norms.grad_squared_l2_norm(x),
        "l1": lambda x: norms.grad_l1_norm(x),
        "linf": lambda x: norms.grad_linf_norm(x),
    }
    rng = np.random.default_rng(2)
    points = rng.integers(-3, 4, size=(200, 2)).astype(float) * 0.5  # zeros and ties included
    for name in fields.FUNCTION_NAMES:
        for x in points:
            info = fields.value_and_gradient(name, x)
            assert info.value == pytest.approx(value[name](x), rel=1e-15)
            try:
                expected = grad[name](x)
            except norms.UndefinedDerivativeError:
                assert info.gradient is None, (name, x)
            else:
                assert info.gradient is not None, (name, x)
                np.testing.assert_allclose(info.gradient, expected, rtol=1e-15, atol=0)


# --------------------------------------------------------------------------------------------
# One-point readouts use normgrad.norms: right over the whole float64 range


def test_gradient_of_l2_at_subnormal_point_is_a_unit_vector():
    gradient = fields.value_and_gradient("l2", [5e-324, 5e-324]).gradient
    assert gradient.tolist() == pytest.approx([math.sqrt(0.5)] * 2, rel=1e-15)


def test_check_name():
    assert fields.check_name("linf") == "linf"
    with pytest.raises(TypeError, match="string"):
        fields.check_name(2)
    with pytest.raises(ValueError, match="'l2', 'l2sq', 'l1', 'linf'"):
        fields.check_name("l3")
