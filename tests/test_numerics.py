"""numerical_gradient, difference_quotients and relative_error."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from normgrad import grad_l2_norm, grad_squared_l2_norm, l2_norm, numerical_gradient
from normgrad.numerics import difference_quotients, relative_error


def squared_norm(x: np.ndarray) -> float:
    return float(np.sum(np.abs(x) ** 2))


def analytic_norm(x: np.ndarray):
    """sqrt(sum x_k^2): analytic, so it works with the complex step (unlike |x_k|)."""
    return np.sqrt(np.sum(x**2))


POINTS = [
    [3.0, 4.0],
    [1e-8, 1e-8],
    [1e8, 1e8],
    [1e8, 0.0],  # a zero next to a large entry
    [3.0, 4.0, 0.0],
    [1.0, 1e-5],  # a tiny entry next to a large one
    [-2.0, 0.5, 7.0, -1e-3],
    [1e-300, 2e-300],
    [1e300, -2e300],
]


@pytest.mark.parametrize("x", POINTS)
def test_central_differences_reach_1e_minus_11(x):
    # Requirement: 1e-10 or better. Observed: about 3e-13 at these points.
    x = np.array(x)
    assert relative_error(numerical_gradient(l2_norm, x), grad_l2_norm(x)) < 1e-11
    if 1e-150 < np.max(np.abs(x)) < 1e150:  # beyond, x.x itself underflows or overflows
        assert relative_error(numerical_gradient(squared_norm, x), 2 * x) < 1e-11


@pytest.mark.parametrize("x", POINTS)
def test_forward_differences(x):
    x = np.array(x)
    assert relative_error(numerical_gradient(l2_norm, x, method="forward"), grad_l2_norm(x)) < 1e-7


@pytest.mark.parametrize("x", POINTS[:7])
def test_complex_step_is_accurate_to_rounding(x):
    x = np.array(x)
    estimate = numerical_gradient(analytic_norm, x, method="complex-step")
    assert relative_error(estimate, grad_l2_norm(x)) < 1e-15
    estimate = numerical_gradient(lambda v: np.sum(v**2), x, method="complex-step")
    assert relative_error(estimate, 2 * x) < 1e-15


def test_exact_values():
    g = numerical_gradient(analytic_norm, [3.0, 4.0], method="complex-step")
    np.testing.assert_array_equal(g, [0.6, 0.8])
    # Forward differences of x.x with step h give exactly 2x + h.
    assert numerical_gradient(squared_norm, [1.0, 2.0], method="forward", step=0.5).tolist() == [
        2.5,
        4.5,
    ]
    # A per-entry step.
    g = numerical_gradient(squared_norm, [1.0, 2.0], method="forward", step=[0.5, 0.25])
    assert g.tolist() == [2.5, 4.25]
    assert numerical_gradient(squared_norm, [0.0, 0.0]).tolist() == [0.0, 0.0]
    # At the kink of the norm (lesson 02): central differences give 0, forward ones (1, 1).
    assert numerical_gradient(l2_norm, [0.0, 0.0]).tolist() == [0.0, 0.0]
    assert numerical_gradient(l2_norm, [0.0, 0.0], method="forward").tolist() == [1.0, 1.0]


def test_complex_x_gives_d_du_plus_i_d_dv():
    z = np.array([1 + 2j, -0.5j, 3.0])
    assert relative_error(numerical_gradient(l2_norm, z), grad_l2_norm(z)) < 1e-11
    assert relative_error(numerical_gradient(squared_norm, z), grad_squared_l2_norm(z)) < 1e-11
    assert numerical_gradient(l2_norm, z).dtype == np.complex128


@given(
    st.lists(st.floats(-10, 10), min_size=1, max_size=6),
    st.integers(0, 2**32 - 1),
)
def test_quadratic_forms(values, seed):
    # The default step is relative to max|x_k|, which suits f varying on the scale of x; a
    # quadratic with unit coefficients varies on the scale 1, so keep x of that size.
    x = np.array(values)
    assume(np.max(np.abs(x)) >= 0.1)
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((x.size, x.size))
    b = rng.standard_normal(x.size)
    gradient = (a + a.T) @ x + b
    estimate = numerical_gradient(lambda v: float(v @ a @ v + b @ v), x)
    assert np.max(np.abs(estimate - gradient)) < 1e-9 * (1 + np.max(np.abs(gradient)))


def test_f_gets_a_copy():
    def greedy(v):
        value = float(np.sum(v**2))
        v[:] = 1e9  # vandalise the argument
        return value

    x = np.array([3.0, 4.0])
    assert relative_error(numerical_gradient(greedy, x), [6.0, 8.0]) < 1e-11
    assert x.tolist() == [3.0, 4.0]


# ---------------------------------------------------------------------------------------------
# Bad f, bad method, bad step
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("f", "error", "fragment"),
    [
        (lambda v: v, TypeError, "returned an array of shape (2,)"),
        (lambda v: v * 1j, TypeError, "array of shape (2,)"),
        (lambda v: np.sum(v) + 1j, TypeError, "complex number"),
        (lambda v: float("nan"), ValueError, "returned nan"),
        (lambda v: math.inf, ValueError, "returned inf"),
        (lambda v: "1.0", TypeError, "returned '1.0'"),
        (lambda v: None, TypeError, "returned None"),
        (lambda v: True, TypeError, "boolean"),
        ("sum", TypeError, "f must be a function"),
        (None, TypeError, "f must be a function"),
    ],
)
def test_bad_f(f, error, fragment):
    with pytest.raises(error) as info:
        numerical_gradient(f, [1.0, 2.0])
    assert fragment in str(info.value)


def test_nan_in_a_neighbour_is_reported():
    with pytest.raises(ValueError, match=r"returned nan at x - 0.0009765625 e_0"):
        numerical_gradient(lambda v: math.sqrt(v[0]) if v[0] >= 0 else math.nan, [0.0])


def test_zero_d_array_and_numpy_scalars_are_fine():
    assert numerical_gradient(lambda v: np.array(v @ v), [1.0]).tolist() == [2.0]
    assert numerical_gradient(lambda v: np.float32(1.0), [1.0]).tolist() == [0.0]


@pytest.mark.parametrize(
    "f",
    [np.linalg.norm, l2_norm, lambda v: np.sqrt(np.sum(np.abs(v) ** 2))],
)
def test_complex_step_refuses_non_analytic_f(f):
    with pytest.raises(TypeError) as info:
        numerical_gradient(f, [3.0, 4.0], method="complex-step")
    message = str(info.value)
    assert "not analytic" in message and "np.sqrt(np.sum(x**2))" in message


def test_complex_step_refuses_complex_x():
    with pytest.raises(TypeError, match="needs a real x"):
        numerical_gradient(analytic_norm, [1j, 2.0], method="complex-step")


@pytest.mark.parametrize(
    ("step", "error", "fragment"),
    [
        (0.0, ValueError, "positive"),
        (-1e-3, ValueError, "positive"),
        (math.nan, ValueError, "step = nan"),
        (math.inf, ValueError, "step = inf"),
        ([1e-3, 0.0], ValueError, "step[1] = 0.0"),
        ([1e-3], ValueError, "step has 1 entries but x has 2"),
        ([1e-3, -1.0], ValueError, "positive"),
        ("1e-3", TypeError, "step"),
        (True, TypeError, "boolean"),
        ([1e-3, 1j], TypeError, "step is complex"),
        (1e-30, ValueError, "too small"),
    ],
)
def test_bad_step(step, error, fragment):
    with pytest.raises(error) as info:
        numerical_gradient(l2_norm, [1.0, 2.0], step=step)
    assert fragment in str(info.value)


def test_bad_x():
    with pytest.raises(ValueError, match=r"x\[1\] = nan"):
        numerical_gradient(l2_norm, [1.0, math.nan])


# ---------------------------------------------------------------------------------------------
# difference_quotients
# ---------------------------------------------------------------------------------------------


def test_difference_quotients_at_zero_are_plus_and_minus_norm_h():
    steps = [1e-1, 1e-5, 1e-12, -1e-1, -1e-5, -1e-12]
    q = difference_quotients(l2_norm, [0.0, 0.0], [3.0, 4.0], steps)
    assert q.tolist() == [5.0, 5.0, 5.0, -5.0, -5.0, -5.0]


def test_difference_quotients_of_the_squared_norm():
    # (||x + s h||^2 - ||x||^2)/s = 2 x.h + s ||h||^2  (exact in these binary fractions)
    q = difference_quotients(squared_norm, [1.0, 2.0], [1.0, 0.0], [0.5, 0.25, -0.5])
    assert q.tolist() == [2.5, 2.25, 1.5]


def test_difference_quotients_tend_to_the_gradient():
    x, h = np.array([3.0, 4.0]), np.array([1.0, 1.0])
    q = difference_quotients(l2_norm, x, h, [1e-2, 1e-4, 1e-6])
    limit = float(grad_l2_norm(x) @ h)
    errors = np.abs(q - limit)
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-6


def test_difference_quotients_bad_input():
    with pytest.raises(ValueError, match=r"steps\[1\] = 0.0"):
        difference_quotients(l2_norm, [1.0], [1.0], [0.1, 0.0])
    with pytest.raises(ValueError, match="x has 2 entries but h has 1"):
        difference_quotients(l2_norm, [1.0, 2.0], [1.0], [0.1])
    with pytest.raises(TypeError, match="steps is complex"):
        difference_quotients(l2_norm, [1.0], [1.0], [0.1j])
    with pytest.raises(TypeError, match="array of shape"):
        difference_quotients(lambda v: v, [1.0], [1.0], [0.1])
    with pytest.raises(ValueError, match=r"h\[0\] = nan"):
        difference_quotients(l2_norm, [1.0], [math.nan], [0.1])


# ---------------------------------------------------------------------------------------------
# relative_error
# ---------------------------------------------------------------------------------------------


def test_relative_error():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, 2.5], [1.0, 2.0]) == 0.25
    assert relative_error([1j], [2j]) == 0.5
    with pytest.raises(ValueError, match="zero vector"):
        relative_error([1.0], [0.0])
    with pytest.raises(ValueError, match="approx has 1 entries but exact has 2"):
        relative_error([1.0], [1.0, 2.0])


def test_a_step_too_large_for_a_float_gets_a_clear_error():
    with pytest.raises(ValueError, match="too large for a float64"):
        numerical_gradient(l2_norm, [3.0, 4.0], step=10**400)
