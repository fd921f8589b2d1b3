"""The deadlines of a transfer of Party activity, computed when read from the rules in force
on the date that starts each, never stored: a rule or a holiday corrected later shows at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partybuilding.core.calendar import add_working_days
from partybuilding.core.rules import rule_if_recorded

from ..choices import TransferKind, TransferStatus
from ..models import Transfer


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
