"""The rules of check-in by QR code: how early it opens, when an arrival is late, and how
often the code shown in the room changes. The cell's working rules (configurable in the
admin), in force from the reform of 01/07/2025."""

from django.db import migrations

CODE = "meetings-checkin"
CITATION = "Quy chế làm việc của chi bộ (cấu hình được)"
VALUES = [
    ("meeting.checkin_opens_minutes_before", 30),
    ("meeting.checkin_late_after_minutes", 15),
    ("meeting.checkin_code_rotates_seconds", 30),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("core", "RuleSet")
    RuleValue = apps.get_model("core", "RuleValue")
    rule_set, _ = RuleSet.objects.get_or_create(
        code=CODE,
        defaults={
            "title_vi": "Quy chế làm việc của chi bộ: điểm danh sinh hoạt bằng mã QR",
            "title_en": "The cell's working rules: meeting check-in by QR code",
            "effective_from": "2025-07-01",
            "citation": CITATION,
        },
    )
    for key, value in VALUES:
        RuleValue.objects.update_or_create(rule_set=rule_set, key=key, defaults={"value": value, "citation": CITATION})


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleValue").objects.filter(key__in=[key for key, _ in VALUES]).delete()
    apps.get_model("core", "RuleSet").objects.filter(code=CODE, values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_checkin_leave_and_device_marks"), ("core", "0007_text_in_nfc")]
    operations = [migrations.RunPython(seed, unseed)]
