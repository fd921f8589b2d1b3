"""Cadre records: the list of a scope with its filters and audited export, a record created
from a member record or for a person outside them, its page (reading it is audited), its
edit and refresh from the member record, a post held entered for the history, the profile
sheet (PDF), and what planned cadres still lack of their posts' standards."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core.audit import audit_export
from partybuilding.core.forms import VersionForm, form_page, posted, saved, told
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from .. import cv
from ..forms.records import CadreEditForm, CadreFilterForm, CadreFromMemberForm, CadrePersonEditForm, CadrePersonForm, HoldingForm
from ..selectors import cadres as selectors
from ..selectors import standards
from ..services import cadres as services
from ..services import positions as position_services

CADRE_SORTS = {"name": ("sort_key",), "born": ("date_of_birth",), "manager": ("manager_path", "sort_key")}
EXPORT_LIMIT = 20000
FORM = "cadres/cadre_form.html"


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Cadres"), reverse("cadre_home")), (_("Cadre records"), reverse("cadre_list")), *more]


def _listed(request: HttpRequest) -> tuple[Any, CadreFilterForm, Any]:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    today = timezone.localdate()
    rows = selectors.cadres_in(request.user, scope)
    managers = selectors.managers_to_pick(scope)
    form = CadreFilterForm(request.GET or None, managers=managers, bands=selectors.age_bands(today))
    filters = form.cleaned_data if form.is_valid() else {}
    return scope, form, selectors.filtered_cadres(rows, filters, today)


@login_required
def cadre_list(request: HttpRequest) -> HttpResponse:
    scope, form, rows = _listed(request)
    listing = Listing(request, CADRE_SORTS, per_page=50)
    page = listing.page(rows)
    posts = selectors.present_posts(list(page))
    for cadre in page:
        cadre.posts = posts[cadre.pk]
    context = {
        "form": form,
        "within": scope,
        "listing": listing,
        "page": page,
        "search": True,
        "can_manage": can(request.user, Action.MANAGE_CADRES, scope),
        "export_query": listing.querystring,
    }
    return render(request, "cadres/cadre_list.html", context)


@login_required
def cadre_list_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    scope, _form, rows = _listed(request)
    found = list(rows.order_by("sort_key", "pk")[:EXPORT_LIMIT])
    posts = selectors.present_posts(found)
    audit_export(actor=request.user, what="cadres.cadres", rows=len(found), within=scope)
    header = [_("Full name"), _("Gender"), _("Date of birth"), _("Managed by"), _("Present posts"), _("Political theory"), _("Professional qualification"), _("State management"), _("Party member record")]  # fmt: skip
    table = (
        [
            c.full_name,
            display(c, "gender"),
            c.date_of_birth,
            c.managed_by.name,
            "; ".join(h.position.name for h in posts[c.pk]),
            display(c, "theory"),
            display(c, "qualification"),
            display(c, "state_management"),
            _("Yes") if c.member_id else _("No"),
        ]
        for c in found
    )
    return xlsx_response(_("Cadre records"), header, table, filename=f"cadres-{scope.code}.xlsx")


def _created(cadre: Any) -> str:
    return reverse("cadre_detail", args=[cadre.pk])


@login_required
def cadre_new_member(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_CADRES)
    initial: dict[str, Any] = {"managed_by": scope}
    if (member := request.GET.get("member", "")).isdigit():
        initial["member"] = int(member)
    form = CadreFromMemberForm(posted(request), user=request.user, initial=initial)
    if done := saved(request, form, services.cadre_from_member, actor=request.user, message=_("The cadre record was created from the member record."), then=_created):  # fmt: skip
        return done
    title = _("New cadre record from a member record")
    note = _("The personal fields are copied from the member record; a member has one cadre record at most.")
    return form_page(request, form, title=title, back=reverse("cadre_list"), crumbs=_crumbs((title, request.path)), status=422 if form.is_bound else 200, note=note, template=FORM)  # fmt: skip


@login_required
def cadre_new_person(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_CADRES)
    form = CadrePersonForm(posted(request), user=request.user, initial={"managed_by": scope})
    if done := saved(request, form, services.cadre_create_person, actor=request.user, message=_("The cadre record was created."), then=_created):  # fmt: skip
        return done
    title = _("New cadre record of a person outside the member records")
    note = _("For the few state posts held by a person who is not a Party member.")
    return form_page(request, form, title=title, back=reverse("cadre_list"), crumbs=_crumbs((title, request.path)), status=422 if form.is_bound else 200, note=note, template=FORM)  # fmt: skip


@login_required
def cadre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = selectors.read_cadre(request.user, pk)
    today = timezone.localdate()
    holdings = selectors.cadre_holdings(cadre)
    for row in holdings:
        row.days_left = selectors.days_to(row.term_ends, today) if row.ended_on is None else None  # type: ignore[attr-defined]
    courses = selectors.cadre_courses(cadre)
    entries = selectors.cadre_entries(request.user, cadre)
    for entry in entries:
        entry.missing = standards.lacks(cadre, entry.position, today, courses) if entry.state == "planned" else []  # type: ignore[attr-defined]
    context = {
        "cadre": cadre,
        "holdings": holdings,
        "entries": entries,
        "appointments": selectors.cadre_appointments(request.user, cadre),
        "moves": selectors.cadre_moves(request.user, cadre),
        "courses": courses,
        "can_manage": can(request.user, Action.MANAGE_CADRES, cadre.managed_by),
        "today": today,
    }
    return render(request, "cadres/cadre_detail.html", context)


@login_required
def cadre_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = selectors.cadre_or_404(request.user, pk, Action.MANAGE_CADRES)
    form_class = CadreEditForm if cadre.member_id else CadrePersonEditForm
    initial = {name: getattr(cadre, name) for name in form_class.base_fields if hasattr(cadre, name)}
    initial["managed_by"] = cadre.managed_by
    form = form_class(posted(request), user=request.user, initial=initial)
    back = reverse("cadre_detail", args=[cadre.pk])
    if done := saved(request, form, services.cadre_edit, actor=request.user, cadre=cadre, message=_("The cadre record was saved."), then=back):  # fmt: skip
        return done
    title = _("Edit the cadre record of %(name)s") % {"name": cadre.full_name}
    note = _("The personal fields come from the member record: correct them there, then refresh.") if cadre.member_id else ""
    return form_page(request, form, title=title, back=back, crumbs=_crumbs((cadre.full_name, back), (title, request.path)), status=422 if form.is_bound else 200, note=note, template=FORM)  # fmt: skip


@login_required
@require_POST
def cadre_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = selectors.cadre_or_404(request.user, pk, Action.MANAGE_CADRES)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    told(request, services.cadre_refresh, actor=request.user, cadre=cadre, expected_version=version, message=_("The personal fields were copied again from the member record."))  # fmt: skip
    return redirect("cadre_detail", cadre.pk)


@login_required
def cadre_holding_new(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = selectors.cadre_or_404(request.user, pk, Action.MANAGE_CADRES)
    positions = selectors.positions_in(request.user, None).filter(active=True).order_by("manager_path", "grade", "name")
    form = HoldingForm(posted(request), positions=positions)
    back = reverse("cadre_detail", args=[cadre.pk])
    if done := saved(request, form, position_services.holding_record, actor=request.user, cadre=cadre, message=_("The post held was recorded."), then=back):  # fmt: skip
        return done
    title = _("Record a post held by %(name)s") % {"name": cadre.full_name}
    note = _("For the history: a post held before the records began. Appointments decided record their posts themselves.")
    return form_page(request, form, title=title, back=back, crumbs=_crumbs((cadre.full_name, back), (title, request.path)), status=422 if form.is_bound else 200, note=note, template=FORM)  # fmt: skip


@login_required
def cadre_cv_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The profile sheet (mẫu 2C); its download is audited (`cadre.export_pdf`)."""
    cadre = selectors.read_cadre(request.user, pk, purpose="export_pdf")
    return cv.cv_response(request, cadre)


