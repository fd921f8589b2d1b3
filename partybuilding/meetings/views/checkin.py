"""Check-in by QR code: the secretary's screen (the rotating code and the arrivals, both
refreshed by htmx), the page a member's phone opens by scanning, a member's leave request,
and the settling of two marks that disagreed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partybuilding.core.errors import Refusal
from partybuilding.core.forms import form_page, saved, told
from partybuilding.core.scope import Action

from .. import checkin, roster, selectors, services
from ..choices import Presence
from ..forms import LeaveForm, SettleForm
from ..models import Meeting
from ..services.base import refuse_closed

SCANNED = "meetings.scanned"  # the session's note of a code scanned before signing in
SIGN_IN_GRACE = dt.timedelta(minutes=15)  # time to sign in after scanning, the scan's time counting


@login_required
def meeting_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's check-in screen; `?part=code` and `?part=arrivals` are its two
    fragments, which the page polls."""
    meeting = selectors.meeting_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    part = request.GET.get("part")
    if part == "code":
        return render(request, "meetings/_checkin_code.html", _code_context(request, meeting))
    context = _arrivals_context(meeting)
    if part == "arrivals":
        return render(request, "meetings/_arrivals.html", context)
    return render(request, "meetings/checkin.html", {**context, **_code_context(request, meeting)})


def _code_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    moment = checkin.now()
    context: dict[str, Any] = {"meeting": meeting, "window": checkin.window_of(meeting)}
    try:
        refuse_closed(meeting)
        code = checkin.code_for(meeting, moment)
    except Refusal as refusal:
        return {**context, "refused": refusal.text, "refresh": 30}
    url = request.build_absolute_uri(reverse("meeting_scan", args=[code]))
    qr = _drawn(url)
    rotate = context["window"].rotate_seconds
    return {**context, "qr": qr, "url": url, "expires": checkin.code_expires(meeting, moment), "refresh": max(rotate // 2, 3)}


def _drawn(url: str) -> str:
    """The QR code as inline SVG, large for a screen in the room, and with its view box so
    that a phone's narrow screen shrinks it whole (the stylesheet caps its width)."""
    code = segno.make(url, error="m")
    width, height = code.symbol_size(scale=8, border=4)
    svg = code.svg_inline(scale=8, border=4, dark="#000", light="#fff", svgclass="qr", omitsize=True)
    return str(svg).replace("<svg ", f'<svg width="{width}" height="{height}" ', 1)


def _arrivals_context(meeting: Meeting) -> dict[str, Any]:
    expected = roster.expected(meeting.organization, meeting.kind, meeting.date)
    marked = {a.member_id: a for a in selectors.arrivals(meeting)}
    leave = {r.member_id: r for r in selectors.leave_requests(meeting)}
    waiting = [(e, leave.get(e.member.pk)) for e in expected if e.member.pk not in marked and e.required]
    rows = list(marked.values())
    return {
        "meeting": meeting,
        "arrivals": rows,
        "present": sum(1 for a in rows if a.presence == Presence.PRESENT),
        "late": sum(1 for a in rows if a.presence == Presence.PRESENT and a.late),
        "expected_count": sum(1 for e in expected if e.required),
        "waiting": waiting,
        "conflicts": selectors.open_conflicts(meeting),
    }


@require_GET
def meeting_scan(request: HttpRequest, meeting_code: str) -> HttpResponse:
    """What a member's phone opens from the code: signed in, they are marked present (the
    URL is the check-in, as the camera opens it; a second scan changes nothing). Not signed
    in, the scan's time is noted and they come back here after signing in."""
    code = meeting_code
    if not request.user.is_authenticated:
        request.session[SCANNED] = {"code": code, "at": checkin.now().isoformat()}
        return redirect_to_login(request.get_full_path())
    scanned_at = checkin.now()
    noted = request.session.pop(SCANNED, None)
    if noted and noted.get("code") == code:
        at = dt.datetime.fromisoformat(noted["at"])
        if scanned_at - at <= SIGN_IN_GRACE:
            scanned_at = at
    member = selectors.own_cell_member(request.user)
    context: dict[str, Any] = {"member": member}
    try:
        row = services.checkin_scan(actor=request.user, member=member, code=code, scanned_at=scanned_at)
    except Refusal as refusal:
        context["refused"] = refusal
    else:
        context.update(row=row, meeting=row.meeting)
    return render(request, "meetings/scan.html", context)


def _own_meeting(request: HttpRequest, pk: int) -> tuple[Meeting, Any]:
    """A meeting of the signed-in member's own cell, and the member (404 otherwise)."""
    member = selectors.own_cell_member(request.user)
    meeting = Meeting.objects.select_related("organization").filter(pk=pk).first()
    if member is None or meeting is None or meeting.organization_id != member.organization_id:
        raise Http404
    return meeting, member


@login_required
def meeting_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """A member asks for leave from a meeting of their cell, before it starts."""
    meeting, member = _own_meeting(request, pk)
    asked = selectors.leave_of(meeting, member)
    form = LeaveForm(request.POST or None, initial={"reason": asked.reason if asked else ""})
    if done := saved(
        request,
        form,
        services.leave_request,
        actor=request.user,
        meeting=meeting,
        member=member,
        message=_("Your leave request was sent to the secretary."),
        then=reverse("my_meetings"),
    ):
        return done
    title = _("Ask for leave: %(kind)s of %(date)s") % {"kind": meeting.get_kind_display(), "date": meeting.date.strftime("%d/%m/%Y")}
    back = reverse("my_meetings")
    return form_page(request, form, title=title, back=back, crumbs=[(_("My cell's meetings"), back)])


@require_POST
@login_required
def conflict_settle(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = selectors.conflict_or_404(request.user, pk)
    form = SettleForm(request.POST)
    keep = form.cleaned_data["keep"] if form.is_valid() else ""
    told(request, services.conflict_settle, actor=request.user, conflict=conflict, keep=keep, message=_("The attendance was settled."))
    return redirect("meeting_detail", pk=conflict.meeting_id)
