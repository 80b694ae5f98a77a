"""Falco conditions as filters for `print` and `sql`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import typer
from rich.console import Console
from rich.markup import escape
from sqlglot import exp

from ..rules.errors import RuleError
from ..rules.filter import compile_filter_expr
from ..session.dataset import Dataset
from ..session.scan import batch_event_numbers, matching_event_numbers

err = Console(stderr=True, soft_wrap=True, highlight=False)


def compile_or_exit(text: str) -> exp.Expression:
    try:
        return compile_filter_expr(text)
    except RuleError as e:
        err.print(f"[red]error:[/red] filter: {escape(str(e))}")
        raise typer.Exit(2) from None


@dataclass
class Condition:
    text: str
    expr: exp.Expression
    _nums: pa.Array | None = field(default=None)

    def filter_record_batch(self, rb: pa.RecordBatch) -> pa.RecordBatch:
        """The rows of one batch of the events table that match (a condition reads one event)."""
        nums = batch_event_numbers(rb, self.expr)
        return rb.filter(pc.is_in(pc.struct_field(rb.column("evt"), "num"), value_set=nums))

    def filter_batch(self, ds: Dataset, rb: pa.RecordBatch) -> pa.RecordBatch:
        if self._nums is None:
            self._nums = pa.array(sorted(matching_event_numbers(ds, self.expr)), pa.uint64())
        return rb.filter(pc.is_in(pc.struct_field(rb.column("evt"), "num"), value_set=self._nums))


def split_condition(args: list[str]) -> tuple[list[str], Condition | None]:
    """TRACE... [CONDITION]: the last argument is a condition when it is not an existing path."""
    if len(args) >= 2 and not Path(args[-1]).exists():
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
