"""Rule output formats: ``%field`` tokens (Falco's lexing: the longest prefix that parses and
compiles), their SQL extraction and their rendering as text and as typed ``output_fields``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

from ..tables.fields import FIELDS, render_value
from .ast import FieldRef, Transformer
from .compiler import value_expr
from .errors import RuleError
from .parser import parse_operand_prefix


@dataclass(frozen=True)
class Token:
    text: str  # the field expression as written, e.g. proc.aname[2], evt.arg.flags, tolower(proc.name)
    width: int
    sql: exp.Expression
    kind: str
    field: str  # catalogue name used to render ("" when none)
    is_transformer: bool


@dataclass(frozen=True)
class OutputFormat:
    parts: tuple[str | Token, ...]

    @property
    def tokens(self) -> list[Token]:
        return [p for p in self.parts if isinstance(p, Token)]


def render_padded(t: Token, v: object) -> str:
    """A token's text in an alert's output line: its value rendered, cut or padded to the width
    written in the format (%20proc.name)."""
    txt = render_token(t, v)
    return txt[:t.width].ljust(t.width) if t.width else txt


def render_token(t: Token, v: object) -> str:
    if v is None:
        return "<NA>"
    f = FIELDS.get(t.field)
    if f is not None and not t.is_transformer:
        return render_value(f, v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "(" + ",".join("<NA>" if x is None else str(x) for x in v) + ")"
    if isinstance(v, bytes | bytearray):
        return v.decode("utf-8", "replace")
    return str(v)


def _shorter(text: str) -> str | None:
    """Next shorter candidate field text: drop a trailing [arg] or .segment."""
    if text.endswith("]"):
        j = text.rfind("[")
        return text[:j] if j > 0 else None
    j = text.rfind(".")
    if j <= 0 or "." not in text[:j]:
        return None
    return text[:j]


def _compile_token(text: str) -> tuple[FieldRef | Transformer, exp.Expression, str] | None:
    got = parse_operand_prefix(text)
    if got is None or got[1] != len(text):
        return None
    node = got[0]
    try:
        sql, kind, _ = value_expr(node)
    except RuleError:
        return None
    return node, sql, kind


def parse_output(fmt: str) -> OutputFormat:
    """Parse a rule output; raises RuleError (column and token) for an invalid or unknown token."""
    parts: list[str | Token] = []
    lit: list[str] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%":
            lit.append(c)
            i += 1
            continue
        m = re.match(r"\d*", fmt[i + 1:])
        width = int(m.group(0)) if m and m.group(0) else 0
        start = i + 1 + (len(m.group(0)) if m else 0)
        got = parse_operand_prefix(fmt[start:])
        if got is None:
            raise RuleError("invalid formatting token: a field name must follow '%'", line=1, col=i + 1,
                            text=fmt[i:i + 30], category="LOAD_ERR_COMPILE_OUTPUT")
        cand: str | None = fmt[start:start + got[1]]
        compiled = None
        while cand:
            compiled = _compile_token(cand)
            if compiled is not None:
                break
            cand = _shorter(cand)
        if compiled is None or cand is None:
            raise RuleError(f"invalid formatting token %{fmt[start:start + got[1]]}: unknown field or no "
                            "translation", line=1, col=i + 1, text=fmt[i:i + 30], category="LOAD_ERR_COMPILE_OUTPUT")
        node, sql, kind = compiled
        if lit:
            parts.append("".join(lit))
            lit = []
        is_tr = isinstance(node, Transformer) and node.name != "val"
        name = node.text if isinstance(node, FieldRef) else ""
        parts.append(Token(cand, width, sql, kind, name, is_tr))
        i = start + len(cand)
    if lit:
        parts.append("".join(lit))
    return OutputFormat(tuple(parts))
