"""What a rule hit is, as the scan engine hands it to the report writers."""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.rules.priority import Priority


# (not frozen: a frozen dataclass sets each field through object.__setattr__, and a scan makes
# one Alert per match: measured on the benchmark capture's 9,381 alerts, 14.7 -> 2.2 ms. Nothing
# changes an Alert after the scan made it; it is not hashable either way, output_fields is a dict)
@dataclass(slots=True)
class Alert:
    rule: str
    priority: Priority
    time_ns: int  # evt.rawtime, ns since the epoch (UTC)
    output: str  # the rule's output with every %field resolved (Falco's text, without time/priority)
    output_fields: dict[str, object]  # field name -> typed value (None where it has no value)
    evt_num: int  # evt.num of the event that matched
    capture: str  # path of the capture file the event is in
    hostname: str = ""  # machine hostname from the capture header
    source: str = "syscall"
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Rule metadata the reports need (SARIF rules, JUnit test cases, summary)."""

    name: str
    priority: Priority
    desc: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    source_file: str = ""
    source_line: int = 0
