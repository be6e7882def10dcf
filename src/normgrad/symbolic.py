"""Exact (sympy) derivations behind the lessons on the derivative of the L2 norm.

Each function performs one derivation and returns sympy objects, so a notebook shows the result
in one line (Jupyter renders sympy objects as LaTeX) and a test asserts the same result.

Conventions
-----------
* Vectors are sympy column matrices (n x 1) of **real** symbols ``x1, ..., xn`` (1-based names,
  as in the lessons). A gradient is a column; a derivative ``dy/dx`` is a 1 x n row.
* Functions whose name ends in ``_symbolic`` return a :class:`Derivation`: the function that was
  differentiated, what sympy computed, the closed form the lessons teach, their simplified
  difference and ``holds`` (``True`` when the difference simplifies to exactly zero).
* The results are deterministic: symbols are created in a fixed order with fixed names.

This is the only module of :mod:`normgrad` (together with :mod:`normgrad.exercises`) that
imports sympy.

Examples
--------
>>> from normgrad import symbolic
>>> d = symbolic.grad_l2_norm_symbolic(2)
>>> d.result.T
Matrix([[x1/sqrt(x1**2 + x2**2), x2/sqrt(x1**2 + x2**2)]])
>>> d.holds
True
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral
from typing import NamedTuple

import sympy as sp

__all__ = [
    "CauchyRiemann",
    "ChainRule",
    "ComplexGradients",
    "ConjugateProduct",
    "Derivation",
    "DifferenceQuotient",
    "Differential",
    "DroneChainRule",
    "DronePath",
    "HessianEigen",
    "MatrixSymbolAttempt",
    "OneSidedLimits",
    "PartialTerms",
    "abs_squared_cauchy_riemann",
    "chain_rule_l2_norm",
    "complex_conjugate_product",
    "complex_norm_gradients",
    "complex_squared_norm_gradients",
    "differential_of_xTx",
    "directional_derivative_at_zero",
    "directional_difference_quotient",
    "drone_chain_rule",
    "drone_path",
    "drone_speed",
    "drone_speed_derivative",
    "grad_l1_norm_symbolic",
    "grad_l2_norm_symbolic",
    "grad_norm_shifted",
    "grad_p_norm_symbolic",
    "grad_squared_norm_symbolic",
    "gradient",
    "hessian",
    "hessian_l2_norm_eigen",
    "hessian_l2_norm_symbolic",
    "hessian_squared_norm_symbolic",
    "l1_norm_expr",
    "l2_norm_expr",
    "least_squares_gradient_symbolic",
    "least_squares_matrix_symbol",
    "matrix_symbol_attempts",
    "p_norm_expr",
    "partial_derivative_terms",
    "squared_norm_expr",
    "symbols_vector",
    "try_diff",
]

#: Largest dimension accepted by the functions that build ``n`` symbols (sympy simplification
#: grows quickly with ``n``; the lessons use 2 or 3).
MAX_DIMENSION = 12


# --------------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------------


class Derivation(NamedTuple):
    """One derivation: what sympy computes and the closed form it should equal.

    Attributes
    ----------
    function : sympy.Expr
        The scalar function that was differentiated.
    variables : sympy.Matrix
        The column of variables it was differentiated with respect to.
    result : sympy.Matrix
        What sympy computed (a gradient column or a Hessian matrix).
    expected : sympy.Matrix
        The closed form taught in the lessons.
    difference : sympy.Matrix
        ``simplify(result - expected)``, entry by entry.
    holds : bool
        ``True`` when every entry of ``difference`` is exactly zero (where both sides are
        defined: if needed the variables are taken nonzero, e.g. ``sign(x1) = x1/|x1|``).
    """

    function: sp.Expr
    variables: sp.Matrix
    result: sp.Matrix
    expected: sp.Matrix
    difference: sp.Matrix
    holds: bool


class PartialTerms(NamedTuple):
    """The terms of ``d/dx_j sum_k x_k**2``, one for each ``k``, and their sum."""

    variable: sp.Symbol
    terms: list[sp.Expr]
    total: sp.Expr


class DifferenceQuotient(NamedTuple):
    """``(||x + s h||^2 - ||x||^2) / s`` expanded, and its limit as ``s -> 0``."""

    x: sp.Matrix
    h: sp.Matrix
    s: sp.Symbol
    difference: sp.Expr
    quotient: sp.Expr
    limit: sp.Expr
    expected_quotient: sp.Expr
    expected_limit: sp.Expr
    holds: bool


class Differential(NamedTuple):
    """The differential ``dy`` of ``y = x^T x``, the derivative (1 x n row) and gradient (n x 1)."""

    x: sp.Matrix
    dx: sp.Matrix
    y: sp.Expr
    dy: sp.Expr
    derivative: sp.Matrix
    gradient: sp.Matrix
    holds: bool


class MatrixSymbolAttempt(NamedTuple):
    """One way of asking sympy for a derivative with ``x = MatrixSymbol('x', n, 1)``.

    ``result`` is what sympy returned (``None`` if it raised), ``error`` the exception as
    ``"TypeName: message"`` (``None`` if it did not raise), and ``verdict`` one of
    ``"correct"``, ``"wrong"`` (sympy returned a wrong answer without complaint) or ``"error"``.
    """

    code: str
    meaning: str
    result: sp.Basic | None
    error: str | None
    verdict: str


class ChainRule(NamedTuple):
    """The chain rule for ``||x|| = sqrt(u)`` with ``u = x^T x``."""

    x: sp.Matrix
    inner: sp.Expr
    inner_gradient: sp.Matrix
    outer_derivative: sp.Expr
    gradient: sp.Matrix
    holds: bool


class HessianEigen(NamedTuple):
    """Eigen-structure of the Hessian ``H`` of ``||x||``, checked with explicit eigenvectors.

    ``H x = 0`` (eigenvalue 0 along ``x``) and ``H w = w / ||x||`` for the ``n - 1`` vectors
    ``w_k = x_k e_1 - x_1 e_k`` (``k = 2..n``), which are orthogonal to ``x`` and, when
    ``x_1 != 0``, linearly independent.
    """

    hessian: sp.Matrix
    along: sp.Matrix
    along_image: sp.Matrix
    across: list[sp.Matrix]
    across_residuals: list[sp.Matrix]
    eigenvalues: dict[sp.Expr, int]
    holds: bool


class OneSidedLimits(NamedTuple):
    """One-sided limits of ``(||0 + s h|| - ||0||) / s`` as ``s -> 0``."""

    h: sp.Matrix
    s: sp.Symbol
    quotient: sp.Expr
    right: sp.Expr
    left: sp.Expr


class DronePath(NamedTuple):
    """The drone of the lessons: position ``p(t) = (t, t^2)`` and what follows from it."""

    t: sp.Symbol
    position: sp.Matrix
    velocity: sp.Matrix
    acceleration: sp.Matrix
    speed: sp.Expr
    speed_derivative: sp.Expr


class DroneChainRule(NamedTuple):
    """The chain rule for ``d/dt sqrt(1 + 4 t^2)``, and the slip that drops the factor 1/2.

    ``correct = outer_derivative * inner_derivative``;
    ``slip = inner_derivative / sqrt(inner)`` (the ``1/2`` of ``d sqrt(u)/du = 1/(2 sqrt(u))``
    forgotten), so ``slip / correct = 2``. ``tangential`` is ``v . a / ||v||``, the same rate of
    change of speed computed another way.
    """

    t: sp.Expr
    inner: sp.Expr
    inner_derivative: sp.Expr
    outer_derivative: sp.Expr
    correct: sp.Expr
    slip: sp.Expr
    ratio: sp.Expr
    tangential: sp.Expr


class ComplexGradients(NamedTuple):
    """Real gradients of a function of ``x = u + i v`` with respect to ``u`` and ``v``."""

    u: sp.Matrix
    v: sp.Matrix
    function: sp.Expr
    grad_u: sp.Matrix
    grad_v: sp.Matrix
    expected_u: sp.Matrix
    expected_v: sp.Matrix
    holds: bool


class CauchyRiemann(NamedTuple):
    """The Cauchy-Riemann equations for ``f(z) = re + i im`` with ``z = x + i y``.

    ``equations`` are ``d re/dx - d im/dy`` and ``d re/dy + d im/dx`` (both must vanish for a
    complex derivative to exist); ``solutions`` lists the points where they do.
    """

    x: sp.Symbol
    y: sp.Symbol
    real_part: sp.Expr
    imag_part: sp.Expr
    equations: list[sp.Expr]
    solutions: list[dict[sp.Symbol, sp.Expr]]


class ConjugateProduct(NamedTuple):
    """``x* x`` for ``x = u + i v``, compared with the tempting but wrong ``u^T u - v^T v``."""

    u: sp.Matrix
    v: sp.Matrix
    x: sp.Matrix
    value: sp.Expr
    slip: sp.Expr
    difference: sp.Expr
    slip_grad_v: sp.Matrix
    grad_v: sp.Matrix


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------


def _check_dimension(n: object, name: str = "n", minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"{name} must be an int (the number of components), got {n!r}.")
    n = int(n)
    if not minimum <= n <= MAX_DIMENSION:
        raise ValueError(
            f"{name} must be between {minimum} and {MAX_DIMENSION}, got {n}. "
            "The lessons use 2 or 3; larger sizes make sympy slow."
        )
    return n


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.isidentifier() or not name.isascii():
        raise ValueError(f"name must be a plain ASCII identifier such as 'x', got {name!r}.")
    return name


def _as_column(x: object, what: str = "x") -> sp.Matrix:
    """Return ``x`` (a sympy Matrix or a sequence of sympy expressions) as a column Matrix."""
    if isinstance(x, sp.MatrixBase):
        if x.cols != 1 and x.rows != 1:
            raise ValueError(f"{what} must be a vector (one row or one column), got {x.shape}.")
        return sp.Matrix(list(x))
    if isinstance(x, Sequence) and not isinstance(x, str):
        items = [sp.sympify(v) if isinstance(v, int | sp.Basic) else v for v in x]
        if not items or not all(isinstance(v, sp.Basic) for v in items):
            raise TypeError(
                f"{what} must be a sympy Matrix or a non-empty list of sympy expressions; "
                "build one with symbols_vector(n)."
            )
        return sp.Matrix(items)
    raise TypeError(
        f"{what} must be a sympy Matrix or a list of sympy symbols, got {type(x).__name__}; "
        "build one with symbols_vector(n)."
    )


def _as_variables(x: object) -> sp.Matrix:
    col = _as_column(x, "x")
    if not all(isinstance(v, sp.Symbol) for v in col):
        raise TypeError("the variables must be sympy Symbols; build them with symbols_vector(n).")
    return col


def _as_scalar(expr: object) -> sp.Expr:
    if isinstance(expr, sp.MatrixBase):
        if expr.shape == (1, 1):
            return expr[0, 0]
        raise TypeError(f"expected a scalar expression, got a {expr.shape} matrix.")
    if isinstance(expr, int | sp.Expr):
        return sp.sympify(expr)
    raise TypeError(f"expected a sympy expression, got {type(expr).__name__}.")


def _error_text(error: BaseException) -> str:
    """``"TypeName: message"`` on one line (sympy messages often span several lines)."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _simplify_matrix(m: sp.Matrix) -> sp.Matrix:
    return m.applyfunc(lambda e: sp.simplify(e) if e != 0 else e)


