"""The scan index (analyzer/session/scan_index.py): a scan through it gives exactly the alerts of a
scan of the events table, on every sample and shared trace, with the upstream rules and ours, in
both matching modes; it holds each visible row once; a scan it cannot serve reads the events
table; an index of another version is rebuilt; a shape id collision leaves no index."""

from __future__ import annotations

import importlib.resources
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from analyzer.rules.alerts import Alert
from analyzer.rules.loader import load_rules, load_rules_text
from analyzer.rules.plan import CompiledRule, build_plan
from analyzer.session import scan_index
from analyzer.session.dataset import Dataset, open_dataset
from analyzer.session.scan import build_query, index_for, matching_event_numbers, scan, visible_events
from tests.conftest import SHARED, need_traces, skip_or_fail

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "sample_traces").glob("*.scap.gz"))
UPSTREAM = [SHARED / "rules" / f for f in ("falco_rules.yaml", "falco-incubating_rules.yaml",
                                           "falco-sandbox_rules.yaml")]
DEFAULT = Path(str(importlib.resources.files("analyzer.rules") / "default_rules.yaml"))


def _key(a: Alert) -> tuple[object, ...]:
    return (a.evt_num, a.rule, a.priority, a.time_ns, a.output, sorted(a.output_fields.items(), key=str), a.capture,
            a.hostname, a.source, tuple(a.tags))


def _same(ds: Dataset, rules: list[CompiledRule], matching: str) -> list[Alert]:
    """The scan's alerts through the index, checked equal to those of the events table."""
    indexed = scan(ds, rules, matching=matching)
    assert (ds.directory / scan_index.DIRECTORY / "index.json").exists()
    plain = scan(ds, rules, matching=matching, use_index=False)
    assert [_key(a) for a in indexed] == [_key(a) for a in plain]
    return indexed


@pytest.fixture(scope="module")
def upstream() -> list[CompiledRule]:
    files = [p for p in UPSTREAM if p.exists()]
    if len(files) != len(UPSTREAM):
        skip_or_fail(f"upstream rules not found under {SHARED / 'rules'}")  # a failure in CI
    return build_plan(load_rules([str(p) for p in files]), include_disabled=True).rules


@pytest.fixture(scope="module")
def ours() -> list[CompiledRule]:
    return build_plan(load_rules([str(DEFAULT)]), include_disabled=True).rules


@pytest.mark.parametrize("matching", ["first", "all"])
@pytest.mark.parametrize("trace", SAMPLES, ids=lambda p: p.name)
def test_samples_alert_alike_through_the_index(trace: Path, matching: str, upstream: list[CompiledRule],
                                               ours: list[CompiledRule]) -> None:
    ds = open_dataset([str(trace)])
    assert _same(ds, ours, matching), "our rules find something on every sample"
    _same(ds, upstream, matching)


@pytest.mark.parametrize("matching", ["first", "all"])
def test_shared_traces_alert_alike_through_the_index(matching: str, upstream: list[CompiledRule],
                                                     ours: list[CompiledRule]) -> None:
    found = 0
    for trace in need_traces():
        ds = open_dataset([str(trace)])
        found += len(_same(ds, upstream, matching)) + len(_same(ds, ours, matching))
    assert found


def test_index_holds_each_visible_row_once_and_shapes_once() -> None:
    ds = open_dataset([str(SAMPLES[0])])
    index = scan_index.scan_index(ds.directory, visible_events().sql(dialect="duckdb"), build_it=True)
    assert index is not None
    con = duckdb.connect()
    files = index.files(None)
    rows = con.execute(f"SELECT list(\"evt.num\" ORDER BY \"evt.num\"), count(DISTINCT __shape) "
                       f"FROM read_parquet({files!r})").fetchone()
    assert rows is not None
    assert rows[0] == sorted(matching_event_numbers(ds, visible_events()))
    shapes = con.execute(f"SELECT count(*), count(DISTINCT __shape) FROM "
                         f"read_parquet('{index.directory / 'shapes.parquet'}')").fetchone()
    assert shapes is not None and shapes[0] == shapes[1] == rows[1] > 0
    # one file per event type, named by its type id
    types = {int(f.split("__part=")[1].split("/")[0]) for f in files}
    for t in types:
        got = con.execute(f"SELECT DISTINCT \"evt.typeid\" FROM read_parquet({index.files([t])!r})").fetchall()
        assert got == [(t,)]


def _rules(*conds: str, output: str = "%evt.num %fd.name %proc.name") -> list[CompiledRule]:
    text = "".join(f"- rule: r{i}\n  desc: d\n  condition: '{c}'\n  output: \"{output}\"\n  priority: info\n"
                   for i, c in enumerate(conds))
    return build_plan(load_rules_text(text)).rules


