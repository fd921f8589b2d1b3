"""Meetings: the invitation about two weeks ahead, the reminder the day before, and what
the secretary still has to prepare."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuilding.meetings.choices import MeetingStatus
from partybuilding.meetings.models import Meeting, MeetingDocument

from ..choices import NoticeKind
from ..recipients import HANDLERS, members_of, officers_of
from . import Area, Found, source


def _planned(day: dt.date, first: dt.date, last: dt.date, area: Area) -> list[Meeting]:
    files = Prefetch("documents", queryset=MeetingDocument.objects.defer("content").order_by("pk"))
    rows = Meeting.objects.filter(area.q(), status=MeetingStatus.PLANNED, date__gte=first, date__lte=last)
    return list(rows.select_related("organization").prefetch_related(files).order_by("date", "pk"))


def meeting_params(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting.pk,
        "meeting_kind": meeting.kind,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "starts_at": meeting.starts_at.strftime("%H:%M") if meeting.starts_at else "",
        "place": meeting.place,
        "organization": meeting.organization.name,
        "agenda": meeting.agenda[:2000],
        "documents": [[doc.pk, doc.name] for doc in meeting.documents.all()],
    }


def _announce(meetings: list[Meeting], day_of: Any) -> Iterator[Found]:
    members = members_of({m.organization_id for m in meetings})
    mine = reverse("my_meetings")
    for meeting in meetings:
        params = meeting_params(meeting)
        for recipient in members.get(meeting.organization_id, []):
            yield Found(f"meeting:{meeting.pk}", day_of(meeting), recipient, params, mine, meeting.title or meeting.organization.name)


@source(NoticeKind.MEETING_INVITATION, default_days=14, days_meaning=_("days before the meeting"))
def invitations(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Planned meetings within `days`: the members of the meeting's organization. The
    notice belongs to the day `days` before the meeting (a meeting planned later is
    announced at once, still once)."""
    meetings = _planned(day, day + dt.timedelta(days=1), day + dt.timedelta(days=days), area)
    yield from _announce(meetings, lambda m: m.date - dt.timedelta(days=days))


@source(NoticeKind.MEETING_TOMORROW, default_days=1, days_meaning=_("days before the meeting"))
def reminders(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """The planned meetings exactly `days` ahead (tomorrow, by default)."""
    target = day + dt.timedelta(days=days)
    yield from _announce(_planned(day, target, target, area), lambda m: day)


def _needs(meeting: Meeting) -> list[str]:
    """What the meeting lacks to be announced well (texts.py words each code)."""
    needs = []
    if not meeting.agenda.strip():
        needs.append("agenda")
    if not meeting.documents.all():
        needs.append("documents")
    if meeting.starts_at is None:
        needs.append("time")
    if not meeting.place.strip():
        needs.append("place")
    return needs


@source(NoticeKind.MEETING_NEEDS, default_days=16, days_meaning=_("days before the meeting"))
def needs(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Planned meetings within `days` that lack an agenda, files, a time or a place: the
    officers of the meeting's organization (its secretary), once per meeting. The default
    is two days before the invitations go out."""
    meetings = [m for m in _planned(day, day + dt.timedelta(days=1), day + dt.timedelta(days=days), area) if _needs(m)]
    officers = officers_of({(m.organization_id, m.org_path) for m in meetings}, HANDLERS)
    for meeting in meetings:
        params = {**meeting_params(meeting), "needs": _needs(meeting)}
        link = reverse("meeting_detail", args=[meeting.pk])
        for recipient in officers.get(meeting.organization_id, []):
            key_day = meeting.date - dt.timedelta(days=days)
            yield Found(f"meeting:{meeting.pk}", key_day, recipient, params, link, meeting.title or meeting.organization.name)
