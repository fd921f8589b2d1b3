"""What pages, exports and the API read of denunciations — and the one rule of who reads
who denounced: `may_see_identity` (the denunciation's current handlers, and nobody else:
not the administrators, not the superuser, not the subject) and `identity_for`, which
returns the identity to them alone and audits each reading (who read it, never what).

The attention lines: denunciations being handled past their due date, and those due within
ten working days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from partybuilding.accounts.models import RoleAssignment, User
from partybuilding.accounts.policy import ROLE_ACTIONS
from partybuilding.core import attention, calendar, paths
from partybuilding.core.audit import audit_record
from partybuilding.core.scope import Action, visible_or_404
from partybuilding.core.text import search_key

from ..choices import DenunciationStatus
from ..models import Denunciation, DenunciationStep, Handler
from ..models.denunciations import IDENTITY_FIELDS
from ..services.denunciations import is_subject

SOON_WORKING_DAYS = 10  # "due soon": the list's filter and the attention line


def denunciation_or_404(user: Any, pk: Any, action: Action | None = None) -> Denunciation:
    rows = Denunciation.objects.select_related("organization", "subject_member", "subject_organization", "repeat_of")
    found: Denunciation = visible_or_404(rows, user, pk, action)
    return found


# --- who denounced: the one rule -------------------------------------------------------------


def current_handlers(d: Denunciation) -> QuerySet[Handler]:
    return Handler.objects.filter(denunciation=d, released_on__isnull=True).select_related("user")


def may_see_identity(user: Any, d: Denunciation) -> bool:
    """Only a current (not released) handler of this denunciation, who is not its subject."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if not Handler.objects.filter(denunciation=d, user=user, released_on__isnull=True).exists():
        return False
    return not is_subject(user, d)


def identity_for(user: Any, d: Denunciation, *, read_in: str) -> dict[str, str] | None:
    """The denouncer's identity for a handler (each reading audited, naming the reader and
    where it was read, never the identity); None for everyone else."""
    if not may_see_identity(user, d):
        return None
    audit_record(actor=user, action="denunciation.identity_read", obj=d, after={"read_in": read_in})
    return {name: getattr(d, name) for name in IDENTITY_FIELDS}


# --- one denunciation ----------------------------------------------------------------------


def steps_of(d: Denunciation) -> QuerySet[DenunciationStep]:
    return DenunciationStep.objects.filter(denunciation=d).select_related("recorded_by").order_by("date", "pk")


def days_left(d: Denunciation, today: dt.date) -> int | None:
    """Calendar days left before the due date while being handled (negative: late)."""
    if d.status != DenunciationStatus.HANDLING or d.due is None:
        return None
    return (d.due - today).days


def handler_candidates(d: Denunciation) -> list[User]:
    """The users who may be assigned: active, holding a role that inspects over the handling
    organization, not handling it already, and not its subject."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action.INSPECT in actions]
    above = paths.ancestor_paths(d.org_path)
    current = set(current_handlers(d).values_list("user_id", flat=True))
    users = (
        User.objects.filter(
            pk__in=RoleAssignment.objects.filter(revoked_at__isnull=True, role__in=roles, organization__path__in=above).values("user_id"),
            is_active=True,
        )
        .exclude(pk__in=current)
        .order_by("username")
    )
    return [u for u in users if not is_subject(u, d)]


# --- lists -----------------------------------------------------------------------------------


def in_scope(user: Any, scope: Any) -> QuerySet[Denunciation]:
    rows = Denunciation.objects.visible_to(user)
    if scope is not None:
        rows = rows.within(scope)
    return rows.select_related("organization", "subject_member", "subject_organization").prefetch_related(
        Prefetch("handlers", queryset=Handler.objects.filter(released_on__isnull=True), to_attr="current_handlers")
    )


def filtered(rows: QuerySet[Denunciation], filters: dict[str, Any], today: dt.date) -> QuerySet[Denunciation]:
    """The list's filters. The text search reads the summary and the subject's name,
    diacritics ignored, and never the fields that identify who denounced."""
    for name in ("kind", "status", "channel"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if filters.get("year"):
        rows = rows.filter(received_on__year=filters["year"])
    if filters.get("overdue"):
        rows = rows.filter(status=DenunciationStatus.HANDLING, due__lt=today)
    if filters.get("due_soon"):
        soon = calendar.add_working_days(today, SOON_WORKING_DAYS)
        rows = rows.filter(status=DenunciationStatus.HANDLING, due__gte=today, due__lte=soon)
    if text := (filters.get("q") or "").strip():
        rows = searched(rows, search_key(text))
    return rows


def searched(rows: QuerySet[Denunciation], key: str) -> QuerySet[Denunciation]:
    """The rows whose summary or subject's name holds `key` (diacritics ignored). The
    summary has no search column of its own: a scope's denunciations are counted in
    hundreds a year, so their summaries are read and compared here."""
    by_name = Q(subject_member__name_search__contains=key) | Q(subject_organization__name_search__contains=key)
    in_summary = [pk for pk, summary in rows.values_list("pk", "summary").iterator(chunk_size=2000) if key in search_key(summary)]
    return rows.filter(by_name | Q(pk__in=in_summary))


def subject_name(d: Denunciation) -> str:
    subject = d.subject_member if d.subject_member_id else d.subject_organization
    return str(subject) if subject is not None else ""


# --- the attention list ------------------------------------------------------------------------


@attention.register
def denunciations_due(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Denunciations being handled past their due date, and those due within ten working days."""
    rows = Denunciation.objects.visible_to(user).within(scope).filter(status=DenunciationStatus.HANDLING)
    soon = calendar.add_working_days(today, SOON_WORKING_DAYS)
    late = rows.filter(due__lt=today).count()
    coming = rows.filter(due__gte=today, due__lte=soon).count()
    items = []
    if late:
        items.append(
            attention.Item(
                _("Denunciations past their handling time"),
                late,
                url=attention.link("inspection_denunciations", within=scope.pk, overdue="on"),
            )
        )
    if coming:
        items.append(
            attention.Item(
                _("Denunciations due within 10 working days"),
                coming,
                url=attention.link("inspection_denunciations", within=scope.pk, due_soon="on"),
            )
        )
    return items
