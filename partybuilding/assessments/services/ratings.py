"""The path of a member's rating as a table of steps (`RATING`): the self-assessment, the
proposals of the cell committee, the employing body and the mass organization, the cell's
vote at its review meeting, the committee's decision; or "not rated" with its reason. Each
step is a row of the rating's history, kept beside the final level; each is judged by the
rules in force on the round's last day (`judging`), and moves the year's counters.

A member who moved to another cell during the round is rated by the cell they are in when
the step is recorded: the rating (and its counters) follow them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import paths
from partybuilding.core.errors import Refusal
from partybuilding.core.workflow import History, Run, Step, Workflow, decision_date
from partybuilding.inspections import facts
from partybuilding.meetings.choices import HELD
from partybuilding.organizations.choices import GRASSROOTS_KINDS, OrgKind
from partybuilding.organizations.models import Organization, SubtreeTotal

from .. import judging
from .. import totals as counters
from ..choices import BEFORE_DECISION, MEMBER_GROUPS, PROPOSERS, Level, NotCompletedReason, NotRated, RoundStatus, Source, Stage
from ..models import MemberRating, RatingStep


def deciding_organization(cell: Organization) -> Organization:
    """The committee that decides the ratings of a cell's members: the grassroots
    organization the cell is (or is under); a cell right under a commune committee is
    decided there."""
    node: Organization | None = cell
    while node is not None:
        if node.kind in GRASSROOTS_KINDS or node.kind == OrgKind.COMMUNE:
            return node
        node = node.parent
    return cell.parent or cell


def disciplined(rating: MemberRating) -> bool:
    """Whether a discipline of the member decided during the round's period is in force."""
    r = rating.round
    return facts.member_disciplined(rating.member_id, r.period_start, r.period_end)


def quota(rating: MemberRating, *, excluding_self: bool = True) -> judging.Quota:
    """The "excellent" count of the grassroots organization deciding this rating, in its round."""
    grassroots = deciding_organization(rating.organization)
    return quota_of(rating.round, grassroots, exclude=rating.pk if excluding_self else None)


def quota_of(round_: Any, grassroots: Organization, exclude: int | None = None) -> judging.Quota:
    """The quota as the decisions of the round under `grassroots` stand, counted."""
    rows = MemberRating.objects.filter(paths.subtree_q(grassroots.path, "org_path"), round=round_, stage=Stage.DECIDED)
    if exclude:
        rows = rows.exclude(pk=exclude)
    excellent = rows.filter(level=Level.EXCELLENT).count()
    return _quota(round_, excellent, rows.filter(level__in=(Level.EXCELLENT, Level.GOOD)).count())


def quotas_of(round_: Any, grassroots: list[Organization]) -> dict[int, judging.Quota]:
    """The quota of each grassroots organization, for a page showing many: a yearly round
    reads the year's counters of them all in one query."""
    if not round_.counted:
        return {org.pk: quota_of(round_, org) for org in grassroots}
    base = f"{counters.PREFIX}{round_.year}.m.L."
    keys = (base + Level.EXCELLENT, base + Level.GOOD)
    found: dict[int, dict[str, int]] = {org.pk: {} for org in grassroots}
    for org_id, key, value in SubtreeTotal.objects.filter(organization_id__in=found, key__in=keys).values_list(
        "organization_id", "key", "value"
    ):
        found[org_id][key] = value
    return {pk: _quota(round_, n.get(keys[0], 0), n.get(keys[0], 0) + n.get(keys[1], 0)) for pk, n in found.items()}


def _quota(round_: Any, excellent: int, good_or_above: int) -> judging.Quota:
    found = judging.quota_rule(round_.period_end)
    return judging.Quota(excellent, good_or_above, int(found.value) if found else None, found.citation if found else "")


# --- what every step shares -----------------------------------------------------------------


def _rules_day(run: Run) -> dt.date:
    return run.obj.round.period_end


def _follow_member(run: Run) -> None:
    """The rating goes to the cell the member is in now."""
    member = run.obj.member
    if member.organization_id != run.obj.organization_id:
        run.changes.update(organization=member.organization, org_path=member.org_path)


def _open(run: Run) -> None:
    if run.obj.round.status != RoundStatus.OPEN:
        raise Refusal(_("The round is not open."), rule=_("assessment calendar"))


