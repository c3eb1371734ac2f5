"""``evaluate``: a whole schedule at once, and the input checks every scheduler shares.

``s.evaluate(num_updates)`` is ``numpy.array([s(n) for n in num_updates],
dtype=numpy.float64)`` and leaves ``s`` in the state that loop would.  The
compiled classes run the loop in C; everything else runs it here.
``num_updates`` is checked first, element by element, with the scalar rules of
``_messages.num_update`` (a real number in ``[0, 2**53]``, not NaN); a bad
element raises the error ``s(n)`` would, naming its position
(``num_updates[3] must not be NaN, got num_updates[3]=nan``), before anything
is evaluated.

NumPy is imported by these functions, never by importing this module.

>>> from cysched import evaluate
>>> evaluate(lambda n: 1 / n, [1, 2, 4]).tolist()
[1.0, 0.5, 0.25]
"""
from cysched import _extras
from cysched import _messages as _m

__all__ = ["evaluate", "as_updates"]

_FLOAT_MAX_UPDATE = float(_m.MAX_UPDATE)


def evaluate(fn, num_updates, out=None):
    """The rates ``fn(n)`` for every ``n`` in ``num_updates``, as a float64 array.

    ``fn`` is a scheduler (its own ``evaluate`` method runs, in C for the
    compiled classes) or any callable taking an update number, looped over in
    Python.  The result is exactly ``numpy.array([fn(n) for n in num_updates],
    dtype=numpy.float64)``, and ``fn`` is left as that loop leaves it.

    Parameters
    ----------
    fn : callable
        A scheduler or any ``num_update -> learning rate`` callable.
    num_updates : 1-D sequence or NumPy array of int or float
        Update numbers in ``[0, 2**53]``.
    out : numpy.ndarray, optional
        Where to write the rates (NumPy's ``out=``): a writable C-contiguous
        float64 array of ``num_updates``' length, not overlapping it; returned.

    Example
    -------
    >>> from cysched import evaluate, lr_scheduler
    >>> evaluate(lr_scheduler.FactorScheduler(base_lr=1, step=2, factor=0.5),
    ...          range(1, 6)).tolist()
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """
    method = None if isinstance(fn, type) else getattr(fn, "evaluate", None)
    if method is not None and callable(method):
        return method(num_updates) if out is None else method(num_updates, out=out)
    if not callable(fn):
        raise TypeError(_m.got("fn must be callable", fn=fn))
    return loop(fn, num_updates, out=out)


def _numpy():
    """NumPy, imported on first use; without it, an ImportError naming the extra."""
    return _extras.require("numpy", "evaluate()")


def as_updates(num_updates):
    """Check ``num_updates`` and return ``(values, integral)``.

    ``values`` is a C-contiguous 1-D float64 NumPy array (``num_updates``
    itself when it already is one: do not write to it); ``integral`` is true
    when every element was an integer (Python or NumPy int, or bool).  A bad
    element raises what ``_messages.num_update`` raises for it, naming its
    position: TypeError (not a real number), ValueError (NaN, negative) or
    OverflowError (above 2**53).  Not a sequence: TypeError; not 1-D:
    ValueError.
    """
    values, integral, checked = convert(num_updates)
    if not checked:
        check(values)
    return values, integral


def convert(num_updates):
    """``(values, integral, checked)``: :func:`as_updates` without the final
    scan of a float array for NaN and values outside ``[0, 2**53]``
    (``checked`` is false then)."""
    numpy = _numpy()
    values, integral, checked = source(num_updates)
    if isinstance(values, range):
        # Every element is an integer below 2**53: arange's start + i * step is exact.
        return numpy.arange(values.start, values.stop, values.step, dtype=numpy.float64), \
            True, True
    if integral and not checked:
        check(values)
        checked = True
    return numpy.ascontiguousarray(values, dtype=numpy.float64), integral, checked


def source(num_updates):
    """``(values, integral, checked)`` without copying the input: what the
    compiled loops read in place.

    ``values`` is a ``range`` (its ends checked) or a 1-D NumPy array of a
    native float64, float32, integer or bool dtype (``num_updates`` itself
    when it is one, any stride; other arrays and sequences are converted);
    ``checked`` is false when its elements are still to be checked for
    NaN and values outside ``[0, 2**53]`` (:func:`check`, or a C scan and
    :func:`fail_at`).
    """
    numpy = _numpy()
    items = None
    if isinstance(num_updates, numpy.ndarray):
        arr = num_updates
    elif isinstance(num_updates, range):
        return _from_range(num_updates), True, True
    elif isinstance(num_updates, (str, bytes, bytearray)) or not (
            hasattr(num_updates, "__iter__") or hasattr(num_updates, "__getitem__")):
        raise TypeError(_not_a_sequence(num_updates))
    else:
        items = num_updates
        if not isinstance(items, (list, tuple)):
            try:
                items = list(items)
            except TypeError:
                raise TypeError(_not_a_sequence(num_updates)) from None
        try:
            arr = numpy.asarray(items)
        except (TypeError, ValueError, OverflowError):  # ragged, or odd elements
            return _from_items(numpy, items)
    if arr.ndim != 1:
        if arr.ndim == 0:
            raise TypeError(_not_a_sequence(num_updates))
        raise ValueError("num_updates must be one-dimensional, got an array of shape %r"
                         % (arr.shape,))
    kind = arr.dtype.kind
    if kind == "f":
        if items is not None and len(arr) and not arr.max() < _FLOAT_MAX_UPDATE:
            # A list mixing floats and ints: NumPy rounds ints beyond 2**53 (or a
            # NaN is there); check the elements as given.
            return _from_items(numpy, items)
        return _readable(numpy, arr, numpy.float64), False, False
    if kind in "iub":
        return _readable(numpy, arr, numpy.int64 if kind == "i" else numpy.uint64), True, False
    return _from_items(numpy, arr.tolist() if items is None else items)


