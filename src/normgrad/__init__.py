"""normgrad: the small helper package behind the lessons on the derivative of the L2 norm.

The lessons do their mathematics in the open (sympy and numpy in their own cells); the package
holds only what would distract from a lesson or must be trusted across lessons.

``import normgrad`` loads numpy only: it re-exports the range-safe norms, their derivatives and
the numerical checks (``normgrad.norms``, ``normgrad.numerics``). The other modules are
imported on demand::

    from normgrad import fields      # gradient fields on a grid, one-point readouts (numpy)
    from normgrad import plotting    # the lessons' figures and their shared style (matplotlib)
    from normgrad import explorers   # the interactive explorers (ipywidgets, ipympl)
    from normgrad import exercises   # exercises.check(name, answer): the answer checker
"""

from normgrad.norms import (
    UndefinedDerivativeError,
    directional_derivative_l2_norm,
    grad_l1_norm,
    grad_l2_norm,
    grad_linf_norm,
    grad_lp_norm,
    grad_squared_l2_norm,
    hessian_l2_norm,
    l1_norm,
    l2_norm,
    linf_norm,
    lp_norm,
    naive_l2_norm,
    squared_l2_norm,
)
from normgrad.numerics import difference_quotients, numerical_gradient, relative_error

__all__ = [
    "UndefinedDerivativeError",
    "difference_quotients",
    "directional_derivative_l2_norm",
    "grad_l1_norm",
    "grad_l2_norm",
    "grad_linf_norm",
    "grad_lp_norm",
    "grad_squared_l2_norm",
    "hessian_l2_norm",
    "l1_norm",
    "l2_norm",
    "linf_norm",
    "lp_norm",
    "naive_l2_norm",
    "numerical_gradient",
    "relative_error",
    "squared_l2_norm",
]

__version__ = "0.1.0"
