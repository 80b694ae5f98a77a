"""Snapshot of the live system from /proc: what a capture writes before its first event.

:func:`take_snapshot` collects the machine info, the network interfaces, the users and
groups, one :class:`~analyzer.scap.model.ProcEntry` per live thread and the fd list of every
process, in the shape libscap gives them (see the format reference, sections 1.5-1.9 and 4.1),
so that sysdig, Falco and scapkit resolve processes that were running before the capture
started.

Processes come and go while /proc is read: a process that vanishes (or whose files can no
longer be read) half-way is dropped silently, and a vanished fd is skipped; the snapshot never
fails because of such races.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import os
import re
import resource
import socket
import stat
import struct
import time
from collections import deque
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from analyzer.scap import model as m
from analyzer.scap.writer import CaptureWriter

__all__ = [
    "Snapshot",
    "descendants",
    "read_groups",
    "read_interfaces",
    "read_machine_info",
    "read_users",
    "take_snapshot",
]

PROC = "/proc"
CL_THREAD_FLAGS = m.CL_CLONE_THREAD | m.CL_CLONE_FILES  # what libscap sets on non-main threads
LOGINUID_UNSET = 0xFFFFFFFF

# PPM_O_* open flags (driver/ppm_events_public.h)
PPM_O_RDONLY = 1 << 0
PPM_O_WRONLY = 1 << 1
PPM_O_RDWR = PPM_O_RDONLY | PPM_O_WRONLY
PPM_O_CREAT = 1 << 2
PPM_O_APPEND = 1 << 3
PPM_O_DSYNC = 1 << 4
PPM_O_EXCL = 1 << 5
PPM_O_NONBLOCK = 1 << 6
PPM_O_SYNC = 1 << 7
PPM_O_TRUNC = 1 << 8
PPM_O_DIRECT = 1 << 9
PPM_O_DIRECTORY = 1 << 10
PPM_O_LARGEFILE = 1 << 11
PPM_O_CLOEXEC = 1 << 12
PPM_O_TMPFILE = 1 << 13

# scap l4 protocols
L4_TCP = 2
L4_UDP = 3
L4_RAW = 5

# anon inode names (the part after "anon_inode:") -> scap fd type
_ANON_TYPES = {
    "[eventfd]": m.FD_EVENT,
    "[eventpoll]": m.FD_EVENTPOLL,
    "inotify": m.FD_INOTIFY,
    "[signalfd]": m.FD_SIGNALFD,
    "[timerfd]": m.FD_TIMERFD,
    "[io_uring]": m.FD_IOURING,
    "[userfaultfd]": m.FD_USERFAULTFD,
    "[pidfd]": m.FD_PIDFD,
    "bpf-map": m.FD_BPF,
    "bpf-prog": m.FD_BPF,
    "bpf-link": m.FD_BPF,
    "bpf_iter": m.FD_BPF,
}

_SOCKET_RE = re.compile(r"socket:\[(\d+)\]")
_PIPE_RE = re.compile(r"pipe:\[(\d+)\]")


# --------------------------------------------------------------------------- snapshot record
@dataclass(slots=True)
class Snapshot:
    """Everything that precedes the events of a capture."""

    machine: m.MachineInfo
    interfaces: list[m.Interface] = field(default_factory=list)
    users: list[m.User] = field(default_factory=list)
    groups: list[m.Group] = field(default_factory=list)
    procs: list[m.ProcEntry] = field(default_factory=list)
    fdlists: dict[int, list[m.FdEntry]] = field(default_factory=dict)

    def write_header(self, w: CaptureWriter) -> None:
        """Write SHB, MI, IL, UL, PL and the FDLs of this snapshot with ``w``."""
        w.write_header(self.machine, self.interfaces, self.users, self.groups, self.procs, self.fdlists)


# --------------------------------------------------------------------------- small readers
def _read(path: str, limit: int = 1 << 26) -> bytes:
    """Up to ``limit`` bytes; loops because /proc seq files hand out about a page per read."""
    chunks: list[bytes] = []
    got = 0
    with open(path, "rb", buffering=0) as f:
        while got < limit:
            b = f.read(min(limit - got, 1 << 16))
            if not b:
                break
            chunks.append(b)
            got += len(b)
    return b"".join(chunks)


def _text(path: str) -> str:
    return _read(path).decode("utf-8", "surrogateescape")


def _split0(b: bytes) -> list[str]:
    """NUL-separated /proc list (cmdline, environ) into strings; a missing final NUL is tolerated."""
    if not b:
        return []
    if b.endswith(b"\0"):
        b = b[:-1]
    return [s.decode("utf-8", "surrogateescape") for s in b.split(b"\0")]


def _readlink(path: str) -> str:
    return os.readlink(path)


def _opt_read(path: str, limit: int) -> bytes:
    """An optional /proc file: unreadable (permission, gone) reads as empty."""
    try:
        return _read(path, limit)
    except OSError:
        return b""


def _opt_link(path: str, default: str = "") -> str:
    try:
        return os.readlink(path)
    except OSError:
        return default


def _is_pid(name: str) -> bool:
    return name.isdigit()


def _pids(proc: str = PROC) -> list[int]:
    return sorted(int(n) for n in os.listdir(proc) if _is_pid(n))


# --------------------------------------------------------------------------- machine, network, users
def read_machine_info(proc: str = PROC) -> m.MachineInfo:
    """Host name, online CPUs, physical memory, pid_max and boot time (``btime`` of /proc/stat)."""
    boot_ts = 0
    try:
        for line in _text(f"{proc}/stat").splitlines():
            if line.startswith("btime "):
                boot_ts = int(line.split()[1]) * 1_000_000_000
                break
    except OSError:
        pass
    if not boot_ts:  # fall back to the difference of the realtime and boot clocks
        boot_ts = time.clock_gettime_ns(time.CLOCK_REALTIME) - time.clock_gettime_ns(time.CLOCK_BOOTTIME)
    try:
        max_pid = int(_text(f"{proc}/sys/kernel/pid_max").strip())
    except (OSError, ValueError):
        max_pid = 0
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        memory = 0
    try:
        ncpu = os.sysconf("SC_NPROCESSORS_ONLN")
    except (OSError, ValueError):
        ncpu = os.cpu_count() or 0
    return m.MachineInfo(
        num_cpus=ncpu, memory_bytes=memory, max_pid=max_pid, hostname=socket.gethostname(), boot_ts=boot_ts
    )


class _Sockaddr(ctypes.Structure):
    _fields_ = [("family", ctypes.c_ushort), ("data", ctypes.c_ubyte * 26)]


class _Ifaddrs(ctypes.Structure):
    pass


_Ifaddrs._fields_ = [
    ("next", ctypes.POINTER(_Ifaddrs)),
    ("name", ctypes.c_char_p),
    ("flags", ctypes.c_uint),
    ("addr", ctypes.POINTER(_Sockaddr)),
    ("netmask", ctypes.POINTER(_Sockaddr)),
    ("ifu", ctypes.POINTER(_Sockaddr)),
    ("data", ctypes.c_void_p),
]


def _sa_bytes(p: ctypes._Pointer[_Sockaddr], family: int) -> bytes:  # type: ignore[name-defined]
    """The address bytes of a sockaddr_in (offset 4, 4 bytes) or sockaddr_in6 (offset 8, 16 bytes)."""
    if not p:
        return bytes(4 if family == socket.AF_INET else 16)
    raw = bytes(p.contents.data)  # starts after the 2-byte family
    if family == socket.AF_INET:
        return raw[2:6]
    return raw[6:22]


def read_interfaces() -> list[m.Interface]:
    """Every IPv4 and IPv6 address of every interface (getifaddrs(3), as libscap does)."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    head = ctypes.POINTER(_Ifaddrs)()
    if libc.getifaddrs(ctypes.byref(head)) != 0:
        raise OSError(ctypes.get_errno(), "getifaddrs failed")
    out: list[m.Interface] = []
    try:
        p = head
        while p:
            ifa = p.contents
            if ifa.addr:
                fam = ifa.addr.contents.family
                if fam in (socket.AF_INET, socket.AF_INET6):
                    name = (ifa.name or b"").decode("utf-8", "surrogateescape")
                    out.append(
                        m.Interface(
                            family=4 if fam == socket.AF_INET else 6,
                            name=name,
                            addr=_sa_bytes(ifa.addr, fam),
                            netmask=_sa_bytes(ifa.netmask, fam),
                            bcast=_sa_bytes(ifa.ifu, fam),
                        )
                    )
            p = ifa.next
    finally:
        libc.freeifaddrs(head)
    # IPv4 first, then IPv6, each in getifaddrs order (libscap keeps two lists)
    return [i for i in out if i.family == 4] + [i for i in out if i.family == 6]


