"""Who denounced is shown only to the denunciation's current handlers: every page and API
route of the inspections, read by every persona (the superuser and the administrator
included) and by a handler, shows the denouncer's name and telephone to the handler alone —
in pages, Excel exports and API answers — and the audit log never holds them."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from partybuilding.accounts.models import User
from partybuilding.core.models import AuditEntry
from partybuilding.inspections.choices import Channel, SubjectKind
from partybuilding.inspections.models import Denunciation
from partybuilding.inspections.models.denunciations import IDENTITY_FIELDS
from partybuilding.inspections.services.denunciations import DENUNCIATION, denunciation_record, handler_assign, handler_release
from partybuilding.members.models import Member

from .conftest import PERSONA_ROLES, Personas, Tree, client_for, make_user
from .members_factories import make_member
from .test_permission_matrix import walk

pytestmark = pytest.mark.django_db

NAME, PHONE = "Đinh Bí Mật Tốcáo", "0987654321"
IDENTITY = {
    "denouncer_name": NAME,
    "denouncer_address": "Ngõ Vắng, phường Kín",
    "denouncer_phone": PHONE,
    "denouncer_email": "bimat@example.vn",
    "denouncer_id_number": "001088765432",
}
MARKERS = (NAME, PHONE)


def text_of(response: Any) -> str:
    """What a response shows: its page or JSON, or the cells of its workbook."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # an Excel workbook: its sheets' XML
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return " ".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    text = body.decode(errors="replace")
    return json.dumps(json.loads(text), ensure_ascii=False) if response.get("Content-Type", "").startswith("application/json") else text


def inspection_urls(d: Denunciation, tree: Tree, handler: User) -> Iterator[str]:
    """Every inspections page and API route (GET), filled with the denunciation's ids."""
    values = {"pk": d.pk, "denunciation_id": d.pk, "user_id": handler.pk, "org_pk": tree.C1.pk, "org_id": tree.C1.pk}
    for route, pattern in walk(get_resolver().url_patterns):
        if not route.startswith(("inspections/", "api/inspections")):
            continue
        assert isinstance(pattern, URLPattern)
        names = list(pattern.pattern.converters)
        kinds = [*DENUNCIATION.steps] if "kind" in names else [""]
        for kind in kinds:
            filled = route
            for name in names:
                value = kind if name == "kind" else values.get(name, 1)
                filled = re.sub(rf"<(?:\w+:)?{name}>", str(value), filled)
            yield "/" + filled
            yield f"/{filled}?within={tree.C1.pk}"


@pytest.fixture
def denounced(tree: Tree, people: Personas) -> tuple[Denunciation, User]:
    """A denunciation of cell X1 handled by commune C1's commission, being handled, with one
    current handler (an inspection officer of the province) and one released."""
    handler = make_user("kiemtra.xuly", "inspection_officer", tree.P)
    d = denunciation_record(
        actor=people.inspection_officer,
        organization=tree.C1,
        channel=Channel.LETTER,
        received_on=dt.date(2026, 11, 2),
        subject_kind=SubjectKind.ORGANIZATION,
        subject_organization=tree.X1,
        summary="Tố cáo chi bộ thu sai đảng phí",
        **IDENTITY,
    )
    handler_assign(actor=people.inspection_officer, denunciation=d, user=handler, date=dt.date(2026, 11, 2))
    first = d.handlers.get(user=people.inspection_officer)
    handler_release(actor=people.admin, handler=first, date=dt.date(2026, 11, 3))  # released: no longer reads it
    d = DENUNCIATION.run("accept", actor=handler, obj=d, date=dt.date(2026, 11, 3))
    return d, handler


