"""What pages and the API read of programmes and cases: the lists of a scope with their
filters, one record for its page, the shortcomings past their deadline (also an attention
line, and the overdue board's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partybuilding.core import attention, paths
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.core.text import search_key

from ..choices import CaseStatus, FollowUpStatus
from ..models import Case, Programme, ProgrammeItem, Shortcoming


def subject_name(row: Any) -> str:
    """The name of an item's or a case's subject: the member's full name, the organization's name."""
    if row.subject_member is not None:
        return str(row.subject_member.full_name)
    return str(row.subject_organization.name) if row.subject_organization is not None else ""


def programmes_in(user: Any, org: Any) -> QuerySet[Programme]:
    """The programmes of `org`'s subtree the user may read (all they see when `org` is None)."""
    rows = Programme.objects.visible_to(user)
    return (rows.within(org) if org is not None else rows).select_related("organization")


def programme_or_404(user: Any, pk: Any, action: Action | None = None) -> Programme:
    return visible_or_404(Programme.objects.select_related("organization"), user, pk, action)


def item_or_404(user: Any, pk: Any, action: Action | None = None) -> ProgrammeItem:
    """A programme's item, reached through its programme's scope."""
    try:
        item = ProgrammeItem.objects.select_related("programme").get(pk=int(pk))
    except (ProgrammeItem.DoesNotExist, ValueError, TypeError, OverflowError):
        from django.http import Http404

        raise Http404 from None
    programme_or_404(user, item.programme_id, action)
    return item


def programme_items(programme: Programme) -> list[ProgrammeItem]:
    """The items in planned order, each with its case (or None) as `started`."""
    items = list(programme.items.select_related("subject_organization", "subject_member"))
    cases = {c.programme_item_id: c for c in Case.objects.filter(programme_item__in=items)}
    for item in items:
        item.started = cases.get(item.pk)  # type: ignore[attr-defined]
    return items


def filtered_programmes(rows: QuerySet[Programme], filters: dict[str, Any]) -> QuerySet[Programme]:
    if filters.get("year"):
        rows = rows.filter(year=filters["year"])
    if filters.get("body"):
        rows = rows.filter(body=filters["body"])
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(title__icontains=text)
    return rows


def cases_in(user: Any, org: Any) -> QuerySet[Case]:
    """The cases conducted in `org`'s subtree that the user may read (all they see when None)."""
    rows = Case.objects.visible_to(user)
    return (rows.within(org) if org is not None else rows).select_related("organization", "subject_organization", "subject_member")


def case_or_404(user: Any, pk: Any, action: Action | None = None) -> Case:
    rows = Case.objects.select_related("organization", "subject_organization", "subject_member", "programme_item__programme")
    return visible_or_404(rows, user, pk, action)


def shortcoming_or_404(user: Any, pk: Any, action: Action | None = None) -> Shortcoming:
    """A shortcoming, reached through its case's scope."""
    from django.http import Http404

    try:
        row = Shortcoming.objects.select_related("case").get(pk=int(pk))
    except (Shortcoming.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    case_or_404(user, row.case_id, action)
    return row


def overdue_shortcomings(org: Any, today: dt.date) -> QuerySet[Shortcoming]:
    """The shortcomings of `org`'s subtree still open past their deadline."""
    return Shortcoming.objects.filter(paths.subtree_q(org.path, "org_path"), status=FollowUpStatus.OPEN, deadline__lt=today)


def filtered_cases(rows: QuerySet[Case], filters: dict[str, Any], today: dt.date) -> QuerySet[Case]:
    """The list's filters: kind, status, body, year (of the decision or the conclusion),
    subject kind, open past its period, with shortcomings overdue, the subject's name."""
    for name in ("kind", "status", "body", "subject_kind"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if year := filters.get("year"):
        rows = rows.filter(Q(decision_date__year=year) | Q(conclusion_date__year=year))
    if filters.get("overdue"):
        rows = rows.filter(status=CaseStatus.OPEN, period_to__lt=today)
    if filters.get("overdue_shortcomings"):
        late = Shortcoming.objects.filter(case=OuterRef("pk"), status=FollowUpStatus.OPEN, deadline__lt=today)
        rows = rows.filter(Exists(late))
    if text := search_key(filters.get("q") or ""):
        rows = rows.filter(Q(subject_member__name_search__contains=text) | Q(subject_organization__name_search__contains=text))
    return rows


@attention.register
def overdue_shortcomings_line(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Shortcomings not remedied by their deadline, for those who follow inspections."""
    if not can(user, Action.INSPECT, scope):
        return []
    count = overdue_shortcomings(scope, today).count()
    url = attention.link("inspection_cases", within=scope.pk, overdue_shortcomings="on")
    return [attention.Item(str(_("Shortcomings found by inspections, not remedied by their deadline")), count, url=url)]
