"""What the documents app holds about a member, for their own download (`members.own_data`):
the tasks they are responsible for, and the resolutions they must study with their notes."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .models import StudyAssignment, Task


@section("tasks", _("Tasks you are responsible for"), Task, fields=("work", "organization", "deadline", "expected_result", "state", "progress", "done_on", "result"))  # fmt: skip
def _tasks(member: Member) -> Iterable[Task]:
    return member.directive_tasks.select_related("organization").order_by("deadline", "id")


@section("study", _("Resolutions you must study"), StudyAssignment, fields=("campaign", "studied_on", "way", "note", "note_written_on", "done"))  # fmt: skip
def _study(member: Member) -> Iterable[StudyAssignment]:
    return member.study_assignments.select_related("campaign").order_by("campaign__starts_on", "id")
