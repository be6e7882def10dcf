"""The shared validator: what is accepted, what is rejected, and what the messages say."""

from __future__ import annotations

import decimal
import fractions
import re
import warnings

import numpy as np
import pytest
import sympy

import normgrad
from normgrad._validation import (
    as_count,
    as_real_array,
    as_real_number,
    as_vector,
    check_choice,
    require_finite,
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
from normgrad.numerics import difference_quotients, relative_error

# ---------------------------------------------------------------------------------------------
# Accepted input
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        ([3, 4], [3.0, 4.0]),
        ((3, 4.5), [3.0, 4.5]),
        (range(3), [0.0, 1.0, 2.0]),
        (np.array([1, 2], dtype=np.int8), [1.0, 2.0]),
        (np.array([1, 2], dtype=np.uint64), [1.0, 2.0]),
        (np.array([1.5, 2.5], dtype=np.float32), [1.5, 2.5]),
        (np.array([1.0, 2.0], dtype=object), [1.0, 2.0]),
        ([np.float32(1.5), np.int64(2)], [1.5, 2.0]),
        ([np.array(2.0)], [2.0]),  # a 0-d array is a number
        ([sympy.Integer(3), sympy.Rational(1, 2), sympy.Float(2.5), sympy.sqrt(4)],
         [3.0, 0.5, 2.5, 2.0]),
        ([fractions.Fraction(1, 4), decimal.Decimal("0.5")], [0.25, 0.5]),
        ([2**1023], [2.0**1023]),
        ([5e-324, 1e308], [5e-324, 1e308]),
    ],
)
def test_real_input_is_accepted(x, expected):
    v = as_vector(x)
    assert v.dtype == np.float64
    assert v.ndim == 1
    assert v.tolist() == expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        ([1, 2j], [1 + 0j, 2j]),
        ([np.complex64(1 + 1j)], [1 + 1j]),
        ([sympy.I, 1 + 2 * sympy.I], [1j, 1 + 2j]),
        (np.array([1 + 1j, 2], dtype=np.complex64), [1 + 1j, 2 + 0j]),
    ],
)
def test_complex_input_is_accepted(x, expected):
    v = as_vector(x)
    assert v.dtype == np.complex128
    assert v.tolist() == expected


def test_float64_array_is_not_copied():
    x = np.arange(10.0)
    assert as_vector(x) is x
    z = np.arange(4.0) + 1j
    assert as_vector(z) is z
    strided = x[::2]
    assert as_vector(strided) is strided


def test_array_likes_with___array__():
    assert as_vector(sympy.Matrix([1, 2]).T.tolist()[0]).tolist() == [1.0, 2.0]


# ---------------------------------------------------------------------------------------------
# Rejected input: the message names the problem and the offending entry
# ---------------------------------------------------------------------------------------------


class _Opaque:
    def __repr__(self) -> str:
        return "<opaque>"


