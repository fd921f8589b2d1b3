"""The dashboard's charts: the drawing lives in `partybuilding.core.charts` (floor 0), so
that every app can draw its figures; this module keeps the names the dashboard uses."""

from partybuilding.core.charts import (
    BOLD_DIGIT_WIDTH,
    CHAR_WIDTH,
    FONT,
    FONT_FAMILY,
    INK,
    MUTED,
    PALETTE,
    TRACK,
    WIDTH,
    Figure,
    bar_chart,
    donut_chart,
    number,
    share,
)

__all__ = [
    "BOLD_DIGIT_WIDTH",
    "CHAR_WIDTH",
    "FONT",
    "FONT_FAMILY",
    "INK",
    "MUTED",
    "PALETTE",
    "TRACK",
    "WIDTH",
    "Figure",
    "bar_chart",
    "donut_chart",
    "number",
    "share",
]
