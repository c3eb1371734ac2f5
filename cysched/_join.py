# cython: cdivision=True
"""Composition: warmup around any schedule, schedules in sequence, products
(C types: src/cysched/_join_c.pxd)."""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

from cysched import _messages as _m
from cysched._params import Choice, Count, Kept, Param, PartRate, Rate

if cython.compiled:
    from cython.cimports.cpython.ref import PyObject
    from cython.cimports.libc.stdlib import free, malloc
    from cython.cimports.cysched._schedule_c import (
        Schedule, before, doubles, hinted_vectorcall, in_use, own, part_rate, ramp, rewired,
        vectorcallfunc)
    from cython.cimports.cysched._bisect import bisect_left, bisect_near
else:
    from cysched._schedule import (
        Schedule, before, bisect_left, doubles, in_use, own, part_rate, ramp, rewired)

__all__ = ["Warmup", "SequentialScheduler", "ProductScheduler"]


def _check_schedules(name, value):
    return _m.schedules(value)


def _check_milestones(name, value):
    return _m.milestones(value)


@cython.cclass
class Warmup(Schedule):
    """Warm up any schedule, as a prefix: updates ``1..warmup_steps`` ramp from
    ``warmup_begin_lr`` towards ``target = schedule(1)``, then update ``k`` runs
    with ``schedule(k - warmup_steps)``.

    For update ``k <= warmup_steps``, with ``n = k - 1`` and ``w = warmup_steps``::

        linear:      begin + (target - begin) * (n / w)
        constant:    begin
        cosine:      begin + (target - begin) * (1 - cos(pi * n / w)) / 2
        exponential: begin * (target / begin) ** (n / w)

    The ramp ends where the schedule starts: the wrapped schedule sees 1, 2, ...
    after the warmup, like optax's ``join_schedules``, Hugging Face's
    ``*_with_warmup`` and PyTorch's ``SequentialLR``.  So ``Warmup(
    WarmupStableDecayScheduler(T - w, base_lr=lr0, decay_steps=T - w), w)(k)``
    is Hugging Face's ``get_cosine_schedule_with_warmup(opt, w, T)`` at step
    ``k - 1``, bit for bit.  With ``prefix=False`` (timm's
    ``warmup_prefix=False``) the ramp replaces the schedule's first updates
    instead: update ``k > warmup_steps`` runs with ``schedule(k)``.  The
    schedule may be any callable; one of this module's classes keeps the whole
    computation in C.  ``base_lr`` reads and writes the wrapped schedule's (and
    rescales ``warmup_begin_lr``).

    Parameters
    ----------
    schedule : callable
        ``lr = schedule(num_update)``.
    warmup_steps : int
        Number of warmup updates.
    warmup_begin_lr : float
        The rate of update 1; > 0 for ``'exponential'``.
    warmup_mode : str
        ``'linear'``, ``'constant'``, ``'cosine'`` or ``'exponential'``.
    prefix : bool
        Shift the schedule by ``warmup_steps`` (True) or overlay the ramp on it.

    Example
    -------
    >>> s = Warmup(lambda n: 1.0 / n, warmup_steps=4, warmup_begin_lr=0.05,
    ...            warmup_mode='exponential')
    >>> s(1), s(3), s(5), s(9)
    (0.05, 0.223606797749979, 1.0, 0.2)
    """

    if not cython.compiled:
        # C fields in the compiled class; slots here, so that they stay out of
        # the instance __dict__ (pickled state, a subclass's own attributes).
        __slots__ = ("_part", "_exact")

    def __init__(self, schedule, warmup_steps, warmup_begin_lr=0, warmup_mode='linear',
                 prefix=True):
        self.schedule = schedule
        self.prefix = prefix
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.warmup_mode = warmup_mode
        _m.exponential_start(self.warmup_steps, self.warmup_begin_lr, self.warmup_mode)
        self._ready = True

    def _parts(self):
        return (self._schedule,)

    def _value(self, n):
        steps = cython.declare(cython.double, self._warmup_steps)
        if n <= steps and steps > 0.0:
            return ramp(self._warmup_mode, self._warmup_begin_lr,
                        self._part._value(1.0), before(n), steps)
        return self._part._value(n - steps if self._prefix else n)

    def _gvalue(self, n):
        if self._checked_ok():
            return self._value(n)
        part = self._schedule     # held for the call, whatever the part rewires
        exact = cython.declare(cython.bint, self._exact)
        steps = cython.declare(cython.double, self._warmup_steps)
        if n <= steps and steps > 0.0:
            target = cython.declare(cython.double, part_rate(part, exact, 1.0))
            return ramp(self._warmup_mode, self._warmup_begin_lr, target, before(n), steps)
        return part_rate(part, exact, n - steps if self._prefix else n)

    _params = (("schedule", "schedule"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"),
               ("prefix", "prefix"))
    _state = ("schedule", "warmup_steps", "warmup_begin_lr", "warmup_mode", "prefix")

    _lrs = ("warmup_begin_lr",)
    base_lr = PartRate()

    def _rescale(self, ratio):
        _m.rescale(self, ratio, type(self)._lrs)
        _m.scale_part(self._schedule, ratio)

    schedule = Kept("schedule", _m.schedule)
    warmup_steps = Count("warmup_steps")
    warmup_begin_lr = Rate("warmup_begin_lr")
    warmup_mode = Choice("warmup_mode", _m.WARMUP_MODES)
    prefix = Param("prefix", _m.flag)

    def _keep_schedule(self, value):
        rewired(self, "schedule", (value,))
        self._exact = own(value)
        self._part = value if self._exact else None
        self._schedule = value


@cython.cclass
class _Parts(Schedule):
    """Composites of several schedules, kept as C pointers for the nogil path."""

    if not cython.compiled:
        # C fields in the compiled class (see Warmup).
        __slots__ = ("_c_parts", "_c_exact", "_c_count")

    def __dealloc__(self):
        free(self._c_parts)

    def _parts(self):
        return self._schedules

    schedules = Kept("schedules", _check_schedules)

    def _keep_schedules(self, value):
        parts = cython.declare(tuple, value)
        count = cython.declare(cython.Py_ssize_t, len(parts))
        i = cython.declare(cython.Py_ssize_t)
        rewired(self, "schedules", parts)
        # Immutable, so that a call holds the flags it reads (see _gvalue).
        exact = cython.declare(bytes, bytes([own(part) for part in parts]))
        if not cython.compiled:
            self._c_parts = parts
            self._c_exact = exact
            self._c_count = count
            self._schedules = parts
            return
        # Borrowed pointers: ``_schedules`` keeps the parts alive.
        pointers = cython.declare(cython.pointer(cython.pointer(PyObject)), cython.cast(
            cython.pointer(cython.pointer(PyObject)),
            malloc(max(count, 1) * cython.sizeof(cython.pointer(PyObject)))))
        if pointers == cython.NULL:
            raise MemoryError()
        for i in range(count):
            pointers[i] = cython.cast(cython.pointer(PyObject), parts[i])
        free(self._c_parts)
        self._c_parts = pointers
        self._c_exact = exact
        self._c_count = count
        self._schedules = parts


@cython.cclass
class SequentialScheduler(_Parts):
    """Run schedules one after another, each from its own update 1.

    With milestones ``m_1 < m_2 < ...`` (and ``m_0 = 0``), schedule ``i`` covers
    ``m_i < num_update <= m_{i+1}`` and is called with ``num_update - m_i``: it
    sees 1, 2, ... like a fresh MXNet scheduler (``num_update = 0`` goes to the
    first schedule as 0).  A family runs its own first ``m_{i+1} - m_i``
    updates there, as PyTorch's ``SequentialLR(opt, schedulers, milestones)``
    and optax's ``join_schedules(schedules, boundaries)`` do: at update ``k``
    this is their rate at step ``k - 1``.  Sequences nest.  ``base_lr`` is the
    largest of the parts' ``base_lr``; writing it rescales every part by ``new
    / old``.

    Parameters
    ----------
    schedules : list of callables
        At least one; ``len(milestones) + 1`` of them.
    milestones : list of int
        Strictly increasing update counts >= 1.

    Example
    -------
    >>> warm = LinearScheduler(max_update=4, base_lr=0.0, final_lr=1.0)
    >>> decay = LinearScheduler(max_update=8, base_lr=1.0, final_lr=0.0)
    >>> s = SequentialScheduler([warm, decay], milestones=[4])
    >>> s(1), s(3), s(5), s(9), s(13)
    (0.0, 0.5, 1.0, 0.5, 0.0)
    """

    if not cython.compiled:
        # C fields in the compiled class (see Warmup).
        __slots__ = ("_c_milestones", "_nmilestones")

    def __init__(self, schedules, milestones):
        self.schedules = schedules
        self.milestones = milestones
        if len(self.milestones) != len(self.schedules) - 1:
            raise ValueError(_m.got("milestones must have one entry fewer than schedules",
                                    schedules=len(self.schedules),
                                    milestones=list(self.milestones)))
        self._ready = True

    if cython.compiled:
        def __cinit__(self):
            if self._vectorcall:     # the class itself, not a subclass (see Schedule)
                self._vectorcall = cython.cast(vectorcallfunc, hinted_vectorcall)

        def _scalar(self, n):
            # The part the last call found, or the next one, before bisecting.
            self._hint = bisect_near(self._c_milestones, self._nmilestones, n, self._hint,
                                     False)
            return self._part_value(self._hint, n)

    def __dealloc__(self):
        free(self._c_milestones)

    def _value(self, n):
        return self._part_value(bisect_left(self._c_milestones, self._nmilestones, n), n)

    def _part_value(self, k, n):
        """The rate at ``n`` of the part a bisection of the milestones found at
        ``k`` (the last part covers every update past its milestone)."""
        if k > self._c_count - 1:
            k = self._c_count - 1
        if k == 0:
            return cython.cast(Schedule, self._c_parts[0])._value(n)
        return cython.cast(Schedule, self._c_parts[k])._value(n - self._c_milestones[k - 1])

    def _gvalue(self, n):
        if self._checked_ok():
            return self._value(n)
        parts = cython.declare(tuple, self._schedules)     # held for the call
        exact = cython.declare(bytes, self._c_exact)
        k = cython.declare(cython.Py_ssize_t,
                           bisect_left(self._c_milestones, self._nmilestones, n))
        if k > len(parts) - 1:
            k = len(parts) - 1
        if k == 0:
            return part_rate(parts[0], exact[0], n)
        return part_rate(parts[k], exact[k], n - self._c_milestones[k - 1])

    _params = (("schedules", "schedules"), ("milestones", "milestones"))
    _state = ("schedules", "milestones")

    @property
    def base_lr(self):
        return max(_m.base_lr_of(part) for part in self._schedules)

    @base_lr.setter
    def base_lr(self, value):
        value = _m.lr("base_lr", value)
        old = self.base_lr
        if old == 0.0:
            raise ValueError(_m.got("cannot rescale schedules whose base_lr are all 0",
                                    base_lr=value))
        self._rescale(value / old)

    @base_lr.deleter
    def base_lr(self):
        raise _m.cannot_delete(self, "base_lr")

    def _rescale(self, ratio):
        for part in self._schedules:
            _m.base_lr_of(part)
        for part in self._schedules:
            _m.scale_part(part, ratio)

    milestones = Kept("milestones", _check_milestones)

    def _keep_milestones(self, value):
        items = cython.declare(tuple, value)
        in_use(self, "milestones")
        if not cython.compiled:
            self._c_milestones = doubles(items)
            self._nmilestones = len(items)
            self._milestones = items
            return
        array = cython.declare(cython.p_double, doubles(items))
        free(self._c_milestones)
        self._c_milestones = array
        self._nmilestones = len(items)
        self._milestones = items


@cython.cclass
class ProductScheduler(_Parts):
    """The product of schedules: ``lr = s_1(num_update) * s_2(num_update) * ...``.

    For example a schedule times a shape that is 1 at its peak, or a
    schedule times a factor.  ``base_lr`` reads and writes the first
    schedule's.  The product is float64's: parts whose rates multiply past
    its range (about 1.8e308) give ``inf``.

    Parameters
    ----------
    *schedules : callables
        At least one (or ``schedules=[...]`` by keyword).

    Example
    -------
    >>> s = ProductScheduler(ConstantScheduler(base_lr=0.5),
    ...                      LinearScheduler(max_update=10, base_lr=1.0, final_lr=0.0))
    >>> s(1), s(6), s(11)
    (0.5, 0.25, 0.0)
    """

    def __init__(self, *parts, schedules=None):
        if parts and schedules is not None:
            raise TypeError("give the schedules as arguments or as schedules=, not both")
        self.schedules = parts if schedules is None else schedules
        self._ready = True

    def _value(self, n):
        i = cython.declare(cython.Py_ssize_t)
        lr = cython.declare(cython.double, cython.cast(Schedule, self._c_parts[0])._value(n))
        for i in range(1, self._c_count):
            lr = lr * cython.cast(Schedule, self._c_parts[i])._value(n)
        return lr

    def _gvalue(self, n):
        if self._checked_ok():
            return self._value(n)
        i = cython.declare(cython.Py_ssize_t)
        parts = cython.declare(tuple, self._schedules)     # held for the call
        exact = cython.declare(bytes, self._c_exact)
        lr = cython.declare(cython.double, part_rate(parts[0], exact[0], n))
        for i in range(1, len(parts)):
            lr = lr * part_rate(parts[i], exact[i], n)
        return lr

    _params = (("schedules", "schedules"),)
    _state = ("schedules",)

    @property
    def base_lr(self):
        return _m.base_lr_of(self._schedules[0])

    @base_lr.setter
    def base_lr(self, value):
        value = _m.lr("base_lr", value)
        _m.base_lr_of(self._schedules[0])
        self._schedules[0].base_lr = value

    @base_lr.deleter
    def base_lr(self):
        raise _m.cannot_delete(self, "base_lr")

    def _rescale(self, ratio):
        _m.scale_part(self._schedules[0], ratio)


if cython.compiled:
    _m.python_arguments_of(globals(), __all__)   # Python's argument errors
