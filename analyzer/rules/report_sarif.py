"""SARIF 2.1.0 report: one run, one result per alert, one rule descriptor per evaluated rule.

Mapping:
* ``tool.driver``: name ``scapkit``, the scapkit version, and ``rules`` = every evaluated rule
  (``id`` = the Falco rule name, ``fullDescription`` = its ``desc``, ``defaultConfiguration.level``
  from its priority, ``properties``: ``priority``, ``tags``, ``security-severity``, and the rules
  file and line that defined it). A rule that fired but is missing from the list gets a
  descriptor built from its alert.
* level: Emergency/Alert/Critical/Error -> ``error``, Warning -> ``warning``,
  Notice/Informational/Debug -> ``note``.
* each result: ``ruleId``/``ruleIndex``, ``message.text`` = the alert's output, one location whose
  ``physicalLocation.artifactLocation`` is the capture file (``uri`` + ``index`` into
  ``run.artifacts``) and whose ``logicalLocations`` names the event (``kind`` ``event``,
  ``fullyQualifiedName`` ``<capture>#<evt.num>``); ``properties`` carry ``evt.num``, the event
  time (ns and ISO), priority, hostname, source, tags and the typed output fields;
  ``partialFingerprints["scapkitAlert/v1"]`` hashes rule, capture file name, event number and
  output so that a re-scan of the same capture matches its earlier results.
* no ``region``: a capture has no lines; the event number stands in for one.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.parse
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TextIO

from analyzer.rules.alerts import Alert, RuleInfo
from analyzer.rules.priority import Priority
from analyzer.rules.reports import clean_text, json_value, time_json

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

# security-severity is the CVSS-like score GitHub code scanning reads from rule properties
_SEVERITY = {
    Priority.EMERGENCY: "10.0",
    Priority.ALERT: "9.5",
    Priority.CRITICAL: "9.0",
    Priority.ERROR: "7.5",
    Priority.WARNING: "5.0",
    Priority.NOTICE: "3.0",
    Priority.INFORMATIONAL: "1.0",
    Priority.DEBUG: "0.0",
}


def sarif_level(p: Priority) -> str:
    if p.at_least(Priority.ERROR):
        return "error"
    if p == Priority.WARNING:
        return "warning"
    return "note"


def artifact_uri(path: str) -> str:
    """A capture path as a URI reference: ``file://`` for absolute paths, percent-encoded otherwise."""
    if os.path.isabs(path):
        return PurePosixPath(path).as_uri()
    return urllib.parse.quote(path.replace(os.sep, "/"), safe="/-._~")


def fingerprint(a: Alert) -> str:
    """Stable id of an alert across runs: rule, capture file name, event number and output."""
    key = "\0".join([a.rule, os.path.basename(a.capture), str(a.evt_num), a.output])
    return hashlib.sha256(clean_text(key).encode("utf-8")).hexdigest()[:32]


def _descriptor(r: RuleInfo) -> dict[str, object]:
    props: dict[str, object] = {
        "priority": r.priority.label,
        "security-severity": _SEVERITY[r.priority],
        "tags": sorted(set(r.tags)),
    }
    if r.source_file:
        props["source_file"] = r.source_file
        props["source_line"] = r.source_line
    d: dict[str, object] = {
        "id": clean_text(r.name),
        "shortDescription": {"text": clean_text(r.name)},
        "defaultConfiguration": {"level": sarif_level(r.priority)},
        "properties": props,
    }
    if r.desc:
        d["fullDescription"] = {"text": clean_text(r.desc)}
    return d


def sarif_log(
    alerts: Sequence[Alert], rules: Sequence[RuleInfo], *, captures: Sequence[str], tool_version: str,
    warnings: Sequence[str] = (),
) -> dict[str, object]:
    infos: list[RuleInfo] = []
    index: dict[str, int] = {}
    for r in rules:
        if r.name not in index:
            index[r.name] = len(infos)
            infos.append(r)
    for a in alerts:  # a rule that fired must have a descriptor
        if a.rule not in index:
            index[a.rule] = len(infos)
            infos.append(RuleInfo(name=a.rule, priority=a.priority, tags=a.tags))

    art_index: dict[str, int] = {}
    for c in list(captures) + [a.capture for a in alerts]:
        if c not in art_index:
            art_index[c] = len(art_index)

    results: list[dict[str, object]] = []
    for a in alerts:
        uri = artifact_uri(a.capture)
        results.append(
            {
                "ruleId": clean_text(a.rule),
                "ruleIndex": index[a.rule],
                "level": sarif_level(a.priority),
                "message": {"text": clean_text(a.output)},
                "partialFingerprints": {"scapkitAlert/v1": fingerprint(a)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri, "index": art_index[a.capture]},
                        },
                        "logicalLocations": [
                            {
                                "name": f"event {a.evt_num}",
                                "fullyQualifiedName": f"{clean_text(a.capture)}#{a.evt_num}",
                                "kind": "event",
                            }
                        ],
                        "properties": {"evt.num": a.evt_num},
                    }
                ],
                "properties": {
                    "evt.num": a.evt_num,
                    "time": time_json(a.time_ns),
                    "time_ns": a.time_ns,
                    "priority": a.priority.label,
                    "hostname": clean_text(a.hostname),
                    "source": a.source,
                    "tags": sorted(set(a.tags)),
                    "output_fields": {clean_text(k): json_value(v) for k, v in a.output_fields.items()},
                },
            }
        )

    invocation: dict[str, object] = {"executionSuccessful": True}
    if warnings:  # e.g. a truncated capture: the results cover only the events before the cut
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": clean_text(w)}} for w in warnings]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "scapkit",
                        "version": tool_version,
                        "rules": [_descriptor(r) for r in infos],
                    }
                },
                "artifacts": [
                    {"location": {"uri": artifact_uri(c)}, "roles": ["analysisTarget"]} for c in art_index
                ],
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write_sarif(
    alerts: Sequence[Alert],
    rules: Sequence[RuleInfo],
    out: TextIO,
    *,
    captures: Sequence[str],
    tool_version: str,
    warnings: Sequence[str] = (),
) -> None:
    log = sarif_log(alerts, rules, captures=captures, tool_version=tool_version, warnings=warnings)
    out.write(json.dumps(log, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
