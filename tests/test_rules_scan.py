"""The scan engine over a writer-made scenario: first-match equals the earliest rule among all
matches, alerts carry Falco's rendered output and typed output_fields, only events Falco sees are
scanned, and the per-rule results equal a plain filter query of each rule on its own."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from sqlglot import exp

from analyzer.rules.compiler import compile_condition
from analyzer.rules.loader import load_rules, load_rules_text
from analyzer.rules.parser import parse
from analyzer.rules.plan import build_plan
from analyzer.rules.priority import Priority
from analyzer.session.dataset import open_dataset
from analyzer.session.scan import (
    build_query,
    fold_types,
    matching_event_numbers,
    meta_event_ids,
    scan,
    visible_events,
)

from .conftest import SHARED
from .rules_scenarios import generic_events, write_scenario

UPSTREAM = [SHARED / "rules" / f for f in ("falco_rules.yaml", "falco-incubating_rules.yaml",
                                           "falco-sandbox_rules.yaml")]


@pytest.fixture(scope="module")
def scen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scenario(tmp_path_factory.mktemp("scan") / "scenario.scap")


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    if not all(f.exists() for f in UPSTREAM):
        pytest.fail(f"upstream rules missing under {SHARED / 'rules'}")
    return build_plan(load_rules(UPSTREAM), include_disabled=True)


def test_first_match_is_the_earliest_of_all_matches(scen: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ds = open_dataset([str(scen)])
    first = scan(ds, plan.rules)
    every = scan(ds, plan.rules, matching="all")
    assert len(every) > len(first) > 0
    order = {c.rule.name: i for i, c in enumerate(plan.rules)}
    by_event: dict[int, list[str]] = defaultdict(list)
    for a in every:
        by_event[a.evt_num].append(a.rule)
    assert {a.evt_num for a in first} == set(by_event)
    for a in first:
        assert a.rule == min(by_event[a.evt_num], key=order.__getitem__)
    nums = [a.evt_num for a in first]
    assert nums == sorted(nums)


def test_each_rule_matches_what_its_own_filter_matches(scen: Path, plan) -> None:  # type: ignore[no-untyped-def]
    """The grouped scan (all matches) agrees with one plain WHERE query per rule."""
    ds = open_dataset([str(scen)])
    every = scan(ds, plan.rules, matching="all")
    got: dict[str, set[int]] = defaultdict(set)
    for a in every:
        got[a.rule].add(a.evt_num)
    for c in plan.rules:
        want = matching_event_numbers(ds, exp.and_(visible_events(), c.condition))
        assert got.get(c.rule.name, set()) == want, c.rule.name


def test_alert_fields(scen: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ds = open_dataset([str(scen)])
    alerts = [a for a in scan(ds, plan.rules) if a.rule == "Read sensitive file untrusted"]
    assert len(alerts) == 1
    a = alerts[0]
    assert a.priority == Priority.WARNING and a.hostname == "rules-host" and a.capture == str(scen)
    assert a.output.startswith("Sensitive file opened for reading by non-trusted program | file=/etc/shadow ")
    assert "ggparent=<NA>" in a.output
    f = a.output_fields
    assert f["fd.name"] == "/etc/shadow" and f["proc.aname[3]"] is None and f["user.uid"] == 0
    assert f["evt.time"] == a.time_ns and list(f) == sorted(f)
    assert "maturity_stable" in a.tags


def test_only_events_falco_sees_are_scanned(tmp_path: Path) -> None:
    text = """
- rule: any open
  desc: d
  condition: evt.type = openat
  output: "%evt.dir %fd.name"
  priority: info
- rule: exits
  desc: d
  condition: evt.type = procexit
  output: "%proc.name exited"
  priority: info
