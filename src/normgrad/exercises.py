"""Judging answers to the lessons' exercises: :func:`check` is the one way lessons use it.

>>> from normgrad import exercises
>>> exercises.check("unit_vector_1_2_2", "(1/3, 2/3, 2/3)")
Correct!
>>> exercises.check("unit_vector_1_2_2", "(1, 2, 2)")
Not quite. You gave x itself: divide each entry by the length ||x|| = 3.

The exercises themselves (answers, tempting wrong answers and their hints) are in
:mod:`normgrad.exercise_data`; answers are read by :mod:`normgrad.answers`, which never runs
anything in them. An :class:`Exercise` has one right answer (up to equivalence); a
:class:`SubgradientExercise` accepts any vector of a set. :meth:`Exercise.check` returns a
:class:`Feedback`, shown in colour with an icon in Jupyter and as one line of plain text.

How answers are judged
----------------------
* A formula is compared with the right one in double precision at 7 random points (seeded,
  so the verdict never changes between runs) and at 3 more points drawn from a hash of the
  answer itself, so that no term added to the answer can be made to vanish at all of them;
  then sympy confirms exactly that the difference is 0 at two of them (to 30 significant
  digits, raising its working precision up to 400 digits as cancellation needs). Equivalent
  forms (``4/sqrt(5)`` and ``4*sqrt(5)/5``, ``x1/sqrt(x1^2+x2^2)`` and ``x1/norm(x)``) all
  pass; an exact answer off by ``10**-25`` does not.
* A decimal number typed as text counts as right when it equals the exact value (``0.6`` for
  ``3/5``), when it has at least 3 significant digits and is the exact value correctly
  rounded or truncated (``1.789``, ``1.788`` and ``1.7888`` for ``4/sqrt(5) = 1.788854...``;
  not ``1.787``, nor ``1.8``, which has too few digits), when it has at least 12 significant
  digits and agrees to a relative ``1e-9`` (floating-point output pasted as text, such as
  ``0.6000000000000001``), or when it is below ``1e-12`` in size and the exact value is 0
  (round-off, such as an eigenvalue printed as ``-1.38e-17``). A formula with decimals in it,
  such as ``4/2.236``, is right when it agrees to the precision of its decimals (each with at
  least 3 significant digits). The feedback then shows the exact value.
* A Python or numpy float is judged by its digits (``repr``) and is also right within a
  relative ``1e-6`` (a value computed in floating point, even in single precision).
* For a subgradient the same rules hold: a decimal entry stands for every number it is a
  correct rounding or truncation of, so ``(0.70711, 0.70711)`` is a subgradient of ``||x||``
  at 0.
* A wrong answer close to the right one is told to give more digits only when it was typed
  with decimals; a wrong whole number or fraction (``153`` for ``154``) is told to check the
  arithmetic instead.
* Complex numbers are refused, except in exercises that let students type ``i`` for the
  imaginary unit; a numpy complex number whose imaginary part is 0 counts as a real number.
"""

from __future__ import annotations

import cmath
import difflib
import hashlib
import html
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Context as DecimalContext
from decimal import Decimal as DecimalNumber
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from normgrad import exercise_data
from normgrad.answers import (
    AnswerError,
    Digits,
    Reading,
    _time_limit,
    _TookTooLong,
    read,
    symbol_table,
)

__all__ = ["Exercise", "Feedback", "SubgradientExercise", "check", "get", "names"]


# --------------------------------------------------------------------------------------------
# Feedback
# --------------------------------------------------------------------------------------------

_LABELS = {"correct": "Correct!", "incorrect": "Not quite.", "invalid": "Could not read that."}
# Icon and colours (text, border, background) of each status; the words stay for screen readers.
_STYLES = {
    "correct": ("\u2705", "#0f5323", "#1a7f37", "#e6f4ea"),
    "incorrect": ("\u274c", "#7a1212", "#b42318", "#fdecea"),
    "invalid": ("\u26a0\ufe0f", "#5c3b00", "#9a6700", "#fff4d6"),
}


def _html_message(text: str) -> str:
    """HTML-escape ``text``; `code spans` become <code> elements."""
    parts = html.escape(text, quote=False).split("`")
    if len(parts) % 2 == 0:  # unbalanced backticks: no code spans
        return html.escape(text, quote=False)
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer.

    Attributes
    ----------
    correct : bool
        Whether the answer is right. ``bool(feedback)`` is the same.
    message : str
        What was right or wrong, with a hint. Formulas are written between backticks.
    status : str
        ``"correct"``, ``"incorrect"`` or ``"invalid"`` (the answer could not be read).

    Jupyter shows it in colour with an icon (green and a check mark when right, red and a
    cross when wrong, amber and a warning sign when the answer could not be read), the words
    kept; as plain text it is one line. Both depend only on the answer, so they are identical
    on every run.

    Examples
    --------
    >>> f = Feedback(False, "Check the sign.", "incorrect")
    >>> f
    Not quite. Check the sign.
    >>> bool(f)
    False
    >>> "Not quite." in f._repr_html_() and "\u274c" in f._repr_html_()
    True
    """

    correct: bool
    message: str
    status: str

    def __post_init__(self) -> None:
        if self.status not in _LABELS:
            raise ValueError(f"status must be one of {sorted(_LABELS)}, got {self.status!r}.")
        if self.correct != (self.status == "correct"):
            raise ValueError("correct must be True exactly when status is 'correct'.")

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        label = _LABELS[self.status]
        return f"{label} {self.message}" if self.message else label

    __repr__ = __str__

    def _repr_html_(self) -> str:
        icon, text, border, background = _STYLES[self.status]
        message = f" {_html_message(self.message)}" if self.message else ""
        return (
            f'<div role="status" style="color: {text}; background: {background}; '
            f'border-left: 6px solid {border}; padding: 0.4em 0.8em; margin: 0.2em 0">'
            f'<span aria-hidden="true">{icon}</span> '
            f"<strong>{_LABELS[self.status]}</strong>{message}</div>"
        )


def _ok(message: str = "") -> Feedback:
    return Feedback(True, message, "correct")


def _no(message: str) -> Feedback:
    return Feedback(False, message, "incorrect")


def _invalid(message: str) -> Feedback:
    return Feedback(False, message, "invalid")


# --------------------------------------------------------------------------------------------
# Numerical comparison
# --------------------------------------------------------------------------------------------

_SEED = 20240607
_POINT_COUNT = 7  # fixed sample points of a formula
_ANSWER_POINT_COUNT = 3  # more points, drawn from the answer itself (see _answer_points)
_REL_TOL = 1e-9
_CONFIRM_DIGITS = 30
_MAX_DIGITS = 400  # working precision sympy may use to confirm that a difference is 0
_ZERO_ROUND_OFF = 1e-12  # a decimal this small stands for 0 (floating-point round-off)
#: Longest time the judging of one answer may take (exact confirmation of a formula that
#: cancels in double precision can be slow); beyond it the student is asked to simplify.
JUDGE_SECONDS = 2.0


class _Undefined(Exception):
    """A value is not defined (division by zero, overflow) at a sample point."""


_FLOAT_FUNCTIONS: dict[type, Callable[[complex], complex]] = {
    sp.Abs: lambda z: complex(abs(z)),
    sp.sign: lambda z: _float_sign(z),
    sp.exp: cmath.exp,
    sp.log: cmath.log,
    sp.sin: cmath.sin,
    sp.cos: cmath.cos,
    sp.tan: cmath.tan,
}


def _float_sign(z: complex) -> complex:
    """sympy's sign: 0 at 0, +-1 on the real line, z/|z| elsewhere."""
    if z == 0:
        return 0j
    if z.imag == 0:
        return complex(math.copysign(1.0, z.real))
    return z / abs(z)


