"""Documents and tasks end to end in a browser: the province's office registers a resolution
sent to the commune to concretize and gives the commune a "3 clear" task from it; the commune
registers its plan implementing it (the province then sees the commune concretized, with its
lag) and splits its task down to the cell; the cell's secretary reports progress and marks the
task done with an evidence PDF; the province's overview turns green (every task done on time). Then
the overview and the task on a phone."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from partybuilding.core.pdf import render_pdf
from partybuilding.organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
WORK = "Quán triệt và xây dựng kế hoạch thực hiện nghị quyết về chuyển đổi số"
RESOLUTION = "Nghị quyết về đẩy mạnh chuyển đổi số trong các tổ chức đảng"
ISSUED_DAYS_AGO = 10


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _saved(page: Page) -> None:
    page.click("[data-testid=form-submit]")


def _id_in(url: str, area: str) -> int:
    found = re.search(rf"/directives/{area}/(\d+)/", url)
    assert found, url
    return int(found.group(1))


def _add_issuer(page: Page, live_server: Any, name: str, symbol: str) -> None:
    """The issuers page: a body of the officer's organization that issues documents."""
    page.goto(f"{live_server.url}/directives/issuers/")
    page.click("[data-testid=issuer-new]")
    page.select_option("[name=body]", "committee")
    page.fill("[name=name]", name)
    page.fill("[name=symbol]", symbol)
    _saved(page)
    expect(page.locator("[data-testid=issuer-row]", has_text=name)).to_contain_text(symbol)


def _overview_row(page: Page, name: str) -> Any:
    return page.locator("[data-testid=overview-row]", has_text=name)


def _evidence_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "bien-ban-hoi-nghi-chi-bo.pdf"
    path.write_bytes(render_pdf("<h1>Biên bản hội nghị chi bộ</h1><p>Đã quán triệt nghị quyết, xây dựng kế hoạch.</p>"))
    assert path.read_bytes().startswith(b"%PDF-")
    return path


