"""The rule_rows table (analyzer/tables/rule_rows.py) holds exactly the events Falco's rules see,
one event type per row group, and a scan reading it gives the alerts of a scan reading the events
table: with the upstream rules and ours, in both matching modes, and when a per-event test reads a
process context member (the scan then reads the events table)."""

from __future__ import annotations

import importlib.resources
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from analyzer.rules.loader import load_rules, load_rules_text
from analyzer.rules.plan import build_plan
from analyzer.session.dataset import Dataset, open_dataset
from analyzer.session.scan import build_query, matching_event_numbers, scan, visible_events
from analyzer.tables.rule_rows import NAME

from .conftest import REPO, SHARED

SAMPLES = sorted((REPO / "sample_traces").glob("*.scap.gz"))
UPSTREAM = [SHARED / "rules" / f for f in ("falco_rules.yaml", "falco-incubating_rules.yaml",
                                             "falco-sandbox_rules.yaml")]


def _without_rule_rows(ds: Dataset, tmp: Path) -> Dataset:
    """The same dataset as an older cache entry, without the rule_rows table."""
    d = tmp / "no_rule_rows"
    shutil.copytree(ds.directory, d, ignore=shutil.ignore_patterns(f"{NAME}.parquet"))
    return Dataset(ds.paths, d, ds.meta, True)


def _key(alerts: list) -> list[tuple]:  # type: ignore[type-arg]
    return [(a.evt_num, a.rule, a.output, sorted((k, str(v)) for k, v in a.output_fields.items())) for a in alerts]


@pytest.mark.parametrize("trace", SAMPLES, ids=lambda p: p.name)
def test_rule_rows_are_the_visible_events_one_type_per_row_group(trace: Path) -> None:
    ds = open_dataset([str(trace)])
    path = ds.table_path(NAME)
    f = pq.ParquetFile(path)
    md = f.metadata
    assert md.num_row_groups > 1
    at = [md.row_group(0).column(j).path_in_schema for j in range(md.num_columns)].index("evt.typeid")
    for g in range(md.num_row_groups):
        st = md.row_group(g).column(at).statistics
        assert st is not None and st.has_min_max and st.min == st.max  # one event type per group
    con = ds.connect((NAME,))
    try:
        nums = {r[0] for r in con.execute(f"SELECT evt.num FROM {NAME}").fetchall()}
        assert con.execute(f"SELECT count(*) FROM {NAME}").fetchone() == (len(nums),)  # each once
    finally:
        con.close()
    assert nums == matching_event_numbers(ds, visible_events())


def test_scan_of_rule_rows_equals_scan_of_events(tmp_path: Path) -> None:
    files = [str(f) for f in UPSTREAM if f.exists()]
    default = str(importlib.resources.files("analyzer.rules") / "default_rules.yaml")
    plans = [build_plan(load_rules([default]), include_disabled=True)]
    if len(files) == len(UPSTREAM):
        plans.append(build_plan(load_rules(files), include_disabled=True))
    total = 0
    for trace in SAMPLES:
        ds = open_dataset([str(trace)])
        old = _without_rule_rows(ds, tmp_path / trace.name)
        for plan in plans:
            assert build_query(plan.rules, rule_rows=True).source == NAME
            for m in ("first", "all"):
                got = scan(ds, plan.rules, matching=m)
                assert _key(got) == _key(scan(old, plan.rules, matching=m)), (trace.name, m)
                total += len(got)
    assert total > 100


def test_a_per_event_test_of_a_context_member_reads_the_events_table(tmp_path: Path) -> None:
    """fd.num is read per event, so its test is staged as a value of each event; compared with a
    process member, that test needs the member per event, which rule_rows does not hold."""
    text = ("- rule: fd is pid\n  desc: d\n  condition: evt.type in (read, openat) and fd.num = val(proc.vpgid)\n"
            "  output: \"%proc.name %fd.num\"\n  priority: info\n"
            "- rule: plain\n  desc: d\n  condition: evt.type = openat and fd.num > 2 and proc.name exists\n"
            "  output: \"%proc.name %fd.name %proc.duration\"\n  priority: info\n")
    rules = build_plan(load_rules_text(text)).rules
    assert build_query(rules, rule_rows=True).source == "events"
    assert build_query(rules[1:], rule_rows=True).source == NAME
    ds = open_dataset([str(REPO / "sample_traces" / "webshell.scap.gz")])
    old = _without_rule_rows(ds, tmp_path)
    visible = matching_event_numbers(ds, visible_events())
    for subset in (rules, rules[1:]):
        got = scan(ds, subset, matching="all")
        assert _key(got) == _key(scan(old, subset, matching="all"))
        for r in subset:
            want = matching_event_numbers(ds, r.condition) & visible
            assert {a.evt_num for a in got if a.rule == r.rule.name} == want
    assert any(a.rule == "plain" for a in scan(ds, rules[1:]))
