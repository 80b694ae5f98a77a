"""The compiled loops (analyzer.scap._fast) against the Python code they stand in for.

The reader's block scan and the evt.args renderer each keep a Python path (irregular blocks;
events the compiled renderer hands back). Both ways must give the same tables, event by event,
on the shared traces and on generated captures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from analyzer.scap import _fast, reader, render
from analyzer.scap.errors import CorruptEventError, ScapError
from analyzer.scap.reader import read_all_events
from analyzer.tables.build import build_tables

from .conftest import TRACES, load_generator, need_traces
from .render_both import both, compiled, python

REPO = Path(__file__).resolve().parents[1]
COLUMNS = ("rec", "ts", "tid", "evlen", "type", "nparams", "lens_off", "cpu", "dflags", "file_off")


def _generate(path: Path, n: int, seed: int, churn: int | None) -> Path:
    mod = load_generator()
    kw = {"churn_every": churn} if churn else {}
    mod.generate(str(path), n, seed=seed, quiet=True, **kw)
    return path


@pytest.fixture(scope="module")
def captures(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("fast")
    gen = [_generate(d / "a.scap", 20000, 3, None), _generate(d / "b.scap.gz", 12000, 11, 40)]
    return [*TRACES, *gen]


def test_shared_traces_are_compared() -> None:
    need_traces()
    assert TRACES


def _tables(path: Path) -> dict[str, pa.Table]:
    t = build_tables([str(path)])
    return {"events": t.events, "threads": t.threads, "fds": t.fds, **t.extra}  # extra: contexts, derived


def test_tables_equal_both_ways(captures: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    for path in captures:
        fast = _tables(path)
        with monkeypatch.context() as mp:
            mp.setattr(render, "USE_COMPILED", False)
            mp.setattr(reader, "SCAN_COMPILED", False)
            slow = _tables(path)
        for name in fast:
            assert fast[name].num_rows == slow[name].num_rows, (path.name, name)
            if not fast[name].equals(slow[name]):
                a = fast[name].to_pylist()
                b = slow[name].to_pylist()
                bad = next(i for i in range(len(a)) if a[i] != b[i])
                pytest.fail(f"{path.name} {name} row {bad}: compiled {a[bad]} != python {b[bad]}")


def test_tables_equal_with_and_without_the_compiled_loop(captures: list[Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The state engine's compiled loop (plain events) against its Python loop, the compiled
    renderer on both sides; the loop must take most events, or the comparison proves little."""
    from analyzer.state import engine

    taken = [0, 0]
    real = _fast.Loop

    class Counting:
        def __init__(self, *a: object) -> None:
            self.loop = real(*a)
            taken[1] += len(a[8])  # type: ignore[arg-type]  # the batch's parameter lists

        def run(self, i: int) -> int:
            j: int = self.loop.run(i)
            taken[0] += j - i
            return j

        @property
        def failed(self) -> int:
            return int(self.loop.failed)

    for path in captures:
        with monkeypatch.context() as mp:
            mp.setattr(_fast, "Loop", Counting)
            fast = _tables(path)
        with monkeypatch.context() as mp:
            mp.setattr(engine, "USE_LOOP", False)
            slow = _tables(path)
        for name in fast:
            if not fast[name].equals(slow[name]):
                a, b = fast[name].to_pylist(), slow[name].to_pylist()
                assert len(a) == len(b), (path.name, name)
                bad = next(i for i in range(len(a)) if a[i] != b[i])
                pytest.fail(f"{path.name} {name} row {bad}: loop {a[bad]} != python {b[bad]}")
    assert taken[0] > 0.5 * taken[1] > 10000, taken


