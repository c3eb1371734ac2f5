"""Input checks and messages shared by ``_families_c`` and ``_families_py``.

Both twins validate through these functions, so their exception types and
texts cannot drift apart.  Every message names the parameter and the value
(``_messages.got``).  Learning rates are normalised to ``float`` and step
counts to ``int``, so the compiled classes hold exactly what the pure ones do.
"""
import math

from cysched import _messages as _m
from cysched._messages import MAX_UPDATE, got

#: Warmup shapes, in the order of the compiled classes' mode codes.
WARMUP_MODES = ("linear", "constant", "cosine", "exponential")
ANNEAL_STRATEGIES = ("cos", "linear")
CYCLIC_MODES = ("triangular", "triangular2", "exp_range")
DECAY_MODES = ("linear", "cosine", "1-sqrt")
INTERPOLATIONS = ("constant", "linear", "cosine")
PLATEAU_MODES = ("min", "max")
THRESHOLD_MODES = ("rel", "abs")

_FLOAT_MAX_UPDATE = float(MAX_UPDATE)


# -- num_update -----------------------------------------------------------------

def update(value):
    """``num_update`` as a float in ``[0, 2**53]``; errors name ``num_update``."""
    cls = type(value)
    if cls is int:
        if 0 <= value <= MAX_UPDATE:
            return float(value)
    elif cls is float:
        if 0.0 <= value <= _FLOAT_MAX_UPDATE:
            return value
    return float(_m.num_update(value))


def arg(n):
    """What a Python part of a composite is called with: an int when ``n`` is whole."""
    return int(n) if n == math.floor(n) else n


def rate(value, part, num_update):
    """A part's return value as a float; anything but a real number raises TypeError."""
    if type(value) is float:
        return value
    if not (value is None or isinstance(value, (str, bytes, complex))) \
            and hasattr(type(value), "__float__"):
        try:
            return float(value)
        except (TypeError, ValueError, OverflowError):
            pass
    raise TypeError("%s returned %r for num_update=%r: a schedule must return a real "
                    "number" % (_name(part), value, arg(num_update)))


def _name(part):
    name = getattr(part, "__name__", None)
    return name if isinstance(name, str) else type(part).__name__


def updates_array(num_updates):
    """``num_updates`` as a contiguous 1-D float64 NumPy array (possibly the input
    itself: never written to); errors name the position (``cysched._evaluate``)."""
    from cysched import _evaluate
    return _evaluate.as_updates(num_updates)[0]


# -- parameters -----------------------------------------------------------------

def lr(name, value):
    """A learning rate: a finite real number >= 0, as a float."""
    value = float(_m.real(name, value))
    if not value >= 0.0:
        raise ValueError(got("%s must be >= 0" % name, **{name: value}))
    return value


def positive(name, value):
    """A finite real number > 0, as a float."""
    value = float(_m.real(name, value))
    if not value > 0.0:
        raise ValueError(got("%s must be > 0" % name, **{name: value}))
    return value


def between(name, value, low, high, low_open=False, high_open=False):
    """A finite real number in the interval given, as a float."""
    value = float(_m.real(name, value))
    if (value < low or value > high or (low_open and value == low)
            or (high_open and value == high)):
        raise ValueError(got("%s must be in %s%r, %r%s" % (
            name, "(" if low_open else "[", low, high, ")" if high_open else "]"),
            **{name: value}))
    return value


def at_least(name, value, low):
    """A finite real number >= ``low``, as a float."""
    value = float(_m.real(name, value))
    if not value >= low:
        raise ValueError(got("%s must be >= %r" % (name, low), **{name: value}))
    return value


def count(name, value, minimum=0):
    """A whole number of updates in ``[minimum, 2**53]``, as an int."""
    if type(value) is not int:
        if isinstance(value, (bool, float, str, bytes)) \
                or not hasattr(type(value), "__index__"):
            raise TypeError(got("%s must be an integer" % name, **{name: value}))
        value = int(_m.index(value))
    if value < minimum:
        raise ValueError(got("%s must be >= %d" % (name, minimum), **{name: value}))
    if value > MAX_UPDATE:
        raise ValueError(got("%s must be at most 2**53" % name, **{name: value}))
    return value


def optional(check, name, value, *args):
    """``None`` or what ``check`` accepts."""
    return None if value is None else check(name, value, *args)


def choice(name, value, options):
    """One of the strings ``options``."""
    if not (type(value) is str and value in options):
        raise ValueError(got("%s must be one of %s" % (
            name, ", ".join(repr(o) for o in options)), **{name: value}))
    return value


def flag(name, value):
    """A bool (0 and 1 accepted)."""
    if value is True or value is False:
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    raise TypeError(got("%s must be True or False" % name, **{name: value}))


def warmup(base_lr, warmup_steps, warmup_begin_lr, warmup_mode):
    """The warmup arguments, checked in MXNet's order, normalised."""
    base_lr = lr("base_lr", base_lr)
    warmup_steps = count("warmup_steps", warmup_steps)
    warmup_begin_lr = lr("warmup_begin_lr", warmup_begin_lr)
    if warmup_begin_lr > base_lr:
        raise ValueError(got(_m.BASE_LR_BELOW_WARMUP, base_lr=base_lr,
                             warmup_begin_lr=warmup_begin_lr))
    warmup_mode = choice("warmup_mode", warmup_mode, WARMUP_MODES)
    exponential_start(warmup_steps, warmup_begin_lr, warmup_mode)
    return base_lr, warmup_steps, warmup_begin_lr, warmup_mode