def _evaluate(expr: sp.Expr, point: Mapping[str, float]) -> complex:
    """Evaluate a sympy expression in double precision (no code generation, no eval)."""
    try:
        value = _evaluate_node(expr, point)
    except (ZeroDivisionError, OverflowError, ValueError) as error:
        raise _Undefined from error
    if not (math.isfinite(value.real) and math.isfinite(value.imag)):
        raise _Undefined
    return value


def _evaluate_node(e: sp.Basic, point: Mapping[str, float]) -> complex:
    if isinstance(e, sp.Symbol):
        return complex(point[e.name])
    if e.is_Number or isinstance(e, sp.NumberSymbol) or e is sp.I:
        return complex(e)
    if isinstance(e, sp.Add):
        return sum((_evaluate_node(a, point) for a in e.args), 0j)
    if isinstance(e, sp.Mul):
        result = 1 + 0j
        for a in e.args:
            result *= _evaluate_node(a, point)
        return result
    if isinstance(e, sp.Pow):
        base = _evaluate_node(e.base, point)
        if e.exp.is_Integer:
            if base == 0 and e.exp < 0:
                raise ZeroDivisionError
            if base.imag == 0:
                return complex(base.real ** int(e.exp))
            return base ** int(e.exp)
        exponent = _evaluate_node(e.exp, point)
        if base == 0:
            if exponent.real > 0:
                return 0j
            raise ZeroDivisionError
        if base.imag == 0 and base.real > 0 and exponent.imag == 0:
            return complex(base.real**exponent.real)
        return base**exponent
    function = _FLOAT_FUNCTIONS.get(type(e))
    if function is not None:
        (arg,) = e.args
        z = _evaluate_node(arg, point)
        if isinstance(e, sp.log) and z == 0:
            raise ZeroDivisionError
        return function(z)
    # Anything else (only possible in answers written by lesson authors): sympy's evalf.
    substituted = e.xreplace({s: sp.Float(point[s.name], 20) for s in e.free_symbols})
    return complex(substituted.evalf(20))


def _confirm(a: sp.Expr, b: sp.Expr, point: Mapping[str, float]) -> bool:
    """Whether a == b exactly at one point (exact rational sample values).

    sympy evaluates the difference to 30 significant digits, raising the working precision
    as far as it needs (up to 400 digits): a difference of 1e-25, or of 1e-150, is found and
    judged unequal. Only a difference that stays 0 at every precision counts as equal.
    """
    subs = {s: sp.Rational(Fraction(point[s.name])) for s in a.free_symbols | b.free_symbols}
    try:
        # Substituting first makes sympy's exact arithmetic settle what it can (a factor
        # x1 - p is exactly 0 at x1 = p), so evalf never has to guess at an exact 0.
        exact = (a - b).xreplace(subs)
        difference = exact.evalf(_CONFIRM_DIGITS, strict=True, maxn=_MAX_DIGITS)
    except PrecisionExhausted:
        # No digit of the difference survives 400 digits of working precision. That is an
        # exact 0 lost to cancellation, unless a term sympy cannot evaluate that precisely
        # (sin(10**100)) hides a plain difference: its rough value shows which.
        try:
            rough = complex(exact.evalf(_CONFIRM_DIGITS, maxn=_MAX_DIGITS))
        except (TypeError, ValueError, OverflowError, ZeroDivisionError, ArithmeticError):
            return False
        return abs(rough) <= 1e-10
    except (TypeError, ValueError, OverflowError, ZeroDivisionError, ArithmeticError):
        return False
    # Compared in sympy, not as a complex number: a difference of exp(-10000) underflows to 0
    # in double precision but is not 0.
    return bool(difference == 0)


def _random_points(
    symbols: Mapping[str, sp.Basic], expected: Sequence[sp.Expr], seed: int | str, count: int
) -> list[dict]:
    """``count`` random points (seeded, so every verdict is repeatable) where the expected
    entries are defined: each coordinate a random double in [-3, -0.5] or [0.5, 3], that is a
    rational number with a 53-bit numerator."""
    free = sorted(
        {s.name for e in expected for s in e.free_symbols}
        | {name for name, v in symbols.items() if isinstance(v, sp.Symbol)}
    )
    if not free:
        return [{}]
    rng = random.Random(seed)
    points: list[dict] = []
    for _ in range(200):
        point = {}
        for name in free:
            point[name] = (1 if rng.random() < 0.5 else -1) * rng.uniform(0.5, 3.0)
        try:
            for e in expected:
                _evaluate(e, point)
        except _Undefined:
            continue
        points.append(point)
        if len(points) == count:
            break
    if not points:
        raise ValueError("the expected answer is undefined at every sample point.")
    return points


