"""Courses through the API: a scope's list, one recorded for a cadre, its edit, and the PDF of
its certificate (uploaded, then downloaded as an attachment)."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, UploadedFile
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES, attachment
from partybuilding.core.scope import Action

from ..models import Training
from ..selectors import cadres as selectors
from ..services import training as services
from ..services.positions import records_rule
from .positions import within
from .records_schemas import CadreId, CadreTrainingEditIn, CadreTrainingFilters, CadreTrainingIn, CadreTrainingOut, TrainingId
from .router import router


def training_out(row: Training) -> dict[str, Any]:
    fields = [name for name in CadreTrainingOut.model_fields if name != "has_certificate"]
    return {**{name: getattr(row, name) for name in fields}, "has_certificate": bool(row.certificate_file)}


@router.get(
    "/trainings",
    response=documented(list[CadreTrainingOut], 403, 404, 422),
    summary=gettext_lazy("Courses attended by the cadres of a scope"),
)
@paginate(Pages)
def list_trainings(request: HttpRequest, filters: Query[CadreTrainingFilters]) -> Any:
    rows = selectors.trainings_in(request.user, within(request, filters.within))
    return selectors.filtered_trainings(rows, filters.dict()).order_by("-starts_on", "pk")


@router.post(
    "/records/{cadre_id}/trainings",
    response=documented({201: CadreTrainingOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a course a cadre attended"),
)
def create_training(request: HttpRequest, cadre_id: CadreId, payload: CadreTrainingIn) -> Any:
    cadre = selectors.cadre_or_404(request.user, cadre_id, Action.MANAGE_CADRES)
    return 201, training_out(services.training_record(actor=request.user, cadre=cadre, **payload.dict()))


@router.put(
    "/trainings/{training_id}",
    response=documented(CadreTrainingOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Correct a course"),
)
def edit_training(request: HttpRequest, training_id: TrainingId, payload: CadreTrainingEditIn) -> Any:
    training = selectors.training_or_404(request.user, training_id, Action.MANAGE_CADRES)
    fields = payload.dict(exclude={"version"})
    return training_out(services.training_edit(actor=request.user, training=training, expected_version=payload.version, **fields))


@router.post(
    "/trainings/{training_id}/certificate",
    response=documented(CadreTrainingOut, 400, 403, 404, 422),
    summary=gettext_lazy("Keep the PDF of a course's certificate (replacing the one kept)"),
)
def upload_certificate(request: HttpRequest, training_id: TrainingId, file: UploadedFile | None = File(None)) -> Any:
    # the course is checked before the file: a course out of reach answers 404 whatever was sent
    training = selectors.training_or_404(request.user, training_id, Action.MANAGE_CADRES)
    if file is None:
        raise Refusal(_("Send the PDF file."), rule=records_rule(), field="file")
    content = file.read(MAX_FILE_BYTES + 1)
    return training_out(services.certificate_attach(actor=request.user, training=training, content=content))


@router.get(
    "/trainings/{training_id}/certificate",
    response=documented({200: None}, 403, 404, 422),
    summary=gettext_lazy("The PDF of a course's certificate, as an attachment"),
)
def download_certificate(request: HttpRequest, training_id: TrainingId) -> HttpResponse:
    training = selectors.training_or_404(request.user, training_id)
    content = services.certificate_content(training)
    if content is None:
        raise Http404
    audit_record(actor=request.user, action="cadre_training.certificate", obj=training)
    return attachment(content, f"certificate-{training.pk}.pdf", "application/pdf")