def _derivation(
    function: sp.Expr, variables: sp.Matrix, result: sp.Matrix, expected: sp.Matrix
) -> Derivation:
    difference = _simplify_matrix(result - expected)
    if not difference.is_zero_matrix:
        # The closed forms hold where they are defined (x_k != 0 for 1-D norms, for sign(x)
        # ...): simplify again with nonzero variables, so Piecewise guards at 0 disappear.
        nonzero = {v: sp.Symbol(v.name, real=True, nonzero=True) for v in variables}
        again = _simplify_matrix((result - expected).xreplace(nonzero))
        if again.is_zero_matrix:
            difference = again
    return Derivation(
        function=function,
        variables=variables,
        result=result,
        expected=expected,
        difference=difference,
        holds=bool(difference.is_zero_matrix),
    )


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


def symbols_vector(n: int, name: str = "x", real: bool = True) -> sp.Matrix:
    """Return the column vector of symbols ``name1, ..., namen``.

    Parameters
    ----------
    n : int
        Number of components, 1 to ``MAX_DIMENSION`` (12).
    name : str
        Prefix of the symbol names (an ASCII identifier).
    real : bool
        Declare the symbols real (the default, as in the lessons). With ``False`` they carry
        no assumption (sympy then treats them as complex).

    Returns
    -------
    sympy.Matrix
        An ``n x 1`` column.

    Examples
    --------
    >>> symbols_vector(3).T
    Matrix([[x1, x2, x3]])
    >>> symbols_vector(2, "a")[1].is_real
    True
    """
    n = _check_dimension(n)
    name = _check_name(name)
    if not isinstance(real, bool):
        raise TypeError(f"real must be True or False, got {real!r}.")
    kwargs = {"real": True} if real else {}
    return sp.Matrix([sp.Symbol(f"{name}{k}", **kwargs) for k in range(1, n + 1)])


