"""Plannings through the API: the same scope, selectors and services as the pages. Reading
needs the cadre records' reading action over the planning's organization, writing the
managing one."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, organization_or_404, scope_of, visible_or_404
from partybuilding.core.text import nfc

from ..models import Cadre, Planning, PlanningEntry, Position
from ..selectors import planning as selectors
from ..selectors.planning_table import planning_table
from ..selectors.structure import Share, structure
from ..services import planning as services
from .planning_schemas import (
    CadreDayQuery,
    CadreEntryFilters,
    CadreEntryIn,
    CadreEntryOut,
    CadreEntryRemoveIn,
    CadreExitIn,
    CadreExitOut,
    CadreExitsFilters,
    CadrePlanningDecisionOut,
    CadrePlanningDetailOut,
    CadrePlanningFilters,
    CadrePlanningIn,
    CadrePlanningOut,
    CadreReviewIn,
    CadreStructureOut,
    CadreTableOut,
    PlanningEntryId,
    PlanningId,
)
from .router import router


def _detail(planning: Planning) -> dict[str, Any]:
    return {
        **{name: getattr(planning, name) for name in ("id", "organization_id", "term_label", "starts_on", "ends_on", "version")},
        "decisions": [_decision(d) for d in selectors.decisions_of(planning)],
    }


def _decision(d: Any) -> dict[str, Any]:
    return {name: getattr(d, name) for name in CadrePlanningDecisionOut.model_fields}


def _entry(e: PlanningEntry) -> dict[str, Any]:
    plain = ("id", "planning_id", "position_id", "cadre_id", "added_by_id", "added_on", "age_limit_on", "state", "left_on", "exit_reason", "exit_note", "removed_by_id", "version")  # fmt: skip
    return {**{name: getattr(e, name) for name in plain}, "position_name": e.position.name, "cadre_name": e.cadre.full_name}


def _share(share: Share | None) -> dict[str, Any]:
    assert share is not None
    return {"count": share.count, "percent": share.percent, "target": share.target, "met": share.met}


@router.get("/plannings", response=documented(list[CadrePlanningOut], 404, 422), summary=gettext_lazy("Plannings of cadres"))
@paginate(Pages)
def list_plannings(request: HttpRequest, filters: Query[CadrePlanningFilters]) -> Any:
    within = organization_or_404(request.user, filters.within) if filters.within is not None else None
    return selectors.plannings_in(request.user, within).order_by("-starts_on", "org_path", "pk")


@router.post(
    "/plannings",
    response=documented({201: CadrePlanningDetailOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Create a planning for a term, with the decision approving it"),
)
def create_planning(request: HttpRequest, payload: CadrePlanningIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.MANAGE_CADRES)
    planning = services.planning_create(
        actor=request.user,
        organization=org,
        term_label=nfc(payload.term_label),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        decision_number=nfc(payload.decision_number),
        decision_date=payload.decision_date,
        decided_by=nfc(payload.decided_by),
        note=nfc(payload.note),
    )
    return 201, _detail(planning)


@router.get(
    "/plannings/{planning_id}", response=documented(CadrePlanningDetailOut, 404, 422), summary=gettext_lazy("A planning with its decisions")
)
def get_planning(request: HttpRequest, planning_id: PlanningId) -> Any:
    return _detail(selectors.planning_or_404(request.user, planning_id))


@router.post(
    "/plannings/{planning_id}/decisions",
    response=documented({201: CadrePlanningDecisionOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a yearly review's decision on a planning"),
)
def create_review(request: HttpRequest, planning_id: PlanningId, payload: CadreReviewIn) -> Any:
    planning = selectors.planning_or_404(request.user, planning_id, Action.MANAGE_CADRES)
    decision = services.review_record(
        actor=request.user,
        planning=planning,
        decision_number=nfc(payload.decision_number),
        decision_date=payload.decision_date,
        decided_by=nfc(payload.decided_by),
        note=nfc(payload.note),
    )
    return 201, _decision(decision)


@router.get(
    "/plannings/{planning_id}/entries",
    response=documented(list[CadreEntryOut], 404, 422),
    summary=gettext_lazy("The entries of a planning, as stored"),
)
@paginate(Pages)
def list_entries(request: HttpRequest, planning_id: PlanningId, filters: Query[CadreEntryFilters]) -> Any:
    planning = selectors.planning_or_404(request.user, planning_id)
    rows = planning.entries.select_related("cadre", "position")
    for name in ("state", "position_id", "cadre_id"):
        value = getattr(filters, name)
        if value is not None:
            rows = rows.filter(**{name: value})
    return [_entry(e) for e in rows.order_by("position__grade", "position__name", "added_on", "pk")]


@router.post(
    "/plannings/{planning_id}/entries",
    response=documented({201: CadreEntryOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Add a cadre to a post of the planning, under its approval or a review"),
)
def add_entry(request: HttpRequest, planning_id: PlanningId, payload: CadreEntryIn) -> Any:
    planning = selectors.planning_or_404(request.user, planning_id, Action.MANAGE_CADRES)
    decision = planning.decisions.filter(pk=payload.decision_id).first()
    if decision is None:
        raise Refusal(str(gettext_lazy("The decision is not one of this planning.")), rule=services.records_rule(), field="decision_id")
    position = visible_or_404(Position, request.user, payload.position_id)
    cadre = visible_or_404(Cadre, request.user, payload.cadre_id)
    entry = services.entry_add(actor=request.user, planning=planning, decision=decision, position=position, cadre=cadre)
    return 201, _entry(entry)


@router.post(
    "/planning-entries/{entry_id}/remove",
    response=documented(CadreEntryOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Remove a cadre from the planning by a review decision"),
)
def remove_entry(request: HttpRequest, entry_id: PlanningEntryId, payload: CadreEntryRemoveIn) -> Any:
    entry = selectors.entry_or_404(request.user, entry_id, Action.MANAGE_CADRES)
    decision = entry.planning.decisions.filter(pk=payload.decision_id).first()
    if decision is None:
        raise Refusal(str(gettext_lazy("The decision is not one of this planning.")), rule=services.records_rule(), field="decision_id")
    done = services.entry_remove(actor=request.user, entry=entry, decision=decision, reason=nfc(payload.reason), expected_version=payload.version)  # fmt: skip
    return _entry(done)


@router.post(
    "/planning-entries/{entry_id}/exit",
    response=documented(CadreEntryOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record an automatic exit from the planning (a discipline, the age limit)"),
)
def record_exit(request: HttpRequest, entry_id: PlanningEntryId, payload: CadreExitIn) -> Any:
    entry = selectors.entry_or_404(request.user, entry_id, Action.MANAGE_CADRES)
    return _entry(services.exit_record(actor=request.user, entry=entry, note=nfc(payload.note), expected_version=payload.version))


@router.get(
    "/plannings/{planning_id}/table",
    response=documented(CadreTableOut, 404, 422),
    summary=gettext_lazy("The planning table on a day: each post with its planned cadres"),
)
def get_table(request: HttpRequest, planning_id: PlanningId, query: Query[CadreDayQuery]) -> Any:
    planning = selectors.planning_or_404(request.user, planning_id)
    on = query.on or timezone.localdate()
    rows = []
    for row in planning_table(planning, on):
        lines = [
            {
                "entry_id": line.entry.pk,
                "cadre_id": line.entry.cadre_id,
                "cadre_name": line.entry.cadre.full_name,
                "birth_year": line.entry.cadre.date_of_birth.year,
                "age": line.age,
                "gender": line.entry.cadre.gender,
                "ethnicity": line.entry.cadre.ethnicity,
                "present_posts": line.present_posts,
                "theory": line.entry.cadre.theory,
                "qualification": line.entry.cadre.qualification,
                "added_on": line.entry.added_on,
                "lacking": line.lacking,
            }
            for line in row.lines
        ]
        p = row.position
        rows.append(
            {"position_id": p.pk, "position_name": p.name, "grade": p.grade, "limit": row.limit, "count": row.count, "lines": lines}
        )
    return {"planning_id": planning.pk, "on": on, "rows": rows}


@router.get(
    "/plannings/{planning_id}/structure",
    response=documented(CadreStructureOut, 404, 422),
    summary=gettext_lazy("The structure of the planning on a day against the targets in force"),
)
def get_structure(request: HttpRequest, planning_id: PlanningId, query: Query[CadreDayQuery]) -> Any:
    planning = selectors.planning_or_404(request.user, planning_id)
    found = structure(planning, query.on or timezone.localdate())
    rows = [
        {
            "level": r.level,
            "label": r.label,
            "cadres": r.cadres,
            "ages": r.ages,
            "women": _share(r.women),
            "young": _share(r.young),
            "minority": _share(r.minority),
        }
        for r in found.rows
    ]
    return {"planning_id": planning.pk, "on": found.on, "age_groups": found.age_labels, "young_under": found.young_under, "citation": found.citation, "rows": rows}  # fmt: skip


@router.get(
    "/planning-exits",
    response=documented(list[CadreExitOut], 404, 422),
    summary=gettext_lazy("Cadres who left a planning automatically, the exit not yet recorded"),
)
@paginate(Pages)
def list_exits(request: HttpRequest, filters: Query[CadreExitsFilters]) -> Any:
    scope = organization_or_404(request.user, filters.within, Action.VIEW_CADRES) if filters.within is not None else scope_of(request)
    if scope is None:
        raise Http404
    found = []
    for x in selectors.pending_exits(request.user, scope, timezone.localdate()):
        if filters.reason and x.reason != filters.reason:
            continue
        d = x.discipline
        found.append(
            {
                "entry_id": x.entry.pk,
                "planning_id": x.entry.planning_id,
                "cadre_id": x.entry.cadre_id,
                "cadre_name": x.entry.cadre.full_name,
                "position_id": x.entry.position_id,
                "position_name": x.entry.position.name,
                "reason": x.reason,
                "left_on": x.on,
                "discipline_id": d.pk if d else None,
                "discipline_form": (d.form_in_force or d.form) if d else "",
                "discipline_number": d.decision_number if d else "",
                "discipline_date": d.decision_date if d else None,
            }
        )
    return found
