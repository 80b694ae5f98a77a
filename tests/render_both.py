"""One event rendered both ways: through the compiled argument sink the engine uses
(``_fast.ArgSink``) and through the Python reference (``render.render_parts_py`` + ``ArgColumns``),
compared column by column (evt.args, evt.arg, evt.arglist, evt.rawarg, evt.buffer)."""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.scap import _fast, render
from analyzer.scap import event_table as T
from analyzer.state.args import ArgArrays, ArgColumns, sink_arrays

# the enter event's rendered parameters: (names, values, raws)
Enter = tuple[list[str], list[str], list[str | None]]
MAX = render.DEFAULT_MAX_BUF_LEN


def _n2022(etype: int) -> int:
    """Parameters of the 2022 table (an exit with more carries current drivers' extra ones)."""
    return len(T.EVENTS_2022[etype].params) if etype < len(T.EVENTS_2022) else 0


def compiled(etype: int, params: Sequence[bytes], resolver: object, *, enter: Enter | None = None,
             max_buf_len: int = MAX) -> ArgArrays | None:
    """The sink's columns of this one event (an exit paired with ``enter``), or None when the
    sink hands the event to the Python code."""
    parts = _fast.EnterParts(*enter) if enter is not None else None
    sink = _fast.ArgSink()
    if sink.event(etype, list(params), parts, resolver, max_buf_len, _n2022(etype), False) is None:
        assert sink.count() == 0, "a fallback must add nothing"
        return None
    return sink_arrays(sink.finish())


def python(etype: int, params: Sequence[bytes], resolver: object, *, enter: Enter | None = None,
           max_buf_len: int = MAX) -> ArgArrays:
    """The reference's columns of the same event."""
    known = None
    if enter is not None and len(params) > _n2022(etype):
        known = {k: (v, r) for k, v, r in zip(*enter, strict=True)}
    text, names, values, raws, buf = render.render_parts_py(etype, params, resolver, known,  # type: ignore[arg-type]
                                                            max_buf_len=max_buf_len)
    cols = ArgColumns()
    cols.add(text, names, values, raws, buf, enter)
    return cols.arrays()


def both(etype: int, params: Sequence[bytes], resolver: object = None, *, enter: Enter | None = None,
         max_buf_len: int = MAX) -> tuple[ArgArrays, bool]:
    """(the columns, whether the compiled sink rendered it); fails where the two ways differ."""
    slow = python(etype, params, resolver, enter=enter, max_buf_len=max_buf_len)
    fast = compiled(etype, params, resolver, enter=enter, max_buf_len=max_buf_len)
    if fast is not None:
        for name, a, b in zip(("evt.args", "evt.arg", "evt.arglist", "evt.rawarg", "evt.buffer"), fast, slow,
                              strict=True):
            assert a.equals(b), f"event type {etype} {list(params)!r}: {name} compiled {a} != python {b}"
    return slow, fast is not None


def render_args(etype: int, params: Sequence[bytes], resolver: object = None, *, max_buf_len: int = MAX) -> str:
    """``%evt.args`` of one event without sysdig's trailing space, the same both ways."""
    text = both(etype, params, resolver, max_buf_len=max_buf_len)[0][0][0].as_py()
    return text[:-1] if text else text