def squared_norm_expr(x: sp.Matrix | Sequence[sp.Expr]) -> sp.Expr:
    """Return ``||x||^2 = sum_k |x_k|^2`` (``sum_k x_k^2`` for real entries).

    Parameters
    ----------
    x : sympy.Matrix or sequence of sympy expressions
        The vector.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> squared_norm_expr(symbols_vector(3))
    x1**2 + x2**2 + x3**2
    >>> squared_norm_expr([3, 4])
    25
    """
    col = _as_column(x)
    return sp.Add(*[sp.Abs(v) ** 2 for v in col])


def l2_norm_expr(x: sp.Matrix | Sequence[sp.Expr]) -> sp.Expr:
    """Return ``||x|| = sqrt(sum_k |x_k|^2)`` (``sqrt(sum_k x_k^2)`` for real entries).

    Parameters
    ----------
    x : sympy.Matrix or sequence of sympy expressions
        The vector.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> l2_norm_expr(symbols_vector(2))
    sqrt(x1**2 + x2**2)
    >>> l2_norm_expr([1, 2, 2])
    3
    """
    return sp.sqrt(squared_norm_expr(x))


def l1_norm_expr(x: sp.Matrix | Sequence[sp.Expr]) -> sp.Expr:
    """Return ``||x||_1 = sum_k |x_k|``.

    Parameters
    ----------
    x : sympy.Matrix or sequence of sympy expressions
        The vector.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> l1_norm_expr(symbols_vector(2))
    Abs(x1) + Abs(x2)
    >>> l1_norm_expr([3, -4])
    7
    """
    col = _as_column(x)
    return sp.Add(*[sp.Abs(v) for v in col])


def _check_p(p: object) -> sp.Rational:
    if isinstance(p, bool) or not isinstance(p, Integral | sp.Rational):
        raise TypeError(
            f"p must be an int or a sympy Rational such as Rational(3, 2), got {p!r}. "
            "A symbolic p is not supported: sympy cannot simplify the result in general."
        )
    p = sp.Rational(p)
    if p < 1:
        raise ValueError(f"p must be at least 1 (a norm), got {p}.")
    return p


def p_norm_expr(x: sp.Matrix | Sequence[sp.Expr], p: int | sp.Rational) -> sp.Expr:
    """Return ``||x||_p = (sum_k |x_k|^p)^(1/p)`` for a numeric ``p >= 1``.

    Parameters
    ----------
    x : sympy.Matrix or sequence of sympy expressions
        The vector.
    p : int or sympy.Rational
        The exponent, at least 1.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> p_norm_expr(symbols_vector(2), 4)
    (x1**4 + x2**4)**(1/4)
    >>> p_norm_expr([3, 4], 2)
    5
    """
    col = _as_column(x)
    p = _check_p(p)
    return sp.Add(*[sp.Abs(v) ** p for v in col]) ** (1 / p)


def gradient(expr: sp.Expr, x: sp.Matrix | Sequence[sp.Symbol]) -> sp.Matrix:
    """Return the gradient of a scalar expression as a column: entries ``d expr / d x_k``.

    Parameters
    ----------
    expr : sympy.Expr
        A scalar expression.
    x : sympy.Matrix or sequence of sympy.Symbol
        The variables, in order.

    Returns
    -------
    sympy.Matrix
        An ``n x 1`` column.

    Examples
    --------
    >>> x = symbols_vector(2)
    >>> gradient(squared_norm_expr(x), x)
    Matrix([
    [2*x1],
    [2*x2]])
    """
    expr = _as_scalar(expr)
    col = _as_variables(x)
    return sp.Matrix([sp.diff(expr, v) for v in col])


def hessian(expr: sp.Expr, x: sp.Matrix | Sequence[sp.Symbol]) -> sp.Matrix:
    """Return the Hessian matrix ``[d^2 expr / dx_i dx_j]`` of a scalar expression.

    Parameters
    ----------
    expr : sympy.Expr
        A scalar expression.
    x : sympy.Matrix or sequence of sympy.Symbol
        The variables, in order.

    Returns
    -------
    sympy.Matrix
        An ``n x n`` symmetric matrix.

    Examples
    --------
    >>> x = symbols_vector(2)
    >>> hessian(squared_norm_expr(x), x)
    Matrix([
    [2, 0],
    [0, 2]])
    """
    expr = _as_scalar(expr)
    col = _as_variables(x)
    return sp.hessian(expr, list(col))


def try_diff(expr: sp.Basic, *variables: sp.Basic) -> sp.Basic | str:
    """Return ``expr.diff(*variables)``, or the exception it raises as ``"TypeName: message"``.

    Lets a notebook show what sympy does with a risky request without a traceback.

    Parameters
    ----------
    expr : sympy.Basic
        The expression to differentiate.
    *variables : sympy.Basic
        What to differentiate with respect to.

    Returns
    -------
    sympy.Basic or str

    Examples
    --------
    >>> x = symbols_vector(2)
    >>> try_diff(l2_norm_expr(x), x[0])
    x1/sqrt(x1**2 + x2**2)
    >>> try_diff(l2_norm_expr(x), 2)
    'ValueError: First variable cannot be a number: 2'
    """
    try:
        return expr.diff(*variables)
    except Exception as error:  # shown to the reader, never hidden
        return _error_text(error)


