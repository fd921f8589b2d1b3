"""Which organization an audited object belongs to, so its log is shown to the right
administrators. Each app registers its record types here, by the way from the record to
its organization."""

from __future__ import annotations

from typing import Any

from django.db import models

from .scope import tree_model

_PATHS: dict[str, tuple[type[models.Model], str]] = {}


def register_path(model: type[models.Model], to_organization: str) -> None:
    """`to_organization`: the lookup from a row of `model` to its organization's id
    ("organization", "member__organization"; "pk" for the tree itself)."""
    _PATHS[model._meta.label_lower] = (model, to_organization)


def organization_of(object_type: str, object_id: str) -> Any:
    found = _PATHS.get(object_type)
    if found is None:
        return None
    model, lookup = found
    try:
        org_ids = model._default_manager.filter(pk=object_id).values(lookup)
        return tree_model().objects.filter(pk__in=org_ids).first()
    except (ValueError, TypeError):
        return None
