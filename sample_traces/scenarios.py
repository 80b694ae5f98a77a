"""Run, record, anonymise and check the sample-trace scenarios.

    python sample_traces/scenarios.py list
    python sample_traces/scenarios.py run NAME            # act it out, no capture
    python sample_traces/scenarios.py record [NAME ...]   # (root) record into sample_traces/NAME.scap.gz
    python sample_traces/scenarios.py check FILE NAME     # the leak checker on a recorded file

Each scenario is a shell script in ``sample_traces/NAME/``. It is copied with its helper files
into a private directory ``/tmp/scapkit-NAME-XXXX`` (its ``home/`` is ``$HOME``), set up (fake
keys, a decoy /etc/shadow, a compiled payload, free ports...), and run under ``env -i`` with
only PATH, HOME and LANG, stdin from /dev/null and stdout/stderr into ``output.log`` there.
Recording uses ``capture.run.record`` (the command's process tree only), then rewrites the file
so it names nothing of the recording machine: the host name becomes ``scapkit-sample``, the
interface list keeps only ``lo``, the user/group lists keep only the ids the scenario's
processes use, and the recorder's own cgroup path prefix is replaced by ``/``.
:func:`check` then asserts that no other process, no path of the machine outside the scenario
directory and no environment value of the recording shell is left in it.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from analyzer.scap import model as m  # noqa: E402
from analyzer.scap.event_table import EF_LARGE_PAYLOAD, EVENTS  # noqa: E402
from analyzer.scap.reader import CaptureReader  # noqa: E402
from analyzer.scap.writer import CaptureWriter  # noqa: E402

PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
SAMPLE_HOSTNAME = "scapkit-sample"
MAX_SIZE = 2 << 20  # a recorded .scap.gz must stay below 2 MB
# environment variable names a scenario process may carry
SCENARIO_ENV = frozenset({"PATH", "HOME", "LANG", "PWD", "OLDPWD", "SHLVL", "SCN_NS", "_"})
# processes every scenario may run (the env -i wrapper, the shell, coreutils it calls)
COMMON_COMMS = frozenset({"env", "sh", "dirname", "true", "sleep", "cat", "mkdir", "ls", "cp", "rm", "chmod", "id"})
# dot-files any root-run tool may look up: naming them tells nothing about the recording machine
GENERIC_HOME_ENTRIES = frozenset(
    {".bashrc", ".profile", ".curlrc", ".wgetrc", ".inputrc", ".ssh", ".cache", ".config", ".local", ".terminfo"}
)


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    comms: frozenset[str]  # process names (comm) allowed besides COMMON_COMMS
    setup: Callable[[Path], list[str]] = field(default=lambda root: [])  # -> script arguments
    teardown: Callable[[Path], None] = field(default=lambda root: None)


# --------------------------------------------------------------------------- set-up helpers
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


FAKE_SHADOW = """root:$y$j9T$scapkitDECOYsalt$DecoyHashDecoyHashDecoyHashDecoyHashDec1:20000:0:99999:7:::
daemon:*:20000:0:99999:7:::
www-data:*:20000:0:99999:7:::
deploy:$6$decoysalt$DecoyDecoyDecoyDecoyDecoyDecoyDecoyDecoyDecoy0:20000:0:99999:7:::
"""


def _setup_webshell(root: Path) -> list[str]:
    (root / "build").mkdir()
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        raise RuntimeError("webshell: a C compiler (cc, gcc or clang) is needed to build the payload")
    subprocess.run([cc, "-O2", "-s", "-o", str(root / "build" / "kworkerd"), str(root / "implant.c")], check=True)
    (root / "decoy").mkdir()
    (root / "decoy" / "shadow").write_text(FAKE_SHADOW)
    (root / "decoy" / "shadow").chmod(0o640)
    return [str(_free_port()), str(_free_port()), str(_free_port())]


def _setup_credentials(root: Path) -> list[str]:
    h = root / "home"
    files = {
        ".ssh/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-SCAPKIT-FAKE-KEY-NOT-REAL\n"
        "-----END OPENSSH PRIVATE KEY-----\n",
        ".ssh/id_rsa.pub": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ-SCAPKIT-FAKE deploy@web-1\n",
        ".ssh/known_hosts": "git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI-SCAPKIT-FAKE\n",
        ".aws/credentials": "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        ".aws/config": "[default]\nregion = eu-west-1\n",
        ".bash_history": "ls\ncd projects/shop\nexport DB_PASSWORD=hunter2\nmysql -u shop -p\n"
        "git push\ncurl -H 'Authorization: token ghp_SCAPKITFAKE' https://api.example.com\n",
        "projects/shop/.env": "DB_HOST=db.internal\nDB_PASSWORD=s3cr3t-SCAPKIT-FAKE\n",
        "projects/shop/app.py": "print('shop')\n",
        "projects/shop/certs/server.pem": "-----BEGIN CERTIFICATE-----\nSCAPKIT-FAKE\n-----END CERTIFICATE-----\n",
        "notes.txt": "remember to rotate keys\n",
    }
    for rel, text in files.items():
        p = h / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    (h / ".ssh").chmod(0o700)
    (h / ".ssh" / "id_rsa").chmod(0o600)
    return []


def _setup_persistence(root: Path) -> list[str]:
    (root / "home" / ".bashrc").write_text("# ~/.bashrc\nexport PS1='\\u@\\h:\\w\\$ '\nalias ll='ls -l'\n")
    return []


def _own_cgroup(controller: str) -> str | None:
    """This process's path in the v1 hierarchy of ``controller``, or in the v2 hierarchy for
    ``"unified"`` (``None`` when there is no such hierarchy)."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        hid, subsys, path = line.split(":", 2)
        if controller == "unified" and hid == "0" and not subsys:
            return path
        if controller in subsys.split(","):
            return path
    return None


