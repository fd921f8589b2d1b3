"""Load and fault runs against the application as it runs in production, on this machine only.

    .venv/bin/python bench/load/run.py                          # 50 users for 10 minutes → bench/out/load.json
    .venv/bin/python bench/load/run.py --run-time 30s --users 10 # smoke run
    .venv/bin/python bench/load/run.py --fault                  # PostgreSQL stopped mid-run → bench/out/faults.json

It starts its own PostgreSQL (a throwaway cluster, as scripts/with-postgres.sh does, on
127.0.0.1:--pg-port, with PostgreSQL's default durability), grows the demo province to
provincial scale once (bench/load/grow.py; the cluster is then kept as a snapshot under
--state and copied afresh for every run), collects the static files, starts the
background worker and gunicorn with deploy/gunicorn.conf.py on 127.0.0.1:--port
(DEBUG off, a random SECRET_KEY, bench/load/load_settings.py: production settings on
plain HTTP), runs locust headless with bench/load/locustfile.py, then stops everything,
also when something fails.

The fault run stops PostgreSQL (`pg_ctl stop -m fast`) halfway through, keeps it down
for --outage-seconds and starts it again, with gunicorn left running. Afterwards it
checks the client's ledger against the database (every write the client saw succeed must
be there), counts what the writes met during the outage (503 with Retry-After and the
"try again" page or JSON) and any other server error, and checks that the service answers
normally again. The worker runs as systemd runs it (Restart=always, RestartSec=5).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
VENV = PROJECT / ".venv" / "bin"
OUT = PROJECT / "bench" / "out"


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def seconds_of(text: str) -> int:
    """locust's --run-time spelling: 30s, 10m, 1h30m."""
    total, number = 0, ""
    for char in text:
        if char.isdigit():
            number += char
        else:
            total += int(number) * {"s": 1, "m": 60, "h": 3600}[char]
            number = ""
    return total + int(number or 0)


class Postgres:
    """A cluster of our own in `data`, on 127.0.0.1 and a socket in `data`'s folder."""

    def __init__(self, data: Path, port: int) -> None:
        self.data, self.port = data, port
        self.bindir = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1])
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgres://partybuilding:partybuilding@127.0.0.1:{port}/partybuilding"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_owner, *args], check=True, stdout=subprocess.DEVNULL)

    def _own(self, path: Path) -> None:
        if self.as_owner:
            shutil.chown(path, "postgres", "postgres")

    def init(self) -> None:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        self._own(self.data.parent)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--lc-collate=C", "--lc-ctype=C.UTF-8")  # fmt: skip

    def start(self, *, durable: bool = True) -> None:
        options = f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.data.parent} "
        options += "-c shared_buffers=512MB -c max_connections=100"
        if not durable:  # only while the data is generated: a crash then is a rebuild
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.data.parent / "server.log"), "-o", options, "start"
        )

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        status = subprocess.run([*self.as_owner, str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"], capture_output=True)
        return status.returncode == 0

    def create_database(self) -> None:
        self._run(str(self.bindir / "psql"), "-h", str(self.data.parent), "-p", str(self.port), "-U", "postgres", "-q",
                  "-c", "CREATE ROLE partybuilding LOGIN CREATEDB PASSWORD 'partybuilding';",
                  "-c", "CREATE DATABASE partybuilding OWNER partybuilding;")  # fmt: skip

    def copy_to(self, target: Path) -> None:
        if target.exists():
            shutil.rmtree(target)
        subprocess.run(["cp", "-a", str(self.data), str(target)], check=True)


class LoadSampler:
    """The machine's 1-minute load average every 15 s: the cores are shared, and a run
    measured while other work ran says so."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self.stopping = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self.stopping.wait(15):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, float]:
        self.stopping.set()
        values = self.samples or [os.getloadavg()[0]]
        return {"min": round(min(values), 2), "mean": round(sum(values) / len(values), 2), "max": round(max(values), 2)}


class Worker:
    """manage.py db_worker, started again 5 s after it exits (systemd's Restart=always)."""

    def __init__(self, env: dict[str, str], logfile: Path) -> None:
        self.env, self.logfile = env, logfile
        self.restarts: list[float] = []
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self._start()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _start(self) -> None:
        with self.logfile.open("ab") as out:
            self.process = subprocess.Popen(
                [str(VENV / "python"), "manage.py", "db_worker", "--no-startup-delay"], cwd=PROJECT, env=self.env, stdout=out, stderr=out
            )

    def _watch(self) -> None:
        while not self.stopping.wait(1):
            if self.process is not None and self.process.poll() is not None:
                self.restarts.append(time.time())
                if self.stopping.wait(5):
                    return
                self._start()

    def stop(self) -> None:
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def get(url: str, token: str | None = None, timeout: float = 10) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if get(url) == 200:
            return
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {seconds:.0f} s")


def keys(state: Path) -> dict[str, str]:
    """The grown database's keys, kept with it: the audit chain written while growing it
    verifies only under the same AUDIT_KEY, and its sessions under the same SECRET_KEY."""
    path = state / "keys.json"
    if not path.exists():
        state.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"SECRET_KEY": secrets.token_urlsafe(50), "AUDIT_KEY": secrets.token_urlsafe(48)}))
        path.chmod(0o600)
    return dict(json.loads(path.read_text()))


