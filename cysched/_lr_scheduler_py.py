"""MXNet 1.9.1's learning-rate schedulers in pure Python.

This is the twin of the compiled ``cysched._lr_scheduler_c``: same classes,
same method order, same docstrings, same numbers.  ``cysched.lr_scheduler``
uses it when the extension is absent or ``CYSCHED_NO_EXTENSIONS=1``; the
compiled classes also run these functions for states they do not cover in C
(attributes overwritten with other types, integers beyond 2**53).
"""
import math
from itertools import repeat
from math import cos, pi

from cysched import _evaluate as _ev
from cysched import _log
from cysched import _state
from cysched import _messages as _m

__all__ = ["LRScheduler", "FactorScheduler", "MultiFactorScheduler",
           "PolyScheduler", "CosineScheduler"]

_MAX_UPDATE = _m.MAX_UPDATE     # an int already in range needs no _m.num_update


def _same(a, b):
    """``a`` and ``b`` are the same number: value, type and sign of zero."""
    return (type(a) is type(b) and a == b
            and math.copysign(1.0, a) == math.copysign(1.0, b))


class LRScheduler(object):
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
        base_lr, warmup_steps, warmup_begin_lr = _m.mxnet_warmup(
            base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.base_lr = base_lr
        self.warmup_steps = warmup_steps
        # MXNet 1.9.1 freezes the warmup target at construction: a later write
        # of base_lr (the optimizer's learning_rate) does not move it.
        self.warmup_final_lr = base_lr
        self.warmup_begin_lr = warmup_begin_lr
        self.warmup_mode = warmup_mode

    def get_warmup_lr(self, num_update):
        """The warmup learning rate for ``num_update < warmup_steps``."""
        if type(num_update) is not int:
            num_update = _m.num_update(num_update)
        if not num_update < self.warmup_steps:
            raise _m.bad_warmup_call(num_update, self.warmup_steps)
        if self.warmup_mode == 'linear':
            increase = (self.warmup_final_lr - self.warmup_begin_lr) \
                       * float(num_update) / float(self.warmup_steps)
            return self.warmup_begin_lr + increase
        elif self.warmup_mode == 'constant':
            return self.warmup_begin_lr
        else:
            raise ValueError(_m.INVALID_WARMUP_MODE % self.warmup_mode)

    def __call__(self, num_update):
        """Return the learning rate for update ``num_update``.

        ``num_update`` is the largest number of updates applied to any weight:
        ``max(k_i)`` when weight *i* has been updated *k_i* times.
        """
        raise NotImplementedError(_m.MUST_OVERRIDE)

    def evaluate(self, num_updates, out=None):
        """The rates for every update in ``num_updates``, as a float64 NumPy array.

        Exactly ``numpy.array([self(n) for n in num_updates], dtype=numpy.float64)``,
        the elements taken as Python numbers (an array's as ``.tolist()`` gives
        them), and it leaves the scheduler in the state that loop would; the
        compiled classes run that loop in C.  ``num_updates`` is a 1-D sequence
        or array of update numbers in ``[0, 2**53]``; a bad element raises the
        error ``self(n)`` would, naming its position, before anything is
        evaluated.  ``out`` (NumPy's ``out=``): a writable C-contiguous float64
        array of the same length, not overlapping ``num_updates``, written and
        returned.  Needs NumPy.

        >>> s = FactorScheduler(base_lr=1, step=250, factor=0.5)
        >>> s.evaluate([1, 250, 251, 501]).tolist()
        [1.0, 1.0, 0.5, 0.25]
        >>> s.base_lr
        0.25
        """
        values, integral, checked = _ev.convert(num_updates)
        if type(self) is PolyScheduler or type(self) is CosineScheduler:
            if out is not None:
                out = _ev.output(out, len(values), num_updates)
            return _ev.deliver(out, _curve_evaluate(self, num_updates, values, integral,
                                                    checked))
        return _ev.loop(self, num_updates, values, integral, checked, out)

    def __repr__(self):
        return _state.describe(self)

    def __delattr__(self, name):
        # MXNet 1.9.1 deletes its attributes (and fails at the next call); the
        # compiled twin keeps them in C fields, so neither implementation does.
        for cls in type(self).__mro__:
            if cls.__module__ == __name__:
                if name in cls._state:
                    raise _m.cannot_delete(self, name)
                break
        object.__delattr__(self, name)

    # Pickling, copying, state and configuration: cysched/_state.py, shared by
    # every scheduler class.
    __reduce__, __getstate__ = _state.PICKLING
    __setstate__ = _state.setstate
    __copy__, __deepcopy__ = _state.COPYING
    state_dict, load_state_dict, get_config, from_config = _state.PERSISTENCE

    _params = (("base_lr", "base_lr"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = ("base_lr", "warmup_steps", "warmup_begin_lr", "warmup_final_lr",
              "warmup_mode")


class FactorScheduler(LRScheduler):
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
        self.step = _m.step(step)
        self.factor = _m.factor(factor)
        self.stop_factor_lr = _m.mxnet_real("stop_factor_lr", stop_factor_lr)
        self.count = 0

    def __call__(self, num_update):
        try:
            if not num_update >= self.warmup_steps:  # also NaN and negatives
                if not (type(num_update) is int and 0 <= num_update <= _MAX_UPDATE):
                    num_update = _m.num_update(num_update)
                if num_update < self.warmup_steps:
                    return self.get_warmup_lr(num_update)
            if num_update > self.count + self.step:
                # Any finite size: the loop compares Python numbers exactly.
                if not (type(num_update) is int and num_update >= 0):
                    num_update = _m.factor_update(num_update)
                _factor_decay(self, num_update)
            return self.base_lr
        except TypeError:
            _m.num_update(num_update)  # names a num_update that is not a number
            raise

    _params = (("step", "step"), ("factor", "factor"),
               ("stop_factor_lr", "stop_factor_lr")) + LRScheduler._params
    _state = LRScheduler._state + ("step", "factor", "stop_factor_lr", "count")


def _factor_decay(self, num_update):
    """MXNet 1.9.1's ``while num_update > count + step`` loop, stopped early
    once ``base_lr`` reaches a fixed point (the clamp, ``factor == 1``): every
    further step would leave it unchanged, so only ``count`` moves on."""
    if not self.step > 0:
        _m.step_at_call(self.step)  # a step set since construction, as MXNet allows
    log = _log.enabled()
    before, steps, older = (self.count, self.base_lr), 0, None
    limit = _m.MAX_STEPPED if num_update <= _MAX_UPDATE else _m.MAX_STEPPED_PAST_EXACT
    while num_update > self.count + self.step:
        old = self.base_lr
        self.count += self.step
        self.base_lr *= self.factor
        steps += 1
        # A rate that alternates (0.0 and -0.0, or +-x with factor -1), grows
        # past 2**53 as an int, or takes too long: MXNet 1.9.1 loops on.
        if steps > limit or (type(self.base_lr) is int
                             and not -_MAX_UPDATE <= self.base_lr <= _MAX_UPDATE):
            _no_fixed_point(self, before, num_update)
        if self.base_lr < self.stop_factor_lr:
            self.base_lr = self.stop_factor_lr
            # MXNet 1.9.1 repeats this line on every later step; it is logged
            # once, when the clamp changes the rate.
            if log and old != self.base_lr:
                _log.info(_m.LOG_CLAMP, num_update, self.base_lr)
        elif log:
            _log.info(_m.LOG_CHANGE, num_update, self.base_lr)
        if _same(old, self.base_lr):
            _skip_steps(self, num_update)
            break
        if steps > 1 and _same(older, self.base_lr):
            _no_fixed_point(self, before, num_update)
        older = old


def _no_fixed_point(self, before, num_update):
    self.count, self.base_lr = before
    raise OverflowError(_m.got(_m.NO_FIXED_POINT, factor=self.factor, num_update=num_update))


def _skip_steps(self, num_update):
    """Advance ``count`` as MXNet's loop would, without touching ``base_lr``."""
    count, step = self.count, self.step
    if type(count) is int and type(step) is int:
        last = math.ceil(num_update)
        if last - count - 1 >= step:
            self.count = count + (last - count - 1) // step * step
        return
    # MXNet adds a float step one at a time.  While every partial sum is a
    # multiple of the coarser power-of-two grain below 2**53 grains, each
    # addition is exact and the loop equals count + k * step.
    from fractions import Fraction  # imported here: it costs milliseconds to import
    exact_count, exact_step = Fraction(count), Fraction(step)
    k = max(0, math.ceil((Fraction(num_update) - exact_count) / exact_step) - 1)
    final = exact_count + k * exact_step
    grain = Fraction(1, max(exact_count.denominator, exact_step.denominator))
    if final / grain <= _m.MAX_UPDATE and (final / grain).denominator == 1:
        self.count = float(final) if k else count
        return
    if k > _m.MAX_STEPPED:
        raise OverflowError(_m.got("cannot jump this far with a step that float64 "
                                   "cannot add exactly", step=step, num_update=num_update))
    while num_update > count + step:
        count += step
    self.count = count


class MultiFactorScheduler(LRScheduler):
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
        self.step = _m.steps(step)
        self.cur_step_ind = 0
        self.factor = _m.factor(factor)
        self.count = 0

    def __call__(self, num_update):
        try:
            if not num_update >= self.warmup_steps:  # also NaN and negatives
                if not (type(num_update) is int and 0 <= num_update <= _MAX_UPDATE):
                    num_update = _m.num_update(num_update)
                if num_update < self.warmup_steps:
                    return self.get_warmup_lr(num_update)
            # MXNet 1.9.1's loop: base_lr decays in place, one factor per step passed.
            while self.cur_step_ind <= len(self.step) - 1:
                if num_update > self.step[self.cur_step_ind]:
                    self.count = self.step[self.cur_step_ind]
                    self.cur_step_ind += 1
                    self.base_lr *= self.factor
                    if _log.enabled():
                        _log.info(_m.LOG_CHANGE, num_update, self.base_lr)
                else:
                    return self.base_lr
            return self.base_lr
        except TypeError:
            _m.num_update(num_update)  # names a num_update that is not a number
            raise

    _params = (("step", "step"), ("factor", "factor")) + LRScheduler._params
    _state = LRScheduler._state + ("step", "factor", "cur_step_ind", "count")


class PolyScheduler(LRScheduler):
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
        max_update = _m.mxnet_horizon(max_update, self.warmup_steps)
        self.power = _m.mxnet_real("pwr", pwr)
        self.base_lr_orig = self.base_lr
        self.max_update = max_update
        self.final_lr = _m.mxnet_real("final_lr", final_lr)
        self.max_steps = self.max_update - self.warmup_steps

    def __call__(self, num_update):
        try:
            if not num_update >= self.warmup_steps:  # also NaN and negatives
                if not (type(num_update) is int and 0 <= num_update <= _MAX_UPDATE):
                    num_update = _m.num_update(num_update)
                if num_update < self.warmup_steps:
                    return self.get_warmup_lr(num_update)
            # MXNet 1.9.1 stores each rate in base_lr; past max_update it returns
            # the last one stored.
            if num_update <= self.max_update:
                final_lr = self.final_lr
                self.base_lr = lr = final_lr + (self.base_lr_orig - final_lr) * \
                    pow(1 - float(num_update - self.warmup_steps) / float(self.max_steps),
                        self.power)
                return lr
            return self.base_lr
        except TypeError:
            _m.num_update(num_update)  # names a num_update that is not a number
            raise

    _params = (("max_update", "max_update"), ("base_lr", "base_lr_orig"),
               ("pwr", "power"), ("final_lr", "final_lr"),
               ("warmup_steps", "warmup_steps"), ("warmup_begin_lr", "warmup_begin_lr"),
               ("warmup_mode", "warmup_mode"))
    _state = LRScheduler._state + ("power", "base_lr_orig", "max_update",
                                   "final_lr", "max_steps")


class CosineScheduler(LRScheduler):
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
        max_update = _m.mxnet_horizon(max_update, self.warmup_steps)
        self.base_lr_orig = self.base_lr
        self.max_update = max_update
        self.final_lr = _m.mxnet_real("final_lr", final_lr)
        self.max_steps = self.max_update - self.warmup_steps

    def __call__(self, num_update):
        try:
            if not num_update >= self.warmup_steps:  # also NaN and negatives
                if not (type(num_update) is int and 0 <= num_update <= _MAX_UPDATE):
                    num_update = _m.num_update(num_update)
                if num_update < self.warmup_steps:
                    return self.get_warmup_lr(num_update)
            # MXNet 1.9.1 stores each rate in base_lr; past max_update it returns
            # the last one stored.
            if num_update <= self.max_update:
                final_lr = self.final_lr
                self.base_lr = lr = final_lr + (self.base_lr_orig - final_lr) * \
                    (1 + cos(pi * (num_update - self.warmup_steps) / self.max_steps)) / 2
                return lr
            return self.base_lr
        except TypeError:
            _m.num_update(num_update)  # names a num_update that is not a number
            raise

    _params = (("max_update", "max_update"), ("base_lr", "base_lr_orig"),
               ("final_lr", "final_lr"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = LRScheduler._state + ("base_lr_orig", "max_update", "final_lr",
                                   "max_steps")


def _curve_evaluate(self, num_updates, values, integral, checked):
    """PolyScheduler/CosineScheduler ``evaluate``: NumPy does the arithmetic in
    Python's order (each operation rounds alike), ``pow``/``cos`` run per
    element through the math library like a scalar call, and an update past
    ``max_update`` gets the last rate stored before it."""
    import numpy
    if not checked:
        _ev.check(values)
    if not _plain(self):
        return _ev.loop(self, num_updates, values, integral)
    warmup_steps, final_lr = self.warmup_steps, self.final_lr
    warm = values < warmup_steps
    past = ~warm & (values > self.max_update)
    mid = ~(warm | past)
    out = numpy.empty(len(values), dtype=numpy.float64)
    if warm.any():
        if self.warmup_mode == 'linear':
            out[warm] = self.warmup_begin_lr + (self.warmup_final_lr - self.warmup_begin_lr) \
                * values[warm] / float(warmup_steps)
        else:
            out[warm] = self.warmup_begin_lr
    where = numpy.flatnonzero(mid)
    if len(where):
        if type(self) is PolyScheduler:
            x = 1 - (values[where] - warmup_steps) / float(self.max_steps)
            power = self.power
            # Python's float ** raises or goes complex outside this domain.
            if not ((x > 0) | (power == 0) | ((x == 0) & (power > 0))).all():
                return _ev.loop(self, num_updates, values, integral)
            try:
                decay = numpy.fromiter(map(pow, x.tolist(), repeat(power)),
                                       dtype=numpy.float64, count=len(where))
            except OverflowError:
                return _ev.loop(self, num_updates, values, integral)
            out[where] = final_lr + (self.base_lr_orig - final_lr) * decay
        else:
            turn = numpy.fromiter(map(cos, (pi * (values[where] - warmup_steps)
                                            / self.max_steps).tolist()),
                                  dtype=numpy.float64, count=len(where))
            out[where] = final_lr + (self.base_lr_orig - final_lr) * (1 + turn) / 2
    if past.any():
        last = numpy.maximum.accumulate(numpy.where(mid, numpy.arange(len(values)), -1))[past]
        out[past] = numpy.where(last >= 0, out[numpy.maximum(last, 0)], float(self.base_lr))
    if len(where):
        self.base_lr = float(out[where[-1]])
    return out


def _plain(self):
    """Attributes the NumPy path reproduces exactly: ints within 2**53 and
    finite floats, a known warmup mode, no ``get_warmup_lr`` on the instance."""
    if self.warmup_mode not in ('linear', 'constant') or "get_warmup_lr" in vars(self) \
            or self.max_steps == 0:
        return False
    names = ("base_lr", "warmup_steps", "warmup_begin_lr", "warmup_final_lr",
             "base_lr_orig", "max_update", "final_lr", "max_steps")
    if type(self) is PolyScheduler:
        names += ("power",)
    for name in names:
        value = getattr(self, name)
        if not ((type(value) is int and -_m.MAX_UPDATE <= value <= _m.MAX_UPDATE)
                or (type(value) is float and math.isfinite(value))):
            return False
    return True


