"""Gradient fields on grids, and one-point readouts with subdifferentials.

Four functions of a vector ``x`` are supported, named by short strings:

======== =================== ============================================ =====================
name     f(x)                ∇f(x) where it exists                        no derivative at
======== =================== ============================================ =====================
``l2``   ‖x‖₂                x / ‖x‖₂ (unit vectors)                      x = 0
``l2sq`` ‖x‖₂²               2x                                           (nowhere)
``l1``   ‖x‖₁ = Σ|xᵢ|        (sign x₁, …, sign xₙ)                        any xᵢ = 0 (the axes)
``linf`` ‖x‖∞ = maxᵢ|xᵢ|     sign(xₖ) eₖ for the one k with |xₖ| maximal  ties |xᵢ| = |xⱼ| = max
======== =================== ============================================ =====================

Where ``f`` has no derivative it still has a *subdifferential* ∂f(x): the set of vectors ``g`` with
``f(y) ≥ f(x) + ⟨g, y − x⟩`` for every ``y``. :func:`value_and_gradient` describes it in words and,
in the plane, gives the vertices of the set so it can be drawn.

One-point values and gradients come from :mod:`normgrad.norms`, so they are right over the
whole float64 range. Grid functions (and :func:`values_along_line`) use plain vectorised float
arithmetic: they are meant for pictures over moderate values. numpy only.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from normgrad import norms
from normgrad._validation import as_count, as_real_array, as_real_number, as_vector, check_choice

__all__ = [
    "FUNCTION_NAMES",
    "FUNCTION_LABELS",
    "PointInfo",
    "check_name",
    "gradient_field",
    "symmetric_grid",
    "value_and_gradient",
    "values_along_line",
]

#: The names accepted by every function of this module, in the order the explorers list them.
FUNCTION_NAMES: tuple[str, ...] = ("l2", "l2sq", "l1", "linf")

#: Plain-text labels (Unicode) of the four functions, for menus and readouts.
FUNCTION_LABELS: dict[str, str] = {
    "l2": "‖x‖₂",
    "l2sq": "‖x‖₂²",
    "l1": "‖x‖₁",
    "linf": "‖x‖∞",
}

_MINUS = "\u2212"


# --------------------------------------------------------------------------------------------
# The four functions
# --------------------------------------------------------------------------------------------


def check_name(name: str) -> str:
    """Return ``name`` if it names one of the four functions, else raise a clear error.

    Parameters
    ----------
    name : str
        One of :data:`FUNCTION_NAMES`: ``"l2"``, ``"l2sq"``, ``"l1"``, ``"linf"``.

    Returns
    -------
    str
        ``name`` itself.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If it is a string but not one of the four names (the message lists them).

    Examples
    --------
    >>> check_name("l1")
    'l1'
    >>> check_name("L2")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of 'l2', 'l2sq', 'l1', 'linf'; got 'L2'.
    """
    if not isinstance(name, str):
        raise TypeError(
            f"name must be a string, one of {', '.join(map(repr, FUNCTION_NAMES))}; "
            f"got {type(name).__name__}."
        )
    return check_choice(name, FUNCTION_NAMES, "name")


def _fmt(value: float) -> str:
    """Format a number for a description: integers without a decimal point, Unicode minus."""
    text = f"{value:g}"
    return text.replace("-", _MINUS)


def _fmt_vector(values: NDArray[np.float64]) -> str:
    return "(" + ", ".join(_fmt(float(v)) for v in values) + ")"


# --------------------------------------------------------------------------------------------
# Grids
# --------------------------------------------------------------------------------------------


def symmetric_grid(
    limit: float = 2.0, n: int = 41
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return an ``n × n`` grid over ``[−limit, limit]²`` that is exactly symmetric.

    ``np.linspace(-2, 2, 41)`` is not exactly symmetric in floating point (its 31st entry is
    ``1.0000000000000004``, not ``1``), so grid points on the diagonals would miss the ties of
    ``‖x‖∞``. Here the coordinates are ``limit · k / m`` for the integers ``k = −m, …, m``, which
    are exact negatives of each other; with ``n`` odd, 0 is a grid value.

    Parameters
    ----------
    limit : float
        Half-width of the square, ``> 0``.
    n : int
        Number of points along each axis, ``>= 2``.

    Returns
    -------
    X1, X2 : numpy.ndarray, shape (n, n)
        Coordinates as from ``np.meshgrid``: ``X1`` varies along columns, ``X2`` along rows.

    Examples
    --------
    >>> X1, X2 = symmetric_grid(1.0, 5)
    >>> X1[0]
    array([-1. , -0.5,  0. ,  0.5,  1. ])
    >>> bool(np.all(X1 == -X1[:, ::-1]))
    True
    """
    limit = as_real_number(limit, "limit")
    if limit <= 0:
        raise ValueError(f"limit must be positive (the half-width of the square), got {limit}.")
    n = as_count(n, "n", 2)
    k = 2 * np.arange(n) - (n - 1)  # odd or even integers, symmetric about 0
    coords = limit * (k / (n - 1))
    return np.meshgrid(coords, coords)


