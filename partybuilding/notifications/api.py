"""My notices and my channels through the API: the same selectors and services as the pages.
A user reads only their own notices; anyone else's answers 404."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, Pages, documented

from . import selectors, services
from .choices import EmailChoice, NoticeKind
from .models import Notice, Preference
from .texts import describe

router = Router(tags=["notifications"])

NoticeId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The notice's id"))]

Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]  # type: ignore[valid-type]


class NoticeOut(Schema):
    id: int = Field(description=gettext_lazy("The notice's id"))
    kind: str = Field(description=gettext_lazy("What it announces (a meeting invitation, dues due, a task due soon…)"))
    title: str = Field(description=gettext_lazy("The notice in words, in the language of the request"))
    lines: list[str] = Field(description=gettext_lazy("Its details (time, place, agenda…)"))
    link: str = Field(description=gettext_lazy("The page it is about, on this site"))
    issued_on: dt.date = Field(description=gettext_lazy("The day it was issued"))
    read_at: dt.datetime | None = Field(description=gettext_lazy("When you read it; null while unread"))


class CountOut(Schema):
    count: int = Field(description=gettext_lazy("How many notices"))


class PreferenceOut(Schema):
    email: str = Field(description=gettext_lazy("By e-mail: immediate, digest or never (in the application always)"))
    language: str = Field(description=gettext_lazy("The language of the e-mails"))


class PreferenceIn(Schema):
    email: EmailChoice = Field(description=gettext_lazy("By e-mail: immediate, digest or never (in the application always)"))
    language: Language = Field(description=gettext_lazy("The language of the e-mails"))  # type: ignore[valid-type]


class NoticeFilters(Schema):
    unread: bool | None = Field(None, description=gettext_lazy("Only the unread ones (true) or the read ones (false)"))
    kind: Literal[""] | NoticeKind = ""


def _out(notice: Notice) -> dict[str, Any]:
    text = describe(notice)
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "title": text.title,
        "lines": text.lines,
        "link": notice.link,
        "issued_on": notice.issued_on,
        "read_at": notice.read_at,
    }


class NoticePages(Pages):
    """The pages of my notices, each in words."""

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = [_out(n) for n in page["items"]]
        return page


@router.get("", response=documented(list[NoticeOut], 422), summary=gettext_lazy("My notices, newest first"))
@paginate(NoticePages)
def list_notices(request: HttpRequest, filters: Query[NoticeFilters]) -> Any:
    return selectors.my_notices(request.user, kind=filters.kind, unread=filters.unread)


@router.get("/unread-count", response=documented(CountOut), summary=gettext_lazy("How many of my notices are unread (the bell)"))
def unread(request: HttpRequest) -> Any:
    return {"count": selectors.unread_count(request.user)}


@router.post("/read-all", response=documented(CountOut), summary=gettext_lazy("Mark all my notices read"))
def read_all(request: HttpRequest) -> Any:
    return {"count": services.notices_read_all(actor=request.user)}


@router.get("/preferences", response=documented(PreferenceOut), summary=gettext_lazy("How I am told"))
def get_preferences(request: HttpRequest) -> Any:
    user: Any = request.user
    return Preference.objects.filter(user=user).first() or Preference(user=user)


@router.put("/preferences", response=documented(PreferenceOut, 400, 422), summary=gettext_lazy("Choose how I am told"))
def put_preferences(request: HttpRequest, payload: PreferenceIn) -> Any:
    return services.preference_set(actor=request.user, email=payload.email, language=payload.language)


@router.post("/{notice_id}/read", response=documented(NoticeOut, 404, 422), summary=gettext_lazy("Mark one of my notices read"))
def read_one(request: HttpRequest, notice_id: NoticeId) -> Any:
    return _out(services.notice_read(actor=request.user, notice=selectors.my_notice_or_404(request.user, notice_id)))
