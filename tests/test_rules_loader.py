"""Rules files loaded with Falco's semantics: lists as text, macros as AST in definition order,
redefinition, append, override, exceptions, enabled, versions, skip-if-unknown-filter; hostile
input gives one clear error with file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.rules.errors import RuleError
from analyzer.rules.loader import exception_condition, load_rules, load_rules_text, resolve_list
from analyzer.rules.parser import parse
from analyzer.rules.plan import build_plan
from analyzer.rules.priority import Priority
from analyzer.rules.unparse import to_text

from .conftest import skip_or_fail

RULE = """
- rule: {name}
  desc: d
  condition: {cond}
  output: "out %proc.name"
  priority: WARNING
"""


def cond_text(rs_text: str, rule: str) -> str:
    return to_text(load_rules_text(rs_text).rule(rule).condition)


def test_list_substitution_is_textual_and_quotes_items_with_spaces() -> None:
    text = """
- rule: r
  desc: d
  condition: proc.name in (shells) and proc.cmdline in (cmds)
  output: o
  priority: info
- list: shells
  items: [sh, bash]
- list: cmds
  items: ['"sh -c id"', "ls -l", shells]
"""
    # lists may be defined after their users; 'shells' inside 'cmds' is expanded (one level)
    assert cond_text(text, "r") == 'proc.name in (sh, bash) and proc.cmdline in ("sh -c id", "ls -l", sh, bash)'


def test_resolve_list_rules() -> None:
    assert resolve_list("a in (x)", "x", ["1", "2"]) == ("a in ( 1, 2 )", True)
    assert resolve_list("a in (x, y)", "x", []) == ("a in (   y)", True)  # as Falco leaves it
    assert resolve_list("a in (xx)", "x", ["1"]) == ("a in (xx)", False)
    assert resolve_list("a = 'x'", "x", ["1"])[1] is False  # an adjacent quote blocks it


def test_empty_list_and_nested_list_order() -> None:
    text = """
- list: empty
  items: []
- macro: m
  condition: proc.name in (empty, sh)
- rule: r
  desc: d
  condition: m
  output: o
  priority: info
"""
    assert cond_text(text, "r") == "proc.name in (sh)"


def test_macros_are_ast_with_grouping_kept() -> None:
    text = """
- macro: a_or_b
  condition: proc.name = a or proc.name = b
- rule: r
  desc: d
  condition: a_or_b and fd.num = 1
  output: o
  priority: info
"""
    assert cond_text(text, "r") == "(proc.name = a or proc.name = b) and fd.num = 1"


def test_macro_forward_reference_is_an_error_but_rules_see_all() -> None:
    text = """
- macro: first
  condition: second
- macro: second
  condition: proc.name = x
"""
    with pytest.raises(RuleError, match="Undefined macro 'second' used in filter") as ei:
        load_rules_text(text, "f.yaml")
    assert str(ei.value).startswith("f.yaml:3:14:")
    later = RULE.format(name="r", cond="late") + "- macro: late\n  condition: proc.name = x\n"
    assert cond_text(later, "r") == "proc.name = x"


def test_macro_loop_is_an_error() -> None:
    text = """
- macro: a
  condition: proc.name = x or b
- macro: b
  condition: proc.name = y or a
- macro: a
  condition: proc.name = z or b
"""
    with pytest.raises(RuleError, match="reference loop in macro"):
        load_rules_text(text)


def test_macro_append_and_override() -> None:
    text = """
- macro: m
  condition: proc.name = a
- macro: m
  condition: or proc.name = b
  append: true
- macro: n
  condition: fd.num = 1
- macro: n
  condition: fd.num = 2
  override:
    condition: replace
- macro: m
  condition: or proc.name = c
  override:
    condition: append
- rule: r
  desc: d
  condition: m and n
  output: o
  priority: info
