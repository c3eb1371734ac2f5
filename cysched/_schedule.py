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
* Update ``k`` (k = 1, 2, ...) runs with ``schedule(k)``, as in MXNet's
  optimizer and every cysched bridge.  Other libraries count the updates done
  before (PyTorch's ``last_epoch``, optax's ``count``, Hugging Face's step,
  timm's ``t``, Keras' ``iterations``: ``k - 1`` during update ``k``), so a
  family reproducing a peer satisfies ``family(k) == peer(k - 1)``; the
  formulas use ``t = num_update - 1`` (``schedule(0) == schedule(1)``).
* Writing ``base_lr`` rescales the schedule: every other learning-rate
  parameter (``final_lr``, ``warmup_begin_lr``, ``max_lr``...) is multiplied by
  ``new / old`` (when the old ``base_lr`` is 0 only ``base_lr`` changes), so
  ``optimizer.SGD(learning_rate=0.1, lr_scheduler=s)`` scales ``s`` to peak at
  0.1.  Attribute writes are checked like the constructor's arguments, one at a
  time; the constructor's checks between arguments are not repeated.
* Finite arguments give finite rates: a constructor refuses (``ValueError``)
  arguments whose rates would overflow float64.
* A composite (``Warmup``, ``SequentialScheduler``, ``ProductScheduler``,
  ``PlateauScheduler``) refuses a part that is or contains itself
  (``ValueError`` on the write), and composites nest at most ``MAX_DEPTH``
  (100) deep: a call beyond raises ``RecursionError``.
