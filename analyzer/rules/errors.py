"""Errors and warnings of the rules layer, each pointing at a place (file, line, column)."""

from __future__ import annotations

from dataclasses import dataclass


class RuleError(ValueError):
    """A rules-file or condition error; ``str()`` is one line naming where and what."""

    def __init__(self, message: str, *, line: int = 0, col: int = 0, text: str = "", file: str = "",
                 category: str = "LOAD_ERR_COMPILE_CONDITION", item: str = "") -> None:
        self.message = message
        self.line = line
        self.col = col
        self.text = text
        self.file = file
        self.category = category
        self.item = item
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.file:
            where = self.file
        if self.line:
            where += (":" if where else "") + f"{self.line}:{self.col}"
        s = f"{where}: " if where else ""
        if self.item:
            s += f"{self.item}: "
        s += self.message
        if self.text:
            s += f" (at '{_snippet(self.text)}')"
        return s

    def located(self, *, file: str = "", line: int = 0, col: int = 0, item: str = "") -> RuleError:
        """The same error placed inside a file: ``line``/``col`` are where the condition text
        starts; the error's own line/col (relative to the condition) are shifted onto it."""
        if self.line <= 1:
            nl, nc = line + max(self.line, 1) - 1, col + max(self.col, 1) - 1
        else:
            nl, nc = line + self.line - 1, self.col
        return RuleError(self.message, line=nl if line else self.line, col=nc if line else self.col,
                         text=self.text, file=file or self.file, category=self.category,
                         item=item or self.item)


def _snippet(text: str, n: int = 40) -> str:
    t = text.replace("\n", "\\n")
    return t if len(t) <= n else t[:n] + "..."


@dataclass(frozen=True, slots=True)
class LoadMessage:
    """A warning (or error) of the loader, with Falco's category name."""

    category: str  # e.g. LOAD_UNUSED_MACRO, LOAD_ERR_COMPILE_CONDITION
    message: str
    file: str = ""
    line: int = 0
    col: int = 0
    item: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.file else (f"{self.line}:{self.col}" if self.line else "")
        item = f" {self.item}:" if self.item else ""
        return f"{where}: {self.category}:{item} {self.message}" if where else f"{self.category}:{item} {self.message}"
