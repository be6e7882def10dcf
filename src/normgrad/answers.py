"""Reading an answer safely: text, numbers, numpy arrays and sympy objects into sympy.

Text is read by this module's own reader, **never** by ``eval``, ``sympify`` or ``parse_expr``:
the text is checked character by character (plain ASCII only), parsed into a Python syntax
tree with :func:`ast.parse` (which builds the tree and runs nothing), and the tree is walked
node by node; only numbers, the allowed names, ``+ - * / **``, parentheses, brackets and commas
and the functions in :data:`FUNCTIONS` become sympy objects. Everything else (attribute access,
indexing, strings, lambdas, comprehensions, keywords, names starting with ``_``, unknown names,
non-ASCII look-alike letters) is refused with a message saying what to change, and nothing in
the answer is ever run. ``^`` is a power (``x1^2`` means ``x1**2``), as in mathematics.

* ``(a, b)``, ``[a, b]`` or ``a, b`` is a vector (a column); ``[[a, b], [c, d]]`` a matrix
  given row by row; ``[[a, b]]`` a 1 x 2 row.
* An exercise may define vector names such as ``x`` (= ``(x1, x2)``), so ``x/norm(x)`` and
  ``2*x`` work; ``norm``, ``dot``, ``outer``, ``transpose`` and ``eye`` act on vectors and
  matrices.
* Python, numpy and sympy objects are converted too. Their size is checked first (at most
  :data:`MAX_ENTRIES` entries a row and as many rows, at most :data:`MAX_NODES` nodes in a
  sympy formula), so an oversized answer is refused at once. A sympy formula built with plain
  ``sp.symbols`` (complex by default) is renamed to the exercise's real symbols of the same
  names, and an unevaluated ``Derivative``, ``Limit`` or ``UnevaluatedExpr`` is evaluated.

Sizes are capped (:data:`MAX_LENGTH`, :data:`MAX_NODES`, :data:`MAX_EXPONENT`,
:data:`MAX_INTEGER_BITS`, :data:`MAX_ENTRIES`) so that no answer can make the checker hang.

>>> parse_answer("x1/sqrt(x1^2 + x2^2)", "x1 x2")
x1/sqrt(x1**2 + x2**2)
"""

from __future__ import annotations

import ast
import contextlib
import math
import re
import signal
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real
from typing import Any

import sympy as sp

