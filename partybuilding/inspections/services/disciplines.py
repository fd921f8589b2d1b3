"""Disciplines of members and organizations: proposed, then decided by the competent body (or
found out of time, or not disciplined), received by the subject, notified to the state body or
mass organization; restored and apologized for after an annulment.

`discipline_propose` creates the record; every later change is a step of the `DISCIPLINE`
workflow (`core.workflow`). An expulsion takes effect on the member's record through the
members' lifecycle in the same transaction; a dissolution is recorded here and carried out on
the organization's own page."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.calendar import add_working_days
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision, day_text, record_event, refuse_future
from partybuilding.core.rules import rule
from partybuilding.core.workflow import History, Run, Step, Workflow, decision_date
from partybuilding.members.choices import IN_LIST, MemberStatus
from partybuilding.members.lifecycle.services import member_expel, member_reinstate
from partybuilding.members.models import Member
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from ..choices import Body, DisciplineForm, DisciplineStatus, DisciplineSubject, MemberContent, NoLimitMatter, OrganizationContent
from ..models import Case, Discipline, DisciplineStep
from ..subjects import level_of, placed
from ..timelimits import has_run_out, refuse_expired, time_limit

AUDITED = (
    "status", "body", "level", "subject", "member_id", "subject_organization_id", "violation_date", "new_violation_date",
    "no_limit_matter", "proposed_form", "concluded_on", "form", "form_in_force", "decision_number", "decision_date",
    "received_on", "notice_to", "notice_due", "notice_sent_on", "response_due", "response_on", "restored_on", "apology_on",
)  # fmt: skip
CELL_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL, OrgKind.SUB_COMMITTEE)  # bodies deciding "as a Party cell"
COMPETENCE_RULE = gettext_lazy("Party Charter, Art. 36: who disciplines whom")


def discipline_view(discipline: Discipline) -> dict[str, Any]:
    return snapshot(discipline, AUDITED)


def allowed_forms(subject: str, day: dt.date) -> tuple[list[str], str]:
    """The forms the rules in force on `day` allow for `subject`, and their citation."""
    forms = rule("discipline.forms", day)
    return list(forms.value.get(subject, [])), forms.citation


def check_form(subject: str, form: str, day: dt.date, field: str = "form") -> None:
    """A form the rule `discipline.forms` does not allow for this subject is refused."""
    allowed, citation = allowed_forms(subject, day)
    if form not in allowed:
        names = ", ".join(str(DisciplineForm(f).label).lower() for f in allowed)
        raise Refusal(
            _("%(form)s is not a form of discipline for a %(subject)s (allowed: %(allowed)s).")
            % {"form": DisciplineForm(form).label if form in DisciplineForm.values else form,
               "subject": str(DisciplineSubject(subject).label).lower(), "allowed": names},
            rule=citation,
            field=field,
        )  # fmt: skip


def subject_of_member(member: Member) -> str:
    if member.status not in IN_LIST:
        raise Refusal(
            _("%(name)s is not in the Party's list (%(status)s).")
            % {"name": member.full_name, "status": member.get_status_display().lower()},
            rule=COMPETENCE_RULE,
            field="member",
        )
    return DisciplineSubject.PROBATIONARY if member.status == MemberStatus.PROBATIONARY else DisciplineSubject.OFFICIAL


def _check_competence(organization: Organization, body: str, member: Member | None, target: Organization | None) -> None:
    if body == Body.CELL and organization.kind not in CELL_KINDS:
        raise Refusal(_("Only a Party cell decides as a Party cell."), rule=COMPETENCE_RULE, field="body")
    if member is not None and not member.org_path.startswith(organization.path):
        raise Refusal(
            _("%(name)s is not a member under %(org)s.") % {"name": member.full_name, "org": organization.name},
            rule=COMPETENCE_RULE,
            field="member",
        )
    if target is not None and (target.pk == organization.pk or not target.path.startswith(organization.path)):
        raise Refusal(
            _("%(target)s is not an organization under %(org)s.") % {"target": target.name, "org": organization.name},
            rule=COMPETENCE_RULE,
            field="subject_organization",
        )


def discipline_propose(
    *,
    actor: Any,
    organization: Organization,
    body: str,
    violation: str,
    violation_date: dt.date,
    proposed_form: str,
    proposed_on: dt.date,
    member: Member | None = None,
    subject_organization: Organization | None = None,
    contents: list[str] | None = None,
    new_violation_date: dt.date | None = None,
    no_limit_matter: str = "",
    proposed_by: str = "",
    case: Case | None = None,
    submission: uuid.UUID | None = None,
) -> Discipline:
    """A discipline proposed to the competent body of `organization`, of a member or of an
    organization under it, for a form the rules allow for that subject."""
    if (member is None) == (subject_organization is None):
        raise Refusal(_("Name either the member or the organization disciplined."), rule=COMPETENCE_RULE, field="member")
    for day, field in ((violation_date, "violation_date"), (proposed_on, "proposed_on"), (new_violation_date, "new_violation_date")):
        if day is not None:
            refuse_future(day, field)
    if new_violation_date is not None and new_violation_date < violation_date:
        raise Refusal(_("A new violation comes after the first one."), rule=_("records rule"), field="new_violation_date")
    if proposed_on < violation_date:
        raise Refusal(_("A discipline is proposed after the violation."), rule=_("records rule"), field="proposed_on")
    if no_limit_matter and no_limit_matter not in NoLimitMatter.values:
        raise Refusal(_("Choose a listed matter."), rule=_("records rule"), field="no_limit_matter")
    if body not in Body.values:
        raise Refusal(_("Choose the deciding body."), rule=_("records rule"), field="body")
    subject = subject_of_member(member) if member is not None else DisciplineSubject.ORGANIZATION
    codes = OrganizationContent.values if subject == DisciplineSubject.ORGANIZATION else MemberContent.values
    if any(code not in codes for code in contents or []):
        raise Refusal(_("Choose what the violation is about among the codes for this subject."), rule=_("records rule"), field="contents")
    _check_competence(organization, body, member, subject_organization)
    check_form(subject, proposed_form, proposed_on, field="proposed_form")
    if submission is not None and DisciplineStep.objects.filter(submission=submission).exists():
        from partybuilding.core.records import already_submitted

        raise already_submitted()
    with transaction.atomic():
        discipline = Discipline.objects.create(
            organization=organization,
            org_path=organization.path,
            body=body,
            level=level_of(organization),
            subject=subject,
            member=member,
            subject_organization=subject_organization,
            **placed(member, subject_organization, violation_date),
            case=case,
            contents=list(contents or []),
            violation=violation,
            violation_date=violation_date,
            new_violation_date=new_violation_date,
            no_limit_matter=no_limit_matter,
            proposed_form=proposed_form,
            proposed_on=proposed_on,
            proposed_by=proposed_by,
            status=DisciplineStatus.PROPOSED,
            status_since=proposed_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(DisciplineStep, actor=actor, submission=submission, discipline=discipline, kind="proposed", date=proposed_on)
        audit_record(actor=actor, action="discipline.propose", obj=discipline, after=discipline_view(discipline))
    return discipline


# --- the steps' own rules ---------------------------------------------------------------


def _notice_due(discipline: Discipline, decided: dt.date) -> dt.date:
    return decided + dt.timedelta(days=int(rule("discipline.notice_within_days", decided).value))


def decide(run: Run) -> None:
    """The competent body decides: a form the rules allow for the subject, within the time
    limit measured to the conclusion (default: the decision date). An expulsion takes the
    member out of the list in the same transaction."""
    discipline: Discipline = run.obj
    decision = run.decided()
    if not decision.number:
        raise Refusal(_("A discipline is recorded with its decision."), rule=COMPETENCE_RULE, field="decision_number")
    form = run["form"] or discipline.proposed_form
    day = decision.date
    assert day is not None
    concluded = run["concluded_on"] or day
    if concluded > day:
        raise Refusal(_("The conclusion comes on or before the decision."), rule=_("records rule"), field="concluded_on")
    check_form(discipline.subject, form, day)
    refuse_expired(discipline, form=form, on=concluded)
    run.changes.update(
        form=form, form_in_force=form, concluded_on=concluded, decision_number=decision.number, decision_date=day,
        decided_by=decision.decided_by,
    )  # fmt: skip
    for flag in ("prosecuted", "imprisoned", "administrative_action"):
        if run[flag] is not None:
            run.changes[flag] = bool(run[flag])
    if run["notice_to"]:
        run.changes.update(notice_to=run["notice_to"], notice_due=_notice_due(discipline, day))
    run.record["note"] = str(DisciplineForm(form).label)
    if form == DisciplineForm.EXPULSION and discipline.member is not None:
        member_expel(actor=run.actor, member=discipline.member, date=day, decision=decision)


def out_of_time(run: Run) -> None:
    """The time limit ran out before the competent body concluded: no discipline."""
    discipline: Discipline = run.obj
    if not has_run_out(discipline, on=run.day):
        ends = time_limit(discipline, on=run.day).ends_on
        message = (
            _("The time limit runs until %(date)s; it has not run out.") % {"date": day_text(ends)}
            if ends
            else _("This violation has no time limit.")
        )
        raise Refusal(message, rule=time_limit(discipline, on=run.day).citation or _("records rule"), field="date")
    run.changes["concluded_on"] = run.day
    run.record["note"] = run["note"] or ""


def not_disciplined(run: Run) -> None:
    """The competent body decided that no discipline is called for."""
    run.decided()
    run.changes["concluded_on"] = run.day


def received(run: Run) -> None:
    """The subject received the decision: the window to appeal opens."""
    discipline: Discipline = run.obj
    if discipline.decision_date and run.day < discipline.decision_date:
        raise Refusal(_("A decision is received after it is made."), rule=_("records rule"), field="date")
    run.changes["received_on"] = run.day


def notice(run: Run) -> None:
    """The notice to the state body or mass organization where the member works; their
    action is due within the rule's working days of the notice."""
    discipline: Discipline = run.obj
    to = (run["notice_to"] or discipline.notice_to or "").strip()
    if not to:
        raise Refusal(_("Name the state body or mass organization notified."), rule=_("records rule"), field="notice_to")
    days = rule("discipline.response_within_working_days", run.day)
    run.changes.update(notice_to=to, notice_sent_on=run.day, response_due=add_working_days(run.day, int(days.value)))
    if discipline.notice_due is None and discipline.decision_date:
        run.changes["notice_due"] = _notice_due(discipline, discipline.decision_date)
    run.record["note"] = to


