"""The pages of the study of resolutions: the campaigns carried out at an organization, a new
campaign, its page with the completion by scope, its sessions and their attendance, the
members not done (and their Excel export), a member's study outside a session and a note
recorded from paper, the close; and a member's own page of what they must still study."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core.audit import audit_export
from partybuilding.core.errors import Refusal
from partybuilding.core.forms import form_page, guarded, posted, saved, told
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, require, scope_of
from partybuilding.core.xlsx import xlsx_response
from partybuilding.members.records.selectors import own_record
from partybuilding.organizations.models import Organization

from .. import study_jobs
from ..choices import CampaignStatus
from ..forms.study import AttendanceForm, CampaignForm, CloseForm, NoteForm, SessionForm, StudyRecordForm
from ..models import Document, StudyCampaign
from ..selectors import study as selectors
from ..services import study as services

CAMPAIGN_SORTS = {"starts_on": ("starts_on",), "deadline": ("deadline",), "title": ("title",), "organization": ("org_path", "starts_on")}
NOT_DONE_SORTS = {"name": ("member__full_name",), "organization": ("member_path", "member__full_name")}


def _campaign_crumbs(campaign: StudyCampaign) -> list[tuple[str, str]]:
    return [
        (_("Study of resolutions"), reverse("directive_campaigns")),
        (campaign.title, reverse("directive_campaign", args=[campaign.pk])),
    ]


@login_required
def directive_campaigns(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, required=True)
    listing = Listing(request, CAMPAIGN_SORTS, per_page=50)
    rows = selectors.campaigns_at(request.user, scope).order_by("-starts_on", "-pk")
    context = {"within": scope, "listing": listing, "page": listing.page(rows), "may_open": can(request.user, Action.DIRECT, scope)}
    return render(request, "directives/campaign_list.html", context)


@login_required
def directive_campaign_new(request: HttpRequest) -> HttpResponse:
    org = scope_of(request, Action.DIRECT)
    chosen = None
    if request.GET.get("document"):
        chosen = Document.objects.visible_to(request.user).filter(pk=request.GET["document"]).first() if request.GET["document"].isdigit() else None  # fmt: skip
    today = timezone.localdate()
    form = CampaignForm(posted(request), user=request.user, chosen=chosen, initial={"starts_on": today, "members_on": today})
    if done := saved(
        request,
        form,
        study_jobs.campaign_start,
        actor=request.user,
        organization=org,
        message=_("The campaign was opened."),
        then=_after_start,
    ):
        return done
    title = _("New study campaign — %(org)s") % {"org": org.name}
    note = _("The members who must study are the organization's official and probationary members on the date given.")
    crumbs = [(_("Study of resolutions"), reverse("directive_campaigns")), (title, request.path)]
    return form_page(request, form, title=title, back=reverse("directive_campaigns"), crumbs=crumbs, note=note, template="directives/study_form.html", status=422 if form.is_bound else 200)  # fmt: skip


def _after_start(campaign: StudyCampaign) -> str:
    """The campaign's page, or the job's while its list of members is being made."""
    job = study_jobs.list_job(campaign) if campaign.status == CampaignStatus.PREPARING else None
    return reverse("job_page", args=[job.pk]) if job else reverse("directive_campaign", args=[campaign.pk])


@login_required
def directive_campaign(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_or_404(request.user, pk)
    org = selectors.completion_scope(campaign, request.user, request.GET.get("within"), scope_of(request))
    total, children = selectors.completion(campaign, org)
    today = timezone.localdate()
    context = {
        "campaign": campaign,
        "org": org,
        "total": total,
        "children": children,
        "documents": [(d, selectors.document_url(d)) for d in campaign.documents.order_by("date", "pk")],
        "sessions": selectors.sessions_at(campaign, request.user, org),
        "days": (campaign.deadline - today).days,
        "may_direct": can(request.user, Action.DIRECT, campaign.organization),
        "may_hold": can(request.user, Action.DIRECT, org),
        "sees_members": can(request.user, Action.VIEW_MEMBERS, org),
        "job": study_jobs.list_job(campaign) if campaign.status == CampaignStatus.PREPARING else None,
    }
    return render(request, "directives/campaign_detail.html", context)


@require_POST
@login_required
def directive_campaign_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the list of members again, after a job that failed."""
    campaign = selectors.campaign_or_404(request.user, pk, Action.DIRECT)
    try:
        job = study_jobs.list_start(actor=request.user, campaign=campaign)
    except Refusal as refusal:
        messages.error(request, refusal.text)
        return redirect("directive_campaign", campaign.pk)
    messages.success(request, _("The list of members is being made.") if job else _("The list of members was made."))
    return redirect(reverse("job_page", args=[job.pk]) if job else reverse("directive_campaign", args=[campaign.pk]))


