"""Import of payments from a file: a dry run first, then all rows or none."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, scope_of
from partybuilding.core.xlsx import xlsx_response

from ..forms import ImportForm
from ..imports import COLUMNS, import_payments, template_rows


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    scope_of(request, Action.MANAGE_MEMBERS)  # the officers who keep the members' records
    form = ImportForm(request.POST or None, request.FILES or None, initial={"submission": uuid.uuid4(), "dry_run": True})
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_payments(
                actor=request.user, upload=upload, name=upload.name, dry_run=form.cleaned_data["dry_run"],
                submission=form.cleaned_data["submission"],
            )  # fmt: skip
        except Refusal as refusal:
            form.add_error("file", refusal.text)
        else:
            if report.ok and not report.dry_run:
                # Imported: the next file is another submission (a resubmitted page still is not).
                form = ImportForm(initial={"submission": uuid.uuid4(), "dry_run": True})
    status = 422 if (form.errors or (report and not report.ok)) else 200
    return render(request, "dues/import.html", {"form": form, "report": report}, status=status)


@login_required
def import_template(request: HttpRequest) -> FileResponse:
    scope_of(request, Action.MANAGE_MEMBERS)  # the officers who keep the members' records
    header = [vi for vi, _en in COLUMNS.values()]
    return xlsx_response(_("Payments"), header, template_rows(), filename="dues-payments-template.xlsx")
