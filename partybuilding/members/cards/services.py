"""Recording a Party card issued to a member (form 7 of HD 11-HD/BTCTW, III): the first card
once the member is official, or a new card after a loss or damage. The member record's card
number is the latest card's."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import day_text, record_event, refuse_future

from ..choices import CardIssueKind, MemberStatus
from ..models import CardIssue, Member

CARD_NUMBER = re.compile(r"^\d{6,20}$")  # as the member record's form takes it
AUDITED = ["member", "kind", "number", "issued_on", "decision_number"]


def issue_rule() -> str:
    return _("HD 01-HD/TW of 2021, 7.1: a Party card is issued once the member is recognized as official")


def reissue_rule() -> str:
    return _("HD 12-HD/BTCTW of 2022, part II, 2.2: a lost card is re-issued and a damaged one replaced")


def has_card(member: Member) -> bool:
    """A card on the record (entered with it, or imported) or one issued here."""
    return bool(member.card_number) or member.cards.exists()


def _check(member: Member, kind: str, number: str, issued_on: dt.date) -> None:
    if kind not in CardIssueKind.values:
        raise Refusal(_("Choose why the card is issued."), rule=issue_rule(), field="kind")
    refuse_future(issued_on, "issued_on", _("The issue date"))
    if member.status != MemberStatus.OFFICIAL or member.official_date is None:
        raise Refusal(
            _("%(name)s is not an official member in the list (%(status)s); Party cards are issued to official members.")
            % {"name": member.full_name, "status": member.get_status_display().lower()},
            rule=issue_rule(),
        )
    if issued_on < member.official_date:
        raise Refusal(
            _("%(name)s became an official member on %(official)s; a card cannot be issued before that (%(date)s).")
            % {"name": member.full_name, "official": day_text(member.official_date), "date": day_text(issued_on)},
            rule=issue_rule(),
            field="issued_on",
        )
    if kind == CardIssueKind.FIRST and has_card(member):
        raise Refusal(
            _("%(name)s already has a Party card; a new card is recorded as re-issued after a loss or replaced because damaged.")
            % {"name": member.full_name},
            rule=issue_rule(),
            field="kind",
        )
    if kind != CardIssueKind.FIRST and not has_card(member):
        raise Refusal(
            _("%(name)s has no Party card recorded; only a member who has one gets a card re-issued or replaced. Record the first card.")
            % {"name": member.full_name},
            rule=reissue_rule(),
            field="kind",
        )
    latest = member.cards.order_by("-issued_on", "-pk").first()
    if latest is not None and issued_on < latest.issued_on:
        raise Refusal(
            _("The latest card of %(name)s was issued on %(date)s; a new card comes after it.")
            % {"name": member.full_name, "date": day_text(latest.issued_on)},
            rule=reissue_rule(),
            field="issued_on",
        )
    if latest is not None and (latest.kind, latest.issued_on) == (kind, issued_on):
        raise Refusal(_("This card is already recorded."), rule=_("records rule: no double entries"))
    if not number:
        raise Refusal(_("Give the number of the card."), rule=issue_rule(), field="number")
    if not CARD_NUMBER.match(number):
        raise Refusal(_("A Party card number has 6 to 20 digits."), rule=_("records rule"), field="number")
    taken = Member.objects.filter(card_number=number).exclude(pk=member.pk).exists()
    if taken or CardIssue.objects.filter(number=number).exclude(member=member).exists():
        raise _number_taken(number)


def _number_taken(number: str) -> Refusal:
    # Said without naming whose it is: the number may be outside the user's scope.
    return Refusal(_("Card number %(number)s is already used.") % {"number": number}, rule=_("card numbers are unique"), field="number")


def issue_card(
    *,
    actor: Any,
    member: Member,
    kind: str,
    issued_on: dt.date,
    number: str = "",
    decision_number: str = "",
    expected_version: int | None = None,
) -> CardIssue:
    """Record a card issued to `member` and make its number the record's card number (the
    record's version moves on, as for any change of the record). A card re-issued or
    replaced without a number given keeps the number of the member's card."""
    number, decision_number = number.strip(), decision_number.strip()
    with transaction.atomic():
        lock_version(member, expected_version)
        if not number and kind != CardIssueKind.FIRST:
            number = member.card_number or ""
        _check(member, kind, number, issued_on)
        card = record_event(CardIssue, actor=actor, member=member, kind=kind, number=number, issued_on=issued_on,
                            decision_number=decision_number)  # fmt: skip
        audit_record(actor=actor, action="card.issue", obj=card, after=snapshot(card, AUDITED))
        if member.card_number != number:
            before = member.card_number
            member.card_number = number
            try:
                with transaction.atomic():
                    member.save(update_fields=["card_number"])
            except IntegrityError as exc:  # another member took the number since the check
                raise _number_taken(number) from exc
            audit_record(actor=actor, action="member.update", obj=member, before={"card_number": before}, after={"card_number": number})
    return card
