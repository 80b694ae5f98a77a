"""The command line as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import need_traces


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analyzer.cli.main", *args], capture_output=True, text=True)


def test_info_json_and_cache() -> None:
    trace = str(need_traces()[0])
    first = _run("info", "--json", trace)
    assert first.returncode == 0, first.stderr
    d = json.loads(first.stdout)
    assert d["events"] > 0 and d["events_by_type"]
    second = _run("info", "--json", trace)
    assert json.loads(second.stdout)["from_cache"] is True


def test_sql_and_convert(tmp_path: Path) -> None:
    trace = str(need_traces()[0])
    res = _run("sql", trace, "SELECT count(*) AS n FROM events WHERE evt.type = 'open'", "-o", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout.splitlines()[0])["n"] > 0
    out = tmp_path / "out"
    res = _run("convert", trace, "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert (out / "events.parquet").exists() and (out / "threads.parquet").exists()


def test_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "bad.scap"
    bad.write_text("nope")
    res = _run("print", str(bad))
    assert res.returncode == 2
    assert "not a .scap capture" in res.stderr and "Traceback" not in res.stderr
    res = _run("sql", str(need_traces()[0]), "SELEC x")
    assert res.returncode == 2 and "SQL error" in res.stderr
    res = _run("print", str(need_traces()[0]), "-p", "%nosuch.field")
    assert res.returncode == 2 and "unknown field" in res.stderr
