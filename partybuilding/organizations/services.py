"""Writes to the organization tree. Every change is an event with a decision, checked
against the rules in force on its date, written in one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import Decision
from partybuilding.core.rules import rule
from partybuilding.core.text import search_key

from . import totals
from .choices import OrgEventKind, OrgKind, OrgStatus
from .models import CommitteeTerm, Organization, OrganizationEvent, OrganizationVersion

AUDIT_FIELDS = ["code", "name", "kind", "parent", "path", "status", "founded_on", "dissolved_on", "successor"]


# --- checks -----------------------------------------------------------------------------


def _structure_rule() -> str:
    return _("structure rule")


def _check_decision(decision: Decision, effective: dt.date) -> None:
    today = timezone.localdate()
    if decision.date and decision.date > today:
        raise Refusal(
            _("The decision date %(date)s is in the future; record a decision once it has been issued.")
            % {"date": decision.date.strftime("%d/%m/%Y")},
            rule=_("records rule: decisions are recorded after they are issued"),
            field="decision_date",
        )
    if effective > today:
        raise Refusal(
            _("The effective date %(date)s is in the future; record the change on or after the day it takes effect.")
            % {"date": effective.strftime("%d/%m/%Y")},
            rule=_("records rule: the tree records what has taken effect"),
            field="date",
        )


def _check_after_history(org: Organization, effective: dt.date) -> None:
    if effective < org.founded_on:
        raise Refusal(
            _("The date %(date)s is before the organization was founded (%(founded)s).")
            % {"date": effective.strftime("%d/%m/%Y"), "founded": org.founded_on.strftime("%d/%m/%Y")},
            rule=_("history rule: events follow the founding date"),
            field="date",
        )
    last = OrganizationEvent.objects.filter(organization=org).order_by("-date").values_list("date", flat=True).first()
    if last and effective < last:
        raise Refusal(
            _("The date %(date)s is before the organization's last recorded change (%(last)s).")
            % {"date": effective.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")},
            rule=_("history rule: events are recorded in date order"),
            field="date",
        )


def _check_active(org: Organization) -> None:
    if not org.is_active:
        raise Refusal(
            _("%(org)s is %(status)s; a dissolved or merged organization cannot be changed.")
            % {"org": org.name, "status": org.get_status_display().lower()},
            rule=_structure_rule(),
        )


def _check_kind_allowed(parent: Organization | None, kind: str, on: dt.date) -> None:
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
            % {"kind": OrgKind(kind).label, "parent_kind": OrgKind(parent.kind).label, "date": on.strftime("%d/%m/%Y")},
            rule=allowed.citation,
            field="parent",
        )


def _check_parent_usable(parent: Organization, on: dt.date) -> None:
    if not parent.is_active:
        raise Refusal(
            _("%(org)s is %(status)s and cannot take in organizations.")
            % {"org": parent.name, "status": parent.get_status_display().lower()},
            rule=_structure_rule(),
            field="parent",
        )
    if on < parent.founded_on:
        raise Refusal(
            _("%(org)s was founded on %(founded)s, after %(date)s.")
            % {"org": parent.name, "founded": parent.founded_on.strftime("%d/%m/%Y"), "date": on.strftime("%d/%m/%Y")},
            rule=_("history rule: events follow the founding date"),
            field="parent",
        )


def _check_code_free(code: str) -> None:
    if Organization.objects.filter(code=code).exists():
        raise Refusal(
            _("The code %(code)s is already used by another organization.") % {"code": code},
            rule=_("codes are unique"),
            field="code",
        )


# --- history ----------------------------------------------------------------------------


def _record_version(org: Organization, on: dt.date) -> None:
    current = OrganizationVersion.objects.filter(organization=org, valid_to__isnull=True).first()
    if current and current.valid_from >= on:
        current.name, current.kind, current.parent_id = org.name, org.kind, org.parent_id
        current.save(update_fields=["name", "kind", "parent"])
        return
    if current:
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    OrganizationVersion.objects.create(organization=org, valid_from=on, name=org.name, kind=org.kind, parent_id=org.parent_id)


def _close_versions(org: Organization, on: dt.date) -> None:
    current = OrganizationVersion.objects.filter(organization=org, valid_to__isnull=True).first()
    if current is None:
        return
    if current.valid_from >= on:
        current.delete()
    else:
        current.valid_to = on
        current.save(update_fields=["valid_to"])


def _event(
    org: Organization,
    kind: str,
    on: dt.date,
    decision: Decision,
    actor: Any,
    *,
    related: Organization | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> OrganizationEvent:
    return OrganizationEvent.objects.create(
        organization=org,
        kind=kind,
        date=on,
        decision_number=decision.number,
        decision_date=decision.date,
        decided_by=decision.decided_by,
        note=decision.note,
        related=related,
        before=before,
        after=after,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _audit(actor: Any, action: str, org: Organization, before: dict[str, Any] | None, decision: Decision, on: dt.date) -> None:
    after = snapshot(org, AUDIT_FIELDS)
    after["event"] = {
        "date": on,
        "decision_number": decision.number,
        "decision_date": decision.date,
        "decided_by": decision.decided_by,
    }
    audit_record(actor=actor, action=action, obj=org, before=before, after=after)


# --- services ---------------------------------------------------------------------------


def organization_create(
    *,
    actor: Any,
    parent: Organization | None,
    code: str,
    name: str,
    kind: str,
    founded_on: dt.date,
    decision: Decision = Decision(),
    _event_kind: str = OrgEventKind.FOUNDED,
    _related: Organization | None = None,
) -> Organization:
    code, name = code.strip(), " ".join(name.split())
    _check_decision(decision, founded_on)
    with transaction.atomic():
        if parent is not None:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
            _check_parent_usable(parent, founded_on)
        _check_kind_allowed(parent, kind, founded_on)
        _check_code_free(code)
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
        )
        try:
            with transaction.atomic():
                org.save()
        except IntegrityError as exc:
            raise Refusal(
                _("The code %(code)s is already used by another organization.") % {"code": code}, rule=_("codes are unique"), field="code"
            ) from exc
        _record_version(org, founded_on)
        _event(org, _event_kind, founded_on, decision, actor, related=_related, after=snapshot(org, AUDIT_FIELDS))
        totals.add(org.path, {f"org.{kind}": 1})
        _audit(actor, "organization.create", org, None, decision, founded_on)
    return org


def organization_rename(
    *, actor: Any, org: Organization, name: str, date: dt.date, decision: Decision, expected_version: int | None = None
) -> Organization:
    name = " ".join(name.split())
    _check_decision(decision, date)
    with transaction.atomic():
        lock_version(org, expected_version)
        _check_active(org)
        _check_after_history(org, date)
        if name == org.name:
            raise Refusal(_("The new name is the same as the current one."), rule=_("records rule"), field="name")
        before = snapshot(org, AUDIT_FIELDS)
        org.name, org.name_search = name, search_key(name)
        org.save(update_fields=["name", "name_search", "updated_at"])
        _record_version(org, date)
        _event(org, OrgEventKind.RENAMED, date, decision, actor, before={"name": before["name"]}, after={"name": name})
        _audit(actor, "organization.rename", org, before, decision, date)
    return org


def _move_subtree(org: Organization, new_parent: Organization) -> None:
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
    for model, column in totals.PATH_COLUMNS:
        model._default_manager.filter(paths.subtree_q(old_path, column)).update(
            **{column: Concat(Value(new_path), Substr(column, len(old_path) + 1))}
        )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    totals.add(org.path, moved_totals, include_self=False)


def organization_move(
    *,
    actor: Any,
    org: Organization,
    new_parent: Organization,
    date: dt.date,
    decision: Decision,
    expected_version: int | None = None,
) -> Organization:
    _check_decision(decision, date)
    with transaction.atomic():
        lock_version(org, expected_version)
        new_parent = Organization.objects.select_for_update().get(pk=new_parent.pk)
        _check_active(org)
        _check_after_history(org, date)
        if new_parent.path.startswith(org.path):
            raise Refusal(
                _("%(org)s cannot be moved under itself or under one of its own sub-organizations (%(target)s).")
                % {"org": org.name, "target": new_parent.name},
                rule=_("structure rule: the tree has no cycles"),
                field="new_parent",
            )
        if new_parent.pk == org.parent_id:
            raise Refusal(
                _("%(org)s is already under %(target)s.") % {"org": org.name, "target": new_parent.name},
                rule=_structure_rule(),
                field="new_parent",
            )
        _check_parent_usable(new_parent, date)
        _check_kind_allowed(new_parent, org.kind, date)
        before = snapshot(org, AUDIT_FIELDS)
        old_parent = org.parent
        _move_subtree(org, new_parent)
        _record_version(org, date)
        _event(
            org,
            OrgEventKind.MOVED,
            date,
            decision,
            actor,
            related=new_parent,
            before={"parent": old_parent.name if old_parent else None},
            after={"parent": new_parent.name},
        )
        _audit(actor, "organization.move", org, before, decision, date)
    return org


def _end(org: Organization, status: str, date: dt.date, successor: Organization | None) -> None:
    Organization.objects.filter(pk=org.pk).update(status=status, dissolved_on=date, successor=successor)
    totals.add(org.path, {f"org.{org.kind}": -1})
    org.refresh_from_db()
    _close_versions(org, date)


def _check_no_active_children(org: Organization, action: str) -> None:
    if Organization.objects.filter(parent=org, status=OrgStatus.ACTIVE).exists():
        raise Refusal(
            _("%(org)s still has active sub-organizations; move, merge or dissolve them before it is %(action)s.")
            % {"org": org.name, "action": action},
            rule=_structure_rule(),
        )


def _check_end_date(org: Organization, date: dt.date) -> None:
    if date < org.founded_on:
        raise Refusal(
            _("The dissolution date %(date)s is before the founding date %(founded)s.")
            % {"date": date.strftime("%d/%m/%Y"), "founded": org.founded_on.strftime("%d/%m/%Y")},
            rule=_("history rule: an organization ends after it was founded"),
            field="date",
        )


def organization_dissolve(
    *, actor: Any, org: Organization, date: dt.date, decision: Decision, expected_version: int | None = None
) -> Organization:
    _check_decision(decision, date)
    with transaction.atomic():
        lock_version(org, expected_version)
        _check_active(org)
        _check_end_date(org, date)
        _check_after_history(org, date)
        _check_no_active_children(org, _("dissolved"))
        before = snapshot(org, AUDIT_FIELDS)
        _end(org, OrgStatus.DISSOLVED, date, None)
        _event(org, OrgEventKind.DISSOLVED, date, decision, actor)
        _audit(actor, "organization.dissolve", org, before, decision, date)
    return org


def organization_merge(
    *,
    actor: Any,
    org: Organization,
    into: Organization,
    date: dt.date,
    decision: Decision,
    expected_version: int | None = None,
) -> Organization:
    """Merge `org` into `into`: its sub-organizations move to `into`, `org` ends as merged."""
    _check_decision(decision, date)
    with transaction.atomic():
        lock_version(org, expected_version)
        into = Organization.objects.select_for_update().get(pk=into.pk)
        _check_active(org)
        _check_end_date(org, date)
        _check_after_history(org, date)
        if not into.is_active:
            raise Refusal(
                _("%(target)s is %(status)s; an organization can only be merged into an active one.")
                % {"target": into.name, "status": into.get_status_display().lower()},
                rule=_structure_rule(),
                field="into",
            )
        if into.path.startswith(org.path):
            raise Refusal(
                _("%(org)s cannot be merged into itself or one of its own sub-organizations.") % {"org": org.name},
                rule=_("structure rule: the tree has no cycles"),
                field="into",
            )
        if into.kind != org.kind:
            raise Refusal(
                _("%(org)s (%(kind)s) can only be merged into an organization of the same kind; %(target)s is a %(target_kind)s.")
                % {"org": org.name, "kind": OrgKind(org.kind).label, "target": into.name, "target_kind": OrgKind(into.kind).label},
                rule=_structure_rule(),
                field="into",
            )
        before = snapshot(org, AUDIT_FIELDS)
        for child in Organization.objects.filter(parent=org, status=OrgStatus.ACTIVE).order_by("path"):
            _check_kind_allowed(into, child.kind, date)
            child_before = snapshot(child, AUDIT_FIELDS)
            lock_version(child, None)
            _move_subtree(child, into)
            into.refresh_from_db()
            _record_version(child, date)
            _event(child, OrgEventKind.MOVED, date, decision, actor, related=into, before={"parent": org.name}, after={"parent": into.name})
            _audit(actor, "organization.move", child, child_before, decision, date)
        _end(org, OrgStatus.MERGED, date, into)
        _event(org, OrgEventKind.MERGED, date, decision, actor, related=into)
        _event(into, OrgEventKind.ABSORBED, date, decision, actor, related=org)
        _audit(actor, "organization.merge", org, before, decision, date)
    return org


@dataclass(frozen=True)
class NewPart:
    code: str
    name: str


def organization_split(
    *,
    actor: Any,
    org: Organization,
    parts: Sequence[NewPart],
    date: dt.date,
    decision: Decision,
    dissolve_original: bool,
    expected_version: int | None = None,
) -> list[Organization]:
    """Found new organizations out of `org`, beside it; optionally end `org`."""
    if len(parts) < (1 if not dissolve_original else 2):
        raise Refusal(
            _("A split needs at least two resulting organizations (the original may be one of them)."),
            rule=_structure_rule(),
            field="parts",
        )
    codes = [p.code.strip() for p in parts]
    if len(set(codes)) != len(codes):
        raise Refusal(_("The new organizations' codes repeat."), rule=_("codes are unique"), field="parts")
    _check_decision(decision, date)
    with transaction.atomic():
        lock_version(org, expected_version)
        _check_active(org)
        _check_after_history(org, date)
        if dissolve_original:
            _check_end_date(org, date)
            _check_no_active_children(org, _("dissolved"))
        before = snapshot(org, AUDIT_FIELDS)
        created = [
            organization_create(
                actor=actor,
                parent=org.parent,
                code=part.code,
                name=part.name,
                kind=org.kind,
                founded_on=date,
                decision=decision,
                _event_kind=OrgEventKind.SPLIT_FROM,
                _related=org,
            )
            for part in parts
        ]
        org.refresh_from_db()
        if dissolve_original:
            _end(org, OrgStatus.DISSOLVED, date, None)
        _event(org, OrgEventKind.SPLIT, date, decision, actor, after={"into": [o.code for o in created], "dissolved": dissolve_original})
        _audit(actor, "organization.split", org, before, decision, date)
    return created


def term_create(
    *, actor: Any, org: Organization, start_year: int, end_year: int, congress_date: dt.date | None = None, note: str = ""
) -> CommitteeTerm:
    from .choices import COMMITTEE_KINDS

    if org.kind not in COMMITTEE_KINDS and org.kind not in (OrgKind.GRASSROOTS_CELL, OrgKind.CELL):
        raise Refusal(_("This kind of organization has no terms."), rule=_structure_rule())
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
