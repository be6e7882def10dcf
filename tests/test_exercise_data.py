"""Tests of the lessons' exercises (normgrad.exercise_data), all at once.

Every right answer is derived here again, independently, with sympy or numpy; every known wrong
answer is judged wrong and gets its own hint; every exercise is used by a lesson and every
exercise a lesson checks exists.
"""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import sympy as sp

import normgrad as ng
from normgrad import exercises as E
from normgrad.exercise_data import EXERCISES

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHECK = re.compile(r"""exercises\.check\(\s*["']([A-Za-z0-9_]+)["']""")

x1, x2, x3, a1, a2, h1, h2 = sp.symbols("x1 x2 x3 a1 a2 h1 h2", real=True)
t, s = sp.symbols("t s", real=True)


def norm(v):
    v = sp.Matrix(v)
    return sp.sqrt(sum(sp.Abs(e) ** 2 for e in v))


def gradient(f, variables):
    return sp.Matrix([f]).jacobian(sp.Matrix(variables)).T


def gradient_of_norm_at(point):
    x = sp.Matrix(sp.symbols(f"y1:{len(point) + 1}", real=True))
    return gradient(norm(x), x).subs(dict(zip(x, point, strict=True)))


def drone_rate(at):
    path = sp.Matrix([t, t**2])
    speed = norm(path.diff(t))
    return sp.diff(speed, t).subs(t, at)


def first_overflow():
    with np.errstate(over="ignore"):
        return next(k for k in range(400) if np.isinf(ng.naive_l2_norm([10.0**k, 10.0**k])))


def _u_v_gradient():
    u = sp.Matrix(sp.symbols("u1 u2", real=True))
    v = sp.Matrix(sp.symbols("v1 v2", real=True))
    x = u + sp.I * v
    squared = sp.expand((x.H * x)[0, 0])
    return gradient(squared, v)


def _least_squares():
    a = sp.Matrix([[1, 0], [0, 2], [1, 1]])
    b = sp.Matrix([1, 1, 1])
    y = sp.Matrix([x1, x2])
    r = a * y - b
    return gradient(r.dot(r), y).subs({x1: 1, x2: 1})


def _directional():
    x, h = sp.Matrix([1, 2]), sp.Matrix([3, -1])
    quotient = ((x + s * h).dot(x + s * h) - x.dot(x)) / s
    return sp.limit(quotient, s, 0)


def _hessian_eigenvalues():
    h = sp.hessian(norm([x1, x2]), (x1, x2)).subs({x1: 3, x2: 4})
    return [value for value, m in h.eigenvals().items() for _ in range(m)]


#: Each exercise's right answer, derived independently of the package.
DERIVED = {
    "norm_1_2_2": lambda: norm([1, 2, 2]),
    "unit_vector_1_2_2": lambda: sp.Matrix([1, 2, 2]) / norm([1, 2, 2]),
    "first_overflow_k": first_overflow,
    "complex_norm_1p2i_2i_4": lambda: norm([1 + 2 * sp.I, 2 * sp.I, 4]),
    "grad_l2_at_1_2_2": lambda: gradient_of_norm_at([1, 2, 2]),
    "grad_l2_at_5_12": lambda: gradient_of_norm_at([5, 12]),
    "grad_l2_at_2_m3_6": lambda: gradient_of_norm_at([2, -3, 6]),
    "grad_shifted_norm_2d": lambda: gradient(norm([x1 + a1, x2 + a2]), [x1, x2]),
    "grad_shifted_norm_at_9_4": lambda: gradient(norm([x1 + a1, x2 + a2]), [x1, x2]).subs(
        {x1: 9, x2: 4, a1: -1, a2: 2}
    ),
    "partial_squared_norm_xj": lambda: sp.diff(
        sum(sp.Symbol(f"x_{k}", real=True) ** 2 for k in "ijk"), sp.Symbol("x_j", real=True)
    ),
    "directional_derivative_squared_norm": _directional,
    "squared_norm_remainder_2d": lambda: sp.expand(
        norm([x1 + h1, x2 + h2]) ** 2 - norm([x1, x2]) ** 2 - 2 * (x1 * h1 + x2 * h2)
    ),
    "grad_l2_formula_2d": lambda: gradient(norm([x1, x2]), [x1, x2]),
    "drone_speed_derivative_t2": lambda: drone_rate(2),
    "drone_speed_derivative_t_m1": lambda: drone_rate(-1),
    "hessian_l2_2d": lambda: sp.hessian(norm([x1, x2]), (x1, x2)),
    "grad_squared_norm_formula": lambda: gradient(x1**2 + x2**2 + x3**2, [x1, x2, x3]),
    "hessian_l2_eigenvalues_at_3_4": _hessian_eigenvalues,
    "hessian_squared_norm_2d": lambda: sp.hessian(x1**2 + x2**2, (x1, x2)),
    "complex_grad_v": _u_v_gradient,
    "length_rate_ellipse_pi_4": lambda: sp.diff(norm([2 * sp.cos(t), sp.sin(t)]), t).subs(
        t, sp.pi / 4
    ),
    "least_squares_gradient": _least_squares,
}

