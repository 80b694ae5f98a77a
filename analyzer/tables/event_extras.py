"""Members of the ``events`` struct columns beyond the base ones built in ``build.py``: argument
maps, capabilities, session name, exe inode data, ancestor exe paths, fd raw name / name change /
address lists, container metadata and the ``k8s`` column.

``extend_batch`` takes the base struct arrays of one record batch and returns them with these
members appended (and the ``k8s`` column added), in the order of ``EVENTS_SCHEMA``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pyarrow as pa

from ..scap import model as m
from ..scap.reader import EventBatch
from ..scap.text import cstr
from ..state.containers import ContainerInfo
from ..state.engine import FD_COLS, FD_NONE, PPM_CL_CHILD_IN_PIDNS, THREAD_COLS
from .context import CTX_TYPE, ContextIds
from .derived import DerivedAccumulator
from .factorize import factorize, factorize_rows

if TYPE_CHECKING:
    from ..state.engine import StateEngine

TI = {c: i for i, c in enumerate(THREAD_COLS)}
FI = {c: i for i, c in enumerate(FD_COLS)}

# Linux capability names by bit number (as Falco prints thread.cap_*)
CAPABILITIES = (
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
    "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
    "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
)


@functools.lru_cache(maxsize=1 << 12)
def caps_to_string(caps: int) -> str:
    """Space-separated CAP_* names of the set bits (unknown bits are left out), "" for none."""
    return " ".join(name for bit, name in enumerate(CAPABILITIES) if caps >> bit & 1)


MOUNT_TYPE = pa.struct([
    pa.field("source", pa.string()), pa.field("dest", pa.string()), pa.field("mode", pa.string()),
    pa.field("rdwr", pa.bool_()), pa.field("propagation", pa.string()),
])
_MAP = pa.map_(pa.string(), pa.string())

EVT_EXTRA: list[tuple[str, pa.DataType]] = [
    ("arg", _MAP), ("arglist", pa.list_(pa.string())), ("rawarg", _MAP), ("buffer", pa.binary()),
]
THREAD_EXTRA: list[tuple[str, pa.DataType]] = [
    ("cap_effective", pa.string()), ("cap_permitted", pa.string()), ("cap_inheritable", pa.string()),
]
PROC_EXTRA: list[tuple[str, pa.DataType]] = [
    ("sname", pa.string()), ("duration", pa.int64()), ("pid_ts", pa.int64()),
    ("aexepaths", pa.list_(pa.string())), ("aexes", pa.list_(pa.string())),
    ("exe_ino", pa.uint64()), ("exe_ino_ctime", pa.int64()), ("exe_ino_mtime", pa.int64()),
    ("exe_ino_ctime_duration_proc_start", pa.int64()), ("exe_ino_ctime_duration_pidns_start", pa.int64()),
    ("pidns_init_start_ts", pa.int64()), ("is_exe_upper_layer", pa.bool_()), ("is_exe_lower_layer", pa.bool_()),
    ("is_exe_from_memfd", pa.bool_()), ("is_sid_leader", pa.bool_()), ("is_vpgid_leader", pa.bool_()),
    ("loginshellid", pa.int64()),
]
FD_EXTRA: list[tuple[str, pa.DataType]] = [
    ("nameraw", pa.string()), ("name_changed", pa.bool_()), ("sockfamily", pa.string()),
    ("ips", pa.list_(pa.string())), ("ports", pa.list_(pa.uint16())),
    ("cip_name", pa.string()), ("sip_name", pa.string()), ("lip_name", pa.string()), ("rip_name", pa.string()),
]
CONTAINER_EXTRA: list[tuple[str, pa.DataType]] = [
    ("full_id", pa.string()), ("name", pa.string()), ("type", pa.string()), ("image", pa.string()),
    ("image_id", pa.string()), ("image_repository", pa.string()), ("image_tag", pa.string()),
    ("image_digest", pa.string()), ("privileged", pa.bool_()), ("ip", pa.string()), ("start_ts", pa.int64()),
    ("duration", pa.int64()), ("labels", pa.string()), ("label_map", _MAP), ("mounts", pa.string()),
    ("mount_list", pa.list_(MOUNT_TYPE)),
]
K8S_FIELDS: list[tuple[str, pa.DataType]] = [
    ("ns_name", pa.string()), ("pod_name", pa.string()), ("pod_uid", pa.string()), ("pod_labels", _MAP),
]

_SOCKFAMILY = {
    m.FD_IPV4_SOCK: "ip", m.FD_IPV6_SOCK: "ip", m.FD_IPV4_SERVSOCK: "ip", m.FD_IPV6_SERVSOCK: "ip",
    m.FD_UNIX_SOCK: "unix",
}
ANCESTOR_LIMIT = 256  # ancestor walks (of a parent loop, too) stop there
_OPEN_NAME_PARAM = {3: 1, 59: 1, 307: 2, 327: 2}  # exit event id -> index of its path parameter


def _extend(struct: pa.StructArray, extra: list[tuple[str, pa.DataType]], arrays: Sequence[pa.Array],
            replace: dict[str, pa.Array] | None = None) -> pa.StructArray:
    """``struct`` with ``arrays`` appended as members ``extra``; members named in ``replace`` swapped."""
    fields = [struct.type.field(i) for i in range(struct.type.num_fields)]
    children = [struct.field(i) for i in range(struct.type.num_fields)]
    if replace:
        children = [replace.get(f.name, c) for f, c in zip(fields, children, strict=True)]
    return pa.StructArray.from_arrays(
        children + list(arrays), fields=fields + [pa.field(n, t) for n, t in extra])


def values_key(t: pa.DataType, vals: list[Any]) -> tuple[Any, ...] | None:
    """A dictionary key for an array of type ``t`` with these values; None when they cannot be
    hashed (lists, maps)."""
    key = (t, *vals)
    try:
        hash(key)
    except TypeError:
        return None
    return key


class Rows(Protocol):
    def __getitem__(self, v: int, /) -> tuple[Any, ...]: ...


class _ByVersion:
    """Per-event values of version-table columns, computed once per distinct version and spread
    to the events with a vectorised take."""

    def __init__(self, rows: Rows, snaps: np.ndarray) -> None:
        """``rows[v]`` is the row of version v: a list of thread rows, or the fd versions still held
        (``VersionRows``: an evicted version is a KeyError, so only live versions may be asked for)."""
        self.rows = rows
        u, inv = factorize(snaps)
        self.u = u.tolist()
        self.inv = inv.reshape(-1)
        # columns with the same per-version values (cap_effective and cap_permitted, the exe layer
        # flags...) share one array
        self._same: dict[tuple[Any, ...], pa.Array] = {}

    def values(self, j: int) -> list[Any]:
        rows = self.rows
        return [rows[s][j] if s >= 0 else None for s in self.u]

    def objects(self, vals: list[Any]) -> np.ndarray:
        arr = np.empty(len(vals), dtype=object)
        arr[:] = vals
        return arr[self.inv]

    def array(self, vals: list[Any], t: pa.DataType) -> pa.Array:
        key = values_key(t, vals)
        got = self._same.get(key) if key is not None else None
        if got is None:
            got = pa.array(vals, t).take(pa.array(self.inv, pa.int64()))
            if key is not None:
                self._same[key] = got
        return got

    def col(self, name: str, t: pa.DataType, fn: Any = None) -> pa.Array:
        vals = self.values(TI[name])
        if fn is not None:
            vals = [fn(v) if v is not None else None for v in vals]
        return self.array(vals, t)

    def ints(self, name: str, missing: int = 0) -> np.ndarray:
        vals = self.values(TI[name])
        return np.array([missing if v is None else v for v in vals], dtype=np.int64)[self.inv]


def _nz(v: int) -> int | None:
    return v if v else None


def _neg1(v: int) -> int | None:
    return None if v == -1 else v


def _dedup_slashes(s: str) -> str:
    while "//" in s:
        s = s.replace("//", "/")
    return s


def extend_batch(
    engine: StateEngine, b: EventBatch, tsnap: np.ndarray, fsnap: np.ndarray, fnum: np.ndarray,
    idx: np.ndarray, asof: Any, anc_snaps: list[np.ndarray], base: list[pa.StructArray],
    msnap: np.ndarray, contexts: ContextIds,
) -> list[pa.Array]:
    """Base struct arrays [evt, thread, proc, user, group, fd, container] -> every events column
    (the context id ``ctx`` last, assigned by ``contexts``).
    ``anc_snaps`` are the versions of each event's thread's parent, grandparent, ...; ``msnap``
    the version of its main thread (-1 when the table holds none: libsinsp's made-up main thread
    has no ancestors). The
    base members thread.vtid and proc.vpid / anames / apids / env are replaced (the caller may
    pass placeholders)."""
    evt, thread, proc, user, group, fd, cont = base
    out = engine.out
    rows = out.thread_rows
    n = len(tsnap)
    tv = _ByVersion(rows, tsnap)

    # ---- evt
    arg, arglist, rawarg, buf = out.argcols
    evt = _extend(evt, EVT_EXTRA, [arg, arglist, rawarg, buf])

    # ---- thread: capabilities; thread.vtid is NULL while unknown (-1), as libsinsp returns it
    thread = _extend(thread, THREAD_EXTRA, [tv.col(c, pa.string(), caps_to_string) for c, _ in THREAD_EXTRA],
                     {"vtid": tv.col("vtid", pa.int64(), _neg1)})

    # ---- proc
    ts = b.ts.view(np.int64)
    clone_ts = tv.ints("clone_ts")
    has_clone = (clone_ts != 0) & (tsnap >= 0)
    duration = pa.array(ts - clone_ts, pa.int64(), mask=~has_clone)
    # proc.aname[N] and friends walk the ancestors of the process (its main thread), while proc.pname
    # (2022 libsinsp) is the parent of the thread itself
    main_chain = _main_chain(rows, tsnap, msnap, idx, asof, anc_snaps)
    anames, apids, aexepaths, aexes, loginshell = _ancestor_columns(rows, msnap, main_chain, n)
    mv = _ByVersion(rows, np.where(msnap >= 0, msnap, tsnap))
    sname, leader = _session_names(rows, tv, tsnap, idx, asof, anc_snaps)
    sid, vpid, vpgid = tv.ints("sid", -2), tv.ints("vpid", -3), tv.ints("vpgid", -4)
    has_t = tsnap >= 0
    proc = _extend(proc, PROC_EXTRA, [
        sname, duration, tv.col("clone_ts", pa.int64(), _nz),
        aexepaths, aexes,
        tv.col("exe_ino", pa.uint64(), _nz), tv.col("exe_ino_ctime", pa.int64(), _nz),
        tv.col("exe_ino_mtime", pa.int64(), _nz),
        tv.col("exe_ino_ctime_duration_clone_ts", pa.int64(), _nz),
        tv.col("exe_ino_ctime_duration_pidns_start", pa.int64(), _nz),
        tv.col("pidns_init_start_ts", pa.int64(), _nz),
        tv.col("exe_upper_layer", pa.bool_()), tv.col("exe_lower_layer", pa.bool_()),
        tv.col("exe_from_memfd", pa.bool_()),
        pa.array(sid == vpid, pa.bool_(), mask=~has_t), pa.array(vpgid == vpid, pa.bool_(), mask=~has_t),
        loginshell,
    ], {"anames": anames, "apids": apids, "env": mv.col("env", pa.list_(pa.string())),
        "vpid": tv.col("vpid", pa.int64(), _neg1)})

    # ---- fd
    fd, life = _fd_extras(engine, b, fsnap, fnum, fd)

    # ---- container and k8s
    cont, k8s, rec_index, recs = _container_columns(engine, tv, ts, idx, cont)

    # ---- the context id: from every per-event input of thread, proc, user, group, container, k8s
    # (see analyzer.tables.context); container records by number (-1 none, -2 host)
    rec = np.where(rec_index >= 0, contexts.record_numbers(recs)[np.maximum(rec_index, 0)], rec_index) \
        if recs else rec_index
    ctx = contexts.assign([b.tid.astype(np.int64), tsnap, msnap, leader, rec], [anc_snaps, main_chain],
                          {"thread": thread, "proc": proc, "user": user, "group": group, "container": cont,
                           "k8s": k8s}, contexts.lists_number(engine.users, engine.groups))

    # ---- derived tables: fold this batch into their partial aggregates
    acc = engine.derived
    if not isinstance(acc, DerivedAccumulator):
        acc = engine.derived = DerivedAccumulator()
    image_id = tv.ints("image_id", -1)
    acc.consume({"evt": evt, "thread": thread, "proc": proc, "fd": fd}, image_id, life)
    return [evt, thread, proc, user, group, fd, cont, k8s, ctx]


def _fd_extras(engine: StateEngine, b: EventBatch, fsnap: np.ndarray, fnum: np.ndarray,
               fd: pa.StructArray) -> tuple[pa.StructArray, np.ndarray]:
    """The fd struct with its extra members, and the fd lifetime id of each event (-1 none)."""
    out = engine.out
    n = len(fsnap)
    fv = _ByVersion(out.fd_rows, fsnap)
    jr, jt, jl = FI["nameraw"], FI["type"], FI["life"]
    frows = out.fd_rows
    vrows = [frows[s] if s >= 0 else None for s in fv.u]
    raw: list[str | None] = [_dedup_slashes(r[jr]) if r is not None else None for r in vrows]
    code = fv.inv.copy()
    # a failed open has no fd: its raw name is the path it was given
    types = b.type
    miss = np.nonzero((fsnap < 0) & (fnum != FD_NONE) & np.isin(types, list(_OPEN_NAME_PARAM)))[0]
    for i in miss.tolist():
        p = b.params(i)
        k = _OPEN_NAME_PARAM[int(types[i])]
        if k < len(p):
            code[i] = len(raw)
            raw.append(_dedup_slashes(cstr(p[k])))
    nameraw = pa.array(raw, pa.string()).take(pa.array(code, pa.int64()))
    fam = fv.array([_SOCKFAMILY.get(r[jt]) if r is not None else None for r in vrows], pa.string())
    life = np.array([-1 if r is None or r[jl] is None else r[jl] for r in vrows], dtype=np.int64)[fv.inv]
    nchg = out.name_changed
    changed = pa.array(nchg == 1, pa.bool_(), mask=nchg < 0) if nchg is not None else pa.nulls(n, pa.bool_())
    ips = _pair_list(fd.field("cip"), fd.field("sip"))
    ports = _pair_list(fd.field("cport"), fd.field("sport"))
    nul = pa.nulls(n, pa.string())
    return _extend(fd, FD_EXTRA, [nameraw, changed, fam, ips, ports, nul, nul, nul, nul]), life


def _chain(rows: list[tuple[Any, ...]], start: np.ndarray, idx: np.ndarray, asof: Any, depth: int) -> list[np.ndarray]:
    """Versions of the parent, grandparent, ... of each start version (-1 past the known chain),
    walked until every chain has ended (at least ``depth`` long; a parent loop in damaged data
    stops at ANCESTOR_LIMIT)."""
    jp = TI["ptid"]
    out: list[np.ndarray] = []
    cur_snaps = start
    for _ in range(max(depth, ANCESTOR_LIMIT)):
        v = _ByVersion(rows, cur_snaps)
        ptid = np.array([-1 if x is None else x for x in v.values(jp)], dtype=np.int64)[v.inv]
        ps = asof.lookup(ptid, idx)
        ps = np.where(ptid >= 0, ps, -1)
        out.append(ps)
        if not (ps >= 0).any():
            out.extend(np.full(len(start), -1, dtype=np.int64) for _ in range(max(depth - len(out), 0)))
            break
        cur_snaps = ps
    return out


def _main_chain(rows: list[tuple[Any, ...]], tsnap: np.ndarray, msnap: np.ndarray, idx: np.ndarray, asof: Any,
                anc_snaps: list[np.ndarray]) -> list[np.ndarray]:
    """``_chain(rows, msnap, idx, asof, len(anc_snaps))``, walked only for the events of a thread
    that is not its process's main one: the others' chain is their thread's (``anc_snaps``)."""
    other = np.flatnonzero(msnap != tsnap)
    if other.size == 0:
        return list(anc_snaps)
    sub = _chain(rows, msnap[other], idx[other], asof, len(anc_snaps))
    out: list[np.ndarray] = []
    for level, s in enumerate(sub):
        a = anc_snaps[level].copy() if level < len(anc_snaps) else np.full(len(tsnap), -1, dtype=np.int64)
        a[other] = s
        out.append(a)
    return out


