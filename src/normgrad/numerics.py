"""Numerical checks of derivatives: finite differences, the complex step, difference quotients.

The notebooks use these to check every analytic gradient they derive. Everything here works for
real and complex vectors; for complex x = u + iv the gradient of a real function f is reported
as df/du + i df/dv (PyTorch's convention, as in :mod:`normgrad.norms`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from normgrad._validation import as_vector, check_choice

__all__ = ["difference_quotients", "numerical_gradient", "relative_error"]

Method = Literal["central", "forward", "complex-step"]
_METHODS: tuple[str, ...] = ("central", "forward", "complex-step")
# Default relative steps. Central differences are Richardson-extrapolated (error O(h^4) plus
# rounding eps/h), best near h ~ eps**(1/5); forward differences (error O(h) + eps/h) near
# sqrt(eps); the complex step has no cancellation, so its step can be tiny.
_RELATIVE_STEP = {"central": 2.0**-10, "forward": 2.0**-26, "complex-step": 2.0**-60}


def _scalar_result(value: Any, where: str, allow_complex: bool) -> float | complex:
    """Check that ``value`` (what f returned) is one finite real (or complex) number."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"f returned a boolean ({value!r}) {where}; f must return a real number.")
    if np.ndim(value) != 0:
        raise TypeError(
            f"f must return a single real number, but it returned an array of shape "
            f"{np.shape(value)} {where}. (Did you forget to sum, or to take the norm?)"
        )
    if isinstance(value, np.ndarray):
        value = value[()]
    if isinstance(value, (complex, np.complexfloating)):
        if not allow_complex:
            raise TypeError(
                f"f returned the complex number {value!r} {where}, but method='central' and "
                "method='forward' need f to return a real number."
            )
        number: float | complex = complex(value)
        finite = math.isfinite(number.real) and math.isfinite(number.imag)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        finite = math.isfinite(number)
    else:
        raise TypeError(
            f"f must return a real number, but it returned {value!r} "
            f"(type {type(value).__name__}) {where}."
        )
    if not finite:
        raise ValueError(
            f"f returned {value!r} {where}; a derivative can only be estimated from finite "
            "values (is x, or x plus the step, outside the domain of f?)."
        )
    return number


def _check_callable(f: Any) -> None:
    if not callable(f):
        raise TypeError(f"f must be a function of one vector argument, got {f!r}.")


def _steps(w: np.ndarray, step: Any, method: str, size: int) -> np.ndarray:
    """Per real coordinate steps: by default relative to max |x_j| (1 at x = 0), or the user's."""
    if step is None:
        # Every coordinate's step is relative to the size of x (its largest entry; 1 at x = 0).
        largest = float(np.max(np.abs(w)))
        return np.full(w.size, (largest if largest > 0 else 1.0) * _RELATIVE_STEP[method])
    if isinstance(step, (int, float, np.integer, np.floating)) and not isinstance(
        step, (bool, np.bool_)
    ):
        try:
            values = np.full(size, float(step))
        except OverflowError:
            raise ValueError(
                "step is too large for a float64; pass a small positive step such as 1e-6."
            ) from None
    else:
        values = as_vector(step, name="step", allow_complex=False)
        if values.size != size:
            raise ValueError(
                f"step has {values.size} entries but x has {size}; pass one positive step, or "
                "one per entry of x."
            )
    bad = np.flatnonzero(~(np.isfinite(values) & (values > 0)))
    if bad.size:
        where = "step" if np.ndim(step) == 0 else f"step[{int(bad[0])}]"
        raise ValueError(
            f"every step must be a positive finite number, but {where} = "
            f"{float(values[bad[0]])!r}."
        )
    if w.size != size:  # complex x: the same step for the real and the imaginary part
        values = np.repeat(values, 2)
    return values


