// SPDX-License-Identifier: GPL-2.0
/* scapkit capture probe: raw syscall enter/exit and process exit to scap event blocks.
 *
 * Each syscall is described by an entry of the `syscalls` map (filled by user space from
 * capture/syscalls.py): the scap event id and, for the enter and the exit event, the list of
 * parameters with where each value comes from (enum scap_kind). One generic routine builds
 * the event block in a per-CPU scratch area and copies it to the ring buffer.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "scap_bpf.h"

char LICENSE[] SEC("license") = "GPL";

const volatile struct scap_config cfg SEC(".rodata.cfg") = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCAP_NSYSCALLS);
	__type(key, u32);
	__type(value, struct scap_syscall);
} syscalls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCAP_NFLAGTABLES);
	__type(key, u32);
	__type(value, struct scap_flagtable);
} flagtables SEC(".maps");

struct scratch_buf {
	u8 b[SCAP_SCRATCH_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* resized to the number of CPUs before load */
	__type(key, u32);
	__type(value, struct scratch_buf);
} scratch SEC(".maps");

struct tmp_buf {
	u8 b[SCAP_TMP_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct tmp_buf);
} tmpbuf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ST_NSTATS);
	__type(key, u32);
	__type(value, u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, u32);
	__type(value, u8);
} tracked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, u32);
	__type(value, u64);
} enter_ts SEC(".maps");

/* ------------------------------------------------------------------ helpers */

static __always_inline void count(u32 which)
{
	u64 *v = bpf_map_lookup_elem(&stats, &which);
	if (v)
		*v += 1;
}

#define TS_COMPAT 0x0002 /* x86: the running syscall is a 32-bit one (other numbers, other registers) */

static __always_inline int want(struct task_struct *t)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = id >> 32;
	if (tgid == cfg.self_tgid)
		return 0;
	if (cfg.filters & FILTER_PIDS) {
		if (!bpf_map_lookup_elem(&tracked, &tgid))
			return 0;
	}
	if (cfg.filters & FILTER_COMM) {
		char comm[SCAP_COMM_LEN];
		bpf_get_current_comm(comm, sizeof(comm));
		for (int i = 0; i < SCAP_COMM_LEN; i++) {
			if (comm[i] != cfg.comm[i])
				return 0;
			if (!comm[i])
				break;
		}
	}
	if (cfg.filters & FILTER_CGROUP) {
		/* the cgroup (v2) or any v1 controller cgroup of the thread is one of the given ones
		 * (their kernfs ids, i.e. the inode numbers of the cgroup directories) */
		struct css_set *cs = BPF_CORE_READ((struct task_struct *)bpf_get_current_task_btf(), cgroups);
		int hit = 0;
		for (int j = 0; j <= CGROUP_SUBSYS_COUNT && j < 16 && !hit; j++) {
			u64 id;
			if (j == CGROUP_SUBSYS_COUNT) {
				id = bpf_get_current_cgroup_id();
			} else {
				struct cgroup_subsys_state *css = NULL;
				bpf_probe_read_kernel(&css, sizeof(css), &cs->subsys[j]);
				if (!css)
					continue;
				id = BPF_CORE_READ(css, cgroup, kn, id);
			}
			for (int i = 0; i < SCAP_MAX_CGROUPS; i++) {
				if (i < cfg.n_cgroups && cfg.cgroup_ids[i] == id)
					hit = 1;
			}
		}
		if (!hit)
			return 0;
	}
	return 1;
}

static __always_inline struct file *fd_file(struct task_struct *t, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	struct file **arr;
	struct file *f = NULL;
	if (fd < 0 || fd >= max)
		return NULL;
	arr = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]);
	return f;
}

/* ------------------------------------------------------------------ path assembly */

struct dp_ctx {
	struct dentry *d;
	struct mount *mnt;
	struct dentry *mnt_root;
	u32 pos;
};

static long dp_step(u32 i, void *vctx)
{
	struct dp_ctx *c = vctx;
	u32 zero = 0;
	struct tmp_buf *tmp = bpf_map_lookup_elem(&tmpbuf, &zero);
	if (!tmp)
		return 1;
	struct mount *mnt = c->mnt;
	struct dentry *d = c->d;
	if (d == c->mnt_root) {
		struct mount *parent = BPF_CORE_READ(mnt, mnt_parent);
		if (!parent || parent == mnt)
			return 1;
		c->d = BPF_CORE_READ(mnt, mnt_mountpoint);
		c->mnt = parent;
		c->mnt_root = BPF_CORE_READ(parent, mnt.mnt_root);
		return 0;
	}
	struct dentry *p = BPF_CORE_READ(d, d_parent);
	if (!p || p == d)
		return 1;
	struct qstr q = BPF_CORE_READ(d, d_name);
	u32 len = q.len & 255;
	if (c->pos < len + 2)
		return 1;
	c->pos -= len;
	bpf_probe_read_kernel(&tmp->b[c->pos & (SCAP_PATH_MAX - 1)], len, q.name);
	c->pos -= 1;
	tmp->b[c->pos & (SCAP_PATH_MAX - 1)] = '/';
	c->d = p;
	return 0;
}

/* Write the absolute path of `path` (NUL-terminated) at buf[off]; returns its length. */
static __always_inline u32 put_path(u8 *buf, u32 off, struct path *path)
{
	u32 zero = 0;
	struct dp_ctx c = {};
	struct vfsmount *vm = BPF_CORE_READ(path, mnt);
	struct tmp_buf *tmp = bpf_map_lookup_elem(&tmpbuf, &zero);
	if (!tmp || !vm) {
		buf[off & SCAP_SCRATCH_MASK] = 0;
		return 1;
	}
	c.d = BPF_CORE_READ(path, dentry);
	c.mnt = (struct mount *)((void *)vm - bpf_core_field_offset(struct mount, mnt));
	c.mnt_root = BPF_CORE_READ(vm, mnt_root);
	c.pos = SCAP_PATH_MAX - 1;
	tmp->b[SCAP_PATH_MAX - 1] = 0;
	bpf_loop(64, dp_step, &c, 0);
	if (c.pos == SCAP_PATH_MAX - 1) {
		buf[off & SCAP_SCRATCH_MASK] = '/';
		buf[(off + 1) & SCAP_SCRATCH_MASK] = 0;
		return 2;
	}
	u32 len = (SCAP_PATH_MAX - c.pos) & (SCAP_PATH_MAX - 1);
	bpf_probe_read_kernel(&buf[off & SCAP_SCRATCH_MASK], len, &tmp->b[c.pos & (SCAP_PATH_MAX - 1)]);
	return len;
}

struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

struct cg_ctx {
	struct kernfs_node *kn;
	u32 pos;
};

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
}

static long cg_step(u32 i, void *vctx)
{
	struct cg_ctx *c = vctx;
	u32 zero = 0;
	struct tmp_buf *tmp = bpf_map_lookup_elem(&tmpbuf, &zero);
	if (!tmp || !c->kn)
		return 1;
	struct kernfs_node *kn = c->kn;
	struct kernfs_node *p = kn_parent(kn);
	if (!p)
		return 1; /* the root's own name is not part of the path */
	const char *name = BPF_CORE_READ(kn, name);
	char part[256]; /* a kernfs name is at most 255 bytes (container ids are 64) */
	long n = bpf_probe_read_kernel_str(part, sizeof(part), name);
	if (n <= 1)
		return 1;
	u32 len = (n - 1) & 255;
	if (c->pos < len + 2)
		return 1;
	c->pos -= len;
	bpf_probe_read_kernel(&tmp->b[c->pos & (SCAP_PATH_MAX - 1)], len, part);
	c->pos -= 1;
	tmp->b[c->pos & (SCAP_PATH_MAX - 1)] = '/';
	c->kn = p;
	return 0;
}

/* Path of a cgroup's kernfs node (NUL-terminated) at buf[off]; returns its length. */
static __always_inline u32 put_kn_path(u8 *buf, u32 off, struct kernfs_node *kn)
{
	u32 zero = 0;
	struct cg_ctx c = {.kn = kn, .pos = SCAP_PATH_MAX - 1};
	struct tmp_buf *tmp = bpf_map_lookup_elem(&tmpbuf, &zero);
	if (!tmp)
		return 0;
	tmp->b[SCAP_PATH_MAX - 1] = 0;
	bpf_loop(16, cg_step, &c, 0);
	if (c.pos == SCAP_PATH_MAX - 1) {
		buf[off & SCAP_SCRATCH_MASK] = '/';
		buf[(off + 1) & SCAP_SCRATCH_MASK] = 0;
		return 2;
	}
	u32 len = (SCAP_PATH_MAX - c.pos) & (SCAP_PATH_MAX - 1);
	bpf_probe_read_kernel(&buf[off & SCAP_SCRATCH_MASK], len, &tmp->b[c.pos & (SCAP_PATH_MAX - 1)]);
	return len;
}

/* ------------------------------------------------------------------ parameter filling */

struct fill_ctx {
	u64 args[8];
	s64 ret;
	u32 nr;
	u32 off;      /* next value offset in the scratch block */
	u32 lens;     /* offset of the length array */
	u32 cpu;
	u32 i;
	u8 exit;     /* building the exit event */
	u8 at_exit;  /* running in sys_exit (ret is known), also for deferred enter events */
	u8 n;
};

static __always_inline void put_u64(u8 *buf, u32 off, u64 v)
{
	*(u64 *)&buf[off & SCAP_SCRATCH_MASK] = v;
}

static __always_inline u32 put_fixed(u8 *buf, u32 off, u64 v, u32 size)
{
	off &= SCAP_SCRATCH_MASK;
	switch (size) {
	case 1:
		buf[off] = v;
		return 1;
	case 2:
		*(u16 *)&buf[off] = v;
		return 2;
	case 4:
		*(u32 *)&buf[off] = v;
		return 4;
	default:
		*(u64 *)&buf[off] = v;
		return 8;
	}
}

static __always_inline u32 put_user_bytes(u8 *buf, u32 off, const void *src, s64 len)
{
	if (len <= 0 || !src)
		return 0;
	if (len > cfg.snaplen)
		len = cfg.snaplen;
	if (len > SCAP_SCRATCH_MASK)
		len = SCAP_SCRATCH_MASK;
	if (bpf_probe_read_user(&buf[off & SCAP_SCRATCH_MASK], len & SCAP_SCRATCH_MASK, src))
		return 0;
	return len;
}

static __always_inline u32 put_user_str(u8 *buf, u32 off, const void *src)
{
	long n = -1;
	if (src)
		n = bpf_probe_read_user_str(&buf[off & SCAP_SCRATCH_MASK], SCAP_PATH_MAX, src);
	if (n <= 0) {
		buf[off & SCAP_SCRATCH_MASK] = 0;
		return 1;
	}
	return n;
}

struct iov_ctx {
	const struct iovec *iov;
	u32 cnt;
	u32 off;
	s64 left;
	u32 cpu;
	u32 written;
};

static long iov_step(u32 i, void *vctx)
{
	struct iov_ctx *c = vctx;
	struct scratch_buf *sb = bpf_map_lookup_elem(&scratch, &c->cpu);
	struct iovec v;
	if (!sb || i >= c->cnt || c->left <= 0)
		return 1;
	if (bpf_probe_read_user(&v, sizeof(v), &c->iov[i]))
		return 1;
	s64 n = v.iov_len;
	if (n > c->left)
		n = c->left;
	if (n <= 0)
		return 0;
	if (n > 0xffff)
		n = 0xffff;
	if (bpf_probe_read_user(&sb->b[c->off & SCAP_SCRATCH_MASK], n & SCAP_SCRATCH_MASK, v.iov_base))
		return 1;
	c->off += n;
	c->written += n;
	c->left -= n;
	return 0;
}

