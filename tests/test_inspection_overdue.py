"""The overdue board: what is past its deadline in a scope, with days late and a link to the
record, paged and in Excel, never showing who denounced."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from partybuilding.core.calendar import add_working_days
from partybuilding.inspections.choices import AppealStatus, CaseKind, DenunciationStatus, DisciplineForm, FollowUpStatus
from partybuilding.inspections.selectors.overdue import counts, overdue

from .conftest import client_for
from .inspection_d_targets import appeal, case, denunciation, discipline, shortcoming
from .members_factories import make_member

pytestmark = pytest.mark.django_db

SECRET = "Trần Thị Bí Mật"


@pytest.fixture
def late(tree):
    today = timezone.localdate()
    member = make_member(tree.X1, given_name="Lâm")
    open_case = case(
        tree.C1,
        CaseKind.INSPECTION,
        None,
        organization=tree.X1,
        period_from=today - dt.timedelta(days=60),
        period_to=today - dt.timedelta(days=5),
    )
    case(tree.C1, CaseKind.INSPECTION, None, organization=tree.X2, period_to=today + dt.timedelta(days=5))  # not yet due
    shortcoming(open_case, today - dt.timedelta(days=3))
    shortcoming(open_case, today - dt.timedelta(days=30), status=FollowUpStatus.DONE)  # remedied
    d = discipline(
        tree.C1, member, DisciplineForm.WARNING, today - dt.timedelta(days=40), notice_to="UBND xã", notice_due=today - dt.timedelta(days=7)
    )
    appeal(d, tree.P, today - dt.timedelta(days=30), today - dt.timedelta(days=2))
    appeal(
        d,
        tree.P,
        today - dt.timedelta(days=90),
        today - dt.timedelta(days=60),
        status=AppealStatus.SETTLED,
        settled_on=today - dt.timedelta(days=61),
    )
    denunciation(
        tree.C1,
        today - dt.timedelta(days=40),
        member=member,
        due=today - dt.timedelta(days=1),
        denouncer_name=SECRET,
        summary="Lấn chiếm đất công",
    )
    denunciation(tree.C1, today - dt.timedelta(days=5), due=add_working_days(today, 3), denouncer_name=SECRET, summary="Sắp đến hạn")
    denunciation(tree.C2, today - dt.timedelta(days=40), due=today - dt.timedelta(days=9), summary="Ở xã bên")
    denunciation(
        tree.C1, today - dt.timedelta(days=40), due=today - dt.timedelta(days=9), status=DenunciationStatus.CONCLUDED, summary="Đã kết luận"
    )
    return today


def test_each_kind_past_its_deadline_with_its_days_late(tree, late):
    assert counts(tree.C1, late) == {
        "cases": 1,
        "shortcomings": 1,
        "appeals": 0,  # settled at the province, outside the commune
        "denunciations": 1,
        "denunciations_soon": 1,
        "notices": 1,
        "responses": 0,
    }
    assert counts(tree.P, late)["appeals"] == 1
    assert counts(tree.P, late)["denunciations"] == 2  # the sibling commune's too
    rows = {row.kind: row for row in overdue(tree.C1, late)}
    assert rows["cases"].days_late == 5
    assert rows["shortcomings"].days_late == 3
    assert rows["notices"].days_late == 7
    assert rows["denunciations"].days_late == 1
    assert rows["denunciations_soon"].days_late < 0
    assert rows["cases"].url.startswith("/inspections/cases/")
    assert overdue(tree.C1, late)[0].kind == "notices"  # the latest first


def test_the_board_page_and_excel_never_show_who_denounced(tree, people, late):
    client = client_for(people.inspection_officer)
    page = client.get(reverse("inspection_overdue"), {"within": tree.C1.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lấn chiếm đất công" in html and 'data-testid="overdue-row-cases"' in html
    assert "5 days late" in html
    assert SECRET not in html
    assert "Ở xã bên" not in html  # the sibling commune
    only = client.get(reverse("inspection_overdue"), {"within": tree.C1.pk, "kind": "shortcomings"}).content.decode()
    assert 'data-testid="overdue-row-shortcomings"' in only and 'data-testid="overdue-row-cases"' not in only
    response = client.get(reverse("inspection_overdue_xlsx"), {"within": tree.C1.pk})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [str(v) for row in book.active.iter_rows(values_only=True) for v in row]
    assert "Lấn chiếm đất công" in cells and SECRET not in " ".join(cells)
    api = client.get("/api/inspections/overdue", {"within": tree.C1.pk})
    assert api.status_code == 200 and api.json()["count"] == 5
    assert SECRET not in api.content.decode()


def test_the_board_needs_the_inspection_right(tree, people, late):
    assert client_for(people.commune_officer).get(reverse("inspection_overdue"), {"within": tree.C1.pk}).status_code == 403
    assert client_for(people.outsider).get(reverse("inspection_overdue"), {"within": tree.C1.pk}).status_code == 404


def test_the_dashboard_line_counts_the_cases_past_their_period_and_leaves_the_rest_to_their_areas(tree, people, late):
    from partybuilding.core.attention import attention

    lines = {str(item.label): item for item in attention(tree.P, timezone.localdate(), people.inspection_officer)}
    cases_line = lines["Inspections and supervisions open past their period"]
    assert cases_line.count == 1 and "kind=cases" in cases_line.url
    # each late thing is counted once, on its own area's line
    assert lines["Appeals against discipline not settled in time"].count == 1
    assert "Inspection work past its deadline" not in lines
    # a cell secretary does not inspect: no inspection line on their dashboard
    secretary = attention(tree.X1, timezone.localdate(), people.cell_secretary)
    assert not [item for item in secretary if "/inspections/" in item.url]


def test_a_long_board_is_paged_in_the_database_in_the_order_of_the_whole_list(tree, people, late):
    from partybuilding.inspections.models import Case

    open_case = Case.objects.get(organization=tree.C1, period_to=late - dt.timedelta(days=5))
    for n in range(60):  # one shortcoming late by 10, 11, … 69 days
        shortcoming(open_case, late - dt.timedelta(days=10 + n))
    whole = overdue(tree.C1, late)
    assert len(whole) == 65 and overdue(tree.C1, late, limit=7) == whole[:7]
    client = client_for(people.inspection_officer)
    second = client.get(reverse("inspection_overdue"), {"within": tree.C1.pk, "page": 2}).content.decode()
    # page 2 holds the 51st to the 65th rows: late by 10 days (the last shortcoming) down to the due-soon denunciation
    assert "10 days late" in second and "69 days late" not in second and "Sắp đến hạn" in second
    first = client.get(reverse("inspection_overdue"), {"within": tree.C1.pk}).content.decode()
    assert "69 days late" in first and "Sắp đến hạn" not in first
