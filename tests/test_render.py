"""Rendering of event parameters, checked against sysdig 0.29.3 output.

Every expected string below was printed by ``sysdig -r FILE -p '%evt.args'`` (Debian
sysdig 0.29.3), either on the sample traces in shared/fixtures or on synthetic captures
made for this purpose.
"""

from __future__ import annotations

import struct

import pytest

from analyzer.scap import event_table as et
from analyzer.scap.render import (
    decode_params,
    event_type_name,
    join_path,
    param_index,
    param_value,
    render_arg,
    render_param,
    render_res,
    res_value,
)

from .render_both import render_args  # compiled and Python, checked equal


class Stub:
    """Resolver with a fixed view of the state."""

    def __init__(
        self,
        fds: dict[int, tuple[str, str]] | None = None,
        comms: dict[int, str] | None = None,
        cwd: str | None = "",
        users: dict[int, str] | None = None,
        groups: dict[int, str] | None = None,
    ) -> None:
        self.fds = fds or {}
        self.comms = comms or {}
        self._cwd = cwd
        self.users = users or {}
        self.groups = groups or {}

    def fd(self, fd: int) -> tuple[str, str] | None:
        return self.fds.get(fd)

    def pid_comm(self, pid: int) -> str | None:
        return self.comms.get(pid)

    def cwd(self) -> str | None:
        return self._cwd

    def user_name(self, uid: int) -> str | None:
        return self.users.get(uid)

    def group_name(self, gid: int) -> str | None:
        return self.groups.get(gid)


def i64(v: int) -> bytes:
    return struct.pack("<q", v)


def u64(v: int) -> bytes:
    return struct.pack("<Q", v)


def u32(v: int) -> bytes:
    return struct.pack("<I", v & 0xFFFFFFFF)


def u16(v: int) -> bytes:
    return struct.pack("<H", v)


def cstr(s: str) -> bytes:
    return s.encode() + b"\x00"


def ip6(s: str) -> bytes:
    import socket

    return socket.inet_pton(socket.AF_INET6, s)


def ev_id(name: str, enter: bool) -> int:
    """2022 id of the newest version of an event."""
    ids = [i for i, e in enumerate(et.EVENTS_2022) if e.name == name and (i % 2 == 0) == enter]
    return ids[-1]


CURL = Stub(
    fds={
        3: ("f", "/etc/ld.so.cache"),
        4: ("6u", "2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:40251->2001:4860:4860::8888:53"),
    },
    comms={17497: "curl", 17498: "curl", 3200: "bash"},
    cwd="/home/ubuntu/",
)


# --- lines of curl_google.scap / single_ipv6_conn.scap ---------------------------


def test_open_exit_old_four_params() -> None:
    params = [i64(3), cstr("/etc/ld.so.cache"), u32(4097), u32(0)]
    assert render_args(3, params, CURL) == (
        "fd=3(<f>/etc/ld.so.cache) name=/etc/ld.so.cache flags=4097(O_RDONLY|O_CLOEXEC) mode=0"
    )


def test_open_enter_without_params() -> None:
    assert render_args(2, [], CURL) == ""


def test_access_failure() -> None:
    params = [i64(-2), cstr("/etc/ld.so.nohwcap")]
    assert render_args(ev_id("access", False), params, CURL) == "res=-2(ENOENT) name=/etc/ld.so.nohwcap"
    assert render_args(ev_id("access", True), [u32(0)], CURL) == "mode=0(F_OK)"
    assert render_args(ev_id("access", True), [u32(4)], CURL) == "mode=4(R_OK)"


def test_mmap_enter_fd_and_negative_fd() -> None:
    mm = ev_id("mmap", True)
    p = [u64(0), u64(24778), u32(1), u32(2), i64(3), u64(0)]
    assert render_args(mm, p, CURL) == (
        "addr=0 length=24778 prot=1(PROT_READ) flags=2(MAP_PRIVATE) fd=3(<f>/etc/ld.so.cache) offset=0"
    )
    p = [u64(0), u64(4096), u32(3), u32(10), i64(-1), u64(0)]
    assert render_args(mm, p, CURL) == (
        "addr=0 length=4096 prot=3(PROT_READ|PROT_WRITE) flags=10(MAP_PRIVATE|MAP_ANONYMOUS) fd=-1(EPERM) offset=0"
    )


