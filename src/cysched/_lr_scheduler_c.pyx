# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, binding=True
"""MXNet 1.9.1's learning-rate schedulers as typed Cython classes.

This is the twin of the pure-Python ``cysched._lr_scheduler_py``: same classes,
same method order, same docstrings, same numbers.  ``cysched.lr_scheduler``
uses it whenever it imports; the pure twin's code runs instead for states
these classes do not cover in C (attributes overwritten with other types,
integers beyond 2**53).
"""
cimport cython
from cython.parallel cimport prange
from libc.math cimport cos, pow, ceil, isinf, isfinite, signbit, INFINITY
from libc.stdlib cimport malloc, free
from cpython.float cimport PyFloat_FromDouble, PyFloat_AS_DOUBLE
from cpython.long cimport PyLong_AsLongLongAndOverflow, PyLong_FromLongLong
from cpython.buffer cimport (PyObject_GetBuffer, PyBuffer_Release, PyBUF_C_CONTIGUOUS,
                             PyBUF_FORMAT, PyBUF_WRITABLE)
from cpython.object cimport PyObject
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.tuple cimport PyTuple_GET_SIZE
from cpython.exc cimport PyErr_CheckSignals

from cysched._call cimport (
    CYSCHED_PARALLEL_SIZE, CYSCHED_RANGE, cysched_at, cysched_call_slow, cysched_chunk,
    cysched_chunk_size, cysched_exact_number, cysched_first_bad, cysched_float_reuse,
    cysched_input, cysched_job, cysched_job_close, cysched_job_open, cysched_one_argument,
    cysched_small_int, cysched_threads_for, cysched_use_vectorcall, cysched_watch_fork)

from cysched import _evaluate as _ev
from cysched import _log
from cysched import _state
from cysched import _messages as _m
from cysched import _lr_scheduler_py as _py

cdef extern from *:
    """
    /* Instances keep their dict in a field of ours: Cython's own __dict__
       field is emptied when the object dies, even while someone holds the
       dict (vars(FactorScheduler(5)) would be {}). */
    static int cysched_set_dictoffset(PyObject *type, Py_ssize_t offset) {
        ((PyTypeObject *)type)->tp_dictoffset = offset;
        PyType_Modified((PyTypeObject *)type);
        return 0;
    }

    /* Where in the object ``probe`` holds ``field`` (a pointer no other field
       holds): -1 when it does not. */
    static Py_ssize_t cysched_field_offset(PyObject *probe, PyObject *field) {
        Py_ssize_t offset;
        for (offset = sizeof(PyObject); offset + (Py_ssize_t)sizeof(PyObject *)
                 <= Py_TYPE(probe)->tp_basicsize; offset += sizeof(PyObject *)) {
            if (*(PyObject **)((char *)probe + offset) == field) return offset;
        }
        return -1;
    }

    /* An attribute of an extension type, which Python refuses to set. */
    static int cysched_set_type_attr(PyObject *type, PyObject *name, PyObject *value) {
        PyTypeObject *tp = (PyTypeObject *)type;
        if (tp->tp_dict == NULL || PyDict_SetItem(tp->tp_dict, name, value) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_SystemError, "type without a dict");
            return -1;
        }
        PyType_Modified(tp);
        return 0;
    }

    """
    int cysched_set_type_attr(object type, object name, object value) except -1
    dict PyObject_GenericGetDict(object o, void* context)
    int cysched_set_dictoffset(object type, Py_ssize_t offset)
    Py_ssize_t cysched_field_offset(object probe, object field)

__all__ = ["LRScheduler", "FactorScheduler", "MultiFactorScheduler",
           "PolyScheduler", "CosineScheduler"]

cdef double EXACT = 9007199254740992.0        # 2**53
cdef long long MAX_STEPPED = _m.MAX_STEPPED
cdef double PI = 3.141592653589793            # math.pi
cdef enum:
    MODE_OTHER = 0
    MODE_LINEAR = 1
    MODE_CONSTANT = 2

cdef enum:
    # What one update is on a PolyScheduler/CosineScheduler (see _curve).
    AT_WARMUP = 0       # a warmup rate, not stored
    AT_STORE = 1        # a rate, stored in base_lr
    AT_PAST = 2         # past max_update: base_lr as stored
    AT_PYTHON = 3       # the Python code decides (it raises or goes complex)
    CURVE_POLY = 0
    CURVE_COSINE = 1

cdef enum:
    # How a sequential evaluate run stopped.
    RUN_DONE = 0
    RUN_BAD = 1         # an update that is NaN or outside [0, 2**53]: nothing applied
    RUN_SCALAR = 2      # this update needs the scalar call
    RUN_PAUSE = 3       # the updates before it applied; check for signals, go on

cdef enum:
    # FactorScheduler's decay steps between two checks for Ctrl-C.
    SIGNAL_STEPS = 1 << 20

cdef enum:
    # Parallel blocks of a PolyScheduler/CosineScheduler evaluate.
    BLOCK = 8192
    B_BAD = 1
    B_PYTHON = 2
    B_CARRY = 4         # past-max_update updates before the block's first stored rate



cdef inline bint _load(object o, double* value, bint* is_int) noexcept:
    """Cache ``o``: true when it is an exact int within +-2**53 or a finite float."""
    cdef long long x
    cdef int overflow = 0
    if type(o) is float:
        value[0] = PyFloat_AS_DOUBLE(o)
        is_int[0] = False
        return isfinite(value[0])
    if type(o) is int:
        x = PyLong_AsLongLongAndOverflow(o, &overflow)
        if overflow or x > 9007199254740992LL or x < -9007199254740992LL:
            return False
        value[0] = <double>x
        is_int[0] = True
        return True
    return False


cdef inline object _number(double value, bint is_int):
    if is_int:
        return PyLong_FromLongLong(<long long>value)
    return PyFloat_FromDouble(value)


cdef inline bint _same(double a, bint a_int, double b, bint b_int) noexcept nogil:
    """Same number: value, int-ness and sign of zero."""
    return a == b and a_int == b_int and signbit(a) == signbit(b)


cdef inline bint _warmup_lr(int mode, double steps, double begin, double final, double n,
                            double* lr) noexcept nogil:
    """MXNet 1.9.1's warmup rate for ``n < steps`` into ``lr``; false for a
    mode it does not know (the Python code raises)."""
    if mode == MODE_LINEAR:
        # (final - begin) * float(n) / float(warmup_steps), then + begin.
        lr[0] = begin + (final - begin) * n / steps
        return True
    if mode == MODE_CONSTANT:
        lr[0] = begin
        return True
    return False


cdef inline int _curve(const Curve* c, double n, double* lr) noexcept nogil:
    """One update of a PolyScheduler/CosineScheduler, in MXNet 1.9.1's order."""
    cdef double x, r
    if n < c.warmup_steps:
        if _warmup_lr(c.mode, c.warmup_steps, c.warmup_begin_lr, c.warmup_final_lr, n, lr):
            return AT_WARMUP
        return AT_PYTHON
    if not n <= c.max_update:
        return AT_PAST
    if c.max_steps == 0:
        return AT_PYTHON
    if c.kind == CURVE_COSINE:
        x = PI * (n - c.warmup_steps) / c.max_steps
        if isinf(x):
            return AT_PYTHON    # math.cos raises ValueError where C's cos gives NaN
        lr[0] = c.final_lr + (c.base_lr_orig - c.final_lr) * (1.0 + cos(x)) / 2.0
        return AT_STORE
    x = 1.0 - (n - c.warmup_steps) / c.max_steps
    # Python's float ** float agrees with C's pow() for a positive base
    # and a finite result; it raises or goes complex elsewhere.
    if not (x > 0 or c.power == 0 or (x == 0 and c.power > 0)):
        return AT_PYTHON
    r = pow(x, c.power)
    if isinf(r):
        return AT_PYTHON
    lr[0] = c.final_lr + (c.base_lr_orig - c.final_lr) * r
    return AT_STORE