def _hierarchy_root(controller: str) -> Path | None:
    if controller == "unified":  # cgroup v2: beside the v1 hierarchies (hybrid) or alone
        for base in (Path("/sys/fs/cgroup/unified"), Path("/sys/fs/cgroup")):
            if (base / "cgroup.controllers").exists():
                return base
        return None
    base = Path("/sys/fs/cgroup") / controller
    return base if base.is_dir() else None


CONTAINER_ID = "5ca9c1d0c0ffee00" + "d0c4e12b" * 6  # 64 hex digits, like a Docker container id


# hierarchies the "container" joins, as a runtime does: v1 cpuset and memory, and cgroup v2
CONTAINER_CONTROLLERS = ("cpuset", "memory", "unified")


def _container_cgroup_dirs() -> list[Path]:
    """Where the container's cgroups go: ``<own path>/scapkit/<id>`` in each hierarchy."""
    out: list[Path] = []
    for c in CONTAINER_CONTROLLERS:
        own = _own_cgroup(c)
        base = _hierarchy_root(c)
        if own is not None and base is not None:
            d = base / own.lstrip("/") / "scapkit" / CONTAINER_ID
            if d not in out:
                out.append(d)
    return out


def _setup_container(root: Path) -> list[str]:
    made: list[str] = []
    for d in _container_cgroup_dirs():
        try:
            d.mkdir(parents=True, exist_ok=True)
            if (d.parent.parent / "cpuset.mems").exists() and not (d.parent.parent / "cgroup.controllers").exists():
                # a v1 cpuset cgroup takes no task until it has cpus and mems
                for f in ("cpuset.cpus", "cpuset.mems"):
                    for lvl in (d.parent, d):
                        (lvl / f).write_text((lvl.parent / f).read_text())
        except OSError:
            continue  # not writable here: the tree is still container-like, without a container id
        made.append(str(d))
    return made


