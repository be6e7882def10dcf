"""Answer checkers for the lesson exercises.

An :class:`Exercise` knows the right answer (a sympy number, formula, vector or matrix), the
names a student may use, and a few tempting wrong answers with a hint for each. Its
:meth:`~Exercise.check` accepts an answer typed as text or given as a Python/numpy/sympy object and
returns a :class:`Feedback`:

>>> from normgrad import exercises
>>> ex = exercises.get("grad_l2_at_3_4")
>>> ex.check("(3/5, 4/5)")
Correct!
>>> ex.check("(3, 4)")
Not quite. You gave x itself: divide by the norm ||x|| = 5.

How answers are read
--------------------
Text is parsed by this module's own safe reader, **never** by ``eval``, ``sympify`` or
``parse_expr``: the text is checked character by character (plain ASCII only), parsed into a
Python syntax tree with :func:`ast.parse` (which builds the tree and runs nothing), and the tree is
walked node by node; only numbers, the allowed names, ``+ - * / **``, parentheses, brackets and
commas and the functions listed in :data:`FUNCTIONS` are turned into sympy objects. Everything
else (attribute access, indexing, strings, lambdas, comprehensions, keywords, names starting
with ``_``, unknown names, non-ASCII look-alike letters) is rejected with a message, and nothing
in the answer is ever run. ``^`` is read as a power (``x1^2`` means ``x1**2``), as in
mathematics, not as Python's exclusive or. Sizes are capped (see :data:`MAX_LENGTH`,
:data:`MAX_EXPONENT`, :data:`MAX_INTEGER_BITS`) so no answer can make the checker hang.

* ``(a, b)``, ``[a, b]`` or ``a, b`` is a vector (a column); ``[[a, b], [c, d]]`` a matrix
  given row by row; ``[[a, b]]`` a 1 x 2 row.
* Exercises may define vector names such as ``x`` (= ``(x1, x2)``), so ``x/norm(x)`` and ``2*x``
  work; ``norm``, ``dot``, ``outer``, ``transpose`` and ``eye`` act on vectors and matrices.

How answers are judged
----------------------
* A formula is compared with the right one at random points (fixed seed, so the verdict never
  changes between runs) in double precision and confirmed at 30 significant digits. Equivalent
  forms (``4/sqrt(5)`` and ``4*sqrt(5)/5``, ``x1/sqrt(x1^2+x2^2)`` and ``x1/norm(x)``) all pass.
  When double precision rejects an exact answer (it may lose every digit to cancellation, as in
  ``5 + (1 + sqrt(2))**100 - (3 + 2*sqrt(2))**50``), the 30-digit evaluation decides.
* A decimal number typed as text counts as right when it equals the exact value (``0.6`` for
  ``3/5``), or when it has at least 3 significant digits and is the exact value correctly
  rounded or truncated to the digits given: ``1.789``, ``1.788`` and ``1.7888`` are right for
  ``4/sqrt(5) = 1.788854...``; ``1.787`` is not, ``1.8`` has too few digits, and ``4.99`` is
  not right for ``5``. The feedback then shows the exact value.
* A Python or numpy float is judged by the same rule applied to its digits (``repr``), and is
  also right when it agrees with the exact value to a relative tolerance of ``1e-6`` (a value
  computed in floating point, such as ``4/np.sqrt(5)``, even in single precision).
* For a subgradient (any vector of a set is right) the same rule holds: a decimal entry stands
  for every number it is a correct rounding or truncation of, so ``(0.70711, 0.70711)`` is a
  subgradient of ``||x||`` at 0 (it rounds ``(1/sqrt(2), 1/sqrt(2))``).
* A wrong answer close to the right one is told to give more digits only when it was typed with
  decimals; a wrong whole number or fraction (``153`` for ``154``) is exact, so it is told to
  check the arithmetic instead.
* Complex numbers are refused, except in exercises that let students type ``i`` for the
  imaginary unit (such as :func:`complex_norm_at`); a numpy complex number whose imaginary part
  is 0 counts as the real number it holds.
"""

from __future__ import annotations

import ast
import cmath
import difflib
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Context as DecimalContext
from decimal import Decimal as DecimalNumber
from fractions import Fraction
from numbers import Integral, Real
from typing import Any

import sympy as sp

from normgrad import symbolic

__all__ = [
    "FUNCTIONS",
    "MAX_ENTRIES",
    "MAX_EXPONENT",
    "MAX_INTEGER_BITS",
    "MAX_LENGTH",
    "MAX_NODES",
    "AnswerError",
    "Exercise",
    "Feedback",
    "Markdown",
    "SubgradientExercise",
    "complex_norm_at",
    "drone_speed_derivative_at",
    "get",
    "gradient_of_norm_at",
    "l1_subgradient_at",
    "l2_subgradient_at_zero",
    "least_squares_gradient_at",
    "names",
    "norm_at",
    "parse_answer",
    "unit_vector_at",
]

#: Longest answer text accepted (characters).
MAX_LENGTH = 400
#: Largest number of syntax-tree nodes in an answer.
MAX_NODES = 300
#: Largest absolute value of a numeric exponent (``x**100`` is fine, ``2**1000`` is not).
MAX_EXPONENT = 100
#: Largest size, in bits, of any integer, numerator or denominator in an answer.
MAX_INTEGER_BITS = 512
#: Largest number of entries in a vector or in a row of a matrix.
MAX_ENTRIES = 20

#: Functions an answer may call, with their number of arguments.
FUNCTIONS: dict[str, int] = {
    "sqrt": 1,
    "abs": 1,
    "Abs": 1,
    "sign": 1,
    "exp": 1,
    "log": 1,
    "ln": 1,
    "sin": 1,
    "cos": 1,
    "tan": 1,
    "norm": 1,
    "Norm": 1,
    "dot": 2,
    "outer": 2,
    "transpose": 1,
    "eye": 1,
}

_CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "E": sp.E, "e": sp.E}

_RESERVED = set(FUNCTIONS) | set(_CONSTANTS)

# Characters that are safe to hand to ast.parse; anything else is refused before parsing.
_ALLOWED_CHARACTERS = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \t+-*/^()[],."
)

_CHARACTER_ADVICE = {
    "\u221a": "type sqrt(...) for a square root",
    "\u00b2": "type **2 (or ^2) for a square",
    "\u00b3": "type **3 (or ^3) for a cube",
    "\u2212": "type the ASCII minus sign -",
    "\u2013": "type the ASCII minus sign -",
    "\u00d7": "type * for multiplication",
    "\u00b7": "type * for multiplication",
    "\u22c5": "type * for multiplication",
    "\u03c0": "type pi",
    "\u2016": "type norm(x) for a norm",
    "\u00bd": "type 1/2",
    "|": "type abs(...) for an absolute value or norm(x) for a norm",
    "=": "type only the answer itself, without '='",
    "'": "text in quotes is not an answer",
    '"': "text in quotes is not an answer",
    "%": "type /100 instead of a percent sign",
    "{": "use ( ) or [ ] for vectors",
    "}": "use ( ) or [ ] for vectors",
    ":": "type only a formula, a number, a vector or a matrix",
    ";": "separate vector entries with commas",
    "\n": "type the answer on one line",
}

_FLOAT_TEXT = re.compile(r"^(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?$")


class AnswerError(ValueError):
    """An answer that cannot be read; the message says what to change."""


class Markdown(str):
    """A string that Jupyter displays as Markdown (used for worked solutions)."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


# --------------------------------------------------------------------------------------------
# Feedback
# --------------------------------------------------------------------------------------------

_LABELS = {"correct": "Correct!", "incorrect": "Not quite.", "invalid": "Could not read that."}


def _markdown_escape(text: str) -> str:
    """Escape Markdown/HTML outside `code spans`; code spans are kept."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # unbalanced backticks: escape everything
        parts = [text.replace("`", "'")]
    out = []
    for i, part in enumerate(parts):
        part = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if i % 2:
            out.append(f"`{part}`")
        else:
            out.append(re.sub(r"([\\*_\[\]#!|~])", r"\\\1", part))
    return "".join(out)


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

    The text shown (``repr`` and the Markdown shown by Jupyter) depends only on the answer, so
    it is identical on every run.

    Examples
    --------
    >>> f = Feedback(False, "Check the sign.", "incorrect")
    >>> f
    Not quite. Check the sign.
    >>> bool(f), f._repr_markdown_()
    (False, '**Not quite.** Check the sign.')
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

    def _repr_markdown_(self) -> str:
        label = _LABELS[self.status]
        return f"**{label}** {_markdown_escape(self.message)}".rstrip()


def _ok(message: str = "") -> Feedback:
    return Feedback(True, message, "correct")


def _no(message: str) -> Feedback:
    return Feedback(False, message, "incorrect")


def _invalid(message: str) -> Feedback:
    return Feedback(False, message, "invalid")


# --------------------------------------------------------------------------------------------
# Safe parsing
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Decimal:
    """A decimal number: the unit of its last digit and its number of significant digits.

    ``computed`` is True for a Python/numpy float (its digits are those of ``repr``); such a
    value is also accepted within the relative tolerance ``_FLOAT_TOL``.
    """

    unit: sp.Rational
    significant: int
    computed: bool = False


