"""Import 100,000 member rows from Excel into PostgreSQL, side by side: this project's
import (`partybuilding.members.imports`) and django-import-export's, the same file into
the same Member model.

    scripts/with-postgres.sh .venv/bin/python bench/import_bench.py               # 100,000 rows
    scripts/with-postgres.sh .venv/bin/python bench/import_bench.py --rows 2000   # smoke run

It builds an organization tree (bench/generate.py at --scale), generates realistic members
(partybuilding/demo/members.py) spread over its cells, writes them to an .xlsx file in the
import template's layout (one header row), and then:

- ours: read with python-calamine, check every row (the rules, duplicates, scope,
  identifiers on record), write the members with their membership periods, events, one
  audit entry each and the subtree counters; then checks the counters (`recompute`) and
  the audit chain;
- django-import-export: a ModelResource mapping the same columns (organization by code,
  the choices by the same spellings), creating members only — no check of the rules, no
  events, periods, audit entries or counters. In its bulk mode (`use_bulk`, `skip_diff`:
  its fastest) on the whole file: the ratio is taken from this run. Out of the box (a
  save and a diff per row: 4–6 ms a row, ten minutes for the file) it runs on the file's
  first --default-mode-rows rows (default 5,000), extrapolated.

The members are removed between the runs (the audit entries stay: the log is append-only).
Results go to bench/out/import_results.json.

National case: 100,000 rows into the database in DATABASE_URL as it is (the national data
set, 5.5 M members and their counters: bench/run_members.py), then everything it added is
taken away again. Run it under the lock the national benchmarks share:

    flock /tmp/national.lock .venv/bin/python bench/import_bench.py --national              # both files
    flock /tmp/national.lock .venv/bin/python bench/import_bench.py --national --files province

Two files: `province`, the cells of the largest province (one province's file), and
`country`, --cells cells drawn across the country. Card numbers and citizen IDs already on
record are drawn again. After the import, the "m." counters of every organization above the
file's cells must have moved by exactly what the imported members count (recounted from
their rows as `totals_check` does); then the members, their periods and events and the
counters (to the values they had, rows the import created included) are removed. The
import's audit entries stay (the log is append-only) and the chain is verified. See
bench/national_import.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

OUT = Path(__file__).resolve().parent / "out"


class PhaseClock:
    """The import's progress callback, kept as the time when each phase last reported."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.ends: dict[str, float] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.ends[phase] = time.perf_counter() - self.start

    def laps(self) -> dict[str, float]:
        laps, last = {}, 0.0
        for phase, end in self.ends.items():
            laps[phase] = end - last
            last = end
        return laps


def make_file(path: Path, rows: int, seed: int) -> int:
    from partybuilding.demo.members import Generator
    from partybuilding.members import imports
    from partybuilding.members.records.services import MEMBER_HOMES
    from partybuilding.organizations.models import Organization

    homes = list(Organization.objects.filter(kind__in=MEMBER_HOMES, status="active").order_by("path"))
    candidates = Generator(seed).members(homes, rows)
    # One header row (django-import-export reads one), shared strings as Excel saves them.
    imports.write_workbook(path, (imports.candidate_cells(c) for c in candidates), english_header=False, shared_strings=True)
    return len(homes)


def importer() -> Any:
    from partybuilding.accounts.choices import Role
    from partybuilding.accounts.models import RoleAssignment, User
    from partybuilding.organizations.models import Organization

    user = User.objects.create_user(username="bench.importer", password=None, full_name="Bench importer")
    RoleAssignment.objects.create(user=user, role=Role.ORGANIZING_OFFICER, organization=Organization.objects.get(parent=None))
    return user


