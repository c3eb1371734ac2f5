"""Other libraries' schedules by name, with their argument names and defaults.

Each recipe takes the library's arguments (:class:`Args`) and builds the cysched
family that gives, at update ``k``, the library's rate at its step ``k - 1``
(README: "Deliberate differences from the peers").  ``RECIPES`` maps the
normalised name (lower case, ``-`` as ``_``) to ``(library, recipe)``.
"""
import math
from bisect import bisect_right

from cysched import _messages as _m

__all__ = ["Args", "RECIPES", "TIMM_ONLY", "PART_SPECS", "config_parts"]

_REQUIRED = object()

#: Spellings of one quantity across libraries, to name the right one.
_SAME = (
    ("num_training_steps", "t_initial", "total_steps", "decay_steps", "T_max", "max_update",
     "total_iters", "transition_steps", "first_decay_steps", "T_0", "cycle_length"),
    ("num_warmup_steps", "warmup_t", "warmup_steps"),
    ("lr", "learning_rate", "base_lr", "init_value", "initial_learning_rate", "peak_value",
     "max_lr"),
    ("lr_min", "eta_min", "final_lr", "min_lr", "end_value", "lr_end",
     "end_learning_rate"),
    ("warmup_lr_init", "warmup_begin_lr"),
    ("decay_rate", "gamma", "factor"),
    ("decay_t", "step_size", "step", "milestones", "boundaries"),
    ("cycle_mul", "T_mult", "t_mul", "cycle_mult"),
    ("cycle_decay", "m_mul", "peak_decay"),
    ("patience_t", "patience"),
    ("cooldown_t", "cooldown"),
)

#: Arguments only timm's ``cosine`` takes: they choose timm's over Hugging Face's.
TIMM_ONLY = ("t_initial", "warmup_t", "warmup_lr_init", "warmup_prefix", "lr_min",
             "cycle_mul", "cycle_decay", "cycle_limit", "k_decay", "t_in_epochs",
             "noise_range_t", "noise_pct", "noise_std", "noise_seed", "initialize")


class Args(object):
    """The keyword arguments of one named schedule, taken one by one."""

    def __init__(self, name, kwargs, classes):
        self.name = name
        self.kwargs = dict(kwargs)
        self.classes = classes
        self.accepted = []

    def take(self, *spellings, default=_REQUIRED):
        """The value of the first spelling given (the library's name first)."""
        self.accepted.extend(spellings)
        given = [s for s in spellings if s in self.kwargs]
        if len(given) > 1:
            raise TypeError("%s(): %r and %r both give %s; pass one"
                            % (self.name, given[0], given[1], spellings[0]))
        if given:
            return self.kwargs.pop(given[0])
        if default is _REQUIRED:
            self._foreign(spellings[:1])
            raise TypeError("%r needs %s" % (self.name, spellings[0]))
        return default

    def _foreign(self, accepted):
        """Refuse another library's spelling of one of ``accepted``, naming it."""
        for arg in self.kwargs:
            for group in _SAME:
                right = [s for s in accepted if s in group]
                if arg in group and right:
                    raise TypeError("%s() takes %s, not %r (another library's name)"
                                    % (self.name, right[0], arg))

    def rate(self):
        return self.take("lr", "learning_rate", "base_lr", default=0.01)

    def make(self, cls_name, *args, **kwargs):
        """A cysched class of the active implementation; refuses arguments left over."""
        self.done()
        return self.classes[cls_name](*args, **kwargs)

    def done(self):
        for arg in self.kwargs:
            if arg.startswith("noise"):
                raise ValueError("%s(): %s is not offered (a schedule here is a pure "
                                 "function of the update); got %s=%r"
                                 % (self.name, arg, arg, self.kwargs[arg]))
        self._foreign(self.accepted)
        for arg in self.kwargs:
            raise TypeError("%s() got an unexpected keyword argument %r; it takes %s"
                            % (self.name, arg, sorted(set(self.accepted))))


def _one(a, value, default, what):
    if value != default:
        raise ValueError(_m.got("%s(): only %s=%r is offered (%s)"
                                % (a.name, what[0], default, what[1]), **{what[0]: value}))


