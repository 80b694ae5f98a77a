"""The SQL pane: a query over the capture's tables, results as a table, export to CSV/Parquet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from ..session.browse import FilterError
from .grid import Column, LazyGrid
from .prompt import Prompt
from .tables_view import arrow_fetch, table_rows
from .view import View, focus_now

if TYPE_CHECKING:
    from .app import ExplorerApp

MAX_ROWS = 100_000  # rows kept for display; export writes the full result
DEFAULT_QUERY = "SELECT evt.type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC, evt.type"


class SqlView(View):
    BINDINGS = [Binding("ctrl+s", "export", "export CSV/Parquet")]
    DEFAULT_CSS = """
    SqlView #sql-input { border: tall $primary-muted; height: 3; }
    SqlView #sql-input:focus { border: tall $accent; }
    SqlView #sql-status { height: auto; color: $text-muted; }
    SqlView #sql-status.error { color: $error; }
    """

    def __init__(self) -> None:
        super().__init__(id="sql")
        self.query_text = ""
        self.rows = 0

    def compose(self) -> ComposeResult:
        yield Input(value=DEFAULT_QUERY, placeholder="SQL over events, processes, connections, files, threads, fds, "
                    "... (Enter runs, ctrl+s exports)", id="sql-input")
        yield Static("Enter runs the query", id="sql-status")
        yield LazyGrid([Column("result", 0)], id="sql-grid")

    def focus_main(self) -> None:
        focus_now(self.query_one("#sql-input", Input))

    def load(self) -> None:
        self.loaded = True  # nothing to do until a query is entered

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "sql-input":
            return
        event.stop()
        self.run_query(event.value)

    def run_query(self, text: str) -> None:
        self.query_text = text
        self.loaded = False
        self._status("running…", error=False)
        self._run(text)

    @work(thread=True, exclusive=True, group="sql")
    def _run(self, text: str) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        try:
            tbl = app.browser.sql(text, limit=MAX_ROWS + 1)
        except FilterError as e:
            app.call_from_thread(self._failed, str(e))
            return
        cols = [Column(n, max(6, min(40, len(n) + 2)) if i < tbl.num_columns - 1 else 0)
                for i, n in enumerate(tbl.column_names)]
        more = tbl.num_rows > MAX_ROWS
        app.call_from_thread(self._done, cols, table_rows(tbl.slice(0, MAX_ROWS)), more)

    def _status(self, msg: str, *, error: bool) -> None:
        st = self.query_one("#sql-status", Static)
        st.update(msg)
        st.set_class(error, "error")

    def _failed(self, msg: str) -> None:
        self._status(f"error: {msg}", error=True)
        self.loaded = True

    def _done(self, cols: list[Column], rows: list[list[str]], more: bool = False) -> None:
        for i, c in enumerate(cols[:-1]):
            widest = max((len(r[i]) for r in rows[:200]), default=0)
            cols[i] = Column(c.title, max(c.width, min(widest, 40)))
        self.rows = len(rows)
        self.query_one("#sql-grid", LazyGrid).set_source(len(rows), arrow_fetch(rows), columns=cols)
        self._status(f"first {len(rows)} rows shown (ctrl+s exports all)" if more else f"{len(rows)} rows",
                     error=False)
        self.loaded = True

    def action_export(self) -> None:
        if not self.query_text:
            self.app.notify("run a query first", severity="warning")
            return

        def done(path: str | None) -> None:
            if path:
                self._export(self.query_text, path.strip())
        self.app.push_screen(Prompt("export the result to (.csv or .parquet):", value="result.csv"), done)

    @work(thread=True, exclusive=True, group="sql-export")
    def _export(self, query: str, path: str) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        try:
            n = app.browser.export(query, path)
        except FilterError as e:
            app.call_from_thread(self._status, f"export failed: {e}", error=True)
            return
        app.call_from_thread(self._status, f"exported {n} rows to {path}", error=False)
