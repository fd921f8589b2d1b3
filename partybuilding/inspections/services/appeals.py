"""Appeals against a discipline (Charter Art. 38; QĐ 22-QĐ/TW, then QĐ 296-QĐ/TW): filed within
the rule's months of receiving the decision, settled by the body one level up within its
working days (more at the Centre); the discipline stays in force meanwhile.

The settlement takes effect on the discipline through its workflow's own steps: a changed form
(`change_form`), an annulment (`annul`), each moving the member's record when an expulsion is
given or taken away."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.calendar import add_working_days
from partybuilding.core.dates import add_months
from partybuilding.core.errors import Refusal
from partybuilding.core.records import already_submitted, day_text, record_event, refuse_future
from partybuilding.core.rules import rule
from partybuilding.core.workflow import History, Run, Step, Workflow, decision_date

from ..choices import GRAVITY, AppealGround, AppealOutcome, AppealStatus, Body, ChangeReason, DisciplineForm, DisciplineStatus, Level
from ..models import Appeal, AppealStep, Discipline
from ..subjects import level_of
from .disciplines import DISCIPLINE, check_form

AUDITED = (
    "status",
    "discipline_id",
    "body",
    "level",
    "filed_on",
    "due",
    "outcome",
    "new_form",
    "change_reason",
    "settled_on",
    "decision_number",
)
SETTLING_BODIES = (Body.COMMITTEE, Body.STANDING, Body.COMMISSION)
APPEAL_RULE = gettext_lazy("Party Charter, Art. 38: appeals against discipline")


def appeal_view(appeal: Appeal) -> dict[str, Any]:
    return snapshot(appeal, AUDITED)


def settle_within(level: str, filed_on: dt.date) -> tuple[int, str]:
    """The working days to settle an appeal at `level` (the Centre has its own), and the citation."""
    key = "appeal.settle_within_working_days_centre" if level == Level.CENTRE else "appeal.settle_within_working_days"
    found = rule(key, filed_on)
    return int(found.value), found.citation


def last_day_to_file(discipline: Discipline) -> tuple[dt.date, str]:
    """The last day an appeal may be filed: the same day `appeal.file_within_months` months
    after the decision was received (or that month's last day when it has no such day)."""
    assert discipline.received_on is not None
    months = rule("appeal.file_within_months", discipline.received_on)
    return add_months(discipline.received_on, int(months.value)), months.citation


def appeal_file(
    *,
    actor: Any,
    discipline: Discipline,
    filed_on: dt.date,
    content: str,
    body: str = Body.COMMITTEE,
    grounds: list[str] | None = None,
    submission: uuid.UUID | None = None,
) -> Appeal:
    """An appeal against a decided discipline whose receipt is recorded, to the body of the
    deciding organization's parent; its due date is counted in working days."""
    refuse_future(filed_on, "filed_on")
    if body not in SETTLING_BODIES:
        raise Refusal(
            _("An appeal is settled by a Party committee, its standing committee or its inspection commission."),
            rule=APPEAL_RULE,
            field="body",
        )
    if not content.strip():
        raise Refusal(_("Say what the appeal is about."), rule=_("records rule"), field="content")
    if any(g not in AppealGround.values for g in grounds or []):
        raise Refusal(_("Choose the grounds among the listed ones."), rule=_("records rule"), field="grounds")
    if submission is not None and AppealStep.objects.filter(submission=submission).exists():
        raise already_submitted()
    with transaction.atomic():
        discipline = Discipline.objects.select_for_update().get(pk=discipline.pk)
        if discipline.status != DisciplineStatus.DECIDED:
            raise Refusal(
                _("Only a discipline in force may be appealed (this one is “%(status)s”).") % {"status": discipline.get_status_display()},
                rule=APPEAL_RULE,
            )
        if discipline.received_on is None:
            raise Refusal(
                _("Record first when the subject received the decision: the time to appeal runs from it."),
                rule=APPEAL_RULE,
                field="filed_on",
            )
        if filed_on < discipline.received_on:
            raise Refusal(_("An appeal is filed after the decision is received."), rule=_("records rule"), field="filed_on")
        last, citation = last_day_to_file(discipline)
        if filed_on > last:
            raise Refusal(
                _("The time to appeal ended on %(date)s (the decision was received on %(received)s).")
                % {"date": day_text(last), "received": day_text(discipline.received_on)},
                rule=citation,
                field="filed_on",
            )
        if discipline.appeals.filter(status=AppealStatus.FILED).exists():
            raise Refusal(_("An appeal against this discipline is already being handled."), rule=_("records rule"))
        settling = discipline.organization.parent
        if settling is None:
            raise Refusal(_("There is no level above the deciding organization to settle the appeal."), rule=APPEAL_RULE)
        level = level_of(settling)
        days, _citation = settle_within(level, filed_on)
        appeal = Appeal.objects.create(
            discipline=discipline,
            organization=settling,
            org_path=settling.path,
            subject_path=discipline.subject_path,
            body=body,
            level=level,
            filed_on=filed_on,
            grounds=list(grounds or []),
            content=content.strip(),
            due=add_working_days(filed_on, days),
            status=AppealStatus.FILED,
            status_since=filed_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(AppealStep, actor=actor, submission=submission, appeal=appeal, kind="filed", date=filed_on)
        audit_record(actor=actor, action="appeal.file", obj=appeal, after=appeal_view(appeal))
    return appeal


# --- the steps ----------------------------------------------------------------------------


def not_accepted(run: Run) -> None:
    """The appeal is not accepted (out of time, not the subject's own, …): say why."""
    reason = (run["reason"] or "").strip()
    if not reason:
        raise Refusal(_("Say why the appeal is not accepted."), rule=APPEAL_RULE, field="reason")
    run.changes["refused_reason"] = reason
    run.record["note"] = reason


def _check_new_form(appeal: Appeal, outcome: str, new_form: str, day: dt.date) -> None:
    current = appeal.discipline.form_in_force
    if not new_form:
        raise Refusal(_("Give the form after the appeal."), rule=APPEAL_RULE, field="new_form")
    check_form(appeal.discipline.subject, new_form, day, field="new_form")
    heavier = GRAVITY[DisciplineForm(new_form)] > GRAVITY[DisciplineForm(current)]
    lighter = GRAVITY[DisciplineForm(new_form)] < GRAVITY[DisciplineForm(current)]
    if (outcome == AppealOutcome.INCREASED and not heavier) or (outcome == AppealOutcome.REDUCED and not lighter):
        raise Refusal(
            _("%(new)s is not %(way)s than %(current)s, the form in force.")
            % {
                "new": DisciplineForm(new_form).label,
                "way": _("heavier") if outcome == AppealOutcome.INCREASED else _("lighter"),
                "current": str(DisciplineForm(current).label).lower(),
            },
            rule=APPEAL_RULE,
            field="new_form",
        )


def settle(run: Run) -> None:
    """The settling decision: the form kept, increased, reduced, or the discipline annulled.
    The change takes effect on the discipline (and the member's record) at once."""
    appeal: Appeal = run.obj
    decision = run.decided()
    if not decision.number:
        raise Refusal(_("A settlement is recorded with its decision."), rule=APPEAL_RULE, field="decision_number")
    outcome = run["outcome"]
    if outcome not in AppealOutcome.values:
        raise Refusal(_("Choose the outcome."), rule=APPEAL_RULE, field="outcome")
    if run["change_reason"] and run["change_reason"] not in ChangeReason.values:
        raise Refusal(_("Choose the reason among the listed ones."), rule=_("records rule"), field="change_reason")
    new_form = run["new_form"] or ""
    discipline = appeal.discipline
    if outcome in (AppealOutcome.INCREASED, AppealOutcome.REDUCED):
        _check_new_form(appeal, outcome, new_form, run.day)
    else:
        new_form = ""
    if outcome != AppealOutcome.UPHELD and not run["change_reason"]:
        raise Refusal(_("Say why the discipline changed."), rule=APPEAL_RULE, field="change_reason")
    run.changes.update(
        outcome=outcome, new_form=new_form, change_reason=run["change_reason"] or "" if outcome != AppealOutcome.UPHELD else "",
        settled_on=run.day, decision_number=decision.number, decision_date=run.day, decided_by=decision.decided_by,
    )  # fmt: skip
    run.record["note"] = str(AppealOutcome(outcome).label)
    if new_form:
        DISCIPLINE.run("change_form", actor=run.actor, obj=discipline, decision=decision, new_form=new_form, date=run.day)
    elif outcome == AppealOutcome.ANNULLED:
        DISCIPLINE.run("annul", actor=run.actor, obj=discipline, decision=decision, date=run.day)


FILED = (AppealStatus.FILED,)

APPEAL = Workflow(
    "appeal",
    model=Appeal,
    state="status",
    since="status_since",
    history=History(AppealStep, "appeal"),
    audit_view=appeal_view,
    steps=[
        Step("not_accepted", gettext_lazy("Not accepted"), not_accepted, FILED, AppealStatus.REFUSED),
        Step(
            "settle", gettext_lazy("Record the settlement"), settle, FILED, AppealStatus.SETTLED, date_of=decision_date, needs=("decision",)
        ),
    ],
)
appeal_not_accepted = APPEAL.service("not_accepted", "appeal")
appeal_settle = APPEAL.service("settle", "appeal")
