"""The demo province's cadre posts: the posts of the province and of each commune committee
(the committee's secretary and deputies, the People's Council and Committee chairs and
vice-chairs, heads and deputy heads of boards and departments, a few state posts prone to
corruption), the members who hold them (realistic ages, about a third women, some of ethnic
minorities) and two persons outside the member records, their terms (three appointed terms
ending within the next 90 working days: the re-appointment list), and their courses. The
planning, the appointments and the rotations are in `cadre_planning.py` and
`cadre_decisions.py`.

Written through the services of cadre work, as the organizing boards would record them;
dates are counted back from `today` (none in the future but the
terms' ends).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, cast

from partybuilding.cadres.choices import Body, Level, StaffCategory, StaffIn, StateManagement, Title
from partybuilding.cadres.models import Cadre, Holding, Position
from partybuilding.cadres.selectors.standards import RANKS as STANDARD_RANKS
from partybuilding.cadres.selectors.standards import standards_of
from partybuilding.cadres.services.cadres import cadre_create_person, cadre_from_member
from partybuilding.cadres.services.positions import holding_record, position_create
from partybuilding.core.calendar import add_working_days
from partybuilding.core.dates import add_months
from partybuilding.core.rules import rule_value
from partybuilding.inspections.models import Discipline
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member
from partybuilding.members.personal import PersonalData
from partybuilding.organizations.models import Organization

from .inspections import place_of

RANKS = cast(dict[str, dict[str, int]], STANDARD_RANKS)  # each standard's levels, ranked
T, B = Title, Body
PARTY_CONGRESS = {"province": dt.date(2025, 10, 15), "commune": dt.date(2025, 9, 20)}
COUNCIL_ELECTED = dt.date(2026, 4, 20)  # the People's Councils of 2026–2031 and the committees they elected
ELECTED = {T.SECRETARY, T.DEPUTY_SECRETARY, T.STANDING_MEMBER, T.INSPECTION_CHAIR}
COUNCIL = {T.COUNCIL_CHAIR, T.COUNCIL_VICE, T.COMMITTEE_CHAIR, T.COMMITTEE_VICE}


@dataclass(frozen=True)
class Post:
    """A post of the demo: its key, title, body, name, grade, seats, whether it is prone to
    corruption, and the ages (today) of those who hold it."""

    key: str
    title: str
    body: str
    name: str
    grade: int
    seats: int = 1
    corruption_prone: bool = False
    ages: tuple[int, int] = (40, 55)


PROVINCE_POSTS = [
    Post("secretary", T.SECRETARY, B.PARTY_COMMITTEE, "Bí thư Tỉnh ủy", 1, ages=(53, 56)),
    Post("deputy", T.DEPUTY_SECRETARY, B.PARTY_COMMITTEE, "Phó Bí thư Thường trực Tỉnh ủy", 2, ages=(50, 54)),
    Post("council_chair", T.COUNCIL_CHAIR, B.PEOPLES_COUNCIL, "Chủ tịch Hội đồng nhân dân tỉnh", 3, ages=(51, 56)),
    Post("committee_chair", T.COMMITTEE_CHAIR, B.PEOPLES_COMMITTEE, "Chủ tịch Ủy ban nhân dân tỉnh", 3, ages=(47, 52)),
    Post("standing", T.STANDING_MEMBER, B.STANDING_COMMITTEE, "Ủy viên Ban Thường vụ Tỉnh ủy", 4, seats=4),
    Post("inspection", T.INSPECTION_CHAIR, B.INSPECTION_COMMISSION, "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", 4, ages=(49, 55)),
    Post("council_vice", T.COUNCIL_VICE, B.PEOPLES_COUNCIL, "Phó Chủ tịch Hội đồng nhân dân tỉnh", 5, ages=(46, 54)),
    Post("committee_vice", T.COMMITTEE_VICE, B.PEOPLES_COMMITTEE, "Phó Chủ tịch Ủy ban nhân dân tỉnh", 5, seats=3, ages=(42, 50)),
    Post("organizing", T.HEAD, B.PARTY_BOARD, "Trưởng Ban Tổ chức Tỉnh ủy", 6, ages=(45, 52)),
    Post("propaganda", T.HEAD, B.PARTY_BOARD, "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", 6, ages=(46, 56)),
    Post("office", T.HEAD, B.PARTY_BOARD, "Chánh Văn phòng Tỉnh ủy", 6, ages=(44, 52)),
    Post("finance", T.HEAD, B.STATE_AGENCY, "Giám đốc Sở Tài chính", 6, corruption_prone=True, ages=(46, 55)),
    Post("home_affairs", T.HEAD, B.STATE_AGENCY, "Giám đốc Sở Nội vụ", 6, ages=(47, 55)),
    Post("construction", T.HEAD, B.STATE_AGENCY, "Giám đốc Sở Xây dựng", 6, corruption_prone=True, ages=(45, 55)),
    Post("agriculture", T.HEAD, B.STATE_AGENCY, "Giám đốc Sở Nông nghiệp và Môi trường", 6, corruption_prone=True, ages=(44, 54)),
    Post("organizing_deputy", T.DEPUTY_HEAD, B.PARTY_BOARD, "Phó Trưởng Ban Tổ chức Tỉnh ủy", 8, seats=3, ages=(36, 46)),
    Post("finance_deputy", T.DEPUTY_HEAD, B.STATE_AGENCY, "Phó Giám đốc Sở Tài chính", 8, seats=2, corruption_prone=True, ages=(37, 47)),
    Post("home_affairs_deputy", T.DEPUTY_HEAD, B.STATE_AGENCY, "Phó Giám đốc Sở Nội vụ", 8, seats=2, ages=(35, 45)),
    Post("health_deputy", T.DEPUTY_HEAD, B.STATE_AGENCY, "Phó Giám đốc Sở Y tế", 8, ages=(40, 50)),
    Post("budget", T.OTHER, B.STATE_AGENCY, "Trưởng phòng Quản lý ngân sách, Sở Tài chính", 9, corruption_prone=True, ages=(38, 48)),
    Post("investment", T.OTHER, B.STATE_AGENCY, "Trưởng phòng Quản lý đầu tư, Sở Tài chính", 9, corruption_prone=True, ages=(38, 50)),
    Post("public_finance", T.OTHER, B.STATE_AGENCY, "Trưởng phòng Tài chính hành chính sự nghiệp, Sở Tài chính", 9, corruption_prone=True),
]
COMMUNE_POSTS = [
    Post("secretary", T.SECRETARY, B.PARTY_COMMITTEE, "Bí thư Đảng ủy {place}", 1, ages=(47, 55)),
    Post("deputy", T.DEPUTY_SECRETARY, B.PARTY_COMMITTEE, "Phó Bí thư Thường trực Đảng ủy {place}", 2, ages=(42, 52)),
    Post("council_chair", T.COUNCIL_CHAIR, B.PEOPLES_COUNCIL, "Chủ tịch Hội đồng nhân dân {place}", 3, ages=(45, 55)),
    Post("committee_chair", T.COMMITTEE_CHAIR, B.PEOPLES_COMMITTEE, "Chủ tịch Ủy ban nhân dân {place}", 3, ages=(41, 50)),
    Post("standing", T.STANDING_MEMBER, B.STANDING_COMMITTEE, "Ủy viên Ban Thường vụ Đảng ủy {place}", 4, seats=3),
    Post("inspection", T.INSPECTION_CHAIR, B.INSPECTION_COMMISSION, "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy {place}", 4, ages=(42, 54)),
    Post("council_vice", T.COUNCIL_VICE, B.PEOPLES_COUNCIL, "Phó Chủ tịch Hội đồng nhân dân {place}", 5, ages=(38, 50)),
    Post("committee_vice", T.COMMITTEE_VICE, B.PEOPLES_COMMITTEE, "Phó Chủ tịch Ủy ban nhân dân {place}", 5, seats=2, ages=(35, 46)),
    Post("front", T.HEAD, B.FRONT, "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {place}", 6, ages=(44, 55)),
    Post("party_building", T.HEAD, B.PARTY_BOARD, "Trưởng Ban Xây dựng Đảng Đảng ủy {place}", 6, ages=(40, 52)),
    Post("office", T.HEAD, B.PARTY_BOARD, "Chánh Văn phòng Đảng ủy {place}", 6, ages=(36, 48)),
    Post("economy", T.HEAD, B.STATE_AGENCY, "Trưởng phòng Kinh tế {place}", 6, corruption_prone=True, ages=(38, 50)),
    Post("culture", T.HEAD, B.STATE_AGENCY, "Trưởng phòng Văn hóa – Xã hội {place}", 6, ages=(34, 46)),
    Post("economy_deputy", T.DEPUTY_HEAD, B.STATE_AGENCY, "Phó Trưởng phòng Kinh tế {place}", 8, corruption_prone=True, ages=(31, 42)),
    Post("party_building_deputy", T.DEPUTY_HEAD, B.PARTY_BOARD, "Phó Trưởng Ban Xây dựng Đảng Đảng ủy {place}", 8, ages=(30, 40)),
    Post("land", T.OTHER, B.STATE_AGENCY, "Công chức Địa chính – Xây dựng {place}", 9, corruption_prone=True, ages=(30, 45)),
]
# The standing committee's seats go to holders of these posts (concurrently, as is usual).
STANDING_FROM = {"province": ["organizing", "propaganda", "office", "committee_vice"], "commune": ["party_building", "office", "front"]}
# Posts left empty by the demo: filled by the rotation, the periodic change and the
# appointments under way (`cadre_decisions`), or still vacant.
VACANT = {
    "province": {("public_finance", 0), ("organizing_deputy", 2), ("home_affairs_deputy", 1)},
    "commune": {("deputy", 0)},  # the first commune's: a provincial cadre rotated there
}
# Appointed terms that end within the next 90 working days (working days from today).
DUE_SOON = {("province", "home_affairs", 0): 25, ("province", "organizing_deputy", 0): 60, ("commune", "economy", 0): 80}
# In a post prone to corruption for more than the rule's 36 months (months back from today):
# due for the periodic change (the budget office's head is moved, `cadre_decisions`).
LONG_IN_POST = {("province", "construction", 0): 51, ("province", "budget", 0): 58, ("province", "investment", 0): 48,
                ("commune", "land", 0): 45}  # fmt: skip
OUTSIDERS = [  # persons outside the member records: (family, middle, given, gender, born, ethnicity, post key, level)
    ("Lê", "Thanh", "Tùng", "M", dt.date(1978, 6, 14), "01", "health_deputy", "province"),
    ("Lường", "Thị", "Xuân", "F", dt.date(1986, 2, 3), "03", "committee_vice", "commune"),
]
STILL_ATTENDING = 6  # one member in six still attends the course the post's standard asks for
STATE_OF_RANK = [StateManagement.NONE, StateManagement.SPECIALIST, StateManagement.MAIN_SPECIALIST, StateManagement.SENIOR_SPECIALIST]


@dataclass
class Staff:
    """Who holds what, for the next steps: posts by (level, key), holders by post."""

    today: dt.date
    province: Organization
    communes: list[Organization]
    posts: dict[tuple[int, str], Position] = field(default_factory=dict)  # (organization pk, key)
    holders: dict[int, list[Cadre]] = field(default_factory=dict)  # position pk -> cadres holding it now
    holdings: dict[tuple[int, int], Holding] = field(default_factory=dict)  # (position pk, cadre pk)
    grades: dict[int, int] = field(default_factory=dict)  # position pk -> its grade

    def post(self, org: Organization, key: str) -> Position:
        return self.posts[(org.pk, key)]

    def holder(self, org: Organization, key: str, seat: int = 0) -> Cadre:
        return self.holders[self.post(org, key).pk][seat]

    def grade_of(self, cadre: Cadre) -> int:
        """The highest grade the cadre holds now (1 is the highest; 99 when no post)."""
        grades = [self.grades[pk] for (pk, c), h in self.holdings.items() if c == cadre.pk and h.ended_on is None]
        return min(grades, default=99)


class People:
    """The members who can hold a post: in the list, not disciplined, not a demo login,
    of the ages a post calls for; about a third women, some of ethnic minorities."""

    def __init__(self, today: dt.date, seed: int = 14) -> None:
        self.today, self.rng = today, random.Random(seed)
        self.used: set[int] = set()
        disciplined = Discipline.objects.filter(member__isnull=False).values_list("member_id", flat=True)
        rows = (
            Member.objects.filter(status__in=IN_LIST, user__isnull=True, official_date__isnull=False)
            .exclude(pk__in=disciplined)
            .filter(date_of_birth__gt=dt.date(today.year - 60, 1, 1), date_of_birth__lt=dt.date(today.year - 29, 1, 1))
            .order_by("pk")
            .values_list("pk", "org_path", "gender", "date_of_birth", "ethnicity", "theory", "qualification")
        )
        self.rows = list(rows)
        self.rng.shuffle(self.rows)
        self.count = 0
        self.within: dict[str, list[tuple[Any, ...]]] = {}

    def pick(self, within: str, ages: tuple[int, int]) -> int | None:
        """A member of the subtree `within` aged `ages` today: a woman every third pick, one of
        an ethnic minority every seventh when there is one; the better trained first."""
        self.count += 1
        woman, minority = self.count % 3 == 1, self.count % 7 == 3
        young, old = ages
        rank = {"advanced": 0, "intermediate": 1, "elementary": 2, "none": 3}
        rows = self.within.get(within)
        if rows is None:
            rows = self.within[within] = [r for r in self.rows if r[1].startswith(within)]
        for strict in (True, False):
            found = [
                r for r in rows
                if r[0] not in self.used and young <= _age(r[3], self.today) <= old
                and (not strict or ((r[2] == "F") == woman and (not minority or r[4] != "01")))
            ]  # fmt: skip
            if found:
                best = min(found[:40], key=lambda r: (rank.get(r[5], 3), r[6] not in ("bachelor", "master", "doctorate")))
                self.used.add(best[0])
                return best[0]
        return None


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def posts_and_holders(staff: Staff, people: People, officer: Any, commune_officer: Any) -> int:
    """The posts of the province and of every commune, and who holds them; returns how many records."""
    made = 0
    for org, posts, level in [(staff.province, PROVINCE_POSTS, Level.PROVINCE)] + [
        (c, COMMUNE_POSTS, Level.COMMUNE) for c in staff.communes
    ]:
        actor = officer if org == staff.province else commune_officer
        for spec in posts:
            name = spec.name.format(place=place_of(org))
            staff.posts[(org.pk, spec.key)] = post = position_create(
                actor=actor, organization=org, managed_by=org, level=level, body=spec.body, title=spec.title, name=name,
                grade=spec.grade, seats=spec.seats, corruption_prone=spec.corruption_prone,
            )  # fmt: skip
            staff.grades[post.pk] = post.grade
            made += 1
        made += _holders(staff, people, org, posts, level, actor)
    return made


def _holders(staff: Staff, people: People, org: Organization, posts: list[Post], level: str, actor: Any) -> int:
    """The holders of the organization's posts: the standing committee's seats last, to holders
    of the posts that sit on it."""
    made = 0
    outsiders = {o[6]: o for o in OUTSIDERS if o[7] == level}
    first_commune = level == Level.COMMUNE and org == staff.communes[0]
    for spec in posts:
        position = staff.post(org, spec.key)
        staff.holders[position.pk] = []
        if spec.title == T.STANDING_MEMBER:
            continue
        for seat in range(spec.seats):
            vacant = (spec.key, seat) in VACANT[level] and (level == Level.PROVINCE or first_commune)
            if vacant:
                continue
            if spec.key in outsiders and seat == spec.seats - 1 and (level == Level.PROVINCE or first_commune):
                cadre = _outsider(outsiders[spec.key], org, actor)
            else:
                member_id = people.pick(org.path if level == Level.COMMUNE else "", spec.ages)
                if member_id is None:
                    continue
                cadre = cadre_of(Member.objects.get(pk=member_id), org, actor, post=position, on=staff.today)
            hold(staff, position, cadre, _started(staff, spec, level, seat), actor)
            made += 2
    standing = next(s for s in posts if s.title == T.STANDING_MEMBER)
    position = staff.post(org, standing.key)
    for key in STANDING_FROM[level][: standing.seats]:
        holders = staff.holders[staff.post(org, key).pk]
        if holders:
            hold(staff, position, holders[0], _started(staff, standing, level, 0), actor)
            made += 1
    return made


def _started(staff: Staff, spec: Post, level: str, seat: int) -> tuple[dt.date, dt.date]:
    """When the holder took the post and when the term ends: the congress's term for the
    committee's posts, the council's for the People's Council and Committee, five years (the
    rule's term) from a day in the last five years for an appointed post."""
    today = staff.today
    if spec.title in ELECTED:
        started = min(PARTY_CONGRESS[level], today - dt.timedelta(days=1))
        return started, add_months(started, 60)
    if spec.title in COUNCIL or spec.body == B.FRONT:
        started = min(COUNCIL_ELECTED, today - dt.timedelta(days=1))
        return started, add_months(started, 60)
    months = rule_value("cadres.appointment_term_months", today)
    if (level, spec.key, seat) in DUE_SOON:
        ends = add_working_days(today, DUE_SOON[(level, spec.key, seat)])
        return add_months(ends, -months), ends
    if (level, spec.key, seat) in LONG_IN_POST:
        started = add_months(today, -LONG_IN_POST[(level, spec.key, seat)])
        return started, add_months(started, months)
    started = today - dt.timedelta(days=200 + (spec.grade * 131 + seat * 97 + len(spec.key) * 53) % 1100)
    return started, add_months(started, months)


