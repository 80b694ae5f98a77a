"""The scan index of a cached capture: the rows Falco's rule engine sees, laid out for rule scans.

A scan reads, for the rows of the rules' event types, the members their conditions test. In the
events table those rows are spread over the whole file among the rows of every other type, with
every member of every row, so each scan decoded whole columns and grouped on strings (measured on
the 1M-event benchmark capture: 0.30 s of a 0.53 s scan). The index keeps the same rows, once:

- ``events/__part=<type id>/*.parquet``: one file per event type, with per event only what differs
  from one event to the next (event number, times, result, buffer, fd number, the process's
  duration...) and the id of its *shape*;
- ``shapes.parquet``: each distinct combination of everything else (the event's arguments and
  flags, its fd's members, its process context id) once, under its shape id (measured: 500k
  visible rows, 34k shapes).

A scan then reads only the files of its rules' types, groups their rows on integers and reads the
strings once per shape. The index is built from the events table the first time a capture in the
cache is scanned, and kept beside its tables. A shape id is a 64-bit hash of the shape; the build
checks that no two distinct shapes share one and, if they do, leaves no index (scans then read the
events table).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..tables.context_members import CONTEXT_COLUMNS, TIME_MEMBERS

if TYPE_CHECKING:
    import duckdb

INDEX_VERSION = "1"  # bump when what the index holds changes (its members, or the rows the scan selects)
DIRECTORY = "scan_index"

# members whose value differs from one event to the next: a scan stages each test that reads one
# as its own per-event column, and the index keeps them in its per-event files
PER_EVENT = frozenset({("evt", "num"), ("evt", "rawtime"), ("evt", "time"), ("evt", "args"), ("evt", "buffer"),
                       ("evt", "cpu"), ("evt", "file_offset"), ("evt", "rawres"), ("evt", "res"), ("evt", "arglist"),
                       ("fd", "num"), ("proc", "duration"), ("evt", "latency"), ("evt", "wait_latency"),
                       ("evt", "reltime"), ("evt", "deltatime"), ("evt", "buflen")})
# members not in the index at all (a scan that reads one reads the events table)
LEFT_OUT = frozenset({("evt", "arglist")})
# evt members of the per-event files: the per-event ones and those that pick the rows; every
# other evt member is part of the shape
EVENT_MEMBERS = tuple(sorted(m for s, m in PER_EVENT - LEFT_OUT if s == "evt")) + ("type", "typeid", "dir", "shown")


class IndexBuildError(Exception):
    """The index of a dataset cannot be written (what and why)."""


class CollisionError(Exception):
    """Two distinct shapes hashed to one id, or an event's shape id has no shape."""


def event_columns() -> frozenset[tuple[str, str]]:
    """The (struct, member) pairs the index's per-event files hold."""
    out = {("evt", m) for m in EVENT_MEMBERS} | {("fd", "num")}
    out |= {(s, m) for s, ms in TIME_MEMBERS.items() for m in ms}
    return frozenset(out)


def serves(refs: Iterable[tuple[str, str]]) -> bool:
    """Can a scan reading these (struct, member) pairs read the index instead of the events table?"""
    return not any(r in LEFT_OUT for r in refs)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _member(name: str, table: str, column: str) -> str:
    """A struct_pack argument: member ``name`` := ``table.column``."""
    return f"{_q(name)} := {table}.{_q(column)}"


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


