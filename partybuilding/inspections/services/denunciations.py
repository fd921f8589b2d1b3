"""Denunciations, petitions and complaints: their intake, their screening ("not processed"
with the rule that says so, or accepted for handling within working days), one extension
with its notice, the conclusion and the notice of the result (`DENUNCIATION`, a table of
steps), and the handlers who alone read who denounced.

Who denounced never reaches the audit log: the before/after images say at most whether
each identifying field was given (`audit_view`)."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import calendar
from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.records import record_event, refuse_future
from partybuilding.core.rules import rule
from partybuilding.core.scope import Action, can
from partybuilding.core.workflow import History, Run, Step, Workflow, decision_date
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import (
    Body,
    Channel,
    DenunciationStatus,
    Finding,
    MemberContent,
    NotProcessed,
    OrganizationContent,
    PetitionKind,
    SubjectKind,
)
from ..models import Denunciation, DenunciationStep, Handler
from ..models.denunciations import IDENTITY_FIELDS
from ..subjects import placed

RECORDS_RULE = gettext_lazy("records rule")
# The reasons that forbid handling: a denunciation without them may still be "not processed"
# for its content or competence, but one with them cannot be accepted.
UNACCEPTABLE = (NotProcessed.ANONYMOUS, NotProcessed.FAKE_NAME, NotProcessed.NO_ADDRESS, NotProcessed.REPEAT)

AUDITED = (
    "organization_id",
    "body",
    "kind",
    "channel",
    "received_on",
    "subject_kind",
    "subject_member_id",
    "subject_organization_id",
    "committee_member",
    "contents",
    "repeat_of_id",
    "new_evidence",
    "status",
    "not_processed",
    "not_processed_rule",
    "accepted_on",
    "due",
    "extended_days",
    "extension_notice_on",
    "finding",
    "decision_number",
    "decision_date",
    "notified_on",
    "case_id",
    "discipline_id",
)


def audit_view(d: Denunciation) -> dict[str, Any]:
    """The audited state of a denunciation: each identifying field only as given or not."""
    data: dict[str, Any] = {name: getattr(d, name) for name in AUDITED}
    data.update({name: "present" if getattr(d, name) else "absent" for name in IDENTITY_FIELDS})
    return data


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


# --- the reasons and deadlines --------------------------------------------------------------


def suggested_reason(d: Denunciation) -> str:
    """The reason the screening form proposes: no name → anonymous; no address → no address;
    a repeat without new evidence → repeat; else none."""
    if not d.denouncer_name:
        return NotProcessed.ANONYMOUS
    if not d.denouncer_address:
        return NotProcessed.NO_ADDRESS
    if d.repeat_of_id and not d.new_evidence:
        return NotProcessed.REPEAT
    return ""


def obstacle(d: Denunciation) -> str:
    """What forbids accepting the denunciation for handling ("" when nothing does)."""
    found = suggested_reason(d)
    return found if found in UNACCEPTABLE else ""


def reasons_in_force(day: dt.date) -> list[str]:
    return list(rule("denunciation.not_processed", day).value)


def due_after(accepted_on: dt.date) -> dt.date:
    """The last day of handling: so many working days after acceptance (the rule in force then)."""
    days = int(rule("denunciation.handle_within_working_days", accepted_on).value)
    return calendar.add_working_days(accepted_on, days)


# --- intake ----------------------------------------------------------------------------------


def _check_subject(organization: Organization, kind: str, member: Member | None, subject_org: Organization | None) -> None:
    """The subject is a member or an organization inside the handling organization's subtree."""
    if kind == SubjectKind.MEMBER:
        if member is None:
            raise Refusal(_("Name the member denounced."), rule=RECORDS_RULE, field="subject_member")
        inside = member.org_path.startswith(organization.path)
        field = "subject_member"
    elif kind == SubjectKind.ORGANIZATION:
        if subject_org is None:
            raise Refusal(_("Name the organization denounced."), rule=RECORDS_RULE, field="subject_organization")
        inside = subject_org.path.startswith(organization.path)
        field = "subject_organization"
    else:
        raise Refusal(_("Say who is denounced: a member or an organization."), rule=RECORDS_RULE, field="subject_kind")
    if not inside:
        raise Refusal(
            _("A denunciation is handled by a body over its subject: %(subject)s is not under %(org)s.")
            % {"subject": str(member or subject_org), "org": organization.name},
            rule=gettext_lazy("Party Charter, Art. 32: competence of the inspection bodies"),
            field=field,
        )


