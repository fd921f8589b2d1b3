"""Dues by bank transfer, the treasurer's side: bank statements as Vietcombank, BIDV,
VietinBank and Agribank export them, read with their layouts (data), credits matched by
reference or by amount and name, recorded as payments all or nothing, a statement imported
twice recording nothing twice, and the queue of credits assigned by hand."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from partybuilding.core.errors import Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.dues import months, transfer_reference
from partybuilding.dues.choices import CreditState, MatchedBy, PaymentSource
from partybuilding.dues.models import Bank, BankCredit, CollectingAccount, Payment, Statement, StatementLayout
from partybuilding.dues.services import bank as bank_services
from partybuilding.dues.statements import parse_amount
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .dues_factories import charge, member_with_base, open_months

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
M0 = months.add(months.first_of(TODAY), -2)  # three months charged: M0, M1, M2 (this month)
M1, M2 = months.add(M0, 1), months.add(M0, 2)
DAY = TODAY  # the day the transfers reached the account


# --- statements as each bank exports them ----------------------------------------------------
# A credit: (day, amount, content, transaction id); a debit is a negative amount.
Line = tuple[dt.date, int, str, str]


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def vietcombank(lines: list[Line]) -> tuple[bytes, str]:
    """The day and the reference number in one cell; amounts as numbers; a total row at the end."""
    head = [
        ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"],
        ["SAO KÊ TÀI KHOẢN", None, "STATEMENT OF ACCOUNT"],
        ["Số tài khoản:", "0071000123456"],
        [],
    ]
    header = [["STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư", "Mô tả"]]
    body, balance = [], 10_000_000
    for i, (day, amount, content, ref) in enumerate(lines, start=1):
        balance += amount
        body.append([i, f"{day:%d/%m/%Y}\n{ref}", ref, -amount if amount < 0 else None, amount if amount > 0 else None, balance, content])
    return _xlsx(head + header + body + [["Tổng cộng", None, None, 0, sum(a for _d, a, _c, _r in lines if a > 0)]]), "vcb.xlsx"


def bidv(lines: list[Line]) -> tuple[bytes, str]:
    """Two days per line, amounts as text with commas."""
    head = [["BIDV"], ["SAO KÊ TÀI KHOẢN"], []]
    header = [["STT", "Ngày hiệu lực", "Ngày giao dịch", "Số giao dịch", "Mô tả giao dịch", "Ghi nợ", "Ghi có", "Số dư"]]
    body = [
        [i, f"{d:%d/%m/%Y}", f"{d:%d/%m/%Y} 10:15:00", ref, c, f"{-a:,}" if a < 0 else "", f"{a:,}" if a > 0 else "", "1,000,000"]
        for i, (d, a, c, ref) in enumerate(lines, start=1)
    ]
    return _xlsx(head + header + body + [["Cộng phát sinh"]]), "bidv.xlsx"


def vietinbank(lines: list[Line]) -> tuple[bytes, str]:
    """CSV with semicolons, amounts with dots; no transaction number column: lines keyed by a hash."""
    out = ["Lịch sử giao dịch;;;;", "STT;Ngày giao dịch;Chi tiết giao dịch;Nợ;Có;Số dư"]
    balance = 5_000_000
    for i, (d, a, c, _ref) in enumerate(lines, start=1):
        balance += a
        debit, credit = (f"{-a:,}".replace(",", "."), "") if a < 0 else ("", f"{a:,}".replace(",", "."))
        out.append(f"{i};{d:%d/%m/%Y};{c};{debit};{credit};{balance:,}".replace(",", "."))
    return "\n".join(out).encode("utf-8-sig"), "vietinbank.csv"


def agribank(lines: list[Line]) -> tuple[bytes, str]:
    """Fixed columns from line 12 (its header spans merged rows, read by position)."""
    head: list[list[Any]] = [["NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM"]] + [[] for _ in range(8)]
    head += [["STT", "Ngày GD", "Số CT", "Phát sinh", None, "Số dư", "Nội dung"], [None, None, None, "Nợ", "Có", None, None]]
    body = [[i, d, ref, -a if a < 0 else 0, a if a > 0 else 0, 1_000_000, c] for i, (d, a, c, ref) in enumerate(lines, start=1)]
    return _xlsx(head + body + [["Cộng phát sinh"]]), "agribank.xlsx"


LAYOUTS: dict[str, Callable[[list[Line]], tuple[bytes, str]]] = {
    "vietcombank": vietcombank,
    "bidv": bidv,
    "vietinbank": vietinbank,
    "agribank": agribank,
}


def _account(tree: Tree) -> CollectingAccount:
    return bank_services.collecting_account_set(
        actor=None, organization=tree.X1, bank=Bank.objects.get(bin="970436"), account_number="0071000123456",
        holder_name="CHI BO THON DONG", valid_from=dt.date(2026, 1, 1),
    )  # fmt: skip


def _import(
    account: CollectingAccount, layout: str, lines: list[Line], *, dry_run: bool = False, actor: Any = None
) -> bank_services.StatementReport:
    data, name = LAYOUTS[layout](lines)
    return bank_services.statement_import(
        actor=actor, account=account, layout=StatementLayout.objects.get(code=layout), upload=io.BytesIO(data), name=name,
        dry_run=dry_run, submission=uuid.uuid4(), today=TODAY,
    )  # fmt: skip


def _ref(member: Member, first: dt.date = M0, last: dt.date = M2) -> str:
    return transfer_reference.make(member.pk, first, last).text


def _members(tree: Tree, n: int = 2, **names: Any) -> list[Member]:
    found = [member_with_base(tree.X1, **names) for _ in range(n)]  # 50,000 đ a month each
    open_months(tree.X1, M0, M2)
    return found


def _outcomes(report: bank_services.StatementReport) -> list[str]:
    return [line.outcome for line in report.lines]


# --- the four layouts --------------------------------------------------------------------------


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_banks_statement_is_read_matched_and_recorded(tree: Tree, layout: str) -> None:
    a, b = _members(tree)
    account = _account(tree)
    lines: list[Line] = [
        (DAY, 150_000, f"MBVCB.4530998360.029552.{_ref(a)}.CT tu 0351000646393 NGUYEN VAN A", "5243.65937"),
        (DAY, -20_000, "Phi dich vu SMS", "5243.65938"),  # a debit: not read
        (DAY, 50_000, f"IBFT {transfer_reference.make(b.pk, M0, M0).compact.lower()}", "5243.65939"),
        (DAY, 300_000, "UNG HO QUY VI NGUOI NGHEO", "5243.65940"),  # not dues: left to assign
    ]
    dry = _import(account, layout, lines, dry_run=True)
    assert dry.ok and _outcomes(dry) == ["matched", "matched", "unmatched"]
    assert not Payment.objects.exists() and not BankCredit.objects.exists()  # a dry run records nothing
    report = _import(account, layout, lines)
    assert report.ok and report.imported == 2 and report.matched_total == 200_000
    assert [c.paid for c in (charge(a, M0), charge(a, M1), charge(a, M2))] == [50_000] * 3
    assert charge(b, M0).paid == 50_000 and charge(b, M1).paid == 0
    assert set(Payment.objects.values_list("source", flat=True)) == {PaymentSource.BANK}
    credits = {c.amount: c for c in BankCredit.objects.all()}
    assert credits[150_000].member == a and credits[150_000].matched_by == MatchedBy.REFERENCE
    assert credits[300_000].state == CreditState.UNMATCHED and credits[300_000].member is None
    assert AuditEntry.objects.filter(action="dues.statement_import").count() == 1


def test_amounts_as_the_banks_write_them() -> None:
    assert parse_amount("1,500,000", ",") == 1_500_000
    assert parse_amount("1.500.000", ".") == 1_500_000
    assert parse_amount("+50,000 VND", ",") == 50_000
    assert parse_amount("50,000.00", ",") == 50_000
    assert parse_amount(50000.0, ",") == 50_000
    assert parse_amount("", ",") == 0
    # Under the other convention "50,000" would be fifty đồng: refused rather than misread.
    assert parse_amount("50,000", ".") is None
    assert parse_amount("12.5", ",") is None


# --- duplicates and a second import ------------------------------------------------------------


@pytest.mark.parametrize("layout", ["vietcombank", "vietinbank"])  # keyed by the bank's number, and by a hash
def test_a_line_twice_in_a_statement_is_recorded_once(tree: Tree, layout: str) -> None:
    (a,) = _members(tree, 1)
    account = _account(tree)
    line = (DAY, 50_000, _ref(a, M0, M0), "77.1")
    data, name = LAYOUTS[layout]([line])
    if layout == "vietinbank":  # the export repeated a line as it is (same balance)
        text = data.decode("utf-8-sig")
        data = (text + "\n" + text.splitlines()[-1]).encode("utf-8-sig")
        report = bank_services.statement_import(
            actor=None, account=account, layout=StatementLayout.objects.get(code=layout), upload=io.BytesIO(data), name=name,
            dry_run=False, submission=uuid.uuid4(), today=TODAY,
        )  # fmt: skip
    else:
        report = _import(account, layout, [line, line])
    assert _outcomes(report) == ["matched", "duplicate"]
    assert report.lines[1].earlier_line == report.lines[0].line
    assert BankCredit.objects.count() == 1 and Payment.objects.count() == 1 and charge(a, M0).paid == 50_000


def test_two_identical_transfers_without_a_number_are_both_recorded(tree: Tree) -> None:
    """Two members' relatives may send the same words and amount the same day: the running balance tells them apart."""
    (a,) = _members(tree, 1)
    account = _account(tree)
    line = (DAY, 50_000, _ref(a, M0, M0), "")
    report = _import(account, "vietinbank", [line, line])
    assert _outcomes(report) == ["matched", "matched"]
    assert charge(a, M0).paid == 50_000 and charge(a, M1).paid == 50_000


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_statement_imported_twice_records_nothing_twice(tree: Tree, layout: str) -> None:
    a, b = _members(tree)
    account = _account(tree)
    lines: list[Line] = [(DAY, 150_000, _ref(a), "9001"), (DAY, 70_000, "chuyen tien", "9002")]
    _import(account, layout, lines)
    paid = [charge(a, m).paid for m in (M0, M1, M2)]
    # The next month's statement overlaps this one: the lines seen before are reported, not recorded.
    again = _import(account, layout, [*lines, (DAY, 50_000, _ref(b, M0, M0), "9003")])
    assert _outcomes(again) == ["already", "already", "matched"]
    assert [charge(a, m).paid for m in (M0, M1, M2)] == paid
    assert Payment.objects.filter(member=a).count() == 1 and BankCredit.objects.count() == 3
    assert Statement.objects.count() == 2


