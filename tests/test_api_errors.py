"""Every API error is JSON, `{"detail": …}`, with its status, never a 500, whatever DEBUG says.

Each request below was a server error (or an HTML page) once: out-of-range numbers and
years, unknown choices, an impossible target, a refusal of the right to act. The
documented responses are checked against the real ones where they once differed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError
from django.test import Client, RequestFactory
from ninja import Schema

from partybuilding.accounts.services import token_create
from partybuilding.admissions.models import AdmissionTarget
from partybuilding.api.api import api
from partybuilding.dues.models import Payment
from partybuilding.organizations.models import CommitteeTerm, Organization

from .conftest import Personas, Tree, client_for

pytestmark = pytest.mark.django_db

DECISION = {"date": "2025-09-01", "decision_number": "12-QĐ/TU", "decision_date": "2025-08-28", "decided_by": "Ban Thường vụ"}
HUGE = 10**20  # past any 64-bit integer
DEBUG_MODES = [pytest.param(False, id="DEBUG off"), pytest.param(True, id="DEBUG on")]


@pytest.fixture(params=DEBUG_MODES)
def debug(request: pytest.FixtureRequest, settings: Any) -> bool:
    settings.DEBUG = request.param
    return bool(request.param)


def token_client(user: Any) -> Client:
    """A script's client: a bearer token, and a server error answered (500) rather than raised."""
    _token, key = token_create(actor=user, user=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)


@pytest.fixture
def admin(people: Personas) -> Client:
    return token_client(people.admin)


