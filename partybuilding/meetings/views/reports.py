"""What is missing (page and Excel), a member's own cell's meetings, the scoring schemes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.errors import Refusal
from partybuilding.core.forms import querystring, saved
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, organization_or_404
from partybuilding.core.xlsx import xlsx_response
from partybuilding.members.models import Member
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .. import missing, selectors, services
from ..forms import MissingForm, SchemeForm
from ..models import MeetingDocument, ScoringScheme
from .common import PAGE_SIZE, meetings_form_page


def _missing(request: HttpRequest) -> dict[str, Any]:
    scope = list_scope(request, Action.VIEW_MEMBERS)
    today = timezone.localdate()
    # The form shows the period the report is of: this month and quarter unless chosen.
    defaults = {"what": "regular", "year": today.year, "month": today.month, "quarter": missing.quarter_of(today)}
    form = MissingForm({**defaults, **{k: v for k, v in request.GET.items() if v}})
    what, year, month, quarter = form.choices()
    context: dict[str, Any] = {"scope": scope, "form": form, "what": what, "year": year, "month": month, "quarter": quarter}
    try:
        if what == "unexcused":
            context["rows"] = missing.members_absent_unexcused(scope, year, today)
            context["threshold"] = missing.unexcused_threshold(year, today)
        elif what == "thematic":
            context["rows"] = missing.cells_without_thematic(scope, year, quarter).select_related("parent")
        else:
            context["rows"] = missing.cells_without_regular(scope, year, month).select_related("parent")
    except Refusal as refusal:  # a period before the rule was recorded
        context.update(rows=Organization.objects.none(), refused=refusal.text)
    return context


ABSENT_SORTS = {"name": ("member__sort_key",), "cell": ("member__organization__name", "member__sort_key"), "months": ("months",)}
CELL_SORTS = {"code": ("code",), "name": ("name",), "parent": ("parent__name", "name")}


def _with_members(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The members of one page of (member_id, months) rows, in one query."""
    found = Member.objects.select_related("organization").in_bulk([r["member_id"] for r in rows])
    return [{**r, "member": found.get(r["member_id"])} for r in rows]


@login_required
def missing_report(request: HttpRequest) -> HttpResponse:
    context = _missing(request)
    sorts = ABSENT_SORTS if context["what"] == "unexcused" else CELL_SORTS
    listing = Listing(request, sorts, per_page=PAGE_SIZE, tie_breaker="member_id" if context["what"] == "unexcused" else "pk")
    page = listing.page(context.pop("rows"))
    if context["what"] == "unexcused":
        page.object_list = _with_members(list(page.object_list))
    context.update(page=page, listing=listing, querystring=querystring(request))
    return render(request, "meetings/missing.html", context)


@login_required
def missing_export(request: HttpRequest) -> FileResponse:
    context = _missing(request)
    if context["what"] == "unexcused":
        header = [_("Member"), _("Party cell"), _("Months absent without reason")]
        rows: Any = (
            [r["member"].full_name if r["member"] else r["member_id"], r["member"].organization.label if r["member"] else "", r["months"]]
            for chunk in _chunks(list(context["rows"]), 2000)
            for r in _with_members(chunk)
        )
    else:
        header = [_("Code"), _("Party cell"), _("Level above")]
        rows = ([o.code, o.name, o.parent.name if o.parent else ""] for o in context["rows"].iterator(chunk_size=2000))
    return xlsx_response(_("Missing"), header, rows, filename=f"meetings-missing-{context['what']}.xlsx")


def _chunks(rows: list[Any], size: int) -> Any:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    """A member's own cell's coming meetings and their files (the cell of their record)."""
    member = selectors.own_cell_member(request.user)
    files = Prefetch("documents", queryset=MeetingDocument.objects.defer("content"))  # names only: a file may weigh 10 MB
    meetings = list(selectors.upcoming_for(member.organization, timezone.localdate()).prefetch_related(files)) if member else []
    asked = selectors.leave_asked(member, meetings) if member else {}
    for meeting in meetings:
        meeting.my_leave = asked.get(meeting.pk, "")  # type: ignore[attr-defined]
    return render(request, "meetings/mine.html", {"member": member, "meetings": meetings})


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request)
    schemes = ScoringScheme.objects.prefetch_related("criteria").select_related("province").order_by("-effective_from")
    provinces = [o for o in ([scope, *scope.ancestors()] if scope else []) if o.kind == OrgKind.PROVINCE]
    province = provinces[0] if provinces else None
    schemes = (
        schemes.filter(province__isnull=True) | schemes.filter(province=province) if province else schemes.filter(province__isnull=True)
    )
    context = {
        "schemes": schemes,
        "province": province,
        "can_add": province is not None and can(request.user, Action.MANAGE_ORGANIZATIONS, province),
    }
    return render(request, "meetings/schemes.html", context)


@login_required
def scheme_new(request: HttpRequest, province_pk: int) -> HttpResponse:
    province = organization_or_404(request.user, province_pk, Action.MANAGE_ORGANIZATIONS)
    form = SchemeForm(request.POST or None)
    then = f"{reverse('meeting_schemes')}?within={province.pk}"
    if done := saved(
        request, form, services.scheme_create, actor=request.user, province=province, message=_("The scheme was saved."), then=then
    ):
        return done
    return meetings_form_page(request, form, province, _("New scoring scheme"))