def test_the_same_form_sent_twice_records_once(tree: Tree) -> None:
    (a,) = _members(tree, 1)
    account = _account(tree)
    data, name = vietcombank([(DAY, 50_000, _ref(a, M0, M0), "1")])
    submission = uuid.uuid4()
    for _ in range(2):
        bank_services.statement_import(
            actor=None, account=account, layout=StatementLayout.objects.get(code="vietcombank"), upload=io.BytesIO(data), name=name,
            dry_run=False, submission=submission, today=TODAY,
        )  # fmt: skip
    assert Statement.objects.count() == 1 and Payment.objects.count() == 1


# --- partial payments, mangled references -------------------------------------------------------


def test_a_partial_payment_pays_the_oldest_months_first(tree: Tree) -> None:
    (a,) = _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 70_000, _ref(a), "1")])
    assert [charge(a, m).paid for m in (M0, M1, M2)] == [50_000, 20_000, 0]


def test_an_overpayment_is_kept_as_credit(tree: Tree) -> None:
    (a,) = _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 200_000, _ref(a), "1")])
    assert [charge(a, m).paid for m in (M0, M1, M2)] == [50_000] * 3
    assert a.dues_account.credit == 50_000


def test_a_mangled_reference_is_matched_by_amount_and_name(tree: Tree) -> None:
    (binh,) = _members(tree, 1, family_name="Trần", middle_name="Thị", given_name="Bình")
    (other,) = [member_with_base(tree.X1, family_name="Lê", middle_name="Văn", given_name="Bình")]
    open_months(tree.X1, M0, M2)
    account = _account(tree)
    mangled = _ref(binh)[:-4] + "X"  # cut and changed by the bank: the check fails
    report = _import(account, "agribank", [(DAY, 100_000, f"TRAN THI BINH chuyen tien {mangled}", "1")])
    (line,) = report.lines
    assert (line.outcome, line.member, line.matched_by, line.month) == ("matched", binh, MatchedBy.AMOUNT_NAME, M0)
    assert [charge(binh, m).paid for m in (M0, M1, M2)] == [50_000, 50_000, 0]
    assert charge(other, M0).paid == 0


