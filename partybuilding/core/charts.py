"""Charts drawn on the server as inline SVG, for every app that shows figures.

No JavaScript library and no CDN: the same markup goes into the page (any browser, no
script) and into the PDF (WeasyPrint draws SVG itself). Each chart is a fixed-width
viewBox drawn at width 100%, so it scales with its card; sizes below are in viewBox
units, chosen so that text stays about 13 px on a 360 px phone.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

WIDTH = 360
FONT = 16
FONT_FAMILY = "DejaVu Sans, Noto Sans, system-ui, sans-serif"
# Average advances in DejaVu Sans, as a share of the font size (measured on rendered
# charts): text is not measured on the server, so labels are shortened by estimate.
CHAR_WIDTH = 0.55
BOLD_DIGIT_WIDTH = 0.6
# The site's red and gold first, then colours that stay apart for the common colour blindnesses.
PALETTE = ["#a4161a", "#e9b949", "#2f6690", "#3a7d44", "#7b4b94", "#d9822b", "#0e7c86", "#59636e"]
TRACK = "#eef1f4"
INK = "#1f2328"
MUTED = "#59636e"


class Figure(Protocol):
    """What a chart needs of a figure (members.records.selectors.Figure has it)."""

    label: str
    value: int


def number(n: int) -> str:
    """A count in the active language's form: 20.002 in Vietnamese, 20,002 in English."""
    return number_format(n, force_grouping=True)


def percent(value: Decimal | float) -> str:
    """A percentage in the active language's form: "101,22 %" in Vietnamese, "101.22%" in English."""
    return pgettext("percentage", "%(number)s%%") % {"number": number_format(value, 2, force_grouping=True)}


def share(part: int, whole: int) -> str:
    """A percentage for a label: whole numbers, and "<1%" rather than a misleading 0%."""
    if whole <= 0:
        return ""
    pct = 100 * part / whole
    if 0 < pct < 1:
        return "<1%"
    return f"{round(pct)}%"


def _fit(text: str, room: float) -> tuple[str, int]:
    """The label and its font size: a slightly smaller size before cutting it short (the
    whole label stays in the tooltip and the description)."""
    for size in (FONT, FONT - 2):
        if len(text) * size * CHAR_WIDTH <= room:
            return text, size
    fits = int(room / (size * CHAR_WIDTH))
    return text[: max(fits - 1, 1)] + "…", size


def _label(x: float, y: float, text: str, room: float) -> str:
    label, size = _fit(text, room)
    sized = f' font-size="{size}"' if size != FONT else ""
    return f'<text x="{x:g}" y="{y:g}"{sized} fill="{INK}">{escape(label)}</text>'


def _chart_id(kind: str, title: str, figures: Sequence[Figure]) -> str:
    # Derived from the content, so the markup is reproducible; two identical charts on
    # one page would share an id, which costs nothing but a duplicate label.
    seed = "|".join([kind, title, *(f"{f.label}={f.value}" for f in figures)])
    return "c" + hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:10]


def _svg(
    chart_id: str,
    title: str,
    figures: Sequence[Figure],
    whole: int,
    height: float,
    body: list[str],
    *,
    linked: bool = False,
    desc: str | None = None,
) -> SafeString:
    # <title> and <desc> give screen readers the chart as text: every figure with its value.
    # role="img" would hide the links inside from them, so a linked chart keeps SVG's own role.
    role = "" if linked else ' role="img"'
    if desc is None:
        desc = "; ".join(f"{f.label}: {number(f.value)}" + (f" ({share(f.value, whole)})" if whole else "") for f in figures)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:g}" width="100%"'
        f'{role} aria-labelledby="{chart_id}-t {chart_id}-d" font-family="{FONT_FAMILY}" font-size="{FONT}">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc or _("No data"))}</desc>',
        *body,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 — every text and attribute value above is escaped