def test_brk_exit_hex_result() -> None:
    p = [u64(0x55DB0DE73000), u32(508), u32(4), u32(0)]
    assert render_args(ev_id("brk", False), p, CURL) == "res=55DB0DE73000 vm_size=508 vm_rss=4 vm_swap=0"


def test_futex_flags_and_getrlimit() -> None:
    p = [u64(0x7FA6955AF740), u16(129), u64(2147483647)]
    assert render_args(ev_id("futex", True), p, CURL) == (
        "addr=7FA6955AF740 op=129(FUTEX_PRIVATE_FLAG|FUTEX_WAKE) val=2147483647"
    )
    assert render_args(ev_id("getrlimit", True), [bytes([3])], CURL) == "resource=3(RLIMIT_STACK)"
    p = [i64(0), i64(8388608), i64(-1)]
    assert render_args(ev_id("getrlimit", False), p, CURL) == "res=0 cur=8388608 max=-1"


def test_fcntl_and_ioctl() -> None:
    fds = Stub(fds={3: ("f", "/dev/urandom")})
    assert (
        render_args(ev_id("fcntl", True), [i64(3), bytes([2])], fds) == "fd=3(<f>/dev/urandom) cmd=2(F_GETFD)"
    )
    p = [i64(1), u64(0x5401), u64(0x7FFD081C5E10)]
    assert render_args(ev_id("ioctl", True), p, fds) == "fd=1 request=5401 argument=7FFD081C5E10"


def test_socket_domains() -> None:
    se = ev_id("socket", True)
    assert render_args(se, [u32(10), u32(2), u32(0)], CURL) == "domain=10(AF_INET6) type=2 proto=0"
    assert render_args(se, [u32(1), u32(526337), u32(0)], CURL) == "domain=1(AF_LOCAL) type=526337 proto=0"


def test_socktuple_unix_and_ipv6() -> None:
    cx = ev_id("connect", False)
    unix = bytes([1]) + u64(0) + u64(0xFFFF88003C420800) + cstr("/var/run/nscd/socket")
    assert render_args(cx, [i64(-2), unix], CURL) == (
        "res=-2(ENOENT) tuple=0->ffff88003c420800 /var/run/nscd/socket"
    )
    v6 = (
        bytes([10])
        + ip6("2600:1f18:262c:6542:9aa6:df7a:9a47:d29e")
        + u16(40251)
        + ip6("2001:4860:4860::8888")
        + u16(53)
    )
    assert render_args(cx, [i64(0), v6], CURL) == (
        "res=0 tuple=2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:40251->2001:4860:4860::8888:53"
    )
    v6b = bytes([10]) + ip6("2001:db8::4") + u16(54405) + ip6("2001:db8::3") + u16(1234)
    assert render_args(cx, [i64(-115), v6b], CURL) == (
        "res=-115(EINPROGRESS) tuple=2001:db8::4:54405->2001:db8::3:1234"
    )


def test_sendto_enter_null_tuple_and_udp_fd() -> None:
    p = [i64(4), u32(32), b""]
    assert render_args(ev_id("sendto", True), p, CURL) == (
        "fd=4(<6u>2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:40251->2001:4860:4860::8888:53) size=32 tuple=NULL"
    )


def test_poll_fdlist() -> None:
    pe = ev_id("poll", True)
    fds = u16(1) + i64(4) + struct.pack("<h", 4)
    assert render_args(pe, [fds, i64(0)], CURL) == "fds=4:64 timeout=0"
    assert render_args(pe, [u16(0), i64(4)], CURL) == "fds= timeout=4"
    fds = u16(1) + i64(4) + struct.pack("<h", 0x204)
    assert render_args(pe, [fds, i64(0)], CURL) == "fds=4:6204 timeout=0"
    assert render_args(ev_id("poll", False), [i64(0), u16(0)], CURL) == "res=0 fds="


def test_switch_pid_resolution() -> None:
    sw = ev_id("switch", True)
    p = [i64(17498), u64(0), u64(378), u32(93240), u32(5144), u32(0)]
    assert render_args(sw, p, CURL) == (
        "next=17498(curl) pgft_maj=0 pgft_min=378 vm_size=93240 vm_rss=5144 vm_swap=0"
    )
    p[0] = i64(7)
    assert render_args(sw, p, CURL).startswith("next=7 pgft_maj=0 ")


