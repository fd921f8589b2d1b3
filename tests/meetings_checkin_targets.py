"""What the permission matrix reaches the check-in routes through: a check-in code naming a
meeting (of a slot long past: the code is refused, but only once the user is let in), and a
conflict between two marks of one of its members."""

from __future__ import annotations

import types

from django.core import signing

from partybuilding.meetings import checkin
from partybuilding.meetings.models import MarkConflict, Meeting


def code_of(meeting: Meeting) -> str:
    return signing.Signer(salt=checkin.SALT).sign(f"{meeting.pk}.0")


def conflict_of(meeting: Meeting) -> MarkConflict:
    """An open conflict about a member of the meeting (made once per case: each case's
    writes are rolled back after it)."""
    row = meeting.attendance.order_by("member_id").first()
    assert row is not None, "the matrix's meetings have their attendance recorded"
    side = {"presence": row.presence, "reason": row.reason, "marked_at": None, "via": "Máy A", "by": ""}
    found = MarkConflict.objects.filter(meeting=meeting, settled_at__isnull=True).first()
    return found or MarkConflict.objects.create(
        meeting=meeting, member_id=row.member_id, kept=side, overruled={**side, "presence": "unexcused", "via": "Máy B"}
    )


def scanned_code_of(meeting: Meeting) -> types.SimpleNamespace:
    """The code as the scope crawl fills a route's object: by its `pk`."""
    return types.SimpleNamespace(pk=code_of(meeting))
