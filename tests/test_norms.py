"""Norms and their derivatives: exact values, the whole float64 range, and properties.

Accuracy is measured in ulps (units in the last place of the exact result) against an exact
reference: the sum of squares is computed exactly with Python integers and its square root with
mpmath at 300 bits. Tolerances, stated once:

* l2_norm, up to 32 real numbers (math.hypot path): <= 1 ulp (hypot is correctly rounded in
  practice: observed <= 0.5 ulp for normal results, <= 0.54 ulp for subnormal ones).
* l2_norm, n > 32 real numbers (dot-product path): the rigorous bound is n/2 + 1 ulp (rounding
  of a sum of n positive terms); for random vectors we assert <= 4 ulp (observed <= 2.3 ulp up
  to n = 10**6 with OpenBLAS), and an adversarial vector shows the bound is needed.
* grad_l2_norm: each entry within 2 ulp (n <= 32), or n/2 + 2 ulp (n > 32), of x_k/||x||.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import normgrad
from normgrad import (
    UndefinedDerivativeError,
    grad_l2_norm,
    grad_squared_l2_norm,
    hessian_l2_norm,
    l2_norm,
    numerical_gradient,
)
from normgrad.norms import (
    directional_derivative_l2_norm,
    grad_l1_norm,
    grad_linf_norm,
    grad_lp_norm,
    l1_norm,
    linf_norm,
    lp_norm,
    naive_l2_norm,
)
from normgrad.numerics import relative_error

mpmath.mp.prec = 300
LARGEST = float(np.finfo(np.float64).max)
SQRT_HALF = math.sqrt(0.5)

# ---------------------------------------------------------------------------------------------
# Exact reference
# ---------------------------------------------------------------------------------------------


def exact_norm(values) -> mpmath.mpf:
    """||x||_2 of real floats (or complex numbers) to 300 bits, from an exact integer sum."""
    reals = []
    for value in values:
        value = complex(value)
        reals += [value.real, value.imag]
    ratios = [abs(r).as_integer_ratio() for r in reals]
    shift = max(q.bit_length() - 1 for _, q in ratios)  # every denominator is a power of two
    total = sum((p << (shift - (q.bit_length() - 1))) ** 2 for p, q in ratios)
    return mpmath.sqrt(mpmath.mpf(total)) * mpmath.mpf(2) ** (-shift)


def ulps(result: float, exact: mpmath.mpf) -> float:
    """|result - exact| in units of the last place of exact (rounded to float64)."""
    nearest = float(exact)
    if math.isinf(nearest):
        return 0.0 if math.isinf(result) else math.inf
    return float(abs(mpmath.mpf(result) - exact) / math.ulp(nearest))


def norm_tolerance(n_reals: int) -> float:
    return 1.0 if n_reals <= 32 else n_reals / 2 + 1


def quiet_l2_norm(x) -> float:
    """l2_norm without the overflow warning (checked separately)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return l2_norm(x)


# Hypothesis strategies: any finite float, and vectors whose entries share a scale 2**k.
any_float = st.floats(allow_nan=False, allow_infinity=False)
any_vector = st.lists(any_float, min_size=1, max_size=48)
common_scale_vector = st.builds(
    lambda mantissas, k: [math.ldexp(m, k) for m in mantissas],
    st.lists(st.floats(-1, 1), min_size=1, max_size=48),
    st.integers(-1074, 1023),
)
vectors = any_vector | common_scale_vector
moderate = st.floats(-1e6, 1e6).filter(lambda t: t == 0 or abs(t) > 1e-6)
moderate_vector = st.lists(moderate, min_size=1, max_size=12).filter(lambda v: any(v))


# ---------------------------------------------------------------------------------------------
# Exact values
# ---------------------------------------------------------------------------------------------


