"""The bodies that issue documents in an organization's name, each with the symbol its
numbers end with ("TU" in 15-NQ/TU). A symbol names one body of an organization; once a
body has issued, its symbol is printed on its numbers and stays."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.text import nfc
from partybuilding.organizations.models import Organization

from ..choices import IssuerBody
from ..models import Issuer


def format_rule() -> str:
    return _("QĐ 66-QĐ/TW on the format of Party documents: the number ends with the issuer's symbol")


def issuer_view(issuer: Issuer) -> dict[str, Any]:
    return {
        "organization": issuer.organization_id,
        "body": issuer.body,
        "name": issuer.name,
        "symbol": issuer.symbol,
        "active": issuer.active,
    }


def _fields(organization: Organization, body: str, name: str, symbol: str, exclude: int | None = None) -> dict[str, str]:
    if body not in IssuerBody.values:
        raise Refusal(_("Choose the body that issues."), rule=format_rule(), field="body")
    name, symbol = nfc((name or "").strip()), nfc((symbol or "").strip())
    if not name:
        raise Refusal(_("Give the issuer's name."), rule=format_rule(), field="name")
    if not symbol or any(ch.isspace() or ch in "/-" for ch in symbol):
        raise Refusal(_("The symbol is one word without “/” or “-”, such as TU or BTCTU."), rule=format_rule(), field="symbol")
    others = Issuer.objects.filter(organization=organization, symbol=symbol)
    taken = (others.exclude(pk=exclude) if exclude is not None else others).first()
    if taken is not None:
        raise Refusal(
            _("The symbol %(symbol)s is already that of %(issuer)s in %(org)s; each body has its own.")
            % {"symbol": symbol, "issuer": taken.name, "org": organization.name},
            rule=format_rule(),
            field="symbol",
        )
    return {"body": body, "name": name, "symbol": symbol}


def issuer_create(*, actor: Any, organization: Organization, body: str, name: str, symbol: str) -> Issuer:
    """A body of `organization` that issues documents, with its symbol."""
    fields = _fields(organization, body, name, symbol)
    try:
        with transaction.atomic():
            issuer = Issuer.objects.create(organization=organization, org_path=organization.path, **fields)
            audit_record(actor=actor, action="issuer.create", obj=issuer, after=issuer_view(issuer))
    except IntegrityError as exc:  # the same symbol saved at the same moment
        raise Refusal(_("The symbol %(symbol)s was just taken in %(org)s.") % {"symbol": fields["symbol"], "org": organization.name}, rule=format_rule(), field="symbol") from exc  # fmt: skip
    return issuer


def issuer_edit(
    *, actor: Any, issuer: Issuer, body: str, name: str, symbol: str, active: bool, expected_version: int | None = None
) -> Issuer:
    """The issuer's body, name, symbol (while it has issued nothing) and whether it still issues."""
    fields = _fields(issuer.organization, body, name, symbol, exclude=issuer.pk)
    try:
        with transaction.atomic():
            lock_version(issuer, expected_version)
            if fields["symbol"] != issuer.symbol and issuer.documents.exists():
                raise Refusal(
                    _("%(issuer)s has issued documents numbered with %(symbol)s; the symbol stays. A new body gets a new issuer.")
                    % {"issuer": issuer.name, "symbol": issuer.symbol},
                    rule=format_rule(),
                    field="symbol",
                )
            before = issuer_view(issuer)
            for key, value in fields.items():
                setattr(issuer, key, value)
            issuer.active = bool(active)
            issuer.save()
            audit_record(actor=actor, action="issuer.edit", obj=issuer, before=before, after=issuer_view(issuer))
    except IntegrityError as exc:
        raise Refusal(_("The symbol %(symbol)s was just taken in %(org)s.") % {"symbol": fields["symbol"], "org": issuer.organization.name}, rule=format_rule(), field="symbol") from exc  # fmt: skip
    return issuer
