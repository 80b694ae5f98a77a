"""Report writers: golden files for every format, plus explicit checks of Falco's text/JSON details,
the SARIF 2.1.0 schema and well-formed JUnit XML.

Regenerate the golden files with ``SCAPKIT_UPDATE_GOLDEN=1 pytest tests/test_reports.py`` and
review the diff.
"""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from analyzer.rules.alerts import Alert
from analyzer.rules.priority import Priority
from analyzer.rules.report_sarif import artifact_uri, sarif_level
from analyzer.rules.reports import (
    FORMATS,
    json_line,
    text_line,
    time_hms,
    time_iso8601,
    time_json,
    write_report,
)
from tests.report_samples import ALERTS, CAP_A, CAP_B, CAPTURES, RULES, VERSION

GOLDEN = Path(__file__).parent / "golden" / "reports"
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("SCAPKIT_UPDATE_GOLDEN") == "1"


def render(fmt: str, *, iso: bool = False, alerts: tuple[Alert, ...] = ALERTS) -> str:
    buf = io.StringIO()
    write_report(fmt, alerts, RULES, buf, captures=CAPTURES, tool_version=VERSION, time_format_iso_8601=iso)
    return buf.getvalue()


GOLDEN_CASES = {
    "alerts.txt": ("text", False),
    "alerts-iso8601.txt": ("text", True),
    "alerts.jsonl": ("json", False),
    "alerts-iso8601.jsonl": ("json", True),
    "alerts.sarif": ("sarif", False),
    "alerts.junit.xml": ("junit", False),
    "alerts.table.txt": ("table", False),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str) -> None:
    fmt, iso = GOLDEN_CASES[name]
    got = render(fmt, iso=iso)
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8")
    assert got == expected, f"{name} differs from the golden file (SCAPKIT_UPDATE_GOLDEN=1 to regenerate)"


def test_every_format_has_a_golden_file() -> None:
    assert {fmt for fmt, _ in GOLDEN_CASES.values()} == set(FORMATS)


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown report format 'xml'.*text, json, sarif, junit, table"):
        write_report("xml", ALERTS, RULES, io.StringIO(), captures=CAPTURES, tool_version=VERSION)


# ----------------------------------------------------------------------------------- time formats
def test_time_formats_are_utc_with_nanoseconds() -> None:
    ns = 1_764_388_800_000_000_000 + 3_723_000_000_009  # 2025-11-29 05:02:03.000000009 UTC
    assert time_hms(ns) == "05:02:03.000000009"
    assert time_iso8601(ns) == "2025-11-29T05:02:03.000000009+0000"
    assert time_json(ns) == "2025-11-29T05:02:03.000000009Z"
    assert time_json(0) == "1970-01-01T00:00:00.000000000Z"


def test_time_does_not_depend_on_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    before = render("text")
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        assert render("text") == before
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


# ----------------------------------------------------------------------------------- text line
def test_text_line_plain() -> None:
    assert text_line(ALERTS[0]) == (
        "04:00:00.123456789: Warning Sensitive file opened for reading (file=/etc/shadow user=root uid=0 "
        "process=cat command=cat /etc/shadow parent=sh container=host)"
    )


def test_text_line_escapes_quotes_and_backslashes_like_falco_head() -> None:
    assert text_line(ALERTS[1]) == (
        '04:00:02.000000007: Critical Shell spawned by a web server (command=sh -c \\"echo \\\\x41 > '
        'C:\\\\temp\\\\a\\" parent=python3 gparent=<NA> tty=0)'
    )


def test_text_line_escapes_controls_keeps_unicode_and_del() -> None:
    line = text_line(ALERTS[2])
    assert "\n" not in line and "\t" not in line and "\x01" not in line
    assert "BEGIN\\nPRIVATE\\tKEY\\u0001 /home\x7f " in line
    assert "jürgen" in line and "日本語 ✓ 🔑" in line
    assert line.endswith("bad=\ufffd)")  # an undecodable byte becomes U+FFFD
    assert line.startswith("04:00:00.000000000: Notice ")


def test_text_report_is_one_line_per_alert() -> None:
    out = render("text")
    assert out.endswith("\n")
    assert out.splitlines() == [text_line(a) for a in ALERTS]
    assert render("text", iso=True).splitlines()[0].startswith("2025-11-29T04:00:00.123456789+0000: Warning ")


