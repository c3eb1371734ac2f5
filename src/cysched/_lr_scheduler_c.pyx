# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, binding=True
"""MXNet 1.9.1's learning-rate schedulers as typed Cython classes.

This is the twin of the pure-Python ``cysched._lr_scheduler_py``: same classes,
same method order, same docstrings, same numbers.  ``cysched.lr_scheduler``
uses it whenever it imports; the pure twin's code runs instead for states
these classes do not cover in C (attributes overwritten with other types,
integers beyond 2**53).
"""
from libc.math cimport cos, pow, ceil, isinf, isfinite, signbit
from cpython.float cimport PyFloat_FromDouble, PyFloat_AS_DOUBLE
from cpython.long cimport PyLong_AsLongLongAndOverflow, PyLong_FromLongLong

from cysched import _log
from cysched import _state
from cysched import _messages as _m
from cysched import _lr_scheduler_py as _py

__all__ = ["LRScheduler", "FactorScheduler", "MultiFactorScheduler",
           "PolyScheduler", "CosineScheduler"]

cdef double EXACT = 9007199254740992.0        # 2**53
cdef double PI = 3.141592653589793            # math.pi
cdef enum:
    MODE_OTHER = 0
    MODE_LINEAR = 1
    MODE_CONSTANT = 2

_PUBLIC_MODULES = (__name__, "cysched._lr_scheduler_py", "cysched.lr_scheduler")


cdef inline bint _load(object o, double* value, bint* is_int) noexcept:
    """Cache ``o``: true when it is an exact int within +-2**53 or a finite float."""
    cdef long long x
    cdef int overflow = 0
    if type(o) is float:
        value[0] = PyFloat_AS_DOUBLE(o)
        is_int[0] = False
        return isfinite(value[0])
    if type(o) is int:
        x = PyLong_AsLongLongAndOverflow(o, &overflow)
        if overflow or x > 9007199254740992LL or x < -9007199254740992LL:
            return False
        value[0] = <double>x
        is_int[0] = True
        return True
    return False


cdef inline object _number(double value, bint is_int):
    if is_int:
        return PyLong_FromLongLong(<long long>value)
    return PyFloat_FromDouble(value)


cdef inline bint _same(double a, bint a_int, double b, bint b_int) noexcept:
    """Same number: value, int-ness and sign of zero."""
    return a == b and a_int == b_int and signbit(a) == signbit(b)


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


