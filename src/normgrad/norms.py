"""Vector norms and their derivatives, accurate over the whole float64 range.

Every function accepts a 1-D real or complex vector (a list, tuple or numpy array; see
:func:`normgrad._validation.as_vector`) and never overflows or underflows in an intermediate
step: ``l2_norm([1e200, 1e200])`` is ``1.414...e200``, not ``inf``, and
``grad_l2_norm([5e-324, 5e-324])`` is ``[0.7071..., 0.7071...]``, not ``nan``.

Complex vectors
---------------
A norm is a real function of a complex vector ``x = u + iv``; it has no complex derivative
(it is not holomorphic), but it is a function of the real vectors ``u`` and ``v``. Following
PyTorch, the gradient of a real function ``f`` of complex ``x`` is reported as the complex
vector ``df/du + i df/dv``: the gradient of ``f`` on R^{2n}, packed back into n complex numbers.
With this convention ``grad_l2_norm(x) = x/||x||`` and ``grad_squared_l2_norm(x) = 2x`` hold for
complex ``x`` exactly as for real ``x``. (JAX returns the complex conjugate ``df/du - i df/dv``.)
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from normgrad._validation import as_vector, check_choice, require_finite

__all__ = [
    "UndefinedDerivativeError",
    "directional_derivative_l2_norm",
    "grad_l1_norm",
    "grad_l2_norm",
    "grad_linf_norm",
    "grad_lp_norm",
    "grad_squared_l2_norm",
    "hessian_l2_norm",
    "l1_norm",
    "l2_norm",
    "linf_norm",
    "lp_norm",
    "naive_l2_norm",
    "squared_l2_norm",
]

AtZero = Literal["raise", "subgradient", "nan"]
_CHOICES: tuple[str, ...] = ("raise", "subgradient", "nan")

# Vectors up to this length go through math.hypot, which is correctly rounded in practice
# (measured <= 0.5 ulp for normal results against an exact reference; see the tests).
_SHORT = 32
# sqrt(dot(x, x)) is used as is when the sum of squares lies in [2**-900, inf): terms that
# underflowed are then below 2**-1022 each, negligible next to 2**-900 for any realistic length.
_TINY_SUM_OF_SQUARES = 2.0**-900
_SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)
_LARGEST = float(np.finfo(np.float64).max)


class UndefinedDerivativeError(ValueError):
    """Raised where a norm has no derivative (the zero vector, a kink of the L1 or max norm).

    Examples
    --------
    >>> issubclass(UndefinedDerivativeError, ValueError)
    True
    """


# ----------------------------------------------------------------------------------------------
# Internal helpers
# ----------------------------------------------------------------------------------------------


def _real_view(v: np.ndarray) -> np.ndarray:
    """A float64 view of ``v``: itself if real, interleaved (re, im) pairs if complex."""
    if v.dtype == np.complex128:
        return np.ascontiguousarray(v).view(np.float64)
    return v


def _like(w: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Undo :func:`_real_view`: view the float64 result ``w`` with the dtype of ``v``."""
    return w.view(np.complex128) if v.dtype == np.complex128 else w


def _exponent(value: float) -> int:
    """The e with ``value = m * 2**e`` and ``0.5 <= m < 1`` (value > 0)."""
    return math.frexp(value)[1]


def _ldexp(value: float, exponent: int) -> float:
    """``value * 2**exponent``, giving inf instead of raising on overflow."""
    try:
        return math.ldexp(value, exponent)
    except OverflowError:
        return math.inf


def _warn_overflow(what: str, mantissa: float, exponent: int, stacklevel: int = 2) -> None:
    """Warn that ``mantissa * 2**exponent`` is beyond the float64 range."""
    log10 = math.log10(mantissa) + exponent * math.log10(2.0)
    digits, power = 10 ** (log10 % 1.0), int(math.floor(log10))
    warnings.warn(
        f"{what} is about {digits:.4f}e+{power}, larger than the largest float64 "
        f"({_LARGEST:.4e}); returning inf.",
        RuntimeWarning,
        stacklevel=stacklevel + 1,
    )


def _max_abs(w: np.ndarray) -> float:
    """max |w_k| of a finite float64 array."""
    return float(max(w.max(), -w.min()))


