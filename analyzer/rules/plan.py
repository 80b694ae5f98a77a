"""Compile a loaded ruleset into what the scan engine runs: per rule a sqlglot condition, its
event-type set and its output format; plus the rule selection (names, tags, priority)."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlglot import exp

from .alerts import RuleInfo
from .compiler import compile_condition
from .errors import LoadMessage, RuleError
from .evttypes import TOO_MANY_CODES, code_count, event_types
from .loader import Rule, Ruleset
from .output import OutputFormat, parse_output
from .priority import Priority

_UNKNOWN_FILTER_HINTS = ("nonexistent field", "unknown event type", "no translation", "invalid formatting token")


@dataclass
class CompiledRule:
    rule: Rule
    condition: exp.Expression
    evttypes: frozenset[str]
    output: OutputFormat
    warnings: list[str] = field(default_factory=list)

    @property
    def info(self) -> RuleInfo:
        r = self.rule
        return RuleInfo(r.name, r.priority, r.desc, r.tags, r.file, r.line)

    def sql(self) -> str:
        return self.condition.sql(dialect="duckdb")


@dataclass
class Plan:
    rules: list[CompiledRule]
    messages: list[LoadMessage]

    @property
    def infos(self) -> list[RuleInfo]:
        return [c.info for c in self.rules]


def compile_rule(r: Rule) -> CompiledRule:
    """Compile one rule; RuleError placed at the rule's condition (file:line:col) on failure."""
    where = f"rule '{r.name}'"
    try:
        cond, comp = compile_condition(r.condition, two_valued=False)
    except RuleError as e:
        c = r.cond
        if e.line and c.exact:  # the condition's text maps onto its file: the place in the text
            raise e.located(file=c.file, line=c.line, col=c.col, item=where) from None
        if c.line:  # else the start of the condition (in the file that gave it: an override may)
            raise RuleError(e.message, file=c.file, line=c.line, col=c.col, text=e.text, category=e.category,
                            item=where) from None
        raise RuleError(e.message, file=r.file, line=r.line, col=r.col, text=e.text, category=e.category,
                        item=where) from None
    try:
        out = parse_output(r.output)
    except RuleError as e:
        raise RuleError(e.message, file=r.file, line=r.line, col=r.col, text=e.text, category=e.category,
                        item=where) from None
    return CompiledRule(r, cond, event_types(r.condition), out, comp.warnings)


def select_rules(rules: Sequence[Rule], *, names: Sequence[str] = (), tags: Sequence[str] = (),
                 min_priority: Priority = Priority.DEBUG, include_disabled: bool = False,
                 skip_names: Sequence[str] = (), skip_tags: Sequence[str] = ()) -> list[Rule]:
    """Enabled rules at or above ``min_priority``; with names/tags, only those matching one of them
    (names may be shell wildcards, as Falco's rule selection takes them); then without those
    matching ``skip_names`` or having a tag of ``skip_tags`` (Falco's ``disable`` selections)."""
    out = []
    for r in rules:
        if any(fnmatch.fnmatchcase(r.name, p) for p in skip_names) or any(t in r.tags for t in skip_tags):
            continue
        if not r.enabled and not include_disabled:
            continue
        if not r.priority.at_least(min_priority):
            continue
        if names or tags:
            by_name = any(fnmatch.fnmatchcase(r.name, p) for p in names)
            by_tag = any(t in r.tags for t in tags)
            if not (by_name or by_tag):
                continue
        out.append(r)
    return out


def build_plan(rs: Ruleset, *, names: Sequence[str] = (), tags: Sequence[str] = (),
               min_priority: Priority = Priority.DEBUG, include_disabled: bool = False,
               skip_names: Sequence[str] = (), skip_tags: Sequence[str] = ()) -> Plan:
    """Compile the selected rules. Rules with ``skip-if-unknown-filter`` that do not compile are
    dropped with a LOAD_UNKNOWN_FILTER warning; any other failure raises RuleError."""
    messages = list(rs.messages)
    compiled: list[CompiledRule] = []
    for r in select_rules(rs.rules, names=names, tags=tags, min_priority=min_priority,
                          include_disabled=include_disabled, skip_names=skip_names, skip_tags=skip_tags):
        try:
            c = compile_rule(r)
        except RuleError as e:
            if r.skip_if_unknown_filter and any(h in e.message for h in _UNKNOWN_FILTER_HINTS):
                messages.append(LoadMessage("LOAD_UNKNOWN_FILTER", e.message, r.file, r.line,
                                            r.col, r.name))
                continue
            raise
        for w in c.warnings:
            messages.append(LoadMessage("LOAD_COMPILE_CONDITION", w, r.file, r.line, r.col, r.name))
        if r.warn_evttypes and code_count(c.evttypes) > TOO_MANY_CODES:
            messages.append(LoadMessage("LOAD_NO_EVTTYPE", "Rule matches too many evt.type values. This has a "
                                        "significant performance penalty.", r.file, r.line, r.col, r.name))
        compiled.append(c)
    # a selection that names nothing is a mistake (a typo, a wrong case), never silently ignored
    for p in names:
        if not any(fnmatch.fnmatchcase(r.name, p) for r in rs.rules):
            raise RuleError(f"no rule named '{p}' (names are case-sensitive; * and ? are wildcards)",
                            category="LOAD_ERR_VALIDATE")
    for t in tags:
        if not any(t in r.tags for r in rs.rules):
            raise RuleError(f"no rule has the tag '{t}'", category="LOAD_ERR_VALIDATE")
    for p in skip_names:
        if not any(fnmatch.fnmatchcase(r.name, p) for r in rs.rules):
            messages.append(LoadMessage("SELECTION", f"--disable-rule '{p}' matches no rule (names are "
                                        "case-sensitive; * and ? are wildcards)"))
    for t in skip_tags:
        if not any(t in r.tags for r in rs.rules):
            messages.append(LoadMessage("SELECTION", f"--disable-tag '{t}': no rule has this tag"))
    return Plan(compiled, messages)
