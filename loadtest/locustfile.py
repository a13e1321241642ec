"""Citizens browsing the cabinet and asking for statements (issue 7, bounded load test; docs/performance.md).

Each virtual citizen has a logged-in cabinet session (loadtest/prepare.py) and, between pauses of 1–3 s,
opens the public page, the dashboard (status, arrears, 36-month timeline), the list of statements and one
statement, or asks for a new statement: the form, the SMS code (read from the file SMS backend) and the
confirmation, then follows the progress page's JSON every 1.5 s (as static/js/progress.js) until the statement is ready (R8). The time from
confirmation to a ready statement is written to var/loadtest/ready-times.json (it is the worker's time,
not a web response, so it is kept out of the HTTP percentiles).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
import time
from pathlib import Path

from locust import HttpUser, between, events, task

VAR = Path(os.environ.get("LOADTEST_DIR", Path(__file__).resolve().parents[1] / "var" / "loadtest"))
SESSIONS = json.loads((VAR / "sessions.json").read_text())
OUTBOX = VAR / "sms-outbox.jsonl"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATEMENT_LINK = re.compile(r'href="(/cabinet/statements/ST-[^"/]+/)"')
_citizens = itertools.cycle(SESSIONS["citizens"])
_lock = threading.Lock()
ready_times: list[float] = []
unfinished: list[str] = []


def sms_code(phone: str) -> str | None:
    """The newest 6-digit code sent to this citizen's phone (the file backend appends one JSON per line)."""
    with open(OUTBOX, "rb") as fh:
        fh.seek(max(0, OUTBOX.stat().st_size - 256 * 1024))
        lines = fh.read().decode("utf-8", "ignore").splitlines()
    for line in reversed(lines):
        if phone in line:
            message = json.loads(line)
            found = re.search(r"\b(\d{6})\b", message["text"])
            return found.group(1) if found else None
    return None


class Citizen(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            citizen = next(_citizens)
        self.phone = citizen["phone"]
        self.client.cookies.set(SESSIONS["cookie"], citizen["key"])
        self.client.headers["Accept-Language"] = "en"

    @task(3)
    def home(self):
        self.client.get("/", name="/ (service passport)")

    @task(5)
    def dashboard(self):
        self.client.get("/cabinet/", name="/cabinet/ (dashboard)")

    @task(2)
    def statements(self):
        page = self.client.get("/cabinet/statements/", name="/cabinet/statements/")
        links = STATEMENT_LINK.findall(page.text or "")
        if links:
            self.client.get(links[0], name="/cabinet/statements/[number]/")

    @task(1)
    def request_statement(self):
        form = self.client.get("/cabinet/requests/new/", name="/cabinet/requests/new/")
        token = CSRF.search(form.text or "")
        if not token:
            return
        data = {"csrfmiddlewaretoken": token.group(1), "consent": "on", "scope": "last12", "language": "en",
                "method": "otp"}  # fmt: skip
        confirm = self.client.post("/cabinet/requests/new/", data, name="/cabinet/requests/new/ (send)")
        token = CSRF.search(confirm.text or "")
        code = sms_code(self.phone)
        if not token or not code:
            events.request.fire(request_type="FLOW", name="SMS code", response_time=0, response_length=0,
                                exception=RuntimeError("no SMS code"), context={})  # fmt: skip
            return
        with self.client.post(
            "/cabinet/requests/new/confirm/",
            {"csrfmiddlewaretoken": token.group(1), "code": code},
            name="/cabinet/requests/new/confirm/",
            catch_response=True,
        ) as response:
            if "/cabinet/requests/" not in response.url or response.url.endswith("/confirm/"):
                response.failure("the request was not accepted")
                return
        confirmed, status_url = time.time(), response.url.rstrip("/") + "/status.json"
        for _ in range(40):
            progress = self.client.get(status_url, name="/cabinet/requests/[id]/status.json").json()
            if progress.get("finished"):
                ready_times.append(time.time() - confirmed)
                return
            time.sleep(1.5)  # as static/js/progress.js does
        unfinished.append(status_url)


@events.test_stop.add_listener
def save_ready_times(environment, **kwargs):
    (VAR / "ready-times.json").write_text(json.dumps({"ready": ready_times, "unfinished": unfinished}))
