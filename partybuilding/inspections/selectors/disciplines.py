"""Reading disciplines, suspensions and appeals: one record in the user's scope, the lists of
an organization's subtree with their filters, who may record what, and the dashboard's
attention lines (appeals not settled in time, notices late)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from partybuilding.core import attention
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.members.models import Member
from partybuilding.members.records.selectors import search
from partybuilding.organizations.models import Organization

from ..choices import AppealStatus, Body, DisciplineStatus
from ..models import Appeal, Discipline, Suspension
from ..services.disciplines import CELL_KINDS


def may_record(user: Any, organization: Organization, body: str) -> bool:
    """Inspection work is recorded by those who inspect over the deciding organization; a
    Party cell's own decision also by whoever manages the cell's members (its secretary)."""
    if can(user, Action.INSPECT, organization):
        return True
    return body == Body.CELL and organization.kind in CELL_KINDS and can(user, Action.MANAGE_MEMBERS, organization)


def may_record_somewhere(user: Any, organization: Organization) -> bool:
    return can(user, Action.INSPECT, organization) or can(user, Action.MANAGE_MEMBERS, organization)


def require_record(user: Any, organization: Organization, body: str) -> None:
    if not may_record(user, organization, body):
        raise PermissionDenied


def discipline_or_404(user: Any, pk: Any) -> Discipline:
    rows = Discipline.objects.select_related("organization", "member", "member__organization", "subject_organization", "case")
    found: Discipline = visible_or_404(rows, user, pk)
    return found


def suspension_or_404(user: Any, pk: Any) -> Suspension:
    found: Suspension = visible_or_404(Suspension.objects.select_related("organization", "member"), user, pk)
    return found


def appeal_or_404(user: Any, pk: Any) -> Appeal:
    rows = Appeal.objects.select_related("organization", "discipline", "discipline__member", "discipline__subject_organization")
    found: Appeal = visible_or_404(rows, user, pk)
    return found


def disciplines_of(member: Member) -> QuerySet[Discipline]:
    """A member's disciplines, the latest first (for the member's page)."""
    return Discipline.objects.filter(member=member).select_related("organization").order_by("-proposed_on", "-pk")


def discipline_rows(user: Any, scope: Organization | None, filters: dict[str, Any], today: dt.date) -> QuerySet[Discipline]:
    """The disciplines the user sees in `scope`'s subtree (None: wherever), filtered."""
    rows = Discipline.objects.visible_to(user).select_related("organization", "member", "subject_organization")
    rows = rows.within(scope) if scope is not None else rows
    if filters.get("year"):
        year = filters["year"]
        rows = rows.filter(Q(decision_date__year=year) | Q(decision_date__isnull=True, proposed_on__year=year))
    for field, column in (("form", "form_in_force"), ("subject", "subject"), ("status", "status"), ("body", "body")):
        if filters.get(field):
            rows = rows.filter(**{column: filters[field]})
    if filters.get("committee"):
        rows = rows.filter(committee_member=True)
    if filters.get("notices_late"):
        rows = rows.filter(notices_late_q(today))
    if filters.get("q"):
        rows = rows.filter(member__in=search(Member.objects.all(), filters["q"]))
    return rows.order_by("-status_since", "-pk")


def notices_late_q(today: dt.date) -> Q:
    """A notice not sent by its due date, or sent without the response by its due date."""
    in_force = Q(status=DisciplineStatus.DECIDED)
    not_sent = Q(notice_due__lt=today, notice_sent_on__isnull=True)
    no_response = Q(response_due__lt=today, response_on__isnull=True)
    return in_force & (not_sent | no_response)


def suspension_rows(user: Any, scope: Organization) -> QuerySet[Suspension]:
    return Suspension.objects.visible_to(user).within(scope).select_related("organization", "member").order_by("-starts_on", "-pk")


def appeal_rows(user: Any, scope: Organization | None, filters: dict[str, Any], today: dt.date) -> QuerySet[Appeal]:
    rows = Appeal.objects.visible_to(user).select_related("organization", "discipline", "discipline__member")
    rows = rows.within(scope) if scope is not None else rows
    if filters.get("year"):
        rows = rows.filter(filed_on__year=filters["year"])
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("overdue"):
        rows = rows.filter(status=AppealStatus.FILED, due__lt=today)
    if filters.get("due_within") is not None:
        rows = rows.filter(status=AppealStatus.FILED, due__gte=today, due__lte=today + dt.timedelta(days=filters["due_within"]))
    return rows.order_by("-filed_on", "-pk")


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    return (due - today).days if due else None


@attention.register
def discipline_attention(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Appeals not settled in time; notices to the state body late (not sent, or no response)."""
    if scope is None or not can(user, Action.INSPECT, scope):
        return []
    items = []
    appeals = Appeal.objects.within(scope).filter(status=AppealStatus.FILED, due__lt=today).count()
    if appeals:
        items.append(
            attention.Item(
                _("Appeals against discipline not settled in time"),
                appeals,
                url=attention.link("inspection_appeals", within=scope.pk, overdue="on"),
            )
        )
    notices = Discipline.objects.within(scope).filter(notices_late_q(today)).count()
    if notices:
        items.append(
            attention.Item(
                _("Discipline notices late (not sent, or no response)"),
                notices,
                url=attention.link("inspection_disciplines", within=scope.pk, notices_late="on"),
            )
        )
    return items
