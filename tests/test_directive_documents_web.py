"""The documents' pages and API: issuers, registering a document (its number, the kinds, the
higher document prefilled), the list's filters and search, the page with its chain, the
edit, withdrawal and files (served as attachments, only in scope), the home page and the
list of recipients late to concretize."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partybuilding.core.pdf import render_pdf
from partybuilding.directives.choices import DocumentStatus, IssuerBody
from partybuilding.directives.models import Document, Issuer
from partybuilding.directives.services.documents import document_register
from partybuilding.directives.services.issuers import issuer_create

from .conftest import client_for

pytestmark = pytest.mark.django_db


def issuer(org: Any, symbol: str = "TU") -> Issuer:
    return issuer_create(actor=None, organization=org, body=IssuerBody.COMMITTEE, name=f"Tỉnh ủy {symbol}", symbol=symbol)


def register(by: Issuer, **fields: Any) -> Document:
    values = {"kind": "NQ", "date": dt.date(2026, 3, 2), "title": "Nghị quyết về công tác tổ chức", **fields}
    return document_register(actor=None, issuer=by, **values)


def api(user: Any) -> Any:
    return client_for(user)


# --- pages ---------------------------------------------------------------------------------------


def test_an_officer_adds_an_issuer_and_a_symbol_taken_is_refused_on_the_form(tree: Any, people: Any) -> None:
    client = client_for(people.office_officer)
    data = {"organization": "P", "body": "committee", "name": "Tỉnh ủy", "symbol": "TU"}
    assert client.post(reverse("directive_issuer_new"), data).status_code == 302
    again = client.post(reverse("directive_issuer_new"), {**data, "body": "standing"})
    assert again.status_code == 422 and "already that of" in again.content.decode()
    page = client.get(reverse("directive_issuers")).content.decode()
    assert "Tỉnh ủy" in page and "<code>TU</code>" in page
    made = Issuer.objects.get(symbol="TU")
    edit = {"body": "committee", "name": "Tỉnh ủy", "symbol": "TU", "version": made.version}
    assert client.post(reverse("directive_issuer_edit", args=[made.pk]), edit).status_code == 302
    assert Issuer.objects.get(pk=made.pk).active is False  # unticked: no longer issues


def test_registering_a_document_numbers_it_and_refuses_a_kind_outside_the_rule(tree: Any, people: Any) -> None:
    tu = issuer(tree.P)
    client = client_for(people.office_officer)
    data = {"issuer": tu.pk, "kind": "NQ", "date": "02/03/2026", "title": "Nghị quyết về chuyển đổi số", "recipients": "C1\nC2", "expects_concretization": "on"}  # fmt: skip
    done = client.post(reverse("directive_document_new"), data)
    document = Document.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("directive_document", args=[document.pk])
    assert document.number == "1-NQ/TU" and document.recipients.count() == 2
    refused = client.post(reverse("directive_document_new"), {**data, "kind": "ZZ"})
    assert refused.status_code == 422 and "66-QĐ/TW" in refused.content.decode()
    assert Document.objects.count() == 1


def test_the_commune_registers_the_document_implementing_the_provinces(tree: Any, people: Any) -> None:
    province = register(issuer(tree.P), recipients=[tree.C1], expects_concretization=True)
    du = issuer(tree.C1, "ĐU")
    client = client_for(people.commune_officer)
    page = client.get(reverse("directive_document", args=[province.pk])).content.decode()
    assert 'data-testid="document-implement"' in page and 'data-testid="document-edit"' not in page  # read along the line
    form = client.get(reverse("directive_document_new") + f"?implements={province.pk}").content.decode()
    assert "1-NQ/TU (2026)" in form
    data = {"issuer": du.pk, "kind": "KH", "date": "20/03/2026", "title": "Kế hoạch thực hiện", "implements": "1-NQ/TU (2026)"}
    assert client.post(reverse("directive_document_new"), data).status_code == 302
    page = client_for(people.office_officer).get(reverse("directive_document", args=[province.pk])).content.decode()
    assert "1-KH/ĐU" in page and "18 days" in page


def test_the_list_filters_and_searches(tree: Any, people: Any) -> None:
    tu = issuer(tree.P)
    register(tu, title="Nghị quyết về công tác tổ chức xây dựng Đảng")
    register(tu, kind="CT", title="Chỉ thị về tuyên truyền", date=dt.date(2025, 5, 1))
    register(issuer(tree.C2, "ĐU"), title="Nghị quyết của xã bên cạnh")
    client = client_for(people.cell_secretary)  # X1 reads the province's documents, not C2's
    url = reverse("directive_documents")

    def numbers(query: str) -> list[str]:
        response = client.get(url + query)
        assert response.status_code == 200
        return [d.number for d in response.context["page"]]

    assert sorted(numbers("")) == ["1-CT/TU", "1-NQ/TU"]
    assert numbers("?q=nghi+quyet+to+chuc") == ["1-NQ/TU"]
    assert numbers("?kind=CT") == ["1-CT/TU"]
    assert numbers("?year=2025") == ["1-CT/TU"]
    assert numbers("?date_from=01/01/2026&date_to=31/12/2026") == ["1-NQ/TU"]
    assert numbers("?number=CT/TU") == ["1-CT/TU"]
    assert numbers("?status=withdrawn") == []
    asking = register(tu, title="Kế hoạch", recipients=[tree.C1], expects_concretization=True)
    assert numbers("?not_concretized=on") == [asking.number]
    export = client.get(reverse("directive_documents_xlsx") + "?kind=CT")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_edit_withdraw_and_files(tree: Any, people: Any) -> None:
    document = register(issuer(tree.C1, "ĐU"))
    client = client_for(people.office_officer)
    edit = {
        "signer": "Nguyễn Văn A",
        "summary": "Tóm tắt",
        "text": "",
        "add_recipients": "X1",
        "version": document.version,
    }  # the commune's, edited from the province
    assert client.post(reverse("directive_document_edit", args=[document.pk]), edit).status_code == 302
    stale = client.post(reverse("directive_document_edit", args=[document.pk]), edit)
    assert stale.status_code == 422 and "Someone else changed" in stale.content.decode()
    pdf = SimpleUploadedFile("nghi-quyet.pdf", render_pdf("<p>Chuyển đổi số</p>"), "application/pdf")
    assert client.post(reverse("directive_document_file_new", args=[document.pk]), {"file": pdf}).status_code == 302
    html = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    assert client.post(reverse("directive_document_file_new", args=[document.pk]), {"file": html}).status_code == 422
    row = document.files.get()
    download = client_for(people.cell_secretary).get(reverse("directive_document_file", args=[row.pk]))  # read along the line
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download.content.startswith(b"%PDF-")
    assert client_for(people.outsider).get(reverse("directive_document_file", args=[row.pk])).status_code == 404  # the next commune
    document.refresh_from_db()
    withdraw = {"reason": "Ban hành nhầm", "version": document.version}
    assert client.post(reverse("directive_document_withdraw", args=[document.pk]), withdraw).status_code == 302
    page = client.get(reverse("directive_document", args=[document.pk])).content.decode()
    assert "Ban hành nhầm" in page and 'data-testid="document-edit"' not in page


def test_home_and_the_late_recipients_page(tree: Any, people: Any) -> None:
    register(issuer(tree.P), recipients=[tree.C1], expects_concretization=True, date=dt.date(2026, 1, 5))
    client = client_for(people.office_officer)
    home = client.get(reverse("directive_home"))
    assert home.status_code == 200 and home.context["counts"] == {"documents": 1, "waiting": 1, "campaigns": 0}
    assert home.context["tasks"].open == 0 and 'data-testid="area-overview"' in home.content.decode()
    late = client.get(reverse("directive_not_concretized") + f"?within={tree.P.pk}").content.decode()
    assert "Đảng bộ xã An Bình" in late and "1-NQ/TU" in late


def test_pages_speak_vietnamese(tree: Any, people: Any) -> None:
    document = register(issuer(tree.P))
    page = client_for(people.office_officer, "vi").get(reverse("directive_document", args=[document.pk])).content.decode()
    assert "Nghị quyết" in page and "Sửa" in page


# --- API ------------------------------------------------------------------------------------------


def test_the_api_registers_lists_and_reads_documents(tree: Any, people: Any) -> None:
    client = api(people.office_officer)
    made = client.post("/api/directives/issuers", {"organization_id": tree.P.pk, "body": "committee", "name": "Tỉnh ủy", "symbol": "TU"}, content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    body = {"issuer_id": made.json()["id"], "kind": "NQ", "date": "2026-03-02", "title": "Nghị quyết về tổ chức", "recipient_ids": [tree.C1.pk], "expects_concretization": True}  # fmt: skip
    created = client.post("/api/directives/documents", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["number"] == "1-NQ/TU"
    assert created.json()["recipients"][0]["organization_id"] == tree.C1.pk
    refused = client.post("/api/directives/documents", {**body, "kind": "ZZ"}, content_type="application/json")
    assert refused.status_code == 422 and "66-QĐ/TW" in refused.json()["rule"]
    doc_id = created.json()["id"]
    listed = client.get("/api/directives/documents?q=to+chuc").json()
    assert [d["id"] for d in listed["items"]] == [doc_id]
    patched = client.patch(f"/api/directives/documents/{doc_id}", {"summary": "Tóm tắt", "version": 99}, content_type="application/json")  # fmt: skip
    assert patched.status_code == 409
    version = client.get(f"/api/directives/documents/{doc_id}").json()["version"]
    patched = client.patch(f"/api/directives/documents/{doc_id}", {"summary": "Tóm tắt", "version": version}, content_type="application/json")  # fmt: skip
    assert patched.status_code == 200 and patched.json()["summary"] == "Tóm tắt"
    pdf = SimpleUploadedFile("nq.pdf", render_pdf("<p>Khu bảo tồn</p>"), "application/pdf")
    uploaded = client.post(f"/api/directives/documents/{doc_id}/files", {"file": pdf})
    assert uploaded.status_code == 201 and uploaded.json()["readable"] is True
    file_id = uploaded.json()["file"]["id"]
    missing = client.post(f"/api/directives/documents/{doc_id}/files", {})
    assert missing.status_code == 422 and missing.json()["field"] == "file"
    assert client.get("/api/directives/documents?q=khu+bao+ton").json()["count"] == 1
    download = client.get(f"/api/directives/documents/{doc_id}/files/{file_id}")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    late = client.get(f"/api/directives/not-concretized?within={tree.P.pk}").json()
    assert late["items"][0]["organization_id"] == tree.C1.pk and late["items"][0]["number"] == "1-NQ/TU"
    withdrawn = client.post(f"/api/directives/documents/{doc_id}/withdraw", {"reason": "Nhầm"}, content_type="application/json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == DocumentStatus.WITHDRAWN


def test_the_api_refuses_outside_the_scope_and_without_the_action(tree: Any, people: Any) -> None:
    document = register(issuer(tree.P))
    assert api(people.outsider).get(f"/api/directives/documents/{register(issuer(tree.C1, 'ĐU')).pk}").status_code == 404
    assert api(people.cell_secretary).get(f"/api/directives/documents/{document.pk}").status_code == 200  # along the line
    refused = api(people.cell_secretary).post(f"/api/directives/documents/{document.pk}/withdraw", {"reason": "x"}, content_type="application/json")  # fmt: skip
    assert refused.status_code == 403
    viewer = api(people.viewer).post("/api/directives/issuers", {"organization_id": tree.P.pk, "body": "committee", "name": "X", "symbol": "X"}, content_type="application/json")  # fmt: skip
    assert viewer.status_code == 403
