"""Input validation shared by every public function of :mod:`normgrad`.

The one place where :mod:`normgrad` checks its inputs. :func:`as_vector` turns what a student
may pass (a list, a tuple, a numpy array, sympy numbers, ...) into a 1-D ``float64`` or
``complex128`` numpy array, or raises a ``TypeError``/``ValueError`` whose message names the
problem and the offending entry. The figures and explorers also need real arrays of any shape
(grids, steps; :func:`as_real_array`), single real numbers (:func:`as_real_number`), counts
(:func:`as_count`) and options from a fixed list (:func:`check_choice`).

Decisions (tested in ``tests/test_validation.py``):

* Accepted entries: Python ``int``/``float``/``complex``, numpy numbers, and any other object
  that converts itself with ``__float__`` or ``__complex__`` (sympy ``Integer``, ``Rational``,
  ``Float``, ``1 + 2*I``; ``fractions.Fraction``; ``decimal.Decimal``). sympy is never imported.
* Booleans (``True``, ``np.True_``, arrays of dtype ``bool``) are rejected with a ``TypeError``:
  a vector of booleans is almost always a mask passed by mistake, and ``True`` silently becoming
  ``1.0`` would hide that. Convert explicitly (``x.astype(float)``) if 0/1 is meant.
* Object arrays are read entry by entry under the same rules as lists, so an object array of
  sympy numbers works and one holding a string is rejected naming the entry.
* nan and infinities are rejected, and so are numbers too large for float64 (``10**400``).
* numpy masked arrays are rejected (``TypeError``): the mask would be silently ignored.
* An input that already is a 1-D ``float64`` (or ``complex128``) array is returned as is: no copy.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from numbers import Integral, Real
from typing import Any

import numpy as np

__all__ = [
    "as_count",
    "as_real_array",
    "as_real_number",
    "as_vector",
    "check_choice",
    "require_finite",
]

_MAX_REPR = 60
_LARGEST = float(np.finfo(np.float64).max)
# dtype kinds numpy converts to float64 / complex128 without losing meaning.
_REAL_KINDS = "iuf"  # signed and unsigned integers, floats


def _short_repr(value: Any) -> str:
    """``repr(value)`` cut to a readable length."""
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        text = f"<{type(value).__name__} object>"
    if len(text) > _MAX_REPR:
        text = text[: _MAX_REPR - 5] + " ...)" if text.endswith(")") else text[:_MAX_REPR] + "..."
    return text


def _a(noun: str) -> str:
    """``noun`` with its indefinite article: 'a list', 'an ndarray'."""
    return ("an " if noun[:1].lower() in "aeio" or noun == "ndarray" else "a ") + noun


def _entry(name: str, index: int, value: Any) -> str:
    return f"{name}[{index}] = {_short_repr(value)}"


def _not_finite_message(name: str, index: int, value: Any, converted: complex | float) -> str:
    parts = [converted.real, converted.imag] if isinstance(converted, complex) else [converted]
    if any(math.isnan(p) for p in parts):
        problem = "is nan (not a number)"
    elif isinstance(value, (float, complex, np.floating, np.complexfloating)):
        problem = "is infinite"
    else:
        problem = f"is infinite or too large for float64 (the largest is {_LARGEST!r})"
    return (
        f"{_entry(name, index, value)} {problem}; every entry of {name} must be a finite "
        "number. Remove or replace it."
    )


def _convert_entry(value: Any, name: str, index: int) -> float | complex:
    """Convert one entry of a list, tuple or object array to ``float`` or ``complex``."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{_entry(name, index, value)} is a boolean, not a number; {name} must hold numbers. "
            "If you meant 0/1, convert explicitly, e.g. [float(v) for v in x]."
        )
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(
                f"{_entry(name, index, value)} is too large for float64 (the largest is "
                f"{_LARGEST!r}); rescale {name}."
            ) from None
    if isinstance(value, (np.floating, np.integer)):
        return float(value)
    if isinstance(value, (complex, np.complexfloating)):
        return complex(value)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iufcb":
        return _convert_entry(value[()], name, index)  # a 0-d array is a number in disguise
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"{_entry(name, index, value)} is {_a(type(value).__name__)}, not a number; "
            f"{name} must hold numbers (write 1.5, not '1.5')."
        )
    if isinstance(value, (list, tuple, np.ndarray, dict, set, frozenset)):
        raise TypeError(
            f"{_entry(name, index, value)} is {_a(type(value).__name__)}, but {name} must be a "
            "flat 1-D vector of numbers (nested lists and ragged lists are not vectors)."
        )
    kind = type(value)
    attempts: list[type] = []
    if hasattr(kind, "__float__"):
        attempts.append(float)
    if hasattr(kind, "__complex__"):
        attempts.append(complex)
    for convert in attempts:
        try:
            return convert(value)
        except OverflowError:
            raise ValueError(
                f"{_entry(name, index, value)} is too large for float64 (the largest is "
                f"{_LARGEST!r}); rescale {name}."
            ) from None
        except (TypeError, ValueError, ArithmeticError):
            continue
    raise TypeError(
        f"{_entry(name, index, value)} (type {kind.__name__}) is not a number"
        + (" (it could not be converted to float or complex)" if attempts else "")
        + f"; every entry of {name} must be an int, float or complex number."
    )


