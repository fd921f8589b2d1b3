"""The personas' real journeys, for locust (started by bench/load/run.py; 127.0.0.1 only).

Each simulated user signs in as an account of its own from users.json (bench/load/grow.py),
with its authenticator code when the account has one, and works in the pages as a person
does, in Vietnamese:

- a cell secretary: the dashboard, the cell's members, a member's page, the attendance of
  the meeting held today (saved), the month's dues collection (a payment saved);
- a member: their own record, dues and meetings;
- a commune officer: the dashboard and its attention list, the member list and search,
  members' pages, the report of missing meetings, the arrears, an Excel import of new
  members (upload, check, confirm), and a payment recorded through the API with a token;
- a province officer: the dashboard, the organization tree, member search over the whole
  province, the dues report, the missing meetings.

Every request goes into requests.jsonl (time, page, status, what the client made of it);
every write the client saw succeed goes into ledger.jsonl with what identifies it, so that
bench/load/run.py can check afterwards that the database holds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import random
import re
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

OUT = Path(os.environ.get("LOAD_OUT", Path(__file__).resolve().parent.parent / "out" / "load"))
USERS = json.loads((OUT / "users.json").read_text())
SEARCHES = ["nguyen van", "tran thi h", "le", "pham minh", "hoang", "vu thi", "dang", "bui van t", "do", "ngo", "anh", "hung", "lan"]
MEMBER_LINK = re.compile(r'href="/members/(\d+)/"')
ORG_LINK = re.compile(r'href="/organizations/(\d+)/"')

_log = (OUT / "requests.jsonl").open("a", buffering=1)
_ledger = (OUT / "ledger.jsonl").open("a", buffering=1)


@events.request.add_listener
def _record(
    request_type: str, name: str, response_time: float, response: Any, context: dict[str, Any], exception: Any, start_time: float, **_: Any
) -> None:
    status = getattr(response, "status_code", 0) or 0
    entry = {"t": round(start_time, 3), "name": name, "ms": round(response_time, 1), "status": status, "write": bool(context.get("write"))}
    if exception is not None:
        entry["error"] = str(exception)[:200]
    if status == 503:
        entry["unavailable_ok"] = _unavailable_answer(response, name)
    _log.write(json.dumps(entry) + "\n")


@events.user_error.add_listener
def _task_error(user_instance: Any, exception: Exception, tb: Any, **_: Any) -> None:
    """A journey that broke in the client (a page not as expected): an error of the run too."""
    entry = {"t": round(time.time(), 3), "name": f"task of {type(user_instance).__name__}", "ms": 0.0, "status": 0, "write": False}
    _log.write(json.dumps({**entry, "task_error": True, "error": f"{type(exception).__name__}: {exception}"[:200]}) + "\n")


def _unavailable_answer(response: Any, name: str) -> bool:
    """The 503 says what happened: Retry-After, and the page or the JSON detail."""
    if not response.headers.get("Retry-After"):
        return False
    if name.startswith("api:"):
        try:
            return "detail" in response.json()
        except ValueError:
            return False
    return 'data-testid="unavailable"' in response.text


def ledger(kind: str, **what: Any) -> None:
    _ledger.write(json.dumps({"kind": kind, "t": round(time.time(), 3), **what}) + "\n")


def totp(key_hex: str, at: float | None = None) -> str:
    """RFC 6238, as django-otp's TOTPDevice checks it: SHA-1, 30 s steps, 6 digits."""
    counter = int((at or time.time()) // 30)
    mac = hmac.new(bytes.fromhex(key_hex), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(int.from_bytes(mac[offset : offset + 4], 'big') & 0x7FFFFFFF) % 10**6:06d}"


class Forms(HTMLParser):
    """The forms of a page as a browser would submit them: action, and the fields' values
    (checked radios and boxes only, selected options)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {}, "files": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "file":
                self.forms[-1]["files"].append(a["name"])
            elif kind not in ("radio", "checkbox", "submit", "button") or "checked" in a:
                fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            fields[a["name"]] = ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and ("selected" in a or self._select not in fields):
            fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None

    def posting_to(self, suffix: str) -> dict[str, Any]:
        for form in self.forms:
            if form["method"] == "post" and form["action"].endswith(suffix):
                return form
        raise LookupError(f"no form posting to …{suffix}")

    def having(self, field: str) -> dict[str, Any]:
        for form in self.forms:
            if field in form["fields"] or field in form["files"]:
                return form
        raise LookupError(f"no form with the field {field}")


class Persona(HttpUser):
    abstract = True
    persona = ""
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.client.headers["Accept-Language"] = "vi"
        # One connection per request, as gunicorn sees them behind nginx (deploy/nginx.conf):
        # a connection kept idle through the think time races gunicorn's 2 s keep-alive.
        self.client.headers["Connection"] = "close"
        self.account = _take(self.persona)
        self.signed_in = False
        self.sign_in()

    # --- helpers ---------------------------------------------------------------------

    def page(self, url: str, name: str) -> Any:
        """A GET that must answer 200. A redirect to the sign-in page is a lost session: a
        failure, and the user signs in again, as a person would."""
        if not self.signed_in:
            self.sign_in()
        return self._get(url, name)

    def _get(self, url: str, name: str) -> Any:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            location = urlparse(response.headers.get("Location", "")).path
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"{response.status_code} {location} {_no_answer(response)}")
                if location.startswith("/accounts/login/"):
                    self.signed_in = False
        return response

    def post(self, url: str, data: dict[str, Any], name: str, expect: str, **kwargs: Any) -> Any:
        """A POST that must redirect to `expect` (the form saved); anything else is a failure."""
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True, context={"write": True}, **kwargs
        ) as response:
            location = urlparse(response.headers.get("Location", "")).path
            if response.status_code == 302 and location.startswith(expect):
                response.success()
            else:
                response.failure(f"{response.status_code} {location} {_first_error(response.text)} {_no_answer(response)}")
                if location.startswith("/accounts/login/") and not name.startswith("sign in"):
                    self.signed_in = False
        return response

    def sign_in(self) -> None:
        """The password, then the authenticator's code when the account has one. A sign-in
        cut short (the service unavailable at one step) starts again from the beginning."""
        self.client.cookies.clear()
        response = self._get("/accounts/login/", "sign in (form)")
        if response.status_code != 200:
            return
        form = Forms(response.text).having("password")
        data = {**form["fields"], "username": self.account["username"], "password": self.account["password"]}
        response = self.post("/accounts/login/", data, "sign in (password)", "/")
        if response.status_code != 302:
            return
        target = response.headers["Location"]
        if urlparse(target).path.startswith("/accounts/login/code/"):
            code_form = self._get(target, "sign in (code form)")
            if code_form.status_code != 200:
                return
            form = Forms(code_form.text).having("code")
            response = self.post(target, {**form["fields"], "code": totp(self.account["totp_key"])}, "sign in (code)", "/")
            if response.status_code != 302 or urlparse(response.headers["Location"]).path.startswith("/accounts/login/"):
                return
        self.signed_in = True

    def member_page_from(self, html: str) -> None:
        ids = MEMBER_LINK.findall(html)
        if ids:
            self.page(f"/members/{random.choice(ids)}/", "member page")


def _retry_after(response: Any) -> float:
    try:
        return min(30.0, float(response.headers.get("Retry-After", "10")))
    except ValueError:
        return 10.0


def _no_answer(response: Any) -> str:
    """Why there was no HTTP answer at all (the connection refused or cut)."""
    return repr(response.error)[:160] if response.status_code == 0 and getattr(response, "error", None) else ""


def _first_error(html: str) -> str:
    found = re.search(r'class="errorlist[^"]*"[^>]*>(.{0,200})', html or "", re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip()[:160] if found else ""


_taken: dict[str, int] = {}


def _take(persona: str) -> dict[str, Any]:
    """The next unused account of the persona (one simulated user per account)."""
    accounts = [a for a in USERS if a["persona"] == persona]
    n = _taken.get(persona, 0)
    _taken[persona] = n + 1
    if n >= len(accounts):
        raise RuntimeError(f"more {persona} users than accounts in users.json ({len(accounts)})")
    return accounts[n]


def _this_month() -> tuple[int, int]:
    today = dt.date.today()
    return today.year, today.month


class CellSecretary(Persona):
    persona = "cell_secretary"
    fixed_count = sum(1 for a in USERS if a["persona"] == "cell_secretary")

    def on_start(self) -> None:
        super().on_start()
        self.saves = 0

    @task(3)
    def dashboard(self) -> None:
        self.page("/", "dashboard")
        self.page("/members/attention/", "dashboard: attention list")

    @task(2)
    def cell_members(self) -> None:
        response = self.page(f"/members/?within={self.account['cell']}", "member list")
        self.member_page_from(response.text)

    @task(2)
    def attendance(self) -> None:
        url = f"/meetings/{self.account['meeting']}/attendance/"
        response = self.page(url, "meeting attendance (form)")
        if response.status_code != 200:
            return
        form = Forms(response.text).having("version")
        fields = dict(form["fields"])
        marks = sorted(k for k in fields if k.startswith("c_"))
        self.saves += 1
        value = self.saves % 100
        fields[marks[0]] = str(value)  # the first member's contributions: what the ledger checks
        time.sleep(random.uniform(2, 5))  # marking who came
        what = {"meeting": self.account["meeting"], "member": int(marks[0][2:]), "contributions": value, "n": self.saves}
        ledger("attendance-sent", **what)  # before sending: the run may end while it is in flight
        saved = self.post(url, fields, "meeting attendance (save)", f"/meetings/{self.account['meeting']}/")
        if saved.status_code == 302:
            ledger("attendance", **what, version=int(fields["version"]))
            self.page(f"/meetings/{self.account['meeting']}/", "meeting page")

    @task(2)
    def dues_collection(self) -> None:
        year, month = _this_month()
        url = f"/dues/collect/{self.account['cell']}/{year}/{month}/"
        response = self.page(url, "dues collection (form)")
        if response.status_code != 200:
            return
        form = Forms(response.text).having("submission")
        fields = dict(form["fields"])
        charges = [k for k in fields if k.startswith("pay_")]
        charge = random.choice(charges)
        amount = random.choice([2_000, 5_000, 10_000, 20_000])
        fields[charge] = str(amount)
        time.sleep(random.uniform(1, 3))  # typing the amount
        saved = self.post(url, fields, "dues collection (save)", url)
        for _again in range(3):  # "not saved, try again in a moment": the same form again
            if saved.status_code != 503:
                break
            time.sleep(_retry_after(saved))
            saved = self.post(url, fields, "dues collection (save, sent again)", url)
        if saved.status_code == 302:
            ledger("payment", submission=fields["submission"], charge=int(charge[4:]), amount=amount)
            self.page(url, "dues collection (form)")

    @task(1)
    def meeting(self) -> None:
        self.page(f"/meetings/{self.account['meeting']}/", "meeting page")


class Member(Persona):
    persona = "member"
    fixed_count = sum(1 for a in USERS if a["persona"] == "member")

    @task(2)
    def my_record(self) -> None:
        self.page("/members/me/", "my record")

    @task(2)
    def my_dues(self) -> None:
        self.page("/dues/me/", "my dues")

    @task(2)
    def my_meetings(self) -> None:
        self.page("/meetings/mine/", "my meetings")

    @task(1)
    def dashboard(self) -> None:
        self.page("/", "dashboard")


class Officer(Persona):
    abstract = True

    @task(3)
    def dashboard(self) -> None:
        self.page("/", "dashboard")
        self.page("/members/attention/", "dashboard: attention list")

    @task(2)
    def member_list(self) -> None:
        response = self.page("/members/", "member list")
        self.member_page_from(response.text)
        if random.random() < 0.3:
            self.page("/members/?page=2", "member list")

    @task(3)
    def search(self) -> None:
        response = self.page(f"/members/?q={random.choice(SEARCHES).replace(' ', '+')}", "member search")
        self.member_page_from(response.text)

    @task(1)
    def missing_meetings(self) -> None:
        self.page("/meetings/missing/", "meetings: missing report")

    def api(self, method: str, path: str, name: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.account['token']}"}
        with self.client.request(method, path, name=name, headers=headers, catch_response=True, **kwargs) as response:
            if response.status_code in (200, 201):
                response.success()
            else:
                response.failure(f"{response.status_code} {response.text[:160]} {_no_answer(response)}")
        return response


class CommuneOfficer(Officer):
    persona = "commune_officer"
    fixed_count = sum(1 for a in USERS if a["persona"] == "commune_officer")

    def on_start(self) -> None:
        super().on_start()
        self.files = list(self.account.get("imports", []))
        self.owing: list[int] = []

    @task(1)
    def arrears(self) -> None:
        self.page("/dues/", "dues: arrears")

    @task(2)
    def payment_through_the_api(self) -> None:
        """A collection script: it reads who owes now and then, and records payments; a 503
        is sent again after Retry-After, up to three times (the same submission records once)."""
        if not self.owing or random.random() < 0.2:
            owing = self.api("GET", f"/api/dues/arrears/{self.account['org']}", "api: arrears")
            if owing.status_code == 200:
                self.owing = [row["member_id"] for row in owing.json()["items"]]  # one page of the list
        if not self.owing:
            return
        member = random.choice(self.owing)
        year, month = _this_month()
        submission, amount = str(uuid.uuid4()), random.choice([3_000, 7_000, 15_000])
        body = {"payments": [{"member_id": member, "month": f"{year}-{month:02d}-01", "amount": amount}], "submission": submission}
        saved = self.api("POST", "/api/dues/payments", "api: dues payment", json=body, context={"write": True})
        for _again in range(3):
            if saved.status_code != 503:
                break
            time.sleep(_retry_after(saved))
            saved = self.api("POST", "/api/dues/payments", "api: dues payment (sent again)", json=body, context={"write": True})
        if saved.status_code == 201:
            ledger("payment", submission=submission, member=member, amount=amount)

    @task(1)
    def member_import(self) -> None:
        """Upload a file, wait for the check, confirm, wait for the import (each file once)."""
        if not self.files:
            return
        start = self.page("/members/import/", "import (form)")
        if start.status_code != 200:
            return
        upload = self.files.pop(0)
        form = Forms(start.text).having("file")
        with open(upload["path"], "rb") as handle:
            files = {"file": (Path(upload["path"]).name, handle, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
            started = self.post("/members/import/", form["fields"], "import (upload)", "/members/import/", files=files)
        if started.status_code != 302:
            return
        job = urlparse(started.headers["Location"]).path
        if self.wait_for(job, "ready") != "ready":
            return
        page = self.page(job, "import (job page)")
        if page.status_code != 200:
            return
        confirmed = self.post(f"{job}confirm/", Forms(page.text).posting_to("confirm/")["fields"], "import (confirm)", job)
        if confirmed.status_code == 302 and self.wait_for(job, "done") == "done":
            ledger("import", citizen_ids=upload["citizen_ids"])

    def wait_for(self, job: str, status: str, seconds: float = 90) -> str:
        """Poll the job's status as the page does (every second), for at most `seconds`."""
        deadline, seen = time.monotonic() + seconds, ""
        while time.monotonic() < deadline:
            response = self.page(f"{job}status/", "import (status)")
            found = re.search(r'data-status="(\w+)"', response.text or "")
            seen = found.group(1) if found else ""
            if seen == status or seen in ("rejected", "failed", "cancelled"):
                break
            time.sleep(1)
        if seen != status:
            self.environment.events.request.fire(  # one failure for the journey, with what was seen
                request_type="JOB", name="import (outcome)", response_time=0, response_length=0, response=None,
                context={}, exception=RuntimeError(f"import ended {seen or 'unseen'}, waited for {status}"), start_time=time.time(), url=job,
            )  # fmt: skip
        return seen


class ProvinceOfficer(Officer):
    persona = "province_officer"
    fixed_count = sum(1 for a in USERS if a["persona"] == "province_officer")

    @task(2)
    def organization_tree(self) -> None:
        response = self.page("/organizations/", "organization tree")
        ids = ORG_LINK.findall(response.text)
        if ids:
            self.page(f"/organizations/{random.choice(ids)}/", "organization page")

    @task(1)
    def dues_report(self) -> None:
        self.page("/dues/report/", "dues: report")
