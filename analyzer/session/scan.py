"""Run compiled Falco rules over a dataset with DuckDB and turn matches into Alerts.

Falco sees exit events (enter parameters merged in) plus the meta events that have no exit
counterpart (procexit, signaldeliver, ...); state-only and internal events are processed for
state but never handed to rules. The scan keeps those rows, pre-filters them by the union of the
rules' inferred event types, and evaluates every rule in definition order: ``first`` (Falco's
default ``rule_matching``) keeps the first match per event with a ``CASE``; ``all`` keeps every
match. See :class:`ScanQuery` for the passes.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from ..rules.alerts import Alert
from ..rules.compiler import col, fn, n, s
from ..rules.evttypes import ALL
from ..rules.folding import fold_case, put_constant
from ..rules.output import Token, render_padded
from ..rules.plan import CompiledRule
from ..scap import event_table as T
from ..scap.render import GENERIC_E, GENERIC_X, event_type_name
from ..tables.context_members import CONTEXT_COLUMNS, TIME_MEMBERS
from . import scan_index
from .dataset import Dataset, columns_of

if TYPE_CHECKING:  # Arrow is imported where it is used: a scan of a cached capture needs none
    import pyarrow as pa

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
    """Rows Falco's rule engine sees: shown exit events and the enter-only meta events."""
    exit_or_meta = exp.Paren(this=exp.Or(
        this=exp.EQ(this=col("evt", "dir"), expression=s("<")),
        expression=exp.In(this=col("evt", "typeid"), expressions=[n(i) for i in meta_event_ids()])))
    # state-only events (dump flag) and internal events are processed for state but never handed out
    return exp.And(this=exp.EQ(this=col("evt", "shown"), expression=exp.true()), expression=exit_or_meta)


def type_names(rules: Sequence[CompiledRule]) -> set[str] | None:
    """The event types of at least one rule, or None when a rule applies to every type."""
    names: set[str] = set()
    for r in rules:
        if r.evttypes == ALL:
            return None
        names |= r.evttypes
    return names


def candidate_typeids(rules: Sequence[CompiledRule]) -> list[int] | None:
    """The type ids of the rows Falco hands to at least one of the rules (None: every type): the
    exit and meta events of the rules' types, and the generic syscall events (named by their
    syscall) when a rule's type may be one."""
    names = type_names(rules)
    if names is None:
        return None
    meta = set(meta_event_ids())
    seen = [et for et in range(T.PPM_EVENT_MAX) if et & 1 or et in meta]
    generic = [et for et in seen if et in (GENERIC_E, GENERIC_X)]
    return [et for et in seen if et not in generic and event_type_name(et) in names] + generic if names else []


def candidate_rows(rules: Sequence[CompiledRule]) -> exp.Expression:
    """The rows Falco hands to at least one of the rules: :func:`visible_events` of the rules'
    event types. A type id has one name and direction (but the generic syscall events, named by
    their syscall), so the test is one list of type ids, which DuckDB checks while it reads the
    file: the same rows as ``visible_events() AND evt.type IN (...)``, which it checked after
    reading every row's direction and type name, with a hash join for the names (measured on the
    benchmark capture: the stage 0.31-0.34 -> 0.29-0.31 s)."""
    ids = candidate_typeids(rules)
    if ids is None:
        return visible_events()
    if not ids:
        return exp.false()
    names = type_names(rules) or set()
    generic = [et for et in ids if et in (GENERIC_E, GENERIC_X)]
    test: exp.Expression = exp.And(this=exp.EQ(this=col("evt", "shown"), expression=exp.true()),
                                   expression=exp.In(this=col("evt", "typeid"), expressions=[n(i) for i in ids]))
    if generic:
        # (a CASE, not an OR: the list of ids above stays a test DuckDB checks while it reads)
        by_name = exp.Case(ifs=[exp.If(this=exp.In(this=col("evt", "typeid"), expressions=[n(i) for i in generic]),
                                       true=exp.In(this=col("evt", "type"), expressions=[s(x) for x in sorted(names)]))],
                           default=exp.true())
        test = exp.And(this=test, expression=by_name)
    return test


