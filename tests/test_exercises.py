"""Tests for normgrad.exercises: right answers in many forms, wrong ones with specific hints,
the display of feedback, and the judging rules (decimals, floats, exact formulas)."""

import time
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from exercise_support import check, get, invalid
from normgrad import exercises as E
from normgrad.answers import parse_answer

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


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", E.names())
def test_every_registered_exercise_builds_fresh_and_reads_answers(name):
    ex = E.get(name)
    assert repr(ex).endswith(f"({name!r})")
    assert ex.name == name
    assert E.get(name) is not ex  # a fresh copy each time
    assert ex.check(...).status == "invalid"
    assert ex.check("zz").status == "invalid"
    assert check(name, "zz") == ex.check("zz")


def test_get_unknown_name_suggests_close_match():
    with pytest.raises(ValueError, match=r"named 'grad_l2_at_3'\. Did you mean 'grad_l2_at_"):
        E.get("grad_l2_at_3")
    with pytest.raises(TypeError, match="name must be a str"):
        E.get(3)
    with pytest.raises(ValueError, match="no exercise named 'norm'"):
        E.check("norm", "3")


def test_repr_does_not_reveal_the_answer():
    assert repr(get("norm_3_4")) == "Exercise('norm_3_4')"
    assert repr(E.Exercise(5)) == "Exercise()"


# --------------------------------------------------------------------------------------------
# Feedback display
# --------------------------------------------------------------------------------------------


def test_feedback_repr_and_html_are_deterministic():
    ex = get("grad_l2_at_3_4")
    first = ex.check("(6, 8)")
    second = get("grad_l2_at_3_4").check("(6, 8)")
    assert first == second
    assert (
        repr(first)
        == str(first)
        == ("Not quite. (6, 8) is 2x, the gradient of ||x||**2, not of ||x||.")
    )
    assert first._repr_html_() == second._repr_html_()
    assert bool(first) is False


def test_feedback_html_shows_right_and_wrong_at_a_glance_with_the_words_kept():
    shown = {
        status: E.Feedback(status == "correct", "A hint.", status)._repr_html_()
        for status in ("correct", "incorrect", "invalid")
    }
    for status, icon, colour, words in [
        ("correct", "\u2705", "#1a7f37", "Correct!"),
        ("incorrect", "\u274c", "#b42318", "Not quite."),
        ("invalid", "\u26a0", "#9a6700", "Could not read that."),
    ]:
        html = shown[status]
        assert icon in html and colour in html  # at a glance: icon and colour
        assert f"<strong>{words}</strong> A hint." in html  # the words, for screen readers
        assert '<span aria-hidden="true">' in html  # the icon is not read aloud
    assert len(set(shown.values())) == 3


def test_feedback_html_keeps_code_spans_and_escapes_html():
    f = E.Feedback(True, "The exact value is `4*sqrt(5)/5`; <b>x</b> & *y*.", "correct")
    assert f._repr_html_().endswith(
        "<strong>Correct!</strong> The exact value is <code>4*sqrt(5)/5</code>; "
        "&lt;b&gt;x&lt;/b&gt; &amp; *y*.</div>"
    )
    assert "`" not in f._repr_html_()
    assert "a `b" in E.Feedback(False, "a `b", "incorrect")._repr_html_()  # unbalanced: as is
    assert repr(E.Feedback(True, "", "correct")) == "Correct!"
    assert bool(E.Feedback(True, "", "correct")) is True


def test_feedback_validates_its_fields():
    with pytest.raises(ValueError, match="status must be one of"):
        E.Feedback(True, "", "right")
    with pytest.raises(ValueError, match="correct must be True exactly"):
        E.Feedback(True, "", "incorrect")


def test_placeholder_answer_gets_a_friendly_message():
    ex = get("norm_3_4")
    message = "Replace ... with your answer, then run the cell again."
    assert ex.check(...).message == message
    assert ex.check(None).message == message