def _answer_points(
    symbols: Mapping[str, sp.Basic], expected: Sequence[sp.Expr], value: sp.Basic
) -> list[dict]:
    """Points drawn from a hash of the answer itself.

    Fixed points alone can be fooled: a student who knows them can add a polynomial such as
    ``(x1 - p1)*(x1 - p2)*...`` that vanishes there. These points change with the answer,
    so no added term can be made to vanish at them, yet the same answer always gets the same
    points (and the same verdict).
    """
    digest = hashlib.sha256(sp.srepr(value).encode()).hexdigest()
    return _random_points(symbols, expected, digest, _ANSWER_POINT_COUNT)


def _entry_matches(student: sp.Expr, kind: Any, expected: sp.Expr, points: list[dict]) -> bool:
    """Whether one entry of an answer equals the expected entry (see the module docstring)."""
    tolerance, floor = 0.0, 1.0
    if isinstance(kind, Digits):
        formula = kind.unit == 0 and kind.significant > 0  # typed, with decimals inside
        floor = 0.0 if formula else 1.0  # floats: absolute near 0, where round-off is absolute
        if not expected.free_symbols:
            if kind.unit != 0:  # a lone decimal, or a float
                if _decimal_matches(student, kind, expected):
                    return True
                if not kind.tolerance:
                    return False
            tolerance = kind.tolerance
        elif not formula:  # a value computed in floating point, such as a sympy Float
            tolerance = kind.tolerance
    if tolerance:
        for point in points:
            try:
                s, e = _evaluate(student, point), _evaluate(expected, point)
            except _Undefined:
                return False
            if abs(s - e) > tolerance * max(floor, abs(e), abs(s)):
                return False
        return True
    for point in points:
        try:
            s = _evaluate(student, point)
        except _Undefined:
            return _confirm_everywhere(student, expected, points)
        e = _evaluate(expected, point)
        if abs(s - e) > _REL_TOL * max(1.0, abs(e), abs(s)):
            # Double precision can lose every digit to cancellation (as in
            # (1 + sqrt(2))**100 - (3 + 2*sqrt(2))**50): for an exact answer the
            # high-precision evaluation decides.
            return _confirm_everywhere(student, expected, points)
    # Double precision agrees; confirm exactly at a fixed point and at an answer's point.
    return all(_confirm(student, expected, p) for p in {0: points[0], 1: points[-1]}.values())


def _confirm_everywhere(student: sp.Expr, expected: sp.Expr, points: list[dict]) -> bool:
    """The exact check at every sample point (when double precision was not enough)."""
    return all(_confirm(student, expected, p) for p in points)


def _decimal_matches(typed: sp.Rational, kind: Digits, expected: sp.Expr) -> bool:
    """A typed decimal is right if exact, correctly rounded or truncated (>= 3 digits), or
    floating-point round-off of 0 (such as an eigenvalue printed as -1.38e-17)."""
    if typed - expected == 0:
        return True
    if expected == 0:
        return abs(typed) <= _ZERO_ROUND_OFF
    if kind.significant < 3 or not expected.is_real or kind.unit == 0:
        return False
    try:
        exact = expected.evalf(_CONFIRM_DIGITS)
        error = abs(float(typed - exact))
        unit = float(kind.unit)
    except (TypeError, ValueError):
        return False
    typed_f, exact_f = float(typed), float(exact)
    slack = 1e-12 * unit
    rounded = error <= unit / 2 + slack
    truncated = (
        (typed_f >= 0) == (exact_f >= 0) and abs(typed_f) <= abs(exact_f) and (error < unit - slack)
    )
    return rounded or truncated


_ANY_RATIO = "any"


def _ratio(student: sp.Expr, expected: sp.Expr, points: list[dict]) -> complex | str | None:
    """The constant ratio student/expected if it is the same at every point.

    Returns ``"any"`` when both are zero at every point, ``None`` when there is no constant
    ratio.
    """
    ratio = None
    for point in points:
        try:
            s = _evaluate(student, point)
            e = _evaluate(expected, point)
        except _Undefined:
            return None
        if abs(e) < 1e-12:
            if abs(s) > 1e-9:
                return None
            continue
        r = s / e
        if ratio is None:
            ratio = r
        elif abs(r - ratio) > 1e-7 * max(1.0, abs(ratio)):
            return None
    return _ANY_RATIO if ratio is None else ratio


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


def _text(value: sp.Basic) -> str:
    """A deterministic plain-text form: numbers and formulas, (a, b) vectors, [[..]] matrices."""
    if isinstance(value, sp.MatrixBase):
        if value.cols == 1:
            return "(" + ", ".join(sp.sstr(v) for v in value) + ")"
        rows = ", ".join(
            "[" + ", ".join(sp.sstr(v) for v in value.row(i)) + "]" for i in range(value.rows)
        )
        return f"[{rows}]"
    return sp.sstr(value)


def _shape(m: sp.Matrix) -> str:
    return f"{m.rows} x {m.cols}"


def _decimal_text(value: sp.Basic) -> str:
    """``value`` to 6 significant digits, for messages (deterministic)."""
    if isinstance(value, sp.MatrixBase):
        return "(" + ", ".join(_decimal_text(v) for v in value) + ")"
    number = complex(value.evalf(20))
    if number.imag:
        return sp.sstr(value.evalf(6))
    return f"{number.real:.6g}"


def _entries(value: sp.Basic) -> list[sp.Expr]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def _kind_of(value: sp.Basic) -> str:
    if isinstance(value, sp.MatrixBase):
        return "vector" if value.cols == 1 else "matrix"
    return "formula" if value.free_symbols else "number"


# --------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------

