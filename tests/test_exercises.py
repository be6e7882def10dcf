"""Tests for normgrad.exercises: right answers in many forms, specific hints, hostile input."""

import ast
import builtins
import inspect
import os
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from normgrad import exercises as E

HALF = (
    "Your answer is exactly half the right one: a factor 2 is missing (remember d/dx x**2 = 2*x)."
)
TWICE = (
    "Your answer is exactly twice the right one: there is an extra factor 2 somewhere. "
    "(A classic: d/du sqrt(u) = 1/(2*sqrt(u)); dropping that 1/2 doubles the result.)"
)
SIGN = "Your answer has the wrong sign."
DRONE_SLIP = (
    "You kept the 2 from d/dt(1 + 4t^2) = 8t but dropped the 1/2 from the square root: "
    "d/du sqrt(u) = 1/(2*sqrt(u))."
)


def right(exercise, answer):
    feedback = exercise.check(answer)
    assert feedback.correct, f"{answer!r} was rejected: {feedback}"
    assert feedback.status == "correct"
    return feedback


def wrong(exercise, answer, message=None):
    feedback = exercise.check(answer)
    assert not feedback.correct, f"{answer!r} was accepted"
    assert feedback.status == "incorrect", f"{answer!r}: {feedback}"
    if message is not None:
        assert feedback.message == message
    return feedback


def invalid(exercise, answer, message=None):
    feedback = exercise.check(answer)
    assert feedback.status == "invalid", f"{answer!r}: {feedback}"
    assert not feedback.correct
    if message is not None:
        assert feedback.message == message
    return feedback


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------

NAMES = [
    "complex_grad_v",
    "complex_norm_1p2i_2i_4",
    "directional_derivative_squared_norm",
    "drone_speed_derivative_t1",
    "drone_speed_derivative_t2",
    "grad_l2_at_1_1_1_1",
    "grad_l2_at_3_4",
    "grad_l2_at_5_12",
    "grad_l2_formula_2d",
    "grad_shifted_norm_2d",
    "grad_squared_norm_formula",
    "hessian_l2_2d",
    "hessian_l2_eigenvalues_at_3_4",
    "hessian_squared_norm_2d",
    "l1_subgradient_at_0_2",
    "l2_subgradient_at_zero_2d",
    "least_squares_gradient",
    "norm_1_2_2",
    "norm_3_4",
    "partial_l2_x1_2d",
    "partial_squared_norm_xj",
    "unit_vector_1_2_2",
    "unit_vector_3_4",
]

GRADIENT_NAMES = {
    "complex_grad_v",
    "grad_l2_at_1_1_1_1",
    "grad_l2_at_3_4",
    "grad_l2_at_5_12",
    "grad_l2_formula_2d",
    "grad_shifted_norm_2d",
    "grad_squared_norm_formula",
    "least_squares_gradient",
}


def test_registry_names_are_stable():
    assert E.names() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_registered_exercise_builds_and_has_prompt_and_solution(name):
    ex = E.get(name)
    assert repr(ex).endswith(f"({name!r})")
    assert ex.name == name
    assert ex.prompt
    assert "**Answer:**" in ex.solution
    assert ex.solution._repr_markdown_() == str(ex.solution)
    assert E.get(name) is not ex  # a fresh copy each time
    assert ex.check(...).status == "invalid"
    assert ex.check("zz").status == "invalid"


def test_exactly_the_gradient_exercises_say_so():
    flagged = {n for n in NAMES if getattr(E.get(n), "gradient", False)}
    assert flagged == GRADIENT_NAMES


def test_get_unknown_name_suggests_close_match():
    with pytest.raises(ValueError, match=r"no exercise named 'grad_l2_at_3'\. Did you mean "):
        E.get("grad_l2_at_3")
    with pytest.raises(TypeError, match="name must be a str"):
        E.get(3)


def test_repr_does_not_reveal_the_answer():
    assert repr(E.get("norm_3_4")) == "Exercise('norm_3_4')"
    assert repr(E.Exercise(5)) == "Exercise()"


# --------------------------------------------------------------------------------------------
# Feedback display
# --------------------------------------------------------------------------------------------


def test_feedback_repr_and_markdown_are_deterministic():
    ex = E.get("grad_l2_at_3_4")
    first = ex.check("(6, 8)")
    second = E.get("grad_l2_at_3_4").check("(6, 8)")
    assert first == second
    assert (
        repr(first)
        == str(first)
        == ("Not quite. (6, 8) is 2x, the gradient of ||x||**2, not of ||x||.")
    )
    assert first._repr_markdown_() == (
        "**Not quite.** (6, 8) is 2x, the gradient of \\|\\|x\\|\\|\\*\\*2, not of \\|\\|x\\|\\|."
    )
    assert bool(first) is False


def test_feedback_markdown_keeps_code_spans_and_escapes_html():
    f = E.Feedback(True, "The exact value is `4*sqrt(5)/5`; <b>x</b> & *y*.", "correct")
    assert f._repr_markdown_() == (
        "**Correct!** The exact value is `4*sqrt(5)/5`; &lt;b&gt;x&lt;/b&gt; &amp; \\*y\\*."
    )
    assert repr(E.Feedback(True, "", "correct")) == "Correct!"
    assert bool(E.Feedback(True, "", "correct")) is True


def test_feedback_validates_its_fields():
    with pytest.raises(ValueError, match="status must be one of"):
        E.Feedback(True, "", "right")
    with pytest.raises(ValueError, match="correct must be True exactly"):
        E.Feedback(True, "", "incorrect")


def test_placeholder_answer_gets_a_friendly_message():
    ex = E.get("norm_3_4")
    message = "Replace ... with your answer, then run the cell again."
    assert ex.check(...).message == message
    assert ex.check(None).message == message


# --------------------------------------------------------------------------------------------
# Norms
# --------------------------------------------------------------------------------------------


def test_norm_3_4():
    ex = E.get("norm_3_4")
    for answer in ["5", "sqrt(25)", "sqrt(3^2 + 4^2)", "5.0", "5.00", 5, 5.0, np.int64(5)]:
        right(ex, answer)
    assert ex.check("5").message == ""
    assert ex.check("5.0").message == "The exact value is `5`."
    wrong(
        ex,
        "7",
        "7 is the L1 norm |3| + |4| (sum of absolute values); the L2 norm squares, adds, "
        "then takes the square root.",
    )
    wrong(ex, "25", "25 is ||x||**2: take the square root.")
    wrong(ex, "4", "4 is the largest entry in size (the max norm), not the L2 norm.")
    wrong(ex, "4.99")  # not 5 rounded or cut off
    wrong(ex, "(3, 4)", "The answer is a single number, not a list: type one number.")


def test_norm_1_2_2():
    ex = E.get("norm_1_2_2")
    right(ex, "3")
    wrong(
        ex,
        "5",
        "5 is the L1 norm |1| + |2| + |2| (sum of absolute values); the L2 norm squares, adds, "
        "then takes the square root.",
    )
    wrong(ex, "9", "9 is ||x||**2: take the square root.")


def test_norm_at_skips_slips_that_equal_the_answer():
    ex = E.norm_at((0, -2))  # L1 norm = max norm = L2 norm = 2
    right(ex, "2")
    wrong(ex, "4", "4 is ||x||**2: take the square root.")
    assert ex.solution == "$\\|x\\|_2 = \\sqrt{0^{2} + (-2)^{2}} = \\sqrt{4} = 2$.\n\n" + (
        "**Answer:** $2$"
    )


