"""Per-parameter renderings of each event, for ``evt.arg``, ``evt.arglist``, ``evt.rawarg`` and
``evt.buffer``, produced in the same pass that renders ``evt.args`` (one rendering per parameter).

``evt.arg.NAME`` is the resolved text of a parameter when there is one (an fd's ``<f>/path``, an
errno name), else its value, as sysdig prints ``%evt.arg.NAME``. ``evt.rawarg.NAME`` is the raw value
as text (numbers in decimal). An exit event also carries the parameters of its enter event that
it does not have itself (rendered when the enter event was parsed), as Falco merges them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa

from ..scap import _fast
from ..scap import event_table as et
from ..scap import render as R


def _int_decoder(size: int, signed: bool) -> Callable[[bytes], str]:
    def dec(raw: bytes) -> str:
        if len(raw) < size:
            raw = raw + b"\x00" * (size - len(raw))
        return str(int.from_bytes(raw[:size], "little", signed=signed))
    return dec


_DECODERS: dict[int, Callable[[bytes], str]] = {ptype: _int_decoder(*sz) for ptype, sz in R._INT_TYPES.items()}
for _pt, _sz in (
    ((et.PT_ERRNO, et.PT_FD, et.PT_PID), (8, True)), ((et.PT_FD32, et.PT_PID32), (4, True)),
    ((et.PT_RELTIME, et.PT_ABSTIME), (8, False)),
    ((et.PT_FLAGS8, et.PT_ENUMFLAGS8, et.PT_SIGTYPE, et.PT_L4PROTO, et.PT_SOCKFAMILY), (1, False)),
    ((et.PT_FLAGS16, et.PT_ENUMFLAGS16, et.PT_SYSCALLID, et.PT_PORT), (2, False)),
    ((et.PT_FLAGS32, et.PT_ENUMFLAGS32, et.PT_UID, et.PT_GID, et.PT_MODE, et.PT_BOOL, et.PT_SIGSET), (4, False)),
):
    for _p in _pt:
        _DECODERS[_p] = _int_decoder(*_sz)


def _cstr_text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


for _p in (et.PT_CHARBUF, et.PT_FSPATH, et.PT_FSRELPATH):
    _DECODERS[_p] = _cstr_text


def _raw_text(pinfo: et.ParamInfo, raw: bytes, rules_2022: bool, rendered: str) -> str | None:
    """evt.rawarg text of one parameter (``rendered`` is its evt.args value, reused for buffers)."""
    if not raw:
        return None
    ptype = pinfo.ptype
    dec = _DECODERS.get(ptype)
    if dec is not None:
        return dec(raw)
    if ptype == et.PT_BYTEBUF and len(raw) <= R.DEFAULT_MAX_BUF_LEN:
        return rendered  # the same dotted text, not truncated at this length
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
    etype: int, params: Sequence[bytes], resolver: R.Resolver | None,
    known: dict[str, tuple[str, str | None]] | None = None,
) -> tuple[str, list[str], list[str], list[str | None], bytes | None]:
    """(evt.args text, names, evt.arg values, evt.rawarg values, evt.buffer) of one event.

    The args text equals ``render.render_args`` (without sysdig's trailing space). Parameters
    beyond the 2022 table (current drivers' exits) found in ``known`` (name -> (value, raw), from the
    enter event) take those values instead of being rendered again.
    """
    if R.USE_COMPILED and isinstance(params, list):
        fast = R.render_parts_compiled(etype, params, resolver, known)
        if fast is not None:
            return fast
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
        raws.append(_raw_text(pinfo, raw, rules_2022, value))
        if pinfo.name == "data" and pinfo.ptype == et.PT_BYTEBUF:
            buffer = raw
    head = R._head_info(etype) if len(params) > len(info.params) else None
    if head is not None:
        # parameters current drivers add to the exit (not part of sysdig 0.29.3's evt.args text)
        for i in range(len(info.params), min(len(head.params), len(params))):
            pinfo = head.params[i]
            if known is not None and pinfo.name in known:
                v, r = known[pinfo.name]
                names.append(pinfo.name)
                values.append(v)
                raws.append(r)
                continue
            raw = bytes(params[i])
            value, resolved = R._render_value(pinfo, raw, ctx, False)
            ctx.prev = value
            names.append(pinfo.name)
            values.append(resolved or value)
            raws.append(_raw_text(pinfo, raw, False, value))
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
        self._lists = (self.map_off, self.keys, self.vals, self.raws, self.list_off, self.lvals, self.buffers)

    def add(self, names: list[str], values: list[str], raws: list[str | None], buffer: bytes | None,
            enter: tuple[list[str], list[str], list[str | None]] | None) -> None:
        if R.USE_COMPILED and _fast.argcols_add(self._lists, names, values, raws, buffer, enter):
            return  # the compiled twin of the code below
        self.lvals.extend(values)
        self.list_off.append(self.list_off[-1] + len(values))
        seen = set(names)
        if len(seen) == len(names):
            self.keys.extend(names)
            self.vals.extend(values)
            self.raws.extend(raws)
        else:
            seen = set()
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
