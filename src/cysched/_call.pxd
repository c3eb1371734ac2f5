# The C helpers of src/cysched/_call.h, for every compiled scheduler module.
from cpython.object cimport PyObject

cdef extern from "_call.h":
    int cysched_use_vectorcall(object type, Py_ssize_t offset)
    bint cysched_one_argument(size_t nargsf, PyObject* kwnames) noexcept
    object cysched_call_slow(object self, PyObject** args, size_t nargsf, PyObject* kwnames)
    bint cysched_exact_number(object o, double* n, bint narrow) noexcept
