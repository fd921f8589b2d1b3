"""The assessment rules by regulation.

- HD 12-HD/BTCTW (2012): the earlier level names, read as the current ones in multi-year views.
- QĐ 132-QĐ/TW (2018, HD 16) and QĐ 124-QĐ/TW (04/10/2023, HD 25): the four current levels,
  judged by criteria without points; "excellent" at most 20 % of those rated "good" or above.
- QĐ 366-QĐ/TW (30/08/2025, HD 43-HD/BTCTW): 100 points, general criteria 30 and task
  results 70, a frame per group (its annexes); levels from 90, 70 and 50 points with task
  conditions (Art. 11). The split of the 30 and 70 points between criteria below is a
  starting frame, to be set from HD 43's annexes by an administrator (admin, rule values);
  the force of the 20 % quota under QĐ 366 is unconfirmed, so it stays configurable.
"""

from django.db import migrations

CURRENT = ["excellent", "good", "completed", "not_completed"]
LEGACY = [
    ["clean_strong_exemplary", "excellent"],
    ["clean_strong", "good"],
    ["org_good", "completed"],
    ["weak", "not_completed"],
    ["qualified_excellent", "excellent"],
    ["qualified_good", "good"],
    ["qualified", "completed"],
    ["breach", "not_completed"],
]
GENERAL = [["politics_ethics", "general", 10], ["innovation", "general", 10], ["self_criticism", "general", 10]]
CRITERIA = {
    "collective": GENERAL + [["collective_tasks", "tasks", 50], ["party_building", "tasks", 20]],
    "leader_central": GENERAL + [["assigned_tasks", "tasks", 35], ["led_unit_results", "tasks", 35]],
    "leader": GENERAL + [["assigned_tasks", "tasks", 35], ["led_unit_results", "tasks", 35]],
    "staff": GENERAL + [["assigned_tasks", "tasks", 50], ["work_products", "tasks", 20]],
    "outside": GENERAL + [["cell_tasks", "tasks", 40], ["local_duties", "tasks", 30]],
}
# [level, % of the tasks done, % done on time, % done beyond the requirement]
LEADING = [["excellent", 100, 100, 30], ["good", 100, 100, 0], ["completed", 100, 80, 0]]
OTHERS = [["excellent", 100, 100, 0], ["good", 100, 100, 0], ["completed", 100, 80, 0]]
CONDITIONS = {"collective": LEADING, "leader_central": LEADING, "leader": LEADING, "staff": OTHERS, "outside": OTHERS}

COMMON = [
    ("assessment.member_levels", CURRENT),
    ("assessment.organization_levels", CURRENT),
    ("assessment.legacy_levels", LEGACY),
    ("assessment.disciplined_level", ["not_completed"]),
    ("assessment.new_member_months", 6),
    ("assessment.new_organization_months", 6),
]

SETS = [
    (
        "hd12-2012",
        "Hướng dẫn 12-HD/BTCTW về nghiệp vụ công tác đảng viên và lập biểu thống kê",
        "Guidance 12-HD/BTCTW on member work and statistical forms",
        "2012-05-17",
        "HD 12-HD/BTCTW",
        [
            ("assessment.member_levels", ["qualified_excellent", "qualified_good", "qualified", "breach"]),
            ("assessment.organization_levels", ["clean_strong_exemplary", "clean_strong", "org_good", "weak"]),
            ("assessment.new_member_months", 6),
            ("assessment.new_organization_months", 6),
        ],
    ),
    (
        "qd132-2018",
        "Quy định 132-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm",
        "Regulation 132-QĐ/TW on the yearly review, assessment and classification",
        "2018-03-08",
        "QĐ 132-QĐ/TW; HD 16-HD/BTCTW",
        [*COMMON, ("assessment.excellent_quota_percent", 20)],
    ),
    (
        "qd124-2023",
        "Quy định 124-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm",
        "Regulation 124-QĐ/TW on the yearly review, assessment and classification",
        "2023-10-04",
        "QĐ 124-QĐ/TW; HD 25-HD/BTCTW",
        [*COMMON, ("assessment.excellent_quota_percent", 20)],
    ),
    (
        "qd366-2025",
        "Quy định 366-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân",
        "Regulation 366-QĐ/TW on the review, assessment and classification of collectives and individuals",
        "2025-08-30",
        "QĐ 366-QĐ/TW; HD 43-HD/BTCTW",
        [
            *COMMON,
            ("assessment.level_min_points", [["excellent", 90], ["good", 70], ["completed", 50]]),
            ("assessment.level_conditions", CONDITIONS),
            ("assessment.criteria", CRITERIA),
            ("assessment.excellent_quota_percent", 20),
        ],
    ),
]
CITATIONS = {
    "assessment.level_min_points": "QĐ 366-QĐ/TW, Điều 11",
    "assessment.level_conditions": "QĐ 366-QĐ/TW, Điều 11",
    "assessment.criteria": "QĐ 366-QĐ/TW, Phụ lục 1–5; HD 43-HD/BTCTW",
    "assessment.excellent_quota_percent": "HD 25-HD/BTCTW (2023); hiệu lực theo QĐ 366-QĐ/TW chưa xác nhận",
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("core", "RuleSet")
    RuleValue = apps.get_model("core", "RuleValue")
    for code, title_vi, title_en, effective, citation, values in SETS:
        rule_set, _ = RuleSet.objects.get_or_create(
            code=code, defaults={"title_vi": title_vi, "title_en": title_en, "effective_from": effective, "citation": citation}
        )
        for key, value in values:
            cited = CITATIONS.get(key, citation) if code == "qd366-2025" else citation
            RuleValue.objects.update_or_create(rule_set=rule_set, key=key, defaults={"value": value, "citation": cited})


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleValue").objects.filter(key__startswith="assessment.").delete()
    apps.get_model("core", "RuleSet").objects.filter(code__in=[s[0] for s in SETS], values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial"), ("core", "0007_text_in_nfc")]
    operations = [migrations.RunPython(seed, unseed)]
