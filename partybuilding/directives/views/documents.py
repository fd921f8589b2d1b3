"""Documents issued: the list of a scope with its filters and full-text search, its export, a
new document (numbered on saving), its page with the chain up and down, its edit,
withdrawal and files, and the recipients late to concretize."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.files import MAX_FILE_BYTES, attachment
from partybuilding.core.forms import form_page, guarded, posted, saved
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.models import AuditEntry
from partybuilding.core.scope import Action, can, list_scope, scope_of, visible_or_404
from partybuilding.core.xlsx import xlsx_response

from ..forms.documents import DocumentEditForm, DocumentFileForm, DocumentFilterForm, DocumentForm, WithdrawForm
from ..kinds import kind_name
from ..models import Document, DocumentFile
from ..selectors import documents as selectors
from ..services import document_files as files
from ..services import documents as services
from . import issuers

DOCUMENT_SORTS = {"date": ("date",), "number": ("kind", "year", "sequence"), "title": ("title",), "issuer": ("org_path", "issuer__name")}
EXPORT_LIMIT = 20000  # rows of an export made within the request
FORM = "directives/document_form.html"


def _listed(request: HttpRequest) -> tuple[Any, DocumentFilterForm, Any]:
    scope = list_scope(request, Action.VIEW, required=True)
    form = DocumentFilterForm(request.GET or None, issuers=selectors.issuers_to_pick(request.user, scope))
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.filtered_documents(selectors.documents_in(request.user, scope), filters)
    return scope, form, rows


@login_required
def directive_documents(request: HttpRequest) -> HttpResponse:
    scope, form, rows = _listed(request)
    searching = bool(form.is_valid() and form.cleaned_data.get("q"))
    listing = Listing(request, DOCUMENT_SORTS, per_page=50, sortable=not searching)
    context = {
        "form": form,
        "within": scope,
        "listing": listing,
        "page": listing.page(rows),
        "search": True,
        "can_issue": can(request.user, Action.DIRECT, scope),
        "export_query": listing.querystring,
    }
    return render(request, "directives/document_list.html", context)


@login_required
def directive_documents_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    scope, _form, rows = _listed(request)
    header = [_("Number"), _("Kind of document"), _("Date issued"), _("Issuer"), _("Subject"), _("Signed by"), _("Summary"), _("In force or not")]  # fmt: skip
    found = list(rows[:EXPORT_LIMIT])
    audit_export(actor=request.user, what="directives.documents", rows=len(found), within=scope)
    table = (
        [d.number, kind_name(d.kind, d.date), d.date, d.issuer.name, d.title, d.signer, d.summary, display(d, "status")] for d in found
    )
    return xlsx_response(_("Documents issued"), header, table, filename=f"documents-{scope.code}.xlsx")


def _issuing(request: HttpRequest) -> Any:
    return selectors.issuers_directed_by(request.user).order_by("org_path", "name")


@login_required
def directive_document_new(request: HttpRequest) -> HttpResponse:
    scope_of(request, Action.DIRECT)
    initial: dict[str, Any] = {"date": timezone.localdate()}
    higher = request.GET.get("implements")
    if higher:
        upper = selectors.document_or_404(request.user, higher)
        initial.update(implements=upper, expects_concretization=False)
    issuers_of_user = _issuing(request)
    if issuers_of_user.count() == 1:
        initial["issuer"] = issuers_of_user.first()
    form = DocumentForm(posted(request), user=request.user, issuers=issuers_of_user, initial=initial)
    back = reverse("directive_documents")
    if done := saved(
        request,
        form,
        services.document_register,
        actor=request.user,
        message=lambda d: _("The document was registered as %(number)s.") % {"number": d.number},
        then=lambda d: reverse("directive_document", args=[d.pk]),
    ):
        return done
    note = "" if issuers_of_user.exists() else _("No body of your organizations issues documents yet: add an issuer first.")
    return form_page(
        request, form, title=_("Register a document"), back=back, status=422 if form.is_bound else 200, note=note, template=FORM
    )


def _withdrawal_reason(document: Document) -> str:
    entry = AuditEntry.objects.filter(object_type="directives.document", object_id=str(document.pk), action="document.withdraw").last()
    return str((entry.after or {}).get("reason", "")) if entry else ""


@login_required
def directive_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_or_404(request.user, pk)
    today = timezone.localdate()
    listing = Listing(request, {}, per_page=50, sortable=False)
    page = listing.page(selectors.recipients_of(request.user, document))
    for row in page:
        row.lag = selectors.lag_days(row, document, today)
    context = {
        "document": document,
        "kind": kind_name(document.kind, document.date),
        "files": selectors.document_files(document),
        "chain_up": selectors.chain_up(request.user, document),
        "figures": selectors.chain_figures(request.user, document, today),
        "listing": listing,
        "page": page,
        "lower": selectors.lower_documents(request.user, document),
        "replaced_by": Document.objects.visible_to(request.user).filter(replaces=document).order_by("date"),
        "reason": _withdrawal_reason(document) if document.status == "withdrawn" else "",
        "can_direct": can(request.user, Action.DIRECT, document.organization),
        "can_issue_below": _issuing(request).filter(org_path__startswith=document.org_path).exclude(org_path=document.org_path).exists(),
        "today": today,
    }
    return render(request, "directives/document_detail.html", context)


def _crumbs(document: Document, title: str, here: str) -> list[tuple[str, str]]:
    return [(_("Documents issued"), reverse("directive_documents")), (document.number, reverse("directive_document", args=[document.pk])), (title, here)]  # fmt: skip


@login_required
def directive_document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_or_404(request.user, pk, Action.DIRECT)
    initial = {"signer": document.signer, "summary": document.summary, "text": document.text, "version": document.version}
    form = DocumentEditForm(posted(request), user=request.user, initial=initial)
    back = reverse("directive_document", args=[document.pk])
    if done := saved(request, form, services.document_edit, actor=request.user, document=document, message=_("The document was saved."), then=back):  # fmt: skip
        return done
    title = _("Edit %(number)s") % {"number": document.number}
    note = _("The number, issuer, kind and date stay as registered.")
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(document, title, request.path), status=422 if form.is_bound else 200, note=note, template=FORM)  # fmt: skip


@login_required
def directive_document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_or_404(request.user, pk, Action.DIRECT)
    form = WithdrawForm(posted(request), initial={"version": document.version})
    back = reverse("directive_document", args=[document.pk])
    if done := saved(request, form, services.document_withdraw, actor=request.user, document=document, message=_("The document was withdrawn."), then=back):  # fmt: skip
        return done
    title = _("Withdraw %(number)s") % {"number": document.number}
    note = _("A document is never deleted: withdrawn, it is no longer in force and its number stays used.")
    question = _("Withdraw this document?")
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(document, title, request.path), status=422 if form.is_bound else 200, note=note, template=FORM, confirm=question, submit=_("Withdraw"))  # fmt: skip


@login_required
def directive_document_file_new(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_or_404(request.user, pk, Action.DIRECT)
    form = DocumentFileForm(request.POST or None, request.FILES or None) if request.method == "POST" else DocumentFileForm()
    back = reverse("directive_document", args=[document.pk])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_FILE_BYTES + 1)  # past the limit, refused without reading it all
        done = guarded(form, files.file_add, actor=request.user, document=document, name=upload.name, content=content)
        if done is not None:
            if done.readable:
                messages.success(request, _("The file was added; its text is searched."))
            else:
                messages.warning(request, _("The file was added, but no text could be read from it (a scan?): its words are not searched."))  # fmt: skip
            return redirect(back)
    title = _("Add a PDF file to %(number)s") % {"number": document.number}
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(document, title, request.path), status=422 if form.is_bound else 200, submit=_("Upload"))  # fmt: skip


@login_required
def directive_document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A document's file, as an attachment, for those who read the document."""
    row = DocumentFile.objects.filter(pk=pk).select_related("document").first()
    if row is None:
        raise Http404
    visible_or_404(Document, request.user, row.document_id)
    content = files.file_content(row)
    if content is None:
        raise Http404
    return attachment(content, row.name, "application/pdf")


