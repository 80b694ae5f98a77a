"""Path joining, as the state engine needs it (socket addresses are in ``analyzer.scap.addr``)."""

from __future__ import annotations


def _normalize(path: str) -> str:
    """Resolve '.', '..' and repeated slashes of an absolute path (no filesystem access)."""
    parts: list[str] = []
    for comp in path.split("/"):
        if comp in ("", "."):
            continue
        if comp == "..":
            if parts:
                parts.pop()
            continue
        parts.append(comp)
    out = "/" + "/".join(parts)
    return out


def concatenate_paths(base: str, name: str) -> str:
    """Absolute names stand alone; relative ones are joined to ``base`` (a directory)."""
    if name.startswith("/"):
        return _normalize(name)
    if not base:
        return name
    if base == "<UNKNOWN>":
        return "<UNKNOWN>" + name
    if not name:
        # an empty name is still relative: libsinsp joins it and drops the trailing '/'
        return _normalize(base) if base.startswith("/") else base
    return _normalize(base + "/" + name)
