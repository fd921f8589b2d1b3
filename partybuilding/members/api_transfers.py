"""Transfer letters through the API: the same scope, deadlines and services as the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, can, organization_or_404, require
from partybuilding.organizations.models import Organization

from . import transfers
from .models import Member, Transfer

router = Router(tags=["transfers"])
ACTIONS = ("receive", "hold", "refuse", "end")


class DeadlineOut(Schema):
    label: str
    due: dt.date
    days: int = Field(description="Days left (negative: overdue, or late when done)")
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
    within: int | None = Field(None, description="Letters leaving or reaching this organization's subtree")
    status: str = Field("", description="issued, received, held, refused, ended; empty: all")
    overdue: bool = Field(False, description="Only letters with a deadline past")


class TransferIn(Schema):
    member_id: int
    kind: str = Field(description="official or temporary")
    letter_number: str
    letter_date: dt.date
    to_organization_id: int | None = Field(None, description="A cell of the system; or give `outside`")
    outside: str = ""
    change_date: dt.date | None = Field(None, description="Official transfers: the new job, retirement or move")
    until: dt.date | None = Field(None, description="Temporary transfers: the last day of the stay")
    training: bool = Field(False, description="A temporary stay for training (a longer limit)")


class ActionIn(Schema):
    date: dt.date
    reason: str = ""
    submission: uuid.UUID | None = None


def _out(transfer: Transfer, today: dt.date) -> dict[str, Any]:
    fields = {name: getattr(transfer, name) for name in TransferOut.model_fields if name not in ("member_name", "deadlines")}
    deadlines = [
        {"label": str(d.label), "due": d.due, "days": d.days, "running": d.running, "overdue": d.overdue, "rule": str(d.citation)}
        for d in transfers.deadlines(transfer, today)
    ]
    return {**fields, "member_name": transfer.member.full_name, "deadlines": deadlines}


def _transfer(request: HttpRequest, pk: int) -> Transfer:
    found = transfers.with_related(Transfer.objects.visible_to(request.user)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@router.get("", response=list[TransferOut], summary="Transfer letters leaving or reaching your scope, with their deadlines")
@paginate(PageNumberPagination)
def list_transfers(request: HttpRequest, filters: Query[TransferFilters]) -> Any:
    visible = Transfer.objects.visible_to(request.user)
    found: QuerySet[Transfer] = visible.within(organization_or_404(request.user, filters.within)) if filters.within else visible
    if filters.status:
        found = found.filter(status=filters.status)
    today = timezone.localdate()
    if filters.overdue:
        found = transfers.overdue(found, today)
    return [_out(t, today) for t in transfers.with_related(found).order_by("-letter_date", "-pk")]


@router.get("/{transfer_id}", response=TransferOut)
def get_transfer(request: HttpRequest, transfer_id: int) -> Any:
    return _out(_transfer(request, transfer_id), timezone.localdate())


@router.post("", response={201: TransferOut}, summary="Record the transfer letter a member's organization issued")
def issue_transfer(request: HttpRequest, payload: TransferIn) -> Any:
    member = Member.objects.visible_to(request.user).filter(pk=payload.member_id).select_related("organization").first()
    if member is None:
        raise Http404
    require(request.user, Action.MANAGE_MEMBERS, member.organization)
    # A letter may go to any organization of the system, in the user's scope or not (as on the page).
    target = Organization.objects.filter(pk=payload.to_organization_id).first() if payload.to_organization_id else None
    if payload.to_organization_id and target is None:
        raise Refusal("no organization has this id", rule="records rule", field="to_organization_id")
    transfer = transfers.transfer_issue(
        actor=request.user,
        member=member,
        kind=payload.kind,
        letter_number=payload.letter_number,
        letter_date=payload.letter_date,
        to_organization=target,
        outside=payload.outside,
        change_date=payload.change_date,
        until=payload.until,
        training=payload.training,
    )
    return 201, _out(transfers.with_related(Transfer.objects.filter(pk=transfer.pk)).get(), timezone.localdate())


@router.post("/{transfer_id}/{action}", response=TransferOut, summary="Receive, hold, refuse, or end a temporary stay")
def act_on_transfer(request: HttpRequest, transfer_id: int, action: str, payload: ActionIn) -> Any:
    if action not in ACTIONS:
        raise Http404
    transfer = _transfer(request, transfer_id)
    if not any(can(request.user, Action.MANAGE_MEMBERS, org) for org in transfers.handlers(transfer, action)):
        raise PermissionDenied
    actor, day = request.user, payload.date
    if action == "receive":
        transfers.transfer_receive(actor=actor, transfer=transfer, date=day, submission=payload.submission)
    elif action == "hold":
        transfers.transfer_hold(actor=actor, transfer=transfer, date=day, reason=payload.reason)
    elif action == "refuse":
        transfers.transfer_refuse(actor=actor, transfer=transfer, date=day, reason=payload.reason)
    else:
        transfers.transfer_end(actor=actor, transfer=transfer, date=day)
    return _out(_transfer(request, transfer_id), timezone.localdate())
