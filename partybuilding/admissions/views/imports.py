"""Candidate import from Excel: a dry run first, then the import, all rows or none."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from partybuilding.core.scope import Action, scope_of
from partybuilding.organizations.models import Organization

from ..forms import ImportForm
from ..imports import COLUMNS, candidate_import

MAX_UPLOAD = 10 * 1024 * 1024  # a candidates' sheet is small; refuse anything that is not one


@login_required
def candidate_import_page(request: HttpRequest) -> HttpResponse:
    scope_of(request, Action.MANAGE_MEMBERS)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 10 MB."))
        else:
            within = Organization.objects.visible_to(request.user, Action.MANAGE_MEMBERS)
            report = candidate_import(upload, actor=request.user, within=within, dry_run=form.cleaned_data["dry_run"])
    context = {"form": form, "report": report, "columns": [(vi, en, required) for vi, en, required in COLUMNS.values()]}
    return render(request, "admissions/import.html", context)
