"""Connections and Files: one row per connection / file; Enter drills down, f follows the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..session.browse import Scope
from .grid import Column, Fetch, LazyGrid
from .text import cell, fmt_bytes, fmt_int, fmt_time
from .view import View, focus_now

if TYPE_CHECKING:
    from .app import ExplorerApp


def arrow_fetch(rows: list[list[str]]) -> Fetch:
    def fetch(offset: int, limit: int) -> list[list[str]]:
        return rows[offset:offset + limit]
    return fetch


def table_rows(tbl: pa.Table) -> list[list[str]]:
    cols = [tbl.column(i).to_pylist() for i in range(tbl.num_columns)]
    return [[cell(c[r]) for c in cols] for r in range(tbl.num_rows)]


class _TableView(View):
    BINDINGS = [Binding("f", "follow", "follow data")]
    columns: list[Column] = []

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.records: list[dict[str, object]] = []

    def compose(self) -> ComposeResult:
        yield Static("", classes="table-info")
        yield LazyGrid(self.columns, id=f"{self.id}-grid")

    @property
    def grid(self) -> LazyGrid:
        return self.query_one(LazyGrid)

    def focus_main(self) -> None:
        focus_now(self.grid)

    def load(self) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        self._fetch(app.scope_with_time())

    @work(thread=True, exclusive=True)
    def _fetch(self, scope: Scope) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        tbl = self.query_table(scope)
        recs = tbl.to_pylist()
        rows = [self.cells(r) for r in recs]
        app.call_from_thread(self._show, recs, rows)

    def query_table(self, scope: Scope) -> pa.Table:  # pragma: no cover - overridden
        raise NotImplementedError

    def cells(self, r: dict[str, object]) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _show(self, recs: list[dict[str, object]], rows: list[list[str]]) -> None:
        self.records = recs
        self.query_one(".table-info", Static).update(f"{len(recs)} {self.id}  (Enter: events, f: follow data)")
        self.grid.set_source(len(rows), arrow_fetch(rows))
        self.loaded = True

    def current(self) -> dict[str, object] | None:
        r = self.grid.cursor_row
        return self.records[r] if 0 <= r < len(self.records) else None

    def on_lazy_grid_chosen(self, msg: LazyGrid.Chosen) -> None:
        msg.stop()
        rec = self.current()
        if rec is not None:
            app: ExplorerApp = self.app  # type: ignore[assignment]
            app.drill(self.scope_of(rec), view="events")

    def action_follow(self) -> None:
        rec = self.current()
        if rec is not None:
            app: ExplorerApp = self.app  # type: ignore[assignment]
            sc = self.scope_of(rec)
            app.follow(sc, sc.label)

    def scope_of(self, rec: dict[str, object]) -> Scope:  # pragma: no cover - overridden
        raise NotImplementedError


class ConnectionsView(_TableView):
    columns = [
        Column("pid", 7, right=True), Column("fd", 4, right=True), Column("process", 14), Column("proto", 5),
        Column("srv", 3), Column("read", 10, right=True), Column("written", 10, right=True),
        Column("events", 7, right=True), Column("first", 18), Column("last", 18), Column("connection", 0),
    ]

    def __init__(self) -> None:
        super().__init__(id="connections")

    def query_table(self, scope: Scope) -> pa.Table:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        return app.browser.connections(scope)

    def cells(self, r: dict[str, object]) -> list[str]:
        return [cell(r.get("pid")), cell(r.get("fd")), cell(r.get("proc_name")),
                cell(r.get("l4proto") or r.get("type")), "S" if r.get("is_server") else "",
                fmt_bytes(r.get("bytes_read")), fmt_bytes(r.get("bytes_written")), fmt_int(r.get("n_events")),
                fmt_time(r.get("first_ts")), fmt_time(r.get("last_ts")), cell(r.get("name"))]

    def scope_of(self, rec: dict[str, object]) -> Scope:
        pid, fd = int(rec["pid"]), int(rec["fd"])  # type: ignore[call-overload]
        lo, hi = rec.get("open_num"), rec.get("close_num")
        return Scope(pid=pid, fd=fd, fd_from=int(lo) if lo is not None else None,  # type: ignore[call-overload]
                     fd_to=int(hi) if hi is not None else None,  # type: ignore[call-overload]
                     label=f"{rec.get('proc_name')} ({pid}) fd {fd} {rec.get('name')}")


class FilesView(_TableView):
    columns = [
        Column("opens", 6, right=True), Column("fail", 4, right=True), Column("read", 10, right=True),
        Column("written", 10, right=True), Column("w", 1), Column("processes", 16), Column("first", 18),
        Column("last", 18), Column("file", 0),
    ]

    def __init__(self) -> None:
        super().__init__(id="files")

    def query_table(self, scope: Scope) -> pa.Table:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        return app.browser.files(scope)

    def cells(self, r: dict[str, object]) -> list[str]:
        return [fmt_int(r.get("opens")), fmt_int(r.get("failed_opens")), fmt_bytes(r.get("bytes_read")),
                fmt_bytes(r.get("bytes_written")), "w" if r.get("written") else "", cell(r.get("procs")),
                fmt_time(r.get("first_ts")), fmt_time(r.get("last_ts")), cell(r.get("name"))]

    def scope_of(self, rec: dict[str, object]) -> Scope:
        return Scope(file=str(rec["name"]), label=f"file {rec['name']}")
