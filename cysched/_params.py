"""Public parameters of the families, declared once: ``warmup_steps = Count("warmup_steps")``.

A parameter is a descriptor on the class.  Writing it checks the value with
its rule from :mod:`cysched._messages` (the constructor's rule, so an
attribute write is checked exactly like the argument) and keeps the result in
the field ``_<name>``: a typed C field of the compiled class (declared in
``src/cysched/*_c.pxd``), an instance attribute of the pure-Python one.
Reading converts back (a count kept as a C double reads as an ``int``, a mode
kept as a code reads as its name).
"""
from cysched import _messages as _m

__all__ = ["Param", "Rate", "Count", "Choice", "BaseRate", "Optional", "Kept", "PartRate",
           "is_field"]


class Param(object):
    """A parameter checked by ``check(name, value, *args)`` on every write."""

    __slots__ = ("name", "field", "check", "args")

    def __init__(self, name, check, *args):
        self.name = name
        self.field = "_" + name
        self.check = check
        self.args = args

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return self.load(getattr(obj, self.field))

    def __set__(self, obj, value):
        setattr(obj, self.field, self.store(self.check(self.name, value, *self.args)))

    def __delete__(self, obj):
        raise _m.cannot_delete(obj, self.name)

    def load(self, value):
        return value

    def store(self, value):
        return value


class Rate(Param):
    """A learning rate: a finite float >= 0."""

    __slots__ = ()

    def __init__(self, name):
        Param.__init__(self, name, _m.lr)


class Count(Param):
    """A whole number of updates (kept as a double in C: exact up to 2**53)."""

    __slots__ = ()

    def __init__(self, name, minimum=0):
        Param.__init__(self, name, _m.count, minimum)

    def load(self, value):
        return int(value)


class Choice(Param):
    """One of the strings ``options``, kept as its index."""

    __slots__ = ()

    def __init__(self, name, options):
        Param.__init__(self, name, _m.choice, options)

    def load(self, value):
        return self.args[0][value]

    def store(self, value):
        return self.args[0].index(value)


class BaseRate(Rate):
    """``base_lr``: writing it rescales the schedule's other rates (``_lrs``)."""

    __slots__ = ()

    def __init__(self):
        Rate.__init__(self, "base_lr")

    def __set__(self, obj, value):
        value = _m.lr("base_lr", value)
        old = getattr(obj, self.field, 0.0)
        if old != 0.0:
            _m.rescale(obj, value / old, type(obj)._lrs)
        self.write(obj, value)

    def write(self, obj, value):
        """Set ``base_lr`` alone (a composite rescaling its parts does the rest)."""
        setattr(obj, self.field, value)

    def assign(self, obj, value):
        """Set ``base_lr`` alone, checked (a state being loaded gives the other rates)."""
        self.write(obj, _m.lr("base_lr", value))


def _none_or(name, value, param):
    return None if value is None else param.check(name, value, *param.args)


class Optional(Param):
    """``None`` or a value of the parameter ``param`` (``Optional(Count("n"))``);
    ``None`` is kept as NaN, which no checked value is (the field stays a C double)."""

    __slots__ = ()

    def __init__(self, param):
        Param.__init__(self, param.name, _none_or, param)

    def load(self, value):
        return None if value != value else self.args[0].load(value)

    def store(self, value):
        return float("nan") if value is None else self.args[0].store(value)


class Kept(Param):
    """A parameter the class keeps for C as well (a part's compiled-ness, the
    parts as pointers, milestones as a C array): the checked value goes to the
    owner's ``_keep_<name>(value)``, which sets the field ``_<name>`` and the C
    side together."""

    __slots__ = ()

    def __set__(self, obj, value):
        getattr(obj, "_keep_" + self.name)(self.check(self.name, value, *self.args))


class PartRate(Rate):
    """``base_lr`` of a schedule that wraps one (``_schedule``): the wrapped
    schedule's; writing it rescales the wrapper's own rates ``_lrs`` too."""

    __slots__ = ()

    def __init__(self):
        Rate.__init__(self, "base_lr")

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return _m.base_lr_of(obj._schedule)

    def __set__(self, obj, value):
        value = _m.lr("base_lr", value)
        old = _m.base_lr_of(obj._schedule)
        if old != 0.0:
            _m.rescale(obj, value / old, type(obj)._lrs)
        obj._schedule.base_lr = value


def is_field(cls, name):
    """True when ``name`` is the field behind one of ``cls``'s parameters."""
    return name[:1] == "_" and isinstance(getattr(cls, name[1:], None), Param)
