"""Container metadata carried inside a capture (the only source offline).

Records come from the container events a capture may hold: ``container`` (228: id, type, name,
image), ``container`` JSON (272 and its large form 324: ``{"container": {...}}``) and the async
``container`` / ``container_removed`` events (402). A later record for the same id replaces the
earlier one; ``container_removed`` ends it. Lookups are *as of* an event index, so an event sees
the record that was current when it happened.
"""

from __future__ import annotations

import bisect
import functools
import json
from dataclasses import dataclass, field

# container type numbers (the libsinsp / container plugin enum) -> container.type text
CONTAINER_TYPES = {
    0: "docker", 1: "lxc", 2: "libvirt-lxc", 3: "mesos", 4: "rkt", 6: "cri", 7: "containerd", 8: "cri-o",
    9: "bpm", 11: "podman", 0xFFFE: "host",
}


@dataclass(frozen=True, slots=True)
class Mount:
    source: str
    dest: str
    mode: str
    rdwr: bool
    propagation: str


@dataclass(frozen=True, slots=True)
class ContainerInfo:
    id: str
    full_id: str = ""
    name: str = ""
    image: str = ""
    image_id: str = ""
    image_repository: str = ""
    image_tag: str = ""
    image_digest: str = ""
    type: str = ""
    privileged: bool = False
    ip: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    mounts: tuple[Mount, ...] = ()
    # the metadata lookup finished (libsinsp hides the event of a lookup that was still running or
    # failed: a "lookup_state" of 0 or 2)
    lookup_ok: bool = True

    @property
    def k8s_pod_name(self) -> str | None:
        return self.labels.get("io.kubernetes.pod.name")

    @property
    def k8s_ns_name(self) -> str | None:
        return self.labels.get("io.kubernetes.pod.namespace")

    @property
    def k8s_pod_uid(self) -> str | None:
        return self.labels.get("io.kubernetes.pod.uid")

    def labels_text(self) -> str:
        """``container.labels``: key:value pairs in key order, joined by ", " (k8s keys skipped)."""
        parts = []
        for k in sorted(self.labels):
            if k.startswith(("annotation.", "io.kubernetes.")):
                continue
            v = self.labels[k]
            parts.append(f"{k}:{v}" if v else k)
        return ", ".join(parts)

    def mounts_text(self) -> str:
        """``container.mounts``: source:dest:mode:rdwr:propagation entries joined by ","."""
        return ",".join(
            f"{m.source}:{m.dest}:{m.mode}:{'true' if m.rdwr else 'false'}:{m.propagation}" for m in self.mounts
        )


def _s(v: object) -> str:
    return v if isinstance(v, str) else ""


