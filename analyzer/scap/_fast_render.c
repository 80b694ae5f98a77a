/* Compiled renderer of evt.args (part of analyzer.scap._fast).
 *
 * Mirrors render.render_parts_py for the parameter types that make up nearly every event;
 * fast_render_event is driven by ArgSink (_fast_sink.c). Whenever an event holds something it
 * does not cover (dynamic parameters, relative paths, non-ASCII strings, HEAD-only types,
 * unusual resolver answers) it reports FALLBACK and the Python renderer, which stays the
 * reference, renders that event.
 * Tables come from render.py through render_init(), so there is one source of truth.
 * The text buffers are per thread: resolver callbacks run Python code, which may let another
 * thread render meanwhile.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "_fast.h"

enum {
    PT_INT8 = 1, PT_INT16 = 2, PT_INT32 = 3, PT_INT64 = 4, PT_UINT8 = 5, PT_UINT16 = 6, PT_UINT32 = 7,
    PT_UINT64 = 8, PT_CHARBUF = 9, PT_BYTEBUF = 10, PT_ERRNO = 11, PT_SOCKADDR = 12, PT_SOCKTUPLE = 13,
    PT_FD = 14, PT_PID = 15, PT_FDLIST = 16, PT_FSPATH = 17, PT_SYSCALLID = 18, PT_SIGTYPE = 19,
    PT_RELTIME = 20, PT_ABSTIME = 21, PT_DYN = 27, PT_FLAGS8 = 28, PT_FLAGS16 = 29, PT_FLAGS32 = 30,
    PT_UID = 31, PT_GID = 32, PT_SIGSET = 34, PT_CHARBUFARRAY = 35, PT_CHARBUF_PAIR_ARRAY = 36,
    PT_MODE = 42, PT_FSRELPATH = 43, PT_ENUMFLAGS8 = 44, PT_ENUMFLAGS16 = 45, PT_ENUMFLAGS32 = 46,
    PT_FD32 = 47, PT_PID32 = 48,
};
enum { PF_HEX = 2, PF_10_PADDED_DEC = 3, PF_OCT = 6 };
#define PPM_AT_FDCWD (-100)

typedef struct {
    Py_ssize_t n;
    uint64_t *vals;
    const char **names;
} flagtab;

typedef struct {
    const char *name;
    int ptype;
    int fmt;
    int dirfd; /* PT_FSRELPATH: index of its PT_FD dirfd parameter, else -1 (resolve against cwd) */
    int rules2022; /* render with sysdig 0.29.3's rules (else HEAD's) */
    flagtab flags;
    int rawsign; /* evt.rawarg of a 64-bit value: 1 signed, 0 unsigned, -1 as its own type (render.py _rawarg_sign) */
} pspec;

typedef struct {
    int known;   /* 0: render as "" */
    int is2022;
    int notext;  /* generic syscall events: no evt.args text, but parameter values */
    Py_ssize_t n;    /* parameters of the table entry (those evt.args shows) */
    Py_ssize_t ntot; /* plus the HEAD parameters current drivers append to the exit */
    pspec *p;
} espec;

static espec *specs = NULL;
static Py_ssize_t nspecs = 0;
static PyObject *keep = NULL; /* owns every str the tables point into */
static const char *errno_names[1024];
static const char *signal_names[64];
static const char **syscall_names = NULL;
static Py_ssize_t nsyscalls = 0, sc_max_2022 = 0;
static PyObject *s_fd, *s_pid_comm, *s_user_name, *s_group_name, *s_cwd;

/* ------------------------------------------------------------------ output buffer */
static int ob_fmt(obuf *o, const char *fmt, ...) {
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0 || k >= (int)sizeof tmp) { PyErr_SetString(PyExc_ValueError, "format overflow"); return -1; }
    return ob_put(o, tmp, k);
}

