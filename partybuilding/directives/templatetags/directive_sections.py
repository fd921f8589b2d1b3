"""The sections other areas add to a document's page: the tasks it gives (their roll-up across
the tree) and the study campaigns about it."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("directives/_document_tasks.html", takes_context=True)
def document_tasks(context: dict[str, Any], document: Any) -> dict[str, Any]:
    return {"document": document, "request": context.get("request")}


@register.inclusion_tag("directives/_document_study.html", takes_context=True)
def document_study(context: dict[str, Any], document: Any) -> dict[str, Any]:
    return {"document": document, "request": context.get("request")}
