"""The dues pages: the collection screen, arrears, the report, accounts, the import."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from partybuilding.dues import months
from partybuilding.dues.models import Charge, Payment
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .dues_factories import charge, member_with_base, open_months, pay

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 1)


def _submission(html: str) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _collect_url(tree: Tree, month: dt.date = JAN) -> str:
    return f"/dues/collect/{tree.X1.pk}/{month.year}/{month.month}/"


@pytest.mark.parametrize("size", [2, 12])
def test_the_collection_screen_costs_the_same_for_any_cell(
    tree: Tree, people: Personas, size: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(size):
        member_with_base(tree.X1)
    open_months(tree.X1, JAN, JAN)
    client = client_for(people.cell_secretary)
    with django_assert_max_num_queries(12):
        response = client.get(_collect_url(tree))
    assert response.content.decode().count('data-testid="collect-row"') == size


def test_one_submit_records_every_members_payment_once(tree: Tree, people: Personas) -> None:
    a, b = member_with_base(tree.X1), member_with_base(tree.X1)
    open_months(tree.X1, JAN, JAN)
    client = client_for(people.cell_secretary)
    page = client.get(_collect_url(tree)).content.decode()
    ca, cb = charge(a, JAN), charge(b, JAN)
    data = {"submission": _submission(page), "paid_on": "15/01/2026", f"pay_{ca.pk}": "50.000", f"pay_{cb.pk}": "100000"}
    assert client.post(_collect_url(tree), data).status_code == 302
    assert client.post(_collect_url(tree), data).status_code == 302  # the same form sent again
    assert Payment.objects.count() == 2
    assert charge(a, JAN).paid == 50_000 and charge(b, JAN).paid == 50_000
    page = client.get(f"/dues/member/{b.pk}/").content.decode()
    assert 'data-testid="dues-credit">50' in page  # the overpayment is shown as credit


def test_a_wrong_amount_is_explained_and_nothing_is_recorded(tree: Tree, people: Personas) -> None:
    a, b = member_with_base(tree.X1), member_with_base(tree.X1)
    open_months(tree.X1, JAN, JAN)
    client = client_for(people.cell_secretary)
    page = client.get(_collect_url(tree)).content.decode()
    data = {
        "submission": _submission(page),
        "paid_on": "15/01/2026",
        f"pay_{charge(a, JAN).pk}": "50000",
        f"pay_{charge(b, JAN).pk}": "abc",
    }
    response = client.post(_collect_url(tree), data)
    assert response.status_code == 422 and "Type a whole amount" in response.content.decode()
    assert Payment.objects.count() == 0


def test_the_month_can_be_charged_from_the_collection_screen(tree: Tree, people: Personas) -> None:
    member_with_base(tree.X1)
    client = client_for(people.cell_secretary)
    assert 'data-testid="collect-empty"' in client.get(_collect_url(tree)).content.decode()
    client.post(_collect_url(tree) + "open/")
    assert Charge.objects.filter(organization=tree.X1, month=JAN).count() == 1


def test_arrears_list_flags_the_removal_rule_and_exports(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1)
    last = months.add(months.first_of(timezone.localdate()), -1)
    first = dt.date(last.year, 1, 1) if last.month >= 3 else months.add(last, -2)
    open_months(tree.X1, first, last)
    client = client_for(people.provincial_officer)
    page = client.get(f"/dues/?year={last.year}").content.decode()
    assert member.full_name in page
    assert ('data-testid="removal-flag"' in page) is (months.count(first, last) >= 3 and first.year == last.year)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(f"/dues/arrears.xlsx?year={last.year}").streaming_content)))
    assert book.active.cell(2, 1).value == member.full_name


def test_a_plain_member_sees_their_own_account_only(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1)
    Member.objects.filter(pk=member.pk).update(user=people.member)
    open_months(tree.X1, JAN, dt.date(2026, 2, 1))
    pay(member, JAN, 50_000)
    client = client_for(people.member)
    page = client.get("/dues/me/").content.decode()
    assert page.count('data-testid="dues-month"') == 2 and 'data-testid="dues-outstanding">50' in page
    assert client.get("/dues/").status_code == 302  # the menu leads a member to their own account
    assert client.get(f"/dues/member/{member.pk}/").status_code == 404


def test_the_report_rolls_up_children_and_exports(tree: Tree, people: Personas) -> None:
    a = member_with_base(tree.X1)
    member_with_base(tree.Y1)
    open_months(tree.P, JAN, JAN)
    pay(a, JAN, 50_000)
    client = client_for(people.provincial_officer)
    page = client.get(f"/dues/report/?within={tree.P.pk}&first=01/2026&last=01/2026").content.decode()
    assert tree.C1.name in page and tree.C2.name in page
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(f"/dues/report.xlsx?within={tree.P.pk}&first=01/2026&last=01/2026").streaming_content))
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[-1][1:6] == (100_000, 50_000, 0, 0, 50_000)


def test_a_reduction_refused_by_the_rule_is_explained_on_the_form(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1)
    client = client_for(people.cell_secretary)
    data = {
        "relief-kind": "reduction", "relief-percent": "50", "relief-from_month": "03/2026", "relief-to_month": "04/2027",
        "relief-decision_number": "1", "relief-decision_date": "01/03/2026", "relief-submission": "7d8a3c1e-1111-4c1b-9e1b-2b0c1d2e3f40",
    }  # fmt: skip
    response = client.post(f"/dues/member/{member.pk}/", data)
    assert response.status_code == 422 and "at most 12 months" in response.content.decode() and "QĐ 01-QĐ/TW" in response.content.decode()


def _csv(*rows: str) -> io.BytesIO:
    upload = io.BytesIO(("Số thẻ đảng viên,Tháng,Số tiền,Ngày đóng\n" + "\n".join(rows) + "\n").encode())
    upload.name = "payments.csv"
    return upload


def test_the_import_checks_every_row_and_records_all_or_nothing(tree: Tree, people: Personas) -> None:
    a = member_with_base(tree.X1, card="100001")
    member_with_base(tree.X1, card="100002")
    member_with_base(tree.Y1, card="900001")  # outside the secretary's cell
    open_months(tree.P, JAN, JAN)
    client = client_for(people.cell_secretary)
    bad = client.post("/dues/import/", {"file": _csv("100001,01/2026,50000,10/01/2026", "900001,01/2026,50000,10/01/2026", "100002,13/2026,5,10/01/2026"), "submission": "7d8a3c1e-1111-4c1b-9e1b-2b0c1d2e3f41"})  # fmt: skip
    html = bad.content.decode()
    assert bad.status_code == 422 and html.count('data-testid="import-issue"') == 2 and "nothing was recorded" in html
    assert Payment.objects.count() == 0
    dry = client.post("/dues/import/", {"file": _csv("100001,01/2026,50000,10/01/2026"), "dry_run": "on", "submission": "7d8a3c1e-1111-4c1b-9e1b-2b0c1d2e3f42"})  # fmt: skip
    assert dry.status_code == 200 and Payment.objects.count() == 0
    done = client.post("/dues/import/", {"file": _csv("100001,01/2026,50000,10/01/2026", "100002,01/2026,20000,10/01/2026"), "submission": "7d8a3c1e-1111-4c1b-9e1b-2b0c1d2e3f43"})  # fmt: skip
    assert done.status_code == 200 and Payment.objects.count() == 2
    assert charge(a, JAN).paid == 50_000
    template = client.get("/dues/import/template.xlsx")
    header = next(openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content))).active.iter_rows(values_only=True))
    assert header[:3] == ("Số thẻ đảng viên", "Số CCCD", "Tháng")


def test_the_api_records_payments_once_and_reads_the_account_and_arrears(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, dt.date(2025, 11, 1), JAN)
    client = client_for(people.cell_secretary)
    body = {"submission": "7d8a3c1e-1111-4c1b-9e1b-2b0c1d2e3f44", "payments": [{"member_id": member.pk, "month": "2026-01-01", "amount": 50000, "paid_on": "2026-01-10"}]}  # fmt: skip
    assert client.post("/api/dues/payments", body, content_type="application/json").status_code == 201
    assert client.post("/api/dues/payments", body, content_type="application/json").status_code == 200
    account = client.get(f"/api/dues/members/{member.pk}").json()
    assert (account["due"], account["paid"], account["outstanding"]) == (150_000, 50_000, 100_000)
    arrears = client.get(f"/api/dues/arrears/{tree.X1.pk}").json()
    assert arrears["count"] == 1 and arrears["items"][0]["months_owed"] == 2
    report = client.get(f"/api/dues/report/{tree.X1.pk}?first=2025-11-01&last=2026-01-01").json()
    assert report["total"]["collected"] == 50_000


def test_the_api_import_dry_run_writes_nothing(tree: Tree, people: Personas) -> None:
    member_with_base(tree.X1, card="100003")
    open_months(tree.X1, JAN, JAN)
    client = client_for(people.cell_secretary)
    response = client.post("/api/dues/import", {"file": _csv("100003,01/2026,50000,10/01/2026"), "dry_run": "true"})
    assert response.status_code == 200 and response.json()["rows"] == 1
    assert Payment.objects.count() == 0


def test_fixed_amounts_are_set_by_organizing_officers_not_secretaries(tree: Tree, people: Personas) -> None:
    data = {"category": "informal", "amount": "10000", "effective_from": "01/01/2026"}
    assert client_for(people.cell_secretary).post(f"/dues/fixed/?within={tree.X1.pk}", data).status_code == 403
    assert client_for(people.provincial_officer).post(f"/dues/fixed/?within={tree.P.pk}", data).status_code == 302


def test_the_pages_speak_vietnamese(tree: Tree, people: Personas) -> None:
    member_with_base(tree.X1)
    open_months(tree.X1, JAN, JAN)
    client = client_for(people.cell_secretary, "vi")
    assert "Thu đảng phí — tháng 01/2026" in client.get(_collect_url(tree)).content.decode()
    assert "Nợ đảng phí" in client.get("/dues/").content.decode()
    assert "Báo cáo thu nộp đảng phí" in client.get("/dues/report/").content.decode()


def test_an_excel_payment_file_is_read_like_the_template(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1, card="100005")
    open_months(tree.X1, JAN, JAN)
    book = openpyxl.Workbook()
    book.active.append(["Số thẻ đảng viên", "Số CCCD", "Tháng", "Số tiền", "Ngày đóng"])
    book.active.append(["100005", None, "01/2026", 50000, dt.datetime(2026, 1, 12)])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "payments.xlsx"
    response = client_for(people.cell_secretary).post(
        "/dues/import/", {"file": upload, "submission": "7d8a3c1e-1111-4c1b-9e1b-2b0c1d2e3f45"}
    )
    assert response.status_code == 200
    assert Payment.objects.get(member=member).paid_on == dt.date(2026, 1, 12)


def test_a_citizen_id_typed_as_a_number_finds_its_member(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1, citizen_id="001080099999")
    open_months(tree.X1, JAN, JAN)
    book = openpyxl.Workbook()
    book.active.append(["Số thẻ đảng viên", "Số CCCD", "Tháng", "Số tiền", "Ngày đóng"])
    book.active.append([None, 1080099999, "01/2026", 50000, "12/01/2026"])  # Excel dropped the zeros
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "payments.xlsx"
    response = client_for(people.cell_secretary).post("/dues/import/", {"file": upload, "submission": str(uuid.uuid4())})
    assert response.status_code == 200
    assert Payment.objects.get(member=member).amount == 50_000


@pytest.mark.parametrize("size", [3, 30])
def test_the_arrears_list_costs_the_same_for_any_number_of_debtors(
    tree: Tree, people: Personas, size: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(size):
        member_with_base(tree.X1)
    open_months(tree.X1, JAN, dt.date(2026, 3, 1))
    client = client_for(people.provincial_officer)
    with django_assert_max_num_queries(12):
        page = client.get("/dues/?year=2026").content.decode()
    assert page.count('data-testid="arrears-row"') == size


@pytest.mark.parametrize(
    ("persona", "expected"), [("cell_secretary", 201), ("viewer", 403), ("outsider", 404), ("member", 404), ("commune_officer", 201)]
)
def test_recording_payments_through_the_api_keeps_the_scope(tree: Tree, people: Personas, persona: str, expected: int) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, JAN, JAN)
    body = {"submission": "7d8a3c1e-1111-4c1b-9e1b-2b0c1d2e3f46", "payments": [{"member_id": member.pk, "month": "2026-01-01", "amount": 50000}]}  # fmt: skip
    response = client_for(getattr(people, persona)).post("/api/dues/payments", body, content_type="application/json")
    assert response.status_code == expected
    assert Payment.objects.exists() is (expected == 201)


@pytest.mark.parametrize(("persona", "expected"), [("cell_secretary", 200), ("viewer", 403), ("member", 403)])
def test_the_api_import_is_for_those_who_record_payments(tree: Tree, people: Personas, persona: str, expected: int) -> None:
    response = client_for(getattr(people, persona)).post(
        "/api/dues/import", {"file": _csv("100001,01/2026,50000,10/01/2026"), "dry_run": "true"}
    )
    assert response.status_code in ((200, 422) if expected == 200 else (expected,))


def test_the_report_of_a_committee_links_its_cells_to_their_collection_screen(tree: Tree, people: Personas) -> None:
    member_with_base(tree.X1)
    open_months(tree.X1, JAN, JAN)
    page = client_for(people.cell_secretary).get(f"/dues/report/?within={tree.X1.pk}&first=01/2026&last=01/2026").content.decode()
    assert "collect-link" not in page  # a cell has no children
    page = client_for(people.commune_officer).get(f"/dues/report/?within={tree.G1.pk}&first=01/2026&last=01/2026").content.decode()
    assert f"/dues/collect/{tree.X1.pk}/2026/1/" in page


def test_the_api_records_a_base_and_a_reduction_with_the_rules_of_the_month(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1)  # 5,000,000 đồng of salary: 50,000 a month
    client = client_for(people.cell_secretary)
    base = client.post(f"/api/dues/members/{member.pk}/bases", {"from_month": "2026-03-01", "kind": "salary", "amount": 8_000_000}, content_type="application/json")  # fmt: skip
    assert base.status_code == 201 and base.json()["amount"] == 8_000_000
    relief = {"kind": "reduction", "percent": 50, "from_month": "2026-05-01", "to_month": "2026-06-01", "decision_number": "5-QĐ/ĐU", "decision_date": "2026-04-20"}  # fmt: skip
    assert client.post(f"/api/dues/members/{member.pk}/reliefs", relief, content_type="application/json").status_code == 201
    open_months(tree.X1, dt.date(2026, 3, 1), dt.date(2026, 5, 1))
    # The salary counts from the month after it is paid; the reduction halves May.
    assert [charge(member, dt.date(2026, m, 1)).due for m in (3, 4, 5)] == [50_000, 80_000, 40_000]
    too_long = {**relief, "to_month": "2027-05-01"}
    refused = client.post(f"/api/dues/members/{member.pk}/reliefs", too_long, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["rule"].startswith("QĐ 01")
    outsider = client_for(people.outsider).post(f"/api/dues/members/{member.pk}/bases", {"from_month": "2026-07-01", "kind": "salary", "amount": 1}, content_type="application/json")  # fmt: skip
    assert outsider.status_code == 404
    viewer = client_for(people.viewer).post(f"/api/dues/members/{member.pk}/bases", {"from_month": "2026-07-01", "kind": "salary", "amount": 1}, content_type="application/json")  # fmt: skip
    assert viewer.status_code == 403


def test_a_submission_id_is_looked_up_only_for_its_own_member(tree: Tree, people: Personas) -> None:
    """Replaying another commune's submission id neither answers with its relief nor records one."""
    theirs, ours = member_with_base(tree.X1), member_with_base(tree.Y1)
    relief = {"kind": "reduction", "percent": 50, "from_month": "2026-05-01", "to_month": "2026-06-01", "decision_number": "5-QĐ/ĐU",
              "decision_date": "2026-04-20", "submission": str(uuid.uuid4())}  # fmt: skip
    first = client_for(people.commune_officer).post(f"/api/dues/members/{theirs.pk}/reliefs", relief, content_type="application/json")
    assert first.status_code == 201
    again = client_for(people.commune_officer).post(f"/api/dues/members/{theirs.pk}/reliefs", relief, content_type="application/json")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]  # the same form twice: recorded once
    replayed = client_for(people.outsider).post(f"/api/dues/members/{ours.pk}/reliefs", relief, content_type="application/json")
    assert replayed.status_code == 422 and "already submitted" in replayed.json()["detail"]
    assert str(theirs.pk) not in replayed.content.decode() and ours.dues_reliefs.count() == 0


def test_after_an_import_the_next_file_is_a_new_submission(tree: Tree, people: Personas) -> None:
    member_with_base(tree.X1, card="100001")
    member_with_base(tree.X1, card="100002")
    open_months(tree.X1, JAN, JAN)
    client = client_for(people.cell_secretary)
    first = _submission(client.get("/dues/import/").content.decode())
    done = client.post("/dues/import/", {"file": _csv("100001,01/2026,50000,10/01/2026"), "submission": first})
    second = _submission(done.content.decode())
    assert second != first
    client.post("/dues/import/", {"file": _csv("100002,01/2026,50000,10/01/2026"), "submission": second})
    assert Payment.objects.count() == 2