# --------------------------------------------------------------------------------------------
# Gradient of the norm at a point
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "(3/5, 4/5)",
        "[3/5, 4/5]",
        "3/5, 4/5",
        "(0.6, 0.8)",
        "[0.60, 0.80]",
        "(3, 4)/5",
        "(3/sqrt(25), 4/sqrt(3^2+4^2))",
        "[[3/5], [4/5]]",
        "(6/10, 8/10)",
        (0.6, 0.8),
        [Fraction(3, 5), Fraction(4, 5)],
        np.array([0.6, 0.8]),
        np.array([3.0, 4.0]) / 5,
        np.array([3.0, 4.0], dtype=np.float32) / 5,
        sp.Matrix([3, 4]) / 5,
        (sp.Rational(3, 5), sp.Rational(4, 5)),
    ],
)
def test_grad_l2_at_3_4_accepts_equivalent_forms(answer):
    right(E.get("grad_l2_at_3_4"), answer)


def test_grad_l2_at_3_4_messages():
    ex = E.get("grad_l2_at_3_4")
    assert ex.check("(3/5, 4/5)").message == ""
    assert ex.check("[0.6, 0.8]").message == "The exact value is `(3/5, 4/5)`."
    wrong(ex, "(3, 4)", "You gave x itself: divide by the norm ||x|| = 5.")
    wrong(ex, "(6, 8)", "(6, 8) is 2x, the gradient of ||x||**2, not of ||x||.")
    wrong(ex, "(3/25, 4/25)", "You divided by ||x||**2 = 25; divide by ||x|| = 5 once.")
    wrong(ex, "5", "That is the norm itself; its gradient is a vector, one entry per variable.")
    wrong(ex, "(6/5, 8/5)", TWICE)
    wrong(ex, "(3/10, 2/5)", HALF)
    wrong(ex, "(-0.6, -0.8)", SIGN)
    wrong(ex, "(4/5, 3/5)", "The right numbers, but in the wrong order.")
    wrong(
        ex,
        "(0.6, 0.7)",
        "The first entry is right; check the second entry. The gradient of ||x|| is x/||x||: "
        "compute the norm first, then divide each entry.",
    )
    wrong(ex, "(0.6, 0.8, 0)", "The answer has 2 entries; yours has 3 entries.")
    wrong(
        ex,
        "[[0.6, 0.8]]",
        "You wrote a row (1 x n): that is the derivative dy/dx. The gradient is the column; "
        "type its entries as a plain list (a, b, ...).",
    )


def test_other_points():
    right(E.get("grad_l2_at_5_12"), "(5/13, 12/13)")
    right(E.get("grad_l2_at_5_12"), "(0.385, 0.923)")
    wrong(E.get("grad_l2_at_5_12"), "(5, 12)", "You gave x itself: divide by the norm ||x|| = 13.")
    ex = E.get("grad_l2_at_1_1_1_1")
    right(ex, "(1/2, 1/2, 1/2, 1/2)")
    right(ex, "(1, 1, 1, 1)/2")
    right(ex, [0.5] * 4)
    wrong(ex, "(1, 1, 1, 1)", "You gave x itself: divide by the norm ||x|| = 2.")
    right(E.gradient_of_norm_at((1, 2, 2)), "(1/3, 2/3, 2/3)")
    right(E.gradient_of_norm_at((-3, 4)), "(-0.6, 0.8)")


def test_gradient_of_norm_at_zero_is_refused():
    with pytest.raises(ValueError, match="no gradient at x = 0"):
        E.gradient_of_norm_at((0, 0))


# --------------------------------------------------------------------------------------------
# Unit vectors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "(1/3, 2/3, 2/3)",
        "(1, 2, 2)/3",
        "(1, 2, 2)/sqrt(1 + 4 + 4)",
        "(0.333, 0.667, 0.667)",
        "(0.333, 0.666, 0.666)",
        [Fraction(1, 3), Fraction(2, 3), Fraction(2, 3)],
        np.array([1.0, 2.0, 2.0]) / np.linalg.norm([1.0, 2.0, 2.0]),
        sp.Matrix([1, 2, 2]) / 3,
    ],
)
def test_unit_vector_1_2_2_accepts_equivalent_forms(answer):
    right(E.get("unit_vector_1_2_2"), answer)


def test_unit_vector_3_4_messages():
    ex = E.get("unit_vector_3_4")
    assert ex.answer == sp.Matrix([sp.Rational(3, 5), sp.Rational(4, 5)])
    assert not ex.gradient
    assert ex.check("(3/5, 4/5)").message == ""
    assert ex.check([0.6, 0.8]).message == "The exact value is `(3/5, 4/5)`."
    wrong(ex, "(3, 4)", "You gave x itself: divide each entry by the length ||x|| = 5.")
    wrong(
        ex,
        "(3/25, 4/25)",
        "You divided by ||x||**2 = 25; divide by ||x|| = 5 (your vector has length 1/5, not 1).",
    )
    wrong(
        ex,
        "(3/7, 4/7)",
        "You divided by the L1 norm |3| + |4| = 7; a unit vector divides by the L2 norm "
        "||x|| = 5 (your vector has length 5/7, not 1).",
    )
    wrong(
        ex, "5", "That is the length ||x|| = 5; the unit vector is x divided by it, with 2 entries."
    )
    wrong(ex, "1/5", "That is the factor 1/||x|| = 1/5: multiply each entry of x by it.")
    wrong(ex, "(-3/5, -4/5)", SIGN)
    wrong(ex, "(4/5, 3/5)", "The right numbers, but in the wrong order.")
    wrong(ex, "(3/5, 4/5, 0)", "The answer has 2 entries; yours has 3 entries.")
    assert ex.prompt == "Give the unit vector $x/\\|x\\|_2$ for $x = \\left(3, 4\\right)$."
    assert ex.solution == (
        "$\\|x\\|_2 = 5$, so $\\dfrac{x}{\\|x\\|_2} = "
        "\\left(\\frac{3}{5}, \\frac{4}{5}\\right)$, a vector of length 1 pointing the same "
        "way as $x$.\n\n**Answer:** $\\left(\\frac{3}{5}, \\frac{4}{5}\\right)$"
    )


def test_unit_vector_skips_slips_that_equal_the_answer():
    ex = E.unit_vector_at((0, -2))  # L1 norm = L2 norm: dividing by either is right
    right(ex, "(0, -1)")
    wrong(ex, "(0, -2)", "You gave x itself: divide each entry by the length ||x|| = 2.")
    already_unit = E.unit_vector_at((sp.Rational(3, 5), sp.Rational(-4, 5)))
    right(already_unit, "(3/5, -4/5)")  # x itself is right here, so it is not a slip
    assert all(w.value != already_unit.answer for w, _ in already_unit._known_wrong)


def test_unit_vector_at_zero_is_refused():
    with pytest.raises(ValueError, match="zero vector has no direction"):
        E.unit_vector_at((0, 0, 0))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=1, max_size=4).filter(any))
def test_unit_vector_has_length_one_and_points_along_x(point):
    ex = E.unit_vector_at(point)
    u, x = ex.answer, sp.Matrix(point)
    assert sp.simplify((u.T * u)[0, 0]) == 1  # exactly length 1
    assert sp.simplify(u - x / sp.sqrt((x.T * x)[0, 0])) == sp.zeros(len(point), 1)
    x_float = np.array(point, dtype=float)
    right(ex, x_float / np.linalg.norm(x_float))


# --------------------------------------------------------------------------------------------
# Norm of a complex vector
# --------------------------------------------------------------------------------------------