def django_env(database_url: str, work: Path, state: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="load_settings",
        PYTHONPATH=f"{HERE}{os.pathsep}{PROJECT}",
        **keys(state),
        DEBUG="0",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        JOB_FILES_DIR=str(work / "jobs"),
        STATIC_ROOT=str(work / "static"),
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(VENV / "python"), "manage.py", *args], cwd=PROJECT, env=env, check=True, capture_output=True, text=True)
    return done.stdout + done.stderr


def prepare(args: argparse.Namespace, state: Path) -> None:
    """The grown province as a stopped cluster in state/grown, and its accounts."""
    grown, accounts = state / "grown", state / "accounts"
    if (grown / "PG_VERSION").exists() and (accounts / "users.json").exists() and not args.rebuild:
        return
    for path in (grown, accounts):
        shutil.rmtree(path, ignore_errors=True)
    (state / "keys.json").unlink(missing_ok=True)
    build = state / "build"
    shutil.rmtree(build, ignore_errors=True)
    pg = Postgres(build / "pgdata", args.pg_port)
    pg.init()
    pg.start(durable=False)
    try:
        pg.create_database()
        env = django_env(pg.url, build, state)
        log(f"growing the demo province to {args.members:,} members (bench/load/grow.py)")
        accounts.mkdir(parents=True)
        subprocess.run(
            [str(VENV / "python"), str(HERE / "grow.py"), "--members", str(args.members), "--out", str(accounts), *args.grow_args],
            cwd=PROJECT, env=env, check=True,
        )  # fmt: skip
    finally:
        pg.stop()
    pg.copy_to(grown)
    shutil.rmtree(build, ignore_errors=True)


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def page_table(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_name[entry["name"]].append(entry)
    table = {}
    for name, rows in sorted(by_name.items()):
        times = [r["ms"] for r in rows if r["name"] != "import (outcome)"] or [0.0]
        table[name] = {
            "requests": len(rows),
            "errors": sum(1 for r in rows if "error" in r),
            "p50_ms": round(nearest_rank(times, 0.50), 1),
            "p95_ms": round(nearest_rank(times, 0.95), 1),
            "max_ms": round(max(times), 1),
        }
    return table


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def check_ledger(env: dict[str, str], run_out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [str(VENV / "python"), str(HERE / "ledger_check.py"), str(run_out / "ledger.jsonl")], cwd=PROJECT, env=env, check=True, capture_output=True, text=True
    )  # fmt: skip
    return json.loads(done.stdout)


def fault_summary(entries: list[dict[str, Any]], down: float, up: float) -> dict[str, Any]:
    """What the client met while PostgreSQL was down, and after."""
    # A request met the outage if it was in flight at any moment of it.
    during = [e for e in entries if e["t"] <= up and e["t"] + e["ms"] / 1000 >= down]
    after = [e for e in entries if e["t"] > up]
    unavailable = [e for e in entries if e["status"] == 503]
    first_ok_after = min((e["t"] for e in after if 200 <= e["status"] < 400 and "error" not in e), default=None)
    last_503 = max((e["t"] for e in unavailable), default=None)
    return {
        "requests_during_outage": len(during),
        "statuses_during_outage": dict(Counter(str(e["status"]) for e in during)),
        "writes_during_outage": sum(1 for e in during if e["write"]),
        "writes_answered_503": sum(1 for e in during if e["write"] and e["status"] == 503),
        "writes_answered_503_with_try_again": sum(1 for e in during if e["write"] and e.get("unavailable_ok")),
        "writes_during_outage_other": dict(Counter(f"{e['name']}: {e['status']}" for e in during if e["write"] and e["status"] != 503)),
        "writes_sent_again_after_retry_after": sum(1 for e in entries if "sent again" in e["name"]),
        "writes_sent_again_saved": sum(1 for e in entries if "sent again" in e["name"] and "error" not in e),
        "answers_503_total": len(unavailable),
        "answers_503_without_retry_after_or_message": sum(1 for e in unavailable if not e.get("unavailable_ok")),
        "other_5xx_total": sum(1 for e in entries if e["status"] >= 500 and e["status"] != 503),
        "no_answer_total": sum(1 for e in entries if e["status"] == 0 and e["name"] != "import (outcome)" and not e.get("task_error")),
        "client_task_errors": sum(1 for e in entries if e.get("task_error")),
        "last_503_seconds_after_restart": round(last_503 - up, 2) if last_503 is not None else None,
        "first_success_seconds_after_restart": round(first_ok_after - up, 2) if first_ok_after is not None else None,
        "requests_after_restart": len(after),
        "errors_after_restart": sum(1 for e in after if "error" in e),
        "errors_after_restart_by_page": dict(Counter(f"{e['name']}: {e['error'][:80]}" for e in after if "error" in e)),
        "errors_before_outage": sum(1 for e in entries if e["t"] + e["ms"] / 1000 < down and "error" in e),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    state = Path(args.state)
    prepare(args, state)
    work = Path(tempfile.mkdtemp(prefix="pb-load-run.", dir=state))
    run_out = work / "out"
    run_out.mkdir()
    shutil.copy(state / "accounts" / "users.json", run_out / "users.json")
    if os.geteuid() == 0:
        shutil.chown(work, "postgres", "postgres")
    pg = Postgres(work / "pgdata", args.pg_port)
    subprocess.run(["cp", "-a", str(state / "grown"), str(pg.data)], check=True)
    processes: list[subprocess.Popen[bytes]] = []
    worker: Worker | None = None
    pg.start()
    try:
        env = django_env(pg.url, work, state)
        (work / "jobs").mkdir()
        manage(env, "collectstatic", "--no-input")
        # The deploy check's warnings here are the plain-HTTP ones load_settings asks for.
        manage(env, "check", "--deploy", "--fail-level", "ERROR")
        worker = Worker(env, work / "worker.log")
        server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{args.port}"}
        if args.workers:
            server_env["GUNICORN_WORKERS"] = str(args.workers)
        with (work / "gunicorn.log").open("ab") as out:
            gunicorn = subprocess.Popen(
                [str(VENV / "gunicorn"), "--config", "deploy/gunicorn.conf.py"], cwd=PROJECT, env=server_env, stdout=out, stderr=out
            )
        processes.append(gunicorn)
        host = f"http://127.0.0.1:{args.port}"
        wait_until_up(f"{host}/accounts/login/")
        log(f"gunicorn (pid {gunicorn.pid}) on {host}; locust: {args.users} users, {args.run_time}")
        outage: dict[str, float] = {}
        if args.fault:
            threading.Thread(target=_outage, args=(pg, args, outage), daemon=True).start()
        started, load = time.time(), LoadSampler()
        locust = subprocess.run(
            [str(VENV / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "--host", host, "--users", str(args.users),
             "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time, "--stop-timeout", "5", "--only-summary",
             "--loglevel", "WARNING", "--csv", str(run_out / "locust"), "--exit-code-on-error", "0"],
            cwd=PROJECT, env={**os.environ, "LOAD_OUT": str(run_out)}, timeout=seconds_of(args.run_time) + 300,
            stdout=(work / "locust.log").open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        elapsed = time.time() - started
        log(f"locust finished (exit {locust.returncode}) after {elapsed:.0f} s")
        if args.fault and "up" not in outage:
            raise SystemExit("the outage did not complete within the run: make --run-time longer")
        token = next(a["token"] for a in json.loads((run_out / "users.json").read_text()) if a.get("token"))
        probe = {
            "sign_in_page": get(f"{host}/accounts/login/"),
            "api_organizations": get(f"{host}/api/organizations", token),
            # The bench starts gunicorn once and never again: still running means never restarted.
            "gunicorn_master_still_running": gunicorn.poll() is None,
        }
        entries = read_jsonl(run_out / "requests.jsonl")
        result: dict[str, Any] = {
            "when": time.strftime("%Y-%m-%d %H:%M"),
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "run_time": args.run_time,
            "gunicorn_workers": args.workers or "deploy/gunicorn.conf.py default (2 × cores + 1)",
            "grown": json.loads((state / "accounts" / "grow.json").read_text()),
            "requests": len(entries),
            "requests_per_second": round(len(entries) / elapsed, 1),
            "errors": sum(1 for e in entries if "error" in e),
            "errors_by_page": dict(Counter(f"{e['name']}: {e['error'][:100]}" for e in entries if "error" in e).most_common(20)),
            "statuses": dict(Counter(str(e["status"]) for e in entries)),
            "pages": page_table(entries),
            "after_the_run": probe,
            "worker_restarts": len(worker.restarts),
            "machine": {"cores": os.cpu_count(), "load_average_1min_during_run": load.summary()},
        }
        result["ledger"] = check_ledger(env, run_out)
        if args.fault:
            result["outage"] = {"stopped_at": outage["down"], "started_again_at": outage["up"],
                                "seconds_down": round(outage["up"] - outage["down"], 1), "fault_at_seconds": args.fault_at}  # fmt: skip
            result["fault"] = fault_summary(entries, outage["down"], outage["up"])
            result["worker_restarts_at_seconds_after_restart"] = [round(t - outage["up"], 1) for t in worker.restarts]
        if args.keep:
            log(f"kept: {work}")
        return result
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
        if worker is not None:
            worker.stop()
        if pg.running():
            pg.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _outage(pg: Postgres, args: argparse.Namespace, outage: dict[str, float]) -> None:
    time.sleep(args.fault_at)
    log(f"stopping PostgreSQL (pg_ctl stop -m fast) for {args.outage_seconds} s")
    outage["down"] = time.time()
    pg.stop()
    time.sleep(args.outage_seconds)
    pg.start()
    outage["up"] = time.time()
    log(f"PostgreSQL is back after {outage['up'] - outage['down']:.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="10m", help="as locust spells it: 30s, 10m")
    parser.add_argument("--fault", action="store_true", help="stop PostgreSQL during the run; results in bench/out/faults.json")
    parser.add_argument("--fault-at", type=float, default=None, help="seconds into the run (default: halfway)")
    parser.add_argument("--outage-seconds", type=float, default=10)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--grow-args", nargs=argparse.REMAINDER, default=[], help="passed on to grow.py (must come last)")
    parser.add_argument("--state", default="/tmp/pb-load", help="the grown cluster and its accounts, kept between runs")
    parser.add_argument("--rebuild", action="store_true", help="grow the province again")
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT_TEST", "55470")))
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: deploy/gunicorn.conf.py's)")
    parser.add_argument("--keep", action="store_true", help="keep this run's folder (logs, requests.jsonl, ledger.jsonl)")
    parser.add_argument("--out", type=Path, default=None, help="default: bench/out/load.json, or faults.json with --fault")
    args = parser.parse_args(argv)
    if args.fault and args.fault_at is None:
        args.fault_at = seconds_of(args.run_time) / 2
    result = run(args)
    target = args.out or OUT / ("faults.json" if args.fault else "load.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    log(f"results: {target}")
    print(json.dumps({k: result[k] for k in ("requests", "errors", "statuses", "ledger")}, indent=1))
    if args.fault:
        print(json.dumps(result["fault"], indent=1))
    sys.exit(0)


if __name__ == "__main__":
    main()
