"""Detail of one event: every field by class, the rendered arguments, the data buffer in hex."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..tables.fields import FIELDS, render_value
from .hexdump import hexdump
from .text import cell

if TYPE_CHECKING:
    from .app import ExplorerApp

CLASSES = ("evt", "thread", "proc", "user", "group", "fd", "container", "k8s")
# (struct, member) -> catalogue field, for rendering as sysdig does
_BY_COLUMN = {}
for _f in FIELDS.values():
    _BY_COLUMN.setdefault(_f.column, _f)
HIDDEN = {("evt", "args"), ("evt", "arg"), ("evt", "arglist"), ("evt", "rawarg"), ("evt", "buffer"), ("evt", "time")}


def detail_lines(row: dict[str, object]) -> Text:
    """The detail text of an event row (as ``Browser.event`` returns it)."""
    out = Text()
    evt = row.get("evt") or {}
    assert isinstance(evt, dict)
    head = f"event #{evt.get('num')}  {evt.get('dir', '')} {evt.get('type', '')}"
    out.append(head + "\n", style="bold")
    for cls in CLASSES:
        val = row.get(cls)
        if not isinstance(val, dict):
            continue
        out.append(f"\n{cls}\n", style="bold underline")
        for member, v in val.items():
            if (cls, member) in HIDDEN:
                continue
            f = _BY_COLUMN.get((cls, member))
            name = f.name if f is not None else f"{cls}.{member}"
            if f is not None and f.render is not None and v is not None:
                text = render_value(f, v)
            elif f is not None:
                text = render_value(f, v)
            else:
                text = "<NA>" if v is None else cell(v)
            out.append(f"  {name:<26} ", style="cyan")
            out.append(f"{text}\n")
    out.append("\narguments\n", style="bold underline")
    args = evt.get("arg")
    if isinstance(args, dict) and args:
        for k, v in args.items():
            out.append(f"  {k:<26} ", style="green")
            out.append(f"{v}\n")
    elif isinstance(args, list) and args:  # DuckDB MAP as a list of key/value pairs
        for kv in args:
            out.append(f"  {kv['key']:<26} ", style="green")
            out.append(f"{kv['value']}\n")
    else:
        out.append(f"  {evt.get('args') or '(none)'}\n")
    buf = evt.get("buffer")
    if isinstance(buf, bytes | bytearray | memoryview) and len(buf):
        data = bytes(buf)
        out.append(f"\ndata buffer ({len(data)} bytes)\n", style="bold underline")
        for line in hexdump(data):
            out.append("  " + line + "\n")
    return out


class DetailScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "back"), Binding("f", "follow", "follow fd")]
    DEFAULT_CSS = """
    DetailScreen #detail-body { padding: 0 1; }
    """

    def __init__(self, num: int) -> None:
        super().__init__()
        self.num = num
        self.loaded = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield Static("loading…", id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#detail-scroll").focus()
        self._load(self.num)

    @work(thread=True, exclusive=True, group="detail")
    def _load(self, num: int) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        row = app.browser.event(num)
        text = detail_lines(row) if row is not None else Text(f"event {num} not found")
        app.call_from_thread(self._show, text)

    def _show(self, text: Text) -> None:
        self.query_one("#detail-body", Static).update(text)
        self.loaded = True

    def action_follow(self) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        app.follow_event(self.num)
