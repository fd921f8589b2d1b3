"""Reads of the pipeline that the pages, the API and the dashboard share: candidate search,
the pipeline board of a scope (counts per stage, who is stuck, what is due or overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.attention import Item, link, register
from partybuilding.core.audit import audit_record
from partybuilding.core.scope import Action, visible_or_404
from partybuilding.core.text import search_key
from partybuilding.organizations.models import Organization

from . import checks
from .choices import FINAL, PIPELINE, Stage
from .models import Candidate

# Presentation choices of the board, not rules of the Party: a user can change them per view.
STUCK_AFTER_DAYS = 90
DUE_WITHIN_DAYS = 30
LIST_LIMIT = 200


def candidate_or_404(user: Any, pk: Any, action: Action | None = None) -> Candidate:
    """A candidate of the user's scope (personal data: for the roles that see member records);
    with `action`, one they may act on (403 otherwise)."""
    return visible_or_404(Candidate.objects.select_related("organization", "member"), user, pk, action)


def read_candidate(user: Any, pk: Any) -> Candidate:
    """A candidate's full record for the page or the API: the reading is audited."""
    candidate = candidate_or_404(user, pk)
    audit_record(actor=user, action="candidate.view", obj=candidate)
    return candidate


def candidate_list(user: Any, within: Organization | None, filters: dict[str, Any]) -> QuerySet[Candidate]:
    """The candidates the list's filters describe (the page and the API): those in the
    pipeline unless a stage (or "all") is asked for, found by name."""
    visible = Candidate.objects.visible_to(user)
    candidates: QuerySet[Candidate] = visible.within(within) if within is not None else visible
    stage = filters.get("stage") or ""
    if stage == "":
        candidates = candidates.exclude(stage__in=FINAL)
    elif stage != "all":
        candidates = candidates.filter(stage=stage)
    if filters.get("q"):
        candidates = search(candidates, filters["q"])
    return candidates.order_by("sort_key", "pk")


def search(candidates: QuerySet[Candidate], text: str) -> QuerySet[Candidate]:
    """By name, ignoring diacritics: the full name's start or a word's start."""
    key = search_key(text)
    if not key:
        return candidates
    return candidates.filter(Q(name_search__gte=key, name_search__lt=key + "\uffff") | Q(name_search__contains=" " + key))


@dataclass(frozen=True)
class Due:
    """A candidate with a date that matters: a deadline, or the end of probation."""

    candidate: Candidate
    date: dt.date
    overdue: bool = False


@dataclass
class Board:
    counts: list[tuple[str, Any, int]]
    stuck: list[Candidate] = field(default_factory=list)
    ceremonies: list[Due] = field(default_factory=list)
    probations_ending: list[Due] = field(default_factory=list)
    recognitions_overdue: list[Due] = field(default_factory=list)

    @property
    def in_pipeline(self) -> int:
        return sum(n for stage, _label, n in self.counts if stage not in FINAL)


@dataclass(frozen=True)
class NextStep:
    """A candidate, what the cell does next for them, and by when (None: no deadline)."""

    candidate: Candidate
    step: Any
    deadline: dt.date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


NEXT_STEP: dict[str, Any] = {
    Stage.RECORDED: gettext_lazy("Awareness course"),
    Stage.COURSE: gettext_lazy("Name two introducers"),
    Stage.INTRODUCED: gettext_lazy("Submit the application file"),
    Stage.APPLIED: gettext_lazy("Cell resolution"),
    Stage.CELL_RESOLVED: gettext_lazy("Admission decision by the committee"),
    Stage.DECIDED: gettext_lazy("Admission ceremony"),
    Stage.PROBATION: gettext_lazy("Cell considers official status"),
    Stage.CONSIDERED: gettext_lazy("Official status decided by the committee"),
}


def next_step(candidate: Candidate, today: dt.date) -> NextStep:
    """The step the pipeline waits for, with the deadline the rules in force give it, if any:
    the awareness certificate's validity until the cell's resolution, the ceremony's after
    the decision, the cell's consideration after probation."""
    deadline: dt.date | None = None
    if candidate.stage in (Stage.COURSE, Stage.INTRODUCED, Stage.APPLIED) and candidate.certificate_date:
        found = checks.certificate_expiry(candidate.certificate_date, today)
        deadline = found[0] if found else None
    elif candidate.stage == Stage.DECIDED and candidate.decided_on:
        found_ceremony = checks.ceremony_deadline(candidate.decided_on)
        deadline = found_ceremony[0] if found_ceremony else None
    elif candidate.stage == Stage.PROBATION and candidate.probation_ends_on:
        deadline = checks.recognition_deadline(candidate.probation_ends_on)
    return NextStep(candidate, NEXT_STEP.get(candidate.stage, ""), deadline, (deadline - today).days if deadline else None)


