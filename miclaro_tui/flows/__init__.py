"""UI-less money moves (DESIGN.md section 1): the screens render their states."""
