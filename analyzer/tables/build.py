"""Turn a capture into Arrow tables: ``events`` (struct columns named after Falco field
classes) plus header tables. Batches stream: peak memory follows the batch size, not the file.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from ..scap import event_table as T
from ..scap import model as m
from ..scap.reader import CaptureHeader, CaptureReader, EventBatch, ReadStats
from ..scap.render import event_type_name
from ..state.engine import (
    FD_COLS,
    FD_NONE,
    FD_TYPECHAR,
    FD_TYPENAME,
    L4,
    ROLE_CLIENT,
    ROLE_NONE,
    ROLE_SERVER,
    THREAD_COLS,
    FdInfo,
    StateEngine,
    effective_l4,
)
from .event_extras import events_schema, extend_batch

TI = {c: i for i, c in enumerate(THREAD_COLS)}
FI = {c: i for i, c in enumerate(FD_COLS)}
ANCESTOR_DEPTH = 8

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


def _info(et: int) -> T.EventInfo:
    return T.EVENTS_2022[et] if et < len(T.EVENTS_2022) else T.EVENTS[et]


# --------------------------------------------------------------------------- schema
def _struct(fields: list[tuple[str, pa.DataType]]) -> pa.StructType:
    return pa.struct([pa.field(n, t) for n, t in fields])


EVT_FIELDS: list[tuple[str, pa.DataType]] = [
    ("num", pa.uint64()), ("rawtime", pa.uint64()), ("time", pa.timestamp("ns", tz="UTC")),
    ("type", pa.string()), ("dir", pa.string()), ("cpu", pa.int32()), ("category", pa.string()),
    ("res", pa.string()), ("rawres", pa.int64()), ("failed", pa.bool_()), ("args", pa.string()),
    ("is_open_read", pa.bool_()), ("is_open_write", pa.bool_()), ("is_open_exec", pa.bool_()),
    ("shown", pa.bool_()), ("typeid", pa.uint16()), ("file_offset", pa.int64()),
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

    def lookup(self, tids: np.ndarray, idxs: np.ndarray) -> np.ndarray:
        if self.t.size == 0:
            return np.full(tids.shape, -1, dtype=np.int64)
        # position of the last (tid, idx) <= query, via a combined search per tid
        lo = np.searchsorted(self.t, tids, side="left")
        hi = np.searchsorted(self.t, tids, side="right")
        out = np.full(tids.shape, -1, dtype=np.int64)
        has = hi > lo
        if not has.any():
            return out
        # search idx within [lo, hi): shift idx by group so one searchsorted serves all
        # (versions of one tid are contiguous and sorted by idx)
        key_v = self.i
        pos = np.empty(tids.shape, dtype=np.int64)
        for_q = np.nonzero(has)[0]
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
        "addr": [str(ipaddress.ip_address(i.addr)) for i in h.interfaces],
        "netmask": [str(ipaddress.ip_address(i.netmask)) for i in h.interfaces],
    })
    return {"machine": machine, "users": users, "groups": groups, "interfaces": ifs}


# --------------------------------------------------------------------------- builder
class TableBuilder:
    """Streams a capture through the state engine and yields events record batches."""

    def __init__(self, paths: list[str], progress: Callable[[int, int], None] | None = None) -> None:
        self.paths = paths
        self.progress = progress
        self.header = CaptureHeader()
        self.stats = ReadStats()
        self.engine: StateEngine | None = None
        self._num = 0

    def batches(self) -> Iterator[pa.RecordBatch]:
        for path in self.paths:
            reader = CaptureReader(path)
            try:
                h = reader.header
                if self.engine is None:
                    self.header = h
                    self.engine = StateEngine(h)
                else:
                    self.engine.load_header(h)
                    self.header.procs.extend(h.procs)
                size = os.path.getsize(path)
                for b in reader.batches():
                    if b.restart is not None:
                        self.engine.load_header(b.restart)
                    self.engine.process(b)
                    yield self._record_batch(b)
                    if self.progress is not None:
                        self.progress(int(b.file_off[-1]) if len(b) else 0, size)
            finally:
                reader.close()
                self.stats.events += reader.stats.events
                self.stats.skipped_unknown.update(reader.stats.skipped_unknown)
                self.stats.warnings.extend(reader.stats.warnings)
                if reader.stats.truncated_at is not None:
                    self.stats.truncated_at = reader.stats.truncated_at

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

        # ---- evt
        names: list[str] = []
        dirs: list[str] = []
        cats: list[str] = []
        res_s: list[str | None] = []
        rawres: list[int | None] = []
        is_or: list[bool] = []
        is_ow: list[bool] = []
        is_ox: list[bool] = []
        tl = types.tolist()
        for i in range(n):
            et = tl[i]
            info = _info(et)
            params = None
            if et in (0, 1):
                params = b.params(i)
            names.append(event_type_name(et, params))
            dirs.append(">" if et % 2 == 0 else "<")
            cats.append(CATEGORY.get(info.category & 0x1FF if info.category & 0x1FF in CATEGORY else info.category & 0xFF, "unknown"))
            rr: int | None = None
            rs: str | None = None
            if et & 1 and info.params and info.params[0].name in ("res", "fd") and int(b.nparams[i]) > 0:
                p0 = b.params(i)[0] if params is None else params[0]
                if len(p0) == 8:
                    rr = int.from_bytes(p0, "little", signed=True)
                    rs = "SUCCESS" if rr >= 0 else _errno(-rr)
            rawres.append(rr)
            res_s.append(rs)
            o_r = o_w = o_x = False
            if et & 1 and info.name in ("open", "openat", "openat2", "creat") and rr is not None and rr >= 0:
                fsn = int(fsnap[i])
                if fsn >= 0:
                    fl = out.fd_rows[fsn][FI["openflags"]]
                    o_r = bool(fl & PPM_O_RDONLY)
                    o_w = bool(fl & PPM_O_WRONLY) or info.name == "creat"
                    o_x = False
            is_or.append(o_r)
            is_ow.append(o_w)
            is_ox.append(o_x)
        ts = b.ts
        evt = pa.StructArray.from_arrays(
            [
                pa.array(idx + 1, pa.uint64()), pa.array(ts, pa.uint64()),
                pa.array(ts.view(np.int64), pa.timestamp("ns", tz="UTC")),
                pa.array(names, pa.string()), pa.array(dirs, pa.string()), pa.array(b.cpu.astype(np.int32)),
                pa.array(cats, pa.string()), pa.array(res_s, pa.string()), pa.array(rawres, pa.int64()),
                pa.array([r is not None and r < 0 for r in rawres], pa.bool_()), pa.array(args, pa.string()),
                pa.array(is_or), pa.array(is_ow), pa.array(is_ox), pa.array(shown),
                pa.array(b.type, pa.uint16()), pa.array(b.file_off, pa.int64()),
            ],
            fields=[pa.field(nm, t) for nm, t in EVT_FIELDS],
        )

        # ---- thread / proc / user / group via the snapshot rows
        asof = _AsOf(out.vlog_tid, out.vlog_idx, out.vlog_snap)
        has_t = tsnap >= 0
        safe = np.where(has_t, tsnap, 0)

        def col(name: str, snaps: np.ndarray) -> list[object]:
            j = TI[name]
            return [rows[s][j] if s >= 0 else None for s in snaps.tolist()]

        # proc.ppid is the parent of the process's main thread
        own_tid = np.array([rows[s][TI["tid"]] if s >= 0 else -1 for s in tsnap.tolist()], dtype=np.int64)
        own_pid = np.array([rows[s][TI["pid"]] if s >= 0 else -1 for s in tsnap.tolist()], dtype=np.int64)
        msnap = np.where(own_tid == own_pid, tsnap, asof.lookup(own_pid, idx))
        msnap = np.where(msnap >= 0, msnap, tsnap)
        main_ptid = [rows[s][TI["ptid"]] if s >= 0 else None for s in msnap.tolist()]
        # ...while proc.pname and proc.aname[N] walk the thread's own parent links (as libsinsp does)
        ptid = np.array([rows[s][TI["ptid"]] if s >= 0 else -1 for s in tsnap.tolist()], dtype=np.int64)
        anc_snaps: list[np.ndarray] = []
        cur = ptid
        for _ in range(ANCESTOR_DEPTH):
            ps = asof.lookup(cur, idx)
            ps = np.where(cur >= 0, ps, -1)
            anc_snaps.append(ps)
            cur = np.array([rows[s][TI["ptid"]] if s >= 0 else -1 for s in ps.tolist()], dtype=np.int64)
        psnap = anc_snaps[0]
        del safe

        comm = col("comm", tsnap)
        args_l = col("args", tsnap)
        proc_args = [" ".join(a) if a is not None else None for a in args_l]
        cmdline = [
            (c if not a else f"{c} {' '.join(a)}") if c is not None else None
            for c, a in zip(comm, args_l, strict=True)
        ]
        pcomm = col("comm", psnap)
        pargs = col("args", psnap)
        pcmd = [
            (c if not a else f"{c} {' '.join(a)}") if c is not None else None
            for c, a in zip(pcomm, pargs, strict=True)
        ]
        # the ancestor chain stops at the first thread that is not in the table
        anames: list[list[str]] = []
        apids: list[list[int]] = []
        for i in range(n):
            nm: list[str] = []
            pd: list[int] = []
            for a in anc_snaps:
                s = int(a[i])
                if s < 0:
                    break
                nm.append(rows[s][TI["comm"]])
                pd.append(rows[s][TI["pid"]])
            anames.append(nm)
            apids.append(pd)
        tids = col("tid", tsnap)
        pids = col("pid", tsnap)
        thread = pa.StructArray.from_arrays(
            [pa.array(tids, pa.int64()), pa.array(col("vtid", tsnap), pa.int64()),
             pa.array([t == p if t is not None else None for t, p in zip(tids, pids, strict=True)], pa.bool_())],
            fields=[pa.field(nm, t) for nm, t in THREAD_FIELDS],
        )
        ppid = main_ptid
        proc = pa.StructArray.from_arrays(
            [
                pa.array(pids, pa.int64()), pa.array(ppid, pa.int64()), pa.array(col("vpid", tsnap), pa.int64()),
                pa.array(comm, pa.string()), pa.array(col("exe", tsnap), pa.string()),
                pa.array(col("exepath", tsnap), pa.string()), pa.array(proc_args, pa.string()),
                pa.array(cmdline, pa.string()), pa.array(col("cwd", tsnap), pa.string()),
                pa.array(col("tty", tsnap), pa.uint32()), pa.array(col("sid", tsnap), pa.int64()),
                pa.array(col("vpgid", tsnap), pa.int64()), pa.array(pcomm, pa.string()),
                pa.array(col("exe", psnap), pa.string()), pa.array(col("exepath", psnap), pa.string()),
                pa.array(pcmd, pa.string()), pa.array(anames, pa.list_(pa.string())),
                pa.array(apids, pa.list_(pa.int64())), pa.array(col("exe_writable", tsnap), pa.bool_()),
                pa.array(col("env", tsnap), pa.list_(pa.string())),
            ],
            fields=[pa.field(nm, t) for nm, t in PROC_FIELDS],
        )
        uids = col("uid", tsnap)
        users = e.users
        groups = e.groups
        uname = [users[u].name if u is not None and u in users else None for u in uids]
        loginuid_raw = col("loginuid", tsnap)
        loginuid = [(-1 if v == 0xFFFFFFFF else v) if v is not None else None for v in loginuid_raw]
        user = pa.StructArray.from_arrays(
            [
                pa.array(uids, pa.uint32()), pa.array(uname, pa.string()),
                pa.array([users[u].homedir if u is not None and u in users else None for u in uids], pa.string()),
                pa.array([users[u].shell if u is not None and u in users else None for u in uids], pa.string()),
                pa.array(loginuid, pa.int64()),
                pa.array([users[v].name if v is not None and v in users else None for v in loginuid_raw], pa.string()),
            ],
            fields=[pa.field(nm, t) for nm, t in USER_FIELDS],
        )
        gids = col("gid", tsnap)
        group = pa.StructArray.from_arrays(
            [pa.array(gids, pa.uint32()),
             pa.array([groups[g].name if g is not None and g in groups else None for g in gids], pa.string())],
            fields=[pa.field(nm, t) for nm, t in GROUP_FIELDS],
        )

        # ---- fd
        fd_struct = self._fd_struct(b, fsnap, fnum, tl, base)
        cont = pa.StructArray.from_arrays(
            [pa.array([(c or "host") if c is not None else None for c in col("container_id", tsnap)], pa.string())],
            fields=[pa.field("id", pa.string())],
        )
        del has_t
        cols = extend_batch(e, b, tsnap, fsnap, fnum, idx, asof, anc_snaps,
                            [evt, thread, proc, user, group, fd_struct, cont])
        return pa.RecordBatch.from_arrays(cols, schema=EVENTS_SCHEMA)

    def _fd_struct(self, b: EventBatch, fsnap: np.ndarray, fnum: np.ndarray, tl: list[int], base: int) -> pa.StructArray:
        e = self.engine
        assert e is not None
        frows = e.out.fd_rows
        creator = e.out.fd_creator_name
        n = len(tl)
        cols: dict[str, list[object]] = {nm: [None] * n for nm, _ in FD_FIELDS}
        for i in range(n):
            fn = int(fnum[i])
            if fn == FD_NONE:
                continue
            cols["num"][i] = fn
            s = int(fsnap[i])
            g = base + i
            if s < 0:
                name = creator.get(g)
                cols["name"][i] = name
                if name is not None:
                    _dir_file(cols, i, name, tl[i])
                cols["typechar"][i] = _NULL_FD_TYPECHAR.get(_info(tl[i]).name, "o") if name is not None or True else None
                continue
            r = frows[s]
            ftype = r[FI["type"]]
            f = FdInfo(ftype, r[FI["name"]])
            f.l4proto, f.role = r[FI["l4proto"]], r[FI["role"]]
            name = creator.get(g, r[FI["name"]])
            cols["name"][i] = name
            cols["type"][i] = FD_TYPENAME.get(ftype, "unknown")
            cols["typechar"][i] = FD_TYPECHAR.get(ftype, "o")
            cols["openflags"][i] = r[FI["openflags"]]
            if ftype in (m.FD_FILE, m.FD_FILE_V2, m.FD_DIRECTORY):
                _dir_file(cols, i, name, tl[i])
            if f.is_socket():
                l4 = effective_l4(f)
                cols["l4proto"][i] = L4.get(l4)
                role = r[FI["role"]]
                sip, sport, dip, dport = r[FI["sip"]], r[FI["sport"]], r[FI["dip"]], r[FI["dport"]]
                if ftype in (m.FD_IPV4_SERVSOCK, m.FD_IPV6_SERVSOCK):
                    cols["sip"][i] = _ipstr(dip)
                    cols["sport"][i] = dport
                    cols["cport"][i] = 0
                    cols["is_server"][i] = True
                elif role != ROLE_NONE:
                    cols["cip"][i], cols["cport"][i] = _ipstr(sip), sport
                    cols["sip"][i], cols["sport"][i] = _ipstr(dip), dport
                    cols["is_server"][i] = role == ROLE_SERVER
                    if role == ROLE_CLIENT:
                        cols["lip"][i], cols["lport"][i], cols["rip"][i], cols["rport"][i] = _ipstr(sip), sport, _ipstr(dip), dport
                    elif role == ROLE_SERVER:
                        cols["lip"][i], cols["lport"][i], cols["rip"][i], cols["rport"][i] = _ipstr(dip), dport, _ipstr(sip), sport
                cols["connected"][i] = bool(r[FI["connected"]])
            elif ftype != m.FD_UNIX_SOCK:
                cols["l4proto"][i] = None
        arrays = [pa.array(cols[nm], t) for nm, t in FD_FIELDS]
        return pa.StructArray.from_arrays(arrays, fields=[pa.field(nm, t) for nm, t in FD_FIELDS])


def _dir_file(cols: dict[str, list[object]], i: int, name: str, et: int) -> None:
    pos = name.rfind("/")
    if pos > 0:
        cols["directory"][i] = name[:pos] if pos < len(name) - 1 else name
    else:
        cols["directory"][i] = "/"
    cols["filename"][i] = name[pos + 1 :] if pos >= 0 else name


def _errno(e: int) -> str:
    return T.ERRNO_NAMES.get(e, f"E{e}")


def build_tables(paths: list[str], progress: Callable[[int, int], None] | None = None) -> CaptureTables:
    """Decode whole captures into in-memory tables (for tests and small files)."""
    tb = TableBuilder(paths, progress)
    rbs = list(tb.batches())
    events = pa.Table.from_batches(rbs, schema=EVENTS_SCHEMA)
    threads, fds = version_tables(tb)
    return CaptureTables(tb.header, tb.stats, events, threads, fds)


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
    threads = pa.table({k: v for k, v in cols.items()})
    frows = e.out.fd_rows
    fcols: dict[str, list[object]] = {c: [r[j] for r in frows] for j, c in enumerate(FD_COLS)}
    fcols["typechar"] = [FD_TYPECHAR.get(t, "o") for t in fcols["type"]]
    fcols["type"] = [FD_TYPENAME.get(t, "unknown") for t in fcols["type"]]
    fcols["version"] = list(range(len(frows)))
    fds = pa.table(fcols)
    return threads, fds