def _norm2(v: np.ndarray, name: str) -> tuple[float, int]:
    """Return ``(r, e)`` with ||v||_2 = r * 2**e and r either 0 or a normal float64.

    Checks finiteness on the way (raising ``ValueError`` naming a nan/inf entry). Fast path:
    ``math.hypot`` for short vectors, ``sqrt(dot(w, w))`` (one BLAS pass, no copy) for long
    ones whenever the sum of squares is finite and well above the underflow range; e = 0.
    Otherwise the entries are scaled by 2**-e, an exact power of two putting the largest in
    [0.5, 1), and r is the norm of the scaled vector.
    """
    w = _real_view(v)
    if w.size <= _SHORT:
        r = math.hypot(*w.tolist())  # range-safe and correctly rounded in practice
        if _SMALLEST_NORMAL <= r < math.inf:
            return r, 0
        if math.isnan(r) or math.isinf(r):
            require_finite(v, name)  # raises if the inf/nan came from an entry
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            s = float(np.dot(w, w))
        if _TINY_SUM_OF_SQUARES <= s < math.inf:
            return math.sqrt(s), 0
        if not math.isfinite(s):
            require_finite(v, name)
    m = _max_abs(w)
    if m == 0.0:
        return 0.0, 0
    e = _exponent(m)
    y = np.ldexp(w, -e)  # exact unless an entry lands in the subnormal range (negligible)
    if y.size <= _SHORT:
        return math.hypot(*y.tolist()), e
    return math.sqrt(float(np.dot(y, y))), e


def _finish_norm(r: float, e: int, what: str) -> float:
    if e == 0:
        return r
    result = _ldexp(r, e)
    if math.isinf(result):
        _warn_overflow(what, r, e, stacklevel=3)
    return result


def _undefined_at_zero(function: str, choices_name: str) -> UndefinedDerivativeError:
    return UndefinedDerivativeError(
        f"{function}: the L2 norm has no derivative at the zero vector. Along any direction h "
        "the difference quotient (||0 + s*h|| - ||0||)/s equals +||h|| for s > 0 and -||h|| "
        "for s < 0, so it has no limit as s -> 0. Choose what to return instead: "
        f"{choices_name}='subgradient' gives the zero vector, a valid subgradient because the "
        "subdifferential of ||x|| at 0 is the closed unit ball (PyTorch's choice); "
        f"{choices_name}='nan' gives a vector of nan (JAX's choice)."
    )


def _phase(v: np.ndarray) -> np.ndarray:
    """Entrywise x_k/|x_k| (0 where x_k = 0), accurate for subnormal entries too.

    For real ``v`` this is sign(v). For complex ``v`` each entry is scaled by a power of two
    before dividing by its modulus, so that subnormal entries keep their direction.
    """
    if v.dtype != np.complex128:
        return np.sign(v)
    pairs = _real_view(v).reshape(-1, 2)
    largest = np.max(np.abs(pairs), axis=1)
    exponents = np.frexp(largest)[1]
    scaled = np.ldexp(pairs, -exponents[:, None])
    modulus = np.hypot(scaled[:, 0], scaled[:, 1])
    out = np.zeros_like(scaled)
    nonzero = modulus > 0
    out[nonzero] = scaled[nonzero] / modulus[nonzero, None]
    return out.reshape(-1).view(np.complex128)


def _as_p(p: Any) -> float:
    """Validate the exponent p of a p-norm: a real number >= 1, or inf."""
    rejected = (bool, np.bool_, str, bytes, complex, np.complexfloating)
    if isinstance(p, rejected) or not hasattr(type(p), "__float__"):
        raise TypeError(f"p must be a real number >= 1 (or np.inf), got {p!r}.")
    try:
        value = float(p)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"p must be a real number >= 1 (or np.inf), got {p!r}.") from None
    if math.isnan(value) or value < 1.0:
        raise ValueError(
            f"p must be >= 1 (or np.inf), got {p!r}: for p < 1 the 'p-norm' breaks the triangle "
            "inequality, so it is not a norm."
        )
    return value


# ----------------------------------------------------------------------------------------------
# The L2 norm
# ----------------------------------------------------------------------------------------------


