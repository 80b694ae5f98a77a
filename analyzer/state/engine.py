"""Thread and fd tables over time, kept the way libsinsp keeps them while reading a capture.

One sequential pass updates the tables. Each time a thread or an fd changes, a new immutable
*version* (snapshot) is recorded; every event gets the id of the thread version and fd version
that were current when it was parsed (after its own state change, as sysdig shows it).
The version lists become Arrow tables; events reference them by id (a vectorised take).
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..scap import _fast
from ..scap import addr as A
from ..scap import event_table as T
from ..scap import model as m
from ..scap import render as R
from ..scap.errors import CorruptEventError
from ..scap.reader import CaptureHeader, EventBatch
from ..scap.text import cstr as _cstr
from ..scap.text import list0 as _list0
from .args import ArgColumns, sink_arrays
from .containers import (
    CONTAINER_TYPES,
    ContainerInfo,
    ContainerStore,
    container_from_json,
    container_id_from_cgroups,
)
from .paths import concatenate_paths, cwd_path, dirfd_base

_i64 = struct.Struct("<q")
_u32 = struct.Struct("<I")

NA = "<NA>"

# scap fd type -> fd.typechar / fd.type (libsinsp names)
FD_TYPECHAR = {
    m.FD_FILE: "f", m.FD_FILE_V2: "f", m.FD_DIRECTORY: "d", m.FD_IPV4_SOCK: "4", m.FD_IPV6_SOCK: "6",
    m.FD_IPV4_SERVSOCK: "4", m.FD_IPV6_SERVSOCK: "6", m.FD_FIFO: "p", m.FD_UNIX_SOCK: "u",
    m.FD_EVENT: "e", m.FD_UNSUPPORTED: "X", m.FD_SIGNALFD: "s", m.FD_EVENTPOLL: "l",
    m.FD_INOTIFY: "i", m.FD_TIMERFD: "t", m.FD_NETLINK: "n", m.FD_BPF: "b", m.FD_USERFAULTFD: "u",
    m.FD_IOURING: "r", m.FD_MEMFD: "m", m.FD_PIDFD: "P",
}
FD_TYPENAME = {
    m.FD_FILE: "file", m.FD_FILE_V2: "file", m.FD_DIRECTORY: "directory", m.FD_IPV4_SOCK: "ipv4",
    m.FD_IPV6_SOCK: "ipv6", m.FD_IPV4_SERVSOCK: "ipv4", m.FD_IPV6_SERVSOCK: "ipv6", m.FD_FIFO: "pipe",
    m.FD_UNIX_SOCK: "unix", m.FD_EVENT: "event", m.FD_UNSUPPORTED: "<NA>", m.FD_SIGNALFD: "signalfd",
    m.FD_EVENTPOLL: "eventpoll", m.FD_INOTIFY: "inotify", m.FD_TIMERFD: "timerfd", m.FD_NETLINK: "netlink",
    m.FD_BPF: "bpf", m.FD_USERFAULTFD: "userfaultfd", m.FD_IOURING: "io_uring", m.FD_MEMFD: "memfd",
    m.FD_PIDFD: "pidfd",
}
L4 = {2: "tcp", 3: "udp", 4: "icmp", 5: "raw"}  # anything else: "<NA>" (a value, not a missing one)
L4CHAR = {2: "t", 3: "u", 4: "i", 5: "r"}

ROLE_NONE, ROLE_CLIENT, ROLE_SERVER = 0, 1, 2

PPM_O_DIRECTORY = 1 << 10
PPM_O_CLOEXEC = 1 << 12
PPM_AF_UNIX, PPM_AF_INET, PPM_AF_INET6, PPM_AF_NETLINK = 1, 2, 10, 16
PPM_CL_CLONE_FILES = m.CL_CLONE_FILES
PPM_CL_CLONE_THREAD = m.CL_CLONE_THREAD
PPM_CL_CHILD_IN_PIDNS = m.CL_CHILD_IN_PIDNS
PPM_CL_CLONE_INVERTED = m.CL_CLONE_INVERTED
PPM_CL_ACTIVE = m.CL_ACTIVE
PPM_EXE_WRITABLE = 1
SOCK_STREAM, SOCK_DGRAM, SOCK_RAW = 1, 2, 3
IPPROTO_IP, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_RAW = 0, 1, 6, 17, 255
EINPROGRESS = 115


def _table(et: int) -> T.EventInfo:
    return T.EVENTS_2022[et] if et < len(T.EVENTS_2022) else T.EVENTS[et]


def _int(b: bytes) -> int:
    n = len(b)
    if n == 8:
        return int(_i64.unpack(b)[0])
    if n == 4:
        return int(struct.unpack("<i", b)[0])
    if n == 2:
        return int(struct.unpack("<h", b)[0])
    if n == 1:
        return b[0]
    return 0


def _uint(b: bytes) -> int:
    return int.from_bytes(b, "little") if b else 0


# ------------------------------------------------------------------------------------ records
# where a send/recv exit finds the tuple of its call: the received-from peer is on the exit; the
# sent-to one on the enter event (exit parameter ``at`` when the capture has no enter events)
_TUPLE_AT = {"recvfrom": ("exit", 2), "recvmsg": ("exit", 3), "sendto": ("enter", 4), "sendmsg": ("enter", 4)}


_IP_SOCKS = frozenset((m.FD_IPV4_SOCK, m.FD_IPV6_SOCK))


class FdInfo:
    __slots__ = ("type", "name", "l4proto", "sip", "sport", "dip", "dport", "role", "openflags",
                 "ino", "dev", "snap", "connected", "family", "nameraw", "life", "last_tuple", "l4proto6",
                 "pid")
    # what a copy (dup, fork) does not take over: its own version and lifetime, and the tuple cache
    _NOT_COPIED = frozenset(("snap", "life", "last_tuple"))

    def __init__(self, type: int, name: str = "") -> None:
        self.type = type
        self.name = name
        self.l4proto = 0
        self.sip = ""
        self.sport = 0
        self.dip = ""
        self.dport = 0
        self.role = ROLE_NONE
        self.openflags = 0
        self.ino = 0
        self.dev = 0
        self.snap = -1
        self.connected = False
        self.family = 0
        self.nameraw = ""
        self.life = next(_FD_LIFE)  # identifies this fd's lifetime (a dup is a new one)
        self.last_tuple = b""  # the last send/recv tuple applied (an equal one changes nothing)
        self.l4proto6 = -1  # the IPv6 protocol of an IPv6 socket while it is seen as IPv4 (_set_view)
        self.pid = 0  # the process a pidfd refers to (pidfd_open)

    def copy(self) -> FdInfo:
        """The same fd under a new lifetime (and so a new version of its own)."""
        n = FdInfo(self.type)
        for k in FdInfo.__slots__:
            if k not in FdInfo._NOT_COPIED:
                setattr(n, k, getattr(self, k))
        return n

    def fork_copy(self) -> FdInfo:
        """The child's copy of the fd after a fork: the same fd (lifetime and version), but a
        separate record, as libsinsp copies the parent's fd table by value: a later change in one
        process (a connect, a bind) does not show in the other."""
        n = FdInfo.__new__(FdInfo)
        for k in FdInfo.__slots__:
            setattr(n, k, getattr(self, k))
        return n

    def touch(self) -> None:
        self.snap = -1

    def is_socket(self) -> bool:
        return self.type in (m.FD_IPV4_SOCK, m.FD_IPV6_SOCK, m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK)


class Thread:
    __slots__ = ("tid", "pid", "ptid", "sid", "vpgid", "comm", "exe", "exepath", "args", "cwd", "env",
                 "fdlimit", "flags", "uid", "gid", "loginuid", "tty", "vtid", "vpid", "cgroups", "root",
                 "exe_writable", "cap_inheritable", "cap_permitted", "cap_effective", "clone_ts",
                 "fdtable", "lastevent_type", "lastevent_fd", "last_enter", "snap",
                 "vmsize", "vmrss", "vmswap", "pfmajor", "pfminor", "container_id",
                 "exe_upper_layer", "exe_lower_layer", "exe_from_memfd", "exe_ino", "exe_ino_ctime",
                 "exe_ino_mtime", "exe_ino_ctime_duration_clone_ts", "exe_ino_ctime_duration_pidns_start",
                 "pidns_init_start_ts", "enter_args", "image_id", "nchilds")

    def __init__(self, tid: int) -> None:
        self.tid = tid
        self.pid = tid
        self.ptid = -1
        self.sid = -1
        self.vpgid = -1
        self.comm = ""
        self.exe = ""
        self.exepath = ""
        self.args: list[str] = []
        self.cwd = ""
        self.env: list[str] = []
        self.fdlimit = 0
        self.flags = 0
        self.uid = 0xFFFFFFFF
        self.gid = 0xFFFFFFFF
        self.loginuid = 0xFFFFFFFF
        self.tty = 0
        self.vtid = tid
        self.vpid = tid
        self.cgroups: list[str] = []
        self.root = "/"
        self.exe_writable = False
        self.cap_inheritable = 0
        self.cap_permitted = 0
        self.cap_effective = 0
        self.clone_ts = 0
        self.fdtable: dict[int, FdInfo] = {}
        self.lastevent_type = -1
        self.lastevent_fd = -1
        self.last_enter: list[bytes] | None = None  # parameters of the pending enter event
        self.snap = -1
        self.vmsize = self.vmrss = self.vmswap = self.pfmajor = self.pfminor = 0
        self.container_id = ""
        self.exe_upper_layer = self.exe_lower_layer = self.exe_from_memfd = False
        self.exe_ino = self.exe_ino_ctime = self.exe_ino_mtime = 0
        self.exe_ino_ctime_duration_clone_ts = self.exe_ino_ctime_duration_pidns_start = 0
        self.pidns_init_start_ts = 0
        # rendered parameters of the last enter event: _fast.EnterParts, or (names, values, raws)
        self.enter_args: object | None = None
        self.image_id = -1  # row of StateEngine.images: the process image this thread runs
        # libsinsp's m_nchilds: the threads that count this one as their main thread (those added
        # with CLONE_THREAD); a main thread is only removed at its exit while this is 0
        self.nchilds = 0


@dataclass(slots=True)
class ProcImage:
    """One program run by one process: the rows of the ``processes`` table."""

    id: int
    pid: int
    ppid: int
    image: int
    name: str
    exe: str
    exepath: str
    args: list[str]
    cwd: str
    uid: int
    tty: int
    container_id: str
    start_idx: int | None  # global index of the event that began it (None: from the process list)
    start_ts: int | None
    end_idx: int | None = None
    end_ts: int | None = None
    first_idx: int = 0  # event index when the record was made


_FD_LIFE = itertools.count()

# column order of a thread version row
THREAD_COLS = (
    "tid", "pid", "ptid", "sid", "vpgid", "comm", "exe", "exepath", "args", "cwd", "env", "fdlimit",
    "flags", "uid", "gid", "loginuid", "tty", "vtid", "vpid", "cgroups", "root", "exe_writable",
    "cap_inheritable", "cap_permitted", "cap_effective", "clone_ts", "container_id",
    "vmsize", "vmrss", "vmswap",
    "exe_upper_layer", "exe_lower_layer", "exe_from_memfd", "exe_ino", "exe_ino_ctime", "exe_ino_mtime",
    "exe_ino_ctime_duration_clone_ts", "exe_ino_ctime_duration_pidns_start", "pidns_init_start_ts",
    "image_id",
)
FD_COLS = ("type", "name", "l4proto", "sip", "sport", "dip", "dport", "role", "openflags", "ino", "dev",
           "connected", "fdnum", "owner", "nameraw", "life")


# a parser of one event type: (batch, event index, its thread or None)
Handler = Callable[[EventBatch, int, "Thread | None"], None]


class VersionRows:
    """Append-only rows addressed by version number (``rows[v]``, ``len(rows)`` = versions made).

    A version stays reachable while something can still reference it; :meth:`evict` hands out
    the others (in version order) so that a consumer can store them compactly: the Python rows
    of a long capture would otherwise grow without bound."""

    __slots__ = ("_rows", "_n")

    def __init__(self) -> None:
        self._rows: dict[int, tuple] = {}  # type: ignore[type-arg]
        self._n = 0

    def append(self, row: tuple) -> None:  # type: ignore[type-arg]
        self._rows[self._n] = row
        self._n += 1

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, v: int) -> tuple:  # type: ignore[type-arg]
        return self._rows[v]

    def held(self) -> int:
        """Rows still in memory."""
        return len(self._rows)

    def evict(self, keep: set[int]) -> tuple[list[int], list[tuple]]:  # type: ignore[type-arg]
        """Remove and return (versions, rows) of every held row not in ``keep``."""
        rows = self._rows
        gone = [v for v in rows if v not in keep]
        out = [rows.pop(v) for v in gone]
        return gone, out

    def remaining(self) -> tuple[list[int], list[tuple]]:  # type: ignore[type-arg]
        """(versions, rows) still held, in version order."""
        vs = sorted(self._rows)
        return vs, [self._rows[v] for v in vs]


@dataclass
class StateOutput:
    """Per-event references into the version tables, plus the version tables themselves."""

    # the per-event lists hold the latest batch only (index -1)
    thread_snap: list[np.ndarray] = field(default_factory=list)  # int32 per batch, -1 = no thread
    fd_snap: list[np.ndarray] = field(default_factory=list)  # int32 per batch, -1 = no fd
    fd_num: list[np.ndarray] = field(default_factory=list)  # int64 per batch (-1 = none)
    shown: list[np.ndarray] = field(default_factory=list)  # bool: sysdig would print it
    thread_rows: list[tuple] = field(default_factory=list)  # type: ignore[type-arg]
    fd_rows: VersionRows = field(default_factory=VersionRows)
    # version log for as-of lookups of other threads (parents): (tid, first event index, snap)
    vlog_tid: list[int] = field(default_factory=list)
    vlog_idx: list[int] = field(default_factory=list)
    vlog_snap: list[int] = field(default_factory=list)
    fd_creator_name: dict[int, str] = field(default_factory=dict)  # event index -> fd.name without fd
    # event index -> (flags, mode) of an old-format openat exit (103), from its enter: what
    # evt.is_open_* read (current libsinsp turns such a pair into one openat exit that has them)
    old_openat_flags: dict[int, tuple[int, int]] = field(default_factory=dict)
    args: list[object] = field(default_factory=list)  # evt.args (an Arrow string array) of the latest batch
    # of the latest batch: evt.arg / evt.arglist / evt.rawarg / evt.buffer arrays, and fd.name_changed
    # per event (-1 = no fd, 0 = unchanged, 1 = the event changed the fd's name)
    argcols: tuple[object, ...] = ()
    name_changed: np.ndarray | None = None


class StateEngine:
    def __init__(self, header: CaptureHeader) -> None:
        global _FD_LIFE
        _FD_LIFE = itertools.count()  # fd lifetime ids are numbered per capture (deterministic tables)
        self.threads: dict[int, Thread] = {}
        # tids by process id, so that a process's threads are found without scanning the table (a
        # superset: entries are checked against ``threads`` when read, see _threads_of)
        self._by_pid: dict[int, set[int]] = {}
        self._lists: dict[bytes, list[str]] = {}
        self._tid_to_remove: int | None = None  # a thread that exited: removed before the next event
        self.out = StateOutput()
        self.users = {u.uid: u for u in header.users}
        self.boot_ts = header.machine.boot_ts if header.machine is not None else 0
        self.containers = ContainerStore()
        self.images: list[ProcImage] = []  # process images (pid + exec generation), see _new_image
        self.derived: object | None = None  # accumulator of the derived tables (analyzer.tables.derived)
        self.groups = {g.gid: g for g in header.groups}
        self.idx = 0  # global event index
        self._cur_fd: FdInfo | None = None
        # the fd an exit took over as it was (a dup/F_DUPFD copy, getsockopt's fd): its name did not change
        self._dup: FdInfo | None = None
        self.load_header(header)
        self._build_dispatch()
        self._resolver = _LiveResolver(self)
        self._compiled = R.USE_COMPILED  # argument columns by the compiled sink (else ArgColumns)
        self.argsink: object | None = None
        self.argcols = ArgColumns()
        self._started = False  # an event other than a leading container event was seen

    # -------------------------------------------------------------- initial state
    def load_header(self, header: CaptureHeader) -> None:
        self.ifaces = Interfaces(header.interfaces)
        for u in header.users:
            self.users[u.uid] = u
        for g in header.groups:
            self.groups[g.gid] = g
        for p in header.procs:
            t = Thread(p.tid)
            t.pid, t.ptid, t.sid, t.vpgid = p.pid, p.ptid, p.sid, p.vpgid
            t.comm, t.exe, t.exepath, t.args = p.comm, p.exe, p.exepath, list(p.args)
            # libsinsp sets a main thread's cwd through set_cwd (normalised, ending in '/'); a
            # listed thread has none of its own: it uses its main's
            t.cwd = cwd_path(p.cwd) if p.tid == p.pid else ""
            t.env, t.fdlimit, t.flags, t.uid, t.gid = list(p.env), p.fdlimit, p.flags, p.uid, p.gid
            t.loginuid = p.loginuid if p.loginuid is not None else 0xFFFFFFFF
            t.tty, t.vtid, t.vpid, t.cgroups, t.root = p.tty, p.vtid, p.vpid, list(p.cgroups), p.root
            t.exe_writable = p.exe_writable
            t.cap_inheritable, t.cap_permitted, t.cap_effective = p.cap_inheritable, p.cap_permitted, p.cap_effective
            t.vmsize, t.vmrss, t.vmswap = p.vmsize_kb, p.vmrss_kb, p.vmswap_kb
            t.container_id = container_id_from_cgroups(t.cgroups)
            t.exe_upper_layer, t.exe_lower_layer, t.exe_from_memfd = p.exe_upper_layer, p.exe_lower_layer, p.exe_from_memfd
            t.exe_ino, t.exe_ino_ctime, t.exe_ino_mtime = p.exe_ino, p.exe_ino_ctime, p.exe_ino_mtime
            t.pidns_init_start_ts = p.pidns_init_start_ts
            self._put_thread(t, from_list=True)
        # the parent/child dependencies of the listed threads (create_child_dependencies): a thread
        # listed without its main thread gets a made-up one, as libsinsp's lookup makes it
        self._recount_children()
        for p in header.procs:
            lt = self.threads.get(p.tid)
            if lt is not None and lt.tid == lt.pid and lt.image_id < 0:
                self._new_image(lt, None)
        for p in header.procs:
            lt = self.threads.get(p.tid)
            if lt is not None and lt.image_id < 0:
                main = self.threads.get(lt.pid)
                if main is None or main.image_id < 0:
                    self._new_image(main or lt, None)
                lt.image_id = (main or lt).image_id
        # every listed thread gets a version now, so that ancestor walks find threads without events
        for p in header.procs:
            lt = self.threads.get(p.tid)
            if lt is not None:
                lt.snap = -1
                self._thread_snap(lt)
        for lt in list(self.threads.values()):
            if lt.snap < 0:  # made-up main threads
                self._thread_snap(lt)
        servers: set[int] = set()
        for fds in header.fdlists.values():
            for e in fds:
                if e.type in (m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK):
                    servers.add(e.sport)
        for tid, fds in header.fdlists.items():
            ft = self.threads.get(tid)
            if ft is None:
                continue
            for e in fds:
                ft.fdtable[e.fd] = fdinfo_from_scap(e, servers)

    # -------------------------------------------------------------- snapshots
    @staticmethod
    def _thread_row(t: Thread, cwd: str) -> tuple:  # type: ignore[type-arg]
        return (t.tid, t.pid, t.ptid, t.sid, t.vpgid, t.comm, t.exe, t.exepath, t.args, cwd, t.env,
                t.fdlimit, t.flags, t.uid, t.gid, t.loginuid, t.tty, t.vtid, t.vpid, t.cgroups, t.root,
                t.exe_writable, t.cap_inheritable, t.cap_permitted, t.cap_effective, t.clone_ts,
                t.container_id, t.vmsize, t.vmrss, t.vmswap,
                t.exe_upper_layer, t.exe_lower_layer, t.exe_from_memfd, t.exe_ino, t.exe_ino_ctime,
                t.exe_ino_mtime, t.exe_ino_ctime_duration_clone_ts, t.exe_ino_ctime_duration_pidns_start,
                t.pidns_init_start_ts, t.image_id)

    def _thread_snap(self, t: Thread) -> int:
        if t.snap < 0:
            main = self._main_known(t)
            cwd = main.cwd if main is not None else ""  # a made-up main thread's
            t.snap = len(self.out.thread_rows)
            self.out.thread_rows.append(self._thread_row(t, cwd))
            self.out.vlog_tid.append(t.tid)
            self.out.vlog_idx.append(self.idx)
            self.out.vlog_snap.append(t.snap)
            # parents that had no event of their own still need a version for pname/aname lookups
            parent = self.threads.get(t.ptid)
            if parent is not None and parent is not t and parent.snap < 0:
                self._thread_snap(parent)
        return t.snap

    def _container_thread_snap(self, rec: ContainerInfo) -> int:
        """The thread a container metadata event is shown with (sysdig 0.29.3 makes one per event
        from the record: pid -1, vtid and vpid -2, named ``container:<id>``). It is not a
        thread of the capture: it is in no thread table and no ancestry."""
        t = Thread(-1)
        t.vtid = t.vpid = -2
        t.ptid = t.uid = t.gid = t.loginuid = 0  # what sysdig shows for it (user root, ppid 0)
        t.comm = f"container:{rec.id}"
        t.container_id = rec.id
        self.out.thread_rows.append(self._thread_row(t, t.cwd))
        return len(self.out.thread_rows) - 1

    def _fd_snap(self, f: FdInfo, fdnum: int, owner: int) -> int:
        if f.snap < 0:
            f.snap = len(self.out.fd_rows)
            self.out.fd_rows.append((f.type, f.name, f.l4proto, f.sip, f.sport, f.dip, f.dport, f.role,
                                     f.openflags, f.ino, f.dev, f.connected, fdnum, owner, f.nameraw, f.life))
        return f.snap

    def live_fd_versions(self) -> set[int]:
        """Versions of the fds in the tables now: the only fd versions later events can reference."""
        return {f.snap for t in self.threads.values() for f in t.fdtable.values() if f.snap >= 0}

    def _tombstone(self, tid: int) -> None:
        self.out.vlog_tid.append(tid)
        self.out.vlog_idx.append(self.idx)
        self.out.vlog_snap.append(-1)

    def _put_thread(self, t: Thread, from_list: bool = False) -> None:
        """libsinsp's add_thread: a thread added by a clone counts as a child of its main thread
        (the listed ones are counted once the whole list is in, by _recount_children)."""
        if not from_list:
            self._count_child(t)
        self.threads[t.tid] = t
        self._index(t)

    def _shared_list(self, raw: bytes) -> list[str]:
        """The strings of a NUL-separated parameter, one list per distinct value: the environments and
        cgroups of thousands of processes are mostly the same, and every thread version holds one
        (never modified in place)."""
        found = self._lists.get(raw)
        if found is None:
            if len(self._lists) >= 4096:
                self._lists.clear()  # bounded: a capture of all-different values keeps no more
            found = self._lists[raw] = _list0(raw)
        return found

    def _index(self, t: Thread) -> None:
        self._by_pid.setdefault(t.pid, set()).add(t.tid)

    def _threads_of(self, pid: int) -> list[Thread]:
        """The threads in the table whose process id is ``pid`` (what libsinsp finds by scanning it)."""
        tids = self._by_pid.get(pid)
        if not tids:
            return []
        found = []
        for tid in list(tids):
            o = self.threads.get(tid)
            if o is not None and o.pid == pid:
                found.append(o)
            else:
                tids.discard(tid)  # removed, replaced, or moved to another process by an execve
        if not tids:
            del self._by_pid[pid]
        return found

    def _count_child(self, t: Thread) -> None:
        """increment_mainthread_childcount: only threads carrying CLONE_THREAD count (execve clears
        it), and a missing main thread is made up by the lookup."""
        if t.flags & PPM_CL_CLONE_THREAD:
            main = self._get_thread(t.pid)
            assert main is not None
            main.nchilds += 1

    def _recount_children(self) -> None:
        """create_child_dependencies (after a forced removal: recreate_child_dependencies)."""
        for o in self.threads.values():
            o.nchilds = 0
        for o in list(self.threads.values()):
            self._count_child(o)

    def _remove_thread(self, tid: int, force: bool) -> bool:
        """libsinsp's remove_thread: a thread that other threads count as their main one stays
        unless forced (its threads still use its fd table, cwd and ancestry). True if removed."""
        t = self.threads.get(tid)
        if t is None:
            return False
        n = t.nchilds
        if n and not force:
            return False
        if t.flags & PPM_CL_CLONE_THREAD:
            main = self.threads.get(t.pid)
            if main is not None and main.nchilds > 0:
                main.nchilds -= 1
        del self.threads[tid]
        self._tombstone(tid)
        if t.tid == t.pid:
            for o in self._threads_of(tid):
                o.snap = -1  # a thread left behind: its next event looks its main thread up again
        if n:
            self._recount_children()
        return True

    def _main_known(self, t: Thread) -> Thread | None:
        """The thread's main thread if the table holds it. Where the fields of a thread without one
        are read, libsinsp makes one up (<NA>, no parent, an empty cwd) as it extracts them; the
        tables show those values (cwd here, ppid and ancestors in analyzer.tables) without adding
        it, as sysdig's table holds it only once some printed field looked it up."""
        if t.tid == t.pid:
            return t
        return self.threads.get(t.pid)

    def _main(self, t: Thread) -> Thread:
        """The thread's main thread, as a parser looks it up (libsinsp's get_main_thread: the fd
        table of a CLONE_FILES thread, its cwd): a lookup that finds none makes one up (<NA>),
        which then stands in the table for the process."""
        if t.tid == t.pid:
            return t
        main = self.threads.get(t.pid)
        if main is None:
            main = self._get_thread(t.pid)
            assert main is not None
            self._thread_snap(main)
        return main

    def _fdtable(self, t: Thread) -> dict[int, FdInfo]:
        if t.flags & PPM_CL_CLONE_FILES and t.tid != t.pid:
            return self._main(t).fdtable
        return t.fdtable

    def _get_thread(self, tid: int, create: bool = True) -> Thread | None:
        """libsinsp's get_thread_ref with query_os: an unknown tid gets a made-up entry."""
        t = self.threads.get(tid)
        if t is None and create:
            t = Thread(tid)
            t.comm = NA
            t.exe = NA
            t.vtid = t.vpid = -1  # unknown until an event says otherwise
            # its threads, as libsinsp counts them by scanning the table
            t.nchilds = len(self._threads_of(tid))
            self.threads[tid] = t
            self._index(t)
            self._new_image(t, None)
        return t

    def _touch_process(self, t: Thread) -> None:
        for o in self._threads_of(t.pid):
            o.snap = -1

    # -------------------------------------------------------------- main loop
    def process(self, batch: EventBatch) -> None:
        n = len(batch)
        # per-event outputs, written by the compiled loop and (for the events it leaves) this one
        tsnap = np.full(n, -1, np.int32)
        fsnap = np.full(n, -1, np.int32)
        fnum = np.full(n, FD_NONE, np.int64)
        nchg = np.full(n, -1, np.int8)
        hidden: list[int] = []
        if not self._compiled:
            self.argsink = None
        elif self.argsink is None:
            self.argsink = _fast.ArgSink()
        else:
            self.argsink.reset()  # type: ignore[attr-defined]  # its columns keep their grown buffers
        self.argcols = ArgColumns()
        resolver = self._resolver
        types, tids, nps, los, dfl = batch.type, batch.tid, batch.nparams, batch.lens_off, batch.dflags
        data = batch.data
        plist = batch.all_params()
        threads = self.threads
        dispatch = self._dispatch
        info = self._info
        marks_connected = self._marks_connected
        internal = self._internal
        n2022 = self._n2022
        sink = self.argsink
        max_buf = R.DEFAULT_MAX_BUF_LEN
        base = self.idx
        # the events go through the compiled loop (_fast_loop.c: this loop's steps, calling the same
        # parsers); it stops at each event this loop must process (an unknown thread, a clone exit...),
        # which then skips the loop's call once (``stop``)
        loop = _fast.Loop(self, batch, batch.type, batch.tid, batch.nparams, batch.lens_off, batch.dflags, data,
                          plist, tsnap, fsnap, fnum, nchg, hidden, base, max_buf, sink, resolver, threads,
                          _args_py, self._loop_tables, dispatch) if sink is not None and USE_LOOP else None
        nxt = stop = 0
        i = 0
        try:
            for i in range(n):
                if i < nxt:
                    continue
                if loop is not None and i != stop:
                    nxt = stop = loop.run(i)
                    if nxt > i:
                        continue
                self.idx = base + i
                et = int(types[i])
                tid = int(tids[i])
                npi = int(nps[i])
                ei = info[et]
                params = plist[i]
                if params is None:
                    params = batch.params(i)  # raises: the parameter lengths do not fit the event
                if self._tid_to_remove is not None:
                    # libsinsp removes an exited thread when the next event is read (not forced:
                    # a main thread still counted by its threads stays)
                    self._remove_thread(self._tid_to_remove, False)
                    self._tid_to_remove = None
                hide = bool(int(dfl[i]) & 1) or internal[et]
                if not self._started:
                    # container events at the start of a capture are consumed when it is opened (sysdig)
                    if et in (228, 272, 324):
                        hide = True
                    else:
                        self._started = True
                if hide:
                    hidden.append(i)
                self._cur_fd = None
                self._dup = None
                eflags = ei.flags
                if eflags & T.EF_SKIPPARSERESET:
                    # only procinfo takes a thread version; the others are rendered with it
                    self._looked_up(threads.get(tid), et, params, i, tsnap, et == 234)
                    continue
                if et == 152:  # context switch: looked up, never parsed, leaves the syscall state alone
                    self._looked_up(threads.get(tid), et, params, i, tsnap)
                    continue
                if et in (272, 324):  # container json: a thread made from the record, none of the capture's
                    rec = self._container_json(batch, i)
                    if rec is not None:
                        if not rec.lookup_ok and not hide:
                            hidden.append(i)  # libsinsp filters out the event of an unfinished lookup
                        tsnap[i] = self._container_thread_snap(rec)
                    self._looked_up(None, et, params, i, tsnap)
                    continue
                t = threads.get(tid)
                if t is None:
                    if et in _CLONE_EXITS:
                        h = dispatch.get(et)
                        if h is not None:
                            h(batch, i, None)
                        self._looked_up(threads.get(tid), et, params, i, tsnap)
                        continue
                    t = self._get_thread(tid)
                    assert t is not None
                if not (et & 1):  # enter
                    t.lastevent_type = et
                    t.lastevent_fd = -1
                    t.last_enter = params
                    if eflags & T.EF_USES_FD and npi > 0:
                        fd = _i64.unpack_from(data, int(los[i]) + 2 * npi)[0]
                        t.lastevent_fd = fd
                        tbl = self._fdtable(t) if t.flags & PPM_CL_CLONE_FILES and t.tid != t.pid else t.fdtable
                        self._cur_fd = tbl.get(fd)
                else:
                    if et == t.lastevent_type + 1 or (et == 293 and t.lastevent_type == 330):
                        if eflags & T.EF_USES_FD:
                            if et == _COPY_FILE_RANGE_X and len(params) > 1 and len(params[1]) == 8:
                                # two fds: the exit's fd is the output one (libsinsp takes fdout)
                                t.lastevent_fd = _int(params[1])
                            tbl = self._fdtable(t) if t.flags & PPM_CL_CLONE_FILES and t.tid != t.pid else t.fdtable
                            self._cur_fd = tbl.get(t.lastevent_fd)
                    else:
                        t.last_enter = None
                        # an exit without its enter: the fd of an older enter is not this call's
                        # (current libsinsp; 0.29.3 kept using it)
                        t.lastevent_fd = -1
                        if eflags & T.EF_USES_FD and npi > self._n2022[et]:
                            # current drivers: no enter event, the exit carries the fd
                            fd = self._exit_fd_param(batch, i, et)
                            if fd is not None:
                                t.lastevent_fd = fd
                                self._cur_fd = self._fdtable(t).get(fd)
                f0 = self._cur_fd
                n0 = f0.name if f0 is not None else ""
                h = dispatch.get(et)
                if h is not None:
                    h(batch, i, t)
                    t = threads.get(tid) or t
                s = t.snap
                tsnap[i] = s if s >= 0 else self._thread_snap(t)
                if eflags & _FD_FLAGS:
                    fdn = t.lastevent_fd
                    fnum[i] = fdn
                    f = self._cur_fd
                    if f is None and fdn != -1:
                        f = self._fdtable(t).get(fdn)
                    if f is not None:
                        if marks_connected[et] and f is self._cur_fd and not f.connected \
                                and f.type in _IP_SOCKS and params and _int(params[0]) >= 0:
                            f.connected = True  # a successful read or write: a connected socket (libsinsp)
                            f.snap = -1
                        s = f.snap
                        fsnap[i] = s if s >= 0 else self._fd_snap(f, fdn, self._fdowner(t))
                        # libsinsp compares with the name the fd had when the event began; a new fd had
                        # none, a dup's copy took its source's
                        nchg[i] = f.name != (n0 if f is f0 else f.name if f is self._dup else "")
                        if et == 23 and npi and _i64.unpack_from(data, int(los[i]) + 2 * npi)[0] < 0:
                            # a failed connect names the address it tried
                            self.out.fd_creator_name[base + i] = self._creator_name(batch, i, et, t)
                    elif et & 1:
                        self.out.fd_creator_name[base + i] = self._creator_name(batch, i, et, t)
                resolver.t = t
                enter = _enter_of(t, et) if et & 1 else None
                keep = not et & 1 and t.lastevent_type == et
                kept = sink.event(et, params, enter, resolver, max_buf, n2022[et], keep) if sink is not None else None
                if kept is None:
                    kept = _args_py(self, et, params, resolver, enter, keep)  # rendered by the Python code
                if keep:
                    t.enter_args = kept  # an enter the main loop parsed: kept for its exit
        except (ValueError, struct.error, IndexError, OverflowError) as e:
            if loop is not None and loop.failed >= 0:
                i = loop.failed  # raised inside the compiled loop
            # parameters that do not decode: the event is corrupt, named by its offset
            raise CorruptEventError(int(batch.file_off[i]), f"event {base + i + 1} (type id "
                                    f"{types[i]}): {e}") from e
        self.idx = base + n
        shown = np.ones(n, dtype=bool)
        shown[hidden] = False
        # per-event outputs of this batch only: memory must not grow with the capture
        self.out.thread_snap = [tsnap]
        self.out.fd_snap = [fsnap]
        self.out.fd_num = [fnum]
        self.out.shown = [shown]
        cols = sink_arrays(self.argsink.finish()) if self.argsink is not None else self.argcols.arrays()
        if len(cols[0]) != n:
            raise AssertionError(f"argument columns hold {len(cols[0])} events of a batch of {n}")
        self.out.args = [cols[0]]
        self.out.argcols = cols[1:]
        self.out.name_changed = nchg

    def _looked_up(self, t: Thread | None, et: int, params: list[bytes], i: int, tsnap: np.ndarray,
                   snap: bool = True) -> None:
        """An event that only looks its thread up (no parsing): its thread version and its args."""
        if t is not None and snap:
            tsnap[i] = self._thread_snap(t)
        self._resolver.t = t
        if self.argsink is None or self.argsink.event(  # type: ignore[attr-defined]
                et, params, None, self._resolver, R.DEFAULT_MAX_BUF_LEN, self._n2022[et], False) is None:
            _args_py(self, et, params, self._resolver, None, False)

    def _creator_name(self, batch: EventBatch, i: int, et: int, t: Thread) -> str:
        """fd.name of a failed fd-creating call: the path or address it was given."""
        if et in (3, 27, 247, 57, 249, 59, 23):
            p = batch.params(i)
            if len(p) < 2:
                return ""
            if et in (3, 59):
                # the path parameter as libsinsp resolves it for printing: a relative one is
                # joined to the cwd (an absolute one is shown as given)
                name = _cstr(p[1])
                if name.startswith("/") or name.startswith("<NA>"):
                    return name
                main = self._main(t)
                return concatenate_paths(main.cwd if main is not None else t.cwd, name)
            return A.socktuple_text(p[1]) or "NULL"  # the tuple as printed
        if et in (103, 307, 327):
            p = batch.params(i)
            if et == 103:
                ep = self._enter_params(t)
                if ep is None or len(ep) < 2:
                    return ""
                name, dirfd = _cstr(ep[1]), _int(ep[0])
            else:
                if len(p) < 3:
                    return ""
                name, dirfd = _cstr(p[2]), _int(p[1])
            return concatenate_paths(self._dirfd_dir(t, dirfd, name), name)
        return ""

    def _fdowner(self, t: Thread) -> int:
        if t.flags & PPM_CL_CLONE_FILES and t.tid != t.pid:
            return t.pid
        return t.tid

    def _exit_fd_param(self, batch: EventBatch, i: int, et: int) -> int | None:
        """Exit events without their enter (current drivers): take the fd from the exit itself."""
        head = T.EVENTS[et] if et < len(T.EVENTS) else None
        if head is None:
            return None
        for k, p in enumerate(head.params):
            if p.name in ("fd", "fdout") and p.ptype == T.PT_FD and k > 0:
                ps = batch.params(i)
                if k < len(ps) and len(ps[k]) == 8:
                    return int(_i64.unpack(ps[k])[0])
                return None
        return None

    def _enter_params(self, t: Thread) -> list[bytes] | None:
        if t.last_enter is None:
            return None
        return t.last_enter

    # -------------------------------------------------------------- parsers
    def _build_dispatch(self) -> None:
        self._info = [_table(et) for et in range(len(T.EVENTS))]
        self._n2022 = [len(T.EVENTS_2022[et].params) if et < len(T.EVENTS_2022) else 0
                       for et in range(len(T.EVENTS))]
        self._internal = [bool(self._info[et].category & T.EC_INTERNAL) for et in range(len(T.EVENTS))]
        d: dict[int, Handler] = {}
        self._tuple_at: dict[int, tuple[str, int]] = {}
        for et in range(len(T.EVENTS)):
            name = self._info[et].name
            is_exit = bool(et & 1)
            if et in _CLONE_EXITS:
                d[et] = self._clone_exit
            elif name in ("execve", "execveat") and is_exit:
                d[et] = self._execve_exit
            elif et in (186, 16) and not is_exit:
                d[et] = self._procexit
            elif name in ("open", "openat", "openat2", "creat") and is_exit:
                d[et] = self._open_exit
            elif name == "socket" and is_exit:
                d[et] = self._socket_exit
            elif name == "bind" and is_exit:
                d[et] = self._bind_exit
            elif name == "connect" and is_exit:
                d[et] = self._connect_exit
            elif name == "connect":
                d[et] = self._connect_enter
            elif name in ("accept", "accept4") and is_exit:
                d[et] = self._accept_exit
            elif name == "close" and is_exit:
                d[et] = self._close_exit
            elif name in ("dup", "dup2", "dup3") and is_exit:
                d[et] = self._dup_exit
            elif name in ("pipe", "pipe2") and is_exit:
                d[et] = self._pipe_exit
            elif name == "getsockopt" and is_exit:
                d[et] = self._getsockopt_exit
            elif name == "socketpair" and is_exit:
                d[et] = self._socketpair_exit
            elif name in ("eventfd", "eventfd2", "signalfd", "signalfd4", "timerfd_create", "inotify_init",
                          "inotify_init1", "epoll_create", "epoll_create1", "userfaultfd", "memfd_create",
                          "bpf", "pidfd_open", "pidfd_getfd", "io_uring_setup") and is_exit \
                    and self._info[et].params and self._info[et].params[0].name in ("res", "fd"):
                # (the 2022 bpf exit, whose result is a res-or-fd union, makes no fd in any libsinsp)
                d[et] = self._simple_fd_exit
            elif name == "setsid" and is_exit:
                d[et] = self._setsid_exit
            elif name == "chdir" and is_exit:
                d[et] = self._chdir_exit
            elif name == "fchdir" and is_exit:
                d[et] = self._fchdir_exit
            elif name in ("setuid", "setresuid", "setreuid") and is_exit:
                d[et] = self._setuid_exit
            elif name in ("setgid", "setresgid", "setregid") and is_exit:
                d[et] = self._setgid_exit
            elif name == "fcntl" and is_exit:
                d[et] = self._fcntl_exit
            elif name == "sendto" and not is_exit:
                d[et] = self._sendto_enter
            elif name in _TUPLE_AT and is_exit:
                d[et] = self._rw_exit
                self._tuple_at[et] = _TUPLE_AT[name]
            elif et in (228, 402):
                d[et] = self._container_event
        self._dispatch = d
        # what the compiled loop needs to know of each event type (_fast_loop.c): flag bits
        # (1 uses an fd, 2 any fd flag, 4 skip-parse-reset), kind bits (1 has a parser, 2 internal,
        # 4 marks its socket connected, 8 handled by the Python loop itself, 16 below) and the 2022
        # parameter count
        flags = [(1 if f & T.EF_USES_FD else 0) | (2 if f & _FD_FLAGS else 0) | (4 if f & T.EF_SKIPPARSERESET else 0)
                 for f in (self._info[et].flags for et in range(len(T.EVENTS)))]
        # exits whose success marks their IP socket connected, checked in the main loop
        self._marks_connected = [bool(et & 1) and self._info[et].name in _IO_CALLS for et in range(len(T.EVENTS))]
        # (16: a close exit, whose parser the compiled loop does itself: _close_exit)
        kinds = [(16 if d.get(et) == self._close_exit else 1 if et in d else 0) | (2 if self._internal[et] else 0)
                 | (4 if self._marks_connected[et] else 0)
                 | (8 if et in (152, 272, 324) or et in _CLONE_EXITS else 0) for et in range(len(T.EVENTS))]
        self._loop_tables = (np.array(flags, np.uint32).tobytes(), bytes(kinds),
                             np.array(self._n2022, np.int32).tobytes())

    def _clone_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        """clone/fork/vfork/clone3 exits, as libsinsp's parse_clone_exit: the first of the two exits
        (parent's or child's) to be seen makes the child; in a pid namespace only the child's does."""
        p = batch.params(i)
        et = int(batch.type[i])
        tid = int(batch.tid[i])
        if len(p) < 6:
            return
        childtid = _int(p[0])
        ver = _clone_version(et)
        flags_idx = {11: 8, 16: 13, 17: 14, 20: 15}[ver]
        flags = _uint(p[flags_idx]) if flags_idx < len(p) else 0
        if childtid < 0:
            return  # the call failed
        vtid, vpid = tid, -1
        if ver == 20 and len(p) > 19:
            vtid, vpid = _int(p[18]), _int(p[19])
        in_container = bool(flags & PPM_CL_CHILD_IN_PIDNS) or tid != vtid
        inverted = False
        if childtid == 0:
            if t is not None and t.clone_ts and int(batch.ts[i]) - t.clone_ts > 1_000_000_000 * 60:
                # a stale entry: the kernel reused the tid
                self._remove_thread(tid, True)
                t = None
            parenttid = _int(p[4]) if flags & PPM_CL_CLONE_THREAD else _int(p[5])
            if t is None:
                inverted = True
                childtid = tid
                tid = parenttid
            else:
                if in_container:
                    t.vtid, t.vpid = vtid, vpid
                    t.snap = -1
                return
        elif in_container:
            return
        ptinfo = self._get_thread(tid)  # the caller, made up if unknown
        assert ptinfo is not None
        valid_parent = not (ptinfo.comm == NA and ptinfo.uid == 0xFFFFFFFF)
        child = self.threads.get(childtid)
        if child is not None:
            if child.flags & PPM_CL_CLONE_INVERTED:
                return
            self._remove_thread(childtid, True)  # an old thread whose exit was lost
        c = Thread(childtid)
        c.ptid = tid
        c.loginuid = 0  # a new libsinsp thread's, unless the parent's is copied
        exe = _cstr(p[1])
        comm = _cstr(p[13]) if ver >= 17 and len(p) > 13 else exe
        args = _list0(p[2])
        if valid_parent:
            c.comm, c.exe, c.exepath, c.exe_writable = ptinfo.comm, ptinfo.exe, ptinfo.exepath, ptinfo.exe_writable
            c.args, c.root, c.sid, c.vpgid, c.tty = ptinfo.args, ptinfo.root, ptinfo.sid, ptinfo.vpgid, ptinfo.tty
            c.loginuid = ptinfo.loginuid
            _inherit_exe_state(c, ptinfo)
            if not flags & PPM_CL_CLONE_THREAD:
                c.env = ptinfo.env
        else:
            # a made-up caller: libsinsp drops it and looks it up again (a new made-up entry, with
            # none of the old one's fds), then names both from the event
            self._remove_thread(tid, True)
            ptinfo = self._get_thread(tid)
            assert ptinfo is not None
            ptinfo.comm, ptinfo.exe, ptinfo.exepath, ptinfo.args = comm, exe, "", args
            self._thread_snap(ptinfo)
        c.pid = _int(p[4])
        c.flags = flags
        if not flags & PPM_CL_CLONE_THREAD:
            c.pid = childtid
            # a process gets a copy of the caller's fd table (CLONE_FILES is not followed)
            c.fdtable = {k: v.fork_copy() for k, v in self._fdtable(ptinfo).items()}
            c.cwd = self._main(ptinfo).cwd
        if inverted:
            c.flags |= PPM_CL_CLONE_INVERTED
        c.exe = exe
        c.comm = comm
        c.args = args
        c.fdlimit = _int(p[7])
        if ver >= 16 and len(p) > 12:
            c.pfmajor, c.pfminor = _uint(p[8]), _uint(p[9])
            c.vmsize, c.vmrss, c.vmswap = _uint(p[10]), _uint(p[11]), _uint(p[12])
        uid_idx = {11: 9, 16: 14, 17: 15, 20: 16}[ver]
        if uid_idx + 1 < len(p):
            c.uid = _uint(p[uid_idx])
            c.gid = _uint(p[uid_idx + 1])
        if in_container:
            c.vtid, c.vpid = vtid, vpid
        else:
            c.vtid, c.vpid = c.tid, c.pid
        # only the clone events that carry cgroups give the child any (and so a container)
        c.cgroups = self._shared_list(p[14]) if ver == 20 and len(p) > 14 else []
        c.container_id = container_id_from_cgroups(c.cgroups)
        c.clone_ts = int(batch.ts[i])
        c.pidns_init_start_ts = self.boot_ts
        if in_container and len(p) > 20 and len(p[20]) == 8:
            c.pidns_init_start_ts = _uint(p[20]) + self.boot_ts
        if flags & PPM_CL_CLONE_THREAD:
            c.image_id = (self._main_known(ptinfo) or ptinfo).image_id
        else:
            self._new_image(c, int(batch.ts[i]))
        self._put_thread(c)
        self._thread_snap(c)

    def _execve_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        p = batch.params(i)
        et = int(batch.type[i])
        if not p or _int(p[0]) < 0:
            return
        t.exe = _cstr(p[1])
        old = et in (13, 155, 173)
        t.comm = t.exe if old or len(p) <= 13 else _cstr(p[13])
        t.args = _list0(p[2])
        t.pid = _int(p[4])
        self._index(t)
        if t.ptid == -1:
            t.ptid = _int(p[5])
        t.fdlimit = _int(p[7])
        if len(p) > 12:
            t.pfmajor, t.pfminor = _uint(p[8]), _uint(p[9])
            t.vmsize, t.vmrss, t.vmswap = _uint(p[10]), _uint(p[11]), _uint(p[12])
        if et == 173 and len(p) > 13:
            t.env = self._shared_list(p[13])
        elif et == 215 and len(p) > 14:
            t.env = self._shared_list(p[14])
        elif len(p) > 15 and et not in (13, 155, 173, 215):
            t.env = self._shared_list(p[15])
            t.cgroups = self._shared_list(p[14])
            t.container_id = container_id_from_cgroups(t.cgroups)
        if et not in (13, 155, 173, 215, 231) and len(p) > 16:
            t.tty = _uint(p[16])
        if et in (289, 293):
            # the exit's own enter only: an execveat enter (or none) leaves exepath as it was
            ep = self._enter_params(t) if t.lastevent_type == et - 1 else None
            if ep:
                fn = ep[0]
                if fn[:4] == b"<NA>":
                    t.exepath = NA
                else:
                    t.exepath = concatenate_paths(t.cwd, _cstr(fn))
        elif et == 331:
            ep = self._enter_params(t) if t.lastevent_type == 330 else None
            if ep and len(ep) >= 3:
                pn = _cstr(ep[1])
                if ep[1][:4] == b"<NA>":
                    t.exepath = NA
                else:
                    sdir = self._dirfd_dir(t, _int(ep[0]), pn)
                    if _uint(ep[2]) & 1 and not pn:
                        pn = sdir
                    t.exepath = concatenate_paths(sdir, pn)
        if et in (293, 331) and len(p) > 17:
            t.vpgid = _int(p[17])
        if len(p) > 18:
            t.loginuid = _uint(p[18])
        if len(p) > 19:
            t.exe_writable = bool(_uint(p[19]) & PPM_EXE_WRITABLE)
            _exe_flags(t, _uint(p[19]))
        if len(p) > 22:
            t.cap_inheritable, t.cap_permitted, t.cap_effective = _uint(p[20]), _uint(p[21]), _uint(p[22])
        if len(p) > 25 and len(p[25]) == 8:
            _exe_ino(t, _uint(p[23]), _uint(p[24]), _uint(p[25]))
        if len(p) > 26 and len(p[26]) == 4:
            t.uid = _uint(p[26])
        if len(p) > 29 and len(p[29]) == 4:
            t.gid = _uint(p[29])
        if len(p) > 27 and len(p[27]) > 1:
            t.exepath = _cstr(p[27])
        keep = t.flags & PPM_CL_CLONE_INVERTED
        t.flags = PPM_CL_ACTIVE | keep
        t.snap = -1
        prev: ProcImage | None = self.images[t.image_id] if t.image_id >= 0 else None
        if (prev is not None and prev.first_idx == self.idx and prev.start_ts is None
                and prev.id == len(self.images) - 1):
            # the thread was first seen at this very execve: its earlier program is unknown
            self.images.pop()
            prev = None
        if prev is not None:
            prev.end_idx, prev.end_ts = self.idx, int(batch.ts[i])
        self._new_image(t, int(batch.ts[i]), prev.image + 1 if prev is not None and prev.pid == t.pid else 0)

    def _container_json(self, batch: EventBatch, i: int) -> ContainerInfo | None:
        """A container JSON event (272, 324): its record, kept (as of this event) for container.*."""
        p = batch.params(i)
        if not p or not p[0]:
            return None
        return self._put_container_json(_cstr(p[0]))

    def _put_container_json(self, payload: str) -> ContainerInfo | None:
        rec = container_from_json(payload)
        if rec is not None:
            self.containers.put(self.idx, rec.id, rec)
        return rec

    def _container_event(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        """The other container metadata events (228, and the plugin's async 402): the record, as of
        this event, for container.* fields."""
        et = int(batch.type[i])
        p = batch.params(i)
        if et == 228:
            if len(p) < 4:
                return
            cid = _cstr(p[0])
            ctype = _uint(p[1])
            self.containers.put(self.idx, cid, ContainerInfo(
                id=cid, name=_cstr(p[2]), image=_cstr(p[3]), type=CONTAINER_TYPES.get(ctype, "")))
            return
        if et == 402:
            if len(p) < 3:
                return
            kind = _cstr(p[1])
            if kind == "container_removed":
                rec = container_from_json(_cstr(p[2]))
                if rec is not None:
                    self.containers.put(self.idx, rec.id, None)
                return
            if kind == "container":
                self._put_container_json(_cstr(p[2]))

    def _procexit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        self._tid_to_remove = t.tid  # libsinsp's m_tid_to_remove: one thread, at the next event
        if t.tid == t.pid and t.image_id >= 0:
            img = self.images[t.image_id]
            if img.end_idx is None:
                img.end_idx, img.end_ts = self.idx, int(batch.ts[i])

    def _new_image(self, t: Thread, start_ts: int | None, image: int = 0) -> None:
        """A process starts running a program: from the process list (start_ts None), a fork, or an
        execve. The record keeps what the process looked like then."""
        main = self._main_known(t)
        cwd = main.cwd if main is not None else ""
        self.images.append(ProcImage(
            id=len(self.images), pid=t.pid, ppid=t.ptid, image=image, name=t.comm, exe=t.exe, exepath=t.exepath,
            args=list(t.args), cwd=cwd, uid=t.uid, tty=t.tty, container_id=t.container_id or "host",
            start_idx=self.idx if start_ts is not None else None, start_ts=start_ts, first_idx=self.idx))
        t.image_id = len(self.images) - 1
        t.snap = -1

    def _dirfd_dir(self, t: Thread, dirfd: int, name: str) -> str:
        if name.startswith("/"):
            return ""
        if dirfd == -100:
            return self._main(t).cwd
        f = self._fdtable(t).get(dirfd)
        if f is None:
            return "<UNKNOWN>"
        return dirfd_base(f.name)

    def _open_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        p = batch.params(i)
        et = int(batch.type[i])
        ep = self._enter_params(t)
        fd = _int(p[0])
        name = ""
        flags = 0
        dev = 0
        name_enter_ok = False
        if et == 3:  # open
            name, flags = _cstr(p[1]), _uint(p[2])
            if len(p) > 4:
                dev = _uint(p[4])
            if ep is not None and len(ep) >= 2 and ep[0] and ep[0][:7] != b"(NULL)\0":
                name, flags, name_enter_ok = _cstr(ep[0]), _uint(ep[1]), True
            sdir = self._main(t).cwd
        elif et == 59:  # creat
            name, flags = _cstr(p[1]), 0
            if len(p) > 3:
                dev = _uint(p[3])
            if ep is not None and len(ep) >= 1 and ep[0] and ep[0][:7] != b"(NULL)\0":
                name = _cstr(ep[0])
            sdir = self._main(t).cwd
        elif et == 103:  # old openat: everything on the enter
            if ep is None or len(ep) < 3:
                return
            name, flags = _cstr(ep[1]), _uint(ep[2])
            self.out.old_openat_flags[self.idx] = (flags, _uint(ep[3]) if len(ep) > 3 else 0)
            sdir = self._dirfd_dir(t, _int(ep[0]), name)
        elif et in (307, 327):
            if len(p) < 4:
                return
            name, flags, dirfd = _cstr(p[2]), _uint(p[3]), _int(p[1])
            if et == 307 and len(p) > 5:
                dev = _uint(p[5])
            if ep is not None and len(ep) >= 3 and ep[1] and ep[1][:7] != b"(NULL)\0":
                name, flags, dirfd = _cstr(ep[1]), _uint(ep[2]), _int(ep[0])
            sdir = self._dirfd_dir(t, dirfd, name)
        else:
            return
        del name_enter_ok
        full = concatenate_paths(sdir, name)
        if fd >= 0:
            f = FdInfo(m.FD_DIRECTORY if flags & PPM_O_DIRECTORY else m.FD_FILE_V2, full)
            f.nameraw = name
            f.openflags = flags
            f.dev = dev
            self._add_fd(t, fd, f)

    def _add_fd(self, t: Thread, fd: int, f: FdInfo) -> None:
        self._fdtable(t)[fd] = f
        t.lastevent_fd = fd
        self._cur_fd = f

    def _socket_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        p = batch.params(i)
        fd = _int(p[0])
        if fd < 0:
            return
        ep = self._enter_params(t)
        if ep is None or len(ep) < 3:
            # current drivers put domain/type/proto on the exit
            if len(p) >= 4:
                ep = p[1:4]
            else:
                return
        domain, typ, proto = _uint(ep[0]), _uint(ep[1]), _uint(ep[2])
        self._add_fd(t, fd, make_socket(domain, typ, proto))

    def _bind_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        f = self._cur_fd
        if f is None or t is None:
            return
        p = batch.params(i)
        if _int(p[0]) < 0 or len(p) < 2 or not p[1]:
            return
        sa = A.parse_sockaddr(p[1])
        if sa is not None and sa.port > 0:
            # an IPv4-mapped address (and ::, which libsinsp counts as one) makes an IPv4 server
            # socket (the address is then in dotted form)
            f.type = m.FD_IPV4_SERVSOCK if sa.v4 else m.FD_IPV6_SERVSOCK
            f.sip = ""
            f.dip = sa.ip
            f.dport = sa.port
            f.role = ROLE_SERVER
        f.name = A.sockaddr_text(p[1])  # libsinsp names it after the parameter as printed (`:::0`)
        f.touch()

    def _connect_enter(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        """The address given to connect() is recorded before the call returns (libsinsp 2022): a unix
        socket takes the path as its name, an IP socket the destination, even if the connect fails."""
        f = self._cur_fd
        if f is None or t is None:
            return
        p = batch.params(i)
        if len(p) < 2 or not p[1]:
            return
        sa = A.parse_sockaddr(p[1])
        if sa is not None:
            # an IPv4-mapped address (in dotted form) makes it an IPv4 socket
            _set_view(f, sa.v4)
            f.dip, f.dport = sa.ip, sa.port
        elif p[1][0] in (PPM_AF_INET, PPM_AF_INET6):
            return  # too short to read
        else:
            f.name = A.sockaddr_text(p[1])  # a unix path, or "family N"
        f.touch()

    def _connect_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        f = self._cur_fd
        if f is None or t is None:
            return
        p = batch.params(i)
        res = _int(p[0])
        if res < 0 and res != -EINPROGRESS:
            return
        f.connected = True
        if len(p) < 2 or not p[1]:
            f.touch()
            return
        self._fill_client(f, p[1])

    def _fill_client(self, f: FdInfo, tup: bytes) -> None:
        """connect's tuple into the fd: as current libsinsp, the destination is overwritten (a
        datagram socket connected again is named after its new peer; sysdig 0.29.3 kept the first)."""
        fam = tup[0]
        st = A.parse_socktuple(tup)
        if fam in (PPM_AF_INET, PPM_AF_INET6):
            if not isinstance(st, A.InetTuple):
                return
            _set_view(f, st.v4)
            changed = _set_addresses(f, st.sip, st.sport, st.dip, st.dport, overwrite_dest=True, same_type=True)
            if changed and f.role == ROLE_SERVER and f.l4proto == 3:
                f.sip, f.sport, f.dip, f.dport = f.dip, f.dport, f.sip, f.sport
            f.name = connection_name(f)
        else:
            f.name = A.socktuple_text(tup)
            f.type = m.FD_UNIX_SOCK if fam == PPM_AF_UNIX else f.type
        if f.role == ROLE_NONE:
            f.role = ROLE_CLIENT
        f.touch()

    def _accept_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        p = batch.params(i)
        fd = _int(p[0])
        if fd < 0:
            return
        t.lastevent_fd = fd
        if len(p) < 2 or not p[1]:
            return
        st = A.parse_socktuple(p[1])
        if isinstance(st, A.InetTuple):
            f = FdInfo(m.FD_IPV4_SOCK if st.v4 else m.FD_IPV6_SOCK)
            f.sip, f.sport, f.dip, f.dport = st.sip, st.sport, st.dip, st.dport
            f.l4proto = 2
            f.name = sockname(f)
        elif isinstance(st, A.UnixTuple):
            f = FdInfo(m.FD_UNIX_SOCK, st.name)
        else:
            return
        f.role = ROLE_SERVER
        f.connected = True
        self._add_fd(t, fd, f)

    def _close_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        # also done by the compiled loop (_fast_loop.c, K_CLOSE): a change here goes there too
        if t is None or self._cur_fd is None:
            return
        p = batch.params(i)
        if _int(p[0]) >= 0:
            tbl = self._fdtable(t)
            if tbl.get(t.lastevent_fd) is self._cur_fd:
                del tbl[t.lastevent_fd]

    def _dup_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        p = batch.params(i)
        res = _int(p[0])
        if res < 0 or self._cur_fd is None:
            return
        nf = self._dup = self._cur_fd.copy()
        self._add_fd(t, res, nf)

    def _pipe_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        p = batch.params(i)
        if _int(p[0]) < 0 or len(p) < 4:
            return
        ino = _uint(p[3])
        for fd in (_int(p[1]), _int(p[2])):
            f = FdInfo(m.FD_FIFO, "")
            f.ino = ino
            self._add_fd(t, fd, f)

    def _getsockopt_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        """getsockopt's fd is on its exit (its enter has none): the event's fd, looked up in the
        process's table (libsinsp)."""
        p = batch.params(i)
        if t is None or len(p) < 2 or len(p[1]) != 8:
            return
        t.lastevent_fd = _int(p[1])
        self._cur_fd = self._dup = self._fdtable(t).get(t.lastevent_fd)

    def _socketpair_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        p = batch.params(i)
        if _int(p[0]) < 0 or len(p) < 5:
            return
        for fd in (_int(p[1]), _int(p[2])):
            self._add_fd(t, fd, FdInfo(m.FD_UNIX_SOCK, ""))  # no role (libsinsp gives none)

    _SIMPLE_TYPES = {
        "eventfd": m.FD_EVENT, "eventfd2": m.FD_EVENT, "signalfd": m.FD_SIGNALFD, "signalfd4": m.FD_SIGNALFD,
        "timerfd_create": m.FD_TIMERFD, "inotify_init": m.FD_INOTIFY, "inotify_init1": m.FD_INOTIFY,
        "epoll_create": m.FD_EVENTPOLL, "epoll_create1": m.FD_EVENTPOLL, "userfaultfd": m.FD_USERFAULTFD,
        "memfd_create": m.FD_MEMFD, "bpf": m.FD_BPF, "pidfd_open": m.FD_PIDFD, "pidfd_getfd": m.FD_PIDFD,
        "io_uring_setup": m.FD_IOURING,
    }

    def _simple_fd_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        et = int(batch.type[i])
        name = self._info[et].name
        p = batch.params(i)
        if not p:
            return
        fd = _int(p[0])
        if fd < 0:
            return
        ftype = self._SIMPLE_TYPES[name]
        f: FdInfo | None
        if name == "memfd_create" and len(p) > 2:
            f = FdInfo(ftype, _cstr(p[1]))  # current libsinsp: the name given, flags kept
            f.openflags = _uint(p[2])
        elif name == "pidfd_open" and len(p) > 2:
            pid = _int(p[1])
            f = FdInfo(ftype, f"/proc/{pid}")  # current libsinsp's stand-in name for the process
            f.openflags = _uint(p[2])
            f.pid = pid
        elif name == "pidfd_getfd":
            f = self._pidfd_target(t, p)
            if f is None:
                return
        else:
            f = FdInfo(ftype, "")
        self._add_fd(t, fd, f)

    def _pidfd_target(self, t: Thread, p: list[bytes]) -> FdInfo | None:
        """pidfd_getfd: a copy of the target fd of the process the pidfd refers to (current
        libsinsp), close-on-exec; nothing when the pidfd, its process or the fd is unknown."""
        if len(p) < 3:
            return None
        pidfd = self._fdtable(t).get(_int(p[1]))
        if pidfd is None or pidfd.type != m.FD_PIDFD:
            return None
        owner = self.threads.get(pidfd.pid)
        target = self._fdtable(owner).get(_int(p[2])) if owner is not None else None
        if target is None:
            return None
        f = target.copy()
        f.openflags |= PPM_O_CLOEXEC
        return f

    def _chdir_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None:
            return
        p = batch.params(i)
        if _int(p[0]) < 0 or len(p) < 2:
            return
        self._set_cwd(t, _cstr(p[1]))

    def _fchdir_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        if t is None or self._cur_fd is None:
            return
        p = batch.params(i)
        if _int(p[0]) < 0:
            return
        name = self._cur_fd.name
        if name:  # whatever the fd is, its name is joined as a path
            self._set_cwd(t, name)
        else:  # libsinsp joins an empty name as an absolute one: the root
            main = self._main(t)
            main.cwd = "/"
            self._touch_process(main)

    def _set_cwd(self, t: Thread, path: str) -> None:
        """libsinsp's set_cwd: the process's directory (its main thread's) joined with ``path``."""
        main = self._main(t)
        main.cwd = _joined_cwd(main.cwd, path)
        self._touch_process(main)

    def _setuid_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        self._set_id(batch, i, t, "uid")

    def _setgid_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        self._set_id(batch, i, t, "gid")

    def _set_id(self, batch: EventBatch, i: int, t: Thread | None, attr: str) -> None:
        """setuid/setresuid/setreuid (and the gid calls): the new effective id."""
        if t is None:
            return
        p = batch.params(i)
        if _int(p[0]) < 0:
            return
        name = self._info[int(batch.type[i])].name
        ep = self._enter_params(t)
        val: int | None
        if name in ("setuid", "setgid"):
            # the id given, even -1 (libsinsp 0.29.3 and current both take it as it is)
            val = _uint(ep[0]) if ep else (_uint(p[1]) if len(p) > 1 else None)
            if val is not None:
                setattr(t, attr, val)
                t.snap = -1
            return
        if name in ("setresuid", "setresgid"):
            val = _uint(ep[1]) if ep and len(ep) > 1 else (_uint(p[2]) if len(p) > 2 else None)
        else:
            val = _uint(p[2]) if len(p) > 2 else None
        if val is not None and val != 0xFFFFFFFF:  # -1: the effective id is left as it is
            setattr(t, attr, val)
            t.snap = -1

    def _fcntl_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        # F_DUPFD / F_DUPFD_CLOEXEC create a copy of the fd
        if t is None or self._cur_fd is None:
            return
        ep = self._enter_params(t)
        p = batch.params(i)
        res = _int(p[0])
        if ep is None or len(ep) < 2 or res < 0:
            return
        cmd = _uint(ep[1])
        if cmd in (1, 26):  # PPM_FCNTL_F_DUPFD, PPM_FCNTL_F_DUPFD_CLOEXEC
            nf = self._dup = self._cur_fd.copy()
            self._add_fd(t, res, nf)

    def _setsid_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        """The new session id (the result) belongs to the calling thread from this exit on."""
        p = batch.params(i)
        if t is None or not p:
            return
        sid = _int(p[0])
        if sid >= 0 and sid != t.sid:
            t.sid = sid
            t.snap = -1

    @staticmethod
    def _mark_connected(f: FdInfo) -> None:
        """A successful read, write, send or receive marks an IP socket connected (libsinsp)."""
        if not f.connected and f.type in (m.FD_IPV4_SOCK, m.FD_IPV6_SOCK):
            f.connected = True
            f.touch()

    def _sendto_enter(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        """sendto on an fd the table does not hold: libsinsp 0.29.3 takes it for a UDP socket of the
        tuple's family (its socket() was missed)."""
        if t is None or self._cur_fd is not None:
            return
        p = batch.params(i)
        if len(p) < 3 or len(p[0]) != 8 or not p[2] or p[2][0] not in (PPM_AF_INET, PPM_AF_INET6):
            return
        fd = _int(p[0])
        if fd >= 0:
            self._add_fd(t, fd, make_socket(p[2][0], SOCK_DGRAM, IPPROTO_UDP))

    def _rw_exit(self, batch: EventBatch, i: int, t: Thread | None) -> None:
        """send/recv exits: the socket is connected, and the tuple the call carried completes what
        the fd does not know yet (a datagram socket, or events lost)."""
        f = self._cur_fd
        if f is None or t is None:
            return
        et = int(batch.type[i])
        p = batch.params(i)
        if _int(p[0]) < 0:
            return
        self._mark_connected(f)
        where, at = self._tuple_at[et]
        tup: bytes | None = None
        if where == "exit":
            tup = p[at] if len(p) > at else None
        else:
            # the enter event's tuple (taken before the kernel bound the socket, as sysdig 0.29.3
            # reads it); captures without enter events carry it on the exit
            ep = self._enter_params(t)
            if ep and len(ep) > 2:
                tup = ep[2]
            elif len(p) > at:
                tup = p[at]
        if not tup or tup == f.last_tuple or (f.name and f.type == m.FD_IPV4_SOCK and f.l4proto == 2):
            return
        f.last_tuple = tup
        if not self._update_fd_tuple(f, tup):
            return
        if f.type in (m.FD_IPV4_SOCK, m.FD_IPV6_SOCK):
            incoming = where == "exit"  # recvfrom/recvmsg: the peer sent to us
            if f.role == ROLE_NONE:
                self._guess_role(t, f, incoming)
            if f.role == (ROLE_CLIENT if incoming else ROLE_SERVER):
                f.sip, f.sport, f.dip, f.dport = f.dip, f.dport, f.sip, f.sport
            f.name = connection_name(f)
        f.touch()

    def _update_fd_tuple(self, f: FdInfo, tup: bytes) -> bool:
        """A send/recv tuple into the fd as libsinsp's update_fd does: the source is taken, the
        destination only where none is known; an unchanged (or reversed) tuple changes nothing; an
        unknown protocol becomes UDP; a missing address is inferred from the interface list."""
        st = A.parse_socktuple(tup)
        if isinstance(st, A.UnixTuple):
            name = st.name
            if f.type == m.FD_UNIX_SOCK and f.name == name:
                return False
            f.type = m.FD_UNIX_SOCK
            f.name = name
            return True
        if st is None:
            return False
        sip, sport, dip, dport, v4 = st.sip, st.sport, st.dip, st.dport, st.v4
        if f.type in (m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK):
            if not v4 and f.type == m.FD_IPV6_SERVSOCK:
                # libsinsp writes the tuple over the server address in place and keeps the type:
                # the fd is named after the tuple, its server address is now the tuple's source
                f.dip = sip
                f.name = f"{sip}:{sport}->{dip}:{dport}"
                return True
            if v4:
                self._servsock_as_ipv4(f)
        if v4:
            _set_view(f, True)
        same_type = v4 or f.type == m.FD_IPV6_SOCK
        if not _set_addresses(f, sip, sport, dip, dport, overwrite_dest=False, same_type=same_type):
            return False
        if f.l4proto == 0:
            f.l4proto = 3  # TCP would not change address mid-connection: a datagram socket
        self.ifaces.complete(f, v4)
        return True

    @staticmethod
    def _servsock_as_ipv4(f: FdInfo) -> None:
        """A server socket seen as a connected IPv4 socket, as libsinsp's address union reads it
        when a datagram tuple turns it into one: the source is the server address, the
        destination address the bytes of the server port and protocol (the upstream quirk that
        names such a socket e.g. ``127.0.0.1:42747->233.20.3.0:5353``), the ports zero."""
        if f.type == m.FD_IPV4_SERVSOCK:
            port, l4 = f.dport, f.l4proto
            f.sip = f.dip or "0.0.0.0"
            f.dip = A.ipv4_text(bytes((port & 0xFF, port >> 8 & 0xFF, l4 & 0xFF, 0)))
        else:  # the IPv4 view of an IPv6 server address
            raw = A.ipv6_packed(f.dip)
            f.sip, f.dip = A.ipv4_text(raw[0:4]), A.ipv4_text(raw[4:8])
        f.sport = f.dport = 0

    def _guess_role(self, t: Thread, f: FdInfo, incoming: bool) -> None:
        """libsinsp's guess: server when the process owns the destination port and does not use
        the source port as a client port, else by the direction of the first transfer. Its
        lookups read the IPv4 view of the fd's address union and only scan IPv4 fds, so for an
        IPv6 socket the "ports" are bytes of the source address."""
        if f.type == m.FD_IPV4_SOCK:
            dport, sport = f.dport, f.sport
        else:
            raw = A.ipv6_packed(f.sip)
            sport, dport = raw[8] | raw[9] << 8, raw[10] | raw[11] << 8
        table = self._fdtable(t)
        bound = any((o.type == m.FD_IPV4_SOCK and o.dport == dport) or (o.type == m.FD_IPV4_SERVSOCK and o.dport == dport)
                    for o in table.values())
        if not bound:
            f.role = ROLE_CLIENT
            return
        if not any(o.type == m.FD_IPV4_SOCK and o.sport == sport for o in table.values()):
            f.role = ROLE_SERVER
            return
        f.role = ROLE_SERVER if incoming else ROLE_CLIENT


def _enter_of(t: Thread | None, et: int) -> object | None:
    """The rendered parameters of the enter event the exit ``et`` completes, as libsinsp pairs them
    (an execveat enter completes with an execve exit), or None."""
    if t is None or t.enter_args is None or t.last_enter is None:
        return None
    lt = t.lastevent_type
    return t.enter_args if et == lt + 1 or (et == 293 and lt == 330) else None


def _args_py(e: StateEngine, et: int, params: list[bytes], resolver: _LiveResolver, enter: object | None,
             keep: bool) -> object:
    """One event's argument columns (evt.args, evt.arg, evt.arglist, evt.rawarg, evt.buffer) by the
    Python code: the reference of the compiled sink, and its fallback. An exit merges the
    parameters of its ``enter`` event; returns this event's parameters for its exit when ``keep``."""
    entered = enter.parts() if isinstance(enter, _fast.EnterParts) else enter
    known = None
    if entered is not None and len(params) > e._n2022[et]:
        known = {k: (v, r) for k, v, r in zip(*entered, strict=True)}  # type: ignore[call-overload]
    text, names, values, raws, buf = R.render_parts_py(et, params, resolver, known)
    if e.argsink is not None:
        return e.argsink.add(text, names, values, raws, buf, enter, keep)  # type: ignore[attr-defined]
    e.argcols.add(text, names, values, raws, buf, entered)  # type: ignore[arg-type]
    return names, values, raws


class _LiveResolver:
    """Answers the renderer's questions from the tables as they are now."""

    __slots__ = ("e", "t")

    def __init__(self, engine: StateEngine) -> None:
        self.e = engine
        self.t: Thread | None = None

    def fd(self, fd: int) -> tuple[str, str] | None:
        t = self.t
        if t is None:
            return None
        table = t.fdtable
        if t.flags & PPM_CL_CLONE_FILES and t.tid != t.pid:
            # the process's table, as StateEngine._fdtable reads it (not inlined with it: that one
            # makes up a missing main thread, whose table is empty, so here: no fd)
            main = self.e._main_known(t)
            if main is None:
                return None
            table = main.fdtable
        f = table.get(fd)
        if f is None:
            return None
        ft = f.type
        if ft in _SOCKET_TYPES:
            return FD_TYPECHAR.get(ft, "o") + L4CHAR.get(effective_l4(f.type, f.l4proto, f.role), ""), f.name
        return FD_TYPECHAR.get(ft, "o"), f.name

    def pid_comm(self, pid: int) -> str | None:
        t = self.e.threads.get(pid)
        return t.comm if t is not None else None

    def cwd(self) -> str | None:
        if self.t is None:
            return None
        main = self.e._main_known(self.t)
        return main.cwd if main is not None else ""

    def user_name(self, uid: int) -> str | None:
        u = self.e.users.get(uid)
        return u.name if u is not None else None

    def group_name(self, gid: int) -> str | None:
        g = self.e.groups.get(gid)
        return g.name if g is not None else None


# False: every event through the Python loop (tests compare both ways)
USE_LOOP = True
_COPY_FILE_RANGE_X = 333
_CLONE_EXITS = {15, 157, 217, 223, 183, 219, 225, 185, 221, 227, 335}
FD_NONE = -(1 << 63)  # fd.num of an event that has no fd fields
_FD_FLAGS = T.EF_CREATES_FD | T.EF_USES_FD | T.EF_DESTROYS_FD
_SOCKET_TYPES = frozenset((m.FD_IPV4_SOCK, m.FD_IPV6_SOCK, m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK))


def _clone_version(et: int) -> int:
    if et == 15:
        return 11
    if et in (157, 183, 185):
        return 16
    if et in (217, 219, 221):
        return 17
    return 20


PPM_EXE_UPPER_LAYER, PPM_EXE_FROM_MEMFD, PPM_EXE_LOWER_LAYER = 2, 4, 8


def _exe_flags(t: Thread, flags: int) -> None:
    t.exe_upper_layer = bool(flags & PPM_EXE_UPPER_LAYER)
    t.exe_from_memfd = bool(flags & PPM_EXE_FROM_MEMFD)
    t.exe_lower_layer = bool(flags & PPM_EXE_LOWER_LAYER)


def _exe_ino(t: Thread, ino: int, ctime: int, mtime: int) -> None:
    """execve exit: the executable's inode and its times, and the derived durations."""
    t.exe_ino, t.exe_ino_ctime, t.exe_ino_mtime = ino, ctime, mtime
    if t.clone_ts:
        t.exe_ino_ctime_duration_clone_ts = t.clone_ts - ctime
    if t.pidns_init_start_ts and ctime > t.pidns_init_start_ts:
        t.exe_ino_ctime_duration_pidns_start = ctime - t.pidns_init_start_ts


def _inherit_exe_state(c: Thread, parent: Thread) -> None:
    """What a new thread copies from its caller besides the fields the clone parser sets."""
    c.cap_inheritable, c.cap_permitted, c.cap_effective = (
        parent.cap_inheritable, parent.cap_permitted, parent.cap_effective)
    c.exe_upper_layer, c.exe_lower_layer, c.exe_from_memfd = (
        parent.exe_upper_layer, parent.exe_lower_layer, parent.exe_from_memfd)
    c.exe_ino, c.exe_ino_ctime, c.exe_ino_mtime = parent.exe_ino, parent.exe_ino_ctime, parent.exe_ino_mtime
    c.exe_ino_ctime_duration_clone_ts = parent.exe_ino_ctime_duration_clone_ts


def _joined_cwd(cwd: str, path: str) -> str:
    """A new working directory as libsinsp's set_cwd makes it: ``path`` joined to ``cwd``, always
    ending in '/' (also when both are empty)."""
    new = concatenate_paths(cwd, path)
    return new if new.endswith("/") else new + "/"


# exits libsinsp parses as reads or writes (besides send*/recv* with tuples)
_IO_CALLS = frozenset(("read", "recv", "recvmmsg", "readv", "pread", "preadv", "write", "send", "sendmmsg",
                       "writev", "pwrite", "pwritev"))


def _set_addresses(f: FdInfo, sip: str, sport: int, dip: str, dport: int, *, overwrite_dest: bool,
                   same_type: bool) -> bool:
    """A tuple into an IP socket as libsinsp's set_ipv4/6_addresses_and_ports: nothing when the fd
    (of the tuple's type) already holds it or its reverse; the source always; the destination only
    where none is known unless ``overwrite_dest`` (connect). True when something changed."""
    cur = (f.sip, f.sport, f.dip, f.dport)
    if same_type and (cur == (sip, sport, dip, dport) or cur == (dip, dport, sip, sport)):
        return False
    changed = False
    if f.sip != sip or f.sport != sport:
        f.sip, f.sport = sip, sport
        changed = True
    if _no_address(f.dip) or (overwrite_dest and f.dip != dip):
        f.dip = dip
        changed = True
    if f.dport == 0 or (overwrite_dest and f.dport != dport):
        f.dport = dport
        changed = True
    return changed


def _no_address(ip: str) -> bool:
    return ip in ("", "0.0.0.0", "::")


def _set_view(f: FdInfo, v4: bool) -> None:
    """An IP socket's type after a tuple or address that counts as IPv4 (``v4``) or IPv6. libsinsp
    keeps the IPv4 and IPv6 tuples in one union, each with its own protocol byte: an IPv6 socket
    seen as IPv4 (an IPv4-mapped peer) reads its protocol from byte 12 of the IPv6 source address
    (unknown on a new socket, so such a connection is named ``<unknown>``), and gets its IPv6
    protocol back when seen as IPv6 again."""
    if v4:
        if f.type == m.FD_IPV6_SOCK:
            f.l4proto6 = f.l4proto
            f.l4proto = A.ipv6_packed(f.sip)[12] if f.sip else 0
        f.type = m.FD_IPV4_SOCK
    else:
        if f.type == m.FD_IPV4_SOCK and f.l4proto6 >= 0:
            f.l4proto = f.l4proto6
            f.l4proto6 = -1
        f.type = m.FD_IPV6_SOCK


class Interfaces:
    """The capture's interface list (IL block), used as libsinsp uses it to fill in the missing
    local (or remote) address of a socket tuple (``ifinfo.cpp``: ``update_fd``)."""

    _LO4 = bytes((127, 0, 0, 1))
    _LO6 = bytes(15) + b"\x01"

    def __init__(self, interfaces: list[m.Interface]) -> None:
        self.v4 = [(bytes(i.addr[:4]), bytes(i.netmask[:4])) for i in interfaces if i.family == 4]
        self.v6 = [bytes(i.addr[:16]) for i in interfaces if i.family == 6]
        self._local: dict[tuple[str, bool], bool] = {}  # is_local answers (a capture has few addresses)

    def _infer4(self, dest: bytes) -> bytes:
        for a, _ in self.v4:
            if a == dest:
                return a
        for a, mask in self.v4:
            if all((x & k) == (y & k) for x, y, k in zip(a, dest, mask, strict=True)):
                return a
        for a, _ in self.v4:
            if a != self._LO4:
                return a
        return bytes(4)

    def _infer6(self, dest: bytes) -> bytes:
        for a in self.v6:
            if a == dest:
                return a
        for a in self.v6:
            if a[:8] == dest[:8]:  # the same /64
                return a
        for a in self.v6:
            if a != self._LO6:
                return a
        return bytes(16)

    def is_local(self, ip: str, v4: bool) -> bool:
        """libsinsp's ``is_ipv4/6addr_in_local_machine`` (host side): an IPv4 address is local when
        an interface has it, an IPv6 one when it is in the /64 of an interface address."""
        key = (ip, v4)
        hit = self._local.get(key)
        if hit is None:
            if len(self._local) >= 1 << 16:  # a scan of many hosts: memory stays bounded
                self._local.clear()
            hit = self._local[key] = self._is_local(ip, v4)
        return hit

    def _is_local(self, ip: str, v4: bool) -> bool:
        if v4:
            try:
                raw = A.ipv4_packed(ip or "0.0.0.0")
            except ValueError:
                return False
            return any(a == raw for a, _ in self.v4)
        raw = A.ipv6_packed(ip)
        return any(a[:8] == raw[:8] for a in self.v6)

    def complete(self, f: FdInfo, v4: bool) -> None:
        s_empty, d_empty = _no_address(f.sip), _no_address(f.dip)
        if not s_empty and not d_empty:
            return
        known = f.dip if s_empty else f.sip
        if v4:
            try:
                raw = A.ipv4_packed(known or "0.0.0.0")
            except ValueError:
                return
            new = A.ipv4_text(self._infer4(raw))
        else:
            new = A.ipv6_text(self._infer6(A.ipv6_packed(known)))
        if new == known and f.sport == f.dport:
            return
        if s_empty:
            f.sip = new
        else:
            f.dip = new


def make_socket(domain: int, typ: int, proto: int) -> FdInfo:
    if domain == PPM_AF_UNIX:
        return FdInfo(m.FD_UNIX_SOCK)
    if domain in (PPM_AF_INET, PPM_AF_INET6):
        f = FdInfo(m.FD_IPV4_SOCK if domain == PPM_AF_INET else m.FD_IPV6_SOCK)
        l4 = 0
        if proto == IPPROTO_TCP:
            l4 = 5 if typ == SOCK_RAW else 2
        elif proto == IPPROTO_UDP:
            l4 = 5 if typ == SOCK_RAW else 3
        elif proto == IPPROTO_IP:
            if typ & 0xFF == SOCK_STREAM:
                l4 = 2
            elif typ & 0xFF == SOCK_DGRAM:
                l4 = 3
        elif proto == IPPROTO_ICMP:
            l4 = 5 if typ == SOCK_RAW else 4
        elif proto == IPPROTO_RAW:
            l4 = 5
        f.l4proto = l4
        f.family = domain
        return f
    if domain == PPM_AF_NETLINK:
        return FdInfo(m.FD_NETLINK)
    # any other domain (AF_PACKET...): an fd of unknown type (libsinsp is built to keep them)
    return FdInfo(m.FD_UNKNOWN)


def effective_l4(ftype: int, l4proto: int, role: int) -> int:
    """fd.l4proto as libsinsp reports it (from an fd's type, protocol and role): unknown while a
    client/server role is not set."""
    if ftype in (m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK):
        return l4proto
    if ftype in (m.FD_IPV4_SOCK, m.FD_IPV6_SOCK):
        if l4proto == 5:
            return 5
        return 0 if role == ROLE_NONE else l4proto
    return 0


def sockname(f: FdInfo) -> str:
    return f"{f.sip}:{f.sport}->{f.dip}:{f.dport}"


def connection_name(f: FdInfo) -> str:
    """The name libsinsp gives a connected IP socket (``sockinfo_to_str``): with ports for TCP and
    UDP, without for ICMP (and raw IPv4), ``<unknown>`` for any other protocol."""
    if f.l4proto in (2, 3):
        return sockname(f)
    if f.l4proto == 4 or (f.l4proto == 5 and f.type == m.FD_IPV4_SOCK):
        return f"{f.sip}->{f.dip}"
    return "<unknown>"


def fdinfo_from_scap(e: m.FdEntry, servers: set[int]) -> FdInfo:
    f = FdInfo(e.type, e.name)
    f.ino = e.ino
    if e.type == m.FD_FILE_V2:
        f.openflags = e.open_flags
        f.dev = e.dev or 0
    elif e.type in (m.FD_IPV4_SOCK, m.FD_IPV6_SOCK):
        f.l4proto = e.l4proto
        if e.type == m.FD_IPV4_SOCK or (A.is_ipv4_mapped(e.sip) and A.is_ipv4_mapped(e.dip)):
            # an IPv6 tuple of two IPv4-mapped addresses is read as the IPv4 tuple it carries
            f.type = m.FD_IPV4_SOCK
            sip, dip = A.ipv4_text(bytes(e.sip)[-4:]), A.ipv4_text(bytes(e.dip)[-4:])
            if e.sport in servers:
                # local port is a listening port: this is the server side of the connection
                f.sip, f.sport, f.dip, f.dport = dip, e.dport, sip, e.sport
                f.role = ROLE_SERVER
            else:
                f.sip, f.sport, f.dip, f.dport = sip, e.sport, dip, e.dport
                f.role = ROLE_CLIENT
        else:
            # libsinsp gives a role only to the IPv4 sockets of the fd list: no fd.sip/fd.cip
            f.sip, f.sport, f.dip, f.dport = A.ip_text(e.sip), e.sport, A.ip_text(e.dip), e.dport
        if e.l4proto == 2:
            f.connected = True
        f.name = sockname(f)
    elif e.type in (m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK):
        f.l4proto = e.l4proto
        f.dip = A.ip_text(e.sip)
        f.dport = e.sport
        # no role: libsinsp gives one only to listeners it sees bound (fd.sip stays NULL)
        f.name = f"{f.dip}:{f.dport}" if e.type == m.FD_IPV4_SERVSOCK else f"{f.dip}:{f.dport}"
    elif e.type == m.FD_UNIX_SOCK:
        f.role = ROLE_CLIENT if not e.name else ROLE_SERVER
    return f


# the compiled loop reads these classes' slots directly (analyzer/scap/_fast_loop.c)
_fast.loop_init(Thread, FdInfo, _LiveResolver,
                tuple(FD_TYPECHAR.get(k, "o") for k in range(max(FD_TYPECHAR) + 1)), PPM_CL_CLONE_FILES)
