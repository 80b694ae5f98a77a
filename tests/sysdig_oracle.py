"""sysdig 0.29.3 as the oracle: its lines and ours for the same format, paired event by event, and
the one list of its documented defects (and of the places where we follow current libsinsp, as
Falco does) that every comparison applies."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pyarrow.compute as pc

from analyzer.scap import event_table as T
from analyzer.tables.build import build_tables
from analyzer.tables.format import format_lines, parse_format

from .conftest import need_sysdig

SEP = "\x1f"
Row = dict[str, str]


def sysdig_lines(trace: Path, fmt: str | None, flt: str | None = None) -> list[str]:
    """``sysdig -r trace [-p fmt] [flt]``, one string per line; fails with sysdig's error text."""
    cmd = [need_sysdig(), "-r", str(trace)]
    if fmt is not None:
        cmd += ["-p", fmt]
    if flt:
        cmd.append(flt)
    res = subprocess.run(cmd, capture_output=True, text=True, errors="surrogateescape")
    assert res.returncode == 0, f"sysdig failed ({res.returncode}) on {trace}: {res.stderr[-500:]}"
    return res.stdout.splitlines()


def our_lines(trace: Path, fmt: str) -> list[str]:
    """Our ``print -p fmt`` lines of the events sysdig shows."""
    t = build_tables([str(trace)])
    ev = t.events.filter(pc.struct_field(t.events["evt"], "shown"))
    return list(format_lines(parse_format(fmt), ev))


def paired_rows(trace: Path, fields: list[str], flt: str | None = None) -> list[tuple[list[str], list[str]]]:
    """(our values, sysdig's values) of ``fields`` for every event, printed with `-p '*...'`;
    fails when the two do not list the same number of events. With a sysdig filter ``flt``, the
    events it keeps (``fields`` must then start with evt.num, which pairs them)."""
    fmt = "*" + SEP.join("%" + f for f in fields)
    ref = sysdig_lines(trace, fmt, flt)
    ours = our_lines(trace, fmt)
    if flt:
        kept = {line.split(SEP, 1)[0] for line in ref}
        ours = [line for line in ours if line.split(SEP, 1)[0] in kept]
        assert ref, f"{trace.name}: sysdig's filter {flt!r} keeps no event"
    assert len(ours) == len(ref), f"{trace.name}: {len(ours)} events for us, {len(ref)} for sysdig"
    pairs = [(a.split(SEP), b.split(SEP)) for a, b in zip(ours, ref, strict=True)]
    assert pairs, f"{trace.name}: no event to compare"
    assert all(len(a) == len(b) == len(fields) for a, b in pairs)
    return pairs


def mismatches(trace: Path, fields: list[str], flt: str | None = None,
               known: Callable[[str, Row, Row], str | None] | None = None) -> list[str]:
    """Every value of ``fields`` where we and sysdig differ for no documented reason (``known``:
    the documented differences of one comparison, instead of ``known_difference``)."""
    why_differs = known or known_difference
    out: list[str] = []
    for va, vb in paired_rows(trace, fields, flt):
        ours, ref = dict(zip(fields, va, strict=True)), dict(zip(fields, vb, strict=True))
        for name in fields:
            if ours[name] != ref[name] and why_differs(name, ours, ref) is None:
                out.append(f"evt {ours.get('evt.num', '?')} ({ours.get('evt.type', '?')} {ours.get('evt.dir', '')}) "
                           f"{name}: ours={ours[name][:120]!r} sysdig={ref[name][:120]!r}")
    return out


def gid_widened(ours: str, ref: str) -> bool:
    """sysdig 0.29.3 declares group.gid 64 bits wide but the thread's gid is 32 bits: it prints the
    gid with the next 4 bytes of the thread record (the low half of its child-thread count) as the
    high half, e.g. 12884901888 for gid 0 in a process with 3 threads. The low half is the gid."""
    return ref.isdigit() and ours.isdigit() and int(ref) > 0xFFFFFFFF and int(ref) & 0xFFFFFFFF == int(ours)


def cport_fallthrough(fd_type: str, cip: str, ours: str, ref: str) -> bool:
    """sysdig 0.29.3's fd.cport has no ``break`` after its IP-socket cases (sinsp_filtercheck fd,
    TYPE_CLIENTPORT): for a unix socket or a listening socket (no client address) that has a role
    it falls into fd.cproto and returns an empty string, printed as port 0. Current libs return
    NULL, as we do (and fd.port, which never looked at it, does not match 0 on them)."""
    not_a_connection = fd_type not in ("ipv4", "ipv6") or cip == "<NA>"
    return not_a_connection and ref == "0" and ours == "<NA>"


# what Falco's container plugin gives the host where sysdig 0.29.3 printed <NA>
_HOST_PLUGIN_VALUES = {"container.image": "", "container.image.repository": "", "container.privileged": "false",
                       "container.image.id": "", "container.image.tag": "", "container.image.digest": "",
                       "container.mounts": ""}


def non_utf8_dotted(ours: str, ref: str) -> bool:
    """sysdig prints the bytes of a string as they are; ours are UTF-8 (Arrow strings), each byte that
    is not part of valid UTF-8 shown as "." (analyzer/scap/text.py). sysdig's lines are read with
    surrogateescape, so such a byte arrives here as one surrogate."""
    return any("\udc80" <= c <= "\udcff" for c in ref) and \
        "".join("." if "\udc80" <= c <= "\udcff" else c for c in ref) == ours


