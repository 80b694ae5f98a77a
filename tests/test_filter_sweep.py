"""Operator and value-type sweep of the condition language against sysdig 0.29.3's filter engine.

Beyond the upstream rules (tests/test_rules_differential.py), conditions are generated for fields
of every value type (string, numeric, IP, bool, event arguments) crossed with every operator and
with value shapes the rules rarely use: values taken from the trace (so some events match), absent
values, the empty string, spaces, quotes and escapes, numbers for string fields and strings for
numeric ones, negative and hex numbers, IP networks, lists with one, many and duplicate items; then
``not``, ``and``/``or`` precedence and parentheses over a few of those checks. On every shared trace
(and a writer-made one with IPv4 sockets) the exit events sysdig's filter matches must be the ones
ours matches, with the conventions of the upstream differential test (same event numbers, same
events left out where 0.29.3 resolves the fd differently).

A condition sysdig rejects is excluded with sysdig's error text as the reason (printed); our
compiler must still not crash on it: it compiles it or raises a RuleError. A condition whose
result 0.29.3 defines differently from the Falco version we follow is excluded by SEMANTIC_CASES
with the reason.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest
from sqlglot import exp

from analyzer.rules.compiler import value_expr
from analyzer.rules.errors import RuleError
from analyzer.rules.parser import parse
from analyzer.session.dataset import Dataset, open_dataset

from .conftest import need_sysdig, need_traces
from .rules_scenarios import write_scenario
from .test_rules_differential import (
    Tally,
    fd_state_differs,
    our_exit_matches,
    sysdig_exit_matches,
)

STRING_FIELDS = ("proc.name", "fd.name", "evt.type", "proc.cmdline", "user.name", "fd.directory")
NUMERIC_FIELDS = ("evt.num", "proc.pid", "fd.num", "evt.rawres", "fd.sport", "user.uid")
IP_FIELDS = ("fd.sip", "fd.cip")
BOOL_FIELDS = ("evt.failed", "fd.is_server")
ARG_FIELDS = ("evt.arg.fd", "evt.arg.name", "evt.rawarg.res", "evt.arg[0]")

CMP_OPS = ("=", "==", "!=", "<", "<=", ">", ">=")
STR_OPS = ("contains", "icontains", "startswith", "endswith", "glob", "iglob", "regex", "bcontains", "bstartswith")
LIST_OPS = ("in", "intersects", "pmatch")
# operators 0.29.3 does not know at all: one condition per field shows it rejects them
RARE_OPS = ("==", "iglob", "regex", "bcontains", "bstartswith")
PER_OP = 5  # value shapes tried per (field, operator), a deterministic sample

_BARE = re.compile(r"[^()\"' \t\n\r\f\v=,]+")
_SAFE_BARE = re.compile(r"[A-Za-z0-9_./:<>*?\[\]+-]+")

# (condition regex, reason): conditions whose result 0.29.3 defines differently from Falco HEAD,
# the semantics we follow
SEMANTIC_CASES: list[tuple[str, str]] = [
    (r"(?:^|[ (])not not ", "0.29.3 reads a run of `not`s as one negation; Falco HEAD's parser toggles per `not`, "
                            "so `not not X` is X"),
    (r"(?:<=?|>=?) (?![+-]?\d+\.?\d*(?:[eE][+-]\d+)?(?:[ )]|$))",
     "0.29.3 takes any string after < <= > >= (and compares strings); Falco HEAD's parser takes only a number "
     "(or a transformer) there, so the condition is an error for it and for us"),
    (r" (?:in|intersects|pmatch) \(\)", "0.29.3 matches some events with an empty list (`fd.name in ()` matches "
                                          "empty names, `pmatch ()` every value); Falco HEAD's empty set never matches"),
    (r"^evt\.arg\.fd\b", "exit events carry their enter event's parameters (Falco HEAD's savefile converter, "
                          "DESIGN.md), so `evt.arg.fd` exists on read/fstat/mmap exits for us and not for 0.29.3"),
]


def quote(v: str) -> str:
    """The value as a condition token: bare when the lexer takes it whole, "..." otherwise."""
    if _SAFE_BARE.fullmatch(v) and not v.startswith(("and", "or", "not")):
        return v
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def trace_values(con: duckdb.DuckDBPyConnection, field: str, k: int = 3) -> list[str]:
    """The ``k`` most frequent non-empty values of ``field`` on shown exit events, as text."""
    e, _, _ = value_expr(parse(f"{field} exists").left)  # type: ignore[attr-defined]
    v = exp.cast(e, "VARCHAR")
    shown = exp.and_(exp.column("shown", "evt"), exp.EQ(this=exp.column("dir", "evt"), expression=exp.Literal.string("<")))
    q = (exp.select(exp.alias_(v, "v"), exp.alias_(exp.Count(this=exp.Star()), "c")).from_("events")
         .where(shown).where(exp.Not(this=exp.Is(this=v.copy(), expression=exp.Null())))
         .group_by(v.copy()).order_by("c DESC", "v").limit(k * 2))
    vals = [str(r[0]) for r in con.execute(q.sql(dialect="duckdb")).fetchall()]
    return [v for v in vals if v and "\n" not in v][:k]


def string_shapes(vals: list[str]) -> list[str]:
    out = ["", "zz_absent", "a b", 'quo\\"te', "tab\\there", "4", "-1", "/", "/etc"]
    for v in vals[:2]:
        out += [v, v[:3], v[-3:], v[1:4], v.upper(), "*" + v[2:], v[:2] + "?" + v[3:], v[:2] + "*"]
    return out


def numeric_shapes(vals: list[str]) -> list[str]:
    out = ["0", "-1", "-2", "+3", "0x10", "abc", "1.5", "4294967295", "18446744073709551615", "99999999999999999999",
           "", "http", "53"]
    for v in vals[:2]:
        out += [v, str(int(v) + 1) if re.fullmatch(r"-?\d+", v) else v + "x"]
    return out


def ip_shapes(vals: list[str]) -> list[str]:
    out = ["0.0.0.0", "::", "10.0.0.5", "10.0.0.0/8", "2001:db8::/32", "2001:db8::3", "::ffff:10.0.0.5", "abc",
           "", "0"]
    for v in vals[:2]:
        out += [v]
    return out


def list_shapes(vals: list[str]) -> list[str]:
    """List right-hand sides as written."""
    a = vals[0] if vals else "x"
    b = vals[1] if len(vals) > 1 else "y"
    return ["()", f"({quote(a)})", f"({quote(a)}, {quote(b)})", f"({quote(a)},{quote(a)})",
            f"(zz_absent, {quote(b)})", "(zz_absent)", '("")', f"({quote(a)}, \"a b\")", "(/)", "(/etc, /dev)",
            f"(  {quote(a)}  ,  zz  )"]


def _sample(items: list[str], keep: int, salt: str) -> list[str]:
    """A deterministic subset of ``items`` (the first, a trace value, always kept)."""
    items = list(dict.fromkeys(items))
    rest = sorted(items[1:], key=lambda v: zlib.crc32(f"{salt} {v}".encode()))
    return items[:1] + rest[:keep - 1]


def field_conditions(field: str, kind: str, vals: list[str]) -> Iterator[str]:
    yield f"{field} exists"
    if kind == "bool":
        shapes = ["true", "false", "1", "TRUE", ""]
    elif kind == "arg":
        shapes = string_shapes(vals) + numeric_shapes(vals)[:6]
    else:
        shapes = {"string": string_shapes, "num": numeric_shapes, "ip": ip_shapes}[kind](vals)
    if vals:  # the trace's own values first, so the sample always holds one that matches
        shapes = vals[:1] + shapes
    for op in CMP_OPS + STR_OPS:
        keep = 1 if op in RARE_OPS else PER_OP
        for v in _sample(shapes, keep, f"{field} {op}"):
            yield f"{field} {op} {quote(v)}"
    lists = list_shapes(vals)
    if kind == "ip":
        lists += ["(10.0.0.0/8)", "(2001:db8::/32, 10.0.0.0/8)", "(::/0)", "(0.0.0.0/0)", f"({quote(vals[0])})"
                  if vals else "(::1)"]
    for op in LIST_OPS:
        for lst in _sample(lists, PER_OP, f"{field} {op}"):
            yield f"{field} {op} {lst}"
    # spacing forms the lexer must take
    yield f"{field}={quote(vals[0]) if vals else 'x'}"
    yield f"{field} in({quote(vals[0]) if vals else 'x'})"


def combined_conditions(atoms: list[str]) -> Iterator[str]:
    """not/and/or precedence and parentheses over a few checks."""
    for i in range(len(atoms)):
        a, b, c = atoms[i], atoms[(i + 1) % len(atoms)], atoms[(i + 2) % len(atoms)]
        yield f"not {a}"
        yield f"not not {a}"
        yield f"not({a})"
        yield f"not ({a} or {b})"
        yield f"not {a} and {b}"
        yield f"not {a} or {b}"
        yield f"{a} or {b} and {c}"
        yield f"({a} or {b}) and {c}"
        yield f"{a} and {b} or {c}"
        yield f"{a} and ({b} or not {c})"
        yield f"{a} and not {b} or not {c}"
        yield f"(({a}))and({b})"
        yield f"{a} or({b})"


def all_conditions(con: duckdb.DuckDBPyConnection) -> list[str]:
    kinds = ([(f, "string") for f in STRING_FIELDS] + [(f, "num") for f in NUMERIC_FIELDS]
             + [(f, "ip") for f in IP_FIELDS] + [(f, "bool") for f in BOOL_FIELDS] + [(f, "arg") for f in ARG_FIELDS])
    out: list[str] = []
    for f, kind in kinds:
        out.extend(field_conditions(f, kind, trace_values(con, f)))
    pn = trace_values(con, "proc.name", 1)
    fdn = trace_values(con, "fd.name", 1)
    atoms = [f"proc.name = {quote(pn[0]) if pn else 'x'}", "fd.num >= 3", f"fd.name startswith {quote(fdn[0][:4]) if fdn else '/'}",
             "evt.failed = true", "evt.type in (read, write, close)", "fd.sip exists"]
    out.extend(combined_conditions(atoms))
    return list(dict.fromkeys(out))


class CachedDataset:
    """One DuckDB connection per trace with the events table in memory, handed out to the
    helpers that open and close connections per query."""

    def __init__(self, ds: Dataset) -> None:
        self.con = ds.connect()
        self.con.execute("CREATE TABLE events_mem AS SELECT * FROM events")
        self.con.execute("DROP VIEW events")
        self.con.execute("ALTER TABLE events_mem RENAME TO events")

    def connect(self, tables: Iterable[str] = ("events",)) -> _Borrowed:
        assert set(tables) <= {"events"}, f"only the events table is held: {tables}"
        return _Borrowed(self.con)


class _Borrowed:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def execute(self, *a: object) -> duckdb.DuckDBPyConnection:
        return self._con.execute(*a)  # type: ignore[arg-type]

    def close(self) -> None:
        pass


def semantic_reason(cond: str) -> str | None:
    for rx, why in SEMANTIC_CASES:
        if re.search(rx, cond):
            return why
    return None


def sysdig_result(exe: str, trace: Path, cond: str) -> set[int] | str:
    """Exit events sysdig matches, or why it cannot evaluate the condition: its error text, or its
    crash (0.29.3 dies with SIGSEGV on `evt.rawarg.NAME in (...)` whatever the list)."""
    try:
        return sysdig_exit_matches(exe, trace, cond)
    except AssertionError as e:
        if str(e).splitlines()[0].endswith("exit status -11"):
            return "it crashes with SIGSEGV"
        raise


def sweep(traces: list[Path], report: Callable[[str], None] = print) -> Tally:
    exe = need_sysdig()
    t = Tally()
    excluded, mismatches = t.excluded, t.mismatches
    with ThreadPoolExecutor(max_workers=4) as pool:
        for trace in traces:
            ds = CachedDataset(open_dataset([str(trace)]))
            skip = fd_state_differs(exe, trace, ds)
            conds = all_conditions(ds.con)
            report(f"{trace.name}: {len(conds)} conditions, {len(skip)} events whose fd 0.29.3 resolves differently "
                   "left out")
            todo = [c for c in conds if c not in excluded]
            theirs_all = dict(zip(todo, pool.map(lambda c, t=trace: sysdig_result(exe, t, c), todo), strict=True))
            for cond, theirs in theirs_all.items():
                why = semantic_reason(cond)
                try:
                    ours: set[int] | None = our_exit_matches(ds, cond)
                except RuleError as e:
                    ours = None
                    err = str(e)
                except Exception as e:  # noqa: BLE001 - a crash or query error is a failure of ours
                    mismatches.append(f"{trace.name}: {cond!r}: we crash: {type(e).__name__}: {str(e).splitlines()[0]}")
                    continue
                if isinstance(theirs, str):
                    excluded[cond] = f"sysdig 0.29.3 cannot evaluate it: {theirs}"
                    continue
                if why is not None:
                    excluded[cond] = why
                    continue
                if ours is None:
                    mismatches.append(f"{trace.name}: {cond!r}: sysdig accepts it, we reject it: {err}")
                    continue
                t.compare(f"{trace.name}: {cond!r}", ours, theirs, skip)
    return t


@pytest.fixture(scope="module")
def traces(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    shared = need_traces()
    d = tmp_path_factory.mktemp("sweep")
    return [*shared, write_scenario(d / "scenario.scap")]


@pytest.mark.sysdig
def test_operator_value_sweep_matches_sysdig(traces: list[Path]) -> None:
    t = sweep(traces)
    compared, hits, excluded, mismatches = t.compared, t.hits, t.excluded, t.mismatches
    print(f"\ncompared {compared} (condition, trace) pairs, {hits} matching exit events in total; "
          f"{len(excluded)} conditions excluded:")
    for cond, why in sorted(excluded.items()):
        print(f"  excluded {cond!r}: {why}")
    assert compared > 1000 and hits > 0, "the sweep compared too little to prove anything"
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:80])


@pytest.mark.parametrize(("cond", "literal"), [
    ("evt.num < -2", "18446744073709551614"),  # unsigned 64-bit: a negative number wraps
    ("user.uid = 99999999999999999999", "4294967295"),  # out of range saturates, then 32 bits
    ("user.uid = -1", "4294967295"),
    ("proc.pid = -5", "-5"),
    ("fd.sport in (\"\")", "0"),  # an empty port is 0
    ("fd.sport = 70000", "4464"),  # ports are 16 bits
])
def test_integer_literals_as_libsinsp_parses_them(cond: str, literal: str) -> None:
    from analyzer.rules.compiler import compile_condition

    sql = compile_condition(parse(cond))[0].sql(dialect="duckdb")
    assert re.search(rf"(?<![\d-]){re.escape(literal)}(?!\d)", sql), sql


@pytest.mark.parametrize("cond", ["fd.sport = -1", "fd.sport = +3", "fd.sport = nosuchservice"])
def test_port_literals_libsinsp_rejects(cond: str) -> None:
    from analyzer.rules.compiler import compile_condition

    with pytest.raises(RuleError, match="unrecognized protocol"):
        compile_condition(parse(cond))
