"""The events table does not depend on how the capture is cut into batches (state carried across
batches: thread version log, fd versions, pending enter events)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analyzer.tables import build
from analyzer.tables.build import _AsOf, build_tables

from .conftest import load_generator

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def churny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mod = load_generator()
    path = tmp_path_factory.mktemp("batches") / "churn.scap"
    mod.generate(str(path), 15000, seed=9, churn_every=30, quiet=True)
    return path


def test_small_batches_give_the_same_tables(churny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = build_tables([str(churny)])
    monkeypatch.setattr(build, "BATCH_EVENTS", 777)
    cut = build_tables([str(churny)])
    assert cut.events.num_rows == whole.events.num_rows == 15000
    for name in ("events", "threads", "fds"):
        a, b = getattr(whole, name), getattr(cut, name)
        assert a.equals(b), name


def test_spilled_fd_versions_give_the_same_tables(churny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fd versions no event can reference any more leave the engine batch by batch (flat memory);
    the tables are the same as when every version stays in memory."""
    whole = build_tables([str(churny)])
    assert len(whole.fds) > 50
    monkeypatch.setattr(build, "BATCH_EVENTS", 500)
    monkeypatch.setattr(build, "SPILL_FD_VERSIONS", 1)
    spilled: list[int] = []
    real = build.TableBuilder._spill_fd_versions

    def counting(self: build.TableBuilder) -> None:
        real(self)
        spilled.append(sum(len(t) for t in self.fd_spilled))

    monkeypatch.setattr(build.TableBuilder, "_spill_fd_versions", counting)
    cut = build_tables([str(churny)])
    assert spilled and spilled[-1] > len(whole.fds) // 2  # most versions left the engine
    for name in ("events", "threads", "fds"):
        a, b = getattr(whole, name), getattr(cut, name)
        assert a.equals(b), name
    for name in whole.extra:
        assert whole.extra[name].equals(cut.extra[name]), name


def test_version_log_merged_per_batch_equals_full_sort() -> None:
    rng = np.random.default_rng(4)
    tids = rng.integers(1, 40, 5000).tolist()
    idxs = np.sort(rng.integers(0, 3000, 5000)).tolist()
    snaps = list(range(5000))
    full = _AsOf(tids, idxs, snaps)
    inc = _AsOf([], [], [])
    for lo in range(0, 5000, 613):
        inc = inc.extended(tids[lo : lo + 613], idxs[lo : lo + 613], snaps[lo : lo + 613])
    assert np.array_equal(full.t, inc.t) and np.array_equal(full.i, inc.i) and np.array_equal(full.s, inc.s)
    q_t = rng.integers(0, 45, 2000)
    q_i = rng.integers(0, 3200, 2000)
    assert np.array_equal(full.lookup(q_t, q_i), inc.lookup(q_t, q_i))


def test_version_log_lookup_is_the_last_version_at_or_before_the_query() -> None:
    """As-of lookups against a scan: tids with no, one and many versions, queries before, between,
    at and after them (also with duplicate indexes of one tid)."""
    rng = np.random.default_rng(7)
    tids = rng.integers(1, 30, 400).tolist() + [99] * 50
    idxs = np.sort(rng.integers(0, 1000, 450)).tolist()
    snaps = list(range(450))
    log = _AsOf(tids, idxs, snaps)
    q_t = np.concatenate([rng.integers(-2, 35, 3000), np.full(200, 99)])
    q_i = rng.integers(-5, 1100, 3200)
    want = []
    for t, i in zip(q_t.tolist(), q_i.tolist(), strict=True):
        best = -1
        for lt, li, ls in sorted(zip(tids, idxs, snaps, strict=True)):
            if lt == t and li <= i:
                best = ls
        want.append(best)
    assert log.lookup(q_t, q_i).tolist() == want
    assert _AsOf([], [], []).lookup(q_t, q_i).tolist() == [-1] * len(q_t)


def test_converted_fds_table_is_complete_and_in_version_order(churny: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """convert writes spilled fd versions to disk as they come and sorts them once at the end."""
    import pyarrow.parquet as pq

    from analyzer.session.dataset import convert

    whole = build_tables([str(churny)])
    monkeypatch.setattr(build, "BATCH_EVENTS", 500)
    monkeypatch.setattr(build, "SPILL_FD_VERSIONS", 1)
    spilled: list[int] = []
    real_spill = build.TableBuilder._spill_fd_versions

    def counting_spill(self: build.TableBuilder) -> None:
        before = len(self.fd_spilled)
        real_spill(self)
        spilled.append(len(self.fd_spilled) - before)

    monkeypatch.setattr(build.TableBuilder, "_spill_fd_versions", counting_spill)
    convert([str(churny)], tmp_path / "out")
    assert sum(spilled) > 1  # versions left the engine during the decoding, in several chunks
    fds = pq.read_table(tmp_path / "out" / "fds.parquet")
    assert fds.column_names == whole.fds.column_names
    assert fds.cast(whole.fds.schema).equals(whole.fds)  # the sort writes columns without nulls as required
    assert not (tmp_path / "out" / "fds.unsorted.parquet").exists()


def test_progress_counts_bytes_on_disk_over_every_file(churny: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """One progress bar for several files, compressed ones measured in their compressed bytes:
    it never goes back and ends at 100%."""
    import gzip

    gz = tmp_path / "churn.scap.gz"
    gz.write_bytes(gzip.compress(churny.read_bytes()))
    paths = [str(gz), str(churny)]
    total = gz.stat().st_size + churny.stat().st_size
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(build, "BATCH_EVENTS", 1000)
    for _ in build.TableBuilder(paths, lambda d, t: calls.append((d, t))).batches():
        pass
    done = [d for d, _ in calls]
    assert len(calls) > 20 and {t for _, t in calls} == {total}
    assert done == sorted(done) and done[-1] == total
    assert any(d <= gz.stat().st_size for d in done[:3])  # the first file is counted in its own bytes
