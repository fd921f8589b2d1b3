"""Disciplines and suspensions of Party activity: the list of a scope (filters, export), a
proposal or a discipline decided earlier, the discipline's page (facts, time limit, timeline,
next steps, appeals), each step's form; a suspension recorded and lifted early."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, posted, saved, step_page
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, organization_or_404, scope_of, visible_or_404
from partybuilding.core.xlsx import xlsx_response
from partybuilding.members.records.selectors import member_or_404

from ..choices import Body, DisciplineForm, DisciplineStatus, MemberContent, OrganizationContent
from ..forms.disciplines import DisciplineFilterForm, DisciplineNewForm, LiftForm, StepForm, SuspensionForm
from ..models import Case
from ..selectors import disciplines as selectors
from ..services import disciplines as services
from ..services.suspensions import suspension_lift, suspension_record
from ..timelimits import time_limit

CONTENT_LABELS = {**dict(OrganizationContent.choices), **dict(MemberContent.choices)}
SORTS = {
    "since": ("status_since",),
    "decided": ("decision_date",),
    "form": ("form_in_force",),
    "status": ("status",),
    "organization": ("org_path",),
}


def _listed(request: HttpRequest) -> tuple[DisciplineFilterForm, Any, Any]:
    scope = list_scope(request, Action.VIEW_MEMBERS, required=True)
    form = DisciplineFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, scope, selectors.discipline_rows(request.user, scope, filters, timezone.localdate())


@login_required
def inspection_disciplines(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _listed(request)
    listing = Listing(request, SORTS, per_page=50)
    context = {
        "form": form,
        "within": scope,
        "listing": listing,
        "page": listing.page(rows),
        "suspensions": selectors.suspension_rows(request.user, scope)[:50],
        "can_record": selectors.may_record_somewhere(request.user, scope),
        "querystring": request.GET.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/discipline_list.html", context)


@login_required
def inspection_disciplines_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    _form, scope, rows = _listed(request)
    header = [
        _("Subject"), _("Subject kind"), _("Committee member"), _("Deciding organization"), _("Deciding body"), _("Violation"),
        _("Date of the violation"), _("Form proposed"), _("Status"), _("Decision number"), _("Decision date"), _("Form decided"),
        _("Form in force"), _("Notice to"), _("Notice sent on"),
    ]  # fmt: skip
    count = rows.count()
    audit_export(actor=request.user, what="inspection.disciplines", rows=count, within=scope)  # members' names: personal data
    yes, no = _("Yes"), _("No")
    data = (
        [
            str(d.member.full_name if d.member else d.subject_organization),
            display(d, "subject"),
            (yes if d.committee_member else no) if d.member_id else "",
            d.organization.name,
            display(d, "body"),
            d.violation,
            d.violation_date,
            display(d, "proposed_form"),
            display(d, "status"),
            d.decision_number,
            d.decision_date,
            display(d, "form"),
            display(d, "form_in_force"),
            d.notice_to,
            d.notice_sent_on,
        ]
        for d in rows.iterator(chunk_size=2000)
    )
    return xlsx_response(_("Disciplines"), header, data, filename="disciplines.xlsx")


def _prefill(request: HttpRequest) -> tuple[dict[str, Any], Any]:
    """The form's first values from `?member=`, `?organization=`, `?case=`; and the organization
    the permission is checked over before anything is typed."""
    initial: dict[str, Any] = {"submission": uuid.uuid4(), "proposed_on": timezone.localdate()}
    where = scope_of(request)
    if pk := request.GET.get("member"):
        member = member_or_404(request.user, pk, Action.VIEW_MEMBERS)
        initial["member"] = member.card_number or member.full_name
        initial.update(organization=member.organization, body=Body.CELL)
        where = member.organization
    if pk := request.GET.get("organization"):
        target = organization_or_404(request.user, pk)
        initial["subject_organization"] = target
        if target.parent is not None:
            initial.update(organization=target.parent, body=Body.COMMITTEE)
        where = target
    if pk := request.GET.get("case"):
        case = visible_or_404(Case, request.user, pk, Action.INSPECT)
        initial.update(organization=case.organization, body=Body.COMMITTEE, violation=case.conclusion or case.findings, case=case.pk)
        if case.subject_member is not None:
            initial["member"] = case.subject_member.card_number or case.subject_member.full_name
        elif case.subject_organization is not None:
            initial["subject_organization"] = case.subject_organization
        where = case.organization
    return initial, where


@login_required
def inspection_discipline_new(request: HttpRequest) -> HttpResponse:
    initial, where = _prefill(request)
    if where is None:
        raise Http404
    if not selectors.may_record_somewhere(request.user, where):
        raise PermissionDenied
    form = DisciplineNewForm(posted(request), user=request.user, initial=initial)
    case = Case.objects.filter(pk=initial["case"]).first() if initial.get("case") else None

    def record(**params: Any) -> Any:
        selectors.require_record(request.user, params["organization"], params["body"])
        if "decision" in params:
            return services.discipline_record(actor=request.user, case=case, **params)
        return services.discipline_propose(actor=request.user, case=case, **params)

    if done := saved(
        request, form, record, message=_("The discipline was recorded."), then=lambda d: reverse("inspection_discipline", args=[d.pk])
    ):
        return done
    back = reverse("inspection_disciplines")
    title = _("Propose a discipline, or record one decided earlier")
    return form_page(
        request, form, title=title, back=back, status=422 if form.is_bound else 200,
        crumbs=[(_("Disciplines"), back), (title, request.path)],
    )  # fmt: skip


@login_required
def inspection_discipline(request: HttpRequest, pk: int) -> HttpResponse:
    discipline = selectors.discipline_or_404(request.user, pk)
    today = timezone.localdate()
    limit = time_limit(discipline) if discipline.status in (DisciplineStatus.PROPOSED, DisciplineStatus.EXPIRED) else None
    may = selectors.may_record(request.user, discipline.organization, discipline.body)
    settling = discipline.organization.parent
    context = {
        "d": discipline,
        "limit": limit,
        "limit_days": (limit.ends_on - today).days if limit and limit.ends_on else None,
        "content_labels": [CONTENT_LABELS.get(code, code) for code in discipline.contents],
        "steps": services.DISCIPLINE.labelled(
            discipline.steps.select_related("recorded_by").order_by("date", "pk"), proposed=_("Proposed")
        ),
        "offered": services.offered_steps(discipline) if may else [],
        "appeals": discipline.appeals.select_related("organization").order_by("-filed_on"),
        "pending": discipline.appeals.filter(status="filed").exists(),
        "can_appeal": discipline.status == DisciplineStatus.DECIDED
        and discipline.received_on is not None
        and settling is not None
        and can(request.user, Action.INSPECT, settling),
        "dissolution": discipline.form_in_force == DisciplineForm.DISSOLUTION and discipline.status == DisciplineStatus.DECIDED,
        "notice_days": (discipline.notice_due - today).days if discipline.notice_due and not discipline.notice_sent_on else None,
        "response_days": (discipline.response_due - today).days if discipline.response_due and not discipline.response_on else None,
        "today": today,
    }
    return render(request, "inspections/discipline_detail.html", context)


@login_required
def inspection_discipline_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    discipline = selectors.discipline_or_404(request.user, pk)
    if kind not in services.PAGE_STEPS:
        raise Http404
    selectors.require_record(request.user, discipline.organization, discipline.body)
    initial = {"version": discipline.version, "submission": uuid.uuid4()}
    form = StepForm(posted(request), kind=kind, record=discipline, initial=initial)
    expels = kind == "decide" and discipline.member_id is not None
    confirm = _("If the form decided is expulsion, %(name)s leaves the Party's list once this is saved. Go on?") % {
        "name": str(discipline.member)
    }
    back, listed = reverse("inspection_discipline", args=[discipline.pk]), (_("Disciplines"), reverse("inspection_disciplines"))
    return step_page(
        request, form, services.DISCIPLINE, kind, obj=discipline, back=back, listed=listed, confirm=confirm if expels else None
    )


@login_required
def inspection_suspension_new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"starts_on": timezone.localdate()}
    where = scope_of(request)
    if pk := request.GET.get("member"):
        member = member_or_404(request.user, pk, Action.VIEW_MEMBERS)
        initial.update(member=member.card_number or member.full_name, organization=member.organization, body=Body.CELL)
        where = member.organization
    if where is None:
        raise Http404
    if not selectors.may_record_somewhere(request.user, where):
        raise PermissionDenied
    form = SuspensionForm(posted(request), user=request.user, initial=initial)

    def record(**params: Any) -> Any:
        selectors.require_record(request.user, params["organization"], params["body"])
        return suspension_record(actor=request.user, **params)

    back = reverse("inspection_disciplines")
    if done := saved(request, form, record, message=_("The suspension was recorded."), then=back + "#suspensions"):
        return done
    title = _("Suspend a member's Party activity")
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200)


@login_required
def inspection_suspension_lift(request: HttpRequest, pk: int) -> HttpResponse:
    suspension = selectors.suspension_or_404(request.user, pk)
    selectors.require_record(request.user, suspension.organization, suspension.body)
    form = LiftForm(posted(request), initial={"version": suspension.version, "date": timezone.localdate()})
    back = reverse("inspection_disciplines") + f"?within={suspension.organization_id}#suspensions"
    if done := saved(
        request, form, suspension_lift, actor=request.user, suspension=suspension, message=_("The suspension was lifted."), then=back
    ):
        return done
    title = _("Lift the suspension early — %(name)s") % {"name": suspension.member.full_name}
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200)


urlpatterns: list[URLPattern] = [
    path("disciplines/", inspection_disciplines, name="inspection_disciplines"),
    path("disciplines/export/", inspection_disciplines_xlsx, name="inspection_disciplines_xlsx"),
    path("disciplines/new/", inspection_discipline_new, name="inspection_discipline_new"),
    path("disciplines/<int:pk>/", inspection_discipline, name="inspection_discipline"),
    path("disciplines/<int:pk>/step/<str:kind>/", inspection_discipline_step, name="inspection_discipline_step"),
    path("suspensions/new/", inspection_suspension_new, name="inspection_suspension_new"),
    path("suspensions/<int:pk>/lift/", inspection_suspension_lift, name="inspection_suspension_lift"),
]