def test_amount_and_name_never_guess_between_two_members(tree: Tree) -> None:
    _members(tree, 2, family_name="Trần", middle_name="Thị", given_name="Bình")  # two members of the same name
    report = _import(_account(tree), "agribank", [(DAY, 50_000, "TRAN THI BINH dong dang phi", "1")])
    assert _outcomes(report) == ["unmatched"] and not Payment.objects.exists()


def test_an_amount_that_fits_no_months_waits_for_the_treasurer(tree: Tree) -> None:
    _members(tree, 1, family_name="Trần", middle_name="Thị", given_name="Bình")
    report = _import(_account(tree), "agribank", [(DAY, 65_000, "TRAN THI BINH dong dang phi", "1")])
    assert _outcomes(report) == ["unmatched"]


def test_a_reference_to_a_member_of_another_commune_is_not_matched(tree: Tree) -> None:
    stranger = member_with_base(tree.Y1)
    open_months(tree.Y1, M0, M0)
    report = _import(_account(tree), "vietcombank", [(DAY, 50_000, _ref(stranger, M0, M0), "1")])
    assert _outcomes(report) == ["unmatched"] and not Payment.objects.exists()


# --- all or nothing ------------------------------------------------------------------------------


def test_one_unreadable_line_records_nothing_and_says_which(tree: Tree) -> None:
    a, b = _members(tree)
    account = _account(tree)
    data, name = bidv([(DAY, 50_000, _ref(a, M0, M0), "1"), (DAY, 50_000, _ref(b, M0, M0), "2")])
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active["G6"] = "năm mươi nghìn"  # line 6: the second credit's amount, typed in words
    out = io.BytesIO()
    book.save(out)
    report = bank_services.statement_import(
        actor=None, account=account, layout=StatementLayout.objects.get(code="bidv"), upload=io.BytesIO(out.getvalue()), name=name,
        dry_run=False, submission=uuid.uuid4(), today=TODAY,
    )  # fmt: skip
    assert not report.ok and [(i.line, i.column) for i in report.issues] == [(6, "Credit")]
    assert not Statement.objects.exists() and not BankCredit.objects.exists() and not Payment.objects.exists()


