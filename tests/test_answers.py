"""Tests for normgrad.answers: what is read, what is refused (with which message), and proof
that nothing in an answer is ever run."""

import ast
import builtins
import inspect
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from exercise_support import check, get, invalid
from normgrad import answers as A
from normgrad import exercise_data
from normgrad import exercises as E


def wrong(exercise, answer):
    feedback = exercise.check(answer)
    assert feedback.status == "incorrect", f"{answer!r}: {feedback}"


# --------------------------------------------------------------------------------------------
# parse_answer
# --------------------------------------------------------------------------------------------


def test_parse_answer_reads_numbers_vectors_matrices():
    x1, x2 = sp.symbols("x1 x2", real=True)
    assert A.parse_answer("x1^2", "x1") == x1**2
    assert A.parse_answer("x1**2", "x1") == x1**2
    assert A.parse_answer("2^3^2") == 512  # right-associative, like **
    assert A.parse_answer("-2^2") == -4
    assert A.parse_answer("(1, 2)") == sp.Matrix([1, 2])
    assert A.parse_answer("[[1, 2]]") == sp.Matrix([[1, 2]])
    assert A.parse_answer("[[1], [2]]") == sp.Matrix([1, 2])
    assert A.parse_answer("0.125") == sp.Rational(1, 8)
    assert A.parse_answer("pi + E - e") == sp.pi
    assert A.parse_answer("ln(E)") == 1
    assert A.parse_answer("sign(-3)") == -1
    assert A.parse_answer("dot((1, 2), (3, 4))") == 11
    assert A.parse_answer("norm((3, 4))") == 5
    assert A.parse_answer("norm(-3)") == 3
    assert A.parse_answer("abs((3, -4))") == sp.Matrix([3, 4])
    assert A.parse_answer("transpose((1, 2))") == sp.Matrix([[1, 2]])
    assert A.parse_answer("[[1, 2], [3, 4]] * (1, 1)") == sp.Matrix([3, 7])
    assert A.parse_answer("x/norm(x)", "x1 x2", {"x": "(x1, x2)"}) == sp.Matrix([x1, x2]) / sp.sqrt(
        x1**2 + x2**2
    )
    assert A.parse_answer("x1", ["x1"]).is_real


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1/0", "The answer divides by zero."),
        ("(1, 2) * (3, 4)", "Two vectors cannot be multiplied with '*': use dot(a, b)."),
        ("(1, 2) + 3", "A number cannot be added to a vector or matrix."),
        ("(1, 2) + (1, 2, 3)", "Sizes do not match: 2 x 1 and 3 x 1."),
        ("(1, 2)^2", "Powers of vectors are not defined: use dot(x, x) or norm(x)**2."),
        (
            "sqrt((1, 2))",
            "sqrt(...) takes a number or a formula, not a vector (did you mean norm(x)?).",
        ),
        ("1/(1, 2)", "Division by a vector or matrix is not defined (for a norm type norm(x))."),
        ("dot(1, 2)", "dot(a, b) takes two vectors."),
        ("dot((1, 2), (1, 2, 3))", "dot(a, b) needs two vectors of the same length."),
        ("eye(0)", "eye(n) needs a whole number n from 1 to 20."),
        ("eye(2.5)", "eye(n) needs a whole number n from 1 to 20."),
        ("transpose(3)", "transpose(...) takes a vector or a matrix."),
        ("[[1, 2], [3]]", "All rows of a matrix must have the same number of entries."),
        ("[1, [2]]", "Mix of numbers and lists: type a vector (a, b) or a matrix."),
        ("[]", "An empty list is not an answer."),
        ("", "The answer is empty: type a number, a formula, a vector or a matrix."),
        (
            "2x",
            "Write every multiplication with '*': for example 2*x1, not 2x1, and "
            "2*(x1 + 1), not 2(x1 + 1).",
        ),
        (
            "2(1+1)",
            "Write every multiplication with '*': for example 2*(x1 + 1), not "
            "2(x1 + 1), and (x1)*(x2), not (x1)(x2).",
        ),
        ("sqrt", "sqrt is a function: write sqrt(...) with parentheses."),
        (
            "y",
            "Unknown name 'y': this answer has no variables; type numbers, for example 3/5 "
            "or sqrt(5), and functions such as sqrt.",
        ),
        ("x1 ***2", "'***' is not an operation: use ** (or ^) for a power."),
        ("5 // 2", "'//' is integer division: use '/' to divide."),
        ("log(0)", "log(0) is not defined."),
        ("√5", "The character '√' (SQUARE ROOT) is not allowed: type sqrt(...) for a square root."),
        (
            "3²",
            "The character '²' (SUPERSCRIPT TWO) is not allowed: type **2 (or ^2) for a square.",
        ),
        ("3 − 1", "The character '−' (MINUS SIGN) is not allowed: type the ASCII minus sign -."),
        (
            "|x1|",
            "The character '|' is not allowed: type abs(...) for an absolute value or "
            "norm(x) for a norm.",
        ),
        ("x = 3", "The character '=' is not allowed: type only the answer itself, without '='."),
        ("02", "Leading zeros are not allowed: write 2, not 02."),
        (
            "((1, 2) (3, 4))",
            "A comma is probably missing between two rows or vectors: write ((1, 2), (3, 4)), "
            "not ((1, 2) (3, 4)); for a product write '*'.",
        ),
        ("(1, 007)", "Leading zeros are not allowed: write 7, not 007."),
        (
            "[[1, 2] [3, 4]]",
            "A comma is probably missing between two rows or vectors: write [[1, 2], [3, 4]], "
            "not [[1, 2] [3, 4]].",
        ),
    ],
)
def test_parse_answer_error_messages(text, message):
    with pytest.raises(A.AnswerError) as info:
        A.parse_answer(text)
    assert str(info.value) == message


