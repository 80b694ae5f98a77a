"""Per-parameter renderings of each event, for ``evt.args``, ``evt.arg``, ``evt.arglist``,
``evt.rawarg`` and ``evt.buffer``, collected per batch.

``evt.arg.NAME`` is the resolved text of a parameter when there is one (an fd's ``<f>/path``, an
errno name), else its value, as sysdig prints ``%evt.arg.NAME``. ``evt.rawarg.NAME`` is the raw value
as text (numbers in decimal). An exit event also carries the parameters of its enter event that
it does not have itself (rendered when the enter event was parsed), as Falco merges them.

The engine fills a compiled ``_fast.ArgSink`` (no Python object per value); ``ArgColumns`` is
the reference it is tested against, and what runs without the compiled renderer.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

# (evt.args, evt.arg map, evt.arglist, evt.rawarg map, evt.buffer) of one batch
ArgArrays = tuple[pa.Array, pa.Array, pa.Array, pa.Array, pa.Array]


class ArgColumns:
    """Accumulates one batch of per-event argument data and turns it into Arrow arrays."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.map_off: list[int] = [0]
        self.keys: list[str] = []
        self.vals: list[str] = []
        self.raws: list[str | None] = []
        self.list_off: list[int] = [0]
        self.lvals: list[str] = []
        self.buffers: list[bytes | None] = []

    def add(self, text: str, names: list[str], values: list[str], raws: list[str | None], buffer: bytes | None,
            enter: tuple[list[str], list[str], list[str | None]] | None) -> None:
        """One event: its evt.args ``text`` (sysdig's trailing space is added here), its parameters,
        its data buffer, and the parameters of the enter event it completes."""
        if len(values) != len(names) or len(raws) != len(names):
            raise ValueError("argument columns: names, values and raws differ in length")
        if enter is not None and not len(enter[0]) == len(enter[1]) == len(enter[2]):
            raise ValueError("argument columns: the enter event's names, values and raws differ in length")
        self.text.append(text + " " if text else text)
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

    def arrays(self) -> ArgArrays:
        moff = pa.array(np.asarray(self.map_off, dtype=np.int32))
        keys = pa.array(self.keys, pa.string())
        arg = pa.MapArray.from_arrays(moff, keys, pa.array(self.vals, pa.string()))
        rawarg = pa.MapArray.from_arrays(moff, keys, pa.array(self.raws, pa.string()))
        loff = pa.array(np.asarray(self.list_off, dtype=np.int32))
        arglist = pa.ListArray.from_arrays(loff, pa.array(self.lvals, pa.string()))
        buf = pa.array(self.buffers, pa.binary())
        return pa.array(self.text, pa.string()), arg, arglist, rawarg, buf


def _column(parts: tuple[int, bytes | None, bytes, bytes], large: pa.DataType, t: pa.DataType) -> pa.Array:
    n, valid, offsets, data = parts
    bufs = [pa.py_buffer(valid) if valid is not None else None, pa.py_buffer(offsets), pa.py_buffer(data)]
    return pa.Array.from_buffers(large, n, bufs).cast(t)


def sink_arrays(done: tuple) -> ArgArrays:  # type: ignore[type-arg]
    """The arrays of ``ArgColumns.arrays`` from a finished ``_fast.ArgSink``."""
    _n, text, map_off, keys, mvals, mraws, list_off, lvals, bufs = done
    s, ls = pa.string(), pa.large_string()
    moff = pa.array(np.frombuffer(map_off, dtype=np.int32))
    k = _column(keys, ls, s)
    arg = pa.MapArray.from_arrays(moff, k, _column(mvals, ls, s))
    rawarg = pa.MapArray.from_arrays(moff, k, _column(mraws, ls, s))
    arglist = pa.ListArray.from_arrays(pa.array(np.frombuffer(list_off, dtype=np.int32)), _column(lvals, ls, s))
    return _column(text, ls, s), arg, arglist, rawarg, _column(bufs, pa.large_binary(), pa.binary())
