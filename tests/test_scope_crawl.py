"""The scope crawl: every route of the site and every operation of the API, asked for the
objects of the sibling commune C2 by the officer of commune C1 and by a plain member of
cell X1. Each answers exactly as for a missing object (404), and no table changes.

Where the permission matrix (tests/test_permission_matrix.py) checks what each route is
declared to need, the crawl declares nothing per route. It reads the routes from the URL
resolver and the operations from the OpenAPI document; fills every object id with C2's
object of the matching kind (by the parameter's name; `pk` by the route's name), every step
name with each step of its workflow; gives C2 to every list that reads an organization
(found by asking the superuser for one that does not exist); and sends each with GET and
POST (and the API's PUT/PATCH/DELETE where the operation has them) with a plausible body:
the form the superuser is offered on the same page, or JSON built from the operation's
schema. A route whose parameter it cannot fill fails `test_every_route_parameter_is_mapped`,
which names it: a new route is crawled as soon as it is mapped.

Around each request the rows of every table are counted. As every write records an audit
entry (CONTRIBUTING: Audit), an update shows in the counts too.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import time
import types
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse

from partybuilding.accounts.models import User
from partybuilding.accounts.services import token_create
from partybuilding.admissions.choices import Stage
from partybuilding.admissions.services import CANDIDATE, admission_target_set
from partybuilding.api.api import api
from partybuilding.assessments.services.organizations import ORG_RATING
from partybuilding.assessments.services.ratings import RATING
from partybuilding.cadres.services.appointments import APPOINTMENT
from partybuilding.core.audit import audit_record
from partybuilding.core.jobs import start
from partybuilding.core.records import Decision
from partybuilding.core.workflow import Workflow
from partybuilding.directives.services.tasks import TASK
from partybuilding.dues.services import relief_record
from partybuilding.inspections.models import Handler
from partybuilding.inspections.services.appeals import APPEAL
from partybuilding.inspections.services.cases import CASE
from partybuilding.inspections.services.denunciations import DENUNCIATION
from partybuilding.meetings.choices import Presence
from partybuilding.members.badges.services import badge_award
from partybuilding.members.choices import IN_LIST
from partybuilding.members.lifecycle.services import LIFECYCLE, member_exempt
from partybuilding.members.models import Member
from partybuilding.members.transfers.services import TRANSFER
from partybuilding.organizations.services import RESTRUCTURING

from .accounts_factories import role_held_in
from .admissions_factories import make_candidate, walk
from .assessment_targets import objects_of
from .cadre_appointment_targets import appointments_objects_of
from .cadre_planning_targets import planning_objects_of
from .cadre_records_targets import records_objects_of
from .conftest import PERSONA_USERNAMES, client_for, load_tree, shared_by_the_module
from .directive_a_targets import file_in, issuer_in, resolution_in
from .directive_b_targets import objects_of as task_objects_of
from .directive_c_targets import study_objects_of
from .dues_bank_targets import credit_in
from .dues_factories import member_with_base, open_months, pay
from .inspection_a_targets import objects_of as case_objects_of
from .inspection_b_targets import PAGE_STEPS as DISCIPLINE_STEPS
from .inspection_b_targets import objects_of as discipline_objects_of
from .inspection_c_targets import denunciation_in
from .inspection_c_targets import objects_of as denunciation_objects_of
from .meetings_checkin_targets import conflict_of, scanned_code_of
from .meetings_factories import held_meeting, meeting_with_a_file
from .member_rewards_targets import objects_of as reward_objects_of
from .members_factories import committee_role, import_job, letter_out_of_the_system, make_member
from .notification_targets import notice_of, rule_in
from .statistics_check_targets import check_job_of
from .statistics_reported_targets import reported_objects_of
from .test_permission_matrix import API_DOCUMENTS, SKIPPED
from .test_permission_matrix import walk as walk_routes

pytestmark = pytest.mark.django_db

# The officer of the commune beside C2, and a plain member of a cell of that commune.
PERSONAS = ("commune_officer", "member")

# --- how a route names an object ------------------------------------------------------------

# A parameter of this name holds the id of an object of this kind, whatever the route (in a
# path, a query or a JSON body).
OBJECT_PARAMETERS = {
    "org_id": "organization",
    "org_pk": "organization",
    "province_pk": "organization",  # C2 is no province: its id is refused as any out of scope
    "within": "organization",  # a list's organization (core.scope.list_scope, the API's filters)
    "parent": "organization",  # the tree as of a past date, under a parent
    "parent_id": "organization",
    "organization_id": "organization",
    "new_parent_id": "organization",
    "into_id": "organization",
    "to_organization_id": "organization",
    "member_pk": "member",
    "member_id": "member",
    "candidate_id": "candidate",
    "meeting_id": "meeting",
    "transfer_id": "transfer",
    "term_id": "term",
    "role_id": "committee_role",
    "round_pk": "round",  # a round's organization ratings
    **{"round_id": "round", "rating_id": "rating", "org_rating_id": "org_rating", "registration_id": "four_good"},
    **{
        "denunciation_id": "denunciation",
        "repeat_of_id": "denunciation",
        "subject_member_id": "member",
        "subject_organization_id": "organization",
        "user_id": "user",
    },
    **{"programme_id": "programme", "item_id": "programme_item", "case_id": "case", "shortcoming_id": "shortcoming"},
    **{"discipline_id": "discipline", "suspension_id": "suspension", "appeal_id": "appeal"},
    # directives: documents parameters
    **{"issuer_id": "issuer", "document_id": "directive_document", "file_id": "directive_file"},
    **{"implements_id": "directive_document", "replaces_id": "directive_document"},
    # end directives: documents parameters
    # directives: tasks parameters
    **{"task_id": "directive_task", "responsible_member_id": "member", "organization_ids": "organization"},
    # end directives: tasks parameters
    # directives: study parameters
    **{"campaign_id": "study_campaign", "session_id": "study_session", "assignment_id": "study_assignment"},
    # end directives: study parameters
    # cadres: records parameters
    **{"cadre_id": "cadre", "position_id": "cadre_position", "training_id": "cadre_training", "managed_by_id": "organization"},
    # end cadres: records parameters
    # cadres: planning parameters
    **{"planning_id": "cadre_planning", "entry_id": "cadre_planning_entry", "decision_id": "cadre_planning_decision"},
    # end cadres: planning parameters
    # cadres: appointments parameters
    **{
        "appointment_id": "cadre_appointment",
        "move_id": "cadre_move",
        "from_position_id": "cadre_position",
        "to_position_id": "cadre_position",
    },
    # end cadres: appointments parameters
    # cadres: reports parameters
    # end cadres: reports parameters
    # statistics: reported figures parameters
    "set_id": "reported_set",  # a set of reported figures, by its first figure
    # end statistics: reported figures parameters
    # statistics: API parameters
    "org": "organization",  # the node of a statistical form (API), as `?org=` of the pages
    "job_id": "statistics_check",  # a consistency check, its starter's
    # end statistics: API parameters
    # members: cards and rewards parameters
    "reward_id": "reward",
    "meeting_code": "meeting_code",  # the signed code of a meeting's check-in QR code (tests/meetings_checkin_targets.py)
    # end members: cards and rewards parameters
    "notice_id": "notice",  # one's own notice (notifications)
    # dues: bank transfers parameters
    **{"credit_id": "bank_credit", "account_id": "bank_account"},
    # end dues: bank transfers parameters
}
# Fields named like ids that name no object of the system.
NOT_IDS = {"citizen_id"}  # a person's citizen ID number: what is recorded, not a record's id
NOT_IDS.add("client_id")  # a phone's own id (a UUID) for an attendance mark it sends, not a record's id

# `pk`, by route name: the kind of object each page addresses.
PK_OF_ROUTE = {
    **dict.fromkeys(("job_page", "job_status", "job_download"), "job"),
    "role_revoke": "assignment",
    "two_factor_reset": "user",
    "token_revoke": "token",
    "notice_open": "notice",
    "notice_rule_edit": "notice_rule",
    **dict.fromkeys(
        ("organization_detail", "organization_children", "organization_create", "term_create", "organization_restructure"), "organization"
    ),
    "admission_targets": "organization",
    **dict.fromkeys(("member_detail", "member_edit", "member_record_pdf", "member_event", "member_reveal", "dues_member"), "member"),
    "transfer_action": "transfer",
    **dict.fromkeys(("committee_term", "committee_role_assign"), "term"),
    "committee_role_end": "committee_role",
    **dict.fromkeys(("member_import_job", "member_import_status", "member_import_confirm", "member_import_cancel"), "import"),
    **dict.fromkeys(("candidate_detail", "candidate_edit", "candidate_step"), "candidate"),
    **dict.fromkeys(("meeting_detail", "meeting_close", "meeting_record", "meeting_attendance", "meeting_minutes"), "meeting"),
    "meeting_document_upload": "meeting",
    "pwa_attendance": "meeting",
    **dict.fromkeys(("meeting_checkin", "meeting_leave"), "meeting"),
    "meeting_conflict_settle": "mark_conflict",
    "meeting_document": "document",
    **dict.fromkeys(("assessment_round", "assessment_round_xlsx", "assessment_round_close"), "round"),
    **dict.fromkeys(
        (
            "inspection_denunciation",
            "inspection_denunciation_step",
            "inspection_denunciation_handler_add",
            "inspection_denunciation_handler_release",
        ),
        "denunciation",
    ),
    **dict.fromkeys(("assessment_rating", "assessment_rating_pdf", "assessment_rating_step"), "rating"),
    **dict.fromkeys(
        ("inspection_programme", "inspection_programme_xlsx", "inspection_programme_item_new", "inspection_programme_adopt"), "programme"
    ),
    **dict.fromkeys(
        ("inspection_programme_item_edit", "inspection_programme_item_delete", "inspection_programme_item_start"), "programme_item"
    ),
    **dict.fromkeys(("inspection_case", "inspection_case_step", "inspection_shortcoming_new"), "case"),
    **{
        "inspection_discipline": "discipline",
        "inspection_discipline_step": "discipline",
        "inspection_appeal_new": "discipline",
        "inspection_suspension_lift": "suspension",
        "inspection_appeal": "appeal",
        "inspection_appeal_step": "appeal",
    },
    **dict.fromkeys(("inspection_shortcoming_remedy", "inspection_shortcoming_drop", "inspection_shortcoming_file"), "shortcoming"),
    **{
        "assessment_org_rating": "org_rating",
        "assessment_org_step": "org_rating",
        **dict.fromkeys(("fourgood_detail", "fourgood_assess", "fourgood_recognize"), "four_good"),
    },
    # directives: documents routes
    "directive_issuer_edit": "issuer",
    **dict.fromkeys(
        ("directive_document", "directive_document_edit", "directive_document_withdraw", "directive_document_file_new"),
        "directive_document",
    ),
    "directive_document_file": "directive_file",
    # end directives: documents routes
    # directives: tasks routes
    **dict.fromkeys(("directive_task", "directive_task_split", "directive_task_step"), "directive_task"),
    "directive_task_evidence": "directive_task_step",
    "directive_distribute": "directive_document",
    # end directives: tasks routes
    # directives: study routes
    **dict.fromkeys(
        (
            "directive_campaign",
            "directive_campaign_list",
            "directive_campaign_close",
            "directive_session_new",
            "directive_campaign_not_done",
            "directive_campaign_not_done_xlsx",
        ),
        "study_campaign",
    ),
    "directive_session_attendance": "study_session",
    **dict.fromkeys(("directive_study_record", "directive_study_note", "directive_my_study_note"), "study_assignment"),
    # end directives: study routes
    # cadres: records routes
    **dict.fromkeys(("cadre_position", "cadre_position_edit", "cadre_position_active"), "cadre_position"),
    **dict.fromkeys(("cadre_detail", "cadre_edit", "cadre_refresh", "cadre_holding_new", "cadre_cv_pdf", "cadre_training_new"), "cadre"),
    **dict.fromkeys(("cadre_training_edit", "cadre_training_certificate"), "cadre_training"),
    # end cadres: records routes
    # cadres: planning routes
    **dict.fromkeys(
        (
            "cadre_planning",
            "cadre_planning_xlsx",
            "cadre_planning_pdf",
            "cadre_planning_structure",
            "cadre_planning_review_new",
            "cadre_planning_entry_new",
        ),
        "cadre_planning",
    ),
    **dict.fromkeys(("cadre_planning_entry_remove", "cadre_planning_entry_exit"), "cadre_planning_entry"),
    # end cadres: planning routes
    # cadres: appointments routes
    **dict.fromkeys(("cadre_appointment", "cadre_appointment_step", "cadre_appointment_file_new"), "cadre_appointment"),
    "cadre_appointment_file": "cadre_appointment_file",
    **dict.fromkeys(("cadre_move", "cadre_move_edit"), "cadre_move"),
    # end cadres: appointments routes
    # cadres: reports routes
    # end cadres: reports routes
    # members: cards and rewards routes
    **dict.fromkeys(("reward_edit", "reward_delete"), "reward"),
    # end members: cards and rewards routes
    # dues: bank transfers routes
    **dict.fromkeys(("dues_credit", "dues_credit_not_dues", "dues_credit_back_to_queue"), "bank_credit"),
    "dues_statement": "bank_statement",
    # end dues: bank transfers routes
    # records: statistics facts routes
    "organization_facts": "organization",
    # end records: statistics facts routes
    # statistics: reported figures routes
    **dict.fromkeys(
        (
            "statistics_reported_set",
            "statistics_reported_differences",
            "statistics_reported_differences_xlsx",
            "statistics_reported_delete",
        ),
        "reported_set",
    ),
    # end statistics: reported figures routes
}

# A route (page name or API path) that takes any step of a workflow by name: each step is crawled.
STEPS: dict[tuple[str, str], Workflow] = {
    ("organization_restructure", "action"): RESTRUCTURING,
    ("member_event", "kind"): LIFECYCLE,
    ("transfer_action", "action"): TRANSFER,
    ("candidate_step", "kind"): CANDIDATE,
    ("assessment_rating_step", "kind"): RATING,
    ("assessment_org_step", "kind"): ORG_RATING,
    ("/api/members/transfers/{transfer_id}/{action}", "action"): TRANSFER,
    ("/api/assessments/ratings/{rating_id}/steps/{kind}", "kind"): RATING,
    ("/api/assessments/organization-ratings/{org_rating_id}/steps/{kind}", "kind"): ORG_RATING,
    **dict.fromkeys((("inspection_case_step", "kind"), ("/api/inspections/cases/{case_id}/steps/{kind}", "kind")), CASE),
    **dict.fromkeys(
        (("inspection_discipline_step", "kind"), ("/api/inspections/disciplines/{discipline_id}/steps/{kind}", "kind")), DISCIPLINE_STEPS
    ),
    **dict.fromkeys((("inspection_appeal_step", "kind"), ("/api/inspections/appeals/{appeal_id}/steps/{kind}", "kind")), APPEAL),
    **dict.fromkeys(
        (("inspection_denunciation_step", "kind"), ("/api/inspections/denunciations/{denunciation_id}/steps/{kind}", "kind")), DENUNCIATION
    ),
    # directives: steps
    **dict.fromkeys((("directive_task_step", "kind"), ("/api/directives/tasks/{task_id}/steps/{kind}", "kind")), TASK),
    # end directives: steps
    # cadres: steps
    # the HD 11 forms through the API, taken by name like a step: every form is crawled
    ("/api/cadres/reports/{org_id}/{form}", "form"): types.SimpleNamespace(steps=("8a", "8b", "9", "10", "11", "12", "13")),
    **dict.fromkeys((("cadre_appointment_step", "kind"), ("/api/cadres/appointments/{appointment_id}/steps/{kind}", "kind")), APPOINTMENT),
    # end cadres: steps
    # statistics: API forms, taken by name like a step: every form is crawled
    **dict.fromkeys(
        (("/api/statistics/forms/{slug}", "slug"), ("/api/statistics/forms/{slug}/drill", "slug")),
        types.SimpleNamespace(steps=("1", "2", "2b", "3", "4", "5", "7")),
    ),
    # end statistics: API forms
}

# Page parameters that are not ids: the value each is crawled with.
PAGE_VALUES: dict[str, Any] = {"year": 2026, "month": 1, "report": "implementation", "form": "9"}  # form: an HD 11 cadre form
# statistics: pages parameters
PAGE_VALUES["slug"] = "3"  # an HD 11 form of the statistics pages; the node is `?org=` (PAGE_FILTERS)
# end statistics: pages parameters

# The audit log names its object by model and id: it is crawled for each object of C2.
AUDITED = ("object_type", "object_id")

# --- what is answered otherwise on purpose ----------------------------------------------------

# (route, method) → the statuses accepted instead of 404, and why. None: no route reaches
# C2's objects but through the scope. (Routes about the user's own things alone, such as
# their token list, name no object and are not crawled.)
ANSWERED_OTHERWISE: dict[tuple[str, str], set[int]] = {}
# A check-in code is shown in the meeting's room: whoever scans it is told why it does not
# check them in (here: C2's meeting has no time window), without a name of C2.
ANSWERED_OTHERWISE[("meeting_scan", "GET")] = {200}
# Form fields that may name any organization of the system, not only the user's.
OPEN_FIELDS = {
    # A transfer letter is addressed to the receiving cell, wherever it is in the system; the
    # receiving side (another commune) then records the arrival in its own scope.
    ("transfer_issue", "to_organization"),
}
# No table is excused from the counts: a refused request records nothing. The audited read
# of a personal record is written only once its selector has found the record in the scope;
# the session is not saved again; an API token's last use is an update, not a row.

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
MISSING_ID = 2_000_000_000  # an id no object has
MISSING_CODE = "KHONG-CO"  # an organization code no organization has
MISSING_CITIZEN_ID = "079099999999"


def parameter_kind(route: str, name: str) -> str | None:
    """What fills the parameter `name` of `route`: a kind of object, "step", "value" or
    "audited"; None when the crawl cannot fill it."""
    if (route, name) in STEPS:
        return "step"
    if name in AUDITED and route == "audit_log":
        return "audited"
    if name == "pk":
        return PK_OF_ROUTE.get(route)
    if name in OBJECT_PARAMETERS:
        return OBJECT_PARAMETERS[name]
    if name in PAGE_VALUES and not route.startswith("/api/"):
        return "value"
    return None


def is_id(name: str) -> bool:
    """A query or body field that names an object (it must be mapped)."""
    return name in OBJECT_PARAMETERS or name == "pk" or (name.endswith(("_id", "_pk")) and name not in NOT_IDS)


# --- the routes -------------------------------------------------------------------------------


def page_patterns(patterns: Iterable[URLPattern | URLResolver] | None = None) -> list[tuple[str, list[str]]]:
    """Each page route (by name) and the names of its URL parameters."""
    found = walk_routes(get_resolver().url_patterns if patterns is None else patterns)
    return [
        (pattern.name or route, list(pattern.pattern.converters))
        for route, pattern in found
        if not route.startswith((*SKIPPED, "api/")) and route not in API_DOCUMENTS
    ]


def api_paths(schema: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """The API's paths with their operations (every API URL is one: tests/test_permission_matrix.py)."""
    return (schema or api.get_openapi_schema())["paths"]


