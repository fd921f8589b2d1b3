from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuilding.accounts import two_factor
from partybuilding.accounts.choices import Role
from partybuilding.accounts.models import RoleAssignment, User
from partybuilding.members.records.services import MEMBER_HOMES
from partybuilding.organizations.models import Organization

from ... import admissions as demo_admissions
from ... import assessments as demo_assessments
from ... import cadres as demo_cadres
from ... import cards as demo_cards
from ... import directives as demo_directives
from ... import dues as demo_dues
from ... import history, tree
from ... import inspections as demo_inspections
from ... import meetings as demo_meetings
from ... import members as demo_members
from ... import notifications as demo_notifications

DEMO_PASSWORD = "demo-2026"
DEMO_USERNAMES = (
    "admin", "tochuc.tinh", "thuongvu.tinh", "kiemtra.tinh", "vanphong.tinh", "xem.tinh", "tochuc.xa", "ngoai.xa", "bithu", "dangvien",
)  # fmt: skip
# Signs in for the first time without an authenticator, to show how one is set up.
SETS_UP_AT_FIRST_SIGN_IN = "tochuc.xa"
STEPS = 15
T = TypeVar("T")


# Sizes of the demo province: the full one, and a small one that loads in seconds (tests).
SIZES = {
    "full": {"districts": 3, "grassroots_per_district": 20, "cells_per_grassroots": 10, "members": 20_000},
    "small": {"districts": 1, "grassroots_per_district": 8, "cells_per_grassroots": 2, "members": 600},
}


