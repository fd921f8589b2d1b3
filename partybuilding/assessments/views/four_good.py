"""The four-good model's pages: the registrations of a scope and year (with the honours of
consecutive years), registering an organization at one of its meetings, and one
registration's assessment on the four criteria (the evidence beside each) and its
recognition by the committee one level up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core import paths
from partybuilding.core.forms import form_page, querystring, saved
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, organization_or_404, visible_or_404
from partybuilding.core.text import search_key
from partybuilding.meetings.choices import HELD
from partybuilding.meetings.models import Meeting
from partybuilding.organizations.choices import OrgKind, OrgStatus
from partybuilding.organizations.models import Organization

from ..choices import FourGoodCriterion, FourGoodStage
from ..evidence import by_criterion, evidence
from ..models import FourGood
from ..org_forms import FourGoodAssessForm, FourGoodFilterForm, FourGoodRecognizeForm, FourGoodRegisterForm
from ..services.organizations import consecutive_years, four_good_assess, four_good_recognize, four_good_register

# Who registers for the model: the cells and the grassroots organizations.
FOUR_GOOD_KINDS = frozenset({OrgKind.CELL, OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE})
HONOUR_YEARS = 5  # "5 consecutive years" recognized
PAGE_SIZE = 50
SORTS = {
    "organization": ("organization__name_search",),
    "stage": ("stage", "organization__path"),
    "decision": ("decision_date", "organization__path"),
}
UNREGISTERED_SHOWN = 200


def honoured(year: int, within: Organization | None) -> QuerySet[Any, Any]:
    """The organization ids recognized in each of the five years to `year` (as a subquery)."""
    rows = FourGood.objects.filter(stage=FourGoodStage.RECOGNIZED, year__gt=year - HONOUR_YEARS, year__lte=year)
    if within is not None:
        rows = rows.filter(paths.subtree_q(within.path, "organization__path"))
    return rows.values("organization_id").annotate(n=Count("year")).filter(n=HONOUR_YEARS).values("organization_id")


def registrations(user: Any, within: Organization | None, year: int, filters: dict[str, Any]) -> QuerySet[FourGood]:
    rows = FourGood.objects.visible_to(user).filter(year=year)
    if within is not None:
        rows = rows.within(within)
    for word in search_key(filters.get("q") or "").split():
        rows = rows.filter(organization__name_search__contains=word)
    if filters.get("stage"):
        rows = rows.filter(stage=filters["stage"])
    if filters.get("honoured"):
        rows = rows.filter(organization_id__in=honoured(year, within))
    return rows.select_related("organization", "organization__parent", "meeting").order_by("organization__path")


def streaks(rows: list[FourGood], year: int) -> dict[int, int]:
    """How many years in a row, to `year`, each organization was recognized (one query)."""
    org_ids = [row.organization_id for row in rows]
    recognized: dict[int, set[int]] = {}
    found = FourGood.objects.filter(organization_id__in=org_ids, stage=FourGoodStage.RECOGNIZED, year__lte=year)
    for org_id, y in found.values_list("organization_id", "year"):
        recognized.setdefault(org_id, set()).add(y)
    return {org_id: consecutive_years(recognized.get(org_id, set()), year) for org_id in org_ids}


def may_register(user: Any, org: Organization) -> bool:
    return org.kind in FOUR_GOOD_KINDS and org.status == OrgStatus.ACTIVE and can(user, Action.MANAGE_MEMBERS, org)


def unregistered(user: Any, within: Organization | None, year: int) -> list[Organization]:
    """The organization of the list and its direct children that the user may register and
    that are not registered for the year (a province's thousands of cells are reached
    through their own commune's list)."""
    if within is None:
        return []
    candidates = [within, *Organization.objects.filter(parent=within, kind__in=FOUR_GOOD_KINDS, status=OrgStatus.ACTIVE).order_by("path")]
    candidates = [org for org in candidates[: UNREGISTERED_SHOWN + 1] if may_register(user, org)]
    taken = set(FourGood.objects.filter(organization__in=candidates, year=year).values_list("organization_id", flat=True))
    return [org for org in candidates if org.pk not in taken]


@login_required
def fourgood_list(request: HttpRequest) -> HttpResponse:
    form = FourGoodFilterForm(request.GET or None)
    within = list_scope(request)
    year = form.year_or_this()
    rows = registrations(request.user, within, year, form.cleaned_data if form.is_valid() else {})
    listing = Listing(request, SORTS, per_page=PAGE_SIZE)
    page = listing.page(rows)
    years_in_a_row = streaks(list(page.object_list), year)
    for row in page.object_list:
        row.years_in_a_row = years_in_a_row.get(row.organization_id, 0)
        row.ticks = [(c.label, row.criteria.get(c.value)) for c in FourGoodCriterion]
    context = {
        "form": form,
        "within": within,
        "year": year,
        "page": page,
        "listing": listing,
        "querystring": querystring(request),
        "criteria": FourGoodCriterion.choices,
        "to_register": unregistered(request.user, within, year),
        "honour_years": HONOUR_YEARS,
    }
    return render(request, "assessments/fourgood_list.html", context)


@login_required
def fourgood_register(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = organization_or_404(request.user, org_pk, Action.MANAGE_MEMBERS)
    back = f"{reverse('fourgood_list')}?within={org.pk}"
    if org.kind not in FOUR_GOOD_KINDS:
        messages.error(request, _("The four-good model is for Party cells and grassroots organizations."))
        return redirect(back)
    year = _year(request.POST.get("year") or request.GET.get("year"))
    meetings = Meeting.objects.filter(organization=org, status__in=HELD, date__year=year).order_by("-date")
    form = FourGoodRegisterForm(request.POST if request.method == "POST" else None, meetings=meetings, initial={"year": year})
    then = lambda row: reverse("fourgood_detail", args=[row.pk])  # noqa: E731
    message = _("%(org)s is registered for the four-good model in %(year)s.") % {"org": org.name, "year": year}
    if done := saved(request, form, four_good_register, actor=request.user, organization=org, message=message, then=then):
        return done
    title = _("Register for the four-good model in %(year)s — %(org)s") % {"year": year, "org": org.name}
    return form_page(
        request,
        form,
        title=title,
        back=back,
        crumbs=[(_("Four-good model"), back)],
        status=422 if form.is_bound else 200,
        template="assessments/fourgood_register.html",
        org=org,
        year=year,
        no_meeting=not meetings.exists(),
        submit=_("Register"),
    )


def _year(text: Any) -> int:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


# --- one registration ----------------------------------------------------------------------------


def registration_or_404(user: Any, pk: Any) -> FourGood:
    rows = FourGood.objects.select_related("organization", "organization__parent", "meeting")
    row: FourGood = visible_or_404(rows, user, pk)
    return row


def may_recognize(user: Any, row: FourGood) -> bool:
    """Recognition is decided by the committee one level up."""
    parent = row.organization.parent
    return parent is not None and can(user, Action.MANAGE_MEMBERS, parent)


def _detail(request: HttpRequest, row: FourGood, *, assess: Any = None, recognize: Any = None, status: int = 200) -> HttpResponse:
    may_assess = can(request.user, Action.MANAGE_MEMBERS, row.organization)
    open_ = row.stage in (FourGoodStage.REGISTERED, FourGoodStage.ASSESSED)
    if assess is None and may_assess and open_:
        assess = FourGoodAssessForm(initial={**row.criteria, "note": row.assessment_note})
    if recognize is None and row.stage == FourGoodStage.ASSESSED and may_recognize(request.user, row):
        recognize = FourGoodRecognizeForm(initial={"decision_date": timezone.localdate()})
    beside = by_criterion(evidence(row.organization, row.year, request.user))
    recognized_years = set(
        FourGood.objects.filter(organization=row.organization, stage=FourGoodStage.RECOGNIZED).values_list("year", flat=True)
    )
    context = {
        "row": row,
        "criteria": [(c.value, c.label, row.criteria.get(c.value), beside[c.value]) for c in FourGoodCriterion],
        "assess_form": assess,
        "recognize_form": recognize,
        "years_in_a_row": consecutive_years(recognized_years, row.year),
        "honour_years": HONOUR_YEARS,
        "can_audit": can(request.user, Action.VIEW_AUDIT, row.organization),
    }
    return render(request, "assessments/fourgood_detail.html", context, status=status)


@login_required
def fourgood_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, registration_or_404(request.user, pk))


@require_POST
@login_required
def fourgood_assess(request: HttpRequest, pk: int) -> HttpResponse:
    row = registration_or_404(request.user, pk)
    if not can(request.user, Action.MANAGE_MEMBERS, row.organization):
        raise PermissionDenied
    form = FourGoodAssessForm(request.POST)
    then = reverse("fourgood_detail", args=[row.pk])
    if done := saved(
        request, form, four_good_assess, actor=request.user, registration=row, message=_("The assessment was saved."), then=then
    ):
        return done
    row.refresh_from_db()
    return _detail(request, row, assess=form, status=422)


@require_POST
@login_required
def fourgood_recognize(request: HttpRequest, pk: int) -> HttpResponse:
    row = registration_or_404(request.user, pk)
    if not may_recognize(request.user, row):
        raise PermissionDenied
    form = FourGoodRecognizeForm(request.POST)
    then = reverse("fourgood_detail", args=[row.pk])
    if done := saved(request, form, four_good_recognize, actor=request.user, registration=row, message=_recognized, then=then):
        return done
    row.refresh_from_db()
    return _detail(request, row, recognize=form, status=422)


def _recognized(row: FourGood) -> str:
    if row.stage == FourGoodStage.RECOGNIZED:
        return _("%(org)s was recognized as four-good.") % {"org": row.organization.name}
    return _("The decision not to recognize %(org)s was recorded.") % {"org": row.organization.name}


urlpatterns: list[URLPattern] = [
    path("four-good/", fourgood_list, name="fourgood_list"),
    path("four-good/register/<int:org_pk>/", fourgood_register, name="fourgood_register"),
    path("four-good/<int:pk>/", fourgood_detail, name="fourgood_detail"),
    path("four-good/<int:pk>/assess/", fourgood_assess, name="fourgood_assess"),
    path("four-good/<int:pk>/recognize/", fourgood_recognize, name="fourgood_recognize"),
]
