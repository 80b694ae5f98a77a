"""Container metadata carried inside a capture (the only source offline).

Records come from the container events a capture may hold: ``container`` (228: id, type, name,
image), ``container`` JSON (272 and its large form 324: ``{"container": {...}}``) and the async
``container`` / ``container_removed`` events (402). A later record for the same id replaces the
earlier one; ``container_removed`` ends it. Lookups are *as of* an event index, so an event sees
the record that was current when it happened.
"""

from __future__ import annotations

import bisect
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
