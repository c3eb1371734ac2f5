# cython: cdivision=True
"""Cyclic shapes: one-cycle, cyclic (triangular), cosine with restarts
(C types: src/cysched/_cycles_c.pxd)."""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

from cysched import _messages as _m
from cysched._params import BaseRate, Choice, Count, Optional, Param, Rate

if cython.compiled:
    from cython.cimports.libc.math import M_PI, cos, floor, isnan, log
    from cython.cimports.libc.math import pow as cpow
    from cython.cimports.cpython.object import PyObject_GenericSetAttr as set_attribute
    from cython.cimports.cysched._bisect import bisect_near, bisect_right
    from cython.cimports.cysched._schedule_c import (
        Schedule, _Warmed, before, hinted_vectorcall, vectorcallfunc)
else:
    import math
    from math import cos, isnan, log, pi as M_PI
    from cysched._schedule import Schedule, _Warmed, before, bisect_right, cpow

    set_attribute = object.__setattr__

    def floor(x):
        """``math.floor`` as a float (raises on an infinity or NaN, where C's
        ``floor`` returns it: the pure twin always did)."""
        return float(math.floor(x))

__all__ = ["OneCycleScheduler", "CyclicScheduler", "CosineRestartScheduler",
           "OneCycleMomentum", "CyclicMomentum"]


def _write(obj, names, values):
    """Set the parameters ``names`` of ``obj`` to ``values``, one by one in
    that order (each write checks its value: the first refused raises)."""
    for name, value in zip(names, values):
        setattr(obj, name, value)


def _arguments(names):
    """``_params`` of a class whose constructor arguments are its attributes
    ``names``, of the same names and in the same order."""
    return tuple([(name, name) for name in names])


def anneal(strategy, start, end, a, b, n):
    """The phase from ``a`` at ``start`` to ``b`` at ``end``, at ``n``
    (``strategy`` indexes ``_messages.ANNEAL_STRATEGIES``)."""
    span = cython.declare(cython.double, end - start)
    pct = cython.declare(cython.double, (n - start) / span if span != 0.0 else 1.0)
    if strategy == 0:      # cos
        return b + (a - b) / 2.0 * (cos(M_PI * pct) + 1.0)
    return (b - a) * pct + a


def one_cycle(cycle, initial, peak, final, n):
    """The phases of ``cycle`` (a one-cycle schedule) through ``initial``,
    ``peak`` and ``final`` (and back to ``initial`` between them when
    ``three_phase``), after ``n`` updates."""
    total = cython.declare(cython.double, cycle._total_steps)
    pct_start = cython.declare(cython.double, cycle._pct_start)
    last = cython.declare(cython.double, total - 1.0)
    if n > last:
        n = last
    end = cython.declare(cython.double, pct_start * total - 1.0)
    if n <= end:
        return anneal(cycle._anneal_strategy, 0.0, end, initial, peak, n)
    if not cycle._three_phase:
        return anneal(cycle._anneal_strategy, end, last, peak, final, n)
    following = cython.declare(cython.double, 2.0 * pct_start * total - 2.0)
    if n <= following:
        return anneal(cycle._anneal_strategy, end, following, peak, initial, n)
    return anneal(cycle._anneal_strategy, following, last, initial, final, n)


def cyclic_scale(up, down, n):
    """Where ``n`` falls in the cyclic triangle, 0 at its foot and 1 at its top."""
    if isnan(down):         # step_size_down=None
        down = up
    total = cython.declare(cython.double, up + down)
    ratio = cython.declare(cython.double, up / total)
    cycle = cython.declare(cython.double, floor(1.0 + n / total))
    x = cython.declare(cython.double, 1.0 + n / total - cycle)
    if x <= ratio:
        return x / ratio
    return (x - 1.0) / (ratio - 1.0)


def cyclic_amplitude(up, down, mode, gamma, n):
    """The triangle's height factor at ``n``: 1, halved each cycle, or ``gamma ** n``
    (``mode`` indexes ``_messages.CYCLIC_MODES``)."""
    if mode == 0:         # triangular
        return 1.0
    if isnan(down):
        down = up
    if mode == 1:         # triangular2
        return 1.0 / cpow(2.0, floor(1.0 + n / (up + down)) - 1.0)
    return cpow(gamma, n)