/* decimal and hexadecimal text of integers without printf (the hot path formats millions) */
static int ob_u64(obuf *o, uint64_t v) {
    char tmp[24];
    int i = sizeof tmp;
    do { tmp[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    return ob_put(o, tmp + i, (Py_ssize_t)sizeof tmp - i);
}
static int ob_i64(obuf *o, int64_t v) {
    if (v >= 0) return ob_u64(o, (uint64_t)v);
    if (ob_chr(o, '-') < 0) return -1;
    return ob_u64(o, (uint64_t)0 - (uint64_t)v);
}
static int ob_hex(obuf *o, uint64_t v, const char *digits) {
    char tmp[16];
    int i = sizeof tmp;
    do { tmp[--i] = digits[v & 15]; v >>= 4; } while (v);
    return ob_put(o, tmp + i, (Py_ssize_t)sizeof tmp - i);
}

static int ob_port_arrow(obuf *o, unsigned port) {
    return ob_chr(o, ':') < 0 || ob_u64(o, port) < 0 ? -1 : ob_put(o, "->", 2);
}

static _Thread_local obuf out_buf = {NULL, 0, 0};
static _Thread_local obuf val_buf = {NULL, 0, 0}; /* value of the current parameter */
static _Thread_local obuf res_buf = {NULL, 0, 0}; /* resolved text of the current parameter */
static _Thread_local obuf prev_buf = {NULL, 0, 0};

/* ------------------------------------------------------------------ helpers */
#define FALLBACK 1 /* render this event in Python */
#define ERROR (-1)
#define FOUND 2 /* lookup_fd: the fd is in the table */

static int printable(unsigned char c) { return c >= 0x20 && c <= 0x7E; }

static Py_ssize_t cstrlen(const unsigned char *r, Py_ssize_t n) {
    const unsigned char *z = memchr(r, 0, n);
    return z ? z - r : n;
}

static int put_sanitized(obuf *o, const unsigned char *r, Py_ssize_t n) {
    if (ob_grow(o, n) < 0) return ERROR;
    for (Py_ssize_t i = 0; i < n; i++)
        if (printable(r[i])) o->d[o->n++] = (char)r[i];
    return 0;
}

/* little-endian integer of size bytes, short values zero-extended (render._le) */
static uint64_t le_u(const unsigned char *r, Py_ssize_t n, int size) {
    unsigned char b[8] = {0};
    memcpy(b, r, n < size ? n : size);
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; i--) v = (v << 8) | b[i];
    return v;
}
static int64_t le_s(const unsigned char *r, Py_ssize_t n, int size) {
    uint64_t v = le_u(r, n, size);
    if (size < 8 && (v >> (size * 8 - 1)) & 1) v |= ~(uint64_t)0 << (size * 8);
    return (int64_t)v;
}

static int fmt_number(obuf *o, int64_t v, int size, int fmt) {
    int bits = size == 8 ? 64 : 32;
    uint64_t u = (uint64_t)v & (bits == 64 ? ~(uint64_t)0 : 0xFFFFFFFFull);
    if (fmt == PF_HEX) return ob_hex(o, u, "0123456789ABCDEF");
    if (fmt == PF_OCT) return u ? ob_fmt(o, "0%llo", (unsigned long long)u) : ob_chr(o, '0');
    int64_t sv = bits == 64 ? (int64_t)u : (int64_t)(int32_t)(uint32_t)u;
    if (fmt == PF_10_PADDED_DEC) return ob_fmt(o, "%09lld", (long long)sv);
    return ob_i64(o, sv);
}

static const char *errno_name(int64_t value) {
    int32_t v32 = (int32_t)(uint32_t)((uint64_t)value & 0xFFFFFFFFull);
    int64_t e = -(int64_t)v32;
    if (e < 0 || e >= 1024 || !errno_names[e]) return "";
    return errno_names[e];
}

static int render_flags(obuf *o, uint64_t value, const flagtab *t, int rules_2022) {
    uint64_t initial = value, rest = value;
    int first = 1;
    for (Py_ssize_t i = 0; i < t->n; i++) {
        uint64_t fv = t->vals[i];
        if (rules_2022 && fv == initial) {
            if (!first && ob_chr(o, '|') < 0) return ERROR;
            return ob_str(o, t->names[i]);
        }
        if ((fv == 0 && initial == 0) || (fv != 0 && rest != 0 && (rest & fv) == fv)) {
            if (!first && ob_chr(o, '|') < 0) return ERROR;
            if (ob_str(o, t->names[i]) < 0) return ERROR;
            first = 0;
            rest &= ~fv;
            if (!rules_2022 && fv == initial) break;
        }
    }
    return 0;
}

/* an ASCII str returned by the resolver, appended; FALLBACK for anything else */
static int put_ascii_str(obuf *o, PyObject *s) {
    if (!PyUnicode_Check(s) || !PyUnicode_IS_ASCII(s)) return FALLBACK;
    return ob_put(o, (const char *)PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s));
}

static int put_ipv4(obuf *o, const unsigned char *r) {
    for (int i = 0; i < 4; i++)
        if ((i && ob_chr(o, '.') < 0) || ob_u64(o, r[i]) < 0) return -1;
    return 0;
}
static int put_ipv6(obuf *o, const unsigned char *r) {
    char tmp[INET6_ADDRSTRLEN];
    if (!inet_ntop(AF_INET6, r, tmp, sizeof tmp)) return FALLBACK;
    return ob_str(o, tmp);
}
static int v4_mapped(const unsigned char *r) {
    for (int i = 0; i < 10; i++)
        if (r[i]) return 0;
    if (r[10] == 0xFF && r[11] == 0xFF) return 1;
    for (int i = 10; i < 16; i++)
        if (r[i]) return 0;
    return 1;
}

/* resolver.fd(fd) -> FOUND (tc, name set, new refs), 0 not found, FALLBACK / ERROR */
static int lookup_fd(PyObject *resolver, int64_t fd, PyObject **tc, PyObject **name) {
    *tc = *name = NULL;
    if (resolver == Py_None) return 0;
    int c = fast_resolver_fd(resolver, fd, tc, name);
    if (c == 1) return FOUND;
    if (c == 0) return 0;
    PyObject *a = PyLong_FromLongLong(fd);
    if (!a) return ERROR;
    PyObject *r = PyObject_CallMethodOneArg(resolver, s_fd, a);
    Py_DECREF(a);
    if (!r) { PyErr_Clear(); return FALLBACK; }
    if (r == Py_None) { Py_DECREF(r); return 0; }
    if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 2) { Py_DECREF(r); return FALLBACK; }
    *tc = PyTuple_GET_ITEM(r, 0);
    *name = PyTuple_GET_ITEM(r, 1);
    Py_INCREF(*tc);
    Py_INCREF(*name);
    Py_DECREF(r);
    return FOUND;
}

