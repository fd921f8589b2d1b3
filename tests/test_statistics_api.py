"""The statistics API: the forms and their versions; a form counted for a node and a period
with the pages' parameters (figures as numbers, averages and percents as exact decimal
text); the members or organizations behind a figure, by page, the reading audited; a period
that cannot be read answered 422 with the pages' message; the consistency check started and
followed through the API; the scope (404) and the right to see members (403)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partybuilding.core.models import AuditEntry

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tree: Tree) -> list[Any]:
    """Four members in the list since 2010: two in X1 (one a woman born in 1970), one in X2, one in Y1."""
    return [
        make_member(tree.X1, family_name="Trần", given_name="Bình", date_of_birth=dt.date(1980, 1, 1)),
        make_member(tree.X1, family_name="Lê", middle_name="Thị", given_name="Hoa", gender="F", date_of_birth=dt.date(1970, 1, 1)),
        make_member(tree.X2, family_name="Phạm", given_name="Cường", date_of_birth=dt.date(1990, 1, 1)),
        make_member(tree.Y1, family_name="Quách", given_name="Dũng", date_of_birth=dt.date(1960, 1, 1)),
    ]


def line(table: dict[str, Any], code: str) -> dict[str, Any]:
    return next(found for found in table["lines"] if found["code"] == code)


def test_the_forms_and_their_versions(people: Personas) -> None:
    forms = client_for(people.viewer).get("/api/statistics/forms").json()
    by_version = {(f["slug"], f["valid_from"]): f for f in forms}
    assert {f["slug"] for f in forms} == {"1", "2", "2b", "3", "4", "5", "7"}
    assert by_version[("1", "2021-12-13")]["valid_to"] == "2025-06-30" and not by_version[("1", "2021-12-13")]["in_force"]
    assert by_version[("1", "2025-07-01")]["in_force"] and by_version[("1", "2025-07-01")]["code"] == "1-BTCTW"
    assert by_version[("3", "2021-12-13")]["in_force"]  # form 3 has not changed


def test_a_form_counted_for_an_organization_and_a_year(tree: Tree, people: Personas, members: list[Any]) -> None:
    response = client_for(people.viewer).get(f"/api/statistics/forms/3?org={tree.P.pk}&period=year&year=2025")
    assert response.status_code == 200
    table = response.json()
    assert (table["form"], table["code"], table["stock"], table["tree"]) == ("3", "3-BTCTW", True, "now")
    assert table["node"] == {"id": tree.P.pk, "code": "P", "name": "Đảng bộ tỉnh Thử Nghiệm"}
    assert table["period"] == {"kind": "year", "start": "2025-01-01", "end": "2025-12-31", "label": "Year 2025"}
    assert table["day"] == "2025-12-31"
    assert [(h["code"], h["number"], h["percent"]) for h in table["headers"]] == [
        ("this", 1, False),
        ("last", 2, False),
        ("percent", 3, True),
    ]
    total = line(table, "I")
    assert (total["position"], total["values"], total["drillable"]) == (1, [4, 4, "100.0"], [True, True, False])
    assert line(table, "I.1")["values"][:2] == [1, 1]  # one woman
    assert line(table, "II.2.9")["values"][:2] == ["50.0", "49.0"]  # ages by year of birth: (45 + 55 + 35 + 65) / 4 in 2025
    heading = line(table, "II")
    assert heading["heading"] and heading["values"] == [None, None, None] and heading["drillable"] == [False, False, False]
    assert table["failed_checks"] == [] and table["reported_last"] is False


def test_the_organization_defaults_to_the_one_the_user_works_in(tree: Tree, people: Personas, members: list[Any]) -> None:
    table = client_for(people.commune_officer).get("/api/statistics/forms/3?year=2025").json()
    assert table["node"]["code"] == "C1" and line(table, "I")["values"][0] == 3


def test_a_period_that_cannot_be_read_is_answered_with_the_pages_message(tree: Tree, people: Personas) -> None:
    client = client_for(people.viewer)
    response = client.get("/api/statistics/forms/1?period=range&from=2026-01-01")
    assert response.status_code == 422
    assert response.json()["detail"] == "Give the first and the last day of the period (dd/mm/yyyy)."
    response = client.get("/api/statistics/forms/1?period=range&from=2026-03-01&to=2026-01-01")
    assert (response.status_code, response.json()["detail"]) == (422, "The period ends before it starts.")
    response = client.get("/api/statistics/forms/1?period=term&year=2020&to_year=2040")
    assert response.status_code == 422 and "to_year" in response.json()["detail"]
    assert client.get("/api/statistics/forms/1?period=decade").status_code == 422  # not a kind of period
    assert client.get("/api/statistics/forms/1?quarter=5&period=quarter").status_code == 422
    assert client.get("/api/statistics/forms/9").status_code == 404  # no such form


def test_a_range_and_a_quarter(tree: Tree, people: Personas, members: list[Any]) -> None:
    client = client_for(people.viewer)
    table = client.get(f"/api/statistics/forms/1?org={tree.P.pk}&period=range&from=2025-02-01&to=2025-03-31").json()
    assert table["period"]["label"] == "From 01/02/2025 to 31/03/2025"
    assert line(table, "A")["values"][:2] == [4, 4] and line(table, "D")["values"][:2] == [4, 4]
    quarter = client.get(f"/api/statistics/forms/1?org={tree.P.pk}&period=quarter&year=2025&quarter=3").json()
    assert (quarter["period"]["start"], quarter["period"]["end"]) == ("2025-07-01", "2025-09-30")
    assert quarter["version_id"] != table["version_id"]  # the 2021 version ends on 30/06/2025, the 2025 one begins


def test_a_stock_on_a_day(tree: Tree, people: Personas, members: list[Any]) -> None:
    table = client_for(people.viewer).get(f"/api/statistics/forms/3?org={tree.P.pk}&period=day&on=2025-06-30").json()
    assert (table["period"]["kind"], table["period"]["label"], table["day"]) == ("day", "As of 30/06/2025", "2025-06-30")
    assert line(table, "I")["values"][:2] == [4, 4]


def test_outside_the_scope_is_missing_and_without_the_right_forbidden(tree: Tree, people: Personas) -> None:
    assert client_for(people.commune_officer).get(f"/api/statistics/forms/3?org={tree.Y1.pk}").status_code == 404
    assert client_for(people.office_officer).get(f"/api/statistics/forms/3?org={tree.P.pk}").status_code == 403
    drill = f"/api/statistics/forms/3/drill?org={tree.Y1.pk}&row=1&column=this"
    assert client_for(people.commune_officer).get(drill).status_code == 404


def test_the_members_behind_a_figure_by_page_the_reading_audited(tree: Tree, people: Personas, members: list[Any]) -> None:
    client = client_for(people.viewer)
    url = f"/api/statistics/forms/3/drill?org={tree.P.pk}&year=2025&row=1&column=this"
    found = client.get(url).json()
    assert (found["of"], found["count"], found["row_code"], found["column"], found["column_label"]) == (
        "members",
        4,
        "I",
        "this",
        "This period",
    )
    assert [m["full_name"] for m in found["members"]] == ["Trần Văn Bình", "Phạm Văn Cường", "Quách Văn Dũng", "Lê Thị Hoa"]
    assert found["members"][0]["organization_id"] == tree.X1.pk and found["members"][0]["status"] == "official"
    assert found["organizations"] == []
    entry = AuditEntry.objects.filter(action="statistics.drill").latest("id")
    assert entry.actor_id == people.viewer.pk and entry.object_id == str(tree.P.pk)
    assert (entry.after["form"], entry.after["row"], entry.after["column"], entry.after["rows"]) == ("3-BTCTW", "I", "this", 4)
    second = client.get(url + "&page=2&page_size=3").json()
    assert (second["count"], [m["full_name"] for m in second["members"]]) == (4, ["Lê Thị Hoa"])
    assert client.get(url + "&page=3&page_size=3").json()["members"] == []
    women = client.get(f"/api/statistics/forms/3/drill?org={tree.P.pk}&year=2025&row=2&column=last").json()
    assert women["period"]["label"] == "Year 2024" and [m["full_name"] for m in women["members"]] == ["Lê Thị Hoa"]


def test_the_organizations_behind_a_figure(tree: Tree, people: Personas) -> None:
    table = client_for(people.viewer).get(f"/api/statistics/forms/2?org={tree.P.pk}&year=2025").json()
    committees = line(table, "III.1")
    assert committees["values"][0] == 2
    found = (
        client_for(people.viewer)
        .get(f"/api/statistics/forms/2/drill?org={tree.P.pk}&year=2025&row={committees['position']}&column=this")
        .json()
    )
    assert found["of"] == "organizations" and found["members"] == []
    assert [(o["code"], o["kind"]) for o in found["organizations"]] == [("G1", "grassroots_committee"), ("G2", "grassroots_committee")]


def test_a_place_without_a_counted_figure_is_refused(tree: Tree, people: Personas) -> None:
    client = client_for(people.viewer)
    heading = client.get(f"/api/statistics/forms/3/drill?org={tree.P.pk}&row=9&column=this")  # II, a heading
    assert heading.status_code == 422 and heading.json()["detail"] == "Row II, column this holds no figure counted from the records."
    percent = client.get(f"/api/statistics/forms/3/drill?org={tree.P.pk}&row=1&column=percent")
    assert percent.status_code == 422
    assert client.get(f"/api/statistics/forms/3/drill?org={tree.P.pk}&row=999&column=this").status_code == 422
    assert not AuditEntry.objects.filter(action="statistics.drill").exists()


def test_a_consistency_check_through_the_api(tree: Tree, people: Personas, members: list[Any]) -> None:
    client = client_for(people.commune_officer)
    started = client.post("/api/statistics/checks", {"year": 2025, "forms": ["3", "5"]}, content_type="application/json")
    assert started.status_code == 202
    body = started.json()
    assert body["url"] == f"/jobs/{body['job_id']}/" and body["status_url"] == f"/api/statistics/checks/{body['job_id']}"
    check = client.get(body["status_url"]).json()
    assert (check["status"], check["done"], check["total"]) == ("done", 2, 2)
    result = check["result"]
    assert (result["org"]["code"], result["count"], result["nodes"], result["differences"]) == ("C1", 0, 2, [])
    assert [f["code"] for f in result["forms"]] == ["3-BTCTW", "5-BTCTW"]
    assert client_for(people.provincial_officer).get(body["status_url"]).status_code == 404  # someone else's check


def test_a_consistency_check_is_refused_what_it_cannot_do(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)

    def start(body: dict[str, Any]) -> Any:
        return client.post("/api/statistics/checks", body, content_type="application/json")

    assert start({"org": tree.Y1.pk}).status_code == 404
    unknown = start({"forms": ["9"]})
    assert (unknown.status_code, unknown.json()["detail"], unknown.json()["field"]) == (422, "There is no form 9.", "forms")
    assert start({"period": "range", "from": "2026-01-01"}).status_code == 422
    assert start({"depth": 0}).status_code == 422
    assert client_for(people.office_officer).post("/api/statistics/checks", {}, content_type="application/json").status_code == 403


def test_the_documentation_has_the_statistics_section(people: Personas) -> None:
    schema = client_for(people.viewer).get("/api/openapi.json").json()
    assert {"name": "statistics", "description": "The HD 11 statistical forms, the records behind their figures, and their consistency check"} in schema["tags"]  # fmt: skip
    parameters = {p["name"] for p in schema["paths"]["/api/statistics/forms/{slug}"]["get"]["parameters"]}
    assert {"org", "period", "year", "quarter", "month", "to_year", "from", "to", "tree", "version"} <= parameters
