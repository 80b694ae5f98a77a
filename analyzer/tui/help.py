"""The ? screen: views and keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
[b]scapkit explorer[/b]

[b]Views[/b] (: then a name, or a number key)
  1 events       the capture, one row per event; Enter shows the detail
  2 processes    process tree; Enter scopes every view to the process
  3 connections  one row per connection; Enter shows its events, f follows its data
  4 files        one row per file; Enter shows its events, f follows its data
  5 alerts       rule hits by priority and rule; Enter jumps to the event
  6 timeline     events per time bucket; space marks a range end, Enter restricts every view, x clears
  7 sql          a query over events, processes, connections, files, threads, fds, ...; ctrl+s exports

[b]Keys[/b]
  /              filter: a Falco condition (proc.name = sh and fd.name startswith /etc)
                 or an SQL WHERE clause (evt.rawres < 0); prefix sql: to force SQL; empty clears
  s  n  N        search process, type, fd name and arguments; next; previous
  g              jump to an event number or a time (HH:MM:SS.ns)
  f              follow the fd of the selected event (read/write stream); h toggles text/hex
  Enter          open / drill down        Backspace  leave the last drill-down
  Esc            back (previous view, close a screen)
  ctrl+p         command palette           ?  this help          q  quit
  Mouse          click selects, double click opens, wheel scrolls, drag on the timeline picks a range
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "close"), Binding("question_mark", "dismiss", "close"),
                Binding("q", "dismiss", "close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 100; max-width: 95%; height: 80%; border: round $accent;
                                  background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(HELP, id="help-text")