def test_parse_answer_type_error_for_non_text():
    with pytest.raises(TypeError, match="as a str"):
        A.parse_answer(5)


# --------------------------------------------------------------------------------------------
# Hostile input: rejected, nothing run
# --------------------------------------------------------------------------------------------

HOSTILE = [
    "__import__('os').system('id')",
    "__import__",
    "().__class__.__bases__[0]",
    "().__class__.__bases__[0].__subclasses__()",
    "[].__class__.__base__.__subclasses__()",
    "lambda: 0",
    "(lambda: 0)()",
    "x1.__class__",
    "x1.__class__.__mro__",
    "open('f')",
    "open(chr(115), chr(119))",
    "exec('1')",
    "eval('1')",
    "eval",
    "compile",
    "getattr(x1, 'a')",
    "getattr",
    "globals()",
    "locals()",
    "vars()",
    "breakpoint()",
    "input()",
    "print(1)",
    "help()",
    "exit()",
    "[c for c in ()]",
    "[c for c in range(10**9)]",
    "{c for c in ()}",
    "(c for c in ())",
    "2**2**2**2**2**2",
    "9**9**9**9",
    "10**10**10",
    "(10**100)**100",
    "2**(1/10**50)",
    "x1**1000",
    "x1**(10**6)",
    "(x1 + 1)**(10**5)",
    "exp(exp(exp(exp(100))))",
    "exp(100000)",
    "E**1000",
    "'a'*10**9",
    "'a' * 10",
    '"a"',
    "b'1'",
    "f'{x1}'",
    'f\'{__import__("os").system("id")}\'',
    "ｘ1",
    "ｅｘｅｃ",
    "x\u200b1",
    "\u0445" + "1",  # Cyrillic 'х'
    "x1\x00",
    "\\x41",
    "x1\nx2",
    "x1; x2",
    "import os",
    "from os import system",
    "(x1 := 3)",
    "x1 if x2 else 0",
    "x1 < x2",
    "x1 == 1",
    "not x1",
    "~x1",
    "x1 @ x2",
    "x1 % 2",
    "x1 and x2",
    "x1 or x2",
    "*x1",
    "**x1",
    "yield x1",
    "await x1",
    "async",
    "{}",
    "{1: 2}",
    "...",
    "None",
    "True",
    "False",
    "1j",
    "0x10",
    "0o17",
    "0b11",
    "1_000",
    "1e400",
    "1e-400",
    "9" * 200,
    "1" * 401,
    "(" * 250 + "1" + ")" * 250,
    "-(" * 65 + "1" + ")" * 65,
    "[" * 100 + "1" + "]" * 100,
    "-" * 300 + "1",
    "+".join(["x1"] * 150),
    "sqrt(x1, x2)",
    "sqrt()",
    "sqrt(x=1)",
    "sqrt(*[1])",
    "sqrt(**{})",
    "sin.__doc__",
    "x1.real",
    "sympy.sqrt(2)",
    "sp.Symbol('x')",
    "os.system('id')",
    "S(1)",
    "Symbol",
    "Rational(1, 2)",
    "Matrix([1])",
    "oo",
    "zoo",
    "nan",
    "I",
    "_",
    "__builtins__",
    "x1[0]",
    "x1.x1",
    "#",
    "x1 # comment",
    "`x1`",
    "$x1",
    "x1!",
    "x1?",
    "x1 & x2",
    "x1 | x2",
    "x1 >> 2",
    "x1 << 2",
    "\t",
    "\r",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_rejected(text):
    feedback = get("partial_l2_x1_2d").check(text)
    assert feedback.status == "invalid", f"{text!r} was read: {feedback}"
    assert feedback.message
    with pytest.raises(A.AnswerError):
        A.parse_answer(text, "x1 x2", {"x": "(x1, x2)"})


def test_nothing_in_hostile_text_is_run(monkeypatch, tmp_path):
    """Hostile answers are refused without running anything (sentinels and trip-wires)."""
    monkeypatch.chdir(tmp_path)
    calls = []

    def trip(name):
        def tripwire(*args, **kwargs):
            calls.append((name, args))
            raise AssertionError(f"{name} was called")

        return tripwire

    real_compile = builtins.compile

    def checked_compile(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & ast.PyCF_ONLY_AST:
            calls.append(("compile", source))
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", trip("eval"))
    monkeypatch.setattr(builtins, "exec", trip("exec"))
    monkeypatch.setattr(builtins, "open", trip("open"))
    monkeypatch.setattr(builtins, "compile", checked_compile)
    monkeypatch.setattr(os, "system", trip("os.system"))
    monkeypatch.setattr(os, "popen", trip("os.popen"))
    monkeypatch.setattr(subprocess, "Popen", trip("subprocess.Popen"))
    real_sympify = sp.sympify

    def checked_sympify(a, *args, **kwargs):
        if isinstance(a, str):  # sympify evaluates strings with eval
            calls.append(("sympify", a))
        return real_sympify(a, *args, **kwargs)

    monkeypatch.setattr(sp, "sympify", checked_sympify)
    monkeypatch.setattr(sp, "parse_expr", trip("sympy.parse_expr"))
    monkeypatch.setattr(sp, "lambdify", trip("sympy.lambdify"))

    payloads = HOSTILE + [
        "open(chr(115)+chr(101), chr(119))",  # would create the file 'se' if evaluated
        "__import__(chr(111)+chr(115)).system(chr(116)+chr(111)+chr(117)+chr(99)+chr(104)"
        "+chr(32)+chr(115)+chr(101))",  # would run 'touch se'
    ]
    ex = get("partial_l2_x1_2d")
    for text in payloads:
        assert ex.check(text).status == "invalid"
    # ordinary answers still work under the trip-wires
    assert ex.check("x1/norm(x)").correct
    assert get("drone_speed_derivative_t1").check("1.789").correct
    assert get("hessian_l2_2d").check("(eye(2) - outer(x, x)/norm(x)^2)/norm(x)").correct
    assert calls == []
    assert list(Path(tmp_path).iterdir()) == []


@pytest.mark.parametrize("module", [A, E, exercise_data])
def test_module_never_calls_eval_like_functions(module):
    """Static check: the modules call no eval, exec, sympify, parse_expr, lambdify, ..."""
    tree = ast.parse(inspect.getsource(module))
    forbidden = {
        "eval",
        "exec",
        "compile",
        "sympify",
        "parse_expr",
        "lambdify",
        "S",
        "__import__",
        "getattr",
        "setattr",
        "open",
        "system",
        "Popen",
        "N",
        "simplify",
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                name = func.id
            elif isinstance(func, ast.Attribute):
                if (
                    func.attr == "compile"
                    and isinstance(func.value, ast.Name)
                    and (func.value.id == "re")
                ):
                    continue  # re.compile of the module's own pattern
                name = func.attr
            else:
                name = None
            if name in forbidden:
                found.append((name, node.lineno))
    assert found == []


def test_rejected_fullwidth_letters_are_named():
    feedback = get("partial_l2_x1_2d").check("ｘ1")
    assert feedback.message == (
        "The character 'ｘ' (FULLWIDTH LATIN SMALL LETTER X) is not allowed: type answers in "
        "plain ASCII (letters a-z, digits, + - * / ^ ( ) [ ] ,)."
    )


def test_non_text_hostile_objects_are_rejected():
    ex = get("norm_3_4")
    for answer in [
        True,
        1 + 2j,
        float("nan"),
        float("inf"),
        object(),
        {"a": 1},
        b"5",
        sp.Symbol("y"),
        sp.true,
        [],
        10**200,
        np.array([True]),
    ]:
        assert ex.check(answer).status == "invalid", answer
    x = sp.MatrixSymbol("x", 2, 1)
    assert get("grad_l2_formula_2d").check(x).message == (
        "Give an explicit sympy Matrix, not a MatrixSymbol expression (try .as_explicit())."
    )


@pytest.mark.parametrize(
    ("text", "size"),
    [("1e-200", "small"), ("1e-155", "small"), ("1e-400", "small"), ("1e200", "large")],
)
def test_decimals_beyond_the_exact_range_get_a_clear_message(text, size):
    feedback = invalid(get("norm_3_4"), text)
    assert feedback.message.startswith(
        f"The number {text} is too {size} to be read here: a decimal may have at most about 150 "
        "digits, counting the zeros its exponent stands for (1e-150 and 1e150 are fine, 1e-200 "
        "and 1e200 are not)."
    )
    assert feedback.message.endswith("If you mean 0, type 0.") == (size == "small")


def test_decimals_inside_the_exact_range_are_read():
    assert A.parse_answer("1e-150") == sp.Rational(1, 10**150)
    assert A.parse_answer("1.5e-153") == sp.Rational(15, 10**154)
    wrong(get("norm_3_4"), "1e-150")


# --------------------------------------------------------------------------------------------
# Non-text answers: size checked first, sympy results evaluated and renamed
# --------------------------------------------------------------------------------------------


def _nested(depth):
    value = [1]
    for _ in range(depth):
        value = [value]
    return value


def _ragged():
    holder = np.empty(1, dtype=object)
    holder[0] = list(range(10**5))
    return holder


def _deep_sum(depth):
    x1 = sp.Symbol("x1")
    expr = x1
    for _ in range(depth):
        expr = sp.Add(expr, 1, evaluate=False)
    return expr


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (np.zeros((1000, 1000)), "too large"),
        (np.linspace(0, 1, 10**5), "too large"),
        ([0.0] * 21, "too large"),
        ([[0] * 21] * 2, "too large"),
        ((np.zeros(3),) * 30, "too large"),
        (sp.zeros(21, 1), "too large"),
        (sp.ones(100, 100), "too large"),
        (np.zeros((2, 2, 2)), "3 dimensions"),
        ([np.zeros((2, 2))], "3 dimensions"),
        (_nested(10_000), "nested too deeply"),
        (_ragged(), "too large"),
        (_nested(3), "nested too deeply"),
        (_deep_sum(5000), "too large"),
        (sum(sp.symbols("x1:400")), "too large"),
    ],
)
def test_oversized_non_text_answers_are_refused_at_once(answer, phrase):
    import time

    start = time.perf_counter()
    with pytest.raises(A.AnswerError, match=phrase):
        A.read(answer, {})
    assert time.perf_counter() - start < 0.5
    feedback = check("hessian_squared_norm_2d", answer)
    assert feedback.status == "invalid" and phrase in feedback.message


def test_lists_of_vectors_are_matrices_row_by_row():
    rows = [[2, 0], [0, 2]]
    for answer in [
        [sp.Matrix([2, 0]), sp.Matrix([0, 2])],
        [np.array([2, 0]), np.array([0, 2])],
        (sp.Matrix([[2, 0]]), (0, 2)),
        np.array(rows),
        sp.Matrix(rows),
    ]:
        assert A.read(answer, {}).value == sp.Matrix(rows), answer
    with pytest.raises(A.AnswerError, match="3 dimensions"):
        A.read([sp.eye(2)], {})


def test_sympy_results_with_plain_symbols_are_renamed_to_the_exercise_symbols():
    x1, x2 = sp.symbols("x1 x2")  # complex, as sp.symbols makes them by default
    x = sp.Matrix([x1, x2])
    norm = sp.sqrt(x1 * sp.conjugate(x1) + x2 * sp.conjugate(x2))
    assert check("grad_l2_formula_2d", sp.Matrix([norm]).jacobian(x).T).correct
    assert check("grad_l2_formula_2d", sp.Matrix([sp.sqrt(x.dot(x))]).jacobian(x).T).correct
    assert check("partial_l2_x1_2d", sp.diff(sp.sqrt(sp.Abs(x1) ** 2 + x2**2), x1)).correct
    assert check("hessian_l2_2d", sp.hessian(sp.sqrt(x1**2 + x2**2), (x1, x2))).correct


def test_unevaluated_sympy_results_are_evaluated():
    x1, x2, s = sp.symbols("x1 x2 s")
    norm = sp.sqrt(x1**2 + x2**2)
    assert check("partial_l2_x1_2d", sp.Derivative(norm, x1)).correct
    assert check("grad_l2_formula_2d", sp.Matrix([sp.Derivative(norm, v) for v in (x1, x2)]))
    quotient = ((1 + 3 * s) ** 2 + (2 - s) ** 2 - 5) / s
    assert check("directional_derivative_squared_norm", sp.Limit(quotient, s, 0)).correct
    assert not check("directional_derivative_squared_norm", sp.Limit(quotient / 2, s, 0))
    assert check("norm_3_4", sp.UnevaluatedExpr(5)).correct
    assert check("norm_3_4", sp.Subs(x1**2 + 1, x1, 2)).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (sp.Lambda(sp.Symbol("x1"), sp.Symbol("x1")), "Lambda is a function, not a value"),
        (sp.Integral(sp.Symbol("x1"), (sp.Symbol("x1"), 0, 1)), "Integral is not accepted"),
        (sp.Function("f")(sp.Symbol("x1")), "f is not accepted"),
        (sp.Max(sp.Symbol("x1"), 1), "Max is not accepted"),
        (sp.Piecewise((1, sp.Symbol("x1") > 0), (0, True)), "Piecewise is not accepted"),
        (sp.Limit(sp.sin(1 / sp.Symbol("x1")), sp.Symbol("x1"), 0), "not accepted"),
        (sp.Derivative(sp.Function("f")(sp.Symbol("x1")), sp.Symbol("x1")), "could not evaluate"),
        (sp.Eq(sp.Symbol("x1"), 1), "not a number or a formula"),
        (sp.Symbol("x1") < 1, "not a number or a formula"),
        (sp.Symbol("y"), "Unknown name 'y'"),
        (sp.oo, "infinite"),
        (sp.Pow(2, 10**6, evaluate=False), "exponent"),
    ],
)
def test_odd_sympy_objects_get_a_message_not_a_traceback(answer, phrase):
    feedback = check("partial_l2_x1_2d", answer)
    assert feedback.status == "invalid", feedback
    assert phrase in feedback.message


def test_evaluating_a_sympy_answer_is_bounded_in_time(monkeypatch):
    import signal
    import time

    monkeypatch.setattr(A, "DOIT_SECONDS", 0.05)  # this limit takes sympy seconds to minutes
    x = sp.Symbol("x1")
    inside = (sp.exp(sp.exp(x)) + sp.sin(x) ** x) ** (1 / x) - sp.exp(x) * sp.gamma(x)
    exercise = get("partial_l2_x1_2d")
    start = time.perf_counter()
    feedback = exercise.check(sp.Limit(inside, x, sp.oo))
    assert time.perf_counter() - start < 1.5
    assert feedback.status == "invalid"
    assert feedback.message.startswith("sympy took more than 0.05 seconds to evaluate your answer")
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL  # the handler is restored


def test_no_python_warning_reaches_the_student(recwarn):
    for text in ["1sqrt(2)", "2x1", "1e5x", "0x1g", "1_"]:
        assert check("norm_3_4", text).status == "invalid"
    assert not [w for w in recwarn if issubclass(w.category, SyntaxWarning)]