def test_execve_exit_buffers() -> None:
    ex = ev_id("execve", False)
    cg = "cpuset=/\x00cpu=/user.slice\x00cpuacct=/user.slice\x00io=/user.slice\x00memory=/user.slice\x00"
    env = (
        "XDG_SESSION_ID=1\x00TERM=xterm-256color\x00SHELL=/bin/bash\x00"
        "SSH_CLIENT=50.207.137.246 63740 22\x00SSH_TTY=/dev/pts/1\x00"
    )
    params = [
        i64(0),
        cstr("curl"),
        b"-6\x00http://www.google.com\x00",
        i64(17497),
        i64(17497),
        i64(3200),
        cstr("/home/ubuntu"),
        u64(1024),
        u64(0),
        u64(34),
        u32(508),
        u32(4),
        u32(0),
        cstr("curl"),
        (cg + "devices=/user.slice\x00").encode(),
        env.encode(),
    ]
    assert render_args(ex, params, CURL) == (
        "res=0 exe=curl args=-6.http://www.google.com. tid=17497(curl) pid=17497(curl) "
        "ptid=3200(bash) cwd=/home/ubuntu fdlimit=1024 pgft_maj=0 pgft_min=34 vm_size=508 "
        "vm_rss=4 vm_swap=0 comm=curl "
        "cgroups=cpuset=/.cpu=/user.slice.cpuacct=/user.slice.io=/user.slice.memory=/user.slic... "
        "env=XDG_SESSION_ID=1.TERM=xterm-256color.SHELL=/bin/bash.SSH_CLIENT=50.207.137.24..."
    )
    # sysdig -v: no truncation
    assert render_param(ex, 15, env.encode(), CURL, max_buf_len=0).endswith("SSH_TTY=/dev/pts/1.")


def test_bind_listen_accept_ipv6() -> None:
    fds = Stub(fds={3: ("6t", "2001:db8::3:1234"), 4: ("6t", "2001:db8::4:54405->2001:db8::3:1234")})
    addr = bytes([10]) + ip6("2001:db8::3") + u16(1234)
    assert render_args(ev_id("bind", False), [i64(0), addr], fds) == "res=0 addr=2001:db8::3:1234"
    assert render_args(ev_id("listen", True), [i64(3), u32(1)], fds) == (
        "fd=3(<6t>2001:db8::3:1234) backlog=1"
    )
    tup = bytes([10]) + ip6("2001:db8::4") + u16(54405) + ip6("2001:db8::3") + u16(1234)
    assert render_args(ev_id("accept", False), [i64(4), tup, bytes([0]), u32(0), u32(1)], fds) == (
        "fd=4(<6t>2001:db8::4:54405->2001:db8::3:1234) tuple=2001:db8::4:54405->2001:db8::3:1234 "
        "queuepct=0 queuelen=0 queuemax=1"
    )


def test_read_exit_empty_and_dotted_data() -> None:
    rx = ev_id("read", False)
    assert render_args(rx, [i64(0), b""], CURL) == "res=0 data="
    assert render_args(rx, [i64(15), b"this is a test\n"], CURL) == "res=15 data=this is a test."


def test_generic_events_have_no_args() -> None:
    assert render_args(0, [u16(176), u16(228)], CURL) == ""
    assert event_type_name(0, [u16(176), u16(228)]) == "clock_gettime"
    assert event_type_name(1, [u16(329)]) == "<NA>"
    assert render_arg(0, 0, u16(328), None) == "clone3"
    assert render_arg(0, 0, u16(329), None) == "<unknown syscall>"


def test_procexit_and_unknown_fd() -> None:
    assert render_args(186, [i64(0)], CURL) == "status=0"
    assert render_args(ev_id("write", True), [i64(1), u32(5120)], CURL) == "fd=1 size=5120"


# --- synthetic captures ------------------------------------------------------------


