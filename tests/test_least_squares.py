"""Tests for normgrad.least_squares: objective, gradient, Hessian, safe step, descent."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from normgrad.least_squares import (
    gradient_descent,
    least_squares_gradient,
    least_squares_hessian,
    least_squares_objective,
    max_stable_step,
    normal_equations_solution,
)

# The small problem the lesson uses: AᵀA = [[2, 1], [1, 2]] (eigenvalues 1 and 3),
# Aᵀb = (3, 4), minimiser (2/3, 5/3).
A = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
b = np.array([1.0, 2.0, 3.0])
X_STAR = np.array([2.0, 5.0]) / 3.0

finite = st.floats(min_value=-10, max_value=10, allow_nan=False, allow_infinity=False)


# ---------------------------------------------------------------------------- exact values


def test_objective_exact_values():
    assert least_squares_objective(A, b, [0, 0]) == 14.0
    assert least_squares_objective(A, b, [2, 3]) == 16.0
    assert least_squares_objective(A, b, [1, 1]) == 6.0  # residual (1, -1, -2)
    # at the minimiser the residual is (4/3, -4/3, -4/3): 3 · 16/9 = 16/3
    assert least_squares_objective(A, b, X_STAR) == pytest.approx(16 / 3, rel=1e-15)


def test_objective_returns_python_float():
    assert type(least_squares_objective(A, b, [0, 0])) is float


def test_gradient_exact_values():
    np.testing.assert_array_equal(least_squares_gradient(A, b, [0, 0]), [-6.0, -8.0])
    np.testing.assert_array_equal(least_squares_gradient(A, b, [1, 1]), [0.0, -2.0])
    np.testing.assert_allclose(least_squares_gradient(A, b, X_STAR), [0.0, 0.0], atol=1e-14)


def test_hessian_exact():
    np.testing.assert_array_equal(least_squares_hessian(A), [[4.0, 2.0], [2.0, 4.0]])


def test_max_stable_step_exact():
    assert max_stable_step(A) == pytest.approx(1 / 3, rel=1e-15)
    assert max_stable_step([[2.0, 0.0], [0.0, 1.0]]) == pytest.approx(0.25, rel=1e-15)


def test_normal_equations_exact():
    np.testing.assert_allclose(normal_equations_solution(A, b), X_STAR, rtol=1e-15)
    np.testing.assert_array_equal(normal_equations_solution([[2, 0], [0, 4]], [2, 2]), [1, 0.5])


def test_gradient_descent_halves_on_squared_norm():
    path = gradient_descent(lambda x: 2 * x, [4.0, -2.0], step=0.25, n_steps=3)
    np.testing.assert_array_equal(path, [[4.0, -2.0], [2.0, -1.0], [1.0, -0.5], [0.5, -0.25]])


def test_gradient_descent_zero_steps_returns_start():
    path = gradient_descent(lambda x: 2 * x, [1, 2], step=0.1, n_steps=0)
    assert path.shape == (1, 2)
    np.testing.assert_array_equal(path, [[1.0, 2.0]])


def test_gradient_descent_does_not_mutate_start():
    x0 = np.array([1.0, 2.0])
    gradient_descent(lambda x: 2 * x, x0, step=0.1, n_steps=5)
    np.testing.assert_array_equal(x0, [1.0, 2.0])


def test_lesson_run_converges_to_normal_equations():
    """The lesson's run: step 0.25 = 2/(L + μ) multiplies the error by ±1/2 each step."""
    grad = lambda x: least_squares_gradient(A, b, x)  # noqa: E731
    path = gradient_descent(grad, [-1.0, -1.0], step=0.25, n_steps=40)
    assert path.shape == (41, 2)
    errors = np.linalg.norm(path - X_STAR, axis=1)
    # contraction factor 1/2 in both eigen-directions: 1 - 2·0.25·1 = 1/2, 1 - 2·0.25·3 = -1/2
    # (checked over the first 20 steps, before the error reaches round-off level)
    np.testing.assert_allclose(errors[1:21] / errors[:20], 0.5, rtol=1e-9, atol=0)
    np.testing.assert_allclose(path[-1], normal_equations_solution(A, b), atol=1e-11)


def test_step_above_bound_grows():
    """Just above 1/λ_max the error along the top eigenvector is multiplied by 1 - 2·s·3 < -1."""
    grad = lambda x: least_squares_gradient(A, b, x)  # noqa: E731
    start = X_STAR + np.array([1.0, 1.0])  # (1, 1) is the eigenvector for λ = 3
    path = gradient_descent(grad, start, step=0.35, n_steps=10)
    errors = np.linalg.norm(path - X_STAR, axis=1)
    np.testing.assert_allclose(errors[1:] / errors[:-1], 1.1, rtol=1e-9)


