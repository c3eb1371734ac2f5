"""What the one-source modules use of ``cython`` when Cython is not installed.

The families (``_schedule.py``, ``_shapes.py``...) are written in Cython's
pure-Python mode: the build compiles them (their types are declared in
``src/cysched/*_c.pxd``) and Python imports them as they are.  They start
with::

    try:
        import cython
    except ImportError:
        from cysched import _cython as cython

so a pure-Python install runs them without Cython.  Only the names those
modules use are here; each does what plain Python does.
"""

compiled = False

double = float
bint = bool
Py_ssize_t = int


def cast(kind, value):
    return value


def cclass(cls):
    return cls


def declare(kind=None, value=None, **kwargs):
    return value