_GENERIC_RATIOS = [
    (
        2,
        "Your answer is exactly twice the right one: there is an extra factor 2 somewhere. "
        "(A classic: d/du sqrt(u) = 1/(2*sqrt(u)); dropping that 1/2 doubles the result.)",
    ),
    (
        0.5,
        "Your answer is exactly half the right one: a factor 2 is missing "
        "(remember d/dx x**2 = 2*x).",
    ),
    (-1, "Your answer has the wrong sign."),
    (-2, "Your answer has the wrong sign and an extra factor 2."),
    (-0.5, "Your answer has the wrong sign and is missing a factor 2."),
]


class _Base:
    """Shared reading of answers."""

    def __init__(
        self,
        variables: Iterable[str] | str,
        values: Mapping[str, Any] | None,
        name: str,
    ) -> None:
        self._names = symbol_table(variables, values)
        self.variables: tuple[str, ...] = tuple(
            n for n, v in self._names.items() if isinstance(v, sp.Symbol)
        )
        self.name = name

    def _read(self, answer: Any) -> Reading | Feedback:
        if answer is None or answer is Ellipsis:
            return _invalid("Replace ... with your answer, then run the cell again.")
        try:
            return read(answer, self._names)
        except AnswerError as error:
            return _invalid(str(error))
        except RecursionError:  # an object nested too deeply for sympy itself
            return _invalid("The answer is nested too deeply: give a number, a vector or a matrix.")
        except Exception as error:  # the answer's own methods (tolist, __len__, ...) failed
            return _invalid(
                f"Reading this {type(answer).__name__} failed ({type(error).__name__}): give a "
                "number, a formula, a vector or a matrix."
            )

    def _judged(self, judge: Callable[[Reading], Feedback], parsed: Reading) -> Feedback:
        """``judge(parsed)``, interrupted after :data:`JUDGE_SECONDS` (see ``answers``)."""
        try:
            with _time_limit(JUDGE_SECONDS):
                return judge(parsed)
        except _TookTooLong:
            return _invalid(
                f"Checking this answer took more than {JUDGE_SECONDS:g} seconds: simplify it "
                "(for example with sp.simplify) and try again."
            )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})" if self.name else f"{type(self).__name__}()"


