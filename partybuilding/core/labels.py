"""Choice labels looked up once per export, not once per row.

`instance.get_FOO_display()` rebuilds the field's table of choices (and translates every
label) on each call: nothing for a page of 50 rows, most of the time of a 282,000-row
export. An export builds a `Labels` per choice field once, in the language it runs in,
and reads rows as plain values (`values_list`):

    gender = choice_labels(Member, "gender")
    for name, sex in members.values_list("full_name", "gender"):
        yield [name, gender[sex]]

A value outside the choices reads as itself, as `get_FOO_display` gives it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Choices, Model
from django.utils.encoding import force_str


class Labels(dict[Any, Any]):
    """A field's labels by stored value; a value the choices lack stands for itself."""

    def __missing__(self, value: Any) -> Any:
        return force_str(value, strings_only=True)


def choice_labels(model: type[Model], field: str) -> Labels:
    """The labels of `model.field`'s choices (groups flattened) in the language now active."""
    return Labels((value, force_str(label, strings_only=True)) for value, label in model._meta.get_field(field).flatchoices)  # type: ignore[union-attr]


def enum_labels(choices: type[Choices]) -> Labels:
    """The labels of a `TextChoices` (or `IntegerChoices`) class in the language now active,
    for values computed rather than stored (a task's status on a day)."""
    return Labels((value, force_str(label, strings_only=True)) for value, label in choices.choices)


class Display:
    """`record.get_FOO_display()` for the many records of an export: `display(record, "foo")`,
    each model's field looked up once (for lists read as model instances)."""

    def __init__(self) -> None:
        self._tables: dict[tuple[type[Model], str], Labels] = {}

    def __call__(self, record: Model, field: str) -> Any:
        key = (record.__class__, field)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = choice_labels(record.__class__, field)
        return table[getattr(record, field)]
