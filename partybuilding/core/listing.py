"""What every HTML list does with its query string: sort by a column (`?sort=name`,
`?sort=-name`), choose the page size (`?per=`), go to a page (`?page=`), and keep its
filters in every link it makes.

A list is counted no further than COUNT_CAP rows (`CappedPaginator`): past that it says
"more than 10.000" and pages up to there, so that opening a list of the whole country
never counts millions of rows. A list that knows its length from counters sets it.
Numbered pages go as deep as COUNT_CAP rows; past that "Next" pages by keyset
(core/keyset.py: `?after=`), which reads the rows after the last one shown from an index
instead of skipping every earlier row.

A list names the columns it may be sorted by, each mapped to its `order_by` fields; a
tie-breaker (the primary key by default) keeps the order stable from page to page. An
unknown sort or page size is ignored, a page past the end lands on the last page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property, partial
from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from . import keyset

PAGE_SIZES = (25, 50, 100, 200)
COUNT_CAP = 10_000  # a list is counted this far; a longer one asks for a filter to go deeper


def capped_count(rows: QuerySet[Any], cap: int) -> tuple[int, bool]:
    """How many rows there are, counted no further than `cap` + 1, and whether there are
    more than `cap`. Unordered, so that the scan stops at the limit instead of sorting the
    whole list first.

    A grouped list (one row per member of the charges they owe) is counted in full: under
    a LIMIT the planner streams the groups in key order, which read a province's 3 million
    charges to count its 9,634 members in arrears (1.6 s) instead of one range of the
    partial index of owing charges (19 ms)."""
    if rows.query.group_by is not None:
        return rows.count(), False
    counted = rows.order_by()[: cap + 1].count()
    return counted, counted > cap


class CappedPaginator(Paginator):
    """Django's paginator, counting a queryset no further than `cap` + 1 rows (a LIMIT in
    the count's subquery stops the scan there). `capped` says the list is longer than
    `cap`; its pages go as far as the counted rows. A count set by the caller (from the
    counters) is taken as it is."""

    def __init__(self, object_list: Any, per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    more = False  # counted here and longer than the cap (a count set from counters is exact)

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            counted, self.more = capped_count(self.object_list, self.cap)
            return counted
        return len(self.object_list)

    @property
    def capped(self) -> bool:
        return self.count > self.cap and self.more  # the count first: it finds whether there are more


class KeysetPage(Page):
    """A page read by keyset: its number is carried along for display; whether there is
    a next one is known from one row read beyond it."""

    def __init__(self, rows: list[Any], number: int, paginator: Paginator[Any], *, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1


def _flipped(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


class PagedRows(Sequence[Any]):
    """A list paged in the database and built only for the page shown: slicing it reads
    that slice of `rows` (a queryset) and passes it to `build` (rows → what is shown, e.g.
    one query for the page's details). Its length is `count` when counters know it, else
    counted up to COUNT_CAP + 1 like the paginator (`capped` then says it is longer)."""

    capped = False  # counted here and longer than COUNT_CAP (len() then says COUNT_CAP)

    def __init__(self, rows: Any, build: Callable[[list[Any]], list[Any]] = list, count: int | None = None) -> None:
        self.rows, self.build, self.known = rows, build, count

    def __len__(self) -> int:
        if self.known is None:
            counted, self.capped = capped_count(self.rows, COUNT_CAP) if isinstance(self.rows, QuerySet) else (len(self.rows), False)
            self.known = min(counted, COUNT_CAP) if self.capped else counted
        return self.known

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.build(list(self.rows[index]))
        return self.build([self.rows[index]])[0]

    def page(self, start: int, size: int) -> tuple[list[Any], int | None]:
        """`size` rows from `start`, built, and the key of the last one when more follow
        (one row is read beyond the page to know it): the cursor of the next page."""
        rows = list(self.rows[start : start + size + 1])
        return self.build(rows[:size]), keyset.key_of(rows[size - 1]) if len(rows) > size else None


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
        self.after = self.query.get("after", "")
        self.deepest = max(1, COUNT_CAP // self.per)  # the last page numbered pages reach

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
        return CappedPaginator(rows, self.per)

    def page(self, rows: Any, paginator: Paginator[Any] | None = None) -> Page:
        """The page asked for of the ordered rows: after the cursor when one is given and
        the order allows it, else by number (the last one when past the end, no deeper
        than `deepest`). The page carries `next_query`, its "Next" link's query."""
        paginator = paginator or self.paginator(self.ordered(rows))
        ordered: Any = paginator.object_list
        order = keyset.order_of(ordered) if isinstance(ordered, QuerySet) else None
        later = keyset.after(ordered, order, self.after) if order and self.after else None
        page: Page
        if later is not None:
            found = list(later[: self.per + 1])
            page = KeysetPage(found[: self.per], max(self.asked_number(), 2), paginator, more=len(found) > self.per)
        else:
            page = paginator.get_page(min(self.asked_number(), self.deepest))
        page.keyset = later is not None  # type: ignore[attr-defined]
        page.next_query = self.next_query(page, order)  # type: ignore[attr-defined]
        return page

    def asked_number(self) -> int:
        return int(self.number) if self.number and self.number.isdigit() else 1

    def next_query(self, page: Page, order: keyset.Order | None) -> str:
        """The query of the page after `page`: by number while numbered pages reach it, else
        by keyset after its last row; "" when there is none (or the order cannot follow)."""
        try:
            if not page.has_next():
                return ""
        except InvalidPage:
            return ""
        query = self._without("page", "after")
        query["page"] = str(page.number + 1)
        if page.number >= self.deepest or getattr(page, "keyset", False):
            if order is None or not page.object_list:
                return ""
            query["after"] = str(keyset.key_of(list(page.object_list)[-1]))
        return query.urlencode()

    # Links -----------------------------------------------------------------------------

    def _without(self, *names: str) -> QueryDict:
        query = self.query.copy()
        for name in names:
            query.pop(name, None)
        return query

    @property
    def querystring(self) -> str:
        """The list's filters, sort and page size, without its page number."""
        return self._without("page", "after").urlencode()

    def hidden_fields(self) -> list[tuple[str, str]]:
        """What the "go to page" form sends back unchanged (its page and size are its own)."""
        return [(name, value) for name, values in self._without("page", "per", "after").lists() for value in values]

    def sort_link(self, key: str) -> str:
        """The link of a column's header: sorts by it, or turns the direction around."""
        query = self._without("page", "sort", "after")
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
