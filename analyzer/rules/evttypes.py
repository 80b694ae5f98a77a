"""Infer the event types a condition can match, as Falco does (``and`` intersects, ``or`` unions,
``not`` pushed to the leaves); used to pre-filter the events table."""

from __future__ import annotations

from functools import lru_cache

from ..scap import event_table as T
from .ast import And, Binary, Expr, FieldRef, ListExpr, Not, Or, Unary, Value
from .compiler import EVENT_NAMES

ALL: frozenset[str] = EVENT_NAMES
# Falco warns (LOAD_NO_EVTTYPE) when a rule may match more event codes than this
TOO_MANY_CODES = 100


def _evt_num_invariant(op: str, right: object) -> frozenset[str] | None:
    """``evt.num`` starts at 1: some checks on it are decided whatever the event (ALL or the empty
    set); None when the check depends on the event."""
    if op == "in" and isinstance(right, ListExpr):
        return frozenset() if all(v.isdigit() and int(v) == 0 for v in right.values) else None
    if not isinstance(right, Value) or not right.text.isdigit():
        return None
    n = int(right.text)
    if (op in ("=", "==") and n == 0) or (op == "<" and n <= 1) or (op == "<=" and n == 0):
        return frozenset()
    if (op == "!=" and n == 0) or (op == ">" and n == 0) or (op == ">=" and n <= 1):
        return ALL
    return None


def _leaf(e: Expr, neg: bool) -> frozenset[str]:
    if isinstance(e, Binary) and isinstance(e.left, FieldRef) and e.left.arg is None:
        name = e.left.name
        if name in ("evt.type", "syscall.type") and e.op in ("=", "==", "!=", "in"):
            if isinstance(e.right, ListExpr):
                vals = frozenset(e.right.values)
            elif isinstance(e.right, Value):
                vals = frozenset([e.right.text])
            else:
                return ALL
            vals = vals & ALL
            positive = e.op != "!="
            if neg:
                positive = not positive
            return vals if positive else ALL - vals
        if name == "evt.num":
            decided = _evt_num_invariant(e.op, e.right)
            if decided is not None:
                return (ALL - decided) if neg else decided
    if isinstance(e, Unary) and isinstance(e.left, FieldRef) and e.left.name in ("evt.type", "syscall.type"):
        return frozenset() if neg else ALL
    return ALL


def event_types(e: Expr, neg: bool = False) -> frozenset[str]:
    """The set of event names (every name Falco knows) the condition may match."""
    if isinstance(e, Not):
        return event_types(e.child, not neg)
    if isinstance(e, And | Or):
        sets = [event_types(c, neg) for c in e.children]
        # De Morgan: a negated 'and' behaves as an 'or' and vice versa
        union = isinstance(e, Or) != neg
        out = sets[0]
        for x in sets[1:]:
            out = out | x if union else out & x
        return out
    return _leaf(e, neg)


@lru_cache(maxsize=1)
def _codes_per_name() -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in T.EVENTS[2:]:
        if e.name:
            counts[e.name] = counts.get(e.name, 0) + 1
    return counts


def code_count(names: frozenset[str]) -> int:
    """How many event codes a set of event names stands for, counted as libsinsp does: every code
    of the event table with one of the names, plus the two generic codes when a name is a syscall
    that has no event of its own."""
    per = _codes_per_name()
    n = sum(per.get(x, 0) for x in names)
    if any(x not in per for x in names):
        n += 2
    return n
