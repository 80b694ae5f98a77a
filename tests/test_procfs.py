"""The /proc snapshot: a known process (sleep with an open file, sockets, a pipe...) is described
field by field, survives a write/read round trip, and sysdig 0.29.3 resolves it the same way."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyarrow.compute as pc
import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w
from analyzer.scap.reader import read_all_events
from analyzer.tables.build import build_tables
from analyzer.tables.format import format_lines, parse_format
from capture import procfs
from capture.procfs import Snapshot, descendants, take_snapshot

from .conftest import need_sysdig
from .sysdig_oracle import cport_fallthrough

SLEEP = shutil.which("sleep") or "/bin/sleep"
ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "PROCFS_TEST": "marker-4711"}
SEP = "\x1f"
PROBES = ("file", "client", "listener", "unix")


class Victim:
    """A `sleep` that inherited known fds (the numbers stay the same in the child): an appended
    file, a TCP client socket, a TCP listener, a UDP socket, a pipe read end, a directory, a
    unix listener and an eventfd."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.logfile = tmp / "victim.log"
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.server_port = self.listener.getsockname()[1]
        self.client = socket.create_connection(("127.0.0.1", self.server_port))
        self.client_port = self.client.getsockname()[1]
        self.accepted, _ = self.listener.accept()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp_port = self.udp.getsockname()[1]
        self.unix_path = str(tmp / "victim.sock")
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(self.unix_path)
        self.unix.listen(1)
        rd, wr = os.pipe()
        self.pipe_ino = os.fstat(rd).st_ino
        own = {
            "file": os.open(self.logfile, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600),
            "pipe": rd,
            "dir": os.open(tmp, os.O_RDONLY | os.O_DIRECTORY),
            "eventfd": os.eventfd(0),
        }
        self.fd = {
            **own,
            "client": self.client.fileno(),
            "listener": self.listener.fileno(),
            "udp": self.udp.fileno(),
            "unix": self.unix.fileno(),
        }
        self.proc = subprocess.Popen(
            [SLEEP, "300"], pass_fds=list(self.fd.values()), cwd=tmp, env=ENV, close_fds=True
        )
        for fd in [*own.values(), wr]:
            os.close(fd)
        for _ in range(500):
            try:
                if os.readlink(f"/proc/{self.proc.pid}/exe") == os.path.realpath(SLEEP):
                    return
            except OSError:
                pass
            threading.Event().wait(0.01)
        raise AssertionError("victim did not exec sleep")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for s in (self.client, self.accepted, self.listener, self.udp, self.unix):
            s.close()


@pytest.fixture()
def victim(tmp_path: Path) -> Iterator[Victim]:
    v = Victim(tmp_path)
    try:
        yield v
    finally:
        v.close()


def _fds(snap: Snapshot, pid: int) -> dict[int, m.FdEntry]:
    return {f.fd: f for f in snap.fdlists.get(pid, [])}


