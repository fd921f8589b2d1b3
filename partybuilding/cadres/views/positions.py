"""Posts: the list of those managed in a scope with its filters and export, a new post, its
page (who holds it now and before, who is planned for it, its open appointments), its edit,
and taking it out of use (never deleted)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core.forms import VersionForm, form_page, posted, saved, told
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from ..forms.records import PositionEditForm, PositionFilterForm, PositionForm
from ..selectors import cadres as selectors
from ..services import positions as services

POSITION_SORTS = {"name": ("name_search",), "grade": ("grade", "name_search"), "manager": ("manager_path", "grade")}
EXPORT_LIMIT = 20000
FORM = "cadres/position_form.html"


def _listed(request: HttpRequest) -> tuple[Any, PositionFilterForm, Any]:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    rows = selectors.positions_in(request.user, scope)
    managers = selectors.managers_to_pick(scope)
    form = PositionFilterForm(request.GET or None, managers=managers)
    filters = form.cleaned_data if form.is_valid() else {}
    return scope, form, selectors.filtered_positions(rows, filters)


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Cadres"), reverse("cadre_home")), (_("Posts"), reverse("cadre_positions")), *more]


@login_required
def cadre_positions(request: HttpRequest) -> HttpResponse:
    scope, form, rows = _listed(request)
    listing = Listing(request, POSITION_SORTS, per_page=50)
    page = listing.page(rows)
    holders = selectors.open_holdings().filter(position__in=list(page)).select_related("cadre").order_by("started_on")
    by_position: dict[int, list[Any]] = {}
    for row in holders:
        by_position.setdefault(row.position_id, []).append(row)
    for position in page:
        position.holders = by_position.get(position.pk, [])
    context = {
        "form": form,
        "within": scope,
        "listing": listing,
        "page": page,
        "search": True,
        "can_manage": can(request.user, Action.MANAGE_CADRES, scope),
        "export_query": listing.querystring,
    }
    return render(request, "cadres/position_list.html", context)


@login_required
def cadre_positions_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    scope, _form, rows = _listed(request)
    found = list(rows.order_by("manager_path", "grade", "name")[:EXPORT_LIMIT])
    holders: dict[int, list[str]] = {}
    for row in selectors.open_holdings().filter(position__in=found).select_related("cadre"):
        holders.setdefault(row.position_id, []).append(row.cadre.full_name)
    header = [_("Name of the post"), _("Organization of the post"), _("Managed by"), _("Level of the post"), _("Body of the post"), _("Title of the post"), _("Grade (1 is the highest)"), _("Seats"), _("Holders now"), _("Post in use")]  # fmt: skip
    table = (
        [
            p.name,
            p.organization.name,
            p.managed_by.name,
            display(p, "level"),
            display(p, "body"),
            display(p, "title"),
            p.grade,
            p.seats,
            ", ".join(holders.get(p.pk, [])),
            _("Yes") if p.active else _("No"),
        ]
        for p in found
    )
    return xlsx_response(_("Posts"), header, table, filename=f"posts-{scope.code}.xlsx")


@login_required
def cadre_position_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_CADRES)
    form = PositionForm(posted(request), user=request.user, initial={"organization": scope, "seats": 1})
    if done := saved(
        request,
        form,
        services.position_create,
        actor=request.user,
        message=_("The post was created."),
        then=lambda p: reverse("cadre_position", args=[p.pk]),
    ):
        return done
    title = _("New post")
    return form_page(request, form, title=title, back=reverse("cadre_positions"), crumbs=_crumbs((title, request.path)), status=422 if form.is_bound else 200, template=FORM)  # fmt: skip


@login_required
def cadre_position(request: HttpRequest, pk: int) -> HttpResponse:
    position = selectors.position_or_404(request.user, pk)
    today = timezone.localdate()
    now = selectors.holders_now(position)
    for row in now:
        row.days_left = selectors.days_to(row.term_ends, today)  # type: ignore[attr-defined]
    context = {
        "position": position,
        "holders_now": now,
        "holders_before": selectors.holders_before(position),
        "planned": selectors.planned_for(request.user, position),
        "appointments": selectors.open_appointments(request.user, position),
        "can_manage": can(request.user, Action.MANAGE_CADRES, position.managed_by),
        "today": today,
    }
    return render(request, "cadres/position_detail.html", context)


@login_required
def cadre_position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = selectors.position_or_404(request.user, pk, Action.MANAGE_CADRES)
    fields = ("body", "title", "name", "level", "grade", "seats", "corruption_prone", "version")
    form = PositionEditForm(posted(request), initial={name: getattr(position, name) for name in fields})
    back = reverse("cadre_position", args=[position.pk])
    if done := saved(request, form, services.position_edit, actor=request.user, position=position, message=_("The post was saved."), then=back):  # fmt: skip
        return done
    title = _("Edit the post %(name)s") % {"name": position.name}
    note = _("The organization of the post and its manager stay: create a new post when they change.")
    return form_page(request, form, title=title, back=back, crumbs=_crumbs((position.name, back), (title, request.path)), status=422 if form.is_bound else 200, note=note, template=FORM)  # fmt: skip


@login_required
@require_POST
def cadre_position_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Out of use (or back in use) from the post's page."""
    position = selectors.position_or_404(request.user, pk, Action.MANAGE_CADRES)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    active = not position.active
    message = _("The post is in use again.") if active else _("The post was taken out of use.")
    told(request, services.position_set_active, actor=request.user, position=position, active=active, expected_version=version, message=message)  # fmt: skip
    return redirect("cadre_position", position.pk)


urlpatterns: list[URLPattern] = [
    path("posts/", cadre_positions, name="cadre_positions"),
    path("posts/posts.xlsx", cadre_positions_xlsx, name="cadre_positions_xlsx"),
    path("posts/new/", cadre_position_new, name="cadre_position_new"),
    path("posts/<int:pk>/", cadre_position, name="cadre_position"),
    path("posts/<int:pk>/edit/", cadre_position_edit, name="cadre_position_edit"),
    path("posts/<int:pk>/in-use/", cadre_position_active, name="cadre_position_active"),
]