def _ancestor_columns(rows: list[tuple[Any, ...]], msnap: np.ndarray, chain: list[np.ndarray],
                      n: int) -> tuple[pa.Array, ...]:
    """proc.anames / apids / aexepaths / aexes from the chain of ancestor versions, and
    proc.loginshellid: the pid of the eldest of the process (its main thread, ``msnap``) and its
    ancestors whose name ends in "sh" (null when none does). Computed once per distinct
    (process, ancestors) key; the four lists share their offsets."""
    types = (pa.list_(pa.string()), pa.list_(pa.int64()), pa.list_(pa.string()), pa.list_(pa.string()))
    if n == 0:
        return (*(pa.array([], t) for t in types), pa.array([], pa.int64()))
    u, inv = factorize_rows(np.stack([msnap, *chain], axis=1))
    inv = inv.reshape(-1)
    jc, jp, jx, je = TI["comm"], TI["pid"], TI["exepath"], TI["exe"]
    flat: tuple[list[Any], ...] = ([], [], [], [])
    lens: list[int] = []
    login: list[int | None] = []
    for key in u.tolist():
        found = None
        for s in key:
            if s < 0:
                break
            r = rows[s]
            if r[jc].endswith("sh"):
                found = r[jp]
        login.append(found)
        k = 0
        for s in key[1:]:
            if s < 0:
                break
            r = rows[s]
            flat[0].append(r[jc])
            flat[1].append(r[jp])
            flat[2].append(r[jx])
            flat[3].append(r[je])
            k += 1
        lens.append(k)
    klen = np.array(lens, dtype=np.int64)
    kstart = np.cumsum(klen) - klen
    elen = klen[inv]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(elen, out=offsets[1:])
    # the position of each list item among the keys' items
    pos = pa.array(np.repeat(kstart[inv] - offsets[:-1], elen) + np.arange(offsets[-1]))
    off = pa.array(offsets.astype(np.int32))
    lists = tuple(pa.ListArray.from_arrays(off, pa.array(vals, t.value_type).take(pos))
                  for vals, t in zip(flat, types, strict=True))
    return (*lists, pa.array(login, pa.int64()).take(pa.array(inv, pa.int64())))


