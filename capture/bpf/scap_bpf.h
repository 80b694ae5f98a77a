/* Record layout and tables shared by the BPF program (scap_probe.bpf.c), the user-space
 * drain helper (drain.c) and, through capture/layout.py, the Python loader.
 *
 * The BPF side writes complete scap EV_V2 event blocks (block header, cpuid, 26-byte event
 * header, u16 parameter lengths, parameter values, padding, trailer) into one BPF ring
 * buffer; user space copies them to the file unchanged.
 */
#ifndef SCAP_BPF_H
#define SCAP_BPF_H

#define SCAP_MAX_PARAMS 32        /* execve exit has 31 */
#define SCAP_NSYSCALLS 512        /* x86_64 native syscall numbers below this */
#define SCAP_NFLAGTABLES 8
#define SCAP_FLAGTABLE_LEN 48
#define SCAP_MAX_CGROUPS 16
#define SCAP_COMM_LEN 16

#define SCAP_BLOCK_EV_V2 0x216
#define SCAP_BLOCK_EV_V2_LARGE 0x221
#define SCAP_READER_BUF 65536      /* non-large block bodies must fit in this */
#define SCAP_BLOCK_HDR 10          /* u32 type, u32 len, u16 cpuid */
#define SCAP_EVT_HDR 26            /* u64 ts, u64 tid, u32 len, u16 type, u32 nparams */

#define SCAP_SCRATCH_SIZE (1 << 17) /* per-CPU event assembly area */
#define SCAP_SCRATCH_MASK ((1 << 16) - 1)
#define SCAP_TMP_SIZE (1 << 13)     /* per-CPU path assembly area */
#define SCAP_PATH_MAX 4096
#define SCAP_ARGS_MAX 4096

/* parameter source kinds (struct scap_param.kind) */
enum scap_kind {
	K_NONE = 0,     /* zero-filled value of `size` bytes */
	K_ARG = 1,      /* syscall arg a, `size` bytes; b & 1: sign-extend a 32-bit int */
	K_RET = 2,      /* return value, `size` bytes */
	K_STR = 3,      /* NUL-terminated user string at arg a */
	K_BUF_RET = 4,  /* user bytes at arg a, length = min(ret, snaplen) */
	K_BUF_LEN = 5,  /* user bytes at arg a, length = min(arg b, snaplen) */
	K_IOV_RET = 6,  /* iovec array at arg a (count arg b), up to min(ret, snaplen) */
	K_IOV_LEN = 7,  /* iovec array at arg a (count arg b), up to snaplen */
	K_MSG_RET = 8,  /* struct msghdr at arg a, data up to min(ret, snaplen) */
	K_MSG_LEN = 9,  /* struct msghdr at arg a, data up to snaplen */
	K_SOCKADDR = 10,/* user sockaddr at arg a, length arg b (b = 0xff: use 128) */
	K_TUPLE = 11,   /* socket tuple of fd (arg a, or ret when a = 0xff); b & 1: inbound; b >> 1:
	                 * peer address given by the caller: 0 none, 1 sockaddr at arg size >> 4 with length
	                 * arg size & 15, 2 the same with the length in the int at that arg, 3 msg_name of
	                 * the msghdr at arg size >> 4 */
	K_FD_DEV = 12,  /* u32 device of fd (arg a or ret) */
	K_FD_INO = 13,  /* u64 inode of fd (arg a or ret) */
	K_FLAGS = 14,   /* arg a translated with flag table b, `size` bytes */
	K_OPEN_MODE = 15, /* u32 mode arg a if flags arg b has O_CREAT/O_TMPFILE, else 0 */
	K_PAIR_FD = 16, /* i64 fd b of the int[2] at arg a */
	K_PAIR_INO = 17,/* u64 inode of fd 0 of the int[2] at arg a */
	K_CLONE_FLAGS = 18, /* PPM_CL flags; b: 0 clone (arg0), 1 clone3 (struct at arg0), 2 fork, 3 vfork */
	K_PROC = 19,    /* process field b (enum scap_proc_field) */
	K_EXECFN = 20,  /* execve file name: after a successful exec the copy the kernel put on the
	                 * new stack, else the string at arg a (event built at exit: SC_DEFER_ENTER) */
	K_DYN_U64 = 21, /* PT_DYN with index 0 and u64 arg a */
	K_SYSCALLID = 22, /* u16 PPM_SC code of this syscall */
	K_NATIVEID = 23,  /* u16 native syscall number */
	K_ARG_U32 = 25,   /* u32 of user int pointed by arg a (e.g. accept addrlen) */
	K_OPEN2 = 26,     /* openat2 struct open_how at arg a: b 0 flags (translated), 1 mode, 2 resolve */
	K_PAIR_SK = 28,   /* u64 socket (b = 0) or its peer (b = 1) of fd 0 of the int[2] at arg a */
	K_DYN_RET = 27,   /* PT_DYN: index 0 + ret as fd when ret >= 0, else index 1 + ret as errno */
};

