"""The long exports timed as the worker runs them: each job's function called directly (no
web server, no queue), on the national database, as a superuser over the province with the
most members. Prints the seconds and rows of each; removes the jobs and files it made.

    .venv/bin/python bench/exports.py                    # DATABASE_URL: the national database
    .venv/bin/python bench/exports.py --only members     # some (members, meetings, badges, arrears, tasks, organizations)
    .venv/bin/python bench/exports.py --query status=all # the member list's filters, as its URL gives them

Each export writes the audit entry a real one writes (an export of personal data is
audited, and the audit chain is never shortened): one entry per run, by the user
`bench.exports` (a superuser the script creates once and keeps: its entries need it).
Results: bench/out/exports.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import generate  # bench/ is the script's folder, hence on sys.path

OUT = Path(__file__).resolve().parent / "out"
USERNAME = "bench.exports"


def largest_province() -> Any:
    """The province whose subtree holds the most members (from the member counters)."""
    from partybuilding.organizations.choices import OrgKind
    from partybuilding.organizations.models import Organization, SubtreeTotal

    top = SubtreeTotal.objects.filter(key="m.all", organization__kind=OrgKind.PROVINCE).order_by("-value").first()
    if top is None:
        raise SystemExit("No member counters: build the national data set first (bench/run_members.py).")
    return Organization.objects.get(pk=top.organization_id)


def superuser() -> Any:
    from partybuilding.accounts.models import User

    user, _created = User.objects.get_or_create(username=USERNAME, defaults={"is_superuser": True, "is_staff": True})
    if not user.is_superuser:
        raise SystemExit(f"{USERNAME} exists and is no superuser: refusing to use it.")
    return user


def params_of(name: str, province: Any, query: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The job kind and the parameters its view would give it for the province."""
    from django.utils import timezone

    from partybuilding.members.badges import selectors as badges

    if name == "members":
        return "members.export", {"query": {"within": str(province.pk), **query}, "within": province.pk, "full_ids": False}
    if name == "meetings":
        return "meetings.export", {"query": {"within": str(province.pk), **query}, "within": province.pk}
    if name == "badges":
        award_date = badges.next_award_date(timezone.localdate())
        return "members.badges_export", {"within": province.pk, "award_date": award_date.isoformat(), "milestone": None, "full_ids": False}
    if name == "organizations":  # the whole country's tree, as a superuser without a scope exports it
        return "organizations.export", {"within": None, "q": ""}
    if name == "tasks":
        return "directives.tasks_export", {"query": {"within": str(province.pk), **query}, "within": province.pk}
    if name == "arrears":
        return "dues.arrears_export", {"query": {"within": str(province.pk), **query}, "within": province.pk}
    raise SystemExit(f"No export named {name!r}.")


def timed(kind: str, user: Any, province: Any, params: dict[str, Any]) -> dict[str, Any]:
    """Run the kind's function once, as the worker would (in Vietnamese), then remove the
    job's row and file."""
    from django.utils import translation

    from partybuilding.core.jobs import kind_of, remove_file
    from partybuilding.core.models import Job

    reports: list[tuple[str, int, int]] = []
    job = Job.objects.create(kind=kind, created_by=user, org_path=province.path, params=params, language="vi")
    try:
        started = time.perf_counter()
        with translation.override("vi"):
            result = kind_of(kind).run(job, lambda phase, done, total: reports.append((phase, done, total)))  # type: ignore[union-attr]
        seconds = time.perf_counter() - started
        size = Path(job.file_path).stat().st_size if job.file_path else 0
    finally:
        remove_file(job)
        job.delete()
    return {"kind": kind, "seconds": round(seconds, 1), "rows": (result or {}).get("rows"), "bytes": size, "progress_reports": len(reports)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=["members", "meetings", "badges", "arrears", "tasks", "organizations"])
    parser.add_argument("--query", default="", help="the list's filters as a query string, e.g. status=all")
    args = parser.parse_args()
    generate.setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("The exports are timed on the national PostgreSQL database (DATABASE_URL).")
    province, user = largest_province(), superuser()
    print(f"{province.name} ({province.code}), as {USERNAME}; {os.cpu_count()} cores")
    results = []
    for name in args.only:
        kind, params = params_of(name, province, dict(parse_qsl(args.query)))
        found = {"export": name, **timed(kind, user, province, params)}
        print(f"{name:13} {found['rows'] or 0:>9,} rows {found['seconds']:>7.1f} s  ({found['bytes'] / 1e6:.1f} MB)", flush=True)
        results.append(found)
    OUT.mkdir(exist_ok=True)
    (OUT / "exports.json").write_text(json.dumps({"province": province.code, "query": args.query, "results": results}, indent=2))


if __name__ == "__main__":
    main()
