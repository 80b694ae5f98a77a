"""The field catalogue: one place that names every field, its type, where its value lives in
the ``events`` table and how it is rendered as text (as sysdig/Falco print it)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str  # string, int, uint, bool, abstime, ipaddr, list
    desc: str
    column: tuple[str, str]  # (struct, member) in the events table
    render: Callable[[object], str] | None = None


def _time(v: object) -> str:
    ns = int(v)  # type: ignore[call-overload]
    s, frac = divmod(ns, 1_000_000_000)
    return time.strftime("%H:%M:%S", time.localtime(s)) + f".{frac:09d}"


def _datetime(v: object) -> str:
    ns = int(v)  # type: ignore[call-overload]
    s, frac = divmod(ns, 1_000_000_000)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(s)) + f".{frac:09d}"


def _iso(v: object) -> str:
    ns = int(v)  # type: ignore[call-overload]
    s, frac = divmod(ns, 1_000_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + f".{frac:09d}+0000"


def _list(v: object) -> str:
    return "(" + ",".join(str(x) for x in v) + ")"  # type: ignore[attr-defined]


_F: list[Field] = [
    Field("evt.num", "uint", "event number, as sysdig numbers events", ("evt", "num")),
    Field("evt.time", "abstime", "event time, HH:MM:SS.nanoseconds (local time)", ("evt", "rawtime"), _time),
    Field("evt.time.iso8601", "abstime", "event time, ISO 8601 UTC", ("evt", "rawtime"), _iso),
    Field("evt.datetime", "abstime", "event date and time (local time)", ("evt", "rawtime"), _datetime),
    Field("evt.rawtime", "uint", "event time, ns since the epoch", ("evt", "rawtime")),
    Field("evt.outputtime", "abstime", "event time as printed by default", ("evt", "rawtime"), _time),
    Field("evt.type", "string", "event type (syscall name)", ("evt", "type")),
    Field("evt.dir", "string", "> for enter events, < for exit events", ("evt", "dir")),
    Field("evt.cpu", "int", "CPU the event happened on", ("evt", "cpu")),
    Field("evt.category", "string", "event category", ("evt", "category")),
    Field("evt.res", "string", "SUCCESS or the errno name of the return value", ("evt", "res")),
    Field("evt.rawres", "int", "return value as a number", ("evt", "rawres")),
    Field("evt.failed", "bool", "true when the call returned an error", ("evt", "failed")),
    Field("evt.args", "string", "all arguments, rendered", ("evt", "args")),
    Field("evt.info", "string", "event information (the rendered arguments)", ("evt", "args")),
    Field("evt.is_open_read", "bool", "open call that opens for reading", ("evt", "is_open_read")),
    Field("evt.is_open_write", "bool", "open call that opens for writing", ("evt", "is_open_write")),
    Field("evt.is_open_exec", "bool", "open call of an executable", ("evt", "is_open_exec")),
    Field("thread.tid", "int", "thread id", ("thread", "tid")),
    Field("thread.vtid", "int", "thread id in its pid namespace", ("thread", "vtid")),
    Field("thread.ismain", "bool", "main thread of its process", ("thread", "ismain")),
    Field("proc.pid", "int", "process id", ("proc", "pid")),
    Field("proc.ppid", "int", "parent process id", ("proc", "ppid")),
    Field("proc.vpid", "int", "process id in its pid namespace", ("proc", "vpid")),
    Field("proc.name", "string", "process name (comm)", ("proc", "name")),
    Field("proc.exe", "string", "first command-line argument (argv[0])", ("proc", "exe")),
    Field("proc.exepath", "string", "full path of the executable", ("proc", "exepath")),
    Field("proc.args", "string", "command-line arguments, space separated", ("proc", "args")),
    Field("proc.cmdline", "string", "name and arguments", ("proc", "cmdline")),
    Field("proc.cwd", "string", "current working directory", ("proc", "cwd")),
    Field("proc.tty", "uint", "controlling terminal", ("proc", "tty")),
    Field("proc.sid", "int", "session id", ("proc", "sid")),
    Field("proc.vpgid", "int", "process group id (namespace)", ("proc", "vpgid")),
    Field("proc.pname", "string", "parent process name", ("proc", "pname")),
    Field("proc.pexe", "string", "parent argv[0]", ("proc", "pexe")),
    Field("proc.pexepath", "string", "parent executable path", ("proc", "pexepath")),
    Field("proc.pcmdline", "string", "parent command line", ("proc", "pcmdline")),
    Field("proc.is_exe_writable", "bool", "executable is writable by the process user", ("proc", "is_exe_writable")),
    Field("user.uid", "uint", "effective user id", ("user", "uid")),
    Field("user.name", "string", "user name", ("user", "name")),
    Field("user.homedir", "string", "home directory", ("user", "homedir")),
    Field("user.shell", "string", "login shell", ("user", "shell")),
    Field("user.loginuid", "int", "audit login uid (-1 when unset)", ("user", "loginuid")),
    Field("user.loginname", "string", "audit login user name", ("user", "loginname")),
    Field("group.gid", "uint", "effective group id", ("group", "gid")),
    Field("group.name", "string", "group name", ("group", "name")),
    Field("fd.num", "int", "file descriptor number", ("fd", "num")),
    Field("fd.type", "string", "fd type: file, directory, ipv4, ipv6, unix, pipe, ...", ("fd", "type")),
    Field("fd.typechar", "string", "fd type as one letter", ("fd", "typechar")),
    Field("fd.name", "string", "full path, or connection tuple", ("fd", "name")),
    Field("fd.directory", "string", "directory of a file fd", ("fd", "directory")),
    Field("fd.filename", "string", "file name of a file fd", ("fd", "filename")),
    Field("fd.l4proto", "string", "tcp, udp, icmp or raw", ("fd", "l4proto")),
    Field("fd.sip", "ipaddr", "server IP", ("fd", "sip")),
    Field("fd.sport", "uint", "server port", ("fd", "sport")),
    Field("fd.cip", "ipaddr", "client IP", ("fd", "cip")),
    Field("fd.cport", "uint", "client port", ("fd", "cport")),
    Field("fd.lip", "ipaddr", "local IP", ("fd", "lip")),
    Field("fd.lport", "uint", "local port", ("fd", "lport")),
    Field("fd.rip", "ipaddr", "remote IP", ("fd", "rip")),
    Field("fd.rport", "uint", "remote port", ("fd", "rport")),
    Field("fd.is_server", "bool", "socket is the server side", ("fd", "is_server")),
    Field("fd.connected", "bool", "socket is connected", ("fd", "connected")),
    Field("container.id", "string", "container id (12 chars) or host", ("container", "id")),
]

FIELDS: dict[str, Field] = {f.name: f for f in _F}
# indexed ancestors: proc.aname[N] and proc.apid[N]
_INDEXED = re.compile(r"^(proc\.aname|proc\.apid)\[(\d+)\]$")


class UnknownFieldError(ValueError):
    pass


def lookup(name: str) -> Field:
    f = FIELDS.get(name)
    if f is None:
        raise UnknownFieldError(f"unknown field '{name}' (see `scapkit fields`)")
    return f


def render_value(f: Field, v: object) -> str:
    if v is None:
        return "<NA>"
    if f.render is not None:
        return f.render(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return _list(v)
    return str(v)


def extract(table: pa.Table | pa.RecordBatch, name: str) -> list[object]:
    """Values of one field for every row (None where the field does not apply)."""
    mi = _INDEXED.match(name)
    if mi:
        base, k = mi.group(1), int(mi.group(2))
        member = "anames" if base == "proc.aname" else "apids"
        proc = table.column("proc")
        lists = proc.field(member).to_pylist() if isinstance(proc, pa.StructArray) else pa.concat_arrays(
            [c.field(member) for c in proc.chunks]).to_pylist()
        if k == 0:
            own = extract(table, "proc.name" if base == "proc.aname" else "proc.pid")
            return own
        return [lst[k - 1] if lst is not None and len(lst) >= k else None for lst in lists]
    f = lookup(name)
    struct, member = f.column
    col = table.column(struct)
    if isinstance(col, pa.ChunkedArray):
        if col.num_chunks == 0:
            return []
        arr = pa.concat_arrays([c.field(member) for c in col.chunks])
    else:
        arr = col.field(member)
    return arr.to_pylist()


def is_known(name: str) -> bool:
    return name in FIELDS or bool(_INDEXED.match(name))


def render_field(name: str, v: object) -> str:
    if _INDEXED.match(name):
        return "<NA>" if v is None else str(v)
    return render_value(lookup(name), v)
