"""Appeals to settle and denunciations to handle by their due date: `days` before it and
once missed, to those who handle them only.

An appeal goes to the inspection officers of the settling organization. A denunciation goes
to its current handlers (the users assigned to it), or, before anyone is assigned, to the
inspection officers of the handling organization; never to the member or organization it
denounces. Who denounced is confidential: a denunciation is read here without the
denouncer's fields (the overdue board's `DENUNCIATION_FIELDS`), and its notice holds only
its number, dates and handling organization — not even its content, which the denouncer
wrote and which an e-mail carries out of the system."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuilding.accounts.models import User
from partybuilding.inspections.choices import AppealStatus
from partybuilding.inspections.models import Appeal, Denunciation, Handler
from partybuilding.inspections.selectors.overdue import DENUNCIATION_FIELDS, IN_HANDLING
from partybuilding.inspections.services.denunciations import is_subject

from ..choices import NoticeKind
from ..recipients import INSPECTORS, Recipient, officers_of
from . import Area, Found, source, windows

# --- appeals ---------------------------------------------------------------------------------


def _appeal_notices(area: Area, window: windows.Window) -> Iterator[Found]:
    rows = Appeal.objects.filter(area.q(), status=AppealStatus.FILED, due__gte=window.first, due__lte=window.last)
    appeals = list(rows.select_related("organization").order_by("due", "pk"))
    officers = officers_of({(a.organization_id, a.org_path) for a in appeals}, INSPECTORS)
    for appeal in appeals:
        params = {
            "appeal": appeal.pk,
            "filed": appeal.filed_on.isoformat(),
            "due": appeal.due.isoformat(),
            "organization": appeal.organization.name,
        }
        link = reverse("inspection_appeal", args=[appeal.pk])
        for recipient in officers.get(appeal.organization_id, []):
            yield Found(f"appeal:{appeal.pk}", window.notice_day(appeal.due), recipient, params, link, appeal.organization.name)


@source(NoticeKind.APPEAL_DUE_SOON, default_days=7, days_meaning=_("days before the deadline"))
def appeal_due_soon(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Appeals being handled whose settling deadline is within `days`."""
    yield from _appeal_notices(area, windows.soon(day, days))


@source(NoticeKind.APPEAL_OVERDUE, default_days=1, days_meaning=_("days after the deadline"))
def appeal_overdue(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Appeals still being handled `days` after their deadline, once each."""
    yield from _appeal_notices(area, windows.overdue(day, days))


# --- denunciations ---------------------------------------------------------------------------


def _handlers(denunciations: list[Denunciation]) -> dict[int, list[Recipient]]:
    """Each denunciation's current handlers, else its organization's inspection officers,
    less anyone it denounces."""
    assigned: dict[int, list[Recipient]] = defaultdict(list)
    by_pk = {d.pk: d for d in denunciations}
    rows = Handler.objects.filter(denunciation_id__in=list(by_pk), released_on__isnull=True, user__is_active=True)
    for d_id, user_id in rows.order_by("denunciation_id", "user_id").values_list("denunciation_id", "user_id"):
        d = by_pk[d_id]
        assigned[d_id].append(Recipient(f"u:{user_id}", user_id, None, d.organization_id, d.org_path))
    unassigned = [d for d in denunciations if d.pk not in assigned]
    officers = officers_of({(d.organization_id, d.org_path) for d in unassigned}, INSPECTORS)
    found = {}
    for d in denunciations:
        people = assigned.get(d.pk) or officers.get(d.organization_id, [])
        found[d.pk] = [person for person in people if not is_subject(User(pk=person.user_id), d)]
    return found


def _denunciation_notices(area: Area, window: windows.Window) -> Iterator[Found]:
    rows = Denunciation.objects.filter(area.q(), status__in=IN_HANDLING, due__gte=window.first, due__lte=window.last)
    rows = rows.select_related("organization", "subject_organization").only(
        *DENUNCIATION_FIELDS, "subject_kind", "organization", "org_path"
    )
    denunciations = list(rows.order_by("due", "pk"))
    recipients = _handlers(denunciations)
    for d in denunciations:
        assert d.due is not None  # the window holds only dated ones
        params = {
            "denunciation": d.pk,
            "received": d.received_on.isoformat(),
            "due": d.due.isoformat(),
            "organization": d.organization.name,
        }
        link = reverse("inspection_denunciation", args=[d.pk])
        for recipient in recipients[d.pk]:
            yield Found(f"denunciation:{d.pk}", window.notice_day(d.due), recipient, params, link, d.organization.name)


@source(NoticeKind.DENUNCIATION_DUE_SOON, default_days=7, days_meaning=_("days before the deadline"))
def denunciation_due_soon(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Denunciations being handled whose deadline is within `days`."""
    yield from _denunciation_notices(area, windows.soon(day, days))


@source(NoticeKind.DENUNCIATION_OVERDUE, default_days=1, days_meaning=_("days after the deadline"))
def denunciation_overdue(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Denunciations still being handled `days` after their deadline, once each."""
    yield from _denunciation_notices(area, windows.overdue(day, days))
