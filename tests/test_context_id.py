"""The context id ``ctx``: two events with the same id have the same process context (thread, proc
less proc.duration, user, group, container less container.duration, k8s), and the ``contexts``
table holds that context once per id. Checked over every sample and shared capture, decoded in
small batches (ids must hold across batches) and, for rotated captures, over two files at once."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from analyzer.tables import build
from analyzer.tables.context import CONTEXT_COLUMNS, contexts_schema

from .conftest import REPO, TRACES

SAMPLES = sorted((REPO / "sample_traces").glob("*.scap.gz"))
CAPTURES = [*SAMPLES, *TRACES]


def _context_values(events: pa.Table) -> pa.Table:
    """ctx and the context columns of the events, less their members that depend on the time."""
    schema = contexts_schema(events.schema)
    cols = [events.column("ctx")]
    for c in CONTEXT_COLUMNS:
        t = schema.field(c).type
        chunks = [pa.StructArray.from_arrays([a.field(t.field(i).name) for i in range(t.num_fields)],
                                             fields=[t.field(i) for i in range(t.num_fields)])
                  for a in events.column(c).chunks]
        cols.append(pa.chunked_array(chunks, t))
    return pa.Table.from_arrays(cols, schema=schema)


def _count(sql: str, **tables: pa.Table) -> int:
    """The count a query over the given tables answers."""
    con = duckdb.connect()
    try:
        for name, t in tables.items():
            con.register(name, t)
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]
    finally:
        con.close()


def _violations(events: pa.Table, ctx: pa.ChunkedArray | None = None) -> int:
    """Ids that stand for more than one context value."""
    ev = _context_values(events)
    if ctx is not None:
        ev = ev.set_column(0, "ctx", ctx)
    whole = ", ".join(f"'{c}': \"{c}\"" for c in CONTEXT_COLUMNS)
    return _count(f"SELECT count(*) FROM (SELECT ctx FROM ev GROUP BY ctx HAVING count(DISTINCT {{{whole}}}) > 1)",
                  ev=ev)


def _contexts_mismatch(events: pa.Table, contexts: pa.Table) -> int:
    """Events whose context differs from their id's row of the contexts table (or that have none)."""
    differs = " OR ".join(f'ev."{c}" IS DISTINCT FROM c."{c}"' for c in CONTEXT_COLUMNS)
    return _count(f"SELECT count(*) FROM ev LEFT JOIN contexts c USING (ctx) WHERE c.ctx IS NULL OR {differs}",
                  ev=_context_values(events), contexts=contexts)


def _tables(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> build.CaptureTables:
    monkeypatch.setattr(build, "BATCH_EVENTS", 1000)  # many batches: ids must hold across them
    return build.build_tables([str(p) for p in paths])


@pytest.mark.parametrize("capture", CAPTURES, ids=[p.name for p in CAPTURES])
def test_one_context_per_id(capture: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = _tables([capture], monkeypatch)
    ctx = t.events.column("ctx")
    contexts = t.extra["contexts"]
    assert t.events.num_rows > 1000
    assert _violations(t.events) == 0
    assert _contexts_mismatch(t.events, contexts) == 0
    # one row per id, ids dense from 0
    assert contexts.column("ctx").to_pylist() == list(range(contexts.num_rows))
    assert len(set(ctx.to_pylist())) == contexts.num_rows


def test_rotated_files_share_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    t = _tables(SAMPLES[:2], monkeypatch)
    assert _violations(t.events) == 0
    assert _contexts_mismatch(t.events, t.extra["contexts"]) == 0


def test_a_coarser_id_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: an id of the tid alone (a thread's context changes at exec, setuid...)
    or of nothing at all stands for several contexts."""
    caught = 0
    for capture in SAMPLES:
        t = _tables([capture], monkeypatch)
        tid = pa.chunked_array([a.field("tid") for a in t.events.column("thread").chunks])
        caught += _violations(t.events, tid) > 0
        assert _violations(t.events, pa.chunked_array([pa.array([0] * t.events.num_rows, pa.int64())])) == 1
    assert caught >= 1


def test_rows_told_apart_when_hashes_collide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Distinct input rows are found by a hash of their values; a collision (here: every row's)
    falls back to exact codes."""
    import numpy as np

    from analyzer.tables import context

    rng = np.random.default_rng(1)
    cols = [rng.integers(-1, 4, 500).astype(np.int64) for _ in range(3)]
    expect = len({tuple(r) for r in np.stack(cols, axis=1).tolist()})
    for mix in (context._MIX, np.uint64(0)):
        monkeypatch.setattr(context, "_MIX", mix)
        u, code, first = context._distinct_rows(cols)
        assert len(u) == expect
        assert np.array_equal(u[code], np.stack(cols, axis=1))
        assert all(code[first[k]] == k and not (code[: first[k]] == k).any() for k in range(len(u)))
