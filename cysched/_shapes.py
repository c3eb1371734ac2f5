# cython: cdivision=True
"""Decay shapes after MXNet's warmup: constant, linear, polynomial, exponential,
inverse square root, warmup-stable-decay, piecewise, inverse time (C types:
src/cysched/_shapes_c.pxd)."""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

from cysched import _messages as _m
from cysched._params import Choice, Count, Kept, Optional, Param, Rate

if cython.compiled:
    from cython.cimports.libc.math import M_PI, NAN, cos, floor, isnan, sqrt
    from cython.cimports.libc.math import pow as cpow
    from cython.cimports.libc.stdlib import free
    from cython.cimports.cysched._bisect import bisect_near, bisect_right
    from cython.cimports.cysched._schedule_c import (
        Schedule, _Warmed, before, doubles, hinted_vectorcall, vectorcallfunc)
else:
    from math import cos, floor, isnan, nan as NAN, pi as M_PI, sqrt
    from cysched._schedule import Schedule, _Warmed, before, bisect_right, cpow, doubles

__all__ = ["ConstantScheduler", "LinearScheduler", "PolynomialScheduler", "ExponentialScheduler",
           "InverseSqrtScheduler", "WarmupStableDecayScheduler", "PiecewiseScheduler",
           "InverseTimeScheduler"]


@cython.cclass
class ConstantScheduler(_Warmed):
    """A constant learning rate, after an optional warmup.

    Update ``k`` runs with ``schedule(k)``; with ``t = k - 1`` (the updates done
    before, every peer's step)::

        lr = warmup_begin_lr + (base_lr - warmup_begin_lr) * (t / warmup_steps)
                                          for t < warmup_steps ('linear')
        lr = base_lr                      for t >= warmup_steps

    There is no horizon.  Hugging Face: ``get_constant_schedule_with_warmup(opt,
    w)`` on a rate ``lr0``: ``ConstantScheduler(lr0, warmup_steps=w)(k) ==
    hf(k - 1)``, bit for bit.

    Parameters
    ----------
    base_lr : float
        The learning rate.
    warmup_steps : int
        Number of warmup updates.
    warmup_begin_lr : float
        The rate of the first update.
    warmup_mode : str
        ``'linear'``, ``'constant'``, ``'cosine'`` or ``'exponential'`` (see
        :class:`Warmup`).

    Example
    -------
    >>> s = ConstantScheduler(base_lr=0.1, warmup_steps=4)
    >>> s(1), s(3), s(5), s(10 ** 9)
    (0.0, 0.05, 0.1, 0.1)
    """

    def __init__(self, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0,
                 warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)

    def _value(self, n):
        n = before(n)
        if n < self._warmup_steps:
            return self._warm(n)
        return self._base_lr


