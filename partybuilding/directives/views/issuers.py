"""The bodies that issue documents: the list of a scope's line, a new issuer, its edit (and
deactivation)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from partybuilding.core.forms import form_page, posted, saved
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, scope_of

from ..forms.documents import IssuerEditForm, IssuerForm
from ..selectors import documents as selectors
from ..services import issuers as services

ISSUER_SORTS = {"organization": ("org_path", "name"), "name": ("name",), "symbol": ("symbol",)}


@login_required
def directive_issuers(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.VIEW, required=True)
    listing = Listing(request, ISSUER_SORTS, per_page=50)
    rows = selectors.issuers_in(request.user, scope).order_by("org_path", "name")
    context = {"within": scope, "listing": listing, "page": listing.page(rows), "can_add": can(request.user, Action.DIRECT, scope)}
    return render(request, "directives/issuer_list.html", context)


@login_required
def directive_issuer_new(request: HttpRequest) -> HttpResponse:
    org = scope_of(request, Action.DIRECT)
    form = IssuerForm(posted(request), user=request.user, initial={"organization": org})
    back = reverse("directive_issuers")
    if done := saved(request, form, services.issuer_create, actor=request.user, message=_("The issuer was added."), then=back):
        return done
    return form_page(request, form, title=_("New issuer of documents"), back=back, status=422 if form.is_bound else 200)


@login_required
def directive_issuer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issuer = selectors.issuer_or_404(request.user, pk, Action.DIRECT)
    initial = {"body": issuer.body, "name": issuer.name, "symbol": issuer.symbol, "active": issuer.active, "version": issuer.version}
    form = IssuerEditForm(posted(request), initial=initial)
    back = reverse("directive_issuers") + f"?within={issuer.organization_id}"
    if done := saved(request, form, services.issuer_edit, actor=request.user, issuer=issuer, message=_("The issuer was saved."), then=back):
        return done
    title = _("Edit the issuer %(issuer)s") % {"issuer": issuer}
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200)


urlpatterns: list[URLPattern] = [
    path("issuers/", directive_issuers, name="directive_issuers"),
    path("issuers/new/", directive_issuer_new, name="directive_issuer_new"),
    path("issuers/<int:pk>/edit/", directive_issuer_edit, name="directive_issuer_edit"),
]
