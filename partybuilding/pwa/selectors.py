"""What the phone app keeps on the device for reading without a connection: the signed-in
member's own pages and the files of their cell's coming meetings, and a secretary's
screens for the meetings of the coming days."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from partybuilding.core.scope import Action
from partybuilding.meetings.choices import MeetingStatus
from partybuilding.meetings.models import Meeting, MeetingDocument
from partybuilding.meetings.selectors import own_cell_member, upcoming_for

# The member's own pages, kept for everyone who signs in.
OWN_PAGES = ("home", "my_record", "dues_me", "my_meetings")


def device_key(user: Any) -> str:
    """Names whose pages the device keeps without naming the user: a device that changes
    hands forgets the previous user's pages."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:pwa:{user.pk}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Kept:
    """The pages a device keeps a copy of from each visit, and what it fetches ahead: the
    files of the coming meetings (downloads, which change nothing on the server, unlike a
    page, whose rendering may use up the user's messages or race with what they do)."""

    pages: list[str]
    ahead: list[str]


def kept_for(user: Any, today: dt.date | None = None) -> Kept:
    today = today or timezone.localdate()
    pages = [reverse(name) for name in OWN_PAGES]
    ahead: list[str] = []
    member = own_cell_member(user)
    if member is not None:
        meetings = upcoming_for(member.organization, today)[: settings.PWA_MEETINGS_KEPT]
        documents = MeetingDocument.objects.filter(meeting__in=meetings).values_list("pk", flat=True)
        ahead += [reverse("meeting_document", args=[pk]) for pk in documents]
    for meeting in secretary_meetings(user, today):
        pages += [reverse("meeting_detail", args=[meeting.pk]), reverse("pwa_attendance", args=[meeting.pk])]
        pages.append(reverse("pwa_cash", args=[meeting.organization_id, meeting.date.year, meeting.date.month]))
    return Kept(list(dict.fromkeys(pages)), ahead)


def secretary_meetings(user: Any, today: dt.date) -> list[Meeting]:
    """The open meetings of the coming days (and yesterday's, still being recorded) whose
    attendance the user records."""
    days = dt.timedelta(days=settings.PWA_SECRETARY_DAYS_AHEAD)
    meetings = (
        Meeting.objects.visible_to(user, Action.MANAGE_MEMBERS)
        .filter(date__range=(today - dt.timedelta(days=1), today + days))
        .exclude(status=MeetingStatus.CLOSED)
        .order_by("date", "pk")
    )
    return list(meetings[: settings.PWA_MEETINGS_KEPT])