def run_ours(path: Path, user: Any) -> dict[str, Any]:
    from partybuilding.core.audit import audit_verify
    from partybuilding.core.scope import Action
    from partybuilding.members import imports
    from partybuilding.organizations import totals
    from partybuilding.organizations.models import Organization

    clock = PhaseClock()
    within = Organization.objects.visible_to(user, Action.MANAGE_MEMBERS)
    report = imports.import_file(path, within=within, actor=user, progress=clock)
    seconds = time.perf_counter() - clock.start
    if not report.ok:
        raise SystemExit(f"our import refused rows: {[i.text for i in report.issues[:5]]}")
    started = time.perf_counter()
    drift = totals.recompute(prefixes=["m."])
    recompute_s = time.perf_counter() - started
    started = time.perf_counter()
    chain = audit_verify()
    return {
        "seconds": round(seconds, 2),
        "phases": {k: round(v, 2) for k, v in clock.laps().items()},
        "imported": report.imported,
        "counter_drift": len(drift),
        "recompute_seconds": round(recompute_s, 2),
        "audit_entries": chain.entries,
        "audit_chain_ok": chain.ok,
        "audit_verify_seconds": round(time.perf_counter() - started, 2),
    }


def counts() -> dict[str, int]:
    from partybuilding.core.models import AuditEntry
    from partybuilding.members.models import Member, MemberEvent, Membership

    return {
        "members": Member.objects.count(),
        "memberships": Membership.objects.count(),
        "events": MemberEvent.objects.count(),
        "audit_entries": AuditEntry.objects.count(),
    }