class Exercise(_Base):
    """An exercise with one right answer (up to equivalence), checked with :meth:`check`.

    Parameters
    ----------
    answer : str, number, sequence or sympy object
        The right answer: a number, a formula in ``variables``, a vector (sequence or column
        Matrix) or a matrix (nested sequence or Matrix). Text is read with the same safe reader
        as the students' answers.
    variables : str or iterable of str
        Names a student may use, e.g. ``"x1 x2"`` (real variables).
    values : mapping, optional
        More names, e.g. ``{"x": "(x1, x2)"}`` so that ``x/norm(x)`` can be typed.
    known_wrong : sequence of (answer, hint) pairs
        Tempting wrong answers and the hint each one gets. Each must be judged wrong, and no
        two may coincide: an exercise whose slip gives the right value (as the speed and its
        rate do at t = 1/2 on the drone's path) cannot be built, so it cannot hide that slip.
    hint : str
        Shown when a wrong answer matches nothing specific.
    name : str
        A short identifier, used in ``repr``.
    unordered : bool
        For vector answers: any order of the entries is right (e.g. a list of eigenvalues).
    gradient : bool
        The answer is a gradient: hints about a wrong shape then say that a gradient has one
        entry per variable and is a column (not the 1 x n derivative row). Otherwise they only
        say how many entries the answer has.
    imaginary_unit : bool
        Students may type ``i`` (or ``I``) for the imaginary unit and give complex numbers.

    Examples
    --------
    >>> ex = Exercise("4/sqrt(5)", known_wrong=[("8/sqrt(5)", "Keep the 1/2.")])
    >>> ex.check("4*sqrt(5)/5")
    Correct!
    >>> ex.check("1.789")
    Correct! The exact value is `4*sqrt(5)/5` (about 1.78885).
    >>> ex.check("8/sqrt(5)")
    Not quite. Keep the 1/2.
    >>> Exercise("2*x", "x1 x2", values={"x": "(x1, x2)"}).check("(2*x1, 2*x2)")
    Correct!
    >>> Exercise("(3/5, 4/5)").check("1")
    Not quite. The answer is a vector with 2 entries, not a single number: type it as (a, b, ...).
    >>> Exercise("(3/5, 4/5)", gradient=True).check("1")  # doctest: +NORMALIZE_WHITESPACE
    Not quite. The answer is a vector with 2 entries (a gradient has one entry per variable),
    not a single number: type it as (a, b, ...).
    >>> Exercise("sqrt(2)", known_wrong=[("2/sqrt(2)", "That is the rate.")])
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: the known wrong answer '2/sqrt(2)' is judged right: choose numbers where ...
    """

    def __init__(
        self,
        answer: Any,
        variables: Iterable[str] | str = (),
        *,
        values: Mapping[str, Any] | None = None,
        known_wrong: Sequence[tuple[Any, str]] = (),
        hint: str = "",
        name: str = "",
        unordered: bool = False,
        gradient: bool = False,
        imaginary_unit: bool = False,
    ) -> None:
        if imaginary_unit:
            values = {"i": sp.I, "I": sp.I, **(values or {})}
        super().__init__(variables, values, name)
        parsed = self._read(answer)
        if isinstance(parsed, Feedback):
            raise ValueError(f"the expected answer cannot be read: {parsed.message}")
        self.answer: sp.Expr | sp.Matrix = parsed.value
        self.hint = hint
        self.unordered = bool(unordered)
        self.gradient = bool(gradient)
        self._points = _random_points(self._names, _entries(self.answer), _SEED, _POINT_COUNT)
        self._known_wrong: list[tuple[Reading, str]] = []
        for wrong, wrong_hint in known_wrong:
            wrong_parsed = self._read(wrong)
            if isinstance(wrong_parsed, Feedback):
                raise ValueError(f"a known wrong answer cannot be read: {wrong_parsed.message}")
            if not isinstance(wrong_hint, str) or not wrong_hint:
                raise ValueError("each known wrong answer needs a non-empty hint string.")
            if self._matches(wrong_parsed, self.answer):
                raise ValueError(
                    f"the known wrong answer {wrong!r} is judged right: choose numbers where "
                    "this slip gives a different value."
                )
            for other, _ in self._known_wrong:
                if self._matches(wrong_parsed, other.value):
                    raise ValueError(
                        f"the known wrong answers {wrong!r} and {_text(other.value)!r} coincide, "
                        "so one of their hints would never be shown: choose other numbers."
                    )
            self._known_wrong.append((wrong_parsed, wrong_hint))

    # -- comparisons -----------------------------------------------------------------------
    def _matches(self, parsed: Reading, target: sp.Basic) -> bool:
        value = parsed.value
        if isinstance(value, sp.MatrixBase) != isinstance(target, sp.MatrixBase):
            return False
        if isinstance(value, sp.MatrixBase) and value.shape != target.shape:
            return False
        entries, kinds, targets = _entries(value), parsed.entry_kinds, _entries(target)
        if self.unordered and isinstance(value, sp.MatrixBase) and not self._points[0]:
            try:
                order = sorted(range(len(entries)), key=lambda i: _sort_key(entries[i]))
                entries = [entries[i] for i in order]
                kinds = tuple(kinds[i] for i in order)
                targets = sorted(targets, key=_sort_key)
            except (TypeError, ValueError):
                return False
        points = self._points
        if points[0]:  # a formula: also points drawn from the answer itself
            points = points + _answer_points(self._names, targets, value)
        return all(
            _entry_matches(s, k, t, points) for s, k, t in zip(entries, kinds, targets, strict=True)
        )

    def check(self, answer: Any) -> Feedback:
        """Judge an answer and explain what is wrong with it.

        Parameters
        ----------
        answer : str, number, sequence, numpy array or sympy object
            The student's answer.

        Returns
        -------
        Feedback
            ``.correct``, ``.message`` and ``.status``; it displays as one line of text.

        Examples
        --------
        >>> ex = Exercise("(3/5, 4/5)")
        >>> ex.check([0.6, 0.8])
        Correct! The exact value is `(3/5, 4/5)`.
        >>> ex.check("(-3/5, -4/5)")
        Not quite. Your answer has the wrong sign.
        >>> ex.check("lambda: 0")
        Could not read that. The character ':' is not allowed: type only a formula, a number, \
a vector or a matrix.
        """
        parsed = self._read(answer)
        if isinstance(parsed, Feedback):
            return parsed
        return self._judged(self._judge, parsed)

    def _judge(self, parsed: Reading) -> Feedback:
        if self._matches(parsed, self.answer):
            return _ok(self._correct_message(parsed))
        return _no(self._hint_for(parsed))

    def _correct_message(self, parsed: Reading) -> str:
        """Empty for an exact answer; the exact value when decimals or floats were given."""
        approximate = any(
            k is not None and (k.unit != 0 or s != t)  # a lone decimal, or an inexact formula
            for s, k, t in zip(
                _entries(parsed.value), parsed.entry_kinds, _entries(self.answer), strict=True
            )
        )
        if not approximate or self.answer.free_symbols:
            return ""
        exact = _text(self.answer)
        if _is_rational(self.answer):
            return f"The exact value is `{exact}`."
        return f"The exact value is `{exact}` (about {_decimal_text(self.answer)})."

    def _hint_for(self, parsed: Reading) -> str:
        for wrong, wrong_hint in self._known_wrong:
            if self._matches(parsed, wrong.value):
                return wrong_hint
        value, expected = parsed.value, self.answer
        shape_hint = _shape_hint(value, expected, self.gradient)
        if shape_hint:
            return shape_hint
        specific = self._generic_hint(parsed)
        if specific:
            return specific
        return self.hint or "Check each step of your work and try again."

    def _generic_hint(self, parsed: Reading) -> str:
        value, expected = parsed.value, self.answer
        entries, targets = _entries(value), _entries(expected)
        points = self._points
        if points[0]:  # a formula: also points drawn from the answer itself
            points = points + _answer_points(self._names, targets, value)
        # transposed matrix
        if isinstance(value, sp.MatrixBase) and value.rows > 1 and value.cols > 1:
            swapped = Reading(value.T, tuple(_transpose_kinds(parsed.entry_kinds, value.shape)))
            if self._matches(swapped, expected):
                return "Rows and columns are swapped: your matrix is the transpose of the answer."
        # one constant factor for every entry
        ratios = [_ratio(s, t, points) for s, t in zip(entries, targets, strict=True)]
        valued = [r for r in ratios if r is not None and r != _ANY_RATIO]
        if valued and None not in ratios:
            first = valued[0]
            if all(abs(r - first) <= 1e-7 * max(1.0, abs(first)) for r in valued):
                for factor, message in _GENERIC_RATIOS:
                    if abs(first - factor) < 1e-9:
                        return message
        # variables the right answer depends on are missing (a shift forgotten, say)
        missing = sorted(
            {s.name for t in targets for s in t.free_symbols}
            - {s.name for e in entries for s in e.free_symbols}
        )
        if missing:
            listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1])
            listed += f" and {missing[-1]}" if len(missing) > 1 else ""
            return (
                f"Your answer does not depend on {listed}, but the right one does: "
                f"{'they are' if len(missing) > 1 else 'it is'} missing somewhere."
                + (f" {self.hint}" if self.hint else "")
            )
        # absolute values where the sign matters
        if all(
            _entry_matches(s, None, sp.Abs(t), points)
            for s, t in zip(entries, targets, strict=True)
        ):
            return (
                "Your answer loses the sign: it equals the absolute value of the right one. "
                "For real numbers |x|**2 = x**2, so no absolute value is needed."
            )
        if not isinstance(expected, sp.MatrixBase) and expected != 0:
            if _entry_matches(value, None, 1 / expected, points):
                return "Your answer is upside down: it is the reciprocal of the right one."
            if _entry_matches(value, None, expected**2, points):
                return "Your answer is the square of the right one: is a square root missing?"
            if _entry_matches(value, None, sp.sqrt(expected), points) and expected != 1:
                return "Your answer is the square root of the right one."
        # vectors: the right entries in the wrong order
        if (
            isinstance(value, sp.MatrixBase)
            and value.cols == 1
            and len(entries) > 1
            and not self.unordered
            and not any(e.free_symbols for e in entries + targets)
        ):
            try:
                same = sorted(entries, key=_sort_key) == sorted(targets, key=_sort_key)
            except (TypeError, ValueError):
                same = False
            if same:
                return "The right numbers, but in the wrong order."
        # vectors: which entries are right
        if (
            isinstance(value, sp.MatrixBase)
            and value.cols == 1
            and len(entries) > 1
            and not self.unordered
        ):
            right = [
                i + 1
                for i, (s, k, t) in enumerate(
                    zip(entries, parsed.entry_kinds, targets, strict=True)
                )
                if _entry_matches(s, k, t, points)
            ]
            if right:
                wrong = [i for i in range(1, len(entries) + 1) if i not in right]
                lead = _ordinal_list(right)
                return (
                    f"{lead[0].upper()}{lead[1:]} "
                    f"{'entry is' if len(right) == 1 else 'entries are'} "
                    f"right; check {_ordinal_list(wrong)} "
                    f"{'entry' if len(wrong) == 1 else 'entries'}."
                    + (f" {self.hint}" if self.hint else "")
                )
        # close, but not equal
        if not expected.free_symbols and all(
            _close(s, t) or _within_last_digit(s, k, t)
            for s, k, t in zip(entries, parsed.entry_kinds, targets, strict=True)
        ):
            if not parsed.decimals and all(k is None for k in parsed.entry_kinds):
                # Typed exactly (whole numbers, fractions, sqrt): more digits cannot be the fix.
                if _is_rational(value) and not _is_rational(expected):
                    return (
                        "Close, but not equal: the answer is not a whole number or a fraction, "
                        "so no fraction equals it exactly. Give the exact value (sqrt is fine) "
                        "or a decimal with at least 3 significant digits."
                    )
                return (
                    "Close, but not equal: you typed an exact value, so the difference is not "
                    "rounding; check your arithmetic."
                )
            enough_digits = all(
                isinstance(k, Digits) and k.significant >= 3 for k in parsed.entry_kinds
            )
            if enough_digits:
                return (
                    "Close, but your digits are not the exact value rounded or cut off: check "
                    "the last digit, or give the exact value (fractions and sqrt are fine)."
                )
            return (
                "Close, but not accurate enough: give at least 3 significant digits, "
                "or better the exact value (fractions and sqrt are fine)."
            )
        return ""