def test_step_at_bound_oscillates_forever():
    grad = lambda x: least_squares_gradient(A, b, x)  # noqa: E731
    start = X_STAR + np.array([1.0, 1.0])
    path = gradient_descent(grad, start, step=1 / 3, n_steps=6)
    errors = path - X_STAR
    np.testing.assert_allclose(errors[1], [-1.0, -1.0], atol=1e-12)
    np.testing.assert_allclose(errors[6], [1.0, 1.0], atol=1e-12)


# ---------------------------------------------------------------------------- properties


@st.composite
def problems(draw):
    m = draw(st.integers(1, 5))
    n = draw(st.integers(1, 4))
    A = draw(arrays(np.float64, (m, n), elements=finite))
    b = draw(arrays(np.float64, (m,), elements=finite))
    x = draw(arrays(np.float64, (n,), elements=finite))
    return A, b, x


@given(problems())
def test_gradient_matches_central_difference(problem):
    """f is quadratic, so a central difference equals the directional derivative exactly
    (up to round-off)."""
    A, b, x = problem
    grad = least_squares_gradient(A, b, x)
    h = 1e-3
    scale = 1 + least_squares_objective(A, b, x) + np.sum(A**2) * (1 + np.sum(x**2))
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        diff = (least_squares_objective(A, b, x + e) - least_squares_objective(A, b, x - e)) / (
            2 * h
        )
        assert diff == pytest.approx(grad[j], abs=1e-9 * scale / h)


@given(problems())
def test_gradient_is_twice_a_transpose_residual(problem):
    A, b, x = problem
    np.testing.assert_array_equal(least_squares_gradient(A, b, x), 2 * (A.T @ (A @ x - b)))


@given(problems())
def test_objective_nonnegative_and_matches_norm(problem):
    A, b, x = problem
    value = least_squares_objective(A, b, x)
    assert value >= 0
    assert value == pytest.approx(np.linalg.norm(A @ x - b) ** 2, rel=1e-12, abs=1e-12)


@given(problems())
def test_hessian_symmetric_psd(problem):
    A, _, _ = problem
    H = least_squares_hessian(A)
    np.testing.assert_array_equal(H, H.T)
    assert np.linalg.eigvalsh(H)[0] >= -1e-9 * (1 + np.abs(H).max())


@given(st.integers(0, 10_000))
def test_normal_equations_match_lstsq_and_zero_gradient(seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 6), rng.integers(1, 3)
    A = rng.normal(size=(max(m, n), n))
    b = rng.normal(size=A.shape[0])
    x = normal_equations_solution(A, b)
    expected = np.linalg.lstsq(A, b, rcond=None)[0]
    np.testing.assert_allclose(x, expected, rtol=1e-7, atol=1e-9)
    cond = np.linalg.cond(A)
    tol = 1e-12 * cond**2 * (1 + np.abs(A).max() * (1 + np.abs(b).max()))
    np.testing.assert_allclose(least_squares_gradient(A, b, x), 0, atol=tol)