def naive_l2_norm(x: ArrayLike) -> float:
    """The textbook formula sqrt(x_1^2 + ... + x_n^2) in plain float64, to show its failures.

    Squaring overflows to inf for entries above about 1.34e154 and underflows to 0 below about
    1.5e-162 (``np.linalg.norm`` does the same). Use :func:`l2_norm`, which does not. Complex
    entries contribute ``re^2 + im^2``. No warning is emitted on overflow.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.

    Returns
    -------
    float
        ``sqrt(sum(|x_k|**2))`` evaluated naively.

    Examples
    --------
    >>> naive_l2_norm([3, 4])
    5.0
    >>> naive_l2_norm([1e200, 1e200]), l2_norm([1e200, 1e200])
    (inf, 1.414213562373095e+200)
    >>> naive_l2_norm([1e-200, 1e-200]), l2_norm([1e-200, 1e-200])
    (0.0, 1.414213562373095e-200)
    """
    w = _real_view(as_vector(x))
    with np.errstate(over="ignore", under="ignore"):
        return float(np.sqrt(np.sum(w * w)))


def l2_norm(x: ArrayLike) -> float:
    """The Euclidean norm ||x||_2 = sqrt(|x_1|^2 + ... + |x_n|^2) of a real or complex vector.

    Accurate over the whole float64 range: no intermediate overflow or underflow. Short vectors
    (up to 32 real numbers) go through ``math.hypot``, correctly rounded in practice. Longer
    ones use ``sqrt(dot(x, x))``, as fast as ``np.linalg.norm``, whenever the sum of squares is
    finite and above 2**-900; otherwise the entries are first scaled by an exact power of two.
    For n entries the error is then at most about n/2 + 1 ulp (the rounding of the dot
    product; in practice a few ulp). Returns ``inf`` (with a ``RuntimeWarning``) only if the
    norm itself exceeds the largest float64, e.g. for ``[1.7e308, 1.7e308]``.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers. A float64 numpy array is
        used without copying.

    Returns
    -------
    float
        ||x||_2.

    Raises
    ------
    TypeError, ValueError
        If ``x`` is not a non-empty 1-D vector of finite numbers.

    Examples
    --------
    >>> l2_norm([3, 4])
    5.0
    >>> l2_norm([1e200, 1e200])
    1.414213562373095e+200
    >>> l2_norm([5e-324, 5e-324])
    5e-324
    >>> l2_norm([3 + 4j, 0])  # |3 + 4i|^2 = 25
    5.0
    """
    v = as_vector(x, check_finite=False)
    r, e = _norm2(v, "x")
    return _finish_norm(r, e, "||x||_2")


def squared_l2_norm(x: ArrayLike) -> float:
    """The squared Euclidean norm ||x||_2^2 = x . x = |x_1|^2 + ... + |x_n|^2.

    Computed from the range-safe :func:`l2_norm`, so an intermediate never overflows or
    underflows: the result is inf or 0 only when ||x||^2 itself lies beyond the float64 range
    (then inf comes with a ``RuntimeWarning``). Within a few ulp of the exact value.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.

    Returns
    -------
    float
        ||x||_2^2.

    Examples
    --------
    >>> squared_l2_norm([3, 4])
    25.0
    >>> squared_l2_norm([1e-100, 1e-100])  # the textbook sum of squares: 2e-200, fine here too
    2e-200
    >>> squared_l2_norm([1 + 1j, 1])
    3.0
    """
    v = as_vector(x, check_finite=False)
    r, e = _norm2(v, "x")
    return _finish_norm(r * r, 2 * e, "||x||_2^2")


