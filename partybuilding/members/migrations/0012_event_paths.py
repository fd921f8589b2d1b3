"""The events keep copies of their organizations' paths, so that a place's events of a
period are an index range (the statistical forms' flows). Existing events take the paths
their organizations have now, as moving a subtree keeps them afterwards."""

from django.db import migrations, models

FILL = """
UPDATE members_memberevent SET
  org_path = (SELECT o.path FROM organizations_organization o WHERE o.id = members_memberevent.organization_id),
  to_org_path = COALESCE((SELECT o.path FROM organizations_organization o WHERE o.id = members_memberevent.to_organization_id), '')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_statistics_facts"),
        ("organizations", "0006_subtree_total_lighter_writes"),
    ]

    operations = [
        migrations.AddField(
            model_name="memberevent",
            name="org_path",
            field=models.CharField(default="", editable=False, max_length=80),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="memberevent",
            name="to_org_path",
            field=models.CharField(blank=True, default="", editable=False, max_length=80),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
        migrations.AddIndex(
            model_name="memberevent",
            index=models.Index(fields=["org_path", "date"], name="member_event_path_idx"),
        ),
        migrations.AddIndex(
            model_name="memberevent",
            index=models.Index(fields=["to_org_path", "date"], name="member_event_to_path_idx"),
        ),
    ]
