"""Distinct values and per-row codes by hashing (``np.unique`` sorts, which costs more per batch).

The distinct values come in no particular order (sorted for a narrow range of values, first
occurrence otherwise): callers use them only together with the codes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def factorize(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values, code of each item) of a 1-D integer array: ``values[codes] == a``."""
    if a.size == 0:
        return a[:0].copy(), np.zeros(0, dtype=np.int64)
    lo, hi = int(a.min()), int(a.max())
    if hi - lo < 4 * a.size + 1024:
        # values in a narrow range (version ids of one batch): a presence table, no hashing
        present = np.zeros(hi - lo + 1, dtype=np.int64)
        present[a - lo] = 1
        codes = np.cumsum(present) - 1
        return (np.flatnonzero(present) + lo).astype(a.dtype, copy=False), codes[a - lo]
    d = pc.dictionary_encode(pa.array(a))
    return d.dictionary.to_numpy(), d.indices.to_numpy().astype(np.int64)


def factorize_rows(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct rows, code of each row) of a 2-D integer array: ``rows[codes] == m``."""
    n = m.shape[0]
    if n == 0 or m.shape[1] == 0:
        return m[:1].copy() if n else m.copy(), np.zeros(n, dtype=np.int64)
    _, code = factorize(m[:, 0])
    for j in range(1, m.shape[1]):
        u, c = factorize(m[:, j])
        # codes stay below n, so the pair code stays far from overflowing
        _, code = factorize(code * len(u) + c)
    k = int(code.max()) + 1
    first = np.empty(k, dtype=np.int64)
    first[code[::-1]] = np.arange(n - 1, -1, -1, dtype=np.int64)  # the earliest row of each code wins
    return m[first], code
