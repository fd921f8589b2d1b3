"""Member records: the list with search and filters, the record and its timeline, the
forms that enter a member, correct the record and record lifecycle events."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partybuilding.core.audit import audit_record
from partybuilding.core.forms import guarded
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, can, organization_or_404, require, scope_of
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization

from .. import selectors, services, transfers
from ..choices import KINH, MemberStatus
from ..forms import CitizenIdForm, EventForm, MemberCreateForm, MemberEditForm, MemberFilterForm
from ..models import Member, MemberQuerySet

PAGE_SIZE = 50


def visible_members(request: HttpRequest) -> MemberQuerySet:
    return Member.objects.visible_to(request.user)


def member_or_404(request: HttpRequest, pk: int) -> Member:
    member = visible_members(request).select_related("organization", "user").filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def filtered(request: HttpRequest, form: MemberFilterForm) -> tuple[QuerySet[Member], Organization | None]:
    """The member list the filters describe, within the scope organization, before the
    search by name or card number (see `searched`)."""
    scope = scope_of(request)
    within_id = request.GET.get("within")
    within = organization_or_404(request.user, within_id) if within_id else scope
    d = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    on = d.get("on")
    if on and within is not None:
        members = selectors.members_on(within, on).filter(Q(pk__in=visible_members(request).values("pk")))
    else:
        members = visible_members(request)
        if within is not None:
            members = selectors.in_subtree(members, within)
        status = d.get("status") or ""
        if status == "":
            members = members.filter(status__in=[MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL])
        elif status != "all":
            members = members.filter(status=status)
    for field in ("gender", "education", "qualification", "theory"):
        if d.get(field):
            members = members.filter(**{field: d[field]})
    if d.get("ethnicity") == "minority":
        members = members.exclude(ethnicity=KINH)
    elif d.get("ethnicity"):
        members = members.filter(ethnicity=d["ethnicity"])
    if d.get("religion") == "any":
        members = members.exclude(religion="none")
    elif d.get("religion"):
        members = members.filter(religion=d["religion"])
    if d.get("age"):
        low, high = map(int, d["age"].split("-"))
        members = members.filter(selectors.age_band_q(low, high, on or today))
    if d.get("party_age"):
        low, high = map(int, d["party_age"].split("-"))
        members = members.filter(selectors.party_age_band_q(low, high, on or today))
    if d.get("exempt") == "yes":
        members = members.filter(exempt_since__isnull=False)
    elif d.get("exempt") == "no":
        members = members.filter(exempt_since__isnull=True)
    return members.order_by("sort_key", "pk"), within


def search_text(form: MemberFilterForm) -> str:
    return form.cleaned_data.get("q", "") if form.is_valid() else ""


def list_page(request: HttpRequest, form: MemberFilterForm, members: QuerySet[Member], within: Organization | None) -> tuple[Page, bool]:
    """The page asked for, and whether a search found more than it lists. A search lists
    its best matches (selectors.ranked_search); otherwise the whole list is paged, counted
    from the subtree totals when the filters allow."""
    number = request.GET.get("page")
    if text := search_text(form):
        found = selectors.ranked_search(members, text)
        by_rank: Paginator[Any] = Paginator(found[: selectors.SEARCH_LIMIT], PAGE_SIZE)
        page = by_rank.get_page(number)
        rows = members.select_related("organization").in_bulk(page.object_list)
        page.object_list = [rows[pk] for pk in page.object_list]
        return page, len(found) > selectors.SEARCH_LIMIT
    paginator = Paginator(members.select_related("organization"), PAGE_SIZE)
    if within is not None and form.is_valid():
        known = selectors.counted_total(within, {k: v for k, v in form.cleaned_data.items() if k != "q"})
        if known is not None:
            paginator.count = known  # Paginator.count is a cached_property: set, it is not counted
    return paginator.get_page(number), False


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET or None)
    members, within = filtered(request, form)
    page, more = list_page(request, form, members, within)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "more_found": more,
        "search_limit": selectors.SEARCH_LIMIT,
        "within": within,
        "querystring": query.urlencode(),
        "today": timezone.localdate(),
        "citizen_form": CitizenIdForm(),
        "status_labels": dict(MemberStatus.choices),
        "can_manage": bool(within and can(request.user, Action.MANAGE_MEMBERS, within)),
        # Members staying temporarily: listed apart, marked, not counted (read only by the full page).
        "guests": transfers.temporary_guests(within, timezone.localdate()) if within is not None and not request.GET.get("on") else [],
    }
    template = "members/_list_rows.html" if request.htmx else "members/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def member_export(request: HttpRequest) -> FileResponse:
    form = MemberFilterForm(request.GET or None)
    members, _within = filtered(request, form)
    if text := search_text(form):
        members = selectors.search(members, text)
    today = timezone.localdate()
    header = [
        _("Full name"), _("Gender"), _("Date of birth"), _("Ethnicity"), _("Religion"), _("Organization"), _("Status"),
        _("Admission date"), _("Official date"), _("Card number"), _("Party age"), _("Political theory"), _("Occupation"),
    ]  # fmt: skip

    def rows() -> Any:
        for m in members.select_related("organization").iterator(chunk_size=5000):
            yield [
                m.full_name, m.get_gender_display(), m.date_of_birth, m.get_ethnicity_display(), m.get_religion_display(),
                m.organization.name, m.get_status_display(), m.admission_date, m.official_date, m.card_number or "",
                m.party_age_on(today), m.get_theory_display(), m.get_occupation_display(),
            ]  # fmt: skip

    return xlsx_response(_("Party members"), header, rows(), filename="members.xlsx")


# Error reports and logs must not carry personal identifiers.
hide_identifiers = sensitive_post_parameters("citizen_id", "phone")


@require_POST
@hide_identifiers
@login_required
def member_find_by_citizen_id(request: HttpRequest) -> HttpResponse:
    form = CitizenIdForm(request.POST)
    if form.is_valid():
        found = visible_members(request).filter(citizen_id=form.cleaned_data["citizen_id"]).first()
        if found is not None:
            return redirect("member_detail", pk=found.pk)
    messages.error(request, _("No member within your scope has this citizen ID."))
    return redirect("member_list")


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_or_404(request, pk)
    # Who read a member's full record is part of the audit log.
    audit_record(actor=request.user, action="member.view", obj=member)
    today = timezone.localdate()
    context = {
        "member": member,
        "events": member.events.select_related("organization", "to_organization", "recorded_by").order_by("-date", "-id"),
        "today": today,
        "age": member.age_on(today),
        "party_age": member.party_age_on(today),
        "probation_end": services.probation_end(member.admission_date)[0] if member.status == MemberStatus.PROBATIONARY else None,
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, member.organization),
        "can_audit": can(request.user, Action.VIEW_AUDIT, member.organization),
    }
    return render(request, "members/detail.html", context)


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """A member's own record and timeline (self-service)."""
    member = Member.objects.select_related("organization").filter(user_id=request.user.pk or 0).first()
    if member is None:
        return render(request, "members/no_record.html")
    audit_record(actor=request.user, action="member.view", obj=member)
    today = timezone.localdate()
    context = {
        "member": member,
        "events": member.events.select_related("organization", "to_organization", "recorded_by").order_by("-date", "-id"),
        "today": today,
        "age": member.age_on(today),
        "party_age": member.party_age_on(today),
        "own": True,
    }
    return render(request, "members/detail.html", context)


