# Declarations of cysched/_schedule.py, compiled as cysched._schedule_c; for
# ``cimport`` by the other family modules and by any extension.
#
# ``value(n)`` is the rate at update ``n``, a pure function computed without
# the GIL, valid whenever ``c_ok()`` (always for the shapes; for a composite,
# when every part is a compiled family).  ``gvalue(n)`` is the same number with
# the GIL held, calling Python parts where there are some.  Parameters are C
# doubles (counts are whole doubles), so the C arithmetic is the pure twin's.

cimport cython
from cpython.ref cimport PyObject

cdef extern from "Python.h":
    int Py_EnterRecursiveCall(const char* where) except -1
    void Py_LeaveRecursiveCall()
    # CPython's vectorcall function pointer; only stored and cast here.
    ctypedef void* vectorcallfunc

cdef unsigned long long _epoch
cdef Py_ssize_t _running
cdef Py_ssize_t MAX_DEPTH

cdef double exact_update(object num_update) noexcept
cdef object call(Schedule self, object num_update)
cdef object vectorcall(object self, PyObject** args, size_t nargsf, PyObject* kwnames)
cdef object hinted_vectorcall(object self, PyObject** args, size_t nargsf, PyObject* kwnames)
cdef Py_ssize_t SPAN
cdef void span(Schedule self, const void* inputs, double* out, Py_ssize_t lo,
               Py_ssize_t hi) noexcept nogil


cdef inline double before(double n) noexcept nogil:
    """The updates done before update ``n``: ``n - 1``, and 0 for ``n < 1``;
    inline in every module that cimports it."""
    if n >= 1.0:
        return n - 1.0
    return 0.0


cdef double ramp(int mode, double begin, double target, double n, double steps) noexcept nogil
cdef double* doubles(tuple items) except NULL
cdef double part_rate(object part, bint exact, double n) except? -1.0
cdef bint own(object part)
cdef int in_use(object owner, str name) except -1
cdef int rewired(object owner, str name, tuple parts) except -1
cdef bint contains(object part, object owner) except -1
cdef bint settle(object root) except -1


# Deep chains of composites are freed without deep C recursion.
@cython.trashcan(True)
cdef class Schedule:
    cdef dict __dict__
    cdef bint _ready                   # set by __init__ and __setstate__
    cdef unsigned long long _seen      # the epoch _ok and _depth were settled at
    cdef bint _ok
    cdef Py_ssize_t _depth
    # The entry point of ``schedule(n)`` for the families' own classes
    # (CPython's tp_vectorcall_offset points here); NULL for subclasses.
    cdef vectorcallfunc _vectorcall
    # The float the vectorcall entry returned last: reused while no one else holds it.
    cdef object _rate

    cdef bint _c_ok(self) noexcept nogil
    cdef bint _checked_ok(self) except -1
    cdef tuple _parts(self)
    cdef double _value(self, double n) noexcept nogil
    cdef double _scalar(self, double n) noexcept
    cdef void _fill(self, const double* v, double* out, Py_ssize_t size) noexcept nogil
    cdef double _gvalue(self, double n) except? -1.0


cdef class _Warmed(Schedule):
    cdef public double _base_lr, _warmup_steps, _warmup_begin_lr
    cdef public int _warmup_mode

    cdef double _warm(self, double n) noexcept nogil
