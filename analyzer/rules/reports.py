"""Report writers for scan results: Falco's text line and JSON object, SARIF 2.1.0, JUnit XML and a
summary table.

Which Falco these follow
------------------------
The text line and the JSON object follow **Falco at commit 65273dae** ("improve invalid UTF-8
sequence handling", July 2026, on the development line after release 0.44.1), run with
``TZ=UTC`` and the default output options (``json_include_output_property``,
``json_include_tags_property`` and ``json_include_output_fields_property`` on,
``json_include_message_property`` off). From that commit on:

* The text line is ``<time>: <Priority> <output>``, and the whole line is passed through JSON
  string escaping with the surrounding quotes dropped: ``"`` -> ``\\"``, ``\\`` -> ``\\\\``,
  ``\\b \\f \\n \\r \\t`` as such, every other byte below 0x20 as ``\\u00xx`` (lowercase hex),
  while DEL and valid non-ASCII characters pass through unchanged. So one alert is always exactly
  one line. (Falco 0.44.1 and earlier printed the line unescaped.)
* ``<time>`` is ``%evt.time``, ``HH:MM:SS.nnnnnnnnn``, which Falco prints in the local time of the
  machine; we always print UTC (what Falco prints under ``TZ=UTC``). With
  ``time_format_iso_8601=True`` (Falco's option of the same name) it is
  ``YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000``, always UTC.
* The JSON object is compact (no blanks), with keys sorted bytewise at every level:
  ``hostname, output, output_fields, priority, rule, source, tags, time``. ``output`` is the text
  line before the line escaping (the JSON encoding escapes it). ``output_fields`` holds the typed
  values of the output's fields (``null`` where a field has no value) plus the prefix field
  ``evt.time`` (``evt.time.iso8601`` in ISO mode) as integer nanoseconds. ``tags`` is sorted,
  ``time`` is ``YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`` in UTC. ``hostname`` is the host recorded in
  the capture header (Falco, running live, prints its own host name). Non-ASCII text is written as UTF-8, not
  as ``\\u`` escapes. Lone surrogates (undecodable bytes) become U+FFFD, as Falco replaces
  invalid UTF-8.

The text report holds the alert lines only (not Falco's closing "Events detected" summary; the
``table`` format gives counts). The other formats are scapkit's own: SARIF 2.1.0 (:mod:`analyzer.rules.report_sarif`), JUnit
XML (:mod:`analyzer.rules.report_junit`) and a summary table
(:mod:`analyzer.rules.report_table`).
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Sequence
from typing import TextIO

from analyzer.rules.alerts import Alert, RuleInfo

FORMATS = ("text", "json", "sarif", "junit", "table")

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(s: str) -> str:
    """Replace lone surrogates (bytes that were not valid UTF-8) with U+FFFD."""
    return _SURROGATE.sub("\ufffd", s)


def _split_ns(ns: int) -> tuple[time.struct_time, int]:
    s, frac = divmod(int(ns), 1_000_000_000)
    return time.gmtime(s), frac


def time_hms(ns: int) -> str:
    """``%evt.time`` in UTC: ``HH:MM:SS.nnnnnnnnn``."""
    tm, frac = _split_ns(ns)
    return time.strftime("%H:%M:%S", tm) + f".{frac:09d}"


def time_iso8601(ns: int) -> str:
    """``%evt.time.iso8601``: ``YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000``."""
    tm, frac = _split_ns(ns)
    return time.strftime("%Y-%m-%dT%H:%M:%S", tm) + f".{frac:09d}+0000"


def time_json(ns: int) -> str:
    """The JSON object's ``time``: ``YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`` (UTC)."""
    tm, frac = _split_ns(ns)
    return time.strftime("%Y-%m-%dT%H:%M:%S", tm) + f".{frac:09d}Z"


def json_escape(s: str) -> str:
    """JSON string escaping as nlohmann does it with ensure_ascii off, without the quotes."""
    return json.dumps(clean_text(s), ensure_ascii=False)[1:-1]


