"""The capture's syscall table and record layout, checked without loading anything into the kernel."""

from __future__ import annotations

import ctypes

import pytest

from analyzer.scap import event_table as et
from capture import layout as L
from capture import syscalls as S

# every syscall the format reference (section 2.8) lists, plus what the state engine follows
REQUIRED = (
    "open openat openat2 creat execve execveat clone clone3 fork vfork socket connect accept accept4 bind "
    "listen sendto recvfrom sendmsg recvmsg read write pread64 pwrite64 readv writev close dup dup2 dup3 "
    "unlink unlinkat rename renameat renameat2 mkdir mkdirat rmdir chmod fchmod fchmodat setuid setgid "
    "setresuid setresgid ptrace kill tgkill mmap mprotect mount umount2 chdir fchdir chroot symlink "
    "symlinkat link linkat setns unshare pipe pipe2 socketpair fcntl userfaultfd"
).split()


def _translate(value: int, table: int) -> int:
    """What the BPF side computes with a flag table (same rule: OR of every matching entry)."""
    out = 0
    for mask, val, ppm in S.flag_tables()[table]:
        if value & mask == val:
            out |= ppm
    return out


def test_required_syscalls_have_specific_events() -> None:
    missing = [n for n in REQUIRED if n not in S.SPEC]
    assert not missing
    compiled = {c.name: c for c in S.compile_table()}
    for name in REQUIRED:
        c = compiled[name]
        assert c.enter_type != 0, name
        assert c.nr == S.NR[name]


def test_every_syscall_is_covered_and_readable_by_both_readers() -> None:
    table = S.compile_table()
    assert {n for n in S.X86_64_NAMES if n != "-"} <= {c.name for c in table}
    assert [c.nr for c in table] == list(range(L.SCAP_NSYSCALLS))  # unnamed numbers: generic events
    for c in table:
        r = c.record
        assert r.enabled == 1
        assert r.enter_type < et.PPM_EVENT_MAX_2022 and r.enter_type % 2 == 0, c.name
        # enters in their 2022 shape, exits with the current parameter count
        assert r.n_enter == len(et.EVENTS_2022[r.enter_type].params), c.name
        assert r.n_exit == len(et.EVENTS[r.enter_type + 1].params), c.name
        for i in range(r.n_exit):
            p = r.exit[i]
            ptype = et.EVENTS[r.enter_type + 1].params[i].ptype
            if ptype in et.PT_FIXED_SIZE and p.kind not in (L.K_PROC,):
                assert p.size == et.PT_FIXED_SIZE[ptype], (c.name, i)
        if r.enter_type == 0:  # generic: PPM_SC codes sysdig 0.29.3 knows, else 0
            assert r.ppm_sc < et.PPM_SC_MAX_2022


def test_generic_events_name_the_syscall() -> None:
    gen = {c.name: c.record.ppm_sc for c in S.compile_table() if c.enter_type == 0}
    assert et.SYSCALL_NAMES[gen["getpid"]] == "getpid"
    assert et.SYSCALL_NAMES[gen["wait4"]] == "wait4"
    assert gen["rseq"] == 0  # newer than sysdig 0.29.3's table (which crashes on it)


def test_open_flags_translate_to_ppm_values() -> None:
    ppm = {n: v for v, n in et.FLAG_TABLES["file_flags"]}
    assert _translate(0, 0) == ppm["O_RDONLY"]
    assert _translate(0o1 | 0o100 | 0o1000, 0) == ppm["O_WRONLY"] | ppm["O_CREAT"] | ppm["O_TRUNC"]
    assert _translate(0o2 | 0o2000000 | 0o200000, 0) == ppm["O_RDWR"] | ppm["O_CLOEXEC"] | ppm["O_DIRECTORY"]


def test_clone_and_mmap_flags_translate() -> None:
    cl = {n: v for v, n in et.FLAG_TABLES["clone_flags"]}
    assert _translate(0x100 | 0x10000 | 0x800, 1) == cl["CLONE_VM"] | cl["CLONE_THREAD"] | cl["CLONE_SIGHAND"]
    mm = {n: v for v, n in et.FLAG_TABLES["mmap_flags"]}
    assert _translate(0x2 | 0x20, 2) == mm["MAP_PRIVATE"] | mm["MAP_ANONYMOUS"]
    fc = {n: v for v, n in et.FLAG_TABLES["fcntl_commands"]}
    assert _translate(1030, 3) == fc["F_DUPFD_CLOEXEC"]


def test_layout_matches_the_c_header() -> None:
    h = L.header_constants()
    for name in ("SCAP_MAX_PARAMS", "SCAP_NSYSCALLS", "SCAP_NFLAGTABLES", "SCAP_FLAGTABLE_LEN",
                 "SCAP_MAX_CGROUPS", "SCAP_COMM_LEN", "FILTER_PIDS", "FILTER_FOLLOW", "FILTER_COMM",
                 "FILTER_CGROUP", "SC_DEFER_ENTER"):
        assert h[name] == getattr(L, name), name
    for name, val in h.items():
        if name.startswith(("K_", "ST_")):
            assert getattr(L, name) == val, name
    assert ctypes.sizeof(L.ScapSyscall) == 8 + 2 * 4 * L.SCAP_MAX_PARAMS
    assert ctypes.sizeof(L.ScapConfig) == 8 + 4 * 4 + 8 * L.SCAP_MAX_CGROUPS + L.SCAP_COMM_LEN


def test_bad_spec_is_rejected() -> None:
    with pytest.raises(S.SpecError, match="parameters"):
        S._params(["r"], 3, et.EVENTS, "open exit")
    with pytest.raises(S.SpecError, match="variable-size"):
        S._params(["br1", "s0", "Fopen1", "mode2.1", "dev", "ino"], 3, et.EVENTS, "open exit")


def test_setup_errors_name_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from capture import build, probe

    monkeypatch.setattr(probe.os, "geteuid", lambda: 1000)
    with pytest.raises(build.CaptureSetupError, match="needs root"):
        probe.check_privileges()
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    monkeypatch.setattr(build, "source_key", lambda: "nohit")
    with pytest.raises(build.CaptureSetupError, match=r"clang not found: install it \(apt-get install clang\)"):
        build.build(build.Path(str(tmp_path)))
    monkeypatch.setattr(build, "BTF_PATH", build.Path("/nonexistent/btf/vmlinux"))
    with pytest.raises(build.CaptureSetupError, match="CONFIG_DEBUG_INFO_BTF"):
        build.build(build.Path(str(tmp_path)))


def test_duration_and_rotation_names() -> None:
    from analyzer.cli.capture_cmd import parse_duration
    from capture.run import rotated_name

    assert parse_duration("30s") == 30 and parse_duration("2m") == 120 and parse_duration("500ms") == 0.5
    with pytest.raises(ValueError, match="bad duration"):
        parse_duration("3q")
    assert rotated_name("/x/incident.scap.gz", 0) == "/x/incident.scap.gz"
    assert rotated_name("/x/incident.scap.gz", 2) == "/x/incident-2.scap.gz"
