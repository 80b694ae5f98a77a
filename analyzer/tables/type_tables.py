"""Per-event-type lookup tables (indexed by type id) built once from the event table sysdig 0.29.3
uses (HEAD's for ids it does not know): the entries, and boolean tables of their flags and
categories, so that a batch's values are one numpy ``take`` by type id."""

from __future__ import annotations

import numpy as np

from ..scap import event_table as T
from ..scap.render import event_info

INFOS: list[T.EventInfo] = [event_info(et) for et in range(T.PPM_EVENT_MAX)]  # type: ignore[misc]


def info(et: int) -> T.EventInfo:
    return INFOS[et]


def with_flag(flag: int) -> np.ndarray:
    """True for the types whose flags hold ``flag``."""
    return np.array([bool(i.flags & flag) for i in INFOS], dtype=bool)


def in_category(category: int) -> np.ndarray:
    """True for the types whose category holds ``category``."""
    return np.array([bool(i.category & category) for i in INFOS], dtype=bool)
