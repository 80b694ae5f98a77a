"""A small, deterministic capture for the TUI tests, written with the project's CaptureWriter.

What is in it (timestamps fixed, so screens are reproducible):
- sshd (pid 100) -> bash (pid 200, tty, user alice) in the process list;
- bash clones pid 300, which execs ``cat /etc/passwd``: openat fd 3, reads the file, writes it to
  fd 1, closes, exits;
- bash clones pid 400, which execs ``curl http://93.184.216.34/``: socket fd 5, connect, sends an
  HTTP request and reads the answer, closes, exits;
- a "ticker" process (pid 500) that does ``NOISE`` stat/fstat/brk calls, enough rows to scroll, and
  at the very end opens /etc/shadow (which the default rules report).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w

T0 = 1_717_000_000_000_000_000
NOISE = 400
PASSWD = b"root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n"
REQUEST = b"GET / HTTP/1.1\r\nHost: 93.184.216.34\r\nAccept: */*\r\n\r\n"
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def _procs() -> list[m.ProcEntry]:
    return [
        m.ProcEntry(tid=1, pid=1, ptid=0, comm="systemd", exe="/sbin/init", exepath="/usr/lib/systemd/systemd",
                    cwd="/", vtid=1, vpid=1),
        m.ProcEntry(tid=100, pid=100, ptid=1, comm="sshd", exe="/usr/sbin/sshd", exepath="/usr/sbin/sshd",
                    args=["-D"], cwd="/", vtid=100, vpid=100),
        m.ProcEntry(tid=200, pid=200, ptid=100, comm="bash", exe="-bash", exepath="/usr/bin/bash",
                    cwd="/home/alice", uid=1000, gid=1000, tty=34816, vtid=200, vpid=200, sid=200,
                    vpgid=200, loginuid=1000),
        m.ProcEntry(tid=500, pid=500, ptid=1, comm="ticker", exe="/usr/bin/ticker", exepath="/usr/bin/ticker",
                    cwd="/", vtid=500, vpid=500),
    ]


def write_capture(path: Path) -> Path:
    procs = _procs()
    bash = procs[2]
    users = [m.User(0, 0, "root", "/root", "/bin/bash"), m.User(1000, 1000, "alice", "/home/alice", "/bin/bash")]
    groups = [m.Group(0, "root"), m.Group(1000, "alice")]
    with w.CaptureWriter(path) as cw:
        cw.write_header(m.MachineInfo(num_cpus=4, hostname="testhost", memory_bytes=1 << 30), (),
                        users, groups, procs, {})
        ts = T0
        # --- cat /etc/passwd
        par, child = w.clone_events(bash, 300)
        ts = cw.write_events(ts, 200, par[:1], cpu=1, dt=1000)
        ts = cw.write_events(ts, 200, par[1:], cpu=1, dt=1000)
        ts = cw.write_events(ts, 300, child, cpu=2, dt=1000)
        cat = m.ProcEntry(tid=300, pid=300, ptid=200, comm="cat", exe="cat", exepath="/usr/bin/cat",
                          args=["/etc/passwd"], cwd="/home/alice", uid=1000, gid=1000, tty=34816,
                          vtid=300, vpid=300, loginuid=1000)
        ts = cw.write_events(ts, 300, w.execve_events(cat), cpu=2, dt=1000)
        ts = cw.write_events(ts, 300, w.openat_events(3, "/etc/passwd"), cpu=2, dt=1000)
        ts = cw.write_events(ts, 300, w.read_events(3, PASSWD, size=4096), cpu=2, dt=1000)
        ts = cw.write_events(ts, 300, w.write_io_events(1, PASSWD), cpu=2, dt=1000)
        ts = cw.write_events(ts, 300, w.close_events(3), cpu=2, dt=1000)
        ts = cw.write_events(ts, 300, w.procexit_events(0), cpu=2, dt=1000)
        # --- curl
        par, child = w.clone_events(bash, 400)
        ts = cw.write_events(ts, 200, par, cpu=1, dt=1000)
        ts = cw.write_events(ts, 400, child, cpu=3, dt=1000)
        curl = m.ProcEntry(tid=400, pid=400, ptid=200, comm="curl", exe="curl", exepath="/usr/bin/curl",
                           args=["http://93.184.216.34/"], cwd="/home/alice", uid=1000, gid=1000,
                           tty=34816, vtid=400, vpid=400, loginuid=1000)
        ts = cw.write_events(ts, 400, w.execve_events(curl), cpu=3, dt=1000)
        ts = cw.write_events(ts, 400, w.socket_events(5), cpu=3, dt=1000)
        ts = cw.write_events(ts, 400, w.connect_events(5, "10.0.0.10", 40000, "93.184.216.34", 80), cpu=3,
                             dt=1000)
        ts = cw.write_events(ts, 400, w.write_io_events(5, REQUEST), cpu=3, dt=1000)
        ts = cw.write_events(ts, 400, w.read_events(5, ANSWER, size=16384), cpu=3, dt=1000)
        ts = cw.write_events(ts, 400, w.close_events(5), cpu=3, dt=1000)
        ts = cw.write_events(ts, 400, w.procexit_events(0), cpu=3, dt=1000)
        # --- noise, spread over one second so the timeline has a shape
        for i in range(NOISE):
            t = T0 + 1_000_000 + i * 2_500_000 + (i % 7) * 300_000
            kind = i % 3
            evs = (w.stat_events("/var/lib/ticker/state") if kind == 0 else
                   w.fstat_events(0) if kind == 1 else w.brk_events(0, 0x5000 + i))
            cw.write_events(max(t, ts), 500, evs, cpu=i % 4, dt=1000)
            ts = max(t, ts) + 2000
        # --- at the end: the ticker reads /etc/shadow (the default rules flag it)
        ts = cw.write_events(ts, 500, w.openat_events(4, "/etc/shadow"), cpu=0, dt=1000)
        ts = cw.write_events(ts, 500, w.close_events(4), cpu=0, dt=1000)
    return path


# --------------------------------------------------------------------------- Pilot helpers
def screen_text(app: object) -> str:
    """The characters on the app's screen right now, one line per terminal row."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def settle(pilot: object, cond: object = None, what: str = "the app to settle", tries: int = 1000) -> None:
    """Let workers finish and messages run until ``cond()`` holds (bounded: fails, never hangs)."""
    from textual.worker import WorkerState

    app = pilot.app  # type: ignore[attr-defined]

    def busy() -> bool:
        return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)

    for _ in range(tries):
        await pilot.pause(0.005)  # type: ignore[attr-defined]
        if busy():
            continue
        await pilot.pause()  # type: ignore[attr-defined]
        await pilot.pause(0.01)  # type: ignore[attr-defined]  # messages may start new workers (resize, pages)
        if busy():
            continue
        if cond is None or cond():  # type: ignore[operator]
            return
    raise AssertionError(f"gave up waiting for {what}")


def sync(fn):  # type: ignore[no-untyped-def]
    """Run an async test function with asyncio (no pytest async plugin needed)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        return asyncio.run(fn(*args, **kwargs))
    return wrapper


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times on screen in UTC, whatever the machine's zone (import this fixture into a test module)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def open_view(pilot: object, app: object, key: str, name: str, what: str) -> object:
    """Switches to a view by its number key and waits until it has loaded; returns the view."""
    await pilot.press(key)  # type: ignore[attr-defined]
    view = app.view(name)  # type: ignore[attr-defined]
    await settle(pilot, lambda: view.loaded, what)
    return view
