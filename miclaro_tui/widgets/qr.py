"""A QR code drawn in the terminal with Unicode half blocks (two modules per character cell),
dark on light whatever the theme, so a phone can scan it. segno is imported on first use."""

from __future__ import annotations

from rich.text import Text

QUIET_ZONE = 2  # modules of light border (the standard asks 4; 2 scans fine on screens)


def qr_lines(data: str, border: int = QUIET_ZONE) -> list[str]:
    """The code as text lines: "█" both modules dark, "▀" top dark, "▄" bottom dark."""
    import segno

    code = segno.make(data, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2]):
        chars = []
        for upper, lower in zip(top, bottom):
            if upper and lower:
                chars.append("█")
            elif upper:
                chars.append("▀")
            elif lower:
                chars.append("▄")
            else:
                chars.append(" ")
        lines.append("".join(chars))
    return lines


def qr_text(data: str) -> Text:
    """Black modules on a white ground, fixed colours (deterministic for snapshots)."""
    return Text("\n".join(qr_lines(data)), style="#000000 on #ffffff", no_wrap=True)
