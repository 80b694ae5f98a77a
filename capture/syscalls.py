"""Which scap events each x86_64 syscall produces, and where each parameter value comes from.

Every entry gives the scap enter event id and, for the enter and the exit event, one token per
parameter (see :data:`TOKENS`). :func:`compile_table` turns them into the binary
``struct scap_syscall`` records of ``capture/bpf/scap_bpf.h``, checking each against the event
tables of ``analyzer.scap.event_table``: enter events have the 2022 parameter count, exit events
the current one, all ids are below 336 (readable by sysdig 0.29.3 and current libs). Syscalls
without an entry produce generic events (ids 0/1) carrying their PPM_SC code, so nothing is invisible.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

from analyzer.scap import event_table as et

from . import layout as L

# x86_64 native syscall numbers (kernel ABI, arch/x86/entry/syscalls/syscall_64.tbl); "-" = unused
X86_64_NAMES: tuple[str, ...] = tuple('read write open close stat fstat lstat poll lseek mmap mprotect munmap brk rt_sigaction rt_sigprocmask rt_sigreturn ioctl pread64 pwrite64 readv writev access pipe select sched_yield mremap msync mincore madvise shmget shmat shmctl dup dup2 pause nanosleep getitimer alarm setitimer getpid sendfile socket connect accept sendto recvfrom sendmsg recvmsg shutdown bind listen getsockname getpeername socketpair setsockopt getsockopt clone fork vfork execve exit wait4 kill uname semget semop semctl shmdt msgget msgsnd msgrcv msgctl fcntl flock fsync fdatasync truncate ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link unlink symlink readlink chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage sysinfo times ptrace getuid syslog getgid setuid setgid geteuid getegid setpgid getppid getpgrp setsid setreuid setregid getgroups setgroups setresuid getresuid setresgid getresgid getpgid setfsuid setfsgid getsid capget capset rt_sigpending rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack utime mknod uselib personality ustat statfs fstatfs sysfs getpriority setpriority sched_setparam sched_getparam sched_setscheduler sched_getscheduler sched_get_priority_max sched_get_priority_min sched_rr_get_interval mlock munlock mlockall munlockall vhangup modify_ldt pivot_root _sysctl prctl arch_prctl adjtimex setrlimit chroot sync acct settimeofday mount umount2 swapon swapoff reboot sethostname setdomainname iopl ioperm create_module init_module delete_module get_kernel_syms query_module quotactl nfsservctl getpmsg putpmsg afs_syscall tuxcall security gettid readahead setxattr lsetxattr fsetxattr getxattr lgetxattr fgetxattr listxattr llistxattr flistxattr removexattr lremovexattr fremovexattr tkill time futex sched_setaffinity sched_getaffinity set_thread_area io_setup io_destroy io_getevents io_submit io_cancel get_thread_area lookup_dcookie epoll_create epoll_ctl_old epoll_wait_old remap_file_pages getdents64 set_tid_address restart_syscall semtimedop fadvise64 timer_create timer_settime timer_gettime timer_getoverrun timer_delete clock_settime clock_gettime clock_getres clock_nanosleep exit_group epoll_wait epoll_ctl tgkill utimes vserver mbind set_mempolicy get_mempolicy mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr kexec_load waitid add_key request_key keyctl ioprio_set ioprio_get inotify_init inotify_add_watch inotify_rm_watch migrate_pages openat mkdirat mknodat fchownat futimesat newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat pselect6 ppoll unshare set_robust_list get_robust_list splice tee sync_file_range vmsplice move_pages utimensat epoll_pwait signalfd timerfd_create eventfd fallocate timerfd_settime timerfd_gettime accept4 signalfd4 eventfd2 epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev rt_tgsigqueueinfo perf_event_open recvmmsg fanotify_init fanotify_mark prlimit64 name_to_handle_at open_by_handle_at clock_adjtime syncfs sendmmsg setns getcpu process_vm_readv process_vm_writev kcmp finit_module sched_setattr sched_getattr renameat2 seccomp getrandom memfd_create kexec_file_load bpf execveat userfaultfd membarrier mlock2 copy_file_range preadv2 pwritev2 pkey_mprotect pkey_alloc pkey_free statx io_pgetevents rseq - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - pidfd_send_signal io_uring_setup io_uring_enter io_uring_register open_tree move_mount fsopen fsconfig fsmount fspick pidfd_open clone3 close_range openat2 pidfd_getfd faccessat2 process_madvise epoll_pwait2 mount_setattr quotactl_fd landlock_create_ruleset landlock_add_rule landlock_restrict_self memfd_secret process_mrelease futex_waitv set_mempolicy_home_node'.split())

NR: dict[str, int] = {n: i for i, n in enumerate(X86_64_NAMES) if n != "-"}

# Linux flag values for the scap flag tables that are not identical to the kernel's (name -> value).
_OPEN = [  # (mask, value, ppm)
    (0o3, 0o0, 1), (0o3, 0o1, 2), (0o3, 0o2, 3),
    (0o100, 0o100, 4), (0o200, 0o200, 32), (0o1000, 0o1000, 256), (0o2000, 0o2000, 8),
    (0o4000, 0o4000, 64), (0o10000, 0o10000, 16), (0o4000000, 0o4000000, 128),
    (0o40000, 0o40000, 512), (0o100000, 0o100000, 2048), (0o200000, 0o200000, 1024),
    (0o2000000, 0o2000000, 4096), (0o20000000, 0o20000000, 8192),
]
_LINUX_CLONE = {
    "CLONE_VM": 0x100, "CLONE_FS": 0x200, "CLONE_FILES": 0x400, "CLONE_SIGHAND": 0x800,
    "CLONE_PTRACE": 0x2000, "CLONE_VFORK": 0x4000, "CLONE_PARENT": 0x8000, "CLONE_THREAD": 0x10000,
    "CLONE_NEWNS": 0x20000, "CLONE_SYSVSEM": 0x40000, "CLONE_SETTLS": 0x80000,
    "CLONE_PARENT_SETTID": 0x100000, "CLONE_CHILD_CLEARTID": 0x200000, "CLONE_UNTRACED": 0x800000,
    "CLONE_CHILD_SETTID": 0x1000000, "CLONE_NEWCGROUP": 0x2000000, "CLONE_NEWUTS": 0x4000000,
    "CLONE_NEWIPC": 0x8000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000, "CLONE_IO": 0x80000000,
}
_LINUX_MMAP = {
    "MAP_SHARED": 1, "MAP_PRIVATE": 2, "MAP_FIXED": 0x10, "MAP_ANONYMOUS": 0x20, "MAP_32BIT": 0x40,
    "MAP_GROWSDOWN": 0x100, "MAP_DENYWRITE": 0x800, "MAP_EXECUTABLE": 0x1000, "MAP_LOCKED": 0x2000,
    "MAP_NORESERVE": 0x4000, "MAP_POPULATE": 0x8000, "MAP_NONBLOCK": 0x10000,
}
_LINUX_FCNTL = {
    "F_DUPFD": 0, "F_GETFD": 1, "F_SETFD": 2, "F_GETFL": 3, "F_SETFL": 4, "F_GETLK": 5, "F_SETLK": 6,
    "F_SETLKW": 7, "F_SETOWN": 8, "F_GETOWN": 9, "F_SETSIG": 10, "F_GETSIG": 11, "F_SETOWN_EX": 15,
    "F_GETOWN_EX": 16, "F_OFD_GETLK": 36, "F_OFD_SETLK": 37, "F_OFD_SETLKW": 38, "F_SETLEASE": 1024,
    "F_GETLEASE": 1025, "F_NOTIFY": 1026, "F_CANCELLK": 1029, "F_DUPFD_CLOEXEC": 1030,
    "F_SETPIPE_SZ": 1031, "F_GETPIPE_SZ": 1032,
}
_LINUX_PTRACE = {
    "PTRACE_TRACEME": 0, "PTRACE_PEEKTEXT": 1, "PTRACE_PEEKDATA": 2, "PTRACE_PEEKUSR": 3,
    "PTRACE_POKETEXT": 4, "PTRACE_POKEDATA": 5, "PTRACE_POKEUSR": 6, "PTRACE_CONT": 7, "PTRACE_KILL": 8,
    "PTRACE_SINGLESTEP": 9, "PTRACE_GETREGS": 12, "PTRACE_SETREGS": 13, "PTRACE_GETFPREGS": 14,
    "PTRACE_SETFPREGS": 15, "PTRACE_ATTACH": 16, "PTRACE_DETACH": 17, "PTRACE_GETFPXREGS": 18,
    "PTRACE_SETFPXREGS": 19, "PTRACE_SYSCALL": 24, "PTRACE_GET_THREAD_AREA": 25,
    "PTRACE_SET_THREAD_AREA": 26, "PTRACE_ARCH_PRCTL": 30, "PTRACE_SYSEMU": 31,
    "PTRACE_SYSEMU_SINGLESTEP": 32, "PTRACE_SINGLEBLOCK": 33, "PTRACE_SETOPTIONS": 0x4200,
    "PTRACE_GETEVENTMSG": 0x4201, "PTRACE_GETSIGINFO": 0x4202, "PTRACE_SETSIGINFO": 0x4203,
    "PTRACE_GETREGSET": 0x4204, "PTRACE_SETREGSET": 0x4205, "PTRACE_SEIZE": 0x4206,
    "PTRACE_INTERRUPT": 0x4207, "PTRACE_LISTEN": 0x4208, "PTRACE_PEEKSIGINFO": 0x4209,
    "PTRACE_GETSIGMASK": 0x420A, "PTRACE_SETSIGMASK": 0x420B,
}

# flag table ids (the BPF side knows 0 = open and 1 = clone)
FLAGTABLE_IDS = {"open": 0, "clone": 1, "mmap": 2, "fcntl": 3, "ptrace": 4, "execveat": 5}
_LINUX_EXECVEAT = {"AT_EMPTY_PATH": 0x1000, "AT_SYMLINK_NOFOLLOW": 0x100}


def _bits(table: str, linux: dict[str, int]) -> list[tuple[int, int, int]]:
    return [(linux[n], linux[n], v) for v, n in et.FLAG_TABLES[table] if n in linux and linux[n]]


def _enum(table: str, linux: dict[str, int]) -> list[tuple[int, int, int]]:
    return [(0xFFFFFFFF, linux[n], v) for v, n in et.FLAG_TABLES[table] if n in linux]


def flag_tables() -> dict[int, list[tuple[int, int, int]]]:
    return {
        0: _OPEN,
        1: _bits("clone_flags", _LINUX_CLONE),
        2: _bits("mmap_flags", _LINUX_MMAP),
        3: _enum("fcntl_commands", _LINUX_FCNTL),
        4: _enum("ptrace_requests", _LINUX_PTRACE),
        5: _bits("execveat_flags", _LINUX_EXECVEAT),
    }


_CLONE_X = ["r", "P.exe", "P.args", "P.tid", "P.pid", "P.ptid", "P.cwd", "P.fdlimit", "P.pgft_maj",
            "P.pgft_min", "P.vm_size", "P.vm_rss", "P.vm_swap", "P.comm", "P.cgroups"]
_CLONE_TAIL = ["P.uid", "P.gid", "P.vtid", "P.vpid", "P.pidns_start"]
_EXEC_X = _CLONE_X[:15] + [
    "P.env", "P.tty", "P.pgid", "P.loginuid", "P.exe_flags", "P.cap_inh", "P.cap_prm", "P.cap_eff",
    "P.exe_ino", "P.exe_ctime", "P.exe_mtime", "P.uid", "P.exepath", "P.pgid", "P.gid",
]

# syscall -> (enter event id, enter tokens, exit tokens)
# (bpf stays generic: sysdig 0.29.3 crashes formatting the fd of its legacy 296/297 events)
SPEC: dict[str, tuple[int, list[str], list[str]]] = {
    "open": (2, ["s0", "Fopen1", "mode2.1"], ["r", "s0", "Fopen1", "mode2.1", "dev", "ino"]),
    "openat": (306, ["a0~", "s1", "Fopen2", "mode3.2"], ["r", "a0~", "s1", "Fopen2", "mode3.2", "dev", "ino"]),
    "openat2": (326, ["a0~", "s1", "how2.0", "how2.1", "how2.2"],
                ["r", "a0~", "s1", "how2.0", "how2.1", "how2.2", "dev", "ino"]),
    "creat": (58, ["s0", "a1"], ["r", "s0", "a1", "dev", "ino", "0"]),
    "close": (4, ["a0~"], ["r", "a0~"]),
    "read": (6, ["a0~", "a2"], ["r", "br1", "a0~", "a2"]),
    "write": (8, ["a0~", "a2"], ["r", "bl1.2", "a0~", "a2"]),
    "pread64": (112, ["a0~", "a2", "a3"], ["r", "br1", "a0~", "a2", "a3"]),
    "pwrite64": (114, ["a0~", "a2", "a3"], ["r", "bl1.2", "a0~", "a2", "a3"]),
    "readv": (116, ["a0~"], ["r", "r", "ir1.2", "a0~"]),
    "writev": (118, ["a0~", "0"], ["r", "il1.2", "a0~", "0"]),
    "preadv": (120, ["a0~", "a3"], ["r", "r", "ir1.2", "a0~", "a3"]),
    "pwritev": (122, ["a0~", "0", "a3"], ["r", "il1.2", "a0~", "0", "a3"]),
    "socket": (18, ["a0", "a1", "a2"], ["r", "a0", "a1", "a2", "0"]),
    "bind": (20, ["a0~"], ["r", "sa1.2", "a0~"]),
    "connect": (22, ["a0~", "sa1.2"], ["r", "t0", "a0~", "sa1.2"]),
    "listen": (24, ["a0~", "a1"], ["r", "a0~", "a1"]),
    "accept": (246, [], ["r", "tri", "0", "0", "0"]),
    "accept4": (248, ["a3"], ["r", "tri", "0", "0", "0"]),
    "sendto": (30, ["a0~", "a2", "t0:u4.5"], ["r", "bl1.2", "a0~", "a2", "t0:u4.5"]),
    "recvfrom": (34, ["a0~", "a2"], ["r", "br1", "t0i:p4.5", "a0~", "a2"]),
    "sendmsg": (48, ["a0~", "0", "t0:m1"], ["r", "ml1", "a0~", "0", "t0:m1"]),
    "recvmsg": (52, ["a0~"], ["r", "r", "mr1", "t0i:m1", "0", "a0~"]),
    "shutdown": (36, ["a0~", "a1"], ["r", "a0~", "a1"]),
    "socketpair": (42, ["a0", "a1", "a2"], ["r", "pf3.0", "pf3.1", "psk3.0", "psk3.1", "a0", "a1", "a2"]),
    "pipe": (60, [], ["r", "pf0.0", "pf0.1", "pino0"]),
    "pipe2": (60, [], ["r", "pf0.0", "pf0.1", "pino0"]),
    "dup": (124, ["a0~"], ["r"]),
    "dup2": (124, ["a0~"], ["r"]),
    "dup3": (124, ["a0~"], ["r"]),
    "fcntl": (150, ["a0~", "Ffcntl1"], ["r", "a0~", "Ffcntl1", "a2"]),
    "eventfd": (62, ["a0", "0"], ["r", "a0", "0"]),
    "eventfd2": (62, ["a0", "a1"], ["r", "a0", "a1"]),
    "chdir": (94, [], ["r", "s0"]),
    "fchdir": (96, ["a0~"], ["r", "a0~"]),
    "chroot": (266, [], ["r", "s0"]),
    "mkdir": (276, ["a1"], ["r", "s0", "a1"]),
    "mkdirat": (304, [], ["r", "a0~", "s1", "a2"]),
    "rmdir": (278, [], ["r", "s0"]),
    "unlink": (300, [], ["r", "s0"]),
    "unlinkat": (302, [], ["r", "a0~", "s1", "a2"]),
    "rename": (174, [], ["r", "s0", "s1"]),
    "renameat": (176, [], ["r", "a0~", "s1", "a2~", "s3"]),
    "renameat2": (318, [], ["r", "a0~", "s1", "a2~", "s3", "a4"]),
    "symlink": (178, [], ["r", "s0", "s1"]),
    "symlinkat": (180, [], ["r", "s0", "a1~", "s2"]),
    "link": (308, [], ["r", "s0", "s1"]),
    "linkat": (310, [], ["r", "a0~", "s1", "a2~", "s3", "a4"]),
    "chmod": (314, [], ["r", "s0", "a1"]),
    "fchmod": (316, [], ["r", "a0~", "a1"]),
    "fchmodat": (312, [], ["r", "a0~", "s1", "a2"]),
    "access": (264, ["a1"], ["r", "s0", "a1"]),
    "stat": (66, [], ["r", "s0"]),
    "lstat": (68, [], ["r", "s0"]),
    "fstat": (70, ["a0~"], ["r", "a0~"]),
    "setuid": (198, ["a0"], ["r", "a0"]),
    "setgid": (200, ["a0"], ["r", "a0"]),
    "setresuid": (192, ["a0", "a1", "a2"], ["r", "a0", "a1", "a2"]),
    "setresgid": (194, ["a0", "a1", "a2"], ["r", "a0", "a1", "a2"]),
    "setsid": (274, [], ["r"]),
    "setpgid": (294, ["a0", "a1"], ["r", "a0", "a1"]),
    "ptrace": (168, ["Fptrace0", "a1~"], ["r", "dyn2", "dyn3", "Fptrace0", "a1~"]),
    "kill": (128, ["a0~", "a1"], ["r", "a0~", "a1"]),
    "tkill": (130, ["a0~", "a1"], ["r", "a0~", "a1"]),
    "tgkill": (132, ["a0~", "a1~", "a2"], ["r", "a0~", "a1~", "a2"]),
    "mmap": (160, ["a0", "a1", "a2", "Fmmap3", "a4~", "a5"],
             ["r", "P.vm_size", "P.vm_rss", "P.vm_swap", "a0", "a1", "a2", "Fmmap3", "a4~", "a5"]),
    "munmap": (164, ["a0", "a1"], ["r", "P.vm_size", "P.vm_rss", "P.vm_swap", "a0", "a1"]),
    "mprotect": (328, ["a0", "a1", "a2"], ["r", "a0", "a1", "a2"]),
    "brk": (10, ["a0"], ["r"]),
    "mount": (256, ["a3"], ["r", "s0", "s1", "s2", "a3"]),
    "umount2": (258, ["a1"], ["r", "s0"]),
    "setns": (240, ["a0~", "Fclone1"], ["r", "a0~", "Fclone1"]),
    "unshare": (284, ["Fclone0"], ["r", "Fclone0"]),
    "ioctl": (170, ["a0~", "a1", "a2"], ["r", "a0~", "a1", "a2"]),
    "userfaultfd": (320, [], ["r", "a0"]),
    "flock": (242, ["a0~", "a1"], ["r", "a0~", "a1"]),
    "sendfile": (188, ["a0~", "a1~", "a2", "a3"], ["r", "a2", "a0~", "a1~", "a3"]),
    "copy_file_range": (332, ["a0~", "a1", "a4"], ["r", "a2~", "a3", "a0~", "a1", "a4"]),
    "splice": (166, ["a0~", "a2~", "a4", "a5"], ["r", "a0~", "a2~", "a4", "a5"]),
    "clone": (222, [], _CLONE_X + ["cf0"] + _CLONE_TAIL),
    "clone3": (334, [], _CLONE_X + ["cf1"] + _CLONE_TAIL),
    "fork": (224, [], _CLONE_X + ["cf2"] + _CLONE_TAIL),
    "vfork": (226, [], _CLONE_X + ["cf3"] + _CLONE_TAIL),
    "execve": (292, ["xfn0"], _EXEC_X + ["xfn0"]),
    "execveat": (330, ["a0~", "xfn1", "Fexecveat4"], _EXEC_X),
    "sendmmsg": (50, [], ["r", "a0~", "0", "ml1", "t0"]),
    "recvmmsg": (54, [], ["r", "a0~", "0", "0", "t0i", "0"]),  # data: the byte count per message is not at hand
}

# syscalls whose enter event is built at exit: their enter path strings may not be paged in
# yet when the syscall starts, and they do not block, so enter and exit stay adjacent
# (execve's file name is read from the copy the kernel makes on the new stack, see K_EXECFN)
DEFER_ENTER = frozenset({"open", "openat", "openat2", "creat", "execve", "execveat"})

_PF = {
    "exe": 0, "args": 1, "tid": 2, "pid": 3, "ptid": 4, "cwd": 5, "fdlimit": 6, "pgft_maj": 7,
    "pgft_min": 8, "vm_size": 9, "vm_rss": 10, "vm_swap": 11, "comm": 12, "cgroups": 13, "env": 14,
    "tty": 15, "pgid": 16, "loginuid": 17, "exe_flags": 18, "cap_inh": 19, "cap_prm": 20, "cap_eff": 21,
    "exe_ino": 22, "exe_ctime": 23, "exe_mtime": 24, "uid": 25, "gid": 26, "exepath": 27, "vtid": 28,
    "vpid": 29, "pidns_start": 30,
}

_VARIABLE = {et.PT_CHARBUF, et.PT_BYTEBUF, et.PT_FSPATH, et.PT_FSRELPATH, et.PT_SOCKADDR,
             et.PT_SOCKTUPLE, et.PT_DYN}


class SpecError(ValueError):
    pass


def _token(tok: str, ptype: int, where: str) -> tuple[int, int, int, int]:
    """(kind, a, b, size) for one token, checked against the parameter type."""
    size = et.PT_FIXED_SIZE.get(ptype, 0)
    variable = ptype in _VARIABLE

    def need(fixed: bool) -> None:
        if fixed and variable:
            raise SpecError(f"{where}: token {tok!r} gives a fixed-size value for a variable-size parameter")
        if not fixed and not variable:
            raise SpecError(f"{where}: token {tok!r} gives a variable-size value for a fixed-size parameter")

    def ints(s: str) -> list[int]:
        return [int(x) for x in s.split(".")]

    if tok == "0":
        return (L.K_NONE, 0, 0, size)
    if tok == "r":
        need(True)
        return (L.K_RET, 0, 0, size)
    if tok.startswith("a") and tok[1:].rstrip("~").isdigit():
        need(True)
        return (L.K_ARG, int(tok[1:].rstrip("~")), 1 if tok.endswith("~") else 0, size)
    if tok.startswith("s") and tok[1:].isdigit():
        need(False)
        return (L.K_STR, int(tok[1:]), 0, 0)
    if tok.startswith("br"):
        need(False)
        return (L.K_BUF_RET, int(tok[2:]), 0, 0)
    if tok.startswith("bl"):
        need(False)
        a, b = ints(tok[2:])
        return (L.K_BUF_LEN, a, b, 0)
    if tok.startswith(("ir", "il")):
        need(False)
        a, b = ints(tok[2:])
        return (L.K_IOV_RET if tok[1] == "r" else L.K_IOV_LEN, a, b, 0)
    if tok.startswith(("mr", "ml")):
        need(False)
        return (L.K_MSG_RET if tok[1] == "r" else L.K_MSG_LEN, int(tok[2:]), 0, 0)
    if tok.startswith("sa"):
        need(False)
        v = ints(tok[2:])
        return (L.K_SOCKADDR, v[0], v[1] if len(v) > 1 else 0xFF, 0)
    if tok.startswith("t"):
        # t<fd>[i][:u<addr>.<len> | :p<addr>.<lenptr> | :m<msghdr>]: the tuple of fd (arg or r),
        # i = inbound; after the colon, where the caller's peer address is
        need(False)
        body, _, peer = tok[1:].partition(":")
        inbound = body.endswith("i")
        body = body.rstrip("i")
        mode, peer_at = 0, 0
        if peer:
            modes = {"u": 1, "p": 2, "m": 3}
            v = ints(peer[1:]) if peer[1:] else []
            # u<addr arg>.<len arg>, p<addr arg>.<len pointer arg>, m<msghdr arg>
            if peer[0] not in modes or len(v) != (1 if peer[0] == "m" else 2):
                raise SpecError(f"{where}: token {tok!r}: the peer is u<arg>.<arg>, p<arg>.<arg> or m<arg>")
            mode = modes[peer[0]]
            peer_at = v[0] << 4 | (v[1] if len(v) > 1 else 0)
        return (L.K_TUPLE, 0xFF if body == "r" else int(body), (1 if inbound else 0) | mode << 1, peer_at)
    if tok in ("dev", "ino"):
        need(True)
        return (L.K_FD_DEV if tok == "dev" else L.K_FD_INO, 0xFF, 0, size)
    if tok.startswith("F"):
        need(True)
        name = tok[1:].rstrip("0123456789")
        return (L.K_FLAGS, int(tok[1 + len(name):]), FLAGTABLE_IDS[name], size)
    if tok.startswith("mode"):
        need(True)
        a, b = ints(tok[4:])
        return (L.K_OPEN_MODE, a, b, 4)
    if tok.startswith("how"):
        need(True)
        a, b = ints(tok[3:])
        return (L.K_OPEN2, a, b, 4)
    if tok.startswith("pf"):
        need(True)
        a, b = ints(tok[2:])
        return (L.K_PAIR_FD, a, b, 8)
    if tok.startswith("psk"):
        need(True)
        a, b = ints(tok[3:])
        return (L.K_PAIR_SK, a, b, 8)
    if tok.startswith("pino"):
        need(True)
        return (L.K_PAIR_INO, int(tok[4:]), 0, 8)
    if tok.startswith("cf"):
        need(True)
        return (L.K_CLONE_FLAGS, 0, int(tok[2:]), 4)
    if tok.startswith("P."):
        f = _PF[tok[2:]]
        return (L.K_PROC, 0, f, size)
    if tok.startswith("xfn"):
        need(False)
        return (L.K_EXECFN, int(tok[3:]), 0, 0)
    if tok.startswith("dyn"):
        need(False)
        if tok == "dynr":
            return (L.K_DYN_RET, 0, 0, 0)
        return (L.K_DYN_U64, int(tok[3:]), 0, 0)
    raise SpecError(f"{where}: unknown token {tok!r}")


@dataclass(frozen=True, slots=True)
class Compiled:
    nr: int
    name: str
    enter_type: int
    record: L.ScapSyscall


def ppm_sc(name: str) -> int:
    """The PPM_SC code of a syscall; 0 (unknown) for codes newer than sysdig 0.29.3's table,
    which crashes on them (the nativeID parameter still names the syscall)."""
    names = et.SYSCALL_NAMES
    for cand in (name, name.removesuffix("64"), name.rstrip("0123456789")):
        if cand in names:
            code = names.index(cand)
            return code if code < et.PPM_SC_MAX_2022 else 0
    return 0


def _params(tokens: list[str], etype: int, table: tuple[et.EventInfo, ...], where: str) -> list[tuple[int, int, int, int]]:
    info = table[etype]
    if len(tokens) != len(info.params):
        raise SpecError(f"{where}: event {etype} ({info.name}) has {len(info.params)} parameters, spec gives {len(tokens)}")
    out = []
    for tok, p in zip(tokens, info.params, strict=True):
        kind, a, b, size = _token(tok, p.ptype, f"{where} {p.name}")
        fixed = et.PT_FIXED_SIZE.get(p.ptype)
        if fixed is not None and kind == L.K_PROC and fixed not in (4, 8):
            raise SpecError(f"{where} {p.name}: process fields are 4 or 8 bytes")
        if fixed is not None:
            size = fixed
        out.append((kind, a, b, size))
    return out


def compile_table() -> list[Compiled]:
    """Binary records for every x86_64 syscall: the spec'd ones plus generic events for the rest."""
    out: list[Compiled] = []
    for nr in range(L.SCAP_NSYSCALLS):
        # numbers this table does not name (newer kernels) still get generic events
        name = X86_64_NAMES[nr] if nr < len(X86_64_NAMES) and X86_64_NAMES[nr] != "-" else f"syscall_{nr}"
        rec = L.ScapSyscall()
        rec.enabled = 1
        rec.ppm_sc = ppm_sc(name)
        spec = SPEC.get(name)
        if spec is None:
            etype, enter, exit_ = 0, [(L.K_SYSCALLID, 0, 0, 2), (L.K_NATIVEID, 0, 0, 2)], [
                (L.K_SYSCALLID, 0, 0, 2), (L.K_NATIVEID, 0, 0, 2)]
        else:
            etype, etoks, xtoks = spec
            if etype >= et.PPM_EVENT_MAX_2022:
                raise SpecError(f"{name}: event {etype} is not readable by sysdig 0.29.3")
            enter = _params(etoks, etype, et.EVENTS_2022, f"{name} enter")
            exit_ = _params(xtoks, etype + 1, et.EVENTS, f"{name} exit")
            rec.flags = L.SC_DEFER_ENTER if name in DEFER_ENTER else 0
        rec.enter_type = etype
        rec.n_enter = len(enter)
        rec.n_exit = len(exit_)
        for i, (k, a, b, s) in enumerate(enter):
            rec.enter[i] = L.ScapParam(k, a, b, s)
        for i, (k, a, b, s) in enumerate(exit_):
            rec.exit[i] = L.ScapParam(k, a, b, s)
        out.append(Compiled(nr, name, etype, rec))
    return out


def compile_flagtables() -> dict[int, L.ScapFlagTable]:
    out = {}
    for idx, entries in flag_tables().items():
        ft = L.ScapFlagTable()
        ft.n = len(entries)
        for i, (mask, value, ppm) in enumerate(entries[: L.SCAP_FLAGTABLE_LEN]):
            ft.f[i] = L.ScapFlag(mask & 0xFFFFFFFF, value & 0xFFFFFFFF, ppm)
        out[idx] = ft
    return out


assert ctypes.sizeof(L.ScapParam) == 4
