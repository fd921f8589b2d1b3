"""Transfer letters not presented (the member not received) within the rule's days, to the
officers of the organization that is to receive them (or, for a letter to an organization
outside the system, of the sender, who records the outcome): the transfers app's
`handlers` and `deadlines`, read on the day of the run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from partybuilding.members.choices import TransferStatus
from partybuilding.members.models import Transfer
from partybuilding.members.transfers.deadlines import deadlines
from partybuilding.members.transfers.selectors import handlers, with_related

from ..choices import NoticeKind
from ..recipients import HANDLERS, officers_of
from . import Area, Found, source, windows


def _in_area(area: Area) -> Q:
    """Transfers whose receiving side is in the area (the sender, for a letter leaving the system)."""
    received_here = Q(to_organization__isnull=False) & area.q("to_organization__path")
    sent_out = Q(to_organization__isnull=True) & area.q("from_organization__path")
    return received_here | sent_out


@source(NoticeKind.TRANSFER_OVERDUE, default_days=1, days_meaning=_("days after the deadline"))
def transfer_overdue(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Letters still waiting to be received `days` after the day they were to be presented, once each."""
    window = windows.overdue(day, days)
    # A letter is presented after it is dated: the ones dated after the window cannot be late in it.
    waiting = Transfer.objects.filter(_in_area(area), status=TransferStatus.ISSUED, letter_date__lte=window.last)
    late: list[tuple[Transfer, dt.date]] = []
    for transfer in with_related(waiting).order_by("letter_date", "pk").iterator(chunk_size=2000):
        # While the letter waits, its one running deadline is the letter's presentation.
        due = next((d.due for d in deadlines(transfer, day) if d.running and window.holds(d.due)), None)
        if due is not None:
            late.append((transfer, due))
    receivers = {transfer.pk: handlers(transfer, "receive") for transfer, _due in late}
    officers = officers_of({(org.pk, org.path) for orgs in receivers.values() for org in orgs}, HANDLERS)
    for transfer, due in late:
        params = {
            "transfer": transfer.pk,
            "name": transfer.member.full_name,
            "letter": transfer.letter_number,
            "deadline": due.isoformat(),
            "from": transfer.from_organization.name if transfer.from_organization else "",
        }
        for org in receivers[transfer.pk]:
            link = reverse("transfer_list") + "?" + urlencode({"within": str(org.pk), "overdue": "1"})
            for recipient in officers.get(org.pk, []):
                yield Found(f"transfer:{transfer.pk}", window.notice_day(due), recipient, params, link, transfer.member.full_name)