# --------------------------------------------------------------------------- the snapshot itself
def test_known_process_fields(victim: Victim) -> None:
    pid = victim.proc.pid
    snap = take_snapshot(pids=[pid])
    assert [p.tid for p in snap.procs] == [pid]
    p = snap.procs[0]
    assert p.pid == pid and p.ptid == os.getpid()
    assert p.comm == "sleep"
    assert p.exe == SLEEP and p.args == ["300"]
    assert p.exepath == os.path.realpath(SLEEP)
    assert p.cwd == str(victim.tmp)
    assert p.env == [f"{k}={v}" for k, v in ENV.items()]
    assert p.uid == os.geteuid() and p.gid == os.getegid()
    assert p.flags == 0
    assert p.vtid == pid and p.vpid == pid
    assert p.sid == os.getsid(pid) and p.pgid == os.getpgid(pid) and p.vpgid == os.getpgid(pid)
    assert p.vmsize_kb > 0 and p.vmrss_kb > 0
    assert p.root == "/"
    assert p.fdlimit == __import__("resource").prlimit(pid, __import__("resource").RLIMIT_NOFILE)[0]
    status = Path(f"/proc/{pid}/status").read_text()
    caps = {ln.split(":")[0]: int(ln.split()[1], 16) for ln in status.splitlines() if ln.startswith("Cap")}
    assert (p.cap_inheritable, p.cap_permitted, p.cap_effective) == (
        caps["CapInh"],
        caps["CapPrm"],
        caps["CapEff"],
    )
    raw_login = Path(f"/proc/{pid}/loginuid").read_text().strip()
    assert p.loginuid == int(raw_login)
    assert p.cgroups and all("=" in c for c in p.cgroups)
    assert p.exe_ino == os.stat(SLEEP).st_ino

    fds = _fds(snap, pid)
    n = victim.fd
    f = fds[n["file"]]
    assert f.type == m.FD_FILE_V2 and f.name == str(victim.logfile)
    assert f.open_flags & w.O_RDWR == w.O_WRONLY and f.open_flags & w.O_APPEND
    assert f.ino == os.stat(victim.logfile).st_ino and f.dev == os.stat(victim.logfile).st_dev & 0xFFFFFFFF
    c = fds[n["client"]]
    assert c.type == m.FD_IPV4_SOCK and c.l4proto == procfs.L4_TCP
    assert (c.sip, c.sport, c.dip, c.dport) == (
        bytes([127, 0, 0, 1]),
        victim.client_port,
        bytes([127, 0, 0, 1]),
        victim.server_port,
    )
    s = fds[n["listener"]]
    assert s.type == m.FD_IPV4_SERVSOCK and s.sport == victim.server_port and s.l4proto == procfs.L4_TCP
    u = fds[n["udp"]]
    assert u.type == m.FD_IPV4_SERVSOCK and u.sport == victim.udp_port and u.l4proto == procfs.L4_UDP
    pp = fds[n["pipe"]]
    assert pp.type == m.FD_FIFO and pp.name == f"pipe:[{victim.pipe_ino}]" and pp.ino == victim.pipe_ino
    d = fds[n["dir"]]
    assert d.type == m.FD_DIRECTORY and d.name == str(victim.tmp)
    us = fds[n["unix"]]
    assert us.type == m.FD_UNIX_SOCK and us.name == victim.unix_path
    assert fds[n["eventfd"]].type == m.FD_EVENT
    # fds 0-2 came from the test runner; nothing else was inherited
    assert set(fds) == {0, 1, 2, *n.values()}


def test_all_threads_listed_with_thread_flags() -> None:
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, name="procfs-worker", daemon=True)
    t.start()
    try:
        snap = take_snapshot(pids=[os.getpid()])
        by_tid = {p.tid: p for p in snap.procs}
        assert t.native_id in by_tid
        main, th = by_tid[os.getpid()], by_tid[t.native_id]
        assert snap.procs[0].tid == os.getpid()  # main thread first
        assert main.flags == 0
        assert th.flags == m.CL_CLONE_THREAD | m.CL_CLONE_FILES
        assert th.pid == os.getpid() and th.ptid == main.ptid
        assert th.comm == Path(f"/proc/{os.getpid()}/task/{t.native_id}/comm").read_text().strip()
        assert list(snap.fdlists) == [os.getpid()]  # fd list only for the main thread
    finally:
        stop.set()
        t.join()


def test_whole_machine_snapshot_has_every_process() -> None:
    snap = take_snapshot()
    pids = {p.pid for p in snap.procs}
    assert os.getpid() in pids and 1 in pids
    # every main thread's parent chain reaches pid 1 or 0 within the list (or a kernel thread)
    assert all(p.tid == p.pid or p.flags == m.CL_CLONE_THREAD | m.CL_CLONE_FILES for p in snap.procs)
    assert snap.machine.hostname == socket.gethostname()
    assert snap.machine.num_cpus == os.sysconf("SC_NPROCESSORS_ONLN")
    assert snap.machine.boot_ts > 0 and snap.machine.max_pid > 0
    assert any(i.name == "lo" and i.family == 4 and i.addr == bytes([127, 0, 0, 1]) for i in snap.interfaces)
    assert any(u.uid == 0 and u.name == "root" for u in snap.users)
    assert any(g.gid == 0 for g in snap.groups)
    assert set(snap.fdlists) <= pids


