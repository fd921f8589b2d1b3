"""A yearly programme of inspection and supervision: created once per organization, body and
year, its items added, edited and removed while it is a draft, then adopted by decision; an
adopted programme is changed only by a new decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import Decision, actor_user, refuse_future
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import ORGANIZATION_ONLY, Body, CaseKind, SubjectKind
from ..models import Programme, ProgrammeItem


def records_rule() -> str:
    return _("records rule")


def adopted_rule() -> str:
    return _("records rule: an adopted programme is changed by a new decision")


def subject_rule() -> str:
    return _("Party Charter, Art. 30: a body inspects and supervises the organizations and members under it")


def check_subject(
    organization: Organization, *, kind: str, subject_kind: str, subject_organization: Organization | None, subject_member: Member | None
) -> tuple[Organization | None, Member | None]:
    """The subject of an item or a case: an organization or a member inside `organization`'s
    subtree; the kinds about an organization's own work take an organization only."""
    if kind not in CaseKind.values:
        raise Refusal(_("Choose the kind of inspection or supervision."), rule=records_rule(), field="kind")
    if subject_kind == SubjectKind.MEMBER and kind in ORGANIZATION_ONLY:
        raise Refusal(
            _("“%(kind)s” is about a Party organization, not a member.") % {"kind": CaseKind(kind).label},
            rule=_("QĐ 885-QĐ/UBKTTW: this kind of inspection is of organizations"),
            field="subject_kind",
        )
    if subject_kind == SubjectKind.MEMBER:
        if subject_member is None:
            raise Refusal(_("Name the member inspected."), rule=records_rule(), field="subject_member")
        if not subject_member.org_path.startswith(organization.path):
            raise Refusal(
                _("%(name)s is not a member under %(org)s.") % {"name": subject_member.full_name, "org": organization.name},
                rule=subject_rule(),
                field="subject_member",
            )
        return None, subject_member
    if subject_kind != SubjectKind.ORGANIZATION:
        raise Refusal(_("Choose the subject: an organization or a member."), rule=records_rule(), field="subject_kind")
    if subject_organization is None:
        raise Refusal(_("Name the organization inspected."), rule=records_rule(), field="subject_organization")
    if not subject_organization.path.startswith(organization.path):
        raise Refusal(
            _("%(subject)s is not under %(org)s.") % {"subject": subject_organization.name, "org": organization.name},
            rule=subject_rule(),
            field="subject_organization",
        )
    return subject_organization, None


def programme_view(programme: Programme) -> dict[str, Any]:
    return {
        "organization": programme.organization_id,
        "body": programme.body,
        "year": programme.year,
        "title": programme.title,
        "decision_number": programme.decision_number,
        "decision_date": programme.decision_date.isoformat() if programme.decision_date else None,
        "items": programme.items.count() if programme.pk else 0,
    }


def item_view(item: ProgrammeItem) -> dict[str, Any]:
    return {
        "programme": item.programme_id,
        "kind": item.kind,
        "subject_kind": item.subject_kind,
        "subject_organization": item.subject_organization_id,
        "subject_member": item.subject_member_id,
        "content": item.content,
        "planned_from": item.planned_from.isoformat(),
        "planned_to": item.planned_to.isoformat(),
        "lead": item.lead,
    }


def _duplicate(organization: Organization, body: str, year: int) -> Refusal:
    return Refusal(
        _("%(org)s already has a programme of the %(body)s for %(year)s; open it to add items.")
        % {"org": organization.name, "body": Body(body).label.lower(), "year": year},
        rule=_("records rule: one programme per body and year"),
        field="year",
    )


def programme_create(*, actor: Any, organization: Organization, body: str, year: int, title: str) -> Programme:
    """A draft programme of `organization`'s `body` for `year`."""
    if body not in Body.values:
        raise Refusal(_("Choose the body conducting the programme."), rule=records_rule(), field="body")
    if not title.strip():
        raise Refusal(_("Give the programme a title."), rule=records_rule(), field="title")
    if Programme.objects.filter(organization=organization, body=body, year=year).exists():
        raise _duplicate(organization, body, year)
    with transaction.atomic():
        try:
            with transaction.atomic():
                programme = Programme.objects.create(
                    organization=organization,
                    org_path=organization.path,
                    body=body,
                    year=year,
                    title=title.strip(),
                    created_by=actor_user(actor),
                )
        except IntegrityError as exc:  # a race the check above lost
            raise _duplicate(organization, body, year) from exc
        audit_record(actor=actor, action="programme.create", obj=programme, after=programme_view(programme))
    return programme


