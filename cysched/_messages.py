"""Error messages and input checks shared by the compiled and pure-Python twins.

Both implementations raise through this module, so their exception types and
texts cannot drift apart.  MXNet 1.9.1's own message comes first and the
offending value follows it: ``"<MXNet text>, got step=0"``.
"""
import math

#: Largest ``num_update`` accepted: every integer up to 2**53 is exact in float64.
MAX_UPDATE = 2 ** 53

#: Most steps FactorScheduler takes one by one when a jump has no exact shortcut.
MAX_STEPPED = 10 ** 7

# MXNet 1.9.1's messages, verbatim.
BASE_LR_BELOW_WARMUP = "Base lr has to be higher than warmup_begin_lr"
WARMUP_STEPS_NEGATIVE = "Warmup steps has to be positive or 0"
WARMUP_MODES = "Supports only linear and constant modes of warmup"
INVALID_WARMUP_MODE = "Invalid warmup mode %s"
STEP_BELOW_ONE = "Schedule step must be greater or equal than 1 round"
FACTOR_ABOVE_ONE = "Factor must be no more than 1 to make lr reduce"
STEPS_NOT_INCREASING = "Schedule step must be an increasing integer list"
MAX_UPDATE_NOT_POSITIVE = "maximum number of updates must be strictly positive"
MUST_OVERRIDE = "must override this"

# MXNet 1.9.1's log lines (INFO, logger ``cysched.lr_scheduler``).
LOG_CHANGE = "Update[%d]: Change learning rate to %0.5e"
LOG_CLAMP = "Update[%d]: now learning rate arrived at %0.5e, will not change in the future"


def index(value):
    """``operator.index(value)``, without importing :mod:`operator` at startup."""
    return int(type(value).__index__(value))


def got(message, **values):
    """``message`` followed by ``, got name=value`` for each keyword."""
    return message + ", got " + ", ".join("%s=%r" % kv for kv in values.items())


# -- num_update ---------------------------------------------------------------

def num_update(value, name="num_update"):
    """Return ``value`` as an ``int`` or ``float`` in ``[0, 2**53]`` or raise.

    Python ints (and bools, NumPy integers, anything with ``__index__``) stay
    integers; floats and other real numbers become ``float``.
    """
    if isinstance(value, float):
        value = float(value)
    elif hasattr(type(value), "__index__"):
        value = index(value)
        if type(value) is not int:
            value = int(value)
    elif isinstance(value, (str, bytes, complex)) or not hasattr(type(value), "__float__"):
        raise TypeError(got("%s must be a real number" % name, **{name: value}))
    else:
        try:
            value = float(value)
        except (TypeError, ValueError, OverflowError) as exc:
            raise TypeError(got("%s must be a real number" % name, **{name: value})) from exc
    if value != value:
        raise ValueError(got("%s must not be NaN" % name, **{name: value}))
    if value < 0:
        raise ValueError(got("%s must be >= 0" % name, **{name: value}))
    if value > MAX_UPDATE:
        raise OverflowError(got("%s must be at most 2**53 = %d" % (name, MAX_UPDATE),
                                **{name: value}))
    return value


def bad_warmup_call(num_update, warmup_steps):
    """The AssertionError MXNet's ``get_warmup_lr`` raises past the warmup."""
    return AssertionError(got("get_warmup_lr needs num_update < warmup_steps",
                              num_update=num_update, warmup_steps=warmup_steps))


# -- constructor parameters -----------------------------------------------------

