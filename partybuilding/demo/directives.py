"""The demo province's documents and their implementation, all through the services: the
bodies that issue (the provincial committee "TU", its organizing board and office, each
commune's committee "ĐU", the demo secretary's cell "CB"); this year's provincial documents,
registered by the office (a resolution the communes must concretize, with a PDF whose words
the search finds, a directive, conclusions, a plan implementing "57-NQ/TW", notices, one
replaced by a later one); the communes' plans concretizing the resolution after a few days to
a few weeks, one or two still missing past the rule's time (the attention line); the
resolution's "3 clear" tasks in every state, one split down to the demo commune's cells, one
from a meeting of the secretary's cell for the demo member, one from an inspection
conclusion. The study of resolutions is in `directive_study.py`.

Dates are counted back from `today`; no date is in the future except deadlines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.core.calendar import add_working_days
from partybuilding.core.pdf import render_pdf
from partybuilding.directives.choices import IssuerBody
from partybuilding.directives.models import Document, Issuer, Task
from partybuilding.directives.services import distribute, document_files, documents, issuers, tasks
from partybuilding.inspections.choices import CaseStatus
from partybuilding.inspections.models import Case
from partybuilding.meetings.choices import MeetingStatus
from partybuilding.meetings.models import Meeting
from partybuilding.members.models import Member
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from . import directive_study
from .inspections import Days, place_of

SECRETARY = "Đồng chí Bí thư Tỉnh ủy"
DEPUTY = "Đồng chí Phó Bí thư Thường trực Tỉnh ủy"
RESOLUTION_TEXT = (
    "Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng; đổi mới nội dung, hình thức sinh hoạt chi bộ; "
    "ứng dụng sổ tay đảng viên điện tử trong sinh hoạt chi bộ; mỗi cấp ủy viên phụ trách một chi bộ yếu kém. "
    "Đến năm 2030, trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên."
)
RESOLUTION_PDF = """<html lang="vi"><head><meta charset="utf-8"><style>
body {{ font-family: "DejaVu Serif", serif; font-size: 12pt; margin: 2cm; }} h1 {{ text-align: center; font-size: 14pt; }}
</style></head><body>
<p>TỈNH ỦY HÒA AN — Số {number}</p><p>ĐẢNG CỘNG SẢN VIỆT NAM</p>
<h1>NGHỊ QUYẾT<br>về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng giai đoạn 2026–2030</h1>
<p>I. Mục tiêu: xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh; nâng cao chất lượng sinh hoạt chi bộ.</p>
<p>II. Nhiệm vụ, giải pháp: rà soát, kiện toàn các chi bộ yếu kém; triển khai sổ tay đảng viên điện tử; bồi dưỡng
bí thư chi bộ về kỹ năng điều hành sinh hoạt; định kỳ sáu tháng sơ kết, báo cáo Ban Thường vụ Tỉnh ủy.</p>
<p>III. Tổ chức thực hiện: các đảng ủy xã xây dựng kế hoạch cụ thể hóa trong thời hạn 30 ngày.</p>
<p>T/M TỈNH ỦY — BÍ THƯ</p></body></html>"""
# the resolution's tasks to every commune: work, expected result, deadline (days from today)
WORKS = [
    ("Rà soát, kiện toàn các chi bộ yếu kém; phân công cấp ủy viên phụ trách từng chi bộ.",
     "Danh sách chi bộ yếu kém và quyết định phân công cấp ủy viên phụ trách.", -15),
    ("Tổ chức cho các chi bộ trực thuộc xây dựng kế hoạch nâng cao chất lượng sinh hoạt chi bộ.",
     "100% chi bộ có kế hoạch được chi bộ thông qua.", 40),
    ("Báo cáo sơ kết việc thực hiện Nghị quyết, gửi Ban Tổ chức Tỉnh ủy.",
     "Báo cáo sơ kết đúng đề cương hướng dẫn.", None),  # due soon: a few working days from today
]  # fmt: skip


def load(
    province: Organization,
    communes: list[Organization],
    today: dt.date,
    *,
    officer: Any,
    commune_officer: Any,
    secretary: Any,
    cell: Organization,
    member_user: Any,
) -> int:
    """Every document, task and study record of the demo; returns how many records were made."""
    days = Days(today)
    ours = _issuers(province, communes, cell, officer)
    resolution, made = _province_documents(ours, communes, days, officer)
    made += _concretized(ours, communes, cell, resolution, days, officer, commune_officer, secretary)
    made += _tasks(resolution, communes, cell, days, officer, commune_officer, secretary, member_user)
    made += directive_study.load(province, communes[0], resolution, ours[communes[0].pk], days, officer=officer,
                                 commune_officer=commune_officer, secretary=secretary, cell=cell, member_user=member_user)  # fmt: skip
    return made + len(ours)


def _issuers(province: Organization, communes: list[Organization], cell: Organization, officer: Any) -> dict[Any, Issuer]:
    """The issuers, by a key: "TU", "BTCTU", "VPTU", a commune's pk, "CB". The standing
    committee's documents are numbered "/TU" too, in the committee's sequence."""
    make = issuers.issuer_create
    committee = "Tỉnh ủy Hòa An (Ban Chấp hành, Ban Thường vụ)"
    found: dict[Any, Issuer] = {
        "TU": make(actor=officer, organization=province, body=IssuerBody.COMMITTEE, name=committee, symbol="TU"),
        "BTCTU": make(actor=officer, organization=province, body=IssuerBody.ORGANIZING, name="Ban Tổ chức Tỉnh ủy", symbol="BTCTU"),
        "VPTU": make(actor=officer, organization=province, body=IssuerBody.OFFICE, name="Văn phòng Tỉnh ủy", symbol="VPTU"),
    }
    for commune in communes:
        name = f"Đảng ủy {place_of(commune)}"
        found[commune.pk] = make(actor=officer, organization=commune, body=IssuerBody.COMMITTEE, name=name, symbol="ĐU")
    found["CB"] = make(actor=officer, organization=cell, body=IssuerBody.CELL, name=cell.name, symbol="CB")
    return found


def _province_documents(ours: dict[Any, Issuer], communes: list[Organization], days: Days, officer: Any) -> tuple[Document, int]:
    """This year's documents of the province, the resolution first; returns it and how many."""
    register = documents.document_register
    tu, office = ours["TU"], ours["VPTU"]
    resolution = register(
        actor=officer, issuer=tu, kind="NQ", date=days.ago(75), signer=SECRETARY, recipients=communes, expects_concretization=True,
        title="Nghị quyết về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ đảng viên giai đoạn 2026–2030",
        summary="Các đảng ủy xã xây dựng kế hoạch cụ thể hóa trong 30 ngày; mỗi cấp ủy viên phụ trách một chi bộ yếu kém.",
        text=RESOLUTION_TEXT,
    )  # fmt: skip
    pdf = render_pdf(RESOLUTION_PDF.format(number=resolution.number))
    document_files.file_add(actor=officer, document=resolution, name=f"Nghị quyết {resolution.number.replace('/', '-')}.pdf", content=pdf)
    rows = [
        (tu, "CT", 120, "Chỉ thị về tăng cường công tác phát triển đảng viên ở thôn, tổ dân phố và trong doanh nghiệp ngoài nhà nước",
         "Mỗi đảng ủy xã có chỉ tiêu kết nạp đảng viên; không để thôn, tổ dân phố chưa có đảng viên."),
        (tu, "KL", 150, "Kết luận của Ban Thường vụ Tỉnh ủy về công tác cán bộ quý I", "Thống nhất phương án kiện toàn cấp ủy xã."),
        (tu, "KL", 60, "Kết luận của Ban Thường vụ Tỉnh ủy về kết quả kiểm tra, giám sát 6 tháng đầu năm", "Chấn chỉnh việc thu, nộp đảng phí."),
        (tu, "KL", 20, "Kết luận của Ban Thường vụ Tỉnh ủy về chuẩn bị tổng kết năm", "Giao Văn phòng Tỉnh ủy hướng dẫn đề cương báo cáo."),
        (ours["BTCTU"], "HD", 70, "Hướng dẫn đánh giá chất lượng sinh hoạt chi bộ theo Nghị quyết của Tỉnh ủy", "Các tiêu chí chấm điểm buổi sinh hoạt."),
    ]  # fmt: skip
    made = 1
    for issuer, kind, ago, title, summary in rows:
        register(
            actor=officer, issuer=issuer, kind=kind, date=days.ago(ago), signer=DEPUTY, title=title, summary=summary, recipients=communes
        )
        made += 1
    # the same months of last year, for the reports' comparison of the two years
    last_year = [
        ("NQ", 0.3, "Nghị quyết về công tác phát triển đảng viên giai đoạn 2025–2030"),
        ("KL", 0.4, "Kết luận của Ban Thường vụ Tỉnh ủy về sắp xếp tổ chức cơ sở đảng"),
        ("KL", 0.7, "Kết luận của Ban Thường vụ Tỉnh ủy về chuẩn bị đại hội đảng bộ các cấp"),
        ("CT", 0.5, "Chỉ thị về lãnh đạo đại hội đảng bộ các cấp nhiệm kỳ 2025–2030"),
    ]
    for kind, share, title in last_year:
        register(actor=officer, issuer=tu, kind=kind, date=days.last(share), signer=SECRETARY, title=title)
        made += 1
    register(
        actor=officer, issuer=tu, kind="KH", date=days.ago(90), signer=DEPUTY, recipients=communes, implements_reference="57-NQ/TW",
        title="Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        summary="Chuyển đổi số trong hoạt động của các cơ quan đảng; 100% văn bản đi, đến được số hóa.",
    )  # fmt: skip
    first = register(
        actor=officer, issuer=office, kind="TB", date=days.ago(45), signer="Chánh Văn phòng Tỉnh ủy", recipients=communes,
        title="Thông báo lịch tiếp công dân của đồng chí Bí thư Tỉnh ủy", summary="Ngày 15 hằng tháng tại Trụ sở Tỉnh ủy.",
    )  # fmt: skip
    register(
        actor=officer, issuer=office, kind="TB", date=days.ago(10), signer="Chánh Văn phòng Tỉnh ủy", recipients=communes, replaces=first,
        title="Thông báo điều chỉnh lịch tiếp công dân của đồng chí Bí thư Tỉnh ủy", summary="Từ tháng sau, ngày 20 hằng tháng.",
    )  # fmt: skip
    return resolution, made + 3


