"""The production settings path, run as an operator would: the real settings module in a
fresh process, `check --deploy`, and the application under gunicorn with its static files."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEY = secrets.token_urlsafe(50)


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production process: none of the test run's settings leak in."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SECRET_KEY_FILE", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(DJANGO_SETTINGS_MODULE="partybuilding.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.update(STATIC_ROOT=str(tmp_path / "static"), JOB_FILES_DIR=str(tmp_path / "jobs"))
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("key", ["", "dev-only-secret-key-change-me-in-production", "short", "a" * 60])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path: Path, key: str) -> None:
    env = production_env(tmp_path, SECRET_KEY=key)
    done = subprocess.run(
        [sys.executable, "-c", "import partybuilding.settings"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "Set SECRET_KEY" in done.stderr


def test_debug_is_off_unless_asked(tmp_path: Path) -> None:
    show = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
    env = production_env(tmp_path, SECRET_KEY=KEY)
    done = subprocess.run([sys.executable, "-c", show], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "True", "True"], done.stderr


def test_the_deployment_check_has_nothing_to_say(tmp_path: Path) -> None:
    done = manage(
        production_env(tmp_path, SECRET_KEY=KEY, ALLOWED_HOSTS="dangbo.example.vn"), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert done.returncode == 0, done.stderr
    assert "WARNINGS" not in done.stderr
    assert "no issues" in done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def gunicorn(tmp_path: Path) -> Any:
    env = production_env(tmp_path, SECRET_KEY=KEY, BEHIND_TLS_PROXY="1", ALLOWED_HOSTS="127.0.0.1", GUNICORN_WORKERS="1")
    # The pages requested need no table (an anonymous visit), so the database stays empty.
    done = manage(env, "collectstatic", "--no-input", "-v", "0")
    assert done.returncode == 0, done.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy" / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(base + "/accounts/login/", {})
            break
        except OSError:
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(timeout=30)


def test_gunicorn_serves_the_application_behind_https_with_its_static_files(gunicorn: str) -> None:
    status, headers, _ = fetch(gunicorn + "/accounts/login/", {})
    assert status == 301 and headers["Location"].startswith("https://")

    https = {"X-Forwarded-Proto": "https"}
    status, headers, body = fetch(gunicorn + "/accounts/login/", https)
    assert status == 200
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert "Secure" in headers.get("Set-Cookie", "") and "HttpOnly" not in headers.get("Set-Cookie", "").split("csrftoken")[0]

    # The page links fingerprinted static files, which WhiteNoise serves for a year.
    css = next(part.split('"')[0] for part in body.decode().split('href="') if part.startswith("/static/core/app."))
    status, headers, _ = fetch(gunicorn + css, https)
    assert status == 200 and "max-age=315360000" in headers["Cache-Control"]

    status, headers, body = fetch(gunicorn + "/healthz", {})  # over plain HTTP, from the container's health check
    assert status == 200 and b'"database": "ok"' in body

    status, headers, body = fetch(gunicorn + "/api/organizations", https)
    assert status == 401 and headers["Content-Type"].startswith("application/json")