# --------------------------------------------------------------------------------------------
# Norms
# --------------------------------------------------------------------------------------------


def test_norm_3_4():
    ex = get("norm_3_4")
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
    ex = get("norm_1_2_2")
    right(ex, "3")
    wrong(
        ex,
        "5",
        "5 is the L1 norm |1| + |2| + |2| (sum of absolute values); the L2 norm squares, adds, "
        "then takes the square root.",
    )
    wrong(ex, "9", "9 is ||x||**2: take the square root.")


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
    right(get("grad_l2_at_3_4"), answer)


def test_grad_l2_at_3_4_messages():
    ex = get("grad_l2_at_3_4")
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
    right(get("grad_l2_at_5_12"), "(5/13, 12/13)")
    right(get("grad_l2_at_5_12"), "(0.385, 0.923)")
    wrong(get("grad_l2_at_5_12"), "(5, 12)", "You gave x itself: divide by the norm ||x|| = 13.")
    ex = get("grad_l2_at_1_1_1_1")
    right(ex, "(1/2, 1/2, 1/2, 1/2)")
    right(ex, "(1, 1, 1, 1)/2")
    right(ex, [0.5] * 4)
    wrong(ex, "(1, 1, 1, 1)", "You gave x itself: divide by the norm ||x|| = 2.")
    right(get("grad_l2_at_1_2_2"), "(1/3, 2/3, 2/3)")
    right(E.Exercise("(-3, 4)/5"), "(-0.6, 0.8)")


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
    right(get("unit_vector_1_2_2"), answer)


def test_unit_vector_3_4_messages():
    ex = get("unit_vector_3_4")
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


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=1, max_size=4).filter(any))
def test_unit_vectors_given_as_floats_are_right(point):
    vector = "[" + ", ".join(str(v) for v in point) + "]"
    ex = E.Exercise(f"{vector}/norm({vector})")
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
    ex = get("complex_norm_1p2i_2i_4")
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
    right(get("complex_norm_1p2i_2i_4"), answer)


def test_complex_norm_messages():
    ex = get("complex_norm_1p2i_2i_4")
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
    wrong(ex, "sqrt(17)", "|2i|**2 = 0**2 + 2**2 = 4, not (2i)**2 = -4. " + MODULUS)
    wrong(ex, "sqrt(29)", "|1 + 2i|**2 = 1**2 + 2**2 = 5, not (1 + 2)**2 = 9. " + MODULUS)
    wrong(
        ex,
        "sqrt(26)",
        "Add the squared moduli |x_k|**2 = (real part)**2 + (imaginary part)**2, then take the "
        "square root.",
    )
    invalid(ex, "2j", "Write the imaginary unit as i: for example 2*i, not 2j.")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-6, 6), st.integers(-6, 6)).map(lambda t: complex(*t)),
        min_size=1,
        max_size=4,
    )
)
def test_complex_norms_computed_with_numpy_are_right(entries):
    x = np.array(entries, dtype=complex)
    moduli = " + ".join(f"({z.real:g})**2 + ({z.imag:g})**2" for z in x)
    ex = E.Exercise(f"sqrt({moduli} + 0)", imaginary_unit=True)
    assert float(ex.answer) == pytest.approx(np.linalg.norm(x), rel=1e-14, abs=1e-14)
    right(ex, np.linalg.norm(x))
    right(ex, np.sqrt(np.vdot(x, x)))


def test_complex_numbers_stay_refused_elsewhere():
    ex = get("norm_3_4")
    invalid(ex, 5 + 1j, "Complex numbers are not accepted here.")
    invalid(ex, "5 + 0j", "Complex numbers (such as 2j) are not accepted here.")
    invalid(ex, "5 + 0*i")
    right(ex, np.complex128(5 + 0j))  # a real number in a complex dtype


