"""The temporary suspension of a member's Party activity (Charter Art. 37): decided for a
period no longer than the rule `suspension.max_days`, lifted early when the reason is gone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import Decision, day_text, refuse_future
from partybuilding.core.rules import rule
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import Body
from ..models import Suspension
from ..subjects import subject_path
from .disciplines import COMPETENCE_RULE, subject_of_member

AUDITED = ("member_id", "body", "reason", "starts_on", "ends_on", "lifted_on", "decision_number", "decision_date")


def suspension_view(suspension: Suspension) -> dict[str, Any]:
    return snapshot(suspension, AUDITED)


def suspension_record(
    *,
    actor: Any,
    organization: Organization,
    body: str,
    member: Member,
    reason: str,
    starts_on: dt.date,
    ends_on: dt.date,
    decision: Decision | None = None,
) -> Suspension:
    """Suspend `member`'s Party activity from `starts_on` to `ends_on` (both included)."""
    subject_of_member(member)
    if body not in Body.values:
        raise Refusal(_("Choose the deciding body."), rule=_("records rule"), field="body")
    if not member.org_path.startswith(organization.path):
        raise Refusal(
            _("%(name)s is not a member under %(org)s.") % {"name": member.full_name, "org": organization.name},
            rule=COMPETENCE_RULE,
            field="member",
        )
    if not reason.strip():
        raise Refusal(_("Say why."), rule=_("records rule"), field="reason")
    decision = decision or Decision()
    if decision.date is not None:
        refuse_future(decision.date, "decision_date")
    if ends_on < starts_on:
        raise Refusal(_("The suspension ends on or after it starts."), rule=_("records rule"), field="ends_on")
    longest = rule("suspension.max_days", starts_on)
    last = starts_on + dt.timedelta(days=int(longest.value) - 1)
    if ends_on > last:
        raise Refusal(
            _("A suspension lasts at most %(days)s days: from %(start)s, until %(last)s at the latest.")
            % {"days": longest.value, "start": day_text(starts_on), "last": day_text(last)},
            rule=longest.citation,
            field="ends_on",
        )
    with transaction.atomic():
        suspension = Suspension.objects.create(
            organization=organization,
            org_path=organization.path,
            body=body,
            member=member,
            subject_path=subject_path(member, None),
            reason=reason.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            decision_number=decision.number,
            decision_date=decision.date,
            decided_by=decision.decided_by,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(actor=actor, action="suspension.record", obj=suspension, after=suspension_view(suspension))
    return suspension


def suspension_lift(*, actor: Any, suspension: Suspension, date: dt.date, expected_version: int | None = None) -> Suspension:
    """End the suspension early, on `date`."""
    refuse_future(date, "date")
    with transaction.atomic():
        lock_version(suspension, expected_version)
        if suspension.lifted_on is not None:
            raise Refusal(_("The suspension was already lifted."), rule=_("records rule"), field="date")
        if not suspension.starts_on <= date <= suspension.ends_on:
            raise Refusal(
                _("A suspension is lifted between its start and its end (%(start)s–%(end)s).")
                % {"start": day_text(suspension.starts_on), "end": day_text(suspension.ends_on)},
                rule=_("records rule"),
                field="date",
            )
        before = suspension_view(suspension)
        suspension.lifted_on = date
        suspension.save(update_fields=["lifted_on", "updated_at"])
        audit_record(actor=actor, action="suspension.lift", obj=suspension, before=before, after=suspension_view(suspension))
    return suspension
