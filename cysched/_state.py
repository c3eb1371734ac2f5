"""State and configuration of every scheduler: checkpoints and config files.

Two conventions, for the compiled classes and the pure-Python twins alike,
built on the class attributes every scheduler declares:

* ``_params``: ``(constructor argument, attribute)`` pairs, the arguments a
  fresh scheduler is made from (``repr`` shows the same);
* ``_state``: the attributes holding all of a scheduler's state.

``state_dict()`` / ``load_state_dict(d)`` (PyTorch's convention) save and
restore everything needed to continue exactly, as plain Python types::

    {"class": "FactorScheduler", "version": 1,
     "state": {"base_lr": 0.5, "count": 250, ...}}

Loading checks the class name, the version and the exact set of keys (of the
parts of a composite too), then every value with the constructor's own rules
(a throwaway instance is made from them, so the rules between arguments hold
too), before it changes anything: a bad dict raises ``ValueError`` (or the
constructor's ``TypeError``, or MXNet's ``AssertionError`` for a step count
that is no integer) and leaves the scheduler as it was.  A dict made by the
compiled class loads into the pure-Python one and back.  The parts of a
composite are loaded in place; a part that is a plain function (``def``,
``lambda``) has no visible state: it is saved as ``None`` and kept.
A user subclass saves its own instance attributes too.

``get_config()`` / ``from_config(cfg)`` (Keras's convention) give the
constructor arguments as JSON-safe types; a part of a composite is written as
``{"class_name": "CosineScheduler", "config": {...}}``, recursively.

>>> from cysched import lr_scheduler
>>> s = lr_scheduler.FactorScheduler(base_lr=1, step=2, factor=0.5)
>>> s(5)
0.25
>>> d = s.state_dict()
>>> d["class"], d["state"]["base_lr"], d["state"]["count"]
('FactorScheduler', 0.25, 4)
>>> t = lr_scheduler.FactorScheduler(step=9)
>>> t.load_state_dict(d)
>>> t(7), s(7)
(0.125, 0.125)
>>> s.get_config()["base_lr"]   # the constructor's, not the decayed rate
1
"""
import math

from cysched import _messages as _m

__all__ = ["state_dict", "load_state_dict", "get_config", "from_config",
           "classes", "FORMAT_VERSION", "describe", "restore"]

#: Version of the ``state_dict()`` layout; bumped when it changes.
FORMAT_VERSION = 1

_KEYS = ("class", "version", "state")
_PART = ("class_name", "config")
_MISSING = object()

#: What a constructor's rules raise for a value they refuse.
_REFUSED = (TypeError, ValueError, AssertionError)

from cysched._modules import MXNET as _MXNET, TWINS as _TWINS

_IMPLEMENTATION = {name: i for pair in _TWINS for i, name in enumerate(pair)}
_PUBLIC_MODULES = frozenset(_IMPLEMENTATION) | {"cysched.lr_scheduler"}


def _is_function(value):
    """A plain function used as a part of a composite: saved as ``None``."""
    import functools  # here, not at the top: ``import cysched`` stays fast
    import types
    return isinstance(value, (types.FunctionType, types.BuiltinFunctionType,
                              types.MethodType, functools.partial))


def _is_scheduler(value):
    """A cysched scheduler (or a subclass of one): it declares its state."""
    cls = type(value)
    return (hasattr(cls, "_state") and hasattr(cls, "_params")
            and hasattr(cls, "state_dict") and callable(value))


def _own_class(cls):
    """True for cysched's own classes, whose state is exactly ``_state``."""
    return cls.__module__ in _IMPLEMENTATION


def classes(compiled=None):
    """Every public scheduler class of one implementation, by name.

    ``compiled=None`` takes the one ``cysched.lr_scheduler`` uses;
    ``True``/``False`` the compiled classes or the pure-Python twins (the
    twins when the extension is not built).  Families not built are skipped.
    """
    if compiled is None:
        from cysched.lr_scheduler import COMPILED as compiled
    found = {}
    for pure, built in _TWINS:
        module = None
        for name in ((built, pure) if compiled else (pure,)):
            try:
                import importlib
                module = importlib.import_module(name)
            except ImportError:
                continue
            break
        if module is not None:
            for name in getattr(module, "__all__", ()):
                found[name] = getattr(module, name)
    return found


def _classes_like(cls):
    """The classes of the implementation ``cls`` (or the cysched class it
    derives from) belongs to."""
    for base in cls.__mro__:
        index = _IMPLEMENTATION.get(base.__module__)
        if index is not None:
            return classes(bool(index))
    return classes()


# -- state_dict -----------------------------------------------------------------