def _decimal_info(text: str, computed: bool = False) -> _Decimal:
    """Digits information of a decimal written as ``text`` (e.g. '1.789', '8.94e-1')."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, fraction = mantissa.lstrip("+-").partition(".")
    digits = (whole + fraction).lstrip("0")
    unit = sp.Rational(10) ** (int(exponent or 0) - len(fraction))
    return _Decimal(unit=unit, significant=len(digits), computed=computed)


# A value computed in floating point inside a formula (a sympy Float): tolerance only.
_COMPUTED = _Decimal(unit=sp.Integer(0), significant=0, computed=True)


@dataclass(frozen=True)
class _Parsed:
    value: sp.Expr | sp.Matrix
    # One entry per (row-major) entry of value: a _Decimal when that entry was typed as a lone
    # decimal literal or given as a float, None otherwise (exact).
    entry_kinds: tuple[Any, ...]
    # Whether the text had a decimal literal anywhere (also inside a formula, as in 4/2.236).
    decimals: bool = False


def _describe_character(ch: str) -> str:
    name = unicodedata.name(ch, "")
    shown = repr(ch)
    return f"{shown} ({name})" if name and not ch.isascii() else shown


def _check_characters(text: str) -> None:
    for ch in text:
        if ch in _ALLOWED_CHARACTERS:
            continue
        advice = _CHARACTER_ADVICE.get(ch)
        if advice is None:
            if not ch.isascii():
                advice = "type answers in plain ASCII (letters a-z, digits, + - * / ^ ( ) [ ] ,)"
            else:
                advice = "only numbers, names, + - * / ^ ( ) [ ] and commas are allowed"
        raise AnswerError(f"The character {_describe_character(ch)} is not allowed: {advice}.")


def _implicit_multiplication(text: str) -> bool:
    without_exponents = re.sub(r"(\d)[eE][+-]?\d", r"\1", text)
    return bool(re.search(r"\d\s*[A-Za-z_(]", without_exponents) or re.search(r"\)\s*[\w(]", text))


def _check_size(value: sp.Basic) -> None:
    """Refuse non-finite values, huge numbers and huge exponents."""
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise AnswerError("The answer divides by zero or is infinite.")
    for atom in value.atoms(sp.Rational):
        if max(abs(atom.p).bit_length(), abs(atom.q).bit_length()) > MAX_INTEGER_BITS:
            raise AnswerError(
                f"A number in the answer is too large (more than {MAX_INTEGER_BITS} bits)."
            )
    for power in value.atoms(sp.Pow):
        _check_exponent(power.exp)


def _check_exponent(exponent: sp.Expr) -> None:
    numbers = [exponent] if exponent.is_number else list(exponent.atoms(sp.Number))
    for number in numbers:
        if number.is_Rational:
            too_big = abs(number.p) > MAX_EXPONENT * number.q or number.q > MAX_EXPONENT
        else:
            magnitude = abs(complex(number.evalf(15)))
            too_big = not math.isfinite(magnitude) or magnitude > MAX_EXPONENT
        if too_big:
            raise AnswerError(
                f"An exponent in the answer is too large: exponents are limited to at most "
                f"{MAX_EXPONENT} in size (with denominators up to {MAX_EXPONENT})."
            )


class _Reader:
    """Turns a vetted Python syntax tree into sympy objects, node by node."""

    def __init__(self, source: str, names: Mapping[str, sp.Basic]) -> None:
        self.source = source
        self.names = names

    # -- helpers ---------------------------------------------------------------------------
    def _unknown_name(self, name: str) -> AnswerError:
        allowed = sorted(self.names)
        if name in {"I", "i", "j"}:
            extra = " For an identity matrix use eye(n) or type the matrix as [[1, 0], [0, 1]]."
        elif name in {"T", "t"} and self._matrix_context(name):
            extra = " For a transpose use transpose(A)."
        else:
            extra = ""
        if allowed:
            listing = ", ".join(allowed)
            return AnswerError(
                f"Unknown name {name!r}. Names you can use here: {listing}; functions: "
                f"{', '.join(sorted(FUNCTIONS, key=str.lower))}; constants: pi, E.{extra}"
            )
        return AnswerError(
            f"Unknown name {name!r}: this answer has no variables; type numbers, for example "
            f"3/5 or sqrt(5), and functions such as sqrt.{extra}"
        )

    def _matrix_context(self, name: str) -> bool:
        """Whether an unknown ``t``/``T`` may mean a transpose: vectors or matrices are about
        (a vector name such as ``x``, brackets in the answer) or it is an exponent (``x^T``)."""
        if re.search(rf"\*\*\s*{name}\b", self.source):
            return True
        return "[" in self.source or any(isinstance(v, sp.MatrixBase) for v in self.names.values())

    def number(self, node: ast.Constant) -> sp.Expr:
        value = node.value
        text = ast.get_source_segment(self.source, node) or ""
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise AnswerError(f"{text or value!r} is not a number.")
        if isinstance(value, str | bytes):
            raise AnswerError("Text in quotes is not an answer.")
        if isinstance(value, complex):
            if _allows_complex(self.names):
                raise AnswerError(f"Write the imaginary unit as i: for example 2*i, not {text}.")
            raise AnswerError("Complex numbers (such as 2j) are not accepted here.")
        if isinstance(value, int):
            if not text.isdigit():
                raise AnswerError(f"Write integers with plain digits (got {text!r}).")
            number = sp.Integer(value)
        elif isinstance(value, float):
            if not _FLOAT_TEXT.match(text):
                raise AnswerError(f"Write decimals with plain digits (got {text!r}).")
            mantissa, _, exponent = text.lower().partition("e")
            if exponent and abs(int(exponent)) > 300:
                raise AnswerError(_decimal_range_message(text, int(exponent) < 0))
            number = sp.Rational(Fraction(text))
            if max(number.p.bit_length(), number.q.bit_length()) > MAX_INTEGER_BITS:
                raise AnswerError(_decimal_range_message(text, abs(number) < 1))
        else:  # pragma: no cover - ast produces no other constants from vetted characters
            raise AnswerError(f"{text!r} is not a number.")
        _check_size(number)
        return number

    def name(self, node: ast.Name) -> sp.Basic:
        name = node.id
        if name.startswith("_"):
            raise AnswerError(f"Names starting with '_' are not allowed (got {name!r}).")
        if name in self.names:
            return self.names[name]
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in FUNCTIONS:
            raise AnswerError(f"{name} is a function: write {name}(...) with parentheses.")
        raise self._unknown_name(name)

    def sequence(self, node: ast.Tuple | ast.List, depth: int) -> sp.Matrix:
        if not node.elts:
            raise AnswerError("An empty list is not an answer.")
        if len(node.elts) > MAX_ENTRIES:
            raise AnswerError(f"Vectors and matrices may have at most {MAX_ENTRIES} entries a row.")
        if all(isinstance(e, ast.Tuple | ast.List) for e in node.elts):
            rows = [self.sequence(e, depth + 1) for e in node.elts]
            if any(r.cols != 1 for r in rows):
                raise AnswerError("A matrix is a list of rows, each a list of numbers.")
            lengths = {r.rows for r in rows}
            if len(lengths) != 1:
                raise AnswerError("All rows of a matrix must have the same number of entries.")
            return sp.Matrix([list(r) for r in rows])
        if any(isinstance(e, ast.Tuple | ast.List) for e in node.elts):
            raise AnswerError("Mix of numbers and lists: type a vector (a, b) or a matrix.")
        entries = [self.visit(e, depth + 1) for e in node.elts]
        if any(isinstance(v, sp.MatrixBase) for v in entries):
            raise AnswerError(
                "A vector inside a list: type the vector without brackets (for example 2*x) "
                "or list its components (2*x1, 2*x2)."
            )
        return sp.Matrix(entries)

    def binop(self, node: ast.BinOp, depth: int) -> sp.Basic:
        op = node.op
        if isinstance(op, ast.FloorDiv):
            raise AnswerError("'//' is integer division: use '/' to divide.")
        if not isinstance(op, ast.Add | ast.Sub | ast.Mult | ast.Div | ast.Pow):
            raise AnswerError("Only + - * / and ** (or ^) are allowed as operations.")
        left = self.visit(node.left, depth + 1)
        right = self.visit(node.right, depth + 1)
        lm, rm = isinstance(left, sp.MatrixBase), isinstance(right, sp.MatrixBase)
        if isinstance(op, ast.Pow):
            if lm or rm:
                raise AnswerError("Powers of vectors are not defined: use dot(x, x) or norm(x)**2.")
            _check_exponent(right)
            return sp.Pow(left, right)
        if isinstance(op, ast.Add | ast.Sub):
            if lm != rm:
                raise AnswerError("A number cannot be added to a vector or matrix.")
            if lm and left.shape != right.shape:
                raise AnswerError(f"Sizes do not match: {_shape(left)} and {_shape(right)}.")
            return left + right if isinstance(op, ast.Add) else left - right
        if isinstance(op, ast.Div):
            if rm:
                raise AnswerError(
                    "Division by a vector or matrix is not defined (for a norm type norm(x))."
                )
            if right == 0:
                raise AnswerError("The answer divides by zero.")
            return left / right
        # multiplication
        if lm and rm:
            if left.cols != right.rows:
                if left.shape == right.shape and left.cols == 1:
                    raise AnswerError("Two vectors cannot be multiplied with '*': use dot(a, b).")
                raise AnswerError(
                    f"Sizes do not match for a product: {_shape(left)} times {_shape(right)}."
                )
            return left * right
        return left * right

    def call(self, node: ast.Call, depth: int) -> sp.Basic:
        if not isinstance(node.func, ast.Name) or node.func.id in self.names:
            if isinstance(node.func, ast.Attribute):
                raise AnswerError(_refusal(node.func))
            raise AnswerError(
                "Write every multiplication with '*': for example 2*(x1 + 1), not 2(x1 + 1), "
                "and (x1)*(x2), not (x1)(x2)."
            )
        name = node.func.id
        if name not in FUNCTIONS:
            if name.startswith("_"):
                raise AnswerError(f"Names starting with '_' are not allowed (got {name!r}).")
            raise AnswerError(
                f"Unknown function {name!r}. Functions you can use: "
                f"{', '.join(sorted(FUNCTIONS, key=str.lower))}."
            )
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise AnswerError(f"{name}(...) takes plain arguments only.")
        if len(node.args) != FUNCTIONS[name]:
            count = FUNCTIONS[name]
            raise AnswerError(f"{name} takes {count} argument{'s' if count > 1 else ''}.")
        args = [self.visit(a, depth + 1) for a in node.args]
        return _apply_function(name, args)

    # -- dispatcher ------------------------------------------------------------------------
    def visit(self, node: ast.AST, depth: int = 0) -> sp.Basic:
        if depth > 60:
            raise AnswerError("The answer is nested too deeply.")
        if isinstance(node, ast.Expression):
            return self.visit(node.body, depth + 1)
        if isinstance(node, ast.Constant):
            result = self.number(node)
        elif isinstance(node, ast.Name):
            result = self.name(node)
        elif isinstance(node, ast.Tuple | ast.List):
            result = self.sequence(node, depth)
        elif isinstance(node, ast.BinOp):
            result = self.binop(node, depth)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise AnswerError("Only + and - may stand in front of a term.")
            operand = self.visit(node.operand, depth + 1)
            result = -operand if isinstance(node.op, ast.USub) else operand
        elif isinstance(node, ast.Call):
            result = self.call(node, depth)
        else:
            raise AnswerError(_refusal(node))
        _check_size(result)
        return result


def _decimal_range_message(text: str, small: bool) -> str:
    """Why a decimal with too many digits (counting the zeros its exponent stands for) is
    refused: it is read exactly, and exact numbers are limited to MAX_INTEGER_BITS bits."""
    return (
        f"The number {text} is too {'small' if small else 'large'} to be read here: a decimal "
        "may have at most about 150 digits, counting the zeros its exponent stands for "
        f"(1e-150 and 1e150 are fine, 1e-200 and 1e200 are not)."
        + (" If you mean 0, type 0." if small else "")
    )


def _refusal(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return (
            "'.' is only allowed inside decimal numbers such as 0.5 "
            "(attribute access like x.T is not allowed; use transpose(x))."
        )
    if isinstance(node, ast.Subscript):
        return "Indexing with [ ] is not allowed: write a component by its name, such as x1."
    if isinstance(node, ast.Compare | ast.BoolOp):
        return "Comparisons and logic (<, ==, and, or) are not answers."
    if isinstance(node, ast.Lambda | ast.ListComp | ast.GeneratorExp | ast.SetComp):
        return "Only a formula, a number, a vector or a matrix is accepted."
    if isinstance(node, ast.IfExp):
        return "'if ... else' is not allowed in an answer."
    if isinstance(node, ast.Starred):
        return "'*' must stand between two factors."
    return f"This kind of expression ({type(node).__name__}) is not allowed in an answer."


def _shape(m: sp.Matrix) -> str:
    return f"{m.rows} x {m.cols}"


def _apply_function(name: str, args: list[sp.Basic]) -> sp.Basic:
    if name in {"norm", "Norm"}:
        (a,) = args
        if isinstance(a, sp.MatrixBase):
            return sp.sqrt(sp.Add(*[sp.Abs(v) ** 2 for v in a]))
        return sp.Abs(a)
    if name in {"dot", "outer"}:
        a, b = args
        if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)):
            raise AnswerError(f"{name}(a, b) takes two vectors.")
        if a.shape != b.shape or 1 not in a.shape:
            raise AnswerError(f"{name}(a, b) needs two vectors of the same length.")
        a, b = sp.Matrix(list(a)), sp.Matrix(list(b))
        return a.dot(b) if name == "dot" else a * b.T
    if name == "transpose":
        (a,) = args
        if not isinstance(a, sp.MatrixBase):
            raise AnswerError("transpose(...) takes a vector or a matrix.")
        return a.T
    if name == "eye":
        (a,) = args
        if isinstance(a, sp.MatrixBase) or not a.is_Integer or not 1 <= int(a) <= MAX_ENTRIES:
            raise AnswerError(f"eye(n) needs a whole number n from 1 to {MAX_ENTRIES}.")
        return sp.eye(int(a))
    (a,) = args
    if isinstance(a, sp.MatrixBase):
        if name in {"abs", "Abs", "sign"}:  # entry by entry, as numpy does
            return a.applyfunc(sp.sign if name == "sign" else sp.Abs)
        hint = " (did you mean norm(x)?)" if name == "sqrt" else ""
        raise AnswerError(f"{name}(...) takes a number or a formula, not a vector{hint}.")
    functions: dict[str, Callable[[sp.Expr], sp.Expr]] = {
        "sqrt": sp.sqrt,
        "abs": sp.Abs,
        "Abs": sp.Abs,
        "sign": sp.sign,
        "exp": sp.exp,
        "log": sp.log,
        "ln": sp.log,
        "sin": sp.sin,
        "cos": sp.cos,
        "tan": sp.tan,
    }
    if name == "exp" and a.is_number:
        magnitude = abs(complex(a.evalf(15)))
        if not math.isfinite(magnitude) or magnitude > 10_000:
            raise AnswerError("exp(...) of such a large number is not accepted.")
    if name in {"log", "ln"} and a == 0:
        raise AnswerError("log(0) is not defined.")
    return functions[name](a)


def _literal_decimal(node: ast.AST, source: str) -> _Decimal | None:
    """The decimal information of a lone (possibly signed) decimal literal, else None."""
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    if not (isinstance(node, ast.Constant) and isinstance(node.value, float)):
        return None
    return _decimal_info(ast.get_source_segment(source, node) or "")


def _entry_kinds(tree: ast.Expression, source: str, value: sp.Basic) -> tuple[Any, ...]:
    body = tree.body
    if not isinstance(value, sp.MatrixBase):
        return (_literal_decimal(body, source),)
    if isinstance(body, ast.Tuple | ast.List):
        if all(isinstance(e, ast.Tuple | ast.List) for e in body.elts):
            kinds = [_literal_decimal(c, source) for row in body.elts for c in row.elts]
        else:
            kinds = [_literal_decimal(e, source) for e in body.elts]
        if len(kinds) == len(value):
            return tuple(kinds)
    return (None,) * len(value)


def _parse_text(text: str, names: Mapping[str, sp.Basic]) -> _Parsed:
    if not isinstance(text, str):
        raise TypeError(f"expected the answer as a str, got {type(text).__name__}.")
    stripped = text.strip()
    if not stripped:
        raise AnswerError("The answer is empty: type a number, a formula, a vector or a matrix.")
    if len(stripped) > MAX_LENGTH:
        raise AnswerError(
            f"The answer is too long ({len(stripped)} characters; at most {MAX_LENGTH})."
        )
    _check_characters(stripped)
    source = stripped.replace("^", "**")
    if "***" in source:
        raise AnswerError("'***' is not an operation: use ** (or ^) for a power.")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        if _implicit_multiplication(source):
            raise AnswerError(
                "Write every multiplication with '*': for example 2*x1, not 2x1, and "
                "2*(x1 + 1), not 2(x1 + 1)."
            ) from None
        detail = error.msg.rstrip(".") if error.msg else "invalid syntax"
        raise AnswerError(f"This is not a formula I can read ({detail}).") from None
    except (ValueError, MemoryError, RecursionError):
        raise AnswerError("This is not a formula I can read.") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise AnswerError("The answer is too long: simplify it and try again.")
    value = _Reader(source, names).visit(tree)
    decimals = any(
        isinstance(node, ast.Constant) and isinstance(node.value, float) for node in ast.walk(tree)
    )
    return _Parsed(value, _entry_kinds(tree, source, value), decimals)


def _symbol_table(
    variables: Iterable[str | sp.Symbol] | str, values: Mapping[str, Any] | None = None
) -> dict[str, sp.Basic]:
    table: dict[str, sp.Basic] = {}
    if isinstance(variables, str):
        variables = variables.replace(",", " ").split()
    for v in variables:
        if isinstance(v, sp.Symbol):
            symbol = v
        elif isinstance(v, str):
            symbol = sp.Symbol(v, real=True)
        else:
            raise TypeError(f"variables must be names or sympy Symbols, got {v!r}.")
        _check_variable_name(symbol.name)
        table[symbol.name] = symbol
    for name, value in (values or {}).items():
        _check_variable_name(name)
        if isinstance(value, str):
            converted = _parse_text(value, table).value
        else:
            converted = _to_sympy(value, table).value
        table[name] = converted
    return table


def _check_variable_name(name: str) -> None:
    if not (isinstance(name, str) and name.isascii() and name.isidentifier()):
        raise ValueError(f"variable names must be ASCII identifiers, got {name!r}.")
    if name.startswith("_") or name in _RESERVED:
        raise ValueError(f"{name!r} cannot be a variable name (reserved or private).")


def parse_answer(
    text: str,
    variables: Iterable[str | sp.Symbol] | str = (),
    values: Mapping[str, Any] | None = None,
) -> sp.Expr | sp.Matrix:
    """Read an answer typed as text into a sympy object, safely (nothing in it is run).

    Parameters
    ----------
    text : str
        The answer, e.g. ``"4/sqrt(5)"``, ``"(3/5, 4/5)"``, ``"x1/sqrt(x1^2 + x2^2)"`` or
        ``"[[2, 0], [0, 2]]"``. ``^`` means power.
    variables : str or iterable of str or sympy.Symbol
        Names allowed in the answer (``"x1 x2"`` or ``["x1", "x2"]``); plain names become
        real symbols.
    values : mapping, optional
        Further names and what they stand for, e.g. ``{"x": "(x1, x2)"}`` for a vector.

    Returns
    -------
    sympy.Expr or sympy.Matrix
        A scalar, or a Matrix (vectors are columns).

    Raises
    ------
    AnswerError
        When the text cannot be read; the message says what to change.

    Examples
    --------
    >>> parse_answer("4/sqrt(5)")
    4*sqrt(5)/5
    >>> parse_answer("(3/5, 0.8)").T
    Matrix([[3/5, 4/5]])
    >>> parse_answer("x/norm(x)", "x1 x2", {"x": "(x1, x2)"}).T
    Matrix([[x1/sqrt(x1**2 + x2**2), x2/sqrt(x1**2 + x2**2)]])
    >>> parse_answer("__import__('os').system('id')")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    normgrad.exercises.AnswerError: The character "'" is not allowed: text in quotes is ...
    """
    return _parse_text(text, _symbol_table(variables, values)).value


# --------------------------------------------------------------------------------------------
# Non-text answers
# --------------------------------------------------------------------------------------------


def _to_sympy(answer: Any, names: Mapping[str, sp.Basic]) -> _Parsed:
    """Convert a Python, numpy or sympy answer (not text) to a _Parsed value."""
    if hasattr(answer, "tolist") and not isinstance(answer, sp.Basic | sp.MatrixBase):
        answer = answer.tolist()  # numpy arrays and numpy scalars
    if isinstance(answer, sp.MatrixBase):
        value = sp.Matrix(answer)
        value = value.applyfunc(lambda e: _rename_symbols(e, names))
        _check_size(value)
        return _Parsed(value, (None,) * len(value))
    if isinstance(answer, list | tuple):
        if not answer:
            raise AnswerError("An empty list is not an answer.")
        if all(isinstance(e, list | tuple) or _is_vector_like(e) for e in answer):
            rows = [_to_sympy(e, names) for e in answer]
            if any(not isinstance(r.value, sp.MatrixBase) or 1 not in r.value.shape for r in rows):
                raise AnswerError("A matrix is a list of rows, each a list of numbers.")
            if len({len(r.value) for r in rows}) != 1:
                raise AnswerError("All rows of a matrix must have the same number of entries.")
            value = sp.Matrix([list(r.value) for r in rows])
            kinds = tuple(k for r in rows for k in r.entry_kinds)
            return _Parsed(value, kinds)
        entries = [_to_sympy(e, names) for e in answer]
        if any(isinstance(e.value, sp.MatrixBase) for e in entries):
            raise AnswerError("Mix of numbers and lists: give a vector (a, b) or a matrix.")
        return _Parsed(
            sp.Matrix([e.value for e in entries]), tuple(e.entry_kinds[0] for e in entries)
        )
    if isinstance(answer, sp.MatrixExpr):
        raise AnswerError(
            "Give an explicit sympy Matrix, not a MatrixSymbol expression (try .as_explicit())."
        )
    if isinstance(answer, sp.Basic):  # before the numbers ABCs: sympy numbers register there
        if isinstance(answer, sp.Float):
            return _to_sympy(float(answer), names)
        if not isinstance(answer, sp.Expr):
            raise AnswerError(f"A {type(answer).__name__} is not a number or a formula.")
        value = _rename_symbols(answer, names)
        _check_size(value)
        return _Parsed(value, (_COMPUTED,) if value.has(sp.Float) else (None,))
    if isinstance(answer, bool):
        raise AnswerError(f"{answer} is not a number.")
    if isinstance(answer, Integral):
        value = sp.Integer(int(answer))
        _check_size(value)
        return _Parsed(value, (None,))
    if isinstance(answer, Fraction):
        value = sp.Rational(answer.numerator, answer.denominator)
        _check_size(value)
        return _Parsed(value, (None,))
    if isinstance(answer, Real):
        number = float(answer)
        if not math.isfinite(number):
            raise AnswerError(f"{number} is not a finite number.")
        text = repr(number)  # the shortest decimal that gives back this float
        value = sp.Rational(Fraction(text))
        _check_size(value)
        return _Parsed(value, (_decimal_info(text, computed=True),))
    if isinstance(answer, complex):
        if answer.imag == 0:  # a real number held as a complex one (numpy complex dtypes)
            return _to_sympy(answer.real, names)
        if not _allows_complex(names):
            raise AnswerError("Complex numbers are not accepted here.")
        if not (math.isfinite(answer.real) and math.isfinite(answer.imag)):
            raise AnswerError(f"{answer} is not a finite number.")
        value = sp.Rational(Fraction(repr(answer.real))) + sp.I * sp.Rational(
            Fraction(repr(answer.imag))
        )
        _check_size(value)
        return _Parsed(value, (_COMPUTED,))
    raise AnswerError(
        f"An answer must be text, a number, a list or a sympy object; got {type(answer).__name__}."
    )


def _allows_complex(names: Mapping[str, sp.Basic]) -> bool:
    """Whether an exercise lets students use the imaginary unit (a name such as i stands for it)."""
    return any(v is sp.I for v in names.values())


def _is_vector_like(e: Any) -> bool:
    if isinstance(e, sp.MatrixBase):
        return True
    shape = e.shape if hasattr(e, "tolist") and hasattr(e, "shape") else ()
    return isinstance(shape, tuple) and len(shape) >= 1


def _rename_symbols(expr: sp.Expr, names: Mapping[str, sp.Basic]) -> sp.Expr:
    """Map the student's symbols to the exercise's symbols of the same name."""
    if not isinstance(expr, sp.Expr):
        raise AnswerError(f"A {type(expr).__name__} is not a number or a formula.")
    replacements = {}
    for s in expr.free_symbols:
        target = names.get(s.name)
        if not isinstance(target, sp.Symbol):
            raise AnswerError(
                f"Unknown name {s.name!r}."
                + (f" Names you can use here: {', '.join(sorted(names))}." if names else "")
            )
        replacements[s] = target
    expr = expr.xreplace(replacements)
    for f in expr.atoms(sp.Function):
        if type(f).__name__ not in {"Abs", "sign", "exp", "log", "sin", "cos", "tan"}:
            raise AnswerError(f"The function {type(f).__name__} is not accepted in an answer.")
    return expr


# --------------------------------------------------------------------------------------------
# Numerical comparison
# --------------------------------------------------------------------------------------------

_SEED = 20240607
_POINT_COUNT = 7
_REL_TOL = 1e-9
_CONFIRM_DIGITS = 30
_CONFIRM_TOL = 1e-20
_FLOAT_TOL = 1e-6  # relative; float32 results pass too


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
    """Check a == b at one point to 30 significant digits (exact rational sample values)."""
    subs = {s: sp.Rational(Fraction(point[s.name])) for s in a.free_symbols | b.free_symbols}
    try:
        diff = complex((a - b).evalf(_CONFIRM_DIGITS, subs=subs))
        scale = max(1.0, abs(complex(b.evalf(_CONFIRM_DIGITS, subs=subs))))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return False
    return abs(diff) <= _CONFIRM_TOL * scale


def _sample_points(symbols: Mapping[str, sp.Basic], expected: Sequence[sp.Expr]) -> list[dict]:
    """Fixed-seed sample points at which every expected entry is defined."""
    free = sorted(
        {s.name for e in expected for s in e.free_symbols}
        | {name for name, v in symbols.items() if isinstance(v, sp.Symbol)}
    )
    if not free:
        return [{}]
    rng = random.Random(_SEED)
    positive = {
        name
        for name in free
        if isinstance(symbols.get(name), sp.Symbol) and symbols[name].is_positive
    }
    points: list[dict] = []
    for _ in range(200):
        point = {}
        for name in free:
            magnitude = rng.randint(4, 24) / 8  # 0.5 .. 3 in steps of 1/8
            sign = 1 if name in positive or rng.random() < 0.5 else -1
            point[name] = sign * magnitude
        try:
            for e in expected:
                _evaluate(e, point)
        except _Undefined:
            continue
        points.append(point)
        if len(points) == _POINT_COUNT:
            break
    if not points:
        raise ValueError("the expected answer is undefined at every sample point.")
    return points


def _entry_matches(student: sp.Expr, kind: Any, expected: sp.Expr, points: list[dict]) -> bool:
    """Whether one entry of an answer equals the expected entry (see module docstring)."""
    computed = isinstance(kind, _Decimal) and kind.computed
    if isinstance(kind, _Decimal) and not expected.free_symbols:
        if _decimal_matches(student, kind, expected):
            return True
        if not computed:
            return False
    tolerance = _FLOAT_TOL if computed else _REL_TOL
    for point in points:
        try:
            s = _evaluate(student, point)
        except _Undefined:
            return kind is None and _confirm_everywhere(student, expected, points)
        e = _evaluate(expected, point)
        if abs(s - e) > tolerance * max(1.0, abs(e), abs(s)):
            # Double precision can lose every digit to cancellation (as in
            # (1 + sqrt(2))**100 - (3 + 2*sqrt(2))**50): for an exact answer the
            # high-precision evaluation decides.
            return kind is None and _confirm_everywhere(student, expected, points)
    if computed:  # a computed float: agreement within the tolerance is all we ask
        return True
    return all(_confirm(student, expected, p) for p in points[:2])


def _confirm_everywhere(student: sp.Expr, expected: sp.Expr, points: list[dict]) -> bool:
    """The high-precision check at every sample point (when double precision was not enough)."""
    return all(_confirm(student, expected, p) for p in points)


def _decimal_matches(typed: sp.Rational, kind: _Decimal, expected: sp.Expr) -> bool:
    """A typed decimal is right if exact, or correctly rounded or truncated (>= 3 digits)."""
    if typed - expected == 0:
        return True
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


def _latex(value: sp.Basic) -> str:
    if isinstance(value, sp.MatrixBase) and value.cols == 1:
        return r"\left(" + ", ".join(sp.latex(v) for v in value) + r"\right)"
    return sp.latex(value)


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
    """Shared reading of answers and display of solutions."""

    def __init__(
        self,
        variables: Iterable[str | sp.Symbol] | str,
        values: Mapping[str, Any] | None,
        prompt: str,
        solution: str,
        name: str,
    ) -> None:
        self._names = _symbol_table(variables, values)
        self.variables: tuple[str, ...] = tuple(
            n for n, v in self._names.items() if isinstance(v, sp.Symbol)
        )
        self.prompt = Markdown(prompt)
        self._solution_text = solution
        self.name = name

    def _read(self, answer: Any) -> _Parsed | Feedback:
        if answer is None or answer is Ellipsis:
            return _invalid("Replace ... with your answer, then run the cell again.")
        try:
            if isinstance(answer, str):
                return _parse_text(answer, self._names)
            return _to_sympy(answer, self._names)
        except AnswerError as error:
            return _invalid(str(error))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})" if self.name else f"{type(self).__name__}()"


class Exercise(_Base):
    """An exercise with one right answer (up to equivalence), checked with :meth:`check`.

    Parameters
    ----------
    answer : sympy object, number, sequence or str
        The right answer: a number, a formula in ``variables``, a vector (sequence or column
        Matrix) or a matrix (nested sequence or Matrix). Text is read with the same safe reader
        as the students' answers.
    variables : str or iterable of str or sympy.Symbol
        Names a student may use, e.g. ``"x1 x2"``. Plain names become real symbols; pass
        ``sympy.Symbol("t", positive=True)`` to sample only positive values.
    values : mapping, optional
        More names, e.g. ``{"x": "(x1, x2)"}`` so that ``x/norm(x)`` can be typed.
    known_wrong : sequence of (answer, hint) pairs
        Tempting wrong answers and the hint each one gets.
    hint : str
        Shown when a wrong answer matches nothing specific.
    solution : str
        The worked solution in Markdown (LaTeX allowed); :attr:`solution` appends the answer.
    prompt : str
        The question in Markdown (optional; notebooks usually state it themselves).
    name : str
        A short identifier, used in ``repr``.
    unordered : bool
        For vector answers: any order of the entries is right (e.g. a list of eigenvalues).
    gradient : bool
        The answer is a gradient: hints about a wrong shape then say that a gradient has one
        entry per variable and is a column (not the 1 x n derivative row). Otherwise they only
        say how many entries the answer has.

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
    """

    def __init__(
        self,
        answer: Any,
        variables: Iterable[str | sp.Symbol] | str = (),
        *,
        values: Mapping[str, Any] | None = None,
        known_wrong: Sequence[tuple[Any, str]] = (),
        hint: str = "",
        solution: str = "",
        prompt: str = "",
        name: str = "",
        unordered: bool = False,
        gradient: bool = False,
    ) -> None:
        super().__init__(variables, values, prompt, solution, name)
        parsed = self._read(answer)
        if isinstance(parsed, Feedback):
            raise ValueError(f"the expected answer cannot be read: {parsed.message}")
        self.answer: sp.Expr | sp.Matrix = parsed.value
        self.hint = hint
        self.unordered = bool(unordered)
        self.gradient = bool(gradient)
        self._points = _sample_points(self._names, _entries(self.answer))
        self._known_wrong: list[tuple[_Parsed, str]] = []
        for wrong, wrong_hint in known_wrong:
            wrong_parsed = self._read(wrong)
            if isinstance(wrong_parsed, Feedback):
                raise ValueError(f"a known wrong answer cannot be read: {wrong_parsed.message}")
            if not isinstance(wrong_hint, str) or not wrong_hint:
                raise ValueError("each known wrong answer needs a non-empty hint string.")
            self._known_wrong.append((wrong_parsed, wrong_hint))

    @property
    def solution(self) -> Markdown:
        """The worked solution (Markdown), ending with the answer in LaTeX.

        Examples
        --------
        >>> print(Exercise("(3/5, 4/5)", solution="Divide by 5.").solution)
        Divide by 5.
        <BLANKLINE>
        **Answer:** $\\left(\\frac{3}{5}, \\frac{4}{5}\\right)$
        """
        answer = f"**Answer:** ${_latex(self.answer)}$"
        text = f"{self._solution_text.strip()}\n\n{answer}" if self._solution_text else answer
        return Markdown(text)

    # -- comparisons -----------------------------------------------------------------------
    def _matches(self, parsed: _Parsed, target: sp.Basic) -> bool:
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
        return all(
            _entry_matches(s, k, t, self._points)
            for s, k, t in zip(entries, kinds, targets, strict=True)
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
        if self._matches(parsed, self.answer):
            return _ok(self._correct_message(parsed))
        return _no(self._hint_for(parsed))

    def _correct_message(self, parsed: _Parsed) -> str:
        """Empty for an exact answer; the exact value when decimals or floats were given."""
        approximate = any(k is not None for k in parsed.entry_kinds)
        if not approximate or self.answer.free_symbols:
            return ""
        exact = _text(self.answer)
        if _is_rational(self.answer):
            return f"The exact value is `{exact}`."
        return f"The exact value is `{exact}` (about {_decimal_text(self.answer)})."

    def _hint_for(self, parsed: _Parsed) -> str:
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

    def _generic_hint(self, parsed: _Parsed) -> str:
        value, expected = parsed.value, self.answer
        entries, targets = _entries(value), _entries(expected)
        points = self._points
        # transposed matrix
        if isinstance(value, sp.MatrixBase) and value.rows > 1 and value.cols > 1:
            swapped = _Parsed(value.T, tuple(_transpose_kinds(parsed.entry_kinds, value.shape)))
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
            _close(s, t) for s, t in zip(entries, targets, strict=True)
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
                isinstance(k, _Decimal) and k.significant >= 3 for k in parsed.entry_kinds
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


def _sort_key(e: sp.Expr) -> float:
    return float(complex(e.evalf(20)).real)


def _is_rational(value: sp.Basic) -> bool:
    return all(e.is_Rational for e in _entries(value))


def _transpose_kinds(kinds: tuple[Any, ...], shape: tuple[int, int]) -> list[Any]:
    rows, cols = shape
    return [kinds[r * cols + c] for c in range(cols) for r in range(rows)]


def _ordinal(k: int) -> str:
    """'first', 'second', ... for 1, 2, ...; 'number k' beyond ten."""
    words = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
    ]
    return words[k - 1] if 1 <= k <= len(words) else f"number {k}"


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
        ``"l2"``: subgradients of ``||x||_2`` at ``point`` (``x/||x||`` if ``x != 0``, any
        vector of length at most 1 at ``x = 0``).
    point : sequence of numbers
        Where the subgradient is taken.
    solution, prompt, name : str
        As for :class:`Exercise`.

    Examples
    --------
    >>> ex = SubgradientExercise("l1", (0, 2))
    >>> ex.check("(0.5, 1)")
    Correct! Any first entry from -1 to 1 works here.
    >>> ex.check("(2, 1)")
    Not quite. The first entry is 2, outside [-1, 1]: where x_k = 0 a subgradient entry must \
lie between -1 and 1.
    """

    def __init__(
        self,
        norm: str,
        point: Sequence[Any],
        *,
        solution: str = "",
        prompt: str = "",
        name: str = "",
    ) -> None:
        if norm not in {"l1", "l2"}:
            raise ValueError(f"norm must be 'l1' or 'l2', got {norm!r}.")
        super().__init__((), None, prompt, solution, name)
        self.norm = norm
        parsed = _read_point(point)
        self.point = parsed

    @property
    def solution(self) -> Markdown:
        """The worked solution (Markdown), ending with a description of every right answer.

        Examples
        --------
        >>> print(SubgradientExercise("l2", (0, 0)).solution)
        **Answer:** any vector $g$ with $\\|g\\|_2 \\le 1$.
        """
        if self.norm == "l2" and self.point.is_zero_matrix:
            answer = r"**Answer:** any vector $g$ with $\|g\|_2 \le 1$."
        elif self.norm == "l2":
            answer = f"**Answer:** ${_latex(self.point / symbolic.l2_norm_expr(self.point))}$"
        else:
            entries = [r"[-1, 1]" if v == 0 else sp.latex(sp.sign(v)) for v in self.point]
            answer = (
                r"**Answer:** any $g$ with $g \in "
                + r" \times ".join(e if e.startswith("[") else f"\\{{{e}\\}}" for e in entries)
                + "$"
            )
        text = f"{self._solution_text.strip()}\n\n{answer}" if self._solution_text else answer
        return Markdown(text)

    def check(self, answer: Any) -> Feedback:
        """Judge whether ``answer`` is a subgradient at the point.

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
        if not self.point.is_zero_matrix:
            expected = self.point / symbolic.l2_norm_expr(self.point)
            if all(
                _entry_matches(s, k, t, [{}]) for s, k, t in zip(g, kinds, expected, strict=True)
            ):
                return _ok("Away from 0 the only subgradient is the gradient x/||x||.")
            return _no("Away from 0 the norm is differentiable: the only subgradient is x/||x||.")
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
    the relative tolerance ``_FLOAT_TOL``.
    """
    low, high = value, value
    if not isinstance(kind, _Decimal):
        return low, high
    if kind.computed:
        slack = sp.Rational(Fraction(repr(_FLOAT_TOL))) * sp.Abs(value)
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
    if isinstance(kind, _Decimal) and value.is_Rational:
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
    if isinstance(point, str):
        parsed = _parse_text(point, {}).value
    else:
        try:
            parsed = _to_sympy(point, {}).value
        except AnswerError as error:
            raise ValueError(f"point must be a vector of numbers: {error}") from None
    if not isinstance(parsed, sp.MatrixBase) or parsed.cols != 1:
        raise ValueError("point must be a vector of numbers such as (3, 4).")
    if parsed.free_symbols or not all(v.is_real for v in parsed):
        raise ValueError("point must contain real numbers only.")
    return parsed


