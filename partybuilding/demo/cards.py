"""The demo province's Party cards and rewards, as form 7 of HD 11 counts them: the first card
of every official member who holds one (issued the day they became official), a few cards
re-issued after a loss or replaced because damaged this year and last, and a dozen rewards
of organizations and members over the last two years.

The first cards are history, written in bulk with their audit entries as the badges are; the
few recent cards and the rewards go through the services, checked as an officer's would be.
"""

from __future__ import annotations

import datetime as dt
import random

from partybuilding.core.audit import AuditItem, audit_record_many
from partybuilding.members.cards.services import issue_card
from partybuilding.members.choices import CardIssueKind, MemberStatus, RewardForm
from partybuilding.members.models import CardIssue, Member
from partybuilding.members.rewards.services import record_reward
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

REISSUED = 6  # cards re-issued or replaced over this year and last
ORGANIZATION_REWARDS = 7
MEMBER_REWARDS = 5
REASONS = [
    "Hoàn thành xuất sắc nhiệm vụ năm",
    "Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu",
    "Thành tích xuất sắc trong thực hiện Chỉ thị 05-CT/TW",
    "Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền",
]


def issue_first_cards() -> int:
    """The first card of each official member who has a card number, dated the day they
    became official (the cards the province issued before the system recorded them)."""
    holders = Member.objects.filter(status=MemberStatus.OFFICIAL, card_number__isnull=False, official_date__isnull=False)
    cards = [
        _first_card(m.pk, m.card_number or "", m.official_date)
        for m in holders.only("pk", "card_number", "official_date").order_by("pk")
        if m.official_date is not None
    ]
    CardIssue.objects.bulk_create(cards, batch_size=2000)
    # A list, not a generator: audit_record_many streams into a COPY that allows no other query.
    items = [
        AuditItem("card.issue", "members.cardissue", str(c.pk), after={"member": c.member_id, "kind": c.kind, "number": c.number})
        for c in CardIssue.objects.order_by("pk")
    ]
    audit_record_many(actor=None, items=items)
    return len(cards)


def _first_card(member_id: int, number: str, official: dt.date) -> CardIssue:
    return CardIssue(
        member_id=member_id, kind=CardIssueKind.FIRST, number=number, issued_on=official, decision_number=f"{official.year}-QĐ/TU"
    )


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def reissue_cards(today: dt.date, rng: random.Random) -> int:
    """A few members' cards re-issued after a loss or replaced because damaged, this year and last."""
    start = dt.date(today.year - 1, 1, 1)
    holders = list(Member.objects.filter(status=MemberStatus.OFFICIAL, official_date__lt=start, cards__isnull=False).order_by("pk")[:2000])
    for n, member in enumerate(rng.sample(holders, min(REISSUED, len(holders)))):
        kind = CardIssueKind.LOST if n % 2 == 0 else CardIssueKind.DAMAGED
        issued = _day(rng, start, today)
        issue_card(actor=None, member=member, kind=kind, issued_on=issued, decision_number=f"{40 + n}-QĐ/TU")
    return min(REISSUED, len(holders))


def give_rewards(province: Organization, today: dt.date, rng: random.Random) -> int:
    """Rewards of organizations (banners and certificates each level receives) and of members,
    over the last two years."""
    start = dt.date(today.year - 1, 1, 1)
    under = Organization.objects.filter(path__startswith=province.path, status="active")
    choices = [
        (list(under.filter(kind=OrgKind.COMMUNE).order_by("path")[:20]), [RewardForm.BANNER, RewardForm.MERIT], "Ban Chấp hành Đảng bộ tỉnh"),
        (list(under.filter(kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL]).order_by("path")[:200]),
         [RewardForm.BANNER, RewardForm.MERIT, RewardForm.COMMENDATION], "Ban Thường vụ Tỉnh ủy"),
        (list(under.filter(kind=OrgKind.CELL).order_by("path")[:400]), [RewardForm.MERIT, RewardForm.COMMENDATION], "Đảng ủy xã"),
    ]  # fmt: skip
    given = 0
    for n in range(ORGANIZATION_REWARDS):
        orgs, forms, body = choices[n % len(choices)]
        if not orgs:
            continue
        org = rng.choice(orgs)
        day = _day(rng, max(start, org.founded_on), today)  # the communes were founded in July 2025
        record_reward(actor=None, organization=org, form=rng.choice(forms), awarded_on=day, reason=rng.choice(REASONS),
                      decision_number=f"{100 + n}-QĐ/TU", decision_date=day, decided_by=body)  # fmt: skip
        given += 1
    officials = list(Member.objects.filter(status=MemberStatus.OFFICIAL, official_date__lt=start, org_path__startswith=province.path)
                     .order_by("pk")[:2000])  # fmt: skip
    for n, member in enumerate(rng.sample(officials, min(MEMBER_REWARDS, len(officials)))):
        day = _day(rng, start, today)
        form = RewardForm.MERIT if n % 3 == 0 else RewardForm.COMMENDATION
        body = "Ban Thường vụ Tỉnh ủy" if form == RewardForm.MERIT else "Đảng ủy xã"
        record_reward(actor=None, member=member, form=form, awarded_on=day, reason=REASONS[3], decision_number=f"{200 + n}-QĐ/ĐU",
                      decision_date=day, decided_by=body)  # fmt: skip
        given += 1
    return given


def load(province: Organization, today: dt.date, *, seed: int = 2026) -> int:
    """The cards and rewards of the demo province; the number of rows written."""
    rng = random.Random(seed)
    return issue_first_cards() + reissue_cards(today, rng) + give_rewards(province, today, rng)
