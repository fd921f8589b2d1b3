"""The rule sets whose numbers are known: the 2011 Charter, QĐ 24-QĐ/TW (2021) before the 2025 reform, and
QĐ 294-QĐ/TW from 1 July 2025 (no district level). Later migrations add sets as new
regulations take effect; edit values in the admin, never in code."""

from django.db import migrations

BEFORE_2025 = {
    "": ["central", "province"],
    "central": ["province"],
    "province": ["district", "grassroots_committee", "grassroots_cell"],
    "district": ["grassroots_committee", "grassroots_cell"],
    "grassroots_committee": ["sub_committee", "cell"],
    "sub_committee": ["cell"],
}
FROM_2025 = {
    "": ["central", "province"],
    "central": ["province"],
    "province": ["commune", "grassroots_committee", "grassroots_cell"],
    "commune": ["grassroots_committee", "grassroots_cell"],
    "grassroots_committee": ["sub_committee", "cell"],
    "sub_committee": ["cell"],
}

# (key, value, article) with the same numbers in both sets; {doc} is the set's own regulation.
COMMON = [
    ("org.grassroots_min_official_members", 3, "Điều lệ Đảng, Điều 21"),
    ("org.grassroots_committee_min_members", 30, "Điều lệ Đảng, Điều 21"),
    ("org.cell_committee_min_official_members", 9, "Điều lệ Đảng, Điều 24"),
    ("org.cell_committee_max_size", 7, "Điều lệ Đảng, Điều 24"),
    ("member.probation_months", 12, "Điều lệ Đảng, Điều 5"),
    ("admission.min_age_years", 18, "Điều lệ Đảng, Điều 1"),
    ("admission.max_age_years", 60, "{doc}"),
    ("admission.introducer_known_months", 12, "Điều lệ Đảng, Điều 4; {doc}"),
    ("admission.awareness_certificate_valid_years", 5, "{doc}"),
    ("admission.ceremony_within_working_days", 30, "{doc}"),
    ("admission.recognition_within_working_days", 30, "Điều lệ Đảng, Điều 5; {doc}"),
    ("badge.milestones_years", [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90], "HD 01-HD/TW (2021), mục 18"),
    ("badge.award_days", ["03/02", "19/05", "02/09", "07/11"], "HD 01-HD/TW (2021), mục 18"),
    ("badge.early_months_seriously_ill", 12, "HD 01-HD/TW (2021), mục 18"),
    ("badge.early_months_seriously_ill_70", 24, "HD 01-HD/TW (2021), mục 18"),
    ("badge.early_months_posthumous", 12, "HD 01-HD/TW (2021), mục 18"),
    ("transfer.apply_within_working_days", 60, "{doc}"),
    ("transfer.present_letter_within_days", 30, "{doc}"),
    ("transfer.temporary_min_months", 3, "{doc}"),
    ("transfer.temporary_max_months", 12, "{doc}"),
    ("transfer.training_max_months", 24, "{doc}"),
    ("removal.unexcused_months_per_year", 3, "{doc}"),
]

# The 2011 Charter itself, before its implementing regulations' numbers are recorded.
CHARTER_KEYS = {
    "org.grassroots_min_official_members",
    "org.grassroots_committee_min_members",
    "org.cell_committee_min_official_members",
    "org.cell_committee_max_size",
    "member.probation_months",
    "admission.min_age_years",
}

SETS = [
    (
        "charter-2011",
        "Điều lệ Đảng (Đại hội XI, 2011)",
        "Party Charter (11th Congress, 2011)",
        "2011-01-19",
        "Điều lệ Đảng (2011)",
        BEFORE_2025,
    ),
    (
        "qd24-2021",
        "Quy định 24-QĐ/TW thi hành Điều lệ Đảng (cấp huyện còn tồn tại)",
        "Regulation 24-QĐ/TW implementing the Party Charter (district level still in place)",
        "2021-07-30",
        "QĐ 24-QĐ/TW",
        BEFORE_2025,
    ),
    (
        "qd294-2025",
        "Quy định 294-QĐ/TW thi hành Điều lệ Đảng (tổ chức chính quyền hai cấp)",
        "Regulation 294-QĐ/TW implementing the Party Charter (two-level local government)",
        "2025-07-01",
        "QĐ 294-QĐ/TW",
        FROM_2025,
    ),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("core", "RuleSet")
    RuleValue = apps.get_model("core", "RuleValue")
    for code, title_vi, title_en, effective, citation, structure in SETS:
        rule_set = RuleSet.objects.create(code=code, title_vi=title_vi, title_en=title_en, effective_from=effective, citation=citation)
        RuleValue.objects.create(rule_set=rule_set, key="org.allowed_children", value=structure, citation=citation)
        for key, value, article in COMMON:
            if code == "charter-2011" and key not in CHARTER_KEYS:
                continue
            RuleValue.objects.create(rule_set=rule_set, key=key, value=value, citation=article.format(doc=citation))


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleSet").objects.filter(code__in=[s[0] for s in SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
