"""The evidence shown beside an organization's rating and its four-good assessment: what the
system already knows of the organization's year (meeting quality, admissions against the
target, dues collected, its members' ratings, disciplines recorded, its own rating), each
with the page it comes from.

Read from the subtree counters in one query (`organizations.SubtreeTotal`: the "mq.", "d.",
"m.admitted." and "as.<year>.m." keys), plus the admission target, the organization's
rating of the year and a count of the recorded disciplines by the members' path and date:
a few indexed queries whatever the size of the subtree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partybuilding.admissions.models import AdmissionTarget
from partybuilding.admissions.report import Figures
from partybuilding.core import charts
from partybuilding.core.scope import Action, can
from partybuilding.dues import totals as dues_totals
from partybuilding.inspections import facts
from partybuilding.meetings import totals as meeting_totals
from partybuilding.organizations.models import Organization, SubtreeTotal

from .choices import FourGoodCriterion, Level
from .models import OrganizationRating

# What each kind of evidence tells about (the four-good criteria it stands beside).
MEETINGS, ADMISSIONS, DUES, RATED, NOT_COMPLETED, DISCIPLINES, OWN_RATING = (
    "meetings",
    "admissions",
    "dues",
    "rated",
    "not_completed",
    "disciplines",
    "own_rating",
)
FOR_CRITERION: dict[str, tuple[str, ...]] = {
    FourGoodCriterion.POLITICAL_TASK: (OWN_RATING, ADMISSIONS, DUES),
    FourGoodCriterion.MEETING_QUALITY: (MEETINGS,),
    FourGoodCriterion.UNITY_DISCIPLINE: (DISCIPLINES,),
    FourGoodCriterion.CADRES_MEMBERS: (RATED, NOT_COMPLETED),
}
# Figures drawn from member records: for the roles that see members, as their reports are.
OF_MEMBERS = frozenset({ADMISSIONS, DUES, RATED, NOT_COMPLETED, DISCIPLINES})


@dataclass(frozen=True)
class Evidence:
    kind: str  # one of the names above
    label: str
    value: str  # in the active language's number forms
    url: str | None  # the page it comes from (None: no page, or one the user may not open)


def _link(name: str, query: str = "", *args: Any) -> str:
    return reverse(name, args=args) + query


def _months(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]


def _counter_keys(year: int) -> list[str]:
    keys = [meeting_totals.key(m, name) for m in _months(year) for name in ("scored", "points")]
    keys += [dues_totals.key(m, name) for m in _months(year) for name in ("due", "collected")]
    keys.append(f"m.admitted.{year}")
    base = f"as.{year}.m."
    keys += [base + "rated", base + "present", *(f"{base}L.{level}" for level in Level.values)]
    return keys


def counters(org: Organization, year: int) -> dict[str, int]:
    """The organization's subtree counters of the year that the evidence reads (one query)."""
    return dict(SubtreeTotal.objects.filter(organization=org, key__in=_counter_keys(year)).values_list("key", "value"))


def _sum(found: dict[str, int], keys: Iterable[str]) -> int:
    return sum(found.get(k, 0) for k in keys)


def meeting_quality(org: Organization, year: int, found: dict[str, int]) -> Evidence:
    scored = _sum(found, (meeting_totals.key(m, "scored") for m in _months(year)))
    points = _sum(found, (meeting_totals.key(m, "points") for m in _months(year)))
    if scored:
        value = ngettext("%(n)s meeting scored, mean score %(mean)s", "%(n)s meetings scored, mean score %(mean)s", scored) % {
            "n": charts.number(scored),
            "mean": formats.number_format(round(points / scored, 1), 1),
        }
    else:
        value = _("No meeting closed and scored")
    url = _link("meeting_list", f"?within={org.pk}&year={year}")
    return Evidence(MEETINGS, _("Meeting quality in %(year)s") % {"year": year}, value, url)


