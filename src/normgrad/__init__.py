"""normgrad: helpers for the teaching notebooks on the derivative of the L2 norm.

``import normgrad`` loads numpy only: it re-exports the norms, their derivatives and the
numerical checks (``normgrad.norms``, ``normgrad.numerics``). The other modules are imported on
demand::

    from normgrad import least_squares  # ||Ax - b||^2, its gradient, gradient descent (numpy)
    from normgrad import fields      # gradient fields on a grid (numpy)
    from normgrad import symbolic    # sympy derivations
    from normgrad import exercises   # answer checkers
    from normgrad import plotting    # matplotlib figures
    from normgrad import explorers   # ipywidgets explorers
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
