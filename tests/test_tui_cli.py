"""`scapkit tui` input errors: one clear line and exit status 2, before any screen is drawn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .tui_capture import write_capture


def run_tui(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analyzer.cli.main", "tui", *args], capture_output=True, text=True,
                          env={"SCAPKIT_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}, timeout=120,
                          stdin=subprocess.DEVNULL, cwd=Path(__file__).resolve().parents[1])


def test_missing_capture(tmp_path: Path) -> None:
    r = run_tui(str(tmp_path / "nope.scap"), cache=tmp_path / "c")
    assert r.returncode == 2
    assert "nope.scap: no such file" in r.stderr and "Traceback" not in r.stderr


def test_not_a_capture(tmp_path: Path) -> None:
    bad = tmp_path / "bad.scap"
    bad.write_bytes(b"this is not a capture at all" * 10)
    r = run_tui(str(bad), cache=tmp_path / "c")
    assert r.returncode == 2
    assert "bad.scap" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_missing_rules_file(tmp_path: Path) -> None:
    cap = write_capture(tmp_path / "t.scap")
    r = run_tui(str(cap), "-r", str(tmp_path / "none.yaml"), cache=tmp_path / "c")
    assert r.returncode == 2 and "none.yaml: no such rules file" in r.stderr


def test_broken_rules_file(tmp_path: Path) -> None:
    cap = write_capture(tmp_path / "t.scap")
    rules = tmp_path / "broken.yaml"
    rules.write_text("- rule: Broken\n  desc: x\n  condition: proc.name = = sh\n  output: x\n  priority: INFO\n")
    r = run_tui(str(cap), "-r", str(rules), cache=tmp_path / "c")
    assert r.returncode == 2
    assert "broken.yaml:3" in r.stderr and "Traceback" not in r.stderr


def test_without_a_terminal_it_says_so(tmp_path: Path) -> None:
    """`scapkit tui CAP | head` once drew the screen into the pipe and waited for keys forever."""
    cap = write_capture(tmp_path / "t.scap")
    r = run_tui(str(cap), cache=tmp_path / "c")
    assert r.returncode == 2 and "tui needs a terminal" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""
