"""Transfers of Party activity (chuyển sinh hoạt đảng): the letter, its receipt, a hold or
a refusal, temporary stays, and the deadlines of the rules.

A transfer within the system goes from a cell to another cell; out of the system it names
the receiving organization in words; into the system it names where the member came from.
Moving the member (status, organization, memberships, counters) is left to the member
lifecycle services, so that a transfer and the timeline can never disagree. A temporary
member stays counted in their home cell: the host lists them, marked, and counts nothing.

Deadlines are computed when read, from the rules in force on the date that starts them,
never stored: a rule or a holiday corrected later shows at once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partybuilding.core import paths
from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.calendar import add_working_days
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.core.rules import rule, rule_if_recorded
from partybuilding.organizations.models import Organization

from . import services
from .choices import IN_LIST, EventKind, MemberStatus, TransferKind, TransferStatus
from .models import Member, Transfer

# A letter waiting at the receiving organization: not yet received, or held there.
OPEN = (TransferStatus.ISSUED, TransferStatus.HELD)
AUDITED = [
    "member", "kind", "from_organization", "to_organization", "outside", "change_date", "letter_number", "letter_date", "until",
    "status", "status_date", "reason",
]  # fmt: skip


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _audit(actor: Any, action: str, transfer: Transfer, before: dict[str, Any] | None, **extra: Any) -> None:
    audit_record(actor=actor, action=action, obj=transfer, before=before, after={**snapshot(transfer, AUDITED), **extra})


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- checks -----------------------------------------------------------------------------


def _check_temporary_period(start: dt.date, until: dt.date | None, training: bool) -> None:
    """3 months to under a year; for training, 3 months to 2 years (both limits dated)."""
    if until is None:
        raise Refusal(_("A temporary transfer needs the date it ends."), rule=_("records rule"), field="until")
    shortest = rule("transfer.temporary_min_months", start)
    if until < start + relativedelta(months=shortest.value):
        raise Refusal(
            _("A temporary transfer lasts at least %(months)d months: from %(start)s, until %(end)s at the earliest.")
            % {"months": shortest.value, "start": _day(start), "end": _day(start + relativedelta(months=shortest.value))},
            rule=shortest.citation,
            field="until",
        )
    # A training stay may last the whole limit; any other stay ends before it.
    longest = rule("transfer.training_max_months" if training else "transfer.temporary_max_months", start)
    latest = start + relativedelta(months=longest.value) - dt.timedelta(days=0 if training else 1)
    if until > latest:
        message = (
            _("A temporary transfer for training lasts at most %(months)d months: until %(end)s at the latest.")
            if training
            else _(
                "A temporary transfer lasts less than %(months)d months: until %(end)s at the latest; a longer stay is an official transfer."
            )
        )
        raise Refusal(message % {"months": longest.value, "end": _day(latest)}, rule=longest.citation, field="until")


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise Refusal(_("Give the reason."), rule=_("records rule: a hold or a refusal states its reason"), field="reason")
    return reason


def _lock(transfer: Transfer, allowed: tuple[str, ...]) -> Transfer:
    locked = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "from_organization", "to_organization")
        .get(pk=transfer.pk)
    )
    if locked.status not in allowed:
        raise Refusal(
            _("This transfer is already in the state “%(status)s”.") % {"status": locked.get_status_display()},
            rule=_("records rule"),
        )
    return locked


def _check_not_before(day: dt.date, start: dt.date | None, field: str = "date") -> None:
    services._refuse_future(day, field)
    if start and day < start:
        raise Refusal(
            _("The date %(date)s is before %(start)s.") % {"date": _day(day), "start": _day(start)},
            rule=_("history rule: events are recorded in date order"),
            field=field,
        )


# --- services ---------------------------------------------------------------------------


def transfer_issue(
    *,
    actor: Any,
    member: Member,
    kind: str,
    letter_number: str,
    letter_date: dt.date,
    to_organization: Organization | None = None,
    outside: str = "",
    change_date: dt.date | None = None,
    until: dt.date | None = None,
    training: bool = False,
) -> Transfer:
    """Record the transfer letter the member's organization issued: to a cell of the
    system or to an organization outside it, official or temporary."""
    outside = outside.strip()
    letter_number = letter_number.strip()
    if kind not in TransferKind.values:
        raise Refusal(_("Choose official or temporary."), rule=_("records rule"), field="kind")
    if (to_organization is None) == (not outside):
        raise Refusal(
            _("Name either the receiving Party cell of the system or the organization outside it."), rule=_("records rule"), field="outside"
        )
    if not letter_number:
        raise Refusal(_("Give the number of the transfer letter."), rule=_("records rule"), field="letter_number")
    services._refuse_future(letter_date, "letter_date")
    if kind == TransferKind.TEMPORARY:
        _check_temporary_period(change_date or letter_date, until, training)
    elif until is not None:
        raise Refusal(_("An official transfer has no end date."), rule=_("records rule"), field="until")
    with transaction.atomic():
        member = Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)
        services._check_in_list(member)
        if Transfer.objects.filter(member=member, status__in=OPEN).exists():
            raise Refusal(
                _("%(name)s already has a transfer letter waiting to be received; record its outcome first.") % {"name": member.full_name},
                rule=_("records rule: one open transfer at a time"),
            )
        if to_organization is not None:
            to_organization = Organization.objects.get(pk=to_organization.pk)
            services._check_home(to_organization, "to_organization")
            if to_organization.pk == member.organization_id:
                raise Refusal(
                    _("The member already belongs to %(org)s.") % {"org": to_organization.name},
                    rule=_("records rule"),
                    field="to_organization",
                )
        transfer = Transfer.objects.create(
            member=member,
            kind=kind,
            from_organization=member.organization,
            to_organization=to_organization,
            outside=outside,
            change_date=change_date,
            letter_number=letter_number,
            letter_date=letter_date,
            until=until,
            status=TransferStatus.ISSUED,
            status_date=letter_date,
            recorded_by=_actor(actor),
        )
        _audit(actor, "transfer.issue", transfer, None, training=training)
    return transfer


def transfer_receive(*, actor: Any, transfer: Transfer, date: dt.date, submission: uuid.UUID | None = None) -> Transfer:
    """The member presented the letter and was taken in. An official transfer moves the
    member (or takes them out of the list when the receiver is outside the system); a
    temporary one only starts the stay."""
    with transaction.atomic():
        transfer = _lock(transfer, OPEN)
        _check_not_before(date, transfer.status_date)  # the letter's date, or the hold's
        member = transfer.member
        origin = transfer.from_organization
        decision = Decision(
            number=transfer.letter_number, date=transfer.letter_date, decided_by=origin.name if origin else transfer.outside
        )
        if transfer.kind == TransferKind.OFFICIAL and transfer.to_organization is not None:
            services.member_transfer(
                actor=actor, member=member, to_organization=transfer.to_organization, date=date, decision=decision, submission=submission
            )
        elif transfer.kind == TransferKind.OFFICIAL:
            services.member_transfer_out(
                actor=actor, member=member, outside=transfer.outside, date=date, decision=decision, submission=submission
            )
        else:
            services._check_in_list(member)
            if transfer.until and date > transfer.until:
                raise Refusal(
                    _("The temporary stay ended on %(end)s, before %(date)s.") % {"end": _day(transfer.until), "date": _day(date)},
                    rule=_("records rule"),
                    field="date",
                )
        before = snapshot(transfer, AUDITED)
        transfer.status = TransferStatus.RECEIVED
        transfer.status_date = date
        transfer.save(update_fields=["status", "status_date"])
        _audit(actor, "transfer.receive", transfer, before)
    return transfer


def _settle(actor: Any, transfer: Transfer, allowed: tuple[str, ...], status: str, date: dt.date, reason: str = "") -> Transfer:
    with transaction.atomic():
        transfer = _lock(transfer, allowed)
        _check_not_before(date, transfer.status_date)
        before = snapshot(transfer, AUDITED)
        transfer.status = status
        transfer.status_date = date
        if reason:
            transfer.reason = reason[:255]
        transfer.save(update_fields=["status", "status_date", "reason"])
        _audit(actor, f"transfer.{status}", transfer, before)
    return transfer


def transfer_hold(*, actor: Any, transfer: Transfer, date: dt.date, reason: str) -> Transfer:
    """The receiving organization keeps the letter without taking the member in yet."""
    return _settle(actor, transfer, (TransferStatus.ISSUED,), TransferStatus.HELD, date, _check_reason(reason))


def transfer_refuse(*, actor: Any, transfer: Transfer, date: dt.date, reason: str) -> Transfer:
    """The receiving organization refuses the transfer: the member stays where they are."""
    return _settle(actor, transfer, OPEN, TransferStatus.REFUSED, date, _check_reason(reason))


def transfer_end(*, actor: Any, transfer: Transfer, date: dt.date) -> Transfer:
    """A temporary stay is over: the member is active in their home cell again."""
    if transfer.kind != TransferKind.TEMPORARY:
        raise Refusal(_("Only a temporary stay ends; an official transfer is final."), rule=_("records rule"))
    return _settle(actor, transfer, (TransferStatus.RECEIVED,), TransferStatus.ENDED, date)


def transfer_in_from_outside(
    *,
    actor: Any,
    organization: Organization,
    data: services.PersonalData,
    admission_date: dt.date,
    official_date: dt.date | None,
    card_number: str | None,
    origin: str,
    letter_number: str,
    letter_date: dt.date,
    date: dt.date,
    kind: str = TransferKind.OFFICIAL,
    until: dt.date | None = None,
    submission: uuid.UUID | None = None,
) -> Transfer:
    """A member arriving from an organization outside the system: their record is entered
    with the arrival as its first event, and the received letter is kept. A temporary
    arrival enters a guest: listed in the host cell, marked, not counted there."""
    origin = origin.strip()
    letter_number = letter_number.strip()
    if not origin:
        raise Refusal(_("Name the organization the member comes from."), rule=_("records rule"), field="outside")
    if not letter_number:
        raise Refusal(_("Give the number of the transfer letter."), rule=_("records rule"), field="letter_number")
    services._refuse_future(letter_date, "letter_date")
    _check_not_before(date, max(letter_date, admission_date))
    temporary = kind == TransferKind.TEMPORARY
    if temporary:
        _check_temporary_period(date, until, training=False)
    with transaction.atomic():
        member = services.member_register(
            actor=actor,
            organization=organization,
            data=data,
            admission_date=admission_date,
            official_date=official_date,
            card_number=card_number,
            decision=Decision(number=letter_number, date=letter_date, decided_by=origin),
            submission=submission,
            event_kind=EventKind.TRANSFERRED_IN,
            event_date=date,
            outside=origin,
            guest=temporary,
        )
        transfer = Transfer.objects.create(
            member=member,
            kind=TransferKind.TEMPORARY if temporary else TransferKind.OFFICIAL,
            to_organization=member.organization,
            outside=origin,
            letter_number=letter_number,
            letter_date=letter_date,
            until=until if temporary else None,
            status=TransferStatus.RECEIVED,
            status_date=date,
            recorded_by=_actor(actor),
        )
        _audit(actor, "transfer.arrive", transfer, None)
    return transfer


# --- deadlines --------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """One deadline of a transfer: met or missed once `done_on` is known, else running."""

    label: str
    due: dt.date
    citation: str
    today: dt.date
    done_on: dt.date | None = None

    @property
    def running(self) -> bool:
        return self.done_on is None

    @property
    def days(self) -> int:
        """Calendar days from the deadline's end (today, or the day it was met) to the due date:
        negative once it was missed."""
        return (self.due - (self.done_on or self.today)).days

    @property
    def overdue(self) -> bool:
        return self.running and self.days < 0

    @property
    def late(self) -> bool:
        return self.days < 0

    @property
    def text(self) -> str:
        n = abs(self.days)
        if self.running and self.days < 0:
            return ngettext("overdue by %(n)d day", "overdue by %(n)d days", n) % {"n": n}
        if self.running:
            return ngettext("%(n)d day left", "%(n)d days left", n) % {"n": n}
        return ngettext("late by %(n)d day", "late by %(n)d days", n) % {"n": n} if self.days < 0 else _("on time")


def deadlines(transfer: Transfer, today: dt.date) -> list[Deadline]:
    """The deadlines of the rules that apply to a transfer, as they stand on `today`."""
    found: list[Deadline] = []
    if transfer.kind == TransferKind.OFFICIAL and transfer.change_date and transfer.letter_date:
        # The member applies within N working days of the change; the letter answers the application.
        apply = rule_if_recorded("transfer.apply_within_working_days", transfer.change_date)
        if apply is not None:
            due = add_working_days(transfer.change_date, apply.value)
            found.append(Deadline(_("Apply for the transfer"), due, apply.citation, today, transfer.letter_date))
    if transfer.letter_date:
        present = rule_if_recorded("transfer.present_letter_within_days", transfer.letter_date)
        if present is not None:
            done = None if transfer.status == TransferStatus.ISSUED else transfer.status_date
            due = transfer.letter_date + dt.timedelta(days=present.value)
            found.append(Deadline(_("Present the letter"), due, present.citation, today, done))
    if transfer.kind == TransferKind.TEMPORARY and transfer.until and transfer.status in (TransferStatus.RECEIVED, TransferStatus.ENDED):
        done = transfer.status_date if transfer.status == TransferStatus.ENDED else None
        # The stay may end on its last day; it is overdue from the day after.
        found.append(Deadline(_("End of the temporary stay"), transfer.until, "", today, done))
    return found


# --- selectors --------------------------------------------------------------------------


def with_related(transfers: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return transfers.select_related("member", "member__organization", "from_organization", "to_organization")


def overdue_ids(transfers: QuerySet[Transfer], today: dt.date) -> list[int]:
    """Transfers with a running deadline past its date. The rule behind each deadline is the
    one in force on its own start date, so the test runs in Python, over the few transfers
    still running (letters not yet presented, temporary stays not yet ended): one query."""
    running = transfers.filter(
        Q(status=TransferStatus.ISSUED, letter_date__lt=today)
        | Q(status=TransferStatus.RECEIVED, kind=TransferKind.TEMPORARY, until__lt=today)
    ).only("pk", "kind", "status", "status_date", "change_date", "letter_date", "until")
    return [t.pk for t in running.iterator(chunk_size=2000) if any(d.overdue for d in deadlines(t, today))]


def overdue(transfers: QuerySet[Transfer], today: dt.date) -> QuerySet[Transfer]:
    return transfers.filter(pk__in=overdue_ids(transfers, today))


def temporary_guests(host: Organization, on: dt.date) -> QuerySet[Transfer]:
    """Members staying temporarily in `host`'s subtree from elsewhere, on a date: listed
    there, marked, and counted in their home organization only."""
    return (
        Transfer.objects.filter(
            paths.subtree_q(host.path, "to_organization__path"),
            kind=TransferKind.TEMPORARY,
            status=TransferStatus.RECEIVED,
            status_date__lte=on,
            member__status__in=[*IN_LIST, MemberStatus.GUEST],
        )
        # Members of the host's own subtree are in its list already; guests from outside are not.
        .exclude(paths.subtree_q(host.path, "member__org_path") & Q(member__status__in=IN_LIST))
        .select_related("member", "member__organization", "to_organization")
        .order_by("member__sort_key", "pk")
    )


def handlers(transfer: Transfer, action: str) -> list[Organization]:
    """The organizations whose managers may take `action` on a transfer: the receiver when
    it is in the system, else the sender (who records what the outside organization
    answered); either side may record the end of a temporary stay."""
    receiver = transfer.to_organization or transfer.from_organization
    sides = [receiver, transfer.from_organization] if action == "end" else [receiver]
    return [org for org in sides if org is not None]