def path_parameters(operations: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(p["name"] for op in operations.values() for p in op.get("parameters", []) if p["in"] == "path"))


def unmapped_parameters(schema: dict[str, Any] | None = None, patterns: Any = None) -> list[str]:
    """Each route parameter (path, query or body) naming an object that the crawl cannot fill."""
    schema = schema or api.get_openapi_schema()
    missing = [f"{route}: {name}" for route, names in page_patterns(patterns) for name in names if parameter_kind(route, name) is None]
    for url, operations in api_paths(schema).items():
        for method, operation in operations.items():
            names = [(p["name"], p["in"]) for p in operation.get("parameters", [])]
            names += [(name, "body") for name in body_fields(schema, operation)]
            for name, where in names:
                if (where == "path" or is_id(name)) and parameter_kind(url, name) is None:
                    missing.append(f"{method.upper()} {url}: {name} ({where})")
    return sorted(set(missing))


# --- the sibling commune's objects ---------------------------------------------------------------

MARKER = "Quách"  # the family name of C2's people: no answer to C1's officer or X1's member names it
SEARCHED = "Hòa"  # in the names of C2's organizations and people, and of none of C1's
Objects = dict[str, list[Any]]  # objects by kind: models, or what stands for one by its `pk` (a check-in code)


@dataclass
class Ask:
    """One request: a route filled with objects, a method, a body."""

    route: str  # the page's name or the API's path
    method: str
    url: str
    body: Any = None
    api: bool = False
    not_allowed: bool = False  # the API's document has no such operation: 405 is its answer

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.route})"


