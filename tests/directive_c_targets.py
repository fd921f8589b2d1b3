"""The study campaigns of an organization that a route reaches (the permission matrix, the
scope crawl): made on first use in the test's transaction, found again afterwards.

- the organization's sample campaign about its sample resolution, open, with its list of
  members made (the members of the organization on 15/09/2026);
- a session of that campaign held by the organization itself;
- the assignment of one member of the organization (the first one listed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.directives.models import StudyAssignment, StudyCampaign, StudySession
from partybuilding.directives.services.study import session_create
from partybuilding.directives.study_jobs import campaign_start
from partybuilding.organizations.models import Organization

from .directive_targets import document_in

START = dt.date(2026, 9, 15)
DEADLINE = dt.date(2026, 10, 15)
TITLE = "Học tập mẫu"


def campaign_of(org: Organization, **fields: Any) -> StudyCampaign:
    """The organization's sample campaign (another one with `fields` given)."""
    if not fields:
        found = StudyCampaign.objects.filter(organization=org, title__startswith=TITLE).first()
        if found is not None:
            return found
    values: dict[str, Any] = {
        "title": f"{TITLE} — {org.code}",
        "documents": [document_in(org)],
        "starts_on": START,
        "deadline": DEADLINE,
        "members_on": START,
        **fields,
    }
    return campaign_start(actor=None, organization=org, **values)


def session_of(org: Organization) -> StudySession:
    campaign = campaign_of(org)
    found = StudySession.objects.filter(campaign=campaign, organization=org).first()
    return found or session_create(actor=None, campaign=campaign, organization=org, date=dt.date(2026, 9, 20), place="Hội trường")


def assignment_of(org: Organization) -> StudyAssignment:
    found = campaign_of(org).assignments.order_by("pk").first()
    assert found is not None, f"no member of {org.code} on {START}"
    return found


def own_assignment(username: str = "dangvien") -> StudyAssignment:
    """The assignment of the member whose user is `username`, in their cell's campaign."""
    from partybuilding.members.models import Member

    member = Member.objects.select_related("organization").get(user__username=username)
    return StudyAssignment.objects.get(campaign=campaign_of(member.organization), member=member)


def study_objects_of(*orgs: Organization, owner: Any = None) -> dict[str, list[Any]]:
    """For the scope crawl: the campaigns, sessions and assignments of the organizations.
    With `owner` (the officer of the last organization's commune), the officer is also a
    member of the last organization: their own assignment is among those crawled."""
    from partybuilding.members.models import Member

    from .members_factories import make_member

    if owner is not None and not Member.objects.filter(user=owner).exists():
        Member.objects.filter(pk=make_member(orgs[-1]).pk).update(user=owner)
    campaigns = [campaign_of(o) for o in orgs]
    own = [a for c in campaigns for a in c.assignments.filter(member__user=owner)] if owner is not None else []
    return {
        "study_campaign": campaigns,
        "study_session": [session_of(o) for o in orgs],
        "study_assignment": [*own, *(assignment_of(o) for o in orgs)],
    }
