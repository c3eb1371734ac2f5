"""Reduce on plateau: a schedule scaled down when a metric stops improving.

One source for both implementations (see ``cysched/_schedule.py``); the types
are declared in ``src/cysched/_plateau_c.pxd``.
"""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

__all__ = []
