"""Recording a meeting: what happened, attendance, attached files, the minutes as PDF.
Once the meeting is closed, the same forms make an amendment, with its reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core.files import attachment
from partybuilding.core.forms import guarded
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action

from .. import roster, selectors, services
from ..choices import Presence
from ..forms import AttendanceForm, DocumentForm, ItemFormSet, RecordForm
from ..models import Meeting
from ..services.base import present_count


def _managed(request: HttpRequest, pk: int) -> Meeting:
    return selectors.meeting_or_404(request.user, pk, Action.MANAGE_MEMBERS)


def _save(request: HttpRequest, meeting: Meeting, form: Any, **change: Any) -> Any:
    """Record while the meeting is open; amend (with the reason) once it is closed."""
    version = form.cleaned_data["version"]
    if meeting.is_closed:
        reason = form.cleaned_data["amendment_reason"]
        return guarded(
            form, lambda: services.meeting_amend(actor=request.user, meeting=meeting, reason=reason, expected_version=version, **change)
        )
    if "details" in change:
        return guarded(
            form, lambda: services.meeting_record(actor=request.user, meeting=meeting, details=change["details"], expected_version=version)
        )
    return guarded(
        form,
        lambda: services.attendance_record(actor=request.user, meeting=meeting, entries=change["attendance"], expected_version=version),
    )


@login_required
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    expected = roster.expected(meeting.organization, meeting.kind, meeting.date)
    initial = {
        "version": meeting.version,
        "chair": meeting.chair_id,
        "secretary": meeting.secretary_id,
        **{
            f: getattr(meeting, f)
            for f in ("date", "starts_at", "ends_at", "duration_minutes", "place", "title", "agenda", "discussion", "resolution")
        },
    }
    items_initial = [
        {"title": i.title, "votes_for": i.votes_for, "votes_against": i.votes_against, "votes_abstain": i.votes_abstain}
        for i in meeting.items.all()
    ]
    data = request.POST or None
    form = RecordForm(data, expected=expected, closed=meeting.is_closed, initial=initial)
    present, recorded = present_count(meeting, len(expected))
    items = ItemFormSet(data, initial=items_initial, prefix="items", form_kwargs={"present": present, "recorded": recorded})
    if request.method == "POST" and form.is_valid() and items.is_valid():
        found = [item for f in items if (item := f.item()) is not None]
        if _save(request, meeting, form, details=form.details(found)) is not None:
            messages.success(request, _("The meeting's record was saved."))
            return redirect("meeting_detail", pk=meeting.pk)
    context = {"form": form, "items": items, "meeting": meeting, "title": _("Record the meeting")}
    return render(request, "meetings/record.html", context)


@login_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Every expected member on one screen: a bounded number of queries whatever their number."""
    meeting = _managed(request, pk)
    expected = roster.expected(meeting.organization, meeting.kind, meeting.date)
    marked = {a.member_id: a for a in meeting.attendance.all()}
    leave = {r.member_id: r.reason for r in selectors.leave_requests(meeting)}
    # Once members check in, those not marked are chosen by hand rather than assumed present.
    unmarked = "" if marked else Presence.PRESENT
    initial: dict[str, Any] = {"version": meeting.version}
    for e in expected:
        row, asked = marked.get(e.member.pk), leave.get(e.member.pk)
        if row is None and asked is not None:  # a leave request: absent with its reason
            initial[f"p_{e.member.pk}"], initial[f"r_{e.member.pk}"] = Presence.EXCUSED, asked
        else:
            initial[f"p_{e.member.pk}"] = row.presence if row else (unmarked if e.required else "")
            initial[f"r_{e.member.pk}"] = row.reason if row else ""
        initial[f"c_{e.member.pk}"] = row.contributions if row else 0
    form = AttendanceForm(request.POST or None, expected=expected, closed=meeting.is_closed, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, meeting, form, attendance=form.entries()) is not None:
        messages.success(request, _("The attendance was saved."))
        return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "meetings/attendance.html", {"form": form, "meeting": meeting})


@require_POST
@login_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(services.meetings.MAX_DOCUMENT_BYTES + 1)
        if guarded(
            form,
            lambda: services.document_attach(
                actor=request.user, meeting=meeting, name=upload.name, content_type=upload.content_type or "", content=content
            ),
        ):
            messages.success(request, _("The file was attached."))
            return redirect("meeting_detail", pk=meeting.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("meeting_detail", pk=meeting.pk)


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """For the roles that see the meeting, and for the members of its own cell."""
    document = selectors.document_or_404(request.user, pk)
    return attachment(bytes(document.content), document.name, document.content_type)


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(request.user, pk)
    context = {**selectors.held(meeting), "org": meeting.organization, "parent": meeting.organization.parent, "today": timezone.localdate()}
    # The minutes are an official record of the Party: in Vietnamese whatever the page's language.
    with translation.override("vi"):
        return pdf_response(request, "meetings/pdf/minutes.html", context, f"bien-ban-{meeting.pk}.pdf")
