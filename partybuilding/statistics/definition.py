"""A form version's definition, read from its JSON: rows and columns, each a count over the
records ("count": what is counted, "where": on which facts), as `engine.py` evaluates them.

    {"slug": "3", "code": "3-BTCTW", "title": {"vi": …, "en": …}, "kind": "stock" | "flow",
     "layout": "compare" (this period, same period last year, %) | "table" (the columns below),
     "count": "members",              # the rows' count unless a row or a column names another
     "rows": [{"code": "I.1", "label": {…}, "indent": 1, "where": {"gender": ["F"]}},
              {"code": "II.1", "number": "1", …},   # printed "1"; codes are unique within a form
              {"code": "II.2.9", "label": {…}, "average": "age"},     # the average age
              {"code": "II", "label": {…}, "heading": true}, …],
     "columns": [{"code": "women", "label": {…}, "group": {…}, "where": {…}, "count": …},
                 {"code": "percent", "label": {…}, "percent": ["women", "total"]}],
     "checks": [{"sum": ["A", "B", "-C"], "equals": "D"}]}

A row's count and conditions hold for every column of it; a column adds its own (a cell is
the count of the row's conditions and the column's together). A row marked `"additive": false`
is not the sum of the children's figures (a transfer between two cells of a commune moves
nobody in or out of the commune), so the consistency check leaves it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .conditions import CONDITIONS, COUNTS


class DefinitionError(ValueError):
    """A definition that cannot be counted: what is wrong and where."""


@dataclass(frozen=True)
class Text:
    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi if (get_language() or "vi").startswith("vi") else self.en


@dataclass(frozen=True)
class Row:
    code: str
    label: Text
    count: str | None  # None: a heading
    where: dict[str, Any] = field(default_factory=dict)
    on: str = "end"  # a stock counted at the period's "end" or the day before its "start"
    indent: int = 0
    average: str = ""  # "age": the average age of those counted, not a count
    additive: bool = True
    heading: bool = False  # a heading has no figures; a row that is not a heading and counts nothing is not recorded
    number: str | None = None  # what the form prints in its first column, when not the code ("1" of section II)

    @property
    def printed(self) -> str:
        return self.code if self.number is None else self.number


@dataclass(frozen=True)
class Column:
    code: str
    label: Text
    group: Text | None = None
    count: str | None = None
    where: dict[str, Any] = field(default_factory=dict)
    percent: tuple[str, str] | None = None  # (part, whole): the part in % of the whole


@dataclass(frozen=True)
class Check:
    terms: tuple[tuple[int, str], ...]  # (+1 or -1, row code)
    equals: str


@dataclass(frozen=True)
class Definition:
    slug: str
    code: str
    title: Text
    kind: str  # "stock" or "flow"
    layout: str  # "compare" or "table"
    unit: Text
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    signature: dict[str, Text]
    note: Text | None
    checks: tuple[Check, ...]
    valid_from: dt.date
    valid_to: dt.date | None
    source: str

    @property
    def compare(self) -> bool:
        return self.layout == "compare"


def _text(value: Any, where: str) -> Text:
    if isinstance(value, str):
        return Text(value, value)
    if not isinstance(value, dict) or not isinstance(value.get("vi"), str) or not isinstance(value.get("en"), str):
        raise DefinitionError(_("%(where)s: a label needs its Vietnamese and English text.") % {"where": where})
    return Text(value["vi"], value["en"])


def _where(value: Any, count: str | None, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DefinitionError(_("%(where)s: “where” must be an object.") % {"where": where})
    for name in value:
        if name not in CONDITIONS:
            raise DefinitionError(_("%(where)s: unknown condition “%(name)s”.") % {"where": where, "name": name})
        if count is not None and count in COUNTS and name not in COUNTS[count].conditions:
            raise DefinitionError(
                _("%(where)s: the condition “%(name)s” does not apply to a count of “%(count)s”.")
                % {"where": where, "name": name, "count": count}
            )
    return dict(value)


def _count(value: Any, where: str) -> str:
    if value not in COUNTS:
        raise DefinitionError(_("%(where)s: unknown count “%(count)s”.") % {"where": where, "count": value})
    return str(value)


def _day(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DefinitionError(_("%(where)s: a date is written YYYY-MM-DD.") % {"where": where}) from exc


def parse(data: dict[str, Any]) -> Definition:
    """The definition of `data` (a form version's JSON), checked: every count and condition
    known, every column of a percent defined, every row of a check present."""
    if not isinstance(data, dict):
        raise DefinitionError(_("A definition is a JSON object."))
    slug = str(data.get("slug") or "")
    if not slug:
        raise DefinitionError(_("The definition names no form (“slug”)."))
    default_count = data.get("count")
    columns = []
    for n, raw in enumerate(data.get("columns") or [], start=1):
        where = _("column %(n)d") % {"n": n}
        count = _count(raw["count"], where) if raw.get("count") else None
        percent = tuple(raw["percent"]) if raw.get("percent") else None
        columns.append(
            Column(
                code=str(raw.get("code") or n),
                label=_text(raw.get("label"), where),
                group=_text(raw["group"], where) if raw.get("group") else None,
                count=count,
                where=_where(raw.get("where"), count, where),
                percent=percent,
            )
        )
    codes = {c.code for c in columns}
    for column in columns:
        if column.percent and (len(column.percent) != 2 or not set(column.percent) <= codes):
            raise DefinitionError(_("Column %(code)s: a percent names two columns of the form.") % {"code": column.code})
    rows = []
    for n, raw in enumerate(data.get("rows") or [], start=1):
        where = _("row %(n)d (%(code)s)") % {"n": n, "code": raw.get("code", "")}
        heading = bool(raw.get("heading"))
        not_recorded = raw.get("count") == "not_recorded"  # printed by the form, held by no record
        count = None
        if not heading and not not_recorded:
            name = raw.get("count") or default_count
            if name:
                count = _count(name, where)
            elif not (columns and all(c.count for c in columns)):
                raise DefinitionError(_("%(where)s: the row counts nothing (no “count”).") % {"where": where})
        rows.append(
            Row(
                code=str(raw.get("code", "")),
                label=_text(raw.get("label"), where),
                count=count,
                where=_where(raw.get("where"), count, where),
                on=raw.get("on", "end"),
                indent=int(raw.get("indent", 0)),
                average=str(raw.get("average", "")),
                additive=bool(raw.get("additive", True)) and not not_recorded,
                heading=heading,
                number=str(raw["number"]) if "number" in raw else None,
            )
        )
    if not rows:
        raise DefinitionError(_("The definition has no rows."))
    listed = [r.code for r in rows]
    if len(set(listed)) != len(listed):
        twice = sorted({c for c in listed if listed.count(c) > 1})
        raise DefinitionError(_("Row codes must differ: %(codes)s given twice.") % {"codes": ", ".join(twice)})
    for row in rows:
        for column in columns:
            count = column.count or row.count
            if row.heading or column.percent or count is None:
                continue
            for name in {**row.where, **column.where}:
                if name not in COUNTS[count].conditions:
                    raise DefinitionError(
                        _("Row %(row)s, column %(column)s: the condition “%(name)s” does not apply to a count of “%(count)s”.")
                        % {"row": row.code, "column": column.code, "name": name, "count": count}
                    )
    row_codes = {r.code for r in rows}
    checks = []
    for raw in data.get("checks") or []:
        terms = tuple((-1, t[1:]) if t.startswith("-") else (1, t) for t in raw["sum"])
        if not {code for _s, code in terms} | {raw["equals"]} <= row_codes:
            raise DefinitionError(_("A check names a row the form does not have."))
        checks.append(Check(terms, raw["equals"]))
    kind = data.get("kind")
    layout = data.get("layout")
    if kind not in ("stock", "flow") or layout not in ("compare", "table"):
        raise DefinitionError(_("“kind” is stock or flow; “layout” is compare or table."))
    if layout == "table" and not columns:
        raise DefinitionError(_("A form laid out as a table needs its columns."))
    signature = {key: _text(value, key) for key, value in (data.get("signature") or {}).items()}
    return Definition(
        slug=slug,
        code=str(data.get("code") or slug),
        title=_text(data.get("title"), "title"),
        kind=kind,
        layout=layout,
        unit=_text(data.get("unit") or {"vi": "Người", "en": "persons"}, "unit"),
        rows=tuple(rows),
        columns=tuple(columns),
        signature=signature,
        note=_text(data["note"], "note") if data.get("note") else None,
        checks=tuple(checks),
        valid_from=_day(data.get("valid_from"), "valid_from") or dt.date(2000, 1, 1),
        valid_to=_day(data.get("valid_to"), "valid_to"),
        source=str(data.get("source") or ""),
    )
