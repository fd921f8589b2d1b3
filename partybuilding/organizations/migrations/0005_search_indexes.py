"""Indexes for the organization search (`selectors.search`) on PostgreSQL.

Each word of a search matches a name (`name_search LIKE '%word%'`, the trigram index of
0002) or a code (`UPPER(code) = UPPER(word)`). Without an index on the code's upper case,
PostgreSQL cannot combine the two in a bitmap OR and scanned all 304,152 organizations
of the national tree for every search (150–350 ms); with it, a few ms. A search that
matches most organizations ("chi bo") reads its first page in the list's order from
`(depth, name_search, id)` and stops there instead of sorting 270,000 matches.

SQLite skips them: its tables are small (the demo, the tests).
"""

from django.db import migrations

INDEXES = {
    "org_code_upper_idx": "(UPPER(code::text))",  # what Django's `code__iexact` compares
    "org_depth_name_idx": "(depth, name_search, id)",  # the search's order
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON organizations_organization {columns}")
        # The statistics of UPPER(code): until they exist PostgreSQL guesses that a code
        # matches 1,500 organizations and reads the whole tree in order for it (0.35 s).
        schema_editor.execute("ANALYZE organizations_organization")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_statistics_facts")]
    operations = [migrations.RunPython(create, drop)]
