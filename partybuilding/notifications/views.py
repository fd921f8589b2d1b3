"""Pages: my notices (the bell's page), one notice, my channels, the rules of an
organization, and a cell's notices of a day to print or export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, querystring, saved
from partybuilding.core.listing import Listing
from partybuilding.core.records import day_text
from partybuilding.core.scope import Action, can, list_scope, organization_or_404
from partybuilding.core.xlsx import xlsx_response

from . import selectors, services
from .choices import NoticeKind
from .forms import DayForm, NoticeFilterForm, PreferenceForm, RuleForm
from .models import Preference
from .sources import load
from .texts import describe


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    form = NoticeFilterForm(request.GET or None)
    listing = Listing(request, per_page=25, sortable=False)
    page = listing.page(selectors.my_notices(request.user, **form.filters()))
    page.object_list = [(n, describe(n)) for n in page.object_list]
    context = {"form": form, "page": page, "listing": listing, "querystring": querystring(request), "clear_url": reverse("notice_list")}
    return render(request, "notifications/list.html", context)


@login_required
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """One of my notices, marked read as it opens."""
    notice = services.notice_read(actor=request.user, notice=selectors.my_notice_or_404(request.user, pk))
    return render(request, "notifications/detail.html", {"notice": notice, "text": describe(notice)})


@login_required
@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    n = services.notices_read_all(actor=request.user)
    messages.success(request, ngettext("%(n)s notice marked read.", "%(n)s notices marked read.", n) % {"n": n})
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if back and safe else "notice_list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    current = Preference.objects.filter(user=user).first() or Preference(user=user)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None, initial={"email": current.email, "language": current.language}
    )
    then = reverse("notice_preferences")
    if done := saved(request, form, services.preference_set, actor=request.user, message=_("Your choice was saved."), then=then):
        return done
    note = _("In the application, always: the bell at the top of every page.")
    if not user.email:
        note += " " + _("You have no e-mail address: ask your administrator to record one.")
    return form_page(
        request, form, title=_("How you are told"), back=reverse("notice_list"), note=note, template="notifications/preferences.html"
    )


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    org = list_scope(request, required=True)
    sources = load()
    rules = sorted(selectors.rules_for(request.user, org), key=lambda r: (r.kind, r.org_path, r.valid_from))
    rows = [(r, sources[r.kind].days_meaning if r.kind in sources else "", _can_edit(request, r)) for r in rules]
    context = {"org": org, "rows": rows, "can_add": can(request.user, Action.MANAGE_MEMBERS, org)}
    return render(request, "notifications/rules.html", context)


def _can_edit(request: HttpRequest, rule: object) -> bool:
    organization = getattr(rule, "organization", None)
    if organization is None:
        return bool(request.user.is_superuser)
    return can(request.user, Action.MANAGE_MEMBERS, organization)


@login_required
def rule_new(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = organization_or_404(request.user, org_pk, Action.MANAGE_MEMBERS)
    form = RuleForm(request.POST if request.method == "POST" else None)
    back = reverse("notice_rules") + f"?within={org.pk}"
    if done := saved(
        request, form, services.rule_create, actor=request.user, organization=org, message=_("The rule was saved."), then=back
    ):
        return done
    title = _("New notification rule for %(org)s") % {"org": org.name}
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200, **_rule_page())


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.rule_or_404(request.user, pk)
    initial = {"version": rule.version, "days": rule.days, "valid_from": rule.valid_from, "valid_to": rule.valid_to, "active": rule.active}
    form = RuleForm(request.POST if request.method == "POST" else None, initial=initial, editing=True)
    back = reverse("notice_rules") + (f"?within={rule.organization_id}" if rule.organization_id else "")
    if done := saved(request, form, services.rule_update, actor=request.user, rule=rule, message=_("The rule was saved."), then=back):
        return done
    title = _("Rule: %(rule)s") % {"rule": rule}
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200, **_rule_page())


def _rule_page() -> dict[str, Any]:
    """The rule form's page, with what the days mean for each kind."""
    meanings = [(NoticeKind(kind).label, found.days_meaning) for kind, found in load().items()]
    return {"template": "notifications/rule_form.html", "meanings": meanings}


def _day_list(request: HttpRequest) -> tuple[Any, DayForm, dt.date]:
    org = list_scope(request, Action.VIEW_MEMBERS, required=True)
    form = DayForm(request.GET or None, initial={"day": timezone.localdate()})
    day = form.cleaned_data["day"] if form.is_bound and form.is_valid() else timezone.localdate()
    return org, form, day


@login_required
def day_notices(request: HttpRequest) -> HttpResponse:
    """A cell's notices of a day, printable: for the members without a smartphone."""
    org, form, day = _day_list(request)
    rows = [(n, describe(n)) for n in selectors.day_notices(org, day)]
    if rows:
        audit_export(actor=request.user, what="notifications.day", rows=len(rows), within=org, day=day.isoformat(), format="page")
    context = {"org": org, "form": form, "day": day, "rows": rows, "querystring": querystring(request)}
    return render(request, "notifications/day.html", context)


@login_required
def day_notices_xlsx(request: HttpRequest) -> FileResponse:
    org, _form, day = _day_list(request)
    notices = list(selectors.day_notices(org, day))
    audit_export(actor=request.user, what="notifications.day", rows=len(notices), within=org, day=day.isoformat(), format="xlsx")
    header = [_("Organization"), _("Member"), _("Phone"), _("Has an account"), _("Notice"), _("Details")]
    rows = []
    for notice in notices:
        text = describe(notice)
        member = notice.member
        rows.append(
            [
                notice.organization.name,
                member.full_name if member else "",
                member.phone if member else "",
                _("yes") if notice.user_id else _("no"),
                text.title,
                " · ".join(text.lines),
            ]
        )
    title = _("Notices of %(day)s") % {"day": day_text(day)}
    return xlsx_response(title, header, rows, filename=f"notices-{org.code}-{day:%Y%m%d}.xlsx")