def test_pids_filter_and_thread_ids(victim: Victim) -> None:
    snap = take_snapshot(pids=[victim.proc.pid, 999_999_999])
    assert {p.pid for p in snap.procs} == {victim.proc.pid}
    assert set(snap.fdlists) == {victim.proc.pid}
    # a thread id is not a process id
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert take_snapshot(pids=[t.native_id]).procs == []
    finally:
        stop.set()
        t.join()


def test_descendants(tmp_path: Path) -> None:
    sh = subprocess.Popen(["/bin/sh", "-c", f"{SLEEP} 300 & {SLEEP} 300 & wait"], cwd=tmp_path)
    try:
        def comms() -> list[str]:
            return sorted(Path(f"/proc/{k}/comm").read_text().strip() for k in descendants(sh.pid) - {sh.pid})

        for _ in range(500):
            if comms() == ["sleep", "sleep"]:  # forked and exec'd
                break
            threading.Event().wait(0.01)
        tree = descendants(sh.pid)
        assert sh.pid in tree and len(tree) == 3
        assert comms() == ["sleep", "sleep"]
        assert descendants(os.getpid()) >= tree
    finally:
        for k in descendants(sh.pid) - {sh.pid}:
            os.kill(k, 9)
        sh.wait()
    assert descendants(sh.pid) == set()


# --------------------------------------------------------------------------- races and odd /proc
def _fake_proc(root: Path) -> Path:
    """A /proc look-alike copied from the real one for the test process, plus broken entries."""
    proc = root / "proc"
    real = Path(f"/proc/{os.getpid()}")
    me = proc / str(os.getpid())
    (me / "task" / str(os.getpid())).mkdir(parents=True)
    for name in ("cmdline", "environ", "stat", "status", "comm", "cgroup", "loginuid"):
        data = (real / name).read_bytes()
        (me / name).write_bytes(data)
        (me / "task" / str(os.getpid()) / name).write_bytes(data)
    os.symlink("/", me / "task" / str(os.getpid()) / "cwd")
    os.symlink(os.readlink(real / "exe"), me / "exe")
    (me / "fd").mkdir()
    os.symlink("/etc/hostname", me / "fd" / "3")  # a file fd
    os.symlink("/vanished/file", me / "fd" / "4")  # dangling: closed while we looked
    (proc / "stat").write_text("cpu 1 2 3\nbtime 1700000000\n")
    # 101: status missing (exited between readdir and open)
    (proc / "101").mkdir()
    (proc / "101" / "cmdline").write_bytes(b"ghost\0")
    # 102: kernel thread (no cmdline, no exe)
    (proc / "102" / "task" / "102").mkdir(parents=True)
    (proc / "102" / "cmdline").write_bytes(b"")
    # 103: garbage stat
    bad = proc / "103"
    (bad / "task" / "103").mkdir(parents=True)
    (bad / "cmdline").write_bytes(b"bad\0")
    (bad / "environ").write_bytes(b"")
    for name in ("comm", "status", "cgroup"):
        (bad / "task" / "103" / name).write_text("x\n")
    (bad / "task" / "103" / "stat").write_text("103 (bad)")
    (proc / "self").mkdir()
    return proc


def test_vanishing_processes_are_dropped_silently(tmp_path: Path) -> None:
    proc = _fake_proc(tmp_path)
    snap = take_snapshot(proc=str(proc))
    assert [p.pid for p in snap.procs] == [os.getpid()]
    assert snap.procs[0].cwd == "/"
    assert snap.machine.boot_ts == 1_700_000_000 * 10**9
    assert [f.fd for f in snap.fdlists[os.getpid()]] == [3]
    assert snap.fdlists[os.getpid()][0].name == "/etc/hostname"


def test_snapshot_under_process_churn() -> None:
    """Short-lived processes come and go while the whole machine is read: no exception."""
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            subprocess.run(["/bin/true"], check=False)

    workers = [threading.Thread(target=churn, daemon=True) for _ in range(2)]
    for t in workers:
        t.start()
    try:
        for _ in range(5):
            snap = take_snapshot()
            assert {p.tid for p in snap.procs} >= {os.getpid()}
    finally:
        stop.set()
        for t in workers:
            t.join()