static __always_inline u32 put_iov(u32 cpu, u32 off, const struct iovec *iov, u32 cnt, s64 limit)
{
	struct iov_ctx c = {.iov = iov, .cnt = cnt, .off = off, .cpu = cpu};
	if (limit > cfg.snaplen)
		limit = cfg.snaplen;
	c.left = limit;
	if (limit <= 0 || !iov)
		return 0;
	bpf_loop(16, iov_step, &c, 0);
	return c.written;
}

static __always_inline u32 put_sockaddr(u8 *buf, u32 off, const void *uaddr, u32 ulen)
{
	u8 sa[128] = {};
	u16 fam;
	if (!uaddr || ulen < 2)
		return 0;
	if (ulen > sizeof(sa))
		ulen = sizeof(sa);
	if (bpf_probe_read_user(sa, ulen & 127, uaddr))
		return 0;
	fam = *(u16 *)sa;
	off &= SCAP_SCRATCH_MASK;
	if (fam == 2) { /* AF_INET: family, addr (network order), port (host order) */
		buf[off] = 2;
		*(u32 *)&buf[(off + 1) & SCAP_SCRATCH_MASK] = *(u32 *)&sa[4];
		*(u16 *)&buf[(off + 5) & SCAP_SCRATCH_MASK] = bpf_ntohs(*(u16 *)&sa[2]);
		return 7;
	}
	if (fam == 10) {
		buf[off] = 10;
		__builtin_memcpy(&buf[(off + 1) & SCAP_SCRATCH_MASK], &sa[8], 16);
		*(u16 *)&buf[(off + 17) & SCAP_SCRATCH_MASK] = bpf_ntohs(*(u16 *)&sa[2]);
		return 19;
	}
	if (fam == 1) {
		long n;
		buf[off] = 1;
		if (sa[2] == 0) /* abstract socket: skip the leading NUL */
			n = bpf_probe_read_kernel_str(&buf[(off + 1) & SCAP_SCRATCH_MASK], 108, &sa[3]);
		else
			n = bpf_probe_read_kernel_str(&buf[(off + 1) & SCAP_SCRATCH_MASK], 109, &sa[2]);
		if (n <= 0) {
			buf[(off + 1) & SCAP_SCRATCH_MASK] = 0;
			n = 1;
		}
		return 1 + n;
	}
	buf[off] = fam;
	return 1;
}

/* The peer address a caller gave (sendto/sendmsg) or got back (recvfrom/recvmsg), for a socket
 * the kernel keeps no peer for (an unconnected datagram socket): as the drivers' fd_to_socktuple
 * with user data, an outbound tuple's destination is always the given address, an inbound tuple's
 * source only when the socket has no peer port. */
struct uaddr {
	u16 family;
	u16 port; /* host order */
	u8 addr[16];
};

static __always_inline int read_uaddr(struct uaddr *ua, u64 uptr, u32 ulen)
{
	u8 sa[28] = {};
	if (!uptr || ulen < 8)
		return 0;
	/* constant sizes keep the verifier simple: a sockaddr_in6, or a sockaddr_in at the end of a page */
	if (bpf_probe_read_user(sa, sizeof(sa), (void *)uptr) && bpf_probe_read_user(sa, 16, (void *)uptr))
		return 0;
	ua->family = *(u16 *)sa;
	ua->port = bpf_ntohs(*(u16 *)&sa[2]);
	if (ua->family == 2) {
		__builtin_memcpy(ua->addr, &sa[4], 4);
		return 1;
	}
	if (ua->family == 10 && ulen >= 24) {
		__builtin_memcpy(ua->addr, &sa[8], 16);
		return 1;
	}
	return 0;
}

static __always_inline u32 put_tuple(u8 *buf, u32 off, struct task_struct *t, long fd, int inbound,
                                     const struct uaddr *ua)
{
	struct file *f = fd_file(t, fd);
	struct socket *so;
	struct sock *sk;
	u16 fam;
	if (!f)
		return 0;
	so = BPF_CORE_READ(f, private_data);
	if (!so)
		return 0;
	sk = BPF_CORE_READ(so, sk);
	if (!sk)
		return 0;
	fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	off &= SCAP_SCRATCH_MASK;
	if (fam == 2) {
		u32 la = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		u32 ra = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		u16 lp = BPF_CORE_READ(sk, __sk_common.skc_num);
		u16 rp = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (ua && ua->family == 2 && (!inbound || rp == 0)) {
			__builtin_memcpy(&ra, ua->addr, 4);
			rp = ua->port;
		}
		buf[off] = 2;
		if (inbound) {
			u32 x = la; la = ra; ra = x;
			u16 y = lp; lp = rp; rp = y;
		}
		*(u32 *)&buf[(off + 1) & SCAP_SCRATCH_MASK] = la;
		*(u16 *)&buf[(off + 5) & SCAP_SCRATCH_MASK] = lp;
		*(u32 *)&buf[(off + 7) & SCAP_SCRATCH_MASK] = ra;
		*(u16 *)&buf[(off + 11) & SCAP_SCRATCH_MASK] = rp;
		return 13;
	}
	if (fam == 10) {
		struct in6_addr la = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr ra = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		u16 lp = BPF_CORE_READ(sk, __sk_common.skc_num);
		u16 rp = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (ua && ua->family == 10 && (!inbound || rp == 0)) {
			__builtin_memcpy(&ra, ua->addr, 16);
			rp = ua->port;
		}
		buf[off] = 10;
		if (inbound) {
			__builtin_memcpy(&buf[(off + 1) & SCAP_SCRATCH_MASK], &ra, 16);
			*(u16 *)&buf[(off + 17) & SCAP_SCRATCH_MASK] = rp;
			__builtin_memcpy(&buf[(off + 19) & SCAP_SCRATCH_MASK], &la, 16);
			*(u16 *)&buf[(off + 35) & SCAP_SCRATCH_MASK] = lp;
		} else {
			__builtin_memcpy(&buf[(off + 1) & SCAP_SCRATCH_MASK], &la, 16);
			*(u16 *)&buf[(off + 17) & SCAP_SCRATCH_MASK] = lp;
			__builtin_memcpy(&buf[(off + 19) & SCAP_SCRATCH_MASK], &ra, 16);
			*(u16 *)&buf[(off + 35) & SCAP_SCRATCH_MASK] = rp;
		}
		return 37;
	}
	if (fam == 1) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		struct unix_address *ua = NULL;
		long n;
		buf[off] = 1;
		put_u64(buf, off + 1, (u64)sk);
		put_u64(buf, off + 9, (u64)peer);
		if (peer)
			ua = BPF_CORE_READ((struct unix_sock *)peer, addr);
		if (!ua)
			ua = BPF_CORE_READ(us, addr);
		if (!ua) {
			buf[(off + 17) & SCAP_SCRATCH_MASK] = 0;
			return 18;
		}
		char *p = (char *)ua->name[0].sun_path;
		char first = 0;
		bpf_probe_read_kernel(&first, 1, p);
		if (!first)
			p++;
		n = bpf_probe_read_kernel_str(&buf[(off + 17) & SCAP_SCRATCH_MASK], 108, p);
		if (n <= 0) {
			buf[(off + 17) & SCAP_SCRATCH_MASK] = 0;
			n = 1;
		}
		return 17 + n;
	}
	buf[off] = fam;
	return 1;
}

