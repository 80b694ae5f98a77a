"""SVG snapshots (pytest-textual-snapshot) pinning the look of each view of `scapkit tui`.

Update them after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and review the SVGs in tests/__snapshots__/test_tui_snapshots/.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Tree

from analyzer.session.dataset import open_dataset
from analyzer.tui.app import ExplorerApp, create_app
from analyzer.tui.detail import DetailScreen
from analyzer.tui.follow import FollowScreen

from .tui_capture import _utc, settle, write_capture  # noqa: F401 (_utc: autouse fixture)

SIZE = (150, 42)
Snap = Callable[..., bool]



@pytest.fixture()
def app(tmp_path: Path) -> ExplorerApp:
    cap = write_capture(tmp_path / "tui.scap")
    return create_app(open_dataset([str(cap)]))


async def _ready(pilot: Pilot) -> None:  # type: ignore[type-arg]
    app: ExplorerApp = pilot.app  # type: ignore[assignment]
    await settle(pilot, lambda: app.events_view.loaded and app.events_view.grid.row_cells(0) is not None,
                 "the first page")


def steps(*actions: Callable[[Pilot], Awaitable[None]]) -> Callable[[Pilot], Awaitable[None]]:  # type: ignore[type-arg]
    async def run(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await _ready(pilot)
        for a in actions:
            await a(pilot)
        await settle(pilot)
    return run


def keys(*k: str) -> Callable[[Pilot], Awaitable[None]]:  # type: ignore[type-arg]
    async def run(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await pilot.press(*k)
        await settle(pilot)
    return run


def filter_to(text: str) -> Callable[[Pilot], Awaitable[None]]:  # type: ignore[type-arg]
    async def run(pilot: Pilot) -> None:  # type: ignore[type-arg]
        app: ExplorerApp = pilot.app  # type: ignore[assignment]
        inp = app.query_one("#filter", Input)
        inp.value = text
        inp.focus()
        await pilot.press("enter")
        await settle(pilot)
    return run


def until(cond: Callable[[ExplorerApp], bool], what: str) -> Callable[[Pilot], Awaitable[None]]:  # type: ignore[type-arg]
    async def run(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot, lambda: cond(pilot.app), what)  # type: ignore[arg-type]
    return run


def test_snapshot_events(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps())


def test_snapshot_events_filtered(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(filter_to("proc.name = 'curl'")))


def test_snapshot_events_filter_error(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(filter_to("proc.nosuchfield = 1")))


def test_snapshot_detail(snap_compare: Snap, app: ExplorerApp) -> None:
    async def open_detail(pilot: Pilot) -> None:  # type: ignore[type-arg]
        app.events_view.grid.move_to(8)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.loaded, "the detail")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(open_detail))


def test_snapshot_follow(snap_compare: Snap, app: ExplorerApp) -> None:

    async def follow(pilot: Pilot) -> None:  # type: ignore[type-arg]
        app.events_view.grid.move_to(24)
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, FollowScreen) and app.screen.chunks is not None,
                     "the stream")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(follow))


def test_snapshot_processes(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(
        keys("2"), until(lambda a: a.view("processes").loaded, "the tree")))


def test_snapshot_process_scope(snap_compare: Snap, app: ExplorerApp) -> None:
    async def scope_cat(pilot: Pilot) -> None:  # type: ignore[type-arg]
        tree = app.query_one("#proc-tree", Tree)
        node = next(n for n in _nodes(tree.root) if str(n.label).startswith("cat "))
        tree.move_cursor(node)
        await pilot.press("enter")
        await settle(pilot, lambda: app.current == "events" and app.events_view.loaded, "the scope")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(
        keys("2"), until(lambda a: a.view("processes").loaded, "the tree"), scope_cat))


def _nodes(node):  # type: ignore[no-untyped-def]
    for c in node.children:
        yield c
        yield from _nodes(c)


def test_snapshot_connections(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(
        keys("3"), until(lambda a: a.view("connections").loaded, "the connections")))


def test_snapshot_files(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(
        keys("4"), until(lambda a: a.view("files").loaded, "the files")))


def test_snapshot_alerts(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(
        keys("5"), until(lambda a: a.view("alerts").loaded, "the rules")))


def test_snapshot_timeline(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(
        keys("6"), until(lambda a: a.view("timeline").loaded, "the chart"),
        keys("right", "right", "space", "right", "right", "right", "right", "right", "space"),
        until(lambda a: a.t_range is not None and a.view("timeline").loaded, "the range")))


def test_snapshot_sql(snap_compare: Snap, app: ExplorerApp) -> None:
    async def run_query(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await pilot.press("enter")
        await settle(pilot, lambda: app.view("sql").loaded and app.view("sql").rows > 0, "the query")  # type: ignore[attr-defined]
        app.query_one("#sql-grid").focus()
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(keys("7"), run_query))


def test_snapshot_help(snap_compare: Snap, app: ExplorerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(keys("question_mark")))
