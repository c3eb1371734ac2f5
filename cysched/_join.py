"""Composition: warmup around any schedule, schedules in sequence, products.

One source for both implementations (see ``cysched/_schedule.py``); the types
are declared in ``src/cysched/_join_c.pxd``.
"""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

__all__ = []
