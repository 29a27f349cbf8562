"""Start-up speed: process start -> the login screen's first paint (and exit), against a
one-widget Textual app measured in the same run. Prints both medians and the ratio.

Target (DESIGN.md section 7): ratio <= 1.25, i.e. nothing but Textual, the login screen and
settings on the path to the first paint. Run: .venv/bin/python bench/startup.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

# Each child runs headless and prints a line from its first screen's first paint; the
# parent times that line and the process's end.
BARE = """
import sys
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")

async def painted(pilot):
    print("painted", flush=True)
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=painted)
"""

MICLARO = """
from miclaro_tui.__main__ import main

async def painted(pilot):
    from miclaro_tui.screens.login import LoginScreen
    while not isinstance(pilot.app.screen, LoginScreen):
        await pilot.pause()
    print("painted", flush=True)
    pilot.app.exit()

main([], run=lambda app: app.run(headless=True, size=(80, 24), auto_pilot=painted))
"""


def time_child(code: str, env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    painted = time.perf_counter() - start
    child.wait()
    ended = time.perf_counter() - start
    if line.strip() != "painted" or child.returncode != 0:
        raise SystemExit(f"child failed (exit {child.returncode}): {line!r}")
    return painted, ended


def main() -> None:
    import os

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, MICLARO_TODAY="2026-11-25")
        # As on a user's machine: the warm-up run leaves .pyc files for the measured runs
        # (installed packages such as Textual have theirs already).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        time_child(MICLARO, env)  # warm the OS file cache and seed the sandbox once
        time_child(BARE, env)
        bare, app = [], []
        for _ in range(runs):  # interleaved so drift hits both alike
            bare.append(time_child(BARE, env))
            app.append(time_child(MICLARO, env))
    for label, index in (("first paint", 0), ("paint + exit", 1)):
        b = statistics.median(run[index] for run in bare)
        a = statistics.median(run[index] for run in app)
        print(
            f"{label:13}  bare textual {b * 1000:6.0f} ms   miclaro {a * 1000:6.0f} ms   "
            f"ratio {a / b:.2f}   over bare {(a - b) * 1000:4.0f} ms"
        )
    print(
        f"({runs} runs each. Target, DESIGN.md section 7: first-paint ratio <= 1.25, measured "
        "where bare Textual took 570 ms, i.e. at most ~140 ms over bare Textual)"
    )


if __name__ == "__main__":
    main()
