"""A member's life in the Party after the record is entered: recognition as official member,
transfers within the system and out of it, exemption, removal, expulsion, leaving, death.

Each is a step of the `LIFECYCLE` workflow (`core.workflow`): its row says from which
statuses it may come and to which it leads; its function holds its own rules. The step
moves the projection (status, organization, membership periods, subtree counters) and
writes the member's event, all in one transaction with the audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.errors import Refusal
from partybuilding.core.rules import rule
from partybuilding.core.workflow import History, Run, Step, Workflow
from partybuilding.organizations.models import Organization

from .. import counters
from ..choices import IN_LIST, EventKind, MemberStatus, RemovalReason
from ..models import Member, MemberEvent, Membership
from ..records.services import check_home, check_probation_over, close_membership, member_view, open_membership, probation_end

LISTED = tuple(IN_LIST)


def move_member(member: Member, day: dt.date, *, status: str | None = None, organization: Organization | None = None) -> None:
    """Change status and/or organization from `day`: counters, membership periods, the row."""
    before = counters.snapshot(member)
    if status is not None:
        member.status = status
        member.status_since = day
    if organization is not None:
        member.organization = organization
        member.org_path = organization.path
    close_membership(member, day)
    if member.in_list:
        open_membership(member, day)
    member.save(update_fields=["status", "status_since", "organization", "org_path", "official_date", "exempt_since", "updated_at"])
    counters.apply(before, counters.snapshot(member))


def not_in_list(member: Member, step: Step | None = None) -> Refusal:
    return Refusal(
        _("%(name)s is no longer in the list (%(status)s).") % {"name": member.full_name, "status": member.get_status_display().lower()},
        rule=_("records rule"),
    )


def _not_probationary(member: Member, step: Step) -> Refusal:
    return Refusal(_("%(name)s is not a probationary member.") % {"name": member.full_name}, rule=_("Party Charter, Art. 5"))


def _not_expelled(member: Member, step: Step) -> Refusal:
    return Refusal(_("%(name)s is not expelled.") % {"name": member.full_name}, rule=_("records rule"))


def check_in_list(member: Member) -> None:
    if member.status not in LISTED:
        raise not_in_list(member)


def _decided(run: Run) -> None:
    """The decision behind the event goes into the member's timeline."""
    run.decided()


# --- the steps' own rules ---------------------------------------------------------------


def recognize(run: Run) -> None:
    """Probation counts from the admission ceremony (`probation_from`, when on record; else
    from the admission decision). Official status takes effect on the day probation ends,
    even when the cell met later; a decision before that day is refused."""
    member: Member = run.obj
    decided = run["decision"].date or timezone.localdate()
    end, probation = probation_end(max(run["probation_from"] or member.admission_date, member.admission_date))
    check_probation_over(decided, end, probation, field="decision_date")
    member.official_date = end
    run.date = end
    _decided(run)


def transfer(run: Run) -> None:
    """Move the member's Party activity to another cell of the system."""
    member: Member = run.obj
    target = Organization.objects.select_for_update().get(pk=run["to_organization"].pk)
    check_home(target, "to_organization")
    if target.pk == member.organization_id:
        raise Refusal(_("The member already belongs to %(org)s.") % {"org": target.name}, rule=_("records rule"), field="to_organization")
    _decided(run)
    run.record |= {"to_organization": target, "to_org_path": target.path}
    move_member(member, run.day, organization=target)


def transfer_out(run: Run) -> None:
    """The member's Party activity moves to an organization outside this system."""
    outside = (run["outside"] or "").strip()
    if not outside:
        raise Refusal(_("Name the receiving organization."), rule=_("records rule"), field="outside")
    _decided(run)
    run.record["outside_party"] = outside


def remove(run: Run) -> None:
    """Removal from the list (xóa tên) on one of the grounds of the rules; a probationary
    member's removal needs the share of the cell's official members the rules require."""
    if run["reason"] not in RemovalReason.values:
        raise Refusal(_("Choose the ground for the removal."), rule=_("QĐ 24-QĐ/TW §8.1"), field="reason")
    if run.obj.status == MemberStatus.PROBATIONARY:
        share = rule("member.removal_probationary_min_share", run.day)
        numerator, denominator = (int(part) for part in str(share.value).split("/"))
        votes, members = run["votes_for"], run["official_members"]
        if not members or votes is None or votes * denominator < numerator * members:
            raise Refusal(
                _(
                    "Removing a probationary member needs the votes of at least %(n)d/%(d)d of the cell's official members (%(votes)s of %(total)s)."
                )
                % {"n": numerator, "d": denominator, "votes": votes if votes is not None else "?", "total": members or "?"},
                rule=share.citation,
                field="votes_for",
            )
    _decided(run)
    run.record["reason"] = run["reason"]


def expel(run: Run) -> None:
    if not (run["decision"] and run["decision"].number):
        raise Refusal(_("An expulsion is recorded with its decision."), rule=_("Party Charter, Art. 35"), field="decision_number")
    _decided(run)