def test_relative_paths_against_cwd_and_dirfd() -> None:
    st = Stub(cwd="/home/alice/sp ace/")
    un = ev_id("unlink", False)
    assert (
        render_args(un, [i64(-9999), cstr("x//y//")], st) == "res=-9999 path=x//y//(/home/alice/sp ace/x/y)"
    )
    assert render_args(ev_id("link", False), [i64(-9999), cstr(".."), cstr("a./b")], st) == (
        "res=-9999 oldpath=..(/home/alice) newpath=a./b(/home/alice/sp ace/ab)"
    )
    st = Stub(fds={5: ("4t", "10.0.0.1:40000->10.0.0.2:80")}, cwd="/home/alice/tab.here/")
    p = [i64(-115), i64(-100), cstr("./x/"), i64(5), b"d\xc3\xa9j\xc3\xa0\x00"]
    assert render_args(ev_id("renameat", False), p, st) == (
        "res=-115(EINPROGRESS) olddirfd=-100(AT_FDCWD) oldpath=./x/(/home/alice/tab.here/x) "
        "newdirfd=5(<4t>10.0.0.1:40000->10.0.0.2:80) newpath=dj(10.0.0.1:40000->10.0.0.2:80/d..j..)"
    )


def test_absolute_path_not_resolved_and_empty_path_reuses_previous_value() -> None:
    st = Stub(fds={4: ("f", "")})
    p = [i64(4), b"", u32(0)]
    assert render_args(ev_id("creat", False), p, st) == "fd=4(<f>) name=4 mode=0"
    p = [i64(3), cstr("/abs/../z"), u32(0x80000000), u32(0o644), u32(0)]
    assert render_args(3, p, Stub(fds={3: ("f", "/z")})) == (
        "fd=3(<f>/z) name=/abs/../z flags=2147483648 mode=0644 dev=0"
    )


def test_uid_gid_names() -> None:
    st = Stub(users={0: "root", 1000: "alice"}, groups={0: "root", 1000: "alicegrp"})
    p = [u32(65534), u32(1000), u32(65534)]
    assert (
        render_args(ev_id("setresuid", True), p, st) == "ruid=65534(<NA>) euid=1000(alice) suid=65534(<NA>)"
    )
    p = [u32(0), u32(0xFFFFFFFF), u32(1000)]
    assert render_args(ev_id("setresgid", True), p, st) == "rgid=0(root) egid=-1(<NONE>) sgid=1000(alicegrp)"