def _refuse_adopted(programme: Programme) -> None:
    if programme.adopted:
        raise Refusal(
            _("The programme was adopted by decision %(number)s; its items are fixed.") % {"number": programme.decision_number},
            rule=adopted_rule(),
        )


def _item_fields(programme: Programme, fields: dict[str, Any]) -> dict[str, Any]:
    subject_organization, subject_member = check_subject(
        programme.organization,
        kind=fields["kind"],
        subject_kind=fields["subject_kind"],
        subject_organization=fields.get("subject_organization"),
        subject_member=fields.get("subject_member"),
    )
    planned_from: dt.date = fields["planned_from"]
    planned_to: dt.date = fields["planned_to"]
    for name, day in (("planned_from", planned_from), ("planned_to", planned_to)):
        if day.year != programme.year:
            raise Refusal(
                _("The planned dates fall within the programme's year, %(year)s.") % {"year": programme.year},
                rule=records_rule(),
                field=name,
            )
    if planned_to < planned_from:
        raise Refusal(_("The plan ends before it begins."), rule=records_rule(), field="planned_to")
    if not (fields.get("content") or "").strip():
        raise Refusal(_("Say what the item looks at."), rule=records_rule(), field="content")
    return {
        "kind": fields["kind"],
        "subject_kind": fields["subject_kind"],
        "subject_organization": subject_organization,
        "subject_member": subject_member,
        "content": fields["content"].strip(),
        "planned_from": planned_from,
        "planned_to": planned_to,
        "lead": (fields.get("lead") or "").strip(),
    }


def programme_item_add(*, actor: Any, programme: Programme, **fields: Any) -> ProgrammeItem:
    """An item of a draft programme: kind, subject, content, planned dates, who leads."""
    with transaction.atomic():
        lock_version(programme, None)
        programme.refresh_from_db()
        _refuse_adopted(programme)
        item = ProgrammeItem.objects.create(programme=programme, **_item_fields(programme, fields))
        audit_record(actor=actor, action="programme.item_add", obj=programme, after=item_view(item))
    return item


def programme_item_edit(*, actor: Any, item: ProgrammeItem, **fields: Any) -> ProgrammeItem:
    with transaction.atomic():
        programme = item.programme
        lock_version(programme, None)
        programme.refresh_from_db()
        _refuse_adopted(programme)
        before = item_view(item)
        for name, value in _item_fields(programme, fields).items():
            setattr(item, name, value)
        item.save()
        audit_record(actor=actor, action="programme.item_edit", obj=programme, before=before, after=item_view(item))
    return item


def programme_item_remove(*, actor: Any, item: ProgrammeItem) -> Programme:
    with transaction.atomic():
        programme = item.programme
        lock_version(programme, None)
        programme.refresh_from_db()
        _refuse_adopted(programme)
        before = item_view(item)
        item.delete()
        audit_record(actor=actor, action="programme.item_remove", obj=programme, before=before)
    return programme


def programme_adopt(*, actor: Any, programme: Programme, decision: Decision, expected_version: int | None = None) -> Programme:
    """Adopt the programme by decision (number and date): its items are fixed from then on."""
    if not decision.number.strip():
        raise Refusal(_("Give the decision's number."), rule=records_rule(), field="decision_number")
    if decision.date is None:
        raise Refusal(_("Give the decision's date."), rule=records_rule(), field="decision_date")
    refuse_future(decision.date, "decision_date", _("The decision date"))
    with transaction.atomic():
        lock_version(programme, expected_version)
        programme.refresh_from_db()
        _refuse_adopted(programme)
        if not programme.items.exists():
            raise Refusal(_("A programme with no item cannot be adopted; add its items first."), rule=records_rule())
        before = programme_view(programme)
        programme.decision_number = decision.number.strip()
        programme.decision_date = decision.date
        programme.decided_by = decision.decided_by
        programme.save(update_fields=["decision_number", "decision_date", "decided_by", "updated_at"])
        audit_record(actor=actor, action="programme.adopt", obj=programme, before=before, after=programme_view(programme))
    return programme
