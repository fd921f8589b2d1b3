"""Screenshots of the main pages on a desktop and a phone, for a look as a user would.

Usage: start the server (`make run`), then `.venv/bin/python scripts/screenshots.py`;
`ONLY=statistics,cards` takes only the pages whose names start so.
PNGs go to screenshots/ (git-ignored)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
PAGES = {
    "dashboard": "/",
    "tree": "/organizations/",
    "search": "/organizations/?q=chi bo thon 1",
    "past-tree": "/organizations/?on=30/06/2025",
    "organization": "/organizations/1/",
    "rename": "/organizations/1/rename/",
    "rules": "/rules/?on=01/07/2025&working_days=30",
    "roles": "/accounts/roles/",
    "tokens": "/accounts/tokens/",
    "two-factor": "/accounts/two-factor/",
    "members": "/members/",
    "member-search": "/members/?q=nguyen",
    "member-given-name": "/members/?q=lan",
    "member": "/members/1/",
    "member-new": "/members/new/",
    "member-event": "/members/1/exempt/",
    "member-import": "/members/import/",
    "transfer-arrival": "/members/transfers/arrival/",
    "jobs": "/jobs/",
    "transfers": "/members/transfers/",
    "badges": "/members/badges/",
    "admissions": "/admissions/",
    "candidate-new": "/admissions/new/",
    "admission-report": "/admissions/report/",
    "meetings": "/meetings/",
    "meetings-missing": "/meetings/missing/",
    "meeting-schemes": "/meetings/schemes/",
    "dues-arrears": "/dues/",
    "dues-report": "/dues/report/",
    "assessments": "/assessments/",
    "assessment-form6": "/assessments/reports/form6/?year=2025",
    "assessment-table": "/assessments/reports/table/?year=2025",
    "assessment-matrix": "/assessments/reports/matrix/",
    "four-good": "/assessments/four-good/?year=2025",
    "disciplines": "/assessments/disciplines/",
    "inspections": "/inspections/",
    "inspection-programmes": "/inspections/programmes/",
    "inspection-cases": "/inspections/cases/",
    "inspection-disciplines": "/inspections/disciplines/",
    "inspection-appeals": "/inspections/appeals/",
    "inspection-denunciations": "/inspections/denunciations/",
    "inspection-statistics": "/inspections/reports/",
    "inspection-overdue": "/inspections/overdue/",
    "directives": "/directives/",
    "directive-documents": "/directives/documents/",
    "directive-not-concretized": "/directives/documents/not-concretized/",
    "directive-tasks": "/directives/tasks/",
    "directive-overview": "/directives/overview/",
    "directive-campaigns": "/directives/study/",
    "directive-reports": "/directives/reports/",
    "cadre-home": "/cadres/",
    "cadre-posts": "/cadres/posts/",
    "cadre-records": "/cadres/records/",
    "cadre-standards": "/cadres/standards/",
    "cadre-courses": "/cadres/courses/",
    "cadre-plannings": "/cadres/planning/",
    "cadre-planning-exits": "/cadres/planning/exits/",
    "cadre-appointments": "/cadres/appointments/",
    "cadre-reappointments-due": "/cadres/appointments/due/",
    "cadre-moves": "/cadres/moves/",
    "cadre-periodic-due": "/cadres/moves/periodic/",
    "cadre-reports": "/cadres/reports/",
    "cadre-form8a": "/cadres/reports/8a/",
    "cadre-form9": "/cadres/reports/9/",
    "cadre-form10": "/cadres/reports/10/",
    "cadre-form11": "/cadres/reports/11/",
    "cadre-form12": "/cadres/reports/12/",
    "cadre-form13": "/cadres/reports/13/",
    "statistics": "/statistics/",
    "statistics-form1": "/statistics/1/?period=year&year=2025",
    "statistics-form3": "/statistics/3/",
    "statistics-form3-then": "/statistics/3/?period=day&on=30/06/2025&tree=then",
    "statistics-form5": "/statistics/5/",
    "statistics-form7": "/statistics/7/?period=year&year=2025",
    "statistics-children": "/statistics/3/children/",
    "statistics-check": "/statistics/check/",
    "statistics-reported": "/statistics/reported/",
    "statistics-reported-import": "/statistics/reported/import/",
    "cards": "/members/cards/",
    "rewards": "/members/rewards/",
}
# Pages reached by following the first link of a list: (name, list page, link selector).
FOLLOWED = {
    "meeting": ("/meetings/?status=closed&kind=regular", "table a[href^='/meetings/']"),
    "dues-collect": ("/meetings/?status=closed&kind=regular", "table a[href^='/meetings/']", "[data-testid=meeting-dues]"),
    "assessment-round": ("/assessments/", "[data-testid=round] a[href^='/assessments/']"),
    "assessment-rating": (
        "/assessments/",
        "[data-testid=round] a[href^='/assessments/']",
        "[data-testid=rating-row] a[href^='/assessments/ratings/']",
    ),
    "inspection-programme": ("/inspections/programmes/", "[data-testid=programme-row] a[href^='/inspections/programmes/']"),
    "inspection-case": ("/inspections/cases/?status=concluded", "[data-testid=case-row] a[href^='/inspections/cases/']"),
    "inspection-discipline": ("/inspections/disciplines/", "[data-testid=discipline-row] a[href^='/inspections/disciplines/']"),
    "inspection-appeal": ("/inspections/appeals/", "[data-testid=appeal-row] a[href^='/inspections/appeals/']"),
    # the provincial resolution, found by words of its PDF: its recipients and their lags
    "directive-document": (
        "/directives/documents/?q=so tay dang vien dien tu",
        "[data-testid=document-row] a[href^='/directives/documents/']",
    ),
    "directive-task": ("/directives/tasks/?status=in_progress", "[data-testid=task-row] a[href^='/directives/tasks/']"),
    "directive-campaign": ("/directives/study/", "[data-testid=campaign-row] a[href^='/directives/study/']"),
    # the province's secretary's post, a cadre's record, the province's planning and its structure
    "cadre-position": ("/cadres/posts/", "[data-testid=position-row] a[href^='/cadres/posts/']"),
    "cadre-record": ("/cadres/records/", "[data-testid=cadre-row] a[href^='/cadres/records/']"),
    "cadre-planning": ("/cadres/planning/", "[data-testid=planning-row] a[href^='/cadres/planning/']"),
    "cadre-structure": (
        "/cadres/planning/",
        "[data-testid=planning-row] a[href^='/cadres/planning/']",
        "[data-testid=structure-link]",
    ),
    "cadre-appointment": ("/cadres/appointments/?state=consulted", "[data-testid=appointment-row] a[href^='/cadres/appointments/']"),
    "cadre-move": ("/cadres/moves/", "[data-testid=move-row] a[href^='/cadres/moves/']"),
    # the members behind the first figure of form 3
    "statistics-drill": ("/statistics/3/", "a.figure"),
}
# The pages of an officer who signs in with a second factor: (login, {name: (list page, link selector)}).
OFFICER_PAGES: dict[str, dict[str, tuple[str, ...]]] = {
    "kiemtra.tinh": {
        "inspection-home-officer": ("/inspections/",),
        # a denunciation as its handler: who denounced is shown to them alone
        "inspection-denunciation-handler": (
            "/inspections/denunciations/?status=handling",
            "[data-testid=denunciation-list] a[href^='/inspections/denunciations/']",
        ),
    },
    "vanphong.tinh": {"directive-home-office": ("/directives/",)},
    # a member of the provincial standing committee reads the cadre records, writes none
    "thuongvu.tinh": {
        "cadre-home-standing": ("/cadres/",),
        "cadre-planning-standing": ("/cadres/planning/", "[data-testid=planning-row] a[href^='/cadres/planning/']"),
    },
}
# The pages of the users who sign in with their password alone: (login, {name: path}).
PERSONA_PAGES = {
    "bithu": {
        "home-secretary": "/",
        "secretary-meetings": "/meetings/",
        "secretary-admissions": "/admissions/",
        "secretary-assessment": "/assessments/",
        "secretary-tasks": "/directives/tasks/",
        "secretary-notices": "/notifications/",
        "secretary-notice-day": "/notifications/day/",
        "secretary-notice-rules": "/notifications/rules/",
        "secretary-statement-import": "/dues/bank/statements/",
        "secretary-credits": "/dues/bank/credits/",
    },
    "dangvien": {
        "home-member": "/",
        "my-dues": "/dues/me/",
        "my-meetings": "/meetings/mine/",
        "my-record": "/members/me/",
        "my-ratings": "/assessments/mine/",
        "my-study": "/directives/study/mine/",
        "my-notices": "/notifications/",
        "my-notice-preferences": "/notifications/preferences/",
    },
}
ONLY = tuple(filter(None, os.environ.get("ONLY", "").split(",")))
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 360, "height": 780}}


def demo_code(*args: str) -> str:
    """The code the demo officer's authenticator app would show (`manage.py demo_code`)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "partybuilding.settings_local")}
    command = [sys.executable, str(ROOT / "manage.py"), "demo_code", *args, "--code-only"]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout.strip()  # noqa: S603 (our own manage.py)


