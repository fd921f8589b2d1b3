"""Writes of a meeting: plan, record, attendance, attach, close, amend."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.models import lock_version
from partybuilding.core.records import actor_user, day_text, refuse_future
from partybuilding.organizations.models import Organization

from .. import roster, scoring
from .. import totals as quality
from ..choices import KINDS_OF_ORG, MeetingKind, MeetingStatus, Presence
from ..models import AgendaItem, Amendment, Attendance, Meeting, MeetingDocument
from .base import (
    RECORDS_RULE,
    AttendanceIn,
    Details,
    audit_view,
    check_attendance_entry,
    check_times,
    check_votes,
    present_count,
    refuse_closed,
    refuse_excess_votes,
)

MAX_DOCUMENT_BYTES = MAX_FILE_BYTES  # the database row holds the file


def _check_kind(organization: Organization, kind: str, date: dt.date) -> None:
    if kind not in MeetingKind.values:
        raise Refusal(_("Choose the kind of meeting."), rule=RECORDS_RULE, field="kind")
    if organization.kind not in KINDS_OF_ORG[kind]:
        raise Refusal(
            _("%(org)s does not hold a “%(kind)s”.") % {"org": organization.name, "kind": MeetingKind(kind).label},
            rule=_("Party Charter, Art. 24; HD 12-HD/BTCTW (2022)"),
            field="kind",
        )
    if organization.founded_on > date or (organization.dissolved_on and organization.dissolved_on <= date):
        raise Refusal(
            _("%(org)s did not exist on %(date)s.") % {"org": organization.name, "date": day_text(date)}, rule=RECORDS_RULE, field="date"
        )


def meeting_plan(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    date: dt.date,
    title: str = "",
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    place: str = "",
    submission: uuid.UUID | None = None,
) -> Meeting:
    """Put a meeting in the plan, with its planned start and end when known. The same form
    submitted twice plans it once."""
    if submission is not None and (done := Meeting.objects.filter(submission=submission, organization=organization).first()):
        return done
    _check_kind(organization, kind, date)
    check_times(starts_at, ends_at)
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                organization=organization,
                org_path=organization.path,
                kind=kind,
                date=date,
                month=date.replace(day=1),
                title=title.strip(),
                starts_at=starts_at,
                ends_at=ends_at,
                place=place.strip(),
                created_by=actor_user(actor),
                submission=submission,
            )
            audit_record(actor=actor, action="meeting.plan", obj=meeting, after=audit_view(meeting))
    except IntegrityError:
        done = Meeting.objects.filter(submission=submission, organization=organization).first() if submission else None
        if done is None:
            raise
        return done
    return meeting


def _check_roster_kept(meeting: Meeting, expected: set[tuple[int, bool]], date: dt.date, *, attendance_follows: bool) -> None:
    """A new date can change who was expected, or who was required (an exemption, a
    temporary stay): an open meeting's marks are dropped and it is marked again; a closed
    one keeps its date unless the attendance is corrected in the same amendment."""
    if expected == set(meeting.attendance.values_list("member_id", "required")) or attendance_follows:
        return
    if meeting.is_closed:
        raise Refusal(
            _(
                "The members expected on %(date)s are not those marked present or absent: "
                "correct the date and the attendance in one amendment."
            )
            % {"date": day_text(date)},
            rule=RECORDS_RULE,
            field="date",
        )
    meeting.attendance.all().delete()
    meeting.attendance_recorded = False


def _apply_details(meeting: Meeting, details: Details, *, attendance_follows: bool = False) -> None:
    refuse_future(details.date, "date")
    _check_kind(meeting.organization, meeting.kind, details.date)
    expected = roster.expected(meeting.organization, meeting.kind, details.date)
    expected_ids = {e.member.pk for e in expected}
    for field, member_id in (("chair", details.chair_id), ("secretary", details.secretary_id)):
        if member_id is not None and member_id not in expected_ids:
            raise Refusal(_("The chair and the secretary are members expected at the meeting."), rule=RECORDS_RULE, field=field)
    check_times(details.starts_at, details.ends_at)
    if details.duration_minutes is not None and not 0 < details.duration_minutes <= 24 * 60:
        raise Refusal(_("The duration is between 1 minute and 24 hours."), rule=RECORDS_RULE, field="duration_minutes")
    # Marks made one by one (check-ins, phones) count as marked attendance for a change of date.
    if (meeting.attendance_recorded or meeting.attendance.exists()) and details.date != meeting.date:
        _check_roster_kept(meeting, {(e.member.pk, e.required) for e in expected}, details.date, attendance_follows=attendance_follows)
    # Refused where typed, not only at closing: the bound is the attendance marked, or the
    # members expected while it is not (or while it is marked again in the same amendment).
    present, recorded = (len(expected), False) if attendance_follows else present_count(meeting, len(expected))
    refuse_excess_votes([i for i in details.items if i.title.strip()], present, recorded=recorded)
    for name in ("date", "starts_at", "ends_at", "duration_minutes", "place", "chair_id", "secretary_id"):
        setattr(meeting, name, getattr(details, name))
    meeting.month = details.date.replace(day=1)
    meeting.attendance.update(month=meeting.month)
    for name in ("title", "agenda", "discussion", "resolution"):
        setattr(meeting, name, getattr(details, name).strip())
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    meeting.save()
    meeting.items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            title=item.title.strip(),
            votes_for=item.votes_for,
            votes_against=item.votes_against,
            votes_abstain=item.votes_abstain,
        )
        for n, item in enumerate(details.items, start=1)
        if item.title.strip()
    )


def _apply_attendance(meeting: Meeting, entries: Sequence[AttendanceIn], actor: Any = None) -> None:
    refuse_future(meeting.date, "date")
    # A member's check-in (arrival, lateness) and the mark that counts are kept while the
    # form leaves their presence as it was.
    before = {a.member_id: a for a in meeting.attendance.all()}
    now = timezone.now()
    expected = {e.member.pk: e for e in roster.expected(meeting.organization, meeting.kind, meeting.date)}
    given = {entry.member_id: entry for entry in entries}
    strangers = set(given) - set(expected)
    if strangers:
        raise Refusal(_("Only the members expected at the meeting are marked."), rule=RECORDS_RULE)
    missing = [e.member.full_name for pk, e in expected.items() if pk not in given and e.required]
    if missing:
        raise Refusal(_("Mark the attendance of: %(names)s.") % {"names": ", ".join(missing)}, rule=RECORDS_RULE)
    rows = []
    for pk, e in expected.items():
        entry = given.get(pk) or AttendanceIn(pk, Presence.EXCUSED, _("not required to attend"))
        check_attendance_entry(entry, e.member.full_name)
        # A member not required (exempted, staying elsewhere) who does not come is not absent.
        presence, reason = entry.presence, entry.reason.strip()
        if not e.required and presence == Presence.UNEXCUSED:
            presence, reason = Presence.EXCUSED, reason or _("not required to attend")
        row = Attendance(
            meeting=meeting,
            org_path=meeting.org_path,
            month=meeting.month,
            member_id=pk,
            required=e.required,
            presence=presence,
            reason=reason,
            contributions=entry.contributions,
            marked_at=now,
            marked_by=actor_user(actor),
        )
        kept = before.get(pk)
        if kept is not None and kept.presence == presence:
            row.marked_at, row.marked_via, row.marked_by_id = kept.marked_at, kept.marked_via, kept.marked_by_id
            row.arrived_at, row.late = kept.arrived_at, kept.late and presence == Presence.PRESENT
        rows.append(row)
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(rows)
    meeting.attendance_recorded = True
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["attendance_recorded", "status", "updated_at"])


def meeting_record(*, actor: Any, meeting: Meeting, details: Details, expected_version: int | None = None) -> Meeting:
    """Record what happened at a held meeting (before it is closed)."""
    return _edited(actor, meeting, expected_version, "meeting.record", lambda: _apply_details(meeting, details))


def attendance_record(*, actor: Any, meeting: Meeting, entries: Sequence[AttendanceIn], expected_version: int | None = None) -> Meeting:
    """Mark every expected member present, absent with reason or absent without reason."""

    def change() -> None:
        _apply_attendance(meeting, entries, actor)
        check_votes(meeting)  # fewer present than the votes recorded: the votes are corrected first

    return _edited(actor, meeting, expected_version, "meeting.attendance", change)


def _edited(actor: Any, meeting: Meeting, expected_version: int | None, action: str, change: Callable[[], None]) -> Meeting:
    """A change to a meeting not yet closed, at the version the user saw; audited."""
    with transaction.atomic():
        lock_version(meeting, expected_version)
        refuse_closed(meeting)
        before = audit_view(meeting)
        change()
        audit_record(actor=actor, action=action, obj=meeting, before=before, after=audit_view(meeting))
    return meeting


def _rescore(meeting: Meeting) -> None:
    scheme = scoring.scheme_in_force(meeting.organization, meeting.date)
    meeting.score, meeting.level = scoring.score(scheme, scoring.measures(meeting))
    meeting.scheme = scheme


def meeting_close(*, actor: Any, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """Freeze the record and score it by the scheme in force on the meeting's date."""
    with transaction.atomic():
        lock_version(meeting, expected_version)
        refuse_closed(meeting)
        if meeting.status != MeetingStatus.HELD or not meeting.attendance_recorded:
            raise Refusal(_("Record the meeting and its attendance before closing it."), rule=RECORDS_RULE)
        if not meeting.duration_minutes:
            raise Refusal(_("Record how long the meeting lasted before closing it."), rule=RECORDS_RULE, field="duration_minutes")
        refuse_future(meeting.date, "date")
        check_votes(meeting)
        before = audit_view(meeting)
        _rescore(meeting)
        meeting.status = MeetingStatus.CLOSED
        meeting.closed_at = timezone.now()
        meeting.save()
        quality.change(meeting.org_path, {}, quality.keys_of(meeting))
        audit_record(actor=actor, action="meeting.close", obj=meeting, before=before, after=audit_view(meeting))
    return meeting


