"""`make run` serves on the port asked for (`make run PORT=8001`), 8000 by default, and
says where: the address the server starts on and the one printed are the same."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def planned(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -n: print the commands without running them (nothing is installed or served).
    return subprocess.run(["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60).stdout


def test_make_run_serves_on_the_port_given() -> None:
    assert "scripts/serve-with-worker.sh 127.0.0.1:8123" in planned("PORT=8123")


def test_make_run_serves_on_8000_by_default() -> None:
    assert "scripts/serve-with-worker.sh 127.0.0.1:8000" in planned()


def test_the_server_script_prints_the_address_it_serves() -> None:
    script = (ROOT / "scripts" / "serve-with-worker.sh").read_text()
    assert 'echo "Serving http://$address/' in script and 'runserver "$address"' in script
