"""The rules a level is judged by, read on the last day of the round's period: the levels in
force, the points and task conditions of each level (QĐ 366-QĐ/TW), the points of each
criterion by group, the level of a member disciplined during the period, and the quota of
"excellent". Every refusal names its rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import rules
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text

from .choices import CURRENT_LEVELS, Level
from .levels import criterion_label


@dataclass(frozen=True)
class Criterion:
    code: str
    part: str  # "general" or "tasks"
    points: int

    @property
    def label(self) -> Any:
        return criterion_label(self.code)


@dataclass(frozen=True)
class Tasks:
    """The results of the period's tasks, in percent of the tasks given."""

    done: int | None = None
    on_time: int | None = None
    exceeded: int | None = None

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Tasks:
        data = data or {}
        return cls(data.get("done"), data.get("on_time"), data.get("exceeded"))

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in (("done", self.done), ("on_time", self.on_time), ("exceeded", self.exceeded)) if v is not None}


def _cite(found: rules.RuleInForce) -> str:
    return f"{found.citation} ({found.rule_set_title})"


def levels_in_force(on: dt.date, *, organization: bool = False) -> list[str]:
    key = "assessment.organization_levels" if organization else "assessment.member_levels"
    found = rules.rule_if_recorded(key, on)
    return list(found.value) if found else list(Level.values[:4])


def legacy_map(year: int) -> dict[str, str]:
    """Every level code of `year` read as a current level: the rule `assessment.legacy_levels`
    in force at the year's end (or, for a year before the rule existed, the one in force
    today), the current levels mapping to themselves."""
    from django.utils import timezone

    found = rules.rule_if_recorded("assessment.legacy_levels", dt.date(year, 12, 31)) or rules.rule_if_recorded(
        "assessment.legacy_levels", timezone.localdate()
    )
    mapping = {str(level): str(level) for level in CURRENT_LEVELS}
    for old, new in found.value if found else []:
        mapping[str(old)] = str(new)
    return mapping


def criteria(group: str, on: dt.date) -> list[Criterion]:
    """The criteria of a group with their points; none before the 100-point frame."""
    found = rules.rule_if_recorded("assessment.criteria", on)
    if not found:
        return []
    return [Criterion(code, part, int(points)) for code, part, points in found.value.get(group, [])]


def scored(group: str, scores: dict[str, Any], on: dt.date) -> int | None:
    """The total of the points given per criterion, each within its criterion's points;
    None when the period has no points frame."""
    frame = criteria(group, on)
    if not frame:
        return None
    found = rules.rule("assessment.criteria", on)
    total = 0
    for criterion in frame:
        value = scores.get(criterion.code)
        if value in (None, ""):
            raise Refusal(
                _("Give the points of “%(criterion)s”.") % {"criterion": criterion.label}, rule=_cite(found), field=criterion.code
            )
        try:
            points = int(value)
        except (TypeError, ValueError):
            raise Refusal(_("The points must be a whole number."), rule=_cite(found), field=criterion.code) from None
        if not 0 <= points <= criterion.points:
            raise Refusal(
                _("“%(criterion)s” has at most %(points)s points.") % {"criterion": criterion.label, "points": criterion.points},
                rule=_cite(found),
                field=criterion.code,
            )
        total += points
    return total


def min_points(on: dt.date) -> dict[str, int]:
    found = rules.rule_if_recorded("assessment.level_min_points", on)
    return {level: int(points) for level, points in found.value} if found else {}


def level_from_points(score: int | None, on: dt.date) -> str | None:
    """The highest level the points allow (before the task conditions)."""
    if score is None:
        return None
    for level, points in sorted(min_points(on).items(), key=lambda item: -item[1]):
        if score >= points:
            return level
    return Level.NOT_COMPLETED


