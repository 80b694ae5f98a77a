/* The state engine's per-event loop (analyzer.state.engine.StateEngine.process), compiled.
 *
 * For every event the engine pairs the enter with its exit, looks the fd up, runs the event's
 * parser if it has one, takes the thread's and fd's versions and renders the arguments. Loop.run
 * does all but the parsers, event after event, reading the Python objects of the engine (Thread,
 * FdInfo) through their slot offsets; parsers (open, socket, execve, ...) stay the engine's Python
 * methods, called from here (a close's is done here). It stops at the first event the Python loop
 * must process: an unknown thread, a thread whose main thread is not in the table, a clone exit,
 * container and context-switch events, and the other irregular cases listed in ``one_event``.
 * Versions still to be taken, the name of a failed call and arguments the compiled renderer
 * declines are done by calling the engine's own Python methods, as the Python loop does.
 *
 * The Python loop in engine.py is the reference: this file must do what it does for the events
 * it takes, in the same order.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

#include "_fast.h"

/* slot offsets of the engine's classes (loop_init) */
static PyTypeObject *thread_type, *fdinfo_type, *resolver_type;
static Py_ssize_t T_tid, T_pid, T_flags, T_fdtable, T_lev_type, T_lev_fd, T_last_enter, T_snap, T_enter_args;
static Py_ssize_t F_type, F_name, F_snap, F_connected, F_l4proto, F_role;
static PyObject *sock_chars[2][5]; /* "4t" "4u" "4i" "4r" "4", the same with 6 */
static Py_ssize_t R_e, R_t;
static PyObject *typechars; /* tuple: fd type -> its fd.typechar str (types past its end: "o") */
static PyObject *s_fdtable, *s_cur_fd, *s_dup, *s_tid_to_remove;
static PyObject *str_o, *str_empty, *s_thread_snap, *s_fd_snap, *s_creator_name, *s_threads, *s_idx, *s_fd_creator_name;
static int64_t clone_files;
static int loop_ready;

#define SLOT(o, off) (*(PyObject **)((char *)(o) + (off)))

static int slot_offset(PyTypeObject *type, const char *name, Py_ssize_t *off) {
    PyObject *d = PyDict_GetItemString(type->tp_dict, name);
    if (!d || !Py_IS_TYPE(d, &PyMemberDescr_Type)) {
        PyErr_Format(PyExc_TypeError, "loop_init: %s.%s is not a slot", type->tp_name, name);
        return -1;
    }
    PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
    if (m->type != T_OBJECT_EX) {
        PyErr_Format(PyExc_TypeError, "loop_init: %s.%s is not an object slot", type->tp_name, name);
        return -1;
    }
    *off = m->offset;
    return 0;
}

/* loop_init(Thread, FdInfo, LiveResolver, typechars: tuple[str, ...], clone_files: int) */
PyObject *fast_loop_init(PyObject *self, PyObject *args) {
    PyObject *tt, *ft, *rt, *tc;
    long long cf;
    if (!PyArg_ParseTuple(args, "O!O!O!O!L", &PyType_Type, &tt, &PyType_Type, &ft, &PyType_Type, &rt,
                          &PyTuple_Type, &tc, &cf))
        return NULL;
    thread_type = (PyTypeObject *)tt;
    fdinfo_type = (PyTypeObject *)ft;
    resolver_type = (PyTypeObject *)rt;
    if (slot_offset(thread_type, "tid", &T_tid) < 0 || slot_offset(thread_type, "pid", &T_pid) < 0 ||
        slot_offset(thread_type, "flags", &T_flags) < 0 || slot_offset(thread_type, "fdtable", &T_fdtable) < 0 ||
        slot_offset(thread_type, "lastevent_type", &T_lev_type) < 0 ||
        slot_offset(thread_type, "lastevent_fd", &T_lev_fd) < 0 ||
        slot_offset(thread_type, "last_enter", &T_last_enter) < 0 || slot_offset(thread_type, "snap", &T_snap) < 0 ||
        slot_offset(thread_type, "enter_args", &T_enter_args) < 0 || slot_offset(fdinfo_type, "type", &F_type) < 0 ||
        slot_offset(fdinfo_type, "name", &F_name) < 0 || slot_offset(fdinfo_type, "snap", &F_snap) < 0 ||
        slot_offset(fdinfo_type, "connected", &F_connected) < 0 || slot_offset(fdinfo_type, "l4proto", &F_l4proto) < 0 ||
        slot_offset(fdinfo_type, "role", &F_role) < 0 || slot_offset(resolver_type, "e", &R_e) < 0 ||
        slot_offset(resolver_type, "t", &R_t) < 0)
        return NULL;
    Py_INCREF(tt);
    Py_INCREF(ft);
    Py_INCREF(rt);
    Py_INCREF(tc);
    Py_XSETREF(typechars, tc);
    clone_files = cf;
    if (!str_o) {
        str_o = PyUnicode_InternFromString("o");
        str_empty = PyUnicode_New(0, 0);
        s_fdtable = PyUnicode_InternFromString("_fdtable");
        s_cur_fd = PyUnicode_InternFromString("_cur_fd");
        s_dup = PyUnicode_InternFromString("_dup");
        s_tid_to_remove = PyUnicode_InternFromString("_tid_to_remove");
        if (!s_fdtable || !s_cur_fd || !s_dup || !s_tid_to_remove) return NULL;
        s_thread_snap = PyUnicode_InternFromString("_thread_snap");
        s_fd_snap = PyUnicode_InternFromString("_fd_snap");
        s_creator_name = PyUnicode_InternFromString("_creator_name");
        s_threads = PyUnicode_InternFromString("threads");
        s_idx = PyUnicode_InternFromString("idx");
        s_fd_creator_name = PyUnicode_InternFromString("fd_creator_name");
        static const char *sc[2][5] = {{"4t", "4u", "4i", "4r", "4"}, {"6t", "6u", "6i", "6r", "6"}};
        for (int v = 0; v < 2; v++)
            for (int k = 0; k < 5; k++)
                if (!(sock_chars[v][k] = PyUnicode_InternFromString(sc[v][k]))) return NULL;
        if (!str_o || !str_empty || !s_thread_snap || !s_fd_snap || !s_creator_name || !s_threads || !s_idx || !s_fd_creator_name)
            return NULL;
    }
    loop_ready = 1;
    Py_RETURN_NONE;
}

