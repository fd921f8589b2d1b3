"""Committee pages: the roles of a term with the forms that assign and end them, and the
size-rule warnings of an organization's subtree."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.forms import form_page, saved
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope
from partybuilding.organizations.models import CommitteeTerm, Organization

from . import selectors, services
from .forms import AssignForm, EndForm

PAGE_SIZE = 50


def _term_url(term: CommitteeTerm) -> str:
    return reverse("committee_term", args=[term.pk])


def _term_page(request: HttpRequest, term: CommitteeTerm, form: Any, title: Any, confirm: Any = "") -> HttpResponse:
    back = _term_url(term)
    crumbs = [(term.organization.name, reverse("organization_detail", args=[term.organization_id])), (f"{_('Term')} {term}", back)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, confirm=confirm)


@login_required
def committee_term(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.term_or_404(request.user, pk)
    org = term.organization
    today = timezone.localdate()
    rules = selectors.SizeRules.on(today)
    warnings = [w for o in selectors.offenders_in(request.user, org, today)[:PAGE_SIZE] for w in selectors.warnings_of(o, rules)]
    context = {
        "term": term,
        "org": org,
        "roles": selectors.term_roles(term),
        "today": today,
        "warnings": warnings,
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, org),
        "assign_form": AssignForm(initial={"since": today}),
    }
    return render(request, "members/committee_term.html", context)


@login_required
def committee_role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.term_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    form = AssignForm(request.POST or None, user=request.user, organization=term.organization, initial={"since": timezone.localdate()})
    if done := saved(
        request,
        form,
        services.committee_role_assign,
        actor=request.user,
        term=term,
        message=_("The role was recorded."),
        then=_term_url(term),
    ):
        return done
    return _term_page(request, term, form, _("Assign a committee role"))


@login_required
def committee_role_end(request: HttpRequest, pk: int) -> HttpResponse:
    role = selectors.role_or_404(request.user, pk)
    term = selectors.term_or_404(request.user, role.term_id, Action.MANAGE_MEMBERS)
    form = EndForm(request.POST or None, initial={"until": timezone.localdate()})
    if done := saved(
        request, form, services.committee_role_end, actor=request.user, role=role, message=_("The role was ended."), then=_term_url(term)
    ):
        return done
    title = _("End the role: %(name)s, %(role)s") % {"name": role.member.full_name, "role": role.get_role_display()}
    confirm = _("End %(name)s's role as %(role)s on the day given?") % {"name": role.member.full_name, "role": role.get_role_display()}
    return _term_page(request, term, form, title, confirm)


WARNING_SORTS = {"name": ("name",), "official": ("official",), "people": ("people",)}


@login_required
def committee_warnings(request: HttpRequest) -> HttpResponse:
    """Organizations of the scope that break the size rules, with the rule each breaks."""
    within = list_scope(request, Action.VIEW_MEMBERS)
    today = timezone.localdate()
    listing = Listing(request, WARNING_SORTS, per_page=PAGE_SIZE)
    page = listing.page(selectors.offenders_in(request.user, within, today))
    rules = selectors.SizeRules.on(today)
    rows: list[tuple[Organization, list[Any]]] = [(o, selectors.warnings_of(o, rules)) for o in page]
    context = {"within": within, "page": page, "listing": listing, "rows": rows, "rules": rules, "today": today}
    return render(request, "members/committee_warnings.html", context)
