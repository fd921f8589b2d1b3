"""What pages and the API read of plannings: the plannings of a scope, one planning, its
entries as the planning stood on a day, and the automatic exits. A cadre planned leaves the
planning on the day of a discipline decided with a form the rule names, and the day after
the last day they could still start a full term: derived from the records (no job), until
the board records the exit (an attention line meanwhile)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partybuilding.core import attention, paths
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.inspections.choices import DisciplineStatus
from partybuilding.inspections.models import Discipline

from ..choices import ExitReason, PlanningState
from ..discipline import exit_disciplines
from ..models import Cadre, Planning, PlanningDecision, PlanningEntry

ENTRY_RELATED = ("cadre", "position", "added_by", "removed_by")


# --- plannings ---------------------------------------------------------------------------------


def plannings_in(user: Any, org: Any) -> QuerySet[Planning]:
    """The plannings the user reads, of `org`'s subtree (all they read when `org` is None)."""
    rows = Planning.objects.visible_to(user).select_related("organization")
    return rows.within(org) if org is not None else rows


def planning_or_404(user: Any, pk: Any, action: Action | None = None) -> Planning:
    return visible_or_404(Planning.objects.select_related("organization"), user, pk, action)


def entry_or_404(user: Any, pk: Any, action: Action | None = None) -> PlanningEntry:
    rows = PlanningEntry.objects.select_related("planning", "planning__organization", *ENTRY_RELATED)
    return visible_or_404(rows, user, pk, action)


def decisions_of(planning: Planning) -> list[PlanningDecision]:
    return list(planning.decisions.order_by("decision_date", "pk"))


def approval_of(planning: Planning) -> PlanningDecision | None:
    return planning.decisions.filter(kind="approval").order_by("decision_date", "pk").first()


# --- the automatic exit ------------------------------------------------------------------------


@dataclass(frozen=True)
class AutoExit:
    """Why and when a planned entry left the planning by itself."""

    entry: PlanningEntry
    reason: str  # ExitReason.DISCIPLINE or ExitReason.AGE
    on: dt.date
    discipline: Discipline | None = None

    @property
    def reason_label(self) -> str:
        return str(ExitReason(self.reason).label)


def automatic_exits(entries: Iterable[PlanningEntry], until: dt.date) -> dict[int, AutoExit]:
    """The entries still stored as planned that left the planning by `until`: the earlier of
    the day of a discipline decided since they were planned (a form the rule in force on its
    date names) and the day after their age limit for a full term."""
    planned = [e for e in entries if e.state == PlanningState.PLANNED]
    found: dict[int, AutoExit] = {}
    by_day: dict[dt.date, list[PlanningEntry]] = defaultdict(list)
    for entry in planned:
        if entry.cadre.member_id is not None:
            by_day[entry.added_on].append(entry)
    for since, group in by_day.items():  # few days: one per decision that added entries
        disciplines = exit_disciplines({e.cadre.member_id for e in group if e.cadre.member_id}, since, until)
        for entry in group:
            discipline = disciplines.get(entry.cadre.member_id or 0)
            if discipline is not None and discipline.decision_date is not None:
                found[entry.pk] = AutoExit(entry, ExitReason.DISCIPLINE, discipline.decision_date, discipline)
    for entry in planned:
        aged = entry.age_limit_on + dt.timedelta(days=1)
        if aged <= until and (entry.pk not in found or aged < found[entry.pk].on):
            found[entry.pk] = AutoExit(entry, ExitReason.AGE, aged)
    return found


def automatic_exit_of(entry: PlanningEntry, until: dt.date) -> AutoExit | None:
    return automatic_exits([entry], until).get(entry.pk)


def stood_on(rows: QuerySet[PlanningEntry], on: dt.date) -> QuerySet[PlanningEntry]:
    """The stored entries in the planning on `on`: added by then, and not yet left by a
    recorded exit, removal or appointment (the automatic exits are taken out by `in_planning`)."""
    return rows.filter(added_on__lte=on).filter(Q(state=PlanningState.PLANNED) | Q(left_on__gt=on))


def in_planning(planning: Planning, on: dt.date) -> list[PlanningEntry]:
    """The planning as it stood on `on`: its entries then, without those that had left
    automatically by that day."""
    rows = stood_on(planning.entries.select_related(*ENTRY_RELATED), on)
    entries = list(rows.order_by("position__grade", "position__name", "position_id", "added_on", "pk"))
    gone = automatic_exits(entries, on)
    return [e for e in entries if e.pk not in gone]


def _may_have_left(rows: QuerySet[PlanningEntry], today: dt.date) -> QuerySet[PlanningEntry]:
    """Planned entries past their age limit, or whose member has a discipline decided by
    `today` (that it came after the planning, and its form, are checked afterwards by
    `automatic_exits`). The cadres of the members disciplined are read once, not probed
    entry by entry."""
    members = Discipline.objects.filter(status=DisciplineStatus.DECIDED, decision_date__lte=today, member__isnull=False)
    cadres = Cadre.objects.filter(member_id__in=members.values("member_id")).values("pk")
    return rows.filter(state=PlanningState.PLANNED).filter(Q(age_limit_on__lt=today) | Q(cadre_id__in=cadres))


def pending_exits(user: Any, scope: Any, today: dt.date, planning: Planning | None = None) -> list[AutoExit]:
    """The automatic exits not yet recorded, in `scope`'s subtree (or of one planning)."""
    rows = PlanningEntry.objects.visible_to(user)
    rows = rows.filter(planning=planning) if planning is not None else rows.filter(paths.subtree_q(scope.path, "org_path"))
    candidates = list(_may_have_left(rows, today).select_related("planning", "planning__organization", *ENTRY_RELATED))
    exits = automatic_exits(candidates, today)
    return sorted(exits.values(), key=lambda x: (x.on, x.entry.org_path, x.entry.pk))


@attention.register
def planning_exits_line(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Cadres who left a planning by a discipline or by age, their exit not yet recorded."""
    if not can(user, Action.VIEW_CADRES, scope):
        return []
    exits = pending_exits(user, scope, today)
    items = []
    for reason, label in (
        (ExitReason.DISCIPLINE, _("Planned cadres disciplined: their exit from the planning is to be recorded")),
        (ExitReason.AGE, _("Planned cadres past the age limit for a full term: their exit from the planning is to be recorded")),
    ):
        count = sum(1 for x in exits if x.reason == reason)
        url = attention.link("cadre_planning_exits", within=scope.pk, reason=str(reason))
        items.append(attention.Item(str(label), count, url=url))
    return items