@dataclass
class Sibling:
    """The objects of commune C2's subtree, of every kind a route addresses; objects of C1
    that its officer works on; and the clients of everyone who asks."""

    objects: Objects
    names: list[str]  # texts only C2's objects show
    own: Objects = field(default_factory=dict)
    pages: dict[str, Client] = field(default_factory=dict)  # persona → their logged-in session
    api: dict[str, Client] = field(default_factory=dict)  # persona → their bearer token
    superuser: Client = field(default_factory=Client)
    owner: Client = field(default_factory=Client)  # C2's officer: who started C2's job, holds its token
    asks: list[Ask] = field(default_factory=list)  # what the crawl sends (`everything`)

    def pick(self, kind: str) -> Any:
        """The id of C2's (first) object of a kind."""
        return self.objects[kind][0].pk


def build_sibling() -> Sibling:
    tree = load_tree()
    users = {persona: User.objects.get(username=PERSONA_USERNAMES[persona]) for persona in (*PERSONAS, "outsider", "superuser")}
    outsider, cell = users["outsider"], tree.Y1
    # The plain member has a record in X1: the members of a cell see its meetings' files,
    # which must not open C2's.
    Member.objects.filter(pk=make_member(tree.X1).pk).update(user=users["member"])

    person = {"family_name": MARKER, "given_name": SEARCHED, "date_of_birth": dt.date(1970, 1, 1)}
    member = member_with_base(cell, admitted=dt.date(1996, 2, 3), official=dt.date(1997, 2, 3), **person)
    member_exempt(actor=outsider, member=member, date=dt.date(2025, 9, 1), decision=Decision("45-QĐ/ĐU", dt.date(2025, 9, 1), "Đảng ủy"))
    badge_award(actor=outsider, member=member, years=30, award_date=dt.date(2026, 2, 3))
    open_months(cell, dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    pay(member, dt.date(2026, 1, 1), 50_000)
    relief_record(
        actor=outsider, member=member, kind="exemption", from_month=dt.date(2026, 3, 1), to_month=dt.date(2026, 3, 1),
        decision_number="3-QĐ", decision_date=dt.date(2026, 2, 20),
    )  # fmt: skip
    role = committee_role(tree.C2, member)
    document = meeting_with_a_file(cell)  # open, attended, with its minutes and a file
    closed = held_meeting(
        cell, dt.date(2026, 9, 5), {m: Presence.PRESENT for m in Member.objects.filter(organization=cell, status__in=IN_LIST)}
    )
    assignment = role_held_in(cell, "dangvien.hoalac")
    admission_target_set(actor=outsider, organization=cell, year=2026, target=3)
    objects: Objects = {
        "organization": [tree.C2, tree.Y1],  # the commune, and a cell for the pages about cells
        "member": [member],
        "candidate": [walk(make_candidate(cell, **person), Stage.APPLIED)],
        "transfer": [letter_out_of_the_system(cell)],
        "meeting": [document.meeting, closed],
        "mark_conflict": [conflict_of(document.meeting)],
        "meeting_code": [scanned_code_of(document.meeting)],
        "document": [document],
        "term": [role.term],
        "committee_role": [role],
        "import": [import_job(outsider, tree.C2)],
        "job": [start("members.export", user=outsider, org_path=tree.C2.path, params={"query": {}, "within": tree.C2.pk})],
        "assignment": [assignment],
        "user": [outsider, assignment.user],  # users whose roles are all in C2
        "token": [token_create(actor=outsider, user=outsider, name="C2")[0]],
        **objects_of(tree.C2, cell, member, document.meeting),
        **denunciation_objects_of(tree.C2),
        **discipline_objects_of(tree.C2),
        **case_objects_of(tree.C2),
        # directives: objects
        **study_objects_of(tree.C2, cell, owner=outsider),
        "issuer": [issuer_in(tree.C2)],
        "directive_document": [resolution_in(tree.C2)],
        "directive_file": [file_in(tree.C2)],
        **task_objects_of(tree.C2),
        # end directives: objects
        # cadres: objects
        **records_objects_of(tree.C2),
        **planning_objects_of(tree.C2),
        **appointments_objects_of(tree.C2),
        # end cadres: objects
        # statistics: reported figures objects
        **reported_objects_of(tree.C2),
        # end statistics: reported figures objects
        # statistics: API objects
        "statistics_check": [check_job_of(outsider, tree.C2)],
        # end statistics: API objects
        # members: cards and rewards objects
        **reward_objects_of(cell, member),
        # end members: cards and rewards objects
        # dues: bank transfers objects (a credit of the cell's statement, waiting to be assigned)
        "bank_credit": [credit_in(cell)],
        "bank_statement": [credit_in(cell).statement],
        "bank_account": [credit_in(cell).account],
        # end dues: bank transfers objects
        # notifications: C2's officer's own notice, and C2's rule
        "notice": [notice_of(outsider, tree.C2)],
        "notice_rule": [rule_in(tree.C2)],
    }
    # the route that releases a handler names one: C2's officer handles C2's denunciation too
    Handler.objects.get_or_create(denunciation=denunciation_in(tree.C2), user=outsider, defaults={"assigned_on": dt.date(2026, 1, 5)})
    own_member = make_member(tree.X1)
    own = {
        "organization": [tree.X1],
        "member": [own_member],
        "term": [committee_role(tree.C1, own_member).term],
        "meeting": [meeting_with_a_file(tree.X1).meeting],
    }
    sibling = Sibling(objects, names=[tree.C2.name, tree.Y1.name, MARKER], own=own)
    for persona in PERSONAS:
        sibling.pages[persona] = unraised(client_for(users[persona]))
        key = token_create(actor=users[persona], user=users[persona], name="crawl")[1]
        sibling.api[persona] = unraised(Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en"))
    sibling.superuser, sibling.owner = unraised(client_for(users["superuser"])), unraised(client_for(outsider))
    return sibling


def unraised(client: Client) -> Client:
    """A server error is an answer the crawl reports, not an exception that stops it."""
    client.raise_request_exception = False
    return client


@pytest.fixture(scope="module")
def sibling(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Sibling]:
    yield from shared_by_the_module(django_db_blocker, build_sibling)


@pytest.fixture(autouse=True)
def _pdf_pages_without_their_printing(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDF pages are still rendered, but WeasyPrint's seconds are skipped."""
    monkeypatch.setattr("partybuilding.core.pdf.render_pdf", lambda html: html.encode())


# --- sending -------------------------------------------------------------------------------------


UPLOAD = "(a file)"  # a form's file field: a new small file is sent each time


def send(client: Client, method: str, url: str, body: Any = None, *, api: bool = False) -> Any:
    if method == "GET":
        return client.get(url)
    if api:
        return client.generic(method, url, json.dumps(body if body is not None else {}), content_type="application/json")
    data = {
        key: SimpleUploadedFile("bien-ban.txt", b"Bien ban", "text/plain") if value == UPLOAD else value
        for key, value in (body or {}).items()
    }
    return getattr(client, method.lower())(url, data)


def undone(client: Client, method: str, url: str, body: Any = None, *, api: bool = False) -> Any:
    """The answer to a request, with anything it wrote undone."""
    with transaction.atomic():
        response = send(client, method, url, body, api=api)
        transaction.set_rollback(True)
    return response


def as_superuser(sibling: Sibling, method: str, url: str, body: Any = None, *, api: bool = False) -> Any:
    return undone(sibling.superuser, method, url, body, api=api)


# --- what is asked -------------------------------------------------------------------------------


def values_of(kind: str, route: str, name: str, objects: Objects) -> list[Any]:
    if kind == "step":
        return list(STEPS[(route, name)].steps)
    if kind == "value":
        return [PAGE_VALUES[name]]
    return [obj.pk for obj in objects[kind]]


def fillings(route: str, names: list[str], objects: Objects) -> list[dict[str, Any]]:
    """Every way to fill the route's parameters with the objects (each object of a kind, each step of a workflow)."""
    if set(names) == set(AUDITED):  # the log of each object whose model says where it belongs (the others' is no one's)
        return [
            {"object_type": o._meta.label_lower, "object_id": o.pk}
            for objs in objects.values()
            for o in objs
            if hasattr(o, "organization_lookup")
        ]
    choices = []
    for name in names:
        kind = parameter_kind(route, name)
        assert kind is not None, f"{route}: map the parameter {name!r} (test_every_route_parameter_is_mapped names them)"
        choices.append([(name, value) for value in values_of(kind, route, name, objects)])
    return [dict(chosen) for chosen in itertools.product(*choices)]


def fillable(route: str, names: list[str], objects: Objects) -> bool:
    return all(parameter_kind(route, name) in (*objects, "step", "value") for name in names)


# The names of a list's organization filter, tried on every page without parameters: a page
# that reads one answers 404 to an organization that does not exist.
PAGE_FILTERS = ("within", "parent", "organization", "org")
PAST = "on=01/01/2025&"  # the tree reads `parent` only for a past date


def page_filters(sibling: Sibling, url: str) -> list[str]:
    """The queries a page naming no object reads an organization from (templates of `{org}`)."""

    def refused(context: str, names: Iterable[str]) -> bool:
        return as_superuser(sibling, "GET", f"{url}?{context}" + "&".join(f"{name}={MISSING_ID}" for name in names)).status_code == 404

    def read(context: str, names: tuple[str, ...]) -> list[str]:
        """The names among `names` that the page reads (asked together, then apart)."""
        if not names or not refused(context, names):
            return []
        return list(names) if len(names) == 1 else read(context, names[:1]) + read(context, names[1:])

    if not refused(PAST, PAGE_FILTERS):
        return []  # reads none: the common case, in one request
    for context in ("", PAST):
        found = read(context, PAGE_FILTERS)
        if len(found) == len(PAGE_FILTERS) and refused(context, ()):
            continue  # refused with no filter at all: nothing to learn
        if found:
            return [f"{context}{name}={{org}}" for name in found]
    return []


def page_asks(sibling: Sibling, patterns: Any = None) -> Iterator[Ask]:
    """GET and POST of every page filled with C2's objects, and of every list given C2 as its organization."""
    for route, names in page_patterns(patterns):
        if any(parameter_kind(route, name) != "value" for name in names):
            steps = [name for name in names if parameter_kind(route, name) == "step"]
            urls = [(reverse(route, kwargs=f), tuple(f[s] for s in steps)) for f in fillings(route, names, sibling.objects)]
        else:  # a page naming no object (its parameters, if any, are values such as a year)
            page = reverse(route, kwargs={name: PAGE_VALUES[name] for name in names})
            urls = [
                (f"{page}?{q.format(org=org.pk)}", (q,)) for q in page_filters(sibling, page) for org in sibling.objects["organization"]
            ]
        forms: dict[tuple[Any, ...], dict[str, Any]] = {}  # a form for each step (or query), whichever object it is about
        for url, form in urls:
            if form not in forms:
                forms[form] = form_of(as_superuser(sibling, "GET", url), url)
            yield Ask(route, "GET", url)
            yield Ask(route, "POST", url, dict(forms[form]))


def api_asks(sibling: Sibling, schema: dict[str, Any] | None = None) -> Iterator[Ask]:
    """Every operation of the API that names an object, filled with C2's; and GET and POST of
    each path naming an object where the API has no such operation (405)."""
    schema = schema or api.get_openapi_schema()
    for url, operations in api_paths(schema).items():
        for filled in fillings(url, path_parameters(operations), sibling.objects):
            address = url.format(**filled)
            for method in METHODS:
                operation = operations.get(method.lower())
                if operation is None:
                    if filled and method in ("GET", "POST"):
                        yield Ask(url, method, address, api=True, not_allowed=True)
                    continue
                query, body = query_of(operation, sibling.pick), body_of(schema, operation, sibling.pick)
                if filled or any(is_id(name) for name in query) or names_an_object(body):
                    yield Ask(url, method, f"{address}?{urlencode(query)}" if query else address, body, api=True)


def everything(sibling: Sibling) -> list[Ask]:
    """Every request of the crawl, worked out once for the module (the same for each persona)."""
    if not sibling.asks:
        sibling.asks = [*page_asks(sibling), *api_asks(sibling)]
    return sibling.asks


def body_asks(sibling: Sibling, schema: dict[str, Any] | None = None) -> Iterator[tuple[Ask, Any, Any]]:
    """Each API operation on an object of C1 whose body names another object: with C2's
    object in the body, and the bodies naming a missing object and C1's own instead."""
    schema = schema or api.get_openapi_schema()
    for url, operations in api_paths(schema).items():
        names = path_parameters(operations)
        if not names or not fillable(url, names, sibling.own):
            continue
        address = url.format(**fillings(url, names, sibling.own)[0])
        for method, operation in operations.items():
            if names_an_object(body := body_of(schema, operation, sibling.pick)):
                missing = body_of(schema, operation, lambda kind: MISSING_ID)
                own = body_of(schema, operation, lambda kind: sibling.own[kind][0].pk)
                yield Ask(url, method.upper(), address, body, api=True), missing, own


def form_references(form: PostForm, sibling: Sibling) -> Iterator[tuple[str, Any, Any]]:
    """Each field of a form that names an object: its name, C2's object as the field names
    it, and an object that does not exist."""
    for name, value in form.fields.items():
        kind = "organization" if name == "organization" else OBJECT_PARAMETERS.get(name)
        if name in form.pickers:  # an organization by its code
            yield from ((name, org.code, MISSING_CODE) for org in sibling.objects["organization"])
        elif kind and str(value).isdigit():
            yield from ((name, obj.pk, MISSING_ID) for obj in sibling.objects[kind])
        elif name == "citizen_id":  # a member found by their citizen ID
            yield name, sibling.objects["member"][0].citizen_id, MISSING_CITIZEN_ID


def form_asks(sibling: Sibling, persona: str) -> Iterator[tuple[Ask, dict[str, Any], Any, Any]]:
    """The forms the persona is offered (on the pages about no object, and for C1's officer
    on the pages about C1's objects) with a field set to C2's object; with the body naming
    a missing object instead, and how each names it."""
    own = sibling.own if persona == "commune_officer" else {}
    seen = set()
    for route, names in page_patterns():
        if names and not (own and fillable(route, names, own)):
            continue
        for url in [reverse(route, kwargs=filled) for filled in fillings(route, names, own)] if names else [reverse(route)]:
            for action, form in forms_of(undone(sibling.pages[persona], "GET", url), url).items():
                target = resolve(action.split("?")[0]).url_name or action
                for name, theirs, missing in form_references(form, sibling):
                    if (target, name) in OPEN_FIELDS or (action, name, theirs) in seen:
                        continue
                    seen.add((action, name, theirs))
                    yield Ask(target, "POST", action, {**form.fields, name: theirs}), {**form.fields, name: missing}, theirs, missing


# --- plausible bodies ---------------------------------------------------------------------------

Pick = Callable[[str], Any]  # the id a field naming an object of a kind is given
SAMPLE_DATE = "2026-01-05"
TEXTS = ("Hòa Lạc", "19:30", "1")  # to fill a text field with: the first its pattern accepts


def resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def json_body(operation: dict[str, Any]) -> dict[str, Any] | None:
    return operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")


def body_fields(schema: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    """The names of every field of the operation's JSON body, nested ones included."""
    names: list[str] = []

    def visit(node: dict[str, Any]) -> None:
        node = resolved(schema, node)
        for option in [*node.get("anyOf", []), *node.get("allOf", []), *([node["items"]] if "items" in node else [])]:
            visit(option)
        for name, prop in node.get("properties", {}).items():
            names.append(name)
            visit(prop)

    if (body := json_body(operation)) is not None:
        visit(body)
    return names


def sample(schema: dict[str, Any], node: dict[str, Any], name: str, pick: Pick) -> Any:
    """A value the schema accepts; `pick`'s object where the field names one. An object gets
    its required fields and those that name an object."""
    node = resolved(schema, node)
    if (kind := OBJECT_PARAMETERS.get(name)) is not None:
        return [pick(kind)] if node.get("type") == "array" else pick(kind)  # a list of ids names one
    for combined in ("anyOf", "allOf", "oneOf"):
        if combined in node:
            return sample(schema, next(o for o in node[combined] if o.get("type") != "null"), name, pick)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    kind_of_value = node.get("type")
    if kind_of_value == "object" or "properties" in node:
        required = set(node.get("required", []))
        return {key: sample(schema, prop, key, pick) for key, prop in node.get("properties", {}).items() if key in required or is_id(key)}
    if kind_of_value == "array":
        return [sample(schema, node["items"], name, pick)] * max(1, node.get("minItems", 1))
    if kind_of_value == "integer":
        low = node.get("minimum", node["exclusiveMinimum"] + 1 if "exclusiveMinimum" in node else 1)
        return max(low, min(node.get("maximum", 2026), 2026)) if "year" in name else max(low, 1)  # a year, or a small count
    if kind_of_value == "number":
        return float(node.get("minimum", 1))
    if kind_of_value == "boolean":
        return False
    if name == "client_id":  # a phone's id for a mark, echoed in the answer: the same in the answers compared
        return "00000000-0000-4000-8000-000000000001"
    if (text_format := node.get("format")) in ("date", "uuid", "date-time"):
        return {"date": SAMPLE_DATE, "uuid": str(uuid.uuid4()), "date-time": f"{SAMPLE_DATE}T09:00:00"}[text_format]
    text = next((t for t in TEXTS if re.search(node.get("pattern", ""), t)), TEXTS[0])
    return text[: node.get("maxLength", len(text))].ljust(node.get("minLength", 0), "x")


def body_of(schema: dict[str, Any], operation: dict[str, Any], pick: Pick) -> Any:
    node = json_body(operation)
    return None if node is None else sample(schema, node, "", pick)


def query_of(operation: dict[str, Any], pick: Pick) -> dict[str, Any]:
    """The query: every required parameter, and every one that names an object."""
    params = [p for p in operation.get("parameters", []) if p["in"] == "query" and (p.get("required") or p["name"] in OBJECT_PARAMETERS)]
    return {p["name"]: sample({"components": {}}, p["schema"], p["name"], pick) for p in params}


def names_an_object(body: Any) -> bool:
    if isinstance(body, dict):
        return any(is_id(key) or names_an_object(value) for key, value in body.items())
    if isinstance(body, list):
        return any(names_an_object(item) for item in body)
    return False


@dataclass
class PostForm:
    fields: dict[str, Any] = field(default_factory=dict)  # what a browser sends: names and values
    pickers: set[str] = field(default_factory=set)  # the fields picking an organization by code (core.forms.OrganizationPicker)


class PostForms(HTMLParser):
    """A page's POST forms, by the URL each posts to (several forms to one URL merged)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.forms: dict[str, PostForm] = {}
        self.form: PostForm | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.form = self.forms.setdefault(a.get("action") or self.url, PostForm()) if a.get("method", "").lower() == "post" else None
        elif tag == "option" and self.form and self.select and a.get("value") and ("selected" in a or self.select not in self.form.fields):
            self.form.fields[self.select] = a["value"]
        if self.form is None or not a.get("name"):
            return
        fields, name, kind = self.form.fields, a["name"], a.get("type", "text").lower()
        if tag == "input" and kind == "file":
            fields[name] = UPLOAD
        elif tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in a:
                fields.setdefault(name, a.get("value", "on"))
        elif tag == "input" and kind not in ("submit", "button", "reset", "image"):
            fields.setdefault(name, a.get("value", "") or "1")
            if "data-options" in a:
                self.form.pickers.add(name)
        elif tag == "select":
            self.select = name
        elif tag == "textarea":
            self.textarea, fields[name] = name, "Hòa Lạc"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.form and self.textarea and data.strip():
            self.form.fields[self.textarea] = data.strip()


def forms_of(response: Any, url: str) -> dict[str, PostForm]:
    """The POST forms of a page, by the URL each posts to (its own URL for the page's own)."""
    parser = PostForms(url)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.content.decode())
    for form in parser.forms.values():
        form.fields.pop("csrfmiddlewaretoken", None)
    return parser.forms


def form_of(response: Any, url: str) -> dict[str, Any]:
    """The page's own form as the superuser is offered it, so that a POST slipping past the
    scope would be a valid one and write; a page without one gets a field (a POST not empty)."""
    form = forms_of(response, url).get(url)
    return (form.fields if form else {}) or {"submission": str(uuid.uuid4())}


# --- checking an answer -----------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    """The number of rows of every table of every app, in one query."""
    models = apps.get_models(include_auto_created=True)
    tables = sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


@dataclass(frozen=True)
class Twin:
    """The answer to the same request naming an object that does not exist, where that
    answer is not a 404 (a form's error): C2's object must be answered the same way."""

    response: Any
    theirs: Any = None  # how the request named C2's object
    missing: Any = None  # and the missing one


class ErrorTexts(HTMLParser):
    """The texts of a page's form errors (core/_form.html's `errorlist`)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth or "errorlist" in (dict(attrs).get("class") or ""):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.texts.append(data.strip())


def told(response: Any) -> str:
    """What an answer tells: where it sends the user, its JSON, or its form's errors."""
    if response.get("Location"):
        return response["Location"]
    if response.get("Content-Type", "").startswith("application/json"):
        return response.content.decode()
    parser = ErrorTexts()
    parser.feed(response.content.decode(errors="replace"))
    return " | ".join(parser.texts)


def text_of(response: Any) -> str:
    return "" if getattr(response, "streaming", False) else response.content.decode(errors="replace")


def named_in(response: Any, sibling: Sibling) -> list[str]:
    """The names of C2's objects an answer shows (in its page, or escaped in its JSON)."""
    text = text_of(response)
    return [name for name in sibling.names if name in text or json.dumps(name)[1:-1] in text]


def check(sibling: Sibling, persona: str, ask: Ask, twin: Twin | None = None) -> list[str]:
    """Send the request as the persona: what is wrong with the answer (nothing when it is a
    404, or what its `twin` about a missing object was told, with no write and no name of C2)."""
    with transaction.atomic():  # a savepoint: every request starts from the same data
        before = row_counts()
        response = send(sibling.api[persona] if ask.api else sibling.pages[persona], ask.method, ask.url, ask.body, api=ask.api)
        try:
            after = row_counts()
            writes = {table: after[table] - count for table, count in before.items() if after[table] != count}
        except DatabaseError as exc:  # the request broke the transaction
            writes = {f"(the transaction broke: {exc})": 0}
        transaction.set_rollback(True)
    problems, accepted = [], ANSWERED_OTHERWISE.get((ask.route, ask.method), {404})
    if twin is not None:
        accepted = {twin.response.status_code} - {500}  # a server error is no answer to match
        theirs, missing = told(response), told(twin.response)
        if theirs.replace(str(twin.theirs), str(twin.missing)) != missing:
            problems.append(f"told {theirs!r} where a missing object is told {missing!r}")
    if response.status_code == 405 and (
        ask.not_allowed or as_superuser(sibling, ask.method, ask.url, ask.body, api=ask.api).status_code == 405
    ):
        accepted = accepted | {405}  # the method is allowed on this route to no one
    if response.status_code not in accepted:
        where = f" to {response['Location']}" if response.get("Location") else ""
        problems.append(f"{response.status_code}{where} {text_of(response)[:200]!r}")
    if writes:
        problems.append(f"wrote {writes}")
    if named := named_in(response, sibling):
        problems.append(f"names {named}")
    return [f"{persona}: {ask}: {'; '.join(problems)}"] if problems else []


def crawl(sibling: Sibling, persona: str, asks: Iterable[Ask]) -> tuple[list[str], int]:
    findings, count = [], 0
    for ask in asks:
        findings += check(sibling, persona, ask)
        count += 1
    return findings, count


# --- the crawl --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_sibling_communes_objects_are_missing_to_its_neighbours(sibling: Sibling, persona: str) -> None:
    began = time.monotonic()
    findings, count = crawl(sibling, persona, everything(sibling))
    print(f"{persona}: {count} requests in {time.monotonic() - began:.1f}s")
    assert findings == [], "\n".join(findings)


def test_an_object_of_c2_named_in_a_body_is_missing_to_c1s_officer(sibling: Sibling) -> None:
    """An operation on C1's own object that names one of C2's in its body (a new parent, a
    member to hold a role, an attendance) answers as if that one did not exist."""
    officer, findings, count = sibling.api["commune_officer"], [], 0
    for ask, missing, own in body_asks(sibling):
        findings += check(sibling, "commune_officer", ask, Twin(undone(officer, ask.method, ask.url, missing, api=True)))
        if undone(officer, ask.method, ask.url, own, api=True).status_code == 404:  # or C1's own object is not reached
            findings.append(f"{ask}: 404 with C1's own objects in the body")
        count += 1
    assert count >= 5 and findings == [], "\n".join(findings)


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_object_of_c2_named_in_a_form_is_missing_to_its_neighbours(sibling: Sibling, persona: str) -> None:
    """A form the persona is offered (the scope picker, a new member's cell, a transfer's
    new cell, a citizen ID to find…), given C2's object, answers as if it did not exist."""
    findings, asked = [], set()
    for ask, missing, theirs, missing_one in form_asks(sibling, persona):
        twin = Twin(undone(sibling.pages[persona], ask.method, ask.url, missing), theirs, missing_one)
        findings += check(sibling, persona, ask, twin)
        asked.add(ask.route)
    assert findings == [], "\n".join(findings)
    assert {"scope_set", "member_find"} <= asked  # the scope picker; the search by citizen ID


def searches(sibling: Sibling) -> list[tuple[str, bool]]:
    """Every page and API list about no object in particular, searching for a name that C2's
    objects bear (pages and operations that take no search ignore it)."""
    # (Exports answer with a file, or a job that writes one: their rows are their own tests'.)
    found = [(reverse(route), False) for route, names in page_patterns() if not names and not reverse(route).endswith((".xlsx", ".pdf"))]
    for url, operations in api_paths().items():
        if "get" in operations and not path_parameters(operations):
            found.append((url, True))
    return [(f"{url}?{urlencode({**required_query(url, is_api, sibling), 'q': SEARCHED})}", is_api) for url, is_api in found]


def required_query(url: str, is_api: bool, sibling: Sibling) -> dict[str, Any]:
    if not is_api:
        return {}
    parameters = api_paths()[url]["get"].get("parameters", [])
    return {p["name"]: sample({"components": {}}, p["schema"], p["name"], sibling.pick) for p in parameters if p.get("required")}


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_list_or_search_names_c2s_objects_to_its_neighbours(sibling: Sibling, persona: str) -> None:
    """Lists, dashboards, searches, the organization picker: none names C2's objects."""
    found = []
    for url, is_api in searches(sibling):
        response = undone(sibling.api[persona] if is_api else sibling.pages[persona], "GET", url)
        if response.status_code >= 500 or named_in(response, sibling):
            found.append(f"{url}: {response.status_code} {named_in(response, sibling)}")
    assert found == [], "\n".join(found)
    # The same searches find C2's organizations, members and candidates for the superuser.
    for url in ("/organizations/", "/members/", "/admissions/", "/api/members", "/api/organizations"):
        assert named_in(undone(sibling.superuser, "GET", f"{url}?q={SEARCHED}"), sibling), url


# --- the crawl covers every route, and means what it says --------------------------------------


def test_every_route_parameter_is_mapped() -> None:
    missing = unmapped_parameters()
    assert missing == [], f"map these parameters in tests/test_scope_crawl.py (OBJECT_PARAMETERS, PK_OF_ROUTE, STEPS): {missing}"


def test_it_names_a_route_parameter_it_cannot_fill() -> None:
    patterns = [*get_resolver().url_patterns, path("inspections/<int:pk>/", lambda request, pk: HttpResponse(), name="inspection_detail")]
    assert unmapped_parameters(patterns=patterns) == ["inspection_detail: pk"]
    schema = api.get_openapi_schema()
    parameter = {"name": "inspection_id", "in": "path", "schema": {"type": "integer"}}
    paths = {**schema["paths"], "/api/inspections/{inspection_id}": {"get": {"parameters": [parameter]}}}
    assert unmapped_parameters(schema={**schema, "paths": paths}) == ["GET /api/inspections/{inspection_id}: inspection_id (path)"]


def test_it_crawls_every_route_that_names_an_object_and_every_list_that_reads_one(sibling: Sibling) -> None:
    asked = {ask.route for ask in everything(sibling)}
    assert {route for route, names in page_patterns() if names} - asked == set()
    assert {url for url, operations in api_paths().items() if path_parameters(operations)} - asked == set()
    # The lists that read an organization are found by asking, not declared: these are among them.
    assert {"member_list", "candidate_list", "meeting_list", "dues_arrears", "organization_tree", "dues_fixed"} <= asked
    assert {"/api/members", "/api/meetings", "/api/organizations/past", "/api/dues/payments"} <= asked


def test_each_route_is_crawled_with_objects_that_c2s_officer_or_the_superuser_reaches(sibling: Sibling) -> None:
    """The 404s mean something: each route is filled with objects that exist, of the kind it
    expects: C2's own officer (who started its job and holds its token) or the superuser
    reaches them. (One URL per route, one per kind of object for the audit log.)"""
    unreached = []
    for _route, asks in itertools.groupby(everything(sibling), key=lambda ask: ask.url if ask.route == "audit_log" else ask.route):
        allowed, answers = [ask for ask in asks if not ask.not_allowed], []
        for ask, client in itertools.product(
            [a for a in allowed if a.url == allowed[0].url] if allowed else [], (sibling.owner, sibling.superuser)
        ):
            answers.append(undone(client, ask.method, ask.url, ask.body, api=ask.api).status_code)
            if answers[-1] not in (404, 405):
                break
        else:
            if allowed:
                unreached.append(f"{allowed[0].url}: {answers}")
    assert unreached == [], "\n".join(unreached)


def test_it_reports_a_route_that_reaches_an_object_out_of_scope(sibling: Sibling) -> None:
    """The crawl itself: a page that looks a member up without the scope is reported, with its write."""

    def careless(request: HttpRequest, member_pk: int) -> HttpResponse:
        member = Member.objects.get(pk=member_pk)
        audit_record(actor=request.user, action="member.look", obj=member)
        return HttpResponse(member.full_name)

    patterns = [path("careless/<int:member_pk>/", careless, name="careless")]
    urls = types.ModuleType("careless_urls")
    urls.urlpatterns = [*patterns, *get_resolver().url_patterns]
    with override_settings(ROOT_URLCONF=urls):
        findings, count = crawl(sibling, "member", page_asks(sibling, patterns))
    assert count == 2  # GET and POST
    assert len(findings) == 2 and all("200" in f and "'core_auditentry': 1" in f and MARKER in f for f in findings), findings
