"""Opening a round: the round with its calendar, then a background job that lists who must be
rated on the cut-off date (members in the list; the exempted and those admitted less than 6
months before listed apart, not rated) and which organizations (each rated by the standing
committee one level up; those founded less than 6 months before not rated), with the
year's counters. A province (≈ 100 k members) opens in a few seconds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import jobs, paths, rules
from partybuilding.core.audit import audit_record
from partybuilding.core.bulk import Progress, Table
from partybuilding.core.dates import add_months
from partybuilding.core.errors import Refusal
from partybuilding.core.models import Job
from partybuilding.members.choices import IN_LIST, POLITICAL_SYSTEM_OCCUPATIONS, CommitteeRoleKind, Occupation
from partybuilding.members.models import CommitteeRole, Member, Membership
from partybuilding.organizations import totals
from partybuilding.organizations.choices import OrgKind, OrgStatus
from partybuilding.organizations.models import Organization

from .. import totals as counters
from ..choices import Group, NotRated, PeriodKind, RoundStatus, Stage
from ..models import MemberRating, OrganizationRating, Round

OPEN_JOB = "assessments.open"
RATED_KINDS = frozenset(OrgKind) - {OrgKind.CENTRAL, OrgKind.PROVINCE}
LEADING_ROLES = (CommitteeRoleKind.SECRETARY, CommitteeRoleKind.DEPUTY_SECRETARY, CommitteeRoleKind.STANDING)
POLITICAL_SYSTEM = POLITICAL_SYSTEM_OCCUPATIONS
CHUNK = 5000


def _check_calendar(data: dict[str, Any]) -> None:
    order = [
        ("period_start", "period_end", _("The period ends before it starts.")),
        ("period_start", "cutoff", _("The cut-off date comes before the period.")),
        ("self_until", "review_until", _("The cell review meetings end before the self-assessments.")),
        ("review_until", "decide_until", _("The committee decisions end before the cell review meetings.")),
    ]
    for first, then, message in order:
        if data[first] > data[then]:
            raise Refusal(message, rule=_("assessment calendar"), field=then)


def open_round(*, actor: Any, organization: Organization, **data: Any) -> tuple[Round, Job]:
    """Record the round and start the job that lists whom it rates."""
    _check_calendar(data)
    year = data["period_end"].year
    kind = data.get("period_kind") or PeriodKind.YEAR
    if kind == PeriodKind.YEAR:
        clash = Round.objects.filter(period_kind=PeriodKind.YEAR, year=year).filter(
            Q(organization__path__in=paths.ancestor_paths(organization.path)) | paths.subtree_q(organization.path, "organization__path")
        )
        if clash.exists():
            raise Refusal(
                _("A yearly round of %(year)s already covers part of this scope: %(round)s.") % {"year": year, "round": clash.first()},
                rule=_("assessment rule: a member is rated once a year"),
                field="organization",
            )
    rules.rule("assessment.member_levels", data["period_end"])  # a period before any recorded rule is refused
    with transaction.atomic():
        round_ = Round.objects.create(
            organization=organization,
            year=year,
            period_kind=kind,
            created_by=actor,
            **{k: v for k, v in data.items() if k != "period_kind"},
        )
        audit_record(
            actor=actor, action="assessment.round_open", obj=round_, before=None, after={"title": round_.title, "scope": organization.code}
        )
    job = jobs.start(OPEN_JOB, user=actor, org_path=organization.path, params={"round": round_.pk})
    return round_, job


def member_group(member_id: int, occupation: str, leaders: set[int]) -> str:
    """The criteria frame a member is judged by, until the cell says otherwise."""
    if member_id in leaders:
        return Group.LEADER
    return Group.STAFF if occupation in POLITICAL_SYSTEM else Group.OUTSIDE


@jobs.job_kind(
    OPEN_JOB,
    label=gettext_lazy("Opening of an assessment round"),
    phases={"members": gettext_lazy("Listing the members"), "organizations": gettext_lazy("Listing the organizations")},
    template="assessments/round_opened.html",
)
def list_round(job: Job, progress: Progress) -> dict[str, Any]:
    round_ = Round.objects.select_related("organization").get(pk=job.params["round"])
    if round_.status != RoundStatus.OPENING:
        return {"members": round_.member_ratings.count(), "organizations": round_.organization_ratings.count()}
    with transaction.atomic():
        members, skipped = _list_members(round_, progress)
        organizations = _list_organizations(round_, progress)
        round_.status = RoundStatus.OPEN
        round_.save(update_fields=["status", "updated_at"])
    return {"members": members, "skipped": skipped, "organizations": organizations}


def _list_members(round_: Round, progress: Progress) -> tuple[int, int]:
    day = round_.cutoff
    scope = round_.organization
    valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    in_scope = Membership.objects.filter(valid, paths.subtree_q(scope.path, "organization__path"), status__in=IN_LIST)
    rows = list(in_scope.values_list("member_id", "organization_id", "organization__path").order_by("member_id"))
    listed_ids = in_scope.values("member_id")  # read by the queries below, not loaded
    taken: set[int] = set()
    if round_.counted:  # rated this year by another yearly round (before moving here, say)
        taken = set(
            MemberRating.objects.filter(year=round_.year, counted=True, member_id__in=listed_ids).values_list("member_id", flat=True)
        )
    facts = {
        pk: (occupation, exempt_since, admitted)
        for pk, occupation, exempt_since, admitted in Member.objects.filter(pk__in=listed_ids).values_list(
            "pk", "occupation", "exempt_since", "admission_date"
        )
    }
    roles_then = Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gt=day))
    leaders = set(
        CommitteeRole.objects.filter(roles_then, role__in=LEADING_ROLES, member_id__in=listed_ids).values_list("member_id", flat=True)
    )
    new_since = add_months(day, -int(rules.rule_value("assessment.new_member_months", round_.period_end)))
    per_node: dict[str, dict[str, int]] = {}
    keys_of: dict[str, dict[str, int]] = {}  # the counters of a rating, by why it is not rated ("": listed)
    table = Table(MemberRating)
    now = timezone.now()
    skipped = sum(1 for member_id, _org, _path in rows if member_id in taken)

    def ratings() -> Iterator[tuple[Any, ...]]:
        for member_id, org_id, org_path in rows:
            if member_id in taken:
                continue
            occupation, exempt_since, admitted = facts.get(member_id, (Occupation.OTHER, None, day))
            reason = NotRated.EXEMPTED if exempt_since and exempt_since <= day else (NotRated.NEW_MEMBER if admitted > new_since else "")
            values = {
                "round_id": round_.pk, "member_id": member_id, "organization_id": org_id, "org_path": org_path,
                "year": round_.year, "counted": round_.counted, "group": member_group(member_id, occupation, leaders),
                "stage": Stage.NOT_RATED if reason else Stage.LISTED, "stage_since": day, "not_rated": reason,
                "created_at": now, "updated_at": now,
            }  # fmt: skip
            if reason not in keys_of:
                keys_of[reason] = counters.member_keys(MemberRating(**values))
            node = per_node.setdefault(org_path, {})
            for key, n in keys_of[reason].items():
                node[key] = node.get(key, 0) + n
            yield table.row(values)

    listed = len(rows) - skipped
    table.insert(ratings(), listed, "members", progress)
    totals.add_many(per_node)
    return listed, skipped


def _list_organizations(round_: Round, progress: Progress) -> int:
    day = round_.cutoff
    new_since = add_months(day, -int(rules.rule_value("assessment.new_organization_months", round_.period_end)))
    taken: set[int] = set()
    if round_.counted:
        rated = OrganizationRating.objects.filter(year=round_.year, counted=True).filter(
            paths.descendants_q(round_.organization.path, "org_path")
        )
        taken = set(rated.values_list("organization_id", flat=True))
    orgs = (
        Organization.objects.filter(paths.descendants_q(round_.organization.path), kind__in=RATED_KINDS, founded_on__lte=day)
        .filter(Q(status=OrgStatus.ACTIVE) | Q(dissolved_on__gt=day))
        .values_list("pk", "path", "kind", "founded_on")
    )
    per_node: dict[str, dict[str, int]] = {}
    batch = []
    for pk, path, kind, founded in orgs.iterator(chunk_size=CHUNK):
        if pk in taken:
            continue
        new = founded > new_since
        rating = OrganizationRating(
            round=round_,
            organization_id=pk,
            org_path=path,
            org_kind=kind,
            year=round_.year,
            counted=round_.counted,
            stage=Stage.NOT_RATED if new else Stage.LISTED,
            stage_since=day,
            not_rated=NotRated.NEW_ORGANIZATION if new else "",
        )
        per_node[path] = counters.organization_keys(rating)
        batch.append(rating)
    OrganizationRating.objects.bulk_create(batch, batch_size=CHUNK)
    progress("organizations", len(batch), len(batch))
    totals.add_many(per_node)
    return len(batch)


def close_round(*, actor: Any, round_: Round) -> Round:
    with transaction.atomic():
        before = {"status": round_.status}
        Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED, version=round_.version + 1)
        round_.refresh_from_db()
        audit_record(actor=actor, action="assessment.round_close", obj=round_, before=before, after={"status": round_.status})
    return round_


def default_calendar(year: int) -> dict[str, dt.date]:
    """The usual calendar of a yearly round (HD 43: reviews in December, decisions before
    the year's end, the grassroots' results reported in January)."""
    return {
        "period_start": dt.date(year, 1, 1),
        "period_end": dt.date(year, 12, 31),
        "cutoff": dt.date(year, 12, 1),
        "self_until": dt.date(year, 12, 10),
        "review_until": dt.date(year, 12, 20),
        "decide_until": dt.date(year + 1, 1, 15),
    }
