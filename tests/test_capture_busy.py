"""A busy workload recorded live (as root, in CI) and read by us and by sysdig 0.29.3: every field of
the differential lists and every upstream rule condition agree event by event. Comparing such
captures found the datagram-socket, fd.connected, fd.name_changed, setsid and fd.filename cases."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import need_capture
from .sysdig_oracle import mismatches
from .test_capture_live import assert_same_as_sysdig
from .test_differential_sysdig import MORE
from .test_rules_differential import compare_upstream_conditions

pytestmark = [pytest.mark.root, pytest.mark.sysdig]

WORKLOAD = textwrap.dedent(
    """
    set -e
    d=$(mktemp -d); cd "$d"
    exec 7>"$d/keep7"
    echo hello > a.txt; cp a.txt b.txt; mv b.txt c.txt; ln -s c.txt d.lnk; chmod 600 c.txt
    cat d.lnk > /dev/null; cat /nonexistent 2>/dev/null || true
    /nonexistent/binary 2>/dev/null || true
    ls -la "$d" | head -2 | wc -l > /dev/null
    PY - <<'P'
    import os, signal, socket, subprocess, threading, time
    def work(n):
        for _ in range(10):
            with open(f"t{n}.txt", "w") as f:
                f.write("x" * 64)
            os.stat(f"t{n}.txt")
    ts = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    [t.start() for t in ts]; [t.join() for t in ts]
    fd = os.open("inherit.txt", os.O_WRONLY | os.O_CREAT, 0o644); os.set_inheritable(fd, True)
    subprocess.run(["/bin/sh", "-c", f"ls /proc/self/fd > /dev/null; echo hi >&{fd}"], pass_fds=(fd,))
    os.dup2(fd, 9); os.write(9, b"dup"); os.close(9); os.close(fd)
    pid = os.posix_spawn("/bin/true", ["true"], {}); os.waitpid(pid, 0)
    p = subprocess.Popen(["/bin/sleep", "5"]); time.sleep(0.2); p.send_signal(signal.SIGTERM); p.wait()
    s4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s4.bind(("127.0.0.1", 0))
    s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s6.bind(("::1", 0))
    srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
    if os.fork() == 0:
        c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        c.sendto(b"ping4", s4.getsockname()); c.recvfrom(100)
        c6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        c6.sendto(b"ping6", s6.getsockname()[:2]); c6.recvfrom(100)
        t = socket.create_connection(srv.getsockname()); t.sendall(b"tcp"); t.recv(10)
        os._exit(0)
    _, peer = s4.recvfrom(100); s4.sendto(b"pong4", peer)
    _, peer = s6.recvfrom(100); s6.sendto(b"pong6", peer)
    a, _ = srv.accept(); a.recv(10); a.sendall(b"ok"); os.wait()
    tmp = socket.socket(socket.AF_INET6); tmp.bind(("::", 0)); free = tmp.getsockname()[1]; tmp.close()
    ds = socket.socket(socket.AF_INET6); ds.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    ds.bind(("::", free)); ds.listen(1)  # dual stack on [::]: an IPv4 server socket for libsinsp
    c = socket.create_connection(("127.0.0.1", free)); x, _ = ds.accept(); x.sendall(b"d"); c.recv(1)
    m = os.memfd_create("mf"); os.write(m, b"abc"); os.close(m)
    if os.fork() == 0:
        os.setsid(); os._exit(0)
    os.wait()
    os.rename("c.txt", "e.txt"); os.unlink("e.txt")
    with open(b"bad\\xff\\xfename.txt", "wb") as f:  # a name that is not UTF-8
        f.write(b"\\xff data")
    os.unlink(b"bad\\xff\\xfename.txt")
    P
    echo done >&7; exec 7>&-
    (echo x | sort | uniq > /dev/null)
    cd /; rm -rf "$d"
    """
)


def test_busy_workload_agrees_with_sysdig(tmp_path: Path) -> None:
    need_capture()
    from capture.run import record

    script = tmp_path / "busy.sh"
    script.write_text(WORKLOAD.replace("PY -", f"{sys.executable} -"))
    out = tmp_path / "busy.scap"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C"}
    stats = record(str(out), ["/bin/bash", str(script)], env=env)
    assert stats.exit_code == 0 and stats.drops == 0 and stats.events > 5000
    rows = assert_same_as_sysdig(out)
    types = {r["evt.type"] for r in rows}
    assert {"sendto", "recvfrom", "accept", "setsid", "execve", "clone"} <= types and types & {"dup", "dup2", "dup3"}
    assert any(r["fd.name"].endswith("/bad..name.txt") for r in rows)  # invalid bytes shown as dots
    assert any(r["evt.type"] == "listen" and r["fd.name"].startswith(":::") and r["fd.type"] == "ipv4" for r in rows)
    bad = mismatches(out, MORE)
    assert not bad, "\n".join(bad[:20])
    compare_upstream_conditions([out])
