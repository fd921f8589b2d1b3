"""An inspection or a supervision as a table of steps (`CASE`): opened by decision, the
subject's self-report, the findings, the conclusion with its result, or cancelled; each step a
row of the case's history. Then the shortcomings the conclusion asks to remedy, each followed
to its closure (remedied with its evidence, or dropped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.models import lock_version
from partybuilding.core.records import actor_user, day_text, refuse_future
from partybuilding.core.workflow import History, Run, Step, Workflow, date_param, decision_date
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import SUPERVISIONS, Body, CaseKind, CaseResult, CaseStatus, FollowUpStatus, MemberContent, OrganizationContent, SubjectKind
from ..models import Case, CaseStep, ProgrammeItem, Shortcoming
from ..subjects import placed
from .programmes import check_subject, records_rule

INSPECTION_RESULTS = (CaseResult.GOOD, CaseResult.SHORTCOMINGS, CaseResult.VIOLATION)
SUPERVISION_RESULTS = (CaseResult.GOOD, CaseResult.SHORTCOMINGS, CaseResult.REFERRED)
EVIDENCE_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
EVIDENCE_SIGNATURES = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG")


def results_of(kind: str) -> tuple[CaseResult, ...]:
    """The results a kind of case ends with: a supervision passes signs of violation on to an
    inspection; an inspection finds the violation itself."""
    return SUPERVISION_RESULTS if kind in SUPERVISIONS else INSPECTION_RESULTS


def case_view(case: Case) -> dict[str, Any]:
    return {
        "organization": case.organization_id,
        "body": case.body,
        "kind": case.kind,
        "subject_kind": case.subject_kind,
        "subject_organization": case.subject_organization_id,
        "subject_member": case.subject_member_id,
        "status": case.status,
        "decision_number": case.decision_number,
        "decision_date": case.decision_date.isoformat() if case.decision_date else None,
        "period": [d.isoformat() if d else None for d in (case.period_from, case.period_to)],
        "conclusion_number": case.conclusion_number,
        "conclusion_date": case.conclusion_date.isoformat() if case.conclusion_date else None,
        "result": case.result,
        "discipline_required": case.discipline_required,
    }


def _contents(subject_kind: str, contents: list[str] | None) -> list[str]:
    allowed = MemberContent.values if subject_kind == SubjectKind.MEMBER else OrganizationContent.values
    given = list(dict.fromkeys(contents or []))
    for code in given:
        if code not in allowed:
            raise Refusal(_("“%(code)s” is not a content of this subject.") % {"code": code}, rule=records_rule(), field="contents")
    return given


def case_create(
    *,
    actor: Any,
    organization: Organization,
    body: str,
    kind: str,
    subject_kind: str,
    subject_organization: Organization | None = None,
    subject_member: Member | None = None,
    contents: list[str] | None = None,
    content_note: str = "",
    programme_item: ProgrammeItem | None = None,
) -> Case:
    """A planned case of `organization`'s `body` (from a programme item, or on its own, e.g. on
    signs of violation): the subject must be under the organization."""
    if body not in Body.values:
        raise Refusal(_("Choose the body conducting the case."), rule=records_rule(), field="body")
    subject_organization, subject_member = check_subject(
        organization, kind=kind, subject_kind=subject_kind, subject_organization=subject_organization, subject_member=subject_member
    )
    today = timezone.localdate()
    with transaction.atomic():
        case = Case.objects.create(
            organization=organization,
            org_path=organization.path,
            body=body,
            kind=kind,
            programme_item=programme_item,
            subject_kind=subject_kind,
            subject_organization=subject_organization,
            subject_member=subject_member,
            **placed(subject_member, subject_organization, today),
            contents=_contents(subject_kind, contents),
            content_note=content_note.strip(),
            status=CaseStatus.PLANNED,
            status_since=today,
            created_by=actor_user(actor),
        )
        audit_record(actor=actor, action="case.create", obj=case, after=case_view(case))
    return case


def case_from_item(*, actor: Any, item: ProgrammeItem) -> Case:
    """The case of an adopted programme's item: its kind, subject and content copied."""
    programme = item.programme
    if not programme.adopted:
        raise Refusal(
            _("The programme is not adopted yet; its items become cases once it is."),
            rule=_("records rule: a programme is carried out once adopted by decision"),
        )
    if Case.objects.filter(programme_item=item).exists():
        raise Refusal(_("This item's case has already been started."), rule=_("records rule: no double entries"))
    return case_create(
        actor=actor,
        organization=programme.organization,
        body=programme.body,
        kind=item.kind,
        subject_kind=item.subject_kind,
        subject_organization=item.subject_organization,
        subject_member=item.subject_member,
        content_note=item.content,
        programme_item=item,
    )


