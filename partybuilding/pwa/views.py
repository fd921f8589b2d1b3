"""The phone app's pages: the manifest and the service worker that make the site
installable, the list of what a device keeps (a page it did not keep shows the static
`pwa/offline.html`), and the secretary's two screens that work without a connection (a
meeting's attendance, the month's cash dues), whose entries wait on the device until the
server has them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partybuilding.core.scope import Action, organization_or_404, require
from partybuilding.dues.selectors import collection_rows
from partybuilding.meetings import roster
from partybuilding.meetings.selectors import meeting_or_404

from . import selectors

# What every screen needs, kept by the worker when it installs: the stylesheet, the scripts, the icons.
SHELL = (
    "core/app.css",
    "core/app.js",
    "vendor/htmx/htmx.min.js",
    "pwa/outbox.js",
    "pwa/offline.html",
    "core/favicon.svg",
    "pwa/icon-192.png",
)


def manifest(request: HttpRequest) -> HttpResponse:
    icons = [
        {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("pwa/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    data = {
        "name": _("Party Building"),
        "short_name": _("Party Building"),
        "description": _("The Party cell's meetings, dues and records, on the phone."),
        "lang": get_language(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": "#a4161a",
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@cache
def _version() -> str:
    """Changes when a file of the shell or the worker changes, so that the browser installs
    the new worker and drops the old shell."""
    digest = hashlib.sha256()
    for name in (*SHELL, "pwa/sw.js"):
        found = finders.find(name)
        if found:
            digest.update(Path(str(found)).read_bytes())
    return digest.hexdigest()[:12]


def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root, so that it controls every page; the shell's addresses come from
    the static storage (hashed names in production)."""
    found = finders.find("pwa/sw.js")
    if not found:
        raise Http404
    source = Path(str(found)).read_text(encoding="utf-8")
    setup = {
        "version": _version(),
        "shell": [static(n) for n in SHELL],
        "offline": static("pwa/offline.html"),
        "pages": reverse("pwa_pages"),
    }
    source = f"const SETUP = {json.dumps(setup)};\n{source}"
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def pages_to_keep(request: HttpRequest) -> JsonResponse:
    """What the device keeps for the signed-in user (`selectors.Kept`); nothing for a visitor,
    so that a device whose user signed out forgets what it kept."""
    if not request.user.is_authenticated:
        return JsonResponse({"user": "", "pages": [], "ahead": []})
    kept = selectors.kept_for(request.user)
    return JsonResponse({"user": selectors.device_key(request.user), "pages": kept.pages, "ahead": kept.ahead})


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's attendance, marked one member at a time on the phone; each mark waits on
    the device until the server has it (the API's attendance marks)."""
    meeting = meeting_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    expected = roster.expected(meeting.organization, meeting.kind, meeting.date)
    marked = {a.member_id: a for a in meeting.attendance.all()}
    rows = [{"member": e.member, "required": e.required, "marked": marked.get(e.member.pk)} for e in expected]
    context = {"meeting": meeting, "rows": rows, "api": f"/api/meetings/{meeting.pk}/attendance/marks"}
    return render(request, "pwa/attendance.html", context)


@login_required
def cash(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponse:
    """The month's dues collected in cash, one member at a time; each payment waits on the
    device until the server has it (the API's payments, recorded once per submission)."""
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.MANAGE_MEMBERS, org)
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    the_month = dt.date(year, month, 1)
    context = {"org": org, "month": the_month, "rows": collection_rows(org, the_month), "today": timezone.localdate()}
    return render(request, "pwa/cash.html", context)
