"""cysched: MXNet 1.9.1's learning-rate schedules, compiled, for any framework.

>>> from cysched import lr_scheduler
>>> s = lr_scheduler.FactorScheduler(base_lr=1, step=250, factor=0.5)
>>> s(1), s(250), s(251), s(501)
(1, 1, 0.5, 0.25)

``cysched.COMPILED`` is True when the compiled classes are in use and False
for the pure-Python twin (``cysched.IMPORT_ERROR`` then says why).
NumPy and matplotlib are imported only by the functions that need them.
"""
from cysched.lr_scheduler import COMPILED, IMPORT_ERROR

__version__ = "0.1.0"
__all__ = ["COMPILED", "IMPORT_ERROR", "__version__", "lr_scheduler", "plot",
           "create", "create_from_config", "evaluate"]

_LAZY = {"plot": ("cysched._plot", "plot"),
         "create": ("cysched.factory", "create"),
         "create_from_config": ("cysched.factory", "create_from_config"),
         "evaluate": ("cysched._evaluate", "evaluate")}


def __getattr__(name):
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError("module 'cysched' has no attribute %r" % name) from None
    import importlib
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
