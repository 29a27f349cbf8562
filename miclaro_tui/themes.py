"""The app's own themes, beside Textual's: a high-contrast one for low vision and glare (a
payment point by a window). Status stays a word besides its colour in every theme."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="miclaro-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    success="#00FF00",
    warning="#FFFF00",
    error="#FF6060",
    dark=True,
    luminosity_spread=0.3,
    text_alpha=1.0,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#C0C0C0",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#FFFF00 50%",
    },
)

THEMES = (HIGH_CONTRAST,)