def unescaped_line(a: Alert, *, time_format_iso_8601: bool = False) -> str:
    """``<time>: <Priority> <output>`` before Falco's line escaping (the JSON ``output``)."""
    t = time_iso8601(a.time_ns) if time_format_iso_8601 else time_hms(a.time_ns)
    return f"{t}: {a.priority.label} {a.output}"


def text_line(a: Alert, *, time_format_iso_8601: bool = False) -> str:
    """The alert as Falco prints it on stdout (without the newline)."""
    return json_escape(unescaped_line(a, time_format_iso_8601=time_format_iso_8601))


def json_value(v: object) -> object:
    """An output field value as JSON: ints, bools, strings, lists, null; NaN/inf become null."""
    if v is None or isinstance(v, bool | int):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, str):
        return clean_text(v)
    if isinstance(v, bytes | bytearray | memoryview):
        return bytes(v).decode("utf-8", "replace")
    if isinstance(v, set | frozenset):
        return [json_value(x) for x in sorted(v, key=str)]
    if isinstance(v, list | tuple):
        return [json_value(x) for x in v]
    return clean_text(str(v))


def json_object(a: Alert, *, time_format_iso_8601: bool = False) -> dict[str, object]:
    fields: dict[str, object] = {clean_text(k): json_value(v) for k, v in a.output_fields.items()}
    if time_format_iso_8601:
        # the prefix field is evt.time.iso8601; an evt.time the engine added as the prefix goes
        if fields.get("evt.time") == int(a.time_ns):
            del fields["evt.time"]
        fields["evt.time.iso8601"] = int(a.time_ns)
    else:
        fields["evt.time"] = int(a.time_ns)
    return {
        "hostname": clean_text(a.hostname),
        "output": clean_text(unescaped_line(a, time_format_iso_8601=time_format_iso_8601)),
        "output_fields": fields,
        "priority": a.priority.label,
        "rule": clean_text(a.rule),
        "source": a.source,
        "tags": sorted(clean_text(t) for t in set(a.tags)),
        "time": time_json(a.time_ns),
    }


def json_line(a: Alert, *, time_format_iso_8601: bool = False) -> str:
    """The alert as Falco's compact JSON object (one line, keys sorted)."""
    obj = json_object(a, time_format_iso_8601=time_format_iso_8601)
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _write_text(alerts: Sequence[Alert], out: TextIO, iso: bool) -> None:
    for a in alerts:
        out.write(text_line(a, time_format_iso_8601=iso) + "\n")


def _write_json(alerts: Sequence[Alert], out: TextIO, iso: bool) -> None:
    for a in alerts:
        out.write(json_line(a, time_format_iso_8601=iso) + "\n")


def write_report(
    fmt: str,
    alerts: Sequence[Alert],
    rules: Sequence[RuleInfo],
    out: TextIO,
    *,
    captures: Sequence[str],
    tool_version: str,
    time_format_iso_8601: bool = False,
    warnings: Sequence[str] = (),
) -> None:
    """Write ``alerts`` in format ``fmt`` (one of :data:`FORMATS`) to ``out``.

    ``rules`` is every rule that was evaluated (in definition order), ``captures`` every capture
    scanned. ``time_format_iso_8601`` applies to the text and JSON formats (Falco's option).
    ``warnings`` (a truncated or damaged capture...) go into the SARIF and JUnit reports, whose
    readers never see stderr; the other formats leave them to stderr.
    """
    if fmt == "text":
        _write_text(alerts, out, time_format_iso_8601)
    elif fmt == "json":
        _write_json(alerts, out, time_format_iso_8601)
    elif fmt == "sarif":
        from analyzer.rules.report_sarif import write_sarif

        write_sarif(alerts, rules, out, captures=captures, tool_version=tool_version, warnings=warnings)
    elif fmt == "junit":
        from analyzer.rules.report_junit import write_junit

        write_junit(alerts, rules, out, captures=captures, tool_version=tool_version, warnings=warnings)
    elif fmt == "table":
        from analyzer.rules.report_table import write_table

        write_table(alerts, rules, out, captures=captures)
    else:
        raise ValueError(f"unknown report format '{fmt}' (one of: {', '.join(FORMATS)})")

