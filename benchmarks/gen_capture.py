"""Generate a realistic busy-host .scap capture with :mod:`analyzer.scap.writer`.

    python benchmarks/gen_capture.py OUT.scap -n 5000000 [--seed S]

What is in it:

* a header with ~200 threads (systemd, journald, rsyslog, cron, dbus, sshd + two bash
  sessions, nginx master + workers, postgres + backends, a gunicorn app with threaded
  workers, a JVM, redis, node, containerd and a dockerised nginx with its cgroups and a
  container event), each process with an FDL (tty/devnull, log files, listening and
  established IPv4/IPv6 sockets, unix sockets, pipes, epoll/eventfd/timerfd/inotify, memfd);
* every non-idle thread runs a cyclic "script" of self-consistent syscalls (openat/read/
  write/close on files, pipes, accept/recvfrom/write/close on server sockets, socket/
  connect/sendto/recvfrom/close as a client (IPv4, IPv6, UDP DNS), stat/fstat/mmap/brk/
  futex/epoll_wait noise), enter event in its 2022 shape then the exit with the full HEAD
  parameter count, all ids < 336;
* process churn: shells and cron clone + execve short-lived programs (cat, ls, grep, curl,
  date, sh -c) that open files and exit, and the JVM spawns and retires threads.

Speed: every event is encoded once, as a template block. The bulk of the stream is built
with numpy (a word-level gather of template blocks, then ts/cpu patched in place); only the
churn events (a few per cent) are patched in Python with ``struct.pack_into``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

try:
    from analyzer.scap import model as m
    from analyzer.scap import writer as w
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from analyzer.scap import model as m
    from analyzer.scap import writer as w

Ev = w.Ev

T_START = 1_717_000_000_000_000_000  # 2024-05-29, ns
BOOT_TS = T_START - 3 * 86400 * 1_000_000_000
HOST_IP = "10.0.0.10"
HOST_IP6 = "2001:db8::10"
NCPUS = 16
CHUNK = 1 << 16
PLACEHOLDER = 0x5A5A5A5A5A  # child tid placeholder in churn templates
SOCK_NONBLOCK = 0o4000
SOCK_CLOEXEC = 0o2000000


# --------------------------------------------------------------------------- host model
@dataclass
class Proc:
    """A process: its PL threads, FDL entries and what its threads do."""

    main: m.ProcEntry
    threads: list[m.ProcEntry] = field(default_factory=list)
    fds: list[m.FdEntry] = field(default_factory=list)
    role: str = "idle"
    listen: dict[str, int] = field(default_factory=dict)  # name -> fd
    listen_addr: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (local ip, port)
    ip4: str = HOST_IP  # the address a wildcard listener accepts on
    named: dict[str, int] = field(default_factory=dict)  # logical fd name -> fd number

    @property
    def all_threads(self) -> list[m.ProcEntry]:
        return [self.main, *self.threads]


class Host:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.procs: list[Proc] = []
        self.next_pid = 300
        self.next_ino = 40000
        self.users = [
            m.User(0, 0, "root", "/root", "/bin/bash"),
            m.User(1, 1, "daemon", "/usr/sbin", "/usr/sbin/nologin"),
            m.User(33, 33, "www-data", "/var/www", "/usr/sbin/nologin"),
            m.User(102, 105, "messagebus", "/nonexistent", "/usr/sbin/nologin"),
            m.User(104, 110, "syslog", "/home/syslog", "/usr/sbin/nologin"),
            m.User(111, 118, "postgres", "/var/lib/postgresql", "/bin/bash"),
            m.User(112, 119, "redis", "/var/lib/redis", "/usr/sbin/nologin"),
            m.User(1000, 1000, "alice", "/home/alice", "/bin/bash"),
            m.User(1001, 1001, "bob", "/home/bob", "/bin/zsh"),
            m.User(1002, 1002, "app", "/srv/app", "/usr/sbin/nologin"),
            m.User(65534, 65534, "nobody", "/nonexistent", "/usr/sbin/nologin"),
        ]
        self.groups = [m.Group(u.gid, u.name) for u in self.users] + [
            m.Group(4, "adm"),
            m.Group(27, "sudo"),
            m.Group(999, "docker"),
        ]
        self.interfaces = [
            m.Interface(4, "lo", bytes([127, 0, 0, 1]), bytes([255, 0, 0, 0]), bytes([127, 255, 255, 255])),
            m.Interface(
                4, "eth0", bytes([10, 0, 0, 10]), bytes([255, 255, 255, 0]), bytes([10, 0, 0, 255]), 10000
            ),
            m.Interface(
                4, "docker0", bytes([172, 17, 0, 1]), bytes([255, 255, 0, 0]), bytes([172, 17, 255, 255])
            ),
            m.Interface(6, "lo", bytes(15) + b"\x01", b"\xff" * 16, bytes(16)),
            m.Interface(
                6,
                "eth0",
                bytes.fromhex("20010db8000000000000000000000010"),
                b"\xff" * 8 + bytes(8),
                bytes(16),
                10000,
            ),
        ]
        self.container_id = f"{rnd.getrandbits(256):064x}"
        self.machine = m.MachineInfo(
            num_cpus=NCPUS, memory_bytes=64 << 30, max_pid=4194304, hostname="web-db-01", boot_ts=BOOT_TS
        )

    # -- building blocks
    def ino(self) -> int:
        self.next_ino += self.rnd.randrange(1, 50)
        return self.next_ino

    @staticmethod
    def cgroups(unit: str) -> list[str]:
        return [
            f"{c}={unit}"
            for c in (
                "cpuset",
                "cpu",
                "cpuacct",
                "io",
                "memory",
                "devices",
                "freezer",
                "net_cls",
                "perf_event",
                "hugetlb",
                "pids",
                "rdma",
                "misc",
            )
        ]

    def add(
        self,
        comm: str,
        exepath: str,
        args: list[str],
        *,
        uid: int = 0,
        ppid: int = 1,
        nthreads: int = 0,
        role: str = "idle",
        cwd: str = "/",
        exe: str | None = None,
        pid: int | None = None,
        env: list[str] | None = None,
        unit: str | None = None,
        vpid: int | None = None,
        tty: int = 0,
        loginuid: int | None = None,
    ) -> Proc:
        if pid is None:
            pid = self.next_pid
            self.next_pid += 1 + nthreads + self.rnd.randrange(0, 20)
        gid = next((u.gid for u in self.users if u.uid == uid), uid)
        parent = next((p for p in self.procs if p.main.tid == ppid), None)
        sid = parent.main.sid if parent else pid
        main = m.ProcEntry(
            tid=pid,
            pid=pid,
            ptid=ppid,
            comm=comm[:15],
            exe=exe if exe is not None else exepath,
            exepath=exepath,
            args=args,
            cwd=cwd,
            fdlimit=1048576 if uid == 0 else 65536,
            flags=0,
            uid=uid,
            gid=gid,
            sid=sid,
            vpgid=pid,
            vmsize_kb=self.rnd.randrange(8000, 900000),
            vmrss_kb=self.rnd.randrange(2000, 300000),
            pfmajor=self.rnd.randrange(0, 500),
            pfminor=self.rnd.randrange(1000, 900000),
            env=env
            if env is not None
            else ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
            vtid=pid if vpid is None else vpid,
            vpid=pid if vpid is None else vpid,
            cgroups=self.cgroups(unit or f"/system.slice/{comm}.service"),
            root="/",
            loginuid=loginuid,
            cap_permitted=0x1FFFFFFFFFF if uid == 0 else 0,
            cap_effective=0x1FFFFFFFFFF if uid == 0 else 0,
            tty=tty,
        )
        p = Proc(main=main, role=role)
        for i in range(nthreads):
            t = m.ProcEntry(
                tid=pid + 1 + i,
                pid=pid,
                ptid=ppid,
                comm=main.comm,
                exe=main.exe,
                exepath=exepath,
                args=args,
                cwd=cwd,
                fdlimit=main.fdlimit,
                flags=w.CL_CLONE_THREAD | w.CL_CLONE_FILES,
                uid=uid,
                gid=gid,
                sid=sid,
                vpgid=pid,
                vmsize_kb=main.vmsize_kb,
                vmrss_kb=main.vmrss_kb,
                env=main.env,
                vtid=(pid if vpid is None else vpid) + 1 + i,
                vpid=main.vpid,
                cgroups=main.cgroups,
                root="/",
                loginuid=loginuid,
                cap_permitted=main.cap_permitted,
                cap_effective=main.cap_effective,
            )
            p.threads.append(t)
        # standard streams
        if tty:
            for fd in (0, 1, 2):
                p.fds.append(
                    m.FdEntry(fd, 3, m.FD_FILE_V2, f"/dev/pts/{tty & 0xFF}", open_flags=w.O_RDWR, dev=0x88)
                )
        else:
            p.fds.append(m.FdEntry(0, 6, m.FD_FILE_V2, "/dev/null", open_flags=w.O_RDONLY, dev=5))
            j = self.ino()
            for fd in (1, 2):
                p.fds.append(
                    m.FdEntry(
                        fd,
                        j,
                        m.FD_UNIX_SOCK,
                        "",
                        source=0xFFFF8881_0000_0000 | j << 8,
                        dest=0xFFFF8881_2000_0000 | j << 8,
                    )
                )
        self.procs.append(p)
        return p

    def fd_file(self, p: Proc, fd: int, path: str, flags: int, key: str | None = None) -> int:
        p.fds.append(m.FdEntry(fd, self.ino(), m.FD_FILE_V2, path, open_flags=flags, dev=0x803))
        if key:
            p.named[key] = fd
        return fd

    def fd_listen(self, p: Proc, fd: int, ip: str, port: int, key: str) -> int:
        if ":" in ip:
            ipb = socket.inet_pton(socket.AF_INET6, ip)
            p.fds.append(m.FdEntry(fd, self.ino(), m.FD_IPV6_SERVSOCK, sip=ipb, sport=port, l4proto=w.L4_TCP))
            local = HOST_IP6 if ip == "::" else ip
        else:
            ipb = socket.inet_aton(ip)
            p.fds.append(m.FdEntry(fd, self.ino(), m.FD_IPV4_SERVSOCK, sip=ipb, sport=port, l4proto=w.L4_TCP))
            local = p.ip4 if ip == "0.0.0.0" else ip
        p.listen[key] = fd
        p.listen_addr[key] = (local, port)
        return fd

    def fd_conn(self, p: Proc, fd: int, lip: str, lport: int, rip: str, rport: int, key: str) -> int:
        p.fds.append(
            m.FdEntry(
                fd,
                self.ino(),
                m.FD_IPV4_SOCK,
                sip=socket.inet_aton(lip),
                dip=socket.inet_aton(rip),
                sport=lport,
                dport=rport,
                l4proto=w.L4_TCP,
            )
        )
        p.named[key] = fd
        return fd

    def fd_misc(self, p: Proc, fd: int, t: int, name: str, key: str | None = None) -> int:
        p.fds.append(m.FdEntry(fd, self.ino(), t, name))
        if key:
            p.named[key] = fd
        return fd

    def fd_unix(self, p: Proc, fd: int, path: str, key: str) -> int:
        ino = self.ino()
        p.fds.append(
            m.FdEntry(
                fd,
                ino,
                m.FD_UNIX_SOCK,
                path,
                source=0xFFFF8882_0000_0000 | ino << 8,
                dest=0xFFFF8882_4000_0000 | ino << 8,
            )
        )
        p.named[key] = fd
        return fd

    def fd_pipe(self, reader: Proc, rfd: int, writer: Proc, wfd: int, key: str) -> None:
        ino = self.ino()
        reader.fds.append(m.FdEntry(rfd, ino, m.FD_FIFO, f"pipe:[{ino}]"))
        writer.fds.append(m.FdEntry(wfd, ino, m.FD_FIFO, f"pipe:[{ino}]"))
        reader.named[key + "_r"] = rfd
        writer.named[key + "_w"] = wfd

    def common_fds(self, p: Proc, base: int = 3) -> None:
        self.fd_misc(p, base, m.FD_EVENTPOLL, "", "epoll")
        self.fd_misc(p, base + 1, m.FD_EVENT, "", "eventfd")
        self.fd_misc(p, base + 2, m.FD_TIMERFD, "", "timerfd")

    # -- the host
    def build(self) -> None:
        add = self.add
        systemd = add(
            "systemd",
            "/usr/lib/systemd/systemd",
            ["--system", "--deserialize", "31"],
            pid=1,
            ppid=0,
            exe="/sbin/init",
            unit="/init.scope",
        )
        self.common_fds(systemd)
        self.fd_misc(systemd, 6, m.FD_SIGNALFD, "", "signalfd")
        self.fd_misc(systemd, 7, m.FD_INOTIFY, "", "inotify")
        self.fd_unix(systemd, 8, "/run/systemd/private", "private")
        self.fd_misc(systemd, 9, m.FD_NETLINK, "", "netlink")
        self.fd_misc(systemd, 10, m.FD_PIDFD, "anon_inode:[pidfd]")

        journald = add("systemd-journal", "/usr/lib/systemd/systemd-journald", [], pid=180, role="journald")
        self.common_fds(journald)
        self.fd_unix(journald, 6, "/run/systemd/journal/socket", "jsock")
        self.fd_file(
            journald, 7, "/var/log/journal/5f2b/system.journal", w.O_RDWR | w.O_CREAT | w.O_CLOEXEC, "journal"
        )
        self.fd_misc(journald, 8, m.FD_MEMFD, "memfd:journald-stream")

        rsyslog = add("rsyslogd", "/usr/sbin/rsyslogd", ["-n", "-iNONE"], uid=104, nthreads=3, role="rsyslog")
        self.fd_file(
            rsyslog, 5, "/var/log/syslog", w.O_WRONLY | w.O_APPEND | w.O_CREAT | w.O_CLOEXEC, "syslog"
        )
        self.fd_file(
            rsyslog, 6, "/var/log/auth.log", w.O_WRONLY | w.O_APPEND | w.O_CREAT | w.O_CLOEXEC, "authlog"
        )
        self.fd_pipe(rsyslog, 3, journald, 9, "jpipe")

        add("cron", "/usr/sbin/cron", ["-f", "-P"], role="churn_parent")
        dbus = add(
            "dbus-daemon",
            "/usr/bin/dbus-daemon",
            [
                "--system",
                "--address=systemd:",
                "--nofork",
                "--nopidfile",
                "--systemd-activation",
                "--syslog-only",
            ],
            uid=102,
            role="dbus",
        )
        self.common_fds(dbus)
        for i in range(4):
            self.fd_unix(dbus, 10 + i, "/run/dbus/system_bus_socket", f"client{i}")

        sshd = add(
            "sshd",
            "/usr/sbin/sshd",
            ["-D"],
            exe="sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
            role="idle",
        )
        self.fd_listen(sshd, 3, "0.0.0.0", 22, "ssh")
        self.fd_listen(sshd, 4, "::", 22, "ssh6")
        for user, uid, tty in (("alice", 1000, 0x8800), ("bob", 1001, 0x8801)):
            sess = add(
                "sshd",
                "/usr/sbin/sshd",
                [],
                exe=f"sshd: {user}@pts/{tty & 0xFF}",
                ppid=sshd.main.pid,
                uid=uid,
                loginuid=uid,
                unit=f"/user.slice/user-{uid}.slice/session-{tty & 0xFF}.scope",
                role="idle",
            )
            self.fd_conn(sess, 4, HOST_IP, 22, f"192.168.1.{20 + (uid & 7)}", 50000 + uid, "ssh")
            home = f"/home/{user}"
            add(
                "bash",
                "/usr/bin/bash",
                [],
                exe="-bash",
                uid=uid,
                ppid=sess.main.pid,
                cwd=home,
                tty=tty,
                loginuid=uid,
                unit=f"/user.slice/user-{uid}.slice/session-{tty & 0xFF}.scope",
                env=[
                    f"HOME={home}",
                    f"USER={user}",
                    f"LOGNAME={user}",
                    "SHELL=/bin/bash",
                    "TERM=xterm-256color",
                    "PATH=/usr/local/bin:/usr/bin:/bin",
                ],
                role="churn_parent",
            )

        nginx = add(
            "nginx",
            "/usr/sbin/nginx",
            ["-g", "daemon on; master_process on;"],
            exe="nginx: master process /usr/sbin/nginx",
            role="idle",
        )
        self.fd_listen(nginx, 6, "0.0.0.0", 80, "http")
        self.fd_listen(nginx, 7, "0.0.0.0", 443, "https")
        self.fd_file(nginx, 4, "/var/log/nginx/access.log", w.O_WRONLY | w.O_APPEND | w.O_CREAT, "access")
        self.fd_file(nginx, 5, "/var/log/nginx/error.log", w.O_WRONLY | w.O_APPEND | w.O_CREAT, "error")
        for _ in range(8):
            wk = add(
                "nginx",
                "/usr/sbin/nginx",
                ["-g", "daemon on; master_process on;"],
                exe="nginx: worker process",
                uid=33,
                ppid=nginx.main.pid,
                role="web",
                unit="/system.slice/nginx.service",
            )
            for f in nginx.fds[3:]:
                wk.fds.append(
                    m.FdEntry(
                        f.fd,
                        f.ino,
                        f.type,
                        f.name,
                        f.open_flags,
                        f.sip,
                        f.dip,
                        f.sport,
                        f.dport,
                        f.l4proto,
                        dev=f.dev,
                    )
                )
            wk.listen = dict(nginx.listen)
            wk.listen_addr = dict(nginx.listen_addr)
            wk.named = dict(nginx.named)
            self.common_fds(wk, 8)

        pg = add(
            "postgres",
            "/usr/lib/postgresql/15/bin/postgres",
            [
                "-D",
                "/var/lib/postgresql/15/main",
                "-c",
                "config_file=/etc/postgresql/15/main/postgresql.conf",
            ],
            uid=111,
            cwd="/var/lib/postgresql/15/main",
            role="idle",
            unit="/system.slice/system-postgresql.slice/postgresql@15-main.service",
        )
        self.fd_listen(pg, 6, "127.0.0.1", 5432, "pg")
        self.fd_listen(pg, 7, "10.0.0.10", 5432, "pg_ext")
        self.fd_unix(pg, 8, "/var/run/postgresql/.s.PGSQL.5432", "pgsock")
        for i in range(12):
            be = add(
                "postgres",
                "/usr/lib/postgresql/15/bin/postgres",
                [],
                exe=f"postgres: 15/main: app appdb 127.0.0.1({41000 + i}) idle",
                uid=111,
                ppid=pg.main.pid,
                cwd=pg.main.cwd,
                role="pg_backend",
                unit=pg.main.cgroups[0].split("=", 1)[1],
            )
            self.fd_conn(be, 9, "127.0.0.1", 5432, "127.0.0.1", 41000 + i, "client")
            self.fd_misc(be, 10, m.FD_DIRECTORY, "/var/lib/postgresql/15/main/base/16384", "dbdir")
            self.fd_pipe(be, 11, pg, 20 + i, f"pm{i}")

        gunicorn = add(
            "gunicorn",
            "/usr/bin/python3.11",
            [
                "/srv/app/venv/bin/gunicorn",
                "app.wsgi:application",
                "-w",
                "8",
                "--threads",
                "4",
                "-b",
                "127.0.0.1:8000",
            ],
            exe="/srv/app/venv/bin/python",
            uid=1002,
            cwd="/srv/app",
            role="idle",
            unit="/system.slice/app.service",
        )
        self.fd_listen(gunicorn, 5, "127.0.0.1", 8000, "app")
        for i in range(8):
            wk = add(
                "gunicorn",
                "/usr/bin/python3.11",
                gunicorn.main.args,
                exe="/srv/app/venv/bin/python",
                uid=1002,
                ppid=gunicorn.main.pid,
                cwd="/srv/app",
                nthreads=4,
                role="app",
                unit="/system.slice/app.service",
            )
            self.fd_file(
                wk, 3, "/srv/app/logs/app.log", w.O_WRONLY | w.O_APPEND | w.O_CREAT | w.O_CLOEXEC, "log"
            )
            self.fd_listen(wk, 5, "127.0.0.1", 8000, "app")
            self.fd_conn(wk, 6, "127.0.0.1", 41000 + i, "127.0.0.1", 5432, "db")
            self.fd_misc(wk, 7, m.FD_EVENTPOLL, "", "epoll")

        java = add(
            "java",
            "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
            ["-Xmx4g", "-jar", "/opt/search/search.jar"],
            uid=1002,
            cwd="/opt/search",
            nthreads=59,
            role="jvm",
            unit="/system.slice/search.service",
        )
        self.fd_file(java, 3, "/usr/lib/jvm/java-17-openjdk-amd64/lib/modules", w.O_RDONLY | w.O_CLOEXEC)
        self.fd_file(java, 4, "/opt/search/search.jar", w.O_RDONLY | w.O_CLOEXEC, "jar")
        self.fd_file(java, 5, "/opt/search/logs/gc.log", w.O_WRONLY | w.O_CREAT | w.O_TRUNC, "log")
        self.fd_listen(java, 6, "::", 9200, "http")
        self.fd_misc(java, 7, m.FD_EVENTPOLL, "", "epoll")
        self.fd_misc(java, 8, m.FD_INOTIFY, "", "inotify")

        redis = add(
            "redis-server",
            "/usr/bin/redis-server",
            ["127.0.0.1:6379"],
            exe="/usr/bin/redis-server 127.0.0.1:6379",
            uid=112,
            cwd="/var/lib/redis",
            nthreads=3,
            role="redis",
        )
        self.fd_listen(redis, 6, "127.0.0.1", 6379, "redis")
        self.fd_misc(redis, 5, m.FD_EVENTPOLL, "", "epoll")
        for i in range(4):
            self.fd_conn(redis, 8 + i, "127.0.0.1", 6379, "127.0.0.1", 52000 + i, f"c{i}")

        node = add(
            "node",
            "/usr/bin/node",
            ["/srv/dash/server.js"],
            uid=1002,
            cwd="/srv/dash",
            nthreads=10,
            role="app",
            unit="/system.slice/dash.service",
        )
        self.fd_file(node, 3, "/srv/dash/dash.log", w.O_WRONLY | w.O_APPEND | w.O_CREAT, "log")
        self.fd_listen(node, 5, "0.0.0.0", 3000, "http")
        self.fd_conn(node, 6, "127.0.0.1", 52100, "127.0.0.1", 6379, "db")

        exporter = add(
            "node_exporter",
            "/usr/bin/prometheus-node-exporter",
            ["--collector.systemd"],
            uid=65534,
            nthreads=7,
            role="exporter",
            unit="/system.slice/prometheus-node-exporter.service",
        )
        self.fd_listen(exporter, 3, "::", 9100, "metrics")

        containerd = add("containerd", "/usr/bin/containerd", [], nthreads=9, role="idle")
        self.fd_unix(containerd, 7, "/run/containerd/containerd.sock", "sock")
        shim = add(
            "containerd-shim",
            "/usr/bin/containerd-shim-runc-v2",
            ["-namespace", "moby", "-id", self.container_id, "-address", "/run/containerd/containerd.sock"],
            ppid=1,
            nthreads=4,
            role="idle",
            unit="/system.slice/containerd.service",
        )
        self.fd_unix(shim, 3, "", "stdio")
        cid = self.container_id
        cunit = f"/docker/{cid}"
        cenv = [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "NGINX_VERSION=1.25.3",
            "HOSTNAME=" + cid[:12],
        ]
        cmaster = add(
            "nginx",
            "/usr/sbin/nginx",
            ["-g", "daemon off;"],
            exe="nginx: master process nginx -g daemon off;",
            ppid=shim.main.pid,
            vpid=1,
            unit=cunit,
            env=cenv,
            role="idle",
        )
        self.fd_listen(cmaster, 6, "0.0.0.0", 8080, "http")
        for i in range(4):
            cw = add(
                "nginx",
                "/usr/sbin/nginx",
                ["-g", "daemon off;"],
                exe="nginx: worker process",
                uid=101,
                ppid=cmaster.main.pid,
                vpid=29 + i,
                unit=cunit,
                env=cenv,
                role="web",
            )
            cw.ip4 = "172.17.0.2"
            self.fd_listen(cw, 6, "0.0.0.0", 8080, "http")
            self.fd_file(cw, 4, "/var/log/nginx/access.log", w.O_WRONLY | w.O_APPEND, "access")
            self.common_fds(cw, 8)

        fpm = add(
            "php-fpm8.2",
            "/usr/sbin/php-fpm8.2",
            [],
            exe="php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)",
            role="idle",
        )
        self.fd_unix(fpm, 7, "/run/php/php8.2-fpm.sock", "sock")
        for _ in range(6):
            pw = add(
                "php-fpm8.2",
                "/usr/sbin/php-fpm8.2",
                [],
                exe="php-fpm: pool www",
                uid=33,
                ppid=fpm.main.pid,
                cwd="/var/www/html",
                role="app",
                unit="/system.slice/php8.2-fpm.service",
            )
            self.fd_file(pw, 3, "/var/log/php8.2-fpm.log", w.O_WRONLY | w.O_APPEND | w.O_CREAT, "log")
            self.fd_conn(pw, 6, "127.0.0.1", 52300 + pw.main.pid % 1000, "127.0.0.1", 6379, "db")
        add("snapd", "/usr/lib/snapd/snapd", [], nthreads=11, role="idle")
        falco = add("falco", "/usr/bin/falco", ["-o", "json_output=true"], nthreads=5, role="exporter")
        self.fd_misc(falco, 9, m.FD_BPF, "anon_inode:bpf-map")
        self.fd_misc(falco, 10, m.FD_IOURING, "anon_inode:[io_uring]")
        self.fd_misc(falco, 11, m.FD_USERFAULTFD, "anon_inode:[userfaultfd]")
        self.fd_listen(falco, 12, "0.0.0.0", 8765, "http")

    def all_threads(self) -> list[m.ProcEntry]:
        return [t for p in self.procs for t in p.all_threads]

    def fdlists(self) -> dict[int, list[m.FdEntry]]:
        return {p.main.tid: p.fds for p in self.procs if p.fds}

    def container_json(self) -> str:
        cid = self.container_id
        return json.dumps(
            {
                "container": {
                    "id": cid[:12],
                    "full_id": cid,
                    "type": 0,
                    "name": "web-frontend",
                    "image": "nginx:1.25.3",
                    "imageid": f"{self.rnd.getrandbits(256):064x}",
                    "imagerepo": "nginx",
                    "imagetag": "1.25.3",
                    "imagedigest": "",
                    "privileged": False,
                    "is_pod_sandbox": False,
                    "lookup_state": 1,
                    "created_time": T_START // 1_000_000_000 - 7200,
                    "Mounts": [],
                    "ip": "172.17.0.2",
                    "port_mappings": [{"HostIp": "0.0.0.0", "HostPort": 8080, "ContainerPort": 8080}],
                    "labels": {"maintainer": "NGINX Docker Maintainers"},
                    "env": [],
                    "memory_limit": 0,
                    "swap_limit": 0,
                }
            },
            separators=(",", ":"),
        )


# --------------------------------------------------------------------------- activities
HTTP_PATHS = [
    "/",
    "/index.html",
    "/static/app.js",
    "/static/style.css",
    "/api/v1/items",
    "/favicon.ico",
    "/login",
    "/health",
]
WWW_FILES = [
    "/var/www/html/index.html",
    "/var/www/html/static/app.js",
    "/var/www/html/static/style.css",
    "/var/www/html/favicon.ico",
    "/var/www/html/login.html",
]
CONFIG_FILES = [
    "/etc/hosts",
    "/etc/resolv.conf",
    "/etc/nsswitch.conf",
    "/srv/app/config/settings.yaml",
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/localtime",
    "/etc/passwd",
    "/proc/self/status",
    "/sys/fs/cgroup/cpu.max",
]
MISSING = [
    "/srv/app/config/local.yaml",
    "/etc/app.d/override.conf",
    "/usr/lib/python3.11/site-packages/foo.py",
    "/home/app/.netrc",
]
REMOTES = [
    ("10.0.0.20", 5432),
    ("10.0.0.21", 6379),
    ("93.184.216.34", 443),
    ("10.0.0.30", 8080),
    ("2001:db8::20", 443),
    ("2001:db8::53", 8443),
]


class Script:
    """Builds one thread's cyclic list of events with fds reserved for it."""

    def __init__(self, host: Host, proc: Proc, thread: m.ProcEntry, fdbase: int, rnd: random.Random) -> None:
        self.h = host
        self.p = proc
        self.t = thread
        self.fdbase = fdbase
        self.rnd = rnd
        self.evs: list[Ev] = []

    def eph(self) -> int:
        return self.rnd.randrange(32768, 60999)

    def lip(self, rip: str) -> str:
        if ":" in rip:
            return HOST_IP6
        return "127.0.0.1" if rip.startswith("127.") else HOST_IP

    # activities (each leaves the fd table as it found it)
    def file_read(self, path: str | None = None) -> None:
        r = self.rnd
        path = path or r.choice(CONFIG_FILES)
        fd = self.fdbase
        size = r.randrange(200, 64000)
        self.evs += w.openat_events(fd, path, w.O_RDONLY | w.O_CLOEXEC, dev=0x803, ino=self.h.ino())
        self.evs += w.fstat_events(fd)
        data = (f"# {path}\n" + "key = value\n" * 8).encode()
        self.evs += w.read_events(fd, data, size=max(size, 4096), res=size)
        self.evs += w.read_events(fd, b"", size=4096, res=0)
        self.evs += w.close_events(fd)

    def file_missing(self) -> None:
        path = self.rnd.choice(MISSING)
        self.evs += w.stat_events(path, res=-2)
        self.evs += w.openat_events(-2, path, w.O_RDONLY | w.O_CLOEXEC)

    def file_write(self) -> None:
        fd = self.fdbase + 1
        path = f"/tmp/{self.t.comm}-{self.t.tid}-{self.rnd.randrange(1000)}.tmp"
        flags = w.O_WRONLY | w.O_CREAT | w.O_TRUNC | w.O_CLOEXEC
        self.evs += w.openat_events(fd, path, flags | w.O_F_CREATED, mode=0o600, dev=0x803, ino=self.h.ino())
        self.evs += w.write_io_events(fd, b"tmp data " * 30)
        self.evs += w.close_events(fd)

    def relative_open(self, dirkey: str) -> None:
        dirfd = self.p.named[dirkey]
        fd = self.fdbase + 2
        rel = str(self.rnd.choice([1259, 2619, 16385, 2662, 1249]))
        self.evs += w.openat_events(fd, rel, w.O_RDWR, dirfd=dirfd, dev=0x803, ino=self.h.ino())
        self.evs += w.syscall_events(
            86, [fd, 8192 * self.rnd.randrange(100), 0], [8192, fd, 8192, 0]
        )  # lseek
        self.evs += w.read_events(fd, bytes(range(64)), size=8192, res=8192)
        self.evs += w.close_events(fd)

    def log(self, key: str = "log") -> None:
        fd = self.p.named.get(key)
        if fd is None:
            return
        line = f"2024-05-29T12:00:00Z INFO {self.t.comm}[{self.t.pid}] request handled in {self.rnd.randrange(1, 900)}ms\n".encode()
        self.evs += w.write_io_events(fd, line)

    def client_call(self, remote: tuple[str, int] | None = None) -> None:
        r = self.rnd
        rip, rport = remote or r.choice(REMOTES)
        fd = self.fdbase + 3
        six = ":" in rip
        self.evs += w.socket_events(
            fd, w.AF_INET6 if six else w.AF_INET, w.SOCK_STREAM | SOCK_CLOEXEC, w.IPPROTO_TCP
        )
        lip, lport = self.lip(rip), self.eph()
        self.evs += w.connect_events(fd, lip, lport, rip, rport)
        req = (
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(r.randrange(256) for _ in range(40))
            if rport == 443
            else b"GET /api/v2/data?id=%d HTTP/1.1\r\nHost: backend\r\n\r\n" % r.randrange(99999)
        )
        self.evs += w.sendto_events(fd, req, lip, lport, rip, rport)
        resp = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 512\r\n\r\n{"ok":true}'
        self.evs += w.recvfrom_events(fd, resp, rip, rport, lip, lport, size=65536)
        self.evs += w.close_events(fd)

    def dns(self) -> None:
        fd = self.fdbase + 4
        self.evs += w.socket_events(fd, w.AF_INET, w.SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)
        lport = self.eph()
        self.evs += w.connect_events(fd, HOST_IP, lport, "10.0.0.2", 53)
        q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03api\x07example\x03com\x00\x00\x01\x00\x01"
        self.evs += w.sendto_events(fd, q, HOST_IP, lport, "10.0.0.2", 53)
        self.evs += w.recvfrom_events(
            fd,
            q[:2] + b"\x81\x80" + q[4:] + b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04]\xb8\xd8\x22",
            "10.0.0.2",
            53,
            HOST_IP,
            lport,
            size=1232,
        )
        self.evs += w.close_events(fd)

    def db_query(self) -> None:
        fd = self.p.named.get("db")
        if fd is None:
            return
        q = b"Q\x00\x00\x00\x3aSELECT id, name, price FROM items WHERE id = %d;\x00" % self.rnd.randrange(
            99999
        )
        self.evs += w.write_io_events(fd, q)
        self.evs += w.read_events(
            fd,
            b"T\x00\x00\x00\x4a\x00\x03id\x00\x00\x00@\x06\x00\x01\x00\x00\x00\x17\x00\x04",
            size=16384,
            res=180,
        )

    def serve(self, listen_key: str, files: bool = True) -> None:
        r = self.rnd
        lip, lport = self.p.listen_addr[listen_key]
        cip = (
            HOST_IP6.replace("::10", f"::{r.randrange(0x20, 0xFFF):x}")
            if ":" in lip
            else f"192.168.{r.randrange(1, 20)}.{r.randrange(2, 254)}"
        )
        cport = self.eph()
        c = self.fdbase + 5
        self.evs += w.accept_events(
            c, cip, cport, lip, lport, queuemax=511, accept4_flags=SOCK_NONBLOCK | SOCK_CLOEXEC
        )
        path = r.choice(HTTP_PATHS)
        req = f"GET {path} HTTP/1.1\r\nHost: web\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n".encode()
        self.evs += w.recvfrom_events(c, req, cip, cport, lip, lport, size=1024)
        if files:
            self.file_read(r.choice(WWW_FILES))
        self.evs += w.write_io_events(
            c,
            b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 1024\r\n\r\n<!doctype html><html>",
            size=1100,
            res=1100,
        )
        self.log("access")
        self.evs += w.close_events(c)

    def serve_conn(self, key: str) -> None:
        fd = self.p.named[key]
        self.evs += w.read_events(
            fd, b"*2\r\n$3\r\nGET\r\n$12\r\nsession:%04d\r\n" % self.rnd.randrange(9999), size=16384
        )
        self.evs += w.write_io_events(fd, b"$64\r\n" + b"x" * 64 + b"\r\n")

    def pipe_roundtrip(self) -> None:
        a, b = self.fdbase + 6, self.fdbase + 7
        ino = self.h.ino()
        self.evs += w.pipe_events(a, b, ino)
        self.evs += w.write_io_events(b, b"job-%d\n" % self.rnd.randrange(1000))
        self.evs += w.read_events(a, b"job-1\n", size=4096)
        self.evs += w.close_events(b)
        self.evs += w.close_events(a)

    def dup_close(self) -> None:
        n = self.fdbase + 6
        self.evs += w.dup_events(2, n)
        self.evs += w.close_events(n)

    def noise(self) -> None:
        r = self.rnd
        k = r.randrange(6)
        if k == 0:
            addr = 0x7F00_0000_0000 + r.randrange(1 << 30) * 4096
            ln = 4096 * r.randrange(1, 256)
            self.evs += w.mmap_events(addr, ln, vm_size=self.t.vmsize_kb, vm_rss=self.t.vmrss_kb)
            self.evs += w.syscall_events(
                164, [addr, ln], [0, self.t.vmsize_kb, self.t.vmrss_kb, 0, addr, ln]
            )  # munmap
        elif k == 1:
            brk = 0x5555_5600_0000 + r.randrange(1 << 20) * 4096
            self.evs += w.brk_events(brk, brk, vm_size=self.t.vmsize_kb, vm_rss=self.t.vmrss_kb)
        elif k == 2:
            addr = 0x7F00_0000_0000 + r.randrange(1 << 24) * 8
            self.evs += w.syscall_events(64, [addr, 0x80 | 0, 1], [0, addr, 0x80, 1])  # futex wait
        elif k == 3:
            fd = self.p.named.get("epoll")
            if fd is not None:
                self.evs += w.syscall_events(78, [64], [1, 64])  # epoll_wait
            else:
                self.evs += w.syscall_events(134, [1_000_000], [0, 1_000_000])  # nanosleep
        elif k == 4:
            self.evs += w.stat_events(r.choice(CONFIG_FILES))
        else:
            self.evs += w.fstat_events(1)

    # role scripts
    def build(self, role: str, cycles: int) -> list[Ev]:
        r = self.rnd
        for _ in range(cycles):
            if role == "web":
                self.serve("http")
                self.noise()
            elif role == "app":
                acts: list[Callable[[], None]] = [
                    self.client_call,
                    self.dns,
                    self.db_query,
                    self.file_read,
                    self.file_missing,
                    self.log,
                    self.noise,
                    self.file_write,
                    self.pipe_roundtrip,
                    self.dup_close,
                ]
                for act in r.sample(acts, 5):
                    act()
            elif role == "pg_backend":
                self.serve_conn("client")
                self.relative_open("dbdir")
                self.noise()
            elif role == "redis":
                self.serve_conn(r.choice([k for k in self.p.named if k.startswith("c")]))
                self.noise()
            elif role == "jvm":
                r.choice(
                    [self.file_read, self.file_write, self.client_call, self.noise, self.noise, self.log]
                )()
            elif role == "journald":
                self.evs += w.read_events(
                    self.p.named["jsock"], b"<30>systemd[1]: Started session-3.scope.", size=8192
                )
                self.evs += w.write_io_events(self.p.named["journal"], b"LPKSHHRH" + bytes(56))
                self.evs += w.write_io_events(
                    self.p.named["jpipe_w"], b"<30>May 29 12:00:00 web-db-01 systemd[1]: Started.\n"
                )
            elif role == "rsyslog":
                self.evs += w.read_events(
                    self.p.named["jpipe_r"],
                    b"<30>May 29 12:00:00 web-db-01 systemd[1]: Started.\n",
                    size=8096,
                )
                self.log(r.choice(["syslog", "authlog"]))
            elif role == "dbus":
                fd = self.p.named[f"client{r.randrange(4)}"]
                self.evs += w.read_events(fd, b"l\x01\x00\x01\x08\x00\x00\x00\x02\x00\x00\x00", size=2048)
                self.evs += w.write_io_events(fd, b"l\x02\x01\x01\x04\x00\x00\x00")
                self.noise()
            elif role == "exporter":
                if self.p.listen and r.random() < 0.3:
                    self.serve(next(iter(self.p.listen)), files=False)
                self.file_read(
                    r.choice(
                        [
                            "/proc/stat",
                            "/proc/meminfo",
                            "/proc/loadavg",
                            "/sys/class/net/eth0/statistics/rx_bytes",
                        ]
                    )
                )
                self.noise()
            else:  # idle
                self.noise()
        return self.evs


