/* Shared declarations of the analyzer.scap._fast extension. */
#ifndef SCAPKIT_FAST_H
#define SCAPKIT_FAST_H
#include <Python.h>
#include <stdint.h>
#include <string.h>

PyObject *fast_render_init(PyObject *self, PyObject *args);

/* ------------------------------------------------------------------ growable buffers */
typedef struct {
    char *d;
    Py_ssize_t n, cap;
} obuf;

static inline int ob_grow(obuf *o, Py_ssize_t extra) {
    if (o->n + extra <= o->cap) return 0;
    Py_ssize_t cap = o->cap ? o->cap : 1024;
    while (cap < o->n + extra) cap *= 2;
    char *d = PyMem_Realloc(o->d, cap);
    if (!d) { PyErr_NoMemory(); return -1; }
    o->d = d;
    o->cap = cap;
    return 0;
}
static inline int ob_put(obuf *o, const char *s, Py_ssize_t k) {
    if (ob_grow(o, k) < 0) return -1;
    if (k) memcpy(o->d + o->n, s, k);
    o->n += k;
    return 0;
}
static inline int ob_str(obuf *o, const char *s) { return ob_put(o, s, (Py_ssize_t)strlen(s)); }
static inline int ob_chr(obuf *o, char c) { return ob_put(o, &c, 1); }
static inline void ob_free(obuf *o) { PyMem_Free(o->d); o->d = NULL; o->n = o->cap = 0; }

typedef struct {
    int64_t *d;
    Py_ssize_t n, cap;
} ibuf;

static inline int ib_push(ibuf *b, int64_t v) {
    if (b->n == b->cap) {
        Py_ssize_t cap = b->cap ? b->cap * 2 : 256;
        int64_t *d = PyMem_Realloc(b->d, cap * sizeof(int64_t));
        if (!d) { PyErr_NoMemory(); return -1; }
        b->d = d;
        b->cap = cap;
    }
    b->d[b->n++] = v;
    return 0;
}
static inline void ib_free(ibuf *b) { PyMem_Free(b->d); b->d = NULL; b->n = b->cap = 0; }

/* A column of byte strings: offsets (starting at 0) into the bytes, and one validity byte
 * per entry (0: null). */
typedef struct {
    obuf data;
    ibuf off;
    obuf valid;
} scol;

static inline int sc_ready(scol *c) { return c->off.n ? 0 : ib_push(&c->off, 0); }
static inline Py_ssize_t sc_len(const scol *c) { return c->off.n ? c->off.n - 1 : 0; }
static inline int sc_add(scol *c, const char *s, Py_ssize_t k, int valid) {
    if (sc_ready(c) < 0 || ob_put(&c->data, s, k) < 0 || ob_chr(&c->valid, valid ? 1 : 0) < 0) return -1;
    return ib_push(&c->off, c->data.n);
}
static inline const char *sc_at(const scol *c, Py_ssize_t i, Py_ssize_t *k) {
    *k = c->off.d[i + 1] - c->off.d[i];
    return c->data.d ? c->data.d + c->off.d[i] : "";
}
static inline int sc_valid(const scol *c, Py_ssize_t i) { return c->valid.d[i] != 0; }
static inline void sc_clear(scol *c) { c->data.n = 0; c->valid.n = 0; c->off.n = c->off.n ? 1 : 0; }
static inline void sc_free(scol *c) { ob_free(&c->data); ob_free(&c->valid); ib_free(&c->off); }

/* The parameters of one rendered event, in order: names, evt.arg values, evt.rawarg texts
 * (null: no value), and the event's data byte buffer (borrowed from its parameter list). */
typedef struct {
    scol names, vals, raws;
    PyObject *buffer;
} evparts;

/* The rendered parameters of an enter event, kept on its thread until the exit merges them. */
typedef struct {
    PyObject_HEAD
    scol names, vals, raws;
} EnterParts;

extern PyTypeObject EnterPartsType;
extern PyTypeObject ArgSinkType;

/* _fast_render.c: render one event into *parts (cleared first) and its evt.args text into
 * *text (NULL when the event type shows no text). ``known``: the enter event's parameters,
 * reused for the extra exit parameters of current drivers. 0 ok, 1 render it in Python, -1 error. */
int fast_render_event(Py_ssize_t etype, PyObject *params, PyObject *resolver, Py_ssize_t max_buf_len,
                      const EnterParts *known, evparts *parts, const obuf **text);
/* _fast_sink.c */
EnterParts *enter_parts_from(const evparts *p);
int fast_sink_ready(PyObject *module);
/* event() of an ArgSink with C arguments: EnterParts (keep) | True, None (render it in Python), NULL error */
PyObject *fast_sink_event_c(PyObject *sink, Py_ssize_t etype, PyObject *params, PyObject *enter, PyObject *resolver,
                            Py_ssize_t max_buf_len, Py_ssize_t n2022, int keep);
/* _fast_loop.c */
extern PyTypeObject LoopType;
PyObject *fast_loop_init(PyObject *self, PyObject *args);
/* _LiveResolver.fd answered from the engine's objects: 1 found (new refs), 0 none, 2 ask the method */
int fast_resolver_fd(PyObject *resolver, int64_t fd, PyObject **tc, PyObject **name);
/* the entries as a list of str (None for nulls) */
PyObject *scol_strings(const scol *c);

#endif
