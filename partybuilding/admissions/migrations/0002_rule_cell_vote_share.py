"""A cell's resolution to admit an applicant, and its proposal to recognize a probationary
member as official, need the votes of at least 2/3 of the cell's official members
(Điều lệ Đảng, Điều 4 and Điều 5; kept by QĐ 24-QĐ/TW and QĐ 294-QĐ/TW)."""

from django.db import migrations

KEY = "admission.cell_vote_min_share"
SHARES = {
    "charter-2011": "Điều lệ Đảng, Điều 4, Điều 5",
    "qd24-2021": "Điều lệ Đảng, Điều 4, Điều 5; QĐ 24-QĐ/TW",
    "qd294-2025": "Điều lệ Đảng, Điều 4, Điều 5; QĐ 294-QĐ/TW",
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("core", "RuleSet")
    RuleValue = apps.get_model("core", "RuleValue")
    for code, citation in SHARES.items():
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set:
            RuleValue.objects.create(rule_set=rule_set, key=KEY, value="2/3", citation=citation)


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleValue").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("admissions", "0001_initial"), ("core", "0004_rule_removal_share")]
    operations = [migrations.RunPython(seed, unseed)]
