/* User-space side of the capture: load the probe with libbpf, fill its tables, attach it, and
 * drain the ring buffer in bulk (many event blocks per call) for the Python driver (ctypes).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
#include "scap_bpf.h"

#define MAX_LINKS 8

struct cap {
	struct bpf_object *obj;
	struct bpf_link *links[MAX_LINKS];
	int nlinks;
	int ring_fd;
	size_t ring_size;
	size_t page;
	unsigned long *cons_pos;
	unsigned long *prod_pos;
	u8 *data;
	void *cons_map;
	void *prod_map;
};

static char last_error[1024];
static int verbose;
static int silent_libbpf(enum libbpf_print_level lvl, const char *fmt, va_list ap)
{
	if (verbose) {
		va_list cp;
		va_copy(cp, ap);
		vfprintf(stderr, fmt, cp);
		va_end(cp);
	}
	if (lvl == LIBBPF_WARN)
		vsnprintf(last_error, sizeof(last_error), fmt, ap);
	return 0;
}

const char *cap_last_error(void)
{
	return last_error;
}

static void fail(const char *what, int err)
{
	char libmsg[480];
	snprintf(libmsg, sizeof(libmsg), "%s", last_error);
	snprintf(last_error, sizeof(last_error), "%s: %s%s%s", what, strerror(err < 0 ? -err : err),
		 libmsg[0] ? " | libbpf: " : "", libmsg);
	size_t n = strlen(last_error);
	while (n && last_error[n - 1] == '\n')
		last_error[--n] = 0;
}

void cap_close(struct cap *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nlinks; i++)
		bpf_link__destroy(c->links[i]);
	if (c->cons_map)
		munmap(c->cons_map, c->page);
	if (c->prod_map)
		munmap(c->prod_map, c->page + 2 * c->ring_size);
	bpf_object__close(c->obj);
	free(c);
}

/* Open and load the object with `cfg` as its .rodata.cfg; returns NULL (see cap_last_error). */
struct cap *cap_open(const char *path, const struct scap_config *cfg, int ncpus, unsigned ring_bytes)
{
	struct cap *c = calloc(1, sizeof(*c));
	struct bpf_map *m;
	int err;

	verbose = getenv("SCAPKIT_BPF_DEBUG") != NULL;
	libbpf_set_print(silent_libbpf);
	last_error[0] = 0;
	if (!c)
		return NULL;
	c->obj = bpf_object__open_file(path, NULL);
	if (!c->obj) {
		fail("opening the BPF object", errno);
		free(c);
		return NULL;
	}
	int found = 0;
	bpf_object__for_each_map(m, c->obj) {
		const char *name = bpf_map__name(m);
		size_t sz = 0;
		if (strstr(name, ".rodata.cfg") || strstr(name, "rodata.cfg")) {
			const void *v = bpf_map__initial_value(m, &sz);
			if (v && sz >= sizeof(*cfg)) {
				u8 *copy = malloc(sz);
				if (!copy)
					break;
				memcpy(copy, v, sz);
				memcpy(copy, cfg, sizeof(*cfg));
				found = !bpf_map__set_initial_value(m, copy, sz);
				free(copy);
			}
		}
	}
	if (!found) {
		fail("the BPF object has no .rodata.cfg section", EINVAL);
		cap_close(c);
		return NULL;
	}
	m = bpf_object__find_map_by_name(c->obj, "scratch");
	if (!m || bpf_map__set_max_entries(m, ncpus)) {
		fail("sizing the scratch map", EINVAL);
		cap_close(c);
		return NULL;
	}
	m = bpf_object__find_map_by_name(c->obj, "events");
	if (!m || bpf_map__set_max_entries(m, ring_bytes)) {
		fail("sizing the ring buffer", EINVAL);
		cap_close(c);
		return NULL;
	}
	err = bpf_object__load(c->obj);
	if (err) {
		fail("loading the BPF program", err);
		cap_close(c);
		return NULL;
	}
	c->ring_fd = bpf_map__fd(m);
	c->ring_size = ring_bytes;
	c->page = sysconf(_SC_PAGESIZE);
	c->cons_map = mmap(NULL, c->page, PROT_READ | PROT_WRITE, MAP_SHARED, c->ring_fd, 0);
	if (c->cons_map == MAP_FAILED) {
		c->cons_map = NULL;
		fail("mapping the ring buffer", errno);
		cap_close(c);
		return NULL;
	}
	c->prod_map = mmap(NULL, c->page + 2 * c->ring_size, PROT_READ, MAP_SHARED, c->ring_fd, c->page);
	if (c->prod_map == MAP_FAILED) {
		c->prod_map = NULL;
		fail("mapping the ring buffer", errno);
		cap_close(c);
		return NULL;
	}
	c->cons_pos = c->cons_map;
	c->prod_pos = c->prod_map;
	c->data = (u8 *)c->prod_map + c->page;
	return c;
}

