"""Meeting quality: the province's scheme in force on the meeting's date, the measures the
record provides, and the score 0–100 with its level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .choices import CriterionKind, Level, Presence
from .models import Meeting, ScoringScheme

COUNTED = frozenset({CriterionKind.ATTENDANCE_RATE, CriterionKind.DURATION, CriterionKind.CONTRIBUTIONS})


def province_of(org: Organization) -> Organization | None:
    return Organization.objects.filter(path__in=paths.ancestor_paths(org.path), kind=OrgKind.PROVINCE).order_by("-path").first()


def scheme_in_force(org: Organization, day: dt.date) -> ScoringScheme:
    """The province's own latest scheme in force on `day`; else the default one."""
    province = province_of(org)
    in_force = ScoringScheme.objects.filter(effective_from__lte=day).prefetch_related("criteria").order_by("-effective_from")
    scheme = in_force.filter(province=province).first() if province else None
    scheme = scheme or in_force.filter(province__isnull=True).first()
    if scheme is None:
        raise Refusal(
            _("No meeting scoring scheme is in force on %(date)s.") % {"date": day_text(day)},
            rule=_("meeting scoring schemes of the province"),
        )
    return scheme


@dataclass(frozen=True)
class Measures:
    attendance_rate: int  # percent of the required members present
    duration: int
    contributions: int
    minutes_complete: bool
    resolution_adopted: bool

    def of(self, kind: str) -> int:
        return int(getattr(self, kind))


def measures(meeting: Meeting) -> Measures:
    rows = meeting.attendance.filter(required=True)
    required = rows.count()
    present = rows.filter(presence=Presence.PRESENT).count()
    contributions = meeting.attendance.aggregate(n=Sum("contributions"))["n"] or 0
    return Measures(
        attendance_rate=(present * 100 // required) if required else 0,
        duration=meeting.duration_minutes or 0,
        contributions=contributions,
        minutes_complete=meeting.minutes_complete,
        resolution_adopted=bool(meeting.resolution.strip()),
    )


def score(scheme: ScoringScheme, found: Measures) -> tuple[int, str]:
    total = 0
    full_where_needed = True
    for criterion in scheme.criteria.all():
        value = found.of(criterion.kind)
        threshold = max(criterion.threshold, 1)
        if value >= threshold:
            points = criterion.points
        elif criterion.kind in COUNTED:
            points = criterion.points * value // threshold
        else:
            points = 0
        if criterion.required_for_good and points < criterion.points:
            full_where_needed = False
        total += points
    total = min(total, 100)
    if total >= scheme.good_min and full_where_needed:
        level = Level.GOOD
    elif total >= scheme.fair_min:
        level = Level.FAIR
    elif total >= scheme.average_min:
        level = Level.AVERAGE
    else:
        level = Level.POOR
    return total, level
