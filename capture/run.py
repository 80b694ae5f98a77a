"""Run a capture: probe -> ring buffer -> scap file, with the /proc snapshot as the header.

:func:`record` captures one command's process tree (used to record scenarios);
:class:`Capture` is the general engine behind ``scapkit capture`` (filters, limits, rotation,
progress). Event blocks come from the kernel already framed, so the hot path only copies
buffers: one :meth:`Probe.drain` call and one file write per batch of events.
"""

from __future__ import annotations

import ctypes
import os
import signal
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from analyzer.scap.writer import CaptureWriter

from .build import CaptureSetupError
from .probe import Probe, ProbeOptions

PPME_DROP_E = 148
PPME_DROP_X = 149
DRAIN_BUF = 8 << 20


@dataclass(slots=True)
class CaptureStats:
    events: int = 0
    bytes: int = 0
    drops: int = 0
    drops_per_cpu: list[int] = field(default_factory=list)
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    exit_code: int | None = None
    started_ns: int = 0  # wall clock when the probe ran and the header was written
    last_ts: int = 0  # timestamp of the last event written

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


@dataclass(slots=True)
class CaptureOptions:
    out: str
    snaplen: int = 80
    pids: list[int] = field(default_factory=list)
    follow_children: bool = True
    comm: str | None = None
    cgroup_ids: list[int] = field(default_factory=list)
    duration: float | None = None
    max_events: int | None = None
    rotate_bytes: int | None = None
    rotate_seconds: float | None = None
    max_files: int | None = None
    snapshot_pids: Sequence[int] | None = None  # None = every live thread
    ring_bytes: int = 64 << 20


def rotated_name(path: str, index: int) -> str:
    """incident.scap.gz -> incident-1.scap.gz (index 0 keeps the name)."""
    if index == 0:
        return path
    d, base = os.path.split(path)
    stem, dot, ext = base.partition(".")
    return os.path.join(d, f"{stem}-{index}{dot}{ext}")


def _snapshot(pids: Sequence[int] | None) -> Any:
    from . import procfs

    return procfs.take_snapshot(None if pids is None else list(pids))


