"""Input checks and error messages: the one place every scheduler validates through.

The compiled classes and the pure-Python ones, MXNet's classes and the
families alike, raise through this module, so their exception types and texts
cannot drift apart.  Every message names the parameter and the value
(:func:`got`).  MXNet 1.9.1's own message comes first and the offending value
follows it: ``"<MXNet text>, got step=0"``.

Two sets of rules live here, each under its own name:

* MXNet's classes keep the caller's numbers (``int`` stays ``int``) and
  MXNet 1.9.1's checks and exception types (:func:`real`, :func:`integer`,
  :func:`mxnet_warmup`, :func:`mxnet_horizon`...);
* the families normalise learning rates to ``float`` and step counts to
  ``int`` (:func:`lr`, :func:`count`, :func:`warmup`, :func:`horizon`...).
"""
import math

#: Largest ``num_update`` accepted: every integer up to 2**53 is exact in float64.
MAX_UPDATE = 2 ** 53

#: Most steps FactorScheduler takes one by one when a jump has no exact shortcut.
MAX_STEPPED = 10 ** 7

#: Most decay steps of one FactorScheduler call past 2**53 (a jump that far is
#: MXNet's answer when the rate settles within them, as with a large ``step``).
MAX_STEPPED_PAST_EXACT = 10 ** 4

#: FactorScheduler's decay loop that MXNet 1.9.1 would never finish (or finish
#: with a rate no training can use): raised, the scheduler left as it was.
NO_FIXED_POINT = ("FactorScheduler: the rate does not settle within 10**7 decay steps "
                  "(10**4 past num_update=2**53; MXNet 1.9.1 would loop on), or "
                  "grows past 2**53")

# MXNet 1.9.1's messages, verbatim.
BASE_LR_BELOW_WARMUP = "Base lr has to be higher than warmup_begin_lr"
WARMUP_STEPS_NEGATIVE = "Warmup steps has to be positive or 0"
UNSUPPORTED_WARMUP_MODE = "Supports only linear and constant modes of warmup"
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


#: Warmup shapes, in the order of the compiled classes' mode codes.
WARMUP_MODES = ("linear", "constant", "cosine", "exponential")
ANNEAL_STRATEGIES = ("cos", "linear")
CYCLIC_MODES = ("triangular", "triangular2", "exp_range")
DECAY_MODES = ("linear", "cosine", "1-sqrt")
INTERPOLATIONS = ("constant", "linear", "cosine")
PLATEAU_MODES = ("min", "max")
THRESHOLD_MODES = ("rel", "abs")

_FLOAT_MAX_UPDATE = float(MAX_UPDATE)


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


def factor_update(value):
    """FactorScheduler's ``num_update`` at a decay: as :func:`num_update`, but
    any finite size (MXNet's loop compares Python numbers exactly, and a jump
    ends as soon as the rate is at a fixed point); only infinity, whose loop
    never ends, raises ``OverflowError``."""
    if type(value) is int and value >= 0:
        return value
    if type(value) is float and 0 <= value < math.inf:
        return value
    if isinstance(value, float) or not hasattr(type(value), "__index__"):
        try:
            f = float(value)
        except (TypeError, ValueError, OverflowError):
            f = 0.0     # num_update() names the problem
        if f == math.inf:
            raise OverflowError(got("num_update must be finite: MXNet's decay loop "
                                    "never ends", num_update=value))
        if f > MAX_UPDATE and f == f:
            return f
    elif index(value) > MAX_UPDATE:
        return int(index(value))
    return num_update(value)


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


def mxnet_real(name, value):
    """:func:`real` for MXNet's classes: a ``bool`` is kept as given, as MXNet
    keeps it (``base_lr=True`` returns ``True`` until the first decay)."""
    if type(value) is bool:
        return value
    return real(name, value)


def mxnet_integer(name, value):
    """:func:`integer` for MXNet's classes: a ``bool`` is kept (it is an ``int``
    to MXNet's ``isinstance`` check)."""
    if type(value) is bool:
        return value
    return integer(name, value)


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


def _warmup_numbers(base_lr, warmup_steps, warmup_begin_lr, real, integer):
    """The three numbers of a warmup, each made by ``real`` or ``integer``, in
    MXNet 1.9.1's order; the warmup may not start above ``base_lr``."""
    base_lr = real("base_lr", base_lr)
    warmup_steps = integer("warmup_steps", warmup_steps)
    warmup_begin_lr = real("warmup_begin_lr", warmup_begin_lr)
    if warmup_begin_lr > base_lr:
        raise ValueError(got(BASE_LR_BELOW_WARMUP, base_lr=base_lr,
                             warmup_begin_lr=warmup_begin_lr))
    return base_lr, warmup_steps, warmup_begin_lr


