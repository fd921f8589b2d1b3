"""A bounded schemathesis run over the whole API: every operation of the OpenAPI document
(built in-process from the ninja `api`), called in-process through Django's WSGI handler as
the province's administrator with a bearer token, over the test tree and a few real
objects. Each response must be no server error, in its documented shape, with a documented
status code; and no answer may come from the API's safety net for values the database
cannot hold (each input's bound belongs in its schema).

The run is derandomized with a fixed seed: the same cases every time. Each operation runs
in its own transaction, rolled back after it, so writes are allowed and undone. Its size
(cases, operations, seconds) is printed at the end of the module.

Cases: the coverage phase (the boundaries of every valid value: the largest id, the first
and last year, the longest text, each choice) and the fuzzing phase (`EXAMPLES` cases per
operation, valid and invalid).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from partybuilding.accounts.models import User
from partybuilding.accounts.services import token_create
from partybuilding.api.api import api
from partybuilding.organizations.services import term_create

from .admissions_factories import make_candidate
from .conftest import PERSONA_USERNAMES, load_tree, shared_by_the_module
from .dues_factories import member_with_base
from .meetings_factories import meeting_with_a_file
from .members_factories import committee_role, letter_out_of_the_system, make_member

SEED = 20_251_001
EXAMPLES = 25  # per operation, in the fuzzing phase
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]

RUN: dict[str, Any] = {"cases": 0, "operations": set(), "started": None}


def _config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "suppress-health-check": ["all"],
            "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True, "database": "none", "no-shrink": True},
            "phases": {
                "examples": {"enabled": False},  # the schema has none
                # Valid boundaries only (invalid values are the fuzzing phase's); no methods the
                # operation lacks (Django's 405, not this API's).
                "coverage": {"unexpected-methods": [], "generation": {"mode": "positive"}},
                "stateful": {"enabled": False},
            },
        }
    )


@pytest.fixture(scope="module")
def objects(django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The real objects the generated ids may point at, besides the tree: members (one with
    a dues base), a committee term and role, a candidate, a meeting, a transfer letter;
    and the administrator's token."""

    def build() -> dict[str, Any]:
        tree = load_tree()
        admin = User.objects.get(username=PERSONA_USERNAMES["admin"])
        member = member_with_base(tree.X1)
        make_member(tree.X1)
        role = committee_role(tree.X1, member)
        term_create(actor=None, org=tree.G1, start_year=2020, end_year=2025)
        candidate = make_candidate(tree.X1)
        document = meeting_with_a_file(tree.X1)
        transfer = letter_out_of_the_system(tree.X2)
        _token, key = token_create(actor=admin, user=admin, name="fuzz")
        orgs = [o.pk for o in (tree.P, tree.C1, tree.X1, tree.Y1)]
        ids = {
            "org_id": orgs,
            "parent_id": orgs,
            "within": orgs,
            "organization_id": [tree.X1.pk, tree.G1.pk],
            "new_parent_id": [tree.G1.pk],
            "into_id": [tree.X2.pk],
            "member_id": [member.pk, transfer.member_id],
            "candidate_id": [candidate.pk],
            "meeting_id": [document.meeting_id],
            "transfer_id": [transfer.pk],
            "term_id": [role.term_id],
            "role_id": [role.pk],
        }
        return {"key": key, "ids": ids}

    yield from shared_by_the_module(django_db_blocker, build)


IDS: dict[str, list[int]] = {}  # the real ids, by parameter name: set by `in_process` before its cases are drawn


def _or_real_ids(values: Any) -> Any:
    """A strategy that keeps a generated mapping of parameters, or points its ids at real objects."""
    if not isinstance(values, dict):
        return st.just(values)
    return st.fixed_dictionaries(
        {k: st.sampled_from([*IDS[k], v]) if k in IDS and type(v) is int else st.just(v) for k, v in values.items()}
    )


def _schema() -> Any:
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"), config=_config())
    schema.app = WSGIHandler()

    @schema.hook
    def before_generate_path_parameters(context: Any, strategy: Any) -> Any:
        return strategy.flatmap(_or_real_ids)

    @schema.hook
    def before_generate_query(context: Any, strategy: Any) -> Any:
        return strategy.flatmap(_or_real_ids)

    @schema.hook
    def before_generate_body(context: Any, strategy: Any) -> Any:
        return strategy.flatmap(_or_real_ids)

    return schema


schema = _schema()


class _Recorded(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def in_process(objects: dict[str, Any], db: Any) -> Iterator[tuple[str, _Recorded]]:
    """The token, and what the API's safety net logs, for one operation's cases."""
    IDS.clear()
    IDS.update(objects["ids"])
    safety_net, logger = _Recorded(), logging.getLogger("partybuilding.api.api")
    level = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(safety_net)
    # The handler runs inside the test's transaction: keep Django from closing the
    # connection at the end of each request (as its test client does).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield objects["key"], safety_net
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        logger.removeHandler(safety_net)
        logger.setLevel(level)


@pytest.fixture(scope="module", autouse=True)
def _report_the_run(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print the run's size once its last operation is done (past the output capture)."""
    yield
    if RUN["cases"]:
        spent = time.monotonic() - RUN["started"]
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(f"\nschemathesis: {RUN['cases']} cases over {len(RUN['operations'])} operations in {spent:.0f} s (seed {SEED})")


@schema.parametrize()
def test_each_operation_answers_as_documented(case: Any, in_process: tuple[str, _Recorded]) -> None:
    key, safety_net = in_process
    RUN["started"] = RUN["started"] or time.monotonic()
    RUN["cases"] += 1
    RUN["operations"].add(case.operation.label)
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
    assert safety_net.messages == [], "a value out of range reached the database: bound it in the operation's schema"
