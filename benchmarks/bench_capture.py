"""Capture benchmark: a syscall-heavy workload run alone and under ``scapkit capture``.

The workload (a small C program built here) does many 1-byte write/read pairs on a pipe plus
an open/close of a file every 16 iterations. Prints the workload's time alone and under
capture (slowdown ratio), events written per second, bytes and drops per CPU.
Needs root. Usage: python benchmarks/bench_capture.py [-n ITERATIONS] [--snaplen N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORKLOAD_C = r"""
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    int p[2];
    char b = 'x';
    if (pipe(p)) return 1;
    for (long i = 0; i < n; i++) {
        if (write(p[1], &b, 1) != 1 || read(p[0], &b, 1) != 1) return 2;
        if ((i & 15) == 0) {
            int fd = open("/etc/hostname", O_RDONLY);
            if (fd >= 0) close(fd);
        }
    }
    return 0;
}
"""


def build_workload(work: Path) -> Path:
    src = work / "workload.c"
    src.write_text(WORKLOAD_C)
    exe = work / "workload"
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        raise SystemExit("no C compiler found (apt-get install gcc)")
    subprocess.run([cc, "-O2", "-o", str(exe), str(src)], check=True)
    return exe


def run_alone(exe: Path, n: int) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(exe), str(n)], check=True)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=400_000, help="write/read iterations of the workload")
    ap.add_argument("--snaplen", type=int, default=80)
    ap.add_argument("--keep", help="keep the capture at this path")
    a = ap.parse_args()
    if os.geteuid() != 0:
        print("bench_capture: needs root (eBPF); skipped")
        return 0
    from capture.run import CaptureOptions, run_command

    with tempfile.TemporaryDirectory(prefix="scapkit-bench-capture-") as scratch:
        work = Path(scratch)
        exe = build_workload(work)
        run_alone(exe, 1000)  # warm up caches
        alone = min(run_alone(exe, a.n) for _ in range(2))
        out = a.keep or str(work / "bench.scap")
        opts = CaptureOptions(out=out, snaplen=a.snaplen)
        t0 = time.perf_counter()
        stats = run_command(opts, [str(exe), str(a.n)])
        total = time.perf_counter() - t0
        # the workload's own run time under capture: from its release to its last event
        under = (stats.last_ts - stats.started_ns) / 1e9 if stats.last_ts > stats.started_ns else total
        syscalls = a.n * 2 + (a.n + 15) // 16 * 2
        print(f"workload: {a.n} write/read pairs + {(a.n + 15) // 16} open/close = {syscalls} syscalls")
        print(f"alone: {alone:.3f} s  ({syscalls / alone:,.0f} syscalls/s)")
        print(f"under capture: {under:.3f} s  slowdown x{under / alone:.2f}")
        print(
            f"captured {stats.events} events, {stats.bytes / 1e6:.1f} MB, "
            f"{stats.events / under:,.0f} events/s written during the workload "
            f"(whole run incl. setup {total:.2f} s)"
        )
        print("drops per CPU: " + " ".join(f"cpu{i}={d}" for i, d in enumerate(stats.drops_per_cpu))
              + f"  total {stats.drops}")
        target = 500_000
        print(f"target >= {target:,} events/s with zero drops: "
              f"{'met' if stats.events / under >= target and stats.drops == 0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