"""
    rs = load_rules_text(text)
    assert to_text(rs.rule("r").condition) == "(proc.name = a or proc.name = b or proc.name = c) and fd.num = 2"
    assert any(m.category == "LOAD_DEPRECATED_ITEM" for m in rs.messages)


def test_rule_redefinition_keeps_position_and_append_override() -> None:
    text = (RULE.format(name="one", cond="proc.name = a") + RULE.format(name="two", cond="proc.name = b")
            + RULE.format(name="one", cond="proc.name = c") + """
- rule: two
  condition: and fd.num = 1
  append: true
- rule: one
  priority: critical
  output: extra %fd.name
  tags: [t1]
  override:
    priority: replace
    output: append
    tags: append
- rule: two
  enabled: false
""")
    rs = load_rules_text(text)
    assert [r.name for r in rs.rules] == ["one", "two"]
    one, two = rs.rules
    assert to_text(one.condition) == "proc.name = c"
    assert one.priority == Priority.CRITICAL and one.output == "out %proc.name extra %fd.name" and one.tags == ("t1",)
    assert to_text(two.condition) == "proc.name = b and fd.num = 1"
    assert two.enabled is False


def test_override_errors() -> None:
    with pytest.raises(RuleError, match="no rule by that name"):
        load_rules_text("- rule: nope\n  condition: x\n  append: true\n")
    with pytest.raises(RuleError, match="cannot be used together"):
        load_rules_text(RULE.format(name="r", cond="a") + "- rule: r\n  condition: x\n  append: true\n"
                        "  override:\n    condition: append\n")
    with pytest.raises(RuleError, match="Key 'priority' cannot be appended"):
        load_rules_text(RULE.format(name="r", cond="a") + "- rule: r\n  priority: info\n  override:\n"
                        "    priority: append\n")
    with pytest.raises(RuleError, match="no corresponding entry under 'override'"):
        load_rules_text(RULE.format(name="r", cond="a") + "- rule: r\n  priority: info\n  desc: x\n  override:\n"
                        "    priority: replace\n")


def test_exceptions_all_forms() -> None:
    text = """
- list: trusted
  items: [x1, x2]
- rule: r
  desc: d
  condition: evt.type = open
  output: o
  priority: info
  exceptions:
    - name: by_name
      fields: proc.name
      values: [cat, "my tool"]
    - name: tuple
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values:
        - [sh, /etc]
        - [bash, "/a b"]
    - name: listop
      fields: [proc.name, fd.directory]
      comps: [in, pmatch]
      values:
        - [trusted, [/usr, /opt]]
    - name: novalues
      fields: proc.pname
- rule: r
  exceptions:
    - name: by_name
      values: [dog]
  override:
    exceptions: append
