"""What every recorded event shares: the decision behind it, who recorded it, the form
submission that recorded it (so a double submit is recorded once), and its date's checks.

The columns are `core.models.Decided`, `RecordedBy` and `Submitted`; a service writes an
event row with `record_event`, which refuses a submission already recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .errors import Refusal


@dataclass(frozen=True)
class Decision:
    """The decision behind an event: its number, date and the body that issued it."""

    number: str = ""
    date: dt.date | None = None
    decided_by: str = ""
    note: str = ""

    def fields(self) -> dict[str, Any]:
        """The decision as the columns of `core.models.Decided` (and a `note`)."""
        return {"decision_number": self.number, "decision_date": self.date, "decided_by": self.decided_by, "note": self.note}


def actor_user(actor: Any) -> Any:
    """The user behind a write, or None for the system (imports, commands, the demo)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def day_text(day: dt.date) -> str:
    """A date as the pages write it (dd/mm/yyyy in both languages)."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def refuse_future(day: dt.date, field: str = "date", what: Any = None) -> None:
    """Events are recorded once they have happened: a date after today is refused. `what`
    names the date ("The decision date"), for a form with several."""
    if day > timezone.localdate():
        raise Refusal(
            _("%(what)s %(date)s is in the future; it is recorded once it has happened.")
            % {"what": what or _("The date"), "date": day_text(day)},
            rule=_("records rule: events are recorded after they happen"),
            field=field,
        )


def already_submitted() -> Refusal:
    return Refusal(_("This form was already submitted; it is recorded once."), rule=_("records rule: no double entries"))


_E = TypeVar("_E", bound=models.Model)


def record_event(
    model: type[_E], *, actor: Any, submission: uuid.UUID | None = None, duplicate: Refusal | None = None, **fields: Any
) -> _E:
    """Write one event row with who recorded it. A submission id already recorded (a double
    click, a resent API call) is refused instead of recorded twice; so is a row that another
    unique constraint refuses, with `duplicate` (a race that the service's own check lost)."""
    if submission is not None:
        fields["submission"] = submission
    try:
        with transaction.atomic():
            return model._default_manager.create(recorded_by=actor_user(actor), **fields)
    except IntegrityError as exc:
        if submission is not None and model._default_manager.filter(submission=submission).exists():
            raise already_submitted() from exc
        if duplicate is not None:
            raise duplicate from exc
        raise


def close_period(rows: models.QuerySet[Any], day: dt.date) -> None:
    """End on `day` the open row (`valid_to` empty) of a dated history among `rows`; a row
    that began on that day or later never held, and goes."""
    current = rows.filter(valid_to__isnull=True).first()
    if current is None:
        return
    if current.valid_from >= day:
        current.delete()
    else:
        current.valid_to = day
        current.save(update_fields=["valid_to"])
