"""A virtual table: only the rows on screen exist; pages of rows are fetched on demand in a
worker thread (the fetch function does the DuckDB work), so millions of rows scroll smoothly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

PAGE = 200
MAX_PAGES = 64  # cached pages per source (evicted oldest first)


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # 0 = take the remaining width
    right: bool = False


Fetch = Callable[[int, int], list[list[str]]]  # (offset, limit) -> rows of cell strings


class LazyGrid(ScrollView, can_focus=True):
    """Rows come from ``fetch`` in pages; row 0 on screen is the header."""

    DEFAULT_CSS = """
    LazyGrid { height: 1fr; }
    LazyGrid > .lazygrid--header { text-style: bold; background: $primary-muted; }
    LazyGrid > .lazygrid--cursor { background: $accent; color: $text; }
    LazyGrid > .lazygrid--loading { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"lazygrid--header", "lazygrid--cursor", "lazygrid--loading"}
    BINDINGS = [
        Binding("up", "cursor(-1)", "up", show=False),
        Binding("down", "cursor(1)", "down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("home", "edge(0)", "first", show=False),
        Binding("end", "edge(1)", "last", show=False),
        Binding("enter", "choose", "open", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)

    class Chosen(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, grid: LazyGrid, row: int) -> None:
            super().__init__()
            self.grid = grid
            self.row = row

    class Moved(Message):
        def __init__(self, grid: LazyGrid, row: int) -> None:
            super().__init__()
            self.grid = grid
            self.row = row

    def __init__(self, columns: list[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = columns
        self.count = 0
        self._fetch: Fetch | None = None
        self._gen = 0
        self._pages: dict[int, list[list[str]]] = {}
        self._pending: set[int] = set()
        self._strips: dict[tuple[int, bool, int], Strip] = {}  # rendered rows
        self.loaded_pages = 0  # pages fetched since the source was set (tests and status use it)

    # ------------------------------------------------------------------ source
    def set_source(self, count: int, fetch: Fetch, *, cursor: int = 0, columns: list[Column] | None = None) -> None:
        """Show ``count`` rows produced by ``fetch``; forget cached pages."""
        if columns is not None:
            self.columns = columns
        self._gen += 1
        self.count = count
        self._fetch = fetch
        self._pages.clear()
        self._pending.clear()
        self._strips.clear()
        self.loaded_pages = 0
        self.virtual_size = Size(self._total_width(), count + 1)
        self.set_reactive(LazyGrid.cursor_row, max(0, min(cursor, count - 1)))
        self._scroll_cursor_into_view(center=cursor > 0)
        self.refresh()
        self._ensure_visible_pages()
        self.post_message(self.Moved(self, self.cursor_row))

    def row_cells(self, row: int) -> list[str] | None:
        page = self._pages.get(row // PAGE)
        if page is None:
            return None
        i = row % PAGE
        return page[i] if i < len(page) else None

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def _total_width(self) -> int:
        return self.size.width or 80

    # ------------------------------------------------------------------ fetching
    def _ensure_visible_pages(self) -> None:
        if self._fetch is None or self.count == 0:
            return
        top = int(self.scroll_offset.y)
        h = max(self.size.height, 1)
        for p in {top // PAGE, max(0, top + h - 1) // PAGE, self.cursor_row // PAGE}:
            self._want(p)

    def _want(self, page: int) -> None:
        if page in self._pages or page in self._pending or page * PAGE >= self.count:
            return
        self._pending.add(page)
        assert self._fetch is not None
        self._load(self._gen, page, self._fetch)

    @work(thread=True, group="grid-pages")
    def _load(self, gen: int, page: int, fetch: Fetch) -> None:
        try:
            rows = fetch(page * PAGE, PAGE)
        except Exception as e:  # shown in place of the rows; the app stays usable
            rows = [[f"error: {e}"]]
        self.app.call_from_thread(self._loaded, gen, page, rows)

    def _loaded(self, gen: int, page: int, rows: list[list[str]]) -> None:
        if gen != self._gen:
            return
        self._pending.discard(page)
        self._pages[page] = rows
        self.loaded_pages += 1
        while len(self._pages) > MAX_PAGES:
            oldest = next(iter(self._pages))
            if oldest == page:
                break
            del self._pages[oldest]
        self.refresh()
        if page == self.cursor_row // PAGE:
            self.post_message(self.Moved(self, self.cursor_row))

    # ------------------------------------------------------------------ rendering
    def _widths(self, total: int) -> list[int]:
        fixed = sum(c.width + 1 for c in self.columns if c.width)
        return [c.width if c.width else max(10, total - fixed) for c in self.columns]

    def _line(self, cells: list[str], widths: list[int], style: Style) -> list[Segment]:
        segs: list[Segment] = []
        for k, (col, w) in enumerate(zip(self.columns, widths, strict=False)):
            text = cells[k] if k < len(cells) else ""
            text = text.replace("\n", " ").replace("\t", " ")
            if len(text) > w:
                text = text[: max(w - 1, 0)] + "…" if w > 1 else text[:w]
            text = text.rjust(w) if col.right else text.ljust(w)
            segs.append(Segment(text + " ", style))
        return segs

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        widths = self._widths(width)
        if y == 0:
            st = self.get_component_rich_style("lazygrid--header")
            return Strip(self._line([c.title for c in self.columns], widths, st)).adjust_cell_length(width, st)
        row = int(self.scroll_offset.y) + y - 1
        base = self.rich_style
        if row >= self.count:
            return Strip.blank(width, base)
        is_cursor = row == self.cursor_row
        key = (row, is_cursor, width)
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        cells = self.row_cells(row)
        if cells is None:
            self._want(row // PAGE)
            st = self.get_component_rich_style("lazygrid--loading")
            return Strip([Segment("…".ljust(width), st)]).adjust_cell_length(width, st)
        st = self.get_component_rich_style("lazygrid--cursor") if is_cursor else base
        strip = Strip(self._line(cells, widths, st)).adjust_cell_length(width, st)
        if len(self._strips) > 4096:
            self._strips.clear()
        self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def on_resize(self) -> None:
        self.virtual_size = Size(self._total_width(), self.count + 1)

    # ------------------------------------------------------------------ cursor
    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Moved(self, new))

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        h = max(self.size.height - 1, 1)
        top = int(self.scroll_offset.y)
        r = self.cursor_row
        if center:
            self.scroll_to(y=max(0, r - h // 2), animate=False, immediate=True)
        elif r < top:
            self.scroll_to(y=r, animate=False, immediate=True)
        elif r >= top + h:
            self.scroll_to(y=r - h + 1, animate=False, immediate=True)
        self._ensure_visible_pages()

    def move_to(self, row: int, *, center: bool = True) -> None:
        if self.count == 0:
            return
        row = max(0, min(row, self.count - 1))
        self.set_reactive(LazyGrid.cursor_row, row)
        self._scroll_cursor_into_view(center=center)
        self.refresh()
        self.post_message(self.Moved(self, row))

    def action_cursor(self, delta: int) -> None:
        if self.count:
            self.cursor_row = max(0, min(self.cursor_row + delta, self.count - 1))

    def action_page(self, direction: int) -> None:
        if self.count:
            h = max(self.size.height - 2, 1)
            self.cursor_row = max(0, min(self.cursor_row + direction * h, self.count - 1))

    def action_edge(self, end: int) -> None:
        if self.count:
            self.cursor_row = self.count - 1 if end else 0

    def action_choose(self) -> None:
        if self.count:
            self.post_message(self.Chosen(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_offset.y) + event.y - 1
        if 0 <= row < self.count and event.y >= 1:
            self.cursor_row = row
            if event.chain >= 2:
                self.post_message(self.Chosen(self, row))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._ensure_visible_pages()
