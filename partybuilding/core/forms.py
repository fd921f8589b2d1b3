"""What every page's form does: dates typed dd/mm/yyyy, an organization picked as the user
types, a service's answer into the form, the form page itself, a list's filters into its links."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ConcurrentEdit, Refusal
from .scope import Action, tree_model
from .text import search_key


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input (the browser's own date widget would show the locale's order),
    with a calendar button beside it (core/static/core/app.js) that writes the day picked
    back as dd/mm/yyyy; typing still works."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-datepicker": gettext_lazy("Choose on a calendar"),  # the button's label
        }
        super().__init__(format="%d/%m/%Y", attrs=attrs)


def date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), input_formats=["%d/%m/%Y", "%Y-%m-%d"])


class OrganizationPicker(forms.TextInput):
    """A text input with the organizations' suggestions below it, fetched as the user types
    (core/static/core/app.js, from the organizations' options page). An organization given
    as the initial value shows as a suggestion does: name, parent and code."""

    template_name = "core/widgets/organization_picker.html"

    def __init__(self, action: Action | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off"})
        self.action = action

    def format_value(self, value: Any) -> str | None:
        return super().format_value(getattr(value, "picker_text", value))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        options = reverse("organization_options") + (f"?action={self.action}" if self.action else "")
        return super().get_context(name, value, {**(attrs or {}), "list": f"{name}-options", "data-options": options})


# A suggestion picked from the list ends with the organization's code in brackets.
_PICKED_CODE = re.compile(r"\(([^()]{1,32})\)\s*$")
_CANDIDATES_SHOWN = 8


class OrganizationField(forms.CharField):
    """An organization typed by its name (diacritics and case ignored), its code, or picked
    from the suggestions (name — parent (code)), cleaned into the organization among those
    the user may `action` on (any organization with None). A name several organizations
    bear is refused with the candidates listed, to pick one of them.
    The form names the user: `ScopedForm(user=...)`."""

    def __init__(self, label: Any, *, action: Action | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", gettext_lazy("Type a name or code and pick from the list."))
        super().__init__(label=label, max_length=600, widget=OrganizationPicker(action), **kwargs)
        self.action = action
        self.user: Any = None

    def prepare_value(self, value: Any) -> Any:
        return getattr(value, "picker_text", value)

    def clean(self, value: Any) -> Any:
        text = unicodedata.normalize("NFC", (super().clean(value) or "").strip())
        if not text:
            return None
        rows = tree_model().objects.all()
        rows = rows.visible_to(self.user, self.action) if self.action else rows
        picked = _PICKED_CODE.search(text)
        for code in ([picked.group(1).strip()] if picked else []) + [text]:
            found = rows.filter(code__iexact=code).first() if len(code) <= 32 else None
            if found is not None:
                return found
        named = list(rows.filter(name_search=search_key(text)).select_related("parent").order_by("path")[: _CANDIDATES_SHOWN + 1])
        if len(named) == 1:
            return named[0]
        if named:
            listed = "; ".join(org.picker_text for org in named[:_CANDIDATES_SHOWN])
            more = "; …" if len(named) > _CANDIDATES_SHOWN else ""
            raise forms.ValidationError(
                _("Several organizations are called %(name)s: %(candidates)s. Pick one from the list (it adds the code).")
                % {"name": text, "candidates": listed + more}
            )
        raise forms.ValidationError(_unknown(text, scoped=self.action is not None))


def _unknown(text: str, *, scoped: bool) -> str:
    """Why nothing matched, in the words of what was typed: a code (one word) or a name."""
    if " " not in text:
        message = _("No organization with code %(code)s is within your scope.") if scoped else _("No organization has the code %(code)s.")
        return message % {"code": text}
    message = _("No organization called %(name)s is within your scope.") if scoped else _("No organization is called %(name)s.")
    return message % {"name": text}


class ScopedForm(forms.Form):
    """A form whose organization fields answer for the user filling it in."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def full_clean(self) -> None:
        for field in self.fields.values():  # fields added after __init__ included
            if isinstance(field, OrganizationField):
                field.user = self.user
        super().full_clean()


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: Any,
    back: str,
    crumbs: Iterable[tuple[Any, str]] = (),
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """The one page of a form: its crumbs, title, fields with their errors, Save and Cancel.
    With `confirm` (a question), Save looks destructive and asks it before sending."""
    context = {"form": form, "title": title, "back": back, "crumbs": list(crumbs) or [(title, back)], **context}
    return render(request, context.pop("template", "core/form_page.html"), context, status=status)


def saved(request: HttpRequest, form: Any, run: Callable[..., Any], /, *args: Any, message: Any, then: Any, **given: Any) -> Any:
    """A form page's save. On a valid POST, call the service (as `guarded` does) with `given`
    and what the form hands over: `form.params()` where the form shapes its data for the
    service, else its cleaned data. Done: the user is told `message` and sent to `then` (a
    URL, or a function of the result giving one). None when there is nothing to save yet or
    the service refused (the form then shows why)."""
    if request.method != "POST" or not form.is_valid():
        return None
    done = guarded(form, run, *args, **given, **(form.params() if hasattr(form, "params") else form.cleaned_data))
    if done is None:
        return None
    messages.success(request, message(done) if callable(message) else message)
    return redirect(then(done) if callable(then) else then)


def step_page(
    request: HttpRequest,
    form: Any,
    workflow: Any,
    kind: str,
    *,
    obj: Any,
    back: str,
    listed: tuple[Any, str],
    confirm: Any = None,
) -> HttpResponse:
    """The page of one step of a record's workflow: saved through the workflow (back to the
    record, told it was recorded), else the form titled and submitted with the step's label,
    under the crumbs list → record → step."""
    message = _("The step was recorded.")
    if done := saved(request, form, workflow.run, kind, actor=request.user, obj=obj, message=message, then=back):
        return done
    label = workflow.steps[kind].label
    crumbs = [listed, (str(obj), back), (str(label), request.path)]
    status = 422 if form.is_bound else 200
    return form_page(request, form, title=f"{label} — {obj}", back=back, crumbs=crumbs, status=status, confirm=confirm, submit=label)


class VersionForm(forms.Form):
    """A button on a record's page (close, charge, plan): the version of the record it was shown with."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def told(request: HttpRequest, run: Callable[..., Any], *args: Any, message: Any, **kwargs: Any) -> Any:
    """For a button with no form page: call the service and tell the user what came of it,
    `message` (or a function of the result giving it), or the refusal in words. None when refused."""
    try:
        done = run(*args, **kwargs)
    except (Refusal, ConcurrentEdit) as refusal:
        messages.error(request, refusal.text if isinstance(refusal, Refusal) else str(refusal))
        return None
    messages.success(request, message(done) if callable(message) else message)
    return done


def guarded(form: Any, run: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Call a service (`run(*args, **kwargs)`) and return its result; a refusal becomes the
    form's error (on the field it names), a concurrent edit too, with the form's version
    moved to the current one so that the user sees the change and may save again. None
    when refused. The form and the service are positional only: a field may be named `form`
    (a discipline's form decided) and reach the service as such."""
    try:
        return run(*args, **kwargs)
    except Refusal as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.text)
    except ConcurrentEdit as conflict:
        data = form.data.copy()
        data["version"] = conflict.current.version
        form.data = data
        form.add_error(None, str(conflict))
        form.conflict = conflict.current  # the record as it is now, for the page to show
    return None


def posted(request: Any) -> Any:
    """A form's data: the POST, even an empty one (a form sent empty shows what it lacks);
    None for a GET, which shows the form unbound."""
    return request.POST if request.method == "POST" else None


def querystring(request: HttpRequest) -> str:
    """The list's filters, without its page number: for the pager and the export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class RulesDateForm(forms.Form):
    """The rules page: the rules in force on a date, and a count of working days from it."""

    on = date_field(gettext_lazy("Rules in force on"), required=False)
    working_days = forms.IntegerField(label=gettext_lazy("Working days after that date"), required=False, min_value=-400, max_value=400)
