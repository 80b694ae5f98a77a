"""The explorer application and its factory (used by ``scapkit tui`` and by the tests)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widgets import ContentSwitcher, Footer, Input, Static

from ..rules.alerts import Alert
from ..session.browse import Browser, CompiledFilter, FilterError, Scope, run_rules, where_clause
from ..session.dataset import Dataset
from .alerts_view import AlertsView
from .detail import DetailScreen
from .events_view import EventsView
from .follow import FollowScreen
from .help import HelpScreen
from .processes_view import ProcessesView
from .prompt import Prompt
from .sql_view import SqlView
from .tables_view import ConnectionsView, FilesView
from .text import fmt_int, fmt_time
from .timeline import TimelineView
from .view import View, focus_now

VIEWS = ("events", "processes", "connections", "files", "alerts", "timeline", "sql")


class ExplorerCommands(Provider):
    """Command palette entries: views and the context actions."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        cmds: list[tuple[str, str, object]] = [
            (f"view: {v}", f"show the {v} view", partial(app.show_view, v)) for v in VIEWS
        ]
        cmds += [
            ("clear filter", "show every event again", partial(app.apply_filter, "")),
            ("clear drill-down", "leave every process/connection/file scope", app.clear_scopes),
            ("clear time range", "drop the timeline selection", partial(app.set_time_range, None)),
            ("help", "keys and views", app.action_help),
        ]
        return cmds

    async def discover(self) -> Hits:
        for name, help_text, cb in self._commands():
            yield DiscoveryHit(name, cb, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, cb in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), cb, help=help_text)  # type: ignore[arg-type]


