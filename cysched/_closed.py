"""Closed forms of cysched's schedules as ``jax.numpy`` expressions.

``closed_form(schedule)`` returns ``f(n)``, the rate at update ``n`` (a float
array, traced or not) computed from the schedule's parameters with ``jnp``
operations: no table, no length limit, jittable.  Each class has one small
function below, beside a comment naming the ``_value`` (or ``__call__``) it
mirrors, operation for operation; ``tests/test_jax_closed.py`` compares every
one with the scalar calls.  Parameters are read once, when ``closed_form`` is
called: a later change of the schedule (a ``PlateauScheduler``'s ``record``)
is not seen.

Returns ``None`` for what has no closed form here: a Python callable, a
user's subclass, or a composite holding either.
"""
import math

from cysched import _messages as _m
from cysched import _modules

_OWN = frozenset(name for pair in _modules.TWINS for name in pair)


def closed_form(schedule):
    """``f(n)`` for ``schedule``, or ``None`` when it has no closed form here."""
    if type(schedule).__module__ not in _OWN:
        return None
    make = FORMS.get(type(schedule).__name__)
    return None if make is None else make(schedule)


def _jnp():
    import jax.numpy as jnp
    return jnp


def opaque(n, *values):
    """``values`` as arrays shaped like ``n`` that XLA cannot see into.  Given
    constants, XLA folds them together, divides by one as a multiplication by
    its reciprocal and fuses ``a * b + c``: each a rounding the scalar calls do
    not make."""
    from jax import lax
    jnp = _jnp()
    return lax.optimization_barrier(tuple(jnp.full_like(n, v) for v in values))


# -- shared pieces ---------------------------------------------------------------------

def before(n):
    """``cysched._schedule.before``: the updates done before update ``n``."""
    jnp = _jnp()
    return jnp.where(n >= 1.0, n - 1.0, 0.0)


def ramp(mode, begin, target, n, steps):
    """``cysched._schedule.ramp``: the warmup from ``begin`` towards ``target``."""
    jnp = _jnp()
    mode = mode if isinstance(mode, int) else _m.WARMUP_MODES.index(mode)
    zero = begin == 0.0
    begin, target, steps = opaque(n, begin, target, steps)
    if mode == 0:        # linear
        return begin + (target - begin) * (n / steps)
    if mode == 1:        # constant
        return begin
    if mode == 2:        # cosine
        return begin + (target - begin) * (1.0 - jnp.cos(math.pi * n / steps)) / 2.0
    if zero:             # exponential
        return begin
    return begin * jnp.power(target / begin, n / steps)


def warmed(s, n, rest):
    """``_Warmed._warm`` after ``n < warmup_steps`` updates (``n`` from
    ``before``), ``rest`` from there on."""
    steps = float(s.warmup_steps)
    if steps == 0.0:
        return rest
    jnp = _jnp()
    safe = jnp.minimum(n, steps)
    return jnp.where(n < steps, ramp(s.warmup_mode, s.warmup_begin_lr, s.base_lr, safe, steps),
                     rest)


# -- cysched/_shapes.py ---------------------------------------------------------------

def constant(s):
    # mirrors ConstantScheduler._value
    return lambda n: warmed(s, before(n), _jnp().full_like(n, s.base_lr))


def decay(s, remaining):
    """``LinearScheduler._value`` with ``remaining(t, w, top)`` as its ``_remaining``."""
    steps, base, final, top = (float(s.warmup_steps), s.base_lr, s.final_lr,
                               float(s.max_update))

    def f(n):
        jnp = _jnp()
        n = before(n)
        b, e, w, t = opaque(n, base, final, steps, top)
        return warmed(s, n, jnp.where(n >= t, e, e + (b - e) * remaining(n, w, t)))
    return f


def linear(s):
    # mirrors LinearScheduler._value and _remaining
    return decay(s, lambda n, w, t: (t - n) / (t - w))


