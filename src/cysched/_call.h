/* C helpers shared by every compiled scheduler module: sched(n) through
   CPython's vectorcall, and the exact number types that stay on the C path. */
#ifndef CYSCHED_CALL_H
#define CYSCHED_CALL_H
#include <Python.h>
#include <stdint.h>

/* sched(n) through vectorcall: CPython 3.9+ reads the entry point at
   tp_vectorcall_offset in the instance (NULL there: the type's tp_call).
   Cython gives __call__ no vectorcall, so every call would build an argument
   tuple. */
static int cysched_use_vectorcall(PyObject *type, Py_ssize_t offset) {
#if PY_VERSION_HEX >= 0x03090000 && !defined(PYPY_VERSION) && !defined(Py_LIMITED_API)
    PyTypeObject *tp = (PyTypeObject *)type;
    if (tp->tp_call == NULL || offset <= 0) return 0;
    tp->tp_vectorcall_offset = offset;
    tp->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
    PyType_Modified(tp);
    return 1;
#else
    (void)type; (void)offset;
    return 0;
#endif
}

/* One positional argument and no keywords: the fast entry applies. */
static CYTHON_INLINE int cysched_one_argument(size_t nargsf, PyObject *kwnames) {
    return PyVectorcall_NARGS(nargsf) == 1
        && (kwnames == NULL || PyTuple_GET_SIZE(kwnames) == 0);
}

/* Python 3.9 does not give extensions Py_NO_INLINE. */
#if defined(__GNUC__) || defined(__clang__)
#define CYSCHED_NO_INLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define CYSCHED_NO_INLINE __declspec(noinline)
#else
#define CYSCHED_NO_INLINE
#endif

/* Keywords, a wrong number of arguments: the type's tp_call.  Never inlined,
   so that the entry points' fast path stays small. */
static CYSCHED_NO_INLINE PyObject *cysched_call_slow(PyObject *self, PyObject **args,
                                                     size_t nargsf, PyObject *kwnames) {
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), nkw, i;
    ternaryfunc call = Py_TYPE(self)->tp_call;
    PyObject *tuple, *kwargs = NULL, *result = NULL;
    nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    if (call == NULL) {
        PyErr_Format(PyExc_TypeError, "'%.200s' object is not callable",
                     Py_TYPE(self)->tp_name);
        return NULL;
    }
    tuple = PyTuple_New(nargs);
    if (tuple == NULL) return NULL;
    for (i = 0; i < nargs; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(tuple, i, args[i]);
    }
    if (nkw) {
        kwargs = PyDict_New();
        if (kwargs == NULL) goto done;
        for (i = 0; i < nkw; i++) {
            if (PyDict_SetItem(kwargs, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) < 0)
                goto done;
        }
    }
    if (Py_EnterRecursiveCall(" while calling a Python object") == 0) {
        result = call(self, tuple, kwargs);
        Py_LeaveRecursiveCall();
    }
done:
    Py_DECREF(tuple);
    Py_XDECREF(kwargs);
    return result;
}

/* An exact int of one digit or less (every num_update of a training loop
   for a while): its value without a call.  0 for other ints. */
#if PY_VERSION_HEX < 0x030B0000 && !defined(PYPY_VERSION)
#include "longintrepr.h"
#endif
static CYTHON_INLINE int cysched_small_int(PyObject *o, long long *value) {
#if PY_VERSION_HEX >= 0x030C0000 && !defined(PYPY_VERSION) && !defined(Py_LIMITED_API)
    if (PyUnstable_Long_IsCompact((PyLongObject *)o)) {
        *value = (long long)PyUnstable_Long_CompactValue((PyLongObject *)o);
        return 1;
    }
    return 0;
#elif !defined(PYPY_VERSION) && !defined(Py_LIMITED_API)
    switch (Py_SIZE(o)) {
        case 0: *value = 0; return 1;
        case 1: *value = (long long)((PyLongObject *)o)->ob_digit[0]; return 1;
        case -1: *value = -(long long)((PyLongObject *)o)->ob_digit[0]; return 1;
        default: return 0;
    }
#else
    (void)o; (void)value;
    return 0;
#endif
}

/* A float only the scheduler holds (refcount 1) can take a new value in
   place, as CPython's own float arithmetic does with temporaries. */
