from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuilding.core.forms import date_field

from .choices import EmailChoice, NoticeKind


class NoticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all")), *NoticeKind.choices])
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all")), ("unread", _("unread")), ("read", _("read"))])

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        unread = {"unread": True, "read": False}.get(data.get("state", ""))
        return {"q": data.get("q", ""), "kind": data.get("kind", ""), "unread": unread}


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(label=_("By e-mail"), choices=EmailChoice.choices, widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)


class RuleForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    days = forms.IntegerField(
        label=_("Days"), min_value=0, max_value=366, help_text=_("What the number means depends on the kind (see the list).")
    )
    valid_from = date_field(_("In force from"))
    valid_to = date_field(_("In force until"), required=False)
    active = forms.BooleanField(label=_("On"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()
        if editing:  # a rule's kind stays; another kind is another rule
            del self.fields["kind"]
        else:
            del self.fields["version"]

    def params(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "version" in data:
            data["expected_version"] = data.pop("version")
        return data


class DayForm(forms.Form):
    day = date_field(_("Day"))