def test_a_payment_refused_midway_undoes_the_whole_statement(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _members(tree)
    account = _account(tree)
    real, calls = bank_services.payments_record, []

    def refusing_the_second(**kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise Refusal("refused")
        return real(**kwargs)

    monkeypatch.setattr(bank_services, "payments_record", refusing_the_second)
    with pytest.raises(Refusal):
        _import(account, "vietcombank", [(DAY, 50_000, _ref(a, M0, M0), "1"), (DAY, 50_000, _ref(b, M0, M0), "2")])
    assert not Statement.objects.exists() and not BankCredit.objects.exists() and not Payment.objects.exists()
    assert charge(a, M0).paid == 0


def test_a_statement_of_another_bank_is_refused_in_words(tree: Tree) -> None:
    (a,) = _members(tree, 1)
    data, name = agribank([(DAY, 50_000, _ref(a, M0, M0), "1")])
    report = bank_services.statement_import(
        actor=None, account=_account(tree), layout=StatementLayout.objects.get(code="vietcombank"), upload=io.BytesIO(data), name=name,
        dry_run=False, submission=uuid.uuid4(), today=TODAY,
    )  # fmt: skip
    assert not report.ok and "header" in report.issues[0].message


# --- the pages -----------------------------------------------------------------------------------


def _submission(html: str) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_the_treasurer_imports_on_the_page_then_assigns_the_rest_by_hand(tree: Tree, people: Personas) -> None:
    a, b = _members(tree)
    account = _account(tree)
    client = client_for(people.cell_secretary)
    page = client.get("/dues/bank/statements/").content.decode()
    data, name = vietcombank([(DAY, 50_000, _ref(a, M0, M0), "1"), (DAY, 100_000, "Chuyển tiền đảng phí của bà Ngô", "2")])
    form = {"account": account.pk, "layout": StatementLayout.objects.get(code="vietcombank").pk, "submission": _submission(page)}
    checked = client.post("/dues/bank/statements/", {**form, "file": SimpleUploadedFile(name, data), "dry_run": "on"})
    assert checked.status_code == 200 and 'data-outcome="matched"' in checked.content.decode() and not Payment.objects.exists()
    done = client.post("/dues/bank/statements/", {**form, "file": SimpleUploadedFile(name, data)})
    assert 'data-testid="statement-done"' in done.content.decode() and Payment.objects.count() == 1

    queue = client.get(f"/dues/bank/credits/?within={tree.X1.pk}&q=chuyen tien dang phi").content.decode()  # without diacritics
    assert queue.count('data-testid="credit-row"') == 1
    credit = BankCredit.objects.get(state=CreditState.UNMATCHED)
    url = f"/dues/bank/credits/{credit.pk}/"
    assert client.post(url, {"member": b.pk, "month": f"{M0:%m/%Y}"}).status_code == 302
    credit.refresh_from_db()
    assert (credit.state, credit.member, credit.matched_by) == (CreditState.MATCHED, b, MatchedBy.HAND)
    assert [charge(b, m).paid for m in (M0, M1)] == [50_000, 50_000]
    assert AuditEntry.objects.filter(action="dues.credit_assign", object_id=str(credit.pk)).exists()
    # Dealt with: assigning it again or marking it not dues is refused, nothing recorded twice.
    assert client.post(url, {"member": a.pk, "month": f"{M0:%m/%Y}"}).status_code == 422
    client.post(f"{url}not-dues/")
    credit.refresh_from_db()
    assert credit.state == CreditState.MATCHED and Payment.objects.filter(member=b).count() == 1
    assert client.get(f"/dues/bank/credits/?within={tree.X1.pk}").content.decode().count('data-testid="credit-row"') == 0


def test_a_credit_marked_not_dues_leaves_the_queue(tree: Tree, people: Personas) -> None:
    _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 1_000_000, "UNG HO LU LUT", "1")])
    credit = BankCredit.objects.get()
    client = client_for(people.cell_secretary)
    assert client.post(f"/dues/bank/credits/{credit.pk}/not-dues/").status_code == 302
    credit.refresh_from_db()
    assert credit.state == CreditState.NOT_DUES and not Payment.objects.exists()
    assert AuditEntry.objects.filter(action="dues.credit_not_dues").exists()


