"""Argument rendering against sysdig 0.29.3, for every event type it can read.

One writer-made capture holds, for each event id below 336 of the 2022 event table, its enter or
exit event several times, each parameter taking in turn the edge values of its type: zero, the
extremes, -1, every flag of its flag table alone, all of them together, unknown bits, errno
values known and unknown, fds that resolve and fds that do not, AT_FDCWD, pids of known and unknown
threads, empty, long, non-printable and non-UTF-8 buffers and strings, absolute, relative and odd
paths, each variant of dynamic parameters and out-of-range ones, signal sets, uid/gid -1, times,
fd lists and syscall ids. Each event type runs on its own thread (with its own fds), so that the
state one type changes (close, dup, execve, procexit, ...) does not leak into the others.
Generic ``syscall`` events come with every syscall id 0.29.3 can name. ``evt.type``, ``evt.args``,
``evt.info``, ``evt.res`` and ``evt.rawres`` of every event must equal sysdig's, and ``evt.arg.NAME`` /
``evt.rawarg.NAME`` for a sample of names. Events whose fd state differs from sysdig's (odd paths
opened: a state matter, see test_fd_state_of_odd_paths) are left out of the rendering comparisons.
Events 0.29.3 crashes on are not written (SKIPPED)."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzer.scap import event_table as et
from analyzer.scap import model as m
from analyzer.scap.event_table import ParamInfo

from .capture_setup import LOOPBACK, ROOT_GROUP, ROOT_USER, Header, Scene, write_capture
from .sysdig_oracle import mismatches

BASE_TID = 1000
# events sysdig 0.29.3 crashes on (SIGSEGV) whatever their values: the tracer events carry in-memory
# pointers (PT_CHARBUFARRAY) that it dereferences; its parser of the 1-parameter openat exit (103)
# reads parameters the event does not have; the k8s/container JSON events (260, 272, 324) go to
# its JSON parsers
SKIPPED = {103, 260, 268, 269, 272, 324}
# PPM_SC codes 0..329: 0.29.3 reads its syscall table out of bounds (and crashes) from 330 on
GENERIC_IDS = range(0, 330)
FIELDS = "evt.num evt.type evt.dir evt.args evt.info".split()


def _ints(size: int, signed: bool) -> list[bytes]:
    bits = size * 8
    vals = [0, 1, (1 << bits) - 1, 1 << (bits - 1), (1 << (bits - 1)) - 1, 0x7F, 0x80]
    fmt = {1: "<B", 2: "<H", 4: "<I", 8: "<Q"}[size]
    return [struct.pack(fmt, v & ((1 << bits) - 1)) for v in vals] + ([b"\x00" * size] if signed else [])


def _q(v: int) -> bytes:
    return struct.pack("<q", v)


def _u32(v: int) -> bytes:
    return struct.pack("<I", v & 0xFFFFFFFF)


ERRNOS = [_q(v) for v in (0, -2, -1, -13, -4095, -512, -(1 << 32) - 2, 1 << 40, 5, -(1 << 63), -115)]
FDS = [_q(v) for v in (3, 4, 5, -100, -2, -1, 0, 12345, (1 << 63) - 1, -(1 << 63), 6, 7)]
PIDS = [_q(v) for v in (1, 0, -1, 99999, BASE_TID, (1 << 63) - 1)]
STRINGS = [b"abc\x00", b"\x00", b"\xff\xfe\xc3\xa9z\x01\x1b\x7f\x00", b"x" * 300 + b"\x00", b"a b=c (d)\x00",
           b"<NA>\x00", b"tab\there\x00"]
PATHS = [b"/etc/passwd\x00", b"rel/path\x00", b"../up/./x//y/\x00", b"\x00", b"<NA>\x00", b".\x00", b"..\x00",
         b"/a/\xff\xc3\xa9b\x01c\x00", b"./a/b/..\x00", b"//x\x00", b"a" * 300 + b"\x00"]
BUFS = [b"", b"abc", bytes(range(256)), b"\x00\x00x\x00", b"hello world " * 20, "é€\n\t".encode(), b"\x7f\x80\xff",
        b"x" * 79, b"y" * 80, b"z" * 81]
SOCKADDRS = [b"", b"\x02\x7f\x00\x00\x01\x00\x50", b"\x01/tmp/sock\x00", b"\x0a" + bytes(15) + b"\x01\x01\xbb",
             b"\x11", b"\x02abc", b"\x01\x00"]
SOCKTUPLES = [b"", b"\x02\x0a\x00\x00\x01\x9c\x40\x0a\x00\x00\x02\x01\xbb",
              b"\x01" + (0xABC).to_bytes(8, "little") + (0).to_bytes(8, "little") + b"/tmp/u\x00", b"\x11", b"\x02"]
SIGSETS = [_u32(v) for v in (0, 1, 0xFFFFFFFF, 1 << 31, 0x4002, 1 << 8)]
SIGNALS = [bytes([v]) for v in (0, 9, 15, 31, 32, 64, 255, 1, 19)]
SYSCALL_IDS = [struct.pack("<H", v) for v in (0, 5, 328, 329, 400, 65535, 1, 100)]
RELTIMES = [struct.pack("<Q", v) for v in (0, 1_500_000_000, (1 << 64) - 1, 123, 1, 10**19)]
UIDS = [_u32(v) for v in (0, 1000, 0xFFFFFFFF, 0xFFFFFFFE, 65534, 1 << 31)]
MODES = [_u32(v) for v in (0, 0o755, 0o4777, 0xFFFFFFFF, 0o100644, 0o7777, 1, 0o1000, 0o2000)]
FDLISTS = [b"\x00\x00", struct.pack("<Hqhqh", 2, 3, 1, 999, -1), struct.pack("<Hqh", 1, -1, 0x7FFF),
           struct.pack("<Hqhqhqh", 3, 4, 4, 5, 0x41, 0, 0x20)]  # (empty: 0.29.3 reads past the parameter)


def _flag_values(table: tuple[tuple[int, str], ...], size: int) -> list[bytes]:
    mask = (1 << (size * 8)) - 1
    allbits = 0
    vals = [0]
    for v, _ in table:
        vals.append(v)
        allbits |= v
    vals += [allbits, mask, 1 << (size * 8 - 1), allbits ^ (allbits & -allbits)]
    if table:
        vals.append(table[-1][0] | (1 << (size * 8 - 1)))
        vals.append(table[0][0] | table[-1][0])
    return [(v & mask).to_bytes(size, "little") for v in vals]


def _dyn_values(name: str | int | None) -> list[bytes]:
    table = et.DYN_TABLES_2022.get(name, ()) if isinstance(name, str) else ()
    # (an empty value, or a variant index without its value, makes 0.29.3 read past the parameter)
    out: list[bytes] = [bytes([len(table)]) + b"\x01\x00", bytes([200])]
    for i, inner in enumerate(table):
        out += [bytes([i]) + v for v in _values(inner)[:5]]
    return out


def _values(p: ParamInfo) -> list[bytes]:
    """Edge values of a 2022 parameter, as raw bytes."""
    t = p.ptype
    ints = {et.PT_INT8: (1, True), et.PT_INT16: (2, True), et.PT_INT32: (4, True), et.PT_INT64: (8, True),
            et.PT_UINT8: (1, False), et.PT_UINT16: (2, False), et.PT_UINT32: (4, False), et.PT_UINT64: (8, False)}
    if t in ints:
        return _ints(*ints[t])
    flags = {et.PT_FLAGS8: 1, et.PT_FLAGS16: 2, et.PT_FLAGS32: 4}
    if t in flags:
        table = et.FLAG_TABLES_2022.get(p.info, ()) if isinstance(p.info, str) else ()
        return _flag_values(table, flags[t])
    fixed: dict[int, list[bytes]] = {
        et.PT_ERRNO: ERRNOS, et.PT_FD: FDS, et.PT_PID: PIDS, et.PT_CHARBUF: STRINGS, et.PT_FSPATH: PATHS,
        et.PT_FSRELPATH: PATHS, et.PT_BYTEBUF: BUFS, et.PT_SOCKADDR: SOCKADDRS, et.PT_SOCKTUPLE: SOCKTUPLES,
        et.PT_SIGSET: SIGSETS, et.PT_SIGTYPE: SIGNALS, et.PT_SYSCALLID: SYSCALL_IDS, et.PT_RELTIME: RELTIMES,
        et.PT_UID: UIDS, et.PT_GID: UIDS, et.PT_FDLIST: FDLISTS,
    }
    if t in fixed:
        return fixed[t]
    if t == et.PT_MODE:
        table = et.FLAG_TABLES_2022.get(p.info, ()) if isinstance(p.info, str) else ()
        return MODES + _flag_values(table, 4)
    if t == et.PT_DYN:
        return _dyn_values(p.info)
    raise AssertionError(f"no edge values for parameter type {t} ({p})")


def event_cases(etype: int) -> Iterator[list[bytes]]:
    """The parameter lists written for one event type: variant k takes each parameter's k-th value."""
    params = et.EVENTS_2022[etype].params
    values = [_values(p) for p in params]
    for k in range(max((len(v) for v in values), default=1)):
        yield [v[k % len(v)] for v in values]


