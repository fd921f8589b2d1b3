"""The planning of cadres for a term: a managing organization's planning with its approval
decision, the yearly reviews that add and remove cadres, and the exits recorded. Each
refusal names the rule in force on the decision's date (QĐ 377-QĐ/TW and those it cites)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import actor_user, day_text, refuse_future
from partybuilding.core.rules import rule
from partybuilding.core.text import nfc
from partybuilding.organizations.models import Organization

from ..ages import last_full_term_start
from ..choices import OPEN_APPOINTMENT_STATES, AppointmentKind, ExitReason, PlanningDecisionKind, PlanningState
from ..discipline import BAR_KEY, barring
from ..models import Appointment, Cadre, Holding, Planning, PlanningDecision, PlanningEntry, Position
from ..selectors.planning import automatic_exit_of, in_planning
from .positions import records_rule

MAX_PER_POST_KEY = "cadres.planning_max_per_post"
MAX_POSTS_KEY = "cadres.planning_max_posts_per_cadre"
FULL_TERM_KEY = "cadres.full_term_months"


def planning_citation(day: dt.date) -> str:
    """The planning regulation in force (for its rules that have no number of their own)."""
    return rule(MAX_PER_POST_KEY, day).citation


def planning_view(planning: Planning) -> dict[str, Any]:
    return {
        "organization": planning.organization_id,
        "term_label": planning.term_label,
        "starts_on": planning.starts_on.isoformat(),
        "ends_on": planning.ends_on.isoformat(),
    }


def decision_view(decision: PlanningDecision) -> dict[str, Any]:
    return {
        "planning": decision.planning_id,
        "kind": decision.kind,
        "year": decision.year,
        "decision_number": decision.decision_number,
        "decision_date": decision.decision_date.isoformat() if decision.decision_date else None,
        "decided_by": decision.decided_by,
        "note": decision.note,
    }


def entry_view(entry: PlanningEntry) -> dict[str, Any]:
    return {
        "planning": entry.planning_id,
        "position": entry.position_id,
        "cadre": entry.cadre_id,
        "added_by": entry.added_by_id,
        "added_on": entry.added_on.isoformat(),
        "age_limit_on": entry.age_limit_on.isoformat(),
        "state": entry.state,
        "left_on": entry.left_on.isoformat() if entry.left_on else None,
        "exit_reason": entry.exit_reason,
        "exit_note": entry.exit_note,
        "removed_by": entry.removed_by_id,
    }


def _decision_fields(number: str, date: dt.date | None) -> tuple[str, dt.date]:
    number = nfc((number or "").strip())
    if not number:
        raise Refusal(_("Give the decision's number."), rule=records_rule(), field="decision_number")
    if date is None:
        raise Refusal(_("Give the decision's date."), rule=records_rule(), field="decision_date")
    refuse_future(date, "decision_date", _("The decision date"))
    return number, date


# --- plannings and decisions -------------------------------------------------------------------


def planning_create(
    *,
    actor: Any,
    organization: Organization,
    term_label: str,
    starts_on: dt.date,
    ends_on: dt.date,
    decision_number: str,
    decision_date: dt.date,
    decided_by: str = "",
    note: str = "",
) -> Planning:
    """A planning for a term, with the decision approving it (the first entries name it)."""
    term_label = nfc((term_label or "").strip())
    if not term_label:
        raise Refusal(_("Give the term, such as 2030–2035."), rule=records_rule(), field="term_label")
    if ends_on <= starts_on:
        raise Refusal(_("The term ends after it starts."), rule=records_rule(), field="ends_on")
    number, date = _decision_fields(decision_number, decision_date)
    if Planning.objects.filter(organization=organization, term_label=term_label).exists():
        raise Refusal(
            _("%(org)s already has a planning for the term %(term)s.") % {"org": organization.name, "term": term_label},
            rule=records_rule(),
            field="term_label",
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                planning = Planning.objects.create(
                    organization=organization, org_path=organization.path, term_label=term_label, starts_on=starts_on, ends_on=ends_on
                )
        except IntegrityError as exc:  # another officer saved the same term meanwhile
            raise Refusal(_("This organization already has a planning for that term."), rule=records_rule(), field="term_label") from exc  # fmt: skip
        decision = PlanningDecision.objects.create(
            planning=planning,
            kind=PlanningDecisionKind.APPROVAL,
            year=date.year,
            decision_number=number,
            decision_date=date,
            decided_by=nfc((decided_by or "").strip()),
            note=nfc((note or "").strip()),
            recorded_by=actor_user(actor),
        )
        audit_record(actor=actor, action="planning.create", obj=planning, after={**planning_view(planning), "approval": decision_view(decision)})  # fmt: skip
    return planning


def review_record(
    *, actor: Any, planning: Planning, decision_number: str, decision_date: dt.date, decided_by: str = "", note: str = ""
) -> PlanningDecision:
    """A yearly review's decision: the additions and removals it decides name it."""
    number, date = _decision_fields(decision_number, decision_date)
    approval = planning.decisions.filter(kind=PlanningDecisionKind.APPROVAL).order_by("decision_date").first()
    if approval is not None and approval.decision_date and date < approval.decision_date:
        raise Refusal(
            _("A review comes after the approval of the planning (%(date)s).") % {"date": day_text(approval.decision_date)},
            rule=records_rule(),
            field="decision_date",
        )
    if planning.decisions.filter(decision_number=number, decision_date__year=date.year).exists():
        raise Refusal(_("Decision %(number)s is recorded already.") % {"number": number}, rule=_("records rule: no double entries"), field="decision_number")  # fmt: skip
    with transaction.atomic():
        decision = PlanningDecision.objects.create(
            planning=planning,
            kind=PlanningDecisionKind.REVIEW,
            year=date.year,
            decision_number=number,
            decision_date=date,
            decided_by=nfc((decided_by or "").strip()),
            note=nfc((note or "").strip()),
            recorded_by=actor_user(actor),
        )
        audit_record(actor=actor, action="planning.review", obj=planning, after=decision_view(decision))
    return decision


