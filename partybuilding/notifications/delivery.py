"""E-mail: which notices go out, claiming them, sending them, recovering after a crash.

Each e-mail is a `Delivery` row and passes pending → claimed → sending → sent. A worker
claims a batch (`select_for_update(skip_locked=True)` on PostgreSQL: two workers never
take the same row), then for each row moves it from claimed to sending in one conditional
UPDATE, the gate that lets only one worker ever talk to the mail server about it, sends,
and marks it sent.

A worker that dies leaves rows claimed (never tried: `recover` puts them back to pending
and queues them again) and rows sending: the last one may or may not have reached the mail
server, the ones before it did but were not yet marked sent (they are marked together, fifty
at a time, to halve the writes); `recover` marks them all uncertain and never sends them
again. We chose at most once: a lost
notice is still in the bell and on the cell's printed list, a double one cannot be
recalled. Each message carries a Message-ID made from its row, so a mail server that
deduplicates could take it again safely if an operator re-queues an uncertain row.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from partybuilding.core.audit import audit_record
from partybuilding.core.records import day_text

from .choices import DeliveryState, EmailChoice
from .models import Delivery, Notice, Preference
from .texts import describe

log = logging.getLogger(__name__)

BATCH = 500  # deliveries per queued task
LEASE = dt.timedelta(minutes=15)  # a claim older than this belongs to a worker that died
SENT_FLUSH = 50  # e-mails marked sent together: one write for fifty, not one each


def email_choice() -> Coalesce:
    """A notice's user's e-mail choice (immediate when they never chose)."""
    chosen = Preference.objects.filter(user=OuterRef("user")).values("email")[:1]
    return Coalesce(Subquery(chosen), Value(EmailChoice.IMMEDIATE))


def plan(day: dt.date) -> list[int]:
    """Write the e-mails of the notices issued on `day` that have none yet: one per notice
    for users who want each at once, one digest per user who wants a digest. Returns the
    new rows' ids."""
    start = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    notices = (
        Notice.objects.filter(issued_on=day, user__isnull=False, user__is_active=True)
        .exclude(user__email="")
        .annotate(choice=email_choice())
    )
    lone = notices.filter(choice=EmailChoice.IMMEDIATE).filter(~Exists(Delivery.objects.filter(notice=OuterRef("pk"))))
    ids = list(lone.order_by("pk").values_list("pk", "user_id"))
    for first in range(0, len(ids), 5000):
        rows = [Delivery(notice_id=pk, user_id=user_id) for pk, user_id in ids[first : first + 5000]]
        with transaction.atomic():
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    digest_users = notices.filter(choice=EmailChoice.DIGEST).order_by().values_list("user_id", flat=True).distinct()
    with transaction.atomic():
        Delivery.objects.bulk_create([Delivery(user_id=u, digest_day=day) for u in digest_users], ignore_conflicts=True)
    return list(Delivery.objects.filter(pk__gt=start, state=DeliveryState.PENDING).order_by("pk").values_list("pk", flat=True))


def enqueue(ids: list[int]) -> int:
    """Queue the sending of `ids` in batches; the number queued."""
    for first in range(0, len(ids), BATCH):
        send_deliveries.enqueue(ids[first : first + BATCH])
    return len(ids)


@task()
def send_deliveries(ids: list[int]) -> None:
    """The worker's task: claim what is still pending of `ids` and send it."""
    send_claimed(claim(ids))


def claim(ids: Iterable[int]) -> list[int]:
    """Take the pending rows of `ids` for this worker (rows another worker holds are skipped)."""
    with transaction.atomic():
        rows = Delivery.objects.select_for_update(skip_locked=True).filter(pk__in=list(ids), state=DeliveryState.PENDING)
        taken = list(rows.order_by("pk").values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=taken).update(state=DeliveryState.CLAIMED, claimed_at=timezone.now())
    return taken


def _languages(user_ids: Iterable[int]) -> dict[int, str]:
    return dict(Preference.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "language"))