def _pair_list(a: pa.Array, b: pa.Array) -> pa.Array:
    """[a, b] per row without the nulls; null when both are null (vectorised)."""
    n = len(a)
    av = np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    bv = np.asarray(b.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    counts = av.astype(np.int32) + bv.astype(np.int32)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    pos = np.stack([np.arange(n), np.arange(n) + n], axis=1).reshape(-1)
    keep = np.stack([av, bv], axis=1).reshape(-1)
    flat = pa.concat_arrays([a, b]).take(pa.array(pos[keep], pa.int64()))
    return pa.ListArray.from_arrays(pa.array(offsets), flat, mask=pa.array(counts == 0))


def _session_names(rows: list[tuple[Any, ...]], tv: _ByVersion, tsnap: np.ndarray, idx: np.ndarray, asof: Any,
                   anc_snaps: list[np.ndarray]) -> tuple[pa.Array, np.ndarray]:
    """proc.sname: comm of the thread whose tid is the session id (outside pid namespaces), else of
    the eldest consecutive ancestor with the same session id; "" when there is none. Also the
    version of that session leader thread of each event (-1 none: the walk's result)."""
    sids = tv.ints("sid", -1)
    jf, jt, jv = TI["flags"], TI["tid"], TI["vtid"]
    in_ns = np.array([bool(rows[s][jf] & PPM_CL_CHILD_IN_PIDNS) or rows[s][jt] != rows[s][jv] if s >= 0 else True
                      for s in tv.u], dtype=bool)[tv.inv]
    direct = asof.lookup(sids, idx)
    direct = np.where(in_ns | (sids < 0), -1, direct)
    dv = _ByVersion(rows, direct)
    jc, js = TI["comm"], TI["sid"]
    # one value per distinct leader version, null, then one per distinct walk: spread with one take
    vals: list[str | None] = [rows[s][jc] if s >= 0 else "" for s in dv.u]
    code = dv.inv.copy()
    code[tsnap < 0] = len(vals)
    vals.append(None)
    # no leader thread: walk up while the session id stays the same (the same walk for the events
    # of one thread version with the same ancestor versions)
    walk = np.flatnonzero((direct < 0) & (sids >= 0) & (tsnap >= 0))
    if walk.size:
        u, inv = factorize_rows(np.stack([tsnap[walk], *(a[walk] for a in anc_snaps)], axis=1))
        code[walk] = len(vals) + inv.reshape(-1)
        for key in u.tolist():
            sid = rows[key[0]][js]
            leader = ""
            for ps in key[1:]:
                if ps < 0 or rows[ps][js] != sid:
                    break
                leader = rows[ps][jc]
            vals.append(leader)
    return pa.array(vals, pa.string()).take(pa.array(code, pa.int64())), direct


_HOST = {"full_id": "host", "name": "host", "type": "host", "image": "", "image_id": "", "image_repository": "",
         "image_tag": "", "image_digest": "", "ip": "", "labels": "", "mounts": "", "privileged": False}


def _record_values(rec: ContainerInfo) -> tuple[dict[str, Any], dict[str, Any]]:
    c = {
        "full_id": rec.full_id, "name": rec.name, "type": rec.type, "image": rec.image, "image_id": rec.image_id,
        "image_repository": rec.image_repository, "image_tag": rec.image_tag, "image_digest": rec.image_digest,
        "privileged": rec.privileged, "ip": rec.ip, "labels": rec.labels_text(),
        "label_map": list(rec.labels.items()), "mounts": rec.mounts_text(),
        "mount_list": [{"source": mt.source, "dest": mt.dest, "mode": mt.mode, "rdwr": mt.rdwr,
                        "propagation": mt.propagation} for mt in rec.mounts],
    }
    k = {"ns_name": rec.k8s_ns_name, "pod_name": rec.k8s_pod_name, "pod_uid": rec.k8s_pod_uid,
         "pod_labels": [(a, v) for a, v in rec.labels.items() if not a.startswith("io.kubernetes.")]
         if rec.k8s_pod_name is not None else None}
    return c, k


def _container_columns(engine: StateEngine, tv: _ByVersion, ts: np.ndarray, idx: np.ndarray,
                       cont: pa.StructArray) -> tuple[pa.StructArray, pa.StructArray, np.ndarray, list[ContainerInfo]]:
    """container and k8s, the metadata record of each event (index into the records, -1 none,
    -2 the host) and the records."""
    store = engine.containers
    cu = tv.values(TI["container_id"])  # per distinct thread version
    pidns = tv.ints("pidns_init_start_ts")
    has_start = pidns != 0
    host = np.array([c == "" for c in cu], dtype=bool)[tv.inv]
    # one record per (container, metadata version); rec_index: the record of each event (-1 none, -2 host)
    rec_index = np.where(host, -2, -1)
    recs: list[ContainerInfo] = []
    if store:
        for cid in {c for c in cu if c}:
            where = np.nonzero(np.array([c == cid for c in cu], dtype=bool)[tv.inv])[0]
            first, last = store.at(cid, int(idx[where[0]])), store.at(cid, int(idx[where[-1]]))
            if first is last:
                if first is not None:
                    recs.append(first)
                    rec_index[where] = len(recs) - 1
                continue
            for i in where.tolist():  # the metadata changed inside this batch
                rec = store.at(cid, int(idx[i]))
                if rec is not None:
                    recs.append(rec)
                    rec_index[i] = len(recs) - 1
    values = [_record_values(r) for r in recs]
    # one value per record, then the host's values and none: spread to the events with one take
    pick = pa.array(np.where(rec_index >= 0, rec_index, len(recs) + 2 + rec_index))  # -2 host, -1 none

    # members with the same values (the host's "host" names and "" image fields, the nulls of no
    # container) share one array
    same: dict[tuple[Any, ...], pa.Array] = {}

    def spread(nm: str, t: pa.DataType, part: int) -> pa.Array:
        u = [v[part].get(nm) for v in values] + [_HOST.get(nm) if part == 0 else None, None]
        key = values_key(t, u)
        got = same.get(key) if key is not None else None
        if got is None:
            got = pa.array(u, t).take(pick)
            if key is not None:
                same[key] = got
        return got

    arrays = []
    for nm, t in CONTAINER_EXTRA:
        if nm == "start_ts":
            arrays.append(pa.array(pidns, pa.int64(), mask=~has_start))
        elif nm == "duration":
            arrays.append(pa.array(ts - pidns, pa.int64(), mask=~has_start))
        else:
            arrays.append(spread(nm, t, 0))
    cont = _extend(cont, CONTAINER_EXTRA, arrays)
    k8s_arr = pa.StructArray.from_arrays([spread(nm, t, 1) for nm, t in K8S_FIELDS],
                                         fields=[pa.field(nm, t) for nm, t in K8S_FIELDS])
    return cont, k8s_arr, rec_index, recs


def events_schema(base: list[tuple[str, list[tuple[str, pa.DataType]]]]) -> pa.Schema:
    """The events schema: the base members of each struct column followed by the extra ones."""
    extra = {"evt": EVT_EXTRA, "thread": THREAD_EXTRA, "proc": PROC_EXTRA, "fd": FD_EXTRA,
             "container": CONTAINER_EXTRA}
    fields = []
    for name, members in base:
        allm = members + extra.get(name, [])
        fields.append(pa.field(name, pa.struct([pa.field(n, t) for n, t in allm])))
    fields.append(pa.field("k8s", pa.struct([pa.field(n, t) for n, t in K8S_FIELDS])))
    fields.append(pa.field("ctx", CTX_TYPE))  # the id of the event's process context (context.py)
    return pa.schema(fields)