class Command(BaseCommand):
    help = "Load the demo province (organizations and demo users) into an empty database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when organizations already exist.")
        parser.add_argument("--size", choices=sorted(SIZES), default="full", help="A small province loads in seconds (for tests).")

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.exists():
            if options["if_empty"]:
                self.stdout.write(_("Demo data already loaded."))
                self._print_logins()
                return
            raise CommandError(_("The database already holds organizations; the demo loads into an empty one."))
        size = SIZES[options["size"]]
        today = timezone.localdate()
        self.started = time.monotonic()
        self.stdout.write(_("Loading the demo province: about a minute and a half, step by step."))
        with transaction.atomic():
            demo: tree.DemoTree = self._step(
                1,
                _("Organizations"),
                lambda: tree.build(
                    districts=size["districts"],
                    grassroots_per_district=size["grassroots_per_district"],
                    cells_per_grassroots=size["cells_per_grassroots"],
                ),
                lambda built: Organization.objects.count(),
            )
            self._step(2, _("Demo users"), lambda: self._users(demo), lambda _r: len(DEMO_USERNAMES))
            homes = list(Organization.objects.filter(kind__in=MEMBER_HOMES, status="active").order_by("path"))
            members = self._step(3, _("Members"), lambda: demo_members.load(homes, count=size["members"]), lambda n: n)
            linked = RoleAssignment.objects.filter(user__username__in=demo_members.DEMO_PEOPLE).select_related("user", "organization")
            demo_members.link_users({a.user.username: (a.user, a.organization) for a in linked})
            self._step(4, _("Party badges awarded"), lambda: history.award_badges(today), lambda n: n)
            self._step(5, _("Cell committee roles"), history.elect_cell_committees, lambda n: n)
            self._step(6, _("Meetings"), lambda: demo_meetings.load(today), lambda n: n)
            self._step(7, _("Dues charges"), lambda: demo_dues.load(demo.province), lambda n: n)
            secretary_cell = RoleAssignment.objects.get(user__username="bithu").organization
            self._step(
                8, _("Admission candidates"), lambda: demo_admissions.load_candidates(today, demo.communes[0], secretary_cell), lambda n: n
            )
            tree.mark_no_candidates_left(demo.province)  # where no candidate is followed: a few units have none left
            self._step(9, _("Admission targets"), lambda: demo_admissions.load_targets(demo.province, today), lambda n: n)
            officer = User.objects.get(username="tochuc.tinh")
            self._step(
                10,
                _("Assessment ratings"),
                lambda: demo_assessments.load(demo.province, today, actor=officer, secretary_cell=secretary_cell),
                lambda n: n,
            )
            self._step(
                11,
                _("Inspection work"),
                lambda: demo_inspections.load(
                    demo.province,
                    demo.communes[0],
                    today,
                    officer=User.objects.get(username="kiemtra.tinh"),
                    secretary=User.objects.get(username="bithu"),
                    cell=secretary_cell,
                ),
                lambda n: n,
            )
            self._step(
                12,
                _("Documents, tasks and study"),
                lambda: demo_directives.load(
                    demo.province,
                    demo.communes,
                    today,
                    officer=User.objects.get(username="vanphong.tinh"),
                    commune_officer=User.objects.get(username="tochuc.xa"),
                    secretary=User.objects.get(username="bithu"),
                    cell=secretary_cell,
                    member_user=User.objects.get(username="dangvien"),
                ),
                lambda n: n,
            )
            self._step(
                13,
                _("Cadre work"),
                lambda: demo_cadres.load(
                    demo.province,
                    demo.communes,
                    today,
                    officer=officer,
                    commune_officer=User.objects.get(username="tochuc.xa"),
                ),
                lambda n: n,
            )
            self._step(14, _("Party cards and rewards"), lambda: demo_cards.load(demo.province, today), lambda n: n)
            self._step(15, _("Notices of the last month"), lambda: demo_notifications.load(today), lambda n: n)
        self.stdout.write(
            _("Demo province loaded in %(seconds)s s: %(organizations)s organizations, %(members)s members.")
            % {
                "seconds": number_format(time.monotonic() - self.started, 1),
                "organizations": number_format(Organization.objects.count(), force_grouping=True),
                "members": number_format(members, force_grouping=True),
            }
        )
        self._print_logins()

    def _step(self, number: int, label: str, work: Callable[[], T], count: Callable[[T], int]) -> T:
        """Run one step of the load and say what it made and how long the load has taken so far."""
        result = work()
        self.stdout.write(
            _("[%(step)d/%(steps)d] %(label)s: %(count)s (%(seconds)s s)")
            % {
                "step": number,
                "steps": STEPS,
                "label": label,
                "count": number_format(count(result), force_grouping=True),
                "seconds": number_format(time.monotonic() - self.started, 1),
            }
        )
        self.stdout.flush()
        return result

    def _users(self, demo: tree.DemoTree) -> None:
        commune, sibling = demo.communes[0], demo.communes[1]
        cell = Organization.objects.filter(parent__parent=commune, kind="cell").order_by("path").first()
        people = [
            ("admin", "Quản trị hệ thống", Role.ADMINISTRATOR, demo.province, True),
            ("tochuc.tinh", "Nguyễn Thị Hoa (Ban Tổ chức Tỉnh ủy)", Role.ORGANIZING_OFFICER, demo.province, False),
            ("thuongvu.tinh", "Đinh Công Sơn (Ban Thường vụ Tỉnh ủy)", Role.STANDING_COMMITTEE, demo.province, False),
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
        self.stdout.write("\n" + _("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for a in (
            RoleAssignment.objects.filter(revoked_at__isnull=True, user__username__in=DEMO_USERNAMES)
            .select_related("user", "organization")
            .order_by("organization__path", "user__username")
        ):
            self.stdout.write(f"  {a.user.username:<14} {a.get_role_display():<22} {a.organization.name}")
        self.stdout.write(
            "\n"
            + _(
                "Officers of the province and the communes sign in in two steps: the password, then the\n"
                "6-digit code of an authenticator app. For the demo, get an officer's code of the moment with\n"
                "  make demo-code LOGIN=admin\n"
                "(it also gives the key, to add the officer to a real authenticator app).\n"
                "%(login)s has no app yet and sets one up at the first sign-in:\n"
                '  make demo-code LOGIN=%(login)s KEY="<the key the setup page writes out>"\n'
                "bithu and dangvien sign in with the password alone.\n"
            )
            % {"login": SETS_UP_AT_FIRST_SIGN_IN}
        )
