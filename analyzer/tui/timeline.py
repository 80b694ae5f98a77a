"""Events per time bucket as a bar chart; the Timeline view selects a time range with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from .text import fmt_int, fmt_time
from .view import View

if TYPE_CHECKING:
    from .app import ExplorerApp

BLOCKS = " ▁▂▃▄▅▆▇█"


class TimelineChart(Widget, can_focus=False):
    """Bars of ``counts``; buckets ``sel`` (inclusive range) drawn highlighted, ``cursor`` marked."""

    DEFAULT_CSS = """
    TimelineChart { height: 3; }
    """

    class RangePicked(Message):
        def __init__(self, chart: TimelineChart, lo: int, hi: int) -> None:
            super().__init__()
            self.chart = chart
            self.lo = lo
            self.hi = hi

    def __init__(self, *, id: str | None = None, interactive: bool = False) -> None:
        super().__init__(id=id)
        self.counts: list[int] = []
        self.t0 = 0
        self.width_ns = 1
        self.sel: tuple[int, int] | None = None
        self.cursor: int | None = None
        self.interactive = interactive
        self._drag_from: int | None = None

    class Resized(Message):
        def __init__(self, chart: TimelineChart) -> None:
            super().__init__()
            self.chart = chart

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width and event.size.width != len(self.counts):
            self.post_message(self.Resized(self))

    def set_data(self, counts: list[int], t0: int, width_ns: int, sel: tuple[int, int] | None) -> None:
        self.counts, self.t0, self.width_ns, self.sel = counts, t0, width_ns, sel
        self.refresh()

    def bucket_time(self, i: int) -> int:
        return self.t0 + i * self.width_ns

    def render(self) -> Text:
        h = max(self.size.height, 1)
        w = self.size.width
        counts = self.counts[:w]
        top = max(counts) if counts else 0
        levels = h * 8
        bar = Style(color="cyan")
        hi = Style(color="yellow", bold=True)
        cur = Style(color="black", bgcolor="white")
        lines: list[Text] = []
        heights = [(-(-c * levels // top) if top and c else 0) for c in counts]
        for row in range(h):
            floor = (h - 1 - row) * 8
            t = Text()
            for i, v in enumerate(heights):
                k = max(0, min(8, v - floor))
                ch = BLOCKS[k]
                st = hi if self.sel and self.sel[0] <= i <= self.sel[1] else bar
                if self.cursor == i:
                    st = cur
                    ch = ch if k else "·"
                t.append(ch, st)
            lines.append(t)
        return Text("\n").join(lines)

    def _bucket_at(self, x: int) -> int | None:
        return x if 0 <= x < len(self.counts) else None

    def _content_x(self, event: events.MouseEvent) -> int:
        off = event.get_content_offset_capture(self)
        return off.x

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self.interactive:
            self._drag_from = self._bucket_at(self._content_x(event))
            if self._drag_from is not None:
                self.capture_mouse()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self.interactive or self._drag_from is None:
            return
        self.release_mouse()
        end = self._bucket_at(max(0, min(self._content_x(event), len(self.counts) - 1)))
        a, b = sorted((self._drag_from, end if end is not None else self._drag_from))
        self._drag_from = None
        self.post_message(self.RangePicked(self, a, b))


class TimelineView(View):
    """The full-height chart: arrows move a cursor, space marks the ends, Enter restricts every view."""

    BINDINGS = [
        Binding("left", "move(-1)", "◀", show=False),
        Binding("right", "move(1)", "▶", show=False),
        Binding("shift+left", "move(-10)", "◀◀", show=False),
        Binding("shift+right", "move(10)", "▶▶", show=False),
        Binding("space", "mark", "mark range end"),
        Binding("enter", "apply", "restrict to range"),
        Binding("x", "clear", "clear range"),
    ]
    DEFAULT_CSS = """
    TimelineView { padding: 0 1; }
    TimelineView #tl-chart { height: 1fr; min-height: 6; border: round $primary; }
    TimelineView #tl-info { height: auto; }
    """
    can_focus = True

    def __init__(self) -> None:
        super().__init__(id="timeline")
        self.mark: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="tl-info")
        yield TimelineChart(id="tl-chart", interactive=True)

    @property
    def chart(self) -> TimelineChart:
        return self.query_one("#tl-chart", TimelineChart)

    def load(self) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        buckets = max(self.chart.size.width, 20)
        self._fetch(app.where(with_time=False), buckets)

    @work(thread=True, exclusive=True, group="timeline")
    def _fetch(self, where: str, buckets: int) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        counts, t0, width = app.browser.timeline(where, buckets)
        app.call_from_thread(self._show, counts, t0, width)

    def _show(self, counts: list[int], t0: int, width: int) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        sel = app.time_buckets(t0, width, len(counts))
        ch = self.chart
        if ch.cursor is None or ch.cursor >= len(counts):
            ch.cursor = 0
        ch.set_data(counts, t0, width, sel)
        self.loaded = True
        self._info()

    def _info(self) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        ch = self.chart
        lines = [f"{len(ch.counts)} buckets of {ch.width_ns / 1e6:.3f} ms, {fmt_int(sum(ch.counts))} events"]
        if ch.cursor is not None and ch.counts:
            c = ch.cursor
            lines.append(f"cursor: bucket {c} at {fmt_time(ch.bucket_time(c))}: {fmt_int(ch.counts[c])} events")
        if self.mark is not None:
            lines.append(f"mark at {fmt_time(ch.bucket_time(self.mark))} (space again marks the other end)")
        if app.t_range is not None:
            lines.append(f"range: {fmt_time(app.t_range[0])} .. {fmt_time(app.t_range[1])} (x clears)")
        self.query_one("#tl-info", Static).update("\n".join(lines))

    def action_move(self, delta: int) -> None:
        ch = self.chart
        if not ch.counts:
            return
        ch.cursor = max(0, min((ch.cursor or 0) + delta, len(ch.counts) - 1))
        if self.mark is not None:
            ch.sel = tuple(sorted((self.mark, ch.cursor)))  # type: ignore[assignment]
        ch.refresh()
        self._info()

    def action_mark(self) -> None:
        ch = self.chart
        if ch.cursor is None:
            return
        if self.mark is None:
            self.mark = ch.cursor
            ch.sel = (ch.cursor, ch.cursor)
            ch.refresh()
            self._info()
        else:
            lo, hi = sorted((self.mark, ch.cursor))
            self.mark = None
            self._apply(lo, hi)

    def action_apply(self) -> None:
        ch = self.chart
        if ch.sel is not None:
            self.mark = None
            self._apply(*ch.sel)
        elif ch.cursor is not None:
            self._apply(ch.cursor, ch.cursor)

    def action_clear(self) -> None:
        self.mark = None
        app: ExplorerApp = self.app  # type: ignore[assignment]
        app.set_time_range(None)

    def on_timeline_chart_resized(self, msg: TimelineChart.Resized) -> None:
        msg.stop()
        if self.loaded:
            self.load()

    def on_timeline_chart_range_picked(self, msg: TimelineChart.RangePicked) -> None:
        self.chart.cursor = msg.hi
        self._apply(msg.lo, msg.hi)

    def _apply(self, lo: int, hi: int) -> None:
        ch = self.chart
        app: ExplorerApp = self.app  # type: ignore[assignment]
        app.set_time_range((ch.bucket_time(lo), ch.bucket_time(hi + 1)))
