"""Members of the ``events`` struct columns beyond the base ones built in ``build.py``: argument
maps, capabilities, session name, exe inode data, ancestor exe paths, fd raw name / name change /
address lists, container metadata and the ``k8s`` column.

``extend_batch`` takes the base struct arrays of one record batch and returns them with these
members appended (and the ``k8s`` column added), in the order of ``EVENTS_SCHEMA``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from ..scap import model as m
from ..scap.reader import EventBatch
from ..state.containers import ContainerInfo
from ..state.engine import FD_COLS, FD_NONE, PPM_CL_CHILD_IN_PIDNS, ROLE_SERVER, THREAD_COLS

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


def _neg1_null(values: list[Any]) -> list[Any]:
    return [None if v is None or v == -1 else v for v in values]


def _nz(v: int) -> int | None:
    return v if v else None


def _dedup_slashes(s: str) -> str:
    while "//" in s:
        s = s.replace("//", "/")
    return s


def extend_batch(
    engine: StateEngine, b: EventBatch, tsnap: np.ndarray, fsnap: np.ndarray, fnum: np.ndarray,
    idx: np.ndarray, asof: Any, anc_snaps: list[np.ndarray], base: list[pa.StructArray],
) -> list[pa.Array]:
    """Base struct arrays [evt, thread, proc, user, group, fd, container] -> every events column."""
    evt, thread, proc, user, group, fd, cont = base
    out = engine.out
    rows = out.thread_rows
    n = len(tsnap)
    tl = tsnap.tolist()

    def col(name: str) -> list[Any]:
        j = TI[name]
        return [rows[s][j] if s >= 0 else None for s in tl]

    # ---- evt
    arg, arglist, rawarg, buf = out.argcols
    evt = _extend(evt, EVT_EXTRA, [arg, arglist, rawarg, buf])

    # ---- thread: capabilities
    cache: dict[int, str] = {}

    def caps(name: str) -> pa.Array:
        vals = []
        for v in col(name):
            if v is None:
                vals.append(None)
                continue
            s = cache.get(v)
            if s is None:
                s = cache[v] = caps_to_string(v)
            vals.append(s)
        return pa.array(vals, pa.string())

    # thread.vtid / proc.vpid are NULL while unknown (-1), as libsinsp returns them
    thread = _extend(thread, THREAD_EXTRA, [caps("cap_effective"), caps("cap_permitted"), caps("cap_inheritable")],
                     {"vtid": pa.array(_neg1_null(col("vtid")), pa.int64())})

    # ---- proc
    ts = b.ts.view(np.int64)
    clone_ts = col("clone_ts")
    duration = [int(t) - c if c else None for t, c in zip(ts.tolist(), clone_ts, strict=True)]
    # proc.aname[N] and friends walk the ancestors of the process (its main thread), while proc.pname
    # (2022 libsinsp) is the parent of the thread itself
    msnap = _main_snaps(rows, tsnap, idx, asof)
    main_chain = _chain(rows, msnap, idx, asof, len(anc_snaps))
    anames: list[list[str]] = []
    apids: list[list[int]] = []
    aexepaths: list[list[str]] = []
    aexes: list[list[str]] = []
    jx, je, jc, jp = TI["exepath"], TI["exe"], TI["comm"], TI["pid"]
    for i in range(n):
        xn: list[str] = []
        xd: list[int] = []
        xp: list[str] = []
        xe: list[str] = []
        for a in main_chain:
            s = int(a[i])
            if s < 0:
                break
            r = rows[s]
            xn.append(r[jc])
            xd.append(r[jp])
            xp.append(r[jx])
            xe.append(r[je])
        anames.append(xn)
        apids.append(xd)
        aexepaths.append(xp)
        aexes.append(xe)
    ml = msnap.tolist()
    env = [rows[s][TI["env"]] if s >= 0 else None for s in ml]
    sname = _session_names(rows, tsnap, idx, asof, anc_snaps)
    sid, vpid, vpgid = col("sid"), col("vpid"), col("vpgid")
    proc = _extend(proc, PROC_EXTRA, [
        pa.array(sname, pa.string()), pa.array(duration, pa.int64()),
        pa.array([_nz(c) if c is not None else None for c in clone_ts], pa.int64()),
        pa.array(aexepaths, pa.list_(pa.string())), pa.array(aexes, pa.list_(pa.string())),
        pa.array([_nz(v) if v is not None else None for v in col("exe_ino")], pa.uint64()),
        pa.array([_nz(v) if v is not None else None for v in col("exe_ino_ctime")], pa.int64()),
        pa.array([_nz(v) if v is not None else None for v in col("exe_ino_mtime")], pa.int64()),
        pa.array([_nz(v) if v is not None else None for v in col("exe_ino_ctime_duration_clone_ts")], pa.int64()),
        pa.array([_nz(v) if v is not None else None for v in col("exe_ino_ctime_duration_pidns_start")],
                 pa.int64()),
        pa.array([_nz(v) if v is not None else None for v in col("pidns_init_start_ts")], pa.int64()),
        pa.array(col("exe_upper_layer"), pa.bool_()), pa.array(col("exe_lower_layer"), pa.bool_()),
        pa.array(col("exe_from_memfd"), pa.bool_()),
        pa.array([a == b if a is not None else None for a, b in zip(sid, vpid, strict=True)], pa.bool_()),
        pa.array([a == b if a is not None else None for a, b in zip(vpgid, vpid, strict=True)], pa.bool_()),
    ], {"anames": pa.array(anames, pa.list_(pa.string())), "apids": pa.array(apids, pa.list_(pa.int64())),
        "env": pa.array(env, pa.list_(pa.string())), "vpid": pa.array(_neg1_null(vpid), pa.int64())})

    # ---- fd
    frows = out.fd_rows
    nchg = out.name_changed
    nameraw: list[str | None] = [None] * n
    fam: list[str | None] = [None] * n
    server: list[bool | None] = [None] * n
    types = b.type.tolist()
    fl = fsnap.tolist()
    fnl = fnum.tolist()
    for i in range(n):
        s = fl[i]
        if s >= 0:
            r = frows[s]
            nameraw[i] = _dedup_slashes(r[FI["nameraw"]])
            fam[i] = _SOCKFAMILY.get(r[FI["type"]])
            server[i] = r[FI["role"]] == ROLE_SERVER
        elif fnl[i] != FD_NONE and types[i] in _OPEN_NAME_PARAM:
            p = b.params(i)
            k = _OPEN_NAME_PARAM[types[i]]
            if k < len(p):
                nameraw[i] = _dedup_slashes(p[k].split(b"\0", 1)[0].decode("utf-8", "surrogateescape"))
    changed = pa.array(np.where(nchg >= 0, nchg == 1, False), pa.bool_(), mask=nchg < 0) if nchg is not None \
        else pa.nulls(n, pa.bool_())
    cip, sip = fd.field("cip"), fd.field("sip")
    cport, sport = fd.field("cport"), fd.field("sport")
    ips = _pair_list(cip, sip, pa.string())
    ports = _pair_list(cport, sport, pa.uint16())
    nul = pa.nulls(n, pa.string())
    fd = _extend(fd, FD_EXTRA, [
        pa.array(nameraw, pa.string()), changed, pa.array(fam, pa.string()), ips, ports, nul, nul, nul, nul,
    ], {"is_server": pa.array(server, pa.bool_())})

    # ---- container and k8s
    cont, k8s = _container_columns(engine, col("container_id"), col("pidns_init_start_ts"), ts, idx, cont)
    return [evt, thread, proc, user, group, fd, cont, k8s]


def _main_snaps(rows: list[tuple[Any, ...]], tsnap: np.ndarray, idx: np.ndarray, asof: Any) -> np.ndarray:
    """Version of each event's main thread (the thread itself when it is the main one)."""
    tl = tsnap.tolist()
    tid = np.array([rows[s][TI["tid"]] if s >= 0 else -1 for s in tl], dtype=np.int64)
    pid = np.array([rows[s][TI["pid"]] if s >= 0 else -1 for s in tl], dtype=np.int64)
    other = tid != pid
    if not other.any():
        return tsnap
    ms = asof.lookup(pid, idx)
    return np.where(other & (ms >= 0), ms, tsnap)


