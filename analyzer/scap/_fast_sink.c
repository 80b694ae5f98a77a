/* Per-batch argument columns (part of analyzer.scap._fast).
 *
 * ArgSink collects, for every event of a batch in order, its evt.args text, its evt.arg and
 * evt.rawarg maps (first parameter of a name wins, then the enter event's parameters the exit
 * does not have), its evt.arglist and its evt.buffer, straight into Arrow-shaped buffers:
 * no Python object per value. EnterParts holds an enter event's rendered parameters on its
 * thread until the exit merges them (the engine decides which enter an exit completes). The
 * compiled twin of analyzer.state.args.ArgColumns, which stays the reference.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_fast.h"

/* ------------------------------------------------------------------ EnterParts */
static void ep_dealloc(EnterParts *self) {
    sc_free(&self->names);
    sc_free(&self->vals);
    sc_free(&self->raws);
    PyObject_Free(self);
}

static EnterParts *ep_new(void) {
    EnterParts *ep = PyObject_New(EnterParts, &EnterPartsType);
    if (ep) memset(&ep->names, 0, 3 * sizeof(scol));
    return ep;
}

/* dst = src in buffers of exactly the needed size (an EnterParts lives on its thread a while) */
static int sc_copy(scol *dst, const scol *src) {
    Py_ssize_t n = sc_len(src);
    dst->data.d = PyMem_Malloc(src->data.n ? src->data.n : 1);
    dst->valid.d = PyMem_Malloc(n ? n : 1);
    dst->off.d = PyMem_Malloc((n + 1) * sizeof(int64_t));
    if (!dst->data.d || !dst->valid.d || !dst->off.d) { PyErr_NoMemory(); return -1; }
    if (src->data.n) memcpy(dst->data.d, src->data.d, src->data.n);
    if (n) memcpy(dst->valid.d, src->valid.d, n);
    if (src->off.n) memcpy(dst->off.d, src->off.d, (n + 1) * sizeof(int64_t));
    else dst->off.d[0] = 0;
    dst->data.n = dst->data.cap = src->data.n;
    dst->valid.n = dst->valid.cap = n;
    dst->off.n = dst->off.cap = n + 1;
    return 0;
}

EnterParts *enter_parts_from(const evparts *p) {
    EnterParts *ep = ep_new();
    if (!ep) return NULL;
    if (sc_copy(&ep->names, &p->names) < 0 || sc_copy(&ep->vals, &p->vals) < 0 || sc_copy(&ep->raws, &p->raws) < 0) {
        Py_DECREF(ep);
        return NULL;
    }
    return ep;
}

/* a str (or None where nulls are allowed) appended as UTF-8; 1 for anything else */
static int add_str(scol *c, PyObject *s, int nullable) {
    if (s == Py_None && nullable) return sc_add(c, "", 0, 0);
    if (!PyUnicode_Check(s)) return 1;
    Py_ssize_t k;
    const char *u = PyUnicode_AsUTF8AndSize(s, &k);
    if (!u) return -1;
    return sc_add(c, u, k, 1);
}

/* append Python lists of one length (names and values str, raws str or None) to three columns:
 * 0 ok, 1 not such lists, -1 error */
static int fill_parts(scol *cn, scol *cv, scol *cr, PyObject *names, PyObject *values, PyObject *raws) {
    if (!PyList_Check(names) || !PyList_Check(values) || !PyList_Check(raws)) return 1;
    Py_ssize_t n = PyList_GET_SIZE(names);
    if (PyList_GET_SIZE(values) != n || PyList_GET_SIZE(raws) != n) return 1;
    if (sc_ready(cn) < 0 || sc_ready(cv) < 0 || sc_ready(cr) < 0) return -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        int k = add_str(cn, PyList_GET_ITEM(names, i), 0);
        if (!k) k = add_str(cv, PyList_GET_ITEM(values, i), 0);
        if (!k) k = add_str(cr, PyList_GET_ITEM(raws, i), 1);
        if (k) return k;
    }
    return 0;
}

