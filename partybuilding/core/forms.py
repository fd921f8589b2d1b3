"""What every page's form does with a service's answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import ConcurrentEdit, Refusal


def guarded(form: Any, run: Callable[[], Any]) -> Any:
    """Run a service and return its result; a refusal becomes the form's error (on the
    field it names), a concurrent edit too, with the form's version moved to the current
    one so that the user sees the change and may save again. None when refused."""
    try:
        return run()
    except Refusal as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.text)
    except ConcurrentEdit as conflict:
        data = form.data.copy()
        data["version"] = conflict.current.version
        form.data = data
        form.add_error(None, str(conflict))
    return None
