"""What the notifications hold about a member, for their own download (`members.own_data`):
the notices addressed to them, as a member or through their login."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .models import Notice


@section("notices", _("Notices"), Notice, fields=("kind", "day", "issued_on", "organization", "link", "created_at", "read_at"))
def _notices(member: Member) -> Iterable[Notice]:
    mine = Q(member=member) | Q(user_id=member.user_id) if member.user_id else Q(member=member)
    return Notice.objects.filter(mine).select_related("organization").order_by("day", "id")