# --------------------------------------------------------------------------- churn
CHURN_PROGRAMS: list[tuple[str, str, list[str]]] = [
    ("cat", "/usr/bin/cat", ["/etc/hostname"]),
    ("ls", "/usr/bin/ls", ["-la", "/var/log"]),
    ("grep", "/usr/bin/grep", ["-r", "error", "/var/log/nginx/error.log"]),
    ("curl", "/usr/bin/curl", ["-s", "http://10.0.0.30:8080/health"]),
    ("date", "/usr/bin/date", ["+%s"]),
    ("sh", "/usr/bin/dash", ["-c", "run-parts --report /etc/cron.hourly"]),
    ("ps", "/usr/bin/ps", ["aux"]),
]


def churn_program(
    host: Host, parent: m.ProcEntry, prog: tuple[str, str, list[str]], rnd: random.Random
) -> tuple[list[Ev], list[Ev]]:
    """(parent events, child events) of one fork+exec+exit with the child tid = PLACEHOLDER."""
    comm, path, args = prog
    pe, ce = w.clone_events(
        parent, PLACEHOLDER, flags=w.CL_CLONE_CHILD_CLEARTID | w.CL_CLONE_CHILD_SETTID | 17
    )
    child = m.ProcEntry(
        tid=PLACEHOLDER,
        pid=PLACEHOLDER,
        ptid=parent.tid,
        comm=comm,
        exe=comm if comm != "sh" else "/bin/sh",
        exepath=path,
        args=args,
        cwd=parent.cwd,
        fdlimit=parent.fdlimit,
        uid=parent.uid,
        gid=parent.gid,
        sid=parent.sid,
        vpgid=PLACEHOLDER,
        pgid=PLACEHOLDER,
        vmsize_kb=rnd.randrange(2000, 20000),
        vmrss_kb=rnd.randrange(500, 4000),
        env=parent.env,
        vtid=PLACEHOLDER,
        vpid=PLACEHOLDER,
        cgroups=parent.cgroups,
        loginuid=parent.loginuid,
        tty=parent.tty,
        exe_ino=host.ino(),
        exe_ino_ctime=T_START - 10**15,
        exe_ino_mtime=T_START - 10**15,
    )
    ce = list(ce)
    ce += w.execve_events(child, path if comm != "sh" else "/bin/sh")
    ce += w.brk_events(0, 0x5555_5600_0000, vm_size=child.vmsize_kb, vm_rss=child.vmrss_kb)
    ce += w.openat_events(3, "/etc/ld.so.cache", w.O_RDONLY | w.O_CLOEXEC, dev=0x803, ino=1311)
    ce += w.fstat_events(3)
    ce += w.mmap_events(0x7F12_3400_0000, 61234, prot=w.PROT_READ, flags=w.MAP_PRIVATE, fd=3)
    ce += w.close_events(3)
    ce += w.openat_events(3, "/lib/x86_64-linux-gnu/libc.so.6", w.O_RDONLY | w.O_CLOEXEC, dev=0x803, ino=4242)
    ce += w.read_events(3, b"\x7fELF\x02\x01\x01\x03" + bytes(24), size=832, res=832)
    ce += w.mmap_events(
        0x7F12_3300_0000, 2_000_000, prot=w.PROT_READ | w.PROT_EXEC, flags=w.MAP_PRIVATE, fd=3
    )
    ce += w.close_events(3)
    if comm == "curl":
        ce += w.socket_events(3, w.AF_INET, w.SOCK_STREAM, w.IPPROTO_TCP)
        lp = rnd.randrange(32768, 60999)
        ce += w.connect_events(3, HOST_IP, lp, "10.0.0.30", 8080)
        ce += w.sendto_events(
            3, b"GET /health HTTP/1.1\r\nHost: 10.0.0.30:8080\r\n\r\n", HOST_IP, lp, "10.0.0.30", 8080
        )
        ce += w.recvfrom_events(3, b"HTTP/1.1 200 OK\r\n\r\nok", "10.0.0.30", 8080, HOST_IP, lp, size=102400)
        ce += w.close_events(3)
    elif comm == "ls":
        ce += w.openat_events(
            3, "/var/log", w.O_RDONLY | w.O_DIRECTORY | w.O_CLOEXEC | w.O_NONBLOCK, dev=0x803, ino=262145
        )
        ce += w.syscall_events(238, [3], [1840, 3])  # getdents64
        ce += w.syscall_events(238, [3], [0, 3])
        ce += w.close_events(3)
    elif comm == "ps":
        for pid in (1, 180, parent.pid):
            ce += w.openat_events(4, f"/proc/{pid}/stat", w.O_RDONLY, dev=0x16, ino=rnd.randrange(1 << 20))
            ce += w.read_events(4, b"%d (comm) S 0 1 1 0 -1 4194560" % pid, size=1024)
            ce += w.close_events(4)
    elif len(args) > 0 and args[-1].startswith("/"):
        target = args[-1]
        ce += w.openat_events(3, target, w.O_RDONLY, dev=0x803, ino=rnd.randrange(1 << 20))
        ce += w.read_events(
            3, b"web-db-01\n" if comm == "cat" else b"2024/05/29 error: upstream timed out\n", size=131072
        )
        ce += w.read_events(3, b"", size=131072, res=0)
        ce += w.close_events(3)
    ce += w.write_io_events(1, f"{comm} output line\n".encode())
    ce += w.procexit_events(0)
    return pe, ce


