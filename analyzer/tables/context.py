"""Process context ids: the ``ctx`` column of the events table and the ``contexts`` table.

An event's ``thread``, ``proc``, ``user``, ``group``, ``container`` and ``k8s`` values (its process
context, all but the members that depend on the event's time: ``proc.duration`` and
``container.duration``) are computed from a few per-event inputs. Two events with the same inputs
have the same context values, so an id per distinct input tuple is an id of the values (finer than
the values themselves: two ids may hold equal values, one id never holds two). The inputs:

* the event's own tid (``thread.tid`` is the event's tid, also for a thread the table lacks);
* its thread version (every thread member and most proc, user, group and container members);
* the version of its process's main thread (``proc.ppid``, ``proc.env``, the ancestor lists);
* the versions of its thread's ancestors (``proc.pname`` and friends, the ``proc.sname`` walk)
  and of its main thread's ancestors (``proc.anames`` / ``apids`` / ``aexepaths`` / ``aexes``,
  ``proc.loginshellid``), each list up to its first missing version;
* the version of its session leader as of the event (``proc.sname``);
* its container metadata record as of the event (``container.*``, ``k8s.*``);
* the capture's user and group lists as the batch was built (``user.name``, ``group.name``...).

Ids are dense, numbered in order of first appearance over all the files of one decoding (a
rotated capture's files share them). The ``contexts`` table holds one row per id: its context
values, as the first event with that id has them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from .context_members import CONTEXT_COLUMNS, TIME_MEMBERS
from .factorize import factorize, factorize_rows

CTX_TYPE = pa.int64()


def _without(t: pa.DataType, drop: frozenset[str]) -> pa.DataType:
    return pa.struct([t.field(i) for i in range(t.num_fields) if t.field(i).name not in drop])


def contexts_schema(events: pa.Schema) -> pa.Schema:
    """``ctx`` and the context struct columns of the events schema, less their time members."""
    return pa.schema([pa.field("ctx", CTX_TYPE)] + [
        pa.field(c, _without(events.field(c).type, TIME_MEMBERS.get(c, frozenset()))) for c in CONTEXT_COLUMNS])


def _strip(chain: list[int]) -> tuple[int, ...]:
    """A version chain up to its first missing (-1) version: the rest of the chain is missing too."""
    k = len(chain)
    while k and chain[k - 1] < 0:
        k -= 1
    return tuple(chain[:k])


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _first_rows(code: np.ndarray, k: int) -> np.ndarray:
    first = np.empty(k, dtype=np.int64)
    first[code[::-1]] = np.arange(len(code) - 1, -1, -1, dtype=np.int64)  # the earliest row of each code
    return first


def _distinct_rows(cols: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct rows, code of each row, first row of each code) of the rows of int64 columns:
    the rows are told apart by a hash of their values, checked against the values themselves (a
    collision falls back to the exact factorize_rows)."""
    n = len(cols[0])
    if not n:
        return np.zeros((0, len(cols)), np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in cols:
            h ^= c.view(np.uint64)
            h *= _MIX
            h ^= h >> np.uint64(29)
    _, code = factorize(h.view(np.int64))
    code = code.reshape(-1)
    first = _first_rows(code, int(code.max()) + 1)
    if all(np.array_equal(c[first][code], c) for c in cols):
        return np.stack([c[first] for c in cols], axis=1), code, first
    u, code = factorize_rows(np.stack(cols, axis=1))  # a hash collision: exact codes
    code = code.reshape(-1)
    return u, code, _first_rows(code, len(u))


class ContextIds:
    """Assigns context ids batch by batch (one instance per decoding) and collects the rows of the
    ``contexts`` table."""

    def __init__(self, events: pa.Schema) -> None:
        self.schema = contexts_schema(events)
        self._ids: dict[tuple[Any, ...], int] = {}
        self._records: dict[int, tuple[object, int]] = {}  # id(record) -> (record, number)
        self._lists: dict[tuple[Any, ...], int] = {}  # user and group lists -> number
        self.batches: list[pa.RecordBatch] = []

    def record_numbers(self, recs: list[Any]) -> np.ndarray:
        """A number for each container metadata record, the same in every batch (records are kept
        alive here, so an identity is never reused)."""
        out = np.empty(len(recs), dtype=np.int64)
        for k, rec in enumerate(recs):
            got = self._records.get(id(rec))
            if got is None:
                got = self._records[id(rec)] = (rec, len(self._records))
            out[k] = got[1]
        return out

    def lists_number(self, users: dict[int, Any], groups: dict[int, Any]) -> int:
        """A number for the user and group lists' values that events read (names, home, shell)."""
        key = (tuple((uid, u.name, u.homedir, u.shell) for uid, u in users.items()),
               tuple((gid, g.name) for gid, g in groups.items()))
        return self._lists.setdefault(key, len(self._lists))

    def assign(self, fixed: list[np.ndarray], chains: list[list[np.ndarray]], columns: dict[str, pa.Array],
               lists: int) -> pa.Array:
        """The context id of each event of a batch from its inputs: ``fixed`` one value per event
        each, ``chains`` version chains (a list of levels each); new ids get their row of the
        contexts table from ``columns`` (the batch's struct arrays)."""
        widths = [len(c) for c in chains]
        n = len(fixed[0])
        u, code, first = _distinct_rows([np.ascontiguousarray(c, dtype=np.int64)
                                         for c in (*fixed, *(lv for c in chains for lv in c))])
        k = len(u)
        ids = np.empty(k, dtype=np.int64)
        nf = len(fixed)
        new: list[int] = []
        known = self._ids
        for j, row in enumerate(u.tolist()):
            at = nf
            parts: list[Any] = [lists, *row[:nf]]
            for w in widths:
                parts.append(_strip(row[at:at + w]))
                at += w
            key = tuple(parts)
            got = known.get(key)
            if got is None:
                got = known[key] = len(known)
                new.append(j)
            ids[j] = got
        if new:
            self._add_rows(ids[new], first[new], columns)
        return pa.array(ids[code] if n else np.zeros(0, np.int64), CTX_TYPE)

    def _add_rows(self, ids: np.ndarray, rows: np.ndarray, columns: dict[str, pa.Array]) -> None:
        take = pa.array(rows, pa.int64())
        arrays: list[pa.Array] = [pa.array(ids, CTX_TYPE)]
        for c in CONTEXT_COLUMNS:
            a = columns[c].take(take)
            t = self.schema.field(c).type
            arrays.append(pa.StructArray.from_arrays([a.field(t.field(i).name) for i in range(t.num_fields)],
                                                     fields=[t.field(i) for i in range(t.num_fields)]))
        self.batches.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema))

    def table(self) -> pa.Table:
        """The contexts table: one row per id, in id order."""
        return pa.Table.from_batches(self.batches, schema=self.schema)

    def __len__(self) -> int:
        return len(self._ids)