# --------------------------------------------------------------------------------------------
# Decimals and floats
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["1.789", "1.788", "1.7888", "1.78885", "1.79", "1.78885438"])
def test_decimals_rounded_or_truncated_are_right(answer):
    feedback = right(get("drone_speed_derivative_t1"), answer)
    assert feedback.message == "The exact value is `4*sqrt(5)/5` (about 1.78885)."


@pytest.mark.parametrize("answer", ["1.787", "1.790", "1.7887", "1.786"])
def test_decimals_with_a_wrong_last_digit_are_wrong(answer):
    wrong(
        get("drone_speed_derivative_t1"),
        answer,
        "Close, but your digits are not the exact value rounded or cut off: check the last "
        "digit, or give the exact value (fractions and sqrt are fine).",
    )


@pytest.mark.parametrize("answer", ["1.8", "2e0", 1.8])
def test_too_few_digits(answer):
    ex = get("drone_speed_derivative_t1") if answer != "2e0" else get("norm_3_4")
    feedback = ex.check(answer)
    assert not feedback.correct


def test_too_few_digits_message():
    wrong(
        get("drone_speed_derivative_t1"),
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
    drone = get("drone_speed_derivative_t1")  # 4/sqrt(5) = 1.78885...
    wrong(drone, "9/5", FRACTION_FOR_IRRATIONAL)
    wrong(drone, "179/100", FRACTION_FOR_IRRATIONAL)
    wrong(drone, sp.Rational(9, 5), FRACTION_FOR_IRRATIONAL)
    wrong(drone, "1.8", MORE_DIGITS)  # a decimal that looks rounded: more digits is the fix
    wrong(drone, "4*0.45", MORE_DIGITS)  # a decimal inside a formula, with too few digits
    wrong(drone, "1.787", LAST_DIGIT)


def test_python_and_numpy_floats():
    ex = get("drone_speed_derivative_t1")
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
    feedback = right(get("drone_speed_derivative_t1"), answer)
    assert feedback.message == ""


def test_drone_t1_hints():
    ex = get("drone_speed_derivative_t1")
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
        "That is the length of the acceleration ||v'(t)||. The speed changes only through the "
        "part of v' along v: d||v||/dt = v.v'/||v||.",
    )
    wrong(ex, "-4/sqrt(5)", SIGN)
    wrong(ex, "2/sqrt(5)", HALF)
    wrong(ex, "(1, 2)", "The answer is a single number, not a list: type one number.")


def test_drone_t2():
    ex = get("drone_speed_derivative_t2")
    right(ex, "8/sqrt(17)")
    right(ex, "8*sqrt(17)/17")
    right(ex, "1.940")
    wrong(ex, "16/sqrt(17)", DRONE_SLIP)


def test_a_slip_that_gives_the_right_value_cannot_be_registered():
    # At t = 1/2 the drone's speed sqrt(1 + 4t^2) and its rate 4t/sqrt(1 + 4t^2) are both
    # sqrt(2): the "speed itself" slip would pass, so such an exercise cannot be built.
    with pytest.raises(ValueError, match=r"answer 'sqrt\(1 \+ 4\*\(1/2\)\*\*2\)' is judged right"):
        E.Exercise(
            "4*(1/2)/sqrt(1 + 4*(1/2)**2)",
            known_wrong=[("sqrt(1 + 4*(1/2)**2)", "That is the speed itself.")],
        )
    with pytest.raises(ValueError, match="coincide"):
        E.Exercise("1", known_wrong=[("2", "Twice."), ("4/2", "Also twice.")])
    with pytest.raises(ValueError, match="is judged right"):  # also a decimal slip
        E.Exercise("1/3", known_wrong=[("0.333", "Rounded.")])


# --------------------------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------------------------


