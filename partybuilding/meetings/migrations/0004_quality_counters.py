"""The meeting-quality counters ("mq." subtree totals, meetings/totals.py) of the meetings
closed before they were kept: counted once from the meetings, per organization and month,
and added to every ancestor."""

from django.db import migrations
from django.db.models import Count, Sum

from partybuilding.core import paths


def count(apps, schema_editor):  # type: ignore[no-untyped-def]
    Meeting = apps.get_model("meetings", "Meeting")
    Organization = apps.get_model("organizations", "Organization")
    SubtreeTotal = apps.get_model("organizations", "SubtreeTotal")
    rows = (
        Meeting.objects.filter(status="closed", score__isnull=False)
        .values("org_path", "month")
        .annotate(scored=Count("pk"), points=Sum("score"))
        .order_by()
    )
    per_org: dict[tuple[str, str], int] = {}
    for row in rows.iterator(chunk_size=20000):
        month = f"mq.{row['month']:%Y%m}"
        for ancestor in paths.ancestor_paths(row["org_path"]):
            for name, value in (("scored", row["scored"]), ("points", row["points"] or 0)):
                per_org[(ancestor, f"{month}.{name}")] = per_org.get((ancestor, f"{month}.{name}"), 0) + value
    id_by_path = dict(Organization.objects.filter(path__in={path for path, _key in per_org}).values_list("path", "id"))
    SubtreeTotal.objects.bulk_create(
        [
            SubtreeTotal(organization_id=id_by_path[path], key=key, value=value)
            for (path, key), value in per_org.items()
            if path in id_by_path
        ],
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["organization", "key"],
        update_fields=["value"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_recorded_event_kernel"),
        ("organizations", "0003_recorded_event_kernel"),
    ]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