def read_users(path: str = "/etc/passwd") -> list[m.User]:
    """Users from a passwd(5) file (name:pw:uid:gid:gecos:home:shell); malformed lines are skipped."""
    out: list[m.User] = []
    try:
        text = _text(path)
    except OSError:
        return out
    for line in text.splitlines():
        parts = line.split(":")
        if len(parts) < 7 or line.startswith(("#", "+", "-")):
            continue
        try:
            out.append(m.User(int(parts[2]), int(parts[3]), parts[0], parts[5], parts[6]))
        except ValueError:
            continue
    return out


def read_groups(path: str = "/etc/group") -> list[m.Group]:
    """Groups from a group(5) file (name:pw:gid:members)."""
    out: list[m.Group] = []
    try:
        text = _text(path)
    except OSError:
        return out
    for line in text.splitlines():
        parts = line.split(":")
        if len(parts) < 3 or line.startswith(("#", "+", "-")):
            continue
        try:
            out.append(m.Group(int(parts[2]), parts[0]))
        except ValueError:
            continue
    return out


# --------------------------------------------------------------------------- processes
def _cgroup_v2_controllers() -> list[str]:
    try:
        names = _text("/sys/fs/cgroup/cgroup.controllers").split()
    except OSError:
        names = []
    return names or ["cpu", "memory", "cpuset"]


