"""Cadre records: a Party member's (created from the member record, whose personal fields it
copies, and refreshed from it on demand) or a person outside the member records (a few state
posts), with the facts of cadre work the member record does not hold. One cadre record per
member; edited with the version read; every write audited, personal identifiers noted as
present, never copied."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import actor_user, refuse_future
from partybuilding.core.text import nfc
from partybuilding.members.models import Member
from partybuilding.members.personal import PersonalData, apply_personal, audit_view
from partybuilding.organizations.models import Organization

from ..models import Cadre
from .positions import records_rule

# the facts of cadre work the member record does not hold (the form's and the API's)
CADRE_FIELDS = (
    "birth_place", "residence", "academic_title", "state_management", "languages", "it_skills", "staff_category",
    "staff_since", "staff_in", "staff_until", "staff_out", "work_history", "rewards",
)  # fmt: skip
PERSONAL_AUDITED = (
    "family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity", "religion", "home_town",
    "citizen_id", "phone", "education", "qualification", "theory", "occupation", "workplace", "positions",
)  # fmt: skip
AUDITED = (*PERSONAL_AUDITED, *CADRE_FIELDS, "member", "managed_by")


def cadre_view(cadre: Cadre) -> dict[str, Any]:
    """The record as the audit log keeps it."""
    data = audit_view(cadre, [name for name in AUDITED if name != "managed_by"])
    data["managed_by"] = cadre.managed_by_id
    return {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in data.items()}


def one_record_rule() -> str:
    return _("records rule: one cadre record per member")


def _apply_facts(cadre: Cadre, facts: dict[str, Any]) -> None:
    for name in CADRE_FIELDS:
        if name in facts:
            value = facts[name]
            setattr(cadre, name, nfc(value.strip()) if isinstance(value, str) else value)
    if cadre.staff_until and cadre.staff_since and cadre.staff_until < cadre.staff_since:
        raise Refusal(_("The payroll was left before it was joined."), rule=records_rule(), field="staff_until")
    for name, what in (("staff_since", _("The date on the payroll")), ("staff_until", _("The date off the payroll"))):
        if getattr(cadre, name):
            refuse_future(getattr(cadre, name), name, what)


def _manage(cadre: Cadre, managed_by: Organization) -> None:
    cadre.managed_by, cadre.manager_path = managed_by, managed_by.path


def existing_record(member: Member) -> Cadre | None:
    return Cadre.objects.select_related("managed_by").filter(member=member).first()


def cadre_from_member(*, actor: Any, member: Member, managed_by: Organization, **facts: Any) -> Cadre:
    """A member's cadre record, their personal fields copied from the member record."""
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # two officers at once: one record
        found = existing_record(member)
        if found is not None:
            raise Refusal(
                _("%(name)s already has a cadre record, managed by %(org)s (no. %(id)s).")
                % {"name": member.full_name, "org": found.managed_by.name, "id": found.pk},
                rule=one_record_rule(),
                field="member",
            )
        cadre = Cadre(member=member, created_by=actor_user(actor))
        _manage(cadre, managed_by)
        apply_personal(cadre, PersonalData.of(member))
        _apply_facts(cadre, facts)
        cadre.save()
        audit_record(actor=actor, action="cadre.create", obj=cadre, after=cadre_view(cadre))
    return cadre


def cadre_create_person(*, actor: Any, managed_by: Organization, data: PersonalData, **facts: Any) -> Cadre:
    """The record of a person outside the member records, their personal fields typed in."""
    cadre = Cadre(created_by=actor_user(actor))
    _manage(cadre, managed_by)
    apply_personal(cadre, data)
    refuse_future(cadre.date_of_birth, "date_of_birth", _("The date of birth"))
    _apply_facts(cadre, facts)
    with transaction.atomic():
        cadre.save()
        audit_record(actor=actor, action="cadre.create", obj=cadre, after=cadre_view(cadre))
    return cadre


def cadre_edit(
    *,
    actor: Any,
    cadre: Cadre,
    managed_by: Organization | None = None,
    data: PersonalData | None = None,
    expected_version: int | None = None,
    **facts: Any,
) -> Cadre:
    """The facts of cadre work and the managing organization; the personal fields too for a
    person outside the member records (a member's come from the member record: `cadre_refresh`)."""
    if data is not None and cadre.member_id is not None:
        raise Refusal(
            _("The personal fields of a member's cadre record come from the member record: refresh them from it."),
            rule=one_record_rule(),
        )
    with transaction.atomic():
        lock_version(cadre, expected_version)
        before = cadre_view(cadre)
        if managed_by is not None:
            _manage(cadre, managed_by)
        if data is not None:
            apply_personal(cadre, data)
            refuse_future(cadre.date_of_birth, "date_of_birth", _("The date of birth"))
        _apply_facts(cadre, facts)
        cadre.save()
        audit_record(actor=actor, action="cadre.edit", obj=cadre, before=before, after=cadre_view(cadre))
    return cadre


def cadre_refresh(*, actor: Any, cadre: Cadre, expected_version: int | None = None) -> Cadre:
    """The member record's personal fields copied again (after a correction there)."""
    if cadre.member_id is None:
        raise Refusal(_("This cadre has no member record to refresh from."), rule=one_record_rule())
    with transaction.atomic():
        lock_version(cadre, expected_version)
        before = cadre_view(cadre)
        apply_personal(cadre, PersonalData.of(Member.objects.get(pk=cadre.member_id)))
        cadre.save()
        audit_record(actor=actor, action="cadre.refresh", obj=cadre, before=before, after=cadre_view(cadre))
    return cadre
