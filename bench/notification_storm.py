"""The notification storm: every member of a 100,000-member province due one reminder on
the same day, written by the daily run and sent by real `db_worker` processes to an SMTP
sink on 127.0.0.1, with one worker killed in the middle and started again.

    scripts/with-postgres.sh .venv/bin/python bench/notification_storm.py --build
    scripts/with-postgres.sh .venv/bin/python bench/notification_storm.py --build --members 20000   # a smoke run

With --build (an empty database): migrates, builds a small tree (bench/generate.py,
--scale), then puts --members members, each with a login and an e-mail address, into the
cells of the province with the most cells, and charges each the dues of the month, unpaid:
on the dues rule's day every one of them is due the "dues of the month" notice, and no other
rule finds anything (no meetings, tasks, campaigns; nobody near a badge). The members and
their logins are written in bulk, bypassing the services (as the other benches do).

Then: `notifications_run` for the day (timed), --workers workers (`manage.py db_worker`, three by
the default: they wait on the database and the mail server) sending through Django's SMTP backend to an aiosmtpd sink in this
process; once a third of the e-mails are sent, one worker is killed (SIGKILL: no cleanup)
and started again; once the others are done, `delivery.recover` gives back what the dead
worker had claimed but not tried. At the end every address must have received exactly one
message, except the at most one message per kill that was in the mail server's hands when
the worker died (the rows left `sending` are marked `uncertain` and never sent again:
the last may have arrived or not, the ones before it did). Prints
the timings and writes bench/out/notification_storm.json. Measured numbers: bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import generate  # bench/ is the script's folder, hence on sys.path

OUT = Path(__file__).resolve().parent / "out"
PROJECT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 10)  # the dues rule's day of the month (10, seeded by the migration)
TARGET_S = 600.0
LEASE = dt.timedelta(seconds=30)  # a claim older than this belongs to the dead worker


# --- the SMTP sink ---------------------------------------------------------------------------


class Sink:
    """Counts the recipients of every message it accepts."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd calls its hooks so
        with self.lock:
            self.received.update(envelope.rcpt_tos)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- the province ------------------------------------------------------------------------------