class ExplorerApp(App[None]):
    TITLE = "scapkit"
    COMMANDS = App.COMMANDS | {ExplorerCommands}
    CSS = """
    #views { height: 1fr; }
    #status { height: 1; background: $primary-muted; color: $text; padding: 0 1; }
    #scope-bar { height: auto; background: $warning-muted; padding: 0 1; display: none; }
    #scope-bar.shown { display: block; }
    """
    BINDINGS = [
        Binding("question_mark", "help", "help"),
        Binding("slash", "filter", "filter"),
        Binding("colon", "switch", "view"),
        Binding("escape", "back", "back", show=False),
        Binding("backspace", "pop_scope", "up", show=False),
        Binding("q", "quit", "quit"),
        *[Binding(str(i + 1), f"show_view('{v}')", v, show=False) for i, v in enumerate(VIEWS)],
    ]

    def __init__(self, browser: Browser, *, rules: str | None = None) -> None:
        super().__init__()
        self.browser = browser
        self.rules_path = rules
        self.flt: CompiledFilter | None = None
        self.scopes: list[Scope] = []
        self.t_range: tuple[int, int] | None = None
        self.history: list[str] = []
        self.current = "events"

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static("", id="scope-bar")
        with ContentSwitcher(initial="events", id="views"):
            yield EventsView()
            yield ProcessesView()
            yield ConnectionsView()
            yield FilesView()
            yield AlertsView()
            yield TimelineView()
            yield SqlView()
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"scapkit — {self.browser.overview.name}"
        self.update_status()
        self.view("events").activate()
        self.view("events").focus_main()
        self._background_facts()

    @work(thread=True, group="facts")
    def _background_facts(self) -> None:
        """After the first screen: count drop events for the status line, warm the filter compiler."""
        self.browser.count_drops()
        self.call_from_thread(self.update_status)
        self.browser.warm_up()

    def view(self, name: str) -> View:
        return self.query_one(f"#{name}", View)

    @property
    def events_view(self) -> EventsView:
        return self.query_one(EventsView)

    # ------------------------------------------------------------------ context
    def scope(self) -> Scope:
        return self.scopes[-1] if self.scopes else Scope()

    def scope_with_time(self) -> Scope:
        sc = self.scope()
        return sc.with_time(*self.t_range) if self.t_range else sc

    def where(self, *, with_time: bool = True) -> str:
        return where_clause(self.flt, self.scope_with_time() if with_time else self.scope())

    def time_buckets(self, t0: int, width: int, n: int) -> tuple[int, int] | None:
        if self.t_range is None or n == 0:
            return None
        lo = max(0, (self.t_range[0] - t0) // width)
        hi = min(n - 1, max(lo, (self.t_range[1] - 1 - t0) // width))
        return int(lo), int(hi)

    def context_changed(self) -> None:
        for v in self.query(View):
            v.stale = True
        self.view(self.current).activate()
        self._update_scope_bar()
        self.update_status()

    def _update_scope_bar(self) -> None:
        bar = self.query_one("#scope-bar", Static)
        parts = [s.label for s in self.scopes]
        if self.t_range:
            parts.append(f"time {fmt_time(self.t_range[0])} .. {fmt_time(self.t_range[1])}")
        bar.update("scope: " + " › ".join(parts) + "   (Backspace leaves)" if parts else "")
        bar.set_class(bool(parts), "shown")

    def update_status(self) -> None:
        ov = self.browser.overview
        ev = self.events_view if self.is_mounted else None
        parts = [ov.name, f"{fmt_int(ov.events)} events"]
        fresh = ev is not None and ev.selection is not None and not ev.stale and ev.loaded
        if fresh and (self.flt or self.scopes or self.t_range):
            parts.append(f"{fmt_int(ev.selection.count)} shown")  # type: ignore[union-attr]
        if fresh and self.current == "events" and ev.selection.count:  # type: ignore[union-attr]
            parts.append(f"row {fmt_int(ev.grid.cursor_row + 1)}")  # type: ignore[union-attr]
        parts.append(f"filter: {self.flt.text} ({self.flt.kind})" if self.flt else "no filter")
        parts.append(f"drops: {fmt_int(ov.drops)}" if ov.drops is not None else "drops: n/a")
        if ov.truncated_at is not None:
            parts.append(f"⚠ truncated at byte {ov.truncated_at}")
        if ov.warnings:
            parts.append(f"⚠ {len(ov.warnings)} warnings")
        parts.append(f"view: {self.current}")
        self.query_one("#status", Static).update(" │ ".join(parts))

    # ------------------------------------------------------------------ filter
    def apply_filter(self, text: str) -> None:
        self.events_view.query_one("#filter", Input).value = text
        self._compile(text)

    @work(thread=True, exclusive=True, group="compile")
    def _compile(self, text: str) -> None:
        try:
            flt = self.browser.compile(text)
        except FilterError as e:
            self.call_from_thread(self._filter_failed, str(e))
            return
        self.call_from_thread(self._filter_ok, flt)

    def _filter_failed(self, msg: str) -> None:
        self.events_view.show_error(msg)

    def _filter_ok(self, flt: CompiledFilter | None) -> None:
        self.events_view.show_error("")
        self.flt = flt
        self.context_changed()
        if self.current == "events":
            self.events_view.focus_main()

    # ------------------------------------------------------------------ drill-down
    def drill(self, scope: Scope, *, view: str = "events") -> None:
        self.scopes.append(self.scope().merged(scope))
        self.context_changed()
        self.show_view(view)

    def scope_to_process(self, pid: int, name: str) -> None:
        self.drill(Scope(pid=pid, label=f"process {name} ({pid})"), view="events")

    def clear_scopes(self) -> None:
        self.scopes.clear()
        self.context_changed()

    def action_pop_scope(self) -> None:
        if self.scopes:
            self.scopes.pop()
            self.context_changed()

    def set_time_range(self, rng: tuple[int, int] | None) -> None:
        self.t_range = rng
        self.context_changed()

    def jump_to_event(self, num: int) -> None:
        """Show event ``num`` in the Events view, in context (filter and scopes cleared)."""
        self.scopes.clear()
        self.t_range = None
        self.flt = None
        self.events_view.query_one("#filter", Input).value = ""
        self.events_view.goto_num(num)
        self.context_changed()
        self.show_view("events")

    # ------------------------------------------------------------------ screens
    def open_detail(self, num: int) -> None:
        self.push_screen(DetailScreen(num))

    def follow(self, scope: Scope, label: str) -> None:
        self.push_screen(FollowScreen(scope, label))

    def follow_event(self, num: int) -> None:
        self._follow_event(num)

    @work(thread=True, exclusive=True, group="follow-lookup")
    def _follow_event(self, num: int) -> None:
        fd = self.browser.fd_of(num)
        if fd is None:
            self.call_from_thread(self.notify, f"event {num} has no file descriptor", severity="warning")
            return
        pid, fdnum, name = fd
        scope = Scope(pid=pid, fd=fdnum, file=name, label=f"pid {pid} fd {fdnum} {name}")
        self.call_from_thread(self.follow, scope, scope.label)

    # ------------------------------------------------------------------ views
    def show_view(self, name: str) -> None:
        if name not in VIEWS:
            self.notify(f"no view named '{name}' (one of {', '.join(VIEWS)})", severity="error")
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if name != self.current:
            self.history.append(self.current)
            self.current = name
        self.query_one("#views", ContentSwitcher).current = name
        v = self.view(name)
        v.activate()
        v.focus_main()
        self.update_status()

    def action_show_view(self, name: str) -> None:
        self.show_view(name)

    def action_switch(self) -> None:
        def done(text: str | None) -> None:
            if text:
                name = text.strip().lower()
                match = [v for v in VIEWS if v.startswith(name)]
                self.show_view(match[0] if len(match) == 1 else name)
        self.push_screen(Prompt("view (" + ", ".join(VIEWS) + "):", suggestions=list(VIEWS)), done)

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "filter":
            self.events_view.focus_main()
            return
        if self.history:
            prev = self.history.pop()
            self.current = prev
            self.query_one("#views", ContentSwitcher).current = prev
            v = self.view(prev)
            v.activate()
            v.focus_main()
            self.update_status()

    def action_filter(self) -> None:
        if self.current != "events":
            self.show_view("events")
        focus_now(self.events_view.query_one("#filter", Input))

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # ------------------------------------------------------------------ rules
    def rules_label(self) -> str:
        return Path(self.rules_path).name if self.rules_path else "default rules"

    def run_rules(self) -> list[Alert]:
        """Runs in a worker thread (the Alerts view calls it)."""
        return run_rules(self.browser.ds, self.rules_path)


def create_app(ds: Dataset, *, rules: str | None = None) -> ExplorerApp:
    """The one way to build the explorer: the CLI and the tests call this."""
    return ExplorerApp(Browser(ds), rules=rules)
