"""Tests for normgrad.symbolic: every derivation the lessons show, checked exactly and numerically.

Where the source documents are wrong (see /work/shared/seeds), a test pins the right result and
shows that the source's claim fails.
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from normgrad import symbolic as S


def _x(n):
    return sp.Matrix(sp.symbols(f"x1:{n + 1}", real=True))


def _at(expr, values, symbols):
    return expr.subs(dict(zip(symbols, values, strict=True)))


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


def test_symbols_vector_names_order_and_assumptions():
    x = S.symbols_vector(3)
    assert x.shape == (3, 1)
    assert [s.name for s in x] == ["x1", "x2", "x3"]
    assert all(s.is_real for s in x)
    assert x == _x(3)
    h = S.symbols_vector(2, "h", real=False)
    assert [s.name for s in h] == ["h1", "h2"]
    assert h[0].is_real is None


@pytest.mark.parametrize("n", [0, -1, 13])
def test_symbols_vector_rejects_bad_sizes(n):
    with pytest.raises(ValueError, match="between 1 and 12"):
        S.symbols_vector(n)


@pytest.mark.parametrize("n", [2.0, "2", True, None])
def test_symbols_vector_rejects_non_int(n):
    with pytest.raises(TypeError, match="must be an int"):
        S.symbols_vector(n)


@pytest.mark.parametrize("name", ["", "1x", "x y", "ｘ", 3])
def test_symbols_vector_rejects_bad_names(name):
    with pytest.raises(ValueError, match="ASCII identifier"):
        S.symbols_vector(2, name)


def test_norm_expressions():
    x = _x(3)
    assert S.squared_norm_expr(x) == x[0] ** 2 + x[1] ** 2 + x[2] ** 2
    assert S.l2_norm_expr(x) == sp.sqrt(x[0] ** 2 + x[1] ** 2 + x[2] ** 2)
    assert S.l2_norm_expr([3, 4]) == 5
    assert S.l2_norm_expr([1, 2, 2]) == 3
    assert S.l1_norm_expr([3, -4]) == 7
    assert S.p_norm_expr([3, 4], 2) == 5
    assert S.p_norm_expr([1, 1], 1) == 2
    assert S.p_norm_expr([3, -4], sp.Rational(3, 2)) == (3 * sp.sqrt(3) + 8) ** sp.Rational(2, 3)


def test_norm_of_complex_entries_uses_absolute_values():
    z = sp.Symbol("z")  # no assumption: complex
    assert S.squared_norm_expr([z]) == sp.Abs(z) ** 2
    assert S.l2_norm_expr([3 + 4 * sp.I]) == 5


@pytest.mark.parametrize("p", [0, sp.Rational(1, 2), -2])
def test_p_norm_rejects_p_below_one(p):
    with pytest.raises(ValueError, match="at least 1"):
        S.p_norm_expr([1, 2], p)


@pytest.mark.parametrize("p", [2.5, sp.Symbol("p"), "3", True])
def test_p_norm_rejects_non_numeric_p(p):
    with pytest.raises(TypeError, match="p must be an int or a sympy Rational"):
        S.p_norm_expr([1, 2], p)


def test_gradient_and_hessian_basics():
    x = _x(2)
    f = x[0] ** 2 * x[1]
    assert S.gradient(f, x) == sp.Matrix([2 * x[0] * x[1], x[0] ** 2])
    assert S.gradient(f, list(x)) == S.gradient(f, x)
    assert S.hessian(f, x) == sp.Matrix([[2 * x[1], 2 * x[0]], [2 * x[0], 0]])
    assert S.gradient(sp.Matrix([[f]]), x) == S.gradient(f, x)


def test_gradient_rejects_bad_input():
    x = _x(2)
    with pytest.raises(TypeError, match="scalar"):
        S.gradient(x, x)
    with pytest.raises(TypeError, match="Symbols"):
        S.gradient(x[0], [x[0] + 1, x[1]])
    with pytest.raises(TypeError, match="symbols_vector"):
        S.gradient(x[0], "x1 x2")
    with pytest.raises(TypeError, match="sympy expression"):
        S.gradient("x1**2", x)


def test_try_diff_returns_result_or_error_text():
    x = _x(2)
    assert S.try_diff(x[0] ** 2, x[0]) == 2 * x[0]
    text = S.try_diff(x[0] ** 2, 2)
    assert text == "ValueError: First variable cannot be a number: 2"


# --------------------------------------------------------------------------------------------
# Gradient of ||x|| and ||x||^2
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_grad_l2_norm_is_x_over_norm(n):
    d = S.grad_l2_norm_symbolic(n)
    x = _x(n)
    r = sp.sqrt(sum(v**2 for v in x))
    assert d.holds
    assert d.variables == x
    assert d.function == r
    assert d.expected == x / r
    assert d.difference == sp.zeros(n, 1)
    point = [(-1) ** k * (k + 1) for k in range(n)]  # 1, -2, 3, -4
    value = np.array(_at(d.result, point, x), dtype=float).ravel()
    np.testing.assert_allclose(value, np.array(point) / np.linalg.norm(point), rtol=1e-14)


def test_grad_l2_norm_at_3_4_matches_finite_differences():
    d = S.grad_l2_norm_symbolic(2)
    exact = _at(d.result, (3, 4), d.variables)
    assert exact == sp.Matrix([sp.Rational(3, 5), sp.Rational(4, 5)])
    h = 1e-6
    point = np.array([3.0, 4.0])
    numeric = [
        (np.linalg.norm(point + h * e) - np.linalg.norm(point - h * e)) / (2 * h) for e in np.eye(2)
    ]
    np.testing.assert_allclose(numeric, [0.6, 0.8], rtol=1e-8)


def test_grad_squared_norm_is_2x():
    for n in (1, 2, 5):
        d = S.grad_squared_norm_symbolic(n)
        assert d.holds
        assert d.result == 2 * _x(n)


def test_chain_rule_steps():
    c = S.chain_rule_l2_norm(3)
    x = _x(3)
    u = sum(v**2 for v in x)
    assert c.inner == u
    assert c.inner_gradient == 2 * x
    assert c.outer_derivative == 1 / (2 * sp.sqrt(u))
    assert c.holds


def test_partial_derivative_terms_only_k_equal_j_survives():
    x = _x(4)
    for j in range(1, 5):
        p = S.partial_derivative_terms(4, j)
        assert p.variable == x[j - 1]
        assert p.terms == [2 * x[j - 1] if k == j else 0 for k in range(1, 5)]
        assert p.total == 2 * x[j - 1]


@pytest.mark.parametrize("j", [0, 5, -1, 1.0, True])
def test_partial_derivative_terms_rejects_bad_j(j):
    with pytest.raises(ValueError, match="1-based"):
        S.partial_derivative_terms(4, j)


def test_directional_difference_quotient():
    q = S.directional_difference_quotient(3)
    x, h, s = q.x, q.h, q.s
    assert q.holds
    assert sp.expand(q.difference - (2 * s * x.dot(h) + s**2 * h.dot(h))) == 0
    assert sp.expand(q.quotient - (2 * x.dot(h) + s * h.dot(h))) == 0
    assert sp.expand(q.limit - 2 * x.dot(h)) == 0
    # numerically: the quotient tends to <2x, h>
    xv, hv = np.array([1.0, 2.0, -1.0]), np.array([0.5, -1.0, 3.0])
    for step in (1e-3, 1e-5):
        quotient = (np.sum((xv + step * hv) ** 2) - np.sum(xv**2)) / step
        assert quotient == pytest.approx(2 * xv @ hv + step * hv @ hv, rel=1e-6)


def test_differential_of_xTx_row_versus_column():
    d = S.differential_of_xTx(3)
    x, dx = d.x, d.dx
    assert d.holds
    assert d.y == sum(v**2 for v in x)
    assert sp.expand(d.dy - 2 * x.dot(dx)) == 0
    assert d.derivative.shape == (1, 3)
    assert d.gradient.shape == (3, 1)
    assert d.derivative == 2 * x.T
    assert d.gradient == 2 * x


def test_grad_norm_shifted():
    d = S.grad_norm_shifted(3)
    assert d.holds
    x = _x(3)
    a = sp.Matrix(sp.symbols("a1:4", real=True))
    assert d.expected == (x + a) / sp.sqrt(sum((x[k] + a[k]) ** 2 for k in range(3)))
    values = {**dict(zip(x, (1, 2, 3), strict=True)), **dict(zip(a, (2, 2, -1), strict=True))}
    assert d.result.subs(values) == sp.Matrix([3, 4, 2]) / sp.sqrt(29)


# --------------------------------------------------------------------------------------------
# MatrixSymbol (symbolic n) and its traps
# --------------------------------------------------------------------------------------------


def test_matrix_symbol_attempts_pin_sympy_behaviour():
    # Pinned for the installed sympy (1.14): if sympy changes, the lesson text must change.
    attempts = S.matrix_symbol_attempts()
    assert [a.code for a in attempts] == [
        "(x.T*x).diff(x)",
        "(x.T*x)[0, 0].diff(x)",
        "sqrt((x.T*x)[0, 0]).diff(x)",
        "sqrt(x.T*x).diff(x)",
        "(x.T*x).diff(x).diff(x)",
    ]
    assert [a.verdict for a in attempts] == ["correct", "wrong", "error", "correct", "correct"]
    n = sp.Symbol("n", integer=True, positive=True)
    x = sp.MatrixSymbol("x", n, 1)
    assert attempts[0].result == 2 * x
    assert attempts[1].result == sp.ZeroMatrix(n, 1)  # the silent trap: prints as 0
    assert attempts[2].result is None
    assert attempts[2].error == "TypeError: 'Half' object cannot be interpreted as an integer"
    assert attempts[3].result == x * (x.T * x) ** sp.Rational(-1, 2)
    assert attempts[4].result == 2 * sp.Identity(n)
    assert all(a.error is None for a in attempts if a.verdict != "error")


def test_least_squares_matrix_symbol():
    d = S.least_squares_matrix_symbol()
    assert d.holds
    assert str(d.result) == "2*A.T*(A*x - b)"


# --------------------------------------------------------------------------------------------
# Second derivatives: the source called them "too hard"; they are not.
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3])
def test_hessian_l2_norm_formula(n):
    d = S.hessian_l2_norm_symbolic(n)
    x = _x(n)
    r = sp.sqrt(sum(v**2 for v in x))
    assert d.holds
    assert d.expected == (sp.eye(n) - x * x.T / r**2) / r
    assert d.result.is_symmetric()


def test_hessian_l2_norm_at_3_4_exact_and_numeric():
    d = S.hessian_l2_norm_symbolic(2)
    exact = _at(d.result, (3, 4), d.variables)
    assert exact == sp.Matrix([[16, -12], [-12, 9]]) / 125
    h = 1e-4
    p = np.array([3.0, 4.0])
    numeric = np.empty((2, 2))
    for i, ei in enumerate(np.eye(2)):
        for j, ej in enumerate(np.eye(2)):
            f = lambda v: np.linalg.norm(v)  # noqa: E731
            numeric[i, j] = (
                f(p + h * ei + h * ej)
                - f(p + h * ei - h * ej)
                - f(p - h * ei + h * ej)
                + f(p - h * ei - h * ej)
            ) / (4 * h * h)
    np.testing.assert_allclose(numeric, np.array(exact, dtype=float), atol=1e-6)


def test_hessian_l2_eigen_structure():
    for n in (2, 3, 4):
        e = S.hessian_l2_norm_eigen(n)
        x = _x(n)
        r = sp.sqrt(sum(v**2 for v in x))
        assert e.holds
        assert e.eigenvalues == {0: 1, 1 / r: n - 1}
        assert e.along == x
        assert all(w.dot(x) == 0 for w in e.across)
        assert sp.Matrix.hstack(*e.across).rank() == n - 1
    # cross-check with sympy's own eigenvalues in 2-D
    e2 = S.hessian_l2_norm_eigen(2)
    computed = {sp.simplify(k): v for k, v in e2.hessian.eigenvals().items()}
    assert computed == e2.eigenvalues
    # and numerically at (3, 4): eigenvalues 0 and 1/5
    h = np.array(_at(e2.hessian, (3, 4), _x(2)), dtype=float)
    np.testing.assert_allclose(np.linalg.eigvalsh(h), [0.0, 0.2], atol=1e-12)


def test_hessian_l2_eigen_needs_two_dimensions():
    with pytest.raises(ValueError, match="between 2 and 12"):
        S.hessian_l2_norm_eigen(1)


def test_hessian_squared_norm_is_2I():
    for n in (1, 2, 3):
        d = S.hessian_squared_norm_symbolic(n)
        assert d.holds
        assert d.result == 2 * sp.eye(n)


def test_norm_not_differentiable_at_zero():
    z = S.directional_derivative_at_zero(3)
    h = sp.sqrt(sum(v**2 for v in z.h))
    assert z.right == h
    assert z.left == -h
    assert z.right != z.left


# --------------------------------------------------------------------------------------------
# The drone: the source claims 8/sqrt(5); the truth is 4/sqrt(5)
# --------------------------------------------------------------------------------------------


def test_drone_path():
    d = S.drone_path()
    t = d.t
    assert d.position == sp.Matrix([t, t**2])
    assert d.velocity == sp.Matrix([1, 2 * t])
    assert d.acceleration == sp.Matrix([0, 2])
    assert d.speed == sp.sqrt(1 + 4 * t**2)
    assert d.speed_derivative == 4 * t / sp.sqrt(1 + 4 * t**2)


def test_drone_speed_values():
    t = S.drone_path().t
    assert S.drone_speed() == sp.sqrt(4 * t**2 + 1)
    assert S.drone_speed(1) == sp.sqrt(5)
    assert S.drone_speed(sp.Rational(1, 2)) == sp.sqrt(2)


def test_drone_speed_derivative_at_1_is_4_over_sqrt5_not_8_over_sqrt5():
    value = S.drone_speed_derivative(1)
    assert value == 4 / sp.sqrt(5)
    assert value == 4 * sp.sqrt(5) / 5
    assert value != 8 / sp.sqrt(5)  # the source's claim
    # numerically: central difference of the speed sqrt(1 + 4t^2)
    h = 1e-6
    speed = lambda t: np.hypot(1.0, 2.0 * t)  # noqa: E731
    numeric = (speed(1 + h) - speed(1 - h)) / (2 * h)
    assert numeric == pytest.approx(4 / np.sqrt(5), rel=1e-8)
    assert abs(numeric - 8 / np.sqrt(5)) > 1.7


def test_drone_speed_derivative_at_2():
    assert S.drone_speed_derivative(2) == 8 / sp.sqrt(17)
    assert S.drone_speed_derivative(0) == 0


def test_drone_chain_rule_and_the_dropped_half():
    c = S.drone_chain_rule()
    t = c.t
    assert c.inner == 4 * t**2 + 1
    assert c.inner_derivative == 8 * t
    assert c.outer_derivative == 1 / (2 * sp.sqrt(4 * t**2 + 1))
    assert c.correct == 4 * t / sp.sqrt(4 * t**2 + 1)
    assert c.slip == 8 * t / sp.sqrt(4 * t**2 + 1)
    assert c.ratio == 2
    assert sp.simplify(c.tangential - c.correct) == 0
    c1 = S.drone_chain_rule(1)
    assert (c1.t, c1.correct, c1.slip, c1.ratio) == (1, 4 * sp.sqrt(5) / 5, 8 * sp.sqrt(5) / 5, 2)
    assert c1.tangential == c1.correct


@pytest.mark.parametrize("t", [1.5, "1", None.__class__])
def test_drone_rejects_non_exact_time(t):
    with pytest.raises(TypeError, match="exact sympy number"):
        S.drone_speed_derivative(t)


def test_drone_rejects_symbolic_time():
    with pytest.raises(ValueError, match="real number"):
        S.drone_speed(sp.Symbol("s"))


# --------------------------------------------------------------------------------------------
# Complex x = u + iv: the source wrote u^T u - v^T v and grad_v = -2v; both are wrong
# --------------------------------------------------------------------------------------------


def test_complex_conjugate_product():
    c = S.complex_conjugate_product(2)
    u, v = c.u, c.v
    assert c.value == u.dot(u) + v.dot(v)
    assert c.slip == u.dot(u) - v.dot(v)
    assert c.difference == 2 * v.dot(v)
    assert c.slip_grad_v == -2 * v
    assert c.grad_v == 2 * v
    # numerically with numpy: x* x = ||u||^2 + ||v||^2
    xv = np.array([1 + 2j, 3 - 1j])
    assert np.vdot(xv, xv).real == pytest.approx(15.0)
    assert np.vdot(xv, xv).imag == 0
    assert np.sum(xv.real**2) - np.sum(xv.imag**2) == pytest.approx(5.0)  # the slip: not 15


def test_complex_squared_norm_gradients():
    g = S.complex_squared_norm_gradients(3)
    assert g.holds
    assert g.grad_u == 2 * g.u
    assert g.grad_v == 2 * g.v


def test_complex_norm_gradients():
    g = S.complex_norm_gradients(2)
    r = sp.sqrt(g.u.dot(g.u) + g.v.dot(g.v))
    assert g.holds
    assert g.function == r
    assert g.expected_u == g.u / r
    assert g.expected_v == g.v / r


def test_abs_squared_is_complex_differentiable_only_at_zero():
    c = S.abs_squared_cauchy_riemann()
    assert c.real_part == c.x**2 + c.y**2
    assert c.imag_part == 0
    assert c.equations == [2 * c.x, 2 * c.y]
    assert c.solutions == [{c.x: 0, c.y: 0}]
    # numerically: the difference quotient of |z|^2 at z = 1 depends on the direction
    f = lambda z: abs(z) ** 2  # noqa: E731
    h = 1e-7
    along_real = (f(1 + h) - f(1)) / h
    along_imag = (f(1 + 1j * h) - f(1)) / (1j * h)
    assert along_real == pytest.approx(2.0, rel=1e-6)
    assert abs(along_imag) < 1e-6  # 0: different from 2, so no complex derivative at z = 1


# --------------------------------------------------------------------------------------------
# Least squares, L1 and p-norms
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(2, 2), (3, 2), (2, 3)])
def test_least_squares_gradient_symbolic(shape):
    d = S.least_squares_gradient_symbolic(*shape)
    assert d.holds
    assert d.difference == sp.zeros(shape[1], 1)


def test_least_squares_gradient_numeric_instance():
    d = S.least_squares_gradient_symbolic(3, 2)
    a_syms = sorted(
        (s for s in d.function.free_symbols if s.name.startswith("a")), key=lambda s: s.name
    )
    b_syms = sorted(
        (s for s in d.function.free_symbols if s.name.startswith("b")), key=lambda s: s.name
    )
    a = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    b = np.array([1.0, 1.0, 1.0])
    x = np.array([1.0, 1.0])
    values = {**dict(zip(a_syms, a.ravel(), strict=True)), **dict(zip(b_syms, b, strict=True))}
    values.update(dict(zip(d.variables, x, strict=True)))
    exact = np.array(d.result.subs(values), dtype=float).ravel()
    np.testing.assert_allclose(exact, 2 * a.T @ (a @ x - b))
    np.testing.assert_allclose(exact, [2.0, 6.0])


def test_least_squares_rejects_large_sizes():
    with pytest.raises(ValueError, match="at most 9"):
        S.least_squares_gradient_symbolic(10, 2)


def test_grad_l1_norm_is_sign():
    d = S.grad_l1_norm_symbolic(3)
    assert d.holds
    assert d.result == _x(3).applyfunc(sp.sign)


@pytest.mark.parametrize("p", [1, 2, 3, 4, sp.Rational(3, 2), sp.Rational(5, 2)])
def test_grad_p_norm(p):
    d = S.grad_p_norm_symbolic(3, p)
    assert d.holds
    # also equal to x |x|^(p-2) / ||x||_p^(p-1) away from zero entries, numerically
    x = _x(3)
    point = {x[0]: Fraction(1, 2), x[1]: -2, x[2]: 3}
    norm = sum(abs(float(v)) ** float(p) for v in point.values()) ** (1 / float(p))
    for k, v in enumerate(point.values()):
        v = float(v)
        other = v * abs(v) ** (float(p) - 2) / norm ** (float(p) - 1)
        assert float(d.result[k].subs(point)) == pytest.approx(other, rel=1e-12)


def test_grad_p_norm_with_p_2_is_l2_gradient():
    d = S.grad_p_norm_symbolic(2, 2)
    x = _x(2)
    r = sp.sqrt(x[0] ** 2 + x[1] ** 2)
    assert all(sp.simplify(g - v / r) == 0 for g, v in zip(d.result, x, strict=True))


def test_results_are_deterministic():
    first = [sp.srepr(S.grad_l2_norm_symbolic(3).result), str(S.hessian_l2_norm_symbolic(2))]
    second = [sp.srepr(S.grad_l2_norm_symbolic(3).result), str(S.hessian_l2_norm_symbolic(2))]
    assert first == second