def test_open_flags_translation() -> None:
    f = procfs.open_flags_to_ppm
    assert f(os.O_RDONLY) == w.O_RDONLY
    assert f(os.O_WRONLY | os.O_CREAT | os.O_TRUNC) == w.O_WRONLY | w.O_CREAT | w.O_TRUNC
    assert f(os.O_RDWR | os.O_APPEND | os.O_CLOEXEC) == w.O_RDWR | w.O_APPEND | w.O_CLOEXEC
    assert f(os.O_RDONLY | os.O_DIRECTORY | os.O_NONBLOCK) == w.O_RDONLY | w.O_DIRECTORY | w.O_NONBLOCK
    assert f(os.O_WRONLY | os.O_SYNC) == w.O_WRONLY | w.O_SYNC | w.O_DSYNC
    assert f(os.O_RDWR | os.O_TMPFILE) == w.O_RDWR | w.O_TMPFILE


def test_table_parsers() -> None:
    tcp = (
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1\n"
        "   1: 0100007F:A2B4 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 222 1\n"
    )
    t = procfs.parse_inet_table(tcp, False, procfs.L4_TCP)
    assert t[111].type == m.FD_IPV4_SERVSOCK and t[111].sport == 8080 and t[111].sip == b"\x7f\0\0\1"
    assert t[222].type == m.FD_IPV4_SOCK and (t[222].sport, t[222].dport) == (0xA2B4, 8080)
    tcp6 = (
        "  sl  local_address                         remote_address                        st ...\n"
        "   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A "
        "00000000:00000000 00:00000000 00000000     0        0 333 1\n"
    )
    t6 = procfs.parse_inet_table(tcp6, True, procfs.L4_TCP)
    assert t6[333].type == m.FD_IPV6_SERVSOCK and t6[333].sip == bytes(15) + b"\1" and t6[333].sport == 22
    unix = (
        "Num       RefCount Protocol Flags    Type St Inode Path\n"
        "ffff8880: 00000002 00000000 00010000 0001 01 444 /run/x.sock\n"
        "ffff8881: 00000003 00000000 00000000 0001 03 555\n"
    )
    u = procfs.parse_unix_table(unix)
    assert u[444].name == "/run/x.sock" and u[444].source == 0xFFFF8880 and u[555].name == ""
    cg = procfs.parse_cgroups("4:memory:/a/b\n3:cpu,cpuacct:/c\n0::/d\n", ["cpu", "io"])
    assert cg == ["memory=/a/b", "cpu=/c", "cpuacct=/c"]
    assert procfs.parse_cgroups("0::/system.slice/x.service\n", ["cpu", "io"]) == [
        "cpu=/system.slice/x.service",
        "io=/system.slice/x.service",
    ]


# --------------------------------------------------------------------------- round trips
def _write(snap: Snapshot, path: Path, tid: int, events: list[w.Ev]) -> None:
    with w.CaptureWriter(path) as cw:
        snap.write_header(cw)
        cw.write_events(1_800_000_000_000_000_000, tid, events)


def _probe_events(v: Victim) -> list[w.Ev]:
    """Harmless events on the victim's existing fds (no state change): fstat on the file,
    the TCP client socket, the listener and the unix socket."""
    return [e for k in PROBES for e in w.fstat_events(v.fd[k])]