def numerical_gradient(
    f: Callable[[np.ndarray], float],
    x: ArrayLike,
    *,
    method: Method = "central",
    step: float | ArrayLike | None = None,
) -> np.ndarray:
    """Estimate the gradient of a real function f at x from values of f alone.

    ``method="central"`` (default): central differences (f(x + h e_k) - f(x - h e_k))/(2h),
    Richardson-extrapolated from steps h and h/2 (the combination (4 D(h/2) - D(h))/3 cancels
    the h^2 error term), with h = 2**-10 max_j |x_j| by default. Typical relative error
    1e-12 for smooth f (relative to the largest gradient entry).

    The default step follows the size of the whole vector, not of each entry: a norm changes
    on the scale of ||x|| along every axis, and f(x) is as large as the large entries make it,
    so a step tied to a tiny (or zero) entry's own size would drown f(x + h) - f(x - h) in the
    rounding error of f. At x = 0 the scale is 1. Pass ``step`` when f varies on a scale of
    its own rather than that of x: e.g. f(x) = b . x + x . A x at a tiny x such as 1e-300
    needs a step of about 1e-3, not 1e-303.

    ``method="forward"``: (f(x + h e_k) - f(x))/h with h = 2**-26 max_j |x_j|; error about
    1e-8. Cheaper, and what a first course shows.

    ``method="complex-step"``: Im f(x + i h e_k)/h with h = 2**-60 max_j |x_j|. There is no
    subtraction, hence no cancellation, and the result is accurate to machine precision, but
    only for an f that is analytic (built from +, -, *, /, exp, sqrt, ... that extend to complex
    numbers) and written so that it works on complex input. ``lambda x: np.sqrt(np.sum(x**2))``
    qualifies; ``np.abs``, ``np.linalg.norm`` and :func:`normgrad.l2_norm` do not: they compute
    |z| = sqrt(re^2 + im^2), which is not analytic and returns a real number, discarding the
    imaginary part that carries the derivative. f must return a complex number here (a real
    result raises ``TypeError`` rather than silently giving 0), and x must be real.

    For complex x = u + iv (central/forward only), f is differentiated along the real and
    imaginary part of every entry and the result is df/du + i df/dv (PyTorch's convention).

    Parameters
    ----------
    f : callable
        f(x) -> real number, for a 1-D numpy array x (float64, or complex128 for complex x or
        the complex step). It receives a fresh copy, so it may modify its argument.
    x : array_like
        The point, a non-empty 1-D vector of finite numbers.
    method : {"central", "forward", "complex-step"}
        The difference scheme (see above).
    step : float or array_like, optional
        One absolute step for every component, or one per component; positive and finite.
        Default: relative to the size of x (its largest entry), as described above.

    Returns
    -------
    numpy.ndarray
        The estimated gradient, float64 (complex128 for complex x).

    Raises
    ------
    TypeError
        If f is not callable or does not return one real number (or, for the complex step,
        one complex number); if x is complex with the complex step.
    ValueError
        For an invalid x, method or step, if f returns nan or inf, or if a step is so small
        that x + step == x.

    Examples
    --------
    >>> import numpy as np
    >>> numerical_gradient(lambda x: np.sqrt(x @ x), [3.0, 4.0])
    array([0.6, 0.8])
    >>> numerical_gradient(lambda x: x @ x, [3.0, 4.0], method="forward").round(6)
    array([6., 8.])
    >>> numerical_gradient(lambda x: np.sqrt(np.sum(x**2)), [3.0, 4.0], method="complex-step")
    array([0.6, 0.8])
    """
    check_choice(method, _METHODS, "method")
    _check_callable(f)
    v = as_vector(x)
    is_complex = v.dtype == np.complex128
    if is_complex and method == "complex-step":
        raise TypeError(
            "method='complex-step' needs a real x: it uses the imaginary direction itself to "
            "carry the derivative. For complex x use method='central'."
        )
    w = np.ascontiguousarray(v).view(np.float64) if is_complex else v
    steps = _steps(w, step, method, v.size)

    def evaluate(point: np.ndarray, where: str, complex_result: bool = False) -> Any:
        argument = point.view(np.complex128) if is_complex else point
        return _scalar_result(f(argument.copy()), where, complex_result)

    gradient = np.empty(w.size)
    if method == "complex-step":
        _scalar_result(f(w.astype(np.complex128)), "at x", allow_complex=True)
        for k, h in enumerate(steps):
            point = w.astype(np.complex128)
            point[k] += 1j * h
            value = _scalar_result(f(point), f"at x + {h!r}i e_{k}", allow_complex=True)
            if not isinstance(value, complex):
                raise TypeError(
                    "method='complex-step' needs f to return a complex number for complex input, "
                    f"but f returned the real number {value!r}: f is not analytic as written "
                    "(np.abs, np.linalg.norm and l2_norm drop the imaginary part). Write the "
                    "norm as np.sqrt(np.sum(x**2)), or use method='central'."
                )
            gradient[k] = value.imag / h
        return gradient

    f0 = evaluate(w, "at x")
    for k, h in enumerate(steps):
        if method == "forward":
            plus, actual = _shifted(w, k, h)
            gradient[k] = (evaluate(plus, f"at x + {actual!r} e_{k}") - f0) / actual
            continue
        estimates = []
        for size in (h, h / 2.0):
            plus, up = _shifted(w, k, size)
            minus, down = _shifted(w, k, -size)
            f_plus = evaluate(plus, f"at x + {up!r} e_{k}")
            f_minus = evaluate(minus, f"at x - {-down!r} e_{k}")
            estimates.append((f_plus - f_minus) / (up - down))
        gradient[k] = (4.0 * estimates[1] - estimates[0]) / 3.0
    return gradient.view(np.complex128) if is_complex else gradient


