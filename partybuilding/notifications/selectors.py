"""Reads: a user's own notices (only ever their own), the bell's count, the rules a user
sees, and a cell's notices of a day for its printed list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404

from partybuilding.core import paths
from partybuilding.core.scope import Action, visible_or_404
from partybuilding.core.text import search_key

from .models import Notice, NotificationRule


def my_notices(user: Any, *, q: str = "", kind: str = "", unread: bool | None = None) -> QuerySet[Notice]:
    rows = Notice.objects.filter(user=user)
    if q:
        rows = rows.filter(search__contains=search_key(q))
    if kind:
        rows = rows.filter(kind=kind)
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    return rows.order_by("-id")


def unread_count(user: Any) -> int:
    """The bell: one count over the partial index of unread notices."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def my_notice_or_404(user: Any, pk: Any) -> Notice:
    """One of the user's own notices; anyone else's is missing (404)."""
    try:
        return Notice.objects.get(pk=int(pk), user=user)
    except (Notice.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def rules_for(user: Any, org: Any) -> QuerySet[NotificationRule]:
    """The rules that decide in `org`: those everywhere, of its line above it and of its subtree."""
    line = Q(org_path="") | Q(org_path__in=paths.ancestor_paths(org.path))
    below = NotificationRule.objects.visible_to(user, Action.VIEW).within(org).values("pk")
    return NotificationRule.objects.filter(line | Q(pk__in=below)).select_related("organization")


def rule_or_404(user: Any, pk: Any) -> NotificationRule:
    return visible_or_404(NotificationRule.objects.all(), user, pk, Action.MANAGE_MEMBERS)


def day_notices(org: Any, day: dt.date) -> QuerySet[Notice]:
    """The notices issued on `day` to the members of `org`'s subtree (a cell's printed list
    and its export), members without an account first: they need the paper."""
    rows = Notice.objects.filter(paths.subtree_q(org.path, "org_path"), issued_on=day, member__isnull=False)
    return rows.select_related("member", "organization").order_by(
        "organization__path", F("user_id").asc(nulls_first=True), "member__sort_key", "pk"
    )