static CYTHON_INLINE int cysched_float_reuse(PyObject *o, double value) {
#if !defined(PYPY_VERSION) && !defined(Py_LIMITED_API) && !defined(Py_GIL_DISABLED)
    if (Py_REFCNT(o) == 1 && PyFloat_CheckExact(o)) {
        ((PyFloatObject *)o)->ob_fval = value;
        return 1;
    }
#endif
    (void)o; (void)value;
    return 0;
}

/* NumPy's float32 and float16 scalar types, looked up once NumPy is imported
   (never imported from here). */
static PyObject *cysched_narrow_floats[2];

static int cysched_is_narrow_float(PyObject *o) {
    PyObject *name, *numpy;
    if (cysched_narrow_floats[1] == NULL) {
        name = PyUnicode_FromString("numpy");
        numpy = name == NULL ? NULL : PyImport_GetModule(name);
        Py_XDECREF(name);
        if (numpy != NULL) {
            cysched_narrow_floats[0] = PyObject_GetAttrString(numpy, "float32");
            if (cysched_narrow_floats[0] != NULL)
                cysched_narrow_floats[1] = PyObject_GetAttrString(numpy, "float16");
            Py_DECREF(numpy);
        }
        if (cysched_narrow_floats[1] == NULL) {
            Py_CLEAR(cysched_narrow_floats[0]);
            PyErr_Clear();
            return 0;
        }
    }
    return (PyObject *)Py_TYPE(o) == cysched_narrow_floats[0]
        || (PyObject *)Py_TYPE(o) == cysched_narrow_floats[1];
}

/* ``o`` as a double in *n when it is a real number that converts exactly and
   lies in [0, 2**53]: an int or float (subclasses too: bool, numpy.float64),
   an integer with __index__ (NumPy and PyTorch integer scalars, 0-d integer
   arrays) and, when ``narrow``, NumPy's float32 or float16.  Returns 0, with
   no error set, for anything else: the caller's Python path names the problem. */
static int cysched_exact_number(PyObject *o, double *n, int narrow) {
    long long k;
    int overflow = 0;
    double x;
    PyObject *integer;
    if (PyFloat_Check(o)) {
        x = PyFloat_AS_DOUBLE(o);
    } else if (PyLong_Check(o) || PyIndex_Check(o)) {
        integer = PyNumber_Index(o);
        if (integer == NULL) {
            PyErr_Clear();
            return 0;
        }
        k = PyLong_AsLongLongAndOverflow(integer, &overflow);
        Py_DECREF(integer);
        if (overflow || k < 0 || k > 9007199254740992LL) {
            PyErr_Clear();
            return 0;
        }
        *n = (double)k;
        return 1;
    } else if (narrow && cysched_is_narrow_float(o)) {
        x = PyFloat_AsDouble(o);
        if (x == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            return 0;
        }
    } else {
        return 0;
    }
    if (!(x >= 0.0 && x <= 9007199254740992.0))
        return 0;
    *n = x;
    return 1;
}

/* sched(n)'s ``n`` as a double in [0, 2**53], or -1.0 for anything
   cysched_exact_number (narrow floats included) does not convert: an exact
   int or float inline, without a call for a small int. */
static CYTHON_INLINE double cysched_update(PyObject *o) {
    long long k;
    int overflow = 0;
    double x;
    if (PyLong_CheckExact(o)) {
        if (!cysched_small_int(o, &k)) {
            k = PyLong_AsLongLongAndOverflow(o, &overflow);
            if (overflow) return -1.0;
        }
        return k >= 0 && k <= 9007199254740992LL ? (double)k : -1.0;
    }
    if (PyFloat_CheckExact(o)) {
        x = PyFloat_AS_DOUBLE(o);
        return x >= 0.0 && x <= 9007199254740992.0 ? x : -1.0;
    }
    return cysched_exact_number(o, &x, 1) ? x : -1.0;
}

/* -- evaluate's input, read where it is -------------------------------------

   A range (its elements computed: start + i * step is exact for integers
   below 2**53) or a 1-D NumPy array of a native integer, bool or float
   dtype, any stride: no float64 copy of the input. */

