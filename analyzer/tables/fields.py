"""The field catalogue: one place that names every field, its type, where its value lives in
the ``events`` table and how it is rendered as text (as sysdig/Falco print it)."""

from __future__ import annotations

import fnmatch
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Arrow is imported where values are read: the compiler needs only the catalogue
    import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Field:
    """One field. ``column`` names where its value lives in the events table.

    ``arg``: "none", "optional" or "required" — whether the field takes an argument
    (``evt.arg.NAME`` / ``evt.arg[N]``, ``proc.aname[N]``, ``container.label[KEY]``...).
    ``multi``: the column is a list and the field (without argument) matches when any element
    matches (``fd.ip`` = client or server IP, ``proc.aname`` = any ancestor).
    ``sep``: the column is a list and the field's value is its elements joined by ``sep``
    (``proc.env``).
    ``part``: the column holds nanoseconds and the field is a part of them (``evt.latency.s``,
    ``evt.rawtime.ns``): :func:`time_parts` (and the compiler's SQL) computes it.
    """

    name: str
    type: str  # string, int, uint, bool, abstime, reltime, ipaddr, ipnet, bytes, list
    desc: str
    column: tuple[str, str]  # (struct, member) in the events table
    render: Callable[[object], str] | None = None
    arg: str = "none"
    multi: bool = False
    sep: str | None = None
    part: str | None = None  # "s": the column's whole seconds, "ns": its nanoseconds below a second


def _local(fmt: str, ns_digits: bool) -> Callable[[object], str]:
    """A renderer of ns since the epoch in local time with ``fmt``, to the nanosecond or not."""

    def render(v: object) -> str:
        s, frac = divmod(int(v), 1_000_000_000)  # type: ignore[call-overload]
        text = time.strftime(fmt, time.localtime(s))
        return f"{text}.{frac:09d}" if ns_digits else text

    return render


_time = _local("%H:%M:%S", True)
_datetime = _local("%Y-%m-%d %H:%M:%S", True)
_time_s = _local("%H:%M:%S", False)
_datetime_s = _local("%Y-%m-%d %H:%M:%S", False)


