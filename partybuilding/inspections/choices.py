"""The codes of inspection work: who inspects, which kind of case, what it looks at and how
it ends (the columns of the UBKT statistical forms, QĐ 885-QĐ/UBKTTW), the forms of
discipline by subject, appeals, and denunciations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Body(models.TextChoices):
    """Who conducts a programme or a case, decides a discipline or settles an appeal: the
    statistical forms count committees (Charter Art. 30) apart from inspection commissions."""

    COMMITTEE = "committee", _("Party committee")
    STANDING = "standing", _("Standing committee")
    COMMISSION = "commission", _("Inspection commission")
    CELL = "cell", _("Party cell")


COMMITTEE_BODIES = (Body.COMMITTEE, Body.STANDING, Body.CELL)  # "by Party committees" on the forms


class CaseKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection (regular, Charter Art. 30)")
    SIGNS = "signs", _("Inspection on signs of violation")
    DISCIPLINE_APPLIED = "discipline_applied", _("Inspection of how discipline is applied")
    INSPECTION_TASKS = "inspection_tasks", _("Inspection of the inspection and supervision tasks of lower levels")
    FINANCE = "finance", _("Inspection of Party finance and dues")
    SUPERVISION = "supervision", _("Supervision (regular)")
    THEMATIC = "thematic", _("Supervision (thematic)")


SUPERVISIONS = (CaseKind.SUPERVISION, CaseKind.THEMATIC)
# kinds whose subject is always an organization
ORGANIZATION_ONLY = (CaseKind.DISCIPLINE_APPLIED, CaseKind.INSPECTION_TASKS, CaseKind.FINANCE)


class SubjectKind(models.TextChoices):
    ORGANIZATION = "organization", _("Party organization")
    MEMBER = "member", _("Party member")


class CaseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", pgettext_lazy("case", "Open")
    CONCLUDED = "concluded", _("Concluded")
    CANCELLED = "cancelled", _("Cancelled")


class MemberContent(models.TextChoices):
    """What a case or a violation of a member is about (the content columns of the forms)."""

    DEMOCRATIC_CENTRALISM = "democratic_centralism", _("Democratic centralism and working rules")
    ETHICS = "ethics", _("Political ideology, ethics and lifestyle")
    UNITY = "unity", _("Internal unity")
    DUTIES = "duties", _("Duties assigned")
    FORBIDDEN = "forbidden", _("Things members must not do")
    POPULATION = "population", _("Population and family planning")
    CORRUPTION = "corruption", _("Corruption and deliberate wrongdoing")
    IRRESPONSIBILITY = "irresponsibility", _("Irresponsibility and lax leadership")
    LAND = "land", _("Land, resources and minerals")
    FINANCE = "finance", _("Finance, banking, investment and capital construction")
    ASSETS = "assets", _("Declaration of assets and income")
    OTHER = "other", _("Other")


class OrganizationContent(models.TextChoices):
    RESOLUTIONS = "resolutions", _("Party resolutions, directives and conclusions")
    LAW = "law", _("State policy and law")
    WORKING_RULES = "working_rules", _("Working rules, democratic centralism and internal unity")
    CADRES = "cadres", _("Cadre work")
    THRIFT = "thrift", _("Thrift and anti-waste")
    COMPLAINTS = "complaints", _("Handling of complaints and denunciations")
    FINANCE = "finance", _("Party finance and dues")
    PLAN = "plan", _("The inspection and supervision plan and its leadership")
    OTHER = "other", _("Other")


class CaseResult(models.TextChoices):
    """How a case ends: the conclusion columns of the forms."""

    GOOD = "good", _("Performing well")
    SHORTCOMINGS = "shortcomings", _("Shortcomings found")
    VIOLATION = "violation", _("Violation found")
    REFERRED = "referred", _("Signs of violation, passed to inspection")  # supervisions


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("To be remedied")
    DONE = "done", _("Remedied")
    DROPPED = "dropped", _("No longer applicable")


class DisciplineForm(models.TextChoices):
    """Every form of discipline; which apply to whom is the dated rule `discipline.forms`."""

    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", pgettext_lazy("discipline form", "Warning")
    DISMISSAL = "dismissal", _("Dismissal from posts")
    EXPULSION = "expulsion", _("Expulsion")
    DISSOLUTION = "dissolution", _("Dissolution")


# the gravity of each form, to tell an appeal's change "increased" from "reduced"
GRAVITY = {
    DisciplineForm.REPRIMAND: 1,
    DisciplineForm.WARNING: 2,
    DisciplineForm.DISMISSAL: 3,
    DisciplineForm.EXPULSION: 4,
    DisciplineForm.DISSOLUTION: 4,
}


class DisciplineSubject(models.TextChoices):
    """Who is disciplined: the forms allowed differ (Charter Art. 36, QĐ 69-QĐ/TW)."""

    ORGANIZATION = "organization", _("Party organization")
    OFFICIAL = "official", _("Official member")
    PROBATIONARY = "probationary", _("Probationary member")


class DisciplineStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("In force")
    NOT_DISCIPLINED = "not_disciplined", _("Not disciplined")
    EXPIRED = "expired", _("Time limit run out")
    ANNULLED = "annulled", _("Annulled")


class Level(models.TextChoices):
    """The level of the deciding or settling body, as the forms' columns count them."""

    CENTRE = "centre", _("Centre")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before 07/2025)")
    COMMUNE = "commune", _("Commune level")
    GRASSROOTS = "grassroots", _("Grassroots")
    CELL = "cell", _("Party cell")