def exponential_start(warmup_steps, warmup_begin_lr, warmup_mode):
    if warmup_mode == "exponential" and warmup_steps > 0 and warmup_begin_lr == 0:
        raise ValueError(got("an exponential warmup needs warmup_begin_lr > 0",
                             warmup_begin_lr=warmup_begin_lr, warmup_mode=warmup_mode))


def horizon(max_update, warmup_steps):
    """``max_update``: an int > ``warmup_steps`` (the decay needs at least one update)."""
    max_update = count("max_update", max_update, 1)
    if max_update <= warmup_steps:
        raise ValueError(got("max_update must be greater than warmup_steps",
                             max_update=max_update, warmup_steps=warmup_steps))
    return max_update


def not_above(name, value, limit_name, limit):
    if value > limit:
        raise ValueError(got("%s must be <= %s" % (name, limit_name),
                             **{name: value, limit_name: limit}))


def schedule(name, value):
    """A part of a composite: anything callable as ``lr = part(num_update)``."""
    if not callable(value):
        raise TypeError(got("%s must be callable as lr = schedule(num_update)" % name,
                            **{name: value}))
    return value


def schedules(value, name="schedules"):
    """A non-empty sequence of schedules, as a tuple."""
    if isinstance(value, (str, bytes)) or not hasattr(type(value), "__iter__"):
        raise TypeError(got("%s must be a list of schedules" % name, **{name: value}))
    parts = tuple(value)
    if not parts:
        raise ValueError(got("%s must hold at least one schedule" % name, **{name: value}))
    for i, part in enumerate(parts):
        schedule("%s[%d]" % (name, i), part)
    return parts


def milestones(value):
    """Increasing update counts >= 1, as a tuple of ints."""
    if isinstance(value, (str, bytes)) or not hasattr(type(value), "__iter__"):
        raise TypeError(got("milestones must be a list of integers", milestones=value))
    out = tuple(count("milestones[%d]" % i, m, 1) for i, m in enumerate(value))
    for i in range(1, len(out)):
        if out[i] <= out[i - 1]:
            raise ValueError(got("milestones must be strictly increasing",
                                 milestones=list(out)))
    return out


def boundaries(value):
    """Increasing finite numbers (ints kept within 2**53), as a tuple."""
    if isinstance(value, (str, bytes)) or not hasattr(type(value), "__iter__"):
        raise TypeError(got("boundaries must be a list of numbers", boundaries=value))
    out = []
    for i, b in enumerate(value):
        name = "boundaries[%d]" % i
        b = _m.real(name, b)
        if type(b) is int and abs(b) > MAX_UPDATE:
            raise ValueError(got("%s must be within +-2**53" % name, **{name: b}))
        if out and not b > out[-1]:
            raise ValueError(got("boundaries must be strictly increasing",
                                 boundaries=list(value)))
        out.append(b)
    return tuple(out)


def rates(value, name="values"):
    """At least one learning rate, as a tuple of floats."""
    if isinstance(value, (str, bytes)) or not hasattr(type(value), "__iter__"):
        raise TypeError(got("%s must be a list of learning rates" % name, **{name: value}))
    out = tuple(lr("%s[%d]" % (name, i), v) for i, v in enumerate(value))
    if not out:
        raise ValueError(got("%s must hold at least one learning rate" % name,
                             **{name: value}))
    return out


def piecewise(boundaries_, values, interpolate):
    """Check that ``values`` fits ``boundaries`` for the interpolation chosen."""
    if interpolate == "constant":
        if len(values) != len(boundaries_) + 1:
            raise ValueError(got("interpolate='constant' needs one more value than "
                                 "boundaries", boundaries=list(boundaries_),
                                 values=list(values)))
    elif len(values) != len(boundaries_) or not values:
        raise ValueError(got("interpolate=%r needs one value per boundary (at least one)"
                             % interpolate, boundaries=list(boundaries_),
                             values=list(values)))


def metric(value):
    """A metric given to ``PlateauScheduler.record``, as a float (NaN counts as worse)."""
    if isinstance(value, (str, bytes, complex)) or value is None \
            or not hasattr(type(value), "__float__"):
        raise TypeError(got("metric must be a real number", metric=value))
    return float(value)


def scaled(obj, ratio, names):
    """``[(name, getattr(obj, name) * ratio)]``; a result that is not finite raises."""
    out = [(name, getattr(obj, name) * ratio) for name in names]
    for name, value in out:
        if not math.isfinite(value):
            raise ValueError(got("cannot rescale the schedule: %s would not be finite" % name,
                                 **{name: value}))
    return out


def rescale(obj, ratio, names):
    """Multiply the attributes ``names`` of ``obj`` by ``ratio`` (checked before any write)."""
    for name, value in scaled(obj, ratio, names):
        setattr(obj, name, value)


def scale_part(part, ratio):
    """Rescale a part of a composite: its ``_rescale`` or, for other schedules
    (MXNet's, a user's class), its ``base_lr``."""
    method = getattr(part, "_rescale", None)
    if method is not None:
        method(ratio)
    else:
        part.base_lr = base_lr_of(part) * ratio


def base_lr_of(part):
    try:
        return part.base_lr
    except AttributeError:
        raise no_base_lr(part) from None


def no_base_lr(part):
    return AttributeError("%s has no base_lr to read or rescale" % _name(part))
