"""Committee pages: the roles of a term with the forms that assign and end them, and the
size-rule warnings of an organization's subtree."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.forms import date_field, guarded
from partybuilding.core.scope import Action, can, list_scope, organization_or_404, require
from partybuilding.organizations.models import CommitteeTerm, Organization

from .. import committees, selectors
from ..choices import CommitteeRoleKind
from ..models import CommitteeRole, Member
from .records import visible_members

PAGE_SIZE = 50


class AssignForm(forms.Form):
    member = forms.CharField(
        label=gettext_lazy("Member (card number or full name)"), max_length=150, help_text=gettext_lazy("A member of the organization.")
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=CommitteeRoleKind.choices)
    since = date_field(gettext_lazy("Since"))


class EndForm(forms.Form):
    until = date_field(gettext_lazy("No longer held from"))


def term_or_404(request: HttpRequest, pk: int) -> CommitteeTerm:
    term = CommitteeTerm.objects.select_related("organization").filter(pk=pk).first()
    if term is None:
        raise Http404
    organization_or_404(request.user, term.organization_id)  # outside the scope: missing
    require(request.user, Action.VIEW_MEMBERS, term.organization)
    return term


def _member_of(request: HttpRequest, form: AssignForm, org: Organization) -> Member | None:
    """The one member of `org`'s subtree the text names, or a form error."""
    text = form.cleaned_data["member"].strip()
    found = list(selectors.search(selectors.in_subtree(visible_members(request).in_list(), org), text)[:2])
    if len(found) != 1:
        message = _("No member of %(org)s matches.") if not found else _("Several members of %(org)s match; give the card number.")
        form.add_error("member", message % {"org": org.name})
        return None
    return found[0]


@login_required
def committee_term(request: HttpRequest, pk: int) -> HttpResponse:
    term = term_or_404(request, pk)
    org = term.organization
    today = timezone.localdate()
    orgs = Organization.objects.visible_to(request.user, Action.VIEW_MEMBERS).within(org)
    rules = committees.SizeRules.on(today)
    warnings = [w for o in committees.offenders(orgs, today)[:PAGE_SIZE] for w in committees.warnings_of(o, rules)]
    context = {
        "term": term,
        "org": org,
        "roles": committees.term_roles(term),
        "today": today,
        "warnings": warnings,
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, org),
        "assign_form": AssignForm(initial={"since": today}),
    }
    return render(request, "members/committee_term.html", context)


@login_required
def committee_role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    term = term_or_404(request, pk)
    require(request.user, Action.MANAGE_MEMBERS, term.organization)
    form = AssignForm(request.POST or None, initial={"since": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        member = _member_of(request, form, term.organization)
        if member is not None:
            d = form.cleaned_data
            done = guarded(
                form,
                lambda: committees.committee_role_assign(actor=request.user, term=term, member=member, role=d["role"], since=d["since"]),
            )
            if done is not None:
                messages.success(request, _("The role was recorded."))
                return redirect("committee_term", pk=term.pk)
    return render(request, "members/committee_form.html", {"form": form, "term": term, "title": _("Assign a committee role")})


@login_required
def committee_role_end(request: HttpRequest, pk: int) -> HttpResponse:
    role = CommitteeRole.objects.select_related("term", "member").filter(pk=pk).first()
    if role is None:
        raise Http404
    term = term_or_404(request, role.term_id)
    require(request.user, Action.MANAGE_MEMBERS, term.organization)
    form = EndForm(request.POST or None, initial={"until": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = guarded(form, lambda: committees.committee_role_end(actor=request.user, role=role, until=form.cleaned_data["until"]))
        if done is not None:
            messages.success(request, _("The role was ended."))
            return redirect("committee_term", pk=term.pk)
    title = _("End the role: %(name)s, %(role)s") % {"name": role.member.full_name, "role": role.get_role_display()}
    return render(request, "members/committee_form.html", {"form": form, "term": term, "title": title})


@login_required
def committee_warnings(request: HttpRequest) -> HttpResponse:
    """Organizations of the scope that break the size rules, with the rule each breaks."""
    within = list_scope(request, Action.VIEW_MEMBERS)
    today = timezone.localdate()
    orgs = Organization.objects.visible_to(request.user, Action.VIEW_MEMBERS).within(within)
    page = Paginator(committees.offenders(orgs, today), PAGE_SIZE).get_page(request.GET.get("page"))
    rules = committees.SizeRules.on(today)
    rows: list[tuple[Organization, list[Any]]] = [(o, committees.warnings_of(o, rules)) for o in page]
    context = {"within": within, "page": page, "rows": rows, "rules": rules, "today": today}
    return render(request, "members/committee_warnings.html", context)


urlpatterns = [
    path("committees/warnings/", committee_warnings, name="committee_warnings"),
    path("committees/terms/<int:pk>/", committee_term, name="committee_term"),
    path("committees/terms/<int:pk>/assign/", committee_role_assign, name="committee_role_assign"),
    path("committees/roles/<int:pk>/end/", committee_role_end, name="committee_role_end"),
]
