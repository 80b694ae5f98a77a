"""Addresses as text, against sysdig 0.29.3: a writer-made capture with IPv6 tuples whose ends are
IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), ::, ::1, link-local and zero runs in
different places, unix sockets whose paths hold control or non-UTF-8 bytes, are abstract or empty,
odd families and sizes, and fd-list sockets of each kind, through connect, accept, sendto,
recvfrom and bind. Every event's fd and argument fields must equal sysdig's."""

from __future__ import annotations

import random
import socket
from pathlib import Path

import pytest

from analyzer.scap import addr
from analyzer.scap import model as m
from analyzer.scap import writer as w

from .capture_setup import LOOPBACK, ROOT_GROUP, ROOT_USER, Header, write_capture
from .sysdig_oracle import mismatches

FIELDS = ("evt.num evt.type evt.dir evt.res fd.num fd.type fd.typechar fd.l4proto fd.name fd.sip fd.sport "
          "fd.cip fd.cport evt.args").split()
AF_UNIX, AF_INET, AF_INET6 = 1, 2, 10
SOCK_STREAM, SOCK_DGRAM, SOCK_RAW = 1, 2, 3
ECONNREFUSED = 111

# (client, server) ends of the IPv6 tuples
PAIRS = [
    ("::ffff:10.0.0.1", "::ffff:10.0.0.2"),  # both mapped: an IPv4 tuple
    ("::ffff:10.0.0.1", "2001:db8::1"),  # one mapped end: IPv6 text keeps ::ffff:a.b.c.d
    ("2001:db8::1", "::ffff:10.0.0.2"),
    ("::10.0.0.1", "::10.0.0.2"),  # IPv4-compatible: IPv6, dotted tail
    ("::1", "::1"),
    ("::", "::ffff:1.2.3.4"),  # :: counts as mapped (0.0.0.0)
    ("::", "::1"),
    ("fe80::1", "fe80:0:0:0:1::2"),
    ("2001:db8:0:0:1:0:0:1", "2001:0:0:1:0:0:0:1"),  # equal runs: the first; a longer one wins
    ("2001:db8:0:1:1:1:1:1", "1::"),  # one zero group is not compressed
    ("0:0:1::", "::0.1.0.0"),
    ("::ffff:0:0", "::ffff:10.0.0.2"),
    ("64:ff9b::1.2.3.4", "::ffff:0.0.0.1"),
]
UNIX_PATHS = [b"/tmp/a\x01b\nc", b"/tmp/\xff\xfe\xc3\xa9x", b"\x00abstract", b"", b"@abs", b"/run/\x7f\x80sock"]


def _p6(text: str) -> bytes:
    return socket.inet_pton(socket.AF_INET6, text)


def _procs() -> list[m.ProcEntry]:
    c = {"cwd": "/home/app/", "cgroups": ["cpuset=/"]}
    return [m.ProcEntry(tid=1, pid=1, ptid=0, comm="systemd", exe="/sbin/init", exepath="/sbin/init", **c),
            m.ProcEntry(tid=200, pid=200, ptid=1, comm="app", exe="app", exepath="/usr/bin/app", **c)]


def _fd_list() -> dict[int, list[m.FdEntry]]:
    v6, srv6 = m.FD_IPV6_SOCK, m.FD_IPV6_SERVSOCK
    return {200: [
        m.FdEntry(fd=20, ino=21, type=v6, sip=_p6("::ffff:10.0.0.1"), sport=40000, dip=_p6("::ffff:10.0.0.2"),
                  dport=443, l4proto=2),
        m.FdEntry(fd=21, ino=22, type=v6, sip=_p6("::ffff:10.0.0.1"), sport=40000, dip=_p6("2001:db8::2"),
                  dport=443, l4proto=2),
        m.FdEntry(fd=22, ino=23, type=v6, sip=_p6("::10.0.0.1"), sport=40000, dip=_p6("fe80::1:0:0:2"),
                  dport=443, l4proto=3),
        m.FdEntry(fd=23, ino=24, type=srv6, sip=_p6("::ffff:127.0.0.1"), sport=80, l4proto=2),
        m.FdEntry(fd=24, ino=25, type=srv6, sip=_p6("::1.2.3.4"), sport=81, l4proto=2),
        m.FdEntry(fd=25, ino=26, type=srv6, sip=_p6("::"), sport=82, l4proto=2),
        m.FdEntry(fd=26, ino=27, type=m.FD_UNIX_SOCK, name="/tmp/u\x01x", source=0xFFFF1, dest=0),
    ]}


