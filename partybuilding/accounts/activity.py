"""How long a signed-in session lasts: SESSION_IDLE_SECONDS without a request, or
SESSION_COOKIE_AGE from the sign-in, whichever comes first.

Django's own expiry restarts from every save of the session, so the sign-in time is kept in
the session and checked here. The last activity is written at most once a minute: a
session is not saved on every request for it.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

SIGNED_IN_AT = "signed_in_at"
ACTIVE_AT = "active_at"
WRITE_EVERY_SECONDS = 60


def now() -> float:
    return time.time()


@receiver(user_logged_in, dispatch_uid="accounts.activity.signed_in")
def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[ACTIVE_AT] = int(now())


def expired(session: Any) -> str | None:
    """Why the signed-in session has ended (a sentence for the user), or None while it lasts;
    notes the activity when the last note is a minute old."""
    moment = int(now())
    signed = session.get(SIGNED_IN_AT)
    if signed is None:  # signed in before these notes were kept: they start now
        session[SIGNED_IN_AT] = session[ACTIVE_AT] = moment
        return None
    idle_limit = settings.SESSION_IDLE_SECONDS
    active = session.get(ACTIVE_AT, signed)
    if idle_limit and moment - active > idle_limit:
        return _("You were signed out after %(minutes)d minutes without activity. Sign in again to go on.") % {
            "minutes": max(1, idle_limit // 60)
        }
    if moment - signed > settings.SESSION_COOKIE_AGE:
        return _("You were signed out: a session lasts %(hours)d hours at most. Sign in again to go on.") % {
            "hours": max(1, settings.SESSION_COOKIE_AGE // 3600)
        }
    if moment - active >= WRITE_EVERY_SECONDS:
        session[ACTIVE_AT] = moment
    return None