@cython.cclass
class LinearScheduler(_Warmed):
    """Linear decay (or growth) from ``base_lr`` to ``final_lr``.

    With ``t = num_update - 1`` (the updates done before), after the warmup::

        lr = final_lr + (base_lr - final_lr) * ((max_update - t) / (max_update - warmup_steps))
        lr = final_lr                                   for t >= max_update

    Hugging Face: ``get_linear_schedule_with_warmup(opt, w, T)`` on a rate
    ``lr0``: ``LinearScheduler(T, base_lr=lr0, warmup_steps=w)(k) == hf(k - 1)``,
    bit for bit.  PyTorch: ``LinearLR(opt, start_factor=a, end_factor=b,
    total_iters=T)`` on ``lr0``: ``LinearScheduler(T, base_lr=lr0 * a,
    final_lr=lr0 * b)(k) == torch(k - 1)`` within 4 ulp over 10^5 updates
    (PyTorch multiplies the rate step by step).

    Parameters
    ----------
    max_update : int
        Updates done when ``final_lr`` is reached (warmup included); > warmup_steps.
    base_lr : float
        The rate at the end of the warmup.
    final_lr : float
        The rate from ``max_update`` on.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = LinearScheduler(max_update=10, base_lr=1.0, final_lr=0.0)
    >>> s(1), s(6), s(11), s(12)
    (1.0, 0.5, 0.0, 0.0)
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0, warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.max_update = _m.horizon(max_update, self.warmup_steps)
        self.final_lr = final_lr
        _m.finite("the decay", (self.final_lr - self.base_lr)
                  * (self.max_update - self.warmup_steps), base_lr=self.base_lr,
                  final_lr=self.final_lr, max_update=self.max_update,
                  warmup_steps=self.warmup_steps)

    def _value(self, n):
        n = before(n)
        steps = cython.declare(cython.double, self._warmup_steps)
        base = cython.declare(cython.double, self._base_lr)
        if n < steps:
            return self._warm(n)
        top = cython.declare(cython.double, self._max_update)
        if n >= top:
            return self._final_lr
        final = cython.declare(cython.double, self._final_lr)
        return final + (base - final) * self._remaining(n, steps, top)

    def _remaining(self, t, steps, top):
        """The share of the decay still to come after ``t`` updates."""
        return (top - t) / (top - steps)

    _params = (("max_update", "max_update"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr")) + _Warmed._params[1:]
    _state = _Warmed._state + ("max_update", "final_lr")
    _lrs = ("final_lr", "warmup_begin_lr")

    max_update = Count("max_update", 1)
    final_lr = Rate("final_lr")


@cython.cclass
class PolynomialScheduler(LinearScheduler):
    """Polynomial decay from ``base_lr`` to ``final_lr`` over ``max_update`` updates.

    With ``t = num_update - 1`` (the updates done before), after the warmup::

        p = (t - warmup_steps) / (max_update - warmup_steps)
        lr = final_lr + (base_lr - final_lr) * (1 - p) ** power
        lr = final_lr                                   for t >= max_update

    optax: ``polynomial_schedule(init_value, end_value, power,
    transition_steps)`` is ``PolynomialScheduler(transition_steps,
    base_lr=init_value, final_lr=end_value, power=power)(k) == optax(k - 1)``;
    Keras' ``PolynomialDecay(lr0, decay_steps, end_learning_rate, power)`` the
    same way; timm's ``PolyLRScheduler(opt, t_initial, power, lr_min)`` is
    ``PolynomialScheduler(t_initial, base_lr=lr0, final_lr=lr_min,
    power=power)``; Hugging Face's
    ``get_polynomial_decay_schedule_with_warmup(opt, w, T, lr_end, power)`` is
    ``PolynomialScheduler(T, base_lr=lr0, final_lr=lr_end, power=power,
    warmup_steps=w)`` (to a few ulp: it divides by ``lr0`` and multiplies
    back); PyTorch's ``PolynomialLR(opt, total_iters=T, power=p)`` is
    ``PolynomialScheduler(T, base_lr=lr0, power=p)``, within its step-by-step
    drift.

    Parameters
    ----------
    max_update, base_lr, final_lr
        As for :class:`LinearScheduler`.
    power : float
        The polynomial's power, > 0 (1 is :class:`LinearScheduler`'s line).
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = PolynomialScheduler(max_update=10, base_lr=1.0, power=2.0)
    >>> s(1), s(6), s(11), s(12)
    (1.0, 0.25, 0.0, 0.0)
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0, power=1.0, warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        LinearScheduler.__init__(self, max_update, base_lr, final_lr, warmup_steps,
                                 warmup_begin_lr, warmup_mode)
        self.power = power

    def _remaining(self, t, steps, top):
        return cpow(1.0 - (t - steps) / (top - steps), self._power)

    _params = LinearScheduler._params[:3] + (("power", "power"),) + LinearScheduler._params[3:]
    _state = LinearScheduler._state + ("power",)

    power = Param("power", _m.positive)


