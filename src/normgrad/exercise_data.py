"""The lessons' exercises: for each, the right answer, tempting wrong answers with their hints.

Each entry of :data:`EXERCISES` is one exercise, written one way: a dict of the keyword
arguments of :class:`normgrad.exercises.Exercise` (``answer``, ``variables``, ``values``,
``known_wrong``, ``hint``, ``gradient``, ``unordered``, ``imaginary_unit``), or, for "give one
subgradient" exercises, of :class:`normgrad.exercises.SubgradientExercise` (``subgradient_of``,
``point``, ``excluded``). Answers are text read by the same safe reader as the students'
answers. A lesson checks an answer with ``exercises.check("<name>", answer)``; the statement,
hint and worked solution are in the lesson's own cells.

To add an exercise, add an entry here (its key is the name the lesson uses) and a test of its
answer in ``tests/test_exercise_data.py``. Every entry must be used by a lesson, and each known
wrong answer must differ from the right one and from the others (the constructor refuses it
otherwise).

>>> EXERCISES["norm_1_2_2"]["answer"]
'3'
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXERCISES"]

_X2 = {"x": "(x1, x2)"}
_X3 = {"x": "(x1, x2, x3)"}
_NORM_ITSELF = "That is the norm itself; its gradient is a vector, one entry per variable."
_GRADIENT_HINT = "The gradient of ||x|| is x/||x||: compute the norm first, then divide each entry."
_UNIT_HINT = "Compute the length ||x|| first, then divide each entry of x by it."
_NORM_HINT = "Square each entry, add the squares, then take the square root."
_DRONE_SLIP = (
    "You kept the 2 from d/dt(1 + 4t^2) = 8t but dropped the 1/2 from the square root: "
    "d/du sqrt(u) = 1/(2*sqrt(u))."
)
_DRONE_INNER = (
    "You differentiated the square root but forgot the chain rule: multiply by the derivative "
    "of the inside, d/dt(1 + 4t^2) = 8t."
)
_DRONE_SPEED = "That is the speed ||v(t)|| itself; the question asks how fast it changes."
_DRONE_ACCELERATION = (
    "That is the length of the acceleration ||v'(t)||. The speed changes only through the part "
    "of v' along v: d||v||/dt = v.v'/||v||."
)
_DRONE_HINT = "Write the speed as sqrt(u) with u = 1 + 4t^2 and use the chain rule."
_MODULUS = (
    "For complex entries square the modulus: |x_k|**2 = conj(x_k)*x_k = (real part)**2 "
    "+ (imaginary part)**2, never negative."
)

#: Every exercise of the lessons, by name (see the module docstring).
EXERCISES: dict[str, dict[str, Any]] = {
    # ---------------------------------------------------------------- lesson 01: the L2 norm
    "norm_1_2_2": {
        "answer": "3",
        "known_wrong": [
            (
                "5",
                "5 is the L1 norm |1| + |2| + |2| (sum of absolute values); the L2 norm "
                "squares, adds, then takes the square root.",
            ),
            ("9", "9 is ||x||**2: take the square root."),
            ("2", "2 is the largest entry in size (the max norm), not the L2 norm."),
        ],
        "hint": _NORM_HINT,
    },
    "unit_vector_1_2_2": {
        "answer": "(1/3, 2/3, 2/3)",
        "known_wrong": [
            ("(1, 2, 2)", "You gave x itself: divide each entry by the length ||x|| = 3."),
            (
                "(1/9, 2/9, 2/9)",
                "You divided by ||x||**2 = 9; divide by ||x|| = 3 (your vector has length 1/3, "
                "not 1).",
            ),
            (
                "(1/5, 2/5, 2/5)",
                "You divided by the L1 norm |1| + |2| + |2| = 5; a unit vector divides by the L2 "
                "norm ||x|| = 3 (your vector has length 3/5, not 1).",
            ),
            (
                "3",
                "That is the length ||x|| = 3; the unit vector is x divided by it, with 3 entries.",
            ),
            ("1/3", "That is the factor 1/||x|| = 1/3: multiply each entry of x by it."),
        ],
        "hint": _UNIT_HINT,
    },
    "first_overflow_k": {
        "answer": "154",
        "known_wrong": [
            ("308", "10**308 is still a float; it is the square 10**(2k) that overflows."),
            ("153", "At k = 153 the sum 2 * 10**306 still fits: try one more."),
            ("155", "That overflows, but so does a smaller k."),
        ],
        "hint": "The sum of squares is 2 * 10**(2k); when does it pass the largest float, 1.8e308?",
    },
    "complex_norm_1p2i_2i_4": {
        "answer": "5",
        "imaginary_unit": True,
        "known_wrong": [
            (
                "sqrt(9 + 4*i)",
                "You squared the entries without the modulus: (1 + 2i)**2 + (2i)**2 + 4**2 = "
                "9 + 4i. " + _MODULUS,
            ),
            (
                "3",
                "You squared the entries without the modulus and kept only the real part 9 of "
                "(1 + 2i)**2 + (2i)**2 + 4**2 = 9 + 4i. " + _MODULUS,
            ),
            ("sqrt(17)", "|2i|**2 = 0**2 + 2**2 = 4, not (2i)**2 = -4. " + _MODULUS),
            ("sqrt(29)", "|1 + 2i|**2 = 1**2 + 2**2 = 5, not (1 + 2)**2 = 9. " + _MODULUS),
            (
                "sqrt(5) + 6",
                "sqrt(5) + 6 is the sum of the moduli |1 + 2i| + |2i| + |4| (the L1 norm); the "
                "L2 norm squares the moduli, adds, then takes the square root.",
            ),
            ("25", "25 is ||x||**2: take the square root."),
        ],
        "hint": "Add the squared moduli |x_k|**2 = (real part)**2 + (imaginary part)**2, then "
        "take the square root.",
    },
    # ---------------------------------------------------- lesson 02: the derivative of ||x||
    "grad_l2_at_1_2_2": {
        "answer": "(1/3, 2/3, 2/3)",
        "known_wrong": [
            ("(1, 2, 2)", "You gave x itself: divide by the norm ||x|| = 3."),
            ("(2, 4, 4)", "(2, 4, 4) is 2x, the gradient of ||x||**2, not of ||x||."),
            ("(1/9, 2/9, 2/9)", "You divided by ||x||**2 = 9; divide by ||x|| = 3 once."),
            ("3", _NORM_ITSELF),
        ],
        "hint": _GRADIENT_HINT,
        "gradient": True,
    },
    "grad_shifted_norm_2d": {
        "answer": "(x + a)/norm(x + a)",
        "variables": "x1 x2 a1 a2",
        "values": {"x": "(x1, x2)", "a": "(a1, a2)"},
        "known_wrong": [
            (
                "x/norm(x)",
                "That is the gradient of ||x||: the shift is missing. Here the vector "
                "inside the norm is x + a.",
            ),
            ("(x + a)/norm(x)", "Divide by ||x + a||, the norm of the shifted vector."),
            ("x/norm(x + a)", "The numerator is x + a, not x."),
            ("(x - a)/norm(x - a)", "The vector inside the norm is x + a, not x - a."),
        ],
        "hint": "Apply the chain rule with y = x + a; dy/dx is the identity.",
        "gradient": True,
    },
    "l2_subgradient_at_zero_2d": {
        "subgradient_of": "l2",
        "point": "(0, 0)",
        "excluded": [
            (
                "(0, 0)",
                "(0, 0) is a subgradient, but the question asks for one other than (0, 0): any "
                "other vector of length at most 1 works.",
            ),
        ],
    },
    "length_rate_ellipse_pi_4": {
        "answer": "-3/sqrt(10)",
        "known_wrong": [
            ("-3/2", "You computed x.x'; divide by ||x(t)|| = sqrt(10)/2."),
            ("-3", "That is d/dt ||x||**2 = 2 x.x', not d/dt ||x||."),
            (
                "sqrt(10)/2",
                "That is ||x'||, the speed: only an upper bound for the rate.",
            ),
            ("3/sqrt(10)", "Check the sign: x.x' < 0, the length is shrinking."),
        ],
        "hint": "Use d/dt ||x(t)|| = x(t).x'(t)/||x(t)||, with x'(t) = (-2 sin t, cos t).",
    },
    # ------------------------------------------------------------ lesson 03: three proofs
    "partial_squared_norm_xj": {
        "answer": "2*x_j",
        "variables": "x_j",
        "values": {"xj": "x_j"},
        "known_wrong": [
            (
                "2*abs(x_j)",
                "For real numbers |x_j|**2 = x_j**2, and d/dx_j x_j**2 = 2*x_j. 2*|x_j| has the "
                "wrong sign when x_j < 0: at x_j = -1 the slope of x_j**2 is -2.",
            ),
            ("0", "Not every term vanishes: the term k = j is x_j**2, whose derivative is 2*x_j."),
            ("2", "d/dx_j of x_j**2 is 2*x_j, not 2."),
            ("x_j**2", "That is the term itself; differentiate it."),
        ],
        "hint": "Only the term with k = j depends on x_j; differentiate that term.",
    },
    "directional_derivative_squared_norm": {
        "answer": "2",
        "known_wrong": [("1", "The limit is 2<x, h>: keep the 2.")],
        "hint": "The limit of (||x + sh||^2 - ||x||^2)/s is 2<x, h>.",
    },
    "squared_norm_remainder_2d": {
        "answer": "h1**2 + h2**2",
        "variables": "x1 x2 h1 h2",
        "values": {"x": "(x1, x2)", "h": "(h1, h2)"},
        "known_wrong": [
            ("0", "Expand (x + h).(x + h): the linear term 2 x.h is not all of the change."),
            ("2*x1*h1 + 2*x2*h2", "That is the linear term 2 x.h, which you subtracted."),
            (
                "sqrt(h1**2 + h2**2)",
                "That is ||h||, the error divided by ||h||; the error itself is ||h||**2.",
            ),
        ],
        "hint": "Expand (x1 + h1)**2 + (x2 + h2)**2, then subtract x1**2 + x2**2 and 2 x.h.",
    },
    "grad_l2_formula_2d": {
        "answer": "x/norm(x)",
        "variables": "x1 x2",
        "values": _X2,
        "known_wrong": [
            (
                "2*x",
                "2x is the gradient of ||x||**2. For ||x|| = sqrt(||x||**2) the chain rule adds "
                "the factor 1/(2||x||).",
            ),
            ("x", "You forgot to divide by the norm ||x||."),
            ("x/norm(x)**2", "You divided by ||x||**2; the gradient of ||x|| is x/||x||."),
        ],
        "hint": "Use the chain rule on sqrt(x1**2 + x2**2).",
        "gradient": True,
    },
    # ------------------------------------------------------ lesson 04: worked problems
    "grad_l2_at_5_12": {
        "answer": "(5/13, 12/13)",
        "known_wrong": [
            ("(5, 12)", "You gave x itself: divide by the norm ||x|| = 13."),
            ("(10, 24)", "(10, 24) is 2x, the gradient of ||x||**2, not of ||x||."),
            ("(5, 12)/169", "You divided by ||x||**2 = 169; divide by ||x|| = 13 once."),
            ("13", _NORM_ITSELF),
        ],
        "hint": _GRADIENT_HINT,
        "gradient": True,
    },
    "drone_speed_derivative_t2": {
        "answer": "8/sqrt(17)",
        "known_wrong": [
            ("16/sqrt(17)", _DRONE_SLIP),
            ("1/(2*sqrt(17))", _DRONE_INNER),
            ("sqrt(17)", _DRONE_SPEED),
            ("2", _DRONE_ACCELERATION),
        ],
        "hint": _DRONE_HINT,
    },
    "drone_speed_derivative_t_m1": {
        "answer": "-4/sqrt(5)",
        "known_wrong": [
            (
                "4/sqrt(5)",
                "Check the sign. At t = -1 the drone slows down: v.v' = (1, -2).(0, 2) = -4 < 0, "
                "so the speed is decreasing.",
            ),
            ("-8/sqrt(5)", _DRONE_SLIP),
            ("8/sqrt(5)", _DRONE_SLIP),
            ("1/(2*sqrt(5))", _DRONE_INNER),
            ("-1/(2*sqrt(5))", _DRONE_INNER),
            ("sqrt(5)", _DRONE_SPEED),
            ("2", _DRONE_ACCELERATION),
            ("-2", _DRONE_ACCELERATION),
        ],
        "hint": _DRONE_HINT,
    },
    "hessian_l2_2d": {
        "answer": "(eye(2) - outer(x, x)/norm(x)**2)/norm(x)",
        "variables": "x1 x2",
        "values": _X2,
        "known_wrong": [
            (
                "eye(2)/norm(x)",
                "You forgot the term -x x^T/||x||**3 that comes from differentiating 1/||x||.",
            ),
            ("outer(x, x)/norm(x)**3", "Missing the I/||x|| part, and the sign of x x^T/||x||**3."),
        ],
        "hint": "Differentiate x_i/||x|| with the quotient rule: d||x||/dx_j = x_j/||x||.",
    },
    "grad_squared_norm_formula": {
        "answer": "2*x",
        "variables": "x1 x2 x3",
        "values": _X3,
        "known_wrong": [
            (
                "2*abs(x)",
                "For real numbers |x_k|**2 = x_k**2: the gradient is 2x, with signs.",
            ),
            ("x/norm(x)", "x/||x|| is the gradient of ||x||, not of ||x||**2."),
        ],
        "hint": "Differentiate x1**2 + x2**2 + x3**2 one variable at a time.",
        "gradient": True,
    },
    "grad_shifted_norm_at_9_4": {
        "answer": "(8, 6)/10",
        "known_wrong": [
            (
                "(9, 4)/sqrt(97)",
                "That is the gradient of ||x|| at x = (9, 4): the shift is missing. The vector "
                "inside the norm is x + a = (8, 6), so the gradient is (x + a)/||x + a||.",
            ),
            ("(8, 6)", "You gave x + a itself: divide by its norm ||x + a|| = 10."),
            ("(8, 6)/100", "You divided by ||x + a||**2 = 100; divide by ||x + a|| = 10 once."),
            ("(9, 4)/10", "The numerator is x + a = (8, 6), not x."),
            ("(10, 2)/sqrt(104)", "The vector inside the norm is x + a = (8, 6), not x - a."),
            (
                "10",
                "That is the norm ||x + a|| itself; its gradient is a vector, one entry per "
                "variable.",
            ),
        ],
        "hint": "Compute y = x + a first; the gradient of ||x + a|| is y/||y||.",
        "gradient": True,
    },
    "grad_l2_at_2_m3_6": {
        "answer": "(2/7, -3/7, 6/7)",
        "known_wrong": [
            ("(2, -3, 6)", "You gave x itself: divide by the norm ||x|| = 7."),
            ("(4, -6, 12)", "(4, -6, 12) is 2x, the gradient of ||x||**2, not of ||x||."),
            ("(2, -3, 6)/49", "You divided by ||x||**2 = 49; divide by ||x|| = 7 once."),
            ("7", _NORM_ITSELF),
        ],
        "hint": _GRADIENT_HINT,
        "gradient": True,
    },
    # ------------------------------------------- lesson 05: beyond the first derivative
    "hessian_l2_eigenvalues_at_3_4": {
        "answer": "(0, 1/5)",
        "unordered": True,
        "known_wrong": [("(0, 5)", "The eigenvalue across x is 1/||x|| = 1/5, not ||x||.")],
        "hint": "One eigenvector is x itself, the other is perpendicular to x.",
    },
    "hessian_squared_norm_2d": {
        "answer": "[[2, 0], [0, 2]]",
        "variables": "x1 x2",
        "values": _X2,
        "known_wrong": [
            (
                "[[2*x1, 0], [0, 2*x2]]",
                "Differentiate 2*x_k once more: d(2*x1)/dx1 = 2, a constant.",
            ),
            ("2", "The Hessian is a matrix: 2 times the 2 x 2 identity, [[2, 0], [0, 2]]."),
        ],
        "hint": "The gradient is 2x; differentiate each entry with respect to each variable.",
    },
    "l1_subgradient_at_0_2": {"subgradient_of": "l1", "point": "(0, 2)"},
    "complex_grad_v": {
        "answer": "2*v",
        "variables": "u1 u2 v1 v2",
        "values": {"u": "(u1, u2)", "v": "(v1, v2)"},
        "known_wrong": [
            (
                "-2*v",
                "-2v comes from writing x*x = u^T u - v^T v, which forgets the conjugate. With "
                "it, x*x = u^T u + v^T v, so the gradient with respect to v is 2v.",
            ),
        ],
        "hint": "Expand x*x = (u - iv)^T (u + iv) first.",
        "gradient": True,
    },
    "least_squares_gradient": {
        "answer": "(2, 6)",
        "known_wrong": [
            (
                "(1, 3)",
                "You forgot the 2: the gradient of ||r||**2 is 2r, so the answer is "
                "2 A^T (Ax - b).",
            ),
            (
                "(-2, -6)",
                "Sign error: the residual is r = Ax - b (not b - Ax), and the gradient is "
                "2 A^T (Ax - b).",
            ),
            (
                "(0, 2, 2)",
                "You forgot A^T: by the chain rule through r = Ax - b, the gradient is 2 A^T r, "
                "which has one entry per entry of x.",
            ),
        ],
        "hint": "Compute r = Ax - b first, then 2 A^T r.",
        "gradient": True,
    },
}