def readable_types() -> list[int]:
    return [e for e, info in enumerate(et.EVENTS_2022)
            if not info.flags & et.EF_UNUSED and e not in SKIPPED and e not in (0, 1)]


def _procs(tids: list[int]) -> list[m.ProcEntry]:
    c = {"cwd": "/home/app/", "cgroups": ["cpuset=/"], "args": ["-x", "y"]}
    out = [m.ProcEntry(tid=1, pid=1, ptid=0, comm="systemd", exe="/sbin/init", exepath="/sbin/init", **c)]
    out += [m.ProcEntry(tid=t, pid=t, ptid=1, comm=f"app{t}", exe="app", exepath="/usr/bin/app", uid=1000, gid=1000,
                        **c) for t in tids]
    return out


def _fds(tid: int) -> list[m.FdEntry]:
    return [m.FdEntry(fd=3, ino=1, type=m.FD_FILE_V2, name="/var/log/x.log", open_flags=1),
            m.FdEntry(fd=4, ino=2, type=m.FD_DIRECTORY, name="/srv/dir"),
            m.FdEntry(fd=5, ino=3, type=m.FD_IPV4_SOCK, sip=bytes([10, 0, 0, 1]), sport=40000,
                      dip=bytes([10, 0, 0, 2]), dport=443, l4proto=2),
            m.FdEntry(fd=6, ino=4, type=m.FD_FILE_V2, name="/tmp/a\x01b", open_flags=1),
            m.FdEntry(fd=7, ino=5, type=m.FD_UNIX_SOCK, name="/run/s", source=0xABC, dest=0)]


