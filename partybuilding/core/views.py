"""The pages of the kernel itself: the rules in force on a date, the audit log, the
favicon browsers ask for at /favicon.ico, and the choice of a larger text."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import audit_scope
from .calendar import add_working_days
from .forms import RulesDateForm
from .listing import Listing
from .models import AuditEntry
from .rules import rules_in_force
from .scope import Action, can, scope_of

AUDIT_SORTS = {"id": ("id",), "when": ("at",), "who": ("actor_name",), "action": ("action",)}


FAVICON = Path(__file__).parent / "static" / "core" / "favicon.svg"


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico of pages that name no icon (a PDF, a file, an error): the
    static one, for everyone, kept a day."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


TEXT_SIZES = ("normal", "large")


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Larger text for older members, kept by the device (a cookie, for a year) and applied by
    the page itself (`html.large-text`), signed in or not; back to the page it was asked on."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    response = HttpResponseRedirect(back)
    size = request.POST.get("size")
    if size in TEXT_SIZES:
        response.set_cookie(
            "text_size", size, max_age=365 * 24 * 3600, samesite="Lax", httponly=True, secure=settings.SESSION_COOKIE_SECURE
        )
    return response


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    form = RulesDateForm(request.GET or None)
    on = timezone.localdate()
    after = None
    if form.is_valid():
        on = form.cleaned_data.get("on") or on
        if form.cleaned_data.get("working_days") is not None:
            after = add_working_days(on, form.cleaned_data["working_days"])
    return render(request, "core/rules.html", {"form": form, "on": on, "rules": rules_in_force(on), "after": after})


@login_required
def audit_log(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """The audit log of one object, for an administrator of its organization."""
    org = audit_scope.organization_of(object_type, object_id)
    if org is None or not can(request.user, Action.VIEW_AUDIT, org):
        raise Http404
    entries = AuditEntry.objects.filter(object_type=object_type, object_id=object_id).select_related("actor").order_by("-id")
    listing = Listing(request, AUDIT_SORTS, per_page=50, tie_breaker="id")
    page = listing.page(entries)
    context = {"page": page, "listing": listing, "org": org, "object_type": object_type, "object_id": object_id}
    return render(request, "core/audit_log.html", context)


@login_required
def audit_recent(request: HttpRequest) -> HttpResponse:
    """The whole log, newest first: superusers only (entries of every scope)."""
    if not request.user.is_superuser:
        raise Http404
    entries = AuditEntry.objects.select_related("actor").order_by("-id")
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    listing = Listing(request, AUDIT_SORTS, per_page=50, tie_breaker="id")
    page = listing.page(entries)
    return render(
        request, "core/audit_log.html", {"page": page, "listing": listing, "org": scope_of(request), "recent": True, "action": action}
    )
