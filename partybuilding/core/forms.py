"""What every page's form does: a service's answer into the form, a list's filters into its links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest

from .errors import ConcurrentEdit, Refusal


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input (the browser's own date widget would show the locale's order)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"})


def date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), input_formats=["%d/%m/%Y", "%Y-%m-%d"])


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


def querystring(request: HttpRequest) -> str:
    """The list's filters, without its page number: for the pager and the export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