def polynomial(s):
    # mirrors PolynomialScheduler._remaining (in LinearScheduler._value)
    power = s.power

    def remaining(n, w, t):
        p = opaque(n, power)[0]
        return _jnp().power(1.0 - (n - w) / (t - w), p)
    return decay(s, remaining)


def exponential(s):
    # mirrors ExponentialScheduler._value
    steps, step, gamma, base, final = (float(s.warmup_steps), float(s.step), s.gamma,
                                       s.base_lr, s.final_lr)

    def f(n):
        jnp = _jnp()
        n = before(n)
        w, k, g, b, e = opaque(n, steps, step, gamma, base, final)
        p = (n - w) / k
        if s.staircase:
            p = jnp.floor(p)
        lr = b * jnp.power(g, p)
        return warmed(s, n, jnp.where(lr > e, lr, e))
    return f


def inverse_sqrt(s):
    # mirrors InverseSqrtScheduler._value
    steps = float(s.warmup_steps)
    scale = float(s.timescale) if s.timescale is not None else (
        steps if steps != 0.0 else 10000.0)

    def f(n):
        n = before(n)
        b, c, w = opaque(n, s.base_lr, scale, steps)
        return warmed(s, n, b * (1.0 / _jnp().sqrt((n + (c - w)) / c)))
    return f


def inverse_time(s):
    # mirrors InverseTimeScheduler._value
    steps, step, rate, base = float(s.warmup_steps), float(s.step), s.decay_rate, s.base_lr

    def f(n):
        jnp = _jnp()
        n = before(n)
        w, k, r, b = opaque(n, steps, step, rate, base)
        p = (n - w) / k
        if s.staircase:
            p = jnp.floor(p)
        return warmed(s, n, b / (1.0 + r * p))
    return f

def warmup_stable_decay(s):
    # mirrors WarmupStableDecayScheduler._value
    top, base, final = float(s.max_update), s.base_lr, s.final_lr
    length = float(s.decay_steps) if s.decay_steps is not None else (
        s.decay_fraction * top if s.decay_fraction is not None else 0.0)
    start = top - length
    mode = _m.DECAY_MODES.index(s.decay_mode)

    def f(n):
        jnp = _jnp()
        n = before(n)
        p = (n - start) / opaque(n, length)[0] if length != 0.0 else jnp.zeros_like(n)
        if mode == 0:        # linear
            shape = 1.0 - p
        elif mode == 1:      # cosine
            shape = (1.0 + jnp.cos(math.pi * p)) / 2.0
        else:                # 1-sqrt
            shape = 1.0 - jnp.sqrt(jnp.maximum(p, 0.0))
        b, e = opaque(n, base, final)
        decay = jnp.where(n < start, b, e + (b - e) * shape)
        return warmed(s, n, jnp.where(n >= top, e, decay))
    return f


def piecewise(s):
    # mirrors cysched._shapes.points_value (PiecewiseScheduler._value)
    bounds, values = [float(b) for b in s.boundaries], [float(v) for v in s.values]
    mode = _m.INTERPOLATIONS.index(s.interpolate)

    def f(n):
        jnp = _jnp()
        n = before(n)
        if not values:
            return jnp.full_like(n, math.nan)
        if mode == 0:        # constant
            k = jnp.searchsorted(jnp.asarray(bounds, n.dtype), n, side="right")
            return jnp.asarray(values, n.dtype)[jnp.minimum(k, len(values) - 1)]
        size = min(len(bounds), len(values))
        if size == 0:
            return jnp.full_like(n, values[0])
        b = jnp.asarray(bounds[:size], n.dtype)
        v = jnp.asarray(values[:size], n.dtype)
        k = jnp.searchsorted(b, n, side="right")
        inner = jnp.clip(k, 1, max(size - 1, 1))
        low, high = b[inner - 1], b[jnp.minimum(inner, size - 1)]
        a, c = v[inner - 1], v[jnp.minimum(inner, size - 1)]
        low, high, a, c = opaque(n, low, high, a, c)
        pct = (n - low) / (high - low)
        mid = (c - a) * pct + a if mode == 1 else c + (a - c) / 2.0 * (
            jnp.cos(math.pi * pct) + 1.0)
        return jnp.where(k == 0, v[0], jnp.where(k >= size, v[size - 1], mid))
    return f