def test_scans_the_index_cannot_serve_read_the_events_table() -> None:
    ds = open_dataset([str(REPO / "sample_traces" / "webshell.scap.gz")])
    # a per-event test that also reads a member of the shapes: no index stage
    mixed = _rules("evt.type = openat and (fd.name = val(evt.res) or evt.rawres >= 0) and fd.name startswith /etc")
    assert build_query(mixed).index_stage_sql == "" and index_for(ds, mixed) is None
    assert _same(ds, mixed, "first")
    # a member the index leaves out (the argument list), read by a condition
    listed = _rules("evt.type = openat and evt.arg[0] exists")
    assert not scan_index.serves({("evt", "arglist")}) and index_for(ds, listed) is None
    assert scan(ds, listed) and [_key(a) for a in scan(ds, listed)] == [_key(a) for a in scan(ds, listed,
                                                                                              use_index=False)]


def test_index_of_another_version_is_rebuilt_and_a_collision_leaves_none(monkeypatch: pytest.MonkeyPatch) -> None:
    ds = open_dataset([str(REPO / "sample_traces" / "persistence.scap.gz")])
    rules = _rules("evt.type in (openat, execve) and proc.name exists")
    target = ds.directory / scan_index.DIRECTORY
    shutil.rmtree(target, ignore_errors=True)

    def collide(*_: object) -> None:
        raise scan_index.CollisionError("2 shape ids are shared")

    with monkeypatch.context() as m:
        m.setattr(scan_index, "build", collide)
        alerts = scan(ds, rules)
    assert not target.exists()
    assert [_key(a) for a in alerts] == [_key(a) for a in scan(ds, rules, use_index=False)]
    _same(ds, rules, "first")  # built now
    meta = json.loads((target / "index.json").read_text())
    meta["version"] = "0"
    (target / "index.json").write_text(json.dumps(meta))
    _same(ds, rules, "all")
    assert json.loads((target / "index.json").read_text())["version"] == scan_index.INDEX_VERSION


def test_a_capture_outside_the_cache_gets_no_index() -> None:
    ds = open_dataset([str(REPO / "sample_traces" / "credential_hunt.scap.gz")], use_cache=False)
    alerts = scan(ds, build_plan(load_rules([str(DEFAULT)])).rules)
    assert alerts
    assert not (ds.directory / scan_index.DIRECTORY).exists()


def test_verify_finds_shared_ids_and_events_without_a_shape(tmp_path: Path) -> None:
    ds = open_dataset([str(REPO / "sample_traces" / "webshell.scap.gz")])
    index = scan_index.scan_index(ds.directory, visible_events().sql(dialect="duckdb"), build_it=True)
    assert index is not None
    copy = tmp_path / "index"
    shutil.copytree(index.directory, copy)
    con = duckdb.connect()
    assert scan_index.verify(con, copy) > 0
    shapes = str(copy / "shapes.parquet")
    con.execute(f"COPY (SELECT * FROM read_parquet('{shapes}') LIMIT (SELECT count(*) - 1 FROM read_parquet('{shapes}'))) "
                f"TO '{tmp_path / 'fewer.parquet'}' (FORMAT parquet)")
    shutil.copy(tmp_path / "fewer.parquet", shapes)
    with pytest.raises(scan_index.CollisionError, match="no shape"):
        scan_index.verify(con, copy)
    con.execute(f"COPY (SELECT * FROM read_parquet('{shapes}') UNION ALL (SELECT * FROM read_parquet('{shapes}') LIMIT 1)) "
                f"TO '{tmp_path / 'twice.parquet'}' (FORMAT parquet)")
    shutil.copy(tmp_path / "twice.parquet", shapes)
    with pytest.raises(scan_index.CollisionError, match="shared"):
        scan_index.verify(con, copy)


def test_scan_command_warns_when_the_index_cannot_be_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed build is one warning line naming the index and why; the scan still reports its
    alerts (read from the events table) and no index is left."""
    from typer.testing import CliRunner

    from analyzer.cli.main import app

    trace = str(REPO / "sample_traces" / "anti_forensics.scap.gz")
    ds = open_dataset([trace])
    shutil.rmtree(ds.directory / scan_index.DIRECTORY, ignore_errors=True)

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scan_index, "build", full_disk)
    res = CliRunner().invoke(app, ["scan", trace, "-o", "json", "-q"])
    assert res.exit_code == 1, res.output  # alerts fired
    assert "warning:" in res.stderr and "cannot write the scan index" in res.stderr
    assert "No space left on device" in res.stderr and "Traceback" not in res.stderr
    assert len(res.stdout.splitlines()) == len(scan(ds, build_plan(load_rules([str(DEFAULT)])).rules, use_index=False))
    assert not (ds.directory / scan_index.DIRECTORY).exists()
