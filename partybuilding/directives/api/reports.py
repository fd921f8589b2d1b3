"""The reports through the API, for an organization the user may see: documents issued in a
year, the implementation of tasks (of a document, or all), a study campaign's completion."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Id, documented
from partybuilding.core.scope import Action, organization_or_404, require, visible_or_404

from ..models import Document, StudyCampaign
from ..statistics.implementation import ImplementationRow, of_document, overall
from ..statistics.issued import issued
from ..statistics.sentence import sentences
from ..statistics.study import StudyRow, completion
from ..statistics.tables import own_label
from .reports_schemas import (
    DirectiveImplementationOut,
    DirectiveImplementationQuery,
    DirectiveIssuedOut,
    DirectiveIssuedQuery,
    DirectiveStudyOut,
)
from .router import router


def _scope(request: HttpRequest, org_id: Id) -> Any:
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.VIEW, org)
    return org


@router.get(
    "/reports/{org_id}/issued",
    response=documented(DirectiveIssuedOut, 403, 404, 422),
    summary=gettext_lazy("Documents issued in a year per kind and issuer, with the year before"),
)
def issued_report(request: HttpRequest, org_id: Id, query: Query[DirectiveIssuedQuery]) -> Any:
    org = _scope(request, org_id)
    report = issued(org, query.year, timezone.localdate(), lower=query.lower)
    lines = [line for group in report.groups for line in group.lines]
    return {
        "organization_id": org.pk,
        "year": report.year,
        "kinds": [{"code": k.code, "name": k.name, "this_year": k.this_year, "last_year": k.last_year} for k in report.kinds],
        "issuers": [
            {
                "issuer_id": line.issuer.pk,
                "name": line.issuer.name,
                "symbol": line.issuer.symbol,
                "organization_id": line.issuer.organization_id,
                "counts": line.counts,
                "total": line.total,
                "withdrawn": line.withdrawn,
                "last_year": line.last_year,
            }
            for line in lines
        ],
        "total": report.total,
        "last_total": report.last_total,
        "withdrawn": report.withdrawn,
        "sentences": sentences(report),
    }


def _implementation_row(scope: Any, row: ImplementationRow) -> dict[str, Any]:
    f = row.figures
    return {
        "organization_id": row.organization.pk if row.organization else None,
        "name": row.organization.name if row.organization else own_label(scope),
        "total": row.total,
        "done_on_time": f.done_on_time,
        "done_late": f.done_late,
        "overdue": f.overdue,
        "open_in_time": row.open_in_time,
        "cancelled": f.cancelled,
        "percent_done": f.percent_done,
    }


@router.get(
    "/reports/{org_id}/implementation",
    response=documented(DirectiveImplementationOut, 403, 404, 422),
    summary=gettext_lazy("The implementation of tasks per child organization, of one document or of all"),
)
def implementation_report(request: HttpRequest, org_id: Id, query: Query[DirectiveImplementationQuery]) -> Any:
    org = _scope(request, org_id)
    today = timezone.localdate()
    document = visible_or_404(Document, request.user, query.document) if query.document else None
    report = of_document(document, org, today) if document else overall(org, today)
    return {
        "organization_id": org.pk,
        "document_id": document.pk if document else None,
        "rows": [_implementation_row(org, row) for row in report.rows],
        "whole": _implementation_row(org, report.whole),
    }


def _study_row(scope: Any, row: StudyRow) -> dict[str, Any]:
    return {
        "organization_id": row.organization.pk if row.organization else None,
        "name": row.organization.name if row.organization else own_label(scope),
        "assigned": row.assigned,
        "done": row.done,
        "percent": row.percent,
    }


@router.get(
    "/reports/{org_id}/study/{campaign_id}",
    response=documented(DirectiveStudyOut, 403, 404, 422),
    summary=gettext_lazy("A study campaign's completion per child organization"),
)
def study_report(request: HttpRequest, org_id: Id, campaign_id: Id) -> Any:
    org = _scope(request, org_id)
    campaign = visible_or_404(StudyCampaign, request.user, campaign_id)
    report = completion(campaign, org)
    return {
        "organization_id": org.pk,
        "campaign_id": campaign.pk,
        "rows": [_study_row(org, row) for row in report.rows],
        "whole": _study_row(org, report.whole),
    }
