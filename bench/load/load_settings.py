"""Production settings (partybuilding/settings.py) as the load test serves them: gunicorn
on 127.0.0.1 in plain HTTP, with no TLS proxy in front. Only what HTTPS needs is relaxed
(as in settings_local); DEBUG stays off and the key comes from the environment."""

from partybuilding.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
