"""Queries behind the explorer (``scapkit tui``): paged event reads, filters, scopes, counts,
timeline buckets, the derived tables and follow-fd streams. Every DuckDB call of the TUI is here.

Paging: a filter is run once to a sorted numpy array of matching ``evt.num``; a page is then a
read of a few hundred event numbers (DuckDB prunes Parquet row groups by the min/max statistics
of ``evt.num``). With no filter the rows map to event numbers directly and nothing is scanned.

Every method opens its own DuckDB cursor, so methods may run concurrently in worker threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from ..rules.alerts import Alert
from ..tables.derived import IO_READ_IDS, IO_WRITE_IDS
from ..tables.fields import FIELDS, render_value
from .dataset import Dataset, columns_of

# read- and write-family events, by type id (evt.category names the kind of fd instead). These stay
# SQL text, not a bound list: they are constants of our own event table, and list_contains($ids,
# evt.typeid) measured ~1.1-1.8x slower than the IN (...) list on a 1M-event capture.
_IS_READ = f"evt.typeid IN ({', '.join(map(str, IO_READ_IDS))})"
_IS_WRITE = f"evt.typeid IN ({', '.join(map(str, IO_WRITE_IDS))})"

# columns of the Events view: (title, SQL expression)
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("num", "evt.num"),
    ("time", "evt.rawtime"),
    ("cpu", "evt.cpu"),
    ("process", "proc.name"),
    ("tid", "thread.tid"),
    ("dir", "evt.dir"),
    ("type", "evt.type"),
    ("fd", "fd.name"),
    ("args", "evt.args"),
)
PROCESS_TABLES = ("processes", "connections", "files")

# values for a query's placeholders: a list for ``?``, a dict for ``$name``
Params = Sequence[object] | Mapping[str, object] | None


class FilterError(ValueError):
    """A filter that is neither a Falco condition nor an SQL WHERE clause over ``events``."""


@dataclass(frozen=True)
class CompiledFilter:
    text: str
    sql: str
    kind: str  # "falco" or "sql"


@dataclass(frozen=True)
class Scope:
    """What the views are restricted to besides the filter (drill-downs and a time range)."""

    pid: int | None = None
    fd: int | None = None
    fd_from: int | None = None  # evt.num range of an fd lifetime
    fd_to: int | None = None
    file: str | None = None
    t_from: int | None = None  # evt.rawtime range, ns
    t_to: int | None = None
    label: str = ""

    def predicates(self) -> list[str]:
        """The restrictions as SQL text with ``$scope_*`` placeholders; their values are ``params()``."""
        return [sql for k, sql in _SCOPE_PREDICATES.items() if getattr(self, k) is not None]

    def params(self) -> dict[str, object]:
        """The values bound to the ``$scope_*`` placeholders of ``predicates()``."""
        out: dict[str, object] = {}
        for k in _SCOPE_PREDICATES:
            v = getattr(self, k)
            if v is not None:
                out[f"scope_{k}"] = str(v) if k == "file" else int(v)
        return out

    def merged(self, inner: Scope) -> Scope:
        """A drill-down inside this scope: ``inner``'s restrictions added to (or replacing) ours."""
        vals = {k: getattr(inner, k) if getattr(inner, k) is not None else getattr(self, k)
                for k in ("pid", "fd", "fd_from", "fd_to", "file", "t_from", "t_to")}
        return Scope(**vals, label=inner.label or self.label)  # type: ignore[arg-type]

    def without_time(self) -> Scope:
        return replace(self, t_from=None, t_to=None)

    def with_time(self, t_from: int | None, t_to: int | None) -> Scope:
        return replace(self, t_from=t_from, t_to=t_to)

    @property
    def empty(self) -> bool:
        return not self.predicates()


# the SQL of each Scope restriction; the value is bound as $scope_<field>, never pasted into the text
_SCOPE_PREDICATES: dict[str, str] = {
    "pid": "proc.pid = $scope_pid",
    "fd": "fd.num = $scope_fd",
    "fd_from": "evt.num >= $scope_fd_from",
    "fd_to": "evt.num <= $scope_fd_to",
    "file": "fd.name = $scope_file",
    "t_from": "evt.rawtime >= $scope_t_from",
    "t_to": "evt.rawtime < $scope_t_to",
}


