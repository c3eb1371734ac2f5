# Declarations of cysched/_join.py, compiled as cysched._join_c.
cimport cython
from cpython.ref cimport PyObject

from cysched._schedule_c cimport Schedule


# The parts are read-only fields: writing them goes through the parameter
# (``schedule``, ``schedules``), which keeps the C side in step.
cdef class Warmup(Schedule):
    cdef readonly object _schedule
    cdef Schedule _part                # the schedule when ``own``, else None
    cdef bint _exact
    cdef public double _warmup_steps, _warmup_begin_lr
    cdef public int _warmup_mode
    cdef public bint _prefix


cdef class _Parts(Schedule):
    # Borrowed pointers into ``_schedules``, which keeps the parts alive.
    cdef readonly tuple _schedules
    cdef PyObject** _c_parts
    cdef bytes _c_exact                # own(part) of each part, 0 or 1
    cdef Py_ssize_t _c_count


cdef class SequentialScheduler(_Parts):
    cdef readonly tuple _milestones
    cdef double* _c_milestones
    cdef Py_ssize_t _nmilestones
    # Where the last call's bisection ended: a guess, checked before use,
    # written by _scalar only (the vectorcall entry, with the GIL).
    cdef Py_ssize_t _hint

    @cython.final
    cdef double _part_value(self, Py_ssize_t k, double n) noexcept nogil


cdef class ProductScheduler(_Parts):
    pass
