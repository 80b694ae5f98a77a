"""The core (reader, state, tables) must not import the TUI or DuckDB."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_no_textual_or_duckdb() -> None:
    code = (
        "import sys\n"
        "import analyzer.scap.reader, analyzer.scap.render, analyzer.state.engine\n"
        "import analyzer.tables.build, analyzer.tables.fields, analyzer.tables.format\n"
        "bad = [m for m in ('textual', 'duckdb') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"core layers import {out}"


def test_session_layer_is_the_duckdb_importer() -> None:
    code = "import sys, analyzer.session.dataset; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "True"