def _grid_pair(X1: ArrayLike, X2: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    X1 = as_real_array(X1, "X1")
    X2 = as_real_array(X2, "X2")
    if X1.shape != X2.shape:
        raise ValueError(
            f"X1 and X2 must have the same shape (use np.meshgrid), got {X1.shape} and {X2.shape}."
        )
    return X1, X2


# --------------------------------------------------------------------------------------------
# Fields on grids
# --------------------------------------------------------------------------------------------


def gradient_field(
    name: str, X1: ArrayLike, X2: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return the values ``F`` and the gradient components ``U, V`` of ``f`` on a grid.

    Parameters
    ----------
    name : {"l2", "l2sq", "l1", "linf"}
        The function: ‖x‖₂, ‖x‖₂², ‖x‖₁ or ‖x‖∞ of ``x = (x₁, x₂)``.
    X1, X2 : array_like
        Coordinates of the grid points (same shape, e.g. from :func:`symmetric_grid`).

    Returns
    -------
    F, U, V : numpy.ndarray
        ``F = f(x)``, ``(U, V) = ∇f(x)``, same shape as ``X1``. Where ``f`` has no derivative,
        ``U`` and ``V`` are NaN: at ``x = 0`` for ``l2``; on the axes ``x₁ = 0`` or ``x₂ = 0``
        for ``l1``; on the diagonals ``|x₁| = |x₂|`` (0 included) for ``linf``.

    Examples
    --------
    >>> F, U, V = gradient_field("l2", [[3.0, 0.0]], [[4.0, 0.0]])
    >>> F, U, V
    (array([[5., 0.]]), array([[0.6, nan]]), array([[0.8, nan]]))
    >>> gradient_field("linf", [1.0, 2.0], [1.0, -1.0])[1:]
    (array([nan,  1.]), array([nan,  0.]))
    """
    name = check_name(name)
    X1, X2 = _grid_pair(X1, X2)
    if name == "l2":
        F = np.hypot(X1, X2)
        with np.errstate(invalid="ignore", divide="ignore"):
            U = X1 / F
            V = X2 / F
        undefined = F == 0
    elif name == "l2sq":
        F = X1 * X1 + X2 * X2
        U = 2.0 * X1
        V = 2.0 * X2
        undefined = np.zeros(F.shape, dtype=bool)
    elif name == "l1":
        F = np.abs(X1) + np.abs(X2)
        U = np.sign(X1)
        V = np.sign(X2)
        undefined = (X1 == 0) | (X2 == 0)
    else:  # linf
        A1, A2 = np.abs(X1), np.abs(X2)
        F = np.maximum(A1, A2)
        U = np.where(A1 > A2, np.sign(X1), 0.0)
        V = np.where(A2 > A1, np.sign(X2), 0.0)
        undefined = A1 == A2
    U = np.where(undefined, np.nan, U)
    V = np.where(undefined, np.nan, V)
    return F, U, V


# --------------------------------------------------------------------------------------------
# One point: value, gradient or subdifferential
# --------------------------------------------------------------------------------------------


class PointInfo(NamedTuple):
    """What :func:`value_and_gradient` knows about ``f`` at one point."""

    value: float
    """``f(x)``."""
    gradient: NDArray[np.float64] | None
    """``∇f(x)``, or ``None`` where ``f`` has no derivative."""
    subdifferential: str | None
    """Where there is no derivative: the set ∂f(x) of subgradients, in words; else ``None``.
    When it has two parts, ``"<the set> — <what it means>"``, the first is a formula."""
    subgradients: NDArray[np.float64] | None
    """Where there is no derivative and ``x`` is 2-D: vertices (k × 2, in order around the set)
    of ∂f(x), ready to draw as a polygon (2 vertices: a segment; for the unit disc, 64 points on
    its circle); else ``None``."""


def _unit_circle(k: int = 64) -> NDArray[np.float64]:
    angles = 2 * np.pi * np.arange(k) / k
    return np.column_stack([np.cos(angles), np.sin(angles)])


def value_and_gradient(name: str, x: ArrayLike) -> PointInfo:
    """Return ``f(x)``, ``∇f(x)`` (or ``None``) and, where there is no derivative, ∂f(x).

    Parameters
    ----------
    name : {"l2", "l2sq", "l1", "linf"}
        The function: ‖x‖₂, ‖x‖₂², ‖x‖₁ or ‖x‖∞.
    x : array_like, shape (n,)
        A real vector (any length ``n >= 1``; vertices of ∂f(x) are given for ``n = 2``).

    Returns
    -------
    PointInfo
        ``(value, gradient, subdifferential, subgradients)``. Where ``f`` is differentiable the
        last two are ``None``; where it is not, ``gradient`` is ``None``, ``subdifferential``
        describes the set of subgradients and ``subgradients`` holds its vertices (n = 2).

    Examples
    --------
    >>> info = value_and_gradient("l2", [3, 4])
    >>> info.value, info.gradient, info.subdifferential
    (5.0, array([0.6, 0.8]), None)
    >>> value_and_gradient("l2", [0, 0]).subdifferential
    'the closed unit disc {g : ‖g‖₂ ≤ 1}'
    >>> info = value_and_gradient("l1", [2, 0])
    >>> info.gradient is None, info.subdifferential
    (True, '{1} × [−1, 1] — sign(xᵢ) for nonzero components, any value in [−1, 1] for zero ones')
    >>> info.subgradients
    array([[ 1., -1.],
           [ 1.,  1.]])
    >>> value_and_gradient("linf", [1, -1]).subdifferential
    'conv{(1, 0), (0, −1)} — the convex hull of sign(xᵢ)eᵢ over the tied components i = 1, 2'
    """
    name = check_name(name)
    x = as_vector(x, allow_complex=False)
    n = x.size
    planar = n == 2

    if name == "l2sq":
        return PointInfo(norms.squared_l2_norm(x), norms.grad_squared_l2_norm(x), None, None)

    if name == "l2":
        value = norms.l2_norm(x)
        try:
            return PointInfo(value, norms.grad_l2_norm(x), None, None)
        except norms.UndefinedDerivativeError:
            pass  # x = 0: describe the subdifferential below
        if n == 1:
            return PointInfo(0.0, None, "the interval [−1, 1]", None)
        shape = "disc" if planar else "ball"
        return PointInfo(
            0.0,
            None,
            f"the closed unit {shape} {{g : ‖g‖₂ ≤ 1}}",
            _unit_circle() if planar else None,
        )

    if name == "l1":
        value = norms.l1_norm(x)
        try:
            return PointInfo(value, norms.grad_l1_norm(x), None, None)
        except norms.UndefinedDerivativeError:
            pass  # some xᵢ = 0
        zero = x == 0
        factors = [
            "[−1, 1]" if z else "{" + _fmt(float(np.sign(v))) + "}"
            for v, z in zip(x, zero, strict=True)
        ]
        description = (
            " × ".join(factors)
            + " — sign(xᵢ) for nonzero components, any value in [−1, 1] for zero ones"
        )
        vertices = None
        if planar:
            s = np.sign(x)
            if zero.all():
                vertices = np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])
            elif zero[1]:
                vertices = np.array([[s[0], -1.0], [s[0], 1.0]])
            else:
                vertices = np.array([[-1.0, s[1]], [1.0, s[1]]])
        return PointInfo(value, None, description, vertices)

    # linf
    value = norms.linf_norm(x)
    try:
        return PointInfo(value, norms.grad_linf_norm(x), None, None)
    except norms.UndefinedDerivativeError:
        pass  # a tie for the largest |xᵢ| (x = 0 included)
    if value == 0:
        if n == 1:
            return PointInfo(0.0, None, "the interval [−1, 1]", None)
        description = "conv{±e₁, …, ±eₙ} — the closed L1 unit ball {g : ‖g‖₁ ≤ 1}"
        if planar:
            description = "conv{(±1, 0), (0, ±1)} — the closed L1 unit ball {g : ‖g‖₁ ≤ 1}"
        vertices = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]) if planar else None
        return PointInfo(0.0, None, description, vertices)
    tied = np.flatnonzero(np.abs(x) == value)
    eye = np.eye(n)
    corners = [np.sign(x[i]) * eye[i] + 0.0 for i in tied]  # + 0.0 turns −0 into 0
    description = (
        "conv{"
        + ", ".join(_fmt_vector(c) for c in corners)
        + "} — the convex hull of sign(xᵢ)eᵢ over the tied components i = "
        + ", ".join(str(i + 1) for i in tied)
    )
    vertices = np.array(corners) if planar else None
    return PointInfo(value, None, description, vertices)


def values_along_line(name: str, x: ArrayLike, h: ArrayLike, s: ArrayLike) -> NDArray[np.float64]:
    """Return ``f(x + s h)`` for every step ``s`` (vectorised).

    Parameters
    ----------
    name : {"l2", "l2sq", "l1", "linf"}
        The function.
    x, h : array_like, shape (n,)
        The point and the direction.
    s : array_like
        Steps (any shape).

    Returns
    -------
    numpy.ndarray
        ``f(x + s h)``, same shape as ``s``.

    Examples
    --------
    >>> values_along_line("l1", [1, -2], [1, 1], [0.0, 1.0, 2.0])
    array([3., 3., 3.])
    """
    name = check_name(name)
    x = as_vector(x, allow_complex=False)
    h = as_vector(h, name="h", allow_complex=False, size=x.size)
    s = as_real_array(s, "s")
    points = x + s[..., None] * h  # shape s.shape + (n,)
    if name == "l2":
        return np.sqrt(np.sum(points * points, axis=-1))
    if name == "l2sq":
        return np.sum(points * points, axis=-1)
    if name == "l1":
        return np.sum(np.abs(points), axis=-1)
    return np.max(np.abs(points), axis=-1)
