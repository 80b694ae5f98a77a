"""Command-line errors are one line and come before any decoding; every DuckDB type prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli.main import app

from .conftest import REPO, need_traces


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analyzer.cli.main", *args], capture_output=True, text=True)


def _one_line_error(res: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert res.returncode == 2, (res.returncode, res.stderr[-2000:])
    assert "Traceback" not in res.stderr and "─" not in res.stderr, res.stderr[-2000:]
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(("error:", "SQL error:")), res.stderr
    for n in needles:
        assert n in lines[0], lines[0]


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Opening a capture fails the test: the command must stop before it."""
    calls: list[list[str]] = []

    def refuse(traces: list[str], **kw: object) -> None:
        calls.append(traces)
        raise AssertionError("the capture was decoded before the arguments were checked")

    monkeypatch.setattr("analyzer.cli.opening.open_dataset", refuse)
    return calls


def _invoke(args: list[str]) -> tuple[int, str]:
    res = CliRunner().invoke(app, args)
    assert not isinstance(res.exception, AssertionError), res.exception
    return res.exit_code, res.stderr


# ---------------------------------------------------------------------- task: bad field arguments
@pytest.mark.parametrize(("fmt", "needle"), [
    ("%proc.aname[x]", "field 'proc.aname[x]' in format at column 1: the index must be a number, got 'x'"),
    ("pid %proc.apid[-1]", "field 'proc.apid[-1]' in format at column 5: the index must be a number"),
    ("%proc.aname[999999999999999999999]", "the index 999999999999999999999 is too large"),
    ("%evt.arg[999999999999999999999]", "the index 999999999999999999999 is too large"),
    ("%evt.arg[a-b]", "invalid event argument name 'a-b'"),
    ("%proc.aname[²]", "the index must be a number, got '²'"),
])
def test_print_format_with_a_bad_field_argument_is_one_line_before_decoding(
        fmt: str, needle: str, no_decoding: list[list[str]]) -> None:
    code, stderr = _invoke(["print", str(need_traces()[0]), "-p", fmt])
    assert code == 2 and needle in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert not no_decoding


@pytest.mark.parametrize(("cond", "needle"), [
    ("proc.aname[x] = sh", "proc.aname: the index must be a number, got 'x' (at 'proc.aname[x]')"),
    ("proc.aname[999999999999999999999] = sh", "proc.aname: the index 999999999999999999999 is too large"),
    ("evt.arg[99999999999999999999] = x", "evt.arg: the index 99999999999999999999 is too large"),
    ("container.mount.dest[99999999999] = x", "the index 99999999999 is too large"),
])
def test_filter_with_a_bad_index_is_one_line_before_decoding(cond: str, needle: str,
                                                             no_decoding: list[list[str]]) -> None:
    trace = str(need_traces()[0])
    for args in (["print", trace, cond], ["sql", trace, "-f", cond, "SELECT 1"]):
        code, stderr = _invoke(args)
        assert code == 2 and needle in stderr and len(stderr.strip().splitlines()) == 1, (args, stderr)
    assert not no_decoding


def test_a_bad_index_as_a_subprocess_is_one_line() -> None:
    trace = str(need_traces()[0])
    _one_line_error(_run("print", trace, "-p", "%proc.aname[x]"), "the index must be a number")
    _one_line_error(_run("print", trace, "proc.aname[999999999999999999999] = sh"), "is too large")
    ok = _run("print", trace, "-p", "%proc.aname[1] %evt.arg[0]", "proc.aname[1] exists")
    assert ok.returncode == 0 and ok.stdout, ok.stderr


def test_label_keys_that_look_like_numbers_are_keys() -> None:
    from analyzer.tables.fields import arg_error

    assert arg_error("container.label", "99999999999999999999") is None
    assert arg_error("proc.aname", "2147483647") is None
    assert arg_error("proc.aname", "2147483648") is not None


# ---------------------------------------------------------------------- task: checks before decoding
@pytest.mark.parametrize(("args", "needle"), [
    (["sql", "-f", "proc.nme = x", "SELECT 1"], "nonexistent field proc.nme"),
    (["sql", "SELEC 1"], "syntax error at or near \"SELEC\""),
    (["sql", "   ;  "], "the SQL query is empty"),
    (["print", "-p", "%proc.nam"], "unknown field 'proc.nam'"),
    (["print", "proc.nme = x"], "nonexistent field proc.nme"),
])
def test_arguments_are_checked_before_the_capture_is_decoded(args: list[str], needle: str,
                                                             no_decoding: list[list[str]]) -> None:
    trace = str(need_traces()[0])
    full = [args[0], trace, *args[1:]]
    code, stderr = _invoke(full)
    assert code == 2 and needle in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert not no_decoding


def test_sql_errors_after_decoding_are_one_line() -> None:
    trace = str(need_traces()[0])
    _one_line_error(_run("sql", trace, "SELECT nosuch FROM events"), "SQL error:", "nosuch")
    _one_line_error(_run("sql", trace, "SELEC x"), "syntax error")


