"""Restructuring the tree: rename, move, merge, split and dissolve, each by a decision with
the date it takes effect. Each is a step of the `RESTRUCTURING` workflow (`core.workflow`),
run on an active organization, after its last recorded change, with the organization's
event and the audit entry written in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import Decision, record_event
from partybuilding.core.text import search_key
from partybuilding.core.workflow import History, Run, Step, Workflow

from ..choices import OrgEventKind, OrgKind, OrgStatus
from ..models import Organization, OrganizationEvent
from .checks import check_decision, check_kind_allowed, check_no_active_children, check_parent_usable, inactive, structure_rule
from .tree import end, event_view, move_subtree, organization_create, organization_view, record_version


@dataclass(frozen=True)
class NewPart:
    """An organization founded by a split: its code and name."""

    code: str
    name: str


def _decided(run: Run) -> Decision:
    """The decision behind the change: checked, and kept in the event and the audit entry."""
    decision = run.decided()
    check_decision(decision)
    run.audit["event"] = event_view(run.day, decision)
    return decision


def _locked(run: Run, name: str) -> Organization:
    """Another organization the change touches, locked for it."""
    return Organization.objects.select_for_update().get(pk=run[name].pk)


# --- the steps' own rules ---------------------------------------------------------------


def rename(run: Run) -> None:
    org: Organization = run.obj
    name = " ".join((run["name"] or "").split())
    if name == org.name:
        raise Refusal(_("The new name is the same as the current one."), rule=_("records rule"), field="name")
    _decided(run)
    run.record.update(before={"name": org.name}, after={"name": name})
    org.name, org.name_search = name, search_key(name)
    org.save(update_fields=["name", "name_search", "updated_at"])
    record_version(org, run.day)


def move(run: Run) -> None:
    org: Organization = run.obj
    target = _locked(run, "new_parent")
    if target.path.startswith(org.path):
        raise Refusal(
            _("%(org)s cannot be moved under itself or under one of its own sub-organizations (%(target)s).")
            % {"org": org.name, "target": target.name},
            rule=_("structure rule: the tree has no cycles"),
            field="new_parent",
        )
    if target.pk == org.parent_id:
        raise Refusal(
            _("%(org)s is already under %(target)s.") % {"org": org.name, "target": target.name}, rule=structure_rule(), field="new_parent"
        )
    check_parent_usable(target, run.day)
    check_kind_allowed(target, org.kind, run.day)
    _decided(run)
    run.record.update(related=target, before={"parent": org.parent.name if org.parent else None}, after={"parent": target.name})
    move_subtree(org, target)
    record_version(org, run.day)


def merge(run: Run) -> None:
    """Merge into another organization of the same kind: the sub-organizations move to it,
    and this one ends as merged."""
    org: Organization = run.obj
    into = _locked(run, "into")
    if not into.is_active:
        raise inactive(into, _("%(org)s is %(status)s; an organization can only be merged into an active one."), field="into")
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
            rule=structure_rule(),
            field="into",
        )
    decision = _decided(run)
    for child in Organization.objects.filter(parent=org, status=OrgStatus.ACTIVE).order_by("path"):
        check_kind_allowed(into, child.kind, run.day)
        child_before = organization_view(child)
        lock_version(child, None)
        move_subtree(child, into)
        into.refresh_from_db()
        record_version(child, run.day)
        record_event(OrganizationEvent, actor=run.actor, organization=child, kind=OrgEventKind.MOVED, date=run.day, related=into,
                     before={"parent": org.name}, after={"parent": into.name}, **decision.fields())  # fmt: skip
        audit_record(actor=run.actor, action="organization.move", obj=child, before=child_before,
                     after={**organization_view(child), "event": event_view(run.day, decision)})  # fmt: skip
    record_event(OrganizationEvent, actor=run.actor, organization=into, kind=OrgEventKind.ABSORBED, date=run.day, related=org,
                 **decision.fields())  # fmt: skip
    run.record["related"] = into


def split(run: Run) -> None:
    """Found new organizations out of this one, beside it; the original may end."""
    org: Organization = run.obj
    parts: Sequence[NewPart] = run["parts"] or []
    dissolve = bool(run["dissolve_original"])
    if len(parts) < (2 if dissolve else 1):
        raise Refusal(
            _("A split needs at least two resulting organizations (the original may be one of them)."), rule=structure_rule(), field="parts"
        )
    codes = [p.code.strip() for p in parts]
    if len(set(codes)) != len(codes):
        raise Refusal(_("The new organizations' codes repeat."), rule=_("codes are unique"), field="parts")
    if dissolve:
        check_no_active_children(org, _("dissolved"))
    decision = _decided(run)
    run.result = [
        organization_create(
            actor=run.actor, parent=org.parent, code=part.code, name=part.name, kind=org.kind, founded_on=run.day, decision=decision,
            unit_type=org.unit_type, _event_kind=OrgEventKind.SPLIT_FROM, _related=org,
        )
        for part in parts
    ]  # fmt: skip
    org.refresh_from_db()
    if dissolve:
        end(org, OrgStatus.DISSOLVED, run.day)
    run.record["after"] = {"into": [o.code for o in run.result], "dissolved": dissolve}


def dissolve(run: Run) -> None:
    check_no_active_children(run.obj, _("dissolved"))
    _decided(run)


def _end(run: Run, status: str) -> None:
    """Dissolved or merged: the organization ends on the step's date."""
    end(run.obj, status, run.day, successor=run["into"] if status == OrgStatus.MERGED else None)


RESTRUCTURING = Workflow(
    "organization",
    model=Organization,
    steps=[
        Step("rename", gettext_lazy("Rename"), rename, (OrgStatus.ACTIVE,), kind=OrgEventKind.RENAMED, needs=("name",)),
        Step("move", gettext_lazy("Move"), move, (OrgStatus.ACTIVE,), kind=OrgEventKind.MOVED, needs=("new_parent",)),
        Step("merge", gettext_lazy("Merge"), merge, (OrgStatus.ACTIVE,), OrgStatus.MERGED, kind=OrgEventKind.MERGED, needs=("into",)),
        Step("split", gettext_lazy("Split"), split, (OrgStatus.ACTIVE,), kind=OrgEventKind.SPLIT, needs=("parts",)),
        Step("dissolve", gettext_lazy("Dissolve"), dissolve, (OrgStatus.ACTIVE,), OrgStatus.DISSOLVED, kind=OrgEventKind.DISSOLVED),
    ],
    audit_view=organization_view,
    history=History(OrganizationEvent, "organization"),
    out_of_order=gettext_lazy("The date %(date)s is before the organization's last recorded change (%(last)s)."),
    order_rule=gettext_lazy("history rule: events are recorded in date order"),
    floor=lambda org: org.founded_on,
    before_floor=gettext_lazy("The date %(date)s is before the founding date %(last)s."),
    move=_end,
    wrong_state=lambda org, step: inactive(org),
)
# The steps as services, one per state change: organization_rename(actor=…, org=…, name=…, date=…, decision=…).
organization_rename = RESTRUCTURING.service("rename", "org")
organization_move = RESTRUCTURING.service("move", "org")
organization_merge = RESTRUCTURING.service("merge", "org")
organization_split = RESTRUCTURING.service("split", "org")
organization_dissolve = RESTRUCTURING.service("dissolve", "org")