"""
    rs = load_rules_text(text)
    got = to_text(rs.rule("r").condition)
    want = ('evt.type = open and not (proc.name in (cat, "my tool", dog)) and not ((proc.name = sh and fd.name '
            'startswith /etc) or (proc.name = bash and fd.name startswith "/a b")) and not (proc.name in (x1, x2) '
            'and fd.directory pmatch (/usr, /opt))')
    assert got == want


def test_exception_condition_text_matches_falco() -> None:
    from analyzer.rules.loader import Ctx, ExceptionInfo

    ex = ExceptionInfo("e", ["proc.name", "fd.name"], ["=", "in"], [["a b", "lst"]], Ctx())
    assert exception_condition("c", [ex]) == '(c) and not (( proc.name = "a b" and  fd.name in (lst)))'


def test_exception_validation_errors() -> None:
    base = RULE.format(name="r", cond="evt.type = open") + "  exceptions:\n"
    with pytest.raises(RuleError, match="Fields and comps lists must have equal length"):
        load_rules_text(base + "    - name: e\n      fields: [proc.name, fd.name]\n      comps: [=]\n")
    with pytest.raises(RuleError, match="is not a supported comparison operator"):
        load_rules_text(base + "    - name: e\n      fields: [proc.name]\n      comps: [like]\n")
    with pytest.raises(RuleError, match="Fields and values lists must have equal length"):
        load_rules_text(base + "    - name: e\n      fields: [proc.name, fd.name]\n      values: [[a]]\n")
    with pytest.raises(RuleError, match="comps must be one of"):
        load_rules_text(base + "    - name: e\n      fields: proc.name\n      comps: =\n")
    # an unknown field is an error even without values (Falco checks the fields when loading)
    with pytest.raises(RuleError, match="exception 'e1': 'not.exist' is not a supported filter field") as e:
        load_rules_text(base + "    - name: e1\n      fields: [proc.name, not.exist]\n")
    assert e.value.item == "r"
    with pytest.raises(RuleError, match="'proc.nosuch' is not a supported filter field"):
        load_rules_text(base + "    - name: e\n      fields: proc.nosuch\n      values: [a]\n")
    # fields with arguments are valid fields
    load_rules_text(base + "    - name: e\n      fields: ['proc.aname[2]', evt.arg.flags, 'evt.arg[0]']\n")


def test_versions() -> None:
    load_rules_text("- required_engine_version: 0.57.0\n- required_engine_version: 10\n")
    with pytest.raises(RuleError, match="Rules require engine version 0.99.0"):
        load_rules_text("- required_engine_version: 0.99.0\n")
    with pytest.raises(RuleError, match="Rules require engine version 1.0.0"):
        load_rules_text("- required_engine_version: 1.0.0\n")
    with pytest.raises(RuleError, match="Unable to parse engine version"):
        load_rules_text("- required_engine_version: banana\n")
    load_rules_text("- required_plugin_versions:\n  - name: container\n    version: 0.4.0\n")
    load_rules_text("- required_plugin_versions:\n  - name: k8saudit\n    version: 0.1.0\n    alternatives:\n"
                    "      - name: container\n        version: 0.1.0\n")
    with pytest.raises(RuleError, match="Plugin 'k8saudit'"):
        load_rules_text("- required_plugin_versions:\n  - name: k8saudit\n    version: 0.1.0\n")


def test_skip_if_unknown_filter() -> None:
    text = RULE.format(name="r", cond="proc.nosuch = 1") + "  skip-if-unknown-filter: true\n" + RULE.format(
        name="ok", cond="proc.name = a")
    plan = build_plan(load_rules_text(text))
    assert [c.rule.name for c in plan.rules] == ["ok"]
    assert any(m.category == "LOAD_UNKNOWN_FILTER" and m.item == "r" for m in plan.messages)
    with pytest.raises(RuleError, match="nonexistent field proc.nosuch"):
        build_plan(load_rules_text(RULE.format(name="r", cond="proc.nosuch = 1")))


def test_warnings_have_categories_and_places() -> None:
    text = """
- list: unused_list
  items: [a]
- macro: unused_macro
  condition: proc.name = a
- rule: r
  desc: d
  condition: proc.name = b
  output: o
  priority: info
  colour: red
