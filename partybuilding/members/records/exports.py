"""The member list as an Excel file. A short list is written at once; a long one (a
province's 20,000 members take seconds) is a background job whose page shows its progress
and offers the file when it is ready.

Card numbers are masked (`personal.masked`) unless the user asks for them in full and may
manage the members of the list's organization (`full_ids_allowed`); every export is
audited with its number of rows (`core.audit.audit_export`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_export
from partybuilding.core.bulk import Progress
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, can, is_superuser, organization_or_404
from partybuilding.core.xlsx import write_xlsx

from ..choices import AcademicTitle
from ..facts import FLAGS
from ..models import Member
from ..personal import masked
from . import selectors
from .forms import MemberFilterForm

AT_ONCE_ROWS = 2000  # a list this long or shorter is written within the request
PROGRESS_EVERY = 1000


# What the statistics count about a member, a column each: "Yes" where it is set.
FLAG_COLUMNS = ("youth_union", *FLAGS)


def header() -> list[str]:
    flags = [capfirst(str(getattr(Member._meta.get_field(name), "verbose_name", name))) for name in FLAG_COLUMNS]
    return [
        _("Full name"), _("Gender"), _("Date of birth"), _("Ethnicity"), _("Religion"), _("Organization"), _("Status"),
        _("Admission date"), _("Official date"), _("Card number"), _("Party age"), _("Political theory"), _("Occupation"),
        _("General education"), _("Professional qualification"), _("Academic title"), *flags,
    ]  # fmt: skip


def rows(members: QuerySet[Member], today: dt.date, *, full_ids: bool = False) -> Iterator[list[Any]]:
    yes = _("Yes")
    for m in members.select_related("organization").iterator(chunk_size=5000):
        yield [
            m.full_name, m.get_gender_display(), m.date_of_birth, m.get_ethnicity_display(), m.get_religion_display(),
            m.organization.label, m.get_status_display(), m.admission_date, m.official_date, identifier(m.card_number, full_ids),
            m.party_age_on(today), m.get_theory_display(), m.get_occupation_display(), m.get_education_display(),
            m.get_qualification_display(), m.get_academic_title_display() if m.academic_title != AcademicTitle.NONE else "",
            *(yes if getattr(m, name) else "" for name in FLAG_COLUMNS),
        ]  # fmt: skip


def identifier(value: str | None, full: bool) -> str:
    return (value or "") if full else masked(value)


def full_ids_allowed(user: Any, within: Any) -> bool:
    """Full identifiers in a list's export: for those who manage the members of its organization."""
    return is_superuser(user) or (within is not None and can(user, Action.MANAGE_MEMBERS, within))


def wants_full_ids(query: Any) -> bool:
    return query.get("full_ids") in ("1", "on", "true")


class Counted:
    """The rows of an export, counted as they are written (for its audit entry)."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.count += 1
            yield row


def exported(user: Any, query: dict[str, Any], within: Any) -> QuerySet[Member]:
    """The members the list's filters and search describe, as the list page shows them."""
    form = MemberFilterForm(query or None)
    members = selectors.member_list(user, within, form.cleaned_data if form.is_valid() else {}, timezone.localdate())
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    return selectors.search(members, text) if text else members


def is_short(members: QuerySet[Member]) -> bool:
    """Short enough to be written at once (counted no further than the limit)."""
    return members[: AT_ONCE_ROWS + 1].count() <= AT_ONCE_ROWS


@job_kind("members.export", label=gettext_lazy("Member list export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_members(job: Job, progress: Progress) -> dict[str, Any]:
    """The list as its user asked for it (`params`: the list's query string and the organization)."""
    user = job.created_by
    within = organization_or_404(user, job.params["within"]) if job.params.get("within") else None
    members = exported(user, job.params["query"], within)
    full_ids = bool(job.params.get("full_ids")) and full_ids_allowed(user, within)  # the right checked again: it may be gone
    total = members.count()
    path = private_file(job, "members.xlsx")

    def counted() -> Iterator[list[Any]]:
        for n, row in enumerate(rows(members, timezone.localdate(), full_ids=full_ids), start=1):
            if n % PROGRESS_EVERY == 0:
                progress("writing", n, total)
            yield row

    written = Counted(counted())
    write_xlsx(path, _("Party members"), header(), written)
    progress("writing", total, total)
    audit_export(actor=user, what="member_list", rows=written.count, within=within, full_ids=full_ids)
    return {"rows": written.count}
