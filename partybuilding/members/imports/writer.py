"""Writing checked rows: every member or none, in one transaction, with what
`services.member_register` writes for each (membership periods, events, an audit entry,
the subtree counters), in a few statements per table (`core.bulk.Table`). Member ids are
taken from the table's sequence beforehand, so the periods and events can refer to them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import AuditItem, audit_record_many
from partybuilding.core.bulk import Progress, Table, no_progress
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user
from partybuilding.core.text import search_key, vietnamese_sort_key
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization

from .. import counters
from ..choices import EventKind, MemberStatus
from ..models import Member, MemberEvent, Membership
from ..records import services
from .columns import Candidate


def _lock_homes(candidates: Sequence[Candidate]) -> dict[int, Organization]:
    """Lock the organizations (as `member_register` does) and check them again: one may
    have ended or moved since the check. Their paths are read under the lock."""
    ids = sorted({c.organization.pk for c in candidates if c.organization is not None})
    locked: dict[int, Organization] = {}
    for i in range(0, len(ids), 500):
        locked.update({o.pk: o for o in Organization.objects.select_for_update().filter(pk__in=ids[i : i + 500])})
    for org in locked.values():
        services.check_home(org)
    return locked


# Names repeat (Nguyễn, Văn, Anh…): their keys are computed once per import. The keys of a
# full name are its parts' keys put together; a test compares with `apply_personal`.
@lru_cache(maxsize=65536)
def _sort_key(name: str) -> str:
    """One name's part of `vietnamese_sort_key(given, family, middle)`: the parts' keys in turn."""
    return vietnamese_sort_key(name)


@lru_cache(maxsize=65536)
def _search_key(name: str) -> str:
    """One name's part of `search_key(full_name)`: the parts' keys joined by spaces."""
    return search_key(name)


def _members(candidates: Sequence[Candidate], homes: dict[int, Organization], ids: list[int]) -> Iterator[SimpleNamespace]:
    """The members' column values. Plain objects rather than Member instances (a tenth of
    the cost); `services.member_view` and `counters.snapshot` read them alike."""
    now = timezone.now()
    for c, pk in zip(candidates, ids, strict=True):
        org = homes[c.organization.pk]  # type: ignore[union-attr]
        personal = {name: value.strip() if isinstance(value, str) else value for name, value in vars(c.data).items()}
        personal["citizen_id"] = personal["citizen_id"] or None
        family, middle, given = personal["family_name"], personal["middle_name"], personal["given_name"]
        # The names' keys as `personal.apply_personal` sets them (a test compares the two).
        parts = [part for part in (family, middle, given) if part]
        full_name = " ".join(parts)
        yield SimpleNamespace(
            **personal,
            **vars(c.facts),
            id=pk,
            pk=pk,
            organization_id=org.pk,
            org_path=org.path,
            full_name=full_name,
            name_search=" ".join(_search_key(part) for part in parts),
            given_search=_search_key(given),
            sort_key=_sort_key(given) + _sort_key(family) + _sort_key(middle),
            admission_date=c.admission_date,
            official_date=c.official_date,
            card_number=c.card_number,
            status=MemberStatus.OFFICIAL if c.official_date else MemberStatus.PROBATIONARY,
            status_since=c.official_date or c.admission_date,
            exempt_since=None,
            created_at=now,
            updated_at=now,
        )


def _periods(members: Iterable[SimpleNamespace]) -> Iterator[tuple[Any, ...]]:
    """The membership periods `member_register` opens for an admitted member: probationary
    from admission, then official from the official date (an official date on the
    admission day leaves no probationary period)."""
    table = Table(Membership)
    for m in members:
        common = {"member_id": m.pk, "organization_id": m.organization_id}
        admitted, official = m.admission_date, m.official_date
        if official is None:
            yield table.row({**common, "status": MemberStatus.PROBATIONARY, "valid_from": admitted})
            continue
        if official > admitted:
            yield table.row({**common, "status": MemberStatus.PROBATIONARY, "valid_from": admitted, "valid_to": official})
        yield table.row({**common, "status": MemberStatus.OFFICIAL, "valid_from": official})


def _events(members: Iterable[SimpleNamespace], actor: Any) -> Iterator[tuple[Any, ...]]:
    """The events `member_register` records: admitted, and recognized when official."""
    table = Table(MemberEvent)
    recorded = {"recorded_by_id": getattr(actor_user(actor), "pk", None), "recorded_at": timezone.now()}
    for m in members:
        common = {"member_id": m.pk, "organization_id": m.organization_id, "org_path": m.org_path, **recorded}
        yield table.row({**common, "kind": EventKind.ADMITTED, "date": m.admission_date})
        if m.official_date is not None:
            yield table.row({**common, "kind": EventKind.RECOGNIZED, "date": m.official_date})


def _counter_deltas(members: Iterable[SimpleNamespace]) -> dict[str, dict[str, int]]:
    per_path: dict[str, dict[str, int]] = {}
    for member in members:
        path, keys = counters.snapshot(cast(Member, member))
        node = per_path.setdefault(path, {})
        for key, n in keys.items():
            node[key] = node.get(key, 0) + n
    return per_path


def _audit_items(members: Iterable[SimpleNamespace]) -> Iterator[AuditItem]:
    for m in members:
        yield AuditItem("member.import", "members.member", str(m.pk), m.full_name, None, services.member_view(m))


def write(candidates: Sequence[Candidate], *, actor: Any, progress: Progress = no_progress) -> list[int]:
    """Write every candidate or none (one transaction); returns the new members' ids.
    Candidates come from the checks, which set their organizations."""
    try:
        with transaction.atomic():
            homes = _lock_homes(candidates)
            member_table = Table(Member, with_id=True)
            ids = member_table.next_ids(len(candidates))  # before the COPY: no other query while it runs
            members: list[SimpleNamespace] = []

            def member_rows() -> Iterator[tuple[Any, ...]]:
                for m in _members(candidates, homes, ids):
                    members.append(m)
                    yield member_table.row(vars(m))

            member_table.insert(member_rows(), len(candidates), "members", progress)
            officials = sum(m.official_date is not None for m in members)
            Table(Membership).insert(_periods(members), len(members) + officials, "history", progress)
            Table(MemberEvent).insert(_events(members, actor), len(members) + officials, "events", progress)
            progress("audit", 0, len(members))
            audit_record_many(actor=actor, items=_audit_items(members))
            progress("audit", len(members), len(members))
            totals.add_many(_counter_deltas(members))
            progress("totals", 1, 1)
    except IntegrityError:
        # Someone entered one of these card numbers or citizen IDs since the check. The
        # database's own message quotes the value: it is not passed on (`from None`).
        raise Refusal(
            _("A record entered meanwhile has one of the file's card numbers or citizen IDs; nothing was imported. Check the file again."),
            rule=_("card numbers and citizen IDs are unique"),
        ) from None
    return [m.pk for m in members]
