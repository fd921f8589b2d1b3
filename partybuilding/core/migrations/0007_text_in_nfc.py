"""Text stored before every boundary normalized it (core.nfc, core.sheets) may be in the
decomposed Unicode form (NFD) that Mac keyboards and some Excel files send: rewrite it in
the composed form (NFC), so that exact lookups and unique constraints see one spelling.

Every CharField and TextField of the project's tables, table by table, in batches walked
by primary key; only the rows that change are written (on PostgreSQL the database picks
them: `IS NFC NORMALIZED`). The audit log is left as written: its entries are sealed by
their hashes. A row whose NFC spelling would collide with a row already stored (a unique
value typed both ways) is left as it is and named on the console."""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

from django.db import IntegrityError, migrations, models, transaction

BATCH = 2000
PROJECT_APPS = ("core", "organizations", "accounts", "members", "admissions", "meetings", "dues")
SEALED = {("core", "auditentry")}  # its entries' hashes cover their text


def _text_fields(model: Any) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField)) and not f.primary_key]


def _project_models(apps: Any) -> list[Any]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS
        and (m._meta.app_label, m._meta.model_name) not in SEALED
        and not m._meta.proxy
        and m._meta.managed
    ]


def _candidates(model: Any, fields: list[str], connection: Any) -> Any:
    rows = model._base_manager.using(connection.alias)
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        where = " OR ".join(f"NOT ({quote(model._meta.get_field(name).column)} IS NFC NORMALIZED)" for name in _names(model, fields))
        rows = rows.extra(where=[where])  # noqa: S610 - column names from the models, quoted; no input
    return rows


def _names(model: Any, attnames: list[str]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.attname in attnames]


def _save(model: Any, changed: list[Any], fields: list[str], alias: str) -> int:
    """Write the changed rows; the number written."""
    rows = model._base_manager.using(alias)
    try:
        with transaction.atomic(using=alias):
            rows.bulk_update(changed, fields)
        return len(changed)
    except IntegrityError:
        pass  # a row of the batch collides: write them one by one and leave that one
    written = 0
    for row in changed:
        try:
            with transaction.atomic(using=alias):
                rows.filter(pk=row.pk).update(**{f: getattr(row, f) for f in fields})
            written += 1
        except IntegrityError:
            sys.stdout.write(f"\n  {model._meta.label} #{row.pk}: left decomposed, its NFC spelling is already stored")
    return written


def normalize_table(model: Any, connection: Any, batch: int = BATCH) -> int:
    """Rewrite one table's text in NFC; the number of rows changed."""
    fields = _text_fields(model)
    if not fields:
        return 0
    rows = _candidates(model, fields, connection).order_by("pk").only("pk", *_names(model, fields))
    last: Any = None
    changed_total = 0
    while True:
        page = list((rows.filter(pk__gt=last) if last is not None else rows)[:batch])
        if not page:
            return changed_total
        last = page[-1].pk
        changed = []
        for row in page:
            touched = False
            for name in fields:
                value = getattr(row, name)
                if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                    setattr(row, name, unicodedata.normalize("NFC", value))
                    touched = True
            if touched:
                changed.append(row)
        if changed:
            changed_total += _save(model, changed, fields, connection.alias)


def normalize_stored_text(apps: Any, schema_editor: Any) -> None:
    for model in _project_models(apps):
        normalize_table(model, schema_editor.connection)


class Migration(migrations.Migration):
    atomic = False  # each batch commits on its own: a national database is not one transaction

    dependencies = [
        ("core", "0006_audit_keyed_chain"),
        ("organizations", "0003_recorded_event_kernel"),
        ("accounts", "0003_login_throttle_counters"),
        ("members", "0008_import_runs_as_a_job"),
        ("admissions", "0003_recorded_event_kernel"),
        ("meetings", "0003_recorded_event_kernel"),
        ("dues", "0004_recorded_event_kernel"),
    ]

    operations = [migrations.RunPython(normalize_stored_text, migrations.RunPython.noop, elidable=True)]