@cython.cclass
class ExponentialScheduler(_Warmed):
    """Exponential decay, optionally in stairs, never below ``final_lr``.

    After the warmup, with ``t = num_update - 1 - warmup_steps``::

        p = t / step                     (floor(t / step) when staircase)
        lr = max(base_lr * gamma ** p, final_lr)

    There is no horizon: the rate settles at ``final_lr``.  PyTorch:
    ``ExponentialLR(opt, gamma)`` on ``lr0``: ``ExponentialScheduler(gamma,
    base_lr=lr0)(k) == torch(k - 1)`` within 4 ulp over 10^5 updates (PyTorch
    multiplies step by step; bit for bit against its closed form ``lr0 * gamma
    ** t``).  ``StepLR(opt, s, gamma)``: ``step=s, staircase=True``.  optax:
    ``exponential_decay(init_value, transition_steps, decay_rate,
    staircase=s, end_value=e)`` is ``ExponentialScheduler(decay_rate,
    base_lr=init_value, step=transition_steps, staircase=s, final_lr=e)(k) ==
    optax(k - 1)``, bit for bit in float64.

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
    >>> s(10), s(11), s(26), s(101)
    (1.0, 0.5, 0.25, 0.2)
    """

    def __init__(self, gamma, base_lr=0.01, step=1, staircase=False, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.gamma = gamma
        self.step = step
        self.staircase = staircase
        self.final_lr = final_lr
        _m.not_above("final_lr", self.final_lr, "base_lr", self.base_lr)

    def _value(self, n):
        n = before(n)
        steps = cython.declare(cython.double, self._warmup_steps)
        if n < steps:
            return self._warm(n)
        p = cython.declare(cython.double, n - steps)
        if self._step != 1.0:        # x / 1 is x: no division on the default step
            p = p / self._step
        if self._staircase:
            p = floor(p)
        lr = cython.declare(cython.double, self._base_lr * cpow(self._gamma, p))
        if lr > self._final_lr:
            return lr
        return self._final_lr

    _params = (("gamma", "gamma"), ("base_lr", "base_lr"), ("step", "step"),
               ("staircase", "staircase"), ("final_lr", "final_lr")) + _Warmed._params[1:]
    _state = _Warmed._state + ("gamma", "step", "staircase", "final_lr")
    _lrs = ("final_lr", "warmup_begin_lr")

    gamma = Param("gamma", _m.between, 0.0, 1.0, True)
    step = Count("step", 1)
    staircase = Param("staircase", _m.flag)
    final_lr = Rate("final_lr")


@cython.cclass
class InverseSqrtScheduler(_Warmed):
    """The transformer schedule: warmup, then decay with the inverse square root.

    With ``ts = timescale`` (default ``warmup_steps``, or 10000 without warmup)
    and ``t = num_update - 1``::

        lr = base_lr * (1 / sqrt((t + ts - warmup_steps) / ts))

    for ``t >= warmup_steps``: ``base_lr * sqrt(warmup_steps / t)`` with the
    default timescale.  No horizon.  Hugging Face:
    ``get_inverse_sqrt_schedule(opt, num_warmup_steps=w, timescale=ts)`` on
    ``lr0``: ``InverseSqrtScheduler(base_lr=lr0, warmup_steps=w,
    timescale=ts)(k) == hf(k - 1)``, bit for bit.

    Parameters
    ----------
    base_lr : float
        The peak rate, at ``num_update = warmup_steps + 1``.
    warmup_steps : int
        Number of warmup updates.
    timescale : int or None
        The decay's time scale.
    warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = InverseSqrtScheduler(base_lr=1.0, warmup_steps=4)
    >>> s(3), s(5), s(17), s(65)
    (0.5, 1.0, 0.5, 0.25)
    """

    def __init__(self, base_lr=0.01, warmup_steps=0, timescale=None, warmup_begin_lr=0,
                 warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.timescale = timescale

    def _value(self, n):
        n = before(n)
        steps = cython.declare(cython.double, self._warmup_steps)
        scale = cython.declare(cython.double, self._timescale)
        if n < steps:
            return self._warm(n)
        if isnan(scale):
            scale = steps if steps != 0.0 else 10000.0
        return self._base_lr * (1.0 / sqrt((n + (scale - steps)) / scale))

    _params = _Warmed._params[:2] + (("timescale", "timescale"),) + _Warmed._params[2:]
    _state = _Warmed._state + ("timescale",)

    timescale = Optional(Count("timescale", 1))


@cython.cclass
class WarmupStableDecayScheduler(_Warmed):
    """Warmup, a stable plateau at ``base_lr``, then a decay to ``final_lr``.

    The decay phase is the last ``D`` updates up to ``max_update``: ``D =
    decay_steps``, or ``decay_fraction * max_update`` (default 0.1).  With
    ``t = num_update - 1`` and ``p = (t - (max_update - D)) / D``::

        linear: shape = 1 - p
        cosine: shape = (1 + cos(pi * p)) / 2
        1-sqrt: shape = 1 - sqrt(p)
        lr = final_lr + (base_lr - final_lr) * shape

    and ``final_lr`` from ``t = max_update`` on.  Hugging Face:
    ``get_wsd_schedule(opt, w, d, num_training_steps=T, warmup_type=wt,
    decay_type=dt, min_lr_ratio=r)`` on ``lr0``: ``WarmupStableDecayScheduler(T,
    base_lr=lr0, final_lr=r * lr0, decay_steps=d, decay_mode=dt, warmup_steps=w,
    warmup_begin_lr=r * lr0, warmup_mode=wt)(k) == hf(k - 1)``, bit for bit
    when ``r = 0`` (its ``'1-sqrt'`` warmup is not offered here).  Its
    ``get_cosine_schedule_with_warmup(opt, w, T)`` is
    ``WarmupStableDecayScheduler(T, base_lr=lr0, decay_steps=T - w,
    warmup_steps=w)`` the same way, bit for bit up to ``T``.

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
    >>> s(6), s(51), s(91), s(101)
    (0.5, 1.0, 0.5, 0.0)
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0, decay_steps=None,
                 decay_fraction=None, decay_mode='cosine', warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.max_update = _m.horizon(max_update, self.warmup_steps)
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
        if not isnan(self._decay_steps):
            return float(self._decay_steps)
        if not isnan(self._decay_fraction):
            return self._decay_fraction * self._max_update
        return 0.0

    def _value(self, n):
        n = before(n)
        if n < self._warmup_steps:
            return self._warm(n)
        top = cython.declare(cython.double, self._max_update)
        if n >= top:
            return self._final_lr
        length = cython.declare(cython.double, self._decay_length())
        start = cython.declare(cython.double, top - length)
        if n < start:
            return self._base_lr
        p = cython.declare(cython.double, (n - start) / length)
        shape = cython.declare(cython.double)
        if self._decay_mode == 0:        # linear
            shape = 1.0 - p
        elif self._decay_mode == 1:      # cosine
            shape = (1.0 + cos(M_PI * p)) / 2.0
        else:                            # 1-sqrt
            shape = 1.0 - sqrt(p)
        final = cython.declare(cython.double, self._final_lr)
        return final + (self._base_lr - final) * shape

    _params = (("max_update", "max_update"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr"), ("decay_steps", "decay_steps"),
               ("decay_fraction", "decay_fraction"),
               ("decay_mode", "decay_mode")) + _Warmed._params[1:]
    _state = _Warmed._state + ("max_update", "final_lr", "decay_steps", "decay_fraction",
                               "decay_mode")
    _lrs = ("final_lr", "warmup_begin_lr")

    max_update = Count("max_update", 1)
    final_lr = Rate("final_lr")
    decay_steps = Optional(Count("decay_steps"))
    decay_fraction = Optional(Param("decay_fraction", _m.between, 0.0, 1.0))
    decay_mode = Choice("decay_mode", _m.DECAY_MODES)


def points_size(mode, nbounds, nvalues):
    """How many boundaries PiecewiseScheduler searches: all of them for
    ``'constant'``, those with a value for the interpolations."""
    if mode == 0:
        return nbounds
    return min(nbounds, nvalues)


def points_value(mode, bounds, values, nvalues, size, n, k):
    """PiecewiseScheduler's rate at ``n`` (``mode`` indexes
    ``_messages.INTERPOLATIONS``), where ``k`` is where ``n`` goes among the
    first ``size`` boundaries (``bisect_right``)."""
    if nvalues == 0:
        return NAN
    if mode == 0:        # constant
        return values[k] if k < nvalues else values[nvalues - 1]
    if k == 0:
        return values[0]
    if k == size:
        return values[size - 1]
    low = cython.declare(cython.double, bounds[k - 1])
    pct = cython.declare(cython.double, (n - low) / (bounds[k] - low))
    a = cython.declare(cython.double, values[k - 1])
    b = cython.declare(cython.double, values[k])
    if mode == 1:        # linear
        return (b - a) * pct + a
    return b + (a - b) / 2.0 * (cos(M_PI * pct) + 1.0)


def keep_points(sched, is_values, items):
    """Keep ``items`` as ``sched``'s boundaries (or values): the tuple, and
    compiled a C array of them too, which ``value`` reads without the GIL."""
    if not cython.compiled:
        setattr(sched, "_values" if is_values else "_boundaries", items)
        return 0
    array = cython.declare(cython.p_double, doubles(items))
    if is_values:
        free(sched._c_values)
        sched._c_values = array
        sched._nvalues = len(items)
        sched._values = items
    else:
        free(sched._c_boundaries)
        sched._c_boundaries = array
        sched._nboundaries = len(items)
        sched._boundaries = items
    return 0


@cython.cclass
class PiecewiseScheduler(Schedule):
    """Piecewise constant or interpolated rates through given points.

    With ``t = num_update - 1`` (the updates done before):
    ``interpolate='constant'``: ``values[k]`` where ``k`` is the number of
    boundaries ``<= t`` (one more value than boundaries).
    ``'linear'`` or ``'cosine'``: the rate passes through ``(boundaries[i],
    values[i])`` (one value per boundary) and is flat outside them; between
    two points at fraction ``pct``::

        linear: (v1 - v0) * pct + v0
        cosine: v1 + (v0 - v1) / 2 * (cos(pi * pct) + 1)

    ``base_lr`` is ``max(values)``; writing it rescales every value.  PyTorch:
    ``MultiStepLR(opt, [b1, b2], gamma)`` on ``lr0`` is ``PiecewiseScheduler([b1,
    b2], [lr0, lr0 * gamma, lr0 * gamma ** 2])(k) == torch(k - 1)``.  optax:
    ``piecewise_constant_schedule(v, {b1: s1, b2: s2})`` is
    ``PiecewiseScheduler([b1, b2], [v, v * s1, v * s1 * s2])(k) == optax(k -
    1)``, and
    ``piecewise_interpolate_schedule(kind, v, {b1: s1, ...})`` (with ``b1 > 0``;
    optax's ``cosine_onecycle_schedule`` and ``linear_onecycle_schedule`` build
    one) is ``PiecewiseScheduler([0, b1, ...], [v, v * s1, ...], kind)`` the
    same way, within 4 ulp of the largest value (XLA divides by a ramp's length
    as a multiplication by its reciprocal).

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
    >>> s(10), s(11), s(21)
    (1.0, 0.5, 0.25)
    >>> t = PiecewiseScheduler([0, 10], [0.0, 1.0], interpolate='linear')
    >>> t(6), t(50)
    (0.5, 1.0)
    """

    def __init__(self, boundaries, values, interpolate='constant'):
        self.boundaries = boundaries
        self.values = values
        self.interpolate = interpolate
        _m.piecewise(self.boundaries, self.values, self.interpolate)
        self._ready = True

    def __dealloc__(self):
        free(self._c_boundaries)
        free(self._c_values)

    def _c_ok(self):
        return self._ready

    def _value(self, n):
        n = before(n)
        # Python reads the tuples (ints kept as given, like the old pure twin).
        if not cython.compiled:
            size = points_size(self._interpolate, len(self._boundaries), len(self._values))
            return points_value(self._interpolate, self._boundaries, self._values,
                                len(self._values), size, n,
                                bisect_right(self._boundaries, size, n))
        size = cython.declare(cython.Py_ssize_t,
                              points_size(self._interpolate, self._nboundaries, self._nvalues))
        return points_value(self._interpolate, self._c_boundaries, self._c_values,
                            self._nvalues, size, n, bisect_right(self._c_boundaries, size, n))

    if cython.compiled:
        def __cinit__(self):
            if self._vectorcall:     # the class itself, not a subclass (see Schedule)
                self._vectorcall = cython.cast(vectorcallfunc, hinted_vectorcall)

        def _scalar(self, n):
            # The interval the last call found, or the next one, before bisecting.
            n = before(n)
            size = cython.declare(cython.Py_ssize_t,
                                  points_size(self._interpolate, self._nboundaries,
                                              self._nvalues))
            self._hint = bisect_near(self._c_boundaries, size, n, self._hint, True)
            return points_value(self._interpolate, self._c_boundaries, self._c_values,
                                self._nvalues, size, n, self._hint)

    _params = (("boundaries", "boundaries"), ("values", "values"),
               ("interpolate", "interpolate"))
    _state = ("boundaries", "values", "interpolate")

    @property
    def base_lr(self):
        return max(self.values)

    @base_lr.setter
    def base_lr(self, value):
        value = _m.lr("base_lr", value)
        old = max(self.values)
        if old == 0.0:
            raise ValueError(_m.got("cannot rescale values that are all 0", base_lr=value))
        ratio = value / old
        self.values = [value if v == old else v * ratio for v in self.values]

    @base_lr.deleter
    def base_lr(self):
        raise _m.cannot_delete(self, "base_lr")

    def _rescale(self, ratio):
        self.values = [v * ratio for v in self.values]

    boundaries = Kept("boundaries", lambda name, value: _m.boundaries(value))
    values = Kept("values", lambda name, value: _m.rates(value, name))

    def _keep_boundaries(self, items):
        keep_points(self, False, items)

    def _keep_values(self, items):
        keep_points(self, True, items)
    interpolate = Choice("interpolate", _m.INTERPOLATIONS)



@cython.cclass
class InverseTimeScheduler(_Warmed):
    """Inverse time decay: ``base_lr`` divided by ``1 + decay_rate * p``.

    After the warmup, with ``t = num_update - 1 - warmup_steps``::

        p = t / step                     (floor(t / step) when staircase)
        lr = base_lr / (1 + decay_rate * p)

    There is no horizon: the rate falls as ``1 / t`` towards 0.  Keras:
    ``InverseTimeDecay(lr0, decay_steps, decay_rate, staircase=s)`` is
    ``InverseTimeScheduler(decay_rate, base_lr=lr0, step=decay_steps,
    staircase=s)(k) == keras(k - 1)``, bit for bit in float64 (Keras' order
    of operations).

    Parameters
    ----------
    decay_rate : float
        The growth of the divisor per ``step`` updates, >= 0 (0: constant).
    base_lr : float
        The rate at the end of the warmup.
    step : int
        Updates per ``decay_rate`` added to the divisor.
    staircase : bool
        Decay in whole steps only.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = InverseTimeScheduler(1.0, base_lr=1.0, step=10)
    >>> s(1), s(11), s(31)
    (1.0, 0.5, 0.25)
    >>> t = InverseTimeScheduler(1.0, base_lr=1.0, step=10, staircase=True)
    >>> t(10), t(11), t(21)
    (1.0, 0.5, 0.3333333333333333)
    """

    def __init__(self, decay_rate, base_lr=0.01, step=1, staircase=False, warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.decay_rate = decay_rate
        self.step = step
        self.staircase = staircase

    def _value(self, n):
        n = before(n)
        steps = cython.declare(cython.double, self._warmup_steps)
        if n < steps:
            return self._warm(n)
        p = cython.declare(cython.double, (n - steps) / self._step)
        if self._staircase:
            p = floor(p)
        return self._base_lr / (1.0 + self._decay_rate * p)

    _params = (("decay_rate", "decay_rate"), ("base_lr", "base_lr"), ("step", "step"),
               ("staircase", "staircase")) + _Warmed._params[1:]
    _state = _Warmed._state + ("decay_rate", "step", "staircase")

    decay_rate = Param("decay_rate", _m.at_least, 0.0)
    step = Count("step", 1)
    staircase = Param("staircase", _m.flag)


if cython.compiled:
    _m.python_arguments_of(globals(), __all__)   # Python's argument errors
