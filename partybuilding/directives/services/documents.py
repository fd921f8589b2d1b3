"""Documents issued: registered with the next number of their issuer, kind and year, sent to
organizations below, linked to the higher document they implement (which marks it
"concretized" for the issuer's organization) or the earlier one they replace; edited with
the version read; never deleted (the number would leave a gap) but withdrawn with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import actor_user, day_text, refuse_future
from partybuilding.core.rules import rule
from partybuilding.core.text import nfc, search_key
from partybuilding.organizations.choices import OrgStatus
from partybuilding.organizations.models import Organization

from ..choices import DocumentStatus
from ..kinds import KEY as KINDS_KEY
from ..models import Document, Issuer, Recipient
from .numbering import next_number, printed_number

SHORTCUT_LIMIT = 500  # "every organization of a kind below" on a form; past this, the tasks' "send down" job


def records_rule() -> str:
    return _("records rule")


def sending_rule() -> str:
    return _("QĐ 66-QĐ/TW: a document is sent to the organizations under its issuer")


def chain_rule() -> str:
    return _("QĐ 66-QĐ/TW: a document implements one of a higher level")


def document_view(document: Document) -> dict[str, Any]:
    return {
        "number": document.number,
        "issuer": document.issuer_id,
        "kind": document.kind,
        "date": document.date.isoformat(),
        "signer": document.signer,
        "title": document.title,
        "summary": document.summary,
        "text_length": len(document.text),
        "status": document.status,
        "implements": document.implements_id,
        "implements_reference": document.implements_reference,
        "replaces": document.replaces_id,
        "expects_concretization": document.expects_concretization,
        "recipients": sorted(document.recipients.values_list("organization_id", flat=True)) if document.pk else [],
    }


def refresh_search(document: Document) -> None:
    """`search_folded`: every searched word without diacritics (the SQLite search reads it)."""
    parts = (document.number, document.title, document.summary, document.text, document.files_text)
    document.search_folded = search_key(" ".join(part for part in parts if part))


def organizations_of_kind_below(organization: Organization, kind: str) -> list[Organization]:
    """The active organizations of `kind` under `organization`, for the form's shortcut."""
    rows = Organization.objects.filter(kind=kind, status=OrgStatus.ACTIVE).filter(
        path__startswith=organization.path, depth__gt=organization.depth
    )
    found = list(rows.order_by("path")[: SHORTCUT_LIMIT + 1])
    if len(found) > SHORTCUT_LIMIT:
        raise Refusal(
            _("More than %(n)s organizations: send the document down with the tasks' “send down”, which runs in the background.")
            % {"n": SHORTCUT_LIMIT},
            rule=sending_rule(),
            field="recipients_kind",
        )
    return found


def _check_recipients(issuer: Issuer, recipients: Iterable[Organization]) -> list[Organization]:
    unique = {org.pk: org for org in recipients}
    for org in unique.values():
        if not org.path.startswith(issuer.org_path) or org.path == issuer.org_path:
            raise Refusal(
                _("%(org)s is not under %(issuer)s.") % {"org": org.name, "issuer": issuer.organization.name},
                rule=sending_rule(),
                field="recipients",
            )
    return sorted(unique.values(), key=lambda org: org.path)


def _check_kind(kind: str, date: dt.date) -> None:
    kinds = rule(KINDS_KEY, date)
    codes = [k["code"] for k in kinds.value or []]  # the rule lists {"code", "vi", "en"}
    if kind not in codes:
        raise Refusal(
            _("“%(kind)s” is not a kind of document on %(date)s; the kinds are %(kinds)s.")
            % {"kind": kind, "date": day_text(date), "kinds": ", ".join(codes)},
            rule=kinds.citation,
            field="kind",
        )


def _check_links(issuer: Issuer, date: dt.date, implements: Document | None, implements_reference: str, replaces: Document | None) -> None:
    if implements is not None and implements_reference:
        raise Refusal(_("Name the higher document in the system or outside it, not both."), rule=chain_rule(), field="implements")
    if implements is not None:
        above = implements.org_path != issuer.org_path and issuer.org_path.startswith(implements.org_path)
        if not above:
            raise Refusal(
                _("%(number)s was not issued above %(org)s.") % {"number": implements.number, "org": issuer.organization.name},
                rule=chain_rule(),
                field="implements",
            )
        if implements.status == DocumentStatus.WITHDRAWN:
            raise Refusal(_("%(number)s was withdrawn.") % {"number": implements.number}, rule=chain_rule(), field="implements")
        if implements.date > date:
            raise Refusal(
                _("%(number)s was issued after %(date)s.") % {"number": implements.number, "date": day_text(date)},
                rule=chain_rule(),
                field="implements",
            )
    if replaces is not None:
        if replaces.issuer_id != issuer.pk:
            raise Refusal(
                _("A document replaces one of its own issuer; %(number)s is another's.") % {"number": replaces.number},
                rule=records_rule(),
                field="replaces",
            )
        if replaces.status != DocumentStatus.IN_FORCE or replaces.date > date:
            raise Refusal(
                _("%(number)s is not an earlier document in force.") % {"number": replaces.number}, rule=records_rule(), field="replaces"
            )


def _mark_concretized(document: Document) -> None:
    """The higher document's recipient row of the issuer's organization: concretized by this
    one, unless an earlier registration did it already."""
    if document.implements_id is None:
        return
    Recipient.objects.filter(document_id=document.implements_id, organization_id=document.organization_id, concretized_by=None).update(
        concretized_by=document, concretized_on=document.date
    )