def mxnet_warmup(base_lr, warmup_steps, warmup_begin_lr, warmup_mode):
    """Normalise and check LRScheduler's arguments in MXNet 1.9.1's order."""
    base_lr, warmup_steps, warmup_begin_lr = _warmup_numbers(
        base_lr, warmup_steps, warmup_begin_lr, mxnet_real, mxnet_integer)
    if warmup_steps < 0:
        raise ValueError(got(WARMUP_STEPS_NEGATIVE, warmup_steps=warmup_steps))
    if warmup_mode not in ("linear", "constant"):
        raise ValueError(got(UNSUPPORTED_WARMUP_MODE, warmup_mode=warmup_mode))
    return base_lr, warmup_steps, warmup_begin_lr


def factor(value):
    value = mxnet_real("factor", value)
    if value > 1.0:
        raise ValueError(got(FACTOR_ABOVE_ONE, factor=value))
    return value


def step(value, name="step"):
    """One decay step: a finite real number >= 1."""
    value = mxnet_real(name, value)
    if value < 1:
        raise ValueError(got(STEP_BELOW_ONE, **{name: value}))
    return value


def steps(value):
    """MultiFactorScheduler's ``step``: a non-empty, increasing list.

    The caller's list itself is returned, as MXNet keeps it (appending to it
    later changes the schedule), unless an item needs converting (a NumPy
    number): then a converted copy."""
    if not (isinstance(value, list) and len(value) >= 1):
        raise AssertionError(got("step must be a non-empty list", step=value))
    out = []
    converted = False
    previous = None
    for i, item in enumerate(value):
        # Only an item that needs converting or fails names its position.
        if not (type(item) is int or (type(item) is float and math.isfinite(item))):
            number = mxnet_real("step[%d]" % i, item)
            converted = converted or number is not item
            item = number
        if previous is not None and item <= previous:
            raise ValueError(got(STEPS_NOT_INCREASING, step=value))
        if item < 1:
            raise ValueError(got(STEP_BELOW_ONE, **{"step[%d]" % i: item}))
        out.append(item)
        previous = item
    if type(value) is list and not converted:
        return value
    return out


def step_at_call(value):
    """A FactorScheduler ``step`` met at a call (it may have been set since
    construction): MXNet's loop ends for any step > 0 and never ends for
    ``step <= 0``.  (A NaN step never gets here: no decay is ever due.)"""
    if not value > 0:
        raise ValueError(got("step must be > 0: MXNet's decay loop would never end",
                             step=value))


def cannot_delete(obj, name):
    """``del obj.name`` of an attribute a scheduler needs: refused alike by the
    compiled classes (a C field cannot go) and the pure ones."""
    return AttributeError("cannot delete %s: %s needs it" % (name, type(obj).__name__))


def python_arguments(cls, args, kwargs, error):
    """The compiled ``cls`` refused the arguments ``args``/``kwargs`` of its
    ``__init__`` with ``error``: when that is Cython's argument error, raise
    Python's instead, the one the pure twin's ``__init__`` gives for them (the
    same signature), so that both name the class and the argument alike."""
    if not str(error).startswith("__init__() "):
        return None
    import importlib
    import inspect
    from cysched._modules import TWINS
    pure = {built: py for py, built in TWINS}.get(cls.__module__)
    if pure is None:
        return None
    init = getattr(importlib.import_module(pure), cls.__name__).__init__
    kwargs = kwargs or {}
    try:
        inspect.signature(init).bind(None, *args, **kwargs)
    except TypeError:
        pass
    else:
        return None         # they fit: the error is not about the arguments
    try:
        init(None, *args, **kwargs)     # refused before the body runs
    except TypeError as exc:
        raise exc.with_traceback(None) from None
    return None


def python_arguments_of(space, names):
    """Give the compiled classes ``names`` of a module's ``space`` Python's
    argument errors (``cysched._lr_scheduler_c.python_arguments``)."""
    from cysched._lr_scheduler_c import python_arguments as give
    give(*[space[name] for name in names])


def mxnet_progress(state):
    """A state of one of MXNet's classes: the attributes no constructor argument
    gives, which the scheduler changes as it runs (the rate reached, the decay's
    progress, ``max_steps``); the constructor checks the others."""
    mxnet_real("base_lr", state["base_lr"])
    mxnet_real("warmup_final_lr", state["warmup_final_lr"])
    if "base_lr_orig" in state:
        mxnet_real("base_lr_orig", state["base_lr_orig"])
    if "count" in state and mxnet_real("count", state["count"]) < 0:
        raise ValueError(got("count must be >= 0", count=state["count"]))
    if "cur_step_ind" in state:
        index_ = mxnet_integer("cur_step_ind", state["cur_step_ind"])
        if not 0 <= index_ <= len(state["step"]):
            raise ValueError(got("cur_step_ind must be within the steps",
                                 cur_step_ind=index_, step=state["step"]))
    if "max_steps" in state:
        mxnet_integer("max_steps", state["max_steps"])


