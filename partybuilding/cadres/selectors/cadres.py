"""What pages and the API read of posts, cadre records and courses: the lists of a scope with
their filters, one record (reading a cadre's personal record is audited, as a member's is),
and what a post's and a cadre's pages show about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.audit import audit_record
from partybuilding.core.dates import add_years
from partybuilding.core.rules import rule_value
from partybuilding.core.scope import Action, visible_or_404
from partybuilding.core.text import search_key
from partybuilding.organizations.models import Organization

from ..choices import OPEN_APPOINTMENT_STATES, PlanningState
from ..models import Appointment, Cadre, Holding, Move, PlanningEntry, Position, Training

# --- posts -------------------------------------------------------------------------------------


def positions_in(user: Any, org: Any) -> QuerySet[Position]:
    """The posts managed in `org`'s subtree that the user reads."""
    rows = Position.objects.visible_to(user).select_related("organization", "managed_by")
    return rows.filter(paths.subtree_q(org.path, "manager_path")) if org is not None else rows


def open_holdings() -> QuerySet[Holding]:
    return Holding.objects.filter(ended_on__isnull=True)


def filtered_positions(rows: QuerySet[Position], filters: dict[str, Any]) -> QuerySet[Position]:
    for name in ("level", "body", "title"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if filters.get("managed_by"):
        rows = rows.filter(managed_by_id=getattr(filters["managed_by"], "pk", filters["managed_by"]))
    vacant = filters.get("vacant")
    if vacant in ("yes", "no", True, False):
        held = Exists(open_holdings().filter(position=OuterRef("pk")))
        rows = rows.filter(~held) if vacant in ("yes", True) else rows.filter(held)
    active = filters.get("active", "yes")
    if active in ("yes", "no"):
        rows = rows.filter(active=active == "yes")
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(name_search__contains=search_key(text))
    return rows


def position_or_404(user: Any, pk: Any, action: Action | None = None) -> Position:
    return visible_or_404(Position.objects.select_related("organization", "managed_by"), user, pk, action)


def holders_now(position: Position) -> list[Holding]:
    return list(position.holdings.filter(ended_on__isnull=True).select_related("cadre").order_by("started_on", "pk"))


def holders_before(position: Position) -> list[Holding]:
    return list(position.holdings.filter(ended_on__isnull=False).select_related("cadre").order_by("-ended_on", "-pk"))


def planned_for(user: Any, position: Position) -> list[PlanningEntry]:
    rows = PlanningEntry.objects.visible_to(user).filter(position=position, state=PlanningState.PLANNED)
    return list(rows.select_related("cadre", "planning").order_by("planning__starts_on", "cadre__sort_key"))


def open_appointments(user: Any, position: Position) -> list[Appointment]:
    rows = Appointment.objects.visible_to(user).filter(position=position, state__in=OPEN_APPOINTMENT_STATES)
    return list(rows.select_related("cadre").order_by("proposed_on", "pk"))


def days_to(day: dt.date | None, today: dt.date) -> int | None:
    return None if day is None else (day - today).days


# --- cadres -------------------------------------------------------------------------------------


def age_bands(today: dt.date) -> list[tuple[str, str]]:
    """The age groups of the structure targets in force (under 45, 45–54, 55 and over)."""
    targets = rule_value("cadres.structure_targets", on=today) or {}
    low, high = (targets.get("age_bounds") or [45, 55])[:2]
    return [
        (f"-{low}", _("Under %(n)s") % {"n": low}),
        (f"{low}-{high}", _("%(low)s to %(high)s") % {"low": low, "high": high - 1}),
        (f"{high}-", _("%(n)s and over") % {"n": high}),
    ]


def born_q(band: str, today: dt.date) -> Q:
    """Born for an age in [low, high) on `today`: band "-45", "45-55" or "55-"."""
    low, _sep, high = band.partition("-")
    found = Q()
    if low.isdigit():
        found &= Q(date_of_birth__lte=add_years(today, -int(low)))
    if high.isdigit():
        found &= Q(date_of_birth__gt=add_years(today, -int(high)))
    return found


def cadres_in(user: Any, org: Any) -> QuerySet[Cadre]:
    """The cadres managed in `org`'s subtree that the user reads."""
    rows = Cadre.objects.visible_to(user).select_related("managed_by", "member")
    return rows.filter(paths.subtree_q(org.path, "manager_path")) if org is not None else rows


def filtered_cadres(rows: QuerySet[Cadre], filters: dict[str, Any], today: dt.date) -> QuerySet[Cadre]:
    if filters.get("managed_by"):
        rows = rows.filter(managed_by_id=getattr(filters["managed_by"], "pk", filters["managed_by"]))
    if filters.get("gender"):
        rows = rows.filter(gender=filters["gender"])
    if filters.get("age"):
        rows = rows.filter(born_q(filters["age"], today))
    posts = open_holdings().filter(cadre=OuterRef("pk"))
    if filters.get("level"):
        rows = rows.filter(Exists(posts.filter(position__level=filters["level"])))
    if filters.get("title"):
        rows = rows.filter(Exists(posts.filter(position__title=filters["title"])))
    planned = Exists(PlanningEntry.objects.filter(cadre=OuterRef("pk"), state=PlanningState.PLANNED))
    if filters.get("planned") in ("yes", "no"):
        rows = rows.filter(planned if filters["planned"] == "yes" else ~planned)
    if filters.get("member") in ("yes", "no"):
        rows = rows.filter(member__isnull=filters["member"] == "no")
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(name_search__contains=search_key(text))
    return rows


def present_posts(cadres: list[Cadre]) -> dict[int, list[Holding]]:
    """Each cadre's posts held now (one query for a page of cadres)."""
    found: dict[int, list[Holding]] = {c.pk: [] for c in cadres}
    for row in open_holdings().filter(cadre__in=cadres).select_related("position").order_by("position__grade", "started_on"):
        found[row.cadre_id].append(row)
    return found


def cadre_or_404(user: Any, pk: Any, action: Action | None = None) -> Cadre:
    return visible_or_404(Cadre.objects.select_related("managed_by", "member", "member__organization"), user, pk, action)


def read_cadre(user: Any, pk: Any, *, purpose: str = "view", **details: Any) -> Cadre:
    """A cadre's personal record for the page, the profile sheet or the API: the reading is
    audited (`cadre.view`, `cadre.export_pdf`)."""
    cadre = cadre_or_404(user, pk)
    audit_record(actor=user, action=f"cadre.{purpose}", obj=cadre, after=details or None)
    return cadre


def cadre_holdings(cadre: Cadre) -> list[Holding]:
    return list(cadre.holdings.select_related("position", "position__organization").order_by("-started_on", "-pk"))


def cadre_entries(user: Any, cadre: Cadre) -> list[PlanningEntry]:
    rows = PlanningEntry.objects.visible_to(user).filter(cadre=cadre)
    return list(rows.select_related("position", "planning").order_by("-added_on", "pk"))


def cadre_appointments(user: Any, cadre: Cadre) -> list[Appointment]:
    return list(Appointment.objects.visible_to(user).filter(cadre=cadre).select_related("position").order_by("-proposed_on", "-pk"))


def cadre_moves(user: Any, cadre: Cadre) -> list[Move]:
    rows = Move.objects.visible_to(user).filter(cadre=cadre)
    return list(rows.select_related("from_position", "to_position").order_by("-starts_on", "-pk"))


def cadre_courses(cadre: Cadre) -> list[Training]:
    return list(cadre.trainings.order_by("-starts_on", "-pk"))


# --- courses ---------------------------------------------------------------------------------------


def trainings_in(user: Any, org: Any) -> QuerySet[Training]:
    rows = Training.objects.visible_to(user).select_related("cadre")
    return rows.filter(paths.subtree_q(org.path, "manager_path")) if org is not None else rows


def filtered_trainings(rows: QuerySet[Training], filters: dict[str, Any]) -> QuerySet[Training]:
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("year"):
        year = int(filters["year"])
        rows = rows.filter(starts_on__lte=dt.date(year, 12, 31), ends_on__gte=dt.date(year, 1, 1))
    if filters.get("completed") in ("yes", "no"):
        rows = rows.filter(completed=filters["completed"] == "yes")
    return rows


def training_or_404(user: Any, pk: Any, action: Action | None = None) -> Training:
    return visible_or_404(Training.objects.select_related("cadre"), user, pk, action)


def managers_to_pick(scope: Any) -> QuerySet[Organization]:
    """The managing organizations a list filters by: the scope and the organizations right
    below it (a country's list offers its provinces, not the tens of thousands below)."""
    return Organization.objects.filter(Q(pk=scope.pk) | Q(parent=scope)).active().order_by("path")
