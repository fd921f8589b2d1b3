"""Candidates: the list with search and filters, the record with its step timeline and
the next step's form, the forms that record a candidate and each step."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from partybuilding.core import paths
from partybuilding.core.forms import form_page, querystring, saved
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope
from partybuilding.members.choices import MemberStatus
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .. import checks, selectors, services
from ..choices import BEFORE_DECISION, Stage, StepKind
from ..forms import CandidateEditForm, CandidateFilterForm, CandidateForm, StepForm
from ..models import Candidate

PAGE_SIZE = 50
SORTS = {
    "name": ("sort_key",),
    "born": ("date_of_birth",),
    "stage": ("stage",),
    "since": ("stage_since",),
    "cell": ("organization__name", "sort_key"),
}
hide_identifiers = sensitive_post_parameters("citizen_id", "phone")


def filtered(request: HttpRequest, form: CandidateFilterForm) -> tuple[QuerySet[Candidate], Organization | None]:
    within = list_scope(request)
    return selectors.candidate_list(request.user, within, form.cleaned_data if form.is_valid() else {}), within


@login_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    form = CandidateFilterForm(request.GET or None)
    candidates, within = filtered(request, form)
    listing = Listing(request, SORTS, per_page=PAGE_SIZE)
    page = listing.page(candidates.select_related("organization__parent"))
    context = {
        "form": form,
        "page": page,
        "listing": listing,
        "within": within,
        "querystring": querystring(request),
        "can_manage": bool(within and can(request.user, Action.MANAGE_MEMBERS, within)),
    }
    template = "admissions/_list_rows.html" if request.htmx else "admissions/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@hide_identifiers
@login_required
def candidate_create(request: HttpRequest) -> HttpResponse:
    list_scope(request, Action.MANAGE_MEMBERS)
    # No date is offered: each records something that happened earlier, and today would
    # pass unnoticed and then refuse an older course certificate.
    form = CandidateForm(request.POST or None, user=request.user, initial={"submission": uuid.uuid4()})
    if done := saved(request, form, services.candidate_record, actor=request.user, message=_recorded, then=_candidate_url):
        return done
    back = reverse("candidate_list")
    return form_page(request, form, title=_("New candidate"), back=back, crumbs=[(_("Admission candidates"), back)])


@hide_identifiers
@login_required
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the personal fields before the decision (afterwards the member record holds them)."""
    candidate = selectors.candidate_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    form = CandidateEditForm.editing(candidate, request.POST or None)
    message = _("The record was saved.")
    if done := saved(
        request, form, services.candidate_update, actor=request.user, candidate=candidate, message=message, then=_candidate_url(candidate)
    ):
        return done
    return _candidate_page(request, candidate, form, _("Correct the record"))


def _recorded(candidate: Candidate) -> str:
    return _("%(name)s was recorded as an outstanding non-member.") % {"name": candidate.full_name}


def _candidate_url(candidate: Candidate) -> str:
    return reverse("candidate_detail", args=[candidate.pk])


def _candidate_page(request: HttpRequest, candidate: Candidate, form: Any, title: Any, confirm: Any = "") -> HttpResponse:
    back = _candidate_url(candidate)
    return form_page(request, form, title=title, back=back, crumbs=[(candidate.full_name, back)], confirm=confirm)


# The steps that take a candidate out of the pipeline for good: Save asks first.
ENDING_STEPS = {
    "withdrawn": gettext_lazy("Withdraw %(name)s from the admission pipeline? Once saved, this cannot be undone."),
    "not_recognized": gettext_lazy("Record %(name)s as not qualified and remove them from the list? Once saved, this cannot be undone."),
}


def introducer_choices(request: HttpRequest, candidate: Candidate) -> QuerySet[Member]:
    """Official members of the candidate's grassroots organization that the user may see."""
    grassroots = checks.grassroots_of(candidate.organization)
    members = Member.objects.visible_to(request.user).filter(paths.subtree_q(grassroots.path, "org_path"), status=MemberStatus.OFFICIAL)
    return members.order_by("sort_key", "pk")


def step_form(request: HttpRequest, candidate: Candidate, kind: str, data: Any = None) -> StepForm:
    choices = introducer_choices(request, candidate) if kind == StepKind.INTRODUCERS else None
    initial = {"version": candidate.version, "submission": uuid.uuid4()}
    return StepForm(data, kind=kind, introducer_choices=choices, initial=initial)


@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.read_candidate(request.user, pk)
    can_manage = can(request.user, Action.MANAGE_MEMBERS, candidate.organization)
    next_step = services.main_step(candidate)
    next_kind = next_step.name if next_step else None
    today = timezone.localdate()
    context = {
        "candidate": candidate,
        "steps": candidate.steps.select_related("recorded_by").order_by("date", "id"),
        "introducers": candidate.introducers.select_related("member"),
        "can_manage": can_manage,
        "can_audit": can(request.user, Action.VIEW_AUDIT, candidate.organization),
        "next_kind": next_kind,
        "next_label": next_step.label if next_step else "",
        "next_form": step_form(request, candidate, next_kind) if can_manage and next_kind else None,
        "can_withdraw": candidate.stage in BEFORE_DECISION,
        "can_refuse": candidate.stage in (Stage.PROBATION, Stage.CONSIDERED),
        "ceremony_deadline": (checks.ceremony_deadline(candidate.decided_on) or (None,))[0]
        if candidate.stage == Stage.DECIDED and candidate.decided_on
        else None,
        "certificate_expiry": (checks.certificate_expiry(candidate.certificate_date, today) or (None,))[0]
        if candidate.certificate_date and candidate.stage in BEFORE_DECISION
        else None,
        "age": checks.months_between(candidate.date_of_birth, today) // 12,
    }
    return render(request, "admissions/detail.html", context)


@login_required
def candidate_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    step = services.CANDIDATE.steps.get(kind)
    if step is None:
        raise Http404
    candidate = selectors.candidate_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    form = step_form(request, candidate, kind, request.POST or None)
    message = _("The step was recorded.")
    if done := saved(
        request, form, services.CANDIDATE.run, kind, actor=request.user, obj=candidate, message=message, then=_candidate_url(candidate)
    ):
        return done
    if form.is_bound:
        candidate.refresh_from_db()  # refused: the page shows the record as it is now
    confirm = ENDING_STEPS[kind] % {"name": candidate.full_name} if kind in ENDING_STEPS else ""
    return _candidate_page(request, candidate, form, step.label, confirm)
