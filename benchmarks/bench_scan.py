"""Rule-scan benchmark: all 93 rules of the three upstream Falco rules files (disabled ones too)
over the benchmark capture, from a cold file (decode + first scan, which writes the capture's scan
index) and from the cache (scan only), side by side with the time `sysdig -r` needs just to read
the same file: ``--repeat`` interleaved pairs of runs, compared by their medians. Also times the
whole ``scapkit scan`` command from the cache (process start and rules compile included).

Usage: python benchmarks/bench_scan.py [-n EVENTS] [--capture FILE] [--cache DIR] [--rules FILE ...]
                                       [--repeat N]

``--cache DIR`` keeps the decoded dataset in DIR between runs (the cold figure is then only
measured when DIR does not hold the capture yet).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import tempfile
import time
from pathlib import Path

from common import (  # benchmarks/ is on sys.path when run as a script
    bench_capture,
    capture_options,
    reference_read,
)

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


def _median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def main() -> int:
    ap = argparse.ArgumentParser()
    capture_options(ap, 1_000_000)
    ap.add_argument("--rules", nargs="*", help="rules files (default: the three upstream files)")
    ap.add_argument("--cache", help="keep the decoded dataset in this cache directory between runs")
    ap.add_argument("--repeat", type=int, default=3, help="pairs of (cached scan, sysdig read) runs, interleaved")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="scapkit-bench-scan-") as scratch:
        work = Path(scratch)
        os.environ["SCAPKIT_CACHE_DIR"] = a.cache or str(work / "cache")
        cap = bench_capture(a.capture, a.n, work, quiet=True)
        from analyzer.cli.main import GC_THRESHOLDS
        from analyzer.rules.loader import load_rules
        from analyzer.rules.plan import build_plan
        from analyzer.session.dataset import open_dataset
        from analyzer.session.scan import index_for, scan

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
        # the first scan of a capture in the cache builds its scan index (timed on its own here)
        t0 = time.perf_counter()
        had_index = index_for(ds, plan.rules, build=False) is not None
        uses_index = index_for(ds, plan.rules, errors=True) is not None
        t_index = time.perf_counter() - t0
        t0 = time.perf_counter()
        alerts = scan(ds, plan.rules)
        t_scan_cold = time.perf_counter() - t0 + t_index
        t_cold = t_decode + t_scan_cold

        print(f"capture: {cap} ({cap.stat().st_size / 1e6:.1f} MB, {n} events); {len(plan.rules)} rules "
              f"compiled in {t_compile:.2f} s; {len(alerts)} alerts")
        index_note = ("these rules read the events table, not a scan index" if not uses_index else
                      "index already built" if had_index else f"of which building the scan index {t_index:.2f} s")
        if cold:
            print(f"scan from a cold file (decode {t_decode:.2f} s + first scan {t_scan_cold:.2f} s, {index_note}): "
                  f"{t_cold:.2f} s  {n / t_cold:,.0f} events/s")
        else:
            print(f"cold file: not measured (already in the cache {a.cache}); first scan {t_scan_cold:.2f} s "
                  f"({index_note})")
        scans: list[float] = []
        cpus: list[float] = []
        reads: list[tuple[float, float]] = []
        for _ in range(max(1, a.repeat)):  # interleaved: both sides see the same phases of a noisy machine
            t0, c0 = time.perf_counter(), _cpu()
            ds2 = open_dataset([str(cap)])
            assert ds2.from_cache
            alerts2 = scan(ds2, plan.rules)
            scans.append(time.perf_counter() - t0)
            cpus.append(_cpu() - c0)
            assert len(alerts2) == len(alerts)
            reads.append(reference_read(str(cap), n))
        t_cache, c_cache = _median(scans), _median(cpus)
        t_sys, c_sys = _median([w for w, _ in reads]), _median([c for _, c in reads])
        print(f"scan from the cache: {', '.join(f'{x:.2f}' for x in scans)} s; median {t_cache:.2f} s  "
              f"{n / t_cache:,.0f} events/s  (CPU {c_cache:.2f} s)")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"peak RSS of this process: {rss:.0f} MiB{' (the decode included)' if cold else ''}")
        print(f"time ratio cached scan / sysdig read, medians of {len(scans)} interleaved pairs (<1 = scapkit "
              f"faster; the scan's decoding was done earlier, sysdig decodes as it reads): {t_cache / t_sys:.3f} "
              f"({'faster' if t_cache < t_sys else 'slower'} than sysdig reading the file); pairs: "
              f"{', '.join(f'{x / w:.2f}' for x, (w, _) in zip(scans, reads, strict=True))}; "
              f"CPU-time ratio {c_cache / c_sys:.3f}")
        if cold:
            print(f"time ratio cold scan (decode + first scan) / sysdig read (<1 = scapkit faster): {t_cold / t_sys:.3f}")
        _command(cap, a.rules, t_sys)
    return 0


def _command(cap: Path, rules: list[str] | None, t_sys: float) -> None:
    """The whole `scapkit scan` command from the cache, as a user runs it: the process starts,
    imports, loads and compiles the rules files, scans, writes the summary table."""
    import sys

    from common import time_child

    cmd = [sys.executable, "-c", "from analyzer.cli.main import main; main()", "scan", str(cap), "-o", "table", "-q"]
    for f in _rules(rules):
        cmd += ["-r", f]
    wall, _, _ = time_child(cmd, ok=(0, 1))  # 1: an alert fired
    print(f"whole `scapkit scan -r <the rules files> -o table` command from the cache: {wall:.2f} s "
          f"(process start, imports and rules compile included; {wall / t_sys:.2f}x the sysdig read)")


if __name__ == "__main__":
    raise SystemExit(main())
