"""Figures reported by an organization, for the permission matrix and the scope crawl: a set
of form 1 for 2025, made again if a removal took it away."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from partybuilding.organizations.models import Organization
from partybuilding.statistics.models import ReportedFigure

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def reported_figure_in(org: Organization) -> ReportedFigure:
    """The first figure of `org`'s set (its id names the set)."""
    for row, value in (("A", 40), ("D", 42)):
        ReportedFigure.objects.get_or_create(
            organization=org, form_slug="1", start=START, end=END, row=row, column="this", defaults={"value": Decimal(value)}
        )
    first = ReportedFigure.objects.filter(organization=org, form_slug="1", start=START, end=END).order_by("pk").first()
    assert first is not None
    return first


def reported_set_in(org: Organization) -> int:
    return reported_figure_in(org).pk


def reported_objects_of(org: Organization) -> dict[str, list[ReportedFigure]]:
    return {"reported_set": [reported_figure_in(org)]}