_IMAGINARY_UNIT = {"i": sp.I, "I": sp.I}


def _read_complex_point(point: Any) -> sp.Matrix:
    """A vector of complex numbers: Python/numpy complex, sympy numbers, or text with i."""
    try:
        if isinstance(point, str):
            parsed = _parse_text(point, _IMAGINARY_UNIT).value
        else:
            parsed = _to_sympy(point, _IMAGINARY_UNIT).value
    except AnswerError as error:
        raise ValueError(f"point must be a vector of complex numbers: {error}") from None
    if not isinstance(parsed, sp.MatrixBase) or parsed.cols != 1:
        raise ValueError("point must be a vector of numbers such as (1 + 2j, 2j, 4).")
    if parsed.free_symbols or not all(v.is_number and v.is_finite for v in parsed):
        raise ValueError("point must contain finite complex numbers only.")
    return parsed


def _complex_text(z: sp.Expr) -> str:
    """A complex number as it is written by hand: '1 + 2i', '-2i', 'i', '4', '(1/2)*i'."""
    re, im = z.as_real_imag()
    if im == 0:
        return _text(re)
    size = abs(im)
    if size == 1:
        imaginary = "i"
    elif size.is_Integer:
        imaginary = f"{size}i"
    else:
        inner = _text(size)
        imaginary = f"({inner})*i" if any(c in inner for c in "+-/ ") else f"{inner}*i"
    if re == 0:
        return f"-{imaginary}" if im.is_negative else imaginary
    return f"{_text(re)} {'-' if im.is_negative else '+'} {imaginary}"