# Events from synthetic captures: (event id, params as hex, sysdig 0.29.3 %evt.args).
# Thread without fds and with an empty cwd; tid 1000 is "bash", tid 1 is "init".
SYNTH_CASES = [
    (0, ["0500", "0080"], ""),
    (1, ["0300", "0102"], ""),
    (2, ["64c3a96ac3a000", "00000000", "00000080"], "name=dj(d..j..) flags=0(O_NONE) mode=020000000000"),
    (21, ["fefffffffeffffff", "020a010203901f", "0102"], "res=-4294967298(ENOENT) addr=10.1.2.3:8080"),
    (22, ["0600000000000000", "0778797a"], "fd=6 addr=family 7"),
    (30, ["0600000000000000", "00100000", "11616263"], "fd=6 size=4096 tuple=family 17"),
    (
        35,
        [
            "ffffffffffffffff",
            "616263",
            "0a00000000000000000000ffff0a0000010500000000000000000000000000000000010600",
        ],
        "res=-1(EPERM) data=abc tuple=::ffff:10.0.0.1:5->::1:6",
    ),
    (
        45,
        ["f1d8ffffffffffff", "0000000000000000", "01", "1f", "0300e07497a67f0000", "00100000"],
        "res=-9999 fd=0 level=1(SOL_SOCKET) optname=31(SO_PEERSEC) val=140353482317824 optlen=4096",
    ),
    (
        47,
        ["00feffffffffffff", "0600000000000000", "00", "ff", "0200000000", "00100000"],
        "res=-512(ERESTARTSYS) fd=6 level=0(UNKNOWN) optname=255(SO_COOKIE|SO_OOBINLINE) val=0 optlen=4096",
    ),
    (48, ["6300000000000000", "00100000", "11616263"], "fd=99 size=4096 tuple=family 17"),
    (
        53,
        [
            "f1d8ffffffffffff",
            "00000000",
            "434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343434343",
            "0201010101",
        ],
        "res=-9999 size=0 data=CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC... tuple=INVALID IPv4",
    ),
    (58, ["612e2f6200", "00000080"], "name=a./b(ab) mode=020000000000"),
    (64, ["00e07497a67f0000", "0c00"], "addr=7FA69774E000 op=12(FUTEX_CMP_REQUEUE_PI)"),
    (80, ["010004000000000000004100", "ffffffffffffffff"], "fds=4:?41 timeout=-1"),
    (81, ["ffffffffffffffff", "02000400000000000000010003000000000000000100"], "res=-1(EPERM) fds=4:?1 3:?1"),
    (86, ["0400000000000000", "ffffffffffffffff", "ff"], "fd=4 offset=-1 whence=255(SEEK_END|SEEK_CUR)"),
    (
        102,
        ["0500000000000000", "73702061636500", "40000000", "00000080"],
        "dirfd=5 name=sp ace flags=64(O_NONBLOCK) mode=020000000000",
    ),
    (130, ["ffffffffffffffff", "20"], "tid=-1 sig=32"),
    (132, ["0000000000000000", "9210000000000000", "0f"], "pid=0 tid=4242 sig=15(SIGTERM)"),
    (134, ["ffffffffffffffff", "0102"], "interval=none"),
    (136, ["80", "ff"], "clockid=128 flags=255"),
    (168, ["0300", "9210000000000000"], "request=3(PTRACE_PEEKDATA) pid=4242"),
    (
        169,
        ["8dffffffffffffff", "0109", "020500000000000000"],
        "res=-115(EINPROGRESS) addr=9(SIGKILL) data=INVALID DYNAMIC PARAMETER",
    ),
    (
        173,
        [
            "0000000000000000",
            "00",
            "616263",
            "7b3f0b0000000000",
            "8e520b0000000000",
            "52240c0000000000",
            "746162096865726500",
            "ffffffffffffffff",
            "0000000000000080",
            "ffffffffffffffff",
            "a4010000",
            "00000080",
            "00000080",
            "4242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242",
            "0102",
        ],
        "res=0 exe= args=abc tid=737147 pid=742030 ptid=795730 cwd=tab\there fdlimit=-1 pgft_maj=-9223372036854775808 pgft_min=-1 vm_size=420 vm_rss=-2147483648 vm_swap=-2147483648 env=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
    ),
    (
        179,
        ["ffffffffffffffff", "746162096865726500", "2e2f782f00"],
        "res=-1(EPERM) target=tab\there linkpath=./x/(x)",
    ),
    (
        181,
        ["8dffffffffffffff", "636166c3a900", "0000000000000000", "70017100"],
        "res=-115(EINPROGRESS) target=caf\u00e9 linkdirfd=0 linkpath=pq(p.q)",
    ),
    (
        186,
        ["fefffffffeffffff", "f1d8ffffffffffff", "00", "09"],
        "status=-4294967298(ENOENT) ret=-9999 sig=0 core=9",
    ),
    (190, ["0010", "01", "00100000", "00"], "cmd=4096(Q_XGETQSTAT) type=1(USRQUOTA) id=4096 quota_fmt=0"),
    (
        191,
        [
            "fefffffffeffffff",
            "68656c6c6f00",
            "68656c6c6f00",
            "ffffffffffffffff",
            "ffffffffffffffff",
            "0000000000000000",
            "0000000000000000",
            "ffffffffffffffff",
            "00f2052a01000000",
            "00f2052a01000000",
            "60e3160000000000",
            "0000000000000000",
            "01",
            "01",
        ],
        "res=-4294967298(ENOENT) special=hello quotafilepath=hello dqb_bhardlimit=-1 dqb_bsoftlimit=-1 dqb_curspace=0 dqb_ihardlimit=0 dqb_isoftlimit=-1 dqb_btime=5000000000(5s) dqb_itime=5000000000(5s) dqi_bgrace=1500000(0.0015s) dqi_igrace=0(0s) dqi_flags=1(DQF_NONE) quota_fmt_out=1(QFMT_NOT_USED)",
    ),
    (192, ["feff0000", "e8030000", "00000000"], "ruid=65534(<NA>) euid=1000(alice) suid=0(root)"),
    (194, ["00000000", "00000080", "00000000"], "rgid=0(root) egid=-2147483648(<NA>) sgid=0(root)"),
    (198, ["00000080"], "uid=-2147483648(<NA>)"),
    (203, ["ffffffff"], "uid=-1(<NONE>)"),
    (207, ["feff0000"], "gid=65534(<NA>)"),
    (209, ["e8030000"], "egid=1000(alicegrp)"),
    (211, ["ffffffffffffffff", "feff0000", "00000000"], "res=-1(EPERM) ruid=65534(<NA>) euid=0(root)"),
    (
        213,
        ["0500000000000000", "e8030000", "e8030000", "00000000"],
        "res=5 rgid=1000(alicegrp) egid=1000(alicegrp) sgid=0(root)",
    ),
    (
        217,
        [
            "80360b0000000000",
            "73702061636500",
            "4242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242",
            "34cc0b0000000000",
            "1e150b0000000000",
            "14ae0b0000000000",
            "636166c3a900",
            "0000000000000080",
            "0a00000000000000",
            "0000000000000000",
            "00000080",
            "00000000",
            "00000080",
            "00",
            "00000000",
            "ffffffff",
            "00000000",
        ],
        "res=734848 exe=sp ace args=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB tid=773172 pid=726302 ptid=765460 cwd=caf\u00e9 fdlimit=-9223372036854775808 pgft_maj=10 pgft_min=0 vm_size=-2147483648 vm_rss=0 vm_swap=-2147483648 comm= flags=0 uid=-1 gid=0",
    ),
    (
        221,
        [
            "49df0a0000000000",
            "68656c6c6f00",
            "41414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141",
            "7d2d0c0000000000",
            "ce230c0000000000",
            "250e0c0000000000",
            "746162096865726500",
            "ffffffffffffffff",
            "00e07497a67f0000",
            "00e07497a67f0000",
            "a4010000",
            "a4010000",
            "ffffffff",
            "00",
            "00800002",
            "ffffffff",
            "00100000",
        ],
        "res=712521 exe=hello args=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA tid=798077 pid=795598 ptid=790053 cwd=tab\there fdlimit=-1 pgft_maj=140353482317824 pgft_min=140353482317824 vm_size=420 vm_rss=420 vm_swap=-1 comm= flags=33587200(CLONE_VM|CLONE_SETTLS) uid=-1 gid=4096",
    ),
    (
        223,
        [
            "03760b0000000000",
            "00",
            "",
            "73630b0000000000",
            "48cf0b0000000000",
            "f0ad0b0000000000",
            "73702061636500",
            "9cffffffffffffff",
            "0a00000000000000",
            "ffffffffffffffff",
            "00000000",
            "00000000",
            "a4010000",
            "746162096865726500",
            "41414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141",
            "01000000",
            "00100000",
            "00100000",
            "eafc0b0000000000",
            "dcfe0a0000000000",
        ],
        "res=751107 exe= args= tid=746355 pid=773960 ptid=765424 cwd=sp ace fdlimit=-100 pgft_maj=10 pgft_min=-1 vm_size=0 vm_rss=0 vm_swap=420 comm=tab\there cgroups=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA flags=1(CLONE_FILES) uid=4096 gid=4096 vtid=785642 vpid=720604",
    ),
    (
        225,
        [
            "33fe0b0000000000",
            "636166c3a900",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627",
            "7b520b0000000000",
            "d6d40a0000000000",
            "e5470b0000000000",
            "746162096865726500",
            "0000000000000080",
            "0a00000000000000",
            "0000000000000000",
            "ffffffff",
            "00000000",
            "00000080",
            "636166c3a900",
            "41414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141",
            "80000000",
            "ffffffff",
            "ffffffff",
            "501d0c0000000000",
            "80a80b0000000000",
        ],
        "res=785971 exe=caf\u00e9 args=................................ !\"#$%&' tid=742011 pid=709846 ptid=739301 cwd=tab\there fdlimit=-9223372036854775808 pgft_maj=10 pgft_min=0 vm_size=-1 vm_rss=0 vm_swap=-2147483648 comm=caf\u00e9 cgroups=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA flags=128(CLONE_NEWUTS) uid=-1 gid=-1 vtid=793936 vpid=764032",
    ),
    (232, ["ffffffffffffffff", "0000000000000000", "00", "0102"], "spid=-1 dpid=0 sig=0"),
    (
        251,
        ["0000000000000000", "00000000", "5000", "0000", "0100", "ffff", "d4fe", "0000"],
        "res=0 nsops=0 sem_num_0=80 sem_op_0=0 sem_flg_0=1(IPC_NOWAIT) sem_num_1=65535 sem_op_1=-300 sem_flg_1=0",
    ),
    (
        252,
        ["ffffff7f", "00000080", "0000", "ffffff7f", "0102"],
        "semid=2147483647 semnum=-2147483648 cmd=0 val=2147483647",
    ),
    (
        254,
        ["030063000000000000000000030000000000000004000500000000000000ff7f", "15cd5b0700000000", "05000000"],
        "fds=99:?0 3:?4 5:?7fff timeout=123456789(0.123457s) sigmask=SIGHUP SIGQUIT",
    ),
    (255, ["8dffffffffffffff", "010003000000000000000100"], "res=-115(EINPROGRESS) fds=3:?1"),
    (
        257,
        ["00feffffffffffff", "68656c6c6f00", "3c4e413e00", "00"],
        "res=-512(ERESTARTSYS) dev=hello dir=<NA> type=",
    ),
    (
        283,
        [
            "00feffffffffffff",
            "73702061636500",
            "41414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141",
            "17fd0b0000000000",
            "a4e10b0000000000",
            "02150b0000000000",
            "00",
            "0000000000000080",
            "0a00000000000000",
            "0a00000000000000",
            "a4010000",
            "00100000",
            "00000000",
            "62656c6c0700",
            "",
            "616263",
            "00000080",
        ],
        "res=-512(ERESTARTSYS) exe=sp ace args=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA tid=785687 pid=778660 ptid=726274 cwd= fdlimit=-9223372036854775808 pgft_maj=10 pgft_min=10 vm_size=420 vm_rss=4096 vm_swap=0 comm=bell\u0007 cgroups= env=abc tty=-2147483648",
    ),
    (
        289,
        [
            "00feffffffffffff",
            "68656c6c6f00",
            "41414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141",
            "9ac20a0000000000",
            "75390b0000000000",
            "7d310c0000000000",
            "73702061636500",
            "00e07497a67f0000",
            "ffffffffffffffff",
            "ffffffffffffffff",
            "00000000",
            "a4010000",
            "a4010000",
            "636166c3a900",
            "2d3600687474703a2f2f7800",
            "fffe806f6b",
            "ffffffff",
        ],
        "res=-512(ERESTARTSYS) exe=hello args=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA tid=705178 pid=735605 ptid=799101 cwd=sp ace fdlimit=140353482317824 pgft_maj=-1 pgft_min=-1 vm_size=0 vm_rss=420 vm_swap=420 comm=caf\u00e9 cgroups=-6.http://x. env=...ok tty=-1",
    ),
    (
        293,
        [
            "f1d8ffffffffffff",
            "62656c6c0700",
            "616263",
            "5a3e0b0000000000",
            "3ffb0a0000000000",
            "8f050c0000000000",
            "68656c6c6f00",
            "0a00000000000000",
            "0000000000000000",
            "ffffffffffffffff",
            "00000000",
            "a4010000",
            "00000000",
            "62656c6c0700",
            "2d3600687474703a2f2f7800",
            "41414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141",
            "00000080",
            "3a550b0000000000",
            "ffffff7f",
            "01000000",
        ],
        "res=-9999 exe=bell\u0007 args=abc tid=736858 pid=719679 ptid=787855 cwd=hello fdlimit=10 pgft_maj=0 pgft_min=-1 vm_size=0 vm_rss=420 vm_swap=0 comm=bell\u0007 cgroups=-6.http://x. env=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA tty=-2147483648 pgid=742714 loginuid=2147483647 flags=1(EXE_WRITABLE)",
    ),
    (
        303,
        ["f1d8ffffffffffff", "6300000000000000", "72656c2f2e2f782f2e2e2f7900", "00000080", "0102"],
        "res=-9999 dirfd=99 name=rel/./x/../y(rel/y) flags=2147483648",
    ),
    (305, ["f1d8ffffffffffff", "0400000000000000", "", "00100000"], "res=-9999 dirfd=4 path=4 mode=1000"),
    (
        306,
        ["0000000000000000", "3c4e413e00", "00100000", "00000080"],
        "dirfd=0 name=<NA> flags=4096(O_CLOEXEC) mode=020000000000",
    ),
    (
        313,
        ["fefffffffeffffff", "ffffffffffffffff", "64c3a96ac3a000", "ed010000"],
        "res=-4294967298(ENOENT) dirfd=-1(EPERM) filename=dj(d..j..) mode=0755(S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR)",
    ),
]