def test_three_four_five():
    assert l2_norm([3, 4]) == 5.0
    assert grad_l2_norm([3, 4]).tolist() == [0.6, 0.8]
    assert grad_squared_l2_norm([3, 4]).tolist() == [6.0, 8.0]
    assert l2_norm((3.0, 4.0, 12.0)) == 13.0
    assert l2_norm([-3, -4]) == 5.0
    assert grad_l2_norm([-3, 4]).tolist() == [-0.6, 0.8]


def test_returns_python_float_and_new_arrays():
    x = np.array([3.0, 4.0])
    assert type(l2_norm(x)) is float
    g = grad_l2_norm(x)
    assert not np.shares_memory(g, x)
    assert x.tolist() == [3.0, 4.0]  # inputs are never modified


# ---------------------------------------------------------------------------------------------
# The whole float64 range
# ---------------------------------------------------------------------------------------------

RANGE_SCALES = [1e200, 1e-200, 1e308, 1e-308, 2.2250738585072014e-308, 1e-310, 5e-324, 1e-320]


@pytest.mark.parametrize("scale", RANGE_SCALES)
@pytest.mark.parametrize("n", [2, 3, 40, 1000])
def test_equal_entries_over_the_range(scale, n):
    x = np.full(n, scale)
    exact = exact_norm(x)
    norm_error = ulps(quiet_l2_norm(x), exact)
    assert norm_error <= norm_tolerance(n)
    g = grad_l2_norm(x)
    exact_entry = mpmath.mpf(scale) / exact
    # x_k/||x|| correctly rounded, with ||x|| as accurate as it is (a few ulp for long x: the
    # BLAS dot product's rounding; within 1 ulp for short x)
    assert all(ulps(entry, exact_entry) <= max(norm_error, 1.0) + 1 for entry in g)


@pytest.mark.parametrize("scale", [1e200, 1e-200, 5e-324, 1e308, 1.7e308, LARGEST])
def test_gradient_at_the_range_cases(scale):
    # Each entry is x_k/||x|| with ||x|| rounded: within 1 ulp of 1/sqrt(2) = 0.70710678...
    exact = 1 / mpmath.sqrt(2)
    g = grad_l2_norm([scale, scale])
    assert g[0] == g[1] and ulps(g[0], exact) <= 1
    g = grad_l2_norm([-scale, scale, 0.0])
    assert g[0] == -g[1] and ulps(g[1], exact) <= 1 and g[2] == 0.0


def test_range_cases_where_the_textbook_formula_fails():
    assert naive_l2_norm([1e200, 1e200]) == math.inf
    assert naive_l2_norm([1e-200, 1e-200]) == 0.0
    assert l2_norm([1e200, 1e200]) == 1.414213562373095e200
    assert l2_norm([1e-200, 1e-200]) == 1.414213562373095e-200
    assert l2_norm([1e308, 1e308]) == 1.4142135623730951e308
    assert l2_norm([5e-324, 5e-324]) == 5e-324  # exact 7.07e-324 rounds to 1 subnormal ulp
    assert l2_norm([5e-324] * 4) == 1e-323


def test_no_warning_for_representable_results():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for x in ([1e308, 1e308], [1e308] * 1, [1e-320] * 50, [1.2e308, 1.2e308] + [0.0] * 40):
            l2_norm(x)
            grad_l2_norm(x)
        hessian_l2_norm([1e-200, 1e-200])


@pytest.mark.parametrize("x", [[1.7e308, 1.7e308], [1e308] * 40, [LARGEST, 1e305]])
def test_norm_beyond_the_range_is_inf_with_a_warning(x):
    with pytest.warns(RuntimeWarning, match=r"larger than the largest float64"):
        assert l2_norm(x) == math.inf
    g = grad_l2_norm(x)  # the gradient is representable and exact
    assert np.all(np.isfinite(g))
    assert abs(float(np.sum(g * g)) - 1) < 1e-15


def test_overflow_warning_reports_the_value():
    with pytest.warns(RuntimeWarning, match=r"about 2\.4042e\+308"):
        l2_norm([1.7e308, 1.7e308])


