# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, binding=True
"""Schedule families beyond MXNet, warmup and composition, as typed Cython classes.

This is the twin of the pure-Python ``cysched._families_py``: same classes, same
method order, same docstrings, same numbers, bit for bit.  Every class here is
a pure function of ``num_update`` (random access, no hidden state) except
:class:`PlateauScheduler`, whose state changes only through ``record``.

Conventions shared by every class:

* ``lr = schedule(num_update)`` returns a ``float``; ``num_update`` is an int
  or float in ``[0, 2**53]``.  ``evaluate(num_updates)`` returns the same
  numbers for a 1-D sequence or array, as a float64 NumPy array.
* The step is the anchor's step: ``schedule(n)`` equals PyTorch's rate after
  ``n`` calls of ``scheduler.step()`` (its ``last_epoch == n``) and optax's
  ``schedule(count=n)``.  MXNet's optimizer asks for ``num_update = 1`` first.
* Writing ``base_lr`` rescales the schedule: every other learning-rate
  parameter (``final_lr``, ``warmup_begin_lr``, ``max_lr``...) is multiplied by
  ``new / old`` (when the old ``base_lr`` is 0 only ``base_lr`` changes), so
  ``optimizer.SGD(learning_rate=0.1, lr_scheduler=s)`` scales ``s`` to peak at
  0.1.  Attribute writes are checked like the constructor's arguments, one at a
  time; the constructor's checks between arguments are not repeated.
"""
from libc.math cimport cos, floor, log, pow, sqrt
from libc.stdlib cimport malloc, free
from cpython.float cimport PyFloat_AS_DOUBLE
from cpython.long cimport PyLong_AsLongLongAndOverflow
from cpython.ref cimport PyObject
from cython.parallel cimport prange

from cysched import _state
from cysched import _messages as _m
from cysched import _family_messages as _fm

__all__ = ["Schedule", "ConstantScheduler", "LinearScheduler", "ExponentialScheduler",
           "InverseSqrtScheduler", "OneCycleScheduler", "CyclicScheduler",
           "CosineRestartScheduler", "WarmupStableDecayScheduler", "PiecewiseScheduler",
           "PlateauScheduler", "Warmup", "SequentialScheduler", "ProductScheduler"]

cdef double PI = 3.141592653589793            # math.pi
cdef double EXACT = 9007199254740992.0        # 2**53
cdef double NAN = float("nan")
cdef double INF = float("inf")

# Mode codes: indexes into the tuples of names in _family_messages.
cdef enum:
    W_LINEAR = 0
    W_CONSTANT = 1
    W_COSINE = 2
    W_EXPONENTIAL = 3
    ANNEAL_COS = 0
    CYCLIC_TRIANGULAR = 0
    CYCLIC_TRIANGULAR2 = 1
    DECAY_LINEAR = 0
    DECAY_COSINE = 1
    INTERPOLATE_CONSTANT = 0
    INTERPOLATE_LINEAR = 1
    MODE_MIN = 0
    THRESHOLD_REL = 0

# Arrays at least this long are evaluated by several threads.
cdef Py_ssize_t PARALLEL_SIZE = 8192

_PUBLIC_MODULES = (__name__, "cysched._families_py", "cysched.lr_scheduler")


cdef inline bint _update(object num_update, double* n) noexcept:
    """``num_update`` as a double when it is an exact int or float in [0, 2**53]."""
    cdef long long x
    cdef int overflow = 0
    if type(num_update) is int:
        x = PyLong_AsLongLongAndOverflow(num_update, &overflow)
        n[0] = <double>x
        return not overflow and 0 <= x <= 9007199254740992LL
    if type(num_update) is float:
        n[0] = PyFloat_AS_DOUBLE(num_update)
        return 0.0 <= n[0] <= EXACT
    return False


cdef inline double _ramp(int mode, double begin, double target, double n,
                         double steps) noexcept nogil:
    """The warmup rate at ``n < steps``, from ``begin`` towards ``target``."""
    if mode == W_LINEAR:
        return begin + (target - begin) * n / steps
    if mode == W_CONSTANT:
        return begin
    if mode == W_COSINE:
        return begin + (target - begin) * (1.0 - cos(PI * n / steps)) / 2.0
    if begin == 0.0:
        return begin
    return begin * pow(target / begin, n / steps)


cdef double _part(object part, bint exact, double n) except? -1.0:
    """``part``'s rate at ``n``: directly for this module's classes, else by a call."""
    if exact:
        return (<Schedule>part).gvalue(n)
    return _fm.rate(part(_fm.arg(n)), part, n)


cdef inline Py_ssize_t _bisect_right(double* a, Py_ssize_t hi, double x) noexcept nogil:
    cdef Py_ssize_t lo = 0, mid
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


cdef inline Py_ssize_t _bisect_left(double* a, Py_ssize_t hi, double x) noexcept nogil:
    cdef Py_ssize_t lo = 0, mid
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


cdef double* _doubles(tuple items) except NULL:
    """A malloc'd copy of ``items`` as doubles (at least one slot)."""
    cdef Py_ssize_t i
    cdef double* out = <double*>malloc(max(len(items), 1) * sizeof(double))
    if out == NULL:
        raise MemoryError()
    for i in range(len(items)):
        out[i] = items[i]
    return out


def _optional(check, *args):
    return lambda name, value: _fm.optional(check, name, value, *args)


cdef class Schedule:
    """Base class of the schedule families: ``lr = schedule(num_update)``.

    A schedule is a pure function of ``num_update``: it may be called in any
    order, any number of times, with the same answer.  Subclasses compute the
    rate in ``_value(n)`` (``n`` a float); composites such as
    :class:`Warmup` and :class:`SequentialScheduler` accept these classes and
    any Python callable.

    Example
    -------
    >>> s = ConstantScheduler(base_lr=0.5)
    >>> s(1), s(10 ** 6), s.evaluate([0, 7]).tolist()
    (0.5, 0.5, [0.5, 0.5])
    """

    def __call__(self, num_update):
        """Return the learning rate for update ``num_update`` (a float)."""
        cdef double n
        if not _update(num_update, &n):
            n = _fm.update(num_update)
        if self.c_ok():
            return self.value(n)
        return self.gvalue(n)

    def evaluate(self, num_updates):
        """``[self(n) for n in num_updates]`` as a float64 NumPy array."""
        import numpy
        updates = _fm.updates_array(num_updates)
        out = numpy.empty(len(updates), dtype=numpy.float64)
        cdef const double[::1] src = updates
        cdef double[::1] dst = out
        cdef Py_ssize_t i, size = src.shape[0]
        if not self.c_ok():
            for i in range(size):
                dst[i] = self.gvalue(src[i])
        elif size >= PARALLEL_SIZE:
            for i in prange(size, nogil=True, schedule='static'):
                dst[i] = self.value(src[i])
        else:
            with nogil:
                for i in range(size):
                    dst[i] = self.value(src[i])
        return out

    def __repr__(self):
        return _m.describe(self, self._params)

    def __reduce__(self):
        cls = type(self)
        name = cls.__name__ if cls.__module__ in _PUBLIC_MODULES else cls
        return _m.restore, (name, self.__getstate__())

    def __getstate__(self):
        state = {name: getattr(self, name) for name in self._state}
        state.update(getattr(self, "__dict__", None) or {})
        return state

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)

    def __copy__(self):
        return _m.restore(type(self), self.__getstate__())

    def __deepcopy__(self, memo):
        import copy
        return _m.restore(type(self), copy.deepcopy(self.__getstate__(), memo))

    def state_dict(self):
        """Everything needed to continue exactly, as plain Python types."""
        return _state.state_dict(self)

    def load_state_dict(self, state_dict):
        """Continue from ``state_dict()``; a dict of another class raises ValueError."""
        _state.load_state_dict(self, state_dict)

    def get_config(self):
        """The constructor arguments, as JSON-safe types."""
        return _state.get_config(self)

    @classmethod
    def from_config(cls, config):
        """A fresh scheduler from ``get_config()``'s dict."""
        return _state.from_config(cls, config)

    _params = ()
    _state = ()

    cdef bint c_ok(self) noexcept nogil:
        return False

    cdef double value(self, double n) noexcept nogil:
        return NAN

    cdef double gvalue(self, double n) except? -1.0:
        raise NotImplementedError(_m.MUST_OVERRIDE)