# -- cysched/_cycles.py -----------------------------------------------------------------

def anneal(strategy, start, end, a, b, n):
    """``cysched._cycles.anneal``."""
    jnp = _jnp()
    span = end - start
    flat = span == 0.0
    a, b, start, span = opaque(n, a, b, start, span)
    pct = jnp.ones_like(n) if flat else (n - start) / span
    if strategy == 0:      # cos
        return b + (a - b) / 2.0 * (jnp.cos(math.pi * pct) + 1.0)
    return (b - a) * pct + a


def one_cycle(s, initial, peak, final):
    """``cysched._cycles.one_cycle`` with ``s``'s phases."""
    total, pct_start = float(s.total_steps), float(s.pct_start)
    strategy = _m.ANNEAL_STRATEGIES.index(s.anneal_strategy)
    last = total - 1.0
    end = pct_start * total - 1.0
    following = 2.0 * pct_start * total - 2.0

    def f(n):
        jnp = _jnp()
        n = jnp.minimum(before(n), last)
        first = anneal(strategy, 0.0, end, initial, peak, n)
        if not s.three_phase:
            return jnp.where(n <= end, first, anneal(strategy, end, last, peak, final, n))
        return jnp.where(n <= end, first, jnp.where(
            n <= following, anneal(strategy, end, following, peak, initial, n),
            anneal(strategy, following, last, initial, final, n)))
    return f


def one_cycle_rate(s):
    # mirrors OneCycleScheduler._value
    initial = s.max_lr / s.div_factor
    return one_cycle(s, initial, s.max_lr, initial / s.final_div_factor)


def one_cycle_momentum(s):
    # mirrors OneCycleMomentum._value
    return one_cycle(s, s.max_momentum, s.base_momentum, s.max_momentum)


def cyclic_parts(s):
    """``cysched._cycles.cyclic_scale`` and ``cyclic_amplitude`` for ``s``."""
    up = float(s.step_size_up)
    down = up if s.step_size_down is None else float(s.step_size_down)
    total = up + down
    ratio = up / total
    mode = _m.CYCLIC_MODES.index(s.mode)

    def scale(n):
        jnp = _jnp()
        t, r = opaque(n, total, ratio)
        cycle = jnp.floor(1.0 + n / t)
        x = 1.0 + n / t - cycle
        return jnp.where(x <= r, x / r, (x - 1.0) / (r - 1.0))

    def amplitude(n):
        jnp = _jnp()
        if mode == 0:
            return 1.0
        t, g = opaque(n, total, s.gamma)
        if mode == 1:
            return 1.0 / jnp.power(2.0, jnp.floor(1.0 + n / t) - 1.0)
        return jnp.power(g, n)
    return scale, amplitude


def cycling(s, low, top, falls):
    """``low`` rising towards ``top`` and back with ``s``'s cycle; ``falls``:
    ``top`` falling towards ``low`` and back."""
    scale, amplitude = cyclic_parts(s)

    def f(n):
        n = before(n)
        b, t = opaque(n, low, top)
        swing = ((t - b) * scale(n)) * amplitude(n)
        return t - swing if falls else b + swing
    return f


def cyclic(s):
    # mirrors CyclicScheduler._value
    return cycling(s, s.base_lr, s.max_lr, falls=False)


def cyclic_momentum(s):
    # mirrors CyclicMomentum._value
    return cycling(s, s.base_momentum, s.max_momentum, falls=True)


