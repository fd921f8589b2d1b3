"""An organization's rating: its self-assessment report (form 01), then the decision of the
standing committee one level up; and the four-good cell model (registration at a meeting,
the year-end assessment on its four criteria, recognition by decision)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision, refuse_future
from partybuilding.core.workflow import Run, Step, Workflow, decision_date
from partybuilding.meetings.choices import HELD
from partybuilding.meetings.models import Meeting

from .. import judging
from .. import totals as counters
from ..choices import FourGoodCriterion, FourGoodStage, Group, Level, RoundStatus, Stage
from ..models import FourGood, OrganizationRating


def _open(run: Run) -> None:
    if run.obj.round.status != RoundStatus.OPEN:
        raise Refusal(_("The round is not open."), rule=_("assessment calendar"))


def _judged(run: Run, score: int | None, tasks: judging.Tasks) -> str:
    level = run["level"] or ""
    if level not in Level.values:
        raise Refusal(_("Choose a level."), rule=_("records rule"), field="level")
    judging.refuse_level(
        level, on=run.obj.round.period_end, group=Group.COLLECTIVE, score=score, tasks=tasks, disciplined=False, organization=True
    )
    return level


def _score(run: Run, default: int | None = None) -> int | None:
    given = run["score"]
    if given in (None, ""):
        return default
    if not 0 <= int(given) <= 100:
        raise Refusal(_("The score is between 0 and 100 points."), rule=_("records rule"), field="score")
    return int(given)


def org_self_assess(run: Run) -> None:
    """The organization's self-assessment report (form 01), by its own committee."""
    _open(run)
    score = _score(run)
    tasks = judging.Tasks.of(run["tasks"])
    level = _judged(run, score, tasks)
    run.changes.update(self_score=score, self_level=level, self_report=(run["report"] or "").strip(), tasks=tasks.as_dict())


def org_decide(run: Run) -> None:
    """The rating decided by the standing committee one level up."""
    _open(run)
    parent = run.obj.organization.parent
    if parent is None:
        raise Refusal(_("No committee above rates this organization."), rule=_("assessment rule: rated one level up"))
    decision = run.decided()
    if not decision.number.strip():
        raise Refusal(_("Give the decision's number."), rule=_("records rule"), field="decision_number")
    score = _score(run, run.obj.self_score)
    tasks = judging.Tasks.of(run["tasks"] or run.obj.tasks)
    level = _judged(run, score, tasks)
    run.changes.update(level=level, score=score, decision_number=decision.number.strip(), decision_date=decision.date)


def _move(run: Run, target: str) -> None:
    obj = run.obj
    before = counters.organization_keys(obj)
    run.changes.update(stage=target, stage_since=run.date)
    for name, value in run.changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*run.changes, "updated_at"])
    counters.change(obj.org_path, before, counters.organization_keys(obj))


def org_rating_view(rating: OrganizationRating) -> dict[str, Any]:
    return {
        "stage": rating.stage,
        "self_level": rating.self_level,
        "level": rating.level,
        "score": rating.score,
        "decision_number": rating.decision_number,
    }


ORG_RATING = Workflow(
    "assessment.organization_rating",
    model=OrganizationRating,
    state="stage",
    since="stage_since",
    audit_view=org_rating_view,
    move=_move,
    steps=[
        Step(
            "self",
            gettext_lazy("Self-assessment report"),
            org_self_assess,
            (Stage.LISTED, Stage.SELF_ASSESSED),
            Stage.SELF_ASSESSED,
            needs=("level",),
        ),
        Step(
            "decide",
            gettext_lazy("Decision one level up"),
            org_decide,
            (Stage.LISTED, Stage.SELF_ASSESSED),
            Stage.DECIDED,
            date_of=decision_date,
            needs=("level",),
        ),
    ],
)
organization_self_assess = ORG_RATING.service("self", "rating")
organization_decide = ORG_RATING.service("decide", "rating")


# --- the four-good model -----------------------------------------------------------------------


def four_good_register(*, actor: Any, organization: Any, year: int, meeting: Meeting) -> FourGood:
    """Registered at a regular meeting of the cell, in the year it registers for."""
    if meeting.organization_id != organization.pk or meeting.status not in HELD or meeting.date.year != year:
        raise Refusal(
            _("Register at a meeting the organization held in %(year)s.") % {"year": year},
            rule=_("four-good model: registration at a regular meeting"),
            field="meeting",
        )
    try:
        with transaction.atomic():
            row = FourGood.objects.create(organization=organization, year=year, meeting=meeting, recorded_by=actor)
    except IntegrityError:
        raise Refusal(
            _("The organization is already registered for %(year)s.") % {"year": year}, rule=_("four-good model"), field="year"
        ) from None
    audit_record(actor=actor, action="assessment.four_good_register", obj=row, before=None, after={"year": year, "meeting": meeting.pk})
    return row


def four_good_assess(*, actor: Any, registration: FourGood, criteria: dict[str, bool], note: str = "") -> FourGood:
    """The year-end assessment on the four criteria, with the evidence shown beside it."""
    if registration.stage not in (FourGoodStage.REGISTERED, FourGoodStage.ASSESSED):
        raise Refusal(_("The recognition is already decided."), rule=_("four-good model"))
    before = {"stage": registration.stage, "criteria": registration.criteria}
    registration.criteria = {c: bool(criteria.get(c)) for c in FourGoodCriterion.values}
    registration.assessment_note = note.strip()
    registration.stage = FourGoodStage.ASSESSED
    registration.save()
    audit_record(
        actor=actor,
        action="assessment.four_good_assess",
        obj=registration,
        before=before,
        after={"stage": registration.stage, "criteria": registration.criteria},
    )
    return registration


def four_good_recognize(*, actor: Any, registration: FourGood, decision: Decision, recognized: bool = True) -> FourGood:
    """Recognized (or not) by the decision of the committee one level up: only a cell that
    met all four criteria is recognized."""
    if registration.stage != FourGoodStage.ASSESSED:
        raise Refusal(_("Assess the four criteria first."), rule=_("four-good model"))
    if not decision.number.strip() or decision.date is None:
        raise Refusal(_("Give the decision's number and date."), rule=_("records rule"), field="decision_number")
    refuse_future(decision.date, "decision_date")
    if recognized and not all(registration.criteria.get(c) for c in FourGoodCriterion.values):
        raise Refusal(
            _("A four-good organization meets all four criteria."), rule=_("four-good model: the four criteria"), field="recognized"
        )
    before = {"stage": registration.stage}
    registration.stage = FourGoodStage.RECOGNIZED if recognized else FourGoodStage.NOT_RECOGNIZED
    registration.decision_number, registration.decision_date = decision.number.strip(), decision.date
    registration.save()
    audit_record(actor=actor, action="assessment.four_good_recognize", obj=registration, before=before, after={"stage": registration.stage})
    return registration


def consecutive_years(years: set[int], last: int) -> int:
    """How many years in a row, ending with `last`, are in `years`."""
    count = 0
    while last - count in years:
        count += 1
    return count
