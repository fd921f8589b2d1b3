"""The HD 11-HD/BTCTW forms 1, 2, 2B, 3, 4, 5 and 7: the 2021 set as printed until the
restructuring of 1 July 2025, and the versions from that day (no districts)."""

from django.db import migrations


def load(apps, schema_editor):
    from partybuilding.statistics.loading import load_bundled

    load_bundled(apps.get_model("statistics", "FormVersion"))


class Migration(migrations.Migration):
    dependencies = [("statistics", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
