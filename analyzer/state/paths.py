"""Path joining and socket address decoding, as the state engine needs them."""

from __future__ import annotations

import ipaddress
import struct

from ..scap.text import cstr

PPM_AF_UNIX, PPM_AF_INET, PPM_AF_INET6 = 1, 2, 10


def _normalize(path: str) -> str:
    """Resolve '.', '..' and repeated slashes of an absolute path (no filesystem access)."""
    parts: list[str] = []
    for comp in path.split("/"):
        if comp in ("", "."):
            continue
        if comp == "..":
            if parts:
                parts.pop()
            continue
        parts.append(comp)
    out = "/" + "/".join(parts)
    return out


def concatenate_paths(base: str, name: str) -> str:
    """Absolute names stand alone; relative ones are joined to ``base`` (a directory)."""
    if name.startswith("/"):
        return _normalize(name)
    if not base:
        return name
    if base == "<UNKNOWN>":
        return "<UNKNOWN>" + name
    if not name:
        # an empty name is still relative: libsinsp joins it and drops the trailing '/'
        return _normalize(base) if base.startswith("/") else base
    return _normalize(base + "/" + name)


def _ip4(b: bytes) -> str:
    return str(ipaddress.IPv4Address(b))


def _ip6(b: bytes) -> tuple[str, bool]:
    """(text, is IPv4) of an IPv6 address; like libsinsp, the unspecified address :: counts as an
    IPv4-mapped one (0.0.0.0), so a tuple from :: to ::ffff:a.b.c.d is an IPv4 tuple."""
    b = bytes(b)
    if not any(b[:10]) and (b[10:12] == b"\xff\xff" or not any(b[10:16])):
        return _ip4(b[12:16]), True
    return str(ipaddress.IPv6Address(b)), False


def parse_sockaddr(b: bytes) -> tuple[int, str, int, str]:
    """(family, ip, port, text) of a SOCKADDR parameter."""
    if not b:
        return 0, "", 0, ""
    fam = b[0]
    if fam == PPM_AF_INET and len(b) >= 7:
        ip = _ip4(b[1:5])
        port = struct.unpack_from("<H", b, 5)[0]
        return fam, ip, port, f"{ip}:{port}"
    if fam == PPM_AF_INET6 and len(b) >= 19:
        ip, mapped = _ip6(b[1:17])
        port = struct.unpack_from("<H", b, 17)[0]
        return fam, ip, port, f"{ip}:{port}"
    if fam == PPM_AF_UNIX:
        path = cstr(b[1:])
        return fam, "", 0, path
    return fam, "", 0, ""


def parse_socktuple(b: bytes) -> tuple[int, str, int, str, int, bool] | tuple[int, str] | None:
    """For inet: (family, sip, sport, dip, dport, v4mapped); for unix: (family, name)."""
    if not b:
        return None
    fam = b[0]
    if fam == PPM_AF_INET and len(b) >= 13:
        sip, dip = _ip4(b[1:5]), _ip4(b[7:11])
        sport, dport = struct.unpack_from("<H", b, 5)[0], struct.unpack_from("<H", b, 11)[0]
        return fam, sip, sport, dip, dport, False
    if fam == PPM_AF_INET6 and len(b) >= 37:
        sip, m1 = _ip6(b[1:17])
        dip, m2 = _ip6(b[19:35])
        sport, dport = struct.unpack_from("<H", b, 17)[0], struct.unpack_from("<H", b, 35)[0]
        mapped = m1 and m2
        if not mapped:
            sip, dip = str(ipaddress.IPv6Address(b[1:17])), str(ipaddress.IPv6Address(b[19:35]))
        return fam, sip, sport, dip, dport, mapped
    if fam == PPM_AF_UNIX and len(b) >= 17:
        src, dst = struct.unpack_from("<QQ", b, 1)
        path = cstr(b[17:])
        return fam, f"{src:x}->{dst:x} {path}"
    return None