# --------------------------------------------------------------------------------------------
# Gradients of the L2 norm and its square
# --------------------------------------------------------------------------------------------


def grad_l2_norm_symbolic(n: int) -> Derivation:
    """Differentiate ``||x|| = sqrt(x1^2 + ... + xn^2)`` and compare with ``x / ||x||``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    Derivation
        ``result`` is sympy's gradient, ``expected`` is ``x / ||x||``.

    Examples
    --------
    >>> d = grad_l2_norm_symbolic(3)
    >>> d.result[0]
    x1/sqrt(x1**2 + x2**2 + x3**2)
    >>> d.holds
    True
    """
    x = symbols_vector(n)
    f = l2_norm_expr(x)
    return _derivation(f, x, gradient(f, x), x / f)


def grad_squared_norm_symbolic(n: int) -> Derivation:
    """Differentiate ``||x||^2 = x1^2 + ... + xn^2`` and compare with ``2 x``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    Derivation

    Examples
    --------
    >>> d = grad_squared_norm_symbolic(2)
    >>> d.result.T, d.holds
    (Matrix([[2*x1, 2*x2]]), True)
    """
    x = symbols_vector(n)
    f = squared_norm_expr(x)
    return _derivation(f, x, gradient(f, x), 2 * x)


def chain_rule_l2_norm(n: int) -> ChainRule:
    """The chain-rule proof: ``||x|| = sqrt(u)``, ``u = x^T x``, so ``grad = 1/(2 sqrt(u)) * 2x``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    ChainRule
        ``inner`` is ``u``, ``inner_gradient`` is ``2x``, ``outer_derivative`` is
        ``1/(2 sqrt(u))``, ``gradient`` their product; ``holds`` says it equals ``x/||x||``.

    Examples
    --------
    >>> c = chain_rule_l2_norm(2)
    >>> c.outer_derivative
    1/(2*sqrt(x1**2 + x2**2))
    >>> c.gradient.T, c.holds
    (Matrix([[x1/sqrt(x1**2 + x2**2), x2/sqrt(x1**2 + x2**2)]]), True)
    """
    x = symbols_vector(n)
    inner = squared_norm_expr(x)
    u = sp.Symbol("u", positive=True)
    outer_derivative = sp.diff(sp.sqrt(u), u).subs(u, inner)
    inner_gradient = gradient(inner, x)
    grad = inner_gradient * outer_derivative
    holds = bool(_simplify_matrix(grad - x / l2_norm_expr(x)).is_zero_matrix)
    return ChainRule(x, inner, inner_gradient, outer_derivative, grad, holds)


def partial_derivative_terms(n: int, j: int) -> PartialTerms:
    """The terms ``d(x_k^2)/dx_j``, ``k = 1..n``: only ``k = j`` survives ("where did the sum go?").

    Parameters
    ----------
    n : int
        Number of components.
    j : int
        Which partial derivative, 1-based (``1 <= j <= n``) like the names ``x1..xn``.

    Returns
    -------
    PartialTerms
        ``terms[k - 1]`` is ``d(x_k^2)/dx_j``; ``total`` is their sum ``2 x_j``.

    Examples
    --------
    >>> p = partial_derivative_terms(4, 2)
    >>> p.terms
    [0, 2*x2, 0, 0]
    >>> p.total
    2*x2
    """
    x = symbols_vector(n)
    if isinstance(j, bool) or not isinstance(j, Integral) or not 1 <= int(j) <= x.rows:
        raise ValueError(f"j must be an int from 1 to n = {x.rows} (1-based), got {j!r}.")
    xj = x[int(j) - 1]
    terms = [sp.diff(xk**2, xj) for xk in x]
    return PartialTerms(xj, terms, sp.Add(*terms))


def directional_difference_quotient(n: int) -> DifferenceQuotient:
    """Expand ``(||x + s h||^2 - ||x||^2) / s = 2<x, h> + s ||h||^2`` and let ``s -> 0``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    DifferenceQuotient
        ``quotient`` is the expanded quotient and ``limit`` its limit ``2<x, h> = <2x, h>``;
        ``holds`` checks both against ``expected_quotient`` and ``expected_limit``.

    Examples
    --------
    >>> q = directional_difference_quotient(2)
    >>> q.quotient
    h1**2*s + 2*h1*x1 + h2**2*s + 2*h2*x2
    >>> q.limit
    2*h1*x1 + 2*h2*x2
    >>> q.holds
    True
    """
    x = symbols_vector(n)
    h = symbols_vector(n, "h")
    s = sp.Symbol("s", real=True)
    difference = sp.expand(squared_norm_expr(x + s * h) - squared_norm_expr(x))
    quotient = sp.expand(difference / s)
    limit = sp.limit(quotient, s, 0)
    expected_quotient = 2 * x.dot(h) + s * h.dot(h)
    expected_limit = (2 * x).dot(h)
    holds = sp.expand(quotient - expected_quotient) == 0 and sp.expand(limit - expected_limit) == 0
    return DifferenceQuotient(
        x, h, s, difference, quotient, limit, expected_quotient, expected_limit, bool(holds)
    )


def differential_of_xTx(n: int) -> Differential:
    """Matrix differential of ``y = x^T x``: ``dy = dx^T x + x^T dx = 2 x^T dx``.

    ``dy`` is computed as ``d/de y(x + e dx)`` at ``e = 0``; the derivative ``dy/dx`` is the
    1 x n row (the Jacobian) and the gradient is its transpose, the n x 1 column ``2x``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    Differential
        ``holds`` checks ``dy == derivative * dx`` and ``gradient == 2x``.

    Examples
    --------
    >>> d = differential_of_xTx(2)
    >>> d.dy
    2*dx1*x1 + 2*dx2*x2
    >>> d.derivative
    Matrix([[2*x1, 2*x2]])
    >>> d.gradient.shape
    (2, 1)
    """
    x = symbols_vector(n)
    dx = symbols_vector(n, "dx")
    e = sp.Symbol("epsilon", real=True)
    y = (x.T * x)[0, 0]
    dy = sp.expand(sp.diff((x + e * dx).T * (x + e * dx), e)[0, 0].subs(e, 0))
    derivative = sp.Matrix([y]).jacobian(x)
    grad = derivative.T
    holds = sp.expand(dy - (derivative * dx)[0, 0]) == 0 and (grad - 2 * x).is_zero_matrix
    return Differential(x, dx, y, dy, derivative, grad, bool(holds))


