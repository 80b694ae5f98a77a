"""Open captures as a dataset: decode to Parquet once (cached), then query with DuckDB.

This is the only layer that imports DuckDB. The decoder, Arrow and DuckDB are imported where they
are used: re-opening a cached capture for its summary (``scapkit info``) needs none of them.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import re
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..scap.errors import ScapError
from .cache import cache_root, content_key

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

TABLES = ("events", "contexts", "threads", "fds", "machine", "users", "groups", "interfaces", "processes", "connections",
          "files")


def _first_timestamp(path: Path) -> int:
    """Timestamp of the first event (ns), or -1 for a file without events."""
    from ..scap.reader import CaptureReader

    reader = CaptureReader(path)
    try:
        for batch in reader.batches(max_events=1):
            if len(batch.ts):
                return int(batch.ts[0])
        return -1
    finally:
        reader.close()


_CAPTURE_NAME = re.compile(r"\.scap\d*(\.gz)?$")


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files and directories of rotated captures; a directory's files in time order (by the
    first event's timestamp, then name: rotation names such as ``x.scap``, ``x-1.scap`` or
    ``x.scap10`` do not sort by name)."""
    out: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            # capture names: x.scap, x-1.scap.gz (our rotation), x.scap10 (sysdig's -C/-W rotation);
            # notes or other files beside them are not captures
            files = sorted(x for x in p.iterdir() if x.is_file() and _CAPTURE_NAME.search(x.name))
            if not files:
                raise ScapError(f"{item}: directory holds no .scap files")
            files.sort(key=lambda x: (_first_timestamp(x), x.name))
            out.extend(str(x) for x in files)
        elif p.is_file():
            out.append(str(p))
        elif p.exists():  # a capture is read twice (its digest, then its events): a stream cannot be
            raise ScapError(f"{item}: not a regular file (a pipe, socket or device): save the capture to a file "
                            "first")
        else:
            raise ScapError(f"{item}: no such file")
    return out