static PyObject *ep_new_py(PyTypeObject *type, PyObject *args, PyObject *kw) {
    PyObject *names, *values, *raws;
    if (!PyArg_ParseTuple(args, "OOO", &names, &values, &raws)) return NULL;
    EnterParts *ep = ep_new();
    if (!ep) return NULL;
    int k = fill_parts(&ep->names, &ep->vals, &ep->raws, names, values, raws);
    if (k) {
        Py_DECREF(ep);
        if (k > 0) PyErr_SetString(PyExc_ValueError, "EnterParts(names, values, raws): lists of one length expected");
        return NULL;
    }
    return (PyObject *)ep;
}

PyObject *scol_strings(const scol *c) {
    Py_ssize_t n = sc_len(c), k;
    PyObject *l = PyList_New(n);
    if (!l) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        const char *s = sc_at(c, i, &k);
        PyObject *v = sc_valid(c, i) ? PyUnicode_DecodeUTF8(s, k, "strict") : Py_NewRef(Py_None);
        if (!v) { Py_DECREF(l); return NULL; }
        PyList_SET_ITEM(l, i, v);
    }
    return l;
}

static PyObject *ep_parts(EnterParts *self, PyObject *unused) {
    PyObject *a = scol_strings(&self->names), *b = scol_strings(&self->vals), *c = scol_strings(&self->raws);
    PyObject *r = a && b && c ? PyTuple_Pack(3, a, b, c) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    return r;
}

static PyMethodDef ep_methods[] = {
    {"parts", (PyCFunction)ep_parts, METH_NOARGS, "(names, values, raws) as lists."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject EnterPartsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "analyzer.scap._fast.EnterParts",
    .tp_basicsize = sizeof(EnterParts),
    .tp_dealloc = (destructor)ep_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An enter event's rendered parameters: EnterParts(names, values, raws).",
    .tp_methods = ep_methods,
    .tp_new = ep_new_py,
};

/* ------------------------------------------------------------------ ArgSink */
typedef struct {
    PyObject_HEAD
    Py_ssize_t n;        /* events */
    scol text;           /* evt.args */
    ibuf map_off;        /* per event: first map entry (n + 1) */
    scol keys, mvals, mraws;
    ibuf list_off;       /* per event: first evt.arglist entry (n + 1) */
    scol lvals;
    scol bufs;           /* evt.buffer */
    evparts cur;         /* the event being rendered */
} ArgSink;

static void sink_dealloc(ArgSink *s) {
    sc_free(&s->text);
    ib_free(&s->map_off);
    sc_free(&s->keys);
    sc_free(&s->mvals);
    sc_free(&s->mraws);
    ib_free(&s->list_off);
    sc_free(&s->lvals);
    sc_free(&s->bufs);
    sc_free(&s->cur.names);
    sc_free(&s->cur.vals);
    sc_free(&s->cur.raws);
    PyObject_Free(s);
}

static PyObject *sink_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
    if (!PyArg_ParseTuple(args, "")) return NULL;
    ArgSink *s = PyObject_New(ArgSink, &ArgSinkType);
    if (!s) return NULL;
    memset((char *)s + sizeof(PyObject), 0, sizeof(ArgSink) - sizeof(PyObject));
    if (ib_push(&s->map_off, 0) < 0 || ib_push(&s->list_off, 0) < 0 || sc_ready(&s->text) < 0 ||
        sc_ready(&s->keys) < 0 || sc_ready(&s->mvals) < 0 || sc_ready(&s->mraws) < 0 || sc_ready(&s->lvals) < 0 ||
        sc_ready(&s->bufs) < 0 || sc_ready(&s->cur.names) < 0 || sc_ready(&s->cur.vals) < 0 ||
        sc_ready(&s->cur.raws) < 0) {
        Py_DECREF(s);
        return NULL;
    }
    return (PyObject *)s;
}

