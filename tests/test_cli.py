"""The command line as a user runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import need_traces


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analyzer.cli.main", *args], capture_output=True, text=True, timeout=600)


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
    res = _run("print", str(need_traces()[0]), str(tmp_path / "nosuch.scap"))  # a mistyped second capture
    assert res.returncode == 2 and "nosuch.scap: no such file" in res.stderr
    # a named pipe (a capture is read twice: its digest, then its events) is refused, not waited on
    fifo = tmp_path / "pipe.scap"
    os.mkfifo(fifo)
    for cmd in ("print", "info", "scan"):
        res = _run(cmd, str(fifo))
        assert res.returncode == 2 and "pipe.scap: not a regular file" in res.stderr, (cmd, res.stderr)


def test_sql_prints_nanosecond_times_and_nested_columns_in_every_format() -> None:
    trace = str(need_traces()[0])
    q = "SELECT evt.num, evt.time, proc.anames FROM events ORDER BY evt.num LIMIT 2"
    for fmt in ("table", "json", "csv"):
        res = _run("sql", trace, q, "-o", fmt)
        assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
        # the UTC time, to the nanosecond
        assert re.search(r"\d\d:\d\d:\d\d\.\d{9}(Z|\+00:?00)\b", res.stdout), res.stdout[:300]
    row = json.loads(_run("sql", trace, q, "-o", "json").stdout.splitlines()[0])
    assert re.fullmatch(r"\S+[T ]\d\d:\d\d:\d\d\.\d{9}(Z|\+00:?00)", row["evt.time"]), row["evt.time"]
    assert isinstance(row["proc.anames"], list)
    bad = _run("sql", trace, "SELECT 1", "-o", "bogus")
    assert bad.returncode == 2 and "--output must be" in bad.stderr


def test_output_errors_are_one_line(tmp_path: Path) -> None:
    trace = str(need_traces()[0])
    afile = tmp_path / "afile"
    afile.write_text("")
    res = _run("convert", trace, "-o", str(afile))
    assert res.returncode == 2 and "not a directory" in res.stderr and "Traceback" not in res.stderr
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "analyzer.cli.main", "print", trace], stdout=full,
                             stderr=subprocess.PIPE, text=True)
    assert res.returncode == 2 and "No space left on device" in res.stderr and "Traceback" not in res.stderr


def test_no_cache_leaves_no_tables_behind(tmp_path: Path) -> None:
    import os

    env = dict(os.environ, TMPDIR=str(tmp_path))
    res = subprocess.run([sys.executable, "-m", "analyzer.cli.main", "info", "--no-cache", str(need_traces()[0])],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    assert not list(tmp_path.glob("scapkit-*"))


def test_cached_warnings_name_the_file_as_given(tmp_path: Path) -> None:
    """The cache is keyed by content: a copy under another name warns under its own name."""
    import gzip

    data = gzip.decompress(need_traces()[0].read_bytes()) if need_traces()[0].read_bytes()[:2] == b"\x1f\x8b" \
        else need_traces()[0].read_bytes()
    a, b = tmp_path / "evidence.scap", tmp_path / "renamed.scap"
    a.write_bytes(data[: len(data) // 2])
    b.write_bytes(data[: len(data) // 2])
    first, second = _run("info", str(a)), _run("info", str(b))
    assert f"{a}: capture is truncated" in first.stderr
    assert f"{b}: capture is truncated" in second.stderr and str(a) not in second.stderr


def test_reports_for_ci_carry_the_capture_warnings(tmp_path: Path) -> None:
    """A CI job reads the SARIF or JUnit file, not stderr: a truncated capture says so there."""
    import gzip
    import xml.etree.ElementTree as ET

    raw = need_traces()[0].read_bytes()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    cut = tmp_path / "cut.scap"
    cut.write_bytes(data[: len(data) // 2])
    sarif = _run("scan", str(cut), "-o", "sarif", "--no-cache")
    assert sarif.returncode in (0, 1), sarif.stderr
    notes = json.loads(sarif.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["warning"] and "capture is truncated" in notes[0]["message"]["text"]
    junit = _run("scan", str(cut), "-o", "junit", "--no-cache")
    suite = ET.fromstring(junit.stdout)
    assert "capture is truncated" in (suite.findtext("system-err") or "")
    assert {p.get("name"): p.get("value") for p in suite.iter("property")}["warnings"] == "1"
    whole = _run("scan", str(need_traces()[0]), "-o", "sarif")
    assert "toolExecutionNotifications" not in whole.stdout  # a clean capture: nothing added


def test_a_closed_pipe_keeps_the_exit_status(tmp_path: Path) -> None:
    """`scapkit scan ... | head -1` in CI: the reader going away is not an error, and the status
    still says whether alerts fired (1 with the defaults, 0 when none reach --fail-on). The rule
    fires on every event, so the report is far larger than a pipe holds."""
    trace = str(Path(__file__).resolve().parents[1] / "sample_traces" / "webshell.scap.gz")
    rules = tmp_path / "all.yaml"
    rules.write_text("- rule: every event\n  desc: d\n  condition: evt.num > 0\n  output: \"%evt.num %evt.args\"\n"
                     "  priority: info\n")
    for extra, want in (([], 1), (["--fail-on", "emergency"], 0)):
        p = subprocess.Popen([sys.executable, "-m", "analyzer.cli.main", "scan", trace, "-r", str(rules), "-o", "json",
                              *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
        assert p.stdout is not None and p.stderr is not None
        assert p.stdout.readline()
        p.stdout.close()
        stderr = p.stderr.read().decode()
        assert p.wait() == want and "Traceback" not in stderr, stderr


def _multi_batch_capture(tmp_path: Path) -> Path:
    """A capture of at least three decoding batches (the benchmark's generator)."""
    from analyzer.tables.build import BATCH_EVENTS

    cap = tmp_path / "multi.scap"
    gen = Path(__file__).resolve().parents[1] / "benchmarks" / "gen_capture.py"
    subprocess.run([sys.executable, str(gen), str(cap), "-n", str(2 * BATCH_EVENTS + 1000), "-q"], check=True)
    return cap


def test_print_streams_a_capture_not_decoded_yet(tmp_path: Path) -> None:
    """`print` of a capture without tables yet prints each batch as it is decoded (as sysdig
    prints as it reads); the lines are those printed from the cache afterwards, also filtered."""
    import os

    cap = _multi_batch_capture(tmp_path)
    for cond in ([], ["evt.type in (openat, connect, execve) and fd.num >= 0"]):
        cache = tmp_path / f"cache{len(cond)}"
        env = dict(os.environ, SCAPKIT_CACHE_DIR=str(cache))
        cmd = [sys.executable, "-m", "analyzer.cli.main", "print", str(cap), *cond]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        assert p.stdout is not None and p.stderr is not None
        first = p.stdout.readline()
        assert first and not list(cache.glob("*/meta.json")), "a line came only after the whole decoding"
        streamed = first + p.stdout.read()
        assert p.wait() == 0, p.stderr.read()
        assert list(cache.glob("*/meta.json")), "the streamed run cached the tables"
        cached = subprocess.run(cmd, capture_output=True, text=True, env=env)
        assert cached.returncode == 0 and streamed == cached.stdout and streamed.count("\n") > 1000


def test_a_closed_pipe_stops_the_decoding_of_print(tmp_path: Path) -> None:
    """`print big.scap | head`: once nobody reads, the decoding stops (nothing is cached then, as
    a cache holds whole captures only) and the status is 0."""
    import os

    cap = _multi_batch_capture(tmp_path)
    env = dict(os.environ, SCAPKIT_CACHE_DIR=str(tmp_path / "cache"))
    p = subprocess.Popen([sys.executable, "-m", "analyzer.cli.main", "print", str(cap)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, bufsize=0, env=env)
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.readline()
    p.stdout.close()
    stderr = p.stderr.read().decode()
    assert p.wait() == 0 and "Traceback" not in stderr, stderr
    assert not list((tmp_path / "cache").glob("*/meta.json")), "decoding went on to the end"