def grad_norm_shifted(n: int) -> Derivation:
    """Differentiate ``||x + a||`` for a constant vector ``a``; compare with ``(x + a)/||x + a||``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    Derivation
        Variables ``x1..xn``; constants ``a1..an``. Valid where ``x != -a``.

    Examples
    --------
    >>> d = grad_norm_shifted(2)
    >>> d.result[0]
    (a1 + x1)/sqrt((a1 + x1)**2 + (a2 + x2)**2)
    >>> d.holds
    True
    """
    x = symbols_vector(n)
    a = symbols_vector(n, "a")
    f = l2_norm_expr(x + a)
    return _derivation(f, x, gradient(f, x), (x + a) / f)


# --------------------------------------------------------------------------------------------
# Symbolic-n (MatrixSymbol) versions and their traps
# --------------------------------------------------------------------------------------------


def _matrix_symbol_verdict(result: sp.Basic, expected: sp.Matrix, n: sp.Symbol) -> str:
    """Compare a MatrixSymbol result with the explicit expected value for n = 3."""
    x3 = sp.MatrixSymbol("x", 3, 1)
    try:
        value = result.subs(n, 3)
        if isinstance(value, sp.MatrixExpr):
            value = value.subs(sp.MatrixSymbol("x", n, 1), x3).as_explicit()
        value = sp.Matrix(value) if isinstance(value, sp.MatrixBase) else value
        if not isinstance(value, sp.MatrixBase) or value.shape != expected.shape:
            return "wrong"
        return "correct" if _simplify_matrix(value - expected).is_zero_matrix else "wrong"
    except Exception:  # an unverifiable result is not called correct
        return "wrong"


def matrix_symbol_attempts() -> list[MatrixSymbolAttempt]:
    """What sympy does when ``x = MatrixSymbol('x', n, 1)`` has a symbolic size ``n``.

    Five requests are made, each caught so nothing raises:

    1. ``(x.T*x).diff(x)`` -- the gradient of ``||x||^2``;
    2. ``(x.T*x)[0, 0].diff(x)`` -- the same, after taking the scalar entry;
    3. ``sqrt((x.T*x)[0, 0]).diff(x)`` -- the gradient of ``||x||`` from the scalar entry;
    4. ``sqrt(x.T*x).diff(x)`` -- the gradient of ``||x||`` on the 1 x 1 matrix;
    5. ``(x.T*x).diff(x).diff(x)`` -- the Hessian of ``||x||^2``.

    The verdict is computed, not assumed: each result is evaluated for ``n = 3`` and compared
    with the explicit answer (``2x``, ``x/||x||`` or ``2I``). With sympy 1.14, 1 and 4 are
    correct, 5 gives ``2*I`` (correct), 2 silently returns the zero matrix ``0`` (wrong) and
    3 raises a ``TypeError``.

    Returns
    -------
    list of MatrixSymbolAttempt

    Examples
    --------
    >>> attempts = matrix_symbol_attempts()
    >>> [(a.code, a.verdict) for a in attempts]  # doctest: +NORMALIZE_WHITESPACE
    [('(x.T*x).diff(x)', 'correct'), ('(x.T*x)[0, 0].diff(x)', 'wrong'),
     ('sqrt((x.T*x)[0, 0]).diff(x)', 'error'), ('sqrt(x.T*x).diff(x)', 'correct'),
     ('(x.T*x).diff(x).diff(x)', 'correct')]
    >>> attempts[0].result
    2*x
    """
    n = sp.Symbol("n", integer=True, positive=True)
    x = sp.MatrixSymbol("x", n, 1)
    x3 = sp.Matrix(sp.MatrixSymbol("x", 3, 1))
    grad_sq = 2 * x3
    grad_norm = x3 / sp.sqrt((x3.T * x3)[0, 0])
    hess_sq = 2 * sp.eye(3)
    requests = [
        ("(x.T*x).diff(x)", "gradient of ||x||^2", lambda: (x.T * x).diff(x), grad_sq),
        (
            "(x.T*x)[0, 0].diff(x)",
            "gradient of ||x||^2 from the scalar entry",
            lambda: (x.T * x)[0, 0].diff(x),
            grad_sq,
        ),
        (
            "sqrt((x.T*x)[0, 0]).diff(x)",
            "gradient of ||x|| from the scalar entry",
            lambda: sp.sqrt((x.T * x)[0, 0]).diff(x),
            grad_norm,
        ),
        (
            "sqrt(x.T*x).diff(x)",
            "gradient of ||x|| from the 1 x 1 matrix",
            lambda: sp.sqrt(x.T * x).diff(x),
            grad_norm,
        ),
        (
            "(x.T*x).diff(x).diff(x)",
            "Hessian of ||x||^2",
            lambda: (x.T * x).diff(x).diff(x),
            hess_sq,
        ),
    ]
    attempts = []
    for code, meaning, request, expected in requests:
        try:
            result = request()
        except Exception as error:  # the error is the lesson
            attempts.append(MatrixSymbolAttempt(code, meaning, None, _error_text(error), "error"))
            continue
        verdict = _matrix_symbol_verdict(result, expected, n)
        attempts.append(MatrixSymbolAttempt(code, meaning, result, None, verdict))
    return attempts


