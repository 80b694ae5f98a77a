"""Hash-based distinct values and codes, checked against numpy's sorted unique."""

from __future__ import annotations

import numpy as np

from analyzer.tables.factorize import factorize, factorize_rows


def test_factorize_matches_unique() -> None:
    """Both ways: a presence table for a narrow range of values, hashing for a wide one."""
    rng = np.random.default_rng(1)
    for a in (rng.integers(-1, 50, 1000), rng.integers(-(2**62), 2**62, 300), np.full(7, -1), np.zeros(0, np.int64),
              rng.integers(10**6, 10**6 + 5000, 4000), np.array([5, -1, 5, 7, -1])):
        a = a.astype(np.int64)
        u, codes = factorize(a)
        assert np.array_equal(u[codes], a)
        assert len(set(u.tolist())) == len(u) == len(np.unique(a))
        assert codes.dtype == np.int64


def test_factorize_rows_matches_unique() -> None:
    rng = np.random.default_rng(2)
    m = rng.integers(-1, 4, (2000, 8)).astype(np.int64)
    m[::3, 5:] = -1
    rows, codes = factorize_rows(m)
    assert np.array_equal(rows[codes], m)
    assert len(rows) == len(np.unique(m, axis=0))
    assert sorted(set(codes.tolist())) == list(range(len(rows)))  # every code used, none skipped
    empty, c = factorize_rows(np.zeros((0, 8), np.int64))
    assert empty.shape == (0, 8) and c.size == 0
