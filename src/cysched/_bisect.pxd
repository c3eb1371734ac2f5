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
