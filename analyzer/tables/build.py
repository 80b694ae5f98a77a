"""Turn a capture into Arrow tables: ``events`` (struct columns named after Falco field
classes) plus header tables. Batches stream: peak memory follows the batch size, not the file.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..scap import event_table as T
from ..scap import model as m
from ..scap.addr import ip_text
from ..scap.errors import CorruptBlockError, CorruptEventError, ScapError
from ..scap.reader import CaptureHeader, CaptureReader, EventBatch, ReadStats
from ..scap.render import event_type_name, failure_text
from ..state.engine import (
    FD_COLS,
    FD_NONE,
    FD_TYPECHAR,
    FD_TYPENAME,
    L4,
    ROLE_NONE,
    THREAD_COLS,
    Interfaces,
    StateEngine,
    effective_l4,
)
from .context import ContextIds
from .derived import derived_tables
from .event_extras import ANCESTOR_LIMIT, events_schema, extend_batch, values_key
from .factorize import factorize
from .timing import IO_CATEGORY, StreamTimes, ThreadTimes
from .type_tables import info, with_flag

TI = {c: i for i, c in enumerate(THREAD_COLS)}
FI = {c: i for i, c in enumerate(FD_COLS)}
# ancestors are walked until every chain has ended (Falco's proc.aname walks to the root); the
# limit only guards against a parent loop in damaged process-list data
# events per record batch: bounds peak memory (a batch's struct columns are materialised per event)
BATCH_EVENTS = 1 << 15
SPILL_FD_VERSIONS = 1 << 16  # fd versions held before the unreferenced ones are spilled

CATEGORY = {
    T.EC_UNKNOWN: "unknown", T.EC_OTHER: "other", T.EC_FILE: "file", T.EC_NET: "net", T.EC_IPC: "ipc",
    T.EC_MEMORY: "memory", T.EC_PROCESS: "process", T.EC_SLEEP: "sleep", T.EC_SYSTEM: "system",
    T.EC_SIGNAL: "signal", T.EC_USER: "user", T.EC_TIME: "time", T.EC_PROCESSING: "processing",
    T.EC_IO_READ: "IO_read", T.EC_IO_WRITE: "IO_write", T.EC_IO_OTHER: "IO_other", T.EC_WAIT: "wait",
    T.EC_SCHEDULER: "scheduler", T.EC_INTERNAL: "internal",
}

# fd.typechar when the event creates an fd but has none (failed call), as sysdig reports it
_NULL_FD_TYPECHAR = {
    "open": "f", "openat": "f", "openat2": "f", "creat": "f", "socket": "4", "accept": "4", "accept4": "4",
    "pipe": "p", "eventfd": "e", "signalfd": "s", "timerfd_create": "t", "inotify_init": "i",
}

PPM_O_RDONLY, PPM_O_WRONLY = 1, 2
PPM_O_CREAT = 1 << 2


_info = info


# --------------------------------------------------------------------------- schema
def _struct(fields: list[tuple[str, pa.DataType]]) -> pa.StructType:
    return pa.struct([pa.field(n, t) for n, t in fields])


EVT_FIELDS: list[tuple[str, pa.DataType]] = [
    ("num", pa.uint64()), ("rawtime", pa.uint64()), ("time", pa.timestamp("ns", tz="UTC")),
    ("type", pa.string()), ("dir", pa.string()), ("cpu", pa.int32()), ("category", pa.string()),
    ("res", pa.string()), ("rawres", pa.int64()), ("failed", pa.bool_()), ("args", pa.string()),
    ("is_open_read", pa.bool_()), ("is_open_write", pa.bool_()), ("is_open_exec", pa.bool_()),
    ("shown", pa.bool_()), ("typeid", pa.uint16()), ("file_offset", pa.int64()),
    ("latency", pa.uint64()), ("wait_latency", pa.uint64()), ("reltime", pa.uint64()), ("deltatime", pa.uint64()),
    ("buflen", pa.int64()), ("is_io", pa.bool_()), ("is_io_read", pa.bool_()), ("is_io_write", pa.bool_()),
    ("io_dir", pa.string()), ("is_wait", pa.bool_()),
]
THREAD_FIELDS: list[tuple[str, pa.DataType]] = [
    ("tid", pa.int64()), ("vtid", pa.int64()), ("ismain", pa.bool_()),
]
PROC_FIELDS: list[tuple[str, pa.DataType]] = [
    ("pid", pa.int64()), ("ppid", pa.int64()), ("vpid", pa.int64()), ("name", pa.string()),
    ("exe", pa.string()), ("exepath", pa.string()), ("args", pa.string()), ("cmdline", pa.string()),
    ("cwd", pa.string()), ("tty", pa.uint32()), ("sid", pa.int64()), ("vpgid", pa.int64()),
    ("pname", pa.string()), ("pexe", pa.string()), ("pexepath", pa.string()), ("pcmdline", pa.string()),
    ("anames", pa.list_(pa.string())), ("apids", pa.list_(pa.int64())), ("is_exe_writable", pa.bool_()),
    ("env", pa.list_(pa.string())),
]
USER_FIELDS: list[tuple[str, pa.DataType]] = [
    ("uid", pa.uint32()), ("name", pa.string()), ("homedir", pa.string()), ("shell", pa.string()),
    ("loginuid", pa.int64()), ("loginname", pa.string()),
]
GROUP_FIELDS: list[tuple[str, pa.DataType]] = [("gid", pa.uint32()), ("name", pa.string())]
FD_FIELDS: list[tuple[str, pa.DataType]] = [
    ("num", pa.int64()), ("type", pa.string()), ("typechar", pa.string()), ("name", pa.string()),
    ("directory", pa.string()), ("filename", pa.string()), ("l4proto", pa.string()),
    ("sip", pa.string()), ("sport", pa.uint16()), ("cip", pa.string()), ("cport", pa.uint16()),
    ("lip", pa.string()), ("lport", pa.uint16()), ("rip", pa.string()), ("rport", pa.uint16()),
    ("is_server", pa.bool_()), ("connected", pa.bool_()), ("openflags", pa.uint32()),
]
CONTAINER_FIELDS: list[tuple[str, pa.DataType]] = [("id", pa.string())]

# base members, then the extra members of event_extras (and its k8s column)
EVENTS_SCHEMA = events_schema([
    ("evt", EVT_FIELDS), ("thread", THREAD_FIELDS), ("proc", PROC_FIELDS), ("user", USER_FIELDS),
    ("group", GROUP_FIELDS), ("fd", FD_FIELDS), ("container", CONTAINER_FIELDS),
])


# --------------------------------------------------------------------------- helpers
class _AsOf:
    """Latest version of a thread at or before an event index (what a live lookup returns)."""

    def __init__(self, tids: list[int], idxs: list[int], snaps: list[int]) -> None:
        t = np.asarray(tids, dtype=np.int64)
        i = np.asarray(idxs, dtype=np.int64)
        s = np.asarray(snaps, dtype=np.int64)
        order = np.lexsort((i, t))
        self.t, self.i, self.s = t[order], i[order], s[order]

    @classmethod
    def sorted_arrays(cls, t: np.ndarray, i: np.ndarray, s: np.ndarray) -> _AsOf:
        """From arrays already ordered by (tid, index)."""
        a = cls.__new__(cls)
        a.t, a.i, a.s = t, i, s
        return a

    def extended(self, tids: list[int], idxs: list[int], snaps: list[int]) -> _AsOf:
        """This log plus later entries (indexes not below any already held), merged in order:
        the same arrays a full sort of the whole log gives, at the cost of a copy."""
        if not tids:
            return self
        new = _AsOf(tids, idxs, snaps)
        at = np.searchsorted(self.t, new.t, side="right")
        return _AsOf.sorted_arrays(np.insert(self.t, at, new.t), np.insert(self.i, at, new.i),
                                   np.insert(self.s, at, new.s))

    def lookup(self, tids: np.ndarray, idxs: np.ndarray) -> np.ndarray:
        if self.t.size == 0:
            return np.full(tids.shape, -1, dtype=np.int64)
        # position of the last (tid, idx) <= query, via a combined search per tid; the group
        # bounds are searched once per distinct tid (a batch queries few tids, many times each)
        u, inv = factorize(tids)
        inv = inv.reshape(-1)
        lo_u = np.searchsorted(self.t, u, side="left")
        hi_u = np.searchsorted(self.t, u, side="right")
        lo, hi = lo_u[inv], hi_u[inv]
        out = np.full(tids.shape, -1, dtype=np.int64)
        has = hi > lo
        if not has.any():
            return out
        # versions of one tid are contiguous and sorted by idx: a query at or after the tid's last
        # version gets that one (most queries: versions made in earlier batches)
        key_v = self.i
        last_u = np.maximum(hi_u - 1, 0)
        last = last_u[inv]
        at_end = has & (key_v[last_u][inv] <= idxs)
        out[at_end] = self.s[last[at_end]]
        pos = np.empty(tids.shape, dtype=np.int64)
        for_q = np.flatnonzero(has & ~at_end)
        if not for_q.size:
            return out
        # vectorised bisect inside each group
        lo_q, hi_q, x = lo[for_q].copy(), hi[for_q].copy(), idxs[for_q]
        while True:
            active = lo_q < hi_q
            if not active.any():
                break
            mid = (lo_q + hi_q) // 2
            go_right = active & (key_v[np.minimum(mid, key_v.size - 1)] <= x)
            lo_q = np.where(go_right, mid + 1, lo_q)
            hi_q = np.where(active & ~go_right, mid, hi_q)
        pos[for_q] = lo_q - 1
        ok = for_q[(pos[for_q] >= lo[for_q])]
        out[ok] = self.s[pos[ok]]
        return out


def _ipstr(s: str) -> str | None:
    return s if s else None


@dataclass
class CaptureTables:
    header: CaptureHeader
    stats: ReadStats
    events: pa.Table
    threads: pa.Table
    fds: pa.Table
    extra: dict[str, pa.Table] = field(default_factory=dict)

    def tables(self) -> dict[str, pa.Table]:
        out = {"events": self.events, "threads": self.threads, "fds": self.fds}
        out.update(header_tables(self.header))
        out.update(self.extra)
        return out


def header_tables(h: CaptureHeader) -> dict[str, pa.Table]:
    mi = h.machine or m.MachineInfo()
    machine = pa.table({
        "hostname": [mi.hostname], "num_cpus": [mi.num_cpus], "memory_bytes": [mi.memory_bytes],
        "boot_ts": [mi.boot_ts], "shb_version": [f"{h.shb_version[0]}.{h.shb_version[1]}"],
    })
    users = pa.table({
        "uid": pa.array([u.uid for u in h.users], pa.uint32()), "gid": pa.array([u.gid for u in h.users], pa.uint32()),
        "name": [u.name for u in h.users], "homedir": [u.homedir for u in h.users], "shell": [u.shell for u in h.users],
    })
    groups = pa.table({"gid": pa.array([g.gid for g in h.groups], pa.uint32()), "name": [g.name for g in h.groups]})
    ifs = pa.table({
        "name": [i.name for i in h.interfaces], "family": [i.family for i in h.interfaces],
        "addr": [ip_text(i.addr) for i in h.interfaces],
        "netmask": [ip_text(i.netmask) for i in h.interfaces],
    })
    return {"machine": machine, "users": users, "groups": groups, "interfaces": ifs}


# --------------------------------------------------------------------------- builder
@contextlib.contextmanager
def _rare_gc_passes() -> Iterator[None]:
    """Decoding allocates millions of short-lived containers (each event's parameter list, its
    thread's pending enter...): with Python's default thresholds the cycle collector runs every 700
    of them and walks every tracked object each time (measured: ~17% of the decode's CPU time).
    While decoding it runs a hundred times less often; the thresholds are restored after, unless
    something else changed them meanwhile."""
    old = gc.get_threshold()
    mine = (max(old[0], 100_000), *old[1:])
    gc.set_threshold(*mine)
    try:
        yield
    finally:
        if gc.get_threshold() == mine:
            gc.set_threshold(*old)


@contextlib.contextmanager
def _decoding_memory_pool() -> Iterator[None]:
    """Arrow's allocator while decoding: jemalloc (else the system's) rather than the default
    mimalloc, which hands the pages of each batch's short-lived columns back and has the kernel
    zero fresh huge pages for the next one (measured on 1M events: 7.6-8.3 s of CPU with mimalloc,
    6.0-6.4 s with jemalloc or the system allocator, and the lowest peak RSS with jemalloc).
    Buffers keep the pool they came from; the previous default is restored after."""
    old = pa.default_memory_pool()
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:
        pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        if pa.default_memory_pool().backend_name == pool.backend_name:
            pa.set_memory_pool(old)


class TableBuilder:
    """Streams a capture through the state engine and yields events record batches."""

    def __init__(self, paths: list[str], progress: Callable[[int, int], None] | None = None) -> None:
        self.paths = paths
        self.progress = progress
        self.header = CaptureHeader()
        self.stats = ReadStats()
        self.engine: StateEngine | None = None
        self._num = 0
        self._thread_times = ThreadTimes()
        self._stream_times = StreamTimes()
        self._rid_np = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
        self._asof = _AsOf([], [], [])
        self._asof_n = 0
        self.fd_spilled: list[pa.Table] = []  # fds version-table rows moved out of the engine
        self.contexts = ContextIds(EVENTS_SCHEMA)  # the events' context ids and the contexts table
        self._fd_kept = 0

    def batches(self) -> Iterator[pa.RecordBatch]:
        with _rare_gc_passes(), _decoding_memory_pool():
            yield from self._batches()

    def _batches(self) -> Iterator[pa.RecordBatch]:
        # progress over all the files, in bytes of the files on disk (compressed ones too)
        total = sum(os.path.getsize(p) for p in self.paths)
        before = 0
        for path in self.paths:
            reader = CaptureReader(path)
            size = os.path.getsize(path)
            try:
                h = reader.header
                if self.engine is None:
                    self.header = h
                    self.engine = StateEngine(h)
                else:
                    self.engine.load_header(h)
                    self.header.procs.extend(h.procs)
                for b in reader.batches(BATCH_EVENTS):
                    if b.restart is not None:
                        self.engine.load_header(b.restart)
                    try:
                        self.engine.process(b)
                        rb = self._record_batch(b)
                    except CorruptEventError as e:
                        raise CorruptBlockError(path, e.offset, "event", e.detail) from None
                    except (pa.ArrowInvalid, ValueError, OverflowError) as e:
                        lo, hi = (int(b.file_off[0]), int(b.file_off[-1])) if len(b) else (0, 0)
                        raise CorruptBlockError(path, lo, "event", f"a value among the events up to byte offset "
                                                f"{hi} does not fit its column: {e}") from None
                    self.engine.out.fd_creator_name.clear()  # per event of this batch: consumed
                    self.engine.out.old_openat_flags.clear()
                    self._spill_fd_versions()
                    yield rb
                    if self.progress is not None:
                        self.progress(min(before + reader.file_position(), total), total)
            finally:
                reader.close()
                before += size
                self.stats.events += reader.stats.events
                self.stats.skipped_unknown.update(reader.stats.skipped_unknown)
                self.stats.warnings.extend(reader.stats.warnings)
                if reader.stats.truncated_at is not None:
                    self.stats.truncated_at = reader.stats.truncated_at

    def _spill_fd_versions(self) -> None:
        """Moves the fd versions no later event can reference (their fd was closed or changed)
        out of the engine into compact Arrow chunks of the ``fds`` table: memory stays flat."""
        e = self.engine
        assert e is not None
        rows = e.out.fd_rows
        if rows.held() < max(SPILL_FD_VERSIONS, 2 * self._fd_kept):
            return
        versions, gone = rows.evict(e.live_fd_versions())
        if gone:
            self.fd_spilled.append(fd_version_table(versions, gone))
        self._fd_kept = rows.held()

    def _record_batch(self, b: EventBatch) -> pa.RecordBatch:
        e = self.engine
        assert e is not None
        out = e.out
        k = len(out.thread_snap) - 1
        tsnap = out.thread_snap[k].astype(np.int64)
        fsnap = out.fd_snap[k].astype(np.int64)
        fnum = out.fd_num[k]
        shown = out.shown[k]
        args = out.args[k]
        n = len(b)
        base = self._num
        idx = np.arange(base, base + n, dtype=np.int64)
        self._num += n
        rows = out.thread_rows
        types = b.type.astype(np.int64)
        tl = types.tolist()

        # ---- evt: per-type tables, the res parameter read straight from the batch bytes
        generic = np.flatnonzero(types <= 1)
        if generic.size:  # generic syscall events are named by their syscall id
            code = types.copy()
            code[generic] = np.arange(T.PPM_EVENT_MAX, T.PPM_EVENT_MAX + generic.size)
            gl = [event_type_name(tl[i], b.params(i)) for i in generic.tolist()]
            names = pa.array(_TYPE_NAME_LIST + gl, pa.string()).take(pa.array(code))
        else:
            names = _TYPE_NAMES.take(pa.array(types))
        dirs = _DIRS.take(pa.array(types & 1))
        fd_struct = self._fd_struct(b, fsnap, fnum, types, tl, base)
        cats = _categories(types, fd_struct.field("type"))
        rr, has_rr = _res_values(b, types)
        failed = has_rr & (rr < 0)
        res_s = _res_text(rr, has_rr, failed, types)
        is_or, is_ow, is_ox = _open_modes(b, types, base, out.old_openat_flags)
        ts = b.ts
        latency, has_latency, paired = self._thread_times(ts, b.tid, types, tsnap >= 0)
        exits = (types & 1) == 1
        waits = _WAITS[types] & exits
        reltime, deltatime = self._stream_times(ts, types, shown)
        buflen_ok = IO_CATEGORY[types] & paired & (fsnap >= 0) & has_rr & (rr >= 0)
        reads, writes = _READS[types], _WRITES[types]
        evt = pa.StructArray.from_arrays(
            [
                pa.array(idx + 1, pa.uint64()), pa.array(ts, pa.uint64()),
                pa.array(ts.view(np.int64), pa.timestamp("ns", tz="UTC")),
                names, dirs, pa.array(b.cpu.astype(np.int32)),
                cats, res_s, pa.array(rr, pa.int64(), mask=~has_rr),
                pa.array(failed), args,
                pa.array(is_or), pa.array(is_ow), pa.array(is_ox), pa.array(shown),
                pa.array(b.type, pa.uint16()), pa.array(b.file_off, pa.int64()),
                pa.array(latency, pa.uint64(), mask=~has_latency),
                pa.array(latency, pa.uint64(), mask=~(waits & has_latency)),
                pa.array(reltime, pa.uint64()), pa.array(deltatime, pa.uint64(), mask=~shown),
                pa.array(rr, pa.int64(), mask=~buflen_ok),
                pa.array(reads | writes), pa.array(reads), pa.array(writes),
                _IO_DIRS.take(pa.array(np.where(writes, 0, np.where(reads, 1, 2)))), pa.array(_WAITS[types]),
            ],
            fields=[pa.field(nm, t) for nm, t in EVT_FIELDS],
        )

        # ---- thread / proc / user / group: computed once per distinct snapshot, then taken
        asof = self._asof_log()
        rt, rp, rpt = self._row_ids(rows)
        own_tid = _at(rt, tsnap)
        own_pid = _at(rp, tsnap)
        # proc.ppid is the parent of the process's main thread
        # (-1 when the table holds no main thread: libsinsp's made-up one has no parent)
        msnap = np.where(own_tid == own_pid, tsnap, asof.lookup(own_pid, idx))
        main_ptid = _at(rpt, msnap)
        # ...while proc.pname and proc.aname[N] walk the thread's own parent links (as libsinsp does)
        anc_snaps: list[np.ndarray] = []
        cur = _at(rpt, tsnap)
        for _ in range(ANCESTOR_LIMIT):
            ps = asof.lookup(cur, idx)
            ps = np.where(cur >= 0, ps, -1)
            anc_snaps.append(ps)
            if not (ps >= 0).any():
                break
            cur = _at(rpt, ps)
        psnap = anc_snaps[0]

        tsel = _Snaps(rows, tsnap)
        # thread.tid is the event's own tid, also for an event of a thread not in the table (libsinsp)
        tids = pa.array(b.tid, pa.int64())
        pids = tsel.col(TI["pid"], pa.int64())
        # members that extend_batch replaces (thread.vtid, proc.vpid/anames/apids/env) are placeholders
        thread = pa.StructArray.from_arrays(
            [tids, pa.nulls(n, pa.int64()),
             tsel.derived(lambda r: r[TI["tid"]] == r[TI["pid"]], pa.bool_())],
            fields=[pa.field(nm, t) for nm, t in THREAD_FIELDS],
        )
        psel = _Snaps(rows, psnap)
        proc = pa.StructArray.from_arrays(
            [
                pids, pa.array(main_ptid, pa.int64(), mask=tsnap < 0), pa.nulls(n, pa.int64()),
                tsel.col(TI["comm"], pa.string()), tsel.col(TI["exe"], pa.string()),
                tsel.col(TI["exepath"], pa.string()), tsel.derived(_proc_args, pa.string()),
                tsel.derived(_cmdline, pa.string()), tsel.col(TI["cwd"], pa.string()),
                tsel.col(TI["tty"], pa.uint32()), tsel.col(TI["sid"], pa.int64()),
                tsel.col(TI["vpgid"], pa.int64()), psel.col(TI["comm"], pa.string()),
                psel.col(TI["exe"], pa.string()), psel.col(TI["exepath"], pa.string()),
                psel.derived(_cmdline, pa.string()), pa.nulls(n, pa.list_(pa.string())),
                pa.nulls(n, pa.list_(pa.int64())), tsel.col(TI["exe_writable"], pa.bool_()),
                pa.nulls(n, pa.list_(pa.string())),
            ],
            fields=[pa.field(nm, t) for nm, t in PROC_FIELDS],
        )
        users = e.users
        groups = e.groups
        j_uid, j_login, j_gid = TI["uid"], TI["loginuid"], TI["gid"]

        def _uattr(v: int | None, attr: str) -> str | None:
            u = users.get(v) if v is not None else None
            return getattr(u, attr) if u is not None else None

        user = pa.StructArray.from_arrays(
            [
                tsel.col(j_uid, pa.uint32()), tsel.derived(lambda r: _uattr(r[j_uid], "name"), pa.string()),
                tsel.derived(lambda r: _uattr(r[j_uid], "homedir"), pa.string()),
                tsel.derived(lambda r: _uattr(r[j_uid], "shell"), pa.string()),
                tsel.derived(lambda r: -1 if r[j_login] == 0xFFFFFFFF else r[j_login], pa.int64()),
                tsel.derived(lambda r: _uattr(r[j_login], "name"), pa.string()),
            ],
            fields=[pa.field(nm, t) for nm, t in USER_FIELDS],
        )
        group = pa.StructArray.from_arrays(
            [tsel.col(j_gid, pa.uint32()),
             tsel.derived(lambda r: groups[r[j_gid]].name if r[j_gid] in groups else None, pa.string())],
            fields=[pa.field(nm, t) for nm, t in GROUP_FIELDS],
        )

        # ---- fd
        j_cid = TI["container_id"]
        cont = pa.StructArray.from_arrays(
            [tsel.derived(lambda r: (r[j_cid] or "host") if r[j_cid] is not None else None, pa.string())],
            fields=[pa.field("id", pa.string())],
        )
        cols = extend_batch(e, b, tsnap, fsnap, fnum, idx, asof, anc_snaps,
                            [evt, thread, proc, user, group, fd_struct, cont], msnap, self.contexts)
        return pa.RecordBatch.from_arrays(cols, schema=EVENTS_SCHEMA)

    def _asof_log(self) -> _AsOf:
        """The thread version log for as-of lookups, extended with the versions added since the
        last batch (re-sorting the whole log per batch would grow with the capture)."""
        e = self.engine
        assert e is not None
        out = e.out
        k = self._asof_n
        if k < len(out.vlog_tid):
            self._asof = self._asof.extended(out.vlog_tid[k:], out.vlog_idx[k:], out.vlog_snap[k:])
            self._asof_n = len(out.vlog_tid)
        return self._asof

    def _row_ids(self, rows: list[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # type: ignore[type-arg]
        """tid, pid, ptid of every thread version so far (extended as versions are added)."""
        rt, rp, rpt = self._rid_np
        have = rt.size
        if have < len(rows):
            jt, jp, jpt = TI["tid"], TI["pid"], TI["ptid"]
            new = rows[have:]
            self._rid_np = (
                np.concatenate([rt, np.fromiter((r[jt] for r in new), np.int64, len(new))]),
                np.concatenate([rp, np.fromiter((r[jp] for r in new), np.int64, len(new))]),
                np.concatenate([rpt, np.fromiter((r[jpt] for r in new), np.int64, len(new))]),
            )
        return self._rid_np

    def _fd_struct(self, b: EventBatch, fsnap: np.ndarray, fnum: np.ndarray, types: np.ndarray, tl: list[int],
                   base: int) -> pa.StructArray:
        """fd.* of each event: one computed row per distinct fd version, plus the events whose
        fd.name is not the version's (failed fd-creating calls), then one take."""
        e = self.engine
        assert e is not None
        frows = e.out.fd_rows
        creator = e.out.fd_creator_name
        n = len(fnum)
        has_fd = fnum != FD_NONE
        u, inv = factorize(fsnap)
        # output rows: the fd versions of the batch, then those with another fd.name (failed
        # fd-creating calls naming an fd version), then the rows without a version
        is_v = u >= 0
        vers = u[is_v].tolist()
        vrows = [frows[s] for s in vers]
        jn = FI["name"]
        names = [r[jn] for r in vrows]
        take = np.where(is_v, np.cumsum(is_v) - 1, -1)[inv.reshape(-1)]
        # events whose fd.name is not their fd version's: failed fd-creating calls
        over = []
        for ev, name in creator.items():
            i = ev - base
            if name is not None and 0 <= i < n and has_fd[i] and fsnap[i] >= 0:
                over.append(i)
                vrows.append(frows[int(fsnap[i])])
                names.append(name)
        if over:
            take[over] = np.arange(len(vers), len(vrows))
        nulls: list[tuple[object, ...]] = [_FD_NULL]
        take[take < 0] = len(vrows)  # no version
        take[~has_fd] = len(vrows)
        no_snap = np.flatnonzero(has_fd & (fsnap < 0))
        if no_snap.size:
            # one row per (creator name, event type): most have no name, grouped by type at once
            named = np.zeros(n, dtype=bool)
            for ev, name in creator.items():
                if name is not None and 0 <= ev - base < n:
                    named[ev - base] = True
            plain = no_snap[~named[no_snap]]
            ut, uinv = factorize(types[plain])
            take[plain] = len(vrows) + len(nulls) + uinv.reshape(-1)
            memo: dict[tuple[str | None, int], int] = {}
            for t in ut.tolist():
                memo[(None, t)] = len(vrows) + len(nulls)
                nulls.append(_fd_null_row(None, t))
            for i in no_snap[named[no_snap]].tolist():
                key = (creator[base + i], tl[i])
                at = memo.get(key)
                if at is None:
                    at = memo[key] = len(vrows) + len(nulls)
                    nulls.append(_fd_null_row(*key))
                take[i] = at
        cols = _fd_columns(vrows, names, e.ifaces)
        tk = pa.array(take)
        arrays = [pa.array(fnum, pa.int64(), mask=~has_fd)]
        for j, (_nm, t) in enumerate(FD_FIELDS[1:]):
            arrays.append(pa.array(cols[j] + [r[j] for r in nulls], t).take(tk))
        return pa.StructArray.from_arrays(arrays, fields=[pa.field(nm, t) for nm, t in FD_FIELDS])


# --------------------------------------------------------------------------- batch helpers
_TYPE_NAME_LIST = [event_type_name(et, None) for et in range(T.PPM_EVENT_MAX)]
_TYPE_NAMES = pa.array(_TYPE_NAME_LIST, pa.string())
_DIRS = pa.array([">", "<"], pa.string())
# evt.is_io_read / is_io_write / is_wait: the event table's flags (generic events have none)
_READS = with_flag(T.EF_READS_FROM_FD)
_WRITES = with_flag(T.EF_WRITES_TO_FD)
_WAITS = with_flag(T.EF_WAITS)
_IO_DIRS = pa.array(["write", "read", None], pa.string())  # evt.io_dir: write is checked first (copy_file_range)


def _category(et: int) -> str:
    c = _info(et).category
    return CATEGORY.get(c & 0x1FF if c & 0x1FF in CATEGORY else c & 0xFF, "unknown")


# evt.category as libsinsp shows it: an I/O event's category is the kind of its fd (its subcategory;
# unknown without an fd or for other kinds), the IPC class is upper case
IO_CATEGORIES = frozenset({"IO_read", "IO_write", "IO_other"})
_CATEGORY_TEXT = {"ipc": "IPC"}
_FD_SUBCATEGORY = {"file": "file", "directory": "file", "ipv4": "net", "ipv6": "net", "pipe": "ipc",
                   "unix": "ipc", "event": "ipc", "signalfd": "ipc", "inotify": "ipc"}
_CATS = pa.array([_CATEGORY_TEXT.get(_category(et), _category(et)) for et in range(T.PPM_EVENT_MAX)], pa.string())
_IS_IO = np.array([_category(et) in IO_CATEGORIES for et in range(T.PPM_EVENT_MAX)], dtype=bool)
_SUB_KEYS = pa.array(list(_FD_SUBCATEGORY), pa.string())
_SUB_VALUES = pa.array([*_FD_SUBCATEGORY.values(), "unknown"], pa.string())
_CATS_AND_SUB = pa.concat_arrays([_CATS, _SUB_VALUES])


def _categories(types: np.ndarray, fd_type: pa.Array) -> pa.Array:
    """evt.category of each event, from its type and (for I/O events) the type of its fd."""
    io = _IS_IO[types]
    if not io.any():
        return _CATS.take(pa.array(types))
    # one take from the categories followed by the fd subcategories
    at = pc.fill_null(pc.index_in(fd_type, value_set=_SUB_KEYS), len(_FD_SUBCATEGORY)).to_numpy()
    return _CATS_AND_SUB.take(pa.array(np.where(io, len(_CATS) + at, types)))
# exits whose first parameter is the result (res or the new fd)
_HAS_RES = np.array([bool(et & 1 and _info(et).params and _info(et).params[0].name in ("res", "fd"))
                     for et in range(T.PPM_EVENT_MAX)], dtype=bool)
_LARGE = np.array([bool(T.EVENTS[et].flags & T.EF_LARGE_PAYLOAD) for et in range(T.PPM_EVENT_MAX)], dtype=bool)
# evt.is_open_*: the exits that carry their flags and mode (parameter positions), as libsinsp reads
# them from the event itself, whether the call succeeded or not; creat has a mode only
_OPEN_PARAMS: dict[int, tuple[int, int]] = {
    et: ((2, 3) if _info(et).name == "open" else (3, 4)) for et in range(T.PPM_EVENT_MAX)
    if et & 1 and _info(et).name in ("open", "openat", "openat2") and len(_info(et).params) > 4
}
_OPEN_PARAMS.update({et: (-1, 2) for et in range(T.PPM_EVENT_MAX) if et & 1 and _info(et).name == "creat"})
_OPEN_PARAM_GROUPS: dict[tuple[int, int], list[int]] = {}
for _et, _pos in _OPEN_PARAMS.items():
    _OPEN_PARAM_GROUPS.setdefault(_pos, []).append(_et)
_CREAT_MODE_ONLY = np.zeros(T.PPM_EVENT_MAX, dtype=bool)
_CREAT_MODE_ONLY[[et for et, (fpos, _) in _OPEN_PARAMS.items() if fpos < 0]] = True
_OLD_OPENAT_X = 103
_HAS_OPEN_MODES = np.zeros(T.PPM_EVENT_MAX, dtype=bool)
_HAS_OPEN_MODES[list(_OPEN_PARAMS) + [_OLD_OPENAT_X]] = True
PPM_O_TMPFILE = 1 << 13
_EXEC_BITS = 0o111  # PPM_S_IXUSR | PPM_S_IXGRP | PPM_S_IXOTH


def _int_param(b: EventBatch, rows: np.ndarray, k: int, dtype: str = "<u4") -> tuple[np.ndarray, np.ndarray]:
    """Parameter ``k`` of the (non-large) events ``rows`` read as a little-endian integer of
    ``dtype`` straight from the batch bytes, for all rows at once: (values as int64, present),
    present when the event has that parameter and it has the integer's size."""
    size = np.dtype(dtype).itemsize
    d = np.frombuffer(b.data, dtype=np.uint8)
    lo = b.lens_off[rows].astype(np.int64)
    npar = b.nparams[rows].astype(np.int64)
    last = len(d) - size
    lens = [(d[np.minimum(lo + 2 * j, last)].astype(np.int64)
             | (d[np.minimum(lo + 2 * j + 1, last)].astype(np.int64) << 8)) for j in range(k + 1)]
    ok = (npar > k) & (lens[k] == size)
    at = np.minimum(lo + 2 * npar + sum(lens[:k], np.zeros(len(rows), dtype=np.int64)), last)
    val = d[at[:, None] + np.arange(size)].copy().view(dtype).ravel().astype(np.int64)
    return np.where(ok, val, 0), ok


def _open_modes(b: EventBatch, types: np.ndarray, base: int,
                old_openat: dict[int, tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """evt.is_open_read / write / exec: from the flags and mode an open, openat, openat2 or creat
    exit carries (failed calls too); an old-format openat exit takes them from its enter."""
    n = len(types)
    flags = np.zeros(n, dtype=np.int64)
    mode = np.zeros(n, dtype=np.int64)
    has_flags = np.zeros(n, dtype=bool)
    has_mode = np.zeros(n, dtype=bool)
    large = _LARGE[types]
    for (fpos, mpos), ets in _OPEN_PARAM_GROUPS.items():
        rows = np.flatnonzero(np.isin(types, ets) & ~large)
        if not rows.size:
            continue
        if fpos >= 0:
            flags[rows], has_flags[rows] = _int_param(b, rows, fpos)
        mode[rows], has_mode[rows] = _int_param(b, rows, mpos)
    for i in np.flatnonzero(_HAS_OPEN_MODES[types] & (large | (types == _OLD_OPENAT_X))).tolist():
        et = int(types[i])
        if et == _OLD_OPENAT_X:
            fm = old_openat.get(base + i)
            if fm is not None:
                flags[i], mode[i] = fm
                has_flags[i] = has_mode[i] = True
            continue
        fpos, mpos = _OPEN_PARAMS[et]
        p = b.params(i)
        if 0 <= fpos < len(p) and len(p[fpos]) == 4:
            flags[i], has_flags[i] = int.from_bytes(p[fpos], "little"), True
        if mpos < len(p) and len(p[mpos]) == 4:
            mode[i], has_mode[i] = int.from_bytes(p[mpos], "little"), True
    is_or = has_flags & ((flags & PPM_O_RDONLY) != 0)
    is_ow = has_flags & ((flags & PPM_O_WRONLY) != 0)
    creat = _CREAT_MODE_ONLY[types]
    is_ox = has_mode & ((mode & _EXEC_BITS) != 0) & (creat | ((flags & (PPM_O_TMPFILE | PPM_O_CREAT)) != 0))
    return is_or, is_ow, is_ox


_FD_NULL: tuple[object, ...] = (None,) * (len(FD_FIELDS) - 1)
_FD_MEMBERS = {nm: j for j, (nm, _t) in enumerate(FD_FIELDS[1:])}


def _res_values(b: EventBatch, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """evt.rawres of every event (value, present): the first parameter when it is an 8-byte res/fd."""
    n = len(b)
    rr = np.zeros(n, dtype=np.int64)
    ok = np.zeros(n, dtype=bool)
    want = _HAS_RES[types] & (b.nparams > 0)
    big = np.flatnonzero(want & _LARGE[types])
    want &= ~_LARGE[types]
    sel = np.flatnonzero(want)
    if sel.size:
        rr[sel], ok[sel] = _int_param(b, sel, 0, "<i8")
    for i in big.tolist():
        p0 = b.params(i)[0]
        if len(p0) == 8:
            rr[i] = int.from_bytes(p0, "little", signed=True)
            ok[i] = True
    return rr, ok


def _res_text(rr: np.ndarray, ok: np.ndarray, failed: np.ndarray, types: np.ndarray) -> pa.Array:
    """evt.res: SUCCESS, the text of a failure (per event type and value), or null."""
    code = np.where(ok, 0, 1).astype(np.int64)  # 0 = SUCCESS, 1 = null, 2+ = failure texts
    texts: list[str | None] = ["SUCCESS", None]
    bad = np.flatnonzero(failed)
    if bad.size:
        uv, vinv = factorize(rr[bad])
        u, inv = factorize(vinv.reshape(-1).astype(np.int64) * T.PPM_EVENT_MAX + types[bad])
        texts.extend(failure_text(int(k) % T.PPM_EVENT_MAX, int(uv[int(k) // T.PPM_EVENT_MAX]))
                     for k in u.tolist())
        code[bad] = inv.reshape(-1) + 2
    return pa.array(texts, pa.string()).take(pa.array(code))


def _at(col: np.ndarray, snaps: np.ndarray) -> np.ndarray:
    """``col[snap]`` per event, -1 where there is no snapshot."""
    if col.size == 0:
        return np.full(snaps.shape, -1, dtype=np.int64)
    return np.where(snaps >= 0, col[np.maximum(snaps, 0)], -1)


class _Snaps:
    """Columns of thread versions selected per event: values computed once per distinct version."""

    def __init__(self, rows: list[tuple], snaps: np.ndarray) -> None:  # type: ignore[type-arg]
        u, inv = factorize(snaps)
        self.rows = [rows[s] if s >= 0 else None for s in u.tolist()]
        self.take = pa.array(inv.reshape(-1).astype(np.int64))
        self._same: dict[tuple[object, ...], pa.Array] = {}  # one array per distinct values (user/group name)

    def col(self, j: int, t: pa.DataType) -> pa.Array:
        return self._array([r[j] if r is not None else None for r in self.rows], t)

    def derived(self, fn: Callable[[tuple], object], t: pa.DataType) -> pa.Array:  # type: ignore[type-arg]
        return self._array([fn(r) if r is not None else None for r in self.rows], t)

    def _array(self, vals: list[object], t: pa.DataType) -> pa.Array:
        key = values_key(t, vals)
        got = self._same.get(key) if key is not None else None
        if got is None:
            got = pa.array(vals, t).take(self.take)
            if key is not None:
                self._same[key] = got
        return got


def _proc_args(r: tuple) -> str:  # type: ignore[type-arg]
    return " ".join(r[TI["args"]])


def _cmdline(r: tuple) -> str | None:  # type: ignore[type-arg]
    c, a = r[TI["comm"]], r[TI["args"]]
    if c is None:
        return None
    return c if not a else f"{c} {' '.join(a)}"


def _fd_columns(vrows: list[tuple], names: list[str | None], ifaces: Interfaces) -> list[list[object]]:  # type: ignore[type-arg]
    """fd.* members (after num) of fd versions, one list per member; ``names`` are the fd.name of
    each row (the version's own or another)."""
    k = len(vrows)
    cols: list[list[object]] = [[None] * k for _ in _FD_MEMBERS]
    if not k:
        return cols
    M = _FD_MEMBERS
    types = list(map(itemgetter(FI["type"]), vrows))
    cols[M["name"]] = list(names)
    cols[M["type"]] = [FD_TYPENAME.get(t, "<NA>") for t in types]
    cols[M["typechar"]] = [FD_TYPECHAR.get(t, "o") for t in types]
    cols[M["openflags"]] = list(map(itemgetter(FI["openflags"]), vrows))
    # libsinsp's value for any fd that is not a tcp/udp/icmp/raw socket
    l4 = cols[M["l4proto"]] = ["<NA>"] * k
    # false unless a connected socket
    cols[M["connected"]] = [bool(c) for c in map(itemgetter(FI["connected"]), vrows)]
    is_server = cols[M["is_server"]] = [False] * k  # true only for a listener or a local destination
    directory, filename = cols[M["directory"]], cols[M["filename"]]
    for j in [j for j, t in enumerate(types) if t in _FILE_TYPES]:
        name = names[j]
        assert name is not None
        directory[j], filename[j] = _dir_file(name)
    for j in [j for j, t in enumerate(types) if t == m.FD_DIRECTORY]:
        directory[j] = names[j]  # a directory fd is its own fd.directory, and has no fd.filename
    # IP sockets: fd.sip/sport/cip/cport/lip/lport/rip/rport/is_server. As libsinsp, the local end is
    # the one whose address belongs to the machine (the capture's interface list): fd.is_server when
    # the destination address is local, fd.lip the source when it is local.
    sip_o, sport_o, cip_o, cport_o = cols[M["sip"]], cols[M["sport"]], cols[M["cip"]], cols[M["cport"]]
    lip_o, lport_o, rip_o, rport_o = cols[M["lip"]], cols[M["lport"]], cols[M["rip"]], cols[M["rport"]]
    j_l4, j_role, j_sip, j_sport, j_dip, j_dport = (FI[c] for c in ("l4proto", "role", "sip", "sport", "dip", "dport"))
    is_local = ifaces.is_local
    for j in [j for j, t in enumerate(types) if t in _SOCKET_TYPES]:
        r = vrows[j]
        ftype, role = types[j], r[j_role]
        l4[j] = L4.get(effective_l4(ftype, r[j_l4], role), "<NA>")
        sip, sport, dip, dport = r[j_sip], r[j_sport], r[j_dip], r[j_dport]
        if ftype in _SERVSOCK_TYPES:
            sport_o[j] = dport
            is_server[j] = True
            if role != ROLE_NONE:  # a listener from the fd list has no role: no fd.sip
                sip_o[j] = _ipstr(dip)
            continue
        v4 = ftype == m.FD_IPV4_SOCK
        is_server[j] = is_local(dip, v4)
        if role == ROLE_NONE:
            continue
        cip_o[j], cport_o[j] = _ipstr(sip), sport
        sip_o[j], sport_o[j] = _ipstr(dip), dport
        if is_local(sip, v4):
            lip_o[j], lport_o[j], rip_o[j], rport_o[j] = _ipstr(sip), sport, _ipstr(dip), dport
        else:
            lip_o[j], lport_o[j], rip_o[j], rport_o[j] = _ipstr(dip), dport, _ipstr(sip), sport
    return cols


_FILE_TYPES = frozenset((m.FD_FILE, m.FD_FILE_V2))
_SERVSOCK_TYPES = frozenset((m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK))
_SOCKET_TYPES = frozenset((m.FD_IPV4_SOCK, m.FD_IPV6_SOCK, m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK))


def _fd_null_row(name: str | None, et: int) -> tuple[object, ...]:
    """fd.* of an event that names an fd the tables do not hold (a failed fd-creating call)."""
    v: list[object] = [None] * len(_FD_MEMBERS)
    v[_FD_MEMBERS["name"]] = name
    if name is not None:
        _dir_file_row(v, name)
        v[_FD_MEMBERS["filename"]] = None  # libsinsp has no fd.filename without an fd (0.29.3 and HEAD)
    v[_FD_MEMBERS["typechar"]] = _NULL_FD_TYPECHAR.get(_info(et).name, "o")
    return tuple(v)


def _dir_file(name: str) -> tuple[str, str]:
    """fd.directory and fd.filename of a file's name, as libsinsp splits it: the filename is the
    part after the last slash (a name ending in a slash stays whole, none gives "/")."""
    pos = name.rfind("/")
    directory = (name[:pos] if pos < len(name) - 1 else name) if pos > 0 else "/"
    return directory, (name[pos + 1 :] if pos < len(name) - 1 else name) if pos >= 0 else "/"


def _dir_file_row(v: list[object], name: str) -> None:
    v[_FD_MEMBERS["directory"]], v[_FD_MEMBERS["filename"]] = _dir_file(name)


def build_tables(paths: list[str], progress: Callable[[int, int], None] | None = None) -> CaptureTables:
    """Decode whole captures into in-memory tables (for tests and small files)."""
    tb = TableBuilder(paths, progress)
    rbs = list(tb.batches())
    events = pa.Table.from_batches(rbs, schema=EVENTS_SCHEMA)
    threads, fds = version_tables(tb)
    extra = {**derived_tables(tb.engine), "contexts": tb.contexts.table()}
    return CaptureTables(tb.header, tb.stats, events, threads, fds, extra)


def version_tables(tb: TableBuilder) -> tuple[pa.Table, pa.Table]:
    e = tb.engine
    if e is None:
        return pa.table({"tid": pa.array([], pa.int64())}), pa.table({"fd": pa.array([], pa.int64())})
    rows = e.out.thread_rows
    cols: dict[str, list[object]] = {c: [r[j] for r in rows] for j, c in enumerate(THREAD_COLS)}
    cols["version"] = list(range(len(rows)))
    first: dict[int, int] = {}
    for _t, i, s in zip(e.out.vlog_tid, e.out.vlog_idx, e.out.vlog_snap, strict=True):
        if s >= 0 and s not in first:
            first[s] = i + 1
    cols["from_evt_num"] = [first.get(s) for s in range(len(rows))]
    try:
        threads = pa.table({k: pa.array(v, pa.uint64()) if k in _U64_THREAD_COLS else v for k, v in cols.items()})
        fds = pa.concat_tables([*tb.fd_spilled, fd_version_table(*e.out.fd_rows.remaining())])
    except (pa.ArrowInvalid, OverflowError) as exc:  # a value out of its column's range (a corrupt capture)
        raise ScapError(f"{', '.join(tb.paths)}: a thread or fd value does not fit its column: {exc}") from None
    if len(tb.fd_spilled):
        fds = fds.take(pc.sort_indices(fds["version"]))
    return threads, fds


# unsigned 64-bit values of the capture (an inode, capability masks): any value of the type is valid
_U64_THREAD_COLS = frozenset(("exe_ino", "cap_inheritable", "cap_permitted", "cap_effective"))

FDS_SCHEMA = pa.schema(
    [pa.field(c, pa.string() if c in ("type", "name", "sip", "dip", "nameraw") else
              pa.bool_() if c == "connected" else pa.uint64() if c == "ino" else pa.int64()) for c in FD_COLS]
    + [pa.field("typechar", pa.string()), pa.field("version", pa.int64())])


def fd_version_table(versions: list[int], rows: list[tuple]) -> pa.Table:  # type: ignore[type-arg]
    """Rows of the ``fds`` version table."""
    cols: dict[str, list[object]] = {c: [r[j] for r in rows] for j, c in enumerate(FD_COLS)}
    cols["typechar"] = [FD_TYPECHAR.get(t, "o") for t in cols["type"]]
    cols["type"] = [FD_TYPENAME.get(t, "<NA>") for t in cols["type"]]
    cols["version"] = versions  # type: ignore[assignment]
    return pa.table(cols, schema=FDS_SCHEMA)