def _from_sequence(values: Any, name: str) -> np.ndarray:
    """Build a float64/complex128 array from a list, tuple or object array, entry by entry."""
    converted: list[float | complex] = []
    has_complex = False
    for index, value in enumerate(values):
        number = _convert_entry(value, name, index)
        if isinstance(number, complex):
            has_complex = True
            finite = math.isfinite(number.real) and math.isfinite(number.imag)
        else:
            finite = math.isfinite(number)
        if not finite:
            raise ValueError(_not_finite_message(name, index, value, number))
        converted.append(number)
    return np.array(converted, dtype=np.complex128 if has_complex else np.float64)


def _fast_list(values: list | tuple) -> np.ndarray | None:
    """Convert a list of plain Python floats/ints/complex in one numpy call, or return None."""
    kinds = set(map(type, values))
    if not kinds <= {float, int, complex}:
        return None
    try:
        return np.array(values, dtype=np.complex128 if complex in kinds else np.float64)
    except OverflowError:  # an int too large for float64: let the slow path name it
        return None


def require_finite(v: np.ndarray, name: str = "x") -> None:
    """Raise ``ValueError`` naming the first nan/inf entry of the 1-D array ``v``, if any.

    Parameters
    ----------
    v : numpy.ndarray
        A 1-D float64 or complex128 array (as returned by :func:`as_vector`).
    name : str
        The argument's name, used in the message.

    Examples
    --------
    >>> require_finite(np.array([1.0, 2.0]))
    >>> require_finite(np.array([1.0, np.nan]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: x[1] = nan is nan (not a number); every entry of x must be a finite number. ...
    """
    finite = np.isfinite(v)
    if finite.all():
        return
    index = int(np.flatnonzero(~finite)[0])
    value = v[index].item()
    raise ValueError(_not_finite_message(name, index, value, value))