def test_outsiders_get_404_and_members_403(tree: Tree, people: Personas) -> None:
    (a,) = _members(tree, 1)
    account = _account(tree)
    _import(account, "bidv", [(DAY, 1_000_000, "UNG HO LU LUT", "1")])
    credit = BankCredit.objects.get()
    outsider = client_for(people.outsider)
    assert outsider.get(f"/dues/bank/credits/{credit.pk}/").status_code == 404
    assert outsider.post(f"/dues/bank/credits/{credit.pk}/", {"member": a.pk, "month": f"{M0:%m/%Y}"}).status_code == 404
    assert outsider.post(f"/dues/bank/credits/{credit.pk}/not-dues/").status_code == 404
    assert outsider.get(f"/dues/bank/credits/?within={tree.X1.pk}").status_code == 404
    assert outsider.get("/dues/bank/credits/").content.decode().count('data-testid="credit-row"') == 0
    # The outsider's own statement page does not offer the cell's account; posting it is refused.
    page = outsider.get("/dues/bank/statements/").content.decode()
    data, name = bidv([(DAY, 50_000, _ref(a, M0, M0), "1")])
    form = {"account": account.pk, "layout": StatementLayout.objects.get(code="bidv").pk, "submission": _submission(page)}
    assert outsider.post("/dues/bank/statements/", {**form, "file": SimpleUploadedFile(name, data)}).status_code == 422
    assert not Payment.objects.exists()
    member = client_for(people.member)
    assert member.get(f"/dues/bank/credits/{credit.pk}/").status_code == 404  # bank credits are for those who see members
    assert member.get("/dues/bank/statements/").status_code == 403


