"""A province's scoring scheme of meeting quality, in force from a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from ..choices import CriterionKind
from ..models import ScoringCriterion, ScoringScheme

RULE = gettext_lazy("meeting scoring schemes of the province")


def today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class CriterionIn:
    kind: str
    points: int
    threshold: int = 1
    required_for_good: bool = False


def scheme_create(
    *,
    actor: Any,
    province: Organization,
    name: str,
    effective_from: dt.date,
    criteria: Sequence[CriterionIn],
    good_min: int = 90,
    fair_min: int = 70,
    average_min: int = 50,
    citation: str = "",
) -> ScoringScheme:
    """A new scheme applies to meetings from its date on; meetings already closed keep the
    score of the scheme they were closed under, so a scheme starts after today."""
    if province.kind != OrgKind.PROVINCE:
        raise Refusal(_("Scoring schemes are set by a province."), rule=RULE)
    if effective_from <= today():
        raise Refusal(_("A new scheme takes effect after today."), rule=RULE, field="effective_from")
    if not 100 >= good_min > fair_min > average_min >= 0:
        raise Refusal(_("The levels go down: good above fair above average."), rule=RULE, field="good_min")
    kinds = [c.kind for c in criteria if c.points]
    if not kinds or len(set(kinds)) != len(kinds) or any(k not in CriterionKind.values for k in kinds):
        raise Refusal(_("Give each criterion at most once, with its points."), rule=RULE)
    total = sum(c.points for c in criteria)
    if total != 100:
        raise Refusal(_("The criteria's points add up to %(total)d; they must add up to 100.") % {"total": total}, rule=RULE)
    with transaction.atomic():
        if ScoringScheme.objects.filter(province=province, effective_from=effective_from).exists():
            raise Refusal(_("The province already has a scheme from that date."), rule=RULE, field="effective_from")
        scheme = ScoringScheme.objects.create(
            province=province,
            name=name.strip(),
            effective_from=effective_from,
            good_min=good_min,
            fair_min=fair_min,
            average_min=average_min,
            citation=citation.strip(),
            created_by=actor_user(actor),
        )
        ScoringCriterion.objects.bulk_create(
            ScoringCriterion(
                scheme=scheme, kind=c.kind, points=c.points, threshold=max(c.threshold, 1), required_for_good=c.required_for_good
            )
            for c in criteria
            if c.points
        )
        audit_record(
            actor=actor,
            action="meeting_scheme.create",
            obj=scheme,
            after={"effective_from": effective_from, "criteria": [[c.kind, c.points, c.threshold, c.required_for_good] for c in criteria]},
        )
    return scheme