def cyclic(wave, foot, top, n):
    """The triangle of ``wave`` (a cyclic schedule) from ``foot`` up to ``top``
    (or down, when ``top`` is below), ``n`` updates done."""
    up = cython.declare(cython.double, wave._step_size_up)
    down = cython.declare(cython.double, wave._step_size_down)
    return foot + (top - foot) * cyclic_scale(up, down, n) * cyclic_amplitude(
        up, down, wave._mode, wave._gamma, n)


@cython.cclass
class _OneCycle(Schedule):
    """The phases of the one-cycle policy, shared by its rate and its momentum:
    each class runs them through the rates it has (``one_cycle``)."""

    def _c_ok(self):
        return self._ready

    total_steps = Count("total_steps", 1)
    pct_start = Param("pct_start", _m.between, 0.0, 1.0)
    anneal_strategy = Choice("anneal_strategy", _m.ANNEAL_STRATEGIES)
    three_phase = Param("three_phase", _m.flag)


@cython.cclass
class OneCycleScheduler(_OneCycle):
    """The one-cycle policy: up from ``max_lr / div_factor`` to ``max_lr``, then
    down to ``max_lr / div_factor / final_div_factor``.

    With ``T = total_steps`` and ``t = num_update - 1`` (the updates done
    before), the phases end at ``t = pct_start * T - 1`` and ``t = T - 1``
    (three phases: ``pct_start * T - 1``, ``2 * pct_start * T - 2`` back to the
    initial rate, and ``T - 1``).  Within a phase from ``a`` to ``b``, at
    fraction ``pct``::

        cos:    b + (a - b) / 2 * (cos(pi * pct) + 1)
        linear: (b - a) * pct + a

    The peak falls at ``t = pct_start * T - 1``; from ``t = T - 1`` on the
    rate stays at the final one.  PyTorch: ``OneCycleLR(opt, max_lr,
    total_steps, ...)`` with the same arguments: ``OneCycleScheduler(...)(k) ==
    torch(k - 1)`` bit for bit for the ``T`` updates PyTorch allows (it raises
    after them).  optax: ``cosine_onecycle_schedule`` and
    ``linear_onecycle_schedule`` differ (their phases end at ``pct_start * T``
    and ``T``).
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
    >>> s(1), s(5.5), s(11), s(50)
    (0.25, 1.0, 0.125, 0.125)
    """

    def __init__(self, max_lr, total_steps, pct_start=0.3, anneal_strategy='cos',
                 div_factor=25.0, final_div_factor=1e4, three_phase=False):
        _write(self, OneCycleScheduler._state,
               (max_lr, total_steps, pct_start, anneal_strategy, div_factor, final_div_factor,
                three_phase))
        # Infinite when the initial rate or the final one is.
        _m.finite("max_lr / div_factor / final_div_factor",
                  self.max_lr / self.div_factor / self.final_div_factor, max_lr=self.max_lr,
                  div_factor=self.div_factor, final_div_factor=self.final_div_factor)
        self._ready = True

    def _value(self, n):
        n = before(n)
        peak = cython.declare(cython.double, self._max_lr)
        initial = cython.declare(cython.double, peak / self._div_factor)
        return one_cycle(self, initial, peak, initial / self._final_div_factor, n)

    def momentum_schedule(self, base_momentum=0.85, max_momentum=0.95):
        """The momentum PyTorch's ``OneCycleLR`` cycles with this rate
        (``cycle_momentum=True``): a :class:`OneCycleMomentum` on the same cycle."""
        return OneCycleMomentum(self.total_steps, base_momentum, max_momentum,
                                self.pct_start, self.anneal_strategy, self.three_phase)

    _state = ("max_lr", "total_steps", "pct_start", "anneal_strategy", "div_factor",
              "final_div_factor", "three_phase")
    _params = _arguments(_state)

    @property
    def base_lr(self):
        return self.max_lr

    @base_lr.setter
    def base_lr(self, value):
        self.max_lr = _m.lr("base_lr", value)

    @base_lr.deleter
    def base_lr(self):
        raise _m.cannot_delete(self, "base_lr")

    def _rescale(self, ratio):
        _m.rescale(self, ratio, ("max_lr",))

    max_lr = Rate("max_lr")
    div_factor = Param("div_factor", _m.positive)
    final_div_factor = Param("final_div_factor", _m.positive)