def _close(student: sp.Expr, expected: sp.Expr) -> bool:
    try:
        s, e = complex(student.evalf(20)), complex(expected.evalf(20))
    except (TypeError, ValueError):
        return False
    return abs(s - e) <= 1e-2 * max(abs(e), 1e-12)


def _within_last_digit(student: sp.Expr, kind: Any, expected: sp.Expr) -> bool:
    """Whether a decimal typed with fewer than 3 significant digits is within one unit of its
    last digit of the exact value (``0.38`` for 5/13 = 0.3846...): too few digits, not a slip."""
    if not (isinstance(kind, Digits) and kind.unit != 0 and kind.significant < 3):
        return False
    if expected == 0:  # more digits of a number that is not 0 never make it 0
        return False
    try:
        error = abs(complex((student - expected).evalf(20)))
    except (TypeError, ValueError):
        return False
    return error <= float(kind.unit)


def _sort_key(e: sp.Expr) -> float:
    return float(complex(e.evalf(20)).real)


def _is_rational(value: sp.Basic) -> bool:
    return all(e.is_Rational for e in _entries(value))


def _transpose_kinds(kinds: tuple[Any, ...], shape: tuple[int, int]) -> list[Any]:
    rows, cols = shape
    return [kinds[r * cols + c] for c in range(cols) for r in range(rows)]


_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()


def _ordinal(k: int) -> str:
    """'first', 'second', ... for 1, 2, ...; 'number k' beyond ten."""
    return _ORDINALS[k - 1] if 1 <= k <= len(_ORDINALS) else f"number {k}"


def _ordinal_list(indices: list[int]) -> str:
    """'the first', 'the first and third', 'the first, second and fourth'."""
    names = [_ordinal(i) for i in indices]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return "the " + text


def _count(n: int) -> str:
    """'1 entry', '2 entries'."""
    return f"{n} entry" if n == 1 else f"{n} entries"


def _shape_hint(value: sp.Basic, expected: sp.Basic, gradient: bool = False) -> str:
    """What is wrong with the shape of ``value``; '' when the shape is right.

    ``gradient`` says that the expected answer is a gradient, so the hints may explain that it
    has one entry per variable and is a column, not the 1 x n derivative row.
    """
    kind, wanted = _kind_of(value), _kind_of(expected)
    if isinstance(expected, sp.MatrixBase):
        if not isinstance(value, sp.MatrixBase):
            if wanted == "vector":
                why = " (a gradient has one entry per variable)" if gradient else ""
                return (
                    f"The answer is a vector with {_count(expected.rows)}{why}, not a single "
                    f"{kind}: type it as (a, b, ...)."
                )
            return (
                f"The answer is a {expected.rows} x {expected.cols} matrix, not a single {kind}: "
                "type it row by row, such as [[a, b], [c, d]]."
            )
        if value.shape == expected.shape:
            return ""
        if wanted == "vector" and value.rows == 1 and value.cols == expected.rows:
            if gradient:
                return (
                    "You wrote a row (1 x n): that is the derivative dy/dx. The gradient is the "
                    "column; type its entries as a plain list (a, b, ...)."
                )
            return (
                f"You wrote a row (1 x {value.cols}); the answer is a column vector: type its "
                "entries as a plain list (a, b, ...)."
            )
        if wanted == "matrix" and expected.rows == 1 and value.shape == (expected.cols, 1):
            return (
                "You wrote a column (the gradient); the derivative dy/dx asked for here is a "
                "1 x n row: type it as [[a, b, ...]]."
            )
        if value.shape == expected.shape[::-1]:
            return (
                f"The sizes are swapped: the answer is {_shape(expected)}, yours is "
                f"{_shape(value)}."
            )
        if wanted == "vector" and kind == "vector":
            return f"The answer has {_count(expected.rows)}; yours has {_count(value.rows)}."
        return f"The answer is {_shape(expected)}; yours is {_shape(value)}."
    if isinstance(value, sp.MatrixBase):
        return f"The answer is a single {wanted}, not a list: type one {wanted}."
    return ""


