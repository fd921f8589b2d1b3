"""What the meeting services share: the lock, the audited view, the checks of a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text

from ..choices import Presence
from ..models import Meeting

AUDITED = [
    "organization", "kind", "status", "date", "title", "starts_at", "ends_at", "duration_minutes", "place", "chair", "secretary",
    "agenda", "discussion", "resolution", "score", "level", "scheme",
]  # fmt: skip
RECORDS_RULE = gettext_lazy("records rule")


@dataclass(frozen=True)
class ItemIn:
    title: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0


@dataclass(frozen=True)
class Details:
    """What the secretary records of a held meeting."""

    date: dt.date
    starts_at: dt.time | None = None
    duration_minutes: int | None = None
    place: str = ""
    title: str = ""
    ends_at: dt.time | None = None  # planned (the check-in window); the duration is what was held
    chair_id: int | None = None
    secretary_id: int | None = None
    agenda: str = ""
    discussion: str = ""
    resolution: str = ""
    items: tuple[ItemIn, ...] = ()


@dataclass(frozen=True)
class AttendanceIn:
    member_id: int
    presence: str
    reason: str = ""
    contributions: int = 0


def audit_view(meeting: Meeting) -> dict[str, Any]:
    data = snapshot(meeting, AUDITED)
    data["items"] = [[i.title, i.votes_for, i.votes_against, i.votes_abstain] for i in meeting.items.order_by("position")]
    data["attendance"] = {
        str(a.member_id): [a.presence, a.reason, a.contributions, a.required] for a in meeting.attendance.order_by("member_id")
    }
    return data


def check_times(starts_at: dt.time | None, ends_at: dt.time | None) -> None:
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise Refusal(_("The meeting ends after it starts (on the same day)."), rule=RECORDS_RULE, field="ends_at")


def refuse_closed(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise Refusal(
            _("The meeting of %(date)s is closed: its record is frozen. Correct it by an amendment, giving the reason.")
            % {"date": day_text(meeting.date)},
            rule=_("records rule: closed minutes are changed only by an audited amendment"),
        )


def check_attendance_entry(entry: AttendanceIn, name: str) -> None:
    if entry.presence not in Presence.values:
        raise Refusal(_("Choose the attendance of %(name)s.") % {"name": name}, rule=RECORDS_RULE)
    if entry.presence == Presence.EXCUSED and not entry.reason.strip():
        raise Refusal(
            _("%(name)s is absent with reason: write the reason.") % {"name": name},
            rule=_("QĐ 24-QĐ/TW §8.1: an absence is excused only with its reason"),
        )
    if entry.contributions and entry.presence != Presence.PRESENT:
        raise Refusal(_("%(name)s was absent and cannot have spoken.") % {"name": name}, rule=RECORDS_RULE)


VOTES_RULE = gettext_lazy("records rule: each member present votes once")


class Votes(Protocol):
    """An item voted on, as typed (ItemIn) or as recorded (AgendaItem)."""

    @property
    def title(self) -> str: ...
    @property
    def votes_for(self) -> int: ...
    @property
    def votes_against(self) -> int: ...
    @property
    def votes_abstain(self) -> int: ...


def refuse_excess_votes(items: Iterable[Votes], present: int, *, recorded: bool = True) -> None:
    """For, against and abstain on an item, each and together, are at most the members
    present; before the attendance is marked, at most the members expected."""
    for item in items:
        if min(item.votes_for, item.votes_against, item.votes_abstain) < 0:
            raise Refusal(_("“%(item)s”: a number of votes cannot be negative.") % {"item": item.title}, rule=VOTES_RULE, field="items")
        cast = item.votes_for + item.votes_against + item.votes_abstain
        if cast <= present:
            continue
        if recorded:
            message = _("“%(item)s”: %(cast)d votes, but only %(present)d members were present.")
        else:
            message = _("“%(item)s”: %(cast)d votes, but only %(present)d members are expected at the meeting.")
        raise Refusal(message % {"item": item.title, "cast": cast, "present": present}, rule=VOTES_RULE, field="items")


def present_count(meeting: Meeting, expected: int) -> tuple[int, bool]:
    """How many may vote: the members marked present, or the members expected while the
    attendance is not marked yet (and whether it is marked)."""
    if meeting.attendance_recorded:
        return meeting.attendance.filter(presence=Presence.PRESENT).count(), True
    return expected, False


def check_votes(meeting: Meeting) -> None:
    """Votes on an item cannot outnumber the members present."""
    present = meeting.attendance.filter(presence=Presence.PRESENT).count()
    refuse_excess_votes(meeting.items.all(), present)