__all__ = [
    "DOIT_SECONDS",
    "FLOAT_TOLERANCE",
    "FUNCTIONS",
    "MAX_ENTRIES",
    "MAX_EXPONENT",
    "MAX_INTEGER_BITS",
    "MAX_LENGTH",
    "MAX_NODES",
    "PASTED_TOLERANCE",
    "AnswerError",
    "Digits",
    "Reading",
    "parse_answer",
    "read",
    "symbol_table",
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


#: Relative tolerance for a value computed in floating point (float32 results pass too).
FLOAT_TOLERANCE = 1e-6
#: Relative tolerance for a decimal typed with at least 12 significant digits: printed output
#: of a floating-point computation pasted as text, such as 0.6000000000000001.
PASTED_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Digits:
    """How precisely a decimal entry was given.

    Attributes
    ----------
    unit : sympy.Rational
        The unit of its last digit (``1/1000`` for ``1.789``); 0 for a formula.
    significant : int
        Its number of significant digits (for a formula: the fewest of its decimals).
    tolerance : float
        A relative tolerance, on top of rounding: :data:`FLOAT_TOLERANCE` for a Python or
        numpy float, :data:`PASTED_TOLERANCE` for a long decimal typed as text, the precision
        of its decimals for a formula such as ``4/2.236``; 0 when only rounding is allowed.
    """

    unit: sp.Rational
    significant: int
    tolerance: float = 0.0


def _decimal_info(text: str, tolerance: float | None = None) -> Digits:
    """Digits information of a decimal written as ``text`` (e.g. '1.789', '8.94e-1')."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, fraction = mantissa.lstrip("+-").partition(".")
    digits = (whole + fraction).lstrip("0")
    unit = sp.Rational(10) ** (int(exponent or 0) - len(fraction))
    if tolerance is None:
        tolerance = PASTED_TOLERANCE if len(digits) >= 12 else 0.0
    return Digits(unit=unit, significant=len(digits), tolerance=tolerance)


#: A value computed in floating point inside a formula (a sympy Float): tolerance only.
_COMPUTED = Digits(unit=sp.Integer(0), significant=0, tolerance=FLOAT_TOLERANCE)


@dataclass(frozen=True)
class Reading:
    """An answer read into sympy.

    Attributes
    ----------
    value : sympy.Expr or sympy.Matrix
        The answer (vectors are columns).
    entry_kinds : tuple
        One item per (row-major) entry of ``value``: a :class:`Digits` when that entry was
        given as a decimal (a lone decimal, a float, or a formula with decimals in it), None
        when it is exact.
    decimals : bool
        Whether the answer had a decimal anywhere.
    """

    value: sp.Expr | sp.Matrix
    entry_kinds: tuple[Any, ...]
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
            if isinstance(node.func, ast.Tuple | ast.List) and node.args:
                raise AnswerError(
                    "A comma is probably missing between two rows or vectors: write "
                    "((1, 2), (3, 4)), not ((1, 2) (3, 4)); for a product write '*'."
                )
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
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.List | ast.Tuple):
        return (
            "A comma is probably missing between two rows or vectors: write "
            "[[1, 2], [3, 4]], not [[1, 2] [3, 4]]."
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


def _entry_digits(node: ast.AST, source: str) -> Digits | None:
    """How precisely one entry was typed: None if exact, else its :class:`Digits`.

    A lone (possibly signed) decimal keeps its own digits. A formula with decimals in it, such
    as ``4/2.236``, may be off by the precision of its decimals: the relative tolerance is the
    sum of their relative precisions (one unit of the last digit, over the decimal), provided
    each has at least 3 significant digits (else only the exact value counts).
    """
    lone = node
    while isinstance(lone, ast.UnaryOp) and isinstance(lone.op, ast.USub | ast.UAdd):
        lone = lone.operand
    if isinstance(lone, ast.Constant) and isinstance(lone.value, float):
        return _decimal_info(ast.get_source_segment(source, lone) or "")
    decimals = [
        (_decimal_info(ast.get_source_segment(source, n) or ""), Fraction(n.value))
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, float) and n.value != 0
    ]
    if not decimals:
        return None
    fewest = min(d.significant for d, _ in decimals)
    tolerance = 0.0
    if fewest >= 3:
        tolerance = sum(float(d.unit / abs(value)) for d, value in decimals)
    return Digits(unit=sp.Integer(0), significant=fewest, tolerance=tolerance)


def _entry_kinds(tree: ast.Expression, source: str, value: sp.Basic) -> tuple[Any, ...]:
    body = tree.body
    if not isinstance(value, sp.MatrixBase):
        return (_entry_digits(body, source),)
    if isinstance(body, ast.Tuple | ast.List):
        if all(isinstance(e, ast.Tuple | ast.List) for e in body.elts):
            kinds = [_entry_digits(c, source) for row in body.elts for c in row.elts]
        else:
            kinds = [_entry_digits(e, source) for e in body.elts]
        if len(kinds) == len(value):
            return tuple(kinds)
    return (_entry_digits(body, source),) * len(value)


def _read_text(text: str, names: Mapping[str, sp.Basic]) -> Reading:
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
        with warnings.catch_warnings():  # Python's own warnings (such as "invalid decimal
            warnings.simplefilter("ignore")  # literal" for 1sqrt) would only confuse students
            tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        if _implicit_multiplication(source):
            raise AnswerError(
                "Write every multiplication with '*': for example 2*x1, not 2x1, and "
                "2*(x1 + 1), not 2(x1 + 1)."
            ) from None
        leading_zero = re.search(r"(?<![\w.])0+(\d+)(?![\w.])", source)
        if leading_zero and "leading zeros" in (error.msg or ""):
            number = leading_zero.group(1)
            raise AnswerError(
                f"Leading zeros are not allowed: write {number}, not {leading_zero.group(0)}."
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
    return Reading(value, _entry_kinds(tree, source, value), decimals)


def symbol_table(
    variables: Iterable[str] | str, values: Mapping[str, Any] | None = None
) -> dict[str, sp.Basic]:
    """The names an answer may use: real symbols, and names standing for values.

    Parameters
    ----------
    variables : str or iterable of str
        Variable names (``"x1 x2"``); they become real symbols.
    values : mapping, optional
        Further names and what they stand for, as text or objects (``{"x": "(x1, x2)"}``).

    Returns
    -------
    dict of str to sympy objects

    Examples
    --------
    >>> table = symbol_table("x1 x2", {"x": "(x1, x2)"})
    >>> table["x1"].is_real, table["x"].T
    (True, Matrix([[x1, x2]]))
    """
    table: dict[str, sp.Basic] = {}
    if isinstance(variables, str):
        variables = variables.replace(",", " ").split()
    for v in variables:
        if not isinstance(v, str):
            raise TypeError(f"variables must be names (str), got {v!r}.")
        symbol = sp.Symbol(v, real=True)
        _check_variable_name(symbol.name)
        table[symbol.name] = symbol
    for name, value in (values or {}).items():
        _check_variable_name(name)
        table[name] = read(value, table).value
    return table


def _check_variable_name(name: str) -> None:
    if not (isinstance(name, str) and name.isascii() and name.isidentifier()):
        raise ValueError(f"variable names must be ASCII identifiers, got {name!r}.")
    if name.startswith("_") or name in _RESERVED:
        raise ValueError(f"{name!r} cannot be a variable name (reserved or private).")


def parse_answer(
    text: str,
    variables: Iterable[str] | str = (),
    values: Mapping[str, Any] | None = None,
) -> sp.Expr | sp.Matrix:
    """Read an answer typed as text into a sympy object, safely (nothing in it is run).

    Parameters
    ----------
    text : str
        The answer, e.g. ``"4/sqrt(5)"``, ``"(3/5, 4/5)"``, ``"x1/sqrt(x1^2 + x2^2)"`` or
        ``"[[2, 0], [0, 2]]"``. ``^`` means power.
    variables : str or iterable of str
        Names allowed in the answer (``"x1 x2"`` or ``["x1", "x2"]``); they become real
        symbols.
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
    normgrad.answers.AnswerError: The character "'" is not allowed: text in quotes is ...
    """
    return _read_text(text, symbol_table(variables, values)).value


def read(answer: Any, names: Mapping[str, sp.Basic]) -> Reading:
    """Read an answer of any kind (text, number, sequence, numpy array, sympy object).

    Parameters
    ----------
    answer : str, number, sequence, numpy array or sympy object
        The student's answer.
    names : mapping of str to sympy objects
        The names the answer may use (from :func:`symbol_table`).

    Returns
    -------
    Reading
        The value, and for each entry whether it was given as a decimal.

    Raises
    ------
    AnswerError
        When the answer cannot be read; the message says what to change.

    Examples
    --------
    >>> read("(0.6, 4/5)", {}).value.T
    Matrix([[3/5, 4/5]])
    >>> read([[1, 2], [3, 4]], {}).value
    Matrix([
    [1, 2],
    [3, 4]])
    >>> read([0.0] * 10**5, {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    normgrad.answers.AnswerError: The answer is too large: a vector has at most 20 entries ...
    """
    if isinstance(answer, str):
        return _read_text(answer, names)
    _check_object_size(answer, 0)
    if hasattr(answer, "tolist") and not isinstance(answer, sp.Basic | sp.MatrixBase):
        answer = answer.tolist()  # numpy: its shape was checked; now what it holds
        _check_object_size(answer, 0)
    return _read_object(answer, names)


def _too_large(count: int) -> AnswerError:
    return AnswerError(
        f"The answer is too large: a vector has at most {MAX_ENTRIES} entries here, and a "
        f"matrix at most {MAX_ENTRIES} rows of {MAX_ENTRIES} (yours has {count})."
    )


def _check_object_size(answer: Any, depth: int) -> None:
    """Refuse an oversized or deeply nested answer at once, before any conversion."""
    if isinstance(answer, sp.MatrixBase):  # a sympy row or column counts as a 1-D vector
        shape = (len(answer),) if 1 in answer.shape else answer.shape
    elif isinstance(answer, sp.Basic):
        _count_nodes(answer)
        return
    elif hasattr(answer, "tolist") and hasattr(answer, "shape"):  # numpy arrays and scalars
        shape = answer.shape if isinstance(answer.shape, tuple) else ()
    elif isinstance(answer, list | tuple):
        if depth >= 2:
            raise AnswerError(
                "The answer is nested too deeply: give a number, a vector (a, b) or a matrix "
                "[[a, b], [c, d]]."
            )
        if len(answer) > MAX_ENTRIES:
            raise _too_large(len(answer))
        for entry in answer:
            _check_object_size(entry, depth + 1)
        return
    else:
        return
    if len(shape) + depth > 2:
        raise AnswerError(
            f"An array with {len(shape) + depth} dimensions is not an answer: give a number, a "
            "vector or a matrix."
        )
    if any(not isinstance(n, int) or n > MAX_ENTRIES for n in shape):
        raise _too_large(math.prod(n for n in shape if isinstance(n, int)))


#: sympy objects an answer may contain (after symbols are renamed and derivatives evaluated).
_ALLOWED_SYMPY = (
    sp.Symbol,
    sp.Number,
    sp.NumberSymbol,
    sp.core.numbers.ImaginaryUnit,
    sp.Add,
    sp.Mul,
    sp.Pow,
    sp.Abs,
    sp.sign,
    sp.exp,
    sp.log,
    sp.sin,
    sp.cos,
    sp.tan,
)
#: Unevaluated operations that are evaluated (``.doit()``) when an answer holds them.
_EVALUATED = (sp.Derivative, sp.Limit, sp.Subs, sp.UnevaluatedExpr)


#: Longest time sympy may take to evaluate an unevaluated Derivative or Limit in an answer.
DOIT_SECONDS = 2.0


class _TookTooLong(BaseException):  # not an Exception: sympy's own handlers must not catch it
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (with SIGALRM, in the main thread of a Unix
    process such as a Jupyter kernel; elsewhere the block runs unbounded)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise _TookTooLong

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _count_nodes(expr: sp.Basic) -> int:
    """The number of nodes of a sympy object; refuse it beyond MAX_NODES (no recursion)."""
    count, stack = 0, [expr]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise AnswerError(
                f"The answer is too large: a formula may have at most {MAX_NODES} parts; "
                "simplify it and try again."
            )
        stack.extend(node.args)
    return count


def _sympy_value(expr: Any, names: Mapping[str, sp.Basic]) -> sp.Expr:
    """A student's sympy expression, renamed to the exercise's symbols, evaluated, vetted."""
    if isinstance(expr, sp.Lambda):
        raise AnswerError(
            "A sympy Lambda is a function, not a value: call it on the variables, "
            "for example f(x1, x2), and give the result."
        )
    if not isinstance(expr, sp.Expr):
        raise AnswerError(f"A {type(expr).__name__} is not a number or a formula.")
    _count_nodes(expr)
    expr = _rename_symbols(expr, names)
    if expr.has(*_EVALUATED):
        try:
            with _time_limit(DOIT_SECONDS):
                evaluated = expr.doit()
        except _TookTooLong:
            raise AnswerError(
                f"sympy took more than {DOIT_SECONDS:g} seconds to evaluate your answer: "
                "evaluate it yourself (for example with sp.diff or sp.limit) and give the result."
            ) from None
        except Exception:  # sympy may fail in many ways on an odd object; the student sees why
            evaluated = expr
        if not isinstance(evaluated, sp.Expr) or evaluated.has(*_EVALUATED):
            kind = next(
                type(a).__name__ for a in sp.preorder_traversal(expr) if isinstance(a, _EVALUATED)
            )
            raise AnswerError(
                f"sympy could not evaluate the {kind} in your answer: evaluate it yourself "
                "(for example with sp.diff or sp.limit) and give the result."
            )
        _count_nodes(evaluated)
        expr = evaluated
    for node in sp.preorder_traversal(expr):
        if not isinstance(node, _ALLOWED_SYMPY):
            name = type(node).__name__
            raise AnswerError(
                f"{name} is not accepted in an answer: use numbers, the exercise's variables, "
                "+ - * / **, sqrt, abs, sign, exp, log, sin, cos and tan."
            )
    _check_size(expr)
    return expr


def _read_object(answer: Any, names: Mapping[str, sp.Basic]) -> Reading:
    """Convert a Python, numpy or sympy answer (not text) to a :class:`Reading`.

    Call :func:`read`, which checks the size of the answer first.
    """
    if hasattr(answer, "tolist") and not isinstance(answer, sp.Basic | sp.MatrixBase):
        answer = answer.tolist()  # numpy arrays and numpy scalars
    if isinstance(answer, sp.MatrixBase):
        value = sp.Matrix(answer).applyfunc(lambda e: _sympy_value(e, names))
        return Reading(value, tuple(_COMPUTED if e.has(sp.Float) else None for e in value))
    if isinstance(answer, list | tuple):
        if not answer:
            raise AnswerError("An empty list is not an answer.")
        if all(isinstance(e, list | tuple) or _is_vector_like(e) for e in answer):
            rows = [_read_object(e, names) for e in answer]
            if any(not isinstance(r.value, sp.MatrixBase) or 1 not in r.value.shape for r in rows):
                raise AnswerError("A matrix is a list of rows, each a list of numbers.")
            if len({len(r.value) for r in rows}) != 1:
                raise AnswerError("All rows of a matrix must have the same number of entries.")
            value = sp.Matrix([list(r.value) for r in rows])
            kinds = tuple(k for r in rows for k in r.entry_kinds)
            return Reading(value, kinds)
        entries = [_read_object(e, names) for e in answer]
        if any(isinstance(e.value, sp.MatrixBase) for e in entries):
            raise AnswerError("Mix of numbers and lists: give a vector (a, b) or a matrix.")
        return Reading(
            sp.Matrix([e.value for e in entries]), tuple(e.entry_kinds[0] for e in entries)
        )
    if isinstance(answer, sp.MatrixExpr):
        raise AnswerError(
            "Give an explicit sympy Matrix, not a MatrixSymbol expression (try .as_explicit())."
        )
    if isinstance(answer, sp.Basic):  # before the numbers ABCs: sympy numbers register there
        if isinstance(answer, sp.Float):
            return _read_object(float(answer), names)
        value = _sympy_value(answer, names)
        return Reading(value, (_COMPUTED,) if value.has(sp.Float) else (None,))
    if isinstance(answer, bool):
        raise AnswerError(f"{answer} is not a number.")
    if isinstance(answer, Integral):
        value = sp.Integer(int(answer))
        _check_size(value)
        return Reading(value, (None,))
    if isinstance(answer, Fraction):
        value = sp.Rational(answer.numerator, answer.denominator)
        _check_size(value)
        return Reading(value, (None,))
    if isinstance(answer, Real):
        number = float(answer)
        if not math.isfinite(number):
            raise AnswerError(f"{number} is not a finite number.")
        text = repr(number)  # the shortest decimal that gives back this float
        value = sp.Rational(Fraction(text))
        _check_size(value)
        return Reading(value, (_decimal_info(text, tolerance=FLOAT_TOLERANCE),))
    if isinstance(answer, complex):
        if answer.imag == 0:  # a real number held as a complex one (numpy complex dtypes)
            return _read_object(answer.real, names)
        if not _allows_complex(names):
            raise AnswerError("Complex numbers are not accepted here.")
        if not (math.isfinite(answer.real) and math.isfinite(answer.imag)):
            raise AnswerError(f"{answer} is not a finite number.")
        value = sp.Rational(Fraction(repr(answer.real))) + sp.I * sp.Rational(
            Fraction(repr(answer.imag))
        )
        _check_size(value)
        return Reading(value, (_COMPUTED,))
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
    """Map the student's symbols to the exercise's symbols of the same name.

    A formula built with plain ``sp.symbols("x1 x2")`` (complex symbols) becomes a formula in
    the exercise's real symbols, so ``Abs(x1)**2`` becomes ``x1**2``.
    """
    replacements = {}
    for s in expr.free_symbols:
        target = names.get(s.name)
        if not isinstance(target, sp.Symbol):
            raise AnswerError(
                f"Unknown name {s.name!r}."
                + (f" Names you can use here: {', '.join(sorted(names))}." if names else "")
            )
        replacements[s] = target
    return expr.xreplace(replacements)