def _check_contents(kind: str, contents: list[str]) -> list[str]:
    allowed = MemberContent.values if kind == SubjectKind.MEMBER else OrganizationContent.values
    unknown = [c for c in contents if c not in allowed]
    if unknown:
        raise Refusal(_("Unknown content codes: %(codes)s.") % {"codes": ", ".join(unknown)}, rule=RECORDS_RULE, field="contents")
    return list(dict.fromkeys(contents))


def _check_repeat(organization: Organization, received_on: dt.date, repeat_of: Denunciation | None) -> None:
    if repeat_of is None:
        return
    if not repeat_of.org_path.startswith(organization.path) or repeat_of.received_on > received_on:
        raise Refusal(
            _("A repeated denunciation refers to an earlier one received in the same scope."), rule=RECORDS_RULE, field="repeat_of"
        )


def is_subject(user: Any, d: Denunciation) -> bool:
    """Is the user the subject of the denunciation: the member denounced, or a member of the
    organization denounced (its subtree)?"""
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return False
    member = Member.objects.filter(user_id=user_id).only("pk", "org_path").first()
    if member is None:
        return False
    if d.subject_kind == SubjectKind.MEMBER:
        return member.pk == d.subject_member_id
    org = d.subject_organization
    return org is not None and member.org_path.startswith(org.path)


def denunciation_record(
    *,
    actor: Any,
    organization: Organization,
    channel: str,
    received_on: dt.date,
    subject_kind: str,
    summary: str,
    body: str = Body.COMMISSION,
    kind: str = PetitionKind.DENUNCIATION,
    subject_member: Member | None = None,
    subject_organization: Organization | None = None,
    contents: list[str] | None = None,
    repeat_of: Denunciation | None = None,
    new_evidence: bool = False,
    submission: uuid.UUID | None = None,
    **identity: str,
) -> Denunciation:
    """Record a denunciation, petition or complaint as received; the user who records it
    becomes its first handler (unless they are its subject)."""
    unknown = set(identity) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    refuse_future(received_on, "received_on", _("The date received"))
    if body not in Body.values or kind not in PetitionKind.values or channel not in Channel.values:
        raise Refusal(_("Choose the body, the kind and the channel among those listed."), rule=RECORDS_RULE, field="channel")
    summary = _nfc(summary)
    if not summary:
        raise Refusal(_("Write what it is about."), rule=RECORDS_RULE, field="summary")
    if subject_kind == SubjectKind.MEMBER:
        subject_organization = None
    else:
        subject_member = None
    _check_subject(organization, subject_kind, subject_member, subject_organization)
    codes = _check_contents(subject_kind, contents or [])
    _check_repeat(organization, received_on, repeat_of)
    with transaction.atomic():
        d = Denunciation(
            organization=organization,
            org_path=organization.path,
            body=body,
            kind=kind,
            channel=channel,
            received_on=received_on,
            subject_kind=subject_kind,
            subject_member=subject_member,
            subject_organization=subject_organization,
            **placed(subject_member, subject_organization, received_on),
            summary=summary,
            contents=codes,
            repeat_of=repeat_of,
            new_evidence=bool(new_evidence) and repeat_of is not None,
            status=DenunciationStatus.RECEIVED,
            status_since=received_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **{name: _nfc(identity.get(name)) for name in IDENTITY_FIELDS},
        )
        d.save()
        record_event(DenunciationStep, actor=actor, submission=submission, denunciation=d, kind="received", date=received_on)
        if d.created_by is not None and not is_subject(actor, d):
            Handler.objects.create(denunciation=d, user=actor, assigned_on=received_on, assigned_by=actor)
        audit_record(actor=actor, action="denunciation.record", obj=d, after=audit_view(d))
    return d


