"""Base of the explorer's views: a view reloads when the filter, scope or time range changed."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Focus at once (keys already queued go to the new widget, unlike ``Widget.focus``)."""
    widget.screen.set_focus(widget)


class View(Vertical):
    """A page of the explorer. ``load`` starts the (worker) queries for the current context."""

    title = ""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.stale = True
        self.loaded = False  # set once the first data arrived (tests wait on it)

    def load(self) -> None:  # pragma: no cover - every view overrides it
        raise NotImplementedError

    def activate(self) -> None:
        """Called when the view is shown; reloads if the context changed meanwhile."""
        if self.stale:
            self.stale = False
            self.loaded = False
            self.load()

    def focus_main(self) -> None:
        focus_now(self)
