from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .models import LoginFailure, User


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing an account after repeated failures for a while."""

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
        recent = LoginFailure.objects.filter(username__iexact=username, at__gte=since)
        if username and recent.count() >= settings.LOGIN_THROTTLE_FAILURES:
            first = recent.order_by("at").values_list("at", flat=True).first() or timezone.now()
            wait = first + dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS) - timezone.now()
            raise ValidationError(
                _("Too many failed logins for this account. Try again in %(minutes)d minutes."),
                code="throttled",
                params={"minutes": max(1, int(wait.total_seconds() // 60) + 1)},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                LoginFailure.objects.create(username=username)
            raise
        LoginFailure.objects.filter(username__iexact=username).delete()
        return cleaned


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
