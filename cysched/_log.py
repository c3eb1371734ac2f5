"""INFO logging without importing :mod:`logging`.

``import logging`` costs several milliseconds.  Nobody can have enabled INFO
records before something imported :mod:`logging`, so until then a scheduler
logs nothing and pays nothing.
"""
import sys

LOGGER_NAME = "cysched.lr_scheduler"


def enabled():
    """True when an INFO record on ``cysched.lr_scheduler`` would be handled."""
    logging = sys.modules.get("logging")
    if logging is None:
        return False
    return logging.getLogger(LOGGER_NAME).isEnabledFor(logging.INFO)


def info(message, *args):
    import logging
    logging.getLogger(LOGGER_NAME).info(message, *args)
