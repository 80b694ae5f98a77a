"""Falco conditions as SQL filters over the ``events`` table (CONTRACTS C)."""

from __future__ import annotations

from sqlglot import exp

from .compiler import compile_condition
from .parser import parse


def compile_filter_expr(text: str) -> exp.Expression:
    """The sqlglot boolean expression for a Falco condition (no macros or lists)."""
    tree, _ = compile_condition(parse(text))
    return tree


def compile_filter(text: str) -> str:
    """A DuckDB boolean SQL expression for ``SELECT ... FROM events WHERE <expr>``.

    Raises :class:`analyzer.rules.errors.RuleError` (line:col and the offending text) when the
    condition does not parse, names an unknown field or uses an operator without a translation.
    """
    return compile_filter_expr(text).sql(dialect="duckdb")
