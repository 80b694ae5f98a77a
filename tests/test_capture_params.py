"""Capture parameters that earlier probes got wrong (root, eBPF): full-length cgroup paths of every
controller (container ids), execve file names whose user page was not mapped at syscall entry, and
the "file was created" open flag. Each case is checked in our reader and in sysdig 0.29.3.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.compute as pc
import pytest

from analyzer.scap import event_table as et
from analyzer.scap.reader import read_all_events
from analyzer.tables.build import build_tables
from analyzer.tables.format import format_lines, parse_format

from .conftest import need_capture, need_sysdig, skip_or_fail

pytestmark = pytest.mark.root
SEP = "\x1f"



def both(trace: Path, fields: list[str], flt: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Rows (ours, sysdig's) of the events matching the sysdig filter ``flt``; ours are
    selected by evt.num from the sysdig rows' numbers, so both lists line up."""
    fmt = SEP.join("%" + f for f in ["evt.num", *fields])
    res = subprocess.run([need_sysdig(), "-r", str(trace), "-p", "*" + fmt, flt], capture_output=True, text=True,
                         errors="surrogateescape")
    assert res.returncode == 0, res.stderr[-500:]
    ref = [dict(zip(["evt.num", *fields], line.split(SEP), strict=True)) for line in res.stdout.splitlines()]
    t = build_tables([str(trace)])
    ev = t.events.filter(pc.struct_field(t.events["evt"], "shown"))
    nums = {r["evt.num"] for r in ref}
    ours = [dict(zip(["evt.num", *fields], line.split(SEP), strict=True))
            for line in format_lines(parse_format("*" + fmt), ev)]
    return [r for r in ours if r["evt.num"] in nums], ref


# --------------------------------------------------------------------------- cgroups / container id
EXECVE_X = 293
CID = "c0ffee5ca9" + "0123456789abcdef" * 3 + "fedcba"  # 64 hex digits, like a Docker id


def _own(controller: str) -> str:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        if controller in names.split(",") or (controller == "" and names == ""):
            return path
    return "/"


def _container_dirs() -> list[Path]:
    """`<own cgroup>/scapkit-capfix/<id>` in the v1 cpuset and memory hierarchies and in cgroup v2."""
    out = []
    root = Path("/sys/fs/cgroup")
    if (root / "cgroup.controllers").exists():
        return [root / _own("").lstrip("/") / "scapkit-capfix" / CID]
    for c in ("cpuset", "memory"):
        if (root / c).is_dir():
            out.append(root / c / _own(c).lstrip("/") / "scapkit-capfix" / CID)
    if (root / "unified" / "cgroup.controllers").exists():
        out.append(root / "unified" / _own("").lstrip("/") / "scapkit-capfix" / CID)
    return out


