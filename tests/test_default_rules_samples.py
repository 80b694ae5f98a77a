"""The default rules over the recorded sample scenarios (sample_traces/*.scap.gz): each scenario
must raise the rules written for it, and none of the rules meant for the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli.main import app

from .conftest import skip_or_fail

SAMPLES = Path(__file__).resolve().parents[1] / "sample_traces"

EXPECTED: dict[str, set[str]] = {
    "webshell": {
        "Web server spawned a shell",
        "Credentials file read",
        "Dropped binary executed",
        "Standard streams redirected to a network socket",
    },
    "credential_hunt": {
        "Private key search",
        "Cloud credential or password search",
        "Cloud or SSH secret read",
        "Bulk data deletion",
    },
    "persistence": {
        "Scheduled task or service unit written",
        "Login hook or SSH key added",
        "File timestamps forged",
    },
    "anti_forensics": {
        "Log file truncated",
        "Log clearing command",
        "Bulk data deletion",
        "Log or history linked to /dev/null",
    },
    "container": {"Shell started in a container"},
}

# rules that belong to one scenario only: another scenario raising them is a false positive
_SHARED = {"Bulk data deletion"}


def _fired(name: str) -> set[str]:
    path = SAMPLES / f"{name}.scap.gz"
    if not path.is_file():
        skip_or_fail(f"{path} is not in this checkout")
    res = CliRunner().invoke(app, ["scan", str(path), "-o", "json", "-q"])
    assert res.exit_code in (0, 1), res.output
    return {json.loads(line)["rule"] for line in res.stdout.splitlines() if line.strip()}


@pytest.mark.parametrize(
    "name",
    [
        "webshell",
        "credential_hunt",
        "persistence",
        "anti_forensics",
        "container",
    ],
)
def test_sample_scenario_raises_its_rules(name: str) -> None:
    fired = _fired(name)
    want = EXPECTED[name]
    assert want <= fired, f"{name}: missing {sorted(want - fired)}"
    others = set().union(*(v for k, v in EXPECTED.items() if k != name)) - want - _SHARED
    assert not (fired & others), f"{name}: rules of other scenarios fired: {sorted(fired & others)}"
