"""Write .scap captures that sysdig 0.29.3 (libs 2022-03) and current libs/Falco both read.

The layout follows the format reference (``docs/reference/scap-format.md``), section 4:

* SHB (exactly 28 bytes, version 1.2), MI (180-byte body), IL_V2, UL_V2, one PL_V9 (pre-0.10
  tail: loginuid, exe_writable, 3 x caps), then one FDL_V2 per thread that has fds;
* then event blocks: EV_V2, EVF_V2 when the dump flags are non-zero, and the ``_LARGE``
  variants when a block would exceed 64 KiB.

:class:`CaptureWriter` does the framing and validation; :func:`encode_params` turns Python
values into parameter bytes according to the event table; the ``*_events`` helpers build the
enter/exit pairs of common syscalls in the shape both readers accept (enter in its 2022 shape,
exit with the full HEAD parameter count, only event ids < 336).

The writer buffers output in big chunks. :meth:`CaptureWriter.write_event` costs one
``struct.pack`` plus a small validation; :meth:`CaptureWriter.write_raw_event_record` and
:meth:`CaptureWriter.write_raw_blocks` skip validation for callers that prepare bytes
themselves (see ``benchmarks/gen_capture.py``).
"""

from __future__ import annotations

import gzip as _gzip
import os
import socket
import stat
import struct
import time
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import BinaryIO

from . import event_table as _et
from . import model as m
from .event_table import (
    DYN_TABLES,
    EF_LARGE_PAYLOAD,
    EF_UNUSED,
    EVENTS,
    EVENTS_2022,
    PPM_AT_FDCWD,
    PT_BYTEBUF,
    PT_CHARBUF,
    PT_CHARBUF_PAIR_ARRAY,
    PT_CHARBUFARRAY,
    PT_DOUBLE,
    PT_DYN,
    PT_FDLIST,
    PT_FIXED_SIZE,
    PT_FSPATH,
    PT_FSRELPATH,
    PT_IPADDR,
    PT_IPNET,
    PT_IPV4ADDR,
    PT_IPV6ADDR,
    PT_SOCKADDR,
    PT_SOCKTUPLE,
)

__all__ = [
    "AF_INET",
    "AF_INET6",
    "AF_UNIX",
    "BLOCK_CPU_OFFSET",
    "BLOCK_TID_OFFSET",
    "BLOCK_TS_OFFSET",
    "CaptureWriter",
    "Ev",
    "accept_events",
    "bind_events",
    "brk_events",
    "clone_events",
    "close_events",
    "connect_events",
    "connect_unix_events",
    "dup_events",
    "encode_params",
    "encode_value",
    "event_block",
    "event_record",
    "execve_events",
    "fstat_events",
    "listen_events",
    "mmap_events",
    "open_events",
    "openat_events",
    "param_offsets",
    "pipe_events",
    "procexit_events",
    "read_events",
    "recvfrom_events",
    "sendto_events",
    "socket_events",
    "stat_events",
    "syscall_events",
    "validate_event",
    "write_io_events",
]

# --------------------------------------------------------------------------- constants
BYTE_ORDER_MAGIC = 0x1A2B3C4D
SHB_LEN = 28
MI_BODY_LEN = 180
READER_BUF_SIZE = 65536  # a non-large block may hold at most this many bytes after its 8-byte header
FLUSH_AT = 4 << 20
EVENT_HEADER_LEN = 26
MAX_EVENT_ID_2022 = len(EVENTS_2022)  # 336

# Offsets inside an EV_V2 block (cpu u16 follows the 8-byte block header; EVF_V2 adds 4 bytes).
BLOCK_CPU_OFFSET = 8
BLOCK_TS_OFFSET = 10
BLOCK_TID_OFFSET = 18

# Reader limits (libscap 2022: scap.h / scap_savefile.c / scap_fds.c).
MAX_PATH_LEN = 1024  # PL comm, exe, exepath, cwd, root (stlen > 1024 is rejected)
MAX_ARGS_LEN = 4096  # PL args, env, cgroups
MAX_FD_NAME_LEN = 1023  # FDL names (stlen >= 1024 is rejected)
MAX_IFNAME_LEN = 1023
MAX_CREDENTIALS_LEN = 255  # UL strings (>= 256 is rejected)

# PPM_O_* open flags (driver/ppm_events_public.h)
O_NONE = 0
O_RDONLY = 1 << 0
O_WRONLY = 1 << 1
O_RDWR = O_RDONLY | O_WRONLY
O_CREAT = 1 << 2
O_APPEND = 1 << 3
O_DSYNC = 1 << 4
O_EXCL = 1 << 5
O_NONBLOCK = 1 << 6
O_SYNC = 1 << 7
O_TRUNC = 1 << 8
O_DIRECT = 1 << 9
O_DIRECTORY = 1 << 10
O_LARGEFILE = 1 << 11
O_CLOEXEC = 1 << 12
O_TMPFILE = 1 << 13
O_F_CREATED = 1 << 14

# PPM_AF_* socket families
AF_UNSPEC = 0
AF_UNIX = 1
AF_INET = 2
AF_INET6 = 10
AF_NETLINK = 16

# Linux socket types / protocols (stay raw in events)
SOCK_STREAM = 1
SOCK_DGRAM = 2
IPPROTO_TCP = 6
IPPROTO_UDP = 17

# scap l4 protocols (FDL entries)
L4_TCP = 2
L4_UDP = 3
L4_ICMP = 4
L4_RAW = 5

# PPM_CL_* clone flags
CL_CLONE_FILES = m.CL_CLONE_FILES
CL_CLONE_FS = m.CL_CLONE_FS
CL_CLONE_SIGHAND = m.CL_CLONE_SIGHAND
CL_CLONE_THREAD = m.CL_CLONE_THREAD
CL_CLONE_VM = m.CL_CLONE_VM
CL_CLONE_VFORK = m.CL_CLONE_VFORK
CL_CLONE_CHILD_CLEARTID = m.CL_CLONE_CHILD_CLEARTID
CL_CLONE_CHILD_SETTID = m.CL_CLONE_CHILD_SETTID
CL_CLONE_SETTLS = m.CL_CLONE_SETTLS
CL_THREAD_FLAGS = (
    CL_CLONE_VM | CL_CLONE_FS | CL_CLONE_FILES | CL_CLONE_SIGHAND | CL_CLONE_THREAD | CL_CLONE_SETTLS
)

