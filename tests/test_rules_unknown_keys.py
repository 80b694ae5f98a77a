"""Misspelt keys in rules files: the missing key's error names the unknown key with the closest
known one; an unknown key beside a complete item is a LOAD_UNKNOWN_KEY warning with file:line:col."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.rules.errors import RuleError
from analyzer.rules.loader import load_rules_text


@pytest.mark.parametrize(("text", "needle"), [
    ("- rule: r\n  desc: d\n  conditon: proc.name = a\n  output: o\n  priority: info\n",
     "Item has no mapping for key 'condition' (unknown key 'conditon' at line 3: did you mean 'condition'?)"),
    ("- macro: m\n  conditon: proc.name = a\n",
     "Item has no mapping for key 'condition' (unknown key 'conditon' at line 2: did you mean 'condition'?)"),
    ("- list: l\n  item: [a]\n", "Item has no mapping for key 'items' (unknown key 'item' at line 2: did you mean 'items'?)"),
    ("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: o\n  priority: info\n  exceptions:\n"
     "    - nme: x\n      fields: proc.name\n",
     "Item has no mapping for key 'name' (unknown key 'nme' at line 7: did you mean 'name'?)"),
])
def test_a_misspelt_required_key_is_named(text: str, needle: str) -> None:
    with pytest.raises(RuleError) as e:
        load_rules_text(text, "r.yaml")
    assert e.value.category == "LOAD_ERR_YAML_VALIDATE"
    assert needle in str(e.value), str(e.value)


def test_the_likeliest_misspelling_comes_first() -> None:
    text = "- rule: r\n  desc: d\n  zzz: 1\n  outptu: o\n  conditon: proc.name = a\n  priority: info\n"
    with pytest.raises(RuleError) as e:
        load_rules_text(text, "r.yaml")
    msg = str(e.value)
    assert ("(unknown key 'conditon' at line 5: did you mean 'condition'?; unknown key 'zzz' at line 3; "
            "unknown key 'outptu' at line 4: did you mean 'output'?)") in msg, msg


def test_unknown_keys_of_a_complete_item_are_warnings_with_a_hint() -> None:
    text = ("- list: l\n  items: [a]\n  itemz: [b]\n"
            "- macro: m\n  condition: proc.name in (l)\n  condtion: x\n"
            "- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: info\n  tag: [x]\n  enable: false\n")
    rs = load_rules_text(text, "w.yaml")
    got = [str(m) for m in rs.messages if m.category == "LOAD_UNKNOWN_KEY"]
    assert got == [
        "w.yaml:3:10: LOAD_UNKNOWN_KEY: l: Unknown key 'itemz'. The key will be ignored. Did you mean 'items'?",
        "w.yaml:6:13: LOAD_UNKNOWN_KEY: m: Unknown key 'condtion'. The key will be ignored. Did you mean 'condition'?",
        "w.yaml:12:8: LOAD_UNKNOWN_KEY: r: Unknown key 'tag'. The key will be ignored. Did you mean 'tags'?",
        "w.yaml:13:11: LOAD_UNKNOWN_KEY: r: Unknown key 'enable'. The key will be ignored. Did you mean 'enabled'?",
    ], got
    assert rs.rule("r").enabled  # the misspelt 'enable: false' is ignored, as Falco does


def test_rules_validate_prints_the_hint(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text("- rule: r\n  desc: d\n  conditon: proc.name = a\n  output: o\n  priority: info\n")
    res = subprocess.run([sys.executable, "-m", "analyzer.cli.main", "rules", "validate", str(f)],
                         capture_output=True, text=True)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip() == (f"error: LOAD_ERR_YAML_VALIDATE: {f}:1:3: r: Item has no mapping for key "
                                  "'condition' (unknown key 'conditon' at line 3: did you mean 'condition'?)")