def _square_text(z: sp.Expr) -> str:
    """'(1 + 2i)**2', '4**2', '(-3)**2'."""
    text = _complex_text(z)
    plain = text.isdigit() or text == "i"
    return f"{text}**2" if plain else f"({text})**2"


# --------------------------------------------------------------------------------------------
# Factories
# --------------------------------------------------------------------------------------------


def norm_at(point: Sequence[Any], *, name: str = "") -> Exercise:
    """Exercise: compute ``||x||_2`` at a given point.

    Parameters
    ----------
    point : sequence of numbers
        The vector, e.g. ``(3, 4)``.
    name : str
        Identifier shown in ``repr``.

    Returns
    -------
    Exercise
        Knows the slips: the L1 norm, the squared norm, the largest entry.

    Examples
    --------
    >>> ex = norm_at((3, 4))
    >>> ex.check("5"), ex.check("7"), ex.check("25")  # doctest: +NORMALIZE_WHITESPACE
    (Correct!, Not quite. 7 is the L1 norm |3| + |4| (sum of absolute values); the L2 norm
     squares, adds, then takes the square root.,
     Not quite. 25 is ||x||**2: take the square root.)
    """
    x = _read_point(point)
    value = symbolic.l2_norm_expr(x)
    squared = symbolic.squared_norm_expr(x)
    l1 = symbolic.l1_norm_expr(x)
    largest = max(abs(v) for v in x)
    sum_text = " + ".join(f"|{_text(v)}|" for v in x)
    known = [
        (
            l1,
            f"{_text(l1)} is the L1 norm {sum_text} (sum of absolute values); the L2 norm "
            "squares, adds, then takes the square root.",
        ),
        (squared, f"{_text(squared)} is ||x||**2: take the square root."),
        (
            largest,
            f"{_text(largest)} is the largest entry in size (the max norm), not the L2 norm.",
        ),
    ]
    squares = " + ".join(f"({sp.latex(v)})^{{2}}" if v < 0 else f"{sp.latex(v)}^{{2}}" for v in x)
    solution = (
        f"$\\|x\\|_2 = \\sqrt{{{squares}}} = \\sqrt{{{sp.latex(squared)}}} = {sp.latex(value)}$."
    )
    return Exercise(
        value,
        known_wrong=[(w, h) for w, h in known if w != value],
        hint="Square each entry, add the squares, then take the square root.",
        solution=solution,
        prompt=f"Compute $\\|x\\|_2$ for $x = {_latex(x)}$.",
        name=name or "norm_at",
    )


