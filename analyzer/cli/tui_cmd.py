"""``scapkit tui TRACE [-r RULES.yaml]``: the full-screen explorer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

if TYPE_CHECKING:
    from ..tui.app import ExplorerApp


def build_app(traces: list[str], *, no_cache: bool = False, rules: str | None = None) -> ExplorerApp:
    """Open the capture (hashing/decoding in a thread) while the UI modules import; then the app."""
    from .opening import err, open_with_progress

    if rules is not None:
        if not Path(rules).is_file():
            err.print(f"[red]error:[/red] {escape(str(rules))}: no such rules file")
            raise typer.Exit(2)
        from .rules_cmd import load_and_compile

        load_and_compile([rules])  # a broken rules file stops here with file:line:col, exit 2
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        opening = pool.submit(open_with_progress, traces, no_cache)
        from ..tui.app import create_app

        ds = opening.result()
    return create_app(ds, rules=rules)


def tui(
    traces: Annotated[list[str], typer.Argument(help="a .scap or .scap.gz file, several files, or a directory of rotated captures")],
    rules: Annotated[str | None, typer.Option("-r", "--rules", help="rules file for the Alerts view (default: the bundled rules)")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="decode again instead of reusing the cached tables")] = False,
) -> None:
    """Explore a capture: events, processes, connections, files, follow fd, alerts, timeline, SQL.

    Exit status: 0 when the explorer is quit, 2 for usage or input errors (a capture or rules file that cannot be read, no terminal).
    """  # noqa: E501 - one line per paragraph: --help wraps it
    app = build_app(traces, no_cache=no_cache, rules=rules)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):  # the screen would go into a pipe, keys never come
        from .opening import err

        err.print("[red]error:[/red] tui needs a terminal (stdin and stdout); for a pipe or a file use "
                  "print, sql or scan")
        raise typer.Exit(2)
    app.run()
