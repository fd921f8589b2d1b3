"""Organizations' ratings: the list of a round (filters, search, Excel), one organization's
rating with its self-assessment report (form 01), the decision one level up, the evidence
drawn from the system and its history. The four-good model's pages are in `four_good`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from partybuilding.core.forms import querystring, saved
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.models import AuditEntry
from partybuilding.core.scope import Action, can, list_scope
from partybuilding.core.text import search_key
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from ..choices import Level, RoundStatus, Stage
from ..evidence import evidence
from ..models import OrganizationRating, Round
from ..org_forms import OrgDecideForm, OrgRatingFilterForm, OrgSelfForm
from ..selectors import ORGANIZATION_RIGHTS, organization_rating_or_404, round_or_404
from ..services.organizations import ORG_RATING
from . import four_good

PAGE_SIZE = 50
SORTS = {
    "organization": ("organization__name_search",),
    "kind": ("org_kind", "org_path"),
    "parent": ("organization__parent__name_search", "org_path"),
    "stage": ("stage", "org_path"),
    "self_level": ("self_level", "org_path"),
    "level": ("level", "org_path"),
}


def org_ratings(user: Any, round_: Round, within: Organization | None, filters: dict[str, Any]) -> QuerySet[OrganizationRating]:
    """The organization ratings of the round that the user sees, in the list's organization."""
    rows = OrganizationRating.objects.filter(round=round_).visible_to(user)
    if within is not None:
        rows = rows.within(within)
    for word in search_key(filters.get("q") or "").split():  # every word of the name, accents ignored
        rows = rows.filter(organization__name_search__contains=word)
    for name, field in (("kind", "org_kind"), ("stage", "stage"), ("level", "level")):
        if filters.get(name):
            rows = rows.filter(**{field: filters[name]})
    return rows.select_related("organization", "organization__parent").order_by("org_path")


def _listed(request: HttpRequest, round_pk: int) -> tuple[Round, OrgRatingFilterForm, Organization | None, QuerySet[OrganizationRating]]:
    round_ = round_or_404(request.user, round_pk)
    form = OrgRatingFilterForm(request.GET or None)
    within = list_scope(request)
    rows = org_ratings(request.user, round_, within, form.cleaned_data if form.is_valid() else {})
    return round_, form, within, rows


def kind_label(code: str) -> str:
    return str(OrgKind(code).label) if code in OrgKind.values else code


