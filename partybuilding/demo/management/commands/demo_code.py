from __future__ import annotations

import base64
import binascii
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .demo_load import DEMO_USERNAMES


class Command(BaseCommand):
    help = (
        "The 6-digit code a demo officer's authenticator app shows now, for trying the demo's "
        "two-factor sign-in without a phone. Only for the demo's users (demo_load); --key gives "
        "the code of a key typed from the setup page instead."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", nargs="?", help="A demo user: admin, tochuc.tinh, …")
        parser.add_argument("--key", help="The key the setup page writes out (groups of letters and digits).")
        parser.add_argument("--code-only", action="store_true", help="Print the code alone (for scripts).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["key"]:
            self._show(totp(_key_bytes(options["key"])), options["code_only"])
            return
        username = options["username"]
        if username not in DEMO_USERNAMES:
            raise CommandError(f"Give one of the demo's users ({', '.join(DEMO_USERNAMES)}), or --key.")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("-id").first()
        if device is None:
            raise CommandError(
                f"{username} has no authenticator yet: sign in as {username}, and on the setup page run this "
                'command with --key "<the key written on the page>".'
            )
        self._show(totp(device.bin_key, device.step, device.t0, device.digits, device.drift), options["code_only"])
        if not options["code_only"]:
            secret = base64.b32encode(device.bin_key).decode().rstrip("=")
            self.stdout.write(f"(Or add {username} to an authenticator app with the key {secret}.)")

    def _show(self, code: int, code_only: bool) -> None:
        text = str(code).zfill(6)
        left = 30 - int(time.time()) % 30
        self.stdout.write(text if code_only else f"{text}  (valid for {left} more seconds, and the 30 after)")


def _key_bytes(typed: str) -> bytes:
    key = "".join(typed.split()).upper()
    try:
        return base64.b32decode(key + "=" * (-len(key) % 8))
    except (binascii.Error, ValueError) as error:
        raise CommandError("That is not a key from the setup page (letters A–Z and digits 2–7).") from error
