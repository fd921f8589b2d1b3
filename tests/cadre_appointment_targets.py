"""Appointment records and moves of an organization for the scope crawl: the sample record with
a PDF document, and the sample move (made with the ORM on first use)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from partybuilding.cadres.models import AppointmentFile
from partybuilding.organizations.models import Organization

from .cadre_targets import appointment_in, move_in


def appointment_file_in(org: Organization) -> AppointmentFile:
    appointment = appointment_in(org)
    found = appointment.files.first()
    if found is None:
        found = AppointmentFile(appointment=appointment, title="Tờ trình")
        found.file.save(f"appointment-{appointment.pk}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        found.save()
    return found


def appointments_objects_of(org: Organization) -> dict[str, list[Any]]:
    """The scope crawl's objects: the organization's appointment record, its document and its move."""
    return {"cadre_appointment": [appointment_in(org)], "cadre_appointment_file": [appointment_file_in(org)], "cadre_move": [move_in(org)]}