class AppealStatus(models.TextChoices):
    FILED = "filed", _("Being handled")
    REFUSED = "refused", _("Not accepted")
    SETTLED = "settled", _("Settled")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Form kept")
    INCREASED = "increased", _("Form increased")
    REDUCED = "reduced", _("Form reduced")
    ANNULLED = "annulled", _("Discipline annulled")


class AppealGround(models.TextChoices):
    VIOLATION = "violation", _("The violation")
    FORM = "form", _("The form of discipline")
    PROCEDURE = "procedure", _("Principle, procedure and authority")


class Channel(models.TextChoices):
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("E-mail or web portal")
    PHONE = "phone", _("Telephone")
    FORWARDED = "forwarded", _("Forwarded by another body")
    PRESS = "press", _("Press or media")


class PetitionKind(models.TextChoices):
    DENUNCIATION = "denunciation", _("Denunciation")
    PETITION = "petition", _("Petition or recommendation")
    COMPLAINT = "complaint", _("Complaint")


class DenunciationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    NOT_PROCESSED = "not_processed", _("Not processed")
    HANDLING = "handling", _("Being handled")
    CONCLUDED = "concluded", _("Concluded")
    NOTIFIED = "notified", _("Result notified")


class NotProcessed(models.TextChoices):
    """Why a denunciation is recorded but not processed (each with the rule that says so)."""

    ANONYMOUS = "anonymous", _("Anonymous")
    FAKE_NAME = "fake_name", _("Under a false name")
    NO_ADDRESS = "no_address", _("Without a clear address")
    REPEAT = "repeat", _("Repeated without new evidence")
    NOT_COMPETENT = "not_competent", _("Not within this body's competence")
    NO_CONTENT = "no_content", _("No specific content or evidence")


class Finding(models.TextChoices):
    """The result of a denunciation."""

    TRUE = "true", _("True")
    PARTLY = "partly", _("Partly true")
    FALSE = "false", _("False")


class NoLimitMatter(models.TextChoices):
    """Violations disciplined whatever time has passed (QĐ 69-QĐ/TW, Art. 6): the list in
    force is the dated rule `discipline.no_time_limit_matters`."""

    EXPULSION_LEVEL = "expulsion_level", _("Violation at the level of expulsion")
    SECURITY = "security", _("Internal politics, national defence, security or foreign affairs, harming the national interest")
    FALSIFIED_RECORDS = "falsified_records", _("Falsified diplomas, certificates or records to enter the Party or obtain a post")


class ChangeReason(models.TextChoices):
    """Why an appeal changed a discipline (a column group of the forms)."""

    POLICY = "policy", _("Policy on applying discipline")
    VERIFICATION = "verification", _("Further verification")
    OTHER = "other", _("Other")