def parse_cgroups(text: str, v2_controllers: list[str]) -> list[str]:
    """``/proc/PID/cgroup`` into ``controller=path`` entries.

    Each v1 line gives one entry per controller (``name=systemd`` included). The unified line
    ``0::path`` is used only when there is no v1 hierarchy (pure cgroup v2); it then gives one
    entry per enabled controller, all with the same path.
    """
    v1: list[str] = []
    unified: str | None = None
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        hid, subsys, path = parts
        if subsys:
            v1.extend(f"{c}={path}" for c in subsys.split(","))
        elif hid == "0":
            unified = path
    if v1:
        return v1
    if unified is not None:
        return [f"{c}={unified}" for c in v2_controllers]
    return []


def _status(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        k, sep, v = line.partition(":")
        if sep:
            out[k] = v.strip()
    return out


def _ids(v: str | None) -> list[int]:
    return [int(x) for x in v.split()] if v else []


def _exe_writable(exe_dir: str, exepath: str, uid: int, gid: int) -> bool:
    """Could ``uid``/``gid`` write the executable? (owner, group and other write bits; root always
    can, unless the file system is read-only)."""
    if not exepath:
        return False
    try:
        st = os.stat(exe_dir)
    except OSError:
        return False
    if st.st_uid == uid:
        return True
    if uid == 0:
        try:
            return not os.statvfs(exe_dir).f_flag & os.ST_RDONLY
        except OSError:
            return True
    if st.st_gid == gid and st.st_mode & stat.S_IWGRP:
        return True
    return bool(st.st_mode & stat.S_IWOTH)


def _fdlimit(tid: int) -> int:
    try:
        return resource.prlimit(tid, resource.RLIMIT_NOFILE)[0]
    except (OSError, ValueError):
        return -1


class _ProcessReader:
    """Reads the threads of one process; raises OSError when the process goes away."""

    def __init__(self, proc: str, v2_controllers: list[str]) -> None:
        self.proc = proc
        self.v2_controllers = v2_controllers

    def threads(self, pid: int) -> list[m.ProcEntry]:
        pdir = f"{self.proc}/{pid}"
        if not os.path.isdir(f"{pdir}/task"):
            return []
        cmdline = _opt_read(f"{pdir}/cmdline", 4096)
        exepath = _opt_link(f"{pdir}/exe")
        if not cmdline and not exepath:
            return []  # kernel thread or zombie: libscap skips these too
        argv = _split0(cmdline)
        exe = argv[0] if argv else ""
        args = argv[1:]
        env = _split0(_opt_read(f"{pdir}/environ", 4096))
        # exe inode/times/writability: from the executable as the process sees it
        exe_ino = exe_ctime = exe_mtime = 0
        if exepath:
            try:
                st = os.stat(f"{pdir}/exe")
                exe_ino, exe_ctime, exe_mtime = st.st_ino, st.st_ctime_ns, st.st_mtime_ns
            except OSError:
                pass
        try:
            pidns_ts = os.stat(f"{pdir}/root/proc/1/cmdline").st_ctime_ns
        except OSError:
            pidns_ts = 0
        out: list[m.ProcEntry] = []
        tids = sorted(int(t) for t in os.listdir(f"{pdir}/task") if _is_pid(t))
        if pid in tids:  # main thread first
            tids.remove(pid)
            tids.insert(0, pid)
        for tid in tids:
            try:
                out.append(self._thread(pid, tid, exe, args, env, exepath, exe_ino, exe_ctime, exe_mtime, pidns_ts))
            except OSError:
                if tid == pid:
                    raise
                continue  # a thread that exited: drop it
        return out

    def _thread(
        self,
        pid: int,
        tid: int,
        exe: str,
        args: list[str],
        env: list[str],
        exepath: str,
        exe_ino: int,
        exe_ctime: int,
        exe_mtime: int,
        pidns_ts: int,
    ) -> m.ProcEntry:
        tdir = f"{self.proc}/{pid}/task/{tid}"
        comm = _text(f"{tdir}/comm").rstrip("\n")
        st = _status(_text(f"{tdir}/status"))
        stat_text = _text(f"{tdir}/stat")
        # fields after the ")" closing comm: state ppid pgrp session tty_nr tpgid flags minflt
        # cminflt majflt ...
        rest = stat_text[stat_text.rfind(")") + 2 :].split()
        pgid, sid, tty = int(rest[2]), int(rest[3]), int(rest[4])
        pfminor, pfmajor = int(rest[7]), int(rest[9])
        uids = _ids(st.get("Uid"))
        gids = _ids(st.get("Gid"))
        euid = uids[1] if len(uids) > 1 else 0xFFFFFFFF
        egid = gids[1] if len(gids) > 1 else 0xFFFFFFFF
        nspid = _ids(st.get("NSpid"))
        nstgid = _ids(st.get("NStgid"))
        nspgid = _ids(st.get("NSpgid"))
        tgid = int(st.get("Tgid", pid))
        vpgid = nspgid[-1] if len(nspgid) > 1 else pgid

        def kb(key: str) -> int:
            v = st.get(key, "0 kB").split()
            return int(v[0]) if v else 0

        def cap(key: str) -> int:
            v = st.get(key)
            return int(v, 16) if v else 0

        try:
            loginuid: int | None = int(_opt_read(f"{tdir}/loginuid", 64).strip())
        except ValueError:
            loginuid = None
        cwd = _opt_link(f"{tdir}/cwd")
        root = _opt_link(f"{tdir}/root", "/")
        cgroups = parse_cgroups(
            _opt_read(f"{tdir}/cgroup", 1 << 16).decode("utf-8", "surrogateescape"), self.v2_controllers
        )
        return m.ProcEntry(
            tid=tid,
            pid=tgid,
            ptid=int(st.get("PPid", "0")),
            comm=comm,
            exe=exe,
            exepath=exepath,
            args=args,
            cwd=cwd,
            fdlimit=_fdlimit(tid),
            flags=0 if tid == tgid else CL_THREAD_FLAGS,
            uid=euid,
            gid=egid,
            sid=sid,
            vpgid=vpgid,
            vmsize_kb=kb("VmSize"),
            vmrss_kb=kb("VmRSS"),
            vmswap_kb=kb("VmSwap"),
            pfmajor=pfmajor,
            pfminor=pfminor,
            env=env,
            vtid=nspid[-1] if nspid else tid,
            vpid=nstgid[-1] if nstgid else tgid,
            cgroups=cgroups,
            root=root,
            loginuid=loginuid,  # 0xFFFFFFFF = unset, as the kernel and the PL store it
            exe_writable=_exe_writable(f"{self.proc}/{pid}/exe", exepath, euid, egid),
            cap_inheritable=cap("CapInh"),
            cap_permitted=cap("CapPrm"),
            cap_effective=cap("CapEff"),
            tty=tty,
            pidns_init_start_ts=pidns_ts,
            exe_ino=exe_ino,
            exe_ino_ctime=exe_ctime,
            exe_ino_mtime=exe_mtime,
            pgid=nspgid[0] if nspgid else pgid,
        )


# --------------------------------------------------------------------------- sockets
def _ipv4(hexaddr: str) -> tuple[bytes, int]:
    a, p = hexaddr.split(":")
    return struct.pack("<I", int(a, 16)), int(p, 16)


def _ipv6(hexaddr: str) -> tuple[bytes, int]:
    a, p = hexaddr.split(":")
    raw = b"".join(struct.pack("<I", int(a[i : i + 8], 16)) for i in range(0, 32, 8))
    return raw, int(p, 16)


def parse_inet_table(text: str, six: bool, l4proto: int) -> dict[int, m.FdEntry]:
    """/proc/net/{tcp,udp,raw}[6] into socket inode -> FDL entry (fd is filled in later).

    The local address is the source (sip/sport); an all-zero remote address makes a server socket.
    """
    out: dict[int, m.FdEntry] = {}
    conv = _ipv6 if six else _ipv4
    for line in text.splitlines()[1:]:
        f = line.split()
        if len(f) < 10:
            continue
        try:
            sip, sport = conv(f[1])
            dip, dport = conv(f[2])
            ino = int(f[9])
        except ValueError:
            continue
        if any(dip):
            t = m.FD_IPV6_SOCK if six else m.FD_IPV4_SOCK
            out[ino] = m.FdEntry(fd=-1, ino=ino, type=t, sip=sip, dip=dip, sport=sport, dport=dport, l4proto=l4proto)
        else:
            t = m.FD_IPV6_SERVSOCK if six else m.FD_IPV4_SERVSOCK
            out[ino] = m.FdEntry(fd=-1, ino=ino, type=t, sip=sip, sport=sport, l4proto=l4proto)
    return out


def parse_unix_table(text: str) -> dict[int, m.FdEntry]:
    """/proc/net/unix (Num RefCount Protocol Flags Type St Inode [Path]) into inode -> entry."""
    out: dict[int, m.FdEntry] = {}
    for line in text.splitlines()[1:]:
        f = line.split(None, 7)
        if len(f) < 7:
            continue
        try:
            source = int(f[0].rstrip(":"), 16)
            ino = int(f[6])
        except ValueError:
            continue
        path = f[7] if len(f) > 7 else ""
        out[ino] = m.FdEntry(fd=-1, ino=ino, type=m.FD_UNIX_SOCK, name=path, source=source, dest=0)
    return out


def parse_netlink_table(text: str) -> dict[int, m.FdEntry]:
    """/proc/net/netlink (sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode)."""
    out: dict[int, m.FdEntry] = {}
    for line in text.splitlines()[1:]:
        f = line.split()
        if len(f) < 10:
            continue
        try:
            ino = int(f[9])
        except ValueError:
            continue
        out[ino] = m.FdEntry(fd=-1, ino=ino, type=m.FD_NETLINK)
    return out


def read_sockets(netdir: str) -> dict[int, m.FdEntry]:
    """Every socket of one network namespace (``/proc/PID/net``), by inode."""
    out: dict[int, m.FdEntry] = {}
    tables = (
        ("tcp", False, L4_TCP),
        ("udp", False, L4_UDP),
        ("raw", False, L4_RAW),
        ("tcp6", True, L4_TCP),
        ("udp6", True, L4_UDP),
        ("raw6", True, L4_RAW),
    )
    for name, six, l4 in tables:
        try:
            out.update(parse_inet_table(_text(f"{netdir}/{name}"), six, l4))
        except OSError:
            continue
    for name, parse in (("unix", parse_unix_table), ("netlink", parse_netlink_table)):
        try:
            out.update(parse(_text(f"{netdir}/{name}")))
        except OSError:
            continue
    return out


# --------------------------------------------------------------------------- fds
def open_flags_to_ppm(flags: int) -> int:
    """Linux open(2) flags (as in /proc/PID/fdinfo, octal ``flags:``) to PPM_O_* bits."""
    acc = flags & os.O_ACCMODE
    res = PPM_O_WRONLY if acc == os.O_WRONLY else PPM_O_RDWR if acc == os.O_RDWR else PPM_O_RDONLY
    pairs = (
        (os.O_CREAT, PPM_O_CREAT),
        (os.O_APPEND, PPM_O_APPEND),
        (os.O_DSYNC, PPM_O_DSYNC),
        (os.O_EXCL, PPM_O_EXCL),
        (os.O_NONBLOCK, PPM_O_NONBLOCK),
        (os.O_SYNC, PPM_O_SYNC),
        (os.O_TRUNC, PPM_O_TRUNC),
        (os.O_DIRECT, PPM_O_DIRECT),
        (os.O_DIRECTORY, PPM_O_DIRECTORY),
        (os.O_CLOEXEC, PPM_O_CLOEXEC),
        (os.O_TMPFILE, PPM_O_TMPFILE),
    )
    for lin, ppm in pairs:
        if lin and flags & lin == lin:
            res |= ppm
    if res & PPM_O_TMPFILE:
        res &= ~PPM_O_DIRECTORY  # O_TMPFILE carries the O_DIRECTORY bit
    return res


def _fdinfo_flags(path: str) -> int | None:
    try:
        text = _text(path)
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("flags:"):
            try:
                return int(line.split()[1], 8)
            except (IndexError, ValueError):
                return None
    return None


class _FdReader:
    """Reads fd lists; socket tables are read once per network namespace."""

    def __init__(self, proc: str) -> None:
        self.proc = proc
        self._sockets: dict[int, dict[int, m.FdEntry]] = {}

    def _socket_table(self, pid: int) -> dict[int, m.FdEntry]:
        try:
            ns = os.stat(f"{self.proc}/{pid}/ns/net").st_ino
        except OSError:
            ns = 0
        tab = self._sockets.get(ns)
        if tab is None:
            netdir = f"{self.proc}/{pid}/net" if ns else f"{self.proc}/net"
            tab = self._sockets[ns] = read_sockets(netdir)
        return tab

    def fds(self, pid: int) -> list[m.FdEntry]:
        fddir = f"{self.proc}/{pid}/fd"
        names = sorted(int(n) for n in os.listdir(fddir) if _is_pid(n))
        out: list[m.FdEntry] = []
        for fd in names:
            try:
                e = self._fd(pid, fd)
            except OSError:
                continue  # closed while we looked
            if e is not None:
                out.append(e)
        return out

    def _fd(self, pid: int, fd: int) -> m.FdEntry | None:
        path = f"{self.proc}/{pid}/fd/{fd}"
        link = _readlink(path)
        st = os.stat(path)
        fmt = stat.S_IFMT(st.st_mode)
        if link.startswith("anon_inode:"):
            t = _ANON_TYPES.get(link[len("anon_inode:") :], m.FD_UNSUPPORTED)
            return m.FdEntry(fd=fd, ino=st.st_ino, type=t, name="")
        if link.startswith("pidfd:"):  # pidfs (newer kernels)
            return m.FdEntry(fd=fd, ino=st.st_ino, type=m.FD_PIDFD, name="")
        if fmt == stat.S_IFSOCK:
            mt = _SOCKET_RE.fullmatch(link)
            ino = int(mt.group(1)) if mt else st.st_ino
            known = self._socket_table(pid).get(ino)
            if known is None:  # a socket family the tables do not list (packet, vsock, ...)
                return m.FdEntry(fd=fd, ino=ino, type=m.FD_UNSUPPORTED, name=link)
            return dataclasses.replace(known, fd=fd, ino=ino)  # the socket table's entry, for this fd
        if fmt == stat.S_IFIFO:
            mt = _PIPE_RE.fullmatch(link)
            return m.FdEntry(fd=fd, ino=int(mt.group(1)) if mt else st.st_ino, type=m.FD_FIFO, name=link)
        if fmt == stat.S_IFDIR:
            return m.FdEntry(fd=fd, ino=st.st_ino, type=m.FD_DIRECTORY, name=link)
        if fmt in (stat.S_IFREG, stat.S_IFBLK, stat.S_IFCHR, stat.S_IFLNK):
            if link.startswith("/memfd:"):
                return m.FdEntry(fd=fd, ino=st.st_ino, type=m.FD_MEMFD, name=link)
            flags = _fdinfo_flags(f"{self.proc}/{pid}/fdinfo/{fd}")
            return m.FdEntry(
                fd=fd,
                ino=st.st_ino,
                type=m.FD_FILE_V2,
                name=link,
                open_flags=0 if flags is None else open_flags_to_ppm(flags),
                dev=st.st_dev & 0xFFFFFFFF,
            )
        return m.FdEntry(fd=fd, ino=st.st_ino, type=m.FD_UNSUPPORTED, name="")


# --------------------------------------------------------------------------- public entry points
def _parents(proc: str = PROC) -> dict[int, int]:
    """pid -> ppid of every live process."""
    out: dict[int, int] = {}
    for pid in _pids(proc):
        try:
            text = _text(f"{proc}/{pid}/stat")
        except OSError:
            continue
        rest = text[text.rfind(")") + 2 :].split()
        if len(rest) > 1:
            out[pid] = int(rest[1])
    return out


def descendants(root_pid: int, proc: str = PROC) -> set[int]:
    """``root_pid`` and every live process below it (children, grandchildren, ...), from /proc.

    Empty when ``root_pid`` is not alive.
    """
    parents = _parents(proc)
    if root_pid not in parents:
        return set()
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    out = {root_pid}
    todo = deque([root_pid])
    while todo:
        for c in children.get(todo.popleft(), ()):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def _iter_procs(pids: Collection[int] | None, proc: str) -> Iterator[int]:
    if pids is None:
        yield from _pids(proc)
    else:
        yield from sorted(set(pids))


def take_snapshot(pids: Collection[int] | None = None, *, proc: str = PROC) -> Snapshot:
    """Read the live system. ``pids=None``: every live thread of the machine; otherwise only the
    threads of those processes (and their fd lists). Processes that exit meanwhile are left out."""
    machine = read_machine_info(proc)
    try:
        interfaces = read_interfaces()
    except OSError:
        interfaces = []
    preader = _ProcessReader(proc, _cgroup_v2_controllers())
    freader = _FdReader(proc)
    procs: list[m.ProcEntry] = []
    fdlists: dict[int, list[m.FdEntry]] = {}
    for pid in _iter_procs(pids, proc):
        try:
            threads = preader.threads(pid)
            if not threads or threads[0].pid != pid:
                continue  # kernel thread, zombie, or a thread id rather than a process id
        except (OSError, ValueError, IndexError):
            continue  # exited (or became unreadable) while we read it
        try:
            fds = freader.fds(pid)
        except OSError:
            fds = []  # fd directory unreadable or gone: keep the process without fds
        procs.extend(threads)
        if fds:
            fdlists[pid] = fds
    return Snapshot(
        machine=machine,
        interfaces=interfaces,
        users=read_users(),
        groups=read_groups(),
        procs=procs,
        fdlists=fdlists,
    )
