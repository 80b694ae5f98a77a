"""Catalogue fields beyond sysdig's default line, on a capture written by our writer with known
content: argument maps, capabilities, session name, exe inode data, ancestors, raw fd names,
container metadata from a container JSON event, k8s labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w
from analyzer.tables.build import build_tables
from analyzer.tables.event_extras import caps_to_string
from analyzer.tables.fields import extract, parse_field, render_field
from analyzer.tables.format import format_lines, parse_format

BOOT = 1_700_000_000_000_000_000
T0 = BOOT + 3_600_000_000_000
HEX = "0123456789abcdef" * 4
CID = HEX[:12]
CAP_CHOWN, CAP_KILL, CAP_NET_ADMIN, CAP_SYS_ADMIN = 1 << 0, 1 << 5, 1 << 12, 1 << 21
CTIME, MTIME = BOOT + 1000, BOOT + 2000

INIT = m.ProcEntry(tid=1, pid=1, ptid=0, sid=1, vpgid=1, comm="systemd", exe="/sbin/init",
                   exepath="/usr/lib/systemd/systemd", cwd="/", uid=0, gid=0, vtid=1, vpid=1)
BASH = m.ProcEntry(tid=100, pid=100, ptid=1, sid=100, vpgid=100, comm="bash", exe="-bash", exepath="/usr/bin/bash",
                   cwd="/home/alice", uid=1000, gid=1000, loginuid=1000, tty=34817, vtid=100, vpid=100,
                   cap_permitted=CAP_SYS_ADMIN | CAP_NET_ADMIN, cap_effective=CAP_NET_ADMIN)
CAT = m.ProcEntry(tid=101, pid=101, ptid=100, sid=100, vpgid=101, comm="cat", exe="cat", exepath="/usr/bin/cat",
                  args=["notes//todo.txt"], cwd="/home/alice", uid=1000, gid=1000, loginuid=1000, tty=34817,
                  vtid=101, vpid=101, cap_effective=CAP_CHOWN | CAP_KILL, cap_permitted=CAP_CHOWN | CAP_KILL,
                  exe_ino=4242, exe_ino_ctime=CTIME, exe_ino_mtime=MTIME, exe_upper_layer=True,
                  exe_from_memfd=True)
NGINX = m.ProcEntry(tid=300, pid=300, ptid=1, sid=300, vpgid=300, comm="nginx", exe="nginx",
                    exepath="/usr/sbin/nginx", cwd="/", uid=0, gid=0, vtid=1, vpid=1,
                    cgroups=["cpu=/docker/" + HEX], pidns_init_start_ts=5_000_000_000)
NS_START = BOOT + 5_000_000_000  # the clone exit gives the pid namespace start relative to boot
CONTAINER_JSON = {"container": {
    "id": CID, "full_id": HEX, "name": "web", "type": 0, "image": "nginx:1.25", "imageid": "sha256:abc",
    "imagerepo": "docker.io/library/nginx", "imagetag": "1.25", "imagedigest": "", "privileged": True,
    "ip": "172.17.0.2",
    "labels": {"io.kubernetes.pod.name": "web-0", "io.kubernetes.pod.namespace": "prod", "app": "web"},
    "Mounts": [{"Source": "/var/run/docker.sock", "Destination": "/run/docker.sock", "Mode": "",
                "RW": True, "Propagation": "rprivate"}],
}}


def write_scenario(path: Path) -> None:
    """bash (pid 100) forks 101, which execs cat and reads a file; nginx (pid 300) in a container forks
    a worker (tid 301, vtid 2) that writes a log."""
    users = [m.User(0, 0, "root", "/root", "/bin/bash"), m.User(1000, 1000, "alice", "/home/alice", "/bin/bash")]
    groups = [m.Group(0, "root"), m.Group(1000, "alice")]
    with w.CaptureWriter(path) as cw:
        cw.write_header(m.MachineInfo(num_cpus=2, hostname="h", boot_ts=BOOT), (), users, groups,
                        [INIT, BASH, NGINX])
        ts = T0
        cw.write_event(ts, -1, 324, w.encode_params(324, [json.dumps(CONTAINER_JSON)]))  # no thread, as sysdig writes it
        pe, ce = w.clone_events(BASH, 101)
        ts = cw.write_events(ts + 10, 100, pe)
        ts = cw.write_events(ts, 101, ce)  # the clone exit in the child: ts T0 + 12
        ts = cw.write_events(ts, 101, w.execve_events(CAT))
        ts = cw.write_events(ts, 101, w.openat_events(3, "notes//todo.txt", w.O_RDONLY | w.O_CLOEXEC))
        ts = cw.write_events(ts, 101, w.read_events(3, b"hello\x00world"))
        ts = cw.write_events(ts, 101, w.close_events(3))
        pe, ce = w.clone_events(NGINX, 301, child_vtid=2)
        ts = cw.write_events(ts, 300, pe)
        ts = cw.write_events(ts, 301, ce)
        ts = cw.write_events(ts, 301, w.openat_events(5, "/var/log/nginx/access.log", w.O_WRONLY | w.O_CREAT))
        cw.write_events(ts, 301, w.write_io_events(5, b"GET /\n"))


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> pa.Table:
    p = tmp_path_factory.mktemp("extras") / "scenario.scap"
    write_scenario(p)
    return build_tables([str(p)]).events


def _row(ev: pa.Table, etype: str, direction: str, tid: int, nth: int = 0) -> int:
    types, dirs, tids = extract(ev, "evt.type"), extract(ev, "evt.dir"), extract(ev, "thread.tid")
    hits = [i for i in range(ev.num_rows) if types[i] == etype and dirs[i] == direction and tids[i] == tid]
    return hits[nth]


def _val(ev: pa.Table, name: str, row: int) -> Any:
    return extract(ev, name)[row]


def test_caps_to_string() -> None:
    assert caps_to_string(0) == ""
    assert caps_to_string(CAP_CHOWN | CAP_KILL) == "CAP_CHOWN CAP_KILL"
    assert caps_to_string(CAP_SYS_ADMIN | CAP_NET_ADMIN) == "CAP_NET_ADMIN CAP_SYS_ADMIN"
    assert caps_to_string(1 << 63) == ""  # bits without a name are left out


def test_capabilities_follow_clone_and_execve(events: pa.Table) -> None:
    clone_child = _row(events, "clone", "<", 101)
    assert _val(events, "thread.cap_effective", clone_child) == "CAP_NET_ADMIN"  # inherited from bash
    assert _val(events, "thread.cap_permitted", clone_child) == "CAP_NET_ADMIN CAP_SYS_ADMIN"
    rd = _row(events, "read", "<", 101)
    assert _val(events, "thread.cap_effective", rd) == "CAP_CHOWN CAP_KILL"
    assert _val(events, "thread.cap_inheritable", rd) == ""


def test_process_extras(events: pa.Table) -> None:
    rd = _row(events, "read", "<", 101)
    # the caller's exit creates the child thread: its creation time is that event's
    clone_ts = _val(events, "evt.rawtime", _row(events, "clone", "<", 100))
    read_ts = _val(events, "evt.rawtime", rd)
    assert _val(events, "proc.sname", rd) == "bash"  # sid 100 -> thread 100
    assert _val(events, "proc.duration", rd) == read_ts - clone_ts
    assert _val(events, "proc.pid.ts", rd) == clone_ts
    assert _val(events, "proc.exe_ino", rd) == 4242
    assert _val(events, "proc.exe_ino.ctime", rd) == CTIME
    assert _val(events, "proc.exe_ino.mtime", rd) == MTIME
    assert _val(events, "proc.exe_ino.ctime_duration_proc_start", rd) == clone_ts - CTIME
    assert _val(events, "proc.pidns_init_start_ts", rd) == BOOT  # a host process: the boot time
    assert _val(events, "proc.is_exe_upper_layer", rd) is True
    assert _val(events, "proc.is_exe_from_memfd", rd) is True
    assert _val(events, "proc.is_exe_lower_layer", rd) is False
    assert _val(events, "proc.aname[1]", rd) == "bash"
    assert _val(events, "proc.aname[2]", rd) == "systemd"
    assert _val(events, "proc.aname[0]", rd) == "cat"
    assert _val(events, "proc.aexepath[1]", rd) == "/usr/bin/bash"
    assert _val(events, "proc.aexepath[2]", rd) == "/usr/lib/systemd/systemd"
    assert _val(events, "proc.aexepath[3]", rd) is None
    assert _val(events, "proc.aexe[1]", rd) == "-bash"
    assert _val(events, "proc.apid[2]", rd) == 1
    assert _val(events, "proc.aname", rd) == ["bash", "systemd"]
    assert _val(events, "user.loginname", rd) == "alice"
    assert _val(events, "proc.is_vpgid_leader", rd) is True
    assert _val(events, "proc.is_sid_leader", rd) is False


def test_argument_maps(events: pa.Table) -> None:
    op = _row(events, "openat", "<", 101)
    assert _val(events, "evt.arg.flags", op) == "O_RDONLY|O_CLOEXEC"
    assert _val(events, "evt.rawarg.flags", op) == str(w.O_RDONLY | w.O_CLOEXEC)
    assert _val(events, "evt.arg.fd", op) == "<f>/home/alice/notes/todo.txt"
    assert _val(events, "evt.arg.nosuch", op) is None
    rd = _row(events, "read", "<", 101)
    # the exit has res and data; fd and size come from the enter event
    assert _val(events, "evt.arg[0]", rd) == "11"
    assert _val(events, "evt.arg[1]", rd) == "hello.world"
    assert _val(events, "evt.arg[2]", rd) == "<f>/home/alice/notes/todo.txt"  # the HEAD exit's fd param
    assert _val(events, "evt.arg.size", rd) == "11"
    assert _val(events, "evt.rawarg.fd", rd) == "3"
    assert _val(events, "evt.rawarg.res", rd) == "11"
    assert _val(events, "evt.buffer", rd) == b"hello\x00world"
    assert render_field("evt.buffer", _val(events, "evt.buffer", rd)) == "hello.world"
    assert _val(events, "evt.buffer", op) is None
    rd_enter = _row(events, "read", ">", 101)
    assert _val(events, "evt.arg.res", rd_enter) is None  # an enter event has only its own params


def test_fd_extras(events: pa.Table) -> None:
    op = _row(events, "openat", "<", 101)
    rd = _row(events, "read", "<", 101)
    assert _val(events, "fd.name", op) == "/home/alice/notes/todo.txt"
    assert _val(events, "fd.nameraw", op) == "notes/todo.txt"
    assert _val(events, "fd.name_changed", op) is True
    assert _val(events, "fd.name_changed", rd) is False
    assert _val(events, "fd.sockfamily", rd) is None
    assert _val(events, "fd.ip", rd) is None
    assert _val(events, "fd.sip.name", rd) is None
    assert _val(events, "fd.is_server", rd) is False


def test_container_metadata_and_k8s(events: pa.Table) -> None:
    wr = _row(events, "write", "<", 301)
    assert _val(events, "container.id", wr) == CID
    assert _val(events, "container.full_id", wr) == HEX
    assert _val(events, "container.name", wr) == "web"
    assert _val(events, "container.type", wr) == "docker"
    assert _val(events, "container.image", wr) == "nginx:1.25"
    assert _val(events, "container.image.repository", wr) == "docker.io/library/nginx"
    assert _val(events, "container.image.tag", wr) == "1.25"
    assert _val(events, "container.privileged", wr) is True
    assert _val(events, "container.start_ts", wr) == NS_START
    assert _val(events, "container.duration", wr) == _val(events, "evt.rawtime", wr) - NS_START
    assert _val(events, "proc.vpid", wr) == 2
    assert _val(events, "container.labels", wr) == "app:web"
    assert _val(events, "container.label[app]", wr) == "web"
    assert _val(events, "container.mounts", wr) == "/var/run/docker.sock:/run/docker.sock::true:rprivate"
    assert _val(events, "container.mount.dest[/var/run/*.sock]", wr) == "/run/docker.sock"
    assert _val(events, "container.mount.dest[0]", wr) == "/run/docker.sock"
    assert _val(events, "container.mount.dest[/etc]", wr) is None
    assert _val(events, "k8s.ns.name", wr) == "prod"
    assert _val(events, "k8s.pod.name", wr) == "web-0"
    assert _val(events, "k8s.pod.label[app]", wr) == "web"
    rd = _row(events, "read", "<", 101)
    assert _val(events, "container.id", rd) == "host"
    assert _val(events, "container.name", rd) == "host"
    assert _val(events, "container.image.repository", rd) == ""
    assert _val(events, "container.privileged", rd) is False
    assert _val(events, "k8s.ns.name", rd) is None


def test_rendered_lines(events: pa.Table) -> None:
    fmt = parse_format("*%proc.name %thread.cap_effective|%proc.aexepath[1]|%evt.arg.fd|%container.privileged|"
                       "%k8s.ns.name|%proc.exe_ino.ctime")
    rd = _row(events, "read", "<", 101)
    wr = _row(events, "write", "<", 301)
    lines = list(format_lines(fmt, events.slice(rd, 1))) + list(format_lines(fmt, events.slice(wr, 1)))
    assert lines == [
        f"cat CAP_CHOWN CAP_KILL|/usr/bin/bash|<f>/home/alice/notes/todo.txt|false|<NA>|{CTIME}",
        "nginx |/usr/sbin/nginx|<f>/var/log/nginx/access.log|true|prod|<NA>",
    ]
    # without a leading '*', lines with a missing field are dropped (as sysdig does)
    strict = parse_format("%proc.name|%k8s.ns.name|%proc.exe_ino.ctime")
    assert list(format_lines(strict, events.slice(rd, 1))) == []
    assert list(format_lines(parse_format("%proc.name|%k8s.ns.name"), events.slice(wr, 1))) == ["nginx|prod"]


def test_parse_field_arguments() -> None:
    assert parse_field("evt.arg.flags")[1] == "flags"
    assert parse_field("evt.arg[2]")[1] == "2"
    assert parse_field("proc.aname")[1] is None
    assert parse_field("proc.exe_ino.ctime")[0].column == ("proc", "exe_ino_ctime")
    for bad in ("evt.arg", "proc.nosuch", "container.label", "fd.name[1]"):
        with pytest.raises(ValueError, match="unknown field"):
            parse_field(bad)
