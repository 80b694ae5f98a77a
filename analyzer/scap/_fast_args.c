/* Per-event bookkeeping of the evt.arg / evt.arglist / evt.rawarg / evt.buffer columns
 * (part of analyzer.scap._fast): the compiled twin of analyzer.state.args.ArgColumns.add.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_fast.h"

static int last_plus(PyObject *offsets, Py_ssize_t k) {
    Py_ssize_t n = PyList_GET_SIZE(offsets);
    if (n == 0) return -1;
    Py_ssize_t last = PyLong_AsSsize_t(PyList_GET_ITEM(offsets, n - 1));
    if (last == -1 && PyErr_Occurred()) return -1;
    PyObject *v = PyLong_FromSsize_t(last + k);
    if (!v) return -1;
    int rc = PyList_Append(offsets, v);
    Py_DECREF(v);
    return rc;
}

/* is key among keys[lo:hi]? -1 on error */
static int seen_in(PyObject *keys, Py_ssize_t lo, Py_ssize_t hi, PyObject *key) {
    for (Py_ssize_t i = lo; i < hi; i++) {
        int eq = PyObject_RichCompareBool(PyList_GET_ITEM(keys, i), key, Py_EQ);
        if (eq != 0) return eq;
    }
    return 0;
}

static int append3(PyObject *keys, PyObject *vals, PyObject *raws, PyObject *k, PyObject *v, PyObject *r) {
    return PyList_Append(keys, k) < 0 || PyList_Append(vals, v) < 0 || PyList_Append(raws, r) < 0 ? -1 : 0;
}

/* argcols_add((map_off, keys, vals, raws, list_off, lvals, buffers), names, values, raws, buffer, enter)
 * -> True when done; False when the inputs are not plain lists of equal lengths (the caller's
 * Python code handles them). Map keys stay unique: the first parameter of a name wins, then the
 * enter event's parameters the exit does not have. */
PyObject *fast_argcols_add(PyObject *self, PyObject *args) {
    PyObject *cols, *names, *values, *raws, *buffer, *enter;
    if (!PyArg_ParseTuple(args, "O!OOOOO", &PyTuple_Type, &cols, &names, &values, &raws, &buffer, &enter))
        return NULL;
    if (PyTuple_GET_SIZE(cols) != 7) {
        PyErr_SetString(PyExc_ValueError, "argcols_add: expected 7 column lists");
        return NULL;
    }
    PyObject *c[7];
    for (int i = 0; i < 7; i++) {
        c[i] = PyTuple_GET_ITEM(cols, i);
        if (!PyList_Check(c[i])) Py_RETURN_FALSE;
    }
    PyObject *map_off = c[0], *keys = c[1], *vals = c[2], *rawl = c[3], *list_off = c[4], *lvals = c[5],
             *buffers = c[6];
    if (!PyList_Check(names) || !PyList_Check(values) || !PyList_Check(raws)) Py_RETURN_FALSE;
    Py_ssize_t n = PyList_GET_SIZE(names);
    if (PyList_GET_SIZE(values) != n || PyList_GET_SIZE(raws) != n) Py_RETURN_FALSE;
    PyObject *en = NULL, *ev = NULL, *er = NULL;
    if (enter != Py_None) {
        if (!PyTuple_Check(enter) || PyTuple_GET_SIZE(enter) != 3) Py_RETURN_FALSE;
        en = PyTuple_GET_ITEM(enter, 0);
        ev = PyTuple_GET_ITEM(enter, 1);
        er = PyTuple_GET_ITEM(enter, 2);
        if (!PyList_Check(en) || !PyList_Check(ev) || !PyList_Check(er)) Py_RETURN_FALSE;
        if (PyList_GET_SIZE(ev) != PyList_GET_SIZE(en) || PyList_GET_SIZE(er) != PyList_GET_SIZE(en)) Py_RETURN_FALSE;
    }
    /* every check is done: from here on the lists change */
    Py_ssize_t nv = PyList_GET_SIZE(values);
    if (PyList_SetSlice(lvals, PY_SSIZE_T_MAX, PY_SSIZE_T_MAX, values) < 0) return NULL;
    if (last_plus(list_off, nv) < 0) return NULL;
    Py_ssize_t start = PyList_GET_SIZE(keys);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyList_GET_ITEM(names, i);
        int s = seen_in(keys, start, PyList_GET_SIZE(keys), k);
        if (s < 0) return NULL;
        if (!s && append3(keys, vals, rawl, k, PyList_GET_ITEM(values, i), PyList_GET_ITEM(raws, i)) < 0)
            return NULL;
    }
    if (en) {
        Py_ssize_t m = PyList_GET_SIZE(en);
        for (Py_ssize_t i = 0; i < m; i++) {
            PyObject *k = PyList_GET_ITEM(en, i);
            int s = seen_in(keys, start, PyList_GET_SIZE(keys), k);
            if (s < 0) return NULL;
            if (!s && append3(keys, vals, rawl, k, PyList_GET_ITEM(ev, i), PyList_GET_ITEM(er, i)) < 0) return NULL;
        }
    }
    if (last_plus(map_off, PyList_GET_SIZE(keys) - start) < 0) return NULL;
    if (PyList_Append(buffers, buffer) < 0) return NULL;
    Py_RETURN_TRUE;
}