static int render_fd(int64_t fd, PyObject *resolver) {
    if (ob_i64(&val_buf, fd) < 0) return ERROR;
    if (fd >= 0) {
        PyObject *tc, *name;
        int k = lookup_fd(resolver, fd, &tc, &name);
        if (k != FOUND) return k;
        int rc = FALLBACK;
        if (PyUnicode_Check(tc) && PyUnicode_IS_ASCII(tc) && PyUnicode_Check(name)) {
            PyObject *enc = PyUnicode_AsEncodedString(name, "utf-8", "surrogateescape");
            if (!enc) {
                PyErr_Clear();
            } else {
                rc = 0;
                if (ob_chr(&res_buf, '<') < 0 || put_ascii_str(&res_buf, tc) < 0 || ob_chr(&res_buf, '>') < 0 ||
                    put_sanitized(&res_buf, (const unsigned char *)PyBytes_AS_STRING(enc), PyBytes_GET_SIZE(enc)) < 0)
                    rc = ERROR;
                Py_DECREF(enc);
            }
        }
        Py_DECREF(tc);
        Py_DECREF(name);
        return rc;
    }
    if (fd == PPM_AT_FDCWD) return ob_str(&res_buf, "AT_FDCWD");
    return ob_str(&res_buf, errno_name(fd));
}

static int render_sockaddr(obuf *o, const unsigned char *r, Py_ssize_t n) {
    unsigned char fam = r[0];
    if (fam == 1) return put_sanitized(o, r + 1, cstrlen(r + 1, n - 1));
    if (fam == 2) {
        if (n != 7) return ob_str(o, "INVALID IPv4");
        if (put_ipv4(o, r + 1) < 0) return ERROR;
        return ob_chr(o, ':') < 0 ? ERROR : ob_u64(o, le_u(r + 5, 2, 2));
    }
    if (fam == 10) {
        if (n != 19) return ob_str(o, "INVALID IPv6");
        int k = put_ipv6(o, r + 1);
        if (k) return k;
        return ob_chr(o, ':') < 0 ? ERROR : ob_u64(o, le_u(r + 17, 2, 2));
    }
    return ob_fmt(o, "family %d", (int)(signed char)fam);
}

static int render_socktuple(obuf *o, const unsigned char *r, Py_ssize_t n) {
    unsigned char fam = r[0];
    if (fam == 2) {
        if (n != 13) return ob_str(o, "INVALID IPv4");
        if (put_ipv4(o, r + 1) < 0 || ob_port_arrow(o, (unsigned)le_u(r + 5, 2, 2)) < 0 ||
            put_ipv4(o, r + 7) < 0)
            return ERROR;
        return ob_chr(o, ':') < 0 ? ERROR : ob_u64(o, le_u(r + 11, 2, 2));
    }
    if (fam == 10) {
        if (n != 37) return ob_str(o, "INVALID IPv6");
        const unsigned char *sip = r + 1, *dip = r + 19;
        unsigned sport = (unsigned)le_u(r + 17, 2, 2), dport = (unsigned)le_u(r + 35, 2, 2);
        if (v4_mapped(sip) && v4_mapped(dip)) {
            if (put_ipv4(o, sip + 12) < 0 || ob_port_arrow(o, sport) < 0 || put_ipv4(o, dip + 12) < 0)
                return ERROR;
            return ob_chr(o, ':') < 0 ? ERROR : ob_u64(o, dport);
        }
        int k = put_ipv6(o, sip);
        if (k) return k;
        if (ob_port_arrow(o, sport) < 0) return ERROR;
        k = put_ipv6(o, dip);
        if (k) return k;
        return ob_chr(o, ':') < 0 ? ERROR : ob_u64(o, dport);
    }
    if (fam == 1) {
        Py_ssize_t a = n - 1 < 0 ? 0 : n - 1, b = n - 9 < 0 ? 0 : n - 9;
        uint64_t src = le_u(r + 1, a > 8 ? 8 : a, 8);
        uint64_t dst = n > 9 ? le_u(r + 9, b > 8 ? 8 : b, 8) : 0;
        if (ob_fmt(o, "%llx->%llx ", (unsigned long long)src, (unsigned long long)dst) < 0) return ERROR;
        if (n > 17) return put_sanitized(o, r + 17, cstrlen(r + 17, n - 17));
        return 0;
    }
    return ob_fmt(o, "family %d", (int)(signed char)fam);
}

static int render_fdlist(obuf *o, const unsigned char *r, Py_ssize_t n, PyObject *resolver) {
    if (n < 2) return 0;
    unsigned count = (unsigned)le_u(r, 2, 2);
    Py_ssize_t pos = 2;
    for (unsigned i = 0; i < count; i++) {
        if (pos + 10 > n) break;
        int64_t fd = (int64_t)le_u(r + pos, 8, 8);
        uint32_t pflags = (uint32_t)(int32_t)(int16_t)le_u(r + pos + 8, 2, 2);
        PyObject *tc, *name;
        int k = lookup_fd(resolver, fd, &tc, &name);
        if (k < 0 || k == FALLBACK) return k;
        char ch = '?';
        if (k == FOUND) {
            int bad = !PyUnicode_Check(tc) || !PyUnicode_IS_ASCII(tc);
            if (!bad && PyUnicode_GET_LENGTH(tc) > 0) ch = ((const char *)PyUnicode_DATA(tc))[0];
            Py_DECREF(tc);
            Py_DECREF(name);
            if (bad) return FALLBACK;
        }
        if (i && ob_chr(o, ' ') < 0) return ERROR;
        if (ob_fmt(o, "%llu:%c%x", (unsigned long long)(uint64_t)fd, ch, (unsigned)pflags) < 0) return ERROR;
        pos += 10;
    }
    return 0;
}

/* libsinsp's path folding (render._append_sanitized_path with base 0) on bytes */
static void rewind_path(obuf *t) {
    Py_ssize_t tc = t->n;
    if (tc <= 1) return;
    tc -= 1;
    while (tc >= 1 && t->d[tc - 1] != '/') tc--;
    t->n = tc;
}

