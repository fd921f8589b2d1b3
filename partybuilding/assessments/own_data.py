"""What the assessment holds about a member, for their own download (`members.own_data`): their
ratings, every proposal and decision on them, and the disciplines recorded against them."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .models import MemberRating, RatingStep


@section("assessment_ratings", _("Assessment ratings"), MemberRating, fields=("round", "year", "organization", "group", "stage", "score", "level", "not_rated", "decision_number", "decision_date"))  # fmt: skip
def _ratings(member: Member) -> Iterable[MemberRating]:
    return member.ratings.select_related("round", "organization").order_by("year", "id")


@section("assessment_steps", _("Proposals and decisions on your ratings"), RatingStep, fields=("rating", "source", "date", "level", "score", "scores", "tasks", "strengths", "weaknesses", "votes_for", "votes_present", "decision_number"))  # fmt: skip
def _steps(member: Member) -> Iterable[RatingStep]:
    return (
        RatingStep.objects.filter(rating__member=member).select_related("rating", "rating__round", "rating__member").order_by("date", "id")
    )
