"""Kiosk mode's rules with no UI: the till's arithmetic, receipts and reports as 40-column
text, printer output and the hash-chained audit log. No Textual, no HTTP client, no sandbox:
the kiosk screens draw what these decide, and tests drive them without Pilot."""
