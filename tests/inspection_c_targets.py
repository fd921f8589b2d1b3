"""The denunciation of an organization that a route reaches (the permission matrix, the scope
crawl): made on first use in the test's transaction, found again afterwards. It is handled
at the organization itself, denounces it, names who denounced (the marker below, which no
page, export or API answer may show but to a handler), and has the superuser as its one
handler (for the release route)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.accounts.models import User
from partybuilding.inspections.choices import Channel, SubjectKind
from partybuilding.inspections.models import Denunciation, Handler
from partybuilding.inspections.services.denunciations import denunciation_record
from partybuilding.organizations.models import Organization

RECEIVED = dt.date(2026, 10, 1)
DENOUNCER = {
    "denouncer_name": "Người Tố Cáo Bí Mật",
    "denouncer_address": "Số 9 ngõ Kín, phường Ẩn Danh",
    "denouncer_phone": "0912345678",
    "denouncer_email": "to.cao@example.vn",
    "denouncer_id_number": "001099012345",
}


def handler_user() -> User:
    return User.objects.get(username="root")


def denunciation_in(org: Organization) -> Denunciation:
    found = Denunciation.objects.filter(organization=org, summary__startswith="Tố cáo mẫu").first()
    if found is None:
        found = denunciation_record(
            actor=None,
            organization=org,
            channel=Channel.LETTER,
            received_on=RECEIVED,
            subject_kind=SubjectKind.ORGANIZATION,
            subject_organization=org,
            summary=f"Tố cáo mẫu về {org.name}",
            **DENOUNCER,
        )
        Handler.objects.create(denunciation=found, user=handler_user(), assigned_on=RECEIVED)
    return found


def objects_of(org: Organization) -> dict[str, list[Any]]:
    """The scope crawl's objects: `org`'s denunciation."""
    return {"denunciation": [denunciation_in(org)]}
