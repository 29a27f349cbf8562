"""A bar chart drawn in the terminal by plotext (textual-plotext): months and their figures.

Importing plotext costs about 250 ms, so this module is imported only by the screens that
show a chart, when they open (tests/test_import_hygiene.py keeps it off the start-up path).
The figures are also in a table beside every chart, for people who read numbers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import RenderResult
from textual_plotext import PlotextPlot


class BarChart(PlotextPlot):
    """Vertical bars, one per label; ``show`` replaces what is drawn."""

    DEFAULT_CSS = """
    BarChart { height: 1fr; min-height: 8; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.labels: list[str] = []
        self.values: list[float] = []
        self.title = ""
        self.value_text: Callable[[float], str] = lambda value: f"{value:g}"

    def show(
        self,
        labels: Sequence[str],
        values: Sequence[float],
        title: str = "",
        value_text: Callable[[float], str] = lambda value: f"{value:g}",
    ) -> None:
        """Bars of ``values``; the value axis has 0, half the top and the top, written by
        ``value_text`` (so amounts read as the country writes them)."""
        self.labels = list(labels)
        self.values = list(values)
        self.title = title
        self.value_text = value_text
        self.refresh()

    def render(self) -> RenderResult:
        # Drawn anew at every size: plotext keeps state of the last size between builds, so
        # a chart resized while the screen lays out would depend on the order of events.
        plot = self.plt
        plot.clear_data()
        plot.clear_figure()
        if self.title:
            plot.title(self.title)
        if self.labels:
            plot.bar(self.labels, self.values, width=0.6, marker="hd")
            # Labels set here, not left to plotext, whose choice depends on its global state.
            step = 1 if len(self.labels) <= 6 else 2
            shown = range(len(self.labels) - 1, -1, -step)  # the latest month always
            plot.xticks([i + 1 for i in shown], [self.labels[i] for i in shown])
            top = max(self.values, default=0.0)
            ticks = [0.0, top / 2, top] if top > 0 else [0.0]
            plot.yticks(ticks, [self.value_text(tick) for tick in ticks])
        return super().render()
