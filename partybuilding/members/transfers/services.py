"""Transfers of Party activity (chuyển sinh hoạt đảng): the letter, its receipt, a hold or
a refusal, temporary stays.

A transfer within the system goes from a cell to another cell; out of the system it names
the receiving organization in words; into the system it names where the member came from.
Moving the member (status, organization, memberships, counters) is left to the member
lifecycle (`members.lifecycle`), so that a transfer and the timeline can never disagree. A
temporary member stays counted in their home cell: the host lists them, marked, and counts
nothing. What the receiving side answers is the `TRANSFER` workflow (`core.workflow`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.dates import add_months
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision, actor_user, day_text, refuse_future
from partybuilding.core.rules import rule
from partybuilding.core.workflow import Run, Step, Workflow
from partybuilding.organizations.models import Organization

from ..choices import EventKind, TransferKind, TransferStatus
from ..facts import MemberFacts
from ..lifecycle.services import LIFECYCLE, check_in_list
from ..models import Member, Transfer
from ..personal import PersonalData
from ..records.services import check_home, member_register

# A letter waiting at the receiving organization: not yet received, or held there.
OPEN = (TransferStatus.ISSUED, TransferStatus.HELD)
AUDITED = [
    "member", "kind", "from_organization", "to_organization", "outside", "change_date", "letter_number", "letter_date", "until",
    "status", "status_date", "reason",
]  # fmt: skip


def transfer_view(transfer: Transfer) -> dict[str, Any]:
    return snapshot(transfer, AUDITED)


# --- checks -----------------------------------------------------------------------------


def _check_temporary_period(start: dt.date, until: dt.date | None, training: bool) -> None:
    """3 months to under a year; for training, 3 months to 2 years (both limits dated)."""
    if until is None:
        raise Refusal(_("A temporary transfer needs the date it ends."), rule=_("records rule"), field="until")
    shortest = rule("transfer.temporary_min_months", start)
    earliest = add_months(start, shortest.value)
    if until < earliest:
        raise Refusal(
            _("A temporary transfer lasts at least %(months)d months: from %(start)s, until %(end)s at the earliest.")
            % {"months": shortest.value, "start": day_text(start), "end": day_text(earliest)},
            rule=shortest.citation,
            field="until",
        )
    # A training stay may last the whole limit; any other stay ends before it.
    longest = rule("transfer.training_max_months" if training else "transfer.temporary_max_months", start)
    latest = add_months(start, longest.value) - dt.timedelta(days=0 if training else 1)
    if until > latest:
        message = (
            _("A temporary transfer for training lasts at most %(months)d months: until %(end)s at the latest.")
            if training
            else _(
                "A temporary transfer lasts less than %(months)d months: until %(end)s at the latest; a longer stay is an official transfer."
            )
        )
        raise Refusal(message % {"months": longest.value, "end": day_text(latest)}, rule=longest.citation, field="until")


def _check_letter(number: str, day: dt.date) -> None:
    if not number:
        raise Refusal(_("Give the number of the transfer letter."), rule=_("records rule"), field="letter_number")
    refuse_future(day, "letter_date")


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
    _check_letter(letter_number, letter_date)
    if kind == TransferKind.TEMPORARY:
        _check_temporary_period(change_date or letter_date, until, training)
    elif until is not None:
        raise Refusal(_("An official transfer has no end date."), rule=_("records rule"), field="until")
    with transaction.atomic():
        member = Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)
        check_in_list(member)
        if Transfer.objects.filter(member=member, status__in=OPEN).exists():
            raise Refusal(
                _("%(name)s already has a transfer letter waiting to be received; record its outcome first.") % {"name": member.full_name},
                rule=_("records rule: one open transfer at a time"),
            )
        if to_organization is not None:
            to_organization = Organization.objects.get(pk=to_organization.pk)
            check_home(to_organization, "to_organization")
            if to_organization.pk == member.organization_id:
                raise Refusal(
                    _("The member already belongs to %(org)s.") % {"org": to_organization.name},
                    rule=_("records rule"),
                    field="to_organization",
                )
        letter = {"letter_number": letter_number, "letter_date": letter_date, "outside": outside, "until": until}
        return _kept(
            actor, "transfer.issue", {"training": training}, member=member, kind=kind, from_organization=member.organization,
            to_organization=to_organization, change_date=change_date, status=TransferStatus.ISSUED, status_date=letter_date, **letter,
        )  # fmt: skip


def transfer_in_from_outside(
    *,
    actor: Any,
    organization: Organization,
    data: PersonalData,
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
    facts: MemberFacts | None = None,
) -> Transfer:
    """A member arriving from an organization outside the system: their record is entered
    with the arrival as its first event, and the received letter is kept. A temporary
    arrival enters a guest: listed in the host cell, marked, not counted there."""
    origin = origin.strip()
    letter_number = letter_number.strip()
    if not origin:
        raise Refusal(_("Name the organization the member comes from."), rule=_("records rule"), field="outside")
    _check_letter(letter_number, letter_date)
    refuse_future(date)
    _check_after(date, max(letter_date, admission_date))
    temporary = kind == TransferKind.TEMPORARY
    if temporary:
        _check_temporary_period(date, until, training=False)
    with transaction.atomic():
        member = member_register(
            actor=actor,
            organization=organization,
            data=data,
            admission_date=admission_date,
            official_date=official_date,
            card_number=card_number,
            facts=facts,
            decision=Decision(number=letter_number, date=letter_date, decided_by=origin),
            submission=submission,
            event_kind=EventKind.TRANSFERRED_IN,
            event_date=date,
            outside=origin,
            guest=temporary,
        )
        letter = {"letter_number": letter_number, "letter_date": letter_date, "outside": origin, "until": until if temporary else None}
        kind = TransferKind.TEMPORARY if temporary else TransferKind.OFFICIAL
        return _kept(
            actor, "transfer.arrive", {}, member=member, kind=kind, to_organization=member.organization,
            status=TransferStatus.RECEIVED, status_date=date, **letter,
        )  # fmt: skip


def _kept(actor: Any, action: str, noted: dict[str, Any], **fields: Any) -> Transfer:
    """A transfer letter kept (issued here, or brought by a member arriving), with its
    audit entry (and what else the entry notes)."""
    transfer = Transfer.objects.create(recorded_by=actor_user(actor), **fields)
    audit_record(actor=actor, action=action, obj=transfer, after={**transfer_view(transfer), **noted})
    return transfer


def _check_after(day: dt.date, start: dt.date) -> None:
    if day < start:
        raise Refusal(str(BEFORE_START) % {"date": day_text(day), "last": day_text(start)}, rule=ORDER_RULE, field="date")


BEFORE_START = gettext_lazy("The date %(date)s is before %(last)s.")
ORDER_RULE = gettext_lazy("history rule: events are recorded in date order")


# --- what the receiving side answers: the TRANSFER workflow ------------------------------


def receive(run: Run) -> None:
    """The member presented the letter and was taken in. An official transfer moves the
    member (or takes them out of the list when the receiver is outside the system); a
    temporary one only starts the stay."""
    transfer: Transfer = run.obj
    origin = transfer.from_organization
    letter = Decision(number=transfer.letter_number, date=transfer.letter_date, decided_by=origin.name if origin else transfer.outside)
    member_step = dict(actor=run.actor, obj=transfer.member, date=run.date, decision=letter, submission=run.submission)
    if transfer.kind == TransferKind.OFFICIAL and transfer.to_organization is not None:
        LIFECYCLE.run("transfer", to_organization=transfer.to_organization, **member_step)
    elif transfer.kind == TransferKind.OFFICIAL:
        LIFECYCLE.run("transfer_out", outside=transfer.outside, **member_step)
    else:
        check_in_list(transfer.member)
        if transfer.until and run.date and run.date > transfer.until:
            raise Refusal(
                _("The temporary stay ran until %(end)s inclusive; %(date)s is after it.")
                % {"end": day_text(transfer.until), "date": day_text(run.date)},
                rule=_("records rule"),
                field="date",
            )


def hold_or_refuse(run: Run) -> None:
    """The receiving organization keeps the letter without taking the member in yet, or
    refuses the transfer (the member stays where they are): either with its reason."""
    reason = (run["reason"] or "").strip()
    if not reason:
        raise Refusal(_("Give the reason."), rule=_("records rule: a hold or a refusal states its reason"), field="reason")
    run.changes["reason"] = reason[:255]


def end(run: Run) -> None:
    """A temporary stay is over: the member is active in their home cell again."""
    if run.obj.kind != TransferKind.TEMPORARY:
        raise _final()


def _already(transfer: Transfer, step: Step) -> Refusal:
    if step.name == "end" and transfer.kind != TransferKind.TEMPORARY:
        return _final()
    return Refusal(
        _("This transfer is already in the state “%(status)s”.") % {"status": transfer.get_status_display()}, rule=_("records rule")
    )


def _final() -> Refusal:
    return Refusal(_("Only a temporary stay ends; an official transfer is final."), rule=_("records rule"))


def _locked(transfer: Transfer) -> Transfer:
    related = ("member", "from_organization", "to_organization")
    return Transfer.objects.select_for_update(of=("self",)).select_related(*related).get(pk=transfer.pk)


TRANSFER = Workflow(
    "transfer",
    model=Transfer,
    steps=[
        Step("receive", gettext_lazy("Receive the member"), receive, OPEN, TransferStatus.RECEIVED),
        Step("hold", gettext_lazy("Hold the transfer"), hold_or_refuse, (TransferStatus.ISSUED,), TransferStatus.HELD),
        Step("refuse", gettext_lazy("Refuse the transfer"), hold_or_refuse, OPEN, TransferStatus.REFUSED),
        Step("end", gettext_lazy("End the temporary stay"), end, (TransferStatus.RECEIVED,), TransferStatus.ENDED),
    ],
    audit_view=lambda transfer: transfer_view(transfer),
    since="status_date",
    lock=_locked,
    floor=lambda transfer: transfer.status_date,  # the letter's date, or the hold's
    out_of_order=BEFORE_START,
    order_rule=ORDER_RULE,
    wrong_state=_already,
)
transfer_receive = TRANSFER.service("receive", "transfer")
transfer_hold = TRANSFER.service("hold", "transfer")
transfer_refuse = TRANSFER.service("refuse", "transfer")
transfer_end = TRANSFER.service("end", "transfer")
