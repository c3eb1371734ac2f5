"""Make a scheduler by name: ``cysched.create`` and ``cysched.create_from_config``.

``create(name, **kwargs)`` accepts

* cysched's class names (MXNet's too: ``FactorScheduler``, ``MultiFactorScheduler``,
  ``PolyScheduler``, ``CosineScheduler``, and the families: ``LinearScheduler``,
  ``Warmup``...), with the constructor's arguments, optionally prefixed
  ``mxnet.lr_scheduler.`` / ``mx.lr_scheduler.`` / ``lr_scheduler.``;
* other libraries' names, with their argument names and defaults, giving the
  same rates as that library in a training loop (update ``k`` runs with the
  library's rate at its step ``k - 1``; README: "Deliberate differences from
  the peers"):

  - Hugging Face's ``SchedulerType`` names (``linear``, ``cosine``,
    ``cosine_with_restarts``, ``polynomial``, ``constant``,
    ``constant_with_warmup``, ``inverse_sqrt``, ``warmup_stable_decay``,
    ``reduce_lr_on_plateau``, ``cosine_with_min_lr``: ``num_warmup_steps``,
    ``num_training_steps``, ``num_cycles``...);
  - timm's (``step``, ``multistep``, ``cosine``, ``poly``, ``plateau``:
    ``t_initial``, ``warmup_t``, ``warmup_lr_init``, ``warmup_prefix``,
    ``lr_min``, ``cycle_mul``, ``cycle_decay``, ``cycle_limit``, ``decay_t``,
    ``decay_rate``...); ``cosine`` is timm's when one of timm's arguments is
    given;
  - PyTorch's class names (``StepLR``, ``MultiStepLR``, ``ExponentialLR``,
    ``LinearLR``, ``ConstantLR``, ``PolynomialLR``, ``CosineAnnealingLR``,
    ``CosineAnnealingWarmRestarts``, ``OneCycleLR``, ``CyclicLR``,
    ``ReduceLROnPlateau``, and ``SequentialLR`` whose ``schedulers`` are those
    names with their arguments, ``("LinearLR", {...})`` or ``{"name":
    "LinearLR", ...}``, made with SequentialLR's ``lr`` (or schedules made
    already));
  - optax's (``cosine_decay_schedule``, ``warmup_cosine_decay_schedule``,
    ``sgdr_schedule``, ``linear_schedule``, ``polynomial_schedule``, ``exponential_decay``,
    ``warmup_exponential_decay_schedule``, ``piecewise_constant_schedule``,
    ``piecewise_interpolate_schedule``, ``cosine_onecycle_schedule``,
    ``linear_onecycle_schedule``);
  - Keras 3's (``CosineDecay``, ``CosineDecayRestarts``, ``ExponentialDecay``,
    ``InverseTimeDecay``, ``PiecewiseConstantDecay``, ``PolynomialDecay``).

Names are case-insensitive.  Libraries that take the rate from the optimizer
take it here as ``lr`` (or ``learning_rate``, ``base_lr``).  An unknown name
suggests the closest ones, a missing argument is named (``'cosine' needs
num_training_steps``), and another library's spelling of an argument is named
with the right one.  The schedule made is always a cysched family (or a
composite of them); its ``get_config()`` is in cysched's terms.

``create_from_config(config)`` makes one from the dict an experiment file
holds, nested parts included: ``{"name": "cosine", "num_training_steps": 1000,
...}`` or Keras's form ``{"class_name": "CosineScheduler", "config": {...}}``
(what ``{"class_name": type(s).__name__, "config": s.get_config()}`` gives).

>>> import cysched
>>> s = cysched.create("linear", lr=0.1, num_warmup_steps=10, num_training_steps=100)
>>> type(s).__name__, s(6), s(11), s(101)
('LinearScheduler', 0.05, 0.1, 0.0)
>>> t = cysched.create_from_config({"name": "Warmup", "warmup_steps": 5,
...     "schedule": {"name": "cosine", "num_training_steps": 50, "lr": 0.1}})
>>> type(t.schedule).__name__, t(6), t(56)
('WarmupStableDecayScheduler', 0.1, 0.0)
"""
import difflib
import inspect

from cysched import _messages as _m
from cysched import _peers
from cysched import _state

__all__ = ["create", "create_from_config", "names", "ALIASES"]

#: Base classes: not schedules by themselves.
_ABSTRACT = ("LRScheduler", "Schedule")
_PREFIXES = ("mxnet.lr_scheduler.", "mx.lr_scheduler.", "cysched.lr_scheduler.",
             "lr_scheduler.", "cysched.")