def test_from_a_provincial_resolution_to_a_cell_task_done(login: Any, live_server: Any, tmp_path: Path) -> None:
    province, commune = Organization.objects.get(code="P"), Organization.objects.get(code="C1")
    today = timezone.localdate()
    issued = today - dt.timedelta(days=ISSUED_DAYS_AGO)
    deadline = today + dt.timedelta(days=30)

    # 1. the province's office: its issuer, then a resolution sent to the commune to concretize
    page = login("vanphong")
    page.on("dialog", lambda dialog: dialog.accept())
    _add_issuer(page, live_server, "Tỉnh ủy Thử Nghiệm", "TU")
    page.goto(f"{live_server.url}/directives/documents/new/")
    expect(page.locator("[name=issuer]")).to_have_value(re.compile(r"\d+"))  # its only issuer, already chosen
    page.select_option("[name=kind]", "NQ")
    page.fill("[name=date]", _day(issued))
    page.fill("[name=title]", RESOLUTION)
    page.fill("[name=signer]", "Nguyễn Văn Tỉnh")
    page.fill("[name=recipients]", "C1")
    page.check("[name=expects_concretization]")
    _saved(page)
    resolution = _id_in(page.url, "documents")
    expect(page.locator("[data-testid=document-number]")).to_have_text("1-NQ/TU")
    expect(page.locator("[data-testid=recipient-row]", has_text=commune.name)).to_contain_text("not yet")

    # 2. from the document, a "3 clear" task for the commune
    page.click("[data-testid=task-new]")
    page.fill("[name=work]", WORK)
    page.fill("[name=organization]", "C1")
    page.fill("[name=responsible_person]", "Đồng chí Bí thư Đảng ủy xã")
    page.fill("[name=deadline]", _day(deadline))
    page.fill("[name=expected_result]", "Kế hoạch của Đảng ủy xã; mọi chi bộ quán triệt nghị quyết.")
    _saved(page)
    expect(page.locator("[data-testid=task-status]")).to_have_text("not started")
    expect(page.locator("[data-testid=task-source]")).to_have_text(re.compile("1-NQ/TU"))
    expect(page.locator("[data-testid=task-facts]")).to_contain_text("days left")
    page.context.clear_cookies()

    # 3. the commune: its issuer, its plan implementing the resolution; then its task split down to the cell
    page = login("tochuc.xa")
    _add_issuer(page, live_server, "Đảng ủy xã An Bình", "ĐU")
    page.goto(f"{live_server.url}/directives/documents/{resolution}/")
    page.click("[data-testid=document-implement]")
    expect(page.locator("[name=implements]")).to_have_value(re.compile("1-NQ/TU"))
    page.select_option("[name=kind]", "KH")
    page.fill("[name=title]", "Kế hoạch thực hiện nghị quyết của Tỉnh ủy về chuyển đổi số")
    _saved(page)
    expect(page.locator("[data-testid=document-number]")).to_have_text("1-KH/ĐU")
    expect(page.locator("[data-testid=chain-up]")).to_contain_text("1-NQ/TU")

    page.goto(f"{live_server.url}/directives/tasks/?within={commune.pk}")
    page.get_by_role("link", name=WORK).first.click()
    page.click("[data-testid=task-split]")
    page.fill("[name=organizations]", "X1")
    page.fill("[name=responsible_person]", "Đồng chí Bí thư Chi bộ")
    _saved(page)
    expect(page.locator("[data-testid=task-child]")).to_have_count(1)
    expect(page.locator("[data-testid=task-child]")).to_contain_text("not started")
    page.context.clear_cookies()

    # the province sees the commune concretized, with its lag in days
    page = login("vanphong")
    page.goto(f"{live_server.url}/directives/documents/{resolution}/")
    commune_row = page.locator("[data-testid=recipient-row]", has_text=commune.name)
    expect(commune_row).to_contain_text("1-KH/ĐU")
    expect(commune_row.locator("[data-testid=recipient-lag]")).to_have_text(f"{ISSUED_DAYS_AGO} days")
    expect(page.locator("[data-testid=lower-documents]")).to_have_count(0)  # shown in the recipients' table, not twice

    # and its overview: the commune's task (now the cell's) not done yet
    page.goto(f"{live_server.url}/directives/overview/?within={province.pk}")
    expect(_overview_row(page, commune.name).locator("[data-testid=overview-percent]")).to_have_text("0.0%")
    expect(page.locator("[data-testid=overview-row].total [data-testid=overview-percent]")).to_have_text("0.0%")
    expect(_overview_row(page, commune.name)).to_have_class(re.compile(r"\boverview-amber\b"))
    expect(_overview_row(page, commune.name).locator("[data-testid=overview-status]")).to_have_text("on the way")
    page.context.clear_cookies()

    # 4. the cell's secretary: the task on their home page; progress, then done with evidence
    page = login("bithu")
    page.on("dialog", lambda dialog: dialog.accept())
    cell_tasks = page.locator("[data-testid=home-cell-tasks]")
    expect(cell_tasks).to_contain_text(WORK)
    cell_tasks.get_by_role("link", name=WORK).click()
    task = _id_in(page.url, "tasks")
    expect(page.locator("[data-testid=task-status]")).to_have_text("not started")
    page.click("[data-testid=step-progress]")
    page.fill("[name=date]", _day(today))
    page.fill("[name=progress]", "50")
    page.fill("[name=note]", "Chi bộ đã tổ chức quán triệt nghị quyết.")
    _saved(page)
    expect(page.locator("[data-testid=task-status]")).to_have_text("in progress")
    expect(page.locator("[data-testid=task-progress]")).to_have_text("50%")
    page.click("[data-testid=step-done]")
    page.fill("[name=date]", _day(today))
    page.fill("[name=result]", "Chi bộ đã xây dựng kế hoạch và 100% đảng viên được quán triệt.")
    page.set_input_files("[name=evidence_file]", _evidence_pdf(tmp_path))
    _saved(page)
    expect(page.locator("[data-testid=task-status]")).to_have_text("done on time")
    expect(page.locator("[data-testid=task-progress]")).to_have_text("100%")
    evidence = page.locator("[data-testid=evidence-file]")
    expect(evidence).to_have_count(1)
    with page.expect_download() as download:
        evidence.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    page.context.clear_cookies()

    # 5. the province's overview turns green: the commune (and the province in all) done, on time
    page = login("vanphong")
    page.goto(f"{live_server.url}/directives/overview/?within={province.pk}")
    row = _overview_row(page, commune.name)
    expect(row.locator("[data-testid=overview-percent]")).to_have_text("100.0%")
    expect(row).to_have_class(re.compile(r"\boverview-green\b"))
    expect(row.locator("[data-testid=overview-status]")).to_have_text("all done on time")
    total = page.locator("[data-testid=overview-row].total")
    expect(total.locator("[data-testid=overview-percent]")).to_have_text("100.0%")
    expect(total).to_have_class(re.compile(r"\boverview-green\b"))

    # 6. the overview and the task on a phone
    page.set_viewport_size(PHONE)
    for path in (f"/directives/overview/?within={province.pk}", f"/directives/tasks/{task}/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide on a phone"
    expect(page.locator("[data-testid=task-status]")).to_have_text("done on time")