class Capture:
    """One capture run; :meth:`run` returns when a limit is hit or :meth:`stop` is called."""

    def __init__(
        self,
        opts: CaptureOptions,
        *,
        progress: Callable[[CaptureStats, list[int]], None] | None = None,
        snapshot: Callable[[Sequence[int] | None], Any] = _snapshot,
    ) -> None:
        self.opts = opts
        self.progress = progress
        self.snapshot = snapshot
        self._stop = threading.Event()
        self.stats = CaptureStats()
        self.probe: Probe | None = None
        self._buf = ctypes.create_string_buffer(DRAIN_BUF)
        self._drops_seen: list[int] = []

    def stop(self) -> None:
        self._stop.set()

    # -- file handling
    def _open(self, index: int) -> CaptureWriter:
        """New output file with the /proc snapshot as header (events keep draining meanwhile)."""
        assert self.probe is not None
        path = rotated_name(self.opts.out, index)
        result: dict[str, Any] = {}

        def snap() -> None:
            try:
                result["snap"] = self.snapshot(self.opts.snapshot_pids)
            except BaseException as e:  # noqa: BLE001 - re-raised in the caller
                result["err"] = e

        t = threading.Thread(target=snap, name="scapkit-snapshot", daemon=True)
        t.start()
        pending: list[bytes] = []
        npending = 0
        while t.is_alive():
            used, n = self.probe.drain(self._buf, 20)
            if n:
                pending.append(self._buf.raw[:used])
                npending += n
        t.join()
        if "err" in result:
            raise result["err"]
        w = CaptureWriter(path, mode=0o600, compresslevel=1)  # .gz: fast, the ring must keep draining
        result["snap"].write_header(w)
        self.stats.files.append(path)
        if pending:
            data = b"".join(pending)
            if self.opts.max_events is not None and self.stats.events + npending >= self.opts.max_events:
                npending = max(self.opts.max_events - self.stats.events, 0)
                data = data[: _blocks_len(data, npending)]
                self._stop.set()
            w.write_raw_blocks(data, npending)
            self.stats.events += npending
            self.stats.bytes += len(data)
        return w

    def _write_drops(self, w: CaptureWriter) -> None:
        assert self.probe is not None
        per_cpu = [d for _, d in self.probe.counters()]
        if not self._drops_seen:
            self._drops_seen = [0] * len(per_cpu)
        new = sum(per_cpu) - sum(self._drops_seen)
        if new > 0:
            ts = time.time_ns()
            w.write_event(ts, -1, PPME_DROP_E, [struct.pack("<I", min(new, 0xFFFFFFFF))])
            w.write_event(ts, -1, PPME_DROP_X, [struct.pack("<I", 1)])
        self._drops_seen = per_cpu
        self.stats.drops_per_cpu = per_cpu
        self.stats.drops = sum(per_cpu)

    def run(self, started: Callable[[], None] | None = None) -> CaptureStats:
        o = self.opts
        popts = ProbeOptions(
            snaplen=o.snaplen, pids=list(o.pids), follow_children=o.follow_children, comm=o.comm,
            cgroup_ids=list(o.cgroup_ids), ring_bytes=o.ring_bytes,
        )
        with Probe(popts) as probe:
            self.probe = probe
            probe.attach()
            index = 0
            w = self._open(index)
            self.stats.started_ns = time.time_ns()
            # the duration counts from here, once the probe runs and the header is written: loading
            # and verifying the probe and reading /proc can take a second on a busy machine, which
            # a short --duration would otherwise lose (a 1.5 s capture once recorded no event)
            t0 = time.monotonic()
            if started:
                started()
            file_t0 = time.monotonic()
            file_bytes = 0
            last_progress = time.monotonic()
            detached = False
            try:
                while True:
                    stopping = self._stop.is_set()
                    if stopping and not detached:
                        probe.detach()  # no new events: what is left in the ring is finite
                        detached = True
                    used, n = probe.drain(self._buf, 0 if stopping else 20)
                    if n and o.max_events is not None and self.stats.events + n >= o.max_events:
                        used, n = self._cut(used, o.max_events - self.stats.events)
                        self._stop.set()
                    if n:
                        w.write_raw_blocks(memoryview(self._buf)[:used], n)
                        self.stats.last_ts = _last_ts(self._buf, used)
                        self.stats.events += n
                        self.stats.bytes += used
                        file_bytes += used
                    now = time.monotonic()
                    if o.duration is not None and now - t0 >= o.duration:
                        self._stop.set()
                    if stopping and used == 0:
                        break
                    rotate = (o.rotate_bytes and file_bytes >= o.rotate_bytes) or (
                        o.rotate_seconds and now - file_t0 >= o.rotate_seconds
                    )
                    if rotate and not self._stop.is_set():
                        self._write_drops(w)
                        w.close()
                        index += 1
                        if o.max_files and index >= o.max_files:
                            old = self.stats.files[index - o.max_files]
                            if os.path.exists(old):
                                os.unlink(old)
                        w = self._open(index)
                        file_t0, file_bytes = now, 0
                    if self.progress and now - last_progress >= 1.0:
                        last_progress = now
                        self._write_drops(w)
                        self.stats.seconds = now - t0
                        self.progress(self.stats, self.stats.drops_per_cpu)
            finally:
                self._write_drops(w)
                w.close()
                self.stats.seconds = time.monotonic() - t0
        return self.stats

    def _cut(self, used: int, keep: int) -> tuple[int, int]:
        """Byte length of the first ``keep`` blocks in the drain buffer."""
        keep = max(keep, 0)
        return min(_blocks_len(memoryview(self._buf), keep), used), keep


