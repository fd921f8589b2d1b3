"""Appeals against disciplines: the list of a scope (status, overdue, due soon, year; days left
or late; export), an appeal recorded on a decided discipline, its page and its steps."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, posted, saved, step_page
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, require
from partybuilding.core.xlsx import xlsx_response

from ..choices import AppealStatus
from ..forms.disciplines import AppealFilterForm, AppealForm, StepForm
from ..selectors import disciplines as selectors
from ..services.appeals import APPEAL, appeal_file, settle_within

SORTS = {"filed": ("filed_on",), "due": ("due",), "status": ("status",), "organization": ("org_path",)}


def _listed(request: HttpRequest) -> tuple[AppealFilterForm, Any, Any]:
    scope = list_scope(request, Action.INSPECT, required=True)
    form = AppealFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, scope, selectors.appeal_rows(request.user, scope, filters, timezone.localdate())


@login_required
def inspection_appeals(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _listed(request)
    listing = Listing(request, SORTS, per_page=50)
    page = listing.page(rows)
    today = timezone.localdate()
    for appeal in page.object_list:
        appeal.days_left = (appeal.due - today).days if appeal.status == AppealStatus.FILED else None
    context = {"form": form, "within": scope, "listing": listing, "page": page, "querystring": request.GET.urlencode()}
    return render(request, "inspections/appeal_list.html", context)


@login_required
def inspection_appeals_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    _form, scope, rows = _listed(request)
    header = [_("Subject"), _("Discipline"), _("Settling organization"), _("Settling body"), _("Filed on"), _("To be settled by"),
              _("Status"), _("Outcome"), _("Form after the appeal"), _("Decision number"), _("Settled on")]  # fmt: skip
    audit_export(actor=request.user, what="inspection.appeals", rows=rows.count(), within=scope)
    data = (
        [
            str(a.discipline.member.full_name if a.discipline.member else a.discipline.subject_organization),
            display(a.discipline, "form"),
            a.organization.name,
            display(a, "body"),
            a.filed_on,
            a.due,
            display(a, "status"),
            display(a, "outcome"),
            display(a, "new_form"),
            a.decision_number,
            a.settled_on,
        ]
        for a in rows.select_related("discipline__subject_organization").iterator(chunk_size=2000)
    )
    return xlsx_response(_("Appeals against disciplines"), header, data, filename="appeals.xlsx")


@login_required
def inspection_appeal_new(request: HttpRequest, pk: int) -> HttpResponse:
    discipline = selectors.discipline_or_404(request.user, pk)
    settling = discipline.organization.parent
    if settling is None:
        raise Http404
    require(request.user, Action.INSPECT, settling)
    form = AppealForm(posted(request), initial={"submission": uuid.uuid4(), "filed_on": timezone.localdate()})
    back = reverse("inspection_discipline", args=[discipline.pk])
    if done := saved(
        request, form, appeal_file, actor=request.user, discipline=discipline, message=_("The appeal was recorded."),
        then=lambda a: reverse("inspection_appeal", args=[a.pk]),
    ):  # fmt: skip
        return done
    title = _("Record an appeal — %(discipline)s") % {"discipline": discipline}
    return form_page(
        request, form, title=title, back=back, status=422 if form.is_bound else 200,
        crumbs=[(_("Disciplines"), reverse("inspection_disciplines")), (str(discipline), back), (title, request.path)],
    )  # fmt: skip


@login_required
def inspection_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_or_404(request.user, pk)
    today = timezone.localdate()
    steps = APPEAL.labelled(appeal.steps.select_related("recorded_by").order_by("date", "pk"), filed=_("Filed"))
    context = {
        "a": appeal,
        "d": appeal.discipline,
        "steps": steps,
        "offered": APPEAL.offered(appeal) if can(request.user, Action.INSPECT, appeal.organization) else [],
        "days_left": (appeal.due - today).days if appeal.status == AppealStatus.FILED else None,
        "working_days": settle_within(appeal.level, appeal.filed_on)[0],
    }
    return render(request, "inspections/appeal_detail.html", context)


@login_required
def inspection_appeal_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    appeal = selectors.appeal_or_404(request.user, pk)
    if kind not in APPEAL.steps:
        raise Http404
    require(request.user, Action.INSPECT, appeal.organization)
    form = StepForm(posted(request), kind=kind, record=appeal, initial={"version": appeal.version, "submission": uuid.uuid4()})
    back, listed = reverse("inspection_appeal", args=[appeal.pk]), (_("Appeals against disciplines"), reverse("inspection_appeals"))
    return step_page(request, form, APPEAL, kind, obj=appeal, back=back, listed=listed)


urlpatterns: list[URLPattern] = [
    path("appeals/", inspection_appeals, name="inspection_appeals"),
    path("appeals/export/", inspection_appeals_xlsx, name="inspection_appeals_xlsx"),
    path("disciplines/<int:pk>/appeal/", inspection_appeal_new, name="inspection_appeal_new"),
    path("appeals/<int:pk>/", inspection_appeal, name="inspection_appeal"),
    path("appeals/<int:pk>/step/<str:kind>/", inspection_appeal_step, name="inspection_appeal_step"),
]