static int append_sanitized_path(obuf *t, const unsigned char *p, Py_ssize_t n) {
#define AT(k) ((k) < n ? p[(k)] : 0)
    Py_ssize_t i = 0;
    if (ob_grow(t, n + 2) < 0) return ERROR;
    for (;;) {
        unsigned char c = AT(i);
        if (c == 0) {
            if (t->n > 1 && t->d[t->n - 1] == '/') t->n--;
            return 0;
        }
        if (!printable(c)) {
            t->d[t->n++] = '.';
            i++;
        } else if (c == '.' && AT(i + 1) == '.' && AT(i + 2) == '/') {
            rewind_path(t);
            i += 3;
        } else if (c == '.' && AT(i + 1) == '.') {
            if (AT(i + 2) == 0) {
                rewind_path(t);
            } else {
                t->d[t->n++] = '.';
                t->d[t->n++] = '.';
            }
            i += 2;
        } else if (c == '.' && AT(i + 1) == '/') {
            i += 2;
        } else if (c == '.') {
            if (AT(i + 1) != 0) t->d[t->n++] = '.';
            i++;
        } else if (c == '/') {
            if (!(t->n > 0 && t->d[t->n - 1] == '/')) t->d[t->n++] = '/';
            i++;
        } else {
            t->d[t->n++] = (char)c;
            i++;
        }
    }
#undef AT
}

/* resolved text of a relative path: base directory (cwd, or the dirfd's name + "/") joined with it */
static int resolve_relative(const pspec *ps, PyObject *params, const unsigned char *path, Py_ssize_t k,
                            PyObject *resolver) {
    PyObject *cwd = PyObject_CallMethodNoArgs(resolver, s_cwd);
    if (!cwd) { PyErr_Clear(); return FALLBACK; }
    if (cwd == Py_None) { Py_DECREF(cwd); return 0; }
    if (!PyUnicode_Check(cwd) || !PyUnicode_IS_ASCII(cwd)) { Py_DECREF(cwd); return FALLBACK; }
    int rc = 0;
    int use_cwd = 1;
    if (ps->dirfd >= 0 && ps->dirfd < PyList_GET_SIZE(params)) {
        PyObject *dr = PyList_GET_ITEM(params, ps->dirfd);
        if (!PyBytes_Check(dr)) { Py_DECREF(cwd); return FALLBACK; }
        if (PyBytes_GET_SIZE(dr) >= 8) {
            int64_t dirfd = le_s((const unsigned char *)PyBytes_AS_STRING(dr), 8, 8);
            if (dirfd != PPM_AT_FDCWD) {
                use_cwd = 0;
                PyObject *tc, *name;
                int f = lookup_fd(resolver, dirfd, &tc, &name);
                if (f == FOUND) {
                    if (!PyUnicode_Check(name)) {
                        rc = FALLBACK;
                    } else if (PyUnicode_GET_LENGTH(name) > 0) {
                        PyObject *enc = PyUnicode_AsEncodedString(name, "utf-8", "surrogateescape");
                        if (!enc) {
                            PyErr_Clear();
                            rc = FALLBACK;
                        } else {
                            if (put_sanitized(&res_buf, (const unsigned char *)PyBytes_AS_STRING(enc),
                                              PyBytes_GET_SIZE(enc)) < 0 || ob_chr(&res_buf, '/') < 0)
                                rc = ERROR;
                            Py_DECREF(enc);
                        }
                    }
                    Py_DECREF(tc);
                    Py_DECREF(name);
                } else if (f != 0) {
                    rc = f;
                }
            }
        }
    }
    if (rc == 0 && use_cwd && ob_put(&res_buf, (const char *)PyUnicode_DATA(cwd), PyUnicode_GET_LENGTH(cwd)) < 0)
        rc = ERROR;
    Py_DECREF(cwd);
    if (rc) return rc;
    return append_sanitized_path(&res_buf, path, k);
}

static int empty_value(int ptype, int rules_2022) {
    obuf *o = &val_buf;
    if (ptype == PT_SOCKADDR || ptype == PT_SOCKTUPLE) return ob_str(o, "NULL");
    if (rules_2022) {
        if (ptype == PT_BYTEBUF || ptype == PT_FDLIST) return 0;
        if (ptype == PT_FSPATH || ptype == PT_FSRELPATH) return ob_put(o, prev_buf.d ? prev_buf.d : "", prev_buf.n);
        return ob_str(o, "<NA>");
    }
    if (ptype == PT_BYTEBUF || ptype == PT_FDLIST || ptype == PT_CHARBUFARRAY || ptype == PT_CHARBUF_PAIR_ARRAY ||
        ptype == PT_DYN)
        return ob_str(o, "NULL");
    return ob_str(o, "<NA>");
}

static int int_type(int ptype, int *size, int *sign) {
    switch (ptype) {
    case PT_INT8: *size = 1; *sign = 1; return 1;
    case PT_INT16: *size = 2; *sign = 1; return 1;
    case PT_INT32: *size = 4; *sign = 1; return 1;
    case PT_INT64: *size = 8; *sign = 1; return 1;
    case PT_UINT8: *size = 1; *sign = 0; return 1;
    case PT_UINT16: *size = 2; *sign = 0; return 1;
    case PT_UINT32: *size = 4; *sign = 0; return 1;
    case PT_UINT64: *size = 8; *sign = 0; return 1;
    }
    return 0;
}