MODULUS = (
    "For complex entries square the modulus: |x_k|**2 = conj(x_k)*x_k = (real part)**2 "
    "+ (imaginary part)**2, never negative."
)


def test_complex_norm_answer_is_the_norm_with_moduli():
    ex = E.get("complex_norm_1p2i_2i_4")
    assert ex.answer == 5
    assert not ex.gradient
    x = np.array([1 + 2j, 2j, 4])
    assert np.linalg.norm(x) == 5.0  # numpy agrees: |1+2i|^2 + |2i|^2 + |4|^2 = 5 + 4 + 16
    assert np.sqrt(np.sum(x**2)) != 5.0  # the slip gives something else


@pytest.mark.parametrize(
    "answer",
    [
        "5",
        "sqrt(25)",
        "sqrt(1^2 + 2^2 + 2^2 + 4^2)",
        "abs(3 + 4*i)",
        "5.00",
        5,
        np.linalg.norm(np.array([1 + 2j, 2j, 4])),
        np.sqrt(np.vdot(np.array([1 + 2j, 2j, 4]), np.array([1 + 2j, 2j, 4]))),  # 5 + 0j
    ],
)
def test_complex_norm_accepts_equivalent_forms(answer):
    right(E.get("complex_norm_1p2i_2i_4"), answer)


def test_complex_norm_messages():
    ex = E.get("complex_norm_1p2i_2i_4")
    no_modulus = (
        "You squared the entries without the modulus: (1 + 2i)**2 + (2i)**2 + 4**2 = 9 + 4i. "
        + MODULUS
    )
    wrong(ex, "sqrt(9 + 4*i)", no_modulus)
    wrong(ex, "sqrt((1 + 2*I)^2 + (2*I)^2 + 4^2)", no_modulus)
    x = np.array([1 + 2j, 2j, 4])
    wrong(ex, np.sqrt(np.sum(x**2)), no_modulus)  # numpy, conjugate forgotten
    wrong(ex, np.sqrt(x @ x), no_modulus)
    wrong(
        ex,
        "3",
        "You squared the entries without the modulus and kept only the real part 9 of "
        "(1 + 2i)**2 + (2i)**2 + 4**2 = 9 + 4i. " + MODULUS,
    )
    wrong(
        ex,
        "sqrt(5) + 6",
        "sqrt(5) + 6 is the sum of the moduli |1 + 2i| + |2i| + |4| (the L1 norm); the L2 norm "
        "squares the moduli, adds, then takes the square root.",
    )
    wrong(
        ex,
        np.sum(np.abs(x)),
        "sqrt(5) + 6 is the sum of the moduli |1 + 2i| + |2i| + |4| "
        "(the L1 norm); the L2 norm squares the moduli, adds, then takes the square root.",
    )
    wrong(ex, "25", "25 is ||x||**2: take the square root.")
    wrong(
        ex,
        "sqrt(17)",
        "Add the squared moduli |x_k|**2 = (real part)**2 + (imaginary part)**2, then take the "
        "square root.",
    )
    invalid(ex, "2j", "Write the imaginary unit as i: for example 2*i, not 2j.")
    assert ex.prompt == (
        "Compute $\\|x\\|_2$ for the complex vector $x = \\left(1 + 2 i, 2 i, 4\\right)$."
    )
    assert ex.solution == (
        "$\\|x\\|_2 = \\sqrt{|1 + 2 i|^{2} + |2 i|^{2} + |4|^{2}} = \\sqrt{5 + 4 + 16} = "
        "\\sqrt{25} = 5$, using $|a + ib|^2 = a^2 + b^2$.\n\n**Answer:** $5$"
    )


def test_complex_norm_where_the_plain_sum_of_squares_vanishes():
    ex = E.complex_norm_at((1 + 1j, 1 - 1j))
    assert ex.answer == 2
    wrong(
        ex,
        "0",
        "You squared the entries without the modulus: (1 + i)**2 + (1 - i)**2 = 0 (zero, for a "
        "non-zero vector!). " + MODULUS,
    )
    wrong(
        ex,
        "2*sqrt(2)",
        "2*sqrt(2) is the sum of the moduli |1 + i| + |1 - i| (the L1 norm); the L2 norm squares "
        "the moduli, adds, then takes the square root.",
    )


@pytest.mark.parametrize(
    "point",
    [
        (1 + 2j, 2j, 4),
        [1 + 2 * sp.I, 2 * sp.I, 4],
        sp.Matrix([1 + 2 * sp.I, 2 * sp.I, 4]),
        np.array([1 + 2j, 2j, 4]),
        "(1 + 2*i, 2*i, 4)",
        "(1 + 2*I, 2*I, 4)",
    ],
)
def test_complex_norm_reads_points_in_every_form(point):
    ex = E.complex_norm_at(point)
    assert ex.answer == 5
    assert ex.solution == E.get("complex_norm_1p2i_2i_4").solution


def test_complex_norm_of_a_real_vector_has_no_conjugate_slip():
    ex = E.complex_norm_at((3, 4))
    right(ex, "5")
    assert [h for _, h in ex._known_wrong] == [
        "7 is the sum of the moduli |3| + |4| (the L1 norm); the L2 norm squares the moduli, "
        "adds, then takes the square root.",
        "25 is ||x||**2: take the square root.",
    ]


@pytest.mark.parametrize("point", ["(x, 1)", (float("nan"), 1j), [[1, 2], [3, 4]], 5, "abc"])
def test_complex_norm_rejects_bad_points(point):
    with pytest.raises(ValueError):
        E.complex_norm_at(point)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-6, 6), st.integers(-6, 6)).map(lambda t: complex(*t)),
        min_size=1,
        max_size=4,
    )
)
def test_complex_norm_agrees_with_numpy(entries):
    ex = E.complex_norm_at(entries)
    x = np.array(entries, dtype=complex)
    assert float(ex.answer) == pytest.approx(np.linalg.norm(x), rel=1e-14, abs=1e-14)
    right(ex, np.linalg.norm(x))
    right(ex, np.sqrt(np.vdot(x, x)))


def test_complex_numbers_stay_refused_elsewhere():
    ex = E.get("norm_3_4")
    invalid(ex, 5 + 1j, "Complex numbers are not accepted here.")
    invalid(ex, "5 + 0j", "Complex numbers (such as 2j) are not accepted here.")
    invalid(ex, "5 + 0*i")
    right(ex, np.complex128(5 + 0j))  # a real number in a complex dtype


@pytest.mark.parametrize("point", ["abc", (1, "a"), [[1, 2], [3, 4]], (sp.Symbol("y"), 1)])
def test_factories_reject_bad_points(point):
    with pytest.raises((ValueError, E.AnswerError)):
        E.gradient_of_norm_at(point)


# --------------------------------------------------------------------------------------------
# Decimals and floats
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["1.789", "1.788", "1.7888", "1.78885", "1.79", "1.78885438"])
def test_decimals_rounded_or_truncated_are_right(answer):
    feedback = right(E.get("drone_speed_derivative_t1"), answer)
    assert feedback.message == "The exact value is `4*sqrt(5)/5` (about 1.78885)."


@pytest.mark.parametrize("answer", ["1.787", "1.790", "1.7887", "1.786"])
def test_decimals_with_a_wrong_last_digit_are_wrong(answer):
    wrong(
        E.get("drone_speed_derivative_t1"),
        answer,
        "Close, but your digits are not the exact value rounded or cut off: check the last "
        "digit, or give the exact value (fractions and sqrt are fine).",
    )


