from __future__ import annotations

from typing import Any

from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def bell(request: Any) -> dict[str, Any]:
    """The header's unread count, counted only when a page shows the bell."""
    return {"unread_notices": SimpleLazyObject(lambda: unread_count(request.user))}