def _concretized(
    ours: dict[Any, Issuer],
    communes: list[Organization],
    cell: Organization,
    resolution: Document,
    days: Days,
    officer: Any,
    commune_officer: Any,
    secretary: Any,
) -> int:
    """Each commune's plan implementing the resolution, a few days to a few weeks after it; the
    last one or two communes have none yet (past the 30 days of the rule). The demo commune's
    plan goes to its grassroots, and the secretary's cell concretizes it in its own resolution."""
    missing = 2 if len(communes) >= 4 else 1 if len(communes) >= 2 else 0
    lags = [6, 11, 15, 19, 23, 27, 34, 9, 13, 17, 21, 25, 29, 38, 8]
    made = 0
    for n, commune in enumerate(communes[: len(communes) - missing]):
        below = list(Organization.objects.filter(parent=commune, status="active").order_by("path")) if n == 0 else []
        plan = documents.document_register(
            actor=commune_officer if n == 0 else officer, issuer=ours[commune.pk], kind="KH",
            date=resolution.date + dt.timedelta(days=lags[n % len(lags)]), signer=f"Bí thư Đảng ủy {place_of(commune)}",
            title=f"Kế hoạch thực hiện Nghị quyết {resolution.number} của Tỉnh ủy về nâng cao năng lực lãnh đạo của tổ chức cơ sở đảng",
            summary="Phân công cấp ủy viên phụ trách chi bộ; lịch sơ kết 6 tháng.", implements=resolution, recipients=below,
        )  # fmt: skip
        made += 1
        if n == 0:
            documents.document_register(
                actor=secretary, issuer=ours["CB"], kind="NQ", date=plan.date + dt.timedelta(days=9), signer="Bí thư chi bộ",
                title=f"Nghị quyết của chi bộ về thực hiện Kế hoạch {plan.number} của Đảng ủy xã",
                summary="Mỗi đảng viên đăng ký một việc làm cụ thể; chi bộ sinh hoạt chuyên đề hằng quý.", implements=plan,
            )  # fmt: skip
            made += 1
    return made


