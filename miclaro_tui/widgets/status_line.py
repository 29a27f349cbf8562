"""A screen's status line: what is happening, or what went wrong and what to do, in words."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from miclaro_tui.widgets.tone import Tone, set_tone


class StatusLine(Static):
    """The line(s) under a screen's content that tell the customer what happens; a tone
    colours it from the theme (app.tcss), and the words always say it too."""

    def say(self, message: str | Content, tone: Tone = "") -> None:
        """Show ``message`` (a str is plain text, never markup) in ``tone``; "" clears it."""
        self.update(Content(message) if isinstance(message, str) else message)
        set_tone(self, tone)
