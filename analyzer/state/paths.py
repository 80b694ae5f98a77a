"""Path joining, as the state engine needs it (socket addresses are in ``analyzer.scap.addr``).

libsinsp builds an fd's name by appending the path a call was given to a base directory (the cwd,
or the name of the dirfd): the base is copied as it is, and only the appended path is normalised,
one character at a time, with the base as the limit of how far '..' may climb. sysdig 0.29.3 and
current libsinsp agree on that; where they differ we follow current libsinsp (Falco):

* '.' and '..' count only at the start of a component, so ``file.``, ``a./b`` and ``...`` stay as
  they are (0.29.3 also folded dots inside a component: ``file``, ``ab``, ``..``);
* bytes are kept (0.29.3 replaced non-printable and non-ASCII ones with '.');
* a dirfd whose name ends in '/' (or is empty) is not given another '/' (0.29.3 always added one,
  so a path relative to ``/`` became ``//etc/passwd``).
"""

from __future__ import annotations


def _rewind(out: list[str]) -> None:
    """Back to the previous '/' (libsinsp's rewind_to_parent_path); never below the first char."""
    if len(out) <= 1:
        return
    out.pop()
    while out and out[-1] != "/":
        out.pop()


def _append_normalized(out: list[str], path: str, empty_base: bool) -> None:
    """Append ``path`` to ``out`` (single characters, the base already in it) resolving '.', '..'
    and repeated '/' as libsinsp's copy_and_normalize_path does; a trailing '/' is dropped."""
    n = len(path)
    i = 0
    while i < n:
        c = path[i]
        if c == "." and (not out or out[-1] == "/"):
            c1 = path[i + 1] if i + 1 < n else ""
            c2 = path[i + 2] if i + 2 < n else ""
            if c1 == "." and c2 == "/":
                _rewind(out)
                i += 3
            elif c1 == "." and i + 2 == n:
                _rewind(out)
                i += 2
            elif c1 == "/":
                i += 2
            elif c1 == "":
                i += 1
            else:
                out.append(c)
                i += 1
        elif c == "/":
            if (out and out[-1] == "/") or (not out and not empty_base):
                i += 1
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    if len(out) > 1 and out[-1] == "/":
        out.pop()


def _plain(path: str) -> bool:
    """A path the normalisation leaves as it is: no empty, '.' or '..' component, no final '/'."""
    if not path or path[-1] == "/" or "//" in path:
        return False
    if "." not in path:
        return True
    p = f"/{path}/"  # a '.' or '..' component is one between two slashes
    return "/./" not in p and "/../" not in p


def concatenate_paths(base: str, name: str) -> str:
    """libsinsp's concatenate_paths: an absolute ``name`` is normalised on its own; a relative one
    is appended, normalised, to ``base`` (taken verbatim, normally ending in '/').

    An empty name counts as relative, as sysdig 0.29.3 takes it (its length includes the NUL): the
    result is the base without its final '/'."""
    if name.startswith("/"):
        if _plain(name):
            return name
        out: list[str] = []
        _append_normalized(out, name, True)
        return "".join(out)
    if name and (not base or base.endswith("/")) and _plain(name):
        return base + name
    out = list(base)
    _append_normalized(out, name, not base)
    return "".join(out)


def dirfd_base(name: str) -> str:
    """The base directory a dirfd named ``name`` gives (libsinsp's parse_dirfd): its name, with a
    '/' added unless it is empty or already ends in one."""
    return name if not name or name.endswith("/") else name + "/"


def cwd_path(cwd: str) -> str:
    """A working directory as libsinsp stores it (set_cwd on an empty one): normalised, and
    ending in '/' ("/" for an empty one)."""
    out: list[str] = []
    _append_normalized(out, cwd, True)
    p = "".join(out)
    return p if p.endswith("/") else p + "/"
