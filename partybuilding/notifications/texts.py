"""The words of a notice, in the active language: a notice keeps the facts (`params`), and
each reader reads them in their own language (the page's, or the e-mail's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partybuilding.admissions.selectors import NEXT_STEP
from partybuilding.core.records import day_text
from partybuilding.meetings.choices import MeetingKind

from .choices import NoticeKind
from .models import Notice


@dataclass
class Described:
    title: str
    lines: list[str] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)  # (name, link) of a meeting's files


def _day(iso: str) -> str:
    return day_text(dt.date.fromisoformat(iso))


def _money(amount: int) -> str:
    return _("%(amount)s đồng") % {"amount": number_format(amount, force_grouping=True)}


def _meeting_kind(code: str) -> str:
    return str(MeetingKind(code).label) if code in MeetingKind.values else code


NEEDS = {
    "agenda": lambda: _("an agenda"),
    "documents": lambda: _("its documents"),
    "time": lambda: _("a starting time"),
    "place": lambda: _("a place"),
}


def _meeting(p: dict[str, Any], title: str) -> Described:
    lines = []
    if p.get("title"):
        lines.append(_("Topic: %(title)s") % {"title": p["title"]})
    when = _day(p["date"]) + (f" {p['starts_at']}" if p.get("starts_at") else "")
    lines.append(_("When: %(when)s") % {"when": when})
    if p.get("place"):
        lines.append(_("Where: %(place)s") % {"place": p["place"]})
    if p.get("agenda"):
        lines.append(_("Agenda: %(agenda)s") % {"agenda": p["agenda"]})
    files = [(name, reverse("meeting_document", args=[pk])) for pk, name in p.get("documents", [])]
    return Described(title, lines, files)


def describe(notice: Notice) -> Described:
    """The notice's title and lines in the active language."""
    p = notice.params
    kind = notice.kind
    if kind == NoticeKind.MEETING_INVITATION:
        what = {"kind": _meeting_kind(p["meeting_kind"]), "organization": p["organization"], "date": _day(p["date"])}
        return _meeting(p, _("Invitation: %(kind)s of %(organization)s on %(date)s") % what)
    if kind == NoticeKind.MEETING_TOMORROW:
        what = {"kind": _meeting_kind(p["meeting_kind"]), "organization": p["organization"], "date": _day(p["date"])}
        return _meeting(p, _("Reminder: %(kind)s of %(organization)s on %(date)s") % what)
    if kind == NoticeKind.MEETING_NEEDS:
        needs = ", ".join(str(NEEDS[n]()) for n in p.get("needs", []) if n in NEEDS)
        what = {"organization": p["organization"], "date": _day(p["date"]), "needs": needs}
        return _meeting(p, _("The meeting of %(organization)s on %(date)s still needs %(needs)s") % what)
    if kind == NoticeKind.DUES_DUE:
        month = dt.date.fromisoformat(p["month"])
        return Described(_("Your dues of %(month)s: %(amount)s to pay") % {"month": f"{month:%m/%Y}", "amount": _money(p["amount"])})
    if kind == NoticeKind.DUES_ARREARS:
        text = ngettext(
            "Your dues are unpaid for %(months)s month: %(amount)s",
            "Your dues are unpaid for %(months)s months: %(amount)s",
            p["months"],
        )
        return Described(text % {"months": number_format(p["months"]), "amount": _money(p["amount"])})
    if kind == NoticeKind.TASK_DUE_SOON:
        return Described(
            _("Task due on %(deadline)s: %(work)s") % {"deadline": _day(p["deadline"]), "work": p["work"]}, [p["organization"]]
        )
    if kind == NoticeKind.TASK_OVERDUE:
        text = _("Task overdue since %(deadline)s: %(work)s") % {"deadline": _day(p["deadline"]), "work": p["work"]}
        return Described(text, [p["organization"]])
    if kind == NoticeKind.STUDY_NOT_DONE:
        return Described(_("Study not yet done: %(title)s (by %(deadline)s)") % {"title": p["title"], "deadline": _day(p["deadline"])})
    if kind == NoticeKind.BADGES_DUE:
        text = ngettext(
            "%(count)s member of %(organization)s is due a Party badge on %(date)s",
            "%(count)s members of %(organization)s are due a Party badge on %(date)s",
            p["count"],
        )
        return Described(text % {"count": number_format(p["count"]), "organization": p["organization"], "date": _day(p["award"])})
    handlers = _handlers_notice(notice)
    if handlers is not None:
        return handlers
    return Described(str(notice.get_kind_display()))


def _handlers_notice(notice: Notice) -> Described | None:
    """The deadlines of the handlers' kinds (admissions, transfers, appeals, denunciations).
    A denunciation's notice names neither who denounced nor what they wrote."""
    p = notice.params
    kind = notice.kind
    if kind in (NoticeKind.ADMISSION_DUE_SOON, NoticeKind.ADMISSION_OVERDUE):
        what = {"step": str(NEXT_STEP.get(p["stage"], "")), "name": p["name"], "deadline": _day(p["deadline"])}
        if kind == NoticeKind.ADMISSION_DUE_SOON:
            return Described(_("%(step)s for %(name)s: due by %(deadline)s") % what, [p["organization"]])
        return Described(_("%(step)s for %(name)s: overdue since %(deadline)s") % what, [p["organization"]])
    if kind == NoticeKind.TRANSFER_OVERDUE:
        what = {"name": p["name"], "deadline": _day(p["deadline"])}
        lines = [_("Letter %(letter)s from %(organization)s") % {"letter": p["letter"], "organization": p["from"]}] if p["from"] else []
        return Described(_("The transfer of %(name)s was to be received by %(deadline)s") % what, lines)
    if kind in (NoticeKind.APPEAL_DUE_SOON, NoticeKind.APPEAL_OVERDUE):
        what = {"filed": _day(p["filed"]), "due": _day(p["due"])}
        if kind == NoticeKind.APPEAL_DUE_SOON:
            return Described(_("Appeal filed on %(filed)s: to be settled by %(due)s") % what, [p["organization"]])
        return Described(_("Appeal filed on %(filed)s: not settled by %(due)s") % what, [p["organization"]])
    if kind in (NoticeKind.DENUNCIATION_DUE_SOON, NoticeKind.DENUNCIATION_OVERDUE):
        what = {"number": p["denunciation"], "received": _day(p["received"]), "due": _day(p["due"])}
        if kind == NoticeKind.DENUNCIATION_DUE_SOON:
            text = _("Denunciation no. %(number)s received on %(received)s: to be handled by %(due)s")
        else:
            text = _("Denunciation no. %(number)s received on %(received)s: not handled by %(due)s")
        return Described(text % what, [p["organization"]])
    return None
