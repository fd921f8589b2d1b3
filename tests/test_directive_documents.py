"""Documents issued: numbering without gaps (also under concurrent issuing, on PostgreSQL), the
kinds of the rule in force, the chain up and down with its lag, withdrawal and replacement,
the attention line, the full-text search with accents optional on both databases, and the
text of uploaded PDFs."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from partybuilding.core.errors import Refusal
from partybuilding.core.pdf import render_pdf
from partybuilding.directives.choices import DocumentStatus, IssuerBody
from partybuilding.directives.models import Document, Issuer, Recipient
from partybuilding.directives.search import search_documents
from partybuilding.directives.selectors.documents import chain_figures, chain_up, not_concretized, not_concretized_line
from partybuilding.directives.services.document_files import file_add
from partybuilding.directives.services.documents import document_edit, document_register, document_withdraw
from partybuilding.directives.services.issuers import issuer_create, issuer_edit
from partybuilding.organizations.models import Organization

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def issuer(org: Organization, symbol: str = "TU", body: str = IssuerBody.COMMITTEE) -> Issuer:
    return issuer_create(actor=None, organization=org, body=body, name=f"Ban {symbol}", symbol=symbol)


def register(by: Issuer, kind: str = "NQ", date: dt.date = DAY, **fields: Any) -> Document:
    return document_register(actor=None, issuer=by, kind=kind, date=date, title=fields.pop("title", "Nghị quyết"), **fields)


# --- issuers ------------------------------------------------------------------------------------------


def test_a_symbol_names_one_body_of_an_organization(tree: Any) -> None:
    issuer(tree.P, "TU")
    with pytest.raises(Refusal, match="already that of") as refused:
        issuer(tree.P, "TU", IssuerBody.STANDING)
    assert refused.value.field == "symbol"
    issuer(tree.C1, "TU")  # another organization may use it


def test_the_symbol_stays_once_the_issuer_has_numbered_documents(tree: Any) -> None:
    tu = issuer(tree.P)
    issuer_edit(actor=None, issuer=tu, body=tu.body, name=tu.name, symbol="TUX", active=True)
    register(tu)
    with pytest.raises(Refusal, match="the symbol stays"):
        issuer_edit(actor=None, issuer=tu, body=tu.body, name=tu.name, symbol="TUY", active=True)
    issuer_edit(actor=None, issuer=tu, body=tu.body, name=tu.name, symbol="TUX", active=False)
    with pytest.raises(Refusal, match="no longer issues"):
        register(tu)


# --- numbering ------------------------------------------------------------------------------------------


def test_numbers_are_consecutive_per_issuer_kind_and_year(tree: Any) -> None:
    tu, btc = issuer(tree.P, "TU"), issuer(tree.P, "BTCTU", IssuerBody.ORGANIZING)
    assert [register(tu).number for _ in range(3)] == ["1-NQ/TU", "2-NQ/TU", "3-NQ/TU"]
    assert register(tu, "CT").number == "1-CT/TU"  # each kind its own
    assert register(btc).number == "1-NQ/BTCTU"  # each issuer its own
    assert register(tu, date=dt.date(2025, 12, 30)).number == "1-NQ/TU"  # each year its own
    assert register(tu, date=dt.date(2026, 1, 2)).number == "4-NQ/TU"


def test_a_refused_registration_leaves_no_gap(tree: Any) -> None:
    tu = issuer(tree.P)
    register(tu)
    with pytest.raises(Refusal):
        register(tu, recipients=[tree.P])  # not under the issuer: its own organization
    assert register(tu).sequence == 2


def test_a_kind_outside_the_rule_in_force_is_refused_with_its_citation(tree: Any) -> None:
    with pytest.raises(Refusal, match="not a kind of document") as refused:
        register(issuer(tree.P), "XYZ")
    assert "66-QĐ/TW" in refused.value.rule
    assert refused.value.field == "kind"


def test_a_document_is_registered_once_issued(tree: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(Refusal, match="in the future"):
        register(issuer(tree.P), date=tomorrow)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_consecutive_numbers(tree: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: the race needs PostgreSQL's row locks")
    tu = issuer(tree.P)
    start, numbers, errors = threading.Barrier(4), [], []

    def issue() -> None:
        try:
            start.wait()
            numbers.append(register(Issuer.objects.get(pk=tu.pk)).sequence)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]


# --- recipients, the chain up and down -------------------------------------------------------------------


def test_recipients_are_under_the_issuer(tree: Any) -> None:
    with pytest.raises(Refusal, match="is not under") as refused:
        register(issuer(tree.C1, "ĐU"), recipients=[tree.Y1])
    assert refused.value.field == "recipients"
    document = register(issuer(tree.P), recipients_kind="cell")
    assert set(document.recipients.values_list("organization__code", flat=True)) == {"X1", "X2", "Y1"}


def test_a_lower_document_concretizes_the_higher_one_and_the_chain_reads_both_ways(tree: Any, people: Any) -> None:
    province = register(issuer(tree.P), recipients=[tree.C1, tree.C2], expects_concretization=True, date=dt.date(2026, 3, 2))
    commune = register(issuer(tree.C1, "ĐU"), implements=province, date=dt.date(2026, 3, 20), recipients=[tree.G1], expects_concretization=True)  # fmt: skip
    register(issuer(tree.C1, "BTG"), implements=province, date=dt.date(2026, 3, 25))  # later: the first one counts
    school = register(issuer(tree.G1, "ĐU"), implements=commune, date=dt.date(2026, 4, 1))
    row = Recipient.objects.get(document=province, organization=tree.C1)
    assert (row.concretized_by, row.concretized_on) == (commune, dt.date(2026, 3, 20))
    assert Recipient.objects.get(document=province, organization=tree.C2).concretized_by is None
    assert chain_up(people.superuser, school) == [commune, province]
    figures = chain_figures(people.superuser, province, dt.date(2026, 5, 1))
    assert (figures.recipients, figures.concretized, figures.waiting, figures.late) == (2, 1, 1, 1)


def test_the_higher_document_is_above_the_issuer(tree: Any) -> None:
    commune = register(issuer(tree.C1, "ĐU"))
    with pytest.raises(Refusal, match="not issued above"):
        register(issuer(tree.C2, "ĐU"), implements=commune)
    with pytest.raises(Refusal, match="not both"):
        register(issuer(tree.X1, "CB"), implements=commune, implements_reference="57-NQ/TW")


def test_replacing_and_withdrawing(tree: Any) -> None:
    tu = issuer(tree.P)
    old = register(tu, recipients=[tree.C1], expects_concretization=True)
    new = register(tu, replaces=old, date=dt.date(2026, 4, 1))
    assert Document.objects.get(pk=old.pk).status == DocumentStatus.REPLACED
    lower = register(issuer(tree.C1, "ĐU"), implements=old, date=dt.date(2026, 3, 10))
    with pytest.raises(Refusal, match="Say why"):
        document_withdraw(actor=None, document=lower, reason=" ")
    document_withdraw(actor=None, document=lower, reason="Ban hành nhầm")
    assert Recipient.objects.get(document=old).concretized_by is None  # waits for another lower document
    document_withdraw(actor=None, document=new, reason="Sai thẩm quyền")
    assert Document.objects.get(pk=old.pk).status == DocumentStatus.IN_FORCE
    assert register(tu).sequence == 3  # the withdrawn numbers stay used
    with pytest.raises(Refusal, match="withdrawn document is not changed"):
        document_edit(actor=None, document=Document.objects.get(pk=new.pk), signer="", summary="", text="")


def test_an_edit_keeps_the_number_and_refuses_a_stale_version(tree: Any) -> None:
    from partybuilding.core.errors import ConcurrentEdit

    document = register(issuer(tree.P))
    version = document.version
    document_edit(actor=None, document=document, signer="Bí thư", summary="Tóm tắt", text="Toàn văn", add_recipients=[tree.X1], expected_version=version)  # fmt: skip
    document.refresh_from_db()
    assert (document.number, document.signer, list(document.recipients.values_list("organization__code", flat=True))) == ("1-NQ/TU", "Bí thư", ["X1"])  # fmt: skip
    with pytest.raises(ConcurrentEdit):
        document_edit(actor=None, document=document, signer="", summary="", text="", expected_version=version)


# --- the attention line -------------------------------------------------------------------------------------


def test_recipients_late_to_concretize_are_on_the_attention_list(tree: Any, people: Any) -> None:
    issued = dt.date(2026, 3, 2)
    province = register(issuer(tree.P), recipients=[tree.C1, tree.X1], expects_concretization=True, date=issued)
    register(issuer(tree.P, "BTCTU", IssuerBody.ORGANIZING), recipients=[tree.C1], date=issued)  # asks for nothing
    day_30, day_31 = issued + dt.timedelta(days=30), issued + dt.timedelta(days=31)
    assert not_concretized(tree.P, day_30).count() == 0  # within the 30 days of the rule
    assert {r.organization.code for r in not_concretized(tree.P, day_31)} == {"C1", "X1"}
    assert [r.organization.code for r in not_concretized(tree.X1, day_31)] == ["X1"]
    [line] = not_concretized_line(tree.P, day_31, people.provincial_officer)
    assert line.count == 2 and f"within={tree.P.pk}" in line.url
    assert not_concretized_line(tree.P, day_31, people.viewer) == []  # for those who direct
    register(issuer(tree.C1, "ĐU"), implements=province, date=dt.date(2026, 4, 5))
    assert [r.organization.code for r in not_concretized(tree.P, day_31)] == ["X1"]


# --- the search -------------------------------------------------------------------------------------------------


def test_the_search_finds_words_with_or_without_accents(tree: Any) -> None:
    tu = issuer(tree.P)
    wanted = register(tu, title="Nghị quyết về công tác tổ chức xây dựng Đảng", summary="Đẩy mạnh chuyển đổi số")
    register(tu, title="Kế hoạch tuyên truyền", summary="Kỷ niệm ngày thành lập")
    rows = Document.objects.all()
    for query in ("nghi quyet to chuc", "Nghị quyết tổ chức", "dang", "ĐẢNG", "chuyen doi so"):
        assert list(search_documents(rows, query)) == [wanted], query
    assert list(search_documents(rows, "dang hoa")) == []  # every word must be there
    assert list(search_documents(rows, "1-NQ/TU")) == [wanted]


def test_the_text_of_an_uploaded_pdf_is_searched(tree: Any) -> None:
    document = register(issuer(tree.P), title="Quyết định")
    pdf = render_pdf("<p>Phát triển đảng viên ở phường Hạc Thành</p>")
    uploaded = file_add(actor=None, document=document, name="qd.pdf", content=pdf)
    assert uploaded.readable and "Hạc Thành" in uploaded.file.text
    assert list(search_documents(Document.objects.all(), "hac thanh")) == [document]
    document.refresh_from_db()
    assert "hac thanh" in document.search_folded


def test_an_unreadable_pdf_is_kept_without_text_and_other_files_are_refused(tree: Any) -> None:
    document = register(issuer(tree.P))
    uploaded = file_add(actor=None, document=document, name="scan", content=b"%PDF-1.4 damaged")
    assert not uploaded.readable and uploaded.file.text == "" and uploaded.file.name == "scan.pdf"
    with pytest.raises(Refusal, match="PDF files"):
        file_add(actor=None, document=document, name="x.html", content=b"<html><script>")


def test_the_postgresql_search_uses_the_index(tree: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the full-text index exists on PostgreSQL only")
    tu = issuer(tree.P)
    Document.objects.bulk_create(
        Document(
            issuer=tu,
            organization=tree.P,
            org_path=tree.P.path,
            kind="CV",
            year=2025,
            sequence=n,
            number=f"{n}-CV/TU",
            date=dt.date(2025, 1, 1),
            title=f"Công văn số {n} về việc thường xuyên",
        )
        for n in range(1, 4001)
    )
    register(tu, title="Nghị quyết hiếm gặp về khu bảo tồn")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directives_document")
        # a few thousand rows are read faster than an index: ask whether the index can answer
        cursor.execute("SET LOCAL enable_seqscan = off")
    query = search_documents(Document.objects.all(), "khu bao ton")
    plan = query.explain()
    assert "document_fts_idx" in plan, plan
    assert [d.title for d in query] == ["Nghị quyết hiếm gặp về khu bảo tồn"]
