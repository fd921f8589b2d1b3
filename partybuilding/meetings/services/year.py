"""The year's plan of an organization in one step: what the rules ask of it."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user
from partybuilding.core.rules import rule_if_recorded
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from ..choices import CELL_KINDS, MeetingKind
from ..models import Meeting
from .base import RECORDS_RULE, audit_view

# Grassroots Party committees meet twice a year (HD 12-HD/BTCTW): mid-year and year end.
COMMITTEE_MONTHS = (6, 12)


def _on(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _wanted(org: Organization, year: int, day: int) -> list[tuple[MeetingKind, dt.date]]:
    if org.kind in CELL_KINDS:
        wanted = [(MeetingKind.REGULAR, _on(year, month, day)) for month in range(1, 13)]
        for quarter in range(1, 5):
            last_month = 3 * quarter
            found = rule_if_recorded("meeting.thematic_min_per_quarter", _on(year, last_month, 28))
            needed = int(found.value) if found else 0  # no thematic meetings asked before the rule
            # Thematic meetings in the quarter's last months, a fortnight after the regular one.
            wanted += [(MeetingKind.THEMATIC, _on(year, last_month - n, day + 14)) for n in range(needed)]
        return wanted
    if org.kind == OrgKind.GRASSROOTS_COMMITTEE:
        return [(MeetingKind.GRASSROOTS_COMMITTEE, _on(year, month, day)) for month in COMMITTEE_MONTHS]
    raise Refusal(_("Only cells and grassroots Party committees plan their meetings here."), rule=RECORDS_RULE)


def meetings_plan_year(*, actor: Any, organization: Organization, year: int, day: int = 5) -> list[Meeting]:
    """Plan the year's regular, thematic (or committee) meetings on a day of the month.
    A month that already has a meeting of the kind keeps it, so planning twice plans once."""
    if not 1 <= day <= 28:
        raise Refusal(_("Choose a day between 1 and 28."), rule=RECORDS_RULE, field="day")
    wanted = [
        (kind, date)
        for kind, date in _wanted(organization, year, day)
        if organization.founded_on <= date and (organization.dissolved_on is None or date < organization.dissolved_on)
    ]
    created = []
    with transaction.atomic():
        # One planner at a time per organization: two clicks do not plan the months twice.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        taken = set(Meeting.objects.filter(organization=organization, date__year=year).values_list("kind", "month"))
        for kind, date in wanted:
            month = date.replace(day=1)
            if (kind, month) in taken:
                continue
            taken.add((kind, month))
            meeting = Meeting.objects.create(
                organization=organization, org_path=organization.path, kind=kind, date=date, month=month,
                created_by=actor_user(actor),
            )  # fmt: skip
            audit_record(actor=actor, action="meeting.plan", obj=meeting, after=audit_view(meeting))
            created.append(meeting)
    return created
