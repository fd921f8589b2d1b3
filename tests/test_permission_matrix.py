"""Every page and API endpoint × every persona × an organization in and out of scope.

Out of scope answers 404, exactly like a missing object; in scope but not allowed
answers 403; anonymous users are sent to the login page (pages) or get 401 (API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partybuilding.organizations.choices import OrgKind

from .conftest import Personas, Tree, client_for, make_org

pytestmark = pytest.mark.django_db

MANAGERS = {"admin", "provincial_officer", "commune_officer", "outsider", "superuser"}
ADMINS = {"admin", "superuser"}
# Member records are personal data: seen by the roles that work with members.
MEMBER_READERS = {"admin", "provincial_officer", "viewer", "commune_officer", "cell_secretary", "outsider"}
MEMBER_WRITERS = {"admin", "provincial_officer", "commune_officer", "cell_secretary", "outsider"}

# (persona, organization code inside its scope, organization code outside it)
SCOPES = {
    "admin": ("X1", "Q1"),
    "provincial_officer": ("X1", "Q1"),
    "viewer": ("X1", "Q1"),
    "commune_officer": ("X1", "Y1"),
    "cell_secretary": ("X1", "X2"),
    "member": ("X1", "Y1"),
    "outsider": ("Y1", "X1"),
}

# (name, method, url with {pk}, who may do it when in scope: None = everyone with a role)
ORG_PAGES: list[tuple[str, str, str, set[str] | None]] = [
    ("organization page", "get", "/organizations/{pk}/", None),
    ("tree fragment", "get", "/organizations/{pk}/children/", None),
    ("rename form", "get", "/organizations/{pk}/rename/", MANAGERS),
    ("move form", "get", "/organizations/{pk}/move/", MANAGERS),
    ("merge form", "get", "/organizations/{pk}/merge/", MANAGERS),
    ("split form", "get", "/organizations/{pk}/split/", MANAGERS),
    ("dissolve form", "get", "/organizations/{pk}/dissolve/", MANAGERS),
    ("new sub-organization", "get", "/organizations/{pk}/new/", MANAGERS),
    ("new term", "get", "/organizations/{pk}/terms/new/", MANAGERS),
    ("rename (post)", "post", "/organizations/{pk}/rename/", MANAGERS),
    ("audit log of the organization", "get", "/audit/organizations.organization/{pk}/", ADMINS),
    ("make it the working scope", "post", "/accounts/scope/", None),
    ("API: organization", "get", "/api/organizations/{pk}", None),
    ("API: children", "get", "/api/organizations/{pk}/children", None),
    ("API: history", "get", "/api/organizations/{pk}/history", None),
    ("API: terms", "get", "/api/organizations/{pk}/terms", None),
    ("API: rename", "post", "/api/organizations/{pk}/rename", MANAGERS),
    ("API: dissolve", "post", "/api/organizations/{pk}/dissolve", MANAGERS),
    # Figures about members and candidates: for the roles that work with members.
    ("members on a date", "get", "/members/?within={pk}&on=01/01/2026", None),  # others see an empty list
    ("API: member figures", "get", "/api/members/dashboard/{pk}", MEMBER_READERS),
    ("API: size-rule warnings", "get", "/api/members/committees/warnings/{pk}", MEMBER_READERS),
    ("admission board", "get", "/admissions/board/?within={pk}", MEMBER_READERS),
    ("admission report", "get", "/admissions/report/?within={pk}", MEMBER_READERS),
    ("API: admission board", "get", "/api/admissions/board/{pk}", MEMBER_READERS),
    ("API: admission report", "get", "/api/admissions/report/{pk}?from_year=2024&to_year=2026", MEMBER_READERS),
    # Targets are not personal data.
    ("admission targets", "get", "/admissions/targets/{pk}/", None),
    ("API: admission targets", "get", "/api/admissions/targets/{pk}?year=2026", None),
    # Meetings: attendance is personal data; planning is for the roles that manage members.
    ("meetings of the organization", "get", "/meetings/?within={pk}", None),  # others see an empty list
    ("plan a meeting", "get", "/meetings/plan/{pk}/", MEMBER_WRITERS),
    ("what is missing in meetings", "get", "/meetings/missing/?within={pk}", MEMBER_READERS),
    ("what is missing, Excel", "get", "/meetings/missing.xlsx?within={pk}&what=unexcused", MEMBER_READERS),
    ("API: what is missing in meetings", "get", "/api/meetings/missing/{pk}", MEMBER_READERS),
    ("dues collection", "get", "/dues/collect/{pk}/2026/1/", MEMBER_WRITERS),
    ("charge a month of dues", "post", "/dues/collect/{pk}/2026/1/open/", MEMBER_WRITERS),
    ("dues arrears", "get", "/dues/?within={pk}", MEMBER_READERS),
    ("dues arrears export", "get", "/dues/arrears.xlsx?within={pk}", MEMBER_READERS),
    ("dues report", "get", "/dues/report/?within={pk}", MEMBER_READERS),
    ("dues report export", "get", "/dues/report.xlsx?within={pk}", MEMBER_READERS),
    ("fixed dues amounts", "get", "/dues/fixed/?within={pk}", None),
    ("API: dues arrears", "get", "/api/dues/arrears/{pk}", MEMBER_READERS),
    ("API: dues report", "get", "/api/dues/report/{pk}?first=2026-01-01&last=2026-03-01", MEMBER_READERS),
    ("API: charge a month of dues", "post", "/api/dues/open/{pk}?month=2026-01-01", MEMBER_WRITERS),
]

# Pages that are not about one organization: (name, url, who gets 200; others get `denied`).
PLAIN_PAGES: list[tuple[str, str, set[str] | None, int]] = [
    ("dashboard", "/", None, 200),
    ("tree", "/organizations/", None, 200),
    ("search", "/organizations/?q=thon", None, 200),
    ("past tree", "/organizations/?on=01/01/2025", None, 200),
    ("export", "/organizations/export.xlsx", None, 200),
    ("rules", "/rules/", None, 200),
    ("API tokens", "/accounts/tokens/", None, 200),
    ("background jobs (one's own)", "/jobs/", None, 200),
    ("roles", "/accounts/roles/", ADMINS, 403),
    ("whole audit log", "/audit/", {"superuser"}, 404),
    ("API: list", "/api/organizations", None, 200),
    ("API: rules", "/api/rules", None, 200),
    # Member and candidate lists show a plain member nothing (their own record is at /members/me/).
    ("member list", "/members/", None, 200),
    ("member list export", "/members/export.xlsx", None, 200),
    ("my record", "/members/me/", None, 200),
    ("dashboard as PDF", "/members/dashboard.pdf", None, 200),
    ("transfer letters", "/members/transfers/", None, 200),
    ("transfer letters export", "/members/transfers/export.xlsx", None, 200),
    ("badges due", "/members/badges/", None, 200),
    ("badges due export", "/members/badges/export.xlsx", None, 200),
    ("candidates", "/admissions/", None, 200),
    ("API: members", "/api/members", None, 200),
    ("API: candidates", "/api/admissions/candidates", None, 200),
    ("API: transfer letters", "/api/members/transfers", None, 200),
    ("API: badges due", "/api/members/badges/due", None, 200),
    ("committee warnings", "/members/committees/warnings/", MEMBER_READERS | {"superuser"}, 403),
    ("admission report export", "/admissions/report.xlsx", MEMBER_READERS | {"superuser"}, 403),
    ("new member form", "/members/new/", MEMBER_WRITERS | {"superuser"}, 403),
    ("arrival from outside the system", "/members/transfers/arrival/", MEMBER_WRITERS | {"superuser"}, 403),
    ("member import", "/members/import/", MEMBER_WRITERS | {"superuser"}, 403),
    ("member import template", "/members/import/template.xlsx", MEMBER_WRITERS | {"superuser"}, 403),
    ("new candidate form", "/admissions/new/", MEMBER_WRITERS | {"superuser"}, 403),
    ("candidate import", "/admissions/import/", MEMBER_WRITERS | {"superuser"}, 403),
    ("dashboard attention list", "/members/attention/", MEMBER_READERS | {"superuser"}, 403),
    ("meetings", "/meetings/", None, 200),
    ("meetings export", "/meetings/export.xlsx", None, 200),
    ("my cell's meetings", "/meetings/mine/", None, 200),
    ("scoring schemes", "/meetings/schemes/", None, 200),
    ("API: meetings", "/api/meetings", None, 200),
    ("my dues", "/dues/me/", None, 200),
    ("dues arrears of the scope", "/dues/", MEMBER_READERS | {"superuser"}, 302),  # a plain member goes to their own account
    ("dues report of the scope", "/dues/report/", MEMBER_READERS | {"superuser"}, 403),
    ("dues payment import", "/dues/import/", MEMBER_WRITERS | {"superuser"}, 403),
    ("dues payment import template", "/dues/import/template.xlsx", MEMBER_WRITERS | {"superuser"}, 403),
]


@pytest.fixture
def world(tree: Tree, people: Personas) -> dict[str, Any]:
    province = make_org(None, "Q", "Đảng bộ tỉnh Bên Cạnh", OrgKind.PROVINCE, dt.date(2000, 1, 1))
    commune = make_org(province, "QC", "Đảng bộ xã Bên Cạnh", OrgKind.COMMUNE)
    grassroots = make_org(commune, "QG", "Đảng bộ cơ sở Bên Cạnh", OrgKind.GRASSROOTS_COMMITTEE)
    make_org(grassroots, "Q1", "Chi bộ Bên Cạnh", OrgKind.CELL)
    return {"tree": tree, "people": people, "orgs": {o.code: o for o in tree.P.__class__.objects.all()}}


def request(client: Any, method: str, url: str, pk: int) -> int:
    target = url.format(pk=pk)
    if method == "get":
        return client.get(target).status_code
    if target.startswith("/api/"):
        body = {"date": "2025-09-01", "decision_number": "5-QĐ", "decision_date": "2025-08-30", "name": "Tên mới"}
        return client.post(target, body, content_type="application/json").status_code
    body = {
        "organization": pk,
        "name": "Tên mới",
        "date": "01/09/2025",
        "decision_number": "5",
        "decision_date": "30/08/2025",
        "version": 1,
    }
    status = client.post(target, body).status_code
    return 200 if status == 302 else status


CASES = [
    pytest.param(persona, where, name, method, url, allowed, id=f"{persona}-{where}-{name}")
    for persona in SCOPES
    for where in ("in", "out")
    for name, method, url, allowed in ORG_PAGES
]


@pytest.mark.parametrize(("persona", "where", "name", "method", "url", "allowed"), CASES)
def test_organization_pages(
    world: dict[str, Any], persona: str, where: str, name: str, method: str, url: str, allowed: set[str] | None
) -> None:
    inside, outside = SCOPES[persona]
    org = world["orgs"][inside if where == "in" else outside]
    client = client_for(getattr(world["people"], persona))
    if where == "out":
        expected = 404
    elif allowed is None or persona in allowed:
        expected = 200
    else:
        expected = 404 if "audit" in url else 403
    assert request(client, method, url, org.pk) == expected


@pytest.mark.parametrize("persona", [*SCOPES, "superuser"])
@pytest.mark.parametrize(("name", "url", "allowed", "denied"), [pytest.param(*p, id=p[0]) for p in PLAIN_PAGES])
def test_plain_pages(world: dict[str, Any], persona: str, name: str, url: str, allowed: set[str] | None, denied: int) -> None:
    client = client_for(getattr(world["people"], persona))
    expected = 200 if allowed is None or persona in allowed else denied
    assert client.get(url).status_code == expected


def test_the_superuser_reaches_every_organization(world: dict[str, Any]) -> None:
    client = client_for(world["people"].superuser)
    for org in world["orgs"].values():
        assert client.get(f"/organizations/{org.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/", "/organizations/", "/rules/", "/accounts/roles/", "/organizations/1/"])
def test_anonymous_users_are_sent_to_the_login_page(world: dict[str, Any], url: str) -> None:
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/api/organizations", "/api/rules", "/api/organizations/1"])
def test_anonymous_api_calls_are_refused(world: dict[str, Any], url: str) -> None:
    assert client_for(None).get(url).status_code == 401


@pytest.mark.parametrize("persona", ["admin", "provincial_officer", "viewer", "member"])
def test_django_admin_is_for_superusers_only(world: dict[str, Any], persona: str) -> None:
    user = getattr(world["people"], persona)
    user.is_staff = True
    user.save()
    assert client_for(user).get("/admin/").status_code == 302
    assert client_for(world["people"].superuser).get("/admin/").status_code == 200


def test_lists_show_only_what_the_scope_covers(world: dict[str, Any]) -> None:
    people = world["people"]
    codes = [o["code"] for o in client_for(people.commune_officer).get("/api/organizations").json()["items"]]
    assert codes == ["C1", "G1", "X1", "X2"]
    page = client_for(people.outsider).get("/organizations/?q=chi bo").content.decode()
    assert "Chi bộ Ấp Một" in page
    assert "Chi bộ Thôn Đông" not in page


def test_a_plain_member_lists_no_member_and_no_candidate(world: dict[str, Any]) -> None:
    from .admissions_factories import make_candidate
    from .members_factories import make_member

    make_member(world["orgs"]["X1"], family_name="Hà", middle_name="Văn", given_name="Khải")
    make_candidate(world["orgs"]["X1"], family_name="Hà", middle_name="Thị", given_name="Loan")
    people = world["people"]
    for persona, sees in ((people.member, False), (people.cell_secretary, True)):
        client = client_for(persona)
        assert ("Hà Văn Khải" in client.get("/members/").content.decode()) is sees
        assert ("Hà Thị Loan" in client.get("/admissions/").content.decode()) is sees


# --- member records: personal data, seen by roles that work with members -----------------

MEMBER_PAGES: list[tuple[str, str, set[str]]] = [
    ("record", "/members/{pk}/", MEMBER_READERS),
    ("API: record", "/api/members/{pk}", MEMBER_READERS),
    ("API: timeline", "/api/members/{pk}/events", MEMBER_READERS),
    ("correct the record", "/members/{pk}/edit/", MEMBER_WRITERS),
    ("exempt form", "/members/{pk}/exempt/", MEMBER_WRITERS),
    ("transfer form", "/members/{pk}/transfer/", MEMBER_WRITERS),
    ("removal form", "/members/{pk}/remove/", MEMBER_WRITERS),
    ("record as PDF", "/members/{pk}/record.pdf", MEMBER_READERS),
    ("letters, badges and roles of the record", "/members/transfers/member/{pk}/", MEMBER_READERS),
    ("transfer letter form", "/members/transfers/new/{pk}/", MEMBER_WRITERS),
    ("badge award form", "/members/badges/award/{pk}/", MEMBER_WRITERS),
    ("API: badges of the member", "/api/members/badges/of/{pk}", MEMBER_READERS),
    ("dues account", "/dues/member/{pk}/", MEMBER_READERS),
    ("API: dues account", "/api/dues/members/{pk}", MEMBER_READERS),
]


@pytest.mark.parametrize("persona", list(SCOPES))
@pytest.mark.parametrize("where", ["in", "out"])
@pytest.mark.parametrize(("name", "url", "allowed"), [pytest.param(*p, id=p[0]) for p in MEMBER_PAGES])
def test_member_pages(world: dict[str, Any], persona: str, where: str, name: str, url: str, allowed: set[str]) -> None:
    from .members_factories import make_member

    inside, outside = SCOPES[persona]
    member = make_member(world["orgs"][inside if where == "in" else outside])
    status = client_for(getattr(world["people"], persona)).get(url.format(pk=member.pk)).status_code
    if where == "out" or persona not in MEMBER_READERS:
        expected = 404
    else:
        expected = 200 if persona in allowed else 403
    assert status == expected


# --- admission candidates: personal data too ---------------------------------------------

CANDIDATE_PAGES: list[tuple[str, str, set[str]]] = [
    ("candidate", "/admissions/{pk}/", MEMBER_READERS),
    ("correct the candidate", "/admissions/{pk}/edit/", MEMBER_WRITERS),
    ("next step form", "/admissions/{pk}/course/", MEMBER_WRITERS),
    ("API: candidate", "/api/admissions/candidates/{pk}", MEMBER_READERS),
    ("API: candidate's steps", "/api/admissions/candidates/{pk}/steps", MEMBER_READERS),
]


@pytest.mark.parametrize("persona", list(SCOPES))
@pytest.mark.parametrize("where", ["in", "out"])
@pytest.mark.parametrize(("name", "url", "allowed"), [pytest.param(*p, id=p[0]) for p in CANDIDATE_PAGES])
def test_candidate_pages(world: dict[str, Any], persona: str, where: str, name: str, url: str, allowed: set[str]) -> None:
    from .admissions_factories import make_candidate

    inside, outside = SCOPES[persona]
    candidate = make_candidate(world["orgs"][inside if where == "in" else outside])
    status = client_for(getattr(world["people"], persona)).get(url.format(pk=candidate.pk)).status_code
    if where == "out" or persona not in MEMBER_READERS:
        expected = 404
    else:
        expected = 200 if persona in allowed else 403
    assert status == expected
