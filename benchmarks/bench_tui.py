"""TUI benchmark: time to the first screen of `scapkit tui` and time to apply a filter, on a
multi-million-event capture opened from the cache, beside sysdig doing the same jobs.

    python benchmarks/bench_tui.py [-n EVENTS] [--capture FILE] [--filter TEXT]

The app is built as `scapkit tui` builds it and runs headless (Textual's test driver) in a fresh
Python process, so the first-screen time includes interpreter start, imports, opening the cached
tables (finding the cache entry by the file's remembered content digest) and the first page of rows.
"Filter applied" means: the matching events are counted and the first page of them is on screen.
sysdig references: `sysdig -r FILE | head -50` (a first screen) and `sysdig -r FILE FILTER`
(a filtered pass; sysdig has no index, so a filter means reading the whole file again).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import capture_options, time_child  # benchmarks/ is on sys.path when run as a script

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_FILTER = "proc.name = 'nginx' and evt.type = 'accept'"  # Falco syntax: sysdig takes it as is


def child(capture: str, launched: float, flt: str) -> None:
    """Runs in a fresh process: open from the cache, draw, filter; prints JSON timings."""
    t_start = time.time()
    sys.path.insert(0, str(ROOT))
    from textual.worker import WorkerState

    from analyzer.cli.tui_cmd import build_app

    async def run() -> dict[str, float | int]:
        out: dict[str, float | int] = {"python_start_s": t_start - launched}
        t0 = time.time()
        out["imports_s"] = t0 - t_start
        app = build_app([capture])  # what `scapkit tui CAPTURE` does before it runs the app
        t1 = time.time()
        out["open_cache_and_build_s"] = t1 - t0
        async with app.run_test(size=(160, 50)) as pilot:
            ev = app.events_view
            while not (ev.loaded and ev.grid.row_cells(0) is not None):
                await pilot.pause(0.002)
            await pilot.pause()
            out["first_screen_s"] = time.time() - launched
            out["app_start_to_rows_s"] = time.time() - t1
            out["events"] = ev.selection.count if ev.selection else 0
            # let the rest of the first screen (the timeline strip) finish, as it would while one types
            while any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
                await pilot.pause(0.01)
            inp = app.query_one("#filter")
            inp.value = flt  # type: ignore[attr-defined]
            app.screen.set_focus(inp)
            await pilot.pause()
            t0 = time.perf_counter()
            await pilot.press("enter")
            out["filter_press_s"] = time.perf_counter() - t0
            while app.flt is None:
                await pilot.pause(0.002)
            out["filter_compiled_s"] = time.perf_counter() - t0
            while not (app.flt is not None and ev.loaded and not ev.stale and ev.selection is not None
                       and ev.selection.where and (ev.selection.count == 0 or ev.grid.row_cells(0) is not None)):
                await pilot.pause(0.002)
            await pilot.pause()
            out["filter_s"] = time.perf_counter() - t0
            out["matches"] = ev.selection.count
            out["filter_kind"] = app.flt.kind  # type: ignore[assignment]
            # scroll to the end of the filtered rows: one more page fetch
            t0 = time.perf_counter()
            await pilot.press("end")
            while ev.grid.row_cells(ev.grid.cursor_row) is None:
                await pilot.pause(0.002)
            out["jump_to_end_s"] = time.perf_counter() - t0
        return out

    print(json.dumps(asyncio.run(run())))


def main() -> int:
    ap = argparse.ArgumentParser()
    capture_options(ap, 2_000_000)
    ap.add_argument("--filter", default=DEFAULT_FILTER, help="the filter to apply in the TUI")
    ap.add_argument("--child", nargs=2, metavar=("CAPTURE", "LAUNCHED"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child[0], float(a.child[1]), a.filter)
        return 0
    sysdig = shutil.which("sysdig")
    if not sysdig:  # before the costly measurement: a ratio needs the reference
        raise SystemExit("sysdig not installed: no reference to compare with (make bench installs it)")
    with tempfile.TemporaryDirectory(prefix="scapkit-bench-tui-") as scratch:
        work = Path(scratch)
        env = dict(os.environ, SCAPKIT_CACHE_DIR=os.environ.get("SCAPKIT_CACHE_DIR") or str(work / "cache"))
        cap = Path(a.capture) if a.capture else work / "bench.scap"
        if not a.capture:
            subprocess.run([sys.executable, str(HERE / "gen_capture.py"), str(cap), "-n", str(a.n)], check=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analyzer.cli.main", "info", "--json", str(cap)], check=True,
                       stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
        t_cache = time.perf_counter() - t0
        res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--filter", a.filter, "--child", str(cap),
                              repr(time.time())], check=True, capture_output=True, text=True, env=env, cwd=ROOT)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"capture: {cap} ({cap.stat().st_size / 1e6:.1f} MB, {r['events']:,} events); "
              f"decode into the cache (or reuse it): {t_cache:.2f} s")
        print(f"scapkit tui, time to first screen (from the cache, incl. Python start): {r['first_screen_s']:.2f} s"
              f"  [python start {r['python_start_s']:.2f}, imports {r['imports_s']:.2f}, open cache "
              f"+ build app {r['open_cache_and_build_s']:.2f}, app start to first rows "
              f"{r['app_start_to_rows_s']:.2f}]")
        print(f"scapkit tui, time to apply filter `{a.filter}` ({r['filter_kind']}, {r['matches']:,} matches): "
              f"{r['filter_s']:.3f} s")
        print(f"scapkit tui, jump to the last filtered row: {r['jump_to_end_s']:.3f} s")
        t_first = time_child(["sh", "-c", f"{sysdig} -r {cap} | head -n 50"])[0]
        t_filter = time_child([sysdig, "-r", str(cap), a.filter])[0]
        print(f"sysdig -r | head -50 (first screen): {t_first:.2f} s   "
              f"time ratio scapkit/sysdig (<1 = scapkit faster): {r['first_screen_s'] / t_first:.2f}")
        print(f"sysdig -r FILE '{a.filter}' (the same filter, one pass): {t_filter:.2f} s   "
              f"time ratio scapkit/sysdig (<1 = scapkit faster): {r['filter_s'] / t_filter:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
