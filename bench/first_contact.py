"""The pages the first-contact work added or changed, timed through the real views on the
national database (tree, 5.5 M members, a year of meetings: bench/meetings.py):

- the cell secretary's and the member's home pages, for 200 cells;
- the member list sorted by each of its columns, for the country and the largest province;
- the meetings list with its quality-by-month chart, for the country and the largest province.

    .venv/bin/python bench/first_contact.py          # on the database bench/meetings.py built

Wall time of the request (Django's test client, warm) and the database's share, p50/p95.
Results go to bench/out/first_contact.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import generate  # bench/ is the script's folder, hence on sys.path
from run import Timing, timing
from run_members import db_ms

OUT = Path(__file__).resolve().parent / "out"


def wall_and_db(fetch: Callable[[], Any], repeat: int) -> tuple[list[float], list[float]]:
    walls, dbs = [], []
    fetch()  # warm: the first request reads the rules and the templates
    for _ in range(repeat):
        start = time.perf_counter()
        dbs.append(db_ms(fetch))
        walls.append((time.perf_counter() - start) * 1000)
    return walls, dbs


def both(what: str, fetch: Callable[[], Any], repeat: int) -> list[Timing]:
    walls, dbs = wall_and_db(fetch, repeat)
    return [timing("first contact", f"{what}: wall", walls), timing("first contact", f"{what}: database", dbs)]


def ok(client: Any, url: str) -> Callable[[], Any]:
    def fetch() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return fetch


def count_quality() -> None:
    """The "mq." counters the services keep meeting by meeting (meetings/totals.py), counted
    once in SQL for the meetings bench/meetings.py inserted: each level of the tree groups
    the meetings by its prefix of their path."""
    from django.db import connection

    from partybuilding.core.paths import SEGMENT

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM organizations_subtreetotal WHERE key LIKE 'mq.%%'")
        cursor.execute("SELECT max(length(path)) FROM organizations_organization")
        deepest = cursor.fetchone()[0] // SEGMENT
        for level in range(1, deepest + 1):
            cursor.execute(
                """
                INSERT INTO organizations_subtreetotal (organization_id, key, value)
                SELECT o.id, 'mq.' || to_char(g.month, 'YYYYMM') || '.' || n.name, CASE n.name WHEN 'scored' THEN g.scored ELSE g.points END
                FROM (
                    SELECT substr(org_path, 1, %s) AS path, month, count(*) AS scored, sum(score) AS points
                    FROM meetings_meeting WHERE status = 'closed' AND score IS NOT NULL AND length(org_path) >= %s
                    GROUP BY 1, 2
                ) g
                JOIN organizations_organization o ON o.path = g.path
                CROSS JOIN (VALUES ('scored'), ('points')) AS n(name)
                """,
                [level * SEGMENT, level * SEGMENT],
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cells", type=int, default=200, help="cells sampled for the home pages")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    generate.setup_django()

    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partybuilding.accounts.choices import Role
    from partybuilding.accounts.models import RoleAssignment, User
    from partybuilding.members.models import Member
    from partybuilding.organizations.choices import OrgKind
    from partybuilding.organizations.models import Organization

    random.seed(9)
    started = time.perf_counter()
    count_quality()
    print(f"quality counters of the meetings (bench/meetings.py inserts them without): {time.perf_counter() - started:.1f} s")
    root = Organization.objects.get(parent__isnull=True)
    largest = max(
        Organization.objects.filter(kind=OrgKind.PROVINCE), key=lambda o: Member.objects.filter(org_path__startswith=o.path).count()
    )
    officer, _ = User.objects.get_or_create(username="bench.officer", defaults={"is_superuser": True, "is_staff": True})
    secretary, _ = User.objects.get_or_create(username="bench.secretary")
    member_user, _ = User.objects.get_or_create(username="bench.member")
    timings: list[Timing] = []

    cells = list(Organization.objects.filter(kind=OrgKind.CELL).order_by("?").values_list("pk", flat=True)[: args.cells])
    secretary_walls, secretary_dbs, member_walls, member_dbs = [], [], [], []
    for cell_pk in cells:
        RoleAssignment.objects.filter(user=secretary).delete()
        RoleAssignment.objects.create(user=secretary, role=Role.CELL_SECRETARY, organization_id=cell_pk)
        Member.objects.filter(user=member_user).update(user=None)
        Member.objects.filter(pk=Member.objects.filter(organization_id=cell_pk).values("pk")[:1]).update(user=member_user)
        for user, walls, dbs in ((secretary, secretary_walls, secretary_dbs), (member_user, member_walls, member_dbs)):
            client = Client()
            client.force_login(user)
            w, d = wall_and_db(ok(client, "/"), 1)
            walls += w
            dbs += d
    timings += [
        timing("first contact", f"cell secretary's home, {len(cells)} cells: wall", secretary_walls),
        timing("first contact", f"cell secretary's home, {len(cells)} cells: database", secretary_dbs),
        timing("first contact", f"member's home, {len(cells)} cells: wall", member_walls),
        timing("first contact", f"member's home, {len(cells)} cells: database", member_dbs),
    ]

    client = Client()
    client.force_login(officer)
    session = client.session  # the officer's second factor, as if given at sign-in
    device = TOTPDevice.objects.filter(user=officer).first() or TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    for name, org in (("country", root), ("largest province", largest)):
        for sort in ("", "name", "-born", "status", "organization", "-admitted"):
            query = f"?within={org.pk}" + (f"&sort={sort}" if sort else "")
            timings += both(f"member list, {name}, sort {sort or '(default)'}", ok(client, f"/members/{query}"), args.repeat)
        timings += both(f"meetings list with its quality chart, {name}", ok(client, f"/meetings/?within={org.pk}"), args.repeat)

    OUT.mkdir(exist_ok=True)
    (OUT / "first_contact.json").write_text(json.dumps([t.__dict__ for t in timings], indent=2, ensure_ascii=False, default=str))
    print(f"{'what':<78} {'p50 ms':>8} {'p95 ms':>8}")
    for t in timings:
        print(f"{t.what:<78} {t.p50_ms:>8.1f} {t.p95_ms:>8.1f}")


if __name__ == "__main__":
    main()
