"""The member list as an Excel file. A short list is written at once; a long one (a
province's 20,000 members take seconds) is a background job whose page shows its progress
and offers the file when it is ready.

Card numbers are masked (`personal.masked`) unless the user asks for them in full and may
manage the members of the list's organization (`full_ids_allowed`); every export is
audited with its number of rows (`core.audit.audit_export`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_export
from partybuilding.core.bulk import Progress
from partybuilding.core.dates import full_years
from partybuilding.core.exporting import Counted, every_row
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.labels import Labels, choice_labels
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, can, is_superuser, organization_or_404
from partybuilding.core.xlsx_stream import write_xlsx_fast
from partybuilding.organizations.labels import OrganizationLabels

from ..choices import AcademicTitle
from ..facts import FLAGS
from ..models import Member
from ..personal import masked
from . import selectors
from .forms import MemberFilterForm

PROGRESS_EVERY = 2000  # rows between two reports to the job's page


# What the statistics count about a member, a column each: "Yes" where it is set.
FLAG_COLUMNS = ("youth_union", *FLAGS)


def header() -> list[str]:
    flags = [capfirst(str(getattr(Member._meta.get_field(name), "verbose_name", name))) for name in FLAG_COLUMNS]
    return [
        _("Full name"), _("Gender"), _("Date of birth"), _("Ethnicity"), _("Religion"), _("Organization"), _("Status"),
        _("Admission date"), _("Official date"), _("Card number"), _("Party age"), _("Political theory"), _("Occupation"),
        _("General education"), _("Professional qualification"), _("Academic title"), *flags,
    ]  # fmt: skip


# The choice fields the export writes as their labels, in the order of the columns.
CHOICE_COLUMNS = ("gender", "ethnicity", "religion", "status", "theory", "occupation", "education", "qualification", "academic_title")


def rows(members: QuerySet[Member], today: dt.date, *, full_ids: bool = False) -> Iterator[list[Any]]:
    """The rows of `header()`, read as plain values with the labels looked up once per export
    (`get_FOO_display()` a row was most of the time of a province's export)."""
    yes = _("Yes")
    gender, ethnicity, religion, status, theory, occupation, education, qualification, title = (
        choice_labels(Member, name) for name in CHOICE_COLUMNS
    )
    title = Labels({**title, AcademicTitle.NONE: ""})  # no title: an empty cell
    organizations = OrganizationLabels(with_parent=False)  # as `select_related("organization")` gives it
    party_age = PartyAge(today)
    columns = (
        "full_name", "date_of_birth", "admission_date", "official_date", "card_number", *CHOICE_COLUMNS,
        *organizations.columns("organization"), *FLAG_COLUMNS,
    )  # fmt: skip
    flags = len(FLAG_COLUMNS)
    with every_row():
        for row in members.values_list(*columns).iterator(chunk_size=5000):
            name, born, admitted, official, card, g, e, r, s, th, oc, ed, q, t = row[:14]
            yield [
                name, gender[g], born, ethnicity[e], religion[r], organizations.label(*row[14:-flags]), status[s], admitted, official,
                identifier(card, full_ids), party_age(admitted, official), theory[th], occupation[oc], education[ed], qualification[q],
                title[t], *(yes if flag else "" for flag in row[-flags:]),
            ]  # fmt: skip


class PartyAge:
    """`Member.party_age_on(today)` from the two dates, the years counted once per admission date."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._years: dict[dt.date, int] = {}

    def __call__(self, admitted: dt.date, official: dt.date | None) -> int:
        if official is None or self.today < official:
            return 0
        years = self._years.get(admitted)
        if years is None:
            years = self._years[admitted] = full_years(admitted, self.today)
        return years


def identifier(value: str | None, full: bool) -> str:
    return (value or "") if full else masked(value)


def full_ids_allowed(user: Any, within: Any) -> bool:
    """Full identifiers in a list's export: for those who manage the members of its organization."""
    return is_superuser(user) or (within is not None and can(user, Action.MANAGE_MEMBERS, within))


def wants_full_ids(query: Any) -> bool:
    return query.get("full_ids") in ("1", "on", "true")


def exported(user: Any, query: dict[str, Any], within: Any) -> QuerySet[Member]:
    """The members the list's filters and search describe, as the list page shows them."""
    form = MemberFilterForm(query or None)
    members = selectors.member_list(user, within, form.cleaned_data if form.is_valid() else {}, timezone.localdate())
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    return selectors.search(members, text) if text else members


@job_kind("members.export", label=gettext_lazy("Member list export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_members(job: Job, progress: Progress) -> dict[str, Any]:
    """The list as its user asked for it (`params`: the list's query string and the organization)."""
    user = job.created_by
    within = organization_or_404(user, job.params["within"]) if job.params.get("within") else None
    members = exported(user, job.params["query"], within)
    full_ids = bool(job.params.get("full_ids")) and full_ids_allowed(user, within)  # the right checked again: it may be gone
    total = members.count()
    path = private_file(job, "members.xlsx")
    written = Counted(rows(members, timezone.localdate(), full_ids=full_ids), progress, total, every=PROGRESS_EVERY)
    write_xlsx_fast(path, _("Party members"), header(), written)
    progress("writing", written.count, written.count)
    audit_export(actor=user, what="member_list", rows=written.count, within=within, full_ids=full_ids)
    return {"rows": written.count}
