"""The objects of the cadre records' routes for the permission matrix and the scope crawl."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from partybuilding.cadres.choices import Title
from partybuilding.cadres.models import Training
from partybuilding.organizations.models import Organization

from .cadre_targets import cadre_in, position_in, training_of

COURSE = {"kind": "theory", "level": "theory_intermediate", "name": "Trung cấp lý luận chính trị", "starts_on": "2020-01-01", "ends_on": "2020-12-31", "completed": True}  # fmt: skip
CERTIFICATE = b"%PDF-1.4\n% a certificate\n"


def certified_training_of(org: Organization) -> Training:
    """The sample cadre's course, with its certificate kept."""
    training = training_of(org)
    if not training.certificate_file:
        training.certificate_file.save(f"certificate-{training.pk}.pdf", ContentFile(CERTIFICATE), save=True)
    return training


def toggled_position_in(org: Organization) -> Any:
    """The post the matrix takes out of use and back (nobody holds it)."""
    return position_in(org, Title.COMMITTEE_MEMBER)


def records_objects_of(org: Organization) -> dict[str, list[Any]]:
    return {"cadre": [cadre_in(org)], "cadre_position": [position_in(org)], "cadre_training": [certified_training_of(org)]}