# PPM_EXE_* (execve exit param 19)
EXE_WRITABLE = 1 << 0
EXE_UPPER_LAYER = 1 << 1
EXE_FROM_MEMFD = 1 << 2
EXE_LOWER_LAYER = 1 << 3

# PPM_PROT_* / PPM_MAP_*
PROT_READ = 1
PROT_WRITE = 2
PROT_EXEC = 4
MAP_SHARED = 1
MAP_PRIVATE = 2
MAP_FIXED = 4
MAP_ANONYMOUS = 8

DF_STATE_ONLY = 1  # SCAP_DF_STATE_ONLY dump flag

AT_FDCWD = PPM_AT_FDCWD

# Well-known event ids used by the helpers (all < 336, readable by sysdig 0.29.3).
PPME_GENERIC_E = 0
PPME_SYSCALL_OPEN_E = 2
PPME_SYSCALL_CLOSE_E = 4
PPME_SYSCALL_READ_E = 6
PPME_SYSCALL_WRITE_E = 8
PPME_SOCKET_SOCKET_E = 18
PPME_SOCKET_BIND_E = 20
PPME_SOCKET_CONNECT_E = 22
PPME_SOCKET_LISTEN_E = 24
PPME_SOCKET_SENDTO_E = 30
PPME_SOCKET_RECVFROM_E = 34
PPME_SYSCALL_PIPE_E = 60
PPME_SYSCALL_STAT_E = 66
PPME_SYSCALL_FSTAT_E = 70
PPME_SYSCALL_DUP_E = 124
PPME_SYSCALL_BRK_4_E = 158
PPME_SYSCALL_MMAP_E = 160
PPME_PROCEXIT_1_E = 186
PPME_SCAPEVENT_E = 196
PPME_SYSCALL_CLONE_20_E = 222
PPME_SYSCALL_FORK_20_E = 224
PPME_SYSCALL_VFORK_20_E = 226
PPME_PROCINFO_E = 234
PPME_SOCKET_ACCEPT_5_E = 246
PPME_SOCKET_ACCEPT4_5_E = 248
PPME_SYSCALL_EXECVE_19_E = 292
PPME_SYSCALL_OPENAT_2_E = 306

_PT_NAMES = {
    v: k for k, v in vars(_et).items() if k.startswith("PT_") and isinstance(v, int) and k != "PT_MAX"
}

_u16 = struct.Struct("<H")
_u32 = struct.Struct("<I")
_bh = struct.Struct("<II")
# block type, block length, cpu, ts, tid, event len, event type, nparams
_EV_HDR = struct.Struct("<IIHQqIHI")
_EVF_HDR = struct.Struct("<IIHIQqIHI")
_REC_HDR = struct.Struct("<QqIHI")
_PAD = (b"", b"\0", b"\0\0", b"\0\0\0")

_TRAILER = tuple(struct.Struct(f"<{pad}xI") for pad in range(4))  # padding + trailer length

# (etype, nparams) -> (lens struct, fixed-size checks, EV_V2 header+lens struct, EVF_V2 header+lens
# struct); filled lazily
_CheckEntry = tuple[struct.Struct, tuple[tuple[int, int], ...], struct.Struct, struct.Struct]
_CHECKS: dict[tuple[int, int], _CheckEntry] = {}

Ev = tuple[int, list[bytes]]
"""An event without its header: (event type id, encoded parameter values)."""


# --------------------------------------------------------------------------- validation
def _accepted_counts(etype: int) -> tuple[int, ...]:
    head = len(EVENTS[etype].params)
    if etype < MAX_EVENT_ID_2022:
        old = len(EVENTS_2022[etype].params)
        return (head,) if old == head else (old, head)
    return (head,)


def _check_entry(etype: int, n: int) -> _CheckEntry:
    """Validate (etype, n) once and return the lens struct and the fixed-size checks."""
    if not 0 <= etype < len(EVENTS):
        raise ValueError(f"event type {etype} is not in the event table (0..{len(EVENTS) - 1})")
    info = EVENTS[etype]
    if info.flags & EF_UNUSED:
        raise ValueError(f"event type {etype} ({info.name}) is marked unused in the event table")
    counts = _accepted_counts(etype)
    if n not in counts:
        if len(counts) == 2:
            want = f"the 2022 count {counts[0]} or the HEAD count {counts[1]}"
        else:
            want = f"exactly {counts[0]}"
        raise ValueError(
            f"event {etype} ({info.name}, {'enter' if etype % 2 == 0 else 'exit'}): {n} parameters given, "
            f"readers accept {want}"
        )
    fixed = tuple(
        (i, PT_FIXED_SIZE[p.ptype]) for i, p in enumerate(info.params[:n]) if p.ptype in PT_FIXED_SIZE
    )
    lw = "I" if info.flags & EF_LARGE_PAYLOAD else "H"
    entry = (
        struct.Struct(f"<{n}{lw}"),
        fixed,
        struct.Struct(f"<IIHQqIHI{n}{lw}"),
        struct.Struct(f"<IIHIQqIHI{n}{lw}"),
    )
    _CHECKS[(etype, n)] = entry
    return entry


def _size_error(etype: int, i: int, size: int, got: int) -> ValueError:
    info = EVENTS[etype]
    p = info.params[i]
    return ValueError(
        f"event {etype} ({info.name}) parameter {i} '{p.name}' ({_PT_NAMES.get(p.ptype, p.ptype)}) "
        f"must be exactly {size} bytes, got {got}"
    )


def validate_event(etype: int, params: Sequence[bytes]) -> None:
    """Raise ValueError unless both readers accept this event (param count, fixed sizes, lengths)."""
    entry = _CHECKS.get((etype, len(params))) or _check_entry(etype, len(params))
    for i, size in entry[1]:
        if len(params[i]) != size:
            raise _size_error(etype, i, size, len(params[i]))
    limit = 0xFFFFFFFF if entry[0].format.endswith("I") else 0xFFFF
    for i, p in enumerate(params):
        if len(p) > limit:
            raise ValueError(
                f"event {etype} ({EVENTS[etype].name}) parameter {i} is {len(p)} bytes; "
                f"the limit is {limit} for this event"
            )


