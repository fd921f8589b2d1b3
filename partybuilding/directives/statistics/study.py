"""The completion of a study campaign per child organization of a scope, from the counters
(`counters.study_figures`); a row for the scope's own members when it has any (a cell)."""

from __future__ import annotations

from dataclasses import dataclass

from partybuilding.organizations.models import Organization

from ..counters import study_figures
from ..models import StudyCampaign


@dataclass
class StudyRow:
    organization: Organization | None  # None: the scope's own members
    assigned: int
    done: int

    @property
    def percent(self) -> float | None:
        return 100 * self.done / self.assigned if self.assigned else None

    @property
    def left(self) -> int:
        return self.assigned - self.done


@dataclass
class StudyReport:
    scope: Organization
    campaign: StudyCampaign
    rows: list[StudyRow]
    whole: StudyRow


def completion(campaign: StudyCampaign, scope: Organization) -> StudyReport:
    children = list(Organization.objects.filter(parent=scope).order_by("name", "code"))
    found = study_figures([scope, *children], campaign.pk)
    rows = [StudyRow(child, *found[child.pk]) for child in children if child.is_active or found[child.pk][0]]
    own = StudyRow(None, found[scope.pk][0] - sum(r.assigned for r in rows), found[scope.pk][1] - sum(r.done for r in rows))
    if own.assigned or not rows:
        rows.insert(0, own)
    return StudyReport(scope, campaign, rows, StudyRow(scope, *found[scope.pk]))