def _target_cell(request: HttpRequest, form: Any, field: str) -> Organization | None:
    code = form.cleaned_data[field].strip()
    found = Organization.objects.visible_to(request.user, Action.MANAGE_MEMBERS).filter(code__iexact=code).first()
    if found is None:
        form.add_error(field, _("No organization with code %(code)s is within your scope.") % {"code": code})
    return found


@hide_identifiers
@login_required
def member_create(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    if scope is None:
        raise Http404
    require(request.user, Action.MANAGE_MEMBERS, scope)
    form = MemberCreateForm(request.POST or None, initial={"submission": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        cell = _target_cell(request, form, "organization")
        if cell is not None:
            d = form.cleaned_data
            member = guarded(
                form,
                lambda: services.member_register(
                    actor=request.user,
                    organization=cell,
                    data=form.personal_data(),
                    admission_date=d["admission_date"],
                    official_date=d["official_date"],
                    card_number=d["card_number"],
                    submission=d["submission"],
                ),
            )
            if member is not None:
                messages.success(request, _("The record of %(name)s was entered.") % {"name": member.full_name})
                return redirect("member_detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "title": _("New member record")})


@hide_identifiers
@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_or_404(request, pk)
    require(request.user, Action.MANAGE_MEMBERS, member.organization)
    initial = {name: getattr(member, name) for name in MemberEditForm.base_fields if hasattr(member, name)}
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = guarded(
            form,
            lambda: services.member_update(
                actor=request.user, member=member, data=form.personal_data(), card_number=d["card_number"], expected_version=d["version"]
            ),
        )
        if done is not None:
            messages.success(request, _("The record was saved."))
            return redirect("member_detail", pk=member.pk)
        member.refresh_from_db()
    return render(request, "members/form.html", {"form": form, "member": member, "title": _("Correct the record")})


EVENTS: dict[str, Any] = {
    "recognize": gettext_lazy("Recognize as official member"),
    "transfer": gettext_lazy("Transfer to another cell"),
    "transfer_out": gettext_lazy("Transfer out of the system"),
    "exempt": gettext_lazy("Exempt from work and activities"),
    "lift": gettext_lazy("Lift the exemption"),
    "remove": gettext_lazy("Remove from the list"),
    "expel": gettext_lazy("Expel"),
    "leave": gettext_lazy("Left the Party"),
    "die": gettext_lazy("Record a death"),
}


def _record_event(kind: str, request: HttpRequest, member: Member, form: EventForm) -> Member | None:
    d = form.cleaned_data
    decision = Decision(number=d["decision_number"], date=d["decision_date"], decided_by=d["decided_by"], note=d["note"])
    common: dict[str, Any] = {"actor": request.user, "member": member, "submission": d["submission"], "expected_version": d["version"]}
    if kind == "recognize":
        return services.member_recognize(decision=decision, **common)
    day: dt.date = d["date"]
    if kind == "transfer":
        target = _target_cell(request, form, "to_organization")
        return services.member_transfer(to_organization=target, date=day, decision=decision, **common) if target else None
    if kind == "transfer_out":
        return services.member_transfer_out(outside=d["outside"], date=day, decision=decision, **common)
    if kind == "remove":
        return services.member_remove(
            reason=d["reason"], votes_for=d["votes_for"], official_members=d["official_members"], date=day, decision=decision, **common
        )
    return services.DATED_EVENTS[kind](date=day, decision=decision, **common)


@login_required
def member_event(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in EVENTS:
        raise Http404
    member = member_or_404(request, pk)
    require(request.user, Action.MANAGE_MEMBERS, member.organization)
    form = EventForm(request.POST or None, kind=kind, initial={"version": member.version, "submission": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        done = guarded(form, lambda: _record_event(kind, request, member, form))
        if done is not None:
            messages.success(request, _("The event was recorded."))
            return redirect("member_detail", pk=member.pk)
        member.refresh_from_db()
    return render(request, "members/form.html", {"form": form, "member": member, "title": EVENTS[kind]})


urlpatterns = [
    path("", member_list, name="member_list"),
    path("export.xlsx", member_export, name="member_export"),
    path("find/", member_find_by_citizen_id, name="member_find"),
    path("new/", member_create, name="member_create"),
    path("me/", my_record, name="my_record"),
    path("<int:pk>/", member_detail, name="member_detail"),
    path("<int:pk>/edit/", member_edit, name="member_edit"),
    path("<int:pk>/<slug:kind>/", member_event, name="member_event"),
]
