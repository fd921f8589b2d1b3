"""Notices and notification rules for the permission matrix and the scope crawl: a notice
of a given user (their own, or a stranger's), a rule of an organization."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.notifications.choices import NoticeKind
from partybuilding.notifications.models import Notice, NotificationRule
from partybuilding.organizations.models import Organization


def rule_in(org: Organization) -> NotificationRule:
    rule, _created = NotificationRule.objects.get_or_create(
        kind=NoticeKind.DUES_DUE, organization=org, valid_from=dt.date(2026, 1, 1), defaults={"org_path": org.path, "days": 5}
    )
    return rule


def notice_of(user: Any, org: Organization) -> Notice:
    """A dues notice of `user`, issued in `org` (for a user of no member record: the officer's kind)."""
    notice, _created = Notice.objects.get_or_create(
        rule=rule_in(org),
        object_key="dues:2026-11-01",
        recipient=f"u:{user.pk}",
        day=dt.date(2026, 11, 10),
        defaults={
            "kind": NoticeKind.DUES_DUE,
            "issued_on": dt.date(2026, 11, 10),
            "user": user,
            "organization": org,
            "org_path": org.path,
            "params": {"month": "2026-11-01", "amount": 50_000},
            "link": "/dues/me/",
        },
    )
    return notice
