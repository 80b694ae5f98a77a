"""``scapkit tui TRACE [-r RULES.yaml]``: the full-screen explorer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def tui(
    traces: Annotated[list[str], typer.Argument(help="a .scap or .scap.gz file, several files, or a directory of rotated captures")],
    rules: Annotated[str | None, typer.Option("-r", "--rules", help="rules file for the Alerts view (default: the bundled rules)")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="decode again instead of reusing the cached tables")] = False,
) -> None:
    """Explore a capture: events, processes, connections, files, follow fd, alerts, timeline, SQL."""
    from .main import _open, err

    if rules is not None and not Path(rules).is_file():
        err.print(f"[red]error:[/red] {rules}: no such rules file")
        raise typer.Exit(2)
    ds = _open(traces, no_cache)
    from ..tui.app import create_app

    create_app(ds, rules=rules).run()