def _run(task: Task, actor: Any, steps: list[tuple[str, dt.date, dict[str, Any]]]) -> Task:
    for step, day, params in steps:
        task = tasks.TASK.run(step, actor=actor, obj=task, date=day, **params)
    return task


def _progress(day: dt.date, percent: int, what: str) -> tuple[str, dt.date, dict[str, Any]]:
    return "progress", day, {"progress": percent, "note": what}


def _done(day: dt.date, result: str) -> tuple[str, dt.date, dict[str, Any]]:
    return "done", day, {"result": result}


def _tasks(
    resolution: Document,
    communes: list[Organization],
    cell: Organization,
    days: Days,
    officer: Any,
    commune_officer: Any,
    secretary: Any,
    member_user: Any,
) -> int:
    """The resolution's three tasks to every commune in mixed states; the second split down to
    the demo commune's cells; a task of the secretary's cell from its meeting, for the demo
    member; one from an inspection conclusion about the demo commune."""
    made = 0
    soon = add_working_days(days.today, 3)
    for w, (work, expected, due) in enumerate(WORKS):
        deadline = soon if due is None else days.today + dt.timedelta(days=due)
        for n, commune in enumerate(communes):
            task = tasks.task_create(
                actor=officer, document=resolution, organization=commune, work=work, expected_result=expected, deadline=deadline,
                responsible_person=f"Thường trực Đảng ủy {place_of(commune)}",
            )  # fmt: skip
            made += 1
            actor = commune_officer if n == 0 else officer
            if w == 0:  # past its deadline: done on time, overdue, done late
                fate = {1: "overdue", 2: "late"}.get(n, "on_time")
                steps = [_progress(days.ago(40), 60, "Đã rà soát, xác định 2 chi bộ yếu kém; dự thảo quyết định phân công.")]
                if fate == "on_time":
                    steps.append(_done(days.ago(18 + n % 3), "Ban hành Quyết định phân công cấp ủy viên phụ trách 2 chi bộ yếu kém."))
                elif fate == "late":
                    steps.append(_done(days.ago(6), "Đã ban hành quyết định phân công (chậm do kiện toàn nhân sự cấp ủy)."))
                _run(task, actor, steps)
            elif w == 1 and n == 0:
                _split(task, cell, days, commune_officer, secretary)
                made += Task.objects.filter(parent=task).count()
            elif w == 1:
                if n % 3 != 1:
                    _run(task, actor, [_progress(days.ago(12), 30 + 10 * (n % 4), "Đã hướng dẫn các chi bộ; 5 chi bộ đã thông qua kế hoạch.")])  # fmt: skip
            elif n == 1:
                _run(task, officer, [("cancel", days.ago(4), {"reason": "Lồng ghép vào báo cáo tổng kết năm theo Kết luận của Ban Thường vụ."})])  # fmt: skip
            elif n % 2 == 0:
                _run(task, actor, [_progress(days.ago(3), 50, "Đã xây dựng đề cương, đang tổng hợp số liệu từ các chi bộ.")])
    return made + _meeting_task(cell, days, secretary, member_user) + _case_task(communes[0], days, officer, commune_officer)


