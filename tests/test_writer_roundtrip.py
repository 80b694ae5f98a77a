"""CaptureWriter: byte-exact round trips through the reader, robustness of the reader on damaged
copies, validation errors, and differential checks against sysdig 0.29.3."""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w
from analyzer.scap.errors import CorruptBlockError, NotACaptureError
from analyzer.scap.event_table import EVENTS, EVENTS_2022
from analyzer.scap.reader import CaptureHeader, EventBatch, ReadStats, read_all_events

from .conftest import load_generator, need_sysdig

REPO = Path(__file__).resolve().parents[1]
T0 = 1_700_000_000_000_000_000

EventTuple = tuple[int, int, int, int, int, list[bytes]]  # ts, tid, type, cpu, flags, params


# --------------------------------------------------------------------------- helpers
def run_sysdig(path: Path, fmt: str, flt: str | None = None) -> list[str]:
    exe = need_sysdig()
    cmd = [exe, "-r", str(path), "-p", fmt]
    if flt:
        cmd.append(flt)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"sysdig failed ({proc.returncode}): {proc.stderr}"
    return proc.stdout.splitlines()


def events_of(batches: list[EventBatch]) -> list[EventTuple]:
    out: list[EventTuple] = []
    for b in batches:
        for i in range(len(b)):
            out.append(
                (int(b.ts[i]), int(b.tid[i]), int(b.type[i]), int(b.cpu[i]), int(b.dflags[i]), b.params(i))
            )
    return out