class Where(str):
    """A WHERE condition: SQL text with ``$name`` placeholders, and in ``params`` the values bound to them.

    A str, so the TUI passes it along as before; a plain str (the filter box's SQL, which is raw SQL by
    design) is a condition with no bound values."""

    params: dict[str, object]

    def __new__(cls, sql: str = "", params: Mapping[str, object] | None = None) -> Where:
        obj = super().__new__(cls, sql)
        obj.params = dict(params or {})
        return obj


def _params_of(where: str) -> dict[str, object]:
    return dict(where.params) if isinstance(where, Where) else {}


def where_clause(flt: CompiledFilter | None, scope: Scope | None) -> Where:
    parts = list(scope.predicates()) if scope is not None else []
    if flt is not None and flt.sql:
        parts.append(f"({flt.sql})")
    return Where(" AND ".join(parts), scope.params() if scope is not None else None)


@dataclass
class Selection:
    """The events a view shows: ``nums`` (sorted evt.num) or, unfiltered, a contiguous range."""

    count: int
    nums: np.ndarray | None = None
    first: int = 1  # evt.num of row 0 when nums is None
    where: str = ""

    def num_at(self, i: int) -> int:
        return int(self.nums[i]) if self.nums is not None else self.first + i

    def index_of(self, num: int) -> int:
        """Row of the first event with evt.num >= num (clamped to the last row)."""
        if self.count == 0:
            return 0
        if self.nums is not None:
            i = int(np.searchsorted(self.nums, num, side="left"))
        else:
            i = num - self.first
        return max(0, min(i, self.count - 1))


@dataclass
class EventRow:
    num: int
    rawtime: int
    cpu: int | None
    process: str | None
    tid: int | None
    dir: str | None
    type: str | None
    fd: str | None
    args: str | None

    @property
    def time(self) -> str:
        return render_value(FIELDS["evt.time"], self.rawtime)


@dataclass
class Chunk:
    """One piece of a followed stream."""

    num: int
    rawtime: int
    tid: int | None
    direction: str  # "read" or "write"
    data: bytes
    size: int  # result of the call (bytes moved); data may be shorter (snaplen)


@dataclass
class Overview:
    name: str
    events: int
    first_num: int
    last_num: int
    first_ts: int | None
    last_ts: int | None
    hostname: str
    drops: int | None
    truncated_at: int | None
    warnings: list[str] = field(default_factory=list)
    contiguous: bool = True


def _falco_compiler() -> Callable[[str], str] | None:
    try:
        from ..rules.filter import compile_filter
    except ImportError:
        return None
    return compile_filter


