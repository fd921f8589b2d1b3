"""Posts and who holds them: a post is created in an organization and managed by its own
committee or one above it; edited with the version read; never deleted (planning entries,
appointments and past holders name it) but taken out of use. A post held is recorded for the
history (a cadre in a post before the records began); appointments decided record theirs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.dates import add_months
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import day_text, refuse_future
from partybuilding.core.rules import rule, rule_if_recorded
from partybuilding.core.text import nfc, search_key
from partybuilding.organizations.models import Organization

from ..choices import TITLE_GRADE, Level, Title
from ..models import Cadre, Holding, Position

POSITION_FIELDS = ("organization", "managed_by", "level", "body", "title", "name", "grade", "seats", "corruption_prone", "active")
HOLDING_FIELDS = ("cadre", "position", "started_on", "term_ends", "ended_on")
TERM_KEY = "cadres.appointment_term_months"
LEVEL_OF_KIND = {"central": Level.CENTRAL, "province": Level.PROVINCE, "district": Level.DISTRICT, "commune": Level.COMMUNE}


def records_rule() -> str:
    return _("records rule of cadre work")


def management_rule() -> str:
    return _("QĐ 80-QĐ/TW: a post is managed by the committee of its organization or of one above it")


def level_of(organization: Organization) -> str:
    """The level of posts managed by `organization`'s committee (its kind's level)."""
    return str(LEVEL_OF_KIND.get(organization.kind, Level.GRASSROOTS))


def default_grade(title: str) -> int:
    return TITLE_GRADE.get(Title(title), TITLE_GRADE[Title.OTHER]) if title in Title.values else TITLE_GRADE[Title.OTHER]


def _check_manager(organization: Organization, managed_by: Organization) -> None:
    if not organization.path.startswith(managed_by.path):
        raise Refusal(
            _("%(manager)s is neither %(org)s nor above it.") % {"manager": managed_by.name, "org": organization.name},
            rule=management_rule(),
            field="managed_by",
        )


def _clean_name(name: str) -> str:
    name = nfc((name or "").strip())
    if not name:
        raise Refusal(_("Give the name of the post."), rule=records_rule(), field="name")
    return name


def position_create(
    *,
    actor: Any,
    organization: Organization,
    managed_by: Organization,
    body: str,
    title: str,
    name: str,
    level: str = "",
    grade: int | None = None,
    seats: int = 1,
    corruption_prone: bool = False,
) -> Position:
    """A post of `organization` managed by `managed_by`; its grade defaults from its title and
    its level from the managing organization's kind."""
    _check_manager(organization, managed_by)
    position = Position(
        organization=organization,
        org_path=organization.path,
        managed_by=managed_by,
        manager_path=managed_by.path,
        level=level or level_of(managed_by),
        body=body,
        title=title,
        name=_clean_name(name),
        grade=grade or default_grade(title),
        seats=max(int(seats or 1), 1),
        corruption_prone=bool(corruption_prone),
    )
    position.name_search = search_key(position.name)
    with transaction.atomic():
        position.save()
        audit_record(actor=actor, action="cadre_position.create", obj=position, after=snapshot(position, POSITION_FIELDS))
    return position


def position_edit(
    *,
    actor: Any,
    position: Position,
    body: str,
    title: str,
    name: str,
    level: str,
    grade: int | None,
    seats: int,
    corruption_prone: bool,
    expected_version: int | None = None,
) -> Position:
    """The post's description; its organization and manager stay (a new post is created when they change)."""
    with transaction.atomic():
        lock_version(position, expected_version)
        before = snapshot(position, POSITION_FIELDS)
        position.body, position.title, position.name, position.level = body, title, _clean_name(name), level
        position.grade = grade or default_grade(title)
        position.seats = max(int(seats or 1), 1)
        position.corruption_prone = bool(corruption_prone)
        position.name_search = search_key(position.name)
        position.save()
        audit_record(actor=actor, action="cadre_position.edit", obj=position, before=before, after=snapshot(position, POSITION_FIELDS))
    return position


def position_set_active(*, actor: Any, position: Position, active: bool, expected_version: int | None = None) -> Position:
    """Taken out of use (no one holds it any longer) or back in use; never deleted."""
    with transaction.atomic():
        lock_version(position, expected_version)
        if position.active == active:
            raise Refusal(
                _("The post is already in use.") if active else _("The post is already out of use."),
                rule=_("records rule: no double entries"),
            )
        if not active and position.holdings.filter(ended_on__isnull=True).exists():
            raise Refusal(
                _("Someone still holds %(post)s: record the end of their holding first.") % {"post": position.name},
                rule=records_rule(),
            )
        position.active = active
        position.save()
        audit_record(actor=actor, action="cadre_position.activate" if active else "cadre_position.deactivate", obj=position, after={"active": active})  # fmt: skip
    return position


def holding_record(
    *,
    actor: Any,
    cadre: Cadre,
    position: Position,
    started_on: dt.date,
    term_ends: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> Holding:
    """A post the cadre holds or held, entered for the history; the term ends by default one
    appointment term (the rule in force on the start) after the start."""
    refuse_future(started_on, "started_on", _("The start in the post"))
    if ended_on is not None:
        refuse_future(ended_on, "ended_on", _("The end in the post"))
        if ended_on < started_on:
            raise Refusal(
                _("The post was left on %(end)s, before it was taken on %(start)s.")
                % {"end": day_text(ended_on), "start": day_text(started_on)},
                rule=records_rule(),
                field="ended_on",
            )
    if term_ends is None:
        # a post taken before the rule was recorded: the term of the first rule recorded
        term = rule_if_recorded(TERM_KEY, started_on) or rule(TERM_KEY, dt.date.today())
        term_ends = add_months(started_on, int(term.value)) - dt.timedelta(days=1)
    elif term_ends <= started_on:
        raise Refusal(_("The term ends after the start in the post."), rule=records_rule(), field="term_ends")
    with transaction.atomic():
        open_rows = Holding.objects.select_for_update().filter(cadre=cadre, position=position, ended_on__isnull=True)
        if ended_on is None and open_rows.exists():
            raise Refusal(
                _("%(cadre)s already holds %(post)s.") % {"cadre": cadre.full_name, "post": position.name},
                rule=_("records rule: no double entries"),
                field="position",
            )
        overlapping = Holding.objects.filter(cadre=cadre, position=position, started_on__lte=ended_on or dt.date.max)
        if overlapping.exclude(ended_on__lt=started_on).exists():
            raise Refusal(
                _("%(cadre)s held %(post)s during part of that time already.") % {"cadre": cadre.full_name, "post": position.name},
                rule=_("records rule: no double entries"),
                field="started_on",
            )
        holding = Holding.objects.create(
            cadre=cadre,
            position=position,
            manager_path=position.manager_path,
            started_on=started_on,
            term_ends=term_ends,
            ended_on=ended_on,
        )
        audit_record(actor=actor, action="cadre_holding.record", obj=holding, after=snapshot(holding, HOLDING_FIELDS))
    return holding
