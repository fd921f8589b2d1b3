"""Transfer letters through the API: the same scope, deadlines and services as the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Id, Pages, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, can, organization_or_404
from partybuilding.organizations.models import Organization

from ..choices import TransferKind, TransferStatus
from ..models import Transfer
from ..records.selectors import member_or_404
from . import selectors, services
from .deadlines import deadlines
from .services import TRANSFER

router = Router(tags=["transfers"])


class DeadlineOut(Schema):
    label: str
    due: dt.date
    days: int = Field(description=gettext_lazy("Days left (negative: overdue, or late when done)"))
    running: bool
    overdue: bool
    rule: str


class TransferOut(Schema):
    id: int
    member_id: int
    member_name: str
    kind: str
    from_organization_id: int | None
    to_organization_id: int | None
    outside: str
    change_date: dt.date | None
    letter_number: str
    letter_date: dt.date | None
    until: dt.date | None
    status: str
    status_date: dt.date
    reason: str
    deadlines: list[DeadlineOut]


class TransferFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("Letters leaving or reaching this organization's subtree"))
    status: Literal["", "open"] | TransferStatus = Field(
        "", description=gettext_lazy("issued, received, held, refused, ended; open; empty: all")
    )
    overdue: bool = Field(False, description=gettext_lazy("Only letters with a deadline past"))


class TransferIn(Schema):
    member_id: Id
    kind: TransferKind = Field(description=gettext_lazy("official or temporary"))
    letter_number: str = Field(max_length=64)
    letter_date: Day
    to_organization_id: Id | None = Field(None, description=gettext_lazy("A cell of the system; or give `outside`"))
    outside: str = Field("", max_length=255)
    change_date: Day | None = Field(None, description=gettext_lazy("Official transfers: the new job, retirement or move"))
    until: Day | None = Field(None, description=gettext_lazy("Temporary transfers: the last day of the stay"))
    training: bool = Field(False, description=gettext_lazy("A temporary stay for training (a longer limit)"))


class TransferActionIn(Schema):
    date: Day
    reason: str = Field("", max_length=255)
    submission: uuid.UUID | None = None


def _out(transfer: Transfer, today: dt.date) -> dict[str, Any]:
    fields = {name: getattr(transfer, name) for name in TransferOut.model_fields if name not in ("member_name", "deadlines")}
    found = [
        {"label": str(d.label), "due": d.due, "days": d.days, "running": d.running, "overdue": d.overdue, "rule": str(d.citation)}
        for d in deadlines(transfer, today)
    ]
    return {**fields, "member_name": transfer.member.full_name, "deadlines": found}


@router.get(
    "",
    response=documented(list[TransferOut], 404, 422),
    summary=gettext_lazy("Transfer letters leaving or reaching your scope, with their deadlines"),
)
@paginate(Pages)
def list_transfers(request: HttpRequest, filters: Query[TransferFilters]) -> Any:
    within = organization_or_404(request.user, filters.within) if filters.within else None
    today = timezone.localdate()
    found = selectors.filtered(request.user, within, filters.dict(), today).order_by("-letter_date", "-pk")
    return [_out(t, today) for t in found]


@router.get("/{transfer_id}", response=documented(TransferOut, 404, 422), summary=gettext_lazy("A transfer letter and its deadlines"))
def get_transfer(request: HttpRequest, transfer_id: Id) -> Any:
    return _out(selectors.transfer_or_404(request.user, transfer_id), timezone.localdate())


@router.post(
    "",
    response=documented({201: TransferOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record the transfer letter a member's organization issued"),
)
def issue_transfer(request: HttpRequest, payload: TransferIn) -> Any:
    member = member_or_404(request.user, payload.member_id, Action.MANAGE_MEMBERS)
    # A letter may go to any organization of the system, in the user's scope or not (as on the page).
    target = Organization.objects.filter(pk=payload.to_organization_id).first() if payload.to_organization_id else None
    if payload.to_organization_id and target is None:
        raise Refusal(_("No organization has this id."), rule=_("records rule"), field="to_organization_id")
    letter = payload.dict(exclude={"member_id", "to_organization_id"})
    transfer = services.transfer_issue(actor=request.user, member=member, to_organization=target, **letter)
    return 201, _out(selectors.transfer_or_404(request.user, transfer.pk), timezone.localdate())


@router.post(
    "/{transfer_id}/{action}",
    response=documented(TransferOut, 400, 403, 404, 422),
    summary=gettext_lazy("Receive, hold, refuse, or end a temporary stay"),
)
def act_on_transfer(
    request: HttpRequest,
    transfer_id: Id,
    action: Literal[tuple(TRANSFER.steps)],  # type: ignore[valid-type]
    payload: TransferActionIn,
) -> Any:
    transfer = selectors.transfer_or_404(request.user, transfer_id)
    if not any(can(request.user, Action.MANAGE_MEMBERS, org) for org in selectors.handlers(transfer, action)):
        raise PermissionDenied
    TRANSFER.run(action, actor=request.user, obj=transfer, submission=payload.submission, date=payload.date, reason=payload.reason)
    return _out(selectors.transfer_or_404(request.user, transfer_id), timezone.localdate())