# --- the steps -------------------------------------------------------------------------------


def not_processed(run: Run) -> None:
    """Recorded but not processed, for a reason of the rule in force on the date."""
    found = rule("denunciation.not_processed", run.day)
    reason = run["reason"] or ""
    if reason not in found.value:
        raise Refusal(_("Choose a reason among those of the rule in force."), rule=found.citation, field="reason")
    run.changes.update(not_processed=reason, not_processed_rule=found.citation)
    run.record["note"] = f"{NotProcessed(reason).label} ({found.citation})"


def accept(run: Run) -> None:
    """Accepted for handling: due so many working days later (the rule in force on the date)."""
    d = run.obj
    blocked = obstacle(d)
    if blocked:
        found = rule("denunciation.not_processed", run.day)
        raise Refusal(
            _("A denunciation “%(reason)s” is not processed; record it as not processed.") % {"reason": NotProcessed(blocked).label},
            rule=found.citation,
            field="date",
        )
    if run.day < d.received_on:
        raise Refusal(_("It is accepted on or after the day it was received."), rule=RECORDS_RULE, field="date")
    run.changes.update(accepted_on=run.day, due=due_after(run.day))


def extend(run: Run) -> None:
    """The handling extended, once, by up to so many working days, with the notice's date."""
    d = run.obj
    found = rule("denunciation.extension_max_working_days", run.day)
    if d.extended_days:
        raise Refusal(_("The handling was already extended once; it is extended only once."), rule=found.citation, field="days")
    days = int(run["days"] or 0)
    if not 1 <= days <= int(found.value):
        raise Refusal(_("An extension is of 1 to %(max)d working days.") % {"max": int(found.value)}, rule=found.citation, field="days")
    assert d.due is not None
    run.changes.update(extended_days=days, extension_notice_on=run.day, due=calendar.add_working_days(d.due, days))
    run.record["note"] = str(days)


def conclude(run: Run) -> None:
    """The finding and the conclusion, with its number and date; the case that verified it and
    the discipline that followed, when there are."""
    d = run.obj
    finding = run["finding"] or ""
    if finding not in Finding.values:
        raise Refusal(_("Choose the finding."), rule=RECORDS_RULE, field="finding")
    conclusion = _nfc(run["conclusion"])
    if not conclusion:
        raise Refusal(_("Write the conclusion."), rule=RECORDS_RULE, field="conclusion")
    decision = run.decided()
    if not decision.number:
        raise Refusal(_("Give the conclusion's number."), rule=RECORDS_RULE, field="decision_number")
    case, discipline = run["case"], run["discipline"]
    for linked, field in ((case, "case"), (discipline, "discipline")):
        if linked is not None and not linked.org_path.startswith(d.org_path) and not d.org_path.startswith(linked.org_path):
            raise Refusal(_("Link a record of the same scope."), rule=RECORDS_RULE, field=field)
    run.changes.update(
        finding=finding,
        conclusion=conclusion,
        decision_number=decision.number,
        decision_date=decision.date,
        decided_by=decision.decided_by,
        case=case,
        discipline=discipline,
    )


def notify(run: Run) -> None:
    """The result notified to the person who denounced (and to the subject)."""
    run.changes["notified_on"] = run.day


DENUNCIATION = Workflow(
    "denunciation",
    model=Denunciation,
    state="status",
    since="status_since",
    audit_view=audit_view,
    history=History(DenunciationStep, "denunciation"),
    floor=lambda d: d.received_on,
    steps=[
        Step(
            "not_processed",
            gettext_lazy("Not processed"),
            not_processed,
            (DenunciationStatus.RECEIVED,),
            DenunciationStatus.NOT_PROCESSED,
            needs=("reason",),
        ),
        Step("accept", gettext_lazy("Accept for handling"), accept, (DenunciationStatus.RECEIVED,), DenunciationStatus.HANDLING),
        Step("extend", gettext_lazy("Extend the handling"), extend, (DenunciationStatus.HANDLING,), None, needs=("days",)),
        Step(
            "conclude",
            gettext_lazy("Conclude"),
            conclude,
            (DenunciationStatus.HANDLING,),
            DenunciationStatus.CONCLUDED,
            date_of=decision_date,
            needs=("finding",),
        ),
        Step("notify", gettext_lazy("Notify the result"), notify, (DenunciationStatus.CONCLUDED,), DenunciationStatus.NOTIFIED),
    ],
)
STEP_NAMES = tuple(DENUNCIATION.steps)


