"""``scapkit capture``: record syscalls with eBPF into a .scap file (see the ``capture`` package)."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from typing import Annotated

import typer

DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}


def parse_duration(text: str) -> float:
    """'30s', '2m', '500ms', '1h', '45' (seconds) -> seconds."""
    m = DURATION_RE.match(text)
    if not m:
        raise ValueError(f"bad duration {text!r}: use e.g. 30s, 2m, 500ms")
    return float(m.group(1)) * _UNITS[m.group(2)]


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def container_cgroup_ids(ids: list[str], proc: str = "/proc", cgroot: str = "/sys/fs/cgroup") -> list[int]:
    """Ids (directory inode numbers) of the cgroups, v2 or any v1 controller, whose path names a
    container id starting with one of ``ids``; the probe matches a thread in any of them."""
    out: set[int] = set()
    for cid in ids:
        found = False
        for name in os.listdir(proc):
            if not name.isdigit():
                continue
            try:
                with open(f"{proc}/{name}/cgroup") as f:
                    lines = f.read().splitlines()
            except OSError:
                continue
            for line in lines:
                _, ctrl, path = line.split(":", 2)
                if cid not in path:
                    continue
                if ctrl == "":
                    cands = [cgroot + path, cgroot + "/unified" + path]
                else:
                    cands = [f"{cgroot}/{c}{path}" for c in (ctrl, ctrl.removeprefix("name="))]
                for d in cands:
                    try:
                        out.add(os.stat(d).st_ino)
                        found = True
                        break
                    except OSError:
                        continue
        if not found:
            raise ValueError(f"no running process is in a cgroup of container {cid!r}")
    if len(out) > 16:
        raise ValueError(f"--container matches {len(out)} cgroups; at most 16 are supported")
    return sorted(out)


def _progress_line(stats: object, drops: list[int]) -> None:
    from capture.run import CaptureStats

    assert isinstance(stats, CaptureStats)
    per_cpu = " ".join(f"cpu{i}={d}" for i, d in enumerate(drops))
    sys.stderr.write(
        f"\r{stats.events} events  {stats.rate:,.0f} ev/s  {human_bytes(stats.bytes)}  drops: {per_cpu}   "
    )
    sys.stderr.flush()


def capture(
    write: Annotated[str, typer.Option("-w", "--write", help="output file (.scap, or .scap.gz to compress)")],
    command: Annotated[list[str] | None, typer.Argument(help="after --: a command to run and capture (its process tree only)")] = None,
    duration: Annotated[str | None, typer.Option("--duration", help="stop after this long (30s, 2m, ...)")] = None,
    events: Annotated[int | None, typer.Option("-n", "--events", help="stop after this many events")] = None,
    snaplen: Annotated[int, typer.Option("-s", "--snaplen", help="bytes of I/O data kept per read/write/send/recv")] = 80,
    file_size: Annotated[int | None, typer.Option("-C", help="start a new file every this many MB")] = None,
    file_seconds: Annotated[int | None, typer.Option("-G", help="start a new file every this many seconds")] = None,
    max_files: Annotated[int | None, typer.Option("-W", help="with -C/-G: keep at most this many files")] = None,
    comm: Annotated[str | None, typer.Option("--comm", help="only threads with this command name")] = None,
    pid: Annotated[list[int] | None, typer.Option("--pid", help="only this process (repeatable)")] = None,
    children: Annotated[bool, typer.Option("--children/--no-children", help="with --pid: also its descendants")] = True,
    container: Annotated[list[str] | None, typer.Option("--container", help="only this container id (repeatable)")] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="no progress line")] = False,
) -> None:
    """Record syscalls with eBPF into a .scap file that sysdig, Falco and scapkit read.

    Exit status: 0 when the capture was written, 2 for usage errors or when the capture cannot start or write (root, eBPF, the output file); with a command after --, its own non-zero status (128+N when signal N ended it).
    """  # noqa: E501 - one line per paragraph: --help wraps it
    from capture.build import CaptureSetupError
    from capture.run import Capture, CaptureOptions, CaptureStats, install_signal_handlers, run_command

    def fail(msg: str) -> None:
        typer.echo(f"error: {msg}", err=True)
        raise typer.Exit(2)

    try:
        limit_s = parse_duration(duration) if duration else None
    except ValueError as e:
        fail(str(e))
        return
    if snaplen < 0 or snaplen > 65000:
        fail(f"snaplen {snaplen} is out of range (0..65000)")
    if (file_size or file_seconds) is None and max_files:
        fail("-W needs -C or -G")
    out_dir = os.path.dirname(os.path.abspath(write))
    if not os.path.isdir(out_dir):
        fail(f"{write}: directory {out_dir} does not exist")
    try:
        cgroup_ids = container_cgroup_ids(container) if container else []
    except ValueError as e:
        fail(str(e))
        return
    pids = list(pid or [])
    if pids:
        from capture import procfs

        for p in pids:
            if not os.path.exists(f"/proc/{p}"):
                fail(f"--pid {p}: no such process")
        if children:
            pids = sorted({d for p in pids for d in procfs.descendants(p)} | set(pids))
    opts = CaptureOptions(
        out=write, snaplen=snaplen, pids=pids, follow_children=children, comm=comm, cgroup_ids=cgroup_ids,
        duration=limit_s, max_events=events,
        rotate_bytes=file_size * 1_000_000 if file_size else None,
        rotate_seconds=float(file_seconds) if file_seconds else None, max_files=max_files,
    )
    progress = None if quiet else _progress_line
    t0 = time.monotonic()
    try:
        if command:
            def setup(cap: Capture) -> None:
                install_signal_handlers(cap)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command gets Ctrl-C; we stop when it exits

            stats: CaptureStats = run_command(opts, list(command), progress=progress, on_capture=setup)
        else:
            cap = Capture(opts, progress=progress)
            install_signal_handlers(cap)
            stats = cap.run()
    except CaptureSetupError as e:
        fail(str(e))
        return
    except OSError as e:
        fail(f"{write}: {e.strerror or e}")
        return
    if not quiet:
        sys.stderr.write("\n")
    secs = max(stats.seconds, time.monotonic() - t0, 1e-9)
    drops = " ".join(f"cpu{i}={d}" for i, d in enumerate(stats.drops_per_cpu))
    typer.echo(
        f"captured {stats.events} events in {secs:.1f}s ({stats.events / secs:,.0f} ev/s), "
        f"{human_bytes(stats.bytes)} -> {', '.join(stats.files)}; dropped {stats.drops} ({drops})",
        err=True,
    )
    if command and stats.exit_code:
        raise typer.Exit(stats.exit_code if stats.exit_code > 0 else 128 - stats.exit_code)
