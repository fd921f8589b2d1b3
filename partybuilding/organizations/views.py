from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.rules import rule_value
from partybuilding.core.scope import Action, can, organization_or_404, require, scope_of
from partybuilding.core.xlsx import xlsx_response

from . import selectors, services
from .choices import OrgKind, OrgStatus
from .forms import AsOfForm, CreateForm, DissolveForm, MergeForm, MoveForm, RenameForm, SplitForm, TermForm
from .models import Organization

PAGE_SIZE = 50


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
        context["page"] = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
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
    """<option>s for the organization pickers: active organizations the user may manage."""
    query = request.GET.get("q", "").strip()
    found = selectors.search(_visible(request, Action.MANAGE_ORGANIZATIONS).active(), query)[:20] if len(query) >= 2 else []
    return render(request, "organizations/_options.html", {"found": found})


@login_required
def export(request: HttpRequest) -> FileResponse:
    """The scope's subtree (or a search) as an Excel file."""
    scope = scope_of(request)
    visible = _visible(request)
    query = request.GET.get("q", "").strip()
    orgs = selectors.search(visible, query) if query else (visible.within(scope) if scope else visible)
    orgs = orgs.select_related("parent").order_by("path")
    header = [_("Code"), _("Name"), _("Kind"), _("Parent"), _("Status"), _("Founded on"), _("Dissolved on"), _("Level")]

    def rows() -> Any:
        for o in orgs.iterator(chunk_size=5000):
            yield [
                o.code,
                o.name,
                o.get_kind_display(),
                o.parent.name if o.parent else "",
                o.get_status_display(),
                o.founded_on,
                o.dissolved_on,
                o.depth,
            ]

    return xlsx_response(_("Organizations"), header, rows(), filename="organizations.xlsx")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = organization_or_404(request.user, pk)
    visible = _visible(request)
    child_rows = selectors.children_rows(visible, org, include_ended=True)
    page = Paginator(child_rows, PAGE_SIZE).get_page(request.GET.get("page"))
    events = org.events.select_related("related", "recorded_by").order_by("-date", "-id")[:100]
    context = {
        "org": org,
        "trail": selectors.path_to_root(org),
        "counts": sorted(selectors.kind_counts(org).items(), key=lambda kv: selectors.KIND_ORDER.index(kv[0])),
        "kind_labels": dict(OrgKind.choices),
        "page": page,
        "events": events,
        "terms": org.terms.all(),
        "predecessors": org.predecessors.all(),
        "can_manage": can(request.user, Action.MANAGE_ORGANIZATIONS, org),
        "can_audit": can(request.user, Action.VIEW_AUDIT, org),
        "can_view_members": can(request.user, Action.VIEW_MEMBERS, org),
        "visible_successor": org.successor if org.successor and visible.filter(pk=org.successor_id).exists() else None,
    }
    return render(request, "organizations/detail.html", context)


def _target(request: HttpRequest, form: forms.Form, field: str) -> Organization | None:
    code = form.cleaned_data[field].strip()
    found = _visible(request, Action.MANAGE_ORGANIZATIONS).filter(code__iexact=code).first()
    if found is None:
        form.add_error(field, _("No organization with code %(code)s is within your scope.") % {"code": code})
    return found


def _allowed_child_kinds(parent: Organization) -> list[str]:
    from django.utils import timezone

    allowed = rule_value("org.allowed_children", timezone.localdate())
    return list(allowed.get(parent.kind, []))


ACTIONS: dict[str, tuple[type[forms.Form], Any]] = {
    "rename": (RenameForm, gettext_lazy("Rename")),
    "move": (MoveForm, gettext_lazy("Move")),
    "merge": (MergeForm, gettext_lazy("Merge")),
    "split": (SplitForm, gettext_lazy("Split")),
    "dissolve": (DissolveForm, gettext_lazy("Dissolve")),
}


def _perform(action: str, request: HttpRequest, org: Organization, form: Any) -> Organization | None:
    d = form.cleaned_data
    common = {"actor": request.user, "org": org, "date": d["date"], "decision": form.decision(), "expected_version": d["version"]}
    if action == "rename":
        return services.organization_rename(name=d["name"], **common)
    if action == "move":
        target = _target(request, form, "new_parent")
        return services.organization_move(new_parent=target, **common) if target else None
    if action == "merge":
        target = _target(request, form, "into")
        return services.organization_merge(into=target, **common) if target else None
    if action == "split":
        if org.parent is not None:
            require(request.user, Action.MANAGE_ORGANIZATIONS, org.parent)  # the new parts are founded beside it
        services.organization_split(parts=d["parts"], dissolve_original=d["dissolve_original"], **common)
        return org
    services.organization_dissolve(**common)
    return org


def _guarded(form: forms.Form, request: HttpRequest, run: Callable[[], Any]) -> Any:
    """Run a service; turn a refusal or a concurrent edit into messages on the form."""
    try:
        return run()
    except Refusal as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.text)
    except ConcurrentEdit as conflict:
        data = form.data.copy()  # type: ignore[attr-defined]
        data["version"] = conflict.current.version
        form.data = data
        form.add_error(None, str(conflict))
        request.conflict = conflict.current  # type: ignore[attr-defined]
    return None


@login_required
def restructure(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    org = organization_or_404(request.user, pk)
    require(request.user, Action.MANAGE_ORGANIZATIONS, org)
    form_class, title = ACTIONS[action]
    initial = {"version": org.version, "name": org.name}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _guarded(form, request, lambda: _perform(action, request, org, form))
        if done is not None:
            messages.success(request, _("The change was recorded."))
            return redirect("organization_detail", pk=org.pk)
        org.refresh_from_db()
    return render(
        request,
        "organizations/action.html",
        {"org": org, "form": form, "title": title, "action": action, "conflict": getattr(request, "conflict", None)},
    )


@login_required
def create_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = organization_or_404(request.user, pk)
    require(request.user, Action.MANAGE_ORGANIZATIONS, parent)
    if parent.status != OrgStatus.ACTIVE:
        raise Http404
    form = CreateForm(request.POST or None, kinds=_allowed_child_kinds(parent))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        created = _guarded(
            form,
            request,
            lambda: services.organization_create(
                actor=request.user,
                parent=parent,
                code=d["code"],
                name=d["name"],
                kind=d["kind"],
                founded_on=d["date"],
                decision=form.decision(),
            ),
        )
        if created is not None:
            messages.success(request, _("%(org)s was founded.") % {"org": created.name})
            return redirect("organization_detail", pk=created.pk)
    return render(
        request, "organizations/action.html", {"org": parent, "form": form, "title": _("New sub-organization"), "action": "create"}
    )


@login_required
def term_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = organization_or_404(request.user, pk)
    require(request.user, Action.MANAGE_ORGANIZATIONS, org)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        term = _guarded(
            form,
            request,
            lambda: services.term_create(
                actor=request.user,
                org=org,
                start_year=d["start_year"],
                end_year=d["end_year"],
                congress_date=d["congress_date"],
                note=d["note"],
            ),
        )
        if term is not None:
            messages.success(request, _("The term was recorded."))
            return redirect("organization_detail", pk=org.pk)
    return render(request, "organizations/action.html", {"org": org, "form": form, "title": _("New term"), "action": "term"})
