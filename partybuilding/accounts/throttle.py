"""Sign-in throttling that holds under concurrency.

Failures are counted per account and per client address. Each attempt takes its slot
first, in a transaction that locks the counters and commits before any password or code
is checked: N parallel attempts at a limit of L check at most L passwords, whatever their
timing. A failed attempt keeps its slot; a success clears the account's count and gives
the address its slot back (an office behind one address signs in all day).

The client address is REMOTE_ADDR: behind a reverse proxy the deployment sets it (or says
how many proxies to trust with LOGIN_THROTTLE_TRUSTED_PROXIES; X-Forwarded-For is never
read otherwise). IPv6 addresses count per /64, the block one subscriber usually holds.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LoginThrottle


@dataclass(frozen=True)
class Counter:
    """One key to count attempts under, its limit, and what a refusal names."""

    key: str
    limit: int
    refusal: str  # "account" or "address"


class Throttled(Exception):
    """Too many failed attempts under one counter: refused before any check."""

    def __init__(self, counter: Counter, wait: dt.timedelta) -> None:
        self.counter = counter
        self.wait = wait
        super().__init__(self.message)

    @property
    def minutes(self) -> int:
        return max(1, -(-int(self.wait.total_seconds()) // 60))

    @property
    def message(self) -> str:
        window = settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60
        params = {"limit": self.counter.limit, "window": window, "minutes": self.minutes}
        if self.counter.refusal == "address":
            return (
                _("Too many failed sign-ins from your network address (%(limit)d within %(window)d min). Try again in %(minutes)d min.")
                % params
            )
        return _("Too many failed logins for this account (%(limit)d within %(window)d min). Try again in %(minutes)d min.") % params


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as the throttle counts it."""
    address = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.LOGIN_THROTTLE_TRUSTED_PROXIES
    if proxies:
        # Each trusted proxy appends the address it was reached from: the client is the
        # entry added by the outermost trusted one; what comes before could be forged.
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:100] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def password_counters(request: HttpRequest, username: str) -> list[Counter]:
    return [
        Counter(f"account:{username.strip().lower()}", settings.LOGIN_THROTTLE_FAILURES, "account"),
        Counter(f"address:{client_address(request)}", settings.LOGIN_THROTTLE_ADDRESS_FAILURES, "address"),
    ]


def code_counters(request: HttpRequest, user_id: int) -> list[Counter]:
    """The second step counts apart from the password (a mistyped code does not lock the
    password out), but on the same address counter."""
    return [
        Counter(f"code:{user_id}", settings.LOGIN_THROTTLE_FAILURES, "account"),
        Counter(f"address:{client_address(request)}", settings.LOGIN_THROTTLE_ADDRESS_FAILURES, "address"),
    ]


def take_slot(counters: list[Counter]) -> None:
    """Count one attempt under every counter, or raise Throttled (counting nothing) when
    one of them is at its limit. Commits before returning: call it before the check."""
    window = dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    now = timezone.now()
    keys = sorted({c.key for c in counters})  # one locking order for every attempt: no deadlock
    with transaction.atomic():
        LoginThrottle.objects.bulk_create([LoginThrottle(key=k, window_start=now) for k in keys], ignore_conflicts=True)
        rows = {row.key: row for row in LoginThrottle.objects.select_for_update().filter(key__in=keys).order_by("key")}
        for row in rows.values():
            if row.window_start + window <= now:  # the window is over: count afresh
                row.window_start, row.attempts = now, 0
        for counter in counters:
            row = rows[counter.key]
            if row.attempts >= counter.limit:
                raise Throttled(counter, row.window_start + window - now)
        for row in rows.values():
            row.attempts += 1
            row.save(update_fields=["window_start", "attempts"])


def succeeded(counters: list[Counter]) -> None:
    """The check passed: the account starts afresh, the address gets its slot back."""
    for counter in counters:
        rows = LoginThrottle.objects.filter(key=counter.key, attempts__gt=0)
        if counter.refusal == "account":
            rows.update(attempts=0)
        else:
            rows.update(attempts=F("attempts") - 1)


def clear(key: str) -> None:
    """Forget a counter (an administrator reset the account's second factor)."""
    LoginThrottle.objects.filter(key=key).delete()
