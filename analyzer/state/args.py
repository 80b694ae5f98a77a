"""Per-parameter renderings of each event, for ``evt.arg``, ``evt.arglist``, ``evt.rawarg`` and
``evt.buffer``, collected per batch from what ``render.render_parts_*`` produced with ``evt.args``.

``evt.arg.NAME`` is the resolved text of a parameter when there is one (an fd's ``<f>/path``, an
errno name), else its value, as sysdig prints ``%evt.arg.NAME``. ``evt.rawarg.NAME`` is the raw value
as text (numbers in decimal). An exit event also carries the parameters of its enter event that
it does not have itself (rendered when the enter event was parsed), as Falco merges them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from ..scap import _fast
from ..scap import render as R


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
