"""Appointment records of the six kinds (appointment, re-appointment, nomination for election,
dismissal, resignation, temporary suspension): proposed, then a table of steps (`APPOINTMENT`):
the consultation's vote, the decision with its effect on the post held and the planning, or
the withdrawal; and the record's PDF documents."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from partybuilding.core.audit import audit_record
from partybuilding.core.dates import add_months
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.models import lock_version
from partybuilding.core.records import actor_user, already_submitted, day_text, record_event, refuse_future
from partybuilding.core.text import nfc
from partybuilding.core.workflow import History, Run, Step, Workflow, decision_date

from ..choices import GIVING_KINDS, OPEN_APPOINTMENT_STATES, AppointmentKind, AppointmentState, ExitReason, PlanningState
from ..models import Appointment, AppointmentFile, AppointmentStep, Cadre, Holding, PlanningEntry, Position
from . import appointment_checks as checks
from .appointment_checks import records_rule

PDF_SIGNATURE = b"%PDF-"
OPEN = tuple(OPEN_APPOINTMENT_STATES)


def majority_rule() -> str:
    return _("Regulation 80-QĐ/TW: a proposal passes with more than half of the members voting in favour")


def passed(appointment: Appointment) -> bool | None:
    """Did the consultation pass (more than half in favour)? None before any vote."""
    if appointment.votes_total is None or appointment.votes_for is None:
        return None
    return appointment.votes_for * 2 > appointment.votes_total


def appointment_view(a: Appointment) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "cadre": a.cadre_id,
        "position": a.position_id,
        "organization": a.organization_id,
        "holding": a.holding_id,
        "state": a.state,
        "proposed_on": a.proposed_on.isoformat(),
        "reason": a.reason,
        "votes_for": a.votes_for,
        "votes_total": a.votes_total,
        "effective_on": a.effective_on.isoformat() if a.effective_on else None,
        "term_months": a.term_months,
        "suspended_until": a.suspended_until.isoformat() if a.suspended_until else None,
        "decision_number": a.decision_number,
        "decision_date": a.decision_date.isoformat() if a.decision_date else None,
    }


def appointment_propose(
    *,
    actor: Any,
    kind: str,
    cadre: Cadre,
    position: Position,
    proposed_on: dt.date,
    reason: str = "",
    submission: uuid.UUID | None = None,
) -> Appointment:
    """A record proposed to the committee that manages the post, its conditions checked on
    the proposal's date."""
    if kind not in AppointmentKind.values:
        raise Refusal(_("Choose the kind of record."), rule=records_rule(), field="kind")
    refuse_future(proposed_on, "proposed_on")
    if submission is not None and AppointmentStep.objects.filter(submission=submission).exists():
        raise already_submitted()
    reason = nfc((reason or "").strip())
    with transaction.atomic():
        Cadre.objects.select_for_update().filter(pk=cadre.pk).first()  # one proposal of a cadre at a time
        held = checks.holding_for(kind, cadre, position)
        checks.check_no_other_open(kind, cadre, position)
        checks.check_all(kind, cadre, position, proposed_on)
        organization = position.managed_by
        appointment = Appointment.objects.create(
            kind=kind,
            cadre=cadre,
            position=position,
            organization=organization,
            org_path=organization.path,
            holding=held,
            proposed_on=proposed_on,
            reason=reason,
            created_by=actor_user(actor),
        )
        record_event(AppointmentStep, actor=actor, submission=submission, appointment=appointment, kind="propose", date=proposed_on, note=reason)  # fmt: skip
        audit_record(actor=actor, action="appointment.propose", obj=appointment, after=appointment_view(appointment))
    return appointment


# --- the steps ------------------------------------------------------------------------------


def consulted(run: Run) -> None:
    """The vote on the proposal: recorded whatever it gives; it passes with more than half in favour."""
    votes_for, votes_total = run["votes_for"], run["votes_total"]
    if votes_total is None or int(votes_total) < 1:
        raise Refusal(_("Give the number of members voting."), rule=majority_rule(), field="votes_total")
    if votes_for is None or not 0 <= int(votes_for) <= int(votes_total):
        raise Refusal(_("The votes in favour are between 0 and the members voting."), rule=majority_rule(), field="votes_for")
    run.changes.update(votes_for=int(votes_for), votes_total=int(votes_total))
    verdict = pgettext("vote", "passed") if int(votes_for) * 2 > int(votes_total) else pgettext("vote", "not passed")
    note = nfc((run["note"] or "").strip())
    run.record["note"] = f"{int(votes_for)}/{int(votes_total)} — {verdict}" + (f". {note}" if note else "")
    run.audit["passed"] = int(votes_for) * 2 > int(votes_total)


