# Declarations of the compiled schedulers, for ``cimport cysched._lr_scheduler_c``.
#
# Each public attribute is kept twice: the Python object (returned as is, so
# ``base_lr=1`` reads back as the int 1) and a C double with an "is int" flag
# for the arithmetic.  ``_fast`` is true while every attribute is an exact int
# within +-2**53 or a finite float: then C doubles reproduce Python's
# arithmetic exactly.  Otherwise the pure-Python twin's code runs on the object.
#
# C API
# -----
# ``sched.lr_at(num_update)`` is ``float(sched(num_update))`` for a ``long long``
# update number, callable without the GIL:
#
#     from cysched._lr_scheduler_c cimport LRScheduler
#
#     cdef double total(LRScheduler sched, long long steps) except? -1.0:
#         cdef double s = 0
#         cdef long long n
#         with nogil:
#             for n in range(1, steps + 1):
#                 s += sched.lr_at(n)
#         return s
#
# It updates the scheduler exactly as the call does (FactorScheduler and
# MultiFactorScheduler decay ``base_lr``, PolyScheduler and CosineScheduler
# store the rate in it) and runs on C doubles alone while ``sched._fast`` is
# true, the class is one of the four (not a subclass), ``num_update`` is in
# ``[0, 2**53]`` and no decay step is due.  Everything else -- a decay step
# (it may log), a Python subclass, odd attribute values, errors -- takes the
# GIL for that one call and runs ``sched(num_update)``; an exception propagates
# (``except? -1.0``).  Not thread-safe: one scheduler per thread, as for any
# stateful object.  Two things it does not see, unlike a Python-level call:
# a ``get_warmup_lr`` set on the instance, and in-place edits of
# MultiFactorScheduler's ``step`` list (which, as in MXNet, is the caller's
# own list) made since the last Python-level call or attribute write (assign
# ``sched.step = [...]`` instead).

cdef extern from "Python.h":
    # CPython's vectorcall function pointer; only stored and cast here.
    ctypedef void* vectorcallfunc


cdef struct Curve:
    # PolyScheduler/CosineScheduler parameters as C doubles, for loops without
    # the scheduler object.
    int kind, mode
    double warmup_steps, warmup_begin_lr, warmup_final_lr
    double max_update, max_steps, base_lr_orig, final_lr, power


cdef class LRScheduler:
    # The instance dict (tp_dictoffset points here; see the .pyx): a plain
    # field, which Cython does not empty when the scheduler dies.
    cdef object _instance_dict
    # Set for instances of the four classes themselves (not subclasses): the
    # entry point of ``sched(n)`` (CPython's tp_vectorcall_offset points here).
    cdef vectorcallfunc _vectorcall
    cdef public object _warmup_steps, _warmup_begin_lr, _warmup_final_lr, _warmup_mode
    cdef object _base_lr
    cdef double c_base_lr, c_warmup_steps, c_warmup_begin_lr, c_warmup_final_lr
    cdef bint i_base_lr, i_warmup_begin_lr, i_warmup_final_lr
    # Internal fields are C-only or start with an underscore: every public
    # name is left to the user (a subclass may set ``self.fast``).
    cdef int _mode
    cdef bint _fast
    # _exact: one of the four classes itself.  _dirty: lr_at stored a rate in
    # c_base_lr only; the ``base_lr`` object is rebuilt when next read.
    cdef bint _exact, _dirty

    cdef dict _attributes(self)
    cdef bint _sync(self)
    cdef int _flush(self) except -1
    cpdef get_warmup_lr(self, num_update)
    cdef bint _warmup_at(self, double n, double* lr) noexcept nogil
    cdef object _call(self, object num_update)
    cdef object _lr(self, object num_update, double n)
    cdef object _twin(self, object num_update)
    cdef bint _logs(self) except -1
    # ``job``: evaluate's cysched_job (src/cysched/_call.h, not needed to cimport this)
    cdef object _fill(self, void* job, object num_updates, object values,
                      bint integral, object out)
    cdef double _python_lr(self, long long num_update) except? -1.0 with gil
    cdef double lr_at(self, long long num_update) except? -1.0 nogil
    cdef double _lr_until(self, long long num_update, double boundary) except? -1.0 nogil


cdef class FactorScheduler(LRScheduler):
    cdef public object _step, _factor, _stop_factor_lr, _count
    cdef double c_step, c_factor, c_stop_factor_lr, c_count
    cdef bint i_step, i_factor, i_stop_factor_lr, i_count

    cdef int _decay(self, object num_update, double n) except -1
    cdef int _keep_decay(self, double count, bint count_int, double base, bint base_int,
                         bint clamped) except -1
    cdef int _no_fixed_point(self, object num_update) except -1


cdef class MultiFactorScheduler(LRScheduler):
    cdef public object _step, _factor, _cur_step_ind, _count
    cdef object _next_item
    cdef double c_factor, c_next_step
    cdef bint i_factor
    cdef Py_ssize_t c_cur_step_ind

    cdef int _passed(self, list steps, Py_ssize_t index) except -1
    cdef int _next_step(self) except -1


cdef class _Decay(LRScheduler):
    # PolyScheduler and CosineScheduler: the attributes and the Curve they share.
    cdef public object _base_lr_orig, _max_update, _final_lr, _max_steps
    cdef double c_base_lr_orig, c_max_update, c_final_lr, c_max_steps
    cdef Curve curve

    cdef int _decay(self, object max_update, object final_lr) except -1


cdef class PolyScheduler(_Decay):
    cdef public object _power
    cdef double c_power


cdef class CosineScheduler(_Decay):
    pass