_HF = {"lr": "base_lr", "learning_rate": "base_lr",
       "num_warmup_steps": "warmup_steps", "num_training_steps": "max_update"}


class Alias(object):
    """Another library's scheduler name: the cysched class it makes, how its
    argument names map to that class's, the library's defaults where they
    differ from cysched's, and arguments that need arithmetic (``special``)."""

    def __init__(self, target, source, renames, defaults=None, special=None,
                 handler=None, handles=()):
        self.target = target
        self.source = source
        self.renames = renames
        self.defaults = defaults or {}
        self.special = special or {}
        # handler(args, extra, default, known) takes the arguments ``handles``.
        self.handler = handler
        self.handles = tuple(handles)

    def __repr__(self):
        return "Alias(%r, %s)" % (self.target, self.source)


# -- arguments that are not a plain rename ----------------------------------------------

def _half_cycle(args, value, default):
    if value != 0.5:
        raise ValueError(_m.got("only num_cycles=0.5 (one half cosine) is supported; use "
                                "cosine_with_restarts or CosineRestartScheduler for more",
                                num_cycles=value))


def _wsd(args, extra, default, known):
    """Hugging Face's get_wsd_schedule: stable steps and a minimum-rate ratio."""
    stable = extra.pop("num_stable_steps", None)
    if stable is not None:
        if "max_update" in args:
            raise TypeError("give num_training_steps or num_stable_steps, not both")
        args["max_update"] = args.get("warmup_steps", 0) + stable + args.get("decay_steps", 0)
    if "num_cycles" in extra:
        _half_cycle(args, extra.pop("num_cycles"), default)
    ratio = extra.pop("min_lr_ratio", None)
    if ratio is not None:
        base = args.get("base_lr", default("base_lr"))
        args.setdefault("final_lr", ratio * base)
        args.setdefault("warmup_begin_lr", ratio * base)


#: Every name of another library, and what it makes.
ALIASES = {
    # Hugging Face transformers' SchedulerType
    "warmup_stable_decay": Alias("WarmupStableDecayScheduler", "Hugging Face",
                                 dict(_HF, num_decay_steps="decay_steps",
                                      warmup_type="warmup_mode", decay_type="decay_mode"),
                                 handler=_wsd,
                                 handles=("num_stable_steps", "num_cycles", "min_lr_ratio")),
}


def _normal(name):
    value = getattr(name, "value", None)   # Hugging Face's SchedulerType is an Enum
    if isinstance(value, str):
        name = value
    if not isinstance(name, str):
        raise TypeError(_m.got("a scheduler name must be a string", name=name))
    key = name.strip()
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    return key.lower().replace("-", "_")


def _public(known):
    return {cls_name.lower(): cls_name for cls_name in known if cls_name not in _ABSTRACT}


def names(known=None):
    """Every name :func:`create` accepts: class names, then other libraries'."""
    known = _state.classes() if known is None else known
    return sorted(_public(known).values()) + sorted(
        set(ALIASES) | set(_peers.RECIPES) - {"timm_cosine"})


def _unknown(name, known):
    close = difflib.get_close_matches(_normal(name), [n.lower() for n in names(known)], 3)
    spelled = {n.lower(): n for n in names(known)}
    hint = ("did you mean %s? " % " or ".join(repr(spelled[c]) for c in close)) if close else ""
    return ValueError("unknown scheduler %r; %svalid names: %s"
                      % (name, hint, ", ".join(names(known))))