def build(scale: float, members: int) -> dict[str, Any]:
    """The tree, then `members` members with logins and unpaid dues of DAY's month."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from partybuilding.accounts.models import User
    from partybuilding.core.text import search_key
    from partybuilding.dues.models import Charge
    from partybuilding.members.models import Member
    from partybuilding.organizations.models import Organization

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    generate.build(scale, 2025)
    cells = Organization.objects.filter(kind__in=["cell", "grassroots_cell"])
    best = max(
        Organization.objects.filter(kind="province"),
        key=lambda p: cells.filter(path__startswith=p.path).count(),
    )
    homes = list(cells.filter(path__startswith=best.path).order_by("path").values_list("pk", "path"))
    unusable = make_password(None)
    month = DAY.replace(day=1)
    with transaction.atomic():
        for first in range(0, members, 5000):
            numbers = range(first, min(first + 5000, members))
            users = User.objects.bulk_create(
                [
                    User(username=f"storm{n}", email=f"storm{n}@bench.invalid", password=unusable, full_name=f"Đảng viên {n}")
                    for n in numbers
                ]
            )
            rows = []
            for n, user in zip(numbers, users, strict=True):
                org_id, path = homes[n % len(homes)]
                name = f"Nguyễn Văn Bão{n}"
                rows.append(
                    Member(
                        family_name="Nguyễn",
                        middle_name="Văn",
                        given_name=f"Bão{n}",
                        full_name=name,
                        name_search=search_key(name),
                        sort_key=search_key(name),
                        gender="M",
                        date_of_birth=dt.date(1985, 1, 1),
                        organization_id=org_id,
                        org_path=path,
                        user=user,
                        admission_date=dt.date(2015, 5, 19),
                        official_date=dt.date(2016, 5, 19),
                        status="official",
                        status_since=dt.date(2016, 5, 19),
                    )
                )
            created = Member.objects.bulk_create(rows)
            Charge.objects.bulk_create(
                [
                    Charge(member=m, organization_id=m.organization_id, org_path=m.org_path, month=month, base_amount=50_000, due=50_000)
                    for m in created
                ]
            )
    return {"province": best.code, "cells": len(homes), "members": members, "seconds": round(time.monotonic() - started, 1)}


# --- the workers -------------------------------------------------------------------------------


def start_worker(n: int, smtp_port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "DEBUG": "0"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "partybuilding.settings_local")
    log = open(OUT / f"storm-worker-{n}.log", "ab")  # noqa: SIM115 (the process keeps it)
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--worker-id", f"storm-{n}"]
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)


def states() -> dict[str, int]:
    from django.db.models import Count

    from partybuilding.notifications.models import Delivery

    return {row["state"]: row["n"] for row in Delivery.objects.values("state").annotate(n=Count("pk"))}


def storm(smtp_port: int, sink: Sink, worker_count: int) -> dict[str, Any]:
    from partybuilding.notifications import delivery
    from partybuilding.notifications.generation import notifications_run
    from partybuilding.notifications.models import Notice

    started = time.monotonic()
    result = notifications_run(day=DAY)
    generated = time.monotonic() - started
    print(f"generation: {result.created} notices, {result.queued} e-mails queued in {generated:.1f} s")

    workers = [start_worker(n, smtp_port) for n in range(worker_count)]
    total = result.queued
    killed_at = restarted_at = recovered_at = None
    recovered: dict[str, int] = {}
    kill_sent = 0
    while True:
        time.sleep(1)
        now = states()
        sent = now.get("sent", 0)
        if killed_at is None and sent >= total // 3:
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
            killed_at, kill_sent = time.monotonic() - started, sent
            print(f"{killed_at:.1f} s: worker 0 killed with {sent} sent; {now}")
            time.sleep(1)
            workers[0] = start_worker(worker_count, smtp_port)
            restarted_at = time.monotonic() - started
        open_rows = now.get("pending", 0) + now.get("claimed", 0) + now.get("sending", 0)
        if killed_at is not None and recovered_at is None and now.get("pending", 0) == 0 and open_rows:
            # only the dead worker's rows are left: give them back once its lease has run out
            time.sleep(LEASE.total_seconds())
            recovered = delivery.recover(lease=LEASE)
            recovered_at = time.monotonic() - started
            print(f"{recovered_at:.1f} s: recovered {recovered}")
        if killed_at is not None and open_rows == 0:
            break
        if time.monotonic() - started > 3 * TARGET_S:
            print("gave up waiting")
            break
    finished = time.monotonic() - started
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=60)
    final = states()
    addresses = set(Notice.objects.filter(user__isnull=False).values_list("user__email", flat=True))
    with sink.lock:
        received = Counter(sink.received)
    twice = sorted(a for a, n in received.items() if n > 1)
    missing = sorted(addresses - set(received))
    return {
        "notices": result.created,
        "queued": total,
        "generation_s": round(generated, 1),
        "killed_at_s": round(killed_at or 0, 1),
        "sent_when_killed": kill_sent,
        "restarted_at_s": round(restarted_at or 0, 1),
        "recovered_at_s": round(recovered_at or 0, 1),
        "recovered": recovered,
        "workers": worker_count,
        "total_s": round(finished, 1),
        "states": final,
        "messages_received": sum(received.values()),
        "addresses_received": len(received),
        "addresses_twice": len(twice),
        "addresses_missing": len(missing),
        # an uncertain row was sent or not: at most the uncertain ones may be missing
        "missing_are_uncertain": len(missing) <= final.get("uncertain", 0),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="build the tree and the province's members first (empty database)")
    parser.add_argument("--scale", type=float, default=0.01, help="the tree's scale (bench/generate.py)")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=3, help="db_worker processes (they wait on the database and the mail server)")
    args = parser.parse_args(argv)
    generate.setup_django()
    from aiosmtpd.controller import Controller

    OUT.mkdir(exist_ok=True)
    built = build(args.scale, args.members) if args.build else {}
    if built:
        print(f"built: {built}")
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        measured = storm(port, sink, args.workers)
    finally:
        controller.stop()
    ok = measured["addresses_twice"] == 0 and measured["missing_are_uncertain"] and measured["total_s"] <= TARGET_S
    for key, value in measured.items():
        print(f"  {key}: {value}")
    print("OK" if ok else "NOT OK")
    report = {"built": built, **measured, "target_s": TARGET_S, "ok": ok}
    (OUT / "notification_storm.json").write_text(json.dumps(report, indent=2, default=str, ensure_ascii=False))


if __name__ == "__main__":
    main()