def test_partial_squared_norm_xj():
    ex = get("partial_squared_norm_xj")
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
    ex = get("partial_l2_x1_2d")
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
    right(get("partial_l2_x1_2d"), x1 / sp.sqrt(x1**2 + x2**2))
    invalid(
        get("partial_l2_x1_2d"),
        sp.Symbol("y"),
        "Unknown name 'y'. Names you can use here: x, x1, x2.",
    )


def test_grad_l2_formula_2d():
    ex = get("grad_l2_formula_2d")
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
    wrong(get("unit_vector_3_4"), "3/5", scalar_for_vector)
    wrong(
        E.Exercise("(3/5, 4/5)", gradient=True),
        "1",
        "The answer is a vector with 2 entries (a gradient has one entry per variable), not a "
        "single number: type it as (a, b, ...).",
    )
    wrong(
        get("grad_l2_at_3_4"),
        "3/5",
        "The answer is a vector with 2 entries (a gradient has one entry per variable), not a "
        "single number: type it as (a, b, ...).",
    )
    wrong(
        get("unit_vector_1_2_2"),
        "[[1/3, 2/3, 2/3]]",
        "You wrote a row (1 x 3); the answer is a column vector: type its entries as a plain "
        "list (a, b, ...).",
    )
    wrong(
        get("grad_l2_at_1_2_2"),
        "[[1/3, 2/3, 2/3]]",
        "You wrote a row (1 x n): that is the derivative dy/dx. The gradient is the column; "
        "type its entries as a plain list (a, b, ...).",
    )
    built = [E.get(n) for n in E.names()]
    vector_exercises = [
        ex for ex in built if isinstance(ex, E.Exercise) and getattr(ex.answer, "cols", 0) == 1
    ]
    assert {ex.name for ex in vector_exercises} >= {"unit_vector_1_2_2", "grad_l2_at_1_2_2"}
    for ex in vector_exercises:
        n = ex.answer.rows
        message = ex.check("1/7").message
        assert message.startswith(f"The answer is a vector with {n} entries"), ex.name
        assert ("gradient" in message) == ex.gradient, ex.name


def test_grad_squared_norm_formula():
    ex = get("grad_squared_norm_formula")
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
    ex = get("grad_shifted_norm_2d")
    right(ex, "(x + a)/norm(x + a)")
    right(ex, "(a+x)/sqrt((x1+a1)^2 + (x2+a2)^2)")
    right(ex, "((x1+a1)/norm(x+a), (x2+a2)/norm(a+x))")
    wrong(
        ex,
        "x/norm(x)",
        "That is the gradient of ||x||: the shift is missing. Here the vector inside the norm is "
        "x + a.",
    )
    wrong(ex, "(x+a)/norm(x)", "Divide by ||x + a||, the norm of the shifted vector.")
    wrong(ex, "x/norm(x+a)", "The numerator is x + a, not x.")
    wrong(ex, "-(x+a)/norm(x+a)", SIGN)


def test_complex_grad_v():
    ex = get("complex_grad_v")
    right(ex, "2*v")
    right(ex, "(2*v1, 2*v2)")
    wrong(
        ex,
        "-2*v",
        "-2v comes from writing x*x = u^T u - v^T v, which forgets the conjugate. With it, "
        "x*x = u^T u + v^T v, so the gradient with respect to v is 2v.",
    )
    wrong(
        ex,
        "2*u",
        "Your answer does not depend on v1 and v2, but the right one does: they are missing "
        "somewhere. Expand x*x = (u - iv)^T (u + iv) first.",
    )
    wrong(ex, "2*u + v", "Expand x*x = (u - iv)^T (u + iv) first.")


def test_directional_derivative_squared_norm():
    ex = get("directional_derivative_squared_norm")
    right(ex, "2")
    right(ex, "2*(1*3 + 2*(-1))")
    wrong(ex, "1", "The limit is 2<x, h>: keep the 2.")
    wrong(ex, "-2", SIGN)


# --------------------------------------------------------------------------------------------
# Matrices
# --------------------------------------------------------------------------------------------


