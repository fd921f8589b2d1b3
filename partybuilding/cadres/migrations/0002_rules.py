"""The cadres' rules.

- QĐ 377-QĐ/TW (2025) on cadre planning: at most 3 cadres planned for a post and 3 posts of
  one level for a cadre; a planned cadre can serve a full term (60 months) in the post; a
  cadre disciplined leaves the planning.
- The retirement ages of the Labour Code 2019 (Art. 169) with the roadmap of Decree
  135/2020/NĐ-CP: from 2021, men 60 years 3 months, raised 3 months a year to 62; women 55
  years 4 months, raised 4 months a year to 60.
- The Law on Cadres and Civil Servants (amended 2019, Art. 82): no appointment for 12 months
  after a reprimand or a warning, 24 months after a dismissal from posts.
- QĐ 80-QĐ/TW (2022) on appointment: a term of 5 years; re-appointment considered at the
  latest 90 working days before the term ends.
- Decree 59/2019/NĐ-CP (Art. 36): periodic change of post every 2 to 5 years for posts prone
  to corruption (3 years here, configurable), listed 90 days before it falls due.
- The structure targets of the legacy QĐ 50-QĐ/TW (2019) until replaced: women at least 25 %,
  young cadres (under 40) at least 15 %; three age groups.
- The standards of posts (political theory, degree, state-management programme) are the
  province's own table (configurable).
"""

from django.db import migrations

RETIREMENT = {
    "M": {"base_year": 2021, "before_months": 720, "start_months": 723, "step_months": 3, "final_months": 744},
    "F": {"base_year": 2021, "before_months": 660, "start_months": 664, "step_months": 4, "final_months": 720},
}
TARGETS = {"women_percent": 25, "young_percent": 15, "young_under_age": 40, "minority_percent": 0, "age_bounds": [45, 55]}
SENIOR = {"theory": "advanced", "qualification": "bachelor", "state_management": "senior_specialist"}
MIDDLE = {"theory": "advanced", "qualification": "bachelor", "state_management": "main_specialist"}
COMMUNE = {"theory": "intermediate", "qualification": "bachelor", "state_management": "specialist"}
STANDARDS = {
    "province": {
        "secretary": SENIOR,
        "deputy_secretary": SENIOR,
        "council_chair": SENIOR,
        "committee_chair": SENIOR,
        "standing_member": SENIOR,
        "*": MIDDLE,
    },
    "commune": {"secretary": MIDDLE, "deputy_secretary": MIDDLE, "committee_chair": MIDDLE, "*": COMMUNE},
    "*": {"*": COMMUNE},
}
SETS = [
    (
        "qd377-2025",
        "Quy định 377-QĐ/TW về công tác quy hoạch cán bộ",
        "Regulation 377-QĐ/TW on cadre planning",
        "2025-01-01",
        "QĐ 377-QĐ/TW",
        [
            ("cadres.planning_max_per_post", 3),
            ("cadres.planning_max_posts_per_cadre", 3),
            ("cadres.full_term_months", 60),
            ("cadres.planning_exit_discipline_forms", ["reprimand", "warning", "dismissal", "expulsion"]),
        ],
    ),
    (
        "labour-code-2019-retirement",
        "Bộ luật Lao động 2019 (Điều 169) và Nghị định 135/2020/NĐ-CP về tuổi nghỉ hưu",
        "Labour Code 2019 (Art. 169) and Decree 135/2020 on the retirement age",
        "2021-01-01",
        "BLLĐ 2019, Điều 169; NĐ 135/2020/NĐ-CP",
        [("cadres.retirement_age", RETIREMENT)],
    ),
    (
        "law-cadres-2019",
        "Luật Cán bộ, công chức (sửa đổi 2019), Điều 82",
        "Law on Cadres and Civil Servants (amended 2019), Art. 82",
        "2020-07-01",
        "Luật CBCC sửa đổi 2019, Điều 82",
        [("cadres.discipline_bar_months", {"reprimand": 12, "warning": 12, "dismissal": 24, "expulsion": 1200})],
    ),
    (
        "qd80-2022",
        "Quy định 80-QĐ/TW về phân cấp quản lý cán bộ và bổ nhiệm, giới thiệu cán bộ ứng cử",
        "Regulation 80-QĐ/TW on the management, appointment and nomination of cadres",
        "2022-08-18",
        "QĐ 80-QĐ/TW",
        [
            ("cadres.reappointment_notice_working_days", 90),
            ("cadres.appointment_term_months", 60),
            ("cadres.appointment_min_months_in_post", 12),
        ],
    ),
    (
        "nd59-2019",
        "Nghị định 59/2019/NĐ-CP (Điều 36): định kỳ chuyển đổi vị trí công tác",
        "Decree 59/2019 (Art. 36): periodic change of post",
        "2019-08-15",
        "NĐ 59/2019/NĐ-CP, Điều 36",
        [("cadres.periodic_change_months", 36), ("cadres.periodic_change_notice_days", 90)],
    ),
    (
        "qd50-2019-structure",
        "Quy định 50-QĐ/TW về quy hoạch cán bộ: cơ cấu (mặc định đến khi có quy định thay thế)",
        "Regulation 50-QĐ/TW on cadre planning: the structure targets (the default until replaced)",
        "2019-12-27",
        "QĐ 50-QĐ/TW",
        [("cadres.structure_targets", TARGETS)],
    ),
    (
        "post-standards",
        "Tiêu chuẩn chức danh cán bộ của tỉnh (cấu hình được)",
        "The province's standards of posts (configurable)",
        "2019-12-27",
        "Tiêu chuẩn chức danh (QĐ 214-QĐ/TW và quy định của tỉnh)",
        [("cadres.post_standards", STANDARDS)],
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
    dependencies = [("cadres", "0001_initial"), ("core", "0007_text_in_nfc")]
    operations = [migrations.RunPython(seed, unseed)]
