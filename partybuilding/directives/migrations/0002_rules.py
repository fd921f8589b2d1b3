"""The documents' rules.

- QĐ 66-QĐ/TW (06/02/2017) on the kinds, issuing authority and format of Party documents,
  with the codes their numbers carry (HD 36-HD/VPTW, 03/04/2018): 15-NQ/TU, 3-CT/TU…
- The follow-up times a committee sets in its working rules (configurable here; a province
  with other values adds its own rule set): a recipient concretizes a higher resolution
  within 30 days; a task is due soon 5 working days before its deadline; a member who studies
  a resolution writes a study note with their plan of personal action.
"""

from django.db import migrations

# A list, not a mapping: the order is the one reports print (a JSON object's keys lose it).
KINDS = [
    {"code": "NQ", "vi": "Nghị quyết", "en": "Resolution"},
    {"code": "CT", "vi": "Chỉ thị", "en": "Directive"},
    {"code": "KL", "vi": "Kết luận", "en": "Conclusion"},
    {"code": "QĐ", "vi": "Quyết định", "en": "Decision"},
    {"code": "QĐi", "vi": "Quy định", "en": "Regulation"},
    {"code": "QC", "vi": "Quy chế", "en": "Statute"},
    {"code": "TT", "vi": "Thông tri", "en": "Circular"},
    {"code": "HD", "vi": "Hướng dẫn", "en": "Instruction"},
    {"code": "CTr", "vi": "Chương trình", "en": "Programme"},
    {"code": "KH", "vi": "Kế hoạch", "en": "Plan"},
    {"code": "QH", "vi": "Quy hoạch", "en": "Master plan"},
    {"code": "ĐA", "vi": "Đề án", "en": "Scheme"},
    {"code": "DA", "vi": "Dự án", "en": "Project"},
    {"code": "BC", "vi": "Báo cáo", "en": "Report"},
    {"code": "TTr", "vi": "Tờ trình", "en": "Submission"},
    {"code": "TB", "vi": "Thông báo", "en": "Notice"},
    {"code": "CV", "vi": "Công văn", "en": "Official letter"},
]
SETS = [
    (
        "qd66-2017",
        "Quy định 66-QĐ/TW về thể loại, thẩm quyền ban hành và thể thức văn bản của Đảng",
        "Regulation 66-QĐ/TW on the kinds, issuing authority and format of Party documents",
        "2017-02-06",
        "QĐ 66-QĐ/TW; HD 36-HD/VPTW",
        [("directives.kinds", KINDS)],
    ),
    (
        "directives-follow-up",
        "Quy chế làm việc của cấp ủy: theo dõi thực hiện văn bản, nhiệm vụ và học tập nghị quyết",
        "The committee's working rules: following up documents, tasks and the study of resolutions",
        "2017-02-06",
        "Quy chế làm việc của cấp ủy (cấu hình được)",
        [
            ("directives.concretize_within_days", 30),
            ("directives.task_due_soon_working_days", 5),
            ("directives.study_note_required", True),
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
    keys = {key for *_, values in SETS for key, _ in values}
    apps.get_model("core", "RuleValue").objects.filter(key__in=keys).delete()
    apps.get_model("core", "RuleSet").objects.filter(code__in=[s[0] for s in SETS], values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial"), ("core", "0007_text_in_nfc")]
    operations = [migrations.RunPython(seed, unseed)]