def _unix_tuple(path: bytes) -> bytes:
    return b"\x01" + (0xFFFF1).to_bytes(8, "little") + (0xFFFF2).to_bytes(8, "little") + path + b"\x00"


def write_address_capture(path: Path) -> None:
    events: list[w.Ev] = []  # all on thread 200
    put, fd = events.extend, 10
    for listed in range(20, 27):
        put(w.read_events(listed, b"x"))
    # an empty address, an unknown family, wrong sizes
    put(w.socket_events(fd, AF_INET, SOCK_STREAM, 0))
    put(w.syscall_events(22, [fd, b""], [-ECONNREFUSED, b"", fd, b""]))
    put(w.syscall_events(22, [fd, b"\x10abc"], [-ECONNREFUSED, b"\x10abc", fd, b"\x10abc"]))
    put(w.syscall_events(22, [fd, b"\x02abc"], [-ECONNREFUSED, b"\x02abcdef", fd, b"\x02abc"]))
    put(w.close_events(fd))
    # ICMP and raw sockets are named without ports (or <unknown>)
    for dom, typ, proto, src, dst in ((AF_INET, SOCK_DGRAM, 1, "10.0.0.1", "10.0.0.2"),
                                      (AF_INET, SOCK_RAW, 255, "10.0.0.1", "10.0.0.2"),
                                      (AF_INET6, SOCK_DGRAM, 58, "2001:db8::1", "2001:db8::2"),
                                      (AF_INET6, SOCK_DGRAM, 1, "::ffff:10.0.0.1", "::ffff:10.0.0.2"),
                                      (AF_INET6, SOCK_RAW, 255, "2001:db8::1", "2001:db8::2")):
        put(w.socket_events(fd, dom, typ, proto))
        put(w.connect_events(fd, src, 0, dst, 0))
        put(w.read_events(fd, b"x"))
        put(w.sendto_events(fd, b"q", src, 0, dst, 0))
        put(w.close_events(fd))
    for client, server in PAIRS:
        put(w.socket_events(fd, AF_INET6, SOCK_STREAM, 0))  # a TCP client
        put(w.connect_events(fd, client, 40000, server, 443))
        put(w.read_events(fd, b"x"))
        put(w.close_events(fd))
        put(w.accept_events(fd, client, 40001, server, 8443, accept4_flags=0))
        put(w.read_events(fd, b"x"))
        put(w.close_events(fd))
        put(w.socket_events(fd, AF_INET6, SOCK_DGRAM, 0))  # a UDP one
        put(w.sendto_events(fd, b"q", client, 5353, server, 53))
        put(w.recvfrom_events(fd, b"r", server, 53, client, 5353))
        put(w.close_events(fd))
        put(w.socket_events(fd, AF_INET6, SOCK_STREAM, 0))  # a listener
        put(w.bind_events(fd, server, 8080))
        put(w.listen_events(fd))
        put(w.read_events(fd, b"x"))
        put(w.close_events(fd))
        put(w.socket_events(fd, AF_INET6, SOCK_STREAM, 0))  # a failed connect
        put(w.connect_events(fd, "::", 0, server, 443, res=-ECONNREFUSED))
        put(w.read_events(fd, b"x", res=-9))
        put(w.close_events(fd))
    for upath in UNIX_PATHS:
        sockaddr, tup = b"\x01" + upath + b"\x00", _unix_tuple(upath)
        put(w.socket_events(fd, AF_UNIX, SOCK_STREAM, 0))
        put(w.syscall_events(22, [fd, sockaddr], [0, tup, fd, sockaddr]))
        put(w.read_events(fd, b"x"))
        put(w.close_events(fd))
        put(w.socket_events(fd, AF_UNIX, SOCK_STREAM, 0))
        put(w.syscall_events(20, [fd], [0, sockaddr, fd]))
        put(w.read_events(fd, b"x"))
        put(w.close_events(fd))
        put(w.syscall_events(248, [0], [fd, tup, 0, 0, 128]))
        put(w.read_events(fd, b"x"))
        put(w.close_events(fd))
        put(w.socket_events(fd, AF_UNIX, SOCK_DGRAM, 0))
        put(w.syscall_events(30, [fd, 1, tup], [1, b"q", fd, 1, tup]))
        put(w.read_events(fd, b"x"))
        put(w.close_events(fd))
    write_capture(path, Header("addr", _procs(), _fd_list(), interfaces=[LOOPBACK], users=[ROOT_USER],
                               groups=[ROOT_GROUP]), [(200, events)])