@cython.cclass
class _Cyclic(Schedule):
    """The triangle of cyclical learning rates, shared by the rate and the
    momentum: each class runs it between the rates it has (``cyclic``)."""

    def __init__(self, step_size_up, step_size_down, mode, gamma):
        self.step_size_up = step_size_up
        self.step_size_down = step_size_down
        self.mode = mode
        self.gamma = gamma
        self._ready = True

    def _c_ok(self):
        return self._ready

    _state = ("step_size_up", "step_size_down", "mode", "gamma")
    _params = _arguments(_state)

    step_size_up = Param("step_size_up", _m.between, 1.0, float(_m.MAX_UPDATE))
    step_size_down = Optional(Param("step_size_down", _m.between, 1.0, float(_m.MAX_UPDATE)))
    mode = Choice("mode", _m.CYCLIC_MODES)
    gamma = Param("gamma", _m.between, 0.0, 1.0, True)


@cython.cclass
class CyclicScheduler(_Cyclic):
    """Cyclical learning rates between ``base_lr`` and ``max_lr``.

    A cycle is ``step_size_up`` updates up and ``step_size_down`` down; with
    ``t = num_update - 1`` (the updates done before)::

        cycle = floor(1 + t / (up + down))
        x = 1 + t / (up + down) - cycle
        scale = x / r if x <= r else (x - 1) / (r - 1),   r = up / (up + down)
        lr = base_lr + (max_lr - base_lr) * scale * f

    with ``f = 1`` (triangular), ``1 / 2 ** (cycle - 1)`` (triangular2) or
    ``gamma ** t`` (exp_range).  Periodic: no horizon.  PyTorch: ``CyclicLR``
    with the same arguments: ``CyclicScheduler(...)(k) == torch(k - 1)``, bit
    for bit.

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
    >>> [s(n) for n in range(1, 10)]
    [0.0, 0.5, 1.0, 0.5, 0.0, 0.25, 0.5, 0.25, 0.0]
    """

    def __init__(self, base_lr, max_lr, step_size_up=2000, step_size_down=None,
                 mode='triangular', gamma=1.0):
        self.base_lr = base_lr
        self.max_lr = max_lr
        _m.not_above("base_lr", self.base_lr, "max_lr", self.max_lr)
        _Cyclic.__init__(self, step_size_up, step_size_down, mode, gamma)

    def _value(self, n):
        n = before(n)
        return cyclic(self, self._base_lr, self._max_lr, n)

    def momentum_schedule(self, base_momentum=0.8, max_momentum=0.9):
        """The momentum PyTorch's ``CyclicLR`` cycles with this rate
        (``cycle_momentum=True``): a :class:`CyclicMomentum` on the same cycle."""
        return CyclicMomentum(base_momentum, max_momentum, self.step_size_up,
                              self.step_size_down, self.mode, self.gamma)

    _state = ("base_lr", "max_lr") + _Cyclic._state
    _params = _arguments(_state)
    _lrs = ("max_lr",)

    base_lr = BaseRate()
    max_lr = Rate("max_lr")


#: Cycles CosineRestartScheduler tables (its C arrays' size, in the .pxd).
CYCLES = 64

#: The fields behind CosineRestartScheduler's table: a write tables again.
_CYCLE_FIELDS = frozenset(["_cycle_length", "_cycle_mult", "_peak_decay"])


def log_guess(first, mult, log_mult, t):
    """CosineRestartScheduler's guess of the cycle holding ``t``, before the
    floor (``log_mult`` is ``log(mult)``)."""
    return log(t * (mult - 1.0) / first + 1.0) / log_mult