def write_args_capture(path: Path, types: list[int] | None = None, generic: bool = True) -> None:
    types = readable_types() if types is None else types
    tids = [BASE_TID + e for e in types] + [BASE_TID]
    header = Header("args", _procs(tids), {t: _fds(t) for t in tids}, interfaces=[LOOPBACK],
                    users=[ROOT_USER, m.User(1000, 1000, "app", "/home/app", "/bin/sh")],
                    groups=[ROOT_GROUP, m.Group(1000, "app")])
    scenes: list[Scene] = []
    for sc in GENERIC_IDS if generic else []:  # generic events: every syscall id
        params = [struct.pack("<H", sc), struct.pack("<H", sc & 0x3FF)]
        scenes.append((BASE_TID, [(0, params), (1, params)]))
    for etype in types:
        scenes.append((BASE_TID + etype, [(etype, params) for params in event_cases(etype)]))
    write_capture(path, header, scenes)


# fd state fields: where they differ, the fd parameters rendered from that state differ with them
STATE = ["fd.name", "fd.typechar", "fd.l4proto"]
ARG_SAMPLE = "fd res flags mode name path uid gid sig addr val data size dirfd pid ID tuple fds sigmask".split()
# evt.rawarg only for names 0.29.3 can print: it stops ("wrong event type") at PT_FD, flags, signals,
# dynamic parameters, tuples, fd lists and sigsets, and its byte buffers hold raw newlines
RAWARG_SAMPLE = "res mode name path uid gid size pid timeout".split()


def _capture(factory: pytest.TempPathFactory, name: str, types: list[int] | None) -> Path:
    cap = factory.mktemp("args") / name
    write_args_capture(cap, types)
    return cap


@pytest.fixture(scope="module")
def args_capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _capture(tmp_path_factory, "args.scap", None)


def _rendering_mismatches(cap: Path, fields: list[str]) -> list[str]:
    """Mismatches of ``fields`` on the events whose fd state agrees with sysdig's (see
    test_fd_state_of_odd_paths for those whose does not)."""
    state_bad = {line.split()[1] for line in mismatches(cap, ["evt.num", "evt.type", *STATE])}
    return [line for line in mismatches(cap, ["evt.num", *fields]) if line.split()[1] not in state_bad]


@pytest.mark.sysdig
def test_args_equal_sysdig(args_capture: Path) -> None:
    bad = _rendering_mismatches(args_capture, FIELDS[1:])
    assert not bad, f"{len(bad)} differences:\n" + "\n".join(bad[:60])


@pytest.mark.sysdig
def test_named_args_equal_sysdig(args_capture: Path) -> None:
    fields = ["evt.type", "evt.dir", *(f"evt.arg.{n}" for n in ARG_SAMPLE), *(f"evt.rawarg.{n}" for n in RAWARG_SAMPLE)]
    bad = _rendering_mismatches(args_capture, fields)
    assert not bad, f"{len(bad)} differences:\n" + "\n".join(bad[:60])


