"""The loaded probe: a thin ctypes layer over ``bpf/loader.c`` (libbpf underneath).

:class:`Probe` opens the BPF object with its settings in ``.rodata``, fills the syscall and flag
tables, attaches the programs and hands out complete scap event blocks in bulk with
:meth:`Probe.drain` (one call copies up to a whole buffer of events).
"""

from __future__ import annotations

import ctypes
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import layout as L
from . import syscalls
from .build import Artifacts, CaptureSetupError, build


@dataclass(slots=True)
class ProbeOptions:
    snaplen: int = 80
    pids: list[int] = field(default_factory=list)
    follow_children: bool = True
    comm: str | None = None
    cgroup_ids: list[int] = field(default_factory=list)
    ring_bytes: int = 64 << 20
    exclude_self: bool = True


def boot_offset_ns() -> int:
    """ns to add to CLOCK_BOOTTIME to get the wall clock (what bpf_ktime_get_boot_ns counts)."""
    best = None
    for _ in range(5):
        a = time.clock_gettime_ns(time.CLOCK_REALTIME)
        b = time.clock_gettime_ns(time.CLOCK_BOOTTIME)
        c = time.clock_gettime_ns(time.CLOCK_REALTIME)
        cand = (c - a, (a + c) // 2 - b)
        if best is None or cand[0] < best[0]:
            best = cand
    assert best is not None
    return best[1]


def check_privileges() -> None:
    if os.geteuid() != 0:
        raise CaptureSetupError("capturing needs root (CAP_BPF and CAP_PERFMON): run it with sudo")


def _load_lib(path: str) -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise CaptureSetupError(f"cannot load {path}: {e} (is libbpf1 installed?)") from None
    lib.cap_open.restype = ctypes.c_void_p
    lib.cap_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(L.ScapConfig), ctypes.c_int, ctypes.c_uint]
    lib.cap_last_error.restype = ctypes.c_char_p
    lib.cap_set_syscall.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.POINTER(L.ScapSyscall)]
    lib.cap_set_flagtable.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.POINTER(L.ScapFlagTable)]
    lib.cap_track.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    lib.cap_attach.argtypes = [ctypes.c_void_p]
    lib.cap_detach.argtypes = [ctypes.c_void_p]
    lib.cap_drain.restype = ctypes.c_long
    lib.cap_drain.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long,
                              ctypes.POINTER(ctypes.c_long), ctypes.c_int]
    lib.cap_stats.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint64), ctypes.c_int]
    lib.cap_close.argtypes = [ctypes.c_void_p]
    return lib


def possible_cpus() -> int:
    """Number of possible CPUs (what per-CPU maps are sized by)."""
    try:
        text = open("/sys/devices/system/cpu/possible").read().strip()
        n = 0
        for part in text.split(","):
            lo, _, hi = part.partition("-")
            n = max(n, int(hi or lo) + 1)
        return n
    except OSError:
        return os.cpu_count() or 1


class Probe:
    """Loaded and (after :meth:`attach`) running probe. Use as a context manager."""

    def __init__(self, opts: ProbeOptions, artifacts: Artifacts | None = None) -> None:
        check_privileges()
        self.art = artifacts or build()
        self.lib = _load_lib(str(self.art.loader))
        self.ncpus = possible_cpus()
        ring = 1 << max(12, (opts.ring_bytes - 1).bit_length())
        cfg = L.ScapConfig()
        cfg.boot_ts = boot_offset_ns()
        cfg.snaplen = max(0, min(int(opts.snaplen), 65000))
        cfg.self_tgid = os.getpid() if opts.exclude_self else 0
        flags = 0
        if opts.pids:
            flags |= L.FILTER_PIDS
            if opts.follow_children:
                flags |= L.FILTER_FOLLOW
        if opts.comm:
            flags |= L.FILTER_COMM
            cfg.comm = opts.comm.encode()[: L.SCAP_COMM_LEN - 1]
        if opts.cgroup_ids:
            flags |= L.FILTER_CGROUP
            ids = opts.cgroup_ids[: L.SCAP_MAX_CGROUPS]
            cfg.n_cgroups = len(ids)
            for i, v in enumerate(ids):
                cfg.cgroup_ids[i] = v
        cfg.filters = flags
        self._h = self.lib.cap_open(str(self.art.bpf_object).encode(), ctypes.byref(cfg), self.ncpus, ring)
        if not self._h:
            raise CaptureSetupError(self._error())
        try:
            for c in syscalls.compile_table():
                self._check(self.lib.cap_set_syscall(self._h, c.nr, ctypes.byref(c.record)))
            for idx, ft in syscalls.compile_flagtables().items():
                self._check(self.lib.cap_set_flagtable(self._h, idx, ctypes.byref(ft)))
            self.track(opts.pids)
        except BaseException:
            self.close()
            raise
        self._stats = (ctypes.c_uint64 * (self.ncpus * L.ST_NSTATS))()

    def _error(self) -> str:
        msg = (self.lib.cap_last_error() or b"").decode(errors="replace")
        if "Operation not permitted" in msg:
            msg += " (needs root with CAP_BPF/CAP_PERFMON, and unprivileged BPF or lockdown may block it)"
        return msg or "unknown libbpf error"

    def _check(self, rc: int) -> None:
        if rc != 0:
            raise CaptureSetupError(self._error())

    def track(self, pids: Iterable[int]) -> None:
        for p in pids:
            self._check(self.lib.cap_track(self._h, int(p)))

    def attach(self) -> None:
        self._check(self.lib.cap_attach(self._h))

    def detach(self) -> None:
        """Stop producing events (the ring buffer keeps what it holds until drained)."""
        self.lib.cap_detach(self._h)

    def drain(self, buf: ctypes.Array[ctypes.c_char], timeout_ms: int = 0) -> tuple[int, int]:
        """Copy pending event blocks into ``buf``; returns (bytes, number of events)."""
        n = ctypes.c_long(0)
        used = self.lib.cap_drain(self._h, buf, len(buf), ctypes.byref(n), timeout_ms)
        return int(used), int(n.value)

    def counters(self) -> list[tuple[int, int]]:
        """Per CPU: (events sent, events dropped)."""
        self._check(self.lib.cap_stats(self._h, self._stats, self.ncpus))
        s = self._stats
        k = L.ST_NSTATS
        return [(s[i * k + L.ST_EVENTS], s[i * k + L.ST_DROPS] + s[i * k + L.ST_DROPS_SCRATCH])
                for i in range(self.ncpus)]

    def close(self) -> None:
        if getattr(self, "_h", None):
            self.lib.cap_close(self._h)
            self._h = None

    def __enter__(self) -> Probe:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
