"""A directory of rotated captures is read in time order, whatever the file names sort as."""

from __future__ import annotations

from pathlib import Path

from analyzer.scap import model as m
from analyzer.scap import writer as w
from analyzer.session.dataset import expand_inputs, open_dataset


def _part(path: Path, t0: int, name: str) -> None:
    proc = m.ProcEntry(tid=10, pid=10, ptid=1, comm="rot", exe="rot", exepath="/usr/bin/rot")
    with w.CaptureWriter(path) as cw:
        cw.write_header(m.MachineInfo(), procs=[proc])
        cw.write_events(t0, 10, w.open_events(3, name) + w.close_events(3))


def test_rotated_files_are_read_in_time_order(tmp_path: Path) -> None:
    d = tmp_path / "rot"
    d.mkdir()
    # the names a rotating writer gives: by name "x-1" < "x-2" < "x.scap", by time x.scap is first
    _part(d / "x.scap", 1_000_000_000, "/first")
    _part(d / "x-1.scap", 2_000_000_000, "/second")
    _part(d / "x-2.scap", 3_000_000_000, "/third")
    (d / "x.scap.notes.txt").write_text("what the responder noted")  # not a capture: left out
    assert [Path(p).name for p in expand_inputs([str(d)])] == ["x.scap", "x-1.scap", "x-2.scap"]
    ds = open_dataset([str(d)])
    con = ds.connect()
    names = [r[0] for r in con.sql("SELECT fd.name FROM events WHERE evt.type = 'open' AND evt.dir = '<' "
                                   "ORDER BY evt.num").fetchall()]
    assert names == ["/first", "/second", "/third"]


def test_a_failing_parquet_write_reaches_the_caller(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Events are written on a background thread: its error is raised by convert, no file is half kept."""
    import pyarrow.parquet as pq
    import pytest

    from analyzer.session import dataset

    _part(tmp_path / "x.scap", 1_000_000_000, "/first")

    def broken(self: object, rb: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_batch", broken)
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(OSError, match="No space left"):
        dataset.open_dataset([str(tmp_path / "x.scap")])
    assert not any((tmp_path / "cache").glob("*/meta.json"))


def test_a_parallel_run_that_cached_first_keeps_its_tables(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two runs decode the same capture at once (parallel CI jobs): the one finishing second keeps
    the tables the first put in the cache (the first may be reading them) and drops its own."""
    import shutil

    from analyzer.session import dataset

    _part(tmp_path / "x.scap", 1_000_000_000, "/first")
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(tmp_path / "cache"))
    real = dataset.convert
    seen: dict[str, object] = {}

    def convert_while_another_run_finishes(paths: list[str], out: Path, **kw: object) -> dict[str, object]:
        meta = real(paths, out, **kw)  # type: ignore[arg-type]
        target = out.parent / dataset.content_key(paths)
        shutil.copytree(out, target)  # the other run's tables land first
        seen["inode"] = (target / "events.parquet").stat().st_ino
        return meta

    monkeypatch.setattr(dataset, "convert", convert_while_another_run_finishes)
    ds = dataset.open_dataset([str(tmp_path / "x.scap")])
    assert not ds.from_cache and ds.directory.name == dataset.content_key([str(tmp_path / "x.scap")])
    assert (ds.directory / "events.parquet").stat().st_ino == seen["inode"]  # not replaced under the other run
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith("scapkit-")] == []  # ours dropped
    assert ds.connect().execute("SELECT count(*) FROM events").fetchone()[0] > 0  # type: ignore[index]


