"""Dues: this month's dues not yet paid, and the months in arrears, to the member, on the
rule's day of the month."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, F, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuilding.dues.models import Charge
from partybuilding.dues.services.charges import OWING  # what dues call outstanding
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member

from ..choices import NoticeKind
from ..recipients import MEMBER_FIELDS, member_recipient
from . import Area, Found, source


def trigger_day(day: dt.date, days: int) -> dt.date:
    """The rule's day of `day`'s month (its last day when the month is shorter)."""
    return day.replace(day=max(1, min(days, calendar.monthrange(day.year, day.month)[1])))


@source(NoticeKind.DUES_DUE, default_days=10, days_meaning=_("day of the month"))
def due_this_month(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """On the rule's day of the month: each member in the list whose dues of the month are
    not paid in full (one query over the partial index of owing charges)."""
    if day != trigger_day(day, days):
        return
    month = day.replace(day=1)
    rows = (
        Charge.objects.filter(OWING, area.q(), month=month, member__status__in=IN_LIST)
        .order_by("member_id")
        .values_list("member_id", "member__user_id", "member__organization_id", "member__org_path", "due", "paid")
    )
    link = reverse("dues_me")
    params_month = month.isoformat()
    for member_id, user_id, org_id, path, due, paid in rows.iterator(chunk_size=5000):
        recipient = member_recipient(member_id, user_id, org_id, path)
        yield Found(f"dues:{params_month}", day, recipient, {"month": params_month, "amount": due - paid}, link)


@source(NoticeKind.DUES_ARREARS, default_days=10, days_meaning=_("day of the month"))
def arrears(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """On the rule's day of the month: each member in the list owing for months that have
    ended, with the number of months and the amount."""
    if day != trigger_day(day, days):
        return
    owing = Charge.objects.filter(OWING, area.q(), month__lt=day.replace(day=1)).order_by().values("member_id")
    per_member = {r["member_id"]: (r["months"], r["owed"]) for r in owing.annotate(months=Count("pk"), owed=Sum(F("due") - F("paid")))}
    members = Member.objects.filter(pk__in=owing.values("member_id"), status__in=IN_LIST).order_by("pk")
    link = reverse("dues_me")
    for member_id, user_id, org_id, path in members.values_list(*MEMBER_FIELDS).iterator(chunk_size=5000):
        months, owed = per_member[member_id]
        recipient = member_recipient(member_id, user_id, org_id, path)
        yield Found(f"arrears:{day.replace(day=1).isoformat()}", day, recipient, {"months": months, "amount": owed}, link)