/* value into val_buf, resolved text into res_buf; 0 ok, FALLBACK, ERROR */
static int render_value(const pspec *ps, const unsigned char *r, Py_ssize_t n, PyObject *resolver, int rules_2022,
                        Py_ssize_t max_buf_len, PyObject *params) {
    int ptype = ps->ptype, size, sign;
    obuf *v = &val_buf, *res = &res_buf;
    if (n == 0) {
        if (ptype == PT_DYN) return ob_str(v, rules_2022 ? "INVALID DYNAMIC PARAMETER" : "NULL");
        return empty_value(ptype, rules_2022);
    }
    if (int_type(ptype, &size, &sign))
        return fmt_number(v, sign ? le_s(r, n, size) : (int64_t)le_u(r, n, size), size, ps->fmt);
    switch (ptype) {
    case PT_ERRNO: {
        int64_t x = le_s(r, n, 8);
        if (ob_i64(v, (int64_t)x) < 0) return ERROR;
        return x < 0 ? ob_str(res, errno_name(x)) : 0;
    }
    case PT_FD:
    case PT_FD32:
        return render_fd(le_s(r, n, ptype == PT_FD ? 8 : 4), resolver);
    case PT_PID:
    case PT_PID32: {
        int64_t pid = le_s(r, n, ptype == PT_PID ? 8 : 4);
        if (ob_i64(v, (int64_t)pid) < 0) return ERROR;
        if (resolver == Py_None) return 0;
        PyObject *a = PyLong_FromLongLong(pid);
        if (!a) return ERROR;
        PyObject *c = PyObject_CallMethodOneArg(resolver, s_pid_comm, a);
        Py_DECREF(a);
        if (!c) { PyErr_Clear(); return FALLBACK; }
        int k = 0;
        if (c != Py_None) k = put_ascii_str(res, c);
        Py_DECREF(c);
        return k;
    }
    case PT_CHARBUF: {
        Py_ssize_t k = cstrlen(r, n);
        for (Py_ssize_t i = 0; i < k; i++)
            if (r[i] >= 0x80) return FALLBACK;
        return ob_put(v, (const char *)r, k);
    }
    case PT_FSPATH:
    case PT_FSRELPATH: {
        Py_ssize_t k = cstrlen(r, n);
        if (put_sanitized(v, r, k) < 0) return ERROR;
        if (resolver == Py_None || (n >= 4 && memcmp(r, "<NA>", 4) == 0)) return 0;
        if (k > 0 && r[0] == '/') return 0; /* absolute: nothing to resolve (an empty path is relative) */
        return resolve_relative(ps, params, r, k, resolver);
    }
    case PT_BYTEBUF: {
        Py_ssize_t k = n;
        int cut = 0;
        if (max_buf_len && n > max_buf_len) {
            k = max_buf_len > 3 ? max_buf_len - 3 : max_buf_len;
            cut = max_buf_len > 3;
        }
        if (ob_grow(v, k + 3) < 0) return ERROR;
        for (Py_ssize_t i = 0; i < k; i++) v->d[v->n++] = printable(r[i]) ? (char)r[i] : '.';
        return cut ? ob_put(v, "...", 3) : 0;
    }
    case PT_SOCKADDR:
        return render_sockaddr(v, r, n);
    case PT_SOCKTUPLE:
        return render_socktuple(v, r, n);
    case PT_FDLIST:
        return render_fdlist(v, r, n, resolver);
    case PT_SYSCALLID: {
        unsigned scid = (unsigned)le_u(r, n, 2);
        Py_ssize_t limit = rules_2022 ? sc_max_2022 : nsyscalls;
        if ((Py_ssize_t)scid >= limit) return ob_str(v, "<unknown syscall>");
        if (ob_u64(v, scid) < 0) return ERROR;
        return ob_str(res, syscall_names[scid]);
    }
    case PT_SIGTYPE: {
        unsigned sig = r[0];
        if (ob_u64(v, sig) < 0) return ERROR;
        return ob_str(res, sig < 64 && signal_names[sig] ? signal_names[sig] : "");
    }
    case PT_RELTIME: {
        uint64_t x = le_u(r, n, 8);
        if (x == ~(uint64_t)0) return ob_str(v, "none");
        if (ob_u64(v, (uint64_t)x) < 0) return ERROR;
        char *g = PyOS_double_to_string((double)x / 1e9, 'g', 6, 0, NULL);
        if (!g) return ERROR;
        int rc = ob_str(res, g) < 0 || ob_chr(res, 's') < 0 ? ERROR : 0;
        PyMem_Free(g);
        return rc;
    }
    case PT_FLAGS8:
    case PT_FLAGS16:
    case PT_FLAGS32: {
        int sz = ptype == PT_FLAGS8 ? 1 : ptype == PT_FLAGS16 ? 2 : 4;
        uint64_t x = le_u(r, n, sz);
        if (ob_u64(v, (uint64_t)x) < 0) return ERROR;
        return render_flags(res, x, &ps->flags, rules_2022);
    }
    case PT_ENUMFLAGS8:
    case PT_ENUMFLAGS16:
    case PT_ENUMFLAGS32: {
        int sz = ptype == PT_ENUMFLAGS8 ? 1 : ptype == PT_ENUMFLAGS16 ? 2 : 4;
        uint64_t x = le_u(r, n, sz);
        if (ob_u64(v, (uint64_t)x) < 0) return ERROR;
        int first = 1;
        for (Py_ssize_t i = 0; i < ps->flags.n; i++) {
            if (ps->flags.vals[i] != x) continue;
            if (!first && ob_chr(res, '|') < 0) return ERROR;
            if (ob_str(res, ps->flags.names[i]) < 0) return ERROR;
            first = 0;
        }
        return 0;
    }
    case PT_MODE: {
        uint64_t x = le_u(r, n, 4);
        if (fmt_number(v, (int64_t)x, 4, ps->fmt) < 0) return ERROR;
        return render_flags(res, x, &ps->flags, 1);
    }
    case PT_UID:
    case PT_GID: {
        uint64_t x = le_u(r, n, 4);
        if (x == 0xFFFFFFFFull) {
            if (ob_str(v, "-1") < 0) return ERROR;
            return ob_str(res, "<NONE>");
        }
        if (ob_i64(v, (int32_t)(uint32_t)x) < 0) return ERROR;
        PyObject *name = NULL;
        if (resolver != Py_None) {
            PyObject *getter = PyObject_GetAttr(resolver, ptype == PT_UID ? s_user_name : s_group_name);
            if (!getter) {
                if (!PyErr_ExceptionMatches(PyExc_AttributeError)) { PyErr_Clear(); return FALLBACK; }
                PyErr_Clear();
            } else {
                PyObject *a = PyLong_FromUnsignedLongLong(x);
                if (!a) { Py_DECREF(getter); return ERROR; }
                name = PyObject_CallOneArg(getter, a);
                Py_DECREF(a);
                Py_DECREF(getter);
                if (!name) { PyErr_Clear(); return FALLBACK; }
            }
        }
        int k;
        if (name && name != Py_None && PyObject_IsTrue(name)) k = put_ascii_str(res, name);
        else k = ob_str(res, "<NA>");
        Py_XDECREF(name);
        return k;
    }
    case PT_SIGSET: {
        uint64_t x = le_u(r, n, 4);
        int first = 1;
        for (int s = 0; s < 32; s++) {
            if (!((x >> s) & 1) || s + 1 >= 64 || !signal_names[s + 1]) continue;
            if (!first && ob_chr(v, ' ') < 0) return ERROR;
            if (ob_str(v, signal_names[s + 1]) < 0) return ERROR;
            first = 0;
        }
        return 0;
    }
    case PT_ABSTIME: {
        if (rules_2022) return ob_str(v, "INVALID DYNAMIC PARAMETER");
        /* render._render_abstime: UTC date and time, nanoseconds, "+0000" */
        uint64_t ns = le_u(r, n, 8);
        time_t sec = (time_t)(ns / 1000000000ull);
        struct tm tm;
        char tbuf[64];
        if (!gmtime_r(&sec, &tm) || !strftime(tbuf, sizeof tbuf, "%Y-%m-%d %H:%M:%S", &tm)) return FALLBACK;
        if (ob_str(v, tbuf) < 0) return ERROR;
        return ob_fmt(v, ".%09llu +0000", (unsigned long long)(ns % 1000000000ull));
    }
    case PT_CHARBUFARRAY:
    case PT_CHARBUF_PAIR_ARRAY:
        return 0;
    case PT_DYN:
        return FALLBACK;
    }
    if (rules_2022) return ob_str(v, "(n.a.)");
    return FALLBACK;
}