def _warm(a, core, steps, begin=0.0, prefix=True, mode="linear"):
    a.done()
    if not steps:
        return core
    return a.classes["Warmup"](core, steps, warmup_begin_lr=begin, warmup_mode=mode,
                               prefix=prefix)


def _cosine(a, total, peak, final=0.0):
    """One half cosine from ``peak`` to ``final`` over ``total`` updates."""
    return a.classes["WarmupStableDecayScheduler"](total, base_lr=peak, final_lr=final,
                                                   decay_steps=total)


def _delayed(a, core, begin, value):
    """optax's ``transition_begin``: ``value`` for ``begin`` updates first."""
    return _warm(a, core, begin, value, mode="constant")


# -- Hugging Face transformers (get_scheduler names) -------------------------------------

def _hf_common(a):
    return a.rate(), a.take("num_warmup_steps", default=0)


def hf_cosine(a, min_lr=False):
    lr, warmup = _hf_common(a)
    total = a.take("num_training_steps")
    _one(a, a.take("num_cycles", default=0.5), 0.5,
         ("num_cycles", "one half cosine; cosine_with_restarts restarts"))
    final = 0.0
    if min_lr:
        given = a.take("min_lr", default=None)
        ratio = a.take("min_lr_rate", default=None)
        if (given is None) == (ratio is None):
            raise TypeError("%r needs min_lr or min_lr_rate (one of them)" % a.name)
        final = given if ratio is None else ratio * lr
    return _warm(a, _cosine(a, total - warmup, lr, final), warmup)


