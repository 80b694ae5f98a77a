"""Base of the explorer's views: a view reloads when the filter, scope or time range changed."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Focus at once (keys already queued go to the new widget, unlike ``Widget.focus``)."""
    widget.screen.set_focus(widget)
    if widget.screen.focused is not widget:  # not focusable yet (just shown): once it is laid out
        widget.focus()


class View(Vertical):
    """A page of the explorer. ``load`` starts the (worker) queries for the current context."""

    title = ""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.stale = True
        self.loaded = False  # set once the first data arrived (tests wait on it)
        self._want_activate = False
        self._ready = False  # composed and mounted

    def load(self) -> None:  # pragma: no cover - every view overrides it
        raise NotImplementedError

    @property
    def ready(self) -> bool:
        return self._ready

    def on_mount(self) -> None:
        # a view mounted on first use: load and take the focus now that its widgets exist
        self._ready = True
        if self._want_activate:
            self._want_activate = False
            self.activate()
            if getattr(self.app, "current", None) == self.id:
                self.call_after_refresh(self.focus_main)  # once laid out, so it can take the focus

    def activate(self) -> None:
        """Called when the view is shown; reloads if the context changed meanwhile."""
        if not self._ready:
            self._want_activate = True
            return
        if self.stale:
            self.stale = False
            self.loaded = False
            self.load()

    def show(self) -> None:
        """Load if needed and take the focus (deferred until mounted)."""
        self.activate()
        if self._ready:
            self.focus_main()

    def focus_main(self) -> None:
        focus_now(self)