def reinstate(run: Run) -> None:
    """An expulsion annulled or reduced on appeal: the member returns to the list, in the same
    organization, with the status held before the expulsion (the last membership period)."""
    member: Member = run.obj
    if not run["by_appeal"]:
        raise Refusal(
            _("A member is reinstated only by the settlement of an appeal that annulled or reduced the expulsion."),
            rule=_("Party Charter, Art. 38"),
        )
    before = Membership.objects.filter(member=member).exclude(status=MemberStatus.EXPELLED).order_by("-valid_from", "-pk").first()
    if before is None or before.status not in IN_LIST:
        raise Refusal(_("The member's status before the expulsion is not on record."), rule=_("records rule"))
    _decided(run)
    move_member(member, run.day, status=before.status)


def exempt(run: Run) -> None:
    """Exemption from work and activities (QĐ 24 §7.1): a flag with a date, not a status."""
    if run.obj.exempt_since:
        raise Refusal(_("The member is already exempted."), rule=_("records rule"))
    _flag_exemption(run, run.day)


def lift(run: Run) -> None:
    if not run.obj.exempt_since:
        raise Refusal(_("The member is not exempted."), rule=_("records rule"))
    _flag_exemption(run, None)


def _flag_exemption(run: Run, since: dt.date | None) -> None:
    member: Member = run.obj
    counted = counters.snapshot(member)
    member.exempt_since = since
    member.save(update_fields=["exempt_since", "updated_at"])
    counters.apply(counted, counters.snapshot(member))
    _decided(run)


def _move(run: Run, status: str) -> None:
    move_member(run.obj, run.day, status=status)


def _recognition_date(params: dict[str, Any]) -> tuple[dt.date | None, str]:
    decision = params.get("decision")
    return (decision.date if decision and decision.date else timezone.localdate()), "decision_date"


LIFECYCLE = Workflow(
    "member",
    model=Member,
    steps=[
        Step(
            "recognize",
            gettext_lazy("Recognize as official member"),
            recognize,
            (MemberStatus.PROBATIONARY,),
            MemberStatus.OFFICIAL,
            kind=EventKind.RECOGNIZED,
            date_of=_recognition_date,
            ordered=False,
            needs=("decision",),
            wrong_state=_not_probationary,
        ),
        Step(
            "transfer", gettext_lazy("Transfer to another cell"), transfer, LISTED, kind=EventKind.TRANSFERRED, needs=("to_organization",)
        ),
        Step(
            "transfer_out",
            gettext_lazy("Transfer out of the system"),
            transfer_out,
            LISTED,
            MemberStatus.TRANSFERRED_OUT,
            kind=EventKind.TRANSFERRED_OUT,
        ),
        Step("exempt", gettext_lazy("Exempt from work and activities"), exempt, LISTED, kind=EventKind.EXEMPTED),
        Step("lift", gettext_lazy("Lift the exemption"), lift, LISTED, kind=EventKind.EXEMPTION_LIFTED),
        Step("remove", gettext_lazy("Remove from the list"), remove, LISTED, MemberStatus.REMOVED, kind=EventKind.REMOVED),
        Step("expel", gettext_lazy("Expel"), expel, LISTED, MemberStatus.EXPELLED, kind=EventKind.EXPELLED),
        Step(
            "reinstate",
            gettext_lazy("Reinstate after an appeal"),
            reinstate,
            (MemberStatus.EXPELLED,),
            kind=EventKind.REINSTATED,
            needs=("decision",),
            wrong_state=_not_expelled,
        ),
        Step("leave", gettext_lazy("Left the Party"), _decided, LISTED, MemberStatus.LEFT, kind=EventKind.LEFT),
        Step("die", gettext_lazy("Record a death"), _decided, LISTED, MemberStatus.DECEASED, kind=EventKind.DIED),
    ],
    audit_view=member_view,
    history=History(MemberEvent, "member"),
    floor=lambda member: member.admission_date,
    out_of_order=gettext_lazy("The date %(date)s is before the member's last recorded event (%(last)s)."),
    order_rule=gettext_lazy("history rule: events are recorded in date order"),
    history_fields=lambda member: {"organization_id": member.organization_id, "org_path": member.org_path},
    move=_move,
    wrong_state=not_in_list,
)
# The steps as services, one per state change: member_recognize(actor=…, member=…, decision=…).
member_recognize = LIFECYCLE.service("recognize", "member")
member_transfer = LIFECYCLE.service("transfer", "member")
member_transfer_out = LIFECYCLE.service("transfer_out", "member")
member_exempt = LIFECYCLE.service("exempt", "member")
member_exemption_lift = LIFECYCLE.service("lift", "member")
member_remove = LIFECYCLE.service("remove", "member")
member_expel = LIFECYCLE.service("expel", "member")
member_reinstate = LIFECYCLE.service("reinstate", "member")
member_leave = LIFECYCLE.service("leave", "member")
member_die = LIFECYCLE.service("die", "member")
