"""Reads of transfers that the pages, the API and the dashboard share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from partybuilding.core import paths
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.organizations.models import Organization

from ..choices import IN_LIST, MemberStatus, TransferKind, TransferStatus
from ..models import Member, Transfer
from ..records.selectors import search
from .deadlines import Deadline, deadlines
from .services import OPEN, TRANSFER


def transfer_or_404(user: Any, pk: Any) -> Transfer:
    """A transfer leaving or reaching the user's scope (404 otherwise)."""
    return visible_or_404(with_related(Transfer.objects.all()), user, pk)


def with_related(transfers: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return transfers.select_related("member", "member__organization", "from_organization", "to_organization")


def overdue_ids(transfers: QuerySet[Transfer], today: dt.date) -> list[int]:
    """Transfers with a running deadline past its date. The rule behind each deadline is the
    one in force on its own start date, so the test runs in Python, over the few transfers
    still running (letters not yet presented, temporary stays not yet ended): one query."""
    running = transfers.filter(
        Q(status=TransferStatus.ISSUED, letter_date__lt=today)
        | Q(status=TransferStatus.RECEIVED, kind=TransferKind.TEMPORARY, until__lt=today)
    ).only("pk", "kind", "status", "status_date", "change_date", "letter_date", "until")
    return [t.pk for t in running.iterator(chunk_size=2000) if any(d.overdue for d in deadlines(t, today))]


def overdue(transfers: QuerySet[Transfer], today: dt.date) -> QuerySet[Transfer]:
    return transfers.filter(pk__in=overdue_ids(transfers, today))


def temporary_guests(host: Organization, on: dt.date) -> QuerySet[Transfer]:
    """Members staying temporarily in `host`'s subtree from elsewhere, on a date: listed
    there, marked, and counted in their home organization only."""
    return (
        Transfer.objects.filter(
            paths.subtree_q(host.path, "to_organization__path"),
            kind=TransferKind.TEMPORARY,
            status=TransferStatus.RECEIVED,
            status_date__lte=on,
            member__status__in=[*IN_LIST, MemberStatus.GUEST],
        )
        # Members of the host's own subtree are in its list already; guests from outside are not.
        .exclude(paths.subtree_q(host.path, "member__org_path") & Q(member__status__in=IN_LIST))
        .select_related("member", "member__organization", "to_organization")
        .order_by("member__sort_key", "pk")
    )


def handlers(transfer: Transfer, action: str) -> list[Organization]:
    """The organizations whose managers may take `action` on a transfer: the receiver when
    it is in the system, else the sender (who records what the outside organization
    answered); either side may record the end of a temporary stay."""
    receiver = transfer.to_organization or transfer.from_organization
    sides = [receiver, transfer.from_organization] if action == "end" else [receiver]
    return [org for org in sides if org is not None]


def filtered(user: Any, within: Organization | None, filters: dict[str, Any], today: dt.date) -> QuerySet[Transfer]:
    """The transfers the list's filters describe (the page, its Excel copy and the API)."""
    visible = Transfer.objects.visible_to(user)
    found: QuerySet[Transfer] = visible.within(within) if within is not None else visible
    if filters.get("q"):
        found = found.filter(member__in=search(Member.objects.all(), filters["q"]).values("pk"))
    if filters.get("status") == "open":
        found = found.filter(status__in=OPEN)
    elif filters.get("status"):
        found = found.filter(status=filters["status"])
    if filters.get("kind"):
        found = found.filter(kind=filters["kind"])
    if within is not None and filters.get("direction") == "out":
        found = found.filter(paths.subtree_q(within.path, "from_organization__path"))
    elif within is not None and filters.get("direction") == "in":
        found = found.filter(paths.subtree_q(within.path, "to_organization__path"))
    if filters.get("overdue"):
        found = overdue(found, today)
    return with_related(found).order_by("-status_date", "-pk")


def may(user: Any, transfer: Transfer, action: str) -> bool:
    """May `user` take the step `action` on the transfer now (its state, their roles)?"""
    step = TRANSFER.steps[action]
    in_state = not step.sources or transfer.status in step.sources
    return in_state and any(can(user, Action.MANAGE_MEMBERS, org) for org in handlers(transfer, action))


def actions_of(user: Any, transfer: Transfer) -> list[tuple[str, Any]]:
    """The steps the user may take on the transfer, as (name, label)."""
    return [(name, step.label) for name, step in TRANSFER.steps.items() if may(user, transfer, name)]


def row(user: Any, transfer: Transfer, today: dt.date) -> dict[str, Any]:
    """A transfer as lists show it: its deadlines today and the actions the user may take."""
    found: list[Deadline] = deadlines(transfer, today)
    return {"t": transfer, "deadlines": found, "actions": actions_of(user, transfer)}
