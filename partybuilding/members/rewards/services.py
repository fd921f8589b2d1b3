"""Recording the rewards given to Party organizations and members (form 7 of HD 11-HD/BTCTW,
I): a banner, a certificate of merit or of commendation; correcting or deleting an entry made
by mistake. A member's reward belongs to the organization the member was in on the award day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user, day_text, record_event, refuse_future
from partybuilding.core.scope import Action, can
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from ..choices import RewardForm
from ..models import Member, Membership, Reward

AUDITED = ["organization", "member", "form", "awarded_on", "reason", "decision_number", "decision_date", "decided_by"]
EDITABLE = ("form", "awarded_on", "reason", "decision_number", "decision_date", "decided_by")
# The forms each level receives in form 7 (I.1): no banner below a grassroots organization,
# no certificate of commendation for the committees directly above the grassroots.
FORMS_OF_KIND: dict[str, set[str]] = {
    OrgKind.DISTRICT: {RewardForm.BANNER, RewardForm.MERIT},
    OrgKind.COMMUNE: {RewardForm.BANNER, RewardForm.MERIT},
    OrgKind.SUB_COMMITTEE: {RewardForm.MERIT, RewardForm.COMMENDATION},
    OrgKind.CELL: {RewardForm.MERIT, RewardForm.COMMENDATION},
}


def form_rule() -> str:
    return _("form 7 of HD 11-HD/BTCTW, I: the rewards of each level")


def organization_of_member_on(member: Member, day: dt.date) -> Organization:
    """The organization `member` belonged to on `day` (their membership then), else refused."""
    valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    held = Membership.objects.filter(valid, member=member).select_related("organization").order_by("-valid_from").first()
    if held is None:
        raise Refusal(
            _("%(name)s was not a member of an organization of the system on %(date)s.")
            % {"name": member.full_name, "date": day_text(day)},
            rule=_("records rule"),
            field="awarded_on",
        )
    return held.organization


def _check_dates(fields: dict[str, Any]) -> None:
    awarded_on, decided_on = fields["awarded_on"], fields.get("decision_date")
    refuse_future(awarded_on, "awarded_on", _("The award date"))
    if decided_on is not None:
        refuse_future(decided_on, "decision_date", _("The decision date"))
        if decided_on > awarded_on:
            raise Refusal(
                _("The decision of %(decided)s comes after the award date %(awarded)s; a reward is given once decided.")
                % {"decided": day_text(decided_on), "awarded": day_text(awarded_on)},
                rule=_("records rule"),
                field="decision_date",
            )


def _check_form(fields: dict[str, Any], organization: Organization, member: Member | None) -> None:
    form, awarded_on = fields["form"], fields["awarded_on"]
    if form not in RewardForm.values:
        raise Refusal(_("Choose the form of the reward."), rule=form_rule(), field="form")
    if member is not None:
        if form == RewardForm.BANNER:
            raise Refusal(
                _("A banner is given to a Party organization; a member receives a certificate of merit or of commendation."),
                rule=form_rule(),
                field="form",
            )
        return
    allowed = FORMS_OF_KIND.get(organization.kind)
    if allowed is not None and form not in allowed:
        raise Refusal(
            _("A %(kind)s is not given a %(form)s; it may receive: %(allowed)s.")
            % {
                "kind": organization.get_kind_display().lower(),
                "form": RewardForm(form).label.lower(),
                "allowed": ", ".join(str(f.label).lower() for f in RewardForm if f in allowed),
            },
            rule=form_rule(),
            field="form",
        )
    if awarded_on < organization.founded_on or (organization.dissolved_on and awarded_on > organization.dissolved_on):
        raise Refusal(
            _("%(org)s did not exist on %(date)s.") % {"org": organization.name, "date": day_text(awarded_on)},
            rule=_("records rule"),
            field="awarded_on",
        )


def _placed(actor: Any, member: Member | None, organization: Organization | None, awarded_on: dt.date) -> Organization:
    """Where the reward belongs: the organization rewarded, or the member's on the award day,
    which the actor must manage (the system's own writes excepted)."""
    if (member is None) == (organization is None):
        raise Refusal(_("A reward is given either to an organization or to a member."), rule=form_rule())
    place = organization_of_member_on(member, awarded_on) if member is not None else organization
    assert place is not None
    if actor_user(actor) is None or can(actor, Action.MANAGE_MEMBERS, place):
        return place
    if member is None:
        raise Refusal(_("You do not manage the members of %(org)s.") % {"org": place.name}, rule=_("records rule"), field="organization")
    raise Refusal(
        _("On %(date)s %(name)s belonged to %(org)s, whose members you do not manage; the reward is recorded there.")
        % {"date": day_text(awarded_on), "name": member.full_name, "org": place.name},
        rule=_("records rule"),
        field="awarded_on",
    )


def _duplicate(fields: dict[str, Any], organization: Organization, member: Member | None, exclude: int | None = None) -> None:
    same = Reward.objects.filter(organization=organization, member=member, form=fields["form"], awarded_on=fields["awarded_on"])
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.filter(decision_number=fields.get("decision_number", "")).exists():
        raise Refusal(_("This reward is already recorded."), rule=_("records rule: no double entries"))


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


def record_reward(
    *,
    actor: Any,
    form: str,
    awarded_on: dt.date,
    organization: Organization | None = None,
    member: Member | None = None,
    reason: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decided_by: str = "",
) -> Reward:
    """Record a reward given to an organization, or to a member (placed in their organization
    of the award day)."""
    fields = _cleaned({"form": form, "awarded_on": awarded_on, "reason": reason, "decision_number": decision_number,
                       "decision_date": decision_date, "decided_by": decided_by})  # fmt: skip
    with transaction.atomic():
        _check_dates(fields)
        place = _placed(actor, member, organization, awarded_on)
        _check_form(fields, place, member)
        _duplicate(fields, place, member)
        reward = record_event(Reward, actor=actor, organization=place, member=member, **fields)
        audit_record(actor=actor, action="reward.record", obj=reward, after=snapshot(reward, AUDITED))
    return reward


def reward_update(
    *,
    actor: Any,
    reward: Reward,
    form: str,
    awarded_on: dt.date,
    reason: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decided_by: str = "",
) -> Reward:
    """Correct an entry made by mistake; a member's reward follows the member to the
    organization of the new award day. (Who or what was rewarded is not changed: the wrong
    entry is deleted and the right one recorded.)"""
    fields = _cleaned({"form": form, "awarded_on": awarded_on, "reason": reason, "decision_number": decision_number,
                       "decision_date": decision_date, "decided_by": decided_by})  # fmt: skip
    with transaction.atomic():
        reward = Reward.objects.select_for_update(of=("self",)).select_related("organization", "member").get(pk=reward.pk)
        before = snapshot(reward, AUDITED)
        member = reward.member
        _check_dates(fields)
        place = _placed(actor, member, None if member else reward.organization, awarded_on)
        _check_form(fields, place, member)
        _duplicate(fields, place, member, exclude=reward.pk)
        for name, value in fields.items():
            setattr(reward, name, value)
        reward.organization = place
        reward.save(update_fields=[*EDITABLE, "organization"])
        audit_record(actor=actor, action="reward.update", obj=reward, before=before, after=snapshot(reward, AUDITED))
    return reward


def reward_delete(*, actor: Any, reward: Reward) -> Reward:
    """Delete an entry made by mistake; the audit log keeps what it said. The deleted entry
    is handed back (without its id)."""
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        audit_record(actor=actor, action="reward.delete", obj=reward, before=snapshot(reward, AUDITED))
        reward.delete()
    return reward