def _readable(numpy, arr, wider):
    """``arr`` when the C loops read its dtype in place, else converted to ``wider``."""
    if arr.dtype.char in _READABLE and arr.dtype.isnative:
        return arr
    return arr.astype(wider)


#: The dtypes (``dtype.char``) the compiled loops read in place.
_READABLE = frozenset("dfbBhHiIlLqQ?")


def check(values):
    """Raise the scalar error for the first element of the array ``values`` that
    is NaN or outside ``[0, 2**53]``; return if there is none."""
    numpy = _numpy()
    kind = values.dtype.kind
    if kind == "b":
        return
    if kind in "iu":
        if not len(values) or (values.max() <= _m.MAX_UPDATE
                               and (kind == "u" or values.min() >= 0)):
            return
        bad = numpy.flatnonzero((values > _m.MAX_UPDATE) | (values < 0))
    else:
        with numpy.errstate(invalid="ignore"):
            bad = numpy.flatnonzero(~((values >= 0.0) & (values <= _FLOAT_MAX_UPDATE)))
    if len(bad):
        fail_at(values, int(bad[0]))


def fail_at(values, i):
    """Raise the scalar error for ``values[i]``, an element a check found bad."""
    item = values[i]
    _m.num_update(int(item) if values.dtype.kind in "iub" else float(item), _position(i))
    raise SystemError("evaluate: num_updates[%d] failed a check but not num_update" % i)


def output(out, size, values):
    """The array ``evaluate`` writes: a new float64 array of ``size`` elements,
    or ``out`` checked as NumPy's ``out=`` (float64, shape ``(size,)``,
    C-contiguous, writable, not overlapping the input ``values``)."""
    numpy = _numpy()
    if out is None:
        return numpy.empty(size, dtype=numpy.float64)
    if not isinstance(out, numpy.ndarray):
        raise TypeError(_m.got("out must be a NumPy array", out=out))
    if out.dtype != numpy.float64:
        raise TypeError("out must be a float64 array, got out.dtype=%s" % out.dtype)
    if out.shape != (size,):
        raise ValueError("out must have the shape of num_updates, (%d,), got out.shape=%r"
                         % (size, out.shape))
    if not out.flags.c_contiguous:
        raise ValueError("out must be C-contiguous, got strides %r" % (out.strides,))
    if not out.flags.writeable:
        raise ValueError("out must be writable, got a read-only array")
    if isinstance(values, numpy.ndarray) and numpy.may_share_memory(out, values):
        raise ValueError("out must not overlap num_updates")
    return out


def loop(fn, num_updates, values=None, integral=None, checked=True, out=None):
    """``numpy.array([fn(n) for n in num_updates], dtype=float64)``, after the
    checks of :func:`as_updates`, written into ``out`` (checked by
    :func:`output`) when given.

    ``fn`` gets the elements as given when ``num_updates`` is a list, tuple or
    range, else Python numbers (``int`` when every element is an integer).
    ``values`` and ``integral`` (and ``checked``) are :func:`convert`'s or
    :func:`source`'s answer when the caller already has it.
    """
    numpy = _numpy()
    if values is None:
        values, integral, checked = source(num_updates)
    if out is not None:
        out = output(out, len(values), num_updates)
    if not checked:
        check(values)
    if isinstance(num_updates, (list, tuple, range)):
        items = num_updates
    elif isinstance(num_updates, numpy.ndarray):
        items = num_updates.tolist()
    elif integral:
        items = values.astype(numpy.int64).tolist()
    else:
        items = values.tolist()
    return deliver(out, numpy.array([fn(n) for n in items], dtype=numpy.float64))


def deliver(out, rates):
    """``rates``, or ``out`` (already checked by :func:`output`) with the rates in it."""
    if out is None:
        return rates
    out[...] = rates
    return out


def empty(size):
    """A new float64 array of ``size`` elements (NumPy, imported on first use)."""
    numpy = _numpy()
    return numpy.empty(size, dtype=numpy.float64)


def _position(i):
    return "num_updates[%d]" % i


def _not_a_sequence(num_updates):
    return _m.got("num_updates must be a 1-D sequence of numbers", num_updates=num_updates)


def _from_items(numpy, items):
    """Check each element like a scalar call would; ``(values, integral, True)``."""
    values = numpy.empty(len(items), dtype=numpy.float64)
    integral = True
    for i, item in enumerate(items):
        value = _m.num_update(item, _position(i))
        if type(value) is not int:
            integral = False
        values[i] = value
    return values, integral, True


def _from_range(r):
    """``r`` itself, its ends checked (its elements lie between them)."""
    if not len(r):
        return r
    first, last = r[0], r[-1]
    if min(first, last) < 0:
        i = 0 if first < 0 else first // -r.step + 1
        _m.num_update(r[i], _position(i))
    if max(first, last) > _m.MAX_UPDATE:
        i = 0 if first > _m.MAX_UPDATE else (_m.MAX_UPDATE - first) // r.step + 1
        _m.num_update(r[i], _position(i))
    return r
