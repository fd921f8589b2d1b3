"""What every response promises: uploaded files that never run, a strict Content-Security-
Policy, and no cached copy of personal data."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import engines

from partybuilding.meetings.services import document_attach, meeting_plan
from tests.conftest import Personas, Tree, client_for
from tests.members_factories import make_member

ROOT = Path(__file__).resolve().parent.parent / "partybuilding"


def test_an_uploaded_html_file_is_a_download_that_cannot_run(tree: Tree, people: Personas) -> None:
    meeting = meeting_plan(actor=None, organization=tree.X1, kind="regular", date=tree.X1.founded_on, title="Họp")
    page = b"<html><script>fetch('/api/members')</script></html>"
    html = document_attach(actor=None, meeting=meeting, name="biên bản họp.html", content_type="text/html", content=page)
    svg = document_attach(actor=None, meeting=meeting, name="hình.svg", content_type="image/svg+xml", content=b"<svg onload='x()'/>")

    for document in (html, svg):
        response = client_for(people.cell_secretary).get(f"/meetings/documents/{document.pk}/")
        assert response.status_code == 200
        # RFC 6266: the name in `filename*`, which browsers read (an RFC 2047 word they ignore)
        assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
        assert "=?utf-8?" not in response["Content-Disposition"]
        assert response["Content-Type"] == "application/octet-stream"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"]
    assert client_for(people.cell_secretary).get(f"/meetings/documents/{html.pk}/").content == page


def test_an_inert_file_keeps_its_type(tree: Tree, people: Personas) -> None:
    meeting = meeting_plan(actor=None, organization=tree.X1, kind="regular", date=tree.X1.founded_on, title="Họp")
    pdf = document_attach(actor=None, meeting=meeting, name="nghị quyết.pdf", content_type="application/pdf", content=b"%PDF-1.4")
    response = client_for(people.cell_secretary).get(f"/meetings/documents/{pdf.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert "ngh%E1%BB%8B%20quy%E1%BA%BFt.pdf" in response["Content-Disposition"]


def test_every_page_carries_a_strict_policy(tree: Tree, people: Personas) -> None:
    for url in ("/accounts/login/", "/", "/members/", f"/organizations/{tree.X1.pk}/"):
        policy = client_for(people.provincial_officer).get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'", url


def test_no_template_holds_an_inline_script_style_or_handler() -> None:
    """What the policy would block must not be written: a page that needs it breaks."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I)
    forbidden = [inline_script, re.compile(r"<style\b", re.I), re.compile(r"\sstyle=", re.I), re.compile(r"\son[a-z]+=", re.I)]
    forbidden.append(re.compile(r"javascript:", re.I))
    offenders = []
    for template in ROOT.rglob("templates/**/*.html"):
        if "/pdf" in str(template) or template.name == "pdf.html":
            continue  # rendered to PDF on the server, never shown by a browser
        text = template.read_text()
        offenders += [f"{template.relative_to(ROOT)}: {pattern.pattern}" for pattern in forbidden if pattern.search(text)]
    assert offenders == []


def test_the_api_documentation_works_under_the_policy(people: Personas) -> None:
    response = client_for(people.admin).get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn" not in page.lower()
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_pages_with_personal_data_and_exports_are_not_cached(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client = client_for(people.provincial_officer)
    for url in (f"/members/{member.pk}/", "/members/", f"/organizations/export.xlsx?within={tree.P.pk}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_htmx_is_told_not_to_inject_styles_or_evaluate() -> None:
    base = engines["django"].engine.get_template("base.html").source
    assert '"includeIndicatorStyles": false' in base and '"allowEval": false' in base


def test_an_unknown_address_answers_a_page_of_ours_in_the_users_language(people: Personas) -> None:
    for language, heading in (("en", "There is nothing here"), ("vi", "Không có nội dung ở đây")):
        response = client_for(people.member, language).get("/khong-co-trang-nay/")
        assert response.status_code == 404
        assert heading in response.content.decode()
        assert "script-src 'self'" in response["Content-Security-Policy"]