# ---------------------------------------------------------------------- task: every DuckDB type prints
EVERY_TYPE = """
SELECT INTERVAL 1 SECOND AS i, INTERVAL '1 month 2 days 3 microseconds' AS i2,
  12.345::DECIMAL(10,3) AS d, '\\x00\\xFFab'::BLOB AS b, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID AS u,
  MAP {'k': INTERVAL 2 HOUR} AS m, [[INTERVAL 1 DAY], NULL] AS li,
  {'x': 1.25::DECIMAL(5,2), 'y': '\\x01'::BLOB, 'z': [TIME '01:02:03'], 'h': 2::HUGEINT} AS st,
  TIME '12:34:56.789' AS t, DATE '2024-02-29' AS dt, TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS tz,
  170141183460469231731687303715884105727::HUGEINT AS h,
  340282366920938463463374607431768211455::UHUGEINT AS uh,
  TIMESTAMP_NS '2024-01-02 03:04:05.123456789' AS tns, [1, 2]::INTEGER[2] AS arr, union_value(n := 3) AS un,
  TIMETZ '01:02:03+05' AS ttz, '101'::BIT AS bits, 'nan'::DOUBLE AS nan, '[bold]x[/bold]' AS markup,
  NULL AS nul, MAP {1: '\\x02'::BLOB} AS mb
"""


def test_sql_prints_every_duckdb_type_in_every_format() -> None:
    trace = str(need_traces()[0])
    outs = {}
    for fmt in ("table", "csv", "json"):
        res = subprocess.run([sys.executable, "-m", "analyzer.cli.main", "sql", trace, EVERY_TYPE, "-o", fmt],
                             capture_output=True, text=True, env={**_env(), "COLUMNS": "1000"})
        assert res.returncode == 0 and not res.stderr.strip(), res.stderr[-2000:]
        outs[fmt] = res.stdout
    row = json.loads(outs["json"])
    assert row["i"] == "00:00:01" and row["i2"] == "1 month 2 days 00:00:00.000003"
    assert row["d"] == "12.345" and row["b"] == "\\x00\\xFFab" and row["u"].startswith("a0eebc99")
    assert row["m"] == {"k": "02:00:00"} and row["li"] == [["1 day"], None]
    assert row["st"] == {"x": "1.25", "y": "\\x01", "z": ["01:02:03"], "h": "2"}
    assert row["t"] == "12:34:56.789000" and row["dt"] == "2024-02-29"
    assert row["tz"].startswith("2024-01-02 03:04:05.123456")
    assert row["h"] == 2**127 - 1 and row["uh"] == 2**128 - 1  # exact, not wrapped
    assert row["tns"] == "2024-01-02 03:04:05.123456789" and row["arr"] == [1, 2] and row["un"] == "3"
    assert row["ttz"] == "01:02:03+05" and row["bits"] == "101" and row["nan"] == "nan"
    assert row["markup"] == "[bold]x[/bold]" and row["nul"] is None and row["mb"] == {"1": "\\x02"}
    for fmt in ("table", "csv"):
        for text in ("1 month 2 days", "\\x00\\xFFab", "170141183460469231731687303715884105727",
                     "340282366920938463463374607431768211455", "03:04:05.123456789", "01:02:03+05",
                     "[bold]x[/bold]"):
            assert text in outs[fmt], (fmt, text, outs[fmt][:3000])
    header = outs["csv"].splitlines()[0]
    assert header.startswith('"i","i2","d"'), header


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_an_output_failure_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    from analyzer.cli import sql_output

    def broken(res: pa.Table) -> pa.Table:
        raise pa.ArrowNotImplementedError("Unsupported cast from something to utf8")

    monkeypatch.setattr(sql_output, "csv_ready", broken)
    code, stderr = _invoke(["sql", str(need_traces()[0]), "SELECT 1 AS x", "-o", "csv"])
    assert code == 2 and stderr.startswith("error: --output csv: cannot write the result: Unsupported cast"), stderr
    assert len(stderr.strip().splitlines()) == 1


def test_a_statement_without_result_prints_nothing(tmp_path: Path) -> None:
    res = _run("sql", str(need_traces()[0]), "SET threads = 1")
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    assert res.stdout == ""


# ---------------------------------------------------------------------- task: exit statuses in --help
@pytest.mark.parametrize("command", [
    ["info"], ["print"], ["sql"], ["convert"], ["tui"], ["fields"], ["capture"], ["scan"],
    ["rules", "validate"], ["rules", "sql"],
])
def test_every_command_help_states_its_exit_statuses(command: list[str]) -> None:
    res = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert "Exit status: 0 " in text and "2 for usage" in text, text