def _arguments(cls_name):
    """The constructor's arguments and defaults (read from the pure-Python twin,
    whose signature Python can see)."""
    pure = _state.classes(False)[cls_name]
    params = inspect.signature(pure).parameters
    return {k: p.default for k, p in params.items()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def _create(name, kwargs, known):
    key = _normal(name)
    public = _public(known)
    if key in public:
        return _constructed(public[key], known, kwargs)
    if key == "cosine" and any(arg in _peers.TIMM_ONLY for arg in kwargs):
        key = "timm_cosine"
    if key in _peers.RECIPES:
        shown = name.value if isinstance(getattr(name, "value", None), str) else name
        return _peers.RECIPES[key][1](_peers.Args(shown.strip(), kwargs, known))
    alias = ALIASES.get(key)
    if alias is None:
        raise _unknown(name, known)
    if alias.target not in known:
        raise ValueError("%r makes a %s, which this build of cysched lacks"
                         % (name, alias.target))
    accepted = _arguments(alias.target)

    def default(arg):
        return accepted[arg]

    args, source, extra = {}, {}, {}
    for arg, value in kwargs.items():
        if arg in alias.special or arg in alias.handles:
            extra[arg] = value
            continue
        native = alias.renames.get(arg, arg)
        if native not in accepted:
            raise TypeError("%s() got an unexpected keyword argument %r; it takes %s"
                            % (key, arg, sorted(set(alias.renames) | set(alias.special)
                                                | set(alias.handles) | set(accepted))))
        if native in args:
            raise TypeError("%s(): %r and %r both give %s; pass one"
                            % (key, source[native], arg, native))
        args[native] = value
        source[native] = arg
    if alias.handler is not None:
        alias.handler(args, extra, default, known)
    for arg, value in extra.items():
        alias.special[arg](args, value, default)
    for arg, value in alias.defaults.items():
        args.setdefault(arg, value)
    return _constructed(alias.target, known, args, key)


def _constructed(cls_name, known, kwargs, name=None):
    """``known[cls_name](**kwargs)``, a missing required argument named."""
    missing = [arg for arg, default in _arguments(cls_name).items()
               if default is inspect.Parameter.empty and arg not in kwargs]
    if missing:
        raise TypeError("%r needs %s" % (name or cls_name, " and ".join(missing)))
    return known[cls_name](**kwargs)


def create(name, **kwargs):
    """A scheduler by name: a cysched class, or a Hugging Face, timm or MXNet name.

    Parameters
    ----------
    name : str
        See the module's documentation; unknown names raise ``ValueError``
        suggesting the closest ones.
    **kwargs
        The constructor's arguments, or the other library's names for them.

    Example
    -------
    >>> create("FactorScheduler", step=250, factor=0.5, base_lr=1)(251)
    0.5
    >>> s = create("step", lr=1.0, decay_t=250, decay_rate=0.5)    # timm's
    >>> type(s).__name__, s(250), s(251)
    ('ExponentialScheduler', 1.0, 0.5)
    >>> create("cosin", lr=0.1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    ValueError: unknown scheduler 'cosin'; did you mean 'cosine'...
    >>> create("cosine", lr=0.1)
    Traceback (most recent call last):
      ...
    TypeError: 'cosine' needs num_training_steps
    >>> create("polynomial", lr=0.1, num_training_steps=100).get_config()["power"]
    1.0
    """
    return _create(name, kwargs, _state.classes())


def _from_config(config, known, where):
    if not isinstance(config, dict):
        raise TypeError("%s: a scheduler config must be a dict, got %r" % (where, config))
    named = _peers.config_parts(config)
    if named is None:
        raise ValueError("%s: a scheduler config needs 'name' (or 'class_name' and "
                         "'config'), got the keys %s" % (where, sorted(map(str, config))))
    name, kwargs = named
    if not isinstance(kwargs, dict):
        raise TypeError("%s.config must be a dict, got %r" % (where, kwargs))
    parts = _peers.PART_SPECS.get(_normal(name))
    kwargs = {k: v if k == parts else _nested(v, known, "%s.%s" % (where, k))
              for k, v in kwargs.items()}
    return _create(name, kwargs, known)


def _nested(value, known, where):
    if _peers.config_parts(value) is not None:
        return _from_config(value, known, where)
    if isinstance(value, list):
        return [_nested(item, known, "%s[%d]" % (where, i)) for i, item in enumerate(value)]
    return value


def create_from_config(config):
    """A scheduler from a (nested) config dict, as a YAML or JSON file holds it.

    ``{"name": NAME, **kwargs}`` is ``create(NAME, **kwargs)``;
    ``{"class_name": NAME, "config": kwargs}`` is Keras's form of the same.
    An argument that is itself such a dict (or a list of them) is made first:
    the parts of ``Warmup``, ``SequentialScheduler``, ``ProductScheduler``,
    ``PlateauScheduler``.

    Example
    -------
    >>> import json
    >>> text = '''{"name": "SequentialScheduler", "milestones": [100],
    ...            "schedules": [{"name": "constant_with_warmup", "lr": 0.1,
    ...                           "num_warmup_steps": 10},
    ...                          {"name": "cosine", "lr": 0.1, "t_initial": 900}]}'''
    >>> s = create_from_config(json.loads(text))
    >>> s(6), s(100), s(1001)
    (0.05, 0.1, 0.0)
    """
    return _from_config(config, _state.classes(), "config")
