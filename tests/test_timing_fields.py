"""evt.latency, evt.buflen's pairing, evt.reltime and evt.deltatime as libsinsp keeps them (the
rules are in analyzer/tables/timing.py), and their text forms. tests/test_field_sweep.py compares
every one of them with sysdig on every capture; these pin the rules the captures may not show."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analyzer.tables.fields import human_ns
from analyzer.tables.timing import StreamTimes, ThreadTimes

from .conftest import REPO, need_sysdig

OPEN_E, OPEN_X, READ_E, READ_X, SWITCH, PROCINFO = 2, 3, 6, 7, 152, 234


def _times(tt: ThreadTimes, rows: list[tuple[int, int, int, bool]]) -> list[tuple[int | None, bool]]:
    ts = np.array([r[0] for r in rows], dtype=np.uint64)
    tid = np.array([r[1] for r in rows], dtype=np.int64)
    types = np.array([r[2] for r in rows], dtype=np.int64)
    known = np.array([r[3] for r in rows], dtype=bool)
    lat, has, paired = tt(ts, tid, types, known)
    return [(int(v) if h else None, bool(p)) for v, h, p in zip(lat, has, paired, strict=True)]


def test_latency_is_per_thread_from_the_last_enter() -> None:
    tt = ThreadTimes()
    got = _times(tt, [
        (100, 1, OPEN_E, True),   # enter: 0
        (110, 2, READ_X, True),   # an exit before any enter of its thread: 0, not paired
        (130, 1, OPEN_X, True),   # paired with its enter: 30
        (140, 1, SWITCH, True),   # a switch shows the latency as it stands
        (150, 1, READ_X, True),   # its enter was lost: measured from the open's enter, not paired
        (160, 3, READ_E, False),  # no thread: 0, and nothing remembered
        (170, 1, PROCINFO, True),  # internal: none
    ])
    assert got == [(0, False), (0, False), (30, True), (30, False), (50, False), (0, False), (None, False)]
    # the next batch goes on from each thread's state
    got = _times(tt, [(200, 1, SWITCH, True), (210, 3, READ_X, True), (220, 1, READ_E, True),
                      (260, 1, READ_X, True), (300, 2, READ_E, True), (305, 2, READ_X, True)])
    assert got == [(50, False), (0, False), (0, False), (40, True), (0, False), (5, True)]


def test_an_exit_measures_from_an_enter_of_an_earlier_batch() -> None:
    tt = ThreadTimes()
    _times(tt, [(1_000, 7, READ_E, True)])
    assert _times(tt, [(5_000, 8, OPEN_E, True), (9_000, 7, READ_X, True)]) == [(0, False), (8_000, True)]


def test_reltime_and_deltatime_wrap_as_unsigned() -> None:
    st = StreamTimes()
    ts = np.array([10, 15, 12, 30], dtype=np.uint64)
    rel, delta = st(ts, np.array([READ_E] * 4), np.array([True, False, True, True]))
    assert rel.tolist() == [0, 5, 2, 20]
    assert delta[[0, 2, 3]].tolist() == [0, 2, 18]  # since the previous shown event
    rel, delta = st(np.array([8], dtype=np.uint64), np.array([READ_X]), np.array([True]))
    assert rel.tolist() == [2**64 - 2] and delta.tolist() == [2**64 - 22]  # earlier than the first: wraps


@pytest.mark.parametrize(("ns", "text"), [
    (0, "0ns"), (941, "941ns"), (1_001, "1.00us"), (2_243, "2.24us"), (5_308, "5.30us"), (10_005, "10us"),
    (260_557, "260us"), (1_008_099, "1.00ms"), (4_134_009, "4.13ms"), (23_960_766, "23ms"),
    (3_117_403_965, "3.11s"), (65_000_000_000, "1:5"), (3_723_000_000_000, "01:02:03"),
])
def test_latency_human_truncates(ns: int, text: str) -> None:
    assert human_ns(ns) == text


@pytest.mark.sysdig
def test_deltatime_follows_the_printed_lines_as_sysdig() -> None:
    """With a filter, evt.deltatime is the time since the previous line printed (sysdig keeps it
    in the formatter), not since the previous event of the capture. (evt.buflen is left out: a
    sysdig filter that drops an enter event also unpairs its exit, whose buflen is then <NA>; ours
    is the event's own, whatever the filter.)"""
    sysdig = need_sysdig()
    trace = REPO / "sample_traces" / "webshell.scap.gz"
    fmt = "*%evt.num %evt.deltatime %evt.deltatime.s %evt.deltatime.ns %evt.reltime %evt.latency"
    for cond in ("evt.type=close", "evt.dir=< and proc.name=sh"):
        want = subprocess.run([sysdig, "-r", str(trace), "-p", fmt, cond], capture_output=True, text=True,
                              check=True).stdout
        got = subprocess.run([sys.executable, "-m", "analyzer.cli.main", "print", str(trace), "-p", fmt, cond],
                             capture_output=True, text=True, check=True, env={**os.environ}).stdout
        assert got == want and want.count("\n") > 100, cond


def test_samples_have_latencies() -> None:
    """The columns are there and hold values on a real capture."""
    from analyzer.session.dataset import open_dataset

    ds = open_dataset([str(Path(REPO / "sample_traces" / "webshell.scap.gz"))])
    con = ds.connect(("events",))
    try:
        row = con.execute("SELECT count(*) FILTER (WHERE evt.latency > 0), count(*) FILTER (WHERE evt.buflen > 0), "
                          "count(*) FILTER (WHERE evt.is_io_read), max(evt.reltime) FROM events").fetchone()
    finally:
        con.close()
    assert row is not None and all(v and v > 0 for v in row)
