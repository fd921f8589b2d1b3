"""Appointment records: the list of a scope with its filters and export, the proposal, the
record's page with its history, steps and documents, each step's form, and the list of
re-appointments due (with its export)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.files import MAX_FILE_BYTES, attachment
from partybuilding.core.forms import form_page, guarded, posted, saved, step_page
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, require, scope_of
from partybuilding.core.xlsx import xlsx_response

from ..choices import AppointmentKind
from ..forms.appointments import AppointmentFileForm, AppointmentFilterForm, AppointmentStepForm, DueFilterForm, ProposeForm
from ..models import AppointmentFile
from ..selectors import appointments as selectors
from ..services import appointments as services
from ..services.appointments import APPOINTMENT

SORTS = {"proposed": ("proposed_on",), "kind": ("kind", "-proposed_on"), "state": ("state", "-proposed_on"), "cadre": ("cadre__sort_key",)}
DUE_SORTS = {"term": ("term_ends",), "cadre": ("cadre__sort_key",), "post": ("position__name",)}


def _listed(request: HttpRequest) -> tuple[AppointmentFilterForm, Any, Any]:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    form = AppointmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, scope, selectors.filtered_appointments(selectors.appointments_in(request.user, scope), filters)


@login_required
def cadre_appointments(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _listed(request)
    listing = Listing(request, SORTS, per_page=50)
    context = {"form": form, "within": scope, "listing": listing, "page": listing.page(rows), "search": True}
    return render(request, "cadres/appointment_list.html", context)


@login_required
def cadre_appointments_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    _form, scope, rows = _listed(request)
    header = [_("Kind of record"), _("Cadre"), _("Post"), _("Deciding organization"), _("State of the record"), _("Proposed on"),
              _("Votes in favour"), _("Members voting"), _("Decision number"), _("Decision date"), _("Takes effect on")]  # fmt: skip
    audit_export(actor=request.user, what="cadres.appointments", rows=rows.count(), within=scope)
    data = (
        [
            display(a, "kind"),
            a.cadre.full_name,
            a.position.name,
            a.organization.name,
            display(a, "state"),
            a.proposed_on,
            a.votes_for,
            a.votes_total,
            a.decision_number,
            a.decision_date,
            a.effective_on,
        ]
        for a in rows.iterator(chunk_size=2000)
    )
    return xlsx_response(_("Appointment records"), header, data, filename="appointments.xlsx")


@login_required
def cadre_appointment_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_CADRES)
    asked = {name: request.GET.get(name, "") for name in ("kind", "cadre", "position")}  # from the due list's links
    initial = {name: value for name, value in asked.items() if value.isdigit() or (name == "kind" and value in AppointmentKind.values)}
    form = ProposeForm(posted(request), user=request.user, scope=scope, initial=initial)
    back = reverse("cadre_appointments")

    def propose(**params: Any) -> Any:
        require(request.user, Action.MANAGE_CADRES, params["position"].managed_by)
        return services.appointment_propose(actor=request.user, **params)

    if done := saved(
        request, form, propose, message=_("The record was proposed."), then=lambda a: reverse("cadre_appointment", args=[a.pk])
    ):
        return done
    title = _("Propose an appointment record — %(org)s") % {"org": scope.name}
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200)


@login_required
def cadre_appointment(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_or_404(request.user, pk)
    context = {
        "a": appointment,
        "passed": services.passed(appointment),
        "steps": APPOINTMENT.labelled(appointment.steps.select_related("recorded_by").order_by("date", "pk"), propose=_("Proposed")),
        "offered": APPOINTMENT.offered(appointment),
        "files": list(appointment.files.all()),
        "can_manage": can(request.user, Action.MANAGE_CADRES, appointment.organization),
    }
    return render(request, "cadres/appointment_detail.html", context)


@login_required
def cadre_appointment_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    appointment = selectors.appointment_or_404(request.user, pk, Action.MANAGE_CADRES)
    if kind not in APPOINTMENT.steps:
        raise Http404
    form = AppointmentStepForm(posted(request), kind=kind, appointment=appointment)
    confirm = _("Withdraw this record? It cannot be reopened.") if kind == "withdraw" else None
    back, listed = reverse("cadre_appointment", args=[appointment.pk]), (_("Appointment records"), reverse("cadre_appointments"))
    return step_page(request, form, APPOINTMENT, kind, obj=appointment, back=back, listed=listed, confirm=confirm)


@login_required
def cadre_appointment_file_new(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_or_404(request.user, pk, Action.MANAGE_CADRES)
    form = AppointmentFileForm(posted(request), request.FILES if request.method == "POST" else None)
    back = reverse("cadre_appointment", args=[appointment.pk])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_FILE_BYTES + 1)
        done = guarded(
            form, services.appointment_file_add, actor=request.user, appointment=appointment, name=upload.name,
            content=content, title=form.cleaned_data["title"],
        )  # fmt: skip
        if done is not None:
            messages.success(request, _("The document was added."))
            return redirect(back)
    title = _("Add a document to the record")
    crumbs = [(_("Appointment records"), reverse("cadre_appointments")), (str(appointment), back), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200)


@login_required
def cadre_appointment_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A document of a record, as an attachment, for those who read the record."""
    row = AppointmentFile.objects.filter(pk=pk).first() if 0 < pk <= 2**31 - 1 else None
    if row is None:
        raise Http404
    selectors.appointment_or_404(request.user, row.appointment_id)
    content = services.appointment_file_content(row)
    if content is None:
        raise Http404
    name = f"{row.title[:120]}.pdf" if not row.title.lower().endswith(".pdf") else row.title
    return attachment(content, name, "application/pdf")