def complex_norm_at(point: Sequence[Any], *, name: str = "") -> Exercise:
    """Exercise: compute ``||x||_2 = sqrt(|x_1|^2 + ... + |x_n|^2)`` for a complex vector.

    The right answer is computed by :mod:`normgrad.symbolic` (the squared moduli
    ``|x_k|^2 = conj(x_k) x_k``), not typed in. Students may type ``i`` (or ``I``) for the
    imaginary unit and may give numpy complex results, so the slips below can all be typed.

    Parameters
    ----------
    point : sequence of numbers, or str
        The vector: Python or numpy complex numbers such as ``(1 + 2j, 2j, 4)``, sympy numbers
        (``1 + 2*sympy.I``), or text such as ``"(1 + 2*i, 2*i, 4)"``.
    name : str
        Identifier shown in ``repr``.

    Returns
    -------
    Exercise
        Knows the slips: squaring the entries without the modulus, ``sqrt(x_1^2 + ... + x_n^2)``
        (no conjugate), also with only the real part of that sum kept; the sum of the moduli
        ``|x_1| + ... + |x_n|`` (the L1 norm); and ``||x||^2``. A slip that happens to equal the
        right answer (e.g. for a real vector) is left out.

    Examples
    --------
    >>> ex = complex_norm_at((1 + 2j, 2j, 4))
    >>> ex.check("5")
    Correct!
    >>> ex.check("sqrt(9 + 4*i)")  # doctest: +NORMALIZE_WHITESPACE
    Not quite. You squared the entries without the modulus: (1 + 2i)**2 + (2i)**2 + 4**2 =
    9 + 4i. For complex entries square the modulus: |x_k|**2 = conj(x_k)*x_k = (real part)**2
    + (imaginary part)**2, never negative.
    >>> ex.check("sqrt(5) + 6")  # doctest: +NORMALIZE_WHITESPACE
    Not quite. sqrt(5) + 6 is the sum of the moduli |1 + 2i| + |2i| + |4| (the L1 norm); the L2
    norm squares the moduli, adds, then takes the square root.
    """
    x = _read_complex_point(point)
    value = symbolic.l2_norm_expr(x)
    squared = symbolic.squared_norm_expr(x)
    l1 = symbolic.l1_norm_expr(x)
    plain = sp.expand(sp.Add(*[v**2 for v in x]))  # x^T x: the conjugate forgotten
    plain_re, plain_im = plain.as_real_imag()
    squares = " + ".join(_square_text(v) for v in x)
    modulus = (
        "For complex entries square the modulus: |x_k|**2 = conj(x_k)*x_k = (real part)**2 "
        "+ (imaginary part)**2, never negative."
    )
    zero_note = " (zero, for a non-zero vector!)" if plain == 0 and not x.is_zero_matrix else ""
    known = [
        (
            sp.sqrt(plain),
            f"You squared the entries without the modulus: {squares} = "
            f"{_complex_text(plain)}{zero_note}. {modulus}",
        ),
    ]
    if plain_im != 0 and plain_re.is_positive:
        known.append(
            (
                sp.sqrt(plain_re),
                f"You squared the entries without the modulus and kept only the real part "
                f"{_text(plain_re)} of {squares} = {_complex_text(plain)}. {modulus}",
            )
        )
    sum_text = " + ".join(f"|{_complex_text(v)}|" for v in x)
    known += [
        (
            l1,
            f"{_text(l1)} is the sum of the moduli {sum_text} (the L1 norm); the L2 norm squares "
            "the moduli, adds, then takes the square root.",
        ),
        (squared, f"{_text(squared)} is ||x||**2: take the square root."),
    ]
    moduli = " + ".join(f"|{sp.latex(v)}|^{{2}}" for v in x)
    parts = " + ".join(sp.latex(sp.Abs(v) ** 2) for v in x)
    solution = (
        f"$\\|x\\|_2 = \\sqrt{{{moduli}}} = \\sqrt{{{parts}}} = \\sqrt{{{sp.latex(squared)}}} "
        f"= {sp.latex(value)}$, using $|a + ib|^2 = a^2 + b^2$."
    )
    return Exercise(
        value,
        values=_IMAGINARY_UNIT,
        known_wrong=[(w, h) for w, h in known if w != value],
        hint="Add the squared moduli |x_k|**2 = (real part)**2 + (imaginary part)**2, then take "
        "the square root.",
        solution=solution,
        prompt=f"Compute $\\|x\\|_2$ for the complex vector $x = {_latex(x)}$.",
        name=name or "complex_norm_at",
    )


