"""What the official statistics count about a member beyond the personal fields (HD 11
forms 2, 3 and 4, reports.md §1.3): the academic title, and whether the member was
re-admitted, owns a private business, is married to a foreigner, had violated the
family-planning policy when admitted, or is a Vietnamese citizen of foreign origin.

They belong to the member record only (an admission candidate's and a cadre's record have
the personal fields, not these), so forms, the API and imports hand them over apart from
`personal.PersonalData`, as `MemberFacts`; the services apply them with `apply_facts`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import AcademicTitle


@dataclass(frozen=True)
class MemberFacts:
    academic_title: str = AcademicTitle.NONE.value
    readmitted: bool = False
    private_business_owner: bool = False
    married_to_foreigner: bool = False
    family_planning_violation: bool = False
    foreign_origin: bool = False

    @classmethod
    def of(cls, member: Any) -> MemberFacts:
        return cls(**{name: getattr(member, name) for name in FACT_FIELDS})

    def changed(self, **given: Any) -> MemberFacts:
        """These facts with the ones given (an API correction names only what it changes)."""
        return replace(self, **{name: value for name, value in given.items() if name in FACT_FIELDS})


FACT_FIELDS = list(MemberFacts.__dataclass_fields__)
FLAGS = [name for name in FACT_FIELDS if name != "academic_title"]

# How the record's page says a fact that is set (one line each; nothing for those not set).
# The Youth Union membership at admission is a personal field, counted by form 2 alike.
NOTED: dict[str, Promise] = {
    "youth_union": _("Youth Union member at admission"),
    "readmitted": _("Re-admitted to the Party after having left it"),
    "private_business_owner": _("Owner of a private business"),
    "married_to_foreigner": _("Married to a foreigner"),
    "family_planning_violation": _("Had violated the family-planning policy when admitted"),
    "foreign_origin": _("Vietnamese citizen of foreign origin"),
}


def apply_facts(member: Any, facts: MemberFacts) -> None:
    for name, value in asdict(facts).items():
        setattr(member, name, value)


def noted(member: Any) -> list[str]:
    """The flags set on a record, in words (the academic title is shown with the qualifications)."""
    return [str(label) for name, label in NOTED.items() if getattr(member, name)]