def container_from_json(text: str) -> ContainerInfo | None:
    """A record from the JSON payload ``{"container": {...}}``; None when it is not one."""
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    c = doc.get("container") if isinstance(doc, dict) else None
    if not isinstance(c, dict) or not isinstance(c.get("id"), str):
        return None
    labels = c.get("labels")
    mounts = []
    for mt in c.get("Mounts") or []:
        if isinstance(mt, dict):
            mounts.append(Mount(_s(mt.get("Source")), _s(mt.get("Destination")), _s(mt.get("Mode")),
                                bool(mt.get("RW")), _s(mt.get("Propagation"))))
    ctype = c.get("type")
    return ContainerInfo(
        id=c["id"], full_id=_s(c.get("full_id")), name=_s(c.get("name")), image=_s(c.get("image")),
        image_id=_s(c.get("imageid")), image_repository=_s(c.get("imagerepo")), image_tag=_s(c.get("imagetag")),
        image_digest=_s(c.get("imagedigest")),
        type=CONTAINER_TYPES.get(ctype, "") if isinstance(ctype, int) else "",
        privileged=bool(c.get("privileged")), ip=_s(c.get("ip")),
        labels={str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {},
        mounts=tuple(mounts),
        lookup_ok=_lookup_ok(c.get("lookup_state")),
    )


def _lookup_ok(state: object) -> bool:
    """libsinsp's reading of "lookup_state": an unsigned number 0 (started: in a file it never
    finishes) or 2 (failed) is an unsuccessful lookup; anything else counts as successful."""
    if isinstance(state, bool):
        state = int(state)
    if isinstance(state, float) and state.is_integer():
        state = int(state)
    return not (isinstance(state, int) and state in (0, 2))


class ContainerStore:
    """Container records over time, keyed by the 12-char id."""

    def __init__(self) -> None:
        self._idx: dict[str, list[int]] = {}
        self._rec: dict[str, list[ContainerInfo | None]] = {}

    def put(self, idx: int, cid: str, rec: ContainerInfo | None) -> None:
        self._idx.setdefault(cid, []).append(idx)
        self._rec.setdefault(cid, []).append(rec)

    def at(self, cid: str, idx: int) -> ContainerInfo | None:
        """The record for ``cid`` current at event index ``idx`` (None: no metadata)."""
        ix = self._idx.get(cid)
        if ix is None:
            return None
        k = bisect.bisect_right(ix, idx) - 1
        return self._rec[cid][k] if k >= 0 else None

    def __bool__(self) -> bool:
        return bool(self._idx)


# ------------------------------------------------------------------ container id from cgroups
# The id libsinsp 0.29.3 gives a thread from its cgroups when reading a capture: its container
# engines are tried in order (podman, docker, cri, lxc, libvirt-lxc, then mesos, rkt and bpm), each
# over all the thread's cgroups. The runc-style ones (podman, docker, cri) look for a 64-character
# id between a prefix and a suffix and keep its first 12 characters.
_PODMAN_LAYOUT = (("/libpod-", ".scope"),)  # root podman; rootless ones need the host's /proc
_DOCKER_LAYOUT = (("/", ""), ("/docker-", ".scope"))
_CRI_LAYOUT = (("/", ""), ("/crio-", ""), ("/cri-containerd-", ".scope"), ("/crio-", ".scope"),
               (":cri-containerd:", ""))
_ID_CHARS = frozenset("0123456789abcdefABCDEF")
_BPM_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def cgroup_paths(cgroups: list[str]) -> list[str]:
    """The cgroup of each ``subsystem=cgroup`` entry, as libsinsp's set_cgroups splits it: at the
    last '='; an entry without one ends the list."""
    out: list[str] = []
    for entry in cgroups:
        sep = entry.rfind("=")
        if sep < 0:
            break
        out.append(entry[sep + 1:])
    return out


def _runc_id(cgroup: str, prefix: str, suffix: str) -> str | None:
    """libsinsp's match_one_container_id: the id sits between the last ``prefix`` and the last
    ``suffix`` and is 64 characters long. Its character check compares the position of the first
    invalid character, counted from the start of the cgroup, with 64, so it only rejects ids that
    start within the first 64 characters."""
    start = cgroup.rfind(prefix)
    if start < 0:
        return None
    start += len(prefix)
    end = cgroup.rfind(suffix)
    if end < 0 or end - start != 64:
        return None
    bad = next((k for k in range(start, len(cgroup)) if cgroup[k] not in _ID_CHARS), None)
    if bad is not None and bad < 64:
        return None
    return cgroup[start:start + 12]


def _runc_match(paths: list[str], layout: tuple[tuple[str, str], ...]) -> str | None:
    for cg in paths:
        for prefix, suffix in layout:
            cid = _runc_id(cg, prefix, suffix)
            if cid is not None:
                return cid
    return None


def _lxc_id(paths: list[str]) -> str | None:
    for cg in paths:
        for marker in ("/lxc/", "/lxc.payload/"):
            pos = cg.find(marker)
            if pos >= 0:
                start = pos + len(marker)
                end = cg.find("/", start)
                return cg[start:] if end < 0 else cg[start:end]
    return None


def _libvirt_lxc_id(paths: list[str]) -> str | None:
    for cg in paths:
        pos = cg.find(".libvirt-lxc")
        if pos >= 0 and pos == len(cg) - len(".libvirt-lxc"):
            slash = cg.rfind("/")
            if slash >= 0:
                return cg[slash + 1:pos]
        pos = cg.find("-lxc\\x2")
        if pos >= 0:
            scope = cg.find(".scope")
            if scope >= 0 and scope == len(cg) - len(".scope"):
                start = pos + len("-lxc\\x2") + 1  # sizeof counts the NUL: one character more
                return cg[start:scope]
        pos = cg.find("/libvirt/lxc/")
        if pos >= 0:
            return cg[pos + len("/libvirt/lxc/"):]
    return None


def _bpm_id(paths: list[str]) -> str | None:
    for cg in paths:
        pos = cg.find("bpm-")
        if pos >= 0:
            start = pos + len("bpm-")
            end = cg.find(".scope", start)
            cid = cg[start:] if end < 0 else cg[start:end]
            if cid and set(cid) <= _BPM_CHARS:
                return cid
    return None


def container_id_from_cgroups(cgroups: list[str]) -> str:
    """The container id of a thread with these cgroups, or "" for the host (see _container_id).
    Threads of a capture share a few cgroup lists: each is matched once."""
    return _container_id(tuple(cgroups))


@functools.lru_cache(maxsize=4096)
def _container_id(cgroups: tuple[str, ...]) -> str:
    """The container id of a thread with these cgroups by 0.29.3's engines.

    Not followed: rootless podman (libsinsp reads the host's /proc for it), mesos (needs a task
    id from the environment) and rkt (needs a container already known)."""
    paths = cgroup_paths(cgroups)
    if not paths:
        return ""
    cid = _runc_match(paths, _PODMAN_LAYOUT) or _runc_match(paths, _DOCKER_LAYOUT)
    if cid is not None:
        return cid
    # the cri engine sets the id and goes on (without a CRI socket it reports no match), so a
    # later engine's match replaces it
    cri = _runc_match(paths, _CRI_LAYOUT)
    for later in (_lxc_id, _libvirt_lxc_id, _bpm_id):
        found = later(paths)
        if found is not None:
            return found
    return cri or ""