cdef class LRScheduler:
    """Base class of a learning rate scheduler.

    A scheduler returns a new learning rate based on the number of updates that
    have been performed: ``lr = scheduler(num_update)``, ``num_update`` counting
    from 1.  Subclass it and override ``__call__`` for a custom schedule.

    During the first ``warmup_steps`` updates the rate ramps from
    ``warmup_begin_lr`` to ``base_lr``::

        linear:   warmup_begin_lr + (base_lr - warmup_begin_lr) * n / warmup_steps
        constant: warmup_begin_lr

    Parameters
    ----------
    base_lr : float, optional
        The initial learning rate.
    warmup_steps : int
        Number of warmup steps used before this scheduler starts decay.
    warmup_begin_lr : float
        If using warmup, the learning rate from which it starts warming up.
    warmup_mode : str
        ``'linear'`` increases the rate in equal increments; ``'constant'``
        keeps it at ``warmup_begin_lr`` for ``warmup_steps``.

    Example
    -------
    >>> class Halving(LRScheduler):
    ...     def __call__(self, num_update):
    ...         if num_update < self.warmup_steps:
    ...             return self.get_warmup_lr(num_update)
    ...         return self.base_lr / 2
    >>> Halving(base_lr=1, warmup_steps=2)(1), Halving(base_lr=1)(5)
    (0.5, 0.5)
    """

    def __init__(self, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0,
                 warmup_mode='linear'):
        base_lr, warmup_steps, warmup_begin_lr = _m.warmup(
            base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self._base_lr = base_lr
        self._warmup_steps = warmup_steps
        # MXNet 1.9.1 freezes the warmup target at construction: a later write
        # of base_lr (the optimizer's learning_rate) does not move it.
        self._warmup_final_lr = base_lr
        self._warmup_begin_lr = warmup_begin_lr
        self._warmup_mode = warmup_mode
        self._sync()

    cpdef get_warmup_lr(self, num_update):
        """The warmup learning rate for ``num_update < warmup_steps``."""
        cdef double n
        if not (self.fast and _update(num_update, &n) and self.mode != MODE_OTHER):
            return _py.LRScheduler.get_warmup_lr(self, num_update)
        if not n < self.c_warmup_steps:
            raise _m.bad_warmup_call(num_update, self._warmup_steps)
        if self.mode == MODE_CONSTANT:
            return self._warmup_begin_lr
        return PyFloat_FromDouble(self._warmup(n))

    def __call__(self, num_update):
        """Return the learning rate for update ``num_update``.

        ``num_update`` is the largest number of updates applied to any weight:
        ``max(k_i)`` when weight *i* has been updated *k_i* times.
        """
        raise NotImplementedError(_m.MUST_OVERRIDE)

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

    _params = (("base_lr", "base_lr"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = ("base_lr", "warmup_steps", "warmup_begin_lr", "warmup_final_lr",
              "warmup_mode")

    # -- C side ---------------------------------------------------------------

    cdef bint _sync(self):
        """Refresh the C caches from the attribute objects; set ``fast``."""
        cdef bint unused
        if self._warmup_mode == 'linear':
            self.mode = MODE_LINEAR
        elif self._warmup_mode == 'constant':
            self.mode = MODE_CONSTANT
        else:
            self.mode = MODE_OTHER
        self.fast = (_load(self._base_lr, &self.c_base_lr, &self.i_base_lr)
                     and _load(self._warmup_steps, &self.c_warmup_steps, &unused)
                     and _load(self._warmup_begin_lr, &self.c_warmup_begin_lr,
                               &self.i_warmup_begin_lr)
                     and _load(self._warmup_final_lr, &self.c_warmup_final_lr,
                               &self.i_warmup_final_lr))
        return self.fast

    cdef double _warmup(self, double n) noexcept nogil:
        # MXNet's order: (final - begin) * float(n) / float(warmup_steps), then + begin.
        cdef double increase = (self.c_warmup_final_lr - self.c_warmup_begin_lr) \
            * n / self.c_warmup_steps
        return self.c_warmup_begin_lr + increase

    # -- attributes -------------------------------------------------------------

    @property
    def base_lr(self):
        return self._base_lr

    @base_lr.setter
    def base_lr(self, value):
        self._base_lr = value
        self._sync()

    @property
    def warmup_steps(self):
        return self._warmup_steps

    @warmup_steps.setter
    def warmup_steps(self, value):
        self._warmup_steps = value
        self._sync()

    @property
    def warmup_begin_lr(self):
        return self._warmup_begin_lr

    @warmup_begin_lr.setter
    def warmup_begin_lr(self, value):
        self._warmup_begin_lr = value
        self._sync()

    @property
    def warmup_final_lr(self):
        return self._warmup_final_lr

    @warmup_final_lr.setter
    def warmup_final_lr(self, value):
        self._warmup_final_lr = value
        self._sync()

    @property
    def warmup_mode(self):
        return self._warmup_mode

    @warmup_mode.setter
    def warmup_mode(self, value):
        self._warmup_mode = value
        self._sync()


cdef class FactorScheduler(LRScheduler):
    """Reduce the learning rate by a factor for every *n* steps.

    It returns a new learning rate by::

        base_lr * pow(factor, floor(num_update / step))

    never going below ``stop_factor_lr``.  Like MXNet 1.9.1 it decays
    ``base_lr`` in place: the rate only ever goes down, whatever order the
    updates come in.  A resume at a large ``num_update`` returns at once.

    Parameters
    ----------
    step : int
        Changes the learning rate for every n updates.
    factor : float, optional
        The factor to change the learning rate.
    stop_factor_lr : float, optional
        Stop updating the learning rate if it is less than this value.
    base_lr, warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`LRScheduler`.

    Example
    -------
    >>> s = FactorScheduler(base_lr=1, step=250, factor=0.5)
    >>> s(1), s(250), s(251), s(501)
    (1, 1, 0.5, 0.25)
    """

    def __init__(self, step, factor=1, stop_factor_lr=1e-8, base_lr=0.01,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(FactorScheduler, self).__init__(base_lr, warmup_steps,
                                              warmup_begin_lr, warmup_mode)
        self._step = _m.step(step)
        self._factor = _m.factor(factor)
        self._stop_factor_lr = _m.real("stop_factor_lr", stop_factor_lr)
        self._count = 0
        self._sync()

    def __call__(self, num_update):
        cdef double n
        if self.fast and _update(num_update, &n):
            return self._lr(num_update, n)
        # Other number types, odd attribute values: the twin's code, on this object.
        return _py.FactorScheduler.__call__(self, num_update)

    _params = (("step", "step"), ("factor", "factor"),
               ("stop_factor_lr", "stop_factor_lr")) + LRScheduler._params
    _state = LRScheduler._state + ("step", "factor", "stop_factor_lr", "count")

    # -- C side ---------------------------------------------------------------

    cdef bint _sync(self):
        LRScheduler._sync(self)
        self.fast = (self.fast
                     and _load(self._step, &self.c_step, &self.i_step)
                     and _load(self._factor, &self.c_factor, &self.i_factor)
                     and _load(self._stop_factor_lr, &self.c_stop_factor_lr,
                               &self.i_stop_factor_lr)
                     and _load(self._count, &self.c_count, &self.i_count)
                     and self.c_step >= 1
                     # an int factor other than 0 or 1 keeps base_lr an int
                     # that grows past 2**53: left to Python's integers.
                     and not (self.i_factor and self.c_factor != 0 and self.c_factor != 1))
        return self.fast

    cdef object _lr(self, object num_update, double n):
        if n < self.c_warmup_steps:
            return self.get_warmup_lr(num_update)
        if n > self.c_count + self.c_step:
            self._decay(num_update, n)
        return self._base_lr

    cdef int _decay(self, object num_update, double n) except -1:
        """MXNet 1.9.1's ``while num_update > count + step`` loop, stopped early
        once ``base_lr`` reaches a fixed point (the clamp, ``factor == 1``)."""
        cdef double base = self.c_base_lr, count = self.c_count, old
        cdef double step = self.c_step, factor = self.c_factor
        cdef double stop = self.c_stop_factor_lr
        cdef bint base_int = self.i_base_lr, count_int = self.i_count, old_int
        cdef bint clamped = False, skip_in_python = False
        cdef long long last, whole_count, whole_step
        log = _log.enabled()
        while n > count + step:
            old = base
            old_int = base_int
            count = count + step
            count_int = count_int and self.i_step
            base = base * factor
            base_int = base_int and self.i_factor
            clamped = base < stop
            if clamped:
                base = stop
                base_int = self.i_stop_factor_lr
                # MXNet 1.9.1 repeats this line on every later step; it is
                # logged once, when the clamp changes the rate.
                if log and old != base:
                    _log.info(_m.LOG_CLAMP, num_update, self._stop_factor_lr)
            elif log:
                _log.info(_m.LOG_CHANGE, num_update, _number(base, base_int))
            if _same(old, old_int, base, base_int):
                if count_int:
                    last = <long long>ceil(n)
                    whole_count = <long long>count
                    whole_step = <long long>step
                    if last - whole_count - 1 >= whole_step:
                        count = <double>(whole_count
                                         + (last - whole_count - 1) // whole_step * whole_step)
                else:
                    skip_in_python = True
                break
        self.c_count = count
        self.i_count = count_int
        self._count = _number(count, count_int)
        self.c_base_lr = base
        self.i_base_lr = base_int
        self._base_lr = self._stop_factor_lr if clamped else _number(base, base_int)
        if skip_in_python:
            _py._skip_steps(self, num_update)
        return 0

    # -- attributes -------------------------------------------------------------

    @property
    def step(self):
        return self._step

    @step.setter
    def step(self, value):
        self._step = value
        self._sync()

    @property
    def factor(self):
        return self._factor

    @factor.setter
    def factor(self, value):
        self._factor = value
        self._sync()

    @property
    def stop_factor_lr(self):
        return self._stop_factor_lr

    @stop_factor_lr.setter
    def stop_factor_lr(self, value):
        self._stop_factor_lr = value
        self._sync()

    @property
    def count(self):
        return self._count

    @count.setter
    def count(self, value):
        self._count = value
        self._sync()


cdef class MultiFactorScheduler(LRScheduler):
    """Reduce the learning rate by given a list of steps.

    Assume there exists *k* such that::

       step[k] <= num_update and num_update < step[k+1]

    Then calculate the new learning rate by::

       base_lr * pow(factor, k+1)

    Like MXNet 1.9.1 it decays ``base_lr`` in place and never goes back.

    Parameters
    ----------
    step : list of int
        The list of steps to schedule a change.
    factor : float
        The factor to change the learning rate.
    base_lr, warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`LRScheduler`.

    Example
    -------
    >>> s = MultiFactorScheduler(base_lr=1, step=[250, 750, 900], factor=0.5)
    >>> s(250), s(251), s(751), s(901)
    (1, 0.5, 0.25, 0.125)
    """

    def __init__(self, step, factor=1, base_lr=0.01, warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        super(MultiFactorScheduler, self).__init__(base_lr, warmup_steps,
                                                   warmup_begin_lr, warmup_mode)
        self._step = _m.steps(step)
        self._cur_step_ind = 0
        self._factor = _m.factor(factor)
        self._count = 0
        self._sync()

    def __call__(self, num_update):
        cdef double n
        if self.fast and _update(num_update, &n):
            return self._lr(num_update, n)
        # Other number types, odd attribute values: the twin's code, on this object.
        return _py.MultiFactorScheduler.__call__(self, num_update)

    _params = (("step", "step"), ("factor", "factor")) + LRScheduler._params
    _state = LRScheduler._state + ("step", "factor", "cur_step_ind", "count")

    # -- C side ---------------------------------------------------------------

    cdef bint _sync(self):
        cdef double index
        cdef bint index_int
        LRScheduler._sync(self)
        self.fast = (self.fast
                     and type(self._step) is list
                     and _load(self._factor, &self.c_factor, &self.i_factor)
                     and _load(self._cur_step_ind, &index, &index_int)
                     and index_int and index >= 0
                     and not (self.i_factor and self.c_factor != 0 and self.c_factor != 1))
        if self.fast:
            self.c_cur_step_ind = <Py_ssize_t>index
        return self.fast

    cdef object _lr(self, object num_update, double n):
        cdef list steps
        cdef object item
        cdef double boundary
        cdef bint boundary_int
        if n < self.c_warmup_steps:
            return self.get_warmup_lr(num_update)
        steps = <list>self._step
        # MXNet 1.9.1's loop: base_lr decays in place, one factor per step passed.
        while self.c_cur_step_ind <= len(steps) - 1:
            item = steps[self.c_cur_step_ind]
            if not _load(item, &boundary, &boundary_int):
                return _py.MultiFactorScheduler.__call__(self, num_update)
            if n > boundary:
                self._count = item
                self.c_cur_step_ind += 1
                self._cur_step_ind = PyLong_FromLongLong(self.c_cur_step_ind)
                self.c_base_lr = self.c_base_lr * self.c_factor
                self.i_base_lr = self.i_base_lr and self.i_factor
                self._base_lr = _number(self.c_base_lr, self.i_base_lr)
                if _log.enabled():
                    _log.info(_m.LOG_CHANGE, num_update, self._base_lr)
            else:
                return self._base_lr
        return self._base_lr

    # -- attributes -------------------------------------------------------------

    @property
    def step(self):
        return self._step

    @step.setter
    def step(self, value):
        self._step = value
        self._sync()

    @property
    def factor(self):
        return self._factor

    @factor.setter
    def factor(self, value):
        self._factor = value
        self._sync()

    @property
    def cur_step_ind(self):
        return self._cur_step_ind

    @cur_step_ind.setter
    def cur_step_ind(self, value):
        self._cur_step_ind = value
        self._sync()

    @property
    def count(self):
        return self._count

    @count.setter
    def count(self, value):
        self._count = value
        self._sync()


cdef class PolyScheduler(LRScheduler):
    """Reduce the learning rate according to a polynomial of given power.

    Calculate the new learning rate, after warmup if any, by::

       final_lr + (start_lr - final_lr) * (1 - nup / max_nup) ** pwr

    where ``nup = num_update - warmup_steps`` and ``max_nup = max_update -
    warmup_steps``.  Past ``max_update`` it returns the last value computed
    (``final_lr`` when ``max_update`` itself was asked for), as MXNet 1.9.1 does.

    Parameters
    ----------
    max_update : int
        Maximum number of updates before the decay reaches the final rate.
    base_lr : float
        Base learning rate to start from.
    pwr : int
        Power of the decay term as a function of the current number of updates.
    final_lr : float
        Final learning rate after all steps.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`LRScheduler`.

    Example
    -------
    >>> s = PolyScheduler(base_lr=1, final_lr=0, max_update=10, pwr=2)
    >>> s(5), s(10), s(11)
    (0.25, 0.0, 0.0)
    """

    def __init__(self, max_update, base_lr=0.01, pwr=2, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(PolyScheduler, self).__init__(base_lr, warmup_steps,
                                            warmup_begin_lr, warmup_mode)
        max_update = _m.horizon(max_update, self._warmup_steps)
        self._power = _m.real("pwr", pwr)
        self._base_lr_orig = self._base_lr
        self._max_update = max_update
        self._final_lr = _m.real("final_lr", final_lr)
        self._max_steps = self._max_update - self._warmup_steps
        self._sync()

    def __call__(self, num_update):
        cdef double n
        if self.fast and _update(num_update, &n):
            return self._lr(num_update, n)
        # Other number types, odd attribute values: the twin's code, on this object.
        return _py.PolyScheduler.__call__(self, num_update)

    _params = (("max_update", "max_update"), ("base_lr", "base_lr_orig"),
               ("pwr", "power"), ("final_lr", "final_lr"),
               ("warmup_steps", "warmup_steps"), ("warmup_begin_lr", "warmup_begin_lr"),
               ("warmup_mode", "warmup_mode"))
    _state = LRScheduler._state + ("power", "base_lr_orig", "max_update",
                                   "final_lr", "max_steps")

    # -- C side ---------------------------------------------------------------

    cdef bint _sync(self):
        cdef bint unused
        LRScheduler._sync(self)
        self.fast = (self.fast
                     and _load(self._power, &self.c_power, &unused)
                     and _load(self._base_lr_orig, &self.c_base_lr_orig, &unused)
                     and _load(self._max_update, &self.c_max_update, &unused)
                     and _load(self._final_lr, &self.c_final_lr, &unused)
                     and _load(self._max_steps, &self.c_max_steps, &unused))
        return self.fast

    cdef object _lr(self, object num_update, double n):
        cdef double x, p, r
        if n < self.c_warmup_steps:
            return self.get_warmup_lr(num_update)
        # MXNet 1.9.1 stores each rate in base_lr; past max_update it returns
        # the last one stored.
        if n <= self.c_max_update:
            if self.c_max_steps == 0:
                return _py.PolyScheduler.__call__(self, num_update)
            x = 1.0 - (n - self.c_warmup_steps) / self.c_max_steps
            p = self.c_power
            # Python's float ** float agrees with C's pow() for a positive base
            # and a finite result; it raises or goes complex elsewhere.
            if not (x > 0 or p == 0 or (x == 0 and p > 0)):
                return _py.PolyScheduler.__call__(self, num_update)
            r = pow(x, p)
            if isinf(r):
                return _py.PolyScheduler.__call__(self, num_update)
            self.c_base_lr = self.c_final_lr + (self.c_base_lr_orig - self.c_final_lr) * r
            self.i_base_lr = False
            self._base_lr = PyFloat_FromDouble(self.c_base_lr)
        return self._base_lr

    # -- attributes -------------------------------------------------------------

    @property
    def power(self):
        return self._power

    @power.setter
    def power(self, value):
        self._power = value
        self._sync()

    @property
    def base_lr_orig(self):
        return self._base_lr_orig

    @base_lr_orig.setter
    def base_lr_orig(self, value):
        self._base_lr_orig = value
        self._sync()

    @property
    def max_update(self):
        return self._max_update

    @max_update.setter
    def max_update(self, value):
        self._max_update = value
        self._sync()

    @property
    def final_lr(self):
        return self._final_lr

    @final_lr.setter
    def final_lr(self, value):
        self._final_lr = value
        self._sync()

    @property
    def max_steps(self):
        return self._max_steps

    @max_steps.setter
    def max_steps(self, value):
        self._max_steps = value
        self._sync()


cdef class CosineScheduler(LRScheduler):
    """Reduce the learning rate according to a cosine function.

    Calculate the new learning rate, after warmup if any, by::

       final_lr + (start_lr - final_lr) * (1 + cos(pi * nup / max_nup)) / 2

    where ``nup = num_update - warmup_steps`` and ``max_nup = max_update -
    warmup_steps``.  Past ``max_update`` it returns the last value computed,
    as MXNet 1.9.1 does.

    Parameters
    ----------
    max_update : int
        Maximum number of updates before the decay reaches ``final_lr``.
    base_lr : float
        Base learning rate.
    final_lr : float
        Final learning rate after all steps.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`LRScheduler`.

    Example
    -------
    >>> s = CosineScheduler(base_lr=1, final_lr=0, max_update=10)
    >>> s(5), s(10)
    (0.5, 0.0)
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(CosineScheduler, self).__init__(base_lr, warmup_steps,
                                              warmup_begin_lr, warmup_mode)
        max_update = _m.horizon(max_update, self._warmup_steps)
        self._base_lr_orig = self._base_lr
        self._max_update = max_update
        self._final_lr = _m.real("final_lr", final_lr)
        self._max_steps = self._max_update - self._warmup_steps
        self._sync()

    def __call__(self, num_update):
        cdef double n
        if self.fast and _update(num_update, &n):
            return self._lr(num_update, n)
        # Other number types, odd attribute values: the twin's code, on this object.
        return _py.CosineScheduler.__call__(self, num_update)

    _params = (("max_update", "max_update"), ("base_lr", "base_lr_orig"),
               ("final_lr", "final_lr"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = LRScheduler._state + ("base_lr_orig", "max_update", "final_lr",
                                   "max_steps")

    # -- C side ---------------------------------------------------------------

    cdef bint _sync(self):
        cdef bint unused
        LRScheduler._sync(self)
        self.fast = (self.fast
                     and _load(self._base_lr_orig, &self.c_base_lr_orig, &unused)
                     and _load(self._max_update, &self.c_max_update, &unused)
                     and _load(self._final_lr, &self.c_final_lr, &unused)
                     and _load(self._max_steps, &self.c_max_steps, &unused))
        return self.fast

    cdef object _lr(self, object num_update, double n):
        if n < self.c_warmup_steps:
            return self.get_warmup_lr(num_update)
        # MXNet 1.9.1 stores each rate in base_lr; past max_update it returns
        # the last one stored.
        if n <= self.c_max_update:
            if self.c_max_steps == 0:
                return _py.CosineScheduler.__call__(self, num_update)
            self.c_base_lr = self.c_final_lr + (self.c_base_lr_orig - self.c_final_lr) \
                * (1.0 + cos(PI * (n - self.c_warmup_steps) / self.c_max_steps)) / 2.0
            self.i_base_lr = False
            self._base_lr = PyFloat_FromDouble(self.c_base_lr)
        return self._base_lr

    # -- attributes -------------------------------------------------------------

    @property
    def base_lr_orig(self):
        return self._base_lr_orig

    @base_lr_orig.setter
    def base_lr_orig(self, value):
        self._base_lr_orig = value
        self._sync()

    @property
    def max_update(self):
        return self._max_update

    @max_update.setter
    def max_update(self, value):
        self._max_update = value
        self._sync()

    @property
    def final_lr(self):
        return self._final_lr

    @final_lr.setter
    def final_lr(self, value):
        self._final_lr = value
        self._sync()

    @property
    def max_steps(self):
        return self._max_steps

    @max_steps.setter
    def max_steps(self, value):
        self._max_steps = value
        self._sync()
