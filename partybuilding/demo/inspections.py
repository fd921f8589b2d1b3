"""The demo province's inspection work, all through the services: the provincial inspection
commission's programmes of this year and the last (this year's with an item concluded, one
under way, one planned), the cases of both years concluded with their results (the statistics'
"same period last year"), a shortcoming remedied and one overdue, about eight disciplines a
year of every form (an expulsion takes the member out of the list), a notice to the state body
awaiting its response, a suspension of Party activity, three appeals (settled, pending,
overdue) and four denunciations (not processed, in handling, extended, concluded).

Dates are counted back from `today`: this year's records spread over the part of the year
gone by, last year's over the same months (so that the periods compare), and what must still
be pending a few weeks back; no date is in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction

from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.inspections.choices import (
    AppealGround,
    AppealOutcome,
    Body,
    CaseKind,
    CaseResult,
    ChangeReason,
    Channel,
    DisciplineForm,
    Finding,
    MemberContent,
    NotProcessed,
    OrganizationContent,
    SubjectKind,
)
from partybuilding.inspections.models import Case, Discipline, Programme
from partybuilding.inspections.services import appeals, cases, denunciations, disciplines, programmes, suspensions
from partybuilding.members.choices import MemberStatus
from partybuilding.members.committees.selectors import active_q
from partybuilding.members.models import CommitteeRole, Member
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

T = TypeVar("T")
GRASSROOTS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
CELLS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL, OrgKind.SUB_COMMITTEE)
COMMISSION = "Ủy ban Kiểm tra Tỉnh ủy"
STANDING = "Ban Thường vụ Tỉnh ủy"


@dataclass
class Days:
    """The demo's calendar: this year's part gone by, the same part of last year, days ago."""

    today: dt.date

    @property
    def year(self) -> int:
        return self.today.year

    @property
    def gone(self) -> int:  # days of this year gone by, today excluded
        return (self.today - dt.date(self.year, 1, 1)).days

    def this(self, share: float) -> dt.date:
        """A day of this year, `share` of the way from 1 January to today."""
        return dt.date(self.year, 1, 1) + dt.timedelta(days=round(share * self.gone))

    def last(self, share: float) -> dt.date:
        """The same day of the period last year (the statistics compare the two)."""
        return dt.date(self.year - 1, 1, 1) + dt.timedelta(days=round(share * self.gone))

    def last_year(self, share: float) -> dt.date:
        """A day of last year, `share` of the way through it."""
        return dt.date(self.year - 1, 1, 1) + dt.timedelta(days=round(share * 364))

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)


@dataclass
class People:
    """Members of the commune handed out once each: officials, committee members and
    probationary members (those linked to a demo login are left alone)."""

    officials: list[Member]
    committee: list[Member]
    probationary: list[Member]
    used: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, commune: Organization, today: dt.date) -> People:
        rows = Member.objects.filter(org_path__startswith=commune.path, user__isnull=True).order_by("pk")
        committee_ids = set(
            CommitteeRole.objects.filter(active_q(today), member__org_path__startswith=commune.path).values_list("member_id", flat=True)
        )
        officials = list(rows.filter(status=MemberStatus.OFFICIAL)[:400])
        return cls(
            officials=[m for m in officials if m.pk not in committee_ids],
            committee=[m for m in officials if m.pk in committee_ids],
            probationary=list(rows.filter(status=MemberStatus.PROBATIONARY)[:40]),
        )

    def candidates(
        self, kind: str = "official", *, admitted_by: dt.date | None = None, inside: Organization | None = None
    ) -> Iterator[Member]:
        """The members not used yet of `kind` (committee members fall back on officials),
        those inside `inside` first."""
        pool = {
            "official": self.officials,
            "committee": self.committee + self.officials,
            "probationary": self.probationary,
        }[kind]
        if inside is not None:
            pool = sorted(pool, key=lambda m: not m.org_path.startswith(inside.path))
        for member in pool:
            if member.pk in self.used or (admitted_by is not None and member.admission_date > admitted_by):
                continue
            yield member

    def take(self, kind: str = "official", *, admitted_by: dt.date | None = None) -> Member | None:
        member = next(self.candidates(kind, admitted_by=admitted_by), None)
        if member is not None:
            self.used.add(member.pk)
        return member


def first_that_works(
    people: People, kind: str, admitted_by: dt.date, make: Callable[[Member], T], inside: Organization | None = None
) -> T | None:
    """The first member of `kind` for whom the services accept the record (a member whose
    history forbids it, e.g. an event after the date, gives way to the next)."""
    for member in list(people.candidates(kind, admitted_by=admitted_by, inside=inside))[:15]:
        try:
            with transaction.atomic():
                made = make(member)
        except Refusal:
            continue
        people.used.add(member.pk)
        return made
    return None


def place_of(commune: Organization) -> str:
    """ "Đảng bộ xã An Bình" → "xã An Bình"."""
    return commune.name.removeprefix("Đảng bộ ").strip()


def load(province: Organization, commune: Organization, today: dt.date, *, officer: Any, secretary: Any, cell: Organization) -> int:
    """Every inspection record of the demo; returns how many records were made."""
    days = Days(today)
    people = People.of(commune, today)
    grassroots = list(Organization.objects.filter(parent=commune, kind__in=GRASSROOTS, status="active").order_by("path"))
    under = grassroots[0] if grassroots else commune
    made = 0
    made += load_programmes(province, commune, under, days, officer, people)
    made += load_disciplines(province, commune, grassroots, days, officer, people, secretary=secretary, cell=cell)
    made += load_suspension(commune, days, officer, people)
    made += load_denunciations(province, commune, under, days, officer, people)
    return made


# --- programmes and cases -------------------------------------------------------------------


def _programme(province: Organization, year: int, adopted: dt.date, officer: Any, items: list[dict[str, Any]]) -> Programme:
    programme = programmes.programme_create(
        actor=officer,
        organization=province,
        body=Body.COMMISSION,
        year=year,
        title=f"Chương trình kiểm tra, giám sát năm {year} của {COMMISSION}",
    )
    for item in items:
        programmes.programme_item_add(actor=officer, programme=programme, **item)
    return programmes.programme_adopt(
        actor=officer, programme=programme, decision=Decision(f"{year % 100:02d}-QĐ/UBKT", adopted, COMMISSION)
    )


def _items(year: int, commune: Organization, under: Organization, member: Member | None) -> list[dict[str, Any]]:
    """A commission's yearly items: finance and dues, an organization and a member on signs of
    violation (the committees' own regular inspections are theirs), a thematic supervision,
    the lower level's inspection work."""
    day = dt.date
    org = {"subject_kind": SubjectKind.ORGANIZATION}
    items = [
        {**org, "kind": CaseKind.FINANCE, "subject_organization": commune,
         "content": f"Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí, tài chính đảng năm {year - 1} của Đảng ủy {place_of(commune)}.",
         "planned_from": day(year, 3, 1), "planned_to": day(year, 4, 30), "lead": "Đồng chí Phó Chủ nhiệm UBKT Tỉnh ủy"},
        {**org, "kind": CaseKind.SIGNS, "subject_organization": under,
         "content": "Kiểm tra khi có dấu hiệu vi phạm nguyên tắc tập trung dân chủ, quy chế làm việc trong lãnh đạo thực hiện nghị quyết.",
         "planned_from": day(year, 5, 1), "planned_to": day(year, 6, 30), "lead": "Đồng chí Ủy viên UBKT Tỉnh ủy phụ trách địa bàn"},
        {**org, "kind": CaseKind.THEMATIC, "subject_organization": commune,
         "content": "Giám sát chuyên đề việc thực hiện Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên.",
         "planned_from": day(year, 8, 1), "planned_to": day(year, 9, 30), "lead": "Đồng chí Chủ nhiệm UBKT Tỉnh ủy"},
        {**org, "kind": CaseKind.INSPECTION_TASKS, "subject_organization": commune,
         "content": "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát và thi hành kỷ luật trong Đảng của Ủy ban Kiểm tra Đảng ủy xã.",
         "planned_from": day(year, 10, 1), "planned_to": day(year, 11, 15), "lead": "Phòng Nghiệp vụ 1, UBKT Tỉnh ủy"},
    ]  # fmt: skip
    if member is not None:
        items.insert(2, {
            "kind": CaseKind.SIGNS, "subject_kind": SubjectKind.MEMBER, "subject_member": member,
            "content": "Kiểm tra cấp ủy viên khi có dấu hiệu vi phạm trong thực hiện nhiệm vụ được giao và kê khai tài sản, thu nhập.",
            "planned_from": day(year, 6, 15), "planned_to": day(year, 7, 31), "lead": "Đồng chí Ủy viên UBKT Tỉnh ủy",
        })  # fmt: skip
    return items


def _run_case(
    case: Case,
    officer: Any,
    dates: list[dt.date],
    result: str,
    number: str,
    conclusion: str,
    *,
    by: str = COMMISSION,
    office: str = "UBKT",
    **extra: Any,
) -> Case:
    """A case opened, reported on and found about, then concluded, on the dates given."""
    opened, reported, found, concluded = dates
    case = cases.CASE.run(
        "open", actor=officer, obj=case, decision=Decision(f"{number}-QĐ/{office}", opened, by),
        team="Đồng chí Nguyễn Văn Thắng (Trưởng đoàn), đồng chí Lê Thị Hạnh, đồng chí Phạm Quốc Khánh",
        period_from=opened, period_to=concluded,
    )  # fmt: skip
    case = cases.CASE.run(
        "self_report", actor=officer, obj=case, date=reported, text="Báo cáo tự kiểm tra của đối tượng đã nộp đúng hạn, đầy đủ nội dung."
    )
    case = cases.CASE.run(
        "findings", actor=officer, obj=case, date=found, text="Đoàn kiểm tra đã làm việc, thẩm tra, xác minh các nội dung theo kế hoạch."
    )
    return cases.CASE.run(
        "conclude", actor=officer, obj=case, conclusion_number=f"{number}-TB/{office}", conclusion_date=concluded,
        conclusion=conclusion, result=result, **extra,
    )  # fmt: skip


def load_programmes(province: Organization, commune: Organization, under: Organization, days: Days, officer: Any, people: People) -> int:
    """Last year's programme carried out in full; this year's adopted, its first item
    concluded with two shortcomings, the second under way, the third planned."""
    made = 0
    year = days.year
    # last year: every item a case concluded, in the same months as this year's (the comparison)
    inspected = people.take("committee")
    last = _programme(province, year - 1, days.last(0.02), officer, _items(year - 1, commune, under, inspected))
    results = [
        (CaseResult.GOOD, "Thực hiện tốt việc thu, nộp, quản lý đảng phí; sổ sách đầy đủ."),
        (CaseResult.SHORTCOMINGS, "Có ưu điểm là chính; còn hạn chế trong việc ban hành quy chế làm việc nhiệm kỳ mới."),
        (CaseResult.GOOD, "Đảng viên thực hiện tốt nhiệm vụ được giao; kê khai tài sản, thu nhập đầy đủ, trung thực."),
        (CaseResult.SHORTCOMINGS, "Việc nêu gương của một số cán bộ, đảng viên chưa thường xuyên."),
        (CaseResult.GOOD, "Ủy ban Kiểm tra Đảng ủy xã thực hiện đúng, đủ nhiệm vụ kiểm tra, giám sát theo chương trình."),
    ]
    for n, (item, (result, text)) in enumerate(zip(last.items.order_by("planned_from", "pk"), results, strict=False)):
        share = 0.15 + 0.15 * n
        dates = [days.last(share), days.last(share + 0.03), days.last(share + 0.06), days.last(share + 0.1)]
        case = _run_case(cases.case_from_item(actor=officer, item=item), officer, dates, result, f"{10 + n}", text)
        if result == CaseResult.SHORTCOMINGS:
            row = cases.shortcoming_add(
                actor=officer, case=case, description="Ban hành quy chế làm việc của cấp ủy nhiệm kỳ 2025–2030.",
                deadline=days.last(share + 0.2), responsible="Thường trực cấp ủy",
            )  # fmt: skip
            cases.shortcoming_remedy(
                actor=officer, shortcoming=row, date=days.last(share + 0.15), evidence="Đã ban hành Quy chế làm việc số 01-QC/ĐU."
            )
        made += 1
    made += 1
    # this year: adopted early in the year
    inspected = people.take("committee")
    current = _programme(province, year, days.this(0.02), officer, _items(year, commune, under, inspected))
    items = list(current.items.order_by("planned_from", "pk"))
    made += 1
    finance = _run_case(
        cases.case_from_item(actor=officer, item=items[0]),
        officer,
        [days.this(0.15), days.this(0.2), days.this(0.25), days.this(0.3)],
        CaseResult.SHORTCOMINGS,
        "05",
        "Cơ bản thực hiện đúng quy định về thu, nộp đảng phí; còn một số chi bộ thu chưa đủ, nộp chậm; sổ sách kế toán chưa cập nhật kịp thời.",
    )
    remedied = cases.shortcoming_add(
        actor=officer, case=finance, description="Cập nhật sổ sách kế toán tài chính đảng theo đúng mẫu quy định.",
        deadline=days.this(0.5), responsible="Văn phòng Đảng ủy xã",
    )  # fmt: skip
    cases.shortcoming_remedy(
        actor=officer, shortcoming=remedied, date=days.this(0.45), evidence="Đã cập nhật sổ sách; Văn phòng Đảng ủy báo cáo kèm bản sao."
    )
    cases.shortcoming_add(
        actor=officer,
        case=finance,
        description="Thu đủ đảng phí còn thiếu của các chi bộ, nộp về cấp trên theo quy định.",
        deadline=days.this(0.7),
        responsible="Các chi bộ trực thuộc; Thường trực Đảng ủy xã",
    )  # fmt: skip  (not remedied: overdue)
    made += 1
    under_way = cases.case_from_item(actor=officer, item=items[1])
    cases.CASE.run(
        "open", actor=officer, obj=under_way, decision=Decision("18-QĐ/UBKT", days.this(0.85), COMMISSION),
        team="Đồng chí Trần Minh Đức (Trưởng đoàn), đồng chí Hà Thị Thu", period_from=days.this(0.85), period_to=days.this(0.99),
    )  # fmt: skip
    cases.CASE.run("self_report", actor=officer, obj=under_way, date=days.this(0.9), text="Đã nhận báo cáo tự kiểm tra của Đảng ủy.")
    made += 1
    if len(items) > 2:
        cases.case_from_item(actor=officer, item=items[2])  # planned
        made += 1
    made += _cases_on_signs(province, days, officer, people)
    made += _committee_cases(commune, under, days, officer, people)
    return made


def _committee_cases(commune: Organization, under: Organization, days: Days, officer: Any, people: People) -> int:
    """The commune's standing committee inspects a grassroots organization and supervises a
    member each year (Charter Art. 30: the committees' own column of the forms)."""
    made, standing = 0, _body_name(Body.STANDING, commune)
    for when, number in ((days.last, "20"), (days.this, "21")):
        inspection = cases.case_create(
            actor=officer, organization=commune, body=Body.STANDING, kind=CaseKind.INSPECTION,
            subject_kind=SubjectKind.ORGANIZATION, subject_organization=under,
            contents=[OrganizationContent.RESOLUTIONS, OrganizationContent.WORKING_RULES],
            content_note="Kiểm tra việc lãnh đạo thực hiện nghị quyết đại hội và quy chế làm việc của cấp ủy.",
        )  # fmt: skip
        _run_case(
            inspection, officer, [when(0.3), when(0.35), when(0.4), when(0.45)], CaseResult.GOOD, number,
            "Đảng ủy lãnh đạo thực hiện tốt nghị quyết; chấp hành nghiêm quy chế làm việc.", by=standing, office="ĐU",
        )  # fmt: skip
        made += 1
        member = people.take("committee")
        if member is None:
            continue
        supervision = cases.case_create(
            actor=officer, organization=commune, body=Body.STANDING, kind=CaseKind.SUPERVISION, subject_kind=SubjectKind.MEMBER,
            subject_member=member, contents=[MemberContent.ETHICS, MemberContent.DUTIES],
            content_note="Giám sát thường xuyên việc giữ gìn phẩm chất đạo đức, lối sống và thực hiện nhiệm vụ được giao.",
        )  # fmt: skip
        _run_case(
            supervision, officer, [when(0.5), when(0.55), when(0.6), when(0.65)], CaseResult.SHORTCOMINGS, f"{number}1",
            "Đồng chí thực hiện tốt nhiệm vụ; cần khắc phục việc chậm báo cáo định kỳ với chi bộ.", by=standing, office="ĐU",
        )  # fmt: skip
        made += 1
    return made


def _cases_on_signs(province: Organization, days: Days, officer: Any, people: People) -> int:
    """An inspection on signs of violation each year, its violation then disciplined."""
    made = 0
    for when, number in ((days.last, "30"), (days.this, "31")):
        member = people.take("official", admitted_by=when(0.2))
        if member is None:
            continue
        case = cases.case_create(
            actor=officer, organization=province, body=Body.COMMISSION, kind=CaseKind.SIGNS, subject_kind=SubjectKind.MEMBER,
            subject_member=member, contents=[MemberContent.FINANCE],
            content_note="Dấu hiệu vi phạm trong quản lý, sử dụng kinh phí hỗ trợ xây dựng nông thôn mới.",
        )  # fmt: skip
        case = _run_case(
            case, officer, [when(0.2), when(0.25), when(0.3), when(0.35)], CaseResult.VIOLATION, number,
            "Đảng viên vi phạm quy định về quản lý tài chính, gây thất thoát kinh phí; đến mức phải xem xét, xử lý kỷ luật.",
            discipline_required=True,
        )  # fmt: skip
        disciplines.discipline_record(
            actor=officer, decision=Decision(f"{number}-QĐ/UBKT", when(0.4), COMMISSION), organization=province,
            body=Body.COMMISSION, member=member, contents=[MemberContent.FINANCE],
            violation="Thiếu trách nhiệm trong quản lý kinh phí hỗ trợ xây dựng nông thôn mới.",
            violation_date=when(0.1), proposed_form=DisciplineForm.WARNING, case=case,
        )  # fmt: skip
        made += 2
    return made


# --- disciplines, appeals, suspension ---------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One discipline of the demo: who decides, of whom, which form, when, for what."""

    body: str
    deciding: str  # "cell", "grassroots", "commune", "province"
    subject: str  # "official", "committee", "probationary"
    form: str
    day: dt.date
    content: str
    violation: str


def _plans(days: Days) -> list[Plan]:
    M, F = MemberContent, DisciplineForm
    this, last = days.this, days.last_year
    return [
        # this year
        Plan(Body.CELL, "cell", "official", F.REPRIMAND, this(0.12), M.DUTIES, "Không thực hiện nhiệm vụ được chi bộ phân công trong nhiều tháng."),
        Plan(Body.STANDING, "grassroots", "probationary", F.REPRIMAND, this(0.22), M.ETHICS, "Vi phạm quy định về những điều đảng viên không được làm khi sử dụng mạng xã hội."),
        Plan(Body.STANDING, "commune", "committee", F.WARNING, this(0.32), M.DEMOCRATIC_CENTRALISM, "Vi phạm nguyên tắc tập trung dân chủ, quy chế làm việc của cấp ủy."),
        Plan(Body.STANDING, "commune", "official", F.EXPULSION, this(0.42), M.CORRUPTION, "Lợi dụng chức vụ chiếm đoạt tiền hỗ trợ của hộ nghèo; bị khởi tố."),
        Plan(Body.COMMISSION, "province", "committee", F.DISMISSAL, this(0.52), M.LAND, "Buông lỏng quản lý để xảy ra vi phạm trong giao đất, cho thuê đất."),
        Plan(Body.STANDING, "grassroots", "probationary", F.WARNING, this(0.66), M.POPULATION, "Vi phạm chính sách dân số, sinh con thứ ba."),
        # last year
        Plan(Body.CELL, "cell", "official", F.REPRIMAND, last(0.1), M.DUTIES, "Không sinh hoạt đảng ba kỳ liên tiếp không có lý do."),
        Plan(Body.STANDING, "grassroots", "official", F.WARNING, last(0.2), M.ETHICS, "Vi phạm đạo đức, lối sống, gây mất đoàn kết nội bộ khu dân cư."),
        Plan(Body.COMMISSION, "province", "committee", F.DISMISSAL, last(0.3), M.IRRESPONSIBILITY, "Thiếu trách nhiệm trong lãnh đạo, để xảy ra sai phạm kéo dài tại đơn vị."),
        Plan(Body.COMMISSION, "commune", "official", F.REPRIMAND, last(0.45), M.ASSETS, "Kê khai tài sản, thu nhập không trung thực."),
        Plan(Body.STANDING, "commune", "committee", F.WARNING, last(0.6), M.UNITY, "Gây mất đoàn kết trong cấp ủy."),
        Plan(Body.CELL, "cell", "official", F.REPRIMAND, last(0.75), M.FORBIDDEN, "Tham gia đánh bạc dưới hình thức ghi số đề."),
    ]  # fmt: skip


def _decide_one(plan: Plan, member: Member, organization: Organization, officer: Any, number: str, **extra: Any) -> Discipline:
    return disciplines.discipline_record(
        actor=officer, decision=Decision(number, plan.day, _body_name(plan.body, organization)), organization=organization,
        body=plan.body, member=member, contents=[plan.content], violation=plan.violation,
        violation_date=max(plan.day - dt.timedelta(days=45), member.admission_date), proposed_form=plan.form, **extra,
    )  # fmt: skip


def _body_name(body: str, organization: Organization) -> str:
    place = organization.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ").strip()
    names: dict[str, str] = {
        Body.CELL: organization.name,
        Body.STANDING: f"Ban Thường vụ Đảng ủy {place}" if organization.kind != OrgKind.PROVINCE else STANDING,
        Body.COMMITTEE: f"Đảng ủy {place}",
        Body.COMMISSION: f"Ủy ban Kiểm tra Đảng ủy {place}" if organization.kind != OrgKind.PROVINCE else COMMISSION,
    }
    return names[body]


def load_disciplines(
    province: Organization,
    commune: Organization,
    grassroots: list[Organization],
    days: Days,
    officer: Any,
    people: People,
    *,
    secretary: Any,
    cell: Organization,
) -> int:
    made = 0
    for n, plan in enumerate(_plans(days)):

        def decided(member: Member, plan: Plan = plan, n: int = n) -> Discipline:
            organization = {
                "province": province,
                "commune": commune,
                "grassroots": _grassroots_of(member, grassroots) or commune,
                "cell": member.organization,
            }[plan.deciding]
            body = plan.body if organization.kind in CELLS or plan.body != Body.CELL else Body.STANDING
            actor = secretary if organization.pk == cell.pk else officer
            return _decide_one(Plan(**{**plan.__dict__, "body": body}), member, organization, actor, f"{40 + n}-QĐ/ĐU")

        inside = cell if plan.deciding == "cell" and n == 0 else None  # the secretary's cell decides one
        if first_that_works(people, plan.subject, plan.day - dt.timedelta(days=60), decided, inside) is not None:
            made += 1
    made += _organization_disciplined(commune, grassroots, days, officer)
    made += _notice_pending(commune, days, officer, people)
    made += _proposed(commune, days, officer, people)
    made += _appeals(commune, days, officer, people)
    return made


def _grassroots_of(member: Member, grassroots: list[Organization]) -> Organization | None:
    return next((g for g in grassroots if member.org_path.startswith(g.path)), None)


def _organization_disciplined(commune: Organization, grassroots: list[Organization], days: Days, officer: Any) -> int:
    """A grassroots committee reprimanded by the commune's standing committee."""
    target = next((g for g in grassroots if g.kind == OrgKind.GRASSROOTS_COMMITTEE), grassroots[0] if grassroots else None)
    if target is None:
        return 0
    day = days.this(0.6)
    disciplines.discipline_record(
        actor=officer, decision=Decision("52-QĐ/ĐU", day, _body_name(Body.STANDING, commune)), organization=commune,
        body=Body.STANDING, subject_organization=target, contents=[OrganizationContent.WORKING_RULES],
        violation="Vi phạm quy chế làm việc, buông lỏng lãnh đạo để nhiều chi bộ không sinh hoạt định kỳ.",
        violation_date=day - dt.timedelta(days=60), proposed_form=DisciplineForm.REPRIMAND,
    )  # fmt: skip
    return 1


def _notice_pending(commune: Organization, days: Days, officer: Any, people: People) -> int:
    """A warning notified to the member's workplace, their action still awaited."""
    place = place_of(commune)
    decided_on, sent_on = days.ago(20), days.ago(12)

    def make(member: Member) -> Discipline:
        discipline = disciplines.discipline_record(
            actor=officer, decision=Decision("61-QĐ/ĐU", decided_on, _body_name(Body.STANDING, commune)), organization=commune,
            body=Body.STANDING, member=member, contents=[MemberContent.FORBIDDEN],
            violation="Vi phạm quy định về những điều đảng viên không được làm trong thực thi công vụ.",
            violation_date=decided_on - dt.timedelta(days=50), proposed_form=DisciplineForm.WARNING,
            notice_to=f"Ủy ban nhân dân {place}",
        )  # fmt: skip
        disciplines.discipline_received(actor=officer, discipline=discipline, date=days.ago(18))
        return disciplines.discipline_notice(actor=officer, discipline=discipline, date=sent_on)

    return 1 if first_that_works(people, "official", decided_on - dt.timedelta(days=60), make) else 0


def _proposed(commune: Organization, days: Days, officer: Any, people: People) -> int:
    """A discipline proposed by the commune's inspection commission, not decided yet."""
    day = days.ago(6)

    def make(member: Member) -> Discipline:
        return disciplines.discipline_propose(
            actor=officer, organization=commune, body=Body.STANDING, member=member, contents=[MemberContent.DUTIES],
            violation="Không chấp hành sự phân công của tổ chức, bỏ sinh hoạt chi bộ nhiều kỳ.",
            violation_date=day - dt.timedelta(days=40), proposed_form=DisciplineForm.REPRIMAND, proposed_on=day,
            proposed_by=f"Ủy ban Kiểm tra Đảng ủy {place_of(commune)}",
        )  # fmt: skip

    return 1 if first_that_works(people, "official", day - dt.timedelta(days=60), make) else 0


def _appeals(commune: Organization, days: Days, officer: Any, people: People) -> int:
    """Three warnings of the commune appealed to the province: one settled "reduced", one
    pending within its time, one past it."""
    made = 0
    cases_ = [
        ("71", days.last_year(0.4), AppealOutcome.REDUCED),
        ("72", days.ago(40), None),
        ("73", days.ago(210), None),
    ]
    for number, decided_on, outcome in cases_:

        def make(member: Member, number: str = number, decided_on: dt.date = decided_on) -> Any:
            discipline = disciplines.discipline_record(
                actor=officer, decision=Decision(f"{number}-QĐ/ĐU", decided_on, _body_name(Body.STANDING, commune)),
                organization=commune, body=Body.STANDING, member=member, contents=[MemberContent.ETHICS],
                violation="Vi phạm quy định về trách nhiệm nêu gương, để người thân lợi dụng vị trí công tác trục lợi.",
                violation_date=decided_on - dt.timedelta(days=70), proposed_form=DisciplineForm.WARNING,
            )  # fmt: skip
            disciplines.discipline_received(actor=officer, discipline=discipline, date=decided_on + dt.timedelta(days=3))
            return appeals.appeal_file(
                actor=officer, discipline=discipline, filed_on=decided_on + dt.timedelta(days=15), body=Body.STANDING,
                grounds=[AppealGround.FORM], content="Đảng viên cho rằng hình thức kỷ luật cảnh cáo là quá nặng so với mức độ vi phạm.",
            )  # fmt: skip

        appeal = first_that_works(people, "official", decided_on - dt.timedelta(days=80), make)
        if appeal is None:
            continue
        made += 2
        if outcome is not None:
            appeals.appeal_settle(
                actor=officer, appeal=appeal, decision=Decision("09-QĐ/TU", decided_on + dt.timedelta(days=75), STANDING),
                outcome=outcome, new_form=DisciplineForm.REPRIMAND, change_reason=ChangeReason.VERIFICATION,
            )  # fmt: skip
    return made


def load_suspension(commune: Organization, days: Days, officer: Any, people: People) -> int:
    """A member prosecuted, his Party activity suspended for the rule's longest time."""
    starts = days.ago(30)

    def make(member: Member) -> Any:
        return suspensions.suspension_record(
            actor=officer, organization=commune, body=Body.STANDING, member=member,
            reason="Bị cơ quan điều tra khởi tố về tội vi phạm quy định về quản lý đất đai.",
            starts_on=starts, ends_on=starts + dt.timedelta(days=89),
            decision=Decision("80-QĐ/ĐU", starts, _body_name(Body.STANDING, commune)),
        )  # fmt: skip

    return 1 if first_that_works(people, "official", starts, make) else 0


# --- denunciations ----------------------------------------------------------------------------


def load_denunciations(province: Organization, commune: Organization, under: Organization, days: Days, officer: Any, people: People) -> int:
    """Received by the provincial commission (its officer records them and handles them)."""
    made = 0
    D = denunciations
    step = D.denunciation_step
    common = {"actor": officer, "organization": province, "subject_kind": SubjectKind.MEMBER}
    # anonymous: recorded, not processed
    member = people.take("official")
    if member is not None:
        d = D.denunciation_record(
            **common, channel=Channel.LETTER, received_on=days.ago(45), subject_member=member, contents=[MemberContent.ETHICS],
            summary="Thư không ký tên tố cáo đảng viên có quan hệ bất chính, vi phạm đạo đức, lối sống.",
        )  # fmt: skip
        step("not_processed", actor=officer, denunciation=d, date=days.ago(42), reason=NotProcessed.ANONYMOUS)
        made += 1
    # being handled: the officer alone sees who denounced
    member = people.take("committee")
    if member is not None:
        d = D.denunciation_record(
            **common, channel=Channel.IN_PERSON, received_on=days.ago(30), subject_member=member,
            contents=[MemberContent.LAND, MemberContent.CORRUPTION],
            summary="Tố cáo cấp ủy viên lợi dụng chức vụ hợp thức hóa giấy chứng nhận quyền sử dụng đất cho người thân.",
            denouncer_name="Nguyễn Văn Tâm", denouncer_address=f"Thôn 3, {place_of(commune)}", denouncer_phone="0912345678",
        )  # fmt: skip
        step("accept", actor=officer, denunciation=d, date=days.ago(27))
        made += 1
    # extended once, with its notice
    member = people.take("official")
    if member is not None:
        d = D.denunciation_record(
            **common, channel=Channel.FORWARDED, received_on=days.ago(150), subject_member=member, contents=[MemberContent.FINANCE],
            summary="Ban Tiếp công dân tỉnh chuyển đơn tố cáo đảng viên sai phạm trong thanh quyết toán công trình đường giao thông thôn.",
            denouncer_name="Trần Thị Hoa", denouncer_address=f"Thôn 5, {place_of(commune)}", denouncer_phone="0987654321",
        )  # fmt: skip
        step("accept", actor=officer, denunciation=d, date=days.ago(146))
        step("extend", actor=officer, denunciation=d, date=days.ago(25), days=30)
        made += 1
    # concluded "partly true" and notified
    d = D.denunciation_record(
        actor=officer, organization=province, subject_kind=SubjectKind.ORGANIZATION, subject_organization=under,
        channel=Channel.LETTER, received_on=days.ago(220), contents=[OrganizationContent.FINANCE],
        summary="Tố cáo tập thể Đảng ủy buông lỏng quản lý, để thu chi quỹ sai quy định.",
        denouncer_name="Lê Văn Hùng", denouncer_address=f"Thôn 1, {place_of(commune)}", denouncer_phone="0905111222",
    )  # fmt: skip
    step("accept", actor=officer, denunciation=d, date=days.ago(216))
    step(
        "conclude", actor=officer, denunciation=d, finding=Finding.PARTLY, decision=Decision("27-KL/UBKT", days.ago(120), COMMISSION),
        conclusion="Tố cáo đúng một phần: việc thu chi quỹ chưa công khai; không có việc chiếm dụng. Yêu cầu Đảng ủy kiểm điểm, khắc phục.",
    )  # fmt: skip
    step("notify", actor=officer, denunciation=d, date=days.ago(112))
    return made + 1


__all__ = ["Days", "load"]
