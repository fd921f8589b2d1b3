"""A cell holds a thematic meeting at least once a quarter (HD 12-HD/BTCTW of 18/01/2022 on
the quality of cell meetings, in force with QĐ 294-QĐ/TW); and the default scoring scheme of
meeting quality from 01/07/2025, on the model of the provinces' own (good ≥ 90 with full
marks on attendance, duration, contributions and minutes; fair 70–<90; average 50–<70;
poor < 50). A province sets its own scheme from a later date on the schemes page."""

import datetime as dt

from django.db import migrations

CITATION = "HD 12-HD/BTCTW (2022)"
CRITERIA = [
    # kind, points, threshold for full points, needed in full for "good"
    ("attendance_rate", 30, 90, True),
    ("duration", 20, 90, True),
    ("contributions", 20, 3, True),
    ("minutes_complete", 20, 1, True),
    ("resolution_adopted", 10, 1, False),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("core", "RuleSet")
    RuleValue = apps.get_model("core", "RuleValue")
    rule_set = RuleSet.objects.filter(code="qd294-2025").first()
    if rule_set:
        RuleValue.objects.create(rule_set=rule_set, key="meeting.thematic_min_per_quarter", value=1, citation=CITATION)
    Scheme = apps.get_model("meetings", "ScoringScheme")
    Criterion = apps.get_model("meetings", "ScoringCriterion")
    scheme = Scheme.objects.create(
        province=None,
        name="Tiêu chí chất lượng sinh hoạt chi bộ (mặc định)",
        effective_from=dt.date(2025, 7, 1),
        good_min=90,
        fair_min=70,
        average_min=50,
        citation=CITATION,
    )
    for kind, points, threshold, required in CRITERIA:
        Criterion.objects.create(scheme=scheme, kind=kind, points=points, threshold=threshold, required_for_good=required)


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleValue").objects.filter(key="meeting.thematic_min_per_quarter").delete()
    apps.get_model("meetings", "ScoringScheme").objects.filter(province__isnull=True, effective_from=dt.date(2025, 7, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("core", "0004_rule_removal_share")]
    operations = [migrations.RunPython(seed, unseed)]
