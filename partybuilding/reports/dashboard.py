"""The dashboard of a scope, as the home page and its PDF both show it.

Member figures come from `members.records.selectors.dashboard` (the subtree totals: one query
whatever the scope's size); this module only arranges them into headline numbers and
charts, and links each category to the member list filtered the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from partybuilding.core import charts
from partybuilding.members.choices import ETHNICITY_CHOICES, KINH, Gender, GeneralEducation, MemberStatus, Qualification, TheoryLevel
from partybuilding.members.records.selectors import Figure, dashboard
from partybuilding.organizations import selectors as org_selectors
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization


@dataclass
class Headline:
    label: str
    value: int
    share: str = ""  # of the members in the list, when it says something
    href: str = ""

    @property
    def display(self) -> str:
        return charts.number(self.value)


@dataclass
class Panel:
    title: str
    svg: SafeString
    note: str = ""


@dataclass
class MemberDashboard:
    total: int
    headlines: list[Headline] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)


def organization_counts(scope: Organization) -> tuple[int, list[tuple[str, int]]]:
    """Active sub-organizations of the scope, in all and by kind (top of the tree first)."""
    counts = org_selectors.kind_counts(scope)
    ordered = sorted(counts.items(), key=lambda kv: org_selectors.KIND_ORDER.index(kv[0]))
    return sum(counts.values()), [(str(OrgKind(k).label), v) for k, v in ordered]


def member_dashboard(scope: Organization, today: dt.date, *, links: bool = True) -> MemberDashboard:
    """Headline numbers and charts of the members in the scope's list. `links=False` for
    the PDF, where a link back to the site would only be noise."""
    figures = dashboard(scope, today)
    totals: dict[str, int] = figures["totals"]
    total: int = figures["total"]

    def href(**query: str) -> str:
        if not links:
            return ""
        return reverse("member_list") + "?" + urlencode({"within": scope.pk, **query})

    def hrefs(name: str, values: list[str]) -> list[str | None] | None:
        return [href(**{name: v}) for v in values] if links else None

    def category(name: str, choices: list[tuple[str, Any]]) -> tuple[list[Figure], list[str]]:
        # The selector returns figures for the usual breakdowns; the others are read from
        # the same totals row set, with no further query.
        shown = [(v, str(label)) for v, label in choices if totals.get(f"m.{name}.{v}", 0)]
        return [Figure(label, totals[f"m.{name}.{v}"]) for v, label in shown], [v for v, _label in shown]

    status, status_values = category("status", [(s.value, s.label) for s in (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)])
    gender, gender_values = category("gender", Gender.choices)
    ethnicity_codes = {str(name): code for code, name in ETHNICITY_CHOICES}
    ethnicity: list[Figure] = figures["ethnicity"]
    education, education_values = category("education", GeneralEducation.choices)
    qualification, qualification_values = category("qualification", Qualification.choices)
    theory, theory_values = category("theory", TheoryLevel.choices)
    women = totals.get(f"m.gender.{Gender.FEMALE}", 0)

    headlines = [
        Headline(_("Members in the list"), total, href=href()),
        *(Headline(f.label, f.value, charts.share(f.value, total), href(status=v)) for f, v in zip(status, status_values, strict=True)),
        Headline(_("Women"), women, charts.share(women, total), href(gender=Gender.FEMALE)),
        Headline(_("Ethnic minorities"), figures["minority"], charts.share(figures["minority"], total), href(ethnicity="minority")),
        Headline(_("Exempted from activities"), figures["exempt"], charts.share(figures["exempt"], total), href(exempt="yes")),
    ]
    by_year = _("Counted by year of birth.")
    panels = [
        Panel(_("Status"), charts.donut_chart(status, _("Members by status"), hrefs=hrefs("status", status_values))),
        Panel(_("Gender"), charts.donut_chart(gender, _("Members by gender"), hrefs=hrefs("gender", gender_values))),
        Panel(_("Age"), charts.bar_chart(figures["age"], _("Members by age"), whole=total), by_year),
        Panel(
            _("Party age"),
            charts.bar_chart(figures["party_age"], _("Members by Party age"), whole=total, color=charts.PALETTE[2]),
            _("Counted by year of admission."),
        ),
        Panel(
            _("Ethnicity"),
            charts.bar_chart(
                ethnicity,
                _("Members by ethnicity"),
                whole=total,
                hrefs=hrefs("ethnicity", [ethnicity_codes.get(f.label, KINH) for f in ethnicity]),
                color=charts.PALETTE[3],
            ),
            _("The largest groups; ethnic minorities: %(n)s (%(share)s).")
            % {"n": charts.number(figures["minority"]), "share": charts.share(figures["minority"], total) or "0%"},
        ),
        Panel(
            _("General education"),
            charts.bar_chart(
                education, _("Members by general education"), hrefs=hrefs("education", education_values), color=charts.PALETTE[4]
            ),
        ),
        Panel(
            _("Professional qualification"),
            charts.bar_chart(
                qualification,
                _("Members by professional qualification"),
                hrefs=hrefs("qualification", qualification_values),
                color=charts.PALETTE[6],
            ),
        ),
        Panel(
            _("Political theory"),
            charts.bar_chart(theory, _("Members by political theory"), hrefs=hrefs("theory", theory_values), color=charts.PALETTE[5]),
        ),
    ]
    return MemberDashboard(total=total, headlines=headlines, panels=panels)
