"""Reads of member records that the pages, the API and the exports share: a record (its
reading audited), the list with its filters and search, members on a date, dashboard figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from partybuilding.core import paths
from partybuilding.core.audit import audit_record
from partybuilding.core.dates import latest_start
from partybuilding.core.scope import Action, visible_or_404
from partybuilding.core.text import search_key
from partybuilding.organizations.models import Organization, SubtreeTotal

from ..choices import ETHNICITY_CHOICES, IN_LIST, KINH, Gender, MemberStatus, TheoryLevel
from ..models import Member, Membership
from ..own_data import OwnData, collect

# Filters on a choice of the record, each one a breakdown of the subtree totals ("m.<field>.<value>").
CHOICE_FILTERS = ("gender", "education", "qualification", "theory", "occupation")
AGE_BANDS = [(18, 30), (31, 40), (41, 50), (51, 60), (61, 70), (71, 200)]
PARTY_AGE_BANDS = [(0, 9), (10, 19), (20, 29), (30, 39), (40, 49), (50, 200)]


def member_or_404(user: Any, pk: Any, action: Action | None = None, *, own: bool = False) -> Member:
    """A member record the user's scope covers (404 otherwise, as for a missing one); with
    `action`, one they may act on (403 otherwise). With `own`, a member also reaches their
    own record, outside any scope."""
    rows = Member.objects.select_related("organization", "user")
    try:
        return visible_or_404(rows, user, pk, action)
    except Http404:
        found = rows.filter(pk=pk, user_id=user.pk or 0).first() if own and str(pk).isdigit() else None
        if found is None:
            raise
        return found


def read_record(user: Any, pk: Any, *, purpose: str = "view", own: bool = False, **details: Any) -> Member:
    """A member's full record for the page, the PDF or the API: reading personal data is
    audited (`member.view`, `member.export_pdf`…, with `details` such as full identifiers)."""
    member = member_or_404(user, pk, own=own)
    audit_record(actor=user, action=f"member.{purpose}", obj=member, after=details or None)
    return member


def reveal_identifier(user: Any, pk: Any, fields: list[str]) -> Member:
    """A citizen ID or card number shown in full, to someone who may read the record (or to
    its member): an audited action naming who, whose and which fields (`member.reveal`)."""
    member = member_or_404(user, pk, own=True)
    audit_record(actor=user, action="member.reveal", obj=member, after={"fields": fields})
    return member


def own_data(user: Any, file_format: str) -> OwnData | None:
    """Everything the system holds about the member who is logged in (None: they have no
    record); the download is audited with its format and number of rows (`member.own_data`)."""
    member = own_record(user)
    if member is None:
        return None
    data = collect(member)
    audit_record(actor=user, action="member.own_data", obj=member, after={"format": file_format, "rows": data.rows})
    return data


def own_record(user: Any) -> Member | None:
    """The record of the member who is logged in, if there is one."""
    return Member.objects.select_related("organization").filter(user_id=user.pk or 0).first()


def member_list(user: Any, within: Organization | None, filters: dict[str, Any], today: dt.date) -> QuerySet[Member]:
    """The member list the filters describe (the list page's form, the export, the API), within
    an organization's subtree, before the search by name or card number (`ranked_search`)."""
    visible = Member.objects.visible_to(user)
    on = filters.get("on")
    if on and within is not None:
        members = members_on(within, on).filter(pk__in=visible.values("pk"))
    else:
        members = visible.within(within) if within is not None else visible
        status = filters.get("status") or ""
        if status == "":
            members = members.filter(status__in=IN_LIST)
        elif status != "all":
            members = members.filter(status=status)
    for field in CHOICE_FILTERS:
        if filters.get(field):
            members = members.filter(**{field: filters[field]})
    if filters.get("ethnicity") == "minority":
        members = members.exclude(ethnicity=KINH)
    elif filters.get("ethnicity"):
        members = members.filter(ethnicity=filters["ethnicity"])
    if filters.get("religion") == "any":
        members = members.exclude(religion="none")
    elif filters.get("religion"):
        members = members.filter(religion=filters["religion"])
    for name, band_q in (("age", age_band_q), ("party_age", party_age_band_q)):
        if filters.get(name):
            low, high = map(int, filters[name].split("-"))
            members = members.filter(band_q(low, high, on or today))
    if filters.get("exempt") in ("yes", "no"):
        members = members.filter(exempt_since__isnull=filters["exempt"] == "no")
    return members.order_by("sort_key", "pk")


def band_label(low: int, high: int) -> str:
    return f"{low}+" if high >= 200 else f"{low}–{high}"


SEARCH_LIMIT = 1000  # matches a search lists; past that, the user narrows it


def name_starts(key: str) -> tuple[Q, Q]:
    """The start of the full name, and the start of the given name: index ranges on both
    databases."""
    return (
        Q(name_search__gte=key, name_search__lt=key + "\uffff"),
        Q(given_search__gte=key, given_search__lt=key + "\uffff"),
    )


def search(members: QuerySet[Member], text: str) -> QuerySet[Member]:
    """By name, ignoring diacritics and case: the start of the full name ("nguyen van a"
    finds "Nguyễn Văn Ánh") or of the given name ("anh"); or a card number."""
    text = text.strip()
    if text.isdigit():
        return members.filter(card_number=text)
    key = search_key(text)
    if not key:
        return members
    full, given = name_starts(key)
    return members.filter(full | given)


def ranked_search(members: QuerySet[Member], text: str, limit: int = SEARCH_LIMIT) -> list[int]:
    """The ids of up to `limit` + 1 matches of `search`, best first: the full names that
    start with the text, by full name; then the given names, by given name and then as
    Vietnamese lists are (namesakes in the order of the tree). Each part is read in the order of its index and stops at the
    limit, so a common name costs no more than a rare one, at any scale."""
    text = text.strip()
    key = search_key(text)
    if text.isdigit() or not key:
        return list(search(members, text).order_by("sort_key", "pk").values_list("pk", flat=True)[: limit + 1])
    full, given = name_starts(key)
    ids = list(members.filter(full).order_by("name_search", "org_path", "pk").values_list("pk", flat=True)[: limit + 1])
    if len(ids) <= limit:
        rest = members.filter(given).exclude(full).order_by("given_search", "sort_key", "org_path", "pk")
        ids += rest.values_list("pk", flat=True)[: limit + 1 - len(ids)]
    return ids


def counted_total(org: Organization, filters: dict[str, Any]) -> int | None:
    """The size of the member list of `org`'s subtree from the subtree totals, when the
    list's filters are at most one breakdown the totals keep (otherwise None: count the rows)."""
    chosen = {name: value for name, value in filters.items() if value}
    status = chosen.pop("status", "")
    if status in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL) and not chosen:
        key = f"m.status.{status}"
    elif status or len(chosen) > 1:
        return None
    elif not chosen:
        key = "m.all"
    else:
        ((name, value),) = chosen.items()
        if name in CHOICE_FILTERS or (name in ("ethnicity", "religion") and value not in ("minority", "any")):
            key = f"m.{name}.{value}"
        elif (name, value) == ("ethnicity", "minority"):
            key = "m.minority"
        elif (name, value) == ("exempt", "yes"):
            key = "m.exempt"
        else:
            return None
    return SubtreeTotal.objects.filter(organization=org, key=key).values_list("value", flat=True).first() or 0


