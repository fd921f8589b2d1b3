"""What pages and the API read of issuers and documents: the lists of a scope with their
filters, one document with its chain up (what it implements) and down (which recipients
concretized it, how late, and which have not yet), and the recipients late to concretize
(an attention line)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partybuilding.core import attention, paths
from partybuilding.core.models import RuleValue
from partybuilding.core.scope import Action, can, scope_q, visible_or_404

from ..choices import DocumentStatus
from ..models import Document, DocumentFile, Issuer, Recipient
from ..search import search_documents

CONCRETIZE_KEY = "directives.concretize_within_days"
CHAIN_LIMIT = 12  # levels of the tree: more is a loop in bad data


# --- issuers -----------------------------------------------------------------------------------


def issuers_in(user: Any, org: Any) -> QuerySet[Issuer]:
    """The issuers the user sees, of `org`'s line (all they see when `org` is None)."""
    rows = Issuer.objects.visible_to(user).select_related("organization")
    return rows.filter(paths.line_q(org.path, "org_path")) if org is not None else rows


def issuers_to_pick(user: Any, org: Any) -> QuerySet[Issuer]:
    """The issuers a list offers to filter by: `org`'s own, those above it and those of the
    organizations right below it (a country has tens of thousands; the picker stays short)."""
    rows = Issuer.objects.visible_to(user).select_related("organization")
    if org is None:
        return rows.filter(organization__depth__lte=1)
    return rows.filter(Q(org_path__in=paths.ancestor_paths(org.path)) | Q(organization__parent=org))


def issuer_or_404(user: Any, pk: Any, action: Action | None = None) -> Issuer:
    return visible_or_404(Issuer.objects.select_related("organization"), user, pk, action)


def issuers_directed_by(user: Any) -> QuerySet[Issuer]:
    """The active issuers of the organizations where the user may issue documents."""
    return Issuer.objects.filter(scope_q(user, Action.DIRECT, "org_path"), active=True).select_related("organization")


# --- documents ---------------------------------------------------------------------------------


def documents_in(user: Any, org: Any) -> QuerySet[Document]:
    """The documents the user reads, of `org`'s line: issued in its subtree or above it."""
    rows = Document.objects.visible_to(user).select_related("issuer", "organization")
    return rows.filter(paths.line_q(org.path, "org_path")) if org is not None else rows


def document_or_404(user: Any, pk: Any, action: Action | None = None) -> Document:
    rows = Document.objects.select_related("issuer", "organization", "implements", "replaces")
    return visible_or_404(rows, user, pk, action)


def waiting_recipients(today: dt.date) -> QuerySet[Recipient]:
    """Recipients asked to concretize a document in force that have not, past the time the
    rule in force on the document's date gives them."""
    late = Q(pk__in=[])
    periods = list(RuleValue.objects.filter(key=CONCRETIZE_KEY).order_by("rule_set__effective_from").values_list("rule_set__effective_from", "value"))  # fmt: skip
    for i, (starts, days) in enumerate(periods):
        period = Q(document__date__gte=starts, document__date__lt=today - dt.timedelta(days=int(days)))
        if i + 1 < len(periods):
            period &= Q(document__date__lt=periods[i + 1][0])
        late |= period
    return Recipient.objects.filter(late, document__expects_concretization=True, document__status=DocumentStatus.IN_FORCE, concretized_by=None)  # fmt: skip


# a number as printed, or a part of it: "15-NQ/TU", "15-NQ", "NQ/TU", "15"
NUMBER_PARTS = re.compile(r"^(?:(?P<sequence>\d{1,9})-?)?(?P<kind>[^\d/\s][^/\s]*)?(?:/(?P<symbol>\S+))?$")


def number_q(number: str) -> Q:
    """The documents whose number matches what was typed, read as its parts (sequence, kind,
    issuer's symbol) so that the indexes answer; anything else as a part of the number."""
    parts = NUMBER_PARTS.match(number)
    if parts is None or not any(parts.groupdict().values()):
        return Q(number__icontains=number)
    found = Q()
    if parts["sequence"]:
        found &= Q(sequence=int(parts["sequence"]))
    if parts["kind"]:
        found &= Q(kind__iexact=parts["kind"])
    if parts["symbol"]:
        found &= Q(issuer__symbol__iexact=parts["symbol"])
    return found