# --- entries -----------------------------------------------------------------------------------


def _check_post(planning: Planning, position: Position, decision: PlanningDecision) -> None:
    if decision.planning_id != planning.pk:
        raise Refusal(_("The decision is not one of this planning."), rule=records_rule(), field="decision")
    if position.managed_by_id != planning.organization_id:
        raise Refusal(
            _("%(post)s is not managed by %(org)s: its planning is made where the post is managed.")
            % {"post": position.name, "org": planning.organization.name},
            rule=planning_citation(_day(decision)),
            field="position",
        )
    if not position.active:
        raise Refusal(_("%(post)s is no longer in use.") % {"post": position.name}, rule=records_rule(), field="position")


def _day(decision: PlanningDecision) -> dt.date:
    assert decision.decision_date is not None  # every planning decision is dated (the services require it)
    return decision.decision_date


def _check_limits(planning: Planning, position: Position, cadre: Cadre, day: dt.date) -> None:
    standing = in_planning(planning, day)
    if any(e.position_id == position.pk and e.cadre_id == cadre.pk for e in standing):
        raise Refusal(
            _("%(cadre)s is already planned for %(post)s.") % {"cadre": cadre.full_name, "post": position.name},
            rule=_("records rule: no double entries"),
            field="cadre",
        )
    per_post = rule(MAX_PER_POST_KEY, day)
    limit = int(per_post.value) * max(position.seats, 1)
    on_post = sum(1 for e in standing if e.position_id == position.pk)
    if on_post >= limit:
        raise Refusal(
            _("%(post)s already has %(n)s cadres planned, the most allowed (%(limit)s).")
            % {"post": position.name, "n": on_post, "limit": limit},
            rule=per_post.citation,
            field="position",
        )
    per_cadre = rule(MAX_POSTS_KEY, day)
    same_term = PlanningEntry.objects.filter(
        planning__term_label=planning.term_label, cadre=cadre, state=PlanningState.PLANNED, position__level=position.level
    ).exclude(position=position)
    posts = same_term.values("position").distinct().count()
    if posts >= int(per_cadre.value):
        raise Refusal(
            _("%(cadre)s is already planned for %(n)s posts of the %(level)s level for the term %(term)s, the most allowed.")
            % {"cadre": cadre.full_name, "n": posts, "level": position.get_level_display(), "term": planning.term_label},
            rule=per_cadre.citation,
            field="cadre",
        )


def _check_cadre(position: Position, cadre: Cadre, planning: Planning, day: dt.date) -> dt.date:
    """The cadre's own conditions; returns the last day they can start a full term."""
    held = Holding.objects.filter(cadre=cadre, ended_on__isnull=True).select_related("position")
    for holding in held:
        if holding.position.grade <= position.grade:
            raise Refusal(
                _("%(cadre)s holds %(held)s, not below %(post)s: a cadre is planned only for a higher post.")
                % {"cadre": cadre.full_name, "held": holding.position.name, "post": position.name},
                rule=planning_citation(day),
                field="position",
            )
    if Appointment.objects.filter(kind=AppointmentKind.APPOINTMENT, position=position, state__in=OPEN_APPOINTMENT_STATES).exists():
        raise Refusal(
            _("An appointment to %(post)s is being proposed: no planning for the post until it is decided or withdrawn.")
            % {"post": position.name},
            rule=planning_citation(day),
            field="position",
        )
    limit = last_full_term_start(cadre.gender, cadre.date_of_birth, day)
    if limit < planning.starts_on:
        raise Refusal(
            _("%(cadre)s could start a full term only until %(limit)s, before the term starts (%(start)s).")
            % {"cadre": cadre.full_name, "limit": day_text(limit), "start": day_text(planning.starts_on)},
            rule=rule(FULL_TERM_KEY, day).citation,
            field="cadre",
        )
    bar = barring(cadre.member_id, day)
    if bar is not None:
        discipline, ends = bar
        assert discipline.decision_date is not None
        raise Refusal(
            _("%(cadre)s is under a discipline (%(form)s, %(number)s) until %(ends)s.")
            % {
                "cadre": cadre.full_name,
                "form": discipline.get_form_display(),
                "number": discipline.decision_number,
                "ends": day_text(ends),
            },
            rule=rule(BAR_KEY, discipline.decision_date).citation,
            field="cadre",
        )
    return limit


