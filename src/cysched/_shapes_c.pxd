# Declarations of cysched/_shapes.py, compiled as cysched._shapes_c.
from cysched._schedule_c cimport Schedule, _Warmed


cdef class ConstantScheduler(_Warmed):
    pass


cdef class LinearScheduler(_Warmed):
    cdef public double _max_update, _final_lr

    cdef double _remaining(self, double t, double steps, double top) noexcept nogil


cdef class PolynomialScheduler(LinearScheduler):
    cdef public double _power


cdef class ExponentialScheduler(_Warmed):
    cdef public double _gamma, _step, _final_lr
    cdef public bint _staircase


cdef class InverseSqrtScheduler(_Warmed):
    cdef public double _timescale            # NaN stands for None


cdef class WarmupStableDecayScheduler(_Warmed):
    cdef public double _max_update, _final_lr, _decay_steps, _decay_fraction   # NaN: None
    cdef public int _decay_mode

    cdef double _decay_length(self) noexcept nogil


cdef class PiecewiseScheduler(Schedule):
    # The tuples are read-only from Python: the C arrays copy them.
    cdef readonly tuple _boundaries, _values
    cdef double* _c_boundaries
    cdef double* _c_values
    cdef Py_ssize_t _nboundaries, _nvalues
    cdef public int _interpolate
    # Where the last call's bisection ended: a guess, checked before use,
    # written by _scalar only (the vectorcall entry, with the GIL).
    cdef Py_ssize_t _hint


cdef class InverseTimeScheduler(_Warmed):
    cdef public double _decay_rate, _step
    cdef public bint _staircase


cdef Py_ssize_t points_size(int mode, Py_ssize_t nbounds, Py_ssize_t nvalues) noexcept nogil
cdef double points_value(int mode, double* bounds, double* values, Py_ssize_t nvalues,
                         Py_ssize_t size, double n, Py_ssize_t k) noexcept nogil
cdef int keep_points(PiecewiseScheduler sched, bint is_values, tuple items) except -1
