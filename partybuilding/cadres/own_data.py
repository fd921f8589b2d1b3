"""What the cadres app holds about a member, for their own download (`members.own_data`):
their cadre record's posts and courses. The planning is the committee's deliberation and
stays out of it until decided; appointments decided are the member's own."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .choices import AppointmentState
from .models import Appointment, Cadre, Holding, Training


@section("cadre", _("Your cadre record"), Cadre, fields=("academic_title", "state_management", "languages", "it_skills", "staff_category", "staff_since"))  # fmt: skip
def _cadre(member: Member) -> Iterable[Cadre]:
    return Cadre.objects.filter(member=member)


@section("posts", _("Posts you hold or held"), Holding, fields=("position", "started_on", "term_ends", "ended_on"))  # fmt: skip
def _posts(member: Member) -> Iterable[Holding]:
    return Holding.objects.filter(cadre__member=member).select_related("position").order_by("-started_on", "id")


@section("appointments", _("Decisions on your posts"), Appointment, fields=("kind", "position", "decision_number", "decision_date", "effective_on"))  # fmt: skip
def _appointments(member: Member) -> Iterable[Appointment]:
    return (
        Appointment.objects.filter(cadre__member=member, state=AppointmentState.DECIDED)
        .select_related("position")
        .order_by("-decision_date", "id")
    )


@section("courses", _("Courses you attended"), Training, fields=("kind", "name", "institution", "starts_on", "ends_on", "completed", "certificate_number"))  # fmt: skip
def _courses(member: Member) -> Iterable[Training]:
    return Training.objects.filter(cadre__member=member).order_by("-starts_on", "id")
