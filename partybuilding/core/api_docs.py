"""The API's documentation in the reader's language.

Summaries, descriptions and field descriptions are marked with `gettext_lazy` where they
are written (each app's `api.py`); the OpenAPI schema is built on every request to
`/api/openapi.json` (django-ninja keeps no copy), so `localized` turns each lazy text
into the language of the request (the language cookie, the session or
`Accept-Language`, as the pages). A field or parameter that its schema leaves
undescribed gets the description of its name from `FIELDS`, so that every field of the
documentation reads in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _lazy

# Typed as `str`: ninja and pydantic take `str` for a summary or a description, and the
# lazy text is kept in the schema until `localized` renders it. The name is the one the
# translation catalogue's extraction looks for.
gettext_lazy = cast(Callable[[str], str], _lazy)


def one_of(values: Iterable[str]) -> str:
    """ "One of: a, b, c" for a field that takes names (step names, kinds)."""
    return cast(str, format_lazy(gettext_lazy("One of: {values}"), values=", ".join(values)))


# The description of a field or a parameter by its name, where its schema gives none.
FIELDS: dict[str, str] = {
    "accepted_on": gettext_lazy("The date it was accepted for handling"),
    "action": gettext_lazy("What the receiving side does: receive, hold, refuse or end"),
    "admission_date": gettext_lazy("The date the member was admitted to the Party"),
    "after": gettext_lazy("The organization's fields after the event"),
    "age_exception": gettext_lazy("The decision allowing an applicant over 60 years (its reference)"),
    "agenda": gettext_lazy("The meeting's agenda"),
    "already": gettext_lazy("Members already charged for the month"),
    "amount": gettext_lazy("An amount in đồng"),
    "ancestors": gettext_lazy("The organizations above it, from the top of the tree"),
    "apology_on": gettext_lazy("The date of the apology"),
    "assigned_on": gettext_lazy("The date the handler was assigned"),
    "attendance": gettext_lazy("Each expected member's presence"),
    "award_date": gettext_lazy("The award day"),
    "base_amount": gettext_lazy("The amount before exemptions and reductions, in đồng"),
    "before": gettext_lazy("The organization's fields before the event"),
    "below_percent": gettext_lazy("Flag organizations below this percent of their target"),
    "body": gettext_lazy("The body that acts: Party committee, standing committee, inspection commission or cell"),
    "by_kind": gettext_lazy("The number of organizations of each kind in the subtree"),
    "candidate_id": gettext_lazy("The candidate's id"),
    "card_number": gettext_lazy("The Party card number (masked unless asked for in full)"),
    "case": gettext_lazy("regular, seriously_ill or posthumous"),
    "case_id": gettext_lazy("The inspection's or supervision's id"),
    "category": gettext_lazy("For a fixed amount: the category of member it is set for"),
    "ceremony_on": gettext_lazy("The date of the admission ceremony"),
    "certificate_date": gettext_lazy("The date of the certificate of the course on awareness of the Party"),
    "certificate_number": gettext_lazy("The certificate's number"),
    "chair_id": gettext_lazy("The member who chaired the meeting"),
    "change_date": gettext_lazy("The date of the change that calls for the transfer"),
    "change_reason": gettext_lazy("Why an appeal changed the discipline"),
    "channel": gettext_lazy("How it was received"),
    "charged": gettext_lazy("Members charged now"),
    "children": gettext_lazy("The child organizations, each with its figures"),
    "citation": gettext_lazy("The regulation and article the value comes from"),
    "citizen_id": gettext_lazy("The citizen ID number (12 digits)"),
    "closed_on": gettext_lazy("The date it was closed"),
    "code": gettext_lazy("The organization's code"),
    "collected": gettext_lazy("Collected, in đồng"),
    "column": gettext_lazy("The column of the file"),
    "committee_member": gettext_lazy("The member sat on a Party committee"),
    "concluded_on": gettext_lazy("The date the violation was concluded (the time limit runs to it)"),
    "conclusion": gettext_lazy("The conclusion"),
    "conclusion_date": gettext_lazy("The date of the conclusion"),
    "conclusion_number": gettext_lazy("The number of the conclusion"),
    "congress_date": gettext_lazy("The date of the congress that opened the term"),
    "content": gettext_lazy("The content"),
    "content_note": gettext_lazy("The content in words"),
    "contents": gettext_lazy("Codes of what it is about"),
    "contributions": gettext_lazy("What the member said in the meeting"),
    "count": gettext_lazy("How many there are in all, counted up to 10,000 (see more)"),
    "warnings": gettext_lazy("The size rules the organization breaks, each in words with its rule"),
    "next_after": gettext_lazy("Give it as `after` for the next page (empty on the last page, or when the list cannot be paged so)"),
    "more": gettext_lazy("True when the list is longer than the count, which stops at 10,000: add a filter to narrow it"),
    "credit_id": gettext_lazy("The bank credit's id (a line of an imported statement)"),
    "current_version": gettext_lazy("The version the record has now"),
    "date": gettext_lazy("The date"),
    "date_of_birth": gettext_lazy("The date of birth"),
    "day": gettext_lazy("The day of the month meetings are held"),
    "days": gettext_lazy("A number of days"),
    "deadline": gettext_lazy("The deadline"),
    "deadlines": gettext_lazy("The deadlines the rules set for the letter"),
    "decided_by": gettext_lazy("Who decided it"),
    "decided_on": gettext_lazy("The date of the admission decision"),
    "decision_date": gettext_lazy("The date of the decision"),
    "decision_number": gettext_lazy("The number of the decision"),
    "denouncer_address": gettext_lazy("The denouncer's address (for the handlers only)"),
    "denouncer_email": gettext_lazy("The denouncer's e-mail (for the handlers only)"),
    "denouncer_id_number": gettext_lazy("The denouncer's citizen ID (for the handlers only)"),
    "denouncer_name": gettext_lazy("The denouncer's name (for the handlers only)"),
    "denouncer_phone": gettext_lazy("The denouncer's telephone (for the handlers only)"),
    "depth": gettext_lazy("The level in the tree (0 at the top)"),
    "description": gettext_lazy("The description"),
    "detail": gettext_lazy("What went wrong"),
    "discipline_id": gettext_lazy("The discipline's id"),
    "discipline_required": gettext_lazy("Discipline is required"),
    "discussion": gettext_lazy("The meeting's discussion"),
    "dissolve_original": gettext_lazy("Dissolve the organization that is split"),
    "dissolved_on": gettext_lazy("The date it ended; empty while active"),
    "dry_run": gettext_lazy("Only check the file; record nothing"),
    "due": gettext_lazy("Due, in đồng (for a deadline: its date)"),
    "duration_minutes": gettext_lazy("The meeting's length in minutes"),
    "education": gettext_lazy("General education"),
    "effective_from": gettext_lazy("The first day the value applies"),
    "end": gettext_lazy("The last day"),
    "end_year": gettext_lazy("The last year of the term"),
    "ends_on": gettext_lazy("The last day"),
    "entries": gettext_lazy("One entry per expected member"),
    "ethnicity": gettext_lazy("The ethnic group"),
    "evidence": gettext_lazy("The evidence"),
    "exempt_since": gettext_lazy("Exempt from Party activity since this date"),
    "exempted": gettext_lazy("Exempted, in đồng"),
    "extended_days": gettext_lazy("Working days of extension"),
    "extension_notice_on": gettext_lazy("The date the extension was notified"),
    "family_name": gettext_lazy("The family name"),
    "file": gettext_lazy("The file to import"),
    "filed_on": gettext_lazy("The date the appeal was filed"),
    "finding": gettext_lazy("The finding: true, partly true or false"),
    "findings": gettext_lazy("The findings"),
    "first": gettext_lazy("The first month"),
    "flag_on": gettext_lazy("The date the figures are judged on"),
    "form": gettext_lazy("The form of discipline"),
    "form_in_force": gettext_lazy("The form of discipline in force"),
    "founded_on": gettext_lazy("The date it was founded"),
    "from_month": gettext_lazy("The first month"),
    "from_organization_id": gettext_lazy("The organization the member leaves"),
    "from_year": gettext_lazy("The first year"),
    "full_ids": gettext_lazy("Identifiers in full (audited); masked otherwise"),
    "full_name": gettext_lazy("The full name"),
    "gender": gettext_lazy("The gender"),
    "given_name": gettext_lazy("The given name"),
    "grounds": gettext_lazy("What the appeal is about"),
    "has_file": gettext_lazy("A file is attached"),
    "heading": gettext_lazy("A heading row, without figures"),
    "home_town": gettext_lazy("The home town"),
    "id": gettext_lazy("The record's id"),
    "imported": gettext_lazy("Rows recorded"),
    "include_ended": gettext_lazy("Also the organizations that have ended"),
    "into_id": gettext_lazy("The organization it merges into"),
    "introducers": gettext_lazy("The two introducers"),
    "issues": gettext_lazy("Every refused row, with its line and the reason"),
    "items": gettext_lazy("The rows of this page, or the items of a meeting"),
    "key": gettext_lazy("The rule's key"),
    "kind": gettext_lazy("The kind (one of the listed values)"),
    "known_since": gettext_lazy("Since when the introducer has known the applicant"),
    "label": gettext_lazy("The name shown"),
    "last": gettext_lazy("The last month"),
    "lead": gettext_lazy("Who leads it"),
    "letter_date": gettext_lazy("The date of the transfer letter"),
    "letter_number": gettext_lazy("The number of the transfer letter"),
    "level": gettext_lazy("The quality level the score gives"),
    "lifted_on": gettext_lazy("The date it was lifted"),
    "limit": gettext_lazy("At most this many rows"),
    "line": gettext_lazy("The line of the file"),
    "meeting_id": gettext_lazy("The meeting's id"),
    "member_id": gettext_lazy("The member's id"),
    "member_name": gettext_lazy("The member's full name"),
    "message": gettext_lazy("What is wrong"),
    "middle_name": gettext_lazy("The middle name"),
    "milestone": gettext_lazy("The badge's years of Party age"),
    "min_months": gettext_lazy("At least this many months owed"),
    "month": gettext_lazy("The month (any day of it)"),
    "months": gettext_lazy("The months, one by one"),
    "months_owed": gettext_lazy("Months owed"),
    "msg": gettext_lazy("What is wrong with the value"),
    "name": gettext_lazy("The name"),
    "new_evidence": gettext_lazy("It brings new evidence"),
    "new_form": gettext_lazy("The form of discipline after the appeal"),
    "new_parent_id": gettext_lazy("The organization it moves under"),
    "new_violation_date": gettext_lazy("The date of a new violation (it restarts the time limit)"),
    "no_limit_matter": gettext_lazy("A matter disciplined whatever time has passed"),
    "not_processed": gettext_lazy("Why it is not processed"),
    "note": gettext_lazy("A note"),
    "notice_due": gettext_lazy("The date the notice is due"),
    "notice_sent_on": gettext_lazy("The date the notice was sent"),
    "notice_to": gettext_lazy("The state body or mass organization notified"),
    "notified_on": gettext_lazy("The date the result was notified"),
    "occupation": gettext_lazy("The occupation"),
    "official_date": gettext_lazy("The date the member became official"),
    "official_members": gettext_lazy("The cell's official members"),
    "on": gettext_lazy("The date (today by default)"),
    "org_id": gettext_lazy("The organization's id"),
    "organization": gettext_lazy("The organization"),
    "organization_id": gettext_lazy("The organization's id"),
    "outcome": gettext_lazy("The outcome of the appeal"),
    "outside": gettext_lazy("An organization outside the system, in words"),
    "outside_party": gettext_lazy("An organization outside the Party, in words"),
    "outstanding": gettext_lazy("Still owed, in đồng"),
    "overdue": gettext_lazy("Past its deadline"),
    "owed": gettext_lazy("Owed, in đồng"),
    "page": gettext_lazy("The page number, from 1"),
    "page_size": gettext_lazy("Rows per page (at most 100)"),
    "paid": gettext_lazy("Paid, in đồng"),
    "paid_on": gettext_lazy("The day it was paid"),
    "parent_id": gettext_lazy("The parent organization's id"),
    "parts": gettext_lazy("The new organizations"),
    "payments": gettext_lazy("The payments"),
    "percent": gettext_lazy("A percentage"),
    "period": gettext_lazy("The period"),
    "period_from": gettext_lazy("The first day of the period"),
    "period_to": gettext_lazy("The last day of the period"),
    "phone": gettext_lazy("The phone number"),
    "place": gettext_lazy("Where the meeting is held"),
    "planned_from": gettext_lazy("The planned first day"),
    "planned_to": gettext_lazy("The planned last day"),
    "positions": gettext_lazy("Positions held"),
    "presence": gettext_lazy("present, excused or unexcused"),
    "present": gettext_lazy("Official members present"),
    "previous": gettext_lazy("The period compared with"),
    "probation_ends_on": gettext_lazy("The day probation ends"),
    "programme_item_id": gettext_lazy("The programme item's id"),
    "proposed_by": gettext_lazy("Who proposed it"),
    "proposed_form": gettext_lazy("The form of discipline proposed"),
    "proposed_on": gettext_lazy("The date of the proposal"),
    "q": gettext_lazy("Search (diacritics ignored)"),
    "qualification": gettext_lazy("The professional qualification"),
    "quarter": gettext_lazy("The quarter (1 to 4)"),
    "reason": gettext_lazy("Why"),
    "received_on": gettext_lazy("The date it was received"),
    "recorded_on": gettext_lazy("The date the candidate was first recorded"),
    "reduced": gettext_lazy("Reduced, in đồng"),
    "refused_reason": gettext_lazy("Why it was not accepted"),
    "related_id": gettext_lazy("The other organization of the event"),
    "released_on": gettext_lazy("The date the handler was released"),
    "religion": gettext_lazy("The religion"),
    "removal_rule": gettext_lazy("The removal rule the arrears reach, if any"),
    "repeat_of_id": gettext_lazy("The earlier denunciation it repeats"),
    "required": gettext_lazy("Whether the member is expected at the meeting"),
    "resolution": gettext_lazy("The meeting's resolution"),
    "response": gettext_lazy("The action of the state body or mass organization"),
    "response_due": gettext_lazy("The date their action is due"),
    "response_on": gettext_lazy("The date their action was recorded"),
    "responsible": gettext_lazy("Who is responsible"),
    "restored_on": gettext_lazy("The date the rights were restored"),
    "result": gettext_lazy("The result"),
    "role": gettext_lazy("The role in the committee"),
    "role_id": gettext_lazy("The role's id"),
    "rows": gettext_lazy("Rows read"),
    "rule": gettext_lazy("The rule (and its article)"),
    "rule_set": gettext_lazy("The rule set the value comes from"),
    "running": gettext_lazy("Whether the deadline is still running"),
    "score": gettext_lazy("The meeting's score"),
    "secretary_id": gettext_lazy("The member who took the minutes"),
    "self_report": gettext_lazy("The subject's self-report"),
    "self_report_date": gettext_lazy("The date the self-report was received"),
    "settled_on": gettext_lazy("The date it was settled"),
    "shortcomings": gettext_lazy("The shortcomings to remedy"),
    "since": gettext_lazy("The first day"),
    "source": gettext_lazy("Where the payment was recorded"),
    "stage": gettext_lazy("The stage in the pipeline"),
    "stage_since": gettext_lazy("The date of the current stage"),
    "start": gettext_lazy("The first day"),
    "start_year": gettext_lazy("The first year of the term"),
    "starts_on": gettext_lazy("The first day"),
    "status": gettext_lazy("The status (one of the listed values)"),
    "status_date": gettext_lazy("The date of the status"),
    "status_since": gettext_lazy("The date of the current status"),
    "steps": gettext_lazy("The steps recorded"),
    "stuck_days": gettext_lazy("Days without a step after which a candidate is stuck"),
    "subject": gettext_lazy("Who or what it is about"),
    "subject_kind": gettext_lazy("A member or an organization"),
    "subject_member_id": gettext_lazy("The member concerned"),
    "subject_organization_id": gettext_lazy("The organization concerned"),
    "submission": gettext_lazy("One per submit: the same submission sent twice records once"),
    "suborganizations": gettext_lazy("The number of organizations under it"),
    "successor_id": gettext_lazy("The organization that took over its members"),
    "summary": gettext_lazy("The summary"),
    "target": gettext_lazy("The number of admissions aimed at"),
    "team": gettext_lazy("The team"),
    "term_id": gettext_lazy("The term's id"),
    "theory": gettext_lazy("The political theory level"),
    "this_period": gettext_lazy("This period"),
    "title": gettext_lazy("The title"),
    "to_month": gettext_lazy("The last month"),
    "to_organization_id": gettext_lazy("The organization the member goes to"),
    "to_year": gettext_lazy("The last year"),
    "total": gettext_lazy("The total"),
    "transfer_id": gettext_lazy("The transfer's id"),
    "type": gettext_lazy("The kind of error"),
    "unit": gettext_lazy("The unit of the value"),
    "until": gettext_lazy("The last day"),
    "url": gettext_lazy("The address of its page"),
    "user_id": gettext_lazy("The user's id"),
    "username": gettext_lazy("The user's login name"),
    "value": gettext_lazy("The value"),
    "version": gettext_lazy("The record's version"),
    "violation": gettext_lazy("The violation"),
    "violation_date": gettext_lazy("The date of the violation"),
    "votes_abstain": gettext_lazy("Abstentions"),
    "votes_against": gettext_lazy("Votes against"),
    "votes_for": gettext_lazy("Votes for"),
    "what": gettext_lazy("regular, thematic or unexcused"),
    "within": gettext_lazy("An organization: its whole subtree"),
    "without_base": gettext_lazy("Members without a dues base, not charged"),
    "working_days": gettext_lazy("The number of working days"),
    "workplace": gettext_lazy("The workplace"),
    "year": gettext_lazy("The year"),
    "years": gettext_lazy("Years of Party age"),
    "youth_union": gettext_lazy("A member of the Youth Union"),
    "youth_union_committee": gettext_lazy("Introduced by the Youth Union executive committee"),
    # directives: tasks
    "work": gettext_lazy("The work to do"),
    "responsible_person": gettext_lazy("The person responsible, as named"),
    "responsible_member_id": gettext_lazy("The member responsible, who sees the task on their home page"),
    "expected_result": gettext_lazy("The result expected"),
    "progress": gettext_lazy("Progress, in percent"),
    "done_on": gettext_lazy("The day the task was done"),
    "open": gettext_lazy("Tasks not yet done nor cancelled"),
    "due_soon": gettext_lazy("Open tasks whose deadline comes within the due-soon rule's working days"),
    "percent_on_time": gettext_lazy("Tasks done on time, in percent of the tasks counted"),
    # directives: study
    "campaign_title": gettext_lazy("The study campaign's title"),
    "changed": gettext_lazy("Members whose study changed"),
    "completion": gettext_lazy("The figures of the organization shown"),
    "document_ids": gettext_lazy("The documents studied"),
    "list_job_id": gettext_lazy("The background job that makes the list of members who must study"),
    "members_on": gettext_lazy("Who must study: the organization's members on this date"),
    "note_required": gettext_lazy("A written study note is required"),
    "note_written_on": gettext_lazy("The date the study note was saved"),
    "organization_name": gettext_lazy("The organization's name"),
    "speaker": gettext_lazy("Who presents the documents"),
    "studied_on": gettext_lazy("The date the member studied"),
    "way": gettext_lazy("How the member studied: session, make_up, online or excused"),
    # directives: reports
    "assigned": gettext_lazy("Members who must study"),
    "campaign_id": gettext_lazy("The study campaign's id"),
    "cancelled": gettext_lazy("Tasks cancelled"),
    "counts": gettext_lazy("Documents issued in the year, by the code of their kind"),
    "document": gettext_lazy("A document: its tasks only (none: every task)"),
    "document_id": gettext_lazy("The document's id"),
    "done": gettext_lazy("Members who have studied (and written their note when it is required)"),
    "done_late": gettext_lazy("Tasks done after their deadline"),
    "done_on_time": gettext_lazy("Tasks done by their deadline"),
    "issuer_id": gettext_lazy("The issuer's id"),
    "issuers": gettext_lazy("The issuers, the organization's own first"),
    "kinds": gettext_lazy("The kinds of document, in the order of the rule in force"),
    "last_total": gettext_lazy("Documents issued the year before"),
    "last_year": gettext_lazy("The same, the year before"),
    "lower": gettext_lazy("Include the issuers of the levels below"),
    "open_in_time": gettext_lazy("Tasks open, their deadline not passed"),
    "percent_done": gettext_lazy("Tasks done out of those not cancelled, in percent"),
    "sentences": gettext_lazy("The report's line, in the reader's language"),
    "symbol": gettext_lazy("What the issuer's numbers end with (15-NQ/TU)"),
    "this_year": gettext_lazy("Documents issued in the year"),
    "whole": gettext_lazy("The organization's whole subtree"),
    "withdrawn": gettext_lazy("Documents withdrawn later (still counted: their numbers were issued)"),
    # cadres: records
    "managed_by_id": gettext_lazy("The organization whose committee manages it"),
    "seats": gettext_lazy("How many hold the post at once"),
    "corruption_prone": gettext_lazy("Prone to corruption: its holders change post periodically"),
    "institution": gettext_lazy("The institution that gave the course"),
    "mode": gettext_lazy("Full-time or part-time"),
    "completed": gettext_lazy("The course was completed"),
    "topic": gettext_lazy("The topic of a refresher course"),
    "birth_place": gettext_lazy("Place of birth"),
    "residence": gettext_lazy("Where the cadre lives"),
    "academic_title": gettext_lazy("Professor, associate professor or none"),
    "state_management": gettext_lazy("The state-management programme the cadre holds"),
    "languages": gettext_lazy("Foreign languages and their levels"),
    "it_skills": gettext_lazy("Information technology skills"),
    "staff_category": gettext_lazy("How the cadre is paid from the budget (form 8)"),
    "staff_since": gettext_lazy("On the payroll since"),
    "staff_in": gettext_lazy("How the cadre came onto the payroll"),
    "staff_until": gettext_lazy("Left the payroll on"),
    "staff_out": gettext_lazy("How the cadre left the payroll"),
    "work_history": gettext_lazy("Work history before the records, in words"),
    "rewards": gettext_lazy("Rewards, in words"),
    # cadres: planning
    "added_by_id": gettext_lazy("The planning decision that added the cadre"),
    "added_on": gettext_lazy("The day the cadre was planned (the decision's date)"),
    "age": gettext_lazy("Age in whole years on the day shown"),
    "age_groups": gettext_lazy("The three age groups of the targets in force, youngest first"),
    "birth_year": gettext_lazy("Year of birth"),
    "cadre_id": gettext_lazy("The cadre's id"),
    "cadre_name": gettext_lazy("The cadre's full name"),
    "cadres": gettext_lazy("Cadres in the planning, each counted once"),
    "decisions": gettext_lazy("The planning's decisions: the approval, then the yearly reviews"),
    "discipline_date": gettext_lazy("The date of the discipline decision that took the cadre out"),
    "discipline_form": gettext_lazy("The form of that discipline"),
    "discipline_number": gettext_lazy("The number of that discipline decision"),
    "entry_id": gettext_lazy("The planning entry's id"),
    "exit_note": gettext_lazy("About the exit from the planning"),
    "exit_reason": gettext_lazy("Why the cadre left the planning: decision, discipline, age, appointed or other"),
    "grade": gettext_lazy("The post's grade, 1 the highest"),
    "left_on": gettext_lazy("The day the cadre left the planning"),
    "lines": gettext_lazy("The cadres planned for the post"),
    "met": gettext_lazy("Whether the share reaches its target (empty when there is no target)"),
    "minority": gettext_lazy("Cadres of an ethnic minority"),
    "planning_id": gettext_lazy("The planning's id"),
    "position_id": gettext_lazy("The post's id"),
    "position_name": gettext_lazy("The post's name"),
    "present_posts": gettext_lazy("The posts the cadre held on that day"),
    "removed_by_id": gettext_lazy("The review decision that removed the cadre"),
    "term_label": gettext_lazy("The term, such as 2030–2035"),
    "women": gettext_lazy("Women cadres"),
    "young": gettext_lazy("Young cadres (under the age of the targets)"),
    "young_under": gettext_lazy("The age under which a cadre counts as young"),
    # cadres: appointments
    # cadres: reports
    "period_line": gettext_lazy("The period as the form prints it"),
    "columns": gettext_lazy("The form's columns, in order"),
    "group": gettext_lazy("The header over several columns; empty when the column stands alone"),
    "number": gettext_lazy("The column's number as printed under the header"),
    "indent": gettext_lazy("How far the row is indented under the one above"),
    "average": gettext_lazy("The row gives an average age rather than a count"),
    "cells": gettext_lazy("The figures of the row, one per column; none for a heading"),
    # records: what the statistics count about members and organizations
    "readmitted": gettext_lazy("Re-admitted to the Party after having left it"),
    "readmission": gettext_lazy("A former Party member admitted again: the member record will be marked re-admitted"),
    "private_business_owner": gettext_lazy("Owns a private business"),
    "married_to_foreigner": gettext_lazy("Married to a foreigner"),
    "family_planning_violation": gettext_lazy("Had violated the family-planning policy when admitted"),
    "foreign_origin": gettext_lazy("A Vietnamese citizen of foreign origin"),
    "unit_type": gettext_lazy("The type of grassroots unit (form 5 of HD 11), shared with the organizations under it; empty: not set"),
    "no_candidates_left": gettext_lazy("No non-member is left to admit there (form 2 of HD 11)"),
    # end records: statistics facts
}

# What a whole schema is, for those whose class says it in its docstring.
SCHEMAS: dict[str, str] = {
    "RefusalOut": gettext_lazy("A refusal by a rule, or a value the database cannot take."),
    "MemberOut": gettext_lazy(
        "The record without personal identifiers (citizen ID and phone are shown on the page only); "
        "the card number masked unless asked for in full (`full_ids`)."
    ),
    "CandidateOut": gettext_lazy("Without personal identifiers (citizen ID and phone are shown on the page only)."),
    "RemovalReason": gettext_lazy("QĐ 24 §8.1: the grounds for removing a member from the list."),
    "Stage": gettext_lazy("Where a candidate is in the pipeline, in the order of the steps."),
    "FixedCategory": gettext_lazy("Members without a salary or pension pay a fixed amount set by the province."),
}

# The answers, by status code.
RESPONSES: dict[str, str] = {
    "200": gettext_lazy("The answer"),
    "201": gettext_lazy("Recorded: the new record"),
    "202": gettext_lazy("Accepted: the work goes on in the background"),
    "204": gettext_lazy("Done: nothing to send back"),
    "400": gettext_lazy("Bad request"),
    "401": gettext_lazy("Not signed in: send 'Authorization: Bearer <token>'"),
    "403": gettext_lazy("Your role does not allow this here"),
    "404": gettext_lazy("Not found, or outside your scope"),
    "405": gettext_lazy("Method not allowed"),
    "409": gettext_lazy("Changed by someone else since you read it"),
    "422": gettext_lazy("Refused by a rule, or a value out of bounds"),
}

# The sections of the documentation, by tag.
TAGS: dict[str, str] = {
    "organizations": gettext_lazy("The tree of Party organizations, their terms and restructuring"),
    "members": gettext_lazy("Member records, their lifecycle and imports"),
    "transfers": gettext_lazy("Transfers of Party activity"),
    "badges": gettext_lazy("Party badges"),
    "cards": gettext_lazy("Party cards issued"),
    "rewards": gettext_lazy("Rewards of Party organizations and members"),
    "committees": gettext_lazy("Party committees and their members"),
    "admissions": gettext_lazy("Admission of new members"),
    "meetings": gettext_lazy("Cell meetings"),
    "dues": gettext_lazy("Party dues"),
    "assessments": gettext_lazy("Yearly assessment and classification, and the four-good model"),
    "inspections": gettext_lazy("Inspection, supervision, discipline, appeals and denunciations"),
    "statistics": gettext_lazy("The HD 11 statistical forms, the records behind their figures, and their consistency check"),
    "rules": gettext_lazy("The rules in force"),
}


def localized(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every lazy text rendered in the active language, and the missing
    descriptions of fields, parameters, schemas, answers and sections filled in."""
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        if name in SCHEMAS:
            component["description"] = SCHEMAS[name]
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            for code, answer in operation.get("responses", {}).items():
                if str(code) in RESPONSES:  # ninja keys them by number
                    answer["description"] = RESPONSES[str(code)]
    used = {tag for methods in schema.get("paths", {}).values() for operation in methods.values() for tag in operation.get("tags", ())}
    schema["tags"] = [{"name": tag, "description": TAGS[tag]} for tag in TAGS if tag in used]
    return cast(dict[str, Any], _rendered(_described(schema)))


def _described(node: Any) -> Any:
    """Fill the description of each undescribed property and parameter from FIELDS."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if isinstance(prop, dict) and not _has_description(prop) and name in FIELDS:
                prop["description"] = FIELDS[name]
        for parameter in node.get("parameters", ()):
            if isinstance(parameter, dict) and not parameter.get("description") and parameter.get("name") in FIELDS:
                parameter["description"] = FIELDS[parameter["name"]]
        for value in node.values():
            _described(value)
    elif isinstance(node, list):
        for value in node:
            _described(value)
    return node


def _has_description(prop: dict[str, Any]) -> bool:
    return "description" in prop or any("description" in choice for choice in prop.get("anyOf", ()) if isinstance(choice, dict))


def _rendered(node: Any) -> Any:
    if isinstance(node, Promise):
        return str(node)
    if isinstance(node, dict):
        return {key: _rendered(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_rendered(value) for value in node]
    return node