def test_roundtrip_through_reader_and_tables(victim: Victim, tmp_path: Path) -> None:
    pid = victim.proc.pid
    snap = take_snapshot(pids=[pid, os.getpid()])
    out = tmp_path / "snap.scap.gz"
    _write(snap, out, pid, _probe_events(victim))
    hdr, _batches, stats = read_all_events(str(out))
    assert stats.events == 8
    assert hdr.machine is not None and hdr.machine.hostname == snap.machine.hostname
    assert hdr.machine.boot_ts == snap.machine.boot_ts
    assert len(hdr.interfaces) == len(snap.interfaces)
    assert [(u.uid, u.name) for u in hdr.users] == [(u.uid, u.name) for u in snap.users]
    back = {p.tid: p for p in hdr.procs}
    for p in snap.procs:
        q = back[p.tid]
        for attr in ("pid", "ptid", "sid", "vpgid", "comm", "exe", "exepath", "args", "cwd", "uid", "gid",
                     "env", "vtid", "vpid", "cgroups", "root", "loginuid", "flags", "cap_effective",
                     "cap_permitted", "cap_inheritable", "vmsize_kb", "exe_writable"):
            assert getattr(q, attr) == getattr(p, attr), (p.tid, attr)
    got = {f.fd: f for f in hdr.fdlists[pid]}
    for f in snap.fdlists[pid]:
        g = got[f.fd]
        assert (g.type, g.ino, g.name, g.sip, g.dip, g.sport, g.dport, g.l4proto, g.open_flags) == (
            f.type, f.ino, f.name, f.sip, f.dip, f.sport, f.dport, f.l4proto, f.open_flags
        ), f.fd

    t = build_tables([str(out)])
    ev = t.events.filter(pc.struct_field(t.events["evt"], "shown"))
    fmt = parse_format("*%proc.name" + SEP + "%proc.cmdline" + SEP + "%proc.cwd" + SEP + "%fd.name")
    lines = [ln.split(SEP) for ln in format_lines(fmt, ev)]
    assert len(lines) == 8
    conn = f"127.0.0.1:{victim.client_port}->127.0.0.1:{victim.server_port}"
    assert [ln[3] for ln in lines[1::2]] == [
        str(victim.logfile),
        conn,
        f"127.0.0.1:{victim.server_port}",
        victim.unix_path,
    ]
    assert all(ln[0] == "sleep" and ln[1] == "sleep 300" for ln in lines)


@pytest.mark.sysdig
def test_sysdig_reads_snapshot(victim: Victim, tmp_path: Path) -> None:
    """sysdig 0.29.3 resolves proc/fd fields of pre-existing processes from our header alone, and
    agrees with our reader field by field."""
    exe = need_sysdig()
    pid = victim.proc.pid
    snap = take_snapshot()  # the whole machine, as a real capture writes it
    out = tmp_path / "machine.scap"
    _write(snap, out, pid, _probe_events(victim))
    fields = ("evt.type evt.dir thread.tid proc.pid proc.ppid proc.name proc.exe proc.exepath proc.args "
              "proc.cmdline proc.cwd proc.pname user.uid user.name group.gid fd.num fd.name fd.type "
              "fd.typechar fd.l4proto fd.sip fd.sport fd.cip fd.cport").split()
    fmt = "*" + SEP.join("%" + f for f in fields)
    res = subprocess.run([exe, "-r", str(out), "-p", fmt], capture_output=True, text=True, check=True)
    ref = [ln.split(SEP) for ln in res.stdout.splitlines()]
    assert len(ref) == 8, res.stdout + res.stderr
    t = build_tables([str(out)])
    ev = t.events.filter(pc.struct_field(t.events["evt"], "shown"))
    ours = [ln.split(SEP) for ln in format_lines(parse_format(fmt), ev)]
    by = {f: i for i, f in enumerate(fields)}
    mismatches = [
        f"event {k} {name}: ours={a[j]!r} sysdig={b[j]!r}"
        for k, (a, b) in enumerate(zip(ours, ref, strict=True))
        for name, j in by.items()
        if a[j] != b[j] and not (name == "fd.cport" and cport_fallthrough(a[by["fd.type"]], a[by["fd.cip"]], a[j], b[j]))
    ]
    assert len(ours) == len(ref) and not mismatches, "\n".join(mismatches)
    exits = ref[1::2]
    assert all(r[by["proc.name"]] == "sleep" and r[by["proc.cmdline"]] == "sleep 300" for r in ref)
    assert all(r[by["proc.cwd"]] == str(victim.tmp) + "/" for r in ref)
    assert all(r[by["proc.ppid"]] == str(os.getpid()) for r in ref)
    assert all(r[by["proc.pname"]] == Path(f"/proc/{os.getpid()}/comm").read_text().strip() for r in ref)
    assert [r[by["fd.name"]] for r in exits] == [
        str(victim.logfile),
        f"127.0.0.1:{victim.client_port}->127.0.0.1:{victim.server_port}",
        f"127.0.0.1:{victim.server_port}",
        victim.unix_path,
    ]
    assert [r[by["fd.typechar"]] for r in exits] == ["f", "4", "4", "u"]
    assert exits[1][by["fd.sport"]] == str(victim.server_port)
    assert exits[1][by["fd.cport"]] == str(victim.client_port)
    assert exits[0][by["user.name"]] == "root" if os.geteuid() == 0 else True


