"""scapkit's default rules file: its structure, the fields it uses, and that every rule fires where
it should on a writer-made attack capture (and nowhere else)."""

from __future__ import annotations

import importlib.resources
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from analyzer.rules.priority import Priority
from analyzer.tables.fields import FIELDS
from tests.conftest import SHARED, skip_or_fail
from tests.default_rules_capture import CONTAINER_ID, HOSTNAME, Expect, build

# the shared fixtures sit beside the repository; SCAPKIT_SHARED_FIXTURES points elsewhere (worktrees)
FIXTURES = Path(os.environ.get("SCAPKIT_SHARED_FIXTURES", str(SHARED)))
RULES_FILE = Path(str(importlib.resources.files("analyzer.rules") / "default_rules.yaml"))

# the threat families the default rules must cover -> the rule that covers each
FAMILIES = {
    "sensitive file reads": "Credentials file read",
    "cloud/ssh secret reads": "Cloud or SSH secret read",
    "shells and terminals in containers": "Interactive shell in a container",
    "scripted shells in containers": "Shell started in a container",
    "web shells": "Web server spawned a shell",
    "netcat/remote shells": "Reverse shell launched",
    "private-key searches": "Private key search",
    "credential searches": "Cloud credential or password search",
    "log truncation": "Log file truncated",
    "log clearing commands": "Log clearing command",
    "bulk deletion": "Bulk data deletion",
    "symlink over sensitive files": "Symlink to a sensitive file",
    "hardlink over sensitive files": "Hard link to a sensitive file",
    "packet sockets": "Raw packet socket opened",
    "stdio redirected to network": "Standard streams redirected to a network socket",
    "kernel module loading": "Kernel module loaded",
    "ptrace attach": "Debugger attached to a process",
    "anti-debug": "Anti-debugging self trace",
    "exec from /dev/shm": "Program run from shared memory",
    "dropped-and-executed binaries": "Dropped binary executed",
    "fileless memfd execution": "Program run from an anonymous memory file",
    "unexpected outbound ports": "Outbound connection to an unusual port",
    "persistence files": "Scheduled task or service unit written",
    "login hooks and ssh keys": "Login hook or SSH key added",
    "timestomping": "File timestamps forged",
    "history to /dev/null": "Log or history linked to /dev/null",
}

_OPS = r"(?:=|!=|<=|>=|<|>|\bin\b|\bintersects\b|\bcontains\b|\bicontains\b|\bstartswith\b|\bendswith\b|\bpmatch\b|\bglob\b|\bexists\b)"
_COND_FIELD = re.compile(r"(?<![\w./-])([a-z][a-z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)+(?:\[[^\]\s]+\])?)\s*" + _OPS)
_OUT_FIELD = re.compile(r"%([a-z][a-z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)+(?:\[[^\]\s]+\])?)")
_ARG_FIELD = re.compile(r"^(evt\.arg\.[a-z_]+|evt\.arg\[\d+\]|proc\.(aname|apid|aexepath)\[\d+\])$")


def load_items() -> list[dict[str, object]]:
    doc = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    assert isinstance(doc, list)
    return doc


def upstream_fields() -> set[str]:
    """Fields the upstream fixture rules use: CONTRACTS A promises every one of them."""
    out: set[str] = set()
    for f in sorted((FIXTURES / "rules").glob("*.yaml")):
        text = f.read_text(encoding="utf-8")
        out |= set(_COND_FIELD.findall(text)) | set(_OUT_FIELD.findall(text))
    return out


# ----------------------------------------------------------------------------------- structure
def test_file_is_package_data_and_yaml_list_of_items() -> None:
    assert RULES_FILE.is_file()
    items = load_items()
    kinds = []
    for it in items:
        assert isinstance(it, dict)
        k = [key for key in ("list", "macro", "rule") if key in it]
        assert len(k) == 1, f"item with keys {sorted(it)} must be exactly one of list/macro/rule"
        kinds.append(k[0])
    assert kinds.count("rule") == len(FAMILIES)
    assert kinds.count("list") >= 10 and kinds.count("macro") >= 10


def test_rules_have_falco_keys_and_metadata() -> None:
    names: list[str] = []
    for it in load_items():
        if "rule" not in it:
            continue
        name = str(it["rule"])
        names.append(name)
        assert set(it) <= {"rule", "desc", "condition", "output", "priority", "tags", "exceptions", "enabled"}, name
        for key in ("desc", "condition", "output", "priority", "tags"):
            assert it.get(key), f"rule '{name}' lacks {key}"
        assert len(str(it["desc"]).split()) >= 12, f"rule '{name}': desc too short"
        Priority.parse(str(it["priority"]))
        tags = [str(t) for t in it["tags"]]  # type: ignore[union-attr]
        assert any(t.startswith("mitre_") for t in tags), f"rule '{name}' has no MITRE tactic tag"
        assert any(re.fullmatch(r"T\d{4}(\.\d{3})?", t) for t in tags), f"rule '{name}' has no technique id"
        assert {"host", "container"} & set(tags), name
        assert len(_OUT_FIELD.findall(str(it["output"]))) >= 4, f"rule '{name}': output shows too few fields"
    assert len(names) == len(set(names)), "duplicate rule names"
    assert set(FAMILIES.values()) == set(names)