/* evt.rawarg text of one parameter (numbers in decimal, strings up to the NUL, buffers dotted,
 * addresses as rendered without state) into raw_buf; *isnull for an empty value.
 * 0 ok, FALLBACK (hand the event to Python), ERROR. */
static _Thread_local obuf raw_buf = {NULL, 0, 0};

static int raw_into(const pspec *ps, const unsigned char *r, Py_ssize_t n, int *isnull) {
    obuf *o = &raw_buf;
    int ptype = ps->ptype, size = 0, sign = 0, k = 0;
    o->n = 0;
    *isnull = n == 0;
    if (n == 0) return 0;
    if (!int_type(ptype, &size, &sign)) {
        switch (ptype) {
        case PT_ERRNO: case PT_FD: case PT_PID: size = 8; sign = 1; break;
        case PT_FD32: case PT_PID32: size = 4; sign = 1; break;
        case PT_RELTIME: case PT_ABSTIME: size = 8; break;
        case PT_FLAGS8: case PT_ENUMFLAGS8: case PT_SIGTYPE: case 23 /* L4PROTO */: case 24 /* SOCKFAMILY */:
            size = 1; break;
        case PT_FLAGS16: case PT_ENUMFLAGS16: case PT_SYSCALLID: case 22 /* PORT */: size = 2; break;
        case PT_FLAGS32: case PT_ENUMFLAGS32: case PT_UID: case PT_GID: case PT_MODE: case 25 /* BOOL */:
        case PT_SIGSET: size = 4; break;
        }
    }
    if (size == 8 && ps->rawsign >= 0) sign = ps->rawsign;
    if (size) {
        if (sign) k = ob_i64(o, le_s(r, n, size));
        else k = ob_u64(o, le_u(r, n, size));
    } else if (ptype == PT_CHARBUF || ptype == PT_FSPATH || ptype == PT_FSRELPATH) {
        Py_ssize_t c = cstrlen(r, n);
        for (Py_ssize_t i = 0; i < c; i++)
            if (r[i] >= 0x80) return FALLBACK;
        k = ob_put(o, (const char *)r, c);
    } else if (ptype == PT_SOCKADDR) {
        k = render_sockaddr(o, r, n);
    } else if (ptype == PT_SOCKTUPLE) {
        k = render_socktuple(o, r, n);
    } else if (ptype == PT_FDLIST) {
        k = render_fdlist(o, r, n, Py_None);
    } else if (ptype == PT_DYN || ptype == 26 || ptype == 38 || ptype == 40 || ptype == 33) {
        return FALLBACK; /* dynamic parameters, IP addresses, doubles: Python */
    } else {
        /* byte buffers and anything without a typed value: the bytes, dotted */
        if (ob_grow(o, n) < 0) return ERROR;
        for (Py_ssize_t i = 0; i < n; i++) o->d[o->n++] = printable(r[i]) ? (char)r[i] : '.';
    }
    return k;
}

