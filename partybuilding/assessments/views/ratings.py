"""A member's rating: every step recorded beside the final level, the forms of the steps the
user may do now (the self-assessment on a phone, the proposals, the cell's vote with the live
quota, the committee's decision, "not rated"), the self-assessment printed (forms 2A/2B/2C),
and a member's own ratings across the years."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.forms import saved
from partybuilding.core.pdf import pdf_response
from partybuilding.meetings.choices import HELD
from partybuilding.meetings.models import Meeting
from partybuilding.members.records.selectors import own_record

from .. import judging
from ..choices import Level, RoundStatus, Source, Stage
from ..forms import StepForm, group_form_letter
from ..judging import legacy_map
from ..levels import criterion_label
from ..models import MemberRating, RatingStep
from ..selectors import RATING_RIGHTS, rating_or_404
from ..services.ratings import RATING, quota


def read_rating(user: Any, pk: Any, purpose: str = "view") -> MemberRating:
    """A rating for its page or its PDF: reading personal data is audited."""
    rating = rating_or_404(user, pk)
    audit_record(actor=user, action=f"assessment.rating_{purpose}", obj=rating)
    return rating


def held_meetings(rating: MemberRating) -> Any:
    """The held meetings of the member's cell since the period began, recent first: where the
    cell reviews them."""
    held = Meeting.objects.filter(organization=rating.member.organization, status__in=HELD, date__gte=rating.round.period_start)
    return held.order_by("-date", "-pk")


def step_form(rating: MemberRating, kind: str, data: Any = None, group: str = "") -> StepForm:
    meetings = held_meetings(rating) if kind == "vote" else None
    override = kind == "decide" and bool(data and data.get("quota_override"))
    return StepForm(data, kind=kind, rating=rating, group=group, meetings=meetings, override=override)


def offered_steps(user: Any, rating: MemberRating) -> list[Any]:
    """The steps that come now and that the user may do, while the round is open: the one
    furthest along the path first (the page opens it), "not rated" last."""
    if rating.round.status != RoundStatus.OPEN:
        return []
    steps = [step for step in RATING.offered(rating) if RATING_RIGHTS[step.name](user, rating)]
    return [step for step in reversed(steps) if step.name != "unrated"] + [step for step in steps if step.name == "unrated"]


def _quota_context(rating: MemberRating) -> dict[str, Any]:
    found = quota(rating)
    return {"quota": found, "quota_full": not found.allows_one_more()}


@login_required
def assessment_rating(request: HttpRequest, pk: int) -> HttpResponse:
    rating = read_rating(request.user, pk)
    steps = offered_steps(request.user, rating)
    context = {
        "rating": rating,
        "history": [
            {"step": s, "scores": [(criterion_label(code), points) for code, points in (s.scores or {}).items()]}
            for s in rating.steps.select_related("meeting", "recorded_by").order_by("date", "id")
        ],
        "forms": [{"step": step, "form": step_form(rating, step.name)} for step in steps],
        "can_print": rating.steps.filter(source=Source.SELF).exists(),
        **_quota_context(rating),
    }
    return render(request, "assessments/rating_detail.html", context)


@login_required
def assessment_rating_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    step = RATING.steps.get(kind)
    if step is None:
        raise Http404
    rating = rating_or_404(request.user, pk)
    if not RATING_RIGHTS[kind](request.user, rating):
        raise PermissionDenied
    data = request.POST or None
    form = step_form(rating, kind, data, group=(data or request.GET).get("group", ""))
    back = reverse("assessment_rating", args=[rating.pk])
    if done := saved(request, form, RATING.run, kind, actor=request.user, obj=rating, message=_("The step was recorded."), then=back):
        return done
    if form.is_bound:
        if "quota_override" in form.errors:
            form.ask_override()
        rating.refresh_from_db()  # refused: the page shows the rating as it is now
    context = {
        "rating": rating,
        "step": step,
        "form": form,
        "back": back,
        "offered": step in RATING.offered(rating) and rating.round.status == RoundStatus.OPEN,
        **_quota_context(rating),
    }
    return render(request, "assessments/rating_step.html", context, status=422 if form.is_bound else 200)


@login_required
def assessment_rating_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's self-assessment to print and sign: form 2A, 2B or 2C by group."""
    rating = read_rating(request.user, pk, purpose="print")
    own = RatingStep.objects.filter(rating=rating, source=Source.SELF).order_by("-date", "-id").first()
    scores = own.scores if own else {}
    criteria = [
        {"criterion": c, "given": scores.get(c.code)} for c in judging.criteria(rating.group, rating.round.period_end)
    ]  # fmt: skip
    context = {
        "rating": rating,
        "own": own,
        "criteria": criteria,
        "form_letter": group_form_letter(rating.group),
        "org": rating.organization,
        "today": timezone.localdate(),
    }
    filename = f"self-assessment-{rating.year}-{rating.pk}.pdf"
    return pdf_response(request, "assessments/pdf/rating_self.html", context, filename)


# --- a member's own ratings -----------------------------------------------------------------


def my_ratings_context(request: HttpRequest) -> dict[str, Any]:
    member = own_record(request.user)
    if member is None:
        return {"member": None, "ratings": [], "current": None}
    today = timezone.localdate()
    mapped = legacy_map(today.year)
    ratings = list(MemberRating.objects.filter(member=member).select_related("round").order_by("-year", "-round__period_end"))
    rows = [
        {"rating": r, "as_now": Level(mapped[r.level]).label if mapped.get(r.level, r.level) != r.level else None}
        for r in ratings
    ]  # fmt: skip
    current = next((r for r in ratings if r.round.status == RoundStatus.OPEN and r.stage in (Stage.LISTED, Stage.SELF_ASSESSED)), None)
    return {"member": member, "ratings": rows, "current": current}


@login_required
def my_ratings(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/rating_mine.html", my_ratings_context(request))


urlpatterns: list[URLPattern] = [
    path("mine/", my_ratings, name="my_ratings"),
    path("ratings/<int:pk>/", assessment_rating, name="assessment_rating"),
    path("ratings/<int:pk>/self.pdf", assessment_rating_pdf, name="assessment_rating_pdf"),
    path("ratings/<int:pk>/<str:kind>/", assessment_rating_step, name="assessment_rating_step"),
]