"""
    ds = open_dataset([str(write_scenario(tmp_path / "s.scap"))])
    alerts = scan(ds, build_plan(load_rules_text(text)).rules)
    opens = [a for a in alerts if a.rule == "any open"]
    assert opens and all(a.output.startswith("< ") for a in opens)  # exit events only
    exits = [a for a in alerts if a.rule == "exits"]
    assert [a.output for a in exits] == ["cat exited"]  # procexit is an enter-only meta event
    assert meta_event_ids()


def test_a_syscall_name_matches_its_generic_events(tmp_path: Path) -> None:
    """evt.type = madvise (a syscall without an event of its own) matches the generic events of
    that syscall, as libsinsp maps syscall names to the generic event codes."""
    text = "- rule: m\n  desc: d\n  condition: evt.type = madvise\n  output: \"%evt.type %proc.name\"\n" \
           "  priority: info\n"
    path = write_scenario(tmp_path / "g.scap", extra=[(401, generic_events("madvise", 28)),
                                                       (401, generic_events("mlock", 149))])
    alerts = scan(open_dataset([str(path)]), build_plan(load_rules_text(text)).rules)
    assert [a.output for a in alerts] == ["madvise bash"]


def test_scan_without_matches_and_query_shape(scen: Path) -> None:
    ds = open_dataset([str(scen)])
    rules = build_plan(load_rules_text("- rule: r\n  desc: d\n  condition: proc.name = x\n  output: o\n"
                                       "  priority: info\n")).rules
    q = build_query(rules)
    assert "__pre" in q.stage_sql and "GROUP BY ALL" in q.stage_sql and "__hits" in q.match_sql
    assert scan(ds, rules) == []


def test_per_event_members_are_staged_as_their_tests(scen: Path) -> None:
    """evt.num, proc.duration and the like differ at every event: the stage keeps the result of
    each test that reads them (so that few distinct rows remain), and the alerts are those of a
    plain filter of the full table."""
    text = ("- rule: r\n  desc: d\n  condition: evt.type = openat and (evt.num > 3 or evt.num = 0) and "
            "proc.duration >= 0 and not evt.args contains nosuchthing\n"
            "  output: \"%evt.num %proc.name %evt.args\"\n  priority: info\n")
    rules = build_plan(load_rules_text(text)).rules
    q = build_query(rules)
    assert '"num" :=' not in q.stage_sql and '"duration" :=' not in q.stage_sql and '"args" :=' not in q.stage_sql
    assert "__v0" in q.stage_sql and "__v3" in q.stage_sql
    ds = open_dataset([str(scen)])
    alerts = scan(ds, rules)
    assert alerts and {a.evt_num for a in alerts} == matching_event_numbers(ds, rules[0].condition) & \
        matching_event_numbers(ds, visible_events())
    assert all(a.output.startswith(f"{a.evt_num} ") for a in alerts)


def test_argument_maps_are_staged_as_the_keys_the_rules_read(scen: Path) -> None:
    """evt.arg['x'] look-ups stage a struct of those keys (one map look-up per row and key); the
    alerts are the same as a plain filter of the full table finds."""
    text = ("- rule: r\n  desc: d\n  condition: evt.type = openat and evt.arg.flags contains O_RDONLY\n"
            "  output: \"%evt.arg.name %proc.name\"\n  priority: info\n")
    rules = build_plan(load_rules_text(text)).rules
    q = build_query(rules)
    assert '"flags" := "evt"."arg"[\'flags\']' in q.stage_sql
    assert '"name" :=' not in q.stage_sql  # read for the output of matched events only
    assert '"evt"."arg"' not in q.stage_sql.replace('"evt"."arg"[', "")  # the map is never staged whole
    ds = open_dataset([str(scen)])
    alerts = scan(ds, rules)
    assert alerts and {a.evt_num for a in alerts} == matching_event_numbers(ds, rules[0].condition) & \
        matching_event_numbers(ds, visible_events())


def test_fold_types_decides_type_tests_for_a_group() -> None:
    def folded(text: str, types: set[str]) -> str:
        cond, _ = compile_condition(parse(text), two_valued=False)
        return fold_types(cond, frozenset(types)).sql(dialect="duckdb")

    both = "(evt.type in (open, openat) and fd.name = /a) or (evt.type = rename and proc.name = x)"
    # decided tests fold their AND/OR: the rename branch is gone, the open branch is its fd test
    assert folded(both, {"open", "openat"}) == '("fd"."name" = \'/a\')'
    assert "'open'" in folded(both, {"open", "rename"})  # undecided: the test stays
    assert folded("not evt.type = rename", {"open"}) == "TRUE"
    assert folded("not evt.type = rename", {"rename"}) == "FALSE"
    # folding goes up through brackets and chains: an OR left with one operand is that operand
    assert folded("evt.type = open and (proc.name = x or evt.type = rename)", {"open"}) == "(\"proc\".\"name\" = 'x')"
    field_rhs = "proc.name = evt.type"  # not a test against a literal: left alone
    assert folded(field_rhs, {"open"}) == compile_condition(parse(field_rhs), two_valued=False)[0].sql(dialect="duckdb")


def test_staging_keeps_each_test_on_its_rules_event_types() -> None:
    """Shapes the staging must not break: a test that fails on other event types (b64 of a binary
    read buffer, staged only for its rule's openat rows), argument keys that differ only in case
    (DuckDB struct fields ignore case), a condition that is a single per-event test, per-event text
    inside a value expression. Every rule's alerts are those of a plain filter of the table."""
    text = "".join(
        f"- rule: {name}\n  desc: d\n  condition: '{cond}'\n  output: \"%evt.num\"\n  priority: info\n"
        for name, cond in [
            ("reads", "evt.type = read and proc.name != nosuch"),
            ("b64", 'evt.type = openat and b64(evt.buffer) contains "abc"'),
            ("keys", "evt.type = openat and (evt.arg.flags contains O_CREAT or evt.arg.FLAGS contains O_CREAT)"),
            ("num", "evt.num > 0"),
            ("args", 'evt.type = openat and evt.args icontains "o_rdonly"'),
        ])
    rules = build_plan(load_rules_text(text)).rules
    ds = open_dataset([str(Path(__file__).resolve().parents[1] / "sample_traces" / "webshell.scap.gz")])
    alerts = scan(ds, rules, matching="all")
    by_rule: dict[str, set[int]] = defaultdict(set)
    for a in alerts:
        by_rule[a.rule].add(a.evt_num)
    visible = matching_event_numbers(ds, visible_events())
    for r in rules:
        assert by_rule[r.rule.name] == matching_event_numbers(ds, r.condition) & visible, r.rule.name
    assert by_rule["reads"] and by_rule["keys"] and by_rule["args"] and by_rule["num"]
    stage = build_query(rules).stage_sql
    assert "CASE WHEN \"evt\".\"type\" IN ('openat') THEN" in stage and "DECODE" in stage  # b64: openat rows only
    assert '"num" :=' not in stage and '"args" :=' not in stage  # per-event members staged as test results


def test_a_dataset_without_the_columns_the_rules_read_is_named(scen: Path, tmp_path: Path) -> None:
    """A cache entry from another layout (no contexts table): a clear error, not a DuckDB one."""
    import shutil

    from analyzer.session.dataset import Dataset

    ds = open_dataset([str(scen)])
    copy = tmp_path / "entry"
    shutil.copytree(ds.directory, copy)
    (copy / "contexts.parquet").unlink()
    rules = build_plan(load_rules_text(
        "- rule: r\n  desc: d\n  condition: evt.type = openat and proc.name = x\n  output: o\n  priority: INFO\n")).rules
    with pytest.raises(ValueError, match=r"has no column ctx"):
        scan(Dataset(ds.paths, copy, ds.meta), rules)
