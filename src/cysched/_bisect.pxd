# Bisection over a C array of doubles, inline in every module that cimports it
# (PiecewiseScheduler, SequentialScheduler).  The pure-Python classes use the
# standard library's bisect, whose results these equal.


cdef inline Py_ssize_t bisect_right(const double* a, Py_ssize_t hi, double x) noexcept nogil:
    """The index where ``x`` goes in the sorted ``a[:hi]``, after equal items."""
    cdef Py_ssize_t lo = 0, mid
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


cdef inline Py_ssize_t bisect_left(const double* a, Py_ssize_t hi, double x) noexcept nogil:
    """The index where ``x`` goes in the sorted ``a[:hi]``, before equal items."""
    cdef Py_ssize_t lo = 0, mid
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


cdef inline bint _goes_before(double item, double x, bint right) noexcept nogil:
    """Whether ``item`` comes before where ``x`` goes: ``item <= x`` for
    bisect_right, ``item < x`` for bisect_left (as each treats a NaN)."""
    if right:
        return not x < item
    return item < x


cdef inline Py_ssize_t bisect_near(const double* a, Py_ssize_t hi, double x, Py_ssize_t hint,
                                   bint right) noexcept nogil:
    """``bisect_right(a, hi, x)`` (or ``bisect_left`` when not ``right``),
    trying ``hint`` and ``hint + 1`` first: O(1) when ``x`` lies where a
    previous search ended or in the next interval.  ``hint`` is only a guess:
    any value gives the same answer (``a`` sorted, as bisection needs)."""
    if 0 <= hint <= hi and (hint == 0 or _goes_before(a[hint - 1], x, right)):
        if hint == hi or not _goes_before(a[hint], x, right):
            return hint
        if hint + 1 == hi or not _goes_before(a[hint + 1], x, right):
            return hint + 1
    if right:
        return bisect_right(a, hi, x)
    return bisect_left(a, hi, x)
