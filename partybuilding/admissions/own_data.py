"""What the admissions hold about a member, for their own download (`members.own_data`):
their admission file (the record as a candidate, its steps, their introducers, who read
it), and the candidates they introduced."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import AuditEntry
from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .models import Candidate, CandidateStep, Introducer


def _candidate_ids(member: Member) -> list[int]:
    return list(Candidate.objects.filter(member=member).values_list("pk", flat=True))


@section("admission", _("Admission file"), Candidate)
def _file(member: Member) -> Iterable[Candidate]:
    return Candidate.objects.filter(member=member).select_related("organization")


@section("admission_steps", _("Steps of the admission"), CandidateStep)
def _steps(member: Member) -> Iterable[CandidateStep]:
    return CandidateStep.objects.filter(candidate__member=member).select_related("candidate", "recorded_by").order_by("date", "id")


@section("admission_introducers", _("Your introducers"), Introducer)
def _introducers(member: Member) -> Iterable[Introducer]:
    return Introducer.objects.filter(candidate__member=member).select_related("candidate", "member").order_by("id")


@section("introduced", _("Applicants you introduced"), Introducer, fields=("candidate", "known_since", "note"))
def _introduced(member: Member) -> Iterable[Introducer]:
    return Introducer.objects.filter(member=member).select_related("candidate").order_by("id")


@section("admission_audit", _("Who read or changed your admission file (audit log)"), AuditEntry)
def _audit(member: Member) -> Iterable[AuditEntry]:
    ids = [str(pk) for pk in _candidate_ids(member)]
    return AuditEntry.objects.filter(object_type="admissions.candidate", object_id__in=ids).select_related("actor").order_by("id")