def gradient_of_norm_at(point: Sequence[Any], *, name: str = "") -> Exercise:
    """Exercise: the gradient of ``||x||`` at a given non-zero point, ``x / ||x||``.

    The right answer is computed by :mod:`normgrad.symbolic` (sympy's gradient evaluated at the
    point), not typed in.

    Parameters
    ----------
    point : sequence of numbers
        A non-zero vector, e.g. ``(3, 4)``.
    name : str
        Identifier shown in ``repr``.

    Returns
    -------
    Exercise

    Examples
    --------
    >>> ex = gradient_of_norm_at((5, 12))
    >>> ex.check("(5/13, 12/13)")
    Correct!
    >>> ex.check("(10, 24)")
    Not quite. (10, 24) is 2x, the gradient of ||x||**2, not of ||x||.
    """
    x = _read_point(point)
    if x.is_zero_matrix:
        raise ValueError(
            "||x|| has no gradient at x = 0; use l2_subgradient_at_zero(n) for an exercise there."
        )
    n = x.rows
    variables = symbolic.symbols_vector(n)
    grad = symbolic.gradient(symbolic.l2_norm_expr(variables), variables)
    value = grad.subs(dict(zip(variables, x, strict=True)))
    norm = symbolic.l2_norm_expr(x)
    known = [
        (x, f"You gave x itself: divide by the norm ||x|| = {_text(norm)}."),
        (2 * x, f"{_text(2 * x)} is 2x, the gradient of ||x||**2, not of ||x||."),
        (
            x / norm**2,
            f"You divided by ||x||**2 = {_text(norm**2)}; divide by ||x|| = {_text(norm)} once.",
        ),
        (norm, "That is the norm itself; its gradient is a vector, one entry per variable."),
    ]
    solution = (
        f"$\\|x\\| = {sp.latex(norm)}$, so "
        f"$\\nabla\\|x\\| = \\dfrac{{x}}{{\\|x\\|}} = {_latex(value)}$."
    )
    return Exercise(
        value,
        known_wrong=[(w, h) for w, h in known if w != value],
        hint="The gradient of ||x|| is x/||x||: compute the norm first, then divide each entry.",
        solution=solution,
        prompt=f"Compute $\\nabla\\|x\\|$ at $x = {_latex(x)}$.",
        name=name or "gradient_of_norm_at",
        gradient=True,
    )


def unit_vector_at(point: Sequence[Any], *, name: str = "") -> Exercise:
    """Exercise: the unit vector ``x / ||x||_2`` in the direction of a non-zero point.

    Parameters
    ----------
    point : sequence of numbers
        A non-zero vector, e.g. ``(3, 4)``.
    name : str
        Identifier shown in ``repr``.

    Returns
    -------
    Exercise
        Knows the slips: ``x`` itself (no division), ``x / ||x||^2``, ``x / ||x||_1`` (the L1
        norm), and the numbers ``||x||`` and ``1/||x||`` instead of a vector. A slip that
        happens to equal the right answer (e.g. ``x`` when ``||x|| = 1``) is left out.

    Examples
    --------
    >>> ex = unit_vector_at((3, 4))
    >>> ex.check("(3/5, 4/5)"), ex.check([0.6, 0.8])
    (Correct!, Correct! The exact value is `(3/5, 4/5)`.)
    >>> ex.check("(3/7, 4/7)")  # doctest: +NORMALIZE_WHITESPACE
    Not quite. You divided by the L1 norm |3| + |4| = 7; a unit vector divides by the L2 norm
    ||x|| = 5 (your vector has length 5/7, not 1).
    >>> ex.check("5")
    Not quite. That is the length ||x|| = 5; the unit vector is x divided by it, with 2 entries.
    """
    x = _read_point(point)
    if x.is_zero_matrix:
        raise ValueError(
            "the zero vector has no direction, so x/||x|| is not defined: choose a non-zero point."
        )
    norm = symbolic.l2_norm_expr(x)
    squared = symbolic.squared_norm_expr(x)
    l1 = symbolic.l1_norm_expr(x)
    value = x / norm
    sum_text = " + ".join(f"|{_text(v)}|" for v in x)
    known = [
        (x, f"You gave x itself: divide each entry by the length ||x|| = {_text(norm)}."),
        (
            x / squared,
            f"You divided by ||x||**2 = {_text(squared)}; divide by ||x|| = {_text(norm)} "
            f"(your vector has length {_text(1 / norm)}, not 1).",
        ),
        (
            x / l1,
            f"You divided by the L1 norm {sum_text} = {_text(l1)}; a unit vector divides by the "
            f"L2 norm ||x|| = {_text(norm)} (your vector has length {_text(norm / l1)}, not 1).",
        ),
        (
            norm,
            f"That is the length ||x|| = {_text(norm)}; the unit vector is x divided by it, "
            f"with {_count(x.rows)}.",
        ),
        (
            1 / norm,
            f"That is the factor 1/||x|| = {_text(1 / norm)}: multiply each entry of x by it.",
        ),
    ]
    solution = (
        f"$\\|x\\|_2 = {sp.latex(norm)}$, so $\\dfrac{{x}}{{\\|x\\|_2}} = {_latex(value)}$, "
        "a vector of length 1 pointing the same way as $x$."
    )
    return Exercise(
        value,
        known_wrong=[(w, h) for w, h in known if w != value],
        hint="Compute the length ||x|| first, then divide each entry of x by it.",
        solution=solution,
        prompt=f"Give the unit vector $x/\\|x\\|_2$ for $x = {_latex(x)}$.",
        name=name or "unit_vector_at",
    )


def drone_speed_derivative_at(t: int | sp.Expr, *, name: str = "") -> Exercise:
    """Exercise: the rate of change of the drone's speed ``sqrt(1 + 4 t^2)`` at time ``t``.

    Parameters
    ----------
    t : int or sympy number
        The time.
    name : str
        Identifier shown in ``repr``.

    Returns
    -------
    Exercise
        Knows the slips: the dropped 1/2 of the chain rule (twice the answer), the forgotten
        inner derivative, the speed itself and the length of the acceleration.

    Examples
    --------
    >>> ex = drone_speed_derivative_at(2)
    >>> ex.check("8/sqrt(17)")
    Correct!
    >>> ex.check("16/sqrt(17)")  # doctest: +NORMALIZE_WHITESPACE
    Not quite. You kept the 2 from d/dt(1 + 4t^2) = 8t but dropped the 1/2 from the square root:
    d/du sqrt(u) = 1/(2*sqrt(u)).
    """
    steps = symbolic.drone_chain_rule(t)
    path = symbolic.drone_path()
    value = steps.correct
    speed = symbolic.drone_speed(t)
    accel = symbolic.l2_norm_expr(path.acceleration)
    known = [
        (
            steps.slip,
            "You kept the 2 from d/dt(1 + 4t^2) = 8t but dropped the 1/2 from the "
            "square root: d/du sqrt(u) = 1/(2*sqrt(u)).",
        ),
        (
            steps.outer_derivative,
            "You differentiated the square root but forgot the chain rule: "
            "multiply by the derivative of the inside, d/dt(1 + 4t^2) = 8t.",
        ),
        (speed, "That is the speed ||v(t)|| itself; the question asks how fast it changes."),
        (
            accel,
            "That is the length of the acceleration ||a(t)||. The speed changes only through "
            "the part of a along v: d||v||/dt = v.a/||v||.",
        ),
    ]
    tt = sp.latex(steps.t)
    solution = (
        "Speed $s(t) = \\|v(t)\\| = \\sqrt{1 + 4t^2}$. Chain rule: "
        "$s'(t) = \\dfrac{1}{2\\sqrt{1 + 4t^2}} \\cdot 8t = \\dfrac{4t}{\\sqrt{1 + 4t^2}}$. "
        f"At $t = {tt}$: $s'({tt}) = {sp.latex(value)}$."
    )
    return Exercise(
        value,
        known_wrong=[(w, h) for w, h in known if w != value],
        hint="Write the speed as sqrt(u) with u = 1 + 4t^2 and use the chain rule.",
        solution=solution,
        prompt=f"The drone flies along $p(t) = (t, t^2)$. How fast does its speed change at "
        f"$t = {tt}$?",
        name=name or "drone_speed_derivative_at",
    )


