"""Candidates: the list with search and filters, the record with its step timeline and
the next step's form, the forms that record a candidate and each step."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from partybuilding.core import paths
from partybuilding.core.audit import audit_record
from partybuilding.core.forms import guarded
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, can, list_scope, require, scope_of
from partybuilding.members.choices import MemberStatus
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .. import checks, selectors, services
from ..choices import BEFORE_DECISION, FINAL, NEXT_STEP, Stage, StepKind
from ..forms import CandidateEditForm, CandidateFilterForm, CandidateForm, StepForm
from ..models import Candidate

PAGE_SIZE = 50
hide_identifiers = sensitive_post_parameters("citizen_id", "phone")
STEP_KINDS = [k for k in StepKind if k != StepKind.RECORDED]


def candidate_or_404(request: HttpRequest, pk: int) -> Candidate:
    candidate = Candidate.objects.visible_to(request.user).select_related("organization", "member").filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


def filtered(request: HttpRequest, form: CandidateFilterForm) -> tuple[QuerySet[Candidate], Organization | None]:
    within = list_scope(request)
    candidates = selectors.in_scope(request.user, within) if within is not None else Candidate.objects.visible_to(request.user)
    d = form.cleaned_data if form.is_valid() else {}
    stage = d.get("stage") or ""
    if stage == "":
        candidates = candidates.exclude(stage__in=FINAL)
    elif stage != "all":
        candidates = candidates.filter(stage=stage)
    if d.get("q"):
        candidates = selectors.search(candidates, d["q"])
    return candidates.order_by("sort_key", "pk"), within


@login_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    form = CandidateFilterForm(request.GET or None)
    candidates, within = filtered(request, form)
    page = Paginator(candidates.select_related("organization"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "within": within,
        "querystring": query.urlencode(),
        "can_manage": bool(within and can(request.user, Action.MANAGE_MEMBERS, within)),
    }
    template = "admissions/_list_rows.html" if request.htmx else "admissions/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@hide_identifiers
@login_required
def candidate_create(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    if scope is None:
        raise Http404
    require(request.user, Action.MANAGE_MEMBERS, scope)
    form = CandidateForm(request.POST or None, initial={"submission": uuid.uuid4(), "recorded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["organization"].strip()
        cell = Organization.objects.visible_to(request.user, Action.MANAGE_MEMBERS).filter(code__iexact=code).first()
        if cell is None:
            form.add_error("organization", _("No organization with code %(code)s is within your scope.") % {"code": code})
        else:
            d = form.cleaned_data
            candidate = guarded(
                form,
                lambda: services.candidate_record(
                    actor=request.user,
                    organization=cell,
                    data=form.personal_data(),
                    recorded_on=d["recorded_on"],
                    note=d["note"],
                    submission=d["submission"],
                ),
            )
            if candidate is not None:
                messages.success(request, _("%(name)s was recorded as an outstanding non-member.") % {"name": candidate.full_name})
                return redirect("candidate_detail", pk=candidate.pk)
    return render(request, "admissions/form.html", {"form": form, "title": _("New candidate")})


@hide_identifiers
@login_required
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the personal fields before the decision (afterwards the member record holds them)."""
    candidate = candidate_or_404(request, pk)
    require(request.user, Action.MANAGE_MEMBERS, candidate.organization)
    initial = {name: getattr(candidate, name) for name in CandidateEditForm.base_fields if hasattr(candidate, name)}
    form = CandidateEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = guarded(
            form,
            lambda: services.candidate_update(
                actor=request.user, candidate=candidate, data=form.personal_data(), expected_version=form.cleaned_data["version"]
            ),
        )
        if done is not None:
            messages.success(request, _("The record was saved."))
            return redirect("candidate_detail", pk=candidate.pk)
    return render(request, "admissions/form.html", {"form": form, "candidate": candidate, "title": _("Correct the record")})


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
    candidate = candidate_or_404(request, pk)
    # Reading a candidate's personal record is logged, as for member records.
    audit_record(actor=request.user, action="candidate.view", obj=candidate)
    can_manage = can(request.user, Action.MANAGE_MEMBERS, candidate.organization)
    next_kind = NEXT_STEP.get(candidate.stage)
    today = timezone.localdate()
    context = {
        "candidate": candidate,
        "steps": candidate.steps.select_related("recorded_by").order_by("date", "id"),
        "introducers": candidate.introducers.select_related("member"),
        "can_manage": can_manage,
        "can_audit": can(request.user, Action.VIEW_AUDIT, candidate.organization),
        "next_kind": next_kind,
        "next_label": StepKind(next_kind).label if next_kind else "",
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


def run_step(kind: str, request: HttpRequest, candidate: Candidate, form: StepForm) -> Candidate:
    d = form.cleaned_data
    common: dict[str, Any] = {
        "actor": request.user,
        "candidate": candidate,
        "submission": d["submission"],
        "expected_version": d["version"],
    }
    decision = Decision(
        number=d.get("decision_number") or "", date=d.get("decision_date"), decided_by=d.get("decided_by") or "", note=d["note"]
    )
    if kind == StepKind.COURSE:
        return services.candidate_course(certificate_date=d["certificate_date"], certificate_number=d["certificate_number"], **common)
    if kind == StepKind.INTRODUCERS:
        return services.candidate_introduce(date=d["date"], introducers=form.introducers(), **common)
    if kind == StepKind.APPLICATION:
        return services.candidate_apply(date=d["date"], note=d["note"], **common)
    if kind == StepKind.CELL_RESOLUTION:
        return services.candidate_cell_resolve(
            date=d["date"], votes=form.votes(), age_exception=d["age_exception"], note=d["note"], **common
        )
    if kind == StepKind.DECISION:
        return services.candidate_decide(decision=decision, card_number=d["card_number"], **common)
    if kind == StepKind.CEREMONY:
        return services.candidate_ceremony(date=d["date"], note=d["note"], **common)
    if kind == StepKind.CONSIDERATION:
        return services.candidate_consider(date=d["date"], votes=form.votes(), note=d["note"], **common)
    if kind == StepKind.RECOGNITION:
        return services.candidate_recognize(decision=decision, **common)
    if kind == StepKind.NOT_RECOGNIZED:
        return services.candidate_not_recognize(date=d["date"], decision=decision, votes=form.votes(), **common)
    return services.candidate_withdraw(date=d["date"], note=d["note"], **common)


@login_required
def candidate_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in STEP_KINDS:
        raise Http404
    candidate = candidate_or_404(request, pk)
    require(request.user, Action.MANAGE_MEMBERS, candidate.organization)
    form = step_form(request, candidate, kind, request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = guarded(form, lambda: run_step(kind, request, candidate, form))
        if done is not None:
            messages.success(request, _("The step was recorded."))
            return redirect("candidate_detail", pk=candidate.pk)
        candidate.refresh_from_db()
    return render(request, "admissions/form.html", {"form": form, "candidate": candidate, "title": StepKind(kind).label})


urlpatterns = [
    path("", candidate_list, name="candidate_list"),
    path("new/", candidate_create, name="candidate_create"),
    path("<int:pk>/", candidate_detail, name="candidate_detail"),
    path("<int:pk>/edit/", candidate_edit, name="candidate_edit"),
    path("<int:pk>/<slug:kind>/", candidate_step, name="candidate_step"),
]
