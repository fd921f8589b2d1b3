"""The disciplines recorded in the assessment app move to the inspection records, where they
are now kept (a decided discipline of the member, by the body named on it)."""

from django.db import migrations

LEVEL_OF_KIND = {
    "central": "centre",
    "province": "province",
    "district": "district",
    "commune": "commune",
    "grassroots_committee": "grassroots",
    "grassroots_cell": "grassroots",
    "sub_committee": "cell",
    "cell": "cell",
}


def move_facts(apps, schema_editor):
    Fact = apps.get_model("assessments", "DisciplineFact")
    Discipline = apps.get_model("inspections", "Discipline")
    for fact in Fact.objects.select_related("member__organization").order_by("pk"):
        member, org = fact.member, fact.member.organization
        official = member.official_date is not None and member.official_date <= fact.date
        Discipline.objects.create(
            organization=org,
            org_path=org.path,
            body="cell" if org.kind == "cell" else "committee",
            level=LEVEL_OF_KIND.get(org.kind, "grassroots"),
            subject="official" if official or fact.form in ("dismissal", "expulsion") else "probationary",
            member=member,
            subject_path=member.org_path,
            violation=fact.note or "—",
            violation_date=fact.date,
            proposed_form=fact.form,
            proposed_on=fact.date,
            concluded_on=fact.date,
            form=fact.form,
            form_in_force=fact.form,
            status="decided",
            status_since=fact.date,
            decision_number=fact.decision_number,
            decision_date=fact.decision_date or fact.date,
            decided_by=fact.decided_by,
            created_by=fact.recorded_by,
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_seed_assessment_rules"), ("inspections", "0002_seed_inspection_rules")]
    operations = [
        migrations.RunPython(move_facts, migrations.RunPython.noop),
        migrations.DeleteModel(name="DisciplineFact"),
    ]
