"""Package-wide rules: a light import, and documented, typed public functions."""

import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import normgrad

HEAVY = ("sympy", "matplotlib", "ipywidgets", "ipympl", "IPython")


def test_import_normgrad_loads_numpy_only():
    code = "import sys, normgrad; print(sorted(m for m in sys.modules if m.split('.')[0] in %r))"
    out = subprocess.run(
        [sys.executable, "-c", code % (HEAVY,)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]", f"import normgrad pulled in {out}"


def test_the_names_lessons_may_use_are_there():
    """The names the lessons rely on (the shared brief of issue 7, decision 3)."""
    for name in [
        "l2_norm",
        "grad_l2_norm",
        "squared_l2_norm",
        "grad_squared_l2_norm",
        "hessian_l2_norm",
        "l1_norm",
        "linf_norm",
        "lp_norm",
        "grad_l1_norm",
        "grad_linf_norm",
        "grad_lp_norm",
        "naive_l2_norm",
        "numerical_gradient",
        "difference_quotients",
        "relative_error",
        "directional_derivative_l2_norm",
        "UndefinedDerivativeError",
    ]:
        assert name in normgrad.__all__ and callable(getattr(normgrad, name)), name
    assert issubclass(normgrad.UndefinedDerivativeError, ValueError)
    from normgrad import explorers, fields, plotting

    for name in ["gradient_field", "value_and_gradient", "values_along_line"]:
        assert callable(getattr(fields, name)), name
    for name in ["GradientFieldExplorer", "DirectionalDerivativeExplorer", "DroneExplorer"]:
        assert isinstance(getattr(explorers, name), type), name
    assert all(callable(getattr(plotting, name)) for name in plotting.__all__ if name.islower())


def _public_functions():
    for info in pkgutil.iter_modules(normgrad.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"normgrad.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{info.name}.{name}", obj


@pytest.mark.parametrize("qualname,func", list(_public_functions()))
def test_public_function_is_typed_and_documented(qualname, func):
    doc = inspect.getdoc(func) or ""
    assert doc, f"{qualname} has no docstring"
    assert "Examples" in doc and ">>>" in doc, f"{qualname}: docstring needs a runnable example"
    signature = inspect.signature(func)
    missing = [
        p.name
        for p in signature.parameters.values()
        if p.annotation is inspect.Parameter.empty
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    assert not missing, f"{qualname}: parameters without type hints: {missing}"
    assert signature.return_annotation is not inspect.Signature.empty, f"{qualname}: no return hint"