/* a Python int slot as a C integer (an int-like value, e.g. a numpy integer, is taken too); -1 with
 * an error set when it is none */
static inline int get_i64(PyObject *o, int64_t *v) {
    if (!o) {
        PyErr_SetString(PyExc_ValueError, "fast loop: an int slot is unset");
        return -1;
    }
    if (PyLong_Check(o)) {
        *v = PyLong_AsLongLong(o);
    } else {
        PyObject *x = PyNumber_Index(o);
        if (!x) return -1;
        *v = PyLong_AsLongLong(x);
        Py_DECREF(x);
    }
    return (*v == -1 && PyErr_Occurred()) ? -1 : 0;
}

static inline void set_slot(PyObject *o, Py_ssize_t off, PyObject *v) { /* v: a new reference */
    PyObject *old = SLOT(o, off);
    SLOT(o, off) = v;
    Py_XDECREF(old);
}

static inline int fd_is_socket(int64_t t) { return t >= 3 && t <= 6; } /* IPv4/IPv6 (server) sockets */

/* -------------------------------------------------------------- the resolver's fd lookup
 * _LiveResolver.fd for the fds whose answer needs no Python: the thread's (or its process's) fd
 * table holds the fd, and it is not an IP socket (whose L4 letter the Python code works out).
 * Returns 1 found (new refs in *tc, *name), 0 not found, 2 "ask the Python method". */
int fast_resolver_fd(PyObject *resolver, int64_t fd, PyObject **tc, PyObject **name) {
    if (!loop_ready || !resolver_type || Py_TYPE(resolver) != resolver_type) return 2;
    PyObject *t = SLOT(resolver, R_t);
    if (!t || t == Py_None) return 0;
    if (Py_TYPE(t) != thread_type) return 2;
    PyObject *table = SLOT(t, T_fdtable);
    int64_t flags, tid, pid;
    if (get_i64(SLOT(t, T_flags), &flags) < 0 || get_i64(SLOT(t, T_tid), &tid) < 0 ||
        get_i64(SLOT(t, T_pid), &pid) < 0) {
        PyErr_Clear();
        return 2;
    }
    if ((flags & clone_files) && tid != pid) { /* the process's table, if the table holds its main thread */
        PyObject *e = SLOT(resolver, R_e);
        PyObject *threads = e ? PyObject_GetAttr(e, s_threads) : NULL;
        if (!threads) { PyErr_Clear(); return 2; }
        PyObject *main = PyDict_CheckExact(threads) ? PyDict_GetItemWithError(threads, SLOT(t, T_pid)) : NULL;
        Py_DECREF(threads);
        if (!main) {
            if (PyErr_Occurred()) PyErr_Clear();
            return 2;
        }
        if (Py_TYPE(main) != thread_type) return 2;
        table = SLOT(main, T_fdtable);
    }
    if (!table || !PyDict_CheckExact(table)) return 2;
    PyObject *key = PyLong_FromLongLong(fd);
    if (!key) { PyErr_Clear(); return 2; }
    PyObject *f = PyDict_GetItemWithError(table, key);
    Py_DECREF(key);
    if (!f) {
        if (PyErr_Occurred()) { PyErr_Clear(); return 2; }
        return 0;
    }
    if (Py_TYPE(f) != fdinfo_type) return 2;
    int64_t ft;
    if (get_i64(SLOT(f, F_type), &ft) < 0) { PyErr_Clear(); return 2; }
    if (ft < 0) return 2;
    PyObject *c = ft < PyTuple_GET_SIZE(typechars) ? PyTuple_GET_ITEM(typechars, ft) : str_o;
    if (fd_is_socket(ft)) { /* the type letter and the L4 one (engine.effective_l4, L4CHAR) */
        int64_t l4, role;
        if (get_i64(SLOT(f, F_l4proto), &l4) < 0 || get_i64(SLOT(f, F_role), &role) < 0) {
            PyErr_Clear();
            return 2;
        }
        if (ft == 3 || ft == 4) l4 = l4 == 5 ? 5 : role == 0 ? 0 : l4; /* a client/server socket */
        int v6 = ft == 4 || ft == 6;
        c = (l4 >= 2 && l4 <= 5) ? sock_chars[v6][l4 - 2] : sock_chars[v6][4];
    }
    PyObject *nm = SLOT(f, F_name);
    if (!nm) return 2;
    Py_INCREF(c);
    Py_INCREF(nm);
    *tc = c;
    *name = nm;
    return 1;
}

