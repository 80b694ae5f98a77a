"""Small formatting helpers shared by the views."""

from __future__ import annotations

from ..tables.fields import FIELDS, render_value


def fmt_time(ns: object) -> str:
    """evt.time as sysdig prints it (HH:MM:SS.nanoseconds, local time); '' when unknown."""
    if ns is None:
        return ""
    return render_value(FIELDS["evt.time"], int(ns))  # type: ignore[call-overload]


def fmt_int(v: object) -> str:
    if v is None:
        return ""
    try:
        return f"{int(v):,}"  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(v)


def fmt_bytes(v: object) -> str:
    if v is None:
        return ""
    n = int(v)  # type: ignore[call-overload]
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(v)


def cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, bytes | bytearray | memoryview):
        return bytes(v)[:64].hex()
    if isinstance(v, list):
        return ",".join(cell(x) for x in v)
    return str(v)


def parse_time(text: str, day_ns: int) -> int | None:
    """HH:MM:SS[.fraction] (local time, on the capture's day) or a raw ns timestamp, to ns since epoch."""
    import time as _time

    text = text.strip()
    if text.isdigit() and len(text) > 12:
        return int(text)
    parts = text.split(":")
    if len(parts) != 3:
        return None
    try:
        h, m = int(parts[0]), int(parts[1])
        sec_s, _, frac = parts[2].partition(".")
        s = int(sec_s)
        ns = int((frac + "000000000")[:9]) if frac else 0
    except ValueError:
        return None
    lt = _time.localtime(day_ns // 1_000_000_000)
    midnight = _time.mktime((lt.tm_year, lt.tm_mon, lt.tm_mday, 0, 0, 0, 0, 0, -1))
    return (int(midnight) + h * 3600 + m * 60 + s) * 1_000_000_000 + ns