def thread_program(parent: m.ProcEntry, rnd: random.Random) -> tuple[list[Ev], list[Ev]]:
    """A JVM thread being started, doing a little work and exiting."""
    pe, ce = w.clone_events(
        parent, PLACEHOLDER, flags=w.CL_THREAD_FLAGS | w.CL_CLONE_CHILD_CLEARTID | w.CL_CLONE_CHILD_SETTID
    )
    ce = list(ce)
    ce += w.syscall_events(64, [0x7F00_1234_0000, 0x81, 1], [0, 0x7F00_1234_0000, 0x81, 1])
    ce += w.openat_events(
        900,
        f"/opt/search/index/segment_{rnd.randrange(100)}.si",
        w.O_RDONLY | w.O_CLOEXEC,
        dev=0x803,
        ino=rnd.randrange(1 << 20),
    )
    ce += w.read_events(900, b"?\xd7l\x17\x0bLucene90", size=8192, res=512)
    ce += w.close_events(900)
    ce += w.procexit_events(0)
    return pe, ce


@dataclass
class Template:
    block: bytes
    tid_patch: bool
    patches: tuple[int, ...]  # offsets of i64 params holding the child tid


def make_templates(evs: list[Ev], tid: int) -> list[Template]:
    ph = PLACEHOLDER.to_bytes(8, "little")
    out: list[Template] = []
    for et, params in evs:
        blk = w.event_block(0, tid, et, params)
        offs = w.param_offsets(blk)
        patches = tuple(o for o, p in zip(offs, params, strict=True) if p == ph)
        out.append(Template(blk, tid == PLACEHOLDER, patches))
    return out