def refuse_level(
    level: str, *, on: dt.date, group: str, score: int | None, tasks: Tasks, disciplined: bool, organization: bool = False
) -> None:
    """Refuse a level the rules in force on `on` do not allow for these facts."""
    allowed = levels_in_force(on, organization=organization)
    if level not in allowed:
        key = "assessment.organization_levels" if organization else "assessment.member_levels"
        found = rules.rule_if_recorded(key, on)
        raise Refusal(
            _("The level “%(level)s” is not one of the levels in force on %(date)s.")
            % {"level": Level(level).label if level in Level.values else level, "date": day_text(on)},
            rule=_cite(found) if found else _("records rule"),
            field="level",
        )
    if disciplined:
        found = rules.rule_if_recorded("assessment.disciplined_level", on)
        if found and level not in found.value:
            raise Refusal(
                _("A member disciplined during the period is rated “%(level)s”.") % {"level": Level(found.value[0]).label},
                rule=_cite(found),
                field="level",
            )
    points = min_points(on)
    if level in points:
        found = rules.rule("assessment.level_min_points", on)
        if score is None:
            raise Refusal(_("Give the score: the level is judged on 100 points."), rule=_cite(found), field="score")
        if score < points[level]:
            raise Refusal(
                _("“%(level)s” needs at least %(points)s points; the score is %(score)s.")
                % {"level": Level(level).label, "points": points[level], "score": score},
                rule=_cite(found),
                field="level",
            )
    _refuse_conditions(level, on=on, group=group, tasks=tasks)


# (the task result, its place in a condition's row, the refusal without it, the refusal below it)
_CONDITIONS = (
    (
        "done",
        1,
        gettext_lazy("Give the share of the tasks done."),
        gettext_lazy("“%(level)s” needs at least %(value)s %% of the tasks done."),
    ),
    (
        "on_time",
        2,
        gettext_lazy("Give the share of the tasks done on time."),
        gettext_lazy("“%(level)s” needs at least %(value)s %% of the tasks done on time."),
    ),
    (
        "exceeded",
        3,
        gettext_lazy("Give the share of the tasks done beyond the requirement."),
        gettext_lazy("“%(level)s” needs at least %(value)s %% of the tasks done beyond the requirement."),
    ),
)


def _refuse_conditions(level: str, *, on: dt.date, group: str, tasks: Tasks) -> None:
    found = rules.rule_if_recorded("assessment.level_conditions", on)
    if not found:
        return
    row = next((r for r in found.value.get(group, []) if r[0] == level), None)
    if row is None:
        return
    for name, index, missing, short in _CONDITIONS:
        needed = int(row[index])
        if not needed:
            continue
        given = getattr(tasks, name)
        if given is None:
            raise Refusal(str(missing), rule=_cite(found), field=name)
        if given < needed:
            raise Refusal(str(short) % {"level": Level(level).label, "value": needed}, rule=_cite(found), field=name)


@dataclass(frozen=True)
class Quota:
    """The "excellent" quota of a grassroots organization in a round."""

    excellent: int
    good_or_above: int
    percent: int | None  # None: no quota in force
    citation: str = ""

    @property
    def limit(self) -> int | None:
        return None if self.percent is None else self.good_or_above * self.percent // 100

    def allows_one_more(self) -> bool:
        """Whether one more "excellent" (also counted among "good or above") stays within."""
        if self.percent is None:
            return True
        return (self.excellent + 1) * 100 <= self.percent * (self.good_or_above + 1)

    @property
    def exceeded(self) -> bool:
        return self.percent is not None and self.excellent * 100 > self.percent * self.good_or_above


def quota_rule(on: dt.date) -> rules.RuleInForce | None:
    return rules.rule_if_recorded("assessment.excellent_quota_percent", on)


def refuse_over_quota(quota: Quota, override: str) -> None:
    if quota.allows_one_more() or override.strip():
        return
    raise Refusal(
        _(
            "“Excellent” would be %(excellent)s of %(total)s rated “good” or above in this grassroots organization, over %(percent)s %%. "
            "The deciding committee may exceed the quota by giving its reason."
        )
        % {"excellent": quota.excellent + 1, "total": quota.good_or_above + 1, "percent": quota.percent},
        rule=quota.citation,
        field="quota_override",
    )
