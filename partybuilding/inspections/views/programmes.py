"""Yearly programmes of inspection and supervision: the list of a scope, a new programme, its
page with the items and the state of each one's case, the items while it is a draft, its
adoption by decision, its export, and starting an item's case."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core.forms import form_page, posted, saved, told
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from ..forms.cases import AdoptForm, ItemForm, ProgrammeFilterForm, ProgrammeForm
from ..models import Programme
from ..selectors import cases as selectors
from ..services import cases as case_services
from ..services import programmes as services

PROGRAMME_SORTS = {"year": ("year",), "organization": ("org_path", "year"), "body": ("body", "year"), "title": ("title",)}


def _programme_crumbs(programme: Programme) -> list[tuple[str, str]]:
    return [(_("Programmes"), reverse("inspection_programmes")), (str(programme), reverse("inspection_programme", args=[programme.pk]))]


@login_required
def inspection_programmes(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.INSPECT, required=True)
    form = ProgrammeFilterForm(request.GET or None)
    rows = selectors.filtered_programmes(selectors.programmes_in(request.user, scope), form.cleaned_data if form.is_valid() else {})
    listing = Listing(request, PROGRAMME_SORTS, per_page=50)
    context = {"form": form, "within": scope, "listing": listing, "page": listing.page(rows), "search": True}
    return render(request, "inspections/programme_list.html", context)


@login_required
def inspection_programme_new(request: HttpRequest) -> HttpResponse:
    org = scope_of(request, Action.INSPECT)
    form = ProgrammeForm(posted(request))
    back = reverse("inspection_programmes")
    if done := saved(
        request,
        form,
        services.programme_create,
        actor=request.user,
        organization=org,
        message=_("The programme was created; add its items."),
        then=lambda p: reverse("inspection_programme", args=[p.pk]),
    ):
        return done
    title = _("New programme of inspection and supervision — %(org)s") % {"org": org.name}
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200)


@login_required
def inspection_programme(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_or_404(request.user, pk, Action.INSPECT)
    context = {"programme": programme, "items": selectors.programme_items(programme)}
    return render(request, "inspections/programme_detail.html", context)


@login_required
def inspection_programme_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    programme = selectors.programme_or_404(request.user, pk, Action.INSPECT)
    header = [_("Kind"), _("Subject"), _("Content"), _("Planned from"), _("Planned to"), _("Led by"), _("Case")]
    rows = (
        [
            display(item, "kind"),
            selectors.subject_name(item),
            item.content,
            item.planned_from,
            item.planned_to,
            item.lead,
            display(item.started, "status") if item.started else _("Not started"),  # type: ignore[attr-defined]
        ]
        for item in selectors.programme_items(programme)
    )
    return xlsx_response(programme.title, header, rows, filename=f"programme-{programme.org_path.replace('.', '-')}-{programme.year}.xlsx")


def _item_page(request: HttpRequest, programme: Programme, form: ItemForm, title: str) -> HttpResponse:
    back = reverse("inspection_programme", args=[programme.pk])
    crumbs = [*_programme_crumbs(programme), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200)


@login_required
def inspection_programme_item_new(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_or_404(request.user, pk, Action.INSPECT)
    form = ItemForm(posted(request), user=request.user)
    back = reverse("inspection_programme", args=[programme.pk])
    if done := saved(
        request, form, services.programme_item_add, actor=request.user, programme=programme, message=_("The item was added."), then=back
    ):
        return done
    return _item_page(request, programme, form, _("Add an item"))


@login_required
def inspection_programme_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_or_404(request.user, pk, Action.INSPECT)
    programme = item.programme
    initial = {
        "kind": item.kind,
        "subject_kind": item.subject_kind,
        "subject_organization": item.subject_organization,
        "subject_member": item.subject_member.card_number or item.subject_member.full_name if item.subject_member else "",
        "content": item.content,
        "planned_from": item.planned_from,
        "planned_to": item.planned_to,
        "lead": item.lead,
    }
    form = ItemForm(posted(request), user=request.user, initial=initial)
    back = reverse("inspection_programme", args=[programme.pk])
    if done := saved(
        request, form, services.programme_item_edit, actor=request.user, item=item, message=_("The item was saved."), then=back
    ):
        return done
    return _item_page(request, programme, form, _("Edit the item"))


@require_POST
@login_required
def inspection_programme_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_or_404(request.user, pk, Action.INSPECT)
    told(request, services.programme_item_remove, actor=request.user, item=item, message=_("The item was removed."))
    return redirect("inspection_programme", item.programme_id)


@login_required
def inspection_programme_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_or_404(request.user, pk, Action.INSPECT)
    form = AdoptForm(posted(request), initial={"version": programme.version})
    back = reverse("inspection_programme", args=[programme.pk])
    if done := saved(
        request, form, services.programme_adopt, actor=request.user, programme=programme, message=_("The programme was adopted."), then=back
    ):
        return done
    title = _("Adopt the programme")
    crumbs = [*_programme_crumbs(programme), (title, request.path)]
    note = _("Once adopted, the items are fixed: a change needs a new decision.")
    return form_page(
        request,
        form,
        title=title,
        back=back,
        crumbs=crumbs,
        status=422 if form.is_bound else 200,
        submit=title,
        note=note,
        template="inspections/programme_adopt.html",
    )


@require_POST
@login_required
def inspection_programme_item_start(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_or_404(request.user, pk, Action.INSPECT)
    case = told(request, case_services.case_from_item, actor=request.user, item=item, message=_("The case was started from the programme."))
    if case is None:
        return redirect("inspection_programme", item.programme_id)
    return redirect("inspection_case", case.pk)


urlpatterns: list[URLPattern] = [
    path("programmes/", inspection_programmes, name="inspection_programmes"),
    path("programmes/new/", inspection_programme_new, name="inspection_programme_new"),
    path("programmes/<int:pk>/", inspection_programme, name="inspection_programme"),
    path("programmes/<int:pk>/programme.xlsx", inspection_programme_xlsx, name="inspection_programme_xlsx"),
    path("programmes/<int:pk>/items/new/", inspection_programme_item_new, name="inspection_programme_item_new"),
    path("programmes/<int:pk>/adopt/", inspection_programme_adopt, name="inspection_programme_adopt"),
    path("programme-items/<int:pk>/edit/", inspection_programme_item_edit, name="inspection_programme_item_edit"),
    path("programme-items/<int:pk>/delete/", inspection_programme_item_delete, name="inspection_programme_item_delete"),
    path("programme-items/<int:pk>/start/", inspection_programme_item_start, name="inspection_programme_item_start"),
]
