"""Denunciations and petitions: the list of a scope (and its Excel export, without who
denounced), the intake, the page of one with its steps and handlers. Who denounced is shown
on the page to its current handlers alone (`selectors.identity_for`, audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partybuilding.core.errors import Refusal
from partybuilding.core.forms import form_page, querystring, saved
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.records import day_text
from partybuilding.core.scope import Action, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from ..choices import NotProcessed
from ..forms.denunciations import (
    STEP_FORMS,
    ConcludeForm,
    DenunciationFilterForm,
    DenunciationForm,
    HandlerForm,
    NotProcessedForm,
    ReleaseForm,
)
from ..models import Denunciation
from ..selectors import denunciations as selectors
from ..services import denunciations as services

SORTS = {
    "received": ("received_on",),
    "kind": ("kind", "received_on"),
    "status": ("status", "received_on"),
    "due": ("due",),
}


def _listed(request: HttpRequest) -> tuple[DenunciationFilterForm, Any, Any]:
    scope = list_scope(request, Action.INSPECT, required=True)
    form = DenunciationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, scope, selectors.filtered(selectors.in_scope(request.user, scope), filters, timezone.localdate())


@login_required
def denunciation_list(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _listed(request)
    listing = Listing(request, SORTS, per_page=50)
    page = listing.page(rows)
    today = timezone.localdate()
    for d in page.object_list:
        d.days_left = selectors.days_left(d, today)
    context = {"form": form, "page": page, "listing": listing, "within": scope, "querystring": querystring(request)}
    return render(request, "inspections/denunciation_list.html", context)


@login_required
def denunciation_export(request: HttpRequest) -> FileResponse:
    """The list to Excel: never the fields that identify who denounced (a handler reads them
    on the denunciation's page)."""
    display = Display()  # each choice field's labels looked up once, not once a row
    _form, _scope, rows = _listed(request)
    header = [
        _("Number"),
        _("Received on"),
        _("Kind"),
        _("Received by"),
        _("Handling organization"),
        _("Denounced"),
        _("Content"),
        _("Status"),
        _("To be handled by"),
        _("Finding"),
    ]
    lines = (
        [
            d.pk,
            d.received_on,
            display(d, "kind"),
            display(d, "channel"),
            d.organization.name,
            selectors.subject_name(d),
            d.summary,
            display(d, "status"),
            d.due,
            display(d, "finding"),
        ]
        for d in rows.iterator(chunk_size=2000)
    )
    return xlsx_response(_("Denunciations and petitions"), header, lines, filename="denunciations.xlsx")


@login_required
def denunciation_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.INSPECT)
    initial = {"organization": scope, "received_on": timezone.localdate(), "subject_kind": "member"}
    form = DenunciationForm(request.POST or None, user=request.user, initial=initial)
    back = f"{reverse('inspection_denunciations')}?within={scope.pk}"
    then = lambda d: reverse("inspection_denunciation", args=[d.pk])  # noqa: E731
    if done := saved(
        request, form, services.denunciation_record, actor=request.user, message=_("The denunciation was recorded."), then=then
    ):
        return done
    status = 422 if request.method == "POST" else 200
    crumbs = [(_("Denunciations and petitions"), back)]
    return form_page(request, form, title=_("Record a denunciation"), back=back, crumbs=crumbs, status=status)


@login_required
def denunciation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.denunciation_or_404(request.user, pk, Action.INSPECT)
    context = {
        "d": d,
        "identity": selectors.identity_for(request.user, d, read_in="page"),
        "handlers": d.handlers.select_related("user").order_by("assigned_on", "pk"),
        "steps": services.DENUNCIATION.labelled(selectors.steps_of(d), **OTHER_STEPS),
        "offered": services.DENUNCIATION.offered(d),
        "days_left": selectors.days_left(d, timezone.localdate()),
        "subject": selectors.subject_name(d),
        "suggested": _reason_label(services.suggested_reason(d)),
        "obstacle": services.obstacle(d),
        "candidates": selectors.handler_candidates(d),
    }
    return render(request, "inspections/denunciation_detail.html", context)


