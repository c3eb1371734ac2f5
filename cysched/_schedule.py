# cython: boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The base of the schedule families: :class:`Schedule`, and MXNet's warmup for them.

One source for both implementations, in Cython's pure-Python mode: Python
imports this file as it is (the pure-Python classes), and the build compiles
it as ``cysched._schedule_c`` with the types declared in
``src/cysched/_schedule_c.pxd`` (the compiled classes, whose ``value`` runs
without the GIL).

Conventions shared by every family:

* ``lr = schedule(num_update)`` returns a ``float``; ``num_update`` is an int
  or float in ``[0, 2**53]``.  ``evaluate(num_updates)`` returns the same
  numbers for a 1-D sequence or array, as a float64 NumPy array.
* The step is the anchor's step: ``schedule(n)`` equals PyTorch's rate after
  ``n`` calls of ``scheduler.step()`` (its ``last_epoch == n``) and optax's
  ``schedule(count=n)``.  MXNet's optimizer asks for ``num_update = 1`` first.
* Writing ``base_lr`` rescales the schedule: every other learning-rate
  parameter (``final_lr``, ``warmup_begin_lr``, ``max_lr``...) is multiplied by
  ``new / old`` (when the old ``base_lr`` is 0 only ``base_lr`` changes), so
  ``optimizer.SGD(learning_rate=0.1, lr_scheduler=s)`` scales ``s`` to peak at
  0.1.  Attribute writes are checked like the constructor's arguments, one at a
  time; the constructor's checks between arguments are not repeated.
"""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

from cysched import _messages as _m
from cysched import _modules
from cysched import _state
from cysched._params import BaseRate, Choice, Count, Rate

if cython.compiled:
    from cython.cimports.libc.math import M_PI, NAN, cos
    from cython.cimports.libc.math import pow as cpow
    from cython.cimports.cpython.long import PyLong_AsLongLongAndOverflow
    from cython.cimports.libc.stdlib import malloc
    from cython.parallel import prange
else:
    import bisect as _bisect
    from math import cos, nan as NAN, pi as M_PI

    def cpow(x, y):
        """C's ``pow``: NaN for a domain error and an infinity on overflow, where
        ``math.pow`` (the same libm function) raises."""
        import math
        try:
            return math.pow(x, y)
        except ValueError:
            return NAN
        except OverflowError:
            return float("-inf") if x < 0 and y % 2.0 == 1.0 else float("inf")

    def bisect_right(a, hi, x):
        """``bisect.bisect_right(a, x, 0, hi)``: what src/cysched/_bisect.pxd
        computes in C."""
        return _bisect.bisect_right(a, x, 0, hi)

    def bisect_left(a, hi, x):
        """``bisect.bisect_left(a, x, 0, hi)``."""
        return _bisect.bisect_left(a, x, 0, hi)

__all__ = ["Schedule"]

#: Inputs at least this long are evaluated by several threads.
PARALLEL_SIZE = 8192

#: The families' own modules in this implementation: their classes (not a
#: user's subclass of them) are evaluated directly, in C when compiled.
_OWN_MODULES = frozenset(pair[1 if cython.compiled else 0] for pair in _modules.FAMILIES)


def exact_update(num_update):
    """``num_update`` as a double when it is an int or float in [0, 2**53], else -1."""
    if type(num_update) is float:
        x = cython.declare(cython.double, num_update)
        if 0.0 <= x <= 9007199254740992.0:
            return x
    elif type(num_update) is int:
        if cython.compiled:
            overflow = cython.declare(cython.int, 0)
            k = cython.declare(cython.longlong,
                               PyLong_AsLongLongAndOverflow(num_update,
                                                            cython.address(overflow)))
            if not overflow and 0 <= k <= cython.cast(cython.longlong, 9007199254740992):
                return k
        elif 0 <= num_update <= 9007199254740992:
            return float(num_update)
    return -1.0


def ramp(mode, begin, target, n, steps):
    """The warmup rate at ``n < steps``, from ``begin`` towards ``target``
    (``mode`` indexes ``_messages.WARMUP_MODES``)."""
    if mode == 0:        # linear
        return begin + (target - begin) * n / steps
    if mode == 1:        # constant
        return begin
    if mode == 2:        # cosine
        return begin + (target - begin) * (1.0 - cos(M_PI * n / steps)) / 2.0
    if begin == 0.0:     # exponential
        return begin
    return begin * cpow(target / begin, n / steps)


def doubles(items):
    """``items`` as C doubles: a malloc'd array when compiled (the caller frees
    it), a list in Python; indexed alike by the shared code."""
    if not cython.compiled:
        return [float(item) for item in items]
    out = cython.declare(cython.p_double, cython.cast(
        cython.p_double, malloc(max(len(items), 1) * cython.sizeof(cython.double))))
    if out == cython.NULL:
        raise MemoryError()
    for i in range(len(items)):
        out[i] = items[i]
    return out


def own(part):
    """True for this implementation's own family classes (not subclasses)."""
    return type(part).__module__ in _OWN_MODULES


