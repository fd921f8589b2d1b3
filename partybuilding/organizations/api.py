# No `from __future__ import annotations`: django-ninja reads the annotations at import time
# (through the pagination decorator, whose module does not know this one's names).

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import NOT_BLANK, Day, Id, Pages, Version, Year, documented
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404

from . import selectors, services
from .choices import OrgKind, OrgStatus, UnitType
from .models import Organization, OrganizationEvent

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    status: str
    parent_id: int | None
    depth: int
    founded_on: dt.date
    dissolved_on: dt.date | None
    successor_id: int | None
    unit_type: str
    no_candidates_left: bool
    version: int


class TreeNodeOut(Schema):
    organization: OrganizationOut
    suborganizations: int
    by_kind: dict[str, int]


class OrganizationDetailOut(OrganizationOut):
    ancestors: list[OrganizationOut]
    by_kind: dict[str, int]


class OrganizationEventOut(Schema):
    kind: str
    date: dt.date
    decision_number: str
    decision_date: dt.date | None
    decided_by: str
    note: str
    related_id: int | None
    before: Any
    after: Any


class PastNodeOut(Schema):
    organization_id: int
    code: str
    name: str
    kind: str
    children: int


class DecisionIn(Schema):
    date: Day = Field(description=gettext_lazy("Effective date"))
    decision_number: str = Field(max_length=64)
    decision_date: Day
    decided_by: str = Field("", max_length=255)
    note: str = Field("", max_length=2000)

    def decision(self) -> Decision:
        return Decision(number=self.decision_number, date=self.decision_date, decided_by=self.decided_by, note=self.note)


class VersionedDecisionIn(DecisionIn):
    version: Version | None = None


class CreateIn(DecisionIn):
    parent_id: Id
    code: str = Field(min_length=1, max_length=32, pattern=NOT_BLANK)
    name: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK)
    kind: OrgKind
    unit_type: Literal[""] | UnitType | None = Field(None, description=gettext_lazy("The type of grassroots unit; left out: the parent's"))
    no_candidates_left: bool = False


class FactsIn(Schema):
    """What the statistics count about an organization: only the fields given change."""

    unit_type: Literal[""] | UnitType | None = None
    no_candidates_left: bool | None = None
    version: Version | None = None


class RenameIn(VersionedDecisionIn):
    name: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK)


class MoveIn(VersionedDecisionIn):
    new_parent_id: Id


class MergeIn(VersionedDecisionIn):
    into_id: Id


class PartIn(Schema):
    code: str = Field(min_length=1, max_length=32, pattern=NOT_BLANK)
    name: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK)


class SplitIn(VersionedDecisionIn):
    parts: list[PartIn] = Field(max_length=50)  # none at all is refused by the rules, after the rights
    dissolve_original: bool = False


class TermIn(Schema):
    start_year: Year
    end_year: Year
    congress_date: Day | None = None
    note: str = Field("", max_length=255)


class TermOut(Schema):
    id: int
    start_year: int
    end_year: int
    congress_date: dt.date | None
    note: str


def _visible(request: HttpRequest, action: Action = Action.VIEW) -> Any:
    return Organization.objects.visible_to(request.user, action)


def _managed(request: HttpRequest, pk: int) -> Organization:
    return organization_or_404(request.user, pk, Action.MANAGE_ORGANIZATIONS)


def _node(row: selectors.TreeRow) -> dict[str, Any]:
    return {"organization": row.org, "suborganizations": row.suborganizations, "by_kind": row.by_kind}


@router.get(
    "",
    response=documented(list[OrganizationOut], 404, 422),
    summary=gettext_lazy("Organizations in your scope (search ignores diacritics)"),
)
@paginate(Pages)
def list_organizations(
    request: HttpRequest,
    q: str = Query("", max_length=200),
    kind: Literal[""] | OrgKind = "",
    status: Literal[""] | OrgStatus = "",
    within: Id | None = None,
) -> Any:
    qs = _visible(request)
    if within is not None:
        qs = qs.within(organization_or_404(request.user, within))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return selectors.search(qs, q) if q else qs.order_by("path")


@router.get(
    "/past",
    response=documented(list[PastNodeOut], 404, 422),
    summary=gettext_lazy("The organizations under a parent as they stood on a past date"),
)
def past_tree(request: HttpRequest, on: Day, parent_id: Id | None = None) -> Any:
    if parent_id is not None:
        organization_or_404(request.user, parent_id)
    return selectors.tree_as_of(parent_id, on, _visible(request))


@router.get(
    "/{org_id}",
    response=documented(OrganizationDetailOut, 404, 422),
    summary=gettext_lazy("An organization, its ancestors and its subtree counts"),
)
def get_organization(request: HttpRequest, org_id: Id) -> Any:
    org = organization_or_404(request.user, org_id)
    trail = selectors.path_to_root(org)
    visible_ids = set(_visible(request).filter(pk__in=[a.pk for a in trail]).values_list("pk", flat=True))
    data = OrganizationOut.from_orm(org).dict()
    data.update({"ancestors": [a for a in trail if a.pk in visible_ids], "by_kind": selectors.kind_counts(org)})
    return data


