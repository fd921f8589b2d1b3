"""Background jobs (core/jobs.py): a job started by a user runs, keeps its progress where
any web process reads it, records its result or why it failed, offers its file; its pages
are its starter's alone; old jobs and files are pruned; the dashboard's attention list is
counted by one."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import get_language

from partybuilding.core import job_progress
from partybuilding.core.attention import KIND as ATTENTION
from partybuilding.core.bulk import Progress
from partybuilding.core.errors import Refusal
from partybuilding.core.jobs import cancel, job_kind, private_file, run_job, start
from partybuilding.core.models import Job, JobStatus

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

CITIZEN_ID = "001099012345"


def _row(job: Job) -> tuple[str, int, int]:
    return Job.objects.values_list("phase", "done", "total").get(pk=job.pk)


# --- throwaway kinds ------------------------------------------------------------------------

seen_in_steps: list[tuple[str, int, int]] = []


@job_kind("tests.steps", label="Test steps", phases={"reading": "Reading the rows", "writing": "Writing the rows"})
def steps(job: Job, progress: Progress) -> dict[str, Any]:
    """Reports its progress, and notes what its row holds after each report."""
    for phase, done in (("reading", 1), ("reading", 2), ("writing", 3), ("writing", 4)):
        progress(phase, done, 4)
        seen_in_steps.append(_row(job))
    return {"rows": 4, "language": get_language(), "asked": job.params.get("asked")}


@job_kind("tests.refused", label="Refused work")
def refused(job: Job, progress: Progress) -> None:
    raise Refusal("The sheet has no citizen ID column", rule="QĐ 1 §2")


@job_kind("tests.broken", label="Broken work")
def broken(job: Job, progress: Progress) -> None:
    private_file(job, "half.xlsx").write_bytes(b"half written")
    raise IntegrityError(f'duplicate key value violates unique constraint "member_citizen_id" DETAIL: (citizen_id)=({CITIZEN_ID})')


@job_kind("tests.export", label="Test export")
def export(job: Job, progress: Progress) -> dict[str, Any]:
    private_file(job, "Danh sách đảng viên.xlsx").write_bytes(CITIZEN_ID.encode())
    return {"rows": 1}


ran_cancelled: list[int] = []


@job_kind("tests.never", label="Never runs")
def never(job: Job, progress: Progress) -> None:
    ran_cancelled.append(job.pk)


seen_in_transaction: list[tuple[str, int, int]] = []


def _row_seen_by_another_connection(job: Job) -> tuple[str, int, int]:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT phase, done, total FROM core_job WHERE id = %s", [job.pk])
            return cursor.fetchone()
    finally:
        other.close()


@job_kind("tests.all_or_nothing", label="All or nothing", phases={"writing": "Writing"})
def all_or_nothing(job: Job, progress: Progress) -> None:
    """Like an import: the phase is set, then every row is written in one transaction."""
    progress("preparing", 0, 2)
    with transaction.atomic():
        progress("writing", 1, 2)
        if connection.vendor == "postgresql":
            seen_in_transaction.append(_row_seen_by_another_connection(job))
        else:
            seen_in_transaction.append(_row(job))


# --- running ----------------------------------------------------------------------------------


def test_a_job_runs_in_its_starters_language_and_keeps_its_progress_and_result(people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_progress, "INTERVAL_SECONDS", 60)  # within one phase, only the first report is written
    seen_in_steps.clear()
    job = start("tests.steps", user=people.commune_officer, org_path="00001", params={"asked": "x"}, language="vi")
    # Written when the phase changes; the second report of a phase waits for the interval.
    assert seen_in_steps == [("reading", 1, 4), ("reading", 1, 4), ("writing", 3, 4), ("writing", 3, 4)]
    assert job.status == JobStatus.DONE
    assert (job.phase, job.done, job.total, job.percent) == ("writing", 4, 4, 100)  # the last report, kept at the end
    assert job.result == {"rows": 4, "language": "vi", "asked": "x"}
    assert job.started_at is not None and job.finished_at is not None and job.started_at <= job.finished_at
    assert (job.created_by, job.org_path, job.message) == (people.commune_officer, "00001", "")


def test_a_job_speaks_the_language_of_the_request_that_started_it(people: Personas) -> None:
    assert start("tests.steps", user=people.member).result["language"] == "en"
    assert start("tests.steps", user=people.member, language="vi").language == "vi"


def test_the_job_page_shows_how_far_a_running_job_is_and_asks_again(people: Personas) -> None:
    job = Job.objects.create(
        kind="tests.steps", status=JobStatus.RUNNING, phase="reading", done=1, total=4, created_by=people.cell_secretary, language="en"
    )
    client = client_for(people.cell_secretary)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "<h1>Test steps</h1>" in page
    assert "Reading the rows" in page and "Running" in page
    assert '<progress max="100" value="25"' in page and "25% · 1 of 4" in page
    assert f'hx-get="/jobs/{job.pk}/status/" hx-trigger="every 1s"' in page
    fragment = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert "Reading the rows" in fragment and 'value="25"' in fragment and "<html" not in fragment
    Job.objects.filter(pk=job.pk).update(phase="sorting", done=3)
    fragment = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert "sorting" in fragment and 'value="75"' in fragment  # a phase the kind did not name shows its key
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, finished_at=timezone.now())
    done = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert "Done" in done and "hx-trigger" not in done and "<progress" not in done  # the page stops asking


def test_a_waiting_job_says_so(people: Personas) -> None:
    job = Job.objects.create(kind="tests.steps", created_by=people.cell_secretary, language="en")
    page = client_for(people.cell_secretary).get(f"/jobs/{job.pk}/").content.decode()
    assert "Waiting to start" in page and "Waiting for the worker to start it" in page
    assert '<progress max="100" aria-label' in page  # no value: the bar moves without saying how far
    assert "hx-trigger" in page


def test_only_the_user_who_started_a_job_sees_it(people: Personas) -> None:
    job = start("tests.export", user=people.commune_officer)
    mine = client_for(people.commune_officer)
    assert mine.get(f"/jobs/{job.pk}/").status_code == 200
    for other in (people.outsider, people.superuser, people.provincial_officer):
        client = client_for(other)
        for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status/", f"/jobs/{job.pk}/download/"):
            assert client.get(url).status_code == 404, (other, url)
    assert mine.get(f"/jobs/{job.pk + 1000}/").status_code == 404  # as a missing one
    assert client_for(None).get(f"/jobs/{job.pk}/")["Location"].startswith("/accounts/login/")


def test_the_list_shows_ones_own_jobs_newest_first(people: Personas) -> None:
    first = start("tests.export", user=people.commune_officer)
    second = start("tests.refused", user=people.commune_officer)
    start("tests.steps", user=people.outsider)
    page = client_for(people.commune_officer).get("/jobs/").content.decode()
    links = re.findall(r'href="/jobs/(\d+)/"', page)
    assert links == [str(second.pk), str(first.pk)]
    assert "Refused work" in page and "Failed" in page and "Test export" in page and "Test steps" not in page
    assert "You have not started any background job" in client_for(people.member).get("/jobs/").content.decode()


def test_the_list_is_paged(people: Personas) -> None:
    for _n in range(26):
        Job.objects.create(kind="tests.steps", created_by=people.viewer, language="en")
    client = client_for(people.viewer)
    assert len(re.findall(r'href="/jobs/\d+/"', client.get("/jobs/").content.decode())) == 25
    assert len(re.findall(r'href="/jobs/\d+/"', client.get("/jobs/?page=2").content.decode())) == 1


# --- failures ---------------------------------------------------------------------------------


def test_a_refused_job_shows_the_refusal(people: Personas) -> None:
    job = start("tests.refused", user=people.commune_officer)
    assert job.status == JobStatus.FAILED
    assert job.message == "The sheet has no citizen ID column (QĐ 1 §2)"
    page = client_for(people.commune_officer).get(f"/jobs/{job.pk}/").content.decode()
    assert "The sheet has no citizen ID column (QĐ 1 §2)" in page and 'role="alert"' in page
    assert "hx-trigger" not in page


def test_a_broken_job_fails_in_words_and_logs_no_personal_data(people: Personas, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    job = start("tests.broken", user=people.commune_officer, language="vi")
    assert job.status == JobStatus.FAILED
    assert job.message == "Công việc không hoàn thành và không có gì được lưu lại. Hãy thử lại sau."
    assert CITIZEN_ID not in job.message
    assert "IntegrityError" in caplog.text and f"job {job.pk}" in caplog.text
    assert CITIZEN_ID not in caplog.text
    page = client_for(people.commune_officer, "vi").get(f"/jobs/{job.pk}/").content.decode()
    assert "Hãy thử lại sau" in page and CITIZEN_ID not in page


def test_a_broken_job_leaves_no_file(people: Personas, settings: Any) -> None:
    before = set(Path(settings.JOB_FILES_DIR).glob("*"))
    job = start("tests.broken", user=people.commune_officer)
    assert job.status == JobStatus.FAILED and job.file_path == "" and job.file_name == ""
    assert set(Path(settings.JOB_FILES_DIR).glob("*")) == before


def test_a_job_cancelled_before_it_started_is_skipped(people: Personas) -> None:
    ran_cancelled.clear()
    job = Job.objects.create(kind="tests.never", created_by=people.member, language="en")
    assert cancel(job) is True and job.status == JobStatus.CANCELLED and job.finished_at is not None
    run_job.call(job.pk)  # the worker takes the queued task
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.started_at is None
    assert ran_cancelled == []
    done = start("tests.steps", user=people.member)
    assert cancel(done) is False and done.status == JobStatus.DONE  # too late: it ran


# --- files ---------------------------------------------------------------------------------------


def test_a_job_file_is_private_and_downloads_as_an_attachment_no_cache_keeps(people: Personas) -> None:
    job = start("tests.export", user=people.commune_officer)
    path = Path(job.file_path)
    assert job.status == JobStatus.DONE and job.file_name == "Danh sách đảng viên.xlsx"
    assert re.fullmatch(r"[0-9a-f]{32}\.xlsx", path.name)  # a random name, not the organization's
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    client = client_for(people.commune_officer)
    assert f'href="/jobs/{job.pk}/download/"' in client.get(f"/jobs/{job.pk}/").content.decode()
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Danh%20s%C3%A1ch%20%C4%91%E1%BA%A3ng%20vi%C3%AAn.xlsx" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store, private"
    assert b"".join(response.streaming_content) == CITIZEN_ID.encode()
    path.unlink()
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404  # pruned


def test_a_job_without_a_file_offers_no_download(people: Personas) -> None:
    job = start("tests.steps", user=people.commune_officer)
    client = client_for(people.commune_officer)
    assert "/download/" not in client.get(f"/jobs/{job.pk}/").content.decode()
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_prune_removes_old_jobs_their_files_and_files_no_job_holds(people: Personas, settings: Any) -> None:
    old = start("tests.export", user=people.commune_officer)
    recent = start("tests.export", user=people.commune_officer)
    running = Job.objects.create(kind="tests.steps", status=JobStatus.RUNNING, created_by=people.commune_officer, language="en")
    Job.objects.filter(pk__in=[old.pk, running.pk]).update(finished_at=timezone.now() - dt.timedelta(days=8))
    Job.objects.filter(pk=running.pk).update(finished_at=None, created_at=timezone.now() - dt.timedelta(days=30))
    orphan = Path(settings.JOB_FILES_DIR) / "0123456789abcdef0123456789abcdef.xlsx"  # a worker stopped mid-way
    orphan.write_bytes(b"x")
    eight_days_ago = (timezone.now() - dt.timedelta(days=8)).timestamp()
    os.utime(orphan, (eight_days_ago, eight_days_ago))
    call_command("jobs_prune", "--days", "10", verbosity=0)
    assert Job.objects.filter(pk=old.pk).exists() and Path(old.file_path).exists() and orphan.exists()
    call_command("jobs_prune", verbosity=0)  # 7 days
    assert not Job.objects.filter(pk=old.pk).exists() and not Path(old.file_path).exists()
    assert not orphan.exists()
    assert Job.objects.filter(pk=recent.pk).exists() and Path(recent.file_path).exists()
    assert Job.objects.filter(pk=running.pk).exists()  # not finished: left alone


# --- progress inside an all-or-nothing transaction ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_is_seen_at_once_on_postgresql(people: Personas) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a second connection writes the progress on PostgreSQL only")
    seen_in_transaction.clear()
    job = start("tests.all_or_nothing", user=people.commune_officer)
    assert seen_in_transaction == [("writing", 1, 2)]  # committed while the job's transaction was still open
    assert job.status == JobStatus.DONE and (job.phase, job.done) == ("writing", 1)
    assert getattr(job_progress._side, "connection", None) is None  # the second connection closed with the job


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_waits_for_its_end_on_sqlite(people: Personas) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer")
    seen_in_transaction.clear()
    job = start("tests.all_or_nothing", user=people.commune_officer)
    assert seen_in_transaction == [("preparing", 0, 2)]  # the phase set before the transaction
    assert job.status == JobStatus.DONE and (job.phase, job.done) == ("writing", 1)  # the last report, at the end


# --- the dashboard's attention list ----------------------------------------------------------------


def _breaking(html: str) -> int:
    found = re.search(r"Organizations breaking the size rules</a> <span class=\"count\">(\d+)<", html)
    return int(found.group(1)) if found else 0


def test_the_attention_list_is_counted_by_a_job_and_counted_again_on_request(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    make_member(tree.X1)
    assert _breaking(client.get("/members/attention/").content.decode()) == 3
    first = Job.objects.get(kind=ATTENTION)
    assert (first.status, first.created_by, first.org_path, first.language) == (JobStatus.DONE, people.commune_officer, tree.C1.path, "en")
    assert first.params["scope"] == tree.C1.pk
    breaking = next(i for i in first.result["items"] if i["label"] == "Organizations breaking the size rules")
    assert (breaking["count"], breaking["url"]) == (3, "/members/committees/warnings/")
    assert breaking["detail"] == "Official members and cell committees against the Charter's numbers."
    make_member(tree.X1)
    make_member(tree.X1)
    assert _breaking(client.get("/members/attention/").content.decode()) == 3  # the count of a moment ago
    assert Job.objects.filter(kind=ATTENTION).count() == 1
    recounted = client.get("/members/attention/?fresh=1").content.decode()
    assert _breaking(recounted) == 1 and "Count again" in recounted
    assert Job.objects.filter(kind=ATTENTION).count() == 2
    assert _breaking(client.get("/members/attention/").content.decode()) == 1  # the newest count
    # The job's own page shows the list it counted.
    newest = Job.objects.filter(kind=ATTENTION).first()
    assert _breaking(client.get(f"/jobs/{newest.pk}/").content.decode()) == 1


def test_an_old_count_or_another_language_or_user_is_counted_anew(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    client.get("/members/attention/")
    Job.objects.filter(kind=ATTENTION).update(created_at=timezone.now() - dt.timedelta(seconds=301))
    client.get("/members/attention/")
    assert Job.objects.filter(kind=ATTENTION).count() == 2
    client_for(people.commune_officer, "vi").get("/members/attention/")
    assert Job.objects.filter(kind=ATTENTION, language="vi").count() == 1
    client_for(people.provincial_officer).get("/members/attention/")
    assert Job.objects.filter(kind=ATTENTION, created_by=people.provincial_officer).count() == 1


def test_the_dashboard_shows_the_counts_progress_until_it_is_done(tree: Tree, people: Personas) -> None:
    make_member(tree.X1)
    client = client_for(people.commune_officer)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):  # queued, no worker
        waiting = client.get("/members/attention/").content.decode()
        job = Job.objects.get(kind=ATTENTION)
        assert job.status == JobStatus.QUEUED
        assert 'hx-get="/members/attention/" hx-trigger="every 1s"' in waiting
        assert "Waiting for the worker to start it" in waiting and "<progress" in waiting
        assert client.get("/members/attention/").status_code == 200
        assert Job.objects.filter(kind=ATTENTION).count() == 1  # asking again does not count again
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, phase="counting", done=2, total=4)
        running = client.get("/members/attention/").content.decode()
        assert "Counting" in running and 'value="50"' in running and "50% · 2 of 4" in running
        Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
        run_job.call(job.pk)  # the worker
        listed = client.get("/members/attention/").content.decode()
    assert _breaking(listed) == 3 and "Counted at" in listed and "hx-trigger" not in listed


def test_a_failed_count_says_so_and_offers_to_count_again(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    client.get("/members/attention/")
    Job.objects.filter(kind=ATTENTION).update(status=JobStatus.FAILED, message="The count failed.", result=None)
    page = client.get("/members/attention/").content.decode()
    assert "The count failed." in page and "?fresh=1" in page and "Counted at" not in page
