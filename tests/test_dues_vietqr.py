"""Dues by bank transfer, the member's side: the NAPAS VietQR payload against the
specification's worked examples, the transfer's reference, the QR image decoded by a real
decoder, the pages that show it and the account that collects the dues."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from partybuilding.core.models import AuditEntry
from partybuilding.dues import months, transfer_reference, transfers, vietqr
from partybuilding.dues.models import Bank, CollectingAccount, Payment
from partybuilding.dues.services import bank as bank_services
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .dues_factories import member_with_base, open_months

# The worked examples of NAPAS's "QR Format T&C" (v1.0, 09/2021, §6.1.1–6.1.4), as published:
# static and dynamic codes, to an account (QRIBFTTA) and to a card (QRIBFTTC), with their CRC.
# (In §6.1.1 and §6.1.2 the printed lengths of the beneficiary do not match the values: the
# CRC is still the CRC of the text as printed, which is what is checked there.)
SPEC_EXAMPLES = [
    ("00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304", "F4E5"),
    ("00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN6304", "4F52"),
    (
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN"
        "62340107NPS68690819thanh toan don hang6304",
        "2E2E",
    ),
    (
        "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN"
        "62340107NPS68690819thanh toan don hang6304",
        "A203",
    ),
]
TODAY = timezone.localdate()
THIS_MONTH = months.first_of(TODAY)


@pytest.mark.parametrize(("text", "crc"), SPEC_EXAMPLES)
def test_the_crc_is_the_specifications(text: str, crc: str) -> None:
    assert vietqr.crc16(text) == crc
    assert vietqr.is_valid(text + crc)
    assert not vietqr.is_valid(text + ("0000" if crc != "0000" else "FFFF"))


def test_it_builds_the_dynamic_worked_example_exactly() -> None:
    text, crc = SPEC_EXAMPLES[2]
    built = vietqr.payload(bin="970403", account="0011012345678", amount=180_000, purpose="thanh toan don hang", bill_number="NPS6869")
    assert built == text + crc


def test_it_builds_a_published_transfer_code_exactly() -> None:
    # A code published with an open-source VietQR generator (VietinBank, 120,000 đ).
    published = (
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C"
    )
    assert vietqr.payload(bin="970415", account="0011001932418", amount=120_000, purpose="ung ho lu lut") == published


def test_a_dues_payload_field_by_field() -> None:
    text = vietqr.payload(bin="970436", account="1234567890", amount=150_000, purpose="DP 00002S 1026 1226 7")
    root = vietqr.fields(text)
    assert list(root) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert root["00"] == "01" and root["01"] == "12"  # dynamic: there is an amount
    merchant = vietqr.fields(root["38"])
    assert merchant == {"00": "A000000727", "01": "0006970436" + "01101234567890", "02": "QRIBFTTA"}
    assert vietqr.fields(merchant["01"]) == {"00": "970436", "01": "1234567890"}
    assert (root["53"], root["54"], root["58"]) == ("704", "150000", "VN")
    assert vietqr.fields(root["62"]) == {"08": "DP 00002S 1026 1226 7"}
    assert text[-8:-4] == "6304" and root["63"] == vietqr.crc16(text[:-4])


def test_a_code_without_an_amount_is_static() -> None:
    root = vietqr.fields(vietqr.payload(bin="970405", account="1500205123456"))
    assert root["01"] == "11" and "54" not in root and "62" not in root


@pytest.mark.parametrize(
    "bad",
    [
        {"bin": "97043", "account": "1"},
        {"bin": "970436", "account": "12-34"},
        {"bin": "970436", "account": "1", "amount": 0},
        {"bin": "970436", "account": "1", "purpose": "Đảng phí"},  # not ASCII: banks would mangle it
        {"bin": "970436", "account": "1", "purpose": "x" * 26},
    ],
)
def test_it_refuses_what_a_bank_cannot_carry(bad: dict[str, object]) -> None:
    with pytest.raises(vietqr.VietQRError):
        vietqr.payload(**bad)


# --- the reference -----------------------------------------------------------------------------


def test_the_reference_names_the_member_and_months_in_21_ascii_characters() -> None:
    ref = transfer_reference.make(36**3 - 1, dt.date(2026, 1, 1), dt.date(2026, 3, 1))  # the member: "000ZZZ"
    assert ref.text.isascii() and len(ref.text) == 21
    assert ref.text.startswith("DP 000ZZZ 0126 0326 ")
    assert transfer_reference.find(ref.text) == ref


@pytest.mark.parametrize(
    "as_the_bank_wrote_it",
    [
        "MBVCB.4530998360.029552.{c}.CT tu 0351000646393 NGUYEN VAN AN toi 1018795282",
        "{lower} chuyen tien",
        "IBFT {nospace}",
        "NGUYEN VAN AN chuyen khoan {dots}",
    ],
)
def test_the_reference_is_read_back_whatever_the_bank_did_to_it(as_the_bank_wrote_it: str) -> None:
    ref = transfer_reference.make(4242, dt.date(2026, 10, 1), dt.date(2026, 12, 1))
    text = as_the_bank_wrote_it.format(c=ref.text, lower=ref.text.lower(), nospace=ref.compact, dots=ref.text.replace(" ", "."))
    assert transfer_reference.find(text) == ref


def test_a_mangled_reference_is_never_read_as_another_member() -> None:
    ref = transfer_reference.make(4242, dt.date(2026, 10, 1), dt.date(2026, 12, 1))
    compact = ref.compact
    changed = compact[:5] + ("0" if compact[5] != "0" else "1") + compact[6:]
    swapped = compact[:4] + compact[5] + compact[4] + compact[6:]
    assert compact[4] != compact[5]
    assert transfer_reference.find(changed) is None
    assert transfer_reference.find(swapped) is None
    assert transfer_reference.find(compact[:-3]) is None  # cut short by the bank


# --- the member's page and image ---------------------------------------------------------------


def _account(org, bin_: str = "970436", number: str = "0071000123456", on: dt.date = dt.date(2026, 1, 1)) -> CollectingAccount:
    return bank_services.collecting_account_set(
        actor=None, organization=org, bank=Bank.objects.get(bin=bin_), account_number=number, holder_name="CHI BO THON DONG", valid_from=on
    )


def _own_member(tree: Tree, people: Personas) -> Member:
    member = member_with_base(tree.X1)  # 50,000 đ a month
    Member.objects.filter(pk=member.pk).update(user=people.member)
    open_months(tree.X1, months.add(THIS_MONTH, -2), THIS_MONTH)
    return member


def _decode(png: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return found[0].text


def test_the_members_code_decodes_to_their_transfer(tree: Tree, people: Personas) -> None:
    member = _own_member(tree, people)
    _account(tree.G1)  # the grassroots committee collects for its cells
    response = client_for(people.member).get("/dues/me/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    text = _decode(response.content)
    decoded = vietqr.decode(text)  # the CRC holds
    assert (decoded.bin, decoded.account, decoded.service) == ("970436", "0071000123456", "QRIBFTTA")
    assert decoded.amount == 150_000  # three months of 50,000 đ
    ref = transfer_reference.find(decoded.purpose)
    assert ref == transfer_reference.make(member.pk, months.add(THIS_MONTH, -2), THIS_MONTH)
    root = vietqr.fields(text)
    assert (root["00"], root["01"], root["53"], root["58"]) == ("01", "12", "704", "VN")


def test_the_my_dues_page_shows_the_code_and_what_to_type_by_hand(tree: Tree, people: Personas) -> None:
    _own_member(tree, people)
    _account(tree.X1, bin_="970405", number="1500205123456")
    page = client_for(people.member, "vi").get("/dues/me/").content.decode()
    assert 'data-testid="dues-qr"' in page and "<svg" in page and "Agribank" in page and "1500205123456" in page
    assert "150.000 đ" in page  # Vietnamese thousands
    assert "style=" not in page.split('data-testid="dues-qr"')[1].split("</figure>")[0]  # the CSP forbids inline styles


def test_nothing_owed_or_no_account_shows_no_code(tree: Tree, people: Personas) -> None:
    member = _own_member(tree, people)
    client = client_for(people.member)
    page = client.get("/dues/me/").content.decode()
    assert 'data-testid="dues-qr"' not in page and client.get("/dues/me/qr.png").status_code == 404  # no account yet
    _account(tree.X1)
    from .dues_factories import pay

    pay(member, THIS_MONTH, 150_000, TODAY)
    page = client.get("/dues/me/").content.decode()
    assert 'data-testid="dues-qr"' not in page and "Nothing owed now" in page
    assert client.get("/dues/me/qr.png").status_code == 404


def test_only_the_member_gets_their_own_code(tree: Tree, people: Personas) -> None:
    _own_member(tree, people)
    _account(tree.X1)
    # The cell's secretary has no member record of their own: no code, not the member's.
    assert client_for(people.cell_secretary).get("/dues/me/qr.png").status_code == 404
    assert client_for(None).get("/dues/me/qr.png").status_code == 302  # to the login page


def test_the_nearest_account_above_a_cell_collects_and_history_is_kept(tree: Tree) -> None:
    _account(tree.C1, number="111111", on=dt.date(2026, 1, 1))
    assert transfers.collecting_account(tree.X1, dt.date(2026, 6, 1)).account_number == "111111"
    _account(tree.G1, number="222222", on=dt.date(2026, 5, 1))
    assert transfers.collecting_account(tree.X1, dt.date(2026, 4, 30)).account_number == "111111"
    assert transfers.collecting_account(tree.X1, dt.date(2026, 5, 1)).account_number == "222222"
    _account(tree.G1, number="333333", on=dt.date(2026, 9, 1))
    assert transfers.collecting_account(tree.X2, dt.date(2026, 9, 2)).account_number == "333333"
    assert [a.account_number for a in transfers.accounts_of(tree.G1)] == ["333333", "222222"]
    assert transfers.collecting_account(tree.Y1, dt.date(2026, 9, 2)) is None  # another commune


def test_officers_set_the_account_audited_and_outsiders_get_404(tree: Tree, people: Personas) -> None:
    url = f"/dues/bank/account/{tree.X1.pk}/"
    data = {
        "bank": Bank.objects.get(bin="970418").pk,
        "account_number": "2151 0000 12345",
        "holder_name": "CHI BO THON DONG",
        "valid_from": "01/11/2026",
    }
    assert client_for(people.outsider).get(url).status_code == 404
    assert client_for(people.outsider).post(url, data).status_code == 404
    assert client_for(people.member).post(url, data).status_code == 403  # sees the cell, does not manage its dues
    secretary = client_for(people.cell_secretary)
    assert secretary.post(url, {**data, "account_number": "12"}).status_code == 422
    assert secretary.post(url, data).status_code == 302
    account = CollectingAccount.objects.get(organization=tree.X1)
    assert (account.bank.short_name, account.account_number, account.valid_from) == ("BIDV", "215100001234" + "5", dt.date(2026, 11, 1))
    assert AuditEntry.objects.filter(action="dues.bank_account", object_id=str(account.pk)).exists()
    page = secretary.get(url).content.decode()
    assert 'data-testid="bank-account-row"' in page and "BIDV" in page


# --- the cell's cards --------------------------------------------------------------------------


def test_the_secretary_prints_the_cells_codes_of_the_month(tree: Tree, people: Personas) -> None:
    a, b = member_with_base(tree.X1), member_with_base(tree.X1)
    open_months(tree.X1, THIS_MONTH, THIS_MONTH)
    from .dues_factories import pay

    pay(b, THIS_MONTH, 50_000, TODAY)
    _account(tree.X1)
    url = f"/dues/collect/{tree.X1.pk}/{THIS_MONTH.year}/{THIS_MONTH.month}/qr/"
    page = client_for(people.cell_secretary).get(url).content.decode()
    assert page.count('data-testid="qr-card"') == 2 and page.count('data-testid="dues-qr"') == 1  # b owes nothing
    assert transfer_reference.make(a.pk, THIS_MONTH, THIS_MONTH).text in page
    pdf = client_for(people.cell_secretary).get(url.replace("/qr/", "/qr.pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client_for(people.outsider).get(url).status_code == 404
    assert client_for(people.member).get(url).status_code == 403


# --- the phone app's cash payments ---------------------------------------------------------------


def test_a_cash_payment_sent_later_by_the_app_keeps_its_source_and_records_once(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, THIS_MONTH, THIS_MONTH)
    body = {
        "submission": str(uuid.uuid4()),
        "source": "cash",
        "payments": [{"member_id": member.pk, "month": THIS_MONTH.isoformat(), "amount": 50_000, "paid_on": TODAY.isoformat()}],
    }
    client = client_for(people.cell_secretary)
    first = client.post("/api/dues/payments", body, content_type="application/json")
    again = client.post("/api/dues/payments", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()[0]["source"] == "cash" and again.json() == []
    assert list(Payment.objects.filter(member=member).values_list("source", flat=True)) == ["cash"]
    refused = client.post(
        "/api/dues/payments", {**body, "submission": str(uuid.uuid4()), "source": "bank"}, content_type="application/json"
    )
    assert refused.status_code == 422  # a bank transfer comes from a statement, not from the app