def _chain(rows: list[tuple[Any, ...]], start: np.ndarray, idx: np.ndarray, asof: Any, depth: int) -> list[np.ndarray]:
    """Versions of the parent, grandparent, ... of each start version (-1 past the known chain)."""
    jp = TI["ptid"]
    cur = np.array([rows[s][jp] if s >= 0 else -1 for s in start.tolist()], dtype=np.int64)
    out: list[np.ndarray] = []
    for _ in range(depth):
        ps = asof.lookup(cur, idx)
        ps = np.where(cur >= 0, ps, -1)
        out.append(ps)
        cur = np.array([rows[s][jp] if s >= 0 else -1 for s in ps.tolist()], dtype=np.int64)
    return out


def _pair_list(a: pa.Array, b: pa.Array, t: pa.DataType) -> pa.Array:
    """[a, b] per row without the nulls; null when both are null."""
    al, bl = a.to_pylist(), b.to_pylist()
    out: list[list[Any] | None] = []
    for x, y in zip(al, bl, strict=True):
        if x is None and y is None:
            out.append(None)
        else:
            out.append([v for v in (x, y) if v is not None])
    return pa.array(out, pa.list_(t))


def _session_names(rows: list[tuple[Any, ...]], tsnap: np.ndarray, idx: np.ndarray, asof: Any,
                   anc_snaps: list[np.ndarray]) -> list[str | None]:
    """proc.sname: comm of the thread whose tid is the session id (outside pid namespaces), else of
    the eldest consecutive ancestor with the same session id; "" when there is none."""
    n = len(tsnap)
    js, jt, jv, jf, jc = TI["sid"], TI["tid"], TI["vtid"], TI["flags"], TI["comm"]
    tl = tsnap.tolist()
    sids = np.array([rows[s][js] if s >= 0 else -1 for s in tl], dtype=np.int64)
    in_ns = np.array([bool(rows[s][jf] & PPM_CL_CHILD_IN_PIDNS) or rows[s][jt] != rows[s][jv] if s >= 0 else True
                      for s in tl], dtype=bool)
    direct = asof.lookup(sids, idx)
    direct = np.where(in_ns | (sids < 0), -1, direct)
    dl = direct.tolist()
    out: list[str | None] = [None] * n
    for i in range(n):
        s = tl[i]
        if s < 0:
            continue
        sid = int(sids[i])
        if sid == -1:
            out[i] = ""
            continue
        if dl[i] >= 0:
            out[i] = rows[dl[i]][jc]
            continue
        leader = ""
        for a in anc_snaps:
            ps = int(a[i])
            if ps < 0 or rows[ps][js] != sid:
                break
            leader = rows[ps][jc]
        out[i] = leader
    return out