def response(run: Run) -> None:
    """What the state body or mass organization did about the notice."""
    discipline: Discipline = run.obj
    if discipline.notice_sent_on is None:
        raise Refusal(_("Record the notice first."), rule=_("records rule"), field="date")
    text = (run["response"] or "").strip()
    if not text:
        raise Refusal(_("Say what they did."), rule=_("records rule"), field="response")
    run.changes.update(response_on=run.day, response=text)
    run.record["note"] = text


def restore(run: Run) -> None:
    """After the annulment: the subject's rights restored (QĐ 117-QĐ/TW)."""
    run.changes["restored_on"] = run.day
    run.record["note"] = run["note"] or ""


def apology(run: Run) -> None:
    """After the annulment: the apology to the subject (QĐ 117-QĐ/TW)."""
    run.changes["apology_on"] = run.day
    run.record["note"] = run["note"] or ""


def change_form(run: Run) -> None:
    """An appeal changed the form in force (an increase or a reduction): the member's record
    follows an expulsion given or taken away."""
    discipline: Discipline = run.obj
    decision = run.decided()
    new = run["new_form"]
    before = discipline.form_in_force
    run.changes["form_in_force"] = new
    run.record["note"] = str(DisciplineForm(new).label)
    member = discipline.member
    if member is None:
        return
    if new == DisciplineForm.EXPULSION and before != DisciplineForm.EXPULSION:
        member_expel(actor=run.actor, member=member, date=run.day, decision=decision)
    elif before == DisciplineForm.EXPULSION and new != DisciplineForm.EXPULSION:
        member_reinstate(actor=run.actor, member=member, date=run.day, decision=decision, by_appeal=True)


