"""Inspections and supervisions: the list of a scope with its filters and export, a case
started on its own (e.g. on signs of violation), the case's page with its timeline and next
steps, each step's form, and the shortcomings to remedy with their evidence file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.files import attachment
from partybuilding.core.forms import form_page, posted, saved, step_page
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from ..choices import CaseStatus, FollowUpStatus, MemberContent, OrganizationContent, SubjectKind
from ..forms.cases import CaseFilterForm, CaseForm, DropForm, RemedyForm, ShortcomingForm, StepForm
from ..models import Case
from ..selectors import cases as selectors
from ..services import cases as services
from ..services.cases import CASE

CONTENT_LABELS = {**dict(OrganizationContent.choices), **dict(MemberContent.choices)}
CASE_SORTS = {
    "kind": ("kind", "-status_since"),
    "status": ("status", "-status_since"),
    "since": ("status_since",),
    "decision": ("decision_date",),
    "conclusion": ("conclusion_date",),
    "organization": ("org_path",),
}


def _listed(request: HttpRequest) -> tuple[CaseFilterForm, Any, QuerySet[Case]]:
    scope = list_scope(request, Action.INSPECT, required=True)
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, scope, selectors.filtered_cases(selectors.cases_in(request.user, scope), filters, timezone.localdate())


@login_required
def inspection_cases(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _listed(request)
    listing = Listing(request, CASE_SORTS, per_page=50)
    context = {"form": form, "within": scope, "listing": listing, "page": listing.page(rows), "search": True, "today": timezone.localdate()}
    return render(request, "inspections/case_list.html", context)


@login_required
def inspection_cases_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    _form, scope, rows = _listed(request)
    header = [
        _("Kind"),
        _("Conducted by"),
        _("Organization"),
        _("Subject"),
        _("Committee member"),
        _("Status"),
        _("Decision number"),
        _("Decision date"),
        _("From"),
        _("To"),
        _("Conclusion number"),
        _("Conclusion date"),
        _("Result"),
        _("Discipline required"),
    ]
    count = rows.count()
    members = rows.filter(subject_kind=SubjectKind.MEMBER).count()
    if members:  # the names of members inspected are personal data
        audit_export(actor=request.user, what="inspection.cases", rows=count, within=scope, members=members)
    yes, no = _("Yes"), _("No")
    data = (
        [
            display(c, "kind"),
            display(c, "body"),
            c.organization.name,
            selectors.subject_name(c),
            (yes if c.committee_member else no) if c.subject_kind == SubjectKind.MEMBER else "",
            display(c, "status"),
            c.decision_number,
            c.decision_date,
            c.period_from,
            c.period_to,
            c.conclusion_number,
            c.conclusion_date,
            display(c, "result"),
            yes if c.discipline_required else no,
        ]
        for c in rows.iterator(chunk_size=2000)
    )
    return xlsx_response(_("Inspections and supervisions"), header, data, filename="inspections.xlsx")


@login_required
def inspection_case_new(request: HttpRequest) -> HttpResponse:
    org = scope_of(request, Action.INSPECT)
    form = CaseForm(posted(request), user=request.user)
    back = reverse("inspection_cases")
    if done := saved(
        request,
        form,
        services.case_create,
        actor=request.user,
        organization=org,
        message=_("The case was recorded; open it by decision."),
        then=lambda c: reverse("inspection_case", args=[c.pk]),
    ):
        return done
    title = _("New inspection or supervision — %(org)s") % {"org": org.name}
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200)


@login_required
def inspection_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_or_404(request.user, pk, Action.INSPECT)
    today = timezone.localdate()
    shortcomings = list(case.shortcomings.all())
    for row in shortcomings:
        row.days_left = (row.deadline - today).days if row.status == FollowUpStatus.OPEN else None  # type: ignore[attr-defined]
    context = {
        "case": case,
        "steps": CASE.labelled(case.steps.select_related("recorded_by").order_by("date", "pk")),
        "content_labels": [CONTENT_LABELS.get(code, code) for code in case.contents],
        "offered": CASE.offered(case),
        "shortcomings": shortcomings,
        "disciplines": [(d, reverse("inspection_discipline", args=[d.pk])) for d in case.disciplines.all()],
        "discipline_url": reverse("inspection_discipline_new") + f"?case={case.pk}" if case.status == CaseStatus.CONCLUDED else "",
        "can_add_shortcoming": case.status == CaseStatus.CONCLUDED,
        "period_days_left": (case.period_to - today).days if case.status == CaseStatus.OPEN and case.period_to else None,
    }
    return render(request, "inspections/case_detail.html", context)


@login_required
def inspection_case_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case = selectors.case_or_404(request.user, pk, Action.INSPECT)
    if kind not in CASE.steps:
        raise Http404
    form = StepForm(posted(request), kind=kind, case=case)
    confirm = _("Cancel this case? It cannot be reopened.") if kind == "cancel" else None
    back, listed = reverse("inspection_case", args=[case.pk]), (_("Inspections and supervisions"), reverse("inspection_cases"))
    return step_page(request, form, CASE, kind, obj=case, back=back, listed=listed, confirm=confirm)


@login_required
def inspection_shortcoming_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_or_404(request.user, pk, Action.INSPECT)
    form = ShortcomingForm(posted(request))
    back = reverse("inspection_case", args=[case.pk])
    if done := saved(
        request, form, services.shortcoming_add, actor=request.user, case=case, message=_("The shortcoming was recorded."), then=back
    ):
        return done
    title = _("A shortcoming to remedy")
    crumbs = [(_("Inspections and supervisions"), reverse("inspection_cases")), (str(case), back), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200)


def _closing_page(request: HttpRequest, pk: int, form_class: type, run: Any, title: str, message: str) -> HttpResponse:
    row = selectors.shortcoming_or_404(request.user, pk, Action.INSPECT)
    form = form_class(posted(request), request.FILES if request.method == "POST" else None, initial={"version": row.version})
    back = reverse("inspection_case", args=[row.case_id])
    if done := saved(request, form, run, actor=request.user, shortcoming=row, message=message, then=back):
        return done
    crumbs = [(_("Inspections and supervisions"), reverse("inspection_cases")), (str(row.case), back), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200, shortcoming=row)


@login_required
def inspection_shortcoming_remedy(request: HttpRequest, pk: int) -> HttpResponse:
    return _closing_page(request, pk, RemedyForm, services.shortcoming_remedy, _("Remedied"), _("The remedy was recorded."))


@login_required
def inspection_shortcoming_drop(request: HttpRequest, pk: int) -> HttpResponse:
    return _closing_page(request, pk, DropForm, services.shortcoming_drop, _("No longer applicable"), _("The shortcoming was closed."))


@login_required
def inspection_shortcoming_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file, as an attachment, for those who read the case."""
    row = selectors.shortcoming_or_404(request.user, pk, Action.INSPECT)
    if not row.evidence_file:
        raise Http404
    try:
        with row.evidence_file.open("rb") as handle:
            content = handle.read()
    except OSError as exc:
        raise Http404 from exc
    name = (row.evidence_file.name or "").rsplit("/", 1)[-1]
    declared = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}.get(name.rsplit(".", 1)[-1], "")
    return attachment(content, name, declared)


urlpatterns: list[URLPattern] = [
    path("cases/", inspection_cases, name="inspection_cases"),
    path("cases/cases.xlsx", inspection_cases_xlsx, name="inspection_cases_xlsx"),
    path("cases/new/", inspection_case_new, name="inspection_case_new"),
    path("cases/<int:pk>/", inspection_case, name="inspection_case"),
    path("cases/<int:pk>/shortcomings/new/", inspection_shortcoming_new, name="inspection_shortcoming_new"),
    path("cases/<int:pk>/<str:kind>/", inspection_case_step, name="inspection_case_step"),
    path("shortcomings/<int:pk>/remedy/", inspection_shortcoming_remedy, name="inspection_shortcoming_remedy"),
    path("shortcomings/<int:pk>/drop/", inspection_shortcoming_drop, name="inspection_shortcoming_drop"),
    path("shortcomings/<int:pk>/evidence", inspection_shortcoming_file, name="inspection_shortcoming_file"),
]
