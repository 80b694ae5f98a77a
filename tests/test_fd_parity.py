"""File descriptors and paths, against sysdig 0.29.3: writer-made captures that open files every way
(open, creat, openat, the old two-event openat, openat2; absolute and relative paths with '.', '..',
'//', a final '/', an empty path; dirfd AT_FDCWD, a directory, a file, a pipe, an unknown fd;
failures; O_DIRECTORY / O_TMPFILE / O_CREAT and exec bits), copy and close fds (dup onto a free,
an open, the same and an unknown fd, fcntl F_DUPFD[_CLOEXEC], failed and repeated closes, a close
whose exit is lost), create every other kind of fd the 2022 event table knows (pipe, socketpair,
eventfd, signalfd, timerfd, inotify, bpf, generic epoll_create1), inherit them (threads with and
without CLONE_FILES, fork, vfork, a CLONE_FILES process, a child seen before its parent, execve)
and use every kind of fd of the capture's fd list with read/write/lseek/fstat/mmap/pread, also
from threads that are not in the process list.

Every event's fields must equal sysdig's, except the documented cases where current libsinsp
(Falco) and sysdig 0.29.3 disagree and we follow current libsinsp: those are written to a second
capture, one case per path, and both sides' values are checked against the table below.

``fd.nameraw`` is not compared: sysdig 0.29.3 has no such field (it prints ``%fd.nameraw`` as
``%fd.name`` followed by the text ``raw``)."""

from __future__ import annotations

import struct
from pathlib import Path

import pyarrow.compute as pc
import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w
from analyzer.tables.build import build_tables

from .capture_setup import LOOPBACK, ROOT_GROUP, ROOT_USER, Header, Scene, Timeline, capture, write_capture
from .sysdig_oracle import Row, known_difference, mismatches, paired_rows

FIELDS = ("evt.num evt.type evt.dir thread.tid proc.name proc.cwd fd.num fd.name fd.type fd.typechar "
          "fd.directory fd.filename evt.is_open_read evt.is_open_write evt.is_open_exec evt.res evt.rawres "
          "evt.args").split()
R, W, RW = w.O_RDONLY, w.O_WRONLY, w.O_RDWR
CREAT, DIRECTORY, TMPFILE, CLOEXEC = w.O_CREAT, w.O_DIRECTORY, w.O_TMPFILE, w.O_CLOEXEC
CWD = w.AT_FDCWD
APP = 100
Events = list[w.Ev]


# ----------------------------------------------------------------------------------- event helpers
def _pair(enter: int, ev: list[object], xv: list[object]) -> Events:
    return w.syscall_events(enter, ev, xv)


def op(fd: int, name: str, fl: int = R, mode: int = 0o644, enter_name: str | None = None) -> Events:
    return _pair(2, [name if enter_name is None else enter_name, fl, mode], [fd, name, fl, mode, 0, 0])


def creat(fd: int, name: str, mode: int = 0o644) -> Events:
    return _pair(58, [name, mode], [fd, name, mode, 0, 0, 0])


def openat(fd: int, dirfd: int, name: str, fl: int = R, mode: int = 0) -> Events:
    return _pair(306, [dirfd, name, fl, mode], [fd, dirfd, name, fl, mode, 0, 0])


def openat2(fd: int, dirfd: int, name: str, fl: int = R, mode: int = 0) -> Events:
    return _pair(326, [dirfd, name, fl, mode, 0], [fd, dirfd, name, fl, mode, 0, 0, 0])


def openat_old(fd: int, dirfd: int, name: str, fl: int = R, mode: int = 0) -> Events:
    """The pre-2019 openat: everything on the enter, the fd alone on the exit."""
    return _pair(102, [dirfd, name, fl, mode], [fd])


def rd(fd: int, res: int | None = None) -> Events:
    return w.read_events(fd, b"x", res=res)


def use(fd: int) -> Events:
    """read, write, lseek, fstat, mmap and pread on ``fd``."""
    return (rd(fd) + w.write_io_events(fd, b"y") + _pair(86, [fd, 0, 0], [0, fd, 0, 0]) + w.fstat_events(fd)
            + w.mmap_events(0x1000, 4096, fd=fd, flags=w.MAP_PRIVATE) + _pair(112, [fd, 1, 0], [1, b"x", fd, 1, 0]))