def hold(staff: Staff, position: Position, cadre: Cadre, dates: tuple[dt.date, dt.date], actor: Any = None) -> Holding:
    """The cadre in the post from the first date, the term ending on the second."""
    started, ends = dates
    holding = holding_record(actor=actor, cadre=cadre, position=position, started_on=started, term_ends=ends)
    took(staff, holding)
    return holding


def took(staff: Staff, holding: Holding) -> None:
    """Note a post taken (by a record, a move or a decision) for the next steps."""
    staff.holders.setdefault(holding.position_id, []).append(holding.cadre)
    staff.holdings[(holding.position_id, holding.cadre_id)] = holding


def still_attending(cadre: Cadre) -> bool:
    return (cadre.member_id or cadre.pk) % STILL_ATTENDING == 5


def cadre_of(member: Member, managed_by: Organization, actor: Any, *, post: Position | None = None, on: dt.date | None = None) -> Cadre:
    """The member's cadre record (the service copies the member record's personal fields),
    with the state-management programme the post asks for (one rank below for those still
    attending it)."""
    wanted = standards_of(post, on).get("state_management", "") if post is not None and on is not None else ""
    rank = RANKS["state_management"].get(wanted, 1) - (member.pk % STILL_ATTENDING == 5)
    state_management = STATE_OF_RANK[max(rank, 0)]
    joined = dt.date(max(member.date_of_birth.year + 23, 1995), 8, 1)
    return cadre_from_member(
        actor=actor, member=member, managed_by=managed_by, birth_place=member.home_town, residence=member.home_town,
        state_management=state_management, languages="Tiếng Anh bậc 3" if member.pk % 2 else "Tiếng Anh bậc 2",
        it_skills="Ứng dụng công nghệ thông tin cơ bản", staff_category=StaffCategory.CIVIL_SERVANT, staff_since=joined,
        staff_in=StaffIn.EXAM, work_history=f"{joined.year}–{joined.year + 6}: chuyên viên; {joined.year + 7}–nay: giữ các chức vụ lãnh đạo.",
    )  # fmt: skip


def _outsider(row: tuple[Any, ...], managed_by: Organization, actor: Any) -> Cadre:
    family, middle, given, gender, born, ethnicity, *_ = row
    data = PersonalData(
        family_name=family, middle_name=middle, given_name=given, gender=gender, date_of_birth=born, ethnicity=ethnicity,
        qualification="master" if gender == "M" else "bachelor", theory="intermediate", occupation="public_employee",
        citizen_id=f"025{int(gender == 'F')}{born.year % 100:02d}{born.month:02d}{born.day:02d}04",
        home_town="xã Tân Lạc, tỉnh Hòa An",
    )  # fmt: skip
    return cadre_create_person(
        actor=actor, managed_by=managed_by, data=data, birth_place="Hòa An", residence="Hòa An",
        state_management=StateManagement.MAIN_SPECIALIST, staff_category=StaffCategory.PUBLIC_EMPLOYEE,
        staff_since=dt.date(born.year + 24, 9, 1), staff_in=StaffIn.EXAM, work_history="Ngoài Đảng; công tác chuyên môn tại địa phương.",
    )  # fmt: skip


__all__ = ["People", "Staff", "cadre_of", "hold", "posts_and_holders", "still_attending", "took"]