@pytest.mark.parametrize("answer", ["1.8", "2e0", 1.8])
def test_too_few_digits(answer):
    ex = E.get("drone_speed_derivative_t1") if answer != "2e0" else E.get("norm_3_4")
    feedback = ex.check(answer)
    assert not feedback.correct


def test_too_few_digits_message():
    wrong(
        E.get("drone_speed_derivative_t1"),
        "1.8",
        "Close, but not accurate enough: give at least 3 significant digits, or better the "
        "exact value (fractions and sqrt are fine).",
    )


EXACT_BUT_WRONG = (
    "Close, but not equal: you typed an exact value, so the difference is not rounding; check "
    "your arithmetic."
)
FRACTION_FOR_IRRATIONAL = (
    "Close, but not equal: the answer is not a whole number or a fraction, so no fraction "
    "equals it exactly. Give the exact value (sqrt is fine) or a decimal with at least 3 "
    "significant digits."
)
MORE_DIGITS = (
    "Close, but not accurate enough: give at least 3 significant digits, or better the exact "
    "value (fractions and sqrt are fine)."
)
LAST_DIGIT = (
    "Close, but your digits are not the exact value rounded or cut off: check the last digit, "
    "or give the exact value (fractions and sqrt are fine)."
)


@pytest.mark.parametrize("answer", ["153", "155", "154 - 1", "306/2", 153, np.int64(155)])
def test_a_near_but_wrong_exact_integer_is_not_told_to_give_more_digits(answer):
    wrong(E.Exercise(154), answer, EXACT_BUT_WRONG)


@pytest.mark.parametrize("answer", ["152.9", "153.0", "1.53e2", 153.0, np.float64(155.0)])
def test_a_near_but_wrong_decimal_for_an_integer_keeps_the_last_digit_hint(answer):
    wrong(E.Exercise(154), answer, LAST_DIGIT)


def test_near_but_wrong_exact_values():
    wrong(E.Exercise("3/5"), "601/1000", EXACT_BUT_WRONG)
    wrong(E.Exercise("3/5"), Fraction(601, 1000), EXACT_BUT_WRONG)
    wrong(E.Exercise("3/5"), "0.601", LAST_DIGIT)
    wrong(E.Exercise("(3/5, 4/5)"), "(301/500, 401/500)", EXACT_BUT_WRONG)
    wrong(E.Exercise("(3/5, 4/5)"), "(0.601, 0.801)", LAST_DIGIT)
    wrong(E.Exercise("4*sqrt(5)/5"), "sqrt(16/5) + 1/1000", EXACT_BUT_WRONG)  # exact, irrational
    drone = E.get("drone_speed_derivative_t1")  # 4/sqrt(5) = 1.78885...
    wrong(drone, "9/5", FRACTION_FOR_IRRATIONAL)
    wrong(drone, "179/100", FRACTION_FOR_IRRATIONAL)
    wrong(drone, sp.Rational(9, 5), FRACTION_FOR_IRRATIONAL)
    wrong(drone, "1.8", MORE_DIGITS)  # a decimal that looks rounded: more digits is the fix
    wrong(drone, "4/2.236", MORE_DIGITS)  # a rounded decimal inside a formula
    wrong(drone, "1.787", LAST_DIGIT)


def test_python_and_numpy_floats():
    ex = E.get("drone_speed_derivative_t1")
    right(ex, 4 / np.sqrt(5))  # computed in double precision
    right(ex, np.float32(4) / np.sqrt(np.float32(5)))  # single precision
    right(ex, 1.789)  # its digits are a correct rounding
    right(ex, float(4 / sp.sqrt(5)))
    right(ex, sp.Float(4) / sp.sqrt(5))
    wrong(ex, 1.787)
    wrong(ex, 4 / np.sqrt(5) * (1 + 1e-5))


def test_scientific_notation():
    right(E.Exercise("1/1000"), "1e-3")
    right(E.Exercise("1/1000"), "1.0E-3")
    right(E.Exercise("4*sqrt(5)/5"), "17.89e-1")


# --------------------------------------------------------------------------------------------
# The drone
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "4/sqrt(5)",
        "4*sqrt(5)/5",
        "4/5^(1/2)",
        "4 / 5**0.5",
        "0.8*sqrt(5)",
        "sqrt(16/5)",
        "4*5^-0.5",
    ],
)
def test_drone_t1_accepts_exact_forms(answer):
    feedback = right(E.get("drone_speed_derivative_t1"), answer)
    assert feedback.message == ""


def test_drone_t1_hints():
    ex = E.get("drone_speed_derivative_t1")
    wrong(ex, "8/sqrt(5)", DRONE_SLIP)
    wrong(ex, "8*sqrt(5)/5", DRONE_SLIP)
    wrong(ex, "3.578", DRONE_SLIP)  # 8/sqrt(5) = 3.5777...
    wrong(
        ex,
        "1/(2*sqrt(5))",
        "You differentiated the square root but forgot the chain rule: multiply by the "
        "derivative of the inside, d/dt(1 + 4t^2) = 8t.",
    )
    wrong(
        ex,
        "sqrt(5)",
        "That is the speed ||v(t)|| itself; the question asks how fast it changes.",
    )
    wrong(
        ex,
        "2",
        "That is the length of the acceleration ||a(t)||. The speed changes only through the "
        "part of a along v: d||v||/dt = v.a/||v||.",
    )
    wrong(ex, "-4/sqrt(5)", SIGN)
    wrong(ex, "2/sqrt(5)", HALF)
    wrong(ex, "(1, 2)", "The answer is a single number, not a list: type one number.")


def test_drone_t2():
    ex = E.get("drone_speed_derivative_t2")
    right(ex, "8/sqrt(17)")
    right(ex, "8*sqrt(17)/17")
    right(ex, "1.940")
    wrong(ex, "16/sqrt(17)", DRONE_SLIP)
    assert "At $t = 2$: $s'(2) = \\frac{8 \\sqrt{17}}{17}$." in ex.solution


def test_drone_at_zero_has_no_misleading_slip():
    ex = E.drone_speed_derivative_at(0)
    right(ex, "0")
    wrong(ex, "1", "That is the speed ||v(t)|| itself; the question asks how fast it changes.")


# --------------------------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------------------------


def test_partial_squared_norm_xj():
    ex = E.get("partial_squared_norm_xj")
    for answer in ["2*x_j", "2*xj", "x_j*2", "x_j + x_j", "2 * x_j^1"]:
        right(ex, answer)
    wrong(
        ex,
        "2*abs(x_j)",
        "For real numbers |x_j|**2 = x_j**2, and d/dx_j x_j**2 = 2*x_j. 2*|x_j| has the wrong "
        "sign when x_j < 0: at x_j = -1 the slope of x_j**2 is -2.",
    )
    wrong(ex, "2*Abs(xj)")
    wrong(
        ex,
        "0",
        "Not every term vanishes: the term k = j is x_j**2, whose derivative is 2*x_j.",
    )
    wrong(ex, "2", "d/dx_j of x_j**2 is 2*x_j, not 2.")
    wrong(ex, "x_j", HALF)
    wrong(ex, "-2*x_j", SIGN)