SYNTH = Stub(
    comms={1000: "bash", 1: "init"}, users={0: "root", 1000: "alice"}, groups={0: "root", 1000: "alicegrp"}
)


@pytest.mark.parametrize(("etype", "hexparams", "expected"), SYNTH_CASES)
def test_synthetic_events(etype: int, hexparams: list[str], expected: str) -> None:
    params = [bytes.fromhex(h) for h in hexparams]
    assert render_args(etype, params, SYNTH) == expected


# --- helpers -----------------------------------------------------------------------


def test_render_res_and_rawres() -> None:
    assert render_res(ev_id("access", False), [i64(-2), cstr("/x")]) == "ENOENT"
    assert render_res(ev_id("access", False), [i64(0), cstr("/x")]) == "SUCCESS"
    assert res_value(ev_id("brk", False), [u64(94399319453696), u32(1), u32(1), u32(1)]) == 94399319453696
    # fd-creating exits use their fd parameter
    assert render_res(3, [i64(-13), cstr("/x"), u32(1), u32(0)]) == "EACCES"
    assert render_res(ev_id("read", True), [i64(3), u32(1)]) is None


def test_render_arg_prefers_resolved_text() -> None:
    assert render_arg(3, 0, i64(3), CURL) == "<f>/etc/ld.so.cache"
    assert render_arg(ev_id("access", False), 0, i64(-2), CURL) == "ENOENT"
    assert render_param(3, 0, i64(3), CURL) == "3(<f>/etc/ld.so.cache)"