def test_hessian_l2_2d():
    ex = get("hessian_l2_2d")
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
    ex = get("hessian_squared_norm_2d")
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
    ex = get("hessian_l2_eigenvalues_at_3_4")
    for answer in ["(0, 1/5)", "(1/5, 0)", "[0.2, 0]", (0.2, 0.0)]:
        right(ex, answer)
    wrong(ex, "(0, 5)", "The eigenvalue across x is 1/||x|| = 1/5, not ||x||.")
    wrong(ex, "(1/5, 1/5)", "One eigenvector is x itself, the other is perpendicular to x.")


def test_least_squares_gradient():
    ex = get("least_squares_gradient")
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


def test_zero_entries_keep_the_factor_hints():
    ex = E.Exercise("(0, 6)")
    wrong(ex, "(0, 12)", TWICE)
    wrong(ex, "(0, -6)", SIGN)


# --------------------------------------------------------------------------------------------
# Subgradients
# --------------------------------------------------------------------------------------------


def test_l1_subgradient_at_a_kink():
    ex = get("l1_subgradient_at_0_2")
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


def test_l1_subgradient_where_differentiable():
    ex = E.SubgradientExercise("l1", (3, -1))
    feedback = right(ex, "(1, -1)")
    assert feedback.message == "Here the L1 norm is differentiable: this is its gradient sign(x)."
    assert right(E.SubgradientExercise("l1", (0, 0)), "(0.5, -1)").message == (
        "Any first and second entries from -1 to 1 work here."
    )