class Browser:
    """A capture opened for browsing: one DuckDB database, a cursor per call."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self._con = ds.connect()
        self._lock = threading.Lock()
        self._columns = self._event_columns()
        self.tables = {r[0] for r in self._con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        self.overview = self._overview()

    # ------------------------------------------------------------------ plumbing
    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._con.cursor()

    def _query(self, sql: str, params: Params = None) -> list[tuple[object, ...]]:
        cur = self.cursor()
        try:
            return cur.execute(sql, params or []).fetchall()
        finally:
            cur.close()

    def _arrow(self, sql: str, params: Params = None) -> pa.Table:
        cur = self.cursor()
        try:
            return cur.sql(sql, params=params or None).to_arrow_table()
        finally:
            cur.close()

    def close(self) -> None:
        self._con.close()

    def _event_columns(self) -> set[str]:
        return columns_of(self._con, "events")

    def has_column(self, dotted: str) -> bool:
        return dotted in self._columns

    def _overview(self) -> Overview:
        row = self._query("SELECT count(*), min(evt.num), max(evt.num), min(evt.rawtime), max(evt.rawtime) "
                          "FROM events")[0]
        n, lo, hi, t0, t1 = (int(v) if v is not None else None for v in row)  # type: ignore[call-overload]
        meta = self.ds.meta
        names = [Path(p).name for p in self.ds.paths]
        drops = meta.get("drops")  # reported by the capture tool; else count_drops() fills it in
        trunc = meta.get("truncated_at")
        return Overview(
            name=", ".join(names), events=n or 0, first_num=lo or 1, last_num=hi or 0, first_ts=t0, last_ts=t1,
            hostname=str(meta.get("hostname", "")), drops=int(drops) if isinstance(drops, int) else None,
            truncated_at=int(trunc) if isinstance(trunc, int) else None,
            warnings=[str(w) for w in meta.get("warnings", []) or []],  # type: ignore[union-attr]
            contiguous=(n or 0) == 0 or (hi or 0) - (lo or 0) + 1 == n,
        )

    def count_drops(self) -> int:
        """Drop periods the kernel reported in the stream (``drop`` enter events); sets overview.drops
        unless the capture tool reported a figure."""
        summary = self.ds.meta.get("summary")  # counted while the tables were written
        if isinstance(summary, dict) and isinstance(summary.get("drops"), int):
            n = int(summary["drops"])
        else:
            row = self._query("SELECT count(*) FROM events WHERE evt.type = 'drop' AND evt.dir = '>'")[0]
            n = int(row[0])  # type: ignore[call-overload]
        if self.overview.drops is None:
            self.overview.drops = n
        return self.overview.drops

    def warm_up(self) -> None:
        """Load the Falco compiler and plan a filter once, so the first filter a user types is fast."""
        try:
            self.compile("evt.num = 0")
        except FilterError:
            pass

    # ------------------------------------------------------------------ filters
    def compile(self, text: str) -> CompiledFilter | None:
        """A Falco condition or, failing that, an SQL WHERE clause; FilterError names both problems."""
        text = text.strip()
        if not text:
            return None
        forced_sql = text.lower().startswith("sql:")
        if forced_sql:
            text = text[4:].strip()
        falco_err = ""
        compiler = None if forced_sql else _falco_compiler()
        if compiler is not None:
            try:
                sql = compiler(text)
            except ValueError as e:
                falco_err = str(e)
            else:
                err = self._check_where(sql)
                if err is None:
                    return CompiledFilter(text, sql, "falco")
                falco_err = err
        err = self._check_where(text)
        if err is None:
            return CompiledFilter(text, text, "sql")
        if falco_err:
            raise FilterError(f"Falco: {falco_err} | SQL: {err}")
        raise FilterError(f"SQL: {err}")

    def _check_where(self, where: str) -> str | None:
        if ";" in where:
            return "';' is not allowed in a filter"
        cur = self.cursor()
        try:
            # parses and binds, runs nothing
            typ = cur.execute(f"DESCRIBE SELECT ({where}) AS cond FROM events").fetchall()[0][1]
            if str(typ) not in ("BOOLEAN", '"NULL"', "NULL"):
                return f"'{where}' is not a condition (it is {typ}, not a boolean)"
        except duckdb.Error as e:
            return _one_line(str(e))
        finally:
            cur.close()
        return None

    # ------------------------------------------------------------------ events
    def select(self, where: str) -> Selection:
        """The events matching ``where`` (empty = all)."""
        ov = self.overview
        if not where and ov.contiguous:
            return Selection(ov.events, None, ov.first_num, "")
        cur = self.cursor()
        try:
            q = "SELECT evt.num FROM events" + (f" WHERE {where}" if where else "")
            tbl = cur.sql(q, params=_params_of(where)).to_arrow_table()
        finally:
            cur.close()
        nums = tbl.column(0).to_numpy().astype(np.int64, copy=False) if tbl.num_rows else np.empty(0, np.int64)
        if nums.size > 1 and not bool(np.all(nums[1:] > nums[:-1])):
            nums = np.sort(nums)
        return Selection(int(nums.size), nums, ov.first_num, where)

    def page(self, sel: Selection, offset: int, limit: int) -> list[EventRow]:
        """Rows [offset, offset+limit) of a selection, in order."""
        if offset >= sel.count or limit <= 0:
            return []
        end = min(sel.count, offset + limit)
        if sel.nums is None:
            lo, hi = sel.first + offset, sel.first + end - 1
            wanted = None
        else:
            part = sel.nums[offset:end]
            lo, hi = int(part[0]), int(part[-1])
            wanted = part
        cols = ", ".join(expr for _, expr in EVENT_COLUMNS)
        if wanted is not None and hi - lo + 1 > 4 * len(wanted) + 256:
            # sparse: fetch exactly these numbers
            q = (f"SELECT {cols} FROM events WHERE evt.num BETWEEN $lo AND $hi "
                 f"AND evt.num IN (SELECT unnest($nums::UBIGINT[])) ORDER BY evt.num")
            rows = self._query(q, {"lo": lo, "hi": hi, "nums": [int(x) for x in wanted]})
        else:
            q = f"SELECT {cols} FROM events WHERE evt.num BETWEEN $lo AND $hi ORDER BY evt.num"
            rows = self._query(q, {"lo": lo, "hi": hi})
            if wanted is not None:
                keep = set(int(x) for x in wanted)
                rows = [r for r in rows if int(r[0]) in keep]  # type: ignore[call-overload]
        return [EventRow(*r) for r in rows]  # type: ignore[arg-type]

    def event(self, num: int) -> dict[str, object] | None:
        """Every column of one event, as nested Python values."""
        cur = self.cursor()
        try:
            cur.execute("SELECT * FROM events WHERE evt.num = $num", {"num": int(num)})
            names = [d[0] for d in cur.description or []]
            row = cur.fetchone()
        finally:
            cur.close()
        return dict(zip(names, row, strict=True)) if row is not None else None

    def fd_of(self, num: int) -> tuple[int, int, str] | None:
        """(pid, fd, fd name) of an event that has a file descriptor."""
        rows = self._query("SELECT proc.pid, fd.num, fd.name FROM events WHERE evt.num = $num", {"num": int(num)})
        if not rows or rows[0][0] is None or rows[0][1] is None or int(rows[0][1]) < 0:  # type: ignore[call-overload]
            return None
        pid, fd, name = rows[0]
        return int(pid), int(fd), str(name or "")  # type: ignore[call-overload]

    def first_at_or_after(self, sel: Selection, t_ns: int) -> int:
        """Row of the first selected event at or after time ``t_ns``."""
        where = sel.where
        q = "SELECT min(evt.num) FROM events WHERE evt.rawtime >= $t" + (f" AND ({where})" if where else "")
        row = self._query(q, {**_params_of(where), "t": int(t_ns)})[0]
        if row[0] is None:
            return max(sel.count - 1, 0)
        return sel.index_of(int(row[0]))  # type: ignore[call-overload]

    def search(self, sel: Selection, text: str, start_row: int, forward: bool = True) -> int | None:
        """Next row (after ``start_row``) whose process, type, fd name or arguments contain ``text``."""
        if sel.count == 0 or not text:
            return None
        start_num = sel.num_at(max(0, min(start_row, sel.count - 1)))
        # the text is matched literally: LIKE's wildcards and escape character are escaped in the bound value
        pat = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        match = " OR ".join(f"{c} ILIKE $pat ESCAPE '\\'" for c in ("proc.name", "evt.type", "fd.name", "evt.args"))
        base = f" AND ({sel.where})" if sel.where else ""
        if forward:
            q = f"SELECT min(evt.num) FROM events WHERE evt.num > $start{base} AND ({match})"
        else:
            q = f"SELECT max(evt.num) FROM events WHERE evt.num < $start{base} AND ({match})"
        row = self._query(q, {**_params_of(sel.where), "start": start_num, "pat": pat})[0]
        if row[0] is None:
            return None
        return sel.index_of(int(row[0]))  # type: ignore[call-overload]

    # ------------------------------------------------------------------ timeline
    def timeline(self, where: str, buckets: int, t0: int | None = None, t1: int | None = None) -> tuple[list[int], int, int]:
        """Event counts in ``buckets`` equal time slices of [t0, t1]; returns (counts, t0, width_ns)."""
        ov = self.overview
        t0 = ov.first_ts if t0 is None else t0
        t1 = ov.last_ts if t1 is None else t1
        if t0 is None or t1 is None or buckets <= 0:
            return [0] * max(buckets, 0), 0, 1
        width = max(1, -(-(t1 - t0 + 1) // buckets))
        cond = "evt.rawtime >= $t0 AND evt.rawtime <= $t1" + (f" AND ({where})" if where else "")
        # ::UBIGINT as evt.rawtime: a BIGINT value would make the arithmetic HUGEINT (2x slower)
        q = f"SELECT (evt.rawtime - $t0::UBIGINT) // $width::UBIGINT AS b, count(*) FROM events WHERE {cond} GROUP BY b"
        counts = [0] * buckets
        for b, n in self._query(q, {**_params_of(where), "t0": int(t0), "t1": int(t1), "width": int(width)}):
            i = int(b)  # type: ignore[call-overload]
            if 0 <= i < buckets:
                counts[i] += int(n)  # type: ignore[call-overload]
        return counts, t0, width

    # ------------------------------------------------------------------ derived tables
    def processes(self, scope: Scope | None = None) -> list[dict[str, object]]:
        tw = _time_window(scope)
        if "processes" in self.tables:
            q = ("SELECT pid, ppid, image, name, exepath, cmdline, \"user\", start_num, start_ts, end_num, end_ts, "
                 "nthreads, n_events, n_files, n_connections FROM processes")
            if tw:
                q += " WHERE (start_ts IS NULL OR start_ts < $tw_to) AND (end_ts IS NULL OR end_ts >= $tw_from)"
            q += " ORDER BY coalesce(start_num, 0), pid, image"
            return self._arrow(q, _tw_params(tw)).to_pylist()
        # derived from the events (until the processes table is built): one row per pid and command line
        w = "WHERE proc.pid IS NOT NULL" + (" AND evt.rawtime >= $tw_from AND evt.rawtime < $tw_to" if tw else "")
        q = (f"SELECT proc.pid AS pid, any_value(proc.ppid) AS ppid, 0 AS image, any_value(proc.name) AS name, "
             f"any_value(proc.exepath) AS exepath, proc.cmdline AS cmdline, any_value(user.name) AS \"user\", "
             f"min(evt.num) AS start_num, min(evt.rawtime)::BIGINT AS start_ts, max(evt.num) AS end_num, "
             f"max(evt.rawtime)::BIGINT AS end_ts, count(DISTINCT thread.tid) AS nthreads, count(*) AS n_events, "
             f"count(DISTINCT fd.name) FILTER (WHERE fd.type IN ('file', 'directory')) AS n_files, "
             f"count(DISTINCT fd.name) FILTER (WHERE fd.type IN ('ipv4', 'ipv6', 'unix')) AS n_connections "
             f"FROM events {w} GROUP BY proc.pid, proc.cmdline ORDER BY start_num, pid")
        return self._arrow(q, _tw_params(tw)).to_pylist()

    def connections(self, scope: Scope | None = None) -> pa.Table:
        conds, params = _table_scope(scope, pid_col="pid", ts_cols=("first_ts", "last_ts"))
        if "connections" in self.tables:
            q = ("SELECT pid, fd, proc_name, type, l4proto, name, is_server, bytes_read, bytes_written, n_events, "
                 "open_num, close_num, first_ts, last_ts FROM connections")
        else:
            q = ("SELECT * FROM (SELECT proc.pid AS pid, fd.num AS fd, any_value(proc.name) AS proc_name, "
                 "any_value(fd.type) AS type, any_value(fd.l4proto) AS l4proto, fd.name AS name, "
                 "any_value(fd.is_server) AS is_server, "
                 "sum(CASE WHEN " + _IS_READ + " AND evt.rawres > 0 THEN evt.rawres ELSE 0 END)::BIGINT "
                 "AS bytes_read, "
                 "sum(CASE WHEN " + _IS_WRITE + " AND evt.rawres > 0 THEN evt.rawres ELSE 0 END)::BIGINT "
                 "AS bytes_written, count(*) AS n_events, min(evt.num) AS open_num, max(evt.num) AS close_num, "
                 "min(evt.rawtime)::BIGINT AS first_ts, max(evt.rawtime)::BIGINT AS last_ts FROM events "
                 "WHERE fd.type IN ('ipv4', 'ipv6', 'unix') AND fd.name IS NOT NULL AND fd.name <> '' "
                 "GROUP BY proc.pid, fd.num, fd.name)")
        if conds:
            q += " WHERE " + " AND ".join(conds)
        q += " ORDER BY first_ts, pid, fd"
        return self._arrow(q, params)

    def files(self, scope: Scope | None = None) -> pa.Table:
        if "files" in self.tables:
            conds = []
            tw = _time_window(scope)
            params = _tw_params(tw)
            if scope is not None and scope.pid is not None:
                conds.append("list_contains(pids, $pid)")
                params["pid"] = int(scope.pid)
            if tw:
                conds.append("first_ts < $tw_to AND last_ts >= $tw_from")
            q = ("SELECT name, opens, failed_opens, bytes_read, bytes_written, written, "
                 "array_to_string(proc_names, ',') AS procs, first_num, last_num, first_ts, last_ts FROM files")
            if conds:
                q += " WHERE " + " AND ".join(conds)
            return self._arrow(q + " ORDER BY first_num, name", params)
        conds = ["fd.type IN ('file', 'directory')", "fd.name IS NOT NULL", "fd.name <> ''"]
        tw = _time_window(scope)
        params = _tw_params(tw)
        if scope is not None and scope.pid is not None:
            conds.append("proc.pid = $pid")
            params["pid"] = int(scope.pid)
        if tw:
            conds.append("evt.rawtime >= $tw_from AND evt.rawtime < $tw_to")
        q = ("SELECT fd.name AS name, "
             "count(*) FILTER (WHERE evt.dir = '<' AND evt.type IN ('open', 'openat', 'openat2', 'creat') "
             "AND NOT evt.failed) AS opens, "
             "count(*) FILTER (WHERE evt.dir = '<' AND evt.type IN ('open', 'openat', 'openat2', 'creat') "
             "AND evt.failed) AS failed_opens, "
             "sum(CASE WHEN " + _IS_READ + " AND evt.rawres > 0 THEN evt.rawres ELSE 0 END)::BIGINT AS bytes_read, "
             "sum(CASE WHEN " + _IS_WRITE + " AND evt.rawres > 0 THEN evt.rawres ELSE 0 END)::BIGINT "
             "AS bytes_written, bool_or(evt.is_open_write OR " + _IS_WRITE + ") AS written, "
             "string_agg(DISTINCT proc.name, ',') AS procs, min(evt.num) AS first_num, max(evt.num) AS last_num, "
             "min(evt.rawtime)::BIGINT AS first_ts, max(evt.rawtime)::BIGINT AS last_ts FROM events WHERE "
             + " AND ".join(conds) + " GROUP BY fd.name ORDER BY first_num, name")
        return self._arrow(q, params)

    # ------------------------------------------------------------------ follow fd
    def follow(self, scope: Scope) -> list[Chunk]:
        """The read/write data of an fd lifetime (pid+fd+range) or a file (every fd on that path)."""
        if not self.has_column("evt.buffer"):
            raise FilterError("this capture's tables have no evt.buffer column (convert it again with --no-cache)")
        bare = scope.without_time()
        conds = bare.predicates()
        tw = _time_window(scope)
        params = {**bare.params(), **_tw_params(tw)}
        if tw:
            conds.append("evt.rawtime >= $tw_from AND evt.rawtime < $tw_to")
        conds += ["evt.dir = '<'", "evt.buffer IS NOT NULL", "evt.rawres > 0",
                  f"({_IS_READ} OR {_IS_WRITE})"]
        q = (f"SELECT evt.num, evt.rawtime, thread.tid, {_IS_READ} AS is_read, evt.buffer, evt.rawres FROM events WHERE "
             + " AND ".join(conds) + " ORDER BY evt.num")
        out: list[Chunk] = []
        for num, ts, tid, is_read, buf, res in self._query(q, params):
            out.append(Chunk(int(num), int(ts), tid, "read" if is_read else "write",  # type: ignore[call-overload]
                             bytes(buf) if buf is not None else b"", int(res) if res is not None else 0))  # type: ignore[arg-type, call-overload]
        return out

    # ------------------------------------------------------------------ SQL pane
    def sql(self, query: str, limit: int = 100_000) -> pa.Table:
        """Run a query; at most ``limit`` rows are kept for display."""
        cur = self.cursor()
        try:
            rel = cur.sql(query)
            if rel is None:
                return pa.table({})
            return rel.limit(limit).to_arrow_table() if limit else rel.to_arrow_table()
        except duckdb.Error as e:
            raise FilterError(_one_line(str(e))) from None
        finally:
            cur.close()

    def export(self, query: str, path: str) -> int:
        """Write the query's full result to CSV or Parquet (by extension); returns the row count."""
        fmt = "PARQUET" if path.lower().endswith((".parquet", ".pq")) else "CSV"
        opts = "FORMAT PARQUET" if fmt == "PARQUET" else "FORMAT CSV, HEADER"
        cur = self.cursor()
        try:
            # the path is a bound value (DuckDB takes a parameter for COPY ... TO); the query is the
            # SQL pane's own SQL text, run as typed
            cur.execute(f"COPY ({query.rstrip().rstrip(';')}) TO $export_path ({opts})", {"export_path": path})
            row = cur.execute(f"SELECT count(*) FROM ({query.rstrip().rstrip(';')})").fetchone()
        except duckdb.Error as e:
            raise FilterError(_one_line(str(e))) from None
        finally:
            cur.close()
        return int(row[0]) if row else 0


