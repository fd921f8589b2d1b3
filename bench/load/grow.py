"""The demo province grown to provincial scale, and the accounts the load test signs in with.

    scripts/with-postgres.sh .venv/bin/python bench/load/grow.py --members 100000

The same province as `manage.py demo_load` (`partybuilding/demo`: its tree built through
the services, with the 2025 reform; the demo logins; members written by the import's bulk
writer with their events, periods, audit entries and counters; badges, cell committees,
three months of meetings, dues bases, charges and payments), only larger: 12 former
districts of 17 grassroots organizations (51 communes, ≈2,300 cells) and 100,000 members.

Then the load test's own accounts, one per simulated user (a sign-in with two factors is
bound to one person; a TOTP code is accepted once), written to `users.json`:

- cell secretaries, each of a cell of their own with a meeting planned for today (its
  attendance is recorded during the run) and the month's dues charged;
- plain members, each linked to a member record;
- commune and province organizing officers, with an authenticator (TOTP) whose key the
  load client knows, and an API token; each commune officer has small Excel files of new
  members of their commune to import, one per import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import generate  # noqa: E402  (bench/generate.py: Django set-up, the empty-database check)

DEFAULT_OUT = HERE.parent / "out" / "load"
PASSWORD = "demo-2026"  # the demo's password (demo_load prints it)


class Stopwatch:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 1)
        self._last = now
        print(f"  {name}: {self.laps[name]} s", flush=True)


def grow_province(members: int, districts: int, grassroots: int, cells: int, seed: int, watch: Stopwatch) -> Any:
    """demo_load's steps with a larger tree and more members; returns the demo tree."""
    from django.db import transaction
    from django.utils import timezone

    from partybuilding.accounts.models import RoleAssignment
    from partybuilding.demo import dues as demo_dues
    from partybuilding.demo import history, tree
    from partybuilding.demo import meetings as demo_meetings
    from partybuilding.demo import members as demo_members
    from partybuilding.demo.management.commands.demo_load import Command
    from partybuilding.members import imports
    from partybuilding.members.records.services import MEMBER_HOMES
    from partybuilding.organizations.models import Organization

    today = timezone.localdate()
    with transaction.atomic():
        demo = tree.build(districts=districts, grassroots_per_district=grassroots, cells_per_grassroots=cells)
        Command()._users(demo)
    watch.lap("tree (through the services) and the demo logins")
    homes = list(Organization.objects.filter(kind__in=MEMBER_HOMES, status="active").order_by("path"))
    generator = demo_members.Generator(seed)
    with imports.gc_paused():
        candidates = generator.members(homes, members)
        watch.lap(f"{members:,} members generated")
        issues = imports.check_candidates(candidates, within=Organization.objects.all())
        if issues:
            raise SystemExit(f"members refused: {issues[0].text}")
        watch.lap("checked as an import checks")
        imports.write(candidates, actor=None)
        del candidates
    watch.lap("written by the import's writer")
    with transaction.atomic():
        linked = RoleAssignment.objects.filter(user__username__in=demo_members.DEMO_PEOPLE).select_related("user", "organization")
        demo_members.link_users({a.user.username: (a.user, a.organization) for a in linked})
        history.award_badges(today)
        history.elect_cell_committees()
    watch.lap("badges and cell committees")
    with transaction.atomic():
        demo_meetings.load(today)
    watch.lap("three months of meetings")
    with transaction.atomic():
        demo_dues.load(demo.province)
    watch.lap("dues: bases, charges, payments")
    demo.generator = generator  # the import files continue its card numbers and citizen IDs
    return demo


def _user(username: str, full_name: str, role: str, org: Any) -> Any:
    from partybuilding.accounts.models import RoleAssignment, User

    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)
    RoleAssignment.objects.create(user=user, role=role, organization=org)
    return user


def _second_factor(user: Any) -> str | None:
    """A confirmed authenticator with a key the load client computes codes from (none
    where two-factor sign-in is not installed)."""
    from django.apps import apps

    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = secrets.token_hex(20)
    TOTPDevice.objects.create(user=user, name="load test", key=key, confirmed=True, digits=6)
    return key


