from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuilding.core import paths
from partybuilding.core.errors import Refusal
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, is_superuser, organization_or_404, require, scope_of
from partybuilding.organizations import selectors as org_selectors
from partybuilding.organizations.models import Organization

from . import services, throttle, two_factor
from .forms import CodeForm, EnrolForm, RoleAssignForm, ScopeForm, ThrottledAuthenticationForm, TokenForm, TwoFactorActionForm
from .models import ApiToken, RoleAssignment, User
from .scope import SESSION_KEY

ROLE_SORTS = {
    "user": ("user__username",),
    "role": ("role", "user__username"),
    "organization": ("organization__path", "user__username"),
    "since": ("granted_at",),
}


class LoginView(auth_views.LoginView):
    """The password step; a user who owes a second factor goes on to it (or to set it up)."""

    authentication_form = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: ThrottledAuthenticationForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        state = two_factor.state_of(form.get_user())
        if state.needed:
            step = "two_factor_verify" if state.has_device else "two_factor_enrol"
            return redirect(_with_next(step, self.get_success_url()))
        return response


def _next_url(request: HttpRequest) -> str:
    """Where to go once the second step is done: the page asked for, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(route: str, target: str) -> str:
    return f"{reverse(route)}?{urlencode({'next': target})}"


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user = cast(User, request.user)
    target = _next_url(request)
    state = two_factor.state_of(user)
    if not two_factor.pending(request):
        return redirect(target)
    if not state.has_device:
        return redirect(_with_next("two_factor_enrol", target))
    form = CodeForm(request.POST or None, initial={"next": target})
    if request.method == "POST" and form.is_valid():
        counters = throttle.code_counters(request, user.pk)
        try:
            throttle.take_slot(counters)
        except throttle.Throttled as refused:
            form.add_error(None, refused.message)
        else:
            device = services.second_factor_check(user=user, code=form.cleaned_data["code"], address=throttle.client_address(request))
            if device is None:
                form.add_error(
                    "code", _("This code is not right. Check that the time on your phone is correct, or use one of your recovery codes.")
                )
            else:
                throttle.succeeded(counters)
                two_factor.mark_verified(request, device)
                _warn_when_few_codes_left(request, user, device)
                return redirect(target)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def _warn_when_few_codes_left(request: HttpRequest, user: User, device: Device) -> None:
    if not isinstance(device, StaticDevice):
        return
    left = two_factor.recovery_codes_left(user)
    if left <= 3:
        messages.warning(
            request,
            _("You have %(count)d recovery codes left. Make new ones on the Two-factor sign-in page.") % {"count": left},
        )


@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Setting up the authenticator app (or a new phone): scan the code, confirm with the
    code the app shows, then note the recovery codes, shown this once."""
    user = cast(User, request.user)
    target = _next_url(request)
    if two_factor.pending(request) and two_factor.state_of(user).has_device:
        return redirect(_with_next("two_factor_verify", target))  # a password alone does not replace a device
    device = two_factor.new_authenticator(request)
    form = EnrolForm(request.POST or None, initial={"next": target})
    if request.method == "POST" and form.is_valid():
        counters = throttle.code_counters(request, user.pk)
        try:
            throttle.take_slot(counters)
            codes = services.two_factor_enrol(
                actor=user, device=device, code=form.cleaned_data["code"], address=throttle.client_address(request)
            )
        except throttle.Throttled as refused:
            form.add_error(None, refused.message)
        except Refusal as refusal:
            form.add_error("code", refusal.text)
        else:
            throttle.succeeded(counters)
            request.session.pop(two_factor.NEW_KEY_SESSION_KEY, None)
            two_factor.mark_verified(request, device)
            return _recovery_codes_page(request, codes, target)
    state = two_factor.state_of(user)
    context = {
        "form": form,
        "qr": mark_safe(two_factor.qr_svg(device)),  # noqa: S308 (segno's SVG of our own URL: no user text)
        "secret": two_factor.secret_text(device),
        "state": state,
        "replacing": state.has_device,
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _recovery_codes_page(request: HttpRequest, codes: list[str], target: str) -> HttpResponse:
    return render(request, "accounts/two_factor_codes.html", {"codes": [two_factor.code_text(c) for c in codes], "next": target})


@login_required
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """The user's two-factor sign-in: whether it is required and set up, new recovery
    codes, and turning it off where no rule requires it."""
    user = cast(User, request.user)
    state = two_factor.state_of(user)
    form = TwoFactorActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["action"] == TwoFactorActionForm.NEW_CODES:
            try:
                codes = services.recovery_codes_renew(actor=user)
            except Refusal as refusal:
                messages.error(request, refusal.text)
            else:
                return _recovery_codes_page(request, codes, reverse("two_factor"))
        elif state.required:
            messages.error(request, _("Your roles require two-factor sign-in: it cannot be turned off (two-factor sign-in rule)."))
        else:
            services.two_factor_reset(actor=user, user=user)
            messages.success(request, _("Two-factor sign-in is turned off."))
        return redirect("two_factor")
    device = two_factor.authenticator(user)
    context = {
        "state": state,
        "device": device,
        "codes_left": two_factor.recovery_codes_left(user) if device else 0,
    }
    return render(request, "accounts/two_factor.html", context)


@require_POST
@login_required
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator removes another user's second factor (a lost phone): the user sets
    it up again at the next sign-in."""
    target = User.objects.filter(pk=pk).first()
    if target is None:
        raise Http404
    may_reset_two_factor_or_404(request.user, target)
    removed = services.two_factor_reset(actor=request.user, user=target)
    if removed:
        messages.success(
            request, _("The two-factor sign-in of %(user)s was reset: they set it up again at their next sign-in.") % {"user": target}
        )
    else:
        messages.info(request, _("%(user)s had no two-factor sign-in set up.") % {"user": target})
    return redirect("role_list")


def may_reset_two_factor_or_404(actor: Any, target: User) -> None:
    """Resetting someone's second factor needs the right to manage roles over every
    organization where they hold a role (a superuser's or staff member's, a superuser's
    word alone); a user none of whose organizations the actor sees is missing (404)."""
    if is_superuser(actor):
        return
    if target.is_superuser or target.is_staff:
        raise Http404
    orgs = [a.organization for a in RoleAssignment.objects.filter(user=target, revoked_at__isnull=True).select_related("organization")]
    if not any(can(actor, Action.VIEW, org) for org in orgs):
        raise Http404
    if not all(can(actor, Action.MANAGE_ROLES, org) for org in orgs):
        raise PermissionDenied


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
    listing = Listing(request, ROLE_SORTS, per_page=50)
    page = listing.page(assignments)
    with_device = set(TOTPDevice.objects.filter(user_id__in=[a.user_id for a in page], confirmed=True).values_list("user_id", flat=True))
    return render(
        request, "accounts/role_list.html", {"form": form, "page": page, "listing": listing, "query": query, "with_device": with_device}
    )


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