def denunciation_step(
    step: str,
    *,
    actor: Any,
    denunciation: Denunciation,
    expected_version: int | None = None,
    submission: uuid.UUID | None = None,
    **params: Any,
) -> Denunciation:
    """Run a step of the table on the denunciation (pages and the API make this one call)."""
    result: Denunciation = DENUNCIATION.run(
        step, actor=actor, obj=denunciation, expected_version=expected_version, submission=submission, **params
    )
    return result


# --- handlers --------------------------------------------------------------------------------

HANDLER_RULE = gettext_lazy("QĐ 296-QĐ/TW: the subject of a denunciation does not handle it")


def handler_assign(*, actor: Any, denunciation: Denunciation, user: Any, date: dt.date) -> Handler:
    """Assign a handler: a user who may inspect over the handling organization and is not the
    subject of the denunciation (nor a member of the organization denounced)."""
    refuse_future(date)
    d = denunciation
    if is_subject(user, d):
        raise Refusal(
            _("%(user)s is the subject of this denunciation and cannot handle it.") % {"user": user.get_username()},
            rule=HANDLER_RULE,
            field="user",
        )
    if not getattr(user, "is_active", False) or not can(user, Action.INSPECT, d.organization):
        raise Refusal(
            _("%(user)s does not do inspection work over %(org)s.") % {"user": user.get_username(), "org": d.organization.name},
            rule=gettext_lazy("roles: handlers hold the inspection role over the handling organization"),
            field="user",
        )
    with transaction.atomic():
        Denunciation.objects.select_for_update().filter(pk=d.pk).first()
        handler, created = Handler.objects.get_or_create(
            denunciation=d, user=user, defaults={"assigned_on": date, "assigned_by": actor if actor.is_authenticated else None}
        )
        if not created:
            if handler.released_on is None:
                raise Refusal(_("%(user)s already handles it.") % {"user": user.get_username()}, rule=RECORDS_RULE, field="user")
            handler.released_on, handler.assigned_on, handler.assigned_by = None, date, actor
            handler.save(update_fields=["released_on", "assigned_on", "assigned_by"])
        record_event(DenunciationStep, actor=actor, denunciation=d, kind="handler", date=date, note=user.get_username())
        audit_record(actor=actor, action="denunciation.handler_assign", obj=d, after={"handler": user.pk, "assigned_on": date})
    return handler


def handler_release(*, actor: Any, handler: Handler, date: dt.date) -> Handler:
    """Release a handler: from then on they no longer read who denounced."""
    refuse_future(date)
    with transaction.atomic():
        handler = Handler.objects.select_for_update().get(pk=handler.pk)
        if handler.released_on is not None:
            raise Refusal(_("This handler was already released."), rule=RECORDS_RULE)
        if date < handler.assigned_on:
            raise Refusal(_("A handler is released after being assigned."), rule=RECORDS_RULE, field="date")
        handler.released_on = date
        handler.save(update_fields=["released_on"])
        username = handler.user.get_username()
        record_event(DenunciationStep, actor=actor, denunciation=handler.denunciation, kind="released", date=date, note=username)
        audit_record(
            actor=actor,
            action="denunciation.handler_release",
            obj=handler.denunciation,
            after={"handler": handler.user_id, "released_on": date},
        )
    return handler


__all__ = [
    "DENUNCIATION",
    "audit_view",
    "denunciation_record",
    "denunciation_step",
    "due_after",
    "handler_assign",
    "handler_release",
    "is_subject",
    "obstacle",
    "suggested_reason",
]
