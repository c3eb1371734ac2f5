"""Cyclic shapes: one-cycle, cyclic (triangular), cosine with restarts.

One source for both implementations (see ``cysched/_schedule.py``); the types
are declared in ``src/cysched/_cycles_c.pxd``.
"""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

__all__ = []