@login_required
def directive_not_concretized(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.VIEW, required=True)
    today = timezone.localdate()
    listing = Listing(request, {"date": ("document__date",), "organization": ("org_path",)}, per_page=50)
    page = listing.page(selectors.not_concretized(scope, today))
    for row in page:
        row.lag = selectors.lag_days(row, row.document, today)
    return render(request, "directives/document_not_concretized.html", {"within": scope, "listing": listing, "page": page})


urlpatterns: list[URLPattern] = [
    *issuers.urlpatterns,
    path("documents/", directive_documents, name="directive_documents"),
    path("documents/documents.xlsx", directive_documents_xlsx, name="directive_documents_xlsx"),
    path("documents/new/", directive_document_new, name="directive_document_new"),
    path("documents/not-concretized/", directive_not_concretized, name="directive_not_concretized"),
    path("documents/<int:pk>/", directive_document, name="directive_document"),
    path("documents/<int:pk>/edit/", directive_document_edit, name="directive_document_edit"),
    path("documents/<int:pk>/withdraw/", directive_document_withdraw, name="directive_document_withdraw"),
    path("documents/<int:pk>/files/new/", directive_document_file_new, name="directive_document_file_new"),
    path("document-files/<int:pk>/", directive_document_file, name="directive_document_file"),
]