def close(fd: int, res: int = 0) -> Events:
    return w.close_events(fd, res)


def dup(old: int, new: int) -> Events:
    return _pair(124, [old], [new])


def fcntl(fd: int, cmd: int, res: int) -> Events:
    return _pair(150, [fd, cmd], [res, fd, cmd, 0])


# ----------------------------------------------------------------------------------- the capture
def _proc(tid: int, pid: int, comm: str, cwd: str, **kw: object) -> m.ProcEntry:
    return m.ProcEntry(tid=tid, pid=pid, ptid=1, comm=comm, exe=comm, exepath=f"/usr/bin/{comm}", cwd=cwd,
                       args=["-x"], vtid=tid, vpid=pid, **kw)  # type: ignore[arg-type]


PROCS = [
    m.ProcEntry(tid=1, pid=1, ptid=0, comm="init", exe="/sbin/init", exepath="/sbin/init", cwd="/"),
    _proc(APP, APP, "app", "/home/app/"),
    _proc(101, APP, "app", "/home/app/", flags=w.CL_CLONE_FILES | w.CL_CLONE_THREAD),  # shares the table
    _proc(102, APP, "app", "/home/app/", flags=w.CL_CLONE_THREAD),  # a table of its own
    _proc(110, 110, "oddcwd", "/srv//data/./x/../"),  # libsinsp normalises a listed cwd
    _proc(111, 111, "nocwd", ""),
]
F = m.FdEntry
FD_LIST = {
    APP: [
        F(fd=0, ino=1, type=m.FD_FILE_V2, name="/dev/pts/0", open_flags=RW),
        F(fd=1, ino=2, type=m.FD_FIFO, name="pipe:[77]"),
        F(fd=2, ino=3, type=m.FD_UNIX_SOCK, name="/run/s.sock", source=1, dest=2),
        F(fd=3, ino=4, type=m.FD_NETLINK, name=""),
        F(fd=4, ino=5, type=m.FD_EVENT, name="anon_inode:[eventfd]"),
        F(fd=5, ino=6, type=m.FD_SIGNALFD, name="anon_inode:[signalfd]"),
        F(fd=6, ino=7, type=m.FD_EVENTPOLL, name="anon_inode:[eventpoll]"),
        F(fd=7, ino=8, type=m.FD_INOTIFY, name="anon_inode:inotify"),
        F(fd=8, ino=9, type=m.FD_TIMERFD, name="anon_inode:[timerfd]"),
        # memfd, bpf, userfaultfd, io_uring and pidfd entries: sysdig 0.29.3 refuses fd types above
        # 16, so the writer lists them as "unsupported" (fd.type <NA>, typechar X in both readers)
        F(fd=9, ino=10, type=m.FD_MEMFD, name="memfd:x"),
        F(fd=10, ino=11, type=m.FD_BPF, name="anon_inode:bpf-map"),
        F(fd=11, ino=12, type=m.FD_USERFAULTFD, name="anon_inode:[userfaultfd]"),
        F(fd=12, ino=13, type=m.FD_IOURING, name="anon_inode:[io_uring]"),
        F(fd=13, ino=14, type=m.FD_PIDFD, name="anon_inode:[pidfd]"),
        F(fd=14, ino=15, type=m.FD_DIRECTORY, name="/etc"),
        F(fd=15, ino=16, type=m.FD_FILE, name="/old/f"),
        F(fd=16, ino=17, type=m.FD_UNSUPPORTED, name="anon_inode:[perf_event]"),
        F(fd=17, ino=18, type=m.FD_FILE_V2, name="/var/log/x.log", open_flags=W | CLOEXEC),
        F(fd=18, ino=19, type=m.FD_DIRECTORY, name="rel/dir"),  # a relative name: taken as it is
        F(fd=19, ino=20, type=m.FD_IPV4_SOCK, sip=bytes([10, 0, 0, 1]), dip=bytes([10, 0, 0, 2]), sport=4000,
          dport=80, l4proto=w.L4_TCP),
        F(fd=20, ino=21, type=m.FD_IPV6_SERVSOCK, sip=bytes(16), sport=443, l4proto=w.L4_TCP),
    ],
    102: [F(fd=30, ino=30, type=m.FD_FILE_V2, name="/own/102", open_flags=R)],
}
LISTED = [fd.fd for fd in FD_LIST[APP]]
HEADER = Header("fd", PROCS, FD_LIST, interfaces=[LOOPBACK], users=[ROOT_USER], groups=[ROOT_GROUP])


