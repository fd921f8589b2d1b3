"""The forms as data: each a tuple of rows (a label, the source and date window it counts
in, a filter, what it counts), with headings between groups. Every row is shown with the
same columns: this period, the same period last year, and this period in % of last year.

The row labels of QĐ 885-QĐ/UBKTTW are not published; the forms follow the groups of the
known implementation and the proposed provincial table (design: reports.md §3), and a form
says which of its rows are unverified."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..choices import (
    COMMITTEE_BODIES,
    SUPERVISIONS,
    AppealGround,
    AppealOutcome,
    Body,
    CaseKind,
    CaseResult,
    ChangeReason,
    DisciplineForm,
    Finding,
    Level,
    MemberContent,
    NotProcessed,
    OrganizationContent,
    PetitionKind,
    SubjectKind,
)
from ..subjects import LEVEL_OF_KIND
from .sources import APPEALS, CASES, DENUNCIATIONS, MEMBER_DISCIPLINES, ORGANIZATION_DISCIPLINES, SUSPENSIONS, Source

Label = str | Promise


@dataclass(frozen=True)
class Row:
    key: str
    label: Label
    source: Source
    window: str
    q: Q = field(default_factory=Q)
    count: str = "pk"  # what is counted (distinct): the rows, their subjects, their disciplines
    depth: int = 0
    share_of: str = ""  # the row whose figure is the whole of this one ("of which …, %")
    unverified: bool = False


@dataclass(frozen=True)
class Heading:
    label: Label


Line = Row | Heading


@dataclass(frozen=True)
class Form:
    code: str
    title: Label
    lines: tuple[Line, ...]
    note: Label = ""

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(line for line in self.lines if isinstance(line, Row))


# --- the pieces rows are made of --------------------------------------------------------------------


def level_q(level: str) -> Q:
    """A case's conducting level, from its organization's kind (a case keeps no level)."""
    return Q(organization__kind__in=[kind for kind, at in LEVEL_OF_KIND.items() if at == level])


def has_code(name: str, code: str) -> Q:
    """A JSON list of codes holding `code` (read as text: the same on SQLite and PostgreSQL)."""
    return Q(**{f"{name}_text__contains": f'"{code}"'})


def split(prefix: str, source: Source, window: str, choices: Iterable[tuple[str, Label]], make: object, **extra: object) -> list[Row]:
    """One row per code of a choice, one level down."""
    return [Row(f"{prefix}.{code}", label, source, window, make(code), depth=1, **extra) for code, label in choices]  # type: ignore[operator, arg-type]


MEMBER = Q(subject_kind=SubjectKind.MEMBER)
ORGANIZATION = Q(subject_kind=SubjectKind.ORGANIZATION)
COMMITTEE = Q(body__in=COMMITTEE_BODIES)
COMMISSION = Q(body=Body.COMMISSION)
MEMBER_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION)
ORGANIZATION_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION)
DISCIPLINED = Q(disciplines__status__in=("decided", "annulled"))


def _choices(codes: Iterable[str], labels: type) -> list[tuple[str, Label]]:
    names = dict(labels.choices)  # type: ignore[attr-defined]
    return [(code, names[code]) for code in codes]


# --- the summary: the proposed provincial table ----------------------------------------------------


def _inspected(prefix: str, q: Q, *, members_of_committees: bool = True) -> list[Row]:
    rows = [
        Row(f"{prefix}.organizations", _("Party organizations"), CASES, "concluded", q & ORGANIZATION, "subject_organization", 1),
        Row(f"{prefix}.members", _("Party members"), CASES, "concluded", q & MEMBER, "subject_member", 1),
    ]
    if members_of_committees:
        rows.append(
            Row(
                f"{prefix}.committee_members",
                _("of which committee members"),
                CASES,
                "concluded",
                q & MEMBER & Q(committee_member=True),
                "subject_member",
                2,
                share_of=f"{prefix}.members",
            )
        )
    return rows


SIGNS = Q(kind=CaseKind.SIGNS)
MEMBERS_DISCIPLINED = [
    Row("members.total", _("Party members disciplined"), MEMBER_DISCIPLINES, "decided"),
    *split("members.form", MEMBER_DISCIPLINES, "decided", _choices(MEMBER_FORMS, DisciplineForm), lambda c: Q(form=c)),
    Row(
        "members.committee",
        _("of which committee members"),
        MEMBER_DISCIPLINES,
        "decided",
        Q(committee_member=True),
        depth=1,
        share_of="members.total",
    ),
]
ORGANIZATIONS_DISCIPLINED = [
    Row("organizations.total", _("Party organizations disciplined"), ORGANIZATION_DISCIPLINES, "decided"),
    *split("organizations.form", ORGANIZATION_DISCIPLINES, "decided", _choices(ORGANIZATION_FORMS, DisciplineForm), lambda c: Q(form=c)),
]

SUMMARY = Form(
    "summary",
    _("Summary of inspection, supervision and discipline"),
    (
        Heading(_("Party committees inspected (Charter Art. 30)")),
        *_inspected("committee_inspected", Q(kind=CaseKind.INSPECTION) & COMMITTEE),
        Heading(_("Party committees supervised")),
        *_inspected("committee_supervised", Q(kind__in=SUPERVISIONS) & COMMITTEE, members_of_committees=False),
        Heading(_("Inspection commissions: inspections on signs of violation")),
        *_inspected("signs", SIGNS & COMMISSION),
        Row("signs.violation", _("violations found"), CASES, "concluded", SIGNS & COMMISSION & Q(result=CaseResult.VIOLATION), depth=1),
        Row("signs.required", _("discipline required"), CASES, "concluded", SIGNS & COMMISSION & Q(discipline_required=True), depth=1),
        Heading(_("Inspection commissions: other inspections")),
        Row("tasks", _("Inspections of the inspection and supervision tasks"), CASES, "concluded", Q(kind=CaseKind.INSPECTION_TASKS)),
        Row("discipline_applied", _("Inspections of how discipline is applied"), CASES, "concluded", Q(kind=CaseKind.DISCIPLINE_APPLIED)),
        Heading(_("Inspection commissions: supervisions")),
        *_inspected("commission_supervised", Q(kind__in=SUPERVISIONS) & COMMISSION, members_of_committees=False),
        Heading(_("Discipline of Party organizations")),
        *ORGANIZATIONS_DISCIPLINED,
        Heading(_("Discipline of Party members")),
        *MEMBERS_DISCIPLINED,
        Heading(_("Denunciations")),
        Row("denunciations.received", _("Denunciations received"), DENUNCIATIONS, "received", Q(kind=PetitionKind.DENUNCIATION)),
        Row(
            "denunciations.not_processed",
            _("not processed"),
            DENUNCIATIONS,
            "received",
            Q(kind=PetitionKind.DENUNCIATION, status="not_processed"),
            depth=1,
        ),
        Row("denunciations.concluded", _("Denunciations concluded"), DENUNCIATIONS, "concluded", Q(kind=PetitionKind.DENUNCIATION)),
        *split(
            "denunciations.finding", DENUNCIATIONS, "concluded", Finding.choices, lambda c: Q(kind=PetitionKind.DENUNCIATION, finding=c)
        ),
        Row(
            "denunciations.disciplined",
            _("followed by a discipline"),
            DENUNCIATIONS,
            "concluded",
            Q(kind=PetitionKind.DENUNCIATION, discipline__isnull=False),
            depth=1,
        ),
        Heading(_("Appeals against disciplines")),
        Row("appeals.settled", _("Appeals settled"), APPEALS, "settled"),
        Row("appeals.kept", _("Form kept"), APPEALS, "settled", Q(outcome=AppealOutcome.UPHELD), depth=1),
        Row("appeals.changed", _("Form changed"), APPEALS, "settled", ~Q(outcome=AppealOutcome.UPHELD) & ~Q(outcome=""), depth=1),
        *[
            Row(f"appeals.{code}", label, APPEALS, "settled", Q(outcome=code), depth=2)
            for code, label in AppealOutcome.choices
            if code != AppealOutcome.UPHELD
        ],
        Heading(_("Inspections of Party finance and dues")),
        Row("finance.units", _("Units inspected"), CASES, "concluded", Q(kind=CaseKind.FINANCE), "subject_organization", unverified=True),
        Row(
            "finance.violations",
            _("with violations"),
            CASES,
            "concluded",
            Q(kind=CaseKind.FINANCE, result=CaseResult.VIOLATION),
            "subject_organization",
            depth=1,
            unverified=True,
        ),
    ),
    _(
        "The layout proposed for the provincial report, to be checked against QĐ 885-QĐ/UBKTTW; the finance rows are not an official"
        " form, and the amounts to recover are not recorded."
    ),
)

# --- THKL_DV, THKL_TCD: discipline ------------------------------------------------------------------


def _by_level(prefix: str, source: Source, window: str, levels: Iterable[str]) -> list[Row]:
    return split(prefix, source, window, _choices(levels, Level), lambda c: Q(level=c))


def _by_body(prefix: str, source: Source, window: str, q: Q = Q()) -> list[Row]:
    return split(prefix, source, window, Body.choices, lambda c: q & Q(body=c))


THKL_DV = Form(
    "THKL_DV",
    _("THKL_DV: discipline of Party members"),
    (
        *MEMBERS_DISCIPLINED,
        Row("members.suspended", _("Party activity suspended"), SUSPENSIONS, "started"),
        Heading(_("By deciding level")),
        *_by_level("members.level", MEMBER_DISCIPLINES, "decided", Level.values),
        Heading(_("By deciding body")),
        *_by_body("members.body", MEMBER_DISCIPLINES, "decided"),
        Heading(_("By content of the violation")),
        *split("members.content", MEMBER_DISCIPLINES, "decided", MemberContent.choices, lambda c: has_code("contents", c)),
        Heading(_("Other action taken")),
        Row("members.prosecuted", _("Prosecuted"), MEMBER_DISCIPLINES, "decided", Q(prosecuted=True)),
        Row("members.imprisoned", _("of which sentenced to prison"), MEMBER_DISCIPLINES, "decided", Q(imprisoned=True), depth=1),
        Row("members.administrative", _("Administrative discipline"), MEMBER_DISCIPLINES, "decided", Q(administrative_action=True)),
    ),
    _("Counted by the decision date. Suspensions are counted by the day they start, in their own row."),
)

THKL_TCD = Form(
    "THKL_TCD",
    _("THKL_TCD: discipline of Party organizations"),
    (
        *ORGANIZATIONS_DISCIPLINED,
        Heading(_("By deciding level")),
        *_by_level("organizations.level", ORGANIZATION_DISCIPLINES, "decided", [lv for lv in Level.values if lv != Level.CELL]),
        Heading(_("By content of the violation")),
        *split(
            "organizations.content", ORGANIZATION_DISCIPLINES, "decided", OrganizationContent.choices, lambda c: has_code("contents", c)
        ),
    ),
    _("Counted by the decision date."),
)

# --- the inspections and supervisions, one form per code ----------------------------------------------


def _case_form(code: str, title: Label, q: Q, contents: type, counted: str) -> Form:
    results = CaseResult.choices
    return Form(
        code,
        title,
        (
            Row("total", _("Total"), CASES, "concluded", q, counted),
            Heading(_("By conducting level")),
            *split("level", CASES, "concluded", Level.choices, lambda c: q & level_q(c), count=counted),
            Heading(_("By conducting body")),
            *split("body", CASES, "concluded", Body.choices, lambda c: q & Q(body=c), count=counted),
            Heading(_("By content")),
            *split("content", CASES, "concluded", contents.choices, lambda c: q & has_code("contents", c), count=counted),  # type: ignore[attr-defined]
            Heading(_("By result")),
            *split("result", CASES, "concluded", results, lambda c: q & Q(result=c), count=counted),
            Row("required", _("Discipline required"), CASES, "concluded", q & Q(discipline_required=True), counted),
            Row("disciplined", _("Disciplined"), CASES, "concluded", q & DISCIPLINED, "disciplines"),
        ),
        _("Counted by the conclusion date. The rows follow the known implementation of the forms, unverified against QĐ 885."),
    )


ON_MEMBERS, ON_ORGANIZATIONS = ("subject_member", "subject_organization")
CASE_FORMS = (
    _case_form(
        "KTDV_D30",
        _("KTDV_D30: Party members inspected by Party committees"),
        Q(kind=CaseKind.INSPECTION) & MEMBER,
        MemberContent,
        ON_MEMBERS,
    ),
    _case_form(
        "KTDV_D30_TC",
        _("KTDV_D30_TC: subordinate organizations inspected by Party committees"),
        Q(kind=CaseKind.INSPECTION) & ORGANIZATION,
        OrganizationContent,
        ON_ORGANIZATIONS,
    ),
    _case_form("GSDV", _("GSDV: Party members supervised"), Q(kind__in=SUPERVISIONS) & MEMBER, MemberContent, ON_MEMBERS),
    _case_form(
        "GSTCD", _("GSTCD: Party organizations supervised"), Q(kind__in=SUPERVISIONS) & ORGANIZATION, OrganizationContent, ON_ORGANIZATIONS
    ),
    _case_form("KTDHVPDV", _("KTDHVPDV: Party members inspected on signs of violation"), SIGNS & MEMBER, MemberContent, ON_MEMBERS),
    _case_form(
        "KTDHVPTC",
        _("KTDHVPTC: Party organizations inspected on signs of violation"),
        SIGNS & ORGANIZATION,
        OrganizationContent,
        ON_ORGANIZATIONS,
    ),
    _case_form(
        "KT_THNVKT",
        _("KT_THNVKT: inspections of the inspection and supervision tasks"),
        Q(kind=CaseKind.INSPECTION_TASKS),
        OrganizationContent,
        ON_ORGANIZATIONS,
    ),
    _case_form(
        "KT_THKL",
        _("KT_THKL: inspections of how discipline is applied"),
        Q(kind=CaseKind.DISCIPLINE_APPLIED),
        OrganizationContent,
        ON_ORGANIZATIONS,
    ),
)

# --- GQKNKL: appeals against disciplines --------------------------------------------------------------

CHANGED = ~Q(outcome=AppealOutcome.UPHELD) & ~Q(outcome="")

GQKNKL = Form(
    "GQKNKL",
    _("GQKNKL: appeals against disciplines"),
    (
        Row("to_settle", _("To settle"), APPEALS, "to_settle"),
        Row("filed", _("filed in the period"), APPEALS, "filed", depth=1),
        Row("pending", _("pending from before"), APPEALS, "pending", depth=1),
        Row("settled", _("Settled"), APPEALS, "settled"),
        Heading(_("By settling level")),
        *split("level", APPEALS, "settled", Level.choices, lambda c: Q(level=c)),
        Heading(_("By what the appeal is about")),
        *split("ground", APPEALS, "settled", AppealGround.choices, lambda c: has_code("grounds", c)),
        Heading(_("Outcome")),
        Row("kept", _("Form kept"), APPEALS, "settled", Q(outcome=AppealOutcome.UPHELD)),
        Row("changed", _("Form changed"), APPEALS, "settled", CHANGED),
        *[Row(code, label, APPEALS, "settled", Q(outcome=code), depth=1) for code, label in AppealOutcome.choices if code != "upheld"],
        Heading(_("Reason for the change")),
        *split("reason", APPEALS, "settled", ChangeReason.choices, lambda c: CHANGED & Q(change_reason=c)),
    ),
    _("Filed and settled counted by their dates; pending from before: filed earlier and not settled or refused before the period."),
)

# --- denunciations -------------------------------------------------------------------------------------

DENOUNCED = Q(kind=PetitionKind.DENUNCIATION)

TC = Form(
    "TC",
    _("Denunciations against Party organizations and members"),
    (
        Row("received", _("Received"), DENUNCIATIONS, "received", DENOUNCED),
        Row("received.organizations", _("against Party organizations"), DENUNCIATIONS, "received", DENOUNCED & ORGANIZATION, depth=1),
        Row("received.members", _("against Party members"), DENUNCIATIONS, "received", DENOUNCED & MEMBER, depth=1),
        Row("not_processed", _("Not processed"), DENUNCIATIONS, "received", DENOUNCED & Q(status="not_processed")),
        *split("not_processed", DENUNCIATIONS, "received", NotProcessed.choices, lambda c: DENOUNCED & Q(not_processed=c)),
        Row("concluded", _("Handled and concluded"), DENUNCIATIONS, "concluded", DENOUNCED),
        *split("finding", DENUNCIATIONS, "concluded", Finding.choices, lambda c: DENOUNCED & Q(finding=c)),
        Row("disciplined", _("Followed by a discipline"), DENUNCIATIONS, "concluded", DENOUNCED & Q(discipline__isnull=False)),
    ),
    _("Not an official form (unverified): received counted by the receipt date, concluded by the conclusion date."),
)

FORMS: dict[str, Form] = {form.code: form for form in (SUMMARY, THKL_DV, THKL_TCD, *CASE_FORMS, GQKNKL, TC)}
