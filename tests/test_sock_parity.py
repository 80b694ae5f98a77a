"""Sockets, against sysdig 0.29.3: writer-made captures, one per scenario, that create sockets of
every domain, type and protocol (AF_INET/INET6/UNIX/NETLINK/PACKET, stream/datagram/raw/seqpacket,
flags in the type, a failed socket()), bind, listen and accept (IPv4, IPv6, IPv4-mapped, unix;
accept4; a failed accept), connect (success, EINPROGRESS then getsockopt(SO_ERROR) and I/O, failure,
a second connect, datagram sockets connected and disconnected with AF_UNSPEC, unix), exchange
datagrams on unconnected sockets (sendto/recvfrom/sendmsg/recvmsg, as client and as server, a sendto
on an fd never created), shutdown, close and reuse an fd, make socketpairs, use every kind of socket
of the capture's fd list, and talk to themselves over localhost (TCP and UDP, both ends in one
process). Every event's fd fields must equal sysdig's.

The local end of a connection is the one whose address belongs to the machine (the capture's
interface list: an exact IPv4 address, an IPv6 /64), as libsinsp decides it for fd.is_server,
fd.lip/lport and fd.rip/rport; the interface list holds lo, an IPv4 and an IPv6 address, so that
both answers occur.

A connect with AF_UNSPEC is written as the driver writes an address of a family it does not know
(an empty parameter): given a one-byte address of family 0, sysdig 0.29.3 reads unix socket pointers
past its end (garbage fd.cip values), which no capture of ours contains."""

from __future__ import annotations

import socket
import struct
from pathlib import Path

import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w

from .capture_setup import ROOT_GROUP, ROOT_USER, Header, Scene, write_capture
from .sysdig_oracle import mismatches

FIELDS = ("evt.num evt.type evt.dir thread.tid fd.num fd.name fd.type fd.typechar fd.l4proto fd.sockfamily "
          "fd.is_server fd.sip fd.sport fd.cip fd.cport fd.lip fd.lport fd.rip fd.rport fd.connected "
          "fd.name_changed evt.res evt.args").split()
APP, SRV = 100, 101
AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET = 1, 2, 10, 16, 17
STREAM, DGRAM, RAW, SEQPACKET = 1, 2, 3, 5
NONBLOCK, CLOEXEC = 0o4000, 0o2000000
SOL_SOCKET, SO_ERROR = 1, 4
EINPROGRESS, ECONNREFUSED, EISCONN = 115, 111, 106
Events = list[w.Ev]
pair = w.syscall_events


def _p4(text: str) -> bytes:
    return socket.inet_pton(socket.AF_INET, text)


def _p6(text: str) -> bytes:
    return socket.inet_pton(socket.AF_INET6, text)


# ----------------------------------------------------------------------------------- event helpers
def rd(fd: int, res: int | None = None) -> Events:
    return w.read_events(fd, b"x", res=res)


def wr(fd: int, res: int | None = None) -> Events:
    return w.write_io_events(fd, b"y", res=res)


def close(fd: int) -> Events:
    return w.close_events(fd)


def sock(fd: int, dom: int, typ: int, proto: int = 0) -> Events:
    return pair(18, [dom, typ, proto], [fd, dom, typ, proto, 0])


def getsockopt(fd: int, err: int) -> Events:
    return pair(46, [], [0, fd, SOL_SOCKET, SO_ERROR, struct.pack("<q", err), 8])


def shutdown(fd: int, how: int = 2) -> Events:
    return pair(36, [fd, how], [0, fd, how])


def sendmsg(fd: int, tup: tuple[object, ...]) -> Events:
    return pair(48, [fd, 1, tup], [1, b"q", fd, 1, tup])


def recvmsg(fd: int, tup: tuple[object, ...]) -> Events:
    return pair(52, [fd], [1, 1, b"r", tup, b"", fd])


