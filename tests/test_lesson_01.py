"""The key results of lesson 01 (the L2 norm), asserted through the package the notebook calls,
and the notebook's own exercise checkers run on the worked answers of its solutions."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest
import sympy as sp

import normgrad as ng
from normgrad import exercises, symbolic
from normgrad.norms import naive_l2_norm

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_the_l2_norm.ipynb"

# ------------------------------------------------------------------------------------------
# Pythagoras, the formula, level circles
# ------------------------------------------------------------------------------------------


def test_pythagoras_in_the_plane_and_in_space():
    assert ng.l2_norm([3.0, 4.0]) == 5.0
    shadow = sp.sqrt(2**2 + 3**2)
    assert shadow == sp.sqrt(13)
    assert sp.sqrt(shadow**2 + 6**2) == 7
    assert ng.l2_norm([2, 3, 6]) == 7.0


@pytest.mark.parametrize("point, length", [((3, 4, 0), 5), ((2, 3, 6), 7), ((1, 4, 8), 9)])
def test_sympy_formula_and_package_agree_exactly(point, length):
    x = symbolic.symbols_vector(3)
    norm = sp.sqrt(x.dot(x))
    assert norm.subs(dict(zip(x, point, strict=True))) == length
    assert ng.l2_norm(point) == float(length)


def test_points_on_a_circle_have_norm_r():
    r, t = sp.symbols("r t", positive=True)
    assert sp.simplify(sp.sqrt((r * sp.cos(t)) ** 2 + (r * sp.sin(t)) ** 2)) == r
    assert ng.l2_norm([3, -4]) == 5.0
    angles = np.linspace(0, 2 * np.pi, 241)
    norms = [ng.l2_norm([5 * np.cos(a), 5 * np.sin(a)]) for a in angles]
    np.testing.assert_allclose(norms, 5.0, rtol=2 * np.finfo(float).eps)


# ------------------------------------------------------------------------------------------
# The properties of a norm
# ------------------------------------------------------------------------------------------


def test_positivity():
    x = symbolic.symbols_vector(3)
    assert sp.sqrt(x.dot(x)).is_nonnegative
    assert ng.l2_norm([0, 0, 0]) == 0.0
    assert ng.l2_norm([0, 1e-300, 0]) == 1e-300


def test_absolute_homogeneity():
    x = symbolic.symbols_vector(3)
    c = sp.Symbol("c", real=True)
    assert sp.simplify(sp.sqrt((c * x).dot(c * x)) - sp.Abs(c) * sp.sqrt(x.dot(x))) == 0
    assert ng.l2_norm(-3 * np.array([2, 3, 6])) == 3 * ng.l2_norm([2, 3, 6]) == 21.0


def test_squared_norm_is_the_dot_product():
    x = symbolic.symbols_vector(3)
    assert sp.expand(sp.sqrt(x.dot(x)) ** 2 - x.dot(x)) == 0
    v = np.array([2.0, 3.0, 6.0])
    assert ng.l2_norm(v) ** 2 == v @ v == 49.0


def test_lagrange_identity_and_the_expansion_of_the_square():
    x = symbolic.symbols_vector(3)
    y = symbolic.symbols_vector(3, "y")
    lagrange = sum((x[i] * y[j] - x[j] * y[i]) ** 2 for i in range(3) for j in range(i + 1, 3))
    assert sp.expand(x.dot(x) * y.dot(y) - x.dot(y) ** 2 - lagrange) == 0
    assert sp.expand((x + y).dot(x + y) - (x.dot(x) + 2 * x.dot(y) + y.dot(y))) == 0


def test_triangle_inequality_on_the_notebooks_random_pairs():
    rng = np.random.default_rng(0)
    ratios = [
        ng.l2_norm(x + y) / (ng.l2_norm(x) + ng.l2_norm(y))
        for x, y in rng.standard_normal((1000, 2, 3))
    ]
    assert max(ratios) < 1
    assert f"{max(ratios):.4f}" == "0.9994"  # the number the notebook prints


def test_complex_norm_uses_the_squared_modulus():
    u, v = sp.symbols("u v", real=True)
    assert sp.expand(sp.conjugate(u + sp.I * v) * (u + sp.I * v)) == u**2 + v**2
    z = np.array([3 + 4j, 1j])
    assert ng.l2_norm(z) == ng.l2_norm([3, 0, 4, 1]) == np.sqrt(26)
    assert np.sqrt(np.vdot(z, z).real) == np.sqrt(26)
    assert symbolic.l2_norm_expr([1 + 2 * sp.I, 2 * sp.I, 4]) == 5


def test_squaring_complex_entries_is_the_slip():
    x = np.array([1, 1j])
    assert np.sum(x**2) == 0 and np.vdot(x, x) == 2
    assert ng.l2_norm(x) == np.sqrt(2)
    assert np.array([3 + 4j]) ** 2 == -7 + 24j
    u, v = sp.symbols("u v", real=True)
    assert sp.expand((u + sp.I * v) ** 2) == u**2 + 2 * sp.I * u * v - v**2
    squared_entries = sum(e**2 for e in [1 + 2 * sp.I, 2 * sp.I, 4])
    assert sp.expand(squared_entries) == 9 + 4 * sp.I


# ------------------------------------------------------------------------------------------
# Floating point: the textbook formula breaks, scaling fixes it
# ------------------------------------------------------------------------------------------


def test_float64_range_numbers_quoted_in_the_lesson():
    info = np.finfo(np.float64)
    assert f"{info.max:.2g}" == "1.8e+308"
    assert f"{info.smallest_normal:.2g}" == "2.2e-308"
    assert f"{info.smallest_subnormal:.2g}" == "4.9e-324"
    assert 1e-330 == 0.0


def test_textbook_formula_overflows_and_underflows_but_l2_norm_does_not():
    big = np.array([1e200, 1e200])
    tiny = np.array([1e-200, 1e-200])
    assert naive_l2_norm(big) == np.inf
    assert naive_l2_norm(tiny) == 0.0
    with np.errstate(over="ignore"):
        assert np.linalg.norm(big) == np.inf
    assert np.linalg.norm(tiny) == 0.0
    assert ng.l2_norm(big) == float(sp.N(sp.sqrt(2) * sp.Integer(10) ** 200, 30))
    assert ng.l2_norm(tiny) == float(sp.N(sp.sqrt(2) / sp.Integer(10) ** 200, 30))


def test_scaling_by_the_largest_entry_fixes_the_formula():
    for v in (np.array([1e200, 1e200]), np.array([1e-200, 1e-200])):
        m = np.max(np.abs(v))
        assert m * np.sqrt(np.sum((v / m) ** 2)) == ng.l2_norm(v)
    mantissa, e = np.frexp(1e200)
    assert 0.5 <= mantissa < 1 and e == 665
    assert ng.l2_norm(np.ldexp([1e200, 1e200], -e)) * 2.0**e == ng.l2_norm([1e200, 1e200])


@pytest.mark.parametrize("s", [1e-320, 1e-200, 1.0, 1e200, 1e308])
def test_l2_norm_is_correctly_rounded_across_the_whole_range(s):
    exact = sp.sqrt(2) * sp.Rational(*s.as_integer_ratio())  # sqrt(2) times the stored s
    assert ng.l2_norm([s, s]) == float(sp.N(exact, 30))


def test_subnormal_row_of_the_table():
    assert f"{ng.l2_norm([1e-320, 1e-320]):.5e}" == "1.41402e-320"
    assert f"{np.spacing(1.41402e-320):.2g}" == "4.9e-324"


def test_first_overflow_of_the_textbook_formula_is_at_k_154():
    assert not np.isinf(naive_l2_norm([1e153, 1e153]))
    assert np.isinf(naive_l2_norm([1e154, 1e154]))
    assert 2 * sp.Integer(10) ** 306 < sp.Rational(*np.finfo(float).max.as_integer_ratio())
    assert 2 * sp.Integer(10) ** 308 > sp.Rational(*np.finfo(float).max.as_integer_ratio())


# ------------------------------------------------------------------------------------------
# The notebook's exercise checkers, built by running the notebook's own cells
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checkers():
    """exercise_1 ... exercise_4 as the notebook builds them (imports, then the exercise cells)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # The names the notebook imports in its first cell (matplotlib is not needed here).
    namespace = {"np": np, "sp": sp, "ng": ng, "exercises": exercises, "symbolic": symbolic}
    namespace["naive_l2_norm"] = naive_l2_norm
    for cell in nb.cells:
        if cell.cell_type == "code" and "= exercises." in cell.source:
            exec(cell.source, namespace)
    return {k: namespace[f"exercise_{k}"] for k in (1, 2, 3, 4)}


