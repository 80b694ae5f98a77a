"""The Events view: the capture as a virtual table, a filter bar, search and jump."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from ..session.browse import Browser, Selection
from .grid import Column, Fetch, LazyGrid
from .prompt import Prompt
from .text import parse_time
from .timeline import TimelineChart
from .view import View, focus_now

if TYPE_CHECKING:
    from .app import ExplorerApp

COLUMNS = [
    Column("num", 9, right=True), Column("time", 18), Column("cpu", 3, right=True), Column("process", 15),
    Column("tid", 7, right=True), Column("dir", 3), Column("type", 12), Column("fd", 28), Column("args", 0),
]


def event_fetch(browser: Browser, sel: Selection) -> Fetch:
    def fetch(offset: int, limit: int) -> list[list[str]]:
        return [[str(r.num), r.time, "" if r.cpu is None else str(r.cpu), r.process or "",
                 "" if r.tid is None else str(r.tid), r.dir or "", r.type or "", r.fd or "", r.args or ""]
                for r in browser.page(sel, offset, limit)]
    return fetch


class FilterInput(Input):
    """The filter bar; its keys show in the footer while it has the focus."""

    BINDINGS = [Binding("enter", "submit", "apply filter"), Binding("escape", "leave", "back to events")]

    def action_leave(self) -> None:
        view = self.parent
        if isinstance(view, EventsView):
            view.focus_main()


class EventsView(View):
    BINDINGS = [
        Binding("s", "search", "search"),
        Binding("n", "search_next(1)", "next", show=False),
        Binding("N", "search_next(0)", "prev", show=False),
        Binding("g", "jump", "jump"),
        Binding("f", "follow", "follow fd"),
    ]
    DEFAULT_CSS = """
    EventsView #events-chart { height: 3; }
    EventsView #filter { border: tall $primary-muted; height: 3; }
    EventsView #filter:focus { border: tall $accent; }
    EventsView #filter-error { color: $error; height: auto; display: none; }
    EventsView #filter-error.shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__(id="events")
        self.selection: Selection | None = None
        self.search_text = ""
        self._keep_num: int | None = None

    def compose(self) -> ComposeResult:
        yield TimelineChart(id="events-chart")
        yield FilterInput(placeholder="/ filter: Falco condition (proc.name = sh and fd.name startswith /etc) "
                    "or SQL WHERE (sql: prefix forces SQL)", id="filter")
        yield Static("", id="filter-error")
        yield LazyGrid(COLUMNS, id="events-grid")

    @property
    def grid(self) -> LazyGrid:
        return self.query_one("#events-grid", LazyGrid)

    def focus_main(self) -> None:
        focus_now(self.grid)

    def current_num(self) -> int | None:
        sel = self.selection
        if sel is None or sel.count == 0:
            return None
        return sel.num_at(self.grid.cursor_row)

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        keep = self._keep_num if self._keep_num is not None else self.current_num()
        self._keep_num = None
        self._select(app.where(), keep)
        width = self.query_one("#events-chart", TimelineChart).size.width
        if width > 0:  # not laid out yet: its first Resize asks for the chart
            self._chart(app.where(with_time=False), width)

    def on_timeline_chart_resized(self, msg: TimelineChart.Resized) -> None:
        msg.stop()
        app: ExplorerApp = self.app  # type: ignore[assignment]
        if msg.chart.size.width > 0:
            self._chart(app.where(with_time=False), msg.chart.size.width)

    def goto_num(self, num: int) -> None:
        """Put the cursor on event ``num`` (or the next shown one) once the selection is ready."""
        if self.selection is not None and not self.stale:
            self.grid.move_to(self.selection.index_of(num))
        else:
            self._keep_num = num

    @work(thread=True, exclusive=True, group="events-select")
    def _select(self, where: str, keep: int | None) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        sel = app.browser.select(where)
        app.call_from_thread(self._selected, sel, keep)

    def _selected(self, sel: Selection, keep: int | None) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        self.selection = sel
        cursor = sel.index_of(keep) if keep is not None else 0
        self.grid.set_source(sel.count, event_fetch(app.browser, sel), cursor=cursor)
        self.loaded = True
        app.update_status()

    @work(thread=True, exclusive=True, group="events-chart")
    def _chart(self, where: str, buckets: int) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        counts, t0, width = app.browser.timeline(where, buckets)
        app.call_from_thread(self._charted, counts, t0, width)

    def _charted(self, counts: list[int], t0: int, width: int) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        self.query_one("#events-chart", TimelineChart).set_data(counts, t0, width,
                                                                  app.time_buckets(t0, width, len(counts)))

    # ------------------------------------------------------------------ filter bar
    def show_error(self, msg: str) -> None:
        err = self.query_one("#filter-error", Static)
        err.update(msg)
        err.set_class(bool(msg), "shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        event.stop()
        app: ExplorerApp = self.app  # type: ignore[assignment]
        app.apply_filter(event.value)

    def on_lazy_grid_chosen(self, msg: LazyGrid.Chosen) -> None:
        msg.stop()
        num = self.current_num()
        if num is not None:
            app: ExplorerApp = self.app  # type: ignore[assignment]
            app.open_detail(num)

    def on_lazy_grid_moved(self, msg: LazyGrid.Moved) -> None:
        msg.stop()
        app: ExplorerApp = self.app  # type: ignore[assignment]
        app.update_status()

    # ------------------------------------------------------------------ search / jump / follow
    def action_search(self) -> None:
        def done(text: str | None) -> None:
            if text:
                self.search_text = text
                self.action_search_next(1)
        self.app.push_screen(Prompt("search (process, type, fd name, arguments):", value=self.search_text), done)

    def action_search_next(self, forward: int) -> None:
        if self.selection is None or not self.search_text:
            return
        self._search(self.selection, self.search_text, self.grid.cursor_row, bool(forward))

    @work(thread=True, exclusive=True, group="events-search")
    def _search(self, sel: Selection, text: str, row: int, forward: bool) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        found = app.browser.search(sel, text, row, forward)
        app.call_from_thread(self._found, found, text)

    def _found(self, row: int | None, text: str) -> None:
        if row is None:
            self.app.notify(f"'{text}' not found", severity="warning")
        else:
            self.grid.move_to(row)

    def action_jump(self) -> None:
        def done(text: str | None) -> None:
            if text:
                self._jump(text.strip())
        self.app.push_screen(Prompt("jump to event number, or time HH:MM:SS[.ns]:"), done)

    def _jump(self, text: str) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        sel = self.selection
        if sel is None:
            return
        if text.lstrip("#").isdigit() and len(text) <= 12:
            self.grid.move_to(sel.index_of(int(text.lstrip("#"))))
            return
        t = parse_time(text, app.browser.overview.first_ts or 0)
        if t is None:
            app.notify(f"not an event number or a time: {text}", severity="error")
            return
        self._jump_time(sel, t)

    @work(thread=True, exclusive=True, group="events-search")
    def _jump_time(self, sel: Selection, t: int) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        row = app.browser.first_at_or_after(sel, t)
        app.call_from_thread(self.grid.move_to, row)

    def action_follow(self) -> None:
        num = self.current_num()
        cells = self.grid.row_cells(self.grid.cursor_row)
        if num is None or cells is None:
            return
        app: ExplorerApp = self.app  # type: ignore[assignment]
        app.follow_event(num)