def hf_restarts(a):
    lr, warmup = _hf_common(a)
    total = a.take("num_training_steps")
    cycles = _m.integer("num_cycles", a.take("num_cycles", default=1))
    span = total - warmup
    if cycles < 1 or span % cycles:
        raise ValueError(_m.got("num_training_steps - num_warmup_steps must split into "
                                "num_cycles whole cycles", num_training_steps=total,
                                num_warmup_steps=warmup, num_cycles=cycles))
    core = _warm(a, a.classes["CosineRestartScheduler"](span // cycles, base_lr=lr), warmup)
    # Hugging Face's rate is 0 from step num_training_steps on.
    return a.make("SequentialScheduler", [core, a.classes["ConstantScheduler"](0.0)], [total])


def hf_linear(a):
    lr, warmup = _hf_common(a)
    return a.make("LinearScheduler", a.take("num_training_steps"), base_lr=lr,
                  warmup_steps=warmup)


def hf_constant(a):
    return a.make("ConstantScheduler", a.rate())


def hf_constant_with_warmup(a):
    lr, warmup = _hf_common(a)
    return a.make("ConstantScheduler", lr, warmup_steps=warmup)


def hf_inverse_sqrt(a):
    lr, warmup = _hf_common(a)
    return a.make("InverseSqrtScheduler", base_lr=lr, warmup_steps=warmup,
                  timescale=a.take("timescale", default=None))


def hf_polynomial(a):
    lr, warmup = _hf_common(a)
    return a.make("PolynomialScheduler", a.take("num_training_steps"), base_lr=lr,
                  final_lr=a.take("lr_end", default=1e-7), power=a.take("power", default=1.0),
                  warmup_steps=warmup)


# -- timm ----------------------------------------------------------------------------------

def _timm_warmup(a):
    return (a.take("warmup_t", default=0), a.take("warmup_lr_init", default=0.0),
            a.take("warmup_prefix", default=False))


def timm_cosine(a):
    lr = a.rate()
    first = a.take("t_initial")
    final = a.take("lr_min", default=0.0)
    mul = a.take("cycle_mul", default=1.0)
    decay = a.take("cycle_decay", default=1.0)
    limit = a.take("cycle_limit", default=1)
    _one(a, a.take("k_decay", default=1.0), 1.0, ("k_decay", "a plain cosine"))
    a.take("t_in_epochs", default=True)
    warmup, begin, prefix = _timm_warmup(a)
    if limit < 1:
        # timm: lr_min once i >= cycle_limit, so from the first update after a
        # warmup that still ramps towards lr: no family ramps to a rate it never has.
        raise ValueError(_m.got("%s(): cycle_limit below 1 runs at lr_min from the start; "
                                "not offered" % a.name, cycle_limit=limit))
    if limit == 1:
        core = _cosine(a, first, lr, final)
    else:
        if decay != 1.0 and final != 0.0:
            raise ValueError(_m.got("%s(): cycle_decay with lr_min > 0 is not offered "
                                    "(timm decays the peak, not the height)" % a.name,
                                    cycle_decay=decay, lr_min=final))
        core = a.classes["CosineRestartScheduler"](first, base_lr=lr, final_lr=final,
                                                   cycle_mult=mul, peak_decay=decay)
        # timm's t runs at lr_min from the first whole t at or past the limit's end.
        end = first * limit if mul == 1.0 else first * ((mul ** limit - 1) / (mul - 1))
        core = a.classes["SequentialScheduler"](
            [core, a.classes["ConstantScheduler"](final)], [math.ceil(end)])
    return _warm(a, core, warmup, begin, prefix)


def timm_poly(a):
    lr = a.rate()
    first = a.take("t_initial")
    core = a.classes["PolynomialScheduler"](first, base_lr=lr,
                                            final_lr=a.take("lr_min", default=0.0),
                                            power=a.take("power", default=0.5))
    _one(a, a.take("k_decay", default=1.0), 1.0, ("k_decay", "a plain polynomial"))
    _one(a, a.take("cycle_limit", default=1), 1, ("cycle_limit", "one decay"))
    a.take("t_in_epochs", default=True)
    warmup, begin, prefix = _timm_warmup(a)
    return _warm(a, core, warmup, begin, prefix)


def timm_step(a):
    lr = a.rate()
    core = a.classes["ExponentialScheduler"](a.take("decay_rate", default=1.0), base_lr=lr,
                                             step=a.take("decay_t"), staircase=True)
    warmup, begin, prefix = _timm_warmup(a)
    return _warm(a, core, warmup, begin, prefix)


def timm_multistep(a):
    lr = a.rate()
    milestones = list(a.take("decay_t"))
    rate = a.take("decay_rate", default=1.0)
    # timm: decay_rate ** (milestones <= t + 1)
    core = a.classes["PiecewiseScheduler"]([m - 1 for m in milestones],
                                           [lr * rate ** i for i in range(len(milestones) + 1)])
    warmup, begin, prefix = _timm_warmup(a)
    return _warm(a, core, warmup, begin, prefix)


def timm_plateau(a):
    """timm's ``PlateauLRScheduler``, stepped once per epoch: ``step(metric)``
    where timm's ``step(epoch + 1, metric)`` is, ``step()`` in the first
    ``warmup_t`` epochs (timm ignores their metrics).  Its ReduceLROnPlateau
    keeps PyTorch's ``eps=1e-8`` and ``threshold_mode='rel'``."""
    lr = a.rate()
    kwargs = {k: a.take(timm, default=d) for k, timm, d in (
        ("factor", "decay_rate", 0.1), ("patience", "patience_t", 10),
        ("threshold", "threshold", 1e-4), ("cooldown", "cooldown_t", 0),
        ("final_lr", "lr_min", 0.0), ("mode", "mode", "max"))}
    # timm: warmup_lr_init + epoch * (lr - warmup_lr_init) / warmup_t, epochs 0..warmup_t
    warmup = a.classes["ConstantScheduler"](lr, warmup_steps=a.take("warmup_t", default=0),
                                            warmup_begin_lr=a.take("warmup_lr_init",
                                                                   default=0.0))
    return a.make("PlateauScheduler", warmup, **kwargs)


# -- PyTorch (torch.optim.lr_scheduler class names) -----------------------------------------

def torch_step(a):
    return a.make("ExponentialScheduler", a.take("gamma", default=0.1), base_lr=a.rate(),
                  step=a.take("step_size"), staircase=True)


def _whole_updates(a, name, values):
    """PyTorch's epochs are whole numbers from 0: a milestone or a ``total_iters``
    that is negative or not whole is never reached there, so it is refused here."""
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not value >= 0 or value != int(value):
            raise ValueError(_m.got("%s(): %s must be whole numbers of steps >= 0 (PyTorch "
                                    "never reaches another)" % (a.name, name),
                                    **{name: value}))
    return values


def _factor(a, name, value, low, strict):
    """PyTorch's checks of LinearLR's and ConstantLR's factors: in [low, 1] (low
    excluded when ``strict``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not (value > low if strict else value >= low) or not value <= 1.0:
        raise ValueError(_m.got("%s(): %s must be in %s%s, 1]" % (
            a.name, name, "(" if strict else "[", low), **{name: value}))
    return value


def torch_multistep(a):
    lr = a.rate()
    milestones = sorted(_whole_updates(a, "milestones", list(a.take("milestones"))))
    gamma = a.take("gamma", default=0.1)
    # PyTorch: lr * gamma ** bisect_right(milestones, epoch); a repeated milestone
    # decays as many times
    bounds = sorted(set(milestones))
    return a.make("PiecewiseScheduler", bounds,
                  [lr * gamma ** bisect_right(milestones, b) for b in [-1] + bounds])


def torch_exponential(a):
    return a.make("ExponentialScheduler", a.take("gamma"), base_lr=a.rate())


def _never_ends(a, total, lr):
    """PyTorch's LinearLR, ConstantLR and PolynomialLR with ``total_iters=0``: the
    first step's rate for ever (their loop never reaches the end of the ramp)."""
    if total == 0:
        return a.make("ConstantScheduler", lr)
    return None


def _total_iters(a):
    return _whole_updates(a, "total_iters", [a.take("total_iters", default=5)])[0]


def torch_linear(a):
    lr = a.rate()
    start = _factor(a, "start_factor", a.take("start_factor", default=1.0 / 3), 0.0, True)
    end = _factor(a, "end_factor", a.take("end_factor", default=1.0), 0.0, False)
    total = _total_iters(a)
    return _never_ends(a, total, lr * start) or a.make(
        "LinearScheduler", total, base_lr=lr * start, final_lr=lr * end)


def torch_constant(a):
    lr = a.rate()
    # (PyTorch accepts 0, then divides by it at total_iters)
    factor = _factor(a, "factor", a.take("factor", default=1.0 / 3), 0.0, True)
    total = _total_iters(a)
    return _never_ends(a, total, lr * factor) or a.make(
        "PiecewiseScheduler", [total], [lr * factor, lr])


def torch_polynomial(a):
    lr = a.rate()
    total = _total_iters(a)
    power = a.take("power", default=1.0)
    return _never_ends(a, total, lr) or a.make("PolynomialScheduler", total, base_lr=lr,
                                               power=power)


def torch_cosine(a):
    lr = a.rate()
    total = a.take("T_max")
    core = _cosine(a, total, lr, a.take("eta_min", default=0.0))
    a.done()
    return core


def torch_restarts(a):
    lr = a.rate()
    return a.make("CosineRestartScheduler", a.take("T_0"), base_lr=lr,
                  final_lr=a.take("eta_min", default=0.0), cycle_mult=a.take("T_mult", default=1))


def torch_one_cycle(a):
    peak = a.take("max_lr")
    total = a.take("total_steps", default=None)
    if total is None:
        total = a.take("epochs") * a.take("steps_per_epoch")
    return a.make("OneCycleScheduler", peak, total,
                  pct_start=a.take("pct_start", default=0.3),
                  anneal_strategy=a.take("anneal_strategy", default="cos"),
                  div_factor=a.take("div_factor", default=25.0),
                  final_div_factor=a.take("final_div_factor", default=1e4),
                  three_phase=a.take("three_phase", default=False))


def torch_cyclic(a):
    return a.make("CyclicScheduler", a.take("base_lr"), a.take("max_lr"),
                  step_size_up=a.take("step_size_up", default=2000),
                  step_size_down=a.take("step_size_down", default=None),
                  mode=a.take("mode", default="triangular"),
                  gamma=a.take("gamma", default=1.0))


def torch_plateau(a):
    """PyTorch's ``ReduceLROnPlateau``, and Hugging Face's ``reduce_lr_on_plateau``
    (``get_reduce_on_plateau_schedule`` passes its arguments to it)."""
    lr = a.rate()
    kwargs = {k: a.take(k, default=d) for k, d in (
        ("mode", "min"), ("factor", 0.1), ("patience", 10), ("threshold", 1e-4),
        ("threshold_mode", "rel"), ("cooldown", 0))}
    a.take("eps", default=1e-8)
    return a.make("PlateauScheduler", base_lr=lr, final_lr=a.take("min_lr", default=0.0),
                  **kwargs)


#: PyTorch schedulers that set their own rates, not the optimizer's.
_OWN_RATE = ("onecyclelr", "cycliclr")
#: Parts SequentialLR cannot run: ReduceLROnPlateau needs a metric (PyTorch refuses
#: it), a SequentialLR has no closed form to restart from at a milestone.
_NOT_IN_SEQUENCE = ("reducelronplateau", "sequentiallr")
#: Parts that compute from the base rate they were made with, not the reset rate.
_OWN_BASE = _OWN_RATE + ("cosineannealingwarmrestarts",)
_RATE = ("lr", "learning_rate", "base_lr")


def config_parts(config):
    """``(name, kwargs)`` of a scheduler config: ``{"name": name, **kwargs}`` or
    Keras' ``{"class_name": name, "config": kwargs}`` (``kwargs`` as given); None
    for anything else."""
    if isinstance(config, dict) and set(config) == {"class_name", "config"}:
        return config["class_name"], config["config"]
    if isinstance(config, dict) and "name" in config:
        return config["name"], {k: v for k, v in config.items() if k != "name"}
    return None


def _part_spec(where, spec):
    """``(name, kwargs)`` of one SequentialLR part: ``("LinearLR", {...})``, a
    config (:func:`config_parts`) or a bare ``"LinearLR"``."""
    if isinstance(spec, str):
        return spec, {}
    named = config_parts(spec)
    if named is None and isinstance(spec, (tuple, list)) and len(spec) == 2:
        named = spec
    if named is not None and isinstance(named[0], str) and isinstance(named[1], dict):
        return named[0], dict(named[1])
    raise TypeError(_m.got("%s: a part is a schedule, a PyTorch scheduler's name, "
                           "(name, kwargs) or {'name': name, **kwargs}" % where,
                           **{where.rpartition(".")[2]: spec}))


def _torch_part(a, i, spec):
    """``(key, name for messages, kwargs)`` of one PyTorch scheduler SequentialLR
    runs; None for a schedule made already."""
    if callable(spec):
        return None
    where = "%s.schedulers[%d]" % (a.name, i)
    name, kwargs = _part_spec(where, spec)
    key = name.strip().lower().replace("-", "_")
    if RECIPES.get(key, ("",))[0] != "PyTorch" or key in _NOT_IN_SEQUENCE:
        names = sorted(n for n, (lib, _) in RECIPES.items()
                       if lib == "PyTorch" and n not in _NOT_IN_SEQUENCE)
        raise ValueError(_m.got("%s: a part of SequentialLR is one of PyTorch's "
                                "schedulers (%s) or a schedule" % (where, ", ".join(
                                    _TORCH_NAMES[n] for n in names)), name=name))
    given = [k for k in _RATE if k in kwargs and key not in _OWN_RATE]
    if given:
        raise TypeError(_m.got("%s: the parts take SequentialLR's lr (the optimizer's, "
                               "in PyTorch)" % where, **{given[0]: kwargs[given[0]]}))
    return key, "%s in %s" % (name, where), kwargs


def _made(a, part, rate):
    key, named, kwargs = part
    kwargs = dict(kwargs) if key in _OWN_RATE else dict(kwargs, lr=rate)
    return RECIPES[key][1](Args(named, kwargs, a.classes))


def torch_sequential(a):
    """PyTorch's parts share the optimizer's ``initial_lr`` as their base rate, as
    it is when each is made: a OneCycleLR part rewrites it (max_lr / div_factor),
    and so does a CyclicLR made first (its base_lr).  SequentialLR then resets the
    rate to the last ``initial_lr`` and restarts the first part from it."""
    rate = a.rate()
    specs = a.take("schedulers")
    milestones = a.take("milestones")
    if not isinstance(milestones, (list, tuple)):
        raise TypeError(_m.got("%s(): milestones must be a list" % a.name,
                               milestones=milestones))
    milestones = list(milestones)
    if not isinstance(specs, (list, tuple)) or not specs:
        raise ValueError(_m.got("%s(): schedulers must be a non-empty list" % a.name,
                                schedulers=specs))
    named = [_torch_part(a, i, spec) for i, spec in enumerate(specs)]
    parts, bases = [], []
    for i, (spec, part) in enumerate(zip(specs, named)):
        bases.append(rate)
        parts.append(spec if part is None else _made(a, part, rate))
        key = part and part[0]
        if key == "onecyclelr":
            config = parts[-1].get_config()
            rate = config["max_lr"] / config["div_factor"]
        elif key == "cycliclr" and i == 0:
            rate = parts[-1].get_config()["base_lr"]
    # Milestones at 0: PyTorch starts with the part after them.
    first = 0
    if len(milestones) == len(parts) - 1:
        first = min(sum(1 for m in milestones if m == 0), len(parts) - 1)
    part = named[first]
    if part is not None and bases[first] != rate and part[0] not in _OWN_BASE:
        parts[first] = _made(a, part, rate)
    # PyTorch's part i runs from its step 0 at epoch milestones[i - 1]: here from
    # its update 1 at update milestones[i - 1] + 1, the same count.
    return a.make("SequentialScheduler", parts[first:], milestones[first:])


# -- optax ---------------------------------------------------------------------------------

def optax_cosine(a):
    init = a.take("init_value")
    total = a.take("decay_steps")
    alpha = a.take("alpha", default=0.0)
    _one(a, a.take("exponent", default=1.0), 1.0, ("exponent", "a plain cosine"))
    a.done()
    return _cosine(a, total, init, alpha * init)


def _optax_warmup_cosine(a):
    init = a.take("init_value")
    peak = a.take("peak_value")
    warmup = a.take("warmup_steps")
    total = a.take("decay_steps")
    end = a.take("end_value", default=0.0)
    _one(a, a.take("exponent", default=1.0), 1.0, ("exponent", "a plain cosine"))
    return _warm(a, _cosine(a, total - warmup, peak, end), warmup, init), total


def optax_warmup_cosine(a):
    return _optax_warmup_cosine(a)[0]


def optax_sgdr(a):
    parts, ends, end = [], [], 0
    for i, kwargs in enumerate(a.take("cosine_kwargs")):
        part, length = _optax_warmup_cosine(Args("%s[%d]" % (a.name, i), kwargs, a.classes))
        end += length
        parts.append(part)
        ends.append(end)
    return a.make("SequentialScheduler", parts, ends[:-1])


def optax_linear(a):
    init = a.take("init_value")
    core = a.classes["LinearScheduler"](a.take("transition_steps"), base_lr=init,
                                        final_lr=a.take("end_value"))
    return _delayed(a, core, a.take("transition_begin", default=0), init)


def optax_polynomial(a):
    init = a.take("init_value")
    core = a.classes["PolynomialScheduler"](a.take("transition_steps"), base_lr=init,
                                            final_lr=a.take("end_value"),
                                            power=a.take("power"))
    return _delayed(a, core, a.take("transition_begin", default=0), init)


def _optax_exponential(a, init):
    rate = a.take("decay_rate")
    steps = a.take("transition_steps")
    begin = a.take("transition_begin", default=0)
    staircase = a.take("staircase", default=False)
    end = a.take("end_value", default=None)
    core = a.classes["ExponentialScheduler"](rate, base_lr=init, step=steps,
                                             staircase=staircase,
                                             final_lr=0.0 if end is None else end)
    return _delayed(a, core, begin, init)


def optax_exponential(a):
    return _optax_exponential(a, a.take("init_value"))


def optax_warmup_exponential(a):
    init = a.take("init_value")
    peak = a.take("peak_value")
    warmup = a.take("warmup_steps")
    return _warm(a, _optax_exponential(a, peak), warmup, init)


def optax_piecewise_constant(a):
    init = a.take("init_value")
    table = sorted((a.take("boundaries_and_scales", default=None) or {}).items())
    values = [init]
    for _, scale in table:
        values.append(values[-1] * scale)
    return a.make("PiecewiseScheduler", [b for b, _ in table], values)


def _optax_interpolate(a, kind, init, table):
    """optax's ``piecewise_interpolate_schedule(kind, init, table)``: bounds ``(0,
    *keys)``, values the running products of the scales; an interval that ends
    at or before count 0 is never used, so it is left out."""
    keys = sorted(table)
    values = [init]
    for key in keys:
        values.append(values[-1] * table[key])
    bounds = [0] + keys
    if keys and keys[0] <= 0:
        bounds, values = bounds[1:], values[1:]
    return a.make("PiecewiseScheduler", bounds, values, kind)


def optax_piecewise_interpolate(a):
    kind = a.take("interpolate_type")
    init = a.take("init_value")
    table = a.take("boundaries_and_scales", default=None) or {}
    return _optax_interpolate(a, _m.choice("interpolate_type", kind, ("linear", "cosine")),
                              init, table)


def _optax_onecycle(a):
    steps = _m.count("transition_steps", a.take("transition_steps"), 1)
    return (steps, a.take("peak_value"), a.take("pct_start", default=0.3),
            _m.positive("div_factor", a.take("div_factor", default=25.0)),
            _m.positive("final_div_factor", a.take("final_div_factor", default=1e4)))


def optax_linear_onecycle(a):
    steps, peak, start, div, final_div = _optax_onecycle(a)
    final = a.take("pct_final", default=0.85)
    # optax's own table: a key given twice keeps its last scale
    return _optax_interpolate(a, "linear", peak / div, {
        int(start * steps): div, int(final * steps): 1.0 / div, steps: 1.0 / final_div})


def optax_cosine_onecycle(a):
    steps, peak, start, div, final_div = _optax_onecycle(a)
    return _optax_interpolate(a, "cosine", peak / div, {
        int(start * steps): div, int(steps): 1.0 / (div * final_div)})


# -- Keras 3 (keras.optimizers.schedules) -----------------------------------------------------

def keras_cosine(a):
    init = a.take("initial_learning_rate")
    total = a.take("decay_steps")
    alpha = a.take("alpha", default=0.0)
    a.take("name", default=None)
    target = a.take("warmup_target", default=None)
    warmup = a.take("warmup_steps", default=0)
    if target is None:
        a.done()
        return _cosine(a, total, init, alpha * init)
    return _warm(a, _cosine(a, total, target, alpha * target), warmup, init)


def keras_restarts(a):
    init = a.take("initial_learning_rate")
    first = a.take("first_decay_steps")
    a.take("name", default=None)
    return a.make("CosineRestartScheduler", first, base_lr=init,
                  final_lr=a.take("alpha", default=0.0) * init,
                  cycle_mult=a.take("t_mul", default=2.0),
                  peak_decay=a.take("m_mul", default=1.0))


def keras_exponential(a):
    init = a.take("initial_learning_rate")
    a.take("name", default=None)
    return a.make("ExponentialScheduler", a.take("decay_rate"), base_lr=init,
                  step=a.take("decay_steps"), staircase=a.take("staircase", default=False))


def keras_inverse_time(a):
    init = a.take("initial_learning_rate")
    steps = a.take("decay_steps")
    rate = a.take("decay_rate")
    a.take("name", default=None)
    return a.make("InverseTimeScheduler", rate, base_lr=init, step=steps,
                  staircase=a.take("staircase", default=False))


def keras_piecewise(a):
    boundaries = a.take("boundaries")
    values = a.take("values")
    a.take("name", default=None)
    # Keras moves on after its boundary: values[1] from step boundary + 1.
    return a.make("PiecewiseScheduler", [b + 1 for b in boundaries], values)


def keras_polynomial(a):
    init = a.take("initial_learning_rate")
    total = a.take("decay_steps")
    end = a.take("end_learning_rate", default=1e-4)
    power = a.take("power", default=1.0)
    _one(a, a.take("cycle", default=False), False, ("cycle", "one decay"))
    a.take("name", default=None)
    return a.make("PolynomialScheduler", total, base_lr=init, final_lr=end, power=power)


#: Names whose argument lists parts by name, made by the recipe (with its rate).
PART_SPECS = {"sequentiallr": "schedulers"}

#: PyTorch's spelling of its class names (RECIPES' keys are lower case).
_TORCH_NAMES = {n.lower(): n for n in (
    "StepLR", "MultiStepLR", "ExponentialLR", "LinearLR", "ConstantLR", "PolynomialLR",
    "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "OneCycleLR", "CyclicLR",
    "ReduceLROnPlateau", "SequentialLR")}

RECIPES = {
    # Hugging Face's "cosine" is timm's when a timm argument is given (TIMM_ONLY).
    "cosine": ("Hugging Face", lambda a: hf_cosine(a)),
    "cosine_with_min_lr": ("Hugging Face", lambda a: hf_cosine(a, min_lr=True)),
    "cosine_with_restarts": ("Hugging Face", hf_restarts),
    "linear": ("Hugging Face", hf_linear),
    "constant": ("Hugging Face", hf_constant),
    "constant_with_warmup": ("Hugging Face", hf_constant_with_warmup),
    "inverse_sqrt": ("Hugging Face", hf_inverse_sqrt),
    "polynomial": ("Hugging Face", hf_polynomial),
    "reduce_lr_on_plateau": ("Hugging Face", torch_plateau),
    "timm_cosine": ("timm", timm_cosine),
    "poly": ("timm", timm_poly),
    "step": ("timm", timm_step),
    "multistep": ("timm", timm_multistep),
    "plateau": ("timm", timm_plateau),
    "steplr": ("PyTorch", torch_step),
    "multisteplr": ("PyTorch", torch_multistep),
    "exponentiallr": ("PyTorch", torch_exponential),
    "linearlr": ("PyTorch", torch_linear),
    "constantlr": ("PyTorch", torch_constant),
    "polynomiallr": ("PyTorch", torch_polynomial),
    "cosineannealinglr": ("PyTorch", torch_cosine),
    "cosineannealingwarmrestarts": ("PyTorch", torch_restarts),
    "onecyclelr": ("PyTorch", torch_one_cycle),
    "cycliclr": ("PyTorch", torch_cyclic),
    "reducelronplateau": ("PyTorch", torch_plateau),
    "sequentiallr": ("PyTorch", torch_sequential),
    "cosine_decay_schedule": ("optax", optax_cosine),
    "warmup_cosine_decay_schedule": ("optax", optax_warmup_cosine),
    "sgdr_schedule": ("optax", optax_sgdr),
    "linear_schedule": ("optax", optax_linear),
    "polynomial_schedule": ("optax", optax_polynomial),
    "exponential_decay": ("optax", optax_exponential),
    "warmup_exponential_decay_schedule": ("optax", optax_warmup_exponential),
    "piecewise_constant_schedule": ("optax", optax_piecewise_constant),
    "piecewise_interpolate_schedule": ("optax", optax_piecewise_interpolate),
    "linear_onecycle_schedule": ("optax", optax_linear_onecycle),
    "cosine_onecycle_schedule": ("optax", optax_cosine_onecycle),
    "cosinedecay": ("Keras", keras_cosine),
    "cosinedecayrestarts": ("Keras", keras_restarts),
    "exponentialdecay": ("Keras", keras_exponential),
    "inversetimedecay": ("Keras", keras_inverse_time),
    "piecewiseconstantdecay": ("Keras", keras_piecewise),
    "polynomialdecay": ("Keras", keras_polynomial),
}