def cosine_restart(s):
    # mirrors CosineRestartScheduler._value
    steps, first, mult = float(s.warmup_steps), float(s.cycle_length), float(s.cycle_mult)
    base, final, decay = s.base_lr, s.final_lr, s.peak_decay

    def f(n):
        jnp = _jnp()
        n = before(n)
        w, c, m, b, e, d = opaque(n, steps, first, mult, base, final, decay)
        t = jnp.maximum(n - w, 0.0)
        if mult == 1.0:
            i = jnp.floor(t / c)
            i = jnp.where(i * c > t, i - 1.0, i)
            start, length = i * c, c
        else:
            def begin(k):
                return c * ((jnp.power(m, k) - 1.0) / (m - 1.0))
            i = jnp.floor(jnp.log(t * (m - 1.0) / c + 1.0) / jnp.log(m))
            i = jnp.where(begin(i) > t, i - 1.0, jnp.where(begin(i + 1.0) <= t, i + 1.0, i))
            start, length = begin(i), c * jnp.power(m, i)
        return warmed(s, n, e + (b - e) * jnp.power(d, i)
                      * (1.0 + jnp.cos(math.pi * (t - start) / length)) / 2.0)
    return f


# -- cysched/_join.py, cysched/_plateau.py: composites of closed forms -----------------------

def parts_of(schedules):
    forms = [closed_form(part) for part in schedules]
    return None if any(form is None for form in forms) else forms


def of_parts(build):
    """A composite's maker: ``build(s, parts)`` with the closed forms of its
    parts (``s.schedules``, or the one ``s.schedule``), None when one has none."""
    def make(s):
        parts = parts_of(s.schedules if hasattr(s, "schedules") else [s.schedule])
        return None if parts is None else build(s, parts)
    return make


@of_parts
def warmup(s, parts):
    # mirrors Warmup._value
    part, = parts
    steps, prefix = float(s.warmup_steps), s.prefix

    def f(n):
        jnp = _jnp()
        after = part(n - steps if prefix else n)
        if steps == 0.0:
            return after
        safe = before(jnp.minimum(n, steps))
        return jnp.where(n <= steps, ramp(s.warmup_mode, s.warmup_begin_lr,
                                          part(jnp.ones_like(n)), safe, steps), after)
    return f


@of_parts
def sequential(s, parts):
    # mirrors SequentialScheduler._value
    milestones = [float(m) for m in s.milestones]

    def f(n):
        jnp = _jnp()
        k = jnp.minimum(jnp.searchsorted(jnp.asarray(milestones or [0.0], n.dtype), n,
                                         side="left") if milestones else 0, len(parts) - 1)
        out = parts[0](n)
        for i in range(1, len(parts)):
            out = jnp.where(k == i, parts[i](n - milestones[i - 1]), out)
        return out
    return f


@of_parts
def product(s, parts):
    # mirrors ProductScheduler._value
    def f(n):
        lr = parts[0](n)
        for part in parts[1:]:
            lr = lr * part(n)
        return lr
    return f


@of_parts
def plateau(s, parts):
    # mirrors PlateauScheduler._value, with the scale as it is now
    part, = parts
    scale, final = s.scale, s.final_lr

    def f(n):
        jnp = _jnp()
        inner = part(n)
        k, e = opaque(n, scale, final)
        lr = inner * k
        low = jnp.where(e < inner, e, inner)
        return jnp.where(lr > low, lr, low)
    return f


# -- MXNet's classes (cysched/_lr_scheduler_py.py) -------------------------------------------

def mxnet_warmed(s, n, rest):
    """MXNet's ``get_warmup_lr`` (linear or constant, towards ``warmup_final_lr``)."""
    steps = float(s.warmup_steps)
    if steps == 0.0:
        return rest
    jnp = _jnp()
    begin, final, w = opaque(n, float(s.warmup_begin_lr), float(s.warmup_final_lr), steps)
    if s.warmup_mode == "linear":
        warm = begin + (final - begin) * jnp.minimum(n, steps) / w
    else:
        warm = begin
    return jnp.where(n < steps, warm, rest)


