"""Charge the members of a subtree for a month: `manage.py dues_open_month P 2026-03`.
Idempotent: members already charged for the month are left as they are."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partybuilding.dues import months
from partybuilding.dues.services import dues_open_month
from partybuilding.organizations.models import Organization


class Command(BaseCommand):
    help = "Charge the dues of a month to the members of an organization's subtree (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("organization", help="organization code")
        parser.add_argument("month", help="YYYY-MM or MM/YYYY")

    def handle(self, *args: Any, organization: str, month: str, **options: Any) -> None:
        org = Organization.objects.filter(code=organization).first()
        if org is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": organization})
        text = month.strip()
        the_month = months.parse(text) or months.parse("/".join(reversed(text.split("-"))))
        if the_month is None:
            raise CommandError(_("Not a month: %(month)s (write it YYYY-MM or MM/YYYY).") % {"month": month})
        opened = dues_open_month(actor=None, organization=org, month=the_month)
        self.stdout.write(
            _("%(code)s %(month)s: %(charged)s charged, %(already)s already charged, %(without)s without a dues base")
            % {
                "code": org.code,
                "month": months.label(the_month),
                "charged": opened.charged,
                "already": opened.already,
                "without": opened.without_base,
            }
        )
