"""A one-line modal question (view name, search text, jump target, export path)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class Prompt(ModalScreen[str | None]):
    DEFAULT_CSS = """
    Prompt { align: center top; }
    Prompt > Vertical { width: 80%; height: auto; margin-top: 3; border: round $accent; background: $surface;
                        padding: 0 1; }
    Prompt Label { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "", suggestions: list[str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.suggestions = suggestions or []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            from textual.suggester import SuggestFromList

            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input",
                        suggester=SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