def entry_add(*, actor: Any, planning: Planning, decision: PlanningDecision, position: Position, cadre: Cadre) -> PlanningEntry:
    """A cadre planned for a post by the approval or a review, on the decision's date."""
    _check_post(planning, position, decision)
    day = _day(decision)
    with transaction.atomic():
        Position.objects.select_for_update().filter(pk=position.pk).first()  # one addition to a post at a time
        Cadre.objects.select_for_update().filter(pk=cadre.pk).first()
        _check_limits(planning, position, cadre, day)
        limit = _check_cadre(position, cadre, planning, day)
        try:
            with transaction.atomic():
                entry = PlanningEntry.objects.create(
                    planning=planning,
                    org_path=planning.org_path,
                    position=position,
                    cadre=cadre,
                    added_by=decision,
                    added_on=day,
                    age_limit_on=limit,
                    created_by=actor_user(actor),
                )
        except IntegrityError as exc:
            raise Refusal(
                _("%(cadre)s is already planned for %(post)s.") % {"cadre": cadre.full_name, "post": position.name},
                rule=_("records rule: no double entries"),
                field="cadre",
            ) from exc
        audit_record(actor=actor, action="planning.entry_add", obj=entry, after=entry_view(entry))
    return entry


def entry_remove(
    *, actor: Any, entry: PlanningEntry, decision: PlanningDecision, reason: str, expected_version: int | None = None
) -> PlanningEntry:
    """A cadre taken out of the planning by a review decision, on its date."""
    reason = nfc((reason or "").strip())
    if decision.planning_id != entry.planning_id or decision.kind != PlanningDecisionKind.REVIEW:
        raise Refusal(_("A cadre is removed by a review decision of the same planning."), rule=records_rule(), field="decision")
    if not reason:
        raise Refusal(_("Say why the cadre is removed."), rule=records_rule(), field="reason")
    day = _day(decision)
    if day < entry.added_on:
        raise Refusal(
            _("The decision is dated before the cadre was planned (%(date)s).") % {"date": day_text(entry.added_on)},
            rule=records_rule(),
            field="decision",
        )
    with transaction.atomic():
        lock_version(entry, expected_version)
        if entry.state != PlanningState.PLANNED:
            raise Refusal(_("The cadre is no longer in this planning."), rule=records_rule())
        gone = automatic_exit_of(entry, day)
        if gone is not None:
            raise Refusal(
                _("The cadre left the planning on %(date)s (%(reason)s): record that exit instead.")
                % {"date": day_text(gone.on), "reason": gone.reason_label},
                rule=planning_citation(day),
            )
        before = entry_view(entry)
        entry.state, entry.removed_by, entry.left_on = PlanningState.REMOVED, decision, day
        entry.exit_reason, entry.exit_note = ExitReason.DECISION, reason
        entry.save(update_fields=["state", "removed_by", "left_on", "exit_reason", "exit_note", "updated_at"])
        audit_record(actor=actor, action="planning.entry_remove", obj=entry, before=before, after=entry_view(entry))
    return entry


def exit_record(*, actor: Any, entry: PlanningEntry, note: str = "", expected_version: int | None = None, today: dt.date | None = None) -> PlanningEntry:  # fmt: skip
    """The board records an exit that happened by itself (a discipline, the age limit), on its day."""
    today = today or timezone.localdate()
    with transaction.atomic():
        lock_version(entry, expected_version)
        if entry.state != PlanningState.PLANNED:
            raise Refusal(_("The cadre is no longer in this planning."), rule=records_rule())
        gone = automatic_exit_of(entry, today)
        if gone is None:
            raise Refusal(
                _("%(cadre)s has not left the planning: no discipline taking them out and not past the age limit.")
                % {"cadre": entry.cadre.full_name},
                rule=planning_citation(today),
            )
        before = entry_view(entry)
        entry.state, entry.left_on, entry.exit_reason = PlanningState.LEFT, gone.on, gone.reason
        detail = ""
        if gone.discipline is not None:
            detail = f"{gone.discipline.get_form_display()} {gone.discipline.decision_number}".strip()
        entry.exit_note = nfc(" — ".join(part for part in (detail, (note or "").strip()) if part))
        entry.save(update_fields=["state", "left_on", "exit_reason", "exit_note", "updated_at"])
        audit_record(actor=actor, action="planning.exit", obj=entry, before=before, after=entry_view(entry))
    return entry
