"""Derived tables (processes, connections, files) on a capture written by our writer, row by row,
and through the session layer (convert + DuckDB views)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analyzer.scap import model as m
from analyzer.scap import writer as w
from analyzer.session.dataset import TABLES, convert, open_dataset, run_sql
from analyzer.tables.build import build_tables

from .conftest import TRACES, need_traces

T0 = 1_700_000_000_000_000_000
INIT = m.ProcEntry(tid=1, pid=1, ptid=0, sid=1, vpgid=1, comm="systemd", exe="/sbin/init",
                   exepath="/usr/lib/systemd/systemd", cwd="/", uid=0, gid=0, vtid=1, vpid=1)
BASH = m.ProcEntry(tid=100, pid=100, ptid=1, sid=100, vpgid=100, comm="bash", exe="-bash", exepath="/usr/bin/bash",
                   cwd="/home/alice", uid=1000, gid=1000, loginuid=1000, tty=34817, vtid=100, vpid=100)
CURL = m.ProcEntry(tid=101, pid=101, ptid=100, sid=100, vpgid=101, comm="curl", exe="curl", exepath="/usr/bin/curl",
                   args=["-s", "http://example.com/"], cwd="/home/alice", uid=1000, gid=1000, loginuid=1000,
                   tty=34817, vtid=101, vpid=101)
REQUEST = b"GET / HTTP/1.1\r\n\r\n"
REPLY = b"HTTP/1.1 200 OK\r\n"
HOSTS = b"127.0.0.1 localhost\n"


def write_session(path: Path) -> None:
    """bash forks 101, which execs curl: reads /etc/hosts, fails to open /etc/missing, makes one HTTP
    request, writes /tmp/out.txt and exits. Events are numbered 1..30 at T0, T0+1, ..."""
    users = [m.User(0, 0, "root", "/root", "/bin/bash"), m.User(1000, 1000, "alice", "/home/alice", "/bin/bash")]
    with w.CaptureWriter(path) as cw:
        cw.write_header(m.MachineInfo(num_cpus=2, hostname="h", boot_ts=T0 - 10**12), (), users,
                        [m.Group(0, "root"), m.Group(1000, "alice")], [INIT, BASH])
        pe, ce = w.clone_events(BASH, 101)
        ts = cw.write_events(T0, 100, pe)                                           # 1, 2
        ts = cw.write_events(ts, 101, ce)                                           # 3
        ts = cw.write_events(ts, 101, w.execve_events(CURL))                        # 4, 5
        ts = cw.write_events(ts, 101, w.openat_events(3, "/etc/hosts"))             # 6, 7
        ts = cw.write_events(ts, 101, w.read_events(3, HOSTS))                      # 8, 9
        ts = cw.write_events(ts, 101, w.close_events(3))                            # 10, 11
        ts = cw.write_events(ts, 101, w.openat_events(-2, "/etc/missing"))          # 12, 13
        ts = cw.write_events(ts, 101, w.socket_events(4, w.AF_INET, w.SOCK_STREAM))  # 14, 15
        ts = cw.write_events(ts, 101, w.connect_events(4, "10.0.0.1", 40000, "93.184.216.34", 80))  # 16, 17
        ts = cw.write_events(ts, 101, w.write_io_events(4, REQUEST))                # 18, 19
        ts = cw.write_events(ts, 101, w.read_events(4, REPLY))                      # 20, 21
        ts = cw.write_events(ts, 101, w.close_events(4))                            # 22, 23
        ts = cw.write_events(ts, 101, w.openat_events(5, "/tmp/out.txt", w.O_WRONLY | w.O_CREAT))  # 24, 25
        ts = cw.write_events(ts, 101, w.write_io_events(5, b"hello"))               # 26, 27
        ts = cw.write_events(ts, 101, w.close_events(5))                            # 28, 29
        cw.write_events(ts, 101, w.procexit_events())                               # 30


def ts_of(num: int) -> int:
    return T0 + num - 1


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("derived") / "session.scap"
    write_session(p)
    return p


@pytest.fixture(scope="module")
def tables(capture: Path) -> dict[str, pa.Table]:
    t = build_tables([str(capture)])
    assert t.events.num_rows == 30
    return t.extra


def _by(rows: list[dict[str, Any]], **keys: Any) -> dict[str, Any]:
    hits = [r for r in rows if all(r[k] == v for k, v in keys.items())]
    assert len(hits) == 1, (keys, hits)
    return hits[0]


def test_processes_rows(tables: dict[str, pa.Table]) -> None:
    rows = tables["processes"].to_pylist()
    assert [(r["pid"], r["image"]) for r in rows] == [(1, 0), (100, 0), (101, 0), (101, 1)]
    init = _by(rows, pid=1)
    assert init["start_num"] is None and init["start_ts"] is None and init["end_num"] is None
    assert (init["n_events"], init["nthreads"], init["user"]) == (0, 0, "root")
    bash = _by(rows, pid=100)
    assert (bash["n_events"], bash["nthreads"], bash["start_num"], bash["name"]) == (2, 1, None, "bash")
    forked = _by(rows, pid=101, image=0)  # runs bash's program (the writer's process list has no tty)
    assert forked == {
        "pid": 101, "ppid": 100, "image": 0, "name": "bash", "exe": "-bash", "exepath": "/usr/bin/bash",
        "cmdline": "bash", "cwd": "/home/alice/", "args": [], "uid": 1000, "user": "alice", "tty": 0,
        "container_id": "host", "start_num": 2, "start_ts": ts_of(2), "end_num": 5, "end_ts": ts_of(5),
        "nthreads": 1, "n_events": 2, "n_files": 0, "n_connections": 0, "id": forked["id"],
    }
    curl = _by(rows, pid=101, image=1)
    assert curl == {
        "pid": 101, "ppid": 100, "image": 1, "name": "curl", "exe": "curl", "exepath": "/usr/bin/curl",
        "cmdline": "curl -s http://example.com/", "cwd": "/home/alice/", "args": ["-s", "http://example.com/"],
        "uid": 1000, "user": "alice", "tty": 34817, "container_id": "host", "start_num": 5, "start_ts": ts_of(5),
        "end_num": 30, "end_ts": ts_of(30), "nthreads": 1, "n_events": 26, "n_files": 2, "n_connections": 1,
        "id": curl["id"],
    }


def test_connections_rows(tables: dict[str, pa.Table]) -> None:
    assert tables["connections"].to_pylist() == [{
        "pid": 101, "tid": 101, "fd": 4, "proc_name": "curl", "type": "ipv4", "l4proto": "tcp",
        "name": "10.0.0.1:40000->93.184.216.34:80", "cip": "10.0.0.1", "sip": "93.184.216.34", "cport": 40000,
        "sport": 80, "is_server": False, "open_num": 15, "close_num": 23, "first_ts": ts_of(15),
        "last_ts": ts_of(23), "bytes_read": len(REPLY), "bytes_written": len(REQUEST), "n_events": 9,
    }]


def test_files_rows(tables: dict[str, pa.Table]) -> None:
    common = {"pids": [101], "proc_names": ["curl"]}
    assert tables["files"].to_pylist() == [
        {"name": "/etc/hosts", "directory": "/etc", "filename": "hosts", "opens": 1, "failed_opens": 0, **common,
         "bytes_read": len(HOSTS), "bytes_written": 0, "written": False, "first_num": 7, "last_num": 11,
         "first_ts": ts_of(7), "last_ts": ts_of(11)},
        {"name": "/etc/missing", "directory": "/etc", "filename": "missing", "opens": 0, "failed_opens": 1,
         **common, "bytes_read": 0, "bytes_written": 0, "written": False, "first_num": 13, "last_num": 13,
         "first_ts": ts_of(13), "last_ts": ts_of(13)},
        {"name": "/tmp/out.txt", "directory": "/tmp", "filename": "out.txt", "opens": 1, "failed_opens": 0,
         **common, "bytes_read": 0, "bytes_written": 5, "written": True, "first_num": 25, "last_num": 29,
         "first_ts": ts_of(25), "last_ts": ts_of(29)},
    ]


def test_convert_writes_derived_tables(capture: Path, tmp_path: Path, tables: dict[str, pa.Table]) -> None:
    convert([str(capture)], tmp_path)
    for name in ("processes", "connections", "files"):
        assert name in TABLES
        assert pq.read_table(tmp_path / f"{name}.parquet").equals(tables[name])


def test_sql_views_over_derived_tables(capture: Path) -> None:
    ds = open_dataset([str(capture)], use_cache=False)
    t = run_sql(ds, "SELECT p.name, c.sip, c.bytes_read, f.bytes_written FROM processes p "
                    "JOIN connections c ON c.pid = p.pid AND p.image = 1 "
                    "JOIN files f ON list_contains(f.pids, p.pid) AND f.written")
    assert t.to_pylist() == [{"name": "curl", "sip": "93.184.216.34", "bytes_read": len(REPLY), "bytes_written": 5}]
    # every event of a process image is counted once
    t = run_sql(ds, "SELECT sum(n_events) AS n FROM processes")
    assert t.to_pylist() == [{"n": 30}]


@pytest.mark.parametrize("trace", TRACES or [Path("missing")], ids=lambda p: p.name)
def test_derived_tables_account_for_every_event(trace: Path) -> None:
    need_traces()
    t = build_tables([str(trace)])
    procs = t.extra["processes"]
    # events of a thread of the capture (thread.tid is the event's own tid even without one; the
    # thread sysdig makes for a container event has pid -1)
    pids = t.events.column("proc").combine_chunks().field("pid").to_pylist()
    with_thread = sum(1 for v in pids if v is not None and v >= 0)
    assert sum(procs.column("n_events").to_pylist()) == with_thread
    assert len(set(zip(procs["pid"].to_pylist(), procs["image"].to_pylist(), procs["start_num"].to_pylist(),
                       strict=True))) == procs.num_rows