@dataclass
class Lifecycle:
    parent: int  # parent tid
    events: list[tuple[Template, int]]  # (template, cpu)
    child: int
    pos: int = 0


class Churn:
    def __init__(self, host: Host, rnd: random.Random, first_tid: int) -> None:
        self.rnd = rnd
        self.next_tid = first_tid
        self.parents: list[m.ProcEntry] = []
        self.kinds: dict[int, list[tuple[list[Template], list[Template]]]] = {}
        for p in host.procs:
            if p.role == "churn_parent":
                self.parents.append(p.main)
                self.kinds[p.main.tid] = [
                    (make_templates(pe, p.main.tid), make_templates(ce, PLACEHOLDER))
                    for pe, ce in (churn_program(host, p.main, prog, rnd) for prog in CHURN_PROGRAMS)
                ]
            elif p.role == "jvm":
                self.parents.append(p.main)
                self.kinds[p.main.tid] = [
                    (make_templates(pe, p.main.tid), make_templates(ce, PLACEHOLDER))
                    for pe, ce in (thread_program(p.main, rnd) for _ in range(4))
                ]
        self.active: dict[int, Lifecycle] = {}
        self.rr = 0
        self.spawned = 0

    @property
    def parent_tids(self) -> set[int]:
        return {p.tid for p in self.parents}

    def start(self) -> None:
        idle = [p for p in self.parents if p.tid not in self.active]
        if not idle:
            return
        parent = self.rnd.choice(idle)
        pt, ct = self.rnd.choice(self.kinds[parent.tid])
        child = self.next_tid
        self.next_tid += self.rnd.randrange(1, 7)
        pcpu, ccpu = self.rnd.randrange(NCPUS), self.rnd.randrange(NCPUS)
        evs = [(t, pcpu) for t in pt]
        # the child's first event (its clone exit) comes right after the parent's
        evs += [(t, ccpu) for t in ct]
        self.active[parent.tid] = Lifecycle(parent.tid, evs, child)
        self.spawned += 1

    def next_block(self, ts: int) -> bytes | None:
        if not self.active:
            return None
        keys = list(self.active)
        lc = self.active[keys[self.rr % len(keys)]]
        self.rr += 1
        t, cpu = lc.events[lc.pos]
        lc.pos += 1
        if lc.pos == len(lc.events):
            del self.active[lc.parent]
        b = bytearray(t.block)
        struct.pack_into("<HQ", b, w.BLOCK_CPU_OFFSET, cpu, ts)
        if t.tid_patch:
            struct.pack_into("<q", b, w.BLOCK_TID_OFFSET, lc.child)
        for off in t.patches:
            struct.pack_into("<q", b, off, lc.child)
        return bytes(b)


