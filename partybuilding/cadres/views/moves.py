"""Rotations, transfers and periodic changes of post: the list of a scope with its filters and
export, a move recorded or corrected, its page, and the periodic change of post due (with
its export)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, posted, saved
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from ..forms.moves import MoveFilterForm, MoveForm, PeriodicFilterForm
from ..models import Move
from ..selectors import moves as selectors
from ..services import moves as services

SORTS = {"starts": ("starts_on",), "kind": ("kind", "-starts_on"), "direction": ("direction", "-starts_on"), "cadre": ("cadre__sort_key",)}
PERIODIC_SORTS = {"since": ("started_on",), "cadre": ("cadre__sort_key",), "post": ("position__name",)}


def _listed(request: HttpRequest) -> tuple[MoveFilterForm, Any, Any]:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    form = MoveFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, scope, selectors.filtered_moves(selectors.moves_in(request.user, scope), filters)


def where_from(move: Move) -> str:
    return move.from_position.name if move.from_position else move.from_text


def where_to(move: Move) -> str:
    return move.to_position.name if move.to_position else move.to_text


@login_required
def cadre_moves(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _listed(request)
    listing = Listing(request, SORTS, per_page=50)
    context = {
        "form": form,
        "within": scope,
        "listing": listing,
        "page": listing.page(rows),
        "search": True,
        "may_record": can(request.user, Action.MANAGE_CADRES, scope),
    }
    return render(request, "cadres/move_list.html", context)


@login_required
def cadre_moves_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    _form, scope, rows = _listed(request)
    header = [_("Kind of move"), _("Cadre"), _("From"), _("To"), _("Direction of the move"), _("Period starts on"),
              _("Period ends on"), _("Purpose"), _("An additional post"), _("Decision number"), _("Decision date")]  # fmt: skip
    audit_export(actor=request.user, what="cadres.moves", rows=rows.count(), within=scope)
    yes, no = _("Yes"), _("No")
    data = (
        [
            display(m, "kind"),
            m.cadre.full_name,
            where_from(m),
            where_to(m),
            display(m, "direction"),
            m.starts_on,
            m.ends_on,
            m.purpose,
            yes if m.additional_post else no,
            m.decision_number,
            m.decision_date,
        ]
        for m in rows.iterator(chunk_size=2000)
    )
    return xlsx_response(_("Rotations and transfers"), header, data, filename="moves.xlsx")


@login_required
def cadre_move_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_CADRES)
    initial = {"cadre": request.GET["cadre"]} if request.GET.get("cadre", "").isdigit() else {}
    if request.GET.get("from_position", "").isdigit():
        initial.update(from_position=request.GET["from_position"], kind="periodic")
    form = MoveForm(posted(request), user=request.user, scope=scope, initial=initial)
    back = reverse("cadre_moves")
    if done := saved(
        request,
        form,
        services.move_create,
        actor=request.user,
        organization=scope,
        message=_("The move was recorded."),
        then=lambda m: reverse("cadre_move", args=[m.pk]),
    ):
        return done
    title = _("Record a rotation or transfer — %(org)s") % {"org": scope.name}
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200)


@login_required
def cadre_move(request: HttpRequest, pk: int) -> HttpResponse:
    move = selectors.move_or_404(request.user, pk)
    context = {"m": move, "from": where_from(move), "to": where_to(move), "can_manage": can(request.user, Action.MANAGE_CADRES, move.organization)}  # fmt: skip
    return render(request, "cadres/move_detail.html", context)


@login_required
def cadre_move_edit(request: HttpRequest, pk: int) -> HttpResponse:
    move = selectors.move_or_404(request.user, pk, Action.MANAGE_CADRES)
    initial = {
        **{name: getattr(move, name) for name in services.FIELDS},
        "additional_post": move.additional_post,
        "decision_number": move.decision_number,
        "decision_date": move.decision_date,
        "decided_by": move.decided_by,
        "version": move.version,
    }
    form = MoveForm(posted(request), user=request.user, scope=move.organization, editing=True, initial=initial)
    back = reverse("cadre_move", args=[move.pk])
    if done := saved(request, form, services.move_update, actor=request.user, move=move, message=_("The move was saved."), then=back):
        return done
    title = _("Correct the move")
    crumbs = [(_("Rotations and transfers"), reverse("cadre_moves")), (str(move), back), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200)


# --- periodic change of post due ----------------------------------------------------------------


def _periodic(request: HttpRequest) -> tuple[PeriodicFilterForm, Any, Any]:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    form = PeriodicFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, scope, selectors.periodic_due(request.user, scope, timezone.localdate(), filters)


@login_required
def cadre_periodic_due(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _periodic(request)
    today = timezone.localdate()
    listing = Listing(request, PERIODIC_SORTS, per_page=50)
    page = listing.page(rows)
    context = {
        "form": form,
        "within": scope,
        "listing": listing,
        "page": page,
        "rows": selectors.periodic_rows(page.object_list, today),
        "months": selectors.periodic_months(today),
        "notice": selectors.periodic_notice_days(today),
        "may_record": can(request.user, Action.MANAGE_CADRES, scope),
        "search": True,
    }
    return render(request, "cadres/move_periodic_due.html", context)


@login_required
def cadre_periodic_due_xlsx(request: HttpRequest) -> FileResponse:
    _form, scope, rows = _periodic(request)
    today = timezone.localdate()
    header = [_("Cadre"), _("Post"), _("Managed by"), _("In the post since"), _("Change of post due on"), _("Days left")]
    audit_export(actor=request.user, what="cadres.periodic_due", rows=rows.count(), within=scope)
    data = (
        [
            r.holding.cadre.full_name,
            r.holding.position.name,
            r.holding.position.managed_by.name,
            r.holding.started_on,
            r.due_on,
            r.days_left,
        ]
        for r in selectors.periodic_rows(rows.iterator(chunk_size=2000), today)
    )
    return xlsx_response(_("Periodic changes of post due"), header, data, filename="periodic-change-due.xlsx")


urlpatterns: list[URLPattern] = [
    path("moves/", cadre_moves, name="cadre_moves"),
    path("moves/moves.xlsx", cadre_moves_xlsx, name="cadre_moves_xlsx"),
    path("moves/new/", cadre_move_new, name="cadre_move_new"),
    path("moves/periodic/", cadre_periodic_due, name="cadre_periodic_due"),
    path("moves/periodic/periodic.xlsx", cadre_periodic_due_xlsx, name="cadre_periodic_due_xlsx"),
    path("moves/<int:pk>/", cadre_move, name="cadre_move"),
    path("moves/<int:pk>/edit/", cadre_move_edit, name="cadre_move_edit"),
]