def _cell(run: Run) -> Organization:
    return run.changes.get("organization") or run.obj.organization


def _level(run: Run, *, score: int | None, tasks: judging.Tasks) -> str:
    level = run["level"] or ""
    if level not in Level.values:
        raise Refusal(_("Choose a level."), rule=_("records rule"), field="level")
    judging.refuse_level(level, on=_rules_day(run), group=run.obj.group, score=score, tasks=tasks, disciplined=disciplined(run.obj))
    return level


def _last(run: Run, field: str) -> Any:
    """The value of `field` in the rating's last step that has one (the score a vote keeps)."""
    return (
        RatingStep.objects.filter(rating=run.obj)
        .exclude(**{f"{field}__isnull": True})
        .order_by("-date", "-id")
        .values_list(field, flat=True)
        .first()
    )


def _tasks(run: Run) -> judging.Tasks:
    given = run["tasks"]
    if given:
        tasks = judging.Tasks.of(given)
        for name, value in tasks.as_dict().items():
            if not 0 <= value <= 100:
                raise Refusal(_("A share of tasks is between 0 and 100 %."), rule=_("records rule"), field=name)
        return tasks
    last = RatingStep.objects.filter(rating=run.obj).exclude(tasks={}).order_by("-date", "-id").values_list("tasks", flat=True).first()
    return judging.Tasks.of(last)


def _score(run: Run) -> int | None:
    given = run["score"]
    if given in (None, ""):
        return _last(run, "score")
    if not 0 <= int(given) <= 100:
        raise Refusal(_("The score is between 0 and 100 points."), rule=_("records rule"), field="score")
    return int(given)


def _write(run: Run, source: str, level: str, score: int | None, tasks: judging.Tasks) -> None:
    run.record.update(source=source, level=level, score=score, tasks=tasks.as_dict(), note=(run["note"] or "").strip())


# --- the steps -------------------------------------------------------------------------------


def self_assess(run: Run) -> None:
    """The member's self-assessment (forms 2A/2B/2C): points per criterion, task results, the
    level they propose. The member themself, or their cell's secretary for them."""
    _open(run)
    _follow_member(run)
    group = run["group"] or run.obj.group
    if group not in MEMBER_GROUPS:
        raise Refusal(_("Choose the criteria group."), rule=_("records rule"), field="group")
    run.obj.group = group
    scores = {k: v for k, v in (run["scores"] or {}).items()}
    score = judging.scored(group, scores, _rules_day(run))
    tasks = _tasks(run)
    level = _level(run, score=score, tasks=tasks)
    _write(run, Source.SELF, level, score, tasks)
    run.record.update(scores=scores, strengths=(run["strengths"] or "").strip(), weaknesses=(run["weaknesses"] or "").strip())
    run.changes.update(group=group, score=score)


def propose(run: Run) -> None:
    """The proposal of the cell committee, the employing body or the mass organization."""
    _open(run)
    _follow_member(run)
    source = run["source"]
    if source not in PROPOSERS:
        raise Refusal(_("Choose who proposes."), rule=_("records rule"), field="source")
    score, tasks = _score(run), _tasks(run)
    _write(run, source, _level(run, score=score, tasks=tasks), score, tasks)


def vote(run: Run) -> None:
    """The cell's vote at its review meeting, recorded as a meeting of the meetings app."""
    _open(run)
    _follow_member(run)
    meeting = run["meeting"]
    if meeting is None or meeting.organization_id != _cell(run).pk or meeting.status not in HELD:
        raise Refusal(
            _("Choose a meeting held by the member's cell."),
            rule=_("assessment rule: the cell reviews its members at a meeting"),
            field="meeting",
        )
    votes_for, present = int(run["votes_for"] or 0), int(run["votes_present"] or 0)
    if not 0 < votes_for <= present:
        raise Refusal(_("The votes for are between 1 and the members present."), rule=_("records rule"), field="votes_for")
    score, tasks = _score(run), _tasks(run)
    level = _level(run, score=score, tasks=tasks)
    _write(run, Source.CELL_VOTE, level, score, tasks)
    run.record.update(meeting=meeting, votes_for=votes_for, votes_present=present)
    run.changes.update(score=score)


