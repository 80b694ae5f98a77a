"""The explorer on real captures: the shared curl_google trace and the repository's sample traces."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from textual.widgets import Tree

from analyzer.session.browse import run_rules
from analyzer.session.dataset import open_dataset
from analyzer.tui.app import ExplorerApp, create_app
from analyzer.tui.follow import FollowScreen

from .conftest import need_traces, skip_or_fail
from .tui_capture import _utc, open_view, screen_text, settle, sync  # noqa: F401 (_utc: autouse fixture)

SIZE = (170, 45)



async def follow_connection(pilot, app: ExplorerApp, pick) -> str:  # type: ignore[no-untyped-def]
    """Opens the connections view, selects the first row ``pick(record)`` accepts, follows its
    stream (f) and returns the screen text of the stream."""
    cv = await open_view(pilot, app, "3", "connections", "the connections")
    cv.grid.move_to(next(k for k, r in enumerate(cv.records) if pick(r)))
    await pilot.press("f")
    await settle(pilot, lambda: isinstance(app.screen, FollowScreen) and app.screen.chunks is not None,
                 "the stream")
    return screen_text(app)


@pytest.fixture()
def curl_app() -> ExplorerApp:
    trace = next((t for t in need_traces() if t.name == "curl_google.scap"), None)
    if trace is None:
        skip_or_fail("curl_google.scap is not among the shared traces")
    return create_app(open_dataset([str(trace)]))


@sync
async def test_curl_google_connection_stream_and_process(curl_app: ExplorerApp) -> None:
    app = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.events_view.loaded and app.events_view.grid.row_cells(0) is not None,
                     "the first page")
        assert app.events_view.grid.count == app.browser.overview.events == 1536
        text = await follow_connection(pilot, app, lambda r: r["proc_name"] == "curl" and r["bytes_written"] == 78)
        cv = app.view("connections")
        curl = [r for r in cv.records if r["proc_name"] == "curl"]
        assert len(curl) == 2 and any(str(r["name"]).endswith(":80") and r["bytes_written"] == 78 for r in curl)
        assert ">>> write 78 bytes" in text and "GET / HTTP/1.1" in text and "Host: www.google.com" in text
        assert "<<< read 80 bytes" in text and "HTTP/1.1 200 OK" in text
        assert text.index("GET / HTTP/1.1") < text.index("HTTP/1.1 200 OK")
        await pilot.press("escape", "2")
        pv = app.view("processes")
        await settle(pilot, lambda: pv.loaded, "the process tree")
        tree = app.query_one("#proc-tree", Tree)

        def walk(node):  # type: ignore[no-untyped-def]
            for c in node.children:
                yield c
                yield from walk(c)
        node = next(n for n in walk(tree.root) if str(n.label).startswith("curl -6 http://www.google.com (17497"))
        assert "ev 1,221" in str(node.label) and "conns 2" in str(node.label)
        tree.move_cursor(node)
        await pilot.press("enter")
        ev = app.events_view
        await settle(pilot, lambda: app.current == "events" and ev.loaded and ev.selection is not None
                     and ev.selection.count == 1221, "the process scope")
        assert ev.grid.row_cells(0)[3] == "curl"


SAMPLES = Path(__file__).resolve().parents[1] / "sample_traces"


@sync
async def test_webshell_sample_alerts_jump_and_http_stream() -> None:
    trace = SAMPLES / "webshell.scap.gz"
    assert trace.exists(), f"{trace} is part of the repository"
    ds = open_dataset([str(trace)])
    expected = run_rules(ds, None)  # the scan engine itself, for the counts the view must show
    by_rule = Counter(a.rule for a in expected)
    app = create_app(ds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.events_view.loaded and app.events_view.grid.row_cells(0) is not None,
                     "the first page")
        av = await open_view(pilot, app, "5", "alerts", "the rules")
        assert av.alerts is not None and len(av.alerts) == len(expected) > 0
        text = screen_text(app)
        assert f"{len(expected)} alerts from {len(by_rule)} rules" in text
        for rule, n in by_rule.items():
            assert f"{rule} ({n})" in text
        assert "Critical" in text and "Web server spawned a shell" in text
        tree = app.query_one("#alerts-tree", Tree)
        group = next(n for n in tree.root.children if "Web server spawned a shell" in str(n.label))
        group.expand()
        await settle(pilot)
        hit = group.children[0]
        tree.move_cursor(hit)
        await pilot.press("enter")
        ev = app.events_view
        want = hit.data.evt_num  # type: ignore[union-attr]
        await settle(pilot, lambda: app.current == "events" and ev.loaded
                     and ev.grid.row_cells(ev.grid.cursor_row) is not None, "the jump")
        assert ev.grid.row_cells(ev.grid.cursor_row)[0] == str(want)
        # the web shell's HTTP traffic: curl's first connection, followed
        text = await follow_connection(pilot, app, lambda r: r["proc_name"] == "curl" and r["bytes_written"])
        assert ">>> write" in text and "GET / HTTP/1.1" in text and "User-Agent: curl/" in text
        assert "<<< read" in text and "HTTP/1.0 200 OK" in text