/* is name among the map keys from index lo on? */
static int key_seen(const scol *keys, Py_ssize_t lo, const char *name, Py_ssize_t k) {
    Py_ssize_t m;
    for (Py_ssize_t i = lo; i < sc_len(keys); i++) {
        const char *s = sc_at(keys, i, &m);
        if (m == k && memcmp(s, name, k) == 0) return 1;
    }
    return 0;
}

static int map_add(ArgSink *s, Py_ssize_t start, const scol *names, const scol *vals, const scol *raws) {
    Py_ssize_t k, vk, rk;
    for (Py_ssize_t i = 0; i < sc_len(names); i++) {
        const char *nm = sc_at(names, i, &k);
        if (key_seen(&s->keys, start, nm, k)) continue;
        const char *v = sc_at(vals, i, &vk), *r = sc_at(raws, i, &rk);
        if (sc_add(&s->keys, nm, k, 1) < 0 || sc_add(&s->mvals, v, vk, 1) < 0 ||
            sc_add(&s->mraws, r, rk, sc_valid(raws, i)) < 0)
            return -1;
    }
    return 0;
}

/* the event in s->cur, its text (plus sysdig's trailing space when not empty) and its buffer,
 * appended as the next row */
static int commit(ArgSink *s, const char *text, Py_ssize_t tn, const EnterParts *enter, PyObject *buffer) {
    Py_ssize_t k;
    if (sc_ready(&s->text) < 0 || ob_put(&s->text.data, text, tn) < 0 || (tn && ob_chr(&s->text.data, ' ') < 0) ||
        ob_chr(&s->text.valid, 1) < 0 || ib_push(&s->text.off, s->text.data.n) < 0)
        return -1;
    for (Py_ssize_t i = 0; i < sc_len(&s->cur.vals); i++) {
        const char *v = sc_at(&s->cur.vals, i, &k);
        if (sc_add(&s->lvals, v, k, 1) < 0) return -1;
    }
    if (ib_push(&s->list_off, sc_len(&s->lvals)) < 0) return -1;
    Py_ssize_t start = sc_len(&s->keys);
    if (map_add(s, start, &s->cur.names, &s->cur.vals, &s->cur.raws) < 0) return -1;
    if (enter && map_add(s, start, &enter->names, &enter->vals, &enter->raws) < 0) return -1;
    if (ib_push(&s->map_off, sc_len(&s->keys)) < 0) return -1;
    if (buffer && PyBytes_Check(buffer)) {
        if (sc_add(&s->bufs, PyBytes_AS_STRING(buffer), PyBytes_GET_SIZE(buffer), 1) < 0) return -1;
    } else if (buffer && PyByteArray_Check(buffer)) {
        if (sc_add(&s->bufs, PyByteArray_AS_STRING(buffer), PyByteArray_GET_SIZE(buffer), 1) < 0) return -1;
    } else if (sc_add(&s->bufs, "", 0, 0) < 0) {
        return -1;
    }
    s->n++;
    return 0;
}

/* the result of an added event: the EnterParts kept for its exit when ``keep``, else True */
static PyObject *added(ArgSink *s, int keep) {
    if (!keep) Py_RETURN_TRUE;
    return (PyObject *)enter_parts_from(&s->cur);
}

static int as_enter(PyObject *o, EnterParts **enter) {
    if (o == Py_None) { *enter = NULL; return 0; }
    if (!PyObject_TypeCheck(o, &EnterPartsType)) {
        PyErr_SetString(PyExc_TypeError, "ArgSink: enter must be EnterParts or None");
        return -1;
    }
    *enter = (EnterParts *)o;
    return 0;
}

/* event(etype, params, enter: EnterParts | None, resolver, max_buf_len, n_2022_params, keep)
 *   -> EnterParts (keep) | True, or None when the event must be rendered by the Python code
 *      (nothing was added then). ``enter``: the parameters of the enter event this exit completes. */
