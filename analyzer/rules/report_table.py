"""Summary report: alert counts by rule and by priority, as rich tables.

Rules are listed most severe first, then by count (descending), then by name; only rules that
fired are listed, with a closing line saying how many of the evaluated rules fired. Written
without colour and at a fixed width (100 columns), without trailing blanks, unless ``out`` is a terminal.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from analyzer.rules.alerts import Alert, RuleInfo
from analyzer.rules.priority import Priority

WIDTH = 100


def write_table(alerts: Sequence[Alert], rules: Sequence[RuleInfo], out: TextIO, *, captures: Sequence[str]) -> None:
    tty = bool(getattr(out, "isatty", lambda: False)())
    buf = io.StringIO()
    con = Console(
        file=out if tty else buf,
        width=None if tty else WIDTH,
        force_terminal=tty,
        no_color=not tty,
        color_system="auto" if tty else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    by_rule = Counter(a.rule for a in alerts)
    prio_of: dict[str, Priority] = {}
    for a in alerts:
        p = prio_of.get(a.rule)
        prio_of[a.rule] = a.priority if p is None else min(p, a.priority)
    by_prio = Counter(a.priority for a in alerts)
    evaluated = {r.name for r in rules} | set(by_rule)

    caps = ", ".join(captures) if captures else "-"
    con.print(f"Captures: {caps}", soft_wrap=True)
    con.print(f"Alerts: {len(alerts)}   Rules fired: {len(by_rule)} of {len(evaluated)} evaluated")

    t = Table(title="Alerts by rule", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("Rule", overflow="fold")
    t.add_column("Priority")
    t.add_column("Alerts", justify="right")
    for name in sorted(by_rule, key=lambda n: (prio_of[n], -by_rule[n], n)):
        t.add_row(name, prio_of[name].label, str(by_rule[name]))
    t.add_section()
    t.add_row("Total", "", str(len(alerts)))
    con.print(t)

    tp = Table(title="Alerts by priority", box=box.SIMPLE_HEAD, title_justify="left")
    tp.add_column("Priority")
    tp.add_column("Alerts", justify="right")
    tp.add_column("Rules", justify="right")
    rules_at = Counter(p for _, p in {(a.rule, a.priority) for a in alerts})
    for p in Priority:
        if by_prio.get(p):
            tp.add_row(p.label, str(by_prio[p]), str(rules_at[p]))
    tp.add_section()
    tp.add_row("Total", str(len(alerts)), str(len(by_rule)))
    con.print(tp)
    if not tty:  # files and pipes get no trailing blanks
        out.write("".join(line.rstrip() + "\n" for line in buf.getvalue().splitlines()))
