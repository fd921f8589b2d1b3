"""Plannings: the list of a scope, a new planning with its approval, a planning's page (the
table on any day, its decisions, the exits to record), a review's decision, a cadre added to
a post or removed at a review, an automatic exit recorded, the table's Excel and PDF, the
structure against the targets, and the automatic exits of a scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core import charts
from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, posted, saved
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.pdf import pdf_response
from partybuilding.core.records import day_text
from partybuilding.core.scope import Action, can, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from ..forms.planning import EntryForm, ExitForm, ExitsFilterForm, PlanningForm, RemoveForm, ReviewForm, TableDayForm
from ..models import Cadre, Planning, Position
from ..selectors import planning as selectors
from ..selectors.planning_table import planning_table
from ..selectors.structure import structure
from ..services import planning as services

PLANNING_SORTS = {"term": ("starts_on",), "organization": ("org_path",)}


def _day(request: HttpRequest) -> tuple[TableDayForm, dt.date]:
    form = TableDayForm(request.GET or None)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    return form, on or timezone.localdate()


def _crumbs(planning: Planning, title: str, here: str) -> list[tuple[str, str]]:
    return [
        (_("Plannings of cadres"), reverse("cadre_plannings")),
        (str(planning), reverse("cadre_planning", args=[planning.pk])),
        (title, here),
    ]


@login_required
def cadre_plannings(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    listing = Listing(request, PLANNING_SORTS, per_page=50)
    rows = selectors.plannings_in(request.user, scope).order_by("-starts_on", "org_path", "pk")
    context = {
        "within": scope,
        "listing": listing,
        "page": listing.page(rows),
        "can_manage": can(request.user, Action.MANAGE_CADRES, scope),
    }
    return render(request, "cadres/planning_list.html", context)


@login_required
def cadre_planning_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_CADRES)
    form = PlanningForm(posted(request), user=request.user, initial={"organization": scope})
    back = reverse("cadre_plannings")
    if done := saved(
        request,
        form,
        services.planning_create,
        actor=request.user,
        message=_("The planning was recorded with its approval."),
        then=lambda p: reverse("cadre_planning", args=[p.pk]),
    ):
        return done
    return form_page(request, form, title=_("New planning of cadres"), back=back, status=422 if form.is_bound else 200)


@login_required
def cadre_planning(request: HttpRequest, pk: int) -> HttpResponse:
    planning = selectors.planning_or_404(request.user, pk)
    day_form, on = _day(request)
    today = timezone.localdate()
    context = {
        "planning": planning,
        "day_form": day_form,
        "on": on,
        "today": today,
        "rows": planning_table(planning, on),
        "decisions": selectors.decisions_of(planning),
        "exits": selectors.pending_exits(request.user, planning.organization, today, planning=planning),
        "can_manage": can(request.user, Action.MANAGE_CADRES, planning.organization),
        "query": request.GET.urlencode(),
    }
    return render(request, "cadres/planning_detail.html", context)


def _table_lines(planning: Planning, on: dt.date) -> list[list[Any]]:
    display = Display()  # each choice field's labels looked up once, not once a row
    lines = []
    for row in planning_table(planning, on):
        for line in row.lines:
            cadre = line.entry.cadre
            lines.append(
                [
                    row.position.name,
                    cadre.full_name,
                    cadre.date_of_birth.year,
                    line.age,
                    display(cadre, "gender"),
                    display(cadre, "ethnicity"),
                    "; ".join(line.present_posts),
                    display(cadre, "theory"),
                    display(cadre, "qualification"),
                    line.entry.added_on,
                    "; ".join(line.lacking),
                ]
            )
    return lines


@login_required
def cadre_planning_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    planning = selectors.planning_or_404(request.user, pk)
    _form, on = _day(request)
    header = [_("Post"), _("Full name"), _("Year of birth"), _("Age"), _("Gender"), _("Ethnicity"), _("Posts held now"), _("Political theory"), _("Professional qualification"), _("Planned on"), _("Still lacks")]  # fmt: skip
    lines = _table_lines(planning, on)
    audit_export(actor=request.user, what="cadres.planning", rows=len(lines), within=planning.organization, planning=planning.pk, on=on.isoformat())  # fmt: skip
    title = _("Planning %(term)s") % {"term": planning.term_label}
    return xlsx_response(title, header, lines, filename=f"planning-{planning.organization.code}-{planning.pk}.xlsx")


@login_required
def cadre_planning_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    planning = selectors.planning_or_404(request.user, pk)
    _form, on = _day(request)
    rows = planning_table(planning, on)
    audit_export(actor=request.user, what="cadres.planning", rows=sum(r.count for r in rows), within=planning.organization, planning=planning.pk, format="pdf")  # fmt: skip
    context = {"planning": planning, "on": on, "rows": rows, "today": timezone.localdate()}
    return pdf_response(request, "cadres/planning_pdf.html", context, f"planning-{planning.organization.code}-{planning.pk}.pdf")


@login_required
def cadre_planning_review_new(request: HttpRequest, pk: int) -> HttpResponse:
    planning = selectors.planning_or_404(request.user, pk, Action.MANAGE_CADRES)
    form = ReviewForm(posted(request))
    back = reverse("cadre_planning", args=[planning.pk])
    if done := saved(request, form, services.review_record, actor=request.user, planning=planning, message=_("The review's decision was recorded."), then=back):  # fmt: skip
        return done
    title = _("Yearly review of the planning")
    note = _("Cadres added to and removed from the planning at this review name its decision.")
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(planning, title, request.path), status=422 if form.is_bound else 200, note=note)  # fmt: skip


@login_required
def cadre_planning_entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    planning = selectors.planning_or_404(request.user, pk, Action.MANAGE_CADRES)
    decisions = planning.decisions.order_by("-decision_date", "-pk")
    positions = Position.objects.filter(managed_by=planning.organization, active=True).order_by("grade", "name")
    cadres = Cadre.objects.visible_to(request.user).within(planning.organization).order_by("sort_key", "pk")
    initial = {"decision": decisions.first(), "position": request.GET.get("position")}
    form = EntryForm(posted(request), decisions=decisions, positions=positions, cadres=cadres, initial=initial)
    back = reverse("cadre_planning", args=[planning.pk])
    if done := saved(request, form, services.entry_add, actor=request.user, planning=planning, message=_("The cadre was added to the planning."), then=back):  # fmt: skip
        return done
    title = _("Add a cadre to the planning")
    note = _("The rules in force on the decision's date are checked: the limits per post and per cadre, a higher post, the age for a full term, no discipline in force, no appointment being proposed to the post.")  # fmt: skip
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(planning, title, request.path), status=422 if form.is_bound else 200, note=note)  # fmt: skip


@login_required
def cadre_planning_entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_or_404(request.user, pk, Action.MANAGE_CADRES)
    form = RemoveForm(posted(request), decisions=entry.planning.decisions.order_by("-decision_date"), initial={"version": entry.version})
    back = reverse("cadre_planning", args=[entry.planning_id])
    if done := saved(request, form, services.entry_remove, actor=request.user, entry=entry, message=_("The cadre was removed from the planning."), then=back):  # fmt: skip
        return done
    title = _("Remove %(cadre)s from the planning for %(post)s") % {"cadre": entry.cadre.full_name, "post": entry.position.name}
    note = _("A cadre leaves the planning by a review decision; record the review first.")
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(entry.planning, title, request.path), status=422 if form.is_bound else 200, note=note, confirm=_("Remove this cadre from the planning?"), submit=_("Remove from the planning"))  # fmt: skip


@login_required
def cadre_planning_entry_exit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_or_404(request.user, pk, Action.MANAGE_CADRES)
    gone = selectors.automatic_exit_of(entry, timezone.localdate())
    form = ExitForm(posted(request), initial={"version": entry.version})
    back = reverse("cadre_planning", args=[entry.planning_id])
    if done := saved(request, form, services.exit_record, actor=request.user, entry=entry, message=_("The exit from the planning was recorded."), then=back):  # fmt: skip
        return done
    title = _("Record the exit of %(cadre)s from the planning") % {"cadre": entry.cadre.full_name}
    if gone is not None:
        note = _("Left on %(date)s: %(reason)s.") % {"date": day_text(gone.on), "reason": gone.reason_label}
    else:
        note = _("This cadre has not left the planning by a discipline or by age.")
    return form_page(request, form, title=title, back=back, crumbs=_crumbs(entry.planning, title, request.path), status=422 if form.is_bound else 200, note=note, confirm=_("Record this exit from the planning?"), submit=_("Record the exit"))  # fmt: skip


def _share_figures(rows: Any) -> list[Any]:
    class Bar:
        def __init__(self, label: str, value: int) -> None:
            self.label, self.value = label, value

    bars = []
    for row in rows:
        for name, share in ((_("Women"), row.women), (_("Young cadres"), row.young), (_("Ethnic minority"), row.minority)):
            label = f"{row.label} · {name}"
            if share.target is not None:
                label = _("%(label)s (target: at least %(target)s percent)") % {"label": label, "target": share.target}
            bars.append(Bar(label, int(share.percent)))
    return bars


@login_required
def cadre_planning_structure(request: HttpRequest, pk: int) -> HttpResponse:
    planning = selectors.planning_or_404(request.user, pk)
    day_form, on = _day(request)
    found = structure(planning, on)
    chart = charts.bar_chart(_share_figures(found.rows), _("Shares of the planning against the targets (percent)"), whole=0)
    context = {"planning": planning, "day_form": day_form, "on": on, "structure": found, "chart": chart}
    return render(request, "cadres/structure_page.html", context)


@login_required
def cadre_planning_exits(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    form = ExitsFilterForm(request.GET or None)
    reason = form.cleaned_data.get("reason") if form.is_valid() else ""
    exits = selectors.pending_exits(request.user, scope, timezone.localdate())
    exits = [x for x in exits if not reason or x.reason == reason]
    context = {"within": scope, "form": form, "exits": exits, "can_manage": can(request.user, Action.MANAGE_CADRES, scope)}
    return render(request, "cadres/planning_exits.html", context)


urlpatterns: list[URLPattern] = [
    path("planning/", cadre_plannings, name="cadre_plannings"),
    path("planning/new/", cadre_planning_new, name="cadre_planning_new"),
    path("planning/exits/", cadre_planning_exits, name="cadre_planning_exits"),
    path("planning/<int:pk>/", cadre_planning, name="cadre_planning"),
    path("planning/<int:pk>/table.xlsx", cadre_planning_xlsx, name="cadre_planning_xlsx"),
    path("planning/<int:pk>/table.pdf", cadre_planning_pdf, name="cadre_planning_pdf"),
    path("planning/<int:pk>/structure/", cadre_planning_structure, name="cadre_planning_structure"),
    path("planning/<int:pk>/reviews/new/", cadre_planning_review_new, name="cadre_planning_review_new"),
    path("planning/<int:pk>/entries/new/", cadre_planning_entry_new, name="cadre_planning_entry_new"),
    path("planning-entries/<int:pk>/remove/", cadre_planning_entry_remove, name="cadre_planning_entry_remove"),
    path("planning-entries/<int:pk>/exit/", cadre_planning_entry_exit, name="cadre_planning_entry_exit"),
]
