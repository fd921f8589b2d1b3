"""The member import through the API: the page's template and checks, all rows or none."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, UploadedFile

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import documented
from partybuilding.core.scope import Action
from partybuilding.organizations.models import Organization

from . import import_file

router = Router(tags=["members"])


class ImportIssueOut(Schema):
    line: int
    column: str
    message: str
    rule: str


class MemberImportOut(Schema):
    rows: int
    imported: int
    issues: list[ImportIssueOut] = Field(description=gettext_lazy("Every refused row, with its line in the file and the reason"))


@router.post(
    "",
    response=documented({200: MemberImportOut, 422: MemberImportOut}, 403, 422),
    summary=gettext_lazy("Import members from a file in the page's template: every row checked, all or nothing; dry_run only checks"),
)
def import_members(request: HttpRequest, file: UploadedFile = File(...), dry_run: bool = Form(False)) -> Any:
    within = Organization.objects.visible_to(request.user, Action.MANAGE_MEMBERS)
    if not within.exists():
        raise PermissionDenied
    report = import_file(file, within=within, actor=request.user, dry_run=dry_run)
    return (200 if report.ok else 422), {"rows": report.rows, "imported": report.imported, "issues": [i.as_dict() for i in report.issues]}
