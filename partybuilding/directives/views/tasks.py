"""Tasks "3 clear": the list of a scope with its filters and export, a task given from a
document, a meeting or an inspection, the task's page with its history and next steps, each
step's form, the split down, the evidence file, a document sent down, and the overview."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.exporting import is_short
from partybuilding.core.files import attachment
from partybuilding.core.forms import form_page, guarded, posted, saved, step_page
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, require, visible_or_404
from partybuilding.core.xlsx import xlsx_response
from partybuilding.inspections.models import Case
from partybuilding.meetings.models import Meeting
from partybuilding.organizations.models import Organization

from .. import exports
from ..forms.tasks import DistributeForm, SplitForm, TaskFilterForm, TaskForm, TaskStepForm
from ..models import Document, Task, TaskStep
from ..selectors import tasks as selectors
from ..services import distribute
from ..services.tasks import TASK, source_of, task_create

TASK_SORTS = {"deadline": ("deadline",), "organization": ("org_path",), "state": ("state", "deadline"), "progress": ("progress",)}


def _listed(request: HttpRequest) -> tuple[TaskFilterForm, Any, QuerySet[Task]]:
    scope = list_scope(request, Action.VIEW, required=True)
    form = TaskFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.filtered_tasks(selectors.tasks_in(request.user, scope), filters, timezone.localdate(), scope)
    return form, scope, rows


@login_required
def directive_tasks(request: HttpRequest) -> HttpResponse:
    form, scope, rows = _listed(request)
    listing = Listing(request, TASK_SORTS, per_page=50)
    page = listing.page(rows.order_by("deadline", "pk"))
    page.object_list = selectors.with_status(page.object_list, timezone.localdate())
    return render(request, "directives/task_list.html", {"form": form, "within": scope, "listing": listing, "page": page, "search": True})


@login_required
def directive_tasks_xlsx(request: HttpRequest) -> HttpResponseBase:
    """The tasks as Excel: at once when the list is short, else as a background job (its
    page shows the progress and offers the file)."""
    _form, scope, rows = _listed(request)
    if is_short(rows):
        return xlsx_response(_("Tasks"), exports.task_header(), exports.task_rows(rows, timezone.localdate()), filename="tasks.xlsx")
    job = start("directives.tasks_export", user=request.user, org_path=scope.path, params={"query": request.GET.dict(), "within": scope.pk})
    return redirect("job_page", pk=job.pk)


def _source(request: HttpRequest) -> dict[str, Any]:
    """The document, meeting or inspection named in the query, as the user sees it."""
    for name, model, action in (
        ("document", Document, Action.VIEW),
        ("meeting", Meeting, Action.VIEW_MEMBERS),
        ("case", Case, Action.INSPECT),
    ):
        if request.GET.get(name):
            return {name: visible_or_404(model.objects.select_related("organization"), request.user, request.GET[name], action)}
    raise Http404


@login_required
def directive_task_new(request: HttpRequest) -> HttpResponse:
    given = _source(request)
    source = next(iter(given.values()))
    require(request.user, Action.DIRECT, source.organization)
    form = TaskForm(posted(request), user=request.user)
    if done := saved(
        request,
        form,
        task_create,
        actor=request.user,
        **given,
        message=_("The task was given."),
        then=lambda t: reverse("directive_task", args=[t.pk]),
    ):
        return done
    title = _("Give a task — %(source)s") % {"source": source}
    back = reverse("directive_tasks")
    return form_page(request, form, title=title, back=back, status=422 if form.is_bound else 200)


@login_required
def directive_task(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_or_404(request.user, pk)
    today = timezone.localdate()
    offered = [s for s in TASK.offered(task) if selectors.may_act(request.user, task, s.name) and (not task.split or s.name == "cancel")]
    context = {
        "task": task,
        "status": task.status_on(today),
        "days_left": (task.deadline - today).days if task.state in selectors.OPEN else None,
        "children": selectors.with_status(
            task.children.select_related("organization").order_by("org_path")[: selectors.CHILDREN_SHOWN], today
        ),
        "children_count": task.children.count() if task.split else 0,
        "steps": TASK.labelled(
            TaskStep.objects.filter(task=task).select_related("recorded_by").order_by("date", "pk"), split=_("Split down")
        ),
        "offered": offered,
        **_source_link(task),
        "can_split": task.state in selectors.OPEN and can(request.user, Action.DIRECT, task.organization),
    }
    return render(request, "directives/task_detail.html", context)


def _source_link(task: Task) -> dict[str, Any]:
    """The task's source and its page."""
    for source, route in ((task.document, "directive_document"), (task.meeting, "meeting_detail"), (task.case, "inspection_case")):
        if source is not None:
            return {"source": source, "source_url": reverse(route, args=[source.pk])}
    return {"source": "", "source_url": ""}


