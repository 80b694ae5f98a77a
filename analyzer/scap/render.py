"""Render event parameters the way sysdig 0.29.3 prints them.

The target is the text of ``%evt.args`` / ``%evt.info`` (``name=value`` pairs), of
``%evt.arg.NAME`` and of ``%evt.res`` in sysdig 0.29.3 (libs e5c53d648f3c, "2022").

Which table describes an event:

* ids below ``PPM_EVENT_MAX_2022`` (336) use the 2022 table and 2022 flag names, and
  the evt.args text shows only ``min(2022 nparams, nparams in the event)`` parameters, as
  0.29.3 does.  Parameters that only the HEAD table knows (appended later) can still
  be rendered one at a time with ``render_param`` and read with ``param_value``.
* ids from 336 up to ``PPM_EVENT_MAX`` (454) exist only at HEAD; 0.29.3 skips them.
  They are rendered from the HEAD table with HEAD's flag rules.

State-dependent parts (fd names, process names, cwd, user names) come from a
``Resolver``.  sysdig formats an event *after* its parser has applied the event to
the thread/fd tables, so the resolver must answer with the state as it is right
after the event being rendered was processed (e.g. ``open <`` already sees the new
fd, ``close >`` still sees the fd it is about to close).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Protocol

from analyzer.scap import _fast, addr, text
from analyzer.scap import event_table as et
from analyzer.scap.event_table import EventInfo, ParamInfo

__all__ = [
    "Resolver",
    "decode_params",
    "render_param",
    "render_param_parts",
    "render_arg",
    "render_parts_py",
    "render_res",
    "failure_text",
    "res_value",
    "param_value",
    "param_index",
    "event_info",
    "event_type_name",
    "join_path",
    "DEFAULT_MAX_BUF_LEN",
]

# sysdig truncates rendered byte buffers to this many characters unless run with -v.
DEFAULT_MAX_BUF_LEN = 80

GENERIC_E = 0
GENERIC_X = 1
NOTIFICATION_E = 280
INFRASTRUCTURE_EVENT_E = 286


class Resolver(Protocol):
    """State lookups needed to resolve parameters of one event.

    All answers describe the thread that generated the event, *after* the event has
    been applied to the state (this is when sysdig formats it).

    ``fd`` returns ``(typechar, name)`` of an fd of the thread's fd table, or None if
    the fd is not in the table.  ``typechar`` is ``fd.typechar`` (``f d 4 6 u p e s
    l i t n b r m P X o``); for IPv4/IPv6 sockets append the l4 protocol letter when
    it is known (``t`` tcp, ``u`` udp, ``i`` icmp, ``r`` raw), e.g. ``"6t"``.  The
    name is ``fd.name`` (may be empty).

    ``pid_comm`` returns the comm of the thread whose *tid* is ``pid`` (sysdig looks
    PT_PID values up in the thread table by tid), or None if there is no such thread.

    ``cwd`` returns the cwd of the thread (main thread's cwd, as sinsp stores it, i.e.
    with a trailing ``/``), ``""`` if the thread exists but its cwd is unknown, or
    None if there is no thread at all.

    Optional extra methods, used when present: ``user_name(uid) -> str | None`` and
    ``group_name(gid) -> str | None`` (user/group list of the capture).
    """

    def fd(self, fd: int) -> tuple[str, str] | None: ...

    def pid_comm(self, pid: int) -> str | None: ...

    def cwd(self) -> str | None: ...


# ---------------------------------------------------------------------------
# Table selection


def _is_2022(etype: int) -> bool:
    return 0 <= etype < et.PPM_EVENT_MAX_2022


def event_info(etype: int) -> EventInfo | None:
    """The table entry sysdig 0.29.3 uses for ``etype`` (HEAD's for ids >= 336)."""
    if _is_2022(etype):
        return et.EVENTS_2022[etype]
    if 0 <= etype < et.PPM_EVENT_MAX:
        return et.EVENTS[etype]
    return None


def _head_info(etype: int) -> EventInfo | None:
    if 0 <= etype < et.PPM_EVENT_MAX:
        return et.EVENTS[etype]
    return None


def _param_info(etype: int, index: int) -> tuple[ParamInfo, bool] | None:
    """(param description, uses-2022-rules) for one parameter index."""
    info = event_info(etype)
    if info is not None and index < len(info.params):
        return info.params[index], _is_2022(etype)
    head = _head_info(etype)
    if head is not None and 0 <= index < len(head.params):
        return head.params[index], False
    return None


def _flag_table(name: str | int | None, use_2022: bool) -> tuple[tuple[int, str], ...]:
    if not isinstance(name, str):
        return ()
    tables = et.FLAG_TABLES_2022 if use_2022 else et.FLAG_TABLES
    found = tables.get(name)
    if found is None:
        found = (et.FLAG_TABLES if use_2022 else et.FLAG_TABLES_2022).get(name, ())
    return found


def _dyn_table(name: str | int | None, use_2022: bool) -> tuple[ParamInfo, ...]:
    if not isinstance(name, str):
        return ()
    tables = et.DYN_TABLES_2022 if use_2022 else et.DYN_TABLES
    found = tables.get(name)
    if found is None:
        found = (et.DYN_TABLES if use_2022 else et.DYN_TABLES_2022).get(name, ())
    return found


# ---------------------------------------------------------------------------
# Parameter decoding


def decode_params(etype: int, data: bytes | memoryview, nparams: int | None) -> list[bytes]:
    """Split the bytes that follow the event header into parameter values.

    ``data`` must be exactly ``evt.len - header size`` bytes (no block padding).
    ``nparams`` is the header's count (V2 event blocks, 26-byte header).  Pass None
    for V1 blocks (22-byte header): the count is then inferred like the readers do,
    starting from the table's count and going down until the 16-bit lengths add up
    to exactly the event length.

    Raises ValueError when the lengths do not fit in ``data``.
    """
    buf = bytes(data)
    head = _head_info(etype)
    if nparams is None:
        return _decode_v1(etype, buf)
    if nparams < 0:
        raise ValueError(f"event type {etype}: negative parameter count {nparams}")
    large = head is not None and bool(head.flags & et.EF_LARGE_PAYLOAD)
    width = 4 if large else 2
    lens_size = nparams * width
    if lens_size > len(buf):
        raise ValueError(
            f"event type {etype}: {nparams} parameter lengths need {lens_size} bytes, "
            f"only {len(buf)} available"
        )
    fmt = f"<{nparams}{'I' if large else 'H'}"
    lens = struct.unpack_from(fmt, buf, 0) if nparams else ()
    out: list[bytes] = []
    pos = lens_size
    for i, ln in enumerate(lens):
        end = pos + ln
        if end > len(buf):
            raise ValueError(
                f"event type {etype}: parameter {i} (length {ln}) ends at byte {end}, "
                f"past the event data ({len(buf)} bytes)"
            )
        out.append(buf[pos:end])
        pos = end
    return out


def _decode_v1(etype: int, buf: bytes) -> list[bytes]:
    info = event_info(etype)
    if info is None:
        raise ValueError(f"event type {etype}: unknown type, cannot infer the parameter count")
    if etype in (NOTIFICATION_E, INFRASTRUCTURE_EVENT_E) and len(buf) >= 3:
        # old captures stored a length 3 bytes too large for these two events
        buf = buf[:-3]
    end = len(buf)
    for count in range(len(info.params), -1, -1):
        lens_size = 2 * count
        if lens_size > end:
            continue
        lens = struct.unpack_from(f"<{count}H", buf, 0) if count else ()
        total = lens_size + sum(lens)
        if total < end:
            raise ValueError(
                f"event type {etype}: cannot infer the parameter count "
                f"({count} parameters use {total} of {end} bytes)"
            )
        if total == end:
            out: list[bytes] = []
            pos = lens_size
            for ln in lens:
                out.append(buf[pos : pos + ln])
                pos += ln
            return out
    raise ValueError(f"event type {etype}: cannot infer the parameter count ({end} bytes)")


# ---------------------------------------------------------------------------
# Small formatting helpers (C printf semantics)

_SIGNED_FMT = {1: "<b", 2: "<h", 4: "<i", 8: "<q"}
_UNSIGNED_FMT = {1: "<B", 2: "<H", 4: "<I", 8: "<Q"}

_INT_TYPES: dict[int, tuple[int, bool]] = {
    et.PT_INT8: (1, True),
    et.PT_INT16: (2, True),
    et.PT_INT32: (4, True),
    et.PT_INT64: (8, True),
    et.PT_UINT8: (1, False),
    et.PT_UINT16: (2, False),
    et.PT_UINT32: (4, False),
    et.PT_UINT64: (8, False),
}


def _le(raw: bytes, size: int, signed: bool) -> int:
    """Little-endian integer of ``size`` bytes; short values are zero-extended."""
    chunk = raw[:size]
    if len(chunk) < size:
        chunk = chunk + b"\x00" * (size - len(chunk))
    return int.from_bytes(chunk, "little", signed=signed)


def _fmt_number(value: int, size: int, fmt: int) -> str:
    """printf with the conversion libsinsp picks for a numeric param and print format.

    Values narrower than 64 bits are printed as C ints after default promotion (so a
    negative int8 in hex is 32 bits wide), and decimal conversions reinterpret the
    bits as signed (a uint32 0xFFFFFFFF prints as -1, a uint64 2**63 as negative).
    """
    bits = 64 if size == 8 else 32
    v = value
    mask = (1 << bits) - 1
    if fmt == et.PF_HEX:
        return f"{v & mask:X}"
    if fmt == et.PF_OCT:
        u = v & mask
        return f"0{u:o}" if u else "0"
    # decimal conversions (%d/PRId..) reinterpret the bits as signed
    u = v & mask
    sv = u - (1 << bits) if u >> (bits - 1) else u
    if fmt == et.PF_10_PADDED_DEC:
        return f"{sv:09d}"
    return str(sv)


def _is_printable(b: int) -> bool:
    return 0x20 <= b <= 0x7E




def _dots(raw: bytes) -> str:
    return "".join(chr(b) if _is_printable(b) else "." for b in raw)


def _bytebuf(raw: bytes, max_len: int) -> str:
    text = _dots(raw)
    if max_len and len(text) > max_len:
        text = text[: max_len - 3] + "..." if max_len > 3 else text[:max_len]
    return text


def _errno_name(value: int) -> str:
    # libsinsp truncates to 32 bits before negating
    v32 = value & 0xFFFFFFFF
    v32 = v32 - (1 << 32) if v32 >> 31 else v32
    return et.ERRNO_NAMES.get(-v32, "")


# ---------------------------------------------------------------------------
# Path normalisation (libsinsp copy_and_sanitize_path / concatenate_paths)


def _rewind(target: list[str], base: int) -> None:
    """Go back to the previous '/' (libsinsp rewind_to_parent_path)."""
    tc = len(target)
    if tc <= base + 1:
        return
    tc -= 1
    while tc >= base + 1 and target[tc - 1] != "/":
        tc -= 1
    del target[tc:]


def _append_sanitized_path(target: list[str], base: int, path: str) -> None:
    """Append ``path`` to ``target`` (a list of single characters), resolving '.',
    '..' and '//' the way libsinsp does.

    ``base`` is how far back '..' may rewind.  The rules apply at every position of
    the string, not only at the start of a component (so "a./b" becomes "ab"), and
    non-printable characters become '.'.
    """
    n = len(path)

    def at(k: int) -> str:
        return path[k] if k < n else "\x00"

    i = 0
    while True:
        c = at(i)
        if c == "\x00":
            if len(target) > base + 1 and target[-1] == "/":
                del target[-1]
            return
        if not _is_printable(ord(c)):
            target.append(".")
            i += 1
        elif c == "." and at(i + 1) == "." and at(i + 2) == "/":
            _rewind(target, base)
            i += 3
        elif c == "." and at(i + 1) == ".":
            if at(i + 2) == "\x00":
                _rewind(target, base)
            else:
                target.extend("..")
            i += 2
        elif c == "." and at(i + 1) == "/":
            i += 2
        elif c == ".":
            if at(i + 1) != "\x00":
                target.append(".")
            i += 1
        elif c == "/":
            if not (len(target) > base and target[-1] == "/"):
                target.append("/")
            i += 1
        else:
            target.append(c)
            i += 1


def _concat_relative(base_dir: str, path: str) -> str:
    """Resolution shown in parentheses for a relative path ("" for absolute ones).

    An empty path (a lone NUL) is relative too: libsinsp shows the base directory itself.
    """
    if path.startswith("/"):
        return ""
    if not path:
        target = list(base_dir)
        _append_sanitized_path(target, 0, "")
        return "".join(target)
    return join_path(base_dir, path)


def join_path(base_dir: str, path: str) -> str:
    """Join ``path`` to ``base_dir`` the way libsinsp builds fd names and resolved paths.

    An absolute (or empty) ``path`` is normalised on its own; a relative one is
    appended to ``base_dir`` (used verbatim, normally ending in '/').  '.', '..' and
    repeated '/' are folded with libsinsp's quirks (see ``_append_sanitized_path``),
    non-printable characters become '.', and a trailing '/' is dropped.
    """
    target: list[str] = []
    if path and not path.startswith("/"):
        target.extend(base_dir)
    _append_sanitized_path(target, 0, path)
    return "".join(target)


# ---------------------------------------------------------------------------
# Core rendering: (argstr, resolved) per parameter


class _Ctx:
    __slots__ = ("etype", "params", "resolver", "max_buf_len", "prev")

    def __init__(
        self,
        etype: int,
        params: Sequence[bytes] | None,
        resolver: Resolver | None,
        max_buf_len: int,
    ) -> None:
        self.etype = etype
        self.params = params
        self.resolver = resolver
        self.max_buf_len = max_buf_len
        self.prev = ""


def _render_fd(fd: int, resolver: Resolver | None) -> tuple[str, str]:
    raw = str(fd)
    if fd >= 0:
        if resolver is None:
            return raw, ""
        found = resolver.fd(fd)
        if found is None:
            return raw, ""
        typechar, name = found
        return raw, f"<{typechar}>{addr.sanitize(name.encode('utf-8', 'surrogateescape'))}"
    if fd == et.PPM_AT_FDCWD:
        return raw, "AT_FDCWD"
    return raw, _errno_name(fd)


def _render_flags(value: int, table: tuple[tuple[int, str], ...], rules_2022: bool) -> str:
    """Names of a flags value; '' when nothing matches (then only the number shows)."""
    names: list[str] = []
    initial = value
    rest = value
    if rules_2022:
        # 2022: stop at the first entry equal to the whole value and add it last
        for fval, fname in table:
            if fval == initial:
                names.append(fname)
                break
            if (fval == 0 and initial == 0) or (fval != 0 and rest != 0 and rest & fval == fval):
                names.append(fname)
                rest &= ~fval
        return "|".join(names)
    for fval, fname in table:
        if (fval == 0 and initial == 0) or (fval != 0 and rest != 0 and rest & fval == fval):
            names.append(fname)
            rest &= ~fval
            if fval == initial:
                break
    return "|".join(names)


def _render_enumflags(value: int, table: tuple[tuple[int, str], ...]) -> str:
    return "|".join(fname for fval, fname in table if fval == value)


def _render_mode(value: int, table: tuple[tuple[int, str], ...]) -> str:
    return _render_flags(value, table, True)


def _base_dir_for(pinfo: ParamInfo, ctx: _Ctx, cwd: str) -> str:
    if pinfo.ptype != et.PT_FSRELPATH or not isinstance(pinfo.info, int):
        return cwd
    idx = pinfo.info
    info = event_info(ctx.etype)
    if info is None or idx >= len(info.params) or info.params[idx].ptype != et.PT_FD:
        return cwd
    if ctx.params is None or idx >= len(ctx.params) or len(ctx.params[idx]) < 8:
        return cwd
    dirfd = _le(ctx.params[idx], 8, True)
    if dirfd == et.PPM_AT_FDCWD:
        return cwd
    found = ctx.resolver.fd(dirfd) if ctx.resolver is not None else None
    # sysdig would fall back to readlink(/proc/<pid>/fd/<dirfd>) on the analysing
    # host; offline that finds nothing, so the base is empty.
    if found is None or not found[1]:
        return ""
    return addr.sanitize(found[1].encode("utf-8", "surrogateescape")) + "/"


def _empty_value(ptype: int, rules_2022: bool, ctx: _Ctx) -> tuple[str, str]:
    if ptype in (et.PT_SOCKADDR, et.PT_SOCKTUPLE):
        return "NULL", ""
    if rules_2022:
        if ptype == et.PT_BYTEBUF:
            return "", ""
        if ptype in (et.PT_FSPATH, et.PT_FSRELPATH):
            # 0.29.3 leaves its string buffer untouched: the previous rendering shows
            return ctx.prev, ""
        if ptype == et.PT_FDLIST:
            return "", ""
        return "<NA>", ""
    if ptype in (et.PT_BYTEBUF, et.PT_FDLIST, et.PT_CHARBUFARRAY, et.PT_CHARBUF_PAIR_ARRAY, et.PT_DYN):
        return "NULL", ""
    return "<NA>", ""


def _render_value(pinfo: ParamInfo, raw: bytes, ctx: _Ctx, rules_2022: bool) -> tuple[str, str]:
    """(argstr, resolved) as libsinsp's get_param_as_str produces them."""
    ptype = pinfo.ptype
    fmt = pinfo.fmt  # the top-level format applies even inside PT_DYN
    flag_info = pinfo.info
    if not raw:
        if ptype == et.PT_DYN:
            return ("INVALID DYNAMIC PARAMETER", "") if rules_2022 else ("NULL", "")
        return _empty_value(ptype, rules_2022, ctx)
    if ptype == et.PT_DYN:
        table = _dyn_table(pinfo.info, rules_2022)
        idx = raw[0]
        if idx >= len(table):
            return "INVALID DYNAMIC PARAMETER", ""
        inner = table[idx]
        raw = raw[1:]
        ptype = inner.ptype
        flag_info = None
        if not raw:
            return _empty_value(ptype, rules_2022, ctx)
    resolver = ctx.resolver

    if ptype in _INT_TYPES:
        size, signed = _INT_TYPES[ptype]
        return _fmt_number(_le(raw, size, signed), size, fmt), ""
    if ptype == et.PT_ERRNO:
        v = _le(raw, 8, True)
        return str(v), (_errno_name(v) if v < 0 else "")
    if ptype in (et.PT_FD, et.PT_FD32):
        size = 8 if ptype == et.PT_FD else 4
        return _render_fd(_le(raw, size, True), resolver)
    if ptype in (et.PT_PID, et.PT_PID32):
        size = 8 if ptype == et.PT_PID else 4
        pid = _le(raw, size, True)
        comm = resolver.pid_comm(pid) if resolver is not None else None
        return str(pid), comm or ""
    if ptype == et.PT_CHARBUF:
        return text.cstr(raw), ""
    if ptype in (et.PT_FSPATH, et.PT_FSRELPATH):
        path = addr.sanitize(addr.cstr_bytes(raw))
        if resolver is None or raw.startswith(b"<NA>"):
            return path, ""
        cwd = resolver.cwd()
        if cwd is None:
            return path, ""
        base = _base_dir_for(pinfo, ctx, cwd)
        return path, _concat_relative(base, addr.cstr_bytes(raw).decode("latin-1"))
    if ptype == et.PT_BYTEBUF:
        return _bytebuf(raw, ctx.max_buf_len), ""
    if ptype == et.PT_SOCKADDR:
        return addr.sockaddr_text(raw), ""
    if ptype == et.PT_SOCKTUPLE:
        return addr.socktuple_text(raw), ""
    if ptype == et.PT_FDLIST:
        return _render_fdlist(raw, resolver), ""
    if ptype == et.PT_SYSCALLID:
        scid = _le(raw, 2, False)
        limit = et.PPM_SC_MAX_2022 if rules_2022 else len(et.SYSCALL_NAMES)
        if scid >= limit:
            return "<unknown syscall>", ""
        return str(scid), et.SYSCALL_NAMES[scid]
    if ptype == et.PT_SIGTYPE:
        sig = raw[0]
        return str(sig), et.SIGNAL_NAMES.get(sig, "")
    if ptype == et.PT_RELTIME:
        v = _le(raw, 8, False)
        if v == 0xFFFFFFFFFFFFFFFF:
            return "none", ""
        return str(v), f"{v / 1e9:g}s"
    if ptype in (et.PT_FLAGS8, et.PT_FLAGS16, et.PT_FLAGS32):
        size = {et.PT_FLAGS8: 1, et.PT_FLAGS16: 2, et.PT_FLAGS32: 4}[ptype]
        v = _le(raw, size, False)
        return str(v), _render_flags(v, _flag_table(flag_info, rules_2022), rules_2022)
    if ptype in (et.PT_ENUMFLAGS8, et.PT_ENUMFLAGS16, et.PT_ENUMFLAGS32):
        size = {et.PT_ENUMFLAGS8: 1, et.PT_ENUMFLAGS16: 2, et.PT_ENUMFLAGS32: 4}[ptype]
        v = _le(raw, size, False)
        return str(v), _render_enumflags(v, _flag_table(flag_info, rules_2022))
    if ptype == et.PT_MODE:
        v = _le(raw, 4, False)
        return _fmt_number(v, 4, fmt), _render_mode(v, _flag_table(flag_info, rules_2022))
    if ptype in (et.PT_UID, et.PT_GID):
        v = _le(raw, 4, False)
        if v == 0xFFFFFFFF:
            return "-1", "<NONE>"
        getter = getattr(resolver, "user_name" if ptype == et.PT_UID else "group_name", None)
        name = getter(v) if getter is not None else None
        return str(v - (1 << 32) if v >> 31 else v), name or "<NA>"
    if ptype == et.PT_SIGSET:
        v = _le(raw, 4, False)
        names = [et.SIGNAL_NAMES[s + 1] for s in range(32) if v >> s & 1 and (s + 1) in et.SIGNAL_NAMES]
        return " ".join(names), ""
    if ptype == et.PT_ABSTIME:
        if rules_2022:
            return "INVALID DYNAMIC PARAMETER", ""
        return _render_abstime(_le(raw, 8, False)), ""
    if ptype in (et.PT_CHARBUFARRAY, et.PT_CHARBUF_PAIR_ARRAY):
        # in-memory pointers of the live tracer; meaningless in a file
        return "", ""
    if rules_2022:
        # 0.29.3 has no rendering for the remaining types
        return "(n.a.)", ""
    return _render_extra(ptype, raw, fmt), ""


def _render_abstime(ns: int) -> str:
    import time

    sec, nsec = divmod(ns, 1_000_000_000)
    tm = time.gmtime(sec)
    return time.strftime("%Y-%m-%d %H:%M:%S", tm) + f".{nsec:09d} +0000"


def _render_extra(ptype: int, raw: bytes, fmt: int) -> str:
    """Types no sysdig version renders in evt.args (HEAD prints "(n.a.)"): show the value."""
    if ptype == et.PT_IPV4ADDR and len(raw) >= 4:
        return addr.ipv4_text(raw)
    if ptype == et.PT_IPV6ADDR and len(raw) >= 16:
        return addr.ipv6_text(raw)
    if ptype == et.PT_IPADDR:
        if len(raw) == 4:
            return addr.ipv4_text(raw)
        if len(raw) == 16:
            return addr.ipv6_text(raw)
    if ptype == et.PT_PORT:
        return str(_le(raw, 2, False))
    if ptype in (et.PT_L4PROTO, et.PT_SOCKFAMILY):
        return str(raw[0])
    if ptype == et.PT_BOOL:
        return str(_le(raw, 4, False))
    if ptype == et.PT_DOUBLE and len(raw) >= 8:
        return f"{struct.unpack_from('<d', raw)[0]:g}"
    return "(n.a.)"


def _render_fdlist(raw: bytes, resolver: Resolver | None) -> str:
    if len(raw) < 2:
        return ""
    count = _le(raw, 2, False)
    parts: list[str] = []
    pos = 2
    for _ in range(count):
        if pos + 10 > len(raw):
            break
        fd = _le(raw[pos : pos + 8], 8, True)
        pflags = _le(raw[pos + 8 : pos + 10], 2, True) & 0xFFFFFFFF
        found = resolver.fd(fd) if resolver is not None else None
        tch = found[0][:1] if found is not None and found[0] else "?"
        parts.append(f"{fd & 0xFFFFFFFFFFFFFFFF}:{tch}{pflags:x}")
        pos += 10
    return " ".join(parts)


# ---------------------------------------------------------------------------
# Public API


def render_param_parts(
    etype: int,
    index: int,
    raw: bytes,
    resolver: Resolver | None,
    *,
    params: Sequence[bytes] | None = None,
    max_buf_len: int = DEFAULT_MAX_BUF_LEN,
) -> tuple[str, str]:
    """(value, resolved) of one parameter; ``resolved`` is "" when there is none.

    ``params`` (all parameters of the event) is needed to resolve PT_FSRELPATH against
    its dirfd parameter; without it the path is resolved against the cwd.
    """
    found = _param_info(etype, index)
    if found is None:
        return "", ""
    pinfo, rules_2022 = found
    ctx = _Ctx(etype, params, resolver, max_buf_len)
    return _render_value(pinfo, bytes(raw), ctx, rules_2022)


def render_param(
    etype: int,
    index: int,
    raw: bytes,
    resolver: Resolver | None,
    *,
    params: Sequence[bytes] | None = None,
    max_buf_len: int = DEFAULT_MAX_BUF_LEN,
) -> str:
    """One value as it appears after ``name=`` in ``%evt.args``: ``3(<f>/etc/passwd)``."""
    value, resolved = render_param_parts(etype, index, raw, resolver, params=params, max_buf_len=max_buf_len)
    return f"{value}({resolved})" if resolved else value


def render_arg(
    etype: int,
    index: int,
    raw: bytes,
    resolver: Resolver | None,
    *,
    params: Sequence[bytes] | None = None,
    max_buf_len: int = DEFAULT_MAX_BUF_LEN,
) -> str:
    """``%evt.arg.NAME``: the resolved text when there is one, else the value
    (``<f>/etc/passwd`` for an fd, ``ENOENT`` for a failed res)."""
    value, resolved = render_param_parts(etype, index, raw, resolver, params=params, max_buf_len=max_buf_len)
    return resolved or value


def param_index(etype: int, name: str) -> int | None:
    """Index of the parameter called ``name`` (2022 names first, then HEAD's)."""
    for info in (event_info(etype), _head_info(etype)):
        if info is None:
            continue
        for i, p in enumerate(info.params):
            if p.name == name:
                return i
    return None


def res_value(etype: int, params: Sequence[bytes]) -> int | None:
    """``%evt.rawres``: the ``res`` parameter, or ``fd`` of fd-creating exits."""
    idx = _res_index(etype, len(params))
    if idx is None or len(params[idx]) == 0:
        return None
    return _le(params[idx], 8, True)


def _res_index(etype: int, nparams: int) -> int | None:
    info = event_info(etype)
    if info is None:
        return None
    shown = min(len(info.params), nparams)
    names = [p.name for p in info.params[:shown]]
    if "res" in names:
        return names.index("res")
    if info.flags & et.EF_CREATES_FD and etype & 1 and "fd" in names:
        return names.index("fd")
    return None


def failure_text(etype: int, res: int) -> str:
    """``%evt.res`` of a negative result ``res`` of an event of type ``etype``, as ``render_res``
    gives it: the result parameter rendered by its type, its resolved text when there is one. An
    errno gives the name of its low 32 bits (``ENOENT``), else the number (``-4095``); a pid or an
    unsigned value prints as such (``-1``, ``FFFFFFFFFFFFFFFF`` for brk's hex address)."""
    idx = _res_index(etype, 1 << 16)
    if idx is None:
        return _errno_name(res) or str(res)
    value, resolved = render_param_parts(etype, idx, (res & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "little"), None)
    return resolved or value


def render_res(etype: int, params: Sequence[bytes], resolver: Resolver | None = None) -> str | None:
    """``%evt.res``: "SUCCESS", the failure's text (``failure_text``; no state needed, ``resolver`` is
    kept for callers), or None."""
    idx = _res_index(etype, len(params))
    if idx is None or len(params[idx]) == 0:
        return None
    value = _le(params[idx], 8, True)
    return "SUCCESS" if value >= 0 else failure_text(etype, value)


def event_type_name(etype: int, params: Sequence[bytes] | None = None, *, head_names: bool = False) -> str:
    """``%evt.type``: the table name, or the syscall name for generic events.

    sysdig 0.29.3 only knows PPM_SC codes below 329; for later codes it prints
    ``<NA>`` (and drops the line unless the format starts with ``*``).  Pass
    ``head_names=True`` to get the HEAD name instead.
    """
    if etype in (GENERIC_E, GENERIC_X) and params and len(params[0]) >= 2:
        scid = _le(params[0], 2, False)
        limit = len(et.SYSCALL_NAMES) if head_names else et.PPM_SC_MAX_2022
        if scid < limit and et.SYSCALL_NAMES[scid]:
            return et.SYSCALL_NAMES[scid]
        return "<NA>"
    info = event_info(etype)
    return info.name if info is not None else "<unknown>"


def param_value(etype: int, index: int, raw: bytes) -> int | str | bytes | None:
    """Canonical typed value of one parameter, independent of any state.

    ints for integer, errno, fd, pid, flag, mode, uid/gid, signal, syscall-id and
    time types; str for strings and paths (up to the first NUL), for socket
    addresses/tuples and fd lists (rendered without resolution) and for IP
    addresses; bytes for byte buffers; None for an empty value.
    """
    head = _head_info(etype)
    info = head if head is not None and index < len(head.params) else event_info(etype)
    if info is None or not 0 <= index < len(info.params):
        return None
    raw = bytes(raw)
    if not raw:
        return None
    pinfo = info.params[index]
    if pinfo.ptype == et.PT_DYN and raw[0] >= len(_dyn_table(pinfo.info, False)):
        return raw  # an unknown variant: the bytes as they are
    return _typed_value(pinfo, raw, False)


def _typed_value(pinfo: ParamInfo, raw: bytes, rules_2022: bool) -> int | str | bytes | None:
    """Typed value of a non-empty parameter; a dynamic one through its variant's type
    (None for an unknown variant or an empty value)."""
    ptype = pinfo.ptype
    if ptype == et.PT_DYN:
        table = _dyn_table(pinfo.info, rules_2022)
        if raw[0] >= len(table):
            return None
        ptype = table[raw[0]].ptype
        raw = raw[1:]
        if not raw:
            return None
    return _typed(ptype, raw)


def _typed(ptype: int, raw: bytes) -> int | str | bytes | None:
    if ptype in _INT_TYPES:
        size, signed = _INT_TYPES[ptype]
        return _le(raw, size, signed)
    if ptype in (et.PT_ERRNO, et.PT_FD, et.PT_PID):
        return _le(raw, 8, True)
    if ptype in (et.PT_FD32, et.PT_PID32):
        return _le(raw, 4, True)
    if ptype in (et.PT_RELTIME, et.PT_ABSTIME):
        return _le(raw, 8, False)
    if ptype in (et.PT_FLAGS8, et.PT_ENUMFLAGS8, et.PT_SIGTYPE, et.PT_L4PROTO, et.PT_SOCKFAMILY):
        return raw[0]
    if ptype in (et.PT_FLAGS16, et.PT_ENUMFLAGS16, et.PT_SYSCALLID, et.PT_PORT):
        return _le(raw, 2, False)
    if ptype in (
        et.PT_FLAGS32,
        et.PT_ENUMFLAGS32,
        et.PT_UID,
        et.PT_GID,
        et.PT_MODE,
        et.PT_BOOL,
        et.PT_SIGSET,
    ):
        return _le(raw, 4, False)
    if ptype in (et.PT_CHARBUF, et.PT_FSPATH, et.PT_FSRELPATH):
        return text.cstr(raw)
    if ptype == et.PT_BYTEBUF:
        return raw
    if ptype == et.PT_SOCKADDR:
        return addr.sockaddr_text(raw)
    if ptype == et.PT_SOCKTUPLE:
        return addr.socktuple_text(raw)
    if ptype == et.PT_FDLIST:
        return _render_fdlist(raw, None)
    if ptype in (et.PT_IPV4ADDR, et.PT_IPV6ADDR, et.PT_IPADDR, et.PT_DOUBLE):
        return _render_extra(ptype, raw, et.PF_NA)
    return raw


# ---------------------------------------------------------------------------
# Compiled renderer (analyzer/scap/_fast_render.c): loaded with the tables above

# False renders every event with the Python code (tests compare both ways)
USE_COMPILED = True

_FLAG_TYPES = {
    et.PT_FLAGS8, et.PT_FLAGS16, et.PT_FLAGS32, et.PT_ENUMFLAGS8, et.PT_ENUMFLAGS16, et.PT_ENUMFLAGS32, et.PT_MODE,
}


_SIGNED64 = frozenset((et.PT_INT64, et.PT_ERRNO, et.PT_FD, et.PT_PID))
_UNSIGNED64 = frozenset((et.PT_UINT64, et.PT_RELTIME, et.PT_ABSTIME))


def _first_param_types() -> dict[str, int]:
    """Type of the first parameter of each name in the event tables (2022 first, then HEAD's)."""
    out: dict[str, int] = {}
    for table in (et.EVENTS_2022, et.EVENTS):
        for info in table:
            for p in info.params:
                out.setdefault(p.name, p.ptype)
    return out


_FIRST_PARAM_TYPE = _first_param_types()


def _rawarg_sign(pinfo: ParamInfo) -> int:
    """evt.rawarg.NAME takes its type from the first table parameter called NAME (libsinsp looks the
    field up by name once): a 64-bit value whose signedness differs from that parameter's reads with
    the other sign (brk/mmap ``res``, unsigned, print as the signed ``res`` of close does).
    1 signed, 0 unsigned, -1 the parameter's own type."""
    first = _FIRST_PARAM_TYPE.get(pinfo.name)
    if pinfo.ptype in _UNSIGNED64 and first in _SIGNED64:
        return 1
    if pinfo.ptype in _SIGNED64 and first in _UNSIGNED64:
        return 0
    return -1


def _compiled_specs() -> tuple[object, ...]:
    out: list[object] = []
    for etype in range(et.PPM_EVENT_MAX):
        info = event_info(etype)
        if info is None:
            out.append(None)
            continue
        r22 = _is_2022(etype)
        head = _head_info(etype)
        extra = head.params[len(info.params):] if head is not None and r22 else ()
        out.append((r22, etype in (GENERIC_E, GENERIC_X), tuple(
            (p.name, p.ptype, p.fmt, _dirfd_index(info, p), rules,
             _flag_table(p.info, rules) if p.ptype in _FLAG_TYPES else (), _rawarg_sign(p))
            for p, rules in [*((q, r22) for q in info.params), *((q, False) for q in extra)]
        ), len(info.params)))
    return tuple(out)


def _dirfd_index(info: EventInfo, p: ParamInfo) -> int:
    """PT_FSRELPATH resolved against its dirfd parameter: that parameter's index (else -1: the cwd)."""
    if p.ptype != et.PT_FSRELPATH or not isinstance(p.info, int):
        return -1
    if p.info >= len(info.params) or info.params[p.info].ptype != et.PT_FD:
        return -1
    return p.info


_fast.render_init(
    _compiled_specs(), dict(et.ERRNO_NAMES), dict(et.SIGNAL_NAMES), tuple(et.SYSCALL_NAMES), et.PPM_SC_MAX_2022
)


def render_parts_py(
    etype: int, params: Sequence[bytes], resolver: Resolver | None,
    known: dict[str, tuple[str, str | None]] | None = None, *, max_buf_len: int = DEFAULT_MAX_BUF_LEN,
) -> tuple[str, list[str], list[str], list[str | None], bytes | None]:
    """(evt.args text without sysdig's trailing space, names, evt.arg values, evt.rawarg texts,
    evt.buffer) of one event: the reference of the compiled renderer (``_fast.ArgSink``). evt.arg is the resolved text when there is one,
    else the value; evt.rawarg is the typed value as text (numbers in decimal, strings up to the
    NUL, buffers with non-printable bytes as dots); evt.buffer is the ``data`` byte buffer.
    Parameters past the event's table entry (current drivers' exits) follow with HEAD's rules,
    outside the text; those named in ``known`` (name -> (value, raw)) take those values."""
    info = event_info(etype)
    if info is None:
        return "", [], [], [], None
    rules_2022 = _is_2022(etype)
    ctx = _Ctx(etype, params, resolver, max_buf_len)
    names: list[str] = []
    values: list[str] = []
    raws: list[str | None] = []
    buf: bytes | None = None
    text: list[str] = []  # evt.args (generic events have none)
    with_text = etype not in (GENERIC_E, GENERIC_X)
    for i in range(min(len(info.params), len(params))):
        pinfo = info.params[i]
        raw = bytes(params[i])
        value, resolved = _render_value(pinfo, raw, ctx, rules_2022)
        ctx.prev = value
        if with_text:
            text.append(f"{pinfo.name}={value}({resolved})" if resolved else f"{pinfo.name}={value}")
        names.append(pinfo.name)
        values.append(resolved or value)
        raws.append(_rawarg_text(pinfo, raw, rules_2022))
        if pinfo.name == "data" and pinfo.ptype == et.PT_BYTEBUF:
            buf = raw
    head = _head_info(etype) if len(params) > len(info.params) else None
    if head is not None:
        for i in range(len(info.params), min(len(head.params), len(params))):
            pinfo = head.params[i]
            names.append(pinfo.name)
            if known is not None and pinfo.name in known:
                v, r = known[pinfo.name]
                values.append(v)
                raws.append(r)
                continue
            raw = bytes(params[i])
            value, resolved = _render_value(pinfo, raw, ctx, False)
            ctx.prev = value
            values.append(resolved or value)
            raws.append(_rawarg_text(pinfo, raw, False))
            if pinfo.name == "data" and pinfo.ptype == et.PT_BYTEBUF and buf is None:
                buf = raw
    return " ".join(text), names, values, raws, buf


def _rawarg_text(pinfo: ParamInfo, raw: bytes, rules_2022: bool) -> str | None:
    if not raw:
        return None
    v = _typed_value(pinfo, raw, rules_2022)
    if v is None:
        return None
    if isinstance(v, bytes):
        return _dots(v)
    sign = _rawarg_sign(pinfo)
    if sign >= 0 and isinstance(v, int):
        return str(_le(raw, 8, bool(sign)))
    return str(v)