enum scap_proc_field {
	PF_EXE = 0, PF_ARGS, PF_TID, PF_PID, PF_PTID, PF_CWD, PF_FDLIMIT, PF_PGFT_MAJ, PF_PGFT_MIN,
	PF_VM_SIZE, PF_VM_RSS, PF_VM_SWAP, PF_COMM, PF_CGROUPS, PF_ENV, PF_TTY, PF_PGID, PF_LOGINUID,
	PF_EXE_FLAGS, PF_CAP_INH, PF_CAP_PRM, PF_CAP_EFF, PF_EXE_INO, PF_EXE_CTIME, PF_EXE_MTIME,
	PF_UID, PF_GID, PF_EXEPATH, PF_VTID, PF_VPID, PF_PIDNS_START, PF_ZERO_U32,
};

struct scap_param {
	unsigned char kind;
	unsigned char a;
	unsigned char b;
	unsigned char size;
};

struct scap_syscall {
	unsigned short enter_type;   /* scap event id of the enter event */
	unsigned short ppm_sc;       /* PPM_SC code (generic events) */
	unsigned char n_enter;
	unsigned char n_exit;
	unsigned char flags;         /* SC_* below */
	unsigned char enabled;       /* 0: not captured */
	struct scap_param enter[SCAP_MAX_PARAMS];
	struct scap_param exit[SCAP_MAX_PARAMS];
};

#define SC_DEFER_ENTER 2  /* build the enter event at exit time (its user strings are paged in then) */

struct scap_flag {
	unsigned int mask;
	unsigned int value;
	unsigned int ppm;
};

struct scap_flagtable {
	unsigned int n;
	struct scap_flag f[SCAP_FLAGTABLE_LEN];
};

/* filters and settings: the program's read-only globals (.rodata), set before load */
#define FILTER_PIDS 1      /* only threads whose tgid is in the `tracked` map */
#define FILTER_FOLLOW 2    /* add children of tracked processes to `tracked` */
#define FILTER_COMM 4      /* only threads whose comm equals `comm` */
#define FILTER_CGROUP 8    /* only threads in one of `cgroup_ids` (cgroup v2) */

struct scap_config {
	unsigned long long boot_ts;   /* add to bpf_ktime_get_boot_ns() to get ns since epoch */
	unsigned int snaplen;
	unsigned int filters;
	unsigned int self_tgid;       /* never capture the capturing process */
	unsigned int n_cgroups;
	unsigned long long cgroup_ids[SCAP_MAX_CGROUPS];
	char comm[SCAP_COMM_LEN];
};

/* per-CPU counters (index in the `stats` per-CPU array) */
enum scap_stat { ST_EVENTS = 0 /* unused: user space counts events */, ST_DROPS, ST_DROPS_SCRATCH, ST_NSTATS };

#endif
