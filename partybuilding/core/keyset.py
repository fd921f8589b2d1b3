"""Paging deep into a long list by keyset: the next page is "the rows after this one in the
list's order", read from an index where OFFSET would first walk past every earlier row
(page 5.000 of the country's members: 4,3 s by OFFSET).

A list's order is a sequence of non-null columns ending with the primary key, so that it
is total; the cursor is the last row's key, whose values of those columns are read back
(one indexed read), and the next page is one lexicographic comparison: (a, b, pk) >
(x, y, z) spelled as OR of ANDs, which the database reads as a range of the index that
serves the order.

A list ordered by an expression, or by a column that may be empty, is not paged by keyset
(`order_of` gives None): its pages stay numbered, as deep as core.listing lets them go.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model, Q, QuerySet

Order = list[tuple[str, bool]]  # (field path, descending)


def _field(model: type[Model], path: str) -> Field[Any, Any] | None:
    """The model field a path ("organization__name", "pk") ends at; None when a part is not a field."""
    try:
        for part in path.split("__")[:-1]:
            model = model._meta.get_field(part).related_model  # type: ignore[assignment]
            if model is None:
                return None
        last = path.split("__")[-1]
        return model._meta.pk if last == "pk" else model._meta.get_field(last)  # type: ignore[return-value]
    except FieldDoesNotExist:
        return None


def order_of(rows: QuerySet[Any]) -> Order | None:
    """The list's order as (path, descending) pairs, when keyset paging can follow it: plain
    non-null columns, the last one unique (the primary key)."""
    names = list(rows.query.order_by or rows.model._meta.ordering)
    if not names or not all(isinstance(name, str) for name in names):
        return None
    order: Order = [(name.removeprefix("-"), name.startswith("-")) for name in names]
    fields = [_field(rows.model, path) for path, _descending in order]
    if any(field is None or field.null for field in fields):
        return None
    if not (fields[-1] is not None and fields[-1].primary_key and "__" not in order[-1][0]):
        return None
    return order


def key_of(row: Any) -> int | None:
    """A row's primary key, the cursor of the page after it: a model, a dict of values with
    its "id", or the key itself. The order's values are read back from the row when the next
    page is asked for, so that no name or date travels in the address."""
    if isinstance(row, int):
        return row
    return row.get("id") if isinstance(row, dict) else row.pk


def after(rows: QuerySet[Any], order: Order, cursor: str) -> QuerySet[Any] | None:
    """The rows after the cursor's row in the list's order; None for a cursor that names no
    row (edited by hand, or the row is gone): the caller pages by number instead."""
    if not cursor.isdigit() or len(cursor) > 19:
        return None
    values = rows.model._base_manager.filter(pk=int(cursor)).values_list(*(path for path, _descending in order)).first()
    if values is None or any(value is None for value in values):
        return None
    later = Q()
    for i, ((path, descending), value) in enumerate(zip(order, values, strict=True)):
        step = Q(**{f"{path}__{'lt' if descending else 'gt'}": value})
        for (earlier, _descending), same in zip(order[:i], values[:i], strict=True):
            step &= Q(**{earlier: same})
        later |= step
    return rows.filter(later)
