"""What inspection work holds about a member, for their own download (`members.own_data`): the
disciplines decided about them, the suspensions of their Party activity, the inspections and
supervisions of them once decided, and the denunciations about them once concluded — never
who denounced them, nor the denunciation's own words, which can name that person."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .choices import CaseStatus, DenunciationStatus
from .models import Case, Denunciation, Discipline, ProgrammeItem, Suspension


@section("disciplines", _("Disciplines"), Discipline, fields=("form_in_force", "status", "decision_number", "decision_date", "decided_by", "violation_date", "violation"))  # fmt: skip
def _disciplines(member: Member) -> Iterable[Discipline]:
    return member.disciplines.exclude(form="").order_by("decision_date", "id")


@section("suspensions", _("Suspensions of Party activity"), Suspension, fields=("starts_on", "ends_on", "lifted_on", "reason", "decision_number"))  # fmt: skip
def _suspensions(member: Member) -> Iterable[Suspension]:
    return member.suspensions.order_by("starts_on", "id")


@section("inspections", _("Inspections and supervisions of you"), Case, fields=("kind", "organization", "body", "decision_number", "decision_date", "period_from", "period_to", "status", "conclusion_number", "conclusion_date", "result"))  # fmt: skip
def _cases(member: Member) -> Iterable[Case]:
    return member.inspection_cases.exclude(status=CaseStatus.PLANNED).select_related("organization").order_by("status_since", "id")


@section("programme_items", _("Inspections and supervisions of you in adopted programmes"), ProgrammeItem, fields=("programme", "kind", "planned_from", "planned_to"))  # fmt: skip
def _programme_items(member: Member) -> Iterable[ProgrammeItem]:
    rows = ProgrammeItem.objects.filter(subject_member=member).exclude(programme__decision_number="")
    return rows.select_related("programme").order_by("planned_from", "id")


@section("denunciations", _("Denunciations about you, once concluded"), Denunciation, fields=("kind", "received_on", "organization", "status", "finding", "decision_number", "decision_date"))  # fmt: skip
def _denunciations(member: Member) -> Iterable[Denunciation]:
    concluded = (DenunciationStatus.CONCLUDED, DenunciationStatus.NOTIFIED)
    rows = Denunciation.objects.filter(subject_member=member, status__in=concluded).select_related("organization")
    return rows.only("kind", "received_on", "organization", "status", "finding", "decision_number", "decision_date").order_by(
        "received_on", "id"
    )