def _last_ts(buf: ctypes.Array[ctypes.c_char], used: int) -> int:
    """Timestamp of the last event block in ``buf[:used]`` (its trailer gives its start)."""
    if used < 40:
        return 0
    bl = struct.unpack_from("<I", buf, used - 4)[0]
    return struct.unpack_from("<Q", buf, used - bl + 10)[0] if 40 <= bl <= used else 0


def _blocks_len(data: bytes | memoryview, count: int) -> int:
    """Byte length of the first ``count`` event blocks of ``data``."""
    off = 0
    for _ in range(count):
        off += struct.unpack_from("<I", data, off + 4)[0]
    return off


def spawn_held(command: list[str], env: dict[str, str] | None = None, cwd: str | None = None
               ) -> tuple[subprocess.Popen[bytes], Callable[[], None]]:
    """Start ``command`` held before its exec; call the returned function to let it run."""
    rfd, wfd = os.pipe()
    try:
        proc = subprocess.Popen(
            ["/bin/sh", "-c", 'read -r _ <&3; exec 3<&-; exec "$@"', "scapkit-capture", *command],
            env=env, cwd=cwd, stdin=None, close_fds=False,  # keep fd 3; Python's own fds are close-on-exec
            preexec_fn=lambda: os.set_inheritable(3, True) if rfd == 3 else os.dup2(rfd, 3),
        )
    except OSError as e:
        os.close(wfd)
        raise CaptureSetupError(f"cannot start {command[0]}: {e}") from None
    finally:
        os.close(rfd)

    def release() -> None:
        os.write(wfd, b"go\n")
        os.close(wfd)

    return proc, release


def run_command(
    opts: CaptureOptions,
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    progress: Callable[[CaptureStats, list[int]], None] | None = None,
    only_tree: bool = True,
    on_capture: Callable[[Capture], None] | None = None,
) -> CaptureStats:
    """Capture while ``command`` runs (with ``only_tree``: its process tree only); stop when it exits."""
    proc, release = spawn_held(command, env, cwd)
    if only_tree:
        opts.pids = [proc.pid]
        opts.follow_children = True
        opts.snapshot_pids = [proc.pid, *_ancestors(proc.pid)]
    cap = Capture(opts, progress=progress)
    if on_capture:
        on_capture(cap)

    def waiter() -> None:
        proc.wait()
        time.sleep(0.2)  # let the last exit events reach the ring buffer
        cap.stop()

    threading.Thread(target=waiter, daemon=True).start()
    try:
        stats = cap.run(started=release)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if proc.poll() is None:  # stopped early (limit, signal): end the command too
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stats.exit_code = None  # it did not finish on its own
    else:
        stats.exit_code = proc.returncode
    return stats


def record(
    out: str,
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    snaplen: int = 80,
    only_tree: bool = True,
    cwd: str | None = None,
) -> CaptureStats:
    """Capture ``command`` (and, with ``only_tree``, nothing but its process tree) into ``out``.

    The command starts held on a pipe; it is released once the probe runs, so its very first
    syscalls (including its execve) are in the capture. The header's process and fd lists hold
    the command and its ancestors (with ``only_tree``) or the whole machine. Returns when the
    command has exited.
    """
    return run_command(CaptureOptions(out=out, snaplen=snaplen), command, env=env, cwd=cwd,
                       only_tree=only_tree)


def _ancestors(pid: int) -> list[int]:
    """The parent chain of ``pid`` up to pid 1 (so pname/aname resolve)."""
    out: list[int] = []
    cur = pid
    for _ in range(64):
        try:
            with open(f"/proc/{cur}/stat") as f:
                stat = f.read()
        except OSError:
            break
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid <= 0:
            break
        out.append(ppid)
        if ppid == 1:
            break
        cur = ppid
    return out


def install_signal_handlers(cap: Capture) -> None:
    """Ctrl-C / SIGTERM finish the file cleanly."""

    def handler(signum: int, frame: object) -> None:
        cap.stop()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


__all__ = ["Capture", "CaptureOptions", "CaptureSetupError", "CaptureStats", "record", "rotated_name"]