class SubgradientExercise(_Base):
    """Give *one* subgradient: any vector of a set is right (no single right answer).

    Parameters
    ----------
    norm : {"l1", "l2"}
        ``"l1"``: subgradients of ``||x||_1`` at ``point`` (entry ``k`` must be ``sign(x_k)``
        where ``x_k != 0`` and anything in ``[-1, 1]`` where ``x_k = 0``).
        ``"l2"``: subgradients of ``||x||_2`` at ``point = 0``: any vector of length at most 1.
    point : sequence of numbers
        Where the subgradient is taken.
    excluded : sequence of (answer, hint) pairs
        Subgradients the question rules out (say, one "other than (0, 0)"), with the hint
        each one gets.
    name : str
        A short identifier, used in ``repr``.

    Examples
    --------
    >>> ex = SubgradientExercise("l1", (0, 2))
    >>> ex.check("(0.5, 1)")
    Correct! Any first entry from -1 to 1 works here.
    >>> ex.check("(2, 1)")
    Not quite. The first entry is 2, outside [-1, 1]: where x_k = 0 a subgradient entry must \
lie between -1 and 1.
    >>> other = SubgradientExercise("l2", (0, 0), excluded=[("(0, 0)", "Not (0, 0), please.")])
    >>> other.check("(0, 0)")
    Not quite. Not (0, 0), please.
    """

    def __init__(
        self,
        norm: str,
        point: Sequence[Any] | str,
        *,
        excluded: Sequence[tuple[Any, str]] = (),
        name: str = "",
    ) -> None:
        if norm not in {"l1", "l2"}:
            raise ValueError(f"norm must be 'l1' or 'l2', got {norm!r}.")
        super().__init__((), None, name)
        self.norm = norm
        self.point = _read_point(point)
        if norm == "l2" and not self.point.is_zero_matrix:
            raise ValueError(
                "away from 0 the L2 norm is differentiable, with the one subgradient x/||x||: "
                "ask for it with an Exercise."
            )
        self._excluded: list[tuple[sp.Matrix, str]] = []
        for vector, hint in excluded:
            if not isinstance(hint, str) or not hint:
                raise ValueError("each excluded answer needs a non-empty hint string.")
            self._excluded.append((_read_point(vector), hint))

    def check(self, answer: Any) -> Feedback:
        """Judge whether ``answer`` is a subgradient at the point (and not an excluded one).

        Parameters
        ----------
        answer : str, sequence, numpy array or sympy Matrix
            A vector of numbers.

        Returns
        -------
        Feedback

        Examples
        --------
        >>> SubgradientExercise("l2", (0, 0)).check("(0.6, 0.8)")
        Correct! Any vector of length at most 1 works here.
        """
        parsed = self._read(answer)
        if isinstance(parsed, Feedback):
            return parsed
        return self._judged(self._judge, parsed)

    def _judge(self, parsed: Reading) -> Feedback:
        g = parsed.value
        n = self.point.rows
        if not isinstance(g, sp.MatrixBase) or g.shape != (n, 1):
            return _no(f"A subgradient is a vector with {_count(n)}: type it as (a, b, ...).")
        if g.free_symbols:
            return _no("Give numbers, not a formula: one particular subgradient.")
        if any(_sign_of(v) is None for v in g):
            return _no("The entries of a subgradient are real numbers.")
        kinds = parsed.entry_kinds
        if len(kinds) != n:  # pragma: no cover - the reader gives one kind per entry
            kinds = (None,) * n
        for vector, hint in self._excluded:
            if all(_entry_matches(s, k, t, [{}]) for s, k, t in zip(g, kinds, vector, strict=True)):
                return _no(hint)
        if self.norm == "l2":
            return self._check_l2(g, kinds)
        return self._check_l1(g, kinds)

    def _check_l1(self, g: sp.Matrix, kinds: Sequence[Any]) -> Feedback:
        problems = []
        free = []
        for k, (gk, kind, xk) in enumerate(zip(g, kinds, self.point, strict=True), start=1):
            word = _ordinal(k)
            if xk == 0:
                free.append(word)
                if _sign_of(_smallest_size(gk, kind) - 1) == 1:
                    problems.append(
                        f"The {word} entry is {_entry_text(gk, kind)}, outside [-1, 1]: where "
                        "x_k = 0 a subgradient entry must lie between -1 and 1."
                    )
            elif not _entry_matches(gk, kind, sp.sign(xk), [{}]):
                problems.append(
                    f"The {word} entry must be sign(x_{k}) = {sp.sign(xk)}: where x_k != 0 the "
                    "norm is differentiable in that direction and |x_k| has slope sign(x_k)."
                )
        if problems:
            return _no(problems[0])
        if not free:
            return _ok("Here the L1 norm is differentiable: this is its gradient sign(x).")
        listing = " and ".join(free)
        return _ok(
            f"Any {listing} {'entry' if len(free) == 1 else 'entries'} from -1 to 1 "
            f"{'works' if len(free) == 1 else 'work'} here."
        )

    def _check_l2(self, g: sp.Matrix, kinds: Sequence[Any]) -> Feedback:
        length_squared = sp.Add(*[v**2 for v in g])
        if _sign_of(length_squared - 1) != 1:
            return _ok("Any vector of length at most 1 works here.")
        # Decimals stand for every number they are a rounding (or truncation) of, as for
        # Exercise: (0.70711, 0.70711) is (1/sqrt(2), 1/sqrt(2)) rounded, so it is right.
        smallest = sp.Add(*[_smallest_size(v, k) ** 2 for v, k in zip(g, kinds, strict=True)])
        if _sign_of(smallest - 1) != 1:
            return _ok(
                "Your decimals are a vector of length at most 1 rounded to the digits you "
                "gave. Any vector of length at most 1 works here."
            )
        length = sp.sqrt(length_squared)
        exact = _text(length)
        if any(k is not None for k in kinds) or len(exact) > 12:
            exact = _above_one_text(length)
        return _no(
            f"Your vector has length {exact} > 1: at 0 the "
            "subgradients of ||x|| are the vectors of length at most 1."
        )