def test_l2_subgradient_at_zero():
    ex = get("l2_subgradient_at_zero_2d")
    for answer in [
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
    # the question asks for one other than (0, 0)
    other = (
        "(0, 0) is a subgradient, but the question asks for one other than (0, 0): any other "
        "vector of length at most 1 works."
    )
    for answer in ["(0, 0)", "(0.0, -0.0)", [0, 0], np.zeros(2), "(0*sqrt(2), 1 - 1)"]:
        wrong(ex, answer, other)
    assert E.SubgradientExercise("l2", (0, 0)).check("(0, 0)").correct  # when not excluded


def test_subgradient_exercise_constructor_errors():
    with pytest.raises(ValueError, match="away from 0 the L2 norm is differentiable"):
        E.SubgradientExercise("l2", (3, 4))
    with pytest.raises(ValueError, match="norm must be 'l1' or 'l2'"):
        E.SubgradientExercise("linf", (0, 0))
    with pytest.raises(ValueError, match="non-empty hint"):
        E.SubgradientExercise("l2", (0, 0), excluded=[((0, 0), "")])


# --------------------------------------------------------------------------------------------
# Building exercises
# --------------------------------------------------------------------------------------------


def test_exercise_in_one_line_with_known_wrong_answers():
    ex = E.Exercise("x1/sqrt(x1^2 + x2^2)", "x1 x2", known_wrong=[("x1", "Divide by the norm.")])
    right(ex, "x1/sqrt(x2^2 + x1^2)")
    wrong(ex, "x1", "Divide by the norm.")
    wrong(ex, "x1*x2", "Check each step of your work and try again.")
    missing = "Your answer does not depend on x1, but the right one does: it is missing somewhere."
    wrong(ex, "x2", missing)


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
    with pytest.raises(TypeError, match=r"variables must be names \(str\)"):
        E.Exercise("1", [3])
    with pytest.raises(TypeError, match=r"variables must be names \(str\)"):
        E.Exercise("1", [sp.Symbol("t", positive=True)])


def test_variables_listed():
    assert get("grad_shifted_norm_2d").variables == ("x1", "x2", "a1", "a2")
    assert get("norm_3_4").variables == ()


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


_TARGETS = [get(name) for name in ("grad_l2_formula_2d", "l2_subgradient_at_zero_2d", "norm_3_4")]


@given(st.recursive(_LEAVES, _combine, max_leaves=12))
def test_any_formula_gets_feedback_never_an_exception(text):
    for exercise in _TARGETS:
        feedback = exercise.check(text)
        assert isinstance(feedback, E.Feedback)
        assert feedback.status in {"correct", "incorrect", "invalid"}


@settings(max_examples=40)
@given(st.lists(st.integers(-9, 9), min_size=2, max_size=4).filter(any))
def test_gradient_of_norm_at_random_points(point):
    p = sp.Matrix(point)
    exact = p / sp.sqrt(p.dot(p))
    vector = "(" + ", ".join(str(v) for v in point) + ")"
    ex = E.Exercise(exact)
    assert ex.check(f"{vector}/norm({vector})").correct
    assert ex.check(exact).correct
    assert ex.check(np.array(point, dtype=float) / np.linalg.norm(point)).correct
    assert not ex.check(-exact).correct


# --------------------------------------------------------------------------------------------
# Review fixes
# --------------------------------------------------------------------------------------------


def test_exact_answer_lost_to_cancellation_in_double_precision_is_confirmed_exactly():
    ex = get("norm_3_4")
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
    drone = get("drone_speed_derivative_t1")
    for name in ["t", "T"]:
        feedback = invalid(drone, f"4*{name}/sqrt(1 + 4*{name}**2)")
        assert feedback.message == (
            f"Unknown name {name!r}: this answer has no variables; type numbers, for example "
            "3/5 or sqrt(5), and functions such as sqrt."
        )
    # vectors about: the hint helps
    assert invalid(get("grad_l2_formula_2d"), "x^T").message.endswith(
        " For a transpose use transpose(A)."
    )
    assert invalid(get("least_squares_gradient"), "[[1, 0], [0, 2]]^T").message.endswith(
        " For a transpose use transpose(A)."
    )
    assert invalid(get("norm_3_4"), "3^T").message.endswith(" For a transpose use transpose(A).")
    # t is an allowed variable: it is read, no error at all
    assert parse_answer("2*t", "t") == 2 * sp.Symbol("t", real=True)


def test_l2_subgradient_length_shown_as_a_decimal():
    ex = get("l2_subgradient_at_zero_2d")
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
    ex = get("l2_subgradient_at_zero_2d")
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
    l1 = get("l1_subgradient_at_0_2")
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


# --------------------------------------------------------------------------------------------
# Exactness: no term can be slipped past the sample points, no tiny difference is ignored
# --------------------------------------------------------------------------------------------


def _vanishing_at(points, name):
    """A polynomial in ``name`` that is exactly 0 at each of the given sample points."""
    factors = [f"({name} - {Fraction(p[name])})" for p in points]
    return "*".join(factors)


def test_a_term_vanishing_at_the_fixed_sample_points_is_caught():
    ex = E.Exercise("x1", "x1")
    poly = _vanishing_at(ex._points, "x1")
    assert len(ex._points) == 7
    wrong(ex, f"x1 + {poly}")
    x1 = sp.Symbol("x1")
    as_sympy = x1 + sp.Mul(*[x1 - sp.Rational(Fraction(p["x1"])) for p in ex._points])
    wrong(ex, as_sympy)
    # two variables: a term vanishing at every fixed point through one coordinate
    ex2 = get("partial_l2_x1_2d")
    wrong(ex2, f"x1/norm(x) + {_vanishing_at(ex2._points, 'x2')}")
    right(ex2, "x1/norm(x) + 0*x2")


def test_differences_far_below_double_precision_are_not_equal():
    wrong(get("norm_3_4"), "5 + 10**-25")
    wrong(get("norm_3_4"), "5 + 1/10**100/10**50")
    wrong(get("norm_3_4"), 5 + sp.Rational(1, 10**25))
    wrong(get("partial_l2_x1_2d"), "x1/norm(x) + x2*10**-25")
    wrong(get("partial_l2_x1_2d"), "x1/norm(x)*(1 + 10**-30)")
    wrong(E.Exercise("sqrt(2)"), "sqrt(2) + 10**-40")
    right(E.Exercise("sqrt(2)"), "2/sqrt(2)")
    right(E.Exercise("sqrt(5) + sqrt(3)"), "sqrt(8 + 2*sqrt(15))")  # equal, not identical


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("grad_l2_at_3_4", "(0.6000000000000001, 0.8)"),  # print(np.array([3, 4]) / 5.0)
        ("grad_l2_at_3_4", "[0.6000000000000001 0.8]".replace(" ", ", ")),
        ("hessian_l2_eigenvalues_at_3_4", "(-1.38e-17, 0.2)"),  # eigvalsh's round-off for 0
        ("hessian_l2_eigenvalues_at_3_4", "(0.19999999999999998, -1.3877787807814457e-17)"),
        ("drone_speed_derivative_t1", "1.7888543819998317"),
        ("drone_speed_derivative_t1", "4/2.236"),  # a rounded decimal inside a formula
        ("drone_speed_derivative_t1", "4/2.24"),
        ("drone_speed_derivative_t1", "4/2.23"),  # 2.236 cut off
        ("norm_3_4", "sqrt(2.5e1)"),
        ("grad_l2_at_3_4", "(3/5.00, 4/5.00)"),
    ],
)
def test_floating_point_output_and_rounded_decimals_are_right(name, answer):
    right(get(name), answer)


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("grad_l2_at_3_4", "(0.6000001, 0.8)"),  # 7 digits: must be a correct rounding
        ("hessian_l2_eigenvalues_at_3_4", "(1e-11, 0.2)"),  # not round-off of 0 any more
        ("drone_speed_derivative_t1", "4/2.25"),  # not 2.236 rounded or cut off
        ("drone_speed_derivative_t1", "4/2.2"),  # too few digits to stand for sqrt(5)
        ("drone_speed_derivative_t1", "1.788854381999832 + 10**-9"),
        ("partial_l2_x1_2d", "x1/(1.00001*norm(x))"),  # formulas: decimals must be exact
    ],
)
def test_decimals_too_far_off_are_wrong(name, answer):
    wrong(get(name), answer)


