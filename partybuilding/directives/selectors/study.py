"""Reads of the study of resolutions: the campaigns a user sees at an organization (its own,
its subtree's, and those of the organizations above it), a campaign's completion by scope
from the counters, the members not done in an organization, what a member must still study,
and the attention line of campaigns past their deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from partybuilding.core import attention, paths
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization, SubtreeTotal

from ..choices import CampaignStatus
from ..counters import assigned_key, done_key, study_figures
from ..models import Document, StudyAssignment, StudyCampaign, StudySession


def campaign_or_404(user: Any, pk: Any, action: Action | None = None) -> StudyCampaign:
    rows = StudyCampaign.objects.select_related("organization")
    return visible_or_404(rows, user, pk, action)


def session_or_404(user: Any, pk: Any, action: Action | None = None) -> StudySession:
    rows = StudySession.objects.select_related("campaign", "organization", "campaign__organization")
    return visible_or_404(rows, user, pk, action)


def assignment_or_404(user: Any, pk: Any, action: Action | None = None) -> StudyAssignment:
    rows = StudyAssignment.objects.select_related("campaign", "member", "member__organization")
    return visible_or_404(rows, user, pk, action)


def campaigns_at(user: Any, org: Organization) -> QuerySet[StudyCampaign]:
    """The campaigns carried out at `org`: its own, its subtree's and those above it."""
    return StudyCampaign.objects.visible_to(user).filter(paths.line_q(org.path, "org_path")).select_related("organization")


def campaigns_of_document(user: Any, document: Document) -> list[StudyCampaign]:
    return list(StudyCampaign.objects.visible_to(user).filter(documents=document).select_related("organization").order_by("-starts_on", "-pk"))  # fmt: skip


def document_url(document: Document) -> str:
    return reverse("directive_document", args=[document.pk])


@dataclass(frozen=True)
class Completion:
    """A campaign's figures at one organization (its subtree)."""

    organization: Organization
    assigned: int
    done: int

    @property
    def not_done(self) -> int:
        return self.assigned - self.done

    @property
    def percent(self) -> float | None:
        return 100 * self.done / self.assigned if self.assigned else None

    @property
    def green(self) -> bool:
        return self.assigned > 0 and self.done == self.assigned


def completion(campaign: StudyCampaign, org: Organization) -> tuple[Completion, list[Completion]]:
    """The campaign's completion at `org` and at each of its child organizations, side by
    side, read from the counters (a few rows at any scale)."""
    children = list(Organization.objects.filter(parent=org).order_by("name", "code"))
    figures = study_figures([org, *children], campaign.pk)
    shown = [Completion(o, *figures[o.pk]) for o in children]
    return Completion(org, *figures[org.pk]), [c for c in shown if c.assigned]


def completion_scope(campaign: StudyCampaign, user: Any, within: Any, working: Any) -> Organization:
    """The organization whose completion the campaign's page shows: the one asked for (in the
    campaign's subtree, else 404), else the campaign's own when the user sees it, else the
    one the user works in."""
    if within:
        org = visible_or_404(Organization, user, within)
        if not org.path.startswith(campaign.org_path):
            raise Http404
        return org
    if can(user, Action.VIEW, campaign.organization) or working is None or not working.path.startswith(campaign.org_path):
        return campaign.organization
    return working


def members_not_done(campaign: StudyCampaign, org: Organization) -> QuerySet[StudyAssignment]:
    """The members of `org`'s subtree who have not done the campaign's study (personal data:
    the caller checks the member-reading action over `org`)."""
    rows = StudyAssignment.objects.filter(campaign=campaign, done=False).filter(paths.subtree_q(org.path, "member_path"))
    return rows.select_related("member", "member__organization")


def sessions_at(campaign: StudyCampaign, user: Any, org: Organization) -> QuerySet[StudySession]:
    rows = StudySession.objects.visible_to(user).filter(campaign=campaign).filter(paths.line_q(org.path, "org_path"))
    return rows.select_related("organization").order_by("date", "pk")


def to_study(member: Member, today: dt.date) -> QuerySet[StudyAssignment]:
    """What the member must still study: their assignments not done in open campaigns."""
    return my_assignments(member).filter(done=False)


def my_assignments(member: Member) -> QuerySet[StudyAssignment]:
    """The member's assignments in open campaigns, done or not (their notes stay editable)."""
    rows = StudyAssignment.objects.filter(member=member, campaign__status=CampaignStatus.OPEN)
    return rows.select_related("campaign", "campaign__organization", "session").order_by("campaign__deadline", "pk")


def own_assignment_or_404(member: Member | None, pk: Any) -> StudyAssignment:
    """The member's own assignment; anyone else's answers 404, as a missing one."""
    try:
        found = StudyAssignment.objects.select_related("campaign").filter(member=member, pk=int(pk)).first() if member else None
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if found is None:
        raise Http404
    return found


# --- the attention line ------------------------------------------------------------------------


@attention.register
def study_attention(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Campaigns carried out in the scope, past their deadline, with members not done there."""
    late = list(
        StudyCampaign.objects.filter(paths.line_q(scope.path, "org_path"), status=CampaignStatus.OPEN, deadline__lt=today).order_by(
            "deadline", "pk"
        )[:50]
    )
    if not late:
        return []
    keys = [k for c in late for k in (assigned_key(c.pk), done_key(c.pk))]
    values = dict(SubtreeTotal.objects.filter(organization_id=scope.pk, key__in=keys).values_list("key", "value"))
    items = []
    for campaign in late:
        missing = values.get(assigned_key(campaign.pk), 0) - values.get(done_key(campaign.pk), 0)
        if missing > 0:
            url = reverse("directive_campaign", args=[campaign.pk]) + f"?within={scope.pk}"
            label = _("Study past its deadline: %(title)s") % {"title": campaign.title}
            items.append(attention.Item(label, missing, detail=_("members not done"), url=url))
    return items
