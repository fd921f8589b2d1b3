"""The cadre's profile sheet (Sơ yếu lý lịch cán bộ, mẫu 2C): the record's facts in the
official order, the courses attended, the work history (posts held, rotations and transfers,
then the history typed in), rewards and the disciplines in force, and the signatures. The
political background (relatives, time abroad) is outside the system."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from partybuilding.core.pdf import pdf_response

from .discipline import decided
from .models import Cadre


@dataclass(frozen=True)
class WorkLine:
    starts: dt.date
    ends: dt.date | None
    what: str


def work_lines(cadre: Cadre) -> list[WorkLine]:
    """Posts held and moves, oldest first."""
    lines = [
        WorkLine(h.started_on, h.ended_on, f"{h.position.name} — {h.position.organization.name}")
        for h in cadre.holdings.select_related("position", "position__organization")
    ]
    for move in cadre.moves.select_related("to_position"):
        target = move.to_position.name if move.to_position else move.to_text
        lines.append(WorkLine(move.starts_on, move.ends_on, f"{move.get_kind_display()}: {target}"))
    return sorted(lines, key=lambda line: line.starts)


def cv_context(cadre: Cadre, today: dt.date) -> dict[str, Any]:
    present = cadre.holdings.filter(ended_on__isnull=True).select_related("position").order_by("position__grade", "started_on")
    disciplines = list(decided([cadre.member_id]).order_by("decision_date")) if cadre.member_id else []
    return {
        "cadre": cadre,
        "org": cadre.managed_by,
        "today": today,
        "present": list(present),
        "courses": list(cadre.trainings.order_by("starts_on", "pk")),
        "work": work_lines(cadre),
        "member": cadre.member,
        "disciplines": disciplines,
    }


def cv_response(request: HttpRequest, cadre: Cadre) -> HttpResponse:
    context = {**cv_context(cadre, timezone.localdate()), "user": request.user}
    return pdf_response(request, "cadres/cv_pdf.html", context, f"profile-{cadre.pk}.pdf")