def test_an_error_in_the_compiled_loop_names_its_event(captures: list[Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception raised while the compiled loop processes an event is reported for that event,
    not for the first event of the loop's run."""
    from analyzer.state import engine

    state = {"inside": False, "raised_at": -1, "start": -1}
    real = _fast.Loop
    orig = engine.StateEngine._fd_snap

    class Watching:
        def __init__(self, *a: object) -> None:
            self.loop = real(*a)
            self.base = int(a[14])  # type: ignore[call-overload]  # the batch's first event index

        def run(self, i: int) -> int:
            state["inside"] = True
            state["start"] = self.base + i
            try:
                return int(self.loop.run(i))
            finally:
                state["inside"] = False

        @property
        def failed(self) -> int:
            return int(self.loop.failed)

    def failing(self: engine.StateEngine, f: engine.FdInfo, fdnum: int, owner: int) -> int:
        # an event after the first of the loop's run: the run's start is not the answer
        if state["inside"] and self.idx >= 1000 and self.idx > state["start"]:
            state["raised_at"] = self.idx
            raise ValueError("made to fail")
        return orig(self, f, fdnum, owner)

    monkeypatch.setattr(_fast, "Loop", Watching)
    monkeypatch.setattr(engine.StateEngine, "_fd_snap", failing)
    with pytest.raises(ScapError) as err:
        build_tables([str(captures[-2])])
    assert state["raised_at"] >= 1000
    assert f"event {state['raised_at'] + 1} " in str(err.value), str(err.value)


def test_compiled_renderer_covers_most_events(captures: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above must exercise the compiled renderer (the engine's argument sink),
    not only the Python one: few events may fall back to render_parts_py."""
    fallbacks = [0]
    orig = render.render_parts_py

    def counting(*a: object, **k: object) -> object:
        fallbacks[0] += 1
        return orig(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_parts_py", counting)
    t = build_tables([str(captures[-2])])
    assert t.events.num_rows > 10000
    assert fallbacks[0] < t.events.num_rows * 0.01


def test_reader_columns_equal_both_ways(captures: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    for path in captures:
        _, fast, st_fast = read_all_events(str(path))
        monkeypatch.setattr(reader, "SCAN_COMPILED", False)
        _, slow, st_slow = read_all_events(str(path))
        monkeypatch.setattr(reader, "SCAN_COMPILED", True)
        assert st_fast.events == st_slow.events and st_fast.skipped_unknown == st_slow.skipped_unknown
        for c in COLUMNS:
            a = np.concatenate([getattr(b, c) for b in fast])
            b = np.concatenate([getattr(b, c) for b in slow])
            assert a.dtype == b.dtype and np.array_equal(a, b), (path.name, c)
        for b in fast:
            for i in range(len(b)):
                assert b.all_params()[i] == b._params_checked(i)


def test_bad_parameter_lengths_fall_back_to_the_checked_path(captures: list[Path]) -> None:
    _, batches, _ = read_all_events(str(captures[-2]))
    b = batches[0]
    i = next(k for k in range(len(b)) if b.nparams[k] > 0)
    data = bytearray(b.data)
    lo = int(b.lens_off[i])
    data[lo : lo + 2] = (0xFFFF).to_bytes(2, "little")  # first length runs past the event
    b.data = bytes(data)
    b._plist = None
    assert b.all_params()[i] is None
    with pytest.raises(CorruptEventError, match="overflow the event"):
        b.params(i)


def test_renderer_edge_values_match_python() -> None:
    """Odd values of each rendered type, compiled against Python, with and without a resolver."""

    class Res:
        def fd(self, fd: int) -> tuple[str, str] | None:
            return {3: ("f", "/etc/pa\x01ss"), 4: ("4t", "1.2.3.4:5->6.7.8.9:10"), 5: ("u", "")}.get(fd)

        def pid_comm(self, pid: int) -> str | None:
            return "bash" if pid == 7 else None

        def cwd(self) -> str | None:
            return "/home/u/"

        def user_name(self, uid: int) -> str | None:
            return "root" if uid == 0 else None

    raws = [b"", b"\x00", b"\x01", b"\xff", b"\x07\x00", b"\xff\xff", b"\x03\x00\x00\x00", b"\xff\xff\xff\xff",
            b"\x9c\xff\xff\xff\xff\xff\xff\xff", b"\x04\x00\x00\x00\x00\x00\x00\x00", b"\xfe" * 8,
            b"/abs/path\x00", b"<NA>\x00", b"hello\x00world", b"\x02\x7f\x00\x00\x01\x50\x00",
            b"\x0a" + bytes(16) + b"\x35\x00", b"\x01/tmp/sock\x00", bytes(range(40)) * 3,
            b"\x02\x00\x03\x00\x00\x00\x00\x00\x00\x00\x01\x00\x09\x00\x00\x00\x00\x00\x00\x00\x04\x00"]
    checked = 0
    for etype in range(2, 336):
        info = render.event_info(etype)
        assert info is not None
        for k in range(len(raws)):
            params = [raws[(k + j) % len(raws)] for j in range(len(info.params))]
            for resolver in (None, Res()):
                checked += both(etype, params, resolver)[1]
    assert checked > 5000


def test_relative_paths_match_python() -> None:
    """Relative paths are joined with the cwd or the dirfd's name, with libsinsp's folding."""

    class Res:
        def __init__(self, cwd: str | None) -> None:
            self._cwd = cwd

        def fd(self, fd: int) -> tuple[str, str] | None:
            return {3: ("d", "/srv/da\x01ta"), 5: ("d", ""), 6: ("f", "/x/y/")}.get(fd)

        def pid_comm(self, pid: int) -> str | None:
            return None

        def cwd(self) -> str | None:
            return self._cwd

    paths = [b"a\x00", b"../a/./b//c/..\x00", b"a./b\x00", b"..\x00", b".\x00", b"x/\x00", b"../../..\x00",
             b"./.\x00", b"a/../../b\x00", b"\x01b\x00", b"..a\x00", b"a/.\x00", b"/abs/../x\x00", b"\x00"]
    dirfds = [(-100).to_bytes(8, "little", signed=True), (3).to_bytes(8, "little"), (5).to_bytes(8, "little"),
              (6).to_bytes(8, "little"), (9).to_bytes(8, "little"), b"\x03"]
    events = [e for e in range(2, 336)
              if any(p.ptype in (17, 43) for p in render.event_info(e).params)]  # PT_FSPATH / PT_FSRELPATH
    checked = 0
    for etype in events:
        info = render.event_info(etype)
        for path in paths:
            for dfd in dirfds:
                params = [path if p.ptype in (17, 43) else dfd if p.ptype == 14 else b"\x00" * 8
                          for p in info.params]
                for resolver in (Res("/home/u/"), Res(""), Res(None), Res("/")):
                    assert both(etype, params, resolver)[1], (etype, params)  # compiled, and equal
                    checked += 1
    assert checked > 1000


def test_render_parts_match_python(captures: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every argument column agrees with the Python reference at every event of the captures, with
    the state as it is when the event is rendered and the enter parameters an exit merges."""
    from analyzer.state import engine

    seen = [0, 0]
    orig = engine._args_py
    monkeypatch.setattr(render, "USE_COMPILED", False)  # every event through _args_py, with live state

    def checking(e: object, et: int, params: list[bytes], resolver: object, enter: object, keep: bool) -> object:
        seen[0] += 1
        seen[1] += both(et, params, resolver, enter=enter)[1]  # type: ignore[arg-type]
        return orig(e, et, params, resolver, enter, keep)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_args_py", checking)
    for path in captures:
        build_tables([str(path)])
    assert seen[1] > 0.9 * seen[0] > 10000


def test_render_parts_edge_values_match_python() -> None:
    raws = [b"", b"\x00", b"\x01", b"\xff", b"\x07\x00", b"\x03\x00\x00\x00", b"\xff\xff\xff\xff",
            b"\x9c\xff\xff\xff\xff\xff\xff\xff", b"/abs\x00", b"rel/x\x00", b"\x02\x7f\x00\x00\x01\x50\x00",
            b"\x01/tmp/sock\x00", bytes(range(40)) * 3, b"\x02\x00\x03\x00\x00\x00\x00\x00\x00\x00\x01\x00"]
    checked = 0
    for etype in range(0, 336):
        info = render.event_info(etype)
        assert info is not None
        for k in range(len(raws)):
            params = [raws[(k + j) % len(raws)] for j in range(len(info.params))]
            checked += both(etype, params)[1]
    assert checked > 2000


def _exits_with_extra_parameters() -> Iterator[tuple[int, list[str], list[str]]]:
    """(exit type, parameter names of the 2022 table, names of the extra parameters current drivers
    add) of every exit event sysdig 0.29.3 reads."""
    from analyzer.scap import event_table as et

    for etype in range(1, 336, 2):
        info, head = render.event_info(etype), et.EVENTS[etype]
        assert info is not None
        if len(head.params) > len(info.params):
            yield etype, [p.name for p in info.params], [p.name for p in head.params[len(info.params):]]


def test_render_parts_extra_exit_parameters_match_python() -> None:
    """Current drivers' extra exit parameters: rendered with HEAD rules, or taken from the enter
    event's parameters of that name; every parameter is in evt.arglist."""
    checked = 0
    for etype, base, extra in _exits_with_extra_parameters():
        params = [b"\x03" + bytes(7) for _ in (*base, *extra)]
        for enter in (None, (extra[::2], ["K"] * len(extra[::2]), [None] * len(extra[::2]))):
            cols, fast = both(etype, params, enter=enter)  # type: ignore[arg-type]
            checked += fast
            values = cols[2][0].as_py()
            assert len(values) == len(base) + len(extra), etype
            if enter is not None:
                assert values[len(base)] == "K", etype
    assert checked > 100


def test_compiled_renderer_is_thread_safe() -> None:
    """Resolver callbacks run Python code that lets other threads in: renderings must not mix."""
    import threading
    import time

    from analyzer.scap import event_table as et

    class Res:
        def __init__(self, name: str) -> None:
            self.name = name

        def fd(self, fd: int) -> tuple[str, str] | None:
            time.sleep(0)  # give the other thread the interpreter
            return "f", self.name

        def pid_comm(self, pid: int) -> str | None:
            return None

        def cwd(self) -> str | None:
            return "/"

    # a write enter: fd (resolved through the callback) first, then the size
    read_x = next(e for e in range(0, 336, 2) if et.EVENTS_2022[e].name == "write")
    params = [(3).to_bytes(8, "little"), (4096).to_bytes(4, "little")]
    want = {n: python(read_x, params, Res(n)) for n in ("/a/first", "/b/second/longer")}
    bad: list[str] = []

    def work(name: str) -> None:
        r = Res(name)
        for _ in range(3000):
            got = compiled(read_x, params, r)
            if got is None or not all(a.equals(b) for a, b in zip(got, want[name], strict=True)):
                bad.append(str(got[0] if got else None))

    threads = [threading.Thread(target=work, args=(n,)) for n in want]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not bad, bad[:2]


def test_absolute_times_match_python() -> None:
    """PT_ABSTIME with HEAD rules (execve's exe_ino_ctime/mtime): UTC date, time and nanoseconds."""
    from analyzer.scap import event_table as et

    e = next(k for k in range(1, 336, 2) if et.EVENTS[k].name == "execve" and len(et.EVENTS[k].params) > 25)
    at = [i for i, p in enumerate(et.EVENTS[e].params) if p.ptype == et.PT_ABSTIME]
    assert at
    rng = np.random.default_rng(2)
    values = [0, 1, 10**9, 1_700_000_000_123_456_789, 2**64 - 1, *rng.integers(0, 2**63, 200).tolist()]
    for v in values:
        params = [bytes(8)] * len(et.EVENTS[e].params)
        for i in at:
            params[i] = int(v).to_bytes(8, "little")
        assert both(e, params)[1], v  # compiled, and equal


def test_argument_sink_matches_argument_columns() -> None:
    """ArgSink.add (the compiled columns) against ArgColumns.add: duplicate names (first wins),
    enter parameters merged, nulls, buffers, non-ASCII text, the trailing space of evt.args; an
    event kept for its exit comes back as its parameters; mismatched lists are an error."""
    from analyzer.state.args import ArgColumns, sink_arrays

    events: list[tuple[object, ...]] = [
        ("fd=3 size=10", ["fd", "size"], ["3", "10"], ["3", None], None, None),
        ("res=5 data=abc", ["res", "data"], ["5", "abc"], ["5", "abc"], b"abc", (["fd", "size"], ["3", "10"], ["3", None])),
        ("", ["a", "a", "b"], ["1", "2", "3"], [None, "2", "3"], None, (["b", "c", "c"], ["x", "y", "z"], ["x", None, "z"])),
        ("", [], [], [], None, None),
        ("name=caf\u00e9", ["name"], ["caf\u00e9"], ["caf\u00e9"], b"", None),
    ]
    cols = ArgColumns()
    sink = _fast.ArgSink()
    for text, names, values, raws, buf, enter in events:
        cols.add(text, names, values, raws, buf, enter)  # type: ignore[arg-type]
        ep = _fast.EnterParts(*enter) if enter is not None else None  # type: ignore[misc]
        kept = sink.add(text, names, values, raws, buf, ep, True)
        assert kept.parts() == (names, values, raws)
    assert sink.count() == len(events)
    slow = cols.arrays()
    fast = sink_arrays(sink.finish())
    for a, b in zip(fast, slow, strict=True):
        assert a.equals(b), (a, b)
    assert fast[0].to_pylist()[:2] == ["fd=3 size=10 ", "res=5 data=abc "]
    assert fast[1].to_pylist()[2] == [("a", "1"), ("b", "3"), ("c", "y")]
    with pytest.raises(ValueError):
        ArgColumns().add("", ["a"], ["1"], ["1"], None, (["x", "y"], ["1"], ["1", "2"]))
    with pytest.raises(ValueError):
        _fast.ArgSink().add("", ["a"], ["1", "2"], ["1"], None, None, False)
    with pytest.raises(ValueError):
        _fast.EnterParts(["x", "y"], ["1"], ["1", "2"])


def test_argument_sink_keeps_no_memory_per_event() -> None:
    """Events the Python code renders go through ArgSink.add: once a sink is gone, nothing of the
    events it took stays allocated (a leak of ~12 KB per event once). What a live sink holds is
    its output columns, which grow with its events by design."""
    import tracemalloc

    def feed(n: int) -> None:
        sink = _fast.ArgSink()
        for _ in range(n):
            sink.add("name=x", ["name", "fd"], ["x", "3"], ["x", "3"], None, None, False)
        sink.finish()

    feed(100)
    tracemalloc.start()
    feed(2000)
    small = tracemalloc.get_traced_memory()[0]
    feed(20000)
    large = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert large - small < 64 * 1024, (small, large)


def test_enter_parameters_last_of_a_name_wins() -> None:
    """An enter event with two parameters of one name: the exit's extra parameter takes the last
    (as a dict built from them does), the evt.arg map keeps the first."""
    checked = 0
    for etype, base, extra in _exits_with_extra_parameters():
        names = [extra[0], "zz", extra[0], *extra[2::2]]
        enter = (names, [f"v{i}" for i in range(len(names))], [None if i % 2 else f"r{i}" for i in range(len(names))])
        params = [b"\x05" + bytes(7) for _ in (*base, *extra)]
        cols, fast = both(etype, params, enter=enter)
        assert cols[2][0].as_py()[len(base)] == "v2", etype
        checked += fast
    assert checked > 50
