"""The overdue board: what is past its deadline in an organization's subtree, one query per
kind — cases open past their period, shortcomings open past their deadline, appeals not
settled in time, denunciations in handling past their due date (and those due soon),
discipline notices not sent and their responses not received. A denunciation is shown by its
summary, subject and dates only: never who denounced (`IDENTITY_FIELDS`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import attention, paths
from partybuilding.core.calendar import add_working_days
from partybuilding.core.scope import Action, can

from ..choices import AppealStatus, CaseStatus, DenunciationStatus, DisciplineStatus, FollowUpStatus
from ..models import Appeal, Case, Denunciation, Discipline, Shortcoming
from .denunciations import SOON_WORKING_DAYS  # "due soon": the same horizon as the denunciations' list

IN_HANDLING = (DenunciationStatus.RECEIVED, DenunciationStatus.HANDLING)

KINDS: dict[str, Any] = {
    "cases": gettext_lazy("Inspections and supervisions open past their period"),
    "shortcomings": gettext_lazy("Shortcomings not remedied by their deadline"),
    "appeals": gettext_lazy("Appeals not settled in time"),
    "denunciations": gettext_lazy("Denunciations past their handling deadline"),
    "denunciations_soon": gettext_lazy("Denunciations due within 10 working days"),
    "notices": gettext_lazy("Discipline notices not sent in time"),
    "responses": gettext_lazy("Discipline notices without the response in time"),
}


@dataclass(frozen=True)
class Overdue:
    kind: str
    what: str
    subject: str
    organization: str
    due: dt.date
    days_late: int  # negative: days left (due soon)
    url: str

    @property
    def days_left(self) -> int:
        return -self.days_late

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def _subject(row: Any) -> str:
    subject = getattr(row, "subject_member", None) or getattr(row, "member", None) or getattr(row, "subject_organization", None)
    return str(subject) if subject is not None else ""


def _in(org: Any, rows: QuerySet) -> QuerySet:
    return rows.filter(paths.subtree_q(org.path, "org_path"))


def cases(org: Any, today: dt.date) -> QuerySet[Case]:
    rows = Case.objects.filter(status=CaseStatus.OPEN, period_to__lt=today)
    return _in(org, rows).select_related("organization", "subject_member", "subject_organization").order_by("period_to", "pk")


def shortcomings(org: Any, today: dt.date) -> QuerySet[Shortcoming]:
    rows = Shortcoming.objects.filter(status=FollowUpStatus.OPEN, deadline__lt=today)
    return (
        _in(org, rows).select_related("case__organization", "case__subject_member", "case__subject_organization").order_by("deadline", "pk")
    )


def appeals(org: Any, today: dt.date) -> QuerySet[Appeal]:
    rows = Appeal.objects.filter(status=AppealStatus.FILED, due__lt=today)
    return _in(org, rows).select_related("organization", "discipline__member", "discipline__subject_organization").order_by("due", "pk")


# Only what the board shows is read: never who denounced.
DENUNCIATION_FIELDS = ("pk", "summary", "received_on", "due", "status", "organization__name", "subject_member", "subject_organization")


def denunciations(org: Any, today: dt.date, *, soon: bool = False) -> QuerySet[Denunciation]:
    window = Q(due__gte=today, due__lte=add_working_days(today, SOON_WORKING_DAYS)) if soon else Q(due__lt=today)
    rows = Denunciation.objects.filter(window, status__in=IN_HANDLING)
    rows = rows.select_related("organization", "subject_member", "subject_organization")
    return _in(org, rows).only(*DENUNCIATION_FIELDS, "organization", "org_path").order_by("due", "pk")


def notices(org: Any, today: dt.date) -> QuerySet[Discipline]:
    rows = Discipline.objects.filter(status=DisciplineStatus.DECIDED, notice_sent_on__isnull=True, notice_due__lt=today)
    return _in(org, rows).select_related("organization", "member", "subject_organization").order_by("notice_due", "pk")


def responses(org: Any, today: dt.date) -> QuerySet[Discipline]:
    rows = Discipline.objects.filter(
        status=DisciplineStatus.DECIDED, notice_sent_on__isnull=False, response_on__isnull=True, response_due__lt=today
    )
    return _in(org, rows).select_related("organization", "member", "subject_organization").order_by("response_due", "pk")


def _late(today: dt.date, due: dt.date) -> int:
    return (today - due).days


def _rows(kind: str, org: Any, today: dt.date, limit: int | None = None) -> Iterable[Overdue]:
    """The kind's rows, the latest first; with `limit`, only that many (read in the database)."""
    first = slice(None, limit)
    if kind == "cases":
        for c in cases(org, today)[first]:
            assert c.period_to is not None
            yield Overdue(
                kind,
                c.get_kind_display(),
                _subject(c),
                c.organization.name,
                c.period_to,
                _late(today, c.period_to),
                _url("inspection_case", c.pk),
            )
    elif kind == "shortcomings":
        for s in shortcomings(org, today)[first]:
            yield Overdue(
                kind,
                s.description[:120],
                _subject(s.case),
                s.case.organization.name,
                s.deadline,
                _late(today, s.deadline),
                _url("inspection_case", s.case_id),
            )
    elif kind == "appeals":
        for a in appeals(org, today)[first]:
            yield Overdue(
                kind,
                str(a),
                _subject(a.discipline),
                a.organization.name,
                a.due,
                _late(today, a.due),
                _url("inspection_appeal", a.pk),
            )
    elif kind in ("denunciations", "denunciations_soon"):
        for d in denunciations(org, today, soon=kind == "denunciations_soon")[first]:
            assert d.due is not None
            yield Overdue(
                kind, d.summary[:120], _subject(d), d.organization.name, d.due, _late(today, d.due), _url("inspection_denunciation", d.pk)
            )
    else:
        due_field = "notice_due" if kind == "notices" else "response_due"
        for row in (notices if kind == "notices" else responses)(org, today)[first]:
            due = getattr(row, due_field)
            what = _("Notice to %(to)s") % {"to": row.notice_to} if row.notice_to else str(row)
            yield Overdue(
                kind,
                what,
                _subject(row),
                row.organization.name,
                due,
                _late(today, due),
                _url("inspection_discipline", row.pk),
            )


