"""MXNet 1.9.1's ``lr_scheduler``: compiled when the extension imports, else pure Python.

``CYSCHED_NO_EXTENSIONS=1`` forces the pure-Python classes; ``cysched.COMPILED``
tells which ones are active.  The schedule families beyond MXNet (the modules
``cysched._modules.FAMILIES`` names) come from the same side, loaded on first
use so that ``import cysched.lr_scheduler`` stays cheap.
"""
import os

from cysched import _modules

if os.environ.get("CYSCHED_NO_EXTENSIONS", "") not in ("", "0"):
    IMPORT_ERROR = "CYSCHED_NO_EXTENSIONS is set"
    from cysched._lr_scheduler_py import *  # noqa: F401,F403
    from cysched._lr_scheduler_py import __all__ as MXNET
    COMPILED = False
else:
    try:
        from cysched._lr_scheduler_c import *  # noqa: F401,F403
        from cysched._lr_scheduler_c import __all__ as MXNET
    except ImportError as exc:
        IMPORT_ERROR = "%s: %s" % (type(exc).__name__, exc)
        from cysched._lr_scheduler_py import *  # noqa: F401,F403
        from cysched._lr_scheduler_py import __all__ as MXNET
        COMPILED = False
    else:
        IMPORT_ERROR = None
        COMPILED = True


def _load_families():
    """Import the families (compiled exactly when MXNet's classes are: both come
    from one build) and publish their classes here; return their names."""
    import importlib
    names = []
    for pair in _modules.FAMILIES:
        module = importlib.import_module(pair[1 if COMPILED else 0])
        for name in module.__all__:
            globals()[name] = getattr(module, name)
            names.append(name)
    globals()["__all__"] = list(MXNET) + names
    return names


def __getattr__(name):
    # ``__all__`` too is computed on first use, so ``import *`` gets every class.
    if name.startswith("__") and name != "__all__":
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    _load_families()
    try:
        return globals()[name]
    except KeyError:
        raise AttributeError("module %r has no attribute %r" % (__name__, name)) from None