/* -------------------------------------------------------------- Loop */
typedef struct {
    PyObject_HEAD
    PyObject *engine, *batch, *data, *plist, *hidden, *sink, *resolver, *threads;
    PyObject *args_py, *tables_owner, *dispatch;
    Py_buffer b_type, b_tid, b_np, b_lo, b_dfl, b_data;
    Py_buffer b_tsnap, b_fsnap, b_fnum, b_nchg; /* the per-event outputs: int32, int32, int64, int8 arrays */
    int have_bufs, have_out;
    Py_ssize_t n, base, max_buf, ntypes, failed;
    const uint32_t *ev_flags; /* per event type: the EF_USES_FD, FD_FLAGS, EF_SKIPPARSERESET bits */
    const uint8_t *ev_kind;   /* per event type: bit 0 has a parser, 1 internal, 2 marks a socket connected */
    const int32_t *ev_n2022;  /* per event type: parameters of the 2022 table */
} Loop;

/* per event type bits of the ``flags`` table (built by the engine from its event table) */
#define EF_USES_FD 1u        /* EF_USES_FD */
#define FD_FLAGS 2u          /* any of EF_CREATES_FD, EF_USES_FD, EF_DESTROYS_FD */
#define EF_SKIPPARSERESET 4u /* EF_SKIPPARSERESET */

#define K_PARSER 1u
#define K_INTERNAL 2u
#define K_MARKS 4u
#define K_SPECIAL 8u /* looked up without parsing, or a made-up thread: the Python loop's */
#define K_CLOSE 16u  /* a close exit: its parser (engine._close_exit) is done here */