def as_vector(
    x: Any,
    *,
    name: str = "x",
    allow_complex: bool = True,
    check_finite: bool = True,
    size: int | None = None,
) -> np.ndarray:
    """Validate ``x`` and return it as a 1-D ``float64`` or ``complex128`` numpy array.

    Parameters
    ----------
    x : array_like
        A non-empty 1-D list, tuple or numpy array of finite real or complex numbers. Entries
        may be Python/numpy numbers or objects converting themselves with ``__float__`` /
        ``__complex__`` (sympy numbers, ``Fraction``, ``Decimal``). Booleans are rejected.
    name : str
        The argument's name, used in error messages (``"x[2] = 'a' is a str ..."``).
    allow_complex : bool
        If False, complex entries raise ``TypeError``.
    check_finite : bool
        If False, skip the scan for nan/inf on numpy arrays (lists are always checked). The
        caller must then detect non-finite entries itself (e.g. from a nan/inf dot product) and
        call :func:`require_finite`. Used by the fast paths of :mod:`normgrad.norms`.
    size : int, optional
        If given, the number of entries ``x`` must have (2 for a point of the plane).

    Returns
    -------
    numpy.ndarray
        1-D, dtype ``float64`` (or ``complex128`` if any entry is complex). A 1-D ``float64`` or
        ``complex128`` array input is returned without copying, so never modify the result.

    Raises
    ------
    TypeError
        ``x`` is not a vector of numbers (a string, None, dict, set, scalar, nested list,
        booleans, strings inside, complex entries when ``allow_complex`` is False).
    ValueError
        ``x`` is empty or not 1-D, or has a nan, an infinity or a number too large for float64.

    Examples
    --------
    >>> as_vector([3, 4])
    array([3., 4.])
    >>> as_vector((1, 2j))
    array([1.+0.j, 0.+2.j])
    >>> as_vector([1.0, "2"])
    Traceback (most recent call last):
    ...
    TypeError: x[1] = '2' is a str, not a number; x must hold numbers (write 1.5, not '1.5').
    >>> as_vector([[1, 2], [3, 4]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: x[0] = [1, 2] is a list, but x must be a flat 1-D vector of numbers ...
    """
    if isinstance(x, (list, tuple, range)):
        values = list(x) if isinstance(x, range) else x
        if len(values) == 0:
            raise ValueError(f"{name} is empty; a vector needs at least one entry.")
        v = _fast_list(values)
        if v is None:
            v = _from_sequence(values, name)  # checks finiteness entry by entry
        elif not np.isfinite(v).all():
            require_finite(v, name)
    else:
        if type(x) is not np.ndarray and isinstance(x, np.ma.MaskedArray):
            raise TypeError(
                f"{name} is a numpy masked array; its mask would be ignored and the hidden "
                f"entries used as numbers. Pass {name}.compressed() to drop the masked entries, "
                f"or {name}.filled(value) to replace them."
            )
        if not isinstance(x, np.ndarray):
            scalar = isinstance(x, (int, float, complex, np.generic, str, bytes))
            if scalar or not hasattr(type(x), "__array__"):
                raise TypeError(_not_a_vector_message(x, name))
            try:
                x = np.asarray(x)
            except Exception as error:
                raise TypeError(
                    f"{name} (a {type(x).__name__}) could not be read as an array: {error}"
                ) from None
        v = _from_array(x, name)
        if check_finite and x.dtype.kind != "O":  # object arrays were checked entry by entry
            require_finite(v, name)
    if not allow_complex and v.dtype == np.complex128:
        nonreal = np.flatnonzero(v.imag != 0)
        index = int(nonreal[0]) if nonreal.size else 0
        raise TypeError(
            f"{name} is complex ({_entry(name, index, v[index].item())}) but this function "
            "needs a real vector. For x = u + iv, work with the real vector "
            "np.concatenate([x.real, x.imag]) instead."
        )
    if size is not None and v.size != size:
        where = " (a point of the plane)" if size == 2 else ""
        raise ValueError(f"{name} must be {size} numbers{where}, got {v.size}: {_short_repr(x)}.")
    return v


def _not_a_vector_message(x: Any, name: str) -> str:
    kind = type(x).__name__
    if x is None:
        got = "None"
    elif isinstance(x, (bool, np.bool_)):
        got = f"a boolean ({x!r})"
    elif isinstance(x, (int, float, complex, np.number)):
        return (
            f"{name} must be a 1-D vector, got the scalar {_short_repr(x)}; "
            f"wrap it in a list, e.g. [{_short_repr(x)}]."
        )
    elif isinstance(x, (str, bytes)):
        got = f"{_a(kind)} ({_short_repr(x)})"
    elif isinstance(x, (dict, set, frozenset)):
        got = f"{_a(kind)} ({_short_repr(x)}), which has no order of entries"
    elif isinstance(x, Iterator):
        got = f"{_a(kind)} (an iterator); pass list(...) of it instead"
    else:
        got = f"{_a(kind)} ({_short_repr(x)})"
    return (
        f"{name} must be a 1-D vector of numbers (a list, tuple or numpy array), got {got}."
    )


