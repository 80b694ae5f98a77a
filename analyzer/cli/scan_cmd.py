"""`scapkit scan`: run Falco rules over captures and report alerts (text, json, sarif, junit, table).

Exit status: 0 when no alert at or above --fail-on fired, 1 when one did, 2 for usage, rules or
input errors.
"""

from __future__ import annotations

import gc
import importlib.resources
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..rules.alerts import Alert
from ..rules.priority import Priority
from ..scap.errors import ScapError
from .opening import open_with_progress, progress_bar
from .rules_cmd import load_and_compile, print_messages

if TYPE_CHECKING:
    from ..rules.plan import CompiledRule
    from ..session.dataset import Dataset

err = Console(stderr=True, soft_wrap=True, highlight=False)


def default_rules_path() -> str:
    res = importlib.resources.files("analyzer.rules") / "default_rules.yaml"
    return str(res)


def _write_index(ds: Dataset, rules: Sequence[CompiledRule], matching: str, quiet: bool) -> None:
    """The first scan of a cached capture writes its scan index (about a quarter of the decode's
    time): said, not a silent wait; a failure is a warning (the scan then reads the events table,
    with the same alerts, more slowly)."""
    from ..session.scan import index_for, reads_index
    from ..session.scan_index import IndexBuildError

    if not reads_index(ds, rules, matching) or index_for(ds, rules, matching, build=False) is not None:
        return
    try:
        with nullcontext() if quiet else err.status("writing the capture's scan index (once; later scans read it)"):
            index_for(ds, rules, matching, errors=True)
    except IndexBuildError as e:
        err.print(f"[yellow]warning:[/yellow] {escape(str(e))}; the scan reads the events table instead")


def _prio(text: str, opt: str) -> Priority:
    try:
        return Priority.parse(text)
    except ValueError as e:
        err.print(f"[red]error:[/red] {opt}: {escape(str(e))}")
        raise typer.Exit(2) from None


def scan_cmd(
    traces: Annotated[list[str], typer.Argument(help="captures (.scap, .scap.gz, or a directory of rotated captures)")],
    rules: Annotated[list[str] | None, typer.Option("-r", "--rules", help="rules file (repeatable, loaded in order); "
                                                    "default: scapkit's own rules")] = None,
    output: Annotated[str, typer.Option("-o", "--output", help="text, json, sarif, junit or table")] = "text",
    min_priority: Annotated[str, typer.Option("--min-priority", help="load only rules at or above this priority")] = "debug",
    fail_on: Annotated[str, typer.Option("--fail-on", help="exit 1 when an alert at or above this priority fired")] = "debug",
    rule_matching: Annotated[str, typer.Option("--rule-matching", help="first (Falco's default) or all")] = "first",
    rule: Annotated[list[str] | None, typer.Option("--rule", help="only rules with this name (repeatable; wildcards)")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="only rules with this tag (repeatable)")] = None,
    disable_rule: Annotated[list[str] | None, typer.Option(
        "--disable-rule", help="leave out rules with this name (repeatable; case-sensitive, * and ? are "
        "wildcards), after --rule/--tag")] = None,
    disable_tag: Annotated[list[str] | None, typer.Option(
        "--disable-tag", help="leave out rules with this tag (repeatable), after --rule/--tag")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="decode again instead of reusing the cached tables; keep no tables and no scan index")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="no rule-loading warnings, no status line while the scan index is written")] = False,
) -> None:
    """Run Falco rules over captures.

    Exit status: 0 when no alert at or above --fail-on fired, 1 when one did, 2 for usage, rules or input errors (also when no rule is left to run).

    The first scan of a capture in the cache also writes its scan index beside the cached tables (about a quarter of the decoding time); later scans of it read the index and run several times faster. --no-cache keeps neither.

    Priorities, lowest first: debug, informational (info), notice, warning, error, critical, alert, emergency.
    """  # noqa: E501 - one line per paragraph: --help wraps it
    from ..rules.reports import FORMATS, write_report

    if output not in FORMATS:
        err.print(f"[red]error:[/red] --output must be one of {', '.join(FORMATS)}, not '{escape(str(output))}'")
        raise typer.Exit(2)
    import duckdb

    from ..session.scan import MATCHING, scan  # the compiler (sqlglot): imported by this command

    if rule_matching not in MATCHING:
        err.print(f"[red]error:[/red] --rule-matching must be one of {', '.join(MATCHING)}, not '{escape(str(rule_matching))}'")
        raise typer.Exit(2)
    minp, failp = _prio(min_priority, "--min-priority"), _prio(fail_on, "--fail-on")
    files = list(rules) if rules else [default_rules_path()]
    _, plan = load_and_compile(files, names=rule or [], tags=tag or [], min_priority=minp,
                               skip_names=disable_rule or [], skip_tags=disable_tag or [])
    # the compiled rules (syntax trees) live as long as the command: out of the cyclic collector's
    # sight, which otherwise walks them again whenever the scan's alerts fill a generation
    # (measured on the benchmark capture's 9,381 alerts: building them 0.11 -> 0.06 s)
    gc.freeze()
    if not quiet:
        print_messages(plan)
    if not plan.rules:
        # a CI gate that checks nothing must not pass
        err.print("[red]error:[/red] no rule to run: the rules files hold no enabled rule at or above "
                  "--min-priority, or the selection left none")
        raise typer.Exit(2)
    alerts: list[Alert] = []
    warnings: list[str] = []
    for t in traces:
        try:
            ds = open_with_progress([t], no_cache)  # progress bar, warnings (also with -q), exit 2 on bad input
            warnings.extend(str(w) for w in ds.meta.get("warnings", []))  # type: ignore[union-attr]
            _write_index(ds, plan.rules, rule_matching, quiet)
            alerts.extend(scan(ds, plan.rules, matching=rule_matching, capture=t))
        except (ScapError, OSError, ValueError) as e:
            err.print(f"[red]error:[/red] {escape(str(e))}")
            raise typer.Exit(2) from None
        except duckdb.Error as e:  # a rule's SQL failed on this capture's values: not "alerts found"
            err.print(f"[red]error:[/red] {escape(str(t))}: the rules' query failed: {escape(str(e).splitlines()[0])}")
            raise typer.Exit(2) from None
    out = sys.stdout
    # a bar while a report goes to a file or a pipe (on the terminal the report itself shows progress)
    progress = progress_bar(show=not _isatty(out))
    report: Sequence[Alert] = alerts
    with progress:
        if output in _STREAMED:  # one alert after the other: the bar counts them
            task = progress.add_task("writing alerts", total=len(alerts))
            report = _Counted(alerts, lambda: progress.advance(task))
        else:  # the whole report is built first
            progress.add_task("writing the report", total=None)
        write_report(output, report, plan.infos, out, captures=traces, tool_version=_version(), warnings=warnings)
        out.flush()
    if any(a.priority.at_least(failp) for a in alerts):
        raise typer.Exit(1)


_STREAMED = ("text", "json")


class _Counted(Sequence[Alert]):
    """``items`` whose iteration calls ``advance`` after each item."""

    def __init__(self, items: Sequence[Alert], advance: Callable[[], None]) -> None:
        self._items, self._advance = items, advance

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        return self._items[i]

    def __iter__(self) -> Iterator[Alert]:
        for a in self._items:
            yield a
            self._advance()


def _isatty(f: object) -> bool:
    try:
        return bool(f.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("scapkit")
    except Exception:  # noqa: BLE001 - not installed as a distribution
        return "0"