def test_ancestors_resolve_to_pid_1(victim: Victim, tmp_path: Path) -> None:
    """With the whole machine in the header, the victim's ancestor chain resolves up to pid 1."""
    snap = take_snapshot()
    out = tmp_path / "chain.scap"
    _write(snap, out, victim.proc.pid, w.fstat_events(victim.fd["file"]))
    t = build_tables([str(out)])
    proc = t.events.column("proc").combine_chunks()
    apids = proc.field("apids").to_pylist()[1]
    chain = [victim.proc.pid]
    while chain[-1] > 1:
        ppid = int(Path(f"/proc/{chain[-1]}/stat").read_text().rsplit(")", 1)[1].split()[1])
        if ppid == 0:
            break
        chain.append(ppid)
    assert apids[: len(chain) - 1] == chain[1:]
    assert sys.platform.startswith("linux")


def test_socket_tables_longer_than_a_page() -> None:
    """/proc/net/tcp hands out about one page per read(); every line must still be seen."""
    socks = []
    try:
        for _ in range(120):  # ~150 bytes per line: well over 4 KiB
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            socks.append(s)
        table = procfs.read_sockets(f"/proc/{os.getpid()}/net")
        for s in socks:
            ino = os.fstat(s.fileno()).st_ino
            assert table[ino].type == m.FD_IPV4_SERVSOCK and table[ino].sport == s.getsockname()[1]
    finally:
        for s in socks:
            s.close()


def test_special_fd_types() -> None:
    """eventfd, epoll, inotify, timerfd, signalfd, memfd, pidfd and netlink fds of this process."""
    import ctypes
    import select

    libc = ctypes.CDLL(None, use_errno=True)
    mask = (ctypes.c_ulong * 16)()
    opened: dict[str, int] = {
        "eventfd": os.eventfd(0),
        "inotify": libc.inotify_init1(os.O_CLOEXEC),
        "timerfd": libc.timerfd_create(1, os.O_CLOEXEC),  # CLOCK_MONOTONIC
        "signalfd": libc.signalfd(-1, ctypes.byref(mask), os.O_CLOEXEC),
        "memfd": os.memfd_create("procfs-test"),
        "pidfd": os.pidfd_open(os.getpid()),
    }
    ep = select.epoll()
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    nl.bind((0, 0))  # /proc/net/netlink lists bound sockets only
    opened["epoll"] = ep.fileno()
    opened["netlink"] = nl.fileno()
    try:
        assert all(fd >= 0 for fd in opened.values()), opened
        fds = _fds(take_snapshot(pids=[os.getpid()]), os.getpid())
        want = {
            "eventfd": m.FD_EVENT,
            "inotify": m.FD_INOTIFY,
            "timerfd": m.FD_TIMERFD,
            "signalfd": m.FD_SIGNALFD,
            "memfd": m.FD_MEMFD,
            "pidfd": m.FD_PIDFD,
            "epoll": m.FD_EVENTPOLL,
            "netlink": m.FD_NETLINK,
        }
        assert {k: fds[fd].type for k, fd in opened.items()} == want
        assert fds[opened["memfd"]].name.startswith("/memfd:procfs-test")
        assert fds[opened["eventfd"]].name == ""  # anon inodes carry no name, as libscap writes them
    finally:
        for k, fd in opened.items():
            if k not in ("epoll", "netlink") and fd >= 0:
                os.close(fd)
        ep.close()
        nl.close()
