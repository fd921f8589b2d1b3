"""A document issued by an organization, for the tests of the documents, tasks and study:
registered (numbered) on first use in the test's transaction and found again afterwards. The issuer is the
organization's committee, with a symbol made from its code ("TU-P")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.directives.choices import IssuerBody
from partybuilding.directives.models import Document, Issuer
from partybuilding.directives.services.documents import document_register
from partybuilding.organizations.models import Organization

ISSUED = dt.date(2026, 9, 1)
# what `document_register` takes; anything else given is written afterwards
REGISTERED = {"title", "signer", "summary", "text", "recipients", "implements", "implements_reference", "replaces", "expects_concretization"}  # fmt: skip


def issuer_of(org: Organization) -> Issuer:
    found = Issuer.objects.filter(organization=org, body=IssuerBody.COMMITTEE).first()
    if found is None:
        found = Issuer.objects.create(
            organization=org, org_path=org.path, body=IssuerBody.COMMITTEE, name=f"Cấp ủy {org.name}", symbol=f"CU-{org.code}"
        )
    return found


def document_in(org: Organization, **fields: Any) -> Document:
    """The organization's sample resolution (another one with `fields` given)."""
    issuer = issuer_of(org)
    if not fields:
        found = Document.objects.filter(issuer=issuer, title__startswith="Nghị quyết mẫu").first()
        if found is not None:
            return found
    kind, date = fields.pop("kind", "NQ"), fields.pop("date", ISSUED)
    values: dict[str, Any] = {"title": "Nghị quyết mẫu về công tác xây dựng Đảng", **fields}
    taken = {name: values.pop(name) for name in list(values) if name in REGISTERED}
    document = document_register(actor=None, issuer=issuer, kind=kind, date=date, **taken)
    if values:  # what registering does not set (a status…): written as given
        Document.objects.filter(pk=document.pk).update(**values)
        document.refresh_from_db()
    return document