# --------------------------------------------------------------------------- generator
def generate(
    out: str, n: int, seed: int, churn_every: int = 400, quiet: bool = False, compresslevel: int = 1
) -> dict[str, float]:
    """Write ``n`` events to ``out`` (gzip when it ends with .gz); returns timing figures."""
    t0 = time.perf_counter()
    rnd = random.Random(seed)
    nrng = np.random.default_rng(seed)
    host = Host(rnd)
    host.build()
    churn = Churn(host, rnd, first_tid=host.next_pid + 1000)
    parents = churn.parent_tids

    # per-thread scripts -> template table
    blocks: list[bytes] = []
    sstart: list[int] = []
    slen: list[int] = []
    weight: list[float] = []
    tcpu: list[int] = []
    busy = {
        "web": 6.0,
        "app": 3.0,
        "pg_backend": 3.0,
        "redis": 4.0,
        "jvm": 1.0,
        "journald": 2.0,
        "rsyslog": 1.0,
        "dbus": 1.0,
        "exporter": 0.5,
        "idle": 0.1,
    }
    for proc in host.procs:
        for i, th in enumerate(proc.all_threads):
            if th.tid in parents:
                continue  # churn parents only run churn (keeps their enter/exit pairs intact)
            role = proc.role if proc.role != "churn_parent" else "idle"
            fdbase = 40 + 10 * i
            evs = Script(host, proc, th, fdbase, rnd).build(role, cycles=8 if role != "idle" else 4)
            if len(evs) % 2:
                raise AssertionError("scripts are made of enter/exit pairs")
            sstart.append(len(blocks))
            slen.append(len(evs))
            blocks.extend(w.event_block(0, th.tid, et, params) for et, params in evs)
            weight.append(busy.get(role, 1.0))
            tcpu.append(rnd.randrange(NCPUS))
    tlen_b = np.array([len(b) for b in blocks], dtype=np.int64)
    T32 = np.frombuffer(b"".join(blocks), dtype=np.uint32)
    tlen = tlen_b // 4
    toff = np.cumsum(tlen) - tlen
    sstart_a = np.array(sstart, dtype=np.int64)
    slen_a = np.array(slen, dtype=np.int64)
    w_a = np.array(weight, dtype=np.float64)
    w_a /= w_a.sum()
    cpu_a = np.array(tcpu, dtype=np.uint16)
    nth = len(slen)
    pos = np.zeros(nth, dtype=np.int64)
    hdr_dt = np.dtype([("cpu", "<u2"), ("ts", "<u8")])
    ar10 = np.arange(10, dtype=np.int64)
    ramp = np.arange(CHUNK * 64, dtype=np.int32)  # word index ramp, reused (and grown) across chunks

    written = 0
    last_ts = T_START
    nbytes = 0
    with w.CaptureWriter(out, compresslevel=compresslevel) as cw:
        cw.write_header(
            host.machine, host.interfaces, host.users, host.groups, host.all_threads(), host.fdlists()
        )
        cw.write_event(last_ts, -1, 272, w.encode_params(272, [host.container_json()]))
        written += 1
        while written < n:
            total = min(CHUNK, n - written)
            nchurn = (
                min(total - 1, int(nrng.binomial(total, min(1.0, 20.0 / churn_every)))) if total > 1 else 0
            )
            mcnt = total - nchurn
            th = nrng.choice(nth, size=mcnt, p=w_a)
            counts = np.bincount(th, minlength=nth)
            order = np.argsort(th, kind="stable")
            starts = np.cumsum(counts) - counts
            rank = np.empty(mcnt, dtype=np.int64)
            rank[order] = np.arange(mcnt, dtype=np.int64) - starts[th[order]]
            k = sstart_a[th] + (pos[th] + rank) % slen_a[th]
            pos = (pos + counts) % slen_a
            # bytes: gather template words
            L = tlen[k]
            o = np.cumsum(L) - L
            nwords = int(o[-1] + L[-1])
            if nwords > ramp.shape[0]:
                ramp = np.arange(2 * nwords, dtype=np.int32)
            idx = np.repeat((toff[k] - o).astype(np.int32), L)
            idx += ramp[:nwords]
            buf32 = T32[idx]
            buf8 = buf32.view(np.uint8)
            # timestamps and cpus
            ts = last_ts + np.cumsum(nrng.integers(20, 1500, size=mcnt, dtype=np.int64)).astype(np.uint64)
            if nrng.random() < 0.3:  # the scheduler moves a few threads
                mv = nrng.integers(0, nth, size=max(1, nth // 20))
                cpu_a[mv] = nrng.integers(0, NCPUS, size=mv.shape[0])
            hdr = np.empty(mcnt, dtype=hdr_dt)
            hdr["cpu"] = cpu_a[th]
            hdr["ts"] = ts
            o8 = o * 4
            buf8[(o8[:, None] + 8 + ar10).ravel()] = hdr.view(np.uint8)
            # churn events at random points (each one between two numpy events)
            if nchurn:
                ins = np.sort(nrng.choice(np.arange(1, mcnt), size=min(nchurn, mcnt - 1), replace=False))
                pieces: list[bytes | memoryview] = []
                mv8 = memoryview(buf8)
                prev = 0
                extra = 0
                for p in ins.tolist():
                    if len(churn.active) < 3 or rnd.random() < 1.0 / 25:
                        churn.start()
                    blk = churn.next_block(int(ts[p - 1]) + 1)
                    if blk is None:
                        continue
                    cut = int(o8[p])
                    pieces.append(mv8[prev:cut])
                    pieces.append(blk)
                    prev = cut
                    extra += 1
                pieces.append(mv8[prev:])
                data = b"".join(pieces)
            else:
                extra = 0
                data = buf8.tobytes()
            last_ts = int(ts[-1])
            cw.write_raw_blocks(data, mcnt + extra, last_ts)
            written += mcnt + extra
            nbytes += len(data)
    dt = time.perf_counter() - t0
    stats = {
        "events": float(written),
        "seconds": dt,
        "events_per_s": written / dt if dt else 0.0,
        "bytes": float(os.path.getsize(out)),
        "threads": float(len(host.all_threads())),
        "processes_spawned": float(churn.spawned),
    }
    if not quiet:
        print(
            f"{out}: {written} events, {len(host.all_threads())} PL threads, {churn.spawned} short-lived "
            f"processes/threads, {stats['bytes'] / 1e6:.1f} MB in {dt:.2f} s ({stats['events_per_s'] / 1e6:.2f} M events/s)"
        )
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output capture (.scap, or .scap.gz for gzip)")
    ap.add_argument("-n", "--events", type=int, default=5_000_000, help="number of events (default 5000000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument(
        "--churn-every", type=int, default=400, help="roughly one process spawn per this many events"
    )
    ap.add_argument("--compresslevel", type=int, default=1, help="gzip level for .gz output (default 1)")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.events < 1:
        ap.error("-n must be at least 1")
    generate(a.out, a.events, a.seed, a.churn_every, a.quiet, a.compresslevel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
