"""What the assessment pages, reports and the dashboard read: the rounds a user works in, the
ratings of a scope, the quota of a grassroots organization, the members rated "did not
complete tasks" two years running, and the attention lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from partybuilding.core import paths
from partybuilding.core.attention import Item, link, register
from partybuilding.core.scope import Action, any_q, can, covering_paths, is_superuser, scope_q, visible_or_404
from partybuilding.organizations.models import Organization

from .choices import BEFORE_DECISION, Level, RoundStatus, Stage
from .judging import legacy_map
from .models import MemberRating, OrganizationRating, Round


def rounds_for(user: Any, scope: Organization | None) -> QuerySet[Round]:
    """The rounds covering the scope (opened above it) or inside it."""
    rounds = Round.objects.select_related("organization")
    if scope is None:
        return rounds if is_superuser(user) else rounds.none()
    return rounds.filter(Q(organization__path__in=paths.ancestor_paths(scope.path)) | paths.subtree_q(scope.path, "organization__path"))


def rounds_seen(user: Any) -> QuerySet[Round]:
    """The rounds over any part of what the user sees, or above it."""
    rounds = Round.objects.select_related("organization")
    if is_superuser(user):
        return rounds
    return rounds.filter(
        any_q(
            Q(organization__path__in=paths.ancestor_paths(top)) | paths.subtree_q(top, "organization__path")
            for top in covering_paths(user, Action.VIEW)
        )
    )


def round_visible(user: Any, round_: Round) -> bool:
    """A round is seen by whoever sees part of its scope, or the scope it is in."""
    if is_superuser(user):
        return True
    path = round_.organization.path
    visible = Organization.objects.filter(scope_q(user, Action.VIEW))
    return visible.filter(Q(path__in=paths.ancestor_paths(path)) | paths.subtree_q(path)).exists()


def ratings_in(round_: Round, user: Any, within: Organization | None = None) -> QuerySet[MemberRating]:
    rows = MemberRating.objects.filter(round=round_).visible_to(user)
    if within is not None:
        rows = rows.within(within)
    return rows.select_related("member", "organization", "organization__parent")


def two_years_not_completed(scope: Organization, year: int) -> QuerySet[MemberRating]:
    """Ratings of `year` "did not complete tasks" whose member was also rated so the year
    before: the question of removing them from the list (Charter, Art. 8)."""
    earlier = MemberRating.objects.filter(year=year - 1, counted=True, stage=Stage.DECIDED, level=Level.NOT_COMPLETED).values("member_id")
    return (
        MemberRating.objects.filter(
            paths.subtree_q(scope.path, "org_path"), year=year, counted=True, stage=Stage.DECIDED, level=Level.NOT_COMPLETED
        )
        .filter(member_id__in=earlier)
        .select_related("member", "organization")
    )


def five_years_excellent(member_ids: list[int], last_year: int) -> set[int]:
    """The members among `member_ids` rated "excellent" in each of the five years to `last_year`
    (under its earlier names too)."""
    excellent = [code for code, level in legacy_map(last_year).items() if level == Level.EXCELLENT]
    rows = (
        MemberRating.objects.filter(
            member_id__in=member_ids, year__gt=last_year - 5, year__lte=last_year, counted=True, stage=Stage.DECIDED
        )
        .filter(level__in=excellent)
        .values("member_id")
        .annotate(n=Count("year", distinct=True))
        .filter(n=5)
    )
    return {row["member_id"] for row in rows}


@register
def attention_items(scope: Organization, today: dt.date, user: Any) -> list[Item]:
    """The dashboard's attention lines for the yearly assessment."""
    if not can(user, Action.VIEW_MEMBERS, scope):
        return []
    items: list[Item] = []
    open_rounds = list(rounds_for(user, scope).filter(status=RoundStatus.OPEN))
    for round_ in open_rounds:
        pending = MemberRating.objects.filter(paths.subtree_q(scope.path, "org_path"), round=round_, stage__in=BEFORE_DECISION)
        url = link_to("assessment_round", round_.pk)
        if today > round_.review_until:
            late = pending.filter(stage__in=(Stage.LISTED, Stage.SELF_ASSESSED, Stage.PROPOSED)).count()
            if late:
                items.append(Item(str(_("Members not reviewed by their cell")), late, str(round_), url + "?stage=pending"))
        if today > round_.decide_until:
            undecided = pending.filter(stage=Stage.VOTED).count()
            if undecided:
                items.append(Item(str(_("Ratings awaiting the committee's decision")), undecided, str(round_), url + "?stage=voted"))
        orgs = OrganizationRating.objects.filter(
            paths.subtree_q(scope.path, "org_path"), round=round_, stage__in=(Stage.LISTED, Stage.SELF_ASSESSED)
        )
        if today > round_.decide_until and (n := orgs.count()):
            items.append(Item(str(_("Organizations not yet rated")), n, str(round_), link_to("assessment_orgs", round_.pk)))
    year = today.year if today.month == 12 else today.year - 1  # the year whose decisions are being made
    removal = two_years_not_completed(scope, year).count()
    if removal:
        items.append(
            Item(
                str(_("Rated “did not complete tasks” two years running")),
                removal,
                str(_("The cell considers removing them from the list.")),
                link("assessment_removal") + f"?year={year}",
            )
        )
    return items


