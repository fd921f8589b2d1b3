"""The bank side of the dues through the API: a statement imported (its line-by-line report,
200 or 422, a dry run first, a submission recorded once), the credits of a scope, and the
treasurer's hand on them (assign, not dues, back to the queue), with the pages' permissions."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partybuilding.core.models import AuditEntry
from partybuilding.dues.choices import CreditState
from partybuilding.dues.models import BankCredit, Payment, Statement
from partybuilding.dues.services import bank as bank_services

from .conftest import Personas, Tree, client_for
from .dues_factories import charge
from .test_dues_statements import DAY, M0, _account, _import, _members, _ref, agribank, vietcombank

pytestmark = pytest.mark.django_db


def _post_statement(client: Client, account_id: int, data: bytes, name: str, **form: Any) -> Any:
    upload = SimpleUploadedFile(name, data)
    return client.post("/api/dues/statements", {"account_id": account_id, "layout": "vietcombank", "file": upload, **form})


def test_a_statement_is_checked_then_imported_once(tree: Tree, people: Personas) -> None:
    a, _b = _members(tree)
    account = _account(tree)
    data, name = vietcombank([(DAY, 50_000, _ref(a, M0, M0), "FT1"), (DAY, 99_000, "UNG HO", "FT2")])
    client = client_for(people.cell_secretary)
    checked = _post_statement(client, account.pk, data, name, dry_run="true")
    assert checked.status_code == 200
    body = checked.json()
    assert (body["rows"], body["imported"], body["dry_run"], body["statement_id"]) == (2, 0, True, None)
    assert [(x["outcome"], x["member_id"], x["matched_by"]) for x in body["lines"]] == [
        ("matched", a.pk, "reference"), ("unmatched", None, ""),
    ]  # fmt: skip
    assert not Payment.objects.exists()

    submission = str(uuid.uuid4())
    done = _post_statement(client, account.pk, data, name, submission=submission).json()
    assert done["imported"] == 1 and done["statement_id"] == Statement.objects.get().pk
    assert charge(a, M0).paid == 50_000
    again = _post_statement(client, account.pk, data, name, submission=submission)  # the same request sent twice
    assert again.status_code == 200 and again.json()["statement_id"] == done["statement_id"]
    other = _post_statement(client, account.pk, data, name).json()  # the same file again, another submission
    assert [x["outcome"] for x in other["lines"]] == ["already", "already"] and other["imported"] == 0
    assert Payment.objects.count() == 1


def test_an_unreadable_statement_answers_422_with_its_report(tree: Tree, people: Personas) -> None:
    _members(tree, 1)
    account = _account(tree)
    data, name = agribank([(DAY, 50_000, "X", "1")])  # an Agribank file said to be Vietcombank's
    response = _post_statement(client_for(people.cell_secretary), account.pk, data, name)
    assert response.status_code == 422
    body = response.json()
    assert body["issues"] and body["issues"][0]["message"] and body["statement_id"] is None
    unknown = client_for(people.cell_secretary).post(
        "/api/dues/statements", {"account_id": account.pk, "layout": "nope", "file": SimpleUploadedFile(name, data)}
    )
    assert unknown.status_code == 422 and "nope" in unknown.content.decode()


def test_the_import_keeps_to_those_who_manage_the_accounts_members(tree: Tree, people: Personas) -> None:
    (a,) = _members(tree, 1)
    account = _account(tree)
    data, name = vietcombank([(DAY, 50_000, _ref(a, M0, M0), "FT1")])
    assert _post_statement(client_for(people.outsider), account.pk, data, name).status_code == 404
    assert _post_statement(client_for(people.viewer), account.pk, data, name).status_code == 403
    assert not Payment.objects.exists()


def test_the_credits_of_a_scope_are_paged_and_filtered(tree: Tree, people: Personas) -> None:
    (a,) = _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 50_000, _ref(a, M0, M0), "1"), *[(DAY, 10_000 + n, f"ỦNG HỘ {n}", f"u{n}") for n in range(3)]])
    client = client_for(people.cell_secretary)
    body = client.get(f"/api/dues/credits/{tree.X1.pk}").json()
    assert body["count"] == 3 and {c["state"] for c in body["items"]} == {"unmatched"}
    assert client.get(f"/api/dues/credits/{tree.X1.pk}?state=&page_size=2").json()["count"] == 4
    assert len(client.get(f"/api/dues/credits/{tree.X1.pk}?state=&page_size=2").json()["items"]) == 2
    found = client.get(f"/api/dues/credits/{tree.X1.pk}?q=ung ho 1").json()["items"]
    assert [c["amount"] for c in found] == [10_001]
    matched = client.get(f"/api/dues/credits/{tree.X1.pk}?state=matched").json()["items"]
    assert [(c["member_id"], c["matched_by"], c["month"]) for c in matched] == [(a.pk, "reference", f"{M0:%Y-%m-%d}")]
    assert client.get(f"/api/dues/credits/{tree.X1.pk}?state=other").status_code == 422
    assert client.get(f"/api/dues/credits/{tree.X1.pk}?q={'x' * 101}").status_code == 422
    assert client_for(people.outsider).get(f"/api/dues/credits/{tree.X1.pk}").status_code == 404
    assert client_for(people.member).get(f"/api/dues/credits/{tree.X1.pk}").status_code in (403, 404)


def test_a_credit_is_assigned_marked_not_dues_and_back(tree: Tree, people: Personas) -> None:
    (a,) = _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 50_000, "TIEN MAT", "1"), (DAY, 900_000, "UNG HO", "2")])
    cash, gift = BankCredit.objects.get(amount=50_000), BankCredit.objects.get(amount=900_000)
    client = client_for(people.cell_secretary)
    assigned = client.post(
        f"/api/dues/credits/{cash.pk}/assign", {"member_id": a.pk, "month": f"{M0:%Y-%m-%d}"}, content_type="application/json"
    )
    assert assigned.status_code == 200 and assigned.json()["state"] == "matched" and assigned.json()["matched_by"] == "hand"
    assert charge(a, M0).paid == 50_000
    again = client.post(
        f"/api/dues/credits/{cash.pk}/assign", {"member_id": a.pk, "month": f"{M0:%Y-%m-%d}"}, content_type="application/json"
    )
    assert again.status_code == 422 and Payment.objects.count() == 1
    assert client.post(f"/api/dues/credits/{cash.pk}/back-to-queue").status_code == 422  # assigned: it stays

    assert client.post(f"/api/dues/credits/{gift.pk}/not-dues").json()["state"] == "not_dues"
    assert client.post(f"/api/dues/credits/{gift.pk}/back-to-queue").json()["state"] == "unmatched"
    assert AuditEntry.objects.filter(action="dues.credit_back_to_queue", object_id=str(gift.pk)).exists()
    bad = client.post(f"/api/dues/credits/{gift.pk}/assign", "{", content_type="application/json")
    assert bad.status_code == 400


def test_the_treasurers_hand_keeps_to_the_scope(tree: Tree, people: Personas) -> None:
    (a,) = _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 50_000, "TIEN MAT", "1")])
    credit = BankCredit.objects.get()
    body = {"member_id": a.pk, "month": f"{M0:%Y-%m-%d}"}
    outsider, viewer = client_for(people.outsider), client_for(people.viewer)
    assert outsider.post(f"/api/dues/credits/{credit.pk}/assign", body, content_type="application/json").status_code == 404
    assert viewer.post(f"/api/dues/credits/{credit.pk}/assign", body, content_type="application/json").status_code == 403
    assert outsider.post(f"/api/dues/credits/{credit.pk}/not-dues").status_code == 404
    assert viewer.post(f"/api/dues/credits/{credit.pk}/not-dues").status_code == 403
    bank_services.credit_dismiss(actor=None, credit=credit)
    assert viewer.post(f"/api/dues/credits/{credit.pk}/back-to-queue").status_code == 403
    credit.refresh_from_db()
    assert credit.state == CreditState.NOT_DUES and not Payment.objects.exists()
