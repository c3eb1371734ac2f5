"""The "Schedule Learning Rate" tutorial (schedule_learning_rate.md), as a script.

Its code blocks, in order, one ``# %%`` cell each (Jupyter, VS Code and
Jupytext open this file as a notebook); the only change is the import line,
``from cysched import lr_scheduler, optimizer`` instead of ``from mxnet ...``.

Run it with ``python examples/schedule_learning_rate.py`` (needs
``pip install 'cysched[plot]'``); ``cysched tutorial -o DIR`` writes the same
figures to files.
"""

# %% Not part of the tutorial: provide IPython.display.set_matplotlib_formats
# where IPython is missing or too new to have it (IPython >= 8 removed it).
# A stand-in IPython says it runs no shell (get_ipython() is None), which is
# all matplotlib asks of it.
import sys
import types
from typing import Any

try:
    from IPython import display as _display
except ImportError:
    _display = types.ModuleType("IPython.display")
    _ipython: Any = types.ModuleType("IPython")
    _ipython.display = _display
    _ipython.version_info = (0, 0)
    _ipython.get_ipython = lambda: None
    sys.modules.update({"IPython": _ipython, "IPython.display": _display})
if not hasattr(_display, "set_matplotlib_formats"):
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        def set_matplotlib_formats(*formats: str, **kwargs: Any) -> None:
            """Outside a notebook there is no inline figure format to set."""
    setattr(_display, "set_matplotlib_formats", set_matplotlib_formats)

# %%
from IPython import display
from matplotlib import pyplot as plt
import math

from cysched import lr_scheduler, optimizer

# %%
scheduler = lr_scheduler.FactorScheduler(base_lr=1, step=250, factor=0.5)

# %%
scheduler(1), scheduler(250), scheduler(251), scheduler(501)

# %%
optim = optimizer.SGD(learning_rate=0.1, lr_scheduler=scheduler)

# %%
optim.lr_scheduler.base_lr

# %%
def plot(scheduler, num_iterations=1000):
    iterations = [i+1 for i in range(num_iterations)]
    lrs = [scheduler(i) for i in iterations]
    display.set_matplotlib_formats('svg')
    plt.scatter(iterations, lrs)
    plt.xlabel("Iteration")
    plt.ylabel("Learning Rate")
    plt.show()

# %%
plot(scheduler)

# %%
scheduler = lr_scheduler.MultiFactorScheduler(base_lr=1, step=[250, 750, 900], factor=0.5)
plot(scheduler)

# %%
scheduler = lr_scheduler.PolyScheduler(base_lr=1, final_lr=1e-3, max_update=800, pwr=2)
plot(scheduler)

# %%
plot(lr_scheduler.CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800))

# %%
# The warming up applies to other scheduler as well. 
plot(lr_scheduler.CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800, 
                                  warmup_steps=100, warmup_begin_lr=0, warmup_mode='linear'))

# %%
class CosineScheduler():
    def __init__(self, base_lr, final_lr, max_update):
        self.base_lr = base_lr
        self.final_lr = final_lr
        self.max_update = max_update
    def __call__(self, iteration):
        if iteration <= self.max_update:
            unit = (1 + math.cos(iteration * math.pi / self.max_update)) / 2
            return (unit * (self.base_lr - self.final_lr)) + self.final_lr
        else:
            return self.final_lr
plot(CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800))
