# cython: language_level=3, boundscheck=False, wraparound=False
"""A Cython consumer of cysched's C API, compiled against the installed .pxd.

``lr_at`` is called in a loop that never holds the GIL: the way a training
loop written in Cython (or C through Cython) would ask for its rates.
"""
from time import perf_counter_ns

from cysched._lr_scheduler_c cimport LRScheduler


def sweep_ns(LRScheduler sched, long long start, long long stop):
    """``sched.lr_at(n)`` for ``n`` in ``range(start, stop)`` without the GIL;
    returns (nanoseconds per call, sum of the rates)."""
    cdef long long n
    cdef double total = 0
    begin = perf_counter_ns()
    with nogil:
        for n in range(start, stop):
            total += sched.lr_at(n)
    end = perf_counter_ns()
    return (end - begin) / max(1, stop - start), total


def rates(LRScheduler sched, long long start, long long stop):
    """``[sched.lr_at(n) for n in range(start, stop)]``, computed without the GIL."""
    cdef Py_ssize_t count = max(0, stop - start), i
    buffer = bytearray(8 * count)
    cdef double* out = <double*><char*>buffer
    with nogil:
        for i in range(count):
            out[i] = sched.lr_at(start + i)
    return [out[i] for i in range(count)]
