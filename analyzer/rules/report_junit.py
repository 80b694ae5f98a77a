"""JUnit XML report: one ``<testsuite>`` for the scan, one ``<testcase>`` per evaluated rule.

A rule that produced alerts gets one ``<failure>`` whose ``type`` is the most severe priority of
its alerts, whose ``message`` counts them, and whose text lists each alert as Falco's text line
preceded by the capture and event number. Rules without alerts pass. The suite carries the
captures and the scapkit version as properties. No timestamps or durations are written, so the
file is reproducible. Characters XML 1.0 cannot hold (control characters other than tab, newline
and carriage return, lone surrogates) are replaced with U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from analyzer.rules.alerts import Alert, RuleInfo
from analyzer.rules.reports import text_line

_XML_BAD = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(s: str) -> str:
    return _XML_BAD.sub("\ufffd", s)


def _classname(r: RuleInfo) -> str:
    if r.source_file:
        name = r.source_file.replace("\\", "/").rsplit("/", 1)[-1]
        for ext in (".yaml", ".yml"):
            if name.endswith(ext):
                name = name[: -len(ext)]
        return f"rules.{name}"
    return "rules"


def junit_tree(
    alerts: Sequence[Alert], rules: Sequence[RuleInfo], *, captures: Sequence[str], tool_version: str,
    warnings: Sequence[str] = (),
) -> ET.Element:
    by_rule: dict[str, list[Alert]] = {}
    for a in alerts:
        by_rule.setdefault(a.rule, []).append(a)
    infos: list[RuleInfo] = []
    seen: set[str] = set()
    for r in rules:
        if r.name not in seen:
            seen.add(r.name)
            infos.append(r)
    for a in alerts:
        if a.rule not in seen:
            seen.add(a.rule)
            infos.append(RuleInfo(name=a.rule, priority=a.priority, tags=a.tags))

    failures = sum(1 for r in infos if r.name in by_rule)
    suite = ET.Element(
        "testsuite",
        {
            "name": "scapkit scan",
            "tests": str(len(infos)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
        },
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "scapkit.version", "value": xml_text(tool_version)})
    for c in captures:
        ET.SubElement(props, "property", {"name": "capture", "value": xml_text(c)})
    ET.SubElement(props, "property", {"name": "alerts", "value": str(len(alerts))})
    if warnings:  # e.g. a truncated capture: the results cover only the events before the cut
        ET.SubElement(props, "property", {"name": "warnings", "value": str(len(warnings))})

    for r in infos:
        case = ET.SubElement(suite, "testcase", {"name": xml_text(r.name), "classname": _classname(r)})
        hits = by_rule.get(r.name)
        if not hits:
            continue
        worst = min(a.priority for a in hits)
        n = len(hits)
        fail = ET.SubElement(
            case,
            "failure",
            {
                "message": f"{n} alert{'s' if n != 1 else ''} (most severe: {worst.label})",
                "type": worst.label,
            },
        )
        lines = [f"{a.capture}#{a.evt_num} {text_line(a)}" for a in hits]
        fail.text = xml_text("\n".join(lines) + "\n")
    if warnings:
        ET.SubElement(suite, "system-err").text = xml_text("".join(f"warning: {w}\n" for w in warnings))
    return suite


def write_junit(
    alerts: Sequence[Alert],
    rules: Sequence[RuleInfo],
    out: TextIO,
    *,
    captures: Sequence[str],
    tool_version: str,
    warnings: Sequence[str] = (),
) -> None:
    suite = junit_tree(alerts, rules, captures=captures, tool_version=tool_version, warnings=warnings)
    ET.indent(suite, space="  ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suite, encoding="unicode"))
    out.write("\n")