@dataclass(frozen=True)
class ScanIndex:
    """A built index: its directory and the members of its per-event files and of its shapes."""

    directory: Path
    evt_shape: tuple[str, ...]  # the evt members of a shape
    fd_shape: tuple[str, ...]  # the fd members of a shape (all but num)
    evt_event: tuple[str, ...]  # the evt members of the per-event files

    def files(self, typeids: Iterable[int] | None) -> list[str]:
        """The per-event files of these event type ids (None: of every type)."""
        root = self.directory / "events"
        if not root.is_dir():
            return []
        want = None if typeids is None else {int(t) for t in typeids}
        out: list[str] = []
        for part in sorted(root.iterdir()):
            tid = part.name.partition("=")[2]
            if tid.isdigit() and (want is None or int(tid) in want):
                out.extend(str(f) for f in sorted(part.glob("*.parquet")))
        return out

    def attach(self, con: duckdb.DuckDBPyConnection, files: list[str]) -> None:
        """Views of the index over the per-event ``files`` for a scan's stage: ``__evs``, the
        per-event rows (``evt``, ``fd`` and the time-dependent context members as structs of
        their stored members, and ``__shape``), and ``__shapes``."""
        con.execute(f"CREATE OR REPLACE VIEW __evs AS SELECT e.__shape, {', '.join(self._structs(None))} "
                    f"FROM {_source(files)} AS e")
        con.execute(f"CREATE OR REPLACE VIEW __shapes AS SELECT * FROM "
                    f"read_parquet({_lit(str(self.directory / 'shapes.parquet'))})")

    def rows_view(self, con: duckdb.DuckDBPyConnection, files: list[str], members: Iterable[tuple[str, str]],
                  nums: str) -> None:
        """The view ``__ix``: the rows of ``files`` whose event number is in the ``__num``
        column of the table ``nums``, with the ``members`` (``(struct, member)``: of ``evt``,
        ``fd`` and the time-dependent context members) in their struct columns, as the events
        table has them, and ``ctx``. Only those members are read."""
        want = set(members)
        shaped = [m for m in self.evt_shape if ("evt", m) in want] + [m for m in self.fd_shape if ("fd", m) in want]
        cols = self._structs(want)
        join = ""
        if shaped or ("", "ctx") in want:
            join = " JOIN __shapes AS s ON s.__shape = e.__shape"
            cols.append("s.ctx AS ctx")
        con.execute(f"CREATE OR REPLACE VIEW __ix AS SELECT {', '.join(cols)} FROM {_source(files)} AS e "
                    f"SEMI JOIN {nums} AS h ON h.__num = e.\"evt.num\"{join}")

    def _structs(self, want: set[tuple[str, str]] | None) -> list[str]:
        """The struct columns of the per-event rows ``e`` (and of the shapes ``s``): of every
        stored per-event member (``want`` None), or of those in ``want``."""
        def keep(struct: str, m: str) -> bool:
            return want is None or (struct, m) in want

        evt = [_member(m, "e", "evt." + m) for m in self.evt_event if keep("evt", m)]
        fd = [_member("num", "e", "fd.num")] if keep("fd", "num") else []
        if want is not None:
            evt += [f"{_q(m)} := s.evt.{_q(m)}" for m in self.evt_shape if ("evt", m) in want]
            fd += [f"{_q(m)} := s.fd.{_q(m)}" for m in self.fd_shape if ("fd", m) in want]
        out = [f"struct_pack({', '.join(evt)}) AS evt"] if evt else []
        out += [f"struct_pack({', '.join(fd)}) AS fd"] if fd else []
        for s, ms in sorted(TIME_MEMBERS.items()):
            kept = [_member(m, "e", s + "." + m) for m in sorted(ms) if keep(s, m)]
            out += [f"struct_pack({', '.join(kept)}) AS {_q(s)}"] if kept else []
        return out


def _source(files: list[str]) -> str:
    return "read_parquet([" + ", ".join(_lit(f) for f in files) + "])"


def _open(directory: Path) -> ScanIndex | None:
    try:
        meta = json.loads((directory / "index.json").read_text())
    except (OSError, ValueError):
        return None
    if meta.get("version") != INDEX_VERSION:
        return None
    return ScanIndex(directory, tuple(meta["evt_shape"]), tuple(meta["fd_shape"]), tuple(meta["evt_event"]))


