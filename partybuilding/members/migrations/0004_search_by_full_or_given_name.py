"""Search by the start of the full name or of the given name, each read in index order.

The word-start search over the trigram index had to sort every match (a common family
name matches hundreds of thousands of members); it gives way to a given-name key.
"""

from django.db import migrations, models

from partybuilding.core.text import search_key


def fill_given_search(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    batch = []
    for member in Member.objects.only("pk", "given_name").iterator(chunk_size=5000):
        member.given_search = search_key(member.given_name)
        batch.append(member)
        if len(batch) == 5000:
            Member.objects.bulk_update(batch, ["given_search"])
            batch = []
    Member.objects.bulk_update(batch, ["given_search"])


def drop_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_name_search_trgm")


def create_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS member_name_search_trgm ON members_member USING gin (name_search gin_trgm_ops)")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_add_import_job")]

    operations = [
        migrations.RemoveIndex(model_name="member", name="member_name_search_idx"),
        migrations.AddField(
            model_name="member",
            name="given_search",
            field=models.CharField(default="", editable=False, max_length=40),
        ),
        migrations.RunPython(fill_given_search, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(drop_trigram, create_trigram),
        migrations.AddIndex(model_name="member", index=models.Index(fields=["name_search", "org_path", "id"], name="member_name_idx")),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["given_search", "sort_key", "org_path", "id"], name="member_given_name_idx"),
        ),
    ]
