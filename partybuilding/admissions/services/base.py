"""The plumbing every admission step shares: the lock, the order of steps, the step row
and the audit row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.core.text import search_key, vietnamese_sort_key
from partybuilding.members.personal import PersonalData
from partybuilding.members.records.services import MEMBER_HOMES
from partybuilding.organizations.models import Organization

from .. import checks
from ..checks import Votes
from ..choices import StepKind
from ..models import Candidate, CandidateStep

PERSONAL_FIELDS = list(PersonalData.__dataclass_fields__)
SENSITIVE = frozenset({"citizen_id", "phone"})
AUDITED = ["organization", "stage", "stage_since", "certificate_date", "age_exception", "decided_on", "ceremony_on", "member"]


def personal_data(candidate: Candidate) -> PersonalData:
    return PersonalData(**{name: getattr(candidate, name) for name in PERSONAL_FIELDS})


def audit_view(candidate: Candidate) -> dict[str, Any]:
    """The audited state: personal identifiers are noted as present, never copied."""
    data = snapshot(candidate, [f for f in PERSONAL_FIELDS if f not in SENSITIVE] + AUDITED)
    data.update({name: "set" if getattr(candidate, name) else "" for name in SENSITIVE})
    return data


def apply_personal(candidate: Candidate, data: PersonalData) -> None:
    for name, value in asdict(data).items():
        setattr(candidate, name, value.strip() if isinstance(value, str) else value)
    candidate.citizen_id = candidate.citizen_id or ""
    candidate.full_name = " ".join(p for p in (candidate.family_name, candidate.middle_name, candidate.given_name) if p)
    candidate.name_search = search_key(candidate.full_name)
    candidate.sort_key = vietnamese_sort_key(candidate.given_name, candidate.family_name, candidate.middle_name)


def refuse_resubmit(submission: uuid.UUID | None) -> None:
    if submission is not None and CandidateStep.objects.filter(submission=submission).exists():
        raise Refusal(_("This form was already submitted; the step is recorded once."), rule=_("records rule: no double entries"))


def expect_stage(candidate: Candidate, stages: Iterable[str], step: str) -> None:
    if candidate.stage not in set(stages):
        raise Refusal(
            _("%(name)s is at the stage “%(stage)s”; the step “%(step)s” does not come now.")
            % {"name": candidate.full_name, "stage": candidate.get_stage_display(), "step": StepKind(step).label},
            rule=_("admission procedure"),
        )


def check_step_date(candidate: Candidate, day: dt.date, field: str = "date") -> None:
    checks.refuse_future(day, field)
    last = candidate.steps.order_by("-date").values_list("date", flat=True).first()
    if last is not None and day < last:
        raise Refusal(
            _("The date %(date)s is before the candidate's last recorded step (%(last)s).")
            % {"date": day.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")},
            rule=_("history rule: steps are recorded in date order"),
            field=field,
        )


def add_step(candidate: Candidate, kind: str, day: dt.date, actor: Any, *, submission: uuid.UUID | None, **fields: Any) -> CandidateStep:
    try:
        with transaction.atomic():
            return CandidateStep.objects.create(
                candidate=candidate,
                kind=kind,
                date=day,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                submission=submission,
                **fields,
            )
    except IntegrityError as exc:
        raise Refusal(_("This form was already submitted; the step is recorded once."), rule=_("records rule: no double entries")) from exc


def decision_fields(decision: Decision) -> dict[str, Any]:
    return {"decision_number": decision.number, "decision_date": decision.date, "decided_by": decision.decided_by, "note": decision.note}


def vote_fields(votes: Votes) -> dict[str, Any]:
    return asdict(votes)


def advance(candidate: Candidate, stage: str, day: dt.date, actor: Any, before: dict[str, Any], **fields: Any) -> Candidate:
    candidate.stage = stage
    candidate.stage_since = day
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.save()
    audit_record(actor=actor, action=f"candidate.{stage}", obj=candidate, before=before, after=audit_view(candidate))
    return candidate


def check_home(org: Organization) -> None:
    if org.kind not in MEMBER_HOMES or not org.is_active:
        raise Refusal(
            _("Candidates are followed by an active Party cell or grassroots Party cell; %(org)s is not one.") % {"org": org.name},
            rule=_("Party Charter, Art. 24"),
            field="organization",
        )