def real(name, value):
    """A real-valued parameter: ``int`` and ``float`` kept as given, bools and
    integer types made ``int``, other real types (NumPy floats, ``Fraction``,
    ``Decimal``) made ``float``; non-finite values raise ``ValueError``."""
    cls = type(value)
    if cls is int:
        return value
    if cls is not float:
        if isinstance(value, (str, bytes, complex)) or not (
                hasattr(cls, "__index__") or hasattr(cls, "__float__")):
            raise TypeError(got("%s must be a real number" % name, **{name: value}))
        if hasattr(cls, "__index__"):
            return int(index(value))
        try:
            value = float(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(got("%s must be a real number" % name, **{name: value})) from exc
    if not math.isfinite(value):
        raise ValueError(got("%s must be finite" % name, **{name: value}))
    return value


def integer(name, value):
    """An integer parameter; MXNet 1.9.1 asserts ``isinstance(value, int)``.

    NumPy integers are accepted and made ``int``.  The check is a real
    ``raise``, so it holds under ``python -O`` too.
    """
    if type(value) is int:
        return value
    if isinstance(value, int) or (hasattr(type(value), "__index__")
                                  and not isinstance(value, float)):
        return int(index(value))
    raise AssertionError(got("%s must be an integer" % name, **{name: value}))


def warmup(base_lr, warmup_steps, warmup_begin_lr, warmup_mode):
    """Normalise and check LRScheduler's arguments in MXNet 1.9.1's order."""
    base_lr = real("base_lr", base_lr)
    warmup_steps = integer("warmup_steps", warmup_steps)
    warmup_begin_lr = real("warmup_begin_lr", warmup_begin_lr)
    if warmup_begin_lr > base_lr:
        raise ValueError(got(BASE_LR_BELOW_WARMUP, base_lr=base_lr,
                             warmup_begin_lr=warmup_begin_lr))
    if warmup_steps < 0:
        raise ValueError(got(WARMUP_STEPS_NEGATIVE, warmup_steps=warmup_steps))
    if warmup_mode not in ("linear", "constant"):
        raise ValueError(got(WARMUP_MODES, warmup_mode=warmup_mode))
    return base_lr, warmup_steps, warmup_begin_lr


def factor(value):
    value = real("factor", value)
    if value > 1.0:
        raise ValueError(got(FACTOR_ABOVE_ONE, factor=value))
    return value


def step(value, name="step"):
    """One decay step: a finite real number >= 1."""
    value = real(name, value)
    if value < 1:
        raise ValueError(got(STEP_BELOW_ONE, **{name: value}))
    return value


def steps(value):
    """MultiFactorScheduler's ``step``: a non-empty, increasing list."""
    if not (isinstance(value, list) and len(value) >= 1):
        raise AssertionError(got("step must be a non-empty list", step=value))
    out = []
    for i, item in enumerate(value):
        item = real("step[%d]" % i, item)
        if i != 0 and item <= out[i - 1]:
            raise ValueError(got(STEPS_NOT_INCREASING, step=value))
        if item < 1:
            raise ValueError(got(STEP_BELOW_ONE, **{"step[%d]" % i: item}))
        out.append(item)
    return out


def horizon(max_update, warmup_steps):
    """Poly/Cosine's ``max_update``; equal to ``warmup_steps`` it would divide by zero."""
    max_update = integer("max_update", max_update)
    if max_update < 1:
        raise ValueError(got(MAX_UPDATE_NOT_POSITIVE, max_update=max_update))
    if max_update == warmup_steps:
        raise ValueError(got("max_update must differ from warmup_steps (the decay "
                             "would divide by zero)", max_update=max_update,
                             warmup_steps=warmup_steps))
    return max_update


# -- repr and pickling ----------------------------------------------------------

def describe(obj, names):
    """``ClassName(a=1, b=2)`` from the attributes ``names`` of ``obj``."""
    args = ", ".join("%s=%r" % (arg, getattr(obj, attr)) for arg, attr in names)
    return "%s(%s)" % (type(obj).__name__, args)


def restore(cls, state):
    """Unpickle: ``cls`` is a public class name of ``cysched.lr_scheduler``
    (resolved to whichever implementation is active) or a user subclass."""
    if isinstance(cls, str):
        from cysched import lr_scheduler
        cls = getattr(lr_scheduler, cls)
    obj = cls.__new__(cls)
    obj.__setstate__(state)
    return obj
