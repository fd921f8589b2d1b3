"""Committee roles through the API: the roles of a term, assigning and ending them, and
the size-rule warnings of a subtree."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Id, Pages, documented
from partybuilding.core.listing import PagedRows
from partybuilding.core.scope import Action, organization_or_404
from partybuilding.organizations.models import Organization

from ..choices import CommitteeRoleKind
from ..models import CommitteeRole
from ..records.selectors import member_or_404
from . import selectors, services

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
    member_id: Id
    role: CommitteeRoleKind = Field(description=gettext_lazy("secretary, deputy_secretary, standing, member, inspection"))
    since: Day


class EndIn(Schema):
    until: Day = Field(description=gettext_lazy("The first day the role is no longer held"))


class WarningOut(Schema):
    message: str
    rule: str


class OffenderOut(Schema):
    organization_id: int
    organization: str
    warnings: list[WarningOut]


def _out(role: CommitteeRole) -> dict[str, Any]:
    return {
        "id": role.pk, "term_id": role.term_id, "member_id": role.member_id, "member_name": role.member.full_name,
        "role": role.role, "since": role.since, "until": role.until,
    }  # fmt: skip


@router.get(
    "/terms/{term_id}/roles", response=documented(list[RoleOut], 403, 404, 422), summary=gettext_lazy("The roles of a committee term")
)
def term_roles(request: HttpRequest, term_id: Id) -> Any:
    return [_out(r) for r in selectors.term_roles(selectors.term_or_404(request.user, term_id))]


@router.post(
    "/terms/{term_id}/roles",
    response=documented({201: RoleOut}, 400, 403, 404, 422),
    summary=gettext_lazy("A member holds a role in the term from a date"),
)
def assign_role(request: HttpRequest, term_id: Id, payload: AssignIn) -> Any:
    term = selectors.term_or_404(request.user, term_id, Action.MANAGE_MEMBERS)
    member = member_or_404(request.user, payload.member_id)
    role = services.committee_role_assign(actor=request.user, term=term, member=member, role=payload.role, since=payload.since)
    return 201, _out(role)


@router.post(
    "/roles/{role_id}/end",
    response=documented(RoleOut, 400, 403, 404, 422),
    summary=gettext_lazy("The member no longer holds the role from a date"),
)
def end_role(request: HttpRequest, role_id: Id, payload: EndIn) -> Any:
    role = selectors.role_or_404(request.user, role_id)
    selectors.term_or_404(request.user, role.term_id, Action.MANAGE_MEMBERS)  # the committee's organization keeps its roles
    return _out(services.committee_role_end(actor=request.user, role=role, until=payload.until))


@router.get(
    "/warnings/{org_id}",
    response=documented(list[OffenderOut], 403, 404, 422),
    summary=gettext_lazy("Organizations of a subtree that break the size rules, with the rules each breaks"),
)
@paginate(Pages)
def size_warnings(request: HttpRequest, org_id: Id, on: Day | None = Query(None)) -> Any:
    org = organization_or_404(request.user, org_id, Action.VIEW_MEMBERS)
    day = on or timezone.localdate()
    rules = selectors.SizeRules.on(day)

    def described(page: list[Organization]) -> list[dict[str, Any]]:
        return [
            {
                "organization_id": o.pk,
                "organization": o.name,
                "warnings": [{"message": w.message, "rule": str(w.citation)} for w in selectors.warnings_of(o, rules)],
            }
            for o in page
        ]

    return PagedRows(selectors.offenders_in(request.user, org, day), described)
