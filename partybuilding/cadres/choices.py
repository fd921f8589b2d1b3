"""The fixed lists of cadre work. What changes with regulations (limits, ages, targets,
standards) is in the dated rules (`rules.py`), not here."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuilding.members.choices import AcademicTitle  # noqa: F401  (one list for members and cadres)


class Level(models.TextChoices):
    """The level of the organization that manages a post (HD 11 forms 9 and 12 by level)."""

    CENTRAL = "central", pgettext_lazy("cadre level", "Central")
    PROVINCE = "province", pgettext_lazy("cadre level", "Province")
    DISTRICT = "district", pgettext_lazy("cadre level", "District (before 1 July 2025)")
    COMMUNE = "commune", pgettext_lazy("cadre level", "Commune")
    GRASSROOTS = "grassroots", pgettext_lazy("cadre level", "Grassroots")


class Body(models.TextChoices):
    """Where a post sits: the Party's own bodies, or the state and mass-organization posts the
    committee manages."""

    PARTY_COMMITTEE = "party_committee", _("Party committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee of the Party committee")
    INSPECTION_COMMISSION = "inspection", _("Inspection commission")
    PARTY_BOARD = "party_board", _("Board or office of the Party committee")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    FRONT = "front", _("Fatherland Front and mass organizations")
    STATE_AGENCY = "state_agency", _("State agency (department, office)")
    SERVICE_UNIT = "service_unit", _("Public service unit")
    ENTERPRISE = "enterprise", _("State enterprise")
    OTHER = "other", _("Other body")


class Title(models.TextChoices):
    """The post's title; the columns of forms 9 and 12 group by it."""

    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Member of the standing committee")
    COMMITTEE_MEMBER = "committee_member", _("Member of the Party committee")
    INSPECTION_CHAIR = "inspection_chair", _("Chair of the inspection commission")
    INSPECTION_MEMBER = "inspection_member", _("Member of the inspection commission")
    COUNCIL_CHAIR = "council_chair", _("Chair of the People's Council")
    COUNCIL_VICE = "council_vice", _("Vice-chair of the People's Council")
    COMMITTEE_CHAIR = "committee_chair", _("Chair of the People's Committee")
    COMMITTEE_VICE = "committee_vice", _("Vice-chair of the People's Committee")
    HEAD = "head", _("Head of a board, department or unit")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of a board, department or unit")
    OTHER = "other", _("Other post")


# The default grade of each title, 1 the highest: a cadre is planned only for a post graded
# above the one they hold. A post's own grade may differ (a post's record says).
TITLE_GRADE = {
    Title.SECRETARY: 1,
    Title.DEPUTY_SECRETARY: 2,
    Title.COUNCIL_CHAIR: 3,
    Title.COMMITTEE_CHAIR: 3,
    Title.STANDING_MEMBER: 4,
    Title.INSPECTION_CHAIR: 4,
    Title.COUNCIL_VICE: 5,
    Title.COMMITTEE_VICE: 5,
    Title.HEAD: 6,
    Title.COMMITTEE_MEMBER: 7,
    Title.DEPUTY_HEAD: 8,
    Title.INSPECTION_MEMBER: 8,
    Title.OTHER: 9,
}


class StateManagement(models.TextChoices):
    """The state-management course a cadre holds (the civil-service grades' standard)."""

    NONE = "none", pgettext_lazy("state management", "None")
    SPECIALIST = "specialist", _("Specialist programme")
    MAIN_SPECIALIST = "main_specialist", _("Main specialist programme")
    SENIOR_SPECIALIST = "senior_specialist", _("Senior specialist programme")