cdef class _Warmed(Schedule):
    """A family with MXNet's warmup: ``warmup_steps`` updates from
    ``warmup_begin_lr`` up to ``base_lr``, shaped by ``warmup_mode``."""

    def __init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode):
        base_lr, warmup_steps, warmup_begin_lr, warmup_mode = _fm.warmup(
            base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.base_lr = base_lr
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.warmup_mode = warmup_mode

    _params = (("base_lr", "base_lr"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = ("base_lr", "warmup_steps", "warmup_begin_lr", "warmup_mode")
    _lrs = ("warmup_begin_lr",)

    cdef bint c_ok(self) noexcept nogil:
        return True

    cdef double gvalue(self, double n) except? -1.0:
        return self.value(n)

    cdef double warm(self, double n) noexcept nogil:
        return _ramp(self.c_warmup_mode, self.c_warmup_begin_lr, self.c_base_lr, n,
                     self.c_warmup_steps)

    @property
    def base_lr(self):
        return self.c_base_lr

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = self.c_base_lr
        if old != 0.0:
            _fm.rescale(self, value / old, self._lrs)
        self.c_base_lr = value

    def _rescale(self, ratio):
        scaled = _fm.scaled(self, ratio, ("base_lr",) + self._lrs)
        for name, value in scaled[1:]:
            setattr(self, name, value)
        self.c_base_lr = scaled[0][1]

    @property
    def warmup_steps(self):
        return <long long>self.c_warmup_steps

    @warmup_steps.setter
    def warmup_steps(self, value):
        self.c_warmup_steps = _fm.count("warmup_steps", value)

    @property
    def warmup_begin_lr(self):
        return self.c_warmup_begin_lr

    @warmup_begin_lr.setter
    def warmup_begin_lr(self, value):
        self.c_warmup_begin_lr = _fm.lr("warmup_begin_lr", value)

    @property
    def warmup_mode(self):
        return _fm.WARMUP_MODES[self.c_warmup_mode]

    @warmup_mode.setter
    def warmup_mode(self, value):
        self.c_warmup_mode = _fm.WARMUP_MODES.index(
            _fm.choice("warmup_mode", value, _fm.WARMUP_MODES))


cdef class ConstantScheduler(_Warmed):
    """A constant learning rate, after an optional warmup.

    ::

        lr = base_lr                      for num_update >= warmup_steps

    and the warmup of :class:`LinearScheduler` before.  There is no horizon.

    Parameters
    ----------
    base_lr : float
        The learning rate.
    warmup_steps : int
        Number of warmup updates.
    warmup_begin_lr : float
        The rate at ``num_update = 0``.
    warmup_mode : str
        ``'linear'``, ``'constant'``, ``'cosine'`` or ``'exponential'`` (see
        :class:`Warmup`).

    Example
    -------
    >>> s = ConstantScheduler(base_lr=0.1, warmup_steps=4)
    >>> s(0), s(2), s(4), s(10 ** 9)
    (0.0, 0.05, 0.1, 0.1)
    """

    def __init__(self, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0,
                 warmup_mode='linear'):
        super(ConstantScheduler, self).__init__(base_lr, warmup_steps, warmup_begin_lr,
                                                warmup_mode)

    cdef double value(self, double n) noexcept nogil:
        if n < self.c_warmup_steps:
            return self.warm(n)
        return self.c_base_lr


cdef class LinearScheduler(_Warmed):
    """Linear decay (or growth) from ``base_lr`` to ``final_lr``.

    After the warmup, with ``t = num_update - warmup_steps`` and
    ``T = max_update - warmup_steps``::

        lr = base_lr + (final_lr - base_lr) * t / T     for t < T
        lr = final_lr                                   for num_update >= max_update

    PyTorch: ``LinearLR(opt, start_factor=a, end_factor=b, total_iters=T)`` on a
    rate ``lr0`` is ``LinearScheduler(max_update=T, base_lr=lr0 * a,
    final_lr=lr0 * b)`` (equal to 1e-12: PyTorch multiplies step by step).

    Parameters
    ----------
    max_update : int
        The update at which ``final_lr`` is reached (warmup included); > warmup_steps.
    base_lr : float
        The rate at the end of the warmup.
    final_lr : float
        The rate from ``max_update`` on.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = LinearScheduler(max_update=10, base_lr=1.0, final_lr=0.0)
    >>> s(0), s(5), s(10), s(11)
    (1.0, 0.5, 0.0, 0.0)
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0, warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        super(LinearScheduler, self).__init__(base_lr, warmup_steps, warmup_begin_lr,
                                              warmup_mode)
        self.max_update = _fm.horizon(max_update, self.warmup_steps)
        self.final_lr = final_lr

    cdef double value(self, double n) noexcept nogil:
        cdef double steps = self.c_warmup_steps, base = self.c_base_lr
        if n < steps:
            return self.warm(n)
        if n >= self.c_max_update:
            return self.c_final_lr
        return base + (self.c_final_lr - base) * (n - steps) / (self.c_max_update - steps)

    _params = (("max_update", "max_update"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr")) + _Warmed._params[1:]
    _state = _Warmed._state + ("max_update", "final_lr")
    _lrs = ("final_lr", "warmup_begin_lr")

    @property
    def max_update(self):
        return <long long>self.c_max_update

    @max_update.setter
    def max_update(self, value):
        self.c_max_update = _fm.count("max_update", value, 1)

    @property
    def final_lr(self):
        return self.c_final_lr

    @final_lr.setter
    def final_lr(self, value):
        self.c_final_lr = _fm.lr("final_lr", value)


cdef class ExponentialScheduler(_Warmed):
    """Exponential decay, optionally in stairs, never below ``final_lr``.

    After the warmup, with ``t = num_update - warmup_steps``::

        p = t / step                     (floor(t / step) when staircase)
        lr = max(base_lr * gamma ** p, final_lr)

    There is no horizon: the rate settles at ``final_lr``.  PyTorch:
    ``ExponentialLR(opt, gamma)`` is ``ExponentialScheduler(gamma, base_lr=lr0)``
    (bit for bit against its closed form ``lr0 * gamma ** n``).  optax:
    ``exponential_decay(init_value, transition_steps, decay_rate, staircase=s,
    end_value=e)`` is ``ExponentialScheduler(decay_rate, base_lr=init_value,
    step=transition_steps, staircase=s, final_lr=e)``.

    Parameters
    ----------
    gamma : float
        Decay factor per ``step`` updates, in (0, 1].
    base_lr : float
        The rate at the end of the warmup.
    step : int
        Updates per factor of ``gamma``.
    staircase : bool
        Decay in whole steps only.
    final_lr : float
        The floor, <= base_lr.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = ExponentialScheduler(0.5, base_lr=1.0, step=10, staircase=True, final_lr=0.2)
    >>> s(9), s(10), s(25), s(100)
    (1.0, 0.5, 0.25, 0.2)
    """

    def __init__(self, gamma, base_lr=0.01, step=1, staircase=False, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(ExponentialScheduler, self).__init__(base_lr, warmup_steps, warmup_begin_lr,
                                                   warmup_mode)
        self.gamma = gamma
        self.step = step
        self.staircase = staircase
        self.final_lr = final_lr
        _fm.not_above("final_lr", self.final_lr, "base_lr", self.base_lr)

    cdef double value(self, double n) noexcept nogil:
        cdef double steps = self.c_warmup_steps, p, lr
        if n < steps:
            return self.warm(n)
        p = (n - steps) / self.c_step
        if self.c_staircase:
            p = floor(p)
        lr = self.c_base_lr * pow(self.c_gamma, p)
        if lr > self.c_final_lr:
            return lr
        return self.c_final_lr

    _params = (("gamma", "gamma"), ("base_lr", "base_lr"), ("step", "step"),
               ("staircase", "staircase"), ("final_lr", "final_lr")) + _Warmed._params[1:]
    _state = _Warmed._state + ("gamma", "step", "staircase", "final_lr")
    _lrs = ("final_lr", "warmup_begin_lr")

    @property
    def gamma(self):
        return self.c_gamma

    @gamma.setter
    def gamma(self, value):
        self.c_gamma = _fm.between("gamma", value, 0.0, 1.0, True)

    @property
    def step(self):
        return <long long>self.c_step

    @step.setter
    def step(self, value):
        self.c_step = _fm.count("step", value, 1)

    @property
    def staircase(self):
        return self.c_staircase

    @staircase.setter
    def staircase(self, value):
        self.c_staircase = _fm.flag("staircase", value)

    @property
    def final_lr(self):
        return self.c_final_lr

    @final_lr.setter
    def final_lr(self, value):
        self.c_final_lr = _fm.lr("final_lr", value)


cdef class InverseSqrtScheduler(_Warmed):
    """The transformer schedule: warmup, then decay with the inverse square root.

    With ``ts = timescale`` (default ``warmup_steps``, or 10000 without warmup)::

        lr = base_lr * (1 / sqrt((num_update + ts - warmup_steps) / ts))

    for ``num_update >= warmup_steps``: ``base_lr * sqrt(warmup_steps /
    num_update)`` with the default timescale.  No horizon.  Hugging Face:
    ``get_inverse_sqrt_schedule(opt, num_warmup_steps=w, timescale=ts)`` is
    ``InverseSqrtScheduler(base_lr=lr0, warmup_steps=w, timescale=ts)`` (bit for
    bit after the warmup, to 1e-12 during it).

    Parameters
    ----------
    base_lr : float
        The peak rate, at ``num_update = warmup_steps``.
    warmup_steps : int
        Number of warmup updates.
    timescale : int or None
        The decay's time scale.
    warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = InverseSqrtScheduler(base_lr=1.0, warmup_steps=4)
    >>> s(2), s(4), s(16), s(64)
    (0.5, 1.0, 0.5, 0.25)
    """

    def __init__(self, base_lr=0.01, warmup_steps=0, timescale=None, warmup_begin_lr=0,
                 warmup_mode='linear'):
        super(InverseSqrtScheduler, self).__init__(base_lr, warmup_steps, warmup_begin_lr,
                                                   warmup_mode)
        self.timescale = timescale

    cdef double value(self, double n) noexcept nogil:
        cdef double steps = self.c_warmup_steps, scale = self.c_timescale
        if n < steps:
            return self.warm(n)
        if scale == 0.0:
            scale = steps if steps != 0.0 else 10000.0
        return self.c_base_lr * (1.0 / sqrt((n + (scale - steps)) / scale))

    _params = _Warmed._params[:2] + (("timescale", "timescale"),) + _Warmed._params[2:]
    _state = _Warmed._state + ("timescale",)

    @property
    def timescale(self):
        return None if self.c_timescale == 0.0 else <long long>self.c_timescale

    @timescale.setter
    def timescale(self, value):
        value = _fm.optional(_fm.count, "timescale", value, 1)
        self.c_timescale = 0.0 if value is None else value


cdef class OneCycleScheduler(Schedule):
    """The one-cycle policy: up from ``max_lr / div_factor`` to ``max_lr``, then
    down to ``max_lr / div_factor / final_div_factor``.

    With ``T = total_steps``, the phases end at updates ``pct_start * T - 1``
    and ``T - 1`` (three phases: ``pct_start * T - 1``, ``2 * pct_start * T - 2``
    back to the initial rate, and ``T - 1``).  Within a phase from ``a`` to
    ``b``, at fraction ``pct``::

        cos:    b + (a - b) / 2 * (cos(pi * pct) + 1)
        linear: (b - a) * pct + a

    The peak falls at ``num_update = pct_start * T - 1``; from ``T - 1`` on the
    rate stays at the final one.  PyTorch: ``OneCycleLR(opt, max_lr,
    total_steps, ...)`` with the same arguments, bit for bit for ``n <= T - 1``
    (PyTorch raises after ``T`` steps and extrapolates at step ``T``).
    ``base_lr`` reads and writes ``max_lr``.

    Parameters
    ----------
    max_lr : float
        The peak rate.
    total_steps : int
        The length of the cycle.
    pct_start : float
        Fraction of the cycle spent increasing the rate, in [0, 1].
    anneal_strategy : str
        ``'cos'`` or ``'linear'``.
    div_factor : float
        ``initial rate = max_lr / div_factor``.
    final_div_factor : float
        ``final rate = initial rate / final_div_factor``.
    three_phase : bool
        Come back down to the initial rate before annealing to the final one.

    Example
    -------
    >>> s = OneCycleScheduler(max_lr=1.0, total_steps=11, pct_start=0.5,
    ...                       div_factor=4.0, final_div_factor=2.0)
    >>> s(0), s(4.5), s(10), s(50)
    (0.25, 1.0, 0.125, 0.125)
    """

    def __init__(self, max_lr, total_steps, pct_start=0.3, anneal_strategy='cos',
                 div_factor=25.0, final_div_factor=1e4, three_phase=False):
        self.max_lr = max_lr
        self.total_steps = total_steps
        self.pct_start = pct_start
        self.anneal_strategy = anneal_strategy
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor
        self.three_phase = three_phase

    cdef bint c_ok(self) noexcept nogil:
        return True

    cdef double gvalue(self, double n) except? -1.0:
        return self.value(n)

    cdef double value(self, double n) noexcept nogil:
        cdef double total = self.c_total_steps, last = total - 1.0
        cdef double peak = self.c_max_lr, initial, final, start, end, a, b, span, pct
        cdef double ends[3]
        cdef double froms[3]
        cdef double tos[3]
        cdef int i, count
        if n > last:
            n = last
        initial = peak / self.c_div_factor
        final = initial / self.c_final_div_factor
        ends[0] = self.c_pct_start * total - 1.0
        froms[0] = initial
        tos[0] = peak
        if self.c_three_phase:
            ends[1] = 2.0 * self.c_pct_start * total - 2.0
            froms[1] = peak
            tos[1] = initial
            ends[2] = last
            froms[2] = initial
            tos[2] = final
            count = 3
        else:
            ends[1] = last
            froms[1] = peak
            tos[1] = final
            count = 2
        start = 0.0
        for i in range(count):
            end = ends[i]
            if n <= end or i == count - 1:
                span = end - start
                pct = (n - start) / span if span != 0.0 else 1.0
                a = froms[i]
                b = tos[i]
                if self.c_anneal_strategy == ANNEAL_COS:
                    return b + (a - b) / 2.0 * (cos(PI * pct) + 1.0)
                return (b - a) * pct + a
            start = end
        return NAN

    _params = (("max_lr", "max_lr"), ("total_steps", "total_steps"),
               ("pct_start", "pct_start"), ("anneal_strategy", "anneal_strategy"),
               ("div_factor", "div_factor"), ("final_div_factor", "final_div_factor"),
               ("three_phase", "three_phase"))
    _state = ("max_lr", "total_steps", "pct_start", "anneal_strategy", "div_factor",
              "final_div_factor", "three_phase")

    @property
    def base_lr(self):
        return self.max_lr

    @base_lr.setter
    def base_lr(self, value):
        self.max_lr = _fm.lr("base_lr", value)

    def _rescale(self, ratio):
        _fm.rescale(self, ratio, ("max_lr",))

    @property
    def max_lr(self):
        return self.c_max_lr

    @max_lr.setter
    def max_lr(self, value):
        self.c_max_lr = _fm.lr("max_lr", value)

    @property
    def total_steps(self):
        return <long long>self.c_total_steps

    @total_steps.setter
    def total_steps(self, value):
        self.c_total_steps = _fm.count("total_steps", value, 1)

    @property
    def pct_start(self):
        return self.c_pct_start

    @pct_start.setter
    def pct_start(self, value):
        self.c_pct_start = _fm.between("pct_start", value, 0.0, 1.0)

    @property
    def anneal_strategy(self):
        return _fm.ANNEAL_STRATEGIES[self.c_anneal_strategy]

    @anneal_strategy.setter
    def anneal_strategy(self, value):
        self.c_anneal_strategy = _fm.ANNEAL_STRATEGIES.index(
            _fm.choice("anneal_strategy", value, _fm.ANNEAL_STRATEGIES))

    @property
    def div_factor(self):
        return self.c_div_factor

    @div_factor.setter
    def div_factor(self, value):
        self.c_div_factor = _fm.positive("div_factor", value)

    @property
    def final_div_factor(self):
        return self.c_final_div_factor

    @final_div_factor.setter
    def final_div_factor(self, value):
        self.c_final_div_factor = _fm.positive("final_div_factor", value)

    @property
    def three_phase(self):
        return self.c_three_phase

    @three_phase.setter
    def three_phase(self, value):
        self.c_three_phase = _fm.flag("three_phase", value)


cdef class CyclicScheduler(Schedule):
    """Cyclical learning rates between ``base_lr`` and ``max_lr``.

    A cycle is ``step_size_up`` updates up and ``step_size_down`` down::

        cycle = floor(1 + n / (up + down))
        x = 1 + n / (up + down) - cycle
        scale = x / r if x <= r else (x - 1) / (r - 1),   r = up / (up + down)
        lr = base_lr + (max_lr - base_lr) * scale * f

    with ``f = 1`` (triangular), ``1 / 2 ** (cycle - 1)`` (triangular2) or
    ``gamma ** n`` (exp_range).  Periodic: no horizon.  PyTorch: ``CyclicLR``
    with the same arguments, bit for bit.

    Parameters
    ----------
    base_lr : float
        The lower rate, at the start of each cycle.
    max_lr : float
        The upper rate, >= base_lr.
    step_size_up : float
        Updates from ``base_lr`` to ``max_lr``, in [1, 2**53].
    step_size_down : float or None
        Updates back down; ``None`` means ``step_size_up``.
    mode : str
        ``'triangular'``, ``'triangular2'`` or ``'exp_range'``.
    gamma : float
        ``exp_range``'s factor per update, in (0, 1].

    Example
    -------
    >>> s = CyclicScheduler(base_lr=0.0, max_lr=1.0, step_size_up=2, mode='triangular2')
    >>> [s(n) for n in range(9)]
    [0.0, 0.5, 1.0, 0.5, 0.0, 0.25, 0.5, 0.25, 0.0]
    """

    def __init__(self, base_lr, max_lr, step_size_up=2000, step_size_down=None,
                 mode='triangular', gamma=1.0):
        self.base_lr = base_lr
        self.max_lr = max_lr
        _fm.not_above("base_lr", self.base_lr, "max_lr", self.max_lr)
        self.step_size_up = step_size_up
        self.step_size_down = step_size_down
        self.mode = mode
        self.gamma = gamma

    cdef bint c_ok(self) noexcept nogil:
        return True

    cdef double gvalue(self, double n) except? -1.0:
        return self.value(n)

    cdef double value(self, double n) noexcept nogil:
        cdef double up = self.c_step_size_up, down = self.c_step_size_down
        cdef double total, ratio, cycle, x, scale, base, height
        if not self.has_step_size_down:
            down = up
        total = up + down
        ratio = up / total
        cycle = floor(1.0 + n / total)
        x = 1.0 + n / total - cycle
        if x <= ratio:
            scale = x / ratio
        else:
            scale = (x - 1.0) / (ratio - 1.0)
        base = self.c_base_lr
        height = (self.c_max_lr - base) * scale
        if self.c_mode == CYCLIC_TRIANGULAR:
            return base + height * 1.0
        if self.c_mode == CYCLIC_TRIANGULAR2:
            return base + height * (1.0 / pow(2.0, cycle - 1.0))
        return base + height * pow(self.c_gamma, n)

    _params = (("base_lr", "base_lr"), ("max_lr", "max_lr"),
               ("step_size_up", "step_size_up"), ("step_size_down", "step_size_down"),
               ("mode", "mode"), ("gamma", "gamma"))
    _state = ("base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma")
    _lrs = ("max_lr",)

    @property
    def base_lr(self):
        return self.c_base_lr

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = self.c_base_lr
        if old != 0.0:
            _fm.rescale(self, value / old, self._lrs)
        self.c_base_lr = value

    def _rescale(self, ratio):
        scaled = _fm.scaled(self, ratio, ("base_lr",) + self._lrs)
        for name, value in scaled[1:]:
            setattr(self, name, value)
        self.c_base_lr = scaled[0][1]

    @property
    def max_lr(self):
        return self.c_max_lr

    @max_lr.setter
    def max_lr(self, value):
        self.c_max_lr = _fm.lr("max_lr", value)

    @property
    def step_size_up(self):
        return self.c_step_size_up

    @step_size_up.setter
    def step_size_up(self, value):
        self.c_step_size_up = _fm.between("step_size_up", value, 1.0, EXACT)

    @property
    def step_size_down(self):
        return self.c_step_size_down if self.has_step_size_down else None

    @step_size_down.setter
    def step_size_down(self, value):
        value = _fm.optional(_fm.between, "step_size_down", value, 1.0, EXACT)
        self.has_step_size_down = value is not None
        self.c_step_size_down = 0.0 if value is None else value

    @property
    def mode(self):
        return _fm.CYCLIC_MODES[self.c_mode]

    @mode.setter
    def mode(self, value):
        self.c_mode = _fm.CYCLIC_MODES.index(_fm.choice("mode", value, _fm.CYCLIC_MODES))

    @property
    def gamma(self):
        return self.c_gamma

    @gamma.setter
    def gamma(self, value):
        self.c_gamma = _fm.between("gamma", value, 0.0, 1.0, True)


cdef class CosineRestartScheduler(_Warmed):
    """Cosine annealing with warm restarts (SGDR).

    After the warmup, ``t = num_update - warmup_steps`` falls in cycle ``i``,
    which starts at ``s_i = L * (m**i - 1) / (m - 1)`` (``i * L`` when ``m = 1``)
    and lasts ``L_i = L * m**i``, with ``L = cycle_length``, ``m = cycle_mult``::

        lr = final_lr + (base_lr - final_lr) * peak_decay**i
                        * (1 + cos(pi * (t - s_i) / L_i)) / 2

    Restarts go on forever: there is no horizon.  PyTorch:
    ``CosineAnnealingWarmRestarts(opt, T_0, T_mult, eta_min)`` is
    ``CosineRestartScheduler(T_0, base_lr=lr0, final_lr=eta_min, cycle_mult=T_mult)``
    (bit for bit).  Keras: ``CosineDecayRestarts(lr0, first_decay_steps, t_mul,
    m_mul, alpha)`` is ``CosineRestartScheduler(first_decay_steps, base_lr=lr0,
    final_lr=alpha * lr0, cycle_mult=t_mul, peak_decay=m_mul)``.

    Parameters
    ----------
    cycle_length : int
        Updates in the first cycle.
    base_lr : float
        The rate at the start of the first cycle.
    final_lr : float
        The rate each cycle anneals towards.
    cycle_mult : float
        Each cycle is ``cycle_mult`` times longer than the one before; >= 1.
    peak_decay : float
        Each cycle's peak is ``peak_decay`` times the one before; in (0, 1].
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = CosineRestartScheduler(4, base_lr=1.0, cycle_mult=2, peak_decay=0.5)
    >>> s(0), s(2), s(4), s(8), s(12)
    (1.0, 0.5, 0.5, 0.25, 0.25)
    """

    def __init__(self, cycle_length, base_lr=0.01, final_lr=0, cycle_mult=1,
                 peak_decay=1.0, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(CosineRestartScheduler, self).__init__(base_lr, warmup_steps,
                                                     warmup_begin_lr, warmup_mode)
        self.cycle_length = cycle_length
        self.final_lr = final_lr
        self.cycle_mult = cycle_mult
        self.peak_decay = peak_decay

    cdef double value(self, double n) noexcept nogil:
        cdef double steps = self.c_warmup_steps, t, first, mult, i, start, following
        cdef double length, final
        if n < steps:
            return self.warm(n)
        t = n - steps
        first = self.c_cycle_length
        mult = self.c_cycle_mult
        if mult == 1.0:
            i = floor(t / first)
            start = i * first
            if start > t:
                i -= 1.0
                start = i * first
            length = first
        else:
            # log() may put t one cycle off next to a restart: check both ends.
            i = floor(log(t * (mult - 1.0) / first + 1.0) / log(mult))
            start = first * (pow(mult, i) - 1.0) / (mult - 1.0)
            if start > t:
                i -= 1.0
                start = first * (pow(mult, i) - 1.0) / (mult - 1.0)
            else:
                following = first * (pow(mult, i + 1.0) - 1.0) / (mult - 1.0)
                if following <= t:
                    i += 1.0
                    start = following
            length = first * pow(mult, i)
        final = self.c_final_lr
        return final + (self.c_base_lr - final) * pow(self.c_peak_decay, i) \
            * (1.0 + cos(PI * (t - start) / length)) / 2.0

    _params = (("cycle_length", "cycle_length"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr"), ("cycle_mult", "cycle_mult"),
               ("peak_decay", "peak_decay")) + _Warmed._params[1:]
    _state = _Warmed._state + ("cycle_length", "final_lr", "cycle_mult", "peak_decay")
    _lrs = ("final_lr", "warmup_begin_lr")

    @property
    def cycle_length(self):
        return <long long>self.c_cycle_length

    @cycle_length.setter
    def cycle_length(self, value):
        self.c_cycle_length = _fm.count("cycle_length", value, 1)

    @property
    def final_lr(self):
        return self.c_final_lr

    @final_lr.setter
    def final_lr(self, value):
        self.c_final_lr = _fm.lr("final_lr", value)

    @property
    def cycle_mult(self):
        return self.c_cycle_mult

    @cycle_mult.setter
    def cycle_mult(self, value):
        self.c_cycle_mult = _fm.at_least("cycle_mult", value, 1.0)

    @property
    def peak_decay(self):
        return self.c_peak_decay

    @peak_decay.setter
    def peak_decay(self, value):
        self.c_peak_decay = _fm.between("peak_decay", value, 0.0, 1.0, True)


cdef class WarmupStableDecayScheduler(_Warmed):
    """Warmup, a stable plateau at ``base_lr``, then a decay to ``final_lr``.

    The decay phase is the last ``D`` updates before ``max_update``: ``D =
    decay_steps``, or ``decay_fraction * max_update`` (default 0.1).  With
    ``p = (num_update - (max_update - D)) / D``::

        linear: shape = 1 - p
        cosine: shape = (1 + cos(pi * p)) / 2
        1-sqrt: shape = 1 - sqrt(p)
        lr = final_lr + (base_lr - final_lr) * shape

    and ``final_lr`` from ``max_update`` on.  Hugging Face:
    ``get_wsd_schedule(opt, w, d, num_training_steps=T, warmup_type=wt,
    decay_type=dt, min_lr_ratio=r)`` is ``WarmupStableDecayScheduler(T,
    base_lr=lr0, final_lr=r * lr0, decay_steps=d, decay_mode=dt, warmup_steps=w,
    warmup_begin_lr=r * lr0, warmup_mode=wt)`` (its ``'1-sqrt'`` warmup is not
    offered here).

    Parameters
    ----------
    max_update : int
        The end of the decay.
    base_lr : float
        The plateau's rate.
    final_lr : float
        The rate from ``max_update`` on.
    decay_steps : int or None
        Length of the decay phase; wins over ``decay_fraction``.
    decay_fraction : float or None
        Length of the decay phase as a fraction of ``max_update``, in [0, 1].
    decay_mode : str
        ``'linear'``, ``'cosine'`` or ``'1-sqrt'``.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = WarmupStableDecayScheduler(100, base_lr=1.0, decay_steps=20,
    ...                                decay_mode='linear', warmup_steps=10)
    >>> s(5), s(50), s(90), s(100)
    (0.5, 1.0, 0.5, 0.0)
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0, decay_steps=None,
                 decay_fraction=None, decay_mode='cosine', warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        super(WarmupStableDecayScheduler, self).__init__(base_lr, warmup_steps,
                                                         warmup_begin_lr, warmup_mode)
        self.max_update = _fm.horizon(max_update, self.warmup_steps)
        self.final_lr = final_lr
        if decay_steps is not None and decay_fraction is not None:
            raise ValueError(_m.got("give decay_steps or decay_fraction, not both",
                                    decay_steps=decay_steps, decay_fraction=decay_fraction))
        if decay_steps is None and decay_fraction is None:
            decay_fraction = 0.1
        self.decay_steps = decay_steps
        self.decay_fraction = decay_fraction
        self.decay_mode = decay_mode
        if self.warmup_steps + self.decay_length() > self.max_update:
            raise ValueError(_m.got("the warmup and the decay must fit in max_update",
                                    warmup_steps=self.warmup_steps,
                                    decay_length=self.decay_length(),
                                    max_update=self.max_update))

    cdef double decay_length(self) noexcept nogil:
        if self.has_decay_steps:
            return self.c_decay_steps
        if self.has_decay_fraction:
            return self.c_decay_fraction * self.c_max_update
        return 0.0

    cdef double value(self, double n) noexcept nogil:
        cdef double top, length, start, p, shape, final
        if n < self.c_warmup_steps:
            return self.warm(n)
        top = self.c_max_update
        if n >= top:
            return self.c_final_lr
        length = self.decay_length()
        start = top - length
        if n < start:
            return self.c_base_lr
        p = (n - start) / length
        if self.c_decay_mode == DECAY_LINEAR:
            shape = 1.0 - p
        elif self.c_decay_mode == DECAY_COSINE:
            shape = (1.0 + cos(PI * p)) / 2.0
        else:
            shape = 1.0 - sqrt(p)
        final = self.c_final_lr
        return final + (self.c_base_lr - final) * shape

    _params = (("max_update", "max_update"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr"), ("decay_steps", "decay_steps"),
               ("decay_fraction", "decay_fraction"),
               ("decay_mode", "decay_mode")) + _Warmed._params[1:]
    _state = _Warmed._state + ("max_update", "final_lr", "decay_steps", "decay_fraction",
                               "decay_mode")
    _lrs = ("final_lr", "warmup_begin_lr")

    @property
    def max_update(self):
        return <long long>self.c_max_update

    @max_update.setter
    def max_update(self, value):
        self.c_max_update = _fm.count("max_update", value, 1)

    @property
    def final_lr(self):
        return self.c_final_lr

    @final_lr.setter
    def final_lr(self, value):
        self.c_final_lr = _fm.lr("final_lr", value)

    @property
    def decay_steps(self):
        return <long long>self.c_decay_steps if self.has_decay_steps else None

    @decay_steps.setter
    def decay_steps(self, value):
        value = _fm.optional(_fm.count, "decay_steps", value)
        self.has_decay_steps = value is not None
        self.c_decay_steps = 0.0 if value is None else value

    @property
    def decay_fraction(self):
        return self.c_decay_fraction if self.has_decay_fraction else None

    @decay_fraction.setter
    def decay_fraction(self, value):
        value = _fm.optional(_fm.between, "decay_fraction", value, 0.0, 1.0)
        self.has_decay_fraction = value is not None
        self.c_decay_fraction = 0.0 if value is None else value

    @property
    def decay_mode(self):
        return _fm.DECAY_MODES[self.c_decay_mode]

    @decay_mode.setter
    def decay_mode(self, value):
        self.c_decay_mode = _fm.DECAY_MODES.index(
            _fm.choice("decay_mode", value, _fm.DECAY_MODES))


cdef class PiecewiseScheduler(Schedule):
    """Piecewise constant or interpolated rates through given points.

    ``interpolate='constant'``: ``values[k]`` where ``k`` is the number of
    boundaries ``<= num_update`` (one more value than boundaries).
    ``'linear'`` or ``'cosine'``: the rate passes through ``(boundaries[i],
    values[i])`` (one value per boundary) and is flat outside them; between
    two points at fraction ``pct``::

        linear: (v1 - v0) * pct + v0
        cosine: v1 + (v0 - v1) / 2 * (cos(pi * pct) + 1)

    ``base_lr`` is ``max(values)``; writing it rescales every value.  optax:
    ``piecewise_constant_schedule(v, {b1: s1, b2: s2})`` is
    ``PiecewiseScheduler([b1, b2], [v, v * s1, v * s1 * s2])``, and
    ``piecewise_interpolate_schedule(kind, v, {b1: s1, ...})`` is
    ``PiecewiseScheduler([-1, b1, ...], [v, v * s1, ...], kind)`` (optax's
    first ramp starts at count -1).

    Parameters
    ----------
    boundaries : list of float
        Strictly increasing update counts.
    values : list of float
        The learning rates.
    interpolate : str
        ``'constant'``, ``'linear'`` or ``'cosine'``.

    Example
    -------
    >>> s = PiecewiseScheduler([10, 20], [1.0, 0.5, 0.25])
    >>> s(9), s(10), s(20)
    (1.0, 0.5, 0.25)
    >>> t = PiecewiseScheduler([0, 10], [0.0, 1.0], interpolate='linear')
    >>> t(5), t(50)
    (0.5, 1.0)
    """

    def __init__(self, boundaries, values, interpolate='constant'):
        self.boundaries = boundaries
        self.values = values
        self.interpolate = interpolate
        _fm.piecewise(self.boundaries, self.values, self.interpolate)

    def __dealloc__(self):
        free(self.c_boundaries)
        free(self.c_values)

    cdef bint c_ok(self) noexcept nogil:
        return True

    cdef double gvalue(self, double n) except? -1.0:
        return self.value(n)

    cdef double value(self, double n) noexcept nogil:
        cdef double* bounds = self.c_boundaries
        cdef double* values = self.c_values
        cdef Py_ssize_t k, size
        cdef double low, pct, a, b
        if self.c_nvalues == 0:
            return NAN
        if self.c_interpolate == INTERPOLATE_CONSTANT:
            k = _bisect_right(bounds, self.c_nboundaries, n)
            return values[k] if k < self.c_nvalues else values[self.c_nvalues - 1]
        size = min(self.c_nboundaries, self.c_nvalues)
        k = _bisect_right(bounds, size, n)
        if k == 0:
            return values[0]
        if k == size:
            return values[size - 1]
        low = bounds[k - 1]
        pct = (n - low) / (bounds[k] - low)
        a = values[k - 1]
        b = values[k]
        if self.c_interpolate == INTERPOLATE_LINEAR:
            return (b - a) * pct + a
        return b + (a - b) / 2.0 * (cos(PI * pct) + 1.0)

    _params = (("boundaries", "boundaries"), ("values", "values"),
               ("interpolate", "interpolate"))
    _state = ("boundaries", "values", "interpolate")

    @property
    def base_lr(self):
        return max(self.values)

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = max(self.values)
        if old == 0.0:
            raise ValueError(_m.got("cannot rescale values that are all 0", base_lr=value))
        ratio = value / old
        self.values = [value if v == old else v * ratio for v in self.values]

    def _rescale(self, ratio):
        self.values = [v * ratio for v in self.values]

    @property
    def boundaries(self):
        return self._boundaries

    @boundaries.setter
    def boundaries(self, value):
        cdef tuple items = _fm.boundaries(value)
        cdef double* array = _doubles(items)
        free(self.c_boundaries)
        self.c_boundaries = array
        self.c_nboundaries = len(items)
        self._boundaries = items

    @property
    def values(self):
        return self._values

    @values.setter
    def values(self, value):
        cdef tuple items = _fm.rates(value)
        cdef double* array = _doubles(items)
        free(self.c_values)
        self.c_values = array
        self.c_nvalues = len(items)
        self._values = items

    @property
    def interpolate(self):
        return _fm.INTERPOLATIONS[self.c_interpolate]

    @interpolate.setter
    def interpolate(self, value):
        self.c_interpolate = _fm.INTERPOLATIONS.index(
            _fm.choice("interpolate", value, _fm.INTERPOLATIONS))


cdef class PlateauScheduler(Schedule):
    """Reduce the rate when a metric stops improving; multiplies an inner schedule.

    ``record(metric)`` after each evaluation; after more than ``patience``
    records without improvement the factor ``scale`` is multiplied by
    ``factor``, then ``cooldown`` records pass before counting again.  Improving
    means, with ``threshold_mode`` ``'rel'`` or ``'abs'``::

        min: metric < best * (1 - threshold)   or  metric < best - threshold
        max: metric > best * (threshold + 1)   or  metric > best + threshold

    The rate is ``schedule(num_update) * scale``, never below ``final_lr``
    (nor raised above ``schedule(num_update)`` by it).  PyTorch:
    ``ReduceLROnPlateau(opt, mode, factor, patience, threshold, threshold_mode,
    cooldown, min_lr, eps=0)`` on a rate ``lr0`` is ``PlateauScheduler(base_lr=lr0,
    ...)`` with ``final_lr=min_lr`` (to 1e-12: PyTorch multiplies the rate in
    place; reductions smaller than its ``eps`` are not skipped here).
    ``base_lr`` reads and writes the inner schedule's.

    Parameters
    ----------
    schedule : callable, optional
        The inner schedule; default ``ConstantScheduler(base_lr)``.
    mode : str
        ``'min'`` or ``'max'``.
    factor : float
        Factor of each reduction, in [0, 1).
    patience : int
        Records without improvement tolerated.
    threshold : float
        Least significant change, >= 0.
    threshold_mode : str
        ``'rel'`` or ``'abs'``.
    cooldown : int
        Records to wait after a reduction.
    final_lr : float
        The lowest rate a reduction leads to.
    base_lr : float, optional
        The rate of the default inner schedule (0.01); not with ``schedule``.

    Example
    -------
    >>> s = PlateauScheduler(base_lr=1.0, factor=0.5, patience=1)
    >>> [s.record(loss) for loss in (3, 2, 2, 2)], s(100)
    ([False, False, False, True], 0.5)
    """

    def __init__(self, schedule=None, mode='min', factor=0.1, patience=10,
                 threshold=1e-4, threshold_mode='rel', cooldown=0, final_lr=0,
                 base_lr=None):
        if schedule is None:
            schedule = ConstantScheduler(0.01 if base_lr is None else base_lr)
        elif base_lr is not None:
            raise ValueError(_m.got("give schedule or base_lr, not both",
                                    schedule=schedule, base_lr=base_lr))
        self.schedule = schedule
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.threshold_mode = threshold_mode
        self.cooldown = cooldown
        self.final_lr = final_lr
        self.scale = 1.0
        self.best = INF if self.mode == "min" else -INF
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.num_records = 0

    def record(self, metric):
        """Record a metric; return True when it reduced the rate."""
        cdef double current = _fm.metric(metric)
        self.num_records = self.num_records + 1
        bad = self.num_bad_epochs
        if self.better(current):
            self.best = current
            bad = 0
        else:
            bad += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter = self.cooldown_counter - 1
            bad = 0
        reduced = bad > self.patience
        if reduced:
            self.scale = self.scale * self.factor
            self.cooldown_counter = self.cooldown
            bad = 0
        self.num_bad_epochs = bad
        return reduced

    cdef bint better(self, double current) noexcept:
        cdef double best = self.c_best
        if self.c_mode == MODE_MIN:
            if self.c_threshold_mode == THRESHOLD_REL:
                return current < best * (1.0 - self.c_threshold)
            return current < best - self.c_threshold
        if self.c_threshold_mode == THRESHOLD_REL:
            return current > best * (self.c_threshold + 1.0)
        return current > best + self.c_threshold

    cdef bint c_ok(self) noexcept nogil:
        return self.exact and self.c_part.c_ok()

    cdef double value(self, double n) noexcept nogil:
        return self.floored(self.c_part.value(n))

    cdef double gvalue(self, double n) except? -1.0:
        return self.floored(_part(self._schedule, self.exact, n))

    cdef double floored(self, double inner) noexcept nogil:
        cdef double lr = inner * self.c_scale
        cdef double low = self.c_final_lr if self.c_final_lr < inner else inner
        if lr > low:
            return lr
        return low

    _params = (("schedule", "schedule"), ("mode", "mode"), ("factor", "factor"),
               ("patience", "patience"), ("threshold", "threshold"),
               ("threshold_mode", "threshold_mode"), ("cooldown", "cooldown"),
               ("final_lr", "final_lr"))
    _state = ("schedule", "mode", "factor", "patience", "threshold", "threshold_mode",
              "cooldown", "final_lr", "scale", "best", "num_bad_epochs",
              "cooldown_counter", "num_records")

    @property
    def base_lr(self):
        return _fm.base_lr_of(self._schedule)

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = _fm.base_lr_of(self._schedule)
        if old != 0.0:
            _fm.rescale(self, value / old, ("final_lr",))
        self._schedule.base_lr = value

    def _rescale(self, ratio):
        _fm.rescale(self, ratio, ("final_lr",))
        _fm.scale_part(self._schedule, ratio)

    @property
    def schedule(self):
        return self._schedule

    @schedule.setter
    def schedule(self, value):
        value = _fm.schedule("schedule", value)
        self.exact = type(value) in _EXACT
        self.c_part = value if self.exact else None
        self._schedule = value

    @property
    def mode(self):
        return _fm.PLATEAU_MODES[self.c_mode]

    @mode.setter
    def mode(self, value):
        self.c_mode = _fm.PLATEAU_MODES.index(_fm.choice("mode", value, _fm.PLATEAU_MODES))

    @property
    def factor(self):
        return self.c_factor

    @factor.setter
    def factor(self, value):
        self.c_factor = _fm.between("factor", value, 0.0, 1.0, False, True)

    @property
    def patience(self):
        return <long long>self.c_patience

    @patience.setter
    def patience(self, value):
        self.c_patience = _fm.count("patience", value)

    @property
    def threshold(self):
        return self.c_threshold

    @threshold.setter
    def threshold(self, value):
        self.c_threshold = _fm.at_least("threshold", value, 0.0)

    @property
    def threshold_mode(self):
        return _fm.THRESHOLD_MODES[self.c_threshold_mode]

    @threshold_mode.setter
    def threshold_mode(self, value):
        self.c_threshold_mode = _fm.THRESHOLD_MODES.index(
            _fm.choice("threshold_mode", value, _fm.THRESHOLD_MODES))

    @property
    def cooldown(self):
        return <long long>self.c_cooldown

    @cooldown.setter
    def cooldown(self, value):
        self.c_cooldown = _fm.count("cooldown", value)

    @property
    def final_lr(self):
        return self.c_final_lr

    @final_lr.setter
    def final_lr(self, value):
        self.c_final_lr = _fm.lr("final_lr", value)

    @property
    def scale(self):
        return self.c_scale

    @scale.setter
    def scale(self, value):
        self.c_scale = _fm.lr("scale", value)

    @property
    def best(self):
        return self.c_best

    @best.setter
    def best(self, value):
        self.c_best = _fm.metric(value)

    @property
    def num_bad_epochs(self):
        return <long long>self.c_num_bad_epochs

    @num_bad_epochs.setter
    def num_bad_epochs(self, value):
        self.c_num_bad_epochs = _fm.count("num_bad_epochs", value)

    @property
    def cooldown_counter(self):
        return <long long>self.c_cooldown_counter

    @cooldown_counter.setter
    def cooldown_counter(self, value):
        self.c_cooldown_counter = _fm.count("cooldown_counter", value)

    @property
    def num_records(self):
        return <long long>self.c_num_records

    @num_records.setter
    def num_records(self, value):
        self.c_num_records = _fm.count("num_records", value)


cdef class Warmup(Schedule):
    """Warm up any schedule: ``warmup_steps`` updates from ``warmup_begin_lr``
    up to ``target = schedule(warmup_steps)``, then ``schedule(num_update)``.

    For ``n = num_update < warmup_steps``::

        linear:      begin + (target - begin) * n / warmup_steps
        constant:    begin
        cosine:      begin + (target - begin) * (1 - cos(pi * n / warmup_steps)) / 2
        exponential: begin * (target / begin) ** (n / warmup_steps)

    The wrapped schedule sees ``num_update`` unchanged, so the ramp meets it at
    ``warmup_steps`` without a jump.  It may be any callable; one of this
    module's classes keeps the whole computation in C.  ``base_lr`` reads and
    writes the wrapped schedule's (and rescales ``warmup_begin_lr``).

    Parameters
    ----------
    schedule : callable
        ``lr = schedule(num_update)``.
    warmup_steps : int
        Number of warmup updates.
    warmup_begin_lr : float
        The rate at ``num_update = 0``; > 0 for ``'exponential'``.
    warmup_mode : str
        ``'linear'``, ``'constant'``, ``'cosine'`` or ``'exponential'``.

    Example
    -------
    >>> s = Warmup(lambda n: 1.0 / n, warmup_steps=4, warmup_begin_lr=0.05,
    ...            warmup_mode='exponential')
    >>> s(0), s(2), s(4), s(8)
    (0.05, 0.1118033988749895, 0.25, 0.125)
    """

    def __init__(self, schedule, warmup_steps, warmup_begin_lr=0, warmup_mode='linear'):
        self.schedule = schedule
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.warmup_mode = warmup_mode
        _fm.exponential_start(self.warmup_steps, self.warmup_begin_lr, self.warmup_mode)

    cdef bint c_ok(self) noexcept nogil:
        return self.exact and self.c_part.c_ok()

    cdef double value(self, double n) noexcept nogil:
        cdef double steps = self.c_warmup_steps
        if n < steps:
            return _ramp(self.c_warmup_mode, self.c_warmup_begin_lr,
                         self.c_part.value(steps), n, steps)
        return self.c_part.value(n)

    cdef double gvalue(self, double n) except? -1.0:
        cdef double steps = self.c_warmup_steps
        if n < steps:
            return _ramp(self.c_warmup_mode, self.c_warmup_begin_lr,
                         _part(self._schedule, self.exact, steps), n, steps)
        return _part(self._schedule, self.exact, n)

    _params = (("schedule", "schedule"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = ("schedule", "warmup_steps", "warmup_begin_lr", "warmup_mode")

    @property
    def base_lr(self):
        return _fm.base_lr_of(self._schedule)

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = _fm.base_lr_of(self._schedule)
        if old != 0.0:
            _fm.rescale(self, value / old, ("warmup_begin_lr",))
        self._schedule.base_lr = value

    def _rescale(self, ratio):
        _fm.rescale(self, ratio, ("warmup_begin_lr",))
        _fm.scale_part(self._schedule, ratio)

    @property
    def schedule(self):
        return self._schedule

    @schedule.setter
    def schedule(self, value):
        value = _fm.schedule("schedule", value)
        self.exact = type(value) in _EXACT
        self.c_part = value if self.exact else None
        self._schedule = value

    @property
    def warmup_steps(self):
        return <long long>self.c_warmup_steps

    @warmup_steps.setter
    def warmup_steps(self, value):
        self.c_warmup_steps = _fm.count("warmup_steps", value)

    @property
    def warmup_begin_lr(self):
        return self.c_warmup_begin_lr

    @warmup_begin_lr.setter
    def warmup_begin_lr(self, value):
        self.c_warmup_begin_lr = _fm.lr("warmup_begin_lr", value)

    @property
    def warmup_mode(self):
        return _fm.WARMUP_MODES[self.c_warmup_mode]

    @warmup_mode.setter
    def warmup_mode(self, value):
        self.c_warmup_mode = _fm.WARMUP_MODES.index(
            _fm.choice("warmup_mode", value, _fm.WARMUP_MODES))


cdef class _Parts(Schedule):
    """Composites of several schedules, kept as C pointers for the nogil path."""

    def __dealloc__(self):
        free(self.c_parts)
        free(self.c_exact)

    cdef int set_parts(self, tuple parts) except -1:
        cdef Py_ssize_t i, count = len(parts)
        cdef PyObject** pointers = <PyObject**>malloc(max(count, 1) * sizeof(PyObject*))
        cdef bint* exact = <bint*>malloc(max(count, 1) * sizeof(bint))
        if pointers == NULL or exact == NULL:
            free(pointers)
            free(exact)
            raise MemoryError()
        all_exact = True
        for i in range(count):
            pointers[i] = <PyObject*>parts[i]
            exact[i] = type(parts[i]) in _EXACT
            all_exact = all_exact and exact[i]
        free(self.c_parts)
        free(self.c_exact)
        self.c_parts = pointers
        self.c_exact = exact
        self.c_count = count
        self.all_exact = all_exact and count > 0
        self._schedules = parts
        return 0

    cdef bint c_ok(self) noexcept nogil:
        cdef Py_ssize_t i
        if not self.all_exact:
            return False
        for i in range(self.c_count):
            if not (<Schedule>self.c_parts[i]).c_ok():
                return False
        return True

    @property
    def schedules(self):
        return self._schedules

    @schedules.setter
    def schedules(self, value):
        self.set_parts(_fm.schedules(value))


cdef class SequentialScheduler(_Parts):
    """Run schedules one after another, each from its own update 1.

    With milestones ``m_1 < m_2 < ...`` (and ``m_0 = 0``), schedule ``i`` covers
    ``m_i < num_update <= m_{i+1}`` and is called with ``num_update - m_i``: it
    sees 1, 2, ... like a fresh MXNet scheduler (``num_update = 0`` goes to the
    first schedule as 0).  So a schedule with ``max_update = m_{i+1} - m_i``
    reaches its final rate exactly at the next milestone.  Sequences nest.
    ``base_lr`` is the largest of the parts' ``base_lr``; writing it rescales
    every part by ``new / old``.
    PyTorch's ``SequentialLR`` hands over at the milestone itself (step
    ``m_i`` is the next scheduler's step 0); here ``m_i`` still belongs to the
    previous schedule.

    Parameters
    ----------
    schedules : list of callables
        At least one; ``len(milestones) + 1`` of them.
    milestones : list of int
        Strictly increasing update counts >= 1.

    Example
    -------
    >>> warm = LinearScheduler(max_update=4, base_lr=0.0, final_lr=1.0)
    >>> decay = LinearScheduler(max_update=8, base_lr=1.0, final_lr=0.0)
    >>> s = SequentialScheduler([warm, decay], milestones=[4])
    >>> s(2), s(4), s(8), s(12), s(100)
    (0.5, 1.0, 0.5, 0.0, 0.0)
    """

    def __init__(self, schedules, milestones):
        self.schedules = schedules
        self.milestones = milestones
        if len(self.milestones) != len(self.schedules) - 1:
            raise ValueError(_m.got("milestones must have one entry fewer than schedules",
                                    schedules=len(self.schedules),
                                    milestones=list(self.milestones)))

    def __dealloc__(self):
        free(self.c_milestones)

    cdef double value(self, double n) noexcept nogil:
        cdef Py_ssize_t k = _bisect_left(self.c_milestones, self.c_nmilestones, n)
        if k > self.c_count - 1:
            k = self.c_count - 1
        if k == 0:
            return (<Schedule>self.c_parts[0]).value(n)
        return (<Schedule>self.c_parts[k]).value(n - self.c_milestones[k - 1])

    cdef double gvalue(self, double n) except? -1.0:
        cdef Py_ssize_t k = _bisect_left(self.c_milestones, self.c_nmilestones, n)
        if self.c_count == 0:
            raise AttributeError("schedules")
        if k > self.c_count - 1:
            k = self.c_count - 1
        if k == 0:
            return _part(self._schedules[0], self.c_exact[0], n)
        return _part(self._schedules[k], self.c_exact[k], n - self.c_milestones[k - 1])

    _params = (("schedules", "schedules"), ("milestones", "milestones"))
    _state = ("schedules", "milestones")

    @property
    def base_lr(self):
        return max(_fm.base_lr_of(part) for part in self._schedules)

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = self.base_lr
        if old == 0.0:
            raise ValueError(_m.got("cannot rescale schedules whose base_lr are all 0",
                                    base_lr=value))
        self._rescale(value / old)

    def _rescale(self, ratio):
        for part in self._schedules:
            _fm.base_lr_of(part)
        for part in self._schedules:
            _fm.scale_part(part, ratio)

    @property
    def milestones(self):
        return self._milestones

    @milestones.setter
    def milestones(self, value):
        cdef tuple items = _fm.milestones(value)
        cdef double* array = _doubles(items)
        free(self.c_milestones)
        self.c_milestones = array
        self.c_nmilestones = len(items)
        self._milestones = items


cdef class ProductScheduler(_Parts):
    """The product of schedules: ``lr = s_1(num_update) * s_2(num_update) * ...``.

    For example a schedule times a shape that is 1 at its peak, or a
    schedule times a factor.  ``base_lr`` reads and writes the first
    schedule's.

    Parameters
    ----------
    *schedules : callables
        At least one (or ``schedules=[...]`` by keyword).

    Example
    -------
    >>> s = ProductScheduler(ConstantScheduler(base_lr=0.5),
    ...                      LinearScheduler(max_update=10, base_lr=1.0, final_lr=0.0))
    >>> s(0), s(5), s(10)
    (0.5, 0.25, 0.0)
    """

    def __init__(self, *parts, schedules=None):
        if parts and schedules is not None:
            raise TypeError("give the schedules as arguments or as schedules=, not both")
        self.schedules = parts if schedules is None else schedules

    cdef double value(self, double n) noexcept nogil:
        cdef Py_ssize_t i
        cdef double lr = (<Schedule>self.c_parts[0]).value(n)
        for i in range(1, self.c_count):
            lr = lr * (<Schedule>self.c_parts[i]).value(n)
        return lr

    cdef double gvalue(self, double n) except? -1.0:
        cdef Py_ssize_t i
        cdef double lr
        if self.c_count == 0:
            raise AttributeError("schedules")
        lr = _part(self._schedules[0], self.c_exact[0], n)
        for i in range(1, self.c_count):
            lr = lr * _part(self._schedules[i], self.c_exact[i], n)
        return lr

    _params = (("schedules", "schedules"),)
    _state = ("schedules",)

    @property
    def base_lr(self):
        return _fm.base_lr_of(self._schedules[0])

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        _fm.base_lr_of(self._schedules[0])
        self._schedules[0].base_lr = value

    def _rescale(self, ratio):
        _fm.scale_part(self._schedules[0], ratio)


_EXACT = frozenset([ConstantScheduler, LinearScheduler, ExponentialScheduler,
                    InverseSqrtScheduler, OneCycleScheduler, CyclicScheduler,
                    CosineRestartScheduler, WarmupStableDecayScheduler, PiecewiseScheduler,
                    PlateauScheduler, Warmup, SequentialScheduler, ProductScheduler])
