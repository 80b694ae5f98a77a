"""A fixed list of alerts and rules for the report writer tests and their golden files."""

from __future__ import annotations

from analyzer.rules.alerts import Alert, RuleInfo
from analyzer.rules.priority import Priority

CAP_A = "/var/tmp/cases/web shell.scap"
CAP_B = "traces/creds#1.scap.gz"
CAPTURES = (CAP_A, CAP_B)
HOST = "web-01"
VERSION = "0.1.0"

RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "Sensitive file opened for reading",
        Priority.WARNING,
        desc="A process outside the known readers opened a credentials file such as /etc/shadow.",
        tags=("host", "container", "filesystem", "T1003.008", "mitre_credential_access"),
        source_file="analyzer/rules/default_rules.yaml",
        source_line=120,
    ),
    RuleInfo(
        "Shell spawned by a web server",
        Priority.CRITICAL,
        desc='Web server process started a shell ("web shell").',
        tags=("process", "mitre_execution", "T1505.003"),
        source_file="analyzer/rules/default_rules.yaml",
        source_line=140,
    ),
    RuleInfo("Quiet rule that never fires", Priority.NOTICE, desc="Evaluated but silent.", tags=()),
    RuleInfo(
        "Credential search",
        Priority.NOTICE,
        desc="grep/find for private keys & <cloud> credentials.",
        tags=("mitre_credential_access",),
        source_file="rules/local.yml",
        source_line=7,
    ),
    RuleInfo("Debug trace", Priority.DEBUG, desc="", tags=("debug",)),
)

_T0 = 1_764_388_800_000_000_000  # 2025-11-29T04:00:00Z

ALERTS: tuple[Alert, ...] = (
    Alert(
        rule="Sensitive file opened for reading",
        priority=Priority.WARNING,
        time_ns=_T0 + 123_456_789,
        output=(
            "Sensitive file opened for reading (file=/etc/shadow user=root uid=0 "
            "process=cat command=cat /etc/shadow parent=sh container=host)"
        ),
        output_fields={
            "fd.name": "/etc/shadow",
            "user.name": "root",
            "user.uid": 0,
            "proc.name": "cat",
            "proc.cmdline": "cat /etc/shadow",
            "proc.pname": "sh",
            "container.id": "host",
        },
        evt_num=1042,
        capture=CAP_A,
        hostname=HOST,
        tags=("mitre_credential_access", "T1003.008", "host", "container", "filesystem"),
    ),
    Alert(
        rule="Shell spawned by a web server",
        priority=Priority.CRITICAL,
        time_ns=_T0 + 2_000_000_007,
        output=(
            'Shell spawned by a web server (command=sh -c "echo \\x41 > C:\\temp\\a" '
            "parent=python3 gparent=<NA> tty=0)"
        ),
        output_fields={
            "proc.cmdline": 'sh -c "echo \\x41 > C:\\temp\\a"',
            "proc.pname": "python3",
            "proc.aname[2]": None,
            "proc.tty": 0,
            "proc.is_exe_writable": False,
        },
        evt_num=1100,
        capture=CAP_A,
        hostname=HOST,
        tags=("process", "mitre_execution", "T1505.003"),
    ),
    Alert(
        rule="Credential search",
        priority=Priority.NOTICE,
        time_ns=_T0 + 86_400_000_000_000,  # next day: the text time wraps, the JSON time does not
        output=(
            "Credential search (command=grep -r BEGIN\nPRIVATE\tKEY\x01 /home\x7f "
            "file=/home/jürgen/.ssh/id_rsa 日本語 ✓ 🔑 bad=\udcff)"
        ),
        output_fields={
            "proc.cmdline": "grep -r BEGIN\nPRIVATE\tKEY\x01 /home\x7f",
            "fd.name": "/home/jürgen/.ssh/id_rsa",
            "proc.args": None,
            "proc.apid[1]": 17,
            "evt.args": ["a", "b\"c", None],
            "ratio": 0.5,
            "nan": float("nan"),
            "bad": "\udcff",
        },
        evt_num=7,
        capture=CAP_B,
        hostname="",
        tags=(),
    ),
    Alert(
        rule="Credential search",
        priority=Priority.NOTICE,
        time_ns=0,
        output="Credential search (command=<NA> file=<NA>)",
        output_fields={"proc.cmdline": None, "fd.name": None},
        evt_num=8,
        capture=CAP_B,
        hostname="",
        tags=("mitre_credential_access",),
    ),
    Alert(
        rule="Unlisted rule from an alert",
        priority=Priority.ERROR,
        time_ns=_T0 + 5,
        output="Unlisted <rule> & 'quotes' ]]> </failure>",
        output_fields={},
        evt_num=9,
        capture=CAP_B,
        hostname=HOST,
        source="syscall",
        tags=("zeta", "alpha"),
    ),
)
