"""The floor under decode-to-tables throughput: the time to write an already-built events table,
with no decoding at all, side by side with the time `sysdig -r` needs to read the whole capture.

The events table (one row per event, with its thread, process, user, group, fd and container
values) must reach the disk as it is built: held whole, a 10-million-event capture would not fit in
memory. So however fast the decoder, decoding to tables cannot beat this.

Usage: python benchmarks/write_floor.py [-n EVENTS] [--capture FILE]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from common import (  # benchmarks/ is on sys.path when run as a script
    bench_capture,
    capture_options,
    reference_read,
)


def main() -> int:
    ap = argparse.ArgumentParser()
    capture_options(ap, 1_000_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="scapkit-write-floor-") as scratch:
        work = Path(scratch)
        os.environ["SCAPKIT_CACHE_DIR"] = str(work / "cache")
        cap = bench_capture(a.capture, a.n, work, quiet=True)
        import pyarrow.feather as feather
        import pyarrow.parquet as pq

        from analyzer.session.dataset import open_dataset

        ds = open_dataset([str(cap)])
        events = pq.read_table(ds.table_path("events"))
        n = events.num_rows
        print(f"capture: {cap} ({n} events); events table in memory: {events.nbytes / 1e9:.2f} GB")
        t_sys, _ = reference_read(str(cap), n)
        for label, write in (
            ("Parquet, zstd", lambda p: pq.write_table(events, p, compression="zstd")),
            ("Parquet, uncompressed", lambda p: pq.write_table(events, p, compression="none")),
            ("Arrow IPC, uncompressed", lambda p: feather.write_feather(events, p, compression="uncompressed")),
        ):
            t0 = time.perf_counter()
            write(work / "out")
            t = time.perf_counter() - t0
            print(f"write the built table ({label}): {t:.2f} s  {n / t:,.0f} events/s  "
                  f"ratio to sysdig's read {t_sys / t:.3f} (the most decoding to this format can reach)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