def grad_l2_norm(x: ArrayLike, *, at_zero: AtZero = "raise") -> np.ndarray:
    """The gradient of ||x||_2: the unit vector x/||x||_2 (for x != 0).

    Accurate over the whole float64 range: when ||x|| is a normal float64 each entry is the
    correctly rounded quotient x_k/||x||; otherwise (||x|| subnormal or beyond the float64
    range) x is first scaled by an exact power of two. For complex x = u + iv the result is
    d||x||/du + i d||x||/dv (PyTorch's convention), which again equals x/||x||.

    At x = 0 the norm has no derivative: along a direction h the one-sided rates of change are
    +||h|| (s -> 0+) and -||h|| (s -> 0-).

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.
    at_zero : {"raise", "subgradient", "nan"}
        What to do at the zero vector: raise :class:`UndefinedDerivativeError` (default);
        return the zero vector, a valid subgradient since the subdifferential at 0 is the closed
        unit ball (what PyTorch returns); or return a vector of nan (what JAX returns).

    Returns
    -------
    numpy.ndarray
        x/||x||_2, a new array of dtype float64 (complex128 for complex x).

    Raises
    ------
    UndefinedDerivativeError
        At the zero vector with ``at_zero="raise"``.
    TypeError, ValueError
        For invalid ``x`` or ``at_zero``.

    Examples
    --------
    >>> grad_l2_norm([3, 4])
    array([0.6, 0.8])
    >>> grad_l2_norm([1e-200, 1e-200])
    array([0.70710678, 0.70710678])
    >>> grad_l2_norm([0, 0], at_zero="subgradient")
    array([0., 0.])
    >>> grad_l2_norm([3j, 4])
    array([0. +0.6j, 0.8+0.j ])
    """
    check_choice(at_zero, _CHOICES, "at_zero")
    v = as_vector(x, check_finite=False)
    r, e = _norm2(v, "x")
    w = _real_view(v)
    if r == 0.0:
        if at_zero == "raise":
            raise _undefined_at_zero("grad_l2_norm", "at_zero")
        fill = 0.0 if at_zero == "subgradient" else math.nan
        return _like(np.full(w.size, fill), v)
    if e == 0:
        return _like(w / r, v)
    # ||x|| is subnormal or beyond the float64 range: r is the norm of x * 2**-e.
    return _like(np.ldexp(w, -e) / r, v)


def grad_squared_l2_norm(x: ArrayLike) -> np.ndarray:
    """The gradient of ||x||_2^2 = x . x, which is 2x.

    For complex x = u + iv, ||x||^2 = u.u + v.v and the gradient in PyTorch's convention
    d/du + i d/dv is 2u + 2iv = 2x. Exact (doubling is exact in binary), except that an entry
    beyond half the largest float64 (about 9e307) has a doubled value that float64 cannot hold,
    giving inf with numpy's overflow ``RuntimeWarning``.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.

    Returns
    -------
    numpy.ndarray
        2x, a new array of dtype float64 (complex128 for complex x).

    Examples
    --------
    >>> grad_squared_l2_norm([3, 4])
    array([6., 8.])
    >>> grad_squared_l2_norm([1 + 2j])
    array([2.+4.j])
    """
    v = as_vector(x)
    return 2.0 * v


def hessian_l2_norm(x: ArrayLike) -> np.ndarray:
    """The Hessian of ||x||_2 for real x != 0: (I - x x^T/||x||^2)/||x||.

    Symmetric, with x in its null space (moving along x changes the norm linearly) and every
    other eigenvalue equal to 1/||x||. Computed from the unit vector u = x/||x|| as
    (I - u u^T)/||x||, with each diagonal entry 1 - u_k^2 evaluated as the sum of the other
    u_j^2 to avoid cancellation. Entries beyond the float64 range (||x|| below about 5.6e-309)
    become inf.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real numbers, not all zero. For complex x = u + iv,
        work with the real vector ``np.concatenate([x.real, x.imag])``.

    Returns
    -------
    numpy.ndarray
        The n-by-n Hessian matrix (float64).

    Raises
    ------
    UndefinedDerivativeError
        At the zero vector (the norm has no gradient there, let alone a Hessian).
    TypeError
        For complex x.

    Examples
    --------
    >>> hessian_l2_norm([3, 4]) * 125  # (I - x x^T/25)/5 = [[16, -12], [-12, 9]]/125
    array([[ 16., -12.],
           [-12.,   9.]])
    """
    v = as_vector(x, allow_complex=False)
    r, e = _norm2(v, "x")
    if r == 0.0:
        raise UndefinedDerivativeError(
            "hessian_l2_norm: the L2 norm has no Hessian at the zero vector: it is not even "
            "differentiable there (along h the one-sided slopes are +||h|| and -||h||), and "
            "near 0 the Hessian entries grow like 1/||x||."
        )
    u = grad_l2_norm(v)
    squares = u * u
    before = np.concatenate(([0.0], np.cumsum(squares)[:-1]))
    after = np.concatenate((np.cumsum(squares[::-1])[::-1][1:], [0.0]))
    hessian = -np.outer(u, u)
    np.fill_diagonal(hessian, before + after)
    hessian /= r  # r is a normal float64 in (2**-1022, inf): no overflow here
    if e == 0:
        return hessian
    with np.errstate(over="ignore"):
        return np.ldexp(hessian, -e)