def least_squares_gradient_at(
    a: Sequence[Sequence[Any]], b: Sequence[Any], x: Sequence[Any], *, name: str = ""
) -> Exercise:
    """Exercise: the gradient ``2 A^T (A x - b)`` of ``||A x - b||^2`` at a given ``x``.

    Parameters
    ----------
    a : nested sequence of numbers
        The m x n matrix ``A``, row by row.
    b : sequence of numbers
        The vector ``b`` (length m).
    x : sequence of numbers
        The point (length n).
    name : str
        Identifier shown in ``repr``.

    Returns
    -------
    Exercise
        Knows the slips: the missing 2, ``b - A x`` instead of ``A x - b`` and the missing
        ``A^T``.

    Examples
    --------
    >>> ex = least_squares_gradient_at([[1, 0], [0, 2], [1, 1]], [1, 1, 1], [1, 1])
    >>> ex.answer.T
    Matrix([[2, 6]])
    >>> ex.check("(1, 3)")
    Not quite. You forgot the 2: the gradient of ||r||**2 is 2r, so the answer is 2 A^T (Ax - b).
    """
    rows = a.tolist() if hasattr(a, "tolist") else a
    if not (
        isinstance(rows, list | tuple)
        and rows
        and all(isinstance(row, list | tuple) for row in rows)
    ):
        raise ValueError("a must be a matrix of numbers, given row by row: [[1, 0], [0, 2]].")
    try:
        matrix = _to_sympy(rows, {}).value
    except AnswerError as error:
        raise ValueError(f"a must be a matrix of numbers: {error}") from None
    if not isinstance(matrix, sp.MatrixBase) or matrix.free_symbols:
        raise ValueError("a must be a matrix of numbers, given row by row: [[1, 0], [0, 2]].")
    bb, xx = _read_point(b), _read_point(x)
    if bb.rows != matrix.rows or xx.rows != matrix.cols:
        raise ValueError(
            f"sizes do not match: A is {_shape(matrix)}, b has {bb.rows} entries and x has "
            f"{xx.rows}; b needs {matrix.rows} and x needs {matrix.cols}."
        )
    residual = matrix * xx - bb
    value = 2 * matrix.T * residual
    known = [
        (
            matrix.T * residual,
            "You forgot the 2: the gradient of ||r||**2 is 2r, so the answer is 2 A^T (Ax - b).",
        ),
        (
            -value,
            "Sign error: the residual is r = Ax - b (not b - Ax), and the gradient is "
            "2 A^T (Ax - b).",
        ),
        (
            2 * residual,
            "You forgot A^T: by the chain rule through r = Ax - b, the gradient is "
            "2 A^T r, which has one entry per entry of x.",
        ),
    ]
    solution = (
        f"$r = Ax - b = {_latex(residual)}$, so "
        f"$\\nabla\\|Ax - b\\|^2 = 2A^{{T}} r = {_latex(value)}$."
    )
    return Exercise(
        value,
        known_wrong=[(w, h) for w, h in known if w != value],
        hint="Compute r = Ax - b first, then 2 A^T r.",
        solution=solution,
        prompt=f"For $A = {sp.latex(matrix)}$, $b = {_latex(bb)}$, compute the gradient of "
        f"$\\|Ax - b\\|^2$ at $x = {_latex(xx)}$.",
        name=name or "least_squares_gradient_at",
        gradient=True,
    )


def l1_subgradient_at(point: Sequence[Any], *, name: str = "") -> SubgradientExercise:
    """Exercise: give one subgradient of ``||x||_1`` at ``point`` (which may have zero entries).

    Parameters
    ----------
    point : sequence of numbers
        The point.
    name : str
        Identifier shown in ``repr``.

    Returns
    -------
    SubgradientExercise

    Examples
    --------
    >>> l1_subgradient_at((0, -3)).check("(0, -1)")
    Correct! Any first entry from -1 to 1 works here.
    """
    return SubgradientExercise(
        "l1",
        point,
        solution="Where $x_k \\ne 0$, $|x_k|$ has slope $\\operatorname{sign}(x_k)$; where "
        "$x_k = 0$ it has a kink and every slope in $[-1, 1]$ is a subgradient.",
        prompt="Give one subgradient of $\\|x\\|_1$ at the point.",
        name=name or "l1_subgradient_at",
    )


def l2_subgradient_at_zero(n: int = 2, *, name: str = "") -> SubgradientExercise:
    """Exercise: give one subgradient of ``||x||_2`` at ``x = 0`` (any vector of length <= 1).

    Parameters
    ----------
    n : int
        Number of components.
    name : str
        Identifier shown in ``repr``.

    Returns
    -------
    SubgradientExercise

    Examples
    --------
    >>> l2_subgradient_at_zero(2).check("(1, 1)")
    Not quite. Your vector has length sqrt(2) > 1: at 0 the subgradients of ||x|| are the \
vectors of length at most 1.
    """
    if isinstance(n, bool) or not isinstance(n, Integral) or not 1 <= n <= MAX_ENTRIES:
        raise ValueError(f"n must be an int from 1 to {MAX_ENTRIES}, got {n!r}.")
    return SubgradientExercise(
        "l2",
        [0] * int(n),
        solution="$g$ is a subgradient at 0 when $\\|h\\| \\ge g \\cdot h$ for every $h$; "
        "by Cauchy-Schwarz this holds exactly when $\\|g\\| \\le 1$.",
        prompt="Give one subgradient of $\\|x\\|_2$ at $x = 0$.",
        name=name or "l2_subgradient_at_zero",
    )


# --------------------------------------------------------------------------------------------
# Ready-made exercises
# --------------------------------------------------------------------------------------------

_X2 = {"x": "(x1, x2)"}
_X3 = {"x": "(x1, x2, x3)"}


def _grad_l2_formula_2d() -> Exercise:
    d = symbolic.grad_l2_norm_symbolic(2)
    x = d.variables
    r = symbolic.l2_norm_expr(x)
    return Exercise(
        d.result,
        "x1 x2",
        values=_X2,
        known_wrong=[
            (
                2 * x,
                "2x is the gradient of ||x||**2. For ||x|| = sqrt(||x||**2) the chain rule "
                "adds the factor 1/(2||x||).",
            ),
            (x, "You forgot to divide by the norm ||x||."),
            (x / r**2, "You divided by ||x||**2; the gradient of ||x|| is x/||x||."),
        ],
        hint="Use the chain rule on sqrt(x1**2 + x2**2).",
        solution="$\\dfrac{\\partial}{\\partial x_k}\\sqrt{x_1^2 + x_2^2} = "
        "\\dfrac{2x_k}{2\\sqrt{x_1^2 + x_2^2}}$, so $\\nabla\\|x\\| = x/\\|x\\|$.",
        prompt="Give $\\nabla\\|x\\|$ for $x = (x_1, x_2)$ as a formula (you may type "
        "`x/norm(x)`).",
        name="grad_l2_formula_2d",
        gradient=True,
    )


def _partial_l2_x1_2d() -> Exercise:
    d = symbolic.grad_l2_norm_symbolic(2)
    x1, x2 = d.variables
    inner = x1**2 + x2**2
    return Exercise(
        d.result[0],
        "x1 x2",
        values=_X2,
        known_wrong=[
            (
                2 * x1 / sp.sqrt(inner),
                "You kept the 2 from d(x1**2)/dx1 = 2*x1 but dropped the "
                "1/2 from d/du sqrt(u) = 1/(2*sqrt(u)).",
            ),
            (
                1 / (2 * sp.sqrt(inner)),
                "You differentiated the square root but forgot to "
                "multiply by the derivative of the inside, d(x1**2 + x2**2)/dx1 = 2*x1.",
            ),
            (x1 / inner, "You divided by x1**2 + x2**2 = ||x||**2; divide by its square root."),
            (x1, "You forgot to divide by the norm sqrt(x1**2 + x2**2)."),
        ],
        hint="Write ||x|| = sqrt(u) with u = x1**2 + x2**2 and use the chain rule.",
        solution="$\\dfrac{\\partial\\|x\\|}{\\partial x_1} = \\dfrac{1}{2\\sqrt{x_1^2 + x_2^2}}"
        "\\cdot 2x_1 = \\dfrac{x_1}{\\sqrt{x_1^2 + x_2^2}}$.",
        prompt="Give $\\partial\\|x\\|/\\partial x_1$ for $x = (x_1, x_2)$.",
        name="partial_l2_x1_2d",
    )


def _partial_squared_norm_xj() -> Exercise:
    terms = symbolic.partial_derivative_terms(3, 2)
    xj = sp.Symbol("x_j", real=True)
    value = terms.total.subs(terms.variable, xj)  # 2*x_j, computed
    return Exercise(
        value,
        [xj],
        values={"xj": xj},
        known_wrong=[
            (
                2 * sp.Abs(xj),
                "For real numbers |x_j|**2 = x_j**2, and d/dx_j x_j**2 = 2*x_j. "
                "2*|x_j| has the wrong sign when x_j < 0: at x_j = -1 the slope of x_j**2 is -2.",
            ),
            (0, "Not every term vanishes: the term k = j is x_j**2, whose derivative is 2*x_j."),
            (2, "d/dx_j of x_j**2 is 2*x_j, not 2."),
            (xj**2, "That is the term itself; differentiate it."),
        ],
        hint="Only the term with k = j depends on x_j; differentiate that term.",
        solution="In $\\sum_k x_k^2$ every term with $k \\ne j$ is a constant for "
        "$\\partial/\\partial x_j$ and gives 0; the term $x_j^2$ gives $2x_j$.",
        prompt="Give $\\partial\\|x\\|^2/\\partial x_j$ (type `x_j` for $x_j$).",
        name="partial_squared_norm_xj",
    )


def _grad_squared_norm_formula() -> Exercise:
    d = symbolic.grad_squared_norm_symbolic(3)
    x = d.variables
    return Exercise(
        d.result,
        "x1 x2 x3",
        values=_X3,
        known_wrong=[
            (
                x.applyfunc(lambda v: 2 * sp.Abs(v)),
                "For real numbers |x_k|**2 = x_k**2: the gradient is 2x, with signs.",
            ),
            (x / symbolic.l2_norm_expr(x), "x/||x|| is the gradient of ||x||, not of ||x||**2."),
        ],
        hint="Differentiate x1**2 + x2**2 + x3**2 one variable at a time.",
        solution="$\\partial(x_1^2 + x_2^2 + x_3^2)/\\partial x_k = 2x_k$, so "
        "$\\nabla\\|x\\|^2 = 2x$.",
        prompt="Give $\\nabla\\|x\\|^2$ for $x = (x_1, x_2, x_3)$ (you may type `2*x`).",
        name="grad_squared_norm_formula",
        gradient=True,
    )


