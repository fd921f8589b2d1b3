"""The permission matrix: every route of the site and every operation of the API, for every
persona, on an object inside and outside the persona's scope.

Each route is declared once, below (`PAGES` by route name, `OPERATIONS` by method and path):
what it needs — an action of `core.scope.Action` over the object's organization, any
logged-in user, the user's own records, the superuser… — and how to build its URL for a
target. What each persona gets is then computed from the roles
(`accounts.policy.ROLE_ACTIONS`) and where each persona holds its role
(`conftest.PERSONA_ROLES`), never written per persona:

- outside the scope: 404, exactly like a missing object;
- inside, without the action: 403, or the route's declared alternative;
- allowed: the route's success status (a POST checks the permission, not the whole form);
- anonymous: sent to the login page (pages) or 401 (API).

A route or an operation with no declaration fails `test_it_declares_every_page_route` or
`test_it_declares_every_api_operation`, which name it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from partybuilding.accounts.models import ApiToken, RoleAssignment, User
from partybuilding.accounts.policy import ROLE_ACTIONS
from partybuilding.admissions.models import Candidate
from partybuilding.api.api import api
from partybuilding.core.jobs import private_file
from partybuilding.core.models import Job, JobStatus
from partybuilding.core.scope import Action
from partybuilding.meetings.models import Meeting, MeetingDocument
from partybuilding.members.models import CommitteeRole, ImportJob, Member, Transfer
from partybuilding.organizations.models import CommitteeTerm, Organization

from .accounts_factories import api_token, role_held_in
from .admissions_factories import make_candidate
from .assessment_targets import four_good_of, organization_rating_of, rating_in, round_in
from .cadre_records_targets import COURSE, certified_training_of, toggled_position_in
from .cadre_targets import appointment_in, cadre_in, entry_in, holding_of, move_in, planning_in, position_in, training_of
from .conftest import PERSONA_ROLES, SCOPES, build_sibling_province, client_for, make_user, shared_by_the_module
from .directive_a_targets import file_in, issuer_in, resolution_in
from .directive_b_targets import document_in, task_of
from .directive_c_targets import assignment_of as study_assignment_of
from .directive_c_targets import campaign_of, own_assignment
from .directive_c_targets import session_of as study_session_of
from .directive_d_targets import reports_campaign
from .dues_bank_targets import credit_in
from .inspection_a_targets import case_of, item_of, programme_of, shortcoming_of
from .inspection_b_targets import RecordsAtWorkingScope, RecordsOwnCell, appeal_in, discipline_in, suspension_in
from .inspection_c_targets import denunciation_in, handler_user
from .meetings_checkin_targets import code_of, conflict_of
from .meetings_factories import meeting_with_a_file
from .member_rewards_targets import reward_in
from .members_factories import committee_role, import_job, letter_out_of_the_system, make_member
from .notification_targets import notice_of, rule_in
from .statistics_check_targets import check_job_of
from .statistics_reported_targets import reported_set_in

pytestmark = pytest.mark.django_db

# --- what a route needs ------------------------------------------------------------------
# Each rule answers, for a persona and the organization of the target, None when the
# persona is allowed (the route's success status) or the status of the refusal.


def holds(persona: str, action: Action, org: Organization, orgs: dict[str, Organization]) -> bool:
    """Does the persona's role allow `action` over `org`? (A role covers its organization's subtree.)"""
    _username, role, code = PERSONA_ROLES[persona]
    if role is None:  # the superuser
        return True
    return action in ROLE_ACTIONS[role] and org.path.startswith(orgs[str(code)].path)


@dataclass(frozen=True)
class Case:
    """One persona asking for a target of one organization."""

    persona: str
    where: str  # "in" or "out" of the persona's scope; "-" for a route about no object
    org: Organization  # the organization of the target
    world: World

    def holds(self, action: Action, org: Organization | None = None) -> bool:
        return holds(self.persona, action, org or self.org, self.world.orgs)

    def below(self, action: Action) -> bool:
        """Does the persona hold `action` somewhere below the target's organization?"""
        _username, role, code = PERSONA_ROLES[self.persona]
        return role is not None and action in ROLE_ACTIONS[role] and self.world.orgs[str(code)].path.startswith(self.org.path)


@dataclass(frozen=True)
class InScope:
    """An object placed in the tree: out of the persona's scope for `read` it answers 404 as
    a missing one would; visible, it needs `act` over its organization (else `denied`)."""

    act: Action
    read: Action = Action.VIEW
    denied: int = 403
    of_parent: bool = False  # `act` is needed over the organization's parent (the level above sets it)
    own_cell: bool = False  # the members of the object's own cell see it too
    line: bool = False  # read along the line: also below its organization (a provincial resolution in a cell)
    scoped: ClassVar[bool] = True

    def answer(self, case: Case) -> int | None:
        own = self.own_cell and case.world.own_cells.get(case.persona) == case.org.code
        if not (case.holds(self.read) or own or (self.line and case.below(self.read))):
            return 404
        acted_on = case.org.parent if self.of_parent else case.org
        return None if own or case.holds(self.act, acted_on) else self.denied


@dataclass(frozen=True)
class AtWorkingScope:
    """About the organization the user works in (their top organization, or the one they
    chose): needs `act` there, else `denied`."""

    act: Action
    denied: int = 403
    scoped: ClassVar[bool] = False

    def answer(self, case: Case) -> int | None:
        _username, _role, code = PERSONA_ROLES[case.persona]
        working = case.world.orgs[code] if code else case.org  # the superuser works anywhere
        return None if case.holds(self.act, working) else self.denied


@dataclass(frozen=True)
class LoggedIn:
    """Any logged-in user: each sees what their scope covers (maybe nothing)."""

    scoped: ClassVar[bool] = False

    def answer(self, case: Case) -> int | None:
        return None


@dataclass(frozen=True)
class SuperuserOnly:
    """The superuser alone; for everyone else the route does not exist (404)."""

    scoped: ClassVar[bool] = False

    def answer(self, case: Case) -> int | None:
        return None if PERSONA_ROLES[case.persona][1] is None else 404


@dataclass(frozen=True)
class OwnOnly:
    """The user's own object (a token, an upload): another user's answers 404 as a missing
    one; their own may still need `act` over its organization (a role revoked since)."""

    act: Action | None = None
    scoped: ClassVar[bool] = True

    def answer(self, case: Case) -> int | None:
        if case.where == "out":
            return 404
        return None if self.act is None or case.holds(self.act) else 403


@dataclass(frozen=True)
class OwnRecordOnly:
    """The user's own member record: a user without one gets 404."""

    scoped: ClassVar[bool] = False

    def answer(self, case: Case) -> int | None:
        return None if case.persona in case.world.own_cells else 404


@dataclass(frozen=True)
class AnywhereAllowed:
    """Work over the organizations where the user may do `act`: a user who may do it nowhere gets 403."""

    act: Action
    scoped: ClassVar[bool] = False

    def answer(self, case: Case) -> int | None:
        role = PERSONA_ROLES[case.persona][1]
        return None if role is None or self.act in ROLE_ACTIONS[role] else 403


Rule = InScope | AtWorkingScope | LoggedIn | SuperuserOnly | OwnOnly | OwnRecordOnly | AnywhereAllowed

LOGGED_IN = LoggedIn()
SEE = InScope(Action.VIEW)  # anything about an organization any role over it may see
MANAGE_ORGANIZATIONS = InScope(Action.MANAGE_ORGANIZATIONS)
# Figures and lists of an organization's members: the organization exists for every role
# over it, but the roles that do not see members are refused (403).
SEE_MEMBERS_OF = InScope(Action.VIEW_MEMBERS)
MANAGE_MEMBERS_OF = InScope(Action.MANAGE_MEMBERS)
# A personal record (a member, a candidate, a transfer letter, a meeting's attendance): for
# the roles that do not see members it does not exist (404), as outside the scope.
READ_RECORD = InScope(Action.VIEW_MEMBERS, read=Action.VIEW_MEMBERS)
WRITE_RECORD = InScope(Action.MANAGE_MEMBERS, read=Action.VIEW_MEMBERS)


# --- how a route is reached ----------------------------------------------------------------


@dataclass
class Target:
    """The objects a persona's URL is built from: those of one organization, and the
    persona's own (in scope) or another user's (out of scope) token and upload."""

    org: Organization
    member: Member | None = None
    candidate: Candidate | None = None
    transfer: Transfer | None = None
    meeting: Meeting | None = None
    document: MeetingDocument | None = None
    term: CommitteeTerm | None = None
    committee_role: CommitteeRole | None = None
    assignment: RoleAssignment | None = None
    token: ApiToken | None = None
    job: ImportJob | None = None
    run: Job | None = None  # a background job that produced a file


@dataclass(frozen=True)
class Use:
    """One way to reach a route: what it needs, its URL's parameters (`at`) and query for a
    target, the method and body, and what it answers when allowed (`ok`) and to an
    anonymous user (None: the login page, or 401 from the API)."""

    needs: Rule
    at: Callable[[Target], dict[str, Any]] = lambda t: {}
    query: str | Callable[[Target], str] = ""  # formatted with the target as `t`, or made from it
    method: str = "get"
    body: Callable[[Target], dict[str, Any]] | None = None
    ok: int = 200
    anonymous: int | None = None
    places: tuple[str, str] | None = None  # organizations in and out of scope for everyone, instead of SCOPES
    multipart: bool = False  # an API upload rather than JSON
    variant: str = ""


def org_pk(t: Target) -> dict[str, Any]:
    return {"pk": t.org.pk}


def member_pk(t: Target) -> dict[str, Any]:
    return {"pk": t.member.pk}


def candidate_pk(t: Target) -> dict[str, Any]:
    return {"pk": t.candidate.pk}


def meeting_pk(t: Target) -> dict[str, Any]:
    return {"pk": t.meeting.pk}


def run_pk(t: Target) -> dict[str, Any]:
    assert t.run is not None
    return {"pk": t.run.pk}


def job_pk(t: Target) -> dict[str, Any]:
    return {"pk": t.job.pk}


def org_id(t: Target) -> dict[str, Any]:
    return {"org_id": t.org.pk}


def member_id(t: Target) -> dict[str, Any]:
    return {"member_id": t.member.pk}


def candidate_id(t: Target) -> dict[str, Any]:
    return {"candidate_id": t.candidate.pk}


def meeting_id(t: Target) -> dict[str, Any]:
    return {"meeting_id": t.meeting.pk}


WITHIN = "?within={t.org.pk}"
STATISTICS_ORG = "?org={t.org.pk}"  # the node of a statistical form
DECISION = {"date": "2025-09-01", "decision_number": "5-QĐ", "decision_date": "2025-08-30"}
PERSON = {"family_name": "Lê", "middle_name": "Văn", "given_name": "Mới", "gender": "M", "date_of_birth": "1990-01-01"}


def restructure(action: str) -> Use:
    return Use(MANAGE_ORGANIZATIONS, at=lambda t: {"pk": t.org.pk, "action": action}, variant=f"{action} form")


def member_event(kind: str) -> Use:
    return Use(WRITE_RECORD, at=lambda t: {"pk": t.member.pk, "kind": kind}, variant=f"{kind} form")


def upload(name: str) -> Callable[[Target], dict[str, Any]]:
    return lambda t: {"file": SimpleUploadedFile(name, b"not a workbook", "application/octet-stream"), "dry_run": "true"}


