"""What a member's disciplines mean for cadre work: a discipline decided takes a cadre out of
the planning on its decision's date, and bars an appointment for the months the rules give
its form. Both read the inspections' records, never a copy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from partybuilding.core.dates import add_months
from partybuilding.core.rules import rule_value
from partybuilding.inspections.choices import DisciplineStatus
from partybuilding.inspections.models import Discipline

EXIT_FORMS_KEY = "cadres.planning_exit_discipline_forms"
BAR_KEY = "cadres.discipline_bar_months"


def decided(member_ids: Iterable[int]) -> QuerySet[Discipline]:
    """The disciplines in force (decided, not annulled) of these members, with their form in force."""
    return Discipline.objects.filter(member_id__in=list(member_ids), status=DisciplineStatus.DECIDED, decision_date__isnull=False)


def exit_disciplines(member_ids: Iterable[int], since: dt.date, until: dt.date) -> dict[int, Discipline]:
    """Each member's first discipline decided from `since` to `until` whose form takes a cadre
    out of the planning (the forms of the rule in force on its decision's date)."""
    found: dict[int, Discipline] = {}
    rows = decided(member_ids).filter(decision_date__gte=since, decision_date__lte=until).order_by("decision_date", "pk")
    for discipline in rows:
        form, member_id, day = discipline.form_in_force or discipline.form, discipline.member_id, discipline.decision_date
        if member_id is not None and day is not None and member_id not in found and form in rule_value(EXIT_FORMS_KEY, day):
            found[member_id] = discipline
    return found


def barring(member_id: int | None, on: dt.date) -> tuple[Discipline, dt.date] | None:
    """The discipline that bars an appointment on `on`, with the day the bar ends (the months
    of its form, by the rule in force on its decision's date), or None."""
    if member_id is None:
        return None
    bars = []
    for discipline in decided([member_id]).filter(decision_date__lte=on).order_by("-decision_date", "-pk"):
        assert discipline.decision_date is not None
        months = rule_value(BAR_KEY, discipline.decision_date).get(discipline.form_in_force or discipline.form)
        if months:
            ends = add_months(discipline.decision_date, months)
            if ends > on:
                bars.append((discipline, ends))
    return max(bars, key=lambda bar: bar[1]) if bars else None