@login_required
def assessment_orgs(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_, form, within, rows = _listed(request, round_pk)
    listing = Listing(request, SORTS, per_page=PAGE_SIZE)
    page = listing.page(rows)
    for rating in page.object_list:
        rating.kind_label = kind_label(rating.org_kind)
    context = {"round": round_, "form": form, "within": within, "page": page, "listing": listing, "querystring": querystring(request)}
    return render(request, "assessments/org_list.html", context)


@login_required
def assessment_orgs_xlsx(request: HttpRequest, round_pk: int) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    round_, _form, _within, rows = _listed(request, round_pk)
    header = [
        _("Organization"),
        _("Code"),
        _("Under"),
        _("Kind"),
        _("Stage"),
        _("Self-assessed level"),
        _("Self-assessed score"),
        pgettext_lazy("rating", "Level"),
        _("Score"),
        _("Decision number"),
        _("Decision date"),
    ]
    cells = (
        [
            r.organization.name,
            r.organization.code,
            r.organization.parent.name if r.organization.parent else "",
            kind_label(r.org_kind),
            display(r, "stage"),
            display(r, "self_level") if r.self_level else "",
            r.self_score,
            display(r, "level") if r.level else "",
            r.score,
            r.decision_number,
            r.decision_date,
        ]
        for r in rows.iterator(chunk_size=2000)
    )
    return xlsx_response(_("Organization ratings"), header, cells, filename=f"organization-ratings-{round_.year}-{round_.pk}.xlsx")


# --- one organization's rating -----------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    at: Any
    label: str
    stage: str
    level: str


def history(rating: OrganizationRating) -> list[HistoryLine]:
    """The rating's steps, from its audit entries: what was done, when, and the stage after it
    (who did it is for the audit log's readers)."""
    labels = {f"{ORG_RATING.name}.{name}": str(step.label) for name, step in ORG_RATING.steps.items()}
    entries = AuditEntry.objects.filter(object_type=rating._meta.label_lower, object_id=str(rating.pk)).order_by("id")
    lines = []
    for entry in entries.only("at", "action", "after")[:200]:
        after = entry.after or {}
        stage, level = after.get("stage") or "", after.get("level") or ""
        lines.append(
            HistoryLine(
                entry.at,
                labels.get(entry.action, _("Listed in the round") if entry.before is None else entry.action),
                str(Stage(stage).label) if stage in Stage.values else "",
                str(Level(level).label) if level in Level.values else "",
            )
        )
    return lines


def step_form(rating: OrganizationRating, kind: str, data: Any = None) -> Any:
    initial: dict[str, Any] = {"version": rating.version, **rating.tasks}
    if kind == "self":
        initial.update(date=timezone.localdate(), report=rating.self_report, score=rating.self_score, level=rating.self_level)
        return OrgSelfForm(data, period_end=rating.round.period_end, initial=initial)
    initial.update(decision_date=timezone.localdate(), level=rating.self_level)
    return OrgDecideForm(data, period_end=rating.round.period_end, initial=initial)


def offered(user: Any, rating: OrganizationRating) -> list[str]:
    """The steps the user may take on the rating now."""
    if rating.round.status != RoundStatus.OPEN:
        return []
    return [step.name for step in ORG_RATING.offered(rating) if ORGANIZATION_RIGHTS[step.name](user, rating)]


def _rating_page(request: HttpRequest, rating: OrganizationRating, bound: Any = None, status: int = 200) -> HttpResponse:
    kinds = offered(request.user, rating)
    forms = {kind: step_form(rating, kind) for kind in kinds}
    if bound is not None:
        forms[bound.kind] = bound
    context = {
        "rating": rating,
        "kind_label": kind_label(rating.org_kind),
        "self_form": forms.get("self"),
        "decide_form": forms.get("decide"),
        "evidence": evidence(rating.organization, rating.year, request.user, with_own_rating=False),
        "history": history(rating),
        "tasks": rating.tasks,
        "can_audit": can(request.user, Action.VIEW_AUDIT, rating.organization),
        "round_closed": rating.round.status != RoundStatus.OPEN,
    }
    return render(request, "assessments/org_rating.html", context, status=status)


@login_required
def assessment_org_rating(request: HttpRequest, pk: int) -> HttpResponse:
    return _rating_page(request, organization_rating_or_404(request.user, pk))


@login_required
def assessment_org_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A step's form posts here (`self`: the report of the organization's own committee;
    `decide`: the committee one level up); refused, the rating's page shows why on the field."""
    if kind not in ORGANIZATION_RIGHTS:
        raise Http404
    rating = organization_rating_or_404(request.user, pk)
    if not ORGANIZATION_RIGHTS[kind](request.user, rating):
        raise PermissionDenied
    if request.method != "POST":
        return _rating_page(request, rating)
    form = step_form(rating, kind, request.POST)
    form.kind = kind
    message = _("The self-assessment report was saved.") if kind == "self" else _("The rating was decided.")
    then = reverse("assessment_org_rating", args=[rating.pk])
    if done := saved(request, form, ORG_RATING.run, kind, actor=request.user, obj=rating, message=message, then=then):
        return done
    rating.refresh_from_db()  # refused: the page shows the rating as it is now
    return _rating_page(request, rating, bound=form, status=422)


urlpatterns: list[URLPattern] = [
    path("<int:round_pk>/organizations/", assessment_orgs, name="assessment_orgs"),
    path("<int:round_pk>/organizations.xlsx", assessment_orgs_xlsx, name="assessment_orgs_xlsx"),
    path("organizations/<int:pk>/", assessment_org_rating, name="assessment_org_rating"),
    path("organizations/<int:pk>/<slug:kind>/", assessment_org_step, name="assessment_org_step"),
    *four_good.urlpatterns,
]
