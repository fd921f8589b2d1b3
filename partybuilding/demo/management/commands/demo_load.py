from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuilding.accounts import two_factor
from partybuilding.accounts.choices import Role
from partybuilding.accounts.models import RoleAssignment, User
from partybuilding.members.records.services import MEMBER_HOMES
from partybuilding.organizations.models import Organization

from ... import dues as demo_dues
from ... import history, tree
from ... import meetings as demo_meetings
from ... import members as demo_members

DEMO_PASSWORD = "demo-2026"
DEMO_USERNAMES = ("admin", "tochuc.tinh", "kiemtra.tinh", "vanphong.tinh", "xem.tinh", "tochuc.xa", "ngoai.xa", "bithu", "dangvien")
# Signs in for the first time without an authenticator, to show how one is set up.
SETS_UP_AT_FIRST_SIGN_IN = "tochuc.xa"


class Command(BaseCommand):
    help = "Load the demo province (organizations and demo users) into an empty database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when organizations already exist.")

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data already loaded.")
                self._print_logins()
                return
            raise CommandError("The database already holds organizations; the demo loads into an empty one.")
        started = time.monotonic()
        with transaction.atomic():
            demo = tree.build()
            self._users(demo)
            homes = list(Organization.objects.filter(kind__in=MEMBER_HOMES, status="active").order_by("path"))
            members = demo_members.load(homes, count=20_000)
            linked = RoleAssignment.objects.filter(user__username__in=demo_members.DEMO_PEOPLE).select_related("user", "organization")
            demo_members.link_users({a.user.username: (a.user, a.organization) for a in linked})
            history.award_badges(timezone.localdate())
            history.elect_cell_committees()
            demo_meetings.load(timezone.localdate())
            demo_dues.load(demo.province)
        self.stdout.write(
            f"Demo province loaded in {time.monotonic() - started:.1f} s: {Organization.objects.count()} organizations, {members:,} members."
        )
        self._print_logins()

    def _users(self, demo: tree.DemoTree) -> None:
        commune, sibling = demo.communes[0], demo.communes[1]
        cell = Organization.objects.filter(parent__parent=commune, kind="cell").order_by("path").first()
        people = [
            ("admin", "Quản trị hệ thống", Role.ADMINISTRATOR, demo.province, True),
            ("tochuc.tinh", "Nguyễn Thị Hoa (Ban Tổ chức Tỉnh ủy)", Role.ORGANIZING_OFFICER, demo.province, False),
            ("kiemtra.tinh", "Lê Văn Minh (UBKT Tỉnh ủy)", Role.INSPECTION_OFFICER, demo.province, False),
            ("vanphong.tinh", "Phạm Thu Trang (Văn phòng Tỉnh ủy)", Role.OFFICE_OFFICER, demo.province, False),
            ("xem.tinh", "Đỗ Quang Huy", Role.VIEWER, demo.province, False),
            ("tochuc.xa", f"Trần Văn Bình ({commune.name})", Role.ORGANIZING_OFFICER, commune, False),
            ("ngoai.xa", f"Võ Thị Lan ({sibling.name})", Role.ORGANIZING_OFFICER, sibling, False),
            ("bithu", f"Hoàng Văn Nam ({cell.name if cell else ''})", Role.CELL_SECRETARY, cell or commune, False),
            ("dangvien", "Bùi Thị Mai", Role.MEMBER, cell or commune, False),
        ]
        for username, full_name, role, org, superuser in people:
            user = User.objects.create_user(
                username=username, password=DEMO_PASSWORD, full_name=full_name, is_superuser=superuser, is_staff=superuser
            )
            RoleAssignment.objects.create(user=user, role=role, organization=org)
            # The officers who must sign in with a second factor have an authenticator, as
            # if they had set it up (`demo_code` shows its codes); one sets it up himself.
            if two_factor.state_of(user).required and username != SETS_UP_AT_FIRST_SIGN_IN:
                TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for a in (
            RoleAssignment.objects.filter(revoked_at__isnull=True, user__username__in=DEMO_USERNAMES)
            .select_related("user", "organization")
            .order_by("organization__path", "user__username")
        ):
            self.stdout.write(f"  {a.user.username:<14} {a.get_role_display():<22} {a.organization.name}")
        self.stdout.write(
            "\nOfficers of the province and the communes sign in in two steps: the password, then the\n"
            "6-digit code of an authenticator app. For the demo, get an officer's code of the moment with\n"
            "  make demo-code LOGIN=admin\n"
            "(it also gives the key, to add the officer to a real authenticator app).\n"
            f"{SETS_UP_AT_FIRST_SIGN_IN} has no app yet and sets one up at the first sign-in:\n"
            f'  make demo-code LOGIN={SETS_UP_AT_FIRST_SIGN_IN} KEY="<the key the setup page writes out>"\n'
            "bithu and dangvien sign in with the password alone.\n"
        )
