"""On PostgreSQL, the documents' full-text search: a text search configuration that drops the
Vietnamese diacritics (`unaccent`, which also turns "đ" into "d") before the words are
indexed, so that "nghi quyet" finds "Nghị quyết", and a GIN index on the documents' words
(number, subject, summary, text and the text of their PDFs). SQLite searches `search_folded`."""

from django.db import migrations

CONFIG = "pb_unaccent"
VECTOR = (
    f"to_tsvector('{CONFIG}'::regconfig, coalesce(number, '') || ' ' || coalesce(title, '') || ' ' || "
    "coalesce(summary, '') || ' ' || coalesce(text, '') || ' ' || coalesce(files_text, ''))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN "  # noqa: S608 (constants)
        f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple); "
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple; "
        "END IF; END $$"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS document_fts_idx ON directives_document USING gin ({VECTOR})")  # noqa: S608 (constants)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_fts_idx")


class Migration(migrations.Migration):
    dependencies = [("directives", "0002_rules")]
    operations = [migrations.RunPython(forwards, backwards)]