# --------------------------------------------------------------------------- value encoding
def _ip_bytes(ip: str | bytes | int, v6: bool | None = None) -> bytes:
    if isinstance(ip, bytes):
        if len(ip) not in (4, 16):
            raise ValueError(f"an IP address must be 4 or 16 bytes, got {len(ip)}")
        return ip
    if isinstance(ip, int):
        return ip.to_bytes(16 if v6 else 4, "big")
    if v6 is None:
        v6 = ":" in ip
    return socket.inet_pton(socket.AF_INET6 if v6 else socket.AF_INET, ip)


def _cstr(v: object, what: str) -> bytes:
    if isinstance(v, bytes):
        b = v
    elif isinstance(v, str):
        b = v.encode("utf-8", "surrogateescape")
    else:
        raise TypeError(f"{what}: expected str, got {type(v).__name__}")
    if b"\0" in b:
        raise ValueError(f"{what}: string contains a NUL byte")
    return b + b"\0"


def _nul_list(items: Iterable[str | bytes]) -> bytes:
    out = bytearray()
    for s in items:
        b = s.encode("utf-8", "surrogateescape") if isinstance(s, str) else bytes(s)
        out += b
        out += b"\0"
    return bytes(out)


def _sockaddr(v: object) -> bytes:
    if not isinstance(v, tuple) or not v:
        raise TypeError(f"SOCKADDR: expected a tuple like ('inet', ip, port), got {v!r}")
    fam = v[0]
    if fam == "inet":
        _, ip, port = v
        return b"\x02" + _ip_bytes(ip, False) + _u16.pack(port)
    if fam == "inet6":
        _, ip, port = v
        return b"\x0a" + _ip_bytes(ip, True) + _u16.pack(port)
    if fam == "unix":
        path = v[1]
        pb = path.encode("utf-8", "surrogateescape") if isinstance(path, str) else bytes(path)
        if pb.startswith(b"\0"):  # abstract socket: the driver skips the leading NUL
            pb = pb[1:]
        return b"\x01" + pb.split(b"\0", 1)[0] + b"\0"
    raise ValueError(f"SOCKADDR: unknown family {fam!r} (use 'inet', 'inet6' or 'unix')")


def _socktuple(v: object) -> bytes:
    if not isinstance(v, tuple) or not v:
        raise TypeError(f"SOCKTUPLE: expected a tuple like ('inet', sip, sport, dip, dport), got {v!r}")
    fam = v[0]
    if fam in ("inet", "inet6"):
        _, sip, sport, dip, dport = v
        six = fam == "inet6"
        return (
            (b"\x0a" if six else b"\x02")
            + _ip_bytes(sip, six)
            + _u16.pack(sport)
            + _ip_bytes(dip, six)
            + _u16.pack(dport)
        )
    if fam == "unix":
        _, src, dst, path = v
        pb = path.encode("utf-8", "surrogateescape") if isinstance(path, str) else bytes(path)
        if pb.startswith(b"\0"):
            pb = pb[1:]
        return b"\x01" + struct.pack("<QQ", src, dst) + pb.split(b"\0", 1)[0] + b"\0"
    raise ValueError(f"SOCKTUPLE: unknown family {fam!r} (use 'inet', 'inet6' or 'unix')")


def encode_value(ptype: int, value: object, info: object = None) -> bytes:
    """Encode one parameter value of type ``ptype`` (``info`` is the table's info field).

    bytes are always taken as the raw encoding. None gives an empty (unavailable) value.
    """
    if value is None:
        return b""
    if isinstance(value, bytes | bytearray | memoryview) and ptype not in (
        PT_CHARBUF,
        PT_FSPATH,
        PT_FSRELPATH,
    ):
        return bytes(value)
    size = PT_FIXED_SIZE.get(ptype)
    if size is not None:
        if ptype == PT_DOUBLE:
            return struct.pack("<d", float(value))  # type: ignore[arg-type]
        if ptype == PT_IPV4ADDR:
            return _ip_bytes(value, False)  # type: ignore[arg-type]
        if ptype == PT_IPV6ADDR:
            return _ip_bytes(value, True)  # type: ignore[arg-type]
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, int):
            raise TypeError(f"{_PT_NAMES.get(ptype, ptype)}: expected int, got {type(value).__name__}")
        bits = size * 8
        if not -(1 << (bits - 1)) <= value < (1 << bits):
            raise ValueError(f"{_PT_NAMES.get(ptype, ptype)}: {value} does not fit in {size} bytes")
        return (value & ((1 << bits) - 1)).to_bytes(size, "little")
    if ptype in (PT_CHARBUF, PT_FSPATH, PT_FSRELPATH):
        if isinstance(value, bytes | bytearray | memoryview):
            b = bytes(value)
            return b if b.endswith(b"\0") else _cstr(b, _PT_NAMES[ptype])
        return _cstr(value, _PT_NAMES[ptype])
    if ptype == PT_BYTEBUF:
        if isinstance(value, str):
            return value.encode("utf-8", "surrogateescape")
        if isinstance(value, list | tuple):
            return _nul_list(value)
        raise TypeError(f"PT_BYTEBUF: expected bytes, str or list[str], got {type(value).__name__}")
    if ptype == PT_SOCKADDR:
        return _sockaddr(value)
    if ptype == PT_SOCKTUPLE:
        return _socktuple(value)
    if ptype == PT_FDLIST:
        items = list(value)  # type: ignore[call-overload]
        return _u16.pack(len(items)) + b"".join(struct.pack("<qh", fd, fl) for fd, fl in items)
    if ptype == PT_DYN:
        if not isinstance(info, str) or info not in DYN_TABLES:
            raise ValueError(f"PT_DYN parameter without a dynamic table (info={info!r})")
        idx, inner = value  # type: ignore[misc]
        table = DYN_TABLES[info]
        if not 0 <= idx < len(table):
            raise ValueError(f"PT_DYN index {idx} out of range for {info}")
        return bytes([idx]) + encode_value(table[idx].ptype, inner, table[idx].info)
    if ptype in (PT_IPADDR, PT_IPNET):
        return _ip_bytes(value)  # type: ignore[arg-type]
    if ptype in (PT_CHARBUFARRAY, PT_CHARBUF_PAIR_ARRAY):
        raise ValueError(
            f"{_PT_NAMES[ptype]} is an in-memory pointer encoding and cannot be written to a file"
        )
    raise ValueError(f"cannot encode parameter type {_PT_NAMES.get(ptype, ptype)}")


