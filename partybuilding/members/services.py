"""Writes to member records. Each lifecycle event checks the rules in force on its date,
updates the member's status and organization (the projection), the membership periods
and the subtree counters, and writes its audit row, all in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import Decision
from partybuilding.core.rules import rule, rule_if_recorded
from partybuilding.core.text import search_key, vietnamese_sort_key
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from . import counters
from .choices import EventKind, MemberStatus, RemovalReason
from .models import Member, MemberEvent, Membership, full_years

# Organizations whose members are listed directly: a cell, or a grassroots cell.
MEMBER_HOMES = frozenset({OrgKind.CELL, OrgKind.GRASSROOTS_CELL})
SENSITIVE = frozenset({"citizen_id", "phone"})
AUDITED = [
    "family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity", "religion", "home_town", "citizen_id",
    "phone", "education", "qualification", "theory", "occupation", "workplace", "positions", "youth_union", "admission_date",
    "official_date", "card_number", "status", "organization", "exempt_since",
]  # fmt: skip


@dataclass(frozen=True)
class PersonalData:
    """The record's personal fields, as a form, the API or an import row gives them."""

    family_name: str
    given_name: str
    gender: str
    date_of_birth: dt.date
    middle_name: str = ""
    ethnicity: str = "01"
    religion: str = "none"
    home_town: str = ""
    citizen_id: str | None = None
    phone: str = ""
    education: str = "upper_secondary"
    qualification: str = "none"
    theory: str = "none"
    occupation: str = "other"
    workplace: str = ""
    positions: str = ""
    youth_union: bool = False


def audit_view(member: Member) -> dict[str, Any]:
    """The audited state: personal identifiers are noted as present, never copied."""
    data: dict[str, Any] = {}
    for name in AUDITED:
        value = getattr(member, "organization_id" if name == "organization" else name)
        data[name] = ("set" if value else "") if name in SENSITIVE else value
    return data


# --- checks -----------------------------------------------------------------------------


def _refuse_future(day: dt.date, field: str = "date") -> None:
    if day > timezone.localdate():
        raise Refusal(
            _("The date %(date)s is in the future; record an event once it has happened.") % {"date": day.strftime("%d/%m/%Y")},
            rule=_("records rule: events are recorded after they happen"),
            field=field,
        )


def _check_home(org: Organization, field: str = "organization") -> None:
    if org.kind not in MEMBER_HOMES:
        raise Refusal(
            _("Members belong to a Party cell or a grassroots Party cell; %(org)s is a %(kind)s.")
            % {"org": org.name, "kind": org.get_kind_display()},
            rule=_("Party Charter, Art. 24"),
            field=field,
        )
    if not org.is_active:
        raise Refusal(_("%(org)s has ended and cannot take in members.") % {"org": org.name}, rule=_("structure rule"), field=field)