class StaffCategory(models.TextChoices):
    """Who is paid from the budget, and how (HD 11 form 8)."""

    CIVIL_SERVANT = "civil_servant", _("Cadre or civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    CONTRACT_68 = "contract_68", _("Contract under Decree 68")
    OTHER_CONTRACT = "other_contract", _("Other labour contract")
    NOT_BUDGET = "not_budget", _("Not paid from the budget")


class StaffIn(models.TextChoices):
    """How a budget-paid person came in (form 8A, increases)."""

    EXAM = "exam", _("Recruited by examination or selection")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    TALENT = "talent", _("Top graduate or young scientist")
    EXPERIENCED = "experienced", _("Recruited with years of experience")
    OTHER = "other", pgettext_lazy("staff in", "Other way")


class StaffOut(models.TextChoices):
    """How a budget-paid person left (form 8A, decreases)."""

    RETIRED = "retired", _("Retired at the legal age")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    RESIGNED = "resigned", _("Allowed to resign")
    DISMISSED = "dismissed", _("Dismissed")
    OFF_BUDGET = "off_budget", _("Moved off the budget payroll")
    DOWNSIZED = "downsized", _("Left under the downsizing decree")
    OTHER = "other", pgettext_lazy("staff out", "Other reason")


class PlanningState(models.TextChoices):
    """An entry's stored state. An entry still "planned" leaves automatically on a discipline
    decision or past its age limit (derived from the records, `selectors.planning`), until
    the board records the exit."""

    PLANNED = "planned", _("In the planning")
    REMOVED = "removed", _("Removed by decision")
    LEFT = "left", _("Left the planning")
    APPOINTED = "appointed", _("Appointed to the post")


class ExitReason(models.TextChoices):
    DECISION = "decision", _("Removed at a review")
    DISCIPLINE = "discipline", _("Disciplined")
    AGE = "age", _("Past the age limit for a full term")
    APPOINTED = "appointed", _("Appointed to the planned post")
    OTHER = "other", pgettext_lazy("exit reason", "Other reason")


class PlanningDecisionKind(models.TextChoices):
    APPROVAL = "approval", _("Approval of the planning")
    REVIEW = "review", _("Yearly review (additions and removals)")


class AppointmentKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment")
    REAPPOINTMENT = "reappointment", _("Re-appointment")
    NOMINATION = "nomination", _("Nomination for election")
    DISMISSAL = "dismissal", _("Dismissal from the post")
    RESIGNATION = "resignation", _("Resignation")
    SUSPENSION = "suspension", _("Temporary suspension from work")


# the kinds that give a post (the others end or pause one)
GIVING_KINDS = frozenset({AppointmentKind.APPOINTMENT, AppointmentKind.REAPPOINTMENT, AppointmentKind.NOMINATION})


class AppointmentState(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("appointment", "Proposed")
    CONSULTED = "consulted", _("Consulted and voted")
    DECIDED = "decided", pgettext_lazy("appointment", "Decided")
    WITHDRAWN = "withdrawn", pgettext_lazy("appointment", "Withdrawn")


OPEN_APPOINTMENT_STATES = frozenset({AppointmentState.PROPOSED, AppointmentState.CONSULTED})


class MoveKind(models.TextChoices):
    ROTATION = "rotation", _("Rotation")
    TRANSFER = "transfer", _("Transfer (reassignment)")
    PERIODIC = "periodic", _("Periodic change of post (corruption prevention)")


class Direction(models.TextChoices):
    """The columns of form 11 (rotations, counted in persons-times)."""

    CENTRE_TO_PROVINCE = "centre_province", _("Centre to province")
    PROVINCE_TO_DISTRICT = "province_district", _("Province to district")
    DISTRICT_TO_PROVINCE = "district_province", _("District to province")
    DISTRICT_TO_DISTRICT = "district_district", _("District to district")
    PROVINCE_TO_COMMUNE = "province_commune", _("Province to commune")
    DISTRICT_TO_COMMUNE = "district_commune", _("District to commune")
    COMMUNE_TO_PROVINCE = "commune_province", _("Commune to province")
    COMMUNE_TO_DISTRICT = "commune_district", _("Commune to district")
    COMMUNE_TO_COMMUNE = "commune_commune", _("Commune to commune")
    SECTOR_TO_SECTOR = "sector_sector", _("Sector to sector")
    OFFICE_TO_OFFICE = "office_office", _("Office to office")


class CourseKind(models.TextChoices):
    THEORY = "theory", _("Political theory")
    PROFESSIONAL = "professional", _("Professional degree")
    STATE_MANAGEMENT = "state_management", _("State management")
    REFRESHER = "refresher", _("Refresher course")


class CourseLevel(models.TextChoices):
    """What a course completed gives: a theory level, a degree, a state-management programme."""

    THEORY_ELEMENTARY = "theory_elementary", _("Elementary political theory")
    THEORY_INTERMEDIATE = "theory_intermediate", _("Intermediate political theory")
    THEORY_ADVANCED = "theory_advanced", _("Advanced political theory")
    THEORY_BACHELOR = "theory_bachelor", _("Bachelor of political theory")
    BACHELOR = "bachelor", _("University degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")
    SPECIALIST = "specialist", _("State management: specialist")
    MAIN_SPECIALIST = "main_specialist", _("State management: main specialist")
    SENIOR_SPECIALIST = "senior_specialist", _("State management: senior specialist")
    NONE = "none", _("No level (refresher)")


class RefresherTopic(models.TextChoices):
    """The refresher courses of form 10, part II."""

    PARTY_BUILDING = "party_building", _("Party building")
    MASS_WORK = "mass_work", _("Mass-organization work")
    STATE_MANAGEMENT = "state_management", _("State management")
    ECONOMIC_MANAGEMENT = "economic_management", _("Economic management")
    LANGUAGE = "language", _("Foreign language")
    IT = "it", _("Information technology")
    KNOWLEDGE = "knowledge", _("Knowledge updating")
    DEFENCE = "defence", _("Defence and security")
    OTHER = "other", pgettext_lazy("refresher topic", "Other topic")


class CourseMode(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")


class CoursePlace(models.TextChoices):
    DOMESTIC = "domestic", _("In Vietnam")
    ABROAD = "abroad", _("Abroad")
    JOINT = "joint", _("Joint programme")
