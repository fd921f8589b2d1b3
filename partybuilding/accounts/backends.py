"""Django's model backend, loading the request's user with their two-factor state in the
same query: every request checks it (accounts/middleware.py), none pays a query for it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from . import two_factor
from .models import User


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = two_factor.with_state(User._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
