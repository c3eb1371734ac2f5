"""Schedule families beyond MXNet, warmup and composition, in pure Python.

This is the twin of the compiled ``cysched._families_c``: same classes, same
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
import math
from bisect import bisect_left, bisect_right
from math import cos, floor, log, pi, sqrt

from cysched import _state
from cysched import _messages as _m
from cysched import _family_messages as _fm

__all__ = ["Schedule", "ConstantScheduler", "LinearScheduler", "ExponentialScheduler",
           "InverseSqrtScheduler", "OneCycleScheduler", "CyclicScheduler",
           "CosineRestartScheduler", "WarmupStableDecayScheduler", "PiecewiseScheduler",
           "PlateauScheduler", "Warmup", "SequentialScheduler", "ProductScheduler"]

_NAN = float("nan")
_INF = float("inf")


def _pow(x, y):
    """C's ``pow``: NaN for a domain error and an infinity on overflow, where
    ``math.pow`` (the same libm function) raises."""
    try:
        return math.pow(x, y)
    except ValueError:
        return _NAN
    except OverflowError:
        return -_INF if x < 0 and y % 2.0 == 1.0 else _INF


def _ramp(mode, begin, target, n, steps):
    """The warmup rate at ``n < steps``, from ``begin`` towards ``target``."""
    if mode == "linear":
        return begin + (target - begin) * n / steps
    if mode == "constant":
        return begin
    if mode == "cosine":
        return begin + (target - begin) * (1.0 - cos(pi * n / steps)) / 2.0
    if begin == 0.0:
        return begin
    return begin * _pow(target / begin, n / steps)


def _part(part, n):
    """``part``'s rate at ``n``: directly for this module's classes, else by a call."""
    if type(part) in _EXACT:
        return part._value(n)
    return _fm.rate(part(_fm.arg(n)), part, n)


class _Param(object):
    """A public attribute checked on every write by ``check(name, value, *args)``."""

    def __init__(self, check, *args):
        self.check = check
        self.args = args

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        try:
            return obj.__dict__[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def __set__(self, obj, value):
        obj.__dict__[self.name] = self.check(self.name, value, *self.args)


def _optional(check, *args):
    return lambda name, value: _fm.optional(check, name, value, *args)


class Schedule(object):
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
        return self._value(_fm.update(num_update))

    def evaluate(self, num_updates):
        """``[self(n) for n in num_updates]`` as a float64 NumPy array."""
        return self._evaluate(_fm.updates_array(num_updates))

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

    def _value(self, n):
        raise NotImplementedError(_m.MUST_OVERRIDE)

    def _evaluate(self, updates):
        import numpy
        value = self._value
        return numpy.array([value(n) for n in updates.tolist()], dtype=numpy.float64)


class _Warmed(Schedule):
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

    def _warmup(self, n):
        return _ramp(self.warmup_mode, self.warmup_begin_lr, self.base_lr, n,
                     self.warmup_steps)

    def _warmup_vector(self, updates):
        """``_warmup`` on an array, or None where NumPy would not match bit for bit."""
        import numpy
        mode = self.warmup_mode
        if mode == "constant":
            return numpy.full(len(updates), self.warmup_begin_lr)
        if mode == "linear":
            begin = self.warmup_begin_lr
            return begin + (self.base_lr - begin) * updates / float(self.warmup_steps or 1)
        return None

    @property
    def base_lr(self):
        try:
            return self.__dict__["base_lr"]
        except KeyError:
            raise AttributeError("base_lr") from None

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = self.__dict__.get("base_lr", 0.0)
        if old != 0.0:
            _fm.rescale(self, value / old, self._lrs)
        self.__dict__["base_lr"] = value

    def _rescale(self, ratio):
        scaled = _fm.scaled(self, ratio, ("base_lr",) + self._lrs)
        for name, value in scaled[1:]:
            setattr(self, name, value)
        self.__dict__["base_lr"] = scaled[0][1]

    warmup_steps = _Param(_fm.count)
    warmup_begin_lr = _Param(_fm.lr)
    warmup_mode = _Param(_fm.choice, _fm.WARMUP_MODES)


class ConstantScheduler(_Warmed):
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

    def _value(self, n):
        if n < self.warmup_steps:
            return self._warmup(n)
        return self.base_lr

    def _evaluate(self, updates):
        import numpy
        ramp = self._warmup_vector(updates)
        if ramp is None:
            return Schedule._evaluate(self, updates)
        return numpy.where(updates < self.warmup_steps, ramp, self.base_lr)


class LinearScheduler(_Warmed):
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

    def _value(self, n):
        steps = self.warmup_steps
        if n < steps:
            return self._warmup(n)
        if n >= self.max_update:
            return self.final_lr
        base = self.base_lr
        return base + (self.final_lr - base) * (n - steps) / (self.max_update - steps)

    def _evaluate(self, updates):
        import numpy
        ramp = self._warmup_vector(updates)
        if ramp is None:
            return Schedule._evaluate(self, updates)
        steps, top, base = self.warmup_steps, self.max_update, self.base_lr
        span = float(top - steps) if top > steps else 1.0
        line = base + (self.final_lr - base) * (updates - steps) / span
        return numpy.where(updates < steps, ramp,
                           numpy.where(updates >= top, self.final_lr, line))

    _params = (("max_update", "max_update"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr")) + _Warmed._params[1:]
    _state = _Warmed._state + ("max_update", "final_lr")
    _lrs = ("final_lr", "warmup_begin_lr")

    max_update = _Param(_fm.count, 1)
    final_lr = _Param(_fm.lr)


class ExponentialScheduler(_Warmed):
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

    def _value(self, n):
        steps = self.warmup_steps
        if n < steps:
            return self._warmup(n)
        p = (n - steps) / self.step
        if self.staircase:
            p = float(floor(p))
        lr = self.base_lr * _pow(self.gamma, p)
        if lr > self.final_lr:
            return lr
        return self.final_lr

    _params = (("gamma", "gamma"), ("base_lr", "base_lr"), ("step", "step"),
               ("staircase", "staircase"), ("final_lr", "final_lr")) + _Warmed._params[1:]
    _state = _Warmed._state + ("gamma", "step", "staircase", "final_lr")
    _lrs = ("final_lr", "warmup_begin_lr")

    gamma = _Param(_fm.between, 0.0, 1.0, True)
    step = _Param(_fm.count, 1)
    staircase = _Param(_fm.flag)
    final_lr = _Param(_fm.lr)


class InverseSqrtScheduler(_Warmed):
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

    def _value(self, n):
        steps = self.warmup_steps
        if n < steps:
            return self._warmup(n)
        scale = self.timescale
        if scale is None:
            scale = steps if steps else 10000
        return self.base_lr * (1.0 / sqrt((n + (scale - steps)) / scale))

    _params = _Warmed._params[:2] + (("timescale", "timescale"),) + _Warmed._params[2:]
    _state = _Warmed._state + ("timescale",)

    timescale = _Param(_optional(_fm.count, 1))


class OneCycleScheduler(Schedule):
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

    def _value(self, n):
        total = self.total_steps
        last = total - 1.0
        if n > last:
            n = last
        peak = self.max_lr
        initial = peak / self.div_factor
        final = initial / self.final_div_factor
        if self.three_phase:
            phases = ((self.pct_start * total - 1.0, initial, peak),
                      (2.0 * self.pct_start * total - 2.0, peak, initial),
                      (last, initial, final))
        else:
            phases = ((self.pct_start * total - 1.0, initial, peak), (last, peak, final))
        start = 0.0
        for i, (end, a, b) in enumerate(phases):
            if n <= end or i == len(phases) - 1:
                span = end - start
                pct = (n - start) / span if span != 0.0 else 1.0
                if self.anneal_strategy == "cos":
                    return b + (a - b) / 2.0 * (cos(pi * pct) + 1.0)
                return (b - a) * pct + a
            start = end

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

    max_lr = _Param(_fm.lr)
    total_steps = _Param(_fm.count, 1)
    pct_start = _Param(_fm.between, 0.0, 1.0)
    anneal_strategy = _Param(_fm.choice, _fm.ANNEAL_STRATEGIES)
    div_factor = _Param(_fm.positive)
    final_div_factor = _Param(_fm.positive)
    three_phase = _Param(_fm.flag)


class CyclicScheduler(Schedule):
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

    def _value(self, n):
        up = self.step_size_up
        down = self.step_size_down
        if down is None:
            down = up
        total = up + down
        ratio = up / total
        cycle = float(floor(1.0 + n / total))
        x = 1.0 + n / total - cycle
        if x <= ratio:
            scale = x / ratio
        else:
            scale = (x - 1.0) / (ratio - 1.0)
        base = self.base_lr
        height = (self.max_lr - base) * scale
        if self.mode == "triangular":
            return base + height * 1.0
        if self.mode == "triangular2":
            return base + height * (1.0 / _pow(2.0, cycle - 1.0))
        return base + height * _pow(self.gamma, n)

    _params = (("base_lr", "base_lr"), ("max_lr", "max_lr"),
               ("step_size_up", "step_size_up"), ("step_size_down", "step_size_down"),
               ("mode", "mode"), ("gamma", "gamma"))
    _state = ("base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma")
    _lrs = ("max_lr",)

    base_lr = _Warmed.base_lr
    _rescale = _Warmed._rescale
    max_lr = _Param(_fm.lr)
    step_size_up = _Param(_fm.between, 1.0, float(_m.MAX_UPDATE))
    step_size_down = _Param(_optional(_fm.between, 1.0, float(_m.MAX_UPDATE)))
    mode = _Param(_fm.choice, _fm.CYCLIC_MODES)
    gamma = _Param(_fm.between, 0.0, 1.0, True)


class CosineRestartScheduler(_Warmed):
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

    def _value(self, n):
        steps = self.warmup_steps
        if n < steps:
            return self._warmup(n)
        t = n - steps
        first = float(self.cycle_length)
        mult = self.cycle_mult
        if mult == 1.0:
            i = float(floor(t / first))
            start = i * first
            if start > t:
                i -= 1.0
                start = i * first
            length = first
        else:
            # log() may put t one cycle off next to a restart: check both ends.
            i = float(floor(log(t * (mult - 1.0) / first + 1.0) / log(mult)))
            start = first * (_pow(mult, i) - 1.0) / (mult - 1.0)
            if start > t:
                i -= 1.0
                start = first * (_pow(mult, i) - 1.0) / (mult - 1.0)
            else:
                following = first * (_pow(mult, i + 1.0) - 1.0) / (mult - 1.0)
                if following <= t:
                    i += 1.0
                    start = following
            length = first * _pow(mult, i)
        final = self.final_lr
        return final + (self.base_lr - final) * _pow(self.peak_decay, i) \
            * (1.0 + cos(pi * (t - start) / length)) / 2.0

    _params = (("cycle_length", "cycle_length"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr"), ("cycle_mult", "cycle_mult"),
               ("peak_decay", "peak_decay")) + _Warmed._params[1:]
    _state = _Warmed._state + ("cycle_length", "final_lr", "cycle_mult", "peak_decay")
    _lrs = ("final_lr", "warmup_begin_lr")

    cycle_length = _Param(_fm.count, 1)
    final_lr = _Param(_fm.lr)
    cycle_mult = _Param(_fm.at_least, 1.0)
    peak_decay = _Param(_fm.between, 0.0, 1.0, True)


class WarmupStableDecayScheduler(_Warmed):
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
        if self.warmup_steps + self._decay_length() > self.max_update:
            raise ValueError(_m.got("the warmup and the decay must fit in max_update",
                                    warmup_steps=self.warmup_steps,
                                    decay_length=self._decay_length(),
                                    max_update=self.max_update))

    def _decay_length(self):
        if self.decay_steps is not None:
            return float(self.decay_steps)
        if self.decay_fraction is not None:
            return self.decay_fraction * self.max_update
        return 0.0

    def _value(self, n):
        if n < self.warmup_steps:
            return self._warmup(n)
        top = self.max_update
        if n >= top:
            return self.final_lr
        length = self._decay_length()
        start = top - length
        if n < start:
            return self.base_lr
        p = (n - start) / length
        mode = self.decay_mode
        if mode == "linear":
            shape = 1.0 - p
        elif mode == "cosine":
            shape = (1.0 + cos(pi * p)) / 2.0
        else:
            shape = 1.0 - sqrt(p)
        final = self.final_lr
        return final + (self.base_lr - final) * shape

    _params = (("max_update", "max_update"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr"), ("decay_steps", "decay_steps"),
               ("decay_fraction", "decay_fraction"),
               ("decay_mode", "decay_mode")) + _Warmed._params[1:]
    _state = _Warmed._state + ("max_update", "final_lr", "decay_steps", "decay_fraction",
                               "decay_mode")
    _lrs = ("final_lr", "warmup_begin_lr")

    max_update = _Param(_fm.count, 1)
    final_lr = _Param(_fm.lr)
    decay_steps = _Param(_optional(_fm.count))
    decay_fraction = _Param(_optional(_fm.between, 0.0, 1.0))
    decay_mode = _Param(_fm.choice, _fm.DECAY_MODES)


class PiecewiseScheduler(Schedule):
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

    def _value(self, n):
        bounds = self.boundaries
        values = self.values
        if self.interpolate == "constant":
            k = bisect_right(bounds, n)
            return values[k] if k < len(values) else values[-1]
        size = min(len(bounds), len(values))
        k = bisect_right(bounds, n, 0, size)
        if k == 0:
            return values[0]
        if k == size:
            return values[size - 1]
        low = bounds[k - 1]
        pct = (n - low) / (bounds[k] - low)
        a = values[k - 1]
        b = values[k]
        if self.interpolate == "linear":
            return (b - a) * pct + a
        return b + (a - b) / 2.0 * (cos(pi * pct) + 1.0)

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

    boundaries = _Param(lambda name, value: _fm.boundaries(value))
    values = _Param(lambda name, value: _fm.rates(value))
    interpolate = _Param(_fm.choice, _fm.INTERPOLATIONS)


class PlateauScheduler(Schedule):
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
        self.best = _INF if self.mode == "min" else -_INF
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.num_records = 0

    def record(self, metric):
        """Record a metric; return True when it reduced the rate."""
        current = _fm.metric(metric)
        self.num_records = self.num_records + 1
        bad = self.num_bad_epochs
        if self._better(current):
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

    def _better(self, current):
        best = self.best
        if self.mode == "min":
            if self.threshold_mode == "rel":
                return current < best * (1.0 - self.threshold)
            return current < best - self.threshold
        if self.threshold_mode == "rel":
            return current > best * (self.threshold + 1.0)
        return current > best + self.threshold

    def _value(self, n):
        inner = _part(self.schedule, n)
        lr = inner * self.scale
        low = self.final_lr if self.final_lr < inner else inner
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
        return _fm.base_lr_of(self.schedule)

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = _fm.base_lr_of(self.schedule)
        if old != 0.0:
            _fm.rescale(self, value / old, ("final_lr",))
        self.schedule.base_lr = value

    def _rescale(self, ratio):
        _fm.rescale(self, ratio, ("final_lr",))
        _fm.scale_part(self.schedule, ratio)

    schedule = _Param(_fm.schedule)
    mode = _Param(_fm.choice, _fm.PLATEAU_MODES)
    factor = _Param(_fm.between, 0.0, 1.0, False, True)
    patience = _Param(_fm.count)
    threshold = _Param(_fm.at_least, 0.0)
    threshold_mode = _Param(_fm.choice, _fm.THRESHOLD_MODES)
    cooldown = _Param(_fm.count)
    final_lr = _Param(_fm.lr)
    scale = _Param(_fm.lr)
    best = _Param(lambda name, value: _fm.metric(value))
    num_bad_epochs = _Param(_fm.count)
    cooldown_counter = _Param(_fm.count)
    num_records = _Param(_fm.count)


class Warmup(Schedule):
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

    def _value(self, n):
        steps = self.warmup_steps
        if n < steps:
            return _ramp(self.warmup_mode, self.warmup_begin_lr,
                         _part(self.schedule, float(steps)), n, steps)
        return _part(self.schedule, n)

    _params = (("schedule", "schedule"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = ("schedule", "warmup_steps", "warmup_begin_lr", "warmup_mode")

    @property
    def base_lr(self):
        return _fm.base_lr_of(self.schedule)

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = _fm.base_lr_of(self.schedule)
        if old != 0.0:
            _fm.rescale(self, value / old, ("warmup_begin_lr",))
        self.schedule.base_lr = value

    def _rescale(self, ratio):
        _fm.rescale(self, ratio, ("warmup_begin_lr",))
        _fm.scale_part(self.schedule, ratio)

    schedule = _Param(_fm.schedule)
    warmup_steps = _Param(_fm.count)
    warmup_begin_lr = _Param(_fm.lr)
    warmup_mode = _Param(_fm.choice, _fm.WARMUP_MODES)


class SequentialScheduler(Schedule):
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

    def _value(self, n):
        parts = self.schedules
        marks = self.milestones
        k = bisect_left(marks, n)
        if k > len(parts) - 1:
            k = len(parts) - 1
        if k == 0:
            return _part(parts[0], n)
        return _part(parts[k], n - marks[k - 1])

    _params = (("schedules", "schedules"), ("milestones", "milestones"))
    _state = ("schedules", "milestones")

    @property
    def base_lr(self):
        return max(_fm.base_lr_of(part) for part in self.schedules)

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        old = self.base_lr
        if old == 0.0:
            raise ValueError(_m.got("cannot rescale schedules whose base_lr are all 0",
                                    base_lr=value))
        self._rescale(value / old)

    def _rescale(self, ratio):
        for part in self.schedules:
            _fm.base_lr_of(part)
        for part in self.schedules:
            _fm.scale_part(part, ratio)

    schedules = _Param(lambda name, value: _fm.schedules(value))
    milestones = _Param(lambda name, value: _fm.milestones(value))


class ProductScheduler(Schedule):
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

    def _value(self, n):
        parts = self.schedules
        lr = _part(parts[0], n)
        for part in parts[1:]:
            lr = lr * _part(part, n)
        return lr

    _params = (("schedules", "schedules"),)
    _state = ("schedules",)

    @property
    def base_lr(self):
        return _fm.base_lr_of(self.schedules[0])

    @base_lr.setter
    def base_lr(self, value):
        value = _fm.lr("base_lr", value)
        _fm.base_lr_of(self.schedules[0])
        self.schedules[0].base_lr = value

    def _rescale(self, ratio):
        _fm.scale_part(self.schedules[0], ratio)

    schedules = _Param(lambda name, value: _fm.schedules(value))


_EXACT = frozenset([ConstantScheduler, LinearScheduler, ExponentialScheduler,
                    InverseSqrtScheduler, OneCycleScheduler, CyclicScheduler,
                    CosineRestartScheduler, WarmupStableDecayScheduler, PiecewiseScheduler,
                    PlateauScheduler, Warmup, SequentialScheduler, ProductScheduler])

_PUBLIC_MODULES = (__name__, "cysched._families_c", "cysched.lr_scheduler")