def test_partial_l2_x1_2d():
    ex = E.get("partial_l2_x1_2d")
    for answer in [
        "x1/sqrt(x1**2 + x2**2)",
        "x1/sqrt(x1^2+x2^2)",
        "x1*(x1^2 + x2^2)^(-1/2)",
        "x1/norm(x)",
        "x1/sqrt(dot(x, x))",
        "2*x1/(2*sqrt(x2**2 + x1**2))",
        "x1*sqrt(x1^2+x2^2)/(x1^2+x2^2)",
    ]:
        right(ex, answer)
    wrong(
        ex,
        "2*x1/sqrt(x1**2+x2**2)",
        "You kept the 2 from d(x1**2)/dx1 = 2*x1 but dropped the 1/2 from d/du sqrt(u) = "
        "1/(2*sqrt(u)).",
    )
    wrong(
        ex,
        "1/(2*sqrt(x1^2+x2^2))",
        "You differentiated the square root but forgot to multiply by the derivative of the "
        "inside, d(x1**2 + x2**2)/dx1 = 2*x1.",
    )
    wrong(
        ex, "x1/(x1^2+x2^2)", "You divided by x1**2 + x2**2 = ||x||**2; divide by its square root."
    )
    wrong(ex, "x1", "You forgot to divide by the norm sqrt(x1**2 + x2**2).")
    wrong(
        ex,
        "x2/sqrt(x1**2+x2**2)",
        "Write ||x|| = sqrt(u) with u = x1**2 + x2**2 and use the chain rule.",
    )
    wrong(ex, "abs(x1)/norm(x)")  # loses the sign


def test_partial_l2_accepts_sympy_objects_with_other_assumptions():
    x1, x2 = sp.symbols("x1 x2")  # no real=True
    right(E.get("partial_l2_x1_2d"), x1 / sp.sqrt(x1**2 + x2**2))
    invalid(
        E.get("partial_l2_x1_2d"),
        sp.Symbol("y"),
        "Unknown name 'y'. Names you can use here: x, x1, x2.",
    )


def test_grad_l2_formula_2d():
    ex = E.get("grad_l2_formula_2d")
    for answer in [
        "x/norm(x)",
        "(x1/sqrt(x1^2+x2^2), x2/sqrt(x1^2+x2^2))",
        "x/sqrt(dot(x, x))",
        "x*norm(x)^(-1)",
        "(x1, x2)/norm(x)",
    ]:
        right(ex, answer)
    wrong(
        ex,
        "2*x",
        "2x is the gradient of ||x||**2. For ||x|| = sqrt(||x||**2) the chain rule adds the "
        "factor 1/(2||x||).",
    )
    wrong(ex, "x", "You forgot to divide by the norm ||x||.")
    wrong(ex, "x/dot(x, x)", "You divided by ||x||**2; the gradient of ||x|| is x/||x||.")
    wrong(ex, "-x/norm(x)", SIGN)
    wrong(
        ex,
        "x1/norm(x)",
        "The answer is a vector with 2 entries (a gradient has one entry per variable), not a "
        "single formula: type it as (a, b, ...).",
    )
    wrong(
        ex,
        "abs(x)/norm(x)",
        (
            "Your answer loses the sign: it equals the absolute value of the right one. For real "
            "numbers |x|**2 = x**2, so no absolute value is needed."
        ),
    )


def test_vector_shape_hint_mentions_the_gradient_only_in_gradient_exercises():
    scalar_for_vector = (
        "The answer is a vector with 2 entries, not a single number: type it as (a, b, ...)."
    )
    wrong(E.Exercise("(3/5, 4/5)"), "1", scalar_for_vector)
    wrong(E.Exercise("(3/5, 4/5)", gradient=False), "1", scalar_for_vector)
    wrong(E.unit_vector_at((3, 4)), "3/5", scalar_for_vector)
    wrong(
        E.Exercise("(3/5, 4/5)", gradient=True),
        "1",
        "The answer is a vector with 2 entries (a gradient has one entry per variable), not a "
        "single number: type it as (a, b, ...).",
    )
    wrong(
        E.get("grad_l2_at_3_4"),
        "3/5",
        "The answer is a vector with 2 entries (a gradient has one entry per variable), not a "
        "single number: type it as (a, b, ...).",
    )
    wrong(
        E.unit_vector_at((1, 2, 2)),
        "[[1/3, 2/3, 2/3]]",
        "You wrote a row (1 x 3); the answer is a column vector: type its entries as a plain "
        "list (a, b, ...).",
    )
    wrong(
        E.gradient_of_norm_at((1, 2, 2)),
        "[[1/3, 2/3, 2/3]]",
        "You wrote a row (1 x n): that is the derivative dy/dx. The gradient is the column; "
        "type its entries as a plain list (a, b, ...).",
    )
    vector_exercises = [
        E.get(n)
        for n in NAMES
        if isinstance(E.get(n), E.Exercise) and getattr(E.get(n).answer, "cols", 0) == 1
    ]
    assert {ex.name for ex in vector_exercises} >= {"unit_vector_3_4", "grad_l2_at_3_4"}
    for ex in vector_exercises:
        n = ex.answer.rows
        message = ex.check("1/7").message
        assert message.startswith(f"The answer is a vector with {n} entries"), ex.name
        assert ("gradient" in message) == ex.gradient, ex.name


def test_grad_squared_norm_formula():
    ex = E.get("grad_squared_norm_formula")
    right(ex, "2*x")
    right(ex, "(2*x1, 2*x2, 2*x3)")
    right(ex, "x + x")
    wrong(ex, "x", HALF)
    wrong(ex, "4*x", TWICE)
    wrong(
        ex,
        "2*abs(x)",
        "For real numbers |x_k|**2 = x_k**2: the gradient is 2x, with signs.",
    )
    wrong(
        ex,
        "(2*x1, 2*x2, x3)",
        "The first and second entries are right; check the third entry. Differentiate "
        "x1**2 + x2**2 + x3**2 one variable at a time.",
    )


def test_grad_shifted_norm_2d():
    ex = E.get("grad_shifted_norm_2d")
    right(ex, "(x + a)/norm(x + a)")
    right(ex, "(a+x)/sqrt((x1+a1)^2 + (x2+a2)^2)")
    right(ex, "((x1+a1)/norm(x+a), (x2+a2)/norm(a+x))")
    wrong(
        ex,
        "x/norm(x)",
        "That is the gradient of ||x||: here the vector inside the norm is x + a.",
    )
    wrong(ex, "(x+a)/norm(x)", "Divide by ||x + a||, the norm of the shifted vector.")
    wrong(ex, "x/norm(x+a)", "The numerator is x + a, not x.")
    wrong(ex, "-(x+a)/norm(x+a)", SIGN)


def test_complex_grad_v():
    ex = E.get("complex_grad_v")
    right(ex, "2*v")
    right(ex, "(2*v1, 2*v2)")
    wrong(
        ex,
        "-2*v",
        "-2v comes from writing x*x = u^T u - v^T v, which forgets the conjugate. With it, "
        "x*x = u^T u + v^T v, so the gradient with respect to v is 2v.",
    )
    wrong(ex, "2*u", "Expand x*x = (u - iv)^T (u + iv) first.")


def test_directional_derivative_squared_norm():
    ex = E.get("directional_derivative_squared_norm")
    right(ex, "2")
    right(ex, "2*(1*3 + 2*(-1))")
    wrong(ex, "1", "The limit is 2<x, h>: keep the 2.")
    wrong(ex, "-2", SIGN)


# --------------------------------------------------------------------------------------------
# Matrices
# --------------------------------------------------------------------------------------------


