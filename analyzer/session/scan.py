"""Run compiled Falco rules over a dataset in one DuckDB query and turn matches into Alerts.

Falco sees exit events (enter parameters merged in) plus the meta events that have no exit
counterpart (procexit, signaldeliver, container, ...). The query keeps those rows, pre-filters them
by the union of the rules' inferred event types, and evaluates every rule in definition order:
``first`` (Falco's default ``rule_matching``) keeps the first match per event with a ``CASE``;
``all`` keeps every match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pyarrow as pa
from sqlglot import exp

from ..rules.alerts import Alert
from ..rules.compiler import col, fn, n, s
from ..rules.evttypes import ALL
from ..rules.plan import CompiledRule
from ..scap import event_table as T
from .dataset import Dataset

MATCHING = ("first", "all")


@lru_cache(maxsize=1)
def meta_event_ids() -> tuple[int, ...]:
    """Type ids of enter-direction events Falco still sees (no usable exit counterpart)."""
    ids: list[int] = []
    n2022 = len(T.EVENTS_2022)

    def info(et: int) -> T.EventInfo | None:
        if et < n2022:
            return T.EVENTS_2022[et]
        return T.EVENTS[et] if et < len(T.EVENTS) else None

    for et in range(0, max(len(T.EVENTS), n2022), 2):
        e = info(et)
        if e is None or e.flags & T.EF_UNUSED:
            continue
        x = info(et + 1)
        if x is None or x.flags & T.EF_UNUSED or x.name != e.name:
            ids.append(et)
    return tuple(ids)


def visible_events() -> exp.Expression:
    """Rows Falco's rule engine sees."""
    return exp.Paren(this=exp.Or(
        this=exp.EQ(this=col("evt", "dir"), expression=s("<")),
        expression=exp.In(this=col("evt", "typeid"), expressions=[n(i) for i in meta_event_ids()])))


def type_filter(rules: Sequence[CompiledRule]) -> exp.Expression | None:
    names: set[str] = set()
    for r in rules:
        if r.evttypes == ALL:
            return None
        names |= r.evttypes
    return exp.In(this=col("evt", "type"), expressions=[s(x) for x in sorted(names)]) if names else exp.false()


def _rule_test(r: CompiledRule) -> exp.Expression:
    cond = r.condition
    if r.evttypes != ALL:
        types = exp.In(this=col("evt", "type"), expressions=[s(x) for x in sorted(r.evttypes)]) if r.evttypes \
            else exp.false()
        cond = exp.And(this=types, expression=exp.Paren(this=cond))
    return cond


@dataclass(frozen=True)
class ScanQuery:
    sql: str
    token_columns: dict[str, str]  # token text -> result column


def build_query(rules: Sequence[CompiledRule], matching: str = "first") -> ScanQuery:
    if matching not in MATCHING:
        raise ValueError(f"rule matching must be one of {', '.join(MATCHING)}, not '{matching}'")
    where: exp.Expression = visible_events()
    tf = type_filter(rules)
    if tf is not None:
        where = exp.And(this=where, expression=tf)
    if matching == "first":
        hit: exp.Expression = exp.Case(ifs=[exp.If(this=_rule_test(r), true=n(i)) for i, r in enumerate(rules)])
        keep = exp.Not(this=exp.Is(this=exp.column("__hit"), expression=exp.Null()))
    else:
        arr = exp.Array(expressions=[exp.Case(ifs=[exp.If(this=_rule_test(r), true=n(i))]) for i, r in
                                     enumerate(rules)])
        lam = exp.Lambda(this=exp.Not(this=exp.Is(this=exp.column("x"), expression=exp.Null())),
                         expressions=[exp.to_identifier("x")])
        hit = fn("list_filter", arr, lam)
        keep = exp.GT(this=fn("len", exp.column("__hit")), expression=n(0))
    inner = (exp.select(exp.Star(), exp.alias_(hit, "__hit"))
             .from_("events").where(where))
    tokens: dict[str, exp.Expression] = {}
    for r in rules:
        for t in r.output.tokens:
            tokens.setdefault(t.text, t.sql)
    cols: dict[str, str] = {}
    projections: list[exp.Expression] = [
        exp.alias_(col("evt", "num"), "__num"), exp.alias_(col("evt", "rawtime"), "__ts"), exp.column("__hit")]
    for k, (text, sql) in enumerate(tokens.items()):
        name = f"__t{k}"
        cols[text] = name
        projections.append(exp.alias_(sql.copy(), name))
    outer = (exp.select(*projections).from_(exp.alias_(exp.Subquery(this=inner), "m", table=True))
             .where(keep).order_by(exp.column("__num")))
    return ScanQuery(outer.sql(dialect="duckdb"), cols)


