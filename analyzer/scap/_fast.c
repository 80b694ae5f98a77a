/* Compiled inner loops of the scap reader (built by the package's own setup.py).
 *
 * scan_events: walk a run of V2 event blocks in a buffer and fill the batch columns.
 * split_params: cut the parameter values of every event of a batch into bytes objects.
 * render_init: the tables of the evt.args renderer (_fast_render.c), which ArgSink drives.
 * ArgSink / EnterParts: per-batch argument columns, filled while rendering (_fast_sink.c).
 * Loop / loop_init: the state engine's loop over the events that change no state (_fast_loop.c).
 *
 * Both stop (or leave a None) wherever something is irregular, so the Python code that
 * owns the error messages handles that block or event itself.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_fast.h"

#define EV_V2 0x216u
#define EVF_V2 0x217u
#define EV_V2_LARGE 0x221u
#define EVF_V2_LARGE 0x222u
#define READER_BUF_SIZE 65536u

static inline uint16_t rd16(const unsigned char *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

typedef struct {
    Py_buffer b;
    int ok;
} wbuf;

static int get_w(PyObject *o, wbuf *w, Py_ssize_t itemsize, Py_ssize_t need, const char *what) {
    w->ok = 0;
    if (PyObject_GetBuffer(o, &w->b, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) < 0) return -1;
    w->ok = 1;
    if (w->b.len < itemsize * need) {
        PyErr_Format(PyExc_ValueError, "scan_events: output column %s too small", what);
        return -1;
    }
    return 0;
}

static int get_r(PyObject *o, Py_buffer *b) {
    return PyObject_GetBuffer(o, b, PyBUF_C_CONTIGUOUS);
}

/* scan_events(buf, pos, count, max_events, base, nmax, skipped: dict,
 *             rec, ts, tid, evlen, type, nparams, lens_off, cpu, dflags, file_off) -> (count, pos)
 * Columns are writable buffers (numpy arrays of the batch dtypes) of max_events items;
 * rows are written from index ``count``. Stops before the first block that is not a
 * complete, regular V2 event block (the caller deals with it) or when max_events is reached.
 */
static PyObject *scan_events(PyObject *self, PyObject *args) {
    PyObject *bufo, *skipped;
    Py_ssize_t pos, count, maxev, base, nmax;
    PyObject *cols[10];
    if (!PyArg_ParseTuple(args, "OnnnnnO!OOOOOOOOOO", &bufo, &pos, &count, &maxev, &base, &nmax,
                          &PyDict_Type, &skipped, &cols[0], &cols[1], &cols[2], &cols[3], &cols[4],
                          &cols[5], &cols[6], &cols[7], &cols[8], &cols[9]))
        return NULL;
    static const Py_ssize_t sizes[10] = {8, 8, 8, 4, 2, 4, 8, 2, 4, 8};
    static const char *names[10] = {"rec", "ts", "tid", "evlen", "type", "nparams", "lens_off", "cpu",
                                    "dflags", "file_off"};
    Py_buffer in;
    wbuf w[10];
    int i;
    for (i = 0; i < 10; i++) w[i].ok = 0;
    if (get_r(bufo, &in) < 0) return NULL;
    PyObject *result = NULL;
    for (i = 0; i < 10; i++)
        if (get_w(cols[i], &w[i], sizes[i], maxev, names[i]) < 0) goto done;
    {
        const unsigned char *buf = (const unsigned char *)in.buf;
        Py_ssize_t blen = in.len;
        int64_t *o_rec = (int64_t *)w[0].b.buf;
        uint64_t *o_ts = (uint64_t *)w[1].b.buf;
        int64_t *o_tid = (int64_t *)w[2].b.buf;
        uint32_t *o_len = (uint32_t *)w[3].b.buf;
        uint16_t *o_type = (uint16_t *)w[4].b.buf;
        uint32_t *o_np = (uint32_t *)w[5].b.buf;
        int64_t *o_lo = (int64_t *)w[6].b.buf;
        uint16_t *o_cpu = (uint16_t *)w[7].b.buf;
        uint32_t *o_fl = (uint32_t *)w[8].b.buf;
        int64_t *o_fo = (int64_t *)w[9].b.buf;
        while (count < maxev) {
            if (pos + 8 > blen) break;
            uint32_t bt = rd32(buf + pos), bl = rd32(buf + pos + 4);
            if (bt != EV_V2 && bt != EVF_V2 && bt != EV_V2_LARGE && bt != EVF_V2_LARGE) break;
            if (bl < 12 || bl % 4) break;
            if (bl - 8 > READER_BUF_SIZE && bt != EV_V2_LARGE && bt != EVF_V2_LARGE) break;
            if (pos + (Py_ssize_t)bl > blen) break;
            if (rd32(buf + pos + bl - 4) != bl) break; /* a bad trailer: the Python code names it */
            uint16_t cpu = rd16(buf + pos + 8);
            uint32_t dfl = 0;
            Py_ssize_t r;
            if (bt == EVF_V2 || bt == EVF_V2_LARGE) {
                dfl = rd32(buf + pos + 10);
                r = pos + 14;
            } else {
                r = pos + 10;
            }
            if (r + 26 > pos + (Py_ssize_t)bl) break;
            uint64_t ts = rd64(buf + r), tid = rd64(buf + r + 8);
            uint32_t ln = rd32(buf + r + 16);
            uint16_t et = rd16(buf + r + 20);
            uint32_t npar = rd32(buf + r + 22);
            if ((Py_ssize_t)ln > (Py_ssize_t)bl - (r - pos) || ln < 26) break;
            if ((Py_ssize_t)et >= nmax) {
                PyObject *k = PyLong_FromLong(et);
                if (!k) goto done;
                PyObject *old = PyDict_GetItemWithError(skipped, k);
                if (!old && PyErr_Occurred()) { Py_DECREF(k); goto done; }
                long v = old ? PyLong_AsLong(old) : 0;
                PyObject *nv = PyLong_FromLong(v + 1);
                if (!nv || PyDict_SetItem(skipped, k, nv) < 0) { Py_XDECREF(nv); Py_DECREF(k); goto done; }
                Py_DECREF(nv);
                Py_DECREF(k);
                pos += bl;
                continue;
            }
            o_rec[count] = r;
            o_ts[count] = ts;
            o_tid[count] = (int64_t)tid;
            o_len[count] = ln;
            o_type[count] = et;
            o_np[count] = npar;
            o_lo[count] = r + 26;
            o_cpu[count] = cpu;
            o_fl[count] = dfl;
            o_fo[count] = base + pos;
            pos += bl;
            count++;
        }
        result = Py_BuildValue("nn", count, pos);
    }
done:
    for (i = 0; i < 10; i++)
        if (w[i].ok) PyBuffer_Release(&w[i].b);
    PyBuffer_Release(&in);
    return result;
}

