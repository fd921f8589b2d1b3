"""The dues rules: QĐ 342-QĐ/TW (28/12/2010) until QĐ 01-QĐ/TW (3/2/2026) replaced it.

Both take 1% of the previous month's social-insurance salary base and 0.5% of a pension.
QĐ 342 exempted no member for Party age (0 means none). QĐ 01 exempts members from 50 years of Party age and allows exemptions for hardship and
reductions of 30/50/70% for at most 12 months by a decision. No figure is recorded here
for QĐ 342's exemptions and reductions: a relief dated before QĐ 01 is refused until an
administrator records that regulation's numbers (admin, rule values)."""

from django.db import migrations

SETS = [
    (
        "qd342-2010",
        "Quy định 342-QĐ/TW về chế độ đảng phí",
        "Regulation 342-QĐ/TW on Party dues",
        "2010-12-28",
        "QĐ 342-QĐ/TW",
        [("dues.salary_rate_percent", 1), ("dues.pension_rate_percent", 0.5), ("dues.exempt_party_age_years", 0)],
    ),
    (
        "qd01-2026",
        "Quy định 01-QĐ/TW về chế độ đảng phí",
        "Regulation 01-QĐ/TW on Party dues",
        "2026-02-03",
        "QĐ 01-QĐ/TW",
        [
            ("dues.salary_rate_percent", 1),
            ("dues.pension_rate_percent", 0.5),
            ("dues.exempt_party_age_years", 50),
            ("dues.reduction_percents", [30, 50, 70]),
            ("dues.relief_max_months", 12),
        ],
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
    apps.get_model("core", "RuleSet").objects.filter(code__in=[s[0] for s in SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_add_dues"), ("core", "0004_rule_removal_share")]
    operations = [migrations.RunPython(seed, unseed)]
