"""IP and socket addresses as text, the one place that writes them (evt.args, fd names, fd.sip...).

libsinsp prints an IPv4 address dotted and an IPv6 address with glibc's ``inet_ntop``: rfc5952
compression of the first longest run of two or more zero groups, and the dotted tail of an
IPv4-mapped (``::ffff:1.2.3.4``) or IPv4-compatible (``::1.2.3.4``) address, which Python's
``ipaddress`` (before 3.13) writes in hex. The IPv6 text is computed here, not asked of the C
library; the compiled renderer (``_fast_render.c``) calls the platform's ``inet_ntop``, which on
glibc writes the same (tests/test_addr_parity.py checks the two against each other), and falls
back to this code where ``inet_ntop`` fails.

libsinsp counts an IPv6 address as IPv4 when it is IPv4-mapped or all zeros
(``sinsp_utils::is_ipv4_mapped_ipv6``): a tuple whose two ends are such addresses is an IPv4
tuple. A unix socket path is printed without its non-printable bytes (``sanitize_string``: every
byte outside 0x20-0x7e, so also every byte of a non-ASCII name).
"""

from __future__ import annotations

import socket
import struct
from functools import lru_cache
from typing import NamedTuple

PPM_AF_UNIX, PPM_AF_INET, PPM_AF_INET6 = 1, 2, 10

_PRINTABLE = bytes(range(0x20, 0x7F))
_DROP = bytes(b for b in range(256) if b not in _PRINTABLE)


def sanitize(raw: bytes) -> str:
    """``raw`` without its non-printable bytes (libsinsp ``sanitize_string``)."""
    return raw.translate(None, _DROP).decode("ascii")


def cstr_bytes(raw: bytes) -> bytes:
    """The bytes of a NUL-terminated string (nothing after the first NUL)."""
    nul = raw.find(b"\0")
    return raw if nul < 0 else raw[:nul]


def ipv4_text(raw: bytes) -> str:
    """The first 4 bytes of ``raw`` (network order), dotted."""
    return f"{raw[0]}.{raw[1]}.{raw[2]}.{raw[3]}"


@lru_cache(maxsize=4096)
def _ipv6_text(raw: bytes) -> str:
    words = struct.unpack("!8H", raw)
    base, length = -1, 0
    i = 0
    while i < 8:  # the first longest run of zero groups
        if words[i] == 0:
            j = i
            while j < 8 and words[j] == 0:
                j += 1
            if j - i > length:
                base, length = i, j - i
            i = j
        else:
            i += 1
    if length < 2:
        base, length = -1, 0
    out: list[str] = []
    for i, word in enumerate(words):
        if base <= i < base + length:
            if i == base:
                out.append(":")
            continue
        if i:
            out.append(":")
        if i == 6 and base == 0 and (length == 6 or (length == 5 and words[5] == 0xFFFF)):
            out.append(ipv4_text(raw[12:16]))
            break
        out.append(f"{word:x}")
    if base != -1 and base + length == 8:
        out.append(":")
    return "".join(out)


def ipv6_text(raw: bytes) -> str:
    """The first 16 bytes of ``raw`` as glibc's ``inet_ntop(AF_INET6)`` writes them."""
    return _ipv6_text(bytes(raw[:16]))


def ip_text(raw: bytes) -> str:
    """A 4-byte (IPv4) or 16-byte (IPv6) address as text; "" for any other length."""
    if len(raw) == 4:
        return ipv4_text(raw)
    if len(raw) == 16:
        return ipv6_text(raw)
    return ""


def is_ipv4_mapped(raw: bytes) -> bool:
    """libsinsp's test: ``::ffff:a.b.c.d``, or ``::`` (taken for 0.0.0.0). ``::a.b.c.d`` is not."""
    return not any(raw[:10]) and (raw[10:12] == b"\xff\xff" or not any(raw[10:16]))


def ipv4_packed(text: str) -> bytes:
    """The 4 bytes of a dotted IPv4 address (what :func:`ipv4_text` writes); ValueError otherwise."""
    try:
        return socket.inet_pton(socket.AF_INET, text)
    except OSError as e:
        raise ValueError(f"not an IPv4 address: {text!r}") from e


def ipv6_packed(text: str) -> bytes:
    """The 16 bytes of an IPv6 address in any text form; all zeros when ``text`` is not one."""
    try:
        return socket.inet_pton(socket.AF_INET6, text)
    except (OSError, ValueError):
        return bytes(16)


def _port(raw: bytes, at: int) -> int:
    return int(raw[at]) | int(raw[at + 1]) << 8


def _signed_byte(b: int) -> int:
    return b - 256 if b >= 128 else b