def _opens() -> list[Scene]:
    out: list[Scene] = []
    names = ["/etc/passwd", "foo.txt", "./a/../b//c/", "", "..", ".", "/", "//x//y//", "a/./b/../../..",
             "sub/", "/a/b/..", "../../../../z", ".hidden", "..hidden/x", "dir/.", "x/..", "/tmp/../etc/./hosts"]
    for mk in (op, creat):
        for nm in names:
            out.append((APP, mk(40, nm) + rd(40) + close(40)))
        for nm in ("/nope", "rel/nope", "", "../up/nope", "/a//b/../c/"):
            out.append((APP, mk(-2, nm) + rd(40)))
    for mk in (openat, openat2, openat_old):
        for dirfd in (CWD, 14, 17, 1, 77):  # cwd, a directory, a file, a pipe, an unknown fd
            for nm in ("passwd", "/abs/path", "sub//x/.", "../up", "a/b/"):
                if dirfd == 77 and nm == "../up":
                    continue  # a divergence case (below)
                out.append((APP, mk(40, dirfd, nm) + rd(40) + close(40)))
            for nm in ("nope", "/abs/nope"):
                out.append((APP, mk(-2, dirfd, nm) + rd(40)))
        out.append((APP, mk(40, 18, "f") + rd(40) + close(40)))  # relative dirfd name
    # flags, fd types and evt.is_open_* (read, write, exec) for every way of opening, failed ones too
    for fl in (R, W, RW, R | CREAT, W | CREAT, DIRECTORY, DIRECTORY | R, TMPFILE | RW, CLOEXEC | R, 0):
        for mode in (0o644, 0o755, 0o010):
            out.append((APP, op(40, "/f/x", fl, mode) + use(40) + close(40) + op(-13, "/f/y", fl, mode)))
            out.append((APP, openat(40, CWD, "y", fl, mode) + rd(40) + close(40) + openat(-2, 14, "z", fl, mode)))
            out.append((APP, openat2(40, 14, "y", fl, mode) + close(40)))
            out.append((APP, openat_old(40, 14, "w", fl, mode) + close(40)))
        out.append((APP, creat(40, "c", 0o700) + close(40) + creat(40, "c", 0o600) + close(40)))
    # the exit's name when the enter is lost or names nothing usable
    out.append((APP, [op(40, "lost")[1]] + rd(40) + close(40)))
    out.append((APP, [openat(40, 14, "lost2")[1]] + rd(40) + close(40)))
    for enter_name in ("entername", "(NULL)", "<NA>"):
        out.append((APP, op(40, "exitname", enter_name=enter_name) + rd(40) + close(40)))
    # relative paths of processes whose listed cwd needs normalising, or is empty
    for tid in (110, 111):
        for nm in ("x", "../x", "", "/abs"):
            out.append((tid, op(40, nm) + rd(40) + close(40) + op(-2, nm) + creat(-2, nm)))
    return out


