"""The scan evaluates each distinct combination of the values the conditions read once (the stage's
groups) and hands the result to every event of the group. Whatever the grouping, the alerts must be
those of a plain filter of the table per rule: with NULLs in the group keys (events without an fd),
with groups of many events (a rule of every event type), with per-event tests staged beside the
keys, and in both matching modes (``first``: the earliest matching rule of the definition order)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlglot import exp

from analyzer.rules.compiler import col, s
from analyzer.rules.loader import load_rules_text
from analyzer.rules.plan import CompiledRule, build_plan
from analyzer.session.dataset import Dataset, open_dataset
from analyzer.session.scan import build_query, candidate_rows, matching_event_numbers, scan, visible_events

TRACE = Path(__file__).resolve().parents[1] / "sample_traces" / "webshell.scap.gz"

RULES = [
    # NULL fd.name: the comparison is NULL, the rule matches through its other operand
    ("null or", "evt.type = mmap and (fd.name != /nosuch or proc.name exists)"),
    # events without an fd: every fd member of their group key is NULL (the
    # mmap ones went to the rule above)
    ("nofd", "evt.type in (mmap, brk) and not fd.name exists"),
    # a per-event test staged beside the keys, in a group shared with other rules
    ("late reads", "evt.type = read and evt.num > 5000"),
    ("reads", "evt.type in (read, pread) and proc.name exists"),
    # every event type: few groups holding many events each
    ("any", "proc.name exists and not proc.name = nosuch"),
    ("never", "proc.name = nosuch"),
]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return open_dataset([str(TRACE)])


@pytest.fixture(scope="module")
def rules() -> list[CompiledRule]:
    text = "".join(f"- rule: {name}\n  desc: d\n  condition: '{cond}'\n  output: \"%evt.num %fd.name\"\n"
                   "  priority: info\n" for name, cond in RULES)
    return build_plan(load_rules_text(text)).rules


def _compiled(conds: list[tuple[str, str]], output: str = "%evt.num") -> list[CompiledRule]:
    """Rules of (name, condition) pairs, in that order."""
    text = "".join(f"- rule: {name}\n  desc: d\n  condition: '{cond}'\n  output: \"{output}\"\n  priority: info\n"
                   for name, cond in conds)
    return build_plan(load_rules_text(text)).rules


def _plain(ds: Dataset, rules: list[CompiledRule]) -> dict[str, set[int]]:
    """Each rule's events by a plain filter of the whole table."""
    visible = matching_event_numbers(ds, visible_events())
    return {r.rule.name: matching_event_numbers(ds, r.condition) & visible for r in rules}


def test_groups_are_shared_and_keep_null_keys(ds: Dataset, rules: list[CompiledRule]) -> None:
    """The stage holds far fewer rows than the events it stands for, some with NULL key members."""
    q = build_query(rules)
    con = ds.connect()
    try:
        con.execute(q.stage_sql)
        groups = con.execute("SELECT count(*) FROM __pre").fetchone()[0]  # type: ignore[index]
        null_fd = con.execute('SELECT count(*) FROM __pre WHERE "fd.name" IS NULL').fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    plain = _plain(ds, rules)
    assert len(plain["any"]) > 4 * groups  # groups of many events
    assert null_fd > 0 and plain["nofd"] and plain["null or"]


def test_all_matches_equal_plain_filters(ds: Dataset, rules: list[CompiledRule]) -> None:
    got: dict[str, set[int]] = defaultdict(set)
    alerts = scan(ds, rules, matching="all")
    for a in alerts:
        got[a.rule].add(a.evt_num)
    plain = _plain(ds, rules)
    for r in rules:
        assert got.get(r.rule.name, set()) == plain[r.rule.name], r.rule.name
    assert len(alerts) == sum(len(v) for v in plain.values())  # one alert per (event, rule)
    assert all(plain[name] for name, _ in RULES if name != "never")
    nums = [a.evt_num for a in alerts]
    assert nums == sorted(nums)


def test_first_match_is_the_earliest_rule_of_the_plain_filters(ds: Dataset, rules: list[CompiledRule]) -> None:
    plain = _plain(ds, rules)
    want: dict[int, str] = {}
    for name, _ in RULES:  # definition order: the first rule matching an event wins
        for num in plain[name]:
            want.setdefault(num, name)
    alerts = scan(ds, rules)
    assert {a.evt_num: a.rule for a in alerts} == want
    assert len(alerts) == len(want)  # one alert per event
    assert {a.rule for a in alerts} >= {"nofd", "null or", "reads", "any"}
    by_num = {a.evt_num: a for a in alerts}
    some = next(iter(plain["nofd"]))
    assert by_num[some].output == f"{some} <NA>"


