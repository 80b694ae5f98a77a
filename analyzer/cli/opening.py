"""Opening captures from the command line: a progress bar on stderr while decoding (a terminal
only), one-line errors (exit status 2), and the capture's warnings (truncation, damage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from ..scap.errors import ScapError
from ..session.dataset import Dataset, open_dataset

if TYPE_CHECKING:
    import pyarrow as pa

err = Console(stderr=True, soft_wrap=True, highlight=False)


def progress_bar(show: bool = True) -> Progress:
    """The bar long work shows on stderr (a terminal only, and ``show``; gone when done): the task's
    description, the bar, the percentage and the time left. stdout is left alone (not routed
    through the bar's console), so a report written meanwhile still goes to stdout."""
    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                    TimeRemainingColumn(), console=err, transient=True, redirect_stdout=False,
                    disable=not (show and err.is_terminal))


def open_with_progress(traces: list[str], no_cache: bool, *,
                       on_batch: Callable[[pa.RecordBatch, Progress], None] | None = None) -> Dataset:
    """The dataset of ``traces`` (see ``open_dataset``), a bar while decoding. ``on_batch`` sees
    each decoded batch and the bar (a command printing to the terminal stops it first)."""
    progress = progress_bar()
    with progress:
        task = progress.add_task("decoding", total=100)

        def cb(done: int, total: int) -> None:
            progress.update(task, completed=100 * done / max(total, 1))

        try:
            ds = open_dataset(traces, use_cache=not no_cache, progress=cb,
                              on_batch=None if on_batch is None else lambda rb: on_batch(rb, progress))
        except (ScapError, OSError) as e:
            err.print(f"[red]error:[/red] {escape(str(e))}")
            raise typer.Exit(2) from None
    for w in ds.meta.get("warnings", []):  # type: ignore[union-attr]
        err.print(f"[yellow]warning:[/yellow] {escape(str(w))}")  # never silent, whatever -q says elsewhere
    return ds