def decided(run: Run) -> None:
    """The committee's decision: the conditions again on its date, then its effect on the post
    held and, for a post given, on the cadre's planning for it."""
    a: Appointment = run.obj
    if not passed(a):
        raise Refusal(
            _("The consultation did not pass (%(for)s of %(total)s in favour): the record cannot be decided.")
            % {"for": a.votes_for, "total": a.votes_total},
            rule=majority_rule(),
            field="decision_number",
        )
    decision = run.decided()
    if not decision.number.strip():
        raise Refusal(_("Give the decision's number."), rule=records_rule(), field="decision_number")
    effective = run["effective_on"] or run.day
    if effective < a.proposed_on:
        raise Refusal(_("The decision takes effect on or after the proposal."), rule=records_rule(), field="effective_on")
    months = int(run["term_months"] or checks.term_months(run.day))
    if not 1 <= months <= 120:
        raise Refusal(_("A term is from 1 to 120 months."), rule=records_rule(), field="term_months")
    cadre, position = a.cadre, a.position
    held = checks.holding_for(a.kind, cadre, position)
    checks.check_all(a.kind, cadre, position, run.day, effective)
    run.changes.update(effective_on=effective, decision_number=decision.number, decision_date=decision.date)
    run.changes["decided_by"] = decision.decided_by
    note = ""
    if a.kind in checks.NEW_POST:
        held = Holding.objects.create(
            cadre=cadre,
            position=position,
            manager_path=position.manager_path,
            started_on=effective,
            term_ends=add_months(effective, months),
            appointment=a,
        )
        run.changes.update(holding=held, term_months=months)
    elif a.kind == AppointmentKind.REAPPOINTMENT:
        assert held is not None
        ends, retires = checks.renewed_term_end(cadre, held, effective, months, run.day)
        if retires is not None:
            note = _("The term is shortened to the retirement date, %(date)s.") % {"date": day_text(retires)}
        Holding.objects.filter(pk=held.pk).update(term_ends=ends, appointment=a)
        run.changes.update(holding=held, term_months=months)
        run.audit["term_ends"] = ends.isoformat()
    elif a.kind == AppointmentKind.SUSPENSION:
        until = run["suspended_until"]
        if until is None or until <= effective:
            raise Refusal(_("Give the day the suspension ends, after it takes effect."), rule=records_rule(), field="suspended_until")
        assert held is not None
        Holding.objects.filter(pk=held.pk).update(suspended_until=until)
        run.changes.update(holding=held, suspended_until=until)
    else:  # dismissal, resignation
        assert held is not None
        if effective < held.started_on:
            raise Refusal(_("The post is left on or after the day it was taken up."), rule=records_rule(), field="effective_on")
        Holding.objects.filter(pk=held.pk).update(ended_on=effective)
        run.changes["holding"] = held
    if a.kind in GIVING_KINDS:
        run.audit["planning_entries"] = appointed_in_planning(cadre, position, effective)
    run.record["note"] = note


def appointed_in_planning(cadre: Cadre, position: Position, effective: dt.date) -> list[int]:
    """The cadre's entries planned for the post leave the planning as appointed."""
    rows = PlanningEntry.objects.filter(cadre=cadre, position=position, state=PlanningState.PLANNED)
    ids = list(rows.values_list("pk", flat=True))
    PlanningEntry.objects.filter(pk__in=ids).update(
        state=PlanningState.APPOINTED, left_on=effective, exit_reason=ExitReason.APPOINTED, version=F("version") + 1
    )
    return ids


def withdrawn(run: Run) -> None:
    reason = nfc((run["reason"] or "").strip())
    if not reason:
        raise Refusal(_("Say why the record is withdrawn."), rule=records_rule(), field="reason")
    run.record["note"] = reason
    run.audit["reason"] = reason


def _wrong_state(obj: Appointment, step: Step) -> Refusal:
    return Refusal(
        _("The record is “%(state)s”; the step “%(step)s” does not come now.") % {"state": obj.get_state_display(), "step": step.label},
        rule=records_rule(),
    )


APPOINTMENT = Workflow(
    "appointment",
    model=Appointment,
    state="state",
    history=History(AppointmentStep, "appointment"),
    audit_view=appointment_view,
    wrong_state=_wrong_state,
    steps=[
        Step("consult", gettext_lazy("Record the consultation's vote"), consulted, OPEN, AppointmentState.CONSULTED),
        Step(
            "decide",
            gettext_lazy("Record the decision"),
            decided,
            (AppointmentState.CONSULTED,),
            AppointmentState.DECIDED,
            date_of=decision_date,
        ),
        Step("withdraw", gettext_lazy("Withdraw the record"), withdrawn, OPEN, AppointmentState.WITHDRAWN),
    ],
)
STEP_NAMES = tuple(APPOINTMENT.steps)


# --- documents --------------------------------------------------------------------------------


def _file_name(name: str) -> str:
    base = nfc((name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()) or "document.pdf"
    return base if base.lower().endswith(".pdf") else f"{base}.pdf"


def appointment_file_add(*, actor: Any, appointment: Appointment, name: str, content: bytes, title: str = "") -> AppointmentFile:
    """A PDF of the record (the proposal, the minutes of the vote, the decision)."""
    if not content:
        raise Refusal(_("The file is empty."), rule=records_rule(), field="file")
    if len(content) > MAX_FILE_BYTES:
        raise Refusal(_("A file is at most 10 MB."), rule=records_rule(), field="file")
    if not content.startswith(PDF_SIGNATURE):
        raise Refusal(_("The documents of an appointment record are PDF files."), rule=records_rule(), field="file")
    name = _file_name(name)
    title = nfc((title or "").strip()) or name
    with transaction.atomic():
        lock_version(appointment, None)
        row = AppointmentFile(appointment=appointment, title=title[:255], uploaded_by=actor_user(actor))
        row.file.save(f"appointment-{appointment.pk}.pdf", ContentFile(content), save=False)
        row.save()
        audit_record(actor=actor, action="appointment.file_add", obj=appointment, after={"file": row.pk, "title": row.title})
    return row


def appointment_file_content(row: AppointmentFile) -> bytes | None:
    try:
        with row.file.open("rb") as handle:
            return handle.read()
    except OSError:
        return None