def test_grouped_scan_equals_a_scan_of_each_rule_alone(ds: Dataset, rules: list[CompiledRule]) -> None:
    """A rule's alerts do not depend on the other rules grouped with it (their members widen the
    group keys, their tests are staged beside its own)."""
    together: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for a in scan(ds, rules, matching="all"):
        together[a.rule].append((a.evt_num, a.output))
    for r in rules:
        alone = [(a.evt_num, a.output) for a in scan(ds, [r])]
        assert together.get(r.rule.name, []) == alone, r.rule.name


def test_output_reads_the_tokens_of_the_matching_rules_only(ds: Dataset) -> None:
    text = ("- rule: hit\n  desc: d\n  condition: evt.type = openat\n  output: \"%proc.name %fd.name\"\n"
            "  priority: info\n"
            "- rule: miss\n  desc: d\n  condition: proc.name = nosuch\n  output: \"%evt.arg.flags %proc.env %fd.name\"\n"
            "  priority: info\n")
    rules = build_plan(load_rules_text(text)).rules
    q = build_query(rules)
    sql, cols = q.output(rules, [0])
    assert list(cols) == ["proc.name", "fd.name"] and '"arg"' not in sql and '"env"' not in sql
    assert set(q.output(rules, [0, 1])[1]) == {"proc.name", "fd.name", "evt.arg.flags", "proc.env"}
    alerts = scan(ds, rules)
    assert alerts and {a.rule for a in alerts} == {"hit"}
    assert all(a.output == f"{a.output_fields['proc.name']} {a.output_fields['fd.name'] or '<NA>'}" for a in alerts)
    assert scan(ds, rules[1:]) == []  # nothing matched: no output query


def test_process_context_from_the_contexts_table(ds: Dataset) -> None:
    """The stage reads the process context members once per context id (the contexts table), and
    the members that depend on the event's time per event: container.duration read as a group key,
    proc.duration as a staged test; the alerts are those of plain filters."""
    conds = [
        ("late container", "evt.type in (read, write, openat) and container.duration > 6009900000000 "
                           "and proc.name exists"),
        ("old process", "evt.type = read and proc.duration > 100000000 and user.name exists"),
        ("by context", "evt.type = openat and proc.pname exists and container.id = host and not user.uid = 12345"),
    ]
    rules = _compiled(conds)
    q = build_query(rules)
    assert "__time_container" in q.stage_sql and "contexts" in q.stage_sql
    assert '"proc"."name"' not in q.stage_sql.split("FROM events")[0].rsplit("(SELECT", 1)[1]  # not per event
    got: dict[str, set[int]] = defaultdict(set)
    for a in scan(ds, rules, matching="all"):
        got[a.rule].add(a.evt_num)
    plain = _plain(ds, rules)
    visible = matching_event_numbers(ds, visible_events())
    for r in rules:
        assert got.get(r.rule.name, set()) == plain[r.rule.name], r.rule.name
    late = matching_event_numbers(ds, build_plan(load_rules_text(
        "- rule: x\n  desc: d\n  condition: evt.type in (read, write, openat)\n  output: o\n  priority: info\n"))
        .rules[0].condition) & visible
    assert plain["late container"] and plain["late container"] < late  # the time splits a context's events
    assert plain["old process"] and plain["by context"]


TRACES = sorted((Path(__file__).resolve().parents[1] / "sample_traces").glob("*.scap.gz"))


@pytest.mark.parametrize("trace", TRACES, ids=lambda p: p.name)
def test_candidate_rows_are_the_visible_events_of_the_rules_types(trace: Path) -> None:
    """The stage's list of type ids reads the same rows as the visible events of the rules'
    type names: exit and meta events, generic syscall events by their syscall's name."""
    ds = open_dataset([str(trace)])
    con = ds.connect(("events",))
    try:
        rows = con.execute("SELECT DISTINCT evt.type, evt.typeid IN (0, 1) FROM events").fetchall()
    finally:
        con.close()
    names = {name for name, _ in rows}
    generic = sorted(name for name, g in rows if g)
    plain = sorted(name for name, g in rows if not g)
    assert generic and plain, "the trace should hold generic and other events"
    visible = matching_event_numbers(ds, visible_events())
    for types in (names, {generic[0]}, {plain[0]}, {plain[-1], generic[-1]}, {"nosuch"}, set()):
        fake = [SimpleNamespace(evttypes=frozenset(types))]
        want = visible & matching_event_numbers(ds, exp.In(this=col("evt", "type"), expressions=[s(x) for x in types])) \
            if types else set()
        got = matching_event_numbers(ds, candidate_rows(fake))  # type: ignore[arg-type]
        assert got == want, (trace.name, sorted(types)[:5])
    assert len(matching_event_numbers(ds, candidate_rows([SimpleNamespace(evttypes=frozenset(names))]))) > 0  # type: ignore[list-item]