def _copies_and_closes() -> list[Scene]:
    T = APP
    return [
        (T, dup(14, 41) + use(41) + w.fstat_events(14)),
        (T, dup(15, 0) + rd(0) + dup(15, 1) + rd(1)),  # onto open fds
        (T, dup(14, 14) + rd(14)),  # onto itself
        (T, dup(14, -9) + rd(-9)),  # failure
        (T, dup(77, 42) + rd(42)),  # an unknown source fd
        (T, fcntl(17, 1, 43) + rd(43) + fcntl(17, 26, 44) + rd(44) + fcntl(17, 2, 1) + fcntl(17, 1, -24)),
        (T, fcntl(88, 1, 45) + rd(45) + fcntl(17, 3, 0) + rd(17)),
        (T, close(43) + use(43)),  # events on the fd after its close
        (T, close(44, -9) + rd(44)),  # a failed close keeps it
        (T, close(99) + rd(99)),  # closing an unknown fd
        (T, close(44) + close(44, -9) + rd(44)),
        (T, [close(41)[0]] + rd(41) + rd(41)),  # a close whose exit is lost
        (T, _pair(60, [], [0, 50, 51, 999]) + use(50) + use(51)),  # pipe
        (T, _pair(60, [], [-24, 52, 53, 0]) + rd(52)),
        (T, _pair(42, [1, 1, 0], [0, 54, 55, 0xABC, 0xDEF, 1, 1, 0]) + use(54) + rd(55)),  # socketpair
        (T, _pair(42, [1, 1, 0], [-24, 56, 57, 0, 0, 1, 1, 0]) + rd(56)),
        (T, _pair(62, [0, 0], [58, 0, 0]) + use(58) + _pair(62, [0, 0], [-24, 0, 0])),  # eventfd
        (T, _pair(126, [-1, 0, 0], [59, -1, 0, 0]) + rd(59) + _pair(126, [5, 0, 0], [5, 5, 0, 0]) + rd(5)),  # signalfd
        (T, _pair(136, [0, 0], [60, 0, 0]) + rd(60)),  # timerfd_create
        (T, _pair(138, [0], [61, 0]) + rd(61)),  # inotify_init
        (T, _pair(0, [227, 291], [227, 291]) + rd(62)),  # epoll_create1: a generic event in 2022, no fd
        (T, _pair(126, [-1, 0, 0], [-22, -1, 0, 0]) + _pair(136, [0, 0], [-22, 0, 0]) + _pair(138, [0], [-24, 0])),
        (T, _pair(60, [], [0, 63, 63, 5]) + rd(63) + _pair(62, [0, 0], [63, 0, 0]) + rd(63) + close(63)),  # reuse
    ]


def _bpf() -> list[Scene]:
    """The 2022 bpf exit: its result is a res-or-fd union, and no libsinsp makes an fd of it."""
    return [(APP, _pair(296, [0], [(1, 64)]) + rd(64) + _pair(296, [0], [(1, 0)]) + rd(0)
             + _pair(296, [0], [(0, -1)]))]


def _inheritance() -> list[Scene]:
    parent = PROCS[1]
    out: list[Scene] = []
    pe, ce = w.clone_events(parent, 200, flags=w.CL_THREAD_FLAGS)  # a thread sharing the table
    out += [(APP, pe), (200, ce), (200, rd(14) + op(70, "t.txt") + rd(70)), (APP, rd(70) + close(70)),
            (200, rd(70) + op(71, "u")), (APP, rd(71))]
    pe, ce = w.clone_events(parent, 201, flags=w.CL_CLONE_THREAD | w.CL_CLONE_VM)  # a thread, own table
    out += [(APP, pe), (201, ce), (201, rd(14) + op(72, "v") + rd(72) + close(15) + rd(15)), (APP, rd(72) + rd(15))]
    pe, ce = w.clone_events(parent, 300, syscall="fork")  # a copy of the table
    out += [(APP, op(73, "before")), (APP, pe), (300, ce),
            (300, rd(14) + rd(73) + close(73) + rd(73) + op(74, "child") + rd(74)), (APP, rd(73) + rd(74))]
    pe, ce = w.clone_events(parent, 301, flags=w.CL_CLONE_FILES)  # a process sharing the table
    out += [(APP, pe), (301, ce), (301, rd(14) + op(75, "shared") + rd(75)), (APP, rd(75))]
    child = m.ProcEntry(tid=300, pid=300, ptid=APP, comm="ls", exe="/bin/ls", exepath="/bin/ls",
                        cwd="/home/app/", args=["-l"])
    out += [(300, w.execve_events(child) + rd(14) + rd(17) + rd(74))]  # execve keeps the fds (CLOEXEC too)
    sh = m.ProcEntry(tid=200, pid=APP, ptid=1, comm="sh", exe="/bin/sh", exepath="/bin/sh", cwd="/home/app/")
    out += [(200, w.execve_events(sh) + rd(14) + rd(71))]  # execve ends CLONE_FILES
    pe, ce = w.clone_events(parent, 302, syscall="fork")
    out += [(302, ce), (APP, pe), (302, rd(14))]  # the child's exit first
    pe, ce = w.clone_events(parent, 303, syscall="vfork", flags=w.CL_CLONE_VFORK | w.CL_CLONE_VM)
    out += [(APP, pe), (303, ce), (303, rd(14) + rd(17))]
    out += [(201, w.procexit_events()), (APP, rd(14))]
    return out