def annul(run: Run) -> None:
    """An appeal annulled the discipline: an expelled member returns to the list."""
    discipline: Discipline = run.obj
    decision = run.decided()
    if discipline.member is not None and discipline.form_in_force == DisciplineForm.EXPULSION:
        member_reinstate(actor=run.actor, member=discipline.member, date=run.day, decision=decision, by_appeal=True)


PROPOSED = (DisciplineStatus.PROPOSED,)
DECIDED = (DisciplineStatus.DECIDED,)
ANNULLED = (DisciplineStatus.ANNULLED,)

DISCIPLINE = Workflow(
    "discipline",
    model=Discipline,
    state="status",
    since="status_since",
    history=History(DisciplineStep, "discipline"),
    audit_view=discipline_view,
    steps=[
        Step(
            "decide",
            gettext_lazy("Record the decision"),
            decide,
            PROPOSED,
            DisciplineStatus.DECIDED,
            date_of=decision_date,
            needs=("decision",),
        ),
        Step("out_of_time", gettext_lazy("Time limit run out"), out_of_time, PROPOSED, DisciplineStatus.EXPIRED),
        Step("not_disciplined", gettext_lazy("Not disciplined"), not_disciplined, PROPOSED, DisciplineStatus.NOT_DISCIPLINED),
        Step("received", gettext_lazy("Decision received by the subject"), received, DECIDED),
        Step("notice", gettext_lazy("Notice sent to the state body or mass organization"), notice, DECIDED),
        Step("response", gettext_lazy("Their action recorded"), response, (*DECIDED, *ANNULLED)),
        Step("restore", gettext_lazy("Rights restored"), restore, ANNULLED),
        Step("apology", gettext_lazy("Apology made"), apology, ANNULLED),
        # taken by an appeal's settlement only (services.appeals), never offered on the page
        Step("change_form", gettext_lazy("Form changed on appeal"), change_form, DECIDED, needs=("new_form",)),
        Step("annul", gettext_lazy("Annulled on appeal"), annul, DECIDED, DisciplineStatus.ANNULLED),
    ],
)
BY_APPEAL_ONLY = ("change_form", "annul")
PAGE_STEPS = tuple(name for name in DISCIPLINE.steps if name not in BY_APPEAL_ONLY)