@given(vectors)
def test_norm_accuracy_over_the_whole_range(values):
    exact = exact_norm(values)
    assert ulps(quiet_l2_norm(values), exact) <= norm_tolerance(len(values))


@given(vectors)
def test_gradient_accuracy_over_the_whole_range(values):
    assume(any(values))
    exact = exact_norm(values)
    g = grad_l2_norm(values)
    tolerance = 2.0 if len(values) <= 32 else len(values) / 2 + 2
    for entry, value in zip(g, values, strict=True):
        assert ulps(entry, mpmath.mpf(value) / exact) <= tolerance


@given(st.lists(st.complex_numbers(allow_nan=False, allow_infinity=False), min_size=1,
                max_size=24))
def test_complex_accuracy_over_the_whole_range(values):
    exact = exact_norm(values)
    assert ulps(quiet_l2_norm(values), exact) <= norm_tolerance(2 * len(values))


@pytest.mark.parametrize("n", [1000, 10_000, 100_000])
@pytest.mark.parametrize("scale", [1e-300, 1e-160, 1.0, 1e160, 1e300])
def test_long_random_vectors(n, scale):
    rng = np.random.default_rng(n)
    x = rng.standard_normal(n) * scale
    # Empirical tolerance (the rigorous bound is n/2 + 1 ulp): observed <= 2.3 ulp.
    assert ulps(l2_norm(x), exact_norm(x)) <= 4
    g = grad_l2_norm(x)
    exact = exact_norm(x)
    for k in rng.integers(0, n, 20):
        assert ulps(g[k], mpmath.mpf(x[k]) / exact) <= 5


@pytest.mark.parametrize("n", [1000, 100_000])
def test_adversarial_long_vector_is_within_the_rigorous_bound(n):
    # One entry 1 and many whose squares fall below half an ulp of the running sum: a
    # recursive sum drops them. The result is still within n/2 + 1 ulp (numpy does the same).
    x = np.full(n, 0.99 * 2.0**-27)
    x[0] = 1.0
    assert ulps(l2_norm(x), exact_norm(x)) <= n / 2 + 1


def test_long_vectors_with_overflowing_or_underflowing_squares():
    for scale in (1e-170, 1e-300, 5e-324, 1e170, 1e300):
        x = np.linspace(1.0, 2.0, 5000) * scale
        assert ulps(l2_norm(x), exact_norm(x)) <= 4


def test_complex_non_contiguous():
    z = (np.arange(12.0) + 1j * np.arange(12.0))[::3]
    assert l2_norm(z) == l2_norm(np.concatenate([z.real, z.imag]))
    np.testing.assert_array_equal(grad_l2_norm(z), grad_l2_norm(z.copy()))


# ---------------------------------------------------------------------------------------------
# The zero vector
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("zero", [[0.0, 0.0], [0], [-0.0, 0.0, 0.0], np.zeros(100), [0j, 0]])
def test_zero_vector(zero):
    assert l2_norm(zero) == 0.0
    with pytest.raises(UndefinedDerivativeError) as info:
        grad_l2_norm(zero)
    message = str(info.value)
    for fragment in ["no derivative at the zero vector", "+||h|| for s > 0", "-||h|| for s < 0",
                     "at_zero='subgradient'", "closed unit ball", "PyTorch", "at_zero='nan'",
                     "JAX"]:
        assert fragment in message
    sub = grad_l2_norm(zero, at_zero="subgradient")
    assert sub.shape == (len(zero),) and not np.any(sub)
    assert np.all(np.isnan(grad_l2_norm(zero, at_zero="nan")))
    with pytest.raises(UndefinedDerivativeError, match="no Hessian at the zero vector"):
        hessian_l2_norm(np.real(np.asarray(zero)))