def unindexed_ancestor(name: str, ours: Row, ref: Row) -> bool:
    """sysdig 0.29.3 parses ``%proc.aname`` / ``%proc.apid`` without an index only at the very end
    of a format: elsewhere the token consumes nothing, so the value is followed by the field's name
    as literal text. Its value is the process itself (ancestor 0); current libsinsp keeps that for
    proc.apid but prints proc.aname as the ancestors' names, space separated, as we do."""
    if name not in ("proc.aname", "proc.apid"):
        return False
    value = ref[name].removesuffix(name)
    return value == (ours[name] if name == "proc.apid" else ours.get("proc.name"))


def _in_2022_table(ours: Row, name: str) -> bool:
    """Is ``evt.arg.NAME`` / ``evt.arg[N]`` a parameter of this event in sysdig 0.29.3's table?
    (Needs evt.type and evt.dir in the comparison; unknown events count as not.)"""
    etype, exit_event = ours.get("evt.type"), ours.get("evt.dir") == "<"
    if ours.get("evt.arg[0]") == etype:  # a generic event (its first parameter names the syscall)
        etype = T.EVENTS_2022[0].name
    infos = [e for k, e in enumerate(T.EVENTS_2022) if e.name == etype and bool(k & 1) == exit_event]
    if not infos:
        return False
    params = [p.name for p in infos[0].params]
    if name.startswith("evt.arg["):
        return int(name[len("evt.arg["):-1]) < len(params)
    return name[len("evt.arg."):] in params


def known_difference(name: str, ours: Row, ref: Row) -> str | None:
    """Why ``name`` may differ between us and sysdig 0.29.3 on this event (None = it may not).

    ``ours`` and ``ref`` hold the event's values of the compared fields; a rule that needs a field
    the comparison did not print does not apply.
    """
    a, b = ours[name], ref[name]
    if non_utf8_dotted(a, b):
        return "bytes that are not UTF-8 are dots in our (Arrow, UTF-8) strings"
    if name == "group.gid" and gid_widened(a, b):
        return "sysdig 0.29.3 reads the 4-byte gid 8 bytes wide"
    if name == "fd.cport" and "fd.type" in ours and "fd.cip" in ours \
            and cport_fallthrough(ours["fd.type"], ours["fd.cip"], a, b):
        return "sysdig 0.29.3 fd.cport falls through to fd.cproto (0 for unix and listening sockets)"
    if name == "proc.exepath" and ((b.startswith("/") and os.path.realpath(b) == a)
                                   or ("proc.cwd" in ours and b == ours["proc.cwd"].rstrip("/"))):
        # current libs (and so Falco's rules) take execve's trusted_exepath, the kernel's path of
        # the image with symlinks resolved; 0.29.3 joins the execve filename to the cwd, so /bin/sh
        # shows instead of /usr/bin/dash, and a filename the probe could not read shows the cwd
        return "exepath: trusted_exepath vs execve filename"
    if name.startswith("evt.rawarg.") and b == "<NA>" and a.lstrip("-").isdigit():
        # 0.29.3 gives evt.rawarg no print format (PF_NA), and its raw-value printer knows no integer
        # conversion without one; current libs take the parameter's format and print the number
        return "0.29.3 prints integer evt.rawarg values as <NA>"
    if name == "evt.latency.human" and a == "0ns" and ours.get("evt.latency") == "0" and b.endswith("s"):
        # an event libsinsp gives no thread (a clone child's exit seen before its parent's): the
        # latency is 0, and 0.29.3's human text is whatever the same token printed last (its string
        # is only assigned when there is a thread)
        return "0.29.3 repeats the previous line's evt.latency.human for an event without a thread"
    exit_event = ours.get("evt.dir") == "<"
    if (name.startswith("evt.arg.") or name.startswith("evt.arg[")) and b == "<NA>" \
            and (exit_event or ours.get("evt.type") == "procexit") and not _in_2022_table(ours, name):
        # Falco merges the enter's parameters into the exit, and current drivers' exits (and
        # procexit, with its reaper_tid) carry parameters sysdig 0.29.3's event table does not know
        return "parameter unknown to the 2022 event table"
    if unindexed_ancestor(name, ours, ref):
        return "0.29.3 prints proc.aname/apid without index as the process itself, echoing the field name"
    if name in _HOST_PLUGIN_VALUES and ours.get("container.id") == "host" and b == "<NA>" \
            and a == _HOST_PLUGIN_VALUES[name]:
        return "host container values of Falco's container plugin"
    if name == "proc.sname" and a == "" and (ours.get("proc.sid") == "-1" or (
            "proc.vpid" in ours and ours["proc.vpid"] != ours.get("proc.pid")) or (
            b == ours.get("proc.name") and "proc.sid" in ours and ours["proc.sid"] != ours.get("proc.pid"))):
        # unknown or namespace-virtual session id, or a leader that is gone with no ancestor of
        # the session left: current libsinsp gives "", 0.29.3 walked up from the process itself
        # (and so named the process when its parent is of another session)
        return "session leader of an unknown or virtual session id"
    if name in ("fd.name", "fd.type", "fd.typechar") and ours.get("evt.type") in ("openat", "openat2") \
            and exit_event and ours.get("evt.res") not in (None, "SUCCESS"):
        # libsinsp 2022 makes the dirfd of a failed openat the event's fd (parse_dirfd); current
        # libs only read its name, so fd.name is the path that failed to open, as for open/creat
        return "failed openat shows its dirfd in 0.29.3"
    return None