static __always_inline u64 translate(u64 v, u32 table)
{
	struct scap_flagtable *ft = bpf_map_lookup_elem(&flagtables, &table);
	u64 out = 0;
	if (!ft)
		return v;
	for (int i = 0; i < SCAP_FLAGTABLE_LEN; i++) {
		if (i >= ft->n)
			break;
		if ((v & ft->f[i].mask) == ft->f[i].value)
			out |= ft->f[i].ppm;
	}
	return out;
}

/* kernel dev_t (major << 20 | minor) to the user-space encoding stat() and /proc show */
static __always_inline u32 encode_dev(u32 dev)
{
	u32 major = dev >> 20, minor = dev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

#define FMODE_CREATED 0x100000
#define PPM_O_F_CREATED (1 << 14)

/* PPM_O_F_CREATED when the open that returned `fd` created the file */
static __always_inline u32 open_created(struct task_struct *t, long fd)
{
	struct file *f = fd >= 0 ? fd_file(t, fd) : NULL;
	if (!f)
		return 0;
	return (BPF_CORE_READ(f, f_mode) & FMODE_CREATED) ? PPM_O_F_CREATED : 0;
}

#define FT_OPEN 0
#define FT_CLONE 1

static __always_inline u64 proc_field(struct task_struct *t, u32 which, u8 *buf, u32 off, u32 *len)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	*len = 8;
	switch (which) {
	case PF_TID:
		return BPF_CORE_READ(t, pid);
	case PF_PID:
		return BPF_CORE_READ(t, tgid);
	case PF_PTID:
		return BPF_CORE_READ(t, real_parent, pid);
	case PF_FDLIMIT:
		return BPF_CORE_READ(t, signal, rlim[7].rlim_cur);
	case PF_PGFT_MAJ:
		return BPF_CORE_READ(t, maj_flt);
	case PF_PGFT_MIN:
		return BPF_CORE_READ(t, min_flt);
	case PF_VM_SIZE:
		*len = 4;
		return mm ? BPF_CORE_READ(mm, total_vm) << 2 : 0;
	case PF_VM_RSS: {
		*len = 4;
		if (!mm)
			return 0;
		s64 a = BPF_CORE_READ(mm, rss_stat[0].count);
		s64 b = BPF_CORE_READ(mm, rss_stat[1].count);
		s64 c = BPF_CORE_READ(mm, rss_stat[3].count);
		s64 s = a + b + c;
		return s > 0 ? s << 2 : 0;
	}
	case PF_VM_SWAP: {
		*len = 4;
		if (!mm)
			return 0;
		s64 s = BPF_CORE_READ(mm, rss_stat[2].count);
		return s > 0 ? s << 2 : 0;
	}
	case PF_TTY: {
		*len = 4;
		struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
		if (!tty)
			return 0;
		u32 major = BPF_CORE_READ(tty, driver, major);
		u32 minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
		return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
	}
	case PF_PGID: {
		struct pid *p = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
		return p ? BPF_CORE_READ(p, numbers[0].nr) : 0;
	}
	case PF_LOGINUID:
		*len = 4;
		return BPF_CORE_READ(t, loginuid.val);
	case PF_CAP_INH:
		return BPF_CORE_READ(t, cred, cap_inheritable.val);
	case PF_CAP_PRM:
		return BPF_CORE_READ(t, cred, cap_permitted.val);
	case PF_CAP_EFF:
		return BPF_CORE_READ(t, cred, cap_effective.val);
	case PF_EXE_INO:
		return mm ? BPF_CORE_READ(mm, exe_file, f_inode, i_ino) : 0;
	case PF_EXE_CTIME: {
		if (!mm)
			return 0;
		struct inode *ino = BPF_CORE_READ(mm, exe_file, f_inode);
		return BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ull + BPF_CORE_READ(ino, i_ctime_nsec);
	}
	case PF_EXE_MTIME: {
		if (!mm)
			return 0;
		struct inode *ino = BPF_CORE_READ(mm, exe_file, f_inode);
		return BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ull + BPF_CORE_READ(ino, i_mtime_nsec);
	}
	case PF_UID:
		*len = 4;
		return BPF_CORE_READ(t, cred, euid.val);
	case PF_GID:
		*len = 4;
		return BPF_CORE_READ(t, cred, egid.val);
	case PF_VTID:
	case PF_VPID: {
		struct pid *p = which == PF_VTID ? BPF_CORE_READ(t, thread_pid)
						 : BPF_CORE_READ(t, group_leader, thread_pid);
		if (!p)
			return 0;
		u32 level = BPF_CORE_READ(p, level);
		int nr = 0;
		bpf_probe_read_kernel(&nr, sizeof(nr), &p->numbers[level & 31].nr);
		return nr;
	}
	case PF_EXE_FLAGS:
	case PF_ZERO_U32:
		*len = 4;
		return 0;
	case PF_PIDNS_START:
	default:
		return 0;
	}
}

