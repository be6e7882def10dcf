"""normgrad: helpers for the teaching notebooks on the derivative of the L2 norm.

``import normgrad`` loads numpy only. The heavier pieces live in their own modules and are
imported on demand::

    from normgrad import symbolic    # sympy derivations
    from normgrad import exercises   # answer checkers
    from normgrad import plotting    # matplotlib figures
    from normgrad import explorers   # ipywidgets explorers
"""

from normgrad.norms import (
    UndefinedDerivativeError,
    grad_l2_norm,
    grad_squared_l2_norm,
    hessian_l2_norm,
    l2_norm,
)
from normgrad.numerics import numerical_gradient

__all__ = [
    "UndefinedDerivativeError",
    "grad_l2_norm",
    "grad_squared_l2_norm",
    "hessian_l2_norm",
    "l2_norm",
    "numerical_gradient",
]

__version__ = "0.1.0"