def part_rate(part, exact, n):
    """``part``'s rate at ``n``: directly for an ``own`` class, else by a call."""
    if exact:
        return cython.cast(Schedule, part)._gvalue(n)
    return _m.rate(part(_m.arg(n)), part, n)


@cython.cclass
class Schedule:
    """Base class of the schedule families: ``lr = schedule(num_update)``.

    A schedule is a pure function of ``num_update``: it may be called in any
    order, any number of times, with the same answer.  Subclasses compute the
    rate in ``_value(n)`` (``n`` a float); composites such as
    :class:`Warmup` and :class:`SequentialScheduler` accept these classes and
    any Python callable.

    Example
    -------
    >>> s = ConstantScheduler(base_lr=0.5)
    >>> s(1), s(10 ** 6), s.evaluate([0, 7]).tolist()
    (0.5, 0.5, [0.5, 0.5])
    """

    def __init__(self):
        # No arguments, compiled or not (a cdef class would take any).
        pass

    def __call__(self, num_update):
        """Return the learning rate for update ``num_update`` (a float)."""
        n = cython.declare(cython.double, exact_update(num_update))
        if n < 0.0:
            n = _m.update(num_update)
        if self._c_ok():
            return self._value(n)
        return self._gvalue(n)

    def evaluate(self, num_updates):
        """``[self(n) for n in num_updates]`` as a float64 NumPy array."""
        updates = _m.updates_array(num_updates)   # first: says how to install NumPy
        import numpy
        out = numpy.empty(len(updates), dtype=numpy.float64)
        if cython.compiled:
            src = cython.declare(cython.const[cython.double][::1], updates)
            dst = cython.declare(cython.double[::1], out)
            size = cython.declare(cython.Py_ssize_t, src.shape[0])
            i = cython.declare(cython.Py_ssize_t)
            if not self._c_ok():
                for i in range(size):
                    dst[i] = self._gvalue(src[i])
            elif size >= PARALLEL_SIZE:
                for i in prange(size, nogil=True, schedule='static'):
                    dst[i] = self._value(src[i])
            else:
                with cython.nogil:
                    for i in range(size):
                        dst[i] = self._value(src[i])
        else:
            out[:] = [self._gvalue(n) for n in updates.tolist()]
        return out

    def __repr__(self):
        return _state.describe(self)

    # Pickling, copying, state and configuration: cysched/_state.py, shared by
    # every scheduler class.
    __reduce__ = _state.reduce
    __getstate__ = _state.getstate
    __setstate__ = _state.setstate
    __copy__ = _state.copy
    __deepcopy__ = _state.deepcopy
    state_dict = _state.state_dict
    load_state_dict = _state.load_state_dict
    get_config = _state.get_config
    from_config = classmethod(_state.from_config)

    _params = ()
    _state = ()
    _lrs = ()

    def _rescale(self, ratio):
        """Multiply ``base_lr`` and every rate ``_lrs`` by ``ratio`` (a composite
        rescaling its parts); all are checked before any is written."""
        scaled = _m.scaled(self, ratio, ("base_lr",) + type(self)._lrs)
        for name, value in scaled[1:]:
            setattr(self, name, value)
        type(self).base_lr.write(self, scaled[0][1])

    def _c_ok(self):
        return False

    def _value(self, n):
        return NAN

    def _gvalue(self, n):
        raise NotImplementedError(_m.MUST_OVERRIDE)


@cython.cclass
class _Warmed(Schedule):
    """A family with MXNet's warmup: ``warmup_steps`` updates from
    ``warmup_begin_lr`` up to ``base_lr``, shaped by ``warmup_mode``."""

    def __init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode):
        base_lr, warmup_steps, warmup_begin_lr, warmup_mode = _m.warmup(
            base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.base_lr = base_lr
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.warmup_mode = warmup_mode

    _params = (("base_lr", "base_lr"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = ("base_lr", "warmup_steps", "warmup_begin_lr", "warmup_mode")
    _lrs = ("warmup_begin_lr",)

    base_lr = BaseRate()
    warmup_steps = Count("warmup_steps")
    warmup_begin_lr = Rate("warmup_begin_lr")
    warmup_mode = Choice("warmup_mode", _m.WARMUP_MODES)

    def _c_ok(self):
        return True

    def _gvalue(self, n):
        return self._value(n)

    def _warm(self, n):
        return ramp(self._warmup_mode, self._warmup_begin_lr, self._base_lr, n,
                    self._warmup_steps)