def cycle_start(first, mult, i):
    """CosineRestartScheduler's start of cycle ``i`` when ``mult != 1``: the
    geometric sum rounded before the product, as timm and Keras round it, so
    cycle 1 starts at ``first`` exactly."""
    return first * ((cpow(mult, i) - 1.0) / (mult - 1.0))


def restart_rate(final, height, t, start, length, peak):
    """CosineRestartScheduler's rate at ``t`` in the cycle that starts at
    ``start``, of ``length`` and ``peak``, ``height`` above ``final``."""
    return final + height * peak * (1.0 + cos(M_PI * (t - start) / length)) / 2.0


def search_cycle(first, mult, t):
    """The cycle holding ``t`` when ``mult != 1``: the log's guess, which may be
    one off next to a restart, moved until the cycle's bounds hold ``t``."""
    i = cython.declare(cython.double, floor(log_guess(first, mult, log(mult), t)))
    if cycle_start(first, mult, i) > t:
        return i - 1.0
    if cycle_start(first, mult, i + 1.0) <= t:
        return i + 1.0
    return i


@cython.cclass
class CosineRestartScheduler(_Warmed):
    """Cosine annealing with warm restarts (SGDR).

    After the warmup, ``t = num_update - 1 - warmup_steps`` falls in cycle ``i``,
    which starts at ``s_i = L * ((m**i - 1) / (m - 1))`` (``i * L`` when ``m = 1``)
    and lasts ``L_i = L * m**i``, with ``L = cycle_length``, ``m = cycle_mult``::

        lr = final_lr + (base_lr - final_lr) * peak_decay**i
                        * (1 + cos(pi * (t - s_i) / L_i)) / 2

    Restarts go on forever: there is no horizon.  PyTorch:
    ``CosineAnnealingWarmRestarts(opt, T_0, T_mult, eta_min)`` on ``lr0``:
    ``CosineRestartScheduler(T_0, base_lr=lr0, final_lr=eta_min,
    cycle_mult=T_mult)(k) == torch(k - 1)``, bit for bit.  Keras:
    ``CosineDecayRestarts(lr0, first_decay_steps, t_mul, m_mul, alpha)`` is
    ``CosineRestartScheduler(first_decay_steps, base_lr=lr0, final_lr=alpha *
    lr0, cycle_mult=t_mul, peak_decay=m_mul)(k) == keras(k - 1)`` to 1e-12
    (Keras orders its arithmetic differently).

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
    >>> s(1), s(3), s(5), s(9), s(13)
    (1.0, 0.5, 0.5, 0.25, 0.25)
    """

    def __init__(self, cycle_length, base_lr=0.01, final_lr=0, cycle_mult=1,
                 peak_decay=1.0, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.cycle_length = cycle_length
        self.final_lr = final_lr
        self.cycle_mult = cycle_mult
        self.peak_decay = peak_decay
        # (base_lr - final_lr) times 1 + cos <= 2; t * (cycle_mult - 1) for t < 2**53.
        _m.finite("the cosine", (self.base_lr - self.final_lr) * 2.0,
                  base_lr=self.base_lr, final_lr=self.final_lr)
        _m.finite("the cycle bounds", (self.cycle_mult - 1.0) * _m.MAX_UPDATE,
                  cycle_mult=self.cycle_mult)

    if not cython.compiled:
        # C arrays and a double in the compiled class; slots here, out of the
        # instance __dict__ (the pickled state).
        __slots__ = ("_starts", "_lengths", "_peaks", "_count", "_tabled")

    def __setattr__(self, name, value):
        # Every write of a cycle field, through its parameter or not, tables again.
        set_attribute(self, name, value)
        if name in _CYCLE_FIELDS:
            self._tabulate()

    def _tabulate(self):
        """Table the first cycles, at most ``CYCLES``: each one's start, length
        and peak as ``_value``'s search finds them, while that search is sure to
        find the cycle for every ``t`` from its start to the next one's (the
        table ends at ``_tabled``).  Run on every write of a cycle parameter,
        with the GIL; ``_value`` only reads the table (``evaluate`` too, without
        the GIL, in threads)."""
        first = cython.declare(cython.double, getattr(self, "_cycle_length", 0.0))
        mult = cython.declare(cython.double, getattr(self, "_cycle_mult", 0.0))
        decay = cython.declare(cython.double, getattr(self, "_peak_decay", 0.0))
        self._tabled = -1.0                 # no table (_value searches) until it is built
        self._count = 0
        if not cython.compiled:
            self._starts, self._lengths, self._peaks = ([0.0] * CYCLES for _ in range(3))
        if not (first >= 1.0 and mult >= 1.0 and decay > 0.0):
            return 0                        # the constructor has not written them all yet
        last = cython.declare(cython.double, _m.MAX_UPDATE)
        log_mult = cython.declare(cython.double, log(mult))
        start = cython.declare(cython.double, 0.0)
        power = cython.declare(cython.double, 1.0)      # mult ** k
        guess = cython.declare(cython.double, 0.0)      # the guess at start, before the floor
        k = cython.declare(cython.Py_ssize_t, 0)
        while k < CYCLES and start <= last:
            i = cython.declare(cython.double, k)
            length = cython.declare(cython.double, first)
            if mult == 1.0:
                # _value: floor(t / first), one down when the product is above
                # t: exact for a whole first (products up to 2**53 are exact).
                if first != floor(first):
                    break
                following = cython.declare(cython.double, (i + 1.0) * first)
            else:
                # _value: the log's guess, moved by at most one.  The guess at
                # every t of the cycle is within one of i when, at both ends, it
                # is within a half: libm's log errs by less than an ulp.
                after = cython.declare(cython.double, cpow(mult, i + 1.0))
                following = first * ((after - 1.0) / (mult - 1.0))
                ahead = cython.declare(cython.double,
                                       log_guess(first, mult, log_mult, min(following, last)))
                if not (following > start and guess >= i - 0.5 and ahead < i + 1.5):
                    break
                length = first * power
                power = after
                guess = ahead
            self._starts[k] = start
            self._lengths[k] = length
            self._peaks[k] = cpow(decay, i)
            k += 1
            self._count = k
            self._tabled = following
            start = following
        return 0

    def _value(self, n):
        n = before(n)
        steps = cython.declare(cython.double, self._warmup_steps)
        if n < steps:
            return self._warm(n)
        t = cython.declare(cython.double, n - steps)
        start = cython.declare(cython.double)
        length = cython.declare(cython.double)
        peak = cython.declare(cython.double)
        if t < self._tabled:
            k = cython.declare(cython.Py_ssize_t, tabled_cycle(self, t))
            start = self._starts[k]
            length = self._lengths[k]
            peak = self._peaks[k]
        else:
            first = cython.declare(cython.double, self._cycle_length)
            mult = cython.declare(cython.double, self._cycle_mult)
            i = cython.declare(cython.double)
            if mult == 1.0:
                i = floor(t / first)
                start = i * first
                if start > t:
                    i -= 1.0
                    start = i * first
                length = first
            else:
                i = search_cycle(first, mult, t)
                start = cycle_start(first, mult, i)
                length = first * cpow(mult, i)
            peak = cpow(self._peak_decay, i)
        return restart_rate(self._final_lr, self._base_lr - self._final_lr, t, start, length,
                            peak)

    if cython.compiled:
        def __cinit__(self):
            if self._vectorcall:     # the class itself, not a subclass (see Schedule)
                self._vectorcall = cython.cast(vectorcallfunc, hinted_vectorcall)

        def _scalar(self, n):
            # In the table: the cycle the last call found, or the next one, before bisecting.
            t = cython.declare(cython.double, before(n) - self._warmup_steps)
            if not (0.0 <= t < self._tabled):
                return self._value(n)
            self._hint = bisect_near(self._starts, self._count, t, self._hint, True)
            k = cython.declare(cython.Py_ssize_t, self._hint - 1)
            return restart_rate(self._final_lr, self._base_lr - self._final_lr, t,
                                self._starts[k], self._lengths[k], self._peaks[k])

    def _fill(self, v, out, size):
        # evaluate: the cycle (its index, bounds and peak) is carried from one
        # element to the next while they fall in it, found again otherwise:
        # in the table, or by _value itself, which checks the carry found after.
        mult = cython.declare(cython.double, self._cycle_mult)
        steps = cython.declare(cython.double, self._warmup_steps)
        first = cython.declare(cython.double, self._cycle_length)
        final = cython.declare(cython.double, self._final_lr)
        height = cython.declare(cython.double, self._base_lr - final)
        i = cython.declare(cython.double, -1.0)    # no cycle carried
        start = cython.declare(cython.double, 0.0)
        following = cython.declare(cython.double, 0.0)
        length = cython.declare(cython.double, 1.0)
        peak = cython.declare(cython.double, 0.0)
        k = cython.declare(cython.Py_ssize_t)
        for k in range(size):
            x = cython.declare(cython.double, before(v[k]))
            t = cython.declare(cython.double, x - steps)
            if x < steps:
                out[k] = self._warm(x)
                continue
            if not (i >= 0.0 and start <= t < following):
                if t < self._tabled:
                    j = cython.declare(cython.Py_ssize_t, tabled_cycle(self, t))
                    i = j
                    start = self._starts[j]
                    following = self._starts[j + 1] if j + 1 < self._count else self._tabled
                    length = self._lengths[j]
                    peak = self._peaks[j]
                else:
                    out[k] = self._value(v[k])
                    if mult == 1.0:
                        continue        # _value divides, no log: nothing to carry
                    # The cycle holding t: the log's guess moved until its bounds
                    # hold t, kept only when the formula with them gives _value's bits.
                    i = search_cycle(first, mult, t)
                    start = cycle_start(first, mult, i)
                    following = cycle_start(first, mult, i + 1.0)
                    length = first * cpow(mult, i)
                    peak = cpow(self._peak_decay, i)
                    if not (i >= 0.0 and start <= t < following and out[k] == restart_rate(
                            final, height, t, start, length, peak)):
                        i = -1.0
                    continue
            out[k] = restart_rate(final, height, t, start, length, peak)

    _params = (("cycle_length", "cycle_length"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr"), ("cycle_mult", "cycle_mult"),
               ("peak_decay", "peak_decay")) + _Warmed._params[1:]
    _state = _Warmed._state + ("cycle_length", "final_lr", "cycle_mult", "peak_decay")
    _lrs = ("final_lr", "warmup_begin_lr")

    cycle_length = Count("cycle_length", 1)
    final_lr = Rate("final_lr")
    cycle_mult = Param("cycle_mult", _m.at_least, 1.0)
    peak_decay = Param("peak_decay", _m.between, 0.0, 1.0, True)


def tabled_cycle(sched, t):
    """The index of the cycle of ``sched`` (a CosineRestartScheduler) holding
    ``t < sched._tabled``, in its table: the last start at or below ``t``."""
    return bisect_right(sched._starts, sched._count, t) - 1


#: The momentum schedules' rates, rescaled together by a write of ``base_lr``.
MOMENTUMS = ("base_momentum", "max_momentum")


def _top_momentum(self):
    return self.max_momentum


def _keep_top_momentum(self):
    raise _m.cannot_delete(self, "base_lr")


def _write_top_momentum(self, value):
    value = _m.lr("base_lr", value)
    old = self.max_momentum
    if old != 0.0:
        self._rescale(value / old)
    self.max_momentum = value


def _rescale_momentums(self, ratio):
    _m.rescale(self, ratio, MOMENTUMS)


@cython.cclass
class OneCycleMomentum(_OneCycle):
    """The momentum of the one-cycle policy: down from ``max_momentum`` to
    ``base_momentum`` while :class:`OneCycleScheduler`'s rate rises, back up
    while it falls (with ``three_phase``: down, up, then held at
    ``max_momentum``), along the same phases and ``anneal_strategy``.

    ``OneCycleScheduler(...).momentum_schedule(base_momentum, max_momentum)``
    makes the one for a rate schedule.  PyTorch: the momentum (or
    ``betas[0]``) ``OneCycleLR(..., cycle_momentum=True, base_momentum,
    max_momentum)`` writes, bit for bit as the rate is.  ``base_lr`` reads
    ``max_momentum``; writing it rescales both momentums.

    Parameters
    ----------
    total_steps : int
        The length of the cycle.
    base_momentum : float
        The momentum at the rate's peak.
    max_momentum : float
        The momentum at the start and the end.
    pct_start, anneal_strategy, three_phase
        As for :class:`OneCycleScheduler`.

    Example
    -------
    >>> m = OneCycleMomentum(11, base_momentum=0.8, max_momentum=0.9, pct_start=0.5)
    >>> m(1), m(5.5), m(11)
    (0.9, 0.8, 0.9)
    """

    def __init__(self, total_steps, base_momentum=0.85, max_momentum=0.95, pct_start=0.3,
                 anneal_strategy='cos', three_phase=False):
        _write(self, OneCycleMomentum._state, (total_steps, base_momentum, max_momentum,
                                               pct_start, anneal_strategy, three_phase))
        self._ready = True

    def _value(self, n):
        n = before(n)
        top = cython.declare(cython.double, self._max_momentum)
        return one_cycle(self, top, self._base_momentum, top, n)

    _state = ("total_steps",) + MOMENTUMS + ("pct_start", "anneal_strategy", "three_phase")
    _params = _arguments(_state)

    base_lr = property(_top_momentum, _write_top_momentum, _keep_top_momentum)
    _rescale = _rescale_momentums
    base_momentum = Rate("base_momentum")
    max_momentum = Rate("max_momentum")


@cython.cclass
class CyclicMomentum(_Cyclic):
    """The momentum of cyclical learning rates: at ``max_momentum`` where
    :class:`CyclicScheduler`'s rate is at ``base_lr``, down to
    ``base_momentum`` where it peaks::

        momentum = max_momentum - (max_momentum - base_momentum) * scale * f

    with the rate's ``scale`` and ``f``.  ``CyclicScheduler(...).momentum_schedule(
    base_momentum, max_momentum)`` makes the one for a rate schedule.  PyTorch:
    the momentum (or ``betas[0]``) ``CyclicLR(..., cycle_momentum=True,
    base_momentum, max_momentum)`` writes, bit for bit.  ``base_lr`` reads
    ``max_momentum``; writing it rescales both momentums.

    Parameters
    ----------
    base_momentum : float
        The momentum at the rate's peak.
    max_momentum : float
        The momentum at the foot of each cycle.
    step_size_up, step_size_down, mode, gamma
        As for :class:`CyclicScheduler`.

    Example
    -------
    >>> m = CyclicMomentum(0.8, 0.9, step_size_up=2)
    >>> [round(m(n), 2) for n in range(1, 6)]
    [0.9, 0.85, 0.8, 0.85, 0.9]
    """

    def __init__(self, base_momentum=0.8, max_momentum=0.9, step_size_up=2000,
                 step_size_down=None, mode='triangular', gamma=1.0):
        self.base_momentum = base_momentum
        self.max_momentum = max_momentum
        _Cyclic.__init__(self, step_size_up, step_size_down, mode, gamma)

    def _value(self, n):
        # max - (max - base) * f is max + (base - max) * f, to the bit.
        n = before(n)
        return cyclic(self, self._max_momentum, self._base_momentum, n)

    _state = MOMENTUMS + _Cyclic._state
    _params = _arguments(_state)

    base_lr = property(_top_momentum, _write_top_momentum, _keep_top_momentum)
    _rescale = _rescale_momentums
    base_momentum = Rate("base_momentum")
    max_momentum = Rate("max_momentum")


if cython.compiled:
    _m.python_arguments_of(globals(), __all__)   # Python's argument errors
