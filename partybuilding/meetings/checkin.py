"""The meeting's check-in code: its time window, and the rotating signed code the secretary
shows in the room. A code names the meeting and a time slot; it is good for its own slot and
the one before (a member scanning as it changes is not refused), and only inside the window.

The clock is `now()`, so that tests can set it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.errors import Refusal
from partybuilding.core.rules import rule_value

from .models import Meeting

SALT = "meetings.checkin"
RULE_WINDOW = gettext_lazy("check-in rule: the meeting's time window")
RULE_CODE = gettext_lazy("check-in rule: a code is good for its own slot and the one before")


def now() -> dt.datetime:
    return timezone.now()


@dataclass(frozen=True)
class Window:
    """When members may check in, and from when an arrival is late (aware datetimes)."""

    opens: dt.datetime
    starts: dt.datetime
    late_from: dt.datetime
    closes: dt.datetime
    rotate_seconds: int

    def contains(self, moment: dt.datetime) -> bool:
        return self.opens <= moment < self.closes


def _at(meeting: Meeting, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(meeting.date, time), timezone.get_current_timezone())


def window_of(meeting: Meeting) -> Window | None:
    """The meeting's check-in window by the rules in force on its date; None while its
    planned start and end are not set."""
    if meeting.starts_at is None or meeting.ends_at is None:
        return None
    starts = _at(meeting, meeting.starts_at)
    opens_before = int(rule_value("meeting.checkin_opens_minutes_before", meeting.date))
    late_after = int(rule_value("meeting.checkin_late_after_minutes", meeting.date))
    rotate = max(int(rule_value("meeting.checkin_code_rotates_seconds", meeting.date)), 5)
    return Window(
        opens=starts - dt.timedelta(minutes=opens_before),
        starts=starts,
        late_from=starts + dt.timedelta(minutes=late_after),
        closes=_at(meeting, meeting.ends_at),
        rotate_seconds=rotate,
    )


def refuse_outside(meeting: Meeting, moment: dt.datetime) -> Window:
    """The window, when `moment` is inside it; else a refusal that says when it is."""
    window = window_of(meeting)
    if window is None:
        raise Refusal(_("This meeting has no planned start and end time: check-in by QR code is not open."), rule=RULE_WINDOW)
    if not window.contains(moment):
        local = timezone.localtime
        raise Refusal(
            _("Check-in for this meeting is open on %(date)s from %(opens)s to %(closes)s.")
            % {
                "date": local(window.opens).strftime("%d/%m/%Y"),
                "opens": local(window.opens).strftime("%H:%M"),
                "closes": local(window.closes).strftime("%H:%M"),
            },
            rule=RULE_WINDOW,
        )
    return window


def slot_of(moment: dt.datetime, window: Window) -> int:
    return int(moment.timestamp()) // window.rotate_seconds


def code_for(meeting: Meeting, moment: dt.datetime) -> str:
    """The code shown at `moment` (refused outside the window)."""
    window = refuse_outside(meeting, moment)
    return signing.Signer(salt=SALT).sign(f"{meeting.pk}.{slot_of(moment, window)}")


def code_expires(meeting: Meeting, moment: dt.datetime) -> dt.datetime:
    """When the code shown at `moment` stops being accepted (the end of the next slot)."""
    window = refuse_outside(meeting, moment)
    return dt.datetime.fromtimestamp((slot_of(moment, window) + 2) * window.rotate_seconds, tz=dt.UTC)


def meeting_of(code: str) -> tuple[int, int]:
    """The meeting and slot a code names; a code not signed by this server is refused."""
    try:
        meeting_id, slot = signing.Signer(salt=SALT).unsign(code).split(".")
        return int(meeting_id), int(slot)
    except (signing.BadSignature, ValueError):
        raise Refusal(_("This is not a check-in code of this system. Scan the code the secretary shows."), rule=RULE_CODE) from None


def check_code(meeting: Meeting, slot: int, moment: dt.datetime) -> Window:
    """The code of `slot` scanned at `moment`: inside the window, and of the current slot or
    the one before."""
    window = refuse_outside(meeting, moment)
    if slot not in (slot_of(moment, window), slot_of(moment, window) - 1):
        raise Refusal(_("This code has expired: scan the code on the screen now."), rule=RULE_CODE)
    return window