def test_zero_vector_options_keep_dtype():
    assert grad_l2_norm([0j], at_zero="subgradient").dtype == np.complex128
    assert grad_l2_norm([0.0], at_zero="nan").dtype == np.float64


def test_undefined_derivative_error_is_a_value_error():
    with pytest.raises(ValueError):
        grad_l2_norm([0, 0])


# ---------------------------------------------------------------------------------------------
# Complex vectors: the gradient is d/du + i d/dv, i.e. the real gradient on (u, v) packed back
# ---------------------------------------------------------------------------------------------


complex_vector = st.lists(
    st.complex_numbers(max_magnitude=1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=10,
)


@given(complex_vector)
def test_complex_matches_the_real_vector_u_v(values):
    z = np.array(values, dtype=complex)
    assume(np.any(z))
    uv = np.concatenate([z.real, z.imag])
    assert l2_norm(z) == l2_norm(uv)
    g_real = grad_l2_norm(uv)
    g = grad_l2_norm(z)
    n = z.size
    np.testing.assert_allclose(g.real, g_real[:n], rtol=4e-16, atol=1e-300)
    np.testing.assert_allclose(g.imag, g_real[n:], rtol=4e-16, atol=1e-300)
    np.testing.assert_array_equal(grad_squared_l2_norm(z), 2 * z)


def test_complex_exact_values():
    assert l2_norm([3 + 4j]) == 5.0
    assert l2_norm([3j, 4]) == 5.0
    assert grad_l2_norm([3j, 4]).tolist() == [0.6j, 0.8 + 0j]
    assert grad_squared_l2_norm([1 + 2j]).tolist() == [2 + 4j]


def test_complex_gradient_matches_numerical_d_du_plus_i_d_dv():
    z = np.array([1 + 2j, -3 + 0.5j])
    g = numerical_gradient(l2_norm, z)
    assert relative_error(g, grad_l2_norm(z)) < 1e-11
    g2 = numerical_gradient(lambda v: float(np.vdot(v, v).real), z)
    assert relative_error(g2, grad_squared_l2_norm(z)) < 1e-11


def test_complex_range_cases():
    for scale in (1e200, 1e-200, 5e-324, 1.7e308):
        g = grad_l2_norm([scale + scale * 1j])[0]
        assert g.real == g.imag and ulps(g.real, 1 / mpmath.sqrt(2)) <= 1


# ---------------------------------------------------------------------------------------------
# Properties of the gradient (hypothesis)
# ---------------------------------------------------------------------------------------------


@given(vectors)
def test_gradient_is_a_unit_vector(values):
    assume(any(values))
    g = grad_l2_norm(values)
    assert abs(float(np.sum(g * g)) - 1.0) <= 4 * len(values) * 2.0**-53


@given(st.lists(st.floats(-1e150, 1e150), min_size=1, max_size=30))
def test_gradient_dot_x_is_the_norm(values):
    x = np.array(values)
    assume(np.any(np.abs(x) > 1e-150))
    norm = l2_norm(x)
    assert abs(float(np.dot(x, grad_l2_norm(x))) - norm) <= 4 * x.size * 2.0**-53 * norm


@given(vectors, st.integers(-60, 60))
def test_gradient_is_invariant_under_power_of_two_scaling(values, k):
    x = np.array(values)
    with np.errstate(over="ignore"):
        y = np.ldexp(x, k)
    assume(np.any(x))
    # Scaling by 2**k is exact unless an entry leaves the normal range.
    assume(np.array_equal(np.ldexp(y, -k), x) and np.all(np.isfinite(y)))
    assume(np.all((x == 0) | (np.abs(x) >= 2.0**-960)))
    assume(np.all((y == 0) | (np.abs(y) >= 2.0**-960)))
    # Bitwise equal, except that an entry in the subnormal range may differ by one unit there
    # (when ||2**k x|| overflows, x is scaled down and its tiniest entries are rounded).
    gx, gy = grad_l2_norm(x), grad_l2_norm(y)
    differ = gx != gy
    assert np.all(np.abs(gx[differ]) < 2.0**-1022)
    assert np.all(np.abs(gx[differ] - gy[differ]) <= 2.0**-1074)


@given(moderate_vector, st.floats(1e-100, 1e100))
def test_gradient_is_invariant_under_positive_scaling(values, c):
    x = np.array(values)
    np.testing.assert_allclose(grad_l2_norm(c * x), grad_l2_norm(x), rtol=2e-15, atol=1e-300)
    np.testing.assert_allclose(grad_l2_norm(-c * x), -grad_l2_norm(x), rtol=2e-15, atol=1e-300)


@given(moderate_vector, st.integers(-900, 900))
def test_gradient_agrees_with_numerical_gradient(values, k):
    x = np.ldexp(np.array(values), k)
    estimate = numerical_gradient(l2_norm, x)
    assert relative_error(estimate, grad_l2_norm(x)) < 1e-10


@given(moderate_vector)
def test_squared_gradient_agrees_with_numerical_gradient(values):
    x = np.array(values)
    estimate = numerical_gradient(lambda v: float(v @ v), x)
    assert relative_error(estimate, grad_squared_l2_norm(x)) < 1e-10


# ---------------------------------------------------------------------------------------------
# The Hessian
# ---------------------------------------------------------------------------------------------


def test_hessian_exact_values():
    h = hessian_l2_norm([3, 4])
    expected = np.array([[16, -12], [-12, 9]]) / 125
    assert np.all(np.abs(h - expected) <= np.spacing(np.abs(expected)))
    h = hessian_l2_norm([1e-200, 1e-200])
    scale = float(1 / (2 * mpmath.sqrt(2) * mpmath.mpf(1e-200)))
    assert np.all(np.abs(np.abs(h) - scale) <= 2 * np.spacing(scale))


def test_hessian_diagonal_has_no_cancellation():
    # H_00 = (1 - u_0^2)/||x|| with u_0 = 1/sqrt(1 + 1e-20): 1 - u_0^2 rounds to 0, the sum of
    # the other u_j^2 does not.
    h = hessian_l2_norm([1.0, 1e-10])
    exact = float(mpmath.mpf(1e-10) ** 2 / (1 + mpmath.mpf(1e-10) ** 2) ** 1.5)
    assert abs(h[0, 0] - exact) <= 4 * np.spacing(exact)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=12), st.integers(-900, 900))
