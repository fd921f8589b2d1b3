"""The rounds: their list (the assessment's home page) with each one's calendar and progress,
opening a round, a round's ratings (search, filters, quota boxes, Excel) and closing it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partybuilding.core import paths
from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, querystring, saved, told
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, any_q, can, list_scope, require, scope_of
from partybuilding.core.text import search_key
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization, SubtreeTotal

from ..choices import BEFORE_DECISION, RoundStatus, Source, Stage
from ..forms import PENDING, PENDING_STAGES, RatingFilterForm, RoundForm
from ..models import MemberRating, RatingStep, Round
from ..selectors import ratings_in, round_or_404, rounds_for
from ..services.ratings import deciding_organization, quotas_of
from ..services.rounds import close_round, default_calendar, open_round
from ..totals import PREFIX
from .ratings import my_ratings_context

ROUNDS_SHOWN = 50
PAGE_SIZE = 50
SORTS = {
    "name": ("member__sort_key",),
    "cell": ("organization__name", "member__sort_key"),
    "stage": ("stage", "member__sort_key"),
    "level": ("level", "member__sort_key"),
    "score": ("score",),
}


# --- the calendar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    code: str  # D1, D2, D3
    label: Any
    day: dt.date
    due: bool = False  # the deadline now running
    days_left: int | None = None
    days_late: int | None = None


def calendar(round_: Round, today: dt.date) -> list[Deadline]:
    """The round's three deadlines; the one now due with its days left, or the last one with
    its days late once it has passed and the round is still open."""
    rows = [
        ("D1", gettext_lazy("Self-assessments"), round_.self_until),
        ("D2", gettext_lazy("Cell review meetings"), round_.review_until),
        ("D3", gettext_lazy("Committee decisions"), round_.decide_until),
    ]
    due = next((code for code, _label, day in rows if day >= today), None) if round_.status == RoundStatus.OPEN else None
    late = round_.status == RoundStatus.OPEN and due is None
    return [
        Deadline(
            code,
            label,
            day,
            due=code == due or (late and code == "D3"),
            days_left=(day - today).days if code == due else None,
            days_late=(today - day).days if late and code == "D3" else None,
        )
        for code, label, day in rows
    ]


# --- the home page --------------------------------------------------------------------------


def progress(rounds: list[Round], scope: Organization | None) -> dict[int, dict[str, int]]:
    """Per round, the ratings of the scope at each point. A yearly round reads the year's
    counters of the deeper of its organization and the scope (yearly rounds never overlap
    there), a few rows whatever the size; other rounds are counted in one grouped query."""
    found: dict[int, dict[str, int]] = {}
    counted = [r for r in rounds if r.counted]
    if counted:
        nodes = {r.pk: _counted_node(r, scope) for r in counted}
        wanted = any_q(Q(organization_id=nodes[r.pk], key__startswith=f"{PREFIX}{r.year}.m.") for r in counted)
        counters: dict[tuple[int, int], dict[str, int]] = {}
        for org_id, key, value in SubtreeTotal.objects.filter(wanted).values_list("organization_id", "key", "value"):
            _prefix, year, _m, name = key.split(".", 3)  # as.<year>.m.<name>
            counters.setdefault((org_id, int(year)), {})[name] = value
        for r in counted:
            mine = counters.get((nodes[r.pk], r.year), {})
            not_rated = mine.get("unrated", 0) + mine.get("exempt", 0)
            pending = {str(stage): mine.get(f"stage.{stage}", 0) for stage in BEFORE_DECISION}
            found[r.pk] = _points(mine.get("present", 0) - not_rated, not_rated, mine.get("rated", 0), pending)
    others = [r for r in rounds if not r.counted]
    rows = MemberRating.objects.filter(round__in=others)
    if scope is not None:
        rows = rows.filter(paths.subtree_q(scope.path, "org_path"))
    grouped: dict[int, dict[str, int]] = {r.pk: {} for r in others}
    for row in rows.values("round_id", "stage").annotate(n=Count("id")).order_by():
        grouped[row["round_id"]][row["stage"]] = row["n"]
    for r in others:
        stages = grouped[r.pk]
        unrated, decided = stages.get(Stage.NOT_RATED, 0), stages.get(Stage.DECIDED, 0)
        found[r.pk] = _points(sum(stages.values()) - unrated, unrated, decided, {s: stages.get(s, 0) for s in BEFORE_DECISION})
    return found


def _counted_node(round_: Round, scope: Organization | None) -> int:
    inside = scope is None or round_.organization.path.startswith(scope.path)
    return round_.organization_id if inside else scope.pk  # type: ignore[union-attr]


def _points(listed: int, unrated: int, decided: int, pending: dict[str, int]) -> dict[str, int]:
    """How many ratings reached each point (a later stage counts for the earlier ones)."""
    voted = pending.get(Stage.VOTED, 0) + decided
    self_assessed = voted + pending.get(Stage.SELF_ASSESSED, 0) + pending.get(Stage.PROPOSED, 0)
    return {"listed": listed, "self": self_assessed, "voted": voted, "decided": decided, "unrated": unrated}


@login_required
def assessment_home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    if not (can(request.user, Action.VIEW_MEMBERS, scope) if scope is not None else request.user.is_superuser):
        # A plain member (or a role that does not see members): their own ratings.
        return render(request, "assessments/rating_mine.html", my_ratings_context(request))
    rounds = list(rounds_for(request.user, scope).order_by("-period_end", "-pk")[:ROUNDS_SHOWN])
    counts = progress(rounds, scope)
    today = timezone.localdate()
    context = {
        "within": scope,
        "rounds": [{"round": r, "calendar": calendar(r, today), "progress": counts[r.pk]} for r in rounds],
        "can_open": scope is not None and can(request.user, Action.MANAGE_MEMBERS, scope),
    }
    return render(request, "assessments/round_home.html", context)


# --- opening a round ------------------------------------------------------------------------


@login_required
def assessment_round_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_MEMBERS)
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and 2000 <= int(asked) <= 2100 else timezone.localdate().year
    initial = {"year": year, "title": _("Assessment and classification of %(year)s") % {"year": year}, **default_calendar(year)}
    form = RoundForm(request.POST or None, initial=initial)
    if done := saved(
        request,
        form,
        open_round,
        actor=request.user,
        organization=scope,
        message=_("The round was opened; its members and organizations are being listed."),
        then=lambda opened: reverse("job_page", args=[opened[1].pk]),
    ):
        return done
    back = reverse("assessment_home")
    return form_page(
        request,
        form,
        title=_("Open an assessment round"),
        back=back,
        crumbs=[(_("Assessment and classification"), back)],
        template="assessments/round_new.html",
        scope=scope,
        year=year,
    )


# --- a round's ratings ----------------------------------------------------------------------


def _list_of(request: HttpRequest, round_: Round) -> Organization:
    """The organization the list is of: `?within=`, the working scope, or the round's own;
    the user must see its members."""
    within = list_scope(request) or round_.organization
    require(request.user, Action.VIEW_MEMBERS, within)
    return within


def filtered(request: HttpRequest, round_: Round, within: Organization) -> tuple[RatingFilterForm, QuerySet[MemberRating]]:
    form = RatingFilterForm(request.GET or None, user=request.user)
    rows = ratings_in(round_, request.user, within)
    d = form.cleaned_data if form.is_valid() else {}
    if key := search_key(d.get("q") or ""):
        rows = rows.filter(
            Q(member__name_search__gte=key, member__name_search__lt=key + "\uffff")
            | Q(member__given_search__gte=key, member__given_search__lt=key + "\uffff")
        )
    stage = d.get("stage") or ""
    if stage == PENDING:
        rows = rows.filter(stage__in=PENDING_STAGES)
    elif stage:
        rows = rows.filter(stage=stage)
    if d.get("level"):
        rows = rows.filter(level=d["level"])
    if d.get("cell") is not None:
        rows = rows.filter(paths.subtree_q(d["cell"].path, "org_path"))
    # cell by cell (the round's path index gives the order), then by name within the cell
    return form, rows.order_by("org_path", "member__sort_key", "pk")


def proposals(ratings: list[MemberRating]) -> dict[tuple[int, str], RatingStep]:
    """The last self-assessment and the last vote of each rating, in one query."""
    found: dict[tuple[int, str], RatingStep] = {}
    steps = RatingStep.objects.filter(rating__in=ratings, source__in=(Source.SELF, Source.CELL_VOTE)).order_by("date", "id")
    for step in steps:
        found[(step.rating_id, step.source)] = step
    return found


def quota_boxes(round_: Round, ratings: list[MemberRating]) -> list[dict[str, Any]]:
    """The "excellent" quota of each grassroots organization deciding a rating on the page."""
    deciding: dict[int, Organization] = {}
    for rating in ratings:
        if rating.organization_id not in deciding:
            deciding[rating.organization_id] = deciding_organization(rating.organization)
    grassroots = sorted({o.pk: o for o in deciding.values()}.values(), key=lambda org: org.path)
    found = quotas_of(round_, grassroots)
    return [{"organization": org, "quota": found[org.pk]} for org in grassroots]


@login_required
def assessment_round(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_or_404(request.user, pk)
    within = _list_of(request, round_)
    form, rows = filtered(request, round_, within)
    listing = Listing(request, SORTS, per_page=PAGE_SIZE)
    page = listing.page(rows)
    ratings = list(page.object_list)
    steps = proposals(ratings)
    page.object_list = [{"rating": r, "self": steps.get((r.pk, Source.SELF)), "vote": steps.get((r.pk, Source.CELL_VOTE))} for r in ratings]
    context = {
        "round": round_,
        "within": within,
        "form": form,
        "page": page,
        "listing": listing,
        "querystring": querystring(request),
        "calendar": calendar(round_, timezone.localdate()),
        "quotas": quota_boxes(round_, ratings),
        "can_close": round_.status == RoundStatus.OPEN and can(request.user, Action.MANAGE_MEMBERS, round_.organization),
    }
    return render(request, "assessments/round_detail.html", context)


@login_required
def assessment_round_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    round_ = round_or_404(request.user, pk)
    within = _list_of(request, round_)
    _form, rows = filtered(request, round_, within)
    header = [
        _("Full name"), _("Party cell"), _("Criteria group"), _("Stage"), _("Self-assessed level"), _("Self-assessed score"),
        _("Level voted by the cell"), _("Final level"), _("Score"), _("Decision number"), _("Decision date"), _("Not rated because"),
    ]  # fmt: skip

    def written() -> Any:
        for chunk in _chunks(rows.select_related("member", "organization"), 2000):
            steps = proposals(chunk)
            for r in chunk:
                own, vote = steps.get((r.pk, Source.SELF)), steps.get((r.pk, Source.CELL_VOTE))
                written.count += 1  # type: ignore[attr-defined]
                yield [
                    r.member.full_name, r.organization.name, display(r, "group"), display(r, "stage"),
                    display(own, "level") if own else "", own.score if own else None,
                    display(vote, "level") if vote else "", display(r, "level"), r.score,
                    r.decision_number, r.decision_date, display(r, "not_rated"),
                ]  # fmt: skip

    written.count = 0  # type: ignore[attr-defined]
    response = xlsx_response(round_.title, header, written(), filename=f"assessment-{round_.year}-{within.code}.xlsx")
    audit_export(actor=request.user, what="assessment_ratings", rows=written.count, within=within, round=round_.pk)  # type: ignore[attr-defined]
    return response


def _chunks(rows: QuerySet[MemberRating], size: int) -> Any:
    chunk: list[MemberRating] = []
    for row in rows.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@require_POST
@login_required
def assessment_round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_or_404(request.user, pk)
    require(request.user, Action.MANAGE_MEMBERS, round_.organization)
    told(request, close_round, actor=request.user, round_=round_, message=_("The round was closed."))
    return redirect("assessment_round", round_.pk)


urlpatterns: list[URLPattern] = [
    path("", assessment_home, name="assessment_home"),
    path("new/", assessment_round_new, name="assessment_round_new"),
    path("<int:pk>/", assessment_round, name="assessment_round"),
    path("<int:pk>/ratings.xlsx", assessment_round_xlsx, name="assessment_round_xlsx"),
    path("<int:pk>/close/", assessment_round_close, name="assessment_round_close"),
]