class SockAddr(NamedTuple):
    """A SOCKADDR parameter: family, address text (IPv4-mapped ones dotted), port, and whether the
    address counts as IPv4 (an AF_INET address, or an IPv4-mapped AF_INET6 one)."""

    family: int
    ip: str
    port: int
    v4: bool


class InetTuple(NamedTuple):
    """An AF_INET/AF_INET6 SOCKTUPLE; ``v4`` when both ends count as IPv4 (both addresses are then
    dotted), otherwise both are IPv6 text, even an IPv4-mapped end."""

    family: int
    sip: str
    sport: int
    dip: str
    dport: int
    v4: bool

    @property
    def name(self) -> str:
        return f"{self.sip}:{self.sport}->{self.dip}:{self.dport}"


class UnixTuple(NamedTuple):
    """An AF_UNIX SOCKTUPLE: the kernel socket pointers and the path (raw bytes)."""

    family: int
    src: int
    dst: int
    path: bytes

    @property
    def name(self) -> str:
        """``src->dst path``, the path sanitized (the fd name libsinsp gives on connect/accept)."""
        return f"{self.src:x}->{self.dst:x} {sanitize(self.path)}"


def parse_sockaddr(raw: bytes) -> SockAddr | None:
    """An AF_INET or AF_INET6 SOCKADDR of the right size; None for anything else."""
    if not raw:
        return None
    fam = raw[0]
    if fam == PPM_AF_INET and len(raw) >= 7:
        return SockAddr(fam, ipv4_text(raw[1:5]), _port(raw, 5), True)
    if fam == PPM_AF_INET6 and len(raw) >= 19:
        ip = raw[1:17]
        if is_ipv4_mapped(ip):
            return SockAddr(fam, ipv4_text(ip[12:16]), _port(raw, 17), True)
        return SockAddr(fam, ipv6_text(ip), _port(raw, 17), False)
    return None


def parse_socktuple(raw: bytes) -> InetTuple | UnixTuple | None:
    """An AF_INET/AF_INET6/AF_UNIX SOCKTUPLE of the right size; None for anything else."""
    if not raw:
        return None
    fam = raw[0]
    if fam == PPM_AF_INET and len(raw) >= 13:
        return InetTuple(fam, ipv4_text(raw[1:5]), _port(raw, 5), ipv4_text(raw[7:11]), _port(raw, 11), True)
    if fam == PPM_AF_INET6 and len(raw) >= 37:
        sip, dip = raw[1:17], raw[19:35]
        if is_ipv4_mapped(sip) and is_ipv4_mapped(dip):
            return InetTuple(fam, ipv4_text(sip[12:16]), _port(raw, 17), ipv4_text(dip[12:16]), _port(raw, 35), True)
        return InetTuple(fam, ipv6_text(sip), _port(raw, 17), ipv6_text(dip), _port(raw, 35), False)
    if fam == PPM_AF_UNIX and len(raw) >= 17:
        src, dst = struct.unpack_from("<QQ", raw, 1)
        return UnixTuple(fam, src, dst, cstr_bytes(raw[17:]))
    return None


def sockaddr_text(raw: bytes) -> str:
    """A SOCKADDR parameter as sysdig prints it in evt.args (and names a bound socket)."""
    if not raw:
        return ""
    fam = raw[0]
    if fam == PPM_AF_UNIX:
        return sanitize(cstr_bytes(raw[1:]))
    if fam == PPM_AF_INET:
        if len(raw) != 7:
            return "INVALID IPv4"
        return f"{ipv4_text(raw[1:5])}:{_port(raw, 5)}"
    if fam == PPM_AF_INET6:
        if len(raw) != 19:
            return "INVALID IPv6"
        return f"{ipv6_text(raw[1:17])}:{_port(raw, 17)}"
    return f"family {_signed_byte(fam)}"


def socktuple_text(raw: bytes) -> str:
    """A SOCKTUPLE parameter as sysdig prints it in evt.args."""
    if not raw:
        return ""
    fam = raw[0]
    if fam == PPM_AF_INET:
        if len(raw) != 13:
            return "INVALID IPv4"
    elif fam == PPM_AF_INET6:
        if len(raw) != 37:
            return "INVALID IPv6"
    elif fam == PPM_AF_UNIX:
        # short tuples: the pointers that are there, zero-extended
        src = int.from_bytes(raw[1:9], "little")
        dst = int.from_bytes(raw[9:17], "little")
        return f"{src:x}->{dst:x} {sanitize(cstr_bytes(raw[17:]))}"
    else:
        return f"family {_signed_byte(fam)}"
    t = parse_socktuple(raw)
    assert isinstance(t, InetTuple)
    return t.name