enum { CYSCHED_RANGE, CYSCHED_F8, CYSCHED_F4, CYSCHED_I8, CYSCHED_I4, CYSCHED_I2,
       CYSCHED_I1, CYSCHED_U8, CYSCHED_U4, CYSCHED_U2, CYSCHED_U1 };

typedef struct {
    int kind;
    const char *data;
    Py_ssize_t stride, size;
    double start, step;
} cysched_input;

static CYTHON_INLINE double cysched_at(const cysched_input *in, Py_ssize_t i) {
    const char *p = in->data + i * in->stride;
    switch (in->kind) {
    case CYSCHED_F8: return *(const double *)p;
    case CYSCHED_F4: return (double)*(const float *)p;
    case CYSCHED_I8: return (double)*(const int64_t *)p;
    case CYSCHED_I4: return (double)*(const int32_t *)p;
    case CYSCHED_I2: return (double)*(const int16_t *)p;
    case CYSCHED_I1: return (double)*(const int8_t *)p;
    case CYSCHED_U8: return (double)*(const uint64_t *)p;
    case CYSCHED_U4: return (double)*(const uint32_t *)p;
    case CYSCHED_U2: return (double)*(const uint16_t *)p;
    case CYSCHED_U1: return (double)*(const uint8_t *)p;
    default: return in->start + (double)i * in->step;
    }
}

/* Elements lo..hi-1 as doubles: a pointer into the input when it is a
   contiguous float64 array, else ``buf`` filled. */
static const double *cysched_chunk(const cysched_input *in, Py_ssize_t lo, Py_ssize_t hi,
                                   double *buf) {
    Py_ssize_t i;
    if (in->kind == CYSCHED_F8 && in->stride == (Py_ssize_t)sizeof(double))
        return (const double *)in->data + lo;
    for (i = lo; i < hi; i++)
        buf[i - lo] = cysched_at(in, i);
    return buf;
}

/* Elements per cysched_chunk call: the whole input when it is read in place. */
#define CYSCHED_CHUNK 65536
static Py_ssize_t cysched_chunk_size(const cysched_input *in) {
    if (in->size < 1)
        return 1;
    if ((in->kind == CYSCHED_F8 && in->stride == (Py_ssize_t)sizeof(double))
            || in->size < CYSCHED_CHUNK)
        return in->size;
    return CYSCHED_CHUNK;
}

/* The first element that is not an update number (NaN, negative, above
   2**53), or -1. */
static Py_ssize_t cysched_first_bad(const cysched_input *in) {
    Py_ssize_t i;
    double x;
    if (in->kind == CYSCHED_RANGE)
        return -1;      /* checked at its ends */
    if (in->kind == CYSCHED_I8) {
        for (i = 0; i < in->size; i++) {
            int64_t k = *(const int64_t *)(in->data + i * in->stride);
            if (k < 0 || k > 9007199254740992LL) return i;
        }
        return -1;
    }
    if (in->kind == CYSCHED_U8) {
        for (i = 0; i < in->size; i++) {
            if (*(const uint64_t *)(in->data + i * in->stride) > 9007199254740992ULL)
                return i;
        }
        return -1;
    }
    for (i = 0; i < in->size; i++) {
        x = cysched_at(in, i);
        if (!(x >= 0.0 && x <= 9007199254740992.0)) return i;
    }
    return -1;
}

/* An evaluate's input and output buffers, held while C loops use them. */
typedef struct {
    cysched_input in;
    double *out;
    Py_buffer src, dst;
    int has_src, has_dst;
} cysched_job;

/* The reader of a buffer's items (a native one-letter format), or -1. */
static int cysched_kind(const Py_buffer *view) {
    const char *f = view->format == NULL ? "B" : view->format;
    int size = (int)view->itemsize;
    if (*f == '@' || *f == '=' || *f == (PY_BIG_ENDIAN ? '>' : '<')) f++;
    if (f[0] == '\0' || f[1] != '\0') return -1;
    switch (f[0]) {
    case 'd': return size == 8 ? CYSCHED_F8 : -1;
    case 'f': return size == 4 ? CYSCHED_F4 : -1;
    case '?': return size == 1 ? CYSCHED_U1 : -1;
    case 'b': case 'h': case 'i': case 'l': case 'q':
        return size == 8 ? CYSCHED_I8 : size == 4 ? CYSCHED_I4
            : size == 2 ? CYSCHED_I2 : size == 1 ? CYSCHED_I1 : -1;
    case 'B': case 'H': case 'I': case 'L': case 'Q':
        return size == 8 ? CYSCHED_U8 : size == 4 ? CYSCHED_U4
            : size == 2 ? CYSCHED_U2 : size == 1 ? CYSCHED_U1 : -1;
    }
    return -1;
}

