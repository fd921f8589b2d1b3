"""The sections other areas add to a document's page: the tasks it gives (their roll-up across
the tree) and the study campaigns about it."""

from __future__ import annotations

from typing import Any

from django import template

from partybuilding.core.scope import Action, can

register = template.Library()


@register.inclusion_tag("directives/_document_tasks.html", takes_context=True)
def document_tasks(context: dict[str, Any], document: Any) -> dict[str, Any]:
    """The document's tasks by status, in all and per organization below the issuer; the
    links to give a task and to send it down, for those who direct there."""
    from django.utils import timezone

    from partybuilding.core.scope import Action, can

    from ..choices import TaskStatus
    from ..selectors.tasks import document_roll_up

    request = context.get("request")
    whole, per_child = document_roll_up(document, timezone.localdate())
    statuses = list(TaskStatus.choices)
    rows = [
        {"label": row.label, "counts": [row.of(code) for code, _label in statuses], "percent_done": row.percent_done}
        for row in [whole, *per_child]
    ]
    user = getattr(request, "user", None)
    return {
        "document": document,
        "request": request,
        "whole": whole,
        "rows": rows,
        "statuses": statuses,
        "may_direct": user is not None and can(user, Action.DIRECT, document.organization),
    }


@register.inclusion_tag("directives/_document_study.html", takes_context=True)
def document_study(context: dict[str, Any], document: Any) -> dict[str, Any]:
    """The campaigns about the document the user sees, each with its completion."""
    from ..counters import study_figures
    from ..selectors.study import Completion, campaigns_of_document

    request = context.get("request")
    user = getattr(request, "user", None)
    campaigns = campaigns_of_document(user, document) if user is not None else []
    shown = [(c, Completion(c.organization, *study_figures([c.organization], c.pk)[c.organization_id])) for c in campaigns]
    scope = getattr(request, "scope", None) or None
    may_open = scope is not None and can(user, Action.DIRECT, scope)
    return {"document": document, "request": request, "campaigns": shown, "may_open": may_open}


@register.simple_tag(takes_context=True)
def may_direct(context: dict[str, Any], org: Any) -> bool:
    """May the user give tasks in `org`'s name (the "Give a task" links on other pages)?"""
    from partybuilding.core.scope import Action, can

    request = context.get("request")
    return request is not None and can(request.user, Action.DIRECT, org)