static int map_update(struct cap *c, const char *name, u32 key, const void *val)
{
	struct bpf_map *m = bpf_object__find_map_by_name(c->obj, name);
	int err;
	if (!m) {
		fail(name, ENOENT);
		return -1;
	}
	err = bpf_map_update_elem(bpf_map__fd(m), &key, val, BPF_ANY);
	if (err) {
		fail(name, errno);
		return -1;
	}
	return 0;
}

int cap_set_syscall(struct cap *c, u32 nr, const struct scap_syscall *sc)
{
	return map_update(c, "syscalls", nr, sc);
}

int cap_set_flagtable(struct cap *c, u32 idx, const struct scap_flagtable *ft)
{
	return map_update(c, "flagtables", idx, ft);
}

int cap_track(struct cap *c, u32 tgid)
{
	u8 one = 1;
	return map_update(c, "tracked", tgid, &one);
}

int cap_attach(struct cap *c)
{
	struct bpf_program *p;
	bpf_object__for_each_program(p, c->obj) {
		if (c->nlinks >= MAX_LINKS)
			break;
		struct bpf_link *l = bpf_program__attach(p);
		if (!l) {
			char what[128];
			snprintf(what, sizeof(what), "attaching %s", bpf_program__name(p));
			fail(what, errno);
			return -1;
		}
		c->links[c->nlinks++] = l;
	}
	return 0;
}

void cap_detach(struct cap *c)
{
	for (int i = 0; i < c->nlinks; i++)
		bpf_link__destroy(c->links[i]);
	c->nlinks = 0;
}

/* Copy complete event blocks into out (at most outcap bytes). Waits up to timeout_ms when the
 * ring is empty. Returns bytes copied; *nrec receives the number of blocks. */
long cap_drain(struct cap *c, u8 *out, long outcap, long *nrec, int timeout_ms)
{
	unsigned long cons = __atomic_load_n(c->cons_pos, __ATOMIC_ACQUIRE);
	unsigned long prod = __atomic_load_n(c->prod_pos, __ATOMIC_ACQUIRE);
	unsigned long mask = c->ring_size - 1;
	long used = 0, n = 0;

	if (cons == prod && timeout_ms > 0) {
		struct pollfd pfd = {.fd = c->ring_fd, .events = POLLIN};
		poll(&pfd, 1, timeout_ms);
		prod = __atomic_load_n(c->prod_pos, __ATOMIC_ACQUIRE);
	}
	while (cons < prod) {
		u32 *hdr = (u32 *)(c->data + (cons & mask));
		u32 len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		if (len & BPF_RINGBUF_BUSY_BIT)
			break;
		u32 rlen = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
			if (used + rlen > outcap)
				break;
			memcpy(out + used, (u8 *)hdr + BPF_RINGBUF_HDR_SZ, rlen);
			used += rlen;
			n++;
		}
		cons += (rlen + BPF_RINGBUF_HDR_SZ + 7) & ~7ul;
		if (cons == prod)
			prod = __atomic_load_n(c->prod_pos, __ATOMIC_ACQUIRE);
	}
	__atomic_store_n(c->cons_pos, cons, __ATOMIC_RELEASE);
	*nrec = n;
	return used;
}

/* Per-CPU counters: out[cpu * ST_NSTATS + stat]. */
int cap_stats(struct cap *c, u64 *out, int ncpus)
{
	struct bpf_map *m = bpf_object__find_map_by_name(c->obj, "stats");
	int fd = m ? bpf_map__fd(m) : -1;
	for (u32 k = 0; k < ST_NSTATS; k++) {
		u64 vals[ncpus];
		if (fd < 0 || bpf_map_lookup_elem(fd, &k, vals)) {
			fail("reading the counters", errno);
			return -1;
		}
		for (int i = 0; i < ncpus; i++)
			out[i * ST_NSTATS + k] = vals[i];
	}
	return 0;
}
