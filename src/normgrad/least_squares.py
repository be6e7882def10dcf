"""Least squares: the objective ``‖Ax − b‖²``, its gradient, and gradient descent on it.

The objective is ``f(x) = ‖Ax − b‖₂²`` for a real matrix ``A`` (m × n) and a real vector ``b``
(length m). Expanding ``f(x) = (Ax − b)ᵀ(Ax − b)`` and using ``∇‖r‖² = 2r`` with the chain rule
gives the gradient ``∇f(x) = 2Aᵀ(Ax − b)``. The gradient vanishes exactly when ``AᵀA x = Aᵀb``
(the *normal equations*). The Hessian is the constant matrix ``2AᵀA``; fixed-step gradient descent
converges from every start exactly when the step is below ``1/λ_max(AᵀA)``.

numpy only.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Integral, Real

import numpy as np
from numpy.typing import ArrayLike, NDArray

from normgrad._validation import as_vector

__all__ = [
    "gradient_descent",
    "least_squares_gradient",
    "least_squares_hessian",
    "least_squares_objective",
    "max_stable_step",
    "normal_equations_solution",
]


# --------------------------------------------------------------------------------------------
# Input validation
# --------------------------------------------------------------------------------------------


def _matrix(A: ArrayLike) -> NDArray[np.float64]:
    """Return ``A`` as a finite real 2-D float64 array, or raise a clear error.

    Each row goes through the package's vector validator, so lists of ints, floats, sympy numbers
    or fractions all work, and a bad entry is named (``A[1][0] = 'x' is a str ...``).
    """
    if not isinstance(A, list | tuple | np.ndarray | str | bytes) and hasattr(A, "__array__"):
        A = np.asarray(A)  # e.g. a sympy Matrix
    if isinstance(A, np.ndarray) and A.dtype.kind in "iuf" and A.ndim == 2:
        if A.size == 0:
            raise ValueError(f"A is empty (shape {A.shape}); give it at least one row and column.")
        A = A.astype(np.float64, copy=False)
        if not np.all(np.isfinite(A)):
            row, col = np.argwhere(~np.isfinite(A))[0]
            raise ValueError(
                f"A[{row}][{col}] = {A[row, col]} is not finite; every entry of A must be a "
                "finite number."
            )
        return A
    if isinstance(A, np.ndarray) and A.ndim != 2 and A.dtype.kind != "O":
        raise ValueError(f"A must be a 2-D matrix, got an array of shape {A.shape}.")
    if isinstance(A, str | bytes) or not isinstance(A, list | tuple | np.ndarray):
        raise TypeError(
            f"A must be a 2-D matrix (a list of rows or a 2-D numpy array), got {type(A).__name__}."
        )
    if len(A) == 0:
        raise ValueError("A is empty; give it at least one row.")
    rows = []
    for i, row in enumerate(A):
        if isinstance(row, str | bytes) or np.ndim(row) != 1:
            raise ValueError(
                f"A must be a 2-D matrix given as a list of rows; A[{i}] = {row!r} is not a row "
                "of numbers."
            )
        rows.append(as_vector(row, name=f"A[{i}]", allow_complex=False))
    lengths = {len(row) for row in rows}
    if len(lengths) != 1:
        raise ValueError(
            f"the rows of A have different lengths {sorted(lengths)}; A must be rectangular."
        )
    return np.array(rows, dtype=np.float64)


def _vector(v: ArrayLike, name: str) -> NDArray[np.float64]:
    """Return ``v`` as a finite real 1-D float64 array (the package's shared validator)."""
    return as_vector(v, name=name, allow_complex=False)


def _problem(A: ArrayLike, b: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Validate a least-squares problem ``(A, b)``: A is m × n, b has length m."""
    A = _matrix(A)
    b = _vector(b, "b")
    if b.shape[0] != A.shape[0]:
        raise ValueError(
            f"b has length {b.shape[0]} but A has {A.shape[0]} rows; "
            "Ax - b needs one entry of b per row of A."
        )
    return A, b


def _point(x: ArrayLike, A: NDArray[np.float64]) -> NDArray[np.float64]:
    """Validate a point ``x`` for the matrix ``A``: x has one entry per column of A."""
    x = _vector(x, "x")
    if x.shape[0] != A.shape[1]:
        raise ValueError(
            f"x has length {x.shape[0]} but A has {A.shape[1]} columns; "
            "Ax needs one entry of x per column of A."
        )
    return x


# --------------------------------------------------------------------------------------------
# Objective, gradient, Hessian
# --------------------------------------------------------------------------------------------


def least_squares_objective(A: ArrayLike, b: ArrayLike, x: ArrayLike) -> float:
    """Return the least-squares objective ``‖Ax − b‖₂²`` (the sum of squared residuals).

    Parameters
    ----------
    A : array_like, shape (m, n)
        Real matrix.
    b : array_like, shape (m,)
        Real right-hand side.
    x : array_like, shape (n,)
        Real point at which to evaluate.

    Returns
    -------
    float
        ``‖Ax − b‖₂² = Σ_i ((Ax)_i − b_i)²``.

    Raises
    ------
    TypeError
        If an input is not a real numeric array.
    ValueError
        If a shape does not fit or an entry is not finite.

    Examples
    --------
    >>> A = [[1, 1], [1, 0], [0, 1]]
    >>> b = [1, 2, 3]
    >>> least_squares_objective(A, b, [0, 0])      # ‖b‖² = 1 + 4 + 9
    14.0
    >>> least_squares_objective(A, b, [2, 3])      # residual (4, 0, 0)
    16.0
    """
    A, b = _problem(A, b)
    x = _point(x, A)
    residual = A @ x - b
    return float(residual @ residual)


def least_squares_gradient(A: ArrayLike, b: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """Return the gradient ``2Aᵀ(Ax − b)`` of ``‖Ax − b‖₂²`` at ``x``.

    With the residual ``r = Ax − b``, the chain rule gives ``∇‖r‖² = 2r`` pulled back
    through ``x ↦ Ax − b``, whose derivative is ``A``: hence ``2Aᵀr``.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Real matrix.
    b : array_like, shape (m,)
        Real right-hand side.
    x : array_like, shape (n,)
        Real point at which to evaluate.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The gradient vector.

    Raises
    ------
    TypeError
        If an input is not a real numeric array.
    ValueError
        If a shape does not fit or an entry is not finite.

    Examples
    --------
    >>> A = [[1, 1], [1, 0], [0, 1]]
    >>> b = [1, 2, 3]
    >>> least_squares_gradient(A, b, [0, 0])      # -2 Aᵀb
    array([-6., -8.])
    >>> least_squares_gradient(A, b, [1, 1])      # residual (1, -1, -2)
    array([ 0., -2.])
    >>> bool(np.allclose(least_squares_gradient(A, b, [2/3, 5/3]), 0))   # the minimiser
    True
    """
    A, b = _problem(A, b)
    x = _point(x, A)
    return 2.0 * (A.T @ (A @ x - b))


def least_squares_hessian(A: ArrayLike) -> NDArray[np.float64]:
    """Return the Hessian ``2AᵀA`` of ``‖Ax − b‖₂²`` (the same at every ``x``).

    Parameters
    ----------
    A : array_like, shape (m, n)
        Real matrix.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        The symmetric positive semi-definite matrix ``2AᵀA``.

    Raises
    ------
    TypeError
        If ``A`` is not a real numeric array.
    ValueError
        If ``A`` is not 2-D or has a non-finite entry.

    Examples
    --------
    >>> least_squares_hessian([[1, 1], [1, 0], [0, 1]])
    array([[4., 2.],
           [2., 4.]])
    """
    A = _matrix(A)
    return 2.0 * (A.T @ A)


def max_stable_step(A: ArrayLike) -> float:
    """Return ``1/λ_max(AᵀA)``: fixed-step gradient descent on ``‖Ax − b‖²`` needs a smaller step.

    One step maps the error ``e = x − x*`` to ``(I − 2·step·AᵀA) e``. Along an eigenvector of
    ``AᵀA`` with eigenvalue ``λ`` the error is multiplied by ``1 − 2·step·λ``, which shrinks in
    size exactly when ``0 < step < 1/λ``. The largest eigenvalue sets the limit.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Real matrix, not all zero.

    Returns
    -------
    float
        The bound ``1/λ_max(AᵀA)``; every step strictly between 0 and this converges.

    Raises
    ------
    TypeError
        If ``A`` is not a real numeric array.
    ValueError
        If ``A`` is not 2-D, has a non-finite entry, or is all zero (then every step is stable).

    Examples
    --------
    >>> max_stable_step([[1, 1], [1, 0], [0, 1]])   # AᵀA has eigenvalues 1 and 3
    0.3333333333333333
    """
    A = _matrix(A)
    largest = float(np.linalg.eigvalsh(A.T @ A)[-1])
    if largest <= 0.0:
        raise ValueError(
            "A is all zero, so the objective is constant and any step is stable; "
            "there is no finite bound to report."
        )
    return 1.0 / largest


def normal_equations_solution(A: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """Return the minimiser of ``‖Ax − b‖₂²`` by solving the normal equations ``AᵀA x = Aᵀb``.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Real matrix with linearly independent columns (so ``AᵀA`` is invertible and the
        minimiser is unique).
    b : array_like, shape (m,)
        Real right-hand side.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The unique minimiser.

    Raises
    ------
    TypeError
        If an input is not a real numeric array.
    ValueError
        If a shape does not fit, an entry is not finite, or the columns of ``A`` are linearly
        dependent (then there are infinitely many minimisers; ``numpy.linalg.lstsq`` picks the
        shortest) or so nearly dependent that ``AᵀA`` is singular in float64 (condition number
        of ``A`` at least ``1/√ε ≈ 6.7e7``; ``numpy.linalg.lstsq`` still works).

    Examples
    --------
    >>> normal_equations_solution([[1, 1], [1, 0], [0, 1]], [1, 2, 3])   # (2/3, 5/3)
    array([0.66666667, 1.66666667])
    >>> normal_equations_solution([[2, 0], [0, 4]], [2, 2])              # square: A⁻¹b
    array([1. , 0.5])
    """
    A, b = _problem(A, b)
    rank = int(np.linalg.matrix_rank(A))
    if rank < A.shape[1]:
        raise ValueError(
            f"the columns of A are linearly dependent (rank {rank} < {A.shape[1]} columns), so "
            "AᵀA is singular and the minimiser is not unique; use numpy.linalg.lstsq for the "
            "shortest one."
        )
    singular_values = np.linalg.svd(A, compute_uv=False)
    condition = singular_values[0] / singular_values[-1]
    if condition * condition * np.finfo(np.float64).eps >= 1:
        raise ValueError(_ILL_CONDITIONED.format(condition=condition))
    try:
        return np.linalg.solve(A.T @ A, A.T @ b)
    except np.linalg.LinAlgError:  # AᵀA singular in floating point despite the tests above
        raise ValueError(_ILL_CONDITIONED.format(condition=condition)) from None


_ILL_CONDITIONED = (
    "the columns of A are nearly linearly dependent (condition number {condition:.3g}), so AᵀA "
    "is singular in float64 and the normal equations cannot be solved accurately; use "
    "numpy.linalg.lstsq(A, b), which works with A itself."
)


# --------------------------------------------------------------------------------------------
# Gradient descent
# --------------------------------------------------------------------------------------------


def gradient_descent(
    grad: Callable[[NDArray[np.float64]], ArrayLike],
    x0: ArrayLike,
    *,
    step: float,
    n_steps: int,
) -> NDArray[np.float64]:
    """Run fixed-step gradient descent ``x_{k+1} = x_k − step·grad(x_k)`` and return the path.

    Parameters
    ----------
    grad : callable
        ``grad(x)`` returns the gradient at the 1-D float array ``x``, as a vector of the
        same length.
    x0 : array_like, shape (n,)
        Real starting point.
    step : float
        Step size (learning rate), a positive finite number.
    n_steps : int
        Number of steps to take, ``>= 0``.

    Returns
    -------
    numpy.ndarray, shape (n_steps + 1, n)
        Row ``k`` is ``x_k``; row 0 is ``x0``.

    Raises
    ------
    TypeError
        If ``grad`` is not callable, ``x0`` is not a real vector, ``step`` is not a real number
        or ``n_steps`` is not an integer.
    ValueError
        If ``step <= 0`` or is not finite, ``n_steps < 0``, ``grad`` returns a vector of the
        wrong shape, or the iterates blow up to inf/nan (the step is too large).

    Examples
    --------
    Minimise ``‖x‖² `` (gradient ``2x``): each step of size 0.25 halves ``x``.

    >>> gradient_descent(lambda x: 2 * x, [4.0, -2.0], step=0.25, n_steps=3)
    array([[ 4.  , -2.  ],
           [ 2.  , -1.  ],
           [ 1.  , -0.5 ],
           [ 0.5 , -0.25]])
    """
    if not callable(grad):
        raise TypeError(
            f"grad must be a function of x returning the gradient, got {type(grad).__name__}."
        )
    x = _vector(x0, "x0")
    if isinstance(step, bool) or not isinstance(step, Real):
        raise TypeError(f"step must be a real number, got {type(step).__name__}.")
    step = float(step)
    if not np.isfinite(step) or step <= 0.0:
        raise ValueError(f"step must be a positive finite number, got {step}.")
    if isinstance(n_steps, bool) or not isinstance(n_steps, Integral):
        raise TypeError(f"n_steps must be an integer, got {type(n_steps).__name__}.")
    n_steps = int(n_steps)
    if n_steps < 0:
        raise ValueError(f"n_steps must be 0 or more, got {n_steps}.")

    path = np.empty((n_steps + 1, x.shape[0]), dtype=np.float64)
    path[0] = x
    for k in range(n_steps):
        value = grad(path[k].copy())
        try:
            g = np.asarray(value)
        except (ValueError, TypeError):  # ragged lists: numpy's "inhomogeneous shape" error
            raise ValueError(
                f"grad returned {_describe(value)} at step {k}, which is not a rectangular "
                f"array; it must return a vector of {x.shape[0]} numbers, like x0."
            ) from None
        if g.shape != x.shape:
            raise ValueError(
                f"grad returned an array of shape {g.shape} at step {k}; "
                f"it must return a vector of shape {x.shape}, like x0."
            )
        if np.iscomplexobj(g) or not np.issubdtype(g.dtype, np.number):
            raise TypeError(f"grad must return real numbers, got dtype {g.dtype} at step {k}.")
        with np.errstate(over="ignore", invalid="ignore"):
            path[k + 1] = path[k] - step * g
        if not np.all(np.isfinite(path[k + 1])):
            raise ValueError(
                f"gradient descent blew up to inf/nan at step {k + 1}; the step {step} is too "
                "large. For least squares, keep it below max_stable_step(A) = 1/λ_max(AᵀA)."
            )
    return path


def _describe(value: object) -> str:
    """A short description of what a callback returned, for error messages."""
    text = repr(value)
    return text if len(text) <= 60 else f"a {type(value).__name__} ({text[:55]}...)"
