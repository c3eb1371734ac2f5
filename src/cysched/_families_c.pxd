# Declarations of the compiled schedule families, for ``cimport cysched._families_c``.
#
# Every family derives from ``Schedule``: ``value(n)`` is the rate at update
# ``n``, a pure function computed without the GIL, valid whenever ``c_ok()``
# (always for the families; for a composite, when every part is one of these
# classes, exactly).  ``gvalue(n)`` is the same number with the GIL held,
# calling Python parts where there are some.  Parameters are kept as C
# doubles (counts are whole doubles), so the C arithmetic is the pure twin's.
from cpython.ref cimport PyObject


cdef class Schedule:
    cdef dict __dict__

    cdef bint c_ok(self) noexcept nogil
    cdef double value(self, double n) noexcept nogil
    cdef double gvalue(self, double n) except? -1.0


cdef class _Warmed(Schedule):
    cdef double c_base_lr, c_warmup_steps, c_warmup_begin_lr
    cdef int c_warmup_mode

    cdef double warm(self, double n) noexcept nogil


cdef class ConstantScheduler(_Warmed):
    pass


cdef class LinearScheduler(_Warmed):
    cdef double c_max_update, c_final_lr


cdef class ExponentialScheduler(_Warmed):
    cdef double c_gamma, c_step, c_final_lr
    cdef bint c_staircase


cdef class InverseSqrtScheduler(_Warmed):
    cdef double c_timescale          # 0 stands for None


cdef class OneCycleScheduler(Schedule):
    cdef double c_max_lr, c_total_steps, c_pct_start, c_div_factor, c_final_div_factor
    cdef int c_anneal_strategy
    cdef bint c_three_phase


cdef class CyclicScheduler(Schedule):
    cdef double c_base_lr, c_max_lr, c_step_size_up, c_step_size_down, c_gamma
    cdef bint has_step_size_down
    cdef int c_mode


cdef class CosineRestartScheduler(_Warmed):
    cdef double c_cycle_length, c_final_lr, c_cycle_mult, c_peak_decay


cdef class WarmupStableDecayScheduler(_Warmed):
    cdef double c_max_update, c_final_lr, c_decay_steps, c_decay_fraction
    cdef bint has_decay_steps, has_decay_fraction
    cdef int c_decay_mode

    cdef double decay_length(self) noexcept nogil


cdef class PiecewiseScheduler(Schedule):
    cdef tuple _boundaries, _values
    cdef double* c_boundaries
    cdef double* c_values
    cdef Py_ssize_t c_nboundaries, c_nvalues
    cdef int c_interpolate


cdef class PlateauScheduler(Schedule):
    cdef object _schedule
    cdef Schedule c_part                # the schedule when exact, else None
    cdef bint exact
    cdef int c_mode, c_threshold_mode
    cdef double c_factor, c_patience, c_threshold, c_cooldown, c_final_lr, c_scale
    cdef double c_best, c_num_bad_epochs, c_cooldown_counter, c_num_records

    cdef bint better(self, double current) noexcept
    cdef double floored(self, double inner) noexcept nogil


cdef class Warmup(Schedule):
    cdef object _schedule
    cdef Schedule c_part
    cdef bint exact
    cdef double c_warmup_steps, c_warmup_begin_lr
    cdef int c_warmup_mode


cdef class _Parts(Schedule):
    # Borrowed pointers into ``_schedules``, which keeps the parts alive.
    cdef tuple _schedules
    cdef PyObject** c_parts
    cdef bint* c_exact
    cdef Py_ssize_t c_count
    cdef bint all_exact

    cdef int set_parts(self, tuple parts) except -1


cdef class SequentialScheduler(_Parts):
    cdef tuple _milestones
    cdef double* c_milestones
    cdef Py_ssize_t c_nmilestones


cdef class ProductScheduler(_Parts):
    pass