def test_param_index_and_value() -> None:
    ex = ev_id("execve", False)
    assert param_index(ex, "pgid") == 17  # 2022 name
    assert param_index(ex, "vpgid") == 17  # HEAD name
    assert param_index(ex, "trusted_exepath") == 27  # HEAD-only parameter
    assert param_value(ex, 0, i64(-2)) == -2
    assert param_value(ex, 2, b"a\x00b\x00") == b"a\x00b\x00"
    assert param_value(3, 1, cstr("/etc/passwd")) == "/etc/passwd"
    assert param_value(3, 2, u32(4097)) == 4097
    assert param_value(3, 1, b"") is None
    tup = bytes([2]) + bytes([10, 0, 0, 1]) + u16(40000) + bytes([10, 0, 0, 2]) + u16(80)
    assert param_value(ev_id("connect", False), 1, tup) == "10.0.0.1:40000->10.0.0.2:80"


def test_join_path() -> None:
    assert join_path("/home/alice/", "rel/./x/../y") == "/home/alice/rel/y"
    assert join_path("/home/alice/", "../up") == "/home/up"
    assert join_path("", "a./b") == "ab"
    assert join_path("/cwd/", "/abs/../z") == "/z"


def test_decode_params_v2_and_v1() -> None:
    data = u16(8) + u16(4) + i64(3) + u32(7)
    assert decode_params(6, data, 2) == [i64(3), u32(7)]
    # V1: the count is inferred from the lengths (read enter has 2 params)
    assert decode_params(6, data, None) == [i64(3), u32(7)]
    # an old open enter with no parameters
    assert decode_params(2, b"", None) == []
    with pytest.raises(ValueError):
        decode_params(6, u16(8) + u16(40) + i64(3), 2)
    with pytest.raises(ValueError):
        decode_params(6, u16(8), 3)


def test_decode_params_large_payload() -> None:
    assert et.EVENTS[322].flags & et.EF_LARGE_PAYLOAD
    data = u32(4) + u32(3) + u32(1) + b"abc"
    assert decode_params(322, data, 2) == [u32(1), b"abc"]


def test_tables_shape() -> None:
    assert len(et.EVENTS) == et.PPM_EVENT_MAX == 454
    assert len(et.EVENTS_2022) == 336
    assert et.EVENTS[3].name == "open" and et.EVENTS_2022[3].params[0].name == "fd"
    assert et.EVENTS_2022[307].params[2].info == 1  # FSRELPATH -> dirfd index
    assert et.ERRNO_NAMES[2] == "ENOENT"
    assert et.SYSCALL_NAMES[176] == "clock_gettime"
    assert et.PT_FIXED_SIZE[et.PT_FD] == 8
