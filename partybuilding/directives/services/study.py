"""The dissemination and study of a resolution: a campaign opened by an organization, the list
of its members who must study (made once, all or nothing, in the background for a large
scope), the sessions held down the tree with their attendance, the make-up and online study
of a member, each member's written study note, and the campaign's close.

Every write keeps `StudyAssignment.done` and the counters "st.<campaign>.done" right in its
own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import paths
from partybuilding.core.audit import audit_record
from partybuilding.core.bulk import Progress, Table, no_progress
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text, refuse_future
from partybuilding.core.rules import rule, rule_value
from partybuilding.core.workflow import Run, Step, Workflow, date_param, no_date
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Membership
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization

from ..choices import CampaignStatus, StudyWay
from ..counters import assigned_key, done_key
from ..models import Document, StudyAssignment, StudyCampaign, StudySession

NOTE_RULE = "directives.study_note_required"
MAX_NOTE = 20_000


def records_rule() -> str:
    return _("records rule")


def study_rule() -> str:
    return _("the committee's working rules: the study of resolutions")


def is_done(assignment: StudyAssignment, note_required: bool) -> bool:
    """Studied (at a session, a make-up session or online; an excused member is not), and the
    note written when the campaign requires one."""
    studied = assignment.studied_on is not None and assignment.way != StudyWay.EXCUSED
    return studied and (not note_required or bool(assignment.note.strip()))


def _settle(assignment: StudyAssignment, note_required: bool, deltas: dict[str, dict[str, int]]) -> None:
    """Judge the assignment done or not; a change is added to `deltas` (per member path)."""
    now = is_done(assignment, note_required)
    if now != assignment.done:
        node = deltas.setdefault(assignment.member_path, {})
        key = done_key(assignment.campaign_id)
        node[key] = node.get(key, 0) + (1 if now else -1)
        assignment.done = now


def _count(deltas: dict[str, dict[str, int]]) -> None:
    if len(deltas) == 1:
        ((path, node),) = deltas.items()
        totals.add(path, node)
    elif deltas:
        totals.add_many(deltas)


# --- the campaign ----------------------------------------------------------------------------


def campaign_view(campaign: StudyCampaign) -> dict[str, Any]:
    return {
        "organization": campaign.organization_id,
        "title": campaign.title,
        "starts_on": campaign.starts_on,
        "deadline": campaign.deadline,
        "members_on": campaign.members_on,
        "note_required": campaign.note_required,
        "status": campaign.status,
        "assigned": campaign.assigned,
    }


def _opened(run: Run) -> None:
    """The list of members is ready: the campaign opens with their number."""
    run.changes["assigned"] = run["assigned"]


def _closed(run: Run) -> None:
    """Closed by its organization, after the deadline or earlier: notes are no longer edited."""
    if run.day < run.obj.starts_on:
        raise Refusal(
            _("The campaign starts on %(day)s; it cannot close before.") % {"day": day_text(run.obj.starts_on)},
            rule=records_rule(),
            field="date",
        )
    run.audit["closed_on"] = run.day


CAMPAIGN = Workflow(
    "directives.campaign",
    model=StudyCampaign,
    audit_view=campaign_view,
    steps=[
        Step(
            "open",
            gettext_lazy("Open the campaign"),
            _opened,
            sources=(CampaignStatus.PREPARING,),
            target=CampaignStatus.OPEN,
            date_of=no_date,
        ),
        Step(
            "close",
            gettext_lazy("Close the campaign"),
            _closed,
            sources=(CampaignStatus.OPEN,),
            target=CampaignStatus.CLOSED,
            date_of=date_param(),
        ),
    ],
)


def campaign_create(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    documents: Iterable[Document],
    starts_on: dt.date,
    deadline: dt.date,
    members_on: dt.date,
    note_required: bool | None = None,
) -> StudyCampaign:
    """A new campaign, PREPARING until its list of members is made (`list_start`).
    `note_required` None: as the rule in force on the first day says."""
    title = (title or "").strip()
    if not title:
        raise Refusal(_("Give the campaign a title."), rule=records_rule(), field="title")
    studied = list(documents)
    if not studied:
        raise Refusal(_("Name at least one document to study."), rule=study_rule(), field="documents")
    if deadline <= starts_on:
        raise Refusal(_("The deadline must come after the first day."), rule=records_rule(), field="deadline")
    if note_required is None:
        note_required = bool(rule_value(NOTE_RULE, starts_on))
    with transaction.atomic():
        campaign = StudyCampaign.objects.create(
            organization=organization,
            org_path=organization.path,
            title=title,
            starts_on=starts_on,
            deadline=deadline,
            members_on=members_on,
            note_required=note_required,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        campaign.documents.set(studied)
        audit_record(actor=actor, action="directives.campaign.create", obj=campaign, after={**campaign_view(campaign), "documents": [d.pk for d in studied]})  # fmt: skip
    return campaign


def members_to_study(org: Organization, day: dt.date) -> list[tuple[int, str]]:
    """(member id, path of the organization they were in) of every official or probationary
    member of `org`'s subtree on `day`, from the dated membership periods."""
    valid = Membership.objects.filter(valid_from__lte=day).exclude(valid_to__lte=day)
    rows = valid.filter(paths.subtree_q(org.path, "organization__path"), status__in=list(IN_LIST))
    found: dict[int, str] = {}
    for member_id, path in rows.order_by("member_id", "-valid_from").values_list("member_id", "organization__path"):
        found.setdefault(member_id, path)  # two periods on one day: the newer one
    return sorted(found.items(), key=lambda row: (row[1], row[0]))


