"""Documents a committee issues: who issues them (with the symbol their numbers end with), the
numbers given without gaps per issuer, kind and year, the files, the organizations they are
sent to, and which lower documents concretize them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import VersionedModel
from partybuilding.core.scope import Scoped, ScopedQuerySet
from partybuilding.organizations.models import Organization

from ..choices import DocumentStatus, IssuerBody


class Issuer(Scoped, VersionedModel):
    """A body issuing documents in an organization's name: the province's committee ("TU"),
    its organizing board ("BTCTU"), a commune's committee ("ĐU")… Read along the line."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_line: ClassVar[bool] = True

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    body = models.CharField(_("body"), max_length=12, choices=IssuerBody.choices)
    name = models.CharField(_("name"), max_length=255)
    symbol = models.CharField(_("symbol"), max_length=20, help_text=_("what the numbers end with: 15-NQ/TU"))
    active = models.BooleanField(_("issues documents"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")
        ordering = ["org_path", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "symbol"], name="issuer_symbol_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.symbol})"


class NumberSequence(models.Model):
    """The last number given per issuer, kind and year, locked while a document takes the next."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "kind", "year"], name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.kind}/{self.year}: {self.last}"


class Document(Scoped, VersionedModel):
    """A document issued. Read in the issuer's subtree and above it (`scope_line`)."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_line: ClassVar[bool] = True

    issuer = models.ForeignKey(Issuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="documents")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    kind = models.CharField(_("kind"), max_length=8)  # a code of the rule `directives.kinds` in force on `date`
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    number = models.CharField(_("number"), max_length=40)  # "15-NQ/TU", as printed
    date = models.DateField(_("date issued"))
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    title = models.CharField(_("subject"), max_length=500)  # the "trích yếu"
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)
    files_text = models.TextField(blank=True, editable=False)  # extracted from the PDFs, for the search
    search_folded = models.TextField(blank=True, editable=False)  # everything searched, without diacritics (SQLite)
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE)
    implements = models.ForeignKey(
        "self", verbose_name=_("implements"), null=True, blank=True, on_delete=models.PROTECT, related_name="implemented_by"
    )
    implements_reference = models.CharField(_("implements (a document not in the system)"), max_length=255, blank=True)
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    expects_concretization = models.BooleanField(_("the recipients are to concretize it"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["issuer", "kind", "year", "sequence"], name="document_number_unique")]
        indexes = [
            models.Index(fields=["org_path", "date"], name="document_path_date_idx"),
            models.Index(fields=["date", "id"], name="document_recent_idx"),
            models.Index(fields=["kind", "year"], name="document_kind_year_idx"),
            models.Index(fields=["number"], name="document_number_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class DocumentFile(models.Model):
    """A file of a document (PDF), with its text for the search."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="directives/documents/%Y/")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"), default=0)
    text = models.TextField(blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("file of a document")
        verbose_name_plural = _("files of documents")
        ordering = ["document", "pk"]

    def __str__(self) -> str:
        return self.name


class Recipient(Scoped, models.Model):
    """An organization a document is sent to; with a document asking to be concretized, the
    recipient's own document that does it (the first one registered), and when."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    organization = models.ForeignKey(Organization, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    concretized_by = models.ForeignKey(
        Document, verbose_name=_("concretized by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concretized_on = models.DateField(_("concretized on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["document", "org_path"]
        constraints = [models.UniqueConstraint(fields=["document", "organization"], name="recipient_unique")]
        indexes = [models.Index(fields=["org_path", "concretized_on"], name="recipient_path_done_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.organization_id}"