/* Variable-length process fields; returns the value length. */
static __always_inline u32 proc_var(struct task_struct *t, u32 which, u8 *buf, u32 off)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	switch (which) {
	case PF_COMM: {
		long n = bpf_probe_read_kernel_str(&buf[off & SCAP_SCRATCH_MASK], 16, &t->comm);
		return n > 0 ? n : 0;
	}
	case PF_CWD: {
		struct path p = BPF_CORE_READ(t, fs, pwd);
		return put_path(buf, off, &p);
	}
	case PF_EXEPATH: {
		if (!mm)
			break;
		struct file *f = BPF_CORE_READ(mm, exe_file);
		if (!f)
			break;
		struct path p = BPF_CORE_READ(f, f_path);
		return put_path(buf, off, &p);
	}
	case PF_EXE:
	case PF_ARGS:
	case PF_ENV: {
		if (!mm)
			break;
		u64 start = which == PF_ENV ? BPF_CORE_READ(mm, env_start) : BPF_CORE_READ(mm, arg_start);
		u64 end = which == PF_ENV ? BPF_CORE_READ(mm, env_end) : BPF_CORE_READ(mm, arg_end);
		if (end <= start)
			break;
		if (which == PF_EXE) {
			long n = bpf_probe_read_user_str(&buf[off & SCAP_SCRATCH_MASK], SCAP_PATH_MAX,
							 (void *)start);
			if (n > 0)
				return n;
			break;
		}
		if (which == PF_ARGS) { /* skip argv[0] */
			char tmp[1];
			long n = bpf_probe_read_user_str(&buf[off & SCAP_SCRATCH_MASK], SCAP_PATH_MAX,
							 (void *)start);
			if (n <= 0)
				break;
			start += n;
			(void)tmp;
			if (start >= end)
				return 0;
		}
		u64 len = end - start;
		if (len > SCAP_ARGS_MAX)
			len = SCAP_ARGS_MAX;
		if (bpf_probe_read_user(&buf[off & SCAP_SCRATCH_MASK], len & (SCAP_ARGS_MAX * 2 - 1),
					(void *)start))
			return 0;
		if (len == SCAP_ARGS_MAX) /* keep the list NUL-terminated */
			buf[(off + len - 1) & SCAP_SCRATCH_MASK] = 0;
		return len;
	}
	}
	if (which == PF_EXE || which == PF_COMM || which == PF_CWD || which == PF_EXEPATH) {
		buf[off & SCAP_SCRATCH_MASK] = 0;
		return 1;
	}
	return 0;
}

static __always_inline u32 clone_flags(struct fill_ctx *c, u32 mode)
{
	u64 raw = 0;
	if (mode == 0)
		raw = c->args[0];
	else if (mode == 1)
		bpf_probe_read_user(&raw, sizeof(raw), (void *)c->args[0]); /* clone_args.flags */
	else if (mode == 3)
		raw = 0x4000 | 0x100; /* CLONE_VFORK | CLONE_VM */
	return translate(raw, FT_CLONE);
}


/* Global (separately verified) functions keep the verifier's work per parameter kind bounded. */
#define GLOBAL __attribute__((noinline))

/* peer = mode << 8 | ai << 4 | li; mode 0: the socket only; 1: sockaddr at arg ai, length arg li;
 * 2: sockaddr at arg ai, length in the int at arg li; 3: the msg_name of the msghdr at arg ai */
GLOBAL int g_tuple(struct fill_ctx *c, long fd, int inbound, u32 peer)
{
	u32 mode = (peer >> 8) & 3, ai = (peer >> 4) & 15, li = peer & 15;
	struct scratch_buf *sb;
	struct uaddr ua = {};
	u64 uptr = 0;
	u32 ulen = 0;
	if (!c)
		return 0;
	sb = bpf_map_lookup_elem(&scratch, &c->cpu);
	if (!sb)
		return 0;
	if (mode == 1) {
		uptr = c->args[ai & 7];
		ulen = c->args[li & 7];
	} else if (mode == 2) {
		int l = 0;
		uptr = c->args[ai & 7];
		if (c->args[li & 7] && !bpf_probe_read_user(&l, sizeof(l), (void *)c->args[li & 7]) && l > 0)
			ulen = l;
	} else if (mode == 3) {
		struct user_msghdr mh = {};
		if (!bpf_probe_read_user(&mh, sizeof(mh), (void *)c->args[ai & 7])) {
			uptr = (u64)mh.msg_name;
			ulen = mh.msg_namelen;
		}
	}
	if (mode && read_uaddr(&ua, uptr, ulen))
		return put_tuple(sb->b, c->off, bpf_get_current_task_btf(), fd, inbound, &ua);
	return put_tuple(sb->b, c->off, bpf_get_current_task_btf(), fd, inbound, NULL);
}

GLOBAL int g_sockaddr(struct fill_ctx *c, u64 uaddr, u32 ulen)
{
	struct scratch_buf *sb;
	if (!c)
		return 0;
	sb = bpf_map_lookup_elem(&scratch, &c->cpu);
	if (!sb)
		return 0;
	return put_sockaddr(sb->b, c->off, (void *)uaddr, ulen);
}

GLOBAL int g_iov(struct fill_ctx *c, u64 iov, u32 cnt, s64 limit)
{
	if (!c)
		return 0;
	return put_iov(c->cpu, c->off, (void *)iov, cnt, limit);
}

/* "<controller>=<path>" of cgroup subsystem i, named as the kernel names the controller (ss->name,
 * e.g. "io" where cgroup v1 says "blkio"), as the upstream drivers and libscap do. */
