"""Documents, issuers and files of an organization for the permission matrix and the scope
crawl: made on first use in the test's transaction and found again afterwards."""

from __future__ import annotations

from django.core.files.base import ContentFile

from partybuilding.directives.models import Document, DocumentFile, Issuer
from partybuilding.organizations.models import Organization

from .directive_targets import document_in, issuer_of

PDF = b"%PDF-1.4\n% a test file\n%%EOF\n"


def issuer_in(org: Organization) -> Issuer:
    return issuer_of(org)


def resolution_in(org: Organization) -> Document:
    """The organization's sample resolution, sent to nobody."""
    return document_in(org)


def file_in(org: Organization) -> DocumentFile:
    """A PDF of the organization's sample resolution."""
    document = resolution_in(org)
    found = document.files.first()
    if found is None:
        found = DocumentFile(document=document, name="nghi-quyet.pdf", size=len(PDF))
        found.file.save(f"document-{document.pk}.pdf", ContentFile(PDF), save=False)
        found.save()
    return found