def least_squares_matrix_symbol() -> Derivation:
    """``d/dx ||Ax - b||^2`` with ``MatrixSymbol`` s of symbolic size: ``2 A^T (A x - b)``.

    ``A`` is ``m x n``, ``b`` is ``m x 1``, ``x`` is ``n x 1`` with symbolic ``m`` and ``n``.
    ``result`` and ``expected`` are matrix expressions; ``difference`` is their expanded
    difference (a zero matrix when they agree).

    Returns
    -------
    Derivation

    Examples
    --------
    >>> d = least_squares_matrix_symbol()
    >>> d.result
    2*A.T*(A*x - b)
    >>> d.holds
    True
    """
    m, n = sp.symbols("m n", integer=True, positive=True)
    a = sp.MatrixSymbol("A", m, n)
    b = sp.MatrixSymbol("b", m, 1)
    x = sp.MatrixSymbol("x", n, 1)
    r = a * x - b
    f = r.T * r
    result = f.diff(x)
    expected = 2 * a.T * (a * x - b)
    difference = sp.expand(result - expected)
    holds = difference == sp.ZeroMatrix(n, 1) or difference == 0
    return Derivation(f, x, result, expected, difference, bool(holds))


# --------------------------------------------------------------------------------------------
# Second derivatives
# --------------------------------------------------------------------------------------------


def hessian_l2_norm_symbolic(n: int) -> Derivation:
    """Hessian of ``||x||``, compared with ``(I - x x^T / ||x||^2) / ||x||``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    Derivation

    Examples
    --------
    >>> d = hessian_l2_norm_symbolic(2)
    >>> d.result[0, 1]
    -x1*x2/(x1**2 + x2**2)**(3/2)
    >>> d.holds
    True
    """
    x = symbols_vector(n)
    f = l2_norm_expr(x)
    expected = (sp.eye(x.rows) - x * x.T / f**2) / f
    return _derivation(f, x, hessian(f, x), expected)


def hessian_squared_norm_symbolic(n: int) -> Derivation:
    """Hessian of ``||x||^2``: the constant matrix ``2 I``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    Derivation

    Examples
    --------
    >>> d = hessian_squared_norm_symbolic(2)
    >>> d.result, d.holds
    (Matrix([
    [2, 0],
    [0, 2]]), True)
    """
    x = symbols_vector(n)
    f = squared_norm_expr(x)
    return _derivation(f, x, hessian(f, x), 2 * sp.eye(x.rows))


def hessian_l2_norm_eigen(n: int) -> HessianEigen:
    """Eigenvalues of the Hessian of ``||x||``: ``0`` along ``x``, ``1/||x||`` across it.

    Checked with explicit eigenvectors: ``H x = 0`` and ``H w_k = w_k / ||x||`` for
    ``w_k = x_k e_1 - x_1 e_k``, ``k = 2..n`` (orthogonal to ``x``).

    Parameters
    ----------
    n : int
        Number of components, at least 2.

    Returns
    -------
    HessianEigen
        ``eigenvalues`` maps each eigenvalue to its multiplicity: ``{0: 1, 1/||x||: n - 1}``.

    Examples
    --------
    >>> e = hessian_l2_norm_eigen(2)
    >>> e.eigenvalues
    {0: 1, 1/sqrt(x1**2 + x2**2): 1}
    >>> e.along_image.T, e.holds
    (Matrix([[0, 0]]), True)
    """
    n = _check_dimension(n, minimum=2)
    x = symbols_vector(n)
    r = l2_norm_expr(x)
    h = hessian(r, x)
    along_image = _simplify_matrix(h * x)
    across = []
    residuals = []
    for k in range(1, n):
        w = sp.zeros(n, 1)
        w[0] = x[k]
        w[k] = -x[0]
        across.append(w)
        residuals.append(_simplify_matrix(h * w - w / r))
    holds = along_image.is_zero_matrix and all(res.is_zero_matrix for res in residuals)
    eigenvalues = {sp.Integer(0): 1, 1 / r: n - 1}
    return HessianEigen(h, x, along_image, across, residuals, eigenvalues, bool(holds))


# --------------------------------------------------------------------------------------------
# Not differentiable at zero
# --------------------------------------------------------------------------------------------


def directional_derivative_at_zero(n: int) -> OneSidedLimits:
    """One-sided limits of ``||s h|| / s`` at ``s = 0``: ``+||h||`` from the right, ``-||h||`` left.

    They differ, so ``||x||`` has no derivative at ``x = 0`` (the graph is a cone): the reason
    is not merely that the formula ``x/||x||`` divides by zero.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    OneSidedLimits

    Examples
    --------
    >>> z = directional_derivative_at_zero(2)
    >>> z.right, z.left
    (sqrt(h1**2 + h2**2), -sqrt(h1**2 + h2**2))
    """
    h = symbols_vector(n, "h")
    s = sp.Symbol("s", real=True)
    quotient = l2_norm_expr(s * h) / s
    right = sp.limit(quotient, s, 0, "+")
    left = sp.limit(quotient, s, 0, "-")
    return OneSidedLimits(h, s, quotient, right, left)


# --------------------------------------------------------------------------------------------
# The drone
# --------------------------------------------------------------------------------------------


def _time_value(t: object) -> sp.Expr:
    if isinstance(t, bool) or not isinstance(t, Integral | sp.Rational | sp.Expr):
        raise TypeError(
            f"t must be an int or an exact sympy number such as Rational(1, 2), got {t!r}."
        )
    value = sp.sympify(t)
    if value.free_symbols or not value.is_real:
        raise ValueError(f"t must be a real number, got {value}.")
    return value


def drone_path() -> DronePath:
    """The drone of the lessons: ``p(t) = (t, t^2)``, its velocity, acceleration and speed.

    Returns
    -------
    DronePath
        ``speed`` is ``||v(t)|| = sqrt(4 t^2 + 1)`` and ``speed_derivative`` its exact derivative
        ``4 t / sqrt(4 t^2 + 1)``.

    Examples
    --------
    >>> d = drone_path()
    >>> d.velocity.T, d.speed
    (Matrix([[1, 2*t]]), sqrt(4*t**2 + 1))
    >>> d.speed_derivative
    4*t/sqrt(4*t**2 + 1)
    """
    t = sp.Symbol("t", real=True)
    position = sp.Matrix([t, t**2])
    velocity = position.diff(t)
    acceleration = velocity.diff(t)
    speed = l2_norm_expr(velocity)
    return DronePath(t, position, velocity, acceleration, speed, sp.diff(speed, t))