@dataclass(frozen=True)
class ScanQuery:
    """The scan in three steps.

    1. ``stage_sql`` reads the rows Falco would hand to at least one rule (exit and meta events
       of the rules' event types), with only the struct members the conditions read (one flat
       column each, ``"proc.name"``: :func:`staged_name`), and keeps
       each distinct combination of those values once, with the list of its event numbers, in
       the table ``__pre`` (of the scan's own in-memory database). Events repeat the same process, fd and argument values a
       great deal (measured: 149k candidate rows -> 7.6k distinct on the benchmark capture), and a
       condition's result depends only on the values it reads, so each combination is evaluated
       once. The event number lists are the only per-event state (measured: ~9 MB per million
       candidate events, e.g. ``__pre`` 45 MB instead of 36 MB for a 2M-event capture with a rule
       of every type). Designs without them measured slower: joining the events back to the
       matched combinations on the key (IS NOT DISTINCT FROM, or on the values the matched rules
       read only) recomputes the key per event (+10-25 % scan time), and evaluating the matched
       rules per event is ten times slower when many rules match. The process context members
       (thread, proc, user, group, container, k8s) are not read per event: the events are grouped
       by their context id (``ctx``) with the other values, the members the conditions read are
       joined from the ``contexts`` table (one row per id), and the rows grouped again by value
       (measured on the benchmark capture: this step 0.57-0.63 -> 0.37 s; joining per-id values
       computed from the events table instead, with any_value, 0.69 s). Over a capture's scan
       index (:mod:`.scan_index`), ``index_stage_sql`` does the same from the index's per-type
       files and shapes (:func:`_index_stage`).
    2. ``matches``: a ``CASE`` on the event type dispatches each row of ``__pre`` to the group
       of rules that apply to its type (rules grouped by identical applicable sets), and within the
       group evaluates those rules in definition order (an inner ``CASE`` = first match, or the list
       of every match), each condition with its ``evt.type`` tests decided for the group's types
       (:func:`fold_types`). DuckDB evaluates a ``WHEN``/``THEN`` only on the rows still selected, so
       each rule runs only on rows of its own event types. A large ``CASE`` is split by groups into
       statements run side by side (:func:`_assign`, :func:`_run_matches`); a scan puts them
       together from the branches of the types its ``__pre`` holds (:class:`MatchPlan`; ``matches``
       has every branch). The matches, one row per event number, go to ``__hits`` (``hits_sql``
       gathers those of several statements).
    3. ``hit_rules_sql`` lists the rules that matched at least one event, and :meth:`output` joins
       the matched events back to the events table (or the index's rows) for their time and the
       output tokens of those rules only: the events table's columns are read for every row Falco sees, so a token column
       no matching rule prints is not read at all (measured on the benchmark capture: 55 -> 14
       columns, this step 0.33 -> 0.10 s). No match, no output query.
    """

    stage_sql: str
    match: MatchPlan  # the match as branches, put together per capture
    hit_rules_sql: str
    where: exp.Expression  # the rows Falco hands to the rules (of the rules' event types)
    index_stage_sql: str = ""  # the stage over the scan index (:mod:`.scan_index`), when it can read it
    typeids: tuple[int, ...] | None = None  # the type ids of the candidate rows (None: every type)

    @property
    def matches(self) -> tuple[tuple[str, dict[str, list[str]]], ...]:
        """The match statements for rows of any type, and their list parameters."""
        return self.match.statements(None)[0]

    @property
    def hits_sql(self) -> str:
        """After several match statements (of any type): their matches in one table, ``__hits``."""
        return self.match.statements(None)[1]

    @property
    def match_sql(self) -> str:
        """The match statements' text (to read, not to run: they run side by side)."""
        return ";\n".join(sql for sql, _ in self.matches)

    def output_members(self, rules: Sequence[CompiledRule], ids: Iterable[int], contexts: bool
                       ) -> set[tuple[str, str]]:
        """The (struct, member) pairs :meth:`output` reads from its ``source`` (``("", "ctx")``:
        the context id)."""
        out = _columns_in([t.sql for i in set(ids) for t in rules[i].output.tokens])
        out |= {("evt", "num"), ("evt", "rawtime")}
        return out | {("", "ctx")} if contexts else out

    def output(self, rules: Sequence[CompiledRule], ids: Iterable[int], contexts: bool = True,
               source: str = "events") -> tuple[str, dict[str, str]]:
        """The output query for the matches of the rules ``ids``, and its column of each token
        text of those rules. A row per distinct combination of the tokens' values, with the lists
        of its matched events' numbers, times and ``__hit`` (the last three columns, ``__nums``,
        ``__tss``, ``__hitl``): alerts repeat the same values a great deal, and each value is
        handed to Python once (measured on the benchmark capture: 9,381 matches in 153 rows; the
        query 0.015 -> 0.017 s, fetching its rows 0.022 -> 0.004 s, making the alerts 0.055 ->
        0.027 s). With ``contexts``, the process context members are read from the
        contexts table. ``source``: the events table, or the scan index's view of its rows
        (``__ix``)."""
        tokens: dict[str, exp.Expression] = {}
        for i in sorted(ids):
            for t in rules[i].output.tokens:
                tokens.setdefault(t.text, t.sql)
        cols = {text: f"__t{k}" for k, text in enumerate(tokens)}
        q = exp.select(exp.alias_(col("evt", "num"), "__num"), exp.alias_(col("evt", "rawtime"), "__ts"),
                       exp.column("__hit", "__hits"),
                       *[exp.alias_(_context_from_table(sql.copy()) if contexts else sql, cols[text])
                         for text, sql in tokens.items()]) \
            .from_(exp.alias_(exp.to_table(source), "e"), copy=False) \
            .join("__hits", on=exp.EQ(this=col("evt", "num"), expression=exp.column("__num", "__hits")), copy=False)
        if source == "events":
            # (the matched events are rows of the rules' types: the test lets DuckDB skip the others
            # as it reads; the index's view holds the matched rows only)
            q = q.where(self.where)
        if contexts:
            # the process context members the tokens print are read from the contexts table (one row
            # per context id), not from the events table's context columns, decoded for every row
            # of the rules' types (measured on the benchmark capture: 0.085 -> 0.073 s)
            q = q.join(exp.alias_(exp.to_table("contexts"), "c"),
                       on=exp.EQ(this=exp.column("ctx", "c"), expression=exp.column("ctx", "e")), join_type="left",
                       copy=False)
        lists = [exp.alias_(fn("list", exp.column(c)), name) for c, name in
                 (("__num", "__nums"), ("__ts", "__tss"), ("__hit", "__hitl"))]
        grouped = exp.select(*[exp.column(c) for c in cols.values()], *lists, copy=False) \
            .from_(exp.alias_(exp.Subquery(this=q), "o"), copy=False)
        if cols:
            grouped = grouped.group_by(exp.var("ALL"), copy=False)
        return grouped.sql(dialect="duckdb"), cols