def send(fd: int) -> Events:
    return pair(28, [fd, 1], [1, b"q", fd, 1, b""])


def recv(fd: int) -> Events:
    return pair(32, [fd, 1], [1, b"r", fd, 1, b""])


def socketpair(fd1: int, fd2: int, res: int = 0) -> Events:
    return pair(42, [AF_UNIX, STREAM, 0], [res, fd1, fd2, 0xB1, 0xB2, AF_UNIX, STREAM, 0])


def connect_raw(fd: int, addr: bytes, tup: bytes, res: int = 0) -> Events:
    return pair(22, [fd, addr], [res, tup, fd, addr])


def accept4(fd: int, tup: object) -> Events:
    return pair(248, [0], [fd, tup, 0, 0, 128])


def udp_exchange(fd: int, me: tuple[str, int], peer: tuple[str, int]) -> Events:
    return w.sendto_events(fd, b"q", *me, *peer) + w.recvfrom_events(fd, b"r", *peer, *me)


# ----------------------------------------------------------------------------------- scenarios
_KINDS = [(AF_INET, STREAM, 0), (AF_INET, DGRAM, 0), (AF_INET, RAW, 1), (AF_INET, RAW, 255), (AF_INET, STREAM, 6),
          (AF_INET, DGRAM, 17), (AF_INET, DGRAM, 1), (AF_INET, SEQPACKET, 132), (AF_INET, STREAM, 132),
          (AF_INET, RAW, 6), (AF_INET6, STREAM, 0), (AF_INET6, DGRAM, 0), (AF_INET6, RAW, 58), (AF_INET6, DGRAM, 58),
          (AF_INET6, STREAM, 6), (AF_INET6, DGRAM, 17), (AF_INET6, RAW, 255), (AF_UNIX, STREAM, 0),
          (AF_UNIX, DGRAM, 0), (AF_UNIX, SEQPACKET, 0), (AF_NETLINK, RAW, 0), (AF_NETLINK, DGRAM, 9),
          (AF_PACKET, RAW, 768), (AF_PACKET, DGRAM, 768), (AF_INET, STREAM | NONBLOCK | CLOEXEC, 0),
          (AF_INET, DGRAM | CLOEXEC, 0)]


def _socket_kinds() -> dict[str, Scene]:
    out = {f"socket-{d}-{t}-{p}": (APP, sock(3, d, t, p) + rd(3) + wr(3) + close(3)) for d, t, p in _KINDS}
    out["socket-failed"] = (APP, sock(-24, AF_INET, STREAM) + rd(3))
    return out


def _servers() -> dict[str, Scene]:
    return {
        "listen-ipv4": (APP, sock(5, AF_INET, STREAM) + w.bind_events(5, "0.0.0.0", 8081) + w.listen_events(5) + rd(5)
                        + w.accept_events(6, "10.0.0.9", 50010, "10.0.0.1", 8081) + rd(6) + wr(6)
                        + w.accept_events(7, "10.0.0.9", 50011, "10.0.0.1", 8081, accept4_flags=0) + rd(7)
                        + accept4(-11, b"") + rd(8) + close(6) + close(7) + close(5)),
        "listen-ipv6": (APP, sock(5, AF_INET6, STREAM) + w.bind_events(5, "::", 8082) + w.listen_events(5) + rd(5)
                        + w.accept_events(6, "2001:db8::9", 50010, "2001:db8::1", 8082) + rd(6)
                        + w.accept_events(7, "2001:db9::9", 50010, "2001:db9::1", 8082) + rd(7) + close(6) + close(5)),
        "listen-ipv6-mapped": (APP, sock(5, AF_INET6, STREAM) + w.bind_events(5, "2001:db8::1", 8083) + rd(5)
                               + w.accept_events(6, "::ffff:10.0.0.9", 50010, "::ffff:10.0.0.1", 8083) + rd(6)
                               + close(6) + close(5)),
        "bind-port-0": (APP, sock(5, AF_INET, DGRAM) + w.bind_events(5, "0.0.0.0", 0) + rd(5) + close(5)),
        "bind-failed": (APP, sock(5, AF_INET, STREAM) + w.bind_events(5, "10.0.0.1", 8084, res=-98) + rd(5) + close(5)),
        "listen-unix": (APP, sock(5, AF_UNIX, STREAM) + pair(20, [5], [0, ("unix", "/run/x.sock"), 5])
                        + w.listen_events(5) + accept4(6, ("unix", 0xC1, 0xC2, "/run/x.sock")) + rd(6)
                        + close(6) + close(5)),
    }


