"""sysdig-style output lines: the default line and ``-p`` formats with ``%field`` tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .fields import UnknownFieldError, arg_error, extract, is_known, parse_field, render_field, time_parts

DEFAULT_FORMAT = "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args"

_TOKEN = re.compile(r"%(\d*)([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+(?:\[[^\]\s]*\])?)")


# sysdig prints these fd fields with every byte that is not printable ASCII removed (libsinsp's
# sanitize_string when formatting), e.g. the "\n" that /proc/net/unix leaves after a socket path
_SANITIZED = frozenset({"fd.name", "fd.directory", "fd.filename"})


def _printable(s: str) -> str:
    if s.isascii() and s.isprintable():
        return s
    return "".join(c for c in s if " " <= c <= "~")


class FormatError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Format:
    parts: tuple[str | tuple[str, int], ...]  # literal text or (field, width)
    require_all: bool

    @property
    def fields(self) -> list[str]:
        return [p[0] for p in self.parts if isinstance(p, tuple)]


def parse_format(fmt: str) -> Format:
    require_all = True
    if fmt.startswith("*"):
        require_all = False
        fmt = fmt[1:]
    parts: list[str | tuple[str, int]] = []
    pos = 0
    while pos < len(fmt):
        j = fmt.find("%", pos)
        if j < 0:
            parts.append(fmt[pos:])
            break
        if j > pos:
            parts.append(fmt[pos:j])
        mt = _TOKEN.match(fmt, j)
        if not mt:
            raise FormatError(f"invalid format token at column {j + 1}: {fmt[j:j + 20]!r}")
        name = mt.group(2)
        # keep the longest prefix that is a known field (so '%fd.name,' and '%proc.name.' work)
        while name and not is_known(name):
            cut = max(name.rfind("."), name.rfind("["))
            if cut <= 0:
                break
            name = name[:cut]
        if not is_known(name):
            raise FormatError(f"unknown field '{mt.group(2)}' in format at column {j + 1}")
        _check_arg(name, j + 1)
        width = int(mt.group(1)) if mt.group(1) else 0
        parts.append((name, width))
        pos = j + 1 + len(mt.group(1)) + len(name)
    return Format(tuple(parts), require_all)


def _deltas(batch: pa.RecordBatch | pa.Table, stream: dict[str, int]) -> pa.Array:
    """ns since the previous row (of this batch, or the last of the previous one; 0 for the first
    row of all), in wrapping unsigned arithmetic as libsinsp's."""
    ts = pc.struct_field(batch.column("evt"), "rawtime")
    ts = (ts.combine_chunks() if isinstance(ts, pa.ChunkedArray) else ts).to_numpy(zero_copy_only=False)
    ts = ts.astype(np.uint64, copy=False)
    if not ts.size:
        return pa.array([], pa.uint64())
    prev = np.empty_like(ts)
    prev[0] = stream.get("prev", ts[0])
    prev[1:] = ts[:-1]
    stream["prev"] = int(ts[-1])
    return pa.array(ts - prev)


def _check_arg(name: str, column: int) -> None:
    """A known field with an argument it cannot take (``proc.aname[x]``) is an error now, before
    any event is read."""
    try:
        f, arg = parse_field(name)
    except UnknownFieldError:  # pragma: no cover - the caller checked is_known
        return
    why = None if arg is None else arg_error(f.name, arg)
    if why is not None:
        raise FormatError(f"field '{name}' in format at column {column}: {why}")


def format_lines(fmt: Format, batch: pa.RecordBatch | pa.Table, stream: dict[str, int] | None = None) -> Iterator[str]:
    """The lines of a batch. ``stream``: the caller's state for the stateful fields of a run of
    batches (evt.deltatime is the time since the previous line formatted, as sysdig's: with a
    filter, the previous event that passed it); without it, evt.deltatime is the table's (since the
    previous event sysdig displays unfiltered)."""
    values = {f: extract(batch, f) for f in set(fmt.fields)}
    if stream is not None:
        deltas: pa.Array | None = None
        for name in values:
            f, arg = parse_field(name)
            if f.column == ("evt", "deltatime") and arg is None:
                deltas = deltas if deltas is not None else _deltas(batch, stream)
                values[name] = (deltas if f.part is None else time_parts(f.part, deltas)).to_pylist()
    for i in range(batch.num_rows):
        out: list[str] = []
        skip = False
        for p in fmt.parts:
            if isinstance(p, str):
                out.append(p)
                continue
            name, width = p
            v = values[name][i]
            if v is None and fmt.require_all:
                skip = True
                break
            s = render_field(name, v)
            if name in _SANITIZED:
                s = _printable(s)
            if width:
                s = s[:width].ljust(width)
            out.append(s)
        if not skip:
            yield "".join(out)
