"""The deployment files name things that exist: the commands, scripts, settings and
variables they use are the project's own (no Docker engine or systemd runs in the tests;
`tests/test_production.py` runs the same gunicorn configuration for real)."""

from __future__ import annotations

import configparser
import os
import re
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "partybuilding" / "settings.py").read_text() + (ROOT / "deploy" / "gunicorn.conf.py").read_text()


def test_the_compose_file_runs_web_worker_database_backup_and_proxy() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "web", "worker", "backup", "proxy"}
    assert services["worker"]["command"][-1] == "db_worker" and "db_worker" in get_commands()
    assert "scripts/backup.sh" in " ".join(services["backup"]["command"])
    assert "ports" not in services["web"]  # only the TLS proxy is reachable from outside
    assert set(services["proxy"]["ports"]) == {"80:80", "443:443"}
    for name, value in services["web"]["environment"].items():
        assert f'"{name}"' in SETTINGS, f"{name} is not read by the settings"
        assert "DEBUG" not in name and value


def test_the_image_serves_with_the_production_settings() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_SETTINGS_MODULE=partybuilding.settings " in dockerfile
    assert '"deploy/gunicorn.conf.py"' in dockerfile and "collectstatic" in dockerfile


def test_the_systemd_units_start_what_exists() -> None:
    for unit in (ROOT / "deploy" / "systemd").glob("*.service"):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read(unit)
        command = parser["Service"]["ExecStart"].replace("/opt/partybuilding/", "")
        program, *arguments = command.split()
        if program.endswith("python"):
            assert arguments[:1] == ["manage.py"] and arguments[1] in get_commands(), unit.name
        elif program.endswith("gunicorn"):
            assert (ROOT / arguments[-1]).exists(), unit.name
        else:
            assert os.access(ROOT / program, os.X_OK), unit.name
        assert parser["Service"]["User"] == "partybuilding", unit.name  # never root
    assert (ROOT / "deploy" / "systemd" / "partybuilding-backup.timer").exists()


def test_every_variable_in_the_deployment_guide_is_read_somewhere() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    table = re.findall(r"^\| `([A-Z_]+)`", guide, flags=re.M)
    assert table
    scripts = "".join(p.read_text() for p in (ROOT / "scripts").glob("*.sh"))
    for name in table:
        assert f'"{name}"' in SETTINGS or name in scripts, name