static void loop_dealloc(Loop *s) {
    if (s->have_bufs) {
        PyBuffer_Release(&s->b_type);
        PyBuffer_Release(&s->b_tid);
        PyBuffer_Release(&s->b_np);
        PyBuffer_Release(&s->b_lo);
        PyBuffer_Release(&s->b_dfl);
        PyBuffer_Release(&s->b_data);
    }
    Py_XDECREF(s->engine);
    Py_XDECREF(s->batch);
    Py_XDECREF(s->data);
    Py_XDECREF(s->plist);
    if (s->have_out & 1) PyBuffer_Release(&s->b_tsnap);
    if (s->have_out & 2) PyBuffer_Release(&s->b_fsnap);
    if (s->have_out & 4) PyBuffer_Release(&s->b_fnum);
    if (s->have_out & 8) PyBuffer_Release(&s->b_nchg);
    Py_XDECREF(s->hidden);
    Py_XDECREF(s->sink);
    Py_XDECREF(s->resolver);
    Py_XDECREF(s->threads);
    Py_XDECREF(s->args_py);
    Py_XDECREF(s->tables_owner);
    Py_XDECREF(s->dispatch);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

static int get_wbuf(PyObject *o, Py_buffer *b, Py_ssize_t itemsize, Py_ssize_t n, const char *what) {
    if (PyObject_GetBuffer(o, b, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) return -1;
    if (b->itemsize != itemsize || b->len != itemsize * n) {
        PyBuffer_Release(b);
        PyErr_Format(PyExc_ValueError, "Loop: output %s has the wrong item size or length", what);
        return -1;
    }
    return 0;
}

static int get_buf(PyObject *o, Py_buffer *b, Py_ssize_t itemsize, Py_ssize_t n, const char *what) {
    if (PyObject_GetBuffer(o, b, PyBUF_C_CONTIGUOUS) < 0) return -1;
    if (itemsize && (b->itemsize != itemsize || b->len < itemsize * n)) {
        PyBuffer_Release(b);
        PyErr_Format(PyExc_ValueError, "Loop: column %s has the wrong item size or length", what);
        return -1;
    }
    return 0;
}

/* Loop(engine, batch, types u16, tids i64, nparams u32, lens_off i64, dflags u32, data, plist,
 *      tsnap, fsnap, fnum, nchg, hidden: lists, base, sink, resolver, threads, args_py,
 *      tables: (flags u32 bytes, kinds u8 bytes, n2022 i32 bytes), dispatch: {event type: parser}) */
static PyObject *loop_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
    PyObject *engine, *batch, *ty, *ti, *np_, *lo, *dfl, *data, *plist, *tsnap, *fsnap, *fnum, *nchg, *hidden;
    PyObject *sink, *resolver, *threads, *args_py, *tables, *dispatch;
    Py_ssize_t base, max_buf;
    if (!loop_ready) {
        PyErr_SetString(PyExc_RuntimeError, "Loop: loop_init was not called");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "OOOOOOOOO!OOOOO!nnOOO!OO!O!", &engine, &batch, &ty, &ti, &np_, &lo, &dfl, &data,
                          &PyList_Type, &plist, &tsnap, &fsnap, &fnum, &nchg, &PyList_Type, &hidden, &base, &max_buf, &sink, &resolver,
                          &PyDict_Type, &threads, &args_py, &PyTuple_Type, &tables, &PyDict_Type, &dispatch))
        return NULL;
    if (!PyObject_TypeCheck(sink, &ArgSinkType)) {
        PyErr_SetString(PyExc_TypeError, "Loop: sink must be an ArgSink");
        return NULL;
    }
    if (PyTuple_GET_SIZE(tables) != 3 || !PyBytes_Check(PyTuple_GET_ITEM(tables, 0)) ||
        !PyBytes_Check(PyTuple_GET_ITEM(tables, 1)) || !PyBytes_Check(PyTuple_GET_ITEM(tables, 2))) {
        PyErr_SetString(PyExc_TypeError, "Loop: tables must be three bytes objects");
        return NULL;
    }
    Py_ssize_t ntypes = PyBytes_GET_SIZE(PyTuple_GET_ITEM(tables, 1));
    if (PyBytes_GET_SIZE(PyTuple_GET_ITEM(tables, 0)) != 4 * ntypes ||
        PyBytes_GET_SIZE(PyTuple_GET_ITEM(tables, 2)) != 4 * ntypes) {
        PyErr_SetString(PyExc_ValueError, "Loop: the per-type tables differ in length");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(plist);
    Loop *s = (Loop *)type->tp_alloc(type, 0);
    if (!s) return NULL;
    if (get_wbuf(tsnap, &s->b_tsnap, 4, n, "tsnap") < 0) goto fail;
    s->have_out |= 1;
    if (get_wbuf(fsnap, &s->b_fsnap, 4, n, "fsnap") < 0) goto fail;
    s->have_out |= 2;
    if (get_wbuf(fnum, &s->b_fnum, 8, n, "fnum") < 0) goto fail;
    s->have_out |= 4;
    if (get_wbuf(nchg, &s->b_nchg, 1, n, "nchg") < 0) goto fail;
    s->have_out |= 8;
    if (get_buf(ty, &s->b_type, 2, n, "type") < 0) goto fail;
    if (get_buf(ti, &s->b_tid, 8, n, "tid") < 0) { PyBuffer_Release(&s->b_type); goto fail; }
    if (get_buf(np_, &s->b_np, 4, n, "nparams") < 0) {
        PyBuffer_Release(&s->b_type);
        PyBuffer_Release(&s->b_tid);
        goto fail;
    }
    if (get_buf(lo, &s->b_lo, 8, n, "lens_off") < 0) {
        PyBuffer_Release(&s->b_type);
        PyBuffer_Release(&s->b_tid);
        PyBuffer_Release(&s->b_np);
        goto fail;
    }
    if (get_buf(dfl, &s->b_dfl, 4, n, "dflags") < 0) {
        PyBuffer_Release(&s->b_type);
        PyBuffer_Release(&s->b_tid);
        PyBuffer_Release(&s->b_np);
        PyBuffer_Release(&s->b_lo);
        goto fail;
    }
    if (get_buf(data, &s->b_data, 0, 0, "data") < 0) {
        PyBuffer_Release(&s->b_type);
        PyBuffer_Release(&s->b_tid);
        PyBuffer_Release(&s->b_np);
        PyBuffer_Release(&s->b_lo);
        PyBuffer_Release(&s->b_dfl);
        goto fail;
    }
    s->have_bufs = 1;
#define KEEP(field, v) do { Py_INCREF(v); s->field = (v); } while (0)
    KEEP(engine, engine);
    KEEP(batch, batch);
    KEEP(data, data);
    KEEP(plist, plist);
    KEEP(hidden, hidden);
    KEEP(sink, sink);
    KEEP(resolver, resolver);
    KEEP(threads, threads);
    KEEP(args_py, args_py);
    KEEP(tables_owner, tables);
    KEEP(dispatch, dispatch);
#undef KEEP
    s->n = n;
    s->base = base;
    s->max_buf = max_buf;
    s->ntypes = ntypes;
    s->failed = -1;
    s->ev_flags = (const uint32_t *)PyBytes_AS_STRING(PyTuple_GET_ITEM(tables, 0));
    s->ev_kind = (const uint8_t *)PyBytes_AS_STRING(PyTuple_GET_ITEM(tables, 1));
    s->ev_n2022 = (const int32_t *)PyBytes_AS_STRING(PyTuple_GET_ITEM(tables, 2));
    return (PyObject *)s;
fail:
    Py_DECREF(s);
    return NULL;
}

/* set engine.idx (what the engine's methods read as the current event) */
static int set_idx(Loop *s, Py_ssize_t i) {
    PyObject *v = PyLong_FromSsize_t(s->base + i);
    if (!v) return -1;
    int r = PyObject_SetAttr(s->engine, s_idx, v);
    Py_DECREF(v);
    return r;
}

/* the per-event outputs */
#define TSNAP(s) ((int32_t *)(s)->b_tsnap.buf)
#define FSNAP(s) ((int32_t *)(s)->b_fsnap.buf)
#define FNUM(s) ((int64_t *)(s)->b_fnum.buf)
#define NCHG(s) ((int8_t *)(s)->b_nchg.buf)

/* a version number a method returned (a new reference, released here) stored as int32 */
static int put_version(int32_t *out, Py_ssize_t i, PyObject *v) {
    if (!v) return -1;
    int64_t x;
    int r = get_i64(v, &x);
    Py_DECREF(v);
    if (r < 0) return -1;
    if (x < INT32_MIN || x > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "fast loop: a version number past int32");
        return -1;
    }
    out[i] = (int32_t)x;
    return 0;
}

