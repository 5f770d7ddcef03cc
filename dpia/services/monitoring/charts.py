"""Geometry of server-rendered SVG charts. Pure: templates draw what these functions measure."""

from dataclasses import dataclass

PANEL_WIDTH = 300
PANEL_HEIGHT = 150
PLOT_LEFT = 36
PLOT_TOP = 28
PLOT_WIDTH = 250
PLOT_HEIGHT = 88


@dataclass(frozen=True)
class Bar:
    """One bar: its box in chart units and what it stands for."""

    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Panel:
    """One small chart: a group's counts over time."""

    x: int
    y: int
    title: str
    bars: list[Bar]
    first_label: str
    last_label: str


@dataclass(frozen=True)
class SmallMultiples:
    """A grid of panels sharing one vertical scale, so groups can be compared by eye."""

    width: int
    height: int
    maximum: int
    panels: list[Panel]
    plot_left: int = PLOT_LEFT
    plot_top: int = PLOT_TOP
    plot_width: int = PLOT_WIDTH
    plot_height: int = PLOT_HEIGHT


def small_multiples(
    series: list[tuple[str, list[int]]], periods: list[str], columns: int = 3
) -> SmallMultiples:
    """Bar charts of each series over the periods, one panel per series."""
    columns = max(1, min(columns, len(series)))
    maximum = max([1, *(v for _, values in series for v in values)])
    step = PLOT_WIDTH / max(1, len(periods))
    panels = []
    for i, (title, values) in enumerate(series):
        bars = []
        for j, value in enumerate(values):
            height = PLOT_HEIGHT * value / maximum
            bars.append(
                Bar(
                    x=round(PLOT_LEFT + j * step + step * 0.1, 2),
                    y=round(PLOT_TOP + PLOT_HEIGHT - height, 2),
                    width=round(step * 0.8, 2),
                    height=round(height, 2),
                    label=f"{title}, {periods[j]}: {value:,}",
                )
            )
        panels.append(
            Panel(
                x=(i % columns) * PANEL_WIDTH,
                y=(i // columns) * PANEL_HEIGHT,
                title=title if len(title) <= 44 else title[:43] + "…",
                bars=bars,
                first_label=periods[0] if periods else "",
                last_label=periods[-1] if len(periods) > 1 else "",
            )
        )
    rows = -(-len(series) // columns)
    width, height = columns * PANEL_WIDTH, rows * PANEL_HEIGHT
    return SmallMultiples(width=width, height=height, maximum=maximum, panels=panels)