# --- the steps ------------------------------------------------------------------------------


def _text(run: Run, name: str, message: str) -> str:
    text = (run[name] or "").strip()
    if not text:
        raise Refusal(message, rule=records_rule(), field=name)
    return text


def opened(run: Run) -> None:
    """The opening decision, the team and the period the case covers."""
    decision = run.decided()
    if not decision.number.strip():
        raise Refusal(_("Give the decision's number."), rule=records_rule(), field="decision_number")
    period_from, period_to = run["period_from"], run["period_to"]
    if period_from and period_to and period_to < period_from:
        raise Refusal(_("The period ends before it begins."), rule=records_rule(), field="period_to")
    if period_from and decision.date and period_from < decision.date:
        raise Refusal(
            _("The case's period begins on or after its decision (%(date)s).") % {"date": day_text(decision.date)},
            rule=records_rule(),
            field="period_from",
        )
    run.changes.update(
        decision_number=decision.number.strip(),
        decision_date=decision.date,
        decided_by=decision.decided_by,
        team=(run["team"] or "").strip(),
        period_from=period_from,
        period_to=period_to,
    )
    run.audit["team"] = run.changes["team"]


def self_reported(run: Run) -> None:
    """The subject's self-report, received on the step's date."""
    text = _text(run, "text", _("Write down the self-report, or its summary."))
    run.changes.update(self_report=text, self_report_date=run.day)
    run.record["note"] = text


def found(run: Run) -> None:
    """The team's findings (a later step adds to them)."""
    text = _text(run, "text", _("Write down the findings."))
    findings = f"{run.obj.findings}\n\n{text}".strip() if run.obj.findings else text
    run.changes["findings"] = findings
    run.record["note"] = text


def concluded(run: Run) -> None:
    """The conclusion: its number, date, text and result; "violation" may require discipline."""
    number = _text(run, "conclusion_number", _("Give the conclusion's number."))
    text = _text(run, "conclusion", _("Write down the conclusion."))
    result = run["result"] or ""
    allowed = results_of(run.obj.kind)
    if result not in allowed:
        raise Refusal(
            _("A %(kind)s ends with one of: %(results)s.")
            % {"kind": CaseKind(run.obj.kind).label.lower(), "results": ", ".join(str(r.label).lower() for r in allowed)},
            rule=_("Party Charter, Art. 30: a supervision passes signs of violation to an inspection"),
            field="result",
        )
    required = bool(run["discipline_required"])
    if required and result != CaseResult.VIOLATION:
        raise Refusal(
            _("Discipline is required only when a violation is found."),
            rule=_("QĐ 69-QĐ/TW: discipline follows a violation"),
            field="discipline_required",
        )
    run.changes.update(conclusion_number=number, conclusion_date=run.day, conclusion=text, result=result, discipline_required=required)
    run.record.update(decision_number=number, decision_date=run.day, note=text)


def cancelled(run: Run) -> None:
    run.record["note"] = _text(run, "reason", _("Say why the case is cancelled."))
    run.audit["reason"] = run.record["note"]


CASE = Workflow(
    "case",
    model=Case,
    state="status",
    since="status_since",
    history=History(CaseStep, "case"),
    audit_view=case_view,
    order_rule=gettext_lazy("history rule: steps are recorded in date order"),
    steps=[
        Step("open", gettext_lazy("Open"), opened, (CaseStatus.PLANNED,), CaseStatus.OPEN, date_of=decision_date),
        Step("self_report", gettext_lazy("Self-report received"), self_reported, (CaseStatus.OPEN,)),
        Step("findings", gettext_lazy("Findings"), found, (CaseStatus.OPEN,)),
        Step(
            "conclude", gettext_lazy("Conclude"), concluded, (CaseStatus.OPEN,), CaseStatus.CONCLUDED, date_of=date_param("conclusion_date")
        ),
        Step("cancel", gettext_lazy("Cancel"), cancelled, (CaseStatus.PLANNED, CaseStatus.OPEN), CaseStatus.CANCELLED),
    ],
)


# --- shortcomings to remedy -----------------------------------------------------------------


def shortcoming_view(row: Shortcoming) -> dict[str, Any]:
    return {
        "case": row.case_id,
        "description": row.description,
        "responsible": row.responsible,
        "deadline": row.deadline.isoformat(),
        "status": row.status,
        "closed_on": row.closed_on.isoformat() if row.closed_on else None,
        "evidence": row.evidence,
        "evidence_file": row.evidence_file.name or "",
    }


