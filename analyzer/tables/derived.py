"""Derived tables built while the events stream by: ``processes`` (one row per process image),
``connections`` (one row per socket fd lifetime with an address) and ``files`` (one row per file
path). Each events batch is reduced to small partial aggregates (pyarrow group-by); ``finish``
merges them, so memory follows the number of processes, sockets and paths, not of events.

Definitions:
- a *process image* is one program run by one process: a process from the capture's process list,
  a new process made by clone/fork/vfork (it runs its parent's program), or a successful execve
  (which ends the previous image of that process). ``image`` counts them per process from 0.
- ``n_files``: successful open/openat/openat2/creat calls that gave a file or directory fd.
  ``n_connections``: successful connect (or EINPROGRESS), accept and accept4 calls on IP or unix
  sockets.
- bytes: the results of successful read-family (class IO_read) and write-family (IO_write)
  exit events on the fd / path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..scap import event_table as T

if TYPE_CHECKING:
    from ..state.engine import StateEngine

OPEN_CALLS = ["open", "openat", "openat2", "creat"]
CONNECT_CALLS = ["connect", "accept", "accept4"]
SOCKET_CREATORS = ["socket", "accept", "accept4", "socketpair"]
SOCKET_TYPES = ["ipv4", "ipv6", "unix"]
FILE_TYPES = ["file", "directory"]
EINPROGRESS = -115
# event type ids of the read and write families (their class, not evt.category, which names the fd kind)
IO_READ_IDS = tuple(et for et, e in enumerate(T.EVENTS) if e.category & 0xFF == T.EC_IO_READ)
IO_WRITE_IDS = tuple(et for et, e in enumerate(T.EVENTS) if e.category & 0xFF == T.EC_IO_WRITE)
_IO_READ_IDS = pa.array(IO_READ_IDS, pa.uint16())
_IO_WRITE_IDS = pa.array(IO_WRITE_IDS, pa.uint16())

PROCESSES_SCHEMA = pa.schema([
    ("pid", pa.int64()), ("ppid", pa.int64()), ("image", pa.int32()), ("name", pa.string()), ("exe", pa.string()),
    ("exepath", pa.string()), ("cmdline", pa.string()), ("cwd", pa.string()), ("args", pa.list_(pa.string())),
    ("uid", pa.int64()), ("user", pa.string()), ("tty", pa.int64()), ("container_id", pa.string()),
    ("start_num", pa.uint64()), ("start_ts", pa.int64()), ("end_num", pa.uint64()), ("end_ts", pa.int64()),
    ("nthreads", pa.int64()), ("n_events", pa.int64()), ("n_files", pa.int64()), ("n_connections", pa.int64()),
    ("id", pa.int64()),
])
CONNECTIONS_SCHEMA = pa.schema([
    ("pid", pa.int64()), ("tid", pa.int64()), ("fd", pa.int64()), ("proc_name", pa.string()), ("type", pa.string()),
    ("l4proto", pa.string()), ("name", pa.string()), ("cip", pa.string()), ("sip", pa.string()),
    ("cport", pa.int32()), ("sport", pa.int32()), ("is_server", pa.bool_()), ("open_num", pa.uint64()),
    ("close_num", pa.uint64()), ("first_ts", pa.int64()), ("last_ts", pa.int64()), ("bytes_read", pa.int64()),
    ("bytes_written", pa.int64()), ("n_events", pa.int64()),
])
FILES_SCHEMA = pa.schema([
    ("name", pa.string()), ("directory", pa.string()), ("filename", pa.string()), ("opens", pa.int64()),
    ("failed_opens", pa.int64()), ("pids", pa.list_(pa.int64())), ("proc_names", pa.list_(pa.string())),
    ("bytes_read", pa.int64()), ("bytes_written", pa.int64()), ("written", pa.bool_()), ("first_num", pa.uint64()),
    ("last_num", pa.uint64()), ("first_ts", pa.int64()), ("last_ts", pa.int64()),
])


def _f(struct: pa.Array, member: str) -> pa.Array:
    return pc.struct_field(struct, member)


def _null_to_false(a: pa.Array) -> pa.Array:
    return pc.fill_null(a, False)


class DerivedAccumulator:
    """Partial aggregates of the derived tables, batch by batch."""

    def __init__(self) -> None:
        self.proc_parts: list[pa.Table] = []
        self.conn_parts: list[pa.Table] = []
        self.file_parts: list[pa.Table] = []

    def consume(self, cols: dict[str, pa.StructArray], image_id: np.ndarray, life: np.ndarray) -> None:
        evt, thread, proc, fd = cols["evt"], cols["thread"], cols["proc"], cols["fd"]
        n = len(evt)
        if n == 0:
            return
        num = _f(evt, "num")
        ts = _f(evt, "rawtime").cast(pa.int64())
        etype = _f(evt, "type")
        rawres = _f(evt, "rawres")
        typeid = _f(evt, "typeid")
        is_exit = pc.equal(_f(evt, "dir"), "<")
        ok = _null_to_false(pc.greater_equal(rawres, 0))
        failed = _null_to_false(pc.less(rawres, 0))
        ftype = _f(fd, "type")
        fname = _f(fd, "name")
        is_open = pc.and_(is_exit, pc.is_in(etype, pa.array(OPEN_CALLS)))
        is_file_fd = _null_to_false(pc.is_in(ftype, pa.array(FILE_TYPES)))
        file_open_ok = pc.and_(pc.and_(is_open, ok), is_file_fd)
        file_open_fail = pc.and_(pc.and_(is_open, failed), pc.is_valid(fname))
        is_sock = _null_to_false(pc.is_in(ftype, pa.array(SOCKET_TYPES)))
        conn_ok = pc.or_(ok, _null_to_false(pc.equal(rawres, EINPROGRESS)))
        is_conn = pc.and_(pc.and_(pc.and_(is_exit, pc.is_in(etype, pa.array(CONNECT_CALLS))), conn_ok), is_sock)
        positive = _null_to_false(pc.greater(rawres, 0))
        zero = pa.scalar(0, pa.int64())
        rbytes = pc.if_else(pc.and_(pc.and_(is_exit, positive), pc.is_in(typeid, _IO_READ_IDS)), rawres, zero)
        wbytes = pc.if_else(pc.and_(pc.and_(is_exit, positive), pc.is_in(typeid, _IO_WRITE_IDS)), rawres, zero)
        t = pa.table({
            "num": num, "ts": ts, "tid": _f(thread, "tid"), "pid": _f(proc, "pid"), "pname": _f(proc, "name"),
            "fdnum": _f(fd, "num"), "ftype": ftype, "fname": fname, "l4proto": _f(fd, "l4proto"),
            "cip": _f(fd, "cip"), "sip": _f(fd, "sip"), "cport": _f(fd, "cport"), "sport": _f(fd, "sport"),
            "is_server": _f(fd, "is_server"),
            "image_id": pa.array(image_id, pa.int64()), "life": pa.array(life, pa.int64()),
            "file_open_ok": pc.cast(file_open_ok, pa.int64()), "file_open_fail": pc.cast(file_open_fail, pa.int64()),
            "is_conn": pc.cast(is_conn, pa.int64()), "rbytes": rbytes, "wbytes": wbytes,
            "written": pc.or_(pc.and_(file_open_ok, _null_to_false(_f(evt, "is_open_write"))),
                              pc.greater(wbytes, 0)),
            "open_mark": pc.if_else(pc.and_(pc.and_(is_exit, ok), pc.is_in(etype, pa.array(SOCKET_CREATORS))),
                                    num, pa.scalar(None, pa.uint64())),
            "close_mark": pc.if_else(pc.and_(pc.and_(is_exit, ok), pc.equal(etype, "close")), num,
                                     pa.scalar(None, pa.uint64())),
            "is_sock": is_sock, "is_file": pc.or_(is_file_fd, file_open_fail),
        })
        procs = t.filter(pc.greater_equal(t["image_id"], 0))
        if procs.num_rows:
            self.proc_parts.append(procs.group_by(["image_id", "tid"]).aggregate([
                ("num", "count"), ("file_open_ok", "sum"), ("is_conn", "sum")]).rename_columns(
                ["image_id", "tid", "n", "files", "conns"]))
        socks = t.filter(pc.and_(pc.greater_equal(t["life"], 0), t["is_sock"]))
        if socks.num_rows:
            self.conn_parts.append(socks.group_by("life", use_threads=False).aggregate([
                ("pid", "first"), ("tid", "first"), ("fdnum", "first"), ("pname", "first"), ("ftype", "last"),
                ("l4proto", "last"), ("fname", "last"), ("cip", "last"), ("sip", "last"), ("cport", "last"),
                ("sport", "last"), ("is_server", "last"), ("open_mark", "min"), ("close_mark", "max"),
                ("ts", "min"), ("ts", "max"), ("rbytes", "sum"), ("wbytes", "sum"), ("num", "count"),
            ]).rename_columns(["life", "pid", "tid", "fd", "proc_name", "type", "l4proto", "name", "cip", "sip",
                               "cport", "sport", "is_server", "open_num", "close_num", "first_ts", "last_ts",
                               "bytes_read", "bytes_written", "n_events"]))
        files = t.filter(pc.and_(t["is_file"], pc.is_valid(t["fname"])))
        if files.num_rows:
            self.file_parts.append(files.group_by("fname", use_threads=False).aggregate([
                ("file_open_ok", "sum"), ("file_open_fail", "sum"), ("pid", "distinct"), ("pname", "distinct"),
                ("rbytes", "sum"), ("wbytes", "sum"), ("written", "max"), ("num", "min"), ("num", "max"),
                ("ts", "min"), ("ts", "max"),
            ]).rename_columns(["name", "opens", "failed_opens", "pids", "proc_names", "bytes_read", "bytes_written",
                               "written", "first_num", "last_num", "first_ts", "last_ts"]))

    # ------------------------------------------------------------------ results
    def processes(self, engine: StateEngine) -> pa.Table:
        counts: dict[int, tuple[int, int, int, int]] = {}
        if self.proc_parts:
            per_thread = pa.concat_tables(self.proc_parts).group_by(["image_id", "tid"]).aggregate([
                ("n", "sum"), ("files", "sum"), ("conns", "sum")])
            per_image = per_thread.group_by("image_id").aggregate([
                ("tid", "count"), ("n_sum", "sum"), ("files_sum", "sum"), ("conns_sum", "sum")])
            for row in per_image.to_pylist():
                counts[row["image_id"]] = (row["tid_count"], row["n_sum_sum"], row["files_sum_sum"],
                                           row["conns_sum_sum"])
        users = engine.users
        rows: dict[str, list[Any]] = {f.name: [] for f in PROCESSES_SCHEMA}
        for im in engine.images:
            nthreads, nev, nfiles, nconn = counts.get(im.id, (0, 0, 0, 0))
            u = users.get(im.uid)
            values = {
                "pid": im.pid, "ppid": im.ppid, "image": im.image, "name": im.name, "exe": im.exe,
                "exepath": im.exepath, "cmdline": f"{im.name} {' '.join(im.args)}" if im.args else im.name,
                "cwd": im.cwd, "args": im.args, "uid": im.uid, "user": u.name if u is not None else None,
                "tty": im.tty, "container_id": im.container_id,
                "start_num": im.start_idx + 1 if im.start_idx is not None else None, "start_ts": im.start_ts,
                "end_num": im.end_idx + 1 if im.end_idx is not None else None, "end_ts": im.end_ts,
                "nthreads": nthreads, "n_events": nev, "n_files": nfiles, "n_connections": nconn, "id": im.id,
            }
            for k, v in values.items():
                rows[k].append(v)
        return pa.table(rows, schema=PROCESSES_SCHEMA)

    def connections(self) -> pa.Table:
        if not self.conn_parts:
            return CONNECTIONS_SCHEMA.empty_table()
        t = pa.concat_tables(self.conn_parts).group_by("life", use_threads=False).aggregate([
            ("pid", "first"), ("tid", "first"), ("fd", "first"), ("proc_name", "first"), ("type", "last"),
            ("l4proto", "last"), ("name", "last"), ("cip", "last"), ("sip", "last"), ("cport", "last"),
            ("sport", "last"), ("is_server", "last"), ("open_num", "min"), ("close_num", "max"),
            ("first_ts", "min"), ("last_ts", "max"), ("bytes_read", "sum"), ("bytes_written", "sum"),
            ("n_events", "sum"),
        ])
        t = t.rename_columns(["life"] + [f.name for f in CONNECTIONS_SCHEMA])
        has_tuple = pc.or_(pc.is_valid(t["cip"]), pc.is_valid(t["sip"]))
        unix_path = pc.and_(pc.equal(t["type"], "unix"), pc.greater(pc.utf8_length(pc.fill_null(t["name"], "")), 0))
        t = t.filter(_null_to_false(pc.or_(has_tuple, unix_path))).sort_by([("first_ts", "ascending"),
                                                                            ("life", "ascending")])
        return t.drop_columns(["life"]).cast(CONNECTIONS_SCHEMA)

    def files(self) -> pa.Table:
        if not self.file_parts:
            return FILES_SCHEMA.empty_table()
        parts = pa.concat_tables(self.file_parts)
        pid_sets: dict[str, set[int]] = {}
        pname_sets: dict[str, set[str]] = {}
        for nm, ps, ns in zip(parts["name"].to_pylist(), parts["pids"].to_pylist(), parts["proc_names"].to_pylist(),
                              strict=True):
            pid_sets.setdefault(nm, set()).update(p for p in ps if p is not None)
            pname_sets.setdefault(nm, set()).update(x for x in ns if x is not None)
        t = parts.drop_columns(["pids", "proc_names"]).group_by("name", use_threads=False).aggregate([
            ("opens", "sum"), ("failed_opens", "sum"), ("bytes_read", "sum"), ("bytes_written", "sum"),
            ("written", "max"), ("first_num", "min"), ("last_num", "max"), ("first_ts", "min"), ("last_ts", "max"),
        ])
        names = t["name"].to_pylist()
        dirs, bases = [], []
        for nm in names:
            pos = nm.rfind("/")
            dirs.append((nm[:pos] if pos < len(nm) - 1 else nm) if pos > 0 else "/")
            bases.append(nm[pos + 1:] if pos >= 0 else nm)
        pids = [sorted(pid_sets[nm]) for nm in names]
        pnames = [sorted(pname_sets[nm]) for nm in names]
        out = pa.table({
            "name": t["name"], "directory": pa.array(dirs, pa.string()), "filename": pa.array(bases, pa.string()),
            "opens": t["opens_sum"], "failed_opens": t["failed_opens_sum"], "pids": pa.array(pids, pa.list_(pa.int64())),
            "proc_names": pa.array(pnames, pa.list_(pa.string())), "bytes_read": t["bytes_read_sum"],
            "bytes_written": t["bytes_written_sum"], "written": t["written_max"], "first_num": t["first_num_min"],
            "last_num": t["last_num_max"], "first_ts": t["first_ts_min"], "last_ts": t["last_ts_max"],
        })
        return out.cast(FILES_SCHEMA).sort_by([("first_num", "ascending"), ("name", "ascending")])


def derived_tables(engine: StateEngine | None) -> dict[str, pa.Table]:
    """The three derived tables of a finished TableBuilder's engine."""
    acc = engine.derived if engine is not None else None
    if engine is None or not isinstance(acc, DerivedAccumulator):
        acc = DerivedAccumulator()
    return {
        "processes": acc.processes(engine) if engine is not None else PROCESSES_SCHEMA.empty_table(),
        "connections": acc.connections(),
        "files": acc.files(),
    }
