"""Project-wide pytest configuration.

nbval 0.11 sends every cell to the kernel with ``store_history=False``. IPython decides whether a
trailing ``;`` silences a cell's result by looking at the last entry of the input history, so under
nbval the ``;`` is ignored and a plotting line such as ``ax.plot(x, y);`` prints
``[<matplotlib.lines.Line2D at 0x...>]``, a memory address that differs on every run
(nbval issue #194, IPython issue #14162). JupyterLab and ``make execute`` run cells with history on,
so we let nbval do the same: the notebooks are then tested exactly as a student runs them.
"""

import inspect

import nbval.kernel

_ORIGINAL = nbval.kernel.RunningKernel.execute_cell_input
assert list(inspect.signature(_ORIGINAL).parameters) == ["self", "cell_input", "allow_stdin"], (
    "nbval changed RunningKernel.execute_cell_input: revisit conftest.py"
)


def _execute_cell_input_with_history(self, cell_input, allow_stdin=None):
    """Run a cell as JupyterLab does (history on, so a trailing ';' silences the result)."""
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


nbval.kernel.RunningKernel.execute_cell_input = _execute_cell_input_with_history
