"""Decode benchmark, side by side with sysdig: prints events/s of both, the ratio, cache
re-open time and peak RSS. Usage: python benchmarks/run.py [-n EVENTS] [--capture FILE]"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from common import (  # benchmarks/ is on sys.path when run as a script
    bench_capture,
    capture_options,
    reference_read,
    time_child,
)


def main() -> int:
    ap = argparse.ArgumentParser()
    capture_options(ap, 2_000_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="scapkit-bench-") as scratch:
        work = Path(scratch)
        cap = bench_capture(a.capture, a.n, work)
        from analyzer.scap.reader import CaptureReader

        r = CaptureReader(str(cap))
        n = sum(len(b) for b in r.batches())
        r.close()
        env = dict(os.environ, SCAPKIT_CACHE_DIR=str(work / "cache"))
        scapkit = [sys.executable, "-m", "analyzer.cli.main"]
        t_ours, c_ours, rss = time_child([*scapkit, "info", "--json", str(cap)], env)
        t_cache, _, _ = time_child([*scapkit, "info", "--json", str(cap)], env)
        print(f"capture: {cap} ({cap.stat().st_size / 1e6:.1f} MB, {n} events)")
        print(f"scapkit decode-to-tables: {t_ours:.2f} s  {n / t_ours:,.0f} events/s  (CPU {c_ours:.2f} s)  "
              f"peak RSS {rss / 1024:.0f} MB")
        print(f"scapkit re-open from cache: {t_cache:.2f} s  (decode/cache = {t_ours / t_cache:.1f}x)")
        t_sys, c_sys = reference_read(str(cap), n)
        print(f"throughput ratio scapkit/sysdig (>=1 = scapkit as fast or faster): {t_sys / t_ours:.3f}  "
              f"(by CPU time {c_sys / max(c_ours, 1e-9):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
