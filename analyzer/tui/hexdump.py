"""Hex + ASCII rendering of data buffers, and the printable form of a byte stream."""

from __future__ import annotations


def hexdump(data: bytes, width: int = 16, base: int = 0) -> list[str]:
    """Lines of ``offset  hex bytes  |ascii|`` (as ``hexdump -C`` prints them)."""
    out: list[str] = []
    for off in range(0, len(data), width):
        chunk = data[off:off + width]
        hexpart = " ".join(f"{b:02x}" for b in chunk)
        if width > 8 and len(chunk) > 8:
            hexpart = hexpart[:24] + " " + hexpart[24:]
        pad = width * 3 + (1 if width > 8 else 0) - 1
        out.append(f"{base + off:08x}  {hexpart.ljust(pad)}  |{printable(chunk, keep_newlines=False)}|")
    return out


def printable(data: bytes, *, keep_newlines: bool = True) -> str:
    """Bytes as text: printable ASCII kept, newlines/tabs kept when asked, the rest shown as '.'."""
    chars: list[str] = []
    for b in data:
        if 32 <= b < 127:
            chars.append(chr(b))
        elif keep_newlines and b in (10, 9):
            chars.append(chr(b))
        elif keep_newlines and b == 13:
            continue
        else:
            chars.append(".")
    return "".join(chars)
