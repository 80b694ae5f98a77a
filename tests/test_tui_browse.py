"""The explorer's query layer (analyzer.session.browse): filters, paging, scopes, timeline, follow."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.session.browse import Browser, FilterError, Scope, where_clause
from analyzer.session.dataset import open_dataset

from .tui_capture import ANSWER, NOISE, PASSWD, REQUEST, write_capture

TOTAL = 30 + 2 * NOISE + 4


@pytest.fixture()
def browser(tmp_path: Path) -> Browser:
    return Browser(open_dataset([str(write_capture(tmp_path / "b.scap"))]))


def test_overview(browser: Browser) -> None:
    ov = browser.overview
    assert (ov.events, ov.first_num, ov.last_num, ov.contiguous) == (TOTAL, 1, TOTAL, True)
    assert ov.name == "b.scap" and ov.hostname == "testhost" and ov.truncated_at is None
    assert ov.drops is None and browser.count_drops() == 0 and ov.drops == 0
    assert {"events", "processes", "connections", "files"} <= browser.tables


def test_compile_falco_sql_and_errors(browser: Browser) -> None:
    f = browser.compile("proc.name = cat and fd.name startswith /etc")
    assert f is not None and f.kind == "falco"
    g = browser.compile("sql: evt.rawres = 73 AND proc.name IN ('cat')")
    assert g is not None and g.kind == "sql" and g.sql == "evt.rawres = 73 AND proc.name IN ('cat')"
    assert browser.compile("   ") is None
    with pytest.raises(FilterError, match="not a condition"):
        browser.compile("sql: evt.type")
    with pytest.raises(FilterError, match="Falco: .*nosuch.*SQL: "):
        browser.compile("proc.nosuch = 1")
    with pytest.raises(FilterError, match="';' is not allowed"):
        browser.compile("sql: true; DROP VIEW events")


def test_select_and_pages_match_a_direct_query(browser: Browser) -> None:
    all_rows = browser.select("")
    assert all_rows.nums is None and all_rows.count == TOTAL
    page = browser.page(all_rows, 795, 100)
    assert [r.num for r in page] == list(range(796, TOTAL + 1))
    f = browser.compile("evt.type in (stat, brk) and evt.dir = '<'")
    assert f is not None
    sel = browser.select(where_clause(f, None))
    direct = [int(r[0]) for r in browser._query(  # noqa: SLF001 - cross-check against plain SQL
        f"SELECT evt.num FROM events WHERE {f.sql} ORDER BY evt.num")]
    assert sel.count == len(direct) > 200
    got = [r.num for off in range(0, sel.count, 64) for r in browser.page(sel, off, 64)]
    assert got == direct
    assert all(r.type in ("stat", "brk") and r.dir == "<" for r in browser.page(sel, 100, 20))
    # sparse selection: rows far apart are fetched exactly
    f2 = browser.compile("evt.num in (3, 500, 833)")
    assert f2 is not None
    s2 = browser.select(f2.sql)
    assert [r.num for r in browser.page(s2, 0, 10)] == [3, 500, 833]
    assert s2.index_of(400) == 1 and s2.index_of(10_000) == 2 and s2.num_at(2) == 833


def test_scopes_time_and_search(browser: Browser) -> None:
    cat = Scope(pid=300, label="cat")
    assert browser.select(where_clause(None, cat)).count == 12
    fd = cat.merged(Scope(fd=3))
    assert {r.fd for r in browser.page(browser.select(where_clause(None, fd)), 0, 50)} == {"/etc/passwd"}
    t0 = browser.overview.first_ts
    assert t0 is not None
    early = Scope(t_from=t0, t_to=t0 + 30_000)
    assert browser.select(where_clause(None, early)).count == 30
    sel = browser.select("")
    assert browser.search(sel, "PASSWD", 0) == 4  # row of event 5, case-insensitive
    assert browser.search(sel, "passwd", 4) == 5
    assert browser.search(sel, "passwd", 5, forward=False) == 4
    assert browser.search(sel, "no such text", 0) is None
    assert browser.first_at_or_after(sel, t0 + 26_000) == 26


def test_timeline_buckets(browser: Browser) -> None:
    counts, t0, width = browser.timeline("", 50)
    assert len(counts) == 50 and sum(counts) == TOTAL and t0 == browser.overview.first_ts
    counts2, _, _ = browser.timeline("proc.name = 'cat'", 50)
    assert sum(counts2) == 10 and counts2[0] == 10


def test_follow_fd_and_file(browser: Browser) -> None:
    assert browser.fd_of(25) == (400, 5, "10.0.0.10:40000->93.184.216.34:80")
    assert browser.fd_of(1) is None
    chunks = browser.follow(Scope(pid=400, fd=5, file="10.0.0.10:40000->93.184.216.34:80"))
    assert [(c.num, c.direction, c.data) for c in chunks] == [(25, "write", REQUEST), (27, "read", ANSWER)]
    f = browser.follow(Scope(file="/etc/passwd"))
    assert [(c.num, c.direction, c.data, c.size) for c in f] == [(9, "read", PASSWD[:80], len(PASSWD))]


def test_derived_tables_and_sql(browser: Browser, tmp_path: Path) -> None:
    procs = browser.processes()
    assert any(p["name"] == "cat" and p["pid"] == 300 for p in procs)
    conns = browser.connections(Scope(pid=400)).to_pylist()
    assert [(c["fd"], c["bytes_read"], c["bytes_written"]) for c in conns] == [(5, len(ANSWER), len(REQUEST))]
    assert browser.connections(Scope(pid=300)).num_rows == 0
    files = browser.files().to_pylist()
    assert {f["name"] for f in files} >= {"/etc/passwd"}
    t = browser.sql("SELECT count(*) AS n FROM events")
    assert t.to_pylist() == [{"n": TOTAL}]
    with pytest.raises(FilterError):
        browser.sql("SELECT nosuch FROM events")
    assert browser.export("SELECT evt.num FROM events WHERE evt.num < 11", str(tmp_path / "x.csv")) == 10
    assert (tmp_path / "x.csv").read_text().splitlines()[:2] == ["num", "1"]


def test_drops_counted_from_drop_events(tmp_path: Path) -> None:
    from analyzer.scap import model as m
    from analyzer.scap import writer as w

    path = tmp_path / "drops.scap"
    with w.CaptureWriter(path) as cw:
        cw.write_header(m.MachineInfo(num_cpus=1, hostname="h"), procs=[m.ProcEntry(tid=7, pid=7, ptid=1, comm="x")])
        ts = cw.write_events(1_717_000_000_000_000_000, 7, w.stat_events("/a"))
        for _ in range(2):
            cw.write_event(ts, 7, 148, w.encode_params(148, [1000]))
            cw.write_event(ts + 1, 7, 149, w.encode_params(149, [1000]))
            ts += 10
    b = Browser(open_dataset([str(path)]))
    assert b.count_drops() == 2 and b.overview.drops == 2


# a file name and search text with SQL quotes, LIKE wildcards and escapes, and an injection attempt
NASTY = "/tmp/it's 100%_x\\y\"'); DROP TABLE events; --"
DECOY = "/tmp/it's 100AAx\\y\"'); DROP TABLE events; --"  # what '%' and '_' would match as wildcards


def test_values_are_bound_and_matched_literally(tmp_path: Path) -> None:
    from analyzer.scap import model as m
    from analyzer.scap import writer as w

    path = tmp_path / "quotes.scap"
    with w.CaptureWriter(path) as cw:
        cw.write_header(m.MachineInfo(num_cpus=1, hostname="h"), procs=[m.ProcEntry(tid=7, pid=7, ptid=1, comm="x")])
        ts = cw.write_events(1_717_000_000_000_000_000, 7, w.stat_events("/etc/hosts"))
        for fd, name, data in ((3, DECOY, b"decoy"), (4, NASTY, b"nasty")):
            ts = cw.write_events(ts, 7, w.openat_events(fd, name))
            ts = cw.write_events(ts, 7, w.read_events(fd, data))
            ts = cw.write_events(ts, 7, w.close_events(fd))
    b = Browser(open_dataset([str(path)]))
    total = b.overview.events
    sel = b.select("")
    rows = b.page(sel, 0, total)

    def rows_with(text: str) -> list[int]:
        return [i for i, r in enumerate(rows)
                if any(text.lower() in (v or "").lower() for v in (r.process, r.type, r.fd, r.args))]

    def found(text: str) -> list[int]:
        out, row = [], -1
        while (nxt := b.search(sel, text, max(row, 0))) is not None and nxt > row:
            out.append(row := nxt)
        return out

    nasty_rows = rows_with(NASTY)
    assert nasty_rows and all(rows[i].fd == NASTY or NASTY in (rows[i].args or "") for i in nasty_rows)
    assert found(NASTY) == nasty_rows
    assert found("100%_x\\y\"')") == nasty_rows  # never the decoy's rows
    assert found(DECOY) == rows_with(DECOY) != nasty_rows
    assert b.search(sel, "100%%", 0) is None and b.search(sel, "'); DROP TABLE events; -- '", 0) is None
    assert b.search(sel, "100%_X\\Y", 0) == nasty_rows[0]  # case-insensitive, still literal
    # the file name is bound, never part of the SQL text
    scope = Scope(file=NASTY)
    where = where_clause(None, scope)
    assert NASTY not in where and "DROP" not in where
    picked = b.page(b.select(where), 0, total)
    assert picked and {r.fd for r in picked} == {NASTY}
    assert len(picked) == sum(r.fd == NASTY for r in rows)
    assert [(c.direction, c.data) for c in b.follow(scope)] == [("read", b"nasty")]
    assert [(c.direction, c.data) for c in b.follow(Scope(file=DECOY))] == [("read", b"decoy")]
    assert b.follow(Scope(file=NASTY.replace("%_", "%%"))) == []
    # an export path with quotes is a file name like any other
    out = tmp_path / "it's; 100%_'); DROP TABLE events; --.csv"
    assert b.export("SELECT evt.num FROM events", str(out)) == total
    assert out.read_text().splitlines()[1:3] == ["1", "2"]
    # nothing was executed: the events are all still there
    assert b.sql("SELECT count(*) AS n FROM events").to_pylist() == [{"n": total}]