GLOBAL int g_cgroup_one(struct fill_ctx *c, u32 i, u32 off)
{
	struct scratch_buf *sb;
	struct task_struct *t = bpf_get_current_task_btf();
	struct cgroup_subsys_state *css = NULL;
	struct css_set *cs;
	long n;
	if (!c || i >= CGROUP_SUBSYS_COUNT || off > SCAP_SCRATCH_MASK - SCAP_PATH_MAX - 64)
		return 0;
	asm volatile("" : "+r"(off)); /* keep the masks below: the verifier needs them */
	sb = bpf_map_lookup_elem(&scratch, &c->cpu);
	if (!sb)
		return 0;
	cs = BPF_CORE_READ(t, cgroups);
	bpf_probe_read_kernel(&css, sizeof(css), &cs->subsys[i & 15]);
	if (!css)
		return 0;
	const char *name = BPF_CORE_READ(css, ss, name);
	n = bpf_probe_read_kernel_str(&sb->b[off & SCAP_SCRATCH_MASK], 32, name);
	if (n <= 1)
		return 0;
	off += n - 1;
	asm volatile("" : "+r"(off));
	sb->b[off & SCAP_SCRATCH_MASK] = '=';
	return n + put_kn_path(sb->b, off + 1, BPF_CORE_READ(css, cgroup, kn));
}

GLOBAL int g_cgroups(struct fill_ctx *c)
{
	u32 total = 0;
	if (!c)
		return 0;
	for (u32 i = 0; i < CGROUP_SUBSYS_COUNT && i < 16; i++)
		total += g_cgroup_one(c, i, c->off + total) & 0x1fff;
	return total;
}

GLOBAL int g_procvar(struct fill_ctx *c, u32 which)
{
	struct scratch_buf *sb;
	if (!c)
		return 0;
	sb = bpf_map_lookup_elem(&scratch, &c->cpu);
	if (!sb)
		return 0;
	return proc_var(bpf_get_current_task_btf(), which, sb->b, c->off);
}

GLOBAL int g_procfix(struct fill_ctx *c, u32 which)
{
	struct scratch_buf *sb;
	u32 len = 8;
	u64 v;
	if (!c)
		return 0;
	sb = bpf_map_lookup_elem(&scratch, &c->cpu);
	if (!sb)
		return 0;
	v = proc_field(bpf_get_current_task_btf(), which, sb->b, c->off, &len);
	return put_fixed(sb->b, c->off, v, len);
}

