"""Writer-made captures for the parity tests: a header (machine, interfaces, users and groups, the
process list and its fd lists), then events, thread by thread, one nanosecond apart from TS0.

    write_capture(path, Header("fd", PROCS, FD_LIST), [(tid, events), ...])

or, to write events one call at a time (or raw blocks, or events with their own cpu or timestamps):

    with capture(path, Header("fd", PROCS)) as cw:
        s = Timeline(cw)
        s(tid, events)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analyzer.scap import model as m
from analyzer.scap import writer as w

TS0 = 1_700_000_000_000_000_000
LOOPBACK = m.Interface(4, "lo", bytes([127, 0, 0, 1]), bytes([255, 0, 0, 0]), bytes(4))
ROOT_USER = m.User(0, 0, "root", "/root", "/bin/sh")
ROOT_GROUP = m.Group(0, "root")
Scene = tuple[int, list[w.Ev]]  # a thread and the events it makes, in order


@dataclass(frozen=True)
class Header:
    """What a capture holds before its events (interfaces, users and groups: none unless given)."""

    hostname: str
    procs: Sequence[m.ProcEntry] = ()
    fds: Mapping[int, Sequence[m.FdEntry]] | None = None
    num_cpus: int = 1
    interfaces: Sequence[m.Interface] = ()
    users: Sequence[m.User] = ()
    groups: Sequence[m.Group] = ()


@contextmanager
def capture(path: Path, header: Header, *, compat_2022: bool = False) -> Iterator[w.CaptureWriter]:
    """A CaptureWriter on ``path`` whose header is written; closed (and complete) on leaving."""
    with w.CaptureWriter(path, compat_2022=compat_2022) as cw:
        cw.write_header(m.MachineInfo(num_cpus=header.num_cpus, hostname=header.hostname, boot_ts=1),
                        header.interfaces, header.users, header.groups, header.procs, header.fds)
        yield cw


class Timeline:
    """Writes events, each call on one thread, timestamps one ns apart (from TS0 unless told)."""

    def __init__(self, cw: w.CaptureWriter, ts: int = TS0) -> None:
        self.cw = cw
        self.ts = ts

    def __call__(self, tid: int, *events: w.Ev | list[w.Ev]) -> None:
        flat: list[w.Ev] = []
        for e in events:
            flat.extend(e if isinstance(e, list) else [e])
        self.ts = self.cw.write_events(self.ts, tid, flat)

    def play(self, scenes: Iterable[Scene]) -> None:
        for tid, events in scenes:
            self(tid, events)

    def later(self, ns: int) -> None:
        self.ts += ns


def write_capture(path: Path, header: Header, scenes: Iterable[Scene], *, compat_2022: bool = False) -> None:
    """The whole capture: ``header``, then each scene's events on its thread, from TS0."""
    with capture(path, header, compat_2022=compat_2022) as cw:
        Timeline(cw).play(scenes)
