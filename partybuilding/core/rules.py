"""The registry of dated rules: "what is the rule on this date?".

Values and their effective dates are data (RuleSet / RuleValue rows, seeded by migrations
and edited in the admin). This module declares what each key means, so that pages can
show it, and answers look-ups. A later rule set overrides only the keys it defines.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .errors import Refusal
from .records import day_text


@dataclass(frozen=True)
class RuleDef:
    key: str
    label: Any  # lazy translation
    unit: Any = ""


RULE_DEFS: dict[str, RuleDef] = {
    d.key: d
    for d in [
        RuleDef("org.allowed_children", _("Kinds of organization allowed under each kind")),
        RuleDef("org.grassroots_min_official_members", _("Minimum official members of a grassroots organization or cell"), _("members")),
        RuleDef(
            "org.grassroots_committee_min_members", _("Members from which a grassroots organization is a Party committee"), _("members")
        ),
        RuleDef("org.cell_committee_min_official_members", _("Official members from which a cell elects a cell committee"), _("members")),
        RuleDef("org.cell_committee_max_size", _("Maximum size of a cell committee"), _("members")),
        RuleDef("member.probation_months", _("Probation before official status"), _("months")),
        RuleDef("admission.min_age_years", _("Minimum age at the cell's consideration"), _("years")),
        RuleDef("admission.max_age_years", _("Maximum age at the cell's consideration (unless an exception is granted)"), _("years")),
        RuleDef("admission.introducer_known_months", _("Time an introducer must have worked or lived with the applicant"), _("months")),
        RuleDef(
            "admission.awareness_certificate_valid_years",
            _("Validity of the certificate of the course on awareness of the Party"),
            _("years"),
        ),
        RuleDef("admission.ceremony_within_working_days", _("Admission ceremony after the decision, at the latest"), _("working days")),
        RuleDef(
            "admission.recognition_within_working_days",
            _("Consideration of official status after probation ends, at the latest"),
            _("working days"),
        ),
        RuleDef("admission.cell_vote_min_share", _("Share of the cell's official members whose votes admit or recognize a member")),
        RuleDef("badge.milestones_years", _("Party ages that earn a Party badge"), _("years")),
        RuleDef("badge.award_days", _("Award days of Party badges (day/month)")),
        RuleDef("badge.early_months_seriously_ill", _("Early award for seriously ill members"), _("months")),
        RuleDef("badge.early_months_seriously_ill_70", _("Early award for seriously ill members, 70-year badge and above"), _("months")),
        RuleDef("badge.early_months_posthumous", _("Early posthumous award"), _("months")),
        RuleDef(
            "transfer.apply_within_working_days", _("Apply for an official transfer after the change, at the latest"), _("working days")
        ),
        RuleDef("transfer.present_letter_within_days", _("Present the transfer letter to the receiving organization within"), _("days")),
        RuleDef("transfer.temporary_min_months", _("Shortest temporary transfer"), _("months")),
        RuleDef("transfer.temporary_max_months", _("Temporary transfer shorter than (upper limit)"), _("months")),
        RuleDef("transfer.training_max_months", _("Longest temporary transfer for training"), _("months")),
        RuleDef("member.removal_probationary_min_share", _("Share of the cell's official members needed to remove a probationary member")),
        RuleDef(
            "removal.unexcused_months_per_year", _("Months in a year of unexcused absence or unpaid dues that lead to removal"), _("months")
        ),
        RuleDef("meeting.thematic_min_per_quarter", _("Thematic meetings of a cell in each quarter, at least"), _("meetings")),
        RuleDef("meeting.checkin_opens_minutes_before", _("Check-in by QR code opens before the meeting starts"), _("minutes")),
        RuleDef("meeting.checkin_late_after_minutes", _("A member checking in this long after the start is late"), _("minutes")),
        RuleDef("meeting.checkin_code_rotates_seconds", _("The meeting's check-in QR code changes every"), _("seconds")),
        RuleDef("dues.salary_rate_percent", _("Dues of a member with a salary: share of the previous month's salary base"), "%"),
        RuleDef("dues.pension_rate_percent", _("Dues of a pensioner: share of the previous month's pension"), "%"),
        RuleDef("dues.exempt_party_age_years", _("Party age from which a member is exempt from dues"), _("years")),
        RuleDef("dues.reduction_percents", _("Allowed reductions of dues"), "%"),
        RuleDef("dues.relief_max_months", _("Longest exemption or reduction of dues by one decision"), _("months")),
        RuleDef("assessment.member_levels", _("Levels a member is rated at")),
        RuleDef("assessment.organization_levels", _("Levels an organization is rated at")),
        RuleDef("assessment.legacy_levels", _("Earlier levels read as the current ones in multi-year views")),
        RuleDef("assessment.level_min_points", _("Points from which each level may be given"), _("points")),
        RuleDef("assessment.level_conditions", _("Task conditions of each level, by group (percent done, on time, exceeded)"), "%"),
        RuleDef("assessment.criteria", _("Criteria and their points, by group")),
        RuleDef(
            "assessment.excellent_quota_percent",
            _("“Excellent” at most this share of those rated “good” or above, per grassroots organization"),
            "%",
        ),
        RuleDef("assessment.disciplined_level", _("Levels a member disciplined during the period may be given")),
        RuleDef("assessment.new_member_months", _("Members admitted less than this before the cut-off are listed apart"), _("months")),
        RuleDef(
            "assessment.new_organization_months", _("Organizations founded less than this before the cut-off are not rated"), _("months")
        ),
        RuleDef("discipline.forms", _("Forms of discipline, by who is disciplined")),
        RuleDef("directives.kinds", _("Kinds of Party document, by the code in their numbers")),
        RuleDef(
            "directives.concretize_within_days",
            _("A recipient's document concretizing a higher one is expected within"),
            _("days"),
        ),
        RuleDef("directives.task_due_soon_working_days", _("A task is shown as due soon this long before its deadline"), _("working days")),
        RuleDef("directives.study_note_required", _("A member who studies a resolution writes a study note (plan of personal action)")),
        RuleDef("cadres.planning_max_per_post", _("Cadres planned for one post, at most"), _("cadres")),
        RuleDef("cadres.planning_max_posts_per_cadre", _("Posts of one level a cadre is planned for, at most"), _("posts")),
        RuleDef("cadres.full_term_months", _("A full term, which a cadre planned or appointed must be able to serve"), _("months")),
        RuleDef("cadres.retirement_age", _("Retirement age by sex: from the base year, raised each year up to its final value")),
        RuleDef("cadres.planning_exit_discipline_forms", _("A cadre disciplined with these forms leaves the planning")),
        RuleDef("cadres.discipline_bar_months", _("No appointment while a discipline is in force: its months by form")),
        RuleDef(
            "cadres.reappointment_notice_working_days",
            _("Re-appointment is considered at the latest this long before the term ends"),
            _("working days"),
        ),
        RuleDef("cadres.appointment_term_months", _("Term of an appointment"), _("months")),
        RuleDef("cadres.appointment_min_months_in_post", _("Time in the present post before an appointment to a higher one"), _("months")),
        RuleDef("cadres.periodic_change_months", _("Staff in posts prone to corruption change post after"), _("months")),
        RuleDef("cadres.periodic_change_notice_days", _("A periodic change of post is listed as due this long before"), _("days")),
        RuleDef(
            "cadres.structure_targets", _("Structure of the planning: targets for women, young and ethnic-minority cadres, age groups")
        ),
        RuleDef("cadres.post_standards", _("Standards of each post by level: political theory, degree, state management")),
        RuleDef("discipline.time_limit_years", _("Time limit for disciplining, by the form the violation calls for"), _("years")),
        RuleDef("discipline.no_time_limit_matters", _("Violations disciplined whatever time has passed")),
        RuleDef(
            "discipline.notice_within_days", _("Notice of a discipline to the state body or mass organization, at the latest"), _("days")
        ),
        RuleDef(
            "discipline.response_within_working_days",
            _("Action of the state body or mass organization after the notice, at the latest"),
            _("working days"),
        ),
        RuleDef("suspension.max_days", _("Longest suspension of Party activity"), _("days")),
        RuleDef("appeal.file_within_months", _("Appeal against a discipline after receiving the decision, at the latest"), _("months")),
        RuleDef("appeal.settle_within_working_days", _("Settlement of an appeal, at the latest"), _("working days")),
        RuleDef("appeal.settle_within_working_days_centre", _("Settlement of an appeal at the Centre, at the latest"), _("working days")),
        RuleDef("denunciation.handle_within_working_days", _("Handling of a denunciation, at the latest"), _("working days")),
        RuleDef("denunciation.extension_max_working_days", _("Longest extension of a denunciation's handling"), _("working days")),
        RuleDef("denunciation.not_processed", _("Denunciations recorded but not processed")),
    ]
}


@dataclass(frozen=True)
class RuleInForce:
    key: str
    value: Any
    citation: str
    rule_set_code: str
    rule_set_title: str
    effective_from: dt.date

    @property
    def label(self) -> Any:
        d = RULE_DEFS.get(self.key)
        return d.label if d else self.key

    @property
    def unit(self) -> Any:
        d = RULE_DEFS.get(self.key)
        return d.unit if d else ""

    @property
    def display(self) -> Any:
        """The value as people read it: lists joined, tables as lines, codes by their names."""
        label = _LABELS.get(self.key, str)
        if isinstance(self.value, list):
            return ", ".join(str(label(v)) for v in self.value)
        if isinstance(self.value, dict):
            lines = ((label(k) if k else "—", _joined(v, label)) for k, v in self.value.items())
            return format_html_join(SafeString("<br>"), "{} → {}", lines)
        return self.value


def _joined(value: Any, label: Callable[[Any], Any]) -> str:
    """One entry of a table-valued rule: a list of codes by their names, or a single value."""
    if isinstance(value, list):
        return ", ".join(str(label(c)) for c in value) or "—"
    return str(value)


# How the codes inside a rule's value read (an app registers its choices' labels).
_LABELS: dict[str, Callable[[Any], Any]] = {}


def register_labels(key: str, label: Callable[[Any], Any]) -> None:
    _LABELS[key] = label


@dataclass(frozen=True)
class _Version:
    effective_from: dt.date
    value: Any
    citation: str
    rule_set_code: str
    title_vi: str
    title_en: str


@lru_cache(maxsize=1)
def _timeline() -> dict[str, list[_Version]]:
    from .models import RuleValue

    timeline: dict[str, list[_Version]] = {}
    rows = RuleValue.objects.select_related("rule_set").order_by("rule_set__effective_from", "rule_set__code")
    for row in rows:
        rs = row.rule_set
        timeline.setdefault(row.key, []).append(
            _Version(rs.effective_from, row.value, row.citation or rs.citation, rs.code, rs.title_vi, rs.title_en)
        )
    return timeline


def clear_cache() -> None:
    _timeline.cache_clear()


def _in_force(key: str, on: dt.date) -> _Version | None:
    versions = _timeline().get(key, [])
    i = bisect_right([v.effective_from for v in versions], on)
    return versions[i - 1] if i else None


def _to_force(key: str, v: _Version) -> RuleInForce:
    from django.utils.translation import get_language

    title = v.title_vi if (get_language() or "vi").startswith("vi") else v.title_en
    return RuleInForce(key, v.value, v.citation, v.rule_set_code, title, v.effective_from)


def rule(key: str, on: dt.date) -> RuleInForce:
    """The rule `key` in force on `on`; refuses when no rule was in force on that date."""
    found = _in_force(key, on)
    if found is None:
        raise Refusal(
            _("No rule “%(rule)s” is recorded for %(date)s.")
            % {"rule": RULE_DEFS[key].label if key in RULE_DEFS else key, "date": day_text(on)},
            rule=str(_("rule registry")),
        )
    return _to_force(key, found)


def rule_if_recorded(key: str, on: dt.date) -> RuleInForce | None:
    """The rule in force, or None for a date before any recorded rule set (history entered
    from paper records is taken as it was decided)."""
    found = _in_force(key, on)
    return _to_force(key, found) if found else None


def rule_value(key: str, on: dt.date) -> Any:
    return rule(key, on).value


def rules_in_force(on: dt.date) -> list[RuleInForce]:
    """Every rule in force on a date, in the order they are declared."""
    order = {k: i for i, k in enumerate(RULE_DEFS)}
    result = []
    for key in _timeline():
        found = _in_force(key, on)
        if found is not None:
            result.append(_to_force(key, found))
    return sorted(result, key=lambda r: (order.get(r.key, len(order)), r.key))
