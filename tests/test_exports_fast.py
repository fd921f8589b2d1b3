"""The list exports written fast (choice labels looked up once, plain values read) give the
same file as the plain way (`get_FOO_display()` on each record), in both languages; a long
export runs as a background job with its progress, audited once with its number of rows.

Each `plain_*` function below is the export as it was written before (kept here as the
reference the faster code must match)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone, translation

from partybuilding.core import exporting
from partybuilding.core.labels import choice_labels
from partybuilding.core.models import AuditEntry, Job, JobStatus
from partybuilding.core.xlsx import write_xlsx
from partybuilding.meetings.choices import MeetingKind, Presence
from partybuilding.meetings.services import meeting_plan
from partybuilding.members.models import Member
from partybuilding.members.personal import masked
from partybuilding.members.records import exports as member_exports

from .conftest import Personas, Tree, client_for
from .meetings_factories import held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


# --- reading an export back ------------------------------------------------------------------


def read_book(content: bytes) -> list[tuple[Any, ...]]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def downloaded(client: Client, url: str, params: dict[str, Any]) -> tuple[list[tuple[Any, ...]], Job | None]:
    """The rows of an export: the file itself, or the file of the job it started."""
    response = client.get(url, params)
    if response.status_code == 302:
        assert response["Location"].startswith("/jobs/")
        job = Job.objects.get(pk=int(response["Location"].split("/")[2]))
        response = client.get(f"/jobs/{job.pk}/download/")
        assert response.status_code == 200
        return read_book(b"".join(response.streaming_content)), job
    assert response.status_code == 200, response.status_code
    return read_book(b"".join(response.streaming_content)), None


def plain_book(title: str, header: list[Any], rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    handle = io.BytesIO()
    write_xlsx(handle, title, header, rows)
    return read_book(handle.getvalue())


# --- the labels --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_labels_looked_up_once_are_what_get_display_gives_for_every_choice(language: str) -> None:
    checked = 0
    with translation.override(language):
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not field.choices or field.primary_key:
                    continue
                labels = choice_labels(model, field.name)
                for value in [v for v, _label in field.flatchoices] + ["no-such-value", ""]:
                    record = model(**{field.attname: value})
                    assert labels[value] == getattr(record, f"get_{field.name}_display")(), (model, field.name, value)
                    checked += 1
    assert checked > 500  # every choice field of the system, not a few


# --- members -----------------------------------------------------------------------------------


def varied_members(tree: Tree) -> list[Member]:
    """Members with every choice field set away from its default, one still probationary,
    flags and academic titles set on some."""
    a = make_member(tree.X1, family_name="Lò", middle_name="Thị", given_name="Ánh", gender="F", ethnicity="05", religion="buddhism",
                    theory="advanced", occupation="farmer", education="primary", qualification="doctorate", card="12345678",
                    date_of_birth=dt.date(1972, 2, 29), admitted=dt.date(2000, 2, 29), official=dt.date(2001, 2, 28), youth_union=True)  # fmt: skip
    b = make_member(tree.X2, family_name="Trần", given_name="Bảo", ethnicity="54", religion="other", theory="elementary",
                    occupation="retired", education="literate", qualification="vocational", card="87654321",
                    admitted=dt.date(2025, 12, 1), official=None)  # fmt: skip
    c = make_member(tree.X1, family_name="Hà", given_name="Cúc", gender="F", ethnicity="12", religion="cao_dai", theory="intermediate",
                    occupation="armed_forces", education="lower_secondary", qualification="master", admitted=dt.date(1990, 6, 1),
                    official=dt.date(1991, 6, 1))  # fmt: skip
    Member.objects.filter(pk=a.pk).update(academic_title="professor", readmitted=True, foreign_origin=True)
    Member.objects.filter(pk=c.pk).update(academic_title="associate_professor", private_business_owner=True, married_to_foreigner=True,
                                          family_planning_violation=True)  # fmt: skip
    return [a, b, c]


def plain_member_rows(members: Any, today: dt.date, *, full_ids: bool) -> list[list[Any]]:
    yes = translation.gettext("Yes")
    return [
        [
            m.full_name, m.get_gender_display(), m.date_of_birth, m.get_ethnicity_display(), m.get_religion_display(),
            m.organization.label, m.get_status_display(), m.admission_date, m.official_date,
            (m.card_number or "") if full_ids else masked(m.card_number), m.party_age_on(today), m.get_theory_display(),
            m.get_occupation_display(), m.get_education_display(), m.get_qualification_display(),
            m.get_academic_title_display() if m.academic_title != "none" else "",
            *(yes if getattr(m, name) else "" for name in member_exports.FLAG_COLUMNS),
        ]
        for m in members.select_related("organization")
    ]  # fmt: skip


def plain_member_book(user: Any, query: dict[str, Any], within: Any, *, full_ids: bool) -> list[tuple[Any, ...]]:
    members = member_exports.exported(user, query, within)
    return plain_book("Party members", member_exports.header(), plain_member_rows(members, timezone.localdate(), full_ids=full_ids))


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("full_ids", [False, True])
@pytest.mark.parametrize("as_job", [False, True])
def test_the_member_export_is_the_plain_export(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, language: str, full_ids: bool, as_job: bool
) -> None:
    varied_members(tree)
    if as_job:
        monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 1)
    query = {"within": str(tree.C1.pk), **({"full_ids": "1"} if full_ids else {})}
    rows, job = downloaded(client_for(people.commune_officer, language), "/members/export.xlsx", query)
    assert (job is not None) is as_job
    with translation.override(language):
        expected = plain_member_book(people.commune_officer, query, tree.C1, full_ids=full_ids)
    assert len(rows) == 4 and rows == expected
    assert ("12345678" in rows[1] + rows[2] + rows[3]) is full_ids


# --- meetings ----------------------------------------------------------------------------------


def varied_meetings(tree: Tree) -> None:
    """Meetings of every kind, closed (with a score and a level) and still planned."""
    members = [make_member(tree.X1, given_name=n) for n in ("An", "Bình")]
    present = {m: Presence.PRESENT for m in members}
    for n, kind in enumerate([MeetingKind.REGULAR, MeetingKind.THEMATIC, MeetingKind.EXTRAORDINARY]):
        held_meeting(tree.X1, dt.date(2026, 1 + n, 5), present, kind=kind, close=n != 1)
    meeting_plan(actor=None, organization=tree.G1, kind=MeetingKind.GRASSROOTS_COMMITTEE, date=dt.date(2026, 7, 5))


def plain_meeting_rows(meetings: Any) -> list[list[Any]]:
    return [
        [
            m.date,
            m.organization.label,
            m.get_kind_display(),
            m.title,
            m.get_status_display(),
            m.duration_minutes,
            m.score,
            m.get_level_display(),
        ]
        for m in meetings
    ]


MEETING_HEADER = ["Date", "Organization", "Kind", "Topic", "Status", "Duration (minutes)", "Score", "Quality"]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("as_job", [False, True])
def test_the_meeting_export_is_the_plain_export(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, language: str, as_job: bool
) -> None:
    from partybuilding.meetings import selectors

    varied_meetings(tree)
    if as_job:
        monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 1)
    rows, job = downloaded(client_for(people.commune_officer, language), "/meetings/export.xlsx", {"within": tree.C1.pk})
    assert (job is not None) is as_job
    with translation.override(language):
        meetings = selectors.filtered(selectors.in_scope(people.commune_officer, tree.C1), {})
        header = [translation.gettext(h) for h in MEETING_HEADER]
        expected = plain_book("Meetings", header, plain_meeting_rows(meetings))
    assert len(rows) == 5 and rows == expected
    assert len({r[4] for r in rows[1:]}) == 3 and any(r[7] for r in rows[1:])  # closed and planned ones; levels given


def meeting_exports() -> Any:
    from partybuilding.meetings import exports

    return exports


# --- badges ------------------------------------------------------------------------------------


def plain_badge_rows(members: Any, *, full_ids: bool) -> list[list[Any]]:
    return [
        [m.full_name, m.milestone, m.date_of_birth, m.admission_date, m.official_date, m.organization.label,
         (m.card_number or "") if full_ids else masked(m.card_number)]
        for m in members
    ]  # fmt: skip


BADGE_HEADER = ["Full name", "Badge (years)", "Date of birth", "Admission date", "Official date", "Organization", "Card number"]


@pytest.mark.parametrize("full_ids", [False, True])
@pytest.mark.parametrize("as_job", [False, True])
def test_the_badge_export_is_the_plain_export_and_audited_once(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, full_ids: bool, as_job: bool
) -> None:
    from partybuilding.members.badges import selectors as badges

    for n, admitted in enumerate([dt.date(1996, 5, 19), dt.date(1986, 3, 1), dt.date(1976, 1, 1), dt.date(1966, 2, 1)]):
        make_member([tree.X1, tree.X2][n % 2], given_name=f"Huy{n}", admitted=admitted, official=admitted.replace(year=admitted.year + 1),
                    date_of_birth=dt.date(admitted.year - 20, 1, 1), card=f"9000000{n}")  # fmt: skip
    if as_job:
        monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 1)
        monkeypatch.setattr(badge_exports(), "PROGRESS_EVERY", 1)
    query = {"within": tree.C1.pk, "award_date": "19/05/2026", **({"full_ids": "1"} if full_ids else {})}
    rows, job = downloaded(client_for(people.commune_officer), "/members/badges/export.xlsx", query)
    assert (job is not None) is as_job
    found = badge_exports().listed(badges.due(Member.objects.within(tree.C1), dt.date(2026, 5, 19)), None)  # in the page's order
    assert len(rows) == 5 and rows == plain_book("Badges", BADGE_HEADER, plain_badge_rows(found, full_ids=full_ids))
    assert [r[1] for r in rows[1:]] == [60, 50, 40, 30]
    entries = AuditEntry.objects.filter(action="badge_list.export")
    assert [(e.after["rows"], e.after["full_ids"]) for e in entries] == [(4, full_ids)]  # once, with its number of rows
    if job is not None:
        job.refresh_from_db()
        assert (job.status, job.result, job.phase, job.done, job.total) == (JobStatus.DONE, {"rows": 4}, "writing", 4, 4)


def badge_exports() -> Any:
    from partybuilding.members.badges import exports

    return exports


# --- dues arrears ------------------------------------------------------------------------------


def plain_arrears_rows(lines: Any) -> list[list[Any]]:
    from partybuilding.dues import months

    return [
        [line.member.full_name, masked(line.member.card_number), line.member.organization.name, line.months, line.owed,
         ", ".join(months.label(m) for m in line.month_list), translation.gettext("yes") if line.flagged else ""]
        for line in lines
    ]  # fmt: skip


@pytest.mark.parametrize("as_job", [False, True])
def test_the_arrears_export_is_the_plain_export_and_audited_once(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, as_job: bool
) -> None:
    from partybuilding.dues import months, selectors

    from .dues_factories import member_with_base, open_months

    last = months.add(months.first_of(timezone.localdate()), -1)
    first = months.add(last, -3)
    for n, org in enumerate([tree.X1, tree.X2, tree.Y1]):
        member_with_base(org, card=f"8100000{n}")
    member_with_base(tree.X1, since=months.add(last, -1))  # owes fewer months
    for org in (tree.X1, tree.X2, tree.Y1):
        open_months(org, first, last)
    if as_job:
        monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 1)
        monkeypatch.setattr(dues_exports(), "PROGRESS_EVERY", 1)
    rows, job = downloaded(client_for(people.provincial_officer, "vi"), "/dues/arrears.xlsx", {"within": tree.P.pk})
    assert (job is not None) is as_job
    with translation.override("vi"):
        lines = selectors.arrears_rows(
            list(selectors.arrears(tree.P, year=None, today=timezone.localdate())), tree.P, None, timezone.localdate()
        )
        header = [str(h) for h in rows[0]]
        expected = plain_book("Arrears", header, plain_arrears_rows(lines))
    assert len(rows) == 5 and rows == expected
    entries = AuditEntry.objects.filter(action="dues_arrears.export")
    assert [e.after["rows"] for e in entries] == [4]
    if job is not None:
        job.refresh_from_db()
        assert (job.status, job.result, job.done, job.total) == (JobStatus.DONE, {"rows": 4}, 4, 4)


def dues_exports() -> Any:
    from partybuilding.dues import exports

    return exports


# --- directive tasks ---------------------------------------------------------------------------


def plain_task_rows(rows: Any, today: dt.date) -> list[list[Any]]:
    return [
        [t.work, t.organization.name, t.responsible_person, t.assigned_by.name, t.deadline, t.status_on(today).label, t.progress,
         t.done_on, t.expected_result, t.result]
        for t in rows.order_by("deadline", "pk")
    ]  # fmt: skip


@pytest.mark.parametrize("as_job", [False, True])
def test_the_task_export_is_the_plain_export(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any, as_job: bool
) -> None:
    from partybuilding.directives.selectors import tasks as selectors
    from partybuilding.directives.services.tasks import TASK, task_create

    from .directive_targets import document_in

    settings.MEDIA_ROOT = str(tmp_path)
    document = document_in(tree.P)
    given = [
        task_create(actor=None, document=document, organization=org, work=f"Quán triệt {n}", responsible_person="Đ/c Bí thư",
                    deadline=dt.date(2026, 10, 30 - n))
        for n, org in enumerate([tree.X1, tree.X2, tree.C1, tree.Y1])
    ]  # fmt: skip
    TASK.run("done", actor=None, obj=given[0], date=dt.date(2026, 9, 20), result="Xong")
    TASK.run("progress", actor=None, obj=given[1], date=dt.date(2026, 9, 5), progress=40, note="Đã họp")
    if as_job:
        monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 1)
    rows, job = downloaded(client_for(people.provincial_officer, "vi"), "/directives/tasks/tasks.xlsx", {"within": tree.P.pk})
    assert (job is not None) is as_job
    with translation.override("vi"):
        found = selectors.filtered_tasks(selectors.tasks_in(people.provincial_officer, tree.P), {}, timezone.localdate(), tree.P)
        expected = plain_book("Tasks", [str(h) for h in rows[0]], plain_task_rows(found, timezone.localdate()))
    assert len(rows) == 5 and rows == expected
    assert len({r[5] for r in rows[1:]}) >= 2  # statuses in words, more than one


# --- organizations -----------------------------------------------------------------------------


def plain_organization_rows(orgs: Any) -> list[list[Any]]:
    yes = translation.gettext("Yes")
    return [
        [o.code, o.name, o.get_kind_display(), o.parent.name if o.parent else "", o.get_status_display(), o.founded_on, o.dissolved_on,
         o.depth, o.get_unit_type_display() if o.unit_type else "", yes if o.no_candidates_left else ""]
        for o in orgs.select_related("parent").order_by("path")
    ]  # fmt: skip


@pytest.mark.parametrize("as_job", [False, True])
def test_the_organization_export_is_the_plain_export(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, as_job: bool) -> None:
    from partybuilding.organizations.models import Organization

    Organization.objects.filter(pk=tree.X1.pk).update(no_candidates_left=True)
    if as_job:
        monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 1)
    rows, job = downloaded(client_for(people.provincial_officer, "vi"), "/organizations/export.xlsx", {})
    assert (job is not None) is as_job
    with translation.override("vi"):
        expected = plain_book("Organizations", [str(h) for h in rows[0]], plain_organization_rows(Organization.objects.within(tree.P)))
    assert len(rows) == 9 and rows == expected


# --- no query a row ----------------------------------------------------------------------------


def queries_of(client: Client, url: str, params: dict[str, Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_exports_read_no_row_alone(tree: Tree, people: Personas, settings: Any, tmp_path: Any) -> None:
    """The members and tasks exports cost the same queries for 2 rows or 8 (no query a row)."""
    from partybuilding.directives.services.tasks import task_create

    from .directive_targets import document_in

    settings.MEDIA_ROOT = str(tmp_path)
    client = client_for(people.provincial_officer)
    document = document_in(tree.P)

    def add(n: int) -> None:
        for i in range(n):
            org = [tree.X1, tree.X2, tree.Y1][i % 3]  # several organizations: each one's label read with the rows
            make_member(org, card=f"7{i:07d}{n}")
            task_create(
                actor=None,
                document=document,
                organization=[org, tree.C1][i % 2],
                work=f"Việc {n}-{i}",
                responsible_person="Đ/c",
                deadline=dt.date(2026, 10, 30),
            )

    urls = [("/members/export.xlsx", {"within": tree.P.pk}), ("/directives/tasks/tasks.xlsx", {"within": tree.P.pk}),
            ("/meetings/export.xlsx", {"within": tree.P.pk}), ("/organizations/export.xlsx", {})]  # fmt: skip
    add(2)
    few = [queries_of(client, url, params) for url, params in urls]
    add(6)
    assert [queries_of(client, url, params) for url, params in urls] == few


# --- Party cards -------------------------------------------------------------------------------


@pytest.mark.parametrize("full_ids", [False, True])
@pytest.mark.parametrize("as_job", [False, True])
def test_the_card_export_is_the_plain_export_and_audited_once(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, full_ids: bool, as_job: bool
) -> None:
    from partybuilding.members.cards import selectors
    from partybuilding.members.cards.services import issue_card
    from partybuilding.members.choices import CardIssueKind

    for n, org in enumerate([tree.X1, tree.X2, tree.X1]):
        issue_card(actor=None, member=make_member(org, given_name=f"Thẻ{n}"), kind=CardIssueKind.FIRST, number=f"5500000{n}",
                   issued_on=dt.date(2011, 6, 1 + n))  # fmt: skip
    if as_job:
        monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 1)
    query = {"within": tree.C1.pk, **({"full_ids": "1"} if full_ids else {})}
    rows, job = downloaded(client_for(people.commune_officer, "vi"), "/members/cards/export.xlsx", query)
    assert (job is not None) is as_job
    with translation.override("vi"):
        plain = [
            [c.issued_on, c.member.full_name, c.member.organization.label, c.get_kind_display(),
             (c.number or "") if full_ids else masked(c.number), c.decision_number]
            for c in selectors.filtered(people.commune_officer, tree.C1, {})
        ]  # fmt: skip
        expected = plain_book("Cards", [str(h) for h in rows[0]], plain)
    assert len(rows) == 4 and rows == expected
    assert [(e.after["rows"], e.after["full_ids"]) for e in AuditEntry.objects.filter(action="card_list.export")] == [(3, full_ids)]