def _teardown_container(root: Path) -> None:
    for d in _container_cgroup_dirs():
        for p in (d, d.parent):
            with contextlib.suppress(OSError):
                p.rmdir()


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "webshell",
            "a Python web app runs sh -c for an attacker: cat /etc/shadow, download and run a "
            "payload from /tmp, reverse shell to a local listener",
            frozenset({"python3", "unshare", "mount", "curl", "kworkerd"}),
            _setup_webshell,
        ),
        Scenario(
            "credential_hunt",
            "find/grep for SSH keys, ~/.aws/credentials and passwords; stage and pack the loot",
            frozenset({"find", "grep", "tar", "gzip", "base64"}),
            _setup_credentials,
        ),
        Scenario(
            "persistence",
            "cron.d job, enabled systemd unit, profile.d hook, ~/.bashrc line, authorized_keys",
            frozenset({"unshare", "mount", "ln", "touch"}),
            _setup_persistence,
        ),
        Scenario(
            "anti_forensics",
            "log truncation (truncate, redirection, cat /dev/null), shred, bulk rm of logs and history",
            frozenset({"unshare", "mount", "head", "truncate", "shred", "ln"}),
        ),
        Scenario(
            "container",
            "container-like tree: Docker-style cgroup, new PID/mount/UTS/IPC namespaces, init as vpid 1",
            frozenset({"unshare", "hostname", "ps"}),
            _setup_container,
            _teardown_container,
        ),
    )
}


# --------------------------------------------------------------------------- running
@dataclass
class Prepared:
    scenario: Scenario
    root: Path
    command: list[str]
    env: dict[str, str]

    def cleanup(self) -> None:
        self.scenario.teardown(self.root)
        shutil.rmtree(self.root, ignore_errors=True)


def prepare(name: str) -> Prepared:
    """Copy the scenario into a fresh private directory and set it up (not yet run)."""
    sc = SCENARIOS[name]
    root = Path(tempfile.mkdtemp(prefix=f"scapkit-{name}-", dir="/tmp"))
    root.chmod(0o755)
    for f in (HERE / name).iterdir():
        if f.is_file():
            shutil.copy2(f, root / f.name)
    (root / "home").mkdir()
    (root / "tmp").mkdir()
    env = {"PATH": PATH, "HOME": str(root / "home"), "LANG": "C.UTF-8"}
    try:
        args = sc.setup(root)
    except BaseException:
        sc.teardown(root)
        shutil.rmtree(root, ignore_errors=True)
        raise
    command = ["/usr/bin/env", "-i", *(f"{k}={v}" for k, v in env.items()), "/bin/sh", str(root / f"{name}.sh"), *args]
    return Prepared(sc, root, command, env)


def _open_fds() -> list[int]:
    out: list[int] = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            os.fstat(fd)
        except OSError:
            continue  # the directory handle listdir used
        out.append(fd)
    return out


@contextlib.contextmanager
def _stdio_to(root: Path) -> Iterator[None]:
    """Point this process's fds 0-2 at /dev/null and root/output.log and its cwd at root (children
    inherit them, so nothing of the caller's directory or terminal reaches the scenario)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 64) for fd in (0, 1, 2)]
    null = os.open(os.devnull, os.O_RDONLY)
    log = os.open(root / "output.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(null)
    os.close(log)
    low = os.open(".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    cwd = fcntl.fcntl(low, fcntl.F_DUPFD_CLOEXEC, 64)  # own bookkeeping fds stay out of the low range
    os.close(low)
    os.chdir(root)
    # other inheritable fds of this process (a test runner's, a terminal's) stay out of the scenario
    leaky = [fd for fd in _open_fds() if fd > 2 and os.get_inheritable(fd)]
    for fd in leaky:
        os.set_inheritable(fd, False)
    try:
        yield
    finally:
        for fd in leaky:
            with contextlib.suppress(OSError):
                os.set_inheritable(fd, True)
        os.fchdir(cwd)
        os.close(cwd)
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, sv in zip((0, 1, 2), saved, strict=True):
            os.dup2(sv, fd)
            os.close(sv)


def run(name: str, *, timeout: float = 120) -> tuple[int, str, Path]:
    """Act the scenario out without capture; returns (exit status, its output, its directory,
    which is gone again)."""
    p = prepare(name)
    try:
        with _stdio_to(p.root):
            proc = subprocess.Popen(p.command, env=p.env, start_new_session=True)
        try:
            status = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the scenario's own process group only
            proc.wait()
            raise
        return status, (p.root / "output.log").read_text(errors="replace"), p.root
    finally:
        p.cleanup()


def record(name: str, out: str | os.PathLike[str], *, snaplen: int = 80) -> dict[str, object]:
    """Record the scenario with the eBPF capture into ``out`` (anonymised); returns figures."""
    try:
        from capture.run import record as capture_record
    except ImportError as e:
        raise RuntimeError(f"the eBPF capture (capture.run.record) is not available: {e}") from None
    p = prepare(name)
    raw = p.root / "capture.raw.scap"
    try:
        with _stdio_to(p.root):
            stats = capture_record(str(raw), p.command, env=p.env, snaplen=snaplen, only_tree=True)
        info = anonymise(raw, out)
        info["stats"] = stats
        info["output"] = (p.root / "output.log").read_text(errors="replace")
        info["root"] = str(p.root)
        info["command"] = p.command
        return info
    finally:
        raw.unlink(missing_ok=True)
        p.cleanup()


# --------------------------------------------------------------------------- anonymising
def host_cgroup_prefixes() -> list[str]:
    """The recorder's own cgroup paths (other than ``/``): they identify the recording machine."""
    out: set[str] = set()
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        path = line.split(":", 2)[2]
        if path not in ("", "/"):
            out.add(path.rstrip("/"))
    return sorted(out, key=len, reverse=True)