def _entry_range(value: sp.Expr, kind: Any) -> tuple[sp.Expr, sp.Expr]:
    """The smallest and largest number an entry may stand for (see the module docstring).

    An exact entry stands for itself; a decimal with at least 3 significant digits for every
    number it is a rounding or truncation of; a computed float also for every number within
    its relative tolerance.
    """
    low, high = value, value
    if not isinstance(kind, Digits):
        return low, high
    if kind.tolerance:
        slack = sp.Rational(Fraction(repr(kind.tolerance))) * sp.Abs(value)
        low, high = value - slack, value + slack
    if kind.significant >= 3 and kind.unit != 0:
        unit = kind.unit
        if _sign_of(value) == -1:  # rounded: +- unit/2; truncated toward 0: down to -unit
            low, high = sp.Min(low, value - unit), sp.Max(high, value + unit / 2)
        else:
            low, high = sp.Min(low, value - unit / 2), sp.Max(high, value + unit)
    return low, high


def _smallest_size(value: sp.Expr, kind: Any) -> sp.Expr:
    """The smallest absolute value among the numbers an entry may stand for."""
    low, high = _entry_range(value, kind)
    if _sign_of(low) == 1:
        return low
    if _sign_of(high) == -1:
        return -high
    return sp.Integer(0)


def _entry_text(value: sp.Expr, kind: Any) -> str:
    """An entry as the student gave it: decimals as decimals, exact values exactly."""
    if isinstance(kind, Digits) and value.is_Rational:
        context = DecimalContext(prec=200)
        digits = context.divide(DecimalNumber(int(value.p)), DecimalNumber(int(value.q)))
        text = f"{digits.normalize(context):f}"
        return text if len(text) <= 30 else str(digits.normalize(context))
    return _text(value)


def _above_one_text(length: sp.Expr) -> str:
    """A length known to exceed 1 as a decimal, with enough digits to show it is above 1."""
    number = DecimalNumber(str(length.evalf(40)))
    for digits in range(6, 32):
        rounded = DecimalContext(prec=digits).plus(number)
        if rounded > 1:
            return f"{rounded.normalize():f}" if rounded < 10**12 else str(rounded)
    return "just above 1"  # pragma: no cover - _sign_of says 0 below 1e-25


def _sign_of(value: sp.Expr) -> int | None:
    """-1, 0 or 1 for a real number (0 within 1e-25), None if it is not a real number."""
    try:
        number = complex(value.evalf(_CONFIRM_DIGITS))
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(number.real) and math.isfinite(number.imag)):
        return None
    if abs(number.imag) > 1e-20 * max(1.0, abs(number.real)):
        return None
    if abs(number.real) <= 1e-25:
        return 0
    return 1 if number.real > 0 else -1


def _read_point(point: Any) -> sp.Matrix:
    try:
        parsed = read(point, {}).value
    except AnswerError as error:
        raise ValueError(f"point must be a vector of numbers: {error}") from None
    if not isinstance(parsed, sp.MatrixBase) or parsed.cols != 1:
        raise ValueError("point must be a vector of numbers such as (3, 4).")
    if parsed.free_symbols or not all(v.is_real for v in parsed):
        raise ValueError("point must contain real numbers only.")
    return parsed


# --------------------------------------------------------------------------------------------
# The lessons' exercises
# --------------------------------------------------------------------------------------------


def names() -> list[str]:
    """The names of the lessons' exercises, sorted.

    Returns
    -------
    list of str

    Examples
    --------
    >>> "norm_1_2_2" in names()
    True
    """
    return sorted(exercise_data.EXERCISES)


def get(name: str) -> Exercise | SubgradientExercise:
    """A fresh copy of the exercise called ``name``, built from its entry in
    :data:`normgrad.exercise_data.EXERCISES`.

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Returns
    -------
    Exercise or SubgradientExercise
        A :class:`SubgradientExercise` when the entry has ``subgradient_of``, else an
        :class:`Exercise` (the entry's other keys are its keyword arguments).

    Examples
    --------
    >>> get("norm_1_2_2").answer
    3
    >>> get("norm_1_2")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: no exercise named 'norm_1_2'. Did you mean 'norm_1_2_2'? ...
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}.")
    spec = exercise_data.EXERCISES.get(name)
    if spec is None:
        close = difflib.get_close_matches(name, exercise_data.EXERCISES, n=1)
        suggestion = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"no exercise named {name!r}.{suggestion} Available: {', '.join(names())}."
        )
    options = dict(spec)
    if "subgradient_of" in options:
        return SubgradientExercise(options.pop("subgradient_of"), name=name, **options)
    return Exercise(name=name, **options)


_BUILT: dict[str, Exercise | SubgradientExercise] = {}


def check(name: str, answer: Any) -> Feedback:
    """Check ``answer`` to the exercise called ``name``: the one way the lessons check answers.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    answer : str, number, sequence, numpy array or sympy object
        The student's answer.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check("norm_1_2_2", "3")
    Correct!
    >>> check("norm_1_2_2", ...)
    Could not read that. Replace ... with your answer, then run the cell again.
    """
    if name not in _BUILT:
        _BUILT[name] = get(name)
    return _BUILT[name].check(answer)