def error(response: Any, status: int) -> Any:
    """The JSON error body of a response with `status`."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["detail"], body
    return body


def invalid(response: Any, *name: str) -> None:
    """A 422 naming the parameter (where it was sent, then its name)."""
    body = error(response, 422)
    assert any(tuple(issue["loc"][-len(name) :]) == name for issue in body["detail"]), body


def post(client: Client, url: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


# --- numbers, years and choices out of range: 422 naming the field, before any query ------------


def test_a_page_past_any_list(debug: bool, admin: Client) -> None:
    invalid(admin.get("/api/organizations", {"page": "99999999999999999999"}), "query", "page")
    assert admin.get("/api/organizations", {"page": 100_000}).json()["items"] == []  # the last page one may ask: empty


def test_an_admission_report_of_year_zero(debug: bool, admin: Client, tree: Tree) -> None:
    response = admin.get(f"/api/admissions/report/{tree.P.pk}", {"from_year": 0, "to_year": 0})
    invalid(response, "query", "from_year")
    invalid(response, "query", "to_year")


def test_arrears_of_a_negative_year(debug: bool, admin: Client, tree: Tree) -> None:
    invalid(admin.get(f"/api/dues/arrears/{tree.P.pk}", {"year": -202}), "query", "year")


def test_a_board_stuck_for_longer_than_the_calendar(debug: bool, admin: Client, tree: Tree) -> None:
    invalid(admin.get(f"/api/admissions/board/{tree.P.pk}", {"stuck_days": 1964656272403}), "query", "stuck_days")
    assert admin.get(f"/api/admissions/board/{tree.P.pk}", {"stuck_days": 36_600}).status_code == 200


def test_working_days_past_the_calendar(debug: bool, admin: Client) -> None:
    invalid(admin.get("/api/rules/working-days", {"start": "2026-12-01", "days": 99999999}), "query", "days")
    assert admin.get("/api/rules/working-days", {"start": "2026-12-01", "days": -3}).json()["date"] == "2026-11-26"


def test_a_term_of_negative_years(debug: bool, admin: Client, tree: Tree) -> None:
    invalid(post(admin, f"/api/organizations/{tree.C1.pk}/terms", {"start_year": -1, "end_year": 3}), "body", "payload", "start_year")
    assert not CommitteeTerm.objects.filter(organization=tree.C1).exists()


def test_an_organization_of_an_unknown_kind(debug: bool, admin: Client, tree: Tree) -> None:
    body = {"parent_id": tree.G1.pk, "code": "X9", "name": "Chi bộ Thôn Nam", "kind": "xyz", **DECISION}
    response = post(admin, "/api/organizations", body)
    invalid(response, "body", "payload", "kind")
    assert "'cell'" in response.json()["detail"][0]["msg"]  # the message lists the kinds there are
    assert not Organization.objects.filter(code="X9").exists()


def test_a_payment_for_a_member_id_past_64_bits(debug: bool, admin: Client) -> None:
    payment = {"member_id": HUGE, "month": "2026-01-01", "amount": 50_000}
    response = post(admin, "/api/dues/payments", {"submission": str(uuid.uuid4()), "payments": [payment]})
    invalid(response, "body", "payload", "payments", 0, "member_id")
    assert not Payment.objects.exists()


def test_an_admission_target_past_any_province(debug: bool, admin: Client, tree: Tree) -> None:
    invalid(post(admin, f"/api/admissions/targets/{tree.C1.pk}", {"year": 2026, "target": HUGE}, "put"), "body", "payload", "target")
    assert not AdmissionTarget.objects.exists()


def test_an_id_past_64_bits_in_the_path(debug: bool, admin: Client) -> None:
    invalid(admin.get(f"/api/organizations/{HUGE}"), "path", "org_id")
    invalid(admin.get(f"/api/members/{HUGE}"), "path", "member_id")


# --- impossible operations: refused by a rule that says why -------------------------------------


def test_the_top_of_the_tree_has_no_target_to_set(debug: bool, admin: Client, tree: Tree) -> None:
    body = error(post(admin, f"/api/admissions/targets/{tree.P.pk}", {"year": 2026, "target": 30}, "put"), 422)
    assert "level above" in body["detail"] and tree.P.name in body["detail"]
    assert body["rule"]
    assert not AdmissionTarget.objects.exists()
    below = post(admin, f"/api/admissions/targets/{tree.C1.pk}", {"year": 2026, "target": 30}, "put")  # set by the province
    assert below.json() == {"organization_id": tree.C1.pk, "year": 2026, "target": 30}


# --- 403, 404: JSON in both modes ---------------------------------------------------------------


def test_a_refused_right_is_403_json(debug: bool, people: Personas, tree: Tree) -> None:
    viewer = token_client(people.viewer)  # sees the province, may not restructure it
    body = error(post(viewer, f"/api/organizations/{tree.X1.pk}/rename", {"name": "Tên mới", **DECISION}), 403)
    assert "Traceback" not in body["detail"]
    error(post(viewer, f"/api/admissions/targets/{tree.X1.pk}", {"year": 2026, "target": 3}, "put"), 403)
    tree.X1.refresh_from_db()
    assert tree.X1.name == "Chi bộ Thôn Đông"


def test_a_404_is_json_missing_out_of_scope_or_no_such_path(debug: bool, people: Personas, tree: Tree) -> None:
    officer = token_client(people.commune_officer)
    missing = error(officer.get("/api/organizations/999999"), 404)
    outside = error(officer.get(f"/api/organizations/{tree.Y1.pk}"), 404)
    assert missing == outside  # nothing tells an object outside the scope from a missing one
    error(officer.get("/api/no-such-thing"), 404)
    error(officer.get("/api/members/-1"), 404)  # no member route takes a negative id
    error(Client().get("/api/no-such-thing"), 404)


# --- the safety nets: the database's refusals and Django's validation are 422 JSON --------------


def test_a_django_validation_error_is_422_naming_its_field(debug: bool) -> None:
    request = RequestFactory().post("/api/organizations")
    response = api.on_exception(request, ValidationError({"code": ["This code is taken."]}))
    assert response.status_code == 422
    body = json.loads(response.content)
    assert body == {"detail": "This code is taken.", "rule": "", "field": "code"}


@pytest.mark.parametrize("exc", [OverflowError("Python int too large to convert to SQLite INTEGER"), DataError("out of range")])
def test_a_value_the_database_cannot_hold_is_422_naming_it(debug: bool, exc: Exception) -> None:
    request = RequestFactory().get("/api/organizations", {"within": str(HUGE)})
    response = api.on_exception(request, exc)
    assert response.status_code == 422
    body = json.loads(response.content)
    assert str(HUGE) in body["detail"] and body["field"] == "within"


# --- the documented responses are the real ones ---------------------------------------------------


def schema_of(reference: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"][reference["$ref"].rsplit("/", 1)[1]]


def test_an_organizations_history_is_documented_as_organization_events(admin: Client, tree: Tree) -> None:
    document = api.get_openapi_schema(path_prefix="/api")
    ok = document["paths"]["/api/organizations/{org_id}/history"]["get"]["responses"][200]["content"]["application/json"]["schema"]
    documented = set(schema_of(ok["items"], document)["properties"])
    real = admin.get(f"/api/organizations/{tree.X1.pk}/history").json()
    assert real and set(real[0]) == documented
    assert {"before", "after", "related_id"} <= documented


@pytest.mark.parametrize("path", ["/api/members/import", "/api/dues/import"])
def test_an_imports_422_is_documented_as_its_report(path: str, admin: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = api.get_openapi_schema(path_prefix="/api")
    refused = document["paths"][path]["post"]["responses"][422]["content"]["application/json"]["schema"]
    reports = [schema_of(s, document) for s in refused["anyOf"] if "issues" in schema_of(s, document)["properties"]]
    upload = SimpleUploadedFile("rows.csv", b"not,a,template\n1,2,3\n", content_type="text/csv")
    real = admin.post(path, {"file": upload})
    assert real.status_code == 422
    assert len(reports) == 1 and set(real.json()) == set(reports[0]["properties"])
    issue = schema_of(reports[0]["properties"]["issues"]["items"], document)
    assert set(real.json()["issues"][0]) == set(issue["properties"])


def unbounded(schema: dict[str, Any], document: dict[str, Any], where: str) -> Iterator[str]:
    """The places in an input schema where a number, a text or a list has no bound."""
    if "$ref" in schema:
        schema = schema_of(schema, document)
    for choice in schema.get("anyOf", ()):
        yield from unbounded(choice, document, where)
    kind, given = schema.get("type"), set(schema)
    bounded = {
        "integer": bool({"minimum", "exclusiveMinimum"} & given and {"maximum", "exclusiveMaximum"} & given),
        "string": bool({"enum", "const", "format", "maxLength"} & given),
    }
    if not bounded.get(kind, True):
        yield where
    if kind == "array":
        if "maxItems" not in schema:
            yield where
        yield from unbounded(schema["items"], document, f"{where}[]")
    for name, field in schema.get("properties", {}).items():
        yield from unbounded(field, document, f"{where}.{name}")


def test_every_number_text_and_list_the_api_takes_is_bounded() -> None:
    """What the database stores has a size: each input says its own, so that a value past it
    is refused by the schema (422) rather than by the database."""
    document = api.get_openapi_schema(path_prefix="/api")
    found: list[str] = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", ()):
                found += unbounded(parameter["schema"], document, f"{method} {path} {parameter['name']}")
            for body in operation.get("requestBody", {}).get("content", {}).values():
                found += unbounded(body["schema"], document, f"{method} {path} body")
    assert found == []


def test_every_schema_of_the_api_has_a_name_of_its_own() -> None:
    """The OpenAPI document names each schema by its class: two classes of one name would
    document one operation with the other's body."""
    seen: dict[str, type] = {}
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("partybuilding."):
            assert seen.setdefault(cls.__name__, cls) is cls, f"{cls.__module__}.{cls.__name__} and {seen[cls.__name__].__module__}"


def test_every_operation_documents_its_401(debug: bool) -> None:
    error(Client().get("/api/organizations"), 401)
    document = api.get_openapi_schema(path_prefix="/api")
    undocumented = [
        f"{method} {path}" for path, methods in document["paths"].items() for method, op in methods.items() if 401 not in op["responses"]
    ]
    assert undocumented == []


def test_a_stale_version_is_409_with_the_current_one(admin: Client, tree: Tree) -> None:
    body = error(
        post(admin, f"/api/organizations/{tree.X1.pk}/rename", {"name": "Tên mới", "version": tree.X1.version + 5, **DECISION}), 409
    )
    assert body["current_version"] == tree.X1.version
    document = api.get_openapi_schema(path_prefix="/api")
    assert 409 in document["paths"]["/api/organizations/{org_id}/rename"]["post"]["responses"]


def test_a_method_a_path_does_not_take_is_json_too(people: Any) -> None:
    response = client_for(people.admin).delete("/api/organizations")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "DELETE" in response.json()["detail"] and "GET" in response["Allow"]
