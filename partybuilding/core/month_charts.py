"""A figure month by month (a collection rate, a quality score) as a server-drawn SVG, in
the page and in the PDF alike: one row per month, the bar measured against a fixed top
(100 for a percentage or a score), so that a poor month looks poor whatever the others."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .charts import INK, MUTED, PALETTE, TRACK, WIDTH, _svg


@dataclass(frozen=True)
class MonthFigure:
    month: dt.date
    value: float | None  # None: nothing to measure that month (no dues charged, no meeting scored)
    note: str = ""  # what the value stands on, for the tooltip ("3 meetings")

    @property
    def label(self) -> str:
        return f"{self.month:%m/%Y}"


def value_text(value: float | None, unit: str = "") -> str:
    """The value in the page's language (Vietnamese `95,5`), "—" when there is none."""
    if value is None:
        return "—"
    return number_format(round(value, 1), decimal_pos=1 if value != int(value) else 0) + unit


def month_chart(figures: Sequence[MonthFigure], title: str, *, top: float = 100, unit: str = "", color: str = PALETTE[0]) -> SafeString:
    """One row a month: the month and its value on a line, the bar under it out of `top`."""
    seed = "|".join([title, *(f"{f.label}={f.value}" for f in figures)])
    chart_id = "m" + hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:10]
    measured = [f for f in figures if f.value is not None]
    row, bar = 40, 10
    body: list[str] = []
    for i, figure in enumerate(figures):
        y = i * row
        text = value_text(figure.value, unit)
        tip = f"{figure.label}: {text}" + (f" ({figure.note})" if figure.note else "")
        length = WIDTH * min(max(figure.value or 0, 0), top) / top
        filled = f'<rect x="0" y="{y + 22}" width="{max(length, 2):.1f}" height="{bar}" rx="3" fill="{color}"/>' if figure.value else ""
        body.append(
            f'<g class="bar"><title>{escape(tip)}</title>'
            f'<text x="0" y="{y + 16}" fill="{INK}">{escape(figure.label)}</text>'
            f'<text x="{WIDTH}" y="{y + 16}" text-anchor="end" fill="{INK}" font-weight="bold">{escape(text)}</text>'
            f'<rect x="0" y="{y + 22}" width="{WIDTH}" height="{bar}" rx="3" fill="{TRACK}"/>{filled}</g>'
        )
    if not measured:
        body = [f'<text x="{WIDTH / 2:g}" y="28" text-anchor="middle" fill="{MUTED}">{escape(_("No data"))}</text>']
    height = len(figures) * row if measured else 44
    desc = "; ".join(f"{f.label}: {value_text(f.value, unit)}" for f in figures) if measured else ""  # every month, for screen readers
    return _svg(chart_id, title, [], 0, height, body, desc=desc)
