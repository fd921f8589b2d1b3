from django.db import models
from django.utils.translation import gettext_lazy as _


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
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")


class Qualification(models.TextChoices):
    NONE = "none", _("No professional qualification")
    VOCATIONAL = "vocational", _("Vocational")
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
    CIVIL_SERVANT = "civil_servant", _("Civil servant or public employee")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    WORKER = "worker", _("Worker")
    FARMER = "farmer", _("Farmer")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Employee of a private enterprise")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    PUPIL = "pupil", _("High-school student")
    RETIRED = "retired", _("Retired")
    OTHER = "other", _("Other")


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