/* one parameter's name, evt.arg value (the resolved text when there is one) and evt.rawarg */
static int add_part(evparts *parts, const pspec *ps, PyObject *raw, const unsigned char *r, Py_ssize_t rn,
                    int first_buffer) {
    const obuf *shown = res_buf.n ? &res_buf : &val_buf;
    int isnull;
    int k = raw_into(ps, r, rn, &isnull);
    if (k) return k;
    if (sc_add(&parts->names, ps->name, (Py_ssize_t)strlen(ps->name), 1) < 0 ||
        sc_add(&parts->vals, shown->d, shown->n, 1) < 0 || sc_add(&parts->raws, raw_buf.d, raw_buf.n, !isnull) < 0)
        return ERROR;
    if (ps->ptype == PT_BYTEBUF && strcmp(ps->name, "data") == 0 && !(first_buffer && parts->buffer))
        parts->buffer = raw;
    return 0;
}

/* the last parameter of a name in the enter event's parameters, or -1 */
static Py_ssize_t known_index(const EnterParts *known, const char *name) {
    Py_ssize_t nl = (Py_ssize_t)strlen(name), k;
    for (Py_ssize_t j = sc_len(&known->names) - 1; j >= 0; j--) {
        const char *s = sc_at(&known->names, j, &k);
        if (k == nl && memcmp(s, name, k) == 0) return j;
    }
    return -1;
}

static int render_event(const espec *es, PyObject *params, PyObject *resolver, Py_ssize_t max_buf_len,
                        evparts *parts, const EnterParts *known) {
    Py_ssize_t np = PyList_GET_SIZE(params);
    Py_ssize_t cnt = es->n < np ? es->n : np;
    out_buf.n = 0;
    prev_buf.n = 0;
    for (Py_ssize_t i = 0; i < cnt; i++) {
        PyObject *raw = PyList_GET_ITEM(params, i);
        if (!PyBytes_Check(raw)) return FALLBACK;
        const pspec *ps = &es->p[i];
        const unsigned char *r = (const unsigned char *)PyBytes_AS_STRING(raw);
        Py_ssize_t rn = PyBytes_GET_SIZE(raw);
        val_buf.n = 0;
        res_buf.n = 0;
        int k = render_value(ps, r, rn, resolver, ps->rules2022, max_buf_len, params);
        if (k) return k;
        prev_buf.n = 0;
        if (ob_put(&prev_buf, val_buf.d ? val_buf.d : "", val_buf.n) < 0) return ERROR;
        if (!es->notext) {
            if ((i && ob_chr(&out_buf, ' ') < 0) || ob_str(&out_buf, ps->name) < 0 || ob_chr(&out_buf, '=') < 0 ||
                ob_put(&out_buf, val_buf.d ? val_buf.d : "", val_buf.n) < 0)
                return ERROR;
            if (res_buf.n &&
                (ob_chr(&out_buf, '(') < 0 || ob_put(&out_buf, res_buf.d, res_buf.n) < 0 || ob_chr(&out_buf, ')') < 0))
                return ERROR;
        }
        if ((k = add_part(parts, ps, raw, r, rn, 0)) != 0) return k;
    }
    if (np <= es->n) return 0;
    /* parameters current drivers append to the exit: HEAD rules, not part of the text; the ones
     * the enter event had (``known``; the last parameter of a name wins) are reused */
    Py_ssize_t end = es->ntot < np ? es->ntot : np;
    for (Py_ssize_t i = es->n; i < end; i++) {
        PyObject *raw = PyList_GET_ITEM(params, i);
        if (!PyBytes_Check(raw)) return FALLBACK;
        const pspec *ps = &es->p[i];
        Py_ssize_t j = known ? known_index(known, ps->name) : -1;
        if (j >= 0) {
            Py_ssize_t vn, rn2;
            const char *v = sc_at(&known->vals, j, &vn), *rr = sc_at(&known->raws, j, &rn2);
            if (sc_add(&parts->names, ps->name, (Py_ssize_t)strlen(ps->name), 1) < 0 ||
                sc_add(&parts->vals, v, vn, 1) < 0 || sc_add(&parts->raws, rr, rn2, sc_valid(&known->raws, j)) < 0)
                return ERROR;
            continue;
        }
        const unsigned char *r = (const unsigned char *)PyBytes_AS_STRING(raw);
        Py_ssize_t rn = PyBytes_GET_SIZE(raw);
        val_buf.n = 0;
        res_buf.n = 0;
        int k = render_value(ps, r, rn, resolver, ps->rules2022, max_buf_len, params);
        if (k) return k;
        prev_buf.n = 0;
        if (ob_put(&prev_buf, val_buf.d ? val_buf.d : "", val_buf.n) < 0) return ERROR;
        if ((k = add_part(parts, ps, raw, r, rn, 1)) != 0) return k;
    }
    return 0;
}

static const espec *spec_of(Py_ssize_t etype) {
    if (!specs) { PyErr_SetString(PyExc_RuntimeError, "render_init() was not called"); return NULL; }
    static const espec none = {0, 0, 1, 0, 0, NULL};
    if (etype < 0 || etype >= nspecs || !specs[etype].known) return &none;
    return &specs[etype];
}