def _shifted(w: np.ndarray, k: int, h: float) -> tuple[np.ndarray, float]:
    """A copy of w with entry k moved by (about) h, and the step actually taken."""
    point = w.copy()
    point[k] = w[k] + h
    actual = float(point[k] - w[k])
    if actual == 0.0:
        raise ValueError(
            f"the step {abs(h)!r} is too small for entry {k} = {float(w[k])!r}: adding it "
            "changes nothing in float64. Pass a larger step."
        )
    if not math.isfinite(actual):
        raise ValueError(f"the step {abs(h)!r} moves entry {k} = {float(w[k])!r} out of range.")
    return point, actual


def difference_quotients(
    f: Callable[[np.ndarray], float], x: ArrayLike, h: ArrayLike, steps: ArrayLike
) -> np.ndarray:
    """The difference quotients (f(x + s h) - f(x))/s for each step s in ``steps``.

    As s -> 0 these tend to the directional derivative of f at x along h, when it exists.
    Negative steps approach from the other side: at x = 0, f = l2_norm, the quotients are
    +||h|| for s > 0 and -||h|| for s < 0, which is why the norm has no derivative there.

    Parameters
    ----------
    f : callable
        f(x) -> real number, for a 1-D numpy array x.
    x : array_like
        The point, a non-empty 1-D vector of finite numbers.
    h : array_like
        The direction, a vector of the same length.
    steps : array_like
        Nonzero real step sizes s.

    Returns
    -------
    numpy.ndarray
        One quotient per step (float64).

    Examples
    --------
    >>> from normgrad import l2_norm
    >>> difference_quotients(l2_norm, [0.0, 0.0], [3.0, 4.0], [0.1, -0.1])
    array([ 5., -5.])
    >>> difference_quotients(lambda x: x @ x, [1.0, 0.0], [1.0, 0.0], [0.1, 0.01])  # 2 + s
    array([2.1 , 2.01])
    """
    _check_callable(f)
    v = as_vector(x)
    d = as_vector(h, name="h", allow_complex=v.dtype == np.complex128)
    if d.size != v.size:
        raise ValueError(f"x has {v.size} entries but h has {d.size}; they must match.")
    s = as_vector(steps, name="steps", allow_complex=False)
    zero = np.flatnonzero(s == 0)
    if zero.size:
        raise ValueError(f"steps[{int(zero[0])}] = 0.0: a difference quotient needs s != 0.")
    f0 = _scalar_result(f(v.copy()), "at x", allow_complex=False)
    quotients = np.empty(s.size)
    for k, size in enumerate(s):
        value = _scalar_result(f(v + size * d), f"at x + {size!r} h", allow_complex=False)
        quotients[k] = (value - f0) / size
    return quotients


def relative_error(approx: ArrayLike, exact: ArrayLike) -> float:
    """The relative error max_k |approx_k - exact_k| / max_k |exact_k| of two vectors.

    Parameters
    ----------
    approx : array_like
        The estimate, a 1-D vector.
    exact : array_like
        The reference, a 1-D vector of the same length, not all zero.

    Returns
    -------
    float
        The largest error relative to the largest exact entry.

    Examples
    --------
    >>> relative_error([0.6, 0.8000001], [0.6, 0.8])
    1.25e-07
    """
    a = as_vector(approx, name="approx")
    b = as_vector(exact, name="exact")
    if a.size != b.size:
        raise ValueError(f"approx has {a.size} entries but exact has {b.size}; they must match.")
    scale = float(np.max(np.abs(b)))
    if scale == 0.0:
        raise ValueError("exact is the zero vector: a relative error is undefined; compare "
                         "absolute errors instead.")
    return float(np.max(np.abs(a - b))) / scale