def drone_speed(t: int | sp.Expr | None = None) -> sp.Expr:
    """The drone's speed ``||v(t)|| = sqrt(1 + 4 t^2)``, as a formula or at a given time.

    Parameters
    ----------
    t : int or sympy number, optional
        The time. ``None`` (default) returns the formula in the symbol ``t``.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> drone_speed()
    sqrt(4*t**2 + 1)
    >>> drone_speed(1)
    sqrt(5)
    """
    path = drone_path()
    return path.speed if t is None else path.speed.subs(path.t, _time_value(t))


def drone_speed_derivative(t: int | sp.Expr | None = None) -> sp.Expr:
    """The exact rate of change of the drone's speed, ``4 t / sqrt(1 + 4 t^2)``.

    Parameters
    ----------
    t : int or sympy number, optional
        The time. ``None`` (default) returns the formula in the symbol ``t``.

    Returns
    -------
    sympy.Expr
        At ``t = 1`` this is ``4/sqrt(5) = 4*sqrt(5)/5`` (not ``8/sqrt(5)``: see
        :func:`drone_chain_rule`).

    Examples
    --------
    >>> drone_speed_derivative()
    4*t/sqrt(4*t**2 + 1)
    >>> drone_speed_derivative(1)
    4*sqrt(5)/5
    >>> drone_speed_derivative(2)
    8*sqrt(17)/17
    """
    path = drone_path()
    if t is None:
        return path.speed_derivative
    return path.speed_derivative.subs(path.t, _time_value(t))


def drone_chain_rule(t: int | sp.Expr | None = None) -> DroneChainRule:
    """The chain rule for the drone's speed, step by step, and the slip that doubles it.

    ``speed = sqrt(u)`` with ``u = 1 + 4t^2``: ``d speed/dt = 1/(2 sqrt(u)) * 8t``. Forgetting
    the ``1/2`` from the derivative of the square root gives ``8t / sqrt(u)``, twice the truth
    (``8/sqrt(5)`` instead of ``4/sqrt(5)`` at ``t = 1``).

    Parameters
    ----------
    t : int or sympy number, optional
        Evaluate every field at this time. ``None`` (default) keeps the formulas in ``t``.

    Returns
    -------
    DroneChainRule

    Examples
    --------
    >>> c = drone_chain_rule()
    >>> c.inner, c.inner_derivative, c.outer_derivative
    (4*t**2 + 1, 8*t, 1/(2*sqrt(4*t**2 + 1)))
    >>> c.correct, c.slip, c.ratio
    (4*t/sqrt(4*t**2 + 1), 8*t/sqrt(4*t**2 + 1), 2)
    >>> c1 = drone_chain_rule(1)
    >>> c1.correct, c1.slip, c1.tangential
    (4*sqrt(5)/5, 8*sqrt(5)/5, 4*sqrt(5)/5)
    """
    path = drone_path()
    tt = path.t
    inner = path.velocity.dot(path.velocity)
    u = sp.Symbol("u", positive=True)
    outer_derivative = sp.diff(sp.sqrt(u), u).subs(u, inner)
    inner_derivative = sp.diff(inner, tt)
    correct = sp.simplify(outer_derivative * inner_derivative)
    slip = inner_derivative / sp.sqrt(inner)
    ratio = sp.simplify(slip / correct)
    tangential = sp.simplify(path.velocity.dot(path.acceleration) / path.speed)
    fields = [tt, inner, inner_derivative, outer_derivative, correct, slip, ratio, tangential]
    if t is not None:
        value = _time_value(t)
        fields = [value] + [sp.radsimp(f.subs(tt, value)) for f in fields[1:]]
    return DroneChainRule(*fields)


# --------------------------------------------------------------------------------------------
# Complex vectors
# --------------------------------------------------------------------------------------------


def _complex_parts(n: int) -> tuple[sp.Matrix, sp.Matrix, sp.Matrix]:
    u = symbols_vector(n, "u")
    v = symbols_vector(n, "v")
    return u, v, u + sp.I * v


def complex_conjugate_product(n: int) -> ConjugateProduct:
    """``x* x`` for ``x = u + i v`` is ``u^T u + v^T v``, not ``u^T u - v^T v``.

    The slip treats ``x* x`` as if it were ``x^T x`` (no conjugate) and keeps only the real
    part: ``(u + iv)^T (u + iv) = u^T u - v^T v + 2i u^T v``. With the conjugate the cross
    terms cancel and ``+ v^T v`` remains, so ``grad_v = 2v`` (not ``-2v``).

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    ConjugateProduct
        ``value`` is ``x* x`` expanded; ``slip`` is ``u^T u - v^T v``; ``difference`` is
        ``value - slip = 2 v^T v``; ``slip_grad_v`` and ``grad_v`` are the gradients with respect
        to ``v`` of the slip and of the true value.

    Examples
    --------
    >>> c = complex_conjugate_product(2)
    >>> c.value
    u1**2 + u2**2 + v1**2 + v2**2
    >>> c.difference
    2*v1**2 + 2*v2**2
    >>> c.slip_grad_v.T, c.grad_v.T
    (Matrix([[-2*v1, -2*v2]]), Matrix([[2*v1, 2*v2]]))
    """
    u, v, x = _complex_parts(n)
    value = sp.expand((x.H * x)[0, 0])
    slip = (u.T * u)[0, 0] - (v.T * v)[0, 0]
    return ConjugateProduct(
        u, v, x, value, slip, sp.expand(value - slip), gradient(slip, v), gradient(value, v)
    )


def abs_squared_cauchy_riemann() -> CauchyRiemann:
    """Where ``z -> |z|^2`` has a complex derivative: only at ``z = 0``.

    With ``z = x + i y``, ``|z|^2 = x^2 + y^2 + 0 i``. The Cauchy-Riemann equations
    ``2x = 0`` and ``2y = 0`` hold only at the origin, so ``|z|^2`` is complex-differentiable
    at ``z = 0`` alone and holomorphic nowhere; this is why complex ``x`` is handled with real
    gradients with respect to ``u = Re x`` and ``v = Im x``.

    Returns
    -------
    CauchyRiemann

    Examples
    --------
    >>> c = abs_squared_cauchy_riemann()
    >>> c.real_part, c.imag_part, c.equations
    (x**2 + y**2, 0, [2*x, 2*y])
    >>> c.solutions
    [{x: 0, y: 0}]
    """
    x, y = sp.symbols("x y", real=True)
    z = x + sp.I * y
    f = sp.expand(z * sp.conjugate(z))
    re, im = sp.re(f), sp.im(f)
    equations = [sp.diff(re, x) - sp.diff(im, y), sp.diff(re, y) + sp.diff(im, x)]
    solutions = sp.solve(equations, [x, y], dict=True)
    return CauchyRiemann(x, y, re, im, equations, solutions)


