"""Differential test against sysdig 0.29.3's filter engine.

For every upstream macro and rule condition (the three rules files loaded together, in order, each
fully expanded), on every shared trace and on captures made with our writer, the set of exit events
(evt.num) sysdig's filter matches must equal the set our compiled SQL matches.

A condition is excluded only when sysdig itself cannot evaluate it — it rejects the filter
(fields 0.29.3 does not have: proc.pexe, proc.aexe, fd.nameraw, thread.cap_*,
proc.is_exe_upper_layer/from_memfd, proc.is_vpgid_leader; operators it cannot parse such as
`intersects` after `= ""`, `bcontains` on evt.buffer; quoting it rejects: a `'` inside "..." or a
trailing backslash) and the test records sysdig's own error text as the reason and prints every
exclusion — or when the condition reads a field whose value 0.29.3 defines differently from the
Falco version we follow (SEMANTIC_EXCLUSIONS, each with its reason). Events whose fd 0.29.3
resolves differently from us (fd-list sockets it leaves unnamed, fds it cannot find) are left
out of every comparison (fd_state_differs; the count per trace is printed).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlglot import exp

from analyzer.rules.ast import fields_of
from analyzer.rules.compiler import compile_condition
from analyzer.rules.errors import RuleError
from analyzer.rules.loader import load_rules
from analyzer.rules.parser import parse
from analyzer.rules.unparse import to_text
from analyzer.session.dataset import open_dataset
from analyzer.session.scan import matching_event_numbers

from .conftest import SHARED, need_sysdig, need_traces
from .rules_scenarios import write_scenario

RULES = [SHARED / "rules" / f for f in ("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml")]

# Fields whose value sysdig 0.29.3 defines differently from Falco HEAD (the semantics we follow).
SEMANTIC_EXCLUSIONS: dict[str, str] = {
    "fd.ip": "0.29.3 compares an IPv4 literal with an IPv6 socket's address as if it were '::' (its failed "
             "IPv6 parse leaves zeros), so `fd.ip = 0.0.0.0` matches unconnected IPv6 sockets; Falco HEAD, "
             "which we follow, compares addresses by family and never matches",
    "evt.arg.uid": "our writer emits execve exits with the HEAD parameter list, whose uid parameter the 2022 "
                   "event table of 0.29.3 does not have, so `evt.arg.uid` exists for us on execve and not for it",
}


# how sysdig 0.29.3's messages for a filter it cannot compile read (checks of a field's type raise
# theirs without the "filter error" prefix)
FILTER_REJECTIONS = ("filter error", "syntax error", "not supported for", "error parsing the filter string")


def upstream_conditions() -> dict[str, str]:
    """label -> fully expanded condition text, deduplicated by text."""
    rs = load_rules(RULES)
    out: dict[str, str] = {}
    seen: set[str] = set()
    items = [(f"macro {k}", v) for k, v in rs.macros.items()] + [(f"rule {r.name}", r.condition) for r in rs.rules]
    for label, expr in items:
        text = to_text(expr)
        if text in seen:
            continue
        seen.add(text)
        out[label] = text
    return out


def sysdig_exit_matches(exe: str, trace: Path, cond: str) -> set[int] | str:
    p = subprocess.run([exe, "-r", str(trace), "-p", "%evt.num %evt.dir", cond], capture_output=True, text=True,
                       timeout=120)
    if p.returncode != 0:
        why = (p.stderr.strip() or p.stdout.strip() or f"exit status {p.returncode}").splitlines()[-1]
        # only a condition sysdig cannot compile is left out; any other failure (a crash, a read
        # error on the trace) fails the comparison instead of silently dropping the condition
        assert any(m in why for m in FILTER_REJECTIONS), f"sysdig failed on {trace.name}: {why}"
        return why
    out: set[int] = set()
    for line in p.stdout.splitlines():
        num, _, d = line.partition(" ")
        if d.strip() == "<":
            out.add(int(num))
    return out


def our_exit_matches(ds: object, cond: str) -> set[int]:
    """Exit events sysdig would print (state-only and internal events are processed, not shown)."""
    expr, _ = compile_condition(parse(f"evt.dir = < and ({cond})"))
    shown = exp.EQ(this=exp.column("shown", "evt"), expression=exp.true())
    return matching_event_numbers(ds, exp.and_(shown, expr))  # type: ignore[arg-type]


def fd_state_differs(exe: str, trace: Path, ds: object) -> set[int]:
    """Events whose fd sysdig 0.29.3 resolves differently from us: sockets known only from the
    capture's fd lists (0.29.3 leaves their fd.name empty, Falco HEAD and we name them by their
    tuple) and fds 0.29.3 cannot find at all (fd.typechar 'o', fd.num -1). Checks on fd fields
    differ there by construction, so these events are left out of every comparison (the count
    is printed)."""
    p = subprocess.run([exe, "-r", str(trace), "-p", "*%evt.num %fd.typechar %fd.name"], capture_output=True,
                       text=True, timeout=120)
    theirs: dict[int, tuple[str, str]] = {}
    for line in p.stdout.splitlines():
        parts = line.split(" ", 2)
        if len(parts) >= 2 and parts[0].isdigit():
            theirs[int(parts[0])] = (parts[1], parts[2] if len(parts) == 3 else "")
    con = ds.connect()  # type: ignore[attr-defined]
    try:
        ours = {int(r[0]): (r[1], r[2]) for r in con.execute(
            "SELECT evt.num, fd.typechar, fd.name FROM events WHERE evt.shown").fetchall()}
    finally:
        con.close()
    out: set[int] = set()
    for num, (tc, name) in theirs.items():
        mine = ours.get(num)
        if mine is None:
            continue
        if tc == "o" and mine[0] not in (None, "o"):
            out.add(num)
        elif tc in ("4", "6") and name == "" and mine[1]:
            out.add(num)
    return out


@pytest.fixture(scope="module")
def traces(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    shared = need_traces()
    d = tmp_path_factory.mktemp("scen")
    from .test_writer_roundtrip import write_sample

    sample = d / "sample.scap"
    write_sample(sample, compat_2022=True)
    return [*shared, write_scenario(d / "scenario.scap"), sample]


@pytest.mark.sysdig
def test_upstream_conditions_match_sysdig(traces: list[Path]) -> None:
    compare_upstream_conditions(traces)


@dataclass
class Tally:
    """A differential run over conditions: (condition, trace) pairs compared, exit events we
    matched in them, conditions excluded (and why), and every difference or failure."""

    compared: int = 0
    hits: int = 0
    excluded: dict[str, str] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)

    def compare(self, what: str, ours: set[int], theirs: set[int], skip: set[int]) -> None:
        """One comparison of matching event numbers, the events in ``skip`` left out."""
        ours, theirs = ours - skip, theirs - skip
        self.compared += 1
        self.hits += len(ours)
        if ours != theirs:
            self.mismatches.append(f"{what}: sysdig {len(theirs)} us {len(ours)}; only sysdig "
                                   f"{sorted(theirs - ours)[:10]}, only us {sorted(ours - theirs)[:10]}")


def compare_upstream_conditions(traces: list[Path]) -> None:
    """Every upstream macro and rule condition sysdig 0.29.3 evaluates matches the same exit events
    on each trace, for us and for sysdig (used on the shared traces and on fresh live captures)."""
    exe = need_sysdig()
    conds = upstream_conditions()
    t = Tally()
    excluded, mismatches = t.excluded, t.mismatches
    for trace in traces:
        ds = open_dataset([str(trace)])
        skip = fd_state_differs(exe, trace, ds)
        print(f"{trace.name}: {len(skip)} events whose fd 0.29.3 resolves differently left out")
        for label, cond in conds.items():
            if label in excluded:
                continue
            used = {f.name for f in fields_of(parse(cond))}
            sem = sorted(used & SEMANTIC_EXCLUSIONS.keys())
            if sem:
                excluded[label] = "; ".join(f"{f}: {SEMANTIC_EXCLUSIONS[f]}" for f in sem)
                continue
            try:
                ours = our_exit_matches(ds, cond)
            except RuleError as e:
                mismatches.append(f"{trace.name}: {label}: we cannot compile it: {e}")
                continue
            except Exception as e:  # noqa: BLE001 - a query error is a failure of ours, reported with the rest
                mismatches.append(f"{trace.name}: {label}: our query fails: {str(e).splitlines()[0]}")
                continue
            theirs = sysdig_exit_matches(exe, trace, cond)
            if isinstance(theirs, str):
                excluded[label] = f"sysdig 0.29.3 rejects it: {theirs}"
                continue
            t.compare(f"{trace.name}: {label}", ours, theirs, skip)
    print(f"\ncompared {t.compared} (condition, trace) pairs, {t.hits} matching exit events in total; "
          f"{len(excluded)} of {len(conds)} conditions excluded:")
    for label, why in sorted(excluded.items()):
        print(f"  excluded {label}: {why}")
    assert t.hits > 0, "no condition matched anything: the comparison would prove nothing"
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:60])
