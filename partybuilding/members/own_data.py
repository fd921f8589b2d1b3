"""Everything the system holds about a member, for the member themself: the right of a data
subject to access their personal data and to have it provided (Decree 13/2023/NĐ-CP on
personal data protection, articles 9 and 14).

Each app declares what it holds about a member as sections (`@section`): a title, the table
it reads and the rows of it that concern the member. This app declares the record and its
history; the apps above it declare their own (dues, meetings, admissions) in their
`own_data` modules. `tests/test_my_data.py` holds every table that refers to a member
record to a section, so a new one cannot be left out unnoticed.

`collect` gathers the sections as plain, readable values (a choice by its label, a related
row by its name), which `my_data` views write as JSON and as an Excel workbook.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partybuilding.accounts.models import RoleAssignment
from partybuilding.core.audit import to_json
from partybuilding.core.models import AuditEntry
from partybuilding.core.xlsx import sheet_name

from .models import BadgeAward, CardIssue, CommitteeRole, Member, MemberEvent, Membership, Reward, Transfer

# Columns that only serve the system (search keys, copies of paths, edit counters, chain
# hashes, resubmission ids).
INTERNAL = frozenset({"name_search", "given_search", "sort_key", "org_path", "path", "version", "submission", "prev_hash", "hash"})


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    model: type[models.Model]
    rows: Callable[[Member], Iterable[models.Model]]
    fields: tuple[str, ...] = ()  # only these columns (all but the internal ones when empty)

    def columns(self) -> list[models.Field[Any, Any]]:
        concrete = [f for f in self.model._meta.concrete_fields if f.name not in INTERNAL]
        return [f for f in concrete if f.name in self.fields] if self.fields else concrete


SECTIONS: dict[str, Section] = {}


def section(
    key: str, title: str | Promise, model: type[models.Model], *, fields: tuple[str, ...] = ()
) -> Callable[[Callable[[Member], Iterable[models.Model]]], Callable[[Member], Iterable[models.Model]]]:
    """Declare what an app holds about a member: the rows of `model` the function reads."""

    def register(rows: Callable[[Member], Iterable[models.Model]]) -> Callable[[Member], Iterable[models.Model]]:
        SECTIONS[key] = Section(key, title, model, rows, fields)
        return rows

    return register


def value_of(obj: models.Model, field: models.Field[Any, Any]) -> Any:
    """A column as a person reads it: a choice by its label, a related row by its name."""
    raw = getattr(obj, field.attname)
    if raw is None or raw == "":
        return raw
    if field.is_relation:
        return str(getattr(obj, field.name))
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    return to_json(raw)


@dataclass
class OwnData:
    member: Member
    generated_at: str
    sections: list[tuple[Section, list[dict[str, Any]]]]

    @property
    def rows(self) -> int:
        return sum(len(found) for _s, found in self.sections)

    def as_json(self) -> str:
        body = {
            "generated_at": self.generated_at,
            "member_id": self.member.pk,
            "sections": {
                s.key: {"title": str(s.title), "columns": {f.name: str(f.verbose_name) for f in s.columns()}, "rows": found}
                for s, found in self.sections
            },
        }
        return json.dumps(body, ensure_ascii=False, indent=2)


def collect(member: Member) -> OwnData:
    """Every section's rows about `member`, in the order the sections were declared."""
    found = []
    for declared in SECTIONS.values():
        columns = declared.columns()
        found.append((declared, [{f.name: value_of(obj, f) for f in columns} for obj in declared.rows(member)]))
    return OwnData(member, timezone.now().isoformat(timespec="seconds"), found)


# --- what this app holds -----------------------------------------------------------------


@section("record", _("Member record"), Member)
def _record(member: Member) -> Iterable[Member]:
    return [member]


@section("events", _("Timeline"), MemberEvent)
def _events(member: Member) -> Iterable[MemberEvent]:
    return member.events.select_related("organization", "to_organization", "recorded_by").order_by("date", "id")


@section("memberships", _("Periods of membership"), Membership)
def _memberships(member: Member) -> Iterable[Membership]:
    return member.memberships.select_related("organization").order_by("valid_from", "id")


@section("transfers", _("Transfers"), Transfer)
def _transfers(member: Member) -> Iterable[Transfer]:
    return member.transfers.select_related("from_organization", "to_organization", "recorded_by").order_by("recorded_at", "id")


@section("badges", _("Party badges"), BadgeAward)
def _badges(member: Member) -> Iterable[BadgeAward]:
    return member.badges.order_by("award_date", "id")


@section("cards", _("Party cards"), CardIssue)
def _cards(member: Member) -> Iterable[CardIssue]:
    return member.cards.select_related("recorded_by").order_by("issued_on", "id")


@section("rewards", _("Rewards"), Reward)
def _rewards(member: Member) -> Iterable[Reward]:
    return member.rewards.select_related("organization", "recorded_by").order_by("awarded_on", "id")


@section("committee_roles", _("Committee roles"), CommitteeRole)
def _committee_roles(member: Member) -> Iterable[CommitteeRole]:
    return member.committee_roles.select_related("term", "term__organization").order_by("since", "id")


@section("role_assignments", _("Roles in the system"), RoleAssignment)
def _role_assignments(member: Member) -> Iterable[RoleAssignment]:
    if member.user_id is None:
        return []
    return RoleAssignment.objects.filter(user_id=member.user_id).select_related("organization", "granted_by").order_by("id")


@section("audit", _("Who read or changed your record (audit log)"), AuditEntry)
def _audit(member: Member) -> Iterable[AuditEntry]:
    return AuditEntry.objects.filter(object_type="members.member", object_id=str(member.pk)).select_related("actor").order_by("id")


def write_workbook(data: OwnData, target: Any) -> None:
    """The same data as an Excel workbook: a sheet per section, its columns by their names."""
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {"in_memory": False})
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for number, (declared, found) in enumerate(data.sections, start=1):
        sheet = book.add_worksheet(sheet_name(f"{number}. {declared.title}"))  # numbered: unique
        columns = declared.columns()
        for col, field in enumerate(columns):
            sheet.write(0, col, str(field.verbose_name), bold)
            sheet.set_column(col, col, 22)
        for r, row in enumerate(found, start=1):
            for col, field in enumerate(columns):
                value = row[field.name]
                text = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value
                sheet.write(r, col, "" if text is None else text if isinstance(text, (bool, int, float)) else str(text), wrap)
        sheet.freeze_panes(1, 0)
    book.close()
