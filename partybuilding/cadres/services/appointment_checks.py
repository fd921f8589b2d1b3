"""The conditions of an appointment record, checked when it is proposed and again when it is
decided, each refusal naming the rule in force on that day: no discipline in force, the age
to serve a full term, the time in the present post before a higher one, one open record at a
time, and the present post the record ends, pauses or renews."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from partybuilding.core.dates import add_months, latest_start
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text
from partybuilding.core.rules import rule, rule_value

from .. import discipline
from ..ages import RETIREMENT_KEY, last_full_term_start, retirement_date
from ..choices import GIVING_KINDS, OPEN_APPOINTMENT_STATES, AppointmentKind
from ..models import Appointment, Cadre, Holding, Position

TERM_KEY = "cadres.appointment_term_months"
MIN_MONTHS_KEY = "cadres.appointment_min_months_in_post"
# the kinds about a post the cadre holds now: it is renewed, ended or paused
ON_A_HOLDING = frozenset(
    {AppointmentKind.REAPPOINTMENT, AppointmentKind.DISMISSAL, AppointmentKind.RESIGNATION, AppointmentKind.SUSPENSION}
)
# the kinds that give a post from the effective date: the cadre must serve the whole term
NEW_POST = frozenset({AppointmentKind.APPOINTMENT, AppointmentKind.NOMINATION})


def records_rule() -> str:
    return _("Regulation 80-QĐ/TW on cadre appointment: the procedure of an appointment record")


def term_months(day: dt.date) -> int:
    return int(rule_value(TERM_KEY, day))


def present_holding(cadre: Cadre, position: Position) -> Holding | None:
    return Holding.objects.filter(cadre=cadre, position=position, ended_on__isnull=True).order_by("-started_on", "-pk").first()


def holding_for(kind: str, cadre: Cadre, position: Position) -> Holding | None:
    """The present post a record of `kind` is about (required for every kind but a new post),
    or None for a new post (refused when the cadre holds it already)."""
    held = present_holding(cadre, position)
    if kind in ON_A_HOLDING and held is None:
        raise Refusal(
            _("%(cadre)s does not hold the post %(post)s now: a record of this kind is about a post the cadre holds.")
            % {"cadre": cadre.full_name, "post": position.name},
            rule=records_rule(),
            field="position",
        )
    if kind in NEW_POST and held is not None:
        raise Refusal(
            _("%(cadre)s already holds the post %(post)s (since %(date)s).")
            % {"cadre": cadre.full_name, "post": position.name, "date": day_text(held.started_on)},
            rule=records_rule(),
            field="position",
        )
    return held


def check_no_other_open(kind: str, cadre: Cadre, position: Position, exclude: int | None = None) -> None:
    others = Appointment.objects.filter(kind=kind, cadre=cadre, position=position, state__in=OPEN_APPOINTMENT_STATES)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise Refusal(
            _("Another record of this kind for this cadre and post is still open: finish or withdraw it first."),
            rule=records_rule(),
            field="kind",
        )


def check_discipline(kind: str, cadre: Cadre, day: dt.date) -> None:
    """No post is given while a discipline is in force (its months by form, in the rule)."""
    if kind not in GIVING_KINDS:
        return
    barred = discipline.barring(cadre.member_id, day)
    if barred is None:
        return
    found, ends = barred
    raise Refusal(
        _("%(cadre)s is under the discipline “%(form)s” decided on %(decided)s: no appointment until %(ends)s.")
        % {
            "cadre": cadre.full_name,
            "form": found.get_form_in_force_display() or found.get_form_display(),
            "decided": day_text(found.decision_date) if found.decision_date else "",
            "ends": day_text(ends),
        },
        rule=rule(discipline.BAR_KEY, day).citation,
        field="cadre",
    )


def check_age(kind: str, cadre: Cadre, effective: dt.date, day: dt.date) -> None:
    """A new post is given to a cadre who can serve its whole term before retiring."""
    if kind not in NEW_POST:
        return
    months = term_months(day)
    last = last_full_term_start(cadre.gender, cadre.date_of_birth, day, months)
    if effective > last:
        raise Refusal(
            _(
                "%(cadre)s retires on %(retires)s: a term of %(months)s months starting on %(start)s cannot be served whole (the last start is %(last)s)."
            )
            % {
                "cadre": cadre.full_name,
                "retires": day_text(retirement_date(cadre.gender, cadre.date_of_birth, day)),
                "months": months,
                "start": day_text(effective),
                "last": day_text(last),
            },
            rule=f"{rule(RETIREMENT_KEY, day).citation}; {rule(TERM_KEY, day).citation}",
            field="effective_on",
        )


def check_time_in_post(kind: str, cadre: Cadre, position: Position, day: dt.date) -> None:
    """An appointment to a post above the cadre's present one comes after enough months in
    it; a cadre without a post passes."""
    if kind != AppointmentKind.APPOINTMENT:
        return
    held = (
        Holding.objects.filter(cadre=cadre, ended_on__isnull=True, started_on__lte=day)
        .exclude(position=position)
        .select_related("position")
        .order_by("position__grade", "started_on")
        .first()
    )
    if held is None or position.grade >= held.position.grade:
        return
    months = int(rule_value(MIN_MONTHS_KEY, day))
    if held.started_on > latest_start(day, months=months):
        raise Refusal(
            _(
                "%(cadre)s has held the post %(post)s since %(since)s: an appointment to a higher post comes after %(months)s months in it (from %(from)s)."
            )
            % {
                "cadre": cadre.full_name,
                "post": held.position.name,
                "since": day_text(held.started_on),
                "months": months,
                "from": day_text(add_months(held.started_on, months)),
            },
            rule=rule(MIN_MONTHS_KEY, day).citation,
            field="position",
        )


def check_all(kind: str, cadre: Cadre, position: Position, day: dt.date, effective: dt.date | None = None) -> None:
    """Every condition on `day` (the proposal's or the decision's date)."""
    check_discipline(kind, cadre, day)
    check_age(kind, cadre, effective or day, day)
    check_time_in_post(kind, cadre, position, day)


def renewed_term_end(cadre: Cadre, held: Holding, effective: dt.date, months: int, day: dt.date) -> tuple[dt.date, dt.date | None]:
    """A re-appointment's new term end (from the old end), and the retirement date when it
    comes first and shortens the term (not a refusal)."""
    wanted = add_months(held.term_ends or effective, months)
    retires = retirement_date(cadre.gender, cadre.date_of_birth, day)
    return (retires, retires) if retires < wanted else (wanted, None)