@pytest.mark.sysdig
def test_res_equal_sysdig(tmp_path_factory: pytest.TempPathFactory) -> None:
    """evt.res / evt.rawres, without the bpf exit: 0.29.3 crashes on evt.res of every bpf exit (it
    has neither a res nor an fd parameter, only res_or_fd)."""
    cap = _capture(tmp_path_factory, "res.scap", [e for e in readable_types() if e != 297])
    bad = _rendering_mismatches(cap, ["evt.type", "evt.dir", "evt.res", "evt.rawres"])
    assert not bad, f"{len(bad)} differences:\n" + "\n".join(bad[:60])


# fd state (analyzer/state), not argument rendering, on this capture's deliberately odd inputs:
# (event type, field) -> events where we differ from sysdig. Among them: fds numbered INT64_MIN or
# INT64_MAX (sysdig: typechar o, we: no fd), a failed socketpair, the fd name of a non-UTF-8 open
# path (sysdig: each non-printable byte a dot), an openat relative to a dirfd whose name is empty
# or relative, accept on a unix-typed listener, the l4 protocol after a connect to an AF_UNIX address
# on an IPv4 socket. The rendering tests above leave these events out; this pins them, so a new
# divergence fails here and a fixed one shows.
KNOWN_STATE_DIFFERENCES: dict[tuple[str, str], int] = {
    ('accept', 'fd.name'): 12,
    ('accept', 'fd.typechar'): 12,
    ('bind', 'fd.typechar'): 1,
    ('close', 'fd.typechar'): 1,
    ('connect', 'fd.l4proto'): 1,
    ('connect', 'fd.typechar'): 1,
    ('copy_file_range', 'fd.typechar'): 1,
    ('creat', 'fd.name'): 5,
    ('dup', 'fd.typechar'): 1,
    ('fchdir', 'fd.typechar'): 1,
    ('fcntl', 'fd.typechar'): 3,
    ('flock', 'fd.typechar'): 1,
    ('fstat', 'fd.typechar'): 1,
    ('fstat64', 'fd.typechar'): 1,
    ('getdents', 'fd.typechar'): 1,
    ('getdents64', 'fd.typechar'): 1,
    ('getsockopt', 'fd.name'): 5,
    ('getsockopt', 'fd.typechar'): 5,
    ('ioctl', 'fd.typechar'): 2,
    ('listen', 'fd.typechar'): 1,
    ('llseek', 'fd.typechar'): 1,
    ('lseek', 'fd.typechar'): 1,
    ('open', 'fd.name'): 9,
    ('open', 'fd.typechar'): 4,
    ('openat', 'fd.name'): 13,
    ('openat', 'fd.typechar'): 4,
    ('openat2', 'fd.name'): 13,
    ('openat2', 'fd.typechar'): 4,
    ('pread', 'fd.typechar'): 1,
    ('preadv', 'fd.typechar'): 1,
    ('pwrite', 'fd.typechar'): 1,
    ('pwritev', 'fd.typechar'): 1,
    ('read', 'fd.typechar'): 1,
    ('readv', 'fd.typechar'): 1,
    ('recv', 'fd.typechar'): 1,
    ('recvfrom', 'fd.typechar'): 1,
    ('recvmsg', 'fd.typechar'): 1,
    ('send', 'fd.typechar'): 1,
    ('sendfile', 'fd.typechar'): 1,
    ('sendmsg', 'fd.typechar'): 1,
    ('sendto', 'fd.typechar'): 1,
    ('setns', 'fd.typechar'): 2,
    ('shutdown', 'fd.typechar'): 1,
    ('socketpair', 'fd.typechar'): 8,
    ('splice', 'fd.typechar'): 1,
    ('userfaultfd', 'fd.typechar'): 7,
    ('write', 'fd.typechar'): 1,
    ('writev', 'fd.typechar'): 1,
}


@pytest.mark.sysdig
def test_fd_state_of_odd_paths(args_capture: Path) -> None:
    bad = mismatches(args_capture, ["evt.num", "evt.type", *STATE])
    found: dict[tuple[str, str], int] = {}
    for line in bad:  # "evt N (TYPE DIR) FIELD: ours=... sysdig=..."
        m = re.match(r"evt \S+ \((\S+) [<>]?\) (\S+):", line)
        assert m, line
        found[(m[1], m[2])] = found.get((m[1], m[2]), 0) + 1
    assert found == KNOWN_STATE_DIFFERENCES, "\n".join(bad[:60])
