"""Pilot tests: every view of `scapkit tui` driven by the keyboard, asserting on what is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static, Tree

from analyzer.session.dataset import open_dataset
from analyzer.tui.app import ExplorerApp, create_app
from analyzer.tui.detail import DetailScreen
from analyzer.tui.follow import FollowScreen
from analyzer.tui.help import HelpScreen

from .tui_capture import ANSWER, NOISE, REQUEST, _utc, open_view, screen_text, settle, sync, write_capture  # noqa: F401 (_utc: autouse fixture)

SIZE = (160, 45)



@pytest.fixture()
def app(tmp_path: Path) -> ExplorerApp:
    cap = write_capture(tmp_path / "tui.scap")
    return create_app(open_dataset([str(cap)]))


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        await pilot.press({" ": "space", "'": "apostrophe", "/": "slash", ".": "full_stop", "=": "equals_sign",
                           "_": "underscore", ":": "colon", "*": "asterisk", "(": "left_parenthesis",
                           ")": "right_parenthesis", ",": "comma", "<": "less_than_sign", ">": "greater_than_sign",
                           "-": "minus"}.get(ch, ch))


async def start(pilot) -> ExplorerApp:  # type: ignore[no-untyped-def]
    app: ExplorerApp = pilot.app
    await settle(pilot, lambda: app.events_view.loaded and app.events_view.grid.row_cells(0) is not None,
                 "the first page of events")
    return app


async def apply_filter(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


TOTAL = 30 + 2 * NOISE + 4


def detail_text(app: ExplorerApp) -> str:
    """The whole text of the detail screen (it is taller than the terminal)."""
    return str(app.screen.query_one("#detail-body", Static).content)


@sync
async def test_events_first_screen_and_scrolling(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        grid = app.events_view.grid
        assert grid.count == TOTAL
        assert grid.row_cells(0)[:7] == ["1", "16:26:40.000000000", "1", "bash", "200", ">", "clone"]
        text = screen_text(app)
        assert "tui.scap" in text and f"{TOTAL} events" in text and "no filter" in text and "drops: 0" in text
        assert "/etc/passwd" in text and "execve" in text
        await pilot.press("end")
        await settle(pilot, lambda: grid.row_cells(grid.cursor_row) is not None, "the last page")
        assert grid.cursor_row == TOTAL - 1
        assert grid.row_cells(TOTAL - 1)[0] == str(TOTAL)
        assert grid.row_cells(TOTAL - 1)[3] == "ticker" and grid.row_cells(TOTAL - 1)[6] == "close"
        assert str(TOTAL) in screen_text(app)
        # pages are fetched on demand: the first and the last, not everything in between
        assert grid.loaded_pages <= 3
        await pilot.press("home", "down", "down", "pagedown")
        await settle(pilot)
        assert grid.cursor_row > 2


@sync
async def test_filter_falco_or_sql_and_error_in_place(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await apply_filter(pilot, "proc.name = 'cat'")
        ev = app.events_view
        await settle(pilot, lambda: ev.selection is not None and ev.selection.count == 10, "the cat filter")
        assert ev.grid.row_cells(0)[0] == "5" and ev.grid.row_cells(0)[3] == "cat"
        assert all(ev.grid.row_cells(i)[3] == "cat" for i in range(10))
        assert "10 shown" in screen_text(app) and "filter: proc.name = 'cat'" in screen_text(app)
        # a Falco-only condition (unquoted strings, startswith, in (...))
        app.query_one("#filter", Input).value = ""
        await apply_filter(pilot, "proc.name in (cat, curl) and fd.name startswith /etc")
        await settle(pilot, lambda: ev.selection is not None and ev.selection.count == 5, "the Falco filter")
        assert app.flt is not None and app.flt.kind == "falco"
        assert {ev.grid.row_cells(i)[7] for i in range(5)} == {"/etc/passwd"}
        assert "(falco)" in screen_text(app)
        # an SQL-only clause is accepted as SQL
        await pilot.press("ctrl+a")
        app.query_one("#filter", Input).value = ""
        await apply_filter(pilot, "evt.rawres = 73")
        await settle(pilot, lambda: ev.selection is not None and ev.selection.count == 2, "the rawres filter")
        assert app.flt is not None and app.flt.kind in ("falco", "sql")
        assert {ev.grid.row_cells(0)[6], ev.grid.row_cells(1)[6]} == {"read", "write"}
        # a bad filter shows its error in place and keeps the last good one
        app.query_one("#filter", Input).value = ""
        await apply_filter(pilot, "proc.nosuchfield = 1")
        err = app.query_one("#filter-error", Static)
        await settle(pilot, lambda: "shown" in err.classes, "the filter error")
        assert "nosuchfield" in screen_text(app)
        assert ev.selection is not None and ev.selection.count == 2
        # empty filter: everything again
        app.query_one("#filter", Input).value = ""
        app.query_one("#filter", Input).focus()
        await pilot.press("enter")
        await settle(pilot, lambda: ev.selection is not None and ev.selection.count == TOTAL, "the cleared filter")
        assert "shown" not in err.classes


@sync
async def test_search_and_jump(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        grid = app.events_view.grid
        await pilot.press("s")
        await type_text(pilot, "passwd")
        await pilot.press("enter")
        await settle(pilot, lambda: grid.cursor_row > 0, "the search")
        assert grid.row_cells(grid.cursor_row)[0] == "5"
        await pilot.press("n")
        await settle(pilot, lambda: grid.cursor_row > 4, "the next match")
        assert grid.row_cells(grid.cursor_row)[0] == "6"
        await pilot.press("g")
        await type_text(pilot, "700")
        await pilot.press("enter")
        await settle(pilot, lambda: grid.row_cells(grid.cursor_row) is not None and grid.cursor_row == 699, "jump")
        assert grid.row_cells(699)[0] == "700"
        await pilot.press("g")
        await type_text(pilot, "16:26:40.000026")
        await pilot.press("enter")
        await settle(pilot, lambda: grid.cursor_row == 26, "jump to a time")
        assert grid.row_cells(26)[1] == "16:26:40.000026000"


@sync
async def test_detail_of_an_event(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("g")
        await type_text(pilot, "9")
        await pilot.press("enter")
        await settle(pilot, lambda: app.events_view.grid.cursor_row == 8, "the jump to #9")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.loaded, "the detail")
        assert "event #9" in screen_text(app) and "< read" in screen_text(app)
        text = detail_text(app)
        assert "proc.name" in text and "cat" in text
        assert "fd.name" in text and "/etc/passwd" in text
        assert "user.name" in text and "alice" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DetailScreen)


@sync
async def test_detail_hexdump_and_follow_fd(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("g")
        await type_text(pilot, "25")
        await pilot.press("enter", "enter")
        await settle(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.loaded, "the detail")
        text = detail_text(app)
        assert "data buffer (52 bytes)" in text
        assert "47 45 54 20 2f 20 48 54" in text and "|GET / HTTP/1.1..|" in text
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, FollowScreen) and app.screen.chunks is not None,
                     "the stream")
        text = screen_text(app)
        assert ">>> write 52 bytes" in text and "<<< read 43 bytes" in text
        assert "GET / HTTP/1.1" in text and "HTTP/1.1 200 OK" in text and "hello" in text
        assert text.index("GET / HTTP/1.1") < text.index("HTTP/1.1 200 OK")
        await pilot.press("h")
        await settle(pilot)
        assert "48 54 54 50 2f 31 2e 31" in screen_text(app)  # "HTTP/1.1" in hex
        assert len(REQUEST) == 52 and len(ANSWER) == 43


@sync
async def test_processes_tree_scope_and_back(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_view(pilot, app, "2", "processes", "the process tree")
        tree = app.query_one("#proc-tree", Tree)
        labels = {}

        def walk(node) -> None:  # type: ignore[no-untyped-def]
            for c in node.children:
                labels[str(c.label)] = c
                walk(c)
        walk(tree.root)
        cat = [k for k in labels if k.startswith("cat /etc/passwd (300")]
        assert cat, list(labels)
        assert any(k.startswith("curl http://93.184.216.34/ (400") for k in labels)
        # cat hangs under bash (pid 200)
        assert str(labels[cat[0]].parent.label).split(" (")[0].endswith("bash") or "(200" in str(
            labels[cat[0]].parent.label)
        text = screen_text(app)
        assert "cat /etc/passwd (300" in text and "alice" in text
        tree.move_cursor(labels[cat[0]])
        await pilot.press("enter")
        ev = app.events_view
        await settle(pilot, lambda: app.current == "events" and ev.selection is not None
                     and ev.selection.count < TOTAL and ev.loaded, "the process scope")
        assert ev.selection.count == 12
        assert "scope: process cat (300)" in screen_text(app)
        await pilot.press("backspace")
        await settle(pilot, lambda: ev.selection is not None and ev.selection.count == TOTAL, "leaving the scope")
        assert "scope:" not in screen_text(app)


@sync
async def test_connections_drill_down(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        cv = await open_view(pilot, app, "3", "connections", "the connections")
        text = screen_text(app)
        assert "10.0.0.10:40000->93.184.216.34:80" in text and "curl" in text
        assert cv.grid.count == 1
        await pilot.press("enter")
        ev = app.events_view
        await settle(pilot, lambda: app.current == "events" and ev.loaded and ev.selection is not None
                     and ev.selection.count < TOTAL, "the connection's events")
        rows = [ev.grid.row_cells(i) for i in range(ev.selection.count)]
        assert rows and all(r[3] == "curl" for r in rows)
        assert {r[6] for r in rows} >= {"connect", "write", "read", "close"}


@sync
async def test_files_drill_down(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        fv = await open_view(pilot, app, "4", "files", "the files")
        names = [r["name"] for r in fv.records]
        assert "/etc/passwd" in names
        assert "/etc/passwd" in screen_text(app)
        fv.grid.move_to(names.index("/etc/passwd"))
        await pilot.press("enter")
        ev = app.events_view
        await settle(pilot, lambda: app.current == "events" and ev.loaded and ev.selection is not None
                     and ev.selection.count < TOTAL, "the file's events")
        rows = [ev.grid.row_cells(i) for i in range(ev.selection.count)]
        assert rows and all(r[7] == "/etc/passwd" for r in rows)
        assert {r[6] for r in rows} >= {"openat", "read", "close"}


@sync
async def test_timeline_range_restricts_views(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        tv = await open_view(pilot, app, "6", "timeline", "the timeline")
        chart = tv.chart
        assert sum(chart.counts) == TOTAL and len(chart.counts) >= 20
        assert "buckets of" in screen_text(app)
        await pilot.press("space")
        for _ in range(4):
            await pilot.press("right")
        await pilot.press("space")
        await settle(pilot, lambda: app.t_range is not None, "the range")
        lo, hi = app.t_range
        await pilot.press("1")
        ev = app.events_view
        await settle(pilot, lambda: ev.loaded and ev.selection is not None and ev.selection.count < TOTAL,
                     "the restricted events")
        n = ev.selection.count
        assert n == sum(chart.counts[0:5])
        assert "scope: time" in screen_text(app)
        await pilot.press("6", "x")
        await settle(pilot, lambda: app.t_range is None, "the cleared range")
        assert lo < hi


@sync
async def test_sql_pane_and_export(app: ExplorerApp, tmp_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("7")
        sv = app.view("sql")
        inp = app.query_one("#sql-input", Input)
        inp.value = "SELECT proc.name AS name, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC, 1"
        await pilot.press("enter")
        await settle(pilot, lambda: sv.loaded and sv.rows > 0, "the query")
        grid = app.query_one("#sql-grid")
        assert grid.row_cells(0) == ["ticker", str(2 * NOISE + 4)]
        assert "ticker" in screen_text(app)
        async def export(out: Path) -> None:  # ctrl+s, the file name, enter (the suffix picks the format)
            await pilot.press("ctrl+s")
            await settle(pilot)
            app.screen.query_one(Input).value = str(out)
            await pilot.press("enter")
            await settle(pilot, lambda: out.exists(), f"the export to {out.name}")

        out = tmp_path / "out.csv"
        await export(out)
        lines = out.read_text().splitlines()
        assert lines[0] == "name,n" and lines[1] == f"ticker,{2 * NOISE + 4}"
        pq_out = tmp_path / "out.parquet"
        await export(pq_out)
        import pyarrow.parquet as pq

        t = pq.read_table(pq_out)
        assert t.column_names == ["name", "n"] and t.num_rows == len(lines) - 1
        assert f"exported {t.num_rows} rows" in screen_text(app)
        inp.value = "SELECT nosuch FROM events"
        inp.focus()
        await pilot.press("enter")
        await settle(pilot, lambda: sv.loaded, "the failing query")
        assert "error:" in screen_text(app) and "nosuch" in screen_text(app)


@sync
async def test_alerts_default_rules_grouped_and_jump(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        av = await open_view(pilot, app, "5", "alerts", "the rules")
        assert not av.error, av.error
        assert av.alerts is not None
        shadow = [a for a in av.alerts if a.rule == "Credentials file read"]
        assert len(shadow) == 1 and shadow[0].evt_num == TOTAL - 2
        text = screen_text(app)
        assert f"{len(av.alerts)} alerts from" in text and "default rules" in text
        assert "Warning" in text and "Credentials file read (1)" in text
        tree = app.query_one("#alerts-tree", Tree)
        group = next(n for n in tree.root.children if "Credentials file read" in str(n.label))
        group.expand()
        await settle(pilot)
        tree.move_cursor(group.children[0])
        assert "/etc/shadow" in str(group.children[0].label)
        await pilot.press("enter")
        ev = app.events_view
        await settle(pilot, lambda: app.current == "events" and ev.loaded and ev.grid.cursor_row == TOTAL - 3,
                     "the jump to the alert's event")
        assert ev.grid.row_cells(TOTAL - 3)[:7] == [str(TOTAL - 2), ev.grid.row_cells(TOTAL - 3)[1], "0", "ticker",
                                                   "500", "<", "openat"]


@sync
async def test_alerts_from_a_rules_file(tmp_path: Path) -> None:
    rules = tmp_path / "mine.yaml"
    rules.write_text("- rule: Curl connects\n  desc: test\n  condition: evt.type = connect and proc.name = curl\n"
                     "  output: curl connected to %fd.name\n  priority: NOTICE\n")
    cap = write_capture(tmp_path / "tui.scap")
    app = create_app(open_dataset([str(cap)]), rules=str(rules))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        av = await open_view(pilot, app, "5", "alerts", "the rules")
        assert av.alerts is not None and [a.evt_num for a in av.alerts] == [23]
        text = screen_text(app)
        assert "1 alerts from 1 rules (mine.yaml)" in text and "Notice" in text and "Curl connects (1)" in text
        assert "curl connected to 10.0.0.10:40000->93.184.216.34:80" in text


@sync
async def test_help_view_switch_palette_and_back(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Falco condition" in screen_text(app) and "follow" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("colon")
        await type_text(pilot, "conn")
        await pilot.press("enter")
        await settle(pilot, lambda: app.current == "connections", "the view switch")
        assert "view: connections" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, lambda: app.current == "events", "back")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "view: files")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, lambda: app.current == "files", "the palette command")
        assert "view: files" in screen_text(app)


@sync
async def test_mouse_click_selects_double_click_opens_and_drag_picks_time(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        grid = app.events_view.grid
        await pilot.click("#events-grid", offset=(10, 4))  # line 0 is the header
        await settle(pilot)
        assert grid.cursor_row == 3
        await pilot.click("#events-grid", offset=(10, 4), times=2)
        await settle(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.loaded, "the detail")
        assert "event #4" in screen_text(app)
        await pilot.press("escape", "6")
        tv = app.view("timeline")
        await settle(pilot, lambda: tv.loaded, "the timeline")
        chart = tv.chart
        await pilot.mouse_down("#tl-chart", offset=(3, 2))
        await pilot.mouse_up("#tl-chart", offset=(9, 2))
        await settle(pilot, lambda: app.t_range is not None, "the dragged range")
        # the chart has a border: x 3..9 on the widget are buckets 2..8
        assert app.t_range == (chart.bucket_time(2), chart.bucket_time(9))