/* the signed value of a parameter as engine._int reads it */
static int64_t param_int(PyObject *b) {
    const unsigned char *p = (const unsigned char *)PyBytes_AS_STRING(b);
    Py_ssize_t k = PyBytes_GET_SIZE(b);
    if (k == 8) { int64_t v; memcpy(&v, p, 8); return v; }
    if (k == 4) { int32_t v; memcpy(&v, p, 4); return v; }
    if (k == 2) { int16_t v; memcpy(&v, p, 2); return v; }
    if (k == 1) return p[0];
    return 0;
}

/* the fd table a thread's fds are in (engine._fdtable): its own, or its process's when it shares it
 * (CLONE_FILES); a missing main thread is made up by the engine's method. New reference. */
static PyObject *fd_table_of(Loop *s, PyObject *t) {
    int64_t flags, tid, pid;
    if (get_i64(SLOT(t, T_flags), &flags) < 0 || get_i64(SLOT(t, T_tid), &tid) < 0 ||
        get_i64(SLOT(t, T_pid), &pid) < 0)
        return NULL;
    PyObject *tbl = SLOT(t, T_fdtable);
    if ((flags & clone_files) && tid != pid) {
        PyObject *main = PyDict_GetItemWithError(s->threads, SLOT(t, T_pid));
        if (!main) {
            if (PyErr_Occurred()) return NULL;
            return PyObject_CallMethodOneArg(s->engine, s_fdtable, t);
        }
        if (Py_TYPE(main) != thread_type) return PyObject_CallMethodOneArg(s->engine, s_fdtable, t);
        tbl = SLOT(main, T_fdtable);
    }
    if (!tbl || !PyDict_CheckExact(tbl)) {
        PyErr_SetString(PyExc_TypeError, "fast loop: an fd table is not a dict");
        return NULL;
    }
    Py_INCREF(tbl);
    return tbl;
}

/* engine.out.fd_creator_name[event] = engine._creator_name(batch, i, et, t): the name of a failed
 * fd-creating call. 0 ok, -1 error. */
static int creator_name(Loop *s, Py_ssize_t i, int et, PyObject *t) {
    if (set_idx(s, i) < 0) return -1;
    PyObject *iv = PyLong_FromSsize_t(i), *ev = PyLong_FromLong(et);
    PyObject *name = (iv && ev) ? PyObject_CallMethodObjArgs(s->engine, s_creator_name, s->batch, iv, ev, t, NULL)
                                : NULL;
    Py_XDECREF(iv);
    Py_XDECREF(ev);
    if (!name) return -1;
    PyObject *out = PyObject_GetAttrString(s->engine, "out");
    PyObject *dn = out ? PyObject_GetAttr(out, s_fd_creator_name) : NULL;
    PyObject *k = dn ? PyLong_FromSsize_t(s->base + i) : NULL;
    int r = k ? PyObject_SetItem(dn, k, name) : -1;
    Py_XDECREF(out);
    Py_XDECREF(dn);
    Py_XDECREF(k);
    Py_DECREF(name);
    return r;
}

/* an engine attribute as a new reference (None when it is None) */
static PyObject *engine_attr(Loop *s, PyObject *name) { return PyObject_GetAttr(s->engine, name); }

/* Process event i unless the Python loop must: 1 done, 2 done and the run must stop after it (a
 * thread waits for removal), 0 left to the Python loop (nothing changed), -1 error. */