def blocks_of(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(offset, block type, block length) of every complete block."""
    pos = 0
    while pos + 8 <= len(data):
        bt, bl = struct.unpack_from("<II", data, pos)
        if pos + bl > len(data):
            return
        yield pos, bt, bl
        pos += bl


def decompressed(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


# --------------------------------------------------------------------------- sample content
def machine() -> m.MachineInfo:
    return m.MachineInfo(
        num_cpus=8, memory_bytes=16 << 30, max_pid=4194304, hostname="roundtrip-host", boot_ts=T0 - 10**14
    )


def interfaces() -> list[m.Interface]:
    return [
        m.Interface(4, "lo", bytes([127, 0, 0, 1]), bytes([255, 0, 0, 0]), bytes([127, 255, 255, 255])),
        m.Interface(4, "eth0", bytes([10, 0, 0, 1]), bytes([255, 255, 255, 0]), bytes([10, 0, 0, 255]), 1000),
        m.Interface(6, "lo", bytes(15) + b"\x01", b"\xff" * 16, bytes(16)),
        m.Interface(
            6,
            "eth0",
            bytes.fromhex("20010db8000000000000000000000001"),
            b"\xff" * 8 + bytes(8),
            bytes(16),
            25000,
        ),
    ]


def users() -> list[m.User]:
    return [
        m.User(0, 0, "root", "/root", "/bin/bash"),
        m.User(1000, 1000, "alice", "/home/alice", "/bin/bash"),
        m.User(65534, 65534, "nobody", "/nonexistent", "/usr/sbin/nologin"),
    ]


def groups() -> list[m.Group]:
    return [m.Group(0, "root"), m.Group(1000, "alice"), m.Group(27, "sudo")]


def procs() -> list[m.ProcEntry]:
    init = m.ProcEntry(
        tid=1,
        pid=1,
        ptid=0,
        comm="systemd",
        exe="/sbin/init",
        exepath="/usr/lib/systemd/systemd",
        args=["--system", "--deserialize", "31"],
        cwd="/",
        fdlimit=1048576,
        sid=1,
        vpgid=1,
        vtid=1,
        vpid=1,
        cgroups=["cpu=/init.scope", "memory=/init.scope"],
        env=["HOME=/", "TERM=linux"],
        loginuid=0xFFFFFFFF,
        cap_permitted=0x1FFFFFFFFFF,
        cap_effective=0x1FFFFFFFFFF,
    )
    bash = m.ProcEntry(
        tid=100,
        pid=100,
        ptid=1,
        comm="bash",
        exe="-bash",
        exepath="/usr/bin/bash",
        args=[],
        cwd="/home/alice",
        fdlimit=1024,
        uid=1000,
        gid=1000,
        sid=100,
        vpgid=100,
        vmsize_kb=9000,
        vmrss_kb=5000,
        vmswap_kb=1,
        pfmajor=12,
        pfminor=3400,
        env=["HOME=/home/alice", "USER=alice"],
        vtid=100,
        vpid=100,
        cgroups=["cpu=/user.slice/user-1000.slice/session-1.scope"],
        loginuid=1000,
        exe_writable=True,
    )
    app = m.ProcEntry(
        tid=200,
        pid=200,
        ptid=1,
        comm="python3",
        exe="python3",
        exepath="/usr/bin/python3.11",
        args=["-m", "http.server", ""],
        cwd="/srv",
        uid=33,
        gid=33,
        vtid=1,
        vpid=1,
        root="/srv/chroot",
        cgroups=["cpu=/docker/" + "ab" * 32],
        loginuid=0xFFFFFFFF,
    )
    thread = replace(app, tid=201, flags=w.CL_CLONE_THREAD | w.CL_CLONE_FILES, vtid=2)
    return [init, bash, app, thread]


def fdlists() -> dict[int, list[m.FdEntry]]:
    return {
        100: [
            m.FdEntry(0, 3, m.FD_FILE_V2, "/dev/pts/0", open_flags=w.O_RDWR, dev=0x88),
            m.FdEntry(1, 3, m.FD_FILE_V2, "/dev/pts/0", open_flags=w.O_RDWR),
            m.FdEntry(3, 77, m.FD_DIRECTORY, "/home/alice"),
            m.FdEntry(4, 88, m.FD_FIFO, "pipe:[88]"),
            m.FdEntry(
                5,
                99,
                m.FD_UNIX_SOCK,
                "/run/dbus/system_bus_socket",
                source=0xFFFF888100001000,
                dest=0xFFFF888100002000,
            ),
            m.FdEntry(6, 0, m.FD_EVENTPOLL, ""),
            m.FdEntry(7, 0, m.FD_MEMFD, "memfd:x"),  # HEAD-only type: written as UNSUPPORTED
            m.FdEntry(8, 0, m.FD_PIDFD, "anon_inode:[pidfd]"),
        ],
        200: [
            m.FdEntry(3, 1000, m.FD_IPV4_SERVSOCK, sip=bytes(4), sport=8000, l4proto=w.L4_TCP),
            m.FdEntry(
                4,
                1001,
                m.FD_IPV4_SOCK,
                sip=bytes([10, 0, 0, 1]),
                dip=bytes([10, 0, 0, 9]),
                sport=8000,
                dport=50000,
                l4proto=w.L4_TCP,
            ),
            m.FdEntry(
                5,
                1002,
                m.FD_IPV6_SOCK,
                sip=bytes(15) + b"\x01",
                dip=bytes(15) + b"\x01",
                sport=1,
                dport=2,
                l4proto=w.L4_UDP,
            ),
            m.FdEntry(6, 1003, m.FD_IPV6_SERVSOCK, sip=bytes(16), sport=8443, l4proto=w.L4_TCP),
            m.FdEntry(7, 1004, m.FD_NETLINK, ""),
            m.FdEntry(8, 1005, m.FD_SIGNALFD, ""),
        ],
    }


def expected_fdlists() -> dict[int, list[m.FdEntry]]:
    out = fdlists()
    for fds in out.values():
        for i, f in enumerate(fds):
            if f.type >= m.FD_BPF:
                fds[i] = replace(f, type=m.FD_UNSUPPORTED)
    return out


def expected_procs() -> list[m.ProcEntry]:
    # the 2022 PL tail carries no tty / pidns_init_start_ts / exe_ino / pgid; loginuid None = 0xFFFFFFFF
    return [replace(p, loginuid=0xFFFFFFFF if p.loginuid is None else p.loginuid, tty=0) for p in procs()]


def sample_events() -> list[EventTuple]:
    """A mix of helper-built pairs, raw encodings, dump flags and large events."""
    bash = procs()[1]
    cat = replace(
        bash, tid=101, pid=101, ptid=100, comm="cat", exe="cat", exepath="/usr/bin/cat", args=["/etc/passwd"]
    )
    evs: list[tuple[int, list[w.Ev], int, int]] = []  # tid, events, cpu, flags
    pe, ce = w.clone_events(bash, 101)
    evs += [(100, pe, 1, 0), (101, ce, 2, 0), (101, w.execve_events(cat), 2, 0)]
    evs.append((101, w.openat_events(3, "/etc/passwd", w.O_RDONLY | w.O_CLOEXEC, dev=0x803, ino=42), 2, 0))
    evs.append((101, w.read_events(3, b"root:x:0:0:root:/root:/bin/bash\n" * 4), 2, 0))
    evs.append((101, w.close_events(3), 2, 0))
    evs.append((101, w.socket_events(4, w.AF_INET6, w.SOCK_STREAM, w.IPPROTO_TCP), 3, 0))
    evs.append((101, w.connect_events(4, "2001:db8::1", 40000, "2001:db8::2", 443), 3, 0))
    evs.append((101, w.sendto_events(4, b"hello", "2001:db8::1", 40000, "2001:db8::2", 443), 3, 0))
    evs.append((101, w.recvfrom_events(4, b"world", "2001:db8::2", 443, "2001:db8::1", 40000), 3, 0))
    evs.append((101, w.connect_unix_events(5, "/run/x.sock", 0xFFFF1, 0xFFFF2), 3, 0))
    evs.append((200, w.accept_events(9, "10.0.0.9", 50001, "10.0.0.1", 8000), 0, 0))
    evs.append((200, w.accept_events(10, "10.0.0.9", 50002, "10.0.0.1", 8000, accept4_flags=0o4000), 0, 0))
    evs.append((200, w.bind_events(11, "0.0.0.0", 9000) + w.listen_events(11, 511), 0, 0))
    evs.append(
        (201, w.pipe_events(12, 13, 5555) + w.dup_events(12, 14) + w.stat_events("/nope", res=-2), 1, 0)
    )
    evs.append(
        (
            201,
            w.mmap_events(0x7F0000000000, 8192, fd=12) + w.brk_events(0, 0x55550000) + w.fstat_events(12),
            1,
            0,
        )
    )
    evs.append((201, w.write_io_events(13, b"x" * 200, snaplen=80), 1, w.DF_STATE_ONLY))
    # 2022-count encodings (accepted by both readers)
    evs.append((101, [(293, w.encode_params(293, w.execve_events(cat)[1][1][:20]))], 2, 0))
    evs.append((101, [(1, w.encode_params(1, [5]))], 2, 0))
    # PT_DYN and FDLIST
    evs.append((200, [(169, w.encode_params(169, [0, (0, 0x1000), (0, 7), 16, 201]))], 0, 0))
    evs.append((200, [(81, w.encode_params(81, [1, [(3, 1), (4, 4)], 1000]))], 0, 0))
    evs.append((101, w.procexit_events(256, sig=0), 2, 0))
    # large: > 64 KiB blocks, with and without dump flags; u32-length payload events
    big = bytes(range(256)) * 300  # 76800 bytes
    evs.append(
        (
            -1,
            [
                (
                    324,
                    w.encode_params(
                        324, [json.dumps({"container": {"id": "abababababab", "name": "n" * 70000}})]
                    ),
                )
            ],
            0,
            0,
        )
    )
    evs.append((200, [(322, w.encode_params(322, [7, big]))], 0, 0))
    evs.append((200, [(322, w.encode_params(322, [7, big]))], 0, w.DF_STATE_ONLY))
    evs.append((200, [(9, w.encode_params(9, [65535, b"y" * 65535, 4, 65535]))], 5, 0))
    evs.append((200, [(9, w.encode_params(9, [65535, b"y" * 65535, 4, 65535]))], 5, w.DF_STATE_ONLY))
    out: list[EventTuple] = []
    ts = T0
    for tid, lst, cpu, flags in evs:
        for et, params in lst:
            out.append((ts, tid, et, cpu, flags, params))
            ts += 1000
    return out


def write_sample(path: Path, **kw: Any) -> list[EventTuple]:
    evs = sample_events()
    with w.CaptureWriter(path, **kw) as cw:
        cw.write_header(machine(), interfaces(), users(), groups(), procs(), fdlists())
        for ts, tid, et, cpu, flags, params in evs:
            cw.write_event(ts, tid, et, params, cpu=cpu, flags=flags)
    return evs


def read(path: Path) -> tuple[CaptureHeader, list[EventTuple], ReadStats]:
    h, b, st = read_all_events(str(path))
    return h, events_of(b), st


# --------------------------------------------------------------------------- round trips
@pytest.mark.parametrize("name", ["cap.scap", "cap.scap.gz"])
def test_roundtrip_metadata_and_events(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    evs = write_sample(path)
    raw = path.read_bytes()
    assert (raw[:2] == b"\x1f\x8b") == name.endswith(".gz")

    h, got, st = read(path)
    assert st.warnings == [] and st.truncated_at is None
    assert h.shb_version == (1, 2)
    assert h.machine == machine()
    assert h.interfaces == interfaces()
    assert h.users == users()
    assert h.groups == groups()
    assert h.procs == expected_procs()
    assert h.fdlists == expected_fdlists()
    assert dict(h.blocks) == {"SHB": 1, "MI": 1, "IL_V2": 1, "UL_V2": 1, "PL_V9": 1, "FDL_V2": 2}

    assert len(got) == len(evs)
    for i, (a, b) in enumerate(zip(got, evs, strict=True)):
        assert a == b, f"event {i} differs: {a[:5]} vs {b[:5]}"


def test_block_layout(tmp_path: Path) -> None:
    path = tmp_path / "layout.scap"
    evs = write_sample(path)
    data = path.read_bytes()
    blocks = list(blocks_of(data))
    assert sum(bl for _, _, bl in blocks) == len(data)
    types = [bt for _, bt, _ in blocks]
    assert types[:7] == [m.SHB, m.MI, m.IL_V2, m.UL_V2, m.PL_V9, m.FDL_V2, m.FDL_V2]
    assert blocks[0][2] == 28 and blocks[1][2] == 192
    assert data[:28] == struct.pack("<IIIHHqI", m.SHB, 28, 0x1A2B3C4D, 1, 2, -1, 28)
    for off, _bt, bl in blocks:
        assert bl % 4 == 0
        assert struct.unpack_from("<I", data, off + bl - 4)[0] == bl
    ev_types = types[7:]
    assert len(ev_types) == len(evs)
    for bt, (_, _, _et, _, flags, params) in zip(ev_types, evs, strict=True):
        big = sum(map(len, params)) > 65000
        if flags:
            assert bt == (m.EVF_V2_LARGE if big else m.EVF_V2)
        else:
            assert bt == (m.EV_V2_LARGE if big else m.EV_V2)
    # PL_V9: every entry ends with the 29-byte pre-0.10 tail (loginuid u32, exe_writable u8, 3 x caps)
    pl_off = blocks[4][0]
    sub = struct.unpack_from("<I", data, pl_off + 8)[0]
    entry = data[pl_off + 8 : pl_off + 8 + sub]
    loginuid, exe_writable, ci, cp, ce = struct.unpack_from("<IBQQQ", entry, sub - 29)
    first = procs()[0]
    assert (loginuid, exe_writable, ci, cp, ce) == (
        first.loginuid,
        0,
        first.cap_inheritable,
        first.cap_permitted,
        first.cap_effective,
    )


def test_u32_lengths_for_large_payload_events(tmp_path: Path) -> None:
    path = tmp_path / "large.scap"
    payload = b"p" * 70000
    with w.CaptureWriter(path) as cw:
        cw.write_header(machine(), procs=procs())
        cw.write_event(T0, 200, 322, w.encode_params(322, [3, payload]))
    data = path.read_bytes()
    off, bt, bl = list(blocks_of(data))[-1]
    assert bt == m.EV_V2_LARGE
    rec = off + 10
    ln, et, n = struct.unpack_from("<IHI", data, rec + 16)
    assert (et, n) == (322, 2)
    assert struct.unpack_from("<II", data, rec + 26) == (4, 70000)
    assert ln == 26 + 8 + 4 + 70000
    _, got, _ = read(path)
    assert got[0][5] == [struct.pack("<I", 3), payload]


def test_raw_paths_write_the_same_bytes(tmp_path: Path) -> None:
    evs = sample_events()
    a, b, c = tmp_path / "a.scap", tmp_path / "b.scap", tmp_path / "c.scap"
    with w.CaptureWriter(a) as wa, w.CaptureWriter(b) as wb, w.CaptureWriter(c) as wc:
        for cw in (wa, wb, wc):
            cw.write_header(machine(), procs=procs())
        for ts, tid, et, cpu, flags, params in evs:
            wa.write_event(ts, tid, et, params, cpu=cpu, flags=flags)
            wb.write_raw_event_record(w.event_record(ts, tid, et, params), cpu=cpu, flags=flags)
        wc.write_raw_blocks(
            b"".join(w.event_block(e[0], e[1], e[2], e[5], e[3], e[4]) for e in evs), len(evs)
        )
        assert wa.events_written == wb.events_written == wc.events_written == len(evs)
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()


def test_template_patching_with_param_offsets(tmp_path: Path) -> None:
    tmpl = bytearray(
        w.event_block(0, 0, 307, w.encode_params(307, [0, w.AT_FDCWD, "/etc/hosts", 1, 0, 0, 0]))
    )
    offs = w.param_offsets(tmpl)
    path = tmp_path / "patched.scap"
    with w.CaptureWriter(path) as cw:
        cw.write_header(procs=procs())
        for i in range(3):
            blk = bytearray(tmpl)
            struct.pack_into("<HQq", blk, w.BLOCK_CPU_OFFSET, i, T0 + i, 100 + i)
            struct.pack_into("<q", blk, offs[0], 10 + i)
            cw.write_raw_blocks(blk, 1)
    _, got, _ = read(path)
    assert [(e[0], e[1], e[3], e[5][0]) for e in got] == [
        (T0 + i, 100 + i, i, struct.pack("<q", 10 + i)) for i in range(3)
    ]
    assert all(e[5][2] == b"/etc/hosts\0" for e in got)


def test_empty_capture_gets_a_procinfo_event(tmp_path: Path) -> None:
    path = tmp_path / "empty.scap"
    with w.CaptureWriter(path) as cw:
        cw.write_header(machine(), procs=procs()[:2])
    h, got, st = read(path)
    assert [e[2] for e in got] == [234]
    assert got[0][5] == [bytes(8), bytes(8)]
    assert st.warnings == []


def test_header_only_defaults_and_gzip_override(tmp_path: Path) -> None:
    plain = tmp_path / "forced-plain.scap.gz"
    with w.CaptureWriter(plain, gzip=False) as cw:
        cw.write_header()
        cw.write_event(T0, 1, 234, [bytes(8), bytes(8)])
    assert plain.read_bytes()[:4] == struct.pack("<I", m.SHB)
    gz = tmp_path / "forced-gzip.scap"
    with w.CaptureWriter(gz, gzip=True) as cw:
        cw.write_header()
    assert gz.read_bytes()[:2] == b"\x1f\x8b"
    h, got, _ = read(gz)
    assert h.machine == m.MachineInfo() and h.procs == [] and len(got) == 1


def test_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "mode.scap"
    path.write_bytes(b"old")
    path.chmod(0o644)
    with w.CaptureWriter(path) as cw:
        cw.write_header()
    assert path.stat().st_mode & 0o777 == 0o600
    other = tmp_path / "mode640.scap"
    with w.CaptureWriter(other, mode=0o640) as cw:
        cw.write_header()
    assert other.stat().st_mode & 0o777 == 0o640


def test_long_strings_are_cut_to_reader_limits(tmp_path: Path) -> None:
    path = tmp_path / "long.scap"
    u = m.User(5000, 5000, "u" * 300, "/home/" + "é" * 200, "/bin/sh")
    p = replace(procs()[0], comm="c" * 2000, args=["a" * 3000, "b" * 3000], cwd="/" + "d" * 1500)
    fd = m.FdEntry(3, 1, m.FD_FILE_V2, "/" + "f" * 2000, open_flags=1)
    with w.CaptureWriter(path) as cw:
        cw.write_header(users=[u], procs=[p], fdlists={1: [fd]})
    h, _, _ = read(path)
    assert h.users[0].name == "u" * 255
    assert len(h.users[0].homedir.encode()) <= 255 and h.users[0].homedir.startswith("/home/é")
    assert "\ufffd" not in h.users[0].homedir  # not cut inside a UTF-8 sequence
    assert h.procs[0].comm == "c" * 1024
    assert h.procs[0].args == ["a" * 3000]  # whole entries kept within 4096 bytes
    assert len(h.procs[0].cwd) == 1024
    assert len(h.fdlists[1][0].name) == 1023


# --------------------------------------------------------------------------- encodings
def test_param_encodings() -> None:
    # openat exit: fd, dirfd, name, flags, mode, dev, ino
    p = w.encode_params(307, [3, w.AT_FDCWD, "/etc/passwd", w.O_RDONLY, 0, 0x803, 42])
    assert p == [
        struct.pack("<q", 3),
        struct.pack("<q", -100),
        b"/etc/passwd\0",
        struct.pack("<I", 1),
        struct.pack("<I", 0),
        struct.pack("<I", 0x803),
        struct.pack("<Q", 42),
    ]
    # connect exit: res, tuple, fd, addr
    p = w.encode_params(23, [0, ("inet", "10.0.0.1", 5555, "10.0.0.2", 80), 3, ("inet", "10.0.0.2", 80)])
    assert p[1] == b"\x02" + bytes([10, 0, 0, 1]) + struct.pack("<H", 5555) + bytes(
        [10, 0, 0, 2]
    ) + struct.pack("<H", 80)
    assert len(p[1]) == 13 and p[3] == b"\x02\x0a\x00\x00\x02" + struct.pack("<H", 80)
    p = w.encode_params(23, [0, ("inet6", "::1", 1, "2001:db8::2", 443), 3, ("inet6", "2001:db8::2", 443)])
    assert len(p[1]) == 37 and p[1][0] == 10 and len(p[3]) == 19
    p = w.encode_params(23, [0, ("unix", 1, 2, "/run/s"), 3, ("unix", "\0abstract")])
    assert p[1] == b"\x01" + struct.pack("<QQ", 1, 2) + b"/run/s\0"
    assert p[3] == b"\x01abstract\0"
    # execve exit args/env: NUL-separated lists with a trailing NUL
    ev = w.execve_events(replace(procs()[1], args=["-l", "x y"], env=["A=1"]))
    assert ev[1][1][2] == b"-l\0x y\0" and ev[1][1][15] == b"A=1\0"
    assert len(ev[1][1]) == len(EVENTS[293].params) and len(ev[0][1]) == len(EVENTS_2022[292].params)
    # uid -1 wraps to 0xFFFFFFFF; bytes pass through
    assert w.encode_params(199, [0, -1]) == [bytes(8), b"\xff\xff\xff\xff"]
    assert w.encode_params(5, [b"\0" * 8, 3])[0] == bytes(8)


def test_helpers_use_legacy_ids_and_full_exit_counts() -> None:
    bash = procs()[1]
    pe, ce = w.clone_events(bash, 101)
    all_evs = pe + ce + w.execve_events(bash) + w.openat_events(3, "/x") + w.close_events(3)
    all_evs += w.read_events(3, b"") + w.write_io_events(3, b"") + w.socket_events(3)
    all_evs += w.connect_events(3, "1.1.1.1", 1, "2.2.2.2", 2) + w.accept_events(
        4, "1.1.1.1", 1, "2.2.2.2", 2
    )
    all_evs += w.accept_events(4, "1.1.1.1", 1, "2.2.2.2", 2, accept4_flags=0) + w.dup_events(1, 5)
    all_evs += w.procexit_events() + w.pipe_events(3, 4, 1) + w.stat_events("/") + w.mmap_events(0, 1)
    all_evs += w.brk_events(0, 0) + w.fstat_events(1) + w.bind_events(3, "::", 1) + w.listen_events(3)
    all_evs += w.sendto_events(3, b"", "1.1.1.1", 1, "2.2.2.2", 2) + w.recvfrom_events(
        3, b"", "1.1.1.1", 1, "2.2.2.2", 2
    )
    for et, params in all_evs:
        assert et < 336, EVENTS[et].name
        if et % 2 == 1:
            assert len(params) == len(EVENTS[et].params), EVENTS[et].name
        elif et != 186:
            assert len(params) == len(EVENTS_2022[et].params), EVENTS[et].name
        w.validate_event(et, params)


# --------------------------------------------------------------------------- validation
def test_validation_errors(tmp_path: Path) -> None:
    with w.CaptureWriter(tmp_path / "v.scap") as cw:
        with pytest.raises(ValueError, match="write_header must be called"):
            cw.write_event(T0, 1, 5, [bytes(8), bytes(8)])
        cw.write_header(procs=procs())
        with pytest.raises(ValueError, match=r"open.*4 parameters given.*2022 count 5 or the HEAD count 6"):
            cw.write_event(T0, 1, 3, [bytes(8), b"/x\0", bytes(4), bytes(4)])
        with pytest.raises(ValueError, match=r"parameter 1 'fd' \(PT_FD\) must be exactly 8 bytes, got 4"):
            cw.write_event(T0, 1, 5, [bytes(8), bytes(4)])
        with pytest.raises(ValueError, match="not in the event table"):
            cw.write_event(T0, 1, len(EVENTS), [])
        with pytest.raises(ValueError, match="unused"):
            cw.write_event(T0, 1, 271, [])
        with pytest.raises(ValueError, match="limit is 65535"):
            cw.write_event(T0, 1, 9, [bytes(8), b"x" * 70000, bytes(8), bytes(4)])
        with pytest.raises(ValueError, match="cannot be written"):
            w.encode_value(35, ["a"])  # PT_CHARBUFARRAY
        with pytest.raises(ValueError, match="NUL"):
            w.encode_params(3, [3, "a\0b", 1, 0, 0, 0])
        with pytest.raises(ValueError, match="unknown family"):
            w.encode_params(23, [0, ("ipx", 1), 3, ("inet", "1.2.3.4", 1)])
        with pytest.raises(ValueError, match="does not fit"):
            w.encode_params(5, [0, 1 << 64])
        cw.write_event(T0, 1, 362, w.encode_params(362, [3]))  # new ids are allowed by default
    with w.CaptureWriter(tmp_path / "c.scap", compat_2022=True) as cw:
        cw.write_header()
        with pytest.raises(ValueError, match="newer than sysdig 0.29.3"):
            cw.write_event(T0, 1, 362, w.encode_params(362, [3]))
    with w.CaptureWriter(tmp_path / "f.scap") as cw:
        with pytest.raises(ValueError, match=r"not in the process list: \[999\]"):
            cw.write_header(procs=procs(), fdlists={999: [m.FdEntry(0, 0, m.FD_FILE_V2, "/x")]})
        cw.write_header(procs=procs())


# --------------------------------------------------------------------------- damaged copies
def test_truncated_copies_keep_every_complete_event(tmp_path: Path) -> None:
    src = tmp_path / "full.scap"
    evs = write_sample(src)
    data = src.read_bytes()
    blocks = list(blocks_of(data))
    first_ev = next(off for off, bt, _ in blocks if bt in m.EVENT_BLOCKS)
    large = next(off for off, bt, _ in blocks if bt == m.EV_V2_LARGE)
    cuts = {
        28,
        100,
        blocks[4][0] + 20,
        blocks[5][0] + 1,  # inside the header of a metadata block
        first_ev,
        first_ev + 3,
        first_ev + 9,
        first_ev + 40,
        blocks[20][0] + 1,
        large + 30000,
        len(data) - 4,
        len(data) - 1,
    }
    for cut in sorted(cuts):
        path = tmp_path / f"cut{cut}.scap"
        path.write_bytes(data[:cut])
        h, got, st = read(path)  # must not raise
        complete = [off for off, bt, bl in blocks if bt in m.EVENT_BLOCKS and off + bl <= cut]
        assert len(got) == len(complete), cut
        assert got == evs[: len(got)]
        partial = next((off for off, _, bl in blocks if off < cut < off + bl), None)
        if partial is not None:
            assert st.truncated_at == partial, cut
            assert any(f"byte offset {partial}" in x for x in st.warnings), st.warnings
        # said once, wherever the cut is (the header and the events are read in turn)
        assert sum("capture is truncated" in x for x in st.warnings) <= 1, (cut, st.warnings)


def test_truncated_gzip_copy_keeps_every_complete_event(tmp_path: Path) -> None:
    src = tmp_path / "full.scap.gz"
    evs = write_sample(src)
    gz = src.read_bytes()
    cut = len(gz) * 2 // 3
    path = tmp_path / "cut.scap.gz"
    path.write_bytes(gz[:cut])
    avail = zlib.decompressobj(31).decompress(gz[:cut])
    complete = [off for off, bt, _ in blocks_of(avail) if bt in m.EVENT_BLOCKS]
    h, got, st = read(path)
    assert len(got) == len(complete) and got == evs[: len(got)]
    assert st.warnings


def _corrupt(tmp_path: Path, name: str, patch: tuple[int, bytes]) -> Path:
    src = tmp_path / "ok.scap"
    if not src.exists():
        write_sample(src)
    data = bytearray(src.read_bytes())
    off, b = patch
    data[off : off + len(b)] = b
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


def test_corrupt_metadata_trailer(tmp_path: Path) -> None:
    write_sample(tmp_path / "ok.scap")
    blocks = list(blocks_of((tmp_path / "ok.scap").read_bytes()))
    for idx, name in ((1, "MI"), (4, "PL_V9"), (5, "FDL_V2")):
        off, _, bl = blocks[idx]
        path = _corrupt(tmp_path, f"trailer{idx}.scap", (off + bl - 4, struct.pack("<I", bl + 4)))
        with pytest.raises(CorruptBlockError) as ei:
            read_all_events(str(path))
        assert ei.value.offset == off and ei.value.block == name
        assert f"byte offset {off}" in str(ei.value) and name in str(ei.value)


def test_corrupt_event_length(tmp_path: Path) -> None:
    write_sample(tmp_path / "ok.scap")
    blocks = list(blocks_of((tmp_path / "ok.scap").read_bytes()))
    off, bt, bl = blocks[10]
    assert bt == m.EV_V2
    path = _corrupt(tmp_path, "evlen.scap", (off + 10 + 16, struct.pack("<I", bl * 2)))
    with pytest.raises(CorruptBlockError) as ei:
        read_all_events(str(path))
    assert ei.value.offset == off and ei.value.block == "EV_V2"


def test_event_trailer_is_not_checked_like_libscap(tmp_path: Path) -> None:
    """libscap reads an event block by its header length and never looks at the trailing copy
    (sysdig reads such a file whole); the reader does the same: every event, unchanged."""
    write_sample(tmp_path / "ok.scap")
    blocks = list(blocks_of((tmp_path / "ok.scap").read_bytes()))

    def events(p: Path) -> tuple[list[tuple[int, int, int, list[bytes]]], int | None]:
        _, batches, st = read_all_events(str(p))
        return [(int(b.ts[i]), int(b.tid[i]), int(b.type[i]), b.params(i)) for b in batches
                for i in range(len(b))], st.truncated_at

    # a block amid the others, and the file's last block (nothing follows it: no truncation either)
    for k in (10, len(blocks) - 1):
        off, bt, bl = blocks[k]
        assert bt in m.EVENT_BLOCKS
        path = _corrupt(tmp_path, f"evtrailer{k}.scap", (off + bl - 4, struct.pack("<I", 12345)))
        damaged, cut = events(path)
        assert damaged and (damaged, cut) == events(tmp_path / "ok.scap"), k


@pytest.mark.parametrize("delta", [4, 8, -4])
def test_damaged_event_block_length_is_corrupt_not_truncated(tmp_path: Path, delta: int) -> None:
    """A block length changed by a few bytes still holds its event, but the reader then lands
    inside the next block: the damaged block is named (with its offset), never read on as
    misaligned data that ends in a "truncated" warning (a CI gate would pass a broken capture)."""
    write_sample(tmp_path / "ok.scap")
    blocks = list(blocks_of((tmp_path / "ok.scap").read_bytes()))
    for k in (10, len(blocks) // 2):
        off, bt, bl = blocks[k]
        assert bt == m.EV_V2
        path = _corrupt(tmp_path, f"len{k}_{delta}.scap", (off + 4, struct.pack("<I", bl + delta)))
        with pytest.raises(CorruptBlockError) as ei:
            read_all_events(str(path))
        assert ei.value.offset == off and ei.value.block == "EV_V2", (k, delta, str(ei.value))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello world, this is not a capture file at all\n",
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        struct.pack("<IIIHHqI", m.SHB, 28, 0x4D3C2B1A, 1, 2, -1, 28),
    ],
    ids=["empty", "text", "png", "byteswapped"],
)
def test_not_a_capture(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.scap"
    path.write_bytes(content)
    with pytest.raises(NotACaptureError):
        read_all_events(str(path))


# --------------------------------------------------------------------------- sysdig oracle
def write_scenario(path: Path) -> int:
    """PL with a shell; clone -> execve cat; openat/read/close /etc/passwd; socket/connect/write; exit."""
    init = m.ProcEntry(
        tid=1,
        pid=1,
        ptid=0,
        comm="systemd",
        exe="/sbin/init",
        exepath="/usr/lib/systemd/systemd",
        args=["splash"],
        cwd="/",
        sid=1,
        vpgid=1,
        vtid=1,
        vpid=1,
        fdlimit=1024,
    )
    bash = m.ProcEntry(
        tid=100,
        pid=100,
        ptid=1,
        comm="bash",
        exe="-bash",
        exepath="/usr/bin/bash",
        cwd="/home/alice",
        uid=1000,
        gid=1000,
        sid=100,
        vpgid=100,
        vtid=100,
        vpid=100,
        fdlimit=1024,
        env=["HOME=/home/alice", "USER=alice"],
        loginuid=1000,
    )
    tty = [m.FdEntry(fd, 3, m.FD_FILE_V2, "/dev/pts/0", open_flags=w.O_RDWR) for fd in (0, 1, 2)]
    cat = replace(
        bash,
        tid=101,
        pid=101,
        ptid=100,
        comm="cat",
        exe="cat",
        exepath="/usr/bin/cat",
        args=["/etc/passwd"],
        vpgid=101,
        vtid=101,
        vpid=101,
        tty=0x8800,
    )
    n = 0
    with w.CaptureWriter(path) as cw:
        cw.write_header(machine(), interfaces(), users(), groups(), [init, bash], {100: tty})
        ts = T0
        pe, ce = w.clone_events(bash, 101)
        ts = cw.write_events(ts, 100, pe, cpu=1)
        ts = cw.write_events(ts, 101, ce, cpu=2)
        for evs in (
            w.execve_events(cat),
            w.openat_events(3, "/etc/passwd", w.O_RDONLY | w.O_CLOEXEC, dev=0x803, ino=1234),
            w.read_events(3, b"root:x:0:0:root:/root:/bin/bash\n"),
            w.close_events(3),
            w.socket_events(3, w.AF_INET, w.SOCK_STREAM, 0),
            w.connect_events(3, "10.0.0.1", 45678, "10.0.0.2", 80),
            w.write_io_events(3, b"GET / HTTP/1.0\r\n\r\n"),
            w.procexit_events(0),
        ):
            ts = cw.write_events(ts, 101, evs, cpu=2)
        n = cw.events_written
    return n


FIELDS = [
    "evt.num",
    "evt.type",
    "evt.dir",
    "thread.tid",
    "proc.name",
    "proc.pname",
    "proc.cmdline",
    "proc.exepath",
    "proc.cwd",
    "user.name",
    "user.loginuid",
    "fd.name",
    "fd.sip",
    "fd.sport",
    "fd.cip",
    "fd.cport",
    "evt.args",
]


@pytest.mark.sysdig
def test_sysdig_reads_scenario(tmp_path: Path) -> None:
    path = tmp_path / "scenario.scap"
    n = write_scenario(path)
    lines = run_sysdig(path, "*" + "\t".join(f"%{f}" for f in FIELDS))
    rows = [dict(zip(FIELDS, ln.split("\t"), strict=True)) for ln in lines]
    assert len(rows) == n == len(read(path)[1])
    by = {(r["evt.type"], r["evt.dir"]): r for r in rows}

    ex = by[("execve", "<")]
    assert (ex["proc.name"], ex["proc.pname"], ex["proc.cmdline"], ex["proc.exepath"]) == (
        "cat",
        "bash",
        "cat /etc/passwd",
        "/usr/bin/cat",
    )
    op = by[("openat", "<")]
    assert (op["proc.name"], op["proc.pname"], op["proc.cmdline"]) == ("cat", "bash", "cat /etc/passwd")
    assert op["fd.name"] == "/etc/passwd" and op["user.name"] == "alice" and op["user.loginuid"] == "1000"
    assert op["proc.cwd"] == "/home/alice/"
    assert op["evt.args"].split() == [
        "fd=3(<f>/etc/passwd)",
        "dirfd=-100(AT_FDCWD)",
        "name=/etc/passwd",
        "flags=4097(O_RDONLY|O_CLOEXEC)",
        "mode=0",
        "dev=803",
    ]
    rd = by[("read", "<")]
    assert rd["fd.name"] == "/etc/passwd" and rd["evt.args"].startswith("res=32 data=root:x:0:0:")
    co = by[("connect", "<")]
    assert co["fd.name"] == "10.0.0.1:45678->10.0.0.2:80"
    assert (co["fd.sip"], co["fd.sport"], co["fd.cip"], co["fd.cport"]) == (
        "10.0.0.2",
        "80",
        "10.0.0.1",
        "45678",
    )
    wr = by[("write", ">")]
    assert (
        wr["fd.sip"] == "10.0.0.2"
        and wr["fd.sport"] == "80"
        and wr["evt.args"].startswith("fd=3(<4t>10.0.0.1:45678->")
    )
    pe = by[("procexit", ">")]
    assert pe["proc.name"] == "cat" and pe["thread.tid"] == "101"
    parent = [r for r in rows if r["evt.type"] == "clone" and r["thread.tid"] == "100"]
    assert {r["proc.name"] for r in parent} == {"bash"} and {r["proc.pname"] for r in parent} == {"systemd"}


@pytest.mark.sysdig
@pytest.mark.parametrize("name", ["rt.scap", "rt.scap.gz"])
def test_sysdig_reads_roundtrip_file(tmp_path: Path, name: str) -> None:
    """sysdig numbers every event in file order; it shows all but state-only (EVF flag 1) ones."""
    path = tmp_path / name
    evs = write_sample(path)
    lines = run_sysdig(path, "*%evt.num %evt.type %thread.tid")
    shown = {int(ln.split()[0]): ln.split() for ln in lines}
    for num, (_, etype, tid) in shown.items():
        e = evs[num - 1]
        assert int(tid) == e[1], (num, e[:5])
        if e[2] > 1:  # generic events are named after their syscall
            assert etype == EVENTS[e[2]].name, (num, e[:5])
        assert not e[4] & w.DF_STATE_ONLY
    must = {i + 1 for i, e in enumerate(evs) if not e[4] & w.DF_STATE_ONLY and e[2] not in (272, 324)}
    assert must <= set(shown), sorted(must - set(shown))


@pytest.mark.sysdig
def test_sysdig_accepts_empty_capture(tmp_path: Path) -> None:
    path = tmp_path / "empty.scap.gz"
    with w.CaptureWriter(path) as cw:
        cw.write_header(machine(), interfaces(), users(), groups(), procs(), fdlists())
    assert run_sysdig(path, "*%evt.num %evt.type") == []


# --------------------------------------------------------------------------- generator
@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("gen") / "gen.scap"
    n = 30000
    load_generator().generate(str(path), n, seed=5, quiet=True)
    return path, n


def test_generator_output_is_consistent(generated: tuple[Path, int]) -> None:
    path, n = generated
    h, b, st = read_all_events(str(path))
    assert st.warnings == [] and sum(len(x) for x in b) == n
    assert 180 <= len(h.procs) <= 260 and len(h.fdlists) > 20
    ts = np.concatenate([x.ts for x in b]).astype(np.int64)
    assert bool((np.diff(ts) > 0).all())
    tids = np.concatenate([x.tid for x in b]).tolist()
    types = np.concatenate([x.type for x in b]).tolist()
    enter_only = {186, 272, 324, 234}
    child_first = {223, 225, 227}
    last: dict[int, int] = {}
    for tid, et in zip(tids, types, strict=True):
        assert et < 336
        if et in enter_only:
            continue
        if et % 2 == 1:
            prev = last.get(tid)
            ok = prev == et - 1 or (prev is None and et in child_first)
            assert ok, f"exit {EVENTS[et].name} on tid {tid} after {prev}"
            last[tid] = et
        else:
            prev = last.get(tid)
            assert prev is None or prev % 2 == 1, f"enter {EVENTS[et].name} on tid {tid} after enter {prev}"
            last[tid] = et
    # every exit carries the HEAD count, every enter its 2022 count
    for x in b:
        for i in range(len(x)):
            et, npar = int(x.type[i]), int(x.nparams[i])
            want = len(EVENTS[et].params) if et % 2 or et in enter_only else len(EVENTS_2022[et].params)
            assert npar == want, EVENTS[et].name


@pytest.mark.sysdig
def test_sysdig_reads_generator_output(generated: tuple[Path, int]) -> None:
    path, n = generated
    lines = run_sysdig(path, "*%evt.num %proc.name")
    # sysdig numbers every event; the leading container event (tid -1) is not printed
    assert len(lines) == n - 1 and int(lines[0].split()[0]) == 2 and int(lines[-1].split()[0]) == n
    assert sum(1 for ln in lines if ln.endswith("<NA>")) == 0
    assert run_sysdig(path, "*%evt.num", "proc.name=no-such-process-xyz") == []
