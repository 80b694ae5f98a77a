"""The process tree (from the ``processes`` table); Enter scopes the other views to a process."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from .text import fmt_int, fmt_time
from .view import View, focus_now

if TYPE_CHECKING:
    from .app import ExplorerApp

Proc = dict[str, object]


def node_label(p: Proc) -> str:
    cmd = str(p.get("cmdline") or p.get("name") or "?")
    image = int(p.get("image") or 0)  # type: ignore[call-overload]
    start = fmt_time(p.get("start_ts")) or "before capture"
    end = fmt_time(p.get("end_ts")) or "still running"
    parts = [f"{cmd} ({p.get('pid')}{'' if image == 0 else f' exec {image}'})", str(p.get("user") or "")]
    parts.append(f"{start} → {end}")
    parts.append(f"ev {fmt_int(p.get('n_events'))} files {fmt_int(p.get('n_files'))} "
                 f"conns {fmt_int(p.get('n_connections'))}")
    return "  ".join(x for x in parts if x)


def build_forest(procs: list[Proc]) -> list[tuple[Proc, list]]:  # type: ignore[type-arg]
    """Nest process images: an image's parent is the ppid's image that was live when it started,
    and image N+1 of a pid is a child of image N (the exec)."""
    by_pid: dict[int, list[Proc]] = {}
    for p in procs:
        by_pid.setdefault(int(p["pid"]), []).append(p)  # type: ignore[call-overload]
    for lst in by_pid.values():
        lst.sort(key=lambda p: int(p.get("image") or 0))  # type: ignore[call-overload]
    children: dict[int, list[Proc]] = {}
    roots: list[Proc] = []
    for p in procs:
        pid, image = int(p["pid"]), int(p.get("image") or 0)  # type: ignore[call-overload]
        parent: Proc | None = None
        if image > 0:
            prev = [q for q in by_pid[pid] if int(q.get("image") or 0) < image]  # type: ignore[call-overload]
            parent = prev[-1] if prev else None
        if parent is None and p.get("ppid") is not None:
            cands = by_pid.get(int(p["ppid"]), [])  # type: ignore[call-overload]
            start = p.get("start_num")
            live = [q for q in cands if q.get("start_num") is None or start is None
                    or int(q["start_num"]) <= int(start)]  # type: ignore[call-overload]
            parent = (live or cands or [None])[-1]
        if parent is None or parent is p:
            roots.append(p)
        else:
            children.setdefault(id(parent), []).append(p)

    def nest(p: Proc) -> tuple[Proc, list]:  # type: ignore[type-arg]
        return (p, [nest(c) for c in children.get(id(p), [])])

    return [nest(r) for r in roots]


class ProcessesView(View):
    BINDINGS = [
        Binding("enter", "scope", "scope to process"),
        Binding("space", "toggle", "expand/collapse", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="processes")
        self.count = 0

    def compose(self) -> ComposeResult:
        tree: Tree[Proc] = Tree("processes", id="proc-tree")
        tree.auto_expand = False
        tree.show_root = False
        yield tree

    @property
    def tree(self) -> Tree[Proc]:
        return self.query_one("#proc-tree", Tree)

    def focus_main(self) -> None:
        focus_now(self.tree)

    def load(self) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        self._fetch(app.scope_with_time())

    @work(thread=True, exclusive=True, group="processes")
    def _fetch(self, scope: object) -> None:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        rows = app.browser.processes(scope)  # type: ignore[arg-type]
        app.call_from_thread(self._show, rows)

    def _show(self, rows: list[Proc]) -> None:
        tree = self.tree
        tree.clear()
        self.count = len(rows)

        def add(parent: TreeNode[Proc], item: tuple[Proc, list]) -> None:  # type: ignore[type-arg]
            p, kids = item
            if kids:
                node = parent.add(node_label(p), data=p, expand=True)
                for k in kids:
                    add(node, k)
            else:
                parent.add_leaf(node_label(p), data=p)

        for item in build_forest(rows):
            add(tree.root, item)
        tree.root.expand()
        self.loaded = True

    def on_tree_node_selected(self, event: Tree.NodeSelected[Proc]) -> None:
        event.stop()
        self.action_scope()

    def action_scope(self) -> None:
        node = self.tree.cursor_node
        if node is None or node.data is None:
            return
        p = node.data
        app: ExplorerApp = self.app  # type: ignore[assignment]
        app.scope_to_process(int(p["pid"]), str(p.get("name") or ""))  # type: ignore[call-overload]

    def action_toggle(self) -> None:
        node = self.tree.cursor_node
        if node is not None:
            node.toggle()
