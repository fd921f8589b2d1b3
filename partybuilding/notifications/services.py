"""Every write of the notifications app, each in one transaction with its audit entry
(the daily run and the sending are in generation.py and delivery.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.scope import Action, require

from .models import Notice, NotificationRule, Preference

RULE_FIELDS = ("kind", "organization", "days", "valid_from", "valid_to", "active")


def notice_read(*, actor: Any, notice: Notice) -> Notice:
    """Mark one of the actor's notices read (already read: nothing changes). Reading one's
    own notice is not audited: it is the notice's own state, not a record's."""
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
    return notice


def notices_read_all(*, actor: Any) -> int:
    """Mark all the actor's unread notices read; how many were."""
    return Notice.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


def preference_set(*, actor: Any, email: str, language: str) -> Preference:
    with transaction.atomic():
        preference, _created = Preference.objects.select_for_update().get_or_create(user=actor)
        before = snapshot(preference, ["email", "language"])
        preference.email, preference.language = email, language
        preference.save(update_fields=["email", "language", "updated_at"])
        audit_record(
            actor=actor, action="notifications.preference", obj=preference, before=before, after=snapshot(preference, ["email", "language"])
        )
    return preference


def _check_rule(*, actor: Any, organization: Any, days: int, valid_from: dt.date, valid_to: dt.date | None) -> None:
    if organization is None:
        if not getattr(actor, "is_superuser", False):
            raise Refusal(_("Only an administrator of the whole system sets the rules in force everywhere."), field="organization")
    else:
        require(actor, Action.MANAGE_MEMBERS, organization)
    if valid_to is not None and valid_to < valid_from:
        raise Refusal(_("The end of the rule cannot come before its start."), field="valid_to")
    if days > 366:
        raise Refusal(_("At most 366 days."), field="days")


def rule_create(
    *, actor: Any, kind: str, organization: Any, days: int, valid_from: dt.date, valid_to: dt.date | None = None, active: bool = True
) -> NotificationRule:
    _check_rule(actor=actor, organization=organization, days=days, valid_from=valid_from, valid_to=valid_to)
    with transaction.atomic():
        rule = NotificationRule.objects.create(
            kind=kind,
            organization=organization,
            org_path=organization.path if organization else "",
            days=days,
            valid_from=valid_from,
            valid_to=valid_to,
            active=active,
            created_by=actor,
        )
        audit_record(actor=actor, action="notifications.rule_create", obj=rule, after=snapshot(rule, RULE_FIELDS))
    return rule


def rule_update(
    *,
    actor: Any,
    rule: NotificationRule,
    expected_version: int | None,
    days: int,
    valid_from: dt.date,
    valid_to: dt.date | None,
    active: bool,
) -> NotificationRule:
    """Change a rule's days, dates or switch (its kind and organization stay: a new rule
    for another place is a new row)."""
    _check_rule(actor=actor, organization=rule.organization, days=days, valid_from=valid_from, valid_to=valid_to)
    with transaction.atomic():
        lock_version(rule, expected_version)
        before = snapshot(rule, RULE_FIELDS)
        rule.days, rule.valid_from, rule.valid_to, rule.active = days, valid_from, valid_to, active
        rule.save(update_fields=["days", "valid_from", "valid_to", "active", "updated_at"])
        audit_record(actor=actor, action="notifications.rule_update", obj=rule, before=before, after=snapshot(rule, RULE_FIELDS))
    return rule