def _make(d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    for f in ("cpuset.cpus", "cpuset.mems"):  # a v1 cpuset cgroup takes tasks once it has both
        if (d / f).exists() and not (d / "cgroup.controllers").exists():
            for p in (d.parent, d):
                if not (p / f).read_text().strip():
                    (p / f).write_text((p.parent / f).read_text())


def _remove(d: Path) -> None:
    for p in (d, d.parent):
        try:
            p.rmdir()
        except OSError:
            pass


def test_container_cgroups_are_complete_and_name_the_container(tmp_path: Path) -> None:
    need_capture()
    from capture.run import record

    dirs = _container_dirs()
    try:
        for d in dirs:
            _make(d)
    except OSError as e:
        for d in dirs:
            _remove(d)
        skip_or_fail(f"cannot create cgroups here: {e}")
    join = "; ".join(f"echo $$ > {d}/cgroup.procs" for d in dirs)
    out = tmp_path / "cg.scap"
    try:
        stats = record(str(out), ["sh", "-c", f"{join}; exec cat /etc/hostname"], env=dict(os.environ),
                       snaplen=80)
    finally:
        for d in dirs:
            _remove(d)
    assert stats.exit_code == 0
    ours, ref = both(out, ["proc.name", "container.id"], "evt.type=execve and evt.dir=< and proc.name=cat")
    assert ours == ref and len(ref) == 1
    assert ref[0]["container.id"] == CID[:12]
    # the cgroups parameter as written (our catalogue has no thread.cgroups): NUL-separated entries
    _, batches, _ = read_all_events(str(out))
    raw = [b.params(i)[14] for b in batches for i in range(len(b))
           if int(b.type[i]) == EXECVE_X and b.params(i)[13].rstrip(b"\0") == b"cat"]
    assert len(raw) == 1
    listed = raw[0].rstrip(b"\0").decode().split("\0")
    sysdig = subprocess.run([need_sysdig(), "-r", str(out), "-p", "%thread.cgroups",
                             "evt.type=execve and evt.dir=< and proc.name=cat"], capture_output=True, text=True)
    # libsinsp shows the v2 name "io" under its v1 name "blkio"
    assert sysdig.stdout.split() == ["blkio=" + e[3:] if e.startswith("io=") else e for e in listed]
    entries = dict(e.split("=", 1) for e in listed)
    # every controller the kernel has, named as the kernel (and the upstream drivers) name it
    kernel = {line.split()[0] for line in Path("/proc/cgroups").read_text().splitlines()[1:]
              if line.split()[3] == "1"}
    assert kernel - {"blkio"} <= set(entries), (kernel, entries)
    if "blkio" in kernel:
        assert "io" in entries and "blkio" not in entries
    # the whole path, longer than the I/O snaplen (80) and with all 64 digits of the id
    joined = [k for k in ("cpuset", "memory") if Path("/sys/fs/cgroup", k).is_dir()] or ["cpu"]
    for k in joined:
        assert entries[k].endswith(f"/scapkit-capfix/{CID}"), entries[k]
        assert len(f"{k}={entries[k]}") > 80


# --------------------------------------------------------------------------- execve file names
EXEC_SCRIPT = textwrap.dedent(
    """
    # execve with file names in file mappings nobody has touched: at syscall entry their pages are
    # not mapped yet, so a probe reading the name then finds nothing
    import ctypes, os, sys
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                          ctypes.c_long]
    libc.execve.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    libc.syscall.argtypes = [ctypes.c_long, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_void_p, ctypes.c_int]

    def untouched(path):
        fd = os.open(path, os.O_RDONLY)
        addr = libc.mmap(None, 4096, 1, 2, fd, 0)  # PROT_READ, MAP_PRIVATE
        os.close(fd)
        return addr

    argv = (ctypes.c_char_p * 2)(b"true", None)
    envp = (ctypes.c_char_p * 1)(None)
    missing, present, at_missing = (untouched(p) for p in sys.argv[1:4])
    libc.execve(missing, argv, envp)  # fails: ENOENT
    libc.syscall(322, -100, at_missing, argv, envp, 0)  # execveat(AT_FDCWD, ...): fails
    libc.execve(present, argv, envp)
    """
)


def test_execve_file_name_from_an_unmapped_page(tmp_path: Path) -> None:
    need_capture()
    from capture.run import record

    names = {"missing": f"{tmp_path}/no-such-program", "present": "/usr/bin/true",
             "at_missing": f"{tmp_path}/no-such-program-at"}
    files = []
    for k, v in names.items():
        f = tmp_path / f"{k}.name"
        f.write_bytes(v.encode() + b"\0")
        files.append(str(f))
    out = tmp_path / "exec.scap"
    stats = record(str(out), [sys.executable, "-c", EXEC_SCRIPT, *files], env=dict(os.environ))
    assert stats.exit_code == 0
    fields = ["evt.type", "evt.dir", "evt.res", "proc.name", "evt.arg.filename", "evt.arg.pathname",
              "proc.exepath"]
    ours, ref = both(out, fields, "(evt.type=execve or evt.type=execveat) and proc.name!=sh")
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref, strict=True):
        # sysdig 0.29.3 takes proc.exepath from the execve file name, before symlinks (documented)
        b = {**b, "proc.exepath": os.path.realpath(b["proc.exepath"])}
        if a["evt.dir"] == "<":  # Falco-style we merge the enter parameters in; 0.29.3 shows <NA>
            a = {**a, "evt.arg.filename": "", "evt.arg.pathname": ""}
            b = {**b, "evt.arg.filename": "", "evt.arg.pathname": ""}
        assert a == b
    enters = [(r["evt.type"], r["evt.arg.filename" if r["evt.type"] == "execve" else "evt.arg.pathname"])
              for r in ref if r["evt.dir"] == ">"]
    assert ("execve", names["missing"]) in enters
    assert ("execveat", names["at_missing"]) in enters
    assert ("execve", names["present"]) in enters
    done = [r for r in ref if r["evt.dir"] == "<" and r["evt.res"] == "SUCCESS" and r["proc.name"] == "true"]
    assert done and os.path.realpath(done[0]["proc.exepath"]) == os.path.realpath("/usr/bin/true")


# --------------------------------------------------------------------------- O_F_CREATED
OPEN_SCRIPT = textwrap.dedent(
    """
    import os, sys
    p = sys.argv[1]
    os.close(os.open(p, os.O_WRONLY | os.O_CREAT, 0o600))   # creates the file
    os.close(os.open(p, os.O_WRONLY | os.O_CREAT, 0o600))   # opens it again: not created
    os.close(os.open(p, os.O_RDONLY))
    """
)


def test_open_exit_flags_say_when_the_file_was_created(tmp_path: Path) -> None:
    need_capture()
    from capture.run import record

    target = tmp_path / "made-here"
    out = tmp_path / "open.scap"
    stats = record(str(out), [sys.executable, "-c", OPEN_SCRIPT, str(target)], env=dict(os.environ))
    assert stats.exit_code == 0
    created = dict(et.FLAG_TABLES["file_flags"])
    bit = next(v for v, n in created.items() if n == "O_F_CREATED")
    t = build_tables([str(out)])
    ev = t.events.filter(pc.struct_field(t.events["evt"], "shown"))
    fmt = parse_format("*%evt.num" + SEP + "%evt.type" + SEP + "%evt.dir" + SEP + "%fd.name" + SEP
                       + "%evt.rawarg.flags" + SEP + "%evt.arg.flags")
    rows = [line.split(SEP) for line in format_lines(fmt, ev)]
    opens = [r for r in rows if r[1] in ("open", "openat") and r[2] == "<" and r[3] == str(target)]
    assert len(opens) == 3, rows[-20:]
    raw = [int(r[4]) for r in opens]
    assert [bool(x & bit) for x in raw] == [True, False, False]
    # events with 2022 ids render as sysdig 0.29.3 does: it predates the flag and leaves its bit out
    # of the names (current libs would add "O_F_CREATED"); the number keeps it
    assert all("O_F_CREATED" not in r[5] for r in opens)
    ref = subprocess.run([need_sysdig(), "-r", str(out), "-p", "%evt.num" + SEP + "%evt.arg.flags" + SEP + "%evt.args",
                          f"evt.type in (open, openat) and evt.dir=< and fd.name={target}"],
                         capture_output=True, text=True)
    assert ref.returncode == 0, ref.stderr
    got = [line.split(SEP) for line in ref.stdout.splitlines()]
    assert [g[0] for g in got] == [r[0] for r in opens]
    for g, r in zip(got, opens, strict=True):
        assert g[1] == r[5]
        assert f" flags={r[4]}(" in g[2]  # (0.29.3 cannot print evt.rawarg of a PT_FLAGS32)
