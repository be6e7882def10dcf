"""The results taught in lessons 04 (worked problems) and 05 (beyond the first derivative).

Every answer a worked problem gives, every correction of a source, and the key results of lesson
05 are asserted here through the package, exactly where sympy gives an exact value and with a
tolerance suited to the method where a number is measured. The exercises of both lessons are
checked too: the right answer passes, the sample attempt committed in the notebook fails.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

import normgrad as ng
from normgrad import exercises, symbolic
from normgrad.least_squares import (
    gradient_descent,
    least_squares_gradient,
    least_squares_hessian,
    least_squares_objective,
    max_stable_step,
    normal_equations_solution,
)
from normgrad.norms import (
    grad_l1_norm,
    grad_linf_norm,
    grad_lp_norm,
    l1_norm,
    linf_norm,
    lp_norm,
)
from normgrad.numerics import difference_quotients

R = sp.Rational


def _zero(expr: sp.Basic) -> bool:
    """True when a sympy expression or matrix simplifies to exactly zero."""
    if isinstance(expr, sp.MatrixBase):
        return all(sp.simplify(e) == 0 for e in expr)
    return sp.simplify(expr) == 0


# ============================================================================================
# Lesson 04, Problem 1: the gradient at (3, 4)
# ============================================================================================


def test_problem_1_gradient_at_3_4_exact_and_numerical():
    d = symbolic.grad_l2_norm_symbolic(2)
    assert d.holds
    exact = d.result.subs(dict(zip(d.variables, [3, 4], strict=True)))
    assert exact == sp.Matrix([R(3, 5), R(4, 5)])
    np.testing.assert_array_equal(ng.grad_l2_norm([3, 4]), [0.6, 0.8])
    np.testing.assert_allclose(
        ng.numerical_gradient(ng.l2_norm, [3.0, 4.0]), [0.6, 0.8], rtol=1e-10
    )


def test_problem_1_gradient_is_a_unit_vector():
    assert ng.l2_norm(ng.grad_l2_norm([3, 4])) == pytest.approx(1.0, abs=1e-15)


# ============================================================================================
# Lesson 04, Problem 2: the drone (the source's 8/sqrt(5) is wrong)
# ============================================================================================


def test_problem_2_drone_speed_and_its_derivative():
    drone = symbolic.drone_path()
    t = drone.t
    assert drone.velocity == sp.Matrix([1, 2 * t])
    assert drone.acceleration == sp.Matrix([0, 2])
    assert _zero(drone.speed - sp.sqrt(1 + 4 * t**2))
    assert _zero(drone.speed_derivative - 4 * t / sp.sqrt(1 + 4 * t**2))


def test_problem_2_rate_at_t1_is_4_over_sqrt5_not_8_over_sqrt5():
    rate = symbolic.drone_speed_derivative(1)
    assert _zero(rate - 4 / sp.sqrt(5))
    chain = symbolic.drone_chain_rule()
    assert chain.ratio == 2  # the source's slip doubles the answer
    assert _zero(chain.slip - 8 * chain.t / sp.sqrt(1 + 4 * chain.t**2))
    assert _zero(chain.outer_derivative - 1 / (2 * sp.sqrt(1 + 4 * chain.t**2)))
    at_1 = symbolic.drone_chain_rule(1)
    assert _zero(at_1.slip - 8 / sp.sqrt(5))
    assert _zero(at_1.tangential - 4 / sp.sqrt(5))


def test_problem_2_numerical_checks():
    h = 1e-5
    quotient = (np.sqrt(1 + 4 * (1 + h) ** 2) - np.sqrt(1 + 4 * (1 - h) ** 2)) / (2 * h)
    assert quotient == pytest.approx(4 / np.sqrt(5), rel=1e-9)
    # through the gradient of the norm: (v/||v||) . v'
    assert ng.grad_l2_norm([1.0, 2.0]) @ np.array([0.0, 2.0]) == pytest.approx(
        4 / np.sqrt(5), rel=1e-15
    )
    # the other tempting answer, ||a|| = 2, is not the rate
    assert ng.l2_norm([0.0, 2.0]) == 2.0
    assert abs(2.0 - 4 / np.sqrt(5)) > 0.2


def test_problem_2_other_times():
    assert _zero(symbolic.drone_speed_derivative(2) - 8 / sp.sqrt(17))
    assert _zero(symbolic.drone_speed_derivative(R(1, 2)) - sp.sqrt(2))


# ============================================================================================
# Lesson 04, Problem 3: the second derivative (dodged by the source)
# ============================================================================================


def test_problem_3_hessian_2d_closed_form():
    hessian = symbolic.hessian_l2_norm_symbolic(2)
    assert hessian.holds
    x1, x2 = hessian.variables
    r = sp.sqrt(x1**2 + x2**2)
    explicit = sp.Matrix([[x2**2, -x1 * x2], [-x1 * x2, x1**2]]) / r**3
    assert _zero(hessian.result - explicit)
    at_3_4 = hessian.result.subs({x1: 3, x2: 4})
    assert at_3_4 == sp.Matrix([[16, -12], [-12, 9]]) / 125


def test_problem_3_hessian_numerically():
    x = np.array([3.0, 4.0])
    np.testing.assert_allclose(125 * ng.hessian_l2_norm(x), [[16, -12], [-12, 9]], rtol=1e-14)
    h = 1e-6
    column_1 = (ng.grad_l2_norm(x + [h, 0]) - ng.grad_l2_norm(x - [h, 0])) / (2 * h)
    column_2 = (ng.grad_l2_norm(x + [0, h]) - ng.grad_l2_norm(x - [0, h])) / (2 * h)
    np.testing.assert_allclose(
        np.column_stack([column_1, column_2]), np.array([[16, -12], [-12, 9]]) / 125, atol=1e-9
    )


def test_problem_3_meaning_along_and_across():
    H = ng.hessian_l2_norm([3.0, 4.0])
    np.testing.assert_allclose(H @ [3.0, 4.0], [0.0, 0.0], atol=1e-15)
    np.testing.assert_allclose(H @ [-4.0, 3.0], [-0.8, 0.6], rtol=1e-14)


# ============================================================================================
# Lesson 04, Problem 4: grad ||x||^2 = 2x (the source's proof is circular)
# ============================================================================================


def test_problem_4_sum_collapses_to_one_term():
    terms = symbolic.partial_derivative_terms(3, 2)
    x2 = terms.variable
    assert terms.terms == [0, 2 * x2, 0]
    assert terms.total == 2 * x2
    d = symbolic.grad_squared_norm_symbolic(3)
    assert d.holds
    assert d.result == 2 * d.variables


def test_problem_4_numerically_and_at_zero():
    np.testing.assert_array_equal(ng.grad_squared_l2_norm([3.0, 4.0]), [6.0, 8.0])
    np.testing.assert_allclose(
        ng.numerical_gradient(lambda x: x @ x, [3.0, 4.0]), [6.0, 8.0], rtol=1e-12
    )
    # differentiable at 0 although a formula for it could divide by ||x||
    np.testing.assert_allclose(ng.numerical_gradient(lambda x: x @ x, [0.0, 0.0]), 0, atol=1e-12)


def test_problem_4_gradient_of_norm_versus_squared_norm():
    x = np.array([3.0, 4.0])
    np.testing.assert_array_equal(ng.grad_squared_l2_norm(x), [6.0, 8.0])
    np.testing.assert_array_equal(ng.grad_l2_norm(x), [0.6, 0.8])
    # chain rule: grad ||x||^2 = 2 ||x|| grad ||x||
    np.testing.assert_allclose(2 * ng.l2_norm(x) * ng.grad_l2_norm(x), [6.0, 8.0], rtol=1e-15)
    assert ng.l2_norm(ng.grad_squared_l2_norm(x)) == 10.0
    assert ng.l2_norm(ng.grad_l2_norm(x)) == 1.0
    X = symbolic.symbols_vector(2)
    r = symbolic.l2_norm_expr(X)
    assert _zero(symbolic.gradient(r**2, X) - 2 * r * symbolic.gradient(r, X))


def test_problem_4_abs_squared_keeps_the_sign():
    s = sp.Symbol("s", real=True)
    assert sp.Abs(s) ** 2 == s**2
    assert sp.diff(sp.Abs(s) ** 2, s) == 2 * s
    np.testing.assert_allclose(
        ng.numerical_gradient(lambda t: abs(t[0]) ** 2, [-3.0]), [-6.0], rtol=1e-12
    )


# ============================================================================================
# Lesson 04, Problem 5: grad ||x + a|| (valid for x != -a)
# ============================================================================================


def test_problem_5_shifted_norm():
    d = symbolic.grad_norm_shifted(2)
    assert d.holds
    a = np.array([1.0, -2.0])
    x = np.array([2.0, 6.0])
    np.testing.assert_array_equal(ng.grad_l2_norm(x + a), [0.6, 0.8])
    np.testing.assert_allclose(
        ng.numerical_gradient(lambda y: ng.l2_norm(y + a), x), [0.6, 0.8], rtol=1e-10
    )


def test_problem_5_no_gradient_at_minus_a():
    with pytest.raises(ng.UndefinedDerivativeError):
        ng.grad_l2_norm(np.array([-1.0, 2.0]) + np.array([1.0, -2.0]))


# ============================================================================================
# Lesson 04: the source's other claims
# ============================================================================================


def test_steepest_ascent_is_the_gradient_with_rate_one():
    x = np.array([3.0, 4.0])
    angles = np.linspace(0, 2 * np.pi, 3600, endpoint=False)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    step = 1e-7
    rates = (np.linalg.norm(x + step * directions, axis=1) - ng.l2_norm(x)) / step
    best, worst = directions[rates.argmax()], directions[rates.argmin()]
    assert np.degrees(np.arccos(best @ ng.grad_l2_norm(x))) < 0.05 + 1e-9
    assert np.degrees(np.arccos(-worst @ ng.grad_l2_norm(x))) < 0.05 + 1e-9
    assert rates.max() == pytest.approx(1.0, abs=1e-6)
    assert rates.min() == pytest.approx(-1.0, abs=1e-6)


def test_no_derivative_at_zero_because_one_sided_slopes_differ():
    limits = symbolic.directional_derivative_at_zero(2)
    h1, h2 = limits.h
    assert _zero(limits.right - sp.sqrt(h1**2 + h2**2))
    assert _zero(limits.left + sp.sqrt(h1**2 + h2**2))
    np.testing.assert_array_equal(
        difference_quotients(ng.l2_norm, [0.0, 0.0], [3.0, 4.0], [1e-3, -1e-3]), [5.0, -5.0]
    )


def test_the_derivative_at_zero_is_not_zero():
    # a central difference averages the one-sided slopes +5 and -5 and reports exactly 0 ...
    np.testing.assert_array_equal(ng.numerical_gradient(ng.l2_norm, [0.0, 0.0]), [0.0, 0.0])
    # ... but with g = 0 the error of the linear approximation is ||h|| itself, not o(||h||)
    for size in [1e-1, 1e-4, 1e-8]:
        h = size * np.array([0.6, 0.8])
        assert (ng.l2_norm(h) - 0.0) / ng.l2_norm(h) == pytest.approx(1.0, rel=1e-15)
    # 0 is a subgradient (length <= 1), as is every vector of length at most 1
    assert exercises.l2_subgradient_at_zero(2).check("(0, 0)")
    with pytest.raises(ng.UndefinedDerivativeError):
        ng.grad_l2_norm([0.0, 0.0])


def test_l1_has_a_gradient_off_the_axes_and_a_kink_on_them():
    np.testing.assert_array_equal(grad_l1_norm([3.0, -4.0]), [1.0, -1.0])
    np.testing.assert_allclose(ng.numerical_gradient(l1_norm, [3.0, -4.0]), [1.0, -1.0])
    np.testing.assert_allclose(
        difference_quotients(l1_norm, [3.0, 0.0], [0.0, 1.0], [1e-3, -1e-3]), [1.0, -1.0]
    )


# ============================================================================================
# Lesson 04: the checkers (right answer passes, committed sample attempt fails)
# ============================================================================================

LESSON_04_EXERCISES = [
    (lambda: exercises.get("grad_l2_at_5_12"), "(5/13, 12/13)", "(5, 12)"),
    (lambda: exercises.get("drone_speed_derivative_t2"), "8/sqrt(17)", "16/sqrt(17)"),
    (
        lambda: exercises.get("hessian_l2_2d"),
        "[[x2^2, -x1*x2], [-x1*x2, x1^2]]/norm(x)^3",
        "eye(2)/norm(x)",
    ),
    (
        lambda: exercises.get("grad_squared_norm_formula"),
        "2*x",
        "(2*abs(x1), 2*abs(x2), 2*abs(x3))",
    ),
    (lambda: exercises.gradient_of_norm_at((8, 6)), "(4/5, 3/5)", "(9, 4)/sqrt(97)"),
    (lambda: exercises.gradient_of_norm_at((2, -3, 6)), "(2/7, -3/7, 6/7)", "(2, -3, 6)/49"),
    (lambda: exercises.drone_speed_derivative_at(R(1, 2)), "sqrt(2)", "2"),
    (lambda: exercises.l2_subgradient_at_zero(2), "(0.6, 0.8)", "(1, 1)"),
]


@pytest.mark.parametrize(("make", "right", "sample"), LESSON_04_EXERCISES)
def test_lesson_04_exercises(make, right, sample):
    exercise = make()
    assert exercise.check(right).correct
    feedback = exercise.check(sample)
    assert feedback.status == "incorrect"
    assert feedback.message  # a hint is shown


def test_lesson_04_other_forms_of_the_answers():
    assert exercises.get("hessian_l2_2d").check("(eye(2) - outer(x, x)/norm(x)^2)/norm(x)")
    assert exercises.l2_subgradient_at_zero(2).check("(0, 0)")
    assert exercises.drone_speed_derivative_at(R(1, 2)).answer == sp.sqrt(2)
    assert exercises.gradient_of_norm_at((2, -3, 6)).answer == sp.Matrix(
        [R(2, 7), R(-3, 7), R(6, 7)]
    )
    assert exercises.get("grad_squared_norm_formula").check("(2*x1, 2*x2, 2*x3)")
    # Problem 5's exercise: a = (-1, 2), x = (9, 4), so x + a = (8, 6)
    a, x = np.array([-1.0, 2.0]), np.array([9.0, 4.0])
    np.testing.assert_array_equal(x + a, [8.0, 6.0])
    np.testing.assert_allclose(
        ng.numerical_gradient(lambda y: ng.l2_norm(y + a), x), [0.8, 0.6], rtol=1e-10
    )
    assert exercises.gradient_of_norm_at((8, 6)).answer == sp.Matrix([R(4, 5), R(3, 5)])


# ============================================================================================
# Lesson 05, part 1: the Hessian of ||x||
# ============================================================================================

X = np.array([1.0, 2.0, 2.0])
ALONG = X / 3
ACROSS = np.array([2.0, -2.0, 1.0]) / 3
INTEGER_HESSIAN = [[8, -2, -2], [-2, 5, -4], [-2, -4, 5]]  # 27 * H at (1, 2, 2)


def test_hessian_3d_exact_and_numerical():
    hessian = symbolic.hessian_l2_norm_symbolic(3)
    assert hessian.holds
    at_point = dict(zip(hessian.variables, [1, 2, 2], strict=True))
    assert 27 * hessian.result.subs(at_point) == sp.Matrix(INTEGER_HESSIAN)
    np.testing.assert_allclose(27 * ng.hessian_l2_norm(X), INTEGER_HESSIAN, rtol=1e-14)


def test_bending_along_and_across():
    assert ALONG @ ACROSS == pytest.approx(0.0, abs=1e-15)
    assert ng.l2_norm(ACROSS) == pytest.approx(1.0, abs=1e-15)
    h = 1e-3
    f = ng.l2_norm
    bend_along = (f(X + h * ALONG) - 2 * f(X) + f(X - h * ALONG)) / h**2
    bend_across = (f(X + h * ACROSS) - 2 * f(X) + f(X - h * ACROSS)) / h**2
    assert bend_along == pytest.approx(0.0, abs=1e-8)
    assert bend_across == pytest.approx(1 / 3, rel=1e-6)
    h = 1e-6
    change_along = (ng.grad_l2_norm(X + h * ALONG) - ng.grad_l2_norm(X - h * ALONG)) / (2 * h)
    change_across = (ng.grad_l2_norm(X + h * ACROSS) - ng.grad_l2_norm(X - h * ACROSS)) / (2 * h)
    np.testing.assert_allclose(change_along, 0.0, atol=1e-9)
    np.testing.assert_allclose(change_across, ACROSS / 3, atol=1e-9)
    np.testing.assert_allclose(ng.hessian_l2_norm(X) @ ACROSS, ACROSS / 3, rtol=1e-14)


def test_hessian_eigenvalues():
    eigen = symbolic.hessian_l2_norm_eigen(3)
    assert eigen.holds
    r = sp.sqrt(sum(v**2 for v in eigen.along))
    assert eigen.eigenvalues == {0: 1, 1 / r: 2}
    np.testing.assert_allclose(
        np.linalg.eigvalsh(ng.hessian_l2_norm(X)), [0.0, 1 / 3, 1 / 3], atol=1e-15
    )


def test_hessian_of_squared_norm_is_2I_and_consistent():
    squared = symbolic.hessian_squared_norm_symbolic(3)
    assert squared.holds
    assert squared.result == 2 * sp.eye(3)
    hessian = symbolic.hessian_l2_norm_symbolic(3)
    gradient = symbolic.grad_l2_norm_symbolic(3).result
    r = symbolic.l2_norm_expr(hessian.variables)
    assert _zero(2 * gradient * gradient.T + 2 * r * hessian.result - 2 * sp.eye(3))
    h = 1e-3
    f = ng.l2_norm
    bend = (f(X + h * ACROSS) ** 2 - 2 * f(X) ** 2 + f(X - h * ACROSS) ** 2) / h**2
    assert bend == pytest.approx(2.0, rel=1e-8)


def test_slip_identity_over_norm_bends_along_x():
    slip = np.eye(3) / ng.l2_norm(X)
    np.testing.assert_allclose(slip @ ALONG, ALONG / 3, rtol=1e-15)
    np.testing.assert_allclose(ng.hessian_l2_norm(X) @ ALONG, 0.0, atol=1e-15)


# ============================================================================================
# Lesson 05, part 2: L1, p-norms, max norm
# ============================================================================================


def test_l1_gradient_and_subdifferential_on_an_axis():
    d = symbolic.grad_l1_norm_symbolic(2)
    assert d.holds
    assert d.result == d.variables.applyfunc(sp.sign)
    np.testing.assert_array_equal(grad_l1_norm([2.0, -1.0]), [1.0, -1.0])
    x_axis = np.array([2.0, 0.0])
    np.testing.assert_allclose(
        difference_quotients(l1_norm, x_axis, [0.0, 1.0], [1e-3, -1e-3]), [1.0, -1.0]
    )
    rng = np.random.default_rng(seed=0)
    ys = rng.uniform(-3, 3, size=(10_000, 2))
    l1_of_ys = np.abs(ys).sum(axis=1)
    assert np.all(l1_of_ys >= 2 + (ys - x_axis) @ [1.0, 0.5])
    assert not np.all(l1_of_ys >= 2 + (ys - x_axis) @ [1.0, 1.5])
    np.testing.assert_array_equal(grad_l1_norm(x_axis, at_kink="subgradient"), [1.0, 0.0])


def test_p_norm_gradient_formula():
    d = symbolic.grad_p_norm_symbolic(2, 3)
    assert d.holds
    x = np.array([3.0, -4.0, 1.0])
    p = 3
    formula = x * np.abs(x) ** (p - 2) / lp_norm(x, p) ** (p - 1)
    np.testing.assert_allclose(grad_lp_norm(x, p), formula, rtol=1e-14)
    np.testing.assert_allclose(
        ng.numerical_gradient(lambda y: lp_norm(y, 3), x), formula, rtol=1e-9
    )
    np.testing.assert_allclose(grad_lp_norm(x, 2), x / ng.l2_norm(x), rtol=1e-15)


def test_p_norm_limits():
    x = np.array([3.0, -4.0, 1.0])
    np.testing.assert_allclose(grad_lp_norm(x, 1.001), grad_l1_norm(x), atol=3e-3)
    np.testing.assert_allclose(grad_lp_norm(x, 1000), grad_linf_norm(x), atol=1e-4)
    np.testing.assert_array_equal(grad_l1_norm(x), [1.0, -1.0, 1.0])
    np.testing.assert_array_equal(grad_linf_norm(x), [0.0, -1.0, 0.0])


def test_p_norm_limits_with_high_precision():
    """The limits argued in lesson 05, at p far beyond floating point (mpmath, 50 digits)."""

    def entries(x, p):
        p = mpmath.mpf(p)
        norm = mpmath.fsum(abs(mpmath.mpf(c)) ** p for c in x) ** (1 / p)
        return [mpmath.sign(c) * (abs(mpmath.mpf(c)) / norm) ** (p - 1) for c in x]

    with mpmath.workdps(50):
        tiny = mpmath.mpf("1e-40")
        big = entries([3, -4, 1], 10**6)
        assert abs(big[1] + 1) < tiny and abs(big[0]) < tiny and abs(big[2]) < tiny
        near_1 = entries([3, -4, 1], 1 + mpmath.mpf("1e-12"))
        for entry, sign in zip(near_1, [1, -1, 1], strict=True):
            assert abs(entry - sign) < mpmath.mpf("1e-10")
        # at a tie the tied entries tend to +-1/2: (2^(-1/p) (1 + eps)^(-1/p))^(p-1) -> 1/2
        p = mpmath.mpf(10**6)
        tie = entries([3, -3, 1], p)
        expected = 2 ** (-(p - 1) / p) * (1 + 1 / (2 * mpmath.mpf(3) ** p)) ** (-(p - 1) / p)
        assert abs(tie[0] - expected) < tiny and abs(tie[1] + expected) < tiny
        assert abs(expected - mpmath.mpf(1) / 2) < mpmath.mpf("1e-6")


def test_linf_tie():
    x_tie = np.array([3.0, -3.0, 1.0])
    up = difference_quotients(linf_norm, x_tie, [1.0, 0.0, 0.0], [1e-3])
    down = difference_quotients(linf_norm, x_tie, [-1.0, 0.0, 0.0], [1e-3])
    np.testing.assert_allclose(up, [1.0])
    np.testing.assert_allclose(down, [0.0], atol=1e-12)
    np.testing.assert_array_equal(grad_linf_norm(x_tie, at_kink="subgradient"), [0.5, -0.5, 0.0])
    np.testing.assert_allclose(grad_lp_norm(x_tie, 1000), [0.5, -0.5, 0.0], atol=1e-3)
    with pytest.raises(ng.UndefinedDerivativeError):
        grad_linf_norm(x_tie)


# ============================================================================================
# Lesson 05, part 3: complex vectors
# ============================================================================================

X_C = np.array([3 + 4j, 1 - 2j])


def test_complex_gradient_is_2u_and_2v():
    g = symbolic.complex_squared_norm_gradients(2)
    assert g.holds
    assert g.grad_u == 2 * g.u and g.grad_v == 2 * g.v
    numerical = ng.numerical_gradient(lambda x: ng.l2_norm(x) ** 2, X_C)
    np.testing.assert_allclose(numerical.real, [6.0, 2.0], rtol=1e-10)
    np.testing.assert_allclose(numerical.imag, [8.0, -4.0], rtol=1e-10)


def test_thread_answer_u_u_minus_v_v_is_wrong():
    c = symbolic.complex_conjugate_product(2)
    v1, v2 = c.v
    assert sp.expand(c.difference - 2 * v1**2 - 2 * v2**2) == 0
    assert c.slip_grad_v == -2 * c.v
    assert c.grad_v == 2 * c.v
    assert np.vdot(X_C, X_C) == 30
    assert X_C @ X_C == -10 + 20j
    assert ng.l2_norm(X_C) ** 2 == pytest.approx(30.0, rel=1e-15)


def test_no_complex_derivative_of_abs_squared():
    z = 3 + 4j
    h = 1e-6
    along_real = (abs(z + h) ** 2 - abs(z) ** 2) / h
    along_imaginary = (abs(z + 1j * h) ** 2 - abs(z) ** 2) / (1j * h)
    assert along_real == pytest.approx(6.0, rel=1e-6)
    assert along_imaginary == pytest.approx(-8j, rel=1e-6)
    u, v = sp.symbols("u v", real=True)
    P, Q = u**2 + v**2, sp.Integer(0)
    equations = [sp.Eq(sp.diff(P, u), sp.diff(Q, v)), sp.Eq(sp.diff(P, v), -sp.diff(Q, u))]
    assert equations == [sp.Eq(2 * u, 0), sp.Eq(2 * v, 0)]
    assert sp.solve(equations, [u, v], dict=True) == [{u: 0, v: 0}]
    # Wirtinger: d/d(conj z) of |z|^2 is z
    assert R(1, 2) * (sp.diff(P, u) + sp.I * sp.diff(P, v)) == u + sp.I * v


def test_framework_conventions_and_descent_step():
    pytorch_style = ng.grad_squared_l2_norm(X_C)
    np.testing.assert_array_equal(pytorch_style, 2 * X_C)
    jax_style = np.conj(pytorch_style)
    np.testing.assert_array_equal(jax_style, [6 - 8j, 2 + 4j])
    down = ng.l2_norm(X_C - 0.1 * pytorch_style) ** 2
    wrong_way = ng.l2_norm(X_C - 0.1 * jax_style) ** 2
    assert down == pytest.approx(19.2, rel=1e-14)
    assert wrong_way == pytest.approx(35.2, rel=1e-14)


# ============================================================================================
# Lesson 05, part 4: least squares
# ============================================================================================

A = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
B = np.array([1.0, 2.0, 3.0])
X_BEST = np.array([2.0, 5.0]) / 3


def test_least_squares_objective_and_gradient():
    assert least_squares_objective(A, B, [0.0, 0.0]) == 14.0
    assert least_squares_objective(A, B, [1.0, 1.0]) == 6.0
    assert symbolic.least_squares_gradient_symbolic(3, 2).holds
    assert symbolic.least_squares_matrix_symbol().holds
    np.testing.assert_array_equal(least_squares_gradient(A, B, [1.0, 1.0]), [0.0, -2.0])
    np.testing.assert_allclose(
        ng.numerical_gradient(lambda x: least_squares_objective(A, B, x), [1.0, 1.0]),
        [0.0, -2.0],
        atol=1e-10,
    )


def test_normal_equations_exact_and_numerical():
    A_exact = sp.Matrix([[1, 1], [1, 0], [0, 1]])
    b_exact = sp.Matrix([1, 2, 3])
    assert A_exact.T * A_exact == sp.Matrix([[2, 1], [1, 2]])
    assert A_exact.T * b_exact == sp.Matrix([3, 4])
    assert (A_exact.T * A_exact).solve(A_exact.T * b_exact) == sp.Matrix([R(2, 3), R(5, 3)])
    np.testing.assert_allclose(normal_equations_solution(A, B), X_BEST, rtol=1e-15)
    np.testing.assert_allclose(least_squares_gradient(A, B, X_BEST), 0.0, atol=1e-14)


def test_safe_and_best_step():
    eigenvalues = (sp.Matrix([[2, 1], [1, 2]])).eigenvals()
    assert eigenvalues == {1: 1, 3: 1}
    assert max_stable_step(A) == pytest.approx(1 / 3, rel=1e-15)
    best = R(1, min(eigenvalues) + max(eigenvalues))
    assert best == R(1, 4)
    # the contraction factors 1 - 2 eta lambda at eta = 1/4 are +1/2 and -1/2
    assert {1 - 2 * best * lam for lam in eigenvalues} == {R(1, 2), R(-1, 2)}


def test_hessian_of_least_squares_and_the_step_rules():
    A_exact = sp.Matrix([[1, 1], [1, 0], [0, 1]])
    b_exact = sp.Matrix([1, 2, 3])
    x1, x2 = sp.symbols("x1 x2", real=True)
    residual = A_exact * sp.Matrix([x1, x2]) - b_exact
    H = sp.hessian(residual.dot(residual), (x1, x2))
    assert H == 2 * A_exact.T * A_exact == sp.Matrix([[4, 2], [2, 4]])
    eigenvalues = H.eigenvals()
    assert eigenvalues == {2: 1, 6: 1}
    assert R(2, max(eigenvalues)) == R(1, 3)  # the same limit as 1/lambda_max(A^T A)
    assert R(2, min(eigenvalues) + max(eigenvalues)) == R(1, 4)  # the same best step
    np.testing.assert_array_equal(least_squares_hessian(A), [[4.0, 2.0], [2.0, 4.0]])
    np.testing.assert_allclose(np.linalg.eigvalsh(least_squares_hessian(A)), [2.0, 6.0])
    # the factors 1 - 2 eta lambda for the lesson's three steps
    factors = 1 - 2 * np.outer([0.25, 0.32, 0.35], [1.0, 3.0])
    np.testing.assert_allclose(factors, [[0.5, -0.5], [0.36, -0.92], [0.3, -1.1]], rtol=1e-14)


def test_using_AtA_as_the_hessian_doubles_the_step_and_diverges():
    # the rule for (1/2)||Ax - b||^2 would recommend 2/(1 + 3) = 1/2; for ||Ax - b||^2 the
    # factors are 1 - 2(1/2)(1) = 0 and 1 - 2(1/2)(3) = -2
    grad = lambda x: least_squares_gradient(A, B, x)  # noqa: E731
    path = gradient_descent(grad, [-2.0, 2.5], step=0.5, n_steps=5)
    distances = np.linalg.norm(path - X_BEST, axis=1)
    np.testing.assert_allclose(distances[2:] / distances[1:-1], 2.0, rtol=1e-12)
    assert distances[1] < distances[0]  # the first step kills the slow part, then it doubles
    np.testing.assert_allclose(distances[0] ** 2, (8 / 3) ** 2 + (5 / 6) ** 2, rtol=1e-14)


def test_lesson_descent_runs():
    grad = lambda x: least_squares_gradient(A, B, x)  # noqa: E731
    x_start = np.array([-2.0, 2.5])
    path_best = gradient_descent(grad, x_start, step=0.25, n_steps=30)
    path_near = gradient_descent(grad, x_start, step=0.32, n_steps=30)
    path_over = gradient_descent(grad, x_start, step=0.35, n_steps=30)
    errors_best = np.linalg.norm(path_best - X_BEST, axis=1)
    np.testing.assert_allclose(errors_best[1:6] / errors_best[:5], 0.5, rtol=1e-12)
    np.testing.assert_allclose(path_best[-1], X_BEST, atol=1e-8)
    # every run follows e_k = (I - 2 eta A^T A)^k e_0 exactly
    for path, step in [(path_near, 0.32), (path_over, 0.35)]:
        propagate = np.linalg.matrix_power(np.eye(2) - 2 * step * A.T @ A, 30)
        np.testing.assert_allclose(path[-1] - X_BEST, propagate @ (x_start - X_BEST), atol=1e-9)
    start_error = ng.l2_norm(x_start - X_BEST)
    assert ng.l2_norm(path_near[-1] - X_BEST) < 0.1 * start_error
    assert ng.l2_norm(path_over[-1] - X_BEST) > 5 * start_error


# ============================================================================================
# Lesson 05: the checkers
# ============================================================================================

LESSON_05_EXERCISES = [
    ("hessian_l2_eigenvalues_at_3_4", "(0, 1/5)", "(0, 1)"),
    ("l1_subgradient_at_0_2", "(0.5, 1)", "(0, 0)"),
    ("complex_grad_v", "2*v", "-2*v"),
    ("least_squares_gradient", "(2, 6)", "(1, 3)"),
]


@pytest.mark.parametrize(("name", "right", "sample"), LESSON_05_EXERCISES)
def test_lesson_05_exercises(name, right, sample):
    exercise = exercises.get(name)
    assert exercise.check(right).correct
    feedback = exercise.check(sample)
    assert feedback.status == "incorrect"
    assert feedback.message


def test_lesson_05_exercise_answers_match_the_solutions():
    assert exercises.get("hessian_l2_eigenvalues_at_3_4").check("(1/5, 0)")
    assert exercises.get("l1_subgradient_at_0_2").check("(-1, 1)")
    assert not exercises.get("l1_subgradient_at_0_2").check("(1.5, 1)")
    assert exercises.get("least_squares_gradient").answer == sp.Matrix([2, 6])
    H = ng.hessian_l2_norm([3.0, 4.0])
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [0.0, 0.2], atol=1e-15)
    assert np.trace(H) == pytest.approx(0.2, rel=1e-15)
