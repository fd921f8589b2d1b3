"""Which organization an audited object belongs to, so its log is shown to the right
administrators. A model says it with `organization_lookup`, the lookup from one of its rows to its
organization's id ("organization", "member__organization"; "pk" for the tree itself);
a model without one is shown to the administrators of the whole tree only."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from .scope import tree_model


def organization_of(object_type: str, object_id: str) -> Any:
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    lookup = getattr(model, "organization_lookup", None)
    if lookup is None:
        return None
    try:
        org_ids = model._default_manager.filter(pk=object_id).values(lookup)
        return tree_model().objects.filter(pk__in=org_ids).first()
    except (ValueError, TypeError):
        return None
