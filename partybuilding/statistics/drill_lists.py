"""The list behind one figure of a form: the members (or organizations) the cell counts, found
by the same filter that counted them (`drill.behind`), searched by name without accents,
read audited (personal data), and exported to Excel audited like the member list's export;
a long list is written by a background job."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_export, audit_record
from partybuilding.core.bulk import Progress
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.labels import Display
from partybuilding.core.models import Job
from partybuilding.core.text import search_key
from partybuilding.core.xlsx import write_xlsx
from partybuilding.members.records.selectors import search as member_search

from .definition import Definition, Row, parse
from .drill import Behind, behind, cell_request
from .engine import Header, Request, _headers
from .forms import Choice, ChoiceError, chosen

PROGRESS_EVERY = 1000
# The sorts of each kind of list (core.listing); a search ranks nothing, it narrows.
MEMBER_SORTS = {"name": ("sort_key",), "born": ("date_of_birth",), "organization": ("organization__name", "sort_key")}
ORGANIZATION_SORTS = {"name": ("name_search",), "kind": ("kind", "path")}


@dataclass(frozen=True)
class Asked:
    """A figure asked for: the choice of the form's page, the row (by its place in the form)
    and the column, and the request that counted it."""

    choice: Choice
    definition: Definition
    position: int
    row: Row
    column: Header
    request: Request

    def query(self) -> dict[str, str]:
        return self.choice.query(row=self.position, column=self.column.code, version=self.choice.version.pk)

    def about(self) -> dict[str, Any]:
        """What the audit log says the list was."""
        return {
            "form": self.definition.code,
            "version": self.choice.version.pk,
            "row": self.row.code,
            "column": self.column.code,
            "period": [self.choice.period.start, self.choice.period.end],
            "tree": self.choice.mode,
        }


def figure_asked(choice: Choice, row: str, column: str) -> Asked:
    """The figure at `row` (its place in the form, from 1) and `column` (its code; "this" or
    "last" in a comparing form); ChoiceError for a place that holds no counted figure."""
    definition = parse(choice.version.definition)
    position = int(row) if row.isdigit() and len(row) <= 4 else 0
    if not 1 <= position <= len(definition.rows):
        raise ChoiceError(_("The form has no row %(row)s.") % {"row": row[:20]}, choice.org)
    found = definition.rows[position - 1]
    header = next((h for h in _headers(definition) if h.code == column), None)
    # Codes repeat within a form (2B and 4 number each block from 1): the row is asked for alone.
    request = cell_request(dataclasses.replace(definition, rows=(found,)), found.code, column) if header else None
    if header is None or request is None:
        raise ChoiceError(
            _("Row %(row)s, column %(column)s holds no figure counted from the records.")
            % {"row": found.code or row, "column": column[:20]},
            choice.org,
        )
    return Asked(choice, definition, position, found, header, request)


def listed(asked: Asked) -> Behind:
    """The records behind the figure, in their list's order (members by name, organizations in the tree's)."""
    found = behind(asked.request, asked.choice.org, asked.choice.period, asked.choice.mode, asked.choice.today)
    if found.of_members:
        return dataclasses.replace(found, rows=found.rows.select_related("organization").order_by("sort_key", "pk"))
    return dataclasses.replace(found, rows=found.rows.order_by("path"))


def searched(found: Behind, text: str) -> QuerySet[Any]:
    """By name without accents or case (a member: the start of the full or the given name, or
    a card number; an organization: any part of its name, or its code)."""
    text = text.strip()
    if not text:
        return found.rows
    if found.of_members:
        return member_search(found.rows, text)
    return found.rows.filter(Q(name_search__contains=search_key(text)) | Q(code__iexact=text[:32]))


def read_audited(user: Any, asked: Asked, rows: int) -> None:
    """Reading the names behind a figure is reading personal data: the audit log says who did, which list, how long."""
    audit_record(actor=user, action="statistics.drill", obj=asked.choice.org, after={**asked.about(), "rows": rows})


def header(of_members: bool) -> list[str]:
    if of_members:
        return [_("Full name"), _("Date of birth"), _("Organization"), _("Status")]
    return [_("Name"), _("Code"), _("Kind"), _("Type of unit")]


def rows(found: QuerySet[Any], of_members: bool) -> Iterator[list[Any]]:
    display = Display()  # each choice field's labels looked up once, not once a row
    for row in found.iterator(chunk_size=2000):
        if of_members:
            yield [row.full_name, row.date_of_birth, row.organization.label, display(row, "status")]
        else:
            yield [row.name, row.code, display(row, "kind"), display(row, "unit_type")]


def sheet_title(asked: Asked) -> str:
    return f"{asked.definition.code} {asked.row.code}".strip()


def export_file_name(asked: Asked) -> str:
    code = asked.row.code.replace(".", "-") or str(asked.position)
    return f"bieu-{asked.definition.slug}-{asked.choice.org.code}-dong-{code}-{asked.column.code}.xlsx"


def _missing_org() -> Any:
    raise Http404


@job_kind(
    "statistics.drill_export", label=gettext_lazy("List behind a statistical figure"), phases={"writing": gettext_lazy("Writing the rows")}
)
def export_drill(job: Job, progress: Progress) -> dict[str, Any]:
    """The list as its user asked for it (`params`: the form, the page's query); the scope
    and the right to see members are checked again, as they may have changed."""
    user = job.created_by
    query = job.params["query"]
    today = dt.date.fromisoformat(job.params["today"]) if job.params.get("today") else timezone.localdate()
    choice = chosen(user, query, job.params["slug"], today, _missing_org)
    asked = figure_asked(choice, query.get("row", ""), query.get("column", ""))
    found = listed(asked)
    selected = searched(found, query.get("q", ""))
    total = selected.count()
    path = private_file(job, export_file_name(asked))

    def counted() -> Iterator[list[Any]]:
        for n, row in enumerate(rows(selected, found.of_members), start=1):
            if n % PROGRESS_EVERY == 0:
                progress("writing", n, total)
            yield row

    write_xlsx(path, sheet_title(asked), header(found.of_members), counted())
    progress("writing", total, total)
    audit_export(actor=user, what="statistics_drill", rows=total, within=choice.org, **asked.about())
    return {"rows": total}
