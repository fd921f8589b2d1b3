"""The rules a change to the tree is judged by, on the date it takes effect."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision, day_text, refuse_future
from partybuilding.core.rules import rule

from ..choices import OrgKind, OrgStatus
from ..models import Organization


def structure_rule() -> str:
    return _("structure rule")


def check_decision(decision: Decision) -> None:
    """A decision is recorded once it has been issued."""
    if decision.date:
        refuse_future(decision.date, "decision_date", what=_("The decision date"))


def inactive(org: Organization, why: str = "", field: str | None = None) -> Refusal:
    """The refusal of a change that needs `org` active; `why` says so with the organization's
    name and status (by default: an ended organization cannot be changed)."""
    why = why or _("%(org)s is %(status)s; a dissolved or merged organization cannot be changed.")
    return Refusal(why % {"org": org.name, "status": org.get_status_display().lower()}, rule=structure_rule(), field=field)


def check_kind_allowed(parent: Organization | None, kind: str, on: dt.date) -> None:
    try:
        allowed = rule("org.allowed_children", on)
    except Refusal:
        return  # history from before the first recorded rule set is taken as decided
    if parent is None:
        permitted = allowed.value.get("", [])
        if kind not in permitted:
            raise Refusal(
                _("A %(kind)s cannot stand at the top of the tree.") % {"kind": OrgKind(kind).label},
                rule=allowed.citation,
                field="parent",
            )
        return
    if kind not in allowed.value.get(parent.kind, []):
        raise Refusal(
            _("A %(kind)s cannot be placed under a %(parent_kind)s on %(date)s.")
            % {"kind": OrgKind(kind).label, "parent_kind": OrgKind(parent.kind).label, "date": day_text(on)},
            rule=allowed.citation,
            field="parent",
        )


def check_parent_usable(parent: Organization, on: dt.date) -> None:
    if not parent.is_active:
        raise inactive(parent, _("%(org)s is %(status)s and cannot take in organizations."), field="parent")
    if on < parent.founded_on:
        raise Refusal(
            _("%(org)s was founded on %(founded)s, after %(date)s.")
            % {"org": parent.name, "founded": day_text(parent.founded_on), "date": day_text(on)},
            rule=_("history rule: events follow the founding date"),
            field="parent",
        )


def check_code_free(code: str) -> None:
    if Organization.objects.filter(code=code).exists():
        raise Refusal(
            _("The code %(code)s is already used by another organization.") % {"code": code},
            rule=_("codes are unique"),
            field="code",
        )


def check_no_active_children(org: Organization, action: str) -> None:
    if Organization.objects.filter(parent=org, status=OrgStatus.ACTIVE).exists():
        raise Refusal(
            _("%(org)s still has active sub-organizations; move, merge or dissolve them before it is %(action)s.")
            % {"org": org.name, "action": action},
            rule=structure_rule(),
        )
