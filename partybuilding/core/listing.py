"""What every HTML list does with its query string: sort by a column (`?sort=name`,
`?sort=-name`), choose the page size (`?per=`), go to a page (`?page=`), and keep its
filters in every link it makes.

A list names the columns it may be sorted by, each mapped to its `order_by` fields; a
tie-breaker (the primary key by default) keeps the order stable from page to page. An
unknown sort or page size is ignored, a page past the end lands on the last page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PAGE_SIZES = (25, 50, 100, 200)


def _flipped(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


class Listing:
    """One request's view of a list: its sort, page size and page, and its links."""

    def __init__(
        self,
        request: HttpRequest,
        sorts: Mapping[str, Sequence[str]] | None = None,
        *,
        per_page: int = 50,
        tie_breaker: str = "pk",
        sortable: bool = True,
    ) -> None:
        self.query: QueryDict = request.GET
        self.sorts = dict(sorts or {})
        self.tie_breaker = tie_breaker
        self.sortable = sortable  # off while a text search ranks the rows itself
        self.sizes = tuple(sorted({*PAGE_SIZES, per_page}))
        asked = self.query.get("sort", "")
        key = asked.removeprefix("-")
        self.sort = key if sortable and key in self.sorts else ""
        self.descending = bool(self.sort) and asked.startswith("-")
        per = self.query.get("per", "")
        self.per = int(per) if per.isdigit() and int(per) in self.sizes else per_page
        self.number = self.query.get("page")

    # Ordering ---------------------------------------------------------------------------

    def order_fields(self) -> list[str]:
        """The chosen column's fields, in the chosen direction, then the tie-breaker."""
        fields = [_flipped(f) if self.descending else f for f in self.sorts[self.sort]]
        tie = _flipped(self.tie_breaker) if self.descending else self.tie_breaker
        return fields if tie.removeprefix("-") in {f.removeprefix("-") for f in fields} else [*fields, tie]

    def ordered(self, rows: Any) -> Any:
        """`rows` in the chosen order; as they came when no column was chosen. A queryset is
        ordered by the database, a list of objects or dicts in Python."""
        if not self.sort:
            return rows
        if isinstance(rows, QuerySet):
            return rows.order_by(*self.order_fields())
        return _sorted(list(rows), self.order_fields())

    # Paging ----------------------------------------------------------------------------

    def paginator(self, rows: Any) -> Paginator[Any]:
        return Paginator(rows, self.per)

    def page(self, rows: Any, paginator: Paginator[Any] | None = None) -> Page:
        """The page asked for of the ordered rows (the last one when past the end)."""
        return (paginator or self.paginator(self.ordered(rows))).get_page(self.number)

    # Links -----------------------------------------------------------------------------

    def _without(self, *names: str) -> QueryDict:
        query = self.query.copy()
        for name in names:
            query.pop(name, None)
        return query

    @property
    def querystring(self) -> str:
        """The list's filters, sort and page size, without its page number."""
        return self._without("page").urlencode()

    def hidden_fields(self) -> list[tuple[str, str]]:
        """What the "go to page" form sends back unchanged (its page and size are its own)."""
        return [(name, value) for name, values in self._without("page", "per").lists() for value in values]

    def sort_link(self, key: str) -> str:
        """The link of a column's header: sorts by it, or turns the direction around."""
        query = self._without("page", "sort")
        query["sort"] = f"-{key}" if self.sort == key and not self.descending else key
        return "?" + query.urlencode()

    def aria_sort(self, key: str) -> str:
        if self.sort != key:
            return "none"
        return "descending" if self.descending else "ascending"

    def can_sort(self, key: str) -> bool:
        return self.sortable and key in self.sorts


def _value(row: Any, path: str) -> Any:
    for part in path.split("__"):
        if row is None:
            return None
        row = row.get(part) if isinstance(row, Mapping) else getattr(row, "pk" if part == "pk" else part, None)
    return row


def _sorted(rows: list[Any], fields: Iterable[str]) -> list[Any]:
    """A stable sort applied from the last field to the first; empty values last."""
    for field in reversed(list(fields)):
        name, reverse = field.removeprefix("-"), field.startswith("-")
        present = [r for r in rows if _value(r, name) is not None]
        missing = [r for r in rows if _value(r, name) is None]
        rows = sorted(present, key=partial(_value, path=name), reverse=reverse) + missing
    return rows
