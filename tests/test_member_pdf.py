"""PDF exports: a member's record and the dashboard, read back with pdftotext to check that
the Vietnamese text and the dd/mm/yyyy dates survive; who may print what."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import Any

import pytest
from django.utils import timezone

from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.members.lifecycle.services import member_exempt

from .conftest import MEMBER_READERS, SCOPES, Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert content.startswith(b"%PDF-")
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True, timeout=60)
    return done.stdout.decode()


def get_pdf(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    return pdf_text(response.content)


def test_a_record_prints_with_its_vietnamese_text_and_dates(tree: Tree, people: Personas) -> None:
    member = make_member(
        tree.X1, family_name="Nguyễn", middle_name="Thị", given_name="Ánh", gender="F", date_of_birth=dt.date(1984, 5, 17),
        admitted=dt.date(2010, 3, 3), official=dt.date(2011, 3, 3), home_town="Xã Hòa Lạc, tỉnh Thử Nghiệm", card="79012345",
    )  # fmt: skip
    member_exempt(actor=None, member=member, date=dt.date(2025, 9, 1), decision=Decision(number="4-QĐ/ĐU", date=dt.date(2025, 8, 29)))
    text = get_pdf(client_for(people.cell_secretary), f"/members/{member.pk}/record.pdf")
    for expected in ["Nguyễn Thị Ánh", "Chi bộ Thôn Đông", "ĐẢNG BỘ TRƯỜNG THPT NGUYỄN HUỆ", "Xã Hòa Lạc, tỉnh Thử Nghiệm", "79••••45"]:
        assert expected in text
    assert "79012345" not in text  # identifiers masked unless asked for
    for day in ["17/05/1984", "03/03/2010", "03/03/2011", "01/09/2025", "29/08/2025", timezone.localdate().strftime("%d/%m/%Y")]:
        assert day in text
    assert "4-QĐ/ĐU" in text
    assert "Page 1 / " in text  # numbered pages, the organization's name on each
    # The timeline reads oldest first, as a record does.
    assert text.index("03/03/2010") < text.index("01/09/2025")


def test_printing_a_record_is_audited_as_reading_it(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client_for(people.commune_officer).get(f"/members/{member.pk}/record.pdf")
    entry = AuditEntry.objects.filter(action="member.export_pdf").get()
    assert (entry.actor, entry.object_type, entry.object_id) == (people.commune_officer, "members.member", str(member.pk))


def test_a_record_outside_the_scope_is_missing(tree: Tree, people: Personas) -> None:
    member = make_member(tree.Y1)
    assert client_for(people.commune_officer).get(f"/members/{member.pk}/record.pdf").status_code == 404
    assert client_for(people.cell_secretary).get(f"/members/{make_member(tree.X2).pk}/record.pdf").status_code == 404
    assert AuditEntry.objects.filter(action="member.export_pdf").count() == 0


def test_a_member_prints_their_own_record_and_no_one_elses(tree: Tree, people: Personas) -> None:
    own = make_member(tree.X1, given_name="Chính")
    own.user = people.member
    own.save(update_fields=["user"])
    client = client_for(people.member)
    assert "Nguyễn Văn Chính" in get_pdf(client, f"/members/{own.pk}/record.pdf")
    assert client.get(f"/members/{make_member(tree.X1).pk}/record.pdf").status_code == 404


def test_the_record_page_links_to_its_pdf(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    page = client_for(people.cell_secretary).get(f"/members/{member.pk}/").content.decode()
    assert f'href="/members/{member.pk}/record.pdf"' in page


def test_the_dashboard_prints_with_its_charts(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, family_name="Trần", given_name="Bình", gender="F")
    make_member(tree.X2, ethnicity="02")
    make_member(tree.Y1)  # another commune
    text = get_pdf(client_for(people.commune_officer), "/members/dashboard.pdf")
    assert "Đảng bộ xã An Bình" in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text
    assert "Members in the list" in text
    # Chart text is drawn, so it reads back: the legend of the gender ring, an ethnicity bar.
    assert "1 · 50%" in text
    assert "Tày" in text
    assert "Needs attention" in text


def test_the_dashboard_prints_in_vietnamese(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, ethnicity="02", date_of_birth=dt.date(1990, 2, 1))
    make_member(tree.X2, ethnicity="01", date_of_birth=dt.date(1970, 2, 1))
    text = get_pdf(client_for(people.commune_officer, language="vi"), "/members/dashboard.pdf")
    assert "Đảng bộ xã An Bình" in text and "Tày" in text and "Kinh" in text


def test_a_plain_member_prints_the_organization_figures_only(tree: Tree, people: Personas) -> None:
    make_member(tree.X1)
    text = get_pdf(client_for(people.member), "/members/dashboard.pdf")
    assert "Chi bộ Thôn Đông" in text  # the scope of the member role
    assert "Members in the list" not in text


# --- permission expectations of these pages (the matrix of tests/test_permission_matrix.py) ---


@pytest.mark.parametrize("persona", [*SCOPES, "superuser"])
def test_everyone_with_a_scope_prints_the_dashboard(world: dict[str, Any], persona: str) -> None:
    response = client_for(getattr(world["people"], persona)).get("/members/dashboard.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("persona", list(SCOPES))
@pytest.mark.parametrize("where", ["in", "out"])
def test_record_pdf_permissions(world: dict[str, Any], persona: str, where: str) -> None:
    inside, outside = SCOPES[persona]
    member = make_member(world["orgs"][inside if where == "in" else outside])
    status = client_for(getattr(world["people"], persona)).get(f"/members/{member.pk}/record.pdf").status_code
    assert status == (200 if where == "in" and persona in MEMBER_READERS else 404)


def test_anonymous_users_are_sent_to_the_login_page(tree: Tree) -> None:
    member = make_member(tree.X1)
    for url in ["/members/dashboard.pdf", f"/members/{member.pk}/record.pdf"]:
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_user_without_a_scope_has_no_dashboard_to_print(db: Any) -> None:
    from .conftest import make_user

    assert client_for(make_user("moi")).get("/members/dashboard.pdf").status_code == 404


def test_a_record_prints_its_identifiers_in_full_only_when_asked_by_who_may(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, card="79012346", citizen_id="001084012346")
    text = get_pdf(client_for(people.cell_secretary), f"/members/{member.pk}/record.pdf?full_ids=1")
    assert "79012346" in text and "001084012346" in text
    entry = AuditEntry.objects.filter(action="member.export_pdf", object_id=str(member.pk)).get()
    assert (entry.actor, entry.after) == (people.cell_secretary, {"full_ids": True})
    refused = client_for(people.viewer).get(f"/members/{member.pk}/record.pdf?full_ids=1")  # reads members, manages none
    assert refused.status_code == 403 and b"001084012346" not in refused.content
    assert "0010•••••346" in get_pdf(client_for(people.viewer), f"/members/{member.pk}/record.pdf")
