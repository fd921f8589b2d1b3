"""The treasurer's lists on the bank side of the dues: the credits' queue to Excel (the page's
filters, audited, a background job when long), the statements imported and what became of
each of their lines, and "not dues" undone."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partybuilding.core import exporting
from partybuilding.core.errors import Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.dues import bank_lists
from partybuilding.dues.choices import CreditState
from partybuilding.dues.models import BankCredit, Statement, StatementLayout
from partybuilding.dues.services import bank as bank_services

from .conftest import Personas, Tree, client_for
from .dues_factories import member_with_base, open_months
from .test_dues_statements import DAY, M0, M1, _account, _import, _members, _ref, _submission, vietcombank

pytestmark = pytest.mark.django_db


def _rows(response: Any) -> list[tuple[Any, ...]]:
    content = b"".join(response.streaming_content)
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


# --- the credits to Excel -----------------------------------------------------------------------


def test_the_export_holds_what_the_page_shows_and_is_audited(tree: Tree, people: Personas) -> None:
    (a,) = _members(tree, 1)
    _import(
        _account(tree), "bidv",
        [(DAY, 50_000, _ref(a, M0, M0), "1"), (DAY, 120_000, "ỦNG HỘ LŨ LỤT", "2"), (DAY, 70_000, "hoan tien", "3")],
    )  # fmt: skip
    client = client_for(people.cell_secretary)
    page = client.get(f"/dues/bank/credits/?within={tree.X1.pk}&q=ung ho").content.decode()
    assert page.count('data-testid="credit-row"') == 1 and "credits.xlsx?" in page and "q=ung" in page
    rows = _rows(client.get(f"/dues/bank/credits.xlsx?within={tree.X1.pk}&q=ung ho"))
    assert [r[1:3] for r in rows[1:]] == [(120_000, "ỦNG HỘ LŨ LỤT")]  # the search without diacritics, as on the page
    # Every state: the matched credit names its payer and its month.
    rows = _rows(client.get(f"/dues/bank/credits.xlsx?within={tree.X1.pk}&state="))
    assert len(rows) == 4
    matched = next(r for r in rows[1:] if r[1] == 50_000)
    assert matched[7] == a.full_name and matched[8] == f"{M0:%m/%Y}" and matched[6] == "Recorded as dues"
    assert rows[1][0].strftime("%d/%m/%Y") == f"{DAY:%d/%m/%Y}"
    entry = AuditEntry.objects.filter(action="dues_credits.export").latest("pk")
    assert entry.after["rows"] == 3 and entry.object_id == str(tree.X1.pk)


def test_a_long_export_is_a_background_job(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 2)
    monkeypatch.setattr(bank_lists, "PROGRESS_EVERY", 1)
    _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 10_000 + n, f"UNG HO {n}", str(n)) for n in range(4)])
    client = client_for(people.cell_secretary)
    response = client.get(f"/dues/bank/credits.xlsx?within={tree.X1.pk}")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    job_id = int(response["Location"].split("/")[2])
    assert "Bank credits export" in client.get(response["Location"]).content.decode()
    rows = _rows(client.get(f"/jobs/{job_id}/download/"))
    assert sorted(r[1] for r in rows[1:]) == [10_000, 10_001, 10_002, 10_003]
    assert AuditEntry.objects.filter(action="dues_credits.export").latest("pk").after["rows"] == 4
    assert client_for(people.outsider).get(f"/jobs/{job_id}/download/").status_code == 404


def test_the_export_keeps_to_the_scope(tree: Tree, people: Personas) -> None:
    _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 1_000_000, "UNG HO", "1")])
    assert client_for(people.outsider).get(f"/dues/bank/credits.xlsx?within={tree.X1.pk}").status_code == 404
    assert client_for(people.member).get(f"/dues/bank/credits.xlsx?within={tree.X1.pk}").status_code in (403, 404)
    assert not AuditEntry.objects.filter(action="dues_credits.export").exists()


# --- the statements imported ----------------------------------------------------------------------


def test_the_import_links_to_its_statement_and_it_says_what_became_of_each_line(tree: Tree, people: Personas) -> None:
    (a,) = _members(tree, 1)
    b = member_with_base(tree.X1, family_name="Trần", middle_name="Thị", given_name="Bình")
    open_months(tree.X1, M0, M1)
    account = _account(tree)
    first = _import(account, "vietcombank", [(DAY, 50_000, _ref(a, M0, M0), "FT1")], actor=people.cell_secretary)
    client = client_for(people.cell_secretary)
    page = client.get("/dues/bank/statements/").content.decode()
    lines = [
        (DAY, 50_000, _ref(a, M0, M0), "FT1"),  # in the first statement already
        (DAY, 100_000, "TRAN THI BINH dong dang phi", "FT2"),  # no reference: amount and name
        (DAY, 300_000, "UNG HO QUY KHUYEN HOC", "FT3"),  # left to assign
        (DAY, 300_000, "UNG HO QUY KHUYEN HOC", "FT3"),  # the same line twice in this file
        (DAY, 40_000, "CHUYEN NHAM", "FT4"),
    ]
    data, name = vietcombank(lines)
    form = {"account": account.pk, "layout": StatementLayout.objects.get(code="vietcombank").pk, "submission": _submission(page)}
    done = client.post("/dues/bank/statements/", {**form, "file": SimpleUploadedFile(name, data)}).content.decode()
    statement = Statement.objects.exclude(pk=first.statement.pk).get()
    assert f'href="/dues/bank/statements/{statement.pk}/"' in done
    # Since the import: one credit marked not dues.
    bank_services.credit_dismiss(actor=people.cell_secretary, credit=BankCredit.objects.get(statement=statement, amount=40_000))

    listing = client.get(f"/dues/bank/statements/imported/?within={tree.X1.pk}").content.decode()
    assert listing.count('data-testid="statement-row"') == 2 and name in listing
    shown = client.get(f"/dues/bank/statements/{statement.pk}/").content.decode()
    outcomes = re.findall(r'data-testid="statement-line" data-outcome="(\w+)"', shown)
    assert outcomes == ["already", "matched", "unmatched", "duplicate", "not_dues"]
    assert b.full_name in shown and "by amount and name" in shown
    assert f'href="/dues/bank/statements/{first.statement.pk}/"' in shown  # where the line was imported before
    assert "the same as line" in shown
    counted = bank_lists.statements(people.cell_secretary, tree.X1).get(pk=statement.pk)
    assert (counted.credits, counted.matched, counted.recorded, counted.unmatched, counted.not_dues, counted.duplicates) == (
        5, 1, 1, 1, 1, 2,
    )  # fmt: skip
    assert (statement.first_day, statement.last_day, statement.recorded_by) == (DAY, DAY, people.cell_secretary)


def test_the_statements_are_searched_filtered_and_kept_to_the_scope(tree: Tree, people: Personas) -> None:
    _members(tree, 1)
    account = _account(tree)
    _import(account, "bidv", [(DAY, 10_000, "A", "1")])
    _import(account, "vietcombank", [(M1, 20_000, "B", "2")])
    client = client_for(people.cell_secretary)
    base = f"/dues/bank/statements/imported/?within={tree.X1.pk}"
    assert client.get(f"{base}&q=vcb").content.decode().count('data-testid="statement-row"') == 1
    assert client.get(f"{base}&q=agribank").content.decode().count('data-testid="statement-row"') == 0
    org_without_diacritics = tree.X1.name.lower().replace("ộ", "o").replace("ô", "o").replace("đ", "d")
    assert client.get(f"{base}&q={org_without_diacritics}").content.decode().count('data-testid="statement-row"') == 2
    assert client.get(f"{base}&last={M1:%d/%m/%Y}").content.decode().count('data-testid="statement-row"') == (1 if M1 < DAY else 2)
    assert client.get(f"{base}&first={DAY:%d/%m/%Y}").content.decode().count('data-testid="statement-row"') == (1 if M1 < DAY else 2)
    assert client.get(f"{base}&first=99/99/2026").status_code == 200  # a bad date: said on the form, the list unfiltered
    statement = Statement.objects.first()
    assert statement is not None
    assert client_for(people.outsider).get(f"/dues/bank/statements/{statement.pk}/").status_code == 404
    assert client_for(people.outsider).get(base).status_code == 404
    assert client_for(people.member).get(f"/dues/bank/statements/{statement.pk}/").status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_the_statements_page_costs_the_same_for_any_size(
    tree: Tree, people: Personas, size: int, django_assert_max_num_queries: Any
) -> None:
    _members(tree, 1)
    account = _account(tree)
    for n in range(size):
        _import(account, "bidv", [(DAY, 10_000 + n, f"UNG HO {n}", str(n))])
    client = client_for(people.cell_secretary)
    with django_assert_max_num_queries(14):
        page = client.get(f"/dues/bank/statements/imported/?within={tree.X1.pk}").content.decode()
    assert page.count('data-testid="statement-row"') == size


def test_the_dues_menu_leads_to_the_statements(tree: Tree, people: Personas) -> None:
    page = client_for(people.cell_secretary).get(f"/dues/bank/credits/?within={tree.X1.pk}").content.decode()
    assert "/dues/bank/statements/imported/" in page


# --- "not dues" undone ----------------------------------------------------------------------------


def test_not_dues_is_undone_back_to_the_queue_and_audited(tree: Tree, people: Personas) -> None:
    _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 1_000_000, "UNG HO LU LUT", "1")])
    credit = BankCredit.objects.get()
    client = client_for(people.cell_secretary)
    client.post(f"/dues/bank/credits/{credit.pk}/not-dues/")
    page = client.get(f"/dues/bank/credits/{credit.pk}/").content.decode()
    assert 'data-testid="credit-back-to-queue"' in page and 'data-testid="credit-assign"' not in page
    assert client.post(f"/dues/bank/credits/{credit.pk}/back-to-queue/").status_code == 302
    credit.refresh_from_db()
    assert credit.state == CreditState.UNMATCHED
    entry = AuditEntry.objects.get(action="dues.credit_back_to_queue", object_id=str(credit.pk))
    assert entry.actor == people.cell_secretary and entry.before == {"state": "not_dues"}
    assert client.get(f"/dues/bank/credits/?within={tree.X1.pk}").content.decode().count('data-testid="credit-row"') == 1


def test_undoing_is_refused_once_the_credit_was_assigned(tree: Tree, people: Personas) -> None:
    (a,) = _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 50_000, "TIEN MAT", "1")])
    credit = BankCredit.objects.get()
    bank_services.credit_assign(actor=None, credit=credit, member=a, month=M0)
    with pytest.raises(Refusal, match="Only a credit marked as not dues"):
        bank_services.credit_back_to_queue(actor=None, credit=credit)
    client = client_for(people.cell_secretary)
    response = client.post(f"/dues/bank/credits/{credit.pk}/back-to-queue/", follow=True)
    assert "Only a credit marked as not dues" in response.content.decode()
    credit.refresh_from_db()
    assert credit.state == CreditState.MATCHED and not AuditEntry.objects.filter(action="dues.credit_back_to_queue").exists()


def test_only_those_who_manage_the_members_undo(tree: Tree, people: Personas) -> None:
    _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 1_000_000, "UNG HO", "1")])
    credit = bank_services.credit_dismiss(actor=None, credit=BankCredit.objects.get())
    assert client_for(people.outsider).post(f"/dues/bank/credits/{credit.pk}/back-to-queue/").status_code == 404
    assert client_for(people.viewer).post(f"/dues/bank/credits/{credit.pk}/back-to-queue/").status_code == 403
    assert "credit-back-to-queue" not in client_for(people.viewer).get(f"/dues/bank/credits/{credit.pk}/").content.decode()
    credit.refresh_from_db()
    assert credit.state == CreditState.NOT_DUES


def test_an_old_statement_without_days_still_shows(tree: Tree, people: Personas) -> None:
    """Statements imported before the days were kept show a dash, not an error."""
    _members(tree, 1)
    report = _import(_account(tree), "bidv", [(DAY, 10_000, "A", "1")])
    Statement.objects.filter(pk=report.statement.pk).update(first_day=None, last_day=None, skipped=[])
    client = client_for(people.cell_secretary)
    assert client.get(f"/dues/bank/statements/{report.statement.pk}/").status_code == 200
    assert client.get(f"/dues/bank/statements/imported/?within={tree.X1.pk}").status_code == 200
