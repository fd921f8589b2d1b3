from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core import paths
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, organization_or_404, require, scope_of
from partybuilding.organizations import selectors as org_selectors
from partybuilding.organizations.models import Organization

from . import services
from .forms import RoleAssignForm, ScopeForm, ThrottledAuthenticationForm, TokenForm
from .models import ApiToken, RoleAssignment, User
from .scope import SESSION_KEY


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def scope_set(request: HttpRequest) -> HttpResponse:
    """The scope picker: the user's own organizations, a search, and the choice itself."""
    if request.method != "POST":
        query = request.GET.get("q", "").strip()
        found = org_selectors.search(Organization.objects.visible_to(request.user), query)[:30] if query else []
        return render(
            request, "accounts/scope.html", {"tops": org_selectors.top_organizations(request.user), "found": found, "query": query}
        )
    form = ScopeForm(request.POST)
    org = organization_or_404(request.user, form.cleaned_data["organization"] if form.is_valid() else None)
    request.session[SESSION_KEY] = org.pk
    target = form.cleaned_data.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "home")


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_ROLES)
    form = RoleAssignForm(request.POST or None, initial={"organization": scope.pk})
    if request.method == "POST" and form.is_valid():
        org = organization_or_404(request.user, form.cleaned_data["organization"])
        require(request.user, Action.MANAGE_ROLES, org)
        try:
            services.role_assign(actor=request.user, user=form.cleaned_data["username"], role=form.cleaned_data["role"], organization=org)
        except Refusal as refusal:
            form.add_error(None, refusal.text)
        else:
            messages.success(request, _("Role assigned."))
            return redirect("role_list")
    assignments = (
        RoleAssignment.objects.filter(paths.subtree_q(scope.path, "organization__path"), revoked_at__isnull=True)
        .select_related("user", "organization")
        .order_by("organization__path", "user__username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        assignments = assignments.filter(user__username__icontains=query)
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/role_list.html", {"form": form, "page": page, "query": query})


@require_POST
@login_required
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = RoleAssignment.objects.filter(pk=pk, revoked_at__isnull=True).select_related("organization", "user").first()
    if assignment is None:
        raise Http404
    organization_or_404(request.user, assignment.organization_id)
    require(request.user, Action.MANAGE_ROLES, assignment.organization)
    services.role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("Role revoked."))
    return redirect("role_list")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = TokenForm(request.POST or None)
    new_key: str | None = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.token_create(actor=user, user=user, name=form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    return render(request, "accounts/token_list.html", {"form": form, "tokens": tokens, "new_key": new_key})


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, user=cast(User, request.user), revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("token_list")
