"""The dashboard's attention list: what in a scope needs someone to act on it.

Each app registers its lines (`@register` on a provider); a provider answers
`provider(scope, today, user) -> list[Item]` with a few fixed queries whatever the size of
the scope. The lines are about people (transfers, badges, candidates, absences, dues), so
the list is for the roles that see member records.

At national scale counting takes seconds (bench/README.md), so the list is counted by a
background job ("attention.count") whose result any web process can read: the dashboard
shows the newest count of the last few minutes, says when it was made, and counts again on
request. The first count of the day goes through the same job, so that no web process ever
waits on it; until the job is done the dashboard shows its progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .bulk import Progress, no_progress
from .jobs import job_kind, start
from .models import Job, JobStatus
from .scope import Action, can, grants_key, tree_model


@dataclass(frozen=True)
class Item:
    """One line of the list: what it is, how many (or a detail), and where to act on it."""

    label: str
    count: int | None = None
    detail: str = ""
    url: str = ""


Provider = Callable[[Any, dt.date, Any], list[Item]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def link(name: str, **query: Any) -> str:
    """The URL of a page, with a query string when given."""
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def attention(scope: Any, today: dt.date, user: Any, progress: Progress = no_progress) -> list[Item]:
    """The lines of `scope`'s subtree that `user` may see; a line with nothing to act on is left out."""
    if not can(user, Action.VIEW_MEMBERS, scope):
        return []
    items: list[Item] = []
    for done, provider in enumerate(_PROVIDERS):
        progress("counting", done, len(_PROVIDERS))
        items += provider(scope, today, user)
    progress("counting", len(_PROVIDERS), len(_PROVIDERS))
    return [item for item in items if item.count]


# --- counted in the background, kept a few minutes ----------------------------------------

KIND = "attention.count"
COUNTED_FOR_SECONDS = 300


@job_kind(KIND, label=_("Count of what needs attention"), phases={"counting": _("Counting")}, template="core/jobs/attention.html")
def count_attention(job: Job, progress: Progress) -> dict[str, Any]:
    """The job: the list of the scope in `params`, for the user who started it, as JSON."""
    scope = tree_model()._default_manager.get(pk=job.params["scope"])
    items = attention(scope, dt.date.fromisoformat(job.params["day"]), job.created_by, progress)
    return {"items": [{**asdict(item), "label": str(item.label), "detail": str(item.detail)} for item in items]}


def _params(scope: Any, today: dt.date, user: Any) -> dict[str, Any]:
    # What the user may see is part of what was counted: new grants make a new list.
    return {"scope": scope.pk, "day": today.isoformat(), "grants": grants_key(user)}


def attention_job(scope: Any, today: dt.date, user: Any) -> Job | None:
    """The newest count of `user`'s list of `scope` for `today`, in the current language,
    started within COUNTED_FOR_SECONDS: done, still counting, or failed."""
    params = _params(scope, today, user)
    return (
        Job.objects.filter(
            kind=KIND,
            created_by=user,
            org_path=scope.path,
            language=get_language(),
            created_at__gte=timezone.now() - dt.timedelta(seconds=COUNTED_FOR_SECONDS),
            params__scope=params["scope"],
            params__day=params["day"],
            params__grants=params["grants"],
        )
        .exclude(status=JobStatus.CANCELLED)
        .order_by("-created_at", "-id")
        .first()
    )


def attention_counted(scope: Any, today: dt.date, user: Any, *, fresh: bool = False) -> Job:
    """The count to show: the newest of the last few minutes (`attention_job`), or a new
    one started when there is none or `fresh` (the dashboard's "count again")."""
    found = None if fresh else attention_job(scope, today, user)
    return found or start(KIND, user=user, org_path=scope.path, params=_params(scope, today, user))


def counted_items(job: Job | None) -> list[Item]:
    """The list a done count holds; nothing for a count not done."""
    if job is None or job.status != JobStatus.DONE or not job.result:
        return []
    return [Item(**item) for item in job.result["items"]]


def attention_now(scope: Any, today: dt.date, user: Any) -> list[Item]:
    """The list for a printed dashboard, which cannot wait for a job: the newest count if it
    is done, else counted within the request."""
    job = attention_job(scope, today, user)
    if job is not None and job.status == JobStatus.DONE:
        return counted_items(job)
    return attention(scope, today, user)