def list_make(*, actor: Any, campaign: StudyCampaign, progress: Progress = no_progress) -> StudyCampaign:
    """Make the campaign's list of members who must study, count them, and open it: every
    row or none (one transaction). Run inline for a small scope, by the job otherwise."""
    with transaction.atomic():
        campaign = StudyCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.PREPARING or campaign.assignments.exists():
            raise Refusal(_("The list of members of this campaign is already made."), rule=records_rule())
        progress("members", 0, 1)
        members = members_to_study(campaign.organization, campaign.members_on)
        progress("members", 1, 1)
        table = Table(StudyAssignment)
        rows = (table.row({"campaign_id": campaign.pk, "member_id": m, "member_path": p}) for m, p in members)
        table.insert(rows, len(members), "rows", progress)
        per_path: dict[str, dict[str, int]] = {}
        for _member, path in members:
            node = per_path.setdefault(path, {assigned_key(campaign.pk): 0})
            node[assigned_key(campaign.pk)] += 1
        progress("totals", 0, 1)
        totals.add_many(per_path)
        progress("totals", 1, 1)
        return CAMPAIGN.run("open", actor=actor, obj=campaign, assigned=len(members))


def campaign_close(*, actor: Any, campaign: StudyCampaign, date: dt.date, expected_version: int | None = None) -> StudyCampaign:
    return CAMPAIGN.run("close", actor=actor, obj=campaign, date=date, expected_version=expected_version)


def _require_open(campaign: StudyCampaign, field: str | None = None) -> None:
    if campaign.status != CampaignStatus.OPEN:
        raise Refusal(
            _("The campaign is “%(status)s”: nothing more is recorded in it.") % {"status": campaign.get_status_display()},
            rule=study_rule(),
            field=field,
        )


# --- sessions and attendance -----------------------------------------------------------------


def session_create(
    *, actor: Any, campaign: StudyCampaign, organization: Organization, date: dt.date, place: str = "", speaker: str = ""
) -> StudySession:
    """A study session held by an organization of the campaign's subtree."""
    _require_open(campaign)
    if not organization.path.startswith(campaign.org_path):
        raise Refusal(
            _("%(org)s is not under %(campaign_org)s, which holds the campaign.")
            % {"org": organization.name, "campaign_org": campaign.organization.name},
            rule=study_rule(),
            field="organization",
        )
    if date < campaign.starts_on:
        raise Refusal(
            _("The campaign starts on %(day)s; a session comes on or after it.") % {"day": day_text(campaign.starts_on)},
            rule=study_rule(),
            field="date",
        )
    with transaction.atomic():
        session = StudySession.objects.create(
            campaign=campaign,
            organization=organization,
            org_path=organization.path,
            date=date,
            place=(place or "").strip(),
            speaker=(speaker or "").strip(),
        )
        after = {"campaign": campaign.pk, "organization": organization.pk, "date": date, "place": session.place, "speaker": session.speaker}
        audit_record(actor=actor, action="directives.study_session.create", obj=session, after=after)
    return session


def session_assignments(session: StudySession) -> Any:
    """The members who must study in the session's organization (its subtree)."""
    rows = StudyAssignment.objects.filter(campaign_id=session.campaign_id).filter(paths.subtree_q(session.org_path, "member_path"))
    return rows.select_related("member").order_by("member_path", "member__full_name", "pk")


