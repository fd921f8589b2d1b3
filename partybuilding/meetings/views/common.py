"""What the meeting pages share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from partybuilding.core.forms import form_page
from partybuilding.organizations.models import Organization

PAGE_SIZE = 50


def meetings_form_page(request: HttpRequest, form: Any, org: Organization, title: Any) -> HttpResponse:
    """A form of the meeting pages, under the organization's meetings."""
    back = f"{reverse('meeting_list')}?within={org.pk}"
    return form_page(request, form, title=f"{title} — {org.name}", back=back, crumbs=[(org.name, back)])