def _fd_list_uses() -> list[Scene]:
    out: list[Scene] = []
    for fd in [*LISTED, 30, 99, -1]:
        out += [(APP, use(fd)), (101, rd(fd) + w.fstat_events(fd)), (102, rd(fd) + w.fstat_events(fd))]
    # a thread that is not in the process list
    out.append((555, use(14) + op(76, "rel.txt") + use(76) + openat(77, 14, "p") + rd(77) + close(76) + rd(76)))
    return out


# ----------------------------------------------------------------------------------- comparison
def _fd_difference(name: str, ours: Row, ref: Row) -> str | None:
    """The documented differences of this comparison (beyond sysdig_oracle's)."""
    why = known_difference(name, ours, ref)
    if why is not None:
        return why
    openat_exit = ours["evt.type"] in ("openat", "openat2") and ours["evt.dir"] == "<"
    failed = ours.get("evt.res", "SUCCESS") != "SUCCESS"
    if name in ("fd.directory", "fd.filename") and openat_exit and failed and ours["fd.name"] != ref["fd.name"] \
            and known_difference("fd.name", ours, ref) is not None:
        return "failed openat shows its dirfd in 0.29.3 (derived fields)"
    old_format = ours["evt.type"] == "openat" and "dirfd=" not in ours["evt.args"]
    if name.startswith("fd.") and openat_exit and failed and old_format and ref[name] in ("<NA>", "/"):
        # 0.29.3 shows no name for a failed two-event openat; current libsinsp reads the pair as one
        # openat exit, named after the path that failed to open
        return "failed old-format openat has no name in 0.29.3"
    if name.startswith("evt.is_open_") and ours["evt.type"] == "openat":
        if ours["evt.dir"] == ">" and ref[name] == "true" and ours[name] == "false":
            return "0.29.3 reads the flags of an old-format openat enter; current libsinsp does not"
        if old_format and ours["evt.dir"] == "<" and ref[name] == "false":
            return "current libsinsp gives an old-format openat exit the flags of its enter"
    return None


def _mismatches(trace: Path, flt: str, with_res: bool = True) -> list[str]:
    fields = [f for f in FIELDS if with_res or f != "evt.res"]
    return mismatches(trace, fields, flt, _fd_difference)


NOT_BPF_EXIT = "not (evt.type=bpf and evt.dir=<)"


@pytest.mark.sysdig
def test_fd_fields_equal_sysdig(tmp_path: Path) -> None:
    cap = tmp_path / "fd.scap"
    write_capture(cap, HEADER, _fd_list_uses() + _opens() + _copies_and_closes() + _bpf() + _inheritance())
    bad = _mismatches(cap, NOT_BPF_EXIT)
    # sysdig 0.29.3 crashes printing evt.res of a 2022 bpf exit: those are compared without it
    bad += _mismatches(cap, "evt.type=bpf and evt.dir=<", with_res=False)
    assert not bad, f"{len(bad)} differences:\n" + "\n".join(bad[:60])