def encode_params(etype: int, values: Sequence[object]) -> list[bytes]:
    """Encode ``values`` per the HEAD event table's parameter types for event ``etype``.

    ``len(values)`` must be a count the readers accept: the HEAD count, or (ids < 336) the
    2022 count. Ints for integer/flag/fd/pid/errno/uid types (already PPM_* encoded), str for
    CHARBUF/FSPATH/FSRELPATH (the NUL is appended), bytes or list[str] (NUL-separated) for
    BYTEBUF, tuples for SOCKADDR (``("inet", ip, port)``, ``("inet6", ip, port)``,
    ``("unix", path)``) and SOCKTUPLE (``("inet", sip, sport, dip, dport)``, ``("inet6", ...)``,
    ``("unix", src_ptr, dst_ptr, path)``), ``(index, value)`` for PT_DYN, ``[(fd, flags)]`` for
    PT_FDLIST. bytes are taken as already encoded.
    """
    n = len(values)
    entry = _CHECKS.get((etype, n)) or _check_entry(etype, n)
    info = EVENTS[etype]
    out: list[bytes] = []
    for i, (p, v) in enumerate(zip(info.params, values, strict=False)):
        try:
            out.append(encode_value(p.ptype, v, p.info))
        except (TypeError, ValueError, OSError, struct.error) as e:
            raise ValueError(f"event {etype} ({info.name}) parameter {i} '{p.name}': {e}") from None
    for i, size in entry[1]:
        if len(out[i]) != size:
            raise _size_error(etype, i, size, len(out[i]))
    return out


# --------------------------------------------------------------------------- event bytes
def event_record(ts: int, tid: int, etype: int, params: Sequence[bytes]) -> bytes:
    """The event record (26-byte header + length array + values), without block framing."""
    n = len(params)
    entry = _CHECKS.get((etype, n)) or _check_entry(etype, n)
    lens_s = entry[0]
    data = b"".join(params)
    ln = EVENT_HEADER_LEN + lens_s.size + len(data)
    return _REC_HDR.pack(ts, tid, ln, etype, n) + lens_s.pack(*map(len, params)) + data


def _frame(record: bytes, cpu: int, flags: int) -> bytes:
    evlen = len(record)
    pad = -(2 + evlen) & 3
    if flags:
        bl = 18 + evlen + pad
        bt = m.EVF_V2 if bl - 8 <= READER_BUF_SIZE else m.EVF_V2_LARGE
        return struct.pack("<IIHI", bt, bl, cpu, flags) + record + _PAD[pad] + _u32.pack(bl)
    bl = 14 + evlen + pad
    bt = m.EV_V2 if bl - 8 <= READER_BUF_SIZE else m.EV_V2_LARGE
    return struct.pack("<IIH", bt, bl, cpu) + record + _PAD[pad] + _u32.pack(bl)


def event_block(
    ts: int,
    tid: int,
    etype: int,
    params: Sequence[bytes],
    cpu: int = 0,
    flags: int = 0,
    *,
    validate: bool = True,
) -> bytes:
    """One complete event block (header, cpu[, flags], record, padding, trailer)."""
    if validate:
        validate_event(etype, params)
    return _frame(event_record(ts, tid, etype, params), cpu, flags)


def param_offsets(block: bytes | bytearray | memoryview, start: int = 0) -> list[int]:
    """Byte offsets (relative to ``start``) of each parameter value of the event block at ``start``.

    Handy to patch prepared template blocks with ``struct.pack_into``.
    """
    bt = _u32.unpack_from(block, start)[0]
    r = start + (14 if bt in m.EVENT_BLOCKS_FLAGS else 10)
    etype, n = struct.unpack_from("<HI", block, r + 20)
    large = etype < len(EVENTS) and bool(EVENTS[etype].flags & EF_LARGE_PAYLOAD)
    lens = struct.unpack_from(f"<{n}{'I' if large else 'H'}", block, r + EVENT_HEADER_LEN)
    p = r + EVENT_HEADER_LEN + (4 if large else 2) * n
    out: list[int] = []
    for ln in lens:
        out.append(p - start)
        p += ln
    return out


# --------------------------------------------------------------------------- metadata blocks
def _block(bt: int, body: bytes | bytearray) -> bytes:
    pad = -len(body) & 3
    bl = 12 + len(body) + pad
    return _bh.pack(bt, bl) + bytes(body) + _PAD[pad] + _u32.pack(bl)


def _trunc(s: str | bytes, limit: int) -> bytes:
    b = s.encode("utf-8", "surrogateescape") if isinstance(s, str) else bytes(s)
    if len(b) <= limit:
        return b
    b = b[:limit]
    # do not cut a UTF-8 sequence in half
    while b and (b[-1] & 0xC0) == 0x80:
        b = b[:-1]
    if b and b[-1] >= 0xC0:
        b = b[:-1]
    return b


def _lstr(s: str | bytes, limit: int) -> bytes:
    b = _trunc(s, limit)
    return _u16.pack(len(b)) + b


def _llist(items: Sequence[str], limit: int) -> bytes:
    b = _nul_list(items)
    if len(b) > limit:
        # keep whole entries where possible, as /proc readers do with a fixed buffer
        b = b[:limit]
        cut = b.rfind(b"\0")
        b = b[: cut + 1] if cut >= 0 else b
    return _u16.pack(len(b)) + b


def shb_block() -> bytes:
    return struct.pack("<IIIHHqI", m.SHB, SHB_LEN, BYTE_ORDER_MAGIC, 1, 2, -1, SHB_LEN)


def mi_block(mi: m.MachineInfo) -> bytes:
    host = _trunc(mi.hostname, 127)
    body = struct.pack(
        "<IQQ128sQQQQ", mi.num_cpus, mi.memory_bytes, mi.max_pid, host, mi.boot_ts, mi.flags, 0, 0
    )
    assert len(body) == MI_BODY_LEN
    return _block(m.MI, body)


def il_block(interfaces: Sequence[m.Interface]) -> bytes:
    body = bytearray()
    for itf in interfaces:
        name = _trunc(itf.name, MAX_IFNAME_LEN)
        six = itf.family == 6
        if itf.family not in (4, 6):
            raise ValueError(f"interface {itf.name!r}: family must be 4 or 6, got {itf.family}")
        addrs = b"".join(
            _ip_bytes(a, six) if a else bytes(16 if six else 4) for a in (itf.addr, itf.netmask, itf.bcast)
        )
        if len(addrs) != (48 if six else 12):
            raise ValueError(f"interface {itf.name!r}: addresses do not match IPv{itf.family}")
        entry = (
            struct.pack("<HH", 2 if six else 1, len(name)) + addrs + struct.pack("<Q", itf.linkspeed) + name
        )
        body += _u32.pack(len(entry)) + entry
    return _block(m.IL_V2, body)