# ---------------------------------------------------------------------- task: progress while writing
@pytest.mark.parametrize("arrow", [False, True])
def test_convert_shows_writing_progress_on_a_terminal_only(arrow: bool, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq
    from rich.console import Console

    from analyzer.cli import opening

    trace = str(need_traces()[0])
    flag = ["--arrow"] if arrow else []
    code, stderr = _invoke(["convert", trace, "-o", str(tmp_path / "plain"), *flag])  # not a terminal
    assert code == 0 and stderr.strip() == f"wrote 11 tables to {tmp_path / 'plain'}", stderr
    tty = io.StringIO()
    monkeypatch.setattr(opening, "err", Console(file=tty, force_terminal=True, width=100))
    code, _ = _invoke(["convert", trace, "-o", str(tmp_path / "tty"), *flag])
    assert code == 0
    assert "writing users" in tty.getvalue() and "100%" in tty.getvalue(), tty.getvalue()[-500:]
    # the written tables are the cached ones, whole
    ext = ".arrow" if arrow else ".parquet"
    for name in ("events", "threads", "fds"):
        a = tmp_path / "plain" / (name + ext)
        got = pa.ipc.open_file(str(a)).read_all() if arrow else pq.read_table(a)
        ref = pq.read_table(tmp_path / "tty" / (name + ext)) if not arrow else \
            pa.ipc.open_file(str(tmp_path / "tty" / (name + ext))).read_all()
        assert got.num_rows > 0 and got.equals(ref)


@pytest.mark.parametrize(("fmt", "label"), [("json", "writing alerts"), ("sarif", "writing the report")])
def test_scan_shows_writing_progress_and_the_report_stays_on_stdout(fmt: str, label: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from analyzer.cli import opening

    trace = str(REPO / "sample_traces" / "webshell.scap.gz")  # alerts fire on it
    plain = CliRunner().invoke(app, ["scan", trace, "-o", fmt, "-q"])  # stderr not a terminal: no bar
    assert plain.exit_code == 1 and label not in plain.stderr, plain.stderr
    tty = io.StringIO()
    monkeypatch.setattr(opening, "err", Console(file=tty, force_terminal=True, width=100))
    res = CliRunner().invoke(app, ["scan", trace, "-o", fmt, "-q"])
    assert res.exit_code == plain.exit_code and label in tty.getvalue(), tty.getvalue()[-500:]
    # the report went to stdout, whole, not through the bar's console
    assert res.stdout == plain.stdout and res.stdout.strip()
    assert "{" not in tty.getvalue()


def test_sql_json_keeps_columns_of_the_same_name() -> None:
    """evt.num and fd.num are both "num" to DuckDB: json output once kept only the last of them;
    a plain struct member is named as written (evt.num, fd.num), other repeated names get _1..."""
    import json

    res = _run("sql", str(need_traces()[0]), "SELECT evt.num, fd.num, 7 AS num, 8 AS num FROM events "
               "WHERE fd.num >= 0 LIMIT 1", "-o", "json")
    assert res.returncode == 0, res.stderr
    row = json.loads(res.stdout.splitlines()[0])
    assert list(row) == ["evt.num", "fd.num", "num", "num_1"] and row["num"] == 7 and row["num_1"] == 8
    assert row["evt.num"] >= 1 and row["fd.num"] >= 0  # the event's number, then its fd's
    for fmt in ("csv", "table"):  # the same names in every output
        res = _run("sql", str(need_traces()[0]), "SELECT proc.name, fd.name FROM events WHERE fd.num >= 0 LIMIT 1",
                   "-o", fmt)
        assert res.returncode == 0 and "proc.name" in res.stdout and "fd.name" in res.stdout, res.stdout
    # computed columns keep DuckDB's names; a star keeps the table's columns
    res = _run("sql", str(need_traces()[0]), "SELECT upper(proc.name), count(*) FROM events GROUP BY 1 LIMIT 1",
               "-o", "json")
    assert list(json.loads(res.stdout.splitlines()[0])) == ["upper(proc.\"name\")", "count_star()"], res.stdout


def test_sql_member_names_only_for_struct_members() -> None:
    """A column named after what it reads only where it is a struct member of the events table."""
    from analyzer.cli.sql_output import member_names

    assert member_names("SELECT evt.num, fd.name AS f, count(*) FROM events GROUP BY ALL") == ["evt.num", None, None]
    assert member_names("SELECT proc.name FROM events LIMIT 1; -- a comment") == ["proc.name"]
    # a subquery, a CTE or a table named like a struct: its column is no member
    assert member_names("SELECT fd.x FROM (SELECT 1 AS x) AS fd") == [None]
    assert member_names("WITH fd AS (SELECT 1 AS name) SELECT fd.name FROM fd") == [None]
    assert member_names("SELECT proc.name FROM events AS proc") == [None]
    assert member_names("SELECT fd.x FROM events, unnest([5]) AS fd(x)") == [None]
    # a CTE the FROM does not read names nothing
    assert member_names("WITH proc AS (SELECT 1 AS name) SELECT proc.name FROM events") == ["proc.name"]
    # columns that cannot be told from the text: DuckDB's names
    assert member_names("SELECT * FROM events") is None
    assert member_names("SELECT proc.name FROM events UNION SELECT fd.name FROM events") is None
