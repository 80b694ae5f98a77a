"""The ``rule_rows`` table: the events Falco's rule engine sees, laid out for the rules scan.

Falco hands its rules the exit events (enter parameters merged in) and the enter-only meta events
(procexit, signaldeliver...), never the state-only and internal ones. A rule reads the rows of its
event types only, and reads a process context member once per context (the ``contexts`` table).
So the scan needs, of each such event, its ``evt`` and ``fd`` values, its context id and the
context members that depend on the event's time, and only the rows of a few types: this table
holds exactly that, with the rows of each event type together in row groups whose type-id
statistics let the scan skip the groups of the other types (the events table mixes every type in
every row group, and carries ~100 context members per row).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from ..scap import event_table as T
from .context_members import TIME_MEMBERS

if TYPE_CHECKING:  # Arrow and numpy are imported where the table is written: the scan needs neither
    import pyarrow as pa

NAME = "rule_rows"
ROW_GROUP = 16384  # rows of one event type written together (the last group of each type is smaller)
# rows held at most: then every type's rows are written (a slice held pins its whole batch, so
# without this the rows of rare types would pin every batch until the end: memory would grow
# with the capture)
HELD = 4 * ROW_GROUP
STATISTICS = ["evt.typeid"]  # what the scan narrows row groups by


@lru_cache(maxsize=1)
def meta_event_ids() -> tuple[int, ...]:
    """Type ids of enter-direction events Falco still sees (no usable exit counterpart)."""
    ids: list[int] = []
    n2022 = len(T.EVENTS_2022)

    def info(et: int) -> T.EventInfo | None:
        if et < n2022:
            return T.EVENTS_2022[et]
        return T.EVENTS[et] if et < len(T.EVENTS) else None

    for et in range(0, max(len(T.EVENTS), n2022), 2):
        e = info(et)
        if e is None or e.flags & T.EF_UNUSED:
            continue
        x = info(et + 1)
        if x is None or x.flags & T.EF_UNUSED or x.name != e.name:
            ids.append(et)
    return tuple(ids)


def schema(events: pa.Schema) -> pa.Schema:
    """The table's columns, from the events table's: evt, fd, ctx and the time-dependent context
    members (proc.duration, container.duration)."""
    import pyarrow as pa

    fields = [events.field("evt"), events.field("fd"), events.field("ctx")]
    for struct, members in sorted(TIME_MEMBERS.items()):
        t = events.field(struct).type
        fields.append(pa.field(struct, pa.struct([t.field(m) for m in sorted(members)])))
    return pa.schema(fields)


class RuleRows:
    """Collects the rule rows of the events table's record batches, and hands out tables of
    :data:`ROW_GROUP` rows of one event type to ``write`` (each becomes a row group), and all the
    rows held once they are :data:`HELD` or more, and at :meth:`close`."""

    def __init__(self, events: pa.Schema, write: Callable[[pa.Table], None]) -> None:
        import numpy as np

        self.schema = schema(events)
        self._write = write
        self._parts: dict[int, list[pa.RecordBatch]] = {}
        self._rows: dict[int, int] = {}
        self._meta = np.zeros(1 << 16, dtype=bool)
        self._meta[list(meta_event_ids())] = True

    def add(self, rb: pa.RecordBatch) -> None:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        evt = rb.column("evt")
        shown = pc.struct_field(evt, "shown").to_numpy(zero_copy_only=False)
        typeid = pc.struct_field(evt, "typeid").to_numpy(zero_copy_only=False).astype(np.int64)
        keep = np.flatnonzero(shown & (((typeid & 1) == 1) | self._meta[typeid]))
        if not keep.size:
            return
        order = keep[np.argsort(typeid[keep], kind="stable")]
        cols = [evt, rb.column("fd"), rb.column("ctx")]
        for struct, members in sorted(TIME_MEMBERS.items()):
            src = rb.column(struct)
            cols.append(pa.StructArray.from_arrays([pc.struct_field(src, m) for m in sorted(members)],
                                                   fields=list(self.schema.field(struct).type)))
        slim = pa.RecordBatch.from_arrays(cols, schema=self.schema).take(pa.array(order))
        t = typeid[order]
        bounds = np.flatnonzero(t[1:] != t[:-1]) + 1
        for start, end in zip([0, *bounds.tolist()], [*bounds.tolist(), t.size], strict=True):
            et = int(t[start])
            self._parts.setdefault(et, []).append(slim.slice(start, end - start))
            self._rows[et] = self._rows.get(et, 0) + end - start
            if self._rows[et] >= ROW_GROUP:
                self._flush(et)
        if sum(self._rows.values()) >= HELD:
            self.close()

    def _flush(self, et: int) -> None:
        import pyarrow as pa

        parts = self._parts.pop(et, [])
        self._rows.pop(et, None)
        if parts:
            self._write(pa.Table.from_batches(parts, schema=self.schema).combine_chunks())

    def close(self) -> None:
        for et in sorted(self._parts):
            self._flush(et)
