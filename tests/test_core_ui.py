"""The core UI kit: destructive actions look destructive and ask first, the current page is
marked in section menus, dates get a calendar button, the attention list's recount works
without its page around it, and /favicon.ico answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from partybuilding.core.forms import date_field

from .conftest import client_for
from .members_factories import make_member

TEMPLATES = Path(settings.BASE_DIR) / "partybuilding"


def tag_with(html: str, text: str) -> str:
    """The opening tag of the link or button whose label is `text`."""
    found = re.search(r"<(a|button)\b([^>]*)>\s*" + re.escape(text) + r"\s*</\1>", html)
    assert found, text
    return found.group(2)


def template_tag_with(template: str, label: str) -> str:
    """The opening tag, in a template's source, of the link or button labelled `label`."""
    source = (TEMPLATES / template).read_text()
    found = re.search(r"<(a|button)\b((?:[^>]|\{%[^%]*%\})*)>\{% translate \"" + re.escape(label) + '" %}', source)
    assert found, (template, label)
    return found.group(2)


def assert_destructive(attrs: str) -> None:
    assert re.search(r'class="[^"]*\bdanger\b', attrs), attrs
    assert re.search(r'data-confirm="[^"]{20,}"', attrs), attrs


# Destructive actions -----------------------------------------------------------------------


def test_a_members_ending_actions_are_red_and_ask_before_saving(tree: Any, people: Any) -> None:
    member = make_member(tree.X1, given_name="Bình")
    client = client_for(people.commune_officer)
    html = client.get(reverse("member_detail", args=[member.pk])).content.decode()
    for label, kind in (("Remove from the list", "remove"), ("Expel", "expel"), ("Left the Party", "leave"), ("Record a death", "die")):
        assert re.search(r'class="[^"]*\bdanger\b', tag_with(html, label)), label
        form = client.get(reverse("member_event", args=[member.pk, kind])).content.decode()
        save = tag_with(form, "Save")
        assert_destructive(save)
        assert "Bình" in save  # the question names who it is about
    assert "danger" not in tag_with(html, "Correct the record")  # an ordinary action stays ordinary
    exempt = client.get(reverse("member_event", args=[member.pk, "exempt"])).content.decode()
    assert "data-confirm" not in tag_with(exempt, "Save")  # a step that keeps the member listed does not ask


def test_revoking_roles_and_tokens_asks_first(people: Any) -> None:
    html = client_for(people.admin).get(reverse("role_list")).content.decode()
    assert_destructive(tag_with(html, "Revoke"))


@pytest.mark.parametrize(
    ("template", "label"),
    [
        ("members/templates/members/import_status.html", "Cancel"),
        ("accounts/templates/accounts/token_list.html", "Revoke"),
        ("accounts/templates/accounts/role_list.html", "Reset two-factor sign-in"),
    ],
)
def test_the_templates_of_destructive_actions_carry_danger_and_a_question(template: str, label: str) -> None:
    attrs = template_tag_with(template, label)
    assert "danger" in attrs and "data-confirm=" in attrs


@pytest.mark.parametrize(
    ("template", "label"),
    [
        ("members/templates/members/committee_term.html", "End the role"),
        ("admissions/templates/admissions/detail.html", "Withdraw from the pipeline"),
        ("admissions/templates/admissions/detail.html", "Not qualified: remove from the list"),
        ("organizations/templates/organizations/detail.html", "Dissolve"),
    ],
)
def test_links_to_ending_forms_are_red(template: str, label: str) -> None:
    """They open a form whose Save asks the question (core/form_page.html `confirm`)."""
    assert "danger" in template_tag_with(template, label)


def test_dissolving_withdrawing_and_ending_a_role_ask_before_saving(tree: Any, people: Any) -> None:
    from .admissions_factories import make_candidate

    candidate = make_candidate(tree.X1, given_name="Ứng")
    officer = client_for(people.provincial_officer)
    save = tag_with(officer.get(reverse("organization_restructure", args=[tree.X2.pk, "dissolve"])).content.decode(), "Save")
    assert_destructive(save)
    assert tree.X2.name in save
    save = tag_with(officer.get(reverse("candidate_step", args=[candidate.pk, "withdrawn"])).content.decode(), "Save")
    assert_destructive(save)
    assert "Ứng" in save


# Section menus -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "label"),
    [("meeting_list", "Meetings"), ("meeting_missing", "What is missing"), ("dues_arrears", "Arrears"), ("candidate_list", "Candidates")],
)
def test_the_current_page_is_marked_in_its_sections_menu(tree: Any, people: Any, route: str, label: str) -> None:
    html = client_for(people.commune_officer).get(reverse(route) + f"?within={tree.C1.pk}").content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', html)
    assert (reverse(route), label) in current
    menu = re.search(r'<nav class="section-menu".*?</nav>', html, re.S)
    assert menu and menu.group(0).count('aria-current="page"') == 1  # only the page itself


def test_the_sidebar_marks_the_current_area(people: Any) -> None:
    html = client_for(people.commune_officer).get(reverse("transfer_list")).content.decode()
    assert re.search(r'<a href="/members/transfers/" class="active" aria-current="page">', html)


# Dates ---------------------------------------------------------------------------------------


def test_a_date_field_stays_text_in_dd_mm_yyyy_and_offers_the_calendar() -> None:
    class Form(forms.Form):
        day = date_field("Day")

    html = str(Form()["day"])
    assert 'type="text"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'data-datepicker="Choose on a calendar"' in html  # app.js adds the button beside it
    assert Form({"day": "03/02/2026"}).is_valid()


# The attention list's recount, the favicon ----------------------------------------------------


def test_recounting_the_attention_list_without_script_shows_a_whole_page(people: Any) -> None:
    client = client_for(people.commune_officer)
    plain = client.get(reverse("dashboard_attention") + "?fresh=1")
    assert plain.status_code == 200
    html = plain.content.decode()
    assert html.lstrip().lower().startswith("<!doctype html>") and 'class="sidebar"' in html and 'data-testid="attention"' in html
    swapped = client.get(reverse("dashboard_attention") + "?fresh=1", HTTP_HX_REQUEST="true").content.decode()
    assert swapped.lstrip().startswith("<section") and "<html" not in swapped  # htmx swaps the fragment in place


def test_favicon_ico_answers_everyone_with_the_icon(client: Any) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/svg+xml"
    assert b"<svg" in answer.content