def test_hessian_properties(values, k):
    x = np.ldexp(np.array(values), k)
    assume(np.any(np.abs(x) > 2.0**k * 1e-6))
    h = hessian_l2_norm(x)
    norm = l2_norm(x)
    n = x.size
    np.testing.assert_array_equal(h, h.T)
    scaled = h * norm  # = I - u u^T, a projection
    u = grad_l2_norm(x)
    assert np.max(np.abs(scaled @ u)) <= 8 * n * 2.0**-53  # x is in the null space
    eigenvalues = np.linalg.eigvalsh(scaled)
    np.testing.assert_allclose(eigenvalues, [0.0] + [1.0] * (n - 1), atol=8 * n * 2.0**-53)


def test_hessian_agrees_with_numerical_gradient_of_the_gradient():
    x = np.array([1.0, -2.0, 0.5])
    rows = [numerical_gradient(lambda v, k=k: float(grad_l2_norm(v)[k]), x) for k in range(3)]
    assert relative_error(np.concatenate(rows), hessian_l2_norm(x).ravel()) < 1e-10


def test_hessian_entries_beyond_the_range():
    h = hessian_l2_norm([5e-324, 5e-324])  # entries ~ 1e323: beyond float64
    assert np.all(np.isinf(h))
    h = hessian_l2_norm([1.7e308, 1.7e308])  # entries ~ 2e-309: subnormal but representable
    assert np.all(h != 0) and np.all(np.isfinite(h))


