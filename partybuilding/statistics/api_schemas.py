"""The shapes of the statistics API (the HD 11 forms 1–7, the list behind a figure, the
consistency check), documented in both languages. Names start with "Statistics": a
schema's name is unique in the whole API's document."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from ninja import Field, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Id

from .consistency import MAX_DEPTH
from .periods import FIRST_YEAR, KINDS, LAST_YEAR

# The kinds of period the pages take (periods.KINDS), as literal values (an enum class would
# become a schema component of its own).
if TYPE_CHECKING:
    PeriodKind = str
else:
    PeriodKind = Literal[tuple(KINDS)]
TreeMode = Literal["now", "then"]
FORM_SLUG = r"^[a-z0-9][a-z0-9-]{0,15}$"
CODE = r"^[A-Za-z0-9._-]{1,32}$"  # a row's or a column's code ("II.2.9", "this", "sub_cells")
FormSlug = Annotated[str, Field(max_length=16, pattern=FORM_SLUG)]


class StatisticsPeriodQuery(Schema):
    """The period, as on the forms' pages."""

    period: PeriodKind = Field(
        "year",
        description=gettext_lazy(
            "year, half (first 6 months), nine (first 9 months), quarter, month, term (a committee's term), "
            "range (from … to …) or day (on a day)"
        ),
    )
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description=gettext_lazy("The year (the first of a term); this year if empty"))  # fmt: skip
    quarter: int | None = Field(None, ge=1, le=4, description=gettext_lazy("The quarter (1 to 4), for period=quarter"))
    month: int | None = Field(None, ge=1, le=12, description=gettext_lazy("The month (1 to 12), for period=month"))
    to_year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description=gettext_lazy("The last year of a term, for period=term"))  # fmt: skip
    start: Day | None = Field(None, alias="from", description=gettext_lazy("The first day, for period=range"))
    end: Day | None = Field(None, alias="to", description=gettext_lazy("The last day, for period=range"))
    on: Day | None = Field(None, description=gettext_lazy("The day, for period=day (today if empty)"))
    tree: TreeMode = Field(
        "now",
        description=gettext_lazy(
            "now: the tree as it stands (merged organizations count with their successors); then: as it stood on the day counted"
        ),
    )

    def params(self) -> dict[str, object]:
        """The parameters as the pages' period parser reads them."""
        given = {"period": self.period, "year": self.year, "quarter": self.quarter, "month": self.month, "to_year": self.to_year,
                 "from": self.start, "to": self.end, "on": self.on}  # fmt: skip
        return {name: value for name, value in given.items() if value is not None}


class StatisticsTableQuery(StatisticsPeriodQuery):
    org: Id | None = Field(None, description=gettext_lazy("The organization (node of the tree); the one you work in if empty"))
    version: Id | None = Field(None, description=gettext_lazy("A version of the form by its id; the one in force at the period's end if empty"))  # fmt: skip


class StatisticsDrillQuery(StatisticsTableQuery):
    row: int = Field(ge=1, le=9999, description=gettext_lazy("The figure's row, by its place in the form (`position` in the form's lines): codes repeat in forms 2B and 4"))  # fmt: skip
    column: str = Field(pattern=CODE, max_length=32, description=gettext_lazy("The figure's column: this or last in a comparing form, else the column's code"))  # fmt: skip
    page: int = Field(1, ge=1, le=100_000, description=gettext_lazy("The page number, from 1"))
    page_size: int | None = Field(None, ge=1, le=100, description=gettext_lazy("Rows per page (at most 100)"))


class StatisticsFormOut(Schema):
    id: int = Field(description=gettext_lazy("The version's id"))
    slug: str = Field(description=gettext_lazy("The form, as the URLs name it: 1, 2, 2b, 3, 4, 5 or 7"))
    code: str = Field(description=gettext_lazy("The form's code as printed (1-BTCTW…)"))
    title_vi: str = Field(description=gettext_lazy("The title in Vietnamese"))
    title_en: str = Field(description=gettext_lazy("The title in English"))
    valid_from: dt.date = Field(description=gettext_lazy("The first day the version applies"))
    valid_to: dt.date | None = Field(description=gettext_lazy("The last day the version applies; empty while in force"))
    source: str = Field(description=gettext_lazy("The guidance that sets the form"))
    in_force: bool = Field(description=gettext_lazy("The version applies today"))