def test_hessian_l2_2d():
    ex = E.get("hessian_l2_2d")
    for answer in [
        "[[x2^2, -x1*x2], [-x1*x2, x1^2]]/norm(x)^3",
        "(eye(2) - outer(x, x)/norm(x)^2)/norm(x)",
        "[[x2**2/(x1**2+x2**2)**(3/2), -x1*x2/(x1**2+x2**2)**(3/2)],"
        " [-x1*x2/(x1**2+x2**2)**(3/2), x1**2/(x1**2+x2**2)**(3/2)]]",
        "eye(2)/norm(x) - outer(x, x)/norm(x)^3",
    ]:
        right(ex, answer)
    wrong(
        ex,
        "eye(2)/norm(x)",
        "You forgot the term -x x^T/||x||**3 that comes from differentiating 1/||x||.",
    )
    wrong(
        ex,
        "outer(x, x)/norm(x)^3",
        "Missing the I/||x|| part, and the sign of x x^T/||x||**3.",
    )
    wrong(ex, "x/norm(x)", "The answer is 2 x 2; yours is 2 x 1.")
    wrong(
        ex,
        "[[x2^2, x1*x2], [x1*x2, x1^2]]/norm(x)^3",
        "Differentiate x_i/||x|| with the quotient rule: d||x||/dx_j = x_j/||x||.",
    )


def test_hessian_squared_norm_2d():
    ex = E.get("hessian_squared_norm_2d")
    for answer in [
        "[[2, 0], [0, 2]]",
        "2*eye(2)",
        "eye(2) + eye(2)",
        [[2, 0], [0, 2]],
        np.eye(2) * 2,
        sp.eye(2) * 2,
        "((2, 0), (0, 2))",
    ]:
        right(ex, answer)
    wrong(ex, "eye(2)", HALF)
    wrong(
        ex,
        "2",
        "The Hessian is a matrix: 2 times the 2 x 2 identity, [[2, 0], [0, 2]].",
    )
    wrong(
        ex,
        "[[2*x1, 0], [0, 2*x2]]",
        "Differentiate 2*x_k once more: d(2*x1)/dx1 = 2, a constant.",
    )
    wrong(ex, "[[2, 0]]", "The answer is 2 x 2; yours is 1 x 2.")
    wrong(
        ex,
        "3",
        "The answer is a 2 x 2 matrix, not a single number: type it row by row, such as "
        "[[a, b], [c, d]].",
    )


def test_transposed_matrix_is_detected():
    ex = E.Exercise("[[1, 2], [3, 4]]")
    right(ex, "[[1, 2], [3, 4]]")
    wrong(
        ex,
        "[[1, 3], [2, 4]]",
        "Rows and columns are swapped: your matrix is the transpose of the answer.",
    )
    right(ex, "transpose([[1, 3], [2, 4]])")


def test_row_derivative_exercise():
    ex = E.Exercise("[[2*x1, 2*x2]]", "x1 x2")  # the derivative dy/dx as a 1 x n row
    right(ex, "[[2*x1, 2*x2]]")
    wrong(
        ex,
        "(2*x1, 2*x2)",
        "You wrote a column (the gradient); the derivative dy/dx asked for here is a 1 x n "
        "row: type it as [[a, b, ...]].",
    )


def test_hessian_eigenvalues_any_order():
    ex = E.get("hessian_l2_eigenvalues_at_3_4")
    for answer in ["(0, 1/5)", "(1/5, 0)", "[0.2, 0]", (0.2, 0.0)]:
        right(ex, answer)
    wrong(ex, "(0, 5)", "The eigenvalue across x is 1/||x|| = 1/5, not ||x||.")
    wrong(ex, "(1/5, 1/5)", "One eigenvector is x itself, the other is perpendicular to x.")


def test_least_squares_gradient():
    ex = E.get("least_squares_gradient")
    assert ex.answer == sp.Matrix([2, 6])
    a, b, x = np.array([[1, 0], [0, 2], [1, 1]]), np.array([1, 1, 1]), np.array([1, 1])
    assert list(2 * a.T @ (a @ x - b)) == [2, 6]  # the same answer computed with numpy
    right(ex, "(2, 6)")
    right(ex, 2 * a.T @ (a @ x - b))
    wrong(
        ex,
        "(1, 3)",
        "You forgot the 2: the gradient of ||r||**2 is 2r, so the answer is 2 A^T (Ax - b).",
    )
    wrong(
        ex,
        "(-2, -6)",
        "Sign error: the residual is r = Ax - b (not b - Ax), and the gradient is 2 A^T (Ax - b).",
    )
    wrong(
        ex,
        "(0, 2, 2)",
        "You forgot A^T: by the chain rule through r = Ax - b, the gradient is 2 A^T r, which "
        "has one entry per entry of x.",
    )


def test_least_squares_factory_validates_sizes():
    with pytest.raises(ValueError, match="sizes do not match"):
        E.least_squares_gradient_at([[1, 0], [0, 1]], [1, 2, 3], [1, 1])
    with pytest.raises(ValueError, match="row by row"):
        E.least_squares_gradient_at([1, 2], [1, 2], [1])


def test_zero_entries_keep_the_factor_hints():
    ex = E.Exercise("(0, 6)")
    wrong(ex, "(0, 12)", TWICE)
    wrong(ex, "(0, -6)", SIGN)


# --------------------------------------------------------------------------------------------
# Subgradients
# --------------------------------------------------------------------------------------------


def test_l1_subgradient_at_a_kink():
    ex = E.get("l1_subgradient_at_0_2")
    for answer in ["(0, 1)", "(1, 1)", "(-1, 1)", "(0.3, 1)", "(-1/2, 1.0)", [0.25, 1]]:
        feedback = right(ex, answer)
        assert feedback.message == "Any first entry from -1 to 1 works here."
    wrong(
        ex,
        "(2, 1)",
        "The first entry is 2, outside [-1, 1]: where x_k = 0 a subgradient entry must lie "
        "between -1 and 1.",
    )
    wrong(
        ex,
        "(0, -1)",
        "The second entry must be sign(x_2) = 1: where x_k != 0 the norm is differentiable "
        "in that direction and |x_k| has slope sign(x_k).",
    )
    wrong(ex, "(0, 1, 0)", "A subgradient is a vector with 2 entries: type it as (a, b, ...).")
    wrong(ex, "0", "A subgradient is a vector with 2 entries: type it as (a, b, ...).")
    invalid(ex, "(x1, 1)")
    assert ex.solution.endswith("**Answer:** any $g$ with $g \\in [-1, 1] \\times \\{1\\}$")


def test_l1_subgradient_where_differentiable():
    ex = E.l1_subgradient_at((3, -1))
    feedback = right(ex, "(1, -1)")
    assert feedback.message == "Here the L1 norm is differentiable: this is its gradient sign(x)."
    assert right(E.l1_subgradient_at((0, 0)), "(0.5, -1)").message == (
        "Any first and second entries from -1 to 1 work here."
    )


def test_l2_subgradient_at_zero():
    ex = E.get("l2_subgradient_at_zero_2d")
    for answer in [
        "(0, 0)",
        "(1, 0)",
        "(0.6, 0.8)",
        "(-0.6, 0.8)",
        "(1/2, 1/2)",
        "(sqrt(2)/2, sqrt(2)/2)",
    ]:
        right(ex, answer)
    wrong(
        ex,
        "(1, 1)",
        "Your vector has length sqrt(2) > 1: at 0 the subgradients of ||x|| are the vectors of "
        "length at most 1.",
    )
    wrong(ex, "(0.7, 0.8)")
    assert ex.solution.endswith("**Answer:** any vector $g$ with $\\|g\\|_2 \\le 1$.")


