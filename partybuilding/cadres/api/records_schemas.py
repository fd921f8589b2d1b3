"""The shapes of the API of posts, cadre records, posts held and courses."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Day, Id, Version, Year
from partybuilding.members.choices import Gender
from partybuilding.members.records.api import PersonalIn

from .. import choices

# The choices as literal values: an enum class would become a schema component named after it, and
# other apps have their own `Body` and `Level`.
if TYPE_CHECKING:  # the type checker reads them as plain text
    AcademicTitleCode = str
    BodyCode = str
    CourseKindCode = str
    CourseLevelCode = str
    CourseModeCode = str
    CoursePlaceCode = str
    LevelCode = str
    RefresherTopicCode = str
    StaffCategoryCode = str
    StaffInCode = str
    StaffOutCode = str
    StateManagementCode = str
    TitleCode = str
else:
    AcademicTitleCode = Literal[tuple(choices.AcademicTitle.values)]
    BodyCode = Literal[tuple(choices.Body.values)]
    CourseKindCode = Literal[tuple(choices.CourseKind.values)]
    CourseLevelCode = Literal[tuple(choices.CourseLevel.values)]
    CourseModeCode = Literal[tuple(choices.CourseMode.values)]
    CoursePlaceCode = Literal[tuple(choices.CoursePlace.values)]
    LevelCode = Literal[tuple(choices.Level.values)]
    RefresherTopicCode = Literal[tuple(choices.RefresherTopic.values)]
    StaffCategoryCode = Literal[tuple(choices.StaffCategory.values)]
    StaffInCode = Literal[tuple(choices.StaffIn.values)]
    StaffOutCode = Literal[tuple(choices.StaffOut.values)]
    StateManagementCode = Literal[tuple(choices.StateManagement.values)]
    TitleCode = Literal[tuple(choices.Title.values)]

PositionId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The post's id"))]
CadreId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The cadre record's id"))]
TrainingId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The course's id"))]
YesNo = Literal["", "yes", "no"]


# --- posts -----------------------------------------------------------------------------------------


class CadrePositionFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the posts managed in its subtree"))
    q: str = Field("", max_length=200, description=gettext_lazy("Words of the post's name, accents optional"))
    level: Literal[""] | LevelCode = ""
    body: Literal[""] | BodyCode = ""
    title: Literal[""] | TitleCode = ""
    managed_by_id: Id | None = Field(None, description=gettext_lazy("Posts managed by this organization"))
    vacant: YesNo = Field("", description=gettext_lazy("yes: nobody holds the post now; no: someone does"))
    active: Literal["yes", "no", "all"] = Field("yes", description=gettext_lazy("Posts in use (yes), out of use (no) or both (all)"))


class CadrePositionEditIn(Schema):
    body: BodyCode
    title: TitleCode
    name: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK, description=gettext_lazy("The name of the post"))
    level: Literal[""] | LevelCode = Field("", description=gettext_lazy("Empty: the managing organization's level"))
    grade: int | None = Field(None, ge=1, le=20, description=gettext_lazy("1 is the highest; empty: the title's usual grade"))
    seats: int = Field(1, ge=1, le=500, description=gettext_lazy("How many hold the post at once"))
    corruption_prone: bool = Field(False, description=gettext_lazy("Prone to corruption: its holders change post periodically"))
    version: Version | None = None


class CadrePositionIn(CadrePositionEditIn):
    organization_id: Id = Field(description=gettext_lazy("The organization where the post sits"))
    managed_by_id: Id | None = Field(None, description=gettext_lazy("The organization whose committee manages it: itself or one above; empty: itself"))  # fmt: skip


class CadrePositionOut(Schema):
    id: int
    organization_id: int
    managed_by_id: int
    level: str
    body: str
    title: str
    name: str
    grade: int
    seats: int
    corruption_prone: bool
    active: bool = Field(description=gettext_lazy("The post is in use"))
    version: int


class CadreHoldingOut(Schema):
    id: int
    cadre_id: int
    cadre_name: str = Field(description=gettext_lazy("The cadre's full name"))
    position_id: int
    started_on: dt.date = Field(description=gettext_lazy("In the post since"))
    term_ends: dt.date | None = Field(None, description=gettext_lazy("The day the term ends"))
    ended_on: dt.date | None = Field(None, description=gettext_lazy("The day the cadre left the post"))
    suspended_until: dt.date | None = Field(None, description=gettext_lazy("Suspended from work until this day"))


class CadrePositionDetailOut(CadrePositionOut):
    holders: list[CadreHoldingOut] = Field(description=gettext_lazy("Who holds the post now"))
    earlier_holders: list[CadreHoldingOut] = Field(description=gettext_lazy("Who held it before"))
    planned_cadre_ids: list[int] = Field(description=gettext_lazy("The cadres planned for it"))


class CadreActiveIn(Schema):
    active: bool = Field(description=gettext_lazy("In use (true) or out of use (false)"))
    version: Version | None = None


class CadreHoldingIn(Schema):
    position_id: Id = Field(description=gettext_lazy("The post held"))
    started_on: Day = Field(description=gettext_lazy("In the post since"))
    term_ends: Day | None = Field(None, description=gettext_lazy("Empty: one appointment term after the start"))
    ended_on: Day | None = Field(None, description=gettext_lazy("The day the cadre left the post, if they did"))


# --- cadres -------------------------------------------------------------------------------------------


class CadreFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the cadres managed in its subtree"))
    q: str = Field("", max_length=200, description=gettext_lazy("Words of the name, accents optional"))
    managed_by_id: Id | None = Field(None, description=gettext_lazy("Cadres managed by this organization"))
    gender: Literal[""] | Gender = ""
    age: str = Field("", max_length=10, pattern=r"^(\d{0,3}-\d{0,3})?$", description=gettext_lazy("An age group: -45, 45-55 or 55- (the structure targets' bounds)"))  # fmt: skip
    level: Literal[""] | LevelCode = Field("", description=gettext_lazy("The level of a post the cadre holds now"))
    title: Literal[""] | TitleCode = Field("", description=gettext_lazy("The title of a post the cadre holds now"))
    planned: YesNo = Field("", description=gettext_lazy("yes: in a planning now; no: in none"))
    member: YesNo = Field("", description=gettext_lazy("yes: a Party member's record; no: a person outside the member records"))


class CadreFactsIn(Schema):
    birth_place: str = Field("", max_length=255, description=gettext_lazy("Place of birth"))
    residence: str = Field("", max_length=255, description=gettext_lazy("Where the cadre lives"))
    academic_title: AcademicTitleCode = choices.AcademicTitle.NONE.value
    state_management: StateManagementCode = choices.StateManagement.NONE.value
    languages: str = Field("", max_length=255, description=gettext_lazy("Foreign languages and their levels"))
    it_skills: str = Field("", max_length=255, description=gettext_lazy("Information technology skills"))
    staff_category: StaffCategoryCode = choices.StaffCategory.CIVIL_SERVANT.value
    staff_since: Day | None = Field(None, description=gettext_lazy("On the payroll since"))
    staff_in: Literal[""] | StaffInCode = Field("", description=gettext_lazy("How the cadre came onto the payroll"))
    staff_until: Day | None = Field(None, description=gettext_lazy("Left the payroll on"))
    staff_out: Literal[""] | StaffOutCode = Field("", description=gettext_lazy("How the cadre left the payroll"))
    work_history: str = Field("", max_length=20000, description=gettext_lazy("Work history before the records, in words"))
    rewards: str = Field("", max_length=10000, description=gettext_lazy("Rewards, in words"))


class CadreFromMemberIn(CadreFactsIn):
    member_id: Id = Field(description=gettext_lazy("The member record the cadre record copies"))
    managed_by_id: Id = Field(description=gettext_lazy("The organization whose committee manages the cadre"))


class CadrePersonIn(PersonalIn, CadreFactsIn):
    managed_by_id: Id = Field(description=gettext_lazy("The organization whose committee manages the cadre"))


class CadreEditIn(CadreFactsIn):
    managed_by_id: Id = Field(description=gettext_lazy("The organization whose committee manages the cadre"))
    personal: PersonalIn | None = Field(None, description=gettext_lazy("The personal fields: only for a person outside the member records"))  # fmt: skip
    version: Version | None = None


class CadreVersionIn(Schema):
    version: Version | None = None


class CadreOut(Schema):
    id: int
    member_id: int | None = Field(None, description=gettext_lazy("The member record it copies, if any"))
    managed_by_id: int
    full_name: str
    gender: str
    date_of_birth: dt.date
    ethnicity: str
    religion: str
    home_town: str
    education: str
    qualification: str
    theory: str
    birth_place: str
    residence: str
    academic_title: str
    state_management: str
    languages: str
    it_skills: str
    staff_category: str
    staff_since: dt.date | None
    staff_in: str
    staff_until: dt.date | None
    staff_out: str
    work_history: str
    rewards: str
    version: int


class CadreTrainingOut(Schema):
    id: int
    cadre_id: int
    kind: str
    level: str = Field(description=gettext_lazy("The level a completed course gives"))
    topic: str = Field(description=gettext_lazy("The topic of a refresher course"))
    name: str
    institution: str
    mode: str
    place: str
    starts_on: dt.date
    ends_on: dt.date
    completed: bool
    certificate_number: str
    certificate_date: dt.date | None
    has_certificate: bool = Field(description=gettext_lazy("A PDF certificate is kept"))
    version: int

    @staticmethod
    def resolve_has_certificate(obj: Any) -> bool:
        return bool(obj["has_certificate"] if isinstance(obj, dict) else obj.certificate_file)


class CadreDetailOut(CadreOut):
    holdings: list[CadreHoldingOut] = Field(description=gettext_lazy("The posts held, now and before"))
    trainings: list[CadreTrainingOut] = Field(description=gettext_lazy("The courses attended"))


class CadreGapOut(Schema):
    cadre_id: int
    position_id: int
    on: dt.date = Field(description=gettext_lazy("The day the standards are read"))
    standards: dict[str, str] = Field(description=gettext_lazy("The post's standards in force: theory, qualification, state_management"))  # fmt: skip
    missing: list[str] = Field(description=gettext_lazy("The standards the cadre does not meet, in words"))


class CadreGapFilters(Schema):
    on: Day | None = Field(None, description=gettext_lazy("The day (today when empty)"))


# --- courses -----------------------------------------------------------------------------------------------


class CadreTrainingIn(Schema):
    kind: CourseKindCode
    level: CourseLevelCode = choices.CourseLevel.NONE.value
    topic: Literal[""] | RefresherTopicCode = ""
    name: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK, description=gettext_lazy("The course's name"))
    institution: str = Field("", max_length=255, description=gettext_lazy("The institution that gave the course"))
    mode: CourseModeCode = choices.CourseMode.FULL_TIME.value
    place: CoursePlaceCode = choices.CoursePlace.DOMESTIC.value
    starts_on: Day
    ends_on: Day
    completed: bool = False
    certificate_number: str = Field("", max_length=64, description=gettext_lazy("The certificate's number"))
    certificate_date: Day | None = Field(None, description=gettext_lazy("The certificate's date"))


class CadreTrainingEditIn(CadreTrainingIn):
    version: Version | None = None


class CadreTrainingFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the courses of the cadres managed in its subtree"))
    kind: Literal[""] | CourseKindCode = ""
    year: Year | None = Field(None, description=gettext_lazy("Courses running in this year"))
    completed: YesNo = Field("", description=gettext_lazy("yes: completed; no: not completed"))