@pytest.mark.sysdig
def test_address_fields_equal_sysdig(tmp_path: Path) -> None:
    cap = tmp_path / "addr.scap"
    write_address_capture(cap)
    bad = mismatches(cap, FIELDS)
    assert not bad, f"{len(bad)} differences:\n" + "\n".join(bad[:40])


_EDGE_V6 = ["::", "::1", "::2", "1::", "::ffff:0:0", "::ffff:1.2.3.4", "::1.2.3.4", "::0.1.0.0", "0:0:1::",
            "::1:0:0", "::1:0:0:0", "1::ffff:1.2.3.4", "::fffe:1.2.3.4", "2001:db8:0:0:1:0:0:1",
            "2001:0:0:1:0:0:0:1", "2001:db8:0:1:1:1:1:1", "fe80::1", "64:ff9b::1.2.3.4", "ffff::"]


def test_ipv6_text_is_glibc_inet_ntop() -> None:
    """The IPv6 text is glibc's inet_ntop (what libsinsp calls), computed without the C library."""
    rnd = random.Random(5952)
    samples = [_p6(s) for s in _EDGE_V6]
    for _ in range(3000):  # few distinct groups, so that zero runs of every length and place occur
        samples.append(b"".join(rnd.choice((b"\0\0", b"\0\0", b"\0\1", b"\xff\xff", b"\x12\x34")) for _ in range(8)))
    for raw in samples:
        assert addr.ipv6_text(raw) == socket.inet_ntop(socket.AF_INET6, raw), raw.hex()
        assert addr.ipv6_packed(addr.ipv6_text(raw)) == raw


def test_mapped_and_compatible_addresses() -> None:
    t = addr.parse_socktuple(b"\x0a" + _p6("::ffff:10.0.0.1") + b"\x50\x00" + _p6("::") + b"\x01\x00")
    assert isinstance(t, addr.InetTuple) and t.v4 and t.name == "10.0.0.1:80->0.0.0.0:1"
    t = addr.parse_socktuple(b"\x0a" + _p6("::10.0.0.1") + b"\x50\x00" + _p6("::ffff:10.0.0.2") + b"\x01\x00")
    assert isinstance(t, addr.InetTuple) and not t.v4 and t.name == "::10.0.0.1:80->::ffff:10.0.0.2:1"
    assert addr.sockaddr_text(b"\x0a" + _p6("::ffff:10.0.0.1") + b"\x50\x00") == "::ffff:10.0.0.1:80"
    assert addr.sockaddr_text(b"\x01/tmp/\x01\xc3\xa9s\x00") == "/tmp/s"
    assert addr.socktuple_text(b"\x11") == "family 17"
