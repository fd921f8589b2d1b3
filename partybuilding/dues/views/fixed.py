"""The province's fixed amounts for members without a salary or pension: set by the
administrators and organizing officers of a committee, for its subtree, from a date."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.forms import guarded
from partybuilding.core.scope import Action, can, list_scope, require

from .. import services
from ..forms import FixedAmountForm
from ..models import FixedAmount


@login_required
def fixed_amounts(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, required=True)
    can_edit = can(request.user, Action.MANAGE_ORGANIZATIONS, scope)
    form = FixedAmountForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.MANAGE_ORGANIZATIONS, scope)
        if form.is_valid() and guarded(form, services.fixed_amount_set, actor=request.user, organization=scope, **form.cleaned_data):
            messages.success(request, _("The amount was recorded."))
            return redirect(f"{request.path}?within={scope.pk}")
    # The amounts that apply in the scope: set on it, above it, or below it.
    rows = FixedAmount.objects.filter(organization__path__in=paths.ancestor_paths(scope.path)) | FixedAmount.objects.filter(
        paths.subtree_q(scope.path, "organization__path")
    )
    context = {
        "scope": scope,
        "form": form,
        "rows": rows.select_related("organization").order_by("organization__path", "category", "-effective_from")[:500],
        "can_edit": can_edit,
    }
    return render(request, "dues/fixed.html", context, status=422 if form.errors else 200)
