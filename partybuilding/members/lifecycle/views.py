"""The form that records a lifecycle event of a member (one page for every step)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from partybuilding.core.forms import form_page, saved
from partybuilding.core.scope import Action

from ..choices import IN_LIST
from ..records.selectors import member_or_404
from .forms import EventForm
from .services import LIFECYCLE


@login_required
def member_event(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    step = LIFECYCLE.steps.get(kind)
    if step is None:
        raise Http404
    member = member_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    initial = {"version": member.version, "submission": uuid.uuid4()}
    form = EventForm(request.POST or None, kind=kind, user=request.user, initial=initial)
    back = reverse("member_detail", args=[member.pk])
    if done := saved(request, form, LIFECYCLE.run, kind, actor=request.user, obj=member, message=_("The event was recorded."), then=back):
        return done
    ends = step.target is not None and step.target not in IN_LIST  # the membership ends: ask once more
    confirm = _("%(step)s: %(name)s leaves the Party's list once this is saved. Go on?") % {"step": step.label, "name": member.full_name}
    return form_page(request, form, title=step.label, back=back, crumbs=[(member.full_name, back)], confirm=confirm if ends else "")
