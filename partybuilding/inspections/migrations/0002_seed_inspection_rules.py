"""The inspection and discipline rules by regulation.

- Party Charter (2011): the forms of discipline by who is disciplined (Art. 35–36), the
  appeal within one month (Art. 38), the suspension of Party activity up to 90 days (Art. 37).
- QĐ 22-QĐ/TW (28/07/2021), then QĐ 296-QĐ/TW (30/05/2025) which replaced it: appeals settled
  within 90 working days (180 at the Centre); denunciations handled within 90 working days,
  extendable by up to 30 with a notice; those not processed; the notice to the state body.
- QĐ 102-QĐ/TW (15/11/2017), Art. 4, then QĐ 69-QĐ/TW (06/07/2022), Art. 6: the time limits (5 years for a violation calling for a
  reprimand, 10 for a warning or dismissal; none for expulsion and the listed matters).
"""

from django.db import migrations

FORMS = {
    "organization": ["reprimand", "warning", "dissolution"],
    "official": ["reprimand", "warning", "dismissal", "expulsion"],
    "probationary": ["reprimand", "warning"],
}
HANDLING = [
    ("appeal.settle_within_working_days", 90),
    ("appeal.settle_within_working_days_centre", 180),
    ("denunciation.handle_within_working_days", 90),
    ("denunciation.extension_max_working_days", 30),
    ("denunciation.not_processed", ["anonymous", "fake_name", "no_address", "repeat", "no_content", "not_competent"]),
    ("discipline.notice_within_days", 5),
    ("discipline.response_within_working_days", 30),
]
SETS = [
    (
        "charter-2011-discipline",
        "Điều lệ Đảng (2011): kỷ luật, khiếu nại kỷ luật, đình chỉ sinh hoạt đảng",
        "Party Charter (2011): discipline, appeals against discipline, suspension of Party activity",
        "2011-01-19",
        "Điều lệ Đảng, Điều 35–38",
        [("discipline.forms", FORMS), ("appeal.file_within_months", 1), ("suspension.max_days", 90)],
    ),
    (
        "qd22-2021",
        "Quy định 22-QĐ/TW về công tác kiểm tra, giám sát và kỷ luật của Đảng",
        "Regulation 22-QĐ/TW on the Party's inspection, supervision and discipline",
        "2021-07-28",
        "QĐ 22-QĐ/TW",
        HANDLING,
    ),
    (
        "qd102-2017",
        "Quy định 102-QĐ/TW về xử lý kỷ luật đảng viên vi phạm",
        "Regulation 102-QĐ/TW on disciplining Party members in violation",
        "2017-11-15",
        "QĐ 102-QĐ/TW, Điều 4",
        [
            ("discipline.time_limit_years", {"reprimand": 5, "warning": 10, "dismissal": 10}),
            ("discipline.no_time_limit_matters", ["expulsion_level", "security", "falsified_records"]),
        ],
    ),
    (
        "qd69-2022",
        "Quy định 69-QĐ/TW về kỷ luật tổ chức đảng, đảng viên vi phạm",
        "Regulation 69-QĐ/TW on disciplining Party organizations and members in violation",
        "2022-07-06",
        "QĐ 69-QĐ/TW, Điều 6",
        [
            ("discipline.time_limit_years", {"reprimand": 5, "warning": 10, "dismissal": 10}),
            ("discipline.no_time_limit_matters", ["expulsion_level", "security", "falsified_records"]),
        ],
    ),
    (
        "qd296-2025",
        "Quy định 296-QĐ/TW về công tác kiểm tra, giám sát và kỷ luật của Đảng",
        "Regulation 296-QĐ/TW on the Party's inspection, supervision and discipline",
        "2025-05-30",
        "QĐ 296-QĐ/TW",
        HANDLING,
    ),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("core", "RuleSet")
    RuleValue = apps.get_model("core", "RuleValue")
    for code, title_vi, title_en, effective, citation, values in SETS:
        rule_set, _ = RuleSet.objects.get_or_create(
            code=code, defaults={"title_vi": title_vi, "title_en": title_en, "effective_from": effective, "citation": citation}
        )
        for key, value in values:
            RuleValue.objects.update_or_create(rule_set=rule_set, key=key, defaults={"value": value, "citation": citation})


def unseed(apps, schema_editor):
    keys = {key for *_, values in SETS for key, _ in values}
    apps.get_model("core", "RuleValue").objects.filter(key__in=keys).delete()
    apps.get_model("core", "RuleSet").objects.filter(code__in=[s[0] for s in SETS], values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial"), ("core", "0007_text_in_nfc")]
    operations = [migrations.RunPython(seed, unseed)]