def _check_age_at_admission(data: PersonalData, admitted: dt.date) -> None:
    minimum = rule_if_recorded("admission.min_age_years", admitted)
    if minimum is None:
        return
    if full_years(data.date_of_birth, admitted) < minimum.value:
        months = (
            (admitted.year - data.date_of_birth.year) * 12
            + admitted.month
            - data.date_of_birth.month
            - (admitted.day < data.date_of_birth.day)
        )
        raise Refusal(
            _("On the admission date %(date)s the member was %(years)d years %(months)d months old; the minimum is %(min)d years.")
            % {"date": admitted.strftime("%d/%m/%Y"), "years": months // 12, "months": months % 12, "min": minimum.value},
            rule=minimum.citation,
            field="admission_date",
        )


def probation_end(admitted: dt.date) -> tuple[dt.date, Any]:
    """The day probation ends (official status dates from it) and the rule that says so."""
    probation = rule("member.probation_months", admitted)
    return admitted + relativedelta(months=probation.value), probation


def _check_official_date(admitted: dt.date, official: dt.date) -> None:
    if rule_if_recorded("member.probation_months", admitted) is None:
        return
    end, probation = probation_end(admitted)
    if official < end:
        raise Refusal(
            _("Recognized official on %(date)s, before the %(months)d months of probation ended on %(end)s.")
            % {"date": official.strftime("%d/%m/%Y"), "months": probation.value, "end": end.strftime("%d/%m/%Y")},
            rule=probation.citation,
            field="official_date",
        )


def _check_unique(data: PersonalData, card_number: str | None, exclude: int | None = None) -> None:
    others = Member.objects.exclude(pk=exclude) if exclude else Member.objects.all()
    if data.citizen_id and others.filter(citizen_id=data.citizen_id).exists():
        raise Refusal(_("Another member record already has this citizen ID."), rule=_("citizen IDs are unique"), field="citizen_id")
    if card_number and others.filter(card_number=card_number).exists():
        raise Refusal(
            _("Another member record already has card number %(card)s.") % {"card": card_number},
            rule=_("card numbers are unique"),
            field="card_number",
        )


def _check_event_date(member: Member, day: dt.date) -> None:
    _refuse_future(day)
    last = member.events.order_by("-date").values_list("date", flat=True).first()
    floor = max(filter(None, [member.admission_date, last]))
    if day < floor:
        raise Refusal(
            _("The date %(date)s is before the member's last recorded event (%(last)s).")
            % {"date": day.strftime("%d/%m/%Y"), "last": floor.strftime("%d/%m/%Y")},
            rule=_("history rule: events are recorded in date order"),
            field="date",
        )


def _check_in_list(member: Member) -> None:
    if not member.in_list:
        raise Refusal(
            _("%(name)s is no longer in the list (%(status)s).")
            % {"name": member.full_name, "status": member.get_status_display().lower()},
            rule=_("records rule"),
        )


# --- the projection ---------------------------------------------------------------------


def _apply_personal(member: Member, data: PersonalData) -> None:
    for name, value in asdict(data).items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    member.citizen_id = member.citizen_id or None
    member.full_name = " ".join(p for p in (member.family_name, member.middle_name, member.given_name) if p)
    member.name_search = search_key(member.full_name)
    member.given_search = search_key(member.given_name)
    member.sort_key = vietnamese_sort_key(member.given_name, member.family_name, member.middle_name)


def _open_membership(member: Member, day: dt.date) -> None:
    Membership.objects.create(member=member, organization_id=member.organization_id, status=member.status, valid_from=day)


def _close_membership(member: Member, day: dt.date) -> None:
    current = Membership.objects.filter(member=member, valid_to__isnull=True).first()
    if current is None:
        return
    if current.valid_from >= day:
        current.delete()
    else:
        current.valid_to = day
        current.save(update_fields=["valid_to"])


def _change(member: Member, day: dt.date, *, status: str | None = None, organization: Organization | None = None) -> None:
    """Change status and/or organization from `day`: counters, membership periods, the row."""
    before = counters.snapshot(member)
    if status is not None:
        member.status = status
        member.status_since = day
    if organization is not None:
        member.organization = organization
        member.org_path = organization.path
    _close_membership(member, day)
    if member.in_list:
        _open_membership(member, day)
    member.save(update_fields=["status", "status_since", "organization", "org_path", "official_date", "exempt_since", "updated_at"])
    counters.apply(before, counters.snapshot(member))


def _event(member: Member, kind: str, day: dt.date, actor: Any, decision: Decision | None = None, **extra: Any) -> MemberEvent:
    decision = decision or Decision()
    try:
        with transaction.atomic():
            return MemberEvent.objects.create(
                member=member,
                kind=kind,
                date=day,
                organization_id=extra.pop("organization_id", member.organization_id),
                decision_number=decision.number,
                decision_date=decision.date,
                decided_by=decision.decided_by,
                note=decision.note,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                **extra,
            )
    except IntegrityError as exc:
        raise Refusal(_("This form was already submitted; the event is recorded once."), rule=_("records rule: no double entries")) from exc


def _audit(actor: Any, action: str, member: Member, before: dict[str, Any] | None) -> None:
    audit_record(actor=actor, action=action, obj=member, before=before, after=audit_view(member))


# --- services ---------------------------------------------------------------------------


def member_register(
    *,
    actor: Any,
    organization: Organization,
    data: PersonalData,
    admission_date: dt.date,
    official_date: dt.date | None = None,
    card_number: str | None = None,
    decision: Decision | None = None,
    submission: uuid.UUID | None = None,
    event_kind: str = EventKind.ADMITTED,
    event_date: dt.date | None = None,
    outside: str = "",
    guest: bool = False,
) -> Member:
    """Enter a member: newly admitted (probationary), or an existing member's record
    (with an official date), or a member arriving from outside the system; a `guest` only
    stays temporarily, and is neither a member of the organization nor counted in it."""
    card_number = (card_number or "").strip() or None
    _refuse_future(admission_date, "admission_date")
    if official_date:
        _refuse_future(official_date, "official_date")
        _check_official_date(admission_date, official_date)
    _check_age_at_admission(data, admission_date)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        _check_home(organization)
        _check_unique(data, card_number)
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
        _apply_personal(member, data)
        member.save()
        start = event_date or admission_date
        if not guest:
            Membership.objects.create(member=member, organization=organization, status=MemberStatus.PROBATIONARY, valid_from=admission_date)
        if official_date and not guest:
            _close_membership(member, official_date)
            _open_membership(member, official_date)
        _event(member, event_kind, start, actor, decision, submission=submission, outside_party=outside)
        if official_date and event_kind == EventKind.ADMITTED:
            _event(member, EventKind.RECOGNIZED, official_date, actor)
        counters.apply(None, counters.snapshot(member))
        _audit(actor, "member.create", member, None)
    return member


def member_update(*, actor: Any, member: Member, data: PersonalData, card_number: str | None, expected_version: int | None) -> Member:
    """Correct the record's personal fields (status and organization change only by events)."""
    card_number = (card_number or "").strip() or None
    with transaction.atomic():
        lock_version(member, expected_version)
        _check_unique(data, card_number, exclude=member.pk)
        _check_age_at_admission(data, member.admission_date)
        before_audit = audit_view(member)
        before = counters.snapshot(member)
        _apply_personal(member, data)
        member.card_number = card_number
        member.save()
        counters.apply(before, counters.snapshot(member))
        _audit(actor, "member.update", member, before_audit)
    return member


def member_recognize(
    *,
    actor: Any,
    member: Member,
    decision: Decision,
    probation_from: dt.date | None = None,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    """Recognize official status. Probation counts from the admission ceremony
    (`probation_from`, when it is on record; else from the admission decision). Official
    status takes effect on the day probation ends, even when the cell met later; a decision
    before that day is refused."""
    decided = decision.date or timezone.localdate()
    _refuse_future(decided, "decision_date")
    with transaction.atomic():
        lock_version(member, expected_version)
        if member.status != MemberStatus.PROBATIONARY:
            raise Refusal(_("%(name)s is not a probationary member.") % {"name": member.full_name}, rule=_("Party Charter, Art. 5"))
        end, probation = probation_end(max(probation_from or member.admission_date, member.admission_date))
        if decided < end:
            raise Refusal(
                _("Recognized official on %(date)s, before the %(months)d months of probation ended on %(end)s.")
                % {"date": decided.strftime("%d/%m/%Y"), "months": probation.value, "end": end.strftime("%d/%m/%Y")},
                rule=probation.citation,
                field="decision_date",
            )
        before = audit_view(member)
        member.official_date = end
        _change(member, end, status=MemberStatus.OFFICIAL)
        _event(member, EventKind.RECOGNIZED, end, actor, decision, submission=submission)
        _audit(actor, "member.recognize", member, before)
    return member


def member_transfer(
    *,
    actor: Any,
    member: Member,
    to_organization: Organization,
    date: dt.date,
    decision: Decision,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    """Move a member's Party activity to another organization of the system."""
    with transaction.atomic():
        lock_version(member, expected_version)
        _check_in_list(member)
        _check_event_date(member, date)
        target = Organization.objects.select_for_update().get(pk=to_organization.pk)
        _check_home(target, "to_organization")
        if target.pk == member.organization_id:
            raise Refusal(
                _("The member already belongs to %(org)s.") % {"org": target.name}, rule=_("records rule"), field="to_organization"
            )
        before = audit_view(member)
        origin = member.organization_id
        _change(member, date, organization=target)
        _event(member, EventKind.TRANSFERRED, date, actor, decision, organization_id=origin, to_organization=target, submission=submission)
        _audit(actor, "member.transfer", member, before)
    return member


def _leave_list(
    member: Member,
    *,
    actor: Any,
    kind: str,
    status: str,
    date: dt.date,
    decision: Decision | None,
    expected_version: int | None,
    **extra: Any,
) -> Member:
    with transaction.atomic():
        lock_version(member, expected_version)
        _check_in_list(member)
        _check_event_date(member, date)
        before = audit_view(member)
        _change(member, date, status=status)
        _event(member, kind, date, actor, decision, **extra)
        _audit(actor, f"member.{kind}", member, before)
    return member


def member_transfer_out(
    *,
    actor: Any,
    member: Member,
    outside: str,
    date: dt.date,
    decision: Decision,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    """The member's Party activity moves to an organization outside this system."""
    if not outside.strip():
        raise Refusal(_("Name the receiving organization."), rule=_("records rule"), field="outside")
    return _leave_list(
        member, actor=actor, kind=EventKind.TRANSFERRED_OUT, status=MemberStatus.TRANSFERRED_OUT, date=date, decision=decision,
        expected_version=expected_version, outside_party=outside.strip(), submission=submission,
    )  # fmt: skip


def member_remove(
    *,
    actor: Any,
    member: Member,
    reason: str,
    date: dt.date,
    decision: Decision,
    votes_for: int | None = None,
    official_members: int | None = None,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    """Remove from the list (xóa tên) on one of the grounds of the rules; a probationary
    member's removal needs the share of the cell's official members the rules require."""
    if reason not in RemovalReason.values:
        raise Refusal(_("Choose the ground for the removal."), rule=_("QĐ 24-QĐ/TW §8.1"), field="reason")
    if member.status == MemberStatus.PROBATIONARY:
        share = rule("member.removal_probationary_min_share", date)
        numerator, denominator = (int(part) for part in str(share.value).split("/"))
        if not official_members or votes_for is None or votes_for * denominator < numerator * official_members:
            raise Refusal(
                _(
                    "Removing a probationary member needs the votes of at least %(n)d/%(d)d of the cell's official members (%(votes)s of %(total)s)."
                )
                % {
                    "n": numerator,
                    "d": denominator,
                    "votes": votes_for if votes_for is not None else "?",
                    "total": official_members or "?",
                },
                rule=share.citation,
                field="votes_for",
            )
    return _leave_list(
        member, actor=actor, kind=EventKind.REMOVED, status=MemberStatus.REMOVED, date=date, decision=decision,
        expected_version=expected_version, reason=reason, submission=submission,
    )  # fmt: skip


def member_expel(
    *,
    actor: Any,
    member: Member,
    date: dt.date,
    decision: Decision,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    if not decision.number:
        raise Refusal(_("An expulsion is recorded with its decision."), rule=_("Party Charter, Art. 35"), field="decision_number")
    return _leave_list(
        member, actor=actor, kind=EventKind.EXPELLED, status=MemberStatus.EXPELLED, date=date, decision=decision,
        expected_version=expected_version, submission=submission,
    )  # fmt: skip


def member_leave(
    *,
    actor: Any,
    member: Member,
    date: dt.date,
    decision: Decision,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    return _leave_list(
        member, actor=actor, kind=EventKind.LEFT, status=MemberStatus.LEFT, date=date, decision=decision,
        expected_version=expected_version, submission=submission,
    )  # fmt: skip


def member_die(
    *,
    actor: Any,
    member: Member,
    date: dt.date,
    decision: Decision | None = None,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    return _leave_list(
        member, actor=actor, kind=EventKind.DIED, status=MemberStatus.DECEASED, date=date, decision=decision,
        expected_version=expected_version, submission=submission,
    )  # fmt: skip


def member_exempt(
    *,
    actor: Any,
    member: Member,
    date: dt.date,
    decision: Decision,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    """Exempt from work and activities (QĐ 24 §7.1): a flag with a date, not a status."""
    with transaction.atomic():
        lock_version(member, expected_version)
        _check_in_list(member)
        _check_event_date(member, date)
        if member.exempt_since:
            raise Refusal(_("The member is already exempted."), rule=_("records rule"))
        before = audit_view(member)
        counted = counters.snapshot(member)
        member.exempt_since = date
        member.save(update_fields=["exempt_since", "updated_at"])
        counters.apply(counted, counters.snapshot(member))
        _event(member, EventKind.EXEMPTED, date, actor, decision, submission=submission)
        _audit(actor, "member.exempt", member, before)
    return member


def member_exemption_lift(
    *,
    actor: Any,
    member: Member,
    date: dt.date,
    decision: Decision,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Member:
    with transaction.atomic():
        lock_version(member, expected_version)
        _check_in_list(member)
        _check_event_date(member, date)
        if not member.exempt_since:
            raise Refusal(_("The member is not exempted."), rule=_("records rule"))
        before = audit_view(member)
        counted = counters.snapshot(member)
        member.exempt_since = None
        member.save(update_fields=["exempt_since", "updated_at"])
        counters.apply(counted, counters.snapshot(member))
        _event(member, EventKind.EXEMPTION_LIFTED, date, actor, decision, submission=submission)
        _audit(actor, "member.exemption_lift", member, before)
    return member


# The events that need only a date and a decision, by the name pages and the API use.
DATED_EVENTS: dict[str, Callable[..., Member]] = {
    "exempt": member_exempt,
    "lift": member_exemption_lift,
    "expel": member_expel,
    "leave": member_leave,
    "die": member_die,
}
