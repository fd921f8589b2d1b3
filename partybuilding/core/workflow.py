"""Workflows as data: each state change of a record is a row of a table, run by one function.

A `Step` is a row: its name (the URL's and the API's), the states it may start from, the
state it leads to, where its date comes from, and the one function with what is particular
to it (its checks, then its writes). `Workflow.run` owns everything else, the same for every
step of every workflow:

1. the date is not in the future, and comes after the record's last recorded step;
2. a submission already recorded for this record (a double click) is refused;
3. one transaction; the record is locked (and a stale form refused, `expected_version`);
4. the record is in a state the step starts from;
5. the before-image, the step's own function, the move to the new state, the step's row
   in the record's history (`core.records.record_event`) and the audit entry.

Pages and the API make the same call: `CANDIDATE.run("ceremony", actor=..., obj=..., date=...)`.
A new step is one `Step(...)` in the table and one function.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_record
from .errors import Refusal
from .models import lock_version
from .records import Decision, already_submitted, day_text, record_event, refuse_future

DateOf = Callable[[dict[str, Any]], tuple["dt.date | None", str]]


def date_param(name: str = "date") -> DateOf:
    """The step's date is the parameter `name` (refusals point at that field)."""
    return lambda params: (params.get(name), name)


def decision_date(params: dict[str, Any]) -> tuple[dt.date | None, str]:
    """The step's date is its decision's date."""
    decision = params.get("decision")
    return (decision.date if decision is not None else None), "decision_date"


def no_date(params: dict[str, Any]) -> tuple[dt.date | None, str]:
    return None, ""


@dataclass(frozen=True)
class Step:
    """One row of a workflow's table."""

    name: str  # as URLs and the API name it
    label: Any  # what the button and the form's title say
    perform: Callable[[Run], Any]  # the step's own checks, then its own writes
    sources: tuple[str, ...] = ()  # the states it may start from (none: any state)
    target: str | None = None  # the state it leads to (None: it keeps the state, or decides it)
    kind: str = ""  # the kind of its history row (default: the name)
    date_of: DateOf = field(default=date_param())
    ordered: bool = True  # its date may not come before the record's last recorded step
    needs: tuple[str, ...] = ()  # the parameters it cannot do without
    wrong_state: Callable[[Any, Step], Refusal] | None = None  # the refusal in another state

    @property
    def history_kind(self) -> str:
        return self.kind or self.name


@dataclass
class Run:
    """A step being run: what its function reads and adds to."""

    workflow: Workflow
    step: Step
    obj: Any  # the record, locked and reloaded
    actor: Any
    params: dict[str, Any]
    submission: uuid.UUID | None
    date: dt.date | None
    changes: dict[str, Any] = field(default_factory=dict)  # fields saved on the record with the step
    record: dict[str, Any] = field(default_factory=dict)  # columns of the step's history row
    audit: dict[str, Any] = field(default_factory=dict)  # more for the audit entry's after-image
    result: Any = None  # what the call returns instead of the record, when set

    def __getitem__(self, name: str) -> Any:
        return self.params.get(name)

    def decided(self) -> Decision:
        """The step's decision (an empty one when none is given), kept in its history row."""
        decision: Decision = self.params.get("decision") or Decision()
        self.record.update(decision.fields())
        return decision

    @property
    def day(self) -> dt.date:
        """The step's date (a step with no date of its own has none to give)."""
        assert self.date is not None, f"the step {self.step.name} has no date"
        return self.date


@dataclass(frozen=True)
class History:
    """The table of a record's recorded steps (`core.models.RecordedEvent` rows)."""

    model: type[models.Model]
    owner: str  # its foreign key to the record

    def rows(self, obj: Any) -> models.QuerySet[Any]:
        return self.model._default_manager.filter(**{self.owner: obj})

    def last_date(self, obj: Any) -> dt.date | None:
        return self.rows(obj).order_by("-date").values_list("date", flat=True).first()


def _wrong_state(obj: Any, step: Step) -> Refusal:
    return Refusal(
        _("%(record)s is “%(state)s”; the step “%(step)s” does not come now.")
        % {"record": str(obj), "state": _state_label(obj), "step": step.label},
        rule=_("records rule"),
    )


def _state_label(obj: Any) -> str:
    for name in ("get_stage_display", "get_status_display"):
        if hasattr(obj, name):
            return str(getattr(obj, name)())
    return ""