def test_priority_labels_are_falcos() -> None:
    labels = [a.priority.label for a in ALERTS]
    assert labels == ["Warning", "Critical", "Notice", "Notice", "Error"]
    assert Priority.INFORMATIONAL.label == "Informational"


# ----------------------------------------------------------------------------------- JSON
def test_json_object_keys_and_types() -> None:
    lines = render("json").splitlines()
    assert len(lines) == len(ALERTS)
    objs = [json.loads(s) for s in lines]
    for s, o in zip(lines, objs, strict=True):
        assert list(o) == ["hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"]
        assert list(o["output_fields"]) == sorted(o["output_fields"], key=lambda k: k.encode())
        assert ": " not in s.split('"output"')[0]  # compact separators
    first = objs[0]
    assert first["hostname"] == "web-01"
    assert first["priority"] == "Warning"
    assert first["rule"] == "Sensitive file opened for reading"
    assert first["source"] == "syscall"
    assert first["tags"] == ["T1003.008", "container", "filesystem", "host", "mitre_credential_access"]
    assert first["time"] == "2025-11-29T04:00:00.123456789Z"
    assert first["output"] == "04:00:00.123456789: Warning " + ALERTS[0].output
    assert first["output_fields"]["user.uid"] == 0
    assert first["output_fields"]["evt.time"] == ALERTS[0].time_ns
    second = objs[1]
    assert second["output_fields"]["proc.aname[2]"] is None
    assert second["output_fields"]["proc.tty"] == 0
    assert second["output_fields"]["proc.is_exe_writable"] is False
    assert second["output"].endswith('(command=sh -c "echo \\x41 > C:\\temp\\a" parent=python3 gparent=<NA> tty=0)')
    third = objs[2]
    assert third["time"] == "2025-11-30T04:00:00.000000000Z"
    assert third["tags"] == []
    assert third["output_fields"]["evt.args"] == ["a", 'b"c', None]
    assert third["output_fields"]["nan"] is None
    assert third["output_fields"]["bad"] == "\ufffd"
    assert third["output_fields"]["proc.apid[1]"] == 17
    assert objs[4]["tags"] == ["alpha", "zeta"]


def test_json_escaping_matches_nlohmann() -> None:
    s = json_line(ALERTS[2])
    assert "\\n" in s and "\\t" in s and "\\u0001" in s  # short forms and lowercase \u00xx
    assert "\x7f" in s and "日本語" in s and "🔑" in s  # no ensure_ascii
    assert "\\/" not in s
    assert "\\udcff" not in s and "\ufffd" in s


def test_json_iso_mode_uses_the_iso_prefix_field() -> None:
    o = json.loads(render("json", iso=True).splitlines()[0])
    assert "evt.time" not in o["output_fields"]
    assert o["output_fields"]["evt.time.iso8601"] == ALERTS[0].time_ns
    assert o["output"].startswith("2025-11-29T04:00:00.123456789+0000: Warning ")