def own_attributes(sched):
    """The instance's own attributes (a user subclass's), without the fields
    behind the parameters (``cysched._params``)."""
    extra = getattr(sched, "__dict__", None)
    if not extra:
        return {}
    from cysched._params import is_field   # here: MXNet's classes do not need it
    return {name: value for name, value in extra.items()
            if not is_field(type(sched), name)}


def _attribute_names(sched):
    """``_state``, plus the instance attributes a user subclass added."""
    names = list(type(sched)._state)
    if not _own_class(type(sched)):
        names += [name for name in own_attributes(sched) if name not in names]
    return names


def _extra_ok(sched, name):
    """A user subclass may have attributes a fresh instance lacks yet."""
    return (not _own_class(type(sched)) and isinstance(name, str) and name.isidentifier()
            and hasattr(sched, "__dict__"))


def _plain(value, where, verb="save"):
    """A deep copy of ``value`` made of plain Python types (parts as dicts)."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if _is_scheduler(value):
        return value.state_dict()
    if _is_function(value):
        return None
    if isinstance(value, (list, tuple)):
        items = [_plain(item, "%s[%d]" % (where, i), verb) for i, item in enumerate(value)]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {_plain(k, where, verb): _plain(v, "%s[%r]" % (where, k), verb)
                for k, v in value.items()}
    if isinstance(value, (bool, int, float, str)):   # subclasses, e.g. numpy.float64
        return _builtin(value)
    if hasattr(type(value), "__index__"):             # e.g. numpy.int64
        try:
            return _m.index(value).__int__()
        except TypeError:
            pass                                      # e.g. a NumPy array
    raise TypeError("cannot %s %s: %r is not a plain Python value nor a cysched "
                    "scheduler, got %s=%r" % (verb, where, type(value).__name__, where, value))


def _builtin(value):
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    raise AssertionError(value)  # pragma: no cover


def state_dict(sched):
    """Everything needed to continue ``sched`` exactly, as plain Python types."""
    cls = type(sched)
    state = {}
    for name in _attribute_names(sched):
        state[name] = _plain(getattr(sched, name), "%s.%s" % (cls.__name__, name))
    return {"class": cls.__name__, "version": FORMAT_VERSION, "state": state}


def _plan(sched, data, where, moves):
    """Check ``data`` against ``sched`` and append its ``(object, attribute,
    value)`` assignments to ``moves``; raise before any is made."""
    cls = type(sched)
    if not isinstance(data, dict):
        raise ValueError("%s: a state_dict must be a dict, got %s=%r"
                         % (where, "state_dict", data))
    if set(data) != set(_KEYS):
        raise ValueError("%s: not a cysched state_dict: expected the keys %s, got %s"
                         % (where, list(_KEYS), sorted(map(str, data))))
    if type(data["class"]) is not str or data["class"] != cls.__name__:
        raise ValueError("%s: this state_dict is of another class: expected %s, got "
                         "class=%r" % (where, cls.__name__, data["class"]))
    if type(data["version"]) is not int or data["version"] != FORMAT_VERSION:
        raise ValueError("%s: unsupported state_dict version: expected %d, got version=%r"
                         % (where, FORMAT_VERSION, data["version"]))
    state = data["state"]
    if not isinstance(state, dict):
        raise ValueError("%s: state must be a dict, got state=%r" % (where, state))
    names = _attribute_names(sched)
    required = list(cls._state) if not _own_class(cls) else names
    missing = [name for name in required if name not in state]
    extra = sorted(str(name) for name in state
                   if name not in names and not _extra_ok(sched, name))
    if missing or extra:
        raise ValueError("%s: the state_dict does not fit %s: missing keys %s, "
                         "unexpected keys %s" % (where, cls.__name__, missing, extra))
    values = {}
    for name in [n for n in names if n in state] + [n for n in state if n not in names]:
        values[name] = _plan_value(sched, name, getattr(sched, name, None), state[name],
                                   "%s.%s" % (where, name), moves)
    check_state(cls, values, where)


def _is_part(value):
    return _is_scheduler(value) or _is_function(value)


def _plan_part(part, value, where, moves):
    if _is_function(part):
        # A function's state is not visible: it is saved as None and kept.
        if value is not None:
            raise ValueError("%s: a function part is saved as None, got %r" % (where, value))
        return
    _plan(part, value, where, moves)


def _plan_value(owner, name, current, value, where, moves):
    """Plan one attribute; return what it will hold (a part: the part itself,
    loaded in place)."""
    if _is_part(current):
        # A part of a composite: loaded in place, checked like its owner.
        _plan_part(current, value, where, moves)
        return current
    if (isinstance(current, (list, tuple)) and current
            and all(_is_part(item) for item in current)):
        if not isinstance(value, (list, tuple)) or len(value) != len(current):
            raise ValueError("%s: expected %d parts, got %s=%r"
                             % (where, len(current), where.rsplit(".", 1)[-1], value))
        for i, (part, item) in enumerate(zip(current, value)):
            _plan_part(part, item, "%s[%d]" % (where, i), moves)
        return current
    value = _plain(value, where, "load")
    moves.append((owner, name, value))
    return value


def _own_base(cls):
    """The cysched class ``cls`` is or derives from, when ``cls`` keeps its
    arguments and state (a subclass that declares its own has rules of its own)."""
    for base in cls.__mro__:
        if _own_class(base):
            if base._params == cls._params and base._state == cls._state:
                return base
            return None
    return None


def check_state(cls, values, where):
    """Check the attribute values ``values`` of a ``cls`` with the constructor's
    rules: a throwaway instance is made from its arguments (each parameter's
    rule and the rules between them), and the attributes no argument gives
    are checked by their own parameter (MXNet's classes: by
    ``_messages.mxnet_progress``).  Raises the constructor's error, prefixed
    with ``where`` (and the attribute behind an argument of another name)."""
    base = _own_base(cls)
    if base is None:
        return
    from cysched._params import Param   # here: MXNet's classes do not need it
    pairs = [(arg, _argument_attribute(base, arg, attr)) for arg, attr in base._params]
    try:
        base(**{arg: values[attr] for arg, attr in pairs})
    except _REFUSED as exc:
        renamed = "".join(" (%s is the state's %s)" % pair for pair in pairs
                          if pair[0] != pair[1] and "%s=" % pair[0] in str(exc))
        raise type(exc)("%s: %s%s" % (where, exc, renamed)) from None
    given = {attr for _, attr in pairs}
    try:
        if base.__module__ in _MXNET:
            _m.mxnet_progress(values)
    except _REFUSED as exc:
        raise type(exc)("%s: %s" % (where, exc)) from None
    for name in base._state:
        param = getattr(base, name, None)
        if name not in given and isinstance(param, Param):
            try:
                param.check(name, values[name], *param.args)
            except _REFUSED as exc:
                raise type(exc)("%s.%s: %s" % (where, name, exc)) from None


def _assign(obj, name, value):
    """Set one attribute of a state (``base_lr`` alone: the state gives the others)."""
    assign = getattr(getattr(type(obj), name, None), "assign", None)
    if assign is not None:
        assign(obj, value)
    else:
        setattr(obj, name, value)


def _apply(moves):
    """Make every assignment of ``moves``, or none: a failure puts back what was."""
    before = [(obj, name, _current(obj, name)) for obj, name, _ in moves]
    try:
        for obj, name, value in moves:
            _assign(obj, name, value)
    except BaseException:
        for obj, name, value in before:
            try:
                if value is _MISSING:
                    getattr(obj, "__dict__", {}).pop(name, None)
                else:
                    _assign(obj, name, value)
            except Exception:   # an instance being unpickled had no valid value yet
                pass
        raise


def _current(obj, name):
    """What ``obj.name`` holds (``_MISSING`` on an instance being unpickled)."""
    try:
        return getattr(obj, name)
    except Exception:
        return _MISSING


def load_state_dict(sched, data):
    """Continue from ``data`` (a ``state_dict()``); all or nothing.

    Raises ``ValueError`` for a dict of another class, another version, or
    with missing or unexpected keys, and the constructor's error for a value
    it would refuse, leaving ``sched`` unchanged.
    """
    moves = []
    _plan(sched, data, type(sched).__name__, moves)
    _apply(moves)


# -- get_config -----------------------------------------------------------------

def _json(value, where):
    """``value`` as JSON-safe types: parts as ``{"class_name", "config"}``."""
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        if not math.isfinite(value):
            raise ValueError("cannot write %s to a config: JSON has no %r, got %s=%r"
                             % (where, value, where, value))
        return value
    if _is_scheduler(value):
        return {"class_name": type(value).__name__, "config": value.get_config()}
    if isinstance(value, (list, tuple)):
        return [_json(item, "%s[%d]" % (where, i)) for i, item in enumerate(value)]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _json(v, "%s[%r]" % (where, k)) for k, v in value.items()}
    if isinstance(value, (bool, int, float, str)):
        return _json(_builtin(value), where)
    if hasattr(type(value), "__index__"):
        return _m.index(value).__int__()
    raise TypeError("cannot write %s to a config: %r is not JSON-safe nor a cysched "
                    "scheduler, got %s=%r" % (where, type(value).__name__, where, value))


def get_config(sched):
    """The constructor arguments that make a fresh ``sched``, JSON-safe.

    MXNet's schedulers overwrite ``base_lr`` as they decay (and an optimizer's
    ``learning_rate`` overwrites it too); the constructor's value is the one
    kept in ``warmup_final_lr``, frozen at construction, and that is the one
    written here.
    """
    cls = type(sched)
    config = {}
    for arg, attr in cls._params:
        attr = _argument_attribute(cls, arg, attr)
        config[arg] = _json(getattr(sched, attr), "%s.%s" % (cls.__name__, arg))
    return config


def _argument_attribute(cls, arg, attr):
    """The attribute holding the constructor's argument ``arg``: MXNet's
    ``base_lr`` attribute decays, the constructor's value is the frozen
    ``warmup_final_lr``."""
    if attr == "base_lr" and "warmup_final_lr" in cls._state:
        return "warmup_final_lr"
    return attr


def _is_part_config(value):
    return isinstance(value, dict) and set(value) == set(_PART)


def _build(value, known, where):
    """Make the parts a config names, with the classes ``known``."""
    if _is_part_config(value):
        name = value["class_name"]
        if name not in known:
            raise ValueError("%s: unknown scheduler class %r; known: %s"
                             % (where, name, ", ".join(sorted(known))))
        return known[name].from_config(value["config"])
    if isinstance(value, list):
        return [_build(item, known, "%s[%d]" % (where, i)) for i, item in enumerate(value)]
    return value


def from_config(cls, config):
    """A fresh ``cls`` from ``get_config()``'s dict; parts of a composite are
    made with the classes of the same implementation as ``cls``."""
    if not isinstance(config, dict):
        raise TypeError("%s.from_config needs a dict, got config=%r" % (cls.__name__, config))
    args = [arg for arg, _ in cls._params]
    unknown = sorted(str(key) for key in config if key not in args)
    if unknown:
        raise ValueError("%s.from_config: unknown argument(s) %s; %s takes %s"
                         % (cls.__name__, unknown, cls.__name__, args))
    known = _classes_like(cls)
    kwargs = {key: _build(value, known, "%s.%s" % (cls.__name__, key))
              for key, value in config.items()}
    return cls(**kwargs)


# -- repr, pickling and copying ---------------------------------------------------
# Every scheduler class, compiled or not, takes these as its methods.

def describe(obj):
    """``ClassName(a=1, b=2)`` from the constructor arguments ``_params`` of ``obj``."""
    args = ", ".join("%s=%r" % (arg, getattr(obj, attr)) for arg, attr in type(obj)._params)
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


def reduce(sched):
    """Pickle cysched's own classes by name, so that a pickle made by the
    compiled classes loads into the pure-Python ones and back."""
    cls = type(sched)
    name = cls.__name__ if cls.__module__ in _PUBLIC_MODULES else cls
    return restore, (name, sched.__getstate__())


def getstate(sched):
    """The attributes ``_state`` plus the instance's own (a subclass's)."""
    state = {name: getattr(sched, name) for name in type(sched)._state}
    state.update(own_attributes(sched))
    return state


def setstate(sched, state):
    """Unpickle (and copy): set every attribute of ``state``, or none.

    Each value is checked by its attribute write, as any write is (MXNet's
    classes, as MXNet, check none); the rules between the constructor's
    arguments are not, since attribute writes can reach a state that breaks
    them and a copy or a pickle reproduces it (``load_state_dict`` checks
    them)."""
    cls = type(sched)
    if not isinstance(state, dict):
        raise TypeError("%s.__setstate__ needs a dict, got state=%r" % (cls.__name__, state))
    missing = [name for name in cls._state if name not in state]
    if _own_base(cls) is not None and missing:
        raise ValueError("%s.__setstate__: missing keys %s" % (cls.__name__, missing))
    _apply([(sched, name, value) for name, value in state.items()])


def copy(sched):
    return restore(type(sched), sched.__getstate__())


def deepcopy(sched, memo):
    import copy as _copy
    return restore(type(sched), _copy.deepcopy(sched.__getstate__(), memo))


# -- what every scheduler class binds ------------------------------------------------
# One line per group in each class body (compiled, pure-mode or pure):
#     __reduce__, __getstate__ = _state.PICKLING
#     __setstate__ = _state.setstate      (or a method that calls it)
#     __copy__, __deepcopy__ = _state.COPYING
#     state_dict, load_state_dict, get_config, from_config = _state.PERSISTENCE

PICKLING = (reduce, getstate)
COPYING = (copy, deepcopy)
PERSISTENCE = (state_dict, load_state_dict, get_config, classmethod(from_config))
