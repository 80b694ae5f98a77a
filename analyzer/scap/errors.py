"""Errors a user sees: each names the file, the byte offset and what was wrong."""

from __future__ import annotations


class ScapError(Exception):
    """Base class for every problem with a capture file."""


class NotACaptureError(ScapError):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"{path}: not a .scap capture ({detail})")
        self.path = path


class CorruptBlockError(ScapError):
    def __init__(self, path: str, offset: int, block: str, detail: str) -> None:
        super().__init__(f"{path}: corrupt {block} block at byte offset {offset}: {detail}")
        self.path = path
        self.offset = offset
        self.block = block


class CorruptEventError(ScapError):
    """An event whose block is well formed but whose parameters do not decode (lengths that
    overflow the event, values out of range): raised while decoding, then named with the file."""

    def __init__(self, offset: int, detail: str) -> None:
        super().__init__(f"corrupt event at byte offset {offset}: {detail}")
        self.offset = offset
        self.detail = detail