# Where current libsinsp and sysdig 0.29.3 build a different name, we follow current libsinsp.
# (description, scene that opens fd 40, then "fd.name (fd.type)" of a read of it: ours, sysdig 0.29.3's)
DIVERGENCES: list[tuple[str, Events, str, str]] = [
    ("a dirfd whose name ends in '/' gets no second one", openat(40, 21, "etc/passwd"), "/etc/passwd (file)",
     "//etc/passwd (file)"),
    ("the same through openat2", openat2(40, 22, "x"), "/tmp/x (file)", "/tmp//x (file)"),
    ("a dirfd with an empty name adds no '/'", openat(40, 23, "f"), "f (file)", "/f (file)"),
    ("'.' inside a name is kept", op(40, "file."), "/home/app/file. (file)", "/home/app/file (file)"),
    ("'./' inside a component is kept", op(40, "a./b"), "/home/app/a./b (file)", "/home/app/ab (file)"),
    ("'../' inside a component is kept", op(40, "a../b"), "/home/app/a../b (file)", "/home/app/b (file)"),
    ("three dots are a name", op(40, "..."), "/home/app/... (file)", "/home/app/.. (file)"),
    ("a control byte is kept (print drops it)", op(40, "/tmp/x\x01y"), "/tmp/xy (file)", "/tmp/x.y (file)"),
    ("non-ASCII letters are kept (print drops them)", op(40, "caf\u00e9"), "/home/app/caf (file)",
     "/home/app/caf.. (file)"),
    ("'..' after an unknown dirfd is text", openat(40, 77, "../up"), "<UNKNOWN>../up (file)", "up (file)"),
    ("userfaultfd makes an fd (0.29.3 has no parser for it)", _pair(320, [], [40, 0]), " (userfaultfd)",
     " (<NA>)"),
]


@pytest.mark.sysdig
def test_fd_name_divergences_from_sysdig_are_the_documented_ones(tmp_path: Path) -> None:
    cap = tmp_path / "div.scap"
    fds = {APP: [F(fd=21, ino=1, type=m.FD_DIRECTORY, name="/"), F(fd=22, ino=2, type=m.FD_DIRECTORY, name="/tmp/"),
                 F(fd=23, ino=3, type=m.FD_DIRECTORY, name="")]}
    write_capture(cap, Header("fd", PROCS[:2], fds),
                  [(APP, evs + rd(40) + close(40)) for _, evs, _, _ in DIVERGENCES])
    fields = ["evt.type", "evt.dir", "fd.num", "fd.name", "fd.type"]
    reads = [(a, b) for a, b in paired_rows(cap, fields) if a[0] == "read" and a[1] == "<"]
    assert len(reads) == len(DIVERGENCES)
    got = [(desc, f"{a[3]} ({a[4]})", f"{b[3]} ({b[4]})")
           for (desc, _, _, _), (a, b) in zip(DIVERGENCES, reads, strict=True)]
    assert got == [(desc, ours, ref) for desc, _, ours, ref in DIVERGENCES]


# ----------------------------------------------------------------------------------- without sysdig
def test_paths_are_joined_as_current_libsinsp_joins_them() -> None:
    from analyzer.state.paths import concatenate_paths, cwd_path, dirfd_base

    cases = [
        ("/home/app/", "x", "/home/app/x"), ("/home/app/", "../x", "/home/x"), ("/home/app/", "", "/home/app"),
        ("/home/app/", "../../../../z", "/z"), ("/home/app/", "a/./b/../../..", "/home"),
        ("/home//app/", "x", "/home//app/x"),  # the base is taken as it is
        ("<UNKNOWN>", "sub//x/.", "<UNKNOWN>sub/x"), ("<UNKNOWN>", "../up", "<UNKNOWN>../up"),
        ("<UNKNOWN>", "a/../b", "b"), ("rel/dir/", "f", "rel/dir/f"), ("", "f", "f"), ("", "../x", "x"),
        ("/tmp/", "sub/", "/tmp/sub"), ("/x/", "file.", "/x/file."), ("/x/", "...", "/x/..."),
        ("/x/", ".hidden/..", "/x"), ("x", "/a/b/..", "/a"), ("x", "//x//y//", "/x/y"), ("x", "/", "/"),
        ("x", "/..", "/"), ("x", "/./a/./", "/a"),
    ]
    for base, name, want in cases:
        assert concatenate_paths(base, name) == want, (base, name)
    assert [cwd_path(c) for c in ("/srv//data/./x/../", "", "/", "/a/b")] == ["/srv/data/", "/", "/", "/a/b/"]
    assert [dirfd_base(n) for n in ("/", "/etc", "", "rel")] == ["/", "/etc/", "", "rel/"]