def next_steps(candidates: QuerySet[Candidate], today: dt.date, limit: int) -> list[NextStep]:
    """The open candidates' next steps: overdue first, then the nearest deadline, then those without one."""
    steps = [next_step(c, today) for c in candidates.exclude(stage__in=FINAL).order_by("stage_since", "pk")[: limit * 3]]
    steps.sort(key=lambda s: (s.days_left is None, s.days_left or 0))
    return steps[:limit]


def stage_counts(candidates: QuerySet[Candidate]) -> dict[str, int]:
    """One grouped query, whatever the size of the scope."""
    return {row["stage"]: row["n"] for row in candidates.order_by().values("stage").annotate(n=Count("pk"))}


def stuck(candidates: QuerySet[Candidate], today: dt.date, days: int = STUCK_AFTER_DAYS) -> QuerySet[Candidate]:
    """Open candidates whose last step is older than `days` (probation is a wait, not a delay)."""
    since = today - dt.timedelta(days=days)
    waiting = candidates.exclude(stage__in=[*FINAL, Stage.PROBATION]).filter(stage_since__lt=since)
    return waiting.select_related("organization__parent").order_by("stage_since", "pk")


def ceremonies_pending(candidates: QuerySet[Candidate], today: dt.date) -> list[Due]:
    """Admitted by decision, ceremony not yet held: its last day, overdue once passed."""
    result = []
    for candidate in candidates.filter(stage=Stage.DECIDED).select_related("organization__parent").order_by("decided_on")[:LIST_LIMIT]:
        assert candidate.decided_on is not None  # the stage guarantees it
        found = checks.ceremony_deadline(candidate.decided_on)
        deadline = found[0] if found else candidate.decided_on
        result.append(Due(candidate, deadline, today > deadline))
    return result


def probations_ending(candidates: QuerySet[Candidate], today: dt.date, days: int = DUE_WITHIN_DAYS) -> list[Due]:
    window = candidates.filter(stage=Stage.PROBATION, probation_ends_on__gte=today, probation_ends_on__lte=today + dt.timedelta(days=days))
    return [
        Due(c, c.probation_ends_on)
        for c in window.select_related("organization__parent").order_by("probation_ends_on")[:LIST_LIMIT]
        if c.probation_ends_on
    ]


def recognitions_overdue(candidates: QuerySet[Candidate], today: dt.date) -> list[Due]:
    """Probation over and the cell has not considered official status within the working
    days the rules allow. 30 working days are always more than 30 calendar days, so the
    database narrows by calendar days and Python counts the working days of the few left."""
    late = candidates.filter(stage=Stage.PROBATION, probation_ends_on__lt=today - dt.timedelta(days=DUE_WITHIN_DAYS))
    result = []
    for candidate in late.select_related("organization__parent").order_by("probation_ends_on")[:LIST_LIMIT]:
        assert candidate.probation_ends_on is not None
        deadline = checks.recognition_deadline(candidate.probation_ends_on)
        if deadline is not None and today > deadline:
            result.append(Due(candidate, deadline, True))
    return result


def board(user: Any, scope: Organization, today: dt.date, stuck_days: int = STUCK_AFTER_DAYS) -> Board:
    candidates = Candidate.objects.visible_to(user).within(scope)
    counts = stage_counts(candidates)
    stages = [*PIPELINE, Stage.NOT_RECOGNIZED, Stage.WITHDRAWN]
    return Board(
        counts=[(s.value, s.label, counts.get(s.value, 0)) for s in stages],
        stuck=list(stuck(candidates, today, stuck_days)[:LIST_LIMIT]),
        ceremonies=ceremonies_pending(candidates, today),
        probations_ending=probations_ending(candidates, today),
        recognitions_overdue=recognitions_overdue(candidates, today),
    )


@register
def attention_items(scope: Organization, today: dt.date, user: Any) -> list[Item]:
    """The dashboard's attention lines for admissions."""
    candidates = Candidate.objects.visible_to(user).within(scope)
    url = link("admission_board")
    ceremonies = ceremonies_pending(candidates, today)
    items = [
        Item(
            _("Recognitions overdue"),
            len(recognitions_overdue(candidates, today)),
            _("Probation ended; official status not yet considered."),
            url,
        ),
        Item(
            _("Admission ceremonies pending"),
            len(ceremonies),
            _("%(n)d past the deadline.") % {"n": sum(d.overdue for d in ceremonies)},
            url,
        ),
        Item(_("Probations ending in the next 30 days"), len(probations_ending(candidates, today)), "", url),
    ]
    return [item for item in items if item.count]