static PyObject *sink_event(ArgSink *s, PyObject *args) {
    Py_ssize_t etype, max_buf_len, n2022;
    PyObject *params, *eo, *resolver;
    int keep;
    if (!PyArg_ParseTuple(args, "nO!OOnnp", &etype, &PyList_Type, &params, &eo, &resolver, &max_buf_len, &n2022,
                          &keep))
        return NULL;
    return fast_sink_event_c((PyObject *)s, etype, params, eo, resolver, max_buf_len, n2022, keep);
}

/* sink.event with C arguments (also called by the compiled loop, _fast_loop.c) */
PyObject *fast_sink_event_c(PyObject *sink, Py_ssize_t etype, PyObject *params, PyObject *eo, PyObject *resolver,
                            Py_ssize_t max_buf_len, Py_ssize_t n2022, int keep) {
    ArgSink *s = (ArgSink *)sink;
    EnterParts *enter;
    if (as_enter(eo, &enter) < 0) return NULL;
    int extra = enter && PyList_GET_SIZE(params) > n2022;
    const obuf *text;
    int k = fast_render_event(etype, params, resolver, max_buf_len, extra ? enter : NULL, &s->cur, &text);
    if (k < 0) return NULL;
    if (k > 0) Py_RETURN_NONE;
    Py_ssize_t tn = text ? text->n : 0;
    if (commit(s, tn ? text->d : "", tn, enter, s->cur.buffer) < 0) return NULL;
    return added(s, keep);
}

/* add(text, names, values, raws, buffer, enter: EnterParts | None, keep) -> EnterParts (keep) | True:
 * an event the Python code rendered (``text`` without the trailing space) */
static PyObject *sink_add(ArgSink *s, PyObject *args) {
    PyObject *text, *names, *values, *raws, *buffer, *eo;
    int keep;
    EnterParts *enter;
    if (!PyArg_ParseTuple(args, "UOOOOOp", &text, &names, &values, &raws, &buffer, &eo, &keep) ||
        as_enter(eo, &enter) < 0)
        return NULL;
    sc_clear(&s->cur.names);
    sc_clear(&s->cur.vals);
    sc_clear(&s->cur.raws);
    int k = fill_parts(&s->cur.names, &s->cur.vals, &s->cur.raws, names, values, raws);
    if (k) {
        if (k > 0) PyErr_SetString(PyExc_ValueError, "ArgSink.add: lists of one length expected");
        return NULL;
    }
    Py_ssize_t tn;
    const char *tu = PyUnicode_AsUTF8AndSize(text, &tn);
    if (!tu) return NULL;
    if (commit(s, tu, tn, enter, buffer == Py_None ? NULL : buffer) < 0) return NULL;
    return added(s, keep);
}

static PyObject *bytes_of(const void *d, Py_ssize_t n) { return PyBytes_FromStringAndSize(d ? d : "", n); }

/* validity bitmap (Arrow: least significant bit first), or None when every entry is valid */
static PyObject *bitmap(const scol *c) {
    Py_ssize_t n = sc_len(c), nulls = 0;
    for (Py_ssize_t i = 0; i < n; i++) nulls += !c->valid.d[i];
    if (!nulls) Py_RETURN_NONE;
    PyObject *b = PyBytes_FromStringAndSize(NULL, (n + 7) / 8);
    if (!b) return NULL;
    unsigned char *d = (unsigned char *)PyBytes_AS_STRING(b);
    memset(d, 0, (n + 7) / 8);
    for (Py_ssize_t i = 0; i < n; i++)
        if (c->valid.d[i]) d[i >> 3] |= (unsigned char)(1u << (i & 7));
    return b;
}

static PyObject *col_parts(const scol *c) {
    /* (n, validity | None, int64 offsets, bytes) */
    Py_ssize_t n = sc_len(c);
    PyObject *v = bitmap(c);
    PyObject *o = bytes_of(c->off.d, (n + 1) * (Py_ssize_t)sizeof(int64_t));
    PyObject *d = bytes_of(c->data.d, c->data.n);
    PyObject *r = v && o && d ? Py_BuildValue("nOOO", n, v, o, d) : NULL;
    Py_XDECREF(v);
    Py_XDECREF(o);
    Py_XDECREF(d);
    return r;
}

