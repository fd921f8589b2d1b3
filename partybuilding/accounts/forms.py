from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services, throttle
from .choices import Role
from .models import User

logger = logging.getLogger(__name__)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing an account or an address after repeated failures for
    a while. Each attempt takes its slot in the counters before the password is checked
    (accounts/throttle.py), and every attempt checked is audited."""

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # the field errors say what is missing: nothing is checked
        request = self.request
        assert request is not None  # LoginView always passes it
        counters = throttle.password_counters(request, username)
        try:
            throttle.take_slot(counters)
        except throttle.Throttled as refused:
            logger.warning("sign-in refused by the throttle: %s", refused.counter.key)
            raise ValidationError(refused.message, code="throttled") from None
        address = throttle.client_address(request)
        try:
            cleaned = super().clean()
        except ValidationError:
            known = User.objects.filter(username=username).first()
            services.login_audit(user=known, username=username, address=address, succeeded=False)
            raise
        throttle.succeeded(counters)
        services.login_audit(user=self.get_user(), username=username, address=address, succeeded=True)
        return cleaned


class CodeForm(forms.Form):
    """The second step: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", "autocapitalize": "none"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class EnrolForm(CodeForm):
    """Confirming a new authenticator: the code it shows now."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("The 6 digits the app shows for this account, to confirm it is set up."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class RoleAssignForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organization = forms.IntegerField(widget=forms.HiddenInput)

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=name, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active user is called %(name)s."), params={"name": name})
        return user


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. “statistics export script”."))


class ScopeForm(forms.Form):
    """The scope picker's choice: the organization to work in, and the page to go back to."""

    organization = forms.IntegerField()
    next = forms.CharField(required=False)


class TwoFactorActionForm(forms.Form):
    """What the user asks on their Two-factor sign-in page."""

    NEW_CODES = "recovery_codes"
    TURN_OFF = "turn_off"
    action = forms.ChoiceField(choices=[(NEW_CODES, _("New recovery codes")), (TURN_OFF, _("Turn off two-factor sign-in"))])