def _clients() -> dict[str, Scene]:
    tcp = sock(5, AF_INET, STREAM)
    nb = sock(5, AF_INET, STREAM | NONBLOCK)
    return {
        "connect": (APP, tcp + w.connect_events(5, "10.0.0.1", 40010, "10.0.0.9", 80) + rd(5) + wr(5)
                    + shutdown(5) + rd(5) + close(5) + rd(5)),
        "connect-einprogress": (APP, nb + w.connect_events(5, "10.0.0.1", 40011, "10.0.0.9", 80, res=-EINPROGRESS)
                                + getsockopt(5, 0) + wr(5) + close(5)),
        "connect-einprogress-refused": (APP, nb + w.connect_events(5, "0.0.0.0", 0, "10.0.0.9", 80, res=-EINPROGRESS)
                                        + getsockopt(5, ECONNREFUSED) + wr(5, res=-32) + close(5)),
        "connect-failed": (APP, tcp + w.connect_events(5, "0.0.0.0", 0, "10.0.0.9", 81, res=-ECONNREFUSED)
                           + rd(5, res=-107) + close(5)),
        "connect-again": (APP, tcp + w.connect_events(5, "10.0.0.1", 40012, "10.0.0.9", 80)
                          + w.connect_events(5, "10.0.0.1", 40012, "10.0.0.9", 80, res=-EISCONN) + rd(5) + close(5)),
        "connect-udp": (APP, sock(5, AF_INET, DGRAM) + w.connect_events(5, "10.0.0.1", 40013, "10.0.0.53", 53)
                        + send(5) + recv(5) + w.connect_events(5, "10.0.0.1", 40013, "10.0.0.54", 53) + rd(5)
                        + connect_raw(5, b"", b"") + rd(5) + close(5)),
        "connect-udp6": (APP, sock(5, AF_INET6, DGRAM) + w.connect_events(5, "2001:db8::1", 40014, "2001:db8::53", 53)
                         + rd(5) + connect_raw(5, b"", b"") + rd(5) + close(5)),
        "connect-unix": (APP, sock(5, AF_UNIX, STREAM) + w.connect_unix_events(5, "/run/db.sock", 0xD1, 0xD2) + rd(5)
                         + close(5)),
        "connect-unix-failed": (APP, sock(5, AF_UNIX, STREAM) + w.connect_unix_events(5, "/run/no.sock", 0xD1, 0, res=-2)
                                + rd(5) + close(5)),
    }