GLOBAL int g_fill(struct fill_ctx *c)
{
	struct scratch_buf *sb;
	struct scap_syscall *sc;
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	struct scap_param p;
	u8 *buf;
	u32 len = 0, off, i;
	u64 v;

	if (!c)
		return -1;
	i = c->i;
	sb = bpf_map_lookup_elem(&scratch, &c->cpu);
	sc = bpf_map_lookup_elem(&syscalls, &c->nr);
	if (!sb || !sc || i >= c->n || i >= SCAP_MAX_PARAMS)
		return -1;
	buf = sb->b;
	u32 idx = i;
	asm volatile("" : "+r"(idx));
	idx &= SCAP_MAX_PARAMS - 1;
	p = c->exit ? sc->exit[idx] : sc->enter[idx];
	off = c->off;
	if (off > SCAP_SCRATCH_MASK - 16)
		p.kind = K_NONE, p.size = 0; /* event full: the rest stays empty */

	switch (p.kind) {
	case K_NONE:
		len = p.size ? put_fixed(buf, off, 0, p.size) : 0;
		break;
	case K_ARG:
		v = c->args[p.a & 7];
		if (p.b & 1)
			v = (s64)(s32)v;
		len = put_fixed(buf, off, v, p.size);
		break;
	case K_RET:
		len = put_fixed(buf, off, c->ret, p.size);
		break;
	case K_STR:
		len = put_user_str(buf, off, (void *)c->args[p.a & 7]);
		break;
	case K_BUF_RET:
		len = put_user_bytes(buf, off, (void *)c->args[p.a & 7], c->ret);
		break;
	case K_BUF_LEN:
		len = put_user_bytes(buf, off, (void *)c->args[p.a & 7], c->args[p.b & 7]);
		break;
	case K_IOV_RET:
	case K_IOV_LEN:
		len = g_iov(c, c->args[p.a & 7], c->args[p.b & 7], p.kind == K_IOV_RET ? c->ret : 0x7fffffff);
		break;
	case K_MSG_RET:
	case K_MSG_LEN: {
		struct user_msghdr mh = {};
		if (bpf_probe_read_user(&mh, sizeof(mh), (void *)c->args[p.a & 7]))
			break;
		len = g_iov(c, (u64)mh.msg_iov, mh.msg_iovlen, p.kind == K_MSG_RET ? c->ret : 0x7fffffff);
		break;
	}
	case K_SOCKADDR: {
		u32 alen = p.b == 0xff ? 128 : c->args[p.b & 7];
		if (c->exit && c->ret < 0 && p.b == 0xff)
			break;
		len = g_sockaddr(c, c->args[p.a & 7], alen);
		break;
	}
	case K_TUPLE: {
		long fd = p.a == 0xff ? c->ret : (long)(s32)c->args[p.a & 7];
		len = g_tuple(c, fd, p.b & 1, ((u32)(p.b >> 1) & 3) << 8 | p.size);
		break;
	}
	case K_FD_DEV:
	case K_FD_INO: {
		long fd = p.a == 0xff ? c->ret : (long)(s32)c->args[p.a & 7];
		struct file *f = fd_file(t, fd);
		u64 x = 0;
		if (f) {
			struct inode *ino = BPF_CORE_READ(f, f_inode);
			x = p.kind == K_FD_DEV ? encode_dev(BPF_CORE_READ(ino, i_sb, s_dev)) : BPF_CORE_READ(ino, i_ino);
		}
		len = put_fixed(buf, off, x, p.kind == K_FD_DEV ? 4 : 8);
		break;
	}
	case K_FLAGS:
		v = translate(c->args[p.a & 7], p.b);
		if (p.b == FT_OPEN && c->exit)
			v |= open_created(t, c->ret);
		len = put_fixed(buf, off, v, p.size);
		break;
	case K_OPEN_MODE: {
		u64 fl = c->args[p.b & 7];
		v = (fl & (0100 | 020000000)) ? (c->args[p.a & 7] & 07777) : 0;
		len = put_fixed(buf, off, v, 4);
		break;
	}
	case K_OPEN2: {
		struct open_how how = {};
		bpf_probe_read_user(&how, sizeof(how), (void *)c->args[p.a & 7]);
		if (p.b == 0)
			v = translate(how.flags, FT_OPEN) | (c->exit ? open_created(t, c->ret) : 0);
		else if (p.b == 1)
			v = (how.flags & (0100 | 020000000)) ? (how.mode & 07777) : 0;
		else
			v = how.resolve;
		len = put_fixed(buf, off, v, 4);
		break;
	}
	case K_PAIR_FD:
	case K_PAIR_SK:
	case K_PAIR_INO: {
		u64 both = 0xffffffffffffffffull;
		if (c->ret >= 0)
			bpf_probe_read_user(&both, sizeof(both), (void *)c->args[p.a & 7]);
		s32 fd0 = (s32)both, fd1 = (s32)(both >> 32);
		if (p.kind == K_PAIR_FD) {
			len = put_fixed(buf, off, (s64)((p.b & 1) ? fd1 : fd0), 8);
		} else if (p.kind == K_PAIR_SK) {
			struct file *f = fd_file(t, fd0);
			struct socket *so = f ? BPF_CORE_READ(f, private_data) : NULL;
			struct sock *sk = so ? BPF_CORE_READ(so, sk) : NULL;
			if (sk && (p.b & 1))
				sk = BPF_CORE_READ((struct unix_sock *)sk, peer);
			len = put_fixed(buf, off, (u64)sk, 8);
		} else {
			struct file *f = fd_file(t, fd0);
			len = put_fixed(buf, off, f ? BPF_CORE_READ(f, f_inode, i_ino) : 0, 8);
		}
		break;
	}
	case K_CLONE_FLAGS:
		len = put_fixed(buf, off, clone_flags(c, p.b), 4);
		break;
	case K_PROC:
		if (p.b == PF_CGROUPS) {
			len = g_cgroups(c);
		} else if (p.b == PF_EXE || p.b == PF_ARGS || p.b == PF_ENV || p.b == PF_CWD || p.b == PF_COMM ||
		    p.b == PF_EXEPATH) {
			len = g_procvar(c, p.b);
		} else {
			len = g_procfix(c, p.b);
		}
		break;
	case K_EXECFN: {
		/* after a successful exec the kernel has put the file name at the top of the new
		 * stack, right after the environment strings; otherwise read the caller's argument */
		const void *src = (void *)c->args[p.a & 7];
		if (c->at_exit && c->ret == 0) {
			struct mm_struct *mm = BPF_CORE_READ(t, mm);
			if (mm)
				src = (void *)BPF_CORE_READ(mm, env_end);
		}
		len = put_user_str(buf, off, src);
		break;
	}
	case K_DYN_U64:
		buf[off & SCAP_SCRATCH_MASK] = 0;
		put_u64(buf, off + 1, c->args[p.a & 7]);
		len = 9;
		break;
	case K_DYN_RET:
		buf[off & SCAP_SCRATCH_MASK] = c->ret < 0 ? 1 : 0;
		put_u64(buf, off + 1, c->ret);
		len = 9;
		break;
	case K_SYSCALLID:
		len = put_fixed(buf, off, sc->ppm_sc, 2);
		break;
	case K_NATIVEID:
		len = put_fixed(buf, off, c->nr, 2);
		break;
	case K_ARG_U32: {
		u32 x = 0;
		bpf_probe_read_user(&x, sizeof(x), (void *)c->args[p.a & 7]);
		len = put_fixed(buf, off, x, 4);
		break;
	}
	}
	len &= 0xffff;
	*(u16 *)&buf[(c->lens + 2 * i) & SCAP_SCRATCH_MASK] = len;
	c->off = off + len;
	return 0;
}

/* Wake the consumer only when the ring fills up; otherwise it polls on a short timer. This keeps
 * wake-ups (and their cost in the traced task) out of the per-event path. */
