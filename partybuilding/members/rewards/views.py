"""Reward pages: the rewards of the scope (by year, form, organizations or members, with their
Excel copy), the forms that record a reward for an organization or a member and correct or
delete an entry made by mistake, and the rewards shown on a member's and an organization's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, posted, querystring, saved
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope, organization_or_404
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization

from ..models import Reward
from ..records.exports import Counted
from ..records.selectors import member_or_404
from . import selectors, services
from .forms import MemberRewardForm, OrganizationRewardForm, RewardDeleteForm, RewardFieldsForm, RewardFilterForm

PAGE_SIZE = 50
SORTS = {
    "awarded": ("awarded_on",),
    "form": ("form", "-awarded_on"),
    "organization": ("organization__name", "-awarded_on"),
}
FORM = "members/rewards/form.html"


def _listed(request: HttpRequest) -> tuple[RewardFilterForm, QuerySet[Reward], Organization | None]:
    form = RewardFilterForm(request.GET or None)
    within = list_scope(request)
    return form, selectors.filtered(request.user, within, form.cleaned_data if form.is_valid() else {}), within


@login_required
def reward_list(request: HttpRequest) -> HttpResponse:
    form, found, within = _listed(request)
    listing = Listing(request, SORTS, per_page=PAGE_SIZE)
    page = listing.page(found)
    context = {
        "form": form,
        "page": page,
        "listing": listing,
        "rows": [(r, can(request.user, Action.MANAGE_MEMBERS, r.organization)) for r in page],
        "counts": selectors.counts(found),
        "within": within,
        "querystring": querystring(request),
        "can_record": within is not None and can(request.user, Action.MANAGE_MEMBERS, within),
    }
    return render(request, "members/rewards/list.html", context)


@login_required
def reward_export(request: HttpRequest) -> HttpResponseBase:
    """The rewards of the list as Excel (members' names: personal data), audited with the number of rows."""
    display = Display()  # each choice field's labels looked up once, not once a row
    _form, found, within = _listed(request)
    header = [
        _("Awarded on"), _("Form of reward"), _("Party organization"), _("Member"), _("Achievement"), _("Awarded by"), _("Decision number"),
        _("Decision date"),
    ]  # fmt: skip

    def rows() -> Any:
        for r in found.iterator(chunk_size=2000):
            member = r.member.full_name if r.member else ""
            yield [
                r.awarded_on,
                display(r, "form"),
                r.organization.label,
                member,
                r.reason,
                r.decided_by,
                r.decision_number,
                r.decision_date,
            ]

    written = Counted(rows())
    response = xlsx_response(_("Rewards"), header, written, filename="rewards.xlsx")
    audit_export(actor=request.user, what="reward_list", rows=written.count, within=within)
    return response


def _form_page(request: HttpRequest, form: Any, *, title: str, back: str, crumbs: list[tuple[Any, str]], **context: Any) -> HttpResponse:
    return form_page(request, form, title=title, back=back, crumbs=[*crumbs, (title, request.path)],
                     status=422 if form.is_bound else 200, template=FORM, **context)  # fmt: skip


@login_required
def reward_create(request: HttpRequest) -> HttpResponse:
    """A reward given to a Party organization (a member's is recorded from their page)."""
    within = list_scope(request, Action.MANAGE_MEMBERS)
    form = OrganizationRewardForm(posted(request), user=request.user, initial={"organization": within})
    back = reverse("reward_list")
    if done := saved(request, form, services.record_reward, actor=request.user, message=_("The reward was recorded."), then=back):
        return done
    note = _("A reward given to a member is recorded from the member's page.")
    return _form_page(
        request, form, title=_("Record a reward of a Party organization"), back=back, crumbs=[(_("Rewards"), back)], note=note
    )


@login_required
def reward_create_member(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = member_or_404(request.user, member_pk, Action.MANAGE_MEMBERS)
    form = MemberRewardForm(posted(request), user=request.user)
    back = reverse("member_detail", args=[member.pk])
    message = _("The reward was recorded.")
    if done := saved(request, form, services.record_reward, actor=request.user, member=member, message=message, then=back):
        return done
    note = _("The reward is counted in the organization the member belonged to on the award day.")
    return _form_page(request, form, title=_("Record a reward"), back=back, crumbs=[(member.full_name, back)], note=note)


def _reward_back(reward: Reward) -> str:
    return reverse("member_detail", args=[reward.member_id]) if reward.member_id else reverse("reward_list")


def _reward_crumbs(reward: Reward) -> list[tuple[Any, str]]:
    if reward.member is not None:
        return [(reward.member.full_name, _reward_back(reward))]
    return [(_("Rewards"), reverse("reward_list"))]


@login_required
def reward_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reward = selectors.reward_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    fields = ("form", "awarded_on", "reason", "decided_by", "decision_number", "decision_date")
    form_class = MemberRewardForm if reward.member_id else RewardFieldsForm
    form = form_class(posted(request), user=request.user, initial={name: getattr(reward, name) for name in fields})
    back = _reward_back(reward)
    if done := saved(request, form, services.reward_update, actor=request.user, reward=reward, message=_("The reward was corrected."), then=back):  # fmt: skip
        return done
    title = _("Correct the reward of %(whom)s") % {"whom": reward.member.full_name if reward.member else reward.organization.name}
    note = _("To change who or what was rewarded, delete this entry and record the right one.")
    return _form_page(request, form, title=title, back=back, crumbs=_reward_crumbs(reward), note=note)


@login_required
def reward_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reward = selectors.reward_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    form = RewardDeleteForm(posted(request))
    back = _reward_back(reward)
    if done := saved(request, form, services.reward_delete, actor=request.user, reward=reward, message=_("The reward was deleted."), then=back):  # fmt: skip
        return done
    whom = reward.member.full_name if reward.member else reward.organization.name
    title = _("Delete the reward of %(whom)s") % {"whom": whom}
    note = _("Only an entry made by mistake is deleted; the audit log keeps what it said.")
    question = _("Delete this reward?")
    return _form_page(request, form, title=title, back=back, crumbs=_reward_crumbs(reward), note=note, confirm=question,
                      submit=_("Delete"), reward=reward)  # fmt: skip


@login_required
def reward_member_section(request: HttpRequest, member_pk: int) -> HttpResponse:
    """The record page's rewards, loaded as a fragment; a member sees their own."""
    member = member_or_404(request.user, member_pk, own=True)
    can_manage = can(request.user, Action.MANAGE_MEMBERS, member.organization)
    rewards = selectors.rewards_of_member(member)
    context = {
        "member": member,
        "rows": [(r, can_manage and can(request.user, Action.MANAGE_MEMBERS, r.organization)) for r in rewards],
        "can_record": can_manage,
    }
    return render(request, "members/rewards/_member.html", context)


@login_required
def reward_organization_section(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The organization page's rewards (those of the organization itself), loaded as a fragment."""
    org = organization_or_404(request.user, org_pk, Action.VIEW_MEMBERS)
    context = {
        "org": org,
        "rewards": selectors.rewards_of_organization(org),
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, org),
    }
    return render(request, "members/rewards/_organization.html", context)