def link_to(name: str, pk: int) -> str:
    from django.urls import reverse

    return reverse(name, args=[pk])


# --- who may do what (the pages and the API ask the same questions) ---------------------------


def may_self_assess(user: Any, rating: MemberRating) -> bool:
    """The member themself, or whoever manages their cell (for a member without a phone)."""
    own = rating.member.user_id is not None and rating.member.user_id == getattr(user, "pk", None)
    return own or can(user, Action.MANAGE_MEMBERS, rating.member.organization)


def may_review(user: Any, rating: MemberRating) -> bool:
    """The cell's proposals and vote: whoever manages the member's cell."""
    return can(user, Action.MANAGE_MEMBERS, rating.member.organization)


def may_decide(user: Any, rating: MemberRating) -> bool:
    """The committee's decision: whoever manages the grassroots organization above the cell."""
    from .services.ratings import deciding_organization

    return can(user, Action.MANAGE_MEMBERS, deciding_organization(rating.member.organization))


def may_rate_organization(user: Any, rating: OrganizationRating) -> bool:
    """An organization is rated by the committee one level up."""
    parent = rating.organization.parent
    return parent is not None and can(user, Action.MANAGE_MEMBERS, parent)


def may_self_report(user: Any, rating: OrganizationRating) -> bool:
    """An organization's self-assessment report: whoever manages the organization itself."""
    return can(user, Action.MANAGE_MEMBERS, rating.organization)


# Who may record each step of a member's and of an organization's rating.
RATING_RIGHTS: dict[str, Callable[[Any, MemberRating], bool]] = {
    "self": may_self_assess,
    "propose": may_review,
    "vote": may_review,
    "unrated": may_review,
    "decide": may_decide,
}
ORGANIZATION_RIGHTS: dict[str, Callable[[Any, OrganizationRating], bool]] = {"self": may_self_report, "decide": may_rate_organization}


# --- one record, or 404 -----------------------------------------------------------------------


def round_or_404(user: Any, pk: Any) -> Round:
    """A round the user sees part of (or the scope it is in); anything else is missing."""
    try:
        round_ = Round.objects.select_related("organization", "organization__parent").filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None
    if round_ is None or not round_visible(user, round_):
        raise Http404
    return round_


def organization_rating_or_404(user: Any, pk: Any) -> OrganizationRating:
    """An organization's rating in the user's scope."""
    rows = OrganizationRating.objects.select_related("round", "round__organization", "organization", "organization__parent")
    rating: OrganizationRating = visible_or_404(rows, user, pk)
    return rating


def rating_or_404(user: Any, pk: Any) -> MemberRating:
    """A member's rating the user may read: within their scope for the members' data, or their own."""
    try:
        found = (
            MemberRating.objects.select_related("round", "round__organization", "member", "member__organization", "organization")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None
    if found is None:
        raise Http404
    own = found.member.user_id is not None and found.member.user_id == user.pk
    if not own and not MemberRating.objects.visible_to(user).filter(pk=found.pk).exists():
        raise Http404
    return found


# --- what the home pages show ------------------------------------------------------------------


def open_rating_of(member: Any) -> MemberRating | None:
    """The member's rating in an open round, if any (their home page's reminder)."""
    return (
        MemberRating.objects.filter(member=member, round__status=RoundStatus.OPEN)
        .select_related("round")
        .order_by("-round__period_end")
        .first()
    )


def stage_counts(round_: Round, within: Organization) -> dict[str, int]:
    """How many of the round's ratings under `within` stand at each stage (one grouped query)."""
    rows = (
        MemberRating.objects.filter(paths.subtree_q(within.path, "org_path"), round=round_)
        .values("stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["stage"]: row["n"] for row in rows}


def open_round_of(cell: Organization) -> Round | None:
    """The newest open round covering the cell."""
    return (
        Round.objects.filter(status=RoundStatus.OPEN, organization__path__in=paths.ancestor_paths(cell.path))
        .order_by("-period_end")
        .first()
    )