def shortcoming_add(*, actor: Any, case: Case, description: str, deadline: dt.date, responsible: str = "") -> Shortcoming:
    """A shortcoming the conclusion asks to remedy, by a deadline after the conclusion."""
    if not description.strip():
        raise Refusal(_("Describe the shortcoming to remedy."), rule=records_rule(), field="description")
    with transaction.atomic():
        lock_version(case, None)
        if case.status != CaseStatus.CONCLUDED or case.conclusion_date is None:
            raise Refusal(
                _("Shortcomings to remedy are recorded from a case's conclusion; this case is “%(status)s”.")
                % {"status": case.get_status_display()},
                rule=_("records rule: the conclusion names what to remedy"),
            )
        if deadline < case.conclusion_date:
            raise Refusal(
                _("The deadline comes on or after the conclusion (%(date)s).") % {"date": day_text(case.conclusion_date)},
                rule=records_rule(),
                field="deadline",
            )
        row = Shortcoming.objects.create(
            case=case, org_path=case.org_path, description=description.strip(), responsible=responsible.strip(), deadline=deadline
        )
        audit_record(actor=actor, action="case.shortcoming_add", obj=case, after=shortcoming_view(row))
    return row


def check_evidence(content_type: str, content: bytes) -> str:
    """A PDF, JPEG or PNG of at most 10 MB whose first bytes say it is one; its extension."""
    if not content:
        raise Refusal(_("The file is empty."), rule=records_rule(), field="evidence_file")
    if len(content) > MAX_FILE_BYTES:
        raise Refusal(_("A file is at most 10 MB."), rule=records_rule(), field="evidence_file")
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if declared not in EVIDENCE_TYPES or not content.startswith(EVIDENCE_SIGNATURES):
        raise Refusal(_("The evidence is a PDF, JPEG or PNG file."), rule=records_rule(), field="evidence_file")
    return EVIDENCE_TYPES[declared]


def _closing(row: Shortcoming, day: dt.date, expected_version: int | None) -> dict[str, Any]:
    refuse_future(day, "date")
    lock_version(row, expected_version)
    if row.status != FollowUpStatus.OPEN:
        raise Refusal(
            _("This shortcoming is already closed (“%(status)s”).") % {"status": row.get_status_display()},
            rule=_("records rule: no double entries"),
        )
    conclusion = row.case.conclusion_date
    if conclusion and day < conclusion:
        raise Refusal(
            _("It is closed on or after the conclusion (%(date)s).") % {"date": day_text(conclusion)}, rule=records_rule(), field="date"
        )
    return shortcoming_view(row)


def shortcoming_remedy(
    *,
    actor: Any,
    shortcoming: Shortcoming,
    date: dt.date,
    evidence: str,
    file_type: str = "",
    file_content: bytes | None = None,
    expected_version: int | None = None,
) -> Shortcoming:
    """The shortcoming remedied on `date`, with the evidence in words and, maybe, a file."""
    if not evidence.strip():
        raise Refusal(_("Say how it was remedied (the evidence)."), rule=records_rule(), field="evidence")
    extension = check_evidence(file_type, file_content) if file_content is not None else ""
    with transaction.atomic():
        before = _closing(shortcoming, date, expected_version)
        shortcoming.status, shortcoming.closed_on, shortcoming.evidence = FollowUpStatus.DONE, date, evidence.strip()
        if file_content is not None:
            from django.core.files.base import ContentFile

            shortcoming.evidence_file.save(f"evidence-{shortcoming.pk}{extension}", ContentFile(file_content), save=False)
        shortcoming.save()
        audit_record(
            actor=actor, action="case.shortcoming_remedy", obj=shortcoming.case, before=before, after=shortcoming_view(shortcoming)
        )
    return shortcoming


def shortcoming_drop(
    *, actor: Any, shortcoming: Shortcoming, date: dt.date, reason: str, expected_version: int | None = None
) -> Shortcoming:
    """The shortcoming no longer applies; the reason is kept where the evidence would be."""
    if not reason.strip():
        raise Refusal(_("Say why it no longer applies."), rule=records_rule(), field="reason")
    with transaction.atomic():
        before = _closing(shortcoming, date, expected_version)
        shortcoming.status, shortcoming.closed_on, shortcoming.evidence = FollowUpStatus.DROPPED, date, reason.strip()
        shortcoming.save()
        audit_record(actor=actor, action="case.shortcoming_drop", obj=shortcoming.case, before=before, after=shortcoming_view(shortcoming))
    return shortcoming