@router.get(
    "/{org_id}/children", response=documented(list[TreeNodeOut], 404, 422), summary=gettext_lazy("Direct children with subtree counts")
)
def get_children(request: HttpRequest, org_id: Id, include_ended: bool = False) -> Any:
    org = organization_or_404(request.user, org_id)
    return [_node(r) for r in selectors.children_rows(_visible(request), org, include_ended=include_ended)]


@router.get(
    "/{org_id}/history",
    response=documented(list[OrganizationEventOut], 404, 422),
    summary=gettext_lazy("The organization's history: founding, renaming, moves, mergers, splits"),
)
def get_history(request: HttpRequest, org_id: Id) -> Any:
    org = organization_or_404(request.user, org_id)
    return OrganizationEvent.objects.filter(organization=org).order_by("date", "id")


@router.get("/{org_id}/terms", response=documented(list[TermOut], 404, 422), summary=gettext_lazy("The organization's committee terms"))
def get_terms(request: HttpRequest, org_id: Id) -> Any:
    return organization_or_404(request.user, org_id).terms.all()


@router.post(
    "", response=documented({201: OrganizationOut}, 400, 403, 404, 422), summary=gettext_lazy("Found an organization under a parent")
)
def create_organization(request: HttpRequest, payload: CreateIn) -> Any:
    parent = _managed(request, payload.parent_id)
    founded = payload.dict(include={"code", "name", "kind", "unit_type", "no_candidates_left"})
    return 201, services.organization_create(
        actor=request.user, parent=parent, founded_on=payload.date, decision=payload.decision(), **founded
    )


@router.patch(
    "/{org_id}",
    response=documented(OrganizationOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Set an organization's facts for the statistics: its type of unit, and whether non-members are left to admit"),
)
def set_facts(request: HttpRequest, org_id: Id, payload: FactsIn) -> Any:
    org = _managed(request, org_id)
    unit_type = org.unit_type if payload.unit_type is None else str(payload.unit_type)
    left = org.no_candidates_left if payload.no_candidates_left is None else payload.no_candidates_left
    return services.organization_facts_set(
        actor=request.user, org=org, unit_type=unit_type, no_candidates_left=left, expected_version=payload.version
    )


def _step(request: HttpRequest, org_id: Id, action: str, payload: VersionedDecisionIn, **params: Any) -> Any:
    """One step of RESTRUCTURING, as the page's form runs it."""
    org = _managed(request, org_id)
    if action == "split" and org.parent_id is not None:
        _managed(request, org.parent_id)  # the new organizations are founded beside it, under its parent
    decided: dict[str, Any] = {"date": payload.date, "decision": payload.decision()}
    return services.RESTRUCTURING.run(action, actor=request.user, obj=org, expected_version=payload.version, **decided, **params)


@router.post(
    "/{org_id}/rename",
    response=documented(OrganizationOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Rename an organization, by a decision"),
)
def rename(request: HttpRequest, org_id: Id, payload: RenameIn) -> Any:
    return _step(request, org_id, "rename", payload, name=payload.name)


@router.post(
    "/{org_id}/move",
    response=documented(OrganizationOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Move an organization under another parent, by a decision"),
)
def move(request: HttpRequest, org_id: Id, payload: MoveIn) -> Any:
    return _step(request, org_id, "move", payload, new_parent=_managed(request, payload.new_parent_id))


@router.post(
    "/{org_id}/merge",
    response=documented(OrganizationOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Merge an organization into another, by a decision"),
)
def merge(request: HttpRequest, org_id: Id, payload: MergeIn) -> Any:
    return _step(request, org_id, "merge", payload, into=_managed(request, payload.into_id))


@router.post(
    "/{org_id}/split",
    response=documented(list[OrganizationOut], 400, 403, 404, 409, 422),
    summary=gettext_lazy("Split an organization into new ones, by a decision"),
)
def split(request: HttpRequest, org_id: Id, payload: SplitIn) -> Any:
    parts = [services.NewPart(code=p.code, name=p.name) for p in payload.parts]
    return _step(request, org_id, "split", payload, parts=parts, dissolve_original=payload.dissolve_original)


@router.post(
    "/{org_id}/dissolve",
    response=documented(OrganizationOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Dissolve an organization, by a decision"),
)
def dissolve(request: HttpRequest, org_id: Id, payload: VersionedDecisionIn) -> Any:
    return _step(request, org_id, "dissolve", payload)


@router.post(
    "/{org_id}/terms",
    response=documented({201: TermOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a committee term of the organization"),
)
def create_term(request: HttpRequest, org_id: Id, payload: TermIn) -> Any:
    org = _managed(request, org_id)
    return 201, services.term_create(actor=request.user, org=org, **payload.dict())
