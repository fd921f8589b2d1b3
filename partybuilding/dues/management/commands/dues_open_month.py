"""Charge the members of a subtree for a month: `manage.py dues_open_month P 2026-03`.
Idempotent: members already charged for the month are left as they are."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"No organization with code {organization}")
        text = month.strip()
        the_month = months.parse(text) or months.parse("/".join(reversed(text.split("-"))))
        if the_month is None:
            raise CommandError(f"Not a month: {month}")
        opened = dues_open_month(actor=None, organization=org, month=the_month)
        self.stdout.write(
            f"{org.code} {months.label(the_month)}: {opened.charged} charged, {opened.already} already charged, "
            f"{opened.without_base} without a dues base"
        )
