# Declarations of cysched/_cycles.py, compiled as cysched._cycles_c.
from cysched._schedule_c cimport Schedule, _Warmed


cdef double anneal(int strategy, double start, double end, double a, double b,
                   double n) noexcept nogil
cdef double one_cycle(_OneCycle cycle, double initial, double peak, double final,
                      double n) noexcept nogil
cdef double cyclic_scale(double up, double down, double n) noexcept nogil
cdef double cyclic_amplitude(double up, double down, int mode, double gamma,
                             double n) noexcept nogil
cdef double cyclic(_Cyclic wave, double foot, double top, double n) noexcept nogil


cdef class _OneCycle(Schedule):
    cdef public double _total_steps, _pct_start
    cdef public int _anneal_strategy
    cdef public bint _three_phase


cdef class OneCycleScheduler(_OneCycle):
    cdef public double _max_lr, _div_factor, _final_div_factor


cdef class _Cyclic(Schedule):
    cdef public double _step_size_up, _step_size_down, _gamma
    cdef public int _mode


cdef class CyclicScheduler(_Cyclic):
    cdef public double _base_lr, _max_lr


cdef int CYCLES
cdef double log_guess(double first, double mult, double log_mult, double t) noexcept nogil
cdef double cycle_start(double first, double mult, double i) noexcept nogil
cdef double search_cycle(double first, double mult, double t) noexcept nogil
cdef double restart_rate(double final, double height, double t, double start,
                         double length, double peak) noexcept nogil


cdef class CosineRestartScheduler(_Warmed):
    cdef public double _cycle_length, _final_lr, _cycle_mult, _peak_decay
    # The first _count cycles (_tabulate), of at most CYCLES; the table ends at _tabled.
    cdef double _starts[64]
    cdef double _lengths[64]
    cdef double _peaks[64]
    cdef Py_ssize_t _count
    cdef double _tabled
    # Where the last call's bisection of the table ended: a guess, checked
    # before use, written by _scalar only (the vectorcall entry, with the GIL).
    cdef Py_ssize_t _hint

    cdef int _tabulate(self) except -1
    cdef void _fill(self, const double* v, double* out, Py_ssize_t size) noexcept nogil


cdef Py_ssize_t tabled_cycle(CosineRestartScheduler sched, double t) noexcept nogil


cdef class OneCycleMomentum(_OneCycle):
    cdef public double _base_momentum, _max_momentum


cdef class CyclicMomentum(_Cyclic):
    cdef public double _base_momentum, _max_momentum