# ---------------------------------------------------------------------------------------------
# Directional derivative
# ---------------------------------------------------------------------------------------------


def test_directional_derivative():
    assert directional_derivative_l2_norm([3, 4], [1, 0]) == 0.6
    assert directional_derivative_l2_norm([3, 4], [-4, 3]) == 0.0  # tangent to the circle
    assert directional_derivative_l2_norm([0, 0], [3, 4]) == 5.0  # one-sided, at the kink
    assert directional_derivative_l2_norm([0, 0], [-3, -4]) == 5.0
    assert directional_derivative_l2_norm([1j], [1j]) == 1.0
    assert directional_derivative_l2_norm([1j], [1]) == 0.0
    assert directional_derivative_l2_norm([1e-300, 1e-300], [1, 1]) == math.sqrt(2)
    with pytest.raises(ValueError, match="x has 2 entries but h has 3"):
        directional_derivative_l2_norm([1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match="h is complex"):
        directional_derivative_l2_norm([1, 2], [1j, 2])


# ---------------------------------------------------------------------------------------------
# naive_l2_norm
# ---------------------------------------------------------------------------------------------


def test_naive_l2_norm():
    assert naive_l2_norm([3, 4]) == 5.0
    assert naive_l2_norm([3 + 4j]) == 5.0
    assert naive_l2_norm([1e153, 1e153]) == l2_norm([1e153, 1e153])
    assert naive_l2_norm([1e155, 1e155]) == math.inf
    assert naive_l2_norm([1e-170, 1e-170]) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        naive_l2_norm([1e300])


# ---------------------------------------------------------------------------------------------
# Other p-norms
# ---------------------------------------------------------------------------------------------


def exact_lp(values, p) -> mpmath.mpf:
    moduli = [abs(mpmath.mpc(complex(v))) for v in values]
    return mpmath.fsum(m**p for m in moduli) ** (mpmath.mpf(1) / p)


def test_l1_and_linf_exact():
    assert l1_norm([3, -4]) == 7.0
    assert l1_norm([3 + 4j, -1]) == 6.0
    assert linf_norm([3, -4]) == 4.0
    assert linf_norm([3 + 4j, -1]) == 5.0
    assert l1_norm([1e308, -1e308 / 2]) == 1.5e308
    assert l1_norm([5e-324, 5e-324]) == 1e-323
    with pytest.warns(RuntimeWarning, match=r"\|\|x\|\|_1 is about 2\.0000e\+308"):
        assert l1_norm([1e308, 1e308]) == math.inf


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, 7.5, 40, np.inf])
@pytest.mark.parametrize("scale", [1e-320, 1e-300, 1e-20, 1.0, 1e20, 1e300])
def test_lp_norm_over_the_range(p, scale):
    x = [3 * scale, -4 * scale, 0.5 * scale]
    result = lp_norm(x, p)
    if math.isinf(p):
        assert result == 4 * scale
        return
    exact = exact_lp(x, p)
    # Relative accuracy a few ulp; subnormal results are judged in subnormal ulps.
    assert ulps(result, exact) <= (4 if scale >= 1e-300 else 2)


@given(vectors, st.sampled_from([1.0, 1.5, 3.0, 7.5]))
def test_lp_norm_accuracy(values, p):
    exact = exact_lp(values, p)
    assume(exact < LARGEST)
    assert ulps(lp_norm(values, p), exact) <= 4 + (len(values) if p == 1.0 else 0) / 2


def test_lp_norm_special_p():
    x = [3.0, -4.0]
    assert lp_norm(x, 2) == 5.0 and lp_norm(x, 2.0) == 5.0
    assert lp_norm(x, 1) == 7.0
    assert lp_norm(x, float("inf")) == 4.0
    assert lp_norm(x, 1e6) == pytest.approx(4.0, rel=1e-6)
    assert lp_norm(x, 1e300) == 4.0
    assert lp_norm([0, 0], 3) == 0.0
    assert lp_norm(np.array([1, 1]), np.int64(3)) == pytest.approx(2 ** (1 / 3), rel=1e-15)


