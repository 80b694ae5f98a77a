"""Rule-scan benchmark: all 93 rules of the three upstream Falco rules files (disabled ones too)
over the benchmark capture, from a cold file (decode + scan) and from the cache (scan only),
side by side with the time `sysdig -r` needs just to read the same file.

Usage: python benchmarks/bench_scan.py [-n EVENTS] [--capture FILE] [--cache DIR] [--rules FILE ...]

``--cache DIR`` keeps the decoded dataset in DIR between runs (the cold figure is then only
measured when DIR does not hold the capture yet).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from common import bench_capture, reference_read  # benchmarks/ is on sys.path when run as a script

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "fixtures" / "rules"
UPSTREAM = ("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml")


def _rules(args: list[str] | None) -> list[str]:
    if args:
        return args
    base = Path(os.environ.get("SCAPKIT_SHARED", "")) / "rules" if os.environ.get("SCAPKIT_SHARED") else SHARED
    files = [base / f for f in UPSTREAM]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise SystemExit(f"upstream rules files not found: {', '.join(missing)} (set SCAPKIT_SHARED or use --rules)")
    return [str(f) for f in files]


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    """CPU seconds (user + system) of this process (every DuckDB thread) or of its waited-for children:
    a figure that stays meaningful when other jobs share the cores."""
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1_000_000, help="events in the generated capture")
    ap.add_argument("--capture", help="use this capture instead of generating one")
    ap.add_argument("--rules", nargs="*", help="rules files (default: the three upstream files)")
    ap.add_argument("--cache", help="keep the decoded dataset in this cache directory between runs")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scapkit-bench-scan-"))
    os.environ["SCAPKIT_CACHE_DIR"] = a.cache or str(work / "cache")
    try:
        cap = bench_capture(a.capture, a.n, work, quiet=True)
        from analyzer.cli.main import GC_THRESHOLDS
        from analyzer.rules.loader import load_rules
        from analyzer.rules.plan import build_plan
        from analyzer.session.dataset import open_dataset
        from analyzer.session.scan import scan

        gc.set_threshold(*GC_THRESHOLDS)  # as `scapkit scan` runs
        t0 = time.perf_counter()
        plan = build_plan(load_rules(_rules(a.rules)), include_disabled=True)
        t_compile = time.perf_counter() - t0
        gc.freeze()  # as `scapkit scan` does once the rules are compiled

        t0 = time.perf_counter()
        ds = open_dataset([str(cap)])
        t_decode = time.perf_counter() - t0
        cold = not ds.from_cache
        n = int(ds.meta["events"])  # type: ignore[call-overload]
        t0 = time.perf_counter()
        alerts = scan(ds, plan.rules)
        t_scan_cold = time.perf_counter() - t0
        t_cold = t_decode + t_scan_cold

        t0, c0 = time.perf_counter(), _cpu()
        ds2 = open_dataset([str(cap)])
        assert ds2.from_cache
        alerts2 = scan(ds2, plan.rules)
        t_cache, c_cache = time.perf_counter() - t0, _cpu() - c0
        assert len(alerts2) == len(alerts)

        print(f"capture: {cap} ({cap.stat().st_size / 1e6:.1f} MB, {n} events); {len(plan.rules)} rules "
              f"compiled in {t_compile:.2f} s; {len(alerts)} alerts")
        if cold:
            print(f"scan from a cold file (decode {t_decode:.2f} s + scan {t_scan_cold:.2f} s): {t_cold:.2f} s  "
                  f"{n / t_cold:,.0f} events/s")
        else:
            print(f"cold file: not measured (already in the cache {a.cache}); first scan {t_scan_cold:.2f} s")
        print(f"scan from the cache: {t_cache:.2f} s  {n / t_cache:,.0f} events/s  (CPU {c_cache:.2f} s)")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"peak RSS of this process: {rss:.0f} MiB{' (the decode included)' if cold else ''}")
        t_sys, c_sys = reference_read(str(cap), n)
        print(f"time ratio cached scan / sysdig read (<1 = scapkit faster; the scan's decoding was done "
              f"earlier, sysdig decodes as it reads): {t_cache / t_sys:.3f} "
              f"({'faster' if t_cache < t_sys else 'slower'} than sysdig reading the file); "
              f"CPU-time ratio {c_cache / c_sys:.3f}")
        if cold:
            print(f"time ratio cold scan (decode + scan) / sysdig read (<1 = scapkit faster): {t_cold / t_sys:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