def test_no_one_but_a_current_handler_reads_who_denounced_on_any_route(tree: Tree, people: Personas, denounced: Any) -> None:
    d, handler = denounced
    readers = {persona: client_for(getattr(people, persona)) for persona in PERSONA_ROLES}
    for client in readers.values():
        client.raise_request_exception = False  # a page of another area still being built answers 500: it shows nothing
    leaks = []
    for url in inspection_urls(d, tree, handler):
        for persona, client in readers.items():
            response = client.get(url)
            shown = text_of(response)
            leaks += [f"{persona} {url} ({response.status_code})" for marker in MARKERS if marker in shown]
    assert leaks == []
    # the positive control: the handler reads it on the page and through the API
    client = client_for(handler)
    assert all(m in text_of(client.get(f"/inspections/denunciations/{d.pk}/")) for m in MARKERS)
    assert all(m in text_of(client.get(f"/api/inspections/denunciations/{d.pk}")) for m in MARKERS)
    # but not in the list or its export, where no identity is ever written
    for url in (f"/inspections/denunciations/?within={tree.C1.pk}", f"/inspections/denunciations/export/?within={tree.C1.pk}"):
        assert not any(m in text_of(client.get(url)) for m in MARKERS), url
    assert not any(m in text_of(client.get(f"/api/inspections/denunciations?within={tree.C1.pk}")) for m in MARKERS)


def test_the_api_answers_null_for_who_denounced_to_non_handlers(tree: Tree, people: Personas, denounced: Any) -> None:
    d, handler = denounced
    for user in (people.superuser, people.admin, people.inspection_officer):
        body = client_for(user).get(f"/api/inspections/denunciations/{d.pk}").json()
        assert body["denouncer"] is None and not set(IDENTITY_FIELDS) & set(body)
    assert client_for(handler).get(f"/api/inspections/denunciations/{d.pk}").json()["denouncer"]["denouncer_phone"] == PHONE


def test_each_reading_by_a_handler_is_audited_without_the_identity(tree: Tree, people: Personas, denounced: Any) -> None:
    d, handler = denounced
    client = client_for(handler)
    client.get(f"/inspections/denunciations/{d.pk}/")
    client.get(f"/api/inspections/denunciations/{d.pk}")
    client_for(people.admin).get(f"/inspections/denunciations/{d.pk}/")  # not a handler: nothing read
    reads = AuditEntry.objects.filter(action="denunciation.identity_read", object_id=str(d.pk))
    assert [(e.actor, e.after) for e in reads.order_by("pk")] == [(handler, {"read_in": "page"}), (handler, {"read_in": "api"})]
    for entry in AuditEntry.objects.all():
        logged = json.dumps([entry.before, entry.after, entry.object_repr], ensure_ascii=False, default=str)
        assert not any(value in logged for value in IDENTITY.values()), entry.action
    recorded = AuditEntry.objects.get(action="denunciation.record", object_id=str(d.pk))
    assert recorded.after["denouncer_name"] == "present" and recorded.after["denouncer_phone"] == "present"


def test_the_subject_never_sees_who_denounced_them_even_if_assigned_before(tree: Tree, people: Personas) -> None:
    """A member denounced, who inspects: refused as a handler, and even a handler row made
    by other means does not open the identity to them."""
    subject_user = make_user("kiemtra.bi.to", "inspection_officer", tree.P)
    member = make_member(tree.X1)
    Member.objects.filter(pk=member.pk).update(user=subject_user)
    member.refresh_from_db()
    d = denunciation_record(
        actor=people.inspection_officer,
        organization=tree.C1,
        channel=Channel.PHONE,
        received_on=dt.date(2026, 11, 2),
        subject_kind=SubjectKind.MEMBER,
        subject_member=member,
        summary="Tố cáo đảng viên",
        **IDENTITY,
    )
    d.handlers.create(user=subject_user, assigned_on=dt.date(2026, 11, 2))
    client = client_for(subject_user)
    assert not any(m in text_of(client.get(f"/inspections/denunciations/{d.pk}/")) for m in MARKERS)
    assert client.get(f"/api/inspections/denunciations/{d.pk}").json()["denouncer"] is None


def test_a_released_handler_no_longer_reads_it(tree: Tree, people: Personas, denounced: Any) -> None:
    d, _handler = denounced
    page = text_of(client_for(people.inspection_officer).get(f"/inspections/denunciations/{d.pk}/"))
    assert 'data-testid="denouncer-hidden"' in page and NAME not in page


def test_the_search_never_reads_who_denounced(tree: Tree, people: Personas, denounced: Any) -> None:
    _d, handler = denounced
    client: Client = client_for(handler)
    found = text_of(client.get(f"/inspections/denunciations/?within={tree.C1.pk}&q=Bi Mat"))
    assert "Tố cáo chi bộ" not in found
    found = text_of(client.get(f"/inspections/denunciations/?within={tree.C1.pk}&q=thu sai dang phi"))
    assert "Tố cáo chi bộ" in found