# the history rows written outside the workflow's table
OTHER_STEPS = {
    "received": gettext_lazy("Received"),
    "handler": gettext_lazy("Handler assigned"),
    "released": gettext_lazy("Handler released"),
}


def _reason_label(code: str) -> str:
    return str(NotProcessed(code).label) if code else ""


def _step_form(step: str, request: HttpRequest, d: Denunciation) -> Any:
    data = request.POST or None
    initial = {"version": d.version, "date": timezone.localdate()}
    if step == "not_processed":
        reasons = _reasons(d)
        return NotProcessedForm(data, reasons=reasons, initial={**initial, "reason": services.suggested_reason(d)})
    if step == "conclude":
        return ConcludeForm(data, user=request.user, initial={**initial, "decision_date": timezone.localdate()})
    return STEP_FORMS[step](data, initial=initial)


def _reasons(d: Denunciation) -> list[str] | None:
    try:
        return services.reasons_in_force(timezone.localdate())
    except Refusal:  # no rule recorded: every reason is offered, the service refuses with the registry's word
        return None


@login_required
def denunciation_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    d = selectors.denunciation_or_404(request.user, pk, Action.INSPECT)
    if kind not in STEP_FORMS:
        raise Http404
    form = _step_form(kind, request, d)
    page = reverse("inspection_denunciation", args=[d.pk])
    step = services.DENUNCIATION.step(kind)
    if done := saved(
        request, form, services.denunciation_step, kind, actor=request.user, denunciation=d, message=_("Recorded."), then=page
    ):
        return done
    status = 422 if request.method == "POST" else 200
    title = f"{step.label} — {d}"
    confirm = _("Record this denunciation as not processed?") if kind == "not_processed" else None
    return form_page(
        request, form, title=title, back=page, crumbs=[(_("Denunciations and petitions"), reverse("inspection_denunciations")), (str(d), page)],
        status=status, confirm=confirm,
    )  # fmt: skip


@login_required
def denunciation_handler_add(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.denunciation_or_404(request.user, pk, Action.INSPECT)
    form = HandlerForm(request.POST or None, candidates=selectors.handler_candidates(d), initial={"date": timezone.localdate()})
    page = reverse("inspection_denunciation", args=[d.pk])
    if done := saved(
        request, form, services.handler_assign, actor=request.user, denunciation=d, message=_("The handler was assigned."), then=page
    ):
        return done
    status = 422 if request.method == "POST" else 200
    return form_page(request, form, title=_("Assign a handler"), back=page, crumbs=[(str(d), page)], status=status)


@require_POST
@login_required
def denunciation_handler_release(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.denunciation_or_404(request.user, pk, Action.INSPECT)
    form = ReleaseForm(request.POST or {"date": day_text(timezone.localdate())})
    user_id = _user_id(request)
    handler = d.handlers.filter(user_id=user_id, released_on__isnull=True).first() if user_id is not None else None
    if handler is None:
        messages.error(request, _("Choose a current handler to release."))
    elif form.is_valid():
        try:
            services.handler_release(actor=request.user, handler=handler, date=form.cleaned_data["date"])
            messages.success(request, _("The handler was released."))
        except Refusal as refusal:
            messages.error(request, refusal.text)
    else:
        messages.error(request, _("Give the date."))
    return redirect("inspection_denunciation", pk=d.pk)


def _user_id(request: HttpRequest) -> int | None:
    value = request.POST.get("user", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


urlpatterns = [
    path("denunciations/", denunciation_list, name="inspection_denunciations"),
    path("denunciations/export/", denunciation_export, name="inspection_denunciations_xlsx"),
    path("denunciations/new/", denunciation_new, name="inspection_denunciation_new"),
    path("denunciations/<int:pk>/", denunciation_detail, name="inspection_denunciation"),
    path("denunciations/<int:pk>/handlers/", denunciation_handler_add, name="inspection_denunciation_handler_add"),
    path("denunciations/<int:pk>/handlers/release/", denunciation_handler_release, name="inspection_denunciation_handler_release"),
    path("denunciations/<int:pk>/<str:kind>/", denunciation_step, name="inspection_denunciation_step"),
]