def filtered_documents(rows: QuerySet[Document], filters: dict[str, Any], today: dt.date | None = None) -> QuerySet[Document]:
    """The list's filters (the newest first, a text search too)."""
    for name in ("kind", "status", "year"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if filters.get("issuer"):
        rows = rows.filter(issuer_id=getattr(filters["issuer"], "pk", filters["issuer"]))
    if filters.get("date_from"):
        rows = rows.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        rows = rows.filter(date__lte=filters["date_to"])
    if filters.get("not_concretized"):
        waiting = Recipient.objects.filter(document=OuterRef("pk"), concretized_by=None)
        rows = rows.filter(Exists(waiting), expects_concretization=True, status=DocumentStatus.IN_FORCE)
    if number := (filters.get("number") or "").strip():
        rows = rows.filter(number_q(number))
    if text := (filters.get("q") or "").strip():
        rows = search_documents(rows, text)
    return rows


def document_files(document: Document) -> list[DocumentFile]:
    return list(document.files.select_related("uploaded_by").order_by("pk"))


def chain_up(user: Any, document: Document) -> list[Document]:
    """What the document implements, then what that implements, up to the top (those the user reads)."""
    found: list[Document] = []
    current = document
    while current.implements_id and len(found) < CHAIN_LIMIT:
        upper = Document.objects.visible_to(user).select_related("issuer", "organization").filter(pk=current.implements_id).first()
        if upper is None:
            break
        found.append(upper)
        current = upper
    return found


@dataclass(frozen=True)
class ChainFigures:
    recipients: int
    concretized: int
    waiting: int
    late: int  # waiting past the rule's time


def recipients_of(user: Any, document: Document) -> QuerySet[Recipient]:
    """The document's recipients the user sees, with what concretized each."""
    rows = Recipient.objects.visible_to(user).filter(document=document)
    return rows.select_related("organization", "concretized_by").order_by("org_path")


def chain_figures(user: Any, document: Document, today: dt.date) -> ChainFigures:
    rows = Recipient.objects.visible_to(user).filter(document=document)
    total, done = rows.count(), rows.exclude(concretized_by=None).count()
    late = waiting_recipients(today).filter(pk__in=rows.values("pk")).count() if document.expects_concretization else 0
    return ChainFigures(total, done, total - done, late)


def lag_days(recipient: Recipient, document: Document, today: dt.date) -> int:
    """Days from issue to the concretizing document, or to today while it is awaited."""
    return ((recipient.concretized_on or today) - document.date).days


LOWER_SHOWN = 50


def lower_documents(user: Any, document: Document) -> list[Document]:
    """The other lower documents implementing this one: those the recipients' table does not
    already show (from organizations it was not sent to, or a recipient's later ones)."""
    shown = Recipient.objects.filter(document=document, concretized_by__isnull=False).values("concretized_by")
    rows = Document.objects.visible_to(user).filter(implements=document).exclude(pk__in=shown)
    return list(rows.select_related("issuer", "organization").order_by("date", "pk")[:LOWER_SHOWN])


# --- not concretized (an attention line) ------------------------------------------------------------


def not_concretized(scope: Any, today: dt.date) -> QuerySet[Recipient]:
    """The recipients in `scope`'s subtree late to concretize a document asking for it."""
    rows = waiting_recipients(today).filter(paths.subtree_q(scope.path, "org_path"))
    return rows.select_related("organization", "document", "document__issuer").order_by("document__date", "org_path", "pk")


@attention.register
def not_concretized_line(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Documents not concretized in time by organizations of the scope, for those who follow them."""
    if not can(user, Action.DIRECT, scope):
        return []
    count = not_concretized(scope, today).count()
    url = attention.link("directive_not_concretized", within=scope.pk)
    return [attention.Item(str(_("Documents not concretized in time by the organizations asked to")), count, url=url)]
