"""Text typed or imported in decomposed Unicode (NFD, from Mac keyboards and some Excel
files) is stored composed (NFC), so that exact lookups find it; text stored before is
rewritten by a migration."""

from __future__ import annotations

import importlib
import io
import json
import unicodedata
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from partybuilding.accounts.services import token_create
from partybuilding.core.models import AuditEntry
from partybuilding.core.nfc import NfcMiddleware, nfc_json_body
from partybuilding.members import imports
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree, client_for

pytestmark = pytest.mark.django_db

NFC_NAME = "Nguyễn"
NFD_NAME = unicodedata.normalize("NFD", NFC_NAME)
migration = importlib.import_module("partybuilding.core.migrations.0007_text_in_nfc")


def test_the_two_spellings_differ_as_the_database_sees_them() -> None:
    assert NFD_NAME != NFC_NAME and len(NFD_NAME) > len(NFC_NAME)


def test_a_name_typed_decomposed_in_a_form_is_stored_composed(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    client.post("/accounts/scope/", {"organization": tree.X1.pk})
    form = {
        "organization": "X1", "family_name": NFD_NAME, "middle_name": unicodedata.normalize("NFD", "Thị"), "given_name": "Mai",
        "gender": "F", "date_of_birth": "02/03/1990", "ethnicity": "01", "religion": "none", "education": "upper_secondary",
        "qualification": "bachelor", "theory": "elementary", "occupation": "public_employee", "admission_date": "19/05/2025",
        "submission": str(uuid.uuid4()),
    }  # fmt: skip
    assert client.post("/members/new/", form).status_code == 302
    assert Member.objects.get(family_name=NFC_NAME, middle_name="Thị").given_name == "Mai"


def test_a_name_sent_decomposed_to_the_api_is_stored_composed(tree: Tree, people: Personas) -> None:
    _token, key = token_create(actor=people.commune_officer, user=people.commune_officer, name="t")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    body = {
        "organization_id": tree.X2.pk, "family_name": NFD_NAME, "given_name": unicodedata.normalize("NFD", "Hải"), "gender": "M",
        "date_of_birth": "1990-01-01", "admission_date": "2020-01-01", "official_date": "2021-01-01",
    }  # fmt: skip
    raw = client.post("/api/members", json.dumps(body, ensure_ascii=False), content_type="application/json")
    escaped = client.post("/api/members", json.dumps({**body, "given_name": "Hà"}), content_type="application/json")  # \u escapes
    assert raw.status_code == escaped.status_code == 201
    assert set(Member.objects.filter(family_name=NFC_NAME).values_list("given_name", flat=True)) == {"Hải", "Hà"}


def test_every_query_and_form_parameter_reaches_the_view_composed() -> None:
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update(get=request.GET.dict(), post=request.POST.dict(), keys=list(request.POST))
        return HttpResponse()

    middleware = NfcMiddleware(view)
    middleware(RequestFactory().get("/", {"q": NFD_NAME}))
    assert seen["get"] == {"q": NFC_NAME}
    middleware(RequestFactory().post("/?q=x", {"family_name": NFD_NAME, unicodedata.normalize("NFD", "tên"): "a"}))
    assert seen["post"]["family_name"] == NFC_NAME and "tên" in seen["keys"]
    upload = SimpleUploadedFile("a.csv", b"x")
    middleware(RequestFactory().post("/", {"note": NFD_NAME, "file": upload}))  # multipart, with a file
    assert seen["post"] == {"note": NFC_NAME}


def test_a_json_body_keeps_its_numbers_and_loses_only_the_decomposition() -> None:
    body = json.dumps({"name": NFD_NAME, "n": 12, "x": 1.5, "list": [NFD_NAME]}).encode()
    assert json.loads(nfc_json_body(body)) == {"name": NFC_NAME, "n": 12, "x": 1.5, "list": [NFC_NAME]}
    plain = json.dumps({"name": "Nguyen"}).encode()
    assert nfc_json_body(plain) == plain
    assert nfc_json_body(b"\xff not utf-8") == b"\xff not utf-8"  # left for the API to refuse


def test_a_name_imported_decomposed_is_stored_composed(tree: Tree) -> None:
    from .test_member_import import row

    lines = [",".join(c.vi for c in imports.COLUMNS)]
    values = row(family_name=NFD_NAME, middle_name=unicodedata.normalize("NFD", "Thị"), given_name="Lụa")
    lines.append(",".join(str(values[c.field]) for c in imports.COLUMNS))
    handle = io.BytesIO(unicodedata.normalize("NFD", "\n".join(lines)).encode("utf-8"))  # the whole file decomposed
    handle.name = "members.csv"
    report = imports.import_file(handle, within=Organization.objects.all(), actor=None, dry_run=False)
    assert report.ok, [i.text for i in report.issues]
    assert Member.objects.get(family_name=NFC_NAME, middle_name="Thị", given_name="Lụa").organization == tree.X1


def _decompose(model: type, pk: int, **fields: str) -> None:
    model.objects.filter(pk=pk).update(**{name: unicodedata.normalize("NFD", value) for name, value in fields.items()})


def test_the_migration_rewrites_decomposed_rows_and_leaves_the_others(tree: Tree) -> None:
    _decompose(Organization, tree.X1.pk, name="Chi bộ Thôn Đông")
    untouched = Organization.objects.get(pk=tree.X2.pk)
    audit = AuditEntry.objects.order_by("pk").first()
    assert audit is not None
    assert Organization.objects.get(pk=tree.X1.pk).name != "Chi bộ Thôn Đông"

    changed = migration.normalize_table(apps.get_model("organizations", "Organization"), connection, batch=2)

    assert changed == 1  # only the decomposed row is written
    assert Organization.objects.get(name="Chi bộ Thôn Đông").pk == tree.X1.pk
    again = Organization.objects.get(pk=tree.X2.pk)
    assert (again.name, again.updated_at, again.version) == (untouched.name, untouched.updated_at, untouched.version)
    assert migration.normalize_table(apps.get_model("organizations", "Organization"), connection) == 0


def test_the_migration_walks_every_table_of_the_project_but_the_sealed_audit_log() -> None:
    labels = {m._meta.label for m in migration._project_models(apps)}
    assert {"organizations.Organization", "members.Member", "accounts.User"} <= labels
    assert "core.AuditEntry" not in labels and not any(label.startswith(("auth.", "sessions.")) for label in labels)


def test_a_row_whose_composed_spelling_is_taken_is_left_and_named(tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    _decompose(Organization, tree.X2.pk, code="X1É")
    Organization.objects.filter(pk=tree.X1.pk).update(code="X1É")
    assert migration.normalize_table(apps.get_model("organizations", "Organization"), connection) == 0
    assert f"#{tree.X2.pk}" in capsys.readouterr().out
