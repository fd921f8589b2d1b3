"""The members' lines of the dashboard's attention list (`core.attention`): transfers
whose deadline passed, organizations that break the size rules of the Charter, badges due
on the next award date. Each is a few fixed queries whatever the size of the scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from partybuilding.core.attention import Item, link, register
from partybuilding.core.records import day_text
from partybuilding.organizations.models import Organization

from .badges import selectors as badges
from .committees.selectors import offenders_in
from .models import Member, Transfer
from .transfers.selectors import overdue_ids


def overdue_transfers(scope: Organization, today: dt.date, user: Any) -> Item:
    # One read: the running transfers of the scope, their deadlines worked out in Python.
    count = len(overdue_ids(Transfer.objects.visible_to(user).within(scope), today))
    return Item(
        _("Transfers overdue"),
        count,
        _("Letters not presented in time, temporary stays past their end."),
        link("transfer_list", overdue="1"),
    )


def badges_due(scope: Organization, today: dt.date, user: Any) -> Item:
    award_date = badges.next_award_date(today)
    count = badges.due(Member.objects.visible_to(user).within(scope), award_date).count()
    return Item(
        _("Party badges due on %(date)s") % {"date": day_text(award_date)},
        count,
        _("Members reaching 30, 40, 45… years of Party age who have not received that badge."),
        link("badge_due", award_date=day_text(award_date)),
    )


def size_rules(scope: Organization, today: dt.date, user: Any) -> Item:
    count = offenders_in(user, scope, today).count()
    return Item(
        _("Organizations breaking the size rules"),
        count,
        _("Official members and cell committees against the Charter's numbers."),
        link("committee_warnings"),
    )


@register
def attention_items(scope: Organization, today: dt.date, user: Any) -> list[Item]:
    return [overdue_transfers(scope, today, user), size_rules(scope, today, user), badges_due(scope, today, user)]