cdef void _curve_block(const Curve* c, const cysched_input* v, double* out, Py_ssize_t lo,
                       Py_ssize_t hi, Py_ssize_t* first, Py_ssize_t* last,
                       char* flags) noexcept nogil:
    """Updates ``lo:hi``; an update past max_update before the block's first
    stored rate is left for ``_curve_carry``."""
    cdef Py_ssize_t i, f = -1, l = -1
    cdef char fl = 0
    cdef double x, lr = 0
    cdef int at
    cdef Curve local = c[0]     # not reloaded after every store into out[]
    for i in range(lo, hi):
        x = cysched_at(v, i)
        if not (x >= 0.0 and x <= EXACT):
            fl = fl | B_BAD
            break
        at = _curve(&local, x, &lr)
        if at == AT_STORE:
            out[i] = lr
            if f < 0:
                f = i
            l = i
        elif at == AT_WARMUP:
            out[i] = lr
        elif at == AT_PAST:
            if l >= 0:
                out[i] = out[l]
            else:
                fl = fl | B_CARRY
        else:
            fl = fl | B_PYTHON
            break
    first[0] = f
    last[0] = l
    flags[0] = fl


cdef void _curve_carry(const Curve* c, const cysched_input* v, double* out, Py_ssize_t lo,
                       Py_ssize_t hi, double carry) noexcept nogil:
    cdef Py_ssize_t i
    cdef double x
    for i in range(lo, hi):
        x = cysched_at(v, i)
        if x >= c.warmup_steps and not x <= c.max_update:
            out[i] = carry


cdef int _curve_fill(const Curve* c, const cysched_input* v, double* out, Py_ssize_t n,
                     double* stored, bint* any_stored, int threads) noexcept nogil:
    """Every update of ``v``, in parallel blocks; ``stored`` (in: base_lr
    before, out: after) is the rate the sequential loop leaves in base_lr.
    Returns the blocks' flags or'ed, -1 when out of memory."""
    cdef Py_ssize_t blocks = (n + BLOCK - 1) // BLOCK, b, hi
    cdef Py_ssize_t* first = <Py_ssize_t*>malloc(blocks * sizeof(Py_ssize_t))
    cdef Py_ssize_t* last = <Py_ssize_t*>malloc(blocks * sizeof(Py_ssize_t))
    cdef double* carries = <double*>malloc(blocks * sizeof(double))
    cdef char* flags = <char*>malloc(blocks)
    cdef int every = 0
    cdef double carry = stored[0]
    if first == NULL or last == NULL or carries == NULL or flags == NULL:
        every = -1
    else:
        if blocks > 1 and threads > 1:
            for b in prange(blocks, schedule='dynamic', num_threads=threads):
                _curve_block(c, v, out, b * BLOCK, min(n, (b + 1) * BLOCK),
                             &first[b], &last[b], &flags[b])
        else:
            for b in range(blocks):
                _curve_block(c, v, out, b * BLOCK, min(n, (b + 1) * BLOCK),
                             &first[b], &last[b], &flags[b])
        for b in range(blocks):
            every = every | flags[b]
            carries[b] = carry
            if last[b] >= 0:
                carry = out[last[b]]
                any_stored[0] = True
        if every & B_CARRY and not every & (B_BAD | B_PYTHON):
            for b in range(blocks):     # a copy: not worth a second parallel region
                if flags[b] & B_CARRY:
                    _curve_carry(c, v, out, b * BLOCK,
                                 first[b] if first[b] >= 0 else min(n, (b + 1) * BLOCK),
                                 carries[b])
        stored[0] = carry
    free(first)
    free(last)
    free(carries)
    free(flags)
    return every


