"""Lighter writes to the subtree totals, which a bulk import updates by the million
(100,000 members spread over the country: 1.46 million counter rows of the 27 million).

- The organization's own index goes: the unique (organization, key) index serves every
  look-up by organization, and each index is one more write per non-HOT update. Only the
  index is dropped (Django's AlterField would also drop and re-check the foreign key,
  a scan of every row under lock).
- On PostgreSQL, pages keep a tenth free (`fillfactor = 90`), so that an update can put
  the new version beside the old one (a HOT update) and write no index at all. Only pages
  written from now on keep that room: a table filled before this migration gets it when
  rewritten (`VACUUM FULL organizations_subtreetotal`, which locks the table while it runs;
  bench/README.md gives the times).
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "organizations_subtreetotal_organization_id_522450b3"  # the name Django gave it


def lighten(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE organizations_subtreetotal SET (fillfactor = 90)")


def restore(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON organizations_subtreetotal (organization_id)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE organizations_subtreetotal RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_search_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="subtreetotal",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="totals",
                        to="organizations.organization",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(lighten, restore)],
        ),
    ]