static __always_inline u64 wakeup_flag(void)
{
	u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	u64 size = bpf_ringbuf_query(&events, BPF_RB_RING_SIZE);
	return avail > size / 4 ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline int emit(struct fill_ctx *c, u16 type, u64 ts, u64 tid)
{
	struct scratch_buf *sb = bpf_map_lookup_elem(&scratch, &c->cpu);
	u8 *buf;
	if (!sb) {
		count(ST_DROPS_SCRATCH);
		return 0;
	}
	buf = sb->b;
	c->lens = SCAP_BLOCK_HDR + SCAP_EVT_HDR;
	c->off = c->lens + 2 * c->n;
	for (u32 i = 0; i < SCAP_MAX_PARAMS; i++) {
		if (i >= c->n)
			break;
		c->i = i;
		if (g_fill(c) < 0)
			break;
	}
	u32 evlen = c->off - SCAP_BLOCK_HDR;
	u32 pad = (4 - ((2 + evlen) & 3)) & 3;
	u32 bl = 14 + evlen + pad;
	*(u32 *)&buf[0] = bl - 8 <= SCAP_READER_BUF ? SCAP_BLOCK_EV_V2 : SCAP_BLOCK_EV_V2_LARGE;
	*(u32 *)&buf[4] = bl;
	*(u16 *)&buf[8] = c->cpu;
	*(u64 *)&buf[10] = ts;
	*(u64 *)&buf[18] = tid;
	*(u32 *)&buf[26] = evlen;
	*(u16 *)&buf[30] = type;
	*(u32 *)&buf[32] = c->n;
	u32 o = c->off & SCAP_SCRATCH_MASK;
	*(u32 *)&buf[o] = 0; /* padding */
	*(u32 *)&buf[(c->off + pad) & SCAP_SCRATCH_MASK] = bl;
	if (bl > SCAP_SCRATCH_MASK || bl < 40) {
		count(ST_DROPS_SCRATCH);
		return 0;
	}
	if (bpf_ringbuf_output(&events, buf, bl & SCAP_SCRATCH_MASK, wakeup_flag())) {
		count(ST_DROPS);
		return 0;
	}
	return 1;
}

static __always_inline u64 now(void)
{
	return bpf_ktime_get_boot_ns() + cfg.boot_ts;
}

static __always_inline void load_args(struct fill_ctx *c, struct pt_regs *regs)
{
	/* tp_btf hands a trusted pointer: plain loads, no probe-read helper calls */
	c->args[0] = regs->di;
	c->args[1] = regs->si;
	c->args[2] = regs->dx;
	c->args[3] = regs->r10;
	c->args[4] = regs->r8;
	c->args[5] = regs->r9;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(scap_sys_enter, struct pt_regs *regs, long id)
{
	struct fill_ctx c = {};
	struct scap_syscall *sc;
	u64 ts = now();
	u32 nr = id;

	/* 32-bit syscalls have other numbers and registers: left out */
	if (nr >= SCAP_NSYSCALLS || (bpf_get_current_task_btf()->thread_info.status & TS_COMPAT) ||
	    !want(NULL))
		return 0;
	sc = bpf_map_lookup_elem(&syscalls, &nr);
	if (!sc || !sc->enabled)
		return 0;
	if (sc->flags & SC_DEFER_ENTER) {
		u32 tid = bpf_get_current_pid_tgid();
		bpf_map_update_elem(&enter_ts, &tid, &ts, BPF_ANY);
		return 0;
	}
	c.nr = nr;
	c.n = sc->n_enter;
	c.cpu = bpf_get_smp_processor_id();
	load_args(&c, regs);
	emit(&c, sc->enter_type, ts, bpf_get_current_pid_tgid() & 0xffffffff);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(scap_sys_exit, struct pt_regs *regs, long ret)
{
	struct fill_ctx c = {};
	struct scap_syscall *sc;
	u64 ts = now();
	u32 nr = regs->orig_ax;

	if (bpf_get_current_task_btf()->thread_info.status & TS_COMPAT) {
		/* a 64-bit execve of a 32-bit program returns as the ia32 execve (11): keep it */
		if (nr != 11)
			return 0;
		nr = 59;
	}
	if (nr >= SCAP_NSYSCALLS || !want(NULL))
		return 0;
	sc = bpf_map_lookup_elem(&syscalls, &nr);
	if (!sc || !sc->enabled)
		return 0;
	c.nr = nr;
	c.ret = ret;
	c.at_exit = 1;
	c.cpu = bpf_get_smp_processor_id();
	load_args(&c, regs);
	if (sc->flags & SC_DEFER_ENTER) {
		u32 tid = bpf_get_current_pid_tgid();
		u64 *ets = bpf_map_lookup_elem(&enter_ts, &tid);
		u64 ets_v = ets ? *ets : ts - 1;
		if (ets)
			bpf_map_delete_elem(&enter_ts, &tid);
		c.n = sc->n_enter;
		emit(&c, sc->enter_type, ets_v, tid);
	}
	c.n = sc->n_exit;
	c.exit = 1;
	emit(&c, sc->enter_type + 1, ts, bpf_get_current_pid_tgid() & 0xffffffff);
	return 0;
}

/* procexit (186): status, ret, sig, core, reaper_tid */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(scap_proc_exit, struct task_struct *p)
{
	struct scratch_buf *sb;
	u32 cpu = bpf_get_smp_processor_id();
	u64 ts = now();
	if (!want(NULL))
		return 0;
	sb = bpf_map_lookup_elem(&scratch, &cpu);
	if (!sb)
		return 0;
	u8 *b = sb->b;
	s32 code = BPF_CORE_READ(p, exit_code);
	u32 evlen = SCAP_EVT_HDR + 5 * 2 + 8 + 8 + 1 + 1 + 8;
	u32 pad = (4 - ((2 + evlen) & 3)) & 3;
	u32 bl = 14 + evlen + pad;
	*(u32 *)&b[0] = SCAP_BLOCK_EV_V2;
	*(u32 *)&b[4] = bl;
	*(u16 *)&b[8] = cpu;
	*(u64 *)&b[10] = ts;
	*(u64 *)&b[18] = BPF_CORE_READ(p, pid);
	*(u32 *)&b[26] = evlen;
	*(u16 *)&b[30] = 186;
	*(u32 *)&b[32] = 5;
	*(u16 *)&b[36] = 8;
	*(u16 *)&b[38] = 8;
	*(u16 *)&b[40] = 1;
	*(u16 *)&b[42] = 1;
	*(u16 *)&b[44] = 8;
	*(s64 *)&b[46] = code;
	*(s64 *)&b[54] = (code >> 8) & 0xff;
	b[62] = code & 0x7f;
	b[63] = (code & 0x80) ? 1 : 0;
	*(u64 *)&b[64] = 0;
	*(u32 *)&b[72] = 0;
	*(u32 *)&b[(10 + evlen + pad) & 127] = bl;
	if (bpf_ringbuf_output(&events, b, bl & 127, wakeup_flag()))
		count(ST_DROPS);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(scap_proc_fork, struct task_struct *parent, struct task_struct *child)
{
	u32 ptgid, ctgid;
	u8 one = 1;
	if (!(cfg.filters & FILTER_FOLLOW))
		return 0;
	ptgid = BPF_CORE_READ(parent, tgid);
	if (!bpf_map_lookup_elem(&tracked, &ptgid))
		return 0;
	ctgid = BPF_CORE_READ(child, tgid);
	bpf_map_update_elem(&tracked, &ctgid, &one, BPF_ANY);
	return 0;
}
