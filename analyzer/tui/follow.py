"""Follow fd: the read/write stream of one fd, connection or file, as text or hex, directions marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..session.browse import Chunk, FilterError, Scope
from .hexdump import hexdump, printable
from .text import fmt_time

if TYPE_CHECKING:
    from .app import ExplorerApp

STYLE = {"write": "bold red", "read": "bold blue"}
ARROW = {"write": ">>> write", "read": "<<< read"}


def stream_text(chunks: list[Chunk], hex_mode: bool) -> Text:
    out = Text()
    if not chunks:
        out.append("(no data was read or written on this fd in the capture)")
        return out
    total = {"read": 0, "write": 0}
    for c in chunks:
        total[c.direction] += len(c.data)
        cut = "" if len(c.data) >= c.size else f", {c.size - len(c.data)} not captured"
        out.append(f"{ARROW[c.direction]} {len(c.data)} bytes{cut}  #{c.num} {fmt_time(c.rawtime)} tid {c.tid}\n",
                   style=STYLE[c.direction])
        if hex_mode:
            for line in hexdump(c.data):
                out.append(line + "\n")
        else:
            body = printable(c.data)
            out.append(body + ("" if body.endswith("\n") else "\n"),
                       style="red" if c.direction == "write" else "blue")
    out.append(f"\n{len(chunks)} chunks, {total['write']} bytes written, {total['read']} bytes read\n",
               style="bold")
    return out


class FollowScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "back"), Binding("h", "toggle_hex", "text/hex")]
    DEFAULT_CSS = """
    FollowScreen #follow-title { background: $primary-muted; padding: 0 1; text-style: bold; }
    FollowScreen #follow-body { padding: 0 1; }
    """

    def __init__(self, scope: Scope, label: str) -> None:
        super().__init__()
        self.scope = scope
        self.label = label
        self.hex_mode = False
        self.chunks: list[Chunk] | None = None
        self.error = ""

    def compose(self) -> ComposeResult:
        yield Static(f"follow {self.label}", id="follow-title")
        with VerticalScroll(id="follow-scroll"):
            yield Static("loading…", id="follow-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#follow-scroll").focus()
        self._load()

    @work(thread=True, exclusive=True, group="follow")
    def _load(self) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        try:
            chunks = app.browser.follow(self.scope)
            app.call_from_thread(self._show, chunks, "")
        except FilterError as e:
            app.call_from_thread(self._show, [], str(e))

    def _show(self, chunks: list[Chunk], error: str) -> None:
        self.chunks = chunks
        self.error = error
        self._redraw()

    def _redraw(self) -> None:
        body = self.query_one("#follow-body", Static)
        if self.error:
            body.update(Text(self.error, style="red"))
        elif self.chunks is not None:
            body.update(stream_text(self.chunks, self.hex_mode))

    def action_toggle_hex(self) -> None:
        self.hex_mode = not self.hex_mode
        self._redraw()
