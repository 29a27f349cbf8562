"""Snapshot suite speed: the per-test median of tests/snapshots (or a sample, ``-k EXPR``)
beside a one-Static app's snapshot, measured the same way in the same pytest session.

Each test is timed by pytest itself (its call, and setup + call + teardown); the one-Static
tests run after the suite, so both are measured warm. Target: a median of 0.5 s or less per
snapshot (issue 7: QA runs the suite all day).

Run: .venv/bin/python bench/snapshots.py [PATH ...] [-k EXPR] [--baseline-runs N] [pytest args]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ONE_STATIC = """
import pytest
from textual.app import App
from textual.widgets import Static


class OneStatic(App):
    def compose(self):
        yield Static("hello")


@pytest.mark.parametrize("run", range({runs}))
def test_one_static(snap_compare, run):
    assert snap_compare(OneStatic(), terminal_size=(80, 24))
"""


class Timings:
    """A pytest plugin: how long each snapshot test's phases took, and how each ended."""

    def __init__(self) -> None:
        self.phases: dict[str, dict[str, float]] = {}
        self.snapshots: set[str] = set()
        """The tests that take a picture (others, such as a check of the stored SVGs, are not
        counted)."""
        self.failed: list[str] = []

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            self.snapshots.add(item.nodeid)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.phases.setdefault(report.nodeid, {})[report.when] = report.duration
        if report.failed:
            self.failed.append(f"{report.nodeid} ({report.when})")


def run_pytest(args: list[str], plugin: object | None = None) -> int:
    plugins = [plugin] if plugin is not None else []
    return int(
        pytest.main(
            [
                "-q",
                "-p",
                "no:cacheprovider",
                "--rootdir",
                str(ROOT),
                "-c",
                str(ROOT / "pyproject.toml"),
                *args,
            ],
            plugins=plugins,
        )
    )


def summary(name: str, phases: list[dict[str, float]]) -> tuple[float, float]:
    calls = [p.get("call", 0.0) for p in phases]
    totals = [sum(p.values()) for p in phases]
    call, total = statistics.median(calls), statistics.median(totals)
    print(
        f"  {name:<14} {len(phases):>4} tests   median call {call:6.3f} s   "
        f"median setup+call+teardown {total:6.3f} s   max {max(totals):6.3f} s"
    )
    return call, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "tests" / "snapshots")])
    parser.add_argument("-k", dest="keyword", help="only the tests matching EXPR (pytest -k)")
    parser.add_argument("--baseline-runs", type=int, default=10)
    options, passthrough = parser.parse_known_args()
    sys.path.insert(0, str(ROOT))  # the tests import ``tests.*``, as under ``python -m pytest``

    with tempfile.TemporaryDirectory(prefix="bench-snapshots-") as folder:
        baseline = Path(folder) / "test_one_static.py"
        baseline.write_text(ONE_STATIC.format(runs=options.baseline_runs), encoding="utf-8")
        # Its pictures are stored first (in the temporary folder), untimed.
        if run_pytest([str(baseline), "--snapshot-update"]) != 0:
            print("bench/snapshots.py: the one-Static baseline did not run", file=sys.stderr)
            return 2

        timings = Timings()
        selection = ["-k", f"({options.keyword}) or test_one_static"] if options.keyword else []
        start = time.perf_counter()
        status = run_pytest([*options.paths, *selection, *passthrough, str(baseline)], timings)
        wall = time.perf_counter() - start

    pictures = {
        node: p for node, p in timings.phases.items() if node in timings.snapshots and "call" in p
    }
    suite = [p for node, p in pictures.items() if "test_one_static" not in node]
    static = [p for node, p in pictures.items() if "test_one_static" in node]
    if not suite or not static:
        print("bench/snapshots.py: no test ran", file=sys.stderr)
        return 2
    print()
    print(f"Snapshot tests, whole session {wall:.1f} s (pytest status {status}):")
    call, total = summary("snapshots", suite)
    static_call, static_total = summary("one Static", static)
    print(
        f"  ratio (median call) {call / static_call:.1f}x; "
        f"target: median <= 0.5 s per snapshot -> {'met' if total <= 0.5 else 'NOT met'}"
    )
    slowest = sorted(suite, key=lambda p: -sum(p.values()))[:5]
    names = {id(p): node for node, p in pictures.items()}
    print(
        "  slowest: "
        + ", ".join(f"{names[id(p)].split('::')[-1]} {sum(p.values()):.2f} s" for p in slowest)
    )
    for failure in timings.failed:
        print(f"  FAILED {failure}")
    return 0 if not timings.failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
