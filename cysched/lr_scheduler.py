"""MXNet 1.9.1's ``lr_scheduler``: compiled when the extension imports, else pure Python.

``CYSCHED_NO_EXTENSIONS=1`` forces the pure-Python twin; ``cysched.COMPILED``
tells which one is active.  The schedule families beyond MXNet
(``cysched._families_c`` / ``_families_py``) come from the same side, loaded on
first use so that ``import cysched.lr_scheduler`` stays cheap.
"""
import os

#: The families beyond MXNet, loaded by ``__getattr__`` on first use.
FAMILIES = ('Schedule', 'ConstantScheduler', 'LinearScheduler', 'ExponentialScheduler',
            'InverseSqrtScheduler', 'OneCycleScheduler', 'CyclicScheduler',
            'CosineRestartScheduler', 'WarmupStableDecayScheduler',
            'PiecewiseScheduler', 'PlateauScheduler', 'Warmup', 'SequentialScheduler',
            'ProductScheduler')

if os.environ.get("CYSCHED_NO_EXTENSIONS", "") not in ("", "0"):
    IMPORT_ERROR = "CYSCHED_NO_EXTENSIONS is set"
    from cysched._lr_scheduler_py import *  # noqa: F401,F403
    from cysched._lr_scheduler_py import __all__
    COMPILED = False
else:
    try:
        from cysched._lr_scheduler_c import *  # noqa: F401,F403
        from cysched._lr_scheduler_c import __all__
    except ImportError as exc:
        IMPORT_ERROR = "%s: %s" % (type(exc).__name__, exc)
        from cysched._lr_scheduler_py import *  # noqa: F401,F403
        from cysched._lr_scheduler_py import __all__
        COMPILED = False
    else:
        IMPORT_ERROR = None
        COMPILED = True

__all__ = __all__ + list(FAMILIES)


def __getattr__(name):
    if name not in FAMILIES:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    # Both extensions come from one build: the families are compiled exactly
    # when the MXNet classes are.
    module = __import__("cysched._families_c" if COMPILED else "cysched._families_py",
                        fromlist=["__all__"])
    for family in FAMILIES:
        globals()[family] = getattr(module, family)
    return globals()[name]
