"""`scapkit rules validate|sql`, `scapkit scan` and Falco conditions in `print`/`sql`, run as a user
runs them (exit codes 0/1/2, one-line errors)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SHARED
from .rules_scenarios import write_scenario

UPSTREAM = [str(SHARED / "rules" / f) for f in ("falco_rules.yaml", "falco-incubating_rules.yaml",
                                                "falco-sandbox_rules.yaml")]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analyzer.cli.main", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def scen(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(write_scenario(tmp_path_factory.mktemp("cli") / "scenario.scap"))


def test_validate_upstream_files() -> None:
    r = run("rules", "validate", *UPSTREAM)
    assert r.returncode == 0, r.stderr
    assert "93 rules (81 enabled)" in r.stdout and "315 macros" in r.stdout and "118 lists" in r.stdout
    assert "error" not in r.stderr


def test_validate_reports_errors_with_place(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("- rule: r\n  desc: d\n  condition: proc.name = 'x\n  output: o\n  priority: info\n")
    r = run("rules", "validate", str(f))
    assert r.returncode == 2
    assert f"{f}:3:26" in r.stderr and "LOAD_ERR_COMPILE_CONDITION" in r.stderr and "unbalanced quote" in r.stderr
    assert "Traceback" not in r.stderr
    f.write_text("rule: r\n")
    r = run("rules", "validate", str(f))
    assert r.returncode == 2 and "not yaml array" in r.stderr


def test_validate_warnings(tmp_path: Path) -> None:
    f = tmp_path / "w.yaml"
    f.write_text("- macro: unused\n  condition: proc.name = a\n- rule: r\n  desc: d\n  condition: proc.name = b\n"
                 "  output: o %proc.name\n  priority: info\n")
    r = run("rules", "validate", str(f))
    assert r.returncode == 0
    assert f"{f}:1:3: LOAD_UNUSED_MACRO: unused:" in r.stderr


def test_rules_sql_pretty_prints_one_rule() -> None:
    r = run("rules", "sql", UPSTREAM[0], "--rule", "Search Private Keys or Passwords")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("-- rule: Search Private Keys or Passwords")
    assert "-- event types: execve, execveat" in r.stdout
    assert "SELECT\n  *\nFROM events\nWHERE" in r.stdout
    assert r.stdout.count("-- rule:") == 1
    r = run("rules", "sql", UPSTREAM[0], "--rule", "No such rule")
    assert r.returncode == 2 and "no rule named 'No such rule'" in r.stderr


def test_scan_text_and_exit_codes(scen: str) -> None:
    r = run("scan", scen, "-r", UPSTREAM[0], "-q")
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 5
    assert any(": Warning Sensitive file opened for reading by non-trusted program" in ln and "file=/etc/shadow" in ln
               for ln in lines), lines
    assert any("Notice Shell spawned by untrusted binary" in ln for ln in lines)
    # nothing at or above critical fired: exit 0
    r = run("scan", scen, "-r", UPSTREAM[0], "-q", "--fail-on", "critical")
    assert r.returncode == 0
    # only rules at or above warning are loaded: the Notice one is gone
    r = run("scan", scen, "-r", UPSTREAM[0], "-q", "--min-priority", "warning")
    assert len(r.stdout.splitlines()) == 4 and "Notice" not in r.stdout


def test_scan_json_fields_are_typed(scen: str) -> None:
    r = run("scan", scen, "-r", UPSTREAM[0], "-q", "-o", "json", "--rule", "Read sensitive file untrusted")
    assert r.returncode == 1, r.stderr
    (line,) = r.stdout.splitlines()
    obj = json.loads(line)
    assert obj["rule"] == "Read sensitive file untrusted" and obj["priority"] == "Warning"
    f = obj["output_fields"]
    assert f["fd.name"] == "/etc/shadow" and f["proc.name"] == "cat" and f["user.uid"] == 0
    assert f["proc.tty"] == 34816 and isinstance(f["evt.time"], int)
    assert f["proc.aname[2]"] == "systemd" and f["proc.aname[3]"] is None
    assert "<NA>" in obj["output"]
    assert obj["tags"] == sorted(obj["tags"]) and "maturity_stable" in obj["tags"]


def test_scan_rule_matching_all_and_tags(scen: str) -> None:
    first = run("scan", scen, *sum((["-r", f] for f in UPSTREAM), []), "-q", "-o", "json")
    every = run("scan", scen, *sum((["-r", f] for f in UPSTREAM), []), "-q", "-o", "json", "--rule-matching", "all")
    a = [json.loads(x) for x in first.stdout.splitlines()]
    b = [json.loads(x) for x in every.stdout.splitlines()]
    assert len(b) > len(a) > 0
    nums_first = [x["output_fields"]["evt.time"] for x in a]
    assert len(nums_first) == len(set(nums_first)), "first match: one alert per event"
    tagged = run("scan", scen, *sum((["-r", f] for f in UPSTREAM), []), "-q", "-o", "json", "--tag", "T1059")
    rules = {json.loads(x)["rule"] for x in tagged.stdout.splitlines()}
    assert rules and all("T1059" in json.loads(x)["tags"] for x in tagged.stdout.splitlines())
    base = [*sum((["-r", f] for f in UPSTREAM), []), "-q", "-o", "json"]
    one = sorted(rules)[0]
    # a selection that leaves no rule, or names what no rule has, is an error: a gate must not pass
    # having checked nothing; a --disable-* that matches nothing is a warning
    no_tag = run("scan", scen, *base, "--tag", "T1059", "--disable-tag", "T1059")
    assert no_tag.returncode == 2 and no_tag.stdout == "" and "no rule to run" in no_tag.stderr
    typo = run("scan", scen, *base, "--tag", "T1059x")
    assert typo.returncode == 2 and "no rule has the tag 'T1059x'" in typo.stderr
    unused = run("scan", scen, *sum((["-r", f] for f in UPSTREAM), []), "-o", "json", "--disable-rule", "nope*")
    assert unused.returncode in (0, 1) and "--disable-rule 'nope*' matches no rule" in unused.stderr
    fired = {json.loads(x)["rule"] for x in first.stdout.splitlines()}
    pattern = "*" + one[1:-1] + "*"  # wildcards, as --rule takes them
    without = run("scan", scen, *base, "--disable-rule", pattern)
    left = {json.loads(x)["rule"] for x in without.stdout.splitlines()}
    assert one in fired and one not in left and left >= fired - {one}  # a later rule may now match its events


def test_scan_other_formats(scen: str) -> None:
    r = run("scan", scen, "-r", UPSTREAM[0], "-q", "-o", "sarif")
    sarif = json.loads(r.stdout)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == 5
    r = run("scan", scen, "-r", UPSTREAM[0], "-q", "-o", "junit")
    assert r.stdout.startswith("<?xml") and r.stdout.count("<testcase") == 25


def test_scan_usage_and_input_errors(scen: str, tmp_path: Path) -> None:
    r = run("scan", scen, "-r", UPSTREAM[0], "-o", "yaml")
    assert r.returncode == 2 and "--output must be one of" in r.stderr
    r = run("scan", scen, "-r", UPSTREAM[0], "--fail-on", "urgent")
    assert r.returncode == 2 and "unknown priority 'urgent'" in r.stderr
    r = run("scan", scen, "-r", UPSTREAM[0], "--rule-matching", "some")
    assert r.returncode == 2
    r = run("scan", str(tmp_path / "missing.scap"), "-r", UPSTREAM[0])
    assert r.returncode == 2 and "no such file" in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("- macro: a\n  condition: b\n- macro: b\n  condition: a\n")
    r = run("scan", scen, "-r", str(bad))
    assert r.returncode == 2 and "Undefined macro 'b'" in r.stderr
    for res in (r,):
        assert "Traceback" not in res.stderr


def test_scan_default_rules(scen: str) -> None:
    r = run("scan", scen, "-q", "-o", "json")
    assert r.returncode in (0, 1), r.stderr
    assert all(json.loads(x)["source"] == "syscall" for x in r.stdout.splitlines())


def test_print_and_sql_take_a_falco_condition(scen: str) -> None:
    r = run("print", scen, "proc.name = cat and evt.type = openat")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 4 and all(" cat (101) " in ln and " openat " in ln for ln in lines)
    r = run("print", scen, "proc.name = 'cat")
    assert r.returncode == 2 and "filter: 1:13: unbalanced quote" in r.stderr
    r = run("sql", scen, "SELECT count(*) AS n FROM events", "-o", "json", "-f", "fd.name startswith /etc")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["n"] == 9  # the rows `sysdig -r F "fd.name startswith /etc"` prints
    r = run("sql", scen, "SELECT 1", "-f", "nosuch.field = 1")
    assert r.returncode == 2 and "nonexistent field nosuch.field" in r.stderr


def test_scan_warns_about_a_truncated_capture(scen: str, tmp_path: Path) -> None:
    """Lost data is never silent: a cut capture is scanned, and stderr names the offset (even with -q)."""
    data = Path(scen).read_bytes()
    cut = tmp_path / "cut.scap"
    cut.write_bytes(data[: len(data) - 7])
    r = run("scan", str(cut), "-q", "-o", "json")
    assert r.returncode in (0, 1), r.stderr
    assert "truncated at byte offset" in r.stderr
    assert "Traceback" not in r.stderr