int fast_render_event(Py_ssize_t etype, PyObject *params, PyObject *resolver, Py_ssize_t max_buf_len,
                      const EnterParts *known, evparts *parts, const obuf **text) {
    const espec *es = spec_of(etype);
    if (!es) return ERROR;
    sc_clear(&parts->names);
    sc_clear(&parts->vals);
    sc_clear(&parts->raws);
    parts->buffer = NULL;
    int k = render_event(es, params, resolver, max_buf_len, parts, known);
    *text = es->notext ? NULL : &out_buf;
    return k;
}

/* ------------------------------------------------------------------ tables */
static const char *keep_str(PyObject *s) {
    if (!PyUnicode_Check(s)) { PyErr_SetString(PyExc_TypeError, "render_init: expected str"); return NULL; }
    if (PyList_Append(keep, s) < 0) return NULL;
    return PyUnicode_AsUTF8(s);
}

/* render_init(specs, errno_names: dict, signal_names: dict, syscall_names: tuple, sc_max_2022)
 * specs[etype] = None (renders "") or
 * (is2022, notext, ((name, ptype, fmt, dirfd, rules2022, ((val, name), ...)), ...), n_table_params)
 * where parameters past n_table_params are HEAD's extra exit parameters */
PyObject *fast_render_init(PyObject *self, PyObject *args) {
    PyObject *sp, *errs, *sigs, *scs;
    Py_ssize_t scmax;
    if (!PyArg_ParseTuple(args, "O!O!O!O!n", &PyTuple_Type, &sp, &PyDict_Type, &errs, &PyDict_Type, &sigs,
                          &PyTuple_Type, &scs, &scmax))
        return NULL;
    if (specs) Py_RETURN_NONE; /* tables are fixed for the life of the process */
    keep = PyList_New(0);
    if (!keep) return NULL;
    s_fd = PyUnicode_InternFromString("fd");
    s_pid_comm = PyUnicode_InternFromString("pid_comm");
    s_user_name = PyUnicode_InternFromString("user_name");
    s_group_name = PyUnicode_InternFromString("group_name");
    s_cwd = PyUnicode_InternFromString("cwd");
    if (!s_fd || !s_pid_comm || !s_user_name || !s_group_name || !s_cwd) return NULL;
    PyObject *key, *val;
    Py_ssize_t pos = 0;
    while (PyDict_Next(errs, &pos, &key, &val)) {
        long e = PyLong_AsLong(key);
        if (e == -1 && PyErr_Occurred()) return NULL;
        if (e >= 0 && e < 1024 && !(errno_names[e] = keep_str(val))) return NULL;
    }
    pos = 0;
    while (PyDict_Next(sigs, &pos, &key, &val)) {
        long s = PyLong_AsLong(key);
        if (s == -1 && PyErr_Occurred()) return NULL;
        if (s >= 0 && s < 64 && !(signal_names[s] = keep_str(val))) return NULL;
    }
    nsyscalls = PyTuple_GET_SIZE(scs);
    sc_max_2022 = scmax;
    syscall_names = PyMem_Calloc(nsyscalls + 1, sizeof(char *));
    if (!syscall_names) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < nsyscalls; i++)
        if (!(syscall_names[i] = keep_str(PyTuple_GET_ITEM(scs, i)))) return NULL;
    Py_ssize_t ns = PyTuple_GET_SIZE(sp);
    espec *es = PyMem_Calloc(ns + 1, sizeof(espec));
    if (!es) return PyErr_NoMemory();
    for (Py_ssize_t e = 0; e < ns; e++) {
        PyObject *item = PyTuple_GET_ITEM(sp, e);
        if (item == Py_None) continue;
        PyObject *ps;
        int is2022, notext;
        Py_ssize_t nmain;
        if (!PyArg_ParseTuple(item, "ppO!n", &is2022, &notext, &PyTuple_Type, &ps, &nmain)) return NULL;
        Py_ssize_t n = PyTuple_GET_SIZE(ps);
        if (nmain > n) { PyErr_SetString(PyExc_ValueError, "render_init: bad parameter count"); return NULL; }
        es[e].known = 1;
        es[e].is2022 = is2022;
        es[e].notext = notext;
        es[e].n = nmain;
        es[e].ntot = n;
        es[e].p = PyMem_Calloc(n + 1, sizeof(pspec));
        if (!es[e].p) return PyErr_NoMemory();
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *name, *flags;
            pspec *p = &es[e].p[i];
            if (!PyArg_ParseTuple(PyTuple_GET_ITEM(ps, i), "OiiipO!i", &name, &p->ptype, &p->fmt, &p->dirfd,
                                  &p->rules2022, &PyTuple_Type, &flags, &p->rawsign))
                return NULL;
            if (!(p->name = keep_str(name))) return NULL;
            Py_ssize_t nf = PyTuple_GET_SIZE(flags);
            p->flags.n = nf;
            p->flags.vals = PyMem_Calloc(nf + 1, sizeof(uint64_t));
            p->flags.names = PyMem_Calloc(nf + 1, sizeof(char *));
            if (!p->flags.vals || !p->flags.names) return PyErr_NoMemory();
            for (Py_ssize_t f = 0; f < nf; f++) {
                PyObject *fv, *fn;
                if (!PyArg_ParseTuple(PyTuple_GET_ITEM(flags, f), "OO", &fv, &fn)) return NULL;
                p->flags.vals[f] = PyLong_AsUnsignedLongLongMask(fv);
                if (PyErr_Occurred()) return NULL;
                if (!(p->flags.names[f] = keep_str(fn))) return NULL;
            }
        }
    }
    specs = es;
    nspecs = ns;
    Py_RETURN_NONE;
}