def test_the_plain_path_shortcut_is_exact() -> None:
    """concatenate_paths skips the normalisation for paths it would leave as they are: every path
    of up to 7 of 'a', '.', '/' is told apart as its definition says, and the shortcut gives what
    the normalisation gives."""
    import itertools

    from analyzer.state.paths import _append_normalized, _plain, concatenate_paths

    n = 0
    for k in range(8):
        for chars in itertools.product("a./", repeat=k):
            p = "".join(chars)
            parts = p.split("/")
            want = bool(p) and not p.endswith("/") and "//" not in p and not any(c in (".", "..") for c in parts)
            assert _plain(p) == want, p
            if p.startswith("/"):
                out: list[str] = []
                _append_normalized(out, p, True)
                assert concatenate_paths("x", p) == "".join(out), p
            else:
                out = list("/b/")
                _append_normalized(out, p, False)
                assert concatenate_paths("/b/", p) == "".join(out), p
            n += 1
    assert n == 3280


def _fdl_entry(fd: int, ftype: int, name: str) -> bytes:
    body = struct.pack("<qQB", fd, fd, ftype) + struct.pack("<H", len(name)) + name.encode()
    return struct.pack("<I", len(body) + 4) + body


def test_fd_list_types_newer_than_sysdig_0293(tmp_path: Path) -> None:
    """fd list entries of the types current libscap writes (17-21; sysdig 0.29.3 refuses them):
    their fd.type and fd.typechar are current libsinsp's."""
    cap = tmp_path / "types.scap"
    kinds = {m.FD_BPF: ("bpf", "b"), m.FD_USERFAULTFD: ("userfaultfd", "u"), m.FD_IOURING: ("io_uring", "r"),
             m.FD_MEMFD: ("memfd", "m"), m.FD_PIDFD: ("pidfd", "P"), m.FD_UNSUPPORTED: ("<NA>", "X")}
    with capture(cap, Header("fd", PROCS[:2])) as cw:
        # the FDL block as current libscap writes it, after the header (counted as nothing)
        fdl = struct.pack("<q", APP) + b"".join(_fdl_entry(t, t, f"anon_inode:[{t}]") for t in kinds)
        pad = -len(fdl) & 3
        cw.write_raw_blocks(struct.pack("<II", m.FDL_V2, 12 + len(fdl) + pad) + fdl + bytes(pad)
                            + struct.pack("<I", 12 + len(fdl) + pad), 1)
        Timeline(cw).play((APP, rd(t)) for t in kinds)
    fd = build_tables([str(cap)]).events.column("fd").to_pylist()
    got = {r["num"]: (r["type"], r["typechar"], r["name"]) for r in fd}
    assert got == {t: (*kinds[t], f"anon_inode:[{t}]") for t in kinds}


def test_memfd_and_pidfd_events_of_current_drivers(tmp_path: Path) -> None:
    """memfd_create, pidfd_open and pidfd_getfd exist only as events sysdig 0.29.3 skips (ids above
    335): they make fds as current libsinsp makes them (its own unit tests: the memfd is named as
    given, pidfd_getfd copies the target process's fd)."""
    cap = tmp_path / "new.scap"
    other = _proc(120, 120, "other", "/")
    write_capture(cap, Header("fd", [*PROCS[:2], other]), [
        (120, op(3, "/tmp/the_file", RW)),
        (APP, _pair(404, [], [40, "test_name", 0]) + rd(40)
         + _pair(408, [], [41, 120, 0]) + rd(41)
         + _pair(406, [], [42, 41, 3, 0]) + rd(42)
         + _pair(406, [], [43, 41, 9, 0]) + rd(43)  # no such fd in the target
         + _pair(406, [], [44, 40, 3, 0]) + rd(44))])  # not a pidfd
    ev = build_tables([str(cap)]).events
    reads = [(r["num"], r["name"], r["type"], r["typechar"], r["directory"], r["filename"])
             for t, d, r in zip(pc.struct_field(ev["evt"], "type").to_pylist(),
                                pc.struct_field(ev["evt"], "dir").to_pylist(), ev.column("fd").to_pylist(), strict=True)
             if t == "read" and d == "<"]
    assert reads == [(40, "test_name", "memfd", "m", None, None), (41, "/proc/120", "pidfd", "P", None, None),
                     (42, "/tmp/the_file", "file", "f", "/tmp", "the_file"),
                     (43, "", None, "o", "/", None), (44, "", None, "o", "/", None)]