def test_an_incomplete_entry_or_a_file_in_the_cache_is_replaced(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from analyzer.session import dataset

    _part(tmp_path / "x.scap", 1_000_000_000, "/first")
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "cache" / dataset.content_key([str(tmp_path / "x.scap")])
    target.parent.mkdir(parents=True, exist_ok=True)
    for make in ("dir", "file", "dangling"):
        if make == "dir":  # an interrupted entry: no meta.json
            target.mkdir()
            (target / "events.parquet").write_text("half")
        elif make == "file":
            target.write_text("not a directory")
        else:
            target.symlink_to(tmp_path / "nowhere")
        ds = dataset.open_dataset([str(tmp_path / "x.scap")])
        assert ds.directory == target and (target / "meta.json").exists(), make
        assert ds.connect().execute("SELECT count(*) FROM events").fetchone()[0] > 0  # type: ignore[index]
        assert sorted(p.name for p in target.parent.iterdir()) == sorted(["digests", target.name]), make
        import shutil

        shutil.rmtree(target)


def test_l4proto_is_na_text_for_any_fd_and_null_without_one(tmp_path: Path) -> None:
    """libsinsp's fd.l4proto is the value "<NA>" for an fd that is not a tcp/udp/icmp/raw socket
    (so `fd.l4proto != tcp` holds on a file, and `print -p` keeps the line); no fd: no value."""
    _part(tmp_path / "x.scap", 1_000_000_000, "/etc/hosts")
    con = open_dataset([str(tmp_path / "x.scap")], use_cache=False).connect()
    rows = con.sql("SELECT evt.type, evt.dir, fd.name, fd.l4proto FROM events ORDER BY evt.num").fetchall()
    opened = [r for r in rows if r[0] == "open" and r[1] == "<"]
    assert opened and opened[0][2:] == ("/etc/hosts", "<NA>")
    without_fd = [r for r in rows if r[2] is None]  # the open enter event has no fd yet
    assert without_fd and all(r[3] is None for r in without_fd)


def test_name_changed_on_new_fds_not_on_dup_copies(tmp_path: Path) -> None:
    """fd.name_changed compares with the name the event's fd had when the event began (libsinsp):
    an open's new fd had none, a dup's copy took its source's."""
    proc = m.ProcEntry(tid=10, pid=10, ptid=1, comm="d", exe="d", exepath="/usr/bin/d")
    with w.CaptureWriter(tmp_path / "d.scap") as cw:
        cw.write_header(m.MachineInfo(), procs=[proc])
        cw.write_events(1_000_000_000, 10, w.open_events(3, "/etc/hosts") + w.dup_events(3, 4) + w.close_events(4))
    con = open_dataset([str(tmp_path / "d.scap")], use_cache=False).connect()
    rows = con.sql("SELECT evt.type, fd.name, fd.name_changed FROM events WHERE evt.dir = '<' "
                   "ORDER BY evt.num").fetchall()
    assert rows[:2] == [("open", "/etc/hosts", True), ("dup", "/etc/hosts", False)]


def test_setsid_gives_the_thread_its_new_session(tmp_path: Path) -> None:
    """From the setsid exit on, proc.sid is the result (libsinsp's parse_setsid_exit)."""
    proc = m.ProcEntry(tid=10, pid=10, ptid=1, sid=1, comm="d", exe="d", exepath="/usr/bin/d")
    with w.CaptureWriter(tmp_path / "s.scap") as cw:
        cw.write_header(m.MachineInfo(), procs=[proc])
        cw.write_events(1_000_000_000, 10, w.syscall_events(274, [], [10]) + w.close_events(4))
    con = open_dataset([str(tmp_path / "s.scap")], use_cache=False).connect()
    rows = con.sql("SELECT evt.type, evt.dir, proc.sid FROM events ORDER BY evt.num").fetchall()
    assert rows[:3] == [("setsid", ">", 1), ("setsid", "<", 10), ("close", ">", 10)]


def test_an_fd_copy_takes_every_field_but_its_version_and_lifetime() -> None:
    from analyzer.state.engine import FdInfo

    f = FdInfo(m.FD_IPV4_SOCK, "1.2.3.4:5->6.7.8.9:10")
    for k in FdInfo.__slots__:
        if k not in ("type", "name", "snap", "life", "last_tuple"):
            setattr(f, k, {"sip": "1.2.3.4", "dip": "6.7.8.9", "nameraw": "x"}.get(k, 7))
    f.snap, f.last_tuple = 3, b"tuple"
    c = f.copy()
    for k in FdInfo.__slots__:
        if k in FdInfo._NOT_COPIED:
            assert getattr(c, k) != getattr(f, k), k
        else:
            assert getattr(c, k) == getattr(f, k), k
    assert c.snap == -1 and c.last_tuple == b""


def test_the_cached_summary_is_what_the_tables_hold(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`scapkit info` reads the time range, events by type, threads and fd versions from the summary
    gathered while the tables were written: it must be what queries over those tables answer, also
    for a dataset of several files and for the samples."""
    d = tmp_path / "rot"
    d.mkdir()
    _part(d / "x.scap", 1_000_000_000, "/first")
    _part(d / "x-1.scap", 2_000_000_000, "/second")
    samples = sorted((Path(__file__).resolve().parents[1] / "sample_traces").glob("*.scap.gz"))
    assert samples
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(tmp_path / "cache"))
    for inputs in ([str(d)], *[[str(s)] for s in samples]):
        open_dataset(inputs)
        ds = open_dataset(inputs)  # the summary as `scapkit info` reads it: from the cache's meta.json
        assert ds.from_cache
        con = ds.connect()
        lo, hi = con.execute("SELECT min(evt.rawtime), max(evt.rawtime) FROM events").fetchone()  # type: ignore[misc]
        by_type = [tuple(r) for r in con.execute("SELECT evt.type, count(*) n FROM events GROUP BY 1 "
                                                 "ORDER BY n DESC, 1").fetchall()]
        threads = con.execute("SELECT count(DISTINCT thread.tid) FROM events WHERE thread.tid IS NOT NULL").fetchone()
        fds = con.execute("SELECT count(*) FROM fds").fetchone()
        con.close()
        sm = ds.meta["summary"]
        assert isinstance(sm, dict)
        assert (sm["first_ns"], sm["last_ns"]) == (lo, hi), inputs
        assert [tuple(x) for x in sm["events_by_type"]] == by_type, inputs
        assert by_type
        assert (sm["threads_seen"], sm["fd_versions"]) == (threads[0], fds[0]), inputs  # type: ignore[index]