- frobnicate: 1
"""
    rs = load_rules_text(text, "w.yaml")
    cats = {(m.category, m.item) for m in rs.messages}
    assert ("LOAD_UNUSED_LIST", "unused_list") in cats
    assert ("LOAD_UNUSED_MACRO", "unused_macro") in cats
    assert ("LOAD_UNKNOWN_KEY", "r") in cats
    assert ("LOAD_UNKNOWN_ITEM", "") in cats
    assert any(str(m).startswith("w.yaml:11:11: LOAD_UNKNOWN_KEY") for m in rs.messages), [str(m) for m in rs.messages]


@pytest.mark.parametrize(("cond", "warned"), [
    ("evt.type = execve", False),
    ("evt.type in (execve, open) and proc.name = a or evt.type = connect", False),
    ("proc.name = foo", True),
    ("evt.type != execve", True),  # every code but execve's: more than 100 codes
    ("not evt.type = execve", True),
    ("evt.type = execve and proc.name = foo or evt.type = open or not evt.type = connect", True),
    ("evt.type = execve and not proc.name = foo", False),
    ("evt.num = 0", False),  # never true: matches no code at all
    ("evt.num < 1 or evt.type = open", False),
    ("evt.type = open and not evt.num = 0", False),
    ("evt.num >= 1", True),  # always true
])
def test_too_many_event_types_warning_counts_event_codes(cond: str, warned: bool) -> None:
    """Falco warns (LOAD_NO_EVTTYPE) when a rule's inferred event codes are more than 100, never for
    a rule that matches none; evt.num checks decided by evt.num >= 1 count as such."""
    plan = build_plan(load_rules_text(RULE.format(name="r", cond=cond)))
    assert any(m.category == "LOAD_NO_EVTTYPE" for m in plan.messages) == warned, cond


def test_syscall_names_are_event_types() -> None:
    """A syscall without an event of its own (a generic event, e.g. madvise) is a valid evt.type."""
    plan = build_plan(load_rules_text(RULE.format(name="r", cond="evt.type = madvise and evt.dir = <")))
    assert plan.rules[0].evttypes == frozenset({"madvise"})
    assert not any(m.category == "LOAD_NO_EVTTYPE" for m in plan.messages)
    with pytest.raises(RuleError, match="unknown event type nosuchcall"):
        build_plan(load_rules_text(RULE.format(name="r", cond="evt.type = nosuchcall")))


def test_appended_rule_ignores_keys_other_than_condition_and_exceptions() -> None:
    """As Falco's loader: 'append: true' appends the condition (and exceptions); desc, output or
    priority beside it are ignored, not an error."""
    text = RULE.format(name="r", cond="proc.name = a") + \
        "- rule: r\n  desc: other\n  condition: or proc.name = b\n  priority: debug\n  append: true\n"
    r = load_rules_text(text).rules[0]
    assert to_text(r.condition) == "proc.name = a or proc.name = b"
    assert r.priority == Priority.WARNING and r.desc == "d"


def test_missing_key_error_names_the_item() -> None:
    with pytest.raises(RuleError) as e:
        load_rules_text("- macro: bad_macro\n  cond: proc.name = a\n")
    assert e.value.item == "bad_macro" and "no mapping for key 'condition'" in str(e.value)
    with pytest.raises(RuleError) as e:
        load_rules_text("- rule: no output\n  desc: d\n  condition: proc.name = a\n  priority: info\n")
    assert e.value.item == "no output" and "no output" in str(e.value)


# ----------------------------------------------------------------------------------- hostile input
@pytest.mark.parametrize(("text", "msg", "where"), [
    ("rule: r\n", "Rules content is not yaml array of objects", "1:1"),
    ("just a string", "Rules content is not yaml array of objects", "1:1"),
    ("- [1, 2]\n", "Each element should be a yaml associative array", "1:3"),
    ("- rule: r\n  condition: [\n", "YAML parse error", "3:1"),
    ("- rule: r\n  desc: d\n  condition: proc.name = 'abc\n  output: o\n  priority: info\n",
     "unbalanced quote", "3:26"),
    ("- rule: r\n  desc: d\n  condition: proc.name = \"abc\n  output: o\n  priority: info\n",
     "unbalanced quote", "3:26"),
    ("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: o\n  priority: urgent\n", "Invalid priority", "5:13"),
    ("- rule: r\n  desc: d\n  condition: proc.name = a\n  priority: info\n", "no mapping for key 'output'", "1:3"),
    ("- macro: m\n  condition: m\n- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: info\n",
     "Undefined macro 'm'", "2:14"),
    ("- rule: r\n  desc: d\n  condition: proc.name = x and\n  output: o\n  priority: info\n",
     "expected blank or '(' after 'and'", "3:31"),
])
def test_hostile_rules_give_one_clear_error(tmp_path: Path, text: str, msg: str, where: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(RuleError) as ei:
        load_rules([f])
    s = str(ei.value)
    assert msg in s
    assert "\n" not in s
    assert s.startswith(f"{f}:{where}" if where else str(f)), s


def test_unknown_field_error_names_rule_and_field(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text(RULE.format(name="bad rule", cond="proc.nosuch = 1"))
    with pytest.raises(RuleError) as ei:
        build_plan(load_rules([f]))
    s = str(ei.value)
    # placed at the field in the condition's text (line 4, column 14), as syntax errors are
    assert s.startswith(f"{f}:4:14: rule 'bad rule'") and "proc.nosuch" in s and "macro" not in s
    f.write_text(RULE.format(name="bad rule", cond="evt.type = open and proc.nosuch = 1"))
    with pytest.raises(RuleError) as ei:
        build_plan(load_rules([f]))
    assert str(ei.value).startswith(f"{f}:4:34: rule 'bad rule'"), str(ei.value)


@pytest.mark.parametrize("text, where", [
    # a folded or literal condition: its text does not map onto the file: the condition's start
    ("- rule: r\n  desc: d\n  condition: >\n    evt.type = open and\n    fd.nosuch = x\n  output: o\n"
     "  priority: INFO\n", "3:14"),
    ("- rule: r\n  desc: d\n  condition: |\n    evt.type = open and\n      fd.nosuch = x\n  output: o\n"
     "  priority: INFO\n", "3:14"),
    # a list put into the text shifts what follows it
    ("- list: l\n  items: [a, b]\n- rule: r\n  desc: d\n  condition: proc.name in (l) and fd.nosuch = x\n"
     "  output: o\n  priority: INFO\n", "5:14"),
    # an appended condition is two texts of the file (and could be two files)
    ("- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n"
     "- rule: r\n  condition: and fd.nosuch = x\n  override:\n    condition: append\n", "3:14"),
    # a tag before a plain text: the text's own column
    ("- rule: r\n  desc: d\n  condition: !!str evt.type = open and fd.nosuch = x\n  output: o\n"
     "  priority: INFO\n", "3:40"),
])
def test_compile_errors_are_placed_only_where_the_text_maps_onto_the_file(tmp_path: Path, text: str,
                                                                          where: str) -> None:
    f = tmp_path / "r.yaml"
    f.write_text(text)
    with pytest.raises(RuleError) as ei:
        build_plan(load_rules([f]))
    assert str(ei.value).startswith(f"{f}:{where}: rule 'r'") and "fd.nosuch" in str(ei.value), str(ei.value)


def test_a_condition_replaced_in_another_file_is_placed_in_that_file(tmp_path: Path) -> None:
    """The falco_rules.local.yaml setup: a rule of one file, its condition replaced by another."""
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n")
    b.write_text("- rule: r\n  condition: evt.type = open and fd.nosuch = x\n  override:\n    condition: replace\n")
    with pytest.raises(RuleError) as ei:
        build_plan(load_rules([a, b]))
    assert str(ei.value).startswith(f"{b}:2:34: rule 'r'"), str(ei.value)


def test_unknown_field_in_a_macro_names_the_macro(tmp_path: Path) -> None:
    """The rule is where the error shows, but the mistyped field is in a macro it uses: say which."""
    f = tmp_path / "r.yaml"
    f.write_text("- macro: first\n  condition: proc.name = sh\n\n- macro: typo\n  condition: proc.nme = bash\n\n"
                 + RULE.format(name="bad rule", cond="evt.type = execve and first and typo"))
    with pytest.raises(RuleError) as ei:
        build_plan(load_rules([f]))
    s = str(ei.value)
    assert f"rule 'bad rule': filter_check called with nonexistent field proc.nme in macro 'typo' ({f}:5)" in s


def test_sql_injection_value_is_a_literal() -> None:
    text = RULE.format(name="r", cond="""proc.name = "'); DROP TABLE events; --" """)
    plan = build_plan(load_rules_text(text))
    sql = plan.rules[0].sql()
    assert sql == """"proc"."name" = '''); DROP TABLE events; --'"""


def test_missing_file_and_bad_utf8(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read rules file"):
        load_rules([tmp_path / "nope.yaml"])
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"- rule: \xff\n")
    with pytest.raises(RuleError, match="not valid UTF-8"):
        load_rules([bad])


def test_conditions_roundtrip_through_text() -> None:
    from .conftest import SHARED

    rs = load_rules([SHARED / "rules" / "falco_rules.yaml"]) if (SHARED / "rules").is_dir() else None
    if rs is None:
        skip_or_fail("shared rules missing")
    for r in rs.rules:
        assert parse(to_text(r.condition)) == r.condition, r.name
