"""What the benchmarks share: the benchmark capture, timing a child command, and the sysdig
reference read."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

# a filter no event matches: sysdig reads and parses every event but prints nothing
NOTHING = "proc.name=nosuchprocess_xyz"


def capture_options(ap: argparse.ArgumentParser, events: int) -> None:
    """The options of a benchmark that reads the benchmark capture (:func:`bench_capture`)."""
    ap.add_argument("-n", type=int, default=events, help="events in the generated capture")
    ap.add_argument("--capture", help="use this capture instead of generating one")


def bench_capture(given: str | None, events: int, work: Path, *, quiet: bool = False) -> Path:
    """The capture a benchmark measures: ``given``, or one of ``events`` events generated in
    ``work`` by gen_capture.py (a busy host's mix of file, process, network and I/O events)."""
    if given:
        return Path(given)
    cap = work / "bench.scap"
    subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "gen_capture.py"), str(cap), "-n",
                    str(events)], check=True, stdout=subprocess.DEVNULL if quiet else None)
    return cap


def time_child(cmd: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
               ) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one child command (its
    exit status one of ``ok``)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise subprocess.CalledProcessError(code, cmd)
    return dt, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def sysdig_read(sysdig: str, capture: str) -> tuple[float, float]:
    """Wall and CPU seconds `sysdig -r` needs to read the whole capture."""
    wall, cpu, _ = time_child([sysdig, "-r", capture, NOTHING])
    return wall, cpu


def reference_read(capture: str, events: int) -> tuple[float, float]:
    """Times `sysdig -r` reading the whole capture and prints that line; returns wall and CPU
    seconds. Without sysdig there is nothing to compare with: the benchmark stops (exit 1)."""
    import shutil

    sysdig = shutil.which("sysdig")
    if not sysdig:
        raise SystemExit("sysdig not installed: no reference to compare with (make bench installs it)")
    wall, cpu = sysdig_read(sysdig, capture)
    print(f"sysdig -r (read only, filter matching nothing): {wall:.2f} s  {events / wall:,.0f} events/s  "
          f"(CPU {cpu:.2f} s)")
    return wall, cpu
