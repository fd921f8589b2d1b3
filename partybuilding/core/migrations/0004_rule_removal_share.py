"""Removing a probationary member from the list needs at least 2/3 of the cell's official
members (QĐ 24-QĐ/TW §8.1, kept by QĐ 294-QĐ/TW)."""

from django.db import migrations

SHARES = {"qd24-2021": "QĐ 24-QĐ/TW, mục 8.1", "qd294-2025": "QĐ 294-QĐ/TW"}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("core", "RuleSet")
    RuleValue = apps.get_model("core", "RuleValue")
    for code, citation in SHARES.items():
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set:
            RuleValue.objects.create(rule_set=rule_set, key="member.removal_probationary_min_share", value="2/3", citation=citation)


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleValue").objects.filter(key="member.removal_probationary_min_share").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_append_only")]
    operations = [migrations.RunPython(seed, unseed)]