static int one_event(Loop *s, Py_ssize_t i) {
    const uint16_t et = ((const uint16_t *)s->b_type.buf)[i];
    if (et >= s->ntypes) return 0;
    const uint8_t kind = s->ev_kind[et];
    const uint32_t fl = s->ev_flags[et];
    if (kind & K_SPECIAL || fl & EF_SKIPPARSERESET) return 0;
    PyObject *handler = NULL; /* borrowed: the event's parser */
    if (kind & K_PARSER) {
        PyObject *ek = PyLong_FromLong(et);
        if (!ek) return -1;
        handler = PyDict_GetItemWithError(s->dispatch, ek);
        Py_DECREF(ek);
        if (!handler) return PyErr_Occurred() ? -1 : 0;
    }
    PyObject *params = PyList_GET_ITEM(s->plist, i);
    if (params == Py_None || !PyList_CheckExact(params)) return 0;
    const int64_t tidv = ((const int64_t *)s->b_tid.buf)[i];
    PyObject *tidk = PyLong_FromLongLong(tidv);
    if (!tidk) return -1;
    PyObject *t = PyDict_GetItemWithError(s->threads, tidk);
    if (!t) {
        Py_DECREF(tidk);
        return PyErr_Occurred() ? -1 : 0;
    }
    if (Py_TYPE(t) != thread_type) {
        Py_DECREF(tidk);
        return 0;
    }
    int64_t flags, tid, pid, lt;
    if (get_i64(SLOT(t, T_flags), &flags) < 0 || get_i64(SLOT(t, T_tid), &tid) < 0 ||
        get_i64(SLOT(t, T_pid), &pid) < 0 || get_i64(SLOT(t, T_lev_type), &lt) < 0) {
        Py_DECREF(tidk);
        return -1;
    }
    PyObject *tbl = SLOT(t, T_fdtable);
    if ((flags & clone_files) && tid != pid) { /* the process's fd table: the Python code makes a missing main up */
        PyObject *main = PyDict_GetItemWithError(s->threads, SLOT(t, T_pid));
        if (!main || Py_TYPE(main) != thread_type) {
            Py_DECREF(tidk);
            return PyErr_Occurred() ? -1 : 0;
        }
        tbl = SLOT(main, T_fdtable);
    }
    if (!tbl || !PyDict_CheckExact(tbl)) {
        Py_DECREF(tidk);
        return 0;
    }
    const int is_exit = et & 1;
    const uint32_t np = ((const uint32_t *)s->b_np.buf)[i];
    const int paired = is_exit && (et == lt + 1 || (et == 293 && lt == 330));
    int64_t enter_fd = 0;
    const int enter_uses_fd = !is_exit && (fl & EF_USES_FD) && np > 0;
    int ours = 1;
    if (is_exit && (fl & EF_USES_FD)) {
        if (paired && et == 333) ours = 0;                      /* copy_file_range: two fds */
        if (!paired && (int64_t)np > s->ev_n2022[et]) ours = 0; /* the fd is on the exit */
    }
    if ((kind & K_CLOSE) && PyList_GET_SIZE(params) < 1) ours = 0; /* the Python code names the error */
    int64_t connect_fd = 0; /* a connect exit's first value (as the Python loop reads it) */
    if (et == 23 && np > 0) {
        int64_t at = ((const int64_t *)s->b_lo.buf)[i] + 2 * (int64_t)np;
        if (at < 0 || at + 8 > s->b_data.len)
            ours = 0;
        else
            memcpy(&connect_fd, (const char *)s->b_data.buf + at, 8);
    }
    if (enter_uses_fd) { /* the first value, after the 2-byte lengths (read as the Python loop reads it) */
        int64_t at = ((const int64_t *)s->b_lo.buf)[i] + 2 * (int64_t)np;
        if (at < 0 || at + 8 > s->b_data.len)
            ours = 0;
        else
            memcpy(&enter_fd, (const char *)s->b_data.buf + at, 8);
    }
    if (!ours) {
        Py_DECREF(tidk);
        return 0;
    }

    /* ---- from here on the event is ours: the same steps as the Python loop */
    int stop = 0, rc = -1; /* rc: what the event's end (err:, also reached on success) returns */
    PyObject *cur = NULL, *f0 = NULL, *dup = NULL, *n0 = NULL, *tblref = NULL, *fdn_ref = NULL; /* new refs */
    Py_INCREF(t);                                                  /* a parser may take it out of the table */
    const uint32_t dfl = ((const uint32_t *)s->b_dfl.buf)[i];
    if ((dfl & 1) || (kind & K_INTERNAL)) {
        PyObject *iv = PyLong_FromSsize_t(i);
        if (!iv || PyList_Append(s->hidden, iv) < 0) { Py_XDECREF(iv); goto err; }
        Py_DECREF(iv);
    }
    if (!is_exit) {
        PyObject *v = PyLong_FromLong(et);
        if (!v) goto err;
        set_slot(t, T_lev_type, v);
        lt = et;
        set_slot(t, T_lev_fd, PyLong_FromLong(-1));
        Py_INCREF(params);
        set_slot(t, T_last_enter, params);
        if (enter_uses_fd) {
            PyObject *fo = PyLong_FromLongLong(enter_fd);
            if (!fo) goto err;
            set_slot(t, T_lev_fd, fo);
            cur = PyDict_GetItemWithError(tbl, fo);
            if (!cur && PyErr_Occurred()) goto err;
        }
    } else if (paired) {
        if (fl & EF_USES_FD) {
            cur = PyDict_GetItemWithError(tbl, SLOT(t, T_lev_fd));
            if (!cur && PyErr_Occurred()) goto err;
        }
    } else {
        Py_INCREF(Py_None);
        set_slot(t, T_last_enter, Py_None);
        set_slot(t, T_lev_fd, PyLong_FromLong(-1));
    }
    Py_XINCREF(cur); /* held, as engine._cur_fd holds it: a close takes it out of its table */
    if (cur && Py_TYPE(cur) != fdinfo_type) {
        PyErr_SetString(PyExc_TypeError, "fast loop: an fd table holds something else");
        goto err;
    }
    if ((kind & K_CLOSE) && cur && param_int(PyList_GET_ITEM(params, 0)) >= 0) {
        /* a successful close removes the fd (if the table still holds that one): engine._close_exit */
        PyObject *fdk = SLOT(t, T_lev_fd);
        PyObject *held = PyDict_GetItemWithError(tbl, fdk);
        if (!held && PyErr_Occurred()) goto err;
        if (held == cur && PyDict_DelItem(tbl, fdk) < 0) goto err;
    }
    f0 = cur; /* the fd when the event began (held: only compared, a parser may drop it) */
    Py_XINCREF(f0);
    if (f0) {
        n0 = SLOT(f0, F_name);
        Py_XINCREF(n0);
    }

    if (handler) { /* the parser, with the engine as the Python loop leaves it */
        PyObject *iv = PyLong_FromSsize_t(i);
        if (!iv) goto err;
        if (set_idx(s, i) < 0 || PyObject_SetAttr(s->engine, s_cur_fd, cur ? cur : Py_None) < 0 ||
            PyObject_SetAttr(s->engine, s_dup, Py_None) < 0) {
            Py_DECREF(iv);
            goto err;
        }
        PyObject *r = PyObject_CallFunctionObjArgs(handler, s->batch, iv, t, NULL);
        Py_DECREF(iv);
        if (!r) goto err;
        Py_DECREF(r);
        PyObject *t2 = PyDict_GetItemWithError(s->threads, tidk); /* threads.get(tid) or t */
        if (!t2 && PyErr_Occurred()) goto err;
        if (t2 && t2 != t) {
            if (Py_TYPE(t2) != thread_type) {
                PyErr_SetString(PyExc_TypeError, "fast loop: the thread table holds something else");
                goto err;
            }
            Py_INCREF(t2);
            Py_SETREF(t, t2);
        }
        PyObject *c = engine_attr(s, s_cur_fd);
        if (!c) goto err;
        Py_XSETREF(cur, c == Py_None ? NULL : c);
        if (c == Py_None) Py_DECREF(c);
        if (cur && Py_TYPE(cur) != fdinfo_type) {
            PyErr_SetString(PyExc_TypeError, "fast loop: engine._cur_fd holds something else");
            goto err;
        }
        PyObject *d = engine_attr(s, s_dup);
        if (!d) goto err;
        if (d == Py_None)
            Py_DECREF(d);
        else
            dup = d;
        PyObject *rm = engine_attr(s, s_tid_to_remove);
        if (!rm) goto err;
        stop = rm != Py_None; /* removed when the next event is read: the Python loop does it */
        Py_DECREF(rm);
        if (get_i64(SLOT(t, T_lev_type), &lt) < 0) goto err;
    }

    /* the thread's version */
    int64_t snap;
    if (get_i64(SLOT(t, T_snap), &snap) < 0) goto err;
    if (snap >= 0 && snap <= INT32_MAX) {
        TSNAP(s)[i] = (int32_t)snap;
    } else {
        if (set_idx(s, i) < 0 || put_version(TSNAP(s), i, PyObject_CallMethodOneArg(s->engine, s_thread_snap, t)) < 0)
            goto err;
    }

    if (fl & FD_FLAGS) {
        PyObject *fdn = SLOT(t, T_lev_fd); /* held below while the engine's methods run */
        int64_t fdnv;
        if (get_i64(fdn, &fdnv) < 0) goto err;
        Py_INCREF(fdn);
        Py_XSETREF(fdn_ref, fdn);
        FNUM(s)[i] = fdnv;
        PyObject *f = cur; /* borrowed from cur, or a new reference below */
        int f_owned = 0;
        if (!f && fdnv != -1) {
            if (handler) {
                tblref = fd_table_of(s, t); /* the parser may have changed the thread */
                if (!tblref) goto err;
            }
            f = PyDict_GetItemWithError(tblref ? tblref : tbl, fdn);
            if (!f && PyErr_Occurred()) goto err;
            if (f && Py_TYPE(f) != fdinfo_type) {
                PyErr_SetString(PyExc_TypeError, "fast loop: an fd table holds something else");
                goto err;
            }
            if (f) {
                Py_INCREF(f);
                f_owned = 1;
            }
        }
        if (f) {
            int frc = 0;
            if ((kind & K_MARKS) && f == cur && SLOT(f, F_connected) == Py_False) {
                int64_t ft;
                if (get_i64(SLOT(f, F_type), &ft) < 0) frc = -1;
                else if ((ft == 3 || ft == 4) && PyList_GET_SIZE(params) > 0 &&
                         param_int(PyList_GET_ITEM(params, 0)) >= 0) {
                    /* a successful read or write: a connected socket */
                    Py_INCREF(Py_True);
                    set_slot(f, F_connected, Py_True);
                    set_slot(f, F_snap, PyLong_FromLong(-1));
                }
            }
            int64_t fs;
            if (frc == 0 && get_i64(SLOT(f, F_snap), &fs) < 0) frc = -1;
            if (frc == 0 && fs >= 0 && fs <= INT32_MAX) {
                FSNAP(s)[i] = (int32_t)fs;
            } else if (frc == 0) {
                int64_t ff, ftid, fpid;
                PyObject *owner = NULL, *fv = NULL;
                if (set_idx(s, i) == 0 && get_i64(SLOT(t, T_flags), &ff) == 0 && get_i64(SLOT(t, T_tid), &ftid) == 0 &&
                    get_i64(SLOT(t, T_pid), &fpid) == 0 &&
                    (owner = PyLong_FromLongLong((ff & clone_files) && ftid != fpid ? fpid : ftid)))
                    fv = PyObject_CallMethodObjArgs(s->engine, s_fd_snap, f, fdn, owner, NULL);
                Py_XDECREF(owner);
                if (put_version(FSNAP(s), i, fv) < 0) frc = -1;
            }
            if (frc == 0) {
                /* libsinsp compares with the name the fd had when the event began: a new fd had none,
                 * a dup's copy took its soufrce's */
                PyObject *nm = SLOT(f, F_name);
                int ne = f == f0 ? PyObject_RichCompareBool(nm, n0 ? n0 : Py_None, Py_NE)
                         : f == dup ? 0
                                    : PyObject_RichCompareBool(nm, str_empty, Py_NE);
                if (ne < 0)
                    frc = -1;
                else
                    NCHG(s)[i] = (int8_t)ne;
            }
            /* a failed connect names the address it tried */
            if (frc == 0 && et == 23 && connect_fd < 0 && creator_name(s, i, et, t) < 0) frc = -1;
            if (f_owned) Py_DECREF(f);
            if (frc < 0) goto err;
        } else if (is_exit) {
            if (creator_name(s, i, et, t) < 0) goto err;
        }
    }

    /* the arguments, with the enter event's parameters an exit completes */
    Py_INCREF(t);
    set_slot(s->resolver, R_t, t);
    PyObject *enter = Py_None;
    if (is_exit) {
        PyObject *ea = SLOT(t, T_enter_args), *le = SLOT(t, T_last_enter);
        if (ea && ea != Py_None && le && le != Py_None && (et == lt + 1 || (et == 293 && lt == 330))) enter = ea;
    }
    const int keep = !is_exit && lt == et; /* an enter its exit takes the parameters of */
    Py_INCREF(enter);
    PyObject *kept = fast_sink_event_c(s->sink, et, params, enter, s->resolver, s->max_buf, s->ev_n2022[et], keep);
    if (kept == Py_None) {
        Py_DECREF(kept);
        kept = NULL;
        PyObject *ev = NULL;
        if (set_idx(s, i) == 0 && (ev = PyLong_FromLong(et)))
            kept = PyObject_CallFunctionObjArgs(s->args_py, s->engine, ev, params, s->resolver, enter,
                                                keep ? Py_True : Py_False, NULL);
        Py_XDECREF(ev);
    }
    Py_DECREF(enter);
    if (!kept) goto err;
    if (keep)
        set_slot(t, T_enter_args, kept);
    else
        Py_DECREF(kept);
    rc = stop ? 2 : 1;
err:
    Py_XDECREF(n0);
    Py_XDECREF(f0);
    Py_XDECREF(cur);
    Py_XDECREF(dup);
    Py_XDECREF(tblref);
    Py_XDECREF(fdn_ref);
    Py_DECREF(t);
    Py_DECREF(tidk);
    return rc;
}

