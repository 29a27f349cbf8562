"""Tab and shift+Tab that keep up with a burst of keys.

Textual's App routes each key to the widget focused when the App takes the key from its
queue, by posting it to that widget's own queue; Tab is routed the same way and only moves the
focus later, when the focused Input processes it and it bubbles up to the Screen's "tab"
binding. A burst of keys (a password manager's auto-type, or keys over SSH arriving in one
read) is all routed before the Input runs, so "Ana<Tab>4539...<Tab>12/28" lands whole in the
first field: card digits in the holder's name, a password in the user field. A priority
binding is run by the App itself as it takes the Tab from its queue, so the focus has moved
before the next key is routed. (Not a paste: only a bracketed paste becomes a Paste event.)
"""

from __future__ import annotations

from textual.binding import Binding

FOCUS_KEYS = [
    Binding("tab", "app.focus_next", show=False, priority=True, id="focus-next"),
    Binding("shift+tab", "app.focus_previous", show=False, priority=True, id="focus-previous"),
]