@login_required
def directive_task_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    task = selectors.task_or_404(request.user, pk)
    if kind not in TASK.steps:
        raise Http404
    if not selectors.may_act(request.user, task, kind):
        raise PermissionDenied
    files = request.FILES if request.method == "POST" else None
    form = TaskStepForm(posted(request), files, kind=kind, task=task)
    confirm = _("Cancel this task and the tasks split from it?") if kind == "cancel" else None
    back, listed = reverse("directive_task", args=[task.pk]), (_("Tasks"), reverse("directive_tasks"))
    return step_page(request, form, TASK, kind, obj=task, back=back, listed=listed, confirm=confirm)


@login_required
def directive_task_split(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_or_404(request.user, pk, Action.DIRECT)
    form = SplitForm(posted(request), user=request.user)
    back = reverse("directive_task", args=[task.pk])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ids = list(Organization.objects.filter(code__in=d["codes"]).values_list("pk", flat=True))
        if len(ids) != len(set(d["codes"])):
            form.add_error("organizations", _("Some codes are not organizations of the tree."))
        elif d["kind"] or len(ids) > distribute.INLINE_AT_MOST:
            from ..jobs import split_params

            params = split_params(task, ids=ids, kind=d["kind"], deadline=d["deadline"], responsible_person=d["responsible_person"])
            job = start("directives.split", user=request.user, org_path=task.org_path, params=params)
            return redirect("job_page", job.pk)
        else:
            orgs = list(Organization.objects.filter(pk__in=ids))
            done = guarded(form, _split_inline, task, orgs, d, request.user)
            if done is not None:
                return redirect(back)
    crumbs = [(_("Tasks"), reverse("directive_tasks")), (str(task), back), (_("Split down"), request.path)]
    title = _("Split down — %(task)s") % {"task": task}
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200)


def _split_inline(task: Task, orgs: list[Organization], d: dict[str, Any], user: Any) -> Task:
    return distribute.task_split(
        actor=user, task=task, organizations=orgs, deadline=d["deadline"], responsible_person=d["responsible_person"]
    )


@login_required
def directive_task_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A step's evidence file, as an attachment, for those who read the task."""
    row = TaskStep.objects.filter(pk=pk).exclude(evidence_file="").first()
    if row is None:
        raise Http404
    selectors.task_or_404(request.user, row.task_id)
    try:
        with row.evidence_file.open("rb") as handle:
            content = handle.read()
    except OSError as exc:
        raise Http404 from exc
    name = (row.evidence_file.name or "").rsplit("/", 1)[-1]
    declared = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}.get(name.rsplit(".", 1)[-1], "")
    return attachment(content, name, declared)


@login_required
def directive_distribute(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_or_404(Document.objects.select_related("organization"), request.user, pk, Action.DIRECT)
    source_of(document=document)
    form = DistributeForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        params = {"document": document.pk, **{k: d[k] for k in ("kind", "work", "working_days", "expected_result", "responsible_person")}}
        params["deadline"] = d["deadline"].isoformat() if d["deadline"] else None
        job = start("directives.distribute", user=request.user, org_path=document.org_path, params=params)
        return redirect("job_page", job.pk)
    title = _("Send down with a task — %(document)s") % {"document": document.number}
    return form_page(
        request, form, title=title, back=reverse("directive_tasks") + f"?document={document.pk}", status=422 if form.is_bound else 200
    )


@login_required
def directive_overview(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.VIEW, required=True)
    whole, children = selectors.overview(scope, timezone.localdate())
    return render(request, "directives/overview.html", {"within": scope, "whole": whole, "children": children})


urlpatterns: list[URLPattern] = [
    path("tasks/", directive_tasks, name="directive_tasks"),
    path("tasks/tasks.xlsx", directive_tasks_xlsx, name="directive_tasks_xlsx"),
    path("tasks/new/", directive_task_new, name="directive_task_new"),
    path("tasks/<int:pk>/", directive_task, name="directive_task"),
    path("tasks/<int:pk>/split/", directive_task_split, name="directive_task_split"),
    path("tasks/<int:pk>/<str:kind>/", directive_task_step, name="directive_task_step"),
    path("task-steps/<int:pk>/evidence", directive_task_evidence, name="directive_task_evidence"),
    path("documents/<int:pk>/distribute/", directive_distribute, name="directive_distribute"),
    path("overview/", directive_overview, name="directive_overview"),
]