cdef inline int _factor_decay(double n, double step, double factor, double stop,
                              bint i_step, bint i_factor, bint i_stop,
                              double* base, bint* base_int, double* count, bint* count_int,
                              bint* clamped, long long* stepped) noexcept nogil:
    """FactorScheduler._decay on C doubles, without logging; adds the steps
    taken to ``stepped``.  Returns 1, and changes nothing, when the scalar call
    must decide: the fixed-point skip of a float count, or a decay it refuses
    (see FactorScheduler._decay)."""
    cdef double b = base[0], c = count[0], old, older = 0
    cdef bint bi = base_int[0], ci = count_int[0], old_int, cl = False, older_int = False
    cdef long long last, whole_count, whole_step, steps = 0
    while n > c + step:
        old = b
        old_int = bi
        c = c + step
        ci = ci and i_step
        b = b * factor
        bi = bi and i_factor
        steps += 1
        if steps > MAX_STEPPED or (bi and not -EXACT <= b <= EXACT):
            return 1
        cl = b < stop
        if cl:
            b = stop
            bi = i_stop
        if _same(old, old_int, b, bi):
            if not ci:
                return 1
            last = <long long>ceil(n)
            whole_count = <long long>c
            whole_step = <long long>step
            if last - whole_count - 1 >= whole_step:
                c = <double>(whole_count + (last - whole_count - 1) // whole_step * whole_step)
            break
        if steps > 1 and _same(older, older_int, b, bi):
            return 1
        older = old
        older_int = old_int
    stepped[0] += steps
    base[0] = b
    base_int[0] = bi
    count[0] = c
    count_int[0] = ci
    clamped[0] = cl
    return 0


cdef inline object _element(double x, bint integral):
    """An element of ``evaluate``'s input for a scalar call: int when all were."""
    return PyLong_FromLongLong(<long long>x) if integral else PyFloat_FromDouble(x)


cdef inline bint _update(object num_update, double* n) noexcept:
    """``num_update`` as a double when it is a number in [0, 2**53] of a type
    MXNet 1.9.1 computes with as the int or float it holds (an int, a float,
    a NumPy integer or float64; not float32, whose arithmetic MXNet keeps)."""
    cdef long long x
    cdef int overflow = 0
    if type(num_update) is int:
        if cysched_small_int(num_update, &x):
            n[0] = <double>x
            return x >= 0
        x = PyLong_AsLongLongAndOverflow(num_update, &overflow)
        n[0] = <double>x
        return not overflow and 0 <= x <= 9007199254740992LL
    if type(num_update) is float:
        n[0] = PyFloat_AS_DOUBLE(num_update)
        return 0.0 <= n[0] <= EXACT
    return cysched_exact_number(num_update, n, False)


cdef bint _increasing_ints(object step) noexcept:
    """A non-empty list of ints (not bools) from 1 up, strictly increasing:
    what ``_m.steps`` accepts as it is, checked in C."""
    cdef Py_ssize_t i
    cdef long long previous = 0, value
    cdef int overflow = 0
    cdef PyObject* item
    if type(step) is not list or PyList_GET_SIZE(step) == 0:
        return False
    for i in range(PyList_GET_SIZE(step)):
        item = PyList_GET_ITEM(step, i)
        if type(<object>item) is not int:
            return False
        value = PyLong_AsLongLongAndOverflow(<object>item, &overflow)
        if overflow or value <= previous:
            return False
        previous = value
    return True


cdef double* _buffer(Py_ssize_t size) except NULL:
    """``size`` doubles, malloc'd: the caller frees them."""
    cdef double* buf = <double*>malloc(max(1, size) * sizeof(double))
    if buf == NULL:
        raise MemoryError()
    return buf


cdef struct Chunk:
    # Elements lo.. of evaluate's input for the FactorScheduler and
    # MultiFactorScheduler loops: ``v`` as doubles (in place or copied to
    # ``buf``), or for a range (``v`` NULL) computed as cysched_at does.
    const cysched_input* input
    const double* v
    double* buf
    Py_ssize_t lo


cdef Py_ssize_t _chunk_open(Chunk* c, const cysched_job* job) except -1:
    """Set ``c`` up for ``job``'s input; returns the elements per chunk (a
    range is one chunk).  The caller frees ``c.buf``."""
    cdef Py_ssize_t size = cysched_chunk_size(&job.input)
    c.input = &job.input
    c.v = NULL
    c.buf = NULL
    c.lo = 0
    if job.input.kind == CYSCHED_RANGE:
        return max(1, job.input.size)
    c.buf = _buffer(size)
    return size


cdef inline void _chunk_read(Chunk* c, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil:
    c.lo = lo
    if c.input.kind != CYSCHED_RANGE:
        c.v = cysched_chunk(c.input, lo, hi, c.buf)


cdef inline double _x(const Chunk* c, Py_ssize_t i) noexcept nogil:
    """Element ``i`` of the chunk."""
    return c.v[i] if c.v != NULL else cysched_at(c.input, c.lo + i)


cdef inline Py_ssize_t _fill_constant(const Chunk* c, double* out, Py_ssize_t i, Py_ssize_t n,
                                      double low, double high, double base) noexcept nogil:
    """``out[k] = base`` from ``k = i`` on while ``low <= x[k] <= high``;
    returns where that stops.  An increasing range is not read: from an
    element in ``[low, high]`` the run ends at the first element above
    ``high``, found from the range's start and step."""
    cdef Py_ssize_t end
    cdef double q
    if c.v != NULL or c.input.step <= 0:
        while i < n and low <= _x(c, i) <= high:
            out[i] = base
            i += 1
        return i
    if i >= n or not low <= _x(c, i) <= high:
        return i
    q = (high - c.input.start) / c.input.step - <double>c.lo    # about the last index
    end = n if q >= <double>(n - 1) else max(i + 1, <Py_ssize_t>q + 1)
    while end > i + 1 and not _x(c, end - 1) <= high:
        end -= 1
    while end < n and _x(c, end) <= high:
        end += 1
    _store(out, i, end, base)
    return end


cdef inline void _store(double* out, Py_ssize_t lo, Py_ssize_t hi, double value) noexcept nogil:
    """``out[lo:hi] = value``, four stores a step: C compilers make them vector
    stores at -O2 (a plain loop stays one store at a time)."""
    while lo + 4 <= hi:
        out[lo] = value
        out[lo + 1] = value
        out[lo + 2] = value
        out[lo + 3] = value
        lo += 4
    while lo < hi:
        out[lo] = value
        lo += 1


cdef inline Py_ssize_t _steady(LRScheduler self, const Chunk* c, double* out,
                               Py_ssize_t i, Py_ssize_t n, double boundary, double base,
                               int* status) noexcept nogil:
    """``out[k] = self(x[k])`` from ``k = i`` on for the updates that pass no
    ``boundary``: ``base``, or the warmup rate.  Stops at ``n`` or at an update
    past ``boundary`` (RUN_DONE), at one that needs the scalar call (RUN_SCALAR:
    an unknown warmup mode) or that is no update number (RUN_BAD)."""
    cdef double warmup_steps = self.c_warmup_steps, x
    cdef double low = warmup_steps if warmup_steps > 0 else 0.0
    cdef double high = boundary if boundary < EXACT else EXACT
    status[0] = RUN_DONE
    while True:
        i = _fill_constant(c, out, i, n, low, high, base)
        if i == n:
            return i
        x = _x(c, i)
        if not (x >= 0.0 and x <= EXACT):
            status[0] = RUN_BAD
            return i
        if not x < warmup_steps:
            return i
        if not self._warmup_at(x, &out[i]):
            status[0] = RUN_SCALAR
            return i
        i += 1


cdef Py_ssize_t _factor_run(FactorScheduler self, const Chunk* c, double* out, Py_ssize_t i,
                            Py_ssize_t n, int* status, bint* changed,
                            bint* clamped) noexcept nogil:
    """``out[k] = self(x[k])`` from ``k = i`` on, on C doubles; returns where
    it stopped.  RUN_SCALAR and RUN_PAUSE (after SIGNAL_STEPS decay steps)
    apply the updates before the returned one."""
    # Locals: stores into out[] would otherwise reload every field.
    cdef double base = self.c_base_lr, count = self.c_count, x
    cdef double step = self.c_step, factor = self.c_factor, stop = self.c_stop_factor_lr
    cdef bint base_int = self.i_base_lr, count_int = self.i_count
    cdef bint i_step = self.i_step, i_factor = self.i_factor, i_stop = self.i_stop_factor_lr
    cdef bint cl = False, ch = False
    cdef long long stepped = 0
    while True:
        i = _steady(self, c, out, i, n, count + step, base, status)
        if i == n or status[0] != RUN_DONE:
            break
        x = _x(c, i)
        if x > count + step:
            if _factor_decay(x, step, factor, stop, i_step, i_factor, i_stop,
                             &base, &base_int, &count, &count_int, &cl, &stepped):
                status[0] = RUN_SCALAR
                break
            ch = True
        out[i] = base
        i += 1
        if stepped >= SIGNAL_STEPS:
            status[0] = RUN_PAUSE
            break
    if ch:
        self.c_base_lr = base
        self.i_base_lr = base_int
        self.c_count = count
        self.i_count = count_int
    changed[0] = ch
    clamped[0] = cl
    return i


cdef Py_ssize_t _multifactor_run(MultiFactorScheduler self, const double* steps,
                                 Py_ssize_t n_steps, const Chunk* c, double* out, Py_ssize_t n,
                                 int* status, Py_ssize_t* passed) noexcept nogil:
    """``out[k] = self(x[k])`` for the chunk, with the boundaries not yet
    passed in ``steps``; ``passed`` says how many it passed.  RUN_SCALAR
    applies the updates before the returned one."""
    cdef double base = self.c_base_lr, x
    cdef double boundary = steps[0] if n_steps > 0 else INFINITY
    cdef bint base_int = self.i_base_lr
    cdef Py_ssize_t i = 0, k = 0
    while True:
        i = _steady(self, c, out, i, n, boundary, base, status)
        if i == n or status[0] != RUN_DONE:
            break
        x = _x(c, i)
        while x > boundary:
            k += 1
            base = base * self.c_factor
            base_int = base_int and self.i_factor
            boundary = steps[k] if k < n_steps else INFINITY
        out[i] = base
        i += 1
    self.c_base_lr = base
    self.i_base_lr = base_int
    passed[0] = k
    return i


cdef int _scalar_calls(LRScheduler self, cysched_job* job, Py_ssize_t start,
                       bint integral) except -1:
    """``out[k] = float(self(x[k]))`` from ``k = start`` to the end."""
    cdef Py_ssize_t k
    for k in range(start, job.input.size):
        job.out[k] = float(self._call(_element(cysched_at(&job.input, k), integral)))
    return 0


cdef inline bint _one_argument(object self, size_t nargsf, PyObject* kwnames) noexcept:
    return cysched_one_argument(nargsf, kwnames) and (<LRScheduler>self)._exact


# ``sched(n)``: one positional argument goes straight to ``_call`` (a direct
# call the C compiler can inline); anything else to ``__call__``.

cdef object _vectorcall(object self, PyObject** args, size_t nargsf, PyObject* kwnames):
    if _one_argument(self, nargsf, kwnames):
        return LRScheduler._call(<LRScheduler>self, <object>args[0])
    return cysched_call_slow(self, args, nargsf, kwnames)


class _Synced(object):
    """An attribute kept as the Python object ``_<name>`` (so ``base_lr=1``
    stays the int 1, as in MXNet); writing it refreshes the C caches."""

    __slots__ = ("name", "field")

    def __init__(self, name):
        self.name = name
        self.field = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, self.field)

    def __set__(self, obj, value):
        setattr(obj, self.field, value)
        obj._resync()

    def __delete__(self, obj):
        raise _m.cannot_delete(obj, self.name)


def _synced(*names):
    return tuple(_Synced(name) for name in names)


#: MXNet 1.9.1's instance attributes, in the order its constructors set them.
_MXNET_ATTRIBUTES = {
    "LRScheduler": ("base_lr", "warmup_steps", "warmup_final_lr", "warmup_begin_lr",
                    "warmup_mode"),
    "FactorScheduler": ("step", "factor", "stop_factor_lr", "count"),
    "MultiFactorScheduler": ("step", "cur_step_ind", "factor", "count"),
    "PolyScheduler": ("power", "base_lr_orig", "max_update", "final_lr", "max_steps"),
    "CosineScheduler": ("base_lr_orig", "max_update", "final_lr", "max_steps"),
}


def _mxnet_attributes(cls):
    names = _MXNET_ATTRIBUTES["LRScheduler"]
    for base in cls.__mro__:
        if base.__module__ == __name__ and base.__name__ in _MXNET_ATTRIBUTES \
                and base.__name__ != "LRScheduler":
            return names + _MXNET_ATTRIBUTES[base.__name__]
    return names


@cython.final
cdef class _InstanceDict:
    """The ``__dict__`` of a compiled scheduler, as MXNet's: MXNet's attributes
    with their current values (read from the C fields when ``__dict__`` is
    read, not on every call), then the instance's own."""

    def __get__(self, obj, owner):
        if obj is None:
            return self
        return (<LRScheduler>obj)._attributes()

    def __set__(self, obj, value):
        if not isinstance(value, dict):
            raise TypeError("__dict__ must be set to a dictionary, not a '%s'"
                            % type(value).__name__)
        names = _mxnet_attributes(type(obj))
        own = (<LRScheduler>obj)._attributes()
        for name in [name for name in own if name not in names]:
            del own[name]
        for name, item in value.items():
            setattr(obj, name, item)

    def __delete__(self, obj):
        raise TypeError("cannot delete __dict__: %s keeps MXNet's attributes in it"
                        % type(obj).__name__)


cdef class LRScheduler:
    # Docstring: the pure twin's (see the end of this module).

    def __cinit__(self):
        self._instance_dict = {}
        cls = type(self)
        self._exact = (cls is FactorScheduler or cls is MultiFactorScheduler
                       or cls is PolyScheduler or cls is CosineScheduler)
        if self._exact:
            self._vectorcall = <vectorcallfunc>_vectorcall

    def __init__(self, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0,
                 warmup_mode='linear'):
        base_lr, warmup_steps, warmup_begin_lr = _m.mxnet_warmup(
            base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self._base_lr = base_lr
        self._warmup_steps = warmup_steps
        # MXNet 1.9.1 freezes the warmup target at construction: a later write
        # of base_lr (the optimizer's learning_rate) does not move it.
        self._warmup_final_lr = base_lr
        self._warmup_begin_lr = warmup_begin_lr
        self._warmup_mode = warmup_mode
        self._sync()

    cpdef get_warmup_lr(self, num_update):
        """The warmup learning rate for ``num_update < warmup_steps``."""
        cdef double n, lr = 0
        # Anything else (an error names num_update as _m.num_update returns it):
        # the twin's code.
        if not (self._fast and _update(num_update, &n) and n < self.c_warmup_steps
                and self._warmup_at(n, &lr)):
            return _py.LRScheduler.get_warmup_lr(self, num_update)
        if self._mode == MODE_CONSTANT:
            return self._warmup_begin_lr
        return PyFloat_FromDouble(lr)

    def __call__(self, num_update):
        """Return the learning rate for update ``num_update``.

        ``num_update`` is the largest number of updates applied to any weight:
        ``max(k_i)`` when weight *i* has been updated *k_i* times.
        """
        raise NotImplementedError(_m.MUST_OVERRIDE)

    def evaluate(self, num_updates, out=None):
        cdef cysched_job job
        cdef Py_ssize_t bad
        values, integral, checked = _ev.source(num_updates)
        # A subclass may override __call__, an instance get_warmup_lr: then
        # only the loop itself is that loop.
        shadowed = self._instance_dict is not None and "get_warmup_lr" in self._instance_dict
        if not (self._exact and self._fast and not shadowed) or self._logs():
            return _ev.loop(self, num_updates, values, integral, checked, out)
        # The input read where it is, all checked before anything is evaluated.
        out = _ev.output(out, len(values), num_updates)
        cysched_job_open(&job, values, out)
        try:
            with nogil:
                bad = cysched_first_bad(&job.input)
            if bad >= 0:
                _ev.fail_at(values, bad)
            return self._fill(<void*>&job, num_updates, values, integral, out)
        finally:
            cysched_job_close(&job)

    def __repr__(self):
        return _state.describe(self)

    # Pickling, copying, state and configuration: cysched/_state.py, shared by
    # every scheduler class.
    __reduce__, __getstate__ = _state.PICKLING
    __setstate__ = _state.setstate
    __copy__, __deepcopy__ = _state.COPYING
    state_dict, load_state_dict, get_config, from_config = _state.PERSISTENCE

    # Constructor arguments and state attributes: the twin's.
    _params, _state = _py.LRScheduler._params, _py.LRScheduler._state

    # -- C side ---------------------------------------------------------------

    cdef dict _attributes(self):
        """The instance dict, MXNet's attributes refreshed in it and first."""
        cdef dict own = PyObject_GenericGetDict(self, NULL)   # created when first needed
        names = _mxnet_attributes(type(self))
        mxnet = {name: getattr(self, name) for name in names}
        rest = [(name, value) for name, value in own.items() if name not in mxnet]
        own.clear()
        own.update(mxnet)
        own.update(rest)
        return own

    cdef bint _sync(self):
        """Refresh the C caches from the attribute objects; set ``_fast``."""
        cdef bint unused
        if self._dirty:
            self._flush()
        if self._warmup_mode == 'linear':
            self._mode = MODE_LINEAR
        elif self._warmup_mode == 'constant':
            self._mode = MODE_CONSTANT
        else:
            self._mode = MODE_OTHER
        self._fast = (_load(self._base_lr, &self.c_base_lr, &self.i_base_lr)
                     and _load(self._warmup_steps, &self.c_warmup_steps, &unused)
                     and _load(self._warmup_begin_lr, &self.c_warmup_begin_lr,
                               &self.i_warmup_begin_lr)
                     and _load(self._warmup_final_lr, &self.c_warmup_final_lr,
                               &self.i_warmup_final_lr))
        return self._fast

    cdef int _flush(self) except -1:
        """Rebuild the ``base_lr`` object after ``lr_at`` stored a rate in C only."""
        if self._dirty:
            self._base_lr = _number(self.c_base_lr, self.i_base_lr)
            self._dirty = False
        return 0

    cdef bint _warmup_at(self, double n, double* lr) noexcept nogil:
        return _warmup_lr(self._mode, self.c_warmup_steps, self.c_warmup_begin_lr,
                          self.c_warmup_final_lr, n, lr)

    cdef object _call(self, object num_update):
        cdef double n
        if self._fast and _update(num_update, &n):
            return self._lr(num_update, n)
        # Other number types, odd attribute values: the twin's code, on this object.
        return self._twin(num_update)

    cdef object _lr(self, object num_update, double n):
        """``self(num_update)`` for ``n``, its value, on the C caches."""
        raise NotImplementedError(_m.MUST_OVERRIDE)

    cdef object _twin(self, object num_update):
        """The pure-Python twin's ``__call__`` on this object."""
        raise NotImplementedError(_m.MUST_OVERRIDE)

    cdef bint _logs(self) except -1:
        """True when evaluate must log MXNet's lines (the decay steps of
        FactorScheduler and MultiFactorScheduler): the Python loop does."""
        return _log.enabled()

    cdef object _fill(self, void* evaluation, object num_updates, object values,
                      bint integral, object out):
        return _ev.loop(self, num_updates, values, integral, True, out)

    cdef double _python_lr(self, long long num_update) except? -1.0 with gil:
        return float(self(num_update))

    cdef double lr_at(self, long long num_update) except? -1.0 nogil:
        """``float(self(num_update))``, without the GIL where it can (see the .pxd)."""
        return self._python_lr(num_update)

    cdef double _lr_until(self, long long num_update, double boundary) except? -1.0 nogil:
        """``lr_at`` of a rate that changes only past ``boundary``: the warmup
        rate, ``base_lr``, or the call (a change may log)."""
        cdef double n = <double>num_update, lr = 0
        if not (self._exact and self._fast and 0 <= num_update <= 9007199254740992LL):
            return self._python_lr(num_update)
        if n < self.c_warmup_steps:
            if self._warmup_at(n, &lr):
                return lr
            return self._python_lr(num_update)
        if n > boundary:
            return self._python_lr(num_update)
        return self.c_base_lr

    # -- attributes -------------------------------------------------------------

    def _resync(self):
        """Refresh the C caches after an attribute write (``_Synced``)."""
        self._sync()

    @property
    def base_lr(self):
        if self._dirty:
            self._flush()
        return self._base_lr

    @base_lr.setter
    def base_lr(self, value):
        self._dirty = False
        self._base_lr = value
        self._sync()

    @base_lr.deleter
    def base_lr(self):
        raise _m.cannot_delete(self, "base_lr")

    warmup_steps, warmup_begin_lr, warmup_final_lr, warmup_mode = _synced(
        "warmup_steps", "warmup_begin_lr", "warmup_final_lr", "warmup_mode")


cdef class FactorScheduler(LRScheduler):
    # Docstring: the pure twin's.

    def __init__(self, step, factor=1, stop_factor_lr=1e-8, base_lr=0.01,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(FactorScheduler, self).__init__(base_lr, warmup_steps,
                                              warmup_begin_lr, warmup_mode)
        self._step = _m.step(step)
        self._factor = _m.factor(factor)
        self._stop_factor_lr = _m.mxnet_real("stop_factor_lr", stop_factor_lr)
        self._count = 0
        self._sync()

    def __call__(self, num_update):
        return LRScheduler._call(self, num_update)

    _params, _state = _py.FactorScheduler._params, _py.FactorScheduler._state

    # -- C side ---------------------------------------------------------------

    cdef object _twin(self, object num_update):
        return _py.FactorScheduler.__call__(self, num_update)

    cdef bint _sync(self):
        LRScheduler._sync(self)
        self._fast = (self._fast
                     and _load(self._step, &self.c_step, &self.i_step)
                     and _load(self._factor, &self.c_factor, &self.i_factor)
                     and _load(self._stop_factor_lr, &self.c_stop_factor_lr,
                               &self.i_stop_factor_lr)
                     and _load(self._count, &self.c_count, &self.i_count)
                     and self.c_step >= 1
                     # an int factor other than 0 or 1 keeps base_lr an int
                     # that grows past 2**53: left to Python's integers.
                     and not (self.i_factor and self.c_factor != 0 and self.c_factor != 1))
        return self._fast

    cdef object _lr(self, object num_update, double n):
        if n < self.c_warmup_steps:
            return self.get_warmup_lr(num_update)
        if n > self.c_count + self.c_step:
            self._decay(num_update, n)
        return self._base_lr

    cdef int _decay(self, object num_update, double n) except -1:
        """MXNet 1.9.1's ``while num_update > count + step`` loop, stopped early
        once ``base_lr`` reaches a fixed point (the clamp, ``factor == 1``)."""
        cdef double base = self.c_base_lr, count = self.c_count, old
        cdef double step = self.c_step, factor = self.c_factor
        cdef double stop = self.c_stop_factor_lr
        cdef bint base_int = self.i_base_lr, count_int = self.i_count, old_int
        cdef bint clamped = False, skip_in_python = False
        cdef long long last, whole_count, whole_step, steps = 0
        cdef long long limit = _m.MAX_STEPPED
        cdef double older = 0
        cdef bint older_int = False, endless = False
        log = _log.enabled()
        try:
            while n > count + step:
                old = base
                old_int = base_int
                count = count + step
                count_int = count_int and self.i_step
                base = base * factor
                base_int = base_int and self.i_factor
                steps += 1
                # A rate that alternates (0.0 and -0.0, or +-x with factor -1), grows
                # past 2**53 as an int, or takes too long: MXNet 1.9.1 loops on.
                if steps > limit or (base_int and not -EXACT <= base <= EXACT):
                    endless = True
                    break
                clamped = base < stop
                if clamped:
                    base = stop
                    base_int = self.i_stop_factor_lr
                    # MXNet 1.9.1 repeats this line on every later step; it is
                    # logged once, when the clamp changes the rate.
                    if log and old != base:
                        _log.info(_m.LOG_CLAMP, num_update, self._stop_factor_lr)
                elif log:
                    _log.info(_m.LOG_CHANGE, num_update, _number(base, base_int))
                if _same(old, old_int, base, base_int):
                    if count_int:
                        last = <long long>ceil(n)
                        whole_count = <long long>count
                        whole_step = <long long>step
                        if last - whole_count - 1 >= whole_step:
                            count = <double>(whole_count
                                             + (last - whole_count - 1) // whole_step * whole_step)
                    else:
                        skip_in_python = True
                    break
                if steps > 1 and _same(older, older_int, base, base_int):
                    endless = True
                    break
                older = old
                older_int = old_int
                if steps % SIGNAL_STEPS == 0:
                    PyErr_CheckSignals()
        except BaseException:
            # Ctrl-C, or a logging handler's error: MXNet's loop, which decays
            # the attributes themselves, leaves them after the last whole step.
            self._keep_decay(count, count_int, base, base_int, clamped)
            raise
        if endless:
            self._no_fixed_point(num_update)
        self._keep_decay(count, count_int, base, base_int, clamped)
        if skip_in_python:
            _py._skip_steps(self, num_update)
        return 0

    cdef int _keep_decay(self, double count, bint count_int, double base, bint base_int,
                         bint clamped) except -1:
        self.c_count = count
        self.i_count = count_int
        self._count = _number(count, count_int)
        self.c_base_lr = base
        self.i_base_lr = base_int
        self._base_lr = self._stop_factor_lr if clamped else _number(base, base_int)
        return 0

    cdef int _no_fixed_point(self, object num_update) except -1:
        # Nothing applied yet: _decay works on locals.
        raise OverflowError(_m.got(_m.NO_FIXED_POINT, factor=self._factor,
                                   num_update=num_update))

    cdef object _fill(self, void* evaluation, object num_updates, object values,
                      bint integral, object out):
        cdef cysched_job* job = <cysched_job*>evaluation
        cdef Chunk c
        cdef Py_ssize_t n = job.input.size, size = _chunk_open(&c, job), lo, m, i
        cdef int status
        cdef bint changed, clamped
        cdef double* o
        try:
            for lo in range(0, n, size):
                m = min(size, n - lo)
                o = job.out + lo
                with nogil:
                    _chunk_read(&c, lo, lo + m)
                i = 0
                while i < m:
                    with nogil:
                        i = _factor_run(self, &c, o, i, m, &status, &changed, &clamped)
                    if status == RUN_BAD:
                        raise SystemError("evaluate: an update passed the check but not _run")
                    if changed:
                        self._keep_decay(self.c_count, self.i_count, self.c_base_lr,
                                         self.i_base_lr, clamped)
                    if status == RUN_DONE:
                        break
                    if status == RUN_PAUSE:
                        PyErr_CheckSignals()    # Ctrl-C: the updates before i are applied
                        continue
                    # A float count at a fixed point, an unknown warmup mode: the scalar call.
                    o[i] = float(self._call(_element(_x(&c, i), integral)))
                    i += 1
                    if not self._fast:
                        _scalar_calls(self, job, lo + i, integral)
                        return out
            return out
        finally:
            free(c.buf)


    cdef double lr_at(self, long long num_update) except? -1.0 nogil:
        return self._lr_until(num_update, self.c_count + self.c_step)

    # -- attributes -------------------------------------------------------------

    step, factor, stop_factor_lr, count = _synced("step", "factor", "stop_factor_lr", "count")


cdef class MultiFactorScheduler(LRScheduler):
    # Docstring: the pure twin's.

    def __init__(self, step, factor=1, base_lr=0.01, warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        super(MultiFactorScheduler, self).__init__(base_lr, warmup_steps,
                                                   warmup_begin_lr, warmup_mode)
        self._step = step if _increasing_ints(step) else _m.steps(step)
        self._cur_step_ind = 0
        self._factor = _m.factor(factor)
        self._count = 0
        self._sync()

    def __call__(self, num_update):
        return LRScheduler._call(self, num_update)

    _params, _state = _py.MultiFactorScheduler._params, _py.MultiFactorScheduler._state

    # -- C side ---------------------------------------------------------------

    cdef object _twin(self, object num_update):
        return _py.MultiFactorScheduler.__call__(self, num_update)

    cdef bint _sync(self):
        cdef double index
        cdef bint index_int
        LRScheduler._sync(self)
        self._fast = (self._fast
                     and type(self._step) is list
                     and _load(self._factor, &self.c_factor, &self.i_factor)
                     and _load(self._cur_step_ind, &index, &index_int)
                     and index_int and index >= 0
                     and not (self.i_factor and self.c_factor != 0 and self.c_factor != 1))
        if self._fast:
            self.c_cur_step_ind = <Py_ssize_t>index
            self._next_step()
        return self._fast

    cdef object _lr(self, object num_update, double n):
        cdef list steps
        cdef object item
        cdef double boundary
        cdef bint boundary_int, passed = False, log
        cdef Py_ssize_t index, size
        if n < self.c_warmup_steps:
            return self.get_warmup_lr(num_update)
        steps = <list>self._step
        # The list is read on every call, as MXNet does; while the next entry
        # is still the object cached (and kept alive) by _next_step, its value is
        # c_next_step.
        if self.c_cur_step_ind >= PyList_GET_SIZE(steps) or (
                PyList_GET_ITEM(steps, self.c_cur_step_ind) == <PyObject*>self._next_item
                and not n > self.c_next_step):
            return self._base_lr
        # MXNet 1.9.1's loop: base_lr decays in place, one factor per step
        # passed, logging each.  Without logging, the steps are passed on C
        # doubles (no Python code runs: the list cannot change) and the
        # attributes written once.
        log = _log.enabled()
        index = self.c_cur_step_ind
        size = PyList_GET_SIZE(steps)
        while index < size:
            item = <object>PyList_GET_ITEM(steps, index)
            if not _load(item, &boundary, &boundary_int) or not n > boundary:
                break
            index += 1
            self.c_base_lr = self.c_base_lr * self.c_factor
            self.i_base_lr = self.i_base_lr and self.i_factor
            passed = True
            if log:
                self._passed(steps, index)
                _log.info(_m.LOG_CHANGE, num_update, self._base_lr)
                size = PyList_GET_SIZE(steps)
        if passed:
            self._passed(steps, index)
            self._next_step()
        if index < PyList_GET_SIZE(steps) and not _load(steps[index], &boundary, &boundary_int):
            # Something C cannot compare: the twin's loop goes on from here.
            return _py.MultiFactorScheduler.__call__(self, num_update)
        return self._base_lr

    cdef int _passed(self, list steps, Py_ssize_t index) except -1:
        """The attributes after passing the steps before ``index``."""
        self.c_cur_step_ind = index
        self._cur_step_ind = PyLong_FromLongLong(index)
        self._count = steps[index - 1]
        self._base_lr = _number(self.c_base_lr, self.i_base_lr)
        return 0

    cdef int _next_step(self) except -1:
        """Cache the next boundary for lr_at: +inf past the last, -inf when the
        list holds something C cannot compare (lr_at then calls Python)."""
        cdef double boundary
        cdef bint boundary_int
        cdef list steps = <list>self._step
        self._next_item = None
        if self.c_cur_step_ind >= len(steps):
            self.c_next_step = INFINITY
        elif _load(steps[self.c_cur_step_ind], &boundary, &boundary_int):
            self.c_next_step = boundary
            self._next_item = steps[self.c_cur_step_ind]
        else:
            self.c_next_step = -INFINITY
        return 0

    cdef object _fill(self, void* evaluation, object num_updates, object values,
                      bint integral, object out):
        cdef cysched_job* job = <cysched_job*>evaluation
        cdef Chunk c
        cdef bint unused
        cdef list steps = <list>self._step
        cdef Py_ssize_t n = job.input.size, size = _chunk_open(&c, job)
        cdef Py_ssize_t n_steps = max(0, len(steps) - self.c_cur_step_ind)
        cdef Py_ssize_t k, lo, m, i, passed, done = 0
        cdef int status
        cdef double* bounds = NULL
        try:
            bounds = _buffer(n_steps)
            for k in range(n_steps):
                if not _load(steps[self.c_cur_step_ind + k], &bounds[k], &unused):
                    return _ev.loop(self, num_updates, values, integral, True, out)
            for lo in range(0, n, size):
                m = min(size, n - lo)
                with nogil:
                    _chunk_read(&c, lo, lo + m)
                    i = _multifactor_run(self, bounds + done, n_steps - done, &c, job.out + lo,
                                         m, &status, &passed)
                if status == RUN_BAD:
                    raise SystemError("evaluate: an update passed the check but not _run")
                if passed:
                    done += passed
                    self._passed(steps, self.c_cur_step_ind + passed)
                    self._next_step()
                if status == RUN_SCALAR:
                    # An unknown warmup mode: the scalar calls from there on (they raise).
                    _scalar_calls(self, job, lo + i, integral)
                    return out
            return out
        finally:
            free(bounds)
            free(c.buf)


    cdef double lr_at(self, long long num_update) except? -1.0 nogil:
        return self._lr_until(num_update, self.c_next_step)

    # -- attributes -------------------------------------------------------------

    step, factor, cur_step_ind, count = _synced("step", "factor", "cur_step_ind", "count")


cdef class _Decay(LRScheduler):
    """What PolyScheduler and CosineScheduler share: MXNet 1.9.1's decay from
    ``base_lr_orig`` to ``final_lr`` over ``max_update``, one ``Curve`` in C
    whose kind (and power) the subclass sets in ``_sync``."""

    cdef int _decay(self, object max_update, object final_lr) except -1:
        """The end of both constructors, in MXNet 1.9.1's order."""
        self._base_lr_orig = self._base_lr
        self._max_update = max_update
        self._final_lr = _m.mxnet_real("final_lr", final_lr)
        self._max_steps = self._max_update - self._warmup_steps
        self._sync()
        return 0

    # -- C side ---------------------------------------------------------------

    cdef bint _logs(self) except -1:
        return False

    cdef bint _sync(self):
        cdef bint unused
        LRScheduler._sync(self)
        self._fast = (self._fast
                     and _load(self._base_lr_orig, &self.c_base_lr_orig, &unused)
                     and _load(self._max_update, &self.c_max_update, &unused)
                     and _load(self._final_lr, &self.c_final_lr, &unused)
                     and _load(self._max_steps, &self.c_max_steps, &unused))
        if self._fast:
            self.curve.mode = self._mode
            self.curve.warmup_steps = self.c_warmup_steps
            self.curve.warmup_begin_lr = self.c_warmup_begin_lr
            self.curve.warmup_final_lr = self.c_warmup_final_lr
            self.curve.max_update = self.c_max_update
            self.curve.max_steps = self.c_max_steps
            self.curve.base_lr_orig = self.c_base_lr_orig
            self.curve.final_lr = self.c_final_lr
        return self._fast

    cdef object _lr(self, object num_update, double n):
        cdef double lr = 0
        cdef int at
        if n < self.c_warmup_steps:
            return self.get_warmup_lr(num_update)
        # MXNet 1.9.1 stores each rate in base_lr; past max_update it returns
        # the last one stored.
        at = _curve(&self.curve, n, &lr)
        if at == AT_STORE:
            self.c_base_lr = lr
            self.i_base_lr = False
            self._dirty = False
            # The float returned last time, if the caller let go of it, takes the
            # new value: no allocation.
            if not cysched_float_reuse(<PyObject*>self._base_lr, lr):
                self._base_lr = PyFloat_FromDouble(lr)
            return self._base_lr
        if at == AT_PAST:
            if self._dirty:
                self._flush()
            return self._base_lr
        return self._twin(num_update)

    cdef object _fill(self, void* evaluation, object num_updates, object values,
                      bint integral, object out):
        cdef cysched_job* job = <cysched_job*>evaluation
        cdef double stored = self.c_base_lr
        cdef bint any_stored = False
        cdef int flags = 0, threads = cysched_threads_for(job.input.size)
        # A pure function of n but for base_lr: in parallel, then base_lr as
        # the loop would leave it.
        with nogil:
            flags = _curve_fill(&self.curve, &job.input, job.out, job.input.size, &stored,
                                &any_stored, threads)
        if flags < 0:
            raise MemoryError()
        if flags & B_BAD:
            raise SystemError("evaluate: an update passed the check but not _curve_fill")
        if flags & B_PYTHON:
            return _ev.loop(self, num_updates, values, integral, True, out)
        if any_stored:
            self.c_base_lr = stored
            self.i_base_lr = False
            self._dirty = False
            self._base_lr = PyFloat_FromDouble(stored)
        return out

    cdef double lr_at(self, long long num_update) except? -1.0 nogil:
        cdef double lr = 0
        cdef int at
        if not (self._exact and self._fast and 0 <= num_update <= 9007199254740992LL):
            return self._python_lr(num_update)
        at = _curve(&self.curve, <double>num_update, &lr)
        if at == AT_STORE:
            self.c_base_lr = lr
            self.i_base_lr = False
            self._dirty = True
            return lr
        if at == AT_WARMUP:
            return lr
        if at == AT_PAST:
            return self.c_base_lr
        return self._python_lr(num_update)

    # -- attributes -------------------------------------------------------------

    base_lr_orig, max_update, final_lr, max_steps = _synced(
        "base_lr_orig", "max_update", "final_lr", "max_steps")


cdef class PolyScheduler(_Decay):
    # Docstring: the pure twin's.

    def __init__(self, max_update, base_lr=0.01, pwr=2, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(PolyScheduler, self).__init__(base_lr, warmup_steps,
                                            warmup_begin_lr, warmup_mode)
        max_update = _m.mxnet_horizon(max_update, self._warmup_steps)
        self._power = _m.mxnet_real("pwr", pwr)
        _Decay._decay(self, max_update, final_lr)

    def __call__(self, num_update):
        return LRScheduler._call(self, num_update)

    _params, _state = _py.PolyScheduler._params, _py.PolyScheduler._state

    # -- C side ---------------------------------------------------------------

    cdef bint _sync(self):
        cdef bint unused
        _Decay._sync(self)
        self._fast = self._fast and _load(self._power, &self.c_power, &unused)
        if self._fast:
            self.curve.kind = CURVE_POLY
            self.curve.power = self.c_power
        return self._fast

    cdef object _twin(self, object num_update):
        return _py.PolyScheduler.__call__(self, num_update)

    # -- attributes -------------------------------------------------------------

    power = _Synced("power")


cdef class CosineScheduler(_Decay):
    # Docstring: the pure twin's.

    def __init__(self, max_update, base_lr=0.01, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(CosineScheduler, self).__init__(base_lr, warmup_steps,
                                              warmup_begin_lr, warmup_mode)
        _Decay._decay(self, _m.mxnet_horizon(max_update, self._warmup_steps), final_lr)

    def __call__(self, num_update):
        return LRScheduler._call(self, num_update)

    _params, _state = _py.CosineScheduler._params, _py.CosineScheduler._state

    # -- C side ---------------------------------------------------------------

    cdef bint _sync(self):
        _Decay._sync(self)
        if self._fast:
            self.curve.kind = CURVE_COSINE
            self.curve.power = 0
        return self._fast

    cdef object _twin(self, object num_update):
        return _py.CosineScheduler.__call__(self, num_update)


cdef Py_ssize_t _vectorcall_offset():
    cdef LRScheduler probe = LRScheduler.__new__(LRScheduler)
    return <Py_ssize_t>(<char*>&probe._vectorcall - <char*><void*>probe)


cdef Py_ssize_t _dict_offset() except -1:
    cdef LRScheduler probe = LRScheduler.__new__(LRScheduler)
    cdef Py_ssize_t offset = cysched_field_offset(probe, probe._instance_dict)
    if offset <= 0:
        raise SystemError("cannot find the instance dict field")
    return offset


for _cls in (LRScheduler, FactorScheduler, MultiFactorScheduler, _Decay,
             PolyScheduler, CosineScheduler):
    cysched_set_dictoffset(_cls, _dict_offset())
    cysched_set_type_attr(_cls, "__dict__", _InstanceDict())
# The docstrings are written once, in the pure twin (MXNet's code).
for _cls in (LRScheduler, FactorScheduler, MultiFactorScheduler, PolyScheduler,
             CosineScheduler):
    cysched_set_type_attr(_cls, "__doc__", getattr(_py, _cls.__name__).__doc__)
LRScheduler.evaluate.__doc__ = _py.LRScheduler.evaluate.__doc__
del _cls

#: True when ``sched(n)`` of the four classes goes through vectorcall.
VECTORCALL = all([cysched_use_vectorcall(cls, _vectorcall_offset())
                  for cls in (FactorScheduler, MultiFactorScheduler,
                              PolyScheduler, CosineScheduler)])


def _threads():
    """Threads ``evaluate`` uses for large inputs (1 without OpenMP, or in a
    forked child)."""
    return cysched_threads_for(CYSCHED_PARALLEL_SIZE)


cysched_watch_fork()


# -- Python's argument errors -------------------------------------------------------

cdef extern from *:
    """
    /* A compiled __init__ whose arguments do not fit raises Cython's text
       ("__init__() takes at least 1 positional argument (0 given)"); Python's
       names the class and the argument.  Each patched class gets a trampoline
       of its own (so an explicit Base.__init__(self, ...) knows its class):
       it runs the class's __init__ and, on a TypeError, calls the hook with
       (class, args, kwargs, error), which raises Python's error or returns to
       keep Cython's. */
    #define CYSCHED_INITS 64
    static struct {
        PyObject *type;
        initproc init;
        vectorcallfunc new;     /* Cython's cls(...): tp_new and __init__ in one */
    } cysched_inits[CYSCHED_INITS];
    static int cysched_ninits = 0;
    static PyObject *cysched_arguments_hook = NULL;

    /* After a TypeError of class i's __init__: Python's error, or Cython's kept. */
    static void cysched_arguments_error(int i, PyObject *args, PyObject *kwds) {
        PyObject *type, *value, *tb, *kept;
        if (cysched_arguments_hook == NULL || !PyErr_ExceptionMatches(PyExc_TypeError))
            return;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        kept = PyObject_CallFunctionObjArgs(cysched_arguments_hook, cysched_inits[i].type,
                                            args, kwds != NULL ? kwds : Py_None,
                                            value, NULL);
        if (kept == NULL) {
            Py_XDECREF(type);
            Py_XDECREF(value);
            Py_XDECREF(tb);
            return;
        }
        Py_DECREF(kept);
        PyErr_Restore(type, value, tb);
    }

    static int cysched_init_at(int i, PyObject *self, PyObject *args, PyObject *kwds) {
        int result = cysched_inits[i].init(self, args, kwds);
        if (result < 0)
            cysched_arguments_error(i, args, kwds);
        return result;
    }

    /* The patched class ``cls`` is, or (a subclass that inherited the
       constructor) derives from; -1 for none. */
    static int cysched_index(PyObject *cls) {
        PyObject *mro = ((PyTypeObject *)cls)->tp_mro;
        Py_ssize_t k, n = mro == NULL ? 0 : PyTuple_GET_SIZE(mro);
        int i;
        for (k = -1; k < n; k++) {
            PyObject *base = k < 0 ? cls : PyTuple_GET_ITEM(mro, k);
            for (i = 0; i < cysched_ninits; i++)
                if (cysched_inits[i].type == base) return i;
        }
        return -1;
    }

    static PyObject *cysched_new(PyObject *cls, PyObject *const *args, size_t nargsf,
                                 PyObject *kwnames) {
        Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), nkw, k;
        PyObject *made, *type, *value, *tb, *tuple, *kwargs = NULL;
        int i = cysched_index(cls), ok;
        if (i < 0) {
            PyErr_SetString(PyExc_SystemError, "cysched: constructor not found");
            return NULL;
        }
        made = cysched_inits[i].new(cls, args, nargsf, kwnames);
        if (made != NULL || !PyErr_ExceptionMatches(PyExc_TypeError))
            return made;
        /* The arguments as a tuple and a dict, for the hook (errors only). */
        PyErr_Fetch(&type, &value, &tb);
        nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
        tuple = PyTuple_New(nargs);
        ok = tuple != NULL;
        for (k = 0; ok && k < nargs; k++) {
            Py_INCREF(args[k]);
            PyTuple_SET_ITEM(tuple, k, args[k]);
        }
        if (ok && nkw) {
            kwargs = PyDict_New();
            ok = kwargs != NULL;
            for (k = 0; ok && k < nkw; k++)
                ok = PyDict_SetItem(kwargs, PyTuple_GET_ITEM(kwnames, k), args[nargs + k]) == 0;
        }
        if (!ok)
            PyErr_Clear();
        PyErr_Restore(type, value, tb);
        if (ok)
            cysched_arguments_error(i, tuple, kwargs);
        Py_XDECREF(tuple);
        Py_XDECREF(kwargs);
        return NULL;
    }

    /* cysched_init_<row><column> is trampoline (row - 1) * 8 + column. */
    #define CYSCHED_INIT(r, c) static int cysched_init_##r##c(PyObject *s, PyObject *a, \
                                                           PyObject *k) { \
        return cysched_init_at(((r) - 1) * 8 + (c), s, a, k); }
    #define CYSCHED_INIT8(r) CYSCHED_INIT(r, 0) CYSCHED_INIT(r, 1) CYSCHED_INIT(r, 2) \
        CYSCHED_INIT(r, 3) CYSCHED_INIT(r, 4) CYSCHED_INIT(r, 5) CYSCHED_INIT(r, 6) \
        CYSCHED_INIT(r, 7)
    CYSCHED_INIT8(1) CYSCHED_INIT8(2) CYSCHED_INIT8(3) CYSCHED_INIT8(4)
    CYSCHED_INIT8(5) CYSCHED_INIT8(6) CYSCHED_INIT8(7) CYSCHED_INIT8(8)
    #define CYSCHED_ROW(r) cysched_init_##r##0, cysched_init_##r##1, cysched_init_##r##2, \
        cysched_init_##r##3, cysched_init_##r##4, cysched_init_##r##5, cysched_init_##r##6, \
        cysched_init_##r##7
    static initproc cysched_trampolines[CYSCHED_INITS] = {
        CYSCHED_ROW(1), CYSCHED_ROW(2), CYSCHED_ROW(3), CYSCHED_ROW(4),
        CYSCHED_ROW(5), CYSCHED_ROW(6), CYSCHED_ROW(7), CYSCHED_ROW(8)};

    /* Route ``cls``'s own __init__ (the slot and the __init__ of its dict,
       which super().__init__ finds) through a trampoline.  0 when left as it
       is (no __init__ of its own, patched already, PyPy, no slot left). */
    static int cysched_python_arguments(PyObject *cls, PyObject *hook) {
    #if !defined(PYPY_VERSION) && !defined(Py_LIMITED_API)
        PyTypeObject *tp = (PyTypeObject *)cls;
        PyObject *own, *descr;
        int i;
        if (cysched_arguments_hook == NULL) {
            Py_INCREF(hook);
            cysched_arguments_hook = hook;
        }
        if (tp->tp_dict == NULL || tp->tp_init == NULL) return 0;
        own = PyDict_GetItemString(tp->tp_dict, "__init__");
        if (own == NULL || Py_TYPE(own) != &PyWrapperDescr_Type
                || ((PyWrapperDescrObject *)own)->d_wrapped != (void *)tp->tp_init)
            return 0;
        for (i = 0; i < cysched_ninits; i++)
            if (cysched_trampolines[i] == tp->tp_init) return 0;
        if (cysched_ninits == CYSCHED_INITS) return 0;
        i = cysched_ninits;
        descr = PyDescr_NewWrapper(tp, ((PyWrapperDescrObject *)own)->d_base,
                                   (void *)cysched_trampolines[i]);
        if (descr == NULL) return -1;
        if (PyDict_SetItemString(tp->tp_dict, "__init__", descr) < 0) {
            Py_DECREF(descr);
            return -1;
        }
        Py_DECREF(descr);
        Py_INCREF(cls);
        cysched_inits[i].type = cls;
        cysched_inits[i].init = tp->tp_init;
        cysched_inits[i].new = tp->tp_vectorcall;
        tp->tp_init = cysched_trampolines[i];
        if (tp->tp_vectorcall != NULL)
            tp->tp_vectorcall = cysched_new;
        cysched_ninits = i + 1;
        PyType_Modified(tp);
        return 1;
    #else
        (void)cls; (void)hook;
        return 0;
    #endif
    }
    """
    int cysched_python_arguments(object cls, object hook) except -1


def python_arguments(*classes):
    """Make the compiled ``classes`` raise Python's argument errors, the pure
    twin's text (``_messages.python_arguments``), for arguments that do not fit."""
    for cls in classes:
        cysched_python_arguments(cls, _m.python_arguments)


python_arguments(LRScheduler, FactorScheduler, MultiFactorScheduler, PolyScheduler,
                 CosineScheduler)