def years_ago(day: dt.date, years: int) -> dt.date:
    """The last start (birth, admission) from which `years` are complete by `day`, as every
    rule counts them (core.dates): a query's `<=` then agrees with `full_years`."""
    return latest_start(day, years=years)


def age_band_q(low: int, high: int, on: dt.date, field: str = "date_of_birth") -> Q:
    """Born so that the age on `on` is between low and high inclusive."""
    return Q(**{f"{field}__lte": years_ago(on, low), f"{field}__gt": years_ago(on, high + 1)})


def party_age_band_q(low: int, high: int, on: dt.date) -> Q:
    return Q(official_date__lte=on) & age_band_q(low, high, on, "admission_date")


def members_on(org: Organization, day: dt.date) -> QuerySet[Member]:
    """Members of the organization and its subtree on a past or present date, with the
    status they had then (`status_then`)."""
    from django.db.models import OuterRef, Subquery

    valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    held = Membership.objects.filter(valid, paths.subtree_q(org.path, "organization__path"))
    status_then = Membership.objects.filter(valid, member=OuterRef("pk")).values("status")[:1]
    return Member.objects.filter(pk__in=held.values("member_id")).annotate(status_then=Subquery(status_then))


@dataclass
class Figure:
    label: str
    value: int


def _years(totals: dict[str, int], prefix: str) -> dict[int, int]:
    return {int(k.removeprefix(prefix)): v for k, v in totals.items() if k.startswith(prefix) and v}


def dashboard(org: Organization, today: dt.date) -> dict[str, Any]:
    """The scope's member figures, read from the subtree totals (one query, any size)."""
    totals = dict(SubtreeTotal.objects.filter(organization=org, key__startswith="m.").values_list("key", "value"))
    born = _years(totals, "m.born.")
    admitted = _years(totals, "m.admitted.")

    def by_year_bands(years: dict[int, int], bands: list[tuple[int, int]]) -> list[Figure]:
        # Counted by year: a member born in 1990 is 36 throughout 2026.
        return [Figure(band_label(lo, hi), sum(n for year, n in years.items() if lo <= today.year - year <= hi)) for lo, hi in bands]

    def choice_figures(field: str, choices: list[tuple[str, Any]]) -> list[Figure]:
        return [Figure(str(label), totals.get(f"m.{field}.{value}", 0)) for value, label in choices if totals.get(f"m.{field}.{value}", 0)]

    ethnic = sorted(choice_figures("ethnicity", ETHNICITY_CHOICES), key=lambda f: -f.value)
    return {
        "total": totals.get("m.all", 0),
        "status": choice_figures("status", [(s.value, s.label) for s in (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)]),
        "gender": choice_figures("gender", Gender.choices),
        "age": by_year_bands(born, AGE_BANDS),
        "party_age": by_year_bands(admitted, PARTY_AGE_BANDS),
        "ethnicity": ethnic[:8],
        "minority": totals.get("m.minority", 0),
        "theory": choice_figures("theory", TheoryLevel.choices),
        "exempt": totals.get("m.exempt", 0),
        "totals": totals,
    }
