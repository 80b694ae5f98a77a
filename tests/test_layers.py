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
    code = "import sys, analyzer.session.scan; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "True"


def test_the_command_line_starts_without_the_compiler_or_the_tui() -> None:
    """`scapkit info` and other commands re-opening a cached capture start fast: the rules compiler
    (sqlglot), the TUI (textual), DuckDB and Arrow are imported only by the commands that use them
    (info on a cached capture reads its summary and needs none of them)."""
    code = ("import sys, analyzer.cli.main\n"
            "print(','.join(m for m in ('sqlglot', 'textual', 'platformdirs', 'duckdb', 'pyarrow') "
            "if m in sys.modules))")
    env = {"SCAPKIT_CACHE_DIR": "/nonexistent", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "", f"imported at start: {out.strip()}"
