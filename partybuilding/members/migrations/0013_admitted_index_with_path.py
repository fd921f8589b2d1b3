"""The admission dates' index also holds the organization's path and the status, so that the
members of a node admitted between two days are found inside the index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0012_event_paths")]

    operations = [
        migrations.RemoveIndex(model_name="member", name="member_admitted_idx"),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["admission_date", "id", "org_path", "status"], name="member_admitted_idx"),
        ),
    ]