def _split(task: Task, cell: Organization, days: Days, commune_officer: Any, secretary: Any) -> None:
    """The demo commune's task split to every cell below it: a third done, a third under way,
    the rest (the secretary's cell among them) not started. The split is recorded today, so
    are the cells' reports."""
    cells = distribute.organizations_below(task.organization, kind=OrgKind.CELL)
    deadline = days.today + dt.timedelta(days=30)
    distribute.task_split(actor=commune_officer, task=task, organizations=cells, deadline=deadline, responsible_person="Bí thư chi bộ")
    for n, child in enumerate(Task.objects.filter(parent=task).order_by("org_path")):
        if child.organization_id == cell.pk or n % 3 == 2:
            continue
        steps = [_progress(days.today, 50, "Chi bộ đã thảo luận dự thảo kế hoạch.")]
        if n % 3 == 0:
            steps.append(_done(days.today, "Kế hoạch được chi bộ thông qua; gửi Đảng ủy xã."))
        _run(child, commune_officer, steps)


def _meeting_task(cell: Organization, days: Days, secretary: Any, member_user: Any) -> int:
    """A task the secretary's cell gave itself at its last closed meeting, for the demo member."""
    meeting = Meeting.objects.filter(organization=cell, status=MeetingStatus.CLOSED).order_by("-date").first()
    member = Member.objects.filter(user=member_user).first()
    if meeting is None or member is None:
        return 0
    task = tasks.task_create(
        actor=secretary, meeting=meeting, organization=cell, responsible_member=member, responsible_person="",
        work="Vận động các hộ gia đình trong thôn đóng góp xây dựng nhà văn hóa; báo cáo chi bộ kết quả.",
        expected_result="Danh sách hộ đóng góp và số tiền vận động được.", deadline=max(days.today, meeting.date) + dt.timedelta(days=21),
    )  # fmt: skip
    _run(task, secretary, [_progress(days.today, 40, "Đã vận động được 35 hộ, đang tiếp tục.")])
    return 1


def _case_task(commune: Organization, days: Days, officer: Any, commune_officer: Any) -> int:
    """A task from the provincial commission's concluded inspection of the demo commune: done
    late if its deadline has passed, else under way."""
    case = Case.objects.filter(status=CaseStatus.CONCLUDED, subject_organization=commune).order_by("-conclusion_date").first()
    if case is None or case.conclusion_date is None:
        return 0
    deadline = case.conclusion_date + dt.timedelta(days=45)
    task = tasks.task_create(
        actor=officer, case=case, organization=commune, responsible_person=f"Văn phòng Đảng ủy {place_of(commune)}", deadline=deadline,
        work="Khắc phục hạn chế sau kiểm tra: thu đủ đảng phí còn thiếu, cập nhật sổ sách tài chính đảng.",
        expected_result="Báo cáo kết quả khắc phục gửi Ủy ban Kiểm tra Tỉnh ủy.",
    )  # fmt: skip
    if deadline + dt.timedelta(days=10) <= days.today:
        _run(task, commune_officer, [_progress(deadline - dt.timedelta(days=5), 70, "Đã cập nhật sổ sách; còn 3 chi bộ nộp thiếu."),
                                     _done(deadline + dt.timedelta(days=10), "Đã thu đủ, nộp cấp trên; báo cáo kèm chứng từ.")])  # fmt: skip
    else:
        _run(task, commune_officer, [_progress(case.conclusion_date, 20, "Đã phân công Văn phòng Đảng ủy thực hiện.")])
    return 1


__all__ = ["load"]