# Pages, by route name. A route reached several ways lists each (`variant`).
PAGES: dict[str, Use | tuple[Use, ...]] = {
    # the dashboard and the kernel's pages
    "home": Use(LOGGED_IN),
    "dashboard": Use(LOGGED_IN),
    "dashboard_pdf": Use(AtWorkingScope(Action.VIEW)),
    "dashboard_attention": Use(AtWorkingScope(Action.VIEW_MEMBERS)),
    "rules": Use(LOGGED_IN),
    "healthz": Use(LOGGED_IN, anonymous=200),  # the health check answers everyone, and tells nothing
    "favicon": Use(LOGGED_IN, anonymous=200),  # the site's icon, for everyone
    # larger text, for everyone: a visitor chooses it on the sign-in page and goes back there
    "text_size": Use(LOGGED_IN, method="post", body=lambda t: {"size": "large", "next": "/accounts/login/"}, ok=302, anonymous=302),
    "pwa_manifest": Use(LOGGED_IN, anonymous=200),  # the phone app's manifest, for everyone
    "pwa_service_worker": Use(LOGGED_IN, anonymous=200),
    "pwa_pages": Use(LOGGED_IN, anonymous=200),  # a visitor's list is empty: the device forgets
    "audit_recent": Use(SuperuserOnly()),
    # The log of an object exists only for those who may read it (404, not 403).
    "audit_log": Use(
        InScope(Action.VIEW_AUDIT, read=Action.VIEW_AUDIT),
        at=lambda t: {"object_type": "organizations.organization", "object_id": t.org.pk},
    ),
    # accounts
    "login": Use(LOGGED_IN, ok=302, anonymous=200),  # a logged-in user goes on to the dashboard
    "logout": Use(LOGGED_IN, method="post", ok=302, anonymous=302),
    "scope_set": (
        Use(LOGGED_IN, variant="picker"),
        Use(SEE, method="post", body=lambda t: {"organization": t.org.pk}, ok=302, variant="choose"),
    ),
    "role_list": Use(AtWorkingScope(Action.MANAGE_ROLES)),
    "role_revoke": Use(InScope(Action.MANAGE_ROLES), at=lambda t: {"pk": t.assignment.pk}, method="post", ok=302),
    "token_list": Use(LOGGED_IN),
    # two-factor sign-in: the second step sends a session that owes nothing on; anyone may set it up
    "two_factor": Use(LOGGED_IN),
    "two_factor_verify": Use(LOGGED_IN, ok=302),
    "two_factor_enrol": Use(LOGGED_IN),
    "two_factor_reset": Use(InScope(Action.MANAGE_ROLES), at=lambda t: {"pk": t.assignment.user_id}, method="post", ok=302),
    # Background jobs are their starter's: anyone else's answers 404 (parameters and files hold personal data).
    "job_list": Use(LOGGED_IN),
    "job_page": Use(OwnOnly(), at=run_pk),
    "job_status": Use(OwnOnly(), at=run_pk),
    "job_download": Use(OwnOnly(), at=run_pk),
    "token_revoke": Use(OwnOnly(), at=lambda t: {"pk": t.token.pk}, method="post", ok=302),
    # organizations
    "organization_tree": (
        Use(LOGGED_IN, variant="tree"),
        Use(LOGGED_IN, query="?q=thon", variant="search"),
        Use(LOGGED_IN, query="?on=01/01/2025", variant="past tree"),
    ),
    "organization_options": Use(LOGGED_IN, query="?q=th"),
    "organization_export": Use(LOGGED_IN),
    "organization_detail": Use(SEE, at=org_pk),
    "organization_children": Use(SEE, at=org_pk),
    "organization_create": Use(MANAGE_ORGANIZATIONS, at=org_pk),
    "term_create": Use(MANAGE_ORGANIZATIONS, at=org_pk),
    "organization_restructure": (
        *(restructure(action) for action in ("rename", "move", "merge", "split", "dissolve")),
        Use(
            MANAGE_ORGANIZATIONS,
            at=lambda t: {"pk": t.org.pk, "action": "rename"},
            method="post",
            body=lambda t: {"name": "Tên mới", "date": "01/09/2025", "decision_number": "5", "decision_date": "30/08/2025", "version": 1},
            ok=302,
            variant="rename",
        ),
    ),
    # members: lists show each user what their scope covers (a plain member: nothing)
    "member_list": (Use(LOGGED_IN), Use(SEE, query=WITHIN + "&on=01/01/2026", variant="on a date")),
    "member_export": Use(LOGGED_IN),
    # A citizen ID outside the scope is answered as an unknown one: back to the list.
    "member_find": Use(LOGGED_IN, method="post", body=lambda t: {"citizen_id": t.member.citizen_id}, ok=302),
    "member_create": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    "my_record": Use(LOGGED_IN),
    "member_detail": Use(READ_RECORD, at=member_pk),
    "member_edit": Use(WRITE_RECORD, at=member_pk),
    "member_event": (member_event("exempt"), member_event("transfer"), member_event("remove")),
    "member_record_pdf": Use(READ_RECORD, at=member_pk),
    # "Show in full" (a citizen ID, a card number): whoever reads the record, by POST, audited.
    "member_reveal": Use(READ_RECORD, at=member_pk, method="post", body=lambda t: {"field": "citizen_id"}),
    # A member's own data: the page answers everyone (no record, it says so), the files only a member.
    "my_data": Use(LOGGED_IN),
    "my_data_json": Use(OwnRecordOnly()),
    "my_data_xlsx": Use(OwnRecordOnly()),
    "transfer_list": Use(LOGGED_IN),
    "transfer_export": Use(LOGGED_IN),
    "transfer_arrival": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    "transfer_issue": Use(WRITE_RECORD, at=lambda t: {"member_pk": t.member.pk}),
    "member_record_sections": Use(READ_RECORD, at=lambda t: {"member_pk": t.member.pk}),
    "transfer_action": Use(WRITE_RECORD, at=lambda t: {"pk": t.transfer.pk, "action": "refuse"}),
    "badge_due": Use(LOGGED_IN),
    "badge_export": Use(LOGGED_IN),
    "badge_award": Use(WRITE_RECORD, at=lambda t: {"member_pk": t.member.pk}),
    # members: cards and rewards
    # Lists show each user what their scope covers; a card or reward is recorded by those who manage
    # the members there (refused before the form is read; allowed, an empty form answers 422).
    "card_list": (Use(LOGGED_IN), Use(SEE, query=WITHIN + "&year=2026&kind=first", variant="within")),
    "card_export": Use(LOGGED_IN),
    "card_issue": (
        Use(WRITE_RECORD, at=lambda t: {"member_pk": t.member.pk}),
        Use(WRITE_RECORD, at=lambda t: {"member_pk": t.member.pk}, method="post", ok=422, variant="issue"),
    ),
    "card_member_section": Use(READ_RECORD, at=lambda t: {"member_pk": t.member.pk}),
    "reward_list": (Use(LOGGED_IN), Use(SEE, query=WITHIN + "&year=2026&who=members", variant="within")),
    "reward_export": Use(LOGGED_IN),
    "reward_create": (
        Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
        Use(AtWorkingScope(Action.MANAGE_MEMBERS), method="post", ok=422, variant="record"),
    ),
    "reward_create_member": (
        Use(WRITE_RECORD, at=lambda t: {"member_pk": t.member.pk}),
        Use(WRITE_RECORD, at=lambda t: {"member_pk": t.member.pk}, method="post", ok=422, variant="record"),
    ),
    # A reward is read with the members' view of its organization (a member's: of the award day).
    "reward_edit": Use(WRITE_RECORD, at=lambda t: {"pk": reward_in(t.org).pk}),
    "reward_delete": (
        Use(WRITE_RECORD, at=lambda t: {"pk": reward_in(t.org).pk}),
        Use(WRITE_RECORD, at=lambda t: {"pk": reward_in(t.org).pk}, method="post", ok=302, variant="delete"),
    ),
    "reward_member_section": Use(READ_RECORD, at=lambda t: {"member_pk": t.member.pk}),
    "reward_organization_section": Use(SEE_MEMBERS_OF, at=lambda t: {"org_pk": t.org.pk}),
    # end members: cards and rewards
    "committee_warnings": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "committee_term": Use(SEE_MEMBERS_OF, at=lambda t: {"pk": t.term.pk}),
    "committee_role_assign": Use(MANAGE_MEMBERS_OF, at=lambda t: {"pk": t.term.pk}),
    "committee_role_end": Use(MANAGE_MEMBERS_OF, at=lambda t: {"pk": t.committee_role.pk}),
    "member_import_start": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    "member_import_template": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    # An import is its uploader's: anyone else's is missing.
    "member_import_job": Use(OwnOnly(Action.MANAGE_MEMBERS), at=job_pk),
    "member_import_status": Use(OwnOnly(Action.MANAGE_MEMBERS), at=job_pk),
    "member_import_confirm": Use(OwnOnly(Action.MANAGE_MEMBERS), at=job_pk, method="post", ok=302),
    "member_import_cancel": Use(OwnOnly(Action.MANAGE_MEMBERS), at=job_pk, method="post", ok=302),
    # admissions
    "candidate_import": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    "candidate_list": (Use(LOGGED_IN), Use(SEE, query=WITHIN, variant="within")),
    "candidate_create": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    "candidate_detail": Use(READ_RECORD, at=candidate_pk),
    "candidate_edit": Use(WRITE_RECORD, at=candidate_pk),
    "candidate_step": Use(WRITE_RECORD, at=lambda t: {"pk": t.candidate.pk, "kind": "course"}, variant="course form"),
    "admission_board": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    # Targets are not personal data; setting them needs the right to manage members there.
    "admission_targets": (
        Use(SEE, at=org_pk),
        Use(MANAGE_MEMBERS_OF, at=org_pk, method="post", body=lambda t: {"year": 2026}, ok=302, variant="set"),
    ),
    "admission_report": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "admission_report_xlsx": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "admission_report_pdf": Use(SEE_MEMBERS_OF, query=WITHIN),
    # meetings: attendance is personal data; planning and recording are for the roles that manage members
    "meeting_missing": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "meeting_missing_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN + "&what=unexcused"),
    "my_meetings": Use(LOGGED_IN),
    "meeting_schemes": Use(LOGGED_IN),
    # A province's scoring scheme: the own province P, another one Q.
    "meeting_scheme_new": Use(MANAGE_ORGANIZATIONS, at=lambda t: {"province_pk": t.org.pk}, places=("P", "Q")),
    "meeting_list": (Use(LOGGED_IN), Use(SEE, query=WITHIN, variant="within")),
    "meeting_export": Use(LOGGED_IN),
    "meeting_quality_pdf": Use(SEE_MEMBERS_OF, query=WITHIN),
    "meeting_plan": Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_pk": t.org.pk}),
    "meeting_plan_year": Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_pk": t.org.pk}, method="post", ok=302),
    "meeting_detail": Use(READ_RECORD, at=meeting_pk),
    "meeting_close": Use(WRITE_RECORD, at=meeting_pk, method="post", ok=302),
    "meeting_record": Use(WRITE_RECORD, at=meeting_pk),
    "meeting_attendance": Use(WRITE_RECORD, at=meeting_pk),
    "meeting_document_upload": Use(WRITE_RECORD, at=meeting_pk, method="post", ok=302),
    "meeting_document": Use(InScope(Action.VIEW_MEMBERS, read=Action.VIEW_MEMBERS, own_cell=True), at=lambda t: {"pk": t.document.pk}),
    "meeting_minutes": Use(READ_RECORD, at=meeting_pk),
    # check-in by QR code: the secretary's screen; a scan (any signed-in user: the code decides,
    # refused here as the meeting has no time window); a member's leave from their own cell
    "meeting_checkin": Use(WRITE_RECORD, at=meeting_pk),
    "meeting_scan": Use(LOGGED_IN, at=lambda t: {"meeting_code": code_of(t.meeting)}),
    "meeting_leave": Use(OwnRecordOnly(), at=meeting_pk),
    "meeting_conflict_settle": Use(
        WRITE_RECORD, at=lambda t: {"pk": conflict_of(t.meeting).pk}, method="post", body=lambda t: {"keep": "kept"}, ok=302
    ),
    # dues
    "dues_arrears": (
        Use(AtWorkingScope(Action.VIEW_MEMBERS, denied=302)),  # a plain member is sent to their own account
        Use(SEE_MEMBERS_OF, query=WITHIN, variant="within"),
    ),
    "dues_arrears_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN),
    "dues_report": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "dues_report_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN),
    "dues_report_pdf": Use(SEE_MEMBERS_OF, query=WITHIN),
    "dues_collect": Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_id": t.org.pk, "year": 2026, "month": 1}),
    "dues_open": Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_id": t.org.pk, "year": 2026, "month": 1}, method="post", ok=302),
    "dues_me": Use(LOGGED_IN),
    # notifications: one's own notices and channels; an organization's rules and its day's notices
    "notice_list": (Use(LOGGED_IN), Use(LOGGED_IN, query="?q=hop&kind=dues_due&state=unread", variant="filtered")),
    "notice_open": Use(OwnOnly(), at=lambda t: {"pk": notice_of(t.run.created_by, t.org).pk}),
    "notices_read_all": Use(LOGGED_IN, method="post", ok=302),
    "notice_preferences": (
        Use(LOGGED_IN),
        Use(LOGGED_IN, method="post", body=lambda t: {"email": "digest", "language": "vi"}, ok=302, variant="save"),
    ),
    "notice_rules": Use(SEE, query=WITHIN),
    "notice_rule_new": (
        Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_pk": t.org.pk}),
        Use(
            MANAGE_MEMBERS_OF,
            at=lambda t: {"org_pk": t.org.pk},
            method="post",
            body=lambda t: {"kind": "dues_due", "days": "5", "valid_from": "01/12/2026"},
            ok=302,
            variant="save",
        ),
    ),
    "notice_rule_edit": Use(MANAGE_MEMBERS_OF, at=lambda t: {"pk": rule_in(t.org).pk}),
    "notice_day": Use(SEE_MEMBERS_OF, query=WITHIN + "&day=10/11/2026"),
    "notice_day_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN + "&day=10/11/2026"),
    "pwa_cash": Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_id": t.org.pk, "year": 2026, "month": 1}),
    "pwa_attendance": Use(WRITE_RECORD, at=meeting_pk),
    "dues_member": (
        Use(READ_RECORD, at=member_pk),
        # Refused before the form is read; allowed, the empty relief form answers 422.
        Use(WRITE_RECORD, at=member_pk, method="post", ok=422, variant="record a relief"),
    ),
    "dues_import": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    "dues_import_template": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    # dues by bank transfer: the account is read by every role over the organization, set by those who manage its members
    "dues_bank_account": (
        Use(SEE, at=org_id),
        Use(MANAGE_MEMBERS_OF, at=org_id, method="post", ok=422, variant="set the account"),
    ),
    "dues_qr_cards": Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_id": t.org.pk, "year": 2026, "month": 1}),
    "dues_qr_cards_pdf": Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_id": t.org.pk, "year": 2026, "month": 1}),
    # The member's own code: none until their cell has an account and they owe (tests/test_dues_vietqr.py), 404 for everyone else.
    "dues_me_qr": Use(OwnRecordOnly(), ok=404),
    "dues_statement_import": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    "dues_credits": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "dues_credit": (
        Use(READ_RECORD, at=lambda t: {"pk": credit_in(t.org).pk}),
        # Refused before the form is read; allowed, the empty form answers 422.
        Use(WRITE_RECORD, at=lambda t: {"pk": credit_in(t.org).pk}, method="post", ok=422, variant="assign"),
    ),
    "dues_credit_not_dues": Use(WRITE_RECORD, at=lambda t: {"pk": credit_in(t.org).pk}, method="post", ok=302),
    # the credit waits to be assigned: "back to the list" is refused in words, the page comes back (302)
    "dues_credit_back_to_queue": Use(WRITE_RECORD, at=lambda t: {"pk": credit_in(t.org).pk}, method="post", ok=302),
    "dues_credits_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN),
    "dues_statements": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "dues_statement": Use(READ_RECORD, at=lambda t: {"pk": credit_in(t.org).statement_id}),
    "dues_fixed": (
        Use(AtWorkingScope(Action.VIEW)),
        Use(SEE, query=WITHIN, variant="within"),
        Use(MANAGE_ORGANIZATIONS, query=WITHIN, method="post", body=lambda t: {"amount": "many"}, ok=422, variant="set an amount"),
    ),
    # assessments: rounds and ratings
    "assessment_home": Use(LOGGED_IN),
    "assessment_round_new": Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
    # A round's ratings are a list of members: seen by the roles that see members there.
    "assessment_round": Use(SEE_MEMBERS_OF, at=lambda t: {"pk": round_in(t.org).pk}),
    "assessment_round_xlsx": Use(SEE_MEMBERS_OF, at=lambda t: {"pk": round_in(t.org).pk}),
    "assessment_round_close": Use(MANAGE_MEMBERS_OF, at=lambda t: {"pk": round_in(t.org).pk}, method="post", ok=302),
    "my_ratings": Use(LOGGED_IN),
    # A rating is a personal record; the cell records its steps, the grassroots committee above the cell decides.
    "assessment_rating": Use(READ_RECORD, at=lambda t: {"pk": rating_in(t.org, t.member).pk}),
    "assessment_rating_pdf": Use(READ_RECORD, at=lambda t: {"pk": rating_in(t.org, t.member).pk}),
    "assessment_rating_step": (
        Use(WRITE_RECORD, at=lambda t: {"pk": rating_in(t.org, t.member).pk, "kind": "vote"}, variant="vote form"),
        Use(
            InScope(Action.MANAGE_MEMBERS, read=Action.VIEW_MEMBERS, of_parent=True),
            at=lambda t: {"pk": rating_in(t.org, t.member).pk, "kind": "decide"},
            variant="decide form",
        ),
    ),
    # end assessments: rounds and ratings
    # assessments: reports
    # Form 6 and the table are figures from the counters: any role over the organization.
    "assessment_form6": (Use(AtWorkingScope(Action.VIEW)), Use(SEE, query=WITHIN, variant="within")),
    "assessment_form6_xlsx": Use(SEE, query=WITHIN),
    "assessment_form6_pdf": Use(SEE, query=WITHIN),
    "assessment_table": (Use(AtWorkingScope(Action.VIEW)), Use(SEE, query=WITHIN, variant="within")),
    "assessment_table_xlsx": Use(SEE, query=WITHIN),
    "assessment_table_pdf": Use(SEE, query=WITHIN),
    # Lists of members by name: the roles that see members.
    "assessment_matrix": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "assessment_matrix_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN),
    "assessment_unreviewed": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "assessment_unreviewed_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN),
    "assessment_removal": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    # end assessments: reports
    # assessments: organizations and four-good
    # Organizations' ratings and the four-good model are no personal data: any role over the
    # organization reads them; its own committee writes its report, the committee one level up decides.
    "assessment_orgs": (
        Use(SEE, at=lambda t: {"round_pk": round_in(t.org).pk}),
        Use(SEE, at=lambda t: {"round_pk": round_in(t.org).pk}, query="?q=chi&stage=listed&kind=cell", variant="filtered"),
    ),
    "assessment_orgs_xlsx": Use(SEE, at=lambda t: {"round_pk": round_in(t.org).pk}),
    "assessment_org_rating": Use(SEE, at=lambda t: {"pk": organization_rating_of(t.org).pk}),
    "assessment_org_step": (
        Use(MANAGE_MEMBERS_OF, at=lambda t: {"pk": organization_rating_of(t.org).pk, "kind": "self"}, variant="self form"),
        Use(
            InScope(Action.MANAGE_MEMBERS, of_parent=True),
            at=lambda t: {"pk": organization_rating_of(t.org).pk, "kind": "decide"},
            variant="decide form",
        ),
        # Refused before the form is read; allowed, the empty report answers 422.
        Use(
            MANAGE_MEMBERS_OF, at=lambda t: {"pk": organization_rating_of(t.org).pk, "kind": "self"}, method="post", ok=422, variant="self"
        ),
    ),
    "fourgood_list": (Use(LOGGED_IN), Use(SEE, query=WITHIN + "&year=2026&honoured=on", variant="within")),
    "fourgood_register": (
        Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_pk": t.org.pk}, query="?year=2026"),
        Use(MANAGE_MEMBERS_OF, at=lambda t: {"org_pk": t.org.pk}, method="post", ok=422, variant="register"),
    ),
    "fourgood_detail": Use(SEE, at=lambda t: {"pk": four_good_of(t.org, t.meeting).pk}),
    # An empty assessment is one with no criterion met; an empty decision is refused (422).
    "fourgood_assess": Use(MANAGE_MEMBERS_OF, at=lambda t: {"pk": four_good_of(t.org, t.meeting).pk}, method="post", ok=302),
    "fourgood_recognize": Use(
        InScope(Action.MANAGE_MEMBERS, of_parent=True), at=lambda t: {"pk": four_good_of(t.org, t.meeting).pk}, method="post", ok=422
    ),
    # end assessments: organizations and four-good
    # inspections: home
    "inspection_home": Use(LOGGED_IN),
    # the disciplines section of a member's record page: whoever reads the record
    "inspection_member_record": Use(READ_RECORD, at=lambda t: {"member_pk": t.member.pk}),
    # inspections: programmes and cases
    # Inspection work is read and written by those who hold the inspection action over the
    # organization that conducts it; for every other role it does not exist (404).
    "inspection_programmes": (Use(AtWorkingScope(Action.INSPECT)), Use(InScope(Action.INSPECT), query=WITHIN, variant="within")),
    "inspection_programme_new": (
        Use(AtWorkingScope(Action.INSPECT)),
        Use(AtWorkingScope(Action.INSPECT), method="post", ok=422, variant="create"),
    ),
    "inspection_programme": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": programme_of(t.org).pk}),
    "inspection_programme_xlsx": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": programme_of(t.org).pk}),
    "inspection_programme_item_new": (
        Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": programme_of(t.org).pk}),
        Use(
            InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": programme_of(t.org).pk}, method="post", ok=422, variant="add"
        ),
    ),
    "inspection_programme_adopt": (
        Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": programme_of(t.org).pk}),
        Use(
            InScope(Action.INSPECT, read=Action.INSPECT),
            at=lambda t: {"pk": programme_of(t.org).pk},
            method="post",
            ok=422,
            variant="adopt",
        ),
    ),
    "inspection_programme_item_edit": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": item_of(t.org).pk}),
    "inspection_programme_item_delete": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": item_of(t.org).pk}, method="post", ok=302
    ),
    # a draft programme's item is refused (told on the programme's page)
    "inspection_programme_item_start": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": item_of(t.org).pk}, method="post", ok=302
    ),
    "inspection_cases": (Use(AtWorkingScope(Action.INSPECT)), Use(InScope(Action.INSPECT), query=WITHIN, variant="within")),
    "inspection_cases_xlsx": Use(InScope(Action.INSPECT), query=WITHIN),
    "inspection_case_new": (
        Use(AtWorkingScope(Action.INSPECT)),
        Use(AtWorkingScope(Action.INSPECT), method="post", ok=422, variant="create"),
    ),
    "inspection_case": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": case_of(t.org).pk}),
    "inspection_case_step": (
        Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": case_of(t.org).pk, "kind": "open"}, variant="open form"),
        Use(
            InScope(Action.INSPECT, read=Action.INSPECT),
            at=lambda t: {"pk": case_of(t.org).pk, "kind": "open"},
            method="post",
            ok=422,
            variant="open",
        ),
    ),
    "inspection_shortcoming_new": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": shortcoming_of(t.org).case_id}),
    "inspection_shortcoming_remedy": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": shortcoming_of(t.org).pk}),
    "inspection_shortcoming_drop": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": shortcoming_of(t.org).pk}),
    "inspection_shortcoming_file": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": shortcoming_of(t.org).pk}),
    # end inspections: programmes and cases
    # inspections: disciplines and appeals
    # Disciplines and suspensions are read with the members' view (where decided, where the
    # subject is); a Party cell's own decision is recorded by those who inspect or manage its members.
    "inspection_disciplines": (
        Use(AtWorkingScope(Action.VIEW_MEMBERS)),
        Use(SEE_MEMBERS_OF, query=WITHIN + "&q=nguyen&committee=on&year=2026", variant="within"),
    ),
    "inspection_disciplines_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN),
    "inspection_discipline_new": (
        Use(RecordsAtWorkingScope()),
        Use(RecordsOwnCell(), query="?member={t.member.pk}", variant="for a member"),
        Use(RecordsOwnCell(), query="?member={t.member.pk}", method="post", ok=422, variant="create"),
    ),
    "inspection_discipline": Use(READ_RECORD, at=lambda t: {"pk": discipline_in(t.org).pk}),
    "inspection_discipline_step": (
        Use(RecordsOwnCell(), at=lambda t: {"pk": discipline_in(t.org).pk, "kind": "notice"}, variant="notice form"),
        Use(RecordsOwnCell(), at=lambda t: {"pk": discipline_in(t.org).pk, "kind": "notice"}, method="post", ok=422, variant="notice"),
    ),
    "inspection_suspension_new": (
        Use(RecordsAtWorkingScope()),
        Use(RecordsOwnCell(), query="?member={t.member.pk}", variant="for a member"),
    ),
    "inspection_suspension_lift": Use(RecordsOwnCell(), at=lambda t: {"pk": suspension_in(t.org).pk}),
    # Appeals are inspection work: read with the inspection action, settled one level up.
    "inspection_appeals": (
        Use(AtWorkingScope(Action.INSPECT)),
        Use(InScope(Action.INSPECT), query=WITHIN + "&overdue=on", variant="within"),
    ),
    "inspection_appeals_xlsx": Use(InScope(Action.INSPECT), query=WITHIN),
    "inspection_appeal_new": Use(
        InScope(Action.INSPECT, read=Action.VIEW_MEMBERS, of_parent=True), at=lambda t: {"pk": discipline_in(t.org).pk}
    ),
    "inspection_appeal": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": appeal_in(t.org).pk}),
    "inspection_appeal_step": (
        Use(
            InScope(Action.INSPECT, read=Action.INSPECT, of_parent=True),
            at=lambda t: {"pk": appeal_in(t.org).pk, "kind": "settle"},
            variant="settle form",
        ),
        Use(
            InScope(Action.INSPECT, read=Action.INSPECT, of_parent=True),
            at=lambda t: {"pk": appeal_in(t.org).pk, "kind": "settle"},
            method="post",
            ok=422,
            variant="settle",
        ),
    ),
    # end inspections: disciplines and appeals
    # inspections: denunciations
    # Denunciations are read and handled by the roles that inspect (INSPECT); outside, as missing.
    "inspection_denunciations": (
        Use(AtWorkingScope(Action.INSPECT)),
        Use(InScope(Action.INSPECT), query=WITHIN + "&q=mau&overdue=on", variant="within"),
    ),
    "inspection_denunciations_xlsx": Use(InScope(Action.INSPECT), query=WITHIN),
    "inspection_denunciation_new": Use(AtWorkingScope(Action.INSPECT)),
    "inspection_denunciation": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": denunciation_in(t.org).pk}),
    "inspection_denunciation_step": (
        Use(
            InScope(Action.INSPECT, read=Action.INSPECT),
            at=lambda t: {"pk": denunciation_in(t.org).pk, "kind": "accept"},
            variant="accept form",
        ),
        Use(
            InScope(Action.INSPECT, read=Action.INSPECT),
            at=lambda t: {"pk": denunciation_in(t.org).pk, "kind": "accept"},
            method="post",
            body=lambda t: {"date": "02/10/2026", "version": denunciation_in(t.org).version, "submission": str(uuid.uuid4())},
            ok=302,
            variant="accept",
        ),
    ),
    "inspection_denunciation_handler_add": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"pk": denunciation_in(t.org).pk}
    ),
    "inspection_denunciation_handler_release": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"pk": denunciation_in(t.org).pk},
        method="post",
        body=lambda t: {"user": handler_user().pk, "date": "03/10/2026"},
        ok=302,
    ),
    # end inspections: denunciations
    # inspections: statistics and overdue board
    "inspection_reports": (Use(AtWorkingScope(Action.INSPECT)), Use(InScope(Action.INSPECT), query=WITHIN, variant="within")),
    "inspection_reports_xlsx": Use(InScope(Action.INSPECT), query=WITHIN),
    "inspection_reports_pdf": Use(InScope(Action.INSPECT), query=WITHIN + "&form=THKL_DV"),
    "inspection_overdue": (Use(AtWorkingScope(Action.INSPECT)), Use(InScope(Action.INSPECT), query=WITHIN, variant="within")),
    "inspection_overdue_xlsx": Use(InScope(Action.INSPECT), query=WITHIN),
    # end inspections: statistics and overdue board
    # directives: documents
    # Documents and issuers are read along the line (a province's resolution in its cells); issued with "direct".
    "directive_home": Use(LOGGED_IN),
    "directive_issuers": (Use(AtWorkingScope(Action.VIEW)), Use(InScope(Action.VIEW), query=WITHIN, variant="within")),
    "directive_issuer_new": Use(AtWorkingScope(Action.DIRECT)),
    "directive_issuer_edit": Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": issuer_in(t.org).pk}),
    "directive_documents": (
        Use(AtWorkingScope(Action.VIEW)),
        Use(InScope(Action.VIEW), query=WITHIN + "&q=nghi+quyet&kind=NQ", variant="within"),
    ),
    "directive_documents_xlsx": Use(InScope(Action.VIEW), query=WITHIN),
    "directive_document_new": Use(AtWorkingScope(Action.DIRECT)),
    "directive_not_concretized": Use(InScope(Action.VIEW), query=WITHIN),
    "directive_document": Use(InScope(Action.VIEW, line=True), at=lambda t: {"pk": resolution_in(t.org).pk}),
    "directive_document_edit": Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": resolution_in(t.org).pk}),
    "directive_document_withdraw": (
        Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": resolution_in(t.org).pk}, variant="form"),
        Use(
            InScope(Action.DIRECT, line=True),
            at=lambda t: {"pk": resolution_in(t.org).pk},
            method="post",
            body=lambda t: {"reason": "Ban hành nhầm", "version": resolution_in(t.org).version},
            ok=302,
            variant="withdraw",
        ),
    ),
    "directive_document_file_new": Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": resolution_in(t.org).pk}),
    "directive_document_file": Use(InScope(Action.VIEW, line=True), at=lambda t: {"pk": file_in(t.org).pk}),
    # end directives: documents
    # directives: tasks
    # Lists and the overview read along the scope; writes need DIRECT where the organization acts.
    "directive_tasks": (Use(AtWorkingScope(Action.VIEW)), Use(SEE, query=WITHIN, variant="within")),
    "directive_tasks_xlsx": Use(SEE, query=WITHIN),
    "directive_overview": (Use(AtWorkingScope(Action.VIEW)), Use(SEE, query=WITHIN, variant="within")),
    # A task is given from a document the user reads along the line, by its issuer's organization.
    "directive_task_new": (
        Use(InScope(Action.DIRECT, line=True), query=lambda t: f"?document={document_in(t.org).pk}"),
        # without the document, meeting or inspection giving it, there is no task to give
        Use(LOGGED_IN, ok=404, variant="no source"),
    ),
    "directive_task": Use(SEE, at=lambda t: {"pk": task_of(t.org).pk}),
    "directive_task_split": Use(InScope(Action.DIRECT), at=lambda t: {"pk": task_of(t.org).pk}),
    "directive_task_step": Use(InScope(Action.DIRECT), at=lambda t: {"pk": task_of(t.org).pk, "kind": "progress"}, variant="progress form"),
    "directive_task_evidence": Use(SEE, at=lambda t: {"pk": 999999999}, ok=404),
    "directive_distribute": Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": document_in(t.org).pk}),
    # end directives: tasks
    # directives: study
    # Campaigns are read along the line (a provincial campaign in every cell); opening, closing and
    # sessions need the directing action over the organization that acts; the members not done
    # and a member's study are personal data; a member's own page is theirs alone.
    "directive_campaigns": (Use(AtWorkingScope(Action.VIEW)), Use(SEE, query=WITHIN, variant="within")),
    "directive_campaign_new": (
        Use(AtWorkingScope(Action.DIRECT)),
        Use(AtWorkingScope(Action.DIRECT), method="post", ok=422, variant="create"),
    ),
    "directive_campaign": Use(InScope(Action.VIEW, line=True), at=lambda t: {"pk": campaign_of(t.org).pk}),
    # the list is made already: told so on the campaign's page
    "directive_campaign_list": Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": campaign_of(t.org).pk}, method="post", ok=302),
    "directive_campaign_close": (
        Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": campaign_of(t.org).pk}),
        Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": campaign_of(t.org).pk}, method="post", ok=422, variant="close"),
    ),
    "directive_session_new": (
        Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": campaign_of(t.org).pk}),
        Use(InScope(Action.DIRECT, line=True), at=lambda t: {"pk": campaign_of(t.org).pk}, method="post", ok=422, variant="create"),
    ),
    "directive_session_attendance": (
        Use(InScope(Action.DIRECT), at=lambda t: {"pk": study_session_of(t.org).pk}),
        Use(InScope(Action.DIRECT), at=lambda t: {"pk": study_session_of(t.org).pk}, method="post", ok=302, variant="record"),
    ),
    "directive_campaign_not_done": Use(InScope(Action.VIEW_MEMBERS, line=True), at=lambda t: {"pk": campaign_of(t.org).pk}),
    "directive_campaign_not_done_xlsx": Use(InScope(Action.VIEW_MEMBERS, line=True), at=lambda t: {"pk": campaign_of(t.org).pk}),
    "directive_study_record": (
        Use(InScope(Action.DIRECT, read=Action.VIEW_MEMBERS), at=lambda t: {"pk": study_assignment_of(t.org).pk}),
        Use(
            InScope(Action.DIRECT, read=Action.VIEW_MEMBERS),
            at=lambda t: {"pk": study_assignment_of(t.org).pk},
            method="post",
            ok=422,
            variant="record",
        ),
    ),
    "directive_study_note": (
        Use(InScope(Action.DIRECT, read=Action.VIEW_MEMBERS), at=lambda t: {"pk": study_assignment_of(t.org).pk}),
        Use(
            InScope(Action.DIRECT, read=Action.VIEW_MEMBERS),
            at=lambda t: {"pk": study_assignment_of(t.org).pk},
            method="post",
            ok=422,
            variant="record",
        ),
    ),
    "directive_my_study": Use(OwnRecordOnly()),
    # anyone else's assignment answers 404; an empty note is told on the page
    "directive_my_study_note": Use(OwnRecordOnly(), at=lambda t: {"pk": own_assignment().pk}, method="post", ok=302),
    # end directives: study
    # directives: reports
    "directive_reports": (Use(AtWorkingScope(Action.VIEW)), Use(InScope(Action.VIEW), query=WITHIN, variant="within")),
    "directive_reports_xlsx": Use(InScope(Action.VIEW), at=lambda t: {"report": "issued"}, query=WITHIN),
    "directive_reports_pdf": Use(InScope(Action.VIEW), at=lambda t: {"report": "implementation"}, query=WITHIN),
    # end directives: reports
    # cadres: records
    # Cadre records are read by the organizing board and the standing committee of the managing
    # organization and above: for the other roles they do not exist (404); written by the board.
    **{
        name: (Use(AtWorkingScope(Action.VIEW_CADRES)), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within"))
        for name in ("cadre_positions", "cadre_list", "cadre_trainings", "cadre_standards_gaps")
    },
    **{
        name: Use(InScope(Action.VIEW_CADRES), query=WITHIN)
        for name in ("cadre_positions_xlsx", "cadre_list_xlsx", "cadre_trainings_xlsx", "cadre_standards_gaps_xlsx")
    },
    **{
        name: (
            Use(AtWorkingScope(Action.MANAGE_CADRES)),
            Use(AtWorkingScope(Action.MANAGE_CADRES), method="post", ok=422, variant="create"),
        )
        for name in ("cadre_position_new", "cadre_new_member", "cadre_new_person")
    },
    "cadre_position": Use(InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": position_in(t.org).pk}),
    "cadre_position_edit": (
        Use(InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": position_in(t.org).pk}),
        Use(
            InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
            at=lambda t: {"pk": position_in(t.org).pk},
            method="post",
            ok=422,
            variant="save",
        ),
    ),
    # out of use, then back in use: each time told and sent back to the post
    "cadre_position_active": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": toggled_position_in(t.org).pk}, method="post", ok=302
    ),
    **{
        name: Use(InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": cadre_in(t.org).pk})
        for name in ("cadre_detail", "cadre_cv_pdf")
    },
    **{
        name: (
            Use(InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": cadre_in(t.org).pk}),
            Use(
                InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
                at=lambda t: {"pk": cadre_in(t.org).pk},
                method="post",
                ok=422,
                variant="save",
            ),
        )
        for name in ("cadre_edit", "cadre_holding_new", "cadre_training_new")
    },
    # the sample cadre has no member record: the refusal is told on the cadre's page
    "cadre_refresh": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": cadre_in(t.org).pk}, method="post", ok=302
    ),
    "cadre_training_edit": (
        Use(InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": training_of(t.org).pk}),
        Use(
            InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
            at=lambda t: {"pk": training_of(t.org).pk},
            method="post",
            ok=422,
            variant="save",
        ),
    ),
    "cadre_training_certificate": Use(
        InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": certified_training_of(t.org).pk}
    ),
    # end cadres: records
    # cadres: planning
    # Plannings are cadre records: for the roles that do not read them they do not exist (404).
    "cadre_plannings": (
        Use(AtWorkingScope(Action.VIEW_CADRES)),
        Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within"),
    ),
    "cadre_planning_exits": (
        Use(AtWorkingScope(Action.VIEW_CADRES)),
        Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within"),
    ),
    "cadre_planning_new": (
        Use(AtWorkingScope(Action.MANAGE_CADRES)),
        Use(AtWorkingScope(Action.MANAGE_CADRES), method="post", ok=422, variant="create"),
    ),
    **{
        name: Use(InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": planning_in(t.org).pk})
        for name in ("cadre_planning", "cadre_planning_xlsx", "cadre_planning_pdf", "cadre_planning_structure")
    },
    **{
        name: (
            Use(InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": planning_in(t.org).pk}),
            Use(
                InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
                at=lambda t: {"pk": planning_in(t.org).pk},
                method="post",
                ok=422,
                variant="save",
            ),
        )
        for name in ("cadre_planning_review_new", "cadre_planning_entry_new")
    },
    **{
        name: (
            Use(InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": entry_in(t.org).pk}),
            Use(
                InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
                at=lambda t: {"pk": entry_in(t.org).pk},
                method="post",
                ok=422,
                variant="save",
            ),
        )
        for name in ("cadre_planning_entry_remove", "cadre_planning_entry_exit")
    },
    # end cadres: planning
    # cadres: appointments
    # Lists at the working scope (or ?within=); a record is read by the organizing board and the standing
    # committee of the deciding organization and above; every write needs the managing action.
    "cadre_appointments": (Use(AtWorkingScope(Action.VIEW_CADRES)), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    "cadre_appointments_xlsx": Use(AtWorkingScope(Action.VIEW_CADRES)),
    "cadre_appointment_new": (
        Use(AtWorkingScope(Action.MANAGE_CADRES)),
        Use(AtWorkingScope(Action.MANAGE_CADRES), method="post", ok=422, variant="create"),
    ),
    "cadre_appointment": Use(InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": appointment_in(t.org).pk}),
    "cadre_appointment_step": (
        Use(InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": appointment_in(t.org).pk, "kind": "consult"}),
        Use(
            InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
            at=lambda t: {"pk": appointment_in(t.org).pk, "kind": "consult"},
            method="post",
            ok=422,
            variant="consult",
        ),
    ),
    "cadre_appointment_file_new": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": appointment_in(t.org).pk}
    ),
    "cadre_appointment_file": Use(InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": 999999999}, ok=404),
    "cadre_reappointments_due": (Use(AtWorkingScope(Action.VIEW_CADRES)), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    "cadre_reappointments_due_xlsx": Use(AtWorkingScope(Action.VIEW_CADRES)),
    "cadre_moves": (Use(AtWorkingScope(Action.VIEW_CADRES)), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    "cadre_moves_xlsx": Use(AtWorkingScope(Action.VIEW_CADRES)),
    "cadre_move_new": (
        Use(AtWorkingScope(Action.MANAGE_CADRES)),
        Use(AtWorkingScope(Action.MANAGE_CADRES), method="post", ok=422, variant="create"),
    ),
    "cadre_move": Use(InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": move_in(t.org).pk}),
    "cadre_move_edit": Use(InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"pk": move_in(t.org).pk}),
    "cadre_periodic_due": (Use(AtWorkingScope(Action.VIEW_CADRES)), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    "cadre_periodic_due_xlsx": Use(AtWorkingScope(Action.VIEW_CADRES)),
    # end cadres: appointments
    # cadres: reports
    # the home page and the reports read cadre records: the organizing board and the standing committee
    "cadre_home": Use(AtWorkingScope(Action.VIEW_CADRES)),
    "cadre_reports": (Use(AtWorkingScope(Action.VIEW_CADRES)), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    "cadre_report": (
        Use(AtWorkingScope(Action.VIEW_CADRES), at=lambda t: {"form": "9"}),
        Use(InScope(Action.VIEW_CADRES), at=lambda t: {"form": "12"}, query=WITHIN + "&year=2026&level=commune", variant="within"),
    ),
    "cadre_report_xlsx": Use(InScope(Action.VIEW_CADRES), at=lambda t: {"form": "10"}, query=WITHIN + "&year=2026"),
    "cadre_report_pdf": Use(InScope(Action.VIEW_CADRES), at=lambda t: {"form": "8b"}, query=WITHIN + "&year=2026"),
    # end cadres: reports
    # records: statistics facts (an organization's type of unit, whether non-members are left to admit)
    "organization_facts": (
        Use(MANAGE_ORGANIZATIONS, at=org_pk, variant="form"),
        Use(
            MANAGE_ORGANIZATIONS,
            at=org_pk,
            method="post",
            body=lambda t: {"unit_type": "", "no_candidates_left": "on", "version": t.org.version},
            ok=302,
            variant="save",
        ),
    ),
    # end records: statistics facts
    # statistics: pages (the HD 11 forms: aggregates of the members' records, for the roles that see them)
    "statistics": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=STATISTICS_ORG, variant="org")),
    "statistics_form": (
        Use(AtWorkingScope(Action.VIEW_MEMBERS), at=lambda t: {"slug": "1"}),
        Use(
            SEE_MEMBERS_OF,
            at=lambda t: {"slug": "3"},
            query=STATISTICS_ORG + "&period=quarter&year=2026&quarter=2&tree=then",
            variant="org",
        ),
    ),
    "statistics_form_xlsx": Use(SEE_MEMBERS_OF, at=lambda t: {"slug": "5"}, query=STATISTICS_ORG + "&year=2026"),
    "statistics_form_pdf": Use(SEE_MEMBERS_OF, at=lambda t: {"slug": "1"}, query=STATISTICS_ORG + "&year=2026"),
    "statistics_children": Use(SEE_MEMBERS_OF, at=lambda t: {"slug": "4"}, query=STATISTICS_ORG + "&year=2026&column=women"),
    "statistics_children_xlsx": Use(SEE_MEMBERS_OF, at=lambda t: {"slug": "1"}, query=STATISTICS_ORG + "&year=2026"),
    "statistics_drill": Use(SEE_MEMBERS_OF, at=lambda t: {"slug": "3"}, query=STATISTICS_ORG + "&year=2026&row=1&column=this"),
    "statistics_drill_xlsx": Use(SEE_MEMBERS_OF, at=lambda t: {"slug": "5"}, query=STATISTICS_ORG + "&year=2026&row=1&column=grassroots"),
    # end statistics: pages
    # statistics: reported figures (a set is named by its first figure; the figures are read like the forms)
    "statistics_reported": (Use(AtWorkingScope(Action.VIEW_MEMBERS)), Use(SEE_MEMBERS_OF, query=WITHIN, variant="within")),
    "statistics_reported_xlsx": Use(SEE_MEMBERS_OF, query=WITHIN),
    # imported where the user manages members; allowed, an empty form is refused (422)
    "statistics_reported_import": (
        Use(AtWorkingScope(Action.MANAGE_MEMBERS)),
        Use(AtWorkingScope(Action.MANAGE_MEMBERS), method="post", ok=422, variant="post"),
    ),
    "statistics_reported_template": Use(LOGGED_IN, query="?form=1"),  # the form's rows, no figure
    **{
        name: Use(READ_RECORD, at=lambda t: {"pk": reported_set_in(t.org)})
        for name in ("statistics_reported_set", "statistics_reported_differences", "statistics_reported_differences_xlsx")
    },
    "statistics_reported_delete": (
        Use(WRITE_RECORD, at=lambda t: {"pk": reported_set_in(t.org)}, variant="question"),
        Use(WRITE_RECORD, at=lambda t: {"pk": reported_set_in(t.org)}, method="post", ok=302, variant="remove"),
    ),
    # end statistics: reported figures
    # statistics: consistency check (refused before the form is read; allowed, an empty form answers 422)
    "statistics_check": (
        Use(AtWorkingScope(Action.VIEW_MEMBERS)),
        Use(SEE_MEMBERS_OF, query=STATISTICS_ORG, variant="org"),
        Use(AtWorkingScope(Action.VIEW_MEMBERS), method="post", ok=422, variant="start"),
    ),
    # end statistics: consistency check
}

# API operations, by method and path as the OpenAPI document names them.
OPERATIONS: dict[str, Use | tuple[Use, ...]] = {
    # organizations
    "GET /api/organizations": Use(LOGGED_IN),
    # notifications: only one's own
    "GET /api/notifications": Use(LOGGED_IN, query="?unread=true"),
    "GET /api/notifications/unread-count": Use(LOGGED_IN),
    "POST /api/notifications/read-all": Use(LOGGED_IN),
    "GET /api/notifications/preferences": Use(LOGGED_IN),
    "PUT /api/notifications/preferences": Use(LOGGED_IN, body=lambda t: {"email": "digest", "language": "vi"}),
    "POST /api/notifications/{notice_id}/read": Use(OwnOnly(), at=lambda t: {"notice_id": notice_of(t.run.created_by, t.org).pk}),
    # Allowed, the rules refuse a cell under a cell (422): the permission was passed.
    "POST /api/organizations": Use(
        MANAGE_ORGANIZATIONS,
        body=lambda t: {"parent_id": t.org.pk, "code": "MOI", "name": "Chi bộ Mới", "kind": "cell", **DECISION},
        ok=422,
    ),
    "GET /api/organizations/past": Use(SEE, query="?on=2025-01-01&parent_id={t.org.pk}"),
    "GET /api/organizations/{org_id}": Use(SEE, at=org_id),
    "GET /api/organizations/{org_id}/children": Use(SEE, at=org_id),
    "GET /api/organizations/{org_id}/history": Use(SEE, at=org_id),
    "GET /api/organizations/{org_id}/terms": Use(SEE, at=org_id),
    "POST /api/organizations/{org_id}/terms": Use(
        MANAGE_ORGANIZATIONS, at=org_id, body=lambda t: {"start_year": 2031, "end_year": 2036}, ok=201
    ),
    "POST /api/organizations/{org_id}/rename": Use(MANAGE_ORGANIZATIONS, at=org_id, body=lambda t: {**DECISION, "name": "Tên mới"}),
    "POST /api/organizations/{org_id}/move": Use(
        MANAGE_ORGANIZATIONS, at=org_id, body=lambda t: {**DECISION, "new_parent_id": t.org.pk}, ok=422
    ),  # under itself: refused by the rules
    "POST /api/organizations/{org_id}/merge": Use(
        MANAGE_ORGANIZATIONS, at=org_id, body=lambda t: {**DECISION, "into_id": t.org.pk}, ok=422
    ),  # into itself: refused by the rules
    "POST /api/organizations/{org_id}/split": Use(
        MANAGE_ORGANIZATIONS, at=org_id, body=lambda t: {**DECISION, "parts": []}, ok=422
    ),  # into no part: refused by the rules (the parent is managed too, where the parts are founded)
    "POST /api/organizations/{org_id}/dissolve": Use(MANAGE_ORGANIZATIONS, at=org_id, body=lambda t: DECISION),
    # transfer letters
    "GET /api/members/transfers": Use(LOGGED_IN),
    "POST /api/members/transfers": Use(
        WRITE_RECORD,
        body=lambda t: {
            "member_id": t.member.pk,
            "kind": "official",
            "letter_number": "16-GGT",
            "letter_date": "2026-10-02",
            "outside": "Đảng bộ Quân sự tỉnh",
            "change_date": "2026-09-20",
        },
        ok=201,
    ),
    "GET /api/members/transfers/{transfer_id}": Use(READ_RECORD, at=lambda t: {"transfer_id": t.transfer.pk}),
    "POST /api/members/transfers/{transfer_id}/{action}": Use(
        WRITE_RECORD,
        at=lambda t: {"transfer_id": t.transfer.pk, "action": "refuse"},
        body=lambda t: {"date": "2026-10-05", "reason": "Thiếu hồ sơ"},
    ),
    # badges
    "GET /api/members/badges/due": Use(LOGGED_IN),
    "GET /api/members/badges/of/{member_id}": Use(READ_RECORD, at=member_id),
    # Allowed, the rules refuse a 30-year badge to a member admitted in 2010 (422).
    "POST /api/members/badges": Use(
        WRITE_RECORD, body=lambda t: {"member_id": t.member.pk, "years": 30, "award_date": "2026-09-02"}, ok=422
    ),
    # members: cards and rewards API
    "GET /api/members/cards": Use(LOGGED_IN),
    # The member (official since 2011, no card yet) gets a first card.
    "POST /api/members/{member_id}/cards": Use(
        WRITE_RECORD, at=member_id, body=lambda t: {"kind": "first", "number": "20260519", "issued_on": "2026-05-19"}, ok=201
    ),
    "GET /api/members/rewards": Use(LOGGED_IN),
    "POST /api/members/rewards": Use(
        MANAGE_MEMBERS_OF, body=lambda t: {"organization_id": t.org.pk, "form": "merit", "awarded_on": "2026-05-19"}, ok=201
    ),
    "DELETE /api/members/rewards/{reward_id}": Use(WRITE_RECORD, at=lambda t: {"reward_id": reward_in(t.org).pk}, ok=204),
    # end members: cards and rewards API
    # committees: the term's organization is visible to every role over it; its roles are
    # for the roles that see members (403)
    "GET /api/members/committees/terms/{term_id}/roles": Use(SEE_MEMBERS_OF, at=lambda t: {"term_id": t.term.pk}),
    "POST /api/members/committees/terms/{term_id}/roles": Use(
        MANAGE_MEMBERS_OF,
        at=lambda t: {"term_id": t.term.pk},
        body=lambda t: {"member_id": t.member.pk, "role": "deputy_secretary", "since": "2026-01-05"},
        ok=201,
    ),
    "POST /api/members/committees/roles/{role_id}/end": Use(
        MANAGE_MEMBERS_OF, at=lambda t: {"role_id": t.committee_role.pk}, body=lambda t: {"until": "2026-06-01"}
    ),
    "GET /api/members/committees/warnings/{org_id}": Use(SEE_MEMBERS_OF, at=org_id),
    # members
    "GET /api/members": Use(LOGGED_IN),
    "POST /api/members": Use(
        MANAGE_MEMBERS_OF, body=lambda t: {**PERSON, "organization_id": t.org.pk, "admission_date": "2020-05-19"}, ok=201
    ),
    "GET /api/members/dashboard/{org_id}": Use(SEE_MEMBERS_OF, at=org_id),
    "GET /api/members/{member_id}": Use(READ_RECORD, at=member_id),
    "GET /api/members/{member_id}/events": Use(READ_RECORD, at=member_id),
    # Allowed, the rules refuse to recognize a member already official (422).
    "POST /api/members/{member_id}/events": Use(WRITE_RECORD, at=member_id, body=lambda t: {"kind": "recognize"}, ok=422),
    # An import writes only where the user manages members: refused to a user who manages
    # none; allowed, a file that is not a workbook is refused by the rules (422).
    "POST /api/members/import": Use(AnywhereAllowed(Action.MANAGE_MEMBERS), body=upload("dang-vien.xlsx"), multipart=True, ok=422),
    # admissions
    "GET /api/admissions/candidates": Use(LOGGED_IN),
    "POST /api/admissions/candidates": Use(
        MANAGE_MEMBERS_OF, body=lambda t: {**PERSON, "organization_id": t.org.pk, "recorded_on": "2026-01-05"}, ok=201
    ),
    "GET /api/admissions/candidates/{candidate_id}": Use(READ_RECORD, at=candidate_id),
    "GET /api/admissions/candidates/{candidate_id}/steps": Use(READ_RECORD, at=candidate_id),
    "POST /api/admissions/candidates/{candidate_id}/steps": Use(
        WRITE_RECORD, at=candidate_id, body=lambda t: {"kind": "course", "date": "2023-03-01", "certificate_number": "12/GCN"}
    ),
    "GET /api/admissions/board/{org_id}": Use(SEE_MEMBERS_OF, at=org_id),
    "GET /api/admissions/report/{org_id}": Use(SEE_MEMBERS_OF, at=org_id, query="?from_year=2024&to_year=2026"),
    "GET /api/admissions/targets/{org_id}": Use(SEE, at=org_id, query="?year=2026"),
    # An organization's target is set by the level above: the right to manage members of its parent.
    "PUT /api/admissions/targets/{org_id}": Use(
        InScope(Action.MANAGE_MEMBERS, of_parent=True), at=org_id, body=lambda t: {"year": 2026, "target": 3}
    ),
    # meetings
    "GET /api/meetings": Use(LOGGED_IN),
    "POST /api/meetings": Use(
        MANAGE_MEMBERS_OF, body=lambda t: {"organization_id": t.org.pk, "kind": "regular", "date": "2026-11-20"}, ok=201
    ),
    "POST /api/meetings/plan-year": Use(MANAGE_MEMBERS_OF, body=lambda t: {"organization_id": t.org.pk, "year": 2027}, ok=201),
    "GET /api/meetings/missing/{org_id}": Use(SEE_MEMBERS_OF, at=org_id),
    "GET /api/meetings/{meeting_id}": Use(READ_RECORD, at=meeting_id),
    # Allowed, the rules refuse an attendance that leaves expected members unmarked (422).
    "PUT /api/meetings/{meeting_id}/attendance": Use(WRITE_RECORD, at=meeting_id, body=lambda t: {"entries": []}, ok=422),
    "POST /api/meetings/{meeting_id}/close": Use(WRITE_RECORD, at=meeting_id, body=lambda t: {}),
    # check-in: the code of a meeting without a time window is refused (422) once the user is let in
    "POST /api/meetings/check-in": Use(LOGGED_IN, body=lambda t: {"code": code_of(t.meeting)}, ok=422),
    "GET /api/meetings/{meeting_id}/arrivals": Use(WRITE_RECORD, at=meeting_id),
    # the matrix's meeting is held already: too late for leave (422), for the member of its own cell
    "POST /api/meetings/{meeting_id}/leave": Use(OwnRecordOnly(), at=meeting_id, body=lambda t: {"reason": "Bận"}, ok=422),
    "POST /api/meetings/{meeting_id}/attendance/marks": Use(WRITE_RECORD, at=meeting_id, body=lambda t: {"marks": []}),
    # dues
    "GET /api/dues/me": Use(OwnRecordOnly()),
    "GET /api/dues/members/{member_id}": Use(READ_RECORD, at=member_id),
    "POST /api/dues/members/{member_id}/bases": Use(
        WRITE_RECORD, at=member_id, body=lambda t: {"from_month": "2026-01-01", "kind": "salary", "amount": 6_000_000}, ok=201
    ),
    "POST /api/dues/members/{member_id}/reliefs": Use(
        WRITE_RECORD,
        at=member_id,
        body=lambda t: {
            "kind": "exemption",
            "from_month": "2026-03-01",
            "to_month": "2026-03-01",
            "decision_number": "1",
            "decision_date": "2026-03-01",
        },
        ok=201,
    ),
    "POST /api/dues/payments": Use(
        WRITE_RECORD,
        body=lambda t: {"submission": str(uuid.uuid4()), "payments": [{"member_id": t.member.pk, "month": "2026-01-01", "amount": 50_000}]},
        ok=201,
    ),
    "GET /api/dues/arrears/{org_id}": Use(SEE_MEMBERS_OF, at=org_id),
    "GET /api/dues/report/{org_id}": Use(SEE_MEMBERS_OF, at=org_id, query="?first=2026-01-01&last=2026-03-01"),
    # As the member import.
    "POST /api/dues/import": Use(AnywhereAllowed(Action.MANAGE_MEMBERS), body=upload("dong-phi.xlsx"), multipart=True, ok=422),
    "POST /api/dues/open/{org_id}": Use(MANAGE_MEMBERS_OF, at=org_id, query="?month=2026-01-01"),
    # dues by bank transfer: a statement of the organization's account (not a workbook: its report, 422)
    "POST /api/dues/statements": Use(
        MANAGE_MEMBERS_OF,
        body=lambda t: {"account_id": credit_in(t.org).account_id, "layout": "vietcombank", **upload("sao-ke.xlsx")(t)},
        multipart=True,
        ok=422,
    ),
    "GET /api/dues/credits/{org_id}": Use(SEE_MEMBERS_OF, at=org_id),
    "POST /api/dues/credits/{credit_id}/assign": Use(
        WRITE_RECORD,
        at=lambda t: {"credit_id": credit_in(t.org).pk},
        body=lambda t: {"member_id": t.member.pk, "month": "2026-01-01"},
    ),
    "POST /api/dues/credits/{credit_id}/not-dues": Use(WRITE_RECORD, at=lambda t: {"credit_id": credit_in(t.org).pk}),
    # the credit waits to be assigned: nothing to undo (422) once let in
    "POST /api/dues/credits/{credit_id}/back-to-queue": Use(WRITE_RECORD, at=lambda t: {"credit_id": credit_in(t.org).pk}, ok=422),
    # the rules in force
    "GET /api/rules": Use(LOGGED_IN),
    "GET /api/rules/working-days": Use(LOGGED_IN, query="?start=2026-01-02&days=3"),
    # assessments: API
    "GET /api/assessments/rounds": (Use(LOGGED_IN), Use(SEE, query=WITHIN, variant="within")),
    "POST /api/assessments/rounds": Use(
        MANAGE_MEMBERS_OF, body=lambda t: {"organization_id": t.org.pk, "title": "Đánh giá năm 2025", "year": 2025}, ok=202
    ),
    # A round is seen by whoever sees part of its scope; its ratings by those who see members (a list).
    "GET /api/assessments/rounds/{round_id}": Use(SEE, at=lambda t: {"round_id": round_in(t.org).pk}),
    "POST /api/assessments/rounds/{round_id}/close": Use(
        MANAGE_MEMBERS_OF, at=lambda t: {"round_id": round_in(t.org).pk}, body=lambda t: {}
    ),
    "GET /api/assessments/rounds/{round_id}/ratings": Use(SEE, at=lambda t: {"round_id": round_in(t.org).pk}),
    "GET /api/assessments/rounds/{round_id}/organizations": Use(SEE, at=lambda t: {"round_id": round_in(t.org).pk}),
    "GET /api/assessments/ratings/{rating_id}": Use(READ_RECORD, at=lambda t: {"rating_id": rating_in(t.org, t.member).pk}),
    # Allowed, the rules refuse a step the rating's stage does not take yet (422). The
    # cell proposes; the grassroots committee above the cell decides.
    "POST /api/assessments/ratings/{rating_id}/steps/{kind}": (
        Use(
            WRITE_RECORD,
            at=lambda t: {"rating_id": rating_in(t.org, t.member).pk, "kind": "propose"},
            body=lambda t: {"level": "good", "source": "cell_committee", "date": "2026-12-05"},
            ok=422,
            variant="propose",
        ),
        Use(
            InScope(Action.MANAGE_MEMBERS, read=Action.VIEW_MEMBERS, of_parent=True),
            at=lambda t: {"rating_id": rating_in(t.org, t.member).pk, "kind": "decide"},
            body=lambda t: {"level": "good", "decision_number": "1-QĐ", "decision_date": "2026-12-05"},
            ok=422,
            variant="decide",
        ),
    ),
    "GET /api/assessments/me/ratings": Use(LOGGED_IN),
    "GET /api/assessments/organization-ratings/{org_rating_id}": Use(SEE, at=lambda t: {"org_rating_id": organization_rating_of(t.org).pk}),
    # Allowed, a step without its level is refused (422): the organization reports on
    # itself; the committee one level up rates it.
    "POST /api/assessments/organization-ratings/{org_rating_id}/steps/{kind}": (
        Use(
            MANAGE_MEMBERS_OF,
            at=lambda t: {"org_rating_id": organization_rating_of(t.org).pk, "kind": "self"},
            body=lambda t: {},
            ok=422,
            variant="self",
        ),
        Use(
            InScope(Action.MANAGE_MEMBERS, of_parent=True),
            at=lambda t: {"org_rating_id": organization_rating_of(t.org).pk, "kind": "decide"},
            body=lambda t: {},
            ok=422,
            variant="decide",
        ),
    ),
    "GET /api/assessments/four-good": (Use(LOGGED_IN), Use(SEE, query=WITHIN + "&year=2026", variant="within")),
    "POST /api/assessments/four-good": Use(
        MANAGE_MEMBERS_OF,
        body=lambda t: {"organization_id": t.org.pk, "year": t.meeting.date.year, "meeting_id": t.meeting.pk},
        ok=201,
    ),
    "POST /api/assessments/four-good/{registration_id}/assess": Use(
        MANAGE_MEMBERS_OF, at=lambda t: {"registration_id": four_good_of(t.org, t.meeting).pk}, body=lambda t: {"criteria": {}}
    ),
    # Recognized by the level above; allowed, a registration not yet assessed is refused (422).
    "POST /api/assessments/four-good/{registration_id}/recognize": Use(
        InScope(Action.MANAGE_MEMBERS, of_parent=True),
        at=lambda t: {"registration_id": four_good_of(t.org, t.meeting).pk},
        body=lambda t: {"decision_number": "1-QĐ", "decision_date": "2026-12-01"},
        ok=422,
    ),
    "GET /api/assessments/table": Use(SEE, query=WITHIN + "&year=2026"),
    # end assessments: API
    # inspections: programmes and cases API
    "GET /api/inspections/programmes": (Use(LOGGED_IN), Use(InScope(Action.INSPECT), query=WITHIN + "&year=2026", variant="within")),
    "POST /api/inspections/programmes": Use(
        InScope(Action.INSPECT),
        body=lambda t: {"organization_id": t.org.pk, "body": "committee", "year": 2027, "title": "Chương trình 2027"},
        ok=201,
    ),
    "GET /api/inspections/programmes/{programme_id}": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"programme_id": programme_of(t.org).pk}
    ),
    "POST /api/inspections/programmes/{programme_id}/items": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"programme_id": programme_of(t.org).pk},
        body=lambda t: {
            "kind": "signs",
            "subject_kind": "member",
            "subject_member_id": t.member.pk,
            "content": "Dấu hiệu vi phạm",
            "planned_from": "2026-05-01",
            "planned_to": "2026-05-31",
        },
        ok=201,
    ),
    "DELETE /api/inspections/programmes/{programme_id}/items/{item_id}": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"programme_id": item_of(t.org).programme_id, "item_id": item_of(t.org).pk},
    ),
    "POST /api/inspections/programmes/{programme_id}/adopt": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"programme_id": item_of(t.org).programme_id},
        body=lambda t: {"decision_number": "3-QĐ", "decision_date": "2026-01-10"},
    ),
    # Allowed, a draft programme's item is refused (422).
    "POST /api/inspections/programmes/{programme_id}/items/{item_id}/case": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"programme_id": item_of(t.org).programme_id, "item_id": item_of(t.org).pk},
        ok=422,
    ),
    "GET /api/inspections/cases": (Use(LOGGED_IN), Use(InScope(Action.INSPECT), query=WITHIN, variant="within")),
    "POST /api/inspections/cases": Use(
        InScope(Action.INSPECT),
        body=lambda t: {
            "organization_id": t.org.pk,
            "body": "cell",
            "kind": "signs",
            "subject_kind": "member",
            "subject_member_id": t.member.pk,
        },
        ok=201,
    ),
    "GET /api/inspections/cases/{case_id}": Use(InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"case_id": case_of(t.org).pk}),
    # Allowed, an opening without its decision is refused (422).
    "POST /api/inspections/cases/{case_id}/steps/{kind}": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"case_id": case_of(t.org).pk, "kind": "open"}, body=lambda t: {}, ok=422
    ),
    # Allowed, a case not concluded is refused (422).
    "POST /api/inspections/cases/{case_id}/shortcomings": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"case_id": case_of(t.org).pk},
        body=lambda t: {"description": "Thiếu sót", "deadline": "2026-12-31"},
        ok=422,
    ),
    "POST /api/inspections/shortcomings/{shortcoming_id}/remedy": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"shortcoming_id": shortcoming_of(t.org).pk},
        body=lambda t: {"date": "2026-03-01", "evidence": "Đã thu đủ"},
    ),
    "POST /api/inspections/shortcomings/{shortcoming_id}/drop": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"shortcoming_id": shortcoming_of(t.org).pk},
        body=lambda t: {"date": "2026-03-01", "reason": "Đã giải thể"},
    ),
    # end inspections: programmes and cases API
    # inspections: disciplines and appeals API
    "GET /api/inspections/disciplines": (Use(LOGGED_IN), Use(SEE_MEMBERS_OF, query=WITHIN + "&committee=true", variant="within")),
    "POST /api/inspections/disciplines": Use(
        RecordsOwnCell(read=Action.VIEW),
        body=lambda t: {
            "organization_id": t.org.pk,
            "body": "cell",
            "member_id": t.member.pk,
            "violation": "Vi phạm",
            "violation_date": "2026-06-01",
            "proposed_form": "reprimand",
            "proposed_on": "2026-07-01",
        },
        ok=201,
    ),
    "GET /api/inspections/disciplines/{discipline_id}": Use(READ_RECORD, at=lambda t: {"discipline_id": discipline_in(t.org).pk}),
    "GET /api/inspections/disciplines/{discipline_id}/steps": Use(READ_RECORD, at=lambda t: {"discipline_id": discipline_in(t.org).pk}),
    "POST /api/inspections/disciplines/{discipline_id}/steps/{kind}": Use(
        RecordsOwnCell(),
        at=lambda t: {"discipline_id": discipline_in(t.org).pk, "kind": "notice"},
        body=lambda t: {"date": "2026-09-05", "notice_to": "UBND xã"},
    ),
    "POST /api/inspections/suspensions": Use(
        RecordsOwnCell(read=Action.VIEW),
        body=lambda t: {
            "organization_id": t.org.pk,
            "body": "cell",
            "member_id": t.member.pk,
            "reason": "Bị khởi tố",
            "starts_on": "2026-11-01",
            "ends_on": "2026-12-31",
        },
        ok=201,
    ),
    "POST /api/inspections/suspensions/{suspension_id}/lift": Use(
        RecordsOwnCell(), at=lambda t: {"suspension_id": suspension_in(t.org).pk}, body=lambda t: {"date": "2026-11-20"}
    ),
    "GET /api/inspections/appeals": (Use(LOGGED_IN), Use(InScope(Action.INSPECT), query=WITHIN + "&overdue=true", variant="within")),
    "POST /api/inspections/appeals": Use(
        InScope(Action.INSPECT, read=Action.VIEW_MEMBERS, of_parent=True),
        body=lambda t: {"discipline_id": discipline_in(t.org).pk, "filed_on": "2026-09-25", "content": "Hình thức quá nặng"},
        ok=201,
    ),
    "GET /api/inspections/appeals/{appeal_id}": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"appeal_id": appeal_in(t.org).pk}
    ),
    "GET /api/inspections/appeals/{appeal_id}/steps": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"appeal_id": appeal_in(t.org).pk}
    ),
    "POST /api/inspections/appeals/{appeal_id}/steps/{kind}": Use(
        InScope(Action.INSPECT, read=Action.INSPECT, of_parent=True),
        at=lambda t: {"appeal_id": appeal_in(t.org).pk, "kind": "not_accepted"},
        body=lambda t: {"date": "2026-10-01", "reason": "Không có tình tiết mới"},
    ),
    # end inspections: disciplines and appeals API
    # inspections: denunciations API
    "GET /api/inspections/denunciations": (Use(LOGGED_IN), Use(InScope(Action.INSPECT), query=WITHIN, variant="within")),
    "POST /api/inspections/denunciations": Use(
        InScope(Action.INSPECT),
        body=lambda t: {
            "organization_id": t.org.pk,
            "channel": "letter",
            "received_on": "2026-11-02",
            "subject_kind": "organization",
            "subject_organization_id": t.org.pk,
            "summary": "Đơn tố cáo",
        },
        ok=201,
    ),
    "GET /api/inspections/denunciations/{denunciation_id}": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"denunciation_id": denunciation_in(t.org).pk}
    ),
    "GET /api/inspections/denunciations/{denunciation_id}/steps": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"denunciation_id": denunciation_in(t.org).pk}
    ),
    "POST /api/inspections/denunciations/{denunciation_id}/steps/{kind}": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"denunciation_id": denunciation_in(t.org).pk, "kind": "accept"},
        body=lambda t: {"date": "2026-10-02"},
    ),
    "GET /api/inspections/denunciations/{denunciation_id}/handlers": Use(
        InScope(Action.INSPECT, read=Action.INSPECT), at=lambda t: {"denunciation_id": denunciation_in(t.org).pk}
    ),
    "POST /api/inspections/denunciations/{denunciation_id}/handlers": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"denunciation_id": denunciation_in(t.org).pk},
        body=lambda t: {"user_id": User.objects.get(username="kiemtra").pk, "date": "2026-10-02"},
        ok=201,
        places=("X1", "Q1"),
    ),
    "POST /api/inspections/denunciations/{denunciation_id}/handlers/{user_id}/release": Use(
        InScope(Action.INSPECT, read=Action.INSPECT),
        at=lambda t: {"denunciation_id": denunciation_in(t.org).pk, "user_id": handler_user().pk},
        body=lambda t: {"date": "2026-10-03"},
    ),
    # end inspections: denunciations API
    # inspections: statistics API
    "GET /api/inspections/statistics": Use(InScope(Action.INSPECT), query=WITHIN + "&year=2026&period=quarter&number=1"),
    "GET /api/inspections/overdue": Use(InScope(Action.INSPECT), query=WITHIN),
    # end inspections: statistics API
    # directives: documents API
    "GET /api/directives/issuers": (Use(LOGGED_IN), Use(InScope(Action.VIEW), query=WITHIN, variant="within")),
    "POST /api/directives/issuers": Use(
        InScope(Action.DIRECT),
        body=lambda t: {"organization_id": t.org.pk, "body": "committee", "name": "Cấp ủy", "symbol": f"S{uuid.uuid4().hex[:8]}"},
        ok=201,
    ),
    "GET /api/directives/documents": (Use(LOGGED_IN), Use(InScope(Action.VIEW), query=WITHIN + "&q=nghi+quyet", variant="within")),
    "POST /api/directives/documents": Use(
        InScope(Action.DIRECT, line=True),
        body=lambda t: {"issuer_id": issuer_in(t.org).pk, "kind": "NQ", "date": "2026-09-01", "title": "Nghị quyết"},
        ok=201,
    ),
    "GET /api/directives/documents/{document_id}": Use(
        InScope(Action.VIEW, line=True), at=lambda t: {"document_id": resolution_in(t.org).pk}
    ),
    "PATCH /api/directives/documents/{document_id}": Use(
        InScope(Action.DIRECT, line=True), at=lambda t: {"document_id": resolution_in(t.org).pk}, body=lambda t: {"summary": "Tóm tắt"}
    ),
    "POST /api/directives/documents/{document_id}/withdraw": Use(
        InScope(Action.DIRECT, line=True), at=lambda t: {"document_id": resolution_in(t.org).pk}, body=lambda t: {"reason": "Nhầm"}
    ),
    "POST /api/directives/documents/{document_id}/files": Use(
        InScope(Action.DIRECT, line=True),
        at=lambda t: {"document_id": resolution_in(t.org).pk},
        body=lambda t: {"file": SimpleUploadedFile("nq.pdf", b"%PDF-1.4 test", "application/pdf")},
        multipart=True,
        ok=201,
    ),
    "GET /api/directives/documents/{document_id}/files/{file_id}": Use(
        InScope(Action.VIEW, line=True), at=lambda t: {"document_id": resolution_in(t.org).pk, "file_id": file_in(t.org).pk}
    ),
    "GET /api/directives/not-concretized": Use(InScope(Action.VIEW), query=WITHIN),
    # end directives: documents API
    # directives: tasks API
    "GET /api/directives/tasks": Use(LOGGED_IN),
    # Allowed, a task without its deadline is refused (422).
    "POST /api/directives/tasks": Use(
        InScope(Action.DIRECT, line=True),
        body=lambda t: {"document_id": document_in(t.org).pk, "organization_id": t.org.pk, "work": "Việc", "responsible_person": "A"},
        method="post",
        ok=422,
    ),
    "GET /api/directives/tasks/{task_id}": Use(SEE, at=lambda t: {"task_id": task_of(t.org).pk}),
    # Allowed, a progress report dated in the future is refused (422).
    "POST /api/directives/tasks/{task_id}/steps/{kind}": Use(
        InScope(Action.DIRECT),
        at=lambda t: {"task_id": task_of(t.org).pk, "kind": "progress"},
        method="post",
        body=lambda t: {"date": "2099-12-31", "progress": 10},
        ok=422,
    ),
    # Allowed, a split to no organization is refused (422).
    "POST /api/directives/tasks/{task_id}/split": Use(
        InScope(Action.DIRECT, read=Action.VIEW), at=lambda t: {"task_id": task_of(t.org).pk}, method="post", body=lambda t: {}, ok=422
    ),
    "GET /api/directives/overview/{org_id}": Use(SEE, at=org_id),
    # end directives: tasks API
    # directives: study API
    "GET /api/directives/study/campaigns": (Use(LOGGED_IN), Use(SEE, query=WITHIN, variant="within")),
    "POST /api/directives/study/campaigns": Use(
        InScope(Action.DIRECT),
        body=lambda t: {
            "organization_id": t.org.pk,
            "title": "Học tập Nghị quyết",
            "document_ids": [campaign_of(t.org).documents.get().pk],
            "starts_on": "2026-09-15",
            "deadline": "2026-10-15",
            "members_on": "2026-09-15",
        },
        ok=201,
    ),
    "GET /api/directives/study/campaigns/{campaign_id}": Use(
        InScope(Action.VIEW, line=True), at=lambda t: {"campaign_id": campaign_of(t.org).pk}
    ),
    # a close dated before the campaign's first day: refused once the permission passed
    "POST /api/directives/study/campaigns/{campaign_id}/close": Use(
        InScope(Action.DIRECT, line=True),
        at=lambda t: {"campaign_id": campaign_of(t.org).pk},
        body=lambda t: {"date": "2026-09-01"},
        ok=422,
    ),
    "POST /api/directives/study/campaigns/{campaign_id}/sessions": Use(
        InScope(Action.DIRECT, line=True),
        at=lambda t: {"campaign_id": campaign_of(t.org).pk},
        body=lambda t: {"organization_id": t.org.pk, "date": "2026-09-22"},
        ok=201,
    ),
    "PUT /api/directives/study/sessions/{session_id}/attendance": Use(
        InScope(Action.DIRECT), at=lambda t: {"session_id": study_session_of(t.org).pk}, body=lambda t: {"present": []}
    ),
    "GET /api/directives/study/mine": Use(OwnRecordOnly()),
    "PUT /api/directives/study/mine/{assignment_id}/note": Use(
        OwnRecordOnly(), at=lambda t: {"assignment_id": own_assignment().pk}, body=lambda t: {"note": "Kế hoạch hành động"}
    ),
    # end directives: study API
    # directives: reports API
    "GET /api/directives/reports/{org_id}/issued": Use(InScope(Action.VIEW), at=org_id, query="?year=2026&lower=true"),
    "GET /api/directives/reports/{org_id}/implementation": Use(InScope(Action.VIEW), at=org_id),
    "GET /api/directives/reports/{org_id}/study/{campaign_id}": Use(
        InScope(Action.VIEW), at=lambda t: {"org_id": t.org.pk, "campaign_id": reports_campaign(t.org).pk}
    ),
    # end directives: reports API
    # cadres: records API
    **{
        f"GET /api/cadres/{name}": (Use(LOGGED_IN), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within"))
        for name in ("positions", "records", "trainings")
    },
    "POST /api/cadres/positions": Use(
        InScope(Action.MANAGE_CADRES),
        body=lambda t: {"organization_id": t.org.pk, "body": "party_committee", "title": "head", "name": "Trưởng ban Tổ chức"},
        ok=201,
    ),
    "GET /api/cadres/positions/{position_id}": Use(
        InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"position_id": position_in(t.org).pk}
    ),
    "PUT /api/cadres/positions/{position_id}": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"position_id": position_in(t.org).pk},
        body=lambda t: {"body": "party_committee", "title": "deputy_secretary", "name": "Phó Bí thư"},
    ),
    # someone holds the post: taking it out of use is refused once the permission passed
    "POST /api/cadres/positions/{position_id}/active": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"position_id": holding_of(t.org).position_id},
        body=lambda t: {"active": False},
        ok=422,
    ),
    # the member has a cadre record already: refused once the permission passed
    "POST /api/cadres/records/from-member": Use(
        InScope(Action.MANAGE_CADRES),
        body=lambda t: {"member_id": cadre_in(t.org, member=t.member).member_id, "managed_by_id": t.org.pk},
        ok=422,
    ),
    "POST /api/cadres/records/person": Use(InScope(Action.MANAGE_CADRES), body=lambda t: {**PERSON, "managed_by_id": t.org.pk}, ok=201),
    **{
        f"GET /api/cadres/records/{{cadre_id}}{tail}": Use(
            InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES),
            at=lambda t: {"cadre_id": cadre_in(t.org).pk, "position_id": position_in(t.org).pk},
        )
        for tail in ("", "/standards/{position_id}", "/profile.pdf")
    },
    "PUT /api/cadres/records/{cadre_id}": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"cadre_id": cadre_in(t.org).pk},
        body=lambda t: {"managed_by_id": t.org.pk, "languages": "Tiếng Anh"},
    ),
    # the sample cadre has no member record to refresh from
    "POST /api/cadres/records/{cadre_id}/refresh": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"cadre_id": cadre_in(t.org).pk}, body=lambda t: {}, ok=422
    ),
    # a post left before it was taken: refused once the permission passed
    "POST /api/cadres/records/{cadre_id}/holdings": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"cadre_id": cadre_in(t.org).pk},
        body=lambda t: {"position_id": position_in(t.org).pk, "started_on": "2024-01-01", "ended_on": "2023-01-01"},
        ok=422,
    ),
    "POST /api/cadres/records/{cadre_id}/trainings": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"cadre_id": cadre_in(t.org).pk},
        body=lambda t: COURSE,
        ok=201,
    ),
    "PUT /api/cadres/trainings/{training_id}": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"training_id": training_of(t.org).pk}, body=lambda t: COURSE
    ),
    "POST /api/cadres/trainings/{training_id}/certificate": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"training_id": training_of(t.org).pk},
        body=lambda t: {"file": SimpleUploadedFile("chung-chi.pdf", b"%PDF-1.4 test", "application/pdf")},
        multipart=True,
    ),
    "GET /api/cadres/trainings/{training_id}/certificate": Use(
        InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"training_id": certified_training_of(t.org).pk}
    ),
    # end cadres: records API
    # cadres: planning API
    "GET /api/cadres/plannings": (Use(LOGGED_IN), Use(SEE, query=WITHIN, variant="within")),
    # Allowed, a term that ends before it starts is refused (422).
    "POST /api/cadres/plannings": Use(
        InScope(Action.MANAGE_CADRES),
        body=lambda t: {
            "organization_id": t.org.pk,
            "term_label": "2035–2040",
            "starts_on": "2035-10-01",
            "ends_on": "2035-01-01",
            "decision_number": "1-QĐ",
            "decision_date": "2026-01-10",
        },
        ok=422,
    ),
    **{
        f"GET /api/cadres/plannings/{{planning_id}}{tail}": Use(
            InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"planning_id": planning_in(t.org).pk}
        )
        for tail in ("", "/entries", "/table", "/structure")
    },
    # Allowed, a review dated before the approval (15/01/2026) is refused (422).
    "POST /api/cadres/plannings/{planning_id}/decisions": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"planning_id": planning_in(t.org).pk},
        body=lambda t: {"decision_number": "2-QĐ", "decision_date": "2026-01-01"},
        ok=422,
    ),
    # Allowed, a decision of no planning is refused (422).
    "POST /api/cadres/plannings/{planning_id}/entries": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"planning_id": planning_in(t.org).pk},
        body=lambda t: {"decision_id": 999999999, "position_id": position_in(t.org).pk, "cadre_id": cadre_in(t.org).pk},
        ok=422,
    ),
    "POST /api/cadres/planning-entries/{entry_id}/remove": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"entry_id": entry_in(t.org).pk},
        body=lambda t: {"decision_id": 999999999, "reason": "Không đáp ứng"},
        ok=422,
    ),
    # Allowed, an entry that has not left the planning is refused (422).
    "POST /api/cadres/planning-entries/{entry_id}/exit": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"entry_id": entry_in(t.org).pk}, body=lambda t: {}, ok=422
    ),
    "GET /api/cadres/planning-exits": Use(InScope(Action.VIEW_CADRES), query=WITHIN),
    # end cadres: planning API
    # cadres: appointments API
    "GET /api/cadres/appointments": (Use(LOGGED_IN), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    # Allowed, a proposal dated in the future is refused (422).
    "POST /api/cadres/appointments": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        body=lambda t: {
            "kind": "appointment",
            "cadre_id": cadre_in(t.org).pk,
            "position_id": position_in(t.org).pk,
            "proposed_on": "2099-12-31",
        },
        ok=422,
    ),
    "GET /api/cadres/appointments/{appointment_id}": Use(
        InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"appointment_id": appointment_in(t.org).pk}
    ),
    # Allowed, a vote dated in the future is refused (422).
    "POST /api/cadres/appointments/{appointment_id}/steps/{kind}": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"appointment_id": appointment_in(t.org).pk, "kind": "consult"},
        body=lambda t: {"date": "2099-12-31", "votes_for": 1, "votes_total": 1},
        ok=422,
    ),
    "GET /api/cadres/appointments/{appointment_id}/files": Use(
        InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"appointment_id": appointment_in(t.org).pk}
    ),
    "POST /api/cadres/appointments/{appointment_id}/files": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"appointment_id": appointment_in(t.org).pk},
        body=lambda t: {"file": SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 test", "application/pdf")},
        multipart=True,
        ok=201,
    ),
    "GET /api/cadres/reappointments-due": (Use(LOGGED_IN), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    "GET /api/cadres/moves": (Use(LOGGED_IN), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    # Allowed, a period ending before it starts is refused (422).
    "POST /api/cadres/moves": Use(
        InScope(Action.MANAGE_CADRES),
        body=lambda t: {
            "organization_id": t.org.pk,
            "kind": "rotation",
            "cadre_id": cadre_in(t.org).pk,
            "from_text": "Sở Nội vụ",
            "to_text": "Xã An Bình",
            "direction": "province_commune",
            "starts_on": "2026-10-01",
            "ends_on": "2026-09-01",
        },
        ok=422,
    ),
    "GET /api/cadres/moves/{move_id}": Use(
        InScope(Action.VIEW_CADRES, read=Action.VIEW_CADRES), at=lambda t: {"move_id": move_in(t.org).pk}
    ),
    # Allowed, a period ending before it starts is refused (422).
    "PUT /api/cadres/moves/{move_id}": Use(
        InScope(Action.MANAGE_CADRES, read=Action.VIEW_CADRES),
        at=lambda t: {"move_id": move_in(t.org).pk},
        body=lambda t: {
            "kind": "rotation",
            "cadre_id": cadre_in(t.org).pk,
            "from_text": "Sở Nội vụ",
            "to_text": "Xã An Bình",
            "direction": "province_commune",
            "starts_on": "2026-10-01",
            "ends_on": "2026-09-01",
        },
        ok=422,
    ),
    "GET /api/cadres/periodic-change-due": (Use(LOGGED_IN), Use(InScope(Action.VIEW_CADRES), query=WITHIN, variant="within")),
    # end cadres: appointments API
    # cadres: reports API
    "GET /api/cadres/reports/{org_id}/{form}": Use(
        InScope(Action.VIEW_CADRES), at=lambda t: {"org_id": t.org.pk, "form": "13"}, query="?year=2026"
    ),
    # end cadres: reports API
    # records: statistics facts API (corrections: only the fields given change)
    "PATCH /api/organizations/{org_id}": Use(MANAGE_ORGANIZATIONS, at=org_id, body=lambda t: {"no_candidates_left": True}),
    "PATCH /api/members/{member_id}": Use(WRITE_RECORD, at=member_id, body=lambda t: {"readmitted": True}),
    # end records: statistics facts API
    # statistics: reported figures API
    "GET /api/statistics/reported": (Use(LOGGED_IN), Use(SEE_MEMBERS_OF, query="?org={t.org.pk}", variant="org")),
    # allowed, a file that is not a workbook is refused (422)
    "POST /api/statistics/reported": Use(
        MANAGE_MEMBERS_OF,
        body=lambda t: {**upload("bieu-1.xlsx")(t), "org_id": t.org.pk, "form": "1", "period": "year", "year": "2025"},
        multipart=True,
        ok=422,
    ),
    "GET /api/statistics/reported/{set_id}": Use(READ_RECORD, at=lambda t: {"set_id": reported_set_in(t.org)}),
    "GET /api/statistics/reported/{set_id}/differences": Use(READ_RECORD, at=lambda t: {"set_id": reported_set_in(t.org)}),
    "DELETE /api/statistics/reported/{set_id}": Use(WRITE_RECORD, at=lambda t: {"set_id": reported_set_in(t.org)}),
    # end statistics: reported figures API
    # statistics: API (the forms' figures and the lists behind them, for the roles that see the node's members;
    # a check is its starter's, and still needs that right)
    "GET /api/statistics/forms": Use(LOGGED_IN),
    "GET /api/statistics/forms/{slug}": (
        Use(AtWorkingScope(Action.VIEW_MEMBERS), at=lambda t: {"slug": "3"}),
        Use(
            SEE_MEMBERS_OF,
            at=lambda t: {"slug": "1"},
            query=STATISTICS_ORG + "&period=quarter&year=2026&quarter=2&tree=then",
            variant="org",
        ),
    ),
    "GET /api/statistics/forms/{slug}/drill": Use(
        SEE_MEMBERS_OF, at=lambda t: {"slug": "3"}, query=STATISTICS_ORG + "&year=2026&row=1&column=this"
    ),
    "POST /api/statistics/checks": Use(SEE_MEMBERS_OF, body=lambda t: {"org": t.org.pk, "year": 2026, "forms": ["5"]}, ok=202),
    "GET /api/statistics/checks/{job_id}": Use(
        OwnOnly(Action.VIEW_MEMBERS), at=lambda t: {"job_id": check_job_of(t.run.created_by, t.org).pk}
    ),
    # end statistics: API
}


# --- every route, and the routes left out of the matrix ------------------------------------

# Routes outside the matrix, and why:
SKIPPED = (
    "admin/",  # Django's admin has its own gate (superusers only): test_django_admin_is_for_superusers_only
    "i18n/",  # the language switch: open to everyone, it only sets the language cookie
    "static/",  # static files are served by the web server, not by the application's views
)
# The API's own documents: its schema, its docs page and its root (which leads to the docs).
# They describe the API and hold no data of any scope. Last, the JSON 404 of a path no
# operation has.
API_DOCUMENTS = ("api/openapi.json", "api/docs", "api/", "api/^(?P<unknown>.*)$")


def walk(patterns: Iterable[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern with its full route, through every include."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        else:
            yield route, pattern


def page_routes(patterns: Iterable[URLPattern | URLResolver]) -> set[str]:
    """The names of the site's pages (the API's routes are its operations)."""
    return {pattern.name or route for route, pattern in walk(patterns) if not route.startswith((*SKIPPED, "api/"))}


def api_routes(patterns: Iterable[URLPattern | URLResolver]) -> set[str]:
    """The API's URL routes, written as the OpenAPI document writes paths (/api/members/{member_id})."""
    return {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route, _pattern in walk(patterns)
        if route.startswith("api/") and route not in API_DOCUMENTS
    }


def operations(schema: dict[str, Any]) -> set[str]:
    """Each path × method of the OpenAPI document."""
    return {f"{method.upper()} {url}" for url, methods in schema["paths"].items() for method in methods}


def left_out(found: Iterable[str], declared: Iterable[str]) -> list[str]:
    """What the routes have and the matrix does not declare."""
    return sorted(set(found) - set(declared))


# --- the objects of the matrix --------------------------------------------------------------

PLACES = ("X1", "X2", "Y1", "Q1")  # the organizations in or out of some persona's scope (SCOPES)
SUPERUSER_PLACE = "Q1"  # the superuser's scope has no outside: a province nobody else reaches


@dataclass
class World:
    """The objects the routes are reached through, built once for the whole matrix."""

    orgs: dict[str, Organization]
    places: dict[str, Target]  # the objects of each organization of PLACES (only the organization for P and Q)
    users: dict[str, User]
    tokens: dict[str, ApiToken]  # each persona's own, and "stranger"'s
    jobs: dict[str, ImportJob]  # each persona's own upload (in its scope), and a stranger's in each place ("stranger@X1")
    runs: dict[str, Job]  # each persona's own background job with its file, and "stranger"'s
    own_cells: dict[str, str] = field(default_factory=dict)  # persona → the cell of its own member record
    sessions: dict[str, str] = field(default_factory=dict)  # persona → its session, logged in once for every case

    def client(self, persona: str) -> Client:
        """A client of the persona's session (logging in for each case would cost more than the case)."""
        client = client_for(None)
        if persona != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return client

    def target(self, use: Use, persona: str, where: str) -> Target:
        """The objects the persona's URL is built from: of an organization in or out of its
        scope, with its own token and upload or a stranger's."""
        inside = use.places[0] if use.places else SCOPES[persona][0] if persona in SCOPES else SUPERUSER_PLACE
        stranger = {"token": self.tokens["stranger"], "run": self.runs["stranger"]}
        if persona == "anonymous":
            return replace(self.places[inside], job=self.jobs[f"stranger@{inside}"], **stranger)
        if where != "out":
            return replace(self.places[inside], token=self.tokens[persona], job=self.jobs[persona], run=self.runs[persona])
        outside = use.places[1] if use.places else SCOPES[persona][1]
        return replace(self.places[outside], job=self.jobs[f"stranger@{SCOPES[persona][0]}"], **stranger)


def build_world() -> World:
    orgs = build_sibling_province()
    users = {persona: User.objects.get(username=username) for persona, (username, _r, _c) in PERSONA_ROLES.items()}
    stranger = make_user("nguoi.khac")
    places: dict[str, Target] = {}
    for code in PLACES:
        org = orgs[code]
        member = make_member(org)
        transfer = letter_out_of_the_system(org)
        role = committee_role(org, member)
        if code == "X1":  # the member persona's own record, in its cell
            Member.objects.filter(pk=make_member(org).pk).update(user=users["member"])
        document = meeting_with_a_file(org)  # last: every member of the cell attended
        places[code] = Target(
            org=org,
            member=member,
            candidate=make_candidate(org),
            transfer=transfer,
            meeting=document.meeting,
            document=document,
            term=role.term,
            committee_role=role,
            assignment=role_held_in(org, f"thanhvien.{code.lower()}"),
        )
    for code in ("P", "Q"):
        places[code] = Target(org=orgs[code])
    tokens = {persona: api_token(user) for persona, user in [*users.items(), ("stranger", stranger)]}
    inside = {persona: SCOPES[persona][0] if persona in SCOPES else SUPERUSER_PLACE for persona in users}
    jobs = {persona: import_job(user, orgs[inside[persona]]) for persona, user in users.items()}
    jobs.update({f"stranger@{code}": import_job(stranger, orgs[code]) for code in places})
    runs = {persona: job_with_a_file(user) for persona, user in [*users.items(), ("stranger", stranger)]}
    sessions = {persona: client_for(user).cookies[settings.SESSION_COOKIE_NAME].value for persona, user in users.items()}
    return World(orgs, places, users, tokens, jobs, runs, own_cells={"member": "X1"}, sessions=sessions)


def job_with_a_file(user: User) -> Job:
    """A background job `user` started, done, with the file it produced."""
    job = Job(kind="members.export", created_by=user, status=JobStatus.DONE)
    private_file(job, "members.xlsx")
    job.save()
    return job


@pytest.fixture(scope="module")
def matrix(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_by_the_module(django_db_blocker, build_world)


@pytest.fixture(autouse=True)
def _pdf_pages_without_their_printing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The matrix checks who gets a PDF, not the PDF (tests/test_member_pdf.py and the
    report tests do): its page is still rendered, but WeasyPrint's seconds are skipped."""
    monkeypatch.setattr("partybuilding.core.pdf.render_pdf", lambda html: html.encode())


# --- the cases -------------------------------------------------------------------------------

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def is_operation(route: str) -> bool:
    return route.startswith(tuple(f"{method} " for method in METHODS))


def uses(declared: dict[str, Use | tuple[Use, ...]]) -> Iterator[tuple[str, str, Use]]:
    """Each way to reach each route: the route, a label naming the way, the use (an
    operation's method is its key's)."""
    for route, found in declared.items():
        for use in found if isinstance(found, tuple) else (found,):
            if is_operation(route):
                use = replace(use, method=route.split(" ", 1)[0].lower())
            yield route, (f"{route}.{use.variant.replace(' ', '_')}" if use.variant else route), use


# Cases that show a bug of the application, to be fixed there (this file keeps today's
# behaviour): the case is expected to fail, and fails the run once the bug is fixed.
KNOWN_BUGS: dict[str, str] = {}


def cases() -> Iterator[Any]:
    """Each way to reach each route × each persona × in and out of its scope (the superuser's
    scope has no outside; a route about no object has neither), and an anonymous user."""
    for route, label, use in [*uses(PAGES), *uses(OPERATIONS)]:
        for persona in PERSONA_ROLES:
            wheres = ("-",) if not use.needs.scoped else ("in", "out") if persona in SCOPES else ("in",)
            for where in wheres:
                case_id = "-".join(part for part in (persona, where, label) if part != "-")
                bug = KNOWN_BUGS.get(case_id)
                yield pytest.param(
                    route, use, persona, where, id=case_id, marks=[pytest.mark.xfail(strict=True, reason=bug)] if bug else []
                )
        yield pytest.param(route, use, "anonymous", "-", id=f"anonymous-{label}")


def url_of(route: str, use: Use, t: Target) -> str:
    params = use.at(t)
    found = route.split(" ", 1)[1].format(**params) if is_operation(route) else reverse(route, kwargs=params or None)
    return found + (use.query(t) if callable(use.query) else use.query.format(t=t))


def send(client: Client, route: str, use: Use, t: Target) -> Any:
    url, body = url_of(route, use, t), use.body(t) if use.body else {}
    if use.method == "get":
        return client.get(url)
    if is_operation(route) and not use.multipart:
        return getattr(client, use.method)(url, body, content_type="application/json")
    return getattr(client, use.method)(url, body)


def expected(route: str, use: Use, world: World, persona: str, where: str, t: Target) -> int:
    """The status the persona gets: computed from the route's needs and the persona's role."""
    if persona == "anonymous":
        return use.anonymous or (401 if is_operation(route) else 302)
    refused = use.needs.answer(Case(persona, where, t.org, world))
    return use.ok if refused is None else refused


@pytest.mark.parametrize(("route", "use", "persona", "where"), list(cases()))
def test_it_answers_each_persona_as_its_roles_allow(matrix: World, route: str, use: Use, persona: str, where: str) -> None:
    t = matrix.target(use, persona, where)
    response = send(matrix.client(persona), route, use, t)
    assert response.status_code == expected(route, use, matrix, persona, where, t), url_of(route, use, t)
    if persona == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


# --- the matrix covers every route -----------------------------------------------------------


def test_it_declares_every_page_route() -> None:
    missing = left_out(page_routes(get_resolver().url_patterns), PAGES)
    assert missing == [], f"declare these routes in PAGES of tests/test_permission_matrix.py: {missing}"


def test_it_declares_every_api_operation() -> None:
    missing = left_out(operations(api.get_openapi_schema()), OPERATIONS)
    assert missing == [], f"declare these operations in OPERATIONS of tests/test_permission_matrix.py: {missing}"


def test_every_api_url_is_an_operation_of_the_schema() -> None:
    documented = {url for url in api.get_openapi_schema()["paths"]}
    assert left_out(api_routes(get_resolver().url_patterns), documented) == []


def test_each_page_route_has_a_name_of_its_own() -> None:
    """A declaration names one route: two routes of one name could not be told apart."""
    names = [pattern.name or route for route, pattern in walk(get_resolver().url_patterns) if not route.startswith((*SKIPPED, "api/"))]
    assert sorted({name for name in names if names.count(name) > 1}) == []


def test_it_declares_no_route_that_does_not_exist() -> None:
    assert left_out(PAGES, page_routes(get_resolver().url_patterns)) == []
    assert left_out(OPERATIONS, operations(api.get_openapi_schema())) == []


def test_it_names_a_new_page_route_left_out_of_the_matrix() -> None:
    def new_page(request: Any) -> HttpResponse:
        return HttpResponse()

    patterns = [*get_resolver().url_patterns, path("inspections/", new_page, name="inspection_list")]
    assert left_out(page_routes(patterns), PAGES) == ["inspection_list"]


def test_it_names_a_new_api_operation_left_out_of_the_matrix() -> None:
    schema = api.get_openapi_schema()
    paths = {**schema["paths"], "/api/inspections": {"get": {}}}
    paths["/api/organizations/{org_id}"] = {**paths["/api/organizations/{org_id}"], "delete": {}}
    assert left_out(operations({**schema, "paths": paths}), OPERATIONS) == ["DELETE /api/organizations/{org_id}", "GET /api/inspections"]


def test_it_names_an_api_url_the_schema_does_not_describe() -> None:
    def hidden(request: Any) -> HttpResponse:
        return HttpResponse()

    patterns = [*get_resolver().url_patterns, path("api/inspections/<int:pk>", hidden)]
    assert left_out(api_routes(patterns), api.get_openapi_schema()["paths"]) == ["/api/inspections/{pk}"]


# --- what the matrix does not say ------------------------------------------------------------


def test_the_superuser_reaches_every_organization(matrix: World) -> None:
    client = client_for(matrix.users["superuser"])
    for org in matrix.orgs.values():
        assert client.get(f"/organizations/{org.pk}/").status_code == 200


def test_a_plain_member_is_sent_from_the_arrears_to_their_own_account(matrix: World) -> None:
    response = client_for(matrix.users["member"]).get("/dues/")
    assert response.status_code == 302 and response["Location"] == reverse("dues_me")


@pytest.mark.parametrize("persona", ["admin", "provincial_officer", "viewer", "member"])
def test_django_admin_is_for_superusers_only(matrix: World, persona: str) -> None:
    user = User.objects.get(pk=matrix.users[persona].pk)  # a copy: the matrix's users stay as they are
    user.is_staff = True
    user.save()
    assert client_for(user).get("/admin/").status_code == 302
    assert client_for(matrix.users["superuser"]).get("/admin/").status_code == 200


def test_lists_show_only_what_the_scope_covers(matrix: World) -> None:
    codes = [o["code"] for o in client_for(matrix.users["commune_officer"]).get("/api/organizations").json()["items"]]
    assert codes == ["C1", "G1", "X1", "X2"]
    page = client_for(matrix.users["outsider"]).get("/organizations/?q=chi bo").content.decode()
    assert "Chi bộ Ấp Một" in page
    assert "Chi bộ Thôn Đông" not in page


def test_a_plain_member_lists_no_member_and_no_candidate(matrix: World) -> None:
    make_member(matrix.orgs["X1"], family_name="Hà", middle_name="Văn", given_name="Khải")
    make_candidate(matrix.orgs["X1"], family_name="Hà", middle_name="Thị", given_name="Loan")
    for persona, sees in (("member", False), ("cell_secretary", True)):
        client = client_for(matrix.users[persona])
        assert ("Hà Văn Khải" in client.get("/members/").content.decode()) is sees
        assert ("Hà Thị Loan" in client.get("/admissions/").content.decode()) is sees


def test_each_role_has_a_persona() -> None:
    from partybuilding.accounts.choices import Role

    assert {role for _u, role, _c in PERSONA_ROLES.values() if role} == set(Role.values)