def directional_derivative_l2_norm(x: ArrayLike, h: ArrayLike) -> float:
    """The one-sided directional derivative lim_{s -> 0+} (||x + s h|| - ||x||)/s.

    For x != 0 this is the gradient applied to h: (x . h)/||x|| (for complex vectors
    Re(conj(x) . h)/||x||, the dot product of the real vectors (u, v)). At x = 0, where there is
    no gradient, the one-sided limit still exists and equals ||h||; from the other side
    (s -> 0-) it would be -||h||, which is why the gradient does not exist there.

    Parameters
    ----------
    x : array_like
        The point, a non-empty 1-D vector of finite real or complex numbers.
    h : array_like
        The direction, a vector of the same length (complex only if x is complex).

    Returns
    -------
    float
        The one-sided directional derivative.

    Examples
    --------
    >>> directional_derivative_l2_norm([3, 4], [1, 0])
    0.6
    >>> directional_derivative_l2_norm([0, 0], [3, 4])
    5.0
    """
    v = as_vector(x)
    d = as_vector(h, name="h", allow_complex=v.dtype == np.complex128)
    if d.size != v.size:
        raise ValueError(f"x has {v.size} entries but h has {d.size}; they must match.")
    if v.dtype == np.complex128 and d.dtype != np.complex128:
        d = d.astype(np.complex128)
    if not np.any(v):
        return l2_norm(d)
    if not np.any(d):
        return 0.0
    # (x . h)/||x|| with x and h scaled by exact powers of two so nothing overflows.
    w, k = _real_view(v), _real_view(d)
    e, f = _exponent(_max_abs(w)), _exponent(_max_abs(k))
    y, g = np.ldexp(w, -e), np.ldexp(k, -f)
    r, _ = _norm2(y, "x")
    # Products first, then the sum: np.dot may fuse multiply-adds, which turns an exact
    # cancellation such as (1, 1) . (1, -1) into a rounding error instead of 0.
    return _ldexp(float(np.sum(y * g)) / r, f)


# ----------------------------------------------------------------------------------------------
# Other p-norms
# ----------------------------------------------------------------------------------------------


def l1_norm(x: ArrayLike) -> float:
    """The L1 norm ||x||_1 = |x_1| + ... + |x_n| (moduli for complex entries).

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.

    Returns
    -------
    float
        ||x||_1 (pairwise summation; ``inf`` with a ``RuntimeWarning`` only if the sum itself
        exceeds the largest float64).

    Examples
    --------
    >>> l1_norm([3, -4])
    7.0
    >>> l1_norm([3 + 4j])
    5.0
    """
    v = as_vector(x)
    with np.errstate(over="ignore"):
        total = float(np.sum(np.abs(v)))
    if math.isinf(total):
        scaled = np.ldexp(np.abs(v), -600)  # the scaled sum fits in float64
        _warn_overflow("||x||_1", float(np.sum(scaled)), 600)
    return total


def linf_norm(x: ArrayLike) -> float:
    """The max norm ||x||_inf = max_k |x_k| (moduli for complex entries).

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.

    Returns
    -------
    float
        The largest modulus of an entry.

    Examples
    --------
    >>> linf_norm([3, -4])
    4.0
    """
    v = as_vector(x)
    return float(np.max(np.abs(v)))