@pytest.mark.parametrize(
    "k, right",
    [
        (1, "3"),
        (1, "sqrt(9)"),
        (1, 3.0),
        (2, "(1/3, 2/3, 2/3)"),
        (2, [1 / 3, 2 / 3, 2 / 3]),
        (3, "154"),
        (3, 154),
        (4, "5"),
        (4, "sqrt(25)"),
    ],
)
def test_worked_answers_are_accepted(checkers, k, right):
    assert checkers[k].check(right).correct


@pytest.mark.parametrize(
    "k, wrong, phrase",
    [
        (1, "1 + 2 + 2", "L1 norm"),  # the sample attempt in the notebook
        (1, "9", "take the square root"),
        (2, "(1/9, 2/9, 2/9)", "divided by ||x||**2"),
        (2, "(1/5, 2/5, 2/5)", "sum of the entries"),
        (2, "1/3", "factor c = 1/||x||"),
        (3, "308", "square 10**(2k)"),
        (3, "153", "still fits"),
        (3, "155", "smaller k"),
        (4, "3", "squared the entries"),
        (4, "sqrt(17)", "not (2i)**2"),
        (4, "sqrt(29)", "not (1 + 2)**2"),
    ],
)
def test_tempting_wrong_answers_get_their_hints(checkers, k, wrong, phrase):
    feedback = checkers[k].check(wrong)
    assert not feedback.correct
    assert phrase in feedback.message


@pytest.mark.parametrize("k", [2, 3, 4])
def test_placeholder_answer_is_handled_gracefully(checkers, k):
    feedback = checkers[k].check(...)
    assert feedback.status == "invalid" and "Replace ..." in feedback.message


def test_exercise_1_is_the_ready_made_norm_exercise():
    assert exercises.get("norm_1_2_2").answer == exercises.norm_at((1, 2, 2)).answer == 3