@given(st.integers(0, 10_000), st.floats(0.05, 0.95))
def test_descent_below_bound_decreases_objective(seed, fraction):
    """Any step in (0, 1/λ_max) never increases the objective."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(4, 2))
    b = rng.normal(size=4)
    step = fraction * max_stable_step(A)
    path = gradient_descent(
        lambda x: least_squares_gradient(A, b, x), rng.normal(size=2), step=step, n_steps=20
    )
    values = [least_squares_objective(A, b, x) for x in path]
    assert all(v1 <= v0 * (1 + 1e-12) + 1e-12 for v0, v1 in zip(values, values[1:], strict=False))


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([1, 2], b, [0, 0]), ValueError, "A must be a 2-D matrix"),
        ((np.ones(3), b, [0, 0]), ValueError, "A must be a 2-D matrix"),
        (("A", b, [0, 0]), TypeError, "A must be a 2-D matrix"),
        (({"a": 1}, b, [0, 0]), TypeError, "A must be a 2-D matrix"),
        ((A, [[1, 2, 3]], [0, 0]), TypeError, "b must be a flat 1-D vector"),
        ((A, [1, 2], [0, 0]), ValueError, "b has length 2 but A has 3 rows"),
        ((A, b, [0, 0, 0]), ValueError, "x has length 3 but A has 2 columns"),
        ((A, b, [0, np.nan]), ValueError, r"x\[1\] = nan is nan"),
        ((A, [1, np.inf, 0], [0, 0]), ValueError, r"b\[1\] = inf is infinite"),
        ((A, b, "12"), TypeError, "x must be a 1-D vector of numbers"),
        ((A, b, None), TypeError, "x must be a 1-D vector of numbers"),
        ((A, b, ["a", "b"]), TypeError, r"x\[0\] = 'a' is a str"),
        ((A, b, [True, False]), TypeError, "boolean"),
        ((A, b, [1j, 0]), TypeError, "x is complex"),
        (([[1, 2], [3]], b, [0, 0]), ValueError, "different lengths"),
        (([[1, "2"], [3, 4], [5, 6]], b, [0, 0]), TypeError, r"A\[0\]\[1\] = '2' is a str"),
        (([[1, 2], [3, 4], [5, np.inf]], b, [0, 0]), ValueError, "infinite"),
        (
            (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, np.nan]]), b, [0, 0]),
            ValueError,
            r"A\[2\]\[1\]",
        ),
        ((np.array([[1j, 2], [3, 4], [5, 6]]), b, [0, 0]), TypeError, "complex"),
        ((np.zeros((0, 2)), [], [0, 0]), ValueError, "A is empty"),
        (([], [], [0, 0]), ValueError, "A is empty"),
    ],
)
def test_bad_input_objective_and_gradient(args, error, match):
    with pytest.raises(error, match=match):
        least_squares_objective(*args)
    with pytest.raises(error, match=match):
        least_squares_gradient(*args)


def test_normal_equations_rank_deficient():
    with pytest.raises(ValueError, match="linearly dependent"):
        normal_equations_solution([[1, 2], [2, 4], [3, 6]], [1, 2, 3])


def test_normal_equations_nearly_dependent_columns_give_a_clear_error():
    # rank 2, but AᵀA is singular in float64: numpy.linalg.solve would raise LinAlgError
    with pytest.raises(ValueError, match="nearly linearly dependent.*lstsq"):
        normal_equations_solution([[1, 1], [1, 1 + 1e-9]], [1, 2])


def test_gradient_descent_ragged_gradient_gives_a_clear_error():
    with pytest.raises(ValueError, match="not a rectangular array.*vector of 2 numbers"):
        gradient_descent(lambda x: [1.0, [2.0, 3.0]], [1.0, 2.0], step=0.1, n_steps=2)


def test_max_stable_step_zero_matrix():
    with pytest.raises(ValueError, match="all zero"):
        max_stable_step([[0, 0], [0, 0]])


def test_hessian_bad_input():
    with pytest.raises(ValueError, match="2-D matrix"):
        least_squares_hessian([1, 2, 3])
    with pytest.raises(TypeError, match="complex"):
        least_squares_hessian([[1j]])
    with pytest.raises(TypeError, match="boolean"):
        least_squares_hessian(np.array([[True, False]]))


def test_exact_inputs_accepted():
    """sympy numbers, fractions and sympy matrices are read like floats."""
    from fractions import Fraction

    import sympy as sp

    assert least_squares_objective(sp.Matrix(A.astype(int)), [1, 2, 3], [sp.Rational(2, 3), 1]) == (
        pytest.approx(least_squares_objective(A, b, [2 / 3, 1]), rel=1e-15)
    )
    np.testing.assert_array_equal(
        least_squares_gradient([[Fraction(1, 2)]], [sp.Integer(1)], [Fraction(4)]), [1.0]
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"grad": "2x"}, TypeError, "grad must be a function"),
        ({"step": 0.0}, ValueError, "positive finite"),
        ({"step": -0.1}, ValueError, "positive finite"),
        ({"step": float("inf")}, ValueError, "positive finite"),
        ({"step": "0.1"}, TypeError, "step must be a real number"),
        ({"step": True}, TypeError, "step must be a real number"),
        ({"n_steps": 2.5}, TypeError, "n_steps must be an integer"),
        ({"n_steps": -1}, ValueError, "0 or more"),
        ({"x0": [[1.0, 2.0]]}, TypeError, "x0 must be a flat 1-D vector"),
        ({"x0": np.ones((1, 2))}, ValueError, "x0 must be a 1-D vector"),
        ({"grad": lambda x: np.zeros(3)}, ValueError, r"shape \(3,\)"),
        ({"grad": lambda x: 1j * x}, TypeError, "real numbers"),
    ],
)
def test_gradient_descent_bad_input(kwargs, error, match):
    call = {"grad": lambda x: 2 * x, "x0": [1.0, 2.0], "step": 0.1, "n_steps": 3} | kwargs
    with pytest.raises(error, match=match):
        gradient_descent(call.pop("grad"), call.pop("x0"), **call)


def test_gradient_descent_numpy_integer_steps_accepted():
    path = gradient_descent(lambda x: 2 * x, [1.0], step=np.float32(0.25), n_steps=np.int64(2))
    np.testing.assert_array_equal(path, [[1.0], [0.5], [0.25]])


def test_gradient_descent_reports_blow_up():
    with pytest.raises(ValueError, match="too large"):
        gradient_descent(lambda x: 2 * x, [1.0], step=1e300, n_steps=5)
