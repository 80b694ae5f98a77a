"""Sample-trace scenarios: they act out their incident, record into small files that hold nothing
of the recording machine, and show the expected events with the expected proc/fd/user fields,
in our reader and in sysdig 0.29.3 alike.

Recording needs root and the eBPF capture: without them these tests skip locally and fail in CI
(SCAPKIT_CI=1).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w
from analyzer.scap.reader import read_all_events
from capture.procfs import take_snapshot

from .conftest import need_capture, skip_or_fail
from .sysdig_oracle import SEP, known_difference, our_lines, sysdig_lines

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_traces"


def _load_scenarios() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scapkit_scenarios", SAMPLES / "scenarios.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["scapkit_scenarios"] = mod
    spec.loader.exec_module(mod)
    return mod


sc = _load_scenarios()
NAMES = sorted(sc.SCENARIOS)


def need_root() -> None:
    if os.geteuid() != 0:
        skip_or_fail("the scenarios need root (unshare, mount namespaces, eBPF)")



# --------------------------------------------------------------------------- events as sysdig prints them
FIELDS = (
    "evt.num evt.type evt.dir thread.tid proc.pid proc.vpid proc.ppid proc.name proc.exe proc.exepath "
    "proc.args proc.cmdline proc.cwd proc.pname proc.aname[2] user.uid user.name group.gid fd.num fd.name "
    "fd.type fd.typechar fd.l4proto fd.sip fd.sport fd.cip fd.cport evt.res evt.args evt.is_open_write "
    "container.id"
).split()
Row = dict[str, str]


def rows(path: Path, fields: list[str] = FIELDS) -> list[Row]:
    lines = our_lines(path, "*" + SEP.join("%" + f for f in fields))
    return [dict(zip(fields, ln.split(SEP), strict=True)) for ln in lines]


def sysdig_rows(path: Path, fields: list[str]) -> list[Row]:
    lines = sysdig_lines(path, "*" + SEP.join("%" + f for f in fields))
    return [dict(zip(fields, ln.split(SEP), strict=True)) for ln in lines]


def _exits(r: list[Row], *types: str) -> list[Row]:
    return [x for x in r if x["evt.dir"] == "<" and x["evt.type"] in types]


OPENS = ("open", "openat", "openat2", "creat")


# --------------------------------------------------------------------------- expected events per scenario
def expect_webshell(r: list[Row]) -> None:
    shadow = [x for x in _exits(r, *OPENS) if x["fd.name"] == "/etc/shadow"]
    assert any(
        x["proc.name"] == "cat"
        and x["proc.pname"] == "sh"
        and x["proc.aname[2]"] == "python3"
        and x["evt.res"] == "SUCCESS"
        and x["user.uid"] == "0"
        and x["user.name"] == "root"
        and x["fd.typechar"] == "f"
        for x in shadow
    ), shadow
    # what cat read is the decoy, not this machine's hashes
    reads = [x for x in _exits(r, "read") if x["proc.name"] == "cat" and x["fd.name"] == "/etc/shadow"]
    assert any("scapkitDECOY" in x["evt.args"] for x in reads)
    # the payload is written by curl run through the web shell...
    payload = [
        x for x in _exits(r, *OPENS)
        if x["proc.name"] == "curl" and x["fd.name"].endswith("/tmp/kworkerd") and x["evt.is_open_write"] == "true"
    ]
    assert payload and payload[0]["proc.pname"] == "sh" and payload[0]["proc.aname[2]"] == "python3"
    # ...and executed from /tmp
    k = [x for x in _exits(r, "execve") if x["proc.name"] == "kworkerd"]
    assert k, "no execve of the payload"
    assert k[0]["proc.exepath"].startswith("/tmp/scapkit-webshell-") and k[0]["proc.exepath"].endswith("/tmp/kworkerd")
    assert k[0]["proc.pname"] == "sh" and k[0]["proc.aname[2]"] == "python3" and k[0]["evt.res"] == "SUCCESS"
    c2_ip, c2_port = k[0]["proc.args"].split()
    # reverse connection to the listener, socket duplicated onto stdin/stdout/stderr, shell started
    conn = [x for x in _exits(r, "connect") if x["proc.name"] == "kworkerd"]
    assert conn and conn[0]["evt.res"] == "SUCCESS"
    assert (conn[0]["fd.sip"], conn[0]["fd.sport"], conn[0]["fd.l4proto"]) == (c2_ip, c2_port, "tcp")
    assert conn[0]["fd.name"].endswith(f"->{c2_ip}:{c2_port}")
    dups = [x for x in _exits(r, "dup", "dup2", "dup3") if x["proc.name"] == "kworkerd" and x["fd.typechar"] == "4"]
    assert len(dups) >= 3
    shells = [x for x in _exits(r, "execve") if x["proc.name"] == "sh" and x["proc.args"] == "-i"]
    assert shells and shells[0]["proc.pid"] == k[0]["proc.pid"]
    # the attacker's `id` answers over the socket
    assert any(x["proc.name"] == "id" and x["fd.typechar"] == "4" and x["fd.sport"] == c2_port for x in _exits(r, "write"))


def expect_credential_hunt(r: list[Row]) -> None:
    ex = _exits(r, "execve")
    assert any(x["proc.name"] == "find" and "id_rsa" in x["proc.args"] and x["proc.pname"] == "sh" for x in ex)
    assert any(x["proc.name"] == "grep" and "aws_secret_access_key" in x["proc.args"] for x in ex)
    creds = [x for x in _exits(r, *OPENS) if x["fd.name"].endswith("/home/.aws/credentials") and x["evt.res"] == "SUCCESS"]
    assert {"cat", "cp", "grep"} <= {x["proc.name"] for x in creds}
    assert any(
        x["proc.name"] == "cat" and "aws_access_key_id" in x["evt.args"]
        for x in _exits(r, "read")
        if x["fd.name"].endswith("/home/.aws/credentials")
    )
    assert any(x["proc.name"] == "cp" and x["fd.name"].endswith("/home/.ssh/id_rsa") for x in _exits(r, *OPENS))
    assert any(x["proc.name"] == "tar" and "loot.tgz" in x["proc.args"] for x in ex)
    assert any(x["proc.name"] == "base64" for x in ex)
    removed = [x for x in _exits(r, "unlinkat", "unlink") if x["proc.name"] == "rm" and x["evt.res"] == "SUCCESS"]
    assert len(removed) >= 4  # three staged files and the staging directory


def expect_persistence(r: list[Row]) -> None:
    written = [x for x in _exits(r, *OPENS) if x["evt.is_open_write"] == "true" and x["evt.res"] == "SUCCESS"]
    for path in ("/etc/cron.d/system-update", "/etc/systemd/system/dbus-update.service", "/etc/profile.d/zz-update.sh"):
        assert any(
            x["fd.name"] == path and x["proc.name"] == "sh" and x["user.name"] == "root" for x in written
        ), path
    bashrc = [x for x in written if x["fd.name"].endswith("/home/.bashrc")]
    assert bashrc and "O_APPEND" in bashrc[0]["evt.args"]
    assert any(x["fd.name"].endswith("/home/.ssh/authorized_keys") for x in written)
    links = [x for x in _exits(r, "symlinkat", "symlink") if x["proc.name"] == "ln"]
    assert links and "multi-user.target.wants/dbus-update.service" in links[0]["evt.args"]
    assert any(x["proc.name"] == "touch" for x in _exits(r, "utimensat"))
    mounts = [x for x in _exits(r, "mount") if x["proc.name"] == "mount" and x["evt.res"] == "SUCCESS"]
    assert len(mounts) == 3


def expect_anti_forensics(r: list[Row]) -> None:
    opens = _exits(r, *OPENS)
    trunc = {x["fd.name"]: x for x in opens if "O_TRUNC" in x["evt.args"] and x["evt.res"] == "SUCCESS"}
    assert trunc["/var/log/syslog"]["proc.name"] == "sh"  # : > syslog
    assert trunc["/var/log/wtmp"]["proc.name"] == "sh"  # cat /dev/null > wtmp
    # truncate opens auth.log for writing, then ftruncate()s it (a generic event without fd)
    t = [x for x in opens if x["proc.name"] == "truncate" and x["fd.name"] == "/var/log/auth.log"]
    assert t and t[0]["evt.is_open_write"] == "true"
    assert any(x["thread.tid"] == t[0]["thread.tid"] for x in _exits(r, "ftruncate"))
    assert any(x["proc.name"] == "shred" and x["fd.name"] == "/var/log/nginx/access.log" for x in _exits(r, "write"))
    assert any(x["proc.name"] == "shred" for x in _exits(r, "unlink", "unlinkat"))
    removed = [
        x for x in _exits(r, "unlinkat", "unlink")
        if x["proc.name"] == "rm" and x["evt.res"] == "SUCCESS" and "worker-" in x["evt.args"]
    ]
    assert len(removed) == 20
    assert any(x["proc.name"] == "rm" and ".bash_history" in x["evt.args"] for x in _exits(r, "unlinkat", "unlink"))
    links = [x for x in _exits(r, "symlinkat", "symlink") if x["proc.name"] == "ln"]
    assert links and "/dev/null" in links[0]["evt.args"] and ".bash_history" in links[0]["evt.args"]


def expect_container(r: list[Row]) -> None:
    ex = _exits(r, "execve")
    init = [x for x in ex if x["proc.name"] == "sh" and x["proc.vpid"] == "1"]
    assert init and init[0]["proc.pid"] != "1" and init[0]["proc.pname"] == "unshare"
    inside = [x for x in ex if x["proc.name"] in ("ps", "hostname", "id", "cat", "ls", "sleep")]
    assert {x["proc.name"] for x in inside} >= {"ps", "hostname", "id", "cat"}
    for x in inside:  # small pids in the namespace, host pids outside
        assert 1 < int(x["proc.vpid"]) < 100 and x["proc.vpid"] != x["proc.pid"], x
        assert x["proc.aname[2]"] in ("unshare", "sh")
    # where the runner could create the Docker-like cgroups, the script joined them before unshare:
    # then everything inside is that container
    joined = [
        x for x in _exits(r, *OPENS)
        if x["fd.name"].endswith(f"/scapkit/{sc.CONTAINER_ID}/cgroup.procs") and x["evt.res"] == "SUCCESS"
    ]
    if joined:
        assert {x["container.id"] for x in inside} == {sc.CONTAINER_ID[:12]}


EXPECT: dict[str, Callable[[list[Row]], None]] = {
    "webshell": expect_webshell,
    "credential_hunt": expect_credential_hunt,
    "persistence": expect_persistence,
    "anti_forensics": expect_anti_forensics,
    "container": expect_container,
}


# --------------------------------------------------------------------------- sysdig agreement
def compare_with_sysdig(path: Path) -> dict[str, int]:
    fields = [f for f in FIELDS if f not in ("evt.is_open_write",)]
    ref = sysdig_rows(path, fields)
    ours = rows(path, fields)
    assert len(ours) == len(ref), f"{path.name}: {len(ours)} events, sysdig shows {len(ref)}"
    problems: list[str] = []
    known: dict[str, int] = {}
    for a, b in zip(ours, ref, strict=True):
        for f in fields:
            if a[f] == b[f]:
                continue
            why = known_difference(f, a, b)
            if why is None:
                problems.append(f"event {a['evt.num']} {a['evt.type']} {f}: ours={a[f][:80]!r} sysdig={b[f][:80]!r}")
            else:
                known[why] = known.get(why, 0) + 1
    assert not problems, f"{path.name}: {len(problems)} differences\n" + "\n".join(problems[:30])
    return known


# --------------------------------------------------------------------------- the checker itself
def _one_event_capture(path: Path, snap_procs: list[m.ProcEntry], fdlists: dict[int, list[m.FdEntry]]) -> None:
    with w.CaptureWriter(path) as cw:
        cw.write_header(
            m.MachineInfo(num_cpus=2, hostname=sc.SAMPLE_HOSTNAME, boot_ts=1),
            [m.Interface(4, "lo", bytes([127, 0, 0, 1]), bytes([255, 0, 0, 0]), bytes(4))],
            [m.User(0, 0, "root", "/root", "/bin/sh")],
            [m.Group(0, "root")],
            snap_procs,
            fdlists,
        )
        cw.write_events(1_800_000_000_000_000_000, snap_procs[0].tid, w.fstat_events(0))


def test_checker_accepts_a_clean_scenario_file(tmp_path: Path) -> None:
    root = "/tmp/scapkit-credential_hunt-abc123"
    p = m.ProcEntry(
        tid=4242, pid=4242, ptid=1, comm="find", exe="find", exepath="/usr/bin/find",
        args=[f"{root}/home", "-name", "id_rsa*"], cwd=root,
        env=["PATH=" + sc.PATH, f"HOME={root}/home", "LANG=C.UTF-8", "PWD=" + root],
        cgroups=["cpuset=/", "memory=/"],
    )
    fds = {4242: [m.FdEntry(fd=0, ino=5, type=m.FD_FILE_V2, name="/dev/null", open_flags=w.O_RDONLY),
                  m.FdEntry(fd=1, ino=6, type=m.FD_FILE_V2, name=f"{root}/output.log", open_flags=w.O_WRONLY)]}
    out = tmp_path / "clean.scap"
    _one_event_capture(out, [p], fds)
    assert sc.check(out, "credential_hunt") == []


def test_checker_flags_this_session(tmp_path: Path) -> None:
    """A header taken from the test process itself (host env, checkout paths, a foreign process
    name) must be rejected with a reason for each kind of leak."""
    snap = take_snapshot(pids=[os.getpid()])
    out = tmp_path / "leaky.scap"
    _one_event_capture(out, snap.procs, snap.fdlists)
    problems = "\n".join(sc.check(out, "credential_hunt"))
    me = snap.procs[0]
    assert f"process {me.comm!r}" in problems
    assert "environment entry" in problems
    assert str(REPO) in problems
    assert "path outside the scenario directory" in problems or "/tmp/" not in " ".join(me.args)


def test_checker_flags_host_name_and_other_tmp_paths(tmp_path: Path) -> None:
    p = m.ProcEntry(tid=7, pid=7, ptid=1, comm="sh", exe="sh", exepath="/usr/bin/dash",
                    args=["/tmp/other-thing/x.sh", socket.gethostname()], cwd="/tmp/scapkit-container-x1")
    out = tmp_path / "host.scap"
    _one_event_capture(out, [p], {})
    problems = sc.check(out, "container")
    assert any("/tmp/other-thing" in pr for pr in problems)
    assert any("host name" in pr for pr in problems)
    # the scenario's own directory, even cut short by the snaplen, is fine
    assert not any("scapkit-container" in pr for pr in problems)


def test_anonymise_strips_machine_traits(tmp_path: Path) -> None:
    prefix = "/machine.slice/box-1234abcd"
    tree = m.ProcEntry(tid=100, pid=100, ptid=50, comm="sh", exe="sh", exepath="/usr/bin/dash",
                       cwd="/tmp/scapkit-persistence-q", uid=0, gid=0, cgroups=[f"memory={prefix}/scapkit/x"])
    ancestor = m.ProcEntry(tid=50, pid=50, ptid=1, comm="recorder", exe="python3", exepath="/usr/bin/python3.11",
                           cwd="/home/someone/checkout", uid=1000, gid=1000, env=["SECRET=1"])
    src = tmp_path / "raw.scap"
    with w.CaptureWriter(src) as cw:
        cw.write_header(
            m.MachineInfo(num_cpus=2, hostname="prod-db-7.corp.example", boot_ts=1),
            [m.Interface(4, "lo", bytes([127, 0, 0, 1]), bytes([255, 0, 0, 0]), bytes(4)),
             m.Interface(4, "eth0", bytes([10, 1, 2, 3]), bytes([255, 255, 255, 0]), bytes([10, 1, 2, 255]))],
            [m.User(0, 0, "root", "/root", "/bin/sh"), m.User(1000, 1000, "someone", "/home/someone", "/bin/zsh")],
            [m.Group(0, "root"), m.Group(1000, "someone")],
            [ancestor, tree],
            {50: [m.FdEntry(fd=3, ino=9, type=m.FD_FILE_V2, name="/home/someone/checkout/x.scap")],
             100: [m.FdEntry(fd=1, ino=8, type=m.FD_FILE_V2, name=f"/sys/fs/cgroup/memory{prefix}/scapkit/x/tasks")]},
        )
        child = m.ProcEntry(tid=101, pid=101, ptid=100, comm="cat", exe="cat", exepath="/usr/bin/cat",
                            cgroups=[f"memory={prefix}/scapkit/x", "cpuset=/"])
        cw.write_events(10, 101, w.execve_events(child))
        cw.write_events(20, 100, w.open_events(3, f"/sys/fs/cgroup/memory{prefix}/scapkit/x/cgroup.procs"))
    dst = tmp_path / "clean.scap.gz"
    info = sc.anonymise(src, dst, cgroup_prefixes=[prefix])
    assert info["events"] == 4
    hdr, batches, _ = read_all_events(str(dst))
    assert hdr.machine is not None and hdr.machine.hostname == sc.SAMPLE_HOSTNAME
    assert [i.name for i in hdr.interfaces] == ["lo"]
    assert [u.name for u in hdr.users] == ["root"] and [g.name for g in hdr.groups] == ["root"]
    assert [p.tid for p in hdr.procs] == [100]  # the recorder (no events) is gone
    assert hdr.procs[0].cgroups == ["memory=/scapkit/x"]
    assert list(hdr.fdlists) == [100] and hdr.fdlists[100][0].name == "/sys/fs/cgroup/memory/scapkit/x/tasks"
    raw = b"".join(bytes(b.data) for b in batches)
    assert prefix.encode() not in raw
    r = rows(dst, ["evt.type", "evt.dir", "proc.name", "fd.name", "evt.args"])
    assert r[1]["proc.name"] == "cat" and "cgroups=memory=/scapkit/x" in r[1]["evt.args"]
    assert r[3]["fd.name"] == "/sys/fs/cgroup/memory/scapkit/x/cgroup.procs"


# --------------------------------------------------------------------------- acting out, without capture
@pytest.mark.root
@pytest.mark.parametrize("name", NAMES)
def test_scenario_acts_out(name: str) -> None:
    need_root()
    status, output, root = sc.run(name, timeout=120)
    assert status == 0, output
    marker = {
        "webshell": "scapkitDECOY",  # cat /etc/shadow read the decoy
        "credential_hunt": "aws_secret_access_key",
        "persistence": "dbus-update.service",
        "anti_forensics": "auth.log",
        "container": "worker done",
    }[name]
    assert marker in output
    if name == "webshell":
        assert "uid=0(root)" in output.split("scapkitDECOY")[-1]  # the reverse shell's transcript
    assert not root.exists(), "scenario directory left behind"


# --------------------------------------------------------------------------- recorded files
def _committed(name: str) -> Path:
    path = SAMPLES / f"{name}.scap.gz"
    if not path.exists():
        skip_or_fail(f"{path} is missing: run `make sample-traces` as root")
    return path


@pytest.mark.parametrize("name", NAMES)
def test_committed_sample_is_clean_and_complete(name: str) -> None:
    path = _committed(name)
    assert path.stat().st_size < sc.MAX_SIZE
    problems = sc.check(path, name)
    assert not problems, "\n".join(problems[:30])
    EXPECT[name](rows(path))


@pytest.mark.sysdig
@pytest.mark.parametrize("name", NAMES)
def test_committed_sample_sysdig_agrees(name: str) -> None:
    compare_with_sysdig(_committed(name))


@pytest.mark.root
@pytest.mark.sysdig
@pytest.mark.parametrize("name", NAMES)
def test_record_scenario_fresh(name: str, tmp_path: Path) -> None:
    need_capture()
    out = tmp_path / f"{name}.scap.gz"
    info = sc.record(name, out)
    stats = info["stats"]
    assert stats.drops == 0, stats
    assert stats.exit_code == 0, info["output"]
    assert out.stat().st_size < sc.MAX_SIZE
    problems = sc.check(out, name)
    assert not problems, "\n".join(problems[:30])
    EXPECT[name](rows(out))
    compare_with_sysdig(out)
