"""What the admission services share: the candidate as the audit log keeps it, and the
organizations that follow candidates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from partybuilding.core.errors import Refusal
from partybuilding.members.personal import FIELDS, audit_view
from partybuilding.members.records.services import MEMBER_HOMES
from partybuilding.organizations.models import Organization

from ..models import Candidate

AUDITED = [
    *FIELDS,
    "readmission",
    "organization",
    "stage",
    "stage_since",
    "certificate_date",
    "age_exception",
    "decided_on",
    "ceremony_on",
    "member",
]


def candidate_view(candidate: Candidate) -> dict[str, Any]:
    """A candidate as the audit log keeps it (personal identifiers noted as present, not copied)."""
    return audit_view(candidate, AUDITED)


def check_home(org: Organization) -> None:
    if org.kind not in MEMBER_HOMES or not org.is_active:
        raise Refusal(
            _("Candidates are followed by an active Party cell or grassroots Party cell; %(org)s is not one.") % {"org": org.name},
            rule=_("Party Charter, Art. 24"),
            field="organization",
        )