def _linked(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _empty(chart_id: str, title: str) -> SafeString:
    body = [f'<text x="{WIDTH / 2:g}" y="28" text-anchor="middle" fill="{MUTED}">{escape(_("No data"))}</text>']
    return _svg(chart_id, title, [], 0, 44, body)


def bar_chart(
    figures: Sequence[Figure],
    title: str,
    *,
    whole: int | None = None,
    hrefs: Sequence[str | None] | None = None,
    color: str = PALETTE[0],
) -> SafeString:
    """Horizontal bars, one row per figure: the label and the value (with its share of
    `whole`, by default the sum) on a line, the bar under it across the full width, so a
    long label never squeezes the bar on a phone."""
    chart_id = _chart_id("bar", title, figures)
    if not figures:
        return _empty(chart_id, title)
    whole = sum(f.value for f in figures) if whole is None else whole
    top = max(f.value for f in figures) or 1
    row, bar = 44, 12
    body: list[str] = []
    for i, figure in enumerate(figures):
        y = i * row
        value = number(figure.value) + (f" · {share(figure.value, whole)}" if whole else "")
        length = WIDTH * figure.value / top
        inner = "".join(
            [
                f"<title>{escape(figure.label)}: {escape(value)}</title>",
                _label(0, y + 17, figure.label, WIDTH - len(value) * FONT * BOLD_DIGIT_WIDTH - 10),
                f'<text x="{WIDTH}" y="{y + 17}" text-anchor="end" fill="{INK}" font-weight="bold">{escape(value)}</text>',
                f'<rect x="0" y="{y + 24}" width="{WIDTH}" height="{bar}" rx="3" fill="{TRACK}"/>',
                f'<rect x="0" y="{y + 24}" width="{max(length, 2):.1f}" height="{bar}" rx="3" fill="{color}"/>' if figure.value else "",
            ]
        )
        body.append(f'<g class="bar">{_linked(hrefs[i] if hrefs else None, inner)}</g>')
    return _svg(chart_id, title, figures, whole, len(figures) * row, body, linked=bool(hrefs))


def _slice(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    """The path of a ring sector between two angles (radians, clockwise from 12 o'clock)."""

    def point(r: float, a: float) -> str:
        return f"{cx + r * math.sin(a):.2f} {cy - r * math.cos(a):.2f}"

    large = 1 if end - start > math.pi else 0
    return (
        f"M {point(outer, start)} A {outer} {outer} 0 {large} 1 {point(outer, end)} "
        f"L {point(inner, end)} A {inner} {inner} 0 {large} 0 {point(inner, start)} Z"
    )


def donut_chart(
    figures: Sequence[Figure],
    title: str,
    *,
    hrefs: Sequence[str | None] | None = None,
    colors: Sequence[str] = PALETTE,
) -> SafeString:
    """A ring of shares with the total in its middle and a legend beside it; the legend
    carries every value and share in words, so colour is never the only cue."""
    chart_id = _chart_id("donut", title, figures)
    whole = sum(f.value for f in figures)
    if not figures or whole == 0:
        return _empty(chart_id, title)
    cx = cy = outer = 60
    inner = 37
    body: list[str] = []
    start = 0.0
    for i, figure in enumerate(figures):
        if not figure.value:
            continue
        color = colors[i % len(colors)]
        tip = f"<title>{escape(figure.label)}: {number(figure.value)} ({share(figure.value, whole)})</title>"
        if figure.value == whole:  # a single full ring: an arc cannot close on itself
            shape = f'<circle cx="{cx}" cy="{cy}" r="{(outer + inner) / 2}" fill="none" stroke="{color}" stroke-width="{outer - inner}"/>'
        else:
            end = start + 2 * math.pi * figure.value / whole
            shape = f'<path d="{_slice(cx, cy, outer, inner, start, end)}" fill="{color}"/>'
            start = end
        body.append(f'<g class="slice">{_linked(hrefs[i] if hrefs else None, tip + shape)}</g>')
    total = number(whole)
    size = min(20, int(2 * inner * 0.9 / (len(total) * BOLD_DIGIT_WIDTH)))  # the total fits inside the ring
    body.append(
        f'<text x="{cx}" y="{cy + size * 0.35:g}" text-anchor="middle" font-size="{size}" font-weight="bold" fill="{INK}">{total}</text>'
    )
    # Label and value on two lines: the legend then holds ~22 characters on a phone.
    legend_x, line = 2 * outer + 16, 42
    legend_top = max(cy - len(figures) * line / 2, 0)
    for i, figure in enumerate(figures):
        y = legend_top + i * line
        value = f"{number(figure.value)} · {share(figure.value, whole)}"
        body.append(
            f'<rect x="{legend_x}" y="{y + 4:g}" width="15" height="15" rx="2" fill="{colors[i % len(colors)]}"/>'
            + _label(legend_x + 22, y + 17, figure.label, WIDTH - legend_x - 22)
            + f'<text x="{legend_x + 22}" y="{y + 36:g}" font-weight="bold" fill="{INK}">{escape(value)}</text>'
        )
    height = max(2 * outer, legend_top + len(figures) * line) + 2
    return _svg(chart_id, title, figures, whole, height, body, linked=bool(hrefs))


def column_chart(
    figures: Sequence[Figure],
    title: str,
    *,
    targets: Sequence[int | None] | None = None,
    color: str = PALETTE[0],
    value_label: str | None = None,
    target_label: str | None = None,
) -> SafeString:
    """Upright columns in order (years, months), each with its value above it and, when
    `targets` are given, the target as a dark mark across the column: the column reaching
    past the mark met its target. Values stay in the tooltips and the description when
    there are too many columns to print them."""
    chart_id = _chart_id("column", title, figures)
    if not figures:
        return _empty(chart_id, title)
    marks = list(targets) if targets is not None else [None] * len(figures)
    top = max([f.value for f in figures] + [t or 0 for t in marks]) or 1
    legend, label_row, plot = (26 if targets is not None else 0), 24, 150
    base = legend + 20 + plot  # 20: room for the values above the tallest column
    slot = WIDTH / len(figures)
    width = slot * 0.62
    size = FONT if slot >= 44 else FONT - 4
    show_values = len(max((number(f.value) for f in figures), key=len)) * size * BOLD_DIGIT_WIDTH <= slot
    # Labels along the axis at one size that fits them all (down to 10), every other one if not.
    longest = max(len(f.label) for f in figures)
    label_size = max(10, min(size, int((slot - 2) / (longest * CHAR_WIDTH))))
    label_every = 1 if longest * label_size * CHAR_WIDTH <= slot - 2 else 2
    target_name = target_label or _("Target")
    body: list[str] = []
    if targets is not None:
        body.append(
            f'<rect x="0" y="4" width="15" height="15" rx="2" fill="{color}"/>'
            f'<text x="22" y="17" fill="{INK}">{escape(value_label or _("Actual"))}</text>'
            f'<rect x="{WIDTH / 2:g}" y="10" width="22" height="3" fill="{INK}"/>'
            f'<text x="{WIDTH / 2 + 30:g}" y="17" fill="{INK}">{escape(target_name)}</text>'
        )
    for i, (figure, target) in enumerate(zip(figures, marks, strict=True)):
        x = i * slot + (slot - width) / 2
        middle = i * slot + slot / 2
        height = plot * figure.value / top
        tip = f"{figure.label}: {number(figure.value)}" + (f" / {number(target)}" if target is not None else "")
        parts = [f"<title>{escape(tip)}</title>"]
        if figure.value:
            parts.append(
                f'<rect x="{x:.1f}" y="{base - max(height, 2):.1f}" width="{width:.1f}" height="{max(height, 2):.1f}" fill="{color}"/>'
            )
        mark = plot * target / top if target is not None else 0
        if target is not None:
            parts.append(f'<rect x="{x - 3:.1f}" y="{base - mark - 1.5:.1f}" width="{width + 6:.1f}" height="3" fill="{INK}"/>')
        if show_values:  # above the column and its target mark, whichever is higher
            parts.append(
                f'<text x="{middle:.1f}" y="{base - max(height, mark) - 6:.1f}" text-anchor="middle" font-size="{size}"'
                f' font-weight="bold" fill="{INK}">{number(figure.value)}</text>'
            )
        if i % label_every == 0:
            label = (
                figure.label
                if label_every == 1 or len(figure.label) * label_size * CHAR_WIDTH <= 2 * slot
                else _fit(figure.label, 2 * slot)[0]
            )
            parts.append(
                f'<text x="{middle:.1f}" y="{base + 18}" text-anchor="middle" font-size="{label_size}"'
                f' fill="{MUTED}">{escape(label)}</text>'
            )
        body.append(f'<g class="column">{"".join(parts)}</g>')
    body.append(f'<rect x="0" y="{base}" width="{WIDTH}" height="1" fill="{MUTED}"/>')
    desc = "; ".join(
        f"{f.label}: {number(f.value)}" + (f" ({target_name} {number(t)})" if t is not None else "")
        for f, t in zip(figures, marks, strict=True)
    )
    return _svg(chart_id, title, figures, 0, base + label_row, body, desc=desc)
