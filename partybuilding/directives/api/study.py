"""The study of resolutions through the API: the same scope, selectors and services as the
pages. Campaigns are read along the line; opening one, holding a session and recording its
attendance need the directing action over the organization that acts; a member reads their
own assignments and writes their own note."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.scope import Action, organization_or_404, scope_of
from partybuilding.members.records.selectors import own_record

from .. import study_jobs
from ..models import Document, StudyAssignment, StudyCampaign
from ..selectors import study as selectors
from ..services import study as services
from .router import router
from .study_schemas import (
    AssignmentId,
    CampaignId,
    SessionId,
    StudyAssignmentOut,
    StudyAttendanceIn,
    StudyAttendanceOut,
    StudyCampaignDetailOut,
    StudyCampaignFilters,
    StudyCampaignIn,
    StudyCampaignOut,
    StudyCloseIn,
    StudyNoteIn,
    StudySessionIn,
    StudySessionOut,
)


def _completion(row: selectors.Completion) -> dict[str, Any]:
    org = row.organization
    return {"organization_id": org.pk, "organization_name": org.name, "assigned": row.assigned, "done": row.done, "percent": row.percent}


def _detail(request: HttpRequest, campaign: StudyCampaign) -> dict[str, Any]:
    org = selectors.completion_scope(campaign, request.user, None, scope_of(request))
    total, children = selectors.completion(campaign, org)
    job = study_jobs.list_job(campaign)
    fields = StudyCampaignOut.from_orm(campaign).dict()
    return {
        **fields,
        "document_ids": list(campaign.documents.order_by("pk").values_list("pk", flat=True)),
        "list_job_id": job.pk if job else None,
        "completion": _completion(total),
        "children": [_completion(c) for c in children],
    }


def _assignment(row: StudyAssignment) -> dict[str, Any]:
    campaign = row.campaign
    return {
        "id": row.pk,
        "campaign_id": campaign.pk,
        "campaign_title": campaign.title,
        "deadline": campaign.deadline,
        "document_ids": list(campaign.documents.order_by("pk").values_list("pk", flat=True)),
        "studied_on": row.studied_on,
        "way": row.way,
        "note": row.note,
        "note_written_on": row.note_written_on,
        "note_required": campaign.note_required,
        "done": row.done,
    }


@router.get("/study/campaigns", response=documented(list[StudyCampaignOut], 403, 404, 422), summary=gettext_lazy("Study campaigns carried out at an organization"))  # fmt: skip
@paginate(Pages)
def list_study_campaigns(request: HttpRequest, filters: Query[StudyCampaignFilters]) -> Any:
    org = organization_or_404(request.user, filters.within) if filters.within is not None else scope_of(request)
    if org is None:
        return StudyCampaign.objects.none()
    return selectors.campaigns_at(request.user, org).order_by("-starts_on", "-pk")


@router.post(
    "/study/campaigns",
    response=documented({201: StudyCampaignDetailOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Open a study campaign: its list of members is made now or by a background job"),
)
def create_study_campaign(request: HttpRequest, payload: StudyCampaignIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.DIRECT)
    wanted = set(payload.document_ids)
    documents = list(Document.objects.visible_to(request.user).filter(pk__in=wanted))
    if len(documents) != len(wanted):
        raise Http404
    campaign = study_jobs.campaign_start(
        actor=request.user,
        organization=org,
        title=payload.title,
        documents=documents,
        starts_on=payload.starts_on,
        deadline=payload.deadline,
        members_on=payload.members_on,
        note_required=payload.note_required,
    )
    return 201, _detail(request, campaign)


@router.get("/study/campaigns/{campaign_id}", response=documented(StudyCampaignDetailOut, 403, 404, 422), summary=gettext_lazy("A study campaign with its completion, for the scope and each child organization"))  # fmt: skip
def get_study_campaign(request: HttpRequest, campaign_id: CampaignId) -> Any:
    return _detail(request, selectors.campaign_or_404(request.user, campaign_id))


@router.post("/study/campaigns/{campaign_id}/close", response=documented(StudyCampaignDetailOut, 400, 403, 404, 409, 422), summary=gettext_lazy("Close a study campaign"))  # fmt: skip
def close_study_campaign(request: HttpRequest, campaign_id: CampaignId, payload: StudyCloseIn) -> Any:
    campaign = selectors.campaign_or_404(request.user, campaign_id, Action.DIRECT)
    campaign = services.campaign_close(actor=request.user, campaign=campaign, date=payload.date, expected_version=payload.version)
    return _detail(request, campaign)


@router.post("/study/campaigns/{campaign_id}/sessions", response=documented({201: StudySessionOut}, 400, 403, 404, 422), summary=gettext_lazy("Record a study session held by an organization of the campaign"))  # fmt: skip
def create_study_session(request: HttpRequest, campaign_id: CampaignId, payload: StudySessionIn) -> Any:
    campaign = selectors.campaign_or_404(request.user, campaign_id)
    org = organization_or_404(request.user, payload.organization_id, Action.DIRECT)
    session = services.session_create(
        actor=request.user, campaign=campaign, organization=org, date=payload.date, place=payload.place, speaker=payload.speaker
    )
    return 201, session


@router.put("/study/sessions/{session_id}/attendance", response=documented(StudyAttendanceOut, 400, 403, 404, 422), summary=gettext_lazy("Record who attended a study session (member ids present and excused)"))  # fmt: skip
def record_study_attendance(request: HttpRequest, session_id: SessionId, payload: StudyAttendanceIn) -> Any:
    session = selectors.session_or_404(request.user, session_id, Action.DIRECT)
    return services.attendance_record(actor=request.user, session=session, present=payload.present, excused=payload.excused)


@router.get("/study/mine", response=documented(list[StudyAssignmentOut], 403, 404, 422), summary=gettext_lazy("What I must study: my assignments in open campaigns"))  # fmt: skip
def my_study_assignments(request: HttpRequest) -> Any:
    member = own_record(request.user)
    if member is None:
        raise Http404
    return [_assignment(row) for row in selectors.my_assignments(member)]


@router.put("/study/mine/{assignment_id}/note", response=documented(StudyAssignmentOut, 400, 403, 404, 422), summary=gettext_lazy("Write my study note (plan of personal action)"))  # fmt: skip
def write_my_study_note(request: HttpRequest, assignment_id: AssignmentId, payload: StudyNoteIn) -> Any:
    assignment = selectors.own_assignment_or_404(own_record(request.user), assignment_id)
    row = services.note_write(actor=request.user, assignment=assignment, note=payload.note)
    return _assignment(selectors.own_assignment_or_404(row.member, row.pk))