def _datagrams() -> dict[str, Scene]:
    return {
        "udp-client": (APP, sock(5, AF_INET, DGRAM) + udp_exchange(5, ("10.0.0.1", 40020), ("10.0.0.53", 53))
                       + w.sendto_events(5, b"q", "10.0.0.1", 40020, "10.0.0.54", 53)
                       + w.recvfrom_events(5, b"r", "10.0.0.55", 53, "10.0.0.1", 40020) + rd(5) + close(5)),
        "udp-server": (APP, sock(5, AF_INET, DGRAM) + w.bind_events(5, "0.0.0.0", 5300)
                       + w.recvfrom_events(5, b"r", "10.0.0.9", 40021, "10.0.0.1", 5300)
                       + w.sendto_events(5, b"q", "10.0.0.1", 5300, "10.0.0.9", 40021)
                       + w.recvfrom_events(5, b"r", "10.0.0.8", 40022, "10.0.0.1", 5300) + close(5)),
        "udp-msg": (APP, sock(5, AF_INET, DGRAM) + recvmsg(5, ("inet", "10.0.0.9", 40023, "10.0.0.1", 5301))
                    + sendmsg(5, ("inet", "10.0.0.1", 5301, "10.0.0.9", 40023)) + close(5)),
        "udp6-msg": (APP, sock(5, AF_INET6, DGRAM) + sendmsg(5, ("inet6", "2001:db8::1", 40024, "2001:db8::53", 53))
                     + recvmsg(5, ("inet6", "2001:db8::53", 53, "2001:db8::1", 40024)) + close(5)),
        "udp-send-failed": (APP, sock(5, AF_INET, DGRAM) + w.sendto_events(5, b"q", "10.0.0.1", 40025, "10.0.0.53", 53,
                                                                          res=-1) + rd(5) + close(5)),
        "sendto-unknown-fd": (APP, w.sendto_events(9, b"q", "10.0.0.1", 40026, "10.0.0.53", 53) + rd(9) + close(9)),
        "sendto-unknown-fd6": (APP, w.sendto_events(9, b"q", "2001:db8::1", 40027, "2001:db8::53", 53) + rd(9)),
        "sendmsg-unknown-fd": (APP, sendmsg(9, ("inet", "10.0.0.1", 40028, "10.0.0.53", 53)) + rd(9)),
    }


def _others() -> dict[str, Scene]:
    out: dict[str, Scene] = {
        "socketpair": (APP, socketpair(5, 6) + rd(5) + wr(6) + close(5) + close(6)),
        "socketpair-failed": (APP, socketpair(5, 6, res=-24) + rd(5)),
        "fd-reuse": (APP, sock(5, AF_INET, STREAM) + w.connect_events(5, "10.0.0.1", 40030, "10.0.0.9", 80) + close(5)
                     + sock(5, AF_INET, DGRAM) + rd(5) + close(5)),
        "fd-list-accept": (APP, w.accept_events(40, "10.0.0.7", 50040, "10.0.0.1", 8080) + rd(40)),
        "fd-list-udp-recv": (APP, w.recvfrom_events(24, b"r", "10.0.0.7", 53, "10.0.0.1", 5353) + rd(24)),
        "localhost-tcp": (SRV, sock(5, AF_INET, STREAM) + w.bind_events(5, "127.0.0.1", 9000) + w.listen_events(5)
                          + sock(6, AF_INET, STREAM) + w.connect_events(6, "127.0.0.1", 50100, "127.0.0.1", 9000)
                          + w.accept_events(7, "127.0.0.1", 50100, "127.0.0.1", 9000) + wr(6) + rd(7) + wr(7) + rd(6)
                          + close(6) + close(7)),
        "localhost-udp": (SRV, sock(8, AF_INET, DGRAM) + w.bind_events(8, "127.0.0.1", 9001) + sock(9, AF_INET, DGRAM)
                          + w.sendto_events(9, b"q", "127.0.0.1", 50101, "127.0.0.1", 9001)
                          + w.recvfrom_events(8, b"q", "127.0.0.1", 50101, "127.0.0.1", 9001)
                          + w.sendto_events(8, b"r", "127.0.0.1", 9001, "127.0.0.1", 50101)
                          + w.recvfrom_events(9, b"r", "127.0.0.1", 9001, "127.0.0.1", 50101)
                          + sock(10, AF_INET, DGRAM) + w.recvfrom_events(10, b"q", "127.0.0.1", 50102, "127.0.0.1", 9001)),
    }
    for fd in range(20, 32):
        out[f"fd-list-{fd}"] = (APP, rd(fd) + wr(fd))
    return out