def utc_iso8601(v: object) -> str:
    """ns since the epoch as ISO 8601 UTC to the nanosecond (%evt.time.iso8601)."""
    ns = int(v)  # type: ignore[call-overload]
    s, frac = divmod(ns, 1_000_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + f".{frac:09d}+0000"


def _pad9(v: object) -> str:
    """A count of ns as libsinsp's padded decimal prints it: at least 9 digits (``000048142``)."""
    return f"{int(v):09d}"  # type: ignore[call-overload]


def human_ns(v: object) -> str:
    """A duration in ns as libsinsp's evt.latency.human prints it: three significant digits at
    most, truncated (never rounded): 941ns, 2.24us, 260us, 4.13ms, 56ms, 3.11s, then m:s and
    hh:mm:ss."""
    ns = int(v)  # type: ignore[call-overload]
    if ns >= 3_600_000_000_000:
        sec = ns // 1_000_000_000
        return f"{sec // 3600:02d}:{sec % 3600 // 60:02d}:{sec % 60:02d}"
    if ns >= 60_000_000_000:
        sec = ns // 1_000_000_000
        return f"{sec // 60}:{sec % 60}"
    if ns >= 1_000_000_000:
        return f"{ns // 1_000_000_000}.{ns % 1_000_000_000 // 10_000_000:02d}s"
    if ns >= 10_000_000:
        return f"{ns // 1_000_000}ms"
    if ns >= 1_000_000:
        return f"{ns // 1_000_000}.{ns % 1_000_000 // 10_000:02d}ms"
    if ns >= 10_000:
        return f"{ns // 1_000}us"
    if ns >= 1_000:
        return f"{ns // 1_000}.{ns % 1_000 // 10:02d}us"
    return f"{ns}ns"


def _list(v: object) -> str:
    return "(" + ",".join(str(x) for x in v) + ")"  # type: ignore[attr-defined]


def _dots(v: object) -> str:
    """A byte buffer as sysdig prints it: non-printable bytes as '.'."""
    return "".join(chr(b) if 0x20 <= b <= 0x7E else "." for b in v)  # type: ignore[attr-defined]


def _spaced(v: object) -> str:
    return " ".join(str(x) for x in v)  # type: ignore[attr-defined]


def _bool(v: object) -> str:
    return "true" if v else "false"


def _ancestors(v: object) -> str:
    """An ancestor field without index, as libsinsp prints it: the ancestors' values from the parent
    up, space separated (<NA> when the process has no known parent)."""
    return " ".join(str(x) for x in v) if v else "<NA>"  # type: ignore[attr-defined]


_F: list[Field] = [
    Field("evt.num", "uint", "event number, as sysdig numbers events", ("evt", "num")),
    Field("evt.time", "abstime", "event time, HH:MM:SS.nanoseconds (local time)", ("evt", "rawtime"), _time),
    Field("evt.time.iso8601", "abstime", "event time, ISO 8601 UTC", ("evt", "rawtime"), utc_iso8601),
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
    Field("evt.rawtime.s", "uint", "event time, whole seconds since the epoch", ("evt", "rawtime"), part="s"),
    Field("evt.rawtime.ns", "uint", "event time, ns below the second", ("evt", "rawtime"), _pad9, part="ns"),
    Field("evt.time.s", "abstime", "event time, HH:MM:SS (local time)", ("evt", "rawtime"), _time_s),
    Field("evt.datetime.s", "abstime", "event date and time to the second (local time)", ("evt", "rawtime"),
          _datetime_s),
    Field("evt.reltime", "reltime", "ns since the capture's first event", ("evt", "reltime"), _pad9),
    Field("evt.reltime.s", "uint", "whole seconds since the capture's first event", ("evt", "reltime"), part="s"),
    Field("evt.reltime.ns", "uint", "ns below the second since the capture's first event", ("evt", "reltime"),
          _pad9, part="ns"),
    Field("evt.deltatime", "reltime", "ns since the previous displayed event", ("evt", "deltatime")),
    Field("evt.deltatime.s", "uint", "whole seconds since the previous displayed event", ("evt", "deltatime"),
          part="s"),
    Field("evt.deltatime.ns", "uint", "ns below the second since the previous displayed event",
          ("evt", "deltatime"), _pad9, part="ns"),
    Field("evt.latency", "reltime", "ns since the thread's last enter event (exit events; 0 for enters)",
          ("evt", "latency")),
    Field("evt.latency.s", "uint", "whole seconds of evt.latency", ("evt", "latency"), part="s"),
    Field("evt.latency.ns", "uint", "ns below the second of evt.latency", ("evt", "latency"), _pad9, part="ns"),
    Field("evt.latency.human", "reltime", "evt.latency in a unit that suits it (2.24us, 56ms, 3.11s)",
          ("evt", "latency"), human_ns),
    Field("evt.wait_latency", "reltime", "evt.latency of the exit of a call that waits (poll, select, nanosleep...)",
          ("evt", "wait_latency")),
    Field("evt.buflen", "uint", "bytes an I/O call transferred (its result), for an exit paired with its enter",
          ("evt", "buflen")),
    Field("evt.is_io", "bool", "a call that reads from or writes to an fd", ("evt", "is_io")),
    Field("evt.is_io_read", "bool", "a call that reads from an fd", ("evt", "is_io_read")),
    Field("evt.is_io_write", "bool", "a call that writes to an fd", ("evt", "is_io_write")),
    Field("evt.io_dir", "string", "write or read, for a call that writes or reads an fd", ("evt", "io_dir")),
    Field("evt.is_wait", "bool", "a call that waits (poll, select, nanosleep...)", ("evt", "is_wait")),
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
    # ---- argument fields (evt.arg.NAME / evt.arg[N], evt.rawarg.NAME) and I/O data
    Field("evt.arg", "string", "one argument as sysdig prints %evt.arg.NAME (resolved text if any, else the "
          "value); by name (evt.arg.NAME, exit events also carry their enter event's arguments) or by "
          "index (evt.arg[N], the event's own arguments)", ("evt", "arg"), arg="required"),
    Field("evt.rawarg", "string", "one argument's raw value as text (numbers in decimal), by name",
          ("evt", "rawarg"), arg="required"),
    Field("evt.buffer", "bytes", "the I/O data of read/write/send/recv-family events (NULL for others); "
          "printed with non-printable bytes as '.'", ("evt", "buffer"), _dots),
    # ---- thread capabilities
    Field("thread.cap_effective", "string", "effective capabilities: space-separated CAP_* names",
          ("thread", "cap_effective")),
    Field("thread.cap_permitted", "string", "permitted capabilities: space-separated CAP_* names",
          ("thread", "cap_permitted")),
    Field("thread.cap_inheritable", "string", "inheritable capabilities: space-separated CAP_* names",
          ("thread", "cap_inheritable")),
    # ---- process: session, lifetime, ancestors, executable inode
    Field("proc.sname", "string", "name of the session leader: the process whose pid is proc.sid, else the "
          "eldest consecutive ancestor with the same session id (\"\" when none)", ("proc", "sname")),
    Field("proc.loginshellid", "int", "pid of the eldest shell (a name ending in \"sh\") among the process and "
          "its ancestors (NULL when there is none)", ("proc", "loginshellid")),
    Field("proc.duration", "reltime", "ns since the thread was created (NULL when its creation is not in "
          "the capture)", ("proc", "duration")),
    Field("proc.pid.ts", "abstime", "creation time of the thread, ns since the epoch", ("proc", "pid_ts")),
    Field("proc.aname", "string", "ancestor name: proc.aname[N] is the Nth ancestor (1 = parent, 0 = the "
          "process itself); without index any ancestor matches", ("proc", "anames"), _ancestors, arg="optional",
          multi=True),
    Field("proc.apid", "int", "ancestor pid: proc.apid[N] as proc.aname[N]", ("proc", "apids"),
          arg="optional", multi=True),
    Field("proc.aexepath", "string", "ancestor executable path: proc.aexepath[N] as proc.aname[N]",
          ("proc", "aexepaths"), _ancestors, arg="optional", multi=True),
    Field("proc.aexe", "string", "ancestor argv[0]: proc.aexe[N] as proc.aname[N]", ("proc", "aexes"),
          _ancestors, arg="optional", multi=True),
    Field("proc.env", "string", "environment variables, space separated", ("proc", "env"), sep=" "),
    Field("proc.exe_ino", "uint", "inode of the executable (NULL when unknown)", ("proc", "exe_ino")),
    Field("proc.exe_ino.ctime", "abstime", "ctime of the executable's inode, ns since the epoch",
          ("proc", "exe_ino_ctime")),
    Field("proc.exe_ino.mtime", "abstime", "mtime of the executable's inode, ns since the epoch",
          ("proc", "exe_ino_mtime")),
    Field("proc.exe_ino.ctime_duration_proc_start", "reltime", "ns from the executable's ctime to the process "
          "start (thread creation)", ("proc", "exe_ino_ctime_duration_proc_start")),
    Field("proc.exe_ino.ctime_duration_pidns_start", "reltime", "ns from the pid namespace start to the "
          "executable's ctime", ("proc", "exe_ino_ctime_duration_pidns_start")),
    Field("proc.pidns_init_start_ts", "abstime", "start of the process's pid namespace, ns since the epoch",
          ("proc", "pidns_init_start_ts")),
    Field("proc.is_exe_upper_layer", "bool", "executable is in the upper layer of an overlayfs",
          ("proc", "is_exe_upper_layer")),
    Field("proc.is_exe_lower_layer", "bool", "executable is in a lower layer of an overlayfs",
          ("proc", "is_exe_lower_layer")),
    Field("proc.is_exe_from_memfd", "bool", "executable was run from a memfd (fileless execution)",
          ("proc", "is_exe_from_memfd")),
    Field("proc.is_sid_leader", "bool", "process is its session's leader (sid = vpid)", ("proc", "is_sid_leader")),
    Field("proc.is_vpgid_leader", "bool", "process is its process group's leader (vpgid = vpid)",
          ("proc", "is_vpgid_leader")),
    # ---- fd extras
    Field("fd.nameraw", "string", "name of a file fd as the program passed it (not made absolute); \"\" for "
          "other fds", ("fd", "nameraw")),
    Field("fd.name_changed", "bool", "the event changed the fd's name (open, connect, ...)",
          ("fd", "name_changed")),
    Field("fd.sockfamily", "string", "ip or unix for sockets", ("fd", "sockfamily")),
    Field("fd.ip", "ipaddr", "client or server IP (matches either)", ("fd", "ips"), multi=True),
    Field("fd.port", "uint", "client or server port (matches either)", ("fd", "ports"), multi=True),
    Field("fd.net", "ipnet", "client or server IP, compared with a CIDR network", ("fd", "ips"), multi=True),
    Field("fd.cnet", "ipnet", "client IP, compared with a CIDR network", ("fd", "cip")),
    Field("fd.snet", "ipnet", "server IP, compared with a CIDR network", ("fd", "sip")),
    Field("fd.lnet", "ipnet", "local IP, compared with a CIDR network", ("fd", "lip")),
    Field("fd.rnet", "ipnet", "remote IP, compared with a CIDR network", ("fd", "rip")),
    Field("fd.cip.name", "string", "client domain name: needs live DNS, always NULL offline", ("fd", "cip_name")),
    Field("fd.sip.name", "string", "server domain name: needs live DNS, always NULL offline", ("fd", "sip_name")),
    Field("fd.lip.name", "string", "local domain name: needs live DNS, always NULL offline", ("fd", "lip_name")),
    Field("fd.rip.name", "string", "remote domain name: needs live DNS, always NULL offline", ("fd", "rip_name")),
    # ---- container metadata (from the capture's container events; host values for host processes)
    Field("container.full_id", "string", "full container id (host for the host)", ("container", "full_id")),
    Field("container.name", "string", "container name (host for the host; NULL without metadata)",
          ("container", "name")),
    Field("container.type", "string", "container type: docker, cri-o, containerd, podman, ... or host",
          ("container", "type")),
    Field("container.image", "string", "container image", ("container", "image")),
    Field("container.image.id", "string", "container image id", ("container", "image_id")),
    Field("container.image.repository", "string", "container image repository", ("container", "image_repository")),
    Field("container.image.tag", "string", "container image tag", ("container", "image_tag")),
    Field("container.image.digest", "string", "container image digest", ("container", "image_digest")),
    Field("container.privileged", "bool", "container runs privileged", ("container", "privileged")),
    Field("container.ip", "string", "container IP address", ("container", "ip")),
    Field("container.start_ts", "abstime", "start of the container's pid namespace, ns since the epoch",
          ("container", "start_ts")),
    Field("container.duration", "reltime", "ns since the container started", ("container", "duration")),
    Field("container.labels", "string", "container labels as key:value, comma separated", ("container", "labels")),
    Field("container.label", "string", "container.label[KEY]: one container label", ("container", "label_map"),
          arg="required"),
    Field("container.mounts", "string", "mounts as source:dest:mode:rdwr:propagation, comma separated",
          ("container", "mounts")),
    Field("container.mount.dest", "string", "container.mount.dest[SOURCE or N]: destination of the mount "
          "whose source matches the glob (or the Nth mount)", ("container", "mount_list"), arg="required"),
    Field("k8s.ns.name", "string", "Kubernetes namespace (pod label io.kubernetes.pod.namespace)",
          ("k8s", "ns_name")),
    Field("k8s.pod.name", "string", "Kubernetes pod name (label io.kubernetes.pod.name)", ("k8s", "pod_name")),
    Field("k8s.pod.uid", "string", "Kubernetes pod uid (label io.kubernetes.pod.uid)", ("k8s", "pod_uid")),
    Field("k8s.pod.id", "string", "Kubernetes pod uid (as k8s.pod.uid)", ("k8s", "pod_uid")),
    Field("k8s.pod.label", "string", "k8s.pod.label[KEY]: one pod label", ("k8s", "pod_labels"), arg="required"),
]

FIELDS: dict[str, Field] = {f.name: f for f in _F}

# an ancestor field's index 0 is the process itself
_SELF = {"proc.aname": "proc.name", "proc.apid": "proc.pid", "proc.aexepath": "proc.exepath",
         "proc.aexe": "proc.exe"}
# printed without index, proc.apid is the process's own pid (libsinsp's ancestor 0, in 0.29.3 as now)
_UNINDEXED = {"proc.apid": "proc.pid"}
# fields whose argument may also follow a dot: evt.arg.NAME, evt.rawarg.NAME
_DOTTED = ("evt.arg", "evt.rawarg")
# evt.arg[N] reads the event's own arguments by index
_BY_INDEX = {"evt.arg": ("evt", "arglist")}
_BRACKET = re.compile(r"^(?P<base>[A-Za-z0-9_.]+)\[(?P<arg>[^\]]*)\]$")


class UnknownFieldError(ValueError):
    pass


# libsinsp reads a field's numeric index as a 32-bit number
MAX_INDEX = 2**31 - 1
# fields whose numeric argument is an index into a list
_NUMBERED = frozenset({*_SELF, *_BY_INDEX, "container.mount.dest"})
_ARG_NAME = re.compile(r"[A-Za-z0-9_]+")


def is_index(arg: str) -> bool:
    """``arg`` is written as a non-negative number (ASCII digits)."""
    return arg.isascii() and arg.isdigit()


def arg_error(base: str, arg: str) -> str | None:
    """Why ``arg`` is not an argument the field ``base`` (a catalogue name) takes, or None:
    an ancestor's index must be a number, an event argument a name or a number, and no index
    may exceed a 32-bit number."""
    if is_index(arg):
        if base in _NUMBERED and int(arg) > MAX_INDEX:  # elsewhere (container.label[KEY]) a key
            return f"the index {arg} is too large (at most {MAX_INDEX})"
        return None
    if base in _SELF:
        return f"the index must be a number, got '{arg}'"
    if base in _DOTTED and not _ARG_NAME.fullmatch(arg):
        return f"invalid event argument name '{arg}'"
    return None


def parse_field(name: str) -> tuple[Field, str | None]:
    """The catalogue entry of a field expression and its argument:
    ``proc.aname[2]`` -> (proc.aname, "2"), ``evt.arg.flags`` -> (evt.arg, "flags")."""
    f = FIELDS.get(name)
    if f is not None and f.arg != "required":
        return f, None
    mb = _BRACKET.match(name)
    if mb:
        f = FIELDS.get(mb.group("base"))
        if f is not None and f.arg != "none" and mb.group("arg"):
            return f, mb.group("arg")
    for base in _DOTTED:
        if name.startswith(base + ".") and len(name) > len(base) + 1:
            return FIELDS[base], name[len(base) + 1 :]
    raise UnknownFieldError(f"unknown field '{name}' (see `scapkit fields`)")


def time_parts(part: str, ns: pa.Array) -> pa.Array:
    """The whole seconds ("s") or the nanoseconds below a second ("ns") of a column of times in ns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    second = pa.scalar(1_000_000_000, ns.type)
    whole = pc.divide(ns, second)
    return whole if part == "s" else pc.subtract(ns, pc.multiply(whole, second))


def lookup(name: str) -> Field:
    return parse_field(name)[0]


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


def _column(table: pa.Table | pa.RecordBatch, struct: str, member: str) -> pa.Array:
    import pyarrow as pa

    col = table.column(struct)
    if isinstance(col, pa.ChunkedArray):
        if col.num_chunks == 0:
            return pa.array([], col.type.field(member).type)
        return pa.concat_arrays([c.field(member) for c in col.chunks])
    return col.field(member)


def _map_get(rows: list[object], key: str) -> list[object]:
    out: list[object] = []
    for r in rows:
        v = None
        if r is not None:
            for k, x in r:  # type: ignore[attr-defined]
                if k == key:
                    v = x
                    break
        out.append(v)
    return out


def _mount_dest(rows: list[object], key: str) -> list[object]:
    out: list[object] = []
    for r in rows:
        v = None
        if r is not None:
            mounts = list(r)  # type: ignore[call-overload]
            if is_index(key):
                k = int(key)
                v = mounts[k]["dest"] if k < len(mounts) else None
            else:
                for mt in mounts:
                    if fnmatch.fnmatchcase(mt["source"], key):
                        v = mt["dest"]
                        break
        out.append(v)
    return out


def extract(table: pa.Table | pa.RecordBatch, name: str) -> list[object]:
    """Values of one field expression for every row (None where the field does not apply)."""
    f, arg = parse_field(name)
    if arg is None and f.name in _UNINDEXED:
        return extract(table, _UNINDEXED[f.name])
    if arg is None:
        column = _column(table, *f.column)
        if f.part is not None:
            return time_parts(f.part, column).to_pylist()
        values = column.to_pylist()
        if f.sep is not None:
            return [f.sep.join(v) if v is not None else None for v in values]
        return values
    why = arg_error(f.name, arg)
    if why is not None:
        raise UnknownFieldError(f"field '{name}': {why}")
    if f.name in _SELF:
        k = int(arg)
        if k == 0:
            return extract(table, _SELF[f.name])
        return [lst[k - 1] if lst is not None and len(lst) >= k else None
                for lst in _column(table, *f.column).to_pylist()]
    if f.name in _BY_INDEX and is_index(arg):
        k = int(arg)
        return [lst[k] if lst is not None and len(lst) > k else None
                for lst in _column(table, *_BY_INDEX[f.name]).to_pylist()]
    rows = _column(table, *f.column).to_pylist()
    if f.name == "container.mount.dest":
        return _mount_dest(rows, arg)
    return _map_get(rows, arg)


def is_known(name: str) -> bool:
    try:
        parse_field(name)
    except UnknownFieldError:
        return False
    return True


def render_field(name: str, v: object) -> str:
    f, arg = parse_field(name)
    if arg is not None:
        if v is None:
            return "<NA>"
        return _bool(v) if isinstance(v, bool) else str(v)
    return render_value(f, v)