def referenced_columns(rules: Sequence[CompiledRule]) -> set[tuple[str, str]]:
    """(struct, member) pairs the rules read."""
    out: set[tuple[str, str]] = set()
    exprs = [r.condition for r in rules] + [t.sql for r in rules for t in r.output.tokens]
    for e in exprs:
        for c in e.find_all(exp.Column):
            if c.table:
                out.add((c.table, c.name))
    return out


def missing_columns(ds: Dataset, rules: Sequence[CompiledRule]) -> list[str]:
    import pyarrow.parquet as pq

    schema = pq.read_schema(ds.table_path("events"))
    have: set[tuple[str, str]] = set()
    for f in schema:
        if pa.types.is_struct(f.type):
            have |= {(f.name, f.type.field(i).name) for i in range(f.type.num_fields)}
    return sorted(f"{a}.{b}" for a, b in referenced_columns(rules) - have)


def scan(ds: Dataset, rules: Sequence[CompiledRule], *, matching: str = "first", capture: str = "") -> list[Alert]:
    """All alerts of ``rules`` over the dataset, in event order (and rule order within an event)."""
    if not rules:
        return []
    missing = missing_columns(ds, rules)
    if missing:
        raise ValueError(f"the events table of {ds.paths[0]} has no column {', '.join(missing)} (cached by an older "
                         "scapkit? run with --no-cache)")
    q = build_query(rules, matching)
    con = ds.connect()
    try:
        table = con.sql(q.sql).to_arrow_table()
    finally:
        con.close()
    hostname = str(ds.meta.get("hostname", "") or "")
    cap = capture or (ds.paths[0] if len(ds.paths) == 1 else ",".join(ds.paths))
    data = {c: table.column(c).to_pylist() for c in table.column_names}
    alerts: list[Alert] = []
    for row in range(table.num_rows):
        hits = data["__hit"][row]
        ids = [hits] if matching == "first" else hits
        num, ts = data["__num"][row], data["__ts"][row]
        for rid in ids:
            cr = rules[rid]
            values = {t.text: data[q.token_columns[t.text]][row] for t in cr.output.tokens}
            fields = cr.output.output_fields(values)
            fields["evt.time"] = ts
            alerts.append(Alert(
                rule=cr.rule.name, priority=cr.rule.priority, time_ns=int(ts), output=cr.output.render(values),
                output_fields=dict(sorted(fields.items())), evt_num=int(num), capture=cap, hostname=hostname,
                source=cr.rule.source, tags=cr.rule.tags))
    return alerts


def filtered_connection(ds: Dataset, condition: exp.Expression):  # type: ignore[no-untyped-def]
    """A connection whose ``events`` view holds only the rows matching a compiled Falco condition
    (the full table stays reachable as ``__events_all``)."""
    con = ds.connect()
    con.execute('ALTER VIEW "events" RENAME TO "__events_all"')
    view = exp.select(exp.Star()).from_("__events_all").where(condition.copy())
    con.execute(f'CREATE VIEW "events" AS {view.sql(dialect="duckdb")}')
    return con


def matching_event_numbers(ds: Dataset, condition: exp.Expression) -> set[int]:
    """evt.num of every row of the events table matching the condition."""
    q = exp.select(exp.alias_(col("evt", "num"), "num")).from_("events").where(condition.copy())
    con = ds.connect()
    try:
        return {int(r[0]) for r in con.sql(q.sql(dialect="duckdb")).fetchall()}
    finally:
        con.close()