def lp_norm(x: ArrayLike, p: float) -> float:
    """The p-norm ||x||_p = (|x_1|^p + ... + |x_n|^p)^(1/p), for p >= 1 or p = inf.

    Computed as m * (sum (|x_k|/m)^p)^(1/p) with m = max |x_k|, so it neither overflows nor
    underflows for any finite input and any p (error a few ulp for moderate p). p = 1, 2 and
    inf are passed to :func:`l1_norm`, :func:`l2_norm` and :func:`linf_norm`.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.
    p : float
        The exponent, a real number >= 1, or ``np.inf``. (For p < 1 the formula does not give
        a norm: the triangle inequality fails.)

    Returns
    -------
    float
        ||x||_p.

    Examples
    --------
    >>> lp_norm([3, 4], 2)
    5.0
    >>> round(lp_norm([1, 1], 3) ** 3, 12)
    2.0
    >>> lp_norm([3, -4], np.inf)
    4.0
    """
    p = _as_p(p)
    if p == 1.0:
        return l1_norm(x)
    if p == 2.0:
        return l2_norm(x)
    if math.isinf(p):
        return linf_norm(x)
    a = np.abs(as_vector(x))
    m = float(a.max())
    if m == 0.0:
        return 0.0
    with np.errstate(under="ignore"):
        total = float(np.sum((a / m) ** p))
    factor = total ** (1.0 / p)
    with np.errstate(over="ignore"):
        result = m * factor
    if math.isinf(result):
        _warn_overflow("||x||_p", m / 2.0**1023 * factor, 1023)
    return result


def _kink_error(function: str, detail: str, how_sub: str) -> UndefinedDerivativeError:
    return UndefinedDerivativeError(
        f"{function}: {detail} Pass at_kink='subgradient' for {how_sub}, or at_kink='nan' for nan "
        "in the components where the partial derivative does not exist."
    )


def grad_l1_norm(x: ArrayLike, *, at_kink: AtZero = "raise") -> np.ndarray:
    """The gradient of ||x||_1: sign(x), defined only where no component is 0.

    At a component x_k = 0 the term |x_k| has a corner: moving x_k by +s or -s raises the norm
    at rate 1 both ways, so there is no partial derivative. With ``at_kink="subgradient"`` the
    result is sign(x) with 0 at those components, a valid subgradient (any value in [-1, 1]
    would do there; 0 is the smallest). For complex x the gradient (in PyTorch's convention
    d/du + i d/dv) is x_k/|x_k|, computed without losing accuracy for subnormal entries.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.
    at_kink : {"raise", "subgradient", "nan"}
        What to do where a component is 0: raise :class:`UndefinedDerivativeError` (default),
        put 0 there (a subgradient), or put nan there.

    Returns
    -------
    numpy.ndarray
        sign(x) (x_k/|x_k| for complex entries), float64 or complex128.

    Examples
    --------
    >>> grad_l1_norm([3, -4])
    array([ 1., -1.])
    >>> grad_l1_norm([3, 0], at_kink="subgradient")
    array([1., 0.])
    >>> grad_l1_norm([3, 0], at_kink="nan")
    array([ 1., nan])
    """
    check_choice(at_kink, _CHOICES, "at_kink")
    v = as_vector(x)
    g = _phase(v)
    zeros = np.flatnonzero(v == 0)
    if zeros.size:
        if at_kink == "raise":
            k = int(zeros[0])
            raise _kink_error(
                "grad_l1_norm",
                f"||x||_1 has no derivative where a component is 0, and x[{k}] = "
                f"{v[k].item()!r}: along that component the norm grows at rate 1 whether x[{k}] "
                "increases or decreases.",
                "sign(x) with 0 at those components (a valid subgradient)",
            )
        if at_kink == "nan":
            g[zeros] = math.nan
    return g


