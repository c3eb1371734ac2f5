# Declarations of the compiled schedulers, for ``cimport cysched._lr_scheduler_c``.
#
# Each public attribute is kept twice: the Python object (returned as is, so
# ``base_lr=1`` reads back as the int 1) and a C double with an "is int" flag
# for the arithmetic.  ``fast`` is true while every attribute is an exact int
# within +-2**53 or a finite float: then C doubles reproduce Python's
# arithmetic exactly.  Otherwise the pure-Python twin's code runs on the object.

cdef class LRScheduler:
    cdef dict __dict__
    cdef object _base_lr, _warmup_steps, _warmup_begin_lr, _warmup_final_lr, _warmup_mode
    cdef double c_base_lr, c_warmup_steps, c_warmup_begin_lr, c_warmup_final_lr
    cdef bint i_base_lr, i_warmup_begin_lr, i_warmup_final_lr
    cdef int mode
    cdef readonly bint fast

    cdef bint _sync(self)
    cpdef get_warmup_lr(self, num_update)
    cdef double _warmup(self, double n) noexcept nogil


cdef class FactorScheduler(LRScheduler):
    cdef object _step, _factor, _stop_factor_lr, _count
    cdef double c_step, c_factor, c_stop_factor_lr, c_count
    cdef bint i_step, i_factor, i_stop_factor_lr, i_count

    cdef object _lr(self, object num_update, double n)
    cdef int _decay(self, object num_update, double n) except -1


cdef class MultiFactorScheduler(LRScheduler):
    cdef object _step, _factor, _cur_step_ind, _count
    cdef double c_factor
    cdef bint i_factor
    cdef Py_ssize_t c_cur_step_ind

    cdef object _lr(self, object num_update, double n)


cdef class PolyScheduler(LRScheduler):
    cdef object _power, _base_lr_orig, _max_update, _final_lr, _max_steps
    cdef double c_power, c_base_lr_orig, c_max_update, c_final_lr, c_max_steps

    cdef object _lr(self, object num_update, double n)


cdef class CosineScheduler(LRScheduler):
    cdef object _base_lr_orig, _max_update, _final_lr, _max_steps
    cdef double c_base_lr_orig, c_max_update, c_final_lr, c_max_steps

    cdef object _lr(self, object num_update, double n)