BAD_INPUT = [
    # (x, exception type, fragments that must all appear in the message)
    ("abc", TypeError, ["x must be a 1-D vector", "str", "'abc'"]),
    (b"ab", TypeError, ["x must be a 1-D vector", "bytes"]),
    (None, TypeError, ["x must be a 1-D vector", "None"]),
    (3.0, TypeError, ["got the scalar 3.0", "[3.0]"]),
    (np.float64(2.0), TypeError, ["scalar"]),
    (np.array(3.0), TypeError, ["0-d array", "3.0"]),
    ({1: 2}, TypeError, ["dict", "no order"]),
    ({1, 2}, TypeError, ["set", "no order"]),
    ((v for v in [1, 2]), TypeError, ["generator", "list(...)"]),
    (True, TypeError, ["boolean"]),
    (_Opaque(), TypeError, ["_Opaque", "<opaque>"]),
    ([1, [2, 3]], TypeError, ["x[1] = [2, 3]", "is a list", "flat 1-D"]),
    ([[1, 2], [3, 4]], TypeError, ["x[0] = [1, 2]", "nested"]),
    ([[1]], TypeError, ["x[0] = [1]"]),
    ([1, (2,)], TypeError, ["x[1] = (2,)", "tuple"]),
    ([1, {2}], TypeError, ["x[1] = {2}", "set"]),
    ([1, np.array([2.0, 3.0])], TypeError, ["x[1]", "ndarray"]),
    (np.zeros((2, 2)), ValueError, ["1-D", "2-D array of shape (2, 2)", "np.ravel"]),
    (np.zeros((2, 1)), ValueError, ["shape (2, 1)"]),
    (sympy.Matrix([1, 2]), ValueError, ["shape (2, 1)"]),
    ([], ValueError, ["x is empty"]),
    ((), ValueError, ["x is empty"]),
    (np.array([]), ValueError, ["x is empty"]),
    ([1.0, float("nan")], ValueError, ["x[1] = nan", "not a number", "finite"]),
    ([1.0, float("inf")], ValueError, ["x[1] = inf", "infinite"]),
    ([-float("inf")], ValueError, ["x[0] = -inf", "infinite"]),
    (np.array([0.0, 1.0, np.nan]), ValueError, ["x[2] = nan"]),
    (np.array([0.0, -np.inf]), ValueError, ["x[1] = -inf"]),
    (np.array([1.0, complex(1, np.nan)]), ValueError, ["x[1] = (1+nanj)", "nan"]),
    ([1 + 1j, complex("inf")], ValueError, ["x[1] = (inf+0j)"]),
    ([10**400], ValueError, ["x[0] = 1000000", "too large for float64", "1.797"]),
    ([1, -(10**400)], ValueError, ["x[1] = -1000000", "too large"]),
    ([fractions.Fraction(10**400)], ValueError, ["x[0] = Fraction(", "too large"]),
    ([sympy.Float("1e400")], ValueError, ["x[0] = ", "too large"]),
    ([decimal.Decimal("NaN")], ValueError, ["x[0] = Decimal('NaN')", "nan"]),
    ([sympy.oo], ValueError, ["x[0] = oo", "infinite"]),
    ([sympy.nan], ValueError, ["x[0] = nan", "nan"]),
    ([True, 2.0], TypeError, ["x[0] = True", "boolean", "float(v)"]),
    ([1.0, np.True_], TypeError, ["x[1] = ", "boolean"]),
    (np.array([True, False]), TypeError, ["boolean array", "astype(float)"]),
    ([1.0, "2"], TypeError, ["x[1] = '2'", "str", "not a number"]),
    (["1.5"], TypeError, ["x[0] = '1.5'", "write 1.5"]),
    ([None], TypeError, ["x[0] = None", "not a number"]),
    ([1, 2, _Opaque()], TypeError, ["x[2] = <opaque>", "_Opaque", "not a number"]),
    ([sympy.Symbol("t")], TypeError, ["x[0] = t", "Symbol", "could not be converted"]),
    (np.array([1, "a"], dtype=object), TypeError, ["x[1] = 'a'", "str"]),
    (np.array([1.0, None], dtype=object), TypeError, ["x[1] = None"]),
    (np.array(["1", "2"]), TypeError, ["dtype <U1", "does not hold numbers"]),
    (np.array([1, 2], dtype="datetime64[D]"), TypeError, ["datetime64"]),
]


@pytest.mark.parametrize(("x", "error", "fragments"), BAD_INPUT)
def test_bad_input_message(x, error, fragments):
    with pytest.raises(error) as info:
        as_vector(x)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_long_repr_is_shortened():
    with pytest.raises(ValueError) as info:
        as_vector([10**4000])
    assert len(str(info.value)) < 250


def test_name_is_used_in_messages():
    with pytest.raises(ValueError, match=r"h\[1\] = nan"):
        as_vector([1.0, float("nan")], name="h")
    with pytest.raises(ValueError, match="h is empty"):
        as_vector([], name="h")


def test_complex_can_be_refused():
    with pytest.raises(TypeError, match=r"x is complex \(x\[1\] = 2j\).*real vector"):
        as_vector([1, 2j], allow_complex=False)
    assert as_vector([1, 2], allow_complex=False).dtype == np.float64


def test_check_finite_false_skips_the_scan_for_arrays_only():
    x = np.array([1.0, np.nan])
    assert as_vector(x, check_finite=False) is x
    with pytest.raises(ValueError, match=r"x\[1\] = nan"):
        as_vector([1.0, float("nan")], check_finite=False)  # lists are always checked


def test_require_finite():
    require_finite(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"v\[0\] = inf"):
        require_finite(np.array([np.inf, 2.0]), "v")


def test_check_choice():
    assert check_choice("raise", ("raise", "nan"), "at_zero") == "raise"
    for bad in ["RAISE", None, 1, ("raise",)]:
        with pytest.raises(ValueError, match="at_zero must be one of 'raise', 'nan'"):
            check_choice(bad, ("raise", "nan"), "at_zero")


def test_checker_does_not_execute_strings():
    # A string is never evaluated or parsed as a number.
    with pytest.raises(TypeError):
        as_vector(["__import__('os').system('true')"])


# ---------------------------------------------------------------------------------------------
# Every public function validates through as_vector: no numpy traceback from deep inside
# ---------------------------------------------------------------------------------------------

PUBLIC = [
    normgrad.l2_norm,
    normgrad.grad_l2_norm,
    normgrad.grad_squared_l2_norm,
    normgrad.hessian_l2_norm,
    naive_l2_norm,
    l1_norm,
    linf_norm,
    lambda x: lp_norm(x, 3),
    grad_l1_norm,
    grad_linf_norm,
    lambda x: grad_lp_norm(x, 3),
    lambda x: directional_derivative_l2_norm(x, [1.0, 0.0]),
    lambda x: normgrad.numerical_gradient(lambda v: float(np.sum(v)), x),
    lambda x: difference_quotients(lambda v: float(np.sum(v)), x, [1.0, 0.0], [0.1]),
    lambda x: relative_error(x, [1.0, 1.0]),
]


