"""Forms of the committee pages: a role assigned to a member of the organization, a role ended."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.forms import date_field
from partybuilding.organizations.models import Organization

from ..choices import CommitteeRoleKind
from ..models import Member
from ..records.selectors import search


class AssignForm(forms.Form):
    member = forms.CharField(
        label=gettext_lazy("Member (card number or full name)"), max_length=150, help_text=gettext_lazy("A member of the organization.")
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=CommitteeRoleKind.choices)
    since = date_field(gettext_lazy("Since"))

    def __init__(self, *args: Any, user: Any = None, organization: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.organization = user, organization

    def clean_member(self) -> Member:
        """The one member in the list of the organization's subtree whom the text names."""
        org = self.organization
        assert org is not None
        text = self.cleaned_data["member"].strip()
        members = Member.objects.visible_to(self.user).in_list().within(org)
        found = list(search(members, text)[:2])
        if len(found) != 1:
            message = _("No member of %(org)s matches.") if not found else _("Several members of %(org)s match; give the card number.")
            raise forms.ValidationError(message % {"org": org.name})
        return found[0]


class EndForm(forms.Form):
    until = date_field(gettext_lazy("No longer held from"))