#: For "give one subgradient" exercises: some right answers and some wrong ones.
SUBGRADIENTS = {
    "l1_subgradient_at_0_2": (["(0, 1)", "(-1, 1)", "(0.5, 1)"], ["(2, 1)", "(0, -1)", "(0, 0)"]),
    "l2_subgradient_at_zero_2d": (["(1, 0)", "(0.6, -0.8)"], ["(1, 1)", "(0, 0)"]),
}


def lesson_checks():
    """(notebook, name) for every exercises.check("<name>", ...) in a lesson's code cells."""
    found = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found += [(path.name, name) for name in CHECK.findall(cell.source)]
    return found


def test_every_exercise_is_derived_here_or_is_a_subgradient_exercise():
    assert set(EXERCISES) == set(DERIVED) | set(SUBGRADIENTS)


@pytest.mark.parametrize("name", sorted(DERIVED))
def test_the_right_answer_is_the_one_derived_independently(name):
    derived = DERIVED[name]()
    feedback = E.check(name, derived)
    assert feedback.correct, f"{name}: {derived} -> {feedback}"


@pytest.mark.parametrize("name", sorted(SUBGRADIENTS))
def test_subgradient_exercises_accept_the_set_and_nothing_else(name):
    rights, wrongs = SUBGRADIENTS[name]
    for answer in rights:
        assert E.check(name, answer).correct, answer
    for answer in wrongs:
        assert not E.check(name, answer).correct, answer


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_known_wrong_answer_is_judged_wrong_with_its_own_hint(name):
    """The class of defect "a slip hidden by the chosen point": at t = 1/2 the drone's speed
    and its rate are both sqrt(2), so the speed-itself slip would pass. Every slip listed must
    be judged wrong, and get its own hint (no two slips coincide)."""
    spec = EXERCISES[name]
    pairs = list(spec.get("known_wrong", ())) + list(spec.get("excluded", ()))
    for answer, hint in pairs:
        feedback = E.check(name, answer)
        assert feedback.status == "incorrect", (answer, feedback)
        assert feedback.message == hint, answer
    hints = [hint for _, hint in spec.get("known_wrong", ())]
    answers = [answer for answer, _ in spec.get("known_wrong", ())]
    assert len(set(answers)) == len(answers)
    assert all(hints)


@pytest.mark.parametrize("name", sorted(DERIVED))
def test_generic_slips_are_told_apart_from_the_answer(name):
    """Twice, half, the negative and (for numbers) the square and reciprocal of the answer are
    all wrong: no exercise sits at a point where a common slip coincides with the answer."""
    answer = E.get(name).answer
    slips = [2 * answer, answer / 2, -answer]
    if not isinstance(answer, sp.MatrixBase):
        slips += [answer**2, sp.sqrt(answer)] + ([1 / answer] if answer != 0 else [])
    for slip in slips:
        if slip == answer:  # 0, or 1 for the square
            continue
        assert not E.check(name, slip).correct, (name, slip)


def test_every_exercise_is_used_by_a_lesson_and_every_check_exists():
    checks = lesson_checks()
    used = {name for _, name in checks}
    assert used <= set(EXERCISES), sorted(used - set(EXERCISES))
    assert set(EXERCISES) <= used, f"used by no lesson: {sorted(set(EXERCISES) - used)}"


def test_lesson_01_exercises():
    assert E.check("norm_1_2_2", "sqrt(9)").correct
    assert E.check("norm_1_2_2", 3.0).correct
    assert E.check("unit_vector_1_2_2", [1 / 3, 2 / 3, 2 / 3]).correct
    assert E.check("first_overflow_k", 154).correct
    assert E.check("complex_norm_1p2i_2i_4", "sqrt(25)").correct
    assert "L1 norm" in E.check("norm_1_2_2", "1 + 2 + 2").message  # the notebook's sample
    assert "the sum of squares" not in E.check("first_overflow_k", "154").message