def meeting_amend(
    *,
    actor: Any,
    meeting: Meeting,
    reason: str,
    details: Details | None = None,
    attendance: Sequence[AttendanceIn] | None = None,
    expected_version: int | None = None,
) -> Amendment:
    """Correct a closed meeting: the change, its reason and its author are kept, and the
    meeting is scored again."""
    if not reason.strip():
        raise Refusal(_("Give the reason for the amendment."), rule=_("records rule: amendments are explained"), field="reason")
    with transaction.atomic():
        lock_version(meeting, expected_version)
        if not meeting.is_closed:
            raise Refusal(_("Only a closed meeting is amended; this one can still be edited."), rule=RECORDS_RULE)
        before = audit_view(meeting)
        counted = quality.keys_of(meeting)
        if details is not None:
            _apply_details(meeting, details, attendance_follows=attendance is not None)
        if attendance is not None:
            _apply_attendance(meeting, attendance, actor)
        check_votes(meeting)
        _rescore(meeting)
        meeting.save()
        quality.change(meeting.org_path, counted, quality.keys_of(meeting))
        after = audit_view(meeting)
        amendment = Amendment.objects.create(meeting=meeting, reason=reason.strip(), before=before, after=after, made_by=actor_user(actor))
        audit_record(actor=actor, action="meeting.amend", obj=meeting, before=before, after={**after, "reason": reason.strip()})
    return amendment


def document_attach(*, actor: Any, meeting: Meeting, name: str, content_type: str, content: bytes) -> MeetingDocument:
    """Attach a file (the agenda, a report, a resolution) to a meeting that is not closed."""
    if not content:
        raise Refusal(_("The file is empty."), rule=RECORDS_RULE, field="file")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise Refusal(_("A file is at most 10 MB."), rule=RECORDS_RULE, field="file")
    with transaction.atomic():
        lock_version(meeting, None)
        refuse_closed(meeting)
        document = MeetingDocument.objects.create(
            meeting=meeting,
            name=name[:255] or "document",
            content_type=content_type[:100] or "application/octet-stream",
            size=len(content),
            content=content,
            uploaded_by=actor_user(actor),
        )
        audit_record(actor=actor, action="meeting.attach", obj=meeting, after={"document": document.pk, "name": document.name})
    return document
