"""The rules in force everywhere from the start: every kind on, with its usual days (an
organization adds its own rule below to change them or switch a kind off)."""

import datetime as dt

from django.db import migrations

DEFAULTS = {
    "meeting_invitation": 14,  # days before the meeting (as Hà Nội sends the documents)
    "meeting_tomorrow": 1,  # the day before
    "meeting_needs": 16,  # two days before the invitations go out
    "dues_due": 10,  # day of the month
    "dues_arrears": 10,  # day of the month
    "task_due_soon": 3,  # days before the deadline
    "task_overdue": 1,  # days after the deadline
    "study_not_done": 7,  # days before the campaign's deadline
    "badges_due": 45,  # days before the award day
    "admission_due_soon": 7,  # days before the candidate's next deadline
    "admission_overdue": 1,  # days after it
    "transfer_overdue": 1,  # days after the letter was to be presented
    "appeal_due_soon": 7,  # days before the appeal is to be settled
    "appeal_overdue": 1,  # days after
    "denunciation_due_soon": 7,  # days before the denunciation is to be handled
    "denunciation_overdue": 1,  # days after
}
START = dt.date(2025, 1, 1)


def seed(apps, schema_editor):
    Rule = apps.get_model("notifications", "NotificationRule")
    for kind, days in DEFAULTS.items():
        Rule.objects.get_or_create(kind=kind, organization=None, valid_from=START, defaults={"days": days, "org_path": ""})


def unseed(apps, schema_editor):
    Rule = apps.get_model("notifications", "NotificationRule")
    Rule.objects.filter(organization=None, valid_from=START, kind__in=list(DEFAULTS), notices__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_add_notifications")]
    operations = [migrations.RunPython(seed, unseed)]