def _from_array(x: np.ndarray, name: str) -> np.ndarray:
    """Check the shape and dtype of a numpy array and convert it to float64/complex128."""
    if x.ndim != 1:
        if x.ndim == 0:
            item = x.item() if x.dtype.kind != "O" else x[()]
            raise TypeError(
                f"{name} must be a 1-D vector, got a 0-d array holding {_short_repr(item)}; "
                "wrap it in a list, e.g. np.array([value])."
            )
        raise ValueError(
            f"{name} must be a 1-D vector, got a {x.ndim}-D array of shape {x.shape}; "
            f"flatten it first (e.g. np.ravel({name})) if you mean its entries as one vector."
        )
    if x.size == 0:
        raise ValueError(f"{name} is empty; a vector needs at least one entry.")
    kind = x.dtype.kind
    if x.dtype == np.float64 or x.dtype == np.complex128:
        return x
    if kind in _REAL_KINDS or kind == "c":
        with np.errstate(over="ignore"):  # a too-large long double is reported just below
            v = x.astype(np.complex128 if kind == "c" else np.float64)
        if x.dtype.itemsize > v.dtype.itemsize:  # long double: values may not fit in float64
            overflow = np.flatnonzero(np.isinf(v) & np.isfinite(x))
            if overflow.size:
                index = int(overflow[0])
                raise ValueError(
                    f"{_entry(name, index, x[index])} is too large for float64 (the largest "
                    f"is {_LARGEST!r}); rescale {name}."
                )
        return v
    if kind == "b":
        raise TypeError(
            f"{name} is a boolean array (dtype bool), not numbers; if you meant 0/1, "
            f"convert explicitly: {name}.astype(float)."
        )
    if kind == "O":
        return _from_sequence(x, name)
    raise TypeError(
        f"{name} has dtype {x.dtype}, which does not hold numbers; {name} must be an array of "
        "ints, floats or complex numbers."
    )


def check_choice(value: Any, valid: tuple[str, ...], name: str) -> str:
    """Return ``value`` if it is one of the strings in ``valid``, else raise ``ValueError``.

    Parameters
    ----------
    value : object
        The option the caller passed.
    valid : tuple of str
        The accepted options.
    name : str
        The keyword's name, used in the message.

    Examples
    --------
    >>> check_choice("nan", ("raise", "subgradient", "nan"), "at_zero")
    'nan'
    >>> check_choice("zero", ("raise", "subgradient", "nan"), "at_zero")
    Traceback (most recent call last):
    ...
    ValueError: at_zero must be one of 'raise', 'subgradient', 'nan'; got 'zero'.
    """
    if not isinstance(value, str) or value not in valid:
        options = ", ".join(repr(v) for v in valid)
        raise ValueError(f"{name} must be one of {options}; got {_short_repr(value)}.")
    return value


def as_real_number(value: Any, name: str) -> float:
    """Return ``value`` as a finite ``float``; reject booleans, strings, complex, nan and inf.

    Parameters
    ----------
    value : object
        A real number (Python or numpy int/float).
    name : str
        The argument's name, used in the message.

    Examples
    --------
    >>> as_real_number(2, "limit")
    2.0
    >>> as_real_number(float("nan"), "limit")
    Traceback (most recent call last):
    ...
    ValueError: limit must be finite, got nan.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}.")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number}.")
    return number


def as_count(value: Any, name: str, minimum: int) -> int:
    """Return ``value`` as an ``int`` at least ``minimum`` (a number of points, of arrows).

    Examples
    --------
    >>> as_count(5, "n", 2)
    5
    >>> as_count(1, "n", 2)
    Traceback (most recent call last):
    ...
    ValueError: n must be at least 2, got 1.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")
    return int(value)


def as_real_array(
    value: Any, name: str, *, ndim: int | None = None, check_finite: bool = True
) -> np.ndarray:
    """Return ``value`` as a real ``float64`` array of any shape (a grid, steps, times).

    Parameters
    ----------
    value : array_like
        Real numbers: a number, a (nested) list or a numpy array. Booleans, strings, complex
        numbers and ragged lists are rejected.
    name : str
        The argument's name, used in messages.
    ndim : int, optional
        The number of dimensions required.
    check_finite : bool
        Reject nan and inf (default). Pass False for data that marks gaps with nan (the arrows
        of a gradient field where there is no gradient).

    Examples
    --------
    >>> as_real_array([[1, 2], [3, 4]], "X1")
    array([[1., 2.],
           [3., 4.]])
    >>> as_real_array([1j], "s")
    Traceback (most recent call last):
    ...
    TypeError: s is complex; these functions are for real numbers only.
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be real numbers, got {type(value).__name__}.")
    try:
        array = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers.") from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} is complex; these functions are for real numbers only.")
    if array.dtype.kind not in _REAL_KINDS + "O":
        raise TypeError(f"{name} must contain real numbers, got dtype {array.dtype}.")
    try:
        array = array.astype(np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must contain real numbers (ints or floats).") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {array.shape}.")
    if check_finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains inf or nan; every entry must be a finite number.")
    return array