class Workflow:
    """The steps of one kind of record, and the one way they are run."""

    def __init__(
        self,
        name: str,
        *,
        model: type[models.Model],
        steps: Iterable[Step],
        audit_view: Callable[[Any], dict[str, Any]],
        state: str = "status",
        since: str | None = None,
        history: History | None = None,
        versioned: bool = True,
        floor: Callable[[Any], dt.date | None] | None = None,
        out_of_order: Any = gettext_lazy("The date %(date)s is before the last recorded step (%(last)s)."),
        order_rule: Any = gettext_lazy("history rule: steps are recorded in date order"),
        before_floor: Any = None,
        history_fields: Callable[[Any], dict[str, Any]] | None = None,
        move: Callable[[Run, str], None] | None = None,
        wrong_state: Callable[[Any, Step], Refusal] = _wrong_state,
        lock: Callable[[Any], Any] | None = None,
    ) -> None:
        self.name = name  # the audit entries are "<name>.<step>"
        self.model = model
        self.steps = {step.name: step for step in steps}
        self.audit_view = audit_view
        self.state = state
        self.since = since  # the field holding the date the record reached its state
        self.history = history
        self.versioned = versioned
        self._floor = floor  # a date no step may come before, besides the last recorded step
        self.out_of_order, self.order_rule = out_of_order, order_rule
        self.before_floor = before_floor or out_of_order  # the refusal of a date before the floor
        self._history_fields = history_fields or (lambda obj: {})
        self._move = move
        self.wrong_state = wrong_state
        self._lock = lock

    # --- reading the table ----------------------------------------------------------------

    def step(self, step_name: str, /) -> Step:
        try:
            return self.steps[step_name]
        except KeyError:
            raise Refusal(_("There is no step “%(step)s”.") % {"step": step_name}, rule=_("records rule"), field="kind") from None

    def labelled(self, rows: Iterable[Any], **more: Any) -> list[Any]:
        """History rows, each with the `label` of its step; `more` names the kinds written
        outside the table (the record's creation, say)."""
        labels = {step.history_kind: step.label for step in self.steps.values()} | more
        found = list(rows)
        for row in found:
            row.label = labels.get(row.kind, row.kind)
        return found

    def offered(self, obj: Any) -> list[Step]:
        """The steps that may come now, in the table's order."""
        state = getattr(obj, self.state)
        return [step for step in self.steps.values() if not step.sources or state in step.sources]

    def service(self, step_name: str, obj: str) -> Callable[..., Any]:
        """The step as a keyword-only service function that names its record: with
        `service("recognize", "member")`, `member_recognize(actor=…, member=…, decision=…)`."""
        self.step(step_name)  # a typo in a table fails when the module loads

        def call(*, actor: Any, expected_version: int | None = None, submission: uuid.UUID | None = None, **params: Any) -> Any:
            record = params.pop(obj)
            return self.run(step_name, actor=actor, obj=record, expected_version=expected_version, submission=submission, **params)

        call.__name__ = call.__qualname__ = f"{obj}_{step_name}"
        call.__doc__ = self.steps[step_name].perform.__doc__
        return call

    # --- running a step -------------------------------------------------------------------

    def run(
        self,
        step_name: str,
        /,
        *,
        actor: Any,
        obj: Any,
        expected_version: int | None = None,
        submission: uuid.UUID | None = None,
        **params: Any,
    ) -> Any:
        """Run the step `step_name` on `obj`: every check, then every write, or nothing."""
        step = self.step(step_name)
        for needed in step.needs:
            if params.get(needed) in (None, ""):
                raise Refusal(_("This field is required."), rule=_("records rule"), field=needed)
        day, date_field = step.date_of(params)
        if day is None and step.date_of is not no_date:
            raise Refusal(_("Give the date."), rule=_("records rule"), field=date_field)
        if day is not None:
            refuse_future(day, date_field)
        if submission is not None and self.history and self.history.rows(obj).filter(submission=submission).exists():
            raise already_submitted()
        with transaction.atomic():
            obj = self.lock(obj, expected_version)
            if step.sources and getattr(obj, self.state) not in step.sources:
                raise (step.wrong_state or self.wrong_state)(obj, step)
            if day is not None and step.ordered:
                self.check_order(obj, day, date_field)
            run = Run(self, step, obj, actor, params, submission, day, record=self._history_fields(obj))
            before = self.audit_view(obj)
            step.perform(run)
            if step.target is not None:
                self.move(run, step.target)
            elif run.changes:
                self.save_changes(run)
            if self.history is not None:
                fields = {self.history.owner: obj, "kind": step.history_kind, "date": run.date, **run.record}
                record_event(self.history.model, actor=actor, submission=submission, **fields)
            audit_record(
                actor=actor, action=f"{self.name}.{step.name}", obj=obj, before=before, after={**self.audit_view(obj), **run.audit}
            )
        return run.result if run.result is not None else obj

    def lock(self, obj: Any, expected_version: int | None) -> Any:
        """Claim the record for the step; concurrent steps wait their turn."""
        if self._lock is not None:
            return self._lock(obj)
        if self.versioned:
            lock_version(obj, expected_version)
            return obj
        return type(obj)._default_manager.select_for_update().get(pk=obj.pk)

    def check_order(self, obj: Any, day: dt.date, date_field: str) -> None:
        """The step's date comes on or after the floor (a founding, an admission) and the
        record's last recorded step."""
        for last, message in (
            (self._floor(obj) if self._floor else None, self.before_floor),
            (self.history.last_date(obj) if self.history else None, self.out_of_order),
        ):
            if last is not None and day < last:
                raise Refusal(str(message) % {"date": day_text(day), "last": day_text(last)}, rule=self.order_rule, field=date_field)

    def move(self, run: Run, target: str) -> None:
        """Put the record in its new state, from the step's date."""
        if self._move is not None:
            self._move(run, target)
            return
        run.changes[self.state] = target
        if self.since and run.date is not None:
            run.changes[self.since] = run.date
        self.save_changes(run)

    def save_changes(self, run: Run) -> None:
        obj = run.obj
        for name, value in run.changes.items():
            setattr(obj, name, value)
        fields = [*run.changes, *(["updated_at"] if hasattr(obj, "updated_at") else [])]
        obj.save(update_fields=fields)