@pytest.mark.parametrize(
    ("p", "error", "fragment"),
    [(0.5, ValueError, "triangle"), (-1, ValueError, ">= 1"), (float("nan"), ValueError, ">= 1"),
     ("3", TypeError, "real number"), (True, TypeError, "real number"),
     (1j, TypeError, "real number"), (None, TypeError, "real number")],
)
def test_lp_norm_bad_p(p, error, fragment):
    with pytest.raises(error, match=fragment):
        lp_norm([1.0, 2.0], p)
    with pytest.raises(error, match=fragment):
        grad_lp_norm([1.0, 2.0], p)


def test_lp_norm_overflow_warns():
    with pytest.warns(RuntimeWarning, match="_p is about"):
        assert lp_norm([1.7e308, 1.7e308], 3) == math.inf


def test_grad_l1_norm():
    assert grad_l1_norm([3, -4, 0.5]).tolist() == [1.0, -1.0, 1.0]
    assert grad_l1_norm([5e-324, -1e308]).tolist() == [1.0, -1.0]
    with pytest.raises(UndefinedDerivativeError) as info:
        grad_l1_norm([3, 0, -1])
    message = str(info.value)
    for fragment in ["x[1] = 0.0", "no derivative where a component is 0", "subgradient", "nan"]:
        assert fragment in message
    assert grad_l1_norm([3, 0, -1], at_kink="subgradient").tolist() == [1.0, 0.0, -1.0]
    g = grad_l1_norm([3, 0, -1], at_kink="nan")
    assert g[0] == 1.0 and math.isnan(g[1]) and g[2] == -1.0


def test_grad_l1_norm_complex():
    g = grad_l1_norm([3 + 4j, -2j])
    assert g.tolist() == [0.6 + 0.8j, -1j]
    g = grad_l1_norm([5e-324 + 5e-324j])[0]
    assert g.real == g.imag and ulps(g.real, 1 / mpmath.sqrt(2)) <= 1
    z = np.array([1 + 2j, -0.5 + 0.25j])
    assert relative_error(numerical_gradient(l1_norm, z), grad_l1_norm(z)) < 1e-11


def test_grad_linf_norm():
    assert grad_linf_norm([3, -4, 1]).tolist() == [0.0, -1.0, 0.0]
    assert grad_linf_norm([3j, 4j]).tolist() == [0, 1j]
    with pytest.raises(UndefinedDerivativeError, match=r"attained at 2 indices \(0, 2\)"):
        grad_linf_norm([4, 1, -4])
    assert grad_linf_norm([4, 1, -4], at_kink="subgradient").tolist() == [0.5, 0.0, -0.5]
    g = grad_linf_norm([4, 1, -4], at_kink="nan")
    assert math.isnan(g[0]) and g[1] == 0.0 and math.isnan(g[2])
    with pytest.raises(UndefinedDerivativeError):
        grad_linf_norm([0.0, 0.0])
    assert grad_linf_norm([0.0, 0.0], at_kink="subgradient").tolist() == [0.0, 0.0]
    x = np.array([1.0, -3.0, 2.0])
    assert relative_error(numerical_gradient(linf_norm, x), grad_linf_norm(x)) < 1e-11


@pytest.mark.parametrize("p", [1.25, 1.5, 3, 4, 10])
def test_grad_lp_norm_agrees_with_numerical_gradient(p):
    x = np.array([0.5, -2.0, 1.5, 3.0])
    assert relative_error(numerical_gradient(lambda v: lp_norm(v, p), x),
                          grad_lp_norm(x, p)) < 1e-10
    z = np.array([0.5 + 1j, -2.0, 1.5j])
    assert relative_error(numerical_gradient(lambda v: lp_norm(v, p), z),
                          grad_lp_norm(z, p)) < 1e-10


