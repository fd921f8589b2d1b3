from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """What a rule announces; each kind's query is in `sources/`, its words in `texts.py`."""

    MEETING_INVITATION = "meeting_invitation", _("Meeting invitation")
    MEETING_TOMORROW = "meeting_tomorrow", _("Meeting tomorrow")
    MEETING_NEEDS = "meeting_needs", _("What a meeting still needs")
    DUES_DUE = "dues_due", _("Dues due this month")
    DUES_ARREARS = "dues_arrears", _("Dues in arrears")
    TASK_DUE_SOON = "task_due_soon", _("Task due soon")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    STUDY_NOT_DONE = "study_not_done", _("Study not yet done")
    BADGES_DUE = "badges_due", _("Party badges due")
    ADMISSION_DUE_SOON = "admission_due_soon", _("Admission step due soon")
    ADMISSION_OVERDUE = "admission_overdue", _("Admission step overdue")
    TRANSFER_OVERDUE = "transfer_overdue", _("Transfer not received in time")
    APPEAL_DUE_SOON = "appeal_due_soon", _("Appeal to settle soon")
    APPEAL_OVERDUE = "appeal_overdue", _("Appeal not settled in time")
    DENUNCIATION_DUE_SOON = "denunciation_due_soon", _("Denunciation to handle soon")
    DENUNCIATION_OVERDUE = "denunciation_overdue", _("Denunciation not handled in time")


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("each notice at once")
    DIGEST = "digest", _("one daily digest")
    NEVER = "never", _("never")


class DeliveryState(models.TextChoices):
    """An e-mail's way out. Only `pending` is ever sent; `claimed` goes back to `pending`
    when its worker died before trying it; `sending` (a worker died while talking to the
    mail server) becomes `uncertain` and is never sent again: at most once."""

    PENDING = "pending", _("waiting")
    CLAIMED = "claimed", _("taken by a worker")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("refused by the mail server")
    UNCERTAIN = "uncertain", _("interrupted while sending (not sent again)")