# --- re-appointments due ------------------------------------------------------------------------


def _due(request: HttpRequest) -> tuple[DueFilterForm, Any, Any]:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    form = DueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, scope, selectors.reappointments_due(request.user, scope, timezone.localdate(), filters)


@login_required
def cadre_reappointments_due(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _due(request)
    today = timezone.localdate()
    listing = Listing(request, DUE_SORTS, per_page=50)
    page = listing.page(rows)
    context = {
        "form": form,
        "within": scope,
        "listing": listing,
        "page": page,
        "rows": selectors.due_rows(page.object_list, today),
        "notice": selectors.notice_days(today),
        "may_propose": can(request.user, Action.MANAGE_CADRES, scope),
        "search": True,
    }
    return render(request, "cadres/appointment_due.html", context)


@login_required
def cadre_reappointments_due_xlsx(request: HttpRequest) -> FileResponse:
    _form, scope, rows = _due(request)
    today = timezone.localdate()
    header = [_("Cadre"), _("Post"), _("Managed by"), _("In the post since"), _("Term ends on"), _("Due from"),
              _("Days left"), _("Working days left")]  # fmt: skip
    audit_export(actor=request.user, what="cadres.reappointments_due", rows=rows.count(), within=scope)
    data = (
        [
            r.holding.cadre.full_name,
            r.holding.position.name,
            r.holding.position.managed_by.name,
            r.holding.started_on,
            r.holding.term_ends,
            r.due_from,
            r.days_left,
            r.working_days_left,
        ]
        for r in selectors.due_rows(rows.iterator(chunk_size=2000), today)
    )
    return xlsx_response(_("Re-appointments due"), header, data, filename="reappointments-due.xlsx")


urlpatterns: list[URLPattern] = [
    path("appointments/", cadre_appointments, name="cadre_appointments"),
    path("appointments/appointments.xlsx", cadre_appointments_xlsx, name="cadre_appointments_xlsx"),
    path("appointments/new/", cadre_appointment_new, name="cadre_appointment_new"),
    path("appointments/due/", cadre_reappointments_due, name="cadre_reappointments_due"),
    path("appointments/due/due.xlsx", cadre_reappointments_due_xlsx, name="cadre_reappointments_due_xlsx"),
    path("appointments/<int:pk>/", cadre_appointment, name="cadre_appointment"),
    path("appointments/<int:pk>/files/new/", cadre_appointment_file_new, name="cadre_appointment_file_new"),
    path("appointments/<int:pk>/<str:kind>/", cadre_appointment_step, name="cadre_appointment_step"),
    path("appointment-files/<int:pk>/", cadre_appointment_file, name="cadre_appointment_file"),
]