def _time_window(scope: Scope | None) -> tuple[int, int] | None:
    if scope is None or (scope.t_from is None and scope.t_to is None):
        return None
    return (scope.t_from or 0, scope.t_to if scope.t_to is not None else (1 << 63) - 1)


def _tw_params(tw: tuple[int, int] | None) -> dict[str, object]:
    """Values of $tw_from and $tw_to for a time window (none without one)."""
    return {"tw_from": int(tw[0]), "tw_to": int(tw[1])} if tw else {}


def _table_scope(scope: Scope | None, *, pid_col: str, ts_cols: tuple[str, str]) -> tuple[list[str], dict[str, object]]:
    """Conditions (with $pid, $tw_from, $tw_to placeholders) and their values for a derived table."""
    out: list[str] = []
    if scope is None:
        return out, {}
    tw = _time_window(scope)
    params = _tw_params(tw)
    if scope.pid is not None:
        out.append(f"{pid_col} = $pid")
        params["pid"] = int(scope.pid)
    if tw:
        out.append(f"{ts_cols[0]} < $tw_to AND {ts_cols[1]} >= $tw_from")
    return out, params


def _one_line(msg: str) -> str:
    lines = [ln.strip() for ln in msg.strip().splitlines() if ln.strip()]
    keep = [ln for ln in lines if not ln.startswith("LINE") and not ln.startswith("^")]
    return " ".join(keep or lines)[:300]


def open_browser(ds: Dataset) -> Browser:
    return Browser(ds)


def default_rules_path() -> str:
    import importlib.resources

    return str(importlib.resources.files("analyzer.rules") / "default_rules.yaml")


def run_rules(ds: Dataset, rules_path: str | None) -> list[Alert]:
    """The rules (``rules_path`` or the default rules file) run over the capture: the Alerts view's data."""
    from ..rules.errors import RuleError
    from ..rules.loader import load_rules
    from ..rules.plan import build_plan
    from .scan import scan

    path = rules_path or default_rules_path()
    try:
        plan = build_plan(load_rules([path]))
    except RuleError as e:
        raise FilterError(f"{e.category}: {e}") from None
    capture = ds.paths[0] if len(ds.paths) == 1 else ",".join(ds.paths)
    return scan(ds, plan.rules, capture=capture)
