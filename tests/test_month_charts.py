"""Charts by month: the dues collection rate (dues report) and the meetings' quality (the
meetings list), drawn on the server as SVG with the figures of the data."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from partybuilding.meetings.choices import Presence

from .conftest import Personas, Tree, client_for
from .dues_factories import member_with_base, open_months, pay
from .meetings_factories import full_details, held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def _desc(html: str, testid: str) -> str:
    figure = re.search(rf'data-testid="{testid}">(.*?)</figure>', html, re.S)
    assert figure is not None and "<svg" in figure.group(1)
    return re.search(r"<desc[^>]*>([^<]*)</desc>", figure.group(1)).group(1)


def test_the_dues_report_draws_the_collection_rate_of_each_month(tree: Tree, people: Personas) -> None:
    first, second = member_with_base(tree.X1), member_with_base(tree.X1)
    open_months(tree.X1, dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    pay(first, dt.date(2026, 1, 1), 50_000)
    pay(second, dt.date(2026, 1, 1), 50_000)
    pay(first, dt.date(2026, 2, 1), 50_000)
    query = f"?within={tree.X1.pk}&first=01/2026&last=03/2026"
    desc = _desc(client_for(people.cell_secretary).get(f"/dues/report/{query}").content.decode(), "dues-rate-chart")
    assert desc == "01/2026: 100 %; 02/2026: 50 %; 03/2026: 0 %"
    desc_vi = _desc(client_for(people.cell_secretary, "vi").get(f"/dues/report/{query}").content.decode(), "dues-rate-chart")
    assert "02/2026: 50 %" in desc_vi


def test_the_meetings_list_draws_the_average_score_of_each_month(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1) for _ in range(4)]
    everyone = {m: Presence.PRESENT for m in members}
    held_meeting(tree.X1, dt.date(2026, 1, 5), everyone)  # a full meeting: 100
    held_meeting(tree.X1, dt.date(2026, 2, 5), {**everyone, members[0]: Presence.UNEXCUSED})
    from partybuilding.meetings.models import Meeting

    scores = dict(Meeting.objects.filter(organization=tree.X1).values_list("month", "score"))
    html = client_for(people.cell_secretary).get(f"/meetings/?within={tree.X1.pk}&year=2026").content.decode()
    desc = _desc(html, "quality-chart")
    assert desc.startswith(f"01/2026: {scores[dt.date(2026, 1, 1)]}; 02/2026: {scores[dt.date(2026, 2, 1)]}; 03/2026: —")
    assert (scores[dt.date(2026, 2, 1)] or 100) < 100


def _pdf_html(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML each PDF is printed from (WeasyPrint still draws it)."""
    from partybuilding.core import pdf

    printed: list[str] = []
    draw = pdf.render_pdf

    def keep(html: str) -> bytes:
        printed.append(html)
        return draw(html)

    monkeypatch.setattr(pdf, "render_pdf", keep)
    return printed


def test_the_dues_report_pdf_carries_the_same_chart(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    pay(member, dt.date(2026, 1, 1), 50_000)
    printed = _pdf_html(monkeypatch)
    query = f"?within={tree.X1.pk}&first=01/2026&last=02/2026"
    page = client_for(people.cell_secretary).get(f"/dues/report/{query}").content.decode()
    assert 'data-testid="report-pdf"' in page
    response = client_for(people.cell_secretary).get(f"/dues/report.pdf{query}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert _desc(printed[0], "dues-rate-chart") == "01/2026: 100 %; 02/2026: 0 %"


def test_the_meeting_quality_pdf_carries_the_same_chart(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    members = [make_member(tree.X1) for _ in range(3)]
    held_meeting(tree.X1, dt.date(2026, 3, 5), {m: Presence.PRESENT for m in members})
    printed = _pdf_html(monkeypatch)
    client = client_for(people.cell_secretary)
    page = client.get(f"/meetings/?within={tree.X1.pk}&year=2026").content.decode()
    assert 'data-testid="quality-pdf"' in page
    response = client.get(f"/meetings/quality.pdf?within={tree.X1.pk}&year=2026")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert _desc(printed[0], "quality-chart") == _desc(page, "quality-chart")
    assert "03/2026: 100" in _desc(printed[0], "quality-chart")
    assert 'data-testid="quality-pdf"' not in client_for(people.member).get("/meetings/").content.decode()


def test_the_quality_counters_follow_closing_and_amending(tree: Tree, people: Personas) -> None:
    """The chart of a province reads counters kept with each meeting: they agree with a
    recount from the meetings after a meeting is closed, then amended, in two cells."""
    from partybuilding.meetings import services
    from partybuilding.meetings.models import Meeting
    from partybuilding.meetings.services import ItemIn
    from partybuilding.organizations import totals

    first = [make_member(tree.X1) for _ in range(4)]
    second = [make_member(tree.X2) for _ in range(2)]
    meeting = held_meeting(tree.X1, dt.date(2026, 4, 6), {m: Presence.PRESENT for m in first})
    held_meeting(tree.X2, dt.date(2026, 4, 8), {m: Presence.PRESENT for m in second})
    shorter = full_details(dt.date(2026, 4, 6), duration_minutes=30, items=(ItemIn("Thông qua nghị quyết tháng", 4, 0, 0),))
    services.meeting_amend(actor=None, meeting=meeting, reason="Ghi lại thời lượng", details=shorter)
    assert Meeting.objects.get(pk=meeting.pk).score != Meeting.objects.get(organization=tree.X2).score  # the amendment scored it again

    assert totals.recompute(prefixes=["mq."]) == []
    scores = list(Meeting.objects.filter(month=dt.date(2026, 4, 1)).values_list("score", flat=True))
    html = client_for(people.provincial_officer).get(f"/meetings/?within={tree.P.pk}&year=2026").content.decode()
    assert f"04/2026: {round(sum(scores) / 2, 1):g}" in _desc(html, "quality-chart")


def test_the_migration_counts_the_meetings_closed_before_the_counters(tree: Tree) -> None:
    from importlib import import_module

    from django.apps import apps

    from partybuilding.organizations import totals
    from partybuilding.organizations.models import SubtreeTotal

    members = [make_member(tree.X1) for _ in range(3)]
    held_meeting(tree.X1, dt.date(2026, 5, 6), {m: Presence.PRESENT for m in members})
    SubtreeTotal.objects.filter(key__startswith="mq.").delete()  # as before the counters were kept
    assert totals.recompute(prefixes=["mq."]) != []

    import_module("partybuilding.meetings.migrations.0004_quality_counters").count(apps, None)

    assert totals.recompute(prefixes=["mq."]) == []