def test_decimal_formula_feedback_shows_the_exact_value_only_when_inexact():
    drone = get("drone_speed_derivative_t1")
    assert right(drone, "4/2.236").message == "The exact value is `4*sqrt(5)/5` (about 1.78885)."
    assert right(drone, "0.8*sqrt(5)").message == ""
    assert right(drone, "4/5**0.5").message == ""


def test_every_odd_input_gets_feedback():
    ex = get("grad_l2_formula_2d")
    odd = [
        np.float64("nan"),
        [np.inf, 1],
        np.array([[1, 2]], dtype=object),
        np.ma.masked_array([1, 2], mask=[0, 1]),
        {1, 2},
        range(2),
        iter([1, 2]),
        (sp.nan, 1),
        sp.Matrix([[sp.zoo, 1]]),
        [sp.Symbol("x1"), "x2"],
        ["x1", "x2"],
        [[sp.Symbol("x1")], [sp.Symbol("x2")]],
        np.array(["x1", "x2"]),
        Fraction(1, 3),
        1 + 0j,
        sp.I,
        sp.S.Half,
    ]
    for answer in odd:
        feedback = ex.check(answer)
        assert isinstance(feedback, E.Feedback), answer
        assert feedback.status in {"incorrect", "invalid"}, (answer, feedback)


@settings(max_examples=40, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.complex_numbers()
        | st.fractions()
        | st.text(max_size=30)
        | st.sampled_from([sp.Symbol("x1"), sp.pi, sp.I, sp.zoo, sp.Symbol("x2", positive=True)]),
        lambda children: st.lists(children, max_size=4) | st.tuples(children, children),
        max_leaves=10,
    )
)
def test_any_python_object_gets_feedback_never_an_exception(answer):
    for name in ("grad_l2_formula_2d", "l2_subgradient_at_zero_2d", "norm_3_4"):
        assert isinstance(check(name, answer), E.Feedback)


