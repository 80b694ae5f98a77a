"""Alerts: the rules run over the capture, hits grouped by priority and rule; Enter jumps to the event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static, Tree

from ..rules.alerts import Alert
from ..session.browse import FilterError
from .text import fmt_time
from .view import View, focus_now

if TYPE_CHECKING:
    from .app import ExplorerApp


def group_alerts(alerts: list[Alert]) -> list[tuple[str, str, list[Alert]]]:
    """(priority label, rule, hits) sorted by severity, then rule name; hits in event order."""
    groups: dict[tuple[int, str], list[Alert]] = {}
    for a in alerts:
        groups.setdefault((int(a.priority), a.rule), []).append(a)
    out = []
    for (_, rule), hits in sorted(groups.items()):
        hits.sort(key=lambda a: a.evt_num)
        out.append((hits[0].priority.label, rule, hits))
    return out


class AlertsView(View):
    def __init__(self) -> None:
        super().__init__(id="alerts")
        self.alerts: list[Alert] | None = None
        self.error = ""

    def compose(self) -> ComposeResult:
        yield Static("running the rules…", id="alerts-info")
        tree: Tree[Alert] = Tree("alerts", id="alerts-tree")
        tree.show_root = False
        tree.auto_expand = False
        yield tree

    @property
    def tree(self) -> Tree[Alert]:
        return self.query_one("#alerts-tree", Tree)

    def focus_main(self) -> None:
        focus_now(self.tree)

    def activate(self) -> None:
        # alerts do not depend on the filter or scope: run the rules once
        if not self.ready:
            self._want_activate = True
            return
        if self.alerts is None and not self.error and self.stale:
            self.stale = False
            self.load()

    def load(self) -> None:
        self._run()

    @work(thread=True, exclusive=True, group="alerts")
    def _run(self) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        try:
            alerts = app.run_rules()
        except (FilterError, ValueError, OSError) as e:
            app.call_from_thread(self._failed, str(e))
            return
        app.call_from_thread(self._show, alerts)

    def _failed(self, msg: str) -> None:
        self.error = msg
        self.query_one("#alerts-info", Static).update(f"[red]rules could not run:[/red] {msg}")
        self.loaded = True

    def _show(self, alerts: list[Alert]) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        self.alerts = alerts
        groups = group_alerts(alerts)
        tree = self.tree
        tree.clear()
        for prio, rule, hits in groups:
            node = tree.root.add(f"{prio:<13} {rule} ({len(hits)})", expand=len(groups) <= 3)
            for a in hits:
                node.add_leaf(f"#{a.evt_num} {fmt_time(a.time_ns)} {a.output}", data=a)
        tree.root.expand()
        self.query_one("#alerts-info", Static).update(
            f"{len(alerts)} alerts from {len(groups)} rules ({app.rules_label()})  Enter: go to the event")
        self.loaded = True

    def on_tree_node_selected(self, event: Tree.NodeSelected[Alert]) -> None:
        event.stop()
        node = event.node
        if node.data is None:
            node.toggle()
            return
        app: ExplorerApp = self.app  # type: ignore[assignment]
        app.jump_to_event(node.data.evt_num)