def send_claimed(ids: list[int]) -> dict[str, int]:
    """Send the claimed rows `ids`, each at most once; one audit entry for the batch."""
    if not ids:
        return {"sent": 0, "failed": 0}
    rows = list(Delivery.objects.filter(pk__in=ids, state=DeliveryState.CLAIMED).select_related("user", "notice").order_by("pk"))
    languages = _languages({d.user_id for d in rows})
    counts = {"sent": 0, "failed": 0}
    done: list[int] = []  # sent, still marked sending: written together (a crash leaves them uncertain, never resent)
    connection = get_connection()
    connection.open()
    try:
        for row in rows:
            message = build_message(row, languages.get(row.user_id, settings.LANGUAGE_CODE), connection)
            if not Delivery.objects.filter(pk=row.pk, state=DeliveryState.CLAIMED).update(state=DeliveryState.SENDING):
                continue  # put back by `recover` and taken by another worker: theirs now
            try:
                message.send()
            except Exception as exc:  # the mail server refused it: not retried, the notice stays in the bell
                log.warning("e-mail %s not sent: %s", row.pk, type(exc).__name__)
                Delivery.objects.filter(pk=row.pk).update(state=DeliveryState.FAILED, error=type(exc).__name__[:200])
                counts["failed"] += 1
            else:
                done.append(row.pk)
                counts["sent"] += 1
                if len(done) >= SENT_FLUSH:
                    _mark_sent(done)
    finally:
        _mark_sent(done)
        connection.close()
    with transaction.atomic():
        audit_record(
            actor=None,
            action="notifications.sent",
            object_type="notifications.delivery",
            object_id=f"{ids[0]}-{ids[-1]}",
            after={**counts, "first": ids[0], "last": ids[-1]},
        )
    return counts


def _mark_sent(ids: list[int]) -> None:
    if ids:
        Delivery.objects.filter(pk__in=ids).update(state=DeliveryState.SENT, sent_at=timezone.now())
        ids.clear()


def _items(row: Delivery) -> list[tuple[Notice, Any]]:
    if row.notice is not None or row.digest_day is None:
        notices = [row.notice] if row.notice else []
    else:
        notices = list(Notice.objects.filter(user_id=row.user_id, issued_on=row.digest_day).order_by("kind", "pk"))
    return [(notice, describe(notice)) for notice in notices]


def build_message(row: Delivery, language: str, connection: Any = None) -> EmailMultiAlternatives:
    """The e-mail of a delivery, in its user's language: a text part and an HTML part."""
    site = settings.SITE_URL.rstrip("/")
    with translation.override(language):
        items = _items(row)
        if row.digest_day is not None:
            subject = _("Your notices of %(day)s") % {"day": day_text(row.digest_day)}
        else:
            subject = items[0][1].title if items else _("A notice")
        context = {"user": row.user, "items": items, "site": site, "digest": row.digest_day is not None, "subject": subject}
        text = render_to_string("notifications/email/notices.txt", context)
        html = render_to_string("notifications/email/notices.html", context)
    domain = site.split("://")[-1].split("/")[0].split(":")[0] or "localhost"
    message = EmailMultiAlternatives(
        subject=subject[:200].replace("\n", " "),
        body=text,
        to=[row.user.email],
        headers={"Message-ID": f"<notice-delivery-{row.pk}@{domain}>"},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def recover(*, lease: dt.timedelta = LEASE, now: dt.datetime | None = None) -> dict[str, int]:
    """After a worker died: claimed rows never tried go back to pending and are queued
    again; a row caught sending is marked uncertain, never sent again; pending rows left
    unqueued (a run stopped before queuing) are queued."""
    cutoff = (now or timezone.now()) - lease
    with transaction.atomic():
        stale = list(Delivery.objects.filter(state=DeliveryState.CLAIMED, claimed_at__lt=cutoff).values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=stale).update(state=DeliveryState.PENDING, claimed_at=None)
        uncertain = Delivery.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=cutoff).update(state=DeliveryState.UNCERTAIN)
        waiting = list(
            Delivery.objects.filter(state=DeliveryState.PENDING, created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)
        )
        counts = {"reclaimed": len(stale), "uncertain": uncertain, "queued": len(waiting)}
        if stale or uncertain or waiting:
            audit_record(actor=None, action="notifications.recovered", object_type="notifications.delivery", after=counts)
    enqueue(waiting)
    return counts
