from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out of the system")
    REMOVED = "removed", _("Removed from the list")
    EXPELLED = "expelled", _("Expelled")
    LEFT = "left", _("Left the Party")
    DECEASED = "deceased", _("Deceased")
    # A member of an organization outside the system staying here temporarily: listed by
    # the host, marked, counted by their own organization, not here.
    GUEST = "guest", _("Staying temporarily from outside the system")


IN_LIST = frozenset({MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL})


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Record entered")
    ADMITTED = "admitted", _("Admitted (probationary)")
    RECOGNIZED = "recognized", _("Recognized as official member")
    TRANSFERRED = "transferred", _("Transferred within the system")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out of the system")
    TRANSFERRED_IN = "transferred_in", _("Transferred in from outside the system")
    EXEMPTED = "exempted", _("Exempted from work and activities")
    EXEMPTION_LIFTED = "exemption_lifted", _("Exemption lifted")
    REMOVED = "removed", _("Removed from the list")
    EXPELLED = "expelled", _("Expelled")
    LEFT = "left", _("Left the Party")
    DIED = "died", _("Died")
    REINSTATED = "reinstated", _("Reinstated after an appeal")


class RemovalReason(models.TextChoices):
    """QĐ 24 §8.1: the grounds for removing a member from the list."""

    ABSENT = "absent", _("Missed activities for 3 months in a year without reason")
    DUES = "dues", _("Did not pay dues for 3 months in a year without reason")
    NO_PROGRESS = "no_progress", _("12 months of education without progress")
    STANDARDS = "standards", _("Violated member standards 2 years in a row")
    NOT_RECOGNIZED = "not_recognized", _("Not qualified for official status at the end of probation")


class Religion(models.TextChoices):
    NONE = "none", _("None")
    BUDDHISM = "buddhism", _("Buddhism")
    CATHOLICISM = "catholicism", _("Catholicism")
    PROTESTANTISM = "protestantism", _("Protestantism")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Hòa Hảo Buddhism")
    ISLAM = "islam", _("Islam")
    OTHER = "other", _("Other religion")


class GeneralEducation(models.TextChoices):
    LITERATE = "literate", _("Reads and writes the national script")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")


class Qualification(models.TextChoices):
    NONE = "none", _("No professional qualification")
    VOCATIONAL = "vocational", _("Technical worker, clerk or elementary vocational")
    INTERMEDIATE = "intermediate", _("Intermediate vocational")
    COLLEGE = "college", _("College")
    BACHELOR = "bachelor", _("University")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")


class TheoryLevel(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Occupation(models.TextChoices):
    """The occupation categories of the HD 11 statistical forms 2 and 3 (reports.md)."""

    STATE_OFFICIAL = "state_official", _("Civil servant of a state body above the commune")
    PARTY_OFFICIAL = "party_official", _("Staff of a Party, Front or mass-organization body above the commune")
    COMMUNE_OFFICIAL = "commune_official", _("Commune civil servant or part-time commune staff")
    VILLAGE_STAFF = "village_staff", _("Part-time staff of a village or neighbourhood")
    PUBLIC_EMPLOYEE = "public_employee", _("Employee of a public service unit")
    NONPUBLIC_EMPLOYEE = "nonpublic_employee", _("Employee of a non-public service unit")
    ENTERPRISE_MANAGER = "enterprise_manager", _("Manager of an enterprise")
    ENTERPRISE_STAFF = "enterprise_staff", _("Office staff of an enterprise")
    ENTERPRISE_WORKER = "enterprise_worker", _("Production worker of an enterprise")
    FARMER = "farmer", _("Farmer, forester or fisher")
    ARMED_FORCES = "armed_forces", _("Officer or soldier of the army or police")
    STUDENT = "student", _("University student")
    PUPIL = "pupil", _("School pupil")
    OTHER = "other", _("Other (contract worker, self-employed…)")
    RETIRED = "retired", _("Retired or no longer working")


# Working in the political system: cadres, civil servants, public employees and the armed
# forces (the assessment's "civil servant" rating applies to them).
POLITICAL_SYSTEM_OCCUPATIONS = frozenset(
    {Occupation.STATE_OFFICIAL, Occupation.PARTY_OFFICIAL, Occupation.COMMUNE_OFFICIAL, Occupation.PUBLIC_EMPLOYEE, Occupation.ARMED_FORCES}
)
ENTERPRISE_OCCUPATIONS = frozenset({Occupation.ENTERPRISE_MANAGER, Occupation.ENTERPRISE_STAFF, Occupation.ENTERPRISE_WORKER})


class AcademicTitle(models.TextChoices):
    NONE = "none", pgettext_lazy("academic title", "None")
    ASSOCIATE_PROFESSOR = "associate_professor", _("Associate professor")
    PROFESSOR = "professor", _("Professor")


class CardIssueKind(models.TextChoices):
    """Why a Party card was issued (form 7, III)."""

    FIRST = "first", _("Issued to an official member")
    LOST = "lost", _("Re-issued after loss")
    DAMAGED = "damaged", _("Replaced because damaged")


class RewardForm(models.TextChoices):
    """The rewards form 7 counts (I): a banner, a certificate of merit, a certificate of commendation."""

    BANNER = "banner", _("Banner")
    MERIT = "merit", _("Certificate of merit")
    COMMENDATION = "commendation", _("Certificate of commendation")


# The 54 ethnic groups of Viet Nam (Decision 121-TCTK/PPCĐ), in their official order.
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai", "Ngái", "Ê-đê", "Ba na", "Xơ-Đăng",
    "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu",
    "Gié Triêng", "Mạ", "Khơ-mú", "Co", "Tà-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu ru", "Lào", "La Chí",
    "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Co Lao", "Cống", "Bố Y", "Si La", "Pu Péo",
    "Brâu", "Ơ Đu", "Rơ-măm",
]  # fmt: skip
ETHNICITY_CHOICES = [(f"{n:02d}", name) for n, name in enumerate(ETHNIC_GROUPS, start=1)]
KINH = "01"


class TransferKind(models.TextChoices):
    OFFICIAL = "official", _("Official transfer")
    TEMPORARY = "temporary", _("Temporary transfer")


class TransferStatus(models.TextChoices):
    ISSUED = "issued", _("Letter issued, not yet received")
    RECEIVED = "received", _("Received")
    HELD = "held", _("Held")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Temporary stay ended")


class CommitteeRoleKind(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING = "standing", _("Standing committee member")
    MEMBER = "member", _("Committee member")
    INSPECTION = "inspection", _("Inspection commission member")


class BadgeCase(models.TextChoices):
    REGULAR = "regular", _("On time")
    SERIOUSLY_ILL = "seriously_ill", _("Early: seriously ill")
    POSTHUMOUS = "posthumous", _("Posthumous")
