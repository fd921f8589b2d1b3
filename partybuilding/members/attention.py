"""The dashboard's attention list: what in the scope needs someone to act.

Transfers whose deadline passed, badges due on the next award date, organizations that
break the size rules of the Charter. Each item is a few fixed queries whatever the size
of the scope: the dashboard costs the same for a cell and for the country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partybuilding.accounts.policy import Action, can, grants
from partybuilding.organizations.models import Organization

from . import badges, committees, transfers
from .models import Member
from .selectors import in_subtree


@dataclass(frozen=True)
class Item:
    """One line of the list: what it is, how many (or a detail), and where to act on it."""

    label: str
    count: int | None = None
    detail: str = ""
    url: str = ""


AttentionItem = Item


def overdue_transfers(scope: Organization, today: dt.date, user: Any) -> Item:
    # One read: the running transfers of the scope, their deadlines worked out in Python.
    count = len(transfers.overdue_ids(transfers.of_scope(transfers.visible_transfers(user), scope), today))
    return Item(
        _("Transfers overdue"),
        count,
        _("Letters not presented in time, temporary stays past their end."),
        _url("transfer_list", overdue="1"),
    )


def badges_due(scope: Organization, today: dt.date, user: Any) -> Item:
    award_date = badges.next_award_date(today)
    members = in_subtree(Member.objects.visible_to(user), scope)
    count = badges.due(members, award_date).count()
    return Item(
        _("Party badges due on %(date)s") % {"date": award_date.strftime("%d/%m/%Y")},
        count,
        _("Members reaching 30, 40, 45… years of Party age who have not received that badge."),
        _url("badge_due", award_date=award_date.strftime("%d/%m/%Y")),
    )


def size_rules(scope: Organization, today: dt.date, user: Any) -> Item:
    orgs = Organization.objects.visible_to(user, Action.VIEW_MEMBERS).subtree(scope)
    count = committees.offenders(orgs, today).count()
    return Item(
        _("Organizations breaking the size rules"),
        count,
        _("Official members and cell committees against the Charter's numbers."),
        _url("committee_warnings"),
    )


# Other apps (admissions…) add their own lines: provider(scope, today, user) -> list[Item].
_PROVIDERS: list[Callable[[Organization, dt.date, Any], list[Item]]] = []


def register(provider: Callable[[Organization, dt.date, Any], list[Item]]) -> None:
    _PROVIDERS.append(provider)


def _url(name: str, **query: str) -> str:
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def attention(scope: Organization, today: dt.date, user: Any) -> list[Item]:
    """The items of `scope`'s subtree that `user` may see, most urgent first; an item with
    nothing to act on is left out."""
    if not can(user, Action.VIEW_MEMBERS, scope):
        return []
    items = [overdue_transfers(scope, today, user), size_rules(scope, today, user), badges_due(scope, today, user)]
    for provider in _PROVIDERS:
        items += provider(scope, today, user)
    return [item for item in items if item.count]


# At national scale counting takes seconds (bench/README.md), so the dashboard shows the list
# as counted a few minutes ago, says when, and counts again on request.
COUNTED_FOR_SECONDS = 300


def attention_counted(scope: Organization, today: dt.date, user: Any, *, fresh: bool = False) -> tuple[list[Item], dt.datetime]:
    """The attention list and when it was counted: the same user's list of the same scope
    is counted at most once in COUNTED_FOR_SECONDS, unless `fresh`."""
    who = "superuser" if getattr(user, "is_superuser", False) else "|".join(sorted(f"{role}@{path}" for role, _id, path in grants(user)))
    key = f"attention:{scope.pk}:{today.isoformat()}:{get_language()}:{who}"
    found = None if fresh else cache.get(key)
    if found is None:
        found = (attention(scope, today, user), timezone.now())
        cache.set(key, found, COUNTED_FOR_SECONDS)
    return found