def _gaps(request: HttpRequest) -> tuple[Any, list[standards.Gap]]:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    return scope, standards.planned_gaps(request.user, scope, timezone.localdate())


@login_required
def cadre_standards_gaps(request: HttpRequest) -> HttpResponse:
    scope, gaps = _gaps(request)
    listing = Listing(request, {}, per_page=50, sortable=False)
    return render(request, "cadres/cadre_gaps.html", {"within": scope, "listing": listing, "page": listing.page(gaps)})


@login_required
def cadre_standards_gaps_xlsx(request: HttpRequest) -> FileResponse:
    scope, gaps = _gaps(request)
    audit_export(actor=request.user, what="cadres.standards_gaps", rows=len(gaps), within=scope)
    header = [_("Full name"), _("Planned for the post"), _("Planning"), _("What is still lacking")]
    table = ([g.entry.cadre.full_name, g.entry.position.name, str(g.entry.planning), "; ".join(g.missing)] for g in gaps)
    return xlsx_response(_("What planned cadres still lack"), header, table, filename=f"standards-gaps-{scope.code}.xlsx")


urlpatterns: list[URLPattern] = [
    path("records/", cadre_list, name="cadre_list"),
    path("records/records.xlsx", cadre_list_xlsx, name="cadre_list_xlsx"),
    path("records/new/member/", cadre_new_member, name="cadre_new_member"),
    path("records/new/person/", cadre_new_person, name="cadre_new_person"),
    path("records/<int:pk>/", cadre_detail, name="cadre_detail"),
    path("records/<int:pk>/edit/", cadre_edit, name="cadre_edit"),
    path("records/<int:pk>/refresh/", cadre_refresh, name="cadre_refresh"),
    path("records/<int:pk>/posts/new/", cadre_holding_new, name="cadre_holding_new"),
    path("records/<int:pk>/profile.pdf", cadre_cv_pdf, name="cadre_cv_pdf"),
    path("standards/", cadre_standards_gaps, name="cadre_standards_gaps"),
    path("standards/standards.xlsx", cadre_standards_gaps_xlsx, name="cadre_standards_gaps_xlsx"),
]
