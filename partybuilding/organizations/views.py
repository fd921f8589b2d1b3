from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.exporting import is_short
from partybuilding.core.forms import form_page, saved
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.rules import rule_value
from partybuilding.core.scope import Action, can, organization_or_404, require, scope_of
from partybuilding.core.xlsx import xlsx_response

from . import exports, selectors, services
from .choices import OrgKind, OrgStatus
from .forms import (
    AsOfForm,
    CreateForm,
    DissolveForm,
    FactsForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
    TermForm,
    VersionedDecisionForm,
)
from .models import Organization
from .services.units import ABOVE_UNITS

PAGE_SIZE = 50
SEARCH_SORTS = {"name": ("name_search",), "code": ("code",), "kind": ("kind",), "status": ("status",)}
CHILD_SORTS = {"name": ("org__name",), "kind": ("org__kind",), "below": ("suborganizations",), "status": ("org__status",)}


def _visible(request: HttpRequest, action: Action = Action.VIEW) -> Any:
    return Organization.objects.visible_to(request.user, action)


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    """The tree from the user's scope down; a search; or the tree as of a past date."""
    visible = _visible(request)
    query = request.GET.get("q", "").strip()
    as_of = AsOfForm(request.GET or None)
    context: dict[str, Any] = {"query": query, "as_of_form": as_of}
    if query:
        results = selectors.search(visible, query)
        listing = Listing(request, SEARCH_SORTS, per_page=PAGE_SIZE)
        context.update(page=listing.page(results), listing=listing)
        return render(request, "organizations/search.html", context)
    if as_of.is_valid() and as_of.cleaned_data.get("on"):
        on = as_of.cleaned_data["on"]
        parent_id = request.GET.get("parent")
        parent = organization_or_404(request.user, parent_id) if parent_id else None
        if parent is None:
            tops = selectors.top_organizations(request.user)
            rows = [r for top in tops for r in selectors.tree_as_of(top.parent_id, on, visible) if r.organization_id == top.pk]
            if not rows:
                rows = selectors.tree_as_of(None, on, visible)
        else:
            rows = selectors.tree_as_of(parent.pk, on, visible)
        context.update(
            {"on": on, "past_rows": rows, "parent": parent, "trail": [*selectors.path_to_root(parent), parent] if parent else []}
        )
        return render(request, "organizations/tree_past.html", context)
    scope = scope_of(request)
    tops = [scope] if scope else selectors.top_organizations(request.user)
    context["rows"] = selectors.root_rows(visible, tops)
    context["open_rows"] = {row.org.pk: selectors.children_rows(visible, row.org) for row in context["rows"][:1]}
    return render(request, "organizations/tree.html", context)