def decide(run: Run) -> None:
    """The committee's decision: the final level, with number and date. "Excellent" beyond
    the quota of the grassroots organization needs the committee's reason."""
    _open(run)
    _follow_member(run)
    decision = run.decided()
    if not decision.number.strip():
        raise Refusal(_("Give the decision's number."), rule=_("records rule"), field="decision_number")
    score, tasks = _score(run), _tasks(run)
    level = _level(run, score=score, tasks=tasks)
    override = (run["quota_override"] or "").strip()
    if level == Level.EXCELLENT:
        # one "excellent" decided at a time per grassroots organization, so that two
        # decisions made together cannot both pass the last place of the quota
        Organization.objects.select_for_update().filter(pk=deciding_organization(run.obj.organization).pk).first()
        judging.refuse_over_quota(quota(run.obj), override)
    reason = run["not_completed_reason"] or ""
    if level == Level.NOT_COMPLETED:
        if disciplined(run.obj):
            reason = NotCompletedReason.DISCIPLINED
        if reason not in NotCompletedReason.values:
            raise Refusal(
                _("Give the reason for “did not complete tasks”."), rule=_("form 6 of HD 11-HD/BTCTW"), field="not_completed_reason"
            )
    else:
        reason = ""
    _write(run, Source.COMMITTEE, level, score, tasks)
    run.changes.update(
        level=level,
        score=score,
        not_completed_reason=reason,
        decision_number=decision.number.strip(),
        decision_date=decision.date,
        quota_override=override if level == Level.EXCELLENT else "",
    )


def leave_unrated(run: Run) -> None:
    """Not rated this time, with the reason (suspended, long illness…)."""
    _open(run)
    reason = run["reason"]
    if reason not in NotRated.values:
        raise Refusal(_("Choose the reason."), rule=_("records rule"), field="reason")
    run.record.update(source=Source.NOT_RATED, note=(run["note"] or "").strip())
    run.changes.update(not_rated=reason)


def _move(run: Run, target: str) -> None:
    """The new stage, and the counters moved from what the rating counted to what it counts."""
    obj = run.obj
    before, old_path = counters.member_keys(obj), obj.org_path
    run.changes.update(stage=target, stage_since=run.date)
    for name, value in run.changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*run.changes, "updated_at"])
    after = counters.member_keys(obj)
    if old_path == obj.org_path:
        counters.change(obj.org_path, before, after)
    else:
        counters.change(old_path, before, {})
        counters.change(obj.org_path, {}, after)


def rating_view(rating: MemberRating) -> dict[str, Any]:
    return {
        "stage": rating.stage, "level": rating.level, "score": rating.score, "group": rating.group,
        "organization": rating.organization_id, "decision_number": rating.decision_number, "not_rated": rating.not_rated,
    }  # fmt: skip


def _floor(rating: MemberRating) -> dt.date:
    return rating.round.period_start


RATING = Workflow(
    "assessment.rating",
    model=MemberRating,
    state="stage",
    since="stage_since",
    history=History(RatingStep, "rating"),
    audit_view=rating_view,
    floor=_floor,
    before_floor=gettext_lazy("The date %(date)s is before the round's period (%(last)s)."),
    move=_move,
    steps=[
        Step(
            "self", gettext_lazy("Self-assessment"), self_assess, (Stage.LISTED, Stage.SELF_ASSESSED), Stage.SELF_ASSESSED, needs=("level",)
        ),
        Step(
            "propose", gettext_lazy("Proposal"), propose, (Stage.SELF_ASSESSED, Stage.PROPOSED), Stage.PROPOSED, needs=("level", "source")
        ),
        Step(
            "vote",
            gettext_lazy("Cell's vote"),
            vote,
            (Stage.SELF_ASSESSED, Stage.PROPOSED, Stage.VOTED),
            Stage.VOTED,
            needs=("level", "meeting"),
        ),
        Step(
            "decide", gettext_lazy("Committee's decision"), decide, (Stage.VOTED,), Stage.DECIDED, date_of=decision_date, needs=("level",)
        ),
        Step("unrated", gettext_lazy("Not rated"), leave_unrated, BEFORE_DECISION, Stage.NOT_RATED, needs=("reason",)),
    ],
)

rating_self_assess = RATING.service("self", "rating")
rating_propose = RATING.service("propose", "rating")
rating_vote = RATING.service("vote", "rating")
rating_decide = RATING.service("decide", "rating")
rating_leave_unrated = RATING.service("unrated", "rating")
