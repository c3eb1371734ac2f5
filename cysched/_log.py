"""INFO logging without importing :mod:`logging`.

``import logging`` costs several milliseconds.  Nobody can have enabled INFO
records before something imported :mod:`logging`, so until then a scheduler
logs nothing and pays nothing.
"""
import sys

LOGGER_NAME = "cysched.lr_scheduler"
_logger = None


def _get():
    global _logger
    if _logger is None:
        import logging
        _logger = logging.getLogger(LOGGER_NAME)
    return _logger


def enabled():
    """True when an INFO record on ``cysched.lr_scheduler`` would be handled."""
    logging = sys.modules.get("logging")
    if logging is None:
        return False
    return _get().isEnabledFor(logging.INFO)


def info(message, *args):
    _get().info(message, *args)
