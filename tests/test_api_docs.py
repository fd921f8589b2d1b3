"""The API's documentation (`/api/docs`, `/api/openapi.json`) in the reader's language:
every operation's summary and every field's and parameter's description, in Vietnamese
and in English, following the request's language and never a language cached from an
earlier request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import Personas, client_for

pytestmark = pytest.mark.django_db

# Letters only Vietnamese writes: a text holding none is not Vietnamese.
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE)


def schema(language: str, people: Personas) -> dict[str, Any]:
    response = client_for(people.viewer, language).get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def descriptions(node: Any, where: str = "") -> Iterator[tuple[str, str | None]]:
    """(where, description) of every schema property and every parameter."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            choices = [prop, *prop.get("anyOf", ())]
            yield f"{where}.{name}", next((c["description"] for c in choices if "description" in c), None)
        for parameter in node.get("parameters", ()):
            yield f"{where}?{parameter['name']}", parameter.get("description")
        for key, value in node.items():
            yield from descriptions(value, f"{where}/{key}")
    elif isinstance(node, list):
        for value in node:
            yield from descriptions(value, where)


def test_every_operation_has_a_vietnamese_summary_and_an_english_one(people: Personas) -> None:
    english, vietnamese = schema("en", people), schema("vi", people)
    pairs = {name: (op["summary"], dict(operations(vietnamese))[name]["summary"]) for name, op in operations(english)}
    assert len(pairs) > 50
    left_in_english = [name for name, (en, vi) in pairs.items() if en == vi or not VIETNAMESE.search(vi)]
    assert left_in_english == []
    assert [name for name, (en, _) in pairs.items() if VIETNAMESE.search(en)] == []
    assert pairs["GET /api/members/badges/due"][1].startswith("Các đảng viên chính thức")
    assert pairs["GET /api/organizations/{org_id}"][0] == "An organization, its ancestors and its subtree counts"


def test_every_field_and_parameter_is_described_in_both_languages(people: Personas) -> None:
    english, vietnamese = dict(descriptions(schema("en", people))), dict(descriptions(schema("vi", people)))
    assert english.keys() == vietnamese.keys() and len(english) > 300
    assert [where for where, text in english.items() if not text] == []
    same = [where for where, text in english.items() if vietnamese[where] == text]
    assert same == []
    assert vietnamese["/components/schemas/MemberOut.date_of_birth"] == "Ngày sinh"
    assert english["/components/schemas/MemberOut.date_of_birth"] == "The date of birth"


def test_the_title_sections_and_answers_follow_the_language(people: Personas) -> None:
    english, vietnamese = schema("en", people), schema("vi", people)
    assert (english["info"]["title"], vietnamese["info"]["title"]) == ("Party Building API", "API Xây dựng Đảng")
    assert {t["name"]: t["description"] for t in vietnamese["tags"]}["dues"] == "Đảng phí"
    answer = vietnamese["paths"]["/api/members/{member_id}"]["get"]["responses"]["404"]["description"]
    assert answer == "Không tìm thấy, hoặc nằm ngoài phạm vi của bạn"


def test_the_schema_is_built_per_request_never_kept_from_another_language(people: Personas) -> None:
    summaries = [schema(language, people)["paths"]["/api/rules"]["get"]["summary"] for language in ("vi", "en", "vi")]
    assert summaries == [
        "Các quy định có hiệu lực vào một ngày (mặc định là hôm nay)",
        "The rules in force on a date (today by default)",
        "Các quy định có hiệu lực vào một ngày (mặc định là hôm nay)",
    ]


def test_the_accept_language_header_alone_chooses_the_language(people: Personas) -> None:
    client = client_for(people.viewer)
    del client.cookies["django_language"]  # no language chosen on the site
    for header, summary in (("en", "The rules in force"), ("vi", "Các quy định có hiệu lực"), ("vi-VN,vi;q=0.9", "Các quy định")):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = header
        assert client.get("/api/openapi.json").json()["paths"]["/api/rules"]["get"]["summary"].startswith(summary)


def test_every_operation_reading_a_json_body_documents_the_400_of_a_body_that_is_not_json(people: Personas) -> None:
    """A body that does not parse is answered 400 before the operation runs: a client
    reading the documentation must find that answer."""
    reading_json = {
        name: operation
        for name, operation in operations(schema("en", people))
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    }
    assert "POST /api/statistics/checks" in reading_json
    assert [name for name, operation in reading_json.items() if "400" not in operation["responses"]] == []
