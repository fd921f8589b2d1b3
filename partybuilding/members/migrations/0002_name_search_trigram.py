"""On PostgreSQL, a trigram index serves searches for a word inside a name (a given name)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute("CREATE INDEX IF NOT EXISTS member_name_search_trgm ON members_member USING gin (name_search gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_name_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_member_records")]
    operations = [migrations.RunPython(forwards, backwards)]
