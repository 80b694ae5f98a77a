"""The real `scapkit tui` in a terminal multiplexer: open a capture, filter, read the screen."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import skip_or_fail
from .tui_capture import write_capture


def need_tmux() -> str:
    path = shutil.which("tmux")
    if path is None:
        skip_or_fail("tmux is not installed (make test installs it)")
    return path


class Tmux:
    def __init__(self, tmux: str, sock: str) -> None:
        self.base = [tmux, "-L", sock]

    def run(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "tui")

    def wait_for(self, cond: Callable[[str], bool], what: str, limit: float = 90.0) -> str:
        """Poll the pane until ``cond`` holds; a bounded wait for a slow machine, not a timing check."""
        end = time.monotonic() + limit
        text = ""
        while time.monotonic() < end:
            text = self.screen()
            if cond(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"screen never showed {what}; last screen:\n{text}")


    def wait_steady(self, limit: float = 30.0) -> str:
        """The screen once two captures in a row are the same (the app finished drawing)."""
        end = time.monotonic() + limit
        prev = self.screen()
        while time.monotonic() < end:
            time.sleep(0.3)
            cur = self.screen()
            if cur == prev:
                return cur
            prev = cur
        return prev


def event_rows(screen: str) -> list[str]:
    """Lines of the events table (they start with the event number)."""
    return [ln for ln in screen.splitlines() if re.match(r"^\s+\d+ \d\d:\d\d:\d\d\.\d{9} ", ln)]


@pytest.fixture()
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    t = Tmux(need_tmux(), f"scapkit-test-{os.getpid()}")
    yield t
    subprocess.run([*t.base, "kill-server"], capture_output=True)


def test_scapkit_tui_in_tmux_opens_filters_and_shows(tmux: Tmux, tmp_path: Path) -> None:
    cap = write_capture(tmp_path / "tmux.scap")
    env = {"SCAPKIT_CACHE_DIR": str(tmp_path / "cache"), "TZ": "UTC",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    # COLUMNS/LINES from the test runner would override the pane size
    cmd = " ".join(["-u COLUMNS -u LINES", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
                    shlex.quote(sys.executable), "-m",
                    "analyzer.cli.main", "tui", shlex.quote(str(cap))])
    tmux.run("new-session", "-d", "-s", "tui", "-x", "150", "-y", "40", f"env {cmd}; sleep 30")
    first = tmux.wait_for(lambda s: "834 events" in s and "execve" in s, "the first screen")
    first = tmux.wait_steady()
    assert "tmux.scap" in first and "no filter" in first
    assert "ticker" in first or "cat" in first
    tmux.run("send-keys", "-t", "tui", "/")
    tmux.wait_for(lambda s: "apply filter" in s, "the focused filter bar")
    tmux.run("send-keys", "-t", "tui", "-l", "proc.name = curl and evt.type = connect")
    tmux.wait_for(lambda s: "▊  proc.name = curl and evt.type = connect" in s, "the typed filter")
    tmux.run("send-keys", "-t", "tui", "Enter")
    shown = tmux.wait_for(lambda s: " 2 shown" in s and len(event_rows(s)) == 2, "the filtered events")
    rows = event_rows(shown)
    assert [r.split()[0] for r in rows] == ["22", "23"]
    assert [r.split()[3:7] for r in rows] == [["curl", "400", ">", "connect"], ["curl", "400", "<", "connect"]]
    assert "ticker" not in shown and "execve" not in shown
    assert "filter: proc.name = curl and evt.type = connect" in shown
    # a filter that does not parse: the error is shown in place
    tmux.wait_for(lambda s: "apply filter" not in s, "the focus back on the events")
    tmux.run("send-keys", "-t", "tui", "/")
    tmux.wait_for(lambda s: "apply filter" in s, "the focused filter bar")
    tmux.run("send-keys", "-t", "tui", "C-u")
    tmux.wait_for(lambda s: "▊  / filter: Falco condition" in s, "the cleared filter bar")
    tmux.run("send-keys", "-t", "tui", "-l", "proc.name ===")
    tmux.wait_for(lambda s: "▊  proc.name ===" in s, "the typed filter")
    tmux.run("send-keys", "-t", "tui", "Enter")
    err = tmux.wait_for(lambda s: "SQL:" in s, "the filter error")
    assert " 2 shown" in err
    tmux.run("send-keys", "-t", "tui", "Escape")
    tmux.wait_for(lambda s: "apply filter" not in s, "the focus back on the events")
    tmux.run("send-keys", "-t", "tui", "q")
    tmux.wait_for(lambda s: "834 events" not in s, "the app to quit")
