"""Exercises the checker tests use that no lesson asks (so they are not in exercise_data).

``get(name)`` returns the lesson exercise of that name, or else one of these.
"""

from normgrad import exercises as E
from normgrad.exercise_data import (
    _DRONE_ACCELERATION,
    _DRONE_HINT,
    _DRONE_INNER,
    _DRONE_SLIP,
    _DRONE_SPEED,
    EXERCISES,
)

_NORM_ITSELF = "That is the norm itself; its gradient is a vector, one entry per variable."
_GRADIENT_HINT = "The gradient of ||x|| is x/||x||: compute the norm first, then divide each entry."

TEST_EXERCISES = {
    "drone_speed_derivative_t1": {
        "answer": "4/sqrt(5)",
        "known_wrong": [
            ("8/sqrt(5)", _DRONE_SLIP),
            ("1/(2*sqrt(5))", _DRONE_INNER),
            ("sqrt(5)", _DRONE_SPEED),
            ("2", _DRONE_ACCELERATION),
        ],
        "hint": _DRONE_HINT,
    },
    "norm_3_4": {
        "answer": "5",
        "known_wrong": [
            (
                "7",
                "7 is the L1 norm |3| + |4| (sum of absolute values); the L2 norm squares, "
                "adds, then takes the square root.",
            ),
            ("25", "25 is ||x||**2: take the square root."),
            ("4", "4 is the largest entry in size (the max norm), not the L2 norm."),
        ],
        "hint": "Square each entry, add the squares, then take the square root.",
    },
    "unit_vector_3_4": {
        "answer": "(3/5, 4/5)",
        "known_wrong": [
            ("(3, 4)", "You gave x itself: divide each entry by the length ||x|| = 5."),
            (
                "(3/25, 4/25)",
                "You divided by ||x||**2 = 25; divide by ||x|| = 5 (your vector has length 1/5, "
                "not 1).",
            ),
            (
                "(3/7, 4/7)",
                "You divided by the L1 norm |3| + |4| = 7; a unit vector divides by the L2 norm "
                "||x|| = 5 (your vector has length 5/7, not 1).",
            ),
            (
                "5",
                "That is the length ||x|| = 5; the unit vector is x divided by it, with 2 entries.",
            ),
            ("1/5", "That is the factor 1/||x|| = 1/5: multiply each entry of x by it."),
        ],
        "hint": "Compute the length ||x|| first, then divide each entry of x by it.",
    },
    "grad_l2_at_3_4": {
        "answer": "(3/5, 4/5)",
        "known_wrong": [
            ("(3, 4)", "You gave x itself: divide by the norm ||x|| = 5."),
            ("(6, 8)", "(6, 8) is 2x, the gradient of ||x||**2, not of ||x||."),
            ("(3, 4)/25", "You divided by ||x||**2 = 25; divide by ||x|| = 5 once."),
            ("5", _NORM_ITSELF),
        ],
        "hint": _GRADIENT_HINT,
        "gradient": True,
    },
    "grad_l2_at_1_1_1_1": {
        "answer": "(1/2, 1/2, 1/2, 1/2)",
        "known_wrong": [("(1, 1, 1, 1)", "You gave x itself: divide by the norm ||x|| = 2.")],
        "hint": _GRADIENT_HINT,
        "gradient": True,
    },
    "partial_l2_x1_2d": {
        "answer": "x1/sqrt(x1**2 + x2**2)",
        "variables": "x1 x2",
        "values": {"x": "(x1, x2)"},
        "known_wrong": [
            (
                "2*x1/sqrt(x1**2 + x2**2)",
                "You kept the 2 from d(x1**2)/dx1 = 2*x1 but dropped the 1/2 from d/du sqrt(u) = "
                "1/(2*sqrt(u)).",
            ),
            (
                "1/(2*sqrt(x1**2 + x2**2))",
                "You differentiated the square root but forgot to multiply by the derivative of "
                "the inside, d(x1**2 + x2**2)/dx1 = 2*x1.",
            ),
            (
                "x1/(x1**2 + x2**2)",
                "You divided by x1**2 + x2**2 = ||x||**2; divide by its square root.",
            ),
            ("x1", "You forgot to divide by the norm sqrt(x1**2 + x2**2)."),
        ],
        "hint": "Write ||x|| = sqrt(u) with u = x1**2 + x2**2 and use the chain rule.",
    },
}

_BUILT = {}


def get(name):
    """The exercise called ``name``: a lesson's (fresh) or one of TEST_EXERCISES (cached)."""
    if name in EXERCISES:
        return E.get(name)
    if name not in _BUILT:
        _BUILT[name] = E.Exercise(name=name, **TEST_EXERCISES[name])
    return _BUILT[name]


def check(name, answer):
    """``exercises.check`` for lesson exercises and TEST_EXERCISES alike."""
    return get(name).check(answer)


def invalid(exercise, answer, message=None):
    """Assert that ``exercise`` cannot read ``answer`` (and says ``message``)."""
    feedback = exercise.check(answer)
    assert feedback.status == "invalid", f"{answer!r}: {feedback}"
    assert not feedback.correct
    if message is not None:
        assert feedback.message == message
    return feedback
