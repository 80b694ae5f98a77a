"""Per-event values that depend on earlier events, as libsinsp keeps them: evt.latency (per thread),
evt.buflen (an exit paired with its enter), evt.deltatime (the previous displayed event) and
evt.reltime (the capture's first event). Computed a batch at a time with numpy, the state carried
from one batch to the next (per thread: a few values for each thread of the batch, never per event).

libsinsp 0.29.3 (libs e5c53d648f3c, userspace/libsinsp/parsers.cpp, ``sinsp_parser::reset``): a
thread's enter event records its time and sets its latency to 0; its exit event's latency is its
time minus that of the thread's last enter, of whatever call (an exit whose enter was lost measures
from the enter before it; an exit before any enter keeps 0). Events without a thread, the state
events that skip that step (EF_SKIPPARSERESET) and container events update nothing and have 0; a
scheduler switch updates nothing and shows the thread's latency as it stands; internal events have
none. An exit is paired with its enter when the thread's previous such event is the enter of the
same call.
"""

from __future__ import annotations

import numpy as np

from ..scap import event_table as T
from .type_tables import in_category, with_flag

_SWITCH = 152  # SCHEDSWITCH_6_E
_CONTAINER_JSON = (272, 324)  # CONTAINER_JSON_E, CONTAINER_JSON_2_E


INTERNAL = in_category(T.EC_INTERNAL)
# the events that update a thread's latency state (and its last event type)
UPDATES = ~with_flag(T.EF_SKIPPARSERESET)
UPDATES[[_SWITCH, *_CONTAINER_JSON]] = False
IO_CATEGORY = in_category(T.EC_IO_BASE)


class ThreadTimes:
    """evt.latency and the enter/exit pairing of every event, a batch at a time."""

    def __init__(self) -> None:
        # per thread, up to the last batch: time of its last enter, latency as it stands, type of
        # its last updating event
        self._enter: dict[int, int] = {}
        self._latency: dict[int, int] = {}
        self._type: dict[int, int] = {}

    def __call__(self, ts: np.ndarray, tid: np.ndarray, types: np.ndarray,
                 known: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(latency in ns, has a latency, exit paired with its enter) of a batch of events in order:
        times (uint64), thread ids, type ids, and whether the event's thread is known."""
        n = ts.size
        lat_out = np.zeros(n, dtype=np.uint64)
        paired_out = np.zeros(n, dtype=bool)
        if n == 0:
            return lat_out, np.zeros(0, dtype=bool), paired_out
        upd = known & UPDATES[types]
        order = np.argsort(tid, kind="stable")  # each thread's events together, in event order
        t_s, ty_s, ts_s, upd_s = tid[order], types[order], ts[order].astype(np.uint64), upd[order]
        enter_s = upd_s & ((ty_s & 1) == 0)
        pos = np.arange(n)
        start = np.ones(n, dtype=bool)
        start[1:] = t_s[1:] != t_s[:-1]
        gstart = np.maximum.accumulate(np.where(start, pos, 0))
        group = np.cumsum(start) - 1
        tids = t_s[start].tolist()
        carry_enter = np.array([self._enter.get(t, 0) for t in tids], dtype=np.uint64)
        carry_lat = np.array([self._latency.get(t, 0) for t in tids], dtype=np.uint64)
        carry_type = np.array([self._type.get(t, -1) for t in tids], dtype=np.int64)

        # the thread's last enter at or before each event (0: none yet)
        at_e = np.maximum.accumulate(np.where(enter_s, pos, -1))
        entered = np.where(at_e >= gstart, ts_s[np.maximum(at_e, 0)], carry_enter[group])
        lat_upd = np.where(enter_s | (entered == 0), np.uint64(0), ts_s - entered)  # (u64: wraps as libsinsp's)
        # the latency as it stands: that of the thread's last updating event before a non-updating one
        at_u = np.maximum.accumulate(np.where(upd_s, pos, -1))
        standing = np.where(at_u >= gstart, lat_upd[np.maximum(at_u, 0)], carry_lat[group])
        switch = known[order] & (ty_s == _SWITCH)
        lat_s = np.where(upd_s, lat_upd, np.where(switch, standing, np.uint64(0)))
        # pairing: the thread's previous updating event is the enter of this exit's call
        prev_u = np.maximum.accumulate(np.where(upd_s, pos, -1))  # at or before
        prev_u = np.r_[-1, prev_u[:-1]]
        prev_u = np.where(start, -1, prev_u)
        prev_type = np.where(prev_u >= gstart, ty_s[np.maximum(prev_u, 0)], carry_type[group])
        paired_s = upd_s & ((ty_s & 1) == 1) & (prev_type == ty_s - 1)

        lat_out[order] = lat_s
        paired_out[order] = paired_s
        has = ~INTERNAL[types]

        # carry each thread's state to the next batch
        ends = np.flatnonzero(np.r_[start[1:], True])
        for g, e in enumerate(ends.tolist()):
            t = tids[g]
            if at_e[e] >= gstart[e]:
                self._enter[t] = int(ts_s[at_e[e]])
            if at_u[e] >= gstart[e]:
                self._latency[t] = int(lat_upd[at_u[e]])
                self._type[t] = int(ty_s[at_u[e]])
        return lat_out, has, paired_out


class StreamTimes:
    """evt.reltime (since the capture's first event, container events aside) and evt.deltatime
    (since the previous displayed event; 0 for the first), both in wrapping unsigned arithmetic as
    libsinsp's."""

    def __init__(self) -> None:
        self._first: int | None = None
        self._prev: int | None = None

    def __call__(self, ts: np.ndarray, types: np.ndarray, shown: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(reltime, deltatime) of a batch; deltatime is meaningful where ``shown`` only."""
        ts = ts.astype(np.uint64)
        if self._first is None:
            firsts = np.flatnonzero(~np.isin(types, _CONTAINER_JSON))
            if firsts.size:
                self._first = int(ts[firsts[0]])
        rel = ts - np.uint64(self._first if self._first is not None else 0)
        shown_at = np.flatnonzero(shown)
        delta = np.zeros(ts.size, dtype=np.uint64)
        if shown_at.size:
            st = ts[shown_at]
            prev = np.empty_like(st)
            prev[0] = st[0] if self._prev is None else np.uint64(self._prev)
            prev[1:] = st[:-1]
            delta[shown_at] = st - prev
            self._prev = int(st[-1])
        return rel, delta