def test_grad_lp_norm_special_cases():
    assert grad_lp_norm([3, 4], 2).tolist() == [0.6, 0.8]
    assert grad_lp_norm([3, -4], 1).tolist() == [1.0, -1.0]
    assert grad_lp_norm([3, -4], np.inf).tolist() == [0.0, -1.0]
    # For p > 1 the derivative exists where a component is 0 (and is 0 there).
    assert grad_lp_norm([2, 0], 1.5).tolist() == [1.0, 0.0]
    g = grad_lp_norm([1, 1], 4)
    np.testing.assert_allclose(g, [2 ** -0.75] * 2, rtol=1e-15)
    for scale in (1e300, 1e-300, 5e-324, 1.7e308):
        np.testing.assert_allclose(grad_lp_norm([scale, scale], 3), [2 ** (-2 / 3)] * 2,
                                   rtol=1e-15)
    with pytest.raises(UndefinedDerivativeError, match="zero vector"):
        grad_lp_norm([0, 0], 3)
    assert grad_lp_norm([0, 0], 3, at_kink="subgradient").tolist() == [0.0, 0.0]
    assert np.all(np.isnan(grad_lp_norm([0, 0], 3, at_kink="nan")))
    with pytest.raises(UndefinedDerivativeError, match="zero vector"):
        grad_lp_norm([0, 0], 2)
    with pytest.raises(UndefinedDerivativeError, match="component is 0"):
        grad_lp_norm([1, 0], 1)


def test_grad_lp_norm_tends_to_the_l1_and_linf_gradients():
    # (from the former tests of lesson 05) p near 1 and p large, a tie included
    x = np.array([3.0, -4.0, 1.0])
    np.testing.assert_allclose(grad_lp_norm(x, 1.001), grad_l1_norm(x), atol=3e-3)
    np.testing.assert_allclose(grad_lp_norm(x, 1000), grad_linf_norm(x), atol=1e-4)
    tie = np.array([3.0, -3.0, 1.0])
    np.testing.assert_allclose(grad_lp_norm(tie, 1000), [0.5, -0.5, 0.0], atol=1e-3)


@given(moderate_vector, st.floats(1.1, 20))
def test_grad_lp_norm_euler_identity(values, p):
    # ||x||_p is 1-homogeneous, so x . grad = ||x||_p (Euler's theorem).
    x = np.array(values)
    assert abs(float(x @ grad_lp_norm(x, p)) - lp_norm(x, p)) <= 1e-13 * lp_norm(x, p)


# ---------------------------------------------------------------------------------------------
# The squared norm
# ---------------------------------------------------------------------------------------------


def test_squared_norm_exact_values():
    assert normgrad.squared_l2_norm([3, 4]) == 25.0
    assert normgrad.squared_l2_norm([1, 2, 2]) == 9.0
    assert normgrad.squared_l2_norm([3 + 4j]) == 25.0
    assert normgrad.squared_l2_norm([1e-100, 1e-100]) == 2e-200  # x.x underflows nowhere
    assert normgrad.squared_l2_norm([0.0, -0.0]) == 0.0


@given(vectors)
def test_squared_norm_accuracy_over_the_whole_range(values):
    exact = exact_norm(values) ** 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = normgrad.squared_l2_norm(values)
    if float(exact) >= 2.0**-1022:  # below that the result is subnormal: absolute check
        assert ulps(result, exact) <= 2 * norm_tolerance(len(values)) + 1
    else:
        assert abs(mpmath.mpf(result) - exact) <= 2.0**-1070


def test_directional_derivative_keeps_an_exact_cancellation():
    assert normgrad.directional_derivative_l2_norm([1e300, 1e300], [1e300, -1e300]) == 0.0
    assert normgrad.directional_derivative_l2_norm([3.0, 4.0], [4.0, -3.0]) == 0.0