def attendance_record(*, actor: Any, session: StudySession, present: Iterable[int], excused: Iterable[int] = ()) -> dict[str, int]:
    """The session's attendance, by member id: present members studied on the session's
    date; excused ones are marked so (and not done); a member marked present at this session
    before and no longer ticked is unmarked. Members who studied elsewhere keep it."""
    present_ids, excused_ids = set(present), set(excused)
    if present_ids & excused_ids:
        raise Refusal(_("A member is either present or excused, not both."), rule=records_rule(), field="excused")
    refuse_future(session.date, "date", _("The session"))
    with transaction.atomic():
        campaign = StudyCampaign.objects.select_for_update().get(pk=session.campaign_id)
        _require_open(campaign)
        rows = list(session_assignments(session).select_for_update(of=("self",)))
        unknown = (present_ids | excused_ids) - {row.member_id for row in rows}
        if unknown:
            raise Refusal(_("Only the members who must study in this organization are recorded here."), rule=study_rule(), field="present")
        deltas: dict[str, dict[str, int]] = {}
        changed: list[StudyAssignment] = []
        for row in rows:
            was = (row.studied_on, row.way, row.session_id)
            if row.member_id in present_ids:
                row.studied_on, row.way, row.session_id = session.date, StudyWay.SESSION, session.pk
            elif row.member_id in excused_ids:
                row.studied_on, row.way, row.session_id = None, StudyWay.EXCUSED, session.pk
            elif row.session_id == session.pk:  # ticked here before, no longer
                row.studied_on, row.way, row.session_id = None, "", None
            if (row.studied_on, row.way, row.session_id) != was:
                _settle(row, campaign.note_required, deltas)
                changed.append(row)
        StudyAssignment.objects.bulk_update(changed, ["studied_on", "way", "session", "done"], batch_size=1000)
        _count(deltas)
        figures = {"present": len(present_ids), "excused": len(excused_ids), "changed": len(changed)}
        audit_record(actor=actor, action="directives.study_session.attendance", obj=session, after=figures)
    return figures


def study_record(*, actor: Any, assignment: StudyAssignment, way: str, studied_on: dt.date | None = None) -> StudyAssignment:
    """One member's study outside a session: a make-up session, online, or excused."""
    if way not in (StudyWay.MAKE_UP, StudyWay.ONLINE, StudyWay.EXCUSED):
        raise Refusal(_("Choose how the member studied."), rule=records_rule(), field="way")
    if way != StudyWay.EXCUSED:
        if studied_on is None:
            raise Refusal(_("Give the date the member studied."), rule=records_rule(), field="studied_on")
        refuse_future(studied_on, "studied_on")
    with transaction.atomic():
        campaign = StudyCampaign.objects.select_for_update().get(pk=assignment.campaign_id)
        _require_open(campaign)
        row = StudyAssignment.objects.select_for_update().get(pk=assignment.pk)
        if studied_on is not None and way != StudyWay.EXCUSED and studied_on < campaign.starts_on:
            raise Refusal(
                _("The campaign starts on %(day)s; the study comes on or after it.") % {"day": day_text(campaign.starts_on)},
                rule=study_rule(),
                field="studied_on",
            )
        before = {"studied_on": row.studied_on, "way": row.way, "done": row.done}
        row.studied_on, row.way, row.session_id = (None if way == StudyWay.EXCUSED else studied_on), way, None
        deltas: dict[str, dict[str, int]] = {}
        _settle(row, campaign.note_required, deltas)
        row.save(update_fields=["studied_on", "way", "session", "done"])
        _count(deltas)
        after = {"studied_on": row.studied_on, "way": row.way, "done": row.done}
        audit_record(actor=actor, action="directives.study.record", obj=row, before=before, after=after)
    return row


def note_write(*, actor: Any, assignment: StudyAssignment, note: str, written_on: dt.date | None = None) -> StudyAssignment:
    """The member's study note (their plan of personal action), written by them or recorded
    from paper by their cell; editable until the campaign closes."""
    note = (note or "").strip()
    if not note:
        raise Refusal(_("Write the study note."), rule=study_rule(), field="note")
    if len(note) > MAX_NOTE:
        raise Refusal(_("The note is too long."), rule=records_rule(), field="note")
    written_on = written_on or timezone.localdate()
    refuse_future(written_on, "written_on")
    with transaction.atomic():
        campaign = StudyCampaign.objects.select_for_update().get(pk=assignment.campaign_id)
        _require_open(campaign, "note")
        row = StudyAssignment.objects.select_for_update().get(pk=assignment.pk)
        before = {"note_written_on": row.note_written_on, "done": row.done, "note_length": len(row.note)}
        row.note, row.note_written_on = note, written_on
        deltas: dict[str, dict[str, int]] = {}
        _settle(row, campaign.note_required, deltas)
        row.save(update_fields=["note", "note_written_on", "done"])
        _count(deltas)
        after = {"note_written_on": row.note_written_on, "done": row.done, "note_length": len(row.note)}
        audit_record(actor=actor, action="directives.study.note", obj=row, before=before, after=after)
    return row


def note_rule_citation(day: dt.date) -> str:
    """The citation of the rule on study notes in force on `day` (for the form's help)."""
    return rule(NOTE_RULE, day).citation
