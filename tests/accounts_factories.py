"""Role assignments and API tokens for the tests, through the services as the pages make them."""

from __future__ import annotations

from partybuilding.accounts.choices import Role
from partybuilding.accounts.models import ApiToken, RoleAssignment, User
from partybuilding.accounts.services import role_assign, token_create
from partybuilding.organizations.models import Organization


def role_held_in(org: Organization, username: str) -> RoleAssignment:
    """A new user holding the member role over `org` (an assignment an administrator may revoke)."""
    user = User.objects.create_user(username=username)
    return role_assign(actor=None, user=user, role=Role.MEMBER, organization=org)


def api_token(user: User) -> ApiToken:
    """A personal API token of `user` (its key is not kept)."""
    return token_create(actor=user, user=user, name="script")[0]