def _grad_shifted_norm_2d() -> Exercise:
    d = symbolic.grad_norm_shifted(2)
    x = d.variables
    a = symbolic.symbols_vector(2, "a")
    norm = symbolic.l2_norm_expr
    return Exercise(
        d.result,
        "x1 x2 a1 a2",
        values={"x": "(x1, x2)", "a": "(a1, a2)"},
        known_wrong=[
            (
                x / norm(x),
                "That is the gradient of ||x||: here the vector inside the norm is x + a.",
            ),
            ((x + a) / norm(x), "Divide by ||x + a||, the norm of the shifted vector."),
            (x / norm(x + a), "The numerator is x + a, not x."),
        ],
        hint="Apply the chain rule with y = x + a; dy/dx is the identity.",
        solution="With $y = x + a$ the Jacobian $\\partial y/\\partial x$ is $I$, so "
        "$\\nabla\\|x + a\\| = \\dfrac{x + a}{\\|x + a\\|}$ (for $x \\ne -a$).",
        prompt="Give $\\nabla_x\\|x + a\\|$ for $x = (x_1, x_2)$ and a constant "
        "$a = (a_1, a_2)$ (you may use `x`, `a` and `norm`).",
        name="grad_shifted_norm_2d",
        gradient=True,
    )


def _hessian_l2_2d() -> Exercise:
    d = symbolic.hessian_l2_norm_symbolic(2)
    x = d.variables
    r = symbolic.l2_norm_expr(x)
    return Exercise(
        d.result,
        "x1 x2",
        values=_X2,
        known_wrong=[
            (
                sp.eye(2) / r,
                "You forgot the term -x x^T/||x||**3 that comes from differentiating 1/||x||.",
            ),
            (x * x.T / r**3, "Missing the I/||x|| part, and the sign of x x^T/||x||**3."),
        ],
        hint="Differentiate x_i/||x|| with the quotient rule: d||x||/dx_j = x_j/||x||.",
        solution="$\\dfrac{\\partial}{\\partial x_j}\\dfrac{x_i}{\\|x\\|} = "
        "\\dfrac{\\delta_{ij}}{\\|x\\|} - \\dfrac{x_i x_j}{\\|x\\|^3}$, so "
        "$H = \\dfrac{1}{\\|x\\|}\\left(I - \\dfrac{x x^T}{\\|x\\|^2}\\right)$.",
        prompt="Give the Hessian of $\\|x\\|$ for $x = (x_1, x_2)$ as a matrix "
        "`[[..., ...], [..., ...]]`.",
        name="hessian_l2_2d",
    )


def _hessian_squared_norm_2d() -> Exercise:
    d = symbolic.hessian_squared_norm_symbolic(2)
    x1, x2 = d.variables
    return Exercise(
        d.result,
        "x1 x2",
        values=_X2,
        known_wrong=[
            (
                sp.Matrix([[2 * x1, 0], [0, 2 * x2]]),
                "Differentiate 2*x_k once more: d(2*x1)/dx1 = 2, a constant.",
            ),
            (2, "The Hessian is a matrix: 2 times the 2 x 2 identity, [[2, 0], [0, 2]]."),
        ],
        hint="The gradient is 2x; differentiate each entry with respect to each variable.",
        solution="$\\nabla\\|x\\|^2 = 2x$ and $\\partial(2x_i)/\\partial x_j = 2\\delta_{ij}$, "
        "so $H = 2I$.",
        prompt="Give the Hessian of $\\|x\\|^2$ for $x = (x_1, x_2)$.",
        name="hessian_squared_norm_2d",
    )


def _hessian_l2_eigenvalues_at_3_4() -> Exercise:
    eigen = symbolic.hessian_l2_norm_eigen(2)
    point = dict(zip(eigen.along, (3, 4), strict=True))
    values = sorted(
        (ev.subs(point) for ev, m in eigen.eigenvalues.items() for _ in range(m)), key=_sort_key
    )
    return Exercise(
        values,
        unordered=True,
        known_wrong=[((0, 5), "The eigenvalue across x is 1/||x|| = 1/5, not ||x||.")],
        hint="One eigenvector is x itself, the other is perpendicular to x.",
        solution="$H x = 0$ (eigenvalue 0 along $x$) and $H w = w/\\|x\\|$ for $w \\perp x$, "
        "so at $(3, 4)$ the eigenvalues are $0$ and $1/5$.",
        prompt="List the eigenvalues of the Hessian of $\\|x\\|$ at $x = (3, 4)$.",
        name="hessian_l2_eigenvalues_at_3_4",
    )


def _directional_derivative_squared_norm() -> Exercise:
    q = symbolic.directional_difference_quotient(2)
    subs = dict(zip(list(q.x) + list(q.h), (1, 2, 3, -1), strict=True))
    value = q.limit.subs(subs)
    return Exercise(
        value,
        known_wrong=[(q.expected_limit.subs(subs) / 2, "The limit is 2<x, h>: keep the 2.")],
        hint="The limit of (||x + sh||^2 - ||x||^2)/s is 2<x, h>.",
        solution="$\\lim_{s\\to 0} \\dfrac{\\|x + sh\\|^2 - \\|x\\|^2}{s} = 2\\langle x, h"
        "\\rangle = 2(1\\cdot 3 + 2\\cdot(-1))$.",
        prompt="For $x = (1, 2)$ and $h = (3, -1)$, compute "
        "$\\lim_{s\\to 0} (\\|x + sh\\|^2 - \\|x\\|^2)/s$.",
        name="directional_derivative_squared_norm",
    )


def _complex_grad_v() -> Exercise:
    g = symbolic.complex_squared_norm_gradients(2)
    c = symbolic.complex_conjugate_product(2)
    return Exercise(
        g.grad_v,
        "u1 u2 v1 v2",
        values={"u": "(u1, u2)", "v": "(v1, v2)"},
        known_wrong=[
            (
                c.slip_grad_v,
                "-2v comes from writing x*x = u^T u - v^T v, which forgets the "
                "conjugate. With it, x*x = u^T u + v^T v, so the gradient with respect to v is 2v.",
            ),
        ],
        hint="Expand x*x = (u - iv)^T (u + iv) first.",
        solution="$x^* x = (u - iv)^T(u + iv) = u^T u + v^T v$ (the cross terms cancel), so "
        "$\\nabla_v (x^* x) = 2v$.",
        prompt="For $x = u + iv$ with real $u, v \\in \\mathbb{R}^2$, give "
        "$\\nabla_v (x^* x)$ (you may type `2*v`).",
        name="complex_grad_v",
        gradient=True,
    )


def _ready(factory: Callable[..., Any], *args: Any, name: str) -> Callable[[], Any]:
    return lambda: factory(*args, name=name)


_REGISTRY: dict[str, Callable[[], Exercise | SubgradientExercise]] = {
    "norm_3_4": _ready(norm_at, (3, 4), name="norm_3_4"),
    "norm_1_2_2": _ready(norm_at, (1, 2, 2), name="norm_1_2_2"),
    "unit_vector_3_4": _ready(unit_vector_at, (3, 4), name="unit_vector_3_4"),
    "unit_vector_1_2_2": _ready(unit_vector_at, (1, 2, 2), name="unit_vector_1_2_2"),
    "complex_norm_1p2i_2i_4": _ready(
        complex_norm_at, (1 + 2j, 2j, 4), name="complex_norm_1p2i_2i_4"
    ),
    "grad_l2_at_3_4": _ready(gradient_of_norm_at, (3, 4), name="grad_l2_at_3_4"),
    "grad_l2_at_5_12": _ready(gradient_of_norm_at, (5, 12), name="grad_l2_at_5_12"),
    "grad_l2_at_1_1_1_1": _ready(gradient_of_norm_at, (1, 1, 1, 1), name="grad_l2_at_1_1_1_1"),
    "grad_l2_at_1_2_2": _ready(gradient_of_norm_at, (1, 2, 2), name="grad_l2_at_1_2_2"),
    "grad_l2_at_8_6": _ready(gradient_of_norm_at, (8, 6), name="grad_l2_at_8_6"),
    "grad_l2_at_2_m3_6": _ready(gradient_of_norm_at, (2, -3, 6), name="grad_l2_at_2_m3_6"),
    "grad_l2_formula_2d": _grad_l2_formula_2d,
    "partial_l2_x1_2d": _partial_l2_x1_2d,
    "partial_squared_norm_xj": _partial_squared_norm_xj,
    "grad_squared_norm_formula": _grad_squared_norm_formula,
    "drone_speed_derivative_t1": _ready(
        drone_speed_derivative_at, 1, name="drone_speed_derivative_t1"
    ),
    "drone_speed_derivative_t2": _ready(
        drone_speed_derivative_at, 2, name="drone_speed_derivative_t2"
    ),
    "grad_shifted_norm_2d": _grad_shifted_norm_2d,
    "hessian_l2_2d": _hessian_l2_2d,
    "hessian_squared_norm_2d": _hessian_squared_norm_2d,
    "hessian_l2_eigenvalues_at_3_4": _hessian_l2_eigenvalues_at_3_4,
    "least_squares_gradient": _ready(
        least_squares_gradient_at,
        [[1, 0], [0, 2], [1, 1]],
        [1, 1, 1],
        [1, 1],
        name="least_squares_gradient",
    ),
    "directional_derivative_squared_norm": _directional_derivative_squared_norm,
    "complex_grad_v": _complex_grad_v,
    "l1_subgradient_at_0_2": _ready(l1_subgradient_at, (0, 2), name="l1_subgradient_at_0_2"),
    "l2_subgradient_at_zero_2d": _ready(
        l2_subgradient_at_zero, 2, name="l2_subgradient_at_zero_2d"
    ),
}


def names() -> list[str]:
    """The names of the ready-made exercises, sorted.

    Returns
    -------
    list of str

    Examples
    --------
    >>> "grad_l2_at_3_4" in names()
    True
    """
    return sorted(_REGISTRY)


def get(name: str) -> Exercise | SubgradientExercise:
    """A fresh copy of a ready-made exercise.

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Returns
    -------
    Exercise or SubgradientExercise

    Examples
    --------
    >>> get("drone_speed_derivative_t1").check("4/sqrt(5)")
    Correct!
    >>> get("grad_l2_at_3")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: no exercise named 'grad_l2_at_3'. Did you mean 'grad_l2_at_3_4'? ...
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}.")
    factory = _REGISTRY.get(name)
    if factory is None:
        close = difflib.get_close_matches(name, _REGISTRY, n=1)
        suggestion = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"no exercise named {name!r}.{suggestion} Available: {', '.join(names())}."
        )
    return factory()


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
    >>> check("norm_3_4", "5")
    Correct!
    """
    return get(name).check(answer)