def _members(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    from .dataset import columns_of

    prefix = column + "."
    return sorted(c[len(prefix):] for c in columns_of(con, "events") if c.startswith(prefix))


def build(events: Path, out: Path, rows: str) -> None:
    """Writes the index of the events table ``events`` (its rows selected by the SQL condition
    ``rows``) into the new directory ``out``. Raises :class:`CollisionError` when two shapes
    share an id."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet({_lit(str(events))})")
        evt_all, fd_all = _members(con, "evt"), _members(con, "fd")
        evt_event = [m for m in EVENT_MEMBERS if m in evt_all]
        evt_shape = [m for m in evt_all if m not in EVENT_MEMBERS and ("evt", m) not in LEFT_OUT]
        fd_shape = [m for m in fd_all if m != "num"]
        key = ["ctx", *[f"evt.{_q(m)}" for m in evt_shape], *[f"fd.{_q(m)}" for m in fd_shape]]
        shape = f"hash({', '.join(key)})"
        times = [f"{_q(s)}.{_q(m)} AS {_q(s + '.' + m)}" for s, ms in sorted(TIME_MEMBERS.items()) for m in sorted(ms)
                 if s in CONTEXT_COLUMNS]
        per_event = [f"evt.{_q(m)} AS {_q('evt.' + m)}" for m in evt_event]
        out.mkdir()
        con.execute(f"COPY (SELECT evt.typeid AS __part, {shape} AS __shape, {', '.join(per_event)}, "
                    f"fd.num AS \"fd.num\", {', '.join(times)} FROM events WHERE {rows}) "
                    f"TO {_lit(str(out / 'events'))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (__part), ROW_GROUP_SIZE 10240)")
        names = [f"k{i}" for i in range(len(key))]
        evt_k = ", ".join(f"{_q(m)} := k{1 + i}" for i, m in enumerate(evt_shape))
        fd_k = ", ".join(f"{_q(m)} := k{1 + len(evt_shape) + i}" for i, m in enumerate(fd_shape))
        distinct = f"SELECT DISTINCT {', '.join(f'{k} AS {n}' for k, n in zip(key, names, strict=True))} " \
                   f"FROM events WHERE {rows}"
        shapes = out / "shapes.parquet"
        con.execute(f"COPY (SELECT hash({', '.join(names)}) AS __shape, k0 AS ctx, struct_pack({evt_k}) AS evt, "
                    f"struct_pack({fd_k}) AS fd FROM ({distinct})) TO {_lit(str(shapes))} "
                    "(FORMAT parquet, COMPRESSION zstd)")
        n = verify(con, out)
        (out / "index.json").write_text(json.dumps({"version": INDEX_VERSION, "evt_shape": evt_shape,
                                                    "fd_shape": fd_shape, "evt_event": evt_event, "shapes": n}))
    finally:
        con.close()


def verify(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """Checks the index files in ``out``: no two shapes share an id, and every event's shape id
    is one of the shapes (else a scan would lose the event). The number of shapes; raises
    :class:`CollisionError`."""
    shapes = _lit(str(out / "shapes.parquet"))
    n, ids = con.execute(f"SELECT count(*), count(DISTINCT __shape) FROM read_parquet({shapes})").fetchone() or (0, 0)
    if n != ids:
        raise CollisionError(f"{n - ids} shape ids are shared")
    if (out / "events").is_dir():
        orphans = con.execute(f"SELECT count(*) FROM read_parquet({_lit(str(out / 'events' / '*' / '*.parquet'))}) "
                              f"AS e ANTI JOIN read_parquet({shapes}) AS s ON s.__shape = e.__shape").fetchone()
        if orphans and orphans[0]:
            raise CollisionError(f"{orphans[0]} events have a shape id of no shape")
    return int(n)


def scan_index(directory: Path, rows: str, *, build_it: bool, errors: bool = False) -> ScanIndex | None:
    """The scan index of the dataset in ``directory``: the one kept there, else (``build_it``)
    built now and kept. None when there is none and it is not built, or it cannot be (the
    directory cannot be written, a shape id collision): the scan then reads the events table.
    With ``errors``, a failed build raises :class:`IndexBuildError` instead."""
    import duckdb

    target = directory / DIRECTORY
    found = _open(target)
    if found is not None or not build_it:
        return found
    tmp: Path | None = None
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f"{DIRECTORY}.tmp-", dir=directory))
        work = tmp / "index"
        build(directory / "events.parquet", work, rows)
        try:
            os.replace(work, target)  # onto nothing or an empty directory
        except OSError:
            if _open(target) is None:  # an index of an older version: replaced
                os.replace(target, tmp / "old")
                os.replace(work, target)
            # else another run built it meanwhile (of the same content): theirs is kept
    except (CollisionError, OSError, duckdb.Error) as e:
        if errors:
            raise IndexBuildError(f"{target}: cannot write the scan index: {e}") from None
        return None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return _open(target)
