"""The import's vocabulary: the template's columns, how choices may be spelled, and what a
check produces (issues, candidates, the report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from django.utils import translation

from partybuilding.core import sheets
from partybuilding.core.errors import Refusal
from partybuilding.core.sheets import Issue
from partybuilding.core.text import search_key
from partybuilding.organizations.models import Organization

from ..choices import ETHNICITY_CHOICES, AcademicTitle, Gender, GeneralEducation, Occupation, Qualification, Religion, TheoryLevel
from ..facts import FLAGS, MemberFacts
from ..personal import PersonalData

PHASES = ("reading", "checking", "members", "history", "events", "audit", "totals")


# --- the columns ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    vi: str  # the template's first header row
    en: str  # its second one
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: int = 14


COLUMNS = (
    Column("organization", "Mã chi bộ", "Organization code", ("mã tổ chức", "mã tổ chức đảng", "chi bộ", "organization"), True),
    Column("family_name", "Họ", "Family name", ("family", "surname", "last name"), True, 10),
    Column("middle_name", "Tên đệm", "Middle name", ("đệm", "chữ đệm", "tên lót"), False, 10),
    Column("given_name", "Tên", "Given name", ("tên gọi", "first name"), True, 10),
    Column("gender", "Giới tính", "Gender", ("giới", "nam/nữ", "sex"), True, 9),
    Column("date_of_birth", "Ngày sinh", "Date of birth", ("ngày tháng năm sinh", "sinh ngày", "birth date"), True, 12),
    Column("ethnicity", "Dân tộc", "Ethnicity", ("ethnic group",), False, 10),
    Column("religion", "Tôn giáo", "Religion"),
    Column("home_town", "Quê quán", "Home town", ("nguyên quán",), False, 28),
    Column(
        "citizen_id", "Số CCCD", "Citizen ID", ("căn cước", "căn cước công dân", "số căn cước", "cccd", "số định danh", "cmnd"), False, 15
    ),
    Column("phone", "Điện thoại", "Phone", ("số điện thoại", "sđt"), False, 12),
    Column("education", "Giáo dục phổ thông", "General education", ("trình độ giáo dục phổ thông", "gdpt", "học vấn"), False, 12),
    Column("qualification", "Chuyên môn nghiệp vụ", "Professional qualification", ("trình độ chuyên môn", "chuyên môn"), False, 16),
    Column("theory", "Lý luận chính trị", "Political theory", ("trình độ lý luận chính trị", "llct"), False, 12),
    Column("occupation", "Nghề nghiệp", "Occupation", ("nghề",), False, 18),
    Column("workplace", "Nơi làm việc", "Workplace", ("đơn vị công tác", "nơi công tác"), False, 24),
    Column("positions", "Chức vụ", "Positions", ("chức danh", "chức vụ đảng", "chức vụ chính quyền"), False, 18),
    Column("admission_date", "Ngày vào Đảng", "Admission date", ("ngày kết nạp", "ngày vào đảng (dự bị)"), True, 12),
    Column("official_date", "Ngày chính thức", "Official date", ("ngày công nhận chính thức",), False, 12),
    Column("card_number", "Số thẻ đảng viên", "Card number", ("số thẻ", "số thẻ đảng"), False, 14),
    # What the official statistics count (HD 11 forms 2–4): optional, a file without them imports as before.
    Column("academic_title", "Chức danh khoa học", "Academic title", ("học hàm", "gs, pgs"), False, 12),
    Column("youth_union", "Đoàn viên", "Youth Union member", ("đoàn viên khi kết nạp", "đoàn viên thanh niên"), False, 9),
    Column("readmitted", "Kết nạp lại", "Re-admitted", ("kết nạp lại vào đảng",), False, 9),
    Column("private_business_owner", "Chủ doanh nghiệp tư nhân", "Private business owner", ("chủ dntn", "chủ doanh nghiệp"), False, 11),
    Column(
        "married_to_foreigner", "Kết hôn với người nước ngoài", "Married to a foreigner",
        ("có quan hệ hôn nhân với người nước ngoài", "hôn nhân với người nước ngoài"), False, 11,
    ),
    Column(
        "family_planning_violation", "Vi phạm chính sách KHHGĐ", "Family-planning violation",
        ("vi phạm chính sách kế hoạch hóa gia đình", "vi phạm chính sách dân số", "vi phạm khhgđ"), False, 11,
    ),
    Column("foreign_origin", "Quốc tịch gốc nước ngoài", "Foreign origin", ("gốc nước ngoài", "người gốc nước ngoài"), False, 11),
)  # fmt: skip
FULL_NAME = Column("full_name", "Họ và tên", "Full name", ("họ tên", "name"))
BY_FIELD = {c.field: c for c in (*COLUMNS, FULL_NAME)}
ORDER = {name: i for i, name in enumerate(BY_FIELD)}
TEXT_FIELDS = ("middle_name", "home_town", "workplace", "positions")
DATE_FIELDS = ("date_of_birth", "admission_date", "official_date")
FLAG_FIELDS = ("youth_union", *FLAGS)  # a mark ("Có", "x") where it is so, empty where not
YES = frozenset({"co", "x", "yes", "true", "1"})
NO = frozenset({"", "khong", "no", "false", "0"})


def key(text: str) -> str:
    """Letters and digits only, without diacritics: "Ngày vào Đảng" -> "ngayvaodang"."""
    return "".join(ch for ch in search_key(text) if ch.isalnum())


HEADER_KEYS = {key(name): c.field for c in (*COLUMNS, FULL_NAME) for name in (c.vi, c.en, c.field, *c.aliases)}


def column_label(name: str) -> str:
    column = BY_FIELD.get(name)
    if column is None:
        return ""
    return column.vi if (translation.get_language() or "vi").startswith("vi") else column.en


# How Vietnamese records spell the choices (the template's drop-down lists); the labels of
# the choices in both languages and their codes are accepted as well.
VIETNAMESE_CHOICES: dict[str, dict[str, str]] = {
    "gender": {"M": "Nam", "F": "Nữ"},
    "religion": {
        "none": "Không", "buddhism": "Phật giáo", "catholicism": "Công giáo", "protestantism": "Tin lành", "cao_dai": "Cao Đài",
        "hoa_hao": "Phật giáo Hòa Hảo", "islam": "Hồi giáo", "other": "Tôn giáo khác",
    },
    "education": {
        "literate": "Biết đọc, biết viết chữ quốc ngữ", "primary": "Tiểu học", "lower_secondary": "Trung học cơ sở",
        "upper_secondary": "Trung học phổ thông",
    },
    "qualification": {
        "none": "Chưa qua đào tạo", "vocational": "Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp", "intermediate": "Trung cấp",
        "college": "Cao đẳng", "bachelor": "Đại học", "master": "Thạc sĩ", "doctorate": "Tiến sĩ",
    },
    "theory": {"none": "Chưa qua đào tạo", "elementary": "Sơ cấp", "intermediate": "Trung cấp", "advanced": "Cao cấp"},
    # The wording of the occupation rows of the statistical forms 2 and 3 (HD 11).
    "occupation": {
        "state_official": "Cán bộ, công chức cơ quan Nhà nước",
        "party_official": "Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể chính trị - xã hội",
        "commune_official": "Cán bộ, công chức, người hoạt động không chuyên trách ở xã, phường, thị trấn",
        "village_staff": "Người hoạt động không chuyên trách ở thôn, tổ dân phố, bản, ấp, khóm",
        "public_employee": "Viên chức đơn vị sự nghiệp công lập",
        "nonpublic_employee": "Người lao động đơn vị sự nghiệp ngoài công lập",
        "enterprise_manager": "Người lãnh đạo, quản lý doanh nghiệp",
        "enterprise_staff": "Nhân viên, người gián tiếp sản xuất trong doanh nghiệp",
        "enterprise_worker": "Công nhân, lao động trực tiếp sản xuất trong doanh nghiệp",
        "farmer": "Người làm nông, lâm, ngư nghiệp",
        "armed_forces": "Sĩ quan, chiến sĩ quân đội và công an",
        "student": "Sinh viên",
        "pupil": "Học sinh",
        "other": "Khác (lao động hợp đồng, tự do…)",
        "retired": "Đã nghỉ hưu, nghỉ công tác",
    },
    "academic_title": {"none": "Không", "associate_professor": "Phó Giáo sư", "professor": "Giáo sư"},
}  # fmt: skip
# Other spellings met in records.
SYNONYMS: dict[str, dict[str, str]] = {
    "gender": {"nu": "F", "nư": "F", "male": "M", "female": "F"},
    "religion": {"khong": "none", "dao phat": "buddhism", "thien chua giao": "catholicism", "dao tin lanh": "protestantism"},
    "education": {"12/12": "upper_secondary", "10/10": "upper_secondary", "9/12": "lower_secondary", "thpt": "upper_secondary",
                  "thcs": "lower_secondary", "5/12": "primary", "biet doc, biet viet": "literate"},
    "qualification": {"khong": "none", "cu nhan": "bachelor", "ky su": "bachelor", "so cap": "vocational", "cao dang": "college",
                      "cnkt": "vocational", "cong nhan ky thuat": "vocational", "nhan vien nghiep vu": "vocational"},
    "theory": {"khong": "none", "trung cap": "intermediate", "cu nhan": "advanced"},
    "ethnicity": {"mong": "08", "h'mong": "08", "hmong": "08", "khmer": "05", "ede": "12", "bana": "13", "xedang": "14"},
    # Shorter spellings of the forms' rows, and the old template's that name one category alone
    # (its "Cán bộ, công chức, viên chức", "Người lao động doanh nghiệp tư nhân" and "Giáo viên"
    # span several: refused, so that the row names the category).
    "occupation": {
        "can bo, cong chuc co quan nha nuoc tu cap huyen tro len": "state_official",
        "can bo, cong chuc co quan nha nuoc tu cap tinh tro len": "state_official",
        "cbcc co quan dang, mttq, doan the ct-xh": "party_official", "cbcc cap xa": "commune_official",
        "can bo, cong chuc cap xa": "commune_official", "khong chuyen trach cap xa": "commune_official",
        "khong chuyen trach thon, to dan pho": "village_staff", "vien chuc": "public_employee",
        "lanh dao, quan ly doanh nghiep": "enterprise_manager", "cong nhan": "enterprise_worker", "nong dan": "farmer",
        "sy quan, chien sy quan doi va cong an": "armed_forces", "luc luong vu trang": "armed_forces", "quan doi": "armed_forces",
        "cong an": "armed_forces", "khac": "other", "lao dong tu do": "other", "lao dong hop dong": "other", "nghi huu": "retired",
        "huu tri": "retired",
    },
    "academic_title": {"pgs": "associate_professor", "pgs.ts": "associate_professor", "gs": "professor", "gs.ts": "professor",
                       "khong co": "none"},
}  # fmt: skip
CHOICES: dict[str, Sequence[tuple[str, Any]]] = {
    "gender": Gender.choices,
    "ethnicity": ETHNICITY_CHOICES,
    "religion": Religion.choices,
    "education": GeneralEducation.choices,
    "qualification": Qualification.choices,
    "theory": TheoryLevel.choices,
    "occupation": Occupation.choices,
    "academic_title": AcademicTitle.choices,
}


@cache
def _choice_table(name: str) -> dict[str, str]:
    """Spelling key -> stored value, for one choice column."""
    table: dict[str, str] = {}
    labels = [(value, label) for value, label in CHOICES[name]]
    for lang in ("en", "vi"):
        with translation.override(lang):
            table.update({key(str(label)): value for value, label in labels})
    table.update({key(label): value for value, label in VIETNAMESE_CHOICES.get(name, {}).items()})
    table.update({key(spelling): value for spelling, value in SYNONYMS.get(name, {}).items()})
    for value, _label in labels:
        table[key(value)] = value
        if value.isdigit():
            table[str(int(value))] = value  # "8" as well as "08"
    return table


@lru_cache(maxsize=4096)  # a file spells each choice a few ways: most rows hit the cache
def choice_value(name: str, text: str) -> str | None:
    return _choice_table(name).get(key(text))


def choice_spellings(name: str) -> list[str]:
    """The values the template offers in its drop-down list."""
    vietnamese = VIETNAMESE_CHOICES.get(name)
    if vietnamese:
        return list(vietnamese.values())
    return [str(label) for _value, label in CHOICES[name]]


# --- issues and candidates -------------------------------------------------------------


@dataclass
class Candidate:
    """A row that passed the checks of its own: a member record to write."""

    line: int
    org_code: str
    data: PersonalData
    admission_date: dt.date
    official_date: dt.date | None = None
    card_number: str | None = None
    organization: Organization | None = None
    facts: MemberFacts = field(default_factory=MemberFacts)


@dataclass
class Report(sheets.Report):
    candidates: list[Candidate] = field(default_factory=list)


def from_refusal(line: int, refusal: Refusal, column: str | None = None) -> Issue:
    return Issue(line, column or refusal.field or "", refusal.message, refusal.rule)