class StatisticsNodeOut(Schema):
    id: int = Field(description=gettext_lazy("The organization's id"))
    code: str = Field(description=gettext_lazy("The organization's code"))
    name: str = Field(description=gettext_lazy("The organization's name"))


class StatisticsPeriodOut(Schema):
    kind: PeriodKind = Field(description=gettext_lazy("The kind of period"))
    start: dt.date = Field(description=gettext_lazy("The first day"))
    end: dt.date = Field(description=gettext_lazy("The last day"))
    label: str = Field(description=gettext_lazy("The period in words, in the reader's language"))


class StatisticsHeaderOut(Schema):
    code: str = Field(description=gettext_lazy("The column's code: what `column` names for the list behind a figure"))
    label: str = Field(description=gettext_lazy("The column's heading"))
    group: str | None = Field(description=gettext_lazy("The heading over several columns; empty when the column stands alone"))
    number: int = Field(description=gettext_lazy("The column's number as printed under the headings"))
    percent: bool = Field(description=gettext_lazy("The column is a percentage computed from two others"))


class StatisticsLineOut(Schema):
    position: int = Field(description=gettext_lazy("The row's place in the form, from 1: what `row` names for the list behind a figure"))  # fmt: skip
    code: str = Field(description=gettext_lazy("The row's code as the form prints it"))
    label: str = Field(description=gettext_lazy("The criterion"))
    indent: int = Field(description=gettext_lazy("How far the row is indented under the one above"))
    heading: bool = Field(description=gettext_lazy("A heading row, without figures"))
    not_recorded: bool = Field(description=gettext_lazy("A row the form prints but the records do not hold: left blank"))
    average: bool = Field(description=gettext_lazy("The row gives an average age rather than a count"))
    values: list[int | str | None] = Field(
        description=gettext_lazy(
            "One value per column: a count as a whole number; an average age or a percentage as a decimal number in a string "
            '("45.3", one decimal, exact); empty for a heading, a row not recorded, or a percentage of nothing'
        )
    )
    drillable: list[bool] = Field(description=gettext_lazy("Per column: the records behind the figure can be listed (/drill)"))


class StatisticsFailedCheckOut(Schema):
    row: str = Field(description=gettext_lazy("The row the form's identity gives (D in A + B − C = D)"))
    sum: int = Field(description=gettext_lazy("What the identity's terms add up to"))
    figure: int = Field(description=gettext_lazy("The row's figure"))


class StatisticsTableOut(Schema):
    form: str = Field(description=gettext_lazy("The form: 1, 2, 2b, 3, 4, 5 or 7"))
    version_id: int = Field(description=gettext_lazy("The version of the form counted"))
    code: str = Field(description=gettext_lazy("The form's code as printed (1-BTCTW…)"))
    title: str = Field(description=gettext_lazy("The form's title, in the reader's language"))
    unit: str = Field(description=gettext_lazy("The unit of the figures"))
    stock: bool = Field(description=gettext_lazy("A stock counted on a day (forms 3, 4, 5), rather than a flow over the period"))
    node: StatisticsNodeOut = Field(description=gettext_lazy("The organization counted, with its subtree"))
    period: StatisticsPeriodOut = Field(description=gettext_lazy("The period"))
    day: dt.date = Field(description=gettext_lazy("The day a stock is counted on: the period's last day, or today while it runs"))
    tree: TreeMode = Field(description=gettext_lazy("The tree as it stands now, or as it stood then"))
    headers: list[StatisticsHeaderOut] = Field(description=gettext_lazy("The figure columns, in order"))
    lines: list[StatisticsLineOut] = Field(description=gettext_lazy("The form's rows, in order"))
    reported_last: bool = Field(description=gettext_lazy("The same period last year comes from the figures reported then, not from the records"))  # fmt: skip
    failed_checks: list[StatisticsFailedCheckOut] = Field(description=gettext_lazy("The form's identities that the figures break (none expected)"))  # fmt: skip
    note: str = Field(description=gettext_lazy("The form's note, in the reader's language"))