def test_a_new_banks_layout_is_data_loaded_without_code(tree: Tree, tmp_path: Any) -> None:
    (a,) = _members(tree, 1)
    layout = {
        "code": "techcombank",
        "name": "Techcombank — sao kê (CSV)",
        "mapping": {
            "header": {"date": ["Ngày GD"], "credit": ["Số tiền vào"], "content": ["Diễn giải"], "transaction_id": ["Mã GD"]},
            "thousands": ",",
        },
    }
    file = tmp_path / "techcombank.json"
    file.write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")
    call_command("dues_statement_layout", str(file))
    assert AuditEntry.objects.filter(action="dues.statement_layout").exists()
    csv = f'Mã GD,Ngày GD,Diễn giải,Số tiền ra,Số tiền vào\nFT26001,{DAY:%d/%m/%Y},"{_ref(a, M0, M0)}",,"50,000"\n'
    report = bank_services.statement_import(
        actor=None, account=_account(tree), layout=StatementLayout.objects.get(code="techcombank"),
        upload=io.BytesIO(csv.encode()), name="tcb.csv", dry_run=False, submission=uuid.uuid4(), today=TODAY,
    )  # fmt: skip
    assert _outcomes(report) == ["matched"] and charge(a, M0).paid == 50_000
    file.write_text('{"code": "x", "name": "x", "mapping": {"header": {"date": ["Ngày"]}}}', encoding="utf-8")
    with pytest.raises(CommandError, match="credit, content"):
        call_command("dues_statement_layout", str(file))


@pytest.mark.parametrize("size", [2, 12])
def test_the_queue_of_credits_costs_the_same_for_any_size(
    tree: Tree, people: Personas, size: int, django_assert_max_num_queries: Any
) -> None:
    _members(tree, 1)
    _import(_account(tree), "bidv", [(DAY, 10_000 + n, f"UNG HO {n}", str(n)) for n in range(size)])
    client = client_for(people.cell_secretary)
    with django_assert_max_num_queries(14):
        page = client.get(f"/dues/bank/credits/?within={tree.X1.pk}").content.decode()
    assert page.count('data-testid="credit-row"') == size
