"""The tree itself: founding an organization, where each one sits over time (its
versions), re-hanging a subtree, ending an organization, and the terms of its committee."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision, close_period, record_event, refuse_future
from partybuilding.core.text import search_key

from .. import totals
from ..choices import COMMITTEE_KINDS, OrgEventKind, OrgKind
from ..models import CommitteeTerm, Organization, OrganizationEvent, OrganizationVersion
from .checks import check_code_free, check_decision, check_kind_allowed, check_parent_usable, structure_rule
from .units import inherit_unit_type, unit_type_of_new

AUDIT_FIELDS = [
    "code", "name", "kind", "parent", "path", "status", "founded_on", "dissolved_on", "successor", "unit_type", "no_candidates_left",
]  # fmt: skip


def organization_view(org: Organization) -> dict[str, Any]:
    return snapshot(org, AUDIT_FIELDS)


def record_version(org: Organization, on: dt.date) -> None:
    current = OrganizationVersion.objects.filter(organization=org, valid_to__isnull=True).first()
    if current and current.valid_from >= on:
        current.name, current.kind, current.parent_id = org.name, org.kind, org.parent_id
        current.save(update_fields=["name", "kind", "parent"])
        return
    if current:
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    OrganizationVersion.objects.create(organization=org, valid_from=on, name=org.name, kind=org.kind, parent_id=org.parent_id)


def close_versions(org: Organization, on: dt.date) -> None:
    close_period(OrganizationVersion.objects.filter(organization=org), on)


def move_subtree(org: Organization, new_parent: Organization) -> None:
    """Re-hang `org` under `new_parent`: rewrite the subtree's paths and move its totals."""
    moved_totals = totals.own(org)
    totals.add(org.path, {k: -v for k, v in moved_totals.items()}, include_self=False)
    new_parent.child_seq += 1
    new_parent.save(update_fields=["child_seq"])
    old_path = org.path
    new_path = paths.child_path(new_parent.path, new_parent.child_seq)
    shift = paths.depth(new_path) - paths.depth(old_path)
    Organization.objects.filter(paths.subtree_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + shift
    )
    for model, column in totals.path_copies():
        model._default_manager.filter(paths.subtree_q(old_path, column)).update(
            **{column: Concat(Value(new_path), Substr(column, len(old_path) + 1))}
        )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    inherit_unit_type(org, new_parent)  # a cell moved to another grassroots unit is of that unit's type
    org.refresh_from_db()
    totals.add(org.path, moved_totals, include_self=False)


def end(org: Organization, status: str, date: dt.date, successor: Organization | None = None) -> None:
    """The organization ends (dissolved, or merged into its successor) from `date`."""
    Organization.objects.filter(pk=org.pk).update(status=status, dissolved_on=date, successor=successor)
    totals.add(org.path, {f"org.{org.kind}": -1})
    org.refresh_from_db()
    close_versions(org, date)


def organization_create(
    *,
    actor: Any,
    parent: Organization | None,
    code: str,
    name: str,
    kind: str,
    founded_on: dt.date,
    decision: Decision = Decision(),
    unit_type: str | None = None,
    no_candidates_left: bool = False,
    _event_kind: str = OrgEventKind.FOUNDED,
    _related: Organization | None = None,
) -> Organization:
    """Found an organization under `parent` (at the top of the tree with None). Its type of
    unit is the parent's unless another is given (`units.unit_type_of_new`)."""
    code, name = code.strip(), " ".join(name.split())
    check_decision(decision)
    refuse_future(founded_on, "date")
    with transaction.atomic():
        if parent is not None:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
            check_parent_usable(parent, founded_on)
        check_kind_allowed(parent, kind, founded_on)
        unit_type = unit_type_of_new(kind, parent, unit_type)
        check_code_free(code)
        if parent is None:
            last_root = Organization.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
            path = paths.child_path("", int(last_root) + 1 if last_root else 1)
        else:
            parent.child_seq += 1
            parent.save(update_fields=["child_seq"])
            path = paths.child_path(parent.path, parent.child_seq)
        org = Organization(
            code=code,
            name=name,
            name_search=search_key(name),
            kind=kind,
            parent=parent,
            path=path,
            depth=paths.depth(path),
            founded_on=founded_on,
            unit_type=unit_type,
            no_candidates_left=no_candidates_left,
        )
        try:
            with transaction.atomic():
                org.save()
        except IntegrityError as exc:
            raise Refusal(
                _("The code %(code)s is already used by another organization.") % {"code": code}, rule=_("codes are unique"), field="code"
            ) from exc
        record_version(org, founded_on)
        after = organization_view(org)
        record_event(OrganizationEvent, actor=actor, organization=org, kind=_event_kind, date=founded_on, related=_related, after=after,
                     **decision.fields())  # fmt: skip
        totals.add(org.path, {f"org.{kind}": 1})
        audit_record(actor=actor, action="organization.create", obj=org, after={**after, "event": event_view(founded_on, decision)})
    return org


def event_view(on: dt.date, decision: Decision) -> dict[str, Any]:
    """The event behind a change, as the audit entry keeps it."""
    return {"date": on, "decision_number": decision.number, "decision_date": decision.date, "decided_by": decision.decided_by}


def term_create(
    *, actor: Any, org: Organization, start_year: int, end_year: int, congress_date: dt.date | None = None, note: str = ""
) -> CommitteeTerm:

    if org.kind not in COMMITTEE_KINDS and org.kind not in (OrgKind.GRASSROOTS_CELL, OrgKind.CELL):
        raise Refusal(_("This kind of organization has no terms."), rule=structure_rule())
    if end_year <= start_year:
        raise Refusal(_("A term must end after the year it starts."), rule=_("records rule"), field="end_year")
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=org.pk).first()
        overlapping = CommitteeTerm.objects.filter(organization=org, start_year__lt=end_year, end_year__gt=start_year).first()
        if overlapping:
            raise Refusal(
                _("The term %(new)s overlaps the term %(old)s.") % {"new": f"{start_year}–{end_year}", "old": str(overlapping)},
                rule=_("records rule: terms do not overlap"),
                field="start_year",
            )
        term = CommitteeTerm.objects.create(
            organization=org, start_year=start_year, end_year=end_year, congress_date=congress_date, note=note
        )
        audit_record(
            actor=actor,
            action="term.create",
            obj=term,
            object_repr=f"{org.name} {term}",
            after=snapshot(term, ["organization", "start_year", "end_year", "congress_date", "note"]),
        )
    return term
