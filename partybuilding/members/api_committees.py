"""Committee roles through the API: the roles of a term, assigning and ending them, and
the size-rule warnings of a subtree."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from partybuilding.core.scope import Action, organization_or_404, require
from partybuilding.organizations.models import CommitteeTerm, Organization

from . import committees
from .models import CommitteeRole, Member

router = Router(tags=["committees"])


class RoleOut(Schema):
    id: int
    term_id: int
    member_id: int
    member_name: str
    role: str
    since: dt.date
    until: dt.date | None


class AssignIn(Schema):
    member_id: int
    role: str = Field(description="secretary, deputy_secretary, standing, member, inspection")
    since: dt.date


class EndIn(Schema):
    until: dt.date = Field(description="The first day the role is no longer held")


class WarningOut(Schema):
    organization_id: int
    organization: str
    message: str
    rule: str


def _term(request: HttpRequest, pk: int) -> CommitteeTerm:
    term = CommitteeTerm.objects.select_related("organization").filter(pk=pk).first()
    if term is None:
        raise Http404
    organization_or_404(request.user, term.organization_id)
    require(request.user, Action.VIEW_MEMBERS, term.organization)
    return term


def _out(role: CommitteeRole) -> dict[str, Any]:
    return {
        "id": role.pk, "term_id": role.term_id, "member_id": role.member_id, "member_name": role.member.full_name,
        "role": role.role, "since": role.since, "until": role.until,
    }  # fmt: skip


@router.get("/terms/{term_id}/roles", response=list[RoleOut], summary="The roles of a committee term")
def term_roles(request: HttpRequest, term_id: int) -> Any:
    return [_out(r) for r in committees.term_roles(_term(request, term_id))]


@router.post("/terms/{term_id}/roles", response={201: RoleOut}, summary="A member holds a role in the term from a date")
def assign_role(request: HttpRequest, term_id: int, payload: AssignIn) -> Any:
    term = _term(request, term_id)
    require(request.user, Action.MANAGE_MEMBERS, term.organization)
    member = Member.objects.visible_to(request.user).filter(pk=payload.member_id).first()
    if member is None:
        raise Http404
    role = committees.committee_role_assign(actor=request.user, term=term, member=member, role=payload.role, since=payload.since)
    return 201, _out(role)


@router.post("/roles/{role_id}/end", response=RoleOut, summary="The member no longer holds the role from a date")
def end_role(request: HttpRequest, role_id: int, payload: EndIn) -> Any:
    role = CommitteeRole.objects.select_related("term", "member").filter(pk=role_id).first()
    if role is None:
        raise Http404
    term = _term(request, role.term_id)
    require(request.user, Action.MANAGE_MEMBERS, term.organization)
    return _out(committees.committee_role_end(actor=request.user, role=role, until=payload.until))


@router.get("/warnings/{org_id}", response=list[WarningOut], summary="Organizations of a subtree that break the size rules")
def size_warnings(request: HttpRequest, org_id: int, on: dt.date | None = Query(None)) -> Any:
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.VIEW_MEMBERS, org)
    orgs = Organization.objects.visible_to(request.user, Action.VIEW_MEMBERS).within(org)
    return [
        {"organization_id": w.organization.pk, "organization": w.organization.name, "message": w.message, "rule": str(w.citation)}
        for w in committees.size_warnings(orgs, on or timezone.localdate())
    ]