def _token(user: Any) -> str:
    from partybuilding.accounts.services import token_create

    return token_create(actor=user, user=user, name="load test")[1]


def _cells_spread(count: int) -> list[Any]:
    """Cells of at least 8 members in the list, taken in turn from each commune (the
    province, then the commune: the first two path segments)."""
    from django.db.models import Count, Q

    from partybuilding.members.choices import IN_LIST
    from partybuilding.organizations.models import Organization

    cells = (
        Organization.objects.filter(kind="cell", status="active")
        .annotate(listed=Count("members", filter=Q(members__status__in=IN_LIST)))
        .filter(listed__gte=8)
        .order_by("path")
    )
    by_commune: dict[str, list[Any]] = {}
    for cell in cells:
        by_commune.setdefault(cell.path[:10], []).append(cell)  # the commune: two 5-digit segments below the province
    picked: list[Any] = []
    while len(picked) < count and any(by_commune.values()):
        for group in by_commune.values():
            if group and len(picked) < count:
                picked.append(group.pop(0))
    return picked


def load_accounts(demo: Any, *, secretaries: int, members: int, commune_officers: int, province_officers: int) -> list[dict[str, Any]]:
    from django.db import transaction
    from django.utils import timezone

    from partybuilding.accounts.choices import Role
    from partybuilding.dues import months
    from partybuilding.dues.services import dues_open_month
    from partybuilding.meetings.choices import MeetingKind
    from partybuilding.meetings.services import meeting_plan
    from partybuilding.members.choices import IN_LIST
    from partybuilding.members.models import Member

    today = timezone.localdate()
    accounts: list[dict[str, Any]] = []
    cells = _cells_spread(secretaries + members)
    with transaction.atomic():
        for n, cell in enumerate(cells[:secretaries], start=1):
            user = _user(f"load.bithu{n:02d}", f"Bí thư chi bộ {n:02d} (tải)", Role.CELL_SECRETARY, cell)
            dues_open_month(actor=user, organization=cell, month=months.first_of(today))  # charged already: idempotent
            meeting = meeting_plan(actor=user, organization=cell, kind=MeetingKind.EXTRAORDINARY, date=today, title="Sinh hoạt bất thường")
            accounts.append({"persona": "cell_secretary", "username": user.username, "cell": cell.pk, "meeting": meeting.pk})
        for n, cell in enumerate(cells[secretaries:], start=1):
            user = _user(f"load.dangvien{n:02d}", f"Đảng viên {n:02d} (tải)", Role.MEMBER, cell)
            member = Member.objects.filter(organization=cell, status__in=IN_LIST, user__isnull=True).order_by("pk").first()
            Member.objects.filter(pk=member.pk).update(user=user)
            accounts.append({"persona": "member", "username": user.username, "cell": cell.pk, "member": member.pk})
        for n in range(1, commune_officers + 1):
            commune = demo.communes[(n * 7) % len(demo.communes)]  # spread over the province
            user = _user(f"load.xa{n:02d}", f"Cán bộ tổ chức xã {n:02d} (tải)", Role.ORGANIZING_OFFICER, commune)
            accounts.append(
                {
                    "persona": "commune_officer",
                    "username": user.username,
                    "org": commune.pk,
                    "totp_key": _second_factor(user),
                    "token": _token(user),
                }
            )
        for n in range(1, province_officers + 1):
            user = _user(f"load.tinh{n:02d}", f"Cán bộ tổ chức tỉnh {n:02d} (tải)", Role.ORGANIZING_OFFICER, demo.province)
            accounts.append(
                {
                    "persona": "province_officer",
                    "username": user.username,
                    "org": demo.province.pk,
                    "totp_key": _second_factor(user),
                    "token": _token(user),
                }
            )
    for account in accounts:
        account["password"] = PASSWORD
    return accounts


