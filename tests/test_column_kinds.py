"""The rule compiler's copy of the events table's column kinds equals what the schema gives."""

from __future__ import annotations

import subprocess
import sys

from analyzer.tables.column_kinds import KINDS, from_schema


def test_column_kinds_are_the_events_schemas() -> None:
    assert KINDS == from_schema(), "the events schema changed: run `python -m analyzer.tables.column_kinds`"


def test_compiling_rules_imports_no_arrow() -> None:
    """`scapkit rules` and the scan of a cached capture start without Arrow and numpy (~0.2 s)."""
    code = ("import sys\nfrom analyzer.rules.loader import load_rules_text\nfrom analyzer.rules.plan import build_plan\n"
            "from analyzer.session import scan\n"
            "p = build_plan(load_rules_text(\"- rule: r\\n  desc: d\\n  condition: proc.env[HOME] = x and evt.arg.flags "
            "= 1 and evt.rawarg.fd = 3 and evt.num > 5\\n  output: o %proc.name\\n  priority: INFO\\n\"))\n"
            "scan.build_query(p.rules)\n"
            "print(sorted(m for m in ('pyarrow', 'numpy') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