def complex_squared_norm_gradients(n: int) -> ComplexGradients:
    """Real gradients of ``||x||^2 = x* x`` for ``x = u + i v``: ``grad_u = 2u``, ``grad_v = 2v``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    ComplexGradients

    Examples
    --------
    >>> g = complex_squared_norm_gradients(2)
    >>> g.function
    u1**2 + u2**2 + v1**2 + v2**2
    >>> g.grad_u.T, g.grad_v.T, g.holds
    (Matrix([[2*u1, 2*u2]]), Matrix([[2*v1, 2*v2]]), True)
    """
    u, v, x = _complex_parts(n)
    f = sp.expand((x.H * x)[0, 0])
    grad_u, grad_v = gradient(f, u), gradient(f, v)
    holds = (grad_u - 2 * u).is_zero_matrix and (grad_v - 2 * v).is_zero_matrix
    return ComplexGradients(u, v, f, grad_u, grad_v, 2 * u, 2 * v, bool(holds))


def complex_norm_gradients(n: int) -> ComplexGradients:
    """Real gradients of ``||x|| = sqrt(x* x)`` for ``x = u + i v``: ``u/||x||`` and ``v/||x||``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    ComplexGradients

    Examples
    --------
    >>> g = complex_norm_gradients(1)
    >>> g.function
    sqrt(u1**2 + v1**2)
    >>> g.grad_v.T, g.holds
    (Matrix([[v1/sqrt(u1**2 + v1**2)]]), True)
    """
    u, v, x = _complex_parts(n)
    f = sp.sqrt(sp.expand((x.H * x)[0, 0]))
    grad_u, grad_v = gradient(f, u), gradient(f, v)
    expected_u, expected_v = u / f, v / f
    holds = (
        _simplify_matrix(grad_u - expected_u).is_zero_matrix
        and _simplify_matrix(grad_v - expected_v).is_zero_matrix
    )
    return ComplexGradients(u, v, f, grad_u, grad_v, expected_u, expected_v, bool(holds))


# --------------------------------------------------------------------------------------------
# Least squares, L1 and p-norms
# --------------------------------------------------------------------------------------------


def least_squares_gradient_symbolic(m: int = 3, n: int = 2) -> Derivation:
    """Gradient of ``||A x - b||^2`` for a symbolic ``A`` (m x n): ``2 A^T (A x - b)``.

    Parameters
    ----------
    m : int
        Rows of ``A`` (entries ``a11 .. amn``; ``m <= 9``).
    n : int
        Columns of ``A`` and components of ``x`` (``n <= 9``).

    Returns
    -------
    Derivation

    Examples
    --------
    >>> d = least_squares_gradient_symbolic(2, 2)
    >>> d.function
    (a11*x1 + a12*x2 - b1)**2 + (a21*x1 + a22*x2 - b2)**2
    >>> d.holds
    True
    """
    m = _check_dimension(m, "m")
    n = _check_dimension(n, "n")
    if m > 9 or n > 9:
        raise ValueError(f"m and n must be at most 9 (entry names a11..a99), got {m} x {n}.")
    a = sp.Matrix(m, n, lambda i, j: sp.Symbol(f"a{i + 1}{j + 1}", real=True))
    b = symbols_vector(m, "b")
    x = symbols_vector(n)
    r = a * x - b
    f = squared_norm_expr(r)
    result = gradient(f, x)
    expected = 2 * a.T * r
    difference = (result - expected).applyfunc(sp.expand)
    return Derivation(f, x, result, expected, difference, bool(difference.is_zero_matrix))


def grad_l1_norm_symbolic(n: int) -> Derivation:
    """Gradient of ``||x||_1 = sum |x_k|``: ``sign(x)``, valid where no ``x_k`` is zero.

    At a point with some ``x_k = 0`` the L1 norm has a kink and no gradient; its subgradients
    there have any ``k``-th entry in ``[-1, 1]``.

    Parameters
    ----------
    n : int
        Number of components.

    Returns
    -------
    Derivation

    Examples
    --------
    >>> d = grad_l1_norm_symbolic(2)
    >>> d.result.T, d.holds
    (Matrix([[sign(x1), sign(x2)]]), True)
    """
    x = symbols_vector(n)
    f = l1_norm_expr(x)
    return _derivation(f, x, gradient(f, x), x.applyfunc(sp.sign))


def grad_p_norm_symbolic(n: int, p: int | sp.Rational = 3) -> Derivation:
    """Gradient of ``||x||_p``: ``sign(x_k) |x_k|^(p-1) / ||x||_p^(p-1)``.

    For ``x_k != 0`` this equals ``x_k |x_k|^(p-2) / ||x||_p^(p-1)``; the ``sign`` form also
    covers ``x_k = 0`` when ``p > 1``. For ``p = 2`` it is ``x / ||x||``, for ``p = 1``
    ``sign(x)``.

    Parameters
    ----------
    n : int
        Number of components.
    p : int or sympy.Rational
        Numeric exponent ``p >= 1`` (default 3).

    Returns
    -------
    Derivation

    Examples
    --------
    >>> d = grad_p_norm_symbolic(2, 4)
    >>> d.result[0]
    x1**3/(x1**4 + x2**4)**(3/4)
    >>> d.holds
    True
    """
    x = symbols_vector(n)
    p = _check_p(p)
    f = p_norm_expr(x, p)
    expected = x.applyfunc(lambda v: sp.sign(v) * sp.Abs(v) ** (p - 1) / f ** (p - 1))
    return _derivation(f, x, gradient(f, x), expected)