def poly(s):
    # mirrors PolyScheduler.__call__ (past max_update: the rate at max_update,
    # the last one a run from update 1 computed)
    top, steps = float(s.max_update), float(s.warmup_steps)
    base, final, power, span = (float(s.base_lr_orig), float(s.final_lr), float(s.power),
                                float(s.max_steps))

    def f(n):
        jnp = _jnp()
        if top < steps:          # no rate was ever computed after the warmup
            return mxnet_warmed(s, n, opaque(n, float(s.base_lr))[0])
        b, e, p, w, d = opaque(n, base, final, power, steps, span)
        m = jnp.minimum(n, top)
        return mxnet_warmed(s, n, e + (b - e) * jnp.power(1.0 - (m - w) / d, p))
    return f


def cosine(s):
    # mirrors CosineScheduler.__call__ (past max_update: the rate at max_update)
    top, steps = float(s.max_update), float(s.warmup_steps)
    base, final, span = float(s.base_lr_orig), float(s.final_lr), float(s.max_steps)

    def f(n):
        jnp = _jnp()
        if top < steps:          # no rate was ever computed after the warmup
            return mxnet_warmed(s, n, opaque(n, float(s.base_lr))[0])
        b, e, w, d = opaque(n, base, final, steps, span)
        m = jnp.minimum(n, top)
        return mxnet_warmed(s, n, e + (b - e) * (1.0 + jnp.cos(math.pi * (m - w) / d)) / 2.0)
    return f


def factor(s):
    # mirrors FactorScheduler.__call__'s loop from the current state: one factor
    # per ``step`` updates past ``count``, clamped at stop_factor_lr (a power
    # where MXNet multiplies one factor at a time: see the README's tolerances)
    count, step, gamma = float(s.count), float(s.step), float(s.factor)
    base, stop = float(s.base_lr), float(s.stop_factor_lr)

    def f(n):
        jnp = _jnp()
        c, k, g, b, e = opaque(n, count, step, gamma, base, stop)
        k = jnp.maximum(jnp.ceil((n - c) / k) - 1.0, 0.0)
        lr = b * jnp.power(g, k)
        return mxnet_warmed(s, n, jnp.where(k > 0.0, jnp.where(lr < e, e, lr), b))
    return f


def multi_factor(s):
    # mirrors MultiFactorScheduler.__call__'s loop from the current state: one
    # factor per step still ahead that num_update has passed
    ahead = [float(m) for m in s.step[s.cur_step_ind:]]
    gamma, base = float(s.factor), float(s.base_lr)

    def f(n):
        jnp = _jnp()
        if not ahead:
            return mxnet_warmed(s, n, jnp.full_like(n, base))
        k = jnp.searchsorted(jnp.asarray(ahead, n.dtype), n, side="left").astype(n.dtype)
        b, g = opaque(n, base, gamma)
        return mxnet_warmed(s, n, b * jnp.power(g, k))
    return f


FORMS = {
    "ConstantScheduler": constant, "LinearScheduler": linear,
    "PolynomialScheduler": polynomial,
    "ExponentialScheduler": exponential, "InverseSqrtScheduler": inverse_sqrt,
    "InverseTimeScheduler": inverse_time,
    "WarmupStableDecayScheduler": warmup_stable_decay, "PiecewiseScheduler": piecewise,
    "OneCycleScheduler": one_cycle_rate, "OneCycleMomentum": one_cycle_momentum,
    "CyclicScheduler": cyclic, "CyclicMomentum": cyclic_momentum,
    "CosineRestartScheduler": cosine_restart, "Warmup": warmup,
    "SequentialScheduler": sequential, "ProductScheduler": product,
    "PlateauScheduler": plateau, "PolyScheduler": poly, "CosineScheduler": cosine,
    "FactorScheduler": factor, "MultiFactorScheduler": multi_factor,
}
