"""What the forms count from: each source a model, the path of the acting body's
organization, and its named date windows (the counting dates: a discipline by its decision
date, a case by its conclusion date, an appeal by its filing and settling dates, a
denunciation by its receipt and conclusion dates)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from ..choices import AppealStatus, CaseStatus, DenunciationStatus, DisciplineStatus, DisciplineSubject
from ..models import Appeal, Case, Denunciation, Discipline, Suspension
from .periods import Period

Window = Callable[[Period], Q]

# Decided in the period: in force, or annulled since (a discipline annulled later still
# counts in the period it was decided; the annulment shows in the appeals' form).
DECIDED = (DisciplineStatus.DECIDED, DisciplineStatus.ANNULLED)
CONCLUDED_DENUNCIATION = (DenunciationStatus.CONCLUDED, DenunciationStatus.NOTIFIED)


def _between(name: str) -> Window:
    return lambda p: Q(**{f"{name}__gte": p.start, f"{name}__lte": p.end})


def _pending_at_start(p: Period) -> Q:
    """Filed before the period and neither settled nor refused before it."""
    settled_before = Q(status=AppealStatus.SETTLED, settled_on__lt=p.start)
    refused_before = Q(status=AppealStatus.REFUSED, status_since__lt=p.start)
    return Q(filed_on__lt=p.start) & ~settled_before & ~refused_before


@dataclass(frozen=True)
class Source:
    key: str
    model: type[models.Model]
    windows: dict[str, Window]
    base: Q = field(default_factory=Q)
    texts: tuple[str, ...] = ()  # JSON lists read as text, to find a code in them on every database

    def rows(self) -> models.QuerySet:
        rows = self.model._default_manager.filter(self.base)
        return rows.annotate(**{f"{name}_text": Cast(name, models.TextField()) for name in self.texts})


CASES = Source(
    "cases",
    Case,
    {"concluded": lambda p: Q(status=CaseStatus.CONCLUDED) & _between("conclusion_date")(p)},
    texts=("contents",),
)
MEMBER_DISCIPLINES = Source(
    "member_disciplines",
    Discipline,
    {"decided": lambda p: Q(status__in=DECIDED) & _between("decision_date")(p)},
    base=~Q(subject=DisciplineSubject.ORGANIZATION),
    texts=("contents",),
)
ORGANIZATION_DISCIPLINES = Source(
    "organization_disciplines",
    Discipline,
    {"decided": lambda p: Q(status__in=DECIDED) & _between("decision_date")(p)},
    base=Q(subject=DisciplineSubject.ORGANIZATION),
    texts=("contents",),
)
SUSPENSIONS = Source("suspensions", Suspension, {"started": _between("starts_on")})
APPEALS = Source(
    "appeals",
    Appeal,
    {
        "filed": _between("filed_on"),
        "pending": _pending_at_start,
        "to_settle": lambda p: _between("filed_on")(p) | _pending_at_start(p),
        "settled": lambda p: Q(status=AppealStatus.SETTLED) & _between("settled_on")(p),
    },
    texts=("grounds",),
)
DENUNCIATIONS = Source(
    "denunciations",
    Denunciation,
    {
        "received": _between("received_on"),
        "concluded": lambda p: Q(status__in=CONCLUDED_DENUNCIATION) & _between("decision_date")(p),
    },
)
