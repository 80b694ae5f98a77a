"""Falco priorities, most to least severe, with the spellings Falco accepts and prints."""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    """Lower value = more severe (as Falco orders them)."""

    EMERGENCY = 0
    ALERT = 1
    CRITICAL = 2
    ERROR = 3
    WARNING = 4
    NOTICE = 5
    INFORMATIONAL = 6
    DEBUG = 7

    @property
    def label(self) -> str:
        """Name as Falco prints it in alerts ("Warning", "Informational", ...)."""
        return self.name.capitalize()

    @classmethod
    def parse(cls, text: str) -> Priority:
        """Case-insensitive; accepts Falco's aliases INFO and WARN."""
        t = text.strip().upper()
        t = {"INFO": "INFORMATIONAL", "WARN": "WARNING"}.get(t, t)
        try:
            return cls[t]
        except KeyError:
            names = ", ".join(p.name.lower() for p in cls)
            raise ValueError(f"unknown priority '{text}' (one of: {names})") from None

    def at_least(self, other: Priority) -> bool:
        """True when self is as severe as ``other`` or more."""
        return self.value <= other.value