def mxnet_horizon(max_update, warmup_steps):
    """Poly/Cosine's ``max_update``; equal to ``warmup_steps`` it would divide by zero."""
    max_update = mxnet_integer("max_update", max_update)
    if max_update < 1:
        raise ValueError(got(MAX_UPDATE_NOT_POSITIVE, max_update=max_update))
    if max_update == warmup_steps:
        raise ValueError(got("max_update must differ from warmup_steps (the decay "
                             "would divide by zero)", max_update=max_update,
                             warmup_steps=warmup_steps))
    return max_update


# -- the families --------------------------------------------------------------


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
    return float(num_update(value))


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


def written_rate(value, part, num_update):
    """A rate about to be written to an optimizer: a finite real number, as a float."""
    lr = rate(value, part, num_update)
    if not math.isfinite(lr):
        raise ValueError("%s gave %r for num_update=%r: a learning rate must be finite"
                         % (_name(part), lr, arg(num_update)))
    return lr


def _name(part):
    name = getattr(part, "__name__", None)
    return name if isinstance(name, str) else type(part).__name__


def parts_in_use(owner, name):
    """A composite's parts written while an evaluation reads them in another thread."""
    return ("cannot change %s of %s while evaluate() runs without the GIL in another "
            "thread: it reads the parts; change them before or after"
            % (name, type(owner).__name__))


def finite(what, value, **values):
    """``value``, a number a schedule computes from the arguments ``values``,
    must be finite: then every rate it returns is."""
    if not math.isfinite(value):
        raise ValueError(got("%s would overflow float64 (the rates would not be finite)"
                             % what, **values))


def finite_warmup(base_lr, warmup_steps, warmup_begin_lr, warmup_mode):
    """The warmup ramp's largest intermediate, finite (see ``_schedule.ramp``)."""
    if warmup_steps == 0 or warmup_mode == "constant":
        return
    if warmup_mode == "exponential":
        reach = base_lr / warmup_begin_lr
    else:   # (base_lr - warmup_begin_lr) times n < warmup_steps, or times 1 - cos <= 2
        reach = (base_lr - warmup_begin_lr) * (warmup_steps if warmup_mode == "linear" else 2)
    finite("the %s warmup" % warmup_mode, reach, base_lr=base_lr,
           warmup_begin_lr=warmup_begin_lr, warmup_steps=warmup_steps)


# -- composites -----------------------------------------------------------------

#: Most levels of compiled composites nested in one another: calls recurse in C.
MAX_DEPTH = 100


def cycle(owner, name, part):
    """A part that is, or contains, the composite it would become a part of."""
    return ("%s would make a cycle: it is or contains this %s, got %s=<%s object>"
            % (name, type(owner).__name__, name, type(part).__name__))


def too_deep(root, limit):
    return ("%s: composites nested more than %d deep (calls would recurse in C)"
            % (type(root).__name__, limit))


def not_initialised(obj):
    return ("%s object is not initialised: its __init__ did not run (a subclass's "
            "__init__ must call super().__init__())" % type(obj).__name__)


# -- parameters -----------------------------------------------------------------

def lr(name, value):
    """A learning rate: a finite real number >= 0, as a float."""
    value = float(real(name, value))
    if not value >= 0.0:
        raise ValueError(got("%s must be >= 0" % name, **{name: value}))
    return value


def positive(name, value):
    """A finite real number > 0, as a float."""
    value = float(real(name, value))
    if not value > 0.0:
        raise ValueError(got("%s must be > 0" % name, **{name: value}))
    return value


def between(name, value, low, high, low_open=False, high_open=False):
    """A finite real number in the interval given, as a float."""
    value = float(real(name, value))
    if (value < low or value > high or (low_open and value == low)
            or (high_open and value == high)):
        raise ValueError(got("%s must be in %s%r, %r%s" % (
            name, "(" if low_open else "[", low, high, ")" if high_open else "]"),
            **{name: value}))
    return value


def at_least(name, value, low):
    """A finite real number >= ``low``, as a float."""
    value = float(real(name, value))
    if not value >= low:
        raise ValueError(got("%s must be >= %r" % (name, low), **{name: value}))
    return value


def count(name, value, minimum=0):
    """A whole number of updates in ``[minimum, 2**53]``, as an int."""
    if type(value) is not int:
        if isinstance(value, (bool, float, str, bytes)) \
                or not hasattr(type(value), "__index__"):
            raise TypeError(got("%s must be an integer" % name, **{name: value}))
        value = int(index(value))
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
    base_lr, warmup_steps, warmup_begin_lr = _warmup_numbers(
        base_lr, warmup_steps, warmup_begin_lr, lr, count)
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
        b = real(name, b)
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
