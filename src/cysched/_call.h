/* C helpers shared by every compiled scheduler module: sched(n) through
   CPython's vectorcall, and the exact number types that stay on the C path. */
#ifndef CYSCHED_CALL_H
#define CYSCHED_CALL_H
#include <Python.h>

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

/* Keywords, a wrong number of arguments: the type's tp_call. */
static PyObject *cysched_call_slow(PyObject *self, PyObject **args, size_t nargsf,
                                   PyObject *kwnames) {
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

#endif
