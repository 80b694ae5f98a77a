"""Infer the event types a condition can match, as Falco does (``and`` intersects, ``or`` unions,
``not`` pushed to the leaves); used to pre-filter the events table."""

from __future__ import annotations

from .ast import And, Binary, Expr, FieldRef, ListExpr, Not, Or, Unary, Value
from .compiler import EVENT_NAMES

ALL: frozenset[str] = EVENT_NAMES


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
        if name == "evt.num" and e.op in ("=", "==") and isinstance(e.right, Value) and e.right.text == "0":
            return ALL if neg else frozenset()
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
