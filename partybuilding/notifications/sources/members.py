"""Party badges due at the next award day, for the committees that propose them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from partybuilding.accounts.models import RoleAssignment
from partybuilding.core import paths
from partybuilding.members.badges.selectors import due, upcoming_award_dates
from partybuilding.members.models import Member

from ..choices import NoticeKind
from ..recipients import COMMITTEE, officers_of
from . import Area, Found, source


@source(NoticeKind.BADGES_DUE, default_days=45, days_meaning=_("days before the award day"))
def badges_due(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Within `days` of an award day: to the organizing officers and standing committee of
    each organization of the area, how many of its subtree's members are due a badge."""
    awards = [a for a in upcoming_award_dates(day) if day < a <= day + dt.timedelta(days=days)]
    if not awards:
        return
    held = RoleAssignment.objects.filter(area.q("organization__path"), role__in=COMMITTEE, revoked_at__isnull=True)
    organizations = set(held.values_list("organization_id", "organization__path", "organization__name"))
    officers = officers_of({(org_id, path) for org_id, path, _name in organizations}, COMMITTEE)
    for award in awards:
        for org_id, path, name in sorted(organizations, key=lambda o: o[1]):
            count = due(Member.objects.filter(paths.subtree_q(path, "org_path")), award).count()
            if not count:
                continue
            params = {"award": award.isoformat(), "count": count, "organization": name}
            link = reverse("badge_due") + "?" + urlencode({"within": org_id})
            for recipient in officers.get(org_id, []):
                yield Found(f"badges:{award.isoformat()}:{org_id}", award - dt.timedelta(days=days), recipient, params, link, name)