discipline_decide = DISCIPLINE.service("decide", "discipline")
discipline_out_of_time = DISCIPLINE.service("out_of_time", "discipline")
discipline_not_disciplined = DISCIPLINE.service("not_disciplined", "discipline")
discipline_received = DISCIPLINE.service("received", "discipline")
discipline_notice = DISCIPLINE.service("notice", "discipline")
discipline_response = DISCIPLINE.service("response", "discipline")
discipline_restore = DISCIPLINE.service("restore", "discipline")
discipline_apology = DISCIPLINE.service("apology", "discipline")


def offered_steps(discipline: Discipline) -> list[Step]:
    """The steps the discipline's page offers now (an appeal's own steps aside)."""
    steps = [s for s in DISCIPLINE.offered(discipline) if s.name in PAGE_STEPS]
    if discipline.status == DisciplineStatus.DECIDED:
        done = {"received": discipline.received_on, "response": discipline.response_on or not discipline.notice_sent_on}
        steps = [s for s in steps if not done.get(s.name)]
    if discipline.status == DisciplineStatus.ANNULLED:
        done = {"restore": discipline.restored_on, "apology": discipline.apology_on, "response": True}
        steps = [s for s in steps if not done.get(s.name)]
    return steps


def discipline_record(
    *, actor: Any, decision: Decision, form: str = "", concluded_on: dt.date | None = None, **proposal: Any
) -> Discipline:
    """A discipline decided earlier, entered in one go (paper history): proposed and decided
    on the decision's date, with every check of both."""
    submission = proposal.pop("submission", None)
    notice_to = proposal.pop("notice_to", "")
    proposal.setdefault("proposed_on", decision.date or timezone.localdate())
    with transaction.atomic():
        discipline = discipline_propose(actor=actor, submission=submission, **proposal)
        return discipline_decide(
            actor=actor, discipline=discipline, decision=decision, form=form or discipline.proposed_form, concluded_on=concluded_on,
            notice_to=notice_to,
        )  # fmt: skip
