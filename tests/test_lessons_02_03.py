"""The key results of lessons 02 (the derivative of ||x||) and 03 (three proofs that
grad ||x||^2 = 2x), asserted through the package the notebooks call."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import normgrad as ng
from normgrad import exercises, fields, symbolic
from normgrad.numerics import difference_quotients

# ------------------------------------------------------------------------------------------
# Lesson 02: the gradient x/||x|| and its geometry
# ------------------------------------------------------------------------------------------


def test_gradient_at_3_4_is_exactly_three_fifths_four_fifths():
    d = symbolic.grad_l2_norm_symbolic(2)
    x1, x2 = d.variables
    assert d.result.subs({x1: 3, x2: 4}) == sp.Matrix([sp.Rational(3, 5), sp.Rational(4, 5)])
    # 3/5 and 4/5 are correctly rounded divisions, so the float results are exact too.
    np.testing.assert_array_equal(ng.grad_l2_norm([3.0, 4.0]), [0.6, 0.8])
    np.testing.assert_allclose(
        ng.numerical_gradient(ng.l2_norm, [3.0, 4.0]), [0.6, 0.8], rtol=0, atol=1e-12
    )


def test_one_sided_slopes_in_the_experiment_are_three_and_four_fifths():
    x = np.array([3.0, 4.0])
    quotients = difference_quotients(ng.l2_norm, x, [1.0, 0.0], [1e-6])
    assert quotients[0] == pytest.approx(0.6, abs=1e-6)
    quotients = difference_quotients(ng.l2_norm, x, [0.0, 1.0], [1e-6])
    assert quotients[0] == pytest.approx(0.8, abs=1e-6)


@pytest.mark.parametrize("n", [2, 3])
def test_chain_rule_gives_x_over_norm(n):
    chain = symbolic.chain_rule_l2_norm(n)
    x = symbolic.symbols_vector(n)
    assert chain.inner_gradient == 2 * x
    assert sp.simplify(chain.outer_derivative - 1 / (2 * symbolic.l2_norm_expr(x))) == 0
    assert chain.holds
    assert symbolic.grad_l2_norm_symbolic(n).holds


def test_gradient_is_a_unit_vector_perpendicular_to_the_circle():
    grad = symbolic.grad_l2_norm_symbolic(3).result
    assert sp.simplify(grad.dot(grad)) == 1
    d = symbolic.grad_l2_norm_symbolic(2)
    x1, x2 = d.variables
    assert sp.simplify(d.result.dot(sp.Matrix([-x2, x1]))) == 0


def test_directional_derivative_is_the_inner_product_with_the_gradient():
    d = symbolic.grad_l2_norm_symbolic(2)
    s = sp.Symbol("s", real=True)
    u = symbolic.symbols_vector(2, "u")
    rate = sp.diff(symbolic.l2_norm_expr(d.variables + s * u), s).subs(s, 0)
    assert sp.simplify(rate - d.result.dot(u)) == 0


def test_steepest_rate_is_one_along_x_over_norm():
    x = np.array([3.0, 4.0])
    unit = x / ng.l2_norm(x)
    quotients = difference_quotients(ng.l2_norm, x, unit, [1.0, 0.1, 1e-3])
    np.testing.assert_allclose(quotients, 1.0, rtol=1e-12)  # exactly 1 up to rounding
    angles = np.deg2rad(np.arange(360))
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    rates = directions @ ng.grad_l2_norm(x)
    assert np.argmax(rates) == 53  # atan2(4, 3) = 53.13 degrees
    assert rates.max() < 1.0
    assert rates.max() == pytest.approx(np.cos(np.deg2rad(53) - np.arctan2(4, 3)), rel=1e-15)


# ------------------------------------------------------------------------------------------
# Lesson 02: the zero vector
# ------------------------------------------------------------------------------------------


def test_one_sided_quotients_at_zero_are_plus_and_minus_norm_h():
    steps = [0.1, 1e-4, 1e-8, -0.1, -1e-4, -1e-8]
    quotients = difference_quotients(ng.l2_norm, [0.0, 0.0], [3.0, 4.0], steps)
    np.testing.assert_array_equal(quotients, [5, 5, 5, -5, -5, -5])
    limits = symbolic.directional_derivative_at_zero(2)
    h1, h2 = limits.h
    assert limits.right == sp.sqrt(h1**2 + h2**2)
    assert limits.left == -sp.sqrt(h1**2 + h2**2)
    s = sp.Symbol("s", real=True)
    quotient = sp.Abs(s) * 5 / s
    assert (sp.limit(quotient, s, 0, "+"), sp.limit(quotient, s, 0, "-")) == (5, -5)


def test_gradient_near_zero_points_every_which_way():
    np.testing.assert_array_equal(ng.grad_l2_norm([1e-9, 0.0]), [1.0, 0.0])
    np.testing.assert_array_equal(ng.grad_l2_norm([0.0, 1e-9]), [0.0, 1.0])
    np.testing.assert_allclose(ng.grad_l2_norm([-1e-9, -1e-9]), [-(0.5**0.5)] * 2, rtol=1e-15)


def test_grad_l2_norm_at_zero_options():
    with pytest.raises(ng.UndefinedDerivativeError, match="no derivative at the zero vector"):
        ng.grad_l2_norm([0.0, 0.0])
    np.testing.assert_array_equal(ng.grad_l2_norm([0.0, 0.0], at_zero="subgradient"), [0, 0])
    assert np.isnan(ng.grad_l2_norm([0.0, 0.0], at_zero="nan")).all()


def test_chain_rule_product_at_zero_is_nan_in_floating_point():
    x = np.zeros(2)
    with np.errstate(divide="ignore", invalid="ignore"):
        outer = 1 / (2 * np.sqrt(np.sum(x**2)))
        product = outer * (2 * x)
    assert outer == np.inf
    assert np.isnan(product).all()


def test_central_difference_at_zero_is_zero_but_forward_is_one():
    # The central quotient averages the one-sided slopes +1 and -1: a misleading 0.
    np.testing.assert_array_equal(ng.numerical_gradient(ng.l2_norm, [0.0, 0.0]), [0.0, 0.0])
    np.testing.assert_array_equal(
        ng.numerical_gradient(ng.l2_norm, [0.0, 0.0], method="forward"), [1.0, 1.0]
    )


def test_zero_is_not_a_derivative_of_the_norm_but_is_one_of_the_square():
    lengths = np.array([1e-1, 1e-4, 1e-8])
    direction = np.array([0.6, 0.8])
    origin = np.zeros(2)
    ratio_norm = fields.values_along_line("l2", origin, direction, lengths) / lengths
    ratio_square = fields.values_along_line("l2sq", origin, direction, lengths) / lengths
    np.testing.assert_allclose(ratio_norm, 1.0, rtol=1e-15)
    np.testing.assert_allclose(ratio_square, lengths, rtol=1e-15)


def test_subdifferential_at_zero_is_the_closed_unit_ball():
    assert fields.value_and_gradient("l2", [0.0, 0.0]).subdifferential == (
        "the closed unit disc {g : ‖g‖₂ ≤ 1}"
    )
    ys = np.random.default_rng(1).normal(size=(1000, 2))
    candidates = np.array([[0.6, 0.8], [0.3, -0.2], [0.9, 0.9]])
    below = ys @ candidates.T <= np.linalg.norm(ys, axis=1)[:, None]
    np.testing.assert_array_equal(below.all(axis=0), [True, True, False])
    exercise = exercises.l2_subgradient_at_zero(2)
    assert exercise.check("(0.6, 0.8)").correct
    assert exercise.check("(-0.5, 0.5)").correct
    assert not exercise.check("(1, 1)").correct


def test_cone_keeps_unit_gradient_while_bowl_gradient_fades():
    x1s = np.array([3.0, 0.3, 0.003, 0.0])
    x2s = np.array([4.0, 0.4, 0.004, 0.0])
    _, U, V = fields.gradient_field("l2", x1s, x2s)
    np.testing.assert_allclose(np.hypot(U, V)[:3], 1.0, rtol=1e-15)
    assert np.isnan(U[3]) and np.isnan(V[3])
    _, U, V = fields.gradient_field("l2sq", x1s, x2s)
    np.testing.assert_allclose(np.hypot(U, V), [10.0, 1.0, 0.01, 0.0], rtol=1e-15)
    np.testing.assert_array_equal(ng.grad_squared_l2_norm([0.0, 0.0]), [0.0, 0.0])


# ------------------------------------------------------------------------------------------
# Lesson 03, proof 1: partial derivatives
# ------------------------------------------------------------------------------------------


def test_only_the_k_equals_j_term_survives():
    terms = symbolic.partial_derivative_terms(3, 2)
    x1, x2, x3 = symbolic.symbols_vector(3)
    assert terms.terms == [0, 2 * x2, 0]
    assert terms.total == 2 * x2


def test_symbolic_n_sum_collapses_through_the_kronecker_delta():
    n = sp.Symbol("n", integer=True, positive=True)
    j, k = sp.symbols("j k", integer=True, positive=True)
    x = sp.IndexedBase("x", real=True)
    partial = sp.diff(sp.Sum(x[k] ** 2, (k, 1, n)), x[j])
    assert partial == sp.Sum(2 * sp.KroneckerDelta(j, k) * x[k], (k, 1, n))
    assert partial.doit() == sp.Piecewise((2 * x[j], j <= n), (0, True))


@pytest.mark.parametrize("n", [2, 3])
def test_gradient_of_squared_norm_is_2x(n):
    d = symbolic.grad_squared_norm_symbolic(n)
    assert d.result == 2 * symbolic.symbols_vector(n)
    assert d.holds


def test_numerical_gradient_of_squared_norm_is_2x():
    np.testing.assert_allclose(
        ng.numerical_gradient(lambda v: v @ v, [3.0, 4.0]), [6.0, 8.0], rtol=1e-12
    )
    np.testing.assert_array_equal(ng.grad_squared_l2_norm([3.0, 4.0]), [6.0, 8.0])


def test_absolute_value_changes_nothing_for_real_numbers():
    t = sp.Symbol("t", real=True)
    assert sp.Abs(t) ** 2 == t**2
    assert symbolic.squared_norm_expr([t]) == t**2
    assert sp.simplify(2 * sp.Abs(t) * sp.sign(t)) == 2 * t
    # The slope of t^2 at t = -3 is -6, not 2|t| = 6.
    assert ng.numerical_gradient(lambda v: v @ v, [-3.0])[0] == pytest.approx(-6.0, rel=1e-12)


# ------------------------------------------------------------------------------------------
# Lesson 03, proof 2: the directional difference quotient
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3])
def test_directional_quotient_identity(n):
    q = symbolic.directional_difference_quotient(n)
    assert sp.expand(q.quotient - (2 * q.x.dot(q.h) + q.s * q.h.dot(q.h))) == 0
    assert sp.expand(q.limit - 2 * q.x.dot(q.h)) == 0
    assert q.holds


def test_directional_quotient_with_matrix_symbols():
    n = sp.Symbol("n", integer=True, positive=True)
    x = sp.MatrixSymbol("x", n, 1)
    h = sp.MatrixSymbol("h", n, 1)
    s = sp.Symbol("s", real=True)
    quotient = sp.expand(((x + s * h).T * (x + s * h) - x.T * x) / s)
    assert quotient == s * h.T * h + h.T * x + x.T * h
    assert (h.T * x).T == x.T * h
    quotient = quotient.subs(h.T * x, x.T * h).doit()
    assert quotient == s * h.T * h + 2 * x.T * h
    assert quotient.subs(s, 0).doit() == 2 * x.T * h


def test_numerical_quotient_error_is_exactly_s_norm_h_squared_for_power_of_two_steps():
    x, h = [3.0, 4.0], [1.0, 2.0]
    steps = 2.0 ** -np.arange(0, 12)
    quotients = fields.secant_slopes("l2sq", x, h, steps)
    np.testing.assert_array_equal(quotients - 22, 5 * steps)


def test_numerical_quotient_error_has_a_v_shape():
    x, h = np.array([3.0, 4.0]), np.array([1.0, 2.0])
    steps = 10.0 ** -np.arange(16)
    errors = np.abs(fields.secant_slopes("l2sq", x, h, steps) - 22)
    np.testing.assert_allclose(errors[:6], 5 * steps[:6], rtol=1e-5)  # s >= 1e-5: error = 5s
    smallest = int(np.argmin(errors))
    assert steps[smallest] == 1e-8  # the bottom of the V, next to sqrt(eps) ||x|| / ||h|| = 3.3e-8
    assert errors[-2] > 1e-2 and errors[-1] > 1e-2  # rounding dominates at s <= 1e-14
    eps = np.finfo(float).eps
    assert np.sqrt(eps) * ng.l2_norm(x) / ng.l2_norm(h) == pytest.approx(3.33e-8, rel=1e-2)


def test_unit_directions_pin_down_the_gradient():
    x = [3.0, 4.0]
    assert fields.secant_slopes("l2sq", x, [1.0, 0.0], [1e-6])[0] == pytest.approx(
        6.000001, abs=1e-8
    )
    assert fields.secant_slopes("l2sq", x, [0.0, 1.0], [1e-6])[0] == pytest.approx(
        8.000001, abs=1e-8
    )
    assert fields.directional_derivative("l2sq", x, [1.0, 2.0]) == 22.0


# ------------------------------------------------------------------------------------------
# Lesson 03, proof 3: matrix differentials, and sympy's MatrixSymbol traps
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3])
def test_differential_derivative_row_and_gradient_column(n):
    d = symbolic.differential_of_xTx(n)
    x = symbolic.symbols_vector(n)
    dx = symbolic.symbols_vector(n, "dx")
    assert sp.expand(d.dy - 2 * x.dot(dx)) == 0
    assert d.derivative.shape == (1, n) and d.derivative == 2 * x.T
    assert d.gradient.shape == (n, 1) and d.gradient == 2 * x
    assert d.holds


def test_differential_second_order_gap_is_norm_dx_squared():
    x = np.array([3.0, 4.0])
    dx = np.array([1e-3, -2e-3])
    gap = (x + dx) @ (x + dx) - x @ x - 2 * x @ dx
    assert gap == pytest.approx(dx @ dx, rel=1e-6)


def test_matrix_symbol_gradient_and_traps():
    n = sp.Symbol("n", integer=True, positive=True)
    x = sp.MatrixSymbol("x", n, 1)
    assert (x.T * x).diff(x) == 2 * x
    attempts = symbolic.matrix_symbol_attempts()
    assert [(a.code, a.verdict) for a in attempts] == [
        ("(x.T*x).diff(x)", "correct"),
        ("(x.T*x)[0, 0].diff(x)", "wrong"),
        ("sqrt((x.T*x)[0, 0]).diff(x)", "error"),
        ("sqrt(x.T*x).diff(x)", "correct"),
        ("(x.T*x).diff(x).diff(x)", "correct"),
    ]
    entry = (x.T * x)[0, 0]
    assert isinstance(entry, sp.Sum) and entry.function == x[entry.variables[0], 0] ** 2
    assert entry.limits[0][1:] == (0, n - 1)
    assert attempts[1].result == sp.ZeroMatrix(n, 1)  # silently wrong: the zero vector
    assert attempts[2].error.startswith("TypeError")
    assert attempts[3].result == x * (x.T * x) ** sp.Rational(-1, 2)
    j = sp.Symbol("j", integer=True, nonnegative=True)
    assert (x.T * x)[0, 0].diff(x[j, 0]).doit() == 2 * x[j, 0]


# ------------------------------------------------------------------------------------------
# Lesson 03: connecting the two results; complex vectors
# ------------------------------------------------------------------------------------------


def test_gradient_of_norm_from_gradient_of_square():
    y = np.random.default_rng(3).normal(size=5)
    via_square = ng.grad_squared_l2_norm(y) / (2 * ng.l2_norm(y))
    np.testing.assert_array_equal(via_square, ng.grad_l2_norm(y))  # doubling is exact
    assert symbolic.chain_rule_l2_norm(3).holds


def test_complex_squared_norm_is_a_sum_not_a_difference():
    product = symbolic.complex_conjugate_product(2)
    u1, u2 = product.u
    v1, v2 = product.v
    assert sp.expand(product.value - (u1**2 + u2**2 + v1**2 + v2**2)) == 0
    assert sp.expand(product.value - product.slip - 2 * (v1**2 + v2**2)) == 0
    x = np.array([1 + 2j, 3 - 1j])
    assert np.vdot(x, x) == x.real @ x.real + x.imag @ x.imag == 15


# ------------------------------------------------------------------------------------------
# The exercises of both lessons: the worked answers pass, the sample attempts get their hints
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exercise, right",
    [
        (lambda: exercises.gradient_of_norm_at((1, 2, 2)), "(1/3, 2/3, 2/3)"),
        (lambda: exercises.get("grad_shifted_norm_2d"), "(x + a)/norm(x + a)"),
        (lambda: exercises.l2_subgradient_at_zero(2), "(1, 0)"),
        (lambda: exercises.get("partial_squared_norm_xj"), "2*x_j"),
        (lambda: exercises.get("directional_derivative_squared_norm"), "2"),
        (lambda: exercises.get("grad_l2_formula_2d"), "x/norm(x)"),
        (
            lambda: exercises.get("grad_l2_formula_2d"),
            "(x1/sqrt(x1**2 + x2**2), x2/sqrt(x1**2 + x2**2))",
        ),
    ],
)
def test_worked_answers_are_accepted(exercise, right):
    assert exercise().check(right).correct


def test_sample_wrong_attempts_get_their_hints():
    feedback = exercises.gradient_of_norm_at((1, 2, 2)).check("(2, 4, 4)")
    assert not feedback.correct and "2x" in feedback.message
    feedback = exercises.get("partial_squared_norm_xj").check("2*abs(x_j)")
    assert not feedback.correct and "wrong sign" in feedback.message


@pytest.mark.parametrize(
    "exercise",
    [
        lambda: exercises.get("grad_shifted_norm_2d"),
        lambda: exercises.l2_subgradient_at_zero(2),
        lambda: exercises.get("directional_derivative_squared_norm"),
        lambda: exercises.get("grad_l2_formula_2d"),
    ],
)
def test_placeholder_answer_is_handled_gracefully(exercise):
    feedback = exercise().check(...)
    assert not feedback.correct and feedback.status == "invalid"
    assert "Replace ..." in feedback.message
