# The C helpers of src/cysched/_call.h, for every compiled scheduler module.
from cpython.object cimport PyObject

cdef extern from "_call.h":
    int cysched_use_vectorcall(object type, Py_ssize_t offset)
    bint cysched_one_argument(size_t nargsf, PyObject* kwnames) noexcept
    object cysched_call_slow(object self, PyObject** args, size_t nargsf, PyObject* kwnames)
    bint cysched_exact_number(object o, double* n, bint narrow) noexcept
    double cysched_update(PyObject* o) noexcept
    int cysched_small_int(object o, long long* value) noexcept
    int cysched_float_reuse(PyObject* o, double value) noexcept

    # evaluate's input, read in its own dtype (or a range's elements computed)
    enum: CYSCHED_RANGE
    ctypedef struct cysched_input:
        int kind
        Py_ssize_t size
        double start, step      # a range's (kind CYSCHED_RANGE)
    ctypedef struct cysched_job:
        cysched_input input "in"
        double* out

    double cysched_at(const cysched_input* input, Py_ssize_t i) noexcept nogil
    const double* cysched_chunk(const cysched_input* input, Py_ssize_t lo, Py_ssize_t hi,
                                double* buf) noexcept nogil
    Py_ssize_t cysched_chunk_size(const cysched_input* input) noexcept nogil
    Py_ssize_t cysched_first_bad(const cysched_input* input) noexcept nogil
    int cysched_job_open(cysched_job* job, object values, object out) except -1
    void cysched_job_close(cysched_job* job) noexcept

    # threads: 1 below CYSCHED_PARALLEL_SIZE elements and in a forked child
    int CYSCHED_PARALLEL_SIZE
    int cysched_watch_fork() noexcept
    int cysched_threads_for(Py_ssize_t size) noexcept nogil