def test_rules_decided_by_their_group_s_types(ds: Dataset) -> None:
    """A condition the group's event types decide: FALSE leaves the rule out of the group's CASE,
    TRUE ends it (first match: no later rule of the group can win). Alerts still equal the plain
    filters in both modes."""
    conds = [
        ("impossible", "evt.type in (openat, read) and evt.type = close"),
        ("all openat", "evt.type = openat"),
        ("openat by name", "evt.type in (openat, read) and proc.name exists"),
        ("not close", "evt.type in (openat, read, close) and not evt.type = close"),
    ]
    rules = _compiled(conds)
    q = build_query(rules)
    assert " THEN 0" not in q.match_sql  # the impossible rule has no branch
    plain = _plain(ds, rules)
    assert not plain["impossible"] and plain["all openat"] and plain["openat by name"] - plain["all openat"]
    got: dict[str, set[int]] = defaultdict(set)
    for a in scan(ds, rules, matching="all"):
        got[a.rule].add(a.evt_num)
    assert {r.rule.name: got.get(r.rule.name, set()) for r in rules} == plain
    want: dict[int, str] = {}
    for name, _ in conds:
        for num in plain[name]:
            want.setdefault(num, name)
    assert {a.evt_num: a.rule for a in scan(ds, rules)} == want


@pytest.mark.parametrize("parts", [2, 3])
def test_split_match_equals_one_statement(ds: Dataset, parts: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The match split in statements run side by side (each event type in one of them, the default
    branch with the types no other statement names) gives the alerts of one statement, in both
    modes, with rules of every type among rules of a few types."""
    import analyzer.session.scan as scan_mod

    rules = _compiled([*RULES, ("opens", "evt.type in (open, openat) and fd.name startswith /etc"),
                       ("execs", "evt.type = execve and proc.name exists"),
                       ("closes", "evt.type = close and fd.num >= 0")], "%evt.num %proc.name")
    monkeypatch.setattr(scan_mod, "_SPLIT_NODES", 0)
    want = {}
    for m in ("first", "all"):
        monkeypatch.setattr(scan_mod, "MATCH_PARTS", 1)
        assert len(build_query(rules, m).matches) == 1
        want[m] = [(a.evt_num, a.rule, a.output) for a in scan(ds, rules, matching=m)]
    monkeypatch.setattr(scan_mod, "MATCH_PARTS", parts)
    for m in ("first", "all"):
        q = build_query(rules, m)
        assert len(q.matches) == parts and q.hits_sql
        scan_mod._QUERY_CACHE.clear()
        assert [(a.evt_num, a.rule, a.output) for a in scan(ds, rules, matching=m)] == want[m], m
    assert len(want["first"]) > 100 and {r for _, r, _ in want["all"]} >= {"any", "opens", "execs", "closes"}


def test_match_holds_only_the_branches_of_the_staged_types(ds: Dataset) -> None:
    """The match put together for the types a capture's staged rows hold: a branch of types no
    row has is left out (the full text is kept for any type), the default branch only when a
    type no branch names is there, nothing without rows; the alerts are those of plain filters."""
    rules = _compiled([("traces", "evt.type = ptrace and proc.name exists"),
                       ("opens", "evt.type in (open, openat) and fd.name startswith /etc"),
                       ("any", "proc.name = nosuch or evt.type = mmap")])
    q = build_query(rules)
    assert q.match.statements(None) == (q.matches, q.hits_sql)
    only_open, _ = q.match.statements({"openat"})
    text = " ".join(sql for sql, _ in only_open)
    # the open branch only: not the ptrace branch, nor the default (openat has a branch)
    assert "STARTS_WITH" in text and "'ptrace'" not in text and "'mmap'" not in text
    with_other, _ = q.match.statements({"openat", "mmap"})
    assert "'mmap'" in " ".join(sql for sql, _ in with_other)  # mmap: no branch names it, the default's
    assert q.match.statements(set()) == ((), "")
    plain = _plain(ds, rules)
    assert plain["opens"] and plain["any"] and not plain["traces"]
    got: dict[str, set[int]] = defaultdict(set)
    for a in scan(ds, rules, matching="all"):
        got[a.rule].add(a.evt_num)
    assert {r.rule.name: got.get(r.rule.name, set()) for r in rules} == plain