def ul_block(users: Sequence[m.User], groups: Sequence[m.Group]) -> bytes:
    body = bytearray()
    for u in users:
        e = (
            struct.pack("<BII", 0, u.uid & 0xFFFFFFFF, u.gid & 0xFFFFFFFF)
            + _lstr(u.name, MAX_CREDENTIALS_LEN)
            + _lstr(u.homedir, MAX_CREDENTIALS_LEN)
            + _lstr(u.shell, MAX_CREDENTIALS_LEN)
        )
        body += _u32.pack(len(e) + 4) + e
    for g in groups:
        e = struct.pack("<BI", 1, g.gid & 0xFFFFFFFF) + _lstr(g.name, MAX_CREDENTIALS_LEN)
        body += _u32.pack(len(e) + 4) + e
    return _block(m.UL_V2, body)


def pl_entry(p: m.ProcEntry) -> bytes:
    """One PL_V9 entry with the pre-0.10 tail (loginuid, exe_writable, 3 x caps: 29 bytes)."""
    e = b"".join(
        (
            struct.pack("<qqqqq", p.tid, p.pid, p.ptid, p.sid, p.vpgid),
            _lstr(p.comm, MAX_PATH_LEN),
            _lstr(p.exe, MAX_PATH_LEN),
            _lstr(p.exepath, MAX_PATH_LEN),
            _llist(p.args, MAX_ARGS_LEN),
            _lstr(p.cwd, MAX_PATH_LEN),
            struct.pack(
                "<QIIIIIIQQ",
                p.fdlimit & 0xFFFFFFFFFFFFFFFF,
                p.flags & 0xFFFFFFFF,
                p.uid & 0xFFFFFFFF,
                p.gid & 0xFFFFFFFF,
                p.vmsize_kb,
                p.vmrss_kb,
                p.vmswap_kb,
                p.pfmajor,
                p.pfminor,
            ),
            _llist(p.env, MAX_ARGS_LEN),
            struct.pack("<qq", p.vtid, p.vpid),
            _llist(p.cgroups, MAX_ARGS_LEN),
            _lstr(p.root, MAX_PATH_LEN),
            struct.pack(
                "<IBQQQ",
                0xFFFFFFFF if p.loginuid is None else p.loginuid & 0xFFFFFFFF,
                1 if p.exe_writable else 0,
                p.cap_inheritable,
                p.cap_permitted,
                p.cap_effective,
            ),
        )
    )
    return _u32.pack(len(e) + 4) + e


def pl_block(procs: Sequence[m.ProcEntry]) -> bytes:
    return _block(m.PL_V9, b"".join(pl_entry(p) for p in procs))


def fdl_entry(f: m.FdEntry) -> bytes:
    t = f.type
    if t in (m.FD_BPF, m.FD_USERFAULTFD, m.FD_IOURING, m.FD_MEMFD, m.FD_PIDFD):
        t = m.FD_UNSUPPORTED  # sysdig 0.29.3 aborts on fd types > 16
    head = struct.pack("<qQB", f.fd, f.ino, t)
    if t == m.FD_IPV4_SOCK:
        tail = _ip_bytes(f.sip or bytes(4), False) + _ip_bytes(f.dip or bytes(4), False)
        tail += struct.pack("<HHB", f.sport, f.dport, f.l4proto)
    elif t == m.FD_IPV6_SOCK:
        tail = _ip_bytes(f.sip or bytes(16), True) + _ip_bytes(f.dip or bytes(16), True)
        tail += struct.pack("<HHB", f.sport, f.dport, f.l4proto)
    elif t == m.FD_IPV4_SERVSOCK:
        tail = _ip_bytes(f.sip or bytes(4), False) + struct.pack("<HB", f.sport, f.l4proto)
    elif t == m.FD_IPV6_SERVSOCK:
        tail = _ip_bytes(f.sip or bytes(16), True) + struct.pack("<HB", f.sport, f.l4proto)
    elif t == m.FD_UNIX_SOCK:
        tail = struct.pack("<QQ", f.source, f.dest) + _lstr(f.name, MAX_FD_NAME_LEN)
    elif t == m.FD_FILE_V2:
        tail = _u32.pack(f.open_flags & 0xFFFFFFFF) + _lstr(f.name, MAX_FD_NAME_LEN)
        if f.dev is not None:
            tail += _u32.pack(f.dev & 0xFFFFFFFF)
    elif 1 <= t <= 16:
        tail = _lstr(f.name, MAX_FD_NAME_LEN)
    else:
        raise ValueError(f"fd {f.fd}: unknown fd type {f.type}")
    e = head + tail
    return _u32.pack(len(e) + 4) + e


def fdl_block(tid: int, fds: Sequence[m.FdEntry]) -> bytes:
    return _block(m.FDL_V2, struct.pack("<q", tid) + b"".join(fdl_entry(f) for f in fds))


