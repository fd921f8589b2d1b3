"""The planning table: each post of the managing organization in grade order, with the
cadres planned for it on a day (who they are, what they hold, what they still lack of the
post's standards) and their count against the limit in force."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from partybuilding.core.dates import full_years
from partybuilding.core.rules import rule_if_recorded

from ..models import Cadre, Holding, Planning, PlanningEntry, Position, Training
from .planning import in_planning
from .standards import lacks

MAX_PER_POST_KEY = "cadres.planning_max_per_post"


@dataclass
class TableLine:
    entry: PlanningEntry
    age: int
    present_posts: list[str]
    lacking: list[str]


@dataclass
class TableRow:
    position: Position
    limit: int | None
    lines: list[TableLine] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def full(self) -> bool:
        return self.limit is not None and self.count >= self.limit


def planning_table(planning: Planning, on: dt.date) -> list[TableRow]:
    """Every post the planning's organization manages (in use, or with cadres planned on
    `on`), highest grade first, with the cadres in the planning that day."""
    entries = in_planning(planning, on)
    per_post = rule_if_recorded(MAX_PER_POST_KEY, on)
    cadre_ids = {e.cadre_id for e in entries}
    held: dict[int, list[str]] = defaultdict(list)
    holdings = Holding.objects.filter(cadre_id__in=cadre_ids, started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    for holding in holdings.select_related("position").order_by("position__grade"):
        held[holding.cadre_id].append(holding.position.name)
    done = Prefetch("trainings", queryset=Training.objects.filter(completed=True), to_attr="done_courses")
    with_courses = {c.pk: c for c in Cadre.objects.filter(pk__in=cadre_ids).prefetch_related(done)}
    posts = Position.objects.filter(managed_by=planning.organization).filter(Q(active=True) | Q(pk__in={e.position_id for e in entries}))
    rows = {p.pk: TableRow(p, int(per_post.value) * max(p.seats, 1) if per_post else None) for p in posts.order_by("grade", "name", "pk")}  # fmt: skip
    for entry in entries:
        cadre = with_courses.get(entry.cadre_id, entry.cadre)
        courses = getattr(cadre, "done_courses", None)
        line = TableLine(entry, full_years(cadre.date_of_birth, on), held[entry.cadre_id], lacks(cadre, entry.position, on, courses))
        rows[entry.position_id].lines.append(line)
    return list(rows.values())