"""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

from cysched import _evaluate as _ev
from cysched import _messages as _m
from cysched import _modules
from cysched import _state
from cysched._params import BaseRate, Choice, Count, Rate

if cython.compiled:
    from cython.cimports.libc.math import M_PI, NAN, cos
    from cython.cimports.libc.math import pow as cpow
    from cython.cimports.cpython.ref import PyObject
    from cython.cimports.cysched._schedule_c import (
        Py_EnterRecursiveCall, Py_LeaveRecursiveCall)
    from cython.cimports.libc.stdlib import malloc
    from cython.cimports.cysched._call import (
        cysched_at, cysched_call_slow, cysched_chunk, cysched_first_bad, cysched_float_reuse,
        cysched_input, cysched_job, cysched_job_close, cysched_job_open, cysched_one_argument,
        cysched_threads_for, cysched_update, cysched_use_vectorcall, cysched_watch_fork)
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

    def before(n):
        """The updates done before update ``n``: ``n - 1``, and 0 for ``n < 1``
        (inline in src/cysched/_schedule_c.pxd)."""
        if n >= 1.0:
            return n - 1.0
        return 0.0

    def bisect_right(a, hi, x):
        """``bisect.bisect_right(a, x, 0, hi)``: what src/cysched/_bisect.pxd
        computes in C."""
        return _bisect.bisect_right(a, x, 0, hi)

    def bisect_left(a, hi, x):
        """``bisect.bisect_left(a, x, 0, hi)``."""
        return _bisect.bisect_left(a, x, 0, hi)

__all__ = ["Schedule"]

if cython.compiled:
    cysched_watch_fork()

#: Most levels of compiled composites nested in one another (RecursionError beyond).
MAX_DEPTH = _m.MAX_DEPTH

#: Bumped whenever a composite's parts change anywhere: a composite checks its
#: tree of parts again (``settle``) when its stamp ``_seen`` is older.
_epoch = 1

#: Compiled evaluations of composites running without the GIL: while any runs,
#: no composite may change its parts (another thread would free what it reads).
_running = 0

#: The families' own modules in this implementation: their classes (not a
#: user's subclass of them) are evaluated directly, in C when compiled.
_OWN_MODULES = frozenset(pair[1 if cython.compiled else 0] for pair in _modules.FAMILIES)


def exact_update(num_update):
    """``num_update`` as a double when it is an int or float in [0, 2**53], else
    -1; compiled, any number type converted exactly too (NumPy integers and
    floats, int and float subclasses: src/cysched/_call.h)."""
    if not cython.compiled:
        if type(num_update) is float:
            if 0.0 <= num_update <= 9007199254740992.0:
                return num_update
        elif type(num_update) is int:
            if 0 <= num_update <= 9007199254740992:
                return float(num_update)
        return -1.0
    return cysched_update(cython.cast(cython.pointer(PyObject), num_update))


def call(self, num_update):
    """``self(num_update)``: the rate as a float."""
    n = cython.declare(cython.double, exact_update(num_update))
    if n < 0.0:
        n = _m.update(num_update)
    if self._c_ok():
        return self._value(n)
    return self._gvalue(n)


#: Elements per span of ``evaluate`` (a thread's unit of work).
SPAN = 1024

if cython.compiled:
    def span(self, inputs, out, lo, hi):
        """``self._fill`` over elements ``lo:hi`` of ``inputs`` (a
        cysched_input), read as doubles into a buffer on the stack."""
        buf = cython.declare(cython.double[1024])
        self._fill(cysched_chunk(cython.cast(cython.pointer(cysched_input), inputs),
                                   lo, hi, buf), out + lo, hi - lo)

    def vectorcall(self, args, nargsf, kwnames):
        """``schedule(n)`` through CPython's vectorcall (installed for the
        families' own classes only): one positional argument that is an update
        number, on a schedule that runs in C, is computed here without an
        argument tuple; anything else goes to :func:`call`, or to ``__call__``."""
        if cysched_one_argument(nargsf, kwnames):
            n = cython.declare(cython.double, cysched_update(args[0]))
            if n >= 0.0 and cython.cast(Schedule, self)._c_ok():
                return boxed(cython.cast(Schedule, self),
                             cython.cast(Schedule, self)._value(n))
            return call(cython.cast(Schedule, self), cython.cast(object, args[0]))
        return cysched_call_slow(self, args, nargsf, kwnames)

    def hinted_vectorcall(self, args, nargsf, kwnames):
        """The vectorcall entry of a class that searches its points from where
        the last call found them (SequentialScheduler, PiecewiseScheduler): as
        :func:`vectorcall`, with the rate from ``_scalar``, which keeps the hint
        in a C field.  Only this entry writes it, with the GIL held; ``evaluate``
        never reads it, and ``_scalar`` checks it before use."""
        if cysched_one_argument(nargsf, kwnames):
            n = cython.declare(cython.double, cysched_update(args[0]))
            if n >= 0.0 and cython.cast(Schedule, self)._c_ok():
                return boxed(cython.cast(Schedule, self),
                             cython.cast(Schedule, self)._scalar(n))
        return vectorcall(self, args, nargsf, kwnames)

    @cython.cfunc
    @cython.inline
    @cython.locals(self=Schedule, rate=cython.double)
    def boxed(self, rate):
        """``rate`` as a float for the vectorcall entry: the float it returned
        last time when the caller let go of it (no allocation), else a new one."""
        if not cysched_float_reuse(cython.cast(cython.pointer(PyObject), self._rate), rate):
            self._rate = rate
        return self._rate


def ramp(mode, begin, target, n, steps):
    """The warmup rate after ``n < steps`` updates, from ``begin`` towards
    ``target`` (``mode`` indexes ``_messages.WARMUP_MODES``)."""
    if mode == 0:        # linear (Hugging Face's and Keras' order of operations)
        return begin + (target - begin) * (n / steps)
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
    if cython.compiled:
        # C calls C here, without a Python frame: counted as Python counts frames.
        Py_EnterRecursiveCall(" in a composite schedule")
    try:
        if exact:
            return cython.cast(Schedule, part)._gvalue(n)
        return _m.rate(part(_m.arg(n)), part, n)
    finally:
        if cython.compiled:
            Py_LeaveRecursiveCall()


def in_use(owner, name):
    """Refuse to change ``owner``'s parameter ``name`` (its parts or milestones)
    while an evaluation runs without the GIL in another thread."""
    if _running:
        raise RuntimeError(_m.parts_in_use(owner, name))
    return 0


def rewired(owner, name, parts):
    """Before ``owner`` takes ``parts`` as its parameter ``name`` (``schedule``,
    or ``schedules`` indexed): refuse a part that is or contains ``owner`` (a
    cycle), and make every composite check its parts again before its next call.
    An owner whose ``__init__`` has not run is in no settled composite: nothing
    to check again (``settle`` refuses a cycle made through it before then)."""
    global _epoch
    in_use(owner, name)
    if not cython.cast(Schedule, owner)._ready:
        return 0
    for i in range(len(parts)):
        if contains(parts[i], owner):
            raise ValueError(_m.cycle(owner, name if name == "schedule"
                                      else "%s[%d]" % (name, i), parts[i]))
    _epoch += 1
    return 0


def contains(part, owner):
    """True when ``owner`` is ``part`` or one of its parts, at any depth."""
    seen = set()
    todo = [part]
    while todo:
        node = todo.pop()
        if node is owner:
            return True
        if isinstance(node, Schedule) and id(node) not in seen:
            seen.add(id(node))
            if cython.cast(Schedule, node)._ready:
                todo.extend(cython.cast(Schedule, node)._parts())
    return False


def settle(root):
    """Check the tree of parts under the composite ``root`` and stamp each
    composite in it with the epoch: whether it runs in C alone (``_ok``: every
    part below is a family of this implementation) and its depth (composites
    nested, itself included).  Raises RecursionError past ``MAX_DEPTH`` levels,
    ValueError for a cycle and AttributeError for a part whose ``__init__`` did
    not run.  Returns ``root._ok`` (False at once for a schedule without parts)."""
    top = cython.declare(Schedule, root)
    if top._seen == _epoch:
        return top._ok
    kids = top._parts()
    if not kids:
        return False
    # Without recursion: [composite, its parts, next part, all in C, deepest part].
    frames = [[top, kids, 0, True, 0]]
    while frames:
        frame = cython.declare(list, frames[len(frames) - 1])
        node = cython.declare(Schedule, frame[0])
        kids = frame[1]
        i = cython.declare(cython.Py_ssize_t, frame[2])
        if i == len(kids):
            frames.pop()
            node._seen = _epoch
            node._ok = frame[3]
            node._depth = frame[4] + 1
            if frames:
                parent = cython.declare(list, frames[len(frames) - 1])
                parent[3] = parent[3] and node._ok
                parent[4] = max(parent[4], node._depth)
            continue
        frame[2] = i + 1
        child = kids[i]
        if not own(child):
            frame[3] = False
            continue
        part = cython.declare(Schedule, child)
        if not part._ready:
            raise AttributeError(_m.not_initialised(part))
        below = part._parts()
        if not below:                       # a shape
            continue
        if any(f[0] is child for f in frames):
            raise ValueError(_m.cycle(node, "a part", child))
        settled = cython.declare(cython.bint, part._seen == _epoch)
        if len(frames) + (part._depth if settled else 1) > MAX_DEPTH:
            raise RecursionError(_m.too_deep(top, MAX_DEPTH))
        if settled:                         # a part shared with a composite settled
            frame[3] = frame[3] and part._ok
            frame[4] = max(frame[4], part._depth)
        else:
            frames.append([part, below, 0, True, 0])
    return top._ok


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

    if not cython.compiled:
        # C fields in the compiled class; slots here, so that they stay out of
        # the instance __dict__ (pickled state, a subclass's own attributes).
        __slots__ = ("_ready", "_seen", "_ok", "_depth", "__dict__", "__weakref__")

        def __new__(cls, *args, **kwargs):
            # What the compiled class's C fields start as.
            self = object.__new__(cls)
            self._ready = self._ok = False
            self._seen = self._depth = 0
            return self

    def __cinit__(self):
        # Compiled: the families' own classes (not a Python subclass, which
        # may override __call__) are called through vectorcall.
        if own(self):
            self._vectorcall = cython.cast(vectorcallfunc, vectorcall)
            cysched_use_vectorcall(type(self), cython.cast(
                cython.Py_ssize_t, cython.address(self._vectorcall))
                - cython.cast(cython.Py_ssize_t, cython.cast(cython.p_void, self)))

    def __init__(self):
        # No arguments, compiled or not (a cdef class would take any).
        self._ready = True

    def __call__(self, num_update):
        """Return the learning rate for update ``num_update`` (a float)."""
        return call(self, num_update)

    def evaluate(self, num_updates, out=None):
        """``[self(n) for n in num_updates]`` as a float64 NumPy array, written
        into ``out`` when given (NumPy's ``out=``: a C-contiguous float64 array
        of the same length, returned)."""
        values, integral, checked = _ev.source(num_updates)
        out = _ev.output(out, len(values), num_updates)
        in_c = cython.declare(cython.bint, self._checked_ok())
        if not cython.compiled:
            updates = _ev.as_updates(values)[0].tolist()
            if in_c:
                self._fill(updates, out, len(updates))
            else:
                out[:] = [self._gvalue(n) for n in updates]
            return out
        # Compiled: read the input where it is, check it all, then fill ``out``.
        # From the decision to run in C to the end, the GIL is released: no
        # composite may change its parts meanwhile (``in_use``).
        global _running
        composite = cython.declare(cython.bint, in_c and len(self._parts()) > 0)
        job = cython.declare(cysched_job)
        size = cython.declare(cython.Py_ssize_t)
        i = cython.declare(cython.Py_ssize_t)
        if composite:
            _running += 1
        try:
            cysched_job_open(cython.address(job), values, out)
            try:
                size = job.input.size
                with cython.nogil:
                    i = cysched_first_bad(cython.address(job.input))
                if i >= 0:
                    _ev.fail_at(values, i)
                threads = cython.declare(cython.int, cysched_threads_for(size))
                blocks = cython.declare(cython.Py_ssize_t, (size + SPAN - 1) // SPAN)
                if not in_c:
                    for i in range(size):
                        job.out[i] = self._gvalue(cysched_at(cython.address(job.input), i))
                elif threads > 1:
                    for i in prange(blocks, nogil=True, schedule='static',
                                    num_threads=threads):
                        span(self, cython.address(job.input), job.out, i * SPAN,
                             min(size, (i + 1) * SPAN))
                else:
                    with cython.nogil:
                        for i in range(blocks):
                            span(self, cython.address(job.input), job.out, i * SPAN,
                                 min(size, (i + 1) * SPAN))
            finally:
                cysched_job_close(cython.address(job))
        finally:
            if composite:
                _running -= 1
        return out

    def __repr__(self):
        return _state.describe(self)

    # Pickling, copying, state and configuration: cysched/_state.py, shared by
    # every scheduler class.
    __reduce__, __getstate__ = _state.PICKLING
    __copy__, __deepcopy__ = _state.COPYING
    state_dict, load_state_dict, get_config, from_config = _state.PERSISTENCE

    def __setstate__(self, state):
        _state.setstate(self, state)
        self._ready = True

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
        # A composite settled since the last change of parts anywhere, all in C.
        return self._seen == _epoch and self._ok

    def _checked_ok(self):
        """``_c_ok()`` after the checks of the slow path: an instance whose
        ``__init__`` did not run raises, a composite settles its parts."""
        if not self._ready:
            raise AttributeError(_m.not_initialised(self))
        if self._c_ok():
            return True
        return settle(self)

    def _parts(self):
        return ()

    def _value(self, n):
        return NAN

    if cython.compiled:
        def _scalar(self, n):
            """``_value(n)`` for the vectorcall entry, with the GIL held: a class
            may keep a hint for the next call here (see ``hinted_vectorcall``)."""
            return self._value(n)

    def _fill(self, v, out, size):
        """``out[i] = self._value(v[i])`` for ``i < size``: what ``evaluate``
        runs, in spans of consecutive elements (a class may carry something
        from one element to the next)."""
        i = cython.declare(cython.Py_ssize_t)
        for i in range(size):
            out[i] = self._value(v[i])

    def _gvalue(self, n):
        if self._checked_ok():
            return self._value(n)
        raise NotImplementedError(_m.MUST_OVERRIDE)


@cython.cclass
class _Warmed(Schedule):
    """A family with MXNet's warmup: ``warmup_steps`` updates from
    ``warmup_begin_lr`` up to ``base_lr``, shaped by ``warmup_mode``."""

    def __init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode):
        base_lr, warmup_steps, warmup_begin_lr, warmup_mode = _m.warmup(
            base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        _m.finite_warmup(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.base_lr = base_lr
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.warmup_mode = warmup_mode
        self._ready = True

    _params = (("base_lr", "base_lr"), ("warmup_steps", "warmup_steps"),
               ("warmup_begin_lr", "warmup_begin_lr"), ("warmup_mode", "warmup_mode"))
    _state = ("base_lr", "warmup_steps", "warmup_begin_lr", "warmup_mode")
    _lrs = ("warmup_begin_lr",)

    base_lr = BaseRate()
    warmup_steps = Count("warmup_steps")
    warmup_begin_lr = Rate("warmup_begin_lr")
    warmup_mode = Choice("warmup_mode", _m.WARMUP_MODES)

    def _c_ok(self):
        return self._ready

    def _warm(self, n):
        return ramp(self._warmup_mode, self._warmup_begin_lr, self._base_lr, n,
                    self._warmup_steps)


if cython.compiled:
    _m.python_arguments_of(globals(), __all__)   # Python's argument errors