@pytest.mark.parametrize("function", PUBLIC)
@pytest.mark.parametrize(
    ("x", "error", "fragment"),
    [
        ("ab", TypeError, "1-D vector"),
        (None, TypeError, "None"),
        ([1.0, [2.0]], TypeError, "x[1] = [2.0]"),
        ([1.0, float("nan")], ValueError, "x[1] = nan"),
        (np.array([1.0, np.inf]), ValueError, "x[1] = inf"),
        (np.ones((2, 2)), ValueError, "2-D array"),
        ([], ValueError, "empty"),
        ([True, False], TypeError, "boolean"),
        ([10**400, 1], ValueError, "too large"),
    ],
)
def test_every_public_function_validates(function, x, error, fragment):
    with pytest.raises(error) as info:
        function(x)
    assert fragment in str(info.value) or fragment.replace("x[", "approx[") in str(info.value)


def test_hessian_refuses_complex():
    with pytest.raises(TypeError, match="real vector.*np.concatenate"):
        normgrad.hessian_l2_norm([1 + 1j, 2])


@pytest.mark.parametrize("bad", ["zero", None, 0, "Raise"])
def test_bad_options(bad):
    with pytest.raises(ValueError, match="at_zero must be one of 'raise', 'subgradient', 'nan'"):
        normgrad.grad_l2_norm([1.0, 2.0], at_zero=bad)
    with pytest.raises(ValueError, match="at_kink must be one of"):
        grad_l1_norm([1.0, 2.0], at_kink=bad)
    with pytest.raises(ValueError, match="at_kink must be one of"):
        grad_linf_norm([1.0, 2.0], at_kink=bad)
    with pytest.raises(ValueError, match="method must be one of 'central', 'forward'"):
        normgrad.numerical_gradient(sum, [1.0, 2.0], method=bad)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("function", [normgrad.l2_norm, normgrad.grad_l2_norm])
def test_long_arrays_with_a_non_finite_entry(function, bad):
    # The fast path skips the finiteness scan; a nan/inf entry shows up in the dot product.
    x = np.ones(10_000)
    x[5000] = bad
    with pytest.raises(ValueError, match=rf"x\[5000\] = {bad!r}"):
        function(x)
    z = np.ones(100, dtype=complex)
    z[70] = complex(1.0, bad)
    with pytest.raises(ValueError, match=r"x\[70\] = \(1[+-]"):
        function(z)


def test_masked_array_is_rejected_by_name():
    masked = np.ma.array([1.0, 2.0], mask=[False, True])
    with pytest.raises(TypeError, match="masked array.*compressed"):
        as_vector(masked)


def test_too_large_long_double_raises_without_a_numpy_warning():
    huge = np.array(["1e4000"], dtype=np.longdouble)
    if not np.isfinite(huge[0]):
        pytest.skip("long double is float64 on this platform")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="too large for float64"):
            as_vector(huge)


# ---------------------------------------------------------------------------------------------
# The validators of the figures and explorers: arrays of any shape, numbers, counts, points
# ---------------------------------------------------------------------------------------------


def test_size_of_a_point():
    assert as_vector([1, 2], size=2).tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"h must be 2 numbers \(a point of the plane\), got 3"):
        as_vector([1, 2, 3], name="h", size=2)


def test_real_array_accepts_any_shape_and_converts():
    assert as_real_array(2, "s").shape == ()
    assert as_real_array([[1, 2]], "X1").dtype == np.float64
    assert as_real_array([sympy.Rational(1, 2)], "t").tolist() == [0.5]
    assert np.isnan(as_real_array([np.nan], "U", check_finite=False)).all()


@pytest.mark.parametrize(
    ("value", "kwargs", "error", "fragment"),
    [
        (None, {}, TypeError, "real numbers"),
        ("ab", {}, TypeError, "real numbers"),
        ([True], {}, TypeError, "dtype bool"),
        ([1j], {}, TypeError, "complex"),
        ([[1.0], [1.0, 2.0]], {}, ValueError, "rectangular"),
        (["a"], {}, TypeError, "dtype <U1"),
        ([object()], {}, TypeError, "ints or floats"),
        ([1.0, np.inf], {}, ValueError, "inf or nan"),
        ([1.0, 2.0], {"ndim": 2}, ValueError, "2-D"),
    ],
)
def test_real_array_rejects(value, kwargs, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        as_real_array(value, "X1", **kwargs)


def test_real_number_and_count():
    assert as_real_number(np.float32(0.5), "s") == 0.5
    for bad, error in [(True, TypeError), ("1", TypeError), (1j, TypeError), (np.inf, ValueError)]:
        with pytest.raises(error, match="limit"):
            as_real_number(bad, "limit")
    assert as_count(np.int64(3), "n", 2) == 3
    for bad, error in [(2.0, TypeError), (True, TypeError), (1, ValueError)]:
        with pytest.raises(error, match="n must"):
            as_count(bad, "n", 2)