@login_required
def directive_campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_or_404(request.user, pk, Action.DIRECT)
    form = CloseForm(posted(request), today=timezone.localdate(), initial={"version": campaign.version})
    back = reverse("directive_campaign", args=[campaign.pk])
    if request.method == "POST" and form.is_valid():
        params = {"date": form.cleaned_data["date"], "expected_version": form.cleaned_data.get("version")}
        if guarded(form, services.campaign_close, actor=request.user, campaign=campaign, **params) is not None:
            messages.success(request, _("The campaign was closed."))
            return redirect(back)
    title = _("Close the campaign")
    note = _("Once closed, attendance and study notes are no longer recorded.")
    crumbs = [*_campaign_crumbs(campaign), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, note=note, confirm=_("Close the campaign?"), template="directives/study_form.html", status=422 if form.is_bound else 200)  # fmt: skip


@login_required
def directive_session_new(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_or_404(request.user, pk)
    working = scope_of(request)
    below = working is not None and working.path.startswith(campaign.org_path) and can(request.user, Action.DIRECT, working)
    if not below:  # a session is held by the campaign's organization or one under it
        require(request.user, Action.DIRECT, campaign.organization)
    initial = {"organization": working if below else campaign.organization}
    form = SessionForm(posted(request), user=request.user, initial=initial)
    back = reverse("directive_campaign", args=[campaign.pk])

    def create(**fields: object) -> object:
        return services.session_create(actor=request.user, campaign=campaign, **fields)  # type: ignore[arg-type]

    if done := saved(request, form, create, message=_("The session was recorded; tick who attended."), then=lambda s: reverse("directive_session_attendance", args=[s.pk])):  # fmt: skip
        return done
    title = _("New study session")
    crumbs = [*_campaign_crumbs(campaign), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200)


@login_required
def directive_session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_or_404(request.user, pk, Action.DIRECT)
    rows = list(services.session_assignments(session))
    form = AttendanceForm(posted(request), rows=rows, session_id=session.pk)
    back = reverse("directive_campaign", args=[session.campaign_id])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if guarded(form, services.attendance_record, actor=request.user, session=session, present=data["present"], excused=data["excused"]):
            messages.success(request, _("The attendance was recorded."))
            return redirect(reverse("directive_session_attendance", args=[session.pk]))
    checked = {name: _ticked(form, name) for name in ("present", "excused")}
    context = {"session": session, "campaign": session.campaign, "form": form, "rows": rows, "back": back, **checked}
    return render(request, "directives/study_attendance.html", context, status=422 if form.is_bound else 200)


def _ticked(form: AttendanceForm, name: str) -> set[int]:
    """The member ids ticked in a column: as sent, or as recorded."""
    values = form.data.getlist(name) if form.is_bound else form.initial.get(name, [])  # type: ignore[attr-defined]
    return {int(v) for v in values if str(v).isdigit()}


def _not_done(request: HttpRequest, pk: int) -> tuple[StudyCampaign, Organization]:
    campaign = selectors.campaign_or_404(request.user, pk)
    org = selectors.completion_scope(campaign, request.user, request.GET.get("within"), scope_of(request))
    require(request.user, Action.VIEW_MEMBERS, org)
    return campaign, org


@login_required
def directive_campaign_not_done(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, org = _not_done(request, pk)
    listing = Listing(request, NOT_DONE_SORTS, per_page=50)
    rows = selectors.members_not_done(campaign, org).order_by("member_path", "member__full_name", "pk")
    context = {"campaign": campaign, "org": org, "listing": listing, "page": listing.page(rows), "may_record": can(request.user, Action.DIRECT, org)}  # fmt: skip
    return render(request, "directives/campaign_not_done.html", context)


@login_required
def directive_campaign_not_done_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    campaign, org = _not_done(request, pk)
    rows = list(selectors.members_not_done(campaign, org).order_by("member_path", "member__full_name", "pk"))
    audit_export(actor=request.user, what="directives.study_not_done", rows=len(rows), within=org, campaign=campaign.pk)
    header = [_("Member"), _("Party organization"), _("How the member studied"), _("Studied on"), _("Note written on")]
    lines = ([r.member.full_name, r.member.organization.name, display(r, "way"), r.studied_on, r.note_written_on] for r in rows)
    return xlsx_response(campaign.title, header, lines, filename=f"study-not-done-{campaign.pk}-{org.code}.xlsx")


@login_required
def directive_study_record(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's make-up or online study, or their excuse, recorded by their organization."""
    assignment = selectors.assignment_or_404(request.user, pk, Action.DIRECT)
    form = StudyRecordForm(posted(request), initial={"studied_on": timezone.localdate()})
    back = reverse("directive_campaign_not_done", args=[assignment.campaign_id])
    if done := saved(request, form, services.study_record, actor=request.user, assignment=assignment, message=_("The study was recorded."), then=back):  # fmt: skip
        return done
    title = _("Study of %(name)s") % {"name": assignment.member.full_name}
    crumbs = [*_campaign_crumbs(assignment.campaign), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200)


@login_required
def directive_study_note(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's study note recorded from paper by their organization."""
    assignment = selectors.assignment_or_404(request.user, pk, Action.DIRECT)
    form = NoteForm(posted(request), initial={"note": assignment.note})
    back = reverse("directive_campaign_not_done", args=[assignment.campaign_id])
    if done := saved(request, form, services.note_write, actor=request.user, assignment=assignment, message=_("The study note was saved."), then=back):  # fmt: skip
        return done
    title = _("Study note of %(name)s") % {"name": assignment.member.full_name}
    crumbs = [*_campaign_crumbs(assignment.campaign), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200)


@login_required
def directive_my_study(request: HttpRequest) -> HttpResponse:
    member = own_record(request.user)
    if member is None:
        raise Http404
    today = timezone.localdate()
    rows = list(selectors.my_assignments(member))
    items = [
        {
            "assignment": row,
            "days": (row.campaign.deadline - today).days,
            "documents": [(d, selectors.document_url(d)) for d in row.campaign.documents.order_by("date", "pk")],
            "form": NoteForm(initial={"note": row.note}, prefix=f"a{row.pk}"),
        }
        for row in rows
    ]
    return render(request, "directives/study_mine.html", {"member": member, "items": items})


@require_POST
@login_required
def directive_my_study_note(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.own_assignment_or_404(own_record(request.user), pk)
    form = NoteForm(request.POST, prefix=f"a{assignment.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        told(request, services.note_write, actor=request.user, assignment=assignment, note=form.cleaned_data["note"], message=_("Your study note was saved."))  # fmt: skip
    return redirect("directive_my_study")


urlpatterns: list[URLPattern] = [
    path("study/", directive_campaigns, name="directive_campaigns"),
    path("study/new/", directive_campaign_new, name="directive_campaign_new"),
    path("study/mine/", directive_my_study, name="directive_my_study"),
    path("study/mine/<int:pk>/note/", directive_my_study_note, name="directive_my_study_note"),
    path("study/<int:pk>/", directive_campaign, name="directive_campaign"),
    path("study/<int:pk>/list/", directive_campaign_list, name="directive_campaign_list"),
    path("study/<int:pk>/close/", directive_campaign_close, name="directive_campaign_close"),
    path("study/<int:pk>/sessions/new/", directive_session_new, name="directive_session_new"),
    path("study/<int:pk>/not-done/", directive_campaign_not_done, name="directive_campaign_not_done"),
    path("study/<int:pk>/not-done.xlsx", directive_campaign_not_done_xlsx, name="directive_campaign_not_done_xlsx"),
    path("study/sessions/<int:pk>/", directive_session_attendance, name="directive_session_attendance"),
    path("study/assignments/<int:pk>/record/", directive_study_record, name="directive_study_record"),
    path("study/assignments/<int:pk>/note/", directive_study_note, name="directive_study_note"),
]