def grad_linf_norm(x: ArrayLike, *, at_kink: AtZero = "raise") -> np.ndarray:
    """The gradient of ||x||_inf, defined when the largest |x_k| is attained at exactly one k.

    Then it is sign(x_k) e_k (x_k/|x_k| e_k for complex x): only the largest entry matters.
    When several entries tie for the largest modulus (or x = 0) there is no derivative. With
    ``at_kink="subgradient"`` the result is the average of sign(x_k) e_k over the tied indices,
    the subgradient of smallest norm (what PyTorch's ``amax`` does); with ``at_kink="nan"`` the
    tied components are nan and the others 0. Ties are detected on the computed moduli.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.
    at_kink : {"raise", "subgradient", "nan"}
        What to do at a tie: raise :class:`UndefinedDerivativeError` (default), return the
        smallest subgradient, or nan at the tied components.

    Returns
    -------
    numpy.ndarray
        The gradient, float64 (complex128 for complex x).

    Examples
    --------
    >>> grad_linf_norm([3, -4])
    array([ 0., -1.])
    >>> grad_linf_norm([4, -4], at_kink="subgradient")
    array([ 0.5, -0.5])
    """
    check_choice(at_kink, _CHOICES, "at_kink")
    v = as_vector(x)
    a = np.abs(v)
    ties = np.flatnonzero(a == a.max())
    g = np.zeros_like(v)
    if ties.size == 1:
        g[ties] = _phase(v[ties])
        return g
    if at_kink == "raise":
        shown = ", ".join(str(k) for k in ties[:5]) + (", ..." if ties.size > 5 else "")
        raise _kink_error(
            "grad_linf_norm",
            f"||x||_inf has no derivative here: the largest modulus {float(a.max())!r} is "
            f"attained at {ties.size} indices ({shown}), and which of them the maximum follows "
            "depends on the direction of the step.",
            "the average of sign(x_k) e_k over those indices (the smallest subgradient)",
        )
    if at_kink == "nan":
        g[ties] = math.nan
    else:
        g[ties] = _phase(v[ties]) / ties.size
    return g


def grad_lp_norm(x: ArrayLike, p: float, *, at_kink: AtZero = "raise") -> np.ndarray:
    """The gradient of ||x||_p: components x_k |x_k|^(p-2) / ||x||_p^(p-1).

    Written as sign(x_k) (|x_k|/||x||_p)^(p-1), every factor lies in [0, 1], so nothing
    overflows or underflows needlessly. For 1 < p < inf it exists at every x != 0 (even where a
    component is 0, for p > 1); p = 1, 2 and inf are passed to :func:`grad_l1_norm`,
    :func:`grad_l2_norm` and :func:`grad_linf_norm`. For complex x (PyTorch's convention
    d/du + i d/dv) sign(x_k) becomes x_k/|x_k|. Relative accuracy is a few ulp times p.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D vector of finite real or complex numbers.
    p : float
        The exponent, a real number >= 1, or ``np.inf``.
    at_kink : {"raise", "subgradient", "nan"}
        What to do where there is no derivative (the zero vector; for p = 1 or inf also the
        kinks described in :func:`grad_l1_norm` and :func:`grad_linf_norm`): raise
        :class:`UndefinedDerivativeError`, return a subgradient (the zero vector at x = 0),
        or nan.

    Returns
    -------
    numpy.ndarray
        The gradient, float64 (complex128 for complex x).

    Examples
    --------
    >>> grad_lp_norm([3, 4], 2)
    array([0.6, 0.8])
    >>> grad_lp_norm([1, 1], 4)  # each component 1/2**(3/4)
    array([0.59460356, 0.59460356])
    """
    p = _as_p(p)
    check_choice(at_kink, _CHOICES, "at_kink")
    if p == 1.0:
        return grad_l1_norm(x, at_kink=at_kink)
    if p == 2.0:
        return grad_l2_norm(x, at_zero=at_kink)
    if math.isinf(p):
        return grad_linf_norm(x, at_kink=at_kink)
    v = as_vector(x)
    a = np.abs(v)
    m = float(a.max())
    if m == 0.0:
        if at_kink == "raise":
            raise UndefinedDerivativeError(
                f"grad_lp_norm: ||x||_p (p = {p!r}) has no derivative at the zero vector: along h "
                "the one-sided slopes are +||h||_p and -||h||_p. Pass at_kink='subgradient' for "
                "the zero vector (a valid subgradient) or at_kink='nan' for nan."
            )
        return np.full_like(v, 0.0 if at_kink == "subgradient" else math.nan)
    y = a / m
    with np.errstate(under="ignore"):
        ratio = y / float(np.sum(y**p)) ** (1.0 / p)
        return _phase(v) * ratio ** (p - 1.0)
