"""Inspection work end to end in a browser: a denunciation against a member of cell X1, the
inspection on signs of violation that verifies it, the warning the commune's committee decides,
the denunciation's conclusion, the member's appeal settled one level up by a reprimand, and the
province's statistics counting the member disciplined. Then the officer's pages on a phone."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from partybuilding.accounts.models import User
from partybuilding.core.records import Decision
from partybuilding.inspections.choices import Body, CaseKind, CaseResult, Channel, DisciplineForm, SubjectKind
from partybuilding.inspections.services.appeals import appeal_file
from partybuilding.inspections.services.cases import CASE, case_create
from partybuilding.inspections.services.denunciations import denunciation_record, denunciation_step
from partybuilding.inspections.services.disciplines import discipline_received, discipline_record
from partybuilding.organizations.models import Organization
from tests.members_factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DENOUNCER = "Lê Văn Tố"
CITIZEN_ID = "001085012345"
MEMBER = "Trần Thị Bình"


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _saved(page: Page) -> None:
    """Send the form page's form (a question it asks first is answered by the page's dialog handler)."""
    page.click("[data-testid=form-submit]")


def _id_in(url: str, area: str) -> int:
    found = re.search(rf"/inspections/{area}/(\d+)/", url)
    assert found, url
    return int(found.group(1))


def test_from_a_denunciation_to_an_appeal_settled(login: Any, live_server: Any) -> None:
    cell, province = Organization.objects.get(code="X1"), Organization.objects.get(code="P")
    make_member(cell, family_name="Trần", middle_name="Thị", given_name="Bình", gender="F", citizen_id=CITIZEN_ID)
    today = timezone.localdate()
    violated = today - dt.timedelta(weeks=6)

    # the inspection officer works in the commune: its inspection commission handles it
    page = login("kiemtra")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=scope-change]")
    page.fill("#id_q", "C1")
    page.press("#id_q", "Enter")
    page.locator("tr", has_text="Đảng bộ xã An Bình").get_by_role("button", name="Work here").click()
    expect(page.locator("[data-testid=scope-name]")).to_have_text("Đảng bộ xã An Bình")

    # 1. the denunciation, with who denounced; accepted, with its days left
    page.goto(f"{live_server.url}/inspections/denunciations/")
    page.click("[data-testid=denunciation-new]")
    page.select_option("[name=kind]", "denunciation")
    page.select_option("[name=channel]", Channel.LETTER)
    page.fill("[name=denouncer_name]", DENOUNCER)
    page.fill("[name=denouncer_address]", "Thôn Đông, xã An Bình")
    page.fill("[name=subject_member]", CITIZEN_ID)
    page.fill("[name=summary]", "Đảng viên vay tiền của nhiều hộ dân trong thôn rồi không trả.")
    page.check("[name=member_contents][value=ethics]")
    _saved(page)
    denunciation = _id_in(page.url, "denunciations")
    expect(page.locator("[data-testid=denunciation-status]")).to_have_text("Received")
    expect(page.locator("[data-testid=denouncer-identity]")).to_contain_text(DENOUNCER)  # its handler reads who denounced
    expect(page.locator("[data-testid=denunciation-handlers]")).to_contain_text("kiemtra")
    page.click("[data-testid=step-accept]")
    _saved(page)
    expect(page.locator("[data-testid=denunciation-status]")).to_have_text("Being handled")
    expect(page.locator("[data-testid=denunciation-due] [data-testid=days-left]")).to_contain_text("days left")

    # 2. an inspection on signs of violation of the member: opened, findings, concluded
    page.goto(f"{live_server.url}/inspections/cases/")
    page.click("[data-testid=case-new]")
    page.select_option("[name=body]", Body.COMMISSION)
    page.select_option("[name=kind]", CaseKind.SIGNS)
    page.select_option("[name=subject_kind]", SubjectKind.MEMBER)
    page.fill("[name=subject_member]", MEMBER)
    page.fill("[name=content_note]", "Kiểm tra dấu hiệu vi phạm theo đơn tố cáo.")
    _saved(page)
    case = _id_in(page.url, "cases")
    expect(page.locator("[data-testid=case-status]")).to_have_text("Planned")
    page.click("[data-testid=step-open]")
    page.fill("[name=decision_number]", "12-QĐ/UBKT")
    page.fill("[name=decision_date]", _day(today))
    page.fill("[name=team]", "Đồng chí Nguyễn Văn Kiểm, trưởng đoàn")
    _saved(page)
    expect(page.locator("[data-testid=case-status]")).to_have_text("Open")
    page.click("[data-testid=step-findings]")
    page.fill("[name=date]", _day(today))
    page.fill("[name=text]", "Vay 120 triệu đồng của 5 hộ, quá hạn không trả.")
    _saved(page)
    page.click("[data-testid=step-conclude]")
    page.fill("[name=conclusion_number]", "15-KL/UBKT")
    page.fill("[name=conclusion_date]", _day(today))
    page.fill("[name=conclusion]", "Đồng chí Trần Thị Bình vi phạm quy định những điều đảng viên không được làm.")
    page.select_option("[name=result]", CaseResult.VIOLATION)
    page.check("[name=discipline_required]")
    _saved(page)
    expect(page.locator("[data-testid=case-status]")).to_have_text("Concluded")
    expect(page.locator("[data-testid=case-conclusion]")).to_contain_text("Violation found")
    expect(page.locator("[data-testid=case-conclusion]")).to_contain_text("discipline required")
    expect(page.locator("[data-testid=case-timeline]")).to_contain_text("Vay 120 triệu đồng")

    # 3. "Propose a discipline": the form comes filled from the case; a warning, decided, received
    page.click("[data-testid=propose-discipline]")
    expect(page.locator("[name=member]")).to_have_value(MEMBER)
    expect(page.locator("[name=organization]")).to_have_value(re.compile("Đảng bộ xã An Bình"))
    expect(page.locator("[name=violation]")).to_have_value(re.compile("không được làm"))
    page.fill("[name=violation_date]", _day(violated))
    page.select_option("[name=proposed_form]", DisciplineForm.WARNING)
    page.fill("[name=proposed_by]", "Ủy ban Kiểm tra Đảng ủy xã")
    _saved(page)
    discipline = _id_in(page.url, "disciplines")
    expect(page.locator("[data-testid=discipline-status]")).to_have_text("Proposed")
    expect(page.locator("[data-testid=time-limit]")).to_contain_text("days left")  # the time limit to decide, counted
    expect(page.locator("[data-testid=discipline-facts]")).to_contain_text("From the case")
    page.click("[data-testid=step-decide]")
    expect(page.locator("[name=form]")).to_have_value(DisciplineForm.WARNING)
    page.fill("[name=decision_number]", "30-QĐ/ĐU")
    page.fill("[name=decision_date]", _day(today))
    page.fill("[name=decided_by]", "Ban Chấp hành Đảng bộ xã")
    _saved(page)
    expect(page.locator("[data-testid=discipline-status]")).to_have_text("In force")
    expect(page.locator("h1")).to_contain_text(f"Warning: {MEMBER}")
    expect(page.locator("[data-testid=discipline-decision]")).to_contain_text("30-QĐ/ĐU")
    expect(page.locator("[data-testid=appeal-new]")).to_have_count(0)  # not before the member received it
    page.click("[data-testid=step-received]")
    page.fill("[name=date]", _day(today))
    _saved(page)
    expect(page.locator("[data-testid=discipline-facts]")).to_contain_text(f"Received by the subject on{_day(today)}")

    # 4. the denunciation concluded "partly true", linking the case and the discipline; notified
    page.goto(f"{live_server.url}/inspections/denunciations/{denunciation}/")
    page.click("[data-testid=step-conclude]")
    page.select_option("[name=finding]", "partly")
    page.fill("[name=conclusion]", "Nội dung tố cáo đúng một phần.")
    page.fill("[name=decision_number]", "16-KL/UBKT")
    page.fill("[name=case]", str(case))
    page.fill("[name=discipline]", str(discipline))
    _saved(page)
    expect(page.locator("[data-testid=denunciation-status]")).to_have_text("Concluded")
    expect(page.locator("[data-testid=denunciation-finding]")).to_contain_text("Partly true")
    summary = page.locator("[data-testid=denunciation-summary]")
    expect(summary).to_contain_text(f"Verified by the caseno. {case}")
    expect(summary).to_contain_text(f"Discipline that followedno. {discipline}")
    page.click("[data-testid=step-notify]")
    _saved(page)
    expect(page.locator("[data-testid=denunciation-status]")).to_have_text("Result notified")
    expect(summary).to_contain_text(f"Result notified on{_day(today)}")

    # 5. the member's appeal, due in working days; settled by the province: reduced to a reprimand
    page.goto(f"{live_server.url}/inspections/disciplines/{discipline}/")
    page.click("[data-testid=appeal-new]")
    page.check("[name=grounds][value=form]")
    page.fill("[name=content]", "Xin xem xét giảm hình thức kỷ luật vì đã trả được một phần nợ.")
    _saved(page)
    expect(page.locator("[data-testid=appeal-status]")).to_have_text("Being handled")
    expect(page.locator("[data-testid=in-force-note]")).to_contain_text("The discipline (Warning) stays in force")
    due = page.locator("[data-testid=appeal-due]")
    expect(due.locator("[data-testid=days-left]")).to_contain_text("days left")
    expect(due).to_contain_text("working days after filing")
    expect(page.locator("[data-testid=appeal-facts]")).to_contain_text("Đảng bộ tỉnh Thử Nghiệm")  # one level up
    page.click("[data-testid=step-settle]")
    page.select_option("[name=outcome]", "reduced")
    page.select_option("[name=new_form]", DisciplineForm.REPRIMAND)
    page.select_option("[name=change_reason]", "verification")
    page.fill("[name=decision_number]", "45-QĐ/UBKTTU")
    page.fill("[name=decision_date]", _day(today))
    _saved(page)
    expect(page.locator("[data-testid=appeal-status]")).to_have_text("Settled")
    expect(page.locator("[data-testid=appeal-outcome]")).to_contain_text("Form reduced → Reprimand")
    page.click("[data-testid=appeal-facts] >> text=Warning")  # back to the discipline
    expect(page.locator("h1")).to_contain_text(f"Reprimand: {MEMBER}")
    expect(page.locator("[data-testid=discipline-decision]")).to_contain_text("in force after appeal: Reprimand")
    expect(page.locator("[data-testid=discipline-appeals]")).to_contain_text("Settled: Form reduced")

    # 6. the province's statistics for the year count the member disciplined
    page.goto(f"{live_server.url}/inspections/reports/")
    picker = page.locator("[data-testid=statistics-picker]")
    picker.locator("[name=within]").select_option(str(province.pk))
    picker.locator("[name=year]").select_option(str(today.year))
    picker.locator("[data-testid=statistics-show]").click()
    expect(page.locator("h1")).to_contain_text("Đảng bộ tỉnh Thử Nghiệm")
    expect(page.locator("[data-testid=narrative]")).to_contain_text("Disciplinary action against 1 Party member (warning 1)")
    expect(page.locator("[data-testid='row-members.total'] [data-testid=this]")).to_have_text("1")
    page.context.clear_cookies()

    # who denounced stays with the handlers: the administrator opens the page without it
    page = login("admin.tinh")
    page.goto(f"{live_server.url}/inspections/denunciations/{denunciation}/")
    expect(page.locator("[data-testid=denunciation-status]")).to_have_text("Result notified")
    expect(page.locator("[data-testid=denouncer-hidden]")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(DENOUNCER)
    page.context.clear_cookies()

    # and an organizing officer of the province, who does no inspection work, cannot open it
    page = login("tochuc.tinh")
    response = page.goto(f"{live_server.url}/inspections/denunciations/{denunciation}/")
    assert response is not None and response.status in (403, 404)
    expect(page.locator("body")).not_to_contain_text(DENOUNCER)


def test_the_officers_pages_fit_a_phone(login: Any, live_server: Any) -> None:
    commune, cell = Organization.objects.get(code="C1"), Organization.objects.get(code="X1")
    officer = User.objects.get(username="kiemtra")
    member = make_member(cell, family_name="Phạm", middle_name="Văn", given_name="Long")
    today = timezone.localdate()
    d = denunciation_record(
        actor=officer, organization=commune, channel=Channel.LETTER, received_on=today, subject_kind=SubjectKind.MEMBER,
        subject_member=member, summary="Sử dụng bằng cấp không hợp pháp.", denouncer_name=DENOUNCER, denouncer_address="Thôn Tây",
    )  # fmt: skip
    denunciation_step("accept", actor=officer, denunciation=d, date=today)
    case = case_create(
        actor=officer, organization=commune, body=Body.COMMISSION, kind=CaseKind.SIGNS, subject_kind=SubjectKind.MEMBER,
        subject_member=member,
    )  # fmt: skip
    CASE.run("open", actor=officer, obj=case, decision=Decision("20-QĐ/UBKT", today), team="", period_from=None, period_to=None)
    discipline = discipline_record(
        actor=officer, organization=commune, body=Body.COMMITTEE, member=member, violation="Sử dụng bằng cấp không hợp pháp.",
        violation_date=today - dt.timedelta(days=30), proposed_form=DisciplineForm.WARNING, decision=Decision("31-QĐ/ĐU", today),
    )  # fmt: skip
    discipline_received(actor=officer, discipline=discipline, date=today)
    appeal = appeal_file(actor=officer, discipline=discipline, filed_on=today, content="Xin giảm hình thức kỷ luật.")

    page = login("kiemtra")
    page.set_viewport_size(PHONE)
    pages = [
        "/inspections/",
        f"/inspections/denunciations/?within={commune.pk}",
        f"/inspections/denunciations/{d.pk}/",
        f"/inspections/cases/{case.pk}/",
        f"/inspections/disciplines/{discipline.pk}/",
        f"/inspections/appeals/{appeal.pk}/",
        f"/inspections/reports/?within={commune.pk}",
    ]
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide on a phone"
    expect(page.locator("[data-testid=narrative]")).to_contain_text("Disciplinary action against 1 Party member")