static void cysched_job_close(cysched_job *job) {
    if (job->has_src) PyBuffer_Release(&job->src);
    if (job->has_dst) PyBuffer_Release(&job->dst);
    job->has_src = job->has_dst = 0;
}

/* ``values`` (a range, or a 1-D array of a dtype cysched_kind reads) and
   ``out`` (a writable C-contiguous float64 array of the same length). */
static int cysched_job_open(cysched_job *job, PyObject *values, PyObject *out) {
    job->has_src = job->has_dst = 0;
    job->in.data = NULL;
    job->in.stride = 0;
    job->in.start = job->in.step = 0.0;
    if (PyRange_Check(values)) {
        PyObject *start = PyObject_GetAttrString(values, "start");
        PyObject *step = start == NULL ? NULL : PyObject_GetAttrString(values, "step");
        job->in.kind = CYSCHED_RANGE;
        job->in.size = PyObject_Length(values);
        if (step != NULL) {
            job->in.start = PyLong_AsDouble(start);
            job->in.step = PyLong_AsDouble(step);
        }
        Py_XDECREF(start);
        Py_XDECREF(step);
        if (PyErr_Occurred()) return -1;
    } else {
        if (PyObject_GetBuffer(values, &job->src, PyBUF_STRIDES | PyBUF_FORMAT) < 0)
            return -1;
        job->has_src = 1;
        job->in.kind = cysched_kind(&job->src);
        if (job->src.ndim != 1 || job->in.kind < 0) {
            PyErr_SetString(PyExc_SystemError, "evaluate: an input it cannot read");
            cysched_job_close(job);
            return -1;
        }
        job->in.size = job->src.shape[0];
        job->in.data = (const char *)job->src.buf;
        job->in.stride = job->src.strides[0];
    }
    if (PyObject_GetBuffer(out, &job->dst, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) {
        cysched_job_close(job);
        return -1;
    }
    job->has_dst = 1;
    if (job->dst.len != job->in.size * (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_SystemError, "evaluate: an output of the wrong size");
        cysched_job_close(job);
        return -1;
    }
    job->out = (double *)job->dst.buf;
    return 0;
}

/* -- threads -------------------------------------------------------------- */

/* Inputs at least this long are evaluated by several threads: below it a
   parallel region costs more than it saves (python -m benchmarks, "threads"). */
#define CYSCHED_PARALLEL_SIZE 65536

#ifdef _OPENMP
#include <omp.h>
#endif
#if defined(__linux__)
#include <sched.h>
#endif
#if defined(_OPENMP) && !defined(_WIN32)
#include <pthread.h>
/* A forked child runs serially: fork copies no OpenMP worker threads, and a
   parallel region after one the parent ran would wait for them forever. */
static volatile int cysched_forked = 0;
static void cysched_on_fork(void) { cysched_forked = 1; }
static int cysched_watch_fork(void) { return pthread_atfork(NULL, NULL, cysched_on_fork); }
#else
static const int cysched_forked = 0;
static int cysched_watch_fork(void) { return 0; }
#endif

/* Threads for a loop over ``size`` elements: 1 for small inputs and in a
   forked child, else OpenMP's (OMP_NUM_THREADS) but no more than the CPUs
   this process may run on (os.sched_getaffinity). */
static int cysched_threads_for(Py_ssize_t size) {
#ifdef _OPENMP
    int threads;
    if (size < CYSCHED_PARALLEL_SIZE || cysched_forked) return 1;
    threads = omp_get_max_threads();
#if defined(__linux__) && defined(CPU_COUNT)
    {
        cpu_set_t set;
        if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) < threads)
            threads = CPU_COUNT(&set);
    }
#endif
    return threads > 1 ? threads : 1;
#else
    (void)size;
    return 1;
#endif
}

#endif
