"""Per-parameter renderings of each event, for ``evt.arg``, ``evt.arglist``, ``evt.rawarg`` and
``evt.buffer``, produced in the same pass that renders ``evt.args`` (one rendering per parameter).

``evt.arg.NAME`` is the resolved text of a parameter when there is one (an fd's ``<f>/path``, an
errno name), else its value, as sysdig prints ``%evt.arg.NAME``. ``evt.rawarg.NAME`` is the raw value
as text (numbers in decimal). An exit event also carries the parameters of its enter event that
it does not have itself (rendered when the enter event was parsed), as Falco merges them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from ..scap import event_table as et
from ..scap import render as R


def _raw_text(pinfo: et.ParamInfo, raw: bytes, rules_2022: bool) -> str | None:
    if not raw:
        return None
    ptype = pinfo.ptype
    if ptype == et.PT_DYN:
        table = R._dyn_table(pinfo.info, rules_2022)
        if raw[0] >= len(table):
            return None
        ptype = table[raw[0]].ptype
        raw = raw[1:]
        if not raw:
            return None
    v = R._typed(ptype, raw)
    if v is None:
        return None
    if isinstance(v, bytes):
        return R._dots(v)
    return str(v)


def render_parts(
    etype: int, params: Sequence[bytes], resolver: R.Resolver | None
) -> tuple[str, list[str], list[str], list[str | None], bytes | None]:
    """(evt.args text, names, evt.arg values, evt.rawarg values, evt.buffer) of one event.

    The args text equals ``render.render_args`` (without sysdig's trailing space).
    """
    info = R.event_info(etype)
    if info is None:
        return "", [], [], [], None
    rules_2022 = R._is_2022(etype)
    ctx = R._Ctx(etype, params, resolver, R.DEFAULT_MAX_BUF_LEN)
    names: list[str] = []
    values: list[str] = []
    raws: list[str | None] = []
    text: list[str] = []
    buffer: bytes | None = None
    for i in range(min(len(info.params), len(params))):
        pinfo = info.params[i]
        raw = bytes(params[i])
        value, resolved = R._render_value(pinfo, raw, ctx, rules_2022)
        ctx.prev = value
        text.append(f"{pinfo.name}={value}({resolved})" if resolved else f"{pinfo.name}={value}")
        names.append(pinfo.name)
        values.append(resolved or value)
        raws.append(_raw_text(pinfo, raw, rules_2022))
        if pinfo.name == "data" and pinfo.ptype == et.PT_BYTEBUF:
            buffer = raw
    head = R._head_info(etype) if len(params) > len(info.params) else None
    if head is not None:
        # parameters current drivers add to the exit (not part of sysdig 0.29.3's evt.args text)
        for i in range(len(info.params), min(len(head.params), len(params))):
            pinfo = head.params[i]
            raw = bytes(params[i])
            value, resolved = R._render_value(pinfo, raw, ctx, False)
            ctx.prev = value
            names.append(pinfo.name)
            values.append(resolved or value)
            raws.append(_raw_text(pinfo, raw, False))
            if pinfo.name == "data" and pinfo.ptype == et.PT_BYTEBUF and buffer is None:
                buffer = raw
    if etype in (R.GENERIC_E, R.GENERIC_X):
        return "", names, values, raws, buffer
    return " ".join(text), names, values, raws, buffer


class ArgColumns:
    """Accumulates one batch of per-event argument data and turns it into Arrow arrays."""

    def __init__(self) -> None:
        self.map_off: list[int] = [0]
        self.keys: list[str] = []
        self.vals: list[str] = []
        self.raws: list[str | None] = []
        self.list_off: list[int] = [0]
        self.lvals: list[str] = []
        self.buffers: list[bytes | None] = []

    def add(self, names: list[str], values: list[str], raws: list[str | None], buffer: bytes | None,
            enter: tuple[list[str], list[str], list[str | None]] | None) -> None:
        self.lvals.extend(values)
        self.list_off.append(self.list_off[-1] + len(values))
        seen: set[str] = set()
        for k, v, r in zip(names, values, raws, strict=True):
            if k not in seen:  # map keys must be unique: the first parameter of a name wins
                seen.add(k)
                self.keys.append(k)
                self.vals.append(v)
                self.raws.append(r)
        if enter is not None:
            for k, v, r in zip(*enter, strict=True):
                if k not in seen:
                    seen.add(k)
                    self.keys.append(k)
                    self.vals.append(v)
                    self.raws.append(r)
        self.map_off.append(self.map_off[-1] + len(seen))
        self.buffers.append(buffer)

    def arrays(self) -> tuple[pa.Array, pa.Array, pa.Array, pa.Array]:
        """(evt.arg map, evt.arglist, evt.rawarg map, evt.buffer)."""
        moff = pa.array(np.asarray(self.map_off, dtype=np.int32))
        keys = pa.array(self.keys, pa.string())
        arg = pa.MapArray.from_arrays(moff, keys, pa.array(self.vals, pa.string()))
        rawarg = pa.MapArray.from_arrays(moff, keys, pa.array(self.raws, pa.string()))
        loff = pa.array(np.asarray(self.list_off, dtype=np.int32))
        arglist = pa.ListArray.from_arrays(loff, pa.array(self.lvals, pa.string()))
        buf = pa.array(self.buffers, pa.binary())
        return arg, arglist, rawarg, buf
