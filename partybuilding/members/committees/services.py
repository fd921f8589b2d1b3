"""Committee roles of each term (secretary, deputy, standing committee, committee member,
inspection commission): assigning them and ending them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text, refuse_future
from partybuilding.organizations.models import CommitteeTerm

from ..choices import CommitteeRoleKind
from ..models import CommitteeRole, Member
from .selectors import active_q

AUDITED = ["term", "member", "role", "since", "until"]


def committee_role_assign(*, actor: Any, term: CommitteeTerm, member: Member, role: str, since: dt.date) -> CommitteeRole:
    """Record that a member holds a role in a committee term, from a date."""
    if role not in CommitteeRoleKind.values:
        raise Refusal(_("Choose the role."), rule=_("records rule"), field="role")
    refuse_future(since, "since")
    with transaction.atomic():
        term = CommitteeTerm.objects.select_for_update(of=("self",)).select_related("organization").get(pk=term.pk)
        if not term.start_year <= since.year <= term.end_year:
            raise Refusal(
                _("%(date)s is outside the term %(term)s.") % {"date": day_text(since), "term": str(term)},
                rule=_("records rule"),
                field="since",
            )
        member = Member.objects.select_for_update().get(pk=member.pk)
        org = term.organization
        if not member.in_list or not member.org_path.startswith(org.path):
            raise Refusal(
                _("%(name)s is not a member of %(org)s.") % {"name": member.full_name, "org": org.name},
                rule=_("records rule: a committee is elected from the members of its organization"),
                field="member",
            )
        held = CommitteeRole.objects.filter(active_q(since), term=term)
        if held.filter(member=member, role=role).exists():
            raise Refusal(
                _("%(name)s already holds this role in the term.") % {"name": member.full_name}, rule=_("records rule"), field="member"
            )
        if role == CommitteeRoleKind.SECRETARY and held.filter(role=CommitteeRoleKind.SECRETARY).exists():
            raise Refusal(
                _("The term already has a secretary on %(date)s; end that role first.") % {"date": day_text(since)},
                rule=_("records rule: one secretary at a time"),
                field="role",
            )
        assigned = CommitteeRole.objects.create(term=term, member=member, role=role, since=since)
        audit_record(actor=actor, action="committee_role.assign", obj=assigned, after=snapshot(assigned, AUDITED))
    return assigned


def committee_role_end(*, actor: Any, role: CommitteeRole, until: dt.date) -> CommitteeRole:
    """The member no longer holds the role from `until`."""
    refuse_future(until, "until")
    with transaction.atomic():
        role = CommitteeRole.objects.select_for_update().get(pk=role.pk)
        if role.until is not None:
            raise Refusal(_("This role already ended on %(date)s.") % {"date": day_text(role.until)}, rule=_("records rule"))
        if until <= role.since:
            raise Refusal(
                _("A role ends after it starts (%(date)s).") % {"date": day_text(role.since)},
                rule=_("history rule: events are recorded in date order"),
                field="until",
            )
        before = snapshot(role, AUDITED)
        role.until = until
        role.save(update_fields=["until"])
        audit_record(actor=actor, action="committee_role.end", obj=role, before=before, after=snapshot(role, AUDITED))
    return role