def _container_columns(engine: StateEngine, cids: list[str | None], pidns_ts: list[int | None], ts: np.ndarray,
                       idx: np.ndarray, cont: pa.StructArray) -> tuple[pa.StructArray, pa.StructArray]:
    n = len(cids)
    store = engine.containers
    cols: dict[str, list[Any]] = {nm: [None] * n for nm, _ in CONTAINER_EXTRA}
    k8s: dict[str, list[Any]] = {nm: [None] * n for nm, _ in K8S_FIELDS}
    il = idx.tolist()
    tsl = ts.tolist()
    for i in range(n):
        cid = cids[i]
        if cid is None:
            continue
        st = pidns_ts[i]
        if st:
            cols["start_ts"][i] = st
            cols["duration"][i] = tsl[i] - st
        if cid == "":
            for k in ("full_id", "name", "type"):
                cols[k][i] = "host"
            for k in ("image", "image_id", "image_repository", "image_tag", "image_digest", "ip", "labels",
                      "mounts"):
                cols[k][i] = ""
            cols["privileged"][i] = False
            continue
        rec: ContainerInfo | None = store.at(cid, il[i]) if store else None
        if rec is None:
            continue
        cols["full_id"][i] = rec.full_id
        cols["name"][i] = rec.name
        cols["type"][i] = rec.type
        cols["image"][i] = rec.image
        cols["image_id"][i] = rec.image_id
        cols["image_repository"][i] = rec.image_repository
        cols["image_tag"][i] = rec.image_tag
        cols["image_digest"][i] = rec.image_digest
        cols["privileged"][i] = rec.privileged
        cols["ip"][i] = rec.ip
        cols["labels"][i] = rec.labels_text()
        cols["label_map"][i] = list(rec.labels.items())
        cols["mounts"][i] = rec.mounts_text()
        cols["mount_list"][i] = [
            {"source": mt.source, "dest": mt.dest, "mode": mt.mode, "rdwr": mt.rdwr, "propagation": mt.propagation}
            for mt in rec.mounts]
        k8s["ns_name"][i] = rec.k8s_ns_name
        k8s["pod_name"][i] = rec.k8s_pod_name
        k8s["pod_uid"][i] = rec.k8s_pod_uid
        if rec.k8s_pod_name is not None:
            k8s["pod_labels"][i] = [(k, v) for k, v in rec.labels.items() if not k.startswith("io.kubernetes.")]
    cont = _extend(cont, CONTAINER_EXTRA, [pa.array(cols[nm], t) for nm, t in CONTAINER_EXTRA])
    k8s_arr = pa.StructArray.from_arrays([pa.array(k8s[nm], t) for nm, t in K8S_FIELDS],
                                         fields=[pa.field(nm, t) for nm, t in K8S_FIELDS])
    return cont, k8s_arr


def events_schema(base: list[tuple[str, list[tuple[str, pa.DataType]]]]) -> pa.Schema:
    """The events schema: the base members of each struct column followed by the extra ones."""
    extra = {"evt": EVT_EXTRA, "thread": THREAD_EXTRA, "proc": PROC_EXTRA, "fd": FD_EXTRA,
             "container": CONTAINER_EXTRA}
    fields = []
    for name, members in base:
        allm = members + extra.get(name, [])
        fields.append(pa.field(name, pa.struct([pa.field(n, t) for n, t in allm])))
    fields.append(pa.field("k8s", pa.struct([pa.field(n, t) for n, t in K8S_FIELDS])))
    return pa.schema(fields)