@dataclass
class Dataset:
    paths: list[str]
    directory: Path
    meta: dict[str, object] = field(default_factory=dict)
    from_cache: bool = False
    in_cache: bool = False  # its directory is a cache entry (kept), not this run's own

    def table_path(self, name: str) -> Path:
        return self.directory / f"{name}.parquet"

    def connect(self, tables: Iterable[str] = TABLES) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with a view per table (only ``tables``: each view reads its file's
        Parquet metadata when made)."""
        import duckdb

        con = duckdb.connect()
        self.add_views(con, tables)
        return con

    def add_views(self, con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> None:
        """A view per table of ``tables`` in the connection."""
        for t in tables:
            path = self.table_path(t)
            if path.exists():
                con.execute(f"CREATE OR REPLACE VIEW \"{t}\" AS SELECT * FROM read_parquet('{_sql_str(str(path))}')")

    def events(self) -> pa.Table:
        import pyarrow.parquet as pq

        return pq.read_table(self.table_path("events"))


def columns_of(con: duckdb.DuckDBPyConnection, relation: str) -> set[str]:
    """The columns of a table or view, and the members of its struct columns as "struct.member"."""
    out: set[str] = set()
    for name, typ, *_ in con.execute(f"DESCRIBE {relation}").fetchall():
        out.add(name)
        t = str(typ)
        if t.startswith("STRUCT("):
            out.update(f"{name}.{member}" for member in _struct_members(t))
    return out


def _struct_members(t: str) -> list[str]:
    """Member names of a DuckDB STRUCT(...) type string (top level only)."""
    inner = t[len("STRUCT("):-1]
    out: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(inner + ","):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            part = inner[start:i].strip()
            start = i + 1
            if part:
                out.append(part.split(" ", 1)[0].strip('"'))
    return out


def _sql_str(s: str) -> str:
    return s.replace("'", "''")


def open_dataset(
    inputs: list[str],
    *,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    on_batch: Callable[[pa.RecordBatch], None] | None = None,
) -> Dataset:
    """The tables of the captures: from the cache, or decoded (and cached). ``on_batch`` sees each
    record batch of the events table as it is decoded, in order (not called when the tables come
    from the cache: ``Dataset.from_cache`` says which); an exception it raises stops the decoding
    and nothing is cached."""
    paths = expand_inputs(inputs)
    key = content_key(paths)
    root = cache_root()
    target = root / key
    if use_cache and (target / "meta.json").exists():
        meta = json.loads((target / "meta.json").read_text())
        meta["warnings"] = _renamed(meta, paths)
        meta["paths"] = paths
        return Dataset(paths, target, meta, from_cache=True, in_cache=True)
    root.mkdir(parents=True, exist_ok=True) if use_cache else None
    tmp = Path(tempfile.mkdtemp(prefix="scapkit-", dir=root if use_cache else None))
    try:
        meta = convert(paths, tmp, progress=progress, on_batch=on_batch)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not use_cache:
        atexit.register(shutil.rmtree, tmp, True)  # tables of this run only: gone when it ends
        return Dataset(paths, tmp, meta)
    return Dataset(paths, _publish(tmp, target), meta, in_cache=True)


def _publish(tmp: Path, target: Path) -> Path:
    """Move the tables of a finished conversion to their cache entry; the directory they are in.
    Another run (a parallel CI job) may have cached the same content meanwhile and be reading those
    tables: they are these (the key is the content), so they are kept and ours dropped. An
    incomplete entry (meta.json is written last) is moved aside and replaced."""
    for _ in range(3):
        if (target / "meta.json").exists():
            shutil.rmtree(tmp, ignore_errors=True)
            return target
        try:
            os.replace(tmp, target)  # onto nothing or an empty directory; never onto another's tables
            return target
        except OSError:
            if (target / "meta.json").exists():
                continue  # another run put its tables there just now
            if not (target.exists() or target.is_symlink()):
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        aside = target.with_name(f"{target.name}.stale-{os.getpid()}-{id(tmp)}")
        try:
            os.replace(target, aside)  # an incomplete entry, or a file in the way
        except OSError:
            continue
        if (aside / "meta.json").exists():  # completed by another run in between: put back, never deleted
            try:
                os.replace(aside, target)
            except OSError:  # a third run filled the entry: the same tables (a run opens them by path)
                shutil.rmtree(aside, ignore_errors=True)
            continue
        if aside.is_dir() and not aside.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink(missing_ok=True)
    shutil.rmtree(tmp, ignore_errors=True)
    raise OSError(f"{target}: cannot put the converted tables in the cache")


def _renamed(meta: dict[str, object], paths: list[str]) -> list[str]:
    """The cached warnings, naming the files as given now (the cache is keyed by content: the same
    capture may have been decoded under another name)."""
    warnings = [str(w) for w in meta.get("warnings", [])]  # type: ignore[attr-defined]
    old = meta.get("paths")
    if not isinstance(old, list) or len(old) != len(paths):
        return warnings
    out = []
    for w in warnings:
        for was, now in zip(old, paths, strict=True):
            if w.startswith(f"{was}: "):
                w = f"{now}: {w[len(was) + 2:]}"
                break
        out.append(w)
    return out


# the events columns whose row groups get min/max statistics: the ones queries narrow by range
# (event numbers, times), in capture order so each row group covers one stretch. Statistics of the
# other columns cannot skip a row group (every group mixes their values) and cost the writer a
# fifth of its time (measured on 1M events: 4.0 -> 3.3 s of CPU)
_STATS = ("evt.num", "evt.rawtime", "evt.time")


class _BackgroundWriter:
    """Writes record batches to a Parquet file on a second thread: Parquet encoding and compression
    run in Arrow's C++ code without the GIL, so they overlap the (Python) decoding of the next batch.
    At most ``depth`` batches wait, so memory stays flat; a write error is raised in the caller."""

    def __init__(self, path: Path, depth: int = 2) -> None:
        import pyarrow.parquet as pq

        from ..tables.build import EVENTS_SCHEMA

        self._writer = pq.ParquetWriter(path, EVENTS_SCHEMA, compression="zstd", write_statistics=list(_STATS))
        self._queue: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._abandoned = False  # the conversion failed or stopped: what waits is not written
        self._thread = threading.Thread(target=self._run, name="scapkit-parquet", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (rb := self._queue.get()) is not None:
            if self._error is None and not self._abandoned:
                try:
                    self._writer.write_batch(rb)
                except BaseException as exc:  # handed to the decoding thread
                    self._error = exc

    def put(self, rb: pa.RecordBatch) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(rb)

    def __enter__(self) -> _BackgroundWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._abandoned = exc[0] is not None
        self._queue.put(None)
        self._thread.join()
        self._writer.close()
        if self._error is not None and exc[0] is None:
            raise self._error


def convert(paths: list[str], out: Path, *, progress: Callable[[int, int], None] | None = None,
            on_batch: Callable[[pa.RecordBatch], None] | None = None) -> dict[str, object]:
    """Decode captures into one Parquet file per table under ``out``; returns the metadata.
    ``on_batch``: called with each record batch of the events table once it is queued for writing."""
    import duckdb
    import pyarrow.parquet as pq

    from ..tables.build import FDS_SCHEMA, TableBuilder, header_tables, version_tables
    from ..tables.derived import derived_tables

    out.mkdir(parents=True, exist_ok=True)
    tb = TableBuilder(paths, progress)
    nrows = 0
    summary = _Summary()
    # fd versions leave the engine as they stop being referenced: straight to disk (memory stays
    # flat), then one out-of-core sort by version
    unsorted = out / "fds.unsorted.parquet"
    with _BackgroundWriter(out / "events.parquet") as writer, pq.ParquetWriter(unsorted, FDS_SCHEMA) as fdw:
        batches = tb.batches()
        try:
            for rb in batches:
                writer.put(rb)
                nrows += rb.num_rows
                summary.add(rb)
                if on_batch is not None:
                    on_batch(rb)
                while tb.fd_spilled:
                    fdw.write_table(tb.fd_spilled.pop(0))
        finally:
            batches.close()  # a stopped conversion closes its capture files now
        threads, rest = version_tables(tb)
        fdw.write_table(rest)
    pq.write_table(threads, out / "threads.parquet")
    pq.write_table(tb.contexts.table(), out / "contexts.parquet")
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute(f"COPY (SELECT * FROM read_parquet('{_sql_str(str(unsorted))}') ORDER BY version) "
                    f"TO '{_sql_str(str(out / 'fds.parquet'))}' (FORMAT parquet)")
    finally:
        con.close()
    unsorted.unlink()
    for name, t in derived_tables(tb.engine).items():
        pq.write_table(t, out / f"{name}.parquet")
    for name, t in header_tables(tb.header).items():
        pq.write_table(t, out / f"{name}.parquet")
    h = tb.header
    meta: dict[str, object] = {
        "paths": paths,
        "events": nrows,
        "hostname": h.machine.hostname if h.machine else "",
        "num_cpus": h.machine.num_cpus if h.machine else 0,
        "shb_version": f"{h.shb_version[0]}.{h.shb_version[1]}",
        "blocks": dict(h.blocks),
        "procs": len(h.procs),
        "fdlists": len(h.fdlists),
        "skipped_unknown": {str(k): v for k, v in tb.stats.skipped_unknown.items()},
        "truncated_at": tb.stats.truncated_at,
        "warnings": tb.stats.warnings,
        "summary": summary.as_dict(pq.ParquetFile(out / "fds.parquet").metadata.num_rows),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1))
    return meta


class _Summary:
    """What ``scapkit info`` shows of the events table, gathered batch by batch while it is written
    (so that a cached capture's summary needs no query): time range, events by type, threads."""

    def __init__(self) -> None:
        self.first: int | None = None
        self.last: int | None = None
        self.by_type: Counter[str] = Counter()
        self.tids: set[int] = set()
        self.drops = 0

    def add(self, rb: pa.RecordBatch) -> None:
        import pyarrow.compute as pc

        if not rb.num_rows:
            return
        evt, thread = rb.column("evt"), rb.column("thread")
        ts = evt.field("rawtime")
        lo, hi = pc.min(ts).as_py(), pc.max(ts).as_py()
        self.first = lo if self.first is None else min(self.first, lo)
        self.last = hi if self.last is None else max(self.last, hi)
        vc = pc.value_counts(evt.field("type"))
        self.by_type.update(dict(zip(vc.field("values").to_pylist(), vc.field("counts").to_pylist(), strict=True)))
        self.tids.update(pc.unique(thread.field("tid").drop_null()).to_pylist())
        # each drop enter event starts a period in which the kernel dropped events (what the TUI's
        # Browser.count_drops counts in SQL for a capture cached without this summary)
        self.drops += pc.sum(pc.and_(pc.equal(evt.field("type"), "drop"), pc.equal(evt.field("dir"), ">"))).as_py() or 0

    def as_dict(self, fd_versions: int) -> dict[str, object]:
        by_type = sorted(self.by_type.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
        return {"first_ns": self.first, "last_ns": self.last, "threads_seen": len(self.tids),
                "fd_versions": fd_versions, "events_by_type": by_type, "drops": self.drops}


def run_sql(ds: Dataset, query: str) -> pa.Table:
    con = ds.connect()
    try:
        return con.sql(query).to_arrow_table()
    finally:
        con.close()
