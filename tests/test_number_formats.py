"""Numbers as each language writes them: `20.002` and `101,22` on Vietnamese pages, `20,002`
and `101.22` on English ones (Django's localization with the thousand separator on), while
identifiers, years and page numbers stay plain digits wherever a machine reads them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.template import Context, Template
from django.utils import translation

from partybuilding.meetings.choices import Presence
from partybuilding.organizations.choices import OrgKind

from .admissions_factories import make_candidate
from .conftest import client_for, make_org
from .dues_factories import member_with_base, open_months
from .meetings_factories import held_meeting

TEMPLATES = Path(settings.BASE_DIR) / "partybuilding"
ATTRIBUTE = re.compile(r"""([\w:-]+)=(["'])(.*?)\2""", re.S)
BARE = re.compile(r"\{\{\s*([^}|]+?)\s*\}\}")  # a variable printed without a filter
# Names that hold an identifier, a year, a month or a page number: plain digits in a URL or a form.
PLAIN = re.compile(r"(^|[._])(pk|id|year|month|page_number|num_pages|number|value|size)$")
BLOCK_YEAR = re.compile(r"\{%\s*blocktranslate[^%]*?\b\w+=([\w.]*year)\b(?![|\w])")


def test_groups_of_thousands_and_decimal_commas_follow_the_language():
    template = Template("{{ n }} · {{ x }} · {{ x|floatformat:2 }}")
    context = Context({"n": 20002, "x": 101.22})
    with translation.override("vi"):
        assert template.render(context) == "20.002 · 101,22 · 101,22"
    with translation.override("en"):
        assert template.render(context) == "20,002 · 101.22 · 101.22"


def test_identifiers_in_links_and_forms_are_never_grouped():
    """`?within=1.234` would be a broken link: every id, year or page number a template puts
    into an attribute goes through a filter (`unlocalize`, `stringformat`, `date`, …)."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for attribute in ATTRIBUTE.finditer(path.read_text()):
            for variable in BARE.finditer(attribute.group(3)):
                if PLAIN.search(variable.group(1).strip()):
                    found.append(f"{path.relative_to(TEMPLATES)}: {attribute.group(1)}={{{{ {variable.group(1).strip()} }}}}")
    assert found == []


def test_years_in_sentences_are_not_grouped():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        found += [f"{path.relative_to(TEMPLATES)}: {m.group(0)[:80]}" for m in BLOCK_YEAR.finditer(text)]
    assert found == []


def ids_from(start: int) -> None:
    """Every table's next id from `start` on: ids then have a thousands group to lose."""
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if not isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
                continue
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start])
            else:
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [table, model._meta.pk.column, start])


GROUPED = re.compile(r"[=/]\d{1,3}[.,]\d{3}(?!\d)")  # "?within=12.345" or "/members/1,234/"
ATTRIBUTE_VALUE = re.compile(r"""(?:href|action|value|hx-get|hx-post|data-[\w-]+)=["']([^"']*)["']""")
HREF = re.compile(r"""href=["'](/[^"']*)["']""")


@pytest.mark.django_db
def test_links_and_forms_carry_ids_and_years_as_plain_digits(tree, people):
    """Pages of records whose ids have four digits and more, in both languages: no link,
    form value or data attribute carries a grouped number, and every page they link to opens."""
    ids_from(12_344)
    cell = make_org(tree.G1, "X9", "Chi bộ Thôn Bắc", OrgKind.CELL)
    member = member_with_base(cell, given_name="Bắc")
    open_months(cell, dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    meeting = held_meeting(cell, dt.date(2026, 1, 15), {member: Presence.PRESENT})
    candidate = make_candidate(cell)
    start = [
        "/",
        "/dashboard/",
        f"/organizations/{cell.pk}/",
        f"/members/?within={cell.pk}",
        f"/members/{member.pk}/",
        f"/meetings/?within={cell.pk}",
        f"/meetings/{meeting.pk}/",
        f"/admissions/?within={cell.pk}",
        f"/admissions/{candidate.pk}/",
        "/admissions/report/",
        f"/dues/?within={cell.pk}",
        f"/dues/member/{member.pk}/",
        "/dues/report/?first=01/2026&last=02/2026",
        "/members/badges/",
        "/meetings/missing/",
    ]
    for language in ("vi", "en"):
        client = client_for(people.admin, language)
        for url in start:
            page = client.get(url)
            assert page.status_code == 200, url
            html = page.content.decode()
            assert GROUPED.findall(" ".join(ATTRIBUTE_VALUE.findall(html))) == [], url
            for link in {u for u in HREF.findall(html) if str(cell.pk) in u or str(member.pk) in u}:
                assert client.get(link.replace("&amp;", "&")).status_code in (200, 302), f"{url} → {link}"
