"""What the official statistics count about an organization: the type of grassroots unit it
sits in (form 5 of HD 11: commune, ward, state body, enterprise by ownership…) and whether
any non-member is left to admit there (form 2, III).

The type is set on a grassroots organization or a commune-level committee and the
organizations under it share it: a new organization takes its parent's by default, one
moved under another parent takes the new parent's, and a change of type reaches the
organizations under it in the same transaction, except a grassroots organization below that
has a type of its own (a school's Party cell under a commune's committee), with the
organizations under that one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version

from ..choices import GRASSROOTS_KINDS, OrgKind, OrgStatus, UnitType
from ..models import Organization

# The kinds of organization the type of unit is set on; the others below them share it.
UNIT_SETTERS = frozenset({*GRASSROOTS_KINDS, OrgKind.COMMUNE})
# Levels above the grassroots: no unit of their own.
ABOVE_UNITS = frozenset({OrgKind.CENTRAL, OrgKind.PROVINCE, OrgKind.DISTRICT})


def unit_rule() -> str:
    return _("form 5 of HD 11-HD/BTCTW: the type of grassroots unit")


def unit_type_label(value: str) -> str:
    return str(UnitType(value).label) if value else _("not set")


def unit_type_of_new(kind: str, parent: Organization | None, given: str | None) -> str:
    """The type a new organization takes: the one given (checked), or its parent's."""
    inherited = parent.unit_type if parent is not None and kind not in ABOVE_UNITS else ""
    unit_type = inherited if given is None else given
    check_unit_type(kind, parent, unit_type, name=None)
    return unit_type


def check_unit_type(kind: str, parent: Organization | None, unit_type: str, name: str | None) -> None:
    """A level above the grassroots has no type; an organization inside a grassroots unit has its unit's."""
    what = name or _("An organization of this kind")
    if kind in ABOVE_UNITS and unit_type:
        raise Refusal(
            _("%(org)s stands above the grassroots units: the type of unit is set on the grassroots organizations and communes.")
            % {"org": what},
            rule=unit_rule(),
            field="unit_type",
        )
    if kind not in UNIT_SETTERS and kind not in ABOVE_UNITS and parent is not None and unit_type != parent.unit_type:
        raise Refusal(
            _("%(org)s shares the type of unit of %(parent)s (%(type)s): change it there.")
            % {"org": what, "parent": parent.name, "type": unit_type_label(parent.unit_type)},
            rule=unit_rule(),
            field="unit_type",
        )


def share_unit_type(org: Organization, old: str) -> int:
    """Give `org`'s type to the active organizations under it, but for the grassroots
    organizations below with a type of their own (and theirs); returns how many changed."""
    below = Organization.objects.filter(paths.descendants_q(org.path), status=OrgStatus.ACTIVE)
    own = below.filter(kind__in=UNIT_SETTERS).exclude(unit_type__in=[old, ""]).values_list("path", flat=True)
    for path in own:
        below = below.exclude(paths.subtree_q(path))
    # Their version moves on: a form opened on one of them before the change is refused, not saved over it.
    return below.exclude(unit_type=org.unit_type).update(unit_type=org.unit_type, version=F("version") + 1, updated_at=timezone.now())


def inherit_unit_type(org: Organization, parent: Organization) -> int:
    """After a move: an organization inside a grassroots unit (and those under it) takes its new parent's type."""
    if org.kind in UNIT_SETTERS or org.kind in ABOVE_UNITS or org.unit_type == parent.unit_type:
        return 0
    old, org.unit_type = org.unit_type, parent.unit_type
    Organization.objects.filter(pk=org.pk).update(unit_type=org.unit_type)
    return 1 + share_unit_type(org, old)


def organization_facts_set(
    *, actor: Any, org: Organization, unit_type: str, no_candidates_left: bool, expected_version: int | None = None
) -> Organization:
    """Set what the statistics count about an organization: its type of unit (shared with the
    organizations under it) and whether no non-member is left to admit there. One audit entry
    names the change and how many organizations under it took the type."""
    with transaction.atomic():
        lock_version(org, expected_version)
        if not org.is_active:
            raise Refusal(
                _("%(org)s has ended; its record stays as it was.") % {"org": org.name}, rule=_("structure rule"), field="unit_type"
            )
        check_unit_type(org.kind, org.parent, unit_type, name=org.name)
        old = org.unit_type
        before = {"unit_type": old, "no_candidates_left": org.no_candidates_left}
        org.unit_type, org.no_candidates_left = unit_type, no_candidates_left
        org.save(update_fields=["unit_type", "no_candidates_left", "updated_at"])
        shared = share_unit_type(org, old) if unit_type != old else 0
        after = {"unit_type": unit_type, "no_candidates_left": no_candidates_left, "organizations_below_updated": shared}
        audit_record(actor=actor, action="organization.facts", obj=org, before=before, after=after)
    return org
