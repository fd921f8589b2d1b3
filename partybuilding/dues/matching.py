"""Which member a bank credit comes from.

First by the reference the QR code wrote (`transfer_reference.find`, tolerant of what banks
do to it). When the bank mangled it or the member typed their own words: by amount and name,
if exactly one member of the account's organizations has their name in the content (without
diacritics, as banks write it) and owes exactly the amount for their oldest months. Anything
else waits for the treasurer (the queue of unmatched credits)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from partybuilding.core import paths
from partybuilding.core.text import search_key
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from . import months, transfer_reference
from .choices import MatchedBy
from .models import Charge
from .services.charges import OWING
from .statements import CreditLine
from .transfers import owed_months


@dataclass(frozen=True)
class Match:
    member: Member
    month: dt.date  # the month the payment is for: it pays that month first, then the others
    by: str  # MatchedBy


def _words(text: str) -> str:
    return " " + " ".join(re.sub(r"[^0-9a-z]", " ", search_key(text)).split()) + " "


def _fits(amount: int, owing: list[int]) -> bool:
    """Is the amount what the oldest months owed add up to (one month, two, … all)?"""
    total = 0
    for owed in owing:
        total += owed
        if total == amount:
            return True
    return False


def match_credits(org: Organization, lines: list[CreditLine]) -> dict[int, Match]:
    """The lines matched, by line number (a fixed number of queries for the statement)."""
    subtree = Member.objects.filter(paths.subtree_q(org.path, "org_path")).select_related("organization")
    references = {line.line: transfer_reference.find(line.content) for line in lines}
    wanted = {r.member_id for r in references.values() if r}
    by_id = subtree.in_bulk(sorted(wanted)) if wanted else {}
    found: dict[int, Match] = {}
    for line in lines:
        ref = references[line.line]
        if ref and ref.member_id in by_id:
            found[line.line] = Match(by_id[ref.member_id], ref.first, MatchedBy.REFERENCE)
    rest = [line for line in lines if line.line not in found]
    if not rest:
        return found
    latest = max(line.booked_on for line in rest)
    # The members owing something in the subtree (the partial index of owing charges), and
    # their names as banks write them.
    owing_ids = Charge.objects.filter(OWING, paths.subtree_q(org.path, "org_path"), month__lte=months.first_of(latest))
    charges = owed_months(sorted(set(owing_ids.values_list("member_id", flat=True))), latest)
    debtors = subtree.in_bulk(list(charges))
    names = {pk: _words(m.full_name) for pk, m in debtors.items()}
    for line in rest:
        words = _words(line.content)
        candidates = [
            pk
            for pk, name in names.items()
            if name.strip()
            and name in words
            and _fits(line.amount, [c.due - c.paid for c in charges[pk] if c.month <= months.first_of(line.booked_on)])
        ]
        if len(candidates) == 1:
            pk = candidates[0]
            found[line.line] = Match(debtors[pk], charges[pk][0].month, MatchedBy.AMOUNT_NAME)
    return found
