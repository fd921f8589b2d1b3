"""The demo cadres' courses, recorded through the service: the political theory, degree and
state-management programme the standards of the posts they hold ask for (or the higher level
their record gives; about one in six still attending a course, so the standards gap shows),
and refresher courses for about a third, each completed course with its certificate number
and date."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from partybuilding.cadres.choices import CourseKind, CourseLevel, CourseMode, CoursePlace, RefresherTopic
from partybuilding.cadres.models import Cadre
from partybuilding.cadres.selectors.standards import RANKS as STANDARD_RANKS
from partybuilding.cadres.selectors.standards import held, standards_of
from partybuilding.cadres.services.training import training_record

from .cadre_posts import Staff, still_attending

RANKS = cast(dict[str, dict[str, int]], STANDARD_RANKS)  # each standard's levels, ranked
THEORY = {  # rank: the course, its institution, its certificate's prefix
    1: (CourseLevel.THEORY_ELEMENTARY, "Sơ cấp lý luận chính trị", "Trung tâm Chính trị xã", "SC"),
    2: (CourseLevel.THEORY_INTERMEDIATE, "Trung cấp lý luận chính trị – hành chính", "Trường Chính trị tỉnh Hòa An", "TC"),
    3: (CourseLevel.THEORY_ADVANCED, "Cao cấp lý luận chính trị", "Học viện Chính trị khu vực I", "CC"),
    4: (CourseLevel.THEORY_BACHELOR, "Cử nhân chính trị", "Học viện Chính trị quốc gia Hồ Chí Minh", "CN"),
}
DEGREES = {
    3: (CourseLevel.BACHELOR, ["Cử nhân Luật", "Cử nhân Kinh tế", "Kỹ sư Nông nghiệp", "Cử nhân Quản lý nhà nước"], "Trường Đại học Thái Nguyên"),
    4: (CourseLevel.MASTER, ["Thạc sĩ Quản lý kinh tế", "Thạc sĩ Luật Hiến pháp và Luật Hành chính"], "Học viện Hành chính Quốc gia"),
    5: (CourseLevel.DOCTORATE, ["Tiến sĩ Kinh tế chính trị"], "Học viện Chính trị quốc gia Hồ Chí Minh"),
}  # fmt: skip
STATE = {
    1: (CourseLevel.SPECIALIST, "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên"),
    2: (CourseLevel.MAIN_SPECIALIST, "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên chính"),
    3: (CourseLevel.SENIOR_SPECIALIST, "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên cao cấp"),
}  # fmt: skip
REFRESHERS = [
    (RefresherTopic.PARTY_BUILDING, "Bồi dưỡng nghiệp vụ công tác tổ chức xây dựng Đảng", "Ban Tổ chức Tỉnh ủy Hòa An"),
    (RefresherTopic.DEFENCE, "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 2", "Trường Quân sự tỉnh Hòa An"),
    (RefresherTopic.IT, "Chuyển đổi số trong hoạt động của cơ quan đảng, chính quyền", "Trường Chính trị tỉnh Hòa An"),
    (RefresherTopic.KNOWLEDGE, "Cập nhật kiến thức cho cán bộ diện Ban Thường vụ Tỉnh ủy quản lý", "Học viện Chính trị khu vực I"),
    (RefresherTopic.LANGUAGE, "Tiếng Anh giao tiếp trong quản lý hành chính", "Đại học Victoria (Úc), chương trình liên kết"),
]


def needed(staff: Staff, cadre: Cadre) -> dict[str, int]:
    """The highest rank in each standard that the posts the cadre holds ask for."""
    ranks = {"theory": 0, "qualification": 0, "state_management": 0}
    for (_position, cadre_pk), holding in staff.holdings.items():
        if cadre_pk == cadre.pk and holding.ended_on is None:
            for standard, level in standards_of(holding.position, staff.today).items():
                if standard in RANKS:
                    ranks[standard] = max(ranks[standard], RANKS[standard].get(level, 0))
    return ranks


def load(staff: Staff, officer: Any) -> int:
    """The courses of every cadre holding a post; returns how many."""
    today, rows = staff.today, list[dict[str, Any]]()
    for n, cadre in enumerate(Cadre.objects.filter(holdings__isnull=False).distinct().order_by("pk"), start=1):
        born, wants, has = cadre.date_of_birth, needed(staff, cadre), held(cadre, today, [])
        attending = still_attending(cadre)
        theory = max(wants["theory"], has["theory"])
        if theory in THEORY:
            level, name, institution, code = THEORY[theory]
            starts = dt.date(min(born.year + 33 + n % 5, today.year - 2), 3, 1)
            if attending and wants["theory"] > has["theory"]:
                starts = today - dt.timedelta(days=100)
            rows.append(_course(cadre, CourseKind.THEORY, level, name, institution, starts, months=8 if code == "TC" else 14,
                                number=f"{code}-{starts.year}/{n:05d}", mode=CourseMode.PART_TIME if n % 2 else CourseMode.FULL_TIME,
                                completed=starts.year < today.year - 1))  # fmt: skip
        degree = max(wants["qualification"], has["qualification"])
        if degree in DEGREES:
            level, names, institution = DEGREES[degree]
            starts = dt.date(born.year + (18 if level == CourseLevel.BACHELOR else 27), 9, 1)
            rows.append(_course(cadre, CourseKind.PROFESSIONAL, level, names[n % len(names)], institution, starts,
                                months=48 if level == CourseLevel.BACHELOR else 24, number=f"QH-{starts.year}/{n:06d}"))  # fmt: skip
        state = max(wants["state_management"], has["state_management"])
        if state in STATE:
            level, name = STATE[state]
            if attending and wants["state_management"] > has["state_management"]:  # the standard not met yet
                starts = today - dt.timedelta(days=40)
                rows.append(_course(cadre, CourseKind.STATE_MANAGEMENT, level, name, "Trường Chính trị tỉnh Hòa An", starts, months=3,
                                    completed=False))  # fmt: skip
            else:
                starts = dt.date(min(born.year + 35, today.year - 1), 5, 10)
                rows.append(_course(cadre, CourseKind.STATE_MANAGEMENT, level, name, "Học viện Hành chính Quốc gia", starts, months=2,
                                    number=f"QLNN-{starts.year}/{n:05d}"))  # fmt: skip
        if n % 3 == 0:
            topic, name, institution = REFRESHERS[n // 3 % len(REFRESHERS)]
            starts = today - dt.timedelta(days=120 + 37 * (n % 9))
            place = CoursePlace.JOINT if topic == RefresherTopic.LANGUAGE else CoursePlace.DOMESTIC
            rows.append(_course(cadre, CourseKind.REFRESHER, CourseLevel.NONE, name, institution, starts, months=1, topic=topic, place=place,
                                number=f"BD-{starts.year}/{n:05d}"))  # fmt: skip
    for row in rows:
        training_record(actor=officer, **row)
    return len(rows)


def _course(
    cadre: Cadre, kind: str, level: str, name: str, institution: str, starts: dt.date, *, months: int, number: str = "",
    completed: bool = True, topic: str = "", mode: str = CourseMode.FULL_TIME, place: str = CoursePlace.DOMESTIC,
) -> dict[str, Any]:  # fmt: skip
    ends = starts + dt.timedelta(days=30 * months)
    return dict(
        cadre=cadre, kind=kind, level=level, topic=topic, name=name, institution=institution,
        mode=mode, place=place, starts_on=starts, ends_on=ends, completed=completed, certificate_number=number if completed else "",
        certificate_date=ends + dt.timedelta(days=20) if completed else None,
    )  # fmt: skip