def document_register(
    *,
    actor: Any,
    issuer: Issuer,
    kind: str,
    date: dt.date,
    title: str,
    signer: str = "",
    summary: str = "",
    text: str = "",
    recipients: Iterable[Organization] = (),
    implements: Document | None = None,
    implements_reference: str = "",
    replaces: Document | None = None,
    expects_concretization: bool = False,
    recipients_kind: str = "",
) -> Document:
    """A document issued, with the next number of its issuer, kind and year; sent to
    `recipients` and, with `recipients_kind`, to every organization of that kind below."""
    if not issuer.active:
        raise Refusal(_("%(issuer)s no longer issues documents.") % {"issuer": issuer.name}, rule=records_rule(), field="issuer")
    refuse_future(date, "date", _("The date issued"))
    _check_kind(kind, date)
    title = nfc((title or "").strip())
    if not title:
        raise Refusal(_("Give the document's subject."), rule=records_rule(), field="title")
    if recipients_kind:
        recipients = [*recipients, *organizations_of_kind_below(issuer.organization, recipients_kind)]
    sent_to = _check_recipients(issuer, recipients)
    implements_reference = nfc((implements_reference or "").strip())
    _check_links(issuer, date, implements, implements_reference, replaces)
    with transaction.atomic():
        sequence = next_number(issuer, kind, date.year)
        document = Document(
            issuer=issuer,
            organization_id=issuer.organization_id,
            org_path=issuer.org_path,
            kind=kind,
            year=date.year,
            sequence=sequence,
            number=printed_number(sequence, kind, issuer.symbol),
            date=date,
            signer=nfc((signer or "").strip()),
            title=title,
            summary=nfc((summary or "").strip()),
            text=nfc((text or "").strip()),
            implements=implements,
            implements_reference=implements_reference,
            replaces=replaces,
            expects_concretization=bool(expects_concretization),
            created_by=actor_user(actor),
        )
        refresh_search(document)
        document.save()
        Recipient.objects.bulk_create([Recipient(document=document, organization=org, org_path=org.path) for org in sent_to])
        _mark_concretized(document)
        if replaces is not None:
            Document.objects.filter(pk=replaces.pk, status=DocumentStatus.IN_FORCE).update(status=DocumentStatus.REPLACED)
        audit_record(actor=actor, action="document.register", obj=document, after=document_view(document))
    return document


def document_edit(
    *,
    actor: Any,
    document: Document,
    signer: str,
    summary: str,
    text: str,
    add_recipients: Iterable[Organization] = (),
    recipients_kind: str = "",
    expected_version: int | None = None,
) -> Document:
    """The signer, summary and text, and more recipients; the number, issuer, kind and date stay."""
    if recipients_kind:
        add_recipients = [*add_recipients, *organizations_of_kind_below(document.organization, recipients_kind)]
    with transaction.atomic():
        lock_version(document, expected_version)
        if document.status == DocumentStatus.WITHDRAWN:
            raise Refusal(_("A withdrawn document is not changed."), rule=records_rule())
        before = document_view(document)
        known = set(document.recipients.values_list("organization_id", flat=True))
        added = [org for org in _check_recipients(document.issuer, add_recipients) if org.pk not in known]
        document.signer, document.summary, document.text = (nfc((v or "").strip()) for v in (signer, summary, text))
        refresh_search(document)
        document.save()
        Recipient.objects.bulk_create([Recipient(document=document, organization=org, org_path=org.path) for org in added])
        # a lower document registered before its organization was added still counts
        for org in added:
            first = document.implemented_by.filter(organization=org).exclude(status=DocumentStatus.WITHDRAWN).order_by("date", "pk").first()
            if first is not None:
                Recipient.objects.filter(document=document, organization=org).update(concretized_by=first, concretized_on=first.date)
        audit_record(actor=actor, action="document.edit", obj=document, before=before, after=document_view(document))
    return document


def document_withdraw(*, actor: Any, document: Document, reason: str, expected_version: int | None = None) -> Document:
    """Withdrawn: no longer in force, its number still used. What it concretized waits for
    another lower document; what it replaced is in force again."""
    reason = nfc((reason or "").strip())
    if not reason:
        raise Refusal(_("Say why the document is withdrawn."), rule=records_rule(), field="reason")
    with transaction.atomic():
        lock_version(document, expected_version)
        if document.status == DocumentStatus.WITHDRAWN:
            raise Refusal(_("The document is already withdrawn."), rule=_("records rule: no double entries"))
        before = document_view(document)
        document.status = DocumentStatus.WITHDRAWN
        document.save(update_fields=["status", "updated_at"])
        for row in Recipient.objects.filter(concretized_by=document):
            other = (
                Document.objects.filter(implements_id=row.document_id, organization_id=row.organization_id)
                .exclude(status=DocumentStatus.WITHDRAWN)
                .order_by("date", "pk")
                .first()
            )
            row.concretized_by, row.concretized_on = other, other.date if other else None
            row.save(update_fields=["concretized_by", "concretized_on"])
        if document.replaces_id and not Document.objects.filter(replaces_id=document.replaces_id).exclude(status=DocumentStatus.WITHDRAWN).exists():  # fmt: skip
            Document.objects.filter(pk=document.replaces_id, status=DocumentStatus.REPLACED).update(status=DocumentStatus.IN_FORCE)
        audit_record(
            actor=actor, action="document.withdraw", obj=document, before=before, after={**document_view(document), "reason": reason}
        )
    return document