@login_required
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of one node (the fragment the tree loads when a node is opened)."""
    org = organization_or_404(request.user, pk)
    rows = selectors.children_rows(_visible(request), org, include_ended=request.GET.get("ended") == "1")
    return render(request, "organizations/_tree_rows.html", {"rows": rows, "level": org.depth})


@login_required
def options(request: HttpRequest) -> HttpResponse:
    """<option>s for the organization pickers: active organizations the user may act on
    (`?action=`, the picker's; without it, those the user sees)."""
    query = request.GET.get("q", "").strip()
    action = Action(request.GET["action"]) if request.GET.get("action") in set(Action) else Action.VIEW
    found = selectors.search(_visible(request, action).active(), query).select_related("parent")[:20] if len(query) >= 2 else []
    return render(request, "organizations/_options.html", {"found": found})


@login_required
def export(request: HttpRequest) -> HttpResponseBase:
    """The scope's subtree (or a search) as an Excel file: at once when short, else as a
    background job (its page shows the progress and offers the file)."""
    scope = scope_of(request)
    query = request.GET.get("q", "").strip()
    orgs = exports.exported(request.user, scope, query)
    if is_short(orgs):
        return xlsx_response(_("Organizations"), exports.header(), exports.rows(orgs), filename="organizations.xlsx")
    params = {"within": scope.pk if scope else None, "q": query}
    job = start("organizations.export", user=request.user, org_path=scope.path if scope else "", params=params)
    return redirect("job_page", pk=job.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = organization_or_404(request.user, pk)
    visible = _visible(request)
    child_rows = selectors.children_rows(visible, org, include_ended=True)
    listing = Listing(request, CHILD_SORTS, per_page=PAGE_SIZE, tie_breaker="org__pk")
    page = listing.page(child_rows)
    events = org.events.select_related("related", "recorded_by").order_by("-date", "-id")[:100]
    trail = selectors.path_to_root(org)
    context = {
        "org": org,
        "trail": trail,
        # Above the user's scope an organization is named, not linked (it would answer 404).
        "reachable": set(visible.filter(pk__in=[a.pk for a in trail]).values_list("pk", flat=True)),
        "counts": sorted(selectors.kind_counts(org).items(), key=lambda kv: selectors.KIND_ORDER.index(kv[0])),
        "kind_labels": dict(OrgKind.choices),
        "page": page,
        "listing": listing,
        "events": events,
        "terms": org.terms.all(),
        "predecessors": org.predecessors.all(),
        "can_manage": can(request.user, Action.MANAGE_ORGANIZATIONS, org),
        "can_audit": can(request.user, Action.VIEW_AUDIT, org),
        "can_view_members": can(request.user, Action.VIEW_MEMBERS, org),
        "can_manage_members": can(request.user, Action.MANAGE_MEMBERS, org),
        "this_month": timezone.localdate().replace(day=1),
        "collects_dues": org.is_active and org.kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL),
        "unit_facts": org.kind not in ABOVE_UNITS,  # a type of unit, non-members left: from the grassroots down
        "visible_successor": org.successor if org.successor and visible.filter(pk=org.successor_id).exists() else None,
    }
    return render(request, "organizations/detail.html", context)


def _allowed_child_kinds(parent: Organization) -> list[str]:
    from django.utils import timezone

    allowed = rule_value("org.allowed_children", timezone.localdate())
    return list(allowed.get(parent.kind, []))


FORMS: dict[str, type[VersionedDecisionForm]] = {
    "rename": RenameForm,
    "move": MoveForm,
    "merge": MergeForm,
    "split": SplitForm,
    "dissolve": DissolveForm,
}


def _founded(org: Organization) -> str:
    return _("%(org)s was founded.") % {"org": org.name}


def _org_url(org: Organization) -> str:
    return reverse("organization_detail", args=[org.pk])


def _action_page(request: HttpRequest, org: Organization, form: Any, title: Any, **extra: Any) -> HttpResponse:
    back = _org_url(org)
    return form_page(
        request, form, title=title, back=back, crumbs=[(org.name, back)], template="organizations/action.html", org=org, **extra
    )


@login_required
def restructure(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of RESTRUCTURING (rename, move, merge, split, dissolve) on an organization."""
    step = services.RESTRUCTURING.steps.get(action)
    if step is None:
        raise Http404
    org = organization_or_404(request.user, pk, Action.MANAGE_ORGANIZATIONS)
    if action == "split" and org.parent is not None:
        require(request.user, Action.MANAGE_ORGANIZATIONS, org.parent)  # the new parts are founded beside it
    form = FORMS[action](request.POST or None, user=request.user, initial={"version": org.version, "name": org.name})
    message = _("The change was recorded.")
    if done := saved(request, form, services.RESTRUCTURING.run, action, actor=request.user, obj=org, message=message, then=_org_url(org)):
        return done
    if form.is_bound:
        org.refresh_from_db()  # refused: the page shows the organization as it is now
    confirm = _("Dissolve %(name)s? Once saved, it leaves the active tree.") % {"name": org.name} if action == "dissolve" else ""
    return _action_page(request, org, form, step.label, conflict=getattr(form, "conflict", None), confirm=confirm)


@login_required
def create_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = organization_or_404(request.user, pk, Action.MANAGE_ORGANIZATIONS)
    if parent.status != OrgStatus.ACTIVE:
        raise Http404
    form = CreateForm(request.POST or None, kinds=_allowed_child_kinds(parent), parent=parent)
    if done := saved(request, form, services.organization_create, actor=request.user, parent=parent, message=_founded, then=_org_url):
        return done
    return _action_page(request, parent, form, _("New sub-organization"))


@login_required
def facts(request: HttpRequest, pk: int) -> HttpResponse:
    """The organization's facts for the statistics: its type of unit (shared with the
    organizations under it) and whether any non-member is left to admit there."""
    org = organization_or_404(request.user, pk, Action.MANAGE_ORGANIZATIONS)
    if not org.is_active:
        raise Http404
    form = FactsForm(request.POST or None, org=org)
    message = _("The facts for the statistics were saved.")
    if done := saved(request, form, services.organization_facts_set, actor=request.user, org=org, message=message, then=_org_url(org)):
        return done
    if form.is_bound:
        org.refresh_from_db()  # refused: the page shows the organization as it is now
    return _action_page(request, org, form, _("Facts for the statistics"), conflict=getattr(form, "conflict", None))


@login_required
def term_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = organization_or_404(request.user, pk, Action.MANAGE_ORGANIZATIONS)
    form = TermForm(request.POST or None)
    if done := saved(
        request, form, services.term_create, actor=request.user, org=org, message=_("The term was recorded."), then=_org_url(org)
    ):
        return done
    return _action_page(request, org, form, _("New term"))
