# Declarations of cysched/_plateau.py, compiled as cysched._plateau_c.
from cysched._schedule_c cimport Schedule


cdef class PlateauScheduler(Schedule):
    # Read-only: writing ``schedule`` goes through the parameter, which keeps
    # ``exact`` and ``c_part`` in step.
    cdef readonly object _schedule
    cdef Schedule _part                # the schedule when ``own``, else None
    cdef bint _exact
    cdef public int _mode, _threshold_mode
    cdef public double _factor, _patience, _threshold, _cooldown, _final_lr, _scale
    cdef public double _best, _num_bad_epochs, _cooldown_counter, _num_records

    cdef bint _better(self, double current) noexcept
    cdef double _floored(self, double inner) noexcept nogil