class StatisticsDrillMemberOut(Schema):
    id: int = Field(description=gettext_lazy("The member's id"))
    full_name: str = Field(description=gettext_lazy("The full name"))
    organization_id: int = Field(description=gettext_lazy("The member's organization now"))
    organization_name: str = Field(description=gettext_lazy("Its name"))
    status: str = Field(description=gettext_lazy("The member's status now (probationary, official, …)"))


class StatisticsDrillOrganizationOut(Schema):
    id: int = Field(description=gettext_lazy("The organization's id"))
    code: str = Field(description=gettext_lazy("The organization's code"))
    name: str = Field(description=gettext_lazy("The organization's name"))
    kind: str = Field(description=gettext_lazy("The kind of organization (province, commune, cell…)"))
    unit_type: str = Field(description=gettext_lazy("The type of grassroots unit (form 5); empty: not set"))


class StatisticsDrillOut(Schema):
    form: str = Field(description=gettext_lazy("The form: 1, 2, 2b, 3, 4, 5 or 7"))
    code: str = Field(description=gettext_lazy("The form's code as printed (1-BTCTW…)"))
    row: int = Field(description=gettext_lazy("The figure's row, by its place in the form"))
    row_code: str = Field(description=gettext_lazy("The row's code as the form prints it"))
    row_label: str = Field(description=gettext_lazy("The criterion"))
    column: str = Field(description=gettext_lazy("The figure's column, by its code"))
    column_label: str = Field(description=gettext_lazy("The column's heading"))
    node: StatisticsNodeOut = Field(description=gettext_lazy("The organization counted, with its subtree"))
    period: StatisticsPeriodOut = Field(description=gettext_lazy("The period of the figure: this one, or the same one last year"))
    of: Literal["members", "organizations"] = Field(description=gettext_lazy("What the figure counts: members or organizations"))
    count: int = Field(description=gettext_lazy("How many there are in all: the figure"))
    members: list[StatisticsDrillMemberOut] = Field(description=gettext_lazy("The members of this page (empty for organizations)"))
    organizations: list[StatisticsDrillOrganizationOut] = Field(description=gettext_lazy("The organizations of this page (empty for members)"))  # fmt: skip


class StatisticsCheckIn(Schema):
    org: Id | None = Field(None, description=gettext_lazy("The organization to check, with its subtree; the one you work in if empty"))  # fmt: skip
    period: PeriodKind = Field("year", description=gettext_lazy("year, half, nine, quarter, month, term, range or day, as for the forms"))
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description=gettext_lazy("The year (the first of a term); this year if empty"))  # fmt: skip
    quarter: int | None = Field(None, ge=1, le=4, description=gettext_lazy("The quarter (1 to 4), for period=quarter"))
    month: int | None = Field(None, ge=1, le=12, description=gettext_lazy("The month (1 to 12), for period=month"))
    to_year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description=gettext_lazy("The last year of a term, for period=term"))  # fmt: skip
    start: Day | None = Field(None, alias="from", description=gettext_lazy("The first day, for period=range"))
    end: Day | None = Field(None, alias="to", description=gettext_lazy("The last day, for period=range"))
    on: Day | None = Field(None, description=gettext_lazy("The day, for period=day (today if empty)"))
    tree: TreeMode = Field("now", description=gettext_lazy("now: the tree as it stands; then: as it stood on the day counted"))
    forms: list[FormSlug] = Field(
        [], max_length=16, description=gettext_lazy("The forms to check (1, 2, 2b, 3, 4, 5, 7); every form if empty")
    )
    depth: int | None = Field(
        None,
        ge=1,
        le=MAX_DEPTH,
        description=gettext_lazy("How many levels below the organization to check; down to the grassroots organizations if empty"),
    )

    def params(self) -> dict[str, object]:
        given = {"period": self.period, "year": self.year, "quarter": self.quarter, "month": self.month, "to_year": self.to_year,
                 "from": self.start, "to": self.end, "on": self.on}  # fmt: skip
        return {name: value for name, value in given.items() if value is not None}


