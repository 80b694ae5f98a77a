"""Event, parameter and flag tables of falcosecurity/libs, as generated Python data.

Generated from the libs driver tables at two revisions:

* HEAD (48dfd53cd23f): ``EVENTS``, ``FLAG_TABLES``, ``DYN_TABLES``;
* 2022 (e5c53d648f3c, used by sysdig 0.29.3): ``EVENTS_2022``, ``FLAG_TABLES_2022``,
  ``DYN_TABLES_2022``, ``ERRNO_NAMES``, ``SIGNAL_NAMES``.

Only interface facts (ids, names, types, formats, flag values) are recorded here.
Do not edit by hand (one exception: the generator dropped ``DIRFD_PARAM(0)`` as if it were
"no info"; the enter events of openat, openat2 (HEAD only) and execveat carry dirfd index 0).
"""

from __future__ import annotations

from dataclasses import dataclass

# fmt: off

# Parameter types (HEAD numbering; 0..43 are identical in 2022).
PT_NONE = 0
PT_INT8 = 1
PT_INT16 = 2
PT_INT32 = 3
PT_INT64 = 4
PT_UINT8 = 5
PT_UINT16 = 6
PT_UINT32 = 7
PT_UINT64 = 8
PT_CHARBUF = 9
PT_BYTEBUF = 10
PT_ERRNO = 11
PT_SOCKADDR = 12
PT_SOCKTUPLE = 13
PT_FD = 14
PT_PID = 15
PT_FDLIST = 16
PT_FSPATH = 17
PT_SYSCALLID = 18
PT_SIGTYPE = 19
PT_RELTIME = 20
PT_ABSTIME = 21
PT_PORT = 22
PT_L4PROTO = 23
PT_SOCKFAMILY = 24
PT_BOOL = 25
PT_IPV4ADDR = 26
PT_DYN = 27
PT_FLAGS8 = 28
PT_FLAGS16 = 29
PT_FLAGS32 = 30
PT_UID = 31
PT_GID = 32
PT_DOUBLE = 33
PT_SIGSET = 34
PT_CHARBUFARRAY = 35
PT_CHARBUF_PAIR_ARRAY = 36
PT_IPV4NET = 37
PT_IPV6ADDR = 38
PT_IPV6NET = 39
PT_IPADDR = 40
PT_IPNET = 41
PT_MODE = 42
PT_FSRELPATH = 43
PT_ENUMFLAGS8 = 44
PT_ENUMFLAGS16 = 45
PT_ENUMFLAGS32 = 46
PT_FD32 = 47
PT_PID32 = 48
PT_MAX = 49

# Print formats.
PF_NA = 0
PF_DEC = 1
PF_HEX = 2
PF_10_PADDED_DEC = 3
PF_ID = 4
PF_DIR = 5
PF_OCT = 6

# Event flags (EF_DROP_SIMPLE_CONS exists only in the 2022 table).
EF_NONE = 0
EF_CREATES_FD = 1
EF_DESTROYS_FD = 2
EF_USES_FD = 4
EF_READS_FROM_FD = 8
EF_WRITES_TO_FD = 16
EF_MODIFIES_STATE = 32
EF_UNUSED = 64
EF_WAITS = 128
EF_SKIPPARSERESET = 256
EF_OLD_VERSION = 512
EF_DROP_SIMPLE_CONS = 1024
EF_LARGE_PAYLOAD = 2048
EF_CONVERTER_MANAGED = 4096

# Event categories (EC_SYSCALL..EC_ITER are HEAD source bits).
EC_UNKNOWN = 0
EC_OTHER = 1
EC_FILE = 2
EC_NET = 3
EC_IPC = 4
EC_MEMORY = 5
EC_PROCESS = 6
EC_SLEEP = 7
EC_SYSTEM = 8
EC_SIGNAL = 9
EC_USER = 10
EC_TIME = 11
EC_PROCESSING = 12
EC_IO_BASE = 32
EC_IO_READ = 32
EC_IO_WRITE = 33
EC_IO_OTHER = 34
EC_WAIT = 64
EC_SCHEDULER = 128
EC_INTERNAL = 256
EC_SYSCALL = 512
EC_TRACEPOINT = 1024
EC_PLUGIN = 2048
EC_METAEVENT = 4096
EC_ITER = 8192
EC_SYSCALL_CATEGORY_MASK = 0x1FF  # low bits: syscall category incl. EC_WAIT/EC_SCHEDULER/EC_INTERNAL

PPM_EVENT_MAX = 454
PPM_EVENT_MAX_2022 = 336
PPM_AT_FDCWD = -100


@dataclass(frozen=True, slots=True)
class ParamInfo:
    """One parameter of an event.

    ``info`` is a flag-table name (key of FLAG_TABLES*), the index of the dirfd
    parameter for PT_FSRELPATH, a dynamic-table name (key of DYN_TABLES*) for
    PT_DYN, or None.
    """

    name: str
    ptype: int
    fmt: int
    info: str | int | None


@dataclass(frozen=True, slots=True)
class EventInfo:
    """One entry of the event table (index = event type id)."""

    name: str
    category: int
    flags: int
    params: tuple[ParamInfo, ...]

    @property
    def nparams(self) -> int:
        return len(self.params)


P = ParamInfo
E = EventInfo

PT_FIXED_SIZE: dict[int, int] = {
    PT_INT8: 1,
    PT_UINT8: 1,
    PT_FLAGS8: 1,
    PT_ENUMFLAGS8: 1,
    PT_SIGTYPE: 1,
    PT_L4PROTO: 1,
    PT_SOCKFAMILY: 1,
    PT_INT16: 2,
    PT_UINT16: 2,
    PT_FLAGS16: 2,
    PT_ENUMFLAGS16: 2,
    PT_PORT: 2,
    PT_SYSCALLID: 2,
    PT_INT32: 4,
    PT_UINT32: 4,
    PT_FLAGS32: 4,
    PT_ENUMFLAGS32: 4,
    PT_UID: 4,
    PT_GID: 4,
    PT_MODE: 4,
    PT_BOOL: 4,
    PT_SIGSET: 4,
    PT_IPV4ADDR: 4,
    PT_FD32: 4,
    PT_PID32: 4,
    PT_INT64: 8,
    PT_UINT64: 8,
    PT_ERRNO: 8,
    PT_FD: 8,
    PT_PID: 8,
    PT_RELTIME: 8,
    PT_ABSTIME: 8,
    PT_DOUBLE: 8,
    PT_IPV6ADDR: 16,
}

