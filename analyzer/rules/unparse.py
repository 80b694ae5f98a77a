"""Condition ASTs back to Falco filter text (macros already expanded): for showing expanded
conditions and for feeding them to other Falco-syntax engines (sysdig) in differential tests."""

from __future__ import annotations

import re

from .ast import (
    And,
    Binary,
    Expr,
    FieldRef,
    Ident,
    ListExpr,
    Not,
    Operand,
    Or,
    Transformer,
    TransformerList,
    Unary,
    Value,
)

_BARE = re.compile(r"[^()\"' \t\n\r\f\v=,\\]+")


def quote(v: str) -> str:
    if _BARE.fullmatch(v) or (v.endswith("\\") and re.fullmatch(r"[^()\"' \t\n\r\f\v=,]+", v)):
        return v
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def operand(o: Operand | ListExpr) -> str:
    if isinstance(o, FieldRef):
        return o.text
    if isinstance(o, Value):
        return quote(o.text)
    if isinstance(o, ListExpr):
        return "(" + ", ".join(quote(v) for v in o.values) + ")"
    if isinstance(o, TransformerList):
        return "(" + ", ".join(operand(c) for c in o.children) + ")"
    assert isinstance(o, Transformer)
    inner = ", ".join(operand(a) for a in o.args)
    return f"{o.name}({inner})" + (f"[{o.arg}]" if o.arg is not None else "")


def to_text(e: Expr) -> str:
    if isinstance(e, And):
        return " and ".join(_group(c) for c in e.children)
    if isinstance(e, Or):
        return " or ".join(_group(c) for c in e.children)
    if isinstance(e, Not):
        return f"not ({to_text(e.child)})"
    if isinstance(e, Ident):
        return e.name
    if isinstance(e, Unary):
        return f"{operand(e.left)} {e.op}"
    assert isinstance(e, Binary)
    if e.op in ("<", "<=", ">", ">=") and isinstance(e.right, Value):
        return f"{operand(e.left)} {e.op} {e.right.text}"
    if e.op in ("in", "intersects", "pmatch") and isinstance(e.right, Value):
        return f"{operand(e.left)} {e.op} ({quote(e.right.text)})"
    return f"{operand(e.left)} {e.op} {operand(e.right)}"


def _group(e: Expr) -> str:
    return f"({to_text(e)})" if isinstance(e, And | Or) else to_text(e)