SCENES = {**_socket_kinds(), **_servers(), **_clients(), **_datagrams(), **_others()}


# ----------------------------------------------------------------------------------- the capture
def _procs() -> list[m.ProcEntry]:
    c = {"cwd": "/", "cgroups": ["cpuset=/"]}
    return [m.ProcEntry(tid=1, pid=1, ptid=0, comm="init", exe="/sbin/init", exepath="/sbin/init", **c),
            m.ProcEntry(tid=APP, pid=APP, ptid=1, comm="app", exe="app", exepath="/usr/bin/app", **c),
            m.ProcEntry(tid=SRV, pid=SRV, ptid=1, comm="srv", exe="srv", exepath="/usr/bin/srv", **c)]


def _v4(fd: int, src: str, sport: int, dst: str, dport: int, l4: int = 2) -> m.FdEntry:
    return m.FdEntry(fd=fd, ino=fd, type=m.FD_IPV4_SOCK, sip=_p4(src), sport=sport, dip=_p4(dst), dport=dport,
                     l4proto=l4)


def _v6(fd: int, src: str, sport: int, dst: str, dport: int) -> m.FdEntry:
    return m.FdEntry(fd=fd, ino=fd, type=m.FD_IPV6_SOCK, sip=_p6(src), sport=sport, dip=_p6(dst), dport=dport,
                     l4proto=2)


def _fd_list() -> dict[int, list[m.FdEntry]]:
    return {APP: [
        m.FdEntry(fd=20, ino=20, type=m.FD_IPV4_SERVSOCK, sip=_p4("0.0.0.0"), sport=8080, l4proto=2),
        m.FdEntry(fd=21, ino=21, type=m.FD_IPV6_SERVSOCK, sip=_p6("::"), sport=8443, l4proto=2),
        _v4(22, "10.0.0.1", 8080, "10.0.0.9", 50000),  # the server end of a listed listener's connection
        _v4(23, "10.0.0.1", 40000, "10.0.0.9", 443),
        _v4(24, "10.0.0.1", 5353, "0.0.0.0", 0, l4=3),
        _v6(25, "2001:db8::1", 40001, "2001:db9::9", 443),
        _v6(26, "2001:db8::1", 8443, "2001:db9::9", 50001),
        m.FdEntry(fd=27, ino=27, type=m.FD_UNIX_SOCK, name="/run/app.sock", source=0xA1, dest=0),
        m.FdEntry(fd=28, ino=28, type=m.FD_UNIX_SOCK, name="", source=0xA2, dest=0xA3),
        m.FdEntry(fd=29, ino=29, type=m.FD_NETLINK, name=""),
        _v4(30, "127.0.0.1", 50002, "127.0.0.1", 8080),  # both ends of one localhost connection
        _v4(31, "127.0.0.1", 8080, "127.0.0.1", 50002),
    ]}


def _interfaces() -> list[m.Interface]:
    return [m.Interface(4, "lo", _p4("127.0.0.1"), _p4("255.0.0.0"), bytes(4)),
            m.Interface(4, "eth0", _p4("10.0.0.1"), _p4("255.255.255.0"), _p4("10.0.0.255")),
            m.Interface(6, "eth0", _p6("2001:db8::1"), bytes(16), bytes(16))]


def write_socket_capture(path: Path, scene: Scene) -> None:
    header = Header("sock", _procs(), _fd_list(), interfaces=_interfaces(), users=[ROOT_USER],
                    groups=[ROOT_GROUP])
    write_capture(path, header, [scene])


@pytest.mark.sysdig
@pytest.mark.parametrize("name", list(SCENES))
def test_socket_fields_equal_sysdig(tmp_path: Path, name: str) -> None:
    cap = tmp_path / f"{name}.scap"
    write_socket_capture(cap, SCENES[name])
    bad = mismatches(cap, FIELDS)
    assert not bad, f"{name}: {len(bad)} differences:\n" + "\n".join(bad[:30])
