"""Rotations, transfers and periodic changes of post: recorded with their decision, edited with
the record's version; a move to a post in the records may also move the cadre's post held."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import Decision, actor_user, refuse_future
from partybuilding.core.text import nfc
from partybuilding.organizations.models import Organization

from ..choices import Direction, MoveKind
from ..models import Cadre, Holding, Move, Position

FIELDS = ("kind", "cadre", "from_position", "from_text", "to_position", "to_text", "direction", "starts_on", "ends_on", "purpose")


def moves_rule() -> str:
    return _("Regulation 65-QĐ/TW on the rotation of cadres; Decree 59/2019 on the periodic change of post")


def move_view(move: Move) -> dict[str, Any]:
    return {
        "kind": move.kind,
        "cadre": move.cadre_id,
        "organization": move.organization_id,
        "from_position": move.from_position_id,
        "from_text": move.from_text,
        "to_position": move.to_position_id,
        "to_text": move.to_text,
        "direction": move.direction,
        "starts_on": move.starts_on.isoformat(),
        "ends_on": move.ends_on.isoformat() if move.ends_on else None,
        "purpose": move.purpose,
        "additional_post": move.additional_post,
        "decision_number": move.decision_number,
        "decision_date": move.decision_date.isoformat() if move.decision_date else None,
    }


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields checked: a kind and a direction of the lists, where from and where to, the
    period in order, a decision not dated in the future."""
    if fields["kind"] not in MoveKind.values:
        raise Refusal(_("Choose the kind of move."), rule=moves_rule(), field="kind")
    if fields["direction"] not in Direction.values:
        raise Refusal(_("Choose the direction of the move."), rule=moves_rule(), field="direction")
    for name in ("from_text", "to_text", "purpose"):
        fields[name] = nfc((fields.get(name) or "").strip())
    if fields["to_position"] is None and not fields["to_text"]:
        raise Refusal(_("Name the post the cadre moves to: one of the records, or in words."), rule=moves_rule(), field="to_text")
    if fields["from_position"] is None and not fields["from_text"]:
        raise Refusal(_("Name the post the cadre moves from: one of the records, or in words."), rule=moves_rule(), field="from_text")
    if fields["from_position"] is not None and fields["from_position"] == fields["to_position"]:
        raise Refusal(_("The cadre moves to another post than the one they leave."), rule=moves_rule(), field="to_position")
    ends = fields.get("ends_on")
    if ends is not None and ends < fields["starts_on"]:
        raise Refusal(_("The period ends on or after the day it starts."), rule=moves_rule(), field="ends_on")
    decision: Decision = fields.pop("decision", None) or Decision()
    if decision.date is not None:
        refuse_future(decision.date, "decision_date")
    fields.update(decision_number=nfc(decision.number.strip()), decision_date=decision.date, decided_by=nfc(decision.decided_by.strip()))
    return fields


def _take_up(move: Move, actor: Any) -> dict[str, Any]:
    """The cadre leaves the post moved from (unless the new one is additional) and takes up
    the post moved to, from the move's first day."""
    assert move.to_position is not None
    done: dict[str, Any] = {}
    if move.from_position is not None and not move.additional_post:
        held = Holding.objects.select_for_update().filter(cadre=move.cadre, position=move.from_position, ended_on__isnull=True).first()
        if held is not None:
            if held.started_on > move.starts_on:
                raise Refusal(_("The cadre took up the post moved from after the move starts."), rule=moves_rule(), field="starts_on")
            Holding.objects.filter(pk=held.pk).update(ended_on=move.starts_on)
            done["ended"] = held.pk
    if Holding.objects.filter(cadre=move.cadre, position=move.to_position, ended_on__isnull=True).exists():
        raise Refusal(_("The cadre already holds the post moved to."), rule=moves_rule(), field="to_position")
    new = Holding.objects.create(
        cadre=move.cadre, position=move.to_position, manager_path=move.to_position.manager_path, started_on=move.starts_on
    )
    done["started"] = new.pk
    return done


def move_create(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    cadre: Cadre,
    direction: str,
    starts_on: dt.date,
    from_position: Position | None = None,
    from_text: str = "",
    to_position: Position | None = None,
    to_text: str = "",
    ends_on: dt.date | None = None,
    purpose: str = "",
    additional_post: bool = False,
    decision: Decision | None = None,
    takes_up: bool = False,
) -> Move:
    """A move decided by `organization` (the committee that manages the cadre or the post)."""
    fields = _cleaned(
        {
            "kind": kind,
            "cadre": cadre,
            "direction": direction,
            "starts_on": starts_on,
            "from_position": from_position,
            "from_text": from_text,
            "to_position": to_position,
            "to_text": to_text,
            "ends_on": ends_on,
            "purpose": purpose,
            "decision": decision,
        }
    )
    if takes_up and to_position is None:
        raise Refusal(_("The cadre takes up a post of the records only."), rule=moves_rule(), field="takes_up")
    with transaction.atomic():
        move = Move.objects.create(
            **fields, organization=organization, org_path=organization.path, additional_post=additional_post, created_by=actor_user(actor)
        )
        extra = _take_up(move, actor) if takes_up else {}
        audit_record(actor=actor, action="move.create", obj=move, after={**move_view(move), **extra})
    return move


def move_update(*, actor: Any, move: Move, expected_version: int | None, **given: Any) -> Move:
    """The move's record corrected (the posts held are not moved again)."""
    current = {name: getattr(move, name) for name in FIELDS}
    current["decision"] = Decision(number=move.decision_number, date=move.decision_date, decided_by=move.decided_by)
    current.update({k: v for k, v in given.items() if k in (*FIELDS, "decision")})
    fields = _cleaned(current)
    additional = given.get("additional_post", move.additional_post)
    with transaction.atomic():
        lock_version(move, expected_version)
        before = move_view(move)
        for name, value in fields.items():
            setattr(move, name, value)
        move.additional_post = bool(additional)
        move.save()
        audit_record(actor=actor, action="move.update", obj=move, before=before, after=move_view(move))
    return move