def admissions(org: Organization, year: int, found: dict[str, int]) -> Evidence:
    target = AdmissionTarget.objects.filter(organization=org, year=year).values_list("target", flat=True).first()
    figures = Figures(admitted=found.get(f"m.admitted.{year}", 0), target=target)
    value = figures.text() if target is not None else _("%(n)s admitted, no target set") % {"n": charts.number(figures.admitted)}
    url = _link("admission_report", f"?within={org.pk}&from_year={year}&to_year={year}")
    return Evidence(ADMISSIONS, _("Members admitted in %(year)s against the target") % {"year": year}, value, url)


def dues(org: Organization, year: int, found: dict[str, int]) -> Evidence:
    due = _sum(found, (dues_totals.key(m, "due") for m in _months(year)))
    collected = _sum(found, (dues_totals.key(m, "collected") for m in _months(year)))
    value = charts.percent(round(100 * collected / due, 2)) if due else _("No dues charged")
    url = _link("dues_report", f"?within={org.pk}&first=01/{year}&last=12/{year}")
    return Evidence(DUES, _("Dues collected in %(year)s") % {"year": year}, value, url)


def members_rated(org: Organization, year: int, found: dict[str, int]) -> list[Evidence]:
    base = f"as.{year}.m."
    rated = found.get(base + "rated", 0)
    good = found.get(f"{base}L.{Level.EXCELLENT}", 0) + found.get(f"{base}L.{Level.GOOD}", 0)
    url = _link("assessment_table", f"?within={org.pk}&year={year}")
    if rated:
        share = _("%(good)s of %(rated)s rated (%(percent)s)") % {
            "good": charts.number(good),
            "rated": charts.number(rated),
            "percent": charts.percent(round(100 * good / rated, 2)),
        }
    else:
        share = _("No member rated yet")
    not_completed = found.get(f"{base}L.{Level.NOT_COMPLETED}", 0)
    return [
        Evidence(RATED, _("Members rated “good” or above in %(year)s") % {"year": year}, share, url),
        Evidence(NOT_COMPLETED, _("Members who did not complete tasks"), charts.number(not_completed), url),
    ]


def disciplines(org: Organization, year: int) -> Evidence:
    n = facts.members_disciplined_within(org.path, dt.date(year, 1, 1), dt.date(year, 12, 31))
    url = _link("inspection_disciplines", f"?within={org.pk}&year={year}")
    return Evidence(DISCIPLINES, _("Members disciplined in %(year)s") % {"year": year}, charts.number(n), url)


def own_rating(org: Organization, year: int) -> Evidence:
    rating = OrganizationRating.objects.filter(organization=org, year=year, counted=True).first()
    label = _("The organization's rating for %(year)s") % {"year": year}
    if rating is None:
        return Evidence(OWN_RATING, label, _("Not in a round"), None)
    if rating.level:
        value = str(rating.get_level_display())
    elif rating.self_level:
        value = _("%(level)s (self-assessed)") % {"level": rating.get_self_level_display()}
    else:
        value = str(rating.get_stage_display())
    return Evidence(OWN_RATING, label, value, _link("assessment_org_rating", "", rating.pk))


def evidence(org: Organization, year: int, user: Any, *, with_own_rating: bool = True) -> list[Evidence]:
    """The evidence of the organization's year that `user` may read (figures of member
    records only for the roles that see members there)."""
    found = counters(org, year)
    items = [meeting_quality(org, year, found)]
    if can(user, Action.VIEW_MEMBERS, org):
        items += [admissions(org, year, found), dues(org, year, found), *members_rated(org, year, found), disciplines(org, year)]
    if with_own_rating:
        items.append(own_rating(org, year))
    return items


def by_criterion(items: list[Evidence]) -> dict[str, list[Evidence]]:
    """The evidence beside each four-good criterion."""
    kinds = {item.kind: item for item in items}
    return {criterion: [kinds[k] for k in wanted if k in kinds] for criterion, wanted in FOR_CRITERION.items()}
