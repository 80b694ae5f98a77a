"""Falco conditions as filters for `print` and `sql`.

The rules compiler (sqlglot) is imported when a condition is given: commands without one start
without it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from ..rules.errors import RuleError

if TYPE_CHECKING:
    import pyarrow as pa
    from sqlglot import exp

    from ..session.scan import BatchFilter

err = Console(stderr=True, soft_wrap=True, highlight=False)


def compile_or_exit(text: str) -> exp.Expression:
    from ..rules.filter import compile_filter_expr

    try:
        return compile_filter_expr(text)
    except RuleError as e:
        err.print(f"[red]error:[/red] filter: {escape(str(e))}")
        raise typer.Exit(2) from None


@dataclass
class Condition:
    text: str
    expr: exp.Expression
    _filter: BatchFilter | None = field(default=None)

    def filter_batch(self, rb: pa.RecordBatch) -> pa.RecordBatch:
        """The rows of one batch of the events table that match."""
        if self._filter is None:
            from ..session.scan import BatchFilter

            self._filter = BatchFilter(self.expr)
        return self._filter(rb)


def split_condition(args: list[str]) -> tuple[list[str], Condition | None]:
    """TRACE... [CONDITION]: the last argument is a condition when it is not an existing path."""
    if len(args) >= 2 and not Path(args[-1]).exists():
        from ..rules.filter import compile_filter_expr

        last = args[-1]
        try:
            return args[:-1], Condition(last, compile_filter_expr(last))
        except RuleError as e:
            if _looks_like_a_path(last):  # a mistyped capture name, not a condition
                err.print(f"[red]error:[/red] {escape(str(last))}: no such file")
            else:
                err.print(f"[red]error:[/red] filter: {escape(str(e))}")
            raise typer.Exit(2) from None
    return args, None


def _looks_like_a_path(text: str) -> bool:
    return " " not in text.strip() and ("/" in text or ".scap" in text or text.endswith(".gz"))
