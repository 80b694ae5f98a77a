"""Writer-made captures that exercise the corners where our state used to differ from sysdig
0.29.3 on real eBPF captures (sample_traces/): each field of the issue's list must agree event by
event, for every event of the capture."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w
from analyzer.tables.format import DEFAULT_FORMAT

from .capture_setup import LOOPBACK, ROOT_GROUP, ROOT_USER, TS0, Header, Timeline, capture, write_capture
from .sysdig_oracle import mismatches
from .sysdig_oracle import our_lines as _ours
from .sysdig_oracle import sysdig_lines as _sysdig
from .test_differential_sysdig import FIELDS

# the fields, plus the ancestor fields whose thread walk differs for non-main threads
PARITY_FIELDS = [*FIELDS, "proc.aname[1]", "proc.aname[2]", "proc.aname[3]", "proc.apid[1]", "proc.apid[2]",
                 "evt.arg.pid", "evt.arg.name", "evt.arg.fdout"]

PPM_AF_UNIX = 1
ENOENT = 2
ECONNREFUSED = 111
PPM_AF_INET6 = 10
PTRACE_ATTACH = 11
PPME_SOCKET_SOCKETPAIR_E = 42


def _procs() -> list[m.ProcEntry]:
    common = {"cwd": "/home/app/", "cgroups": ["cpuset=/"]}
    return [
        m.ProcEntry(tid=1, pid=1, ptid=0, comm="systemd", exe="/sbin/init", exepath="/usr/lib/systemd/systemd",
                    **common),
        m.ProcEntry(tid=100, pid=100, ptid=1, comm="sshd", exe="/usr/sbin/sshd", exepath="/usr/sbin/sshd",
                    args=["-D"], **common),
        m.ProcEntry(tid=200, pid=200, ptid=100, comm="app", exe="app", exepath="/usr/bin/app",
                    args=["--serve"], **common),
    ]


def _fds() -> dict[int, list[m.FdEntry]]:
    return {200: [
        m.FdEntry(fd=3, ino=11, type=m.FD_FILE_V2, name="/etc/in.conf", open_flags=w.O_RDONLY),
        m.FdEntry(fd=4, ino=12, type=m.FD_FILE_V2, name="/tmp/out.conf", open_flags=w.O_WRONLY),
        m.FdEntry(fd=5, ino=13, type=m.FD_DIRECTORY, name="/srv/data", open_flags=w.O_RDONLY),
        # (f) sockets known only from the fd list: listeners and unix sockets
        m.FdEntry(fd=20, ino=21, type=m.FD_IPV4_SERVSOCK, sip=bytes([127, 0, 0, 1]), sport=8080, l4proto=2),
        m.FdEntry(fd=21, ino=22, type=m.FD_IPV6_SERVSOCK, sip=bytes(15) + b"\1", sport=22, l4proto=2),
        m.FdEntry(fd=22, ino=23, type=m.FD_UNIX_SOCK, name="/run/app.sock", source=0xFFFF1, dest=0),
        m.FdEntry(fd=23, ino=24, type=m.FD_UNIX_SOCK, name="", source=0xFFFF2, dest=0xFFFF3),
        m.FdEntry(fd=24, ino=25, type=m.FD_IPV4_SOCK, sip=bytes([10, 0, 0, 1]), sport=8080,
                  dip=bytes([10, 0, 0, 2]), dport=40000, l4proto=2),
    ]}


HEADER = Header("parity", _procs(), _fds())


def write_parity_capture(path: Path) -> None:
    app = HEADER.procs[2]
    header = replace(HEADER, num_cpus=2, interfaces=[LOOPBACK], users=[ROOT_USER], groups=[ROOT_GROUP])
    with capture(path, header) as cw:
        s = Timeline(cw)
        # (c) a name relative to a directory fd, in the enter and the exit event
        s(200, w.openat_events(6, "sub/file.txt", dirfd=5, ino=14))
        s(200, w.openat_events(-ENOENT, "missing", dirfd=5))
        # (b) copy_file_range: the exit's fd is the output fd
        s(200, w.syscall_events(332, [3, 0, 4096], [4096, 4, 0]))
        s(200, w.syscall_events(332, [6, 0, 10], [10, 4, 4096]))
        # (a) a unix socket whose connect fails is still named by the address it tried
        s(200, w.socket_events(7, PPM_AF_UNIX, 1, 0))
        s(200, w.connect_unix_events(7, "/var/run/nscd/socket", 0xFFFF8881, 0, res=-ENOENT))
        s(200, w.read_events(7, b"", res=-9))
        s(200, w.close_events(7))
        # ... and an IPv6 socket whose failed connect aims at an IPv4-mapped address becomes IPv4
        s(200, w.socket_events(8, PPM_AF_INET6, 1, 0))
        s(200, w.connect_events(8, "::", 0, "::ffff:10.0.0.9", 443, res=-ECONNREFUSED))
        s(200, w.close_events(8))
        for fd in (20, 21, 22, 23, 24):
            s(200, w.fstat_events(fd))
        # ... and the same kinds made by events: a bound listener, a connected unix client
        s(200, w.socket_events(10, 2, 1, 0))
        s(200, w.bind_events(10, "0.0.0.0", 9090))
        s(200, w.listen_events(10))
        s(200, w.fstat_events(10))
        s(200, w.socket_events(11, PPM_AF_UNIX, 1, 0))
        s(200, w.connect_unix_events(11, "/run/other.sock", 0xFFFF4, 0xFFFF5))
        s(200, w.fstat_events(11))
        s(200, w.syscall_events(PPME_SOCKET_SOCKETPAIR_E, [PPM_AF_UNIX, 1, 0], [0, 12, 13, 0xFFFF6, 0xFFFF7]))
        s(200, w.fstat_events(13))
        # (g) ptrace's pid argument
        s(200, w.syscall_events(168, [PTRACE_ATTACH, 100], [0, (0, 0), (0, 0)]))
        s(200, w.syscall_events(168, [PTRACE_ATTACH, 4242], [-3, (0, 0), (0, 0)]))
        # (d) a thread of app, and what its ancestors are
        parent_evs, child_evs = w.clone_events(app, 201, flags=w.CL_CLONE_THREAD | w.CL_CLONE_FILES)
        s(200, parent_evs)
        s(201, child_evs)
        s(201, w.read_events(3, b"abc"))
        s(201, w.syscall_events(168, [PTRACE_ATTACH, 200], [0, (0, 0), (0, 0)]))
        s(200, w.fstat_events(4))
        # (e) two execs: one through a symlink, one whose filename the probe could not read (empty)
        for pid, filename in ((300, "/bin/sh"), (301, "")):
            parent_evs, child_evs = w.clone_events(app, pid)
            s(200, parent_evs)
            s(pid, child_evs)
            img = m.ProcEntry(tid=pid, pid=pid, ptid=200, comm="sh", exe="sh", exepath="/usr/bin/dash",
                              args=["-c", "id"], cwd=app.cwd, cgroups=app.cgroups)
            s(pid, w.execve_events(img, filename))
            s(pid, w.openat_events(3, "", dirfd=w.AT_FDCWD, ino=15))
            s(pid, w.stat_events(""))
        # (d) the main thread exits while its threads run on: they keep its fds, cwd and ancestors
        thread = m.ProcEntry(tid=201, pid=200, ptid=200, comm="app", exe="app", exepath="/usr/bin/app",
                             args=["--serve"], cwd=app.cwd, cgroups=app.cgroups)
        parent_evs, child_evs = w.clone_events(thread, 202, flags=w.CL_CLONE_THREAD | w.CL_CLONE_FILES)
        s(201, parent_evs)
        s(202, child_evs)
        s(200, w.procexit_events(0))
        s(201, w.read_events(3, b"abc"))
        s(202, w.openat_events(9, "rel.txt", ino=16))
        parent_evs, child_evs = w.clone_events(thread, 400)
        s(201, parent_evs)
        s(400, child_evs)
        s(400, w.read_events(3, b"abc"))
        s(400, w.procexit_events(0))
        s(202, w.procexit_events(0))
        s(201, w.fstat_events(4))


@pytest.mark.sysdig
def test_parity_capture_fields_equal_sysdig(tmp_path: Path) -> None:
    cap = tmp_path / "parity.scap"
    write_parity_capture(cap)
    bad = mismatches(cap, PARITY_FIELDS)
    assert not bad, "\n".join(bad)


@pytest.mark.sysdig
def test_ptrace_pid_argument_is_the_traced_process_name(tmp_path: Path) -> None:
    """%evt.arg.pid of ptrace: sysdig prints the traced process's name when it knows the pid (PT_PID
    arguments resolve to the comm), the number otherwise."""
    cap = tmp_path / "parity.scap"
    write_parity_capture(cap)
    fmt = "*%evt.type%evt.dir|%evt.arg.pid|%evt.arg[1]"
    ours = [ln for ln in _ours(cap, fmt) if ln.startswith("ptrace>")]
    assert ours == [ln for ln in _sysdig(cap, fmt) if ln.startswith("ptrace>")]
    assert ours == ["ptrace>|sshd|sshd", "ptrace>|4242|4242", "ptrace>|app|app"]


def test_copy_file_range_exit_only_takes_fdout(tmp_path: Path) -> None:
    """Current drivers send copy_file_range's exit alone, with fdin after fdout: the event's fd is
    still the output one."""
    cap = tmp_path / "cfr.scap"
    write_capture(cap, HEADER, [(200, [(333, w.encode_params(333, [10, 4, 0, 3, 0, 10]))])])
    assert _ours(cap, "%evt.type %fd.num %fd.name") == ["copy_file_range 4 /tmp/out.conf"]


def _container_json(cid: str, lookup_state: int | None) -> str:
    c: dict[str, object] = {"id": cid, "name": "web", "image": "nginx:latest", "imagerepo": "nginx",
                            "imagetag": "latest", "type": 0, "privileged": True, "Mounts": []}
    if lookup_state is not None:
        c["lookup_state"] = lookup_state
    return json.dumps({"container": c})


@pytest.mark.sysdig
def test_events_without_a_thread_of_the_capture_equal_sysdig(tmp_path: Path) -> None:
    """thread.tid is the event's own tid even when no thread has it (a context switch of the idle
    task); a container JSON event in mid-capture is shown with the thread sysdig makes from its
    record (container:<id>, pid -1, vtid -2, uid 0), unless the record says its lookup never
    finished (lookup_state 0 or 2), which sysdig filters out."""
    cap = tmp_path / "threadless.scap"
    with capture(cap, replace(HEADER, num_cpus=2, users=[ROOT_USER], groups=[ROOT_GROUP])) as cw:
        ts = cw.write_events(TS0, 200, w.read_events(3, b"abc"))
        for tid, nxt in ((0, 200), (8, 0), (200, 8)):
            cw.write_event(ts, tid, 152, w.encode_params(152, [nxt, 0, 0, 0, 0, 0]), cpu=1)
            ts += 1000
        for state, cid in ((1, "9dbcbd0c435f"), (None, "1a2b3c4d5e6f"), (2, "aaaaaaaaaaaa"), (0, "bbbbbbbbbbbb")):
            cw.write_event(ts, -1, 324, w.encode_params(324, [_container_json(cid, state)]))
            ts += 1000
        cw.write_events(ts, 200, w.read_events(3, b"def"))
    ours, ref = _ours(cap, DEFAULT_FORMAT), _sysdig(cap, None)
    assert ours == ref
    assert [ln.split()[3:5] for ln in ours if " container " in ln] == [
        ["container:9dbcbd0c435f", "(-1)"], ["container:1a2b3c4d5e6f", "(-1)"]]
    assert [ln.split()[3:5] for ln in ours if " switch " in ln] == [["<NA>", "(0)"], ["<NA>", "(8)"], ["app", "(200)"]]
    fields = ["evt.num", "proc.name", "thread.tid", "proc.pid", "proc.ppid", "thread.vtid", "proc.vpid", "user.uid",
              "user.name", "group.gid", "container.id", "proc.exe"]
    assert not mismatches(cap, fields)


@pytest.mark.sysdig
def test_printed_fd_names_drop_unprintable_bytes_as_sysdig(tmp_path: Path) -> None:
    """A unix socket listed from /proc/net/unix keeps the line's newline in its name: the table
    keeps the name as recorded, and print shows fd.name, fd.directory and fd.filename without
    unprintable bytes, as sysdig does."""
    cap = tmp_path / "unix.scap"
    fds = {200: [m.FdEntry(fd=20, ino=30, type=m.FD_UNIX_SOCK, name="/var/run/app.sock\n", source=0xFFFF5, dest=0),
                 m.FdEntry(fd=21, ino=31, type=m.FD_FILE_V2, name="/tmp/a\tb/c\x01d", open_flags=w.O_RDONLY)]}
    write_capture(cap, replace(HEADER, fds=fds),
                  [(200, w.read_events(20, b"ls\n") + w.read_events(21, b"x"))])
    fmt = "*%evt.num [%fd.name] [%fd.directory] [%fd.filename] %fd.type"
    ours = _ours(cap, fmt)
    assert ours == _sysdig(cap, fmt)
    assert ours[0] == "1 [/var/run/app.sock] [<NA>] [<NA>] unix"
    assert ours[2] == "3 [/tmp/ab/cd] [/tmp/ab] [cd] file"
    from analyzer.tables.build import build_tables

    names = build_tables([str(cap)]).events.column("fd").combine_chunks().field("name").to_pylist()
    assert names[0] == "/var/run/app.sock\n"


def test_an_exit_without_its_enter_has_no_fd_of_an_older_call(tmp_path: Path) -> None:
    """An enter whose exit was lost, then another call's exit without its enter: the exit's fd is
    unknown (current libsinsp resets it), not the older enter's fd (which sysdig 0.29.3 shows)."""
    cap = tmp_path / "orphan.scap"
    read_enter, _ = w.read_events(3, b"abc")
    _, (wx, wparams) = w.write_io_events(4, b"xyz")
    old_exit = (wx, wparams[:2])  # a 2022 driver's exit: res and data, no fd
    write_capture(cap, HEADER, [(200, [read_enter, old_exit, *w.read_events(3, b"d")])])
    assert _ours(cap, "*%evt.num %evt.type %evt.dir %fd.num %fd.name") == [
        "1 read > 3 /etc/in.conf", "2 write < -1 ", "3 read > 3 /etc/in.conf", "4 read < 3 /etc/in.conf"]