def test_l2_subgradient_away_from_zero():
    ex = E.SubgradientExercise("l2", (3, 4))
    right(ex, "(3/5, 4/5)")
    wrong(ex, "(1, 0)", "Away from 0 the norm is differentiable: the only subgradient is x/||x||.")
    with pytest.raises(ValueError, match="norm must be 'l1' or 'l2'"):
        E.SubgradientExercise("linf", (0, 0))
    with pytest.raises(ValueError, match="n must be an int"):
        E.l2_subgradient_at_zero(0)


# --------------------------------------------------------------------------------------------
# Building exercises
# --------------------------------------------------------------------------------------------


def test_exercise_in_one_line_with_known_wrong_answers():
    ex = E.Exercise("x1/sqrt(x1^2 + x2^2)", "x1 x2", known_wrong=[("x1", "Divide by the norm.")])
    right(ex, "x1/sqrt(x2^2 + x1^2)")
    wrong(ex, "x1", "Divide by the norm.")
    wrong(ex, "x2", "Check each step of your work and try again.")


def test_exercise_with_positive_variable():
    t = sp.Symbol("t", positive=True)
    ex = E.Exercise(sp.sqrt(t**2), [t])
    right(ex, "t")  # sqrt(t^2) = t because t > 0
    right(ex, "abs(t)")
    ex_real = E.Exercise("sqrt(t^2)", "t")
    wrong(ex_real, "t")  # for real t, sqrt(t^2) = |t|
    right(ex_real, "abs(t)")


def test_exercise_constructor_errors():
    with pytest.raises(ValueError, match="expected answer cannot be read"):
        E.Exercise("2x")
    with pytest.raises(ValueError, match="reserved or private"):
        E.Exercise("1", "sqrt")
    with pytest.raises(ValueError, match="reserved or private"):
        E.Exercise("1", "_x")
    with pytest.raises(ValueError, match="ASCII identifiers"):
        E.Exercise("1", ["x y"])
    with pytest.raises(ValueError, match="non-empty hint"):
        E.Exercise("1", known_wrong=[("2", "")])
    with pytest.raises(ValueError, match="known wrong answer cannot be read"):
        E.Exercise("1", known_wrong=[("2+", "hint")])
    with pytest.raises(TypeError, match="names or sympy Symbols"):
        E.Exercise("1", [3])


def test_exercise_solution_markdown():
    ex = E.Exercise("(3/5, 4/5)", solution="Divide by 5.")
    assert ex.solution == (
        "Divide by 5.\n\n**Answer:** $\\left(\\frac{3}{5}, \\frac{4}{5}\\right)$"
    )
    assert repr(ex.solution) == str(ex.solution)
    assert E.Exercise("[[1, 0], [0, 1]]").solution == (
        "**Answer:** $\\left[\\begin{matrix}1 & 0\\\\0 & 1\\end{matrix}\\right]$"
    )


def test_variables_listed():
    assert E.get("grad_shifted_norm_2d").variables == ("x1", "x2", "a1", "a2")
    assert E.get("norm_3_4").variables == ()


# --------------------------------------------------------------------------------------------
# parse_answer
# --------------------------------------------------------------------------------------------


def test_parse_answer_reads_numbers_vectors_matrices():
    x1, x2 = sp.symbols("x1 x2", real=True)
    assert E.parse_answer("x1^2", "x1") == x1**2
    assert E.parse_answer("x1**2", "x1") == x1**2
    assert E.parse_answer("2^3^2") == 512  # right-associative, like **
    assert E.parse_answer("-2^2") == -4
    assert E.parse_answer("(1, 2)") == sp.Matrix([1, 2])
    assert E.parse_answer("[[1, 2]]") == sp.Matrix([[1, 2]])
    assert E.parse_answer("[[1], [2]]") == sp.Matrix([1, 2])
    assert E.parse_answer("0.125") == sp.Rational(1, 8)
    assert E.parse_answer("pi + E - e") == sp.pi
    assert E.parse_answer("ln(E)") == 1
    assert E.parse_answer("sign(-3)") == -1
    assert E.parse_answer("dot((1, 2), (3, 4))") == 11
    assert E.parse_answer("norm((3, 4))") == 5
    assert E.parse_answer("norm(-3)") == 3
    assert E.parse_answer("abs((3, -4))") == sp.Matrix([3, 4])
    assert E.parse_answer("transpose((1, 2))") == sp.Matrix([[1, 2]])
    assert E.parse_answer("[[1, 2], [3, 4]] * (1, 1)") == sp.Matrix([3, 7])
    assert E.parse_answer("x/norm(x)", "x1 x2", {"x": "(x1, x2)"}) == sp.Matrix([x1, x2]) / sp.sqrt(
        x1**2 + x2**2
    )
    assert E.parse_answer("x1", ["x1"]).is_real


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
    ],
)
def test_parse_answer_error_messages(text, message):
    with pytest.raises(E.AnswerError) as info:
        E.parse_answer(text)
    assert str(info.value) == message


def test_parse_answer_type_error_for_non_text():
    with pytest.raises(TypeError, match="as a str"):
        E.parse_answer(5)


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
    feedback = E.get("partial_l2_x1_2d").check(text)
    assert feedback.status == "invalid", f"{text!r} was read: {feedback}"
    assert feedback.message
    with pytest.raises(E.AnswerError):
        E.parse_answer(text, "x1 x2", {"x": "(x1, x2)"})


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
    ex = E.get("partial_l2_x1_2d")
    for text in payloads:
        assert ex.check(text).status == "invalid"
    # ordinary answers still work under the trip-wires
    assert ex.check("x1/norm(x)").correct
    assert E.get("drone_speed_derivative_t1").check("1.789").correct
    assert E.get("hessian_l2_2d").check("(eye(2) - outer(x, x)/norm(x)^2)/norm(x)").correct
    assert calls == []
    assert list(Path(tmp_path).iterdir()) == []


def test_module_never_calls_eval_like_functions():
    """Static check: exercises.py calls no eval, exec, sympify, parse_expr, lambdify, ..."""
    tree = ast.parse(inspect.getsource(E))
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
    feedback = E.get("partial_l2_x1_2d").check("ｘ1")
    assert feedback.message == (
        "The character 'ｘ' (FULLWIDTH LATIN SMALL LETTER X) is not allowed: type answers in "
        "plain ASCII (letters a-z, digits, + - * / ^ ( ) [ ] ,)."
    )


def test_non_text_hostile_objects_are_rejected():
    ex = E.get("norm_3_4")
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
    assert E.get("grad_l2_formula_2d").check(x).message == (
        "Give an explicit sympy Matrix, not a MatrixSymbol expression (try .as_explicit())."
    )


# --------------------------------------------------------------------------------------------
# Property-based checks
# --------------------------------------------------------------------------------------------


_LEAVES = st.sampled_from(
    [
        "x1",
        "x2",
        "x",
        "0",
        "1",
        "2",
        "0.5",
        "1.789",
        "pi",
        "e",
        "(1, 2)",
        "[[1, 2], [3, 4]]",
        "eye(2)",
        "-1",
        "1e-3",
        "y",
        "x_j",
    ]
)


def _combine(children):
    unary = st.tuples(
        st.sampled_from(["sqrt", "abs", "sign", "exp", "log", "sin", "norm", "transpose", "eye"]),
        children,
    ).map(lambda t: f"{t[0]}({t[1]})")
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**", "^"]), children).map(
        lambda t: f"({t[0]}){t[1]}({t[2]})"
    )
    pair = st.tuples(st.sampled_from(["dot", "outer", ""]), children, children).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]})"
    )
    return unary | binary | pair


_TARGETS = [E.get(name) for name in ("grad_l2_formula_2d", "l2_subgradient_at_zero_2d", "norm_3_4")]


