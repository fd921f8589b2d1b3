"""The narrative line of the provinces' reports, for any scope and period, in the reader's
language with its number forms ("1.090 đảng viên", "103,4 %"): who was inspected and
supervised, what the commissions found, and the discipline of organizations and members
compared with the same period last year (the previous term for a term)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partybuilding.core.charts import number

from .counting import Line, Table, percent_of, percent_text
from .definitions import MEMBER_FORMS, ORGANIZATION_FORMS
from .periods import ReportPeriod


def _lowered(label: Any) -> str:
    text = str(label)
    return text[:1].lower() + text[1:]


def _by_form(figures: dict[str, Line], prefix: str, codes: tuple[str, ...]) -> str:
    """ "reprimand 789, warning 207, …": the forms decided, those with none left out."""
    parts = [f"{_lowered(figures[f'{prefix}.{code}'].label)} {number(figures[f'{prefix}.{code}'].this)}" for code in codes]
    return ", ".join(part for part, code in zip(parts, codes, strict=True) if figures[f"{prefix}.{code}"].this)


def _compared(line: Line, table: Table) -> str:
    """ ", 103,4 % compared to the same period last year" — nothing when last year had none."""
    pct = percent_of(line.this, line.last)
    if pct is None:
        return ""
    if table.period.kind == ReportPeriod.TERM:
        return _(", %(percent)s compared to the previous term") % {"percent": percent_text(pct)}
    return _(", %(percent)s compared to the same period last year") % {"percent": percent_text(pct)}


def _organizations(table: Table, figures: dict[str, Line]) -> str:
    total = figures["organizations.total"]
    if not total.this:
        return _("No Party organization was disciplined.")
    forms = _by_form(figures, "organizations.form", tuple(ORGANIZATION_FORMS))
    text = ngettext(
        "Disciplinary action against %(total)s Party organization (%(forms)s)%(compared)s.",
        "Disciplinary action against %(total)s Party organizations (%(forms)s)%(compared)s.",
        total.this,
    )
    return text % {
        "total": number(total.this),
        "forms": forms,
        "compared": _compared(total, table),
    }


def _members(table: Table, figures: dict[str, Line]) -> str:
    total = figures["members.total"]
    if not total.this:
        return _("No Party member was disciplined.")
    committee = figures["members.committee"]
    text = ngettext(
        "Disciplinary action against %(total)s Party member (%(forms)s)%(compared)s, including %(committee)s committee members (%(share)s).",
        "Disciplinary action against %(total)s Party members (%(forms)s)%(compared)s, including %(committee)s committee members (%(share)s).",
        total.this,
    )
    return text % {
        "total": number(total.this),
        "forms": _by_form(figures, "members.form", tuple(MEMBER_FORMS)),
        "compared": _compared(total, table),
        "committee": number(committee.this),
        "share": percent_text(committee.share),
    }


def narrative(table: Table, scope: Any) -> list[str]:
    """The summary's sentences (`table` is the summary counted)."""
    f = table.figures()
    inspected = _(
        "In %(period)s, the Party committees of %(scope)s inspected %(organizations)s Party organizations and %(members)s Party members"
        " (including %(committee)s committee members) and supervised %(supervised_organizations)s Party organizations and"
        " %(supervised_members)s Party members."
    ) % {
        "period": table.period.label(),
        "scope": scope.name,
        "organizations": number(f["committee_inspected.organizations"].this),
        "members": number(f["committee_inspected.members"].this),
        "committee": number(f["committee_inspected.committee_members"].this),
        "supervised_organizations": number(f["committee_supervised.organizations"].this),
        "supervised_members": number(f["committee_supervised.members"].this),
    }
    signs = _(
        "The inspection commissions inspected %(organizations)s Party organizations and %(members)s Party members on signs of"
        " violation; violations were found in %(violations)s cases and discipline was required in %(required)s."
    ) % {
        "organizations": number(f["signs.organizations"].this),
        "members": number(f["signs.members"].this),
        "violations": number(f["signs.violation"].this),
        "required": number(f["signs.required"].this),
    }
    return [inspected, signs, _organizations(table, f), _members(table, f)]
