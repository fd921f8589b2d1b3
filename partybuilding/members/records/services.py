"""Entering and correcting member records. A record enters once (admitted, an existing
member's record, or a member arriving from outside the system); its status and organization
change afterwards only by lifecycle events (`members.lifecycle`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.dates import add_months, full_years, years_and_months
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import Decision, close_period, day_text, record_event, refuse_future
from partybuilding.core.rules import RuleInForce, rule, rule_if_recorded
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .. import counters
from ..choices import EventKind, MemberStatus
from ..facts import FACT_FIELDS, MemberFacts, apply_facts
from ..models import Member, MemberEvent, Membership
from ..personal import PersonalData, apply_personal, audit_view

# Organizations whose members are listed directly: a cell, or a grassroots cell.
MEMBER_HOMES = frozenset({OrgKind.CELL, OrgKind.GRASSROOTS_CELL})
AUDITED = [
    "family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity", "religion", "home_town", "citizen_id",
    "phone", "education", "qualification", "theory", "occupation", "workplace", "positions", "youth_union", "admission_date",
    "official_date", "card_number", "status", "organization", "exempt_since", *FACT_FIELDS,
]  # fmt: skip


def member_view(member: Any) -> dict[str, Any]:
    """A member record as the audit log keeps it (identifiers noted as present, not copied)."""
    return audit_view(member, AUDITED)


# --- checks -----------------------------------------------------------------------------


def check_home(org: Organization, field: str = "organization") -> None:
    if org.kind not in MEMBER_HOMES:
        raise Refusal(
            _("Members belong to a Party cell or a grassroots Party cell; %(org)s is a %(kind)s.")
            % {"org": org.name, "kind": org.get_kind_display()},
            rule=_("Party Charter, Art. 24"),
            field=field,
        )
    if not org.is_active:
        raise Refusal(_("%(org)s has ended and cannot take in members.") % {"org": org.name}, rule=_("structure rule"), field=field)


def check_age_at_admission(data: PersonalData, admitted: dt.date) -> None:
    minimum = rule_if_recorded("admission.min_age_years", admitted)
    if minimum is None:
        return
    if full_years(data.date_of_birth, admitted) < minimum.value:
        years, months = years_and_months(data.date_of_birth, admitted)
        raise Refusal(
            _("On the admission date %(date)s the member was %(years)d years %(months)d months old; the minimum is %(min)d years.")
            % {"date": day_text(admitted), "years": years, "months": months, "min": minimum.value},
            rule=minimum.citation,
            field="admission_date",
        )


def probation_end(admitted: dt.date) -> tuple[dt.date, RuleInForce]:
    """The day probation ends (official status dates from it) and the rule that says so."""
    probation = rule("member.probation_months", admitted)
    return add_months(admitted, probation.value), probation


def check_probation_over(official: dt.date, end: dt.date, probation: RuleInForce, field: str) -> None:
    if official < end:
        raise Refusal(
            _("Recognized official on %(date)s, before the %(months)d months of probation ended on %(end)s.")
            % {"date": day_text(official), "months": probation.value, "end": day_text(end)},
            rule=probation.citation,
            field=field,
        )


def check_official_date(admitted: dt.date, official: dt.date) -> None:
    """Official status comes after the probation of the rules in force at admission (dates
    from before any recorded rule set are taken as decided)."""
    if rule_if_recorded("member.probation_months", admitted) is not None:
        check_probation_over(official, *probation_end(admitted), field="official_date")


def check_unique(data: PersonalData, card_number: str | None, exclude: int | None = None) -> None:
    others = Member.objects.exclude(pk=exclude) if exclude else Member.objects.all()
    if data.citizen_id and others.filter(citizen_id=data.citizen_id).exists():
        raise Refusal(_("Another member record already has this citizen ID."), rule=_("citizen IDs are unique"), field="citizen_id")
    if card_number and others.filter(card_number=card_number).exists():
        raise Refusal(
            _("Another member record already has card number %(card)s.") % {"card": card_number},
            rule=_("card numbers are unique"),
            field="card_number",
        )


# --- membership periods -----------------------------------------------------------------


def open_membership(member: Member, day: dt.date, status: str | None = None) -> None:
    Membership.objects.create(member=member, organization_id=member.organization_id, status=status or member.status, valid_from=day)


def close_membership(member: Member, day: dt.date) -> None:
    close_period(Membership.objects.filter(member=member), day)


# --- services ---------------------------------------------------------------------------


def member_register(
    *,
    actor: Any,
    organization: Organization,
    data: PersonalData,
    admission_date: dt.date,
    official_date: dt.date | None = None,
    card_number: str | None = None,
    facts: MemberFacts | None = None,
    decision: Decision | None = None,
    submission: uuid.UUID | None = None,
    event_kind: str = EventKind.ADMITTED,
    event_date: dt.date | None = None,
    outside: str = "",
    guest: bool = False,
) -> Member:
    """Enter a member: newly admitted (probationary), or an existing member's record
    (with an official date), or a member arriving from outside the system; a `guest` only
    stays temporarily, and is neither a member of the organization nor counted in it. `facts`:
    what the statistics count about the member beyond the personal fields (none set by default)."""
    card_number = (card_number or "").strip() or None
    refuse_future(admission_date, "admission_date")
    if official_date:
        refuse_future(official_date, "official_date")
        check_official_date(admission_date, official_date)
    check_age_at_admission(data, admission_date)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        check_home(organization)
        check_unique(data, card_number)
        member = Member(
            organization=organization,
            org_path=organization.path,
            admission_date=admission_date,
            official_date=official_date,
            card_number=card_number,
            status=MemberStatus.OFFICIAL if official_date else MemberStatus.PROBATIONARY,
            status_since=official_date or admission_date,
        )
        if guest:
            member.status, member.status_since = MemberStatus.GUEST, event_date or admission_date
        apply_personal(member, data)
        apply_facts(member, facts or MemberFacts())
        member.save()
        start = event_date or admission_date
        if not guest:
            # A member arriving from outside the system belongs here from the arrival, not
            # from the admission: the stock before it must not count them (form 1: A + B − C = D).
            opened = start if event_kind == EventKind.TRANSFERRED_IN else admission_date
            if official_date and official_date <= opened:
                open_membership(member, opened, MemberStatus.OFFICIAL)
            else:
                open_membership(member, opened, MemberStatus.PROBATIONARY)
                if official_date:
                    close_membership(member, official_date)
                    open_membership(member, official_date)
        decided = (decision or Decision()).fields()
        record_event(MemberEvent, actor=actor, submission=submission, member=member, kind=event_kind, date=start,
                     organization=organization, org_path=organization.path, outside_party=outside, **decided)  # fmt: skip
        if official_date and event_kind == EventKind.ADMITTED:
            record_event(MemberEvent, actor=actor, member=member, kind=EventKind.RECOGNIZED, date=official_date,
                         organization=organization, org_path=organization.path)  # fmt: skip
        counters.apply(None, counters.snapshot(member))
        audit_record(actor=actor, action="member.create", obj=member, after=member_view(member))
    return member


def member_update(
    *,
    actor: Any,
    member: Member,
    data: PersonalData,
    card_number: str | None,
    expected_version: int | None,
    facts: MemberFacts | None = None,
) -> Member:
    """Correct the record's personal fields and, when given, the facts the statistics count
    (status and organization change only by events). The counters follow in the same transaction."""
    card_number = (card_number or "").strip() or None
    with transaction.atomic():
        lock_version(member, expected_version)
        check_unique(data, card_number, exclude=member.pk)
        check_age_at_admission(data, member.admission_date)
        before = member_view(member)
        counted = counters.snapshot(member)
        apply_personal(member, data)
        if facts is not None:
            apply_facts(member, facts)
        member.card_number = card_number
        member.save()
        counters.apply(counted, counters.snapshot(member))
        audit_record(actor=actor, action="member.update", obj=member, before=before, after=member_view(member))
    return member
