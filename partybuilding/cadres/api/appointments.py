"""Appointment records and the re-appointments due through the API: the same scope, selectors
and services as the pages. Reading needs the cadre-reading action over the deciding
organization, writing the cadre-managing one."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, UploadedFile
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy, one_of
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, visible_or_404

from ..models import Cadre, Position
from ..selectors import appointments as selectors
from ..services import appointments as services
from ..services.appointment_checks import records_rule
from .appointments_schemas import (
    CadreAppointmentDetailOut,
    CadreAppointmentFileOut,
    CadreAppointmentFilters,
    CadreAppointmentId,
    CadreAppointmentIn,
    CadreAppointmentOut,
    CadreAppointmentStepIn,
    CadreAppointmentStepKind,
    CadreDueFilters,
    CadreReappointmentDueOut,
)
from .router import router


def _within(request: HttpRequest, within: int | None) -> Any:
    return organization_or_404(request.user, within, Action.VIEW_CADRES) if within is not None else None


@router.get("/appointments", response=documented(list[CadreAppointmentOut], 403, 404, 422), summary=gettext_lazy("Appointment records"))
@paginate(Pages)
def list_appointments(request: HttpRequest, filters: Query[CadreAppointmentFilters]) -> Any:
    rows = selectors.appointments_in(request.user, _within(request, filters.within))
    return selectors.filtered_appointments(rows, filters.dict()).order_by("-proposed_on", "-pk")


@router.post(
    "/appointments",
    response=documented({201: CadreAppointmentDetailOut}, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Propose an appointment record (its conditions checked on the proposal's date)"),
)
def propose_appointment(request: HttpRequest, payload: CadreAppointmentIn) -> Any:
    position = visible_or_404(Position.objects.select_related("managed_by"), request.user, payload.position_id, Action.MANAGE_CADRES)
    cadre = visible_or_404(Cadre, request.user, payload.cadre_id)
    appointment = services.appointment_propose(
        actor=request.user,
        kind=payload.kind,
        cadre=cadre,
        position=position,
        proposed_on=payload.proposed_on,
        reason=payload.reason,
        submission=payload.submission,
    )
    return 201, selectors.appointment_or_404(request.user, appointment.pk)


@router.get(
    "/appointments/{appointment_id}",
    response=documented(CadreAppointmentDetailOut, 403, 404, 422),
    summary=gettext_lazy("An appointment record with its steps and documents"),
)
def get_appointment(request: HttpRequest, appointment_id: CadreAppointmentId) -> Any:
    return selectors.appointment_or_404(request.user, appointment_id)


@router.post(
    "/appointments/{appointment_id}/steps/{kind}",
    response=documented(CadreAppointmentDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record a step of an appointment record"),
    description=one_of(services.STEP_NAMES),
)
def record_appointment_step(
    request: HttpRequest, appointment_id: CadreAppointmentId, kind: CadreAppointmentStepKind, payload: CadreAppointmentStepIn
) -> Any:
    appointment = selectors.appointment_or_404(request.user, appointment_id, Action.MANAGE_CADRES)
    p = payload
    params: dict[str, Any] = {
        "date": p.date,
        "votes_for": p.votes_for,
        "votes_total": p.votes_total,
        "note": p.note,
        "effective_on": p.effective_on,
        "term_months": p.term_months,
        "suspended_until": p.suspended_until,
        "reason": p.reason,
    }
    if kind == "decide":
        params["decision"] = Decision(number=p.decision_number, date=p.decision_date, decided_by=p.decided_by)
    services.APPOINTMENT.run(kind, actor=request.user, obj=appointment, expected_version=p.version, submission=p.submission, **params)
    return selectors.appointment_or_404(request.user, appointment_id)


@router.get(
    "/appointments/{appointment_id}/files",
    response=documented(list[CadreAppointmentFileOut], 403, 404, 422),
    summary=gettext_lazy("The documents of an appointment record"),
)
def list_appointment_files(request: HttpRequest, appointment_id: CadreAppointmentId) -> Any:
    return list(selectors.appointment_or_404(request.user, appointment_id).files.all())


@router.post(
    "/appointments/{appointment_id}/files",
    response=documented({201: CadreAppointmentFileOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Add a PDF document to an appointment record"),
)
def upload_appointment_file(request: HttpRequest, appointment_id: CadreAppointmentId, file: UploadedFile | None = File(None)) -> Any:
    # the file is checked after the record: a record out of reach answers 404 whatever was sent
    appointment = selectors.appointment_or_404(request.user, appointment_id, Action.MANAGE_CADRES)
    if file is None:
        raise Refusal(_("Send the PDF file."), rule=records_rule(), field="file")
    row = services.appointment_file_add(
        actor=request.user, appointment=appointment, name=file.name or "", content=file.read(MAX_FILE_BYTES + 1)
    )
    return 201, row


@router.get(
    "/reappointments-due",
    response=documented(list[CadreReappointmentDueOut], 403, 404, 422),
    summary=gettext_lazy("Posts whose term ends within the notice in working days, or has ended, with no re-appointment record open"),
)
@paginate(Pages)
def list_reappointments_due(request: HttpRequest, filters: Query[CadreDueFilters]) -> Any:
    return selectors.reappointments_due(request.user, _within(request, filters.within), timezone.localdate(), filters.dict())
