"""The consistency check of the HD 11 forms: on a tree where members were admitted, moved
between cells and provinces, removed, expelled, left and died, every node's figures are its
children's plus its own records (nothing reported); a subtree counter set wrong by hand is
reported on the node it belongs to and on its parent; the page that starts a check, the job's
page with the outcome, and the Excel file of the differences."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from openpyxl import load_workbook

from partybuilding.core.errors import Refusal
from partybuilding.core.models import Job, JobStatus
from partybuilding.organizations.models import Organization, SubtreeTotal
from partybuilding.statistics.consistency import KIND, check_start, form_slugs
from partybuilding.statistics.periods import Period
from partybuilding.statistics.places import NOW, THEN

from .conftest import Personas, Tree, client_for
from .members_factories import make_member
from .statistics_story import Story, build_story

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)
YEAR_2025 = Period("year", dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def story(db: Any) -> Story:
    return build_story()


def checked(user: Any, org: Organization, period: Period = YEAR_2025, *, mode: str = NOW, forms: list[str] | None = None,
            depth: int | None = None, today: dt.date = TODAY) -> Job:  # fmt: skip
    job = check_start(user=user, org=org, period=period, mode=mode, forms=forms or [], depth=depth, today=today)
    assert job.status == JobStatus.DONE, job.message
    return job


def this_year() -> Period:
    today = timezone.localdate()
    return Period("year", dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))


@pytest.mark.parametrize("mode", [NOW, THEN])
def test_every_form_adds_up_on_a_tree_where_members_came_and_went(story: Story, people: Personas, mode: str) -> None:
    job = checked(people.superuser, story.P1, mode=mode)
    result = job.result
    assert result["count"] == 0, result["differences"]
    assert result["differences"] == []
    assert result["nodes"] == 3  # P1, its commune K1 and the school's committee G; cells have no children
    assert [form["slug"] for form in result["forms"]] == form_slugs() == ["1", "2", "2b", "3", "4", "5", "7"]
    assert not job.file_path  # no difference, no file


def test_today_s_stocks_read_from_the_counters_add_up_too(story: Story, people: Personas) -> None:
    today = timezone.localdate()
    result = checked(people.superuser, story.P1, this_year(), forms=["3", "5"], today=today).result
    assert result["day"] == today.isoformat()  # the stock of today: the counters
    assert (result["count"], result["nodes"]) == (0, 3)


def test_a_counter_gone_wrong_shows_on_its_node_and_on_its_parent(story: Story, people: Personas) -> None:
    SubtreeTotal.objects.filter(organization=story.K1, key="m.all").update(value=F("value") + 5)
    today = timezone.localdate()
    job = checked(people.superuser, story.P1, this_year(), forms=["3"], today=today)
    found = {(d["org_code"], d["row"], d["column"]): d for d in job.result["differences"]}
    # The rows the counters give from the total (all members less those of some kind) drift with it;
    # last year's column is counted from the records.
    assert set(found) == {(org, row, "this") for org in ("P1", "K1") for row in ("I", "I.4", "II.1.a")}
    commune, province = found[("K1", "I", "this")], found[("P1", "I", "this")]
    assert commune["figure"] - commune["children"] - commune["own"] == commune["difference"] == 5
    assert province["difference"] == -5 and province["children"] == province["figure"] + 5
    assert {d["difference"] for d in job.result["differences"] if d["org_code"] == "K1"} == {5}
    assert job.result["count"] == 6 and job.file_name.endswith(".xlsx")


def test_the_depth_stops_the_walk(story: Story, people: Personas) -> None:
    assert checked(people.superuser, story.P1, forms=["1"], depth=1).result["nodes"] == 1
    assert checked(people.superuser, story.P1, forms=["1"], depth=2).result["nodes"] == 2
    assert checked(people.superuser, story.A, forms=["1"]).result["nodes"] == 0  # a cell has no children


def test_a_check_is_refused_without_the_right_to_see_the_members(tree: Tree, people: Personas) -> None:
    with pytest.raises(PermissionDenied):  # the office officer of P reads documents, not members
        check_start(user=people.office_officer, org=tree.P, period=YEAR_2025, mode=NOW, forms=[], depth=None, today=TODAY)
    with pytest.raises(Refusal, match="no form 9"):
        check_start(user=people.provincial_officer, org=tree.P, period=YEAR_2025, mode=NOW, forms=["9"], depth=None, today=TODAY)


# --- the pages ---------------------------------------------------------------------------


def test_the_page_starts_a_check_and_the_job_page_shows_its_outcome(tree: Tree, people: Personas) -> None:
    make_member(tree.X1)
    make_member(tree.Y1)
    client = client_for(people.provincial_officer)
    page = client.get("/statistics/check/")
    assert page.status_code == 200 and 'data-testid="check-form"' in page.content.decode()
    response = client.post(
        "/statistics/check/", {"org": tree.C1.code, "period": "year", "year": "2025", "tree": "now", "forms": ["3", "5"]}
    )
    job = Job.objects.get(kind=KIND, created_by=people.provincial_officer)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.params["org"] == tree.C1.pk and job.params["forms"] == ["3", "5"] and job.params["depth"] is None
    shown = client.get(response["Location"]).content.decode()
    assert "No difference: the children's figures add up to every node's figure (2 organizations checked)." in shown
    listed = client.get("/statistics/check/").content.decode()
    assert f'href="/jobs/{job.pk}/"' in listed and "Đảng bộ xã An Bình" in listed and "No difference" in listed


def test_the_job_page_lists_the_differences_and_offers_them_in_excel(tree: Tree, people: Personas) -> None:
    make_member(tree.X1)
    SubtreeTotal.objects.filter(organization=tree.G1, key="m.all").update(value=F("value") + 2)
    client = client_for(people.provincial_officer)
    year = str(timezone.localdate().year)
    response = client.post("/statistics/check/", {"period": "year", "year": year, "tree": "now", "forms": ["3"], "depth": "3"})
    job = Job.objects.get(kind=KIND, created_by=people.provincial_officer)
    assert job.params["org"] == tree.P.pk  # empty: the organization the user works in
    shown = client.get(response["Location"]).content.decode()
    assert 'data-testid="check-table"' in shown and "Đảng bộ Trường THPT Nguyễn Huệ" in shown
    download = client.get(f"/jobs/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Organization code", "Organization", "Form", "Row")
    found = {(row[0], row[3]): row[6:] for row in rows[1:]}
    assert {(org, difference) for (org, _row), (*_figures, difference) in found.items()} == {("G1", 2), ("C1", -2)}
    figure, children, own, difference = found[("G1", "I")]  # G1's counter is 2 above its cells' (one member in X1)
    assert (figure, children, own, difference) == (3, 1, 0, 2)
    assert found[("C1", "I")] == (1, 3, 0, -2)  # and C1's, which was not touched, 2 below G1's


def test_a_bad_period_is_explained_on_the_page(tree: Tree, people: Personas) -> None:
    response = client_for(people.provincial_officer).post("/statistics/check/", {"period": "range", "from": "01/01/2026", "tree": "now"})
    assert response.status_code == 422
    assert "Give the first and the last day of the period (dd/mm/yyyy)." in response.content.decode()
    assert not Job.objects.filter(kind=KIND).exists()


def test_a_form_s_page_leads_to_the_check_of_the_same_node_and_period(tree: Tree, people: Personas) -> None:
    page = client_for(people.provincial_officer).get(f"/statistics/check/?org={tree.C1.pk}&period=quarter&year=2025&quarter=2&tree=then")
    form = page.context["form"]
    assert form["org"].value() == tree.C1.picker_text  # the picker shows the organization as a suggestion does
    assert (form["period"].value(), form["year"].value(), form["quarter"].value()) == ("quarter", "2025", "2")
    assert form["tree"].value() == "then"


def test_the_page_is_for_those_who_see_members(tree: Tree, people: Personas) -> None:
    assert client_for(people.office_officer).get("/statistics/check/").status_code == 403
    officer = client_for(people.commune_officer)
    assert officer.get(f"/statistics/check/?org={tree.Y1.pk}").status_code == 404  # another commune's cell
    assert officer.get(f"/statistics/check/?org={tree.X1.pk}").status_code == 200