def _context_from_table(e: exp.Expression) -> exp.Expression:
    """``e`` (an output token over the events table ``e``) reading the process context members
    from the contexts table ``c``, but those that depend on the event's time (changed in place)."""

    def one(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.table and not node.args.get("db"):
            t = node.table
            src = "c" if t in CONTEXT_COLUMNS and node.name not in TIME_MEMBERS.get(t, frozenset()) else "e"
            return exp.Column(this=node.this, table=exp.to_identifier(t, quoted=True), db=exp.to_identifier(src))
        return node

    return e.transform(one, copy=False)


def _map_keys(conditions: list[exp.Expression], member: str) -> list[str] | None:
    """The keys the conditions look up in the map column ``evt.<member>`` (``evt.arg['name']``), or
    None when some reference to it is not such a look-up (then the whole map is staged)."""
    keys: set[str] = set()
    for e in conditions:
        for c in e.find_all(exp.Column):
            if c.table != "evt" or c.name != member:
                continue
            b = c.parent
            if not (isinstance(b, exp.Bracket) and b.this is c and len(b.expressions) == 1
                    and isinstance(b.expressions[0], exp.Literal) and b.expressions[0].is_string):
                return None
            keys.add(b.expressions[0].this)
    return sorted(keys)


def _staged_member(struct: str, member: str, conditions: list[exp.Expression]) -> exp.Expression:
    """One staged struct member. The argument maps are staged as a struct of the keys the rules
    read: ``evt.arg['name']`` then reads a struct field (the same SQL works on both), and each map
    look-up is done once per row instead of once per reference."""
    if struct == "evt" and member in ("arg", "rawarg"):
        keys = _map_keys(conditions, member)
        # struct field names ignore case in DuckDB: keys that differ only by case keep the whole map
        if keys and len({k.lower() for k in keys}) == len(keys):
            return fn("struct_pack", *[exp.PropertyEQ(this=exp.to_identifier(k, quoted=True),
                                                      expression=exp.Bracket(this=col(struct, member),
                                                                             expressions=[s(k)], offset=1))
                                       for k in keys])
    return col(struct, member)


# members whose value differs from one event to the next: staged as the value of each test that
# reads them, so that the distinct rows of the stage stay few
_PER_EVENT = scan_index.PER_EVENT
_CONNECTIVES = (exp.And, exp.Or, exp.Not)


def _in_boolean_position(node: exp.Expression) -> bool:
    """Is ``node`` an operand of the condition's boolean structure (and/or/not, brackets around
    one, the condition itself) rather than part of a value?"""
    parent = node.parent
    while isinstance(parent, exp.Paren):
        node, parent = parent, parent.parent
    return parent is None or isinstance(parent, _CONNECTIVES)


def _test_of(c: exp.Column) -> exp.Expression | None:
    """The test a per-event column is read by: its enclosing operand of the condition's and/or/not
    structure (None inside a lambda, whose variables only exist there)."""
    node: exp.Expression = c
    while not _in_boolean_position(node):
        node = node.parent  # type: ignore[assignment]
        if isinstance(node, exp.Lambda):
            return None
    return node


def staged_tests(conditions: list[exp.Expression]) -> tuple[list[exp.Expression], dict[str, exp.Expression],
                                                            list[set[int]]]:
    """The conditions with every test of a per-event member replaced by a staged column
    (``__v0``...), those columns' expressions (identical tests share a column), and for each
    column the indexes of the conditions that use it."""
    tests: dict[str, exp.Expression] = {}
    names: dict[str, str] = {}
    users: list[set[int]] = []
    out: list[exp.Expression] = []
    for i, cond in enumerate(conditions):
        cond = cond.copy()
        # the tests replaced so far (by id; kept alive, so that no id is reused): they take their columns with them
        replaced: dict[int, exp.Expression] = {}
        for c in [c for c in cond.find_all(exp.Column) if (c.table, c.name) in _PER_EVENT]:
            if _inside(c, replaced):
                continue
            t = _test_of(c)
            if t is None:
                continue
            replaced[id(t)] = t
            key = t.sql(dialect="duckdb")
            name = names.setdefault(key, f"__v{len(names)}")
            if name not in tests:
                tests[name] = t.copy()
                users.append(set())
            users[int(name[3:])].add(i)
            if t is cond:
                cond = exp.column(name)
            else:
                t.replace(exp.column(name))
        out.append(cond)
    return out, tests, users


def _inside(node: exp.Expression, ids: dict[int, exp.Expression]) -> bool:
    """Is ``node`` or one of its ancestors one of the nodes ``ids``?"""
    n: exp.Expression | None = node
    while n is not None:
        if id(n) in ids:
            return True
        n = n.parent
    return False


def _guarded(test: exp.Expression, rules: Sequence[CompiledRule]) -> exp.Expression:
    """A staged test computed only on the event types of the rules that use it (elsewhere NULL): it
    runs on the rows where the rules' own conditions would have run it, never on others, where it
    could fail (e.g. b64 of a read buffer)."""
    if any(r.evttypes == ALL for r in rules):
        return test
    types = sorted(set().union(*[r.evttypes for r in rules]))
    return exp.Case(ifs=[exp.If(this=exp.In(this=col("evt", "type"), expressions=[s(x) for x in types]),
                                true=test)])


def staged_name(struct: str, member: str) -> str:
    """The column of ``__pre`` that holds ``struct.member``: one flat column per member (DuckDB
    binds a plain column several times faster than a struct member: measured on the benchmark
    capture's match query, 0.195 -> 0.140 s)."""
    return f"{struct}.{member}"


def flat(e: exp.Expression, lists: dict[tuple[str, ...], str]) -> exp.Expression:
    """``e`` reading the staged flat columns instead of struct members, and its ``IN`` tests of two
    or more strings against a named list parameter (``x IN $l0``; ``lists`` gets each list's name,
    one per distinct list): a parameter is bound once, where a list of literals is parsed and bound
    item by item (measured on the benchmark capture's match query: 0.149 -> 0.120 s; the upstream
    rules repeat long lists of process names). Changed in place."""

    def one(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.table:
            return exp.Column(this=exp.to_identifier(staged_name(node.table, node.name), quoted=True))
        if isinstance(node, exp.In) and len(node.expressions) >= 2 \
                and not any(node.args.get(k) for k in ("query", "unnest", "field")) \
                and all(isinstance(x, exp.Literal) and x.is_string for x in node.expressions):
            name = lists.setdefault(tuple(x.this for x in node.expressions), f"l{len(lists)}")
            # (the replacement's operand is not visited by the transform: flattened here)
            return exp.In(this=flat(node.this, lists), field=exp.Placeholder(this=name))
        return node

    return e.transform(one, copy=False)


def _time_name(struct: str, member: str) -> str:
    return f"__time_{struct}.{member}"


def _staged_columns(conditions: list[exp.Expression]) -> tuple[list[exp.Expr], list[exp.Expr]]:
    """The struct members the conditions read (and evt.type, which dispatches the rules), one
    flat column each (:func:`staged_name`): the columns read per event from the events table, and
    those read once per process context from the contexts table (empty when the conditions read
    no context member). A context struct's members that depend on the event's time (proc.duration
    outside a staged test) are read per event, as ``__time_<struct>.<member>``, and staged with
    the others."""
    members: dict[str, set[str]] = {"evt": {"type"}}
    for struct, member in _columns_in(conditions):
        members.setdefault(struct, set()).add(member)
    per_event: list[exp.Expr] = []
    per_context: list[exp.Expr] = []
    for struct, ms in sorted(members.items()):
        if struct not in CONTEXT_COLUMNS:
            per_event.extend(exp.alias_(_staged_member(struct, m, conditions), staged_name(struct, m), quoted=True)
                             for m in sorted(ms))
            continue
        timed = sorted(ms & TIME_MEMBERS.get(struct, frozenset()))
        per_event.extend(exp.alias_(col(struct, m), _time_name(struct, m), quoted=True) for m in timed)
        per_context.extend(exp.alias_(exp.column(_time_name(struct, m), "e", quoted=True) if m in timed
                                      else col(struct, m), staged_name(struct, m), quoted=True) for m in sorted(ms))
    return per_event, per_context


def _is_type_column(e: exp.Expression) -> bool:
    return isinstance(e, exp.Column) and e.table == "evt" and e.name == "type"


def fold_types(cond: exp.Expression, types: frozenset[str], *, copy: bool = True) -> exp.Expression:
    """``cond`` for rows whose ``evt.type`` is known to be one of ``types`` (never NULL): every
    ``evt.type = 'x'`` / ``evt.type IN (...)`` test that is decided by that knowledge becomes TRUE or
    FALSE, and the operators it decides are folded (:func:`put_constant`: ``TRUE AND x`` is ``x``;
    a FALSE operand of an AND leaves no row for the other operands to run on). Exact on those rows;
    the tree is copied unless ``copy`` is false (then ``cond`` is changed in place). Folding keeps
    the match query short: DuckDB parses and binds it for longer than it runs it (measured on the
    benchmark capture: 99 -> 91 kB, the match 0.126-0.134 -> 0.100-0.118 s)."""
    root = cond.copy() if copy else cond
    for e in list(root.find_all(exp.In, exp.EQ)):
        if isinstance(e, exp.In) and _is_type_column(e.this) and not e.args.get("query") \
                and not e.args.get("unnest") and e.expressions \
                and all(isinstance(x, exp.Literal) and x.is_string for x in e.expressions):
            values = {x.this for x in e.expressions}
        elif isinstance(e, exp.EQ) and _is_type_column(e.this) and isinstance(e.expression, exp.Literal) \
                and e.expression.is_string:
            values = {e.expression.this}
        else:
            continue
        if types <= values:
            value = True
        elif not types & values:
            value = False
        else:
            continue
        if e is not root and not _under(e, root):  # in an operand an earlier test folded away
            continue
        new_root = put_constant(e, value)
        if new_root is not None:
            root = new_root
    return root


def _under(e: exp.Expression, root: exp.Expression) -> bool:
    p = e.parent
    while p is not None:
        if p is root:
            return True
        p = p.parent
    return False


def _paren(e: exp.Expression) -> exp.Expression:
    return e if isinstance(e, exp.Boolean) else exp.Paren(this=e)


def _groups(rules: Sequence[CompiledRule]) -> list[tuple[list[str] | None, list[int]]]:
    """(event types, rule indexes applicable to them); ``None`` = every other type."""
    specific = sorted(set().union(*[r.evttypes for r in rules if r.evttypes != ALL]))
    anytype = [i for i, r in enumerate(rules) if r.evttypes == ALL]
    by_rules: dict[tuple[int, ...], list[str]] = {}
    for t in specific:
        ids = tuple(i for i, r in enumerate(rules) if t in r.evttypes)
        by_rules.setdefault(ids, []).append(t)
    out: list[tuple[list[str] | None, list[int]]] = [(types, list(ids)) for ids, types in by_rules.items()]
    if anytype:
        out.append((None, anytype))
    return out


_QUERY_CACHE: dict[tuple[tuple[int, ...], str], tuple[tuple[CompiledRule, ...], ScanQuery, frozenset[tuple[str, str]]]] = {}
_QUERY_CACHE_SIZE = 8


def _cached(rules: Sequence[CompiledRule], matching: str) -> tuple[ScanQuery, frozenset[tuple[str, str]]]:
    """The query and the referenced columns of a rule list, built once per list of compiled rules
    (a TUI session or a multi-capture scan reuses them). Keyed by the identity of the compiled rule
    objects; the entry holds them, so an identity cannot be reused while it is cached."""
    key = (tuple(id(r) for r in rules), matching)
    hit = _QUERY_CACHE.get(key)
    if hit is not None:
        return hit[1], hit[2]
    q = build_query(rules, matching)
    refs = frozenset(referenced_columns(rules))
    if len(_QUERY_CACHE) >= _QUERY_CACHE_SIZE:
        _QUERY_CACHE.pop(next(iter(_QUERY_CACHE)))
    _QUERY_CACHE[key] = (tuple(rules), q, refs)
    return q, refs


def build_query(rules: Sequence[CompiledRule], matching: str = "first") -> ScanQuery:
    if matching not in MATCHING:
        raise ValueError(f"rule matching must be one of {', '.join(MATCHING)}, not '{matching}'")
    where = candidate_rows(rules)
    conditions, tests, users = staged_tests([r.condition for r in rules])
    per_event, per_context = _staged_columns(conditions)
    staged = [*per_event,
              *(exp.alias_(_guarded(t, [rules[i] for i in users[k]]), name) for k, (name, t) in enumerate(tests.items()))]
    nums = exp.alias_(fn("list", col("evt", "num")), "__nums")
    ctx = [exp.alias_(exp.column("ctx"), "__ctx")] if per_context else []
    stage = exp.select(*ctx, *staged, nums, copy=False).from_("events", copy=False).where(where, copy=True) \
        .group_by(exp.var("ALL"), copy=False)
    if per_context:
        stage = _by_value(stage, staged, per_context)
    # (a table of the connection's database, not a temporary one: the match statements read it
    # from their own connections)
    stage_sql = f"CREATE OR REPLACE TABLE __pre AS {stage.sql(dialect='duckdb', copy=False)}"
    index_stage = _index_stage(staged, per_context, where)
    index_stage_sql = f"CREATE OR REPLACE TABLE __pre AS {index_stage}" if index_stage else ""
    ifs: list[exp.If] = []
    branch_types: list[list[str]] = []
    default: exp.Expression | None = None
    groups = _groups(rules)
    uses = Counter(i for _, ids in groups for i in ids)
    for types, ids in groups:

        def cond(i: int, types: list[str] | None = types) -> exp.Expression:
            # the staged conditions are this query's own copies: the last use of each takes it as is
            uses[i] -= 1
            c, last = conditions[i], uses[i] == 0
            if types is None:
                return c if last else c.copy()
            return fold_types(c, frozenset(types), copy=not last)

        # (a rule whose condition folded to FALSE for these types has no branch)
        if matching == "first":
            body: exp.Expression = fold_case(exp.Case(ifs=[exp.If(this=_paren(cond(i)), true=n(i)) for i in ids]))
        else:
            arr = exp.Array(expressions=[fold_case(exp.Case(ifs=[exp.If(this=_paren(cond(i)), true=n(i))]))
                                         for i in ids])
            lam = exp.Lambda(this=exp.Not(this=exp.Is(this=exp.column("x"), expression=exp.Null())),
                             expressions=[exp.to_identifier("x")])
            body = fn("list_filter", arr, lam)
        if types is None:
            default = body
        else:
            ifs.append(exp.If(this=exp.In(this=col("evt", "type"), expressions=[s(x) for x in types]), true=body))
            branch_types.append(types)
    lists: dict[tuple[str, ...], str] = {}
    ifs = [flat(b, lists) for b in ifs]  # type: ignore[misc]
    default = flat(default, lists) if default is not None else None
    keep = exp.Not(this=exp.Is(this=exp.column("__hit"), expression=exp.Null())) if matching == "first" \
        else exp.GT(this=fn("len", exp.column("__hit")), expression=n(0))
    params = {name: list(v) for v, name in lists.items()}
    match = MatchPlan(tuple(_Branch(frozenset(types), _when(b), _size(b), _params_in(b))
                            for b, types in zip(ifs, branch_types, strict=True)),
                      default.sql(dialect="duckdb") if default is not None else None,
                      _size(default) if default is not None else 0,
                      _params_in(default) if default is not None else frozenset(), keep.sql(dialect="duckdb"), params)
    hit_rules = exp.column("__hit") if matching == "first" else exp.Unnest(expressions=[exp.column("__hit")])
    hit_rules_sql = exp.select(hit_rules).distinct().from_("__hits").sql(dialect="duckdb")
    typeids = candidate_typeids(rules)
    return ScanQuery(stage_sql, match, hit_rules_sql, where, index_stage_sql, None if typeids is None else tuple(typeids))


def _when(branch: exp.If) -> str:
    """A CASE branch's text, ``WHEN ... THEN ...``."""
    text = exp.Case(ifs=[branch]).sql(dialect="duckdb")
    assert text.startswith("CASE ") and text.endswith(" END")
    return text[len("CASE "):-len(" END")]


def _size(e: exp.Expression) -> int:
    return sum(1 for _ in e.walk())


def _params_in(e: exp.Expression) -> frozenset[str]:
    return frozenset(p.name for p in e.find_all(exp.Placeholder))


@dataclass(frozen=True)
class _Branch:
    """One branch of the match's CASE: the rules of a group of event types."""

    types: frozenset[str]
    when: str  # its text, WHEN "evt.type" IN (...) THEN ...
    size: int  # its syntax tree's nodes
    params: frozenset[str]  # the list parameters it reads


@dataclass(frozen=True)
class MatchPlan:
    """The match (step 2 of :class:`ScanQuery`) as the branches of its CASE, one per group of
    event types, and the default branch (rules of every type, for the types no branch names), put
    together into statements for the event types a capture's staged rows hold (:meth:`statements`):
    a branch of types no row has is left out, so DuckDB does not parse and bind it, and a capture
    without rows of the rules' types runs no match at all."""

    branches: tuple[_Branch, ...]
    default: str | None
    default_size: int
    default_params: frozenset[str]
    keep: str  # the test of a matched row
    params: dict[str, list[str]]

    def statements(self, present: set[str] | None) -> tuple[tuple[tuple[str, dict[str, list[str]]], ...], str]:
        """The match statements for rows of the event types ``present`` (None: any type), and
        the statement gathering their matches in ``__hits`` when there are several."""
        named = frozenset().union(*[b.types for b in self.branches])
        kept = [b for b in self.branches if present is None or b.types & present]
        default = self.default if self.default is not None and (present is None or present - named) else None
        members, home = _assign([b.size for b in kept], self.default_size if default is not None else 0,
                                default is not None)
        parts: list[tuple[list[_Branch], str | None, set[str]]] = []
        for j, ms in enumerate(members):
            others = {t for m, ns in enumerate(members) if m != j for i in ns for t in kept[i].types} \
                if j == home else set()
            part = ([kept[i] for i in sorted(ms)], default if j == home else None, others)
            if part[0] or part[1] is not None:
                parts.append(part)
        out: list[tuple[str, dict[str, list[str]]]] = []
        for k, (branches, part_default, others) in enumerate(parts):
            if branches:
                hit = "CASE " + " ".join(b.when for b in branches) + \
                    (f" ELSE {part_default}" if part_default is not None else "") + " END"
            else:
                assert part_default is not None
                hit = part_default
            where = ""
            if others:  # the default branch is for the types no other branch names, in any part
                where = " WHERE " + exp.Not(this=exp.In(this=exp.column("evt.type", quoted=True),
                                                        expressions=[s(x) for x in sorted(others)])).sql(dialect="duckdb")
            used = frozenset().union(*[b.params for b in branches],
                                     self.default_params if part_default is not None else frozenset())
            table = "__hits" if len(parts) == 1 else f"__hits{k}"
            out.append((f"CREATE OR REPLACE TABLE {table} AS SELECT UNNEST(__nums) AS __num, __hit "
                        f"FROM (SELECT __nums, {hit} AS __hit FROM __pre{where}) AS m WHERE {self.keep}",
                        {name: v for name, v in self.params.items() if name in used}))
        hits_sql = "" if len(parts) < 2 else \
            "CREATE OR REPLACE TABLE __hits AS " + " UNION ALL ".join(f"SELECT * FROM __hits{k}" for k in range(len(parts)))
        return tuple(out), hits_sql


def _index_stage(staged: list[exp.Expr], per_context: list[exp.Expr], where: exp.Expression) -> str | None:
    """The stage over the scan index (the views of :meth:`.scan_index.ScanIndex.attach`), or None
    when a staged test reads a member the index keeps in the shapes (with a per-event one). The
    per-event rows are grouped by shape id and the staged tests and per-event values (integers,
    flags, the type), which read the per-event files only; the members of the shapes are read
    once per such group (measured on the benchmark capture: the stage 0.30 -> ~0.09 s), then
    the rows are grouped by value as over the events table."""
    per_event = scan_index.event_columns()
    inner: list[exp.Expression] = []
    shaped: list[exp.Expression] = []
    for e in staged:
        cols = {(c.table, c.name) for c in e.find_all(exp.Column) if c.table}
        if cols <= per_event:
            inner.append(e.copy())
        elif e.alias_or_name.startswith("__"):  # a test, or a time member: per event
            return None
        else:
            shaped.append(e.copy())
    nums = exp.alias_(fn("list", col("evt", "num")), "__nums")
    first = exp.select(exp.column("__shape"), *inner, nums, copy=False).from_("__evs", copy=False) \
        .where(where.copy(), copy=False).group_by(exp.var("ALL"), copy=False)
    middle = exp.select(exp.alias_(exp.column("ctx", "s"), "__ctx"), *shaped,
                        *[exp.column(e.alias_or_name, "g", quoted=True) for e in inner],
                        exp.column("__nums", "g"), copy=False) \
        .from_(exp.alias_(exp.Subquery(this=first), "g"), copy=False) \
        .join(exp.alias_(exp.to_table("__shapes"), "s"),
              on=exp.EQ(this=exp.column("__shape", "s"), expression=exp.column("__shape", "g")), copy=False)
    return _by_value(middle, staged, [e.copy() for e in per_context]).sql(dialect="duckdb")


def _by_value(grouped: exp.Select, staged: list[exp.Expr], per_context: list[exp.Expr]) -> exp.Select:
    """The staged rows ``grouped`` (by context id ``__ctx`` and other values) grouped again by the
    values the conditions read, with the process context members ``per_context`` joined from the
    contexts table (once per context id: the events table's context columns, ~100 members of
    every row, are not read at all). Context ids are finer than those values (measured on webshell
    with a rule of every type reading proc.name: 4034 rows by id, 2555 by value)."""
    kept = [exp.column(e.alias_or_name, "e", quoted=True) for e in staged if not e.alias_or_name.startswith("__time_")]
    q = exp.select(*kept, *per_context, exp.alias_(fn("flatten", fn("list", exp.column("__nums", "e"))), "__nums"),
                   copy=False).from_(exp.alias_(exp.Subquery(this=grouped), "e"), copy=False)
    if per_context:
        q = q.join(exp.alias_(exp.to_table("contexts"), "c"),
                   on=exp.EQ(this=exp.column("ctx", "c"), expression=exp.column("__ctx", "e")), copy=False)
    return q.group_by(exp.var("ALL"), copy=False)


# the match query is split in this many statements, run side by side on their own connections, when
# it is large: DuckDB parses and binds a statement on one core, for longer than it runs it (measured
# on the benchmark capture with the upstream rules, 91 kB: the match 0.12 -> 0.065-0.075 s on two
# cores)
MATCH_PARTS = max(1, min(4, os.cpu_count() or 1))
_SPLIT_NODES = 4000  # below this many nodes, one statement


def _assign(sizes: list[int], default_size: int, default: bool) -> tuple[list[list[int]], int]:
    """The match's branches (of these sizes) shared out among :data:`MATCH_PARTS` statements of
    about equal size, each event type in one statement only (so the first match of an event stays
    the first of its group): the branches of each statement, and the statement the default branch
    goes with (the least loaded; -1 without one), which then leaves out the types the other
    statements name."""
    k = MATCH_PARTS if sum(sizes) + default_size >= _SPLIT_NODES else 1
    k = max(1, min(k, len(sizes) + default))
    load = [0] * k
    members: list[list[int]] = [[] for _ in range(k)]
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        j = load.index(min(load))
        members[j].append(i)
        load[j] += sizes[i]
    return members, load.index(min(load)) if default else -1


def referenced_columns(rules: Sequence[CompiledRule]) -> set[tuple[str, str]]:
    """(struct, member) pairs the rules' conditions and outputs read."""
    return _columns_in([r.condition for r in rules] + [t.sql for r in rules for t in r.output.tokens])


def _columns_in(exprs: list[exp.Expression]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for e in exprs:
        for c in e.find_all(exp.Column):
            if c.table:
                out.add((c.table, c.name))
    return out


def missing_columns(con: duckdb.DuckDBPyConnection, rules: Sequence[CompiledRule],
                    refs: frozenset[tuple[str, str]] | None = None) -> list[str]:
    """The columns the rules read that the connection's events view lacks (and ``ctx`` with the
    contexts table, the scan's source of the process context members)."""
    have = columns_of(con, "events")
    used = referenced_columns(rules) if refs is None else refs
    missing = sorted(f"{a}.{b}" for a, b in used if f"{a}.{b}" not in have)
    if any(t in CONTEXT_COLUMNS for t, _ in used) and ("ctx" not in have or "contexts" not in _views(con)):
        missing.append("ctx")
    return missing


def _views(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}


def reads_index(ds: Dataset, rules: Sequence[CompiledRule], matching: str = "first") -> bool:
    """Does a scan of ``rules`` over the dataset read a scan index? Not when the dataset is not in
    the cache, or the rules read a member the index leaves out or test one of its shapes'
    members together with a per-event one."""
    q, refs = _cached(rules, matching)
    return ds.in_cache and bool(q.index_stage_sql) and scan_index.serves(refs)


def index_for(ds: Dataset, rules: Sequence[CompiledRule], matching: str = "first", *,
              build: bool = True, errors: bool = False) -> scan_index.ScanIndex | None:
    """The scan index a scan of ``rules`` over the dataset reads (built now if it is missing and
    ``build``), or None when that scan reads the events table (:func:`reads_index`, or the index
    cannot be written: with ``errors``, :class:`.scan_index.IndexBuildError` says why)."""
    if not reads_index(ds, rules, matching):
        return None
    return scan_index.scan_index(ds.directory, visible_events().sql(dialect="duckdb"), build_it=build, errors=errors)


def scan(ds: Dataset, rules: Sequence[CompiledRule], *, matching: str = "first", capture: str = "",
         use_index: bool = True) -> list[Alert]:
    """All alerts of ``rules`` over the dataset, in event order (and rule order within an event).
    A capture in the cache is scanned through its scan index (:mod:`.scan_index`), built by its
    first scan; ``use_index`` false reads the events table (the same alerts)."""
    if not rules:
        return []
    if matching not in MATCHING:
        raise ValueError(f"rule matching must be one of {', '.join(MATCHING)}, not '{matching}'")
    q, refs = _cached(rules, matching)
    index = index_for(ds, rules, matching) if use_index else None
    files = index.files(q.typeids) if index is not None else []
    indexed = (index, files) if index is not None and files else None
    # (through the index, the events table is not read: its view, which reads the file's metadata
    # when made, is made only to name a missing column)
    con = ds.connect(("contexts",) if indexed else ("events", "contexts"))
    try:
        try:
            names, result, cols = _run(con, q, rules, refs, indexed)
        except duckdb.Error:
            # the columns are checked only when a query fails, to name what the dataset lacks
            # (reading the schemas first cost ~5% of a scan of the benchmark capture)
            ds.add_views(con, ("events",))
            missing = missing_columns(con, rules, refs)
            if missing:
                raise ValueError(f"the events table of {ds.paths[0]} has no column {', '.join(missing)} (cached by "
                                 "an older scapkit? run with --no-cache)") from None
            raise
    finally:
        con.close()
    if not result:
        return []
    return _alerts(ds, rules, cols, matching, capture, names, result)


def _getter(columns: Sequence[int]) -> Callable[[tuple[object, ...]], tuple[object, ...]]:
    """A row's values at ``columns``, as a tuple (also for one column or none)."""
    if len(columns) == 1:
        k = columns[0]
        return lambda row: (row[k],)
    return itemgetter(*columns) if columns else (lambda row: ())  # type: ignore[return-value]


def _run(con: duckdb.DuckDBPyConnection, q: ScanQuery, rules: Sequence[CompiledRule],
         refs: frozenset[tuple[str, str]], indexed: tuple[scan_index.ScanIndex, list[str]] | None = None
         ) -> tuple[list[str], list[tuple[object, ...]], dict[str, str]]:
    """The scan's statements: the output query's column names, rows and token columns. With
    ``indexed`` (a scan index and its files of the rules' types), the rows are read from the index."""
    con.execute("SET enable_progress_bar = false")
    if indexed is not None:
        indexed[0].attach(con, indexed[1])
    con.execute(q.index_stage_sql if indexed is not None else q.stage_sql)
    # only the branches of the event types the staged rows hold (measured on the benchmark
    # capture: 8 of 22 groups, 91 -> 80 kB of SQL, the match 0.073 -> 0.064 s)
    present = {r[0] for r in con.execute('SELECT DISTINCT "evt.type" FROM __pre').fetchall()}
    matches, hits_sql = q.match.statements(present)
    if not matches:
        return [], [], {}
    _run_matches(con, matches)
    if hits_sql:
        con.execute(hits_sql)
    ids = [r[0] for r in con.execute(q.hit_rules_sql).fetchall()]
    if not ids:
        return [], [], {}
    contexts = any(t in CONTEXT_COLUMNS for t, _ in refs)
    if indexed is not None:
        indexed[0].rows_view(con, indexed[1], q.output_members(rules, ids, contexts), "__hits")
    output_sql, cols = q.output(rules, ids, contexts, "__ix" if indexed is not None else "events")
    cur = con.execute(output_sql)
    return [d[0] for d in cur.description], cur.fetchall(), cols


def _run_matches(con: duckdb.DuckDBPyConnection, matches: Sequence[tuple[str, dict[str, list[str]]]]) -> None:
    """Runs the match statements, side by side on connections of their own when there are several
    (DuckDB parses and binds each on the calling thread, without the GIL). The match query is a
    large text over a small table: DuckDB's optimizer passes cost more than they save there
    (measured: planning ~40% of the statement's time; its execution is a few ms), so it runs
    unoptimized (the passes never change a result, only its cost)."""

    def run(c: duckdb.DuckDBPyConnection, sql: str, params: dict[str, list[str]]) -> None:
        c.execute("PRAGMA disable_optimizer")
        c.execute(sql, params or None)
        c.execute("PRAGMA enable_optimizer")

    if len(matches) == 1:
        run(con, *matches[0])
        return
    cursors = [con.cursor() for _ in matches]
    errors: list[BaseException] = []

    def work(c: duckdb.DuckDBPyConnection, sql: str, params: dict[str, list[str]]) -> None:
        try:
            run(c, sql, params)
        except BaseException as exc:  # raised in the caller
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c, sql, params), name="scapkit-match")
               for c, (sql, params) in zip(cursors, matches, strict=True)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for c in cursors:
            c.close()
    if errors:
        raise errors[0]


@dataclass(frozen=True)
class _RuleOut:
    """How one rule's alerts are read from a row of the output query: its output line as a
    ``str.format`` template with one ``{}`` per token, the tokens and their result columns, and its
    ``output_fields`` names (in name order, ``evt.time`` among them) and the columns of those but
    ``evt.time`` (the event's own). ``lines``: the lines made so far, by the tokens' values."""

    template: str
    tokens: tuple[Token, ...]
    values: Callable[[tuple[object, ...]], tuple[object, ...]]  # the tokens' values of a row
    names: tuple[str, ...]
    fields: Callable[[tuple[object, ...]], tuple[object, ...]]  # the output fields' values of a row, but the time
    time_at: int  # the place of evt.time in names
    lines: dict[tuple[object, ...], str] = field(default_factory=dict)


def _rule_out(cr: CompiledRule, cols: dict[str, str], index: dict[str, int]) -> _RuleOut:
    parts: list[str] = []
    tokens: list[Token] = []
    for p in cr.output.parts:
        if isinstance(p, str):
            parts.append(p.replace("{", "{{").replace("}", "}}"))
        else:
            tokens.append(p)
            parts.append("{}")
    fields = {t.text: index[cols[t.text]] for t in cr.output.tokens if not t.is_transformer}
    fields["evt.time"] = -1  # Falco's output fields always hold the event's time (of each event)
    names = tuple(sorted(fields))
    return _RuleOut("".join(parts), tuple(tokens), _getter([index[cols[t.text]] for t in tokens]), names,
                    _getter([fields[nm] for nm in names if nm != "evt.time"]), names.index("evt.time"))


def _line(o: _RuleOut, row: tuple[object, ...]) -> str:
    """A rule's output line for a row. Alerts repeat the same values a great deal (measured: 153
    distinct lines in the benchmark capture's 9,381 alerts), so each line is made once, keyed by
    the tokens' values (the values of a token's column have one type: True and 1 never meet)."""
    values = o.values(row)
    try:
        line = o.lines.get(values)
    except TypeError:  # a list value: made each time
        return o.template.format(*[render_padded(t, v) for t, v in zip(o.tokens, values, strict=True)])
    if line is None:
        line = o.lines[values] = o.template.format(*[render_padded(t, v) for t, v in zip(o.tokens, values, strict=True)])
    return line


def _alerts(ds: Dataset, rules: Sequence[CompiledRule], cols: dict[str, str], matching: str, capture: str,
            names: list[str], result: list[tuple[object, ...]]) -> list[Alert]:
    """The alerts of the output query's rows (:meth:`ScanQuery.output`: a row per combination of
    token values, with its events), in event order (and rule order within an event)."""
    hostname = str(ds.meta.get("hostname", "") or "")
    cap = capture or (ds.paths[0] if len(ds.paths) == 1 else ",".join(ds.paths))
    index = {name: k for k, name in enumerate(names)}
    outs: dict[int, _RuleOut] = {}  # per rule, once
    alerts: list[Alert] = []
    first = matching == "first"
    for r in result:
        nums, times, hits = r[-3], r[-2], r[-1]
        if not nums:
            continue
        made: dict[int, tuple[str, dict[str, object]]] = {}  # per rule: its line and output fields of this row
        for num, ts, hit in zip(nums, times, hits, strict=True):  # type: ignore[call-overload]
            for rid in ((hit,) if first else hit):
                m = made.get(rid)
                if m is None:
                    o = outs.get(rid)
                    if o is None:
                        o = outs[rid] = _rule_out(rules[rid], cols, index)
                    values = list(o.fields(r))
                    values.insert(o.time_at, None)
                    m = made[rid] = (_line(o, r), dict(zip(o.names, values, strict=True)))
                fields = m[1].copy()
                fields["evt.time"] = ts
                cr = rules[rid]
                alerts.append(Alert(cr.rule.name, cr.rule.priority, ts, m[0], fields, num, cap, hostname,
                                    cr.rule.source, cr.rule.tags))
    # event order; within an event (one row, one list of hits) the rules' order is kept
    alerts.sort(key=attrgetter("evt_num", "time_ns"))
    return alerts


def filtered_connection(ds: Dataset, condition: exp.Expression):  # type: ignore[no-untyped-def]
    """A connection whose ``events`` view holds only the rows matching a compiled Falco condition
    (the full table stays reachable as ``__events_all``)."""
    con = ds.connect()
    con.execute('ALTER VIEW "events" RENAME TO "__events_all"')
    view = exp.select(exp.Star()).from_("__events_all").where(condition.copy())
    con.execute(f'CREATE VIEW "events" AS {view.sql(dialect="duckdb")}')
    return con


class BatchFilter:
    """The rows of record batches of the events table that match a compiled condition, one batch
    at a time (a condition reads one event: the same rows as over the whole table). Serves
    ``print`` both while a capture is decoded and when its tables are read from the cache."""

    def __init__(self, condition: exp.Expression) -> None:
        q = exp.select(exp.alias_(col("evt", "num"), "num")).from_("events").where(condition.copy())
        self._sql = q.sql(dialect="duckdb")
        # only the struct columns the condition reads: DuckDB converts every column it is given
        self._used = {t for t, _ in _columns_in([condition])} | {"evt"}

    def __call__(self, rb: pa.RecordBatch) -> pa.RecordBatch:
        import pyarrow as pa
        import pyarrow.compute as pc

        con = duckdb.connect()
        try:
            con.register("events", pa.Table.from_batches([rb.select([n for n in rb.schema.names if n in self._used])]))
            nums = con.sql(self._sql).to_arrow_table().column("num").combine_chunks()
        finally:
            con.close()
        return rb.filter(pc.is_in(pc.struct_field(rb.column("evt"), "num"), value_set=nums))


def matching_event_numbers(ds: Dataset, condition: exp.Expression) -> set[int]:
    """evt.num of every row of the events table matching the condition."""
    q = exp.select(exp.alias_(col("evt", "num"), "num")).from_("events").where(condition.copy())
    con = ds.connect(("events",))
    try:
        return {int(r[0]) for r in con.execute(q.sql(dialect="duckdb")).fetchall()}
    finally:
        con.close()