static PyObject *offsets32(const ibuf *b) {
    PyObject *r = PyBytes_FromStringAndSize(NULL, b->n * 4);
    if (!r) return NULL;
    int32_t *d = (int32_t *)PyBytes_AS_STRING(r);
    for (Py_ssize_t i = 0; i < b->n; i++) {
        if (b->d[i] > INT32_MAX) {
            Py_DECREF(r);
            PyErr_SetString(PyExc_OverflowError, "ArgSink: too many argument entries in one batch");
            return NULL;
        }
        d[i] = (int32_t)b->d[i];
    }
    return r;
}

/* finish() -> (events, text, map_offsets, keys, map_values, map_raws, list_offsets, list_values, buffers);
 * each string column as (n, validity bitmap | None, int64 offsets, data); offsets as int32 bytes */
static PyObject *sink_finish(ArgSink *s, PyObject *unused) {
    PyObject *parts[8] = {col_parts(&s->text), offsets32(&s->map_off), col_parts(&s->keys), col_parts(&s->mvals),
                          col_parts(&s->mraws), offsets32(&s->list_off), col_parts(&s->lvals), col_parts(&s->bufs)};
    PyObject *r = NULL;
    int ok = 1;
    for (int i = 0; i < 8; i++) ok &= parts[i] != NULL;
    if (ok)
        r = Py_BuildValue("nOOOOOOOO", s->n, parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6],
                          parts[7]);
    for (int i = 0; i < 8; i++) Py_XDECREF(parts[i]);
    return r;
}

static PyObject *sink_len(ArgSink *s, PyObject *unused) { return PyLong_FromSsize_t(s->n); }

/* reset(): empty again for the next batch, keeping the memory its columns grew to */
static PyObject *sink_reset(ArgSink *s, PyObject *unused) {
    s->n = 0;
    sc_clear(&s->text);
    s->map_off.n = 1; /* the leading 0 */
    sc_clear(&s->keys);
    sc_clear(&s->mvals);
    sc_clear(&s->mraws);
    s->list_off.n = 1;
    sc_clear(&s->lvals);
    sc_clear(&s->bufs);
    Py_RETURN_NONE;
}

static PyMethodDef sink_methods[] = {
    {"event", (PyCFunction)sink_event, METH_VARARGS, "Render one event and add it; None: render it in Python."},
    {"add", (PyCFunction)sink_add, METH_VARARGS, "Add one event the Python code rendered."},
    {"finish", (PyCFunction)sink_finish, METH_NOARGS, "The columns' buffers."},
    {"count", (PyCFunction)sink_len, METH_NOARGS, "Events added."},
    {"reset", (PyCFunction)sink_reset, METH_NOARGS, "Empty the columns (their memory is kept for the next batch)."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject ArgSinkType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "analyzer.scap._fast.ArgSink",
    .tp_basicsize = sizeof(ArgSink),
    .tp_dealloc = (destructor)sink_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One batch's argument columns, filled event by event.",
    .tp_methods = sink_methods,
    .tp_new = sink_new,
};

int fast_sink_ready(PyObject *module) {
    if (PyType_Ready(&EnterPartsType) < 0 || PyType_Ready(&ArgSinkType) < 0 || PyType_Ready(&LoopType) < 0) return -1;
    if (PyModule_AddObjectRef(module, "Loop", (PyObject *)&LoopType) < 0) return -1;
    if (PyModule_AddObjectRef(module, "EnterParts", (PyObject *)&EnterPartsType) < 0) return -1;
    if (PyModule_AddObjectRef(module, "ArgSink", (PyObject *)&ArgSinkType) < 0) return -1;
    return 0;
}
