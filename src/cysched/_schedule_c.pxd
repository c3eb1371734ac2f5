# Declarations of cysched/_schedule.py, compiled as cysched._schedule_c; for
# ``cimport`` by the other family modules and by any extension.
#
# ``value(n)`` is the rate at update ``n``, a pure function computed without
# the GIL, valid whenever ``c_ok()`` (always for the shapes; for a composite,
# when every part is a compiled family).  ``gvalue(n)`` is the same number with
# the GIL held, calling Python parts where there are some.  Parameters are C
# doubles (counts are whole doubles), so the C arithmetic is the pure twin's.

cdef double exact_update(object num_update) noexcept
cdef double before(double n) noexcept nogil
cdef double ramp(int mode, double begin, double target, double n, double steps) noexcept nogil
cdef double* doubles(tuple items) except NULL
cdef double part_rate(object part, bint exact, double n) except? -1.0
cdef bint own(object part)


cdef class Schedule:
    cdef dict __dict__

    cdef bint _c_ok(self) noexcept nogil
    cdef double _value(self, double n) noexcept nogil
    cdef double _gvalue(self, double n) except? -1.0


cdef class _Warmed(Schedule):
    cdef public double _base_lr, _warmup_steps, _warmup_begin_lr
    cdef public int _warmup_mode

    cdef double _warm(self, double n) noexcept nogil