/* run(i) -> the index of the first event from i on that the Python loop must process (n: none) */
static PyObject *loop_run(Loop *s, PyObject *arg) {
    Py_ssize_t i = PyLong_AsSsize_t(arg);
    if (i == -1 && PyErr_Occurred()) return NULL;
    /* a thread waiting for removal, or container events at the start: the Python loop's */
    PyObject *rm = PyObject_GetAttrString(s->engine, "_tid_to_remove");
    if (!rm) return NULL;
    int pending = rm != Py_None;
    Py_DECREF(rm);
    PyObject *st = PyObject_GetAttrString(s->engine, "_started");
    if (!st) return NULL;
    int started = PyObject_IsTrue(st);
    Py_DECREF(st);
    if (started < 0) return NULL;
    if (pending || !started) return PyLong_FromSsize_t(i);
    for (; i < s->n; i++) {
        int r = one_event(s, i);
        if (r < 0) {
            s->failed = i;
            return NULL;
        }
        if (r == 0) break;
        if (r == 2) { /* a thread waits for removal: the Python loop removes it at the next event */
            i++;
            break;
        }
    }
    return PyLong_FromSsize_t(i);
}

static PyObject *loop_failed(Loop *s, void *unused) { return PyLong_FromSsize_t(s->failed); }

static PyMethodDef loop_methods[] = {
    {"run", (PyCFunction)loop_run, METH_O, "Process the events from index i on; the first index left to the Python loop."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef loop_getset[] = {
    {"failed", (getter)loop_failed, NULL, "index of the event whose processing raised (-1: none)", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject LoopType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "analyzer.scap._fast.Loop",
    .tp_basicsize = sizeof(Loop),
    .tp_dealloc = (destructor)loop_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The state engine's compiled loop over one batch.",
    .tp_methods = loop_methods,
    .tp_getset = loop_getset,
    .tp_new = loop_new,
};
