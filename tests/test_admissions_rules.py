"""Admission steps: each rule at its boundary (the day before, the day of, the day after),
and the one path into membership through the member lifecycle services."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import translation

from partybuilding.admissions import services
from partybuilding.admissions.checks import IntroducerIn, Votes
from partybuilding.admissions.choices import Stage, StepKind
from partybuilding.core.calendar import add_working_days
from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.members.choices import EventKind, MemberStatus, RemovalReason
from partybuilding.statistics.engine import count, version_for
from partybuilding.statistics.periods import Period
from partybuilding.statistics.places import NOW

from .admissions_factories import VOTES, make_candidate, make_member, official_member, walk
from .conftest import Tree

pytestmark = pytest.mark.django_db


def resolve(candidate, day: dt.date, exception: str = "", votes: Votes = VOTES):
    return services.candidate_cell_resolve(actor=None, candidate=candidate, date=day, votes=votes, age_exception=exception)


# --- age at the cell's consideration, counted in months ------------------------------------


def test_an_applicant_of_17_years_11_months_is_refused_and_of_18_years_accepted(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1, date_of_birth=dt.date(2006, 6, 10)), Stage.APPLIED)
    with pytest.raises(Refusal) as refusal:
        resolve(candidate, dt.date(2024, 6, 9))
    assert "17 years 11 months old; the minimum is 18 years" in refusal.value.text
    assert "Điều lệ Đảng, Điều 1" in refusal.value.text
    assert resolve(candidate, dt.date(2024, 6, 10)).stage == Stage.CELL_RESOLVED


def test_over_60_is_refused_unless_an_exception_is_recorded(tree: Tree) -> None:
    born = dt.date(1964, 5, 10)
    on_time = walk(make_candidate(tree.X1, date_of_birth=born), Stage.APPLIED)
    assert resolve(on_time, dt.date(2024, 6, 9)).stage == Stage.CELL_RESOLVED  # 60 years 0 months: within the limit
    late = walk(make_candidate(tree.X1, date_of_birth=born), Stage.APPLIED)
    with pytest.raises(Refusal, match="60 years 1 months old, over 60 years") as refusal:
        resolve(late, dt.date(2024, 6, 10))
    assert refusal.value.field == "age_exception"
    done = resolve(late, dt.date(2024, 6, 10), exception="QĐ 88-QĐ/TU của Ban Thường vụ Tỉnh ủy")
    assert done.age_exception == "QĐ 88-QĐ/TU của Ban Thường vụ Tỉnh ủy"


# --- introducers -------------------------------------------------------------------------


def introduce(candidate, introducers: list[IntroducerIn], day: dt.date = dt.date(2024, 3, 1)):
    return services.candidate_introduce(actor=None, candidate=candidate, date=day, introducers=introducers)


def test_an_introducer_who_has_known_the_applicant_11_months_is_refused_12_accepted(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.COURSE)
    first = IntroducerIn(member=official_member(tree.X1), known_since=dt.date(2020, 1, 1))
    second = official_member(tree.X2)  # another cell of the same grassroots organization
    with pytest.raises(Refusal) as refusal:
        introduce(candidate, [first, IntroducerIn(member=second, known_since=dt.date(2023, 3, 2))])
    assert "has known the applicant for 11 months; 12 are required" in refusal.value.text
    assert refusal.value.field == "known_since2"
    done = introduce(candidate, [first, IntroducerIn(member=second, known_since=dt.date(2023, 3, 1))])
    assert done.stage == Stage.INTRODUCED
    assert done.introducers.count() == 2


def test_an_introducer_must_be_an_official_member_on_the_day(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.COURSE)
    first = IntroducerIn(member=official_member(tree.X1), known_since=dt.date(2020, 1, 1))
    probationary = make_member(tree.X1, admitted=dt.date(2023, 3, 2), official=None)
    with pytest.raises(Refusal, match="is not an official Party member on 01/03/2024"):
        introduce(candidate, [first, IntroducerIn(member=probationary, known_since=dt.date(2020, 1, 1))])
    official_the_day_after = make_member(tree.X1, admitted=dt.date(2023, 3, 2), official=dt.date(2024, 3, 2))
    with pytest.raises(Refusal, match="is not an official Party member"):
        introduce(candidate, [first, IntroducerIn(member=official_the_day_after, known_since=dt.date(2020, 1, 1))])
    official_that_day = make_member(tree.X1, admitted=dt.date(2023, 3, 1), official=dt.date(2024, 3, 1))
    assert introduce(candidate, [first, IntroducerIn(member=official_that_day, known_since=dt.date(2020, 1, 1))]).stage == Stage.INTRODUCED


def test_introducers_belong_to_the_applicants_grassroots_organization(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.COURSE)
    first = IntroducerIn(member=official_member(tree.X1), known_since=dt.date(2020, 1, 1))
    elsewhere = IntroducerIn(member=official_member(tree.Y1), known_since=dt.date(2020, 1, 1))
    with pytest.raises(Refusal, match="is not a member of Đảng bộ Trường THPT Nguyễn Huệ"):
        introduce(candidate, [first, elsewhere])
    with pytest.raises(Refusal, match="two different introducers"):
        introduce(candidate, [first, first])


def test_a_youth_is_introduced_by_the_youth_union_committee_and_one_member(tree: Tree) -> None:
    committee = IntroducerIn(youth_union_committee=True)
    adult = walk(make_candidate(tree.X1, youth_union=False), Stage.COURSE)
    member = IntroducerIn(member=official_member(tree.X1), known_since=dt.date(2020, 1, 1))
    with pytest.raises(Refusal, match="Only a Youth Union member"):
        introduce(adult, [committee, member])
    youth = walk(make_candidate(tree.X1, youth_union=True), Stage.COURSE)
    assert introduce(youth, [committee, member]).stage == Stage.INTRODUCED


# --- the certificate of the course on awareness of the Party ----------------------------


def test_the_certificate_is_valid_for_5_years_and_expired_the_day_after(tree: Tree) -> None:
    dates = {"course": dt.date(2019, 6, 3), "introducers": dt.date(2020, 3, 2), "application": dt.date(2020, 4, 1)}
    candidate = walk(make_candidate(tree.X1, recorded=dt.date(2019, 1, 2)), Stage.CELL_RESOLVED, **dates)
    with pytest.raises(Refusal) as refusal:
        services.candidate_decide(actor=None, candidate=candidate, decision=Decision("12-QĐ/ĐU", dt.date(2024, 6, 4)))
    # The message names the last day it was accepted, never an "expired on" day it was still valid.
    assert "was valid until 03/06/2024 inclusive; on 04/06/2024 the applicant must take the course again" in refusal.value.text
    assert "expired on" not in refusal.value.text
    assert "QĐ 24-QĐ/TW" in refusal.value.text
    done = services.candidate_decide(actor=None, candidate=candidate, decision=Decision("12-QĐ/ĐU", dt.date(2024, 6, 3)))
    assert done.stage == Stage.DECIDED


def test_a_certificate_of_29_february_is_valid_until_28_february_five_years_later(tree: Tree) -> None:
    dates = {"course": dt.date(2020, 2, 29), "introducers": dt.date(2022, 3, 2), "application": dt.date(2022, 4, 1)}
    refused = walk(make_candidate(tree.X1, recorded=dt.date(2020, 1, 2)), Stage.CELL_RESOLVED, **dates)
    with pytest.raises(Refusal) as refusal:
        services.candidate_decide(actor=None, candidate=refused, decision=Decision("12-QĐ/ĐU", dt.date(2025, 3, 1)))
    assert "valid until 28/02/2025 inclusive; on 01/03/2025" in refusal.value.text
    with translation.override("vi"), pytest.raises(Refusal) as refusal:
        services.candidate_decide(actor=None, candidate=refused, decision=Decision("12-QĐ/ĐU", dt.date(2025, 3, 1)))
    assert "có giá trị đến hết ngày 28/02/2025" in refusal.value.text
    accepted = walk(make_candidate(tree.X1, recorded=dt.date(2020, 1, 2)), Stage.CELL_RESOLVED, **dates)
    done = services.candidate_decide(actor=None, candidate=accepted, decision=Decision("12-QĐ/ĐU", dt.date(2025, 2, 28)))
    assert done.stage == Stage.DECIDED


# --- the cell's vote ---------------------------------------------------------------------


def test_the_cell_resolution_needs_two_thirds_of_the_official_members(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.APPLIED)
    with pytest.raises(Refusal, match="at least 2/3 of the cell's official members \\(5 of 9\\)"):
        resolve(candidate, dt.date(2024, 5, 6), votes=Votes(votes_for=5, votes_against=2, present=8, official_members=9))
    with pytest.raises(Refusal, match="do not add up"):
        resolve(candidate, dt.date(2024, 5, 6), votes=Votes(votes_for=7, votes_against=2, present=8, official_members=9))
    step = resolve(candidate, dt.date(2024, 5, 6), votes=Votes(votes_for=6, votes_against=2, present=8, official_members=9))
    assert step.stage == Stage.CELL_RESOLVED


# --- the decision creates the member record ------------------------------------------------


def test_the_decision_enters_a_probationary_member_through_the_member_services(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1, family_name="Lò", middle_name="Thị", given_name="Mai", gender="F"), Stage.DECIDED)
    member = candidate.member
    assert member.full_name == "Lò Thị Mai" and member.gender == "F"
    assert member.status == MemberStatus.PROBATIONARY
    assert member.admission_date == dt.date(2024, 6, 3)
    assert member.organization == tree.X1
    assert [e.kind for e in member.events.all()] == [EventKind.ADMITTED]
    assert member.events.get().decision_number == "12-QĐ/ĐU"
    assert candidate.probation_ends_on is None  # probation starts at the ceremony
    assert AuditEntry.objects.filter(object_type="members.member", object_id=str(member.pk), action="member.create").exists()


def test_a_re_admission_enters_a_member_marked_re_admitted_whom_form_2_counts_so(tree: Tree) -> None:
    again = walk(make_candidate(tree.X1, readmission=True), Stage.DECIDED).member
    first_time = walk(make_candidate(tree.X1), Stage.DECIDED).member
    assert (again.readmitted, first_time.readmitted) == (True, False)
    version = version_for("2", dt.date(2024, 12, 31))
    table = count(version, tree.X1, Period("year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)), mode=NOW, today=dt.date(2025, 1, 1))
    this = next(i for i, h in enumerate(table.headers) if h.code == "this")
    admitted = {line.row.code: line.cells[this].value for line in table.lines if line.cells}
    assert (admitted["I"], admitted["I.8"]) == (2, 1)


# --- the ceremony: 30 working days, Tết not counted --------------------------------------


def test_the_ceremony_on_the_30th_working_day_across_tet_is_accepted_the_31st_refused(tree: Tree) -> None:
    decided = dt.date(2026, 1, 26)
    # Hand-counted: 4 days to 30/01, 10 in February before Tết (16–20/02 are holidays),
    # 5 to 27/02, 5 to 06/03, 5 to 13/03 (the 29th): the 30th is Monday 16/03.
    assert add_working_days(decided, 29) == dt.date(2026, 3, 13)
    assert add_working_days(decided, 30) == dt.date(2026, 3, 16)
    dates = {
        "recorded": dt.date(2025, 1, 6),
        "course": dt.date(2025, 2, 3),
        "introducers": dt.date(2025, 9, 1),
        "application": dt.date(2025, 10, 1),
        "resolution": dt.date(2025, 11, 3),
        "decision": decided,
    }
    late = walk(make_candidate(tree.X1, recorded=dates["recorded"]), Stage.DECIDED, **dates)
    with pytest.raises(Refusal) as refusal:
        services.candidate_ceremony(actor=None, candidate=late, date=dt.date(2026, 3, 17))
    assert "more than 30 working days after the decision of 26/01/2026 (at the latest 16/03/2026)" in refusal.value.text
    assert "QĐ 294-QĐ/TW" in refusal.value.text
    assert services.candidate_ceremony(actor=None, candidate=late, date=dt.date(2026, 3, 16)).stage == Stage.PROBATION
    early = walk(make_candidate(tree.X1, recorded=dates["recorded"]), Stage.DECIDED, **dates)
    assert services.candidate_ceremony(actor=None, candidate=early, date=dt.date(2026, 3, 13)).ceremony_on == dt.date(2026, 3, 13)


# --- probation and official status ---------------------------------------------------------


def test_probation_counts_12_months_from_the_ceremony_not_the_decision(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.PROBATION)  # decided 03/06/2024, ceremony 20/06/2024
    assert candidate.probation_ends_on == dt.date(2025, 6, 20)
    with pytest.raises(Refusal, match="before the 12 months of probation end on 20/06/2025"):
        services.candidate_consider(actor=None, candidate=candidate, date=dt.date(2025, 6, 19), votes=VOTES)
    assert services.candidate_consider(actor=None, candidate=candidate, date=dt.date(2025, 6, 20), votes=VOTES).stage == Stage.CONSIDERED


def test_recognition_dates_from_the_end_of_probation_even_when_the_meeting_was_late(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.OFFICIAL, consideration=dt.date(2025, 9, 8), recognition=dt.date(2025, 9, 19))
    member = candidate.member
    assert candidate.stage == Stage.OFFICIAL
    assert member.status == MemberStatus.OFFICIAL
    assert member.official_date == dt.date(2025, 6, 20)  # 12 months after the ceremony
    assert member.admission_date == dt.date(2024, 6, 3)  # Party age counts from the decision
    assert [s.kind for s in candidate.steps.order_by("date", "id")] == [
        StepKind.RECORDED, StepKind.COURSE, StepKind.INTRODUCERS, StepKind.APPLICATION, StepKind.CELL_RESOLUTION,
        StepKind.DECISION, StepKind.CEREMONY, StepKind.CONSIDERATION, StepKind.RECOGNITION,
    ]  # fmt: skip


def test_not_qualified_removes_the_probationary_member_from_the_list(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.PROBATION)
    with pytest.raises(Refusal, match="at least 2/3"):
        services.candidate_not_recognize(
            actor=None, candidate=candidate, date=dt.date(2025, 6, 23), decision=Decision("31-QĐ/ĐU", dt.date(2025, 6, 23)),
            votes=Votes(votes_for=5, votes_against=4, present=9, official_members=9),
        )  # fmt: skip
    done = services.candidate_not_recognize(
        actor=None, candidate=candidate, date=dt.date(2025, 6, 23), decision=Decision("31-QĐ/ĐU", dt.date(2025, 6, 23)), votes=VOTES
    )
    member = done.member
    assert done.stage == Stage.NOT_RECOGNIZED
    assert member.status == MemberStatus.REMOVED
    assert member.events.get(kind=EventKind.REMOVED).reason == RemovalReason.NOT_RECOGNIZED


# --- the procedure itself -----------------------------------------------------------------


def test_steps_come_in_order_and_dates_do_not_go_back(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.COURSE)
    with pytest.raises(Refusal, match="does not come now"):
        services.candidate_ceremony(actor=None, candidate=candidate, date=dt.date(2024, 6, 20))
    with pytest.raises(Refusal, match="before the candidate's last recorded step"):
        services.candidate_apply(actor=None, candidate=walk(candidate, Stage.INTRODUCED), date=dt.date(2024, 2, 1))


def test_a_double_submit_records_the_step_once(tree: Tree) -> None:
    candidate = make_candidate(tree.X1)
    submission = uuid.uuid4()
    services.candidate_course(actor=None, candidate=candidate, certificate_date=dt.date(2023, 3, 1), submission=submission)
    with pytest.raises(Refusal, match="already submitted"):
        services.candidate_course(actor=None, candidate=candidate, certificate_date=dt.date(2023, 3, 1), submission=submission)
    assert candidate.steps.filter(kind=StepKind.COURSE).count() == 1


def test_a_stale_form_is_refused_as_a_concurrent_edit(tree: Tree) -> None:
    candidate = make_candidate(tree.X1)
    with pytest.raises(ConcurrentEdit):
        services.candidate_course(
            actor=None, candidate=candidate, certificate_date=dt.date(2023, 3, 1), expected_version=candidate.version + 1
        )


def test_a_candidate_can_leave_the_pipeline_before_the_decision_only(tree: Tree) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.APPLIED)
    with pytest.raises(Refusal, match="Say why"):
        services.candidate_withdraw(actor=None, candidate=candidate, date=dt.date(2024, 4, 2), note=" ")
    assert (
        services.candidate_withdraw(actor=None, candidate=candidate, date=dt.date(2024, 4, 2), note="Chuyển công tác").stage
        == Stage.WITHDRAWN
    )
    decided = walk(make_candidate(tree.X1), Stage.DECIDED)
    with pytest.raises(Refusal, match="does not come now"):
        services.candidate_withdraw(actor=None, candidate=decided, date=dt.date(2024, 6, 5), note="x")


def test_candidates_are_followed_by_cells(tree: Tree) -> None:
    with pytest.raises(Refusal, match="active Party cell"):
        make_candidate(tree.G1)


def test_the_audit_log_holds_no_citizen_id(tree: Tree) -> None:
    candidate = make_candidate(tree.X1, citizen_id="001095012345")
    entry = AuditEntry.objects.get(object_type="admissions.candidate", object_id=str(candidate.pk))
    assert entry.after["citizen_id"] == "set"
    assert "001095012345" not in str(entry.after)