def import_files(demo: Any, accounts: list[dict[str, Any]], out: Path, *, per_officer: int, rows: int) -> None:
    """Excel files of new members, in the import template, into cells of each officer's
    commune: each file is imported once (a second time its citizen IDs are on record).
    Not into the secretaries' cells: a member arriving while the secretary marks today's
    meeting is rightly refused as unmarked, and the run would count it as an error."""
    from partybuilding.members import imports
    from partybuilding.organizations.models import Organization

    busy = {a["cell"] for a in accounts if a["persona"] == "cell_secretary"}

    folder = out / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    for account in accounts:
        if account["persona"] != "commune_officer":
            continue
        commune = Organization.objects.get(pk=account["org"])
        cells = list(
            Organization.objects.filter(path__startswith=commune.path, kind="cell", status="active")
            .exclude(pk__in=busy)
            .order_by("path")[:20]
        )
        candidates = demo.generator.members(cells, per_officer * rows)
        account["imports"] = []
        for k in range(per_officer):
            path = folder / f"{account['username']}-{k + 1:02d}.xlsx"
            rows_of_file = candidates[k * rows : (k + 1) * rows]
            imports.write_workbook(path, (imports.candidate_cells(c) for c in rows_of_file))
            account["imports"].append({"path": str(path), "citizen_ids": [c.data.citizen_id for c in rows_of_file]})


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def counts() -> dict[str, int]:
    from partybuilding.dues.models import Charge, Payment
    from partybuilding.meetings.models import Attendance, Meeting
    from partybuilding.members.choices import IN_LIST
    from partybuilding.members.models import Member
    from partybuilding.organizations.models import Organization

    return {
        "organizations": Organization.objects.count(),
        "cells_and_grassroots_cells": Organization.objects.filter(kind__in=["cell", "grassroots_cell"], status="active").count(),
        "communes": Organization.objects.filter(kind="commune", status="active").count(),
        "members_in_list": Member.objects.filter(status__in=IN_LIST).count(),
        "meetings": Meeting.objects.count(),
        "attendance_rows": Attendance.objects.count(),
        "dues_charges": Charge.objects.count(),
        "dues_payments": Payment.objects.count(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    # The demo's place names run out past ≈ 210 grassroots organizations (a commune for every four).
    parser.add_argument("--districts", type=int, default=12, help="former districts (the demo has 3)")
    parser.add_argument("--grassroots", type=int, default=17, help="grassroots organizations per district (the demo has 20)")
    parser.add_argument("--cells", type=int, default=14, help="cells per grassroots committee, on average (the demo has 10)")
    parser.add_argument("--secretaries", type=int, default=20)
    parser.add_argument("--plain-members", type=int, default=10)
    parser.add_argument("--commune-officers", type=int, default=12)
    parser.add_argument("--province-officers", type=int, default=8)
    parser.add_argument("--import-files", type=int, default=6, help="files per commune officer")
    parser.add_argument("--import-rows", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where users.json and the import files go")
    args = parser.parse_args(argv)
    generate.setup_django()
    generate.require_empty_postgres()
    watch = Stopwatch()
    demo = grow_province(args.members, args.districts, args.grassroots, args.cells, args.seed, watch)
    accounts = load_accounts(
        demo,
        secretaries=args.secretaries,
        members=args.plain_members,
        commune_officers=args.commune_officers,
        province_officers=args.province_officers,
    )
    import_files(demo, accounts, args.out, per_officer=args.import_files, rows=args.import_rows)
    watch.lap("load-test accounts and import files")
    analyze()
    watch.lap("vacuum analyze")
    args.out.mkdir(parents=True, exist_ok=True)
    summary = {"built": dt.datetime.now().isoformat(timespec="seconds"), "seconds": watch.laps, "counts": counts()}
    (args.out / "users.json").write_text(json.dumps(accounts, indent=1, ensure_ascii=False))
    (args.out / "grow.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(json.dumps(summary["counts"], indent=1))


if __name__ == "__main__":
    main()