def sign_in(browser: Any, login: str = "admin") -> Any:
    """Sign in once as a demo officer (the administrator by default), through both steps
    (setting up the authenticator if the demo has none for them yet): a code is taken once,
    so every screenshot reuses this session."""
    context = browser.new_context(viewport=SIZES["desktop"], locale="vi")
    page = context.new_page()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", "demo-2026")
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    if login == "admin":
        page.screenshot(path=OUT / "vi-desktop-two-factor-step.png", full_page=True)
    if "/two-factor/setup/" in page.url:
        page.fill("input[name=code]", demo_code("--key", page.locator("[data-testid=totp-secret]").inner_text()))
        page.click("[data-testid=enrol-submit]")
        page.click("[data-testid=codes-noted]")
    elif "/login/code/" in page.url:
        page.fill("input[name=code]", demo_code(login))
        page.click("[data-testid=code-submit]")
    page.wait_for_url(f"{BASE}/")
    state = context.storage_state()
    context.close()
    return state


def wanted(pages: dict[str, Any]) -> dict[str, Any]:
    return {name: page for name, page in pages.items() if not ONLY or name.startswith(ONLY)}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        signed_in = sign_in(browser)
        officers = {login: sign_in(browser, login) for login in OFFICER_PAGES}
        for language in ("vi", "en"):
            for size_name, size in SIZES.items():
                page = browser.new_page(viewport=size, locale=language)
                page.goto(f"{BASE}/accounts/login/")
                page.screenshot(path=OUT / f"{language}-{size_name}-login.png", full_page=True)
                page.close()
                page = browser.new_context(viewport=size, locale=language, storage_state=signed_in).new_page()
                for name, path in wanted(PAGES).items():
                    page.goto(BASE + path, wait_until="networkidle")
                    page.screenshot(path=OUT / f"{language}-{size_name}-{name}.png", full_page=True)
                for name, (start, *links) in wanted(FOLLOWED).items():
                    page.goto(BASE + start, wait_until="networkidle")
                    for link in links:
                        page.locator(link).first.click()
                    page.screenshot(path=OUT / f"{language}-{size_name}-{name}.png", full_page=True)
                page.context.close()
                for login, followed in OFFICER_PAGES.items():
                    page = browser.new_context(viewport=size, locale=language, storage_state=officers[login]).new_page()
                    for name, (start, *links) in wanted(followed).items():
                        page.goto(BASE + start, wait_until="networkidle")
                        for link in links:
                            page.locator(link).first.click()
                        page.screenshot(path=OUT / f"{language}-{size_name}-{name}.png", full_page=True)
                    page.context.close()
                for login, pages in PERSONA_PAGES.items():
                    page = browser.new_context(viewport=size, locale=language).new_page()
                    page.goto(f"{BASE}/accounts/login/")
                    page.fill("input[name=username]", login)
                    page.fill("input[name=password]", "demo-2026")
                    page.click("[data-testid=login-submit]")
                    page.wait_for_url(f"{BASE}/")
                    for name, path in wanted(pages).items():
                        page.goto(BASE + path, wait_until="networkidle")
                        page.screenshot(path=OUT / f"{language}-{size_name}-{name}.png", full_page=True)
                    page.context.close()
        browser.close()
    print(f"Screenshots in {OUT}")


if __name__ == "__main__":
    main()