# ----------------------------------------------------------------------------------- SARIF
def test_sarif_validates_against_the_2_1_0_schema() -> None:
    log = json.loads(render("sarif"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_schema_check_can_fail() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(render("sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log))


def test_sarif_content() -> None:
    log = json.loads(render("sarif"))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "scapkit" and driver["version"] == VERSION
    ids = [r["id"] for r in driver["rules"]]
    assert ids[: len(RULES)] == [r.name for r in RULES]
    assert ids[-1] == "Unlisted rule from an alert"  # fired without being listed
    assert driver["rules"][1]["defaultConfiguration"]["level"] == "error"
    assert driver["rules"][1]["fullDescription"]["text"] == 'Web server process started a shell ("web shell").'
    assert driver["rules"][0]["properties"]["tags"] == sorted(RULES[0].tags)
    assert [a["location"]["uri"] for a in run["artifacts"]] == [artifact_uri(CAP_A), artifact_uri(CAP_B)]
    results = run["results"]
    assert len(results) == len(ALERTS)
    for res, a in zip(results, ALERTS, strict=True):
        assert res["ruleId"] == a.rule
        assert driver["rules"][res["ruleIndex"]]["id"] == a.rule
        assert res["level"] == sarif_level(a.priority)
        loc = res["locations"][0]
        art = loc["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][art["index"]]["location"]["uri"] == art["uri"] == artifact_uri(a.capture)
        assert loc["properties"]["evt.num"] == a.evt_num == res["properties"]["evt.num"]
        assert loc["logicalLocations"][0]["fullyQualifiedName"].endswith(f"#{a.evt_num}")
    prints = [r["partialFingerprints"]["scapkitAlert/v1"] for r in results]
    assert len(set(prints)) == len(prints) and all(len(p) == 32 for p in prints)
    assert results[2]["message"]["text"].startswith("Credential search (command=grep -r BEGIN\nPRIVATE")


def test_sarif_levels_and_uris() -> None:
    assert [sarif_level(p) for p in Priority] == ["error"] * 4 + ["warning"] + ["note"] * 3
    assert artifact_uri("/var/tmp/cases/web shell.scap") == "file:///var/tmp/cases/web%20shell.scap"
    assert artifact_uri("traces/creds#1.scap.gz") == "traces/creds%231.scap.gz"
    assert artifact_uri("a:b.scap") == "a%3Ab.scap"


# ----------------------------------------------------------------------------------- JUnit
def test_junit_is_well_formed_with_one_case_per_rule() -> None:
    text = render("junit")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuite"
    cases = root.findall("testcase")
    names = [c.get("name") for c in cases]
    assert names == [r.name for r in RULES] + ["Unlisted rule from an alert"]
    assert root.get("tests") == str(len(cases))
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    assert root.get("failures") == str(len(failed)) == "4"
    cred = failed["Credential search"]
    assert cred is not None
    assert cred.get("type") == "Notice" and cred.get("message") == "2 alerts (most severe: Notice)"
    body = (cred.text or "").splitlines()
    assert body == [f"{CAP_B}#7 {text_line(ALERTS[2])}", f"{CAP_B}#8 {text_line(ALERTS[3])}"]
    assert failed["Unlisted rule from an alert"].text.strip().endswith(  # type: ignore[union-attr]
        "Unlisted <rule> & 'quotes' ]]> </failure>"
    )
    assert cases[2].find("failure") is None  # the quiet rule passes
    props = {(p.get("name"), p.get("value")) for p in root.iter("property")}
    assert ("capture", CAP_A) in props and ("scapkit.version", VERSION) in props


def test_junit_replaces_characters_xml_cannot_hold() -> None:
    a = Alert("Ctl\x01rule", Priority.WARNING, 0, "out\x02put \ud800", {}, 1, "c.scap")
    buf = io.StringIO()
    write_report("junit", [a], [], buf, captures=["c.scap"], tool_version=VERSION)
    root = ET.fromstring(buf.getvalue().encode("utf-8"))
    case = root.find("testcase")
    assert case is not None and case.get("name") == "Ctl\ufffdrule"


# ----------------------------------------------------------------------------------- table
def test_table_counts() -> None:
    out = render("table")
    lines = out.splitlines()
    assert "Alerts: 5   Rules fired: 4 of 6 evaluated" in out
    row = next(ln for ln in lines if ln.strip().startswith("Credential search"))
    assert row.split()[-2:] == ["Notice", "2"]
    crit = next(ln for ln in lines if ln.strip().startswith("Critical"))
    assert crit.split() == ["Critical", "1", "1"]
    assert max(len(ln) for ln in lines) <= 100
    assert "Quiet rule" not in out
    # most severe first
    order = [ln.split()[0] for ln in lines if ln.strip().split(" ")[0] in {"Shell", "Unlisted", "Sensitive", "Credential"}]
    assert order == ["Shell", "Unlisted", "Sensitive", "Credential"]


def test_empty_reports() -> None:
    for fmt in ("text", "json"):
        assert render(fmt, alerts=()) == ""
    log = json.loads(render("sarif", alerts=()))
    assert log["runs"][0]["results"] == [] and len(log["runs"][0]["tool"]["driver"]["rules"]) == len(RULES)
    root = ET.fromstring(render("junit", alerts=()).encode())
    assert root.get("failures") == "0" and root.get("tests") == str(len(RULES))
    assert "Alerts: 0" in render("table", alerts=())