def _replacer(prefixes: list[str]) -> Callable[[bytes], bytes]:
    pairs: list[tuple[bytes, bytes]] = []
    for p in prefixes:
        b = p.encode()
        pairs += [(b + b"/", b"/"), (b, b"/")]

    def sub(data: bytes) -> bytes:
        for a, z in pairs:
            if a in data:
                data = data.replace(a, z)
        return data

    return sub


def _sub_str(sub: Callable[[bytes], bytes], s: str) -> str:
    return sub(s.encode("utf-8", "surrogateescape")).decode("utf-8", "surrogateescape")


def anonymise(
    src: str | os.PathLike[str], dst: str | os.PathLike[str], *, cgroup_prefixes: list[str] | None = None
) -> dict[str, object]:
    """Rewrite capture ``src`` into ``dst`` without traits of the recording machine (see module doc).

    ``cgroup_prefixes`` defaults to :func:`host_cgroup_prefixes`.
    """
    sub = _replacer(host_cgroup_prefixes() if cgroup_prefixes is None else cgroup_prefixes)
    reader = CaptureReader(src)
    h = reader.header
    batches = list(reader.batches())
    reader.close()
    # the scenario's process tree: every thread with an event (the capture filtered the events to
    # the tree); header entries of other processes (the recorder's ancestors) are dropped
    tree = {int(t) for b in batches for t in b.tid.tolist()}
    procs = [
        replace(
            p,
            comm=_sub_str(sub, p.comm),
            exe=_sub_str(sub, p.exe),
            exepath=_sub_str(sub, p.exepath),
            args=[_sub_str(sub, a) for a in p.args],
            cwd=_sub_str(sub, p.cwd),
            env=[_sub_str(sub, e) for e in p.env],
            cgroups=[_sub_str(sub, c) for c in p.cgroups],
            root=_sub_str(sub, p.root),
        )
        for p in h.procs
        if p.tid in tree or p.pid in tree
    ]
    kept = {p.tid for p in procs}
    fdlists = {
        tid: [replace(f, name=_sub_str(sub, f.name)) for f in fds] for tid, fds in h.fdlists.items() if tid in kept
    }
    uids = {0} | {p.uid for p in procs}
    gids = {0} | {p.gid for p in procs}
    users = [u for u in h.users if u.uid in uids]
    groups = [g for g in h.groups if g.gid in gids]
    interfaces = [i for i in h.interfaces if i.name == "lo"]
    machine = replace(h.machine or m.MachineInfo(), hostname=SAMPLE_HOSTNAME)
    n = 0
    with CaptureWriter(dst) as w:
        w.write_header(machine, interfaces, users, groups, procs, fdlists)
        for b in batches:
            for i in range(len(b)):
                et = int(b.type[i])
                params = [sub(bytes(p)) for p in b.params(i)]
                large = et < len(EVENTS) and bool(EVENTS[et].flags & EF_LARGE_PAYLOAD)
                lens = struct.pack(f"<{len(params)}{'I' if large else 'H'}", *map(len, params))
                body = b"".join(params)
                rec = struct.pack("<QqIHI", int(b.ts[i]), int(b.tid[i]), 26 + len(lens) + len(body), et, len(params))
                w.write_raw_event_record(rec + lens + body, int(b.cpu[i]), int(b.dflags[i]))
                n += 1
    return {"events": n, "size": os.path.getsize(dst), "processes": len({p.pid for p in procs})}


