"""The appointment records' pages and API: proposed, stepped and documented by the organizing
board; read by the standing committee; out of sight of everyone else."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partybuilding.cadres.choices import AppointmentState, Title
from partybuilding.cadres.models import Appointment, AppointmentFile, Holding
from partybuilding.core.models import AuditEntry

from .cadre_targets import appointment_in, cadre_in, position_in
from .conftest import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_organizing_officer_proposes_consults_and_decides_on_the_pages(tree, people):
    cadre, post = cadre_in(tree.P), position_in(tree.P)
    client = client_for(people.provincial_officer)
    form = client.get("/cadres/appointments/new/")
    assert form.status_code == 200 and cadre.full_name in form.content.decode()
    submission = str(uuid.uuid4())
    data = {"submission": submission, "kind": "appointment", "cadre": cadre.pk, "position": post.pk, "proposed_on": "01/09/2026", "reason": "Đủ tiêu chuẩn"}  # fmt: skip
    answer = client.post("/cadres/appointments/new/", data)
    a = Appointment.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/cadres/appointments/{a.pk}/"
    assert client.post("/cadres/appointments/new/", data).status_code == 422  # a double click records once
    page = client.get(f"/cadres/appointments/{a.pk}/").content.decode()
    assert 'data-testid="step-consult"' in page and 'data-testid="step-withdraw"' in page
    step = {"version": a.version, "submission": str(uuid.uuid4()), "date": "02/09/2026", "votes_for": "5", "votes_total": "12"}
    assert client.post(f"/cadres/appointments/{a.pk}/consult/", step).status_code == 302
    assert "not passed" in client.get(f"/cadres/appointments/{a.pk}/").content.decode()
    a.refresh_from_db()
    step = {"version": a.version, "submission": str(uuid.uuid4()), "date": "03/09/2026", "votes_for": "10", "votes_total": "12"}
    assert client.post(f"/cadres/appointments/{a.pk}/consult/", step).status_code == 302
    a.refresh_from_db()
    decide = {"version": a.version, "submission": str(uuid.uuid4()), "decision_number": "45-QĐ/TU", "decision_date": "15/09/2026"}
    assert client.post(f"/cadres/appointments/{a.pk}/decide/", decide).status_code == 302
    a.refresh_from_db()
    assert a.state == AppointmentState.DECIDED and Holding.objects.filter(cadre=cadre, position=post, ended_on=None).exists()
    assert AuditEntry.objects.filter(action="appointment.decide", object_id=str(a.pk)).exists()


def test_a_refusal_on_the_page_names_its_rule(tree, people):
    client = client_for(people.provincial_officer)
    cadre, post = cadre_in(tree.P), position_in(tree.P, Title.HEAD)
    data = {"submission": str(uuid.uuid4()), "kind": "dismissal", "cadre": cadre.pk, "position": post.pk, "proposed_on": "01/09/2026"}
    answer = client.post("/cadres/appointments/new/", data)
    assert answer.status_code == 422 and "does not hold the post" in answer.content.decode() and "80-QĐ/TW" in answer.content.decode()


def test_documents_are_pdf_files_served_as_attachments_to_those_who_read_the_record(tree, people):
    a = appointment_in(tree.P)
    client = client_for(people.provincial_officer)
    fake = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    assert client.post(f"/cadres/appointments/{a.pk}/files/new/", {"title": "Tờ trình", "file": fake}).status_code == 422
    good = SimpleUploadedFile("to-trinh.pdf", PDF, "application/pdf")
    assert client.post(f"/cadres/appointments/{a.pk}/files/new/", {"title": "Tờ trình", "file": good}).status_code == 302
    row = AppointmentFile.objects.get()
    download = client_for(people.standing_member).get(f"/cadres/appointment-files/{row.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    assert client_for(people.outsider).get(f"/cadres/appointment-files/{row.pk}/").status_code == 404
    assert client_for(people.cell_secretary).get(f"/cadres/appointment-files/{row.pk}/").status_code == 404
    listed = client_for(people.standing_member).get(f"/api/cadres/appointments/{a.pk}/files").json()
    assert [f["title"] for f in listed] == ["Tờ trình"]


def test_the_standing_committee_reads_but_takes_no_step(tree, people):
    a = appointment_in(tree.P)
    client = client_for(people.standing_member)
    page = client.get(f"/cadres/appointments/{a.pk}/")
    assert page.status_code == 200 and 'data-testid="step-consult"' not in page.content.decode()
    assert client.get(f"/cadres/appointments/{a.pk}/consult/").status_code == 403
    assert client.get("/cadres/appointments/new/").status_code == 403
    assert client_for(people.member).get(f"/cadres/appointments/{a.pk}/").status_code == 404


def test_the_list_filters_and_exports_with_an_audited_export(tree, people):
    a = appointment_in(tree.P)
    client = client_for(people.provincial_officer)
    assert a.cadre.full_name in client.get("/cadres/appointments/?kind=appointment").content.decode()
    assert "No appointment record matches." in client.get("/cadres/appointments/?kind=dismissal").content.decode()
    xlsx = client.get("/cadres/appointments/appointments.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    assert AuditEntry.objects.filter(action="cadres.appointments.export", after__rows=1).exists()


def test_the_api_proposes_and_takes_a_step_by_name(tree, people):
    cadre, post = cadre_in(tree.P), position_in(tree.P)
    client = client_for(people.provincial_officer)
    body = {"kind": "appointment", "cadre_id": cadre.pk, "position_id": post.pk, "proposed_on": "2026-09-01", "reason": "Đủ tiêu chuẩn"}
    created = client.post("/api/cadres/appointments", body, content_type="application/json")
    assert created.status_code == 201
    a = created.json()
    assert a["state"] == "proposed" and a["passed"] is None and a["steps"][0]["kind"] == "propose"
    vote = {"date": "2026-09-02", "votes_for": 3, "votes_total": 12, "version": a["version"]}
    voted = client.post(f"/api/cadres/appointments/{a['id']}/steps/consult", vote, content_type="application/json").json()
    assert voted["state"] == "consulted" and voted["passed"] is False
    refused = client.post(
        f"/api/cadres/appointments/{a['id']}/steps/decide",
        {"decision_number": "1-QĐ", "decision_date": "2026-09-10"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "did not pass" in refused.json()["detail"]
    assert client_for(people.standing_member).post("/api/cadres/appointments", body, content_type="application/json").status_code == 403
    assert client_for(people.outsider).get(f"/api/cadres/appointments/{a['id']}").status_code == 404
    listed = client_for(people.standing_member).get(f"/api/cadres/appointments?within={tree.P.pk}&kind=appointment").json()
    assert [row["id"] for row in listed["items"]] == [a["id"]]
    assert dt.date.fromisoformat(listed["items"][0]["proposed_on"]) == dt.date(2026, 9, 1)
