"""Settings for one machine on plain HTTP: `make run` on 127.0.0.1 and the test suite.

Only what HTTPS needs is relaxed; DEBUG stays off unless DEBUG=1 is set. The secret key is
generated once into var/secret_key (outside git), so no key is ever shared or published.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "secret_key"
if not os.environ.get("SECRET_KEY") and not os.environ.get("SECRET_KEY_FILE"):
    if not _KEY_FILE.exists():
        _KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        _KEY_FILE.write_text(secrets.token_urlsafe(50))
        _KEY_FILE.chmod(0o600)
    os.environ["SECRET_KEY_FILE"] = str(_KEY_FILE)

from partybuilding.settings import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Static files straight from the apps' folders: no collectstatic before `make run`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
