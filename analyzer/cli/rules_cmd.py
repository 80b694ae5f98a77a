"""`scapkit rules validate|sql`: check rules files as Falco loads them; show the compiled SQL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..rules.errors import RuleError

if TYPE_CHECKING:  # the loader and compiler (sqlglot) are imported by the commands that use them
    from ..rules.loader import Ruleset
    from ..rules.plan import Plan

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Falco rules files: validate, show compiled SQL.")
err = Console(stderr=True, soft_wrap=True, highlight=False)


def load_and_compile(files: list[str], *, names: list[str] | None = None, tags: list[str] | None = None,
                     include_disabled: bool = False, **kw: object) -> tuple[Ruleset, Plan]:
    """Load and compile; on error print one line (file:line:col: category: message) and exit 2."""
    from ..rules.loader import load_rules
    from ..rules.plan import build_plan

    try:
        rs = load_rules(files)
        plan = build_plan(rs, names=names or [], tags=tags or [], include_disabled=include_disabled, **kw)  # type: ignore[arg-type]
    except RuleError as e:
        err.print(f"[red]error:[/red] {e.category}: {escape(str(e))}", markup=True)
        raise typer.Exit(2) from None
    return rs, plan


def print_messages(plan: Plan) -> None:
    for m in plan.messages:
        err.print(f"[yellow]warning:[/yellow] {escape(str(m))}", markup=True)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="rules files, loaded in order")],
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="no warnings")] = False,
) -> None:
    """Load rules files as Falco does and compile every rule (also disabled ones); report errors
    and warnings with file:line:col and Falco's categories.

    Exit status: 0 when the files load and every rule compiles (warnings allowed), 2 for usage errors or a rules error.
    """  # noqa: E501 - one line per paragraph: --help wraps it
    rs, plan = load_and_compile([str(f) for f in files], include_disabled=True)
    if not quiet:
        print_messages(plan)
    enabled = sum(1 for r in rs.rules if r.enabled)
    print(f"{', '.join(str(f) for f in files)}: OK: {len(rs.lists)} lists, {len(rs.macros)} macros, "
          f"{len(plan.rules)} rules ({enabled} enabled), {len(plan.messages)} warnings")


@app.command("sql")
def sql_cmd(
    file: Annotated[list[Path], typer.Argument(help="rules file(s), loaded in order")],
    rule: Annotated[list[str] | None, typer.Option("--rule", help="only this rule (repeatable; wildcards)")] = None,
) -> None:
    """Print each rule's compiled DuckDB condition (pretty-printed).

    Exit status: 0 on success, 2 for usage errors or a rules error.
    """
    import sqlglot

    _, plan = load_and_compile([str(f) for f in file], names=rule or [], include_disabled=True)
    for c in plan.rules:
        types = ", ".join(sorted(c.evttypes)) if len(c.evttypes) < 60 else "(all)"
        print(f"-- rule: {c.rule.name}  [{c.rule.priority.label}{'' if c.rule.enabled else ', disabled'}]")
        print(f"-- event types: {types}")
        print(sqlglot.transpile(f"SELECT * FROM events WHERE {c.sql()}", read="duckdb", write="duckdb",
                                pretty=True)[0] + ";")
        print()