# --------------------------------------------------------------------------- checking
def decoded_strings(path: str | os.PathLike[str]) -> Iterator[tuple[str, str]]:
    """(where, text) for every string in the file: header fields and every event parameter."""
    reader = CaptureReader(path)
    h = reader.header
    if h.machine is not None:
        yield "MI hostname", h.machine.hostname
    for itf in h.interfaces:
        yield "IL name", itf.name
    for u in h.users:
        for v in (u.name, u.homedir, u.shell):
            yield f"UL user {u.uid}", v
    for g in h.groups:
        yield f"UL group {g.gid}", g.name
    for p in h.procs:
        w = f"PL tid {p.tid}"
        for v in (p.comm, p.exe, p.exepath, p.cwd, p.root, *p.args, *p.env, *p.cgroups):
            yield w, v
    for tid, fds in h.fdlists.items():
        for f in fds:
            yield f"FDL tid {tid} fd {f.fd}", f.name
    num = 0
    for b in reader.batches():
        for i in range(len(b)):
            num += 1
            et = int(b.type[i])
            name = EVENTS[et].name if et < len(EVENTS) else str(et)
            for j, raw in enumerate(b.params(i)):
                yield f"event {num} {name} param {j}", bytes(raw).decode("utf-8", "surrogateescape")
    reader.close()


def _comms(path: str | os.PathLike[str]) -> dict[str, str]:
    """Process names in the file -> where first seen (PL comm, clone/execve exit comm param)."""
    out: dict[str, str] = {}
    reader = CaptureReader(path)
    for p in reader.header.procs:
        out.setdefault(p.comm, f"PL tid {p.tid}")
    for b in reader.batches():
        for i in range(len(b)):
            et = int(b.type[i])
            if et >= len(EVENTS) or not et & 1:
                continue
            names = [p.name for p in EVENTS[et].params]
            if "comm" in names and EVENTS[et].name in ("clone", "fork", "vfork", "clone3", "execve", "execveat"):
                params = b.params(i)
                k = names.index("comm")
                if k < len(params):
                    c = bytes(params[k]).rstrip(b"\0").decode("utf-8", "surrogateescape")
                    out.setdefault(c, f"{EVENTS[et].name} exit of tid {int(b.tid[i])}")
    reader.close()
    return out


def env_entries(path: str | os.PathLike[str]) -> Iterator[tuple[str, str]]:
    """Every environment entry: PL env lists and the env parameter of execve exits."""
    reader = CaptureReader(path)
    for p in reader.header.procs:
        for e in p.env:
            yield f"PL tid {p.tid} env", e
    num = 0
    for b in reader.batches():
        for i in range(len(b)):
            num += 1
            et = int(b.type[i])
            if et >= len(EVENTS) or not et & 1 or EVENTS[et].name not in ("execve", "execveat"):
                continue
            names = [p.name for p in EVENTS[et].params]
            params = b.params(i)
            if "env" in names and names.index("env") < len(params):
                for e in bytes(params[names.index("env")]).split(b"\0"):
                    if e:
                        yield f"event {num} {EVENTS[et].name} env", e.decode("utf-8", "surrogateescape")
    reader.close()


GENERIC_VALUES = frozenset({"/root", "/bin/bash", "/bin/sh", "C.UTF-8", "en_US.UTF-8", "noninteractive", "xterm-256color"})
_ENV_ENTRY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=")


