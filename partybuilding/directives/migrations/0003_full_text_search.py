"""On PostgreSQL, the documents' full-text search: a text search configuration that drops the
Vietnamese diacritics (`unaccent`, which also turns "đ" into "d") before the words are
indexed, so that "nghi quyet" finds "Nghị quyết"; the words of each document (number,
subject, summary, text and the text of its PDFs) kept in a stored generated column, which
PostgreSQL recomputes on every write, with a GIN index on it. A search then never
recomputes a document's words. The models do not name the column: `search.py` reads it.
SQLite searches `search_folded`."""

from django.db import migrations

CONFIG = "pb_unaccent"
WORDS = " || ' ' || ".join(f"coalesce({column}, '')" for column in ("number", "title", "summary", "text", "files_text"))


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
    schema_editor.execute(
        "ALTER TABLE directives_document ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('{CONFIG}'::regconfig, {WORDS})) STORED"
    )
    schema_editor.execute("CREATE INDEX IF NOT EXISTS document_fts_idx ON directives_document USING gin (search_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_fts_idx")
        schema_editor.execute("ALTER TABLE directives_document DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("directives", "0002_rules")]
    operations = [migrations.RunPython(forwards, backwards)]
