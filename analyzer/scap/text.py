"""Text out of capture bytes.

Paths, command lines and other strings in a capture are bytes that need not be UTF-8 (a file name
an attacker chose, a binary argument). Decoded here, each byte that is not part of valid UTF-8
becomes "." (the character sysdig prints for it), so every string is valid UTF-8 for the Arrow
tables and the same bytes always give the same text.
"""

from __future__ import annotations

import codecs

ERRORS = "scapkit-dots"


def _dots(err: UnicodeError) -> tuple[str, int]:
    if isinstance(err, UnicodeDecodeError):
        return "." * (err.end - err.start), err.end
    raise err


codecs.register_error(ERRORS, _dots)


def text(b: bytes) -> str:
    """``b`` as UTF-8, each invalid byte shown as "."."""
    return b.decode("utf-8", ERRORS)


def cstr(b: bytes) -> str:
    """The text of a NUL-terminated string (what follows the first NUL is not part of it)."""
    return b.split(b"\0", 1)[0].decode("utf-8", ERRORS)


def list0(b: bytes) -> list[str]:
    """The strings of a NUL-separated list (a trailing NUL ends the last one, it starts no new one)."""
    if not b:
        return []
    parts = b.split(b"\0")
    if parts[-1] == b"":
        parts.pop()
    return [x.decode("utf-8", ERRORS) for x in parts]