def forbidden_strings(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Substrings that identify the recording machine or session -> why they are forbidden."""
    environ = dict(os.environ if environ is None else environ)
    out: dict[str, str] = {}
    for k, v in environ.items():
        if k in ("SCENARIOS", "MFLAGS") or k.startswith("MAKE"):
            continue  # `make sample-traces SCENARIOS=...` itself
        if len(v) >= 6 and v not in GENERIC_VALUES and not v.startswith(("/usr/", "/etc/ssl/")):
            out[v] = f"value of ${k} in the recording environment"
    host = socket.gethostname()
    if len(host) >= 4:
        out[host] = "host name of the recording machine"
    out[str(REPO)] = "path of the scapkit checkout"
    homes = {"/root", os.path.expanduser("~")}
    for home in homes:
        try:
            entries = os.listdir(home)
        except OSError:
            continue
        for e in entries:
            if e not in GENERIC_HOME_ENTRIES:
                out[f"{home}/{e}"] = f"an entry of {home} on the recording machine"
        if home not in ("/root", "/"):
            out[home] = "home directory of the recording user"
    for p in host_cgroup_prefixes():
        out[p] = "cgroup path of the recorder"
    try:
        for line in Path("/etc/shadow").read_text().splitlines():
            parts = line.split(":")
            if len(parts) > 1 and len(parts[1]) >= 13:
                out[parts[1]] = f"password hash of {parts[0]} in this machine's /etc/shadow"
    except OSError:
        pass
    return out


def check(path: str | os.PathLike[str], name: str) -> list[str]:
    """Problems that make a recorded file unfit as a sample (empty list = fine)."""
    sc = SCENARIOS[name]
    problems: list[str] = []
    size = os.path.getsize(path)
    if size >= MAX_SIZE:
        problems.append(f"{path}: {size} bytes, the limit is {MAX_SIZE}")
    allowed = COMMON_COMMS | sc.comms
    for comm, where in sorted(_comms(path).items()):
        if comm not in allowed:
            problems.append(f"process {comm!r} ({where}) is not part of scenario {name}")
    forbidden = forbidden_strings()
    host = socket.gethostname()
    own = f"/tmp/scapkit-{name}-"
    tmp_path = re.compile(r"(?<![\w.~/-])/tmp/[^\s\0/'\"]*")
    for where, text in decoded_strings(path):
        for bad, why in forbidden.items():
            if bad in text:
                problems.append(f"{where}: contains {bad!r} ({why})")
        if text.rstrip("\0") == host:
            problems.append(f"{where}: is the host name of the recording machine")
        for mt in tmp_path.finditer(text):
            t = mt.group(0)
            # the scenario's own directory; a name cut short by the snaplen is fine too
            if t in ("/tmp/", "/tmp") or t.startswith(own) or (mt.end() == len(text) and own.startswith(t)):
                continue
            problems.append(f"{where}: path outside the scenario directory: {t!r}")
    for where, entry in env_entries(path):
        me = _ENV_ENTRY.match(entry)
        if me is None or me.group(1) not in SCENARIO_ENV:
            problems.append(f"{where}: environment entry {entry[:40]!r} is not one the scenario sets")
    return sorted(set(problems))


# --------------------------------------------------------------------------- command line
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="scenarios.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="list the scenarios")
    r = sub.add_parser("run", help="act a scenario out without capture")
    r.add_argument("name", choices=sorted(SCENARIOS))
    rec = sub.add_parser("record", help="record scenarios into sample_traces/NAME.scap.gz (root)")
    rec.add_argument("names", nargs="*", help="scenarios to record (default: all)")
    rec.add_argument("--out-dir", default=str(HERE))
    c = sub.add_parser("check", help="check a recorded file for traits of the recording machine")
    c.add_argument("file")
    c.add_argument("name", choices=sorted(SCENARIOS))
    a = ap.parse_args(argv)
    if a.cmd == "list":
        for s in SCENARIOS.values():
            print(f"{s.name:16} {s.summary}")
        return 0
    if a.cmd == "run":
        status, output, _ = run(a.name)
        sys.stdout.write(output)
        return status
    if a.cmd == "check":
        problems = check(a.file, a.name)
        for pr in problems:
            print(pr)
        return 1 if problems else 0
    unknown = [n for n in a.names if n not in SCENARIOS]
    if unknown:
        ap.error(f"unknown scenario(s): {', '.join(unknown)} (see `list`)")
    failed = 0
    for name in a.names or sorted(SCENARIOS):
        out = Path(a.out_dir) / f"{name}.scap.gz"
        try:
            info = record(name, out)
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            print(f"{name}: {e}", file=sys.stderr)
            failed += 1
            continue
        problems = check(out, name)
        print(f"{name}: {info['events']} events, {info['size']} bytes -> {out}")
        for pr in problems:
            print(f"  {pr}", file=sys.stderr)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