COUNTERS: dict[str, Callable[[Any, dt.date], QuerySet]] = {
    "cases": cases,
    "shortcomings": shortcomings,
    "appeals": appeals,
    "denunciations": denunciations,
    "denunciations_soon": lambda org, today: denunciations(org, today, soon=True),
    "notices": notices,
    "responses": responses,
}


def counts(org: Any, today: dt.date) -> dict[str, int]:
    return {kind: COUNTERS[kind](org, today).count() for kind in KINDS}


def overdue(org: Any, today: dt.date, kind: str = "", limit: int | None = None) -> list[Overdue]:
    """The rows of one kind, or of every kind, the latest first. With `limit`, the first
    `limit` of them: each kind's query reads no more than that, most late first, so the
    merged head is the same as the whole list's."""
    kinds = [kind] if kind in KINDS else list(KINDS)
    rows = [row for name in kinds for row in _rows(name, org, today, limit)]
    return sorted(rows, key=lambda row: (-row.days_late, row.kind, row.organization))[:limit]


class Board(Sequence[Overdue]):
    """The board's rows for a paginator: its length from the counts, a page read by asking
    each kind for no more rows than the page's end (a country's board is thousands of rows)."""

    def __init__(self, org: Any, today: dt.date, kind: str) -> None:
        self.org, self.today, self.kind = org, today, kind
        self.counted = counts(org, today)  # each kind's count, for the board's tabs

    def __len__(self) -> int:
        return self.counted[self.kind] if self.kind in KINDS else sum(self.counted.values())

    @overload
    def __getitem__(self, index: int) -> Overdue: ...
    @overload
    def __getitem__(self, index: slice) -> list[Overdue]: ...
    def __getitem__(self, index: int | slice) -> Overdue | list[Overdue]:
        if isinstance(index, slice):
            return overdue(self.org, self.today, self.kind, limit=index.stop)[index]
        return overdue(self.org, self.today, self.kind, limit=index + 1)[index]


@attention.register
def overdue_attention(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """The dashboard's line for cases open past their period (the other kinds have their own
    lines, each from its area: shortcomings, appeals, notices, denunciations)."""
    if not can(user, Action.INSPECT, scope):
        return []
    late = COUNTERS["cases"](scope, today).count()
    if not late:
        return []
    return [attention.Item(KINDS["cases"], late, url=attention.link("inspection_overdue", within=scope.pk, kind="cases"))]
