"""Courses: one recorded for a cadre (with an optional PDF certificate), its edit, its
certificate served as an attachment to those who read the cadre, and the courses of a scope
with their filters and export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export, audit_record
from partybuilding.core.files import attachment
from partybuilding.core.forms import form_page, saved
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, list_scope
from partybuilding.core.xlsx import xlsx_response

from ..forms.records import TrainingEditForm, TrainingFilterForm, TrainingForm
from ..selectors import cadres as selectors
from ..services import training as services
from ..services.training import FIELDS

TRAINING_SORTS = {"starts": ("starts_on",), "name": ("cadre__sort_key", "starts_on"), "kind": ("kind", "starts_on")}
EXPORT_LIMIT = 20000


def _crumbs(cadre: Any, title: str, here: str) -> list[tuple[str, str]]:
    back = reverse("cadre_detail", args=[cadre.pk])
    return [(_("Cadre records"), reverse("cadre_list")), (cadre.full_name, back), (title, here)]


def _files(request: HttpRequest) -> tuple[Any, Any]:
    post = request.POST if request.method == "POST" else None
    return post, (request.FILES if post is not None else None)


@login_required
def cadre_training_new(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = selectors.cadre_or_404(request.user, pk, Action.MANAGE_CADRES)
    form = TrainingForm(*_files(request))
    back = reverse("cadre_detail", args=[cadre.pk])
    if done := saved(request, form, services.training_record, actor=request.user, cadre=cadre, message=_("The course was recorded."), then=back):  # fmt: skip
        return done
    title = _("Record a course of %(name)s") % {"name": cadre.full_name}
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(cadre, title, request.path), status=422 if form.is_bound else 200)  # fmt: skip


@login_required
def cadre_training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_or_404(request.user, pk, Action.MANAGE_CADRES)
    cadre = training.cadre
    initial = {name: getattr(training, name) for name in FIELDS} | {"version": training.version}
    post, files = _files(request)
    form = TrainingEditForm(post, files, initial=initial)
    back = reverse("cadre_detail", args=[cadre.pk])
    if done := saved(request, form, services.training_edit, actor=request.user, training=training, message=_("The course was saved."), then=back):  # fmt: skip
        return done
    title = _("Edit the course %(name)s") % {"name": training.name}
    note = _("A new certificate replaces the one kept.") if training.certificate_file else ""
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(cadre, title, request.path), status=422 if form.is_bound else 200, note=note, template="cadres/cadre_form.html")  # fmt: skip


@login_required
def cadre_training_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate, as an attachment, for those who read the cadre (the download audited)."""
    training = selectors.training_or_404(request.user, pk)
    content = services.certificate_content(training)
    if content is None:
        raise Http404
    audit_record(actor=request.user, action="cadre_training.certificate", obj=training)
    return attachment(content, f"certificate-{training.pk}.pdf", "application/pdf")


def _listed(request: HttpRequest) -> tuple[Any, TrainingFilterForm, Any]:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    form = TrainingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return scope, form, selectors.filtered_trainings(selectors.trainings_in(request.user, scope), filters)


@login_required
def cadre_trainings(request: HttpRequest) -> HttpResponse:
    scope, form, rows = _listed(request)
    listing = Listing(request, TRAINING_SORTS, per_page=50)
    context = {"form": form, "within": scope, "listing": listing, "page": listing.page(rows), "export_query": listing.querystring}
    return render(request, "cadres/training_list.html", context)


@login_required
def cadre_trainings_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    scope, _form, rows = _listed(request)
    found = list(rows.order_by("-starts_on", "pk")[:EXPORT_LIMIT])
    audit_export(actor=request.user, what="cadres.trainings", rows=len(found), within=scope)
    header = [_("Full name"), _("Kind of course"), _("Level obtained"), _("Course"), _("Institution"), _("Mode of study"), _("Where the course took place"), _("Course from"), _("Course until"), _("Completed"), _("Certificate number")]  # fmt: skip
    table = (
        [
            t.cadre.full_name,
            display(t, "kind"),
            display(t, "level"),
            t.name,
            t.institution,
            display(t, "mode"),
            display(t, "place"),
            t.starts_on,
            t.ends_on,
            _("Yes") if t.completed else _("No"),
            t.certificate_number,
        ]
        for t in found
    )
    return xlsx_response(_("Courses attended"), header, table, filename=f"courses-{scope.code}.xlsx")


urlpatterns: list[URLPattern] = [
    path("records/<int:pk>/courses/new/", cadre_training_new, name="cadre_training_new"),
    path("courses/", cadre_trainings, name="cadre_trainings"),
    path("courses/courses.xlsx", cadre_trainings_xlsx, name="cadre_trainings_xlsx"),
    path("courses/<int:pk>/edit/", cadre_training_edit, name="cadre_training_edit"),
    path("courses/<int:pk>/certificate/", cadre_training_certificate, name="cadre_training_certificate"),
]