# --------------------------------------------------------------------------- writer
class CaptureWriter:
    """Write a capture file; use as a context manager.

    ``gzip=None`` compresses when the path ends with ``.gz``. The file is created (or
    truncated) with permission bits ``mode``; an existing file's mode is reset to ``mode``.
    ``compat_2022=True`` refuses event ids >= 336, which sysdig 0.29.3 silently skips.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        gzip: bool | None = None,
        mode: int = 0o600,
        compresslevel: int = 6,
        compat_2022: bool = False,
        flush_at: int = FLUSH_AT,
    ) -> None:
        self.path = os.fspath(path)
        self.gzip = self.path.endswith(".gz") if gzip is None else gzip
        self.compat_2022 = compat_2022
        self.events_written = 0
        self.last_ts = 0
        self._flush_at = flush_at
        self._buf = bytearray()
        self._header_done = False
        self._closed = False
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), mode)
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):  # an existing file keeps its mode on O_TRUNC
                os.fchmod(fd, mode)
        except OSError:
            pass
        self._raw: BinaryIO = open(fd, "wb", buffering=0)  # noqa: SIM115
        self._out: BinaryIO = (
            _gzip.GzipFile(fileobj=self._raw, mode="wb", compresslevel=compresslevel, mtime=0)  # type: ignore[assignment]
            if self.gzip
            else self._raw
        )

    # -- context manager
    def __enter__(self) -> CaptureWriter:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- low level
    def _put(self, b: bytes | bytearray | memoryview) -> None:
        self._buf += b
        if len(self._buf) >= self._flush_at:
            self.flush()

    def flush(self) -> None:
        """Hand the buffered bytes to the file (and the compressor)."""
        if self._buf:
            self._out.write(self._buf)
            self._buf = bytearray()

    def _need_open(self) -> None:
        if self._closed:
            raise ValueError(f"{self.path}: writer is closed")

    # -- metadata
    def write_header(
        self,
        machine: m.MachineInfo | None = None,
        interfaces: Sequence[m.Interface] = (),
        users: Sequence[m.User] = (),
        groups: Sequence[m.Group] = (),
        procs: Sequence[m.ProcEntry] = (),
        fdlists: Mapping[int, Sequence[m.FdEntry]] | None = None,
    ) -> None:
        """SHB, MI, IL_V2, UL_V2, PL_V9, then one FDL_V2 per thread with fds.

        IL/UL/PL are omitted when empty (as libscap does). Every FDL tid must be a PL thread
        (sysdig 0.29.3 aborts otherwise).
        """
        self._need_open()
        if self._header_done:
            raise ValueError(f"{self.path}: write_header called twice")
        fdlists = fdlists or {}
        tids = {p.tid for p in procs}
        missing = sorted(t for t, fds in fdlists.items() if fds and t not in tids)
        if missing:
            raise ValueError(f"fd lists reference threads that are not in the process list: {missing[:10]}")
        out = [shb_block(), mi_block(machine or m.MachineInfo())]
        if interfaces:
            out.append(il_block(interfaces))
        if users or groups:
            out.append(ul_block(users, groups))
        if procs:
            out.append(pl_block(procs))
            for p in procs:  # PL order, one block per thread
                fds = fdlists.get(p.tid)
                if fds:
                    out.append(fdl_block(p.tid, fds))
        self._header_done = True
        self._put(b"".join(out))

    def _ensure_header(self) -> None:
        if not self._header_done:
            raise ValueError(f"{self.path}: write_header must be called before writing events")

    # -- events
    def write_event(
        self, ts: int, tid: int, etype: int, params: Sequence[bytes], cpu: int = 0, flags: int = 0
    ) -> None:
        """Write one event (EV_V2 / EVF_V2, ``_LARGE`` when over 64 KiB) after validating it."""
        if not self._header_done:
            self._ensure_header()
        n = len(params)
        entry = _CHECKS.get((etype, n)) or _check_entry(etype, n)
        if self.compat_2022 and etype >= MAX_EVENT_ID_2022:
            raise ValueError(
                f"event {etype} ({EVENTS[etype].name}) is newer than sysdig 0.29.3 (ids < 336); "
                "write the legacy event instead"
            )
        _, fixed, ev_s, evf_s = entry
        for i, size in fixed:
            if len(params[i]) != size:
                raise _size_error(etype, i, size, len(params[i]))
        lens = [len(p) for p in params]
        evlen = ev_s.size - 10 + sum(lens)  # 26-byte header + length array + values
        pad = -(2 + evlen) & 3
        buf = self._buf
        try:
            if flags:
                bl = 18 + evlen + pad
                bt = m.EVF_V2 if bl <= READER_BUF_SIZE + 8 else m.EVF_V2_LARGE
                buf += evf_s.pack(bt, bl, cpu, flags, ts, tid, evlen, etype, n, *lens)
            else:
                bl = 14 + evlen + pad
                bt = m.EV_V2 if bl <= READER_BUF_SIZE + 8 else m.EV_V2_LARGE
                buf += ev_s.pack(bt, bl, cpu, ts, tid, evlen, etype, n, *lens)
        except struct.error:
            validate_event(etype, params)  # names the offending parameter
            raise
        buf += b"".join(params)
        buf += _TRAILER[pad].pack(bl)
        self.events_written += 1
        self.last_ts = ts
        if len(buf) >= self._flush_at:
            self.flush()

    def write_events(
        self, ts: int, tid: int, events: Iterable[Ev], *, cpu: int = 0, dt: int = 1, flags: int = 0
    ) -> int:
        """Write ``events`` on one thread at ts, ts+dt, ...; returns the next free timestamp."""
        for etype, params in events:
            self.write_event(ts, tid, etype, params, cpu, flags)
            ts += dt
        return ts

    def write_raw_event_record(
        self, record: bytes | bytearray | memoryview, cpu: int = 0, flags: int = 0
    ) -> None:
        """Frame an already encoded event record (26-byte header + lengths + values); no validation."""
        if not self._header_done:
            self._ensure_header()
        evlen = len(record)
        if evlen < EVENT_HEADER_LEN:
            raise ValueError(f"event record of {evlen} bytes is shorter than the 26-byte header")
        pad = -(2 + evlen) & 3
        buf = self._buf
        if flags:
            bl = 18 + evlen + pad
            buf += struct.pack(
                "<IIHI", m.EVF_V2 if bl <= READER_BUF_SIZE + 8 else m.EVF_V2_LARGE, bl, cpu, flags
            )
        else:
            bl = 14 + evlen + pad
            buf += struct.pack("<IIH", m.EV_V2 if bl <= READER_BUF_SIZE + 8 else m.EV_V2_LARGE, bl, cpu)
        buf += record
        buf += _TRAILER[pad].pack(bl)
        self.events_written += 1
        if len(buf) >= self._flush_at:
            self.flush()

    def write_raw_blocks(
        self, blocks: bytes | bytearray | memoryview, nevents: int, last_ts: int = 0
    ) -> None:
        """Append complete, already framed event blocks (e.g. built with numpy from templates)."""
        if not self._header_done:
            self._ensure_header()
        if nevents <= 0:
            return
        self.flush()
        self._out.write(blocks)
        self.events_written += nevents
        if last_ts:
            self.last_ts = last_ts

    # -- end
    def close(self) -> None:
        """Write pending bytes (and a ``procinfo`` event if no event was written) and close."""
        if self._closed:
            return
        try:
            if not self._header_done:
                self.write_header()
            if self.events_written == 0:
                # readers reject a capture without events; procinfo is accepted silently by both
                ts = self.last_ts or time.time_ns()
                self.write_event(ts, 0, PPME_PROCINFO_E, [bytes(8), bytes(8)])
            self.flush()
        finally:
            self._closed = True
            try:
                if self._out is not self._raw:
                    self._out.close()
            finally:
                self._raw.close()


# --------------------------------------------------------------------------- event helpers
def syscall_events(enter_id: int, enter_values: Sequence[object], exit_values: Sequence[object]) -> list[Ev]:
    """A generic enter/exit pair (values encoded with :func:`encode_params`)."""
    return [
        (enter_id, encode_params(enter_id, enter_values)),
        (enter_id + 1, encode_params(enter_id + 1, exit_values)),
    ]


def _tuple(
    local_ip: str, local_port: int, remote_ip: str, remote_port: int
) -> tuple[str, str, int, str, int]:
    return ("inet6" if ":" in local_ip else "inet", local_ip, local_port, remote_ip, remote_port)


def _addr(ip: str, port: int) -> tuple[str, str, int]:
    return ("inet6" if ":" in ip else "inet", ip, port)


def open_events(
    fd: int, path: str, flags: int = O_RDONLY, mode: int = 0, dev: int = 0, ino: int = 0
) -> list[Ev]:
    """open(2): enter (name, flags, mode); exit (fd, name, flags, mode, dev, ino). fd < 0 = -errno."""
    return syscall_events(PPME_SYSCALL_OPEN_E, [path, flags, mode], [fd, path, flags, mode, dev, ino])


def openat_events(
    fd: int,
    path: str,
    flags: int = O_RDONLY,
    mode: int = 0,
    dirfd: int = AT_FDCWD,
    dev: int = 0,
    ino: int = 0,
) -> list[Ev]:
    """openat(2) (OPENAT_2, 306/307): enter (dirfd, name, flags, mode); exit adds fd, dev, ino."""
    return syscall_events(
        PPME_SYSCALL_OPENAT_2_E, [dirfd, path, flags, mode], [fd, dirfd, path, flags, mode, dev, ino]
    )


def close_events(fd: int, res: int = 0) -> list[Ev]:
    return syscall_events(PPME_SYSCALL_CLOSE_E, [fd], [res, fd])


def read_events(
    fd: int, data: bytes, *, size: int | None = None, res: int | None = None, snaplen: int = 80
) -> list[Ev]:
    """read(2): ``data`` is what was read (cut to ``snaplen``), res defaults to len(data)."""
    res = len(data) if res is None else res
    size = max(res, 0) if size is None else size
    return syscall_events(PPME_SYSCALL_READ_E, [fd, size], [res, data[:snaplen], fd, size])


def write_io_events(
    fd: int, data: bytes, *, size: int | None = None, res: int | None = None, snaplen: int = 80
) -> list[Ev]:
    """write(2)."""
    res = len(data) if res is None else res
    size = len(data) if size is None else size
    return syscall_events(PPME_SYSCALL_WRITE_E, [fd, size], [res, data[:snaplen], fd, size])


def socket_events(
    fd: int, domain: int = AF_INET, type: int = SOCK_STREAM, proto: int = 0, flags: int = 0
) -> list[Ev]:
    """socket(2): domain is PPM_AF_*, type/proto stay raw Linux values."""
    return syscall_events(PPME_SOCKET_SOCKET_E, [domain, type, proto], [fd, domain, type, proto, flags])


def connect_events(
    fd: int, local_ip: str, local_port: int, remote_ip: str, remote_port: int, res: int = 0
) -> list[Ev]:
    """connect(2) on an IP socket: tuple is local -> remote."""
    addr = _addr(remote_ip, remote_port)
    return syscall_events(
        PPME_SOCKET_CONNECT_E,
        [fd, addr],
        [res, _tuple(local_ip, local_port, remote_ip, remote_port), fd, addr],
    )


def connect_unix_events(fd: int, path: str, src_ptr: int, dst_ptr: int, res: int = 0) -> list[Ev]:
    addr = ("unix", path)
    return syscall_events(
        PPME_SOCKET_CONNECT_E, [fd, addr], [res, ("unix", src_ptr, dst_ptr, path), fd, addr]
    )


def bind_events(fd: int, ip: str, port: int, res: int = 0) -> list[Ev]:
    return syscall_events(PPME_SOCKET_BIND_E, [fd], [res, _addr(ip, port), fd])


def listen_events(fd: int, backlog: int = 128, res: int = 0) -> list[Ev]:
    return syscall_events(PPME_SOCKET_LISTEN_E, [fd, backlog], [res, fd, backlog])


def accept_events(
    fd: int,
    client_ip: str,
    client_port: int,
    server_ip: str,
    server_port: int,
    *,
    queuepct: int = 0,
    queuelen: int = 0,
    queuemax: int = 128,
    accept4_flags: int | None = None,
) -> list[Ev]:
    """accept (ACCEPT_5, 246/247) or, with ``accept4_flags``, accept4 in its 2022 form (248/249).

    ``fd`` is the new connection fd; the tuple is client -> server.
    """
    exit_vals = [fd, _tuple(client_ip, client_port, server_ip, server_port), queuepct, queuelen, queuemax]
    if accept4_flags is None:
        return syscall_events(PPME_SOCKET_ACCEPT_5_E, [], exit_vals)
    return syscall_events(PPME_SOCKET_ACCEPT4_5_E, [accept4_flags], exit_vals)


def sendto_events(
    fd: int,
    data: bytes,
    local_ip: str,
    local_port: int,
    remote_ip: str,
    remote_port: int,
    *,
    res: int | None = None,
    snaplen: int = 80,
) -> list[Ev]:
    """sendto(2): tuple is local -> remote."""
    res = len(data) if res is None else res
    tup = _tuple(local_ip, local_port, remote_ip, remote_port)
    return syscall_events(
        PPME_SOCKET_SENDTO_E, [fd, len(data), tup], [res, data[:snaplen], fd, len(data), tup]
    )


def recvfrom_events(
    fd: int,
    data: bytes,
    remote_ip: str,
    remote_port: int,
    local_ip: str,
    local_port: int,
    *,
    size: int | None = None,
    res: int | None = None,
    snaplen: int = 80,
) -> list[Ev]:
    """recvfrom(2): inbound, so the tuple is remote -> local."""
    res = len(data) if res is None else res
    size = max(res, 0) if size is None else size
    tup = _tuple(remote_ip, remote_port, local_ip, local_port)
    return syscall_events(PPME_SOCKET_RECVFROM_E, [fd, size], [res, data[:snaplen], tup, fd, size])


def pipe_events(fd1: int, fd2: int, ino: int, res: int = 0) -> list[Ev]:
    return syscall_events(PPME_SYSCALL_PIPE_E, [], [res, fd1, fd2, ino])


def dup_events(oldfd: int, newfd: int) -> list[Ev]:
    """dup/dup2/dup3 in the 2022 form (DUP 124/125: enter fd, exit res)."""
    return syscall_events(PPME_SYSCALL_DUP_E, [oldfd], [newfd])


def stat_events(path: str, res: int = 0) -> list[Ev]:
    return syscall_events(PPME_SYSCALL_STAT_E, [], [res, path])


def fstat_events(fd: int, res: int = 0) -> list[Ev]:
    return syscall_events(PPME_SYSCALL_FSTAT_E, [fd], [res, fd])


def mmap_events(
    res: int,
    length: int,
    *,
    addr: int = 0,
    prot: int = PROT_READ | PROT_WRITE,
    flags: int = MAP_PRIVATE | MAP_ANONYMOUS,
    fd: int = -1,
    offset: int = 0,
    vm_size: int = 0,
    vm_rss: int = 0,
    vm_swap: int = 0,
) -> list[Ev]:
    return syscall_events(
        PPME_SYSCALL_MMAP_E,
        [addr, length, prot, flags, fd, offset],
        [res, vm_size, vm_rss, vm_swap, addr, length, prot, flags, fd, offset],
    )


def brk_events(addr: int, res: int, *, vm_size: int = 0, vm_rss: int = 0, vm_swap: int = 0) -> list[Ev]:
    return syscall_events(PPME_SYSCALL_BRK_4_E, [addr], [res, vm_size, vm_rss, vm_swap, addr])


def _proc_common(p: m.ProcEntry) -> list[object]:
    """exe .. comm, cgroups: the leading clone/execve exit params shared by both layouts."""
    return [
        p.exe,
        p.args,
        p.tid,
        p.pid,
        p.ptid,
        p.cwd,
        p.fdlimit,
        p.pfmajor,
        p.pfminor,
        p.vmsize_kb,
        p.vmrss_kb,
        p.vmswap_kb,
        p.comm,
        p.cgroups,
    ]


def clone_events(
    parent: m.ProcEntry,
    child_tid: int,
    *,
    flags: int = 0,
    syscall: str = "clone",
    child_vtid: int | None = None,
    child_vpid: int | None = None,
) -> tuple[list[Ev], list[Ev]]:
    """clone/fork/vfork (the ``_20`` events): (events for the parent's tid, events for the child's tid).

    The parent gets the enter event and an exit with res = child tid; the child gets an exit
    with res = 0 that describes the new thread (pid = child for a process, the parent's pid
    when ``flags`` has CLONE_THREAD).
    """
    enter = {
        "clone": PPME_SYSCALL_CLONE_20_E,
        "fork": PPME_SYSCALL_FORK_20_E,
        "vfork": PPME_SYSCALL_VFORK_20_E,
    }[syscall]
    thread = bool(flags & CL_CLONE_THREAD)
    child_pid = parent.pid if thread else child_tid
    child_ptid = parent.ptid if thread else parent.tid
    parent_vals = _proc_common(parent) + [
        flags,
        parent.uid,
        parent.gid,
        parent.vtid,
        parent.vpid,
        parent.pidns_init_start_ts,
    ]
    child = m.ProcEntry(
        tid=child_tid,
        pid=child_pid,
        ptid=child_ptid,
        comm=parent.comm,
        exe=parent.exe,
        args=parent.args,
        cwd=parent.cwd,
        fdlimit=parent.fdlimit,
        vmsize_kb=parent.vmsize_kb,
        vmrss_kb=parent.vmrss_kb,
        vmswap_kb=parent.vmswap_kb,
        cgroups=parent.cgroups,
    )
    cvtid = child_tid if child_vtid is None else child_vtid
    cvpid = (parent.vpid if thread else cvtid) if child_vpid is None else child_vpid
    child_vals = _proc_common(child) + [
        flags,
        parent.uid,
        parent.gid,
        cvtid,
        cvpid,
        parent.pidns_init_start_ts,
    ]
    parent_evs = [
        (enter, encode_params(enter, [])),
        (enter + 1, encode_params(enter + 1, [child_tid] + parent_vals)),
    ]
    child_evs = [(enter + 1, encode_params(enter + 1, [0] + child_vals))]
    return parent_evs, child_evs


def execve_events(
    p: m.ProcEntry, filename: str | None = None, *, res: int = 0, exe_flags: int | None = None
) -> list[Ev]:
    """execve (EXECVE_19, 292/293) as seen after a successful exec of ``p`` (its new image).

    The enter carries ``filename`` (default ``p.exepath``), which 0.29.3 uses for proc.exepath;
    the exit has all 31 HEAD params (trusted_exepath = ``p.exepath``).
    """
    filename = p.exepath if filename is None else filename
    if exe_flags is None:
        exe_flags = (
            (EXE_WRITABLE if p.exe_writable else 0)
            | (EXE_UPPER_LAYER if p.exe_upper_layer else 0)
            | (EXE_FROM_MEMFD if p.exe_from_memfd else 0)
            | (EXE_LOWER_LAYER if p.exe_lower_layer else 0)
        )
    exit_vals = (
        [res]
        + _proc_common(p)
        + [
            p.env,
            p.tty,
            p.vpgid,
            0xFFFFFFFF if p.loginuid is None else p.loginuid,
            exe_flags,
            p.cap_inheritable,
            p.cap_permitted,
            p.cap_effective,
            p.exe_ino,
            p.exe_ino_ctime,
            p.exe_ino_mtime,
            p.uid,
            p.exepath,
            p.pgid if p.pgid >= 0 else p.vpgid,
            p.gid,
            filename,
        ]
    )
    return syscall_events(PPME_SYSCALL_EXECVE_19_E, [filename], exit_vals)


def procexit_events(
    status: int = 0, *, ret: int | None = None, sig: int = 0, core: int = 0, reaper_tid: int = 0
) -> list[Ev]:
    """procexit (186, enter-only): status is the raw wait status, ret the exit code."""
    ret = (status >> 8) & 0xFF if ret is None else ret
    return [(PPME_PROCEXIT_1_E, encode_params(PPME_PROCEXIT_1_E, [status, ret, sig, core, reaper_tid]))]