/* split_params(data, rec, evlen, lens_off, nparams, type, large: bytes) -> list[list[bytes] | None]
 * None marks an event whose lengths do not fit (the caller's slow path reports it).
 */
static PyObject *split_params(PyObject *self, PyObject *args) {
    PyObject *objs[6];
    const unsigned char *large;
    Py_ssize_t nlarge;
    if (!PyArg_ParseTuple(args, "OOOOOOy#", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5],
                          &large, &nlarge))
        return NULL;
    Py_buffer b[6];
    int got = 0;
    PyObject *out = NULL;
    for (got = 0; got < 6; got++)
        if (get_r(objs[got], &b[got]) < 0) goto done;
    {
        const unsigned char *data = (const unsigned char *)b[0].buf;
        Py_ssize_t dlen = b[0].len;
        const int64_t *rec = (const int64_t *)b[1].buf;
        const uint32_t *evlen = (const uint32_t *)b[2].buf;
        const int64_t *lo = (const int64_t *)b[3].buf;
        const uint32_t *np = (const uint32_t *)b[4].buf;
        const uint16_t *type = (const uint16_t *)b[5].buf;
        Py_ssize_t n = b[1].len / 8;
        if (b[2].len / 4 < n || b[3].len / 8 < n || b[4].len / 4 < n || b[5].len / 2 < n) {
            PyErr_SetString(PyExc_ValueError, "split_params: column lengths differ");
            goto done;
        }
        out = PyList_New(n);
        if (!out) goto done;
        for (Py_ssize_t i = 0; i < n; i++) {
            uint16_t t = type[i];
            int lg = t < nlarge && large[t];
            Py_ssize_t w = lg ? 4 : 2;
            Py_ssize_t cnt = np[i];
            Py_ssize_t l0 = lo[i];
            Py_ssize_t end = rec[i] + (Py_ssize_t)evlen[i] - ((l0 - rec[i]) == 26 ? 0 : 4);
            Py_ssize_t p = l0 + w * cnt;
            PyObject *lst = NULL;
            if (l0 < 0 || p > dlen || end > dlen) goto bad;
            lst = PyList_New(cnt);
            if (!lst) goto fail;
            for (Py_ssize_t k = 0; k < cnt; k++) {
                Py_ssize_t ln = lg ? (Py_ssize_t)rd32(data + l0 + 4 * k) : (Py_ssize_t)rd16(data + l0 + 2 * k);
                if (p + ln > end) {
                    Py_DECREF(lst);
                    goto bad;
                }
                PyObject *v = PyBytes_FromStringAndSize((const char *)data + p, ln);
                if (!v) { Py_DECREF(lst); goto fail; }
                PyList_SET_ITEM(lst, k, v);
                p += ln;
            }
            PyList_SET_ITEM(out, i, lst);
            continue;
        bad:
            Py_INCREF(Py_None);
            PyList_SET_ITEM(out, i, Py_None);
        }
        goto done;
    fail:
        Py_CLEAR(out);
    }
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(&b[k]);
    return out;
}

static PyMethodDef methods[] = {
    {"scan_events", scan_events, METH_VARARGS, "Fill batch columns from a run of V2 event blocks."},
    {"split_params", split_params, METH_VARARGS, "Parameter values of every event of a batch."},
    {"render_init", fast_render_init, METH_VARARGS, "Load the renderer's tables (once per process)."},
    {"loop_init", fast_loop_init, METH_VARARGS, "Tell the state engine's compiled loop its classes (once per process)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_fast", "Compiled scap decoding loops.", -1, methods};

PyMODINIT_FUNC PyInit__fast(void) {
    PyObject *m = PyModule_Create(&moddef);
    if (m && fast_sink_ready(m) < 0) Py_CLEAR(m);
    return m;
}
