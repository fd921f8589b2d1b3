"""The list of members who must study a resolution, made in the background for a large scope
(a province: 100,000 members and more) with its progress, and inline for a small one: the
same code either way (`services.study.list_make`), every row or none."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partybuilding.core.bulk import Progress
from partybuilding.core.errors import Refusal
from partybuilding.core.jobs import job_kind, start
from partybuilding.core.models import Job
from partybuilding.organizations.models import SubtreeTotal

from .choices import CampaignStatus
from .models import StudyCampaign
from .services import study as services

KIND = "directives.study_list"
# Up to this many members on the organization's list, the list is made while the user waits.
INLINE_MEMBERS = 2000

PHASES = {
    "members": _("Finding the members on the date"),
    "rows": _("Writing the list of members who must study"),
    "totals": _("Updating the totals"),
}


@job_kind(KIND, label=_("List of members who must study a resolution"), phases=PHASES)
def make_study_list(job: Job, progress: Progress) -> dict[str, Any]:
    campaign = StudyCampaign.objects.get(pk=job.params["campaign"])
    campaign = services.list_make(actor=job.created_by, campaign=campaign, progress=progress)
    return {"campaign": campaign.pk, "assigned": campaign.assigned}


def members_listed(campaign: StudyCampaign) -> int:
    """The organization's members today, from its totals: the size of the list to make."""
    found = SubtreeTotal.objects.filter(organization_id=campaign.organization_id, key="m.all").values_list("value", flat=True).first()
    return found or 0


def list_start(*, actor: Any, campaign: StudyCampaign, inline_up_to: int = INLINE_MEMBERS) -> Job | None:
    """Make the list now (a small scope) or queue the job that makes it (None: made now)."""
    if campaign.status != CampaignStatus.PREPARING:
        raise Refusal(gettext("The list of members of this campaign is already made."), rule=services.records_rule())
    if members_listed(campaign) <= inline_up_to or getattr(actor, "pk", None) is None:  # a job is someone's
        services.list_make(actor=actor, campaign=campaign)
        return None
    return start(KIND, user=actor, org_path=campaign.org_path, params={"campaign": campaign.pk})


def campaign_start(*, actor: Any, inline_up_to: int = INLINE_MEMBERS, **fields: Any) -> StudyCampaign:
    """A new campaign and its list of members (made now, or queued with the campaign)."""
    with transaction.atomic():
        campaign = services.campaign_create(actor=actor, **fields)
        list_start(actor=actor, campaign=campaign, inline_up_to=inline_up_to)
    campaign.refresh_from_db()
    return campaign


def list_job(campaign: StudyCampaign) -> Job | None:
    """The newest job that makes (or made) the campaign's list."""
    return Job.objects.filter(kind=KIND, params__campaign=campaign.pk).order_by("-pk").first()