@given(st.recursive(_LEAVES, _combine, max_leaves=12))
def test_any_formula_gets_feedback_never_an_exception(text):
    for exercise in _TARGETS:
        feedback = exercise.check(text)
        assert isinstance(feedback, E.Feedback)
        assert feedback.status in {"correct", "incorrect", "invalid"}


@settings(max_examples=40)
@given(st.lists(st.integers(-9, 9), min_size=2, max_size=4).filter(any))
def test_gradient_of_norm_at_random_points(point):
    ex = E.gradient_of_norm_at(point)
    p = sp.Matrix(point)
    exact = p / sp.sqrt(p.dot(p))
    vector = "(" + ", ".join(str(v) for v in point) + ")"
    assert ex.check(f"{vector}/norm({vector})").correct
    assert ex.check(exact).correct
    assert ex.check(np.array(point, dtype=float) / np.linalg.norm(point)).correct
    assert not ex.check(-exact).correct


# --------------------------------------------------------------------------------------------
# Review fixes
# --------------------------------------------------------------------------------------------


def test_exact_answer_lost_to_cancellation_in_double_precision_is_confirmed_exactly():
    ex = E.get("norm_3_4")
    # (1 + sqrt(2))**100 = (3 + 2*sqrt(2))**50 exactly, about 1.9e38: double precision keeps
    # none of the 5, the high-precision confirmation does.
    assert right(ex, "5+(1+sqrt(2))**100-(3+2*sqrt(2))**50").message == ""
    wrong(ex, "6+(1+sqrt(2))**100-(3+2*sqrt(2))**50")
    wrong(
        ex,
        "5+1/1000+(1+sqrt(2))**100-(3+2*sqrt(2))**50",
        "Close, but not equal: you typed an exact value, so the difference is not rounding; "
        "check your arithmetic.",
    )
    # a formula too: the same cancellation with the variables in it
    formula = E.Exercise("x1", "x1")
    right(formula, "x1+(1+sqrt(2))**100-(3+2*sqrt(2))**50")
    wrong(formula, "x1+1+(1+sqrt(2))**100-(3+2*sqrt(2))**50")
    # decimals keep the digit policy: no high-precision rescue for a wrong decimal
    wrong(ex, "5.1")


def test_transpose_hint_only_in_a_matrix_context():
    drone = E.get("drone_speed_derivative_t1")
    for name in ["t", "T"]:
        feedback = invalid(drone, f"4*{name}/sqrt(1 + 4*{name}**2)")
        assert feedback.message == (
            f"Unknown name {name!r}: this answer has no variables; type numbers, for example "
            "3/5 or sqrt(5), and functions such as sqrt."
        )
    # vectors about: the hint helps
    assert invalid(E.get("grad_l2_formula_2d"), "x^T").message.endswith(
        " For a transpose use transpose(A)."
    )
    assert invalid(E.get("least_squares_gradient"), "[[1, 0], [0, 2]]^T").message.endswith(
        " For a transpose use transpose(A)."
    )
    assert invalid(E.get("norm_3_4"), "3^T").message.endswith(" For a transpose use transpose(A).")
    # t is an allowed variable: it is read, no error at all
    assert E.parse_answer("2*t", "t") == 2 * sp.Symbol("t", real=True)


def test_l2_subgradient_length_shown_as_a_decimal():
    ex = E.get("l2_subgradient_at_zero_2d")
    tail = " > 1: at 0 the subgradients of ||x|| are the vectors of length at most 1."
    wrong(ex, "(0.6, 0.80001)", "Your vector has length 1.00001" + tail)
    wrong(ex, "(0.7, 0.8)", "Your vector has length 1.06301" + tail)
    # enough digits to show that the length is above 1
    wrong(ex, "(1.0000001, 0)", "Your vector has length 1.0000001" + tail)
    wrong(ex, "(1 + 10**-20, 0)", "Your vector has length 1.00000000000000000001" + tail)
    # a short exact length stays exact
    wrong(ex, "(1, 1)", "Your vector has length sqrt(2)" + tail)
    wrong(ex, "(1, 1/1000)", "Your vector has length 1.0000005" + tail)


def test_subgradients_follow_the_decimal_rounding_policy():
    ex = E.get("l2_subgradient_at_zero_2d")
    rounded = (
        "Your decimals are a vector of length at most 1 rounded to the digits you gave. "
        "Any vector of length at most 1 works here."
    )
    for answer in ["(0.70711, 0.70711)", "(-0.70711, 0.70711)", "(0.707, 0.708)"]:
        assert right(ex, answer).message == rounded
    assert right(ex, "(0.7071, 0.7071)").message == "Any vector of length at most 1 works here."
    # a computed float (single precision) rounds the unit vector too
    assert right(ex, np.full(2, np.float32(1) / np.sqrt(np.float32(2)))).correct
    # not the rounding of any vector of length <= 1
    tail = " > 1: at 0 the subgradients of ||x|| are the vectors of length at most 1."
    wrong(ex, "(0.70711, 0.70712)", "Your vector has length 1.00001" + tail)
    wrong(ex, "(0.7072, 0.7072)", "Your vector has length 1.00013" + tail)
    wrong(ex, "(0.71, 0.71)", "Your vector has length 1.00409" + tail)  # too few digits
    wrong(ex, "(1.1, 0)", "Your vector has length 1.1" + tail)
    wrong(ex, "(1.0004, 0)", "Your vector has length 1.0004" + tail)  # rounds nothing <= 1
    # the L1 subgradient: kink entries in [-1, 1] up to rounding, others sign(x_k) by the policy
    # (a decimal above 1 rounds nothing in [-1, 1]; a computed float has the 1e-6 tolerance)
    l1 = E.get("l1_subgradient_at_0_2")
    right(l1, [1.0000001, 1.0])
    right(l1, [-1.0000001, 0.9999999])
    right(l1, "(-1.00, 1.00)")
    wrong(l1, "(1.0004, 1)")
    wrong(
        l1,
        "(1.002, 1)",
        "The first entry is 1.002, outside [-1, 1]: where x_k = 0 a subgradient entry must lie "
        "between -1 and 1.",
    )
    wrong(
        l1,
        "(1.5, 1)",
        "The first entry is 1.5, outside [-1, 1]: where x_k = 0 a subgradient entry must lie "
        "between -1 and 1.",
    )
    wrong(l1, "(0, 0.9999)")
    wrong(l1, "(0, 1.1)")
    # away from 0 the L2 subgradient is x/||x||, also as a rounded decimal
    away = E.SubgradientExercise("l2", (1, 1))
    right(away, "(0.70711, 0.70711)")
    wrong(away, "(0.7072, 0.7072)")


@pytest.mark.parametrize(
    ("text", "size"),
    [("1e-200", "small"), ("1e-155", "small"), ("1e-400", "small"), ("1e200", "large")],
)
def test_decimals_beyond_the_exact_range_get_a_clear_message(text, size):
    feedback = invalid(E.get("norm_3_4"), text)
    assert feedback.message.startswith(
        f"The number {text} is too {size} to be read here: a decimal may have at most about 150 "
        "digits, counting the zeros its exponent stands for (1e-150 and 1e150 are fine, 1e-200 "
        "and 1e200 are not)."
    )
    assert feedback.message.endswith("If you mean 0, type 0.") == (size == "small")


def test_decimals_inside_the_exact_range_are_read():
    assert E.parse_answer("1e-150") == sp.Rational(1, 10**150)
    assert E.parse_answer("1.5e-153") == sp.Rational(15, 10**154)
    wrong(E.get("norm_3_4"), "1e-150")