# HEAD table, index = event type id.
EVENTS: tuple[EventInfo, ...] = (
    E("syscall", 513, 4608, (P("ID", 18, 1, None), P("nativeID", 6, 1, None),)),  # 0
    E("syscall", 513, 4096, (P("ID", 18, 1, None), P("nativeID", 6, 1, None),)),  # 1
    E("open", 514, 4129, (P("name", 17, 0, None), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None),)),  # 2
    E("open", 514, 4129, (P("fd", 14, 1, None), P("name", 17, 0, None), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None), P("dev", 7, 2, None), P("ino", 8, 1, None),)),  # 3
    E("close", 546, 4646, (P("fd", 14, 1, None),)),  # 4
    E("close", 546, 4134, (P("res", 11, 1, None), P("fd", 14, 1, None),)),  # 5
    E("read", 544, 4620, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 6
    E("read", 544, 4108, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 7
    E("write", 545, 4628, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 8
    E("write", 545, 4116, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 9
    E("brk", 517, 4608, (P("size", 7, 1, None),)),  # 10
    E("brk", 517, 4608, (P("res", 8, 2, None),)),  # 11
    E("execve", 518, 4640, ()),  # 12
    E("execve", 518, 4640, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None),)),  # 13
    E("clone", 518, 544, ()),  # 14
    E("clone", 518, 4640, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 15
    E("procexit", 1030, 4640, ()),  # 16
    E("NA", 0, 64, ()),  # 17
    E("socket", 515, 4641, (P("domain", 46, 1, "socket_families"), P("type", 7, 1, None), P("proto", 7, 1, None),)),  # 18
    E("socket", 515, 4129, (P("fd", 14, 1, None), P("domain", 46, 1, "socket_families"), P("type", 7, 1, None), P("proto", 7, 1, None), P("flags", 30, 2, "file_flags"),)),  # 19
    E("bind", 515, 4644, (P("fd", 14, 1, None),)),  # 20
    E("bind", 515, 4132, (P("res", 11, 1, None), P("addr", 12, 0, None), P("fd", 14, 1, None),)),  # 21
    E("connect", 515, 4132, (P("fd", 14, 1, None), P("addr", 12, 0, None),)),  # 22
    E("connect", 515, 4132, (P("res", 11, 1, None), P("tuple", 13, 0, None), P("fd", 14, 1, None), P("addr", 12, 0, None),)),  # 23
    E("listen", 515, 4612, (P("fd", 14, 1, None), P("backlog", 3, 1, None),)),  # 24
    E("listen", 515, 4100, (P("res", 11, 1, None), P("fd", 14, 1, None), P("backlog", 3, 1, None),)),  # 25
    E("accept", 515, 545, ()),  # 26
    E("accept", 515, 4641, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None),)),  # 27
    E("send", 545, 4628, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 28
    E("send", 545, 4116, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("tuple", 13, 0, None),)),  # 29
    E("sendto", 545, 4660, (P("fd", 14, 1, None), P("size", 7, 1, None), P("tuple", 13, 0, None),)),  # 30
    E("sendto", 545, 4148, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("tuple", 13, 0, None),)),  # 31
    E("recv", 544, 4620, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 32
    E("recv", 544, 4108, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("tuple", 13, 0, None),)),  # 33
    E("recvfrom", 544, 4652, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 34
    E("recvfrom", 544, 4140, (P("res", 11, 1, None), P("data", 10, 0, None), P("tuple", 13, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 35
    E("shutdown", 515, 4644, (P("fd", 14, 1, None), P("how", 44, 2, "shutdown_how"),)),  # 36
    E("shutdown", 515, 4132, (P("res", 11, 1, None), P("fd", 14, 1, None), P("how", 44, 2, "shutdown_how"),)),  # 37
    E("getsockname", 515, 512, ()),  # 38
    E("getsockname", 515, 0, ()),  # 39
    E("getpeername", 515, 512, ()),  # 40
    E("getpeername", 515, 0, ()),  # 41
    E("socketpair", 516, 4641, (P("domain", 46, 1, "socket_families"), P("type", 7, 1, None), P("proto", 7, 1, None),)),  # 42
    E("socketpair", 516, 4129, (P("res", 11, 1, None), P("fd1", 14, 1, None), P("fd2", 14, 1, None), P("source", 8, 2, None), P("peer", 8, 2, None), P("domain", 46, 1, "socket_families"), P("type", 7, 1, None), P("proto", 7, 1, None),)),  # 43
    E("setsockopt", 515, 512, ()),  # 44
    E("setsockopt", 515, 4, (P("res", 11, 1, None), P("fd", 14, 1, None), P("level", 44, 1, "sockopt_levels"), P("optname", 44, 1, "sockopt_options"), P("val", 27, 1, "sockopt_dynamic_param"), P("optlen", 7, 1, None),)),  # 45
    E("getsockopt", 515, 544, ()),  # 46
    E("getsockopt", 515, 36, (P("res", 11, 1, None), P("fd", 14, 1, None), P("level", 44, 1, "sockopt_levels"), P("optname", 44, 1, "sockopt_options"), P("val", 27, 1, "sockopt_dynamic_param"), P("optlen", 7, 1, None),)),  # 47
    E("sendmsg", 545, 4660, (P("fd", 14, 1, None), P("size", 7, 1, None), P("tuple", 13, 0, None),)),  # 48
    E("sendmsg", 545, 4148, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("tuple", 13, 0, None),)),  # 49
    E("sendmmsg", 545, 512, ()),  # 50
    E("sendmmsg", 545, 4148, (P("res", 11, 1, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("data", 10, 0, None), P("tuple", 13, 0, None),)),  # 51
    E("recvmsg", 544, 4652, (P("fd", 14, 1, None),)),  # 52
    E("recvmsg", 544, 4140, (P("res", 11, 1, None), P("size", 7, 1, None), P("data", 10, 0, None), P("tuple", 13, 0, None), P("msgcontrol", 10, 0, None), P("fd", 14, 1, None),)),  # 53
    E("recvmmsg", 544, 512, ()),  # 54
    E("recvmmsg", 544, 4140, (P("res", 11, 1, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("data", 10, 0, None), P("tuple", 13, 0, None), P("msgcontrol", 10, 0, None),)),  # 55
    E("accept", 515, 4641, (P("flags", 3, 2, None),)),  # 56
    E("accept", 515, 4641, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None),)),  # 57
    E("creat", 514, 4129, (P("name", 17, 0, None), P("mode", 7, 6, None),)),  # 58
    E("creat", 514, 4129, (P("fd", 14, 1, None), P("name", 17, 0, None), P("mode", 7, 6, None), P("dev", 7, 2, None), P("ino", 8, 1, None), P("creat_flags", 29, 2, "creat_flags"),)),  # 59
    E("pipe", 516, 545, ()),  # 60
    E("pipe", 516, 33, (P("res", 11, 1, None), P("fd1", 14, 1, None), P("fd2", 14, 1, None), P("ino", 8, 1, None),)),  # 61
    E("eventfd", 516, 4641, (P("initval", 8, 1, None), P("flags", 7, 2, None),)),  # 62
    E("eventfd", 516, 4129, (P("res", 14, 1, None), P("initval", 8, 1, None), P("flags", 7, 2, None),)),  # 63
    E("futex", 516, 4608, (P("addr", 8, 2, None), P("op", 29, 2, "futex_operations"), P("val", 8, 1, None),)),  # 64
    E("futex", 516, 4096, (P("res", 11, 1, None), P("addr", 8, 2, None), P("op", 29, 2, "futex_operations"), P("val", 8, 1, None),)),  # 65
    E("stat", 514, 512, ()),  # 66
    E("stat", 514, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 67
    E("lstat", 514, 512, ()),  # 68
    E("lstat", 514, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 69
    E("fstat", 514, 4612, (P("fd", 14, 0, None),)),  # 70
    E("fstat", 514, 4100, (P("res", 11, 1, None), P("fd", 14, 0, None),)),  # 71
    E("stat64", 514, 512, ()),  # 72
    E("stat64", 514, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 73
    E("lstat64", 514, 512, ()),  # 74
    E("lstat64", 514, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 75
    E("fstat64", 514, 516, (P("fd", 14, 0, None),)),  # 76
    E("fstat64", 514, 0, (P("res", 11, 1, None),)),  # 77
    E("epoll_wait", 576, 4736, (P("maxevents", 11, 1, None),)),  # 78
    E("epoll_wait", 576, 4224, (P("res", 11, 1, None), P("maxevents", 11, 1, None),)),  # 79
    E("poll", 576, 4736, (P("fds", 16, 1, None), P("timeout", 4, 1, None),)),  # 80
    E("poll", 576, 4224, (P("res", 11, 1, None), P("fds", 16, 1, None), P("timeout", 4, 1, None),)),  # 81
    E("select", 576, 640, ()),  # 82
    E("select", 576, 128, (P("res", 11, 1, None),)),  # 83
    E("select", 576, 640, ()),  # 84
    E("select", 576, 4736, (P("res", 11, 1, None),)),  # 85
    E("lseek", 514, 4612, (P("fd", 14, 1, None), P("offset", 8, 1, None), P("whence", 44, 1, "lseek_whence"),)),  # 86
    E("lseek", 514, 4100, (P("res", 11, 1, None), P("fd", 14, 1, None), P("offset", 8, 1, None), P("whence", 44, 1, "lseek_whence"),)),  # 87
    E("llseek", 514, 4612, (P("fd", 14, 1, None), P("offset", 8, 1, None), P("whence", 44, 1, "lseek_whence"),)),  # 88
    E("llseek", 514, 4100, (P("res", 11, 1, None), P("fd", 14, 1, None), P("offset", 8, 1, None), P("whence", 44, 1, "lseek_whence"),)),  # 89
    E("ioctl", 546, 4612, (P("fd", 14, 1, None), P("request", 8, 2, None),)),  # 90
    E("ioctl", 546, 4612, (P("res", 11, 1, None),)),  # 91
    E("getcwd", 514, 512, ()),  # 92
    E("getcwd", 514, 0, (P("res", 11, 1, None), P("path", 9, 0, None),)),  # 93
    E("chdir", 514, 544, ()),  # 94
    E("chdir", 514, 32, (P("res", 11, 1, None), P("path", 9, 0, None),)),  # 95
    E("fchdir", 514, 4644, (P("fd", 14, 0, None),)),  # 96
    E("fchdir", 514, 4132, (P("res", 11, 1, None), P("fd", 14, 0, None),)),  # 97
    E("mkdir", 514, 4608, (P("path", 17, 0, None), P("mode", 7, 2, None),)),  # 98
    E("mkdir", 514, 4608, (P("res", 11, 1, None),)),  # 99
    E("rmdir", 514, 4608, (P("path", 17, 0, None),)),  # 100
    E("rmdir", 514, 4608, (P("res", 11, 1, None),)),  # 101
    E("openat", 514, 4641, (P("dirfd", 14, 1, None), P("name", 9, 0, None), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None),)),  # 102
    E("openat", 514, 4641, (P("fd", 14, 1, None),)),  # 103
    E("link", 514, 4608, (P("oldpath", 17, 0, None), P("newpath", 17, 0, None),)),  # 104
    E("link", 514, 4608, (P("res", 11, 1, None),)),  # 105
    E("linkat", 514, 4608, (P("olddir", 14, 1, None), P("oldpath", 9, 0, None), P("newdir", 14, 1, None), P("newpath", 9, 0, None),)),  # 106
    E("linkat", 514, 4608, (P("res", 11, 1, None),)),  # 107
    E("unlink", 514, 4608, (P("path", 17, 0, None),)),  # 108
    E("unlink", 514, 4608, (P("res", 11, 1, None),)),  # 109
    E("unlinkat", 514, 4608, (P("dirfd", 14, 1, None), P("name", 9, 0, None),)),  # 110
    E("unlinkat", 514, 4608, (P("res", 11, 1, None),)),  # 111
    E("pread", 544, 4620, (P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 112
    E("pread", 544, 4108, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 113
    E("pwrite", 545, 4628, (P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 114
    E("pwrite", 545, 4116, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 115
    E("readv", 544, 4620, (P("fd", 14, 1, None),)),  # 116
    E("readv", 544, 4108, (P("res", 11, 1, None), P("size", 7, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None),)),  # 117
    E("writev", 545, 4628, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 118
    E("writev", 545, 4116, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 119
    E("preadv", 544, 4620, (P("fd", 14, 1, None), P("pos", 8, 1, None),)),  # 120
    E("preadv", 544, 4108, (P("res", 11, 1, None), P("size", 7, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("pos", 8, 1, None),)),  # 121
    E("pwritev", 545, 4628, (P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 122
    E("pwritev", 545, 4116, (P("res", 11, 1, None), P("data", 10, 0, None), P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 123
    E("dup", 546, 4645, (P("fd", 14, 1, None),)),  # 124
    E("dup", 546, 4645, (P("res", 14, 1, None),)),  # 125
    E("signalfd", 521, 4641, (P("fd", 14, 1, None), P("mask", 7, 2, None), P("flags", 5, 2, None),)),  # 126
    E("signalfd", 521, 4129, (P("res", 14, 1, None), P("fd", 14, 1, None), P("mask", 7, 2, None), P("flags", 5, 2, None),)),  # 127
    E("kill", 521, 4608, (P("pid", 15, 1, None), P("sig", 19, 1, None),)),  # 128
    E("kill", 521, 4096, (P("res", 11, 1, None), P("pid", 15, 1, None), P("sig", 19, 1, None),)),  # 129
    E("tkill", 521, 4608, (P("tid", 15, 1, None), P("sig", 19, 1, None),)),  # 130
    E("tkill", 521, 4096, (P("res", 11, 1, None), P("tid", 15, 1, None), P("sig", 19, 1, None),)),  # 131
    E("tgkill", 521, 4608, (P("pid", 15, 1, None), P("tid", 15, 1, None), P("sig", 19, 1, None),)),  # 132
    E("tgkill", 521, 4096, (P("res", 11, 1, None), P("pid", 15, 1, None), P("tid", 15, 1, None), P("sig", 19, 1, None),)),  # 133
    E("nanosleep", 519, 4736, (P("interval", 20, 1, None),)),  # 134
    E("nanosleep", 519, 4224, (P("res", 11, 1, None), P("interval", 20, 1, None),)),  # 135
    E("timerfd_create", 523, 4641, (P("clockid", 5, 1, None), P("flags", 5, 2, None),)),  # 136
    E("timerfd_create", 523, 4129, (P("res", 14, 1, None), P("clockid", 5, 1, None), P("flags", 5, 2, None),)),  # 137
    E("inotify_init", 516, 4641, (P("flags", 5, 2, None),)),  # 138
    E("inotify_init", 516, 4129, (P("res", 14, 1, None), P("flags", 5, 2, None),)),  # 139
    E("getrlimit", 518, 4608, (P("resource", 44, 1, "rlimit_resources"),)),  # 140
    E("getrlimit", 518, 4096, (P("res", 11, 1, None), P("cur", 4, 1, None), P("max", 4, 1, None), P("resource", 44, 1, "rlimit_resources"),)),  # 141
    E("setrlimit", 518, 4608, (P("resource", 44, 1, "rlimit_resources"),)),  # 142
    E("setrlimit", 518, 4096, (P("res", 11, 1, None), P("cur", 4, 1, None), P("max", 4, 1, None), P("resource", 44, 1, "rlimit_resources"),)),  # 143
    E("prlimit", 518, 4608, (P("pid", 15, 1, None), P("resource", 44, 1, "rlimit_resources"),)),  # 144
    E("prlimit", 518, 4096, (P("res", 11, 1, None), P("newcur", 4, 1, None), P("newmax", 4, 1, None), P("oldcur", 4, 1, None), P("oldmax", 4, 1, None), P("pid", 4, 1, None), P("resource", 44, 1, "rlimit_resources"),)),  # 145
    E("switch", 1152, 4864, (P("next", 15, 1, None),)),  # 146
    E("NA", 0, 64, ()),  # 147
    E("drop", 4352, 256, (P("ratio", 7, 1, None),)),  # 148
    E("drop", 4352, 256, (P("ratio", 7, 1, None),)),  # 149
    E("fcntl", 546, 4644, (P("fd", 14, 1, None), P("cmd", 44, 1, "fcntl_commands"),)),  # 150
    E("fcntl", 546, 4132, (P("res", 14, 1, None), P("fd", 14, 1, None), P("cmd", 44, 1, "fcntl_commands"), P("arg", 8, 2, None),)),  # 151
    E("switch", 1152, 0, (P("next", 15, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None),)),  # 152
    E("NA", 0, 64, ()),  # 153
    E("execve", 518, 4640, ()),  # 154
    E("execve", 518, 4640, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None),)),  # 155
    E("clone", 518, 544, ()),  # 156
    E("clone", 518, 4640, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 157
    E("brk", 517, 4608, (P("addr", 8, 2, None),)),  # 158
    E("brk", 517, 4096, (P("res", 8, 2, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("addr", 8, 2, None),)),  # 159
    E("mmap", 517, 4612, (P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"), P("flags", 30, 2, "mmap_flags"), P("fd", 14, 1, None), P("offset", 8, 1, None),)),  # 160
    E("mmap", 517, 4100, (P("res", 11, 2, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"), P("flags", 30, 2, "mmap_flags"), P("fd", 14, 1, None), P("offset", 8, 1, None),)),  # 161
    E("mmap2", 517, 4612, (P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"), P("flags", 30, 2, "mmap_flags"), P("fd", 14, 1, None), P("pgoffset", 8, 1, None),)),  # 162
    E("mmap2", 517, 4100, (P("res", 11, 2, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"), P("flags", 30, 2, "mmap_flags"), P("fd", 14, 1, None), P("pgoffset", 8, 1, None),)),  # 163
    E("munmap", 517, 4608, (P("addr", 8, 2, None), P("length", 8, 1, None),)),  # 164
    E("munmap", 517, 4096, (P("res", 11, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("addr", 8, 2, None), P("length", 8, 1, None),)),  # 165
    E("splice", 546, 4612, (P("fd_in", 14, 1, None), P("fd_out", 14, 1, None), P("size", 8, 1, None), P("flags", 30, 2, "splice_flags"),)),  # 166
    E("splice", 546, 4100, (P("res", 11, 1, None), P("fd_in", 14, 1, None), P("fd_out", 14, 1, None), P("size", 8, 1, None), P("flags", 30, 2, "splice_flags"),)),  # 167
    E("ptrace", 518, 4608, (P("request", 45, 1, "ptrace_requests"), P("pid", 15, 1, None),)),  # 168
    E("ptrace", 518, 4096, (P("res", 11, 1, None), P("addr", 27, 2, "ptrace_dynamic_param"), P("data", 27, 2, "ptrace_dynamic_param"), P("request", 45, 1, "ptrace_requests"), P("pid", 15, 1, None),)),  # 169
    E("ioctl", 546, 4612, (P("fd", 14, 1, None), P("request", 8, 2, None), P("argument", 8, 2, None),)),  # 170
    E("ioctl", 546, 4100, (P("res", 11, 1, None), P("fd", 14, 1, None), P("request", 8, 2, None), P("argument", 8, 2, None),)),  # 171
    E("execve", 518, 4640, ()),  # 172
    E("execve", 518, 4640, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("env", 10, 0, None),)),  # 173
    E("rename", 514, 512, ()),  # 174
    E("rename", 514, 0, (P("res", 11, 1, None), P("oldpath", 17, 0, None), P("newpath", 17, 0, None),)),  # 175
    E("renameat", 514, 512, ()),  # 176
    E("renameat", 514, 0, (P("res", 11, 1, None), P("olddirfd", 14, 1, None), P("oldpath", 43, 0, 1), P("newdirfd", 14, 1, None), P("newpath", 43, 0, 3),)),  # 177
    E("symlink", 514, 512, ()),  # 178
    E("symlink", 514, 0, (P("res", 11, 1, None), P("target", 9, 0, None), P("linkpath", 17, 0, None),)),  # 179
    E("symlinkat", 514, 512, ()),  # 180
    E("symlinkat", 514, 4, (P("res", 11, 1, None), P("target", 9, 0, None), P("linkdirfd", 14, 1, None), P("linkpath", 43, 0, 2),)),  # 181
    E("fork", 518, 544, ()),  # 182
    E("fork", 518, 4640, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 183
    E("vfork", 518, 544, ()),  # 184
    E("vfork", 518, 4640, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 185
    E("procexit", 1030, 32, (P("status", 11, 1, None), P("ret", 11, 1, None), P("sig", 19, 1, None), P("core", 5, 1, None), P("reaper_tid", 15, 1, None),)),  # 186
    E("NA", 0, 64, ()),  # 187
    E("sendfile", 545, 4612, (P("out_fd", 14, 1, None), P("in_fd", 14, 1, None), P("offset", 8, 1, None), P("size", 8, 1, None),)),  # 188
    E("sendfile", 545, 4100, (P("res", 11, 1, None), P("offset", 8, 1, None), P("out_fd", 14, 1, None), P("in_fd", 14, 1, None), P("size", 8, 1, None),)),  # 189
    E("quotactl", 522, 4608, (P("cmd", 29, 1, "quotactl_cmds"), P("type", 28, 1, "quotactl_types"), P("id", 7, 1, None), P("quota_fmt", 28, 1, "quotactl_quota_fmts"),)),  # 190
    E("quotactl", 522, 4096, (P("res", 11, 1, None), P("special", 9, 0, None), P("quotafilepath", 9, 0, None), P("dqb_bhardlimit", 8, 1, None), P("dqb_bsoftlimit", 8, 1, None), P("dqb_curspace", 8, 1, None), P("dqb_ihardlimit", 8, 1, None), P("dqb_isoftlimit", 8, 1, None), P("dqb_btime", 20, 1, None), P("dqb_itime", 20, 1, None), P("dqi_bgrace", 20, 1, None), P("dqi_igrace", 20, 1, None), P("dqi_flags", 28, 1, "quotactl_dqi_flags"), P("quota_fmt_out", 28, 1, "quotactl_quota_fmts"), P("cmd", 29, 1, "quotactl_cmds"), P("type", 28, 1, "quotactl_types"), P("id", 7, 1, None), P("quota_fmt", 28, 1, "quotactl_quota_fmts"),)),  # 191
    E("setresuid", 522, 4640, (P("ruid", 31, 1, None), P("euid", 31, 1, None), P("suid", 31, 1, None),)),  # 192
    E("setresuid", 522, 4128, (P("res", 11, 1, None), P("ruid", 31, 1, None), P("euid", 31, 1, None), P("suid", 31, 1, None),)),  # 193
    E("setresgid", 522, 4640, (P("rgid", 32, 1, None), P("egid", 32, 1, None), P("sgid", 32, 1, None),)),  # 194
    E("setresgid", 522, 4128, (P("res", 11, 1, None), P("rgid", 32, 1, None), P("egid", 32, 1, None), P("sgid", 32, 1, None),)),  # 195
    E("scapevent", 4352, 256, (P("event_type", 7, 1, None), P("event_data", 8, 1, None),)),  # 196
    E("NA", 0, 64, ()),  # 197
    E("setuid", 522, 4640, (P("uid", 31, 1, None),)),  # 198
    E("setuid", 522, 4128, (P("res", 11, 1, None), P("uid", 31, 1, None),)),  # 199
    E("setgid", 522, 4640, (P("gid", 32, 1, None),)),  # 200
    E("setgid", 522, 4128, (P("res", 11, 1, None), P("gid", 32, 1, None),)),  # 201
    E("getuid", 522, 512, ()),  # 202
    E("getuid", 522, 0, (P("uid", 31, 1, None),)),  # 203
    E("geteuid", 522, 512, ()),  # 204
    E("geteuid", 522, 0, (P("euid", 31, 1, None),)),  # 205
    E("getgid", 522, 512, ()),  # 206
    E("getgid", 522, 0, (P("gid", 32, 1, None),)),  # 207
    E("getegid", 522, 512, ()),  # 208
    E("getegid", 522, 0, (P("egid", 32, 1, None),)),  # 209
    E("getresuid", 522, 512, ()),  # 210
    E("getresuid", 522, 0, (P("res", 11, 1, None), P("ruid", 31, 1, None), P("euid", 31, 1, None), P("suid", 31, 1, None),)),  # 211
    E("getresgid", 522, 512, ()),  # 212
    E("getresgid", 522, 0, (P("res", 11, 1, None), P("rgid", 32, 1, None), P("egid", 32, 1, None), P("sgid", 32, 1, None),)),  # 213
    E("execve", 518, 4640, ()),  # 214
    E("execve", 518, 4640, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("env", 10, 0, None),)),  # 215
    E("clone", 518, 544, ()),  # 216
    E("clone", 518, 4640, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 217
    E("fork", 518, 544, ()),  # 218
    E("fork", 518, 4640, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 219
    E("vfork", 518, 544, ()),  # 220
    E("vfork", 518, 4640, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 221
    E("clone", 518, 544, ()),  # 222
    E("clone", 518, 4128, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None), P("vtid", 15, 1, None), P("vpid", 15, 1, None), P("pidns_init_start_ts", 8, 1, None),)),  # 223
    E("fork", 518, 544, ()),  # 224
    E("fork", 518, 4128, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None), P("vtid", 15, 1, None), P("vpid", 15, 1, None), P("pidns_init_start_ts", 8, 1, None),)),  # 225
    E("vfork", 518, 544, ()),  # 226
    E("vfork", 518, 4128, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None), P("vtid", 15, 1, None), P("vpid", 15, 1, None), P("pidns_init_start_ts", 8, 1, None),)),  # 227
    E("container", 4352, 4896, (P("id", 9, 0, None), P("type", 7, 1, None), P("name", 9, 0, None), P("image", 9, 0, None),)),  # 228
    E("NA", 0, 64, ()),  # 229
    E("execve", 518, 4640, ()),  # 230
    E("execve", 518, 4640, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None),)),  # 231
    E("signaldeliver", 1033, 0, (P("spid", 15, 1, None), P("dpid", 15, 1, None), P("sig", 19, 1, None),)),  # 232
    E("NA", 0, 64, ()),  # 233
    E("procinfo", 4352, 256, (P("cpu_usr", 8, 1, None), P("cpu_sys", 8, 1, None),)),  # 234
    E("NA", 0, 64, ()),  # 235
    E("getdents", 514, 4612, (P("fd", 14, 0, None),)),  # 236
    E("getdents", 514, 4100, (P("res", 11, 1, None), P("fd", 14, 0, None),)),  # 237
    E("getdents64", 514, 4612, (P("fd", 14, 0, None),)),  # 238
    E("getdents64", 514, 4100, (P("res", 11, 1, None), P("fd", 14, 0, None),)),  # 239
    E("setns", 518, 4612, (P("fd", 14, 0, None), P("nstype", 30, 2, "clone_flags"),)),  # 240
    E("setns", 518, 4100, (P("res", 11, 1, None), P("fd", 14, 0, None), P("nstype", 30, 2, "clone_flags"),)),  # 241
    E("flock", 514, 4612, (P("fd", 14, 0, None), P("operation", 30, 2, "flock_flags"),)),  # 242
    E("flock", 514, 4100, (P("res", 11, 1, None), P("fd", 14, 0, None), P("operation", 30, 2, "flock_flags"),)),  # 243
    E("cpu_hotplug", 4104, 288, (P("cpu", 7, 1, None), P("action", 7, 1, None),)),  # 244
    E("NA", 0, 64, ()),  # 245
    E("accept", 515, 545, ()),  # 246
    E("accept", 515, 33, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None), P("queuelen", 7, 1, None), P("queuemax", 7, 1, None),)),  # 247
    E("accept", 515, 4641, (P("flags", 3, 2, None),)),  # 248
    E("accept", 515, 4641, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None), P("queuelen", 7, 1, None), P("queuemax", 7, 1, None),)),  # 249
    E("semop", 518, 4608, (P("semid", 3, 1, None),)),  # 250
    E("semop", 518, 4096, (P("res", 11, 1, None), P("nsops", 7, 1, None), P("sem_num_0", 6, 1, None), P("sem_op_0", 2, 1, None), P("sem_flg_0", 29, 2, "semop_flags"), P("sem_num_1", 6, 1, None), P("sem_op_1", 2, 1, None), P("sem_flg_1", 29, 2, "semop_flags"), P("semid", 3, 1, None),)),  # 251
    E("semctl", 518, 4608, (P("semid", 3, 1, None), P("semnum", 3, 1, None), P("cmd", 29, 2, "semctl_commands"), P("val", 3, 1, None),)),  # 252
    E("semctl", 518, 4096, (P("res", 11, 1, None), P("semid", 3, 1, None), P("semnum", 3, 1, None), P("cmd", 29, 2, "semctl_commands"), P("val", 3, 1, None),)),  # 253
    E("ppoll", 576, 4736, (P("fds", 16, 1, None), P("timeout", 20, 1, None), P("sigmask", 34, 1, None),)),  # 254
    E("ppoll", 576, 4224, (P("res", 11, 1, None), P("fds", 16, 1, None), P("timeout", 20, 1, None), P("sigmask", 34, 1, None),)),  # 255
    E("mount", 514, 4640, (P("flags", 30, 2, "mount_flags"),)),  # 256
    E("mount", 514, 4128, (P("res", 11, 1, None), P("dev", 9, 0, None), P("dir", 17, 0, None), P("type", 9, 0, None), P("flags", 30, 2, "mount_flags"),)),  # 257
    E("umount", 514, 544, (P("flags", 30, 2, "umount_flags"),)),  # 258
    E("umount", 514, 4640, (P("res", 11, 1, None), P("name", 17, 0, None),)),  # 259
    E("k8s", 4352, 800, (P("json", 9, 0, None),)),  # 260
    E("NA", 0, 64, ()),  # 261
    E("semget", 518, 4608, (P("key", 3, 2, None), P("nsems", 3, 1, None), P("semflg", 30, 2, "semget_flags"),)),  # 262
    E("semget", 518, 4096, (P("res", 11, 1, None), P("key", 3, 2, None), P("nsems", 3, 1, None), P("semflg", 30, 2, "semget_flags"),)),  # 263
    E("access", 514, 4608, (P("mode", 30, 2, "access_flags"),)),  # 264
    E("access", 514, 4096, (P("res", 11, 1, None), P("name", 17, 0, None), P("mode", 30, 2, "access_flags"),)),  # 265
    E("chroot", 518, 544, ()),  # 266
    E("chroot", 518, 32, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 267
    E("tracer", 4097, 512, (P("id", 4, 1, None), P("tags", 35, 0, None), P("args", 36, 0, None),)),  # 268
    E("NA", 0, 64, (P("id", 4, 1, None), P("tags", 35, 0, None), P("args", 36, 0, None),)),  # 269
    E("mesos", 4352, 800, (P("json", 9, 0, None),)),  # 270
    E("NA", 0, 64, ()),  # 271
    E("container", 4102, 4640, (P("json", 9, 0, None),)),  # 272
    E("NA", 0, 64, ()),  # 273
    E("setsid", 518, 544, ()),  # 274
    E("setsid", 518, 32, (P("res", 15, 1, None),)),  # 275
    E("mkdir", 514, 4608, (P("mode", 7, 2, None),)),  # 276
    E("mkdir", 514, 4096, (P("res", 11, 1, None), P("path", 17, 0, None), P("mode", 7, 2, None),)),  # 277
    E("rmdir", 514, 512, ()),  # 278
    E("rmdir", 514, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 279
    E("notification", 4097, 256, (P("id", 9, 1, None), P("desc", 9, 0, None),)),  # 280
    E("NA", 0, 64, ()),  # 281
    E("execve", 518, 4640, ()),  # 282
    E("execve", 518, 4640, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None), P("tty", 3, 1, None),)),  # 283
    E("unshare", 518, 4608, (P("flags", 30, 2, "clone_flags"),)),  # 284
    E("unshare", 518, 4096, (P("res", 11, 1, None), P("flags", 30, 2, "clone_flags"),)),  # 285
    E("infra", 4352, 256, (P("source", 9, 1, None), P("name", 9, 0, None), P("description", 9, 0, None), P("scope", 9, 0, None),)),  # 286
    E("NA", 0, 64, ()),  # 287
    E("execve", 518, 4640, (P("filename", 17, 0, None),)),  # 288
    E("execve", 518, 4640, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None), P("tty", 3, 1, None),)),  # 289
    E("page_fault", 1025, 256, (P("addr", 8, 2, None), P("ip", 8, 2, None), P("error", 30, 2, "pf_flags"),)),  # 290
    E("NA", 0, 64, ()),  # 291
    E("execve", 518, 4640, (P("filename", 17, 0, None),)),  # 292
    E("execve", 518, 4128, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None), P("tty", 7, 1, None), P("vpgid", 15, 1, None), P("loginuid", 31, 1, None), P("flags", 30, 2, "execve_flags"), P("cap_inheritable", 8, 2, None), P("cap_permitted", 8, 2, None), P("cap_effective", 8, 2, None), P("exe_ino", 8, 1, None), P("exe_ino_ctime", 21, 1, None), P("exe_ino_mtime", 21, 1, None), P("uid", 31, 1, None), P("trusted_exepath", 17, 0, None), P("pgid", 15, 0, None), P("gid", 32, 1, None), P("filename", 17, 0, None),)),  # 293
    E("setpgid", 518, 4608, (P("pid", 15, 1, None), P("pgid", 15, 1, None),)),  # 294
    E("setpgid", 518, 4096, (P("res", 11, 1, None), P("pid", 15, 1, None), P("pgid", 15, 1, None),)),  # 295
    E("bpf", 513, 4609, (P("cmd", 4, 1, None),)),  # 296
    E("bpf", 513, 4609, (P("res_or_fd", 27, 1, "bpf_dynamic_param"),)),  # 297
    E("seccomp", 513, 4608, (P("op", 8, 1, None), P("flags", 8, 2, None),)),  # 298
    E("seccomp", 513, 4096, (P("res", 11, 1, None), P("op", 8, 1, None), P("flags", 8, 2, None),)),  # 299
    E("unlink", 514, 512, ()),  # 300
    E("unlink", 514, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 301
    E("unlinkat", 514, 512, ()),  # 302
    E("unlinkat", 514, 4, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("name", 43, 0, 1), P("flags", 30, 2, "unlinkat_flags"),)),  # 303
    E("mkdirat", 514, 512, ()),  # 304
    E("mkdirat", 514, 4, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("path", 43, 0, 1), P("mode", 7, 2, None),)),  # 305
    E("openat", 514, 4129, (P("dirfd", 14, 1, None), P("name", 43, 0, 0), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None),)),  # 306
    E("openat", 514, 4129, (P("fd", 14, 1, None), P("dirfd", 14, 1, None), P("name", 43, 0, 1), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None), P("dev", 7, 2, None), P("ino", 8, 1, None),)),  # 307
    E("link", 514, 512, ()),  # 308
    E("link", 514, 0, (P("res", 11, 1, None), P("oldpath", 17, 0, None), P("newpath", 17, 0, None),)),  # 309
    E("linkat", 514, 512, ()),  # 310
    E("linkat", 514, 0, (P("res", 11, 1, None), P("olddir", 14, 1, None), P("oldpath", 43, 0, 1), P("newdir", 14, 1, None), P("newpath", 43, 0, 3), P("flags", 30, 2, "linkat_flags"),)),  # 311
    E("fchmodat", 514, 512, ()),  # 312
    E("fchmodat", 514, 4, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("filename", 43, 0, 1), P("mode", 42, 6, "chmod_mode"),)),  # 313
    E("chmod", 514, 512, ()),  # 314
    E("chmod", 514, 0, (P("res", 11, 1, None), P("filename", 17, 0, None), P("mode", 42, 6, "chmod_mode"),)),  # 315
    E("fchmod", 514, 512, ()),  # 316
    E("fchmod", 514, 4, (P("res", 11, 1, None), P("fd", 14, 1, None), P("mode", 42, 6, "chmod_mode"),)),  # 317
    E("renameat2", 514, 512, ()),  # 318
    E("renameat2", 514, 0, (P("res", 11, 1, None), P("olddirfd", 14, 1, None), P("oldpath", 43, 0, 1), P("newdirfd", 14, 1, None), P("newpath", 43, 0, 3), P("flags", 30, 2, "renameat2_flags"),)),  # 319
    E("userfaultfd", 514, 545, ()),  # 320
    E("userfaultfd", 514, 33, (P("res", 11, 1, None), P("flags", 30, 2, "file_flags"),)),  # 321
    E("pluginevent", 2049, 2048, (P("plugin_id", 7, 1, None), P("event_data", 10, 0, None),)),  # 322
    E("NA", 0, 64, ()),  # 323
    E("container", 4102, 2080, (P("json", 9, 0, None),)),  # 324
    E("NA", 0, 64, ()),  # 325
    E("openat2", 514, 4129, (P("dirfd", 14, 1, None), P("name", 43, 0, 0), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None), P("resolve", 30, 2, "openat2_flags"),)),  # 326
    E("openat2", 514, 4129, (P("fd", 14, 1, None), P("dirfd", 14, 1, None), P("name", 43, 0, 1), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None), P("resolve", 30, 2, "openat2_flags"), P("dev", 7, 2, None), P("ino", 8, 1, None),)),  # 327
    E("mprotect", 517, 4608, (P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"),)),  # 328
    E("mprotect", 517, 4096, (P("res", 11, 1, None), P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"),)),  # 329
    E("execveat", 518, 4640, (P("dirfd", 14, 1, None), P("pathname", 43, 0, 0), P("flags", 30, 2, "execveat_flags"),)),  # 330
    E("execveat", 518, 4128, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None), P("tty", 7, 1, None), P("vpgid", 15, 1, None), P("loginuid", 31, 1, None), P("flags", 30, 2, "execve_flags"), P("cap_inheritable", 8, 2, None), P("cap_permitted", 8, 2, None), P("cap_effective", 8, 2, None), P("exe_ino", 8, 1, None), P("exe_ino_ctime", 21, 1, None), P("exe_ino_mtime", 21, 1, None), P("uid", 31, 1, None), P("trusted_exepath", 17, 0, None), P("pgid", 15, 0, None), P("gid", 32, 1, None),)),  # 331
    E("copy_file_range", 514, 4636, (P("fdin", 14, 1, None), P("offin", 8, 1, None), P("len", 8, 1, None),)),  # 332
    E("copy_file_range", 514, 4124, (P("res", 11, 1, None), P("fdout", 14, 1, None), P("offout", 8, 1, None), P("fdin", 14, 1, None), P("offin", 8, 1, None), P("len", 8, 1, None),)),  # 333
    E("clone3", 518, 544, ()),  # 334
    E("clone3", 518, 4128, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None), P("vtid", 15, 1, None), P("vpid", 15, 1, None), P("pidns_init_start_ts", 8, 1, None),)),  # 335
    E("open_by_handle_at", 514, 545, ()),  # 336
    E("open_by_handle_at", 514, 33, (P("fd", 14, 1, None), P("mountfd", 14, 1, None), P("flags", 30, 2, "file_flags"), P("path", 17, 0, None), P("dev", 7, 2, None), P("ino", 8, 1, None),)),  # 337
    E("io_uring_setup", 546, 545, ()),  # 338
    E("io_uring_setup", 546, 33, (P("res", 11, 1, None), P("entries", 7, 1, None), P("sq_entries", 7, 1, None), P("cq_entries", 7, 1, None), P("flags", 30, 2, "io_uring_setup_flags"), P("sq_thread_cpu", 7, 1, None), P("sq_thread_idle", 7, 1, None), P("features", 30, 2, "io_uring_setup_feats"),)),  # 339
    E("io_uring_enter", 546, 512, ()),  # 340
    E("io_uring_enter", 546, 4, (P("res", 11, 1, None), P("fd", 14, 1, None), P("to_submit", 7, 1, None), P("min_complete", 7, 1, None), P("flags", 30, 2, "io_uring_enter_flags"), P("sig", 34, 1, None),)),  # 341
    E("io_uring_register", 546, 512, ()),  # 342
    E("io_uring_register", 546, 4, (P("res", 11, 1, None), P("fd", 14, 1, None), P("opcode", 45, 1, "io_uring_register_opcodes"), P("arg", 8, 2, None), P("nr_args", 7, 1, None),)),  # 343
    E("mlock", 517, 512, ()),  # 344
    E("mlock", 517, 0, (P("res", 11, 1, None), P("addr", 8, 2, None), P("len", 8, 1, None),)),  # 345
    E("munlock", 517, 512, ()),  # 346
    E("munlock", 517, 0, (P("res", 11, 1, None), P("addr", 8, 2, None), P("len", 8, 1, None),)),  # 347
    E("mlockall", 517, 512, ()),  # 348
    E("mlockall", 517, 0, (P("res", 11, 1, None), P("flags", 30, 2, "mlockall_flags"),)),  # 349
    E("munlockall", 517, 512, ()),  # 350
    E("munlockall", 517, 0, (P("res", 11, 1, None),)),  # 351
    E("capset", 518, 544, ()),  # 352
    E("capset", 518, 32, (P("res", 11, 1, None), P("cap_inheritable", 8, 2, None), P("cap_permitted", 8, 2, None), P("cap_effective", 8, 2, None),)),  # 353
    E("useradded", 4102, 32, (P("uid", 7, 1, None), P("gid", 7, 1, None), P("name", 9, 0, None), P("home", 9, 0, None), P("shell", 9, 0, None), P("container_id", 9, 0, None),)),  # 354
    E("NA", 0, 64, ()),  # 355
    E("userdeleted", 4102, 32, (P("uid", 7, 1, None), P("gid", 7, 1, None), P("name", 9, 0, None), P("home", 9, 0, None), P("shell", 9, 0, None), P("container_id", 9, 0, None),)),  # 356
    E("NA", 0, 64, ()),  # 357
    E("groupadded", 4102, 32, (P("gid", 7, 1, None), P("name", 9, 0, None), P("container_id", 9, 0, None),)),  # 358
    E("NA", 0, 64, ()),  # 359
    E("groupdeleted", 4102, 32, (P("gid", 7, 1, None), P("name", 9, 0, None), P("container_id", 9, 0, None),)),  # 360
    E("NA", 0, 64, ()),  # 361
    E("dup2", 546, 549, (P("fd", 14, 1, None),)),  # 362
    E("dup2", 546, 37, (P("res", 14, 1, None), P("oldfd", 14, 1, None), P("newfd", 14, 1, None),)),  # 363
    E("dup3", 546, 549, (P("fd", 14, 1, None),)),  # 364
    E("dup3", 546, 37, (P("res", 14, 1, None), P("oldfd", 14, 1, None), P("newfd", 14, 1, None), P("flags", 30, 2, "file_flags"),)),  # 365
    E("dup", 546, 549, (P("fd", 14, 1, None),)),  # 366
    E("dup", 546, 37, (P("res", 14, 1, None), P("oldfd", 14, 1, None),)),  # 367
    E("bpf", 513, 513, (P("cmd", 4, 1, None),)),  # 368
    E("bpf", 513, 1, (P("fd", 14, 1, None), P("cmd", 46, 1, "bpf_commands"),)),  # 369
    E("mlock2", 517, 512, ()),  # 370
    E("mlock2", 517, 0, (P("res", 11, 1, None), P("addr", 8, 2, None), P("len", 8, 1, None), P("flags", 30, 2, "mlock2_flags"),)),  # 371
    E("fsconfig", 520, 512, ()),  # 372
    E("fsconfig", 520, 4, (P("res", 11, 1, None), P("fd", 14, 1, None), P("cmd", 46, 1, "fsconfig_cmds"), P("key", 9, 0, None), P("value_bytebuf", 10, 0, None), P("value_charbuf", 9, 0, None), P("aux", 3, 1, None),)),  # 373
    E("epoll_create", 576, 4641, (P("size", 3, 1, None),)),  # 374
    E("epoll_create", 576, 4129, (P("res", 11, 1, None), P("size", 3, 1, None),)),  # 375
    E("epoll_create1", 576, 4641, (P("flags", 30, 2, "epoll_create1_flags"),)),  # 376
    E("epoll_create1", 576, 4129, (P("res", 11, 1, None), P("flags", 30, 2, "epoll_create1_flags"),)),  # 377
    E("chown", 514, 512, ()),  # 378
    E("chown", 514, 0, (P("res", 11, 1, None), P("path", 17, 0, None), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 379
    E("lchown", 514, 512, ()),  # 380
    E("lchown", 514, 0, (P("res", 11, 1, None), P("path", 17, 0, None), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 381
    E("fchown", 514, 512, ()),  # 382
    E("fchown", 514, 4, (P("res", 11, 1, None), P("fd", 14, 1, None), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 383
    E("fchownat", 514, 512, ()),  # 384
    E("fchownat", 514, 4, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("pathname", 43, 0, 1), P("uid", 7, 1, None), P("gid", 7, 1, None), P("flags", 30, 2, "fchownat_flags"),)),  # 385
    E("umount", 514, 544, ()),  # 386
    E("umount", 514, 32, (P("res", 11, 1, None), P("name", 17, 0, None),)),  # 387
    E("accept4", 515, 4641, (P("flags", 3, 2, None),)),  # 388
    E("accept4", 515, 4129, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None), P("queuelen", 7, 1, None), P("queuemax", 7, 1, None), P("flags", 3, 2, None),)),  # 389
    E("umount2", 514, 4640, (P("flags", 30, 2, "umount_flags"),)),  # 390
    E("umount2", 514, 4128, (P("res", 11, 1, None), P("name", 17, 0, None), P("flags", 30, 2, "umount_flags"),)),  # 391
    E("pipe2", 516, 545, ()),  # 392
    E("pipe2", 516, 33, (P("res", 11, 1, None), P("fd1", 14, 1, None), P("fd2", 14, 1, None), P("ino", 8, 1, None), P("flags", 30, 2, "file_flags"),)),  # 393
    E("inotify_init1", 516, 545, ()),  # 394
    E("inotify_init1", 516, 33, (P("res", 14, 1, None), P("flags", 29, 2, "file_flags"),)),  # 395
    E("eventfd2", 516, 4641, (P("initval", 8, 1, None),)),  # 396
    E("eventfd2", 516, 4129, (P("res", 14, 1, None), P("flags", 29, 2, "file_flags"), P("initval", 8, 1, None),)),  # 397
    E("signalfd4", 521, 4641, (P("fd", 14, 1, None), P("mask", 7, 2, None),)),  # 398
    E("signalfd4", 521, 4129, (P("res", 14, 1, None), P("flags", 29, 2, "file_flags"), P("fd", 14, 1, None), P("mask", 7, 2, None),)),  # 399
    E("prctl", 518, 544, ()),  # 400
    E("prctl", 518, 32, (P("res", 11, 1, None), P("option", 46, 1, "prctl_options"), P("arg2_str", 9, 0, None), P("arg2_int", 4, 1, None),)),  # 401
    E("asyncevent", 4097, 2048, (P("plugin_id", 7, 1, None), P("name", 9, 0, None), P("data", 10, 0, None),)),  # 402
    E("NA", 0, 64, ()),  # 403
    E("memfd_create", 517, 545, ()),  # 404
    E("memfd_create", 517, 33, (P("fd", 14, 1, None), P("name", 9, 0, None), P("flags", 30, 2, "memfd_create_flags"),)),  # 405
    E("pidfd_getfd", 518, 545, ()),  # 406
    E("pidfd_getfd", 518, 33, (P("fd", 14, 1, None), P("pid_fd", 14, 1, None), P("target_fd", 14, 1, None), P("flags", 7, 2, None),)),  # 407
    E("pidfd_open", 518, 545, ()),  # 408
    E("pidfd_open", 518, 33, (P("fd", 14, 1, None), P("pid", 15, 1, None), P("flags", 30, 2, "pidfd_open_flags"),)),  # 409
    E("init_module", 513, 512, ()),  # 410
    E("init_module", 513, 0, (P("res", 11, 1, None), P("img", 10, 0, None), P("length", 8, 1, None), P("uargs", 9, 0, None),)),  # 411
    E("finit_module", 513, 512, ()),  # 412
    E("finit_module", 513, 12, (P("res", 11, 1, None), P("fd", 14, 1, None), P("uargs", 9, 0, None), P("flags", 30, 2, "finit_module_flags"),)),  # 413
    E("mknod", 513, 512, ()),  # 414
    E("mknod", 513, 0, (P("res", 11, 1, None), P("path", 17, 0, None), P("mode", 42, 6, "mknod_mode"), P("dev", 7, 1, None),)),  # 415
    E("mknodat", 513, 512, ()),  # 416
    E("mknodat", 513, 4, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("path", 43, 0, 1), P("mode", 42, 6, "mknod_mode"), P("dev", 7, 1, None),)),  # 417
    E("newfstatat", 514, 512, ()),  # 418
    E("newfstatat", 514, 4, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("path", 43, 0, 1), P("flags", 30, 2, "newfstatat_flags"),)),  # 419
    E("process_vm_readv", 516, 512, ()),  # 420
    E("process_vm_readv", 516, 0, (P("res", 4, 1, None), P("pid", 15, 1, None), P("data", 10, 0, None),)),  # 421
    E("process_vm_writev", 516, 512, ()),  # 422
    E("process_vm_writev", 516, 0, (P("res", 4, 1, None), P("pid", 15, 1, None), P("data", 10, 0, None),)),  # 423
    E("delete_module", 513, 512, ()),  # 424
    E("delete_module", 513, 0, (P("res", 11, 1, None), P("name", 9, 0, None), P("flags", 30, 2, "delete_module_flags"),)),  # 425
    E("setreuid", 522, 544, ()),  # 426
    E("setreuid", 522, 32, (P("res", 11, 1, None), P("ruid", 31, 1, None), P("euid", 31, 1, None),)),  # 427
    E("setregid", 522, 512, ()),  # 428
    E("setregid", 522, 32, (P("res", 11, 1, None), P("rgid", 31, 1, None), P("egid", 31, 1, None),)),  # 429
    E("task", 8198, 32, (P("ppid", 48, 1, None), P("pgid", 48, 1, None), P("vpgid", 48, 1, None), P("sid", 48, 1, None), P("comm", 9, 0, None), P("argv", 35, 0, None), P("exepath", 17, 0, None), P("flags", 30, 2, "execve_flags"), P("env", 35, 0, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("euid", 31, 1, None), P("egid", 32, 1, None), P("cap_permitted", 8, 2, None), P("cap_effective", 8, 2, None), P("cap_inheritable", 8, 2, None), P("exe_ino_num", 8, 1, None), P("exe_ino_ctime", 21, 1, None), P("exe_ino_mtime", 21, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vtgid", 48, 1, None), P("vpid", 48, 1, None), P("pidns_init_start_ts", 8, 1, None), P("cgroups", 35, 0, None), P("root", 17, 0, None), P("start_time", 21, 1, None), P("tty", 7, 1, None), P("loginuid", 31, 1, None),)),  # 430
    E("NA", 0, 64, ()),  # 431
    E("task_file_pipe", 8194, 32, (P("fd", 47, 1, None), P("path", 17, 0, None), P("ino_num", 8, 1, None),)),  # 432
    E("NA", 0, 64, ()),  # 433
    E("task_file_memfd", 8194, 32, (P("fd", 47, 1, None), P("path", 17, 0, None), P("ino_num", 8, 1, None),)),  # 434
    E("NA", 0, 64, ()),  # 435
    E("task_file_regular", 8194, 32, (P("fd", 47, 1, None), P("path", 17, 0, None), P("flags", 30, 2, "file_flags"), P("mnt_id", 7, 1, None), P("ino_num", 8, 1, None),)),  # 436
    E("NA", 0, 64, ()),  # 437
    E("task_file_directory", 8194, 32, (P("fd", 47, 1, None), P("path", 17, 0, None), P("ino_num", 8, 1, None),)),  # 438
    E("NA", 0, 64, ()),  # 439
    E("task_file_socket_inet", 8194, 32, (P("fd", 47, 1, None), P("sk_type", 6, 1, None), P("sk_proto", 6, 1, None), P("local_ip", 26, 2, None), P("local_port", 22, 2, None), P("remote_ip", 26, 2, None), P("remote_port", 22, 2, None), P("ino_num", 8, 1, None),)),  # 440
    E("NA", 0, 64, ()),  # 441
    E("task_file_socket_inet6", 8194, 32, (P("fd", 47, 1, None), P("sk_type", 6, 1, None), P("sk_proto", 6, 1, None), P("local_ip", 38, 2, None), P("local_port", 22, 2, None), P("remote_ip", 38, 2, None), P("remote_port", 22, 2, None), P("ino_num", 8, 1, None),)),  # 442
    E("NA", 0, 64, ()),  # 443
    E("task_file_socket_unix", 8194, 32, (P("fd", 47, 1, None), P("sk_type", 6, 1, None), P("sk_proto", 6, 1, None), P("sk_pointer", 8, 0, None), P("sun_path", 17, 0, None), P("ino_num", 8, 1, None),)),  # 444
    E("NA", 0, 64, ()),  # 445
    E("task_file_socket_netlink", 8194, 32, (P("fd", 47, 1, None), P("sk_type", 6, 1, None), P("sk_proto", 6, 1, None), P("ino_num", 8, 1, None),)),  # 446
    E("NA", 0, 64, ()),  # 447
    E("task_file_anon_inode", 8194, 32, (P("fd", 47, 1, None), P("fd_type", 28, 1, "anon_inode_fd_types"), P("path", 17, 0, None), P("ino_num", 8, 1, None),)),  # 448
    E("NA", 0, 64, ()),  # 449
    E("NA", 0, 64, ()),  # 450
    E("close_range", 546, 32, (P("res", 11, 1, None), P("first", 7, 1, None), P("last", 7, 1, None), P("flags", 30, 2, "close_range_flags"),)),  # 451
    E("NA", 0, 64, ()),  # 452
    E("keyctl", 513, 0, (P("res", 11, 1, None), P("operation", 46, 1, "keyctl_operations"), P("arg2", 27, 1, "keyctl_dynamic_param"), P("arg3", 27, 1, "keyctl_dynamic_param"), P("arg4", 27, 1, "keyctl_dynamic_param"), P("arg5", 27, 1, "keyctl_dynamic_param"),)),  # 453
)

# 2022 table (sysdig 0.29.3), index = event type id.
EVENTS_2022: tuple[EventInfo, ...] = (
    E("syscall", 1, 0, (P("ID", 18, 1, None), P("nativeID", 6, 1, None),)),  # 0
    E("syscall", 1, 0, (P("ID", 18, 1, None),)),  # 1
    E("open", 2, 33, (P("name", 17, 0, None), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None),)),  # 2
    E("open", 2, 33, (P("fd", 14, 1, None), P("name", 17, 0, None), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None), P("dev", 7, 2, None),)),  # 3
    E("close", 34, 1062, (P("fd", 14, 1, None),)),  # 4
    E("close", 34, 1062, (P("res", 11, 1, None),)),  # 5
    E("read", 32, 1036, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 6
    E("read", 32, 1036, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 7
    E("write", 33, 1044, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 8
    E("write", 33, 1044, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 9
    E("brk", 5, 512, (P("size", 7, 1, None),)),  # 10
    E("brk", 5, 512, (P("res", 8, 2, None),)),  # 11
    E("execve", 6, 544, ()),  # 12
    E("execve", 6, 544, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None),)),  # 13
    E("clone", 6, 544, ()),  # 14
    E("clone", 6, 544, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 15
    E("procexit", 6, 544, ()),  # 16
    E("NA1", 6, 64, ()),  # 17
    E("socket", 3, 33, (P("domain", 30, 1, "socket_families"), P("type", 7, 1, None), P("proto", 7, 1, None),)),  # 18
    E("socket", 3, 33, (P("fd", 14, 1, None),)),  # 19
    E("bind", 3, 36, (P("fd", 14, 1, None),)),  # 20
    E("bind", 3, 36, (P("res", 11, 1, None), P("addr", 12, 0, None),)),  # 21
    E("connect", 3, 36, (P("fd", 14, 1, None), P("addr", 12, 0, None),)),  # 22
    E("connect", 3, 36, (P("res", 11, 1, None), P("tuple", 13, 0, None),)),  # 23
    E("listen", 3, 4, (P("fd", 14, 1, None), P("backlog", 7, 1, None),)),  # 24
    E("listen", 3, 4, (P("res", 11, 1, None),)),  # 25
    E("accept", 3, 545, ()),  # 26
    E("accept", 3, 545, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None),)),  # 27
    E("send", 33, 1044, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 28
    E("send", 33, 1044, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 29
    E("sendto", 33, 52, (P("fd", 14, 1, None), P("size", 7, 1, None), P("tuple", 13, 0, None),)),  # 30
    E("sendto", 33, 52, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 31
    E("recv", 32, 1036, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 32
    E("recv", 32, 1036, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 33
    E("recvfrom", 32, 44, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 34
    E("recvfrom", 32, 44, (P("res", 11, 1, None), P("data", 10, 0, None), P("tuple", 13, 0, None),)),  # 35
    E("shutdown", 3, 1060, (P("fd", 14, 1, None), P("how", 28, 2, "shutdown_how"),)),  # 36
    E("shutdown", 3, 1060, (P("res", 11, 1, None),)),  # 37
    E("getsockname", 3, 1024, ()),  # 38
    E("getsockname", 3, 1024, ()),  # 39
    E("getpeername", 3, 1024, ()),  # 40
    E("getpeername", 3, 1024, ()),  # 41
    E("socketpair", 4, 33, (P("domain", 30, 1, "socket_families"), P("type", 7, 1, None), P("proto", 7, 1, None),)),  # 42
    E("socketpair", 4, 33, (P("res", 11, 1, None), P("fd1", 14, 1, None), P("fd2", 14, 1, None), P("source", 8, 2, None), P("peer", 8, 2, None),)),  # 43
    E("setsockopt", 3, 0, ()),  # 44
    E("setsockopt", 3, 4, (P("res", 11, 1, None), P("fd", 14, 1, None), P("level", 28, 1, "sockopt_levels"), P("optname", 28, 1, "sockopt_options"), P("val", 27, 1, "sockopt_dynamic_param"), P("optlen", 7, 1, None),)),  # 45
    E("getsockopt", 3, 1056, ()),  # 46
    E("getsockopt", 3, 1060, (P("res", 11, 1, None), P("fd", 14, 1, None), P("level", 28, 1, "sockopt_levels"), P("optname", 28, 1, "sockopt_options"), P("val", 27, 1, "sockopt_dynamic_param"), P("optlen", 7, 1, None),)),  # 47
    E("sendmsg", 33, 52, (P("fd", 14, 1, None), P("size", 7, 1, None), P("tuple", 13, 0, None),)),  # 48
    E("sendmsg", 33, 52, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 49
    E("sendmmsg", 33, 1024, ()),  # 50
    E("sendmmsg", 33, 1024, ()),  # 51
    E("recvmsg", 32, 44, (P("fd", 14, 1, None),)),  # 52
    E("recvmsg", 32, 44, (P("res", 11, 1, None), P("size", 7, 1, None), P("data", 10, 0, None), P("tuple", 13, 0, None),)),  # 53
    E("recvmmsg", 32, 1024, ()),  # 54
    E("recvmmsg", 32, 1024, ()),  # 55
    E("accept", 3, 545, (P("flags", 3, 2, None),)),  # 56
    E("accept", 3, 545, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None),)),  # 57
    E("creat", 2, 33, (P("name", 17, 0, None), P("mode", 7, 6, None),)),  # 58
    E("creat", 2, 33, (P("fd", 14, 1, None), P("name", 17, 0, None), P("mode", 7, 6, None), P("dev", 7, 2, None),)),  # 59
    E("pipe", 4, 33, ()),  # 60
    E("pipe", 4, 33, (P("res", 11, 1, None), P("fd1", 14, 1, None), P("fd2", 14, 1, None), P("ino", 8, 1, None),)),  # 61
    E("eventfd", 4, 1057, (P("initval", 8, 1, None), P("flags", 30, 2, None),)),  # 62
    E("eventfd", 4, 1057, (P("res", 14, 1, None),)),  # 63
    E("futex", 4, 1024, (P("addr", 8, 2, None), P("op", 29, 2, "futex_operations"), P("val", 8, 1, None),)),  # 64
    E("futex", 4, 1024, (P("res", 11, 1, None),)),  # 65
    E("stat", 2, 1024, ()),  # 66
    E("stat", 2, 1024, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 67
    E("lstat", 2, 1024, ()),  # 68
    E("lstat", 2, 1024, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 69
    E("fstat", 2, 1028, (P("fd", 14, 0, None),)),  # 70
    E("fstat", 2, 1028, (P("res", 11, 1, None),)),  # 71
    E("stat64", 2, 1024, ()),  # 72
    E("stat64", 2, 1024, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 73
    E("lstat64", 2, 1024, ()),  # 74
    E("lstat64", 2, 1024, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 75
    E("fstat64", 2, 1028, (P("fd", 14, 0, None),)),  # 76
    E("fstat64", 2, 1028, (P("res", 11, 1, None),)),  # 77
    E("epoll_wait", 64, 1152, (P("maxevents", 11, 1, None),)),  # 78
    E("epoll_wait", 64, 1152, (P("res", 11, 1, None),)),  # 79
    E("poll", 64, 1152, (P("fds", 16, 1, None), P("timeout", 4, 1, None),)),  # 80
    E("poll", 64, 1152, (P("res", 11, 1, None), P("fds", 16, 1, None),)),  # 81
    E("select", 64, 1152, ()),  # 82
    E("select", 64, 1152, (P("res", 11, 1, None),)),  # 83
    E("select", 64, 1152, ()),  # 84
    E("select", 64, 1152, (P("res", 11, 1, None),)),  # 85
    E("lseek", 2, 1028, (P("fd", 14, 1, None), P("offset", 8, 1, None), P("whence", 28, 1, "lseek_whence"),)),  # 86
    E("lseek", 2, 1028, (P("res", 11, 1, None),)),  # 87
    E("llseek", 2, 1028, (P("fd", 14, 1, None), P("offset", 8, 1, None), P("whence", 28, 1, "lseek_whence"),)),  # 88
    E("llseek", 2, 1028, (P("res", 11, 1, None),)),  # 89
    E("ioctl", 34, 516, (P("fd", 14, 1, None), P("request", 8, 2, None),)),  # 90
    E("ioctl", 34, 516, (P("res", 11, 1, None),)),  # 91
    E("getcwd", 2, 1024, ()),  # 92
    E("getcwd", 2, 1024, (P("res", 11, 1, None), P("path", 9, 0, None),)),  # 93
    E("chdir", 2, 32, ()),  # 94
    E("chdir", 2, 32, (P("res", 11, 1, None), P("path", 9, 0, None),)),  # 95
    E("fchdir", 2, 36, (P("fd", 14, 0, None),)),  # 96
    E("fchdir", 2, 36, (P("res", 11, 1, None),)),  # 97
    E("mkdir", 2, 0, (P("path", 17, 0, None), P("mode", 7, 2, None),)),  # 98
    E("mkdir", 2, 0, (P("res", 11, 1, None),)),  # 99
    E("rmdir", 2, 0, (P("path", 17, 0, None),)),  # 100
    E("rmdir", 2, 0, (P("res", 11, 1, None),)),  # 101
    E("openat", 2, 545, (P("dirfd", 14, 1, None), P("name", 9, 0, None), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None),)),  # 102
    E("openat", 2, 545, (P("fd", 14, 1, None),)),  # 103
    E("link", 2, 512, (P("oldpath", 17, 0, None), P("newpath", 17, 0, None),)),  # 104
    E("link", 2, 512, (P("res", 11, 1, None),)),  # 105
    E("linkat", 2, 512, (P("olddir", 14, 1, None), P("oldpath", 9, 0, None), P("newdir", 14, 1, None), P("newpath", 9, 0, None),)),  # 106
    E("linkat", 2, 512, (P("res", 11, 1, None),)),  # 107
    E("unlink", 2, 512, (P("path", 17, 0, None),)),  # 108
    E("unlink", 2, 512, (P("res", 11, 1, None),)),  # 109
    E("unlinkat", 2, 512, (P("dirfd", 14, 1, None), P("name", 9, 0, None),)),  # 110
    E("unlinkat", 2, 512, (P("res", 11, 1, None),)),  # 111
    E("pread", 32, 1036, (P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 112
    E("pread", 32, 1036, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 113
    E("pwrite", 33, 1044, (P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 114
    E("pwrite", 33, 1044, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 115
    E("readv", 32, 1036, (P("fd", 14, 1, None),)),  # 116
    E("readv", 32, 1036, (P("res", 11, 1, None), P("size", 7, 1, None), P("data", 10, 0, None),)),  # 117
    E("writev", 33, 1044, (P("fd", 14, 1, None), P("size", 7, 1, None),)),  # 118
    E("writev", 33, 1044, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 119
    E("preadv", 32, 1036, (P("fd", 14, 1, None), P("pos", 8, 1, None),)),  # 120
    E("preadv", 32, 1036, (P("res", 11, 1, None), P("size", 7, 1, None), P("data", 10, 0, None),)),  # 121
    E("pwritev", 33, 1044, (P("fd", 14, 1, None), P("size", 7, 1, None), P("pos", 8, 1, None),)),  # 122
    E("pwritev", 33, 1044, (P("res", 11, 1, None), P("data", 10, 0, None),)),  # 123
    E("dup", 34, 37, (P("fd", 14, 1, None),)),  # 124
    E("dup", 34, 37, (P("res", 14, 1, None),)),  # 125
    E("signalfd", 9, 33, (P("fd", 14, 1, None), P("mask", 7, 2, None), P("flags", 28, 2, None),)),  # 126
    E("signalfd", 9, 33, (P("res", 14, 1, None),)),  # 127
    E("kill", 9, 0, (P("pid", 15, 1, None), P("sig", 19, 1, None),)),  # 128
    E("kill", 9, 0, (P("res", 11, 1, None),)),  # 129
    E("tkill", 9, 0, (P("tid", 15, 1, None), P("sig", 19, 1, None),)),  # 130
    E("tkill", 9, 0, (P("res", 11, 1, None),)),  # 131
    E("tgkill", 9, 0, (P("pid", 15, 1, None), P("tid", 15, 1, None), P("sig", 19, 1, None),)),  # 132
    E("tgkill", 9, 0, (P("res", 11, 1, None),)),  # 133
    E("nanosleep", 7, 1152, (P("interval", 20, 1, None),)),  # 134
    E("nanosleep", 7, 1152, (P("res", 11, 1, None),)),  # 135
    E("timerfd_create", 11, 1057, (P("clockid", 5, 1, None), P("flags", 28, 2, None),)),  # 136
    E("timerfd_create", 11, 1057, (P("res", 14, 1, None),)),  # 137
    E("inotify_init", 4, 33, (P("flags", 28, 2, None),)),  # 138
    E("inotify_init", 4, 33, (P("res", 14, 1, None),)),  # 139
    E("getrlimit", 6, 1024, (P("resource", 28, 1, "rlimit_resources"),)),  # 140
    E("getrlimit", 6, 1024, (P("res", 11, 1, None), P("cur", 4, 1, None), P("max", 4, 1, None),)),  # 141
    E("setrlimit", 6, 1024, (P("resource", 28, 1, "rlimit_resources"),)),  # 142
    E("setrlimit", 6, 1024, (P("res", 11, 1, None), P("cur", 4, 1, None), P("max", 4, 1, None),)),  # 143
    E("prlimit", 6, 0, (P("pid", 15, 1, None), P("resource", 28, 1, "rlimit_resources"),)),  # 144
    E("prlimit", 6, 0, (P("res", 11, 1, None), P("newcur", 4, 1, None), P("newmax", 4, 1, None), P("oldcur", 4, 1, None), P("oldmax", 4, 1, None),)),  # 145
    E("switch", 128, 1792, (P("next", 15, 1, None),)),  # 146
    E("NA2", 128, 832, ()),  # 147
    E("drop", 256, 256, (P("ratio", 7, 1, None),)),  # 148
    E("drop", 256, 256, (P("ratio", 7, 1, None),)),  # 149
    E("fcntl", 34, 1060, (P("fd", 14, 1, None), P("cmd", 28, 1, "fcntl_commands"),)),  # 150
    E("fcntl", 34, 1060, (P("res", 14, 1, None),)),  # 151
    E("switch", 128, 1024, (P("next", 15, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None),)),  # 152
    E("NA2", 128, 64, ()),  # 153
    E("execve", 6, 544, ()),  # 154
    E("execve", 6, 544, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None),)),  # 155
    E("clone", 6, 544, ()),  # 156
    E("clone", 6, 544, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 157
    E("brk", 5, 1024, (P("addr", 8, 2, None),)),  # 158
    E("brk", 5, 1024, (P("res", 8, 2, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None),)),  # 159
    E("mmap", 5, 1024, (P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"), P("flags", 30, 2, "mmap_flags"), P("fd", 14, 1, None), P("offset", 8, 1, None),)),  # 160
    E("mmap", 5, 1024, (P("res", 8, 2, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None),)),  # 161
    E("mmap2", 5, 1024, (P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"), P("flags", 30, 2, "mmap_flags"), P("fd", 14, 1, None), P("pgoffset", 8, 1, None),)),  # 162
    E("mmap2", 5, 1024, (P("res", 8, 2, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None),)),  # 163
    E("munmap", 5, 1024, (P("addr", 8, 2, None), P("length", 8, 1, None),)),  # 164
    E("munmap", 5, 1024, (P("res", 11, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None),)),  # 165
    E("splice", 34, 1028, (P("fd_in", 14, 1, None), P("fd_out", 14, 1, None), P("size", 8, 1, None), P("flags", 30, 2, "splice_flags"),)),  # 166
    E("splice", 34, 1028, (P("res", 11, 1, None),)),  # 167
    E("ptrace", 6, 0, (P("request", 29, 1, "ptrace_requests"), P("pid", 15, 1, None),)),  # 168
    E("ptrace", 6, 0, (P("res", 11, 1, None), P("addr", 27, 2, "ptrace_dynamic_param"), P("data", 27, 2, "ptrace_dynamic_param"),)),  # 169
    E("ioctl", 34, 4, (P("fd", 14, 1, None), P("request", 8, 2, None), P("argument", 8, 2, None),)),  # 170
    E("ioctl", 34, 4, (P("res", 11, 1, None),)),  # 171
    E("execve", 6, 544, ()),  # 172
    E("execve", 6, 544, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("env", 10, 0, None),)),  # 173
    E("rename", 2, 0, ()),  # 174
    E("rename", 2, 0, (P("res", 11, 1, None), P("oldpath", 17, 0, None), P("newpath", 17, 0, None),)),  # 175
    E("renameat", 2, 0, ()),  # 176
    E("renameat", 2, 0, (P("res", 11, 1, None), P("olddirfd", 14, 1, None), P("oldpath", 43, 0, 1), P("newdirfd", 14, 1, None), P("newpath", 43, 0, 3),)),  # 177
    E("symlink", 2, 0, ()),  # 178
    E("symlink", 2, 0, (P("res", 11, 1, None), P("target", 9, 0, None), P("linkpath", 17, 0, None),)),  # 179
    E("symlinkat", 2, 0, ()),  # 180
    E("symlinkat", 2, 0, (P("res", 11, 1, None), P("target", 9, 0, None), P("linkdirfd", 14, 1, None), P("linkpath", 43, 0, 2),)),  # 181
    E("fork", 6, 544, ()),  # 182
    E("fork", 6, 544, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 183
    E("vfork", 6, 544, ()),  # 184
    E("vfork", 6, 544, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 185
    E("procexit", 6, 32, (P("status", 11, 1, None), P("ret", 11, 1, None), P("sig", 19, 1, None), P("core", 5, 1, None),)),  # 186
    E("NA1", 6, 64, ()),  # 187
    E("sendfile", 33, 1028, (P("out_fd", 14, 1, None), P("in_fd", 14, 1, None), P("offset", 8, 1, None), P("size", 8, 1, None),)),  # 188
    E("sendfile", 33, 1028, (P("res", 11, 1, None), P("offset", 8, 1, None),)),  # 189
    E("quotactl", 10, 0, (P("cmd", 29, 1, "quotactl_cmds"), P("type", 28, 1, "quotactl_types"), P("id", 7, 1, None), P("quota_fmt", 28, 1, "quotactl_quota_fmts"),)),  # 190
    E("quotactl", 10, 0, (P("res", 11, 1, None), P("special", 9, 0, None), P("quotafilepath", 9, 0, None), P("dqb_bhardlimit", 8, 1, None), P("dqb_bsoftlimit", 8, 1, None), P("dqb_curspace", 8, 1, None), P("dqb_ihardlimit", 8, 1, None), P("dqb_isoftlimit", 8, 1, None), P("dqb_btime", 20, 1, None), P("dqb_itime", 20, 1, None), P("dqi_bgrace", 20, 1, None), P("dqi_igrace", 20, 1, None), P("dqi_flags", 28, 1, "quotactl_dqi_flags"), P("quota_fmt_out", 28, 1, "quotactl_quota_fmts"),)),  # 191
    E("setresuid", 10, 32, (P("ruid", 31, 1, None), P("euid", 31, 1, None), P("suid", 31, 1, None),)),  # 192
    E("setresuid", 10, 32, (P("res", 11, 1, None),)),  # 193
    E("setresgid", 10, 32, (P("rgid", 32, 1, None), P("egid", 32, 1, None), P("sgid", 32, 1, None),)),  # 194
    E("setresgid", 10, 32, (P("res", 11, 1, None),)),  # 195
    E("sysdigevent", 256, 256, (P("event_type", 7, 1, None), P("event_data", 8, 1, None),)),  # 196
    E("sysdigevent", 256, 64, ()),  # 197
    E("setuid", 10, 32, (P("uid", 31, 1, None),)),  # 198
    E("setuid", 10, 32, (P("res", 11, 1, None),)),  # 199
    E("setgid", 10, 32, (P("gid", 32, 1, None),)),  # 200
    E("setgid", 10, 32, (P("res", 11, 1, None),)),  # 201
    E("getuid", 10, 1024, ()),  # 202
    E("getuid", 10, 1024, (P("uid", 31, 1, None),)),  # 203
    E("geteuid", 10, 1024, ()),  # 204
    E("geteuid", 10, 1024, (P("euid", 31, 1, None),)),  # 205
    E("getgid", 10, 1024, ()),  # 206
    E("getgid", 10, 1024, (P("gid", 32, 1, None),)),  # 207
    E("getegid", 10, 1024, ()),  # 208
    E("getegid", 10, 1024, (P("egid", 32, 1, None),)),  # 209
    E("getresuid", 10, 1024, ()),  # 210
    E("getresuid", 10, 1024, (P("res", 11, 1, None), P("ruid", 31, 1, None), P("euid", 31, 1, None), P("suid", 31, 1, None),)),  # 211
    E("getresgid", 10, 1024, ()),  # 212
    E("getresgid", 10, 1024, (P("res", 11, 1, None), P("rgid", 32, 1, None), P("egid", 32, 1, None), P("sgid", 32, 1, None),)),  # 213
    E("execve", 6, 544, ()),  # 214
    E("execve", 6, 544, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("env", 10, 0, None),)),  # 215
    E("clone", 6, 544, ()),  # 216
    E("clone", 6, 544, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 217
    E("fork", 6, 544, ()),  # 218
    E("fork", 6, 544, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 219
    E("vfork", 6, 544, ()),  # 220
    E("vfork", 6, 544, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None),)),  # 221
    E("clone", 6, 32, ()),  # 222
    E("clone", 6, 32, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None), P("vtid", 15, 1, None), P("vpid", 15, 1, None),)),  # 223
    E("fork", 6, 32, ()),  # 224
    E("fork", 6, 32, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None), P("vtid", 15, 1, None), P("vpid", 15, 1, None),)),  # 225
    E("vfork", 6, 32, ()),  # 226
    E("vfork", 6, 32, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None), P("vtid", 15, 1, None), P("vpid", 15, 1, None),)),  # 227
    E("container", 256, 800, (P("id", 9, 0, None), P("type", 7, 1, None), P("name", 9, 0, None), P("image", 9, 0, None),)),  # 228
    E("container", 256, 576, ()),  # 229
    E("execve", 6, 32, ()),  # 230
    E("execve", 6, 32, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None),)),  # 231
    E("signaldeliver", 9, 1024, (P("spid", 15, 1, None), P("dpid", 15, 1, None), P("sig", 19, 1, None),)),  # 232
    E("signaldeliver", 9, 64, ()),  # 233
    E("procinfo", 256, 1280, (P("cpu_usr", 8, 1, None), P("cpu_sys", 8, 1, None),)),  # 234
    E("NA2", 256, 64, ()),  # 235
    E("getdents", 2, 1028, (P("fd", 14, 0, None),)),  # 236
    E("getdents", 2, 1028, (P("res", 11, 1, None),)),  # 237
    E("getdents64", 2, 1028, (P("fd", 14, 0, None),)),  # 238
    E("getdents64", 2, 1028, (P("res", 11, 1, None),)),  # 239
    E("setns", 6, 4, (P("fd", 14, 0, None), P("nstype", 30, 2, "clone_flags"),)),  # 240
    E("setns", 6, 4, (P("res", 11, 1, None),)),  # 241
    E("flock", 2, 4, (P("fd", 14, 0, None), P("operation", 30, 2, "flock_flags"),)),  # 242
    E("flock", 2, 4, (P("res", 11, 1, None),)),  # 243
    E("cpu_hotplug", 8, 288, (P("cpu", 7, 1, None), P("action", 7, 1, None),)),  # 244
    E("NA2", 8, 64, ()),  # 245
    E("accept", 3, 33, ()),  # 246
    E("accept", 3, 33, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None), P("queuelen", 7, 1, None), P("queuemax", 7, 1, None),)),  # 247
    E("accept", 3, 33, (P("flags", 3, 2, None),)),  # 248
    E("accept", 3, 33, (P("fd", 14, 1, None), P("tuple", 13, 0, None), P("queuepct", 5, 1, None), P("queuelen", 7, 1, None), P("queuemax", 7, 1, None),)),  # 249
    E("semop", 6, 1024, (P("semid", 3, 1, None),)),  # 250
    E("semop", 6, 1024, (P("res", 11, 1, None), P("nsops", 7, 1, None), P("sem_num_0", 6, 1, None), P("sem_op_0", 2, 1, None), P("sem_flg_0", 29, 2, "semop_flags"), P("sem_num_1", 6, 1, None), P("sem_op_1", 2, 1, None), P("sem_flg_1", 29, 2, "semop_flags"),)),  # 251
    E("semctl", 6, 1024, (P("semid", 3, 1, None), P("semnum", 3, 1, None), P("cmd", 29, 2, "semctl_commands"), P("val", 3, 1, None),)),  # 252
    E("semctl", 6, 1024, (P("res", 11, 1, None),)),  # 253
    E("ppoll", 64, 1152, (P("fds", 16, 1, None), P("timeout", 20, 1, None), P("sigmask", 34, 1, None),)),  # 254
    E("ppoll", 64, 1152, (P("res", 11, 1, None), P("fds", 16, 1, None),)),  # 255
    E("mount", 2, 32, (P("flags", 30, 2, "mount_flags"),)),  # 256
    E("mount", 2, 32, (P("res", 11, 1, None), P("dev", 9, 0, None), P("dir", 17, 0, None), P("type", 9, 0, None),)),  # 257
    E("umount", 2, 32, (P("flags", 30, 2, "umount_flags"),)),  # 258
    E("umount", 2, 32, (P("res", 11, 1, None), P("name", 17, 0, None),)),  # 259
    E("k8s", 256, 288, (P("json", 9, 0, None),)),  # 260
    E("NA3", 8, 64, ()),  # 261
    E("semget", 6, 1024, (P("key", 3, 2, None), P("nsems", 3, 1, None), P("semflg", 30, 2, "semget_flags"),)),  # 262
    E("semget", 6, 1024, (P("res", 11, 1, None),)),  # 263
    E("access", 2, 1024, (P("mode", 30, 2, "access_flags"),)),  # 264
    E("access", 2, 1024, (P("res", 11, 1, None), P("name", 17, 0, None),)),  # 265
    E("chroot", 6, 32, ()),  # 266
    E("chroot", 6, 32, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 267
    E("tracer", 1, 0, (P("id", 4, 1, None), P("tags", 35, 0, None), P("args", 36, 0, None),)),  # 268
    E("tracer", 1, 0, (P("id", 4, 1, None), P("tags", 35, 0, None), P("args", 36, 0, None),)),  # 269
    E("mesos", 256, 288, (P("json", 9, 0, None),)),  # 270
    E("NA4", 8, 64, ()),  # 271
    E("container", 6, 32, (P("json", 9, 0, None),)),  # 272
    E("container", 6, 64, ()),  # 273
    E("setsid", 6, 32, ()),  # 274
    E("setsid", 6, 32, (P("res", 15, 1, None),)),  # 275
    E("mkdir", 2, 0, (P("mode", 7, 2, None),)),  # 276
    E("mkdir", 2, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 277
    E("rmdir", 2, 0, ()),  # 278
    E("rmdir", 2, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 279
    E("notification", 1, 256, (P("id", 9, 1, None), P("desc", 9, 0, None),)),  # 280
    E("NA4", 8, 64, ()),  # 281
    E("execve", 6, 544, ()),  # 282
    E("execve", 6, 544, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None), P("tty", 3, 1, None),)),  # 283
    E("unshare", 6, 0, (P("flags", 30, 2, "clone_flags"),)),  # 284
    E("unshare", 6, 0, (P("res", 11, 1, None),)),  # 285
    E("infra", 256, 256, (P("source", 9, 1, None), P("name", 9, 0, None), P("description", 9, 0, None), P("scope", 9, 0, None),)),  # 286
    E("NA4", 8, 64, ()),  # 287
    E("execve", 6, 544, (P("filename", 17, 0, None),)),  # 288
    E("execve", 6, 544, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None), P("tty", 3, 1, None),)),  # 289
    E("page_fault", 1, 1280, (P("addr", 8, 2, None), P("ip", 8, 2, None), P("error", 30, 2, "pf_flags"),)),  # 290
    E("NA5", 1, 64, ()),  # 291
    E("execve", 6, 32, (P("filename", 17, 0, None),)),  # 292
    E("execve", 6, 32, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None), P("tty", 3, 1, None), P("pgid", 15, 1, None), P("loginuid", 3, 1, None), P("flags", 30, 2, "execve_flags"),)),  # 293
    E("setpgid", 6, 32, (P("pid", 15, 1, None), P("pgid", 15, 1, None),)),  # 294
    E("setpgid", 6, 32, (P("res", 15, 1, None),)),  # 295
    E("bpf", 1, 1, (P("cmd", 4, 1, None),)),  # 296
    E("bpf", 1, 1, (P("res_or_fd", 27, 1, "bpf_dynamic_param"),)),  # 297
    E("seccomp", 1, 0, (P("op", 8, 1, None),)),  # 298
    E("seccomp", 1, 0, (P("res", 11, 1, None),)),  # 299
    E("unlink", 2, 0, ()),  # 300
    E("unlink", 2, 0, (P("res", 11, 1, None), P("path", 17, 0, None),)),  # 301
    E("unlinkat", 2, 0, ()),  # 302
    E("unlinkat", 2, 0, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("name", 43, 0, 1), P("flags", 30, 2, "unlinkat_flags"),)),  # 303
    E("mkdirat", 2, 0, ()),  # 304
    E("mkdirat", 2, 0, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("path", 43, 0, 1), P("mode", 7, 2, None),)),  # 305
    E("openat", 2, 33, (P("dirfd", 14, 1, None), P("name", 43, 0, 0), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None),)),  # 306
    E("openat", 2, 33, (P("fd", 14, 1, None), P("dirfd", 14, 1, None), P("name", 43, 0, 1), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None), P("dev", 7, 2, None),)),  # 307
    E("link", 2, 0, ()),  # 308
    E("link", 2, 0, (P("res", 11, 1, None), P("oldpath", 17, 0, None), P("newpath", 17, 0, None),)),  # 309
    E("linkat", 2, 0, ()),  # 310
    E("linkat", 2, 0, (P("res", 11, 1, None), P("olddir", 14, 1, None), P("oldpath", 43, 0, 1), P("newdir", 14, 1, None), P("newpath", 43, 0, 3), P("flags", 30, 2, "linkat_flags"),)),  # 311
    E("fchmodat", 2, 0, ()),  # 312
    E("fchmodat", 2, 0, (P("res", 11, 1, None), P("dirfd", 14, 1, None), P("filename", 43, 0, 1), P("mode", 42, 6, "chmod_mode"),)),  # 313
    E("chmod", 2, 0, ()),  # 314
    E("chmod", 2, 0, (P("res", 11, 1, None), P("filename", 17, 0, None), P("mode", 42, 6, "chmod_mode"),)),  # 315
    E("fchmod", 2, 0, ()),  # 316
    E("fchmod", 2, 0, (P("res", 11, 1, None), P("fd", 14, 1, None), P("mode", 42, 6, "chmod_mode"),)),  # 317
    E("renameat2", 2, 0, ()),  # 318
    E("renameat2", 2, 0, (P("res", 11, 1, None), P("olddirfd", 14, 1, None), P("oldpath", 43, 0, 1), P("newdirfd", 14, 1, None), P("newpath", 43, 0, 3), P("flags", 30, 2, "renameat2_flags"),)),  # 319
    E("userfaultfd", 2, 33, ()),  # 320
    E("userfaultfd", 2, 33, (P("res", 11, 1, None), P("flags", 30, 2, "file_flags"),)),  # 321
    E("pluginevent", 1, 2048, (P("plugin ID", 7, 1, None), P("event_data", 10, 0, None),)),  # 322
    E("pluginevent", 1, 64, ()),  # 323
    E("container", 6, 2080, (P("json", 9, 0, None),)),  # 324
    E("container", 6, 64, ()),  # 325
    E("openat2", 2, 33, (P("dirfd", 14, 1, None), P("name", 43, 0, 1), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None), P("resolve", 30, 2, "openat2_flags"),)),  # 326
    E("openat2", 2, 33, (P("fd", 14, 1, None), P("dirfd", 14, 1, None), P("name", 43, 0, 1), P("flags", 30, 2, "file_flags"), P("mode", 7, 6, None), P("resolve", 30, 2, "openat2_flags"),)),  # 327
    E("mprotect", 5, 1024, (P("addr", 8, 2, None), P("length", 8, 1, None), P("prot", 30, 2, "prot_flags"),)),  # 328
    E("mprotect", 5, 1024, (P("res", 11, 1, None),)),  # 329
    E("execveat", 6, 32, (P("dirfd", 14, 1, None), P("pathname", 43, 0, 0), P("flags", 30, 2, "execveat_flags"),)),  # 330
    E("execveat", 6, 32, (P("res", 11, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 8, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("env", 10, 0, None), P("tty", 3, 1, None), P("pgid", 15, 1, None), P("loginuid", 3, 1, None), P("flags", 30, 2, "execve_flags"),)),  # 331
    E("copy_file_range", 2, 28, (P("fdin", 14, 1, None), P("offin", 8, 1, None), P("len", 8, 1, None),)),  # 332
    E("copy_file_range", 2, 28, (P("res", 11, 1, None), P("fdout", 14, 1, None), P("offout", 8, 1, None),)),  # 333
    E("clone3", 6, 32, ()),  # 334
    E("clone3", 6, 32, (P("res", 15, 1, None), P("exe", 9, 0, None), P("args", 10, 0, None), P("tid", 15, 1, None), P("pid", 15, 1, None), P("ptid", 15, 1, None), P("cwd", 9, 0, None), P("fdlimit", 4, 1, None), P("pgft_maj", 8, 1, None), P("pgft_min", 8, 1, None), P("vm_size", 7, 1, None), P("vm_rss", 7, 1, None), P("vm_swap", 7, 1, None), P("comm", 9, 0, None), P("cgroups", 10, 0, None), P("flags", 30, 2, "clone_flags"), P("uid", 7, 1, None), P("gid", 7, 1, None), P("vtid", 15, 1, None), P("vpid", 15, 1, None),)),  # 335
)

# Flag tables (value, name) in table order; rendering order matters.
FLAG_TABLES: dict[str, tuple[tuple[int, str], ...]] = {
    "socket_families": ((39, "AF_NFC"), (38, "AF_ALG"), (37, "AF_CAIF"), (36, "AF_IEEE802154"), (35, "AF_PHONET"), (34, "AF_ISDN"), (33, "AF_RXRPC"), (32, "AF_IUCV"), (31, "AF_BLUETOOTH"), (30, "AF_TIPC"), (29, "AF_CAN"), (26, "AF_LLC"), (25, "AF_WANPIPE"), (24, "AF_PPPOX"), (23, "AF_IRDA"), (22, "AF_SNA"), (21, "AF_RDS"), (20, "AF_ATMSVC"), (19, "AF_ECONET"), (18, "AF_ASH"), (17, "AF_PACKET"), (16, "AF_ROUTE"), (16, "AF_NETLINK"), (15, "AF_KEY"), (14, "AF_SECURITY"), (13, "AF_NETBEUI"), (12, "AF_DECnet"), (11, "AF_ROSE"), (10, "AF_INET6"), (9, "AF_X25"), (8, "AF_ATMPVC"), (7, "AF_BRIDGE"), (6, "AF_NETROM"), (5, "AF_APPLETALK"), (4, "AF_IPX"), (3, "AF_AX25"), (2, "AF_INET"), (1, "AF_LOCAL"), (1, "AF_UNIX"), (0, "AF_UNSPEC")),
    "file_flags": ((2048, "O_LARGEFILE"), (1024, "O_DIRECTORY"), (512, "O_DIRECT"), (256, "O_TRUNC"), (128, "O_SYNC"), (64, "O_NONBLOCK"), (32, "O_EXCL"), (16, "O_DSYNC"), (8, "O_APPEND"), (4, "O_CREAT"), (3, "O_RDWR"), (2, "O_WRONLY"), (1, "O_RDONLY"), (4096, "O_CLOEXEC"), (0, "O_NONE"), (8192, "O_TMPFILE"), (16384, "O_F_CREATED"), (32768, "FD_UPPER_LAYER"), (65536, "FD_LOWER_LAYER")),
    "creat_flags": ((1, "FD_UPPER_LAYER_CREAT"), (2, "FD_LOWER_LAYER_CREAT")),
    "flock_flags": ((1, "LOCK_SH"), (2, "LOCK_EX"), (4, "LOCK_NB"), (8, "LOCK_UN"), (0, "LOCK_NONE")),
    "clone_flags": ((1, "CLONE_FILES"), (2, "CLONE_FS"), (4, "CLONE_IO"), (8, "CLONE_NEWIPC"), (16, "CLONE_NEWNET"), (32, "CLONE_NEWNS"), (64, "CLONE_NEWPID"), (128, "CLONE_NEWUTS"), (256, "CLONE_PARENT"), (512, "CLONE_PARENT_SETTID"), (1024, "CLONE_PTRACE"), (2048, "CLONE_SIGHAND"), (4096, "CLONE_SYSVSEM"), (8192, "CLONE_THREAD"), (16384, "CLONE_UNTRACED"), (32768, "CLONE_VM"), (65536, "CLONE_INVERTED"), (131072, "NAME_CHANGED"), (262144, "CLOSED"), (1048576, "CLONE_NEWUSER"), (8388608, "CLONE_CHILD_CLEARTID"), (16777216, "CLONE_CHILD_SETTID"), (33554432, "CLONE_SETTLS"), (67108864, "CLONE_STOPPED"), (134217728, "CLONE_VFORK"), (268435456, "CLONE_NEWCGROUP"), (536870912, "CLONE_CHILD_IN_PIDNS")),
    "futex_operations": ((256, "FUTEX_CLOCK_REALTIME"), (128, "FUTEX_PRIVATE_FLAG"), (12, "FUTEX_CMP_REQUEUE_PI"), (11, "FUTEX_WAIT_REQUEUE_PI"), (10, "FUTEX_WAKE_BITSET"), (9, "FUTEX_WAIT_BITSET"), (8, "FUTEX_TRYLOCK_PI"), (7, "FUTEX_UNLOCK_PI"), (6, "FUTEX_LOCK_PI"), (5, "FUTEX_WAKE_OP"), (4, "FUTEX_CMP_REQUEUE"), (3, "FUTEX_REQUEUE"), (2, "FUTEX_FD"), (1, "FUTEX_WAKE"), (0, "FUTEX_WAIT")),
    "poll_flags": ((1, "POLLIN"), (2, "POLLPRI"), (4, "POLLOUT"), (8, "POLLRDHUP"), (16, "POLLERR"), (32, "POLLHUP"), (64, "POLLNVAL"), (128, "POLLRDNORM"), (256, "POLLRDBAND"), (512, "POLLWRNORM"), (1024, "POLLWRBAND")),
    "mount_flags": ((1, "RDONLY"), (2, "NOSUID"), (4, "NODEV"), (8, "NOEXEC"), (16, "SYNCHRONOUS"), (32, "REMOUNT"), (64, "MANDLOCK"), (128, "DIRSYNC"), (1024, "NOATIME"), (2048, "NODIRATIME"), (4096, "BIND"), (8192, "MOVE"), (16384, "REC"), (32768, "SILENT"), (65536, "POSIXACL"), (131072, "UNBINDABLE"), (262144, "PRIVATE"), (524288, "SLAVE"), (1048576, "SHARED"), (2097152, "RELATIME"), (4194304, "KERNMOUNT"), (8388608, "I_VERSION"), (16777216, "STRICTATIME"), (33554432, "LAZYTIME"), (268435456, "NOSEC"), (536870912, "BORN"), (1073741824, "ACTIVE"), (2147483648, "NOUSER")),
    "umount_flags": ((1, "FORCE"), (2, "DETACH"), (4, "EXPIRE"), (8, "NOFOLLOW")),
    "lseek_whence": ((2, "SEEK_END"), (1, "SEEK_CUR"), (0, "SEEK_SET")),
    "shutdown_how": ((65535, "SHUT_UNKNOWN"), (2, "SHUT_RDWR"), (1, "SHUT_WR"), (0, "SHUT_RD")),
    "rlimit_resources": ((255, "RLIMIT_UNKNOWN"), (15, "RLIMIT_RTTIME"), (14, "RLIMIT_RTPRIO"), (13, "RLIMIT_NICE"), (12, "RLIMIT_MSGQUEUE"), (11, "RLIMIT_SIGPENDING"), (10, "RLIMIT_LOCKS"), (9, "RLIMIT_AS"), (8, "RLIMIT_MEMLOCK"), (7, "RLIMIT_NOFILE"), (6, "RLIMIT_NPROC"), (5, "RLIMIT_RSS"), (4, "RLIMIT_CORE"), (3, "RLIMIT_STACK"), (2, "RLIMIT_DATA"), (1, "RLIMIT_FSIZE"), (0, "RLIMIT_CPU")),
    "fcntl_commands": ((29, "F_GETPIPE_SZ"), (28, "F_SETPIPE_SZ"), (27, "F_NOTIFY"), (26, "F_DUPFD_CLOEXEC"), (25, "F_CANCELLK"), (24, "F_GETLEASE"), (23, "F_SETLEASE"), (22, "F_GETOWN_EX"), (21, "F_SETOWN_EX"), (19, "F_SETLKW64"), (18, "F_SETLK64"), (17, "F_GETLK64"), (15, "F_GETSIG"), (13, "F_SETSIG"), (12, "F_GETOWN"), (10, "F_SETOWN"), (9, "F_SETLKW"), (8, "F_SETLK"), (6, "F_GETLK"), (5, "F_SETFL"), (4, "F_GETFL"), (3, "F_SETFD"), (2, "F_GETFD"), (1, "F_DUPFD"), (30, "F_OFD_GETLK"), (31, "F_OFD_SETLK"), (32, "F_OFD_SETLKW"), (0, "UNKNOWN")),
    "sockopt_levels": ((1, "SOL_SOCKET"), (2, "SOL_TCP"), (0, "UNKNOWN")),
    "sockopt_options": ((53, "SO_COOKIE"), (52, "SO_MEMINFO"), (51, "SO_PEERGROUPS"), (50, "SO_ATTACH_BPF"), (49, "SO_INCOMING_CPU"), (48, "SO_BPF_EXTENSIONS"), (47, "SO_MAX_PACING_RATE"), (46, "SO_BUSY_POLL"), (45, "SO_SELECT_ERR_QUEUE"), (44, "SO_LOCK_FILTER"), (43, "SO_NOFCS"), (42, "SO_PEEK_OFF"), (41, "SO_WIFI_STATUS"), (40, "SO_RXQ_OVFL"), (39, "SO_DOMAIN"), (38, "SO_PROTOCOL"), (37, "SO_TIMESTAMPING"), (36, "SO_MARK"), (35, "SO_TIMESTAMPNS"), (34, "SO_PASSSEC"), (31, "SO_PEERSEC"), (30, "SO_ACCEPTCONN"), (29, "SO_TIMESTAMP"), (28, "SO_PEERNAME"), (27, "SO_DETACH_FILTER"), (26, "SO_ATTACH_FILTER"), (25, "SO_BINDTODEVICE"), (24, "SO_SECURITY_ENCRYPTION_NETWORK"), (23, "SO_SECURITY_ENCRYPTION_TRANSPORT"), (22, "SO_SECURITY_AUTHENTICATION"), (21, "SO_SNDTIMEO"), (20, "SO_RCVTIMEO"), (19, "SO_SNDLOWAT"), (18, "SO_RCVLOWAT"), (17, "SO_PEERCRED"), (16, "SO_PASSCRED"), (15, "SO_REUSEPORT"), (14, "SO_BSDCOMPAT"), (13, "SO_LINGER"), (12, "SO_PRIORITY"), (11, "SO_NO_CHECK"), (10, "SO_OOBINLINE"), (9, "SO_KEEPALIVE"), (33, "SO_RCVBUFFORCE"), (32, "SO_SNDBUFFORCE"), (8, "SO_RCVBUF"), (7, "SO_SNDBUF"), (6, "SO_BROADCAST"), (5, "SO_DONTROUTE"), (4, "SO_ERROR"), (3, "SO_TYPE"), (2, "SO_REUSEADDR"), (1, "SO_DEBUG"), (0, "UNKNOWN")),
    "ptrace_requests": ((38, "PTRACE_SINGLEBLOCK"), (37, "PTRACE_SYSEMU_SINGLESTEP"), (36, "PTRACE_SYSEMU"), (35, "PTRACE_ARCH_PRCTL"), (34, "PTRACE_SET_THREAD_AREA"), (33, "PTRACE_GET_THREAD_AREA"), (32, "PTRACE_OLDSETOPTIONS"), (31, "PTRACE_SETFPXREGS"), (30, "PTRACE_GETFPXREGS"), (29, "PTRACE_SETFPREGS"), (28, "PTRACE_GETFPREGS"), (27, "PTRACE_SETREGS"), (26, "PTRACE_GETREGS"), (25, "PTRACE_SETSIGMASK"), (24, "PTRACE_GETSIGMASK"), (23, "PTRACE_PEEKSIGINFO"), (22, "PTRACE_LISTEN"), (21, "PTRACE_INTERRUPT"), (20, "PTRACE_SEIZE"), (19, "PTRACE_SETREGSET"), (18, "PTRACE_GETREGSET"), (17, "PTRACE_SETSIGINFO"), (16, "PTRACE_GETSIGINFO"), (15, "PTRACE_GETEVENTMSG"), (14, "PTRACE_SETOPTIONS"), (13, "PTRACE_SYSCALL"), (12, "PTRACE_DETACH"), (11, "PTRACE_ATTACH"), (10, "PTRACE_SINGLESTEP"), (9, "PTRACE_KILL"), (8, "PTRACE_CONT"), (7, "PTRACE_POKEUSR"), (6, "PTRACE_POKEDATA"), (5, "PTRACE_POKETEXT"), (4, "PTRACE_PEEKUSR"), (3, "PTRACE_PEEKDATA"), (2, "PTRACE_PEEKTEXT"), (1, "PTRACE_TRACEME"), (0, "PTRACE_UNKNOWN")),
    "prot_flags": ((1, "PROT_READ"), (2, "PROT_WRITE"), (4, "PROT_EXEC"), (8, "PROT_SEM"), (16, "PROT_GROWSDOWN"), (32, "PROT_GROWSUP"), (64, "PROT_SAO"), (0, "PROT_NONE")),
    "mmap_flags": ((1, "MAP_SHARED"), (2, "MAP_PRIVATE"), (4, "MAP_FIXED"), (8, "MAP_ANONYMOUS"), (16, "MAP_32BIT"), (32, "MAP_RENAME"), (64, "MAP_NORESERVE"), (128, "MAP_POPULATE"), (256, "MAP_NONBLOCK"), (512, "MAP_GROWSDOWN"), (1024, "MAP_DENYWRITE"), (2048, "MAP_EXECUTABLE"), (4096, "MAP_INHERIT"), (8192, "MAP_FILE"), (16384, "MAP_LOCKED")),
    "splice_flags": ((1, "SPLICE_F_MOVE"), (2, "SPLICE_F_NONBLOCK"), (4, "SPLICE_F_MORE"), (8, "SPLICE_F_GIFT")),
    "quotactl_dqi_flags": ((1, "DQF_NONE"), (2, "V1_DQF_RSQUASH")),
    "quotactl_cmds": ((1, "Q_QUOTAON"), (2, "Q_QUOTAOFF"), (4, "Q_GETFMT"), (8, "Q_GETINFO"), (16, "Q_SETINFO"), (32, "Q_GETQUOTA"), (64, "Q_SETQUOTA"), (128, "Q_SYNC"), (256, "Q_XQUOTAON"), (512, "Q_XQUOTAOFF"), (1024, "Q_XGETQUOTA"), (2048, "Q_XSETQLIM"), (4096, "Q_XGETQSTAT"), (8192, "Q_XQUOTARM"), (16384, "Q_XQUOTASYNC")),
    "quotactl_types": ((1, "USRQUOTA"), (2, "GRPQUOTA")),
    "quotactl_quota_fmts": ((1, "QFMT_NOT_USED"), (2, "QFMT_VFS_OLD"), (4, "QFMT_VFS_V0"), (8, "QFMT_VFS_V1")),
    "semop_flags": ((1, "IPC_NOWAIT"), (2, "SEM_UNDO")),
    "semget_flags": ((16384, "IPC_EXCL"), (8192, "IPC_CREAT")),
    "semctl_commands": ((1, "IPC_STAT"), (2, "IPC_SET"), (4, "IPC_RMID"), (8, "IPC_INFO"), (16, "SEM_INFO"), (32, "SEM_STAT"), (64, "GETALL"), (128, "GETNCNT"), (256, "GETPID"), (512, "GETVAL"), (1024, "GETZCNT"), (2048, "SETALL"), (4096, "SETVAL")),
    "access_flags": ((0, "F_OK"), (4, "R_OK"), (2, "W_OK"), (1, "X_OK")),
    "pf_flags": ((1, "PROTECTION_VIOLATION"), (2, "PAGE_NOT_PRESENT"), (4, "WRITE_ACCESS"), (8, "READ_ACCESS"), (16, "USER_FAULT"), (32, "SUPERVISOR_FAULT"), (64, "RESERVED_PAGE"), (128, "INSTRUCTION_FETCH")),
    "unlinkat_flags": ((512, "AT_REMOVEDIR"),),
    "linkat_flags": ((1024, "AT_SYMLINK_FOLLOW"), (4096, "AT_EMPTY_PATH")),
    "newfstatat_flags": ((4096, "AT_EMPTY_PATH"), (2048, "AT_NO_AUTOMOUNT"), (256, "AT_SYMLINK_NOFOLLOW")),
    "chmod_mode": ((1, "S_IXOTH"), (2, "S_IWOTH"), (4, "S_IROTH"), (8, "S_IXGRP"), (16, "S_IWGRP"), (32, "S_IRGRP"), (64, "S_IXUSR"), (128, "S_IWUSR"), (256, "S_IRUSR"), (512, "S_ISVTX"), (1024, "S_ISGID"), (2048, "S_ISUID")),
    "fchownat_flags": ((1024, "AT_SYMLINK_NOFOLLOW"), (4096, "AT_EMPTY_PATH")),
    "renameat2_flags": ((1, "RENAME_NOREPLACE"), (2, "RENAME_EXCHANGE"), (4, "RENAME_WHITEOUT")),
    "openat2_flags": ((1, "RESOLVE_BENEATH"), (2, "RESOLVE_IN_ROOT"), (4, "RESOLVE_NO_MAGICLINKS"), (8, "RESOLVE_NO_SYMLINKS"), (16, "RESOLVE_NO_XDEV"), (32, "RESOLVE_CACHED")),
    "execve_flags": ((1, "EXE_WRITABLE"), (2, "EXE_UPPER_LAYER"), (4, "EXE_FROM_MEMFD"), (8, "EXE_LOWER_LAYER")),
    "execveat_flags": ((1, "AT_EMPTY_PATH"), (2, "AT_SYMLINK_NOFOLLOW")),
    "io_uring_setup_flags": ((1, "IORING_SETUP_IOPOLL"), (2, "IORING_SETUP_SQPOLL"), (4, "IORING_SQ_NEED_WAKEUP"), (8, "IORING_SETUP_SQ_AFF"), (16, "IORING_SETUP_CQSIZE"), (32, "IORING_SETUP_CLAMP"), (64, "IORING_SETUP_ATTACH_RW"), (128, "IORING_SETUP_R_DISABLED")),
    "io_uring_setup_feats": ((1, "IORING_FEAT_SINGLE_MMAP"), (2, "IORING_FEAT_NODROP"), (4, "IORING_FEAT_SUBMIT_STABLE"), (8, "IORING_FEAT_RW_CUR_POS"), (16, "IORING_FEAT_CUR_PERSONALITY"), (32, "IORING_FEAT_FAST_POLL"), (64, "IORING_FEAT_POLL_32BITS"), (128, "IORING_FEAT_SQPOLL_NONFIXED"), (256, "IORING_FEAT_ENTER_EXT_ARG"), (512, "IORING_FEAT_NATIVE_WORKERS"), (1024, "IORING_FEAT_RSRC_TAGS")),
    "io_uring_enter_flags": ((1, "IORING_ENTER_GETEVENTS"), (2, "IORING_ENTER_SQ_WAKEUP"), (4, "IORING_ENTER_SQ_WAIT"), (8, "IORING_ENTER_EXT_ARG")),
    "io_uring_register_opcodes": ((0, "IORING_REGISTER_BUFFERS"), (1, "IORING_UNREGISTER_BUFFERS"), (2, "IORING_REGISTER_FILES"), (3, "IORING_UNREGISTER_FILES"), (4, "IORING_REGISTER_EVENTFD"), (5, "IORING_UNREGISTER_EVENTFD"), (6, "IORING_REGISTER_FILES_UPDATE"), (7, "IORING_REGISTER_EVENTFD_ASYNC"), (8, "IORING_REGISTER_PROBE"), (9, "IORING_REGISTER_PERSONALITY"), (10, "IORING_UNREGISTER_PERSONALITY"), (11, "IORING_REGISTER_RESTRICTIONS"), (12, "IORING_REGISTER_ENABLE_RINGS"), (13, "IORING_REGISTER_FILES2"), (14, "IORING_REGISTER_FILES_UPDATE2"), (15, "IORING_REGISTER_BUFFERS2"), (16, "IORING_REGISTER_BUFFERS_UPDATE"), (17, "IORING_REGISTER_IOWQ_AFF"), (18, "IORING_UNREGISTER_IOWQ_AFF"), (19, "IORING_REGISTER_IOWQ_MAX_WORKERS"), (20, "IORING_REGISTER_RING_FDS"), (21, "IORING_UNREGISTER_RING_FDS")),
    "mlockall_flags": ((1, "MCL_CURRENT"), (2, "MCL_FUTURE"), (4, "MCL_ONFAULT")),
    "mlock2_flags": ((1, "MLOCK_ONFAULT"),),
    "fsconfig_cmds": ((0, "FSCONFIG_SET_FLAG"), (1, "FSCONFIG_SET_STRING"), (2, "FSCONFIG_SET_BINARY"), (3, "FSCONFIG_SET_PATH"), (4, "FSCONFIG_SET_PATH_EMPTY"), (5, "FSCONFIG_SET_FD"), (6, "FSCONFIG_CMD_CREATE"), (7, "FSCONFIG_CMD_RECONFIGURE")),
    "epoll_create1_flags": ((1, "EPOLL_CLOEXEC"),),
    "prctl_options": ((3, "PR_GET_DUMPABLE"), (4, "PR_SET_DUMPABLE"), (7, "PR_GET_KEEPCAPS"), (8, "PR_SET_KEEPCAPS"), (15, "PR_SET_NAME"), (16, "PR_GET_NAME"), (21, "PR_GET_SECCOMP"), (22, "PR_SET_SECCOMP"), (23, "PR_CAPBSET_READ"), (24, "PR_CAPBSET_DROP"), (27, "PR_GET_SECUREBITS"), (28, "PR_SET_SECUREBITS"), (33, "PR_MCE_KILL"), (33, "PR_MCE_KILL"), (35, "PR_SET_MM"), (36, "PR_SET_CHILD_SUBREAPER"), (37, "PR_GET_CHILD_SUBREAPER"), (38, "PR_SET_NO_NEW_PRIVS"), (39, "PR_GET_NO_NEW_PRIVS"), (40, "PR_GET_TID_ADDRESS"), (41, "PR_SET_THP_DISABLE"), (42, "PR_GET_THP_DISABLE"), (47, "PR_CAP_AMBIENT")),
    "keyctl_operations": ((0, "KEYCTL_GET_KEYRING_ID"), (1, "KEYCTL_JOIN_SESSION_KEYRING"), (2, "KEYCTL_UPDATE"), (3, "KEYCTL_REVOKE"), (4, "KEYCTL_CHOWN"), (5, "KEYCTL_SETPERM"), (6, "KEYCTL_DESCRIBE"), (7, "KEYCTL_CLEAR"), (8, "KEYCTL_LINK"), (9, "KEYCTL_UNLINK"), (10, "KEYCTL_SEARCH"), (11, "KEYCTL_READ"), (12, "KEYCTL_INSTANTIATE"), (13, "KEYCTL_NEGATE"), (14, "KEYCTL_SET_REQKEY_KEYRING"), (15, "KEYCTL_SET_TIMEOUT"), (16, "KEYCTL_ASSUME_AUTHORITY"), (17, "KEYCTL_GET_SECURITY"), (18, "KEYCTL_SESSION_TO_PARENT"), (19, "KEYCTL_REJECT"), (20, "KEYCTL_INSTANTIATE_IOV"), (21, "KEYCTL_INVALIDATE"), (22, "KEYCTL_GET_PERSISTENT"), (23, "KEYCTL_DH_COMPUTE"), (24, "KEYCTL_PKEY_QUERY"), (25, "KEYCTL_PKEY_ENCRYPT"), (26, "KEYCTL_PKEY_DECRYPT"), (27, "KEYCTL_PKEY_SIGN"), (28, "KEYCTL_PKEY_VERIFY"), (29, "KEYCTL_RESTRICT_KEYRING"), (30, "KEYCTL_MOVE"), (31, "KEYCTL_CAPABILITIES"), (32, "KEYCTL_WATCH_KEY")),
    "memfd_create_flags": ((1, "MFD_CLOEXEC"), (2, "MFD_ALLOW_SEALING"), (4, "MFD_HUGETLB")),
    "pidfd_open_flags": ((1, "PIDFD_NONBLOCK"),),
    "mknod_mode": ((1, "S_IXOTH"), (2, "S_IWOTH"), (4, "S_IROTH"), (8, "S_IXGRP"), (16, "S_IWGRP"), (32, "S_IRGRP"), (64, "S_IXUSR"), (128, "S_IWUSR"), (256, "S_IRUSR"), (512, "S_ISVTX"), (1024, "S_ISGID"), (2048, "S_ISUID"), (32768, "S_IFREG"), (8192, "S_IFCHR"), (24576, "S_IFBLK"), (4096, "S_IFIFO"), (49152, "S_IFSOCK")),
    "bpf_commands": ((0, "BPF_MAP_CREATE"), (1, "BPF_MAP_LOOKUP_ELEM"), (2, "BPF_MAP_UPDATE_ELEM"), (3, "BPF_MAP_DELETE_ELEM"), (4, "BPF_MAP_GET_NEXT_KEY"), (5, "BPF_PROG_LOAD"), (6, "BPF_OBJ_PIN"), (7, "BPF_OBJ_GET"), (8, "BPF_PROG_ATTACH"), (9, "BPF_PROG_DETACH"), (10, "BPF_PROG_TEST_RUN"), (10, "BPF_PROG_RUN"), (11, "BPF_PROG_GET_NEXT_ID"), (12, "BPF_MAP_GET_NEXT_ID"), (13, "BPF_PROG_GET_FD_BY_ID"), (14, "BPF_MAP_GET_FD_BY_ID"), (15, "BPF_OBJ_GET_INFO_BY_FD"), (16, "BPF_PROG_QUERY"), (17, "BPF_RAW_TRACEPOINT_OPEN"), (18, "BPF_BTF_LOAD"), (19, "BPF_BTF_GET_FD_BY_ID"), (20, "BPF_TASK_FD_QUERY"), (21, "BPF_MAP_LOOKUP_AND_DELETE_ELEM"), (22, "BPF_MAP_FREEZE"), (23, "BPF_BTF_GET_NEXT_ID"), (24, "BPF_MAP_LOOKUP_BATCH"), (25, "BPF_MAP_LOOKUP_AND_DELETE_BATCH"), (26, "BPF_MAP_UPDATE_BATCH"), (27, "BPF_MAP_DELETE_BATCH"), (28, "BPF_LINK_CREATE"), (29, "BPF_LINK_UPDATE"), (30, "BPF_LINK_GET_FD_BY_ID"), (31, "BPF_LINK_GET_NEXT_ID"), (32, "BPF_ENABLE_STATS"), (33, "BPF_ITER_CREATE"), (34, "BPF_LINK_DETACH"), (35, "BPF_PROG_BIND_MAP")),
    "delete_module_flags": ((2, "O_NONBLOCK"), (1, "O_TRUNC")),
    "close_range_flags": ((2, "CLOSE_RANGE_UNSHARE"), (4, "CLOSE_RANGE_CLOEXEC")),
    "finit_module_flags": ((1, "MODULE_INIT_IGNORE_MODVERSIONS"), (2, "MODULE_INIT_IGNORE_VERMAGIC"), (4, "MODULE_INIT_COMPRESSED_FILE")),
    "anon_inode_fd_types": ((0, "ANON_INODE_FD_TYPE_UNKNOWN"), (1, "ANON_INODE_FD_TYPE_EVENTFD"), (2, "ANON_INODE_FD_TYPE_EVENTPOLL"), (3, "ANON_INODE_FD_TYPE_INOTIFY"), (4, "ANON_INODE_FD_TYPE_SIGNALFD"), (5, "ANON_INODE_FD_TYPE_TIMERFD"), (6, "ANON_INODE_FD_TYPE_IO_URING"), (7, "ANON_INODE_FD_TYPE_USERFAULTFD"), (8, "ANON_INODE_FD_TYPE_PIDFD"), (9, "ANON_INODE_FD_TYPE_BPF_MAP"), (10, "ANON_INODE_FD_TYPE_BPF_PROG"), (11, "ANON_INODE_FD_TYPE_BPF_LINK"), (12, "ANON_INODE_FD_TYPE_BPF_ITER"), (13, "ANON_INODE_FD_TYPE_PERF_EVENT")),
}

FLAG_TABLES_2022: dict[str, tuple[tuple[int, str], ...]] = {
    "socket_families": ((39, "AF_NFC"), (38, "AF_ALG"), (37, "AF_CAIF"), (36, "AF_IEEE802154"), (35, "AF_PHONET"), (34, "AF_ISDN"), (33, "AF_RXRPC"), (32, "AF_IUCV"), (31, "AF_BLUETOOTH"), (30, "AF_TIPC"), (29, "AF_CAN"), (26, "AF_LLC"), (25, "AF_WANPIPE"), (24, "AF_PPPOX"), (23, "AF_IRDA"), (22, "AF_SNA"), (21, "AF_RDS"), (20, "AF_ATMSVC"), (19, "AF_ECONET"), (18, "AF_ASH"), (17, "AF_PACKET"), (16, "AF_ROUTE"), (16, "AF_NETLINK"), (15, "AF_KEY"), (14, "AF_SECURITY"), (13, "AF_NETBEUI"), (12, "AF_DECnet"), (11, "AF_ROSE"), (10, "AF_INET6"), (9, "AF_X25"), (8, "AF_ATMPVC"), (7, "AF_BRIDGE"), (6, "AF_NETROM"), (5, "AF_APPLETALK"), (4, "AF_IPX"), (3, "AF_AX25"), (2, "AF_INET"), (1, "AF_LOCAL"), (1, "AF_UNIX"), (0, "AF_UNSPEC")),
    "file_flags": ((2048, "O_LARGEFILE"), (1024, "O_DIRECTORY"), (512, "O_DIRECT"), (256, "O_TRUNC"), (128, "O_SYNC"), (64, "O_NONBLOCK"), (32, "O_EXCL"), (16, "O_DSYNC"), (8, "O_APPEND"), (4, "O_CREAT"), (3, "O_RDWR"), (2, "O_WRONLY"), (1, "O_RDONLY"), (4096, "O_CLOEXEC"), (0, "O_NONE"), (8192, "O_TMPFILE")),
    "flock_flags": ((1, "LOCK_SH"), (2, "LOCK_EX"), (4, "LOCK_NB"), (8, "LOCK_UN"), (0, "LOCK_NONE")),
    "clone_flags": ((1, "CLONE_FILES"), (2, "CLONE_FS"), (4, "CLONE_IO"), (8, "CLONE_NEWIPC"), (16, "CLONE_NEWNET"), (32, "CLONE_NEWNS"), (64, "CLONE_NEWPID"), (128, "CLONE_NEWUTS"), (256, "CLONE_PARENT"), (512, "CLONE_PARENT_SETTID"), (1024, "CLONE_PTRACE"), (2048, "CLONE_SIGHAND"), (4096, "CLONE_SYSVSEM"), (8192, "CLONE_THREAD"), (16384, "CLONE_UNTRACED"), (32768, "CLONE_VM"), (65536, "CLONE_INVERTED"), (131072, "NAME_CHANGED"), (262144, "CLOSED"), (1048576, "CLONE_NEWUSER"), (8388608, "CLONE_CHILD_CLEARTID"), (16777216, "CLONE_CHILD_SETTID"), (33554432, "CLONE_SETTLS"), (67108864, "CLONE_STOPPED"), (134217728, "CLONE_VFORK"), (268435456, "CLONE_NEWCGROUP")),
    "futex_operations": ((256, "FUTEX_CLOCK_REALTIME"), (128, "FUTEX_PRIVATE_FLAG"), (12, "FUTEX_CMP_REQUEUE_PI"), (11, "FUTEX_WAIT_REQUEUE_PI"), (10, "FUTEX_WAKE_BITSET"), (9, "FUTEX_WAIT_BITSET"), (8, "FUTEX_TRYLOCK_PI"), (7, "FUTEX_UNLOCK_PI"), (6, "FUTEX_LOCK_PI"), (5, "FUTEX_WAKE_OP"), (4, "FUTEX_CMP_REQUEUE"), (3, "FUTEX_REQUEUE"), (2, "FUTEX_FD"), (1, "FUTEX_WAKE"), (0, "FUTEX_WAIT")),
    "poll_flags": ((1, "POLLIN"), (2, "POLLPRI"), (4, "POLLOUT"), (8, "POLLRDHUP"), (16, "POLLERR"), (32, "POLLHUP"), (64, "POLLNVAL"), (128, "POLLRDNORM"), (256, "POLLRDBAND"), (512, "POLLWRNORM"), (1024, "POLLWRBAND")),
    "mount_flags": ((1, "RDONLY"), (2, "NOSUID"), (4, "NODEV"), (8, "NOEXEC"), (16, "SYNCHRONOUS"), (32, "REMOUNT"), (64, "MANDLOCK"), (128, "DIRSYNC"), (1024, "NOATIME"), (2048, "NODIRATIME"), (4096, "BIND"), (8192, "MOVE"), (16384, "REC"), (32768, "SILENT"), (65536, "POSIXACL"), (131072, "UNBINDABLE"), (262144, "PRIVATE"), (524288, "SLAVE"), (1048576, "SHARED"), (2097152, "RELATIME"), (4194304, "KERNMOUNT"), (8388608, "I_VERSION"), (16777216, "STRICTATIME"), (33554432, "LAZYTIME"), (268435456, "NOSEC"), (536870912, "BORN"), (1073741824, "ACTIVE"), (2147483648, "NOUSER")),
    "umount_flags": ((1, "FORCE"), (2, "DETACH"), (4, "EXPIRE"), (8, "NOFOLLOW")),
    "lseek_whence": ((2, "SEEK_END"), (1, "SEEK_CUR"), (0, "SEEK_SET")),
    "shutdown_how": ((2, "SHUT_RDWR"), (1, "SHUT_WR"), (0, "SHUT_RD")),
    "rlimit_resources": ((255, "RLIMIT_UNKNOWN"), (15, "RLIMIT_RTTIME"), (14, "RLIMIT_RTPRIO"), (13, "RLIMIT_NICE"), (12, "RLIMIT_MSGQUEUE"), (11, "RLIMIT_SIGPENDING"), (10, "RLIMIT_LOCKS"), (9, "RLIMIT_AS"), (8, "RLIMIT_MEMLOCK"), (7, "RLIMIT_NOFILE"), (6, "RLIMIT_NPROC"), (5, "RLIMIT_RSS"), (4, "RLIMIT_CORE"), (3, "RLIMIT_STACK"), (2, "RLIMIT_DATA"), (1, "RLIMIT_FSIZE"), (0, "RLIMIT_CPU")),
    "fcntl_commands": ((29, "F_GETPIPE_SZ"), (28, "F_SETPIPE_SZ"), (27, "F_NOTIFY"), (26, "F_DUPFD_CLOEXEC"), (25, "F_CANCELLK"), (24, "F_GETLEASE"), (23, "F_SETLEASE"), (22, "F_GETOWN_EX"), (21, "F_SETOWN_EX"), (19, "F_SETLKW64"), (18, "F_SETLK64"), (17, "F_GETLK64"), (15, "F_GETSIG"), (13, "F_SETSIG"), (12, "F_GETOWN"), (10, "F_SETOWN"), (9, "F_SETLKW"), (8, "F_SETLK"), (6, "F_GETLK"), (5, "F_SETFL"), (4, "F_GETFL"), (3, "F_SETFD"), (2, "F_GETFD"), (1, "F_DUPFD"), (30, "F_OFD_GETLK"), (31, "F_OFD_SETLK"), (32, "F_OFD_SETLKW"), (0, "UNKNOWN")),
    "sockopt_levels": ((1, "SOL_SOCKET"), (2, "SOL_TCP"), (0, "UNKNOWN")),
    "sockopt_options": ((53, "SO_COOKIE"), (52, "SO_MEMINFO"), (51, "SO_PEERGROUPS"), (50, "SO_ATTACH_BPF"), (49, "SO_INCOMING_CPU"), (48, "SO_BPF_EXTENSIONS"), (47, "SO_MAX_PACING_RATE"), (46, "SO_BUSY_POLL"), (45, "SO_SELECT_ERR_QUEUE"), (44, "SO_LOCK_FILTER"), (43, "SO_NOFCS"), (42, "SO_PEEK_OFF"), (41, "SO_WIFI_STATUS"), (40, "SO_RXQ_OVFL"), (39, "SO_DOMAIN"), (38, "SO_PROTOCOL"), (37, "SO_TIMESTAMPING"), (36, "SO_MARK"), (35, "SO_TIMESTAMPNS"), (34, "SO_PASSSEC"), (31, "SO_PEERSEC"), (30, "SO_ACCEPTCONN"), (29, "SO_TIMESTAMP"), (28, "SO_PEERNAME"), (27, "SO_DETACH_FILTER"), (26, "SO_ATTACH_FILTER"), (25, "SO_BINDTODEVICE"), (24, "SO_SECURITY_ENCRYPTION_NETWORK"), (23, "SO_SECURITY_ENCRYPTION_TRANSPORT"), (22, "SO_SECURITY_AUTHENTICATION"), (21, "SO_SNDTIMEO"), (20, "SO_RCVTIMEO"), (19, "SO_SNDLOWAT"), (18, "SO_RCVLOWAT"), (17, "SO_PEERCRED"), (16, "SO_PASSCRED"), (15, "SO_REUSEPORT"), (14, "SO_BSDCOMPAT"), (13, "SO_LINGER"), (12, "SO_PRIORITY"), (11, "SO_NO_CHECK"), (10, "SO_OOBINLINE"), (9, "SO_KEEPALIVE"), (33, "SO_RCVBUFFORCE"), (32, "SO_SNDBUFFORCE"), (8, "SO_RCVBUF"), (7, "SO_SNDBUF"), (6, "SO_BROADCAST"), (5, "SO_DONTROUTE"), (4, "SO_ERROR"), (3, "SO_TYPE"), (2, "SO_REUSEADDR"), (1, "SO_DEBUG"), (0, "UNKNOWN")),
    "ptrace_requests": ((38, "PTRACE_SINGLEBLOCK"), (37, "PTRACE_SYSEMU_SINGLESTEP"), (36, "PTRACE_SYSEMU"), (35, "PTRACE_ARCH_PRCTL"), (34, "PTRACE_SET_THREAD_AREA"), (33, "PTRACE_GET_THREAD_AREA"), (32, "PTRACE_OLDSETOPTIONS"), (31, "PTRACE_SETFPXREGS"), (30, "PTRACE_GETFPXREGS"), (29, "PTRACE_SETFPREGS"), (28, "PTRACE_GETFPREGS"), (27, "PTRACE_SETREGS"), (26, "PTRACE_GETREGS"), (25, "PTRACE_SETSIGMASK"), (24, "PTRACE_GETSIGMASK"), (23, "PTRACE_PEEKSIGINFO"), (22, "PTRACE_LISTEN"), (21, "PTRACE_INTERRUPT"), (20, "PTRACE_SEIZE"), (19, "PTRACE_SETREGSET"), (18, "PTRACE_GETREGSET"), (17, "PTRACE_SETSIGINFO"), (16, "PTRACE_GETSIGINFO"), (15, "PTRACE_GETEVENTMSG"), (14, "PTRACE_SETOPTIONS"), (13, "PTRACE_SYSCALL"), (12, "PTRACE_DETACH"), (11, "PTRACE_ATTACH"), (10, "PTRACE_SINGLESTEP"), (9, "PTRACE_KILL"), (8, "PTRACE_CONT"), (7, "PTRACE_POKEUSR"), (6, "PTRACE_POKEDATA"), (5, "PTRACE_POKETEXT"), (4, "PTRACE_PEEKUSR"), (3, "PTRACE_PEEKDATA"), (2, "PTRACE_PEEKTEXT"), (1, "PTRACE_TRACEME"), (0, "PTRACE_UNKNOWN")),
    "prot_flags": ((1, "PROT_READ"), (2, "PROT_WRITE"), (4, "PROT_EXEC"), (8, "PROT_SEM"), (16, "PROT_GROWSDOWN"), (32, "PROT_GROWSUP"), (64, "PROT_SAO"), (0, "PROT_NONE")),
    "mmap_flags": ((1, "MAP_SHARED"), (2, "MAP_PRIVATE"), (4, "MAP_FIXED"), (8, "MAP_ANONYMOUS"), (16, "MAP_32BIT"), (32, "MAP_RENAME"), (64, "MAP_NORESERVE"), (128, "MAP_POPULATE"), (256, "MAP_NONBLOCK"), (512, "MAP_GROWSDOWN"), (1024, "MAP_DENYWRITE"), (2048, "MAP_EXECUTABLE"), (4096, "MAP_INHERIT"), (8192, "MAP_FILE"), (16384, "MAP_LOCKED")),
    "splice_flags": ((1, "SPLICE_F_MOVE"), (2, "SPLICE_F_NONBLOCK"), (4, "SPLICE_F_MORE"), (8, "SPLICE_F_GIFT")),
    "quotactl_dqi_flags": ((1, "DQF_NONE"), (2, "V1_DQF_RSQUASH")),
    "quotactl_cmds": ((1, "Q_QUOTAON"), (2, "Q_QUOTAOFF"), (4, "Q_GETFMT"), (8, "Q_GETINFO"), (16, "Q_SETINFO"), (32, "Q_GETQUOTA"), (64, "Q_SETQUOTA"), (128, "Q_SYNC"), (256, "Q_XQUOTAON"), (512, "Q_XQUOTAOFF"), (1024, "Q_XGETQUOTA"), (2048, "Q_XSETQLIM"), (4096, "Q_XGETQSTAT"), (8192, "Q_XQUOTARM"), (16384, "Q_XQUOTASYNC")),
    "quotactl_types": ((1, "USRQUOTA"), (2, "GRPQUOTA")),
    "quotactl_quota_fmts": ((1, "QFMT_NOT_USED"), (2, "QFMT_VFS_OLD"), (4, "QFMT_VFS_V0"), (8, "QFMT_VFS_V1")),
    "semop_flags": ((1, "IPC_NOWAIT"), (2, "SEM_UNDO")),
    "semget_flags": ((16384, "IPC_EXCL"), (8192, "IPC_CREAT")),
    "semctl_commands": ((1, "IPC_STAT"), (2, "IPC_SET"), (4, "IPC_RMID"), (8, "IPC_INFO"), (16, "SEM_INFO"), (32, "SEM_STAT"), (64, "GETALL"), (128, "GETNCNT"), (256, "GETPID"), (512, "GETVAL"), (1024, "GETZCNT"), (2048, "SETALL"), (4096, "SETVAL")),
    "access_flags": ((0, "F_OK"), (4, "R_OK"), (2, "W_OK"), (1, "X_OK")),
    "pf_flags": ((1, "PROTECTION_VIOLATION"), (2, "PAGE_NOT_PRESENT"), (4, "WRITE_ACCESS"), (8, "READ_ACCESS"), (16, "USER_FAULT"), (32, "SUPERVISOR_FAULT"), (64, "RESERVED_PAGE"), (128, "INSTRUCTION_FETCH")),
    "unlinkat_flags": ((512, "AT_REMOVEDIR"),),
    "linkat_flags": ((1024, "AT_SYMLINK_FOLLOW"), (4096, "AT_EMPTY_PATH")),
    "chmod_mode": ((1, "S_IXOTH"), (2, "S_IWOTH"), (4, "S_IROTH"), (8, "S_IXGRP"), (16, "S_IWGRP"), (32, "S_IRGRP"), (64, "S_IXUSR"), (128, "S_IWUSR"), (256, "S_IRUSR"), (512, "S_ISVTX"), (1024, "S_ISGID"), (2048, "S_ISUID")),
    "renameat2_flags": ((1, "RENAME_NOREPLACE"), (2, "RENAME_EXCHANGE"), (4, "RENAME_WHITEOUT")),
    "openat2_flags": ((1, "RESOLVE_BENEATH"), (2, "RESOLVE_IN_ROOT"), (4, "RESOLVE_NO_MAGICLINKS"), (8, "RESOLVE_NO_SYMLINKS"), (16, "RESOLVE_NO_XDEV"), (32, "RESOLVE_CACHED")),
    "execve_flags": ((1, "EXE_WRITABLE"),),
    "execveat_flags": ((1, "AT_EMPTY_PATH"), (2, "AT_SYMLINK_NOFOLLOW")),
}

# Dynamic parameter tables: index byte -> parameter description.
DYN_TABLES: dict[str, tuple[ParamInfo, ...]] = {
    "sockopt_dynamic_param": (P("", 10, 2, None), P("", 11, 1, None), P("", 7, 1, None), P("", 8, 1, None), P("", 20, 1, None),),
    "ptrace_dynamic_param": (P("", 8, 2, None), P("", 19, 1, None),),
    "bpf_dynamic_param": (P("", 14, 1, None), P("", 11, 1, None),),
    "keyctl_dynamic_param": (P("", 4, 1, None), P("", 9, 0, None),),
}

DYN_TABLES_2022: dict[str, tuple[ParamInfo, ...]] = {
    "sockopt_dynamic_param": (P("", 10, 2, None), P("", 11, 1, None), P("", 7, 1, None), P("", 8, 1, None), P("", 20, 1, None),),
    "ptrace_dynamic_param": (P("", 8, 2, None), P("", 19, 1, None),),
    "bpf_dynamic_param": (P("", 14, 1, None), P("", 11, 1, None),),
}

# PPM_SC_* code -> syscall name (codes < 329 as sysdig 0.29.3 names them, later ones from HEAD).
SYSCALL_NAMES: tuple[str, ...] = (
    "<unknown>", "restart_syscall", "exit", "read", "write", "open",
    "close", "creat", "link", "unlink", "chdir", "time",
    "mknod", "chmod", "stat", "lseek", "getpid", "mount",
    "ptrace", "alarm", "fstat", "pause", "utime", "access",
    "sync", "kill", "rename", "mkdir", "rmdir", "dup",
    "pipe", "times", "brk", "acct", "ioctl", "fcntl",
    "setpgid", "umask", "chroot", "ustat", "dup2", "getppid",
    "getpgrp", "setsid", "sethostname", "setrlimit", "getrusage", "gettimeofday",
    "settimeofday", "symlink", "lstat", "readlink", "uselib", "swapon",
    "reboot", "mmap", "munmap", "truncate", "ftruncate", "fchmod",
    "getpriority", "setpriority", "statfs", "fstatfs", "syslog", "setitimer",
    "getitimer", "uname", "vhangup", "wait4", "swapoff", "sysinfo",
    "fsync", "setdomainname", "adjtimex", "mprotect", "init_module", "delete_module",
    "quotactl", "getpgid", "fchdir", "sysfs", "personality", "getdents",
    "select", "flock", "msync", "readv", "writev", "getsid",
    "fdatasync", "mlock", "munlock", "mlockall", "munlockall", "sched_setparam",
    "sched_getparam", "sched_setscheduler", "sched_getscheduler", "sched_yield", "sched_get_priority_max", "sched_get_priority_min",
    "sched_rr_get_interval", "nanosleep", "mremap", "poll", "prctl", "rt_sigaction",
    "rt_sigprocmask", "rt_sigpending", "rt_sigtimedwait", "rt_sigqueueinfo", "rt_sigsuspend", "getcwd",
    "capget", "capset", "sendfile", "getrlimit", "lchown", "getuid",
    "getgid", "geteuid", "getegid", "setreuid", "setregid", "getgroups",
    "setgroups", "fchown", "setresuid", "getresuid", "setresgid", "getresgid",
    "chown", "setuid", "setgid", "setfsuid", "setfsgid", "pivot_root",
    "mincore", "madvise", "gettid", "setxattr", "lsetxattr", "fsetxattr",
    "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr", "flistxattr",
    "removexattr", "lremovexattr", "fremovexattr", "tkill", "futex", "sched_setaffinity",
    "sched_getaffinity", "set_thread_area", "get_thread_area", "io_setup", "io_destroy", "io_getevents",
    "io_submit", "io_cancel", "exit_group", "epoll_create", "epoll_ctl", "epoll_wait",
    "remap_file_pages", "set_tid_address", "timer_create", "timer_settime", "timer_gettime", "timer_getoverrun",
    "timer_delete", "clock_settime", "clock_gettime", "clock_getres", "clock_nanosleep", "tgkill",
    "utimes", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify",
    "mq_getsetattr", "kexec_load", "waitid", "add_key", "request_key", "keyctl",
    "ioprio_set", "ioprio_get", "inotify_init", "inotify_add_watch", "inotify_rm_watch", "openat",
    "mkdirat", "mknodat", "fchownat", "futimesat", "unlinkat", "renameat",
    "linkat", "symlinkat", "readlinkat", "fchmodat", "faccessat", "pselect6",
    "ppoll", "unshare", "set_robust_list", "get_robust_list", "splice", "tee",
    "vmsplice", "getcpu", "epoll_pwait", "utimensat", "signalfd", "timerfd_create",
    "eventfd", "timerfd_settime", "timerfd_gettime", "signalfd4", "eventfd2", "epoll_create1",
    "dup3", "pipe2", "inotify_init1", "preadv", "pwritev", "rt_tgsigqueueinfo",
    "perf_event_open", "fanotify_init", "prlimit64", "clock_adjtime", "syncfs", "setns",
    "getdents64", "socket", "bind", "connect", "listen", "accept",
    "getsockname", "getpeername", "socketpair", "sendto", "recvfrom", "shutdown",
    "setsockopt", "getsockopt", "sendmsg", "sendmmsg", "recvmsg", "recvmmsg",
    "accept4", "semop", "semget", "semctl", "msgsnd", "msgrcv",
    "msgget", "msgctl", "shmdt", "shmget", "shmctl", "statfs64",
    "fstatfs64", "fstatat64", "sendfile64", "ugetrlimit", "bdflush", "sigprocmask",
    "ipc", "socketcall", "stat64", "lstat64", "fstat64", "fcntl64",
    "mmap2", "newselect", "sgetmask", "ssetmask", "sigpending", "olduname",
    "umount", "signal", "nice", "stime", "llseek", "waitpid",
    "pread64", "pwrite64", "arch_prctl", "shmat", "sigreturn", "fallocate",
    "newfstatat", "process_vm_readv", "process_vm_writev", "fork", "vfork", "setuid",
    "getuid", "setgid", "geteuid", "getgid", "setresuid", "setresgid",
    "getresuid", "getresgid", "finit_module", "bpf", "seccomp", "sigaltstack",
    "getrandom", "fadvise64", "renameat2", "userfaultfd", "openat2", "umount2",
    "execve", "execveat", "copy_file_range", "clone", "clone3", "open_by_handle_at",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "mlock2", "getegid32", "fsconfig",
    "fspick", "fsmount", "fsopen", "open_tree", "move_mount", "mount_setattr",
    "memfd_create", "memfd_secret", "ioperm", "kexec_file_load", "pidfd_getfd", "pidfd_open",
    "pidfd_send_signal", "pkey_alloc", "pkey_mprotect", "pkey_free", "landlock_create_ruleset", "quotactl_fd",
    "landlock_restrict_self", "landlock_add_rule", "epoll_pwait2", "migrate_pages", "move_pages", "preadv2",
    "pwritev2", "kcmp", "sched_setattr", "mbind", "epoll_ctl_old", "lookup_dcookie",
    "modify_ldt", "statx", "set_mempolicy", "io_pgetevents", "set_mempolicy_home_node", "semtimedop",
    "get_kernel_syms", "readahead", "futex_waitv", "getpmsg", "name_to_handle_at", "process_mrelease",
    "nfsservctl", "epoll_wait_old", "rseq", "create_module", "na_1", "sched_getattr",
    "faccessat2", "_sysctl", "query_module", "get_mempolicy", "sync_file_range", "process_madvise",
    "membarrier", "iopl", "close_range", "fanotify_mark", "recv", "send",
    "sched_process_exit", "sched_switch", "page_fault_user", "page_fault_kernel", "signal_deliver", "timerfd",
    "s390_pci_mmio_read", "sigaction", "s390_pci_mmio_write", "readdir", "s390_sthyi", "sigsuspend",
    "idle", "s390_runtime_instr", "sigreturn", "s390_guarded_storage", "cachestat", "fchmodat2",
    "map_shadow_stack", "riscv_flush_icache", "riscv_hwprobe", "futex_wake", "futex_requeue", "futex_wait",
    "oldstat", "switch_endian", "multiplexer", "oldlstat", "spu_create", "sync_file_range2",
    "oldfstat", "spu_run", "swapcontext", "pciconfig_write", "rtas", "pciconfig_read",
    "sys_debug_setcontext", "vm86", "oldolduname", "subpage_prot", "pciconfig_iobase", "listmount",
    "statmount", "lsm_get_self_attr", "lsm_set_self_attr", "lsm_list_modules", "mseal", "uretprobe",
    "removexattrat", "listxattrat", "getxattrat", "setxattrat", "open_tree_attr", "file_getattr",
    "file_setattr", "listns", "uprobe", "rseq_slice_yield",
)
PPM_SC_MAX_2022 = 329

# Positive errno -> name, as libsinsp 0.29.3 renders negative results.
ERRNO_NAMES: dict[int, str] = {
    1: "EPERM",
    2: "ENOENT",
    3: "ESRCH",
    4: "EINTR",
    5: "EIO",
    6: "ENXIO",
    7: "E2BIG",
    8: "ENOEXEC",
    9: "EBADF",
    10: "ECHILD",
    11: "EAGAIN",
    12: "ENOMEM",
    13: "EACCES",
    14: "EFAULT",
    15: "ENOTBLK",
    16: "EBUSY",
    17: "EEXIST",
    18: "EXDEV",
    19: "ENODEV",
    20: "ENOTDIR",
    21: "EISDIR",
    22: "EINVAL",
    23: "ENFILE",
    24: "EMFILE",
    25: "ENOTTY",
    26: "ETXTBSY",
    27: "EFBIG",
    28: "ENOSPC",
    29: "ESPIPE",
    30: "EROFS",
    31: "EMLINK",
    32: "EPIPE",
    33: "EDOM",
    34: "ERANGE",
    35: "EDEADLK",
    36: "ENAMETOOLONG",
    37: "ENOLCK",
    38: "ENOSYS",
    39: "ENOTEMPTY",
    40: "ELOOP",
    42: "ENOMSG",
    43: "EIDRM",
    44: "ECHRNG",
    45: "EL2NSYNC",
    46: "EL3HLT",
    47: "EL3RST",
    48: "ELNRNG",
    49: "EUNATCH",
    50: "ENOCSI",
    51: "EL2HLT",
    52: "EBADE",
    53: "EBADR",
    54: "EXFULL",
    55: "ENOANO",
    56: "EBADRQC",
    57: "EBADSLT",
    59: "EBFONT",
    60: "ENOSTR",
    61: "ENODATA",
    62: "ETIME",
    63: "ENOSR",
    64: "ENONET",
    65: "ENOPKG",
    66: "EREMOTE",
    67: "ENOLINK",
    68: "EADV",
    69: "ESRMNT",
    70: "ECOMM",
    71: "EPROTO",
    72: "EMULTIHOP",
    73: "EDOTDOT",
    74: "EBADMSG",
    75: "EOVERFLOW",
    76: "ENOTUNIQ",
    77: "EBADFD",
    78: "EREMCHG",
    79: "ELIBACC",
    80: "ELIBBAD",
    81: "ELIBSCN",
    82: "ELIBMAX",
    83: "ELIBEXEC",
    84: "EILSEQ",
    85: "ERESTART",
    86: "ESTRPIPE",
    87: "EUSERS",
    88: "ENOTSOCK",
    89: "EDESTADDRREQ",
    90: "EMSGSIZE",
    91: "EPROTOTYPE",
    92: "ENOPROTOOPT",
    93: "EPROTONOSUPPORT",
    94: "ESOCKTNOSUPPORT",
    95: "EOPNOTSUPP",
    96: "EPFNOSUPPORT",
    97: "EAFNOSUPPORT",
    98: "EADDRINUSE",
    99: "EADDRNOTAVAIL",
    100: "ENETDOWN",
    101: "ENETUNREACH",
    102: "ENETRESET",
    103: "ECONNABORTED",
    104: "ECONNRESET",
    105: "ENOBUFS",
    106: "EISCONN",
    107: "ENOTCONN",
    108: "ESHUTDOWN",
    109: "ETOOMANYREFS",
    110: "ETIMEDOUT",
    111: "ECONNREFUSED",
    112: "EHOSTDOWN",
    113: "EHOSTUNREACH",
    114: "EALREADY",
    115: "EINPROGRESS",
    116: "ESTALE",
    117: "EUCLEAN",
    118: "ENOTNAM",
    119: "ENAVAIL",
    120: "EISNAM",
    121: "EREMOTEIO",
    122: "EDQUOT",
    123: "ENOMEDIUM",
    124: "EMEDIUMTYPE",
    125: "ECANCELED",
    512: "ERESTARTSYS",
    513: "ERESTARTNOINTR",
    514: "ERESTARTNOHAND",
    515: "ENOIOCTLCMD",
    516: "ERESTART_RESTARTBLOCK",
    521: "EBADHANDLE",
    522: "ENOTSYNC",
    523: "EBADCOOKIE",
    524: "ENOTSUPP",
    525: "ETOOSMALL",
    526: "ESERVERFAULT",
    527: "EBADTYPE",
    528: "EJUKEBOX",
    529: "EIOCBQUEUED",
    530: "EIOCBRETRY",
}

# Signal number -> name, as libsinsp 0.29.3 renders PT_SIGTYPE / PT_SIGSET.
SIGNAL_NAMES: dict[int, str] = {
    1: "SIGHUP",
    2: "SIGINT",
    3: "SIGQUIT",
    4: "SIGILL",
    5: "SIGTRAP",
    6: "SIGABRT",
    7: "SIGBUS",
    8: "SIGFPE",
    9: "SIGKILL",
    10: "SIGUSR1",
    11: "SIGSEGV",
    12: "SIGUSR2",
    13: "SIGPIPE",
    14: "SIGALRM",
    15: "SIGTERM",
    16: "SIGSTKFLT",
    17: "SIGCHLD",
    18: "SIGCONT",
    19: "SIGSTOP",
    20: "SIGTSTP",
    21: "SIGTTIN",
    22: "SIGTTOU",
    23: "SIGURG",
    24: "SIGXCPU",
    25: "SIGXFSZ",
    26: "SIGVTALRM",
    27: "SIGPROF",
    28: "SIGWINCH",
    29: "SIGIO",
    30: "SIGPWR",
    31: "SIGSYS",
}