class StatisticsCheckStartedOut(Schema):
    job_id: int = Field(description=gettext_lazy("The check's background job"))
    url: str = Field(description=gettext_lazy("The job's page on the site: its progress, then its outcome"))
    status_url: str = Field(description=gettext_lazy("Where the API tells its progress and outcome"))


class StatisticsDifferenceOut(Schema):
    org_id: int = Field(description=gettext_lazy("The organization whose figure differs"))
    org_code: str = Field(description=gettext_lazy("Its code"))
    org_name: str = Field(description=gettext_lazy("Its name"))
    form: str = Field(description=gettext_lazy("The form"))
    form_code: str = Field(description=gettext_lazy("The form's code as printed"))
    row: str = Field(description=gettext_lazy("The row's code"))
    row_label: str = Field(description=gettext_lazy("The criterion, in the language of whoever started the check"))
    column: str = Field(description=gettext_lazy("The column's code"))
    column_label: str = Field(description=gettext_lazy("The column's heading"))
    figure: int = Field(description=gettext_lazy("The organization's figure"))
    children: int = Field(description=gettext_lazy("The sum of its children's figures"))
    own: int = Field(description=gettext_lazy("What is recorded in the organization itself, not in its children"))
    difference: int = Field(description=gettext_lazy("The figure less the children's sum and the own records"))


class StatisticsCheckFormOut(Schema):
    slug: str = Field(description=gettext_lazy("The form"))
    code: str = Field(description=gettext_lazy("The form's code as printed"))
    version_id: int = Field(description=gettext_lazy("The version of the form checked"))


class StatisticsCheckResultOut(Schema):
    org: StatisticsNodeOut = Field(description=gettext_lazy("The organization checked, with its subtree"))
    period: StatisticsPeriodOut = Field(description=gettext_lazy("The period"))
    tree: TreeMode = Field(description=gettext_lazy("The tree as it stands now, or as it stood then"))
    day: dt.date = Field(description=gettext_lazy("The day stocks were counted on"))
    forms: list[StatisticsCheckFormOut] = Field(description=gettext_lazy("The forms checked"))
    depth: int | None = Field(description=gettext_lazy("The levels checked below the organization; empty: every level"))
    nodes: int = Field(description=gettext_lazy("How many organizations were checked against their children"))
    count: int = Field(description=gettext_lazy("How many differences were found (none expected)"))
    differences: list[StatisticsDifferenceOut] = Field(description=gettext_lazy("The differences (the first thousand; the Excel file on the job's page holds them all)"))  # fmt: skip


class StatisticsCheckOut(Schema):
    id: int = Field(description=gettext_lazy("The check's background job"))
    status: Literal["queued", "running", "done", "failed", "cancelled"] = Field(description=gettext_lazy("Where the job stands"))
    phase: str = Field(description=gettext_lazy("What it is doing"))
    done: int = Field(description=gettext_lazy("Organizations checked so far"))
    total: int = Field(description=gettext_lazy("Organizations to check"))
    message: str = Field(description=gettext_lazy("Why it failed, when it did"))
    created_at: dt.datetime = Field(description=gettext_lazy("When it was asked for"))
    finished_at: dt.datetime | None = Field(description=gettext_lazy("When it ended"))
    url: str = Field(description=gettext_lazy("The job's page on the site"))
    result: StatisticsCheckResultOut | None = Field(description=gettext_lazy("The outcome, once done"))