def remove_members() -> None:
    """Empty the member tables between runs (the audit log is append-only: it stays)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_memberevent, members_membership, members_member CASCADE")
        cursor.execute("DELETE FROM organizations_subtreetotal WHERE key LIKE 'm.%%'")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE members_member, members_memberevent, members_membership")


def member_resource(bulk: bool) -> Any:
    """django-import-export's resource for the template's columns, as one would write it."""
    from import_export import fields, resources, widgets

    from partybuilding.core.text import search_key, vietnamese_sort_key
    from partybuilding.members.imports import COLUMNS
    from partybuilding.members.imports.columns import choice_value
    from partybuilding.members.models import Member
    from partybuilding.organizations.models import Organization

    class ChoiceWidget(widgets.Widget):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            return choice_value(self.name, str(value)) if value not in (None, "") else None

    def widget(name: str) -> Any:
        if name == "organization":
            return widgets.ForeignKeyWidget(Organization, "code")
        if name in ("date_of_birth", "admission_date", "official_date"):
            return widgets.DateWidget(format="%d/%m/%Y")
        if name in ("gender", "ethnicity", "religion", "education", "qualification", "theory", "occupation"):
            return ChoiceWidget(name)
        if name in ("citizen_id", "card_number"):
            return widgets.CharWidget(allow_blank=False)  # NULL, not "", for the unique columns
        return widgets.CharWidget()

    declared = {
        c.field: fields.Field(attribute=c.field, column_name=c.vi + (" *" if c.required else ""), widget=widget(c.field)) for c in COLUMNS
    }

    class Meta:
        model = Member
        fields = tuple(declared)
        import_id_fields = ("card_number",)
        force_init_instance = True  # every row is a new member: no look-up per row
        use_bulk = bulk
        skip_diff = bulk
        batch_size = 1000

    def before_save_instance(self: Any, instance: Member, row: Any, **kwargs: Any) -> None:
        # What the model needs and the resource cannot map from a column.
        instance.org_path = instance.organization.path
        instance.full_name = " ".join(p for p in (instance.family_name, instance.middle_name, instance.given_name) if p)
        instance.name_search = search_key(instance.full_name)
        instance.sort_key = vietnamese_sort_key(instance.given_name, instance.family_name, instance.middle_name)
        instance.status = "official" if instance.official_date else "probationary"
        instance.status_since = instance.official_date or instance.admission_date
        for name in ("ethnicity", "religion", "education", "qualification", "theory", "occupation"):
            if getattr(instance, name) is None:
                setattr(instance, name, Member._meta.get_field(name).get_default())

    attrs = {**declared, "Meta": Meta, "before_save_instance": before_save_instance, "__module__": __name__}
    return type("MemberResource", (resources.ModelResource,), attrs)()


def run_import_export(path: Path, bulk: bool, rows: int | None = None) -> dict[str, Any]:
    """Load the file as django-import-export does (tablib, openpyxl) and import it; with
    `rows`, import only the first rows and extrapolate the import to the whole file."""
    import tablib

    started = time.perf_counter()
    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    loaded = time.perf_counter() - started
    total = len(dataset)
    if rows is not None and rows < total:
        dataset = tablib.Dataset(*dataset[:rows], headers=dataset.headers)
    started_import = time.perf_counter()
    result = member_resource(bulk).import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    imported = time.perf_counter() - started_import
    whole = imported * total / len(dataset)
    return {
        "seconds": round(loaded + whole, 2),
        "phases": {"load the file (tablib, openpyxl)": round(loaded, 2), "import_data": round(whole, 2)},
        "rows": len(dataset),
        "extrapolated_from_rows": len(dataset) if len(dataset) < total else None,
        "errors": result.has_errors() or result.has_validation_errors(),
    }


def timed(label: str, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    print(f"{label} …", flush=True)
    result = run()
    result.update(counts())
    print(f"  {result['seconds']:.1f} s  {json.dumps({k: v for k, v in result.items() if k != 'seconds'}, ensure_ascii=False)}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--scale", type=float, default=0.02, help="of the national organization tree (bench/generate.py)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--skip-import-export", action="store_true", help="time only this project's import")
    parser.add_argument("--default-mode-rows", type=int, default=5000, help="rows for django-import-export out of the box (0: skip)")
    parser.add_argument("--national", action="store_true", help="import into the database as it is, then remove what was added")
    parser.add_argument("--files", default="province,country", help="national case: which files (province, country)")
    parser.add_argument("--cells", type=int, default=20_000, help="national case: cells drawn across the country")
    args = parser.parse_args(argv)
    generate.setup_django()
    if args.national:
        import national_import

        national_import.main(args)
        return
    if not args.skip_import_export:
        try:
            import import_export  # noqa: F401
        except ImportError:
            raise SystemExit("django-import-export is missing: .venv/bin/pip install -r bench/requirements.txt") from None

    tree = generate.build(args.scale, args.seed)
    print(f"tree: {sum(tree.organizations.values()):,} organizations in {tree.total_seconds:.1f} s")
    path = OUT / f"members-{args.rows}.xlsx"
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    homes = make_file(path, args.rows, args.seed)
    print(
        f"file: {args.rows:,} rows over {homes:,} cells, {path.stat().st_size / 1e6:.1f} MB, written in {time.perf_counter() - started:.1f} s"
    )
    user = importer()

    results: dict[str, Any] = {"rows": args.rows, "scale": args.scale, "environment": generate_environment()}
    results["ours"] = timed("this project's import", lambda: run_ours(path, user))
    if not args.skip_import_export:
        remove_members()
        results["import_export_bulk"] = timed("django-import-export, bulk mode", lambda: run_import_export(path, bulk=True))
        results["ratio_import_export_bulk"] = round(results["import_export_bulk"]["seconds"] / results["ours"]["seconds"], 1)
        summary = f"\nours {results['ours']['seconds']:.1f} s; django-import-export, bulk mode, {results['import_export_bulk']['seconds']:.1f} s ({results['ratio_import_export_bulk']}× ours)"
        if args.default_mode_rows:
            remove_members()
            label = f"django-import-export, default mode, first {args.default_mode_rows:,} rows"
            results["import_export"] = timed(label, lambda: run_import_export(path, bulk=False, rows=args.default_mode_rows))
            results["ratio_import_export"] = round(results["import_export"]["seconds"] / results["ours"]["seconds"], 1)
            summary += f"; default mode ≈ {results['import_export']['seconds']:.0f} s extrapolated ({results['ratio_import_export']}× ours)"
        print(summary)
    (OUT / "import_results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


def generate_environment() -> dict[str, Any]:
    import platform

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {"python": platform.python_version(), "django": django.get_version(), "postgresql": server}


if __name__ == "__main__":
    main()