def test_every_list_and_macro_is_used_and_defined_before_macro_use() -> None:
    items = load_items()
    lists = [str(i["list"]) for i in items if "list" in i]
    macros = [str(i["macro"]) for i in items if "macro" in i]

    def word(name: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])")

    for name in lists + macros:
        users = [
            i for i in items
            if i.get("macro") != name and word(name).search(str(i.get("condition", "")) + json.dumps(i.get("exceptions", "")))
        ]
        assert users, f"'{name}' is never used"
    seen: set[str] = set()  # macros may only use macros defined above them (Falco's visibility rule)
    for it in items:
        if "macro" in it:
            for other in set(macros) - seen - {str(it["macro"])}:
                assert not word(other).search(str(it["condition"])), f"macro '{it['macro']}' uses '{other}' too early"
            seen.add(str(it["macro"]))


def test_fields_are_in_the_catalogue_or_promised() -> None:
    if not (FIXTURES / "rules").is_dir():
        skip_or_fail(f"shared rules not found under {FIXTURES}")
    allowed = set(FIELDS) | upstream_fields()
    used: set[str] = set()
    for it in load_items():
        used |= set(_COND_FIELD.findall(str(it.get("condition", ""))))
        used |= set(_OUT_FIELD.findall(str(it.get("output", ""))))
        for ex in it.get("exceptions", []) or []:  # type: ignore[union-attr]
            f = ex["fields"]
            used |= set(f if isinstance(f, list) else [f])
    assert "proc.name" in used and "evt.type" in used  # the extraction works
    unknown = sorted(f for f in used if f not in allowed and not _ARG_FIELD.match(f))
    assert not unknown, f"fields neither in the catalogue nor used by the upstream rules: {unknown}"


def test_priorities_order_matches_first_match_intent() -> None:
    """Fileless, dropped, reverse and web shells come before the generic exec rules."""
    names = [str(i["rule"]) for i in load_items() if "rule" in i]
    for early, late in [
        ("Program run from an anonymous memory file", "Dropped binary executed"),
        ("Program run from shared memory", "Dropped binary executed"),
        ("Reverse shell launched", "Outbound connection to an unusual port"),
        ("Private key search", "Cloud credential or password search"),
        ("Interactive shell in a container", "Shell started in a container"),
    ]:
        assert names.index(early) < names.index(late)


# ----------------------------------------------------------------------------------- the capture
@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Expect]]:
    path = tmp_path_factory.mktemp("default-rules") / "attack.scap"
    return path, build(path)


def _events(path: Path) -> list[dict[str, object]]:
    from analyzer.session.dataset import open_dataset, run_sql

    ds = open_dataset([str(path)], use_cache=False)
    q = (
        "SELECT evt.num AS num, evt.type AS type, thread.tid AS tid, proc.name AS name, "
        "container.id AS cid FROM events WHERE evt.dir = '<' OR evt.type = 'procexit' ORDER BY evt.num"
    )
    return run_sql(ds, q).to_pylist()


def test_capture_holds_every_acted_out_event(scenario: tuple[Path, list[Expect]]) -> None:
    path, expected = scenario
    rows = _events(path)
    assert {e.rule for e in expected} == set(FAMILIES.values())
    for e in expected:
        hits = [r for r in rows if r["tid"] == e.tid and r["type"] == e.evt_type]
        assert hits, f"no {e.evt_type} exit event on tid {e.tid} for '{e.rule}'"
    cids = {r["cid"] for r in rows if r["tid"] in (901, 902)}
    assert cids == {CONTAINER_ID}


def _scan(path: Path, fmt: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from analyzer.cli.main import app

    res = CliRunner().invoke(app, ["scan", str(path), "-o", fmt, "-q"])
    assert res.exit_code in (0, 1), res.output
    return res.exit_code, res.stdout


def _expected_hits(path: Path, expected: list[Expect]) -> list[tuple[int, str]]:
    rows = _events(path)
    out: list[tuple[int, str]] = []
    used: set[int] = set()
    for e in expected:
        num = next(
            int(r["num"])  # type: ignore[call-overload]
            for r in rows
            if r["tid"] == e.tid and r["type"] == e.evt_type and int(r["num"]) not in used  # type: ignore[call-overload]
        )
        used.add(num)
        out.append((num, e.rule))
    return sorted(out)


def test_default_rules_fire_exactly_where_expected(scenario: tuple[Path, list[Expect]]) -> None:
    path, expected = scenario
    code, out = _scan(path, "sarif")
    assert code == 1  # Critical alerts fired; the default --fail-on is debug
    results = json.loads(out)["runs"][0]["results"]
    got = [(int(r["properties"]["evt.num"]), str(r["ruleId"])) for r in results]
    assert got == _expected_hits(path, expected)


def test_default_rule_alerts_as_json(scenario: tuple[Path, list[Expect]]) -> None:
    path, expected = scenario
    _, out = _scan(path, "json")
    alerts = [json.loads(line) for line in out.splitlines()]
    assert len(alerts) == len(expected)
    assert {a["rule"] for a in alerts} == set(FAMILIES.values())
    for a in alerts:
        assert a["hostname"] == HOSTNAME and a["source"] == "syscall"
        assert a["output_fields"]["proc.name"] if "proc.name" in a["output_fields"] else True
    shadow = next(a for a in alerts if a["rule"] == "Credentials file read")
    assert "Credentials file /etc/shadow opened for reading by cat" in shadow["output"]
    assert shadow["output_fields"]["fd.name"] == "/etc/shadow"
    assert shadow["output_fields"]["user.uid"] == 33


def test_default_rules_load_without_warnings() -> None:
    from typer.testing import CliRunner

    from analyzer.cli.main import app
    res = CliRunner().invoke(app, ["rules", "validate", str(RULES_FILE)])
    assert res.exit_code == 0, res.output
    assert "LOAD_" not in res.output, res.output