@pytest.mark.parametrize(
    "answer",
    [
        "sin(10**100)",  # sympy cannot resolve sin(10**100) - 5 strictly within 400 digits
        "5 + sin(10**100)",
        "cos(10**99)",
        "5 + exp(-10000)",  # a difference of 1e-4343: underflows to 0 as a complex number
        5 + sp.exp(-10000),
    ],
)
def test_a_difference_sympy_cannot_resolve_or_that_underflows_is_not_equal(answer):
    wrong(get("norm_3_4"), answer)
    if isinstance(answer, str):  # in a formula: a term that is not 0 added to each entry
        wrong(get("grad_l2_formula_2d"), f"x/norm(x) + ({answer} - 5)*(1, 1)")


def test_an_exact_zero_lost_to_cancellation_stays_right_next_to_an_unresolvable_term():
    right(get("norm_3_4"), "(1 + sqrt(2))**100 - (3 + 2*sqrt(2))**50 + 5")
    right(get("norm_3_4"), "5 + sin(pi*10**100)")  # exactly 0: sympy knows sin(k*pi)


class _FailingArray:
    """A duck-typed array whose own methods raise (the checker calls shape and tolist)."""

    def __init__(self, where):
        self.where = where

    @property
    def shape(self):
        if self.where == "shape":
            raise RuntimeError("boom")
        return (2,)

    def tolist(self):
        raise RuntimeError("boom")


class _FailingList(list):
    def __iter__(self):
        raise RuntimeError("boom")


class _FailingInt(int):
    def __int__(self):
        raise RuntimeError("boom")


@pytest.mark.parametrize(
    "answer",
    [
        _FailingArray("shape"),
        _FailingArray("tolist"),
        _FailingList([1, 2]),
        _FailingInt(3),
    ],
)
def test_an_answer_whose_own_methods_raise_gets_feedback(answer):
    for name in ("grad_l2_formula_2d", "l1_subgradient_at_0_2", "norm_3_4"):
        feedback = invalid(get(name), answer)
        assert "failed (RuntimeError)" in feedback.message


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("grad_l2_at_5_12", "(0.38, 0.92)"),  # 5/13 = 0.3846..., 12/13 = 0.923...: cut off
        ("grad_l2_at_5_12", "(0.4, 0.9)"),
        ("grad_l2_at_2_m3_6", "(0.29, -0.43, 0.86)"),
        ("length_rate_ellipse_pi_4", "-0.9"),
    ],
)
def test_decimals_with_too_few_digits_are_told_so_even_beyond_one_percent(name, answer):
    message = wrong(get(name), answer).message
    assert message.startswith("Close, but not accurate enough: give at least 3 significant")


def test_a_decimal_for_an_exact_zero_is_not_told_to_give_more_digits():
    message = wrong(get("hessian_l2_eigenvalues_at_3_4"), "(0.001, 0.2)").message
    assert "digits" not in message


def test_judging_an_answer_that_is_slow_to_confirm_is_cut_off():
    # Each factor is 1 exactly, but only after cancelling 38 digits: confirming the answer at
    # every sample point to 400 digits took 9.5 s before judging got a time limit.
    factors = [f"((1+sqrt({k}))**100-({k + 1}+2*sqrt({k}))**50+1)" for k in (2, 3, 5, 6, 7)]
    start = time.perf_counter()
    feedback = get("grad_squared_norm_formula").check("2*x*" + "*".join(factors))
    assert time.perf_counter() - start < E.JUDGE_SECONDS + 1.5
    assert feedback.correct or "took more than" in feedback.message, feedback
