"""MXNet 1.9.1's ``lr_scheduler``: compiled when the extension imports, else pure Python.

``CYSCHED_NO_EXTENSIONS=1`` forces the pure-Python twin; ``cysched.COMPILED``
tells which one is active.
"""
import os

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
